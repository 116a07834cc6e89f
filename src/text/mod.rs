//! Console text: what the commands print, formatted from the facts the core
//! worked out. Decides nothing and computes no score; plain lines (no
//! colours, no tables) that read in a Windows console, in one language.

pub mod diff;
pub mod explain;
mod findings;
pub mod framework;
pub mod run;
pub mod trend;

pub use findings::{findings, sorted};
