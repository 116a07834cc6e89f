//! `points` mode: each indicator earns a share of its points; a unit's score
//! depends on its own data only, so a county can re-compute it by hand.
//!
//! Rounding is exact and stated: each indicator's points are rounded half-up
//! to two decimals on the decimal digits of `points × share` (see
//! [`half_up_hundredths`]), held as integer hundredths; dimension subtotals
//! and the total are sums of those, so the printed items add up to the
//! printed total. Missing values count as zero.

use std::collections::{BTreeMap, BTreeSet};

use super::rank::{competition, competition_by};
use super::{Flag, NodeKind, NodeScores, Scored, Table};
use crate::code::UnitCode;
use crate::framework::{
    Counts, Direction, Framework, Grade, Indicator, Method, Node, NotSubmitted, Points, Target,
    VetoEffect, find_item,
};

/// The city's decisions a run applies (in this issue: bonus claims as claimed,
/// deductions and vetoes as given).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Adjustments {
    /// (unit code, bonus item code) → count.
    pub bonus: BTreeMap<(UnitCode, String), f64>,
    /// (unit code, deduction item code) → count (occurrences or days late).
    pub deductions: BTreeMap<(UnitCode, String), f64>,
    /// (unit code, veto item code).
    pub vetoes: BTreeSet<(UnitCode, String)>,
    /// Units without a submission whose 状态 the city recorded in 收件登记.
    pub absent: BTreeMap<UnitCode, Absent>,
}

/// A unit that sent nothing, as the city recorded it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Absent {
    /// 未报送: ranked at zero or listed unranked with the lowest grade, as the
    /// framework's `not-submitted` says; flagged `not-submitted`.
    NotSubmitted,
    /// 免报: left out of the ranking, no grade; flagged `exempt`.
    Exempt,
}

/// `x` rounded half-up to hundredths, on its decimal digits: `89.995` → 9000
/// (a binary float holds 89.995 as 89.99499…; the digits are read at nine
/// decimals first, which removes that noise, then rounded half-up).
pub fn half_up_hundredths(x: f64) -> i64 {
    let negative = x < 0.0;
    let text = format!("{:.9}", x.abs());
    let (whole, frac) = text.split_once('.').unwrap_or((&text, "0"));
    let whole: i64 = whole.parse().unwrap_or(0);
    let digits: Vec<i64> = frac.bytes().map(|b| i64::from(b - b'0')).collect();
    let d = |i: usize| digits.get(i).copied().unwrap_or(0);
    let hundredths = whole * 100 + d(0) * 10 + d(1) + i64::from(d(2) >= 5);
    if negative { -hundredths } else { hundredths }
}

/// The derived value of an indicator for one unit: fields added, divided,
/// per people. `None` when an input is missing or a divisor is zero.
pub fn derived_value(
    ind: &Indicator,
    get: &dyn Fn(&str) -> Option<f64>,
    population: Option<f64>,
) -> Option<f64> {
    if matches!(ind.method, Method::Checklist) {
        let n = ind.value.fields.len();
        let yes = ind
            .value
            .fields
            .iter()
            .filter(|f| get(f).is_some_and(|v| v > 0.5))
            .count();
        #[allow(clippy::cast_precision_loss)] // a handful of items
        return (n > 0).then(|| yes as f64 / n as f64);
    }
    let mut value = 0.0;
    for field in &ind.value.fields {
        value += get(field)?;
    }
    if let Some(d) = &ind.value.divide_by {
        let d = get(d)?;
        if d == 0.0 {
            return None;
        }
        value /= d;
    }
    if let Some(per) = ind.value.per_people {
        let pop = population.filter(|p| *p > 0.0)?;
        value = value / pop * per;
    }
    Some(value)
}

/// The target of a target-ratio indicator for a unit, in the value's terms.
pub fn target_value(target: Target, population: Option<f64>) -> Option<f64> {
    match target {
        Target::Fixed(t) => Some(t),
        Target::PerPeople { rate, per } => population.map(|p| rate * p / per),
    }
}

/// The share (0…1) of an indicator's points earned at `value`.
pub fn share(ind: &Indicator, value: f64, population: Option<f64>) -> f64 {
    let share = match &ind.method {
        Method::TargetRatio { target, cap } => {
            let Some(t) = target_value(*target, population) else {
                return 0.0;
            };
            let ratio = match ind.direction {
                Direction::Higher => value / t,
                Direction::Lower if value <= 0.0 => *cap,
                Direction::Lower => t / value,
            };
            ratio.min(*cap)
        }
        Method::Tiers { tiers } => tiers
            .iter()
            .filter(|t| match ind.direction {
                Direction::Higher => value >= t.threshold,
                Direction::Lower => value <= t.threshold,
            })
            .map(|t| t.share)
            .fold(0.0, f64::max),
        Method::Checklist => value,
        Method::Goalposts { low, high } => {
            let s = (value - low) / (high - low);
            match ind.direction {
                Direction::Higher => s,
                Direction::Lower => 1.0 - s,
            }
        }
        // deductions are computed in hundredths by the caller; relative methods are refused in points mode
        _ => 0.0,
    };
    if share.is_finite() {
        share.clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// Points earned (hundredths) by one indicator at `value`.
pub fn earned(ind: &Indicator, value: Option<f64>, population: Option<f64>) -> i64 {
    let points = ind.points.unwrap_or_default().0;
    if let Method::Deduction { per_occurrence } = &ind.method {
        // missing counts as zero occurrences
        let n = value.unwrap_or(0.0).max(0.0);
        let taken = half_up_hundredths(n * per_occurrence.as_f64());
        return (points - taken).max(0);
    }
    let Some(value) = value else { return 0 };
    half_up_hundredths(points as f64 / 100.0 * share(ind, value, population))
}

fn to_f64(hundredths: i64) -> f64 {
    #[allow(clippy::cast_precision_loss)] // points are far below 2^53 hundredths
    let v = hundredths as f64 / 100.0;
    v
}

/// Scores every unit of the table for `year`.
#[allow(clippy::too_many_lines)] // one pass: indicators, groups, adjustments, total, grades
pub fn score(fw: &Framework, table: &Table, adjustments: &Adjustments, year: i32) -> Scored {
    let units = table.unit_codes();
    let n = units.len();
    let columns = &table.columns.fields;
    #[allow(clippy::cast_precision_loss)] // populations
    let population: Vec<Option<f64>> = units
        .iter()
        .map(|u| {
            fw.unit(u)
                .and_then(|u| u.population_for(year))
                .map(|p| p as f64)
        })
        .collect();
    let (columns_ref, population_ref) = (columns, &population);
    let get = move |i: usize| {
        move |field: &str| -> Option<f64> {
            if field == "population" {
                return population_ref[i];
            }
            columns_ref.get(field).and_then(|c| c[i])
        }
    };
    let mut nodes = Vec::new();

    // fields as read
    for field in &fw.fields {
        let Some(values) = columns.get(field.code.as_str()) else {
            continue;
        };
        let flags = (0..n)
            .map(|i| {
                let mut f = table
                    .flags
                    .get(&(units[i].clone(), field.code.clone()))
                    .cloned()
                    .unwrap_or_default();
                if values[i].is_none() {
                    f.push(Flag::Missing);
                }
                f
            })
            .collect();
        nodes.push(NodeScores {
            code: field.code.to_string(),
            name: field.name.clone(),
            kind: NodeKind::Field,
            value: values.clone(),
            score: vec![None; n],
            max: None,
            rank: vec![None; n],
            flags,
        });
    }

    // indicators
    let mut earned_by: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for ind in &fw.indicators {
        let mut value = Vec::with_capacity(n);
        let mut points = Vec::with_capacity(n);
        let mut flags = Vec::with_capacity(n);
        for i in 0..n {
            let v = derived_value(ind, &get(i), population[i]);
            let e = earned(ind, v, population[i]);
            let mut f: Vec<Flag> = Vec::new();
            if v.is_none() {
                f.push(Flag::Missing);
            }
            for field in ind.value.fields.iter().chain(ind.value.divide_by.iter()) {
                if let Some(extra) = table.flags.get(&(units[i].clone(), field.clone())) {
                    for x in extra {
                        if !f.contains(x) {
                            f.push(*x);
                        }
                    }
                }
            }
            value.push(v);
            points.push(e);
            flags.push(f);
        }
        let score: Vec<Option<f64>> = points.iter().map(|p| Some(to_f64(*p))).collect();
        nodes.push(NodeScores {
            code: ind.code.to_string(),
            name: ind.name.clone(),
            kind: NodeKind::Indicator,
            value,
            rank: competition(&score),
            score,
            max: ind.points.map(Points::as_f64),
            flags,
        });
        earned_by.insert(ind.code.to_string(), points);
    }

    // dimensions, inner before outer: a dimension's points are the sum of its children's
    fn subtotal(
        fw: &Framework,
        code: &str,
        earned_by: &mut BTreeMap<String, Vec<i64>>,
        n: usize,
    ) -> Vec<i64> {
        if let Some(v) = earned_by.get(code) {
            return v.clone();
        }
        let mut sum = vec![0i64; n];
        for child in fw.children(code) {
            let code = match child {
                Node::Dimension(d) => d.code.as_str(),
                Node::Indicator(i) => i.code.as_str(),
            };
            let values = subtotal(fw, code, earned_by, n);
            for (s, v) in sum.iter_mut().zip(values) {
                *s += v;
            }
        }
        earned_by.insert(code.to_string(), sum.clone());
        sum
    }
    let mut base = vec![0i64; n];
    for top in fw.top_dimensions() {
        let values = subtotal(fw, &top.code, &mut earned_by, n);
        for (b, v) in base.iter_mut().zip(&values) {
            *b += v;
        }
    }
    for dim in &fw.dimensions {
        let values = earned_by
            .get(&dim.code)
            .cloned()
            .unwrap_or_else(|| vec![0; n]);
        let score: Vec<Option<f64>> = values.iter().map(|p| Some(to_f64(*p))).collect();
        nodes.push(NodeScores {
            code: dim.code.clone(),
            name: dim.name.clone(),
            kind: NodeKind::Group,
            value: vec![None; n],
            rank: competition(&score),
            score,
            max: dim.points.map(Points::as_f64),
            flags: vec![Vec::new(); n],
        });
    }

    // bonus: per item capped, then the total capped
    let mut bonus_total = vec![0i64; n];
    for b in &fw.bonus {
        let counts: Vec<Option<f64>> = units
            .iter()
            .map(|u| adjustments.bonus.get(&(u.clone(), b.code.clone())).copied())
            .collect();
        let points: Vec<i64> = counts
            .iter()
            .map(|c| {
                let raw = half_up_hundredths(c.unwrap_or(0.0).max(0.0) * b.points.as_f64());
                b.max.map_or(raw, |m| raw.min(m.0))
            })
            .collect();
        for (t, p) in bonus_total.iter_mut().zip(&points) {
            *t += p;
        }
        nodes.push(NodeScores {
            code: b.code.clone(),
            name: b.name.clone(),
            kind: NodeKind::Bonus,
            value: counts,
            score: points.iter().map(|p| Some(to_f64(*p))).collect(),
            max: b.max.map(Points::as_f64),
            rank: vec![None; n],
            flags: vec![Vec::new(); n],
        });
    }
    if let Some(cap) = fw.bonus_cap {
        for t in &mut bonus_total {
            *t = (*t).min(cap.0);
        }
    }
    let mut deduction_total = vec![0i64; n];
    for d in &fw.deductions {
        let counts: Vec<Option<f64>> = units
            .iter()
            .map(|u| {
                adjustments
                    .deductions
                    .get(&(u.clone(), d.code.clone()))
                    .copied()
            })
            .collect();
        let points: Vec<i64> = counts
            .iter()
            .map(|c| {
                let raw = half_up_hundredths(c.unwrap_or(0.0).max(0.0) * d.points.as_f64());
                d.max.map_or(raw, |m| raw.min(m.0))
            })
            .collect();
        for (t, p) in deduction_total.iter_mut().zip(&points) {
            *t += p;
        }
        let mut flags = vec![Vec::new(); n];
        if d.counts == Counts::DaysLate {
            for (f, c) in flags.iter_mut().zip(&counts) {
                if c.is_some() {
                    f.push(Flag::DaysLate);
                }
            }
        }
        nodes.push(NodeScores {
            code: d.code.clone(),
            name: d.name.clone(),
            kind: NodeKind::Deduction,
            value: counts,
            score: points
                .iter()
                .map(|p| Some(if *p == 0 { 0.0 } else { -to_f64(*p) }))
                .collect(),
            max: d.max.map(Points::as_f64),
            rank: vec![None; n],
            flags,
        });
    }
    let mut vetoed: Vec<Option<VetoEffect>> = vec![None; n];
    for v in &fw.vetoes {
        let hit: Vec<bool> = units
            .iter()
            .map(|u| adjustments.vetoes.contains(&(u.clone(), v.code.clone())))
            .collect();
        for (slot, h) in vetoed.iter_mut().zip(&hit) {
            if *h {
                *slot = Some(match (*slot, v.effect) {
                    (Some(VetoEffect::Fail), _) | (_, VetoEffect::Fail) => VetoEffect::Fail,
                    _ => VetoEffect::BarTopGrade,
                });
            }
        }
        nodes.push(NodeScores {
            code: v.code.clone(),
            name: v.name.clone(),
            kind: NodeKind::Veto,
            value: hit
                .iter()
                .map(|h| Some(if *h { 1.0 } else { 0.0 }))
                .collect(),
            score: vec![None; n],
            max: None,
            rank: vec![None; n],
            flags: hit
                .iter()
                .map(|h| if *h { vec![Flag::Veto] } else { Vec::new() })
                .collect(),
        });
    }

    // the total: base + bonus − deductions, not below zero (zero for a unit
    // recorded as 未报送 where the framework ranks such units at zero)
    let absent: Vec<Option<Absent>> = units
        .iter()
        .map(|u| adjustments.absent.get(u).copied())
        .collect();
    let zeroed = |i: usize| {
        absent[i] == Some(Absent::NotSubmitted) && fw.not_submitted == NotSubmitted::Zero
    };
    let total: Vec<i64> = (0..n)
        .map(|i| {
            if zeroed(i) {
                0
            } else {
                (base[i] + bonus_total[i] - deduction_total[i]).max(0)
            }
        })
        .collect();
    nodes.push(NodeScores {
        code: "total".into(),
        name: "总分".into(),
        kind: NodeKind::Total,
        value: base.iter().map(|b| Some(to_f64(*b))).collect(),
        score: total.iter().map(|t| Some(to_f64(*t))).collect(),
        max: fw
            .total
            .map(|t| t.as_f64() + fw.bonus_cap.map_or(0.0, Points::as_f64)),
        rank: vec![None; n],
        flags: vetoed
            .iter()
            .zip(&absent)
            .map(|(v, a)| {
                let mut flags = Vec::new();
                if v.is_some() {
                    flags.push(Flag::Veto);
                }
                match a {
                    Some(Absent::NotSubmitted) => flags.push(Flag::NotSubmitted),
                    Some(Absent::Exempt) => flags.push(Flag::Exempt),
                    None => {}
                }
                flags
            })
            .collect(),
    });
    let mut scored = Scored {
        units,
        unscored: Vec::new(),
        nodes,
        grades: vec![None; n],
    };
    rank_and_grade(fw, &mut scored);
    scored
}

/// The total's ranks and the grades, from the scored nodes: what depends on
/// all units together. Every unit's points depend on its own data only, so a
/// scoring in which one unit's nodes were replaced (the closing summary's
/// what-if, `summary::what_if`) is finished by this alone.
///
/// Units flagged `exempt`, and `not-submitted` ones unless the framework
/// ranks them at zero, are left out of the ranks and of the grade quotas;
/// a `not-submitted` unit left out gets the lowest grade.
pub fn rank_and_grade(fw: &Framework, scored: &mut Scored) {
    let n = scored.units.len();
    let hundredths = |x: Option<f64>| {
        #[allow(clippy::cast_possible_truncation)] // exact hundredths of points
        let h = (x.unwrap_or(0.0) * 100.0).round() as i64;
        h
    };
    let Some(total_node) = scored.nodes.iter().find(|n| n.kind == NodeKind::Total) else {
        return;
    };
    let flagged = |i: usize, flag: Flag| total_node.flags[i].contains(&flag);
    let ranked: Vec<bool> = (0..n)
        .map(|i| {
            !flagged(i, Flag::Exempt)
                && (!flagged(i, Flag::NotSubmitted) || fw.not_submitted == NotSubmitted::Zero)
        })
        .collect();
    let total: Vec<i64> = total_node.score.iter().map(|s| hundredths(*s)).collect();
    let mut deduction_total = vec![0i64; n];
    let mut vetoed: Vec<Option<VetoEffect>> = vec![None; n];
    for node in &scored.nodes {
        match node.kind {
            NodeKind::Deduction => {
                for (t, s) in deduction_total.iter_mut().zip(&node.score) {
                    *t -= hundredths(*s);
                }
            }
            NodeKind::Veto => {
                let Some(v) = find_item(&fw.vetoes, &node.code) else {
                    continue;
                };
                for (slot, hit) in vetoed.iter_mut().zip(&node.value) {
                    if *hit == Some(1.0) {
                        *slot = Some(match (*slot, v.effect) {
                            (Some(VetoEffect::Fail), _) | (_, VetoEffect::Fail) => VetoEffect::Fail,
                            _ => VetoEffect::BarTopGrade,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    let only_ranked = |values: &[Option<f64>]| -> Vec<Option<f64>> {
        values
            .iter()
            .zip(&ranked)
            .map(|(v, r)| v.filter(|_| *r))
            .collect()
    };
    let mut keys = vec![only_ranked(&total_node.score)];
    for code in &fw.tie_break {
        if let Some(node) = scored.nodes.iter().find(|n| n.code == *code) {
            keys.push(only_ranked(&node.score));
        }
    }
    let rank = competition_by(&keys, n);
    // grades and their quotas among the ranked units only
    let among: Vec<usize> = (0..n).filter(|i| ranked[*i]).collect();
    let pick = |v: &[i64]| among.iter().map(|i| v[*i]).collect::<Vec<i64>>();
    let graded = grade(
        fw,
        &pick(&total),
        &pick(&deduction_total),
        &among.iter().map(|i| vetoed[*i]).collect::<Vec<_>>(),
    );
    let mut grades: Vec<Option<String>> = vec![None; n];
    for (i, g) in among.iter().zip(graded) {
        grades[*i] = g;
    }
    for i in 0..n {
        if flagged(i, Flag::NotSubmitted) && !ranked[i] {
            grades[i] = fw.grades.last().map(|g| g.name.clone());
        }
    }
    // the other nodes' ranks among the ranked units too
    let left_out = ranked.iter().any(|r| !r);
    for node in scored
        .nodes
        .iter_mut()
        .filter(|n| left_out && n.kind != NodeKind::Total && n.rank.iter().any(Option::is_some))
    {
        node.rank = competition(&only_ranked(&node.score));
    }
    if let Some(total_node) = scored.nodes.iter_mut().find(|n| n.kind == NodeKind::Total) {
        total_node.rank = rank;
    }
    scored.grades = grades;
}

/// Grades by the bands, their conditions and quotas. A quota (`max-share`) is
/// a hard maximum: `floor(share × units)` units at most; when units tied on
/// the total would together exceed it, all of them fall to the next grade.
pub fn grade(
    fw: &Framework,
    total: &[i64],
    deductions: &[i64],
    vetoed: &[Option<VetoEffect>],
) -> Vec<Option<String>> {
    let n = total.len();
    if fw.grades.is_empty() {
        return vec![None; n];
    }
    let last = fw.grades.len() - 1;
    // the best grade each unit qualifies for by band and conditions
    let mut level: Vec<usize> = (0..n)
        .map(|i| {
            if vetoed[i] == Some(VetoEffect::Fail) {
                return last;
            }
            fw.grades
                .iter()
                .enumerate()
                .position(|(g, grade)| qualifies(grade, g, total[i], deductions[i], vetoed[i]))
                .unwrap_or(last)
        })
        .collect();
    // quotas, best grade first: the lowest totals beyond the quota fall one grade, repeatedly
    for (g, grade) in fw.grades.iter().enumerate().take(last) {
        let Some(share) = grade.max_share else {
            continue;
        };
        #[allow(
            clippy::cast_precision_loss,
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss
        )]
        let quota = (share * n as f64 + 1e-9).floor() as usize;
        loop {
            let holders: Vec<usize> = (0..n).filter(|i| level[*i] == g).collect();
            if holders.len() <= quota {
                break;
            }
            let lowest = holders.iter().map(|i| total[*i]).min().unwrap_or(0);
            for i in holders {
                if total[i] == lowest {
                    level[i] = g + 1;
                }
            }
        }
    }
    level
        .iter()
        .map(|l| Some(fw.grades[*l].name.clone()))
        .collect()
}

fn qualifies(
    grade: &Grade,
    index: usize,
    total: i64,
    deductions: i64,
    veto: Option<VetoEffect>,
) -> bool {
    total >= grade.min_score.0
        && !(grade.requires_no_veto && veto.is_some())
        && !(index == 0 && veto == Some(VetoEffect::BarTopGrade))
        && grade.max_deductions.is_none_or(|m| deductions <= m.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::framework::{Indicator, Tier, ValueSource};

    fn indicator(method: Method, direction: Direction, points: i64) -> Indicator {
        Indicator {
            code: "T1".into(),
            name: "t".into(),
            name_en: None,
            dimension: "T".into(),
            points: Some(Points(points)),
            weight: None,
            value: ValueSource {
                fields: vec!["a".into()],
                divide_by: None,
                per_people: None,
            },
            method,
            direction,
            note: None,
        }
    }

    #[test]
    fn every_points_method_by_hand() {
        // target ratio, fixed target 8 with the default cap: 6 of 8 → 75% of 4 points = 3.00
        let t = indicator(
            Method::TargetRatio {
                target: Target::Fixed(8.0),
                cap: 1.0,
            },
            Direction::Higher,
            400,
        );
        assert_eq!(earned(&t, Some(6.0), None), 300);
        // 12 of 8 is capped at 100% → 4.00
        assert_eq!(earned(&t, Some(12.0), None), 400);
        // target per people: 2 per 10,000 × 50,000 people = 10; 7 of 10 → 70% of 4 = 2.80
        let p = indicator(
            Method::TargetRatio {
                target: Target::PerPeople {
                    rate: 2.0,
                    per: 10_000.0,
                },
                cap: 1.0,
            },
            Direction::Higher,
            400,
        );
        assert_eq!(earned(&p, Some(7.0), Some(50_000.0)), 280);
        // lower is better: target 5, actual 10 → 5 / 10 = 50% of 4 = 2.00
        let l = indicator(
            Method::TargetRatio {
                target: Target::Fixed(5.0),
                cap: 1.0,
            },
            Direction::Lower,
            400,
        );
        assert_eq!(earned(&l, Some(10.0), None), 200);
        // tiers ≥1 → 0.4, ≥2 → 0.7, ≥3 → 1: 2.5 reaches the second tier → 0.7 × 3 = 2.10; 0.5 → 0
        let tiers = vec![
            Tier {
                threshold: 1.0,
                share: 0.4,
            },
            Tier {
                threshold: 2.0,
                share: 0.7,
            },
            Tier {
                threshold: 3.0,
                share: 1.0,
            },
        ];
        let r = indicator(Method::Tiers { tiers }, Direction::Higher, 300);
        assert_eq!(earned(&r, Some(2.5), None), 210);
        assert_eq!(earned(&r, Some(0.5), None), 0);
        // checklist: the value is the share answered yes, 2 of 3 → 4 × 2/3 = 2.666… → 2.67
        let c = indicator(Method::Checklist, Direction::Higher, 400);
        assert_eq!(earned(&c, Some(2.0 / 3.0), None), 267);
        // deduction: 2 points less 0.5 per occurrence; 3 → 0.50; 5 → 0 (not below zero); missing → 2.00
        let d = indicator(
            Method::Deduction {
                per_occurrence: Points(50),
            },
            Direction::Higher,
            200,
        );
        assert_eq!(earned(&d, Some(3.0), None), 50);
        assert_eq!(earned(&d, Some(5.0), None), 0);
        assert_eq!(earned(&d, None, None), 200);
        // goalposts 20 … 60: 50 → (50 − 20) / 40 = 75% of 2 = 1.50; 70 is truncated to 100%
        let g = indicator(
            Method::Goalposts {
                low: 20.0,
                high: 60.0,
            },
            Direction::Higher,
            200,
        );
        assert_eq!(earned(&g, Some(50.0), None), 150);
        assert_eq!(earned(&g, Some(70.0), None), 200);
        // a missing value earns nothing (except deductions, above)
        assert_eq!(earned(&t, None, None), 0);
    }

    #[test]
    fn derived_values_add_divide_and_scale_by_population() {
        let mut ind = indicator(Method::Checklist, Direction::Higher, 100);
        ind.method = Method::TargetRatio {
            target: Target::Fixed(1.0),
            cap: 1.0,
        };
        ind.value.fields = vec!["a".into(), "b".into()];
        ind.value.per_people = Some(10_000.0);
        let get = |f: &str| match f {
            "a" => Some(300.0),
            "b" => Some(100.0),
            "c" => Some(0.0),
            _ => None,
        };
        // (300 + 100) per 10,000 of 200,000 people = 20
        assert_eq!(derived_value(&ind, &get, Some(200_000.0)), Some(20.0));
        // no population → no value
        assert_eq!(derived_value(&ind, &get, None), None);
        // a ratio: 300 ÷ 100 = 3; a zero divisor gives no value
        ind.value.fields = vec!["a".into()];
        ind.value.per_people = None;
        ind.value.divide_by = Some("b".into());
        assert_eq!(derived_value(&ind, &get, None), Some(3.0));
        ind.value.divide_by = Some("c".into());
        assert_eq!(derived_value(&ind, &get, None), None);
    }

    #[test]
    fn half_up_on_decimal_digits() {
        // 89.995 is stored as 89.99499999…; read as decimal it rounds up to 90.00
        assert_eq!(half_up_hundredths(89.995), 9000);
        assert_eq!(half_up_hundredths(4.096), 410);
        assert_eq!(half_up_hundredths(4.094), 409);
        assert_eq!(half_up_hundredths(2.4), 240);
        assert_eq!(half_up_hundredths(0.125), 13);
        assert_eq!(half_up_hundredths(0.0), 0);
        assert_eq!(half_up_hundredths(-1.005), -101);
    }
}
