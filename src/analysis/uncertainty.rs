//! How robust the ranks are (排名稳健性): the scores re-computed many times
//! with the dimensions' points perturbed.

use rust_xlsxwriter::{Workbook, XlsxError};

use crate::framework::Framework;
use crate::report::Results;
use crate::score::Scored;

/// What to simulate.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Number of draws.
    pub draws: u32,
    /// The largest relative change of a dimension's points (0.25 = ±25 %).
    pub spread: f64,
    /// The seed of the random numbers (the same seed gives the same result).
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            draws: 1000,
            spread: 0.25,
            seed: 20_231_215,
        }
    }
}

/// The outcome of the simulation, per unit in `scored.units` order.
#[derive(Debug, Clone, Default)]
pub struct Uncertainty {}

/// Re-scores `draws` times.
pub fn simulate(fw: &Framework, scored: &Scored, settings: &Settings) -> Uncertainty {
    let _ = (fw, scored, settings);
    Uncertainty {}
}

/// Adds the 排名稳健性 sheet to the assessment workbook (when simulated).
pub fn sheet(workbook: &mut Workbook, results: &Results<'_>) -> Result<(), XlsxError> {
    let _ = (workbook, results);
    Ok(())
}
