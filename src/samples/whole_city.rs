//! The whole city: everything drawn once for all units and years, and the
//! sample and city figures of one unit and year built from it.

use crate::code::{FieldCode, UnitCode};
use std::collections::{BTreeMap, BTreeSet};

use crate::framework::{Framework, Source};
use crate::submission::{Entry, Filled};

use super::names::town_names;
use super::profile::{Profile, profiles};
use super::register::{
    Kind, OrgKind, Register, Slot, divisions, founded_before_anchor, org_kinds, slots,
};
use super::rng::Rng;
use super::values::entry;
use super::{
    ANCHOR_YEAR, ANNUAL_2021, Anchor, CityFigures, FIXED, LIST_2021_MAX, PUBLISHED_2021, Sample,
    allocate,
};

/// Everything drawn once for all units and years.
pub(super) struct City<'a> {
    pub(super) fw: &'a Framework,
    pub(super) seed: u64,
    pub(super) profiles: Vec<Profile<'a>>,
    pub(super) registers: Vec<Register>,
    /// Field code → 2021 value per unit, for the figures allocated from city totals.
    allocated: BTreeMap<&'static str, Vec<i64>>,
    /// Per unit: year → (certified this year, cumulative at year end).
    pub(super) first_aid: Vec<BTreeMap<i32, (i64, i64)>>,
    pub(super) slots: Vec<Slot>,
    pub(super) kinds: Vec<OrgKind>,
    /// Field code → the dimension its evidence is filed under.
    pub(super) dims: BTreeMap<FieldCode, String>,
}

/// A value before it becomes a cell entry.
#[derive(Debug, Clone)]
pub(super) enum Value {
    Num(f64),
    Yes(bool),
    Text(String),
}

impl<'a> City<'a> {
    pub(super) fn build(
        fw: &'a Framework,
        seed: u64,
        anchor: Anchor,
        first: i32,
        last: i32,
    ) -> City<'a> {
        let profiles = profiles(fw, seed);
        let population: f64 = profiles.iter().map(|p| p.population(ANCHOR_YEAR)).sum();
        let slots = slots(fw);
        let weight = |p: &Profile, code: &str| {
            let (dim, low, high, strength) = match code {
                "instructors" => ('D', 0.85, 1.15, p.strength),
                "blood_donations" => ('F', 0.85, 1.15, 0.75 + 0.25 * p.strength),
                "volunteer_hours" => ('B', 0.6, 1.4, p.strength),
                "red_cross_schools" | "group_member_units" => ('B', 0.7, 1.3, p.strength),
                "youth_members" => ('B', 0.75, 1.25, p.strength),
                _ => ('B', 0.85, 1.15, p.strength),
            };
            let mut rng = Rng::keyed(seed, p.code(), &format!("weight:{code}"), FIXED);
            p.population(ANCHOR_YEAR) * strength * p.focus(dim) * rng.range(low, high)
        };
        let mut allocated = BTreeMap::new();
        for &(code, total) in PUBLISHED_2021.iter().chain(ANNUAL_2021) {
            if code == "grassroots_orgs" {
                continue;
            }
            let weights: Vec<f64> = profiles.iter().map(|p| weight(p, code)).collect();
            let total = anchor.total(code, total, population);
            allocated.insert(code, allocate(total, &weights, &[]));
        }

        // The register of 2021: towns, then the organisations allocated from 1,543.
        let schools = allocated["red_cross_schools"].clone();
        let mut registers = Vec::new();
        let mut covered = Vec::new();
        let mut floors = Vec::new();
        for (p, &rc_schools) in profiles.iter().zip(&schools) {
            let (towns_total, villages_total) = divisions(p, seed);
            let towns = town_names(p, seed, towns_total);
            let mut rng = Rng::keyed(seed, p.code(), "coverage", FIXED);
            let towns_with = if p.is_jk() {
                towns_total
            } else {
                let share =
                    (0.5 + 0.45 * p.level('B', ANCHOR_YEAR) + rng.range(-0.1, 0.1)).clamp(0.4, 1.0);
                ((towns_total as f64 * share).round() as i64).clamp(1, towns_total)
            };
            let villages_floor = if p.is_jk() { villages_total } else { 0 };
            floors.push(towns_with + villages_floor + rc_schools.max(1) + 1);
            covered.push(towns_with);
            registers.push(Register {
                towns,
                towns_total,
                villages_total,
                orgs: Vec::new(),
                used: BTreeSet::new(),
                names: Rng::keyed(seed, p.code(), "names", FIXED),
            });
        }
        let weights: Vec<f64> = profiles
            .iter()
            .map(|p| weight(p, "grassroots_orgs"))
            .collect();
        let (code, total) = PUBLISHED_2021[0];
        let orgs: Vec<i64> = allocate(anchor.total(code, total, population), &weights, &floors)
            .into_iter()
            .map(|n| n.min(LIST_2021_MAX))
            .collect();
        allocated.insert("grassroots_orgs", orgs.clone());
        for (i, (p, register)) in profiles.iter().zip(registers.iter_mut()).enumerate() {
            let counts = composition(
                p,
                seed,
                orgs[i],
                covered[i],
                schools[i],
                register.villages_total,
            );
            let mut rng = Rng::keyed(seed, p.code(), "founded", FIXED);
            for (kind, count) in Kind::ALL.into_iter().zip(counts) {
                for _ in 0..count {
                    let founded = founded_before_anchor(&mut rng, kind);
                    register.add(p, seed, slots.len(), kind, founded);
                }
            }
            let mut designated = 0;
            for org in register.orgs.iter_mut().filter(|o| o.kind == Kind::School) {
                if designated < schools[i] {
                    org.rc_school_from = Some(org.founded.max(ANCHOR_YEAR - rng.int(0, 6) as i32));
                    designated += 1;
                }
            }
            for year in ANCHOR_YEAR + 1..=last {
                register.grow(p, seed, slots.len(), year);
            }
        }

        let first_aid = profiles
            .iter()
            .map(|p| first_aid(p, seed, first, last))
            .collect();
        City {
            fw,
            seed,
            kinds: org_kinds(fw),
            slots,
            dims: evidence_dims(fw),
            profiles,
            registers,
            allocated,
            first_aid,
        }
    }

    pub(super) fn sample(&self, index: usize, year: i32) -> Sample {
        let p = &self.profiles[index];
        let numbers = self.values(index, year);
        let mut values = BTreeMap::new();
        for field in self.fw.fields.iter().filter(|f| f.source == Source::County) {
            let value = numbers
                .get(field.code.as_str())
                .cloned()
                .unwrap_or_else(|| self.generic(p, field, year));
            values.insert(field.code.clone(), entry(field, &value));
        }
        let evidence = self.evidence(p, &values, year);
        let claims = self.claims(p, year);
        let mut evidence_list = self.evidence_list(p, &evidence, &claims, year);
        // the worked example: the claim the city refuses (the year's second,
        // the first unit's second claim; city.rs) has its evidence left off
        // the list, so it does not count in the self-assessment either
        if index == 0
            && let (Some(list), Some(refused)) = (evidence_list.as_mut(), claims.get(1))
        {
            list.retain(|item| item.number != refused.evidence);
        }
        let filled = Filled {
            evidence,
            remarks: self.remarks(index, &values, year),
            values,
            orgs: self.org_rows(index, year),
            claims,
            evidence_list,
            sign_off: self.sign_off(p, year),
        };
        Sample {
            year,
            unit_code: UnitCode::new(p.code()),
            filled,
        }
    }

    pub(super) fn figures(&self, index: usize, year: i32) -> CityFigures {
        let p = &self.profiles[index];
        let numbers = self.values(index, year);
        let mut values = BTreeMap::new();
        for field in self.fw.fields.iter().filter(|f| f.source != Source::County) {
            let value = numbers
                .get(field.code.as_str())
                .cloned()
                .unwrap_or_else(|| self.generic(p, field, year));
            if let Entry::Number(x) = entry(field, &value) {
                values.insert(field.code.clone(), x);
            }
        }
        CityFigures {
            year,
            unit_code: UnitCode::new(p.code()),
            values,
        }
    }

    /// A stream for `what` in `year` of unit `p`.
    pub(super) fn rng(&self, p: &Profile, what: &str, year: i32) -> Rng {
        Rng::keyed(self.seed, p.code(), what, i64::from(year))
    }

    /// A multiplier around 1 for `what` in `year`.
    pub(super) fn noise(&self, p: &Profile, what: &str, year: i32, spread: f64) -> f64 {
        self.rng(p, what, year).around(spread)
    }

    /// 是 with a chance rising from `low` (weakest) to `high` (strongest). The
    /// draw is fixed per unit, so a unit that improves gains items and keeps them.
    pub(super) fn yes(
        &self,
        p: &Profile,
        code: &str,
        dim: char,
        year: i32,
        (low, high): (f64, f64),
    ) -> Value {
        let draw = self.rng(p, code, FIXED_YEAR).unit();
        Value::Yes(draw < low + (high - low) * p.level(dim, year))
    }

    /// A 2021 figure allocated from a city total, moved along the unit's trend in other years.
    pub(super) fn allocated(&self, index: usize, code: &str, year: i32, follow: f64) -> f64 {
        let p = &self.profiles[index];
        let base = self.allocated.get(code).map_or(0, |v| v[index]) as f64;
        if year == ANCHOR_YEAR {
            return base;
        }
        let noise = self.noise(p, code, year, 0.03);
        (base * (1.0 + follow * p.trend).powi(year - ANCHOR_YEAR) * noise).round()
    }
}

/// [`City::rng`] with this year gives draws that stay the same every year.
pub(super) const FIXED_YEAR: i32 = i32::MIN;

/// How the 2021 organisations of a unit split by kind (town, village, school, medical, enterprise).
fn composition(
    p: &Profile,
    seed: u64,
    total: i64,
    towns: i64,
    rc_schools: i64,
    villages_total: i64,
) -> [i64; 5] {
    let mut rng = Rng::keyed(seed, p.code(), "composition", FIXED);
    let schools = rc_schools.max(1);
    let medical = 1;
    let mut rest = (total - towns - schools - medical).max(0);
    let villages = if p.is_jk() {
        villages_total.min(rest)
    } else {
        let share = if p.urban { 0.5 } else { 0.62 } + rng.range(-0.08, 0.08);
        ((rest as f64 * share).round() as i64).min(villages_total)
    };
    rest -= villages;
    let more_schools = (rest as f64 * 0.35).round() as i64;
    let more_medical = (rest as f64 * 0.25).round() as i64;
    [
        towns,
        villages,
        schools + more_schools,
        medical + more_medical,
        rest - more_schools - more_medical,
    ]
}

/// Certified first-aiders per year and the running total at year end, from
/// `first` to `last`: forward from 2021 by adding, backward by taking off.
fn first_aid(p: &Profile, seed: u64, first: i32, last: i32) -> BTreeMap<i32, (i64, i64)> {
    let trained = |year: i32| {
        let mut rng = Rng::keyed(seed, p.code(), "certified_trained", i64::from(year));
        (p.per_10k(year) * 30.0 * p.factor('D', year) * rng.around(0.15))
            .round()
            .max(0.0) as i64
    };
    let mut fixed = Rng::keyed(seed, p.code(), "certified_cumulative", FIXED);
    let trained_anchor = trained(ANCHOR_YEAR);
    let share = 0.011 * p.factor('D', ANCHOR_YEAR).powf(1.2) * fixed.range(0.85, 1.15);
    let cumulative_anchor =
        ((p.population(ANCHOR_YEAR) * share).round() as i64).max(trained_anchor * 3);
    let mut out = BTreeMap::new();
    out.insert(ANCHOR_YEAR, (trained_anchor, cumulative_anchor));
    let mut cumulative = cumulative_anchor;
    for year in ANCHOR_YEAR + 1..=last {
        let t = trained(year);
        cumulative += t;
        out.insert(year, (t, cumulative));
    }
    let mut cumulative = cumulative_anchor;
    let mut taken = trained_anchor;
    for year in (first..ANCHOR_YEAR).rev() {
        cumulative -= taken;
        // Never more than 30% of the running total, so going back never reaches zero.
        taken = trained(year).min(cumulative * 3 / 10);
        out.insert(year, (taken, cumulative));
    }
    out
}

/// Field code → top-level dimension code, from the indicators that use the
/// field; a field no indicator uses takes the dimension of the field before it.
fn evidence_dims(fw: &Framework) -> BTreeMap<FieldCode, String> {
    let top = |start: &str| {
        let mut code = start.to_string();
        for _ in 0..fw.dimensions.len() {
            match fw
                .dimensions
                .iter()
                .find(|d| d.code == code)
                .and_then(|d| d.parent.clone())
            {
                Some(parent) => code = parent,
                None => break,
            }
        }
        code
    };
    let mut used: BTreeMap<&str, String> = BTreeMap::new();
    for indicator in &fw.indicators {
        for field in indicator
            .value
            .fields
            .iter()
            .chain(&indicator.value.divide_by)
        {
            used.entry(field.as_str())
                .or_insert_with(|| top(&indicator.dimension));
        }
    }
    let mut last = fw
        .top_dimensions()
        .next()
        .map_or_else(|| "Z".to_string(), |d| d.code.clone());
    let mut out = BTreeMap::new();
    for field in &fw.fields {
        if let Some(dim) = used.get(field.code.as_str()) {
            last = dim.clone();
        }
        out.insert(field.code.clone(), last.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::samples::generate;
    use crate::samples::tests::{default_framework, number};

    #[test]
    fn running_totals_never_fall() {
        let fw = default_framework();
        let (samples, _) = generate(&fw, &[2021, 2022, 2023], 7);
        for unit in &fw.units {
            let of = |year: i32| {
                let s = samples
                    .iter()
                    .find(|s| s.year == year && s.unit_code == unit.code)
                    .expect("a sample");
                (
                    number(&s.filled, "certified_trained"),
                    number(&s.filled, "certified_cumulative"),
                )
            };
            let (_, c2021) = of(2021);
            let (t2022, c2022) = of(2022);
            let (t2023, c2023) = of(2023);
            assert_eq!(c2022, c2021 + t2022, "{}", unit.name);
            assert_eq!(c2023, c2022 + t2023, "{}", unit.name);
            assert!(c2021 <= c2022 && c2022 <= c2023, "{}", unit.name);
        }
    }
}
