//! The value of every field of a unit in a year, and how it becomes a cell
//! entry of the field's type, inside the field's range.

use std::collections::BTreeMap;

use crate::framework::{Field, FieldType};
use crate::submission::Entry;

use super::ANCHOR_YEAR;
use super::profile::Profile;
use super::register::Kind;
use super::whole_city::{City, FIXED_YEAR, Value};

impl City<'_> {
    /// Every known field's value for unit `index` in `year`, county and city alike.
    pub(super) fn values(&self, index: usize, year: i32) -> BTreeMap<&'static str, Value> {
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
    pub(super) fn aeds(&self, p: &Profile, year: i32) -> f64 {
        let urban = if p.urban { 1.4 } else { 0.85 };
        let draw = self.rng(p, "aed_count", FIXED_YEAR).range(0.7, 1.3);
        let base = p.per_10k(ANCHOR_YEAR) * 0.42 * p.factor('D', ANCHOR_YEAR) * urban * draw;
        let growth = (0.12 + p.trend).clamp(0.02, 0.25);
        (base * (1.0 + growth).powi(year - ANCHOR_YEAR))
            .round()
            .max(1.0)
    }

    /// A value for a field this generator does not know (a custom framework).
    pub(super) fn generic(&self, p: &Profile, field: &Field, year: i32) -> Value {
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
}

pub(super) fn yes_no(yes: bool) -> &'static str {
    if yes { "是" } else { "否" }
}

pub(super) fn round_to(x: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (x * scale).round() / scale
}

/// A number without trailing zeros (`12.5`, `3`).
pub(super) fn plain(x: f64) -> String {
    let text = format!("{x:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The value as the field's type wants it, inside the field's range.
pub(super) fn entry(field: &Field, value: &Value) -> Entry {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::Source;
    use crate::samples::generate;
    use crate::samples::tests::{default_framework, number};
    use std::collections::BTreeSet;

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
            let keys: Vec<&str> = f.values.keys().map(|k| k.as_str()).collect();
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
}
