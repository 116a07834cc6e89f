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

/// Commendations (先进单位 …): the best-ranked units, in rank order, that have the
/// required grade and no veto, up to the commendation's number; units tied at the
/// boundary are all commended.
pub fn commend(fw: &Framework, scored: &Scored) -> Vec<Option<String>> {
    let n = scored.units.len();
    let mut out: Vec<Vec<String>> = vec![Vec::new(); n];
    let Some(total) = scored.total() else {
        return vec![None; n];
    };
    let mut order: Vec<usize> = (0..n).filter(|i| total.rank[*i].is_some()).collect();
    order.sort_by_key(|i| (total.rank[*i], scored.units[*i].clone()));
    for c in &fw.commendations {
        let eligible: Vec<usize> = order
            .iter()
            .copied()
            .filter(|i| !total.flags[*i].iter().any(|f| f == "veto"))
            .filter(|i| {
                c.requires_grade
                    .as_ref()
                    .is_none_or(|g| scored.grades[*i].as_ref() == Some(g))
            })
            .collect();
        let top = usize::try_from(c.top).unwrap_or(usize::MAX);
        let cut = eligible.get(top.saturating_sub(1)).map(|i| total.rank[*i]);
        for i in eligible {
            if out.iter().filter(|o| o.contains(&c.name)).count() < top
                || Some(total.rank[i]) == cut
            {
                out[i].push(c.name.clone());
            }
        }
    }
    out.into_iter()
        .map(|v| (!v.is_empty()).then(|| v.join("、")))
        .collect()
}
