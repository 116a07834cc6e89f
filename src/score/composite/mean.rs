//! The weighted means that aggregate a dimension's children (COINr's
//! `a_amean`, `a_gmean`, `a_hmean`).

use crate::framework::Aggregation;

/// Why a mean cannot be taken (COINr stops in both cases).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MeanError {
    /// The geometric mean takes logarithms: every score must be above 0.
    NotPositive(f64),
    /// The harmonic mean takes reciprocals: no score may be 0.
    Zero,
}

impl MeanError {
    pub(super) fn fails(self, v: f64) -> bool {
        match self {
            MeanError::NotPositive(_) => v <= 0.0,
            MeanError::Zero => v == 0.0,
        }
    }

    pub(super) fn value(self) -> f64 {
        match self {
            MeanError::NotPositive(v) => v,
            MeanError::Zero => 0.0,
        }
    }
}

impl std::fmt::Display for MeanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MeanError::NotPositive(_) => f.write_str(
                "the geometric mean needs scores above 0; normalise onto a range above 0, e.g. normalise-range = [1, 100], or use another aggregation",
            ),
            MeanError::Zero => f.write_str(
                "the harmonic mean needs scores other than 0; normalise onto a range above 0, e.g. normalise-range = [1, 100], or use another aggregation",
            ),
        }
    }
}

/// The weighted mean of `(weight, value)` pairs, weights rescaled to sum to 1
/// (missing children are simply not in the list). `None` when the list is
/// empty or its weights add up to 0. As COINr's `a_amean`, `a_gmean`,
/// `a_hmean`: the geometric mean refuses a value ≤ 0, the harmonic a value of 0.
pub fn weighted_mean(
    aggregation: Aggregation,
    items: &[(f64, f64)],
) -> Result<Option<f64>, MeanError> {
    let total: f64 = items.iter().map(|(w, _)| w).sum();
    if items.is_empty() || total <= 0.0 {
        return Ok(None);
    }
    Ok(Some(match aggregation {
        Aggregation::Arithmetic => items.iter().map(|(w, x)| w / total * x).sum(),
        Aggregation::Geometric => {
            if let Some((_, x)) = items.iter().find(|(_, x)| *x <= 0.0) {
                return Err(MeanError::NotPositive(*x));
            }
            (items.iter().map(|(w, x)| w * x.ln()).sum::<f64>() / total).exp()
        }
        Aggregation::Harmonic => {
            if items.iter().any(|(_, x)| *x == 0.0) {
                return Err(MeanError::Zero);
            }
            total / items.iter().map(|(w, x)| w / x).sum::<f64>()
        }
    }))
}
