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

use std::fmt;

use crate::framework::{Blank, Field, FieldType};
use crate::ingest::{CellValue, RawCell};
use crate::lang::Lang;

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
    Date { year: i32, month: u32, day: u32 },
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
        shown: String,
        how: Vec<Rewrite>,
    },
    /// A word for none (`无`, `—`) in a field where blank counts as zero.
    NoneAsZero { typed: String, shown: String },
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
    /// The field's unit ([`unit_label`]).
    pub unit: String,
    /// An example of what to type: the clerk's own number when it is known
    /// (`约200` → `200`), else a standard one.
    pub example: String,
}

impl Expected {
    fn what(&self, lang: Lang) -> &'static str {
        match self.kind {
            FieldType::Integer => lang.pick("整数", "a whole number"),
            FieldType::Percent => lang.pick("百分比", "a percentage"),
            _ => lang.pick("数字", "a number"),
        }
    }
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
        unit: String,
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

/// The accepted ways to write yes and no, for messages.
const YES_NO_ACCEPTED: &str = "√/×、✓/✗、有/无、Y/N、yes/no、TRUE/FALSE、1/0";
const YES_NO_ACCEPTED_EN: &str = "√/×, ✓/✗, 有/无, Y/N, yes/no, TRUE/FALSE and 1/0";

impl Note {
    /// The sentence for the office (the caller puts the file and cell in front).
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Note::Number { typed, shown, how } if how.contains(&Rewrite::Invisible) => {
                let q = quote(typed, lang);
                let sp = space_after(shown);
                lang.pick(
                    format!("{q}按 {shown}{sp}读取（已删去数字中的不可见字符或不换行空格，多为从网页或聊天中复制带来的）"),
                    format!("{q} read as {shown} (zero-width characters or non-breaking spaces inside the number removed; they come with text copied from a web page or a chat)"),
                )
            }
            Note::Number { typed, shown, .. } | Note::NoneAsZero { typed, shown } => {
                let q = quote(typed, lang);
                let sp = space_after(shown);
                lang.pick(
                    format!("{q}按 {shown}{sp}读取"),
                    format!("{q} read as {shown}"),
                )
            }
            Note::YesNo { typed, value } => {
                let q = quote(typed, lang);
                let (zh, en) = if *value {
                    ("是", "是 (yes)")
                } else {
                    ("否", "否 (no)")
                };
                lang.pick(format!("{q}按“{zh}”读取"), format!("{q} read as {en}"))
            }
            Note::DateText { typed, date } => {
                let q = quote(typed, lang);
                lang.pick(
                    format!("{q}是文字，按日期 {date} 读取"),
                    format!("{q} is text; read as the date {date}"),
                )
            }
            Note::Formula { formula, stored } => {
                let (f, v) = (quote(formula, lang), quote(stored, lang));
                lang.pick(
                    format!("公式{f}按文件中保存的结果{v}读取"),
                    format!("formula {f} read from its stored result {v}"),
                )
            }
        }
    }
}

impl Refusal {
    /// The sentence for the office (the caller puts the file and cell in front).
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Refusal::NotANumber { typed, expected: x } => {
                let (q, what, ex) = (quote(typed, lang), x.what(lang), &x.example);
                lang.pick(
                    format!("{q}不是数字；请填写{what}，如 {ex}"),
                    format!("{q} is not a number; write {what} such as {ex}"),
                )
            }
            Refusal::Approximate { typed, expected: x } => {
                let (q, what, ex) = (quote(typed, lang), x.what(lang), &x.example);
                lang.pick(
                    format!("{q}不是确切的数字；请填写{what}，如 {ex}"),
                    format!("{q} is not an exact number; write {what} such as {ex}"),
                )
            }
            Refusal::Range { typed, expected: x } => {
                let (q, what, ex) = (quote(typed, lang), x.what(lang), &x.example);
                lang.pick(
                    format!("{q}是一个范围，不是确切的数字；请填写一个确切的{what}，如 {ex}"),
                    format!(
                        "{q} is a range, not an exact number; \
                         write one exact value, {what} such as {ex}"
                    ),
                )
            }
            Refusal::Several { typed, expected: x } => {
                let (q, what, ex) = (quote(typed, lang), x.what(lang), &x.example);
                lang.pick(
                    format!("{q}含有多个数字；请只填写一个{what}，如 {ex}"),
                    format!("{q} holds more than one number; write just one, {what} such as {ex}"),
                )
            }
            Refusal::ChineseNumerals { typed, expected: x } => {
                let (q, what, ex) = (quote(typed, lang), x.what(lang), &x.example);
                lang.pick(
                    format!("{q}用了汉字数字；请用阿拉伯数字填写{what}，如 {ex}"),
                    format!(
                        "{q} is written in Chinese numerals; write {what} in digits, such as {ex}"
                    ),
                )
            }
            Refusal::BadSeparators { typed, expected: x } => {
                let (q, what, ex) = (quote(typed, lang), x.what(lang), &x.example);
                lang.pick(
                    format!("{q}中的逗号不是千位分隔符；请填写不带逗号的{what}，如 {ex}"),
                    format!(
                        "{q} has a comma that is not a thousands separator; \
                         write {what} without commas, such as {ex}"
                    ),
                )
            }
            Refusal::NotWhole { typed, value, unit } => {
                let q = quote(typed, lang);
                let (zh_is, en_is) = if typed == value {
                    (String::new(), " is".to_string())
                } else {
                    (format!("即 {value}，"), format!(" is {value},"))
                };
                let (zh_unit, en_unit) = if unit.is_empty() {
                    (String::new(), String::new())
                } else {
                    (format!("（单位：{unit}）"), format!(" in {unit}"))
                };
                lang.pick(
                    format!("{q}{zh_is}不是整数；请填写整数{zh_unit}"),
                    format!("{q}{en_is} not a whole number; write a whole number{en_unit}"),
                )
            }
            Refusal::Negative { typed } => {
                let q = quote(typed, lang);
                lang.pick(
                    format!("{q}是负数；本栏不能为负，请填写 0 或正数"),
                    format!("{q} is negative; this value cannot be below 0, write 0 or more"),
                )
            }
            Refusal::WrongUnit {
                typed,
                found,
                expected: x,
            } => {
                let (q, what, ex, unit) = (quote(typed, lang), x.what(lang), &x.example, &x.unit);
                if unit.is_empty() {
                    lang.pick(
                        format!("{q}带有单位“{found}”；本栏只填{what}，不带单位，如 {ex}"),
                        format!(
                            "{q} carries the unit {found}; \
                             write {what} without a unit, such as {ex}"
                        ),
                    )
                } else {
                    lang.pick(
                        format!(
                            "{q}的单位是“{found}”，本栏的单位是“{unit}”；\
                             请填写以{unit}计的{what}，如 {ex}"
                        ),
                        format!(
                            "{q} is in {found}, but this field is in {unit}; \
                             write {what} in {unit} such as {ex}"
                        ),
                    )
                }
            }
            Refusal::PercentOver100 { typed, value } => {
                let q = quote(typed, lang);
                lang.pick(
                    format!("{q}大于 100，不能确定是不是百分数；如果是 {value}%，请填写 {value}%"),
                    format!(
                        "{q} is above 100 and may not be a percentage; \
                         if you mean {value}%, write {value}%"
                    ),
                )
            }
            Refusal::NoneWord { typed } => {
                let q = quote(typed, lang);
                lang.pick(
                    format!("{q}不是数字；如果没有，请填写 0"),
                    format!("{q} is not a number; write 0 if there were none"),
                )
            }
            Refusal::BoolForNumber { typed, expected: x } => {
                let (q, what, ex) = (quote(typed, lang), x.what(lang), &x.example);
                lang.pick(
                    format!("{q}是逻辑值，不是数字；请填写{what}，如 {ex}"),
                    format!("{q} is a true/false value, not a number; write {what} such as {ex}"),
                )
            }
            Refusal::DateForNumber { typed, expected: x } => {
                let (q, what, ex) = (quote(typed, lang), x.what(lang), &x.example);
                lang.pick(
                    format!(
                        "{q}是日期，不是数字；请填写{what}，如 {ex}\
                         （如果填的是数字却显示成日期，请把单元格格式改为“常规”）"
                    ),
                    format!(
                        "{q} is a date, not a number; write {what} such as {ex} \
                         (if you typed a number and it shows as a date, \
                         set the cell format to General)"
                    ),
                )
            }
            Refusal::NotYesNo { typed } => {
                let q = quote(typed, lang);
                lang.pick(
                    format!("{q}不是“是”或“否”；请填写“是”或“否”（也可填 {YES_NO_ACCEPTED}）"),
                    format!(
                        "{q} is not yes or no; \
                         write 是 or 否 ({YES_NO_ACCEPTED_EN} are also accepted)"
                    ),
                )
            }
            Refusal::NotAChoice { typed, choices } => {
                let q = quote(typed, lang);
                lang.pick(
                    format!("{q}不是可选值；请从下拉列表选择：{}", choices.join("、")),
                    format!(
                        "{q} is not one of the choices; pick one of: {}",
                        choices.join(", ")
                    ),
                )
            }
            Refusal::NotADate { typed } => {
                let q = quote(typed, lang);
                lang.pick(
                    format!("{q}不是日期；请填写年月日，如 2025-12-10 或 2025年12月10日"),
                    format!("{q} is not a date; write year, month and day such as 2025-12-10"),
                )
            }
            Refusal::NoStoredResult { formula } => {
                let f = quote(formula, lang);
                lang.pick(
                    format!(
                        "公式{f}没有保存的计算结果；\
                         请用 Excel 或 WPS 打开文件并保存，或直接填写数值"
                    ),
                    format!(
                        "formula {f} has no stored result; \
                         open and save the file in Excel or WPS, or type the value"
                    ),
                )
            }
            Refusal::ErrorValue {
                error,
                formula: Some(formula),
            } => {
                let (f, e) = (quote(formula, lang), quote(error, lang));
                lang.pick(
                    format!("公式{f}的结果是错误值{e}；请改正公式或直接填写数值"),
                    format!(
                        "formula {f} gives the error {e}; correct the formula or type the value"
                    ),
                )
            }
            Refusal::ErrorValue {
                error,
                formula: None,
            } => {
                let e = quote(error, lang);
                lang.pick(
                    format!("{e}是错误值；请直接填写数值"),
                    format!("{e} is an error value; type the value instead"),
                )
            }
        }
    }
}

/// A space between a number or a Latin letter and the Chinese that follows
/// (`按 35% 读取`), none after a Chinese unit (`按 200 人读取`).
fn space_after(text: &str) -> &'static str {
    if text.chars().last().is_some_and(|c| c.is_ascii()) {
        " "
    } else {
        ""
    }
}

/// What was typed, quoted: `「约200」` in Chinese, `"约200"` in English; long
/// text is cut at 40 characters.
fn quote(text: &str, lang: Lang) -> String {
    let text = clip(text);
    lang.pick(format!("「{text}」"), format!("\"{text}\""))
}

fn clip(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() > MAX {
        let head: String = text.chars().take(MAX).collect();
        format!("{head}…")
    } else {
        text.to_string()
    }
}

/// The field's unit as shown in messages: `人次`, `万元`, `%` for a percent field.
pub fn unit_label(field: &Field) -> String {
    let unit = field.unit.trim();
    if unit.is_empty() && field.kind == FieldType::Percent {
        "%".to_string()
    } else {
        unit.to_string()
    }
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
    date_from_serial(serial).map_or_else(|| number_text(serial), date_text)
}

fn date_text((year, month, day): (i32, u32, u32)) -> String {
    format!("{year:04}-{month:02}-{day:02}")
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
        unit: unit_label(field),
        example,
    }
}

// ── numbers ─────────────────────────────────────────────────────────────

/// Words that mean "none" (after full-width forms are made narrow, lower case).
const NONE_WORDS: &[&str] = &[
    "无", "没有", "暂无", "空", "-", "--", "---", "—", "——", "–", "―", "−", "/", "\\", "n/a", "na",
    "none",
];

/// Before a number, these make it approximate (`约200`, `>200`, `~200`).
const APPROX_BEFORE: &[&str] = &[
    "约", "近", "超过", "多于", "少于", "不足", "不到", "至少", "最少", "最多", "逾", "大概", "~",
    "〜", ">", "<", "≥", "≤", "≈",
];

/// After a number, these make it approximate (`200左右`, `200余`, `200多人`, `200+`).
const APPROX_AFTER: &[&str] = &[
    "左右", "余", "多", "以上", "以下", "以内", "上下", "来", "开外", "许", "+", "约", "不等", "几",
];

/// Between two numbers, these make a range (`200-300`, `200~300`, `200至300`).
const RANGE_JOINERS: &[char] = &['-', '~', '〜', '至', '到', '—', '–', '―', '−'];

/// Chinese numerals (万 and 亿 are read as multipliers after digits).
const CHINESE_NUMERALS: &str = "零〇一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟";

/// Units written after numbers, to tell a wrong unit from other words
/// (space-separated).
const UNIT_WORDS: &str = "人 人次 名 位 个 台 部 元 千元 百元 % 分 小时 时 天 日 月 年 \
     户 所 支 队 条 次 篇 场 项 件 家 批 期 块 套 辆 处 间 平方米 \
     米 公斤 千克 斤 吨 箱 份 册 本 张 枚 把 床 瓶 袋 包 盒 例 起 \
     座 组 轮 届 课时 学时 毫升 升";

fn is_unit_word(word: &str) -> bool {
    UNIT_WORDS.split_whitespace().any(|w| w == word)
}

fn read_number(stored: Stored<'_>, field: &Field) -> Result<Reading, Refusal> {
    match stored {
        Stored::Text(text) => {
            let typed = text.trim();
            if typed.is_empty() {
                Ok(blank(field))
            } else {
                number_from_text(typed, field)
            }
        }
        Stored::Number(n) => number_from_cell(n, field),
        Stored::Bool(b) => Err(Refusal::BoolForNumber {
            typed: bool_text(b).to_string(),
            expected: expected(field, None),
        }),
        Stored::Serial(_) | Stored::DateText(_) => Err(Refusal::DateForNumber {
            typed: stored.to_text(),
            expected: expected(field, None),
        }),
    }
}

fn number_from_cell(n: f64, field: &Field) -> Result<Reading, Refusal> {
    let typed = number_text(n);
    if !n.is_finite() {
        return Err(Refusal::NotANumber {
            typed,
            expected: expected(field, None),
        });
    }
    let value = Dec::from_f64(n.abs());
    if n < 0.0 && !value.is_zero() {
        return Err(Refusal::Negative { typed });
    }
    finish_number(typed, value, Vec::new(), false, field)
}

fn number_from_text(typed: &str, field: &Field) -> Result<Reading, Refusal> {
    let refuse = |make: fn(String, Expected) -> Refusal, example: Option<String>| {
        Err(make(typed.to_string(), expected(field, example)))
    };
    let text = normalize_width(typed);
    let mut how = Vec::new();
    if text != typed {
        how.push(Rewrite::FullWidth);
    }
    let text = if text.chars().any(invisible) {
        how.push(Rewrite::Invisible);
        text.chars().filter(|c| !invisible(*c)).collect()
    } else {
        text
    };
    if NONE_WORDS.contains(&text.to_lowercase().as_str()) {
        return match field.blank {
            Blank::Zero => Ok(Reading {
                value: Value::Number(0.0),
                notes: vec![Note::NoneAsZero {
                    typed: typed.to_string(),
                    shown: shown(Dec::ZERO, field),
                }],
            }),
            Blank::Missing => Err(Refusal::NoneWord {
                typed: typed.to_string(),
            }),
        };
    }
    if parse_date_text(&text).is_some() {
        // A date typed as text: not a number (and no range of three numbers).
        return refuse(
            |typed, expected| Refusal::NotANumber { typed, expected },
            None,
        );
    }
    if looks_like_chinese_numerals(&text, field) {
        return refuse(
            |typed, expected| Refusal::ChineseNumerals { typed, expected },
            chinese_example(&text, field),
        );
    }
    let runs = number_runs(&text);
    let (start, end) = match runs.as_slice() {
        [] => {
            return refuse(
                |typed, expected| Refusal::NotANumber { typed, expected },
                None,
            );
        }
        [one] => *one,
        [first, second, ..] => {
            let between = &text[first.1..second.0];
            return if runs.len() == 2 && between.contains(RANGE_JOINERS) {
                refuse(|typed, expected| Refusal::Range { typed, expected }, None)
            } else if runs.len() == 2 && between == "。" {
                // `12。5`: a Chinese full stop for a decimal point, not two numbers.
                refuse(
                    |typed, expected| Refusal::NotANumber { typed, expected },
                    None,
                )
            } else {
                refuse(|typed, expected| Refusal::Several { typed, expected }, None)
            };
        }
    };
    let (before, run, after) = (text[..start].trim(), &text[start..end], text[end..].trim());
    if APPROX_BEFORE.iter().any(|w| before.contains(w))
        || APPROX_AFTER.iter().any(|w| after.contains(w))
    {
        return refuse(
            |typed, expected| Refusal::Approximate { typed, expected },
            approx_example(run, after, field),
        );
    }
    let number = match parse_run(run) {
        Ok((number, separators)) => {
            if separators {
                how.push(Rewrite::Separators);
            }
            number
        }
        Err(RunError::Separators) => {
            return refuse(
                |typed, expected| Refusal::BadSeparators { typed, expected },
                None,
            );
        }
        Err(RunError::Other) => {
            return refuse(
                |typed, expected| Refusal::NotANumber { typed, expected },
                None,
            );
        }
    };
    match before {
        "" => {}
        "-" | "−" if !number.is_zero() => {
            return Err(Refusal::Negative {
                typed: typed.to_string(),
            });
        }
        _ => {
            return refuse(
                |typed, expected| Refusal::NotANumber { typed, expected },
                None,
            );
        }
    }
    match read_suffix(number, after, field) {
        Suffix::Read {
            value,
            how: more,
            percent,
        } => {
            how.extend(more);
            finish_number(typed.to_string(), value, how, percent, field)
        }
        Suffix::WrongUnit(found) => Err(Refusal::WrongUnit {
            typed: typed.to_string(),
            found,
            expected: expected(field, None),
        }),
        Suffix::Unknown => refuse(
            |typed, expected| Refusal::NotANumber { typed, expected },
            None,
        ),
    }
}

/// The last steps for every number: percent shares, whole numbers, the note.
fn finish_number(
    typed: String,
    value: Dec,
    mut how: Vec<Rewrite>,
    percent_sign: bool,
    field: &Field,
) -> Result<Reading, Refusal> {
    let value = match field.kind {
        FieldType::Percent if percent_sign => value.shift(-2),
        FieldType::Percent if value.to_f64() <= 1.0 => value,
        FieldType::Percent if value.to_f64() <= 100.0 => {
            how.push(Rewrite::Percent);
            value.shift(-2)
        }
        FieldType::Percent => {
            return Err(Refusal::PercentOver100 {
                typed,
                value: value.to_string(),
            });
        }
        FieldType::Integer if !value.is_whole() => {
            return Err(Refusal::NotWhole {
                typed,
                value: value.to_string(),
                unit: unit_label(field),
            });
        }
        _ => value,
    };
    let notes = if how.is_empty() {
        Vec::new()
    } else {
        vec![Note::Number {
            typed,
            shown: shown(value, field),
            how,
        }]
    };
    Ok(Reading {
        value: Value::Number(value.to_f64()),
        notes,
    })
}

/// A value with its unit for a note: `125000 人次`, `12.5 万元`, `35%`.
fn shown(value: Dec, field: &Field) -> String {
    let unit = unit_label(field);
    if field.kind == FieldType::Percent {
        format!("{}%", value.shift(2))
    } else if unit.is_empty() || unit == "%" {
        format!("{value}{unit}")
    } else {
        format!("{value} {unit}")
    }
}

/// What follows a number, read against the field's unit.
enum Suffix {
    /// Understood: the value in the field's unit (in percent when `percent`).
    Read {
        value: Dec,
        how: Vec<Rewrite>,
        percent: bool,
    },
    /// A unit, but not the field's.
    WrongUnit(String),
    /// Not a unit.
    Unknown,
}

/// `万` or `亿` at the start of a unit: the power of ten and the rest.
fn split_multiplier(unit: &str) -> (i32, &str) {
    if let Some(rest) = unit.strip_prefix('万') {
        (4, rest.trim_start())
    } else if let Some(rest) = unit.strip_prefix('亿') {
        (8, rest.trim_start())
    } else {
        (0, unit)
    }
}

fn read_suffix(number: Dec, suffix: &str, field: &Field) -> Suffix {
    let unit = field.unit.trim();
    let (unit_power, unit_base) = split_multiplier(unit);
    let (power, rest) = split_multiplier(suffix);
    let read = |value, how, percent| Suffix::Read {
        value,
        how,
        percent,
    };
    if field.kind == FieldType::Percent && rest == "%" {
        return read(number.shift(power), multiplier_rewrite(power, 0), true);
    }
    if power == 0 {
        if suffix.is_empty() {
            return read(number, Vec::new(), false);
        }
        if suffix == unit {
            return read(number, vec![Rewrite::Unit], false);
        }
    } else if rest.is_empty() || rest == unit_base {
        let mut how = multiplier_rewrite(power, unit_power);
        if !rest.is_empty() && !how.contains(&Rewrite::Unit) {
            how.push(Rewrite::Unit);
        }
        return read(number.shift(power - unit_power), how, false);
    }
    if is_unit_word(rest) || is_unit_word(suffix) {
        Suffix::WrongUnit(suffix.to_string())
    } else {
        Suffix::Unknown
    }
}

/// The rewrite for a typed 万/亿 (`power`) in a field whose unit has `unit_power`.
fn multiplier_rewrite(power: i32, unit_power: i32) -> Vec<Rewrite> {
    match power {
        0 => Vec::new(),
        _ if power == unit_power => vec![Rewrite::Unit],
        4 => vec![Rewrite::TenThousand],
        _ => vec![Rewrite::HundredMillion],
    }
}

/// The clerk's own number as an example, when it reads cleanly: `200人左右` → `200`.
fn approx_example(run: &str, after: &str, field: &Field) -> Option<String> {
    let (number, _) = parse_run(run).ok()?;
    example(number, without(after, APPROX_AFTER).trim(), field)
}

/// `text` with every one of `words` taken out.
fn without(text: &str, words: &[&str]) -> String {
    words
        .iter()
        .fold(text.to_string(), |rest, word| rest.replace(word, ""))
}

/// Chinese numerals written as a number (`二百`, `约两千`, `三次`, `2千`), not
/// words that happen to hold one (`见附件一`).
fn looks_like_chinese_numerals(text: &str, field: &Field) -> bool {
    if !text.chars().any(|c| CHINESE_NUMERALS.contains(c)) {
        return false;
    }
    let rest: String = text
        .chars()
        .filter(|&c| !(CHINESE_NUMERALS.contains(c) || "万亿点.".contains(c) || c.is_ascii_digit()))
        .collect();
    let rest = without(&without(&rest, APPROX_BEFORE), APPROX_AFTER);
    let rest = rest.trim();
    rest.is_empty() || rest == field.unit.trim() || is_unit_word(rest)
}

/// The Chinese numerals as digits, when they read cleanly: `二百` → `200`, `三次` → `3`.
fn chinese_example(text: &str, field: &Field) -> Option<String> {
    let start = text.find(|c| CHINESE_NUMERALS.contains(c))?;
    if !without(&text[..start], APPROX_BEFORE).trim().is_empty() {
        return None;
    }
    let rest = &text[start..];
    let end = rest
        .find(|c| !CHINESE_NUMERALS.contains(c))
        .unwrap_or(rest.len());
    let after = without(&rest[end..], APPROX_AFTER);
    let after = after.trim();
    if after
        .chars()
        .any(|c| CHINESE_NUMERALS.contains(c) || c.is_ascii_digit())
    {
        return None;
    }
    let number = chinese_integer(&rest[..end])?;
    example(Dec::from_integer(number), after, field)
}

fn example(number: Dec, suffix: &str, field: &Field) -> Option<String> {
    let Suffix::Read { value, percent, .. } = read_suffix(number, suffix, field) else {
        return None;
    };
    match field.kind {
        FieldType::Percent if percent => Some(format!("{value}%")),
        FieldType::Percent if value.to_f64() <= 1.0 => Some(format!("{}%", value.shift(2))),
        FieldType::Percent if value.to_f64() <= 100.0 => Some(format!("{value}%")),
        FieldType::Percent => None,
        FieldType::Integer => value.is_whole().then(|| value.to_string()),
        _ => Some(value.to_string()),
    }
}

/// Chinese numerals to an integer: `二百` 200, `两千零五` 2005, `二百五` 250,
/// `二〇二五` 2025 (digit by digit). `None` when the order makes no sense.
fn chinese_integer(text: &str) -> Option<u128> {
    fn digit(c: char) -> Option<u128> {
        Some(match c {
            '零' | '〇' => 0,
            '一' | '壹' => 1,
            '二' | '两' | '贰' => 2,
            '三' | '叁' => 3,
            '四' | '肆' => 4,
            '五' | '伍' => 5,
            '六' | '陆' => 6,
            '七' | '柒' => 7,
            '八' | '捌' => 8,
            '九' | '玖' => 9,
            _ => return None,
        })
    }
    fn place(c: char) -> Option<u128> {
        Some(match c {
            '十' | '拾' => 10,
            '百' | '佰' => 100,
            '千' | '仟' => 1000,
            _ => return None,
        })
    }
    if text.is_empty() {
        return None;
    }
    if !text.chars().any(|c| place(c).is_some()) {
        return text
            .chars()
            .try_fold(0u128, |n, c| n.checked_mul(10)?.checked_add(digit(c)?));
    }
    let (mut total, mut pending, mut last_place, mut after_zero) = (0u128, None, u128::MAX, false);
    for c in text.chars() {
        if let Some(d) = digit(c) {
            if pending.is_some() {
                return None;
            }
            after_zero |= d == 0;
            pending = (d != 0).then_some(d);
        } else {
            let p = place(c)?;
            if p >= last_place {
                return None;
            }
            total += pending.take().unwrap_or(1) * p;
            last_place = p;
            after_zero = false;
        }
    }
    if let Some(d) = pending {
        // 二百五 = 250: a last digit right after a place counts in the next lower place.
        let scale = if !after_zero && last_place >= 100 {
            last_place / 10
        } else {
            1
        };
        total += d * scale;
    }
    Some(total)
}

/// The byte ranges of runs of digits, commas and points that hold a digit.
fn number_runs(text: &str) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start = None;
    let is_run = |c: char| c.is_ascii_digit() || c == ',' || c == '.';
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (start, is_run(c) && i < text.len()) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                if text[s..i].chars().any(|c| c.is_ascii_digit()) {
                    runs.push((s, i));
                }
                start = None;
            }
            _ => {}
        }
    }
    runs
}

enum RunError {
    /// Commas in the wrong places.
    Separators,
    /// Anything else (`1.2.3`, `5.`).
    Other,
}

/// A run of digits: `1234`, `12.5`, `1,234.5` (the flag says separators were used).
fn parse_run(run: &str) -> Result<(Dec, bool), RunError> {
    if !run.contains(',') {
        return Dec::parse(run).map(|d| (d, false)).ok_or(RunError::Other);
    }
    let (whole, fraction) = match run.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (run, None),
    };
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or_default();
    let digits = |g: &str| g.chars().all(|c| c.is_ascii_digit());
    let valid = (1..=3).contains(&first.len())
        && digits(first)
        && groups.all(|g| g.len() == 3 && digits(g))
        && fraction.is_none_or(|f| !f.contains(','));
    if !valid {
        return Err(RunError::Separators);
    }
    let plain = match fraction {
        Some(f) => format!("{}.{f}", whole.replace(',', "")),
        None => whole.replace(',', ""),
    };
    Dec::parse(&plain).map(|d| (d, true)).ok_or(RunError::Other)
}

/// Full-width letters, digits and punctuation (`１２．５％`) to their narrow
/// forms, and the ideographic space to a space.
fn normalize_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// An exact decimal: `digits × 10^-scale`, non-negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Dec {
    digits: u128,
    scale: i32,
}

impl Dec {
    const ZERO: Dec = Dec {
        digits: 0,
        scale: 0,
    };

    fn from_integer(n: u128) -> Dec {
        Dec {
            digits: n,
            scale: 0,
        }
        .normalized()
    }

    /// `12.5`, `0012`, `.5`; at most 30 significant digits.
    fn parse(text: &str) -> Option<Dec> {
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        if text.ends_with('.') || (whole.is_empty() && fraction.is_empty()) {
            return None;
        }
        let all = format!("{whole}{fraction}");
        if !all.chars().all(|c| c.is_ascii_digit()) || all.trim_start_matches('0').len() > 30 {
            return None;
        }
        let digits = all.parse().ok()?;
        let scale = i32::try_from(fraction.len()).ok()?;
        Some(Dec { digits, scale }.normalized())
    }

    /// A finite non-negative number at 15 significant digits, as Excel shows it.
    fn from_f64(n: f64) -> Dec {
        // Fast path, same result: a number with at most six decimals and
        // fewer than 15 digits is exactly `digits / 10^scale` at 15
        // significant digits (it lies within one part in 4.5e15 of it).
        let abs = n.abs();
        let mut power = 1.0_f64;
        for scale in 0..=6 {
            let scaled = abs * power;
            if scaled < 1e15 && scaled.fract() == 0.0 {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                // a whole number below 1e15
                return Dec {
                    digits: scaled as u128,
                    scale,
                }
                .normalized();
            }
            power *= 10.0;
        }
        let text = format!("{:.14e}", abs);
        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        let exponent: i32 = exponent.parse().unwrap_or(0);
        Dec::parse(mantissa).unwrap_or(Dec::ZERO).shift(exponent)
    }

    /// Times `10^power`.
    fn shift(self, power: i32) -> Dec {
        Dec {
            digits: self.digits,
            scale: self.scale - power,
        }
        .normalized()
    }

    fn normalized(mut self) -> Dec {
        if self.digits == 0 {
            return Dec::ZERO;
        }
        while self.digits.is_multiple_of(10) {
            self.digits /= 10;
            self.scale -= 1;
        }
        self
    }

    fn is_zero(self) -> bool {
        self.digits == 0
    }

    fn is_whole(self) -> bool {
        self.scale <= 0
    }

    fn to_f64(self) -> f64 {
        // Parsing is correctly rounded: `0.35` gives the same f64 as the literal.
        format!("{}e{}", self.digits, -self.scale)
            .parse()
            .unwrap_or(f64::NAN)
    }
}

impl fmt::Display for Dec {
    /// Plain digits, no exponent, no trailing zeros: `125000`, `0.35`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.digits.to_string();
        let Ok(scale) = usize::try_from(self.scale) else {
            let zeros = usize::try_from(-self.scale).unwrap_or(0);
            return write!(f, "{digits}{}", "0".repeat(zeros));
        };
        if scale == 0 {
            write!(f, "{digits}")
        } else if digits.len() > scale {
            let (whole, fraction) = digits.split_at(digits.len() - scale);
            write!(f, "{whole}.{fraction}")
        } else {
            write!(f, "0.{}{digits}", "0".repeat(scale - digits.len()))
        }
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

// ── dates ───────────────────────────────────────────────────────────────

fn read_date(stored: Stored<'_>, field: &Field) -> Result<Reading, Refusal> {
    let typed = stored.to_text();
    let (date, note) = match stored {
        Stored::Text(_) if typed.is_empty() => return Ok(blank(field)),
        Stored::Text(_) => (parse_date_text(&normalize_width(&typed)), true),
        Stored::Serial(serial) => (date_from_serial(serial), false),
        // ods stores `2025-12-10` or `2025-12-10T00:00:00`.
        Stored::DateText(text) => (
            parse_date_text(text.split('T').next().unwrap_or_default()),
            false,
        ),
        Stored::Number(_) | Stored::Bool(_) => (None, false),
    };
    let Some((year, month, day)) = date else {
        return Err(Refusal::NotADate { typed });
    };
    let notes = if note {
        vec![Note::DateText {
            typed,
            date: date_text((year, month, day)),
        }]
    } else {
        Vec::new()
    };
    Ok(Reading {
        value: Value::Date { year, month, day },
        notes,
    })
}

/// `2025-12-10`, `2025/12/10`, `2025.12.10`, `2025年12月10日` (narrow digits).
fn parse_date_text(text: &str) -> Option<(i32, u32, u32)> {
    let text = text.trim();
    let parts: Vec<&str> = if let Some(rest) = text.strip_suffix('日') {
        let (year, rest) = rest.split_once('年')?;
        let (month, day) = rest.split_once('月')?;
        vec![year.trim(), month.trim(), day.trim()]
    } else {
        let sep = ['-', '/', '.'].into_iter().find(|s| text.contains(*s))?;
        text.split(sep).collect()
    };
    let [year, month, day] = parts.as_slice() else {
        return None;
    };
    let number = |s: &str, len: std::ops::RangeInclusive<usize>| {
        (len.contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let year = i32::try_from(number(year, 4..=4)?).ok()?;
    let (month, day) = (number(month, 1..=2)?, number(day, 1..=2)?);
    ((1900..=2999).contains(&year)
        && (1..=12).contains(&month)
        && day >= 1
        && day <= days_in_month(year, month))
    .then_some((year, month, day))
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// An Excel serial (1900 system) as a date: 1 is 1900-01-01; 60 is Excel's
/// 1900-02-29, a day that never was (`None`); the time of day is ignored.
fn date_from_serial(serial: f64) -> Option<(i32, u32, u32)> {
    // 2958465 is 9999-12-31, Excel's last date.
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // In range, so the cast is exact.
    let day = serial.floor() as i64;
    let unix_day = match day {
        60 => return None,
        // Before the false leap day, serials count from 1899-12-31.
        ..60 => day - 25_568,
        // From 1900-03-01 on, from 1899-12-30 (day 25569 before 1970-01-01).
        _ => day - 25_569,
    };
    Some(civil_from_days(unix_day))
}

/// Days since 1970-01-01 to a date (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    // Bounded by the serial range above: the casts are exact.
    (year as i32, month as u32, day as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::Source;

    fn field(kind: FieldType, unit: &str, blank: Blank) -> Field {
        Field {
            code: "f".into(),
            name: "测试".into(),
            name_en: None,
            unit: unit.into(),
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
            choices: Vec::new(),
            denominator: false,
        }
    }

    fn int(unit: &str) -> Field {
        field(FieldType::Integer, unit, Blank::Missing)
    }

    fn dec(unit: &str) -> Field {
        field(FieldType::Decimal, unit, Blank::Missing)
    }

    fn pct() -> Field {
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

    fn read(value: CellValue, field: &Field) -> Result<Reading, Refusal> {
        interpret(Some(&cell(value)), field)
    }

    fn text(s: &str, field: &Field) -> Result<Reading, Refusal> {
        read(CellValue::Text(s.into()), field)
    }

    /// The value and the Chinese notes.
    fn taken(result: Result<Reading, Refusal>) -> (Value, Vec<String>) {
        let reading = result.unwrap_or_else(|r| panic!("refused: {}", r.message(Lang::Zh)));
        let notes = reading.notes.iter().map(|n| n.message(Lang::Zh)).collect();
        (reading.value, notes)
    }

    fn refused(result: Result<Reading, Refusal>, lang: Lang) -> String {
        match result {
            Ok(reading) => panic!("taken: {reading:?}"),
            Err(refusal) => refusal.message(lang),
        }
    }

    fn n(v: f64) -> Value {
        Value::Number(v)
    }

    #[test]
    fn invisible_characters_inside_a_number_are_removed_with_a_note() {
        let f = int("人");
        // 1 200 with a non-breaking space, 3 6 6 7 with zero-width spaces
        assert_eq!(
            taken(text("1\u{a0}200", &f)),
            (
                n(1200.0),
                vec!["「1\u{a0}200」按 1200 人读取（已删去数字中的不可见字符或不换行空格，多为从网页或聊天中复制带来的）".to_string()]
            )
        );
        assert_eq!(taken(text("3\u{200B}667", &f)).0, n(3667.0));
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
    fn plain_number_is_taken_as_is() {
        assert_eq!(
            taken(read(CellValue::Number(1234.0), &int("人"))),
            (n(1234.0), vec![])
        );
        assert_eq!(
            taken(read(CellValue::Number(12.5), &dec("万元"))),
            (n(12.5), vec![])
        );
        // Digits stored as text are exact too: no note.
        assert_eq!(taken(text(" 1234 ", &int("人"))), (n(1234.0), vec![]));
        assert_eq!(taken(text("0", &int("人"))), (n(0.0), vec![]));
    }

    #[test]
    fn numbers_are_taken_at_excel_precision() {
        // =0.1*30 stores 3.0000000000000004; Excel shows 15 digits: 3
        assert_eq!(
            taken(read(CellValue::Number(0.1 * 30.0), &int("人"))),
            (n(3.0), vec![])
        );
        // 0.1 + 0.2 = 0.30000000000000004 → 0.3
        assert_eq!(
            taken(read(CellValue::Number(0.1 + 0.2), &dec("万元"))),
            (n(0.3), vec![])
        );
    }

    #[test]
    fn integer_field_refuses_a_fraction() {
        let r = read(CellValue::Number(12.5), &int("人"));
        assert_eq!(
            refused(r.clone(), Lang::Zh),
            "「12.5」不是整数；请填写整数（单位：人）"
        );
        assert_eq!(
            refused(r, Lang::En),
            "\"12.5\" is not a whole number; write a whole number in 人"
        );
    }

    #[test]
    fn percent_share_up_to_one_is_kept() {
        assert_eq!(
            taken(read(CellValue::Number(0.35), &pct())),
            (n(0.35), vec![])
        );
        assert_eq!(
            taken(read(CellValue::Number(1.0), &pct())),
            (n(1.0), vec![])
        );
        assert_eq!(taken(text("0.35", &pct())), (n(0.35), vec![]));
    }

    #[test]
    fn percent_field_reads_a_number_above_one_as_percent() {
        // 35 ÷ 100 = 0.35
        assert_eq!(
            taken(read(CellValue::Number(35.0), &pct())),
            (n(0.35), vec!["「35」按 35% 读取".to_string()])
        );
        // 12.5 ÷ 100 = 0.125
        assert_eq!(
            taken(text("12.5", &pct())),
            (n(0.125), vec!["「12.5」按 12.5% 读取".to_string()])
        );
    }

    #[test]
    fn percent_sign_is_plain_in_a_percent_field() {
        // 35% = 35 ÷ 100 = 0.35: what the field asks for, no note
        assert_eq!(taken(text("35%", &pct())), (n(0.35), vec![]));
        // full-width: noted
        assert_eq!(
            taken(text("３５％", &pct())),
            (n(0.35), vec!["「３５％」按 35% 读取".to_string()])
        );
        // 150% = 1.5: the range check is the caller's
        assert_eq!(taken(text("150%", &pct())), (n(1.5), vec![]));
    }

    #[test]
    fn percent_field_refuses_a_bare_number_above_100() {
        assert_eq!(
            refused(read(CellValue::Number(150.0), &pct()), Lang::Zh),
            "「150」大于 100，不能确定是不是百分数；如果是 150%，请填写 150%"
        );
    }

    #[test]
    fn thousands_separators_are_read_with_a_note() {
        assert_eq!(
            taken(text("1,234", &int("人"))),
            (n(1234.0), vec!["「1,234」按 1234 人读取".to_string()])
        );
        assert_eq!(
            taken(text("1，234", &int("人"))),
            (n(1234.0), vec!["「1，234」按 1234 人读取".to_string()])
        );
        // 1,234,567.5 万元
        assert_eq!(
            taken(text("1,234,567.5", &dec("万元"))),
            (
                n(1_234_567.5),
                vec!["「1,234,567.5」按 1234567.5 万元读取".to_string()]
            )
        );
    }

    #[test]
    fn commas_that_are_not_thousands_separators_are_refused() {
        let r = text("1,23", &int("人"));
        assert_eq!(
            refused(r.clone(), Lang::Zh),
            "「1,23」中的逗号不是千位分隔符；请填写不带逗号的整数，如 120"
        );
        assert_eq!(
            refused(r, Lang::En),
            "\"1,23\" has a comma that is not a thousands separator; write a whole number without commas, such as 120"
        );
        // a decimal comma
        assert_eq!(
            refused(text("1.234,5", &dec("万元")), Lang::Zh),
            "「1.234,5」中的逗号不是千位分隔符；请填写不带逗号的数字，如 12.5"
        );
    }

    #[test]
    fn full_width_digits_are_read_with_a_note() {
        assert_eq!(
            taken(text("１２３４", &int("台"))),
            (n(1234.0), vec!["「１２３４」按 1234 台读取".to_string()])
        );
        assert_eq!(
            taken(text("１２．５", &dec("万元"))),
            (n(12.5), vec!["「１２．５」按 12.5 万元读取".to_string()])
        );
    }

    #[test]
    fn the_fields_own_unit_is_dropped_with_a_note() {
        assert_eq!(
            taken(text("200人", &int("人"))),
            (n(200.0), vec!["「200人」按 200 人读取".to_string()])
        );
        assert_eq!(
            taken(text("200 人次", &int("人次"))),
            (n(200.0), vec!["「200 人次」按 200 人次读取".to_string()])
        );
        assert_eq!(
            taken(text("15台", &int("台"))),
            (n(15.0), vec!["「15台」按 15 台读取".to_string()])
        );
        assert_eq!(
            taken(text("12.5万元", &dec("万元"))),
            (n(12.5), vec!["「12.5万元」按 12.5 万元读取".to_string()])
        );
        // % is a unit like any other in a decimal field measured in %
        assert_eq!(
            taken(text("35%", &dec("%"))),
            (n(35.0), vec!["「35%」按 35% 读取".to_string()])
        );
    }

    #[test]
    fn another_unit_is_refused() {
        let r = text("200人", &dec("万元"));
        assert_eq!(
            refused(r.clone(), Lang::Zh),
            "「200人」的单位是“人”，本栏的单位是“万元”；请填写以万元计的数字，如 12.5"
        );
        assert_eq!(
            refused(r, Lang::En),
            "\"200人\" is in 人, but this field is in 万元; write a number in 万元 such as 12.5"
        );
        // 元 are not converted to 万元: a pasted amount in 元 is a mistake to fix
        assert_eq!(
            refused(text("5元", &dec("万元")), Lang::Zh),
            "「5元」的单位是“元”，本栏的单位是“万元”；请填写以万元计的数字，如 12.5"
        );
        assert_eq!(
            refused(text("200人", &int("人次")), Lang::Zh),
            "「200人」的单位是“人”，本栏的单位是“人次”；请填写以人次计的整数，如 120"
        );
        assert_eq!(
            refused(text("5元", &dec("")), Lang::Zh),
            "「5元」带有单位“元”；本栏只填数字，不带单位，如 12.5"
        );
    }

    #[test]
    fn wan_multiplies_by_ten_thousand_outside_wanyuan_fields() {
        // 12.5 × 10,000 = 125,000 人次
        let r = text("12.5万", &int("人次"));
        assert_eq!(
            taken(r.clone()),
            (
                n(125_000.0),
                vec!["「12.5万」按 125000 人次读取".to_string()]
            )
        );
        let notes: Vec<String> = r
            .iter()
            .flat_map(|r| &r.notes)
            .map(|n| n.message(Lang::En))
            .collect();
        assert_eq!(notes, ["\"12.5万\" read as 125000 人次"]);
        assert_eq!(
            r.map(|r| r.notes),
            Ok(vec![Note::Number {
                typed: "12.5万".into(),
                shown: "125000 人次".into(),
                how: vec![Rewrite::TenThousand],
            }])
        );
        // 12.5 × 10,000 = 125,000 人次, unit dropped too
        assert_eq!(
            taken(text("12.5万人次", &int("人次"))),
            (
                n(125_000.0),
                vec!["「12.5万人次」按 125000 人次读取".to_string()]
            )
        );
        // 1.2345 × 10,000 = 12,345 exactly (no float drift)
        assert_eq!(taken(text("1.2345万", &int("人"))).0, n(12_345.0));
        // 12.5万元 in a 元 field: 12.5 × 10,000 = 125,000 元
        assert_eq!(
            taken(text("12.5万元", &dec("元"))),
            (
                n(125_000.0),
                vec!["「12.5万元」按 125000 元读取".to_string()]
            )
        );
    }

    #[test]
    fn wan_is_the_unit_itself_in_a_wanyuan_field() {
        // 12.5万 = 12.5 万元
        let r = text("12.5万", &dec("万元"));
        assert_eq!(
            taken(r.clone()),
            (n(12.5), vec!["「12.5万」按 12.5 万元读取".to_string()])
        );
        assert_eq!(
            r.map(|r| r.notes),
            Ok(vec![Note::Number {
                typed: "12.5万".into(),
                shown: "12.5 万元".into(),
                how: vec![Rewrite::Unit],
            }])
        );
    }

    #[test]
    fn yi_multiplies_by_a_hundred_million_or_ten_thousand_in_wanyuan() {
        // 1.2 × 100,000,000 = 120,000,000 人次
        assert_eq!(
            taken(text("1.2亿", &int("人次"))),
            (
                n(120_000_000.0),
                vec!["「1.2亿」按 120000000 人次读取".to_string()]
            )
        );
        // 1.2亿元 = 1.2 × 10,000 万元 = 12,000 万元
        assert_eq!(
            taken(text("1.2亿元", &dec("万元"))),
            (
                n(12_000.0),
                vec!["「1.2亿元」按 12000 万元读取".to_string()]
            )
        );
    }

    #[test]
    fn wan_in_an_integer_field_must_give_a_whole_number() {
        // 1.23456 × 10,000 = 12,345.6: not whole
        let r = text("1.23456万", &int("人次"));
        assert_eq!(
            refused(r.clone(), Lang::Zh),
            "「1.23456万」即 12345.6，不是整数；请填写整数（单位：人次）"
        );
        assert_eq!(
            refused(r, Lang::En),
            "\"1.23456万\" is 12345.6, not a whole number; write a whole number in 人次"
        );
    }

    #[test]
    fn approximate_numbers_are_refused() {
        let f = int("人");
        let r = text("约200", &f);
        assert_eq!(
            refused(r.clone(), Lang::Zh),
            "「约200」不是确切的数字；请填写整数，如 200"
        );
        assert_eq!(
            refused(r, Lang::En),
            "\"约200\" is not an exact number; write a whole number such as 200"
        );
        for typed in [
            "200左右",
            "200余",
            "200多",
            ">200",
            "200多人",
            "200人左右",
            "～200",
        ] {
            assert_eq!(
                refused(text(typed, &f), Lang::Zh),
                format!("「{typed}」不是确切的数字；请填写整数，如 200")
            );
        }
        // the example is in the field's unit: 约12.5万 = 12.5 × 10,000 = 125,000
        assert_eq!(
            refused(text("约12.5万", &int("人次")), Lang::Zh),
            "「约12.5万」不是确切的数字；请填写整数，如 125000"
        );
    }

    #[test]
    fn ranges_are_refused() {
        let f = int("人");
        for typed in ["200-300", "200~300", "200至300", "200～300", "200到300人"] {
            assert_eq!(
                refused(text(typed, &f), Lang::Zh),
                format!("「{typed}」是一个范围，不是确切的数字；请填写一个确切的整数，如 120")
            );
        }
    }

    #[test]
    fn chinese_numerals_are_refused_with_the_digits_as_example() {
        let f = int("人");
        assert_eq!(
            refused(text("二百", &f), Lang::Zh),
            "「二百」用了汉字数字；请用阿拉伯数字填写整数，如 200"
        );
        assert_eq!(
            refused(text("两千", &f), Lang::En),
            "\"两千\" is written in Chinese numerals; write a whole number in digits, such as 2000"
        );
        // 二百五 = 250, 一千零五 = 1005
        assert_eq!(
            refused(text("二百五", &f), Lang::Zh),
            "「二百五」用了汉字数字；请用阿拉伯数字填写整数，如 250"
        );
        assert_eq!(
            refused(text("一千零五", &f), Lang::Zh),
            "「一千零五」用了汉字数字；请用阿拉伯数字填写整数，如 1005"
        );
        // 约 is dropped from the example: 约二百 → 200
        assert_eq!(
            refused(text("约二百", &f), Lang::Zh),
            "「约二百」用了汉字数字；请用阿拉伯数字填写整数，如 200"
        );
        // 三次 in a 次 field: 3
        assert_eq!(
            refused(text("三次", &int("次")), Lang::Zh),
            "「三次」用了汉字数字；请用阿拉伯数字填写整数，如 3"
        );
        // 三万 in a 万元 field is 3 万元
        assert_eq!(
            refused(text("三万", &dec("万元")), Lang::Zh),
            "「三万」用了汉字数字；请用阿拉伯数字填写数字，如 3"
        );
    }

    #[test]
    fn several_numbers_are_refused() {
        let f = int("人");
        for typed in ["200/300", "200 300", "200、300", "200+300"] {
            assert_eq!(
                refused(text(typed, &f), Lang::Zh),
                format!("「{typed}」含有多个数字；请只填写一个整数，如 120")
            );
        }
    }

    #[test]
    fn none_words_are_refused_when_blank_means_missing() {
        let f = int("人");
        let r = text("无", &f);
        assert_eq!(
            refused(r.clone(), Lang::Zh),
            "「无」不是数字；如果没有，请填写 0"
        );
        assert_eq!(
            refused(r, Lang::En),
            "\"无\" is not a number; write 0 if there were none"
        );
        for typed in ["—", "-", "－", "/", "没有", "——"] {
            assert_eq!(
                refused(text(typed, &f), Lang::Zh),
                format!("「{typed}」不是数字；如果没有，请填写 0")
            );
        }
    }

    #[test]
    fn none_words_are_zero_with_a_note_when_blank_means_zero() {
        let f = field(FieldType::Integer, "次", Blank::Zero);
        for typed in ["无", "—", "-", "－", "/", "没有"] {
            assert_eq!(
                taken(text(typed, &f)),
                (n(0.0), vec![format!("「{typed}」按 0 次读取")])
            );
        }
        // 0 typed as text is a plain zero
        assert_eq!(taken(text("0", &f)), (n(0.0), vec![]));
    }

    #[test]
    fn negative_numbers_are_refused() {
        let r = text("-5", &int("人"));
        assert_eq!(
            refused(r.clone(), Lang::Zh),
            "「-5」是负数；本栏不能为负，请填写 0 或正数"
        );
        assert_eq!(
            refused(r, Lang::En),
            "\"-5\" is negative; this value cannot be below 0, write 0 or more"
        );
        assert_eq!(
            refused(read(CellValue::Number(-2.5), &dec("万元")), Lang::Zh),
            "「-2.5」是负数；本栏不能为负，请填写 0 或正数"
        );
    }

    #[test]
    fn other_text_is_not_a_number() {
        // a Chinese full stop for a decimal point is not read (nor called two numbers)
        assert_eq!(
            refused(text("12。5", &dec("万元")), Lang::Zh),
            "「12。5」不是数字；请填写数字，如 12.5"
        );
        assert_eq!(
            refused(text("见附件", &int("人")), Lang::Zh),
            "「见附件」不是数字；请填写整数，如 120"
        );
        assert_eq!(
            refused(text("12abc", &dec("万元")), Lang::Zh),
            "「12abc」不是数字；请填写数字，如 12.5"
        );
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
    fn date_serials_follow_the_excel_1900_system() {
        let f = field(FieldType::Date, "", Blank::Missing);
        let date = |year, month, day| Value::Date { year, month, day };
        // 45000 − 25569 = 19431 days after 1970-01-01 = 2023-03-15
        assert_eq!(
            taken(read(CellValue::DateTime(45_000.0), &f)),
            (date(2023, 3, 15), vec![])
        );
        // the time of day is dropped
        assert_eq!(
            taken(read(CellValue::DateTime(45_000.75), &f)).0,
            date(2023, 3, 15)
        );
        assert_eq!(
            taken(read(CellValue::DateTime(1.0), &f)).0,
            date(1900, 1, 1)
        );
        assert_eq!(
            taken(read(CellValue::DateTime(59.0), &f)).0,
            date(1900, 2, 28)
        );
        // 60 is Excel's 1900-02-29, which never was
        assert_eq!(
            refused(read(CellValue::DateTime(60.0), &f), Lang::Zh),
            "「60」不是日期；请填写年月日，如 2025-12-10 或 2025年12月10日"
        );
        assert_eq!(
            taken(read(CellValue::DateTime(61.0), &f)).0,
            date(1900, 3, 1)
        );
        // ods date text
        assert_eq!(
            taken(read(CellValue::DateText("2025-12-10T00:00:00".into()), &f)),
            (date(2025, 12, 10), vec![])
        );
    }

    #[test]
    fn dates_typed_as_text_are_read_with_a_note() {
        let f = field(FieldType::Date, "", Blank::Missing);
        let date = Value::Date {
            year: 2025,
            month: 12,
            day: 10,
        };
        for typed in [
            "2025-12-10",
            "2025/12/10",
            "2025.12.10",
            "2025年12月10日",
            "２０２５年１２月１０日",
        ] {
            assert_eq!(
                taken(text(typed, &f)),
                (
                    date.clone(),
                    vec![format!("「{typed}」是文字，按日期 2025-12-10 读取")]
                )
            );
        }
        let en: Vec<String> = text("2025年12月10日", &f)
            .iter()
            .flat_map(|r| &r.notes)
            .map(|n| n.message(Lang::En))
            .collect();
        assert_eq!(
            en,
            ["\"2025年12月10日\" is text; read as the date 2025-12-10"]
        );
    }

    #[test]
    fn other_dates_are_refused() {
        let f = field(FieldType::Date, "", Blank::Missing);
        for typed in ["2025-02-29", "12月10日", "25-12-10", "2025-12", "下周一"] {
            assert_eq!(
                refused(text(typed, &f), Lang::Zh),
                format!("「{typed}」不是日期；请填写年月日，如 2025-12-10 或 2025年12月10日")
            );
        }
        assert_eq!(
            refused(read(CellValue::Number(20_251_210.0), &f), Lang::En),
            "\"20251210\" is not a date; write year, month and day such as 2025-12-10"
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

    #[test]
    fn bool_cells_are_refused_in_number_fields() {
        assert_eq!(
            refused(read(CellValue::Bool(true), &int("人")), Lang::Zh),
            "「TRUE」是逻辑值，不是数字；请填写整数，如 120"
        );
    }

    #[test]
    fn dates_are_refused_in_number_fields() {
        // 45000 in a date-formatted cell shows as 2023-03-15
        let r = read(CellValue::DateTime(45_000.0), &int("人"));
        assert_eq!(
            refused(r.clone(), Lang::Zh),
            "「2023-03-15」是日期，不是数字；请填写整数，如 120（如果填的是数字却显示成日期，请把单元格格式改为“常规”）"
        );
        assert_eq!(
            refused(r, Lang::En),
            "\"2023-03-15\" is a date, not a number; write a whole number such as 120 (if you typed a number and it shows as a date, set the cell format to General)"
        );
        // typed as text: not a number (not a range either)
        assert_eq!(
            refused(text("2025-12-10", &int("人")), Lang::Zh),
            "「2025-12-10」不是数字；请填写整数，如 120"
        );
    }

    #[test]
    fn long_text_is_cut_in_messages() {
        let typed = "本年度共开展应急救护培训多次，具体人数见附件一、附件二及附件三中的统计表格和说明材料汇总";
        assert_eq!(
            refused(text(typed, &int("人")), Lang::Zh),
            "「本年度共开展应急救护培训多次，具体人数见附件一、附件二及附件三中的统计表格和说明…」不是数字；请填写整数，如 120"
        );
    }

    #[test]
    fn decimal_arithmetic_is_exact() {
        assert_eq!(
            Dec::parse("12.5").map(|d| d.shift(4).to_string()),
            Some("125000".into())
        );
        assert_eq!(Dec::parse(".5").map(|d| d.to_string()), Some("0.5".into()));
        assert_eq!(Dec::parse("5."), None);
        assert_eq!(Dec::from_f64(0.35).to_string(), "0.35");
        assert_eq!(Dec::from_f64(1e-7).to_string(), "0.0000001");
        assert_eq!(chinese_integer("十五"), Some(15));
        assert_eq!(chinese_integer("二〇二五"), Some(2025));
        assert_eq!(chinese_integer("百千"), None);
    }

    #[test]
    fn the_fast_reading_of_a_float_agrees_with_its_fifteen_digits() {
        // the reference: the number printed at 15 significant digits
        let slow = |n: f64| {
            let text = format!("{:.14e}", n.abs());
            let (mantissa, exponent) = text.split_once('e').expect("e");
            let exponent: i32 = exponent.parse().expect("exponent");
            Dec::parse(mantissa).expect("digits").shift(exponent)
        };
        let mut values = vec![0.0, 1.0, 0.1, 0.35, 12.5, 89.995, 0.30000000000000004];
        values.extend([
            999_999_999_999_999.0,
            1e15,
            123_456.789_012,
            2.0_f64.powi(52),
        ]);
        // every k / 10^j for small k, and pseudo-random numbers of every size
        for j in 0..8 {
            for k in 0..2_000 {
                values.push(f64::from(k) / 10f64.powi(j));
            }
        }
        let mut state = 20_231_215_u64;
        for _ in 0..20_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let bits = (state >> 11) as f64 / (1u64 << 53) as f64;
            let exponent = i32::try_from(state % 24).expect("small") - 8;
            values.push(bits * 10f64.powi(exponent));
            values.push((bits * 1e6).round() / 100.0);
        }
        for n in values {
            assert_eq!(Dec::from_f64(n), slow(n), "{n:e}");
        }
    }
}
