//! The long export (`--export FILE.csv`): one row per unit and item, for
//! later runs (`assess diff`, trends) and the office's own tools.
//!
//! UTF-8 with a byte-order mark so that Excel opens it; full precision
//! (shortest round-trip form of every number); rows sorted by unit code, then
//! by item in the order fields → indicators → groups → bonus → deductions →
//! vetoes → total.

use crate::long::Long;

/// The header, in order: the long table's columns (see [`crate::long::COLUMNS`]).
pub use crate::long::COLUMNS;

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

/// The CSV text (with its BOM) of the long table: one header, then its rows
/// in order (a stacked table: each year's rows after the year before).
pub fn csv(long: &Long) -> crate::long::Result<String> {
    let mut out = String::from("\u{feff}");
    out.push_str(&COLUMNS.join(","));
    out.push_str("\r\n");
    // text from data (names, a file name in `source` …) is formula-guarded; numbers are not
    let text = |t: &str| guarded(t).into_owned();
    for r in long.rows()? {
        let row = [
            r.year.map(|y| y.to_string()).unwrap_or_default(),
            text(r.unit),
            text(r.unit_name),
            r.item_type.to_string(),
            text(r.code),
            text(r.name),
            num(r.value),
            num(r.score),
            num(r.max),
            r.rank.map(|r| r.to_string()).unwrap_or_default(),
            text(r.grade),
            text(r.flags),
            text(r.source),
            num(r.self_value),
            num(r.self_score),
            num(r.difference),
        ];
        let line: Vec<String> = row.iter().map(|t| field(t)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    Ok(out)
}

/// The export's bytes for `path`: CSV, or Parquet when the name ends in
/// `.parquet` (only in builds with the `parquet` feature; others say how to get one).
pub fn bytes(
    path: &std::path::Path,
    long: &Long,
    lang: crate::lang::Lang,
) -> anyhow::Result<Vec<u8>> {
    if !is_parquet(path) {
        return Ok(csv(long)?.into_bytes());
    }
    #[cfg(feature = "parquet")]
    {
        let _ = lang;
        Ok(parquet::of(long)?)
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

/// The long table as Parquet, written from the frame: the export's columns
/// with their types (year and rank as 64-bit integers, values and scores as
/// floats, the rest as text — the CSV's texts, formula guard included, so
/// that a spreadsheet opening either file reads no formula).
#[cfg(feature = "parquet")]
mod parquet {
    use polars::prelude::{Column, DataFrame, NamedFrom, PolarsResult, Series};
    use polars_io::parquet::write::ParquetWriter;

    use super::guarded;
    use crate::long::{self, Long};

    pub fn of(table: &Long) -> PolarsResult<Vec<u8>> {
        let rows: Vec<long::Row<'_>> = table.rows()?.collect();
        let whole = |name: &str, f: &dyn Fn(&long::Row<'_>) -> Option<i64>| {
            Column::from(Series::new(
                name.into(),
                rows.iter().map(f).collect::<Vec<_>>(),
            ))
        };
        let decimal = |name: &str, f: &dyn Fn(&long::Row<'_>) -> Option<f64>| {
            Column::from(Series::new(
                name.into(),
                rows.iter().map(f).collect::<Vec<_>>(),
            ))
        };
        let text = |name: &str, f: &dyn for<'r> Fn(&long::Row<'r>) -> &'r str| {
            let v: Vec<String> = rows.iter().map(|r| guarded(f(r)).into_owned()).collect();
            Column::from(Series::new(name.into(), v))
        };
        let columns = vec![
            whole(long::YEAR, &|r| r.year.map(i64::from)),
            text(long::UNIT, &|r| r.unit),
            text(long::UNIT_NAME, &|r| r.unit_name),
            text(long::ITEM_TYPE, &|r| r.item_type),
            text(long::ITEM_CODE, &|r| r.code),
            text(long::NAME, &|r| r.name),
            decimal(long::VALUE, &|r| r.value),
            decimal(long::SCORE, &|r| r.score),
            decimal(long::MAX, &|r| r.max),
            whole(long::RANK, &|r| r.rank.map(i64::from)),
            text(long::GRADE, &|r| r.grade),
            text(long::FLAGS, &|r| r.flags),
            text(long::SOURCE, &|r| r.source),
            decimal(long::SELF_VALUE, &|r| r.self_value),
            decimal(long::SELF_SCORE, &|r| r.self_score),
            decimal(long::DIFFERENCE, &|r| r.difference),
        ];
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

        use crate::long::Long;
        use crate::score::{NodeKind, NodeScores, Scored, Table};

        fn node(
            code: &str,
            name: &str,
            kind: NodeKind,
            value: Option<f64>,
            score: f64,
        ) -> NodeScores {
            NodeScores {
                code: code.into(),
                name: name.into(),
                kind,
                value: vec![value],
                score: vec![Some(score)],
                max: Some(if kind == NodeKind::Total { 100.0 } else { 5.0 }),
                rank: vec![Some(if kind == NodeKind::Total { 1 } else { 3 })],
                flags: vec![Vec::new()],
            }
        }

        #[test]
        fn the_long_table_round_trips_through_parquet_with_its_types() {
            let mut table =
                Table::of(vec![("130123".into(), "正定县".into())], [], []).expect("a table");
            table
                .sources
                .insert(("130123".into(), "D1".into()), "=正定县.xlsx!D12".into());
            let scored = |d1: Option<f64>, total: f64| Scored {
                units: vec!["130123".into()],
                nodes: vec![
                    node("D1", "救护员, 当年", NodeKind::Indicator, d1, 4.1),
                    node("total", "总分", NodeKind::Total, None, total),
                ],
                grades: vec![Some("良好".into())],
                ..Scored::default()
            };
            let reviewed = scored(Some(819.19), 96.0);
            let reported = scored(None, 95.0);
            let long = Long::of_year(2023, &table, &reviewed, Some(&reported), None).expect("long");
            let bytes = super::of(&long).expect("parquet");
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
            // the name keeps its comma; a missing number is null
            assert_eq!(
                column("name").str().expect("name").get(0),
                Some("救护员, 当年")
            );
            // no self-assessed value of D1; the total is 96 − 95 = 1 point above it
            assert_eq!(column("self_value").f64().expect("self").get(0), None);
            assert_eq!(column("difference").f64().expect("diff").get(1), Some(1.0));
            // the grade on the total's row only; text from a file keeps its formula guard
            assert_eq!(column("grade").str().expect("grade").get(1), Some("良好"));
            assert_eq!(column("grade").str().expect("grade").get(0), Some(""));
            assert_eq!(
                column("source").str().expect("source").get(0),
                Some("'=正定县.xlsx!D12")
            );
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
