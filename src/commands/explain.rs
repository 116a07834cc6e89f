//! `assess explain UNIT DIR`: one unit's result, indicator by indicator.

use anyhow::{Result, bail};

use crate::Status;
use crate::cli::ExplainArgs;
use crate::lang::Lang;

pub fn run(args: &ExplainArgs, lang: Lang) -> Result<Status> {
    let _ = args;
    bail!("{}", lang.pick("尚未实现", "not yet implemented"))
}
