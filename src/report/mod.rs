//! Workbooks people read and print: the only code that knows rust_xlsxwriter.

pub mod attachment;
pub mod bulletin;
pub mod detail;
pub mod dimensions;
pub mod feedback;
pub mod findings;
pub mod items;
pub mod measures;
pub mod profiles;
pub mod ranking;
pub mod review;
pub mod rules;
pub mod shortfall;
pub mod style;
pub mod template;
pub mod trend;

use std::collections::BTreeMap;

use crate::city::CityInput;
use crate::extract::Submission;
use crate::finding::Finding;
use crate::framework::Framework;
use crate::lang::Lang;
use crate::score::{Scored, Table};

/// Everything a run produced, for the workbooks that present it (the
/// assessment workbook, the bulletin's attachment and draft, each county's
/// feedback). Built by `commands/run.rs`; read-only here.
pub struct Results<'a> {
    pub fw: &'a Framework,
    pub year: i32,
    pub lang: Lang,
    /// The units × fields table scored (核定 values), with sources and flags.
    pub table: &'a Table,
    /// The final scores, ranks and grades (grades after the 党组's decisions).
    pub scored: &'a Scored,
    /// The scores on the counties' own figures (自评), when a city workbook was applied.
    pub self_scored: Option<&'a Scored>,
    /// The grades proposed by the rules, when the 党组 decided some otherwise.
    pub proposed: Option<&'a [Option<String>]>,
    /// Commendations per unit, in `scored.units` order (先进单位 …).
    pub commended: &'a [Option<String>],
    pub city: Option<&'a CityInput>,
    /// Every validation finding of the run.
    pub findings: &'a [Finding],
    /// The submissions read (the 五有 lists, bonus claims …).
    pub submissions: &'a [Submission],
    /// 初评 or 终评, when given.
    pub stage: Option<&'a str>,
    /// Input files (relative paths) with their SHA-256.
    pub inputs: &'a [(String, String)],
    /// Last year's results, for the change columns; `None` when there are none.
    pub previous: Option<&'a Previous>,
    /// The run's timestamp (never the clock: see [`Timestamp`]).
    pub timestamp: &'a Timestamp,
    /// How robust the ranks are, when `--uncertainty` asked for it.
    pub uncertainty: Option<&'a crate::analysis::uncertainty::Uncertainty>,
}

impl<'a> Results<'a> {
    /// The submission of a unit. A scan: callers look it up once per unit,
    /// not once per field (the detail sheet has 150,000 rows for 3,000 units).
    pub fn submission(&self, unit: &str) -> Option<&'a Submission> {
        self.submissions.iter().find(|s| s.unit_code == unit)
    }

    /// `未报送` or `免报` for unit `i` (by its total's flags), as every output
    /// marks such a unit; `None` for a unit that submitted.
    pub fn absent(&self, i: usize) -> Option<&'static str> {
        let flags = &self.scored.total()?.flags[i];
        let lang = self.lang;
        if flags.iter().any(|f| f == "not-submitted") {
            Some(lang.pick("未报送", "not submitted"))
        } else if flags.iter().any(|f| f == "exempt") {
            Some(lang.pick("免报", "exempt"))
        } else {
            None
        }
    }
}

/// Last year's results, to show the change in score and rank.
#[derive(Debug, Clone, Default)]
pub struct Previous {
    pub year: i32,
    /// Where they came from, for the method sheet: the folders re-scored under
    /// this year's framework, or the published export given with `--previous-result`.
    pub basis: PreviousBasis,
    /// Unit code → last year's total, rank and grade.
    pub totals: BTreeMap<String, Standing>,
    /// (unit code, node code) → last year's score of that dimension, indicator or item.
    pub scores: BTreeMap<(String, String), f64>,
}

/// One unit's standing in a year.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Standing {
    pub total: Option<f64>,
    pub rank: Option<u32>,
    pub grade: Option<String>,
}

/// How last year's results were obtained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PreviousBasis {
    /// Last year's submissions (and city workbook) re-scored under this year's framework.
    Rescored { from: Vec<String> },
    /// Last year's published export (`--previous-result FILE.csv`).
    Published { file: String },
}

impl Default for PreviousBasis {
    fn default() -> Self {
        PreviousBasis::Rescored { from: Vec::new() }
    }
}

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

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

impl Timestamp {
    /// The day (UTC) of the timestamp.
    pub fn date(&self) -> (i32, u32, u32) {
        let (y, m, d) = civil_from_days(self.seconds.div_euclid(86_400));
        (
            i32::try_from(y).unwrap_or(i32::MAX),
            u32::try_from(m).unwrap_or(1),
            u32::try_from(d).unwrap_or(1),
        )
    }

    /// Parses `--timestamp`: seconds since 1970 (as `SOURCE_DATE_EPOCH`), or
    /// `YYYY-MM-DD`, or `YYYY-MM-DD HH:MM[:SS]` / `YYYY-MM-DDTHH:MM[:SS]` (UTC).
    pub fn parse(text: &str, from: TimestampFrom) -> Option<Timestamp> {
        let text = text.trim().trim_end_matches('Z');
        if let Ok(seconds) = text.parse::<i64>() {
            return Some(Timestamp { seconds, from });
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
        let valid = (1900..=9999).contains(&y)
            && (1..=12).contains(&m)
            && (1..=31).contains(&d)
            && civil_from_days(days_from_civil(y, m, d)) == (y, m, d)
            && (0..24).contains(&h)
            && (0..60).contains(&mi)
            && (0..60).contains(&s);
        valid.then(|| Timestamp {
            seconds: days_from_civil(y, m, d) * 86_400 + h * 3600 + mi * 60 + s,
            from,
        })
    }

    /// Midnight of a date, from the inputs or the year.
    pub fn of_date(year: i32, month: u32, day: u32, from: TimestampFrom) -> Timestamp {
        Timestamp {
            seconds: days_from_civil(i64::from(year), i64::from(month), i64::from(day)) * 86_400,
            from,
        }
    }

    /// Year, month, day, hour, minute, second (UTC).
    pub fn parts(&self) -> (i64, i64, i64, i64, i64, i64) {
        let (y, m, d) = civil_from_days(self.seconds.div_euclid(86_400));
        let s = self.seconds.rem_euclid(86_400);
        (y, m, d, s / 3600, s / 60 % 60, s % 60)
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

#[cfg(test)]
mod tests {
    use super::{Timestamp, TimestampFrom, civil_from_days, days_from_civil};

    #[test]
    fn civil_dates_round_trip() {
        // 2000-03-01 is day 11017: 30 years × 365 + 7 leap days (1972 … 1996) + 60 days of 2000
        assert_eq!(days_from_civil(2000, 3, 1), 30 * 365 + 7 + 31 + 29);
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        for z in [-1, 0, 59, 11_016, 19_723, 2_932_896] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
    }

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
    }
}
