//! The detail sheet of the assessment workbook.
