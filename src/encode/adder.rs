//! Linear sums as binary adder networks: the fallback when a decision diagram grows too large
//! (price thresholds over many distinct prices). Exact and compact, with weaker propagation.

use super::cnf::Cnf;
use crate::solve::Lit;

/// `Σ w·x ≥ k` for positive weights on literals, via adders and a comparator.
pub fn at_least_positive(cnf: &mut Cnf, items: &[(i128, Lit)], k: i128) -> Lit {
    let total: i128 = items.iter().map(|(w, _)| *w).sum();
    if k <= 0 {
        return cnf.truth();
    }
    if k > total {
        return cnf.falsity();
    }
    let width = (128 - total.leading_zeros()) as usize;
    // Each term as a number: bit j is x when bit j of w is set.
    let numbers: Vec<Vec<Lit>> = items
        .iter()
        .map(|&(w, x)| {
            (0..width)
                .map(|j| if (w >> j) & 1 == 1 { x } else { cnf.falsity() })
                .collect()
        })
        .collect();
    let sum = add_all(cnf, numbers, width);
    geq_const(cnf, &sum, k)
}

/// The sum of numbers of `width` bits (which must not overflow it), added pairwise as a tree.
pub(super) fn add_all(cnf: &mut Cnf, mut numbers: Vec<Vec<Lit>>, width: usize) -> Vec<Lit> {
    while numbers.len() > 1 {
        let mut next = Vec::with_capacity(numbers.len().div_ceil(2));
        for pair in numbers.chunks(2) {
            match pair {
                [a, b] => next.push(add(cnf, a, b, width)),
                [a] => next.push(a.clone()),
                _ => {}
            }
        }
        numbers = next;
    }
    numbers.pop().unwrap_or_default()
}

pub(super) fn add(cnf: &mut Cnf, a: &[Lit], b: &[Lit], width: usize) -> Vec<Lit> {
    let mut carry = cnf.falsity();
    let mut out = Vec::with_capacity(width);
    for j in 0..width {
        let (x, y) = (a[j], b[j]);
        // x ↔ y is ¬(x ⊕ y); (x ⊕ y) ↔ ¬carry is x ⊕ y ⊕ carry.
        let xy = cnf.iff(x, y);
        let s = cnf.iff(!xy, !carry);
        // s = x ⊕ y ⊕ carry; carry' = majority(x, y, carry)
        let both = cnf.and(&[x, y]);
        let either = cnf.or(&[x, y]);
        let via_carry = cnf.and(&[carry, either]);
        carry = cnf.or(&[both, via_carry]);
        out.push(s);
    }
    out
}

/// `bits ≥ k` (bits little-endian), compared from the most significant bit down.
fn geq_const(cnf: &mut Cnf, bits: &[Lit], k: i128) -> Lit {
    let mut ge = cnf.truth(); // equal so far on the lower bits counts as ≥
    for (j, &b) in bits.iter().enumerate() {
        ge = if (k >> j) & 1 == 1 {
            cnf.and(&[b, ge])
        } else {
            cnf.or(&[b, ge])
        };
    }
    if k >> bits.len() != 0 {
        return cnf.falsity();
    }
    ge
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::Budget;
    use crate::solve::{BatSolver, SatSolver, SolveResult};

    /// Every assignment of the inputs makes the output exactly `Σ w·x ≥ k`.
    #[test]
    fn the_adder_network_compares_every_sum_exactly() {
        let mut weights: Vec<Vec<i128>> = vec![vec![1, 1, 1], vec![3, 5, 6], vec![12, 12, 5]];
        // And 40 drawn ones (a fixed linear congruential sequence).
        let mut r: u64 = 7;
        for _ in 0..40 {
            r = r
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let n = 1 + (r >> 60) as usize % 5;
            weights.push((0..n).map(|j| 1 + ((r >> (8 * j)) % 40) as i128).collect());
        }
        for ws in &weights {
            let total: i128 = ws.iter().sum();
            for k in 0..=total + 1 {
                let mut cnf = Cnf::new();
                let xs: Vec<Lit> = ws.iter().map(|_| cnf.new_lit()).collect();
                let items: Vec<(i128, Lit)> = ws.iter().copied().zip(xs.iter().copied()).collect();
                let out = at_least_positive(&mut cnf, &items, k);
                let mut s = BatSolver::default();
                cnf.load_into(&mut s, Default::default());
                for bits in 0..1u32 << ws.len() {
                    let sum: i128 = (0..ws.len())
                        .filter(|j| bits >> j & 1 == 1)
                        .map(|j| ws[j])
                        .sum();
                    let mut a: Vec<Lit> = (0..ws.len())
                        .map(|j| if bits >> j & 1 == 1 { xs[j] } else { !xs[j] })
                        .collect();
                    a.push(if sum >= k { !out } else { out });
                    assert_eq!(
                        s.solve(&a, &Budget::unlimited()),
                        SolveResult::Unsat,
                        "weights {ws:?}, k {k}, inputs {bits:b}: sum {sum}"
                    );
                }
            }
        }
    }
}
