//! The one seeded random number generator: robustness draws, sample data and
//! the fuzzer all draw from it, so a seed means the same stream everywhere.

/// SplitMix64 (Steele, Lea & Flood 2014; Vigna's reference `splitmix64.c`):
/// a 64-bit state advanced by the golden-ratio constant, each output a mix
/// of the new state. Small, fast and the same on every platform — enough to
/// perturb a few weights, not for cryptography. Written here rather than
/// taken from a crate so that a dependency update can never change the
/// stream, and with it last year's published robustness figures.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`: the top 53 bits as a binary fraction (exact in an f64).
    pub fn next_f64(&mut self) -> f64 {
        #[allow(clippy::cast_precision_loss)] // 53 bits fit an f64's mantissa exactly
        let bits = (self.next_u64() >> 11) as f64;
        bits / 9_007_199_254_740_992.0 // 2^53
    }

    /// Uniform in `[−spread, +spread)`.
    pub fn uniform(&mut self, spread: f64) -> f64 {
        spread * (2.0 * self.next_f64() - 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_gives_the_published_stream() {
        // Vigna's splitmix64.c seeded with 1234567
        let mut rng = SplitMix64::new(1_234_567);
        let first: Vec<u64> = (0..5).map(|_| rng.next_u64()).collect();
        assert_eq!(
            first,
            [
                6_457_827_717_110_365_317,
                3_203_168_211_198_807_973,
                9_817_491_932_198_370_423,
                4_593_380_528_125_082_431,
                16_408_922_859_458_223_821,
            ]
        );
        // uniform numbers stay within [−s, s)
        let mut rng = SplitMix64::new(7);
        assert!((0..10_000).all(|_| (-0.25..0.25).contains(&rng.uniform(0.25))));
    }
}
