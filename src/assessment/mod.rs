//! One year's assessment from its gathered submissions — what `run`, `trend`,
//! `explain` and the comparison with last year share: the city's inputs
//! applied, scored on the reviewed (核定) and on the counties' own (自评)
//! figures, grades after the 党组's decisions.

pub mod commend;
pub mod composition;
pub mod previous;
pub mod timestamp;
pub mod years;

pub use commend::commend;
pub use composition::Composition;
pub use previous::{Previous, PreviousBasis, Standing};
pub use timestamp::{Timestamp, TimestampFrom};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::analysis::uncertainty::{self, Uncertainty};
use crate::city::CityInput;
use crate::code::UnitCode;
use crate::extract::Submission;
use crate::finding::Finding;
use crate::framework::{Framework, Mode};
use crate::intake::Intake;
use crate::score::points::{self, Adjustments};
use crate::score::{ScoreError, Scored, Table, composite, input};
use crate::wuyou::Verdict;

type Result<T> = std::result::Result<T, ScoreError>;

/// A scored year.
pub struct Assessed {
    pub year: i32,
    /// The submissions, findings and city workbook read.
    pub intake: Intake,
    /// The units × fields table scored (核定 values), with sources and flags.
    pub table: Table,
    /// The final scores, ranks and grades (grades after the 党组's decisions).
    pub scored: Scored,
    /// The scores on the counties' own figures (自评).
    pub self_scored: Scored,
    /// The grades the rules proposed, when a city workbook was applied.
    pub proposed: Option<Vec<Option<String>>>,
}

/// Scores a gathered year.
pub fn assess(fw: &Framework, intake: Intake) -> Result<Assessed> {
    let both = input::from_submissions(
        fw,
        intake.year,
        &intake.submissions,
        &intake.findings,
        intake.city.as_ref(),
    )?;
    let mut scored = score(fw, &both.reviewed.0, &both.reviewed.1, intake.year)?;
    let self_scored = score(fw, &both.reported.0, &both.reported.1, intake.year)?;
    let proposed = intake.city.as_ref().map(|c| {
        let proposed = scored.grades.clone();
        decide(&mut scored, c);
        proposed
    });
    Ok(Assessed {
        year: intake.year,
        table: both.reviewed.0,
        scored,
        self_scored,
        proposed,
        intake,
    })
}

/// The 党组's decisions replace the grades the rules proposed.
pub fn decide(scored: &mut Scored, city: &CityInput) {
    for (i, unit) in scored.units.iter().enumerate() {
        if let Some(d) = city.decided.get(unit) {
            scored.grades[i] = Some(d.value.clone());
        }
    }
}

/// Scores with the framework's engine.
pub fn score(
    fw: &Framework,
    table: &Table,
    adjustments: &Adjustments,
    year: i32,
) -> Result<Scored> {
    Ok(match fw.mode {
        Mode::Points => points::score(fw, table, adjustments, year),
        Mode::WeightedMean => composite::score(fw, table)?,
    })
}

/// The review workbook's rows for a year's intake, with the proposed grades
/// on the counties' own figures for the 等次审定 sheet.
pub fn review_draft(fw: &Framework, year: i32, intake: &Intake) -> Result<crate::city::Draft> {
    let both = input::from_submissions(fw, year, &intake.submissions, &intake.findings, None)?;
    let scored = score(fw, &both.reported.0, &both.reported.1, year)?;
    let mut totals = std::collections::BTreeMap::new();
    if let Some(total) = scored.total() {
        for (i, unit) in scored.units.iter().enumerate() {
            let grade = scored.grades.get(i).cloned().flatten().unwrap_or_default();
            totals.insert(unit.clone(), (total.score[i].unwrap_or(0.0), grade));
        }
    }
    Ok(crate::city::draft(
        fw,
        year,
        &intake.submissions,
        &intake.findings,
        &totals,
    ))
}

/// An assessed year: every fact the outputs of a run show. The workbooks,
/// documents and console text only format it.
pub struct Assessment {
    pub year: i32,
    /// The units × fields table scored (核定 values), with sources and flags.
    pub table: Table,
    /// The final scores, ranks and grades (grades after the 党组's decisions).
    pub scored: Scored,
    /// The scores on the counties' own figures (自评); `None` for a wide table.
    pub self_scored: Option<Scored>,
    /// The grades the rules proposed, when a city workbook was applied.
    pub proposed: Option<Vec<Option<String>>>,
    /// Commendations per unit, in `scored.units` order (先进单位 …).
    pub commended: Vec<Option<String>>,
    /// What each unit's total is made of, in `scored.units` order.
    pub composition: Vec<Composition>,
    /// Unit code → days late by the city's receipt log (0 when on time).
    pub days_late: BTreeMap<UnitCode, i64>,
    pub city: Option<CityInput>,
    /// Every validation finding of the year.
    pub findings: Vec<Finding>,
    /// The submissions read (the 五有 lists, bonus claims …).
    pub submissions: Vec<Submission>,
    /// Unit code → the 五有 verdict on each organisation of its list, in
    /// list order ([`crate::wuyou::verdicts`]).
    pub wuyou: BTreeMap<UnitCode, Vec<Verdict>>,
    /// Last year's standing, for the change columns; `None` when there is none.
    pub previous: Option<Previous>,
    /// The run's timestamp (never the clock).
    pub timestamp: Timestamp,
    /// How robust the ranks are, when asked for.
    pub uncertainty: Option<Uncertainty>,
    /// The files read (as given) with their SHA-256.
    pub inputs: Vec<(String, String)>,
}

/// What a run asks of the assessment beyond the framework and the files.
#[derive(Debug, Clone, Default)]
pub struct Asked {
    /// Last year's published standing (`--previous-result`, read with
    /// [`previous::published_file`]), instead of re-scoring last year.
    pub published: Option<Previous>,
    /// The timestamp given (`--timestamp`, `SOURCE_DATE_EPOCH`).
    pub timestamp: Option<Timestamp>,
    /// How many draws of the rank robustness (`--uncertainty`).
    pub draws: Option<u32>,
}

impl Assessment {
    /// A gathered year, assessed: scored, graded, commended, set beside last year.
    pub fn of_intake(fw: &Framework, mut assessed: Assessed, asked: &Asked) -> Result<Self> {
        let intake = &mut assessed.intake;
        let mut read: Vec<PathBuf> = intake
            .submissions
            .iter()
            .map(|s| PathBuf::from(&s.file))
            .collect();
        if let Some(c) = &intake.city {
            read.push(PathBuf::from(&c.file));
        }
        let previous = match &asked.published {
            Some(published) => Some(published.clone()),
            None => Previous::rescored(
                fw,
                assessed.year,
                &intake.previous_from,
                intake.previous_read.take(),
            )?,
        };
        let setting = Setting {
            previous,
            timestamp: timestamp::of_run(
                asked.timestamp.clone(),
                assessed.year,
                &intake.submissions,
                intake.city.as_ref(),
            ),
            uncertainty: simulate(fw, &assessed.scored, asked),
            inputs: hashed(&read),
        };
        Ok(Assessment::gathered(fw, assessed, setting))
    }

    /// A gathered year on its own (`explain`): not set beside last year, dated
    /// 1 January after the year, with the ranks' robustness at the default draws.
    pub fn alone(fw: &Framework, assessed: Assessed) -> Self {
        let settings = uncertainty::Settings::default();
        let setting = Setting {
            previous: None,
            timestamp: Timestamp::new_year(assessed.year + 1, TimestampFrom::Year),
            uncertainty: Some(uncertainty::simulate(fw, &assessed.scored, &settings)),
            inputs: Vec::new(),
        };
        Assessment::gathered(fw, assessed, setting)
    }

    /// A gathered year with what the run sets it in: the facts every output
    /// shows, worked out once.
    fn gathered(fw: &Framework, assessed: Assessed, setting: Setting) -> Self {
        let intake = assessed.intake;
        Assessment {
            commended: commend(fw, &assessed.scored),
            composition: Composition::all(fw, &assessed.scored),
            days_late: days_late(fw, intake.city.as_ref()),
            wuyou: crate::wuyou::verdicts(fw.wuyou.as_ref(), &intake.submissions),
            uncertainty: setting.uncertainty,
            inputs: setting.inputs,
            timestamp: setting.timestamp,
            previous: setting.previous,
            year: assessed.year,
            table: assessed.table,
            scored: assessed.scored,
            self_scored: Some(assessed.self_scored),
            proposed: assessed.proposed,
            city: intake.city,
            findings: intake.findings,
            submissions: intake.submissions,
        }
    }

    /// A wide table (`--table`), scored as it stands: no submissions, no city workbook.
    pub fn of_table(
        fw: &Framework,
        path: &Path,
        table: Table,
        year: i32,
        asked: &Asked,
    ) -> Result<Self> {
        let scored = score(fw, &table, &Adjustments::default(), year)?;
        let previous = asked.published.clone();
        Ok(Assessment {
            commended: commend(fw, &scored),
            composition: Composition::all(fw, &scored),
            days_late: BTreeMap::new(),
            wuyou: BTreeMap::new(),
            uncertainty: simulate(fw, &scored, asked),
            inputs: hashed(&[path.to_path_buf()]),
            timestamp: timestamp::of_run(asked.timestamp.clone(), year, &[], None),
            year,
            table,
            scored,
            self_scored: None,
            proposed: None,
            city: None,
            findings: Vec::new(),
            submissions: Vec::new(),
            previous,
        })
    }
}

/// What a run sets a gathered year in: last year, its date, the ranks'
/// robustness and the files read.
struct Setting {
    previous: Option<Previous>,
    timestamp: Timestamp,
    uncertainty: Option<Uncertainty>,
    inputs: Vec<(String, String)>,
}

/// Days late of each unit the city's receipt log lists.
fn days_late(fw: &Framework, city: Option<&CityInput>) -> BTreeMap<UnitCode, i64> {
    city.map(|c| {
        c.received
            .iter()
            .map(|(unit, r)| (unit.clone(), crate::city::days_late(fw, c.year, r.value)))
            .collect()
    })
    .unwrap_or_default()
}

fn simulate(fw: &Framework, scored: &Scored, asked: &Asked) -> Option<Uncertainty> {
    asked.draws.map(|draws| {
        let settings = uncertainty::Settings {
            draws,
            ..Default::default()
        };
        uncertainty::simulate(fw, scored, &settings)
    })
}

/// The files read, as given, with their SHA-256 (empty when a file can no longer be read).
fn hashed(paths: &[PathBuf]) -> Vec<(String, String)> {
    use sha2::{Digest, Sha256};
    paths
        .iter()
        .map(|p| {
            let hash = match std::fs::read(p) {
                Ok(bytes) => Sha256::digest(&bytes)
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect(),
                Err(_) => String::new(),
            };
            (p.display().to_string(), hash)
        })
        .collect()
}
