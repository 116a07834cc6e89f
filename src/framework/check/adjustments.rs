//! `[[bonus]]`, `[[deduction]]` and `[[veto]]`: the adjustments to a score.
//! The three share one step ([`items`]): each code is checked for duplicates
//! across all three lists and the names are copied; each kind checks only
//! its own terms.

use toml::Spanned;

use crate::framework::load::At;
use crate::framework::model::{
    Bonus, BonusItem, ClaimSource, Counts, Deduction, DeductionItem, Item, Points, Veto,
    VetoEffect, VetoItem,
};
use crate::framework::spec::{BonusSpec, DeductionSpec, VetoSpec};

use super::{Checker, Codes};

pub(super) fn adjustments(
    c: &mut Checker<'_>,
) -> (Vec<BonusItem>, Vec<DeductionItem>, Vec<VetoItem>) {
    let raw = c.raw;
    let mut codes = Codes::default();
    let bonus = items(c, &mut codes, "bonus", &raw.bonus, |c, file, key, b| {
        let points = points(c, file, key, &b.points);
        let max = cap(c, file, key, b.max.as_ref());
        let source = c.choice_or(
            file,
            &format!("{key}.source"),
            b.source.as_ref(),
            ClaimSource::NAMES,
            ClaimSource::parse,
            ClaimSource::County,
        );
        let (points, source) = (points?, source?);
        Some(Bonus {
            points,
            max,
            source,
        })
    });
    let deductions = items(
        c,
        &mut codes,
        "deduction",
        &raw.deductions,
        |c, file, key, d| {
            let points = points(c, file, key, &d.points);
            let max = cap(c, file, key, d.max.as_ref());
            let counts = c.choice_or(
                file,
                &format!("{key}.counts"),
                d.counts.as_ref(),
                Counts::NAMES,
                Counts::parse,
                Counts::Occurrences,
            );
            let (points, counts) = (points?, counts?);
            Some(Deduction {
                points,
                max,
                counts,
            })
        },
    );
    let vetoes = items(c, &mut codes, "veto", &raw.vetoes, |c, file, key, v| {
        let effect = c.choice_or(
            file,
            &format!("{key}.effect"),
            v.effect.as_ref(),
            VetoEffect::NAMES,
            VetoEffect::parse,
            VetoEffect::Fail,
        );
        Some(Veto { effect: effect? })
    });
    (bonus, deductions, vetoes)
}

/// A `points` that must be above zero and in hundredths.
fn points(c: &mut Checker<'_>, file: usize, key: &str, value: &Spanned<f64>) -> Option<Points> {
    let key = format!("{key}.points");
    c.positive(file, &key, value)
        .and_then(|_| c.points(file, &key, value))
}

/// An optional `max`.
fn cap(
    c: &mut Checker<'_>,
    file: usize,
    key: &str,
    value: Option<&Spanned<f64>>,
) -> Option<Points> {
    value.and_then(|m| c.points(file, &format!("{key}.max"), m))
}

/// What every kind of item's table spells the same way.
trait Head {
    fn code(&self) -> &Spanned<String>;
    fn names(&self) -> (&str, &Option<String>);
}

macro_rules! head {
    ($($spec:ty),*) => {$(
        impl Head for $spec {
            fn code(&self) -> &Spanned<String> {
                &self.code
            }
            fn names(&self) -> (&str, &Option<String>) {
                (&self.name, &self.name_en)
            }
        }
    )*};
}
head!(BonusSpec, DeductionSpec, VetoSpec);

/// Checks one list of items: the code first (a duplicate of any earlier
/// adjustment's code is reported), then `terms`, under the key
/// `kind.code`. An item whose terms fail is left out; its problem is reported.
fn items<S: Head, T>(
    c: &mut Checker<'_>,
    codes: &mut Codes,
    kind: &str,
    specs: &[At<S>],
    mut terms: impl FnMut(&mut Checker<'_>, usize, &str, &S) -> Option<T>,
) -> Vec<Item<T>> {
    let mut out = Vec::new();
    for At { file, item, .. } in specs {
        let key = format!("{kind}.{}", item.code().get_ref());
        codes.add(c, &format!("{key}.code"), item.code(), *file);
        if let Some(terms) = terms(c, *file, &key, item) {
            let (name, name_en) = item.names();
            out.push(Item {
                code: item.code().get_ref().clone(),
                name: name.to_string(),
                name_en: name_en.clone(),
                terms,
            });
        }
    }
    out
}
