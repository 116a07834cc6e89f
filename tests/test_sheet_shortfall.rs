//! The shortfall sheet of the assessment workbook.
