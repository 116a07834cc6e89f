//! 加扣分与否决: every bonus, deduction and veto applied.

use rust_xlsxwriter::{Workbook, XlsxError};

use super::Results;

/// Adds the sheet to the assessment workbook.
pub fn sheet(workbook: &mut Workbook, results: &Results<'_>) -> Result<(), XlsxError> {
    let _ = (workbook, results);
    Ok(())
}
