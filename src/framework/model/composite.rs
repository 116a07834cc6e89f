//! The `weighted-mean` chain's settings: screening, outlier treatment and the
//! [`Composite`] that holds them with imputation and normalisation.

use serde::Serialize;

use super::indicator::Method;

/// When units are screened for missing data, relative to imputation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ScreenOrder {
    /// Count the data as reported; screened-out units do not enter the group means.
    BeforeImpute,
    /// Count the data after imputation (COINr's example: nobody is removed
    /// unless a whole group lacks an indicator).
    AfterImpute,
}

impl ScreenOrder {
    pub const NAMES: &'static [&'static str] = &["before-impute", "after-impute"];

    pub fn parse(text: &str) -> Option<ScreenOrder> {
        match text {
            "before-impute" => Some(ScreenOrder::BeforeImpute),
            "after-impute" => Some(ScreenOrder::AfterImpute),
            _ => None,
        }
    }
}

/// Screening (`min-data-share`): units with too little data are left out.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Screen {
    /// Least share (0…1) of indicators with a value a unit needs to be scored.
    pub min_share: f64,
    pub order: ScreenOrder,
}

/// What is done to an indicator that winsorising does not bring within the limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum OutlierFallback {
    /// COINr's `log_CT`: `ln(x − min + 0.01 × (max − min))` of the original values.
    Log,
    /// Keep the winsorised values.
    None,
}

impl OutlierFallback {
    pub const NAMES: &'static [&'static str] = &["log", "none"];

    pub fn parse(text: &str) -> Option<OutlierFallback> {
        match text {
            "log" => Some(OutlierFallback::Log),
            "none" => Some(OutlierFallback::None),
            _ => None,
        }
    }
}

/// Outlier treatment (`treat-outliers = true`), COINr's default `Treat()`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Outliers {
    /// An indicator fails when |skew| ≥ `skew_limit` and kurtosis ≥ `kurtosis_limit`.
    pub skew_limit: f64,
    pub kurtosis_limit: f64,
    /// Most points winsorised per indicator.
    pub winsorise_max: u32,
    pub fallback: OutlierFallback,
}

impl Outliers {
    /// COINr's defaults: 2, 3.5, 5 points, then log.
    pub const COINR: Outliers = Outliers {
        skew_limit: 2.0,
        kurtosis_limit: 3.5,
        winsorise_max: 5,
        fallback: OutlierFallback::Log,
    };
}

/// The `weighted-mean` chain's settings (COINr: denominate, impute, screen,
/// treat, normalise, aggregate). Per-indicator choices (`divide-by`,
/// `direction`, `weight`, `method`) are on the indicators; the aggregation
/// on the dimensions; what a missing value means is [`Framework::missing`](super::Framework::missing).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Composite {
    /// The table column `missing = "group-mean"` groups by; `None`: the units' `peer-group`.
    pub impute_group: Option<String>,
    pub screen: Option<Screen>,
    pub outliers: Option<Outliers>,
    /// The method of indicators that do not name one.
    pub normalise: Method,
    /// The range scores are scaled to: `(low, high)`, `low < high`.
    pub range: (f64, f64),
}

impl Default for Composite {
    fn default() -> Composite {
        Composite {
            impute_group: None,
            screen: None,
            outliers: None,
            normalise: Method::MinMax,
            range: (0.0, 100.0),
        }
    }
}
