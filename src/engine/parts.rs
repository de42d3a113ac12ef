//! A linear sum's terms as the solver's parts: the values of one feature instance together (at
//! most one of them holds), every other literal alone.

use crate::encode::{FeatLits, Groups, Layout};
use crate::solve::Lit;

/// `sign · Σ terms` as parts for the solver: one weight per literal (repeats added up), the
/// value literals of one feature instance in one part (at most one of them holds), every other
/// literal alone. `None` when a weight does not fit 64 bits.
///
/// Where every value of a feature instance weighs at least `m > 0` (minimising a price whose
/// every value costs something), `m` moves onto the instance's presence: exactly one value
/// holds while it is present, so the sum is the same, but its lower bound now counts a present
/// instance before its value is chosen (else nothing would, and proving a least price took
/// minutes: BENCHMARKS.md).
pub fn parts(
    terms: &[(i128, Lit)],
    sign: i128,
    groups: &Groups,
    layout: &Layout,
) -> Option<Vec<Vec<(i64, Lit)>>> {
    let mut weight: std::collections::BTreeMap<Lit, i128> = Default::default();
    for &(w, l) in terms {
        let e = weight.entry(l).or_insert(0);
        *e = e.checked_add(w.checked_mul(sign)?)?;
    }
    let mut seen = std::collections::BTreeSet::new();
    for &(_, l) in terms {
        let Some((g, members, presence)) = group_of(l, groups, layout) else {
            continue;
        };
        if !seen.insert(g) {
            continue;
        }
        let least = members
            .iter()
            .map(|m| weight.get(m).copied().unwrap_or(0))
            .min()
            .unwrap_or(0);
        if least <= 0 {
            continue;
        }
        for m in members {
            if let Some(w) = weight.get_mut(m) {
                *w -= least;
            }
        }
        let e = weight.entry(presence).or_insert(0);
        *e = e.checked_add(least)?;
    }
    let mut grouped: std::collections::BTreeMap<u32, Vec<(i64, Lit)>> = Default::default();
    let mut out = Vec::new();
    for (l, w) in weight {
        let w = i64::try_from(w).ok()?;
        match groups.get(&l.var()).filter(|_| !l.is_negated()) {
            Some(&g) => grouped.entry(g).or_default().push((w, l)),
            None => out.push(vec![(w, l)]),
        }
    }
    out.extend(grouped.into_values());
    Some(out)
}

/// The feature instance whose values `l` is one of (`l` positive): its group, its value
/// literals and its component instance's presence.
pub fn group_of<'a>(l: Lit, groups: &Groups, layout: &'a Layout) -> Option<(u32, &'a [Lit], Lit)> {
    let &g = groups.get(&l.var()).filter(|_| !l.is_negated())?;
    let fi = layout.feats.get(g as usize)?;
    let (FeatLits::Values(members)
    | FeatLits::Int {
        values: members, ..
    }) = &fi.lits
    else {
        return None;
    };
    Some((g, members, layout.comps[fi.ci].presence))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solve::Var;

    #[test]
    fn parts_group_the_values_of_a_feature_and_add_up_repeats() {
        let (x, y, z) = (Lit::pos(Var(0)), Lit::pos(Var(1)), Lit::pos(Var(2)));
        let groups: Groups = [(Var(0), 7), (Var(1), 7)].into_iter().collect();
        let p = parts(
            &[(3, x), (2, y), (4, x), (5, z), (1, !x)],
            -1,
            &groups,
            &Layout::default(),
        )
        .expect("these weights fit 64 bits");
        assert_eq!(
            p,
            vec![vec![(-1, !x)], vec![(-5, z)], vec![(-7, x), (-2, y)]]
        );
    }
}
