//! The long export (`--export FILE.csv`): one row per unit and item, for
//! later runs (`assess diff`, trends) and the office's own tools.
//!
//! UTF-8 with a byte-order mark so that Excel opens it; full precision
//! (shortest round-trip form of every number); rows sorted by unit code, then
//! by item in the order fields → indicators → groups → bonus → deductions →
//! vetoes → total.

use crate::score::{Scored, Table};

/// The header, in order. `self_value` and `self_score` are the value and the
/// score on the counties' own figures (自评), `difference` is 核定 − 自评
/// (score for items, value for fields); they are empty when no city workbook was applied.
pub const COLUMNS: [&str; 16] = [
    "year",
    "unit",
    "unit_name",
    "item_type",
    "code",
    "name",
    "value",
    "score",
    "max_score",
    "rank",
    "grade",
    "flags",
    "source",
    "self_value",
    "self_score",
    "difference",
];

/// A CSV field, quoted when it holds a comma, a quote or a line break.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn num(v: Option<f64>) -> String {
    v.map(|v| format!("{v}")).unwrap_or_default()
}

/// The CSV text (with its BOM); `reported` is the scoring on the counties' own figures.
pub fn csv(year: i32, table: &Table, scored: &Scored, reported: Option<&Scored>) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&COLUMNS.join(","));
    out.push_str("\r\n");
    let mut order: Vec<(usize, &String)> = scored.units.iter().enumerate().collect();
    order.sort_by(|a, b| a.1.cmp(b.1));
    for (i, unit) in order {
        let unit_name = table.names.get(unit).cloned().unwrap_or_default();
        for node in &scored.nodes {
            let grade = if node.kind == crate::score::NodeKind::Total {
                scored.grades.get(i).cloned().flatten().unwrap_or_default()
            } else {
                String::new()
            };
            let source = table
                .sources
                .get(&(unit.clone(), node.code.clone()))
                .cloned()
                .unwrap_or_default();
            let own = reported
                .and_then(|r| r.node(&node.code))
                .filter(|n| n.kind == node.kind);
            let (self_value, self_score) =
                (own.and_then(|n| n.value[i]), own.and_then(|n| n.score[i]));
            let difference = match node.kind {
                crate::score::NodeKind::Field => node.value[i].zip(self_value).map(|(a, b)| a - b),
                _ => node.score[i]
                    .zip(self_score)
                    .map(|(a, b)| ((a - b) * 100.0).round() / 100.0),
            };
            let row = [
                year.to_string(),
                unit.clone(),
                unit_name.clone(),
                node.kind.name().to_string(),
                node.code.clone(),
                node.name.clone(),
                num(node.value[i]),
                num(node.score[i]),
                num(node.max),
                node.rank[i].map(|r| r.to_string()).unwrap_or_default(),
                grade,
                node.flags[i].join(";"),
                source,
                num(self_value),
                num(self_score),
                num(difference),
            ];
            let line: Vec<String> = row.iter().map(|t| field(t)).collect();
            out.push_str(&line.join(","));
            out.push_str("\r\n");
        }
    }
    out
}
