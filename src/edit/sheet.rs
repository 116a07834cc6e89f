//! The 评分细则 table as read back: its cells by position, its language, and
//! the number cells compared with the values they were written with.

use std::collections::HashMap;

use crate::framework::check::number;
use crate::ingest::cell_text;
use crate::ingest::{CellValue, RawWorkbook};
use crate::lang::Lang;
use crate::location::CellRef;
use crate::report::rules::{self, COL_CODE, COL_KEY, HEADER_ROW};

use super::EditError;

/// The table of the workbook: its cells by position, and the language it was written in.
pub(super) struct Sheet<'a> {
    name: &'a str,
    cells: HashMap<(u32, u32), &'a CellValue>,
    /// Row numbers below the header that hold anything, in order.
    pub(super) rows: Vec<u32>,
    pub(super) lang: Lang,
}

impl<'a> Sheet<'a> {
    /// The first sheet whose header row starts with 代码 (or Code).
    pub(super) fn find(book: &'a RawWorkbook) -> Result<Sheet<'a>, EditError> {
        for sheet in &book.sheets {
            let header = sheet
                .cells
                .iter()
                .find(|c| c.row == HEADER_ROW && c.col == u32::from(COL_CODE))
                .map(|c| cell_text(&c.value));
            let lang = match header.as_deref().map(str::trim) {
                Some("代码") => Lang::Zh,
                Some("Code") => Lang::En,
                _ => continue,
            };
            let cells: HashMap<(u32, u32), &CellValue> = sheet
                .cells
                .iter()
                .map(|c| ((c.row, c.col), &c.value))
                .collect();
            let mut rows: Vec<u32> = sheet
                .cells
                .iter()
                .filter(|c| c.row > HEADER_ROW)
                .map(|c| c.row)
                .collect();
            rows.sort_unstable();
            rows.dedup();
            let has_keys = sheet
                .cells
                .iter()
                .any(|c| c.row > HEADER_ROW && c.col == u32::from(COL_KEY));
            if !has_keys {
                return Err(EditError::NotRules(Some(sheet.name.clone())));
            }
            return Ok(Sheet {
                name: &sheet.name,
                cells,
                rows,
                lang,
            });
        }
        Err(EditError::NotRules(None))
    }

    pub(super) fn value(&self, row: u32, col: u16) -> Option<&'a CellValue> {
        self.cells.get(&(row, u32::from(col))).copied()
    }

    /// The trimmed text of a cell; `None` when empty.
    pub(super) fn text(&self, row: u32, col: u16) -> Option<String> {
        self.value(row, col)
            .map(|v| cell_text(v).trim().to_string())
            .filter(|t| !t.is_empty())
    }

    pub(super) fn cell(&self, row: u32, col: u16) -> CellRef {
        CellRef::new(self.name, row, u32::from(col))
    }
}

/// A number column's cell.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Read {
    Blank,
    Number(f64),
    NotNumber(String),
}

pub(super) fn read_number(value: Option<&CellValue>) -> Read {
    match value {
        None | Some(CellValue::Empty) => Read::Blank,
        Some(CellValue::Number(n)) => Read::Number(rules::tidy(*n)),
        Some(CellValue::Text(t)) => {
            let t = t.trim();
            if t.is_empty() {
                return Read::Blank;
            }
            match t.parse::<f64>() {
                Ok(n) if n.is_finite() => Read::Number(rules::tidy(n)),
                _ => Read::NotNumber(t.to_string()),
            }
        }
        Some(other) => Read::NotNumber(cell_text(other)),
    }
}

pub(super) fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

pub(super) fn same_opt(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => same(a, b),
        (None, None) => true,
        _ => false,
    }
}

pub(super) fn same_tiers(a: &[(f64, f64)], b: &[(f64, f64)]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| same(x.0, y.0) && same(x.1, y.1))
}

pub(super) fn shown(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_string(), number)
}
