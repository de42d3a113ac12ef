//! Exact counts for factor entries: a machine word while it fits, a big integer beyond.

use num_bigint::BigUint;

/// A non-negative integer of any size. Most factor entries are small, so the common case stays a
/// plain `u128` multiply or add; an overflow moves the value to `BigUint`, never wraps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Num {
    Small(u128),
    Big(BigUint),
}

impl Num {
    pub fn one() -> Num {
        Num::Small(1)
    }

    pub fn to_big(&self) -> BigUint {
        match self {
            Num::Small(n) => BigUint::from(*n),
            Num::Big(b) => b.clone(),
        }
    }

    pub fn mul(&self, other: &Num) -> Num {
        if let (Num::Small(a), Num::Small(b)) = (self, other) {
            if let Some(p) = a.checked_mul(*b) {
                return Num::Small(p);
            }
        }
        Num::Big(self.to_big() * other.to_big())
    }

    pub fn add_assign(&mut self, other: &Num) {
        if let (Num::Small(a), Num::Small(b)) = (&*self, other) {
            if let Some(s) = a.checked_add(*b) {
                *self = Num::Small(s);
                return;
            }
        }
        *self = Num::Big(self.to_big() + other.to_big());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overflow_moves_to_big() {
        let big = Num::Small(u128::MAX);
        let sq = big.mul(&big);
        assert_eq!(
            sq.to_big(),
            BigUint::from(u128::MAX) * BigUint::from(u128::MAX)
        );
        let mut s = Num::Small(u128::MAX);
        s.add_assign(&Num::one());
        assert_eq!(s.to_big(), BigUint::from(u128::MAX) + 1u32);
    }
}
