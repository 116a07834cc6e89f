//! One file per subcommand, each a thin adapter: load → core → write.

pub mod indicators;
pub mod init;
