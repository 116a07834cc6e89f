//! The run's timestamp: given, or taken from the inputs — never the clock.

use crate::city::CityInput;
use crate::date::{self, Date, Datelike};
use crate::extract::Submission;
use crate::lang::Lang;

/// The run's timestamp, written in the method sheet and the documents'
/// properties. It comes from `--timestamp`, else `SOURCE_DATE_EPOCH`, else the
/// inputs (the latest sign-off or receipt date they record), else 1 January
/// of the year after the assessment year — never from the clock, so that the
/// same inputs give the same bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timestamp {
    /// Seconds since 1970-01-01 00:00 UTC.
    pub seconds: i64,
    /// Where it came from (`--timestamp`, `SOURCE_DATE_EPOCH`, the inputs, the year).
    pub from: TimestampFrom,
}

/// Where a [`Timestamp`] came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFrom {
    Option,
    Environment,
    Inputs,
    Year,
}

impl Timestamp {
    /// The day (UTC) of the timestamp.
    pub fn date(&self) -> Date {
        // parse and of_day make only timestamps within chrono's range
        date::of_unix_seconds(self.seconds).unwrap_or_default()
    }

    /// Parses `--timestamp`: seconds since 1970 (as `SOURCE_DATE_EPOCH`), or
    /// `YYYY-MM-DD`, or `YYYY-MM-DD HH:MM[:SS]` / `YYYY-MM-DDTHH:MM[:SS]` (UTC).
    pub fn parse(text: &str, from: TimestampFrom) -> Option<Timestamp> {
        let text = text.trim().trim_end_matches('Z');
        if let Ok(seconds) = text.parse::<i64>() {
            // a day chrono knows (±262,000 years), so that `date` has one
            return date::of_unix_seconds(seconds).map(|_| Timestamp { seconds, from });
        }
        let (date, time) = match text.split_once(['T', ' ']) {
            Some((d, t)) => (d, t),
            None => (text, "00:00:00"),
        };
        let date: Vec<i64> = date
            .split('-')
            .map(str::parse)
            .collect::<Result<_, _>>()
            .ok()?;
        let time: Vec<i64> = time
            .split(':')
            .map(str::parse)
            .collect::<Result<_, _>>()
            .ok()?;
        let [y, m, d] = date[..] else { return None };
        let (h, mi, s) = match time[..] {
            [h, mi] => (h, mi, 0),
            [h, mi, s] => (h, mi, s),
            _ => return None,
        };
        let day = (1900..=9999)
            .contains(&y)
            .then(|| {
                date::ymd(
                    i32::try_from(y).ok()?,
                    u32::try_from(m).ok()?,
                    u32::try_from(d).ok()?,
                )
            })
            .flatten()?;
        let valid = (0..24).contains(&h) && (0..60).contains(&mi) && (0..60).contains(&s);
        valid.then(|| Timestamp {
            seconds: date::unix_seconds(day) + h * 3600 + mi * 60 + s,
            from,
        })
    }

    /// Midnight (UTC) of a day, from the inputs or the year.
    pub fn of_day(day: Date, from: TimestampFrom) -> Timestamp {
        Timestamp {
            seconds: date::unix_seconds(day),
            from,
        }
    }

    /// 1 January of `year`, midnight UTC.
    pub fn new_year(year: i32, from: TimestampFrom) -> Timestamp {
        // 1 January exists in every year chrono knows; 1970 beyond them
        Timestamp::of_day(date::ymd(year, 1, 1).unwrap_or_default(), from)
    }

    /// Year, month, day, hour, minute, second (UTC).
    pub fn parts(&self) -> (i64, i64, i64, i64, i64, i64) {
        let day = self.date();
        let s = self.seconds.rem_euclid(86_400);
        (
            i64::from(day.year()),
            i64::from(day.month()),
            i64::from(day.day()),
            s / 3600,
            s / 60 % 60,
            s % 60,
        )
    }

    /// `2024-01-15 09:30:00 UTC`.
    pub fn text(&self) -> String {
        let (y, m, d, h, mi, s) = self.parts();
        format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02}:{s:02} UTC")
    }

    /// Where it came from, in words.
    pub fn source(&self, lang: Lang) -> &'static str {
        match self.from {
            TimestampFrom::Option => "--timestamp",
            TimestampFrom::Environment => "SOURCE_DATE_EPOCH",
            TimestampFrom::Inputs => lang.pick(
                "输入文件中最晚的签署或收件日期",
                "the latest sign-off or receipt date in the inputs",
            ),
            TimestampFrom::Year => lang.pick(
                "评估年度次年 1 月 1 日",
                "1 January after the assessment year",
            ),
        }
    }
}

/// The timestamp given to a run: `--timestamp` (`option`), else the
/// environment's `SOURCE_DATE_EPOCH`; `None` when neither is set.
pub fn given(option: Option<&str>, lang: Lang) -> anyhow::Result<Option<Timestamp>> {
    use anyhow::Context as _;
    if let Some(text) = option {
        return Timestamp::parse(text, TimestampFrom::Option)
            .with_context(|| {
                lang.pick(
                    format!("--timestamp {text}：请写成 2024-01-15 或 2024-01-15 09:30（UTC），或 1970 年以来的秒数"),
                    format!("--timestamp {text}: write it as 2024-01-15 or 2024-01-15 09:30 (UTC), or seconds since 1970"),
                )
            })
            .map(Some);
    }
    if let Ok(text) = std::env::var("SOURCE_DATE_EPOCH") {
        return Timestamp::parse(&text, TimestampFrom::Environment)
            .with_context(|| {
                lang.pick(
                    format!("环境变量 SOURCE_DATE_EPOCH={text} 不是 1970 年以来的秒数"),
                    format!("SOURCE_DATE_EPOCH={text} is not a number of seconds since 1970"),
                )
            })
            .map(Some);
    }
    Ok(None)
}

/// A run's timestamp: the one given, else the latest sign-off or receipt
/// date in the inputs, else 1 January after the year.
pub fn of_run(
    given: Option<Timestamp>,
    year: i32,
    submissions: &[Submission],
    city: Option<&CityInput>,
) -> Timestamp {
    if let Some(given) = given {
        return given;
    }
    let dates = submissions.iter().filter_map(|s| s.signed).chain(
        city.into_iter()
            .flat_map(|c| c.received.values().map(|r| r.value)),
    );
    match dates.max() {
        Some(day) => Timestamp::of_day(day, TimestampFrom::Inputs),
        None => Timestamp::new_year(year + 1, TimestampFrom::Year),
    }
}

/// The timestamp of several years side by side (`trend`): `SOURCE_DATE_EPOCH`
/// when it is valid, else 1 January after the last year.
pub fn of_years(last: i32) -> Timestamp {
    let fallback = Timestamp::new_year(last + 1, TimestampFrom::Year);
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) => Timestamp::parse(&text, TimestampFrom::Environment).unwrap_or(fallback),
        Err(_) => fallback,
    }
}

#[cfg(test)]
mod tests {
    use super::{Timestamp, TimestampFrom};

    #[test]
    fn timestamps_parse_in_every_written_form() {
        let o = TimestampFrom::Option;
        // 2024-01-15 is 19737 days after 1970-01-01 (54 years, 13 leap days, 14 days)
        let day = (54 * 365 + 13 + 14) * 86_400;
        assert_eq!(Timestamp::parse("2024-01-15", o).unwrap().seconds, day);
        assert_eq!(
            Timestamp::parse("2024-01-15T09:30", o).unwrap().seconds,
            day + 9 * 3600 + 30 * 60
        );
        assert_eq!(
            Timestamp::parse("2024-01-15 09:30:05Z", o).unwrap().text(),
            "2024-01-15 09:30:05 UTC"
        );
        assert_eq!(
            Timestamp::parse("1700000000", o).unwrap().seconds,
            1_700_000_000
        );
        assert_eq!(Timestamp::parse("2023-02-29", o), None);
        assert_eq!(Timestamp::parse("2024-13-01", o), None);
        assert_eq!(Timestamp::parse("yesterday", o), None);
        // beyond any calendar: refused rather than a day that is not one
        assert_eq!(Timestamp::parse(&i64::MAX.to_string(), o), None);
        // 2024-01-15 09:30:05 → the day, and its parts
        let t = Timestamp::parse("2024-01-15 09:30:05", o).unwrap();
        assert_eq!(t.date(), crate::date::ymd(2024, 1, 15).unwrap());
        assert_eq!(t.parts(), (2024, 1, 15, 9, 30, 5));
    }
}
