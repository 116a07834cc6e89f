//! An exact tie in the samples: two units whose 2023 submissions reach every
//! county-reported target, so that they share a rank (并列) in the 2023 ranking.
//!
//! 2023 is the last sample year, so raising these values never makes a running
//! total fall in a later year. Only county-reported fields change; the city's
//! own figures are left as they are.

use crate::framework::{Field, FieldType, Framework, Method, Source, Target};
use crate::submission::{Entry, Filled};

use super::Sample;

/// The tied units (鹿泉区 and 新乐市) and the year.
pub const UNITS: [&str; 2] = ["130110", "130184"];
pub const YEAR: i32 = 2023;

fn get(filled: &Filled, code: &str) -> f64 {
    match filled.values.get(code) {
        Some(Entry::Number(n)) => *n,
        _ => 0.0,
    }
}

/// At least `needed` (never lower than what is there), rounded up to the field's
/// precision and kept within its maximum.
fn raise(filled: &mut Filled, field: &Field, needed: f64) {
    let current = get(filled, &field.code);
    let mut v = needed.max(current);
    v = match field.kind {
        FieldType::Integer => v.ceil(),
        _ => (v * 100.0).ceil() / 100.0,
    };
    if let Some(max) = field.max {
        v = v.min(max);
    }
    filled.values.insert(field.code.clone(), Entry::Number(v));
}

/// Raises one unit's county-reported values to every target (with 20% to spare).
fn reach_targets(fw: &Framework, filled: &mut Filled, population: f64) {
    let county = |code: &str| fw.field(code).filter(|f| f.source == Source::County);
    for ind in &fw.indicators {
        if matches!(ind.method, Method::Checklist) {
            for code in &ind.value.fields {
                if county(code).is_some() {
                    filled.values.insert(code.clone(), Entry::Text("是".into()));
                }
            }
            continue;
        }
        // the value needed on the indicator's own scale
        let needed = match &ind.method {
            Method::TargetRatio { target, .. } => match target {
                Target::Fixed(t) => *t,
                Target::PerPeople { rate, per } => rate * population / per,
            },
            Method::Tiers { tiers } => tiers.iter().map(|t| t.threshold).fold(0.0, f64::max),
            _ => continue,
        } * 1.2;
        let Some(first) = ind.value.fields.first().and_then(|c| county(c)) else {
            continue;
        };
        let others: f64 = ind
            .value
            .fields
            .iter()
            .skip(1)
            .map(|c| get(filled, c))
            .sum();
        // undo "per people" and "divided by" to find the first field's value
        let mut raw = needed;
        if let Some(per) = ind.value.per_people {
            raw = raw * population / per;
        }
        if let Some(d) = &ind.value.divide_by {
            let denominator = get(filled, d);
            // a share cannot pass 100%
            raw = (raw.min(1.0) * denominator).min(denominator);
        }
        raise(filled, first, raw - others);
    }
    // keep the cross-field rules: a part never above its whole, a year's new within the running total
    if let Some(f) = fw.field("certified_cumulative") {
        let trained = get(filled, "certified_trained");
        raise(filled, f, trained);
    }
    if let Some(f) = fw.field("donations_raised") {
        let online = get(filled, "online_raised");
        raise(filled, f, online);
    }
    // every listed organisation meets the 五有 standard, with members and volunteers to spare
    if let Some(w) = &fw.wuyou {
        for org in &mut filled.orgs {
            for item in &mut org.items {
                *item = "是".into();
            }
            if let Some(t) = w.org_types.iter().find(|t| t.name == org.org_type) {
                #[allow(clippy::cast_precision_loss)] // thresholds of people
                let (m, v) = (t.min_members as f64, t.min_volunteers as f64);
                if let Entry::Number(n) = &mut org.members {
                    *n = n.max(m);
                }
                if let Entry::Number(n) = &mut org.volunteers {
                    *n = n.max(v);
                }
            }
        }
    }
}

/// Applies the tie to the samples.
pub fn apply(fw: &Framework, samples: &mut [Sample]) {
    for sample in samples
        .iter_mut()
        .filter(|s| s.year == YEAR && UNITS.contains(&s.unit_code.as_str()))
    {
        #[allow(clippy::cast_precision_loss)] // populations
        let population = fw
            .unit(&sample.unit_code)
            .and_then(|u| u.population_for(YEAR))
            .map_or(0.0, |p| p as f64);
        reach_targets(fw, &mut sample.filled, population);
        // no bonus claims either: the two totals are equal to the hundredth
        sample.filled.claims.clear();
    }
}
