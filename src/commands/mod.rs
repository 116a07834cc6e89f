//! One file per subcommand, each a thin adapter: load → core → write.

pub mod diff;
pub mod explain;
pub mod indicators;
pub mod init;
pub mod make_samples;
pub mod read_one;
pub mod review;
pub mod run;
pub mod template;
pub mod trend;
pub mod validate;
