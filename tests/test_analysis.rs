//! The statistical audit and the rank robustness sheets.
