//! Scoring: from a units × fields table to scores per indicator and group,
//! totals, ranks and grades. Pure: no I/O, no file format.
//!
//! The input is a [`Table`] (typed columns: one row per unit, a column per
//! field, `None` for missing values) built from validated submissions or read
//! from a wide table (`table.rs`). Two engines, chosen by the framework's mode:
//! `points.rs` (each indicator earns a share of its points, exact hundredths,
//! a unit's score depends on its own data only) and `composite.rs` (COINr's
//! weighted-mean chain: denominate, impute, screen, treat, normalise,
//! aggregate). Both give a [`Scored`]; `rank.rs` ranks with ties shared (并列).

pub mod composite;
pub mod input;
pub mod points;
pub mod rank;

use std::collections::BTreeMap;

use crate::code::{FieldCode, UnitCode};

/// The units × fields table a run scores.
///
/// Typed columns, one value per unit in row order (registry order): the unit
/// codes, one text column per group the framework or table names (e.g.
/// `EurAsia_group`), and one number column per field, `None` where the value
/// is missing.
#[derive(Debug, Clone)]
pub struct Table {
    pub columns: Columns,
    /// Unit code → unit name.
    pub names: BTreeMap<UnitCode, String>,
    /// Where each value came from: (unit code, field code) → `file!Sheet!D12`.
    pub sources: BTreeMap<(UnitCode, FieldCode), String>,
    /// (unit code, field code) → flags such as `error-allowed`.
    pub flags: BTreeMap<(UnitCode, FieldCode), Vec<Flag>>,
}

/// The values of a [`Table`]: what two tables read from different files
/// compare on.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Columns {
    /// The unit codes, in row order.
    pub units: Vec<UnitCode>,
    /// Group name → each unit's group.
    pub groups: BTreeMap<String, Vec<Option<String>>>,
    /// Field code → each unit's value.
    pub fields: BTreeMap<String, Vec<Option<f64>>>,
}

/// Why a table cannot be scored.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScoreError {
    #[error(transparent)]
    Columns(#[from] DuplicateColumn),
    #[error(transparent)]
    Composite(#[from] composite::CompositeError),
}

/// Two columns of a table with the same name (the unit column is `unit`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("duplicate: column with name '{0}' has more than one occurrence")]
pub struct DuplicateColumn(pub String);

/// What is special about a value or a score, as the export (`flags`,
/// `;`-separated names) and the workbooks mark it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Flag {
    /// No value (not reported, or left blank).
    Missing,
    /// A missing value filled in (`missing = "group-mean"` or `"zero"`).
    Imputed,
    /// An aggregate of which some children are missing.
    Incomplete,
    /// An outlier moved to the next value in (winsorised).
    Winsorised,
    /// The column log-transformed instead (COINr's `log_CT`).
    Log,
    /// A value with an error finding, scored with `--allow-errors`.
    ErrorAllowed,
    /// The unit sent no submission.
    NoSubmission,
    /// The registry's `confirmed` figure used for a denominator.
    Confirmed,
    /// A value the city adjusted in its review workbook (核定).
    Adjusted,
    /// A deduction counted in days late by the receipt log.
    DaysLate,
    /// A veto applied (一票否决).
    Veto,
    /// 未报送: the unit did not submit.
    NotSubmitted,
    /// 免报: the unit was exempt.
    Exempt,
}

impl Flag {
    /// The name in the export's `flags` column.
    pub fn name(self) -> &'static str {
        match self {
            Flag::Missing => "missing",
            Flag::Imputed => "imputed",
            Flag::Incomplete => "incomplete",
            Flag::Winsorised => "winsorised",
            Flag::Log => "log",
            Flag::ErrorAllowed => "error-allowed",
            Flag::NoSubmission => "no-submission",
            Flag::Confirmed => "confirmed",
            Flag::Adjusted => "adjusted",
            Flag::DaysLate => "days-late",
            Flag::Veto => "veto",
            Flag::NotSubmitted => "not-submitted",
            Flag::Exempt => "exempt",
        }
    }

    /// The names of `flags`, `;`-separated, as the export writes them.
    pub fn names(flags: &[Flag]) -> String {
        flags.iter().map(|f| f.name()).collect::<Vec<_>>().join(";")
    }
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
    pub flags: Vec<Vec<Flag>>,
}

/// The result of scoring.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scored {
    /// Codes of the scored units, in table order.
    pub units: Vec<UnitCode>,
    /// Units left out (screened for missing data), with the reason.
    pub unscored: Vec<(UnitCode, String)>,
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
        units: &[(UnitCode, String)],
        groups: &BTreeMap<String, Vec<String>>,
        fields: &BTreeMap<String, Vec<Option<f64>>>,
    ) -> Result<Table, DuplicateColumn> {
        let groups = groups
            .iter()
            .map(|(name, values)| (name.clone(), values.iter().cloned().map(Some).collect()));
        let fields = fields
            .iter()
            .map(|(code, values)| (code.clone(), values.clone()));
        Table::of(units.to_vec(), groups, fields)
    }

    /// A table from its units (code, name) and its columns in the order
    /// read; no two columns (nor a column and `unit`) may share a name.
    pub fn of(
        units: Vec<(UnitCode, String)>,
        groups: impl IntoIterator<Item = (String, Vec<Option<String>>)>,
        fields: impl IntoIterator<Item = (String, Vec<Option<f64>>)>,
    ) -> Result<Table, DuplicateColumn> {
        let mut columns = Columns {
            units: units.iter().map(|(c, _)| c.clone()).collect(),
            ..Columns::default()
        };
        let mut seen = std::collections::BTreeSet::from(["unit".to_string()]);
        let mut claim = |name: &str| {
            if seen.insert(name.to_string()) {
                Ok(())
            } else {
                Err(DuplicateColumn(name.to_string()))
            }
        };
        for (name, values) in groups {
            claim(&name)?;
            columns.groups.insert(name, values);
        }
        for (code, values) in fields {
            claim(&code)?;
            columns.fields.insert(code, values);
        }
        Ok(Table {
            columns,
            names: units.into_iter().collect(),
            sources: BTreeMap::new(),
            flags: BTreeMap::new(),
        })
    }

    /// The unit codes, in row order.
    pub fn unit_codes(&self) -> Vec<UnitCode> {
        self.columns.units.clone()
    }

    /// A field's values, in row order; `None` when the table has no such column.
    pub fn column(&self, field: &str) -> Option<Vec<Option<f64>>> {
        self.columns.fields.get(field).cloned()
    }

    /// A group column's values (e.g. the peer group), in row order.
    pub fn group(&self, name: &str) -> Option<Vec<Option<String>>> {
        self.columns.groups.get(name).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units() -> Vec<(UnitCode, String)> {
        vec![
            ("130102".into(), "长安区".into()),
            ("130104".into(), "桥西区".into()),
        ]
    }

    #[test]
    fn a_table_keeps_its_typed_columns() {
        let table = Table::of(
            units(),
            [("区县类型".to_string(), vec![Some("区".to_string()), None])],
            [("A1".to_string(), vec![Some(12.5), None])],
        )
        .expect("a table");
        assert_eq!(table.unit_codes(), ["130102", "130104"]);
        assert_eq!(table.column("A1"), Some(vec![Some(12.5), None]));
        // a group is no field, a field no group; an unknown column is neither
        assert_eq!(table.column("区县类型"), None);
        assert_eq!(table.group("A1"), None);
        assert_eq!(table.group("区县类型"), Some(vec![Some("区".into()), None]));
        assert_eq!(table.names["130104"], "桥西区");
    }

    #[test]
    fn two_columns_of_one_name_are_refused_with_the_message_of_old() {
        // two 分组 headers in a wide table, or a column named like the unit column
        let twice = Table::of(
            units(),
            [
                ("分组".to_string(), vec![None, None]),
                ("分组".to_string(), vec![None, None]),
            ],
            [],
        );
        assert_eq!(
            twice.unwrap_err().to_string(),
            "duplicate: column with name '分组' has more than one occurrence"
        );
        let unit = Table::of(units(), [], [("unit".to_string(), vec![None, None])]);
        assert_eq!(unit.unwrap_err(), DuplicateColumn("unit".into()));
    }
}
