//! The 五有 register: each unit's towns and grassroots organisations over the
//! years, founded, closed and named once.

use std::collections::BTreeSet;

use crate::framework::{Framework, Need};
use crate::layout::ORG_ROWS;
use crate::numbers::small_chinese;

use super::names::{
    BRANDS, INDUSTRIES, UNIT_ENTERPRISES, UNIT_MEDICAL, UNIT_SCHOOLS, community_name, village_name,
};
use super::profile::Profile;
use super::rng::Rng;
use super::{ANCHOR_YEAR, FIXED, JK_COMMUNITIES, JK_TOWNS};

/// The kinds of grassroots organisation, in the order of the default org types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Town,
    Village,
    School,
    Medical,
    Enterprise,
}

impl Kind {
    pub(super) const ALL: [Kind; 5] = [
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
pub(super) struct OrgKind {
    pub(super) name: String,
    pub(super) min_members: f64,
    pub(super) min_volunteers: f64,
}

/// One 是/否 column of the 五有 list.
#[derive(Debug, Clone)]
pub(super) struct Slot {
    /// The chance of 是 for an organisation of quality 0.
    pub(super) base: f64,
    pub(super) needs_members: bool,
    pub(super) needs_volunteers: bool,
}

pub(super) fn slots(fw: &Framework) -> Vec<Slot> {
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

pub(super) fn org_kinds(fw: &Framework) -> Vec<OrgKind> {
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
pub(super) struct Org {
    pub(super) id: usize,
    pub(super) name: String,
    pub(super) kind: Kind,
    pub(super) town: String,
    pub(super) founded: i32,
    /// The first year it no longer appears.
    closed: Option<i32>,
    /// For schools: named a 红十字学校 from this year.
    pub(super) rc_school_from: Option<i32>,
    /// 0…1: how well it is run.
    pub(super) quality: f64,
    /// Members and volunteers as multiples of the org type's minimum.
    pub(super) members: f64,
    pub(super) volunteers: f64,
    /// Fixed draws per 是/否 column: a column is 是 while its chance is above the draw.
    pub(super) thresholds: Vec<f64>,
}

impl Org {
    fn alive(&self, year: i32) -> bool {
        self.founded <= year && self.closed.is_none_or(|closed| year < closed)
    }
}

/// A unit's towns and organisations, across all years.
#[derive(Debug)]
pub(super) struct Register {
    pub(super) towns: Vec<String>,
    pub(super) towns_total: i64,
    pub(super) villages_total: i64,
    pub(super) orgs: Vec<Org>,
    pub(super) used: BTreeSet<String>,
    pub(super) names: Rng,
}

impl Register {
    pub(super) fn alive(&self, year: i32) -> impl Iterator<Item = &Org> {
        self.orgs.iter().filter(move |o| o.alive(year))
    }

    pub(super) fn count(&self, kind: Kind, year: i32) -> i64 {
        self.alive(year).filter(|o| o.kind == kind).count() as i64
    }

    pub(super) fn rc_schools(&self, year: i32) -> i64 {
        self.alive(year)
            .filter(|o| o.rc_school_from.is_some_and(|from| from <= year))
            .count() as i64
    }

    pub(super) fn founded_in(&self, year: i32) -> i64 {
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
    pub(super) fn add(
        &mut self,
        p: &Profile,
        seed: u64,
        slots: usize,
        kind: Kind,
        founded: i32,
    ) -> usize {
        let unit = p.unit.name.clone();
        let towns = self.towns.clone();
        let seat = towns.first().cloned().unwrap_or_default();
        let (name, town) = match kind {
            Kind::Town => {
                let taken = self.orgs.iter().filter(|o| o.kind == Kind::Town).count();
                let town = towns
                    .get(taken)
                    .cloned()
                    .unwrap_or_else(|| format!("第{}街道", small_chinese(taken + 1)));
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
                            format!("{unit}第{}社区红十字会", small_chinese(n)),
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
                                format!("{unit}第{}小学红十字会", small_chinese(n)),
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
                                format!("{unit}第{}卫生服务站红十字会", small_chinese(n)),
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
                                format!("{unit}第{}企业红十字会", small_chinese(n)),
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
    pub(super) fn grow(&mut self, p: &Profile, seed: u64, slots: usize, year: i32) {
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
pub(super) fn divisions(p: &Profile, seed: u64) -> (i64, i64) {
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

/// The year an organisation that exists in 2021 was founded.
pub(super) fn founded_before_anchor(rng: &mut Rng, kind: Kind) -> i32 {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::samples::generate;
    use crate::samples::tests::{default_framework, number};

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
