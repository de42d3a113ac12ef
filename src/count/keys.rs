//! Dense ids for tuples of small values (a row's projection on some variables): the hash index
//! that factor joins, sums and table expansion group rows by.

use super::cache::FastHasher;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

type Fast = BuildHasherDefault<FastHasher>;

/// Tuples of values to ids `0, 1, 2, …` in order of first insertion. A tuple whose values fit in
/// 128 bits (by the bit widths given per position) is packed into one integer, so the common case
/// hashes one word and allocates nothing; wider tuples are stored whole.
pub(super) struct Keys {
    bits: Vec<u32>,
    wide: bool,
    packed: HashMap<u128, u32, Fast>,
    whole: HashMap<Box<[u16]>, u32, Fast>,
}

/// Bits needed for values `0..size`.
pub(super) fn bits_for(size: u32) -> u32 {
    32 - size.saturating_sub(1).leading_zeros()
}

impl Keys {
    /// `bits[i]`: the width of position `i`'s values.
    pub fn new(bits: Vec<u32>) -> Keys {
        let wide = bits.iter().sum::<u32>() > 128;
        Keys {
            bits,
            wide,
            packed: HashMap::default(),
            whole: HashMap::default(),
        }
    }

    pub fn len(&self) -> usize {
        if self.wide {
            self.whole.len()
        } else {
            self.packed.len()
        }
    }

    fn pack(&self, key: &[u16]) -> u128 {
        let mut k = 0u128;
        for (v, b) in key.iter().zip(&self.bits) {
            k = (k << b) | u128::from(*v);
        }
        k
    }

    /// The id of `key`, and whether it was new.
    pub fn insert(&mut self, key: &[u16]) -> (u32, bool) {
        let next = self.len() as u32;
        if self.wide {
            if let Some(&id) = self.whole.get(key) {
                return (id, false);
            }
            self.whole.insert(key.into(), next);
            (next, true)
        } else {
            let k = self.pack(key);
            match self.packed.entry(k) {
                std::collections::hash_map::Entry::Occupied(e) => (*e.get(), false),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(next);
                    (next, true)
                }
            }
        }
    }

    pub fn get(&self, key: &[u16]) -> Option<u32> {
        if self.wide {
            self.whole.get(key).copied()
        } else {
            self.packed.get(&self.pack(key)).copied()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_and_wide_agree() {
        assert_eq!(bits_for(1), 0);
        assert_eq!(bits_for(2), 1);
        assert_eq!(bits_for(3), 2);
        assert_eq!(bits_for(256), 8);
        for bits in [vec![4, 4], vec![100, 100]] {
            let mut k = Keys::new(bits);
            assert_eq!(k.insert(&[1, 2]), (0, true));
            assert_eq!(k.insert(&[2, 1]), (1, true));
            assert_eq!(k.insert(&[1, 2]), (0, false));
            assert_eq!(k.get(&[2, 1]), Some(1));
            assert_eq!(k.get(&[3, 3]), None);
            assert_eq!(k.len(), 2);
        }
    }
}
