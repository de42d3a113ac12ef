//! Variable elimination (bucket elimination) over sparse factors: pick a variable, join the factors
//! that mention it, sum it away, repeat. Disconnected parts end as separate numbers multiplied.

use super::factor::{join, sum_out, Factor, Stop};
use super::num::Num;
use crate::budget::Budget;

/// The sum over all tuples of the product of `factors`. Every variable that matters must appear
/// in some factor (a variable in none is not counted: give it a unary factor). At most `limit`
/// rows per intermediate factor.
pub(super) fn eliminate(
    sizes: &[u32],
    factors: Vec<Factor>,
    limit: usize,
    budget: &Budget,
) -> Result<Num, Stop> {
    let mut total = Num::one();
    let mut live: Vec<Option<Factor>> = Vec::new();
    for f in factors {
        if f.len() == 0 {
            return Ok(Num::Small(0));
        }
        if f.scope.is_empty() {
            total = total.mul(&f.total());
        } else {
            live.push(Some(f));
        }
    }
    let mut on_var: Vec<Vec<usize>> = vec![Vec::new(); sizes.len()];
    for (i, f) in live.iter().enumerate() {
        for &v in f.iter().flat_map(|f| &f.scope) {
            on_var[v as usize].push(i);
        }
    }
    while let Some(x) = pick(&on_var, &live) {
        if budget.expired() {
            return Err(Stop::Budget);
        }
        let mut ids = std::mem::take(&mut on_var[x]);
        ids.sort_by_key(|&i| live[i].as_ref().map_or(0, Factor::len));
        let mut parts: Vec<Factor> = ids.iter().filter_map(|&i| live[i].take()).collect();
        for f in &parts {
            for &v in &f.scope {
                on_var[v as usize].retain(|i| !ids.contains(i));
            }
        }
        // Smallest first; the last join sums x away in the same pass.
        let mut acc = parts.remove(0);
        let last = parts.len();
        for (k, f) in parts.iter().enumerate() {
            let out = if k + 1 == last { Some(x as u32) } else { None };
            acc = join(&acc, f, out, sizes, limit, budget)?;
            if acc.len() == 0 {
                return Ok(Num::Small(0));
            }
        }
        if last == 0 {
            acc = sum_out(&acc, x as u32, sizes, budget)?;
        }
        if acc.len() == 0 {
            return Ok(Num::Small(0));
        }
        if acc.scope.is_empty() {
            total = total.mul(&acc.total());
            continue;
        }
        let id = live.len();
        for &v in &acc.scope {
            on_var[v as usize].push(id);
        }
        live.push(Some(acc));
    }
    Ok(total)
}

/// The next variable: fewest neighbours once its factors are joined (min-degree), then the fewest
/// rows to join. None when no factor is left.
fn pick(on_var: &[Vec<usize>], live: &[Option<Factor>]) -> Option<usize> {
    let mut best: Option<(usize, usize, usize)> = None;
    let mut seen: Vec<u32> = Vec::new();
    for (x, ids) in on_var.iter().enumerate() {
        if ids.is_empty() {
            continue;
        }
        seen.clear();
        let mut rows = 0usize;
        for f in ids.iter().filter_map(|&i| live[i].as_ref()) {
            seen.extend(&f.scope);
            rows = rows.saturating_add(f.len());
        }
        seen.sort_unstable();
        seen.dedup();
        let key = (seen.len(), rows, x);
        if best.is_none_or(|b| key < b) {
            best = Some(key);
        }
    }
    best.map(|b| b.2)
}
