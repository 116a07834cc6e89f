//! `[[grade]]` and `[[commendation]]`: the grades a total earns and the
//! commendations given on top of them.

use crate::framework::load::At;
use crate::framework::model::{Commendation, Grade, Maturity};
use crate::framework::problem::ProblemKind as K;

use super::{Checker, Codes};

pub(super) fn grades(c: &mut Checker<'_>) -> Vec<Grade> {
    let raw = c.raw;
    let mut names = Codes::default();
    let mut out = Vec::new();
    for At { file, item: g, .. } in &raw.grades {
        let key = format!("grade.{}", g.name.get_ref());
        names.add(c, &format!("{key}.name"), &g.name, *file);
        let min_score = c.points(*file, &format!("{key}.min-score"), &g.min_score);
        let max_share = match &g.max_share {
            Some(s) => c.share(*file, &format!("{key}.max-share"), s).map(Some),
            None => Some(None),
        };
        let max_deductions = match &g.max_deductions {
            Some(m) => c
                .points(*file, &format!("{key}.max-deductions"), m)
                .map(Some),
            None => Some(None),
        };
        if let (Some(min_score), Some(max_share), Some(max_deductions)) =
            (min_score, max_share, max_deductions)
        {
            out.push(Grade {
                name: g.name.get_ref().clone(),
                name_en: g.name_en.clone(),
                min_score,
                max_share,
                requires_no_veto: g.requires_no_veto,
                max_deductions,
            });
        }
    }
    if out.windows(2).any(|w| w[0].min_score <= w[1].min_score)
        && let Some(first) = raw.grades.first()
    {
        c.report(first.file, first.offset, "grade", K::GradesNotDescending);
    }
    out
}

/// `[[maturity]]`: levels from the lowest up, the lowest from 0, each above
/// the one before.
pub(super) fn maturity(c: &mut Checker<'_>) -> Vec<Maturity> {
    let raw = c.raw;
    let mut names = Codes::default();
    let mut out = Vec::new();
    for At { file, item: m, .. } in &raw.maturity {
        let key = format!("maturity.{}", m.name.get_ref());
        names.add(c, &format!("{key}.name"), &m.name, *file);
        if let Some(at_least) = c.share(*file, &format!("{key}.at-least"), &m.at_least) {
            out.push(Maturity {
                name: m.name.get_ref().clone(),
                name_en: m.name_en.clone(),
                at_least,
            });
        }
    }
    let ascending = out.windows(2).all(|w| w[0].at_least < w[1].at_least);
    if (!ascending || out.first().is_some_and(|m| m.at_least != 0.0))
        && let Some(first) = raw.maturity.first()
    {
        c.report(
            first.file,
            first.offset,
            "maturity",
            K::MaturityNotAscending,
        );
    }
    out
}

pub(super) fn commendations(c: &mut Checker<'_>, grades: &[Grade]) -> Vec<Commendation> {
    let mut out = Vec::new();
    for At { file, item: m, .. } in &c.raw.commendations {
        let key = format!("commendation.{}", m.name);
        let top = *m.top.get_ref();
        let Ok(top) = u32::try_from(top)
            .map_err(|_| ())
            .and_then(|t| if t > 0 { Ok(t) } else { Err(()) })
        else {
            c.report(
                *file,
                m.top.span().start,
                format!("{key}.top"),
                K::NotPositive(top.to_string()),
            );
            continue;
        };
        if let Some(g) = &m.requires_grade
            && !grades.iter().any(|grade| grade.name == *g.get_ref())
        {
            c.report(
                *file,
                g.span().start,
                format!("{key}.requires-grade"),
                K::BadChoice {
                    value: g.get_ref().clone(),
                    expected: Vec::new(),
                },
            );
            continue;
        }
        out.push(Commendation {
            name: m.name.clone(),
            name_en: m.name_en.clone(),
            top,
            requires_grade: m.requires_grade.as_ref().map(|g| g.get_ref().clone()),
        });
    }
    out
}
