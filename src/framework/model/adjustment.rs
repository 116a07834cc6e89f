//! What adjusts a score and what it earns: bonus, deduction and veto items,
//! grade bands and commendations.

use serde::Serialize;

use super::Points;

/// Who claims a bonus item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ClaimSource {
    /// Claimed by the county in its template (加分申报), approved by the city.
    County,
    /// Decided by the city alone.
    City,
}

impl ClaimSource {
    pub const NAMES: &'static [&'static str] = &["county", "city"];

    pub fn parse(text: &str) -> Option<ClaimSource> {
        match text {
            "county" => Some(ClaimSource::County),
            "city" => Some(ClaimSource::City),
            _ => None,
        }
    }
}

/// A bonus item (加分项): points per occurrence, capped per item and in total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BonusItem {
    pub code: String,
    pub name: String,
    pub name_en: Option<String>,
    pub points: Points,
    pub max: Option<Points>,
    pub source: ClaimSource,
}

/// What a deduction counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Counts {
    /// Occurrences found (findings, late reports).
    Occurrences,
    /// Days the submission came in after the deadline.
    DaysLate,
}

impl Counts {
    pub const NAMES: &'static [&'static str] = &["occurrences", "days-late"];

    pub fn parse(text: &str) -> Option<Counts> {
        match text {
            "occurrences" => Some(Counts::Occurrences),
            "days-late" => Some(Counts::DaysLate),
            _ => None,
        }
    }
}

/// A deduction item (扣分项).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeductionItem {
    pub code: String,
    pub name: String,
    pub name_en: Option<String>,
    pub points: Points,
    pub max: Option<Points>,
    pub counts: Counts,
}

/// What a veto does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum VetoEffect {
    /// The unit is graded 不合格 whatever its score.
    Fail,
    /// The unit cannot get the best grade.
    BarTopGrade,
}

impl VetoEffect {
    pub const NAMES: &'static [&'static str] = &["fail", "bar-top-grade"];

    pub fn parse(text: &str) -> Option<VetoEffect> {
        match text {
            "fail" => Some(VetoEffect::Fail),
            "bar-top-grade" => Some(VetoEffect::BarTopGrade),
            _ => None,
        }
    }
}

/// A veto item (一票否决).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VetoItem {
    pub code: String,
    pub name: String,
    pub name_en: Option<String>,
    pub effect: VetoEffect,
}

/// A grade band (等次), listed from best to worst.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grade {
    pub name: String,
    pub name_en: Option<String>,
    pub min_score: Points,
    /// At most this share of units (a quota such as 优秀 ≤ 30%).
    pub max_share: Option<f64>,
    pub requires_no_veto: bool,
    /// At most this many points deducted.
    pub max_deductions: Option<Points>,
}

/// A commendation (表彰) for the top N units.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Commendation {
    pub name: String,
    pub name_en: Option<String>,
    pub top: u32,
    pub requires_grade: Option<String>,
}
