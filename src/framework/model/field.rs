//! What is reported: fields, their types, what a blank means, who provides
//! them, and the cross-field rules between them.

use serde::Serialize;

use crate::code::FieldCode;

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
    pub code: FieldCode,
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
    pub replaces: Vec<FieldCode>,
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
    Field { code: FieldCode, negative: bool },
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
