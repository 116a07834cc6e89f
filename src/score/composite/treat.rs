//! Outlier treatment (`treat-outliers`): the skew and kurtosis test, then
//! winsorising or COINr's log transform.

use crate::framework::{OutlierFallback, Outliers};
use crate::stats::{kurt, skew};

/// Whether a column fails the outlier test: |skew| ≥ the skew limit **and**
/// kurtosis ≥ the kurtosis limit. A column too short or constant passes
/// (COINr returns it untreated).
pub fn fails(x: &[f64], o: &Outliers) -> bool {
    match (skew(x), kurt(x)) {
        (Some(s), Some(k)) => s.abs() >= o.skew_limit && k >= o.kurtosis_limit,
        _ => false,
    }
}

/// The result of outlier treatment of one column.
#[derive(Debug, Clone, PartialEq)]
pub struct Treatment {
    pub values: Vec<f64>,
    /// Points winsorised (COINr's `winhi` / `winlo`).
    pub winsorised: Vec<bool>,
    /// The whole column was log-transformed instead.
    pub log: bool,
}

/// COINr's `Treat()` with `winsorise` then `log_CT`, on the values present.
///
/// While the column fails ([`fails`]) and fewer than `winsorise-max` points
/// are winsorised: if skew ≥ 0, every point equal to the maximum becomes the
/// next-highest value, else every point equal to the minimum the next-lowest.
/// The count is COINr's: the points at the current high end plus those at the
/// current low end (ties count each). If the column still fails, the
/// winsorising is discarded and the original becomes
/// `ln(x − min + 0.01 (max − min))` (`outlier-fallback = "log"`), or the
/// winsorised column is kept (`"none"`).
pub fn treat(x: &[f64], o: &Outliers) -> Treatment {
    let untreated = Treatment {
        values: x.to_vec(),
        winsorised: vec![false; x.len()],
        log: false,
    };
    if !fails(x, o) {
        return untreated;
    }
    let mut w = x.to_vec();
    let (mut high, mut low): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
    let mut count = 0usize;
    let limit = usize::try_from(o.winsorise_max).unwrap_or(usize::MAX);
    while fails(&w, o) && count < limit {
        let up = skew(&w).is_some_and(|s| s >= 0.0);
        let end = if up {
            w.iter().copied().fold(f64::NEG_INFINITY, f64::max)
        } else {
            w.iter().copied().fold(f64::INFINITY, f64::min)
        };
        let at: Vec<usize> = (0..w.len()).filter(|i| w[*i] == end).collect();
        let rest = w.iter().copied().filter(|v| *v != end);
        let next = if up {
            rest.fold(f64::NEG_INFINITY, f64::max)
        } else {
            rest.fold(f64::INFINITY, f64::min)
        };
        if !next.is_finite() {
            break; // every point is at the end: nothing to winsorise towards
        }
        for i in &at {
            w[*i] = next;
        }
        if up {
            high = at;
        } else {
            low = at;
        }
        count = high.len() + low.len();
    }
    if !fails(&w, o) || o.fallback == OutlierFallback::None {
        let mut winsorised = vec![false; x.len()];
        for i in high.iter().chain(&low) {
            winsorised[*i] = true;
        }
        return Treatment {
            values: w,
            winsorised,
            log: false,
        };
    }
    let min = x.iter().copied().fold(f64::INFINITY, f64::min);
    let max = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    Treatment {
        values: x
            .iter()
            .map(|v| (v - min + 0.01 * (max - min)).ln())
            .collect(),
        winsorised: vec![false; x.len()],
        log: true,
    }
}
