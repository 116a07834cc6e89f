//! Several years side by side: which folder holds which year, each year
//! assessed, and the figures the city published beside them (`trend`).
//!
//! Years are known from the stamps, not from folder names. A folder whose
//! files name no year is skipped with a note; when two folders hold the same
//! year (`samples/2023` and `samples/problems`, whose planted mistakes are
//! stamped 2023), the folder named after the year wins, else the one with more
//! submissions, and the other is skipped with a note.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::Assessed;
use crate::framework::Framework;
use crate::intake::{self, Options};
use crate::lang::Lang;
use crate::long::{History, Long};

/// A figure the city published: year, field code, value, where it was published.
#[derive(Debug, Clone, PartialEq)]
pub struct Published {
    pub year: i32,
    pub field: crate::code::FieldCode,
    pub value: f64,
    pub source: String,
}

/// One year of the trend.
pub struct Year {
    pub year: i32,
    /// The folder it was read from, as given.
    pub folder: String,
    pub assessed: Assessed,
    /// The year's own framework, when it was scored under one (`--as-published`).
    pub framework: Option<Framework>,
}

/// The years found under a root folder, oldest first, and what was skipped.
pub struct Years {
    pub years: Vec<Year>,
    /// Folders not used, with the reason (for the console and the method sheet).
    pub notes: Vec<String>,
}

/// The framework kept in a year's folder (`framework.toml`, or an
/// `indicators` folder), for scoring that year as published.
fn own_framework(folder: &Path) -> Option<PathBuf> {
    [folder.join("framework.toml"), folder.join("indicators")]
        .into_iter()
        .find(|p| p.exists())
}

/// Reads and scores every year folder under `root`: with `fw` (the current
/// framework: every year like with like), or with `as_published` each year
/// with the framework kept in its folder (the current one where there is none).
pub fn gather(fw: &Framework, root: &Path, as_published: bool, lang: Lang) -> Result<Years> {
    let mut folders: Vec<PathBuf> = std::fs::read_dir(root)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    let mut notes = Vec::new();
    let mut found: BTreeMap<i32, (PathBuf, intake::Intake, Option<Framework>)> = BTreeMap::new();
    for folder in folders {
        let options = Options {
            previous: Some(Vec::new()),
            ..Options::default()
        };
        let shown = folder.display().to_string();
        let own = match own_framework(&folder).filter(|_| as_published) {
            Some(path) => Some(crate::framework::load_usable(Some(&path), lang)?),
            None => None,
        };
        let gathered = intake::gather(
            own.as_ref().unwrap_or(fw),
            std::slice::from_ref(&folder),
            &options,
        )?;
        if gathered.submissions.is_empty() {
            notes.push(lang.pick(
                format!("{shown}：没有任何年度的报表，跳过"),
                format!("{shown}: holds no year's submissions, skipped"),
            ));
            continue;
        }
        let year = gathered.year;
        let named = |p: &Path| {
            p.file_name()
                .is_some_and(|n| n == year.to_string().as_str())
        };
        match found.remove(&year) {
            None => {
                found.insert(year, (folder, gathered, own));
            }
            Some((other, kept, kept_own)) => {
                let keep_new = (named(&folder), gathered.submissions.len())
                    > (named(&other), kept.submissions.len());
                let (winner, loser) = if keep_new {
                    ((folder, gathered, own), other)
                } else {
                    ((other, kept, kept_own), folder)
                };
                notes.push(lang.pick(
                    format!(
                        "{}：与 {} 同为 {year} 年的报表，跳过",
                        loser.display(),
                        winner.0.display()
                    ),
                    format!(
                        "{}: {year} as {} is, skipped",
                        loser.display(),
                        winner.0.display()
                    ),
                ));
                found.insert(year, winner);
            }
        }
    }
    let mut years = Vec::new();
    for (year, (folder, gathered, own)) in found {
        years.push(Year {
            year,
            folder: folder.display().to_string(),
            assessed: super::assess(own.as_ref().unwrap_or(fw), gathered)?,
            framework: own,
        });
    }
    Ok(Years { years, notes })
}

/// The years stacked into the long table (the export's rows of every year,
/// in order): what the trend groups and `trend --export` writes.
pub fn long(years: &[Year], fw: &Framework) -> crate::long::Result<Long> {
    let parts = years
        .iter()
        .map(|y| {
            let a = &y.assessed;
            let cap = y
                .framework
                .as_ref()
                .unwrap_or(fw)
                .bonus_cap
                .map(|c| c.as_f64());
            Long::of_year(y.year, &a.table, &a.scored, Some(&a.self_scored), cap)
        })
        .collect::<crate::long::Result<Vec<_>>>()?;
    Long::stacked(&parts)
}

/// The stacked years grouped by unit and item.
pub fn history(long: &Long) -> crate::long::Result<History> {
    History::of(long)
}

/// The figures the city published (`published.csv` in ROOT: `year,field,value,source`;
/// the field by code or name), to set beside the city totals.
pub fn read_published(root: &Path, fw: &Framework, lang: Lang) -> Result<Vec<Published>> {
    let path = root.join("published.csv");
    let Ok(bytes) = std::fs::read(&path) else {
        return Ok(Vec::new());
    };
    let text = String::from_utf8_lossy(&bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        let cells: Vec<&str> = line.split(',').map(str::trim).collect();
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        let problem = || {
            lang.pick(
                format!("{}:{}: 应为“年度,字段,数值,来源”", path.display(), n + 1),
                format!(
                    "{}:{}: expected `year,field,value,source`",
                    path.display(),
                    n + 1
                ),
            )
        };
        let [year, field, value, source @ ..] = &cells[..] else {
            bail!("{}", problem());
        };
        let year: i32 = year.parse().ok().with_context(problem)?;
        let value: f64 = value.replace('，', "").parse().ok().with_context(problem)?;
        let field = fw
            .fields
            .iter()
            .find(|f| f.code == *field || f.name == *field)
            .with_context(|| {
                lang.pick(
                    format!("{}:{}: 没有字段“{field}”", path.display(), n + 1),
                    format!("{}:{}: no field `{field}`", path.display(), n + 1),
                )
            })?;
        out.push(Published {
            year,
            field: field.code.clone(),
            value,
            source: source.join(","),
        });
    }
    Ok(out)
}
