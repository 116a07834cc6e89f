//! What makes each unit strong or weak, rising or falling: its strength,
//! trend and focus per dimension.

use crate::framework::{Framework, Unit, UnitKind};

use super::rng::Rng;
use super::{ANCHOR_YEAR, FIXED, JINGXING_KUANGQU, PAIR};

/// What makes a unit strong or weak, rising or falling.
#[derive(Debug)]
pub(super) struct Profile<'a> {
    pub(super) unit: &'a Unit,
    /// A city district without former county names: streets and communities
    /// rather than towns and villages.
    pub(super) urban: bool,
    /// A district that was a county (藁城区 was 藁城市): towns, villages, a few streets.
    pub(super) former_county: bool,
    pub(super) strength: f64,
    /// Relative change per year.
    pub(super) trend: f64,
    /// Emphasis per dimension A…I.
    focus: [f64; 9],
}

impl Profile<'_> {
    pub(super) fn code(&self) -> &str {
        &self.unit.code
    }

    pub(super) fn is_jk(&self) -> bool {
        self.unit.code == JINGXING_KUANGQU
    }

    pub(super) fn population(&self, year: i32) -> f64 {
        self.unit.population_for(year).unwrap_or(300_000) as f64
    }

    pub(super) fn per_10k(&self, year: i32) -> f64 {
        self.population(year) / 10_000.0
    }

    pub(super) fn focus(&self, dim: char) -> f64 {
        let index = (dim as usize).wrapping_sub('A' as usize);
        self.focus.get(index).copied().unwrap_or(1.0)
    }

    /// How much the unit does in dimension `dim` in `year` (1 = an average unit in 2021).
    pub(super) fn factor(&self, dim: char, year: i32) -> f64 {
        self.strength * self.focus(dim) * (1.0 + self.trend).powi(year - ANCHOR_YEAR)
    }

    /// The factor on a 0…1 scale, for probabilities.
    pub(super) fn level(&self, dim: char, year: i32) -> f64 {
        ((self.factor(dim, year) - 0.55) / 0.9).clamp(0.0, 1.0)
    }

    /// The level without the focus of a dimension.
    pub(super) fn overall(&self, year: i32) -> f64 {
        let factor = self.strength * (1.0 + self.trend).powi(year - ANCHOR_YEAR);
        ((factor - 0.55) / 0.9).clamp(0.0, 1.0)
    }
}

pub(super) fn profiles(fw: &Framework, seed: u64) -> Vec<Profile<'_>> {
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

#[cfg(test)]
mod tests {
    use crate::samples::generate;
    use crate::samples::tests::{default_framework, number};

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
}
