//! A synthetic unit registry (`units.toml`) of any size, for `assess
//! make-samples --units N`: codes, names, kinds and populations drawn from
//! the seed.
//!
//! - codes are `9` and five digits (`900001`…): no GB/T 2260 province code
//!   starts with 9, so they never clash with a real county;
//! - names say what they are and number the units in order (`合成县0001`,
//!   `合成市0002`, `合成区0003`);
//! - kinds follow China's county-level units: about half 县, one in seven
//!   县级市, the rest 区 (half of them former counties, with the county's
//!   name as a former name);
//! - populations (the 2020 census column) are log-normal around a median of
//!   about 400,000 people, inside 20,000…2,000,000.
//!
//! Only the registry text is made here; the samples are drawn from the
//! framework that loads it, like any other.

use super::{FIXED, Rng};
use crate::code::UnitCode;

/// The most units a synthetic registry can have (five digits after the `9`).
pub const MAX_UNITS: usize = 99_999;

/// The census year the populations are given for.
const CENSUS: i32 = 2020;

/// Smallest and largest population drawn.
const POPULATION: (f64, f64) = (20_000.0, 2_000_000.0);

/// One synthetic unit, as written to `units.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntheticUnit {
    pub code: UnitCode,
    pub name: String,
    pub name_en: String,
    /// 县, 县级市 or 区.
    pub kind: &'static str,
    pub former_name: Option<String>,
    pub peer_group: &'static str,
    pub population: i64,
}

/// `n` units (at most [`MAX_UNITS`]), the same for the same seed.
pub fn units(n: usize, seed: u64) -> Vec<SyntheticUnit> {
    let width = n.to_string().len().max(4);
    (1..=n.min(MAX_UNITS))
        .map(|i| {
            let code = format!("9{i:05}");
            let mut rng = Rng::keyed(seed, &code, "registry", FIXED);
            let number = format!("{i:0width$}");
            // (kind, name suffix, English, median population)
            let r = rng.unit();
            let (kind, suffix, english, median) = if r < 0.5 {
                ("县", "县", "County", 330_000.0)
            } else if r < 0.64 {
                ("县级市", "市", "City", 600_000.0)
            } else {
                ("区", "区", "District", 480_000.0)
            };
            let former_county = kind == "区" && rng.chance(0.5);
            let peer_group = match (kind, former_county) {
                ("区", false) => "主城区",
                ("区", true) => "外围区",
                _ => "县（市）",
            };
            SyntheticUnit {
                name: format!("合成{suffix}{number}"),
                name_en: format!("Synthetic {english} {number}"),
                kind,
                former_name: former_county.then(|| format!("合成县{number}")),
                peer_group,
                population: population(&mut rng, median),
                code: code.into(),
            }
        })
        .collect()
}

/// Log-normal around `median` (σ = 0.75 of the log), drawn again when outside [`POPULATION`].
fn population(rng: &mut Rng, median: f64) -> i64 {
    let (low, high) = POPULATION;
    let mut x = median;
    for _ in 0..100 {
        // Box–Muller: 1 − u is in (0, 1], so its logarithm is finite.
        let z =
            (-2.0 * (1.0 - rng.unit()).ln()).sqrt() * (std::f64::consts::TAU * rng.unit()).cos();
        x = median * (0.75 * z).exp();
        if (low..=high).contains(&x) {
            break;
        }
    }
    x.clamp(low, high).round() as i64
}

/// The registry as a `units.toml` file, with a header saying how it was made.
pub fn units_toml(units: &[SyntheticUnit], seed: u64) -> String {
    let mut text = format!(
        "# 参评单位：合成数据，{} 个单位（assess make-samples --units {} --seed {seed} 生成）\n\
         # code = 9 开头的 6 位代码，不与真实的行政区划代码（GB/T 2260）重复\n\
         # population = 人口数，按年份填写（抽自中位数约 40 万、介于 2 万与 200 万之间的对数正态分布）\n",
        units.len(),
        units.len()
    );
    for u in units {
        text.push_str(&format!(
            "\n[[unit]]\ncode = \"{}\"\nname = \"{}\"\nname-en = \"{}\"\n",
            u.code, u.name, u.name_en
        ));
        if let Some(former) = &u.former_name {
            text.push_str(&format!("former-names = [\"{former}\"]\n"));
        }
        text.push_str(&format!(
            "kind = \"{}\"\npeer-group = \"{}\"\npopulation = {{ {CENSUS} = {} }}\n",
            u.kind, u.peer_group, u.population
        ));
    }
    text
}

/// The default framework with `n` synthetic units, loaded from memory (for tests).
#[cfg(test)]
pub(crate) fn framework(n: usize, seed: u64) -> crate::framework::Framework {
    use crate::framework::{DEFAULT_FILES, Origin, RawFramework, check};
    let text = units_toml(&units(n, seed), seed);
    let files: Vec<(&str, &str)> = DEFAULT_FILES
        .iter()
        .map(|&(name, body)| (name, if name == "units.toml" { &text } else { body }))
        .collect();
    let raw = RawFramework::read(&Origin::Embedded {
        prefix: "<synthetic>/",
        files: &files,
    })
    .expect("the files are there");
    check::check(&raw).expect("the synthetic registry loads")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_never_real() {
        let units = units(1_200, 7);
        let codes: std::collections::BTreeSet<&str> =
            units.iter().map(|u| u.code.as_str()).collect();
        assert_eq!(codes.len(), 1_200);
        assert!(
            units
                .iter()
                .all(|u| u.code.len() == 6 && u.code.starts_with('9'))
        );
        assert_eq!(units[0].code, "900001");
        assert_eq!(units[1_199].code, "901200");
        assert!(units[0].name.ends_with("0001"));
    }

    #[test]
    fn populations_are_realistic() {
        let units = units(2_000, 7);
        let mut people: Vec<i64> = units.iter().map(|u| u.population).collect();
        people.sort_unstable();
        assert!(people.iter().all(|p| (20_000..=2_000_000).contains(p)));
        // a median near 400,000; a few units above a million
        let median = people[people.len() / 2];
        assert!((330_000..=480_000).contains(&median), "{median}");
        let millions = people.iter().filter(|p| **p > 1_000_000).count();
        assert!((20..=300).contains(&millions), "{millions}");
    }

    #[test]
    fn the_registry_loads_as_a_framework() {
        let fw = framework(30, 7);
        assert_eq!(fw.units.len(), 30);
        assert_eq!(
            fw.units[0].population_for(2023),
            Some(units(30, 7)[0].population)
        );
    }
}
