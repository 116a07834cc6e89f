//! The data sheet (指标数据): found by its header row or its column of field
//! codes, and every field's value read from it.

use std::collections::BTreeMap;

use crate::finding::{Severity, What};
use crate::framework::{Field, Framework, Source};
use crate::ingest::{Merged, RawSheet, RawWorkbook};
use crate::layout as L;
use crate::location::CellRef;

use crate::ingest::{Grid, cell_text, reads_as};

use super::{Out, ReadValue, Submission};

/// The data sheet: by its header row (代码 … 填报值), else by a column of field codes.
fn data_sheet<'a>(fw: &Framework, wb: &'a RawWorkbook) -> Option<(&'a RawSheet, u32, [u32; 4])> {
    let mut sheets: Vec<&RawSheet> = wb.sheets.iter().collect();
    sheets.sort_by_key(|s| s.name != L::SHEET_DATA);
    let labels = [
        L::DATA_HEADERS[L::DATA_CODE],
        L::DATA_HEADERS[L::DATA_INPUT],
        L::DATA_HEADERS[L::DATA_EVIDENCE],
        L::DATA_HEADERS[L::DATA_REMARK],
    ];
    for sheet in &sheets {
        if let Some((row, cols)) = Grid::new(sheet).header(&labels) {
            return Some((sheet, row, [cols[0], cols[1], cols[2], cols[3]]));
        }
    }
    // no header: the column holding the most field codes, input five columns right
    for sheet in &sheets {
        let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
        for c in &sheet.cells {
            if fw.field(cell_text(&c.value).trim()).is_some() {
                *counts.entry(c.col).or_default() += 1;
            }
        }
        if let Some((&col, _)) = counts
            .iter()
            .filter(|(_, n)| **n >= 3)
            .max_by_key(|(_, n)| **n)
        {
            let offset = |i: usize| col + u32::try_from(i).unwrap_or(0);
            return Some((
                sheet,
                0,
                [
                    col,
                    offset(L::DATA_INPUT),
                    offset(L::DATA_EVIDENCE),
                    offset(L::DATA_REMARK),
                ],
            ));
        }
    }
    None
}

/// The column in `sheet` holding the most county field codes (at least three), and how many.
fn code_column(fw: &Framework, sheet: &RawSheet) -> Option<(u32, usize)> {
    let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
    for c in &sheet.cells {
        if fw
            .field(cell_text(&c.value).trim())
            .is_some_and(|f| f.source == Source::County)
        {
            *counts.entry(c.col).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .filter(|(_, n)| *n >= 3)
        .max_by_key(|(_, n)| *n)
}

/// Findings that make the data sheet's reading a choice: another sheet that
/// also carries the field codes (a copy of 指标数据 with other values), and a
/// second 代码 or 填报值 column in the header row.
fn ambiguous_data(
    fw: &Framework,
    wb: &RawWorkbook,
    sheet: &RawSheet,
    header: u32,
    out: &mut Out<'_>,
) {
    for other in wb.sheets.iter().filter(|s| s.name != sheet.name) {
        if let Some((col, n)) = code_column(fw, other) {
            out.add(
                Severity::Error,
                Some(CellRef::new(&other.name, 0, col)),
                None,
                None,
                What::TwoDataSheets {
                    read: sheet.name.clone(),
                    other: other.name.clone(),
                    codes: n,
                    hidden: other.hidden,
                },
            );
        }
    }
    for index in [L::DATA_CODE, L::DATA_INPUT] {
        let label = L::DATA_HEADERS[index];
        let cells: Vec<CellRef> = sheet
            .cells
            .iter()
            .filter(|c| c.row == header && reads_as(&c.value, label))
            .map(|c| CellRef::new(&sheet.name, c.row, c.col))
            .collect();
        if cells.len() > 1 {
            out.add(
                Severity::Error,
                cells.get(1).cloned(),
                None,
                None,
                What::TwoColumns {
                    label: label.to_string(),
                    cells: cells.iter().map(CellRef::a1).collect(),
                },
            );
        }
    }
}

/// `E13:F13`.
pub(super) fn area_text(m: &Merged) -> String {
    let first = CellRef::new("", m.first_row, m.first_col).a1();
    let last = CellRef::new("", m.last_row, m.last_col).a1();
    format!("{first}:{last}")
}

/// Cells listed twice in a sheet's file: neither copy can be trusted.
fn duplicate_cells(
    wb: &RawWorkbook,
    inputs: &BTreeMap<(String, u32, u32), String>,
    out: &mut Out<'_>,
) {
    for sheet in &wb.sheets {
        for &(row, col) in &sheet.duplicates {
            let values: Vec<String> = sheet
                .cells
                .iter()
                .filter(|c| (c.row, c.col) == (row, col))
                .map(|c| cell_text(&c.value))
                .collect();
            let field = inputs.get(&(sheet.name.clone(), row, col));
            out.add(
                Severity::Error,
                Some(CellRef::new(&sheet.name, row, col)),
                field.map(String::as_str),
                None,
                What::DuplicateCell { values },
            );
        }
    }
}

pub(super) fn read_data(fw: &Framework, wb: &RawWorkbook, out: &mut Out<'_>, sub: &mut Submission) {
    let county: Vec<&Field> = fw
        .fields
        .iter()
        .filter(|f| f.source == Source::County)
        .collect();
    let Some((sheet, header, [code_col, input, evidence, remark])) = data_sheet(fw, wb) else {
        out.add(
            Severity::Error,
            None,
            None,
            None,
            What::MissingSheet(L::SHEET_DATA.into()),
        );
        return;
    };
    ambiguous_data(fw, wb, sheet, header, out);
    // merged areas give a value only down 佐证编号 or 备注 (one document for
    // several rows); a merge down the 代码 column is an error: the rows below
    // its first would lose their own codes
    let grid = Grid::filling_only(sheet, &[Some(evidence), Some(remark)]);
    for m in sheet.merged.iter().filter(|m| {
        m.first_row > header
            && m.last_row > m.first_row
            && (m.first_col..=m.last_col).contains(&code_col)
    }) {
        out.add(
            Severity::Error,
            Some(grid.cell_ref(m.first_row, code_col)),
            None,
            None,
            What::MergedList { area: area_text(m) },
        );
    }
    let mut rows: BTreeMap<String, u32> = BTreeMap::new();
    for row in grid.rows_after(header) {
        let code = grid.text(row, code_col).trim().to_string();
        if code.is_empty() {
            continue;
        }
        // a renamed field's former code still connects
        let field = county
            .iter()
            .find(|f| f.code == code || f.replaces.iter().any(|r| *r == code));
        let Some(field) = field else { continue };
        if rows.contains_key(field.code.as_str()) {
            out.add(
                Severity::Warning,
                Some(grid.cell_ref(row, code_col)),
                Some(&field.code),
                None,
                What::DuplicateRow { code: code.clone() },
            );
            continue;
        }
        rows.insert(field.code.to_string(), row);
    }
    // a merged area over a field's input cell and another field's, or another
    // column (上年数, 代码 …): the one value would be read for both
    let field_rows: BTreeMap<u32, &str> = rows.iter().map(|(c, r)| (*r, c.as_str())).collect();
    let mut merged_over: BTreeMap<&str, &Merged> = BTreeMap::new();
    let mut covered: std::collections::BTreeSet<(u32, u32)> = std::collections::BTreeSet::new();
    for m in &sheet.merged {
        let inside: Vec<&str> = field_rows
            .range(m.first_row..=m.last_row)
            .filter(|_| (m.first_col..=m.last_col).contains(&input))
            .map(|(_, c)| *c)
            .collect();
        if inside.is_empty() || (inside.len() == 1 && m.first_col == m.last_col) {
            continue;
        }
        // one field's input cell at the top left, the area running right over
        // 佐证编号 or 备注: the value is the one typed there (noted); the
        // evidence and remark cells under it are not read
        if let [code] = inside.as_slice()
            && (m.first_row, m.first_col) == (rows[*code], input)
        {
            out.add(
                Severity::Note,
                Some(grid.cell_ref(m.first_row, input)),
                Some(code),
                None,
                What::MergedInputRead { area: area_text(m) },
            );
            covered.extend((m.first_col + 1..=m.last_col).map(|c| (m.first_row, c)));
            continue;
        }
        let column = (m.first_col..=m.last_col)
            .find(|&c| c != input)
            .map(|c| grid.text(header, c).trim().to_string())
            .filter(|t| !t.is_empty());
        for code in &inside {
            let others: Vec<crate::lang::Both> = inside
                .iter()
                .filter(|c| *c != code)
                .filter_map(|c| fw.field(c).map(|f| f.names()))
                .collect();
            let row = rows[*code];
            out.add(
                Severity::Error,
                Some(grid.cell_ref(row, input)),
                Some(code),
                Some(grid.text(row, input)),
                What::MergedInput {
                    area: area_text(m),
                    others,
                    column: column.clone(),
                },
            );
            merged_over.insert(code, m);
        }
    }
    let inputs: BTreeMap<(String, u32, u32), String> = rows
        .iter()
        .map(|(code, row)| ((sheet.name.clone(), *row, input), code.clone()))
        .collect();
    duplicate_cells(wb, &inputs, out);
    for field in &county {
        if merged_over.contains_key(field.code.as_str()) {
            // never a value invented from a merged area
            continue;
        }
        let Some(&row) = rows.get(field.code.as_str()) else {
            out.add(
                Severity::Error,
                None,
                Some(&field.code),
                None,
                What::MissingRow {
                    code: field.code.to_string(),
                    name: field.names(),
                },
            );
            continue;
        };
        let typed = grid.text(row, input);
        if let Some(value) = out.interpret(&grid, row, input, field, Some(&field.code)) {
            sub.values.insert(
                field.code.clone(),
                ReadValue {
                    value,
                    cell: grid.cell_ref(row, input),
                    typed,
                },
            );
        }
        let evidence_text = grid.text(row, evidence).trim().to_string();
        if !evidence_text.is_empty() && evidence != input && !covered.contains(&(row, evidence)) {
            sub.evidence.insert(field.code.clone(), evidence_text);
            sub.evidence_cells
                .insert(field.code.clone(), grid.cell_ref(row, evidence));
        }
        let remark_text = grid.text(row, remark).trim().to_string();
        if !remark_text.is_empty() && !covered.contains(&(row, remark)) {
            sub.remarks.insert(field.code.clone(), remark_text);
        }
    }
}
