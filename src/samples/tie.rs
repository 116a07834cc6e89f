//! An exact tie in the samples: two units whose 2023 submissions (and the
//! city's figures for them, see `city.rs`) reach every target but D3's top tier, with no bonus,
//! deduction or adjustment, so that they share a rank (并列) in 2023.
//!
//! 2023 is the last sample year, so raising these values never makes a running
//! total fall in a later year. The counts that follow the grassroots list stay
//! equal to the list; the running total stays last year's plus this year's.

use crate::code::UnitCode;
use crate::framework::{Field, FieldType, Framework, Method, Source, Target};
use crate::submission::{Entry, Filled, OrgRow};

use super::Sample;

/// The tied units (鹿泉区 and 新乐市) and the year.
pub const UNITS: [&str; 2] = ["130110", "130184"];
pub const YEAR: i32 = 2023;

/// Fields set by hand below rather than from their indicator's target.
const BY_HAND: [&str; 5] = [
    "towns_with_rc",
    "villages_with_rc",
    "red_cross_schools",
    "certified_cumulative",
    "certified_trained",
];

fn get(filled: &Filled, code: &str) -> f64 {
    match filled.values.get(code) {
        Some(Entry::Number(n)) => *n,
        _ => 0.0,
    }
}

/// At least `needed` (never lower than what is there), rounded up to the field's
/// precision and kept within its maximum.
fn raise(filled: &mut Filled, field: &Field, needed: f64) {
    let mut v = needed.max(get(filled, &field.code));
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
fn reach_targets(
    fw: &Framework,
    filled: &mut Filled,
    population: f64,
    last_cumulative: f64,
    unit_name: &str,
) {
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
        if BY_HAND.contains(&first.code.as_str()) || ind.value.divide_by.is_some() {
            continue;
        }
        let others: f64 = ind
            .value
            .fields
            .iter()
            .skip(1)
            .map(|c| get(filled, c))
            .sum();
        let raw = match ind.value.per_people {
            Some(per) => needed * population / per,
            None => needed,
        };
        raise(filled, first, raw - others);
    }
    if let Some(f) = fw.field("donations_raised") {
        let online = get(filled, "online_raised");
        raise(filled, f, online);
    }
    // coverage: the towns and villages with a branch are those listed; the totals
    // shrink to them (every town covered; villages at 60% coverage or more)
    let towns = get(filled, "towns_with_rc");
    filled
        .values
        .insert("towns_total".into(), Entry::Number(towns.max(1.0)));
    let villages = get(filled, "villages_with_rc");
    let total = get(filled, "villages_total")
        .min((villages / 0.6).floor())
        .max(villages)
        .max(1.0);
    filled
        .values
        .insert("villages_total".into(), Entry::Number(total));
    // first aid: this year's certified (D1: 20 per 10,000, 20% to spare) and a running
    // total of 2.2% of the population (D3's 2% tier: 0.7 × 3 = 2.10 points for both),
    // last year's plus this year's
    let d1 = 20.0 * population / 10_000.0 * 1.2;
    let trained = d1
        .max(population * 0.022 - last_cumulative)
        .ceil()
        .max(get(filled, "certified_trained"));
    filled
        .values
        .insert("certified_trained".into(), Entry::Number(trained));
    filled.values.insert(
        "certified_cumulative".into(),
        Entry::Number(last_cumulative + trained),
    );
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
    // schools: at least 3 listed (B3's target of 2, 20% to spare), added to the list
    let town = filled
        .orgs
        .first()
        .map(|o| o.town.clone())
        .unwrap_or_default();
    let items = filled.orgs.first().map_or(5, |o| o.items.len());
    let mut k = 1;
    while filled.orgs.iter().filter(|o| o.org_type == "学校").count() < 3 {
        let name = format!("{unit_name}第{k}中学红十字会");
        k += 1;
        if filled.orgs.iter().any(|o| o.name == name) {
            continue;
        }
        filled.orgs.push(OrgRow {
            name,
            org_type: "学校".into(),
            town: town.clone(),
            members: Entry::Number(60.0),
            volunteers: Entry::Number(20.0),
            items: vec!["是".into(); items],
            remark: String::new(),
        });
    }
    #[allow(clippy::cast_precision_loss)] // list lengths
    let (listed, schools) = (
        filled.orgs.len() as f64,
        filled.orgs.iter().filter(|o| o.org_type == "学校").count() as f64,
    );
    filled
        .values
        .insert("red_cross_schools".into(), Entry::Number(schools));
    if let Some(count) = fw.wuyou.as_ref().and_then(|w| w.count_field.clone()) {
        filled.values.insert(count, Entry::Number(listed));
    }
}

/// Applies the tie to the samples.
pub fn apply(fw: &Framework, samples: &mut [Sample]) {
    let last: Vec<(UnitCode, f64)> = samples
        .iter()
        .filter(|s| s.year == YEAR - 1)
        .map(|s| (s.unit_code.clone(), get(&s.filled, "certified_cumulative")))
        .collect();
    for sample in samples
        .iter_mut()
        .filter(|s| s.year == YEAR && UNITS.contains(&s.unit_code.as_str()))
    {
        let Some(unit) = fw.unit(&sample.unit_code) else {
            continue;
        };
        #[allow(clippy::cast_precision_loss)] // populations
        let population = unit.population_for(YEAR).map_or(0.0, |p| p as f64);
        let last_cumulative = last
            .iter()
            .find(|(u, _)| *u == sample.unit_code)
            .map_or(0.0, |(_, c)| *c);
        let name = unit.name.clone();
        reach_targets(fw, &mut sample.filled, population, last_cumulative, &name);
        // no bonus claims either: the two totals are equal to the hundredth
        sample.filled.claims.clear();
    }
}
