//! Sparse factors: a function from tuples of values to counts, stored as its non-zero rows, with
//! the two operations variable elimination needs (join, and join-then-sum-out in one pass).

use super::keys::{bits_for, Keys};
use super::num::Num;
use crate::budget::Budget;

/// Why an operation stopped without a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stop {
    /// The budget's time ran out.
    Budget,
    /// A factor would hold more rows than the limit.
    TooLarge,
}

/// Rows of values over `scope` (distinct variables, ascending), each with a positive count.
/// Absent tuples count 0.
#[derive(Debug, Clone)]
pub(super) struct Factor {
    pub scope: Vec<u32>,
    /// Row-major, `scope.len()` values per row.
    pub rows: Vec<u16>,
    pub vals: Vec<Num>,
}

/// How often (in rows produced) the clock is read.
const CLOCK_EVERY: usize = 1 << 14;

impl Factor {
    pub fn len(&self) -> usize {
        self.vals.len()
    }

    pub fn row(&self, i: usize) -> &[u16] {
        let n = self.scope.len();
        &self.rows[i * n..(i + 1) * n]
    }

    /// The sum of every row's count.
    pub fn total(&self) -> Num {
        let mut t = Num::Small(0);
        for v in &self.vals {
            t.add_assign(v);
        }
        t
    }
}

/// The product of `a` and `b` (rows that agree on shared variables), with `sum_out` (if given)
/// summed away in the same pass. `sizes` are the domain sizes of all variables; at most `limit`
/// rows are produced.
pub(super) fn join(
    a: &Factor,
    b: &Factor,
    sum_out: Option<u32>,
    sizes: &[u32],
    limit: usize,
    budget: &Budget,
) -> Result<Factor, Stop> {
    let mut union: Vec<u32> = a.scope.iter().chain(&b.scope).copied().collect();
    union.sort_unstable();
    union.dedup();
    // Where each kept variable is read from: a's column, else b's.
    let mut from: Vec<(bool, usize)> = Vec::new();
    let mut scope = Vec::new();
    for &v in &union {
        if Some(v) == sum_out {
            continue;
        }
        scope.push(v);
        from.push(match a.scope.iter().position(|&x| x == v) {
            Some(i) => (true, i),
            None => (false, b.scope.iter().position(|&x| x == v).unwrap_or(0)),
        });
    }
    let shared: Vec<(usize, usize)> = a
        .scope
        .iter()
        .enumerate()
        .filter_map(|(i, v)| b.scope.iter().position(|x| x == v).map(|j| (i, j)))
        .collect();
    let bits = |vars: &mut dyn Iterator<Item = u32>| -> Vec<u32> {
        vars.map(|v| bits_for(sizes[v as usize])).collect()
    };
    // b's rows grouped by their values on the shared variables.
    let mut shared_keys = Keys::new(bits(&mut shared.iter().map(|&(i, _)| a.scope[i])));
    let mut group_of_b = Vec::with_capacity(b.len());
    let mut key = Vec::with_capacity(shared.len());
    for r in 0..b.len() {
        let row = b.row(r);
        key.clear();
        key.extend(shared.iter().map(|&(_, j)| row[j]));
        group_of_b.push(shared_keys.insert(&key).0);
    }
    let (starts, members) = buckets(&group_of_b, shared_keys.len());

    let mut out = Factor {
        scope,
        rows: Vec::new(),
        vals: Vec::new(),
    };
    let mut out_keys = sum_out.map(|_| Keys::new(bits(&mut out.scope.iter().copied())));
    let mut tuple = Vec::with_capacity(out.scope.len());
    let mut produced = 0usize;
    for r in 0..a.len() {
        let ra = a.row(r);
        key.clear();
        key.extend(shared.iter().map(|&(i, _)| ra[i]));
        let Some(g) = shared_keys.get(&key) else {
            continue;
        };
        let g = g as usize;
        for &s in &members[starts[g]..starts[g + 1]] {
            let rb = b.row(s as usize);
            tuple.clear();
            tuple.extend(
                from.iter()
                    .map(|&(in_a, i)| if in_a { ra[i] } else { rb[i] }),
            );
            let val = a.vals[r].mul(&b.vals[s as usize]);
            produced += 1;
            if produced.is_multiple_of(CLOCK_EVERY) && budget.expired() {
                return Err(Stop::Budget);
            }
            match &mut out_keys {
                Some(keys) => {
                    let (id, new) = keys.insert(&tuple);
                    if new {
                        out.rows.extend_from_slice(&tuple);
                        out.vals.push(val);
                    } else {
                        out.vals[id as usize].add_assign(&val);
                    }
                }
                None => {
                    out.rows.extend_from_slice(&tuple);
                    out.vals.push(val);
                }
            }
            if out.vals.len() > limit {
                return Err(Stop::TooLarge);
            }
        }
    }
    Ok(out)
}

/// `f` with `var` summed away.
pub(super) fn sum_out(
    f: &Factor,
    var: u32,
    sizes: &[u32],
    budget: &Budget,
) -> Result<Factor, Stop> {
    let unit = Factor {
        scope: Vec::new(),
        rows: Vec::new(),
        vals: vec![Num::one()],
    };
    join(f, &unit, Some(var), sizes, usize::MAX, budget)
}

/// Counting sort of items by group: `members[starts[g]..starts[g + 1]]` are group `g`'s items.
fn buckets(group_of: &[u32], groups: usize) -> (Vec<usize>, Vec<u32>) {
    let mut starts = vec![0usize; groups + 1];
    for &g in group_of {
        starts[g as usize + 1] += 1;
    }
    for i in 0..groups {
        starts[i + 1] += starts[i];
    }
    let mut fill = starts.clone();
    let mut members = vec![0u32; group_of.len()];
    for (i, &g) in group_of.iter().enumerate() {
        members[fill[g as usize]] = i as u32;
        fill[g as usize] += 1;
    }
    (starts, members)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ones(scope: Vec<u32>, rows: Vec<u16>) -> Factor {
        let n = rows.len() / scope.len().max(1);
        Factor {
            scope,
            rows,
            vals: vec![Num::one(); n],
        }
    }

    #[test]
    fn join_then_sum() {
        // x0 != x1 and x1 != x2 over {0,1,2}: 3*2*2 = 12 solutions.
        let ne = |a, b| {
            let mut rows = vec![];
            for x in 0..3u16 {
                for y in 0..3u16 {
                    if x != y {
                        rows.extend([x, y]);
                    }
                }
            }
            ones(vec![a, b], rows)
        };
        let sizes = [3, 3, 3];
        let b = Budget::unlimited();
        let j = join(&ne(0, 1), &ne(1, 2), Some(1), &sizes, usize::MAX, &b).unwrap();
        assert_eq!(j.scope, vec![0, 2]);
        assert_eq!(j.total().to_big(), 12u32.into());
        let plain = join(&ne(0, 1), &ne(1, 2), None, &sizes, usize::MAX, &b).unwrap();
        assert_eq!(plain.len(), 12);
        let s = sum_out(&plain, 0, &sizes, &b).unwrap();
        assert_eq!(s.scope, vec![1, 2]);
        assert_eq!(s.total().to_big(), 12u32.into());
        assert_eq!(
            join(&ne(0, 1), &ne(1, 2), None, &sizes, 5, &b).unwrap_err(),
            Stop::TooLarge
        );
    }
}
