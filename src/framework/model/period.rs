//! The statistical period (统计时段), the month-days it is given in, and the
//! deadline for submissions.

use serde::Serialize;

use crate::date::{self, Date};

/// A month and day, such as the start of the statistical period (`12-01`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct MonthDay {
    pub month: u8,
    pub day: u8,
}

impl MonthDay {
    pub fn parse(text: &str) -> Option<MonthDay> {
        let (m, d) = text.split_once('-')?;
        let month: u8 = m.parse().ok()?;
        let day: u8 = d.parse().ok()?;
        let days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        (1..=12)
            .contains(&month)
            .then_some(())
            .filter(|()| day >= 1 && day <= days[usize::from(month - 1)])
            .map(|()| MonthDay { month, day })
    }

    /// This month-day in `year`. 02-29 in a common year is 28 February: the
    /// last day of the month the office named, never a day later.
    pub fn in_year(self, year: i32) -> Date {
        let (month, day) = (u32::from(self.month), u32::from(self.day));
        date::ymd(year, month, day)
            .or_else(|| date::ymd(year, month, day - 1))
            .unwrap_or_default()
    }
}

/// The statistical period (统计时段) and the deadline for submissions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Period {
    pub start: MonthDay,
    pub end: MonthDay,
    pub deadline: MonthDay,
    pub contact: Option<String>,
    /// The 公示 window for objections (申诉), in working days after the
    /// 初评 is published (`objection-days`, default [`OBJECTION_DAYS`]).
    pub objection_days: u32,
}

/// The usual 公示 of an appraisal: five working days.
pub const OBJECTION_DAYS: u32 = 5;

impl Period {
    /// The calendar year, with submissions due on 10 January of the next year.
    pub fn calendar() -> Period {
        Period {
            start: MonthDay { month: 1, day: 1 },
            end: MonthDay { month: 12, day: 31 },
            deadline: MonthDay { month: 1, day: 10 },
            contact: None,
            objection_days: OBJECTION_DAYS,
        }
    }

    /// The dates of the period for assessment year `year`: a period whose start
    /// falls after its end (12-01 … 11-30) begins in the previous year.
    pub fn dates(&self, year: i32) -> ((i32, MonthDay), (i32, MonthDay)) {
        let start_year = if self.start > self.end {
            year - 1
        } else {
            year
        };
        ((start_year, self.start), (year, self.end))
    }

    /// The deadline for year `year`: in the same year when it falls after the
    /// period's end, else in the next year.
    pub fn deadline_date(&self, year: i32) -> (i32, MonthDay) {
        if self.deadline > self.end {
            (year, self.deadline)
        } else {
            (year + 1, self.deadline)
        }
    }

    /// The day of the deadline for year `year` ([`Period::deadline_date`]).
    pub fn deadline_day(&self, year: i32) -> Date {
        let (year, deadline) = self.deadline_date(year);
        deadline.in_year(year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_day_falls_on_a_day_of_the_year() {
        let feb29 = MonthDay { month: 2, day: 29 };
        // 2024 is a leap year; in 2023 the last day of February is the 28th
        assert_eq!(feb29.in_year(2024), date::ymd(2024, 2, 29).unwrap());
        assert_eq!(feb29.in_year(2023), date::ymd(2023, 2, 28).unwrap());
        // the calendar year's deadline (01-10) falls in the next year
        assert_eq!(
            Period::calendar().deadline_day(2023),
            date::ymd(2024, 1, 10).unwrap()
        );
    }
}
