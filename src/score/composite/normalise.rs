//! Normalising an indicator's values onto `normalise-range` by its method.

use crate::framework::{Direction, Indicator, Method};
use crate::score::points::share;

/// An indicator's scores for the units kept, and the most a score can be.
pub(super) fn normalise_indicator(
    ind: &Indicator,
    values: &[Option<f64>],
    population: &[Option<f64>],
    range: (f64, f64),
) -> (Vec<Option<f64>>, Option<f64>) {
    let (low, high) = range;
    match &ind.method {
        Method::MinMax
        | Method::ZScore
        | Method::DistanceToTarget { .. }
        | Method::Rank
        | Method::PercentileRank => {
            let scores = normalise(&ind.method, ind.direction, values, range);
            let max = match ind.method {
                Method::ZScore => None,
                #[allow(clippy::cast_precision_loss)] // counts of units
                Method::Rank => Some(values.iter().flatten().count() as f64),
                _ => Some(high),
            };
            (scores, max)
        }
        // absolute methods: the share (0…1) the points engine computes, onto the range
        _ => (
            values
                .iter()
                .zip(population)
                .map(|(v, p)| v.map(|v| low + share(ind, v, *p) * (high - low)))
                .collect(),
            Some(high),
        ),
    }
}

/// A relative method over the values present, after multiplying by the
/// direction (−1 when lower is better), as COINr's `Normalise`:
///
/// - `min-max`: `(x − min) ÷ (max − min) × (high − low) + low`. When every
///   unit has the same value (COINr: NaN) each gets the middle of the range.
/// - `z-score`: `(x − mean) ÷ sd` (sample sd); all equal or a single unit: 0.
/// - `distance-to-target`: `(x − min) ÷ (target − min)`, capped at 1 (a unit
///   at or beyond the target scores the top; COINr's `cap_max = TRUE`), onto
///   the range. The target is in the value's unit and direction.
/// - `rank`: 1 for the lowest, ties share the lowest rank (R's
///   `rank(ties = "min")`); not scaled.
/// - `percentile-rank`: `(rank − 1) ÷ (n − 1)` onto the range; one unit: the middle.
pub fn normalise(
    method: &Method,
    direction: Direction,
    values: &[Option<f64>],
    range: (f64, f64),
) -> Vec<Option<f64>> {
    let (low, high) = range;
    let middle = (low + high) / 2.0;
    let d = match direction {
        Direction::Higher => 1.0,
        Direction::Lower => -1.0,
    };
    let x: Vec<Option<f64>> = values.iter().map(|v| v.map(|v| v * d)).collect();
    let present: Vec<f64> = x.iter().flatten().copied().collect();
    if present.is_empty() {
        return vec![None; values.len()];
    }
    let min = present.iter().copied().fold(f64::INFINITY, f64::min);
    let max = present.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    #[allow(clippy::cast_precision_loss)] // counts of units
    let n = present.len() as f64;
    // R's rank(x, ties.method = "min"): 1 + how many are lower
    #[allow(clippy::cast_precision_loss)]
    let rank = |v: f64| 1.0 + present.iter().filter(|o| **o < v).count() as f64;
    let map = |v: f64| -> f64 {
        match method {
            Method::MinMax if max == min => middle,
            Method::MinMax => (v - min) / (max - min) * (high - low) + low,
            Method::ZScore => {
                let mean = present.iter().sum::<f64>() / n;
                let var = present.iter().map(|o| (o - mean).powi(2)).sum::<f64>() / (n - 1.0);
                let sd = var.sqrt();
                if n < 2.0 || sd == 0.0 || !sd.is_finite() {
                    0.0
                } else {
                    (v - mean) / sd
                }
            }
            Method::DistanceToTarget { target } => {
                let t = target * d;
                let y = if v >= t { 1.0 } else { (v - min) / (t - min) };
                low + y * (high - low)
            }
            Method::Rank => rank(v),
            Method::PercentileRank if n < 2.0 => middle,
            Method::PercentileRank => low + (rank(v) - 1.0) / (n - 1.0) * (high - low),
            // absolute methods are scored by `share`
            _ => middle,
        }
    };
    x.iter().map(|v| v.map(map)).collect()
}
