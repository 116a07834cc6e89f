//! Sample submissions: a deterministic generator of realistic county data.
//!
//! [`generate`] makes one [`Filled`] per unit and year (what a county types
//! into its template) and one [`CityFigures`] (what the city adds itself:
//! department scores and the blood station's, marrow bank's and organ
//! office's tables). The data is invented but shaped like the real thing
//! (`../shared/docs/domain.md`, "Typical magnitudes"):
//!
//! - every unit has a fixed **strength** (0.62…1.38, spread evenly over the
//!   units and shuffled by the seed), a **trend** (a yearly change between
//!   −5 % and +9 %, spread and shuffled the same way) and a **focus** per
//!   dimension (0.8…1.2: a branch good at first aid may be weak at
//!   fund-raising). A value is `population × base rate × strength × focus ×
//!   (1 + trend)^(year − 2021)`, with a little noise;
//! - the year-end stocks of 2021 add up exactly to the city's published
//!   figures ([`PUBLISHED_2021`]): each total is split over the units in
//!   proportion to `population × strength × focus` by the largest-remainder
//!   method ([`allocate`]); other years follow each unit's trend. For a
//!   synthetic registry of any size ([`registry`], `make-samples --units N`)
//!   the totals are the same figures per person ([`Anchor::PerPerson`]);
//! - the 五有 list comes from one register of organisations per unit, each
//!   with the year it was founded (and, rarely, closed): the list grows year
//!   on year, names stay stable, and `grassroots_orgs`, `towns_with_rc`,
//!   `villages_with_rc` and `red_cross_schools` are counted from it;
//! - running totals (`certified_cumulative`) are built year by year from the
//!   annual counts, so they never fall.
//!
//! Every random draw comes from a small splitmix64 generator keyed by the
//! seed, the unit, what is drawn and the year. The same inputs give the same
//! output, and a year's data does not depend on which other years are asked
//! for (the register is always simulated from 2021 on).

pub mod city;
pub mod problems;
pub mod registry;
pub mod synthetic;
pub mod tie;
pub mod write;

mod filled;
mod names;
mod profile;
mod register;
mod rng;
mod values;
mod whole_city;

use crate::code::{FieldCode, UnitCode};
use std::collections::{BTreeMap, BTreeSet};

use crate::framework::Framework;
use crate::layout::ORG_ROWS;
use crate::submission::Filled;

use rng::Rng;
use whole_city::City;

/// One county's submission for one year.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub year: i32,
    pub unit_code: UnitCode,
    pub filled: Filled,
}

/// The city's figures that are not in the county template (department scores
/// and external data), per unit and year.
#[derive(Debug, Clone, PartialEq)]
pub struct CityFigures {
    pub year: i32,
    pub unit_code: UnitCode,
    pub values: BTreeMap<FieldCode, f64>,
}

/// The year whose figures the city has published (end of 2021).
pub const ANCHOR_YEAR: i32 = 2021;

/// The city's published year-end stocks for 2021 (field code, sum over the
/// units); the samples of 2021 add up to exactly these.
pub const PUBLISHED_2021: &[(&str, i64)] = &[
    ("grassroots_orgs", 1_543),
    ("group_member_units", 548),
    ("adult_members", 29_000),
    ("youth_members", 10_600),
    ("volunteers", 19_834),
    ("volunteer_teams", 215),
    ("red_cross_schools", 31),
    ("instructors", 559),
];

/// Yearly 2021 figures from the same source, also matched exactly.
pub const ANNUAL_2021: &[(&str, i64)] =
    &[("volunteer_hours", 21_301), ("blood_donations", 170_000)];

/// The city's published figures as `assess trend` reads them beside the
/// years (`published.csv`: `year,field,value,source`, UTF-8 with BOM).
pub fn published_csv() -> String {
    let source = "《用爱心凝聚人道力量 用行动弘扬红十字精神》（石家庄市红十字会，2021 年末数）";
    let mut out = String::from("\u{feff}year,field,value,source\n");
    for (field, value) in PUBLISHED_2021.iter().chain(ANNUAL_2021) {
        out.push_str(&format!("{ANCHOR_YEAR},{field},{value},{source}\n"));
    }
    out
}

/// 井陉矿区: organisations in all 5 towns/streets and all 38 communities.
const JINGXING_KUANGQU: &str = "130107";
const JK_TOWNS: [&str; 5] = ["矿市街道", "四微街道", "贾庄镇", "凤山镇", "横涧乡"];
const JK_COMMUNITIES: i64 = 38;

/// Two units of almost the same size (晋州市 507,959, 赵县 505,366) and the
/// same strength with mirrored profiles: 晋州市 strong in organisation and
/// first aid, weak in fund-raising; 赵县 the other way round.
const PAIR: [(&str, [f64; 9]); 2] = [
    ("130183", [1.05, 1.2, 1.0, 1.3, 0.95, 0.9, 0.7, 1.05, 0.9]),
    (
        "130133",
        [0.95, 0.85, 1.05, 0.75, 1.1, 1.2, 1.35, 0.95, 1.15],
    ),
];

/// Key for draws that do not change from year to year.
const FIXED: i64 = i64::MIN;

/// The 2021 population of the 21 shipped units (the 2020 census), which
/// [`PUBLISHED_2021`] and [`ANNUAL_2021`] are the totals of.
pub const CITY_POPULATION_2021: i64 = 10_279_636;

/// Grassroots organisations per 10,000 people in a synthetic registry: 100 for
/// a county of 400,000, 500 for one of 2 million (石家庄 had 1.5 in 2021).
pub const SYNTHETIC_ORGS_PER_10K: f64 = 2.5;

/// The longest 五有 list of 2021: the template holds [`ORG_ROWS`] organisations,
/// and the list grows from 2021 on (a synthetic unit of 2 million people; the
/// shipped units list at most a few hundred).
const LIST_2021_MAX: i64 = ORG_ROWS as i64 * 5 / 6;

/// What the 2021 year-end stocks (and yearly figures) of all units add up to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// Exactly the city's published figures ([`PUBLISHED_2021`],
    /// [`ANNUAL_2021`]): the shipped samples of the 21 units.
    Published,
    /// The published figures per person, applied to the units' own
    /// population, with [`SYNTHETIC_ORGS_PER_10K`] grassroots organisations:
    /// a synthetic registry of any size.
    PerPerson,
}

impl Anchor {
    /// The 2021 total of `code` over units of `population` people, from the published one.
    fn total(self, code: &str, published: i64, population: f64) -> i64 {
        match self {
            Anchor::Published => published,
            Anchor::PerPerson if code == "grassroots_orgs" => {
                (population / 10_000.0 * SYNTHETIC_ORGS_PER_10K).round() as i64
            }
            Anchor::PerPerson => {
                (published as f64 * population / CITY_POPULATION_2021 as f64).round() as i64
            }
        }
    }
}

/// Generates the samples for `years` (sorted by year, then unit code) and the
/// city's own figures for the same units and years, adding up to the city's
/// published figures ([`Anchor::Published`]).
pub fn generate(fw: &Framework, years: &[i32], seed: u64) -> (Vec<Sample>, Vec<CityFigures>) {
    generate_anchored(fw, years, seed, Anchor::Published)
}

/// [`generate`] with the totals the units add up to chosen by `anchor`.
pub fn generate_anchored(
    fw: &Framework,
    years: &[i32],
    seed: u64,
    anchor: Anchor,
) -> (Vec<Sample>, Vec<CityFigures>) {
    let years: BTreeSet<i32> = years.iter().copied().collect();
    let (Some(&first), Some(&last)) = (years.first(), years.last()) else {
        return (Vec::new(), Vec::new());
    };
    let city = City::build(
        fw,
        seed,
        anchor,
        first.min(ANCHOR_YEAR),
        last.max(ANCHOR_YEAR),
    );
    let mut samples = Vec::new();
    let mut figures = Vec::new();
    for &year in &years {
        for index in 0..fw.units.len() {
            samples.push(city.sample(index, year));
            figures.push(city.figures(index, year));
        }
    }
    samples.sort_by(|a, b| (a.year, &a.unit_code).cmp(&(b.year, &b.unit_code)));
    tie::apply(fw, &mut samples);
    figures.sort_by(|a, b| (a.year, &a.unit_code).cmp(&(b.year, &b.unit_code)));
    (samples, figures)
}

/// Splits `total` over units in proportion to `weights` by the
/// largest-remainder method, giving each unit at least its floor: a unit whose
/// share falls below its floor gets the floor, and the rest is split again
/// over the others. The parts add up to `total` unless the floors alone exceed
/// it (then every unit gets its floor).
pub fn allocate(total: i64, weights: &[f64], floors: &[i64]) -> Vec<i64> {
    let n = weights.len();
    let floor = |i: usize| floors.get(i).copied().unwrap_or(0);
    let mut pinned = vec![false; n];
    loop {
        let mut out: Vec<i64> = (0..n).map(floor).collect();
        let free: Vec<usize> = (0..n).filter(|&i| !pinned[i]).collect();
        let rest = total - (0..n).filter(|&i| pinned[i]).map(floor).sum::<i64>();
        if free.is_empty() || rest <= 0 {
            return out;
        }
        let sum: f64 = free.iter().map(|&i| weights[i].max(0.0)).sum();
        let mut given = 0;
        let mut fractions = Vec::with_capacity(free.len());
        for &i in &free {
            let quota = if sum > 0.0 {
                rest as f64 * weights[i].max(0.0) / sum
            } else {
                rest as f64 / free.len() as f64
            };
            let whole = quota.floor();
            out[i] = whole as i64;
            given += out[i];
            fractions.push((quota - whole, i));
        }
        // Largest fractions first; equal fractions in unit order.
        fractions.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let missing = rest - given;
        if missing >= 0 {
            for &(_, i) in fractions.iter().cycle().take(missing as usize) {
                out[i] += 1;
            }
        } else {
            // Only after rounding noise in the quotas: take back from the smallest fractions.
            let mut excess = -missing;
            for &(_, i) in fractions.iter().rev() {
                if excess > 0 && out[i] > 0 {
                    out[i] -= 1;
                    excess -= 1;
                }
            }
        }
        let short: Vec<usize> = free.into_iter().filter(|&i| out[i] < floor(i)).collect();
        if short.is_empty() {
            return out;
        }
        for i in short {
            pinned[i] = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::submission::Entry;

    pub(super) fn default_framework() -> Framework {
        crate::framework::load(None).expect("the default framework loads")
    }

    pub(super) fn number(filled: &Filled, code: &str) -> f64 {
        match filled.values.get(code) {
            Some(Entry::Number(x)) => *x,
            other => panic!("{code}: expected a number, got {other:?}"),
        }
    }
    #[test]
    fn the_city_population_is_the_shipped_registrys() {
        assert_eq!(
            default_framework().population_total(ANCHOR_YEAR),
            CITY_POPULATION_2021
        );
    }

    #[test]
    fn a_synthetic_registry_adds_up_per_person() {
        let fw = registry::framework(40, 7);
        let (samples, _) = generate_anchored(&fw, &[ANCHOR_YEAR], 7, Anchor::PerPerson);
        assert_eq!(samples.len(), 40);
        let people = fw.population_total(ANCHOR_YEAR) as f64;
        // the published 19,834 volunteers of 10,279,636 people, per person
        let volunteers: f64 = samples
            .iter()
            .map(|s| number(&s.filled, "volunteers"))
            .sum();
        assert_eq!(
            volunteers,
            (19_834.0 * people / CITY_POPULATION_2021 as f64).round()
        );
        // 2.5 organisations per 10,000 people, or more where a small unit's floor
        // (its towns with a branch, a school, a clinic) is more
        let orgs: Vec<usize> = samples.iter().map(|s| s.filled.orgs.len()).collect();
        let total = orgs.iter().sum::<usize>() as f64;
        let expected = (people / 10_000.0 * SYNTHETIC_ORGS_PER_10K).round();
        assert!(
            total >= expected && total < expected * 1.05,
            "{total} {expected}"
        );
        for (s, n) in samples.iter().zip(&orgs) {
            assert_eq!(number(&s.filled, "grassroots_orgs"), *n as f64);
        }
    }

    #[test]
    fn allocation_adds_up_and_respects_floors() {
        // 10 over equal weights: 3.33 each, the first remainder goes to the first unit.
        assert_eq!(allocate(10, &[1.0, 1.0, 1.0], &[]), vec![4, 3, 3]);
        // 10 over 1:1:8 = 1, 1, 8; unit 0 needs 5, so 5 is split 1:8 over the others:
        // 0.56 and 4.44 → 0 and 4, the remaining 1 to the larger fraction (unit 1).
        assert_eq!(allocate(10, &[1.0, 1.0, 8.0], &[5, 0, 0]), vec![5, 1, 4]);
        // Floors that exceed the total: every unit gets its floor.
        assert_eq!(allocate(3, &[1.0, 1.0], &[2, 2]), vec![2, 2]);
    }

    #[test]
    fn sums_for_2021_match_the_published_figures() {
        let fw = default_framework();
        let (samples, figures) = generate(&fw, &[2021], 7);
        assert_eq!(samples.len(), 21);
        let sum = |code: &str| samples.iter().map(|s| number(&s.filled, code)).sum::<f64>();
        assert_eq!(sum("grassroots_orgs"), 1_543.0);
        assert_eq!(
            samples.iter().map(|s| s.filled.orgs.len()).sum::<usize>(),
            1_543
        );
        assert_eq!(sum("group_member_units"), 548.0);
        assert_eq!(sum("adult_members"), 29_000.0);
        assert_eq!(sum("youth_members"), 10_600.0);
        assert_eq!(sum("volunteers"), 19_834.0);
        assert_eq!(sum("volunteer_teams"), 215.0);
        assert_eq!(sum("red_cross_schools"), 31.0);
        assert_eq!(sum("instructors"), 559.0);
        assert_eq!(sum("volunteer_hours"), 21_301.0);
        let blood: f64 = figures.iter().map(|f| f.values["blood_donations"]).sum();
        assert_eq!(blood, 170_000.0);
    }

    #[test]
    fn same_inputs_give_the_same_output_and_years_do_not_interact() {
        let fw = default_framework();
        let first = generate(&fw, &[2021, 2022, 2023], 7);
        assert_eq!(first, generate(&fw, &[2023, 2021, 2022, 2021], 7));
        assert_ne!(first, generate(&fw, &[2021, 2022, 2023], 8));
        let (alone, alone_figures) = generate(&fw, &[2022], 7);
        let slice: Vec<Sample> = first.0.iter().filter(|s| s.year == 2022).cloned().collect();
        let figures: Vec<CityFigures> =
            first.1.iter().filter(|f| f.year == 2022).cloned().collect();
        assert_eq!(alone, slice);
        assert_eq!(alone_figures, figures);
        assert_eq!(generate(&fw, &[], 7), (Vec::new(), Vec::new()));
    }
}
