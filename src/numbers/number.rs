//! Numbers typed as text or stored as numbers: none words, approximations,
//! ranges, separators, full-width forms, percent shares and whole numbers.

use crate::framework::{Blank, Field, FieldType};
use crate::lang::{Both, Lang};

use super::chinese::{chinese_example, looks_like_chinese_numerals};
use super::date::parse_date_text;
use super::decimal::Dec;
use super::unit::{Suffix, example, read_suffix};
use super::{
    Expected, Note, Reading, Refusal, Rewrite, Stored, Value, blank, bool_text, expected,
    invisible, number_text, unit_label,
};

/// Words that mean "none" (after full-width forms are made narrow, lower case).
const NONE_WORDS: &[&str] = &[
    "无", "没有", "暂无", "空", "-", "--", "---", "—", "——", "–", "―", "−", "/", "\\", "n/a", "na",
    "none",
];

/// Before a number, these make it approximate (`约200`, `>200`, `~200`).
pub(super) const APPROX_BEFORE: &[&str] = &[
    "约", "近", "超过", "多于", "少于", "不足", "不到", "至少", "最少", "最多", "逾", "大概", "~",
    "〜", ">", "<", "≥", "≤", "≈",
];

/// After a number, these make it approximate (`200左右`, `200余`, `200多人`, `200+`).
pub(super) const APPROX_AFTER: &[&str] = &[
    "左右", "余", "多", "以上", "以下", "以内", "上下", "来", "开外", "许", "+", "约", "不等", "几",
];

/// Between two numbers, these make a range (`200-300`, `200~300`, `200至300`).
const RANGE_JOINERS: &[char] = &['-', '~', '〜', '至', '到', '—', '–', '―', '−'];

pub(super) fn read_number(stored: Stored<'_>, field: &Field) -> Result<Reading, Refusal> {
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
fn shown(value: Dec, field: &Field) -> Both {
    let one = |lang| {
        if field.kind == FieldType::Percent {
            format!("{}%", value.shift(2))
        } else {
            field.quantity(&value.to_string(), lang)
        }
    };
    Both::new(one(Lang::Zh), one(Lang::En))
}

/// The clerk's own number as an example, when it reads cleanly: `200人左右` → `200`.
fn approx_example(run: &str, after: &str, field: &Field) -> Option<String> {
    let (number, _) = parse_run(run).ok()?;
    example(number, without(after, APPROX_AFTER).trim(), field)
}

/// `text` with every one of `words` taken out.
pub(super) fn without(text: &str, words: &[&str]) -> String {
    words
        .iter()
        .fold(text.to_string(), |rest, word| rest.replace(word, ""))
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
pub(super) fn normalize_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::framework::{Blank, FieldType};
    use crate::ingest::CellValue;
    use crate::lang::Lang;
    use crate::numbers::tests::{dec, field, int, n, pct, read, refused, taken, text};
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
            "\"12.5\" is not a whole number; write a whole number in people"
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
}
