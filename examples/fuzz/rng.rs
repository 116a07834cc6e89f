//! The random numbers that choose the mutations: the crate's one
//! SplitMix64 stream, with the draws the fuzzer needs.

use county_assess::rng::SplitMix64;

pub(super) struct Rng(SplitMix64);

impl Rng {
    pub(super) fn new(seed: u64) -> Rng {
        Rng(SplitMix64::new(seed))
    }

    pub(super) fn next(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A number in `0..n` (0 when n is 0).
    pub(super) fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next() % n as u64) as usize
    }

    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A length: mostly small, sometimes large.
    pub(super) fn length(&mut self, max: usize) -> usize {
        let cap = match self.below(10) {
            0..=5 => 16,
            6..=8 => 512,
            _ => max,
        };
        1 + self.below(cap.min(max).max(1))
    }
}
