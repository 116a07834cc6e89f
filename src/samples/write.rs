//! Writing the samples: the shipped three years of the 21 units (with the
//! city's review workbooks and the planted problems), or a synthetic
//! assessment of any size. Deterministic: the same seed gives the same bytes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail, ensure};
use rayon::prelude::*;

use super::{Anchor, CityFigures, Sample, problems, registry};
use crate::finding::Severity;
use crate::framework::{self, DEFAULT_FILES, Framework, Unit};
use crate::lang::Lang;
use crate::output::template_file_name;
use crate::output::write_atomic;
use crate::report::template::{Request, Tamper, write};
use crate::samples;
use crate::submission::Filled;

/// The sample years.
pub const YEARS: [i32; 3] = [2021, 2022, 2023];

/// The year of a synthetic assessment unless `--year` says otherwise.
pub const SYNTHETIC_YEAR: i32 = 2023;

/// The most units of a synthetic assessment: a run reads at most
/// [`MAX_FILES`](crate::ingest::limits::MAX_FILES) (10,000) files, and the
/// folder also holds re-submissions and the city's workbook.
pub const MOST_UNITS: usize = 9_000;

/// One workbook to write: a unit's filled template, as tampered with, at `path`.
struct Job<'a> {
    unit: &'a Unit,
    year: i32,
    filled: &'a Filled,
    previous: Option<&'a Filled>,
    tamper: &'a Tamper,
    path: PathBuf,
}

/// The shipped samples: three years of the 21 units, their review workbooks and the problems.
pub fn shipped(out: &Path, seed: u64, lang: Lang) -> Result<usize> {
    let fw = framework::load(None).map_err(|e| anyhow::anyhow!("{e}"))?;
    let (all, figures) = samples::generate(&fw, &YEARS, seed);
    let by_key: BTreeMap<(i32, &str), &Sample> = all
        .iter()
        .map(|s| ((s.year, s.unit_code.as_str()), s))
        .collect();
    let previous = |year: i32, code: &str| by_key.get(&(year - 1, code)).map(|s| &s.filled);
    let untouched = Tamper::default();
    let mut jobs = Vec::new();
    for sample in &all {
        let unit = unit(&fw, &sample.unit_code)?;
        jobs.push(Job {
            unit,
            year: sample.year,
            filled: &sample.filled,
            previous: previous(sample.year, &sample.unit_code),
            tamper: &untouched,
            path: out
                .join(sample.year.to_string())
                .join(file_name(sample.year, unit)?),
        });
    }
    let mut written = write_all(&fw, &jobs)?;
    // the city's filled review workbook of each year, drafted from the files just written
    for year in YEARS {
        city_review(&fw, year, &out.join(year.to_string()), &figures, &[], lang)?;
        written += 1;
    }
    let planted = problems::plant(&all);
    let dir = out.join("problems");
    let mut jobs = Vec::new();
    for p in &planted {
        jobs.push(Job {
            unit: unit(&fw, &p.unit_code)?,
            year: p.year,
            filled: &p.filled,
            previous: previous(p.year, &p.unit_code),
            tamper: &p.tamper,
            path: dir.join(&p.file),
        });
    }
    written += write_all(&fw, &jobs)?;
    write_atomic(
        &dir.join("README.md"),
        problems::readme(&planted).as_bytes(),
    )?;
    write_atomic(
        &out.join("published.csv"),
        samples::published_csv().as_bytes(),
    )?;
    Ok(written)
}

/// A synthetic assessment of `n` units for `year` in the new folder `out`.
pub fn synthetic(out: &Path, n: usize, year: i32, seed: u64, lang: Lang) -> Result<usize> {
    if !(1..=MOST_UNITS).contains(&n) {
        bail!(
            "{}",
            lang.pick(
                format!("--units「{n}」超出范围；应为 1 至 {MOST_UNITS} 之间的整数"),
                format!(
                    "--units `{n}` is out of range; expected a whole number from 1 to {MOST_UNITS}"
                ),
            )
        );
    }
    let occupied = std::fs::read_dir(out).is_ok_and(|mut entries| entries.next().is_some());
    if occupied {
        bail!(
            "{}",
            lang.pick(
                format!(
                    "「{}」不是空文件夹，未写入任何文件；请换一个新文件夹",
                    out.display()
                ),
                format!(
                    "`{}` is not empty; nothing was written; choose a new folder",
                    out.display()
                ),
            )
        );
    }
    let default = framework::load(None).map_err(|e| anyhow::anyhow!("{e}"))?;
    ensure!(
        default.applies_to(year),
        "{}",
        lang.pick(
            format!(
                "--year「{year}」：默认评估体系不适用于该年度；应为 {} 年或以后",
                default.from_year
            ),
            format!(
                "--year `{year}`: the default framework does not apply to it; expected {} or later",
                default.from_year
            ),
        )
    );
    // the framework first: the samples are drawn from the registry as it loads
    let indicators = out.join("indicators");
    let units = registry::units(n, seed);
    let registry_text = registry::units_toml(&units, seed);
    for (name, text) in DEFAULT_FILES {
        let text = if *name == "units.toml" {
            registry_text.as_str()
        } else {
            text
        };
        write_atomic(&indicators.join(name), text.as_bytes())?;
    }
    let fw = framework::load(Some(&indicators)).map_err(|e| anyhow::anyhow!("{e}"))?;

    let (all, figures) = samples::generate_anchored(&fw, &[year], seed, Anchor::PerPerson);
    let planted = problems::plant_among(&fw, &all, year, seed);
    let with_problem: BTreeSet<&str> = planted.iter().map(|p| p.unit_code.as_str()).collect();
    let dir = out.join(year.to_string());
    let untouched = Tamper::default();
    let mut jobs = Vec::new();
    for sample in all
        .iter()
        .filter(|s| !with_problem.contains(s.unit_code.as_str()))
    {
        let unit = unit(&fw, &sample.unit_code)?;
        jobs.push(Job {
            unit,
            year,
            filled: &sample.filled,
            previous: None,
            tamper: &untouched,
            path: dir.join(template_file_name(year, &unit.name)?),
        });
    }
    for p in &planted {
        jobs.push(Job {
            unit: unit(&fw, &p.unit_code)?,
            year,
            filled: &p.filled,
            previous: None,
            tamper: &p.tamper,
            path: dir.join(&p.file),
        });
    }
    let mut written = write_all(&fw, &jobs)?;
    let tolerated: Vec<String> = planted.iter().map(|p| p.file.clone()).collect();
    city_review(&fw, year, &dir, &figures, &tolerated, lang)?;
    written += 1;
    let readme = samples::synthetic::readme(&fw, &all, &planted, &units, year, seed);
    write_atomic(&out.join("README.md"), readme.as_bytes())?;
    Ok(written + DEFAULT_FILES.len() + 1)
}

/// Writes the workbooks, in parallel (each file is built on its own, so the
/// bytes do not depend on the order). Returns how many were written.
fn write_all(fw: &Framework, jobs: &[Job]) -> Result<usize> {
    jobs.par_iter().try_for_each(|job| {
        let bytes = write(&Request {
            framework: fw,
            unit: job.unit,
            year: job.year,
            filled: Some(job.filled),
            previous: job.previous,
            tamper: job.tamper,
        })
        .with_context(|| format!("cannot build `{}`", job.path.display()))?;
        write_atomic(&job.path, &bytes)
    })?;
    Ok(jobs.len())
}

/// Reads back the county files of `year` in `dir`, drafts the city's review
/// workbook from them, fills it as the city would and writes it beside them.
/// The files were just written: any error outside the files named in
/// `tolerated` (planted mistakes) is a bug, not a sample.
fn city_review(
    fw: &Framework,
    year: i32,
    dir: &Path,
    figures: &[CityFigures],
    tolerated: &[String],
    lang: Lang,
) -> Result<()> {
    // last year's folder, when written already: the review workbook's 核查提示
    // then names the changes against last year, as `assess review` would
    let last = dir
        .parent()
        .map(|p| p.join((year - 1).to_string()))
        .filter(|p| p.is_dir());
    let options = crate::intake::Options {
        year: Some(year),
        previous: Some(last.into_iter().collect()),
        ..crate::intake::Options::default()
    };
    // the city workbook of an earlier generation is not read back: the one
    // drafted here replaces it (written below)
    let city_file = dir.join(format!("{year}-市级复核表.xlsx"));
    if city_file.is_file() {
        std::fs::remove_file(&city_file)
            .with_context(|| format!("cannot replace {}", city_file.display()))?;
    }
    let intake = crate::intake::gather(fw, std::slice::from_ref(&dir.to_path_buf()), &options)?;
    let planted = |file: &str| {
        Path::new(file)
            .file_name()
            .is_some_and(|name| tolerated.iter().any(|t| name == t.as_str()))
    };
    let unexpected = intake
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error && !planted(&f.file));
    ensure!(
        !unexpected && intake.submissions.len() == fw.units.len(),
        "the {year} samples did not read back cleanly: {}",
        intake.summary(lang)
    );
    let mut draft = crate::assessment::review_draft(fw, year, &intake)?;
    let signed: std::collections::BTreeMap<crate::code::UnitCode, crate::date::Date> = intake
        .submissions
        .iter()
        .filter_map(|s| s.signed.map(|d| (s.unit_code.clone(), d)))
        .collect();
    samples::city::fill(fw, year, &mut draft, figures, &signed);
    let bytes = crate::report::review::write(fw, &draft)
        .with_context(|| format!("cannot build the {year} review workbook"))?;
    write_atomic(&city_file, &bytes)
}

fn unit<'a>(fw: &'a Framework, code: &str) -> Result<&'a Unit> {
    fw.unit(code).with_context(|| format!("no unit `{code}`"))
}

/// Most files keep the template's name; a few are renamed the way clerks do.
fn file_name(year: i32, unit: &Unit) -> Result<String> {
    Ok(match (year, unit.code.as_str()) {
        (2022, "130102") => format!("{}{year}年报表(终版).xlsx", unit.name),
        (2023, "130184") => format!("{}红十字会{year}年度核心能力评估(2).xlsx", unit.name),
        _ => template_file_name(year, &unit.name)?,
    })
}
