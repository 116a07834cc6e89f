//! `[[bonus]]`, `[[deduction]]` and `[[veto]]`: the adjustments to a score.

use crate::framework::load::At;
use crate::framework::model::{
    BonusItem, ClaimSource, Counts, DeductionItem, VetoEffect, VetoItem,
};

use super::{Checker, Codes};

pub(super) fn adjustments(
    c: &mut Checker<'_>,
) -> (Vec<BonusItem>, Vec<DeductionItem>, Vec<VetoItem>) {
    let raw = c.raw;
    let mut codes = Codes::default();
    let mut bonus = Vec::new();
    for At { file, item: b, .. } in &raw.bonus {
        let key = format!("bonus.{}", b.code.get_ref());
        codes.add(c, &format!("{key}.code"), &b.code, *file);
        let points = c.positive(*file, &format!("{key}.points"), &b.points);
        let points = points.and_then(|_| c.points(*file, &format!("{key}.points"), &b.points));
        let max = b
            .max
            .as_ref()
            .and_then(|m| c.points(*file, &format!("{key}.max"), m));
        let source = c.choice_or(
            *file,
            &format!("{key}.source"),
            b.source.as_ref(),
            ClaimSource::NAMES,
            ClaimSource::parse,
            ClaimSource::County,
        );
        if let (Some(points), Some(source)) = (points, source) {
            bonus.push(BonusItem {
                code: b.code.get_ref().clone(),
                name: b.name.clone(),
                name_en: b.name_en.clone(),
                points,
                max,
                source,
            });
        }
    }
    let mut deductions = Vec::new();
    for At { file, item: d, .. } in &raw.deductions {
        let key = format!("deduction.{}", d.code.get_ref());
        codes.add(c, &format!("{key}.code"), &d.code, *file);
        let points = c.positive(*file, &format!("{key}.points"), &d.points);
        let points = points.and_then(|_| c.points(*file, &format!("{key}.points"), &d.points));
        let max = d
            .max
            .as_ref()
            .and_then(|m| c.points(*file, &format!("{key}.max"), m));
        let counts = c.choice_or(
            *file,
            &format!("{key}.counts"),
            d.counts.as_ref(),
            Counts::NAMES,
            Counts::parse,
            Counts::Occurrences,
        );
        if let (Some(points), Some(counts)) = (points, counts) {
            deductions.push(DeductionItem {
                code: d.code.get_ref().clone(),
                name: d.name.clone(),
                name_en: d.name_en.clone(),
                points,
                max,
                counts,
            });
        }
    }
    let mut vetoes = Vec::new();
    for At { file, item: v, .. } in &raw.vetoes {
        let key = format!("veto.{}", v.code.get_ref());
        codes.add(c, &format!("{key}.code"), &v.code, *file);
        let effect = c.choice_or(
            *file,
            &format!("{key}.effect"),
            v.effect.as_ref(),
            VetoEffect::NAMES,
            VetoEffect::parse,
            VetoEffect::Fail,
        );
        if let Some(effect) = effect {
            vetoes.push(VetoItem {
                code: v.code.get_ref().clone(),
                name: v.name.clone(),
                name_en: v.name_en.clone(),
                effect,
            });
        }
    }
    (bonus, deductions, vetoes)
}
