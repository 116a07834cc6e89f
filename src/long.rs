//! The long table of results: one row per year × unit × item (field,
//! indicator, dimension, bonus, deduction, veto, total), the rows the export
//! lists — the one polars `DataFrame` of the program. `trend` stacks the years
//! and groups them by unit and item ([`History`]); `diff` lines up two runs'
//! rows by unit and item ([`line_up`]: a full outer join, as a grouping of
//! both stacked).
//!
//! Scoring itself is typed (`score::Table`, `score::Scored`: exact
//! hundredths, tiers, flags, sources); polars serves only this table. The
//! CSV export keeps its own writer (`export`): its bytes are a contract with
//! users' spreadsheets.

use std::collections::BTreeMap;

use polars::prelude::{Column, DataFrame, GroupsIndicator, PolarsResult};

use crate::score::{NodeKind, Scored};

/// What the long table's operations return: polars' error, named here so
/// that the modules computing on the table (`diff`, `assessment::years`) do
/// not name polars.
pub type Result<T> = PolarsResult<T>;

/// The columns of the long table.
pub const YEAR: &str = "year";
pub const UNIT: &str = "unit";
pub const ITEM_TYPE: &str = "item_type";
pub const ITEM_CODE: &str = "item_code";
pub const VALUE: &str = "value";
pub const SCORE: &str = "score";
pub const RANK: &str = "rank";

/// A year's value and points of an item.
type Points = (Option<f64>, Option<f64>);
/// A year's total points and rank.
type Total = (Option<f64>, Option<u32>);
/// What lines up a row of an export with its counterpart in another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key<'a> {
    pub unit: &'a str,
    pub kind: NodeKind,
    pub code: &'a str,
}

/// Per unit code: the rows of each item, (row in the old export, row in the new).
pub type LinedUp = BTreeMap<String, Vec<(Option<usize>, Option<usize>)>>;

/// Years of results, stacked: one row per year × unit × item.
#[derive(Debug, Clone)]
pub struct Long {
    pub frame: DataFrame,
}

impl Long {
    /// One year's results: per node of the scoring (in its order), per unit.
    pub fn of_year(year: i32, scored: &Scored) -> PolarsResult<Long> {
        let n = scored.nodes.len() * scored.units.len();
        let (mut units, mut kinds, mut codes) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        let (mut values, mut scores, mut ranks) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        for node in &scored.nodes {
            for (i, unit) in scored.units.iter().enumerate() {
                units.push(unit.as_str());
                kinds.push(node.kind.name());
                codes.push(node.code.as_str());
                values.push(node.value[i]);
                scores.push(node.score[i]);
                ranks.push(node.rank[i]);
            }
        }
        let columns = vec![
            Column::new(YEAR.into(), vec![year; n]),
            Column::new(UNIT.into(), units),
            Column::new(ITEM_TYPE.into(), kinds),
            Column::new(ITEM_CODE.into(), codes),
            Column::new(VALUE.into(), values),
            Column::new(SCORE.into(), scores),
            Column::new(RANK.into(), ranks),
        ];
        Ok(Long {
            frame: DataFrame::new(n, columns)?,
        })
    }

    /// Several years' tables, one under the other (in the order given).
    pub fn stacked<'a>(years: impl IntoIterator<Item = &'a Long>) -> PolarsResult<Long> {
        let mut frame: Option<DataFrame> = None;
        for year in years {
            frame = Some(match frame {
                None => year.frame.clone(),
                Some(f) => f.vstack(&year.frame)?,
            });
        }
        Ok(Long {
            frame: frame.unwrap_or_default(),
        })
    }
}

/// Each unit's item over the years: (unit, item code) → year → value and
/// score, grouped from the stacked long table. Where two items of a year share
/// a code, the first in the scoring's order counts (as `Scored::node` finds it).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    series: BTreeMap<(String, String), BTreeMap<i32, Points>>,
    /// Unit → year → total points and rank.
    totals: BTreeMap<String, BTreeMap<i32, Total>>,
}

impl History {
    /// Groups the stacked table by unit and item.
    pub fn of(long: &Long) -> PolarsResult<History> {
        let frame = &long.frame;
        let years = frame.column(YEAR)?.i32()?.clone();
        let units = frame.column(UNIT)?.str()?.clone();
        let codes = frame.column(ITEM_CODE)?.str()?.clone();
        let values = frame.column(VALUE)?.f64()?.clone();
        let scores = frame.column(SCORE)?.f64()?.clone();
        let ranks = frame.column(RANK)?.u32()?.clone();
        let kinds = frame.column(ITEM_TYPE)?.str()?.clone();
        let total = NodeKind::Total.name();
        let mut totals: BTreeMap<String, BTreeMap<i32, Total>> = BTreeMap::new();
        let grouped = frame.group_by_stable([UNIT, ITEM_CODE])?;
        let mut series = BTreeMap::new();
        for group in grouped.get_groups().iter() {
            let rows = indices(&group);
            let Some(&first) = rows.first() else { continue };
            let key = (
                units.get(first).unwrap_or_default().to_string(),
                codes.get(first).unwrap_or_default().to_string(),
            );
            let by_year: &mut BTreeMap<i32, Points> = series.entry(key).or_default();
            for row in rows {
                let Some(year) = years.get(row) else { continue };
                by_year
                    .entry(year)
                    .or_insert((values.get(row), scores.get(row)));
                if kinds.get(row) == Some(total) {
                    let unit = units.get(row).unwrap_or_default().to_string();
                    let of_unit = totals.entry(unit).or_default();
                    of_unit
                        .entry(year)
                        .or_insert((scores.get(row), ranks.get(row)));
                }
            }
        }
        Ok(History { series, totals })
    }

    /// The value (`score` false) or points of a unit's item in a year.
    pub fn get(&self, unit: &str, code: &str, year: i32, score: bool) -> Option<f64> {
        let (value, points) = *self
            .series
            .get(&(unit.to_string(), code.to_string()))?
            .get(&year)?;
        if score { points } else { value }
    }
}

impl History {
    /// A unit's total points and rank in a year (the scoring's total node).
    pub fn total(&self, unit: &str, year: i32) -> (Option<f64>, Option<u32>) {
        self.totals
            .get(unit)
            .and_then(|t| t.get(&year))
            .copied()
            .unwrap_or_default()
    }
}

/// The rows of two exports lined up by (unit, item type, item code): per
/// unit code, the pairs (row in `old`, row in `new`) — the new file's order,
/// then the rows found in the old file only, in its order. A full outer join
/// of the two, computed by grouping both stacked.
pub fn line_up(old: &[Key<'_>], new: &[Key<'_>]) -> PolarsResult<LinedUp> {
    let n = old.len() + new.len();
    let rows = || old.iter().chain(new);
    let sides: Vec<bool> = (0..n).map(|k| k >= old.len()).collect();
    let columns = vec![
        Column::new(UNIT.into(), rows().map(|r| r.unit).collect::<Vec<_>>()),
        Column::new(
            ITEM_TYPE.into(),
            rows().map(|r| r.kind.name()).collect::<Vec<_>>(),
        ),
        Column::new(ITEM_CODE.into(), rows().map(|r| r.code).collect::<Vec<_>>()),
    ];
    let frame = DataFrame::new(n, columns)?;
    let grouped = frame.group_by_stable([UNIT, ITEM_TYPE, ITEM_CODE])?;
    let mut by_unit = LinedUp::new();
    for group in grouped.get_groups().iter() {
        let (mut o, mut w) = (None, None);
        for k in indices(&group) {
            if sides[k] {
                w = Some(k - old.len());
            } else {
                o = Some(k);
            }
        }
        let unit = match (o, w) {
            (_, Some(w)) => new[w].unit,
            (Some(o), None) => old[o].unit,
            (None, None) => continue,
        };
        by_unit.entry(unit.to_string()).or_default().push((o, w));
    }
    for pairs in by_unit.values_mut() {
        // the new file's order first, then old-only rows in the old file's order
        pairs.sort_by_key(|(o, w)| (w.is_none(), w.unwrap_or(0), o.unwrap_or(0)));
    }
    Ok(by_unit)
}

/// The rows of one group, in table order.
fn indices(group: &GroupsIndicator<'_>) -> Vec<usize> {
    match group {
        GroupsIndicator::Idx((_, rows)) => rows.iter().map(|r| *r as usize).collect(),
        GroupsIndicator::Slice([first, len]) => {
            (*first as usize..(*first + *len) as usize).collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::NodeScores;

    fn node(
        code: &str,
        kind: NodeKind,
        value: [Option<f64>; 2],
        score: [Option<f64>; 2],
    ) -> NodeScores {
        NodeScores {
            code: code.into(),
            name: code.into(),
            kind,
            value: value.to_vec(),
            score: score.to_vec(),
            max: None,
            rank: vec![None, None],
            flags: vec![Vec::new(), Vec::new()],
        }
    }

    fn scored(b1: [Option<f64>; 2]) -> Scored {
        Scored {
            units: vec!["130102".into(), "130104".into()],
            nodes: vec![
                node("B1", NodeKind::Indicator, b1, [Some(2.0), None]),
                node("B", NodeKind::Group, [None, None], [Some(7.5), Some(6.0)]),
                NodeScores {
                    rank: vec![Some(1), Some(2)],
                    ..node(
                        "total",
                        NodeKind::Total,
                        [None, None],
                        [Some(80.5), Some(61.0)],
                    )
                },
            ],
            ..Scored::default()
        }
    }

    #[test]
    fn years_stacked_group_by_unit_and_item() {
        // two units × three items (B1, B, the total) × two years = 12 rows
        let y2022 = Long::of_year(2022, &scored([Some(0.5), Some(0.25)])).unwrap();
        let y2023 = Long::of_year(2023, &scored([Some(0.75), None])).unwrap();
        let long = Long::stacked([&y2022, &y2023]).unwrap();
        assert_eq!(long.frame.height(), 12);
        let history = History::of(&long).unwrap();
        assert_eq!(history.get("130102", "B1", 2022, false), Some(0.5));
        assert_eq!(history.get("130102", "B1", 2023, false), Some(0.75));
        assert_eq!(history.get("130102", "B1", 2023, true), Some(2.0));
        // a missing value stays missing; a year or unit not there has none
        assert_eq!(history.get("130104", "B1", 2023, false), None);
        assert_eq!(history.get("130104", "B", 2022, true), Some(6.0));
        assert_eq!(history.get("130104", "B", 2021, true), None);
        assert_eq!(history.get("130105", "B", 2022, true), None);
        // the total's points and rank; none for a year not stacked
        assert_eq!(history.total("130104", 2023), (Some(61.0), Some(2)));
        assert_eq!(history.total("130104", 2021), (None, None));
    }

    #[test]
    fn two_exports_line_up_by_unit_and_item() {
        let csv = |rows: &[&str]| {
            let mut text = crate::export::COLUMNS.join(",");
            text.push_str("\r\n");
            for r in rows {
                text.push_str(r);
                text.push_str("\r\n");
            }
            crate::diff::read(text.as_bytes()).expect("an export")
        };
        let old = csv(&[
            "2023,130102,长安区,indicator,B1,x,1,2,3,,,,,,,",
            "2023,130102,长安区,indicator,B2,x,1,2,3,,,,,,,",
            "2023,130104,桥西区,indicator,B1,x,1,2,3,,,,,,,",
        ]);
        let new = csv(&[
            "2023,130102,长安区,indicator,B3,x,1,2,3,,,,,,,",
            "2023,130102,长安区,indicator,B1,x,1,2,3,,,,,,,",
        ]);
        let (o, n) = (crate::diff::keys(&old), crate::diff::keys(&new));
        let lined = line_up(&o, &n).unwrap();
        // 130102: B3 (new only) and B1 (both) in the new file's order, then B2 (old only)
        assert_eq!(
            lined["130102"],
            [(None, Some(0)), (Some(0), Some(1)), (Some(1), None)]
        );
        // 130104 is in the old file only
        assert_eq!(lined["130104"], [(Some(2), None)]);
    }
}
