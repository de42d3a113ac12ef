//! The ranges of Integer features' numbers: open on both sides (UVL gives none), narrowed by
//! the constraints that bound a number alone in every configuration (`Inch >= 12` as a whole
//! constraint or one of its top-level `&` parts). Only these narrow a range, so the range holds
//! in every valid configuration and no configuration is lost; what they leave open stays
//! open, and a product over an open number is refused (`open_product`): it has no 64-bit range.

use super::constraint::{CmpOp, Expr, Lin};
use super::tree::Tree;
use std::collections::HashMap;

/// The bounds of a number: None is open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Range {
    pub min: Option<i64>,
    pub max: Option<i64>,
}

impl Range {
    /// The catalog's `int` for this range: `{ int: { min: 12, max: 29 } }`, `{ int: {} }`.
    pub fn int_yaml(&self) -> String {
        let ends: Vec<String> = [("min", self.min), ("max", self.max)]
            .iter()
            .filter_map(|(k, v)| Some(format!("{k}: {}", (*v)?)))
            .collect();
        match ends.is_empty() {
            true => "{ int: {} }".to_string(),
            false => format!("{{ int: {{ {} }} }}", ends.join(", ")),
        }
    }
}

/// Each Integer feature's range, by feature index (features not listed are open).
pub fn ranges<'a>(
    tree: &Tree,
    constraints: impl IntoIterator<Item = &'a Expr>,
) -> HashMap<usize, Range> {
    let mut out: HashMap<usize, (Option<i128>, Option<i128>)> = HashMap::new();
    let mut parts = Vec::new();
    for c in constraints {
        conjuncts(c, &mut parts);
    }
    for l in parts {
        let Some((f, min, max)) = bound(tree, l) else {
            continue;
        };
        let r = out.entry(f).or_default();
        if let Some(m) = min {
            r.0 = Some(r.0.map_or(m, |x| x.max(m)));
        }
        if let Some(m) = max {
            r.1 = Some(r.1.map_or(m, |x| x.min(m)));
        }
    }
    let fits = |x: Option<i128>| x.and_then(|x| i64::try_from(x).ok());
    out.into_iter()
        .filter_map(|(f, (min, max))| {
            // An empty range is left to the solver, which names the rules that clash.
            if matches!((min, max), (Some(a), Some(b)) if a > b) {
                return None;
            }
            Some((
                f,
                Range {
                    min: fits(min),
                    max: fits(max),
                },
            ))
        })
        .collect()
}

/// The comparisons that hold in every configuration: the constraint, or its top-level `&` parts.
fn conjuncts<'a>(e: &'a Expr, out: &mut Vec<&'a Lin>) {
    match e {
        Expr::Lin(l) => out.push(l),
        Expr::And(xs) => xs.iter().for_each(|x| conjuncts(x, out)),
        _ => {}
    }
}

/// `k·N + c op 0` as bounds of Integer feature N's number: (feature, min, max).
fn bound(tree: &Tree, l: &Lin) -> Option<(usize, Option<i128>, Option<i128>)> {
    let [(vars, k)] = l.terms.as_slice() else {
        return None;
    };
    let [v] = vars.as_slice() else {
        return None;
    };
    let f = tree.value_of(*v)?;
    // k·N + c op 0 with k < 0 is (-k)·N + (-c) flip(op) 0.
    let (k, c, op) = if *k < 0 {
        (k.checked_neg()?, l.constant.checked_neg()?, l.op.flip())
    } else {
        (*k, l.constant, l.op)
    };
    // k·N op r, with k > 0.
    let r = c.checked_neg()?;
    let floor = |a: i128| a.div_euclid(k);
    let ceil = |a: i128| a.checked_neg().map(|n| -n.div_euclid(k));
    Some(match op {
        CmpOp::Le => (f, None, Some(floor(r))),
        CmpOp::Lt => (f, None, Some(floor(r.checked_sub(1)?))),
        CmpOp::Ge => (f, Some(ceil(r)?), None),
        CmpOp::Gt => (f, Some(ceil(r.checked_add(1)?)?), None),
        CmpOp::Eq => (f, Some(ceil(r)?), Some(floor(r))),
        CmpOp::Ne => return None,
    })
}

/// An Integer feature whose number is multiplied by another number in `e` while a side of its
/// range is open: the product has no 64-bit range, so the constraint is refused here, at its
/// line, rather than by the loader at the imported catalog's.
pub fn open_product(tree: &Tree, e: &Expr, ranges: &HashMap<usize, Range>) -> Option<usize> {
    let open = |f: usize| {
        let r = ranges.get(&f).copied().unwrap_or_default();
        r.min.is_none() || r.max.is_none()
    };
    match e {
        Expr::Lin(l) => l.terms.iter().find_map(|(vars, _)| {
            let numbers: Vec<usize> = vars.iter().filter_map(|&v| tree.value_of(v)).collect();
            (numbers.len() > 1)
                .then(|| numbers.into_iter().find(|&f| open(f)))
                .flatten()
        }),
        Expr::Not(x) => open_product(tree, x, ranges),
        Expr::And(xs) | Expr::Or(xs) => xs.iter().find_map(|x| open_product(tree, x, ranges)),
        Expr::Implies(a, b) | Expr::Iff(a, b) => {
            open_product(tree, a, ranges).or_else(|| open_product(tree, b, ranges))
        }
        Expr::Feature(_) | Expr::Bool(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::uvl::tree::Feature;

    /// Every `k·N + c op 0` alone: the range it gives holds exactly the numbers from -60 to
    /// 60 that satisfy it (none lost, none added at the ends).
    #[test]
    fn a_bound_keeps_exactly_the_numbers_that_satisfy_it() {
        let mut tree = Tree::default();
        tree.features.push(Feature {
            name: "N".into(),
            parent: None,
            groups: Vec::new(),
            attrs: Vec::new(),
            all_attrs: Vec::new(),
            card: None,
            typed: Some("Integer".into()),
        });
        let v = tree.value_var(0);
        let ops = [CmpOp::Eq, CmpOp::Lt, CmpOp::Le, CmpOp::Gt, CmpOp::Ge];
        for op in ops {
            for k in [-3i128, -2, -1, 1, 2, 3] {
                for c in -7i128..=7 {
                    let lin = Lin {
                        terms: vec![(vec![v], k)],
                        constant: c,
                        op,
                    };
                    let holds = |n: i128| {
                        let x = k * n + c;
                        match op {
                            CmpOp::Eq => x == 0,
                            CmpOp::Lt => x < 0,
                            CmpOp::Le => x <= 0,
                            CmpOp::Gt => x > 0,
                            CmpOp::Ge => x >= 0,
                            CmpOp::Ne => x != 0,
                        }
                    };
                    let want: Vec<i128> = (-60..=60).filter(|&n| holds(n)).collect();
                    let r = ranges(&tree, [&Expr::Lin(lin)]);
                    let Some(r) = r.get(&0) else {
                        assert!(want.is_empty(), "{k}·N + {c} {op:?} 0: range lost");
                        continue;
                    };
                    let inside = |n: i128| {
                        r.min.is_none_or(|m| n >= m as i128) && r.max.is_none_or(|m| n <= m as i128)
                    };
                    let got: Vec<i128> = (-60..=60).filter(|&n| inside(n)).collect();
                    assert_eq!(got, want, "{k}·N + {c} {op:?} 0 gave {r:?}");
                }
            }
        }
    }
}
