//! Dates: typed as text (`2025-12-10`, `2025年12月10日`) or stored as Excel
//! serials (the 1900 system), read into the one [`Date`] type.

use crate::date::{self, Date};
use crate::framework::Field;

use super::number::normalize_width;
use super::{Note, Reading, Refusal, Stored, Value, blank};

pub(super) fn read_date(stored: Stored<'_>, field: &Field) -> Result<Reading, Refusal> {
    let typed = stored.to_text();
    let (date, note) = match stored {
        Stored::Text(_) if typed.is_empty() => return Ok(blank(field)),
        Stored::Text(_) => (parse_date_text(&normalize_width(&typed)), true),
        Stored::Serial(serial) => (date::of_excel_serial(serial), false),
        // ods stores `2025-12-10` or `2025-12-10T00:00:00`.
        Stored::DateText(text) => (
            parse_date_text(text.split('T').next().unwrap_or_default()),
            false,
        ),
        Stored::Number(_) | Stored::Bool(_) => (None, false),
    };
    let Some(date) = date else {
        return Err(Refusal::NotADate { typed });
    };
    let notes = if note {
        vec![Note::DateText {
            typed,
            date: date::text(date),
        }]
    } else {
        Vec::new()
    };
    Ok(Reading {
        value: Value::Date(date),
        notes,
    })
}

/// `2025-12-10`, `2025/12/10`, `2025.12.10`, `2025年12月10日` (narrow digits).
pub(super) fn parse_date_text(text: &str) -> Option<Date> {
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
    if !(1900..=2999).contains(&year) {
        return None;
    }
    date::ymd(year, month, day)
}

#[cfg(test)]
mod tests {
    use crate::framework::{Blank, FieldType};
    use crate::ingest::CellValue;
    use crate::lang::Lang;
    use crate::numbers::Value;
    use crate::numbers::tests::{field, read, refused, taken, text};
    #[test]
    fn date_serials_follow_the_excel_1900_system() {
        let f = field(FieldType::Date, "", Blank::Missing);
        let date = |year, month, day| Value::Date(crate::date::ymd(year, month, day).unwrap());
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
        let date = Value::Date(crate::date::ymd(2025, 12, 10).unwrap());
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
}
