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

use std::collections::{BTreeMap, BTreeSet};

use crate::framework::{ClaimSource, Field, FieldType, Framework, Need, Source, Unit, UnitKind};
use crate::layout::ORG_ROWS;
use crate::submission::{BonusClaim, Entry, Filled, OrgRow, SignOff};

/// One county's submission for one year.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub year: i32,
    pub unit_code: String,
    pub filled: Filled,
}

/// The city's figures that are not in the county template (department scores
/// and external data), per unit and year.
#[derive(Debug, Clone, PartialEq)]
pub struct CityFigures {
    pub year: i32,
    pub unit_code: String,
    pub values: BTreeMap<String, f64>,
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

// ── Random numbers ──────────────────────────────────────────────────────

/// splitmix64: tiny, fast and good enough for sample data.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    /// A stream for one purpose: the seed, the unit, what is drawn and a number (a year, an id, or [`FIXED`]).
    fn keyed(seed: u64, unit: &str, what: &str, n: i64) -> Rng {
        // FNV-1a over the key, mixed with the scrambled seed.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let bytes = unit
            .bytes()
            .chain([0xff])
            .chain(what.bytes())
            .chain([0xff])
            .chain(n.to_le_bytes());
        for byte in bytes {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        let mut rng = Rng(Rng(seed).next_u64() ^ hash);
        rng.next_u64();
        rng
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn range(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.unit()
    }

    /// Uniform whole number in `low..=high`.
    fn int(&mut self, low: i64, high: i64) -> i64 {
        if high <= low {
            return low;
        }
        let span = (high - low + 1) as u64;
        low + (self.next_u64() % span) as i64
    }

    fn index(&mut self, len: usize) -> usize {
        self.int(0, len as i64 - 1) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.index(items.len())]
    }

    /// A multiplier around 1 (triangular in `1 ± spread`).
    fn around(&mut self, spread: f64) -> f64 {
        1.0 + spread * (self.unit() + self.unit() - 1.0)
    }

    /// An index drawn in proportion to `weights` (not all zero).
    fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut target = self.unit() * total;
        for (i, w) in weights.iter().enumerate() {
            if target < *w {
                return i;
            }
            target -= w;
        }
        weights.iter().rposition(|w| *w > 0.0).unwrap_or(0)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.index(i + 1);
            items.swap(i, j);
        }
    }
}

// ── Unit profiles ───────────────────────────────────────────────────────

/// What makes a unit strong or weak, rising or falling.
#[derive(Debug)]
struct Profile<'a> {
    unit: &'a Unit,
    /// A city district without former county names: streets and communities
    /// rather than towns and villages.
    urban: bool,
    /// A district that was a county (藁城区 was 藁城市): towns, villages, a few streets.
    former_county: bool,
    strength: f64,
    /// Relative change per year.
    trend: f64,
    /// Emphasis per dimension A…I.
    focus: [f64; 9],
}

impl Profile<'_> {
    fn code(&self) -> &str {
        &self.unit.code
    }

    fn is_jk(&self) -> bool {
        self.unit.code == JINGXING_KUANGQU
    }

    fn population(&self, year: i32) -> f64 {
        self.unit.population_for(year).unwrap_or(300_000) as f64
    }

    fn per_10k(&self, year: i32) -> f64 {
        self.population(year) / 10_000.0
    }

    fn focus(&self, dim: char) -> f64 {
        let index = (dim as usize).wrapping_sub('A' as usize);
        self.focus.get(index).copied().unwrap_or(1.0)
    }

    /// How much the unit does in dimension `dim` in `year` (1 = an average unit in 2021).
    fn factor(&self, dim: char, year: i32) -> f64 {
        self.strength * self.focus(dim) * (1.0 + self.trend).powi(year - ANCHOR_YEAR)
    }

    /// The factor on a 0…1 scale, for probabilities.
    fn level(&self, dim: char, year: i32) -> f64 {
        ((self.factor(dim, year) - 0.55) / 0.9).clamp(0.0, 1.0)
    }

    /// The level without the focus of a dimension.
    fn overall(&self, year: i32) -> f64 {
        let factor = self.strength * (1.0 + self.trend).powi(year - ANCHOR_YEAR);
        ((factor - 0.55) / 0.9).clamp(0.0, 1.0)
    }
}

fn profiles(fw: &Framework, seed: u64) -> Vec<Profile<'_>> {
    let n = fw.units.len();
    let spread = |low: f64, high: f64, i: usize| {
        if n <= 1 {
            (low + high) / 2.0
        } else {
            low + (high - low) * i as f64 / (n - 1) as f64
        }
    };
    let mut strengths: Vec<f64> = (0..n).map(|i| spread(0.62, 1.38, i)).collect();
    let mut trends: Vec<f64> = (0..n).map(|i| spread(-0.05, 0.09, i)).collect();
    let mut rng = Rng::keyed(seed, "", "profiles", FIXED);
    rng.shuffle(&mut strengths);
    rng.shuffle(&mut trends);
    let position = |code: &str| fw.units.iter().position(|u| u.code == code);
    // 井陉矿区 is the city's model of grassroots coverage: one of the strong units.
    if let Some(jk) = position(JINGXING_KUANGQU)
        && strengths[jk] < 1.1
    {
        let top = (0..n)
            .max_by(|&a, &b| strengths[a].total_cmp(&strengths[b]))
            .unwrap_or(jk);
        strengths.swap(jk, top);
    }
    let mut result: Vec<Profile<'_>> = fw
        .units
        .iter()
        .zip(strengths.iter().zip(&trends))
        .map(|(unit, (&strength, &trend))| {
            let mut focus = [1.0; 9];
            let mut rng = Rng::keyed(seed, &unit.code, "focus", FIXED);
            for f in &mut focus {
                *f = rng.range(0.8, 1.2);
            }
            let district = matches!(unit.kind, UnitKind::District | UnitKind::Zone);
            Profile {
                unit,
                urban: district && unit.former_names.is_empty(),
                former_county: district && !unit.former_names.is_empty(),
                strength,
                trend,
                focus,
            }
        })
        .collect();
    if let (Some(a), Some(b)) = (position(PAIR[0].0), position(PAIR[1].0)) {
        result[b].strength = result[a].strength;
        result[a].focus = PAIR[0].1;
        result[b].focus = PAIR[1].1;
    }
    result
}

// ── The 五有 register ──────────────────────────────────────────────────

/// The kinds of grassroots organisation, in the order of the default org types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Town,
    Village,
    School,
    Medical,
    Enterprise,
}

impl Kind {
    const ALL: [Kind; 5] = [
        Kind::Town,
        Kind::Village,
        Kind::School,
        Kind::Medical,
        Kind::Enterprise,
    ];

    /// The org type's code in the default framework.
    fn code(self) -> &'static str {
        match self {
            Kind::Town => "town",
            Kind::Village => "village",
            Kind::School => "school",
            Kind::Medical => "medical",
            Kind::Enterprise => "enterprise",
        }
    }

    fn default_type(self) -> OrgKind {
        let (name, members, volunteers) = match self {
            Kind::Town => ("乡镇/街道", 50.0, 10.0),
            Kind::Village => ("村/社区", 20.0, 5.0),
            Kind::School => ("学校", 30.0, 10.0),
            Kind::Medical => ("医疗机构", 20.0, 5.0),
            Kind::Enterprise => ("企事业单位", 20.0, 5.0),
        };
        OrgKind {
            name: name.into(),
            min_members: members,
            min_volunteers: volunteers,
        }
    }
}

/// An org type as the framework defines it.
#[derive(Debug, Clone)]
struct OrgKind {
    name: String,
    min_members: f64,
    min_volunteers: f64,
}

/// One 是/否 column of the 五有 list.
#[derive(Debug, Clone)]
struct Slot {
    /// The chance of 是 for an organisation of quality 0.
    base: f64,
    needs_members: bool,
    needs_volunteers: bool,
}

fn slots(fw: &Framework) -> Vec<Slot> {
    const BASES: [f64; 5] = [0.6, 0.55, 0.52, 0.48, 0.5];
    let Some(wuyou) = &fw.wuyou else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, item) in wuyou.items.iter().enumerate() {
        let slot = Slot {
            base: BASES.get(k).copied().unwrap_or(0.5),
            needs_members: item.needs.contains(&Need::Members),
            needs_volunteers: item.needs.contains(&Need::Volunteers),
        };
        for _ in 0..item.sub_items.len().max(1) {
            out.push(slot.clone());
        }
    }
    out
}

fn org_kinds(fw: &Framework) -> Vec<OrgKind> {
    Kind::ALL
        .iter()
        .enumerate()
        .map(|(i, kind)| {
            let types = fw.wuyou.as_ref().map(|w| &w.org_types[..]).unwrap_or(&[]);
            types
                .iter()
                .find(|t| t.code == kind.code())
                .or_else(|| types.get(i))
                .map(|t| OrgKind {
                    name: t.name.clone(),
                    min_members: t.min_members as f64,
                    min_volunteers: t.min_volunteers as f64,
                })
                .unwrap_or_else(|| kind.default_type())
        })
        .collect()
}

/// One organisation over the years.
#[derive(Debug, Clone)]
struct Org {
    id: usize,
    name: String,
    kind: Kind,
    town: String,
    founded: i32,
    /// The first year it no longer appears.
    closed: Option<i32>,
    /// For schools: named a 红十字学校 from this year.
    rc_school_from: Option<i32>,
    /// 0…1: how well it is run.
    quality: f64,
    /// Members and volunteers as multiples of the org type's minimum.
    members: f64,
    volunteers: f64,
    /// Fixed draws per 是/否 column: a column is 是 while its chance is above the draw.
    thresholds: Vec<f64>,
}

impl Org {
    fn alive(&self, year: i32) -> bool {
        self.founded <= year && self.closed.is_none_or(|closed| year < closed)
    }
}

/// A unit's towns and organisations, across all years.
#[derive(Debug)]
struct Register {
    towns: Vec<String>,
    towns_total: i64,
    villages_total: i64,
    orgs: Vec<Org>,
    used: BTreeSet<String>,
    names: Rng,
}

impl Register {
    fn alive(&self, year: i32) -> impl Iterator<Item = &Org> {
        self.orgs.iter().filter(move |o| o.alive(year))
    }

    fn count(&self, kind: Kind, year: i32) -> i64 {
        self.alive(year).filter(|o| o.kind == kind).count() as i64
    }

    fn rc_schools(&self, year: i32) -> i64 {
        self.alive(year)
            .filter(|o| o.rc_school_from.is_some_and(|from| from <= year))
            .count() as i64
    }

    fn founded_in(&self, year: i32) -> i64 {
        self.alive(year).filter(|o| o.founded == year).count() as i64
    }

    /// Draws names with `make` until one is new; then falls back on numbered names.
    fn unique(
        &mut self,
        mut make: impl FnMut(&mut Rng) -> (String, String),
        fallback: impl Fn(usize) -> (String, String),
    ) -> (String, String) {
        for _ in 0..80 {
            let (name, town) = make(&mut self.names);
            if self.used.insert(name.clone()) {
                return (name, town);
            }
        }
        let mut n = 2;
        loop {
            let (name, town) = fallback(n);
            if self.used.insert(name.clone()) {
                return (name, town);
            }
            n += 1;
        }
    }

    /// The first name in `list` (prefixed by the unit's name) not yet used.
    fn next_unit_level(&self, unit: &str, list: &[&str]) -> Option<String> {
        list.iter()
            .map(|s| format!("{unit}{s}红十字会"))
            .find(|name| !self.used.contains(name))
    }

    /// Adds an organisation of `kind` founded in `founded`.
    fn add(&mut self, p: &Profile, seed: u64, slots: usize, kind: Kind, founded: i32) -> usize {
        let unit = p.unit.name.clone();
        let towns = self.towns.clone();
        let seat = towns.first().cloned().unwrap_or_default();
        let (name, town) = match kind {
            Kind::Town => {
                let taken = self.orgs.iter().filter(|o| o.kind == Kind::Town).count();
                let town = towns
                    .get(taken)
                    .cloned()
                    .unwrap_or_else(|| format!("第{}街道", chinese_number(taken + 1)));
                let name = format!("{town}红十字会");
                self.used.insert(name.clone());
                (name, town)
            }
            Kind::Village => {
                let communities = p.urban || p.is_jk();
                self.unique(
                    |rng| {
                        let town = rng.pick(&towns).clone();
                        let street = town.ends_with("街道");
                        if communities || street || rng.chance(0.08) {
                            (format!("{}社区红十字会", community_name(rng)), town)
                        } else {
                            (format!("{}村红十字服务站", village_name(rng)), town)
                        }
                    },
                    |n| {
                        (
                            format!("{unit}第{}社区红十字会", chinese_number(n)),
                            seat.clone(),
                        )
                    },
                )
            }
            Kind::School => {
                let chance = self.names.chance(0.4);
                match self.next_unit_level(&unit, UNIT_SCHOOLS).filter(|_| chance) {
                    Some(name) => {
                        self.used.insert(name.clone());
                        (name, seat.clone())
                    }
                    None => self.unique(
                        |rng| {
                            let town = rng.pick(&towns).clone();
                            let school = match town.strip_suffix("街道") {
                                Some(stem) => format!("{stem}{}", rng.pick(&["小学", "中学"])),
                                None => {
                                    format!("{town}{}", rng.pick(&["中心小学", "中学", "第二小学"]))
                                }
                            };
                            (format!("{school}红十字会"), town)
                        },
                        |n| {
                            (
                                format!("{unit}第{}小学红十字会", chinese_number(n)),
                                seat.clone(),
                            )
                        },
                    ),
                }
            }
            Kind::Medical => {
                let chance = self.names.chance(0.45);
                match self.next_unit_level(&unit, UNIT_MEDICAL).filter(|_| chance) {
                    Some(name) => {
                        self.used.insert(name.clone());
                        (name, seat.clone())
                    }
                    None => self.unique(
                        |rng| {
                            let town = rng.pick(&towns).clone();
                            let place = match town.strip_suffix("街道") {
                                Some(stem) => format!("{stem}社区卫生服务中心"),
                                None => format!("{town}卫生院"),
                            };
                            (format!("{place}红十字会"), town)
                        },
                        |n| {
                            (
                                format!("{unit}第{}卫生服务站红十字会", chinese_number(n)),
                                seat.clone(),
                            )
                        },
                    ),
                }
            }
            Kind::Enterprise => {
                let chance = self.names.chance(0.2);
                match self
                    .next_unit_level(&unit, UNIT_ENTERPRISES)
                    .filter(|_| chance)
                {
                    Some(name) => {
                        self.used.insert(name.clone());
                        (name, seat.clone())
                    }
                    None => self.unique(
                        |rng| {
                            let town = rng.pick(&towns).clone();
                            let group = if rng.chance(0.1) { "集团" } else { "" };
                            let company = format!(
                                "{}{}{group}有限公司",
                                rng.pick(BRANDS),
                                rng.pick(INDUSTRIES)
                            );
                            (format!("{company}红十字会"), town)
                        },
                        |n| {
                            (
                                format!("{unit}第{}企业红十字会", chinese_number(n)),
                                seat.clone(),
                            )
                        },
                    ),
                }
            }
        };
        let id = self.orgs.len();
        let mut rng = Rng::keyed(seed, p.code(), "org", id as i64);
        let level = p.level('B', founded.max(ANCHOR_YEAR));
        let quality = (0.15 + 0.6 * level + rng.range(-0.2, 0.25)).clamp(0.0, 1.0);
        let members = (0.7 + 0.9 * quality + rng.range(-0.25, 0.45)).clamp(0.3, 3.0);
        let volunteers = (0.65 + 1.0 * quality + rng.range(-0.3, 0.5)).clamp(0.2, 3.5);
        let thresholds = (0..slots).map(|_| rng.unit()).collect();
        self.orgs.push(Org {
            id,
            name,
            kind,
            town,
            founded,
            closed: None,
            rc_school_from: None,
            quality,
            members,
            volunteers,
            thresholds,
        });
        id
    }

    /// One year of change after 2021: a few organisations are added, one
    /// rarely closes, a school may be named a 红十字学校.
    fn grow(&mut self, p: &Profile, seed: u64, slots: usize, year: i32) {
        let mut rng = Rng::keyed(seed, p.code(), "register", i64::from(year));
        let before = self.alive(year - 1).count() as f64;
        let rate = (0.035 + 0.45 * p.trend).clamp(0.005, 0.09);
        let adds = (before * rate * rng.range(0.5, 1.5)).round() as usize;
        // never more than the template's list holds
        let room = (ORG_ROWS as usize).saturating_sub(self.alive(year).count());
        for _ in 0..adds.min(room) {
            let towns_left =
                self.count(Kind::Town, year) < self.towns_total.min(self.towns.len() as i64);
            let villages_left = self.count(Kind::Village, year) < self.villages_total;
            let weights = [
                if towns_left { 0.15 } else { 0.0 },
                if villages_left { 0.5 } else { 0.0 },
                0.15,
                0.07,
                0.13,
            ];
            let kind = Kind::ALL[rng.weighted(&weights)];
            self.add(p, seed, slots, kind, year);
        }
        if rng.chance(if p.trend < 0.0 { 0.35 } else { 0.12 }) {
            // 井陉矿区 keeps all its communities.
            let candidates: Vec<usize> = self
                .alive(year)
                .filter(|o| o.founded < year)
                .filter(|o| o.kind == Kind::Enterprise || (o.kind == Kind::Village && !p.is_jk()))
                .map(|o| o.id)
                .collect();
            if !candidates.is_empty() {
                let id = *rng.pick(&candidates);
                self.orgs[id].closed = Some(year);
            }
        }
        if rng.chance(0.25 + 0.4 * p.level('B', year)) {
            let candidates: Vec<usize> = self
                .alive(year)
                .filter(|o| o.kind == Kind::School && o.rc_school_from.is_none())
                .map(|o| o.id)
                .collect();
            if !candidates.is_empty() {
                let id = *rng.pick(&candidates);
                self.orgs[id].rc_school_from = Some(year);
            }
        }
    }
}

/// The towns/streets and villages/communities of a unit (both fixed over the years).
fn divisions(p: &Profile, seed: u64) -> (i64, i64) {
    if p.is_jk() {
        return (JK_TOWNS.len() as i64, JK_COMMUNITIES);
    }
    let mut rng = Rng::keyed(seed, p.code(), "divisions", FIXED);
    let population = p.population(ANCHOR_YEAR);
    let towns = (8.0 + 12.0 * (population - 170_000.0) / 900_000.0).round() as i64 + rng.int(-1, 1);
    let (per, low, high) = if p.urban {
        (6_000.0, 30.0, 200.0)
    } else if p.former_county {
        (3_000.0, 60.0, 250.0)
    } else {
        (1_500.0, 100.0, 400.0)
    };
    let villages = (population / per * rng.range(0.85, 1.15))
        .round()
        .clamp(low, high);
    (towns.clamp(8, 20), villages as i64)
}

fn town_names(p: &Profile, seed: u64, count: i64) -> Vec<String> {
    if p.is_jk() {
        return JK_TOWNS.iter().map(|t| (*t).to_string()).collect();
    }
    let mut rng = Rng::keyed(seed, p.code(), "towns", FIXED);
    let (town, township) = if p.urban {
        (0.1, 0.0)
    } else if p.former_county {
        (0.6, 0.1)
    } else {
        (0.72, 0.2)
    };
    let mut names: Vec<String> = Vec::new();
    while (names.len() as i64) < count {
        let r = rng.unit();
        let name = if r < town + township {
            let first = *rng.pick(TOWN_FIRST);
            let second = *rng.pick(TOWN_SECOND);
            let suffix = if r < town { "镇" } else { "乡" };
            if first == second {
                continue;
            }
            format!("{first}{second}{suffix}")
        } else {
            format!("{}街道", rng.pick(STREETS))
        };
        // The same stem must not name both a town and a street.
        let stem: String = name.chars().take(2).collect();
        if !names.iter().any(|n| n.starts_with(&stem)) {
            names.push(name);
        }
    }
    names
}

fn village_name(rng: &mut Rng) -> String {
    let direction = if rng.chance(0.5) {
        *rng.pick(DIRECTIONS)
    } else {
        ""
    };
    format!(
        "{direction}{}{}",
        rng.pick(PLACE_SURNAMES),
        rng.pick(VILLAGE_SUFFIXES)
    )
}

fn community_name(rng: &mut Rng) -> String {
    let first = *rng.pick(COMMUNITY_FIRST);
    let mut second = *rng.pick(COMMUNITY_SECOND);
    while second == first {
        second = *rng.pick(COMMUNITY_SECOND);
    }
    if rng.chance(0.5) {
        format!("{first}{second}")
    } else {
        format!("{first}{second}{}", rng.pick(COMMUNITY_THIRD))
    }
}

/// 1 → 一, 12 → 十二, 20 → 二十, 105 → 105.
fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { DIGITS[n - 10] }),
        20..=99 => format!(
            "{}十{}",
            DIGITS[n / 10],
            if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[n % 10]
            }
        ),
        _ => n.to_string(),
    }
}

/// The year an organisation that exists in 2021 was founded.
fn founded_before_anchor(rng: &mut Rng, kind: Kind) -> i32 {
    let r = rng.unit();
    let back = match kind {
        Kind::Town if r < 0.06 => 0,
        Kind::Town if r < 0.12 => 1,
        Kind::Town => rng.int(2, 14),
        _ if r < 0.08 => 0,
        _ if r < 0.18 => 1,
        _ if r < 0.3 => 2,
        _ => rng.int(3, 12),
    };
    ANCHOR_YEAR - back as i32
}

// ── The whole city ──────────────────────────────────────────────────────

/// Everything drawn once for all units and years.
struct City<'a> {
    fw: &'a Framework,
    seed: u64,
    profiles: Vec<Profile<'a>>,
    registers: Vec<Register>,
    /// Field code → 2021 value per unit, for the figures allocated from city totals.
    allocated: BTreeMap<&'static str, Vec<i64>>,
    /// Per unit: year → (certified this year, cumulative at year end).
    first_aid: Vec<BTreeMap<i32, (i64, i64)>>,
    slots: Vec<Slot>,
    kinds: Vec<OrgKind>,
    /// Field code → the dimension its evidence is filed under.
    dims: BTreeMap<String, String>,
}

/// A value before it becomes a cell entry.
#[derive(Debug, Clone)]
enum Value {
    Num(f64),
    Yes(bool),
    Text(String),
}

impl<'a> City<'a> {
    fn build(fw: &'a Framework, seed: u64, anchor: Anchor, first: i32, last: i32) -> City<'a> {
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

    fn sample(&self, index: usize, year: i32) -> Sample {
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
        let filled = Filled {
            evidence: self.evidence(p, &values, year),
            remarks: self.remarks(index, &values, year),
            values,
            orgs: self.org_rows(index, year),
            claims: self.claims(p, year),
            sign_off: self.sign_off(p, year),
        };
        Sample {
            year,
            unit_code: p.code().to_string(),
            filled,
        }
    }

    fn figures(&self, index: usize, year: i32) -> CityFigures {
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
            unit_code: p.code().to_string(),
            values,
        }
    }

    /// A stream for `what` in `year` of unit `p`.
    fn rng(&self, p: &Profile, what: &str, year: i32) -> Rng {
        Rng::keyed(self.seed, p.code(), what, i64::from(year))
    }

    /// A multiplier around 1 for `what` in `year`.
    fn noise(&self, p: &Profile, what: &str, year: i32, spread: f64) -> f64 {
        self.rng(p, what, year).around(spread)
    }

    /// 是 with a chance rising from `low` (weakest) to `high` (strongest). The
    /// draw is fixed per unit, so a unit that improves gains items and keeps them.
    fn yes(&self, p: &Profile, code: &str, dim: char, year: i32, (low, high): (f64, f64)) -> Value {
        let draw = self.rng(p, code, FIXED_YEAR).unit();
        Value::Yes(draw < low + (high - low) * p.level(dim, year))
    }

    /// A 2021 figure allocated from a city total, moved along the unit's trend in other years.
    fn allocated(&self, index: usize, code: &str, year: i32, follow: f64) -> f64 {
        let p = &self.profiles[index];
        let base = self.allocated.get(code).map_or(0, |v| v[index]) as f64;
        if year == ANCHOR_YEAR {
            return base;
        }
        let noise = self.noise(p, code, year, 0.03);
        (base * (1.0 + follow * p.trend).powi(year - ANCHOR_YEAR) * noise).round()
    }

    /// Every known field's value for unit `index` in `year`, county and city alike.
    fn values(&self, index: usize, year: i32) -> BTreeMap<&'static str, Value> {
        let p = &self.profiles[index];
        let register = &self.registers[index];
        let per_10k = p.per_10k(year);
        let f = |dim: char| p.factor(dim, year);
        let noise = |code: &str, spread: f64| self.noise(p, code, year, spread);
        let count = |x: f64| Value::Num(x.round().max(0.0));
        let money = |x: f64| Value::Num(round_to(x.max(0.0), 2));
        let (trained, cumulative) = self.first_aid[index].get(&year).copied().unwrap_or((0, 0));
        let mut v: BTreeMap<&'static str, Value> = BTreeMap::new();

        // A 党的建设与自身建设
        let a: [(&'static str, (f64, f64)); 6] = [
            ("org_independent", (0.8, 1.05)),
            ("staffing_approved", (0.55, 1.0)),
            ("staff_in_post", (0.6, 1.0)),
            ("budget_included", (0.7, 1.02)),
            ("office_space", (0.75, 1.05)),
            ("election_on_time", (0.65, 1.02)),
        ];
        for (code, chances) in a {
            v.insert(code, self.yes(p, code, 'A', year, chances));
        }
        let council =
            self.rng(p, "council_meeting_held", year).unit() < 0.55 + 0.45 * p.level('A', year);
        v.insert("council_meeting_held", Value::Yes(council));
        let tenths = 20.0
            + (10.0 * (0.8 * p.level('A', year) + 0.2 * self.rng(p, "party", year).unit())).round();
        v.insert(
            "party_building_score",
            Value::Num(tenths.clamp(20.0, 30.0) / 10.0),
        );

        // B 组织建设
        v.insert("towns_total", count(register.towns_total as f64));
        v.insert(
            "towns_with_rc",
            count(register.count(Kind::Town, year) as f64),
        );
        v.insert("villages_total", count(register.villages_total as f64));
        v.insert(
            "villages_with_rc",
            count(register.count(Kind::Village, year) as f64),
        );
        v.insert("red_cross_schools", count(register.rc_schools(year) as f64));
        v.insert(
            "grassroots_orgs",
            count(register.alive(year).count() as f64),
        );
        for (code, follow) in [
            ("group_member_units", 0.6),
            ("adult_members", 0.8),
            ("youth_members", 0.8),
            ("volunteers", 1.0),
            ("volunteer_teams", 0.6),
            ("volunteer_hours", 1.2),
        ] {
            v.insert(code, count(self.allocated(index, code, year, follow)));
        }

        // C 应急救援
        let mut fixed = self.rng(p, "rescue_teams", FIXED_YEAR);
        let teams = if f('C') < 0.75 && fixed.chance(0.4) {
            0
        } else {
            1 + i32::from(p.population(year) > 600_000.0) + i32::from(f('C') > 1.15)
        };
        v.insert("rescue_teams", count(f64::from(teams)));
        v.insert("drills", count(2.2 * f('C') * noise("drills", 0.5)));
        let reserve =
            per_10k * 0.5 * f('C') * self.rng(p, "relief_reserve", FIXED_YEAR).range(0.7, 1.3);
        v.insert(
            "relief_reserve",
            money(reserve * noise("relief_reserve", 0.1)),
        );
        let late = self.occurrences(p, "late_disaster_reports", p.level('C', year), year);
        v.insert("late_disaster_reports", count(late));

        // D 应急救护
        v.insert("certified_trained", count(trained as f64));
        v.insert("certified_cumulative", count(cumulative as f64));
        v.insert(
            "awareness_trained",
            count(per_10k * 380.0 * f('D') * noise("awareness_trained", 0.25)),
        );
        v.insert("aed_count", count(self.aeds(p, year)));
        v.insert(
            "instructors",
            count(self.allocated(index, "instructors", year, 0.7)),
        );
        let mut fixed = self.rng(p, "training_bases", FIXED_YEAR);
        let bases = if f('D') < 0.8 && fixed.chance(0.5) {
            0
        } else {
            1 + i32::from(f('D') > 1.15) + i32::from(p.population(year) > 700_000.0 && f('D') > 0.9)
        };
        v.insert("training_bases", count(f64::from(bases)));

        // E 人道救助
        v.insert(
            "households_aided",
            count(per_10k * 25.0 * f('E') * noise("households_aided", 0.2)),
        );
        v.insert(
            "illness_cases",
            count(per_10k * 1.8 * f('E') * noise("illness_cases", 0.35)),
        );
        v.insert(
            "aid_funds",
            money(per_10k * 1.9 * f('E') * noise("aid_funds", 0.3)),
        );
        v.insert(
            "community_projects",
            count(2.0 * f('E') * noise("community_projects", 0.5)),
        );

        // F 三献
        v.insert(
            "blood_donations",
            count(self.allocated(index, "blood_donations", year, 0.5)),
        );
        let repeat = 0.3
            + 0.14 * p.level('F', year)
            + self.rng(p, "repeat_donor_rate", year).range(-0.04, 0.04);
        v.insert("repeat_donor_rate", Value::Num(round_to(repeat, 3)));
        v.insert(
            "stem_cell_registrations",
            count(per_10k * 1.9 * f('F') * noise("stem_cell_registrations", 0.3)),
        );
        v.insert(
            "organ_pledges",
            count(per_10k * 6.0 * f('F') * noise("organ_pledges", 0.3)),
        );
        v.insert(
            "memorial_events",
            count(2.4 * f('F') * noise("memorial_events", 0.5)),
        );

        // G 资源动员
        let raised = round_to(
            (per_10k * 1.9 * f('G') * noise("donations_raised", 0.35)).max(1.0),
            2,
        );
        let share = (0.08
            + 0.12 * p.level('G', year)
            + self.rng(p, "online_share", year).range(-0.05, 0.08))
        .clamp(0.02, 0.45);
        v.insert("donations_raised", Value::Num(raised));
        v.insert(
            "online_raised",
            Value::Num(round_to(raised * share, 2).min(raised)),
        );

        // H 公开透明
        let h: [(&'static str, (f64, f64)); 6] = [
            ("disclose_receipts", (0.7, 1.02)),
            ("disclose_use", (0.6, 1.0)),
            ("disclose_feedback", (0.45, 0.97)),
            ("disclose_organisation", (0.75, 1.05)),
            ("disclose_finance", (0.6, 1.0)),
            ("disclose_audit", (0.4, 0.92)),
        ];
        for (code, chances) in h {
            v.insert(code, self.yes(p, code, 'H', year, chances));
        }
        let late = self.occurrences(p, "late_disclosures", p.level('H', year), year);
        v.insert("late_disclosures", count(late));

        // I 宣传与信息
        let adopted = (11.0 * f('I') * noise("info_adopted", 0.35))
            .round()
            .clamp(3.0, 25.0);
        v.insert("info_adopted", count(adopted));
        v.insert(
            "media_reports",
            count(6.0 * f('I') * noise("media_reports", 0.4)),
        );
        v
    }

    /// Mostly 0; now and then 1–3, more often for weak units.
    fn occurrences(&self, p: &Profile, code: &str, level: f64, year: i32) -> f64 {
        let mut rng = self.rng(p, code, year);
        if !rng.chance(0.06 + 0.3 * (1.0 - level)) {
            return 0.0;
        }
        1.0 + f64::from(u8::from(rng.chance(0.3))) + f64::from(u8::from(rng.chance(0.15)))
    }

    /// AEDs in public places: a stock that grows every year, faster in rising units.
    fn aeds(&self, p: &Profile, year: i32) -> f64 {
        let urban = if p.urban { 1.4 } else { 0.85 };
        let draw = self.rng(p, "aed_count", FIXED_YEAR).range(0.7, 1.3);
        let base = p.per_10k(ANCHOR_YEAR) * 0.42 * p.factor('D', ANCHOR_YEAR) * urban * draw;
        let growth = (0.12 + p.trend).clamp(0.02, 0.25);
        (base * (1.0 + growth).powi(year - ANCHOR_YEAR))
            .round()
            .max(1.0)
    }

    /// A value for a field this generator does not know (a custom framework).
    fn generic(&self, p: &Profile, field: &Field, year: i32) -> Value {
        let mut rng = self.rng(p, &field.code, year);
        let level = p.overall(year);
        match field.kind {
            FieldType::YesNo => Value::Yes(rng.chance(0.55 + 0.45 * level)),
            FieldType::Integer | FieldType::Decimal => {
                let low = field.min.unwrap_or(0.0);
                let high = field.max.unwrap_or(low + 100.0).min(low + 1_000.0);
                Value::Num(low + (high - low) * (0.1 + 0.3 * level) * rng.around(0.3))
            }
            FieldType::Percent => {
                let high = field.max.unwrap_or(1.0).min(1.0);
                Value::Num(high * (0.2 + 0.5 * level) * rng.around(0.2))
            }
            FieldType::Choice => Value::Text(
                field
                    .choices
                    .get(rng.index(field.choices.len().max(1)))
                    .cloned()
                    .unwrap_or_default(),
            ),
            FieldType::Text => Value::Text("无".into()),
            FieldType::Date => Value::Text(format!("{year}年11月{:02}日", rng.int(1, 30))),
        }
    }

    fn org_rows(&self, index: usize, year: i32) -> Vec<OrgRow> {
        let p = &self.profiles[index];
        let register = &self.registers[index];
        register
            .alive(year)
            .map(|org| {
                let kind = &self.kinds[org.kind as usize];
                let mut rng = Rng::keyed(
                    self.seed,
                    p.code(),
                    "org-year",
                    org.id as i64 * 10_000 + i64::from(year),
                );
                let delta = year - ANCHOR_YEAR;
                let fresh = match year - org.founded {
                    0 => 0.12,
                    1 => 0.05,
                    _ => 0.0,
                };
                let quality =
                    org.quality + 0.6 * p.trend * f64::from(delta) - fresh + rng.range(-0.03, 0.03);
                let growth = (1.0 + 0.5 * p.trend).powi(delta);
                let members = (kind.min_members * org.members * growth * rng.around(0.05))
                    .round()
                    .max(3.0);
                let volunteers = (kind.min_volunteers * org.volunteers * growth * rng.around(0.08))
                    .round()
                    .max(1.0);
                let items = self
                    .slots
                    .iter()
                    .zip(&org.thresholds)
                    .map(|(slot, &draw)| {
                        let chance = (slot.base + 0.6 * quality).clamp(0.02, 0.995);
                        let yes = draw < chance
                            && (!slot.needs_members || members >= kind.min_members)
                            && (!slot.needs_volunteers || volunteers >= kind.min_volunteers);
                        yes_no(yes).to_string()
                    })
                    .collect();
                let remark = if org.founded == year {
                    "当年新建".to_string()
                } else if org.rc_school_from.is_some_and(|from| from <= year) {
                    "红十字学校".to_string()
                } else {
                    String::new()
                };
                OrgRow {
                    name: org.name.clone(),
                    org_type: kind.name.clone(),
                    town: org.town.clone(),
                    members: Entry::Number(members),
                    volunteers: Entry::Number(volunteers),
                    items,
                    remark,
                }
            })
            .collect()
    }

    /// 佐证编号 for most numeric fields and some 是 answers: dimension letter and number (`B-03`).
    fn evidence(
        &self,
        p: &Profile,
        values: &BTreeMap<String, Entry>,
        year: i32,
    ) -> BTreeMap<String, String> {
        let mut rng = self.rng(p, "evidence", year);
        let mut numbers: BTreeMap<&str, usize> = BTreeMap::new();
        let mut out = BTreeMap::new();
        let chance = 0.78 + 0.17 * p.overall(year);
        for field in self.fw.fields.iter().filter(|f| f.source == Source::County) {
            let wanted = match values.get(&field.code) {
                Some(Entry::Number(_)) => rng.chance(chance),
                Some(Entry::Text(t)) if t == "是" => rng.chance(0.3),
                _ => false,
            };
            if wanted {
                let dim = self.dims.get(&field.code).map_or("Z", String::as_str);
                let n = numbers.entry(dim).or_insert(0);
                *n += 1;
                out.insert(field.code.clone(), format!("{dim}-{n:02}"));
            }
        }
        out
    }

    /// Two to four short remarks, as clerks write them.
    fn remarks(
        &self,
        index: usize,
        values: &BTreeMap<String, Entry>,
        year: i32,
    ) -> BTreeMap<String, String> {
        let p = &self.profiles[index];
        let mut rng = self.rng(p, "remarks", year);
        let number = |code: &str| match values.get(code) {
            Some(Entry::Number(x)) => Some(*x),
            _ => None,
        };
        let mut candidates: Vec<(&str, String)> = Vec::new();
        let new = self.registers[index].founded_in(year);
        if number("grassroots_orgs").is_some() && new > 0 {
            candidates.push(("grassroots_orgs", format!("含当年新建{new}个")));
        }
        if let Some(x) = number("relief_reserve").filter(|x| *x >= 1.0) {
            let fund = round_to(x * rng.range(0.3, 0.7), 2);
            candidates.push((
                "relief_reserve",
                format!("其中救灾储备金{}万元", plain(fund)),
            ));
        }
        if let Some(x) = number("donations_raised").filter(|x| *x >= 1.0) {
            let goods = round_to(x * rng.range(0.2, 0.5), 2);
            candidates.push((
                "donations_raised",
                format!("其中物资折价{}万元", plain(goods)),
            ));
        }
        if let Some(x) = number("certified_trained").filter(|x| *x >= 10.0) {
            let staff = (x * rng.range(0.15, 0.4)).round();
            candidates.push(("certified_trained", format!("含机关、企业职工{staff}人")));
        }
        if let Some(x) = number("awareness_trained").filter(|x| *x >= 100.0) {
            let online = (x * rng.range(0.1, 0.3)).round();
            candidates.push(("awareness_trained", format!("含线上普及培训{online}人次")));
        }
        let added = self.aeds(p, year) - self.aeds(p, year - 1);
        if number("aed_count").is_some() && added > 0.0 {
            candidates.push(("aed_count", format!("当年新增{added}台")));
        }
        if let Some(x) = number("households_aided").filter(|x| *x >= 10.0) {
            let spring = (x * rng.range(0.4, 0.7)).round();
            candidates.push((
                "households_aided",
                format!("含春节“博爱送万家”慰问{spring}户"),
            ));
        }
        if number("volunteer_hours").is_some() {
            candidates.push(("volunteer_hours", "据志愿服务信息系统统计".to_string()));
        }
        if let Some(x) = number("media_reports").filter(|x| *x >= 2.0) {
            let provincial = rng.int(1, (x / 2.0) as i64);
            candidates.push(("media_reports", format!("含省级以上媒体{provincial}篇")));
        }
        if let Some(x) = number("drills").filter(|x| *x >= 1.0) {
            let joint = rng.int(1, x as i64);
            candidates.push(("drills", format!("含与应急管理局联合演练{joint}次")));
        }
        rng.shuffle(&mut candidates);
        let n = rng.int(2, 4) as usize;
        candidates
            .into_iter()
            .take(n)
            .map(|(code, text)| (code.to_string(), text))
            .collect()
    }

    /// 0–3 bonus claims; stronger units claim more; realised donations are rare.
    fn claims(&self, p: &Profile, year: i32) -> Vec<BonusClaim> {
        let mut rng = self.rng(p, "claims", year);
        let level = p.overall(year);
        let weak = [0.55, 0.35, 0.1, 0.0];
        let strong = [0.15, 0.35, 0.3, 0.2];
        let odds: Vec<f64> = weak
            .iter()
            .zip(strong)
            .map(|(w, s)| w + (s - w) * level)
            .collect();
        let wanted = rng.weighted(&odds);
        let mut items: Vec<(usize, f64)> = self
            .fw
            .bonus
            .iter()
            .enumerate()
            .filter(|(_, b)| b.source == ClaimSource::County)
            .map(|(i, b)| {
                let odds = match b.code.as_str() {
                    "X1" => 0.01 + 0.05 * level,
                    "X2" => 0.45,
                    "X3" => 0.3,
                    "X4" => 0.04,
                    "X5" => 0.03,
                    _ => 0.2,
                };
                (i, odds)
            })
            .collect();
        let mut chosen = Vec::new();
        while chosen.len() < wanted && !items.is_empty() {
            let odds: Vec<f64> = items.iter().map(|(_, w)| *w).collect();
            chosen.push(items.remove(rng.weighted(&odds)).0);
        }
        chosen.sort_unstable();
        chosen
            .into_iter()
            .enumerate()
            .map(|(n, i)| {
                let item = &self.fw.bonus[i];
                let two = match item.code.as_str() {
                    "X1" => rng.chance(0.05),
                    "X4" | "X5" => rng.chance(0.2),
                    _ => rng.chance(0.25),
                };
                let count: i32 = if two { 2 } else { 1 };
                BonusClaim {
                    item: item.code.clone(),
                    count: Entry::Number(f64::from(count)),
                    description: claim_text(&item.code, &item.name, count, year, &mut rng),
                    evidence: format!("JF-{:02}", n + 1),
                }
            })
            .collect()
    }

    fn sign_off(&self, p: &Profile, year: i32) -> SignOff {
        let mut rng = self.rng(p, "people", FIXED_YEAR);
        let mut people: Vec<String> = Vec::new();
        while people.len() < 4 {
            let name = person_name(&mut rng);
            if !people.contains(&name) {
                people.push(name);
            }
        }
        let phone = format!("0311-8{:07}", rng.int(0, 9_999_999));
        let mut this_year = self.rng(p, "sign-off", year);
        let filler = people[2 + usize::from(this_year.chance(0.35))].clone();
        SignOff {
            filler,
            phone,
            reviewer: people[1].clone(),
            head: people[0].clone(),
            date: format!("{year}年12月{:02}日", this_year.int(1, 14)),
        }
    }
}

/// [`City::rng`] with this year gives draws that stay the same every year.
const FIXED_YEAR: i32 = i32::MIN;

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
fn evidence_dims(fw: &Framework) -> BTreeMap<String, String> {
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

fn claim_text(code: &str, name: &str, count: i32, year: i32, rng: &mut Rng) -> String {
    let one = count == 1;
    match code {
        "X1" if one => format!("{year}年被中国红十字会总会评为全国红十字系统先进集体"),
        "X1" => format!("{year}年获中国红十字会总会表彰2项（先进集体、应急救护工作先进单位）"),
        "X2" if one => rng
            .pick(&[
                format!("{year}年被河北省红十字会评为红十字工作先进单位"),
                format!("获市委、市政府{year}年度目标考核先进单位表彰"),
                format!("“博爱家园”项目获河北省红十字会{year}年度通报表扬"),
            ])
            .clone(),
        "X2" => "获河北省红十字会、市委市政府表彰各1项".to_string(),
        "X3" if one => rng
            .pick(&[
                "应急救护培训“进校园”做法被河北省红十字会转发推广",
                "“博爱家园”建设经验在全省红十字系统交流推广",
                "志愿服务“微心愿”项目被《中国红十字报》专题报道推广",
            ])
            .to_string(),
        "X3" => "2项工作经验被河北省红十字会转发推广（应急救护培训、社区服务）".to_string(),
        "X4" => format!("实现造血干细胞捐献{count}例，经中华骨髓库河北省分库确认"),
        "X5" => format!("实现遗体（人体器官）捐献{count}例，经市人体器官捐献管理办公室确认"),
        _ => format!("{name}{count}项"),
    }
}

fn person_name(rng: &mut Rng) -> String {
    let surname = rng.pick(PERSON_SURNAMES);
    let first = rng.pick(PERSON_GIVEN);
    if rng.chance(0.3) {
        format!("{surname}{first}")
    } else {
        let mut second = rng.pick(PERSON_GIVEN);
        while second == first {
            second = rng.pick(PERSON_GIVEN);
        }
        format!("{surname}{first}{second}")
    }
}

// ── Cell entries ────────────────────────────────────────────────────────

fn yes_no(yes: bool) -> &'static str {
    if yes { "是" } else { "否" }
}

fn round_to(x: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (x * scale).round() / scale
}

/// A number without trailing zeros (`12.5`, `3`).
fn plain(x: f64) -> String {
    let text = format!("{x:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The value as the field's type wants it, inside the field's range.
fn entry(field: &Field, value: &Value) -> Entry {
    let clamp = |x: f64, whole: bool| {
        let mut low = field.min.unwrap_or(f64::MIN);
        let mut high = field.max.unwrap_or(f64::MAX);
        if whole {
            (low, high) = (low.ceil(), high.floor());
        }
        if low <= high { x.clamp(low, high) } else { x }
    };
    match (field.kind, value) {
        (_, Value::Text(text)) => Entry::Text(text.clone()),
        (FieldType::YesNo, Value::Yes(yes)) => Entry::Text(yes_no(*yes).into()),
        (FieldType::YesNo, Value::Num(x)) => Entry::Text(yes_no(*x > 0.0).into()),
        (_, Value::Yes(yes)) => Entry::Number(f64::from(u8::from(*yes))),
        (FieldType::Integer, Value::Num(x)) => Entry::Number(clamp(x.round(), true)),
        (FieldType::Decimal, Value::Num(x)) => Entry::Number(round_to(clamp(*x, false), 2)),
        (FieldType::Percent, Value::Num(x)) => Entry::Number(round_to(clamp(*x, false), 4)),
        (_, Value::Num(x)) => Entry::Text(plain(*x)),
    }
}

// ── Name material ───────────────────────────────────────────────────────

const TOWN_FIRST: &[&str] = &[
    "东", "西", "南", "北", "上", "大", "小", "新", "高", "石", "马", "王", "李", "张", "刘", "赵",
    "杨", "孙", "周", "吴", "郑", "冯", "韩", "白", "柳", "杏", "梨", "槐", "龙", "凤", "金", "青",
    "清", "平", "太", "永", "安", "兴", "宁", "长", "广", "德", "仁", "义", "和", "丰", "常", "留",
    "杜", "岗",
];
const TOWN_SECOND: &[&str] = &[
    "安", "宁", "平", "兴", "庄", "营", "店", "集", "寨", "口", "头", "河", "庙", "桥", "峪", "岭",
    "城", "阳", "泉", "屯", "堡", "里", "关", "坊", "丰", "乐", "华", "家",
];
const STREETS: &[&str] = &[
    "建设", "青园", "育才", "广安", "谈固", "跃进", "胜利", "和平", "友谊", "振头", "维明", "东华",
    "新石", "中山", "长丰", "联盟", "东苑", "西苑", "裕东", "裕兴", "槐底", "建通", "东焦", "革新",
    "合作", "杜北", "宋营", "汇通", "苑东", "市庄", "中华", "红旗", "北新", "建华", "天山", "仓安",
    "育英", "燕港", "东风", "站前", "光华", "前进", "永安", "滨河", "民生", "朝阳", "兴华", "文明",
];
const DIRECTIONS: &[&str] = &["东", "西", "南", "北", "前", "后", "大", "小"];
const PLACE_SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "赵", "杨", "孙", "周", "吴", "郑", "冯", "韩", "白", "陈", "马", "高",
    "许", "郭", "何", "吕", "贾", "孟", "曹", "宋", "田", "董", "梁", "杜", "史", "崔", "侯", "范",
    "薛", "苏", "邢",
];
const VILLAGE_SUFFIXES: &[&str] = &["庄", "营", "屯", "寨", "堡", "店", "疃", "固"];
const COMMUNITY_FIRST: &[&str] = &[
    "和", "康", "锦", "翠", "华", "金", "银", "阳", "兴", "安", "福", "泰", "丽", "馨", "景", "怡",
    "宏", "盛", "紫", "碧", "春", "明", "新", "雅",
];
const COMMUNITY_SECOND: &[&str] = &[
    "华", "苑", "园", "庭", "景", "泰", "安", "康", "城", "湾", "居", "里", "乐", "馨",
];
const COMMUNITY_THIRD: &[&str] = &["苑", "园", "里", "庭", "府"];
const UNIT_SCHOOLS: &[&str] = &[
    "第一中学",
    "第二中学",
    "实验小学",
    "第三中学",
    "实验中学",
    "第一小学",
    "职业技术教育中心",
    "第二小学",
    "第四中学",
    "特殊教育学校",
    "第三小学",
    "第五中学",
];
const UNIT_MEDICAL: &[&str] = &[
    "人民医院",
    "中医院",
    "妇幼保健院",
    "疾病预防控制中心",
    "第二人民医院",
    "急救站",
];
const UNIT_ENTERPRISES: &[&str] = &[
    "供电公司",
    "自来水公司",
    "融媒体中心",
    "公共交通有限公司",
    "燃气有限公司",
    "农村信用合作联社",
];
const BRANDS: &[&str] = &[
    "恒信", "鑫源", "宏达", "泰和", "金石", "常山", "新星", "润丰", "众诚", "瑞祥", "博远", "盛世",
    "永昌", "宝丰", "天宇", "晨光", "华兴", "冀中", "中诚", "东方", "国泰", "富康", "长城", "燕赵",
    "太行", "滹沱", "圣康", "立达", "隆基", "华北",
];
const INDUSTRIES: &[&str] = &[
    "制药",
    "纺织",
    "建材",
    "食品",
    "钢铁",
    "机械",
    "物流",
    "电力",
    "化工",
    "热力",
    "医疗器械",
    "农业科技",
    "汽车配件",
    "印刷",
    "乳业",
    "服装",
];
const PERSON_SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "胡", "朱", "郭",
    "何", "高", "林", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "田", "董",
    "袁", "于", "杜", "程", "魏", "苏", "吕", "丁", "任", "姚", "崔", "贾", "孟", "秦", "侯", "尹",
    "薛", "闫", "段", "郝", "邢", "武", "乔",
];
const PERSON_GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "霞", "平", "刚", "英", "华", "红", "建", "国", "志", "新", "海", "燕", "玉", "兰", "凤",
    "慧", "颖", "鹏", "辉", "宁", "晓", "丹", "亮", "斌", "蕾", "立", "春", "雪", "文",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn default_framework() -> Framework {
        crate::framework::load(None).expect("the default framework loads")
    }

    fn number(filled: &Filled, code: &str) -> f64 {
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
    fn jingxing_mining_district_covers_all_towns_and_communities_in_2021() {
        let fw = default_framework();
        let (samples, _) = generate(&fw, &[2021], 7);
        let jk = samples
            .iter()
            .find(|s| s.unit_code == "130107")
            .expect("井陉矿区");
        assert_eq!(number(&jk.filled, "towns_total"), 5.0);
        assert_eq!(number(&jk.filled, "towns_with_rc"), 5.0);
        assert_eq!(number(&jk.filled, "villages_total"), 38.0);
        assert_eq!(number(&jk.filled, "villages_with_rc"), 38.0);
        let of_type = |t: &str| jk.filled.orgs.iter().filter(|o| o.org_type == t).count();
        assert_eq!(of_type("乡镇/街道"), 5);
        assert_eq!(of_type("村/社区"), 38);
        assert!(jk.filled.orgs.iter().any(|o| o.name == "贾庄镇红十字会"));
        let communities = jk.filled.orgs.iter().filter(|o| o.org_type == "村/社区");
        assert!(
            communities
                .clone()
                .all(|o| o.name.ends_with("社区红十字会"))
        );
    }

    #[test]
    fn counts_follow_the_list_and_the_rules_hold() {
        let fw = default_framework();
        let slots = 5;
        let (samples, _) = generate(&fw, &[2021, 2022, 2023], 7);
        assert_eq!(samples.len(), 63);
        for s in &samples {
            let f = &s.filled;
            let who = format!("{} {}", s.year, s.unit_code);
            assert_eq!(number(f, "grassroots_orgs"), f.orgs.len() as f64, "{who}");
            let of_type = |t: &str| f.orgs.iter().filter(|o| o.org_type == t).count() as f64;
            assert_eq!(number(f, "towns_with_rc"), of_type("乡镇/街道"), "{who}");
            assert_eq!(number(f, "villages_with_rc"), of_type("村/社区"), "{who}");
            assert!(number(f, "red_cross_schools") <= of_type("学校"), "{who}");
            assert!(
                number(f, "towns_with_rc") <= number(f, "towns_total"),
                "{who}"
            );
            assert!(
                number(f, "villages_with_rc") <= number(f, "villages_total"),
                "{who}"
            );
            assert!(
                number(f, "online_raised") <= number(f, "donations_raised"),
                "{who}"
            );
            assert!(
                number(f, "certified_trained") <= number(f, "certified_cumulative"),
                "{who}"
            );
            let names: BTreeSet<&str> = f.orgs.iter().map(|o| o.name.as_str()).collect();
            assert_eq!(names.len(), f.orgs.len(), "{who}: names are unique");
            for org in &f.orgs {
                assert_eq!(org.items.len(), slots, "{who} {}", org.name);
                assert!(org.items.iter().all(|i| i == "是" || i == "否"));
                assert!(!org.town.is_empty());
            }
            assert!(f.claims.len() <= 3, "{who}");
            assert!(f.sign_off.phone.starts_with("0311-8") && f.sign_off.phone.len() == 13);
            let day: u32 = f.sign_off.date[f.sign_off.date.len() - 5..f.sign_off.date.len() - 3]
                .parse()
                .expect("a day");
            assert!(
                f.sign_off.date.starts_with(&format!("{}年12月", s.year))
                    && (1..=14).contains(&day)
            );
        }
    }

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

    #[test]
    fn every_county_field_is_present_and_in_range() {
        let fw = default_framework();
        let (samples, figures) = generate(&fw, &[2021, 2022, 2023], 7);
        let county: Vec<&Field> = fw
            .fields
            .iter()
            .filter(|f| f.source == Source::County)
            .collect();
        let city = [
            "party_building_score",
            "late_disaster_reports",
            "blood_donations",
            "repeat_donor_rate",
            "stem_cell_registrations",
            "organ_pledges",
            "late_disclosures",
            "info_adopted",
        ];
        for s in &samples {
            assert_eq!(s.filled.values.len(), county.len());
            for code in city {
                assert!(!s.filled.values.contains_key(code), "{code} is the city's");
            }
            for field in &county {
                let who = format!("{} {} {}", s.year, s.unit_code, field.code);
                match (&s.filled.values[&field.code], field.kind) {
                    (Entry::Text(t), FieldType::YesNo) => assert!(t == "是" || t == "否", "{who}"),
                    (
                        Entry::Number(x),
                        FieldType::Integer | FieldType::Decimal | FieldType::Percent,
                    ) => {
                        assert!(field.min.is_none_or(|m| *x >= m), "{who}: {x}");
                        assert!(field.max.is_none_or(|m| *x <= m), "{who}: {x}");
                        if field.kind == FieldType::Integer {
                            assert_eq!(x.fract(), 0.0, "{who}: {x}");
                        } else {
                            assert_eq!(round_to(*x, 2), *x, "{who}: {x}");
                        }
                    }
                    (other, _) => panic!("{who}: {other:?}"),
                }
            }
        }
        for f in &figures {
            let keys: Vec<&str> = f.values.keys().map(String::as_str).collect();
            let mut expected = city.to_vec();
            expected.sort_unstable();
            assert_eq!(keys, expected);
            let score = f.values["party_building_score"];
            assert!((2.0..=3.0).contains(&score) && round_to(score, 1) == score);
            for (code, x) in &f.values {
                let field = fw.field(code).expect("a field");
                assert!(field.min.is_none_or(|m| *x >= m) && field.max.is_none_or(|m| *x <= m));
            }
        }
    }

    #[test]
    fn the_paired_units_have_mirrored_profiles() {
        let fw = default_framework();
        let (samples, _) = generate(&fw, &[2021], 7);
        let of = |code: &str| {
            &samples
                .iter()
                .find(|s| s.unit_code == code)
                .expect(code)
                .filled
        };
        let (jinzhou, zhaoxian) = (of("130183"), of("130133"));
        // 507,959 and 505,366 people: 晋州市 trains more first-aiders, 赵县 raises more money.
        assert!(number(jinzhou, "certified_trained") > number(zhaoxian, "certified_trained"));
        assert!(number(jinzhou, "donations_raised") < number(zhaoxian, "donations_raised"));
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

    #[test]
    fn lists_grow_and_names_stay() {
        let fw = default_framework();
        let (samples, _) = generate(&fw, &[2021, 2022, 2023], 7);
        let total = |year: i32| {
            samples
                .iter()
                .filter(|s| s.year == year)
                .map(|s| s.filled.orgs.len())
                .sum::<usize>()
        };
        assert!(total(2021) < total(2022) && total(2022) < total(2023));
        for s in samples.iter().filter(|s| s.year > 2021) {
            let before = samples
                .iter()
                .find(|b| b.year == s.year - 1 && b.unit_code == s.unit_code)
                .expect("last year");
            let now: BTreeSet<&str> = s.filled.orgs.iter().map(|o| o.name.as_str()).collect();
            let kept = before
                .filled
                .orgs
                .iter()
                .filter(|o| now.contains(o.name.as_str()))
                .count();
            // At most one organisation closes a year.
            assert!(
                kept + 1 >= before.filled.orgs.len(),
                "{} {}",
                s.year,
                s.unit_code
            );
        }
    }
}
