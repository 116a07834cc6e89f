//! `assess diff OLD.csv NEW.csv`: what changed between two runs' exports.

use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::Status;
use crate::cli::DiffArgs;
use crate::diff::{self, Export};
use crate::lang::Lang;

pub fn run(args: &DiffArgs, lang: Lang) -> Result<Status> {
    let old = load(&args.old, lang)?;
    let new = load(&args.new, lang)?;
    let comparison = diff::compare(&old, &new)?;
    print!(
        "{}",
        comparison.render(
            &args.old.display().to_string(),
            &args.new.display().to_string(),
            lang
        )
    );
    Ok(if comparison.is_empty() {
        Status::Ok
    } else {
        Status::Findings
    })
}

fn load(path: &Path, lang: Lang) -> Result<Export> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).with_context(|| {
        lang.pick(
            format!("无法读取「{name}」"),
            format!("cannot read `{name}`"),
        )
    })?;
    match diff::read(&bytes) {
        Ok(export) => Ok(export),
        Err(err) => bail!("{}", err.render(&name, lang)),
    }
}
