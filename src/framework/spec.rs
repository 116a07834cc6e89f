//! The raw framework files, mirrored one to one with serde.
//!
//! Every struct here is one TOML table as an office user writes it
//! (`deny_unknown_fields`, kebab-case keys). Choices the user types as text
//! (`kind = "县"`, `method = "tiers"`) stay strings here, wrapped in
//! [`Spanned`] so that [`super::Framework::from_spec`] can reject a bad value
//! with its line and still go on to report every other problem.
//! Nothing here is validated: that is `framework/mod.rs`'s job.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// `[framework]`: identity and global choices. Only the main file has it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FrameworkSpec {
    pub id: Spanned<String>,
    pub version: Spanned<String>,
    pub name: String,
    pub name_en: Option<String>,
    /// First assessment year this framework applies to.
    pub from_year: Spanned<i32>,
    /// Last year it applies to; open-ended when absent.
    pub to_year: Option<Spanned<i32>>,
    /// `points` or `weighted-mean`.
    pub mode: Spanned<String>,
    /// Declared total of the dimensions' points (`points` mode).
    pub total: Option<Spanned<f64>>,
    /// `resident` (常住) or `registered` (户籍).
    #[serde(default)]
    pub population_base: Option<Spanned<String>>,
    /// Other files of this framework, relative to the main file.
    #[serde(default)]
    pub include: Vec<Spanned<String>>,
    /// Cap on the sum of bonus points (加分上限).
    pub bonus_cap: Option<Spanned<f64>>,
    /// Item codes compared in order when totals are equal; empty = 并列.
    #[serde(default)]
    pub tie_break: Vec<Spanned<String>>,
    /// What a missing value means in `weighted-mean` mode: `skip`, `zero`, `group-mean`.
    pub missing: Option<Spanned<String>>,
    /// Warn when a value grows beyond this share of last year's (1 = doubled),
    /// or falls to less than 1 ÷ (1 + share) of it.
    pub change_warning: Option<Spanned<f64>>,
    /// A unit the 收件登记 records as 未报送: `unranked` (default) or `zero`.
    pub not_submitted: Option<Spanned<String>>,
    /// `weighted-mean`: the table column whose groups `missing = "group-mean"`
    /// averages over (e.g. `EurAsia_group`); default: the units' `peer-group`.
    pub impute_group: Option<Spanned<String>>,
    /// `weighted-mean`: leave out units with a smaller share of indicators with data.
    pub min_data_share: Option<Spanned<f64>>,
    /// `weighted-mean`: `before-impute` (default) or `after-impute`.
    pub screen: Option<Spanned<String>>,
    /// `weighted-mean`: winsorise (then log-transform) skewed indicators, as COINr.
    pub treat_outliers: Option<Spanned<bool>>,
    /// Outliers: an indicator fails when |skew| ≥ this … (default 2).
    pub skew_limit: Option<Spanned<f64>>,
    /// … and kurtosis ≥ this (default 3.5).
    pub kurtosis_limit: Option<Spanned<f64>>,
    /// Outliers: most points winsorised per indicator (default 5).
    pub winsorise_max: Option<Spanned<i64>>,
    /// Outliers: `log` (default) or `none` when winsorising is not enough.
    pub outlier_fallback: Option<Spanned<String>>,
    /// `weighted-mean`: the method of indicators without `method` (default `min-max`).
    pub normalise: Option<Spanned<String>>,
    /// `weighted-mean`: the range scores are scaled to (default `[0, 100]`).
    pub normalise_range: Option<Spanned<Vec<f64>>>,
}

/// `[period]`: the statistical period and the deadline, as `MM-DD`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PeriodSpec {
    pub start: Spanned<String>,
    pub end: Spanned<String>,
    pub deadline: Spanned<String>,
    pub contact: Option<String>,
    /// The 公示 window for objections, in working days (1 to 30).
    pub objection_days: Option<Spanned<i64>>,
}

/// `[[unit]]`: one county-level unit.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct UnitSpec {
    pub code: Spanned<String>,
    pub name: Spanned<String>,
    pub name_en: Option<String>,
    #[serde(default)]
    pub former_names: Vec<String>,
    /// 区, 县, 县级市 or 功能区.
    pub kind: Spanned<String>,
    /// Population by year (`2020 = 1059572`).
    #[serde(default)]
    pub population: BTreeMap<String, Spanned<i64>>,
    pub peer_group: Option<String>,
    /// The city's figures of denominator fields: field code → year → figure.
    #[serde(default)]
    pub confirmed: BTreeMap<String, BTreeMap<String, Spanned<f64>>>,
}

/// `[[field]]`: one value that is reported.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FieldSpec {
    pub code: Spanned<String>,
    pub name: String,
    pub name_en: Option<String>,
    /// Unit of measure: 人, 人次, 个, 元, 万元, % …
    #[serde(default)]
    pub unit: String,
    /// The measure in English (`people`), for `--lang en`.
    pub unit_en: Option<String>,
    #[serde(rename = "type")]
    pub kind: Spanned<String>,
    pub min: Option<Spanned<f64>>,
    pub max: Option<Spanned<f64>>,
    #[serde(default)]
    pub required: bool,
    /// `missing` or `zero`.
    pub blank: Option<Spanned<String>>,
    /// `annual` (当年新增), `cumulative` (年末累计) or `status` (年末实有).
    pub counting: Option<Spanned<String>>,
    pub help: Option<String>,
    #[serde(default)]
    pub replaces: Vec<Spanned<String>>,
    /// `county`, `department` or `external`.
    pub source: Option<Spanned<String>>,
    /// Who provides it when the source is not the county.
    pub provider: Option<String>,
    pub provider_en: Option<String>,
    #[serde(default)]
    pub choices: Vec<String>,
    /// A rate's denominator whose figure the unit registry may hold.
    #[serde(default)]
    pub denominator: bool,
}

/// `[[rule]]`: a cross-field rule such as `towns_with_rc <= towns_total`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleSpec {
    pub check: Spanned<String>,
    pub message: Option<String>,
    pub message_en: Option<String>,
}

/// `[[dimension]]`: an inner node of the hierarchy, at any depth.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DimensionSpec {
    pub code: Spanned<String>,
    pub name: String,
    pub name_en: Option<String>,
    pub parent: Option<Spanned<String>>,
    pub points: Option<Spanned<f64>>,
    pub weight: Option<Spanned<f64>>,
    /// `weighted-mean` mode: `arithmetic`, `geometric` or `harmonic`.
    pub aggregation: Option<Spanned<String>>,
}

/// One tier: a threshold and the share of points it earns.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TierSpec {
    pub at_least: Option<f64>,
    pub at_most: Option<f64>,
    pub share: f64,
}

/// `[[indicator]]`: a leaf, computed from fields and scored by a method.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct IndicatorSpec {
    pub code: Spanned<String>,
    pub name: String,
    pub name_en: Option<String>,
    pub dimension: Spanned<String>,
    pub points: Option<Spanned<f64>>,
    pub weight: Option<Spanned<f64>>,
    /// The field (or the sum of fields) the value comes from.
    pub field: Option<Spanned<FieldRef>>,
    /// Divide the value by this field (a ratio such as 建会率).
    pub divide_by: Option<Spanned<String>>,
    /// Express the value per this many people (100 = %, 10000 = per 10,000).
    pub per_people: Option<Spanned<f64>>,
    /// Yes/no fields of a checklist.
    #[serde(default)]
    pub items: Vec<Spanned<String>>,
    /// Required in `points` mode; in `weighted-mean` mode the default is the
    /// framework's `normalise`.
    pub method: Option<Spanned<String>>,
    /// `higher` (default) or `lower` is better.
    pub direction: Option<Spanned<String>>,
    pub target: Option<Spanned<f64>>,
    /// The target is `target × population ÷ target-per-people`.
    pub target_per_people: Option<Spanned<f64>>,
    pub cap: Option<Spanned<f64>>,
    #[serde(default)]
    pub tiers: Option<Spanned<Vec<TierSpec>>>,
    /// Points taken off per occurrence (`deduction` method).
    pub per_occurrence: Option<Spanned<f64>>,
    /// Goalposts (`goalposts` method).
    pub low: Option<Spanned<f64>>,
    pub high: Option<Spanned<f64>>,
    pub note: Option<String>,
}

/// A field reference: one code, or several whose values are added.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum FieldRef {
    One(String),
    Sum(Vec<String>),
}

impl FieldRef {
    pub fn codes(&self) -> Vec<String> {
        match self {
            FieldRef::One(code) => vec![code.clone()],
            FieldRef::Sum(codes) => codes.clone(),
        }
    }
}

/// `[[bonus]]`: an item that adds points per occurrence (加分).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BonusSpec {
    pub code: Spanned<String>,
    pub name: String,
    pub name_en: Option<String>,
    pub points: Spanned<f64>,
    pub max: Option<Spanned<f64>>,
    /// `county` (claimed in the template) or `city`.
    pub source: Option<Spanned<String>>,
}

/// `[[deduction]]`: an item that takes points off per occurrence (扣分).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DeductionSpec {
    pub code: Spanned<String>,
    pub name: String,
    pub name_en: Option<String>,
    pub points: Spanned<f64>,
    pub max: Option<Spanned<f64>>,
    /// `occurrences` (default) or `days-late`.
    pub counts: Option<Spanned<String>>,
}

/// `[[veto]]`: a 一票否决 item.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct VetoSpec {
    pub code: Spanned<String>,
    pub name: String,
    pub name_en: Option<String>,
    /// `fail` (不合格) or `bar-top-grade` (不得评为最高等次).
    pub effect: Option<Spanned<String>>,
}

/// `[[grade]]`: one grade band, listed from best to worst.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GradeSpec {
    pub name: Spanned<String>,
    pub name_en: Option<String>,
    pub min_score: Spanned<f64>,
    pub max_share: Option<Spanned<f64>>,
    #[serde(default)]
    pub requires_no_veto: bool,
    pub max_deductions: Option<Spanned<f64>>,
}

/// `[[maturity]]`: one maturity level, from the lowest up: a unit is at the
/// highest level whose `at-least` its share of indicators at full points reaches.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MaturitySpec {
    pub name: Spanned<String>,
    pub name_en: Option<String>,
    pub at_least: Spanned<f64>,
}

/// `[[commendation]]`: e.g. 先进单位 for the top N.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CommendationSpec {
    pub name: String,
    pub name_en: Option<String>,
    pub top: Spanned<i64>,
    pub requires_grade: Option<Spanned<String>>,
}

/// `[wuyou]`: the 五有 standard for grassroots organisations.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct WuyouSpec {
    pub name: String,
    pub name_en: Option<String>,
    /// `all` (every item met) or `points` (score with floors).
    pub rule: Spanned<String>,
    pub pass_score: Option<Spanned<f64>>,
    pub item_floor: Option<Spanned<f64>>,
    pub model_score: Option<Spanned<f64>>,
    /// The field in which a county reports how many organisations it has;
    /// the list's length is checked against it.
    pub count_field: Option<Spanned<String>>,
    #[serde(default)]
    pub org_type: Vec<OrgTypeSpec>,
    #[serde(default)]
    pub item: Vec<WuyouItemSpec>,
}

/// `[[wuyou.org-type]]`: a kind of grassroots organisation and its thresholds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OrgTypeSpec {
    pub code: Spanned<String>,
    pub name: String,
    pub name_en: Option<String>,
    #[serde(default)]
    pub min_members: i64,
    #[serde(default)]
    pub min_volunteers: i64,
}

/// `[[wuyou.item]]`: one 有.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct WuyouItemSpec {
    pub code: Spanned<String>,
    pub name: String,
    pub short: String,
    pub name_en: Option<String>,
    pub points: Option<Spanned<f64>>,
    /// Counts the item also needs: `members`, `volunteers`.
    #[serde(default)]
    pub needs: Vec<Spanned<String>>,
    #[serde(default)]
    pub sub_item: Vec<WuyouSubItemSpec>,
}

/// `[[wuyou.item.sub-item]]`: a scored part of one 有.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct WuyouSubItemSpec {
    pub code: Spanned<String>,
    pub name: String,
    pub name_en: Option<String>,
    pub points: Spanned<f64>,
}
