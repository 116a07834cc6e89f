//! What `assess trend` prints: the years found.

use crate::assessment::years::Year;
use crate::lang::Lang;

/// One line per year: its folder and how many submissions it holds.
pub fn years(years: &[Year], lang: Lang) -> String {
    years
        .iter()
        .map(|y| {
            let n = y.assessed.intake.submissions.len();
            let line = lang.pick(
                format!("{} 年：{}（{n} 份报表）", y.year, y.folder),
                format!("{}: {} ({n} submissions)", y.year, y.folder),
            );
            format!("{line}\n")
        })
        .collect()
}
