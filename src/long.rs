//! The long table of results: one row per year × unit × item (field,
//! indicator, dimension, bonus, deduction, veto, total), the export's rows
//! with the export's columns, typed — the one polars `DataFrame` of the
//! program. The export writes it (the CSV with its own writer: its bytes are
//! a contract with users' spreadsheets; the Parquet file straight from the
//! frame); `trend` stacks the years and groups them by unit and item
//! ([`History`]); `diff` lines up two runs' rows by unit and item
//! ([`line_up`]: a full outer join, as a grouping of both stacked).
//!
//! Scoring itself is typed (`score::Table`, `score::Scored`: exact
//! hundredths, tiers, flags, sources); polars serves only this table.

use std::collections::BTreeMap;

use polars::prelude::{Column, DataFrame, GroupsIndicator, PolarsResult};

use crate::code::{FieldCode, UnitCode};
use crate::score::{Flag, NodeKind, Scored, Table};

/// What the long table's operations return: polars' error, named here so
/// that the modules computing on the table (`diff`, `assessment::years`,
/// `export`) do not name polars.
pub type Result<T> = PolarsResult<T>;

/// The columns of the long table, in the export's order. `self_value` and
/// `self_score` are the value and the score on the counties' own figures
/// (自评), `difference` is 核定 − 自评 (score for items, value for fields);
/// they are empty when no city workbook was applied.
pub const COLUMNS: [&str; 16] = [
    YEAR, UNIT, UNIT_NAME, ITEM_TYPE, ITEM_CODE, NAME, VALUE, SCORE, MAX, RANK, GRADE, FLAGS,
    SOURCE, SELF_VALUE, SELF_SCORE, DIFFERENCE,
];
pub const YEAR: &str = "year";
pub const UNIT: &str = "unit";
pub const UNIT_NAME: &str = "unit_name";
pub const ITEM_TYPE: &str = "item_type";
pub const ITEM_CODE: &str = "code";
pub const NAME: &str = "name";
pub const VALUE: &str = "value";
pub const SCORE: &str = "score";
pub const MAX: &str = "max_score";
pub const RANK: &str = "rank";
pub const GRADE: &str = "grade";
pub const FLAGS: &str = "flags";
pub const SOURCE: &str = "source";
pub const SELF_VALUE: &str = "self_value";
pub const SELF_SCORE: &str = "self_score";
pub const DIFFERENCE: &str = "difference";

/// The columns holding text (unit, names, codes, grade, flags, source); the
/// others are numbers: `year` (i32), `rank` (u32), the rest f64.
pub const TEXT: [&str; 8] = [
    UNIT, UNIT_NAME, ITEM_TYPE, ITEM_CODE, NAME, GRADE, FLAGS, SOURCE,
];

/// The code of the export's row for the bonus cap (a `bonus` row).
pub const BONUS_CAP: &str = "bonus-cap";
/// Its name.
pub const BONUS_CAP_NAME: &str = "加分超出上限部分（不计入总分）";

/// Unit `i`'s bonus points claimed (every item, before the cap) and, as a
/// negative score, the part over `cap` (0.00 when within it, never −0.00).
fn over_cap(scored: &Scored, i: usize, cap: f64) -> (f64, f64) {
    let claimed: f64 = scored
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Bonus)
        .filter_map(|n| n.score[i])
        .sum();
    let claimed = (claimed * 100.0).round() / 100.0;
    let over = ((claimed - cap).max(0.0) * 100.0).round() / 100.0;
    (claimed, 0.0 - over + 0.0)
}

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

/// A year's columns while they are gathered.
struct Columns<'a> {
    units: Vec<&'a str>,
    unit_names: Vec<&'a str>,
    kinds: Vec<&'static str>,
    codes: Vec<&'a str>,
    names: Vec<&'a str>,
    values: Vec<Option<f64>>,
    scores: Vec<Option<f64>>,
    maxes: Vec<Option<f64>>,
    ranks: Vec<Option<u32>>,
    grades: Vec<String>,
    flags: Vec<String>,
    sources: Vec<String>,
    self_values: Vec<Option<f64>>,
    self_scores: Vec<Option<f64>>,
    differences: Vec<Option<f64>>,
}

impl Columns<'_> {
    fn with_capacity(n: usize) -> Self {
        Columns {
            units: Vec::with_capacity(n),
            unit_names: Vec::with_capacity(n),
            kinds: Vec::with_capacity(n),
            codes: Vec::with_capacity(n),
            names: Vec::with_capacity(n),
            values: Vec::with_capacity(n),
            scores: Vec::with_capacity(n),
            maxes: Vec::with_capacity(n),
            ranks: Vec::with_capacity(n),
            grades: Vec::with_capacity(n),
            flags: Vec::with_capacity(n),
            sources: Vec::with_capacity(n),
            self_values: Vec::with_capacity(n),
            self_scores: Vec::with_capacity(n),
            differences: Vec::with_capacity(n),
        }
    }
}

impl Long {
    /// One year's results, in the export's order: units by code, then the
    /// scoring's nodes in order; `reported` is the scoring on the counties'
    /// own figures (自评), for the `self_*` and `difference` columns.
    ///
    /// With a `bonus_cap`, each unit has one more `bonus` row after its
    /// bonus items, [`BONUS_CAP`]: the points claimed over the cap, as a
    /// negative score (0 when within it), so that a unit's indicator (or top
    /// dimension), bonus and deduction rows add up to its total.
    pub fn of_year(
        year: i32,
        table: &Table,
        scored: &Scored,
        reported: Option<&Scored>,
        bonus_cap: Option<f64>,
    ) -> PolarsResult<Long> {
        let mut order: Vec<(usize, &UnitCode)> = scored.units.iter().enumerate().collect();
        order.sort_by(|a, b| a.1.cmp(b.1));
        let last_bonus = scored.nodes.iter().rposition(|n| n.kind == NodeKind::Bonus);
        let cap = bonus_cap.filter(|_| last_bonus.is_some());
        let n = (scored.nodes.len() + usize::from(cap.is_some())) * scored.units.len();
        let mut c = Columns::with_capacity(n);
        for (i, unit) in order {
            let unit_name = table.names.get(unit).map_or("", String::as_str);
            for (k, node) in scored.nodes.iter().enumerate() {
                let grade = if node.kind == NodeKind::Total {
                    scored.grades.get(i).cloned().flatten().unwrap_or_default()
                } else {
                    String::new()
                };
                let source = table
                    .sources
                    .get(&(unit.clone(), FieldCode::new(node.code.as_str())))
                    .cloned()
                    .unwrap_or_default();
                let own = reported
                    .and_then(|r| r.node(&node.code))
                    .filter(|n| n.kind == node.kind);
                let (self_value, self_score) =
                    (own.and_then(|n| n.value[i]), own.and_then(|n| n.score[i]));
                let difference = match node.kind {
                    NodeKind::Field => node.value[i].zip(self_value).map(|(a, b)| a - b),
                    _ => node.score[i]
                        .zip(self_score)
                        .map(|(a, b)| ((a - b) * 100.0).round() / 100.0),
                };
                c.units.push(unit.as_str());
                c.unit_names.push(unit_name);
                c.kinds.push(node.kind.name());
                c.codes.push(node.code.as_str());
                c.names.push(node.name.as_str());
                c.values.push(node.value[i]);
                c.scores.push(node.score[i]);
                c.maxes.push(node.max);
                c.ranks.push(node.rank[i]);
                c.grades.push(grade);
                c.flags.push(Flag::names(&node.flags[i]));
                c.sources.push(source);
                c.self_values.push(self_value);
                c.self_scores.push(self_score);
                c.differences.push(difference);
                if let Some(cap) = cap.filter(|_| Some(k) == last_bonus) {
                    let over = |s: &Scored| over_cap(s, i, cap);
                    let (value, score) = over(scored);
                    let own = reported.map(over);
                    c.units.push(unit.as_str());
                    c.unit_names.push(unit_name);
                    c.kinds.push(NodeKind::Bonus.name());
                    c.codes.push(BONUS_CAP);
                    c.names.push(BONUS_CAP_NAME);
                    c.values.push(Some(value));
                    c.scores.push(Some(score));
                    c.maxes.push(Some(cap));
                    c.ranks.push(None);
                    c.grades.push(String::new());
                    c.flags.push(String::new());
                    c.sources.push(String::new());
                    c.self_values.push(own.map(|o| o.0));
                    c.self_scores.push(own.map(|o| o.1));
                    c.differences
                        .push(own.map(|o| ((score - o.1) * 100.0).round() / 100.0 + 0.0));
                }
            }
        }
        let columns = vec![
            Column::new(YEAR.into(), vec![year; n]),
            Column::new(UNIT.into(), c.units),
            Column::new(UNIT_NAME.into(), c.unit_names),
            Column::new(ITEM_TYPE.into(), c.kinds),
            Column::new(ITEM_CODE.into(), c.codes),
            Column::new(NAME.into(), c.names),
            Column::new(VALUE.into(), c.values),
            Column::new(SCORE.into(), c.scores),
            Column::new(MAX.into(), c.maxes),
            Column::new(RANK.into(), c.ranks),
            Column::new(GRADE.into(), c.grades),
            Column::new(FLAGS.into(), c.flags),
            Column::new(SOURCE.into(), c.sources),
            Column::new(SELF_VALUE.into(), c.self_values),
            Column::new(SELF_SCORE.into(), c.self_scores),
            Column::new(DIFFERENCE.into(), c.differences),
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

/// One row of the long table, as a writer reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Row<'a> {
    pub year: Option<i32>,
    pub unit: &'a str,
    pub unit_name: &'a str,
    pub item_type: &'a str,
    pub code: &'a str,
    pub name: &'a str,
    pub value: Option<f64>,
    pub score: Option<f64>,
    pub max: Option<f64>,
    pub rank: Option<u32>,
    pub grade: &'a str,
    pub flags: &'a str,
    pub source: &'a str,
    pub self_value: Option<f64>,
    pub self_score: Option<f64>,
    pub difference: Option<f64>,
}

impl Long {
    /// The rows in table order, read column by column as they are asked for
    /// (no copy of the table is made).
    pub fn rows(&self) -> PolarsResult<impl Iterator<Item = Row<'_>> + '_> {
        let f = &self.frame;
        let text = |name: &str| -> PolarsResult<_> { Ok(f.column(name)?.str()?.iter()) };
        let number = |name: &str| -> PolarsResult<_> { Ok(f.column(name)?.f64()?.iter()) };
        let mut year = f.column(YEAR)?.i32()?.iter();
        let mut rank = f.column(RANK)?.u32()?.iter();
        let (mut unit, mut unit_name, mut item_type, mut code) = (
            text(UNIT)?,
            text(UNIT_NAME)?,
            text(ITEM_TYPE)?,
            text(ITEM_CODE)?,
        );
        let (mut name, mut grade, mut flags, mut source) =
            (text(NAME)?, text(GRADE)?, text(FLAGS)?, text(SOURCE)?);
        let (mut value, mut score, mut max) = (number(VALUE)?, number(SCORE)?, number(MAX)?);
        let (mut self_value, mut self_score, mut difference) = (
            number(SELF_VALUE)?,
            number(SELF_SCORE)?,
            number(DIFFERENCE)?,
        );
        Ok(std::iter::from_fn(move || {
            Some(Row {
                year: year.next()?,
                unit: unit.next()?.unwrap_or_default(),
                unit_name: unit_name.next()?.unwrap_or_default(),
                item_type: item_type.next()?.unwrap_or_default(),
                code: code.next()?.unwrap_or_default(),
                name: name.next()?.unwrap_or_default(),
                value: value.next()?,
                score: score.next()?,
                max: max.next()?,
                rank: rank.next()?,
                grade: grade.next()?.unwrap_or_default(),
                flags: flags.next()?.unwrap_or_default(),
                source: source.next()?.unwrap_or_default(),
                self_value: self_value.next()?,
                self_score: self_score.next()?,
                difference: difference.next()?,
            })
        }))
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

    fn units() -> Table {
        let units = vec![
            ("130102".into(), "长安区".to_string()),
            ("130104".into(), "桥西区".to_string()),
        ];
        Table::of(units, [], []).expect("a table")
    }

    #[test]
    fn a_year_lists_units_by_code_then_items_with_the_self_assessment_beside() {
        // units listed 130104 first: the table lists 130102's three items first
        let mut s = scored([Some(0.5), Some(0.25)]);
        s.units.reverse();
        // the self-assessment, in the same unit order, gave B 0.5 more each
        let mut reported = s.clone();
        reported.nodes[1].score = vec![Some(8.0), Some(6.5)];
        let long = Long::of_year(2023, &units(), &s, Some(&reported), None).unwrap();
        let rows: Vec<Row<'_>> = long.rows().unwrap().collect();
        assert_eq!(rows.len(), 6);
        let order: Vec<(&str, &str)> = rows.iter().map(|r| (r.unit, r.code)).collect();
        assert_eq!(
            order,
            [
                ("130102", "B1"),
                ("130102", "B"),
                ("130102", "total"),
                ("130104", "B1"),
                ("130104", "B"),
                ("130104", "total"),
            ]
        );
        // after the reversal, 130102 is the scoring's second unit: B is 6.0
        // reviewed against 6.5 self-assessed, a difference of 6.0 − 6.5 = −0.5
        assert_eq!(rows[1].unit_name, "长安区");
        assert_eq!((rows[1].score, rows[1].self_score), (Some(6.0), Some(6.5)));
        assert_eq!(rows[1].difference, Some(-0.5));
        assert_eq!(rows[2].item_type, "total");
        assert_eq!(rows[2].rank, Some(2));
    }

    #[test]
    fn years_stacked_group_by_unit_and_item() {
        // two units × three items (B1, B, the total) × two years = 12 rows
        let table = units();
        let y2022 =
            Long::of_year(2022, &table, &scored([Some(0.5), Some(0.25)]), None, None).unwrap();
        let y2023 = Long::of_year(2023, &table, &scored([Some(0.75), None]), None, None).unwrap();
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
