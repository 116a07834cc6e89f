//! The measures of change the trend workbook shows: growth, compound annual
//! growth, movers, city-wide values, the years stacked into the long table.
//! Numbers only: the years are gathered and assessed by `assessment::years`.

use std::collections::BTreeMap;

use crate::framework::{Framework, Indicator};
use crate::score::{NodeKind, Scored};

/// Relative growth from `before` to `after` (0.1 = +10 %); `None` when `before` is not positive.
pub fn growth(before: f64, after: f64) -> Option<f64> {
    (before > 0.0).then(|| after / before - 1.0)
}

/// Compound annual growth rate from `first` to `last` over `years` years:
/// `(last / first)^(1 / years) − 1`; `None` unless both are positive and `years` ≥ 1.
pub fn cagr(first: f64, last: f64, years: i32) -> Option<f64> {
    (first > 0.0 && last > 0.0 && years >= 1)
        .then(|| (last / first).powf(1.0 / f64::from(years)) - 1.0)
}

/// Whether a field was collected in a year: some unit has a value for it.
pub fn collected(scored: &Scored, field: &str) -> bool {
    scored
        .node(field)
        .filter(|n| n.kind == NodeKind::Field)
        .is_some_and(|n| n.value.iter().any(Option::is_some))
}

/// Whether an indicator could be computed in a year: some unit has a value
/// for it (the 五有 rate B4 is computed from the organisation lists, not from
/// a reported field), or every field it needs was collected.
pub fn indicator_collected(scored: &Scored, ind: &Indicator) -> bool {
    scored
        .node(&ind.code)
        .filter(|n| n.kind == NodeKind::Indicator)
        .is_some_and(|n| n.value.iter().any(Option::is_some))
        || ind
            .value
            .fields
            .iter()
            .chain(ind.value.divide_by.as_ref())
            .all(|f| collected(scored, f))
}

/// The city-wide value of an indicator in a year: for a count or amount the
/// sum over units (per `per_people` of the city's population where the
/// indicator is per capita), for a ratio the sum of numerators over the sum
/// of denominators, otherwise the mean of the units' values.
pub fn city_value(fw: &Framework, scored: &Scored, ind: &Indicator, year: i32) -> Option<f64> {
    let sum = |code: &str| -> Option<f64> {
        let node = scored.node(code).filter(|n| n.kind == NodeKind::Field)?;
        let values: Vec<f64> = node.value.iter().flatten().copied().collect();
        (!values.is_empty()).then(|| values.iter().sum())
    };
    let fields = &ind.value.fields;
    let summable = fields.len() == 1
        && fw.field(&fields[0]).is_some_and(|f| {
            matches!(
                f.kind,
                crate::framework::FieldType::Integer | crate::framework::FieldType::Decimal
            )
        });
    if summable {
        let numerator = sum(&fields[0])?;
        if let Some(d) = &ind.value.divide_by {
            let denominator = sum(d)?;
            return (denominator > 0.0).then(|| numerator / denominator);
        }
        if let Some(per) = ind.value.per_people {
            #[allow(clippy::cast_precision_loss)] // populations
            let people: f64 = scored
                .units
                .iter()
                .filter_map(|u| fw.unit(u).and_then(|u| u.population_for(year)))
                .map(|p| p as f64)
                .sum();
            return (people > 0.0).then(|| numerator / people * per);
        }
        return Some(numerator);
    }
    let node = scored.node(&ind.code)?;
    let values: Vec<f64> = node.value.iter().flatten().copied().collect();
    #[allow(clippy::cast_precision_loss)] // a handful of units
    let n = values.len() as f64;
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / n)
}

/// The city total of a field in a year (the sum over the units that report it).
pub fn field_total(scored: &Scored, field: &str) -> Option<f64> {
    let node = scored.node(field).filter(|n| n.kind == NodeKind::Field)?;
    let values: Vec<f64> = node.value.iter().flatten().copied().collect();
    (!values.is_empty()).then(|| values.iter().sum())
}

/// The units whose value changed most between two years, largest rise first:
/// `(unit code, change)` for units with a value in both.
pub fn movers(changes: &BTreeMap<String, f64>) -> Vec<(String, f64)> {
    let mut out: Vec<(String, f64)> = changes.iter().map(|(u, c)| (u.clone(), *c)).collect();
    // largest rise first; equal changes by unit code (stable on the BTreeMap order)
    out.sort_by(|a, b| b.1.total_cmp(&a.1));
    out
}

#[cfg(test)]
mod tests {
    use super::{cagr, city_value, collected, field_total, growth, indicator_collected, movers};
    use crate::score::{NodeKind, NodeScores, Scored};
    use std::collections::BTreeMap;

    fn field(code: &str, values: &[Option<f64>]) -> NodeScores {
        NodeScores {
            code: code.into(),
            name: code.into(),
            kind: NodeKind::Field,
            value: values.to_vec(),
            score: vec![None; values.len()],
            max: None,
            rank: vec![None; values.len()],
            flags: vec![Vec::new(); values.len()],
        }
    }

    #[test]
    fn a_field_nobody_reported_is_not_collected_and_city_values_follow_the_indicator() {
        let fw = crate::framework::load(None).expect("default framework");
        // 正定县 549,321 and 无极县 451,377 people (2020 census, used from 2021)
        let scored = Scored {
            units: vec!["130123".into(), "130130".into()],
            nodes: vec![
                field("volunteers", &[Some(900.0), Some(1100.0)]),
                field("towns_with_rc", &[Some(9.0), Some(12.0)]),
                field("towns_total", &[Some(10.0), Some(15.0)]),
                field("certified_trained", &[None, None]),
            ],
            ..Scored::default()
        };
        assert!(collected(&scored, "volunteers"));
        assert!(!collected(&scored, "certified_trained"));
        assert!(!collected(&scored, "no_such_field"));
        let ind = |code: &str| {
            fw.indicators
                .iter()
                .find(|i| i.code == code)
                .expect("indicator")
        };
        // D1 needs certified_trained, which nobody reported: not collected (never zero)
        assert!(!indicator_collected(&scored, ind("D1")));
        assert!(indicator_collected(&scored, ind("B1")));
        // B1 建会率 city-wide: (9 + 12) ÷ (10 + 15) = 84 %
        assert!((city_value(&fw, &scored, ind("B1"), 2023).unwrap() - 0.84).abs() < 1e-12);
        // B6 volunteers per 10,000 people: 2,000 ÷ 1,000,698 × 10,000 = 19.986…
        let per = 2000.0 / (549_321.0 + 451_377.0) * 10_000.0;
        assert!((city_value(&fw, &scored, ind("B6"), 2023).unwrap() - per).abs() < 1e-9);
        assert_eq!(field_total(&scored, "volunteers"), Some(2000.0));
        assert_eq!(field_total(&scored, "certified_trained"), None);
    }

    #[test]
    fn growth_and_compound_growth_by_hand() {
        // 1,543 → 1,697.3: +10 %
        assert!((growth(1543.0, 1697.3).unwrap() - 0.1).abs() < 1e-12);
        assert_eq!(growth(0.0, 5.0), None);
        // 100 → 121 over two years: √1.21 − 1 = 10 % a year
        assert!((cagr(100.0, 121.0, 2).unwrap() - 0.1).abs() < 1e-12);
        // 200 → 100 over one year: −50 %
        assert!((cagr(200.0, 100.0, 1).unwrap() + 0.5).abs() < 1e-12);
        assert_eq!(cagr(0.0, 100.0, 2), None);
        assert_eq!(cagr(100.0, 121.0, 0), None);
    }

    #[test]
    fn movers_put_the_largest_rise_first_and_ties_by_code() {
        let changes: BTreeMap<String, f64> = [
            ("130123", -2.0),
            ("130102", 3.5),
            ("130104", 3.5),
            ("130105", 0.0),
        ]
        .into_iter()
        .map(|(u, c)| (u.to_string(), c))
        .collect();
        let order: Vec<String> = movers(&changes).into_iter().map(|(u, _)| u).collect();
        assert_eq!(order, ["130102", "130104", "130105", "130123"]);
    }
}

/// How many of a unit's standards are met: for each top dimension (in the
/// framework's order) and overall, the share of its indicators scored at
/// their full points (OCAC's "% of attributes met"). An indicator without
/// a bound (weighted-mean) or without a score for the unit is not counted.
#[derive(Debug, Clone, PartialEq)]
pub struct Met {
    pub dimensions: Vec<Option<f64>>,
    pub overall: Option<f64>,
}

/// [`Met`] for every unit of `scored`, in its order.
pub fn standards_met(fw: &Framework, scored: &Scored) -> Vec<Met> {
    let tops: Vec<&str> = fw.top_dimensions().map(|d| d.code.as_str()).collect();
    (0..scored.units.len())
        .map(|u| {
            // (met, counted) per top dimension
            let mut counts = vec![(0u32, 0u32); tops.len()];
            for ind in &fw.indicators {
                let Some(node) = scored
                    .node(&ind.code)
                    .filter(|n| n.kind == NodeKind::Indicator)
                else {
                    continue;
                };
                let (Some(max), Some(Some(score))) = (node.max, node.score.get(u)) else {
                    continue;
                };
                let top = fw.top_dimension_of(&ind.dimension);
                let Some(k) = tops.iter().position(|t| *t == top) else {
                    continue;
                };
                if max > 0.0 {
                    counts[k].1 += 1;
                    // points are exact hundredths: full marks within half of one
                    if *score >= max - 0.005 {
                        counts[k].0 += 1;
                    }
                }
            }
            let share = |(met, n): (u32, u32)| (n > 0).then(|| f64::from(met) / f64::from(n));
            let all = counts.iter().fold((0, 0), |(m, n), (a, b)| (m + a, n + b));
            Met {
                dimensions: counts.iter().map(|c| share(*c)).collect(),
                overall: share(all),
            }
        })
        .collect()
}
