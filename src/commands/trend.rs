//! `assess trend ROOT`: several years side by side.

use anyhow::{Result, bail};

use crate::Status;
use crate::cli::TrendArgs;
use crate::lang::Lang;

pub fn run(args: &TrendArgs, lang: Lang) -> Result<Status> {
    let _ = args;
    bail!("{}", lang.pick("尚未实现", "not yet implemented"))
}
