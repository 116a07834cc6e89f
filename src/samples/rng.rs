//! The random numbers: the crate's one SplitMix64 stream
//! ([`crate::rng::SplitMix64`]), keyed by the seed, the unit, what is drawn
//! and the year, with the draws sample data needs.

use crate::rng::SplitMix64;

#[derive(Debug, Clone)]
pub(super) struct Rng(SplitMix64);

impl Rng {
    /// A stream for one purpose: the seed, the unit, what is drawn and a number (a year, an id, or [`FIXED`](super::FIXED)).
    pub(super) fn keyed(seed: u64, unit: &str, what: &str, n: i64) -> Rng {
        // FNV-1a over the key, mixed with the scrambled seed.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let bytes = unit
            .bytes()
            .chain([0xff])
            .chain(what.bytes())
            .chain([0xff])
            .chain(n.to_le_bytes());
        for byte in bytes {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        let mut rng = Rng(SplitMix64::new(SplitMix64::new(seed).next_u64() ^ hash));
        rng.next_u64();
        rng
    }

    fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// Uniform in `[0, 1)`.
    pub(super) fn unit(&mut self) -> f64 {
        self.0.next_f64()
    }

    pub(super) fn range(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.unit()
    }

    /// Uniform whole number in `low..=high`.
    pub(super) fn int(&mut self, low: i64, high: i64) -> i64 {
        if high <= low {
            return low;
        }
        let span = (high - low + 1) as u64;
        low + (self.next_u64() % span) as i64
    }

    pub(super) fn index(&mut self, len: usize) -> usize {
        self.int(0, len as i64 - 1) as usize
    }

    pub(super) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.index(items.len())]
    }

    /// A multiplier around 1 (triangular in `1 ± spread`).
    pub(super) fn around(&mut self, spread: f64) -> f64 {
        1.0 + spread * (self.unit() + self.unit() - 1.0)
    }

    /// An index drawn in proportion to `weights` (not all zero).
    pub(super) fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut target = self.unit() * total;
        for (i, w) in weights.iter().enumerate() {
            if target < *w {
                return i;
            }
            target -= w;
        }
        weights.iter().rposition(|w| *w > 0.0).unwrap_or(0)
    }

    pub(super) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.index(i + 1);
            items.swap(i, j);
        }
    }
}
