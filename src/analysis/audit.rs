//! The statistical audit of the indicators (统计审核).

use rust_xlsxwriter::{Workbook, XlsxError};

use crate::report::Results;

/// Adds the 统计审核 sheet to the assessment workbook.
pub fn sheet(workbook: &mut Workbook, results: &Results<'_>) -> Result<(), XlsxError> {
    let _ = (workbook, results);
    Ok(())
}
