//! `assess explain UNIT DIR`: one unit's result, indicator by indicator.
//!
//! Gathers and scores the year as `run` does (with the city workbook; a year
//! with errors is scored as with `--allow-errors`), then prints plain text for
//! one unit (`text::explain`): its findings, its total, rank and grade, every
//! dimension and indicator with the value as reported and the cell it came
//! from (or the city's review row), the derived value, target, 完成率, method
//! and points, the five changes that would add most points, and its bonus,
//! deductions and vetoes with their reasons.

use anyhow::{Context, Result, bail};

use crate::Status;
use crate::assessment::{self, Assessment};
use crate::cli::ExplainArgs;
use crate::finding::{Finding, Severity};
use crate::intake::{self, Options};
use crate::lang::Lang;
use crate::report::Results;
use crate::text;

pub fn run(args: &ExplainArgs, lang: Lang) -> Result<Status> {
    let fw = crate::framework::load_usable(args.indicators.as_deref(), lang)?;
    let Some(unit) = fw.unit(args.unit.trim()) else {
        bail!("{}", text::explain::unknown_unit(&fw, &args.unit, lang));
    };
    let code = unit.code.clone();
    let options = Options {
        year: args.year,
        city: args.city.clone(),
        ..Options::default()
    };
    let intake = intake::gather(&fw, std::slice::from_ref(&args.dir), &options)
        .with_context(|| lang.pick("无法读取所给的文件夹", "cannot read the given folder"))?;

    // this unit's findings first, as `validate` prints them
    let own: Vec<Finding> = intake
        .findings
        .iter()
        .filter(|f| f.unit.as_deref() == Some(unit.name.as_str()))
        .cloned()
        .collect();
    print!("{}", text::findings(&own, &fw, lang));
    let errors = intake
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    if let Some(line) = text::explain::errors(errors, lang) {
        println!("{line}");
    }
    let submitted = intake.submissions.iter().any(|s| s.unit_code == code);
    let done = assessment::assess(&fw, intake)?;
    let Some(i) = done.scored.units.iter().position(|u| *u == code) else {
        let why = done.scored.unscored.iter().find(|(u, _)| *u == code);
        let why = why.map(|(_, w)| w.as_str());
        bail!(
            "{}",
            text::explain::not_scored(&unit.name, &code, done.year, why, lang)
        );
    };
    let year = Assessment::alone(&fw, done);
    print!(
        "{}",
        text::explain::unit(&Results::of(&year, &fw, lang, None), i, submitted)
    );
    Ok(Status::Ok)
}
