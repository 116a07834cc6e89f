//! Workbooks people read and print: the only code that knows rust_xlsxwriter.

pub mod attachment;
pub mod bulletin;
pub mod feedback;
pub mod findings;
pub mod ranking;
pub mod review;
pub mod rules;
pub mod style;
pub mod template;

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
}
