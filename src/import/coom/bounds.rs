//! Ranges of `num` features written without one, derived from an unconditional `imply` that
//! fixes them: the feature equals the formula, so the formula's range loses no configuration.

use super::ast::{ArithOp, Card, ExprKind, FieldType, Model, Stmt, StmtKind};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// (structure, feature) → the whole-number range its implying formula can take.
pub fn derive(m: &Model) -> HashMap<(String, String), (i64, i64)> {
    let mut out = HashMap::new();
    for b in &m.behaviors {
        let ctx = b
            .context
            .as_ref()
            .map(|n| n.text.clone())
            .unwrap_or_default();
        for s in &b.stmts {
            imply(m, &ctx, s, &mut out);
        }
    }
    out
}

fn imply(m: &Model, ctx: &str, s: &Stmt, out: &mut HashMap<(String, String), (i64, i64)>) {
    let StmtKind::Imply(p, f) = &s.kind else {
        return;
    };
    if !s.conditions.is_empty() || p.items.len() != 1 || p.items[0].index.is_some() {
        return;
    }
    let name = &p.items[0].name.text;
    let Some(st) = m.structures.iter().find(|x| x.name.text == ctx) else {
        return;
    };
    let open = st.features.iter().any(|fd| {
        &fd.name.text == name
            && single(fd.card)
            && matches!(fd.ty, FieldType::Num { range: None, .. })
    });
    if !open {
        return;
    }
    let Some((lo, hi)) = range(m, ctx, f, 0) else {
        return;
    };
    let int = |d: Decimal| -> Option<i64> {
        d.fract()
            .is_zero()
            .then(|| i64::try_from(d.trunc()).ok())
            .flatten()
    };
    if let (Some(a), Some(b)) = (int(lo.ceil()), int(hi.floor())) {
        if a <= b {
            out.entry((ctx.to_string(), name.clone())).or_insert((a, b));
        }
    }
}

fn single(c: Option<Card>) -> bool {
    c.is_none_or(|c| c.min == 1 && c.max == Some(1))
}

/// The range of a formula over always-defined parts (1..1 features only); None otherwise.
fn range(m: &Model, ctx: &str, e: &super::ast::Expr, depth: usize) -> Option<(Decimal, Decimal)> {
    if depth > 64 {
        return None;
    }
    match &e.kind {
        ExprKind::Num(d) => Some((*d, *d)),
        ExprKind::Neg(a) => range(m, ctx, a, depth + 1).map(|(l, h)| (-h, -l)),
        ExprKind::Arith(op, a, b) => {
            let (x, y) = (range(m, ctx, a, depth + 1)?, range(m, ctx, b, depth + 1)?);
            match op {
                ArithOp::Add => Some((x.0.checked_add(y.0)?, x.1.checked_add(y.1)?)),
                ArithOp::Sub => Some((x.0.checked_sub(y.1)?, x.1.checked_sub(y.0)?)),
                ArithOp::Mul if x.0 == x.1 || y.0 == y.1 => {
                    let c = [
                        x.0.checked_mul(y.0)?,
                        x.0.checked_mul(y.1)?,
                        x.1.checked_mul(y.0)?,
                        x.1.checked_mul(y.1)?,
                    ];
                    Some((*c.iter().min()?, *c.iter().max()?))
                }
                _ => None,
            }
        }
        ExprKind::Path(p) => {
            let mut st = ctx.to_string();
            let items = &p.items;
            for (i, item) in items.iter().enumerate() {
                let s = m.structures.iter().find(|x| x.name.text == st)?;
                let fd = s.features.iter().find(|f| f.name.text == item.name.text)?;
                if !single(fd.card) {
                    return None;
                }
                match &fd.ty {
                    FieldType::Num { range: Some(r), .. } if i + 1 == items.len() => {
                        return Some(*r)
                    }
                    FieldType::Named(t) => {
                        if let Some(en) = m.enumerations.iter().find(|x| x.name.text == t.text) {
                            // `feature.attribute`: the attribute's extremes over the options.
                            let attr = items.get(i + 1)?;
                            if i + 2 != items.len() {
                                return None;
                            }
                            let a = en
                                .attributes
                                .iter()
                                .position(|x| x.name.text == attr.name.text)?;
                            if !en.attributes[a].numeric {
                                return None;
                            }
                            let vals: Vec<Decimal> = en
                                .options
                                .iter()
                                .map(|o| match o.values.get(a) {
                                    Some(super::ast::Const::Num(d, _)) => Some(*d),
                                    _ => None,
                                })
                                .collect::<Option<Vec<_>>>()?;
                            return Some((*vals.iter().min()?, *vals.iter().max()?));
                        }
                        st = t.text.clone();
                    }
                    _ => return None,
                }
            }
            None
        }
        _ => None,
    }
}
