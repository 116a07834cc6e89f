//! A sheet's cells by position, with merged areas resolved to their top-left
//! cell and indexed by the rows they cover.

use std::collections::HashMap;

use crate::location::CellRef;

use super::{CellValue, Merged, RawCell, RawSheet};

/// Whether a cell reads as `label` once trimmed: `cell_text(value).trim() ==
/// label`, without building the text of every number it is compared with
/// (labels are words; a number's text starts with a digit or a sign).
pub(crate) fn reads_as(value: &CellValue, label: &str) -> bool {
    match value {
        CellValue::Text(t) | CellValue::DateText(t) | CellValue::Error(t) => t.trim() == label,
        CellValue::Empty => label.is_empty(),
        CellValue::Number(_) | CellValue::DateTime(_) | CellValue::Bool(_) => {
            label.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-')
                && cell_text(value).trim() == label
        }
    }
}

/// A cell's content as text, as a person would read it.
pub fn cell_text(value: &CellValue) -> String {
    match value {
        CellValue::Text(t) | CellValue::DateText(t) | CellValue::Error(t) => t.clone(),
        CellValue::Number(n) | CellValue::DateTime(n) => crate::framework::check::number(*n),
        CellValue::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        CellValue::Empty => String::new(),
    }
}

/// A sheet's cells by position, with merged areas resolved to their top-left cell.
///
/// Only merged areas whose top-left cell holds something matter (the others
/// read as empty everywhere); they are indexed by the rows they cover, so that
/// a sheet with thousands of merged areas costs no more to walk than one
/// without. Areas taller than [`TALL`] rows are few in real sheets and are kept
/// apart, scanned on each look-up.
pub(crate) struct Grid<'a> {
    pub(crate) sheet: &'a RawSheet,
    /// The merged areas by row, built on the first look-up that finds no
    /// cell of its own (finding a header needs none).
    index: std::cell::OnceCell<Index<'a>>,
    /// When set, only merged areas down one of these columns are resolved
    /// (a list's descriptive columns); every other merged area reads as its
    /// cells do, empty but the first: a merge never invents a value.
    fill: Option<Vec<u32>>,
}

/// The merged areas of a sheet by row (cells themselves are found by a
/// binary search: they come in row-major order).
struct Index<'a> {
    merged_by_row: HashMap<u32, Vec<&'a Merged>>,
    tall: Vec<&'a Merged>,
}

/// Merged areas up to this many rows are indexed by row.
const TALL: u32 = 64;

impl<'a> Index<'a> {
    fn new(sheet: &'a RawSheet, fill: Option<&[u32]>) -> Index<'a> {
        let mut merged_by_row: HashMap<u32, Vec<&Merged>> = HashMap::new();
        let mut tall = Vec::new();
        for m in &sheet.merged {
            if cell_at(sheet, m.first_row, m.first_col).is_none() || m.last_row < m.first_row {
                continue;
            }
            let down = |c: &u32| m.first_col == m.last_col && m.first_col == *c;
            if fill.is_some_and(|cols| !cols.iter().any(down)) {
                continue;
            }
            if m.last_row - m.first_row < TALL {
                for row in m.first_row..=m.last_row {
                    merged_by_row.entry(row).or_default().push(m);
                }
            } else {
                tall.push(m);
            }
        }
        Index {
            merged_by_row,
            tall,
        }
    }
}

/// The cell at a position of a sheet whose cells are in row-major order (as
/// `ingest::read` gives them); of two at the same position in a damaged file,
/// the later.
fn cell_at(sheet: &RawSheet, row: u32, col: u32) -> Option<&RawCell> {
    let after = sheet
        .cells
        .partition_point(|c| (c.row, c.col) <= (row, col));
    after
        .checked_sub(1)
        .map(|i| &sheet.cells[i])
        .filter(|c| (c.row, c.col) == (row, col))
}

impl<'a> Grid<'a> {
    pub(crate) fn new(sheet: &'a RawSheet) -> Grid<'a> {
        Grid {
            sheet,
            index: std::cell::OnceCell::new(),
            fill: None,
        }
    }

    /// A list's grid: merged areas are resolved only down one of `columns`.
    pub(crate) fn filling_only(sheet: &'a RawSheet, columns: &[Option<u32>]) -> Grid<'a> {
        Grid {
            fill: Some(columns.iter().flatten().copied().collect()),
            ..Grid::new(sheet)
        }
    }

    fn index(&self) -> &Index<'a> {
        self.index
            .get_or_init(|| Index::new(self.sheet, self.fill.as_deref()))
    }

    /// The cell at a position, or the top-left cell of the merged area it lies in.
    pub(crate) fn get(&self, row: u32, col: u32) -> Option<&'a RawCell> {
        if let Some(cell) = cell_at(self.sheet, row, col) {
            return Some(cell);
        }
        let index = self.index();
        let covers = |m: &&&Merged| {
            (m.first_row..=m.last_row).contains(&row) && (m.first_col..=m.last_col).contains(&col)
        };
        index
            .merged_by_row
            .get(&row)
            .and_then(|areas| areas.iter().find(covers))
            .or_else(|| index.tall.iter().find(covers))
            .and_then(|m| cell_at(self.sheet, m.first_row, m.first_col))
    }

    /// The rows after `header`, up to the last row with a cell, that have
    /// something to read: a cell of their own or a merged area with a value.
    /// Every other row reads as empty, and walking them one by one would make
    /// a single cell in Excel's last row cost a million look-ups.
    pub(crate) fn rows_after(&self, header: u32) -> Vec<u32> {
        let last = self.last_row();
        let mut rows: std::collections::BTreeSet<u32> = self
            .sheet
            .cells
            .iter()
            .map(|c| c.row)
            .filter(|&r| r > header)
            .collect();
        let index = self.index();
        rows.extend(
            index
                .merged_by_row
                .keys()
                .copied()
                .filter(|&r| r > header && r <= last),
        );
        for m in &index.tall {
            rows.extend(m.first_row.max(header + 1)..=m.last_row.min(last));
        }
        rows.into_iter().collect()
    }

    pub(crate) fn text(&self, row: u32, col: u32) -> String {
        self.get(row, col)
            .map(|c| cell_text(&c.value))
            .unwrap_or_default()
    }

    pub(crate) fn cell_ref(&self, row: u32, col: u32) -> CellRef {
        CellRef::new(&self.sheet.name, row, col)
    }

    /// The first row that has every one of `labels` as a cell, with their columns.
    /// (Cells come in row-major order: the rows are walked from the top
    /// and the walk stops at the header, near the top.)
    pub(crate) fn header(&self, labels: &[&str]) -> Option<(u32, Vec<u32>)> {
        self.sheet
            .cells
            .chunk_by(|a, b| a.row == b.row)
            .find_map(|cells| {
                let cols: Option<Vec<u32>> = labels
                    .iter()
                    .map(|l| cells.iter().find(|c| reads_as(&c.value, l)).map(|c| c.col))
                    .collect();
                cols.map(|cols| (cells[0].row, cols))
            })
    }

    pub(crate) fn last_row(&self) -> u32 {
        self.sheet.cells.last().map_or(0, |c| c.row)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::CellValue;

    fn text(row: u32, col: u32, t: &str) -> RawCell {
        RawCell {
            row,
            col,
            value: CellValue::Text(t.to_string()),
            formula: None,
        }
    }

    #[test]
    fn cells_are_found_by_position_and_merged_areas_by_their_top_left_cell() {
        // row-major, as the reader gives them; A1 twice in a damaged file
        let sheet = RawSheet {
            name: "基层组织".to_string(),
            cells: vec![
                text(0, 0, "first"),
                text(0, 0, "second"),
                text(2, 1, "B3"),
                text(4, 0, "A5"),
                text(9, 3, "D10"),
            ],
            // A5:A8 merged (a type typed once for four organisations)
            merged: vec![Merged {
                first_row: 4,
                first_col: 0,
                last_row: 7,
                last_col: 0,
            }],
            duplicates: vec![(0, 0)],
            hidden: false,
        };
        let grid = Grid::new(&sheet);
        let at = |row, col| grid.get(row, col).map(|c| cell_text(&c.value));
        // of two cells at A1 the later one, as a spreadsheet shows
        assert_eq!(at(0, 0).as_deref(), Some("second"));
        assert_eq!(at(2, 1).as_deref(), Some("B3"));
        assert_eq!(at(9, 3).as_deref(), Some("D10"));
        // A6, A7 and A8 read A5's value; A9 and B5 are empty
        assert_eq!(at(5, 0).as_deref(), Some("A5"));
        assert_eq!(at(7, 0).as_deref(), Some("A5"));
        assert_eq!(at(8, 0), None);
        assert_eq!(at(4, 1), None);
        assert_eq!(at(2, 0), None);
        assert_eq!(grid.last_row(), 9);
        // the header: the first row holding every label
        assert_eq!(grid.header(&["B3"]), Some((2, vec![1])));
        assert_eq!(grid.header(&["A5", "D10"]), None);
    }
}
