//! Valid sets of totals of independent parts (`independent.rs`): the sumset of the parts'
//! valid sets, as `configure` found them this click, within the total's declared range.

use super::independent::sumset;
use super::session::Session;
use super::wide_domain::Run;
use crate::encode::FeatLits;
use std::collections::HashMap;

/// The valid set of summed int `t` (a key of `Session::summed`) from its parts' valid sets
/// (`valid`, numbers as `configure` found them); `None` when a part's is unknown or not exact,
/// or the sumset grows too large (`independent::sumset`).
pub fn summed_valid(
    s: &Session,
    t: usize,
    valid: &HashMap<usize, Option<Vec<Run>>>,
) -> Option<Vec<Run>> {
    let parts = s.summed.get(&t)?;
    let def = s.defined.get(&t)?;
    let bits_range = |fi: usize| match s.enc.layout.feats[fi].lits {
        FeatLits::Bits { min, max, .. } => Some((i128::from(min), i128::from(max))),
        _ => None,
    };
    let mut offsets = Vec::with_capacity(parts.len());
    for &(g, w) in parts {
        let runs = valid.get(&g)?.as_ref()?;
        let (min, _) = bits_range(g)?;
        let mut off = Vec::with_capacity(runs.len());
        for r in runs {
            if !r.exact {
                return None;
            }
            off.push((i128::from(r.min) - min, i128::from(r.max) - min));
        }
        offsets.push((w, off));
    }
    let (min, max) = bits_range(t)?;
    let sums = sumset(&offsets, def.constant, (0, max - min))?;
    sums.into_iter()
        .map(|(a, b)| {
            Some(Run {
                min: i64::try_from(min + a).ok()?,
                max: i64::try_from(min + b).ok()?,
                exact: true,
            })
        })
        .collect()
}
