//! Last year's standing: the published export given with `--previous-result`,
//! or last year's submissions re-scored under this year's framework.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::code::UnitCode;
use crate::diff::Export;
use crate::framework::Framework;
use crate::intake::{self, Options};
use crate::lang::Lang;
use crate::score::NodeKind;

/// Last year's results, to show the change in score and rank.
#[derive(Debug, Clone, Default)]
pub struct Previous {
    pub year: i32,
    /// Where they came from, for the method sheet: the folders re-scored under
    /// this year's framework, or the published export given with `--previous-result`.
    pub basis: PreviousBasis,
    /// Unit code → last year's total, rank and grade.
    pub totals: BTreeMap<UnitCode, Standing>,
    /// (unit code, node code) → last year's score of that dimension, indicator or item.
    pub scores: BTreeMap<(UnitCode, String), f64>,
    /// Units re-scored but not compared (names, registry order): they had no
    /// usable file last year.
    pub not_compared: Vec<String>,
}

/// One unit's standing in a year.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Standing {
    pub total: Option<f64>,
    pub rank: Option<u32>,
    pub grade: Option<String>,
}

/// How last year's results were obtained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PreviousBasis {
    /// Last year's submissions (and city workbook) re-scored under this year's framework.
    Rescored { from: Vec<String> },
    /// Last year's published export (`--previous-result FILE.csv`).
    Published { file: String },
}

impl Default for PreviousBasis {
    fn default() -> Self {
        PreviousBasis::Rescored { from: Vec::new() }
    }
}

impl Previous {
    /// Last year's rows of a published export (`--previous-result`): the year
    /// before `year`, else the latest year before it; `None` when the export
    /// holds no year before `year`.
    pub fn published(export: &Export, file: String, year: i32) -> Option<Previous> {
        let last = export
            .years()
            .into_iter()
            .filter_map(|y| y.parse::<i32>().ok())
            .filter(|y| *y < year)
            .max()?;
        let mut previous = Previous {
            year: last,
            basis: PreviousBasis::Published { file },
            ..Previous::default()
        };
        for row in export.rows.iter().filter(|r| r.year == last.to_string()) {
            let score = row.score.as_ref().map(|n| n.value);
            if row.kind == NodeKind::Total {
                previous.totals.insert(
                    UnitCode::new(row.unit.clone()),
                    Standing {
                        total: score,
                        rank: row.rank,
                        grade: Some(row.grade.clone()).filter(|g| !g.is_empty()),
                    },
                );
            } else if let Some(v) = score {
                previous
                    .scores
                    .insert((UnitCode::new(row.unit.clone()), row.code.clone()), v);
            }
        }
        Some(previous)
    }

    /// Last year's submissions (found beside this year's folder) and last
    /// year's city workbook, re-scored under this year's framework (like with
    /// like). Last year's files are those the intake already read (`read`), in
    /// the folders that held last year's submissions (`from`): nothing is read
    /// twice. `None` when there were none.
    pub fn rescored(
        fw: &Framework,
        year: i32,
        from: &[String],
        read: Option<intake::Read>,
    ) -> Result<Option<Previous>, crate::score::ScoreError> {
        let Some(read) = read.filter(|_| !from.is_empty()) else {
            return Ok(None);
        };
        let options = Options {
            year: Some(year - 1),
            previous: Some(Vec::new()),
            ..Options::default()
        };
        let intake = intake::gather_again(fw, read, from, &options);
        if intake.submissions.is_empty() {
            return Ok(None);
        }
        let done = super::assess(fw, intake)?;
        let (scored, intake) = (done.scored, done.intake);
        let mut previous = Previous {
            year: intake.year,
            basis: PreviousBasis::Rescored {
                from: from.to_vec(),
            },
            ..Previous::default()
        };
        let total = scored.total();
        // a unit without a usable file last year is not compared: its re-scored
        // total (the city's figures alone) is no result it had
        let submitted: BTreeSet<&str> = intake
            .submissions
            .iter()
            .map(|s| s.unit_code.as_str())
            .collect();
        for (i, unit) in scored.units.iter().enumerate() {
            if !submitted.contains(unit.as_str()) {
                previous.not_compared.push(
                    fw.unit(unit)
                        .map_or_else(|| unit.to_string(), |u| u.name.clone()),
                );
                continue;
            }
            previous.totals.insert(
                unit.clone(),
                Standing {
                    total: total.and_then(|t| t.score[i]),
                    rank: total.and_then(|t| t.rank[i]),
                    grade: scored.grades.get(i).cloned().flatten(),
                },
            );
            for node in scored.nodes.iter().filter(|n| n.kind != NodeKind::Field) {
                if let Some(v) = node.score[i] {
                    previous.scores.insert((unit.clone(), node.code.clone()), v);
                }
            }
        }
        Ok(Some(previous))
    }
}

/// Last year's standing from `--previous-result`, when it was given.
pub fn published_given(
    path: Option<&Path>,
    year: i32,
    lang: Lang,
) -> anyhow::Result<Option<Previous>> {
    path.map(|p| published_file(p, year, lang)).transpose()
}

/// Last year's standing from the published export at `path`
/// (`--previous-result`): an I/O edge, its messages in `lang`.
pub fn published_file(path: &Path, year: i32, lang: Lang) -> anyhow::Result<Previous> {
    use anyhow::Context as _;
    let bytes = std::fs::read(path).with_context(|| {
        lang.pick(
            format!("无法读取上年结果 {}", path.display()),
            format!("cannot read last year's results {}", path.display()),
        )
    })?;
    let file = path.display().to_string();
    let export = crate::diff::read(&bytes).map_err(|e| anyhow::anyhow!(e.render(&file, lang)))?;
    let held = lang.pick(
        format!("{file} 中没有 {year} 年以前的结果"),
        format!("{file} holds no results before {year}"),
    );
    Previous::published(&export, file, year).context(held)
}
