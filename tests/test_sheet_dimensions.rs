//! The dimensions sheet of the assessment workbook.
