//! Analyses beyond one year's scores: how robust a rank is, the statistical
//! audit of the indicators, and trends across years.

pub mod audit;
pub mod trend;
pub mod uncertainty;
