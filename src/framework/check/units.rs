//! `[[unit]]`: the units assessed, their codes, names, kinds, populations and
//! confirmed figures.

use std::collections::BTreeMap;

use crate::framework::load::At;
use crate::framework::model::{Unit, UnitKind};
use crate::framework::problem::ProblemKind as K;

use super::{Checker, Codes, number};

pub(super) fn units(c: &mut Checker<'_>) -> Vec<Unit> {
    let mut codes = Codes::default();
    let mut names = Codes::default();
    let mut out = Vec::new();
    for At { file, item: u, .. } in &c.raw.units {
        let key = format!("unit.{}", u.code.get_ref());
        codes.add(c, &format!("{key}.code"), &u.code, *file);
        names.add(c, &format!("{key}.name"), &u.name, *file);
        // names and codes become file names: never a path
        for (part, value) in [("code", &u.code), ("name", &u.name)] {
            if let Err(why) = crate::file_name::check(value.get_ref()) {
                c.report(
                    *file,
                    value.span().start,
                    format!("{key}.{part}"),
                    K::UnsafeName {
                        value: value.get_ref().clone(),
                        why,
                    },
                );
            }
        }
        let kind = c.choice(
            *file,
            &format!("{key}.kind"),
            &u.kind,
            UnitKind::NAMES,
            UnitKind::parse,
        );
        let mut population = BTreeMap::new();
        for (year, count) in &u.population {
            let key = format!("{key}.population.{year}");
            match year.parse::<i32>() {
                Ok(y) if (1900..=2200).contains(&y) => {
                    if *count.get_ref() > 0 {
                        population.insert(y, *count.get_ref());
                    } else {
                        c.report(
                            *file,
                            count.span().start,
                            key,
                            K::NotPositive(count.get_ref().to_string()),
                        );
                    }
                }
                _ => c.report(*file, count.span().start, key, K::BadYear(year.clone())),
            }
        }
        let mut confirmed: BTreeMap<crate::code::FieldCode, BTreeMap<i32, f64>> = BTreeMap::new();
        for (field, years) in &u.confirmed {
            let denominator = c
                .raw
                .fields
                .iter()
                .any(|f| f.item.code.get_ref() == field && f.item.denominator);
            for (year, figure) in years {
                let key = format!("{key}.confirmed.{field}.{year}");
                if !denominator {
                    c.report(
                        *file,
                        figure.span().start,
                        key,
                        K::NotDenominator(field.clone()),
                    );
                    continue;
                }
                match year.parse::<i32>() {
                    Ok(y) if (1900..=2200).contains(&y) => {
                        let v = *figure.get_ref();
                        if v >= 0.0 && v.fract() == 0.0 {
                            confirmed
                                .entry(field.as_str().into())
                                .or_default()
                                .insert(y, v);
                        } else {
                            c.report(*file, figure.span().start, key, K::NotCount(number(v)));
                        }
                    }
                    _ => c.report(*file, figure.span().start, key, K::BadYear(year.clone())),
                }
            }
        }
        if let Some(kind) = kind {
            out.push(Unit {
                code: u.code.get_ref().clone().into(),
                name: u.name.get_ref().clone(),
                name_en: u.name_en.clone(),
                former_names: u.former_names.clone(),
                kind,
                population,
                peer_group: u.peer_group.clone(),
                confirmed,
            });
        }
    }
    out
}
