//! Scoring: from a units × fields table to scores per indicator and group,
//! totals, ranks and grades. Pure: no I/O, no file format.
//!
//! The input is a [`Table`] (a polars frame: one row per unit, a column per
//! field, nulls for missing values) built from validated submissions or read
//! from a wide table (`table.rs`). Two engines, chosen by the framework's mode:
//! `points.rs` (each indicator earns a share of its points, exact hundredths,
//! a unit's score depends on its own data only) and `composite.rs` (COINr's
//! weighted-mean chain: denominate, impute, screen, treat, normalise,
//! aggregate). Both give a [`Scored`]; `rank.rs` ranks with ties shared (并列).

pub mod composite;
pub mod input;
pub mod points;
pub mod rank;
pub mod table;

use std::collections::BTreeMap;

use polars::prelude::DataFrame;

/// The units × fields table a run scores.
///
/// Columns: `unit` (the unit code, text), one text column per group the
/// framework or table names (e.g. `EurAsia_group`), and one Float64 column per
/// field, null where the value is missing. Rows in registry order.
#[derive(Debug, Clone)]
pub struct Table {
    pub frame: DataFrame,
    /// Unit code → unit name.
    pub names: BTreeMap<String, String>,
    /// Where each value came from: (unit code, field code) → `file!Sheet!D12`.
    pub sources: BTreeMap<(String, String), String>,
    /// (unit code, field code) → flags such as `error-allowed`.
    pub flags: BTreeMap<(String, String), Vec<String>>,
}

/// What a node of the hierarchy is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NodeKind {
    /// A field as read.
    Field,
    /// A leaf: its value is derived from fields, its score from its method.
    Indicator,
    /// A dimension, pillar or any inner node.
    Group,
    /// A bonus item (points mode).
    Bonus,
    /// A deduction item (points mode).
    Deduction,
    /// A veto item (points mode).
    Veto,
    /// The total (points mode: base + bonus − deductions; weighted-mean: the index).
    Total,
}

impl NodeKind {
    /// The `item_type` of the export.
    pub fn name(self) -> &'static str {
        match self {
            NodeKind::Field => "field",
            NodeKind::Indicator => "indicator",
            NodeKind::Group => "group",
            NodeKind::Bonus => "bonus",
            NodeKind::Deduction => "deduction",
            NodeKind::Veto => "veto",
            NodeKind::Total => "total",
        }
    }
}

/// One node's results for every scored unit (vectors in [`Scored::units`] order).
#[derive(Debug, Clone, PartialEq)]
pub struct NodeScores {
    pub code: String,
    pub name: String,
    pub kind: NodeKind,
    /// The derived value (indicators), the number read (fields), the count (bonus …).
    pub value: Vec<Option<f64>>,
    /// Points (points mode) or the normalised / aggregated score.
    pub score: Vec<Option<f64>>,
    /// The most the score can be (points mode), if bounded.
    pub max: Option<f64>,
    /// Competition rank among units (1, 2, 2, 4); `None` for fields.
    pub rank: Vec<Option<u32>>,
    /// Flags per unit: `missing`, `imputed`, `error-allowed`, `winsorised` …
    pub flags: Vec<Vec<String>>,
}

/// The result of scoring.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scored {
    /// Codes of the scored units, in table order.
    pub units: Vec<String>,
    /// Units left out (screened for missing data), with the reason.
    pub unscored: Vec<(String, String)>,
    /// Fields, indicators, groups (inner to outer), then bonus, deductions,
    /// vetoes and the total.
    pub nodes: Vec<NodeScores>,
    /// Grade per unit (points mode), in `units` order.
    pub grades: Vec<Option<String>>,
}

impl Scored {
    pub fn node(&self, code: &str) -> Option<&NodeScores> {
        self.nodes.iter().find(|n| n.code == code)
    }

    /// The total node (points mode) or the top aggregate (weighted-mean).
    pub fn total(&self) -> Option<&NodeScores> {
        self.nodes.iter().find(|n| n.kind == NodeKind::Total)
    }
}

impl Table {
    /// A table from unit codes and names, group columns and field columns
    /// (each column one value per unit, in the same order).
    pub fn build(
        units: &[(String, String)],
        groups: &BTreeMap<String, Vec<String>>,
        fields: &BTreeMap<String, Vec<Option<f64>>>,
    ) -> polars::prelude::PolarsResult<Table> {
        use polars::prelude::Column;
        let codes: Vec<&str> = units.iter().map(|(c, _)| c.as_str()).collect();
        let mut columns = vec![Column::new("unit".into(), codes)];
        for (name, values) in groups {
            columns.push(Column::new(name.as_str().into(), values.clone()));
        }
        for (name, values) in fields {
            columns.push(Column::new(name.as_str().into(), values.clone()));
        }
        Ok(Table {
            frame: DataFrame::new(units.len(), columns)?,
            names: units.iter().cloned().collect(),
            sources: BTreeMap::new(),
            flags: BTreeMap::new(),
        })
    }

    /// The unit codes, in row order.
    pub fn unit_codes(&self) -> Vec<String> {
        self.frame
            .column("unit")
            .and_then(|c| {
                c.str().map(|s| {
                    (0..s.len())
                        .map(|i| s.get(i).unwrap_or("").to_string())
                        .collect()
                })
            })
            .unwrap_or_default()
    }

    /// A field's values, in row order; `None` when the table has no such column.
    pub fn column(&self, field: &str) -> Option<Vec<Option<f64>>> {
        let column = self.frame.column(field).ok()?;
        column
            .f64()
            .ok()
            .map(|c| (0..c.len()).map(|i| c.get(i)).collect())
    }

    /// A group column's values (e.g. the peer group), in row order.
    pub fn group(&self, name: &str) -> Option<Vec<Option<String>>> {
        let column = self.frame.column(name).ok()?;
        column.str().ok().map(|c| {
            (0..c.len())
                .map(|i| c.get(i).map(ToString::to_string))
                .collect()
        })
    }
}
