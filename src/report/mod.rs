//! Workbooks people read and print: the only code that knows rust_xlsxwriter.

pub mod attachment;
pub mod audit;
pub mod bulletin;
pub mod decisions;
pub mod detail;
pub mod dimensions;
pub mod feedback;
pub mod findings;
pub mod items;
pub mod measures;
pub mod profiles;
pub mod ranking;
pub mod review;
pub mod robustness;
pub mod rules;
pub mod run;
pub mod shortfall;
pub mod style;
pub mod template;
pub mod trend;
mod wuyou_list;

use crate::assessment::{Assessment, Composition, Previous, Timestamp};
use crate::city::CityInput;
use crate::extract::Submission;
use crate::finding::Finding;
use crate::framework::Framework;
use crate::lang::Lang;
use crate::score::{Flag, Scored, Table};

/// Everything a run produced, for the workbooks that present it (the
/// assessment workbook, the bulletin's attachment and draft, each county's
/// feedback), borrowed from an [`Assessment`] ([`Results::of`]); read-only here.
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
    /// What each unit's total is made of, in `scored.units` order.
    pub composition: &'a [Composition],
    /// Unit code → days late by the city's receipt log.
    pub days_late: &'a std::collections::BTreeMap<crate::code::UnitCode, i64>,
    pub city: Option<&'a CityInput>,
    /// Every validation finding of the run.
    pub findings: &'a [Finding],
    /// The submissions read (the 五有 lists, bonus claims …).
    pub submissions: &'a [Submission],
    /// Unit code → the 五有 verdict on each organisation of its list.
    pub wuyou: &'a std::collections::BTreeMap<crate::code::UnitCode, Vec<crate::wuyou::Verdict>>,
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
    /// The results of an assessed year, as the run's outputs show them.
    pub fn of(
        year: &'a Assessment,
        fw: &'a Framework,
        lang: Lang,
        stage: Option<&'a str>,
    ) -> Results<'a> {
        Results {
            fw,
            year: year.year,
            lang,
            table: &year.table,
            scored: &year.scored,
            self_scored: year.self_scored.as_ref(),
            proposed: year.proposed.as_deref(),
            commended: &year.commended,
            composition: &year.composition,
            days_late: &year.days_late,
            city: year.city.as_ref(),
            findings: &year.findings,
            submissions: &year.submissions,
            wuyou: &year.wuyou,
            stage,
            inputs: &year.inputs,
            previous: year.previous.as_ref(),
            timestamp: &year.timestamp,
            uncertainty: year.uncertainty.as_ref(),
        }
    }

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
        if flags.contains(&Flag::NotSubmitted) {
            Some(lang.pick("未报送", "not submitted"))
        } else if flags.contains(&Flag::Exempt) {
            Some(lang.pick("免报", "exempt"))
        } else {
            None
        }
    }
}
