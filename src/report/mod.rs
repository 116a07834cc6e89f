//! Workbooks people read and print: the only code that knows rust_xlsxwriter.

pub mod findings;
pub mod ranking;
pub mod review;
pub mod rules;
pub mod style;
pub mod template;
