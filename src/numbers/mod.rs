//! Reading one cell as the value of one field, the way county clerks type it.
//!
//! [`interpret`] takes a cell as stored ([`RawCell`]: text, number, boolean,
//! date serial, error value, or a formula without a stored result) and the
//! field it belongs to, and gives either a [`Reading`] — the value, with a
//! [`Note`] for each reading that was not plain (`12.5万` read as 125000 人次)
//! — or a [`Refusal`] when the value cannot be taken exactly (`约200`,
//! `200-300`, `二百`). Nothing is guessed: what is not understood exactly is
//! refused, and every message quotes what was typed and says what to type.
//!
//! Numbers are read relative to the field's unit of measure: `万` is 10,000 of
//! the unit, except in a 万元 field, where it is the unit itself. Arithmetic is
//! done on the decimal digits as typed, so `1.2345万` is exactly 12345.
//! Numbers stored as numbers are taken at Excel's 15 significant digits (what
//! Excel shows), so that `3.0000000000000004` from a formula is 3.
//!
//! Not done here: range checks (`min`, `max`), cross-field rules, and the file
//! and cell in front of each message — the caller's job.

mod chinese;
mod date;
mod decimal;
mod message;
mod number;
mod unit;

use crate::framework::{Blank, Field, FieldType};
use crate::ingest::{CellValue, RawCell};
use crate::lang::{Both, Lang};

pub use chinese::small_chinese;
use date::read_date;
use decimal::Dec;
use number::{normalize_width, read_number};

/// A value read from a cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A number in the field's unit; a percent field holds a share (35% = 0.35).
    Number(f64),
    /// 是 (true) or 否 (false).
    YesNo(bool),
    /// A choice or free text, trimmed.
    Text(String),
    /// A calendar date.
    Date(crate::date::Date),
    /// Nothing reported.
    Blank,
}

/// A value taken, with what the office should be told about how it was read.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub value: Value,
    pub notes: Vec<Note>,
}

/// How a number typed as text was rewritten before it was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rewrite {
    /// Full-width digits or punctuation (`１２．５`, `３５％`).
    FullWidth,
    /// Thousands separators (`1,234`, `1，234`).
    Separators,
    /// The field's unit written after the number, dropped (`200人`, `12.5万元`
    /// or `12.5万` in a 万元 field).
    Unit,
    /// `万`: times 10,000 (`12.5万` 人次 = 125000).
    TenThousand,
    /// `亿`: times 100,000,000, or 10,000 in a 万元 field.
    HundredMillion,
    /// A bare number above 1 in a percent field, read as a percentage (`35` → 35%).
    Percent,
    /// Zero-width characters or non-breaking spaces inside the number
    /// (pasted from a web page or a chat), removed (`1\u{a0}200`).
    Invisible,
}

/// Characters that show as nothing or as a space but are not a space: the
/// zero-width space, joiners, the word joiner, a byte-order mark, the
/// non-breaking spaces.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00A0}' | '\u{202F}' | '\u{2007}'
    )
}

/// A reading that was not plain: the value is taken, and the office is told.
#[derive(Debug, Clone, PartialEq)]
pub enum Note {
    /// A number not typed plainly, read as `shown` (value and unit, `125000 人次`).
    Number {
        typed: String,
        shown: Both,
        how: Vec<Rewrite>,
    },
    /// A word for none (`无`, `—`) in a field where blank counts as zero.
    NoneAsZero { typed: String, shown: Both },
    /// Yes or no written otherwise than 是/否 (`√`, `Y`, `TRUE`, `1`).
    YesNo { typed: String, value: bool },
    /// A date typed as text, read as `date` (`2025-12-10`).
    DateText { typed: String, date: String },
    /// The value is the result the formula had when the file was last saved.
    Formula { formula: String, stored: String },
}

/// What a number field takes, for the "write … such as …" part of a message.
#[derive(Debug, Clone, PartialEq)]
pub struct Expected {
    pub kind: FieldType,
    /// The field's unit ([`unit_label`]), boxed to keep refusals small.
    pub unit: Box<Both>,
    /// An example of what to type: the clerk's own number when it is known
    /// (`约200` → `200`), else a standard one.
    pub example: String,
}

/// Why a cell's value cannot be taken exactly. Each is an error for the office.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// Not a number at all (`三次` aside: see [`Refusal::ChineseNumerals`]).
    NotANumber { typed: String, expected: Expected },
    /// A number with a word that makes it approximate (`约200`, `200多`, `>200`).
    Approximate { typed: String, expected: Expected },
    /// Two numbers joined as a range (`200-300`, `200~300`, `200至300`).
    Range { typed: String, expected: Expected },
    /// More than one number (`200/300`, `200 300`).
    Several { typed: String, expected: Expected },
    /// Chinese numerals (`二百`, `两千`).
    ChineseNumerals { typed: String, expected: Expected },
    /// Commas that are not thousands separators (`1,23`, `1.234,5`).
    BadSeparators { typed: String, expected: Expected },
    /// Not a whole number in an integer field; `value` after 万/亿 (`12345.6`).
    NotWhole {
        typed: String,
        value: String,
        unit: Both,
    },
    /// A negative number.
    Negative { typed: String },
    /// A unit other than the field's (`200人` in a 万元 field, `5元`).
    WrongUnit {
        typed: String,
        found: String,
        expected: Expected,
    },
    /// A bare number above 100 in a percent field: a percentage or a mistake.
    PercentOver100 { typed: String, value: String },
    /// A word for none (`无`, `—`) where blank does not count as zero.
    NoneWord { typed: String },
    /// A TRUE/FALSE cell where a number is expected.
    BoolForNumber { typed: String, expected: Expected },
    /// A date cell where a number is expected (often a number typed into a
    /// date-formatted cell; a date typed as text is [`Refusal::NotANumber`]).
    DateForNumber { typed: String, expected: Expected },
    /// Not one of the accepted ways to write yes or no.
    NotYesNo { typed: String },
    /// Not one of the field's choices.
    NotAChoice { typed: String, choices: Vec<String> },
    /// Not a date, or not a real one (`2025-02-30`).
    NotADate { typed: String },
    /// A formula without a stored result (the file was written by a program
    /// that does not calculate).
    NoStoredResult { formula: String },
    /// An error value (`#DIV/0!`), with the formula that gave it.
    ErrorValue {
        error: String,
        formula: Option<String>,
    },
}

/// The field's unit as shown in messages: `人次`, `万元`, `%` for a percent field.
pub fn unit_label(field: &Field) -> Both {
    let one = |lang| {
        let unit = field.unit_in(lang).trim();
        if field.kind == FieldType::Percent && (unit.is_empty() || field.unit.trim().is_empty()) {
            "%".to_string()
        } else {
            unit.to_string()
        }
    };
    Both::new(one(Lang::Zh), one(Lang::En))
}

/// Reads `text` as yes or no: `是/否`, `√/×`, `✓/✗`, `✔/✘`, `有/无`, `Y/N`,
/// `yes/no`, `TRUE/FALSE` (any case, full-width too) and `1/0`.
pub fn yes_no(text: &str) -> Option<bool> {
    match normalize_width(text.trim()).to_lowercase().as_str() {
        "是" | "√" | "✓" | "✔" | "有" | "y" | "yes" | "true" | "1" => Some(true),
        "否" | "×" | "✗" | "✘" | "✕" | "✖" | "无" | "没有" | "n" | "no" | "false" | "0" => {
            Some(false)
        }
        _ => None,
    }
}

/// Turns one cell (`None` when the cell is empty) into a value for `field`.
pub fn interpret(cell: Option<&RawCell>, field: &Field) -> Result<Reading, Refusal> {
    let Some(cell) = cell else {
        return Ok(blank(field));
    };
    let formula = cell.formula.as_deref().map(show_formula);
    let stored = match &cell.value {
        CellValue::Empty => {
            return match formula {
                Some(formula) => Err(Refusal::NoStoredResult { formula }),
                None => Ok(blank(field)),
            };
        }
        CellValue::Error(error) => {
            return Err(Refusal::ErrorValue {
                error: error.clone(),
                formula,
            });
        }
        CellValue::Text(text) => Stored::Text(text),
        CellValue::Number(n) => Stored::Number(*n),
        CellValue::Bool(b) => Stored::Bool(*b),
        CellValue::DateTime(serial) => Stored::Serial(*serial),
        CellValue::DateText(text) => Stored::DateText(text),
    };
    let reading = match field.kind {
        FieldType::Integer | FieldType::Decimal | FieldType::Percent => read_number(stored, field),
        FieldType::YesNo => read_yes_no(stored, field),
        FieldType::Choice => read_choice(stored, field),
        FieldType::Text => Ok(read_text(stored, field)),
        FieldType::Date => read_date(stored, field),
    }?;
    match formula {
        Some(formula) if !stored.is_blank() => {
            let mut notes = vec![Note::Formula {
                formula,
                stored: stored.to_text(),
            }];
            notes.extend(reading.notes);
            Ok(Reading {
                value: reading.value,
                notes,
            })
        }
        _ => Ok(reading),
    }
}

/// A cell's value once formulas without result and error values are set aside.
#[derive(Debug, Clone, Copy)]
enum Stored<'a> {
    Text(&'a str),
    Number(f64),
    Bool(bool),
    Serial(f64),
    DateText(&'a str),
}

impl Stored<'_> {
    fn is_blank(self) -> bool {
        matches!(self, Stored::Text(t) if t.trim().is_empty())
    }

    /// As the clerk sees it: `120`, `TRUE`, `2023-03-15`.
    fn to_text(self) -> String {
        match self {
            Stored::Text(t) | Stored::DateText(t) => t.trim().to_string(),
            Stored::Number(n) => number_text(n),
            Stored::Bool(b) => bool_text(b).to_string(),
            Stored::Serial(s) => serial_text(s),
        }
    }
}

fn show_formula(formula: &str) -> String {
    let formula = formula.trim();
    if formula.starts_with('=') {
        formula.to_string()
    } else {
        format!("={formula}")
    }
}

fn bool_text(b: bool) -> &'static str {
    if b { "TRUE" } else { "FALSE" }
}

/// A number cell as Excel shows it (15 significant digits, no exponent).
fn number_text(n: f64) -> String {
    if !n.is_finite() {
        return n.to_string();
    }
    let dec = Dec::from_f64(n.abs());
    if n < 0.0 && !dec.is_zero() {
        format!("-{dec}")
    } else {
        dec.to_string()
    }
}

/// A date serial as a date (`2023-03-15`), or as a number when it is no date.
fn serial_text(serial: f64) -> String {
    crate::date::of_excel_serial(serial).map_or_else(|| number_text(serial), crate::date::text)
}

/// An empty cell: zero in a number field whose blank means zero, else blank.
fn blank(field: &Field) -> Reading {
    if field.kind.is_numeric() && field.blank == Blank::Zero {
        plain(Value::Number(0.0))
    } else {
        plain(Value::Blank)
    }
}

fn plain(value: Value) -> Reading {
    Reading {
        value,
        notes: Vec::new(),
    }
}

fn expected(field: &Field, example: Option<String>) -> Expected {
    let example = example.unwrap_or_else(|| {
        match field.kind {
            FieldType::Integer => "120",
            FieldType::Percent => "35%",
            _ => "12.5",
        }
        .to_string()
    });
    Expected {
        kind: field.kind,
        unit: Box::new(unit_label(field)),
        example,
    }
}

// ── yes/no, choices, text ───────────────────────────────────────────────

fn read_yes_no(stored: Stored<'_>, field: &Field) -> Result<Reading, Refusal> {
    let typed = stored.to_text();
    let value = match stored {
        Stored::Text(_) if typed.is_empty() => return Ok(blank(field)),
        Stored::Text(_) => yes_no(&typed),
        Stored::Number(1.0) => Some(true),
        Stored::Number(0.0) => Some(false),
        Stored::Bool(b) => Some(b),
        _ => None,
    };
    let Some(value) = value else {
        return Err(Refusal::NotYesNo { typed });
    };
    let notes = if matches!(stored, Stored::Text(_)) && (typed == "是" || typed == "否") {
        Vec::new()
    } else {
        vec![Note::YesNo { typed, value }]
    };
    Ok(Reading {
        value: Value::YesNo(value),
        notes,
    })
}

fn read_choice(stored: Stored<'_>, field: &Field) -> Result<Reading, Refusal> {
    let typed = stored.to_text();
    if typed.is_empty() {
        return Ok(blank(field));
    }
    match field.choices.iter().find(|c| c.trim() == typed) {
        Some(choice) => Ok(plain(Value::Text(choice.clone()))),
        None => Err(Refusal::NotAChoice {
            typed,
            choices: field.choices.clone(),
        }),
    }
}

fn read_text(stored: Stored<'_>, field: &Field) -> Reading {
    let text = stored.to_text();
    if text.is_empty() {
        blank(field)
    } else {
        plain(Value::Text(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::Source;

    pub(super) fn field(kind: FieldType, unit: &str, blank: Blank) -> Field {
        Field {
            code: "f".into(),
            name: "测试".into(),
            name_en: None,
            unit: unit.into(),
            // as the default framework's fields.toml names them
            unit_en: match unit {
                "人" => Some("people".into()),
                "人次" => Some("person-times".into()),
                "万元" => Some("10,000 yuan".into()),
                "元" => Some("yuan".into()),
                _ => None,
            },
            kind,
            min: None,
            max: None,
            required: false,
            blank,
            counting: None,
            help: None,
            replaces: Vec::new(),
            source: Source::County,
            provider: None,
            provider_en: None,
            choices: Vec::new(),
            denominator: false,
        }
    }

    pub(super) fn int(unit: &str) -> Field {
        field(FieldType::Integer, unit, Blank::Missing)
    }

    pub(super) fn dec(unit: &str) -> Field {
        field(FieldType::Decimal, unit, Blank::Missing)
    }

    pub(super) fn pct() -> Field {
        field(FieldType::Percent, "%", Blank::Missing)
    }

    fn cell(value: CellValue) -> RawCell {
        RawCell {
            row: 0,
            col: 0,
            value,
            formula: None,
        }
    }

    pub(super) fn read(value: CellValue, field: &Field) -> Result<Reading, Refusal> {
        interpret(Some(&cell(value)), field)
    }

    pub(super) fn text(s: &str, field: &Field) -> Result<Reading, Refusal> {
        read(CellValue::Text(s.into()), field)
    }

    /// The value and the Chinese notes.
    pub(super) fn taken(result: Result<Reading, Refusal>) -> (Value, Vec<String>) {
        let reading = result.unwrap_or_else(|r| panic!("refused: {}", r.message(Lang::Zh)));
        let notes = reading.notes.iter().map(|n| n.message(Lang::Zh)).collect();
        (reading.value, notes)
    }

    pub(super) fn refused(result: Result<Reading, Refusal>, lang: Lang) -> String {
        match result {
            Ok(reading) => panic!("taken: {reading:?}"),
            Err(refusal) => refusal.message(lang),
        }
    }

    pub(super) fn n(v: f64) -> Value {
        Value::Number(v)
    }

    #[test]
    fn blank_cell_is_blank_when_blank_means_missing() {
        let f = int("人");
        assert_eq!(interpret(None, &f), Ok(plain(Value::Blank)));
        assert_eq!(taken(text("", &f)), (Value::Blank, vec![]));
        assert_eq!(taken(text("  \u{3000}", &f)), (Value::Blank, vec![]));
    }

    #[test]
    fn blank_cell_is_zero_without_note_when_blank_means_zero() {
        let f = field(FieldType::Integer, "次", Blank::Zero);
        assert_eq!(interpret(None, &f), Ok(plain(n(0.0))));
        assert_eq!(taken(text("   ", &f)), (n(0.0), vec![]));
        // Only numbers have a zero: a blank yes/no stays blank.
        let yn = field(FieldType::YesNo, "", Blank::Zero);
        assert_eq!(interpret(None, &yn), Ok(plain(Value::Blank)));
    }

    #[test]
    fn yes_no_words() {
        for yes in [
            "是", "√", "✓", "✔", "有", "Y", "y", "yes", "YES", "True", "TRUE", "1", "Ｙ",
        ] {
            assert_eq!(yes_no(yes), Some(true), "{yes}");
        }
        for no in [
            "否", "×", "✗", "✘", "无", "N", "no", "No", "FALSE", "false", "0",
        ] {
            assert_eq!(yes_no(no), Some(false), "{no}");
        }
        for neither in ["对", "X", "x", "2", "", "是的"] {
            assert_eq!(yes_no(neither), None, "{neither}");
        }
    }

    #[test]
    fn yes_no_field_notes_everything_but_shi_and_fou() {
        let f = field(FieldType::YesNo, "", Blank::Missing);
        assert_eq!(taken(text("是", &f)), (Value::YesNo(true), vec![]));
        assert_eq!(taken(text(" 否 ", &f)), (Value::YesNo(false), vec![]));
        assert_eq!(
            taken(text("√", &f)),
            (Value::YesNo(true), vec!["「√」按“是”读取".to_string()])
        );
        assert_eq!(
            taken(text("无", &f)),
            (Value::YesNo(false), vec!["「无」按“否”读取".to_string()])
        );
        let en: Vec<String> = text("N", &f)
            .iter()
            .flat_map(|r| &r.notes)
            .map(|n| n.message(Lang::En))
            .collect();
        assert_eq!(en, ["\"N\" read as 否 (no)"]);
    }

    #[test]
    fn yes_no_field_notes_bool_cells_and_one_or_zero() {
        let f = field(FieldType::YesNo, "", Blank::Missing);
        assert_eq!(
            taken(read(CellValue::Bool(true), &f)),
            (Value::YesNo(true), vec!["「TRUE」按“是”读取".to_string()])
        );
        assert_eq!(
            taken(read(CellValue::Number(0.0), &f)),
            (Value::YesNo(false), vec!["「0」按“否”读取".to_string()])
        );
        assert_eq!(
            refused(read(CellValue::Number(2.0), &f), Lang::Zh),
            "「2」不是“是”或“否”；请填写“是”或“否”（也可填 √/×、✓/✗、有/无、Y/N、yes/no、TRUE/FALSE、1/0）"
        );
    }

    #[test]
    fn yes_no_field_refuses_other_words() {
        let f = field(FieldType::YesNo, "", Blank::Missing);
        let r = text("对", &f);
        assert_eq!(
            refused(r.clone(), Lang::Zh),
            "「对」不是“是”或“否”；请填写“是”或“否”（也可填 √/×、✓/✗、有/无、Y/N、yes/no、TRUE/FALSE、1/0）"
        );
        assert_eq!(
            refused(r, Lang::En),
            "\"对\" is not yes or no; write 是 or 否 (√/×, ✓/✗, 有/无, Y/N, yes/no, TRUE/FALSE and 1/0 are also accepted)"
        );
    }

    #[test]
    fn choice_field_takes_only_its_choices() {
        let mut f = field(FieldType::Choice, "", Blank::Missing);
        f.choices = vec!["乡镇/街道".into(), "村/社区".into(), "学校".into()];
        assert_eq!(
            taken(text(" 学校 ", &f)),
            (Value::Text("学校".into()), vec![])
        );
        let r = text("医院", &f);
        assert_eq!(
            refused(r.clone(), Lang::Zh),
            "「医院」不是可选值；请从下拉列表选择：乡镇/街道、村/社区、学校"
        );
        assert_eq!(
            refused(r, Lang::En),
            "\"医院\" is not one of the choices; pick one of: 乡镇/街道, 村/社区, 学校"
        );
    }

    #[test]
    fn text_field_takes_any_text_and_numbers_as_text() {
        let f = field(FieldType::Text, "", Blank::Missing);
        assert_eq!(
            taken(text("  约200人 ", &f)),
            (Value::Text("约200人".into()), vec![])
        );
        assert_eq!(
            taken(read(CellValue::Number(1234.0), &f)),
            (Value::Text("1234".into()), vec![])
        );
        assert_eq!(
            taken(read(CellValue::Number(12.5), &f)),
            (Value::Text("12.5".into()), vec![])
        );
    }

    #[test]
    fn a_formulas_stored_result_is_taken_with_a_note() {
        let f = int("人");
        let c = RawCell {
            formula: Some("SUM(D3:D5)".into()),
            ..cell(CellValue::Number(120.0))
        };
        let r = interpret(Some(&c), &f);
        assert_eq!(
            taken(r.clone()),
            (
                n(120.0),
                vec!["公式「=SUM(D3:D5)」按文件中保存的结果「120」读取".to_string()]
            )
        );
        let en: Vec<String> = r
            .iter()
            .flat_map(|r| &r.notes)
            .map(|n| n.message(Lang::En))
            .collect();
        assert_eq!(
            en,
            ["formula \"=SUM(D3:D5)\" read from its stored result \"120\""]
        );
        // a stored text result is read like typed text, and both are noted
        let c = RawCell {
            formula: Some("=B2&\"万\"".into()),
            ..cell(CellValue::Text("12.5万".into()))
        };
        assert_eq!(
            taken(interpret(Some(&c), &int("人次"))),
            (
                n(125_000.0),
                vec![
                    "公式「=B2&\"万\"」按文件中保存的结果「12.5万」读取".to_string(),
                    "「12.5万」按 125000 人次读取".to_string(),
                ]
            )
        );
    }

    #[test]
    fn a_formula_without_stored_result_is_refused() {
        let c = RawCell {
            formula: Some("SUM(D3:D5)".into()),
            ..cell(CellValue::Empty)
        };
        let r = interpret(Some(&c), &int("人"));
        assert_eq!(
            refused(r.clone(), Lang::Zh),
            "公式「=SUM(D3:D5)」没有保存的计算结果；请用 Excel 或 WPS 打开文件并保存，或直接填写数值"
        );
        assert_eq!(
            refused(r, Lang::En),
            "formula \"=SUM(D3:D5)\" has no stored result; open and save the file in Excel or WPS, or type the value"
        );
    }

    #[test]
    fn error_values_are_refused() {
        let c = RawCell {
            formula: Some("D3/D4".into()),
            ..cell(CellValue::Error("#DIV/0!".into()))
        };
        assert_eq!(
            refused(interpret(Some(&c), &int("人")), Lang::Zh),
            "公式「=D3/D4」的结果是错误值「#DIV/0!」；请改正公式或直接填写数值"
        );
        assert_eq!(
            refused(read(CellValue::Error("#N/A".into()), &int("人")), Lang::Zh),
            "「#N/A」是错误值；请直接填写数值"
        );
    }
}
