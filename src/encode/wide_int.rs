//! Wide ints in binary. A number is `min + Σ 2ⁱ·bᵢ`, so a range of 10⁹ numbers costs 30
//! literals, not 10⁹. Sums and comparisons over them are the ordinary linear encodings (decision
//! diagrams, adders) over the bits, and stay defined gates, so counting and walks still see
//! every configuration once.
//!
//! Every comparison or table cell that reads a wide int is recorded as an [`IntAtom`]. Given a
//! model, the atoms say for which other numbers of that int the same model, with the int
//! changed and the gates recomputed, is still a model: an *interval witness*. That is what makes
//! a valid set of 10⁹ numbers provable by a few models instead of one per number.
//!
//! Soundness of an interval witness rests on one invariant: the bits of a wide int are read only
//! by recorded atoms (directly, as weighted terms), by the range clause, by their presence
//! clauses, and by implied facts (`implied.rs`), which follow from atoms that a room keeps
//! true. Anything else that reads them (a bit inside an `if … then … else` term) marks the
//! int *opaque*, and an opaque int's witnesses are single numbers.

use super::layout::FeatLits;
use crate::front::ast::CmpOp;
use crate::solve::Lit;

/// `Σ c·2ⁱ·bᵢ`.
pub fn weighted(bits: &[Lit], c: i128) -> Vec<(i128, Lit)> {
    bits.iter().enumerate().map(|(i, &b)| (c << i, b)).collect()
}

/// The literals whose conjunction says "present with number `n`" (`n` within the range).
pub fn equals(min: i64, bits: &[Lit], pres: Lit, n: i64) -> Vec<Lit> {
    let mut out = vec![pres];
    out.extend(offset_equals(bits, i128::from(n) - i128::from(min)));
    out
}

/// The bits' literals whose conjunction says "the offset is `off`" (`off` within the range).
pub fn offset_equals(bits: &[Lit], off: i128) -> Vec<Lit> {
    bits.iter()
        .enumerate()
        .map(|(i, &b)| if off >> i & 1 == 1 { b } else { !b })
        .collect()
}

/// The number a model gives a present wide int.
pub fn value_in(min: i64, bits: &[Lit], holds: impl Fn(Lit) -> bool) -> i64 {
    (i128::from(min) + i128::from(offset_in(bits, holds))) as i64
}

/// The offset (number − min) a model gives a present wide int: up to 2⁶⁴ − 1 for a range over
/// all 64-bit numbers, which is why it is not an `i64`.
pub fn offset_in(bits: &[Lit], holds: impl Fn(Lit) -> bool) -> u64 {
    bits.iter()
        .enumerate()
        .filter(|(_, &b)| holds(b))
        .map(|(i, _)| 1u64 << i)
        .sum()
}

/// What a recorded atom tests.
#[derive(Debug, Clone)]
pub enum AtomTest {
    /// `Σ terms + c  op  0`, as the comparison was encoded (integer weights).
    Linear {
        terms: Vec<(i128, Lit)>,
        c: i128,
        op: CmpOp,
    },
    /// The int (feature instance `fi`) has the number `min + offset`.
    Equals { fi: usize, offset: u64 },
}

/// A literal defined as a test that reads one or more wide ints.
#[derive(Debug, Clone)]
pub struct IntAtom {
    pub lit: Lit,
    pub test: AtomTest,
}

/// An inclusive range of offsets (number − min) of one wide int.
pub type Room = (i128, i128);

impl IntAtom {
    /// The offsets of the int `fi` (bits `bits`) for which the atom keeps the truth value it has
    /// in the model `holds`, everything else in the model unchanged; the model's own offset `at`
    /// is inside. `None` when the atom reads the int other than as a weighted sum of its bits.
    pub fn room(
        &self,
        fi: usize,
        bits: &[Lit],
        at: i128,
        holds: &dyn Fn(Lit) -> bool,
    ) -> Option<Room> {
        let t = holds(self.lit);
        match &self.test {
            AtomTest::Equals { fi: g, offset } => {
                if *g != fi {
                    return Some(FULL);
                }
                Some(point_room(i128::from(*offset), t, at))
            }
            AtomTest::Linear { terms, c, op } => {
                // The int's part is C·offset: bit i must weigh C·2ⁱ.
                let mut w = vec![0i128; bits.len()];
                let mut rest = *c;
                for &(wt, l) in terms {
                    if let Some(i) = bits.iter().position(|&b| b == l) {
                        w[i] += wt;
                    } else if bits.iter().any(|&b| b == !l) {
                        return None;
                    } else if holds(l) {
                        rest += wt;
                    }
                }
                let k = w.first().copied().unwrap_or(0);
                if w.iter().enumerate().any(|(i, &x)| x != k << i) {
                    return None;
                }
                if k == 0 {
                    return Some(FULL);
                }
                // k·o + rest  op  0, with the truth value t.
                let op = if t { *op } else { negate(*op) };
                Some(match op {
                    CmpOp::Ge => at_least(k, -rest),
                    CmpOp::Gt => at_least(k, -rest + 1),
                    CmpOp::Le => at_least(-k, rest),
                    CmpOp::Lt => at_least(-k, rest + 1),
                    CmpOp::Eq | CmpOp::Ne => {
                        // k·o = −rest at one offset at most.
                        let p = (-rest % k == 0).then(|| -rest / k);
                        match (op, p) {
                            (CmpOp::Eq, Some(p)) => point_room(p, true, at),
                            (CmpOp::Eq, None) => EMPTY,
                            (_, Some(p)) => point_room(p, false, at),
                            (_, None) => FULL,
                        }
                    }
                })
            }
        }
    }
}

const FULL: Room = (i128::MIN, i128::MAX);
const EMPTY: Room = (1, 0);

/// `k·o ≥ b` as a range of o (k ≠ 0).
fn at_least(k: i128, b: i128) -> Room {
    if k > 0 {
        (div_ceil(b, k), i128::MAX)
    } else {
        (i128::MIN, div_floor(b, k))
    }
}

/// The room around `at` of "o = p" (when `equal`) or "o ≠ p".
fn point_room(p: i128, equal: bool, at: i128) -> Room {
    match (equal, p.cmp(&at)) {
        (true, _) => (p, p),
        (false, std::cmp::Ordering::Greater) => (i128::MIN, p - 1),
        (false, std::cmp::Ordering::Less) => (p + 1, i128::MAX),
        (false, std::cmp::Ordering::Equal) => EMPTY,
    }
}

fn negate(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Ge => CmpOp::Lt,
        CmpOp::Gt => CmpOp::Le,
        CmpOp::Le => CmpOp::Gt,
        CmpOp::Lt => CmpOp::Ge,
        CmpOp::Eq => CmpOp::Ne,
        CmpOp::Ne => CmpOp::Eq,
    }
}

fn div_floor(a: i128, b: i128) -> i128 {
    let q = a / b;
    if (a % b != 0) && ((a < 0) != (b < 0)) {
        q - 1
    } else {
        q
    }
}

fn div_ceil(a: i128, b: i128) -> i128 {
    -div_floor(-a, b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solve::Var;

    fn lit(i: u32) -> Lit {
        Lit::pos(Var(i))
    }

    #[test]
    fn room_of_a_sum_bound_is_the_interval_the_rest_leaves() {
        // bits of x: v1 (2⁰), v2 (2¹), v3 (2²); y is v4 with weight 5; x + 5y − 6 ≤ 0.
        let bits = [lit(1), lit(2), lit(3)];
        let mut terms = weighted(&bits, 1);
        terms.push((5, lit(4)));
        let a = IntAtom {
            lit: lit(9),
            test: AtomTest::Linear {
                terms,
                c: -6,
                op: CmpOp::Le,
            },
        };
        // Model: x = 0, y true, atom true → x ≤ 1.
        let holds = |l: Lit| l == lit(4) || l == lit(9);
        assert_eq!(a.room(0, &bits, 0, &holds), Some((i128::MIN, 1)));
        // Atom false with y false (x > 6): x ≥ 7.
        let holds = |l: Lit| l == lit(1) || l == lit(2) || l == lit(3);
        assert_eq!(a.room(0, &bits, 7, &holds), Some((7, i128::MAX)));
    }

    #[test]
    fn room_of_an_inequality_excludes_only_its_point() {
        let bits = [lit(1), lit(2)];
        let a = IntAtom {
            lit: lit(9),
            test: AtomTest::Linear {
                terms: weighted(&bits, 2),
                c: -4,
                op: CmpOp::Eq,
            },
        };
        // 2x = 4 false at x = 0: room up to 1.
        assert_eq!(a.room(0, &bits, 0, &|_| false), Some((i128::MIN, 1)));
        // bits weighted other than 2ⁱ·k: not a plain reading.
        let b = IntAtom {
            lit: lit(9),
            test: AtomTest::Linear {
                terms: vec![(1, lit(1)), (3, lit(2))],
                c: 0,
                op: CmpOp::Le,
            },
        };
        assert_eq!(b.room(0, &bits, 0, &|_| false), None);
    }

    #[test]
    fn floor_and_ceiling_division_round_the_right_way() {
        assert_eq!(div_floor(-7, 2), -4);
        assert_eq!(div_ceil(-7, 2), -3);
        assert_eq!(div_floor(7, -2), -4);
        assert_eq!(div_ceil(7, 2), 4);
    }
}

impl super::Encoding {
    /// A literal for "wide int `fi` is not `n`" (a choice `path!=n`), recorded as an atom so
    /// that interval witnesses respect it.
    pub fn wide_differs(&mut self, fi: usize, n: i64) -> Lit {
        let FeatLits::Bits {
            min, bits, pres, ..
        } = self.layout.feats[fi].lits.clone()
        else {
            unreachable!("wide_differs on a wide int")
        };
        let eq = equals(min, &bits, pres, n);
        let is = self.cnf.and(&eq);
        let offset = (i128::from(n) - i128::from(min)) as u64;
        self.differs.insert(!is, eq.iter().map(|&l| !l).collect());
        self.record_atom(
            IntAtom {
                lit: is,
                test: AtomTest::Equals { fi, offset },
            },
            eq,
        );
        !is
    }
}
