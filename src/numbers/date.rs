//! Dates: typed as text (`2025-12-10`, `2025年12月10日`) or stored as Excel
//! serials (the 1900 system), and the calendar they are checked against.

use crate::framework::Field;

use super::number::normalize_width;
use super::{Note, Reading, Refusal, Stored, Value, blank, date_text};

pub(super) fn read_date(stored: Stored<'_>, field: &Field) -> Result<Reading, Refusal> {
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
pub(super) fn parse_date_text(text: &str) -> Option<(i32, u32, u32)> {
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
pub(super) fn date_from_serial(serial: f64) -> Option<(i32, u32, u32)> {
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
    use crate::framework::{Blank, FieldType};
    use crate::ingest::CellValue;
    use crate::lang::Lang;
    use crate::numbers::Value;
    use crate::numbers::tests::{field, read, refused, taken, text};
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
}
