//! One year's assessment from its gathered submissions — what `run`, `trend`,
//! `explain` and the comparison with last year share: the city's inputs
//! applied, scored on the reviewed (核定) and on the counties' own (自评)
//! figures, grades after the 党组's decisions.

use anyhow::Result;

use crate::city::CityInput;
use crate::framework::{Framework, Mode};
use crate::intake::Intake;
use crate::score::points::{self, Adjustments};
use crate::score::{Scored, Table, composite, input};

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
