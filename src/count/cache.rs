//! The component cache: model counts of components already counted, by their canonical key.

use num_bigint::BigUint;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Counts by component key (see `Component::key`), with a memory bound: when the entries would
/// take more than `limit_words` 32-bit words, the cache is emptied and starts again. Keys are
/// stored whole, so a hash collision can never give a wrong count.
pub(super) struct Cache {
    map: HashMap<Box<[u32]>, BigUint, BuildHasherDefault<FastHasher>>,
    words: usize,
    limit_words: usize,
    pub hits: u64,
    pub clears: u64,
}

/// Bookkeeping per entry beyond its key and count (the map's slot, the boxes' headers).
const ENTRY_OVERHEAD_WORDS: usize = 16;

impl Cache {
    pub fn new(limit_words: usize) -> Cache {
        Cache {
            map: HashMap::default(),
            words: 0,
            limit_words,
            hits: 0,
            clears: 0,
        }
    }

    pub fn get(&mut self, key: &[u32]) -> Option<&BigUint> {
        let found = self.map.get(key);
        if found.is_some() {
            self.hits += 1;
        }
        found
    }

    pub fn insert(&mut self, key: Box<[u32]>, count: BigUint) {
        let size = key.len() + count.bits().div_ceil(32) as usize + ENTRY_OVERHEAD_WORDS;
        if self.words + size > self.limit_words {
            self.map.clear();
            self.map.shrink_to_fit();
            self.words = 0;
            self.clears += 1;
        }
        self.words += size;
        self.map.insert(key, count);
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }
}

/// A multiply-rotate hasher (the FxHash idea) over 64-bit chunks: keys are our own arrays of
/// small integers, not attacker-chosen, so SipHash's protection is not needed.
#[derive(Default)]
pub(super) struct FastHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clears_when_full() {
        let mut cache = Cache::new(100);
        for i in 0..20u32 {
            cache.insert(vec![1, i].into_boxed_slice(), BigUint::from(i));
        }
        assert!(cache.clears > 0);
        assert!(cache.len() < 20);
        assert_eq!(cache.get(&[1, 19]), Some(&BigUint::from(19u32)));
        assert_eq!(cache.get(&[1, 99]), None);
    }
}
