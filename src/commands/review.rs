//! `assess review --year YEAR DIR`: the city's review workbook (市级复核表), pre-filled.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::Status;
use crate::city;
use crate::cli::ReviewArgs;
use crate::framework::Framework;
use crate::intake::{self, Intake, Options};
use crate::lang::Lang;
use crate::output::{self, Inputs, Plan, Target};
use crate::report;
use crate::score::input;

pub fn run(args: &ReviewArgs, lang: Lang) -> Result<Status> {
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}-市级复核表.xlsx", args.year)));
    // the workbook never replaces an input: this year's files, last year's beside them
    let dirs = std::slice::from_ref(&args.dir);
    let mut inputs = Inputs::default();
    inputs
        .add_all(dirs)
        .add_all(&intake::beside(dirs, args.year - 1))
        .add_some(args.indicators.as_deref());
    output::guard(&[Target::File(&out)], &inputs)?;
    let fw = crate::framework::load_usable(args.indicators.as_deref(), lang)?;
    let options = Options {
        year: Some(args.year),
        ..Options::default()
    };
    let intake = intake::gather(&fw, std::slice::from_ref(&args.dir), &options)
        .with_context(|| lang.pick("无法读取所给的文件夹", "cannot read the given folder"))?;
    let draft = draft(&fw, args.year, &intake)?;
    let bytes = report::review::write(&fw, &draft)
        .context(lang.pick("无法生成市级复核表", "cannot build the review workbook"))?;
    let mut plan = Plan::new(inputs);
    plan.file(&out, &bytes)?;
    plan.commit()?;
    println!(
        "{}",
        lang.pick(
            format!(
                "市级复核表已写入 {}（{} 个单位的报表）。填写后放入 {} 或用 assess run --city 指定",
                out.display(),
                intake.submissions.len(),
                args.dir.display()
            ),
            format!(
                "review workbook written to {} ({} submissions). Once filled in, put it in {} or pass it with assess run --city",
                out.display(),
                intake.submissions.len(),
                args.dir.display()
            ),
        )
    );
    Ok(Status::Ok)
}

/// The review workbook's rows for a year's intake, with the proposed grades
/// on the counties' own figures for the 等次审定 sheet.
pub fn draft(fw: &Framework, year: i32, intake: &Intake) -> Result<city::Draft> {
    let both = input::from_submissions(fw, year, &intake.submissions, &intake.findings, None)?;
    let scored = crate::assessment::score(fw, &both.reported.0, &both.reported.1, year)?;
    let mut totals = BTreeMap::new();
    if let Some(total) = scored.total() {
        for (i, unit) in scored.units.iter().enumerate() {
            let grade = scored.grades.get(i).cloned().flatten().unwrap_or_default();
            totals.insert(unit.clone(), (total.score[i].unwrap_or(0.0), grade));
        }
    }
    Ok(city::draft(
        fw,
        year,
        &intake.submissions,
        &intake.findings,
        &totals,
    ))
}
