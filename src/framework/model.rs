//! The validated framework: the types the rest of the code sees.
//!
//! Everything here has been checked by [`super::check`]: codes are unique,
//! every reference resolves, parameters are in range and points add up.
//! Points are held in exact hundredths ([`Points`]) so that sums never drift.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

/// Points in exact hundredths (`2.5` points = `Points(250)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Points(pub i64);

impl Points {
    /// Converts a number from a file; `None` when it has more than two decimals.
    pub fn from_f64(value: f64) -> Option<Points> {
        let hundredths = (value * 100.0).round();
        if (hundredths - value * 100.0).abs() > 1e-6 || !hundredths.is_finite() {
            return None;
        }
        // The value is finite and was rounded: the cast is exact below 2^53.
        #[allow(clippy::cast_possible_truncation)]
        Some(Points(hundredths as i64))
    }

    /// The value as a float, for display and ratios.
    #[allow(clippy::cast_precision_loss)]
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }
}

impl fmt::Display for Points {
    /// Shortest exact form: `10`, `2.5`, `0.25`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (whole, frac) = (abs / 100, abs % 100);
        match frac {
            0 => write!(f, "{sign}{whole}"),
            f10 if f10 % 10 == 0 => write!(f, "{sign}{whole}.{}", f10 / 10),
            _ => write!(f, "{sign}{whole}.{frac:02}"),
        }
    }
}

impl std::iter::Sum for Points {
    fn sum<I: Iterator<Item = Points>>(iter: I) -> Points {
        Points(iter.map(|p| p.0).sum())
    }
}

/// How indicator results are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Mode {
    /// Each indicator earns a share of its points; the total is the sum. A unit's
    /// score depends on its own data only; missing counts as zero.
    Points,
    /// COINr-style: indicators are normalised and combined by weighted means.
    WeightedMean,
}

impl Mode {
    pub const NAMES: &'static [&'static str] = &["points", "weighted-mean"];

    pub fn parse(text: &str) -> Option<Mode> {
        match text {
            "points" => Some(Mode::Points),
            "weighted-mean" => Some(Mode::WeightedMean),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Mode::Points => "points",
            Mode::WeightedMean => "weighted-mean",
        }
    }
}

/// Which population per-capita values are computed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PopulationBase {
    /// 常住人口 (census resident population).
    Resident,
    /// 户籍人口 (registered population).
    Registered,
}

impl PopulationBase {
    pub const NAMES: &'static [&'static str] = &["resident", "registered"];

    pub fn parse(text: &str) -> Option<PopulationBase> {
        match text {
            "resident" | "常住" => Some(PopulationBase::Resident),
            "registered" | "户籍" => Some(PopulationBase::Registered),
            _ => None,
        }
    }
}

/// What a missing value means when scoring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Missing {
    /// Counts as zero (always so in `points` mode).
    Zero,
    /// Left out; the other items of the group are re-weighted (`weighted-mean` only).
    Skip,
    /// Replaced by the mean of the unit's peer group (`weighted-mean` only).
    GroupMean,
}

impl Missing {
    pub const NAMES: &'static [&'static str] = &["zero", "skip", "group-mean"];

    pub fn parse(text: &str) -> Option<Missing> {
        match text {
            "zero" => Some(Missing::Zero),
            "skip" => Some(Missing::Skip),
            "group-mean" => Some(Missing::GroupMean),
            _ => None,
        }
    }
}

/// What becomes of a registered unit the city's 收件登记 records as 未报送
/// (`not-submitted`): it is flagged in every output either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum NotSubmitted {
    /// Listed without a rank, with the framework's lowest grade (不合格).
    #[default]
    Unranked,
    /// Ranked with a total of zero.
    Zero,
}

impl NotSubmitted {
    pub const NAMES: &'static [&'static str] = &["unranked", "zero"];

    pub fn parse(text: &str) -> Option<NotSubmitted> {
        match text {
            "unranked" => Some(NotSubmitted::Unranked),
            "zero" => Some(NotSubmitted::Zero),
            _ => None,
        }
    }

    fn is_default(&self) -> bool {
        *self == NotSubmitted::default()
    }
}

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
/// on the dimensions; what a missing value means is [`Framework::missing`].
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

/// A month and day, such as the start of the statistical period (`12-01`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct MonthDay {
    pub month: u8,
    pub day: u8,
}

impl MonthDay {
    pub fn parse(text: &str) -> Option<MonthDay> {
        let (m, d) = text.split_once('-')?;
        let month: u8 = m.parse().ok()?;
        let day: u8 = d.parse().ok()?;
        let days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        (1..=12)
            .contains(&month)
            .then_some(())
            .filter(|()| day >= 1 && day <= days[usize::from(month - 1)])
            .map(|()| MonthDay { month, day })
    }
}

/// The statistical period (统计时段) and the deadline for submissions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Period {
    pub start: MonthDay,
    pub end: MonthDay,
    pub deadline: MonthDay,
    pub contact: Option<String>,
}

impl Period {
    /// The calendar year, with submissions due on 10 January of the next year.
    pub fn calendar() -> Period {
        Period {
            start: MonthDay { month: 1, day: 1 },
            end: MonthDay { month: 12, day: 31 },
            deadline: MonthDay { month: 1, day: 10 },
            contact: None,
        }
    }

    /// The dates of the period for assessment year `year`: a period whose start
    /// falls after its end (12-01 … 11-30) begins in the previous year.
    pub fn dates(&self, year: i32) -> ((i32, MonthDay), (i32, MonthDay)) {
        let start_year = if self.start > self.end {
            year - 1
        } else {
            year
        };
        ((start_year, self.start), (year, self.end))
    }

    /// The deadline for year `year`: in the same year when it falls after the
    /// period's end, else in the next year.
    pub fn deadline_date(&self, year: i32) -> (i32, MonthDay) {
        if self.deadline > self.end {
            (year, self.deadline)
        } else {
            (year + 1, self.deadline)
        }
    }
}

/// The kind of a county-level unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum UnitKind {
    /// 区 (city district).
    District,
    /// 县 (county).
    County,
    /// 县级市 (county-level city).
    CountyCity,
    /// 功能区 (functional zone such as 高新区).
    Zone,
}

impl UnitKind {
    pub const NAMES: &'static [&'static str] = &["区", "县", "县级市", "功能区"];

    pub fn parse(text: &str) -> Option<UnitKind> {
        match text {
            "区" => Some(UnitKind::District),
            "县" => Some(UnitKind::County),
            "县级市" => Some(UnitKind::CountyCity),
            "功能区" => Some(UnitKind::Zone),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            UnitKind::District => "区",
            UnitKind::County => "县",
            UnitKind::CountyCity => "县级市",
            UnitKind::Zone => "功能区",
        }
    }
}

/// A county-level unit (县(市、区)红十字会).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unit {
    /// GB/T 2260 division code (正定县 = `130123`) or a custom code for a zone.
    pub code: String,
    pub name: String,
    pub name_en: Option<String>,
    pub former_names: Vec<String>,
    pub kind: UnitKind,
    /// Population by year of the count.
    pub population: BTreeMap<i32, i64>,
    pub peer_group: Option<String>,
    /// The figures the city confirms of a rate's denominator fields
    /// (`confirmed = { towns_total = { 2023 = 12 } }`): field code → year of
    /// the count → figure. Left out of the identity when empty.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub confirmed: BTreeMap<String, BTreeMap<i32, f64>>,
}

impl Unit {
    /// The city's figure of a denominator field for assessment year `year`:
    /// the latest count made in or before that year (none before the first).
    pub fn confirmed_for(&self, field: &str, year: i32) -> Option<f64> {
        self.confirmed
            .get(field)?
            .range(..=year)
            .next_back()
            .map(|(_, v)| *v)
    }

    /// The population used for assessment year `year`: the latest count made in
    /// or before that year, else the earliest count.
    pub fn population_for(&self, year: i32) -> Option<i64> {
        self.population
            .range(..=year)
            .next_back()
            .or_else(|| self.population.iter().next())
            .map(|(_, p)| *p)
    }
}

/// The type of a reported value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FieldType {
    /// A whole number ≥ 0 (people, items).
    Integer,
    /// A number with decimals (万元).
    Decimal,
    /// A percentage, stored as a share (35% = 0.35).
    Percent,
    /// 是/否.
    YesNo,
    /// One of a list of choices.
    Choice,
    /// Free text.
    Text,
    /// A date.
    Date,
}

impl FieldType {
    pub const NAMES: &'static [&'static str] = &[
        "integer", "decimal", "percent", "yes-no", "choice", "text", "date",
    ];

    pub fn parse(text: &str) -> Option<FieldType> {
        Some(match text {
            "integer" => FieldType::Integer,
            "decimal" => FieldType::Decimal,
            "percent" => FieldType::Percent,
            "yes-no" => FieldType::YesNo,
            "choice" => FieldType::Choice,
            "text" => FieldType::Text,
            "date" => FieldType::Date,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// Whether the value is a number that can be scored as a quantity.
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            FieldType::Integer | FieldType::Decimal | FieldType::Percent
        )
    }
}

/// What an empty input cell means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Blank {
    /// Not reported: an error when required, else missing (scores zero in points mode).
    Missing,
    /// Zero.
    Zero,
}

impl Blank {
    pub const NAMES: &'static [&'static str] = &["missing", "zero"];

    pub fn parse(text: &str) -> Option<Blank> {
        match text {
            "missing" => Some(Blank::Missing),
            "zero" => Some(Blank::Zero),
            _ => None,
        }
    }
}

/// How a count relates to time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Counting {
    /// 当年新增: what happened within the statistical period.
    Annual,
    /// 年末累计: a running total since records began; never falls.
    Cumulative,
    /// 年末实有: what exists at the end of the period; may fall.
    Status,
}

impl Counting {
    pub const NAMES: &'static [&'static str] = &["annual", "cumulative", "status"];

    pub fn parse(text: &str) -> Option<Counting> {
        match text {
            "annual" => Some(Counting::Annual),
            "cumulative" => Some(Counting::Cumulative),
            "status" => Some(Counting::Status),
            _ => None,
        }
    }
}

/// Who provides a field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Source {
    /// The county, in its template.
    County,
    /// A city department's score sheet (党建 by the 机关党委 …).
    Department,
    /// An outside body's table (the blood station, the marrow bank …).
    External,
}

impl Source {
    pub const NAMES: &'static [&'static str] = &["county", "department", "external"];

    pub fn parse(text: &str) -> Option<Source> {
        match text {
            "county" => Some(Source::County),
            "department" => Some(Source::Department),
            "external" => Some(Source::External),
            _ => None,
        }
    }
}

/// A value that is reported or supplied.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    pub code: String,
    pub name: String,
    pub name_en: Option<String>,
    /// Unit of measure (人, 万元 …); empty for yes/no and text.
    pub unit: String,
    pub kind: FieldType,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub required: bool,
    pub blank: Blank,
    pub counting: Option<Counting>,
    pub help: Option<String>,
    /// Former codes of this field, so that renamed fields connect across years.
    pub replaces: Vec<String>,
    pub source: Source,
    pub provider: Option<String>,
    pub choices: Vec<String>,
    /// A rate's denominator (乡镇/街道总数 …): the unit registry may hold the
    /// city's figure, which is then used instead of the county's.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub denominator: bool,
}

/// A comparison in a cross-field rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Comparison {
    Le,
    Lt,
    Ge,
    Gt,
    Eq,
}

/// One term of a rule's side: a field or a number, added or subtracted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Term {
    Field { code: String, negative: bool },
    Number(f64),
}

/// A cross-field rule such as `towns_with_rc <= towns_total`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rule {
    pub text: String,
    pub left: Vec<Term>,
    pub comparison: Comparison,
    pub right: Vec<Term>,
    pub message: Option<String>,
}

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
    pub fields: Vec<String>,
    /// A field the value is divided by (a ratio such as 建会率).
    pub divide_by: Option<String>,
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
    pub code: String,
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

/// When a grassroots organisation meets the 五有 standard (达标).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum WuyouRule {
    /// Every item is met.
    All,
    /// The item points reach `pass`, no item below `item_floor`; `model` marks 示范.
    Points {
        pass: Points,
        item_floor: Option<Points>,
        model: Option<Points>,
    },
}

/// A type of grassroots organisation with its thresholds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrgType {
    pub code: String,
    pub name: String,
    pub name_en: Option<String>,
    pub min_members: i64,
    pub min_volunteers: i64,
}

/// A count an item depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Need {
    /// Members at least the type's `min-members`.
    Members,
    /// Volunteers at least the type's `min-volunteers`.
    Volunteers,
}

impl Need {
    pub const NAMES: &'static [&'static str] = &["members", "volunteers"];

    pub fn parse(text: &str) -> Option<Need> {
        match text {
            "members" => Some(Need::Members),
            "volunteers" => Some(Need::Volunteers),
            _ => None,
        }
    }
}

/// A scored part of one 有.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WuyouSubItem {
    pub code: String,
    pub name: String,
    pub name_en: Option<String>,
    pub points: Points,
}

/// One 有 (带头人, 队伍 …).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WuyouItem {
    pub code: String,
    pub name: String,
    pub short: String,
    pub name_en: Option<String>,
    pub points: Option<Points>,
    pub needs: Vec<Need>,
    pub sub_items: Vec<WuyouSubItem>,
}

/// The 五有 standard for grassroots organisations (or 六有 with a sixth item).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Wuyou {
    pub name: String,
    pub name_en: Option<String>,
    /// The field whose value must equal the list's length.
    pub count_field: Option<String>,
    pub rule: WuyouRule,
    pub org_types: Vec<OrgType>,
    pub items: Vec<WuyouItem>,
}

/// Values that indicators may use without a `[[field]]`: computed by the tool.
pub const VIRTUAL_FIELDS: &[(&str, &str, &str)] = &[
    ("population", "人口数", "population"),
    (
        "wuyou-orgs",
        "基层组织数（五有名单）",
        "grassroots organisations listed",
    ),
    (
        "wuyou-met",
        "五有达标组织数",
        "organisations meeting the standard",
    ),
    ("wuyou-rate", "五有达标率", "share meeting the standard"),
];

/// A validated framework.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Framework {
    pub id: String,
    pub version: String,
    pub name: String,
    pub name_en: Option<String>,
    pub from_year: i32,
    pub to_year: Option<i32>,
    pub mode: Mode,
    pub total: Option<Points>,
    pub population_base: PopulationBase,
    pub bonus_cap: Option<Points>,
    pub tie_break: Vec<String>,
    pub missing: Missing,
    /// Warn when a value changes beyond this share of last year's (see the spec).
    pub change_warning: f64,
    /// What becomes of a unit recorded as 未报送 (left out of the identity
    /// when it is the default, so that frameworks without the key keep theirs).
    #[serde(skip_serializing_if = "NotSubmitted::is_default")]
    pub not_submitted: NotSubmitted,
    /// The `weighted-mean` chain's settings; `None` in `points` mode (and then
    /// left out of the identity, so that points frameworks keep theirs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub composite: Option<Composite>,
    pub period: Period,
    pub units: Vec<Unit>,
    pub fields: Vec<Field>,
    pub rules: Vec<Rule>,
    pub dimensions: Vec<Dimension>,
    pub indicators: Vec<Indicator>,
    pub bonus: Vec<BonusItem>,
    pub deductions: Vec<DeductionItem>,
    pub vetoes: Vec<VetoItem>,
    pub grades: Vec<Grade>,
    pub commendations: Vec<Commendation>,
    pub wuyou: Option<Wuyou>,
    /// [`Framework::unit`]'s look-up table, built on first use.
    #[serde(skip)]
    pub unit_index: UnitIndex,
}

/// Units by code, name and former name — for each, the first unit in file
/// order that has it — built on the first look-up: a province's files and
/// city workbook look up units hundreds of thousands of times, and a scan of
/// 3,000 units each time made that quadratic. A copy starts empty; it never
/// makes two frameworks unequal.
#[derive(Default)]
pub struct UnitIndex(std::sync::OnceLock<std::collections::HashMap<String, usize>>);

impl Clone for UnitIndex {
    fn clone(&self) -> UnitIndex {
        UnitIndex::default()
    }
}

impl PartialEq for UnitIndex {
    fn eq(&self, _: &UnitIndex) -> bool {
        true
    }
}

impl fmt::Debug for UnitIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("UnitIndex")
    }
}

/// A child of a dimension, in file order.
#[derive(Debug, Clone, Copy)]
pub enum Node<'a> {
    Dimension(&'a Dimension),
    Indicator(&'a Indicator),
}

impl Framework {
    /// A stable identity: SHA-256 of the validated model (not of the file bytes),
    /// so that reformatting a file or moving a table keeps the identity.
    pub fn identity(&self) -> String {
        use sha2::{Digest, Sha256};
        let json = serde_json::to_string(self).unwrap_or_default();
        let digest = Sha256::digest(json.as_bytes());
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Dimensions without a parent, in file order.
    pub fn top_dimensions(&self) -> impl Iterator<Item = &Dimension> {
        self.dimensions.iter().filter(|d| d.parent.is_none())
    }

    /// Sub-dimensions first, then indicators, each in file order.
    pub fn children(&self, code: &str) -> Vec<Node<'_>> {
        let dims = self
            .dimensions
            .iter()
            .filter(|d| d.parent.as_deref() == Some(code))
            .map(Node::Dimension);
        let inds = self
            .indicators
            .iter()
            .filter(|i| i.dimension == code)
            .map(Node::Indicator);
        dims.chain(inds).collect()
    }

    pub fn field(&self, code: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.code == code)
    }

    pub fn unit(&self, code_or_name: &str) -> Option<&Unit> {
        let index = self.unit_index.0.get_or_init(|| {
            let mut index = std::collections::HashMap::new();
            for (i, u) in self.units.iter().enumerate() {
                for key in [&u.code, &u.name].into_iter().chain(&u.former_names) {
                    index.entry(key.clone()).or_insert(i);
                }
            }
            index
        });
        index.get(code_or_name).map(|&i| &self.units[i])
    }

    /// Sum of the units' populations for `year`.
    pub fn population_total(&self, year: i32) -> i64 {
        self.units
            .iter()
            .filter_map(|u| u.population_for(year))
            .sum()
    }

    /// Whether the framework applies to assessment year `year`.
    pub fn applies_to(&self, year: i32) -> bool {
        year >= self.from_year && self.to_year.is_none_or(|to| year <= to)
    }
}
