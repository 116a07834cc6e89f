//! The validated framework: the types the rest of the code sees.
//!
//! Everything here has been checked by [`super::check`]: codes are unique,
//! every reference resolves, parameters are in range and points add up.
//! Points are held in exact hundredths ([`Points`]) so that sums never drift.

mod adjustment;
mod composite;
mod field;
mod indicator;
mod period;
mod unit;
mod wuyou;

use std::fmt;

use serde::Serialize;

pub use adjustment::{
    Bonus, BonusItem, ClaimSource, Commendation, Counts, Deduction, DeductionItem, Grade, Item,
    Maturity, Veto, VetoEffect, VetoItem, find_item, item_label,
};
pub use composite::{Composite, OutlierFallback, Outliers, Screen, ScreenOrder};
pub use field::{Blank, Comparison, Counting, Field, FieldType, Rule, Source, Term, quantity};
pub use indicator::{
    Aggregation, Dimension, Direction, Indicator, Method, Target, Tier, ValueSource,
};
pub use period::{MonthDay, OBJECTION_DAYS, Period};
pub use unit::{Unit, UnitKind};
pub use wuyou::{Need, OrgType, Wuyou, WuyouItem, WuyouRule, WuyouSubItem};

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
    /// Maturity levels, lowest first (none: no maturity in trend).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub maturity: Vec<Maturity>,
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

    /// A grade's name as `lang` reads it: the scores hold the Chinese name
    /// (`优秀`), the English one is the grade's `name-en` (`Excellent`); a
    /// name the framework does not know is shown as it is.
    pub fn grade_name<'a>(&'a self, grade: &'a str, lang: crate::lang::Lang) -> &'a str {
        self.grades
            .iter()
            .find(|g| g.name == grade)
            .map_or(grade, |g| lang.name(&g.name, g.name_en.as_deref()))
    }

    /// The maturity level a share of indicators met reaches (the highest
    /// whose `at_least` it is at or above).
    pub fn maturity_level(&self, share: f64) -> Option<&Maturity> {
        self.maturity
            .iter()
            .rev()
            .find(|m| share + 1e-9 >= m.at_least)
    }

    /// The maturity levels in words, lowest first: `规范 ≥60%`.
    pub fn maturity_bands(&self, lang: crate::lang::Lang) -> Vec<String> {
        self.maturity
            .iter()
            .map(|m| {
                format!(
                    "{} ≥{}%",
                    lang.name(&m.name, m.name_en.as_deref()),
                    crate::framework::check::number(m.at_least * 100.0)
                )
            })
            .collect()
    }

    /// The top dimension a dimension belongs to (itself when it has no parent).
    pub fn top_dimension_of<'a>(&'a self, code: &'a str) -> &'a str {
        let mut at = code;
        for _ in 0..self.dimensions.len() {
            match self
                .dimensions
                .iter()
                .find(|d| d.code == at)
                .and_then(|d| d.parent.as_deref())
            {
                Some(parent) => at = parent,
                None => break,
            }
        }
        at
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
                for key in [u.code.as_str(), &u.name]
                    .into_iter()
                    .chain(u.former_names.iter().map(String::as_str))
                {
                    index.entry(key.to_string()).or_insert(i);
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
