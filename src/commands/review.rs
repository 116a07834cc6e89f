//! `assess review --year YEAR DIR`: the city's review workbook (市级复核表), pre-filled.

use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::Status;
use crate::cli::ReviewArgs;
use crate::intake::{self, Options};
use crate::lang::Lang;
use crate::output::{self, Inputs, Plan, Target};
use crate::report;

pub fn run(args: &ReviewArgs, lang: Lang) -> Result<Status> {
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}-市级复核表.xlsx", args.year)));
    // the workbook never replaces an input: this year's files, last year's beside them
    let dirs = std::slice::from_ref(&args.dir);
    let mut inputs = Inputs::default();
    inputs
        .add_all(dirs)
        .add_all(&intake::beside(dirs, args.year - 1))
        .add_some(args.indicators.as_deref());
    output::guard(&[Target::File(&out)], &inputs)?;
    let fw = crate::framework::load_usable(args.indicators.as_deref(), lang)?;
    let options = Options {
        year: Some(args.year),
        ..Options::default()
    };
    let intake = intake::gather(&fw, std::slice::from_ref(&args.dir), &options)
        .with_context(|| lang.pick("无法读取所给的文件夹", "cannot read the given folder"))?;
    let draft = crate::assessment::review_draft(&fw, args.year, &intake)?;
    let bytes = report::review::write(&fw, &draft)
        .context(lang.pick("无法生成市级复核表", "cannot build the review workbook"))?;
    let mut plan = Plan::new(inputs);
    plan.file(&out, &bytes)?;
    plan.commit()?;
    println!(
        "{}",
        lang.pick(
            format!(
                "市级复核表已写入 {}（{} 个单位的报表）。填写后放入 {} 或用 assess run --city 指定",
                out.display(),
                intake.submissions.len(),
                args.dir.display()
            ),
            format!(
                "review workbook written to {} ({} submissions). Once filled in, put it in {} or pass it with assess run --city",
                out.display(),
                intake.submissions.len(),
                args.dir.display()
            ),
        )
    );
    Ok(Status::Ok)
}
