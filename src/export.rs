//! The long export (`--export FILE.csv`): one row per unit and item, for
//! later runs (`assess diff`, trends) and the office's own tools.
//!
//! UTF-8 with a byte-order mark so that Excel opens it; full precision
//! (shortest round-trip form of every number); rows sorted by unit code, then
//! by item in the order fields → indicators → groups → bonus → deductions →
//! vetoes → total.

use crate::code::{FieldCode, UnitCode};
use crate::score::{Flag, Scored, Table};

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

/// Splits CSV text into records (quotes as the export writes them; CRLF or
/// LF), each with the line it starts on. Empty lines are skipped; a quote
/// left open is an error naming the line its record starts on.
pub fn records(text: &str) -> Result<Vec<(usize, Vec<String>)>, usize> {
    let mut out = Vec::new();
    let mut line = 1;
    let mut chars = text.chars().peekable();
    while chars.peek().is_some() {
        let start = line;
        let mut fields = Vec::new();
        let mut current = String::new();
        let mut quoted = false;
        loop {
            let Some(c) = chars.next() else {
                if quoted {
                    return Err(start);
                }
                break;
            };
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    current.push('"');
                }
                (true, '"') => quoted = false,
                (true, c) => {
                    if c == '\n' {
                        line += 1;
                    }
                    current.push(c);
                }
                (false, '"') if current.is_empty() => quoted = true,
                (false, ',') => fields.push(std::mem::take(&mut current)),
                (false, '\r') if chars.peek() == Some(&'\n') => {}
                (false, '\n') => {
                    line += 1;
                    break;
                }
                (false, c) => current.push(c),
            }
        }
        fields.push(current);
        if !(fields.len() == 1 && fields[0].is_empty()) {
            out.push((start, fields));
        }
    }
    Ok(out)
}

/// The first characters that make a spreadsheet read a CSV field as a
/// formula (`=HYPERLINK(…)`, `+`, `-`, `@`, tab, carriage return).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text field made formula-safe: prefixed with `'` when it begins with
/// one of [`FORMULA_STARTS`] — or with `'` itself, so that [`unguarded`]
/// gives back every text exactly. Numbers are never passed through here.
pub fn guarded(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) || text.starts_with('\'') {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// A text field as the tool wrote it, its formula guard taken off: the one
/// `'` [`guarded`] put before it.
pub fn unguarded(text: &str) -> &str {
    text.strip_prefix('\'').unwrap_or(text)
}

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

/// Several years' exports as one CSV: one header, then each year's rows in order.
pub fn csv_of_years<'a>(
    years: impl Iterator<Item = (i32, &'a Table, &'a Scored, Option<&'a Scored>)>,
) -> String {
    let mut text = String::new();
    for (k, (year, table, scored, reported)) in years.enumerate() {
        let csv = csv(year, table, scored, reported);
        let body = if k == 0 {
            csv.as_str()
        } else {
            csv.split_once("\r\n").map_or("", |(_, rest)| rest)
        };
        text.push_str(body);
    }
    text
}

/// The CSV text (with its BOM); `reported` is the scoring on the counties' own figures.
pub fn csv(year: i32, table: &Table, scored: &Scored, reported: Option<&Scored>) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&COLUMNS.join(","));
    out.push_str("\r\n");
    let mut order: Vec<(usize, &UnitCode)> = scored.units.iter().enumerate().collect();
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
                .get(&(unit.clone(), FieldCode::new(node.code.clone())))
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
            // text from data (names, a file name in `source` …) is formula-guarded; numbers are not
            let text = |t: &str| guarded(t).into_owned();
            let row = [
                year.to_string(),
                text(unit),
                text(&unit_name),
                node.kind.name().to_string(),
                text(&node.code),
                text(&node.name),
                num(node.value[i]),
                num(node.score[i]),
                num(node.max),
                node.rank[i].map(|r| r.to_string()).unwrap_or_default(),
                text(&grade),
                text(&Flag::names(&node.flags[i])),
                text(&source),
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

/// The export's bytes for `path`: CSV, or Parquet when the name ends in
/// `.parquet` (only in builds with the `parquet` feature; others say how to get one).
pub fn bytes(
    path: &std::path::Path,
    csv_text: String,
    lang: crate::lang::Lang,
) -> anyhow::Result<Vec<u8>> {
    if !is_parquet(path) {
        return Ok(csv_text.into_bytes());
    }
    #[cfg(feature = "parquet")]
    {
        let _ = lang;
        parquet::from_csv(&csv_text)
    }
    #[cfg(not(feature = "parquet"))]
    {
        Err(no_parquet(path, lang))
    }
}

fn is_parquet(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet"))
}

/// Whether this build can write the export `path` (called before anything is read).
pub fn check(path: &std::path::Path, lang: crate::lang::Lang) -> anyhow::Result<()> {
    if cfg!(feature = "parquet") || !is_parquet(path) {
        return Ok(());
    }
    Err(no_parquet(path, lang))
}

fn no_parquet(path: &std::path::Path, lang: crate::lang::Lang) -> anyhow::Error {
    anyhow::anyhow!(
        "{}",
        lang.pick(
            format!(
                "{}：此版本未包含 Parquet 导出；请导出为 .csv，或用 cargo build --release --features parquet 编译",
                path.display()
            ),
            format!(
                "{}: this build has no Parquet export; export to .csv, or build with cargo build --release --features parquet",
                path.display()
            ),
        )
    )
}

/// The long table as Parquet: the export's columns with their types (year
/// and rank as integers, values and scores as floats, the rest as text).
#[cfg(feature = "parquet")]
mod parquet {
    use anyhow::Result;
    use polars::prelude::{Column, DataFrame, NamedFrom, Series};
    use polars_io::parquet::write::ParquetWriter;

    use super::COLUMNS;

    /// Columns holding numbers: years and ranks whole, the rest decimal.
    const WHOLE: [&str; 2] = ["year", "rank"];
    const DECIMAL: [&str; 6] = [
        "value",
        "score",
        "max_score",
        "self_value",
        "self_score",
        "difference",
    ];

    pub fn from_csv(text: &str) -> Result<Vec<u8>> {
        let export = super::records(text.strip_prefix('\u{feff}').unwrap_or(text))
            .map_err(|line| anyhow::anyhow!("OpenQuote {{ line: {line} }}"))?;
        let rows: Vec<Vec<String>> = export.into_iter().skip(1).map(|(_, r)| r).collect();
        let mut columns = Vec::new();
        for (c, name) in COLUMNS.iter().enumerate() {
            let cells = rows.iter().map(|r| r.get(c).map_or("", String::as_str));
            let series = if WHOLE.contains(name) {
                let v: Vec<Option<i64>> = cells.map(|t| t.parse().ok()).collect();
                Series::new((*name).into(), v)
            } else if DECIMAL.contains(name) {
                let v: Vec<Option<f64>> = cells.map(|t| t.parse().ok()).collect();
                Series::new((*name).into(), v)
            } else {
                let v: Vec<&str> = cells.collect();
                Series::new((*name).into(), v)
            };
            columns.push(Column::from(series));
        }
        let mut frame = DataFrame::new(rows.len(), columns)?;
        let mut bytes = Vec::new();
        ParquetWriter::new(&mut bytes).finish(&mut frame)?;
        Ok(bytes)
    }

    #[cfg(test)]
    mod tests {
        use polars::prelude::DataType;
        use polars_io::SerReader;
        use polars_io::parquet::read::ParquetReader;

        #[test]
        fn the_long_table_round_trips_through_parquet_with_its_types() {
            let csv = "\u{feff}year,unit,unit_name,item_type,code,name,value,score,max_score,rank,grade,flags,source,self_value,self_score,difference\r\n\
2023,130123,正定县,indicator,D1,\"救护员, 当年\",819.19,4.1,5,3,,,,,,\r\n\
2023,130123,正定县,total,total,总分,96,96,100,1,良好,,,95,95,1\r\n";
            let bytes = super::from_csv(csv).expect("parquet");
            let frame = ParquetReader::new(std::io::Cursor::new(bytes))
                .finish()
                .expect("read back");
            assert_eq!(frame.height(), 2);
            assert_eq!(frame.width(), 16);
            let column = |name: &str| {
                frame
                    .column(name)
                    .expect(name)
                    .as_materialized_series()
                    .clone()
            };
            assert_eq!(column("year").dtype(), &DataType::Int64);
            assert_eq!(column("rank").i64().expect("rank").get(0), Some(3));
            assert_eq!(column("score").f64().expect("score").get(0), Some(4.1));
            // the quoted name keeps its comma; an empty cell is null
            assert_eq!(
                column("name").str().expect("name").get(0),
                Some("救护员, 当年")
            );
            assert_eq!(column("self_value").f64().expect("self").get(0), None);
            assert_eq!(column("difference").f64().expect("diff").get(1), Some(1.0));
        }
    }
}

#[cfg(test)]
mod guard_tests {
    use super::*;

    #[test]
    fn text_that_a_spreadsheet_would_read_as_a_formula_is_guarded_and_given_back() {
        for (text, written) in [
            (
                "=HYPERLINK(\"http:x\",1)正定县.xlsx",
                "'=HYPERLINK(\"http:x\",1)正定县.xlsx",
            ),
            ("+1", "'+1"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'=x", "''=x"),
            ("正定县", "正定县"),
            ("", ""),
        ] {
            assert_eq!(guarded(text), written, "{text:?}");
            assert_eq!(unguarded(written), text, "{written:?}");
        }
    }
}
