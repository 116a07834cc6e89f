//! `assess make-samples` (hidden): regenerate the committed sample submissions.
//!
//! Writes `samples/2021`, `2022`, `2023` (21 filled templates each) and
//! `samples/problems`. Deterministic: the same seed gives the same bytes, and
//! a test checks that the committed files are reproduced exactly.

use std::collections::BTreeMap;

use anyhow::{Context, Result};

use crate::Status;
use crate::cli::MakeSamplesArgs;
use crate::framework::{self, Framework, Unit};
use crate::lang::Lang;
use crate::layout::template_file_name;
use crate::output::write_atomic;
use crate::report::template::{Request, Tamper, write};
use crate::samples::{self, Sample, problems};
use crate::submission::Filled;

/// The sample years.
pub const YEARS: [i32; 3] = [2021, 2022, 2023];

pub fn run(args: &MakeSamplesArgs, lang: Lang) -> Result<Status> {
    let fw = framework::load(None).map_err(|e| anyhow::anyhow!("{e}"))?;
    let (all, figures) = samples::generate(&fw, &YEARS, args.seed);
    let by_key: BTreeMap<(i32, &str), &Sample> = all
        .iter()
        .map(|s| ((s.year, s.unit_code.as_str()), s))
        .collect();
    let mut written = 0;
    for sample in &all {
        let unit = unit(&fw, &sample.unit_code)?;
        let previous = by_key
            .get(&(sample.year - 1, sample.unit_code.as_str()))
            .map(|s| &s.filled);
        let name = file_name(sample.year, unit);
        let dir = args.out.join(sample.year.to_string());
        let tamper = Tamper::default();
        write_one(
            &fw,
            unit,
            sample.year,
            &sample.filled,
            previous,
            &tamper,
            &dir.join(name),
        )?;
        written += 1;
    }
    // the city's filled review workbook of each year, drafted from the files just written
    for year in YEARS {
        let dir = args.out.join(year.to_string());
        let options = crate::intake::Options {
            year: Some(year),
            previous: Some(Vec::new()),
            ..crate::intake::Options::default()
        };
        let intake = crate::intake::gather(&fw, std::slice::from_ref(&dir), &options)?;
        // the files were just written: any error reading them back is a bug, not a sample
        anyhow::ensure!(
            !intake.has_errors() && intake.submissions.len() == fw.units.len(),
            "the {year} samples did not read back cleanly: {}",
            intake.summary(lang)
        );
        let mut draft = super::review::draft(&fw, year, &intake)?;
        samples::city::fill(&fw, year, &mut draft, &figures);
        let bytes = crate::report::review::write(&fw, &draft)
            .with_context(|| format!("cannot build the {year} review workbook"))?;
        write_atomic(&dir.join(format!("{year}-市级复核表.xlsx")), &bytes)?;
        written += 1;
    }
    let planted = problems::plant(&all);
    let dir = args.out.join("problems");
    for p in &planted {
        let unit = unit(&fw, &p.unit_code)?;
        let previous = by_key
            .get(&(p.year - 1, p.unit_code.as_str()))
            .map(|s| &s.filled);
        write_one(
            &fw,
            unit,
            p.year,
            &p.filled,
            previous,
            &p.tamper,
            &dir.join(&p.file),
        )?;
        written += 1;
    }
    write_atomic(
        &dir.join("README.md"),
        problems::readme(&planted).as_bytes(),
    )?;
    write_atomic(
        &args.out.join("published.csv"),
        samples::published_csv().as_bytes(),
    )?;
    println!(
        "{}",
        lang.pick(
            format!("已写入 {written} 份样例到 `{}`", args.out.display()),
            format!("wrote {written} samples to `{}`", args.out.display()),
        )
    );
    Ok(Status::Ok)
}

fn unit<'a>(fw: &'a Framework, code: &str) -> Result<&'a Unit> {
    fw.unit(code).with_context(|| format!("no unit `{code}`"))
}

/// Most files keep the template's name; a few are renamed the way clerks do.
fn file_name(year: i32, unit: &Unit) -> String {
    match (year, unit.code.as_str()) {
        (2022, "130102") => format!("{}{year}年报表(终版).xlsx", unit.name),
        (2023, "130184") => format!("{}红十字会{year}年度核心能力评估(2).xlsx", unit.name),
        _ => template_file_name(year, &unit.name),
    }
}

fn write_one(
    fw: &Framework,
    unit: &Unit,
    year: i32,
    filled: &Filled,
    previous: Option<&Filled>,
    tamper: &Tamper,
    path: &std::path::Path,
) -> Result<()> {
    let bytes = write(&Request {
        framework: fw,
        unit,
        year,
        filled: Some(filled),
        previous,
        tamper,
    })
    .with_context(|| format!("cannot build `{}`", path.display()))?;
    write_atomic(path, &bytes)
}
