//! COOM formulas to tailor rule text. Conditions follow COOM's reading (a comparison with an
//! undefined side is not satisfied); what a requirement reads is collected so the caller can
//! guard it ("a requirement with an undefined side is not violated").

use super::ast::{ArithOp, CmpOp, Expr, ExprKind, Model};
use super::resolve::{feature_path, leaf_of, node_path, resolve, seg, End, Resolved};
use super::tree::{LeafKind, NodeCard, Tree};
use crate::diagnostic::Diagnostics;
use crate::source::Span;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// A linear sum of atoms (paths, count(), sum(), if-then-else) in tailor's spelling.
#[derive(Debug, Clone, Default)]
pub struct Lin {
    pub terms: Vec<(Decimal, String)>,
    pub k: Decimal,
}

impl Lin {
    fn atom(s: String) -> Lin {
        Lin {
            terms: vec![(Decimal::ONE, s)],
            k: Decimal::ZERO,
        }
    }

    fn scale(mut self, f: Decimal) -> Option<Lin> {
        for t in &mut self.terms {
            t.0 = t.0.checked_mul(f)?;
        }
        self.k = self.k.checked_mul(f)?;
        Some(self)
    }

    fn plus(mut self, o: Lin) -> Option<Lin> {
        self.terms.extend(o.terms);
        self.k = self.k.checked_add(o.k)?;
        Some(self)
    }

    pub fn text(&self) -> String {
        let mut s = String::new();
        for (c, a) in &self.terms {
            let c = c.normalize();
            if c.is_zero() {
                continue;
            }
            let neg = c.is_sign_negative();
            let mag = c.abs();
            if s.is_empty() {
                if neg {
                    s.push('-');
                }
            } else {
                s.push_str(if neg { " - " } else { " + " });
            }
            if mag == Decimal::ONE {
                s.push_str(a);
            } else {
                s.push_str(&format!("{mag} * {a}"));
            }
        }
        let k = self.k.normalize();
        if s.is_empty() {
            return k.to_string();
        }
        if !k.is_zero() {
            s.push_str(if k.is_sign_negative() { " - " } else { " + " });
            s.push_str(&k.abs().to_string());
        }
        s
    }

    /// The path of a lone int feature (`x`, not `2 * x + 1`).
    pub fn single(&self) -> Option<&str> {
        match self.terms.as_slice() {
            [(c, a)] if *c == Decimal::ONE && self.k.is_zero() => Some(a),
            _ => None,
        }
    }
}

/// A translated formula.
#[derive(Debug, Clone)]
pub enum Val {
    /// A condition, in tailor's reading (absent sides make comparisons false).
    Bool(String),
    Num(Lin, Option<IntLeaf>),
    /// A one_of feature of an enumeration; `guard` makes it defined.
    Enum {
        path: String,
        e: usize,
        guard: Vec<String>,
    },
    /// A `Bool` feature.
    Flag {
        path: String,
        guard: Vec<String>,
    },
    /// A non-numeric attribute of an enumeration feature (`path` is the feature).
    Sym {
        path: String,
        e: usize,
        attr: usize,
        guard: Vec<String>,
    },
    /// A name that is no path here: an option or `True`/`False`.
    Name(String, Span),
}

/// The range of a lone int feature, for table cells.
#[derive(Debug, Clone, Copy)]
pub struct IntLeaf {
    pub min: i64,
    pub max: i64,
}

pub struct Cx<'a> {
    pub t: &'a Tree,
    pub m: &'a Model,
    pub ctx: usize,
    /// Instances of the context's levels named explicitly (see `Tr::bindings`).
    pub bind: Vec<(usize, u32)>,
    pub diags: &'a mut Diagnostics,
    /// Paths read directly (not under count/sum), for the instance checks.
    pub occs: Vec<(Resolved, Span)>,
    /// Paths under count()/sum().
    pub aggs: Vec<(Resolved, Span)>,
    /// What must be present for the formulas translated since the last reset to be defined.
    pub guards: BTreeSet<String>,
    /// Inside a combinations table: unknown options match nothing (with a warning).
    pub lenient: bool,
}

impl<'a> Cx<'a> {
    fn err<T>(&mut self, span: Span, msg: String) -> Option<T> {
        self.diags.error(span, msg);
        None
    }

    /// Presence conditions for a resolved path: optional components and named instances on it.
    pub fn guards_of(&self, r: &Resolved) -> Vec<String> {
        let mut g = Vec::new();
        for (i, &(n, idx)) in r.steps.iter().enumerate() {
            let need = match self.t.nodes[n].card {
                NodeCard::Optional => true,
                NodeCard::Multi(..) => idx.is_some(),
                _ => false,
            };
            if need {
                g.push(node_path(self.t, &r.steps[..=i]));
            }
        }
        g
    }

    fn read(&mut self, r: &Resolved, span: Span) -> Vec<String> {
        let g = self.guards_of(r);
        self.guards.extend(g.iter().cloned());
        self.occs.push((r.clone(), span));
        g
    }

    pub fn val(&mut self, e: &Expr) -> Option<Val> {
        match &e.kind {
            ExprKind::Num(d) => Some(Val::Num(
                Lin {
                    terms: Vec::new(),
                    k: *d,
                },
                None,
            )),
            ExprKind::Bool(b) => Some(Val::Bool(b.to_string())),
            ExprKind::Path(p) => {
                let r = match resolve(self.t, self.m, self.ctx, &self.bind, p) {
                    Ok(r) => r,
                    Err(d) => {
                        if p.items.len() == 1 && p.items[0].index.is_none() {
                            return Some(Val::Name(p.items[0].name.text.clone(), p.span));
                        }
                        self.diags.push(d);
                        return None;
                    }
                };
                let guard = self.read(&r, p.span);
                self.place(&r, guard, p.span)
            }
            ExprKind::Aggregate(f, p) => self.aggregate(f, p, e.span),
            ExprKind::Function(f) => self.err(e.span, format!("function `{f}` is not supported: tailor's arithmetic is integer-linear (+, -, and * by a constant)")),
            ExprKind::Neg(a) => {
                let x = self.num(a)?;
                self.scaled(x, -Decimal::ONE, e.span)
            }
            ExprKind::Arith(op, a, b) => {
                let (x, y) = (self.num(a)?, self.num(b)?);
                let r = match op {
                    ArithOp::Add => x.plus(y),
                    ArithOp::Sub => y.scale(-Decimal::ONE).and_then(|y| x.plus(y)),
                    ArithOp::Mul if y.terms.is_empty() => x.scale(y.k),
                    ArithOp::Mul if x.terms.is_empty() => y.scale(x.k),
                    // A product of two variables is one term: tailor encodes it as a circuit.
                    ArithOp::Mul => Some(Lin::atom(format!("(({}) * ({}))", x.text(), y.text()))),
                    ArithOp::Div => {
                        return self.err(e.span, "division `/` is not imported: COOM divides exactly, while tailor's `/` rounds to a whole number".into())
                    }
                    ArithOp::Pow => {
                        return self.err(e.span, "power `^` is not supported: tailor's arithmetic is integer-linear".into())
                    }
                };
                match r {
                    Some(l) => Some(Val::Num(l, None)),
                    None => self.err(e.span, "number too large".into()),
                }
            }
            ExprKind::Not(a) => {
                let s = self.cond(a)?;
                Some(Val::Bool(format!("not {s}")))
            }
            ExprKind::And(..) | ExprKind::Or(..) => {
                // A chain `a && b && c` (a left spine in the tree) becomes one flat conjunction.
                let and = matches!(e.kind, ExprKind::And(..));
                let mut operands = Vec::new();
                let mut cur = e;
                loop {
                    match (&cur.kind, and) {
                        (ExprKind::And(l, r), true) | (ExprKind::Or(l, r), false) => {
                            operands.push(r.as_ref());
                            cur = l;
                        }
                        _ => {
                            operands.push(cur);
                            break;
                        }
                    }
                }
                operands.reverse();
                let texts: Vec<Option<String>> = operands.iter().map(|x| self.cond(x)).collect();
                let texts = texts.into_iter().collect::<Option<Vec<_>>>()?;
                let word = if and { " and " } else { " or " };
                Some(Val::Bool(format!("({})", texts.join(word))))
            }
            ExprKind::Cmp(first, rest) => {
                let mut left = self.val(first)?;
                let mut parts = Vec::new();
                for (op, r) in rest {
                    let right = self.val(r)?;
                    parts.push(self.cmp(&left, *op, &right, e.span)?);
                    left = right;
                }
                Some(Val::Bool(if parts.len() == 1 {
                    parts.remove(0)
                } else {
                    format!("({})", parts.join(" and "))
                }))
            }
        }
    }

    fn scaled(&mut self, x: Lin, f: Decimal, span: Span) -> Option<Val> {
        match x.scale(f) {
            Some(l) => Some(Val::Num(l, None)),
            None => self.err(span, "number too large".into()),
        }
    }

    /// The value a resolved (directly read) path stands for.
    fn place(&mut self, r: &Resolved, guard: Vec<String>, span: Span) -> Option<Val> {
        let t = self.t;
        if let Some((n, l)) = leaf_of(t, r) {
            let path = feature_path(t, r)?;
            return Some(match t.nodes[n].leaves[l].kind {
                LeafKind::Enum(e) => Val::Enum { path, e, guard },
                LeafKind::Bool => Val::Flag { path, guard },
                LeafKind::Int(min, max) => Val::Num(Lin::atom(path), Some(IntLeaf { min, max })),
            });
        }
        match r.end {
            End::Attr(n, l, a) => {
                let leaf = if t.nodes[n].wrapper { 0 } else { l };
                let LeafKind::Enum(e) = t.nodes[n].leaves[leaf].kind else {
                    return None;
                };
                let path = feature_path(t, r)?;
                let attr = &self.m.enumerations[e].attributes[a];
                if attr.numeric {
                    Some(Val::Num(
                        Lin::atom(format!("{path}.{}", seg(&attr.name.text))),
                        None,
                    ))
                } else {
                    Some(Val::Sym {
                        path,
                        e,
                        attr: a,
                        guard,
                    })
                }
            }
            _ => {
                let key = &t.nodes[r.node()].key;
                self.err(span, format!("`{key}` is a structure: compare one of its features, or use `count({key})`"))
            }
        }
    }

    fn num(&mut self, e: &Expr) -> Option<Lin> {
        match self.val(e)? {
            Val::Num(l, _) => Some(l),
            Val::Name(n, s) => self.err(s, format!("`{n}` is not a number, nor a numeric feature or attribute here")),
            _ => self.err(e.span, "not a number: arithmetic needs numeric features, numeric attributes, count() or sum()".into()),
        }
    }

    /// A formula used as a condition, in tailor's text.
    pub fn cond(&mut self, e: &Expr) -> Option<String> {
        match self.val(e)? {
            Val::Bool(s) => Some(s),
            Val::Flag { path, .. } => Some(path),
            Val::Name(n, s) => self.err(s, format!("unknown name `{n}`: not a feature here")),
            _ => self.err(e.span, "not a condition: compare it (`=`, `<`, ...)".into()),
        }
    }

    fn aggregate(&mut self, f: &str, p: &super::ast::Path, span: Span) -> Option<Val> {
        if f != "count" && f != "sum" {
            return self.err(
                span,
                format!("aggregate `{f}` is not supported: tailor has count() and sum()"),
            );
        }
        let r = match resolve(self.t, self.m, self.ctx, &self.bind, p) {
            Ok(r) => r,
            Err(d) => {
                self.diags.push(d);
                return None;
            }
        };
        let t = self.t;
        let ctx_chain = t.chain(self.ctx);
        // The innermost level with several instances; none (or the context's own) means the
        // aggregate ranges over a single object, which tailor reads directly.
        let own = r
            .steps
            .iter()
            .rev()
            .find(|(n, i)| t.is_multi(*n) && i.is_none())
            .map(|(n, _)| *n);
        let single = match own {
            None => true,
            Some(o) => r.relative && ctx_chain.contains(&o),
        };
        if f == "count" {
            if let End::Attr(..) = r.end {
                return self.err(
                    p.span,
                    "count() of an attribute: count components or features".into(),
                );
            }
            let upto = r
                .steps
                .iter()
                .position(|(n, _)| *n == r.node())
                .map(|i| i + 1)
                .unwrap_or(0);
            if single {
                let g = self.guards_of(&r);
                if !g.is_empty() {
                    self.occs.push((r.clone(), p.span));
                }
                let text = if g.is_empty() {
                    return Some(Val::Num(
                        Lin {
                            terms: Vec::new(),
                            k: Decimal::ONE,
                        },
                        None,
                    ));
                } else {
                    format!("(if {} then 1 else 0)", g.join(" and "))
                };
                return Some(Val::Num(Lin::atom(text), None));
            }
            self.aggs.push((r.clone(), p.span));
            let path = node_path(t, &r.steps[..upto]);
            return Some(Val::Num(Lin::atom(format!("count({path})")), None));
        }
        // sum: of an int feature or a numeric attribute.
        let x = match (leaf_of(t, &r), r.end) {
            (Some((n, l)), _) if matches!(t.nodes[n].leaves[l].kind, LeafKind::Int(..)) => {
                feature_path(t, &r)?
            }
            (_, End::Attr(n, l, a)) => {
                let leaf = if t.nodes[n].wrapper { 0 } else { l };
                let LeafKind::Enum(e) = t.nodes[n].leaves[leaf].kind else {
                    return None;
                };
                let attr = &self.m.enumerations[e].attributes[a];
                if !attr.numeric {
                    return self.err(
                        p.span,
                        format!(
                            "sum() of `{}`, which is not a numeric attribute",
                            attr.name.text
                        ),
                    );
                }
                format!("{}.{}", feature_path(t, &r)?, seg(&attr.name.text))
            }
            _ => {
                return self.err(
                    p.span,
                    "sum() takes a numeric feature or a numeric attribute".into(),
                )
            }
        };
        if single {
            let g = self.guards_of(&r);
            self.occs.push((r.clone(), p.span));
            let text = if g.is_empty() {
                x
            } else {
                format!("(if {} then {x} else 0)", g.join(" and "))
            };
            return Some(Val::Num(Lin::atom(text), None));
        }
        self.aggs.push((r, p.span));
        Some(Val::Num(Lin::atom(format!("sum({x})")), None))
    }

    fn option_names(&self, e: usize) -> Vec<&'a str> {
        self.m.enumerations[e]
            .options
            .iter()
            .map(|o| o.name.text.as_str())
            .collect()
    }

    /// Options of `e` whose attribute `a` has the value `v`.
    fn with_attr(&self, e: usize, a: usize, v: &str) -> Vec<&'a str> {
        self.m.enumerations[e]
            .options
            .iter()
            .filter(|o| o.values.get(a).is_some_and(|c| const_text(c) == v))
            .map(|o| o.name.text.as_str())
            .collect()
    }

    fn attr_values(&self, e: usize, a: usize) -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        for o in &self.m.enumerations[e].options {
            if let Some(c) = o.values.get(a) {
                let s = const_text(c);
                if !v.contains(&s) {
                    v.push(s);
                }
            }
        }
        v
    }

    /// `a op b` in tailor's text, false when a side is undefined.
    pub fn cmp(&mut self, a: &Val, op: CmpOp, b: &Val, span: Span) -> Option<String> {
        use Val::*;
        let eq_ne = |me: &mut Self, op: CmpOp| -> Option<bool> {
            match op {
                CmpOp::Eq => Some(true),
                CmpOp::Ne => Some(false),
                _ => me.err(
                    span,
                    format!("`{}` compares names; only `=` and `!=` apply", op.text()),
                ),
            }
        };
        match (a, b) {
            (Num(x, _), Num(y, _)) => Some(format!("{} {} {}", x.text(), op.text(), y.text())),
            (Name(..), Enum { .. } | Flag { .. } | Sym { .. }) => {
                let op = match op {
                    CmpOp::Lt => CmpOp::Gt,
                    CmpOp::Gt => CmpOp::Lt,
                    CmpOp::Le => CmpOp::Ge,
                    CmpOp::Ge => CmpOp::Le,
                    o => o,
                };
                self.cmp(b, op, a, span)
            }
            (Enum { path, e, guard }, Name(v, vs)) => {
                let eq = eq_ne(self, op)?;
                if !self.option_names(*e).contains(&v.as_str()) {
                    let en = &self.m.enumerations[*e].name.text;
                    if !self.lenient {
                        return self.err(*vs, format!("`{v}` is not an option of enumeration `{en}`"));
                    }
                    self.diags.warning(*vs, format!("`{v}` is not an option of enumeration `{en}`: it matches nothing"));
                    return Some(if eq { "false".into() } else { guarded(guard, "true") });
                }
                Some(if eq {
                    format!("{path} = {}", seg(v))
                } else {
                    guarded(guard, &format!("{path} != {}", seg(v)))
                })
            }
            (Enum { path: p, e: e1, guard: g1 }, Enum { path: q, e: e2, guard: g2 }) => {
                let eq = eq_ne(self, op)?;
                let theirs = self.option_names(*e2);
                let common: Vec<String> = self
                    .option_names(*e1)
                    .into_iter()
                    .filter(|o| theirs.contains(o))
                    .map(|o| format!("({p} = {} and {q} = {})", seg(o), seg(o)))
                    .collect();
                let same = if common.is_empty() {
                    "false".to_string()
                } else {
                    format!("({})", common.join(" or "))
                };
                let g: Vec<String> = g1.iter().chain(g2).cloned().collect();
                Some(if eq {
                    same
                } else {
                    guarded(&g, &format!("not {same}"))
                })
            }
            (Flag { path, guard }, Name(v, vs)) => {
                let eq = eq_ne(self, op)?;
                let truth = match v.to_ascii_lowercase().as_str() {
                    "true" => true,
                    "false" => false,
                    _ => return self.err(*vs, format!("`{v}` is not `True` or `False`, the values of a Bool feature")),
                };
                Some(if eq == truth {
                    path.clone()
                } else {
                    guarded(guard, &format!("not {path}"))
                })
            }
            (Flag { path, guard }, Bool(s)) if s == "true" || s == "false" => {
                let name = Name(s.clone(), span);
                self.cmp(&Flag { path: path.clone(), guard: guard.clone() }, op, &name, span)
            }
            (Flag { path: p, guard: g1 }, Flag { path: q, guard: g2 }) => {
                let eq = eq_ne(self, op)?;
                let g: Vec<String> = g1.iter().chain(g2).cloned().collect();
                let iff = format!("({p} <-> {q})");
                Some(guarded(&g, &if eq { iff } else { format!("not {iff}") }))
            }
            (Sym { path, e, attr, guard }, Name(v, _)) => {
                let eq = eq_ne(self, op)?;
                let opts = self.with_attr(*e, *attr, v);
                let inset = in_set(path, &opts);
                Some(if eq { inset } else { guarded(guard, &format!("not {inset}")) })
            }
            (Sym { .. }, Enum { .. }) | (Enum { .. }, Sym { .. }) | (Sym { .. }, Sym { .. }) => {
                let eq = eq_ne(self, op)?;
                // Pair up the possible values of both sides.
                let values = |me: &Self, v: &Val| -> Vec<String> {
                    match v {
                        Sym { e, attr, .. } => me.attr_values(*e, *attr),
                        Enum { e, .. } => me.option_names(*e).into_iter().map(String::from).collect(),
                        _ => Vec::new(),
                    }
                };
                let test = |me: &Self, v: &Val, x: &str| -> String {
                    match v {
                        Sym { path, e, attr, .. } => in_set(path, &me.with_attr(*e, *attr, x)),
                        Enum { path, .. } => format!("{path} = {}", seg(x)),
                        _ => "false".into(),
                    }
                };
                let (va, vb) = (values(self, a), values(self, b));
                let parts: Vec<String> = va
                    .iter()
                    .filter(|x| vb.contains(x))
                    .map(|x| format!("({} and {})", test(self, a, x), test(self, b, x)))
                    .collect();
                let same = if parts.is_empty() { "false".into() } else { format!("({})", parts.join(" or ")) };
                if eq {
                    return Some(same);
                }
                let g: Vec<String> = [a, b]
                    .iter()
                    .flat_map(|v| match v {
                        Sym { guard, .. } | Enum { guard, .. } => guard.clone(),
                        _ => Vec::new(),
                    })
                    .collect();
                Some(guarded(&g, &format!("not {same}")))
            }
            (Name(x, s), Name(..)) => self.err(
                *s,
                format!("unknown name `{x}`: no feature here has this name (and the other side is no feature either)"),
            ),
            (Name(n, s), _) | (_, Name(n, s)) => self.err(*s, format!("unknown name `{n}`: not a feature here, and what it is compared with takes no names")),
            _ => self.err(span, "these two sides cannot be compared (a number with a name, a condition with a value, ...)".into()),
        }
    }
}

fn in_set(path: &str, opts: &[&str]) -> String {
    if opts.is_empty() {
        "false".into()
    } else {
        format!(
            "{path} in {{{}}}",
            opts.iter().map(|o| seg(o)).collect::<Vec<_>>().join(", ")
        )
    }
}

/// `s` when everything in `guard` is present.
pub fn guarded(guard: &[String], s: &str) -> String {
    if guard.is_empty() {
        s.to_string()
    } else {
        format!("({} and {s})", guard.join(" and "))
    }
}

/// An attribute value as a name (numbers in their shortest form).
pub fn const_text(c: &super::ast::Const) -> String {
    match c {
        super::ast::Const::Num(d, _) => d.normalize().to_string(),
        super::ast::Const::Name(n) => n.text.clone(),
    }
}
