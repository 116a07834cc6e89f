//! `weighted-mean` mode: COINr's chain, step by step, on a units × fields table.
//!
//! 1. **Denominate**: an indicator's value is its fields added, divided by
//!    `divide-by`, per `per-people` (the same [`derived_value`] as `points`).
//! 2. **Impute** (`missing`): `group-mean` puts, in place of a missing value,
//!    the mean of that indicator over the units of the same group (the table
//!    column `impute-group`, else the units' `peer-group`) that have a value;
//!    `zero` puts 0; `skip` leaves it missing.
//! 3. **Screen** (`min-data-share`): units with a smaller share of indicators
//!    with a value are left out (`Scored::unscored`), before or after
//!    imputation (`screen`).
//! 4. **Treat outliers** (`treat-outliers`), per indicator normalised by a
//!    relative method: while |skew| ≥ `skew-limit` and kurtosis ≥
//!    `kurtosis-limit` (Excel's `SKEW` and `KURT`) and fewer than
//!    `winsorise-max` points are changed, the highest points (skew ≥ 0) or
//!    the lowest become the next value in; if that is not enough, the
//!    original column is log-transformed instead (COINr's `log_CT`).
//!    Fixed goalposts and targets are in the raw value's unit, so indicators
//!    scored by `goalposts`, `distance-to-target` or an absolute method are
//!    not treated.
//! 5. **Normalise**: direction (× −1 when lower is better), then the method,
//!    onto `normalise-range` (see [`normalise`]).
//! 6. **Aggregate** level by level, innermost first: each dimension's
//!    weighted arithmetic, geometric or harmonic mean of its children,
//!    weights rescaled within the parent; a missing child is left out and the
//!    others' weights rescaled (see [`weighted_mean`]).
//! 7. **Rank**: competition ranks (1, 2, 2, 4), highest score first.
//!
//! Every step is what COINr (v1.1) does, so that its ASEM example comes out
//! the same (`tests/test_score.rs`). Where COINr would return NaN or stop, a
//! defined value or an error is given instead; each such case is stated at
//! the function. Pure: no I/O.

use std::collections::BTreeMap;

use super::points::derived_value;
use super::rank::competition;
use super::{Flag, NodeKind, NodeScores, Scored, Table};
use crate::code::{FieldCode, UnitCode};
use crate::framework::{
    Aggregation, Blank, Composite, Framework, Method, Missing, Mode, Node, ScreenOrder,
};

/// Why a table cannot be scored by the `weighted-mean` chain.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CompositeError {
    /// The framework is in another mode.
    #[error(
        "framework `{id}` is in {mode} mode; the composite engine scores weighted-mean frameworks"
    )]
    WrongMode { id: String, mode: &'static str },
    /// The table lacks fields the indicators use (`` `a`, `b` ``).
    #[error("the table has no column for field(s) {0}")]
    NoColumns(String),
    /// `impute-group` names a column the table does not have as text.
    #[error("impute-group: the table has no text column `{0}`")]
    NoGroupColumn(String),
    /// A unit with missing values has no group to impute from.
    #[error("missing = \"group-mean\": unit `{unit}` has missing values but {source_}")]
    NoGroup { unit: String, source_: String },
    /// A mean cannot be taken of a unit's children.
    #[error(
        "dimension `{code}` takes the {aggregation} mean, but unit `{unit}` scores {value} on `{child}`: {error}"
    )]
    Mean {
        code: String,
        aggregation: &'static str,
        unit: String,
        value: f64,
        child: String,
        error: MeanError,
    },
}

type Result<T> = std::result::Result<T, CompositeError>;

mod mean;
mod normalise;
mod treat;

pub use mean::{MeanError, weighted_mean};
pub use normalise::normalise;
use normalise::normalise_indicator;
pub use treat::{Treatment, fails, treat};

/// Scores every unit of the table with the framework's `weighted-mean` chain.
#[allow(clippy::too_many_lines)] // the chain in its order, one block per step
pub fn score(fw: &Framework, table: &Table) -> Result<Scored> {
    if fw.mode != Mode::WeightedMean {
        return Err(CompositeError::WrongMode {
            id: fw.id.clone(),
            mode: fw.mode.name(),
        });
    }
    let settings = fw.composite.clone().unwrap_or_default();
    let codes = table.unit_codes();
    let n = codes.len();

    // 1. denominate: each indicator's value per unit, as reported
    let columns = field_columns(fw, table)?;
    let population = population(fw, table, &codes);
    let mut flags: Vec<Vec<Vec<Flag>>> = vec![vec![Vec::new(); n]; fw.indicators.len()];
    let raw: Vec<Vec<Option<f64>>> = fw
        .indicators
        .iter()
        .enumerate()
        .map(|(k, ind)| {
            (0..n)
                .map(|u| {
                    let get = |field: &str| columns.get(field).and_then(|c| c[u]);
                    let value = derived_value(ind, &get, population[u]).filter(|v| v.is_finite());
                    if value.is_none() {
                        flags[k][u].push(Flag::Missing);
                    }
                    for field in ind.value.fields.iter().chain(&ind.value.divide_by) {
                        for flag in table
                            .flags
                            .get(&(codes[u].clone(), field.clone()))
                            .into_iter()
                            .flatten()
                        {
                            if !flags[k][u].contains(flag) {
                                flags[k][u].push(*flag);
                            }
                        }
                    }
                    value
                })
                .collect()
        })
        .collect();

    // 2–3. impute and screen, in the framework's order
    let mut active = vec![true; n];
    let mut unscored = Vec::new();
    let mut work = raw.clone();
    let screen_before = settings
        .screen
        .filter(|s| s.order == ScreenOrder::BeforeImpute);
    let screen_after = settings
        .screen
        .filter(|s| s.order == ScreenOrder::AfterImpute);
    if let Some(s) = screen_before {
        unscored.extend(screen(&work, &mut active, &codes, s.min_share));
    }
    let groups = impute_groups(fw, &settings, table, &codes, &work, &active)?;
    for (k, column) in work.iter_mut().enumerate() {
        let filled = impute(fw.missing, column, &active, groups.as_deref());
        for u in filled {
            flags[k][u].push(Flag::Imputed);
        }
    }
    if let Some(s) = screen_after {
        unscored.extend(screen(&work, &mut active, &codes, s.min_share));
    }
    let kept: Vec<usize> = (0..n).filter(|u| active[*u]).collect();

    // 4–5. treat and normalise each indicator over the units kept
    let mut nodes = Vec::new();
    let mut scores: BTreeMap<&str, (Vec<Option<f64>>, Option<f64>)> = BTreeMap::new();
    for (k, ind) in fw.indicators.iter().enumerate() {
        let mut values: Vec<Option<f64>> = kept.iter().map(|u| work[k][*u]).collect();
        let mut unit_flags: Vec<Vec<Flag>> = kept.iter().map(|u| flags[k][*u].clone()).collect();
        if let (Some(o), true) = (settings.outliers, treatable(&ind.method)) {
            let present: Vec<usize> = (0..values.len()).filter(|i| values[*i].is_some()).collect();
            let x: Vec<f64> = present.iter().filter_map(|i| values[*i]).collect();
            let t = treat(&x, &o);
            for (j, i) in present.iter().enumerate() {
                values[*i] = Some(t.values[j]);
                if t.winsorised[j] {
                    unit_flags[*i].push(Flag::Winsorised);
                }
                if t.log {
                    unit_flags[*i].push(Flag::Log);
                }
            }
        }
        let pop: Vec<Option<f64>> = kept.iter().map(|u| population[*u]).collect();
        let (score, max) = normalise_indicator(ind, &values, &pop, settings.range);
        scores.insert(&ind.code, (score.clone(), max));
        nodes.push(NodeScores {
            code: ind.code.to_string(),
            name: ind.name.clone(),
            kind: NodeKind::Indicator,
            value: kept.iter().map(|u| raw[k][*u]).collect(),
            rank: competition(&score),
            score,
            max,
            flags: unit_flags,
        });
    }

    // 6. aggregate, innermost dimension first
    let mut order: Vec<(usize, usize)> = fw
        .dimensions
        .iter()
        .enumerate()
        .map(|(i, d)| (depth(fw, &d.code), i))
        .collect();
    order.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let tops: Vec<&str> = fw.top_dimensions().map(|d| d.code.as_str()).collect();
    for (_, i) in order {
        let d = &fw.dimensions[i];
        let children: Vec<(String, f64)> = fw
            .children(&d.code)
            .into_iter()
            .map(|c| match c {
                Node::Dimension(s) => (s.code.clone(), s.weight.unwrap_or(1.0)),
                Node::Indicator(s) => (s.code.to_string(), s.weight.unwrap_or(1.0)),
            })
            .collect();
        // a single top dimension is the index itself
        let kind = if d.parent.is_none() && tops.len() == 1 {
            NodeKind::Total
        } else {
            NodeKind::Group
        };
        let node = aggregate(
            &d.code,
            &d.name,
            kind,
            d.aggregation,
            &children,
            &scores,
            &kept,
            &codes,
        )?;
        scores.insert(&d.code, (node.score.clone(), node.max));
        nodes.push(node);
    }
    if tops.len() > 1 {
        // several top dimensions: the total is their weighted arithmetic mean
        let children: Vec<(String, f64)> = fw
            .top_dimensions()
            .map(|d| (d.code.clone(), d.weight.unwrap_or(1.0)))
            .collect();
        let node = aggregate(
            "total",
            &fw.name,
            NodeKind::Total,
            Aggregation::Arithmetic,
            &children,
            &scores,
            &kept,
            &codes,
        )?;
        nodes.push(node);
    }
    // the total last
    if let Some(at) = nodes.iter().position(|n| n.kind == NodeKind::Total) {
        let total = nodes.remove(at);
        nodes.push(total);
    }

    Ok(Scored {
        units: kept.iter().map(|u| codes[*u].clone()).collect(),
        unscored,
        nodes,
        grades: vec![None; kept.len()],
    })
}

/// The table's column of every field the indicators use; an error names those it lacks.
fn field_columns(fw: &Framework, table: &Table) -> Result<BTreeMap<FieldCode, Vec<Option<f64>>>> {
    let mut out = BTreeMap::new();
    let mut lacking = Vec::new();
    for ind in &fw.indicators {
        for field in ind.value.fields.iter().chain(&ind.value.divide_by) {
            if out.contains_key(field) || lacking.contains(field) {
                continue;
            }
            match table.column(field) {
                Some(mut column) => {
                    // a blank that means zero (`blank = "zero"`) is zero
                    if fw.field(field).is_some_and(|f| f.blank == Blank::Zero) {
                        for v in &mut column {
                            v.get_or_insert(0.0);
                        }
                    }
                    out.insert(field.clone(), column);
                }
                None => lacking.push(field.clone()),
            }
        }
    }
    if !lacking.is_empty() {
        return Err(CompositeError::NoColumns(
            lacking
                .iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(", "),
        ));
    }
    Ok(out)
}

/// Each unit's population: the table's `population` column, else the unit's
/// latest count in `[[unit]]` (the table carries no year).
fn population(fw: &Framework, table: &Table, codes: &[UnitCode]) -> Vec<Option<f64>> {
    if let Some(column) = table.column("population") {
        return column;
    }
    codes
        .iter()
        .map(|code| {
            let unit = fw.unit(code)?;
            #[allow(clippy::cast_precision_loss)] // populations are far below 2^53
            unit.population_for(fw.to_year.unwrap_or(i32::MAX))
                .map(|p| p as f64)
        })
        .collect()
}

/// Leaves out (in `active`) the units whose share of indicators with a value
/// is below `min_share`; returns them with the reason.
fn screen(
    work: &[Vec<Option<f64>>],
    active: &mut [bool],
    codes: &[UnitCode],
    min_share: f64,
) -> Vec<(UnitCode, String)> {
    let total = work.len();
    let mut out = Vec::new();
    for (u, on) in active.iter_mut().enumerate() {
        if !*on || total == 0 {
            continue;
        }
        let have = work.iter().filter(|c| c[u].is_some()).count();
        #[allow(clippy::cast_precision_loss)] // counts of indicators
        let share = have as f64 / total as f64;
        if share < min_share {
            *on = false;
            out.push((
                codes[u].clone(),
                format!(
                    "min-data-share: {have} of {total} indicators have data ({share:.3} < {min_share})"
                ),
            ));
        }
    }
    out
}

/// The group of each unit for `missing = "group-mean"`, when imputation needs it.
fn impute_groups(
    fw: &Framework,
    settings: &Composite,
    table: &Table,
    codes: &[UnitCode],
    work: &[Vec<Option<f64>>],
    active: &[bool],
) -> Result<Option<Vec<Option<String>>>> {
    if fw.missing != Missing::GroupMean {
        return Ok(None);
    }
    let groups = match &settings.impute_group {
        Some(column) => match table.group(column) {
            Some(g) => g,
            None => return Err(CompositeError::NoGroupColumn(column.clone())),
        },
        None => codes
            .iter()
            .map(|c| fw.unit(c).and_then(|u| u.peer_group.clone()))
            .collect(),
    };
    // a unit with a missing value must have a group
    for (u, group) in groups.iter().enumerate() {
        let needs = active[u] && work.iter().any(|c| c[u].is_none());
        if needs && group.as_deref().is_none_or(str::is_empty) {
            let source = settings.impute_group.as_ref().map_or_else(
                || "no `peer-group` in [[unit]]".to_string(),
                |c| format!("no value in column `{c}`"),
            );
            return Err(CompositeError::NoGroup {
                unit: codes[u].to_string(),
                source_: source,
            });
        }
    }
    Ok(Some(groups))
}

/// Fills the missing values of the active units of one indicator as
/// `missing` says; returns the units filled. Group means are taken over the
/// active units of the group that have a value (before any is filled); a
/// group without any value stays missing.
fn impute(
    missing: Missing,
    column: &mut [Option<f64>],
    active: &[bool],
    groups: Option<&[Option<String>]>,
) -> Vec<usize> {
    let holes: Vec<usize> = (0..column.len())
        .filter(|u| active[*u] && column[*u].is_none())
        .collect();
    let mut filled = Vec::new();
    match (missing, groups) {
        (Missing::Skip, _) | (Missing::GroupMean, None) => {}
        (Missing::Zero, _) => {
            for u in holes {
                column[u] = Some(0.0);
                filled.push(u);
            }
        }
        (Missing::GroupMean, Some(groups)) => {
            let mut sums: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
            for (u, value) in column.iter().enumerate() {
                if let (true, Some(v), Some(g)) = (active[u], value, groups[u].as_deref()) {
                    let entry = sums.entry(g).or_default();
                    entry.0 += v;
                    entry.1 += 1.0;
                }
            }
            for u in holes {
                let mean = groups[u]
                    .as_deref()
                    .and_then(|g| sums.get(g))
                    .map(|(sum, count)| sum / count);
                if let Some(mean) = mean {
                    column[u] = Some(mean);
                    filled.push(u);
                }
            }
        }
    }
    filled
}

/// Whether outlier treatment applies: only to indicators whose score depends
/// on the distribution alone (no goalpost or target in the raw unit).
fn treatable(method: &Method) -> bool {
    matches!(
        method,
        Method::MinMax | Method::ZScore | Method::Rank | Method::PercentileRank
    )
}

/// Depth of a dimension: 0 for a top one.
fn depth(fw: &Framework, code: &str) -> usize {
    let mut depth = 0;
    let mut at = code;
    while let Some(parent) = fw
        .dimensions
        .iter()
        .find(|d| d.code == at)
        .and_then(|d| d.parent.as_deref())
    {
        depth += 1;
        at = parent;
        if depth > fw.dimensions.len() {
            break; // a cycle (refused by the check)
        }
    }
    depth
}

/// One dimension's node: its children's scores combined per unit.
#[allow(clippy::too_many_arguments)]
fn aggregate(
    code: &str,
    name: &str,
    kind: NodeKind,
    aggregation: Aggregation,
    children: &[(String, f64)],
    scores: &BTreeMap<&str, (Vec<Option<f64>>, Option<f64>)>,
    kept: &[usize],
    codes: &[UnitCode],
) -> Result<NodeScores> {
    let mut score = Vec::with_capacity(kept.len());
    let mut flags = Vec::with_capacity(kept.len());
    for (i, u) in kept.iter().enumerate() {
        let items: Vec<(f64, Option<f64>)> = children
            .iter()
            .map(|(c, w)| (*w, scores.get(c.as_str()).and_then(|(s, _)| s[i])))
            .collect();
        let present: Vec<(f64, f64)> = items
            .iter()
            .filter_map(|(w, v)| v.map(|v| (*w, v)))
            .collect();
        let value = weighted_mean(aggregation, &present).map_err(|e| {
            let child = children
                .iter()
                .zip(&items)
                .find(|(_, (_, v))| v.is_some_and(|v| e.fails(v)))
                .map_or("", |((c, _), _)| c.as_str());
            CompositeError::Mean {
                code: code.to_string(),
                aggregation: aggregation_name(aggregation),
                unit: codes[*u].to_string(),
                value: e.value(),
                child: child.to_string(),
                error: e,
            }
        })?;
        let mut f = Vec::new();
        if value.is_none() {
            f.push(Flag::Missing);
        } else if present.len() < items.len() {
            f.push(Flag::Incomplete);
        }
        score.push(value);
        flags.push(f);
    }
    // the mean never exceeds the largest child's bound
    let max = children
        .iter()
        .map(|(c, _)| scores.get(c.as_str()).and_then(|(_, m)| *m))
        .try_fold(f64::NEG_INFINITY, |acc, m| m.map(|m| acc.max(m)))
        .filter(|m| m.is_finite());
    Ok(NodeScores {
        code: code.to_string(),
        name: name.to_string(),
        kind,
        value: vec![None; score.len()],
        rank: competition(&score),
        score,
        max,
        flags,
    })
}

fn aggregation_name(a: Aggregation) -> &'static str {
    match a {
        Aggregation::Arithmetic => "arithmetic",
        Aggregation::Geometric => "geometric",
        Aggregation::Harmonic => "harmonic",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::{Direction, OutlierFallback, Outliers};
    use crate::stats::{kurt, skew};

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    /// COINr's help example: 1…10 with two outliers, 30 and 100.
    fn outliers() -> Vec<f64> {
        let mut x: Vec<f64> = (1..=10).map(f64::from).collect();
        x.extend([30.0, 100.0]);
        x
    }

    #[test]
    fn winsorising_the_example_brings_it_within_limits() {
        // README (COINr's `Treat(x, winmax = 2)`): 100 becomes 30, the next
        // highest; then skew 1.712038, kurtosis 1.815781: it passes
        let o = Outliers {
            winsorise_max: 2,
            ..Outliers::COINR
        };
        let x = outliers();
        assert!(fails(&x, &o));
        let t = treat(&x, &o);
        assert!(!t.log);
        let mut expected: Vec<f64> = (1..=10).map(f64::from).collect();
        expected.extend([30.0, 30.0]);
        assert_eq!(t.values, expected);
        assert_eq!(t.winsorised.iter().filter(|w| **w).count(), 1);
        assert!(t.winsorised[11]);
        assert!(close(skew(&t.values).unwrap(), 1.712038, 5e-7));
        assert!(close(kurt(&t.values).unwrap(), 1.815781, 5e-7));
    }

    /// 1…20 with 100 and 200: two steps are needed.
    fn two_steps() -> Vec<f64> {
        let mut x: Vec<f64> = (1..=20).map(f64::from).collect();
        x.extend([100.0, 200.0]);
        x
    }

    #[test]
    fn tied_points_are_winsorised_together_and_counted_each() {
        // 200 → 100 (skew 2.817, kurt 7.134: fails), then both 100s → 20 (passes)
        let t = treat(&two_steps(), &Outliers::COINR);
        assert!(!t.log);
        assert_eq!(t.values[20..], [20.0, 20.0]);
        assert_eq!(t.winsorised.iter().filter(|w| **w).count(), 2);
        assert!(t.winsorised[20] && t.winsorised[21]);
        // the mirror image: negative skew, the lowest points move up
        let mirror: Vec<f64> = two_steps().iter().map(|v| -v).collect();
        let t = treat(&mirror, &Outliers::COINR);
        assert_eq!(t.values[20..], [-20.0, -20.0]);
        assert!(t.winsorised[20] && t.winsorised[21] && !t.winsorised[0]);
    }

    #[test]
    fn log_when_winsorising_is_not_enough() {
        // one point allowed: 200 → 100 still fails, so the original is logged
        let o = Outliers {
            winsorise_max: 1,
            ..Outliers::COINR
        };
        let x = two_steps();
        let t = treat(&x, &o);
        assert!(t.log);
        assert!(t.winsorised.iter().all(|w| !w));
        // ln(x − 1 + 0.01 × 199): 1 → ln 1.99, 200 → ln 200.99
        assert!(close(t.values[0], 1.99f64.ln(), 1e-15));
        assert!(close(t.values[21], 200.99f64.ln(), 1e-12));
        // without the fallback, the winsorised column is kept
        let kept = treat(
            &x,
            &Outliers {
                fallback: OutlierFallback::None,
                ..o
            },
        );
        assert!(!kept.log);
        assert_eq!(kept.values[21], 100.0);
        assert!(kept.winsorised[21] && !kept.winsorised[20]);
        // no winsorising allowed at all: straight to the log
        let none = treat(
            &outliers(),
            &Outliers {
                winsorise_max: 0,
                ..Outliers::COINR
            },
        );
        assert!(none.log);
    }

    #[test]
    fn a_column_within_limits_or_constant_is_untouched() {
        let x: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(treat(&x, &Outliers::COINR).values, x);
        let c = vec![3.0; 8];
        let t = treat(&c, &Outliers::COINR);
        assert_eq!(t.values, c);
        assert!(!t.log);
    }

    #[test]
    fn weighted_means_by_hand() {
        // arithmetic: (1·1 + 1·2 + 2·3) / 4 = 2.25
        let a = weighted_mean(
            Aggregation::Arithmetic,
            &[(1.0, 1.0), (1.0, 2.0), (2.0, 3.0)],
        );
        assert!(close(a.unwrap().unwrap(), 2.25, 1e-15));
        // README: geometric of (1, 2, 3) with weights (1, 1, 2) = (1·2·3²)^(1/4)
        let g = weighted_mean(
            Aggregation::Geometric,
            &[(1.0, 1.0), (1.0, 2.0), (2.0, 3.0)],
        );
        assert!(close(g.unwrap().unwrap(), 18f64.powf(0.25), 1e-14));
        // README: harmonic of (1, 2, 3) with weights (2, 1, 1) = 4 / (2 + 1/2 + 1/3)
        let h = weighted_mean(Aggregation::Harmonic, &[(2.0, 1.0), (1.0, 2.0), (1.0, 3.0)]);
        assert!(close(
            h.unwrap().unwrap(),
            4.0 / (2.0 + 0.5 + 1.0 / 3.0),
            1e-15
        ));
        // weights are relative: scaling them changes nothing
        let scaled = weighted_mean(
            Aggregation::Arithmetic,
            &[(10.0, 1.0), (10.0, 2.0), (20.0, 3.0)],
        );
        assert!(close(scaled.unwrap().unwrap(), 2.25, 1e-14));
        // nothing present, or only zero weights: no score
        assert_eq!(weighted_mean(Aggregation::Arithmetic, &[]), Ok(None));
        assert_eq!(
            weighted_mean(Aggregation::Arithmetic, &[(0.0, 5.0)]),
            Ok(None)
        );
    }

    #[test]
    fn geometric_and_harmonic_refuse_what_coinr_refuses() {
        assert_eq!(
            weighted_mean(Aggregation::Geometric, &[(1.0, 0.0), (1.0, 2.0)]),
            Err(MeanError::NotPositive(0.0))
        );
        assert_eq!(
            weighted_mean(Aggregation::Geometric, &[(1.0, -1.0), (1.0, 2.0)]),
            Err(MeanError::NotPositive(-1.0))
        );
        assert_eq!(
            weighted_mean(Aggregation::Harmonic, &[(1.0, 0.0), (1.0, 2.0)]),
            Err(MeanError::Zero)
        );
        // a negative value is allowed in the harmonic mean (as COINr): 2 / (1/−1 + 1/2) = −4
        let h = weighted_mean(Aggregation::Harmonic, &[(1.0, -1.0), (1.0, 2.0)]);
        assert!(close(h.unwrap().unwrap(), -4.0, 1e-15));
    }

    /// Two top dimensions (so a `total`), a goalposts indicator with weight 3,
    /// a lower-is-better one; group means by column `g`; screening first.
    const SMALL: &str = r#"[framework]
id = "s"
version = "1"
name = "小"
from-year = 2024
mode = "weighted-mean"
missing = "group-mean"
impute-group = "g"
min-data-share = 0.5

[[field]]
code = "a"
name = "a"
type = "decimal"

[[field]]
code = "b"
name = "b"
type = "decimal"

[[field]]
code = "c"
name = "c"
type = "decimal"

[[dimension]]
code = "X"
name = "X"

[[dimension]]
code = "Y"
name = "Y"

[[indicator]]
code = "X1"
name = "X1"
dimension = "X"
field = "a"

[[indicator]]
code = "X2"
name = "X2"
dimension = "X"
weight = 3
field = "b"
method = "goalposts"
low = 0
high = 10

[[indicator]]
code = "Y1"
name = "Y1"
dimension = "Y"
field = "c"
direction = "lower"
"#;

    fn small_table() -> Table {
        let units: Vec<(UnitCode, String)> = ["u1", "u2", "u3", "u4"]
            .iter()
            .map(|u| ((*u).into(), (*u).to_string()))
            .collect();
        let groups = BTreeMap::from([(
            "g".to_string(),
            ["p", "p", "q", "q"].map(String::from).to_vec(),
        )]);
        let fields = BTreeMap::from([
            ("a".to_string(), vec![Some(1.0), None, Some(3.0), Some(5.0)]),
            (
                "b".to_string(),
                vec![Some(5.0), Some(10.0), None, Some(20.0)],
            ),
            ("c".to_string(), vec![None, None, Some(2.0), Some(4.0)]),
        ]);
        Table::build(&units, &groups, &fields).expect("a table")
    }

    #[test]
    fn a_small_chain_by_hand() {
        let fw = crate::framework::from_str("s.toml", SMALL).expect("checks");
        let scored = score(&fw, &small_table()).expect("scores");
        // screened before imputation: u2 has 1 of 3 indicators (0.333 < 0.5)
        assert_eq!(scored.units, ["u1", "u3", "u4"]);
        assert_eq!(scored.unscored.len(), 1);
        assert_eq!(
            scored.unscored[0],
            (
                "u2".into(),
                "min-data-share: 1 of 3 indicators have data (0.333 < 0.5)".to_string()
            )
        );
        let node = |code: &str| scored.node(code).expect("a node");
        // X1 min-max of 1, 3, 5
        assert_eq!(node("X1").score, some(&[0.0, 50.0, 100.0]));
        // X2: u3's b is the mean of q's other unit, 20; goalposts 0–10: 50, 100 (truncated), 100
        assert_eq!(node("X2").value, vec![Some(5.0), None, Some(20.0)]);
        assert_eq!(node("X2").score, some(&[50.0, 100.0, 100.0]));
        assert_eq!(node("X2").flags[1], [Flag::Missing, Flag::Imputed]);
        // Y1: u1 has no c and p has no other unit with one (u2 is screened out)
        assert_eq!(node("Y1").score, vec![None, Some(100.0), Some(0.0)]);
        assert_eq!(node("Y1").flags[0], [Flag::Missing]);
        // X = (1 × X1 + 3 × X2) / 4: 37.5, 87.5, 100
        assert_eq!(node("X").score, some(&[37.5, 87.5, 100.0]));
        assert_eq!(node("Y").flags[0], [Flag::Missing]);
        // the total: X and Y equally; u1 has X only
        let total = scored.total().expect("a total");
        assert_eq!(total.code, "total");
        assert_eq!(total.score, some(&[37.5, 93.75, 50.0]));
        assert_eq!(total.rank, vec![Some(3), Some(1), Some(2)]);
        assert_eq!(total.flags[0], [Flag::Incomplete]);
        // inner to outer, the total last
        let order: Vec<&str> = scored.nodes.iter().map(|n| n.code.as_str()).collect();
        assert_eq!(order, ["X1", "X2", "Y1", "X", "Y", "total"]);
        assert_eq!(node("X").kind, NodeKind::Group);
        assert_eq!(node("X2").max, Some(100.0));
    }

    #[test]
    fn screening_after_imputation_keeps_whom_the_group_fills() {
        let text = SMALL.replace(
            "min-data-share = 0.5",
            "min-data-share = 0.5\nscreen = \"after-impute\"",
        );
        let fw = crate::framework::from_str("s.toml", &text).expect("checks");
        let scored = score(&fw, &small_table()).expect("scores");
        // u2's a becomes p's mean (u1's 1): 2 of 3 indicators, kept
        assert_eq!(scored.units, ["u1", "u2", "u3", "u4"]);
        assert!(scored.unscored.is_empty());
        let x1 = scored.node("X1").expect("X1");
        assert_eq!(x1.score, some(&[0.0, 0.0, 50.0, 100.0]));
    }

    #[test]
    fn geometric_mean_of_a_zero_score_is_refused_with_its_place() {
        let text = SMALL.replace(
            "code = \"X\"\nname = \"X\"",
            "code = \"X\"\nname = \"X\"\naggregation = \"geometric\"",
        );
        let fw = crate::framework::from_str("s.toml", &text).expect("checks");
        let err = score(&fw, &small_table()).expect_err("u1 scores 0 on X1");
        assert_eq!(
            err.to_string(),
            "dimension `X` takes the geometric mean, but unit `u1` scores 0 on `X1`: the geometric mean needs scores above 0; normalise onto a range above 0, e.g. normalise-range = [1, 100], or use another aggregation"
        );
        // onto [1, 100] it works: X1 1, 50.5, 100; X2 50.5, 100, 100 → (1 × 50.5³)^(1/4)
        let text = text.replace(
            "min-data-share = 0.5",
            "min-data-share = 0.5\nnormalise-range = [1, 100]",
        );
        let fw = crate::framework::from_str("s.toml", &text).expect("checks");
        let scored = score(&fw, &small_table()).expect("scores");
        let x = scored.node("X").expect("X").score[0].expect("a score");
        assert!(close(x, 50.5f64.powi(3).powf(0.25), 1e-12), "{x}");
    }

    const R: (f64, f64) = (0.0, 100.0);

    fn some(x: &[f64]) -> Vec<Option<f64>> {
        x.iter().copied().map(Some).collect()
    }

    #[test]
    fn min_max_with_direction_and_a_missing_value() {
        // 2, 4, –, 10 → 0, 25, –, 100; lower is better → 100, 75, –, 0
        let x = vec![Some(2.0), Some(4.0), None, Some(10.0)];
        let up = normalise(&Method::MinMax, Direction::Higher, &x, R);
        assert_eq!(up, vec![Some(0.0), Some(25.0), None, Some(100.0)]);
        let down = normalise(&Method::MinMax, Direction::Lower, &x, R);
        assert_eq!(down, vec![Some(100.0), Some(75.0), None, Some(0.0)]);
        // onto [1, 10]: 4 → 1 + 0.25 × 9 = 3.25
        let other = normalise(&Method::MinMax, Direction::Higher, &x, (1.0, 10.0));
        assert_eq!(other[1], Some(3.25));
    }

    #[test]
    fn equal_values_get_a_defined_score_never_nan() {
        let x = some(&[7.0, 7.0, 7.0]);
        for (method, expected) in [
            (Method::MinMax, 50.0),
            (Method::ZScore, 0.0),
            (Method::Rank, 1.0),
            (Method::PercentileRank, 0.0),
            (Method::DistanceToTarget { target: 7.0 }, 100.0),
        ] {
            let got = normalise(&method, Direction::Higher, &x, R);
            assert_eq!(got, vec![Some(expected); 3], "{method:?}");
        }
        // a single unit: percentile rank has no spread either → the middle
        let one = normalise(&Method::PercentileRank, Direction::Higher, &some(&[3.0]), R);
        assert_eq!(one, vec![Some(50.0)]);
        let one = normalise(&Method::ZScore, Direction::Higher, &some(&[3.0]), R);
        assert_eq!(one, vec![Some(0.0)]);
    }

    #[test]
    fn z_score_by_hand() {
        // 2, 4, 6: mean 4, sample sd 2 → −1, 0, 1; lower is better → 1, 0, −1
        let x = some(&[2.0, 4.0, 6.0]);
        assert_eq!(
            normalise(&Method::ZScore, Direction::Higher, &x, R),
            some(&[-1.0, 0.0, 1.0])
        );
        assert_eq!(
            normalise(&Method::ZScore, Direction::Lower, &x, R),
            some(&[1.0, 0.0, -1.0])
        );
    }

    #[test]
    fn ranks_and_percentile_ranks_share_ties() {
        // 5, 1, 5, 3 → ranks (ties "min") 3, 1, 3, 2; percentile (r−1)/3 → 66.67, 0, 66.67, 33.33
        let x = some(&[5.0, 1.0, 5.0, 3.0]);
        assert_eq!(
            normalise(&Method::Rank, Direction::Higher, &x, R),
            some(&[3.0, 1.0, 3.0, 2.0])
        );
        let p = normalise(&Method::PercentileRank, Direction::Higher, &x, R);
        assert!(close(p[0].unwrap(), 200.0 / 3.0, 1e-12));
        assert_eq!(p[1], Some(0.0));
        assert!(close(p[3].unwrap(), 100.0 / 3.0, 1e-12));
        // lower is better: 1 is the best
        assert_eq!(
            normalise(&Method::Rank, Direction::Lower, &x, R),
            some(&[1.0, 4.0, 1.0, 3.0])
        );
    }

    #[test]
    fn distance_to_target_by_hand() {
        // target 8, values 2, 5, 8, 11: (x − 2)/(8 − 2) → 0, 50, 100, capped 100
        let x = some(&[2.0, 5.0, 8.0, 11.0]);
        let t = Method::DistanceToTarget { target: 8.0 };
        assert_eq!(
            normalise(&t, Direction::Higher, &x, R),
            some(&[0.0, 50.0, 100.0, 100.0])
        );
        // lower is better, target 5: −x, −target; (−x + 11)/(−5 + 11) → 100 (capped), 100, 50, 0
        let t = Method::DistanceToTarget { target: 5.0 };
        assert_eq!(
            normalise(&t, Direction::Lower, &x, R),
            some(&[100.0, 100.0, 50.0, 0.0])
        );
    }

    #[test]
    fn errors_say_what_to_change() {
        let wrong = CompositeError::WrongMode {
            id: "sjz-county-core".into(),
            mode: "points",
        };
        assert_eq!(
            wrong.to_string(),
            "framework `sjz-county-core` is in points mode; the composite engine scores weighted-mean frameworks"
        );
        let lacking = CompositeError::NoColumns("`a`, `b`".into());
        assert_eq!(
            lacking.to_string(),
            "the table has no column for field(s) `a`, `b`"
        );
        let group = CompositeError::NoGroup {
            unit: "AUT".into(),
            source_: "no `peer-group` in [[unit]]".into(),
        };
        assert_eq!(
            group.to_string(),
            "missing = \"group-mean\": unit `AUT` has missing values but no `peer-group` in [[unit]]"
        );
        let mean = CompositeError::Mean {
            code: "Conn".into(),
            aggregation: "geometric",
            unit: "AUT".into(),
            value: -1.5,
            child: "Phys".into(),
            error: MeanError::NotPositive(-1.5),
        };
        assert!(
            mean.to_string().starts_with(
                "dimension `Conn` takes the geometric mean, but unit `AUT` scores -1.5 on `Phys`: the geometric mean needs scores above 0"
            ),
            "{mean}"
        );
    }
}
