//! Facts about one wide int as clauses over its bits, each guarded by the literals it rests on:
//! `offset ≤ h`, `offset ≥ l` (lexicographic, one clause per bit) and `offset ≡ r (mod m)`
//! (low bits fixed by the power of two in `m`, a remainder automaton for the odd rest).

use super::Cnf;
use crate::solve::Lit;

/// The odd part of a modulus is written as a remainder automaton over the bits (`m` gates per
/// bit) only up to this; the power of two part is always written (it fixes low bits).
const MAX_AUTOMATON_MODULUS: i128 = 64;

fn negated(guards: &[Lit]) -> Vec<Lit> {
    guards.iter().map(|&g| !g).collect()
}

/// `¬guards ∨ Σ 2ⁱ·bitsᵢ ≤ h` as clauses: for each 0 bit of `h`, that bit is off or some
/// higher 1 bit of `h` is.
pub fn at_most(bits: &[Lit], h: i128, guards: &[Lit]) -> Vec<Vec<Lit>> {
    if h < 0 {
        return vec![negated(guards)];
    }
    if bits.len() < 127 && h >= (1i128 << bits.len()) - 1 {
        return Vec::new();
    }
    let one = |i: usize| i >= 127 || (h >> i) & 1 == 1;
    (0..bits.len())
        .filter(|&i| !one(i))
        .map(|i| {
            let mut c = negated(guards);
            c.push(!bits[i]);
            c.extend((i + 1..bits.len()).filter(|&j| one(j)).map(|j| !bits[j]));
            c
        })
        .collect()
}

/// `¬guards ∨ Σ 2ⁱ·bitsᵢ ≥ l` as clauses: for each 1 bit of `l`, that bit is on or some higher
/// 0 bit of `l` is.
pub fn at_least(bits: &[Lit], l: i128, guards: &[Lit]) -> Vec<Vec<Lit>> {
    let n = bits.len();
    if l <= 0 {
        return Vec::new();
    }
    if n < 127 && l >= 1i128 << n {
        return vec![negated(guards)];
    }
    let one = |i: usize| i < 127 && (l >> i) & 1 == 1;
    (0..n)
        .filter(|&i| one(i))
        .map(|i| {
            let mut c = negated(guards);
            c.push(bits[i]);
            c.extend((i + 1..n).filter(|&j| !one(j)).map(|j| bits[j]));
            c
        })
        .collect()
}

/// `¬guards ∨ Σ 2ⁱ·bitsᵢ ≡ r (mod m)` as clauses. The power of two in `m` fixes the low bits;
/// an odd rest up to [`MAX_AUTOMATON_MODULUS`] is the remainder of the bits read from the most
/// significant, one defined gate per bit and remainder, the last one required.
pub fn congruent(cnf: &mut Cnf, bits: &[Lit], m: i128, r: i128, guards: &[Lit]) -> Vec<Vec<Lit>> {
    let twos = (m.trailing_zeros() as usize).min(bits.len());
    let mut out: Vec<Vec<Lit>> = (0..twos)
        .map(|i| {
            let mut c = negated(guards);
            c.push(if (r >> i) & 1 == 1 { bits[i] } else { !bits[i] });
            c
        })
        .collect();
    let odd = m >> m.trailing_zeros();
    if odd > 1 && odd <= MAX_AUTOMATON_MODULUS {
        let odd = odd as usize;
        // state[q]: the bits read so far spell a number ≡ q (mod odd).
        let mut state: Vec<Lit> = (0..odd)
            .map(|q| if q == 0 { cnf.truth() } else { cnf.falsity() })
            .collect();
        for &b in bits.iter().rev() {
            let mut next: Vec<Vec<Lit>> = vec![Vec::new(); odd];
            for (q, &s) in state.iter().enumerate() {
                next[(2 * q) % odd].push(cnf.and(&[s, !b]));
                next[(2 * q + 1) % odd].push(cnf.and(&[s, b]));
            }
            state = next.iter().map(|ways| cnf.or(ways)).collect();
        }
        let mut c = negated(guards);
        c.push(state[r.rem_euclid(odd as i128) as usize]);
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::Budget;
    use crate::solve::{BatSolver, SatSolver, SolveResult, Var};

    /// Every offset of a 6-bit int, for every modulus up to 24 and residue: the clauses (with
    /// their remainder gates) admit exactly the offsets in the class, and only while the guard
    /// holds.
    #[test]
    fn congruence_clauses_keep_exactly_the_numbers_of_the_class() {
        for m in 2i128..=24 {
            for r in 0..m {
                let mut cnf = Cnf::new();
                let guard = cnf.new_lit();
                let bits: Vec<Lit> = (0..6).map(|_| cnf.new_lit()).collect();
                for c in congruent(&mut cnf, &bits, m, r, &[guard]) {
                    cnf.clause(&c);
                }
                let mut s = BatSolver::default();
                cnf.load_into(&mut s, Default::default());
                for o in 0..64i128 {
                    let mut a: Vec<Lit> = (0..6)
                        .map(|i| if o >> i & 1 == 1 { bits[i] } else { !bits[i] })
                        .collect();
                    a.push(guard);
                    let sat = s.solve(&a, &Budget::unlimited()) == SolveResult::Sat;
                    assert_eq!(sat, o % m == r, "{o} ≡ {r} (mod {m})");
                    a.pop();
                    a.push(!guard);
                    assert_eq!(s.solve(&a, &Budget::unlimited()), SolveResult::Sat);
                }
            }
        }
    }

    /// Every offset of a 5-bit int against every bound: the clauses keep exactly the offsets
    /// on the right side.
    #[test]
    fn bit_clauses_keep_exactly_the_offsets_within_the_bound() {
        let bits: Vec<Lit> = (0..5).map(|i| Lit::pos(Var(i))).collect();
        let holds = |o: i128, c: &[Lit]| {
            c.iter().any(|l| {
                let bit = (o >> l.var().0) & 1 == 1;
                bit != l.is_negated()
            })
        };
        for bound in -1..=33 {
            for o in 0..32 {
                let le = at_most(&bits, bound, &[]).iter().all(|c| holds(o, c));
                assert_eq!(le, o <= bound, "{o} ≤ {bound}");
                let ge = at_least(&bits, bound, &[]).iter().all(|c| holds(o, c));
                assert_eq!(ge, o >= bound, "{o} ≥ {bound}");
            }
        }
    }
}
