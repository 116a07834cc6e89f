//! The hierarchy that is scored: dimensions, indicators, and the methods
//! that turn an indicator's value into a score.

use serde::Serialize;

use super::Points;
use crate::code::{FieldCode, IndicatorCode};

/// How a group combines its children in `weighted-mean` mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Aggregation {
    Arithmetic,
    Geometric,
    Harmonic,
}

impl Aggregation {
    pub const NAMES: &'static [&'static str] = &["arithmetic", "geometric", "harmonic"];

    pub fn parse(text: &str) -> Option<Aggregation> {
        match text {
            "arithmetic" => Some(Aggregation::Arithmetic),
            "geometric" => Some(Aggregation::Geometric),
            "harmonic" => Some(Aggregation::Harmonic),
            _ => None,
        }
    }
}

/// A dimension (维度): an inner node of the hierarchy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dimension {
    pub code: String,
    pub name: String,
    pub name_en: Option<String>,
    pub parent: Option<String>,
    pub points: Option<Points>,
    pub weight: Option<f64>,
    pub aggregation: Aggregation,
}

/// Whether a higher or a lower value is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Direction {
    Higher,
    Lower,
}

impl Direction {
    pub const NAMES: &'static [&'static str] = &["higher", "lower"];

    pub fn parse(text: &str) -> Option<Direction> {
        match text {
            "higher" => Some(Direction::Higher),
            "lower" => Some(Direction::Lower),
            _ => None,
        }
    }
}

/// Where an indicator's value comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValueSource {
    /// Fields whose values are added (for a checklist: its yes/no items).
    pub fields: Vec<FieldCode>,
    /// A field the value is divided by (a ratio such as 建会率).
    pub divide_by: Option<FieldCode>,
    /// Per this many people (100 = % of population, 10000 = per 10,000).
    pub per_people: Option<f64>,
}

/// A target: a fixed number, or a rate times the unit's population.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum Target {
    Fixed(f64),
    /// `rate` per `per` people: the target is `rate × population ÷ per`.
    PerPeople {
        rate: f64,
        per: f64,
    },
}

/// One tier: at or beyond the threshold, the share of points.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Tier {
    pub threshold: f64,
    pub share: f64,
}

/// How an indicator's value becomes a score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Method {
    /// `points × min(value ÷ target, cap)` (完成率 with a cap).
    TargetRatio { target: Target, cap: f64 },
    /// The share of the best tier reached (listed from low to high thresholds).
    Tiers { tiers: Vec<Tier> },
    /// The share of yes/no items answered yes.
    Checklist,
    /// Full points less `per_occurrence` for each occurrence, floored at 0.
    Deduction { per_occurrence: Points },
    /// `(value − low) ÷ (high − low)`, truncated to 0…1.
    Goalposts { low: f64, high: f64 },
    /// COINr min-max over units (relative).
    MinMax,
    /// COINr z-score over units (relative).
    ZScore,
    /// COINr distance to target (relative: uses the minimum over units).
    DistanceToTarget { target: f64 },
    /// Rank among units (relative).
    Rank,
    /// Percentile rank among units (relative).
    PercentileRank,
}

impl Method {
    pub const NAMES: &'static [&'static str] = &[
        "target-ratio",
        "tiers",
        "checklist",
        "deduction",
        "goalposts",
        "min-max",
        "z-score",
        "distance-to-target",
        "rank",
        "percentile-rank",
    ];

    /// Whether a unit's result depends on the other units' values.
    pub fn is_relative(name: &str) -> bool {
        matches!(
            name,
            "min-max" | "z-score" | "distance-to-target" | "rank" | "percentile-rank"
        )
    }

    /// The method in words for a reader (the TOML name is [`Method::name`]).
    pub fn label(&self, lang: crate::lang::Lang) -> &'static str {
        let (zh, en) = match self {
            Method::TargetRatio { .. } => ("按完成比例", "share of target"),
            Method::Tiers { .. } => ("分档计分", "tiers"),
            Method::Checklist => ("逐项达标", "checklist"),
            Method::Deduction { .. } => ("按次扣分", "deduction"),
            Method::Goalposts { .. } => ("按上下限", "goalposts"),
            Method::MinMax => ("最小-最大标准化", "min-max"),
            Method::ZScore => ("标准分", "z-score"),
            Method::DistanceToTarget { .. } => ("距目标", "distance to target"),
            Method::Rank => ("按名次", "rank"),
            Method::PercentileRank => ("按百分位", "percentile rank"),
        };
        lang.pick(zh, en)
    }

    pub fn name(&self) -> &'static str {
        match self {
            Method::TargetRatio { .. } => "target-ratio",
            Method::Tiers { .. } => "tiers",
            Method::Checklist => "checklist",
            Method::Deduction { .. } => "deduction",
            Method::Goalposts { .. } => "goalposts",
            Method::MinMax => "min-max",
            Method::ZScore => "z-score",
            Method::DistanceToTarget { .. } => "distance-to-target",
            Method::Rank => "rank",
            Method::PercentileRank => "percentile-rank",
        }
    }
}

/// An indicator (指标): a leaf of the hierarchy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    pub code: IndicatorCode,
    pub name: String,
    pub name_en: Option<String>,
    pub dimension: String,
    pub points: Option<Points>,
    pub weight: Option<f64>,
    pub value: ValueSource,
    pub method: Method,
    pub direction: Direction,
    pub note: Option<String>,
}
