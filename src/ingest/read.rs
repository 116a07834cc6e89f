//! Reading a workbook in this process: the only code that calls calamine.
//!
//! Every non-empty cell becomes a [`RawCell`] at its absolute 0-based position
//! (A1 is `(0, 0)`), with its cached value and its formula; with the merged
//! areas and the custom document properties. Nothing is interpreted: a number
//! typed as text stays [`CellValue::Text`].
//!
//! xlsx and xlsm sheets are streamed cell by cell
//! (`Xlsx::worksheet_cells_reader`), never through `worksheet_range`: that one
//! allocates the whole declared extent, and a 4.8 KB file with cells at A1 and
//! XFD1048576 asks for 549 GB and aborts the process (formats.md). xls and ods
//! have no streaming reader: calamine builds every sheet, densely, when the
//! file is opened, so a hostile xls or ods can still exhaust memory here —
//! read untrusted files through `isolate.rs`, which runs this in a child with
//! a memory and a time limit.
//!
//! At most [`MAX_CELLS`] non-empty cells are read from one workbook, of at
//! most [`MAX_SHEETS`] sheets, and at most [`MAX_SHEET_ROWS`] rows with a
//! non-empty cell from one sheet (see `limits.rs`); a cell beyond Excel's last cell, XFD1048576, means the file
//! is damaged.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use calamine::{
    Data, Dimensions, Ods, OdsError, Range, Reader, SheetType, SheetVisible, Xls, XlsError, Xlsx,
    XlsxError,
};

pub use super::limits::{MAX_CELLS, MAX_SHEET_ROWS, MAX_SHEETS};
use super::merged;
use super::prescan::{self, Format};
use super::{CellValue, Merged, RawCell, RawSheet, RawWorkbook, ReadError};

/// Days between the 1904 epoch (Mac Excel) and the 1900 one: added to a
/// 1904-based serial to give days since 1899-12-30.
const EPOCH_1904_SHIFT: f64 = 1462.0;

/// Reads every sheet of a workbook, after the pre-scan.
///
/// The format follows the extension (`.xlsx`, `.xlsm`, `.xls`, `.ods`, any
/// case), checked against the content (see [`prescan::scan`]).
pub fn read_workbook(path: &Path) -> Result<RawWorkbook, ReadError> {
    read_workbook_with_cap(path, MAX_CELLS)
}

/// [`read_workbook`] with another cell limit.
pub fn read_workbook_with_cap(path: &Path, max_cells: usize) -> Result<RawWorkbook, ReadError> {
    let scan = prescan::scan(path)?;
    let mut budget = Budget {
        left: max_cells,
        max: max_cells,
    };
    // calamine may panic on a malformed file; that is the file's fault, not
    // a reason to take the caller down.
    let read = catch_unwind(AssertUnwindSafe(|| match scan.format {
        Format::Xlsx | Format::Xlsm => read_xlsx(path, scan.format, &mut budget),
        Format::Xls => read_xls(path, &mut budget),
        Format::Ods => read_ods(path, &mut budget),
    }));
    read.unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(ToString::to_string)
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(ReadError::Crashed(format!(
            "the spreadsheet library failed on this file: {what}"
        )))
    })
}

/// How many more cells may be read.
struct Budget {
    left: usize,
    max: usize,
}

impl Budget {
    fn take(&mut self) -> Result<(), ReadError> {
        if self.left == 0 {
            return Err(ReadError::TooLarge(format!(
                "the workbook has more filled cells than the limit of {}",
                self.max
            )));
        }
        self.left -= 1;
        Ok(())
    }
}

fn read_xlsx(path: &Path, format: Format, budget: &mut Budget) -> Result<RawWorkbook, ReadError> {
    // read once (the pre-scan bounded its size) and parsed twice: by calamine
    // for the cells, by `merged` for the merged areas
    let mut file = std::fs::read(path)
        .map_err(|e| ReadError::Corrupt(format!("cannot read the file: {e}")))?;
    let sheets = merged::by_sheet(&file);
    // values written as character references (`<v>&#49;</v>`): read from
    // the package with them decoded
    if let Some(decoded) = sheets
        .as_ref()
        .filter(|s| !s.decoded.is_empty())
        .and_then(|s| merged::replaced(&file, &s.decoded))
    {
        file = decoded;
    }
    let mut merged_by_sheet = sheets.map(|s| s.merged);
    let mut book: Xlsx<Cursor<&[u8]>> = Xlsx::new(Cursor::new(&file[..])).map_err(xlsx_error)?;
    let shift = if book.has_1904_epoch() {
        EPOCH_1904_SHIFT
    } else {
        0.0
    };
    let mut sheets = Vec::new();
    for (name, hidden) in worksheet_names(&book)? {
        let in_sheet = |e: XlsxError| match xlsx_error(e) {
            ReadError::Corrupt(text) => ReadError::Corrupt(format!("sheet `{name}`: {text}")),
            other => other,
        };
        let mut cells = Vec::new();
        let mut reader = book.worksheet_cells_reader(&name).map_err(in_sheet)?;
        while let Some(cell) = reader.next_cell_with_formula().map_err(in_sheet)? {
            let formula = cell.formula.filter(|f| !f.is_empty());
            let Some(value) = cell_value(Data::from(cell.value), formula.is_some(), shift) else {
                continue;
            };
            on_the_grid(&name, cell.pos)?;
            budget.take()?;
            cells.push(RawCell {
                row: cell.pos.0,
                col: cell.pos.1,
                value,
                formula,
            });
        }
        drop(reader);
        let merged = match merged_by_sheet.as_mut().and_then(|m| m.remove(&name)) {
            Some(merged) => merged,
            None => book
                .merge_cells_by_sheet_name(&name)
                .map_err(in_sheet)?
                .iter()
                .map(merged_area)
                .collect(),
        };
        sheets.push(RawSheet {
            hidden,
            ..sheet(name, cells, merged)?
        });
    }
    let properties = custom_properties(book.workbook_properties())?;
    Ok(RawWorkbook {
        format: format.name().to_string(),
        sheets,
        properties,
    })
}

fn read_xls(path: &Path, budget: &mut Budget) -> Result<RawWorkbook, ReadError> {
    let mut book: Xls<BufReader<File>> =
        calamine::open_workbook(path).map_err(|e| xls_error(e, path))?;
    let shift = if book.has_1904_epoch() {
        EPOCH_1904_SHIFT
    } else {
        0.0
    };
    let mut sheets = Vec::new();
    for (name, hidden) in worksheet_names(&book)? {
        let in_sheet = |e: XlsError| match xls_error(e, path) {
            ReadError::Corrupt(text) => ReadError::Corrupt(format!("sheet `{name}`: {text}")),
            other => other,
        };
        let values = book.worksheet_range(&name).map_err(in_sheet)?;
        let formulas = book.worksheet_formula(&name).map_err(in_sheet)?;
        let cells = dense_cells(&name, &values, &formulas, shift, budget)?;
        let merged = book
            .merge_cells_by_sheet_name(&name)
            .map_err(in_sheet)?
            .iter()
            .map(merged_area)
            .collect();
        sheets.push(RawSheet {
            hidden,
            ..sheet(name, cells, merged)?
        });
    }
    let properties = custom_properties(book.workbook_properties())?;
    Ok(RawWorkbook {
        format: Format::Xls.name().to_string(),
        sheets,
        properties,
    })
}

/// calamine reads no merged areas from ods: they are found in the package's
/// `content.xml` ([`merged::ods_by_sheet`]).
fn read_ods(path: &Path, budget: &mut Budget) -> Result<RawWorkbook, ReadError> {
    let mut book: Ods<BufReader<File>> = calamine::open_workbook(path).map_err(ods_error)?;
    let mut merged_by_sheet = std::fs::read(path)
        .ok()
        .and_then(|file| merged::ods_by_sheet(&file))
        .unwrap_or_default();
    let mut sheets = Vec::new();
    for (name, hidden) in worksheet_names(&book)? {
        let in_sheet = |e: OdsError| match ods_error(e) {
            ReadError::Corrupt(text) => ReadError::Corrupt(format!("sheet `{name}`: {text}")),
            other => other,
        };
        let values = book.worksheet_range(&name).map_err(in_sheet)?;
        let formulas = book.worksheet_formula(&name).map_err(in_sheet)?;
        let cells = dense_cells(&name, &values, &formulas, 0.0, budget)?;
        let merged = merged_by_sheet.remove(&name).unwrap_or_default();
        sheets.push(RawSheet {
            hidden,
            ..sheet(name, cells, merged)?
        });
    }
    let properties = custom_properties(book.workbook_properties())?;
    Ok(RawWorkbook {
        format: Format::Ods.name().to_string(),
        sheets,
        properties,
    })
}

/// Names of the worksheets, in workbook order (chart and macro sheets left
/// out); more than [`MAX_SHEETS`] sheets of any kind are refused.
fn worksheet_names<RS: Read + Seek, R: Reader<RS>>(
    book: &R,
) -> Result<Vec<(String, bool)>, ReadError> {
    let sheets = book.sheets_metadata();
    if sheets.len() > MAX_SHEETS {
        return Err(ReadError::TooLarge(format!(
            "the workbook has {} sheets; the limit is {MAX_SHEETS}",
            sheets.len()
        )));
    }
    Ok(sheets
        .iter()
        .filter(|sheet| sheet.typ == SheetType::WorkSheet)
        .map(|sheet| (sheet.name.clone(), sheet.visible != SheetVisible::Visible))
        .collect())
}

/// The non-empty cells of a range-API sheet (xls, ods), at absolute positions.
/// Value and formula ranges each start at their own first non-empty cell.
fn dense_cells(
    name: &str,
    values: &Range<Data>,
    formulas: &Range<String>,
    shift: f64,
    budget: &mut Budget,
) -> Result<Vec<RawCell>, ReadError> {
    let mut formula_at: HashMap<(u32, u32), String> = HashMap::new();
    if let Some(start) = formulas.start() {
        for (row, col, formula) in formulas.used_cells() {
            if !formula.is_empty() {
                formula_at.insert(absolute(start, row, col), formula.clone());
            }
        }
    }
    let mut cells = Vec::new();
    if let Some(start) = values.start() {
        for (row, col, data) in values.used_cells() {
            let (row, col) = absolute(start, row, col);
            let formula = formula_at.remove(&(row, col));
            let Some(value) = cell_value(data.clone(), formula.is_some(), shift) else {
                continue;
            };
            on_the_grid(name, (row, col))?;
            budget.take()?;
            cells.push(RawCell {
                row,
                col,
                value,
                formula,
            });
        }
    }
    // formulas without a cached value
    for ((row, col), formula) in formula_at {
        on_the_grid(name, (row, col))?;
        budget.take()?;
        cells.push(RawCell {
            row,
            col,
            value: CellValue::Empty,
            formula: Some(formula),
        });
    }
    Ok(cells)
}

/// Excel's last row and column, 0-based: a sheet ends at XFD1048576.
const LAST_ROW: u32 = 1_048_575;
const LAST_COL: u32 = 16_383;

/// A cell beyond XFD1048576 is a damaged file (a reference such as
/// `A18446744073709551615`, which calamine wraps to row 4294967295): refused,
/// so that nothing downstream walks four billion rows to reach it.
fn on_the_grid(sheet: &str, (row, col): (u32, u32)) -> Result<(), ReadError> {
    if row > LAST_ROW || col > LAST_COL {
        return Err(ReadError::Corrupt(format!(
            "sheet `{sheet}`: a cell at row {}, column {} lies beyond the last cell of a sheet, XFD1048576",
            u64::from(row) + 1,
            u64::from(col) + 1
        )));
    }
    Ok(())
}

/// A range-relative position made absolute (saturating: positions beyond
/// u32 cannot occur in a sheet).
fn absolute(start: (u32, u32), row: usize, col: usize) -> (u32, u32) {
    let row = u32::try_from(row).unwrap_or(u32::MAX);
    let col = u32::try_from(col).unwrap_or(u32::MAX);
    (start.0.saturating_add(row), start.1.saturating_add(col))
}

/// A sheet, its cells in row-major order; refused when it has more than
/// [`MAX_SHEET_ROWS`] rows with a non-empty cell.
fn sheet(
    name: String,
    mut cells: Vec<RawCell>,
    merged: Vec<Merged>,
) -> Result<RawSheet, ReadError> {
    cells.sort_by_key(|cell| (cell.row, cell.col));
    let rows = filled_rows(&cells);
    if rows > MAX_SHEET_ROWS {
        return Err(ReadError::TooManyRows {
            sheet: name,
            rows,
            limit: MAX_SHEET_ROWS,
        });
    }
    let mut duplicates: Vec<(u32, u32)> = cells
        .windows(2)
        .filter(|w| (w[0].row, w[0].col) == (w[1].row, w[1].col))
        .map(|w| (w[0].row, w[0].col))
        .collect();
    duplicates.dedup();
    Ok(RawSheet {
        hidden: false,
        name,
        cells,
        merged,
        duplicates,
    })
}

/// How many rows hold a cell, of cells in row-major order.
fn filled_rows(cells: &[RawCell]) -> usize {
    if cells.is_empty() {
        return 0;
    }
    1 + cells.windows(2).filter(|w| w[0].row != w[1].row).count()
}

/// calamine's merged area, its corners in order (top-left first) whatever the file said.
fn merged_area(area: &Dimensions) -> Merged {
    Merged {
        first_row: area.start.0.min(area.end.0),
        first_col: area.start.1.min(area.end.1),
        last_row: area.start.0.max(area.end.0),
        last_col: area.start.1.max(area.end.1),
    }
}

/// A cell's stored value; `None` for a blank cell. A blank cell with a
/// formula is [`CellValue::Empty`] (no cached value); an empty text counts
/// only in a formula cell.
fn cell_value(data: Data, has_formula: bool, shift: f64) -> Option<CellValue> {
    let value = match data {
        Data::String(text) if text.is_empty() && !has_formula => return None,
        Data::String(text) => CellValue::Text(text),
        Data::Float(number) if !number.is_finite() => CellValue::Error("#NUM!".to_string()),
        Data::Float(number) => CellValue::Number(number),
        #[allow(clippy::cast_precision_loss)] // Excel itself keeps 15 digits
        Data::Int(number) => CellValue::Number(number as f64),
        Data::Bool(flag) => CellValue::Bool(flag),
        Data::DateTime(date) => CellValue::DateTime(date.as_f64() + shift),
        Data::DateTimeIso(text) | Data::DurationIso(text) => CellValue::DateText(text),
        Data::Error(error) => CellValue::Error(error.to_string()),
        Data::Empty if has_formula => CellValue::Empty,
        Data::Empty => return None,
    };
    Some(value)
}

fn xlsx_error(error: XlsxError) -> ReadError {
    match error {
        XlsxError::Password => ReadError::Encrypted,
        XlsxError::FileNotFound(part) => ReadError::NotSpreadsheet(format!(
            "a zip archive without the workbook part `{part}`; is it a Word or other document?"
        )),
        XlsxError::RelationshipNotFound => ReadError::NotSpreadsheet(
            "a zip archive without a workbook; is it a Word or other document?".to_string(),
        ),
        other => ReadError::Corrupt(other.to_string()),
    }
}

fn xls_error(error: XlsError, path: &Path) -> ReadError {
    match error {
        XlsError::Password => ReadError::Encrypted,
        // An encrypted xlsx named .xls: an OLE file holding `EncryptedPackage`.
        _ if holds_encrypted_package(path) => ReadError::Encrypted,
        other => ReadError::Corrupt(other.to_string()),
    }
}

fn ods_error(error: OdsError) -> ReadError {
    match error {
        OdsError::Password => ReadError::Encrypted,
        OdsError::InvalidMime(_) | OdsError::FileNotFound(_) => ReadError::NotSpreadsheet(
            "a zip archive that is not an OpenDocument spreadsheet".to_string(),
        ),
        OdsError::CellLimitExceeded { requested, max } => ReadError::TooLarge(format!(
            "a sheet spans {requested} cells once repeated rows and columns are expanded; the limit is {max}"
        )),
        other => ReadError::Corrupt(other.to_string()),
    }
}

/// Whether an OLE file names an `EncryptedPackage` stream (UTF-16 in its
/// directory). Only asked after the xls reader failed; the file is at most
/// [`prescan::MAX_FILE_BYTES`].
fn holds_encrypted_package(path: &Path) -> bool {
    let needle: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let mut bytes = Vec::new();
    let read = File::open(path)
        .and_then(|file| file.take(prescan::MAX_FILE_BYTES).read_to_end(&mut bytes));
    read.is_ok() && bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// The custom document properties (the template's stamp), whatever the format.
fn custom_properties<E: std::fmt::Display>(
    properties: Result<calamine::WorkbookProperties, E>,
) -> Result<std::collections::BTreeMap<String, String>, ReadError> {
    properties
        .map(|p| p.custom_properties.into_iter().collect())
        .map_err(|e| ReadError::Corrupt(format!("document properties: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    use rust_xlsxwriter::{DocProperties, Formula};

    use crate::ingest::written_xlsx as xlsx;

    #[test]
    fn cells_keep_their_absolute_positions_values_and_formulas() {
        let dir = tempfile::tempdir().expect("dir");
        let path = xlsx(dir.path(), "a.xlsx", |book| {
            let sheet = book.add_worksheet().set_name("填报").expect("name");
            // C5 = "人数", D5 = 12, E5 = "125000" (a number typed as text)
            sheet.write_string(4, 2, "人数").expect("C5");
            sheet.write_number(4, 3, 12).expect("D5");
            sheet.write_string(4, 4, "125000").expect("E5");
            // D6 = D5*2, cached 24; D7 = a formula without a cached value
            sheet
                .write_formula(5, 3, Formula::new("=D5*2").set_result("24"))
                .expect("D6");
            sheet.write_formula(6, 3, "=D5+1").expect("D7");
            sheet.write_boolean(7, 2, true).expect("C8");
            book.set_properties(
                &DocProperties::new().set_custom_property("assess-unit-code", "130123"),
            );
        });
        let book = read_workbook(&path).expect("read");
        assert_eq!(book.format, "xlsx");
        assert_eq!(book.sheets.len(), 1);
        let sheet = &book.sheets[0];
        assert_eq!(sheet.name, "填报");
        let at = |row: u32, col: u32| {
            sheet
                .cells
                .iter()
                .find(|c| (c.row, c.col) == (row, col))
                .unwrap_or_else(|| panic!("cell {row},{col}"))
        };
        assert_eq!(at(4, 2).value, CellValue::Text("人数".to_string()));
        assert_eq!(at(4, 3).value, CellValue::Number(12.0));
        assert_eq!(at(4, 4).value, CellValue::Text("125000".to_string()));
        assert_eq!(at(5, 3).value, CellValue::Number(24.0));
        assert_eq!(at(5, 3).formula.as_deref(), Some("D5*2"));
        // rust_xlsxwriter stores 0 as the result when none is given
        assert_eq!(at(6, 3).formula.as_deref(), Some("D5+1"));
        assert_eq!(at(7, 2).value, CellValue::Bool(true));
        assert_eq!(sheet.cells.len(), 6);
        assert_eq!(
            book.properties.get("assess-unit-code").map(String::as_str),
            Some("130123")
        );
    }

    #[test]
    fn the_cell_limit_counts_all_sheets() {
        let dir = tempfile::tempdir().expect("dir");
        let path = xlsx(dir.path(), "ten.xlsx", |book| {
            for _ in 0..2 {
                let sheet = book.add_worksheet();
                for row in 0..5 {
                    sheet.write_number(row, 0, 1).expect("cell");
                }
            }
        });
        assert_eq!(
            read_workbook_with_cap(&path, 10)
                .expect("10 cells")
                .sheets
                .len(),
            2
        );
        assert_eq!(
            read_workbook_with_cap(&path, 9),
            Err(ReadError::TooLarge(
                "the workbook has more filled cells than the limit of 9".to_string()
            ))
        );
    }

    #[test]
    fn a_sheet_over_the_row_limit_is_refused_by_name() {
        let rows = |n: usize, per_row: u32| -> Vec<RawCell> {
            (0..u32::try_from(n).expect("small"))
                .flat_map(|row| {
                    (0..per_row).map(move |col| RawCell {
                        row,
                        col,
                        value: CellValue::Number(1.0),
                        formula: None,
                    })
                })
                .collect()
        };
        // the limit exactly: read; one more row (of two cells): refused
        let at_limit = sheet("基层组织".into(), rows(MAX_SHEET_ROWS, 1), Vec::new());
        assert_eq!(at_limit.expect("read").cells.len(), MAX_SHEET_ROWS);
        assert_eq!(
            sheet("基层组织".into(), rows(MAX_SHEET_ROWS + 1, 2), Vec::new()),
            Err(ReadError::TooManyRows {
                sheet: "基层组织".to_string(),
                rows: MAX_SHEET_ROWS + 1,
                limit: MAX_SHEET_ROWS
            })
        );
    }

    #[test]
    fn filled_rows_are_counted_once_each() {
        let cell = |row, col| RawCell {
            row,
            col,
            value: CellValue::Number(1.0),
            formula: None,
        };
        assert_eq!(filled_rows(&[]), 0);
        assert_eq!(filled_rows(&[cell(0, 0)]), 1);
        // rows 1, 4 and 1048575: three rows, however far apart
        assert_eq!(
            filled_rows(&[cell(1, 0), cell(1, 3), cell(4, 0), cell(1_048_575, 16_383)]),
            3
        );
    }

    #[test]
    fn values_map_one_to_one() {
        assert_eq!(cell_value(Data::Empty, false, 0.0), None);
        assert_eq!(cell_value(Data::Empty, true, 0.0), Some(CellValue::Empty));
        assert_eq!(cell_value(Data::String(String::new()), false, 0.0), None);
        assert_eq!(
            cell_value(Data::Int(7), false, 0.0),
            Some(CellValue::Number(7.0))
        );
        assert_eq!(
            cell_value(Data::Float(f64::NAN), false, 0.0),
            Some(CellValue::Error("#NUM!".to_string()))
        );
        assert_eq!(
            cell_value(Data::Error(calamine::CellErrorType::Div0), false, 0.0),
            Some(CellValue::Error("#DIV/0!".to_string()))
        );
        assert_eq!(
            cell_value(Data::DateTimeIso("2024-05-01".to_string()), false, 0.0),
            Some(CellValue::DateText("2024-05-01".to_string()))
        );
    }

    #[test]
    fn cells_beyond_xfd1048576_are_damage() {
        assert_eq!(on_the_grid("s", (LAST_ROW, LAST_COL)), Ok(()));
        assert_eq!(
            on_the_grid("基层组织", (4_294_967_294, 0)),
            Err(ReadError::Corrupt(
                "sheet `基层组织`: a cell at row 4294967295, column 1 lies beyond the last cell of a sheet, XFD1048576"
                    .to_string()
            ))
        );
        assert!(on_the_grid("s", (0, LAST_COL + 1)).is_err());
    }

    #[test]
    fn range_positions_become_absolute() {
        assert_eq!(absolute((4, 2), 0, 0), (4, 2));
        assert_eq!(absolute((4, 2), 1, 3), (5, 5));
    }
}
