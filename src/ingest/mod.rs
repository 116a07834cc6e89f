//! Reading spreadsheet files: the only code that knows calamine.
//!
//! A workbook becomes a [`RawWorkbook`]: every non-empty cell of every sheet
//! with its absolute 0-based position (converted once, here, from calamine's
//! range-relative positions), its cached value and formula, the merged areas
//! and the custom document properties. Nothing is interpreted here: numbers
//! typed as text stay text.
//!
//! Reading is isolated (`isolate.rs`): each file is read by a child process
//! (`assess read-one FILE`, hidden) with a memory and a time limit, after a
//! pre-scan of the zip container (`prescan.rs`), so that a hostile file is
//! reported as rejected and never takes the run down. Every limit on the
//! size of what is read is stated, with its reason, in `limits.rs`.

mod grid;
pub mod isolate;
pub mod limits;
mod merged;
pub mod prescan;
pub mod read;

pub(crate) use grid::Grid;
pub use grid::cell_text;
pub(crate) use grid::reads_as;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A cell's content as stored in the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum CellValue {
    Text(String),
    Number(f64),
    Bool(bool),
    /// A date or time: the Excel serial number (days since 1899-12-30).
    DateTime(f64),
    /// An ISO-8601 date or duration text (ods).
    DateText(String),
    /// An error value such as `#DIV/0!`.
    Error(String),
    /// A formula cell without a stored (cached) value.
    Empty,
}

/// One non-empty cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RawCell {
    /// 0-based absolute row (A1 is row 0).
    pub row: u32,
    /// 0-based absolute column (A1 is column 0).
    pub col: u32,
    pub value: CellValue,
    /// The formula text, when the cell holds a formula.
    pub formula: Option<String>,
}

/// A merged area, 0-based inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merged {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

/// One sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RawSheet {
    pub name: String,
    /// Cells in row-major order.
    pub cells: Vec<RawCell>,
    pub merged: Vec<Merged>,
    /// Positions listed more than once in the file (a damaged or
    /// hand-edited sheet XML): `cells` keeps every copy, in file order.
    pub duplicates: Vec<(u32, u32)>,
    /// Hidden (or very hidden) in the workbook: a message naming the sheet says so.
    pub hidden: bool,
}

/// Everything read from one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RawWorkbook {
    /// `xlsx`, `xlsm`, `xls` or `ods`.
    pub format: String,
    pub sheets: Vec<RawSheet>,
    /// Custom document properties (`assess-unit-code` …).
    pub properties: BTreeMap<String, String>,
}

/// Why a file could not be read. The messages name what the office can do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum ReadError {
    /// Empty file.
    #[error("the file is empty")]
    Empty,
    /// Not a spreadsheet at all (random bytes, a renamed document).
    #[error("not a spreadsheet file ({0})")]
    NotSpreadsheet(String),
    /// Password-protected (encrypted) workbook.
    #[error("the workbook is password-protected")]
    Encrypted,
    /// Truncated or damaged container.
    #[error("the file is damaged or incomplete ({0})")]
    Corrupt(String),
    /// Beyond a stated limit: what and the limit.
    #[error("too large: {0}")]
    TooLarge(String),
    /// A file larger than [`limits::MAX_FILE_BYTES`], in bytes.
    #[error("the file is {} MB; the limit is {} MB", limits::megabytes(*.bytes), limits::megabytes(*.limit))]
    FileTooLarge { bytes: u64, limit: u64 },
    /// A sheet with more filled rows than [`limits::MAX_SHEET_ROWS`] (in
    /// practice: a grassroots list with something pasted into it).
    #[error("the sheet `{sheet}` has {rows} rows with content; the limit is {limit}")]
    TooManyRows {
        sheet: String,
        rows: usize,
        limit: usize,
    },
    /// The reader ran out of time.
    #[error("reading took longer than {0} seconds")]
    Timeout(u64),
    /// The reader ran out of memory or crashed.
    #[error("the reader stopped ({0})")]
    Crashed(String),
}

/// A workbook built with rust_xlsxwriter and saved as `dir/name`, for the
/// tests of this module's readers.
#[cfg(test)]
pub(crate) fn written_xlsx(
    dir: &std::path::Path,
    name: &str,
    build: impl FnOnce(&mut rust_xlsxwriter::Workbook),
) -> std::path::PathBuf {
    let mut book = rust_xlsxwriter::Workbook::new();
    build(&mut book);
    let path = dir.join(name);
    book.save(&path).expect("save");
    path
}
