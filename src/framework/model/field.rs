//! What is reported: fields, their types, what a blank means, who provides
//! them, and the cross-field rules between them.

use serde::Serialize;

use crate::code::FieldCode;
use crate::lang::{Both, Lang};

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
    /// The measure in English (`people`, `10,000 yuan`), for `--lang en`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_en: Option<String>,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider_en: Option<String>,
    pub choices: Vec<String>,
    /// A rate's denominator (乡镇/街道总数 …): the unit registry may hold the
    /// city's figure, which is then used instead of the county's.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub denominator: bool,
}

impl Field {
    /// The field's name in `lang` (the Chinese one when it has no English one).
    pub fn name_in(&self, lang: Lang) -> &str {
        lang.name(&self.name, self.name_en.as_deref())
    }

    /// The measure in `lang`. In English: `unit-en`, else the measure itself
    /// when it is already Latin (`km`, `%`), else nothing: a bare number
    /// reads better than one with a Chinese measure in an English sentence.
    pub fn unit_in(&self, lang: Lang) -> &str {
        match (lang, &self.unit_en) {
            (Lang::Zh, _) => &self.unit,
            (Lang::En, Some(en)) => en,
            (Lang::En, None) if self.unit.is_ascii() => &self.unit,
            (Lang::En, None) => "",
        }
    }

    /// `12 人`, `35%`, `12.5 × 10,000 yuan`: a number with this field's
    /// measure in `lang` (a measure that starts with a number is a multiple).
    pub fn quantity(&self, number: &str, lang: Lang) -> String {
        quantity(number, self.unit_in(lang))
    }

    /// `1 个` / `1`, `80%`: a value with its measure, in both languages.
    pub fn value_text(&self, v: f64) -> Both {
        use crate::framework::check::number;
        let one = |lang| {
            if self.kind == FieldType::Percent {
                format!("{}%", number((v * 1000.0).round() / 10.0))
            } else if self.unit == "%" {
                number((v * 100.0).round() / 100.0)
            } else {
                self.quantity(&number((v * 100.0).round() / 100.0), lang)
            }
        };
        Both::new(one(Lang::Zh), one(Lang::En))
    }

    /// `0～3 分`, `≥0`: the field's range in both languages.
    pub fn range_text(&self) -> Both {
        let one = |lang| {
            let lo = self.min.map(|v| self.value_text(v).get(lang).to_string());
            let hi = self.max.map(|v| self.value_text(v).get(lang).to_string());
            match (lo, hi) {
                (Some(lo), Some(hi)) => format!("{lo}～{hi}"),
                (Some(lo), None) => format!("≥{lo}"),
                (None, Some(hi)) => format!("≤{hi}"),
                (None, None) => String::new(),
            }
        };
        Both::new(one(Lang::Zh), one(Lang::En))
    }

    /// Both names, for a message made before its language is known.
    pub fn names(&self) -> Both {
        Both::new(self.name_in(Lang::Zh), self.name_in(Lang::En))
    }
}

/// `12 人`, `35%`, `12.5 × 10,000 yuan`: a number with a measure (one
/// that starts with a number is a multiple).
pub fn quantity(number: &str, unit: &str) -> String {
    match unit.trim() {
        "" => number.to_string(),
        "%" | "‰" => format!("{number}{}", unit.trim()),
        u if u.starts_with(|c: char| c.is_ascii_digit()) => format!("{number} × {u}"),
        u => format!("{number} {u}"),
    }
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
    /// The message in English, for `--lang en`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_en: Option<String>,
}
