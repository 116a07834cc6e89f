//! The one date type and its arithmetic: a day of the proleptic Gregorian
//! calendar, [`Date`] (chrono's `NaiveDate`, which polars builds anyway).
//! Sign-off dates, receipt dates, deadlines and a run's day are all a
//! `Date`; differences are whole days, and the calendar is chrono's — there
//! is no other calendar code in the crate.
//!
//! Days late are **calendar days** after the framework's deadline: weekends,
//! holidays and 调休 days do not move it (the office sets a deadline that is a
//! working day). The one count in working days is the 公示 window for
//! objections: [`Calendar`] holds the year's holidays and 调休 working days
//! as the city workbook lists them (data, never code: they change every year).

pub use chrono::Datelike;
pub use chrono::NaiveDate as Date;

/// The date `year-month-day`, when it exists (no 2023-02-29).
pub fn ymd(year: i32, month: u32, day: u32) -> Option<Date> {
    Date::from_ymd_opt(year, month, day)
}

/// Whole days from `from` to `to`: negative when `to` is earlier.
pub fn days_between(from: Date, to: Date) -> i64 {
    (to - from).num_days()
}

/// The day (UTC) of a time given as seconds since 1970-01-01 00:00 UTC;
/// `None` beyond chrono's range (±262,000 years).
pub fn of_unix_seconds(seconds: i64) -> Option<Date> {
    chrono::DateTime::from_timestamp(seconds, 0).map(|t| t.date_naive())
}

/// Seconds since 1970-01-01 00:00 UTC at midnight (UTC) of `date`.
pub fn unix_seconds(date: Date) -> i64 {
    days_between(epoch(), date) * 86_400
}

/// 1970-01-01 (chrono's default date).
fn epoch() -> Date {
    Date::default()
}

/// An Excel serial (the 1900 system) as a date: 1 is 1900-01-01; 60 is
/// Excel's 1900-02-29, a day that never was (`None`); the time of day is
/// ignored; beyond 9999-12-31 (serial 2958465, Excel's last day) is `None`.
pub fn of_excel_serial(serial: f64) -> Option<Date> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // In range, so the cast is exact.
    #[allow(clippy::cast_possible_truncation)]
    let day = serial.floor() as i64;
    let days_after_1899_12_31 = match day {
        60 => return None,
        // Before the false leap day, serial n is n days after 1899-12-31.
        ..60 => day,
        // From 1900-03-01 on, the false day is counted: one less.
        _ => day - 1,
    };
    ymd(1899, 12, 31)?.checked_add_days(chrono::Days::new(
        u64::try_from(days_after_1899_12_31).ok()?,
    ))
}

/// The date as the tool writes it: `2023-12-18`.
pub fn text(date: Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// Which days are working days: Monday to Friday, except the listed
/// holidays (节假日), plus the listed weekend days worked instead (调休上班).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Calendar {
    pub holidays: std::collections::BTreeSet<Date>,
    pub workdays: std::collections::BTreeSet<Date>,
}

impl Calendar {
    /// A 调休 working day counts even on a weekend; a holiday never does.
    pub fn is_working_day(&self, day: Date) -> bool {
        if self.workdays.contains(&day) {
            return true;
        }
        let weekend = matches!(day.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun);
        !weekend && !self.holidays.contains(&day)
    }

    /// The `n`-th working day after `start` (`start` itself not counted):
    /// the last day of a window of `n` working days opened on `start`.
    /// `None` only beyond chrono's range.
    pub fn working_days_after(&self, start: Date, n: u32) -> Option<Date> {
        let mut day = start;
        let mut left = n;
        while left > 0 {
            day = day.succ_opt()?;
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        Some(day)
    }

    /// Working days after `from` up to and including `to` (0 when `to` is
    /// not later).
    pub fn working_days_between(&self, from: Date, to: Date) -> u32 {
        from.iter_days()
            .skip(1)
            .take_while(|d| *d <= to)
            .filter(|d| self.is_working_day(*d))
            .fold(0, |n, _| n + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: i32, month: u32, day: u32) -> Date {
        ymd(year, month, day).unwrap()
    }

    #[test]
    fn dates_exist_only_on_the_calendar() {
        assert!(ymd(2024, 2, 29).is_some()); // 2024 is a leap year
        assert!(ymd(2023, 2, 29).is_none());
        assert!(ymd(1900, 2, 29).is_none()); // a century, not divisible by 400
        assert!(ymd(2000, 2, 29).is_some());
        assert!(ymd(2023, 4, 31).is_none());
    }

    #[test]
    fn days_between_count_calendar_days() {
        // 2024-02-28 → 03-01 crosses the leap day: 2 days
        assert_eq!(days_between(d(2024, 2, 28), d(2024, 3, 1)), 2);
        assert_eq!(days_between(d(2023, 12, 15), d(2023, 12, 20)), 5);
        assert_eq!(days_between(d(2023, 12, 20), d(2023, 12, 15)), -5);
        // 2000-03-01 is 30 × 365 + 7 leap days (1972 … 1996) + 31 + 29 days after 1970
        assert_eq!(days_between(epoch(), d(2000, 3, 1)), 30 * 365 + 7 + 31 + 29);
    }

    #[test]
    fn unix_seconds_and_days_agree() {
        // 2024-01-15 is 54 years, 13 leap days and 14 days after 1970-01-01
        let seconds = (54 * 365 + 13 + 14) * 86_400;
        assert_eq!(unix_seconds(d(2024, 1, 15)), seconds);
        assert_eq!(of_unix_seconds(seconds + 86_399), Some(d(2024, 1, 15)));
        assert_eq!(of_unix_seconds(-1), Some(d(1969, 12, 31)));
    }

    #[test]
    fn excel_serials_follow_the_1900_system() {
        assert_eq!(of_excel_serial(1.0), Some(d(1900, 1, 1)));
        assert_eq!(of_excel_serial(59.0), Some(d(1900, 2, 28)));
        assert_eq!(of_excel_serial(60.0), None); // Excel's 1900-02-29
        assert_eq!(of_excel_serial(61.0), Some(d(1900, 3, 1)));
        // 45000 is 2023-03-15 (the serial Excel shows for that day); 0.75 is 18:00
        assert_eq!(of_excel_serial(45_000.75), Some(d(2023, 3, 15)));
        assert_eq!(of_excel_serial(2_958_465.0), Some(d(9999, 12, 31)));
        assert_eq!(of_excel_serial(2_958_466.0), None);
        assert_eq!(of_excel_serial(f64::NAN), None);
        assert_eq!(of_excel_serial(0.5), None);
    }

    #[test]
    fn a_window_of_working_days_skips_the_holidays_and_counts_the_days_worked_instead() {
        // 春节 2024: 02-10 … 02-17 off, Sunday 02-04 and Sunday 02-18 worked
        let mut calendar = Calendar::default();
        calendar.holidays.extend(d(2024, 2, 10).iter_days().take(8));
        calendar.workdays.extend([d(2024, 2, 4), d(2024, 2, 18)]);
        // 公示 opens Monday 02-05: 02-06, 07, 08, 09 are four days, the fifth
        // is the Sunday worked after the holiday, 02-18
        assert_eq!(
            calendar.working_days_after(d(2024, 2, 5), 5),
            Some(d(2024, 2, 18))
        );
        // without the holidays the fifth day is Monday 02-12
        let plain = Calendar::default();
        assert_eq!(
            plain.working_days_after(d(2024, 2, 5), 5),
            Some(d(2024, 2, 12))
        );
        // received Monday 02-19: six working days after the opening, one too many
        assert_eq!(
            calendar.working_days_between(d(2024, 2, 5), d(2024, 2, 19)),
            6
        );
        assert_eq!(
            calendar.working_days_between(d(2024, 2, 5), d(2024, 2, 5)),
            0
        );
        assert!(calendar.is_working_day(d(2024, 2, 4)));
        assert!(!calendar.is_working_day(d(2024, 2, 12)));
        assert!(!calendar.is_working_day(d(2024, 2, 3)));
    }

    #[test]
    fn dates_are_written_year_first_with_two_digit_month_and_day() {
        assert_eq!(text(d(2023, 1, 5)), "2023-01-05");
    }
}
