//! `assess make-samples` (hidden): regenerate the committed sample submissions,
//! or write a synthetic assessment of any size (`--units N`).
//!
//! Without `--units`: `samples/2021`, `2022`, `2023` (21 filled templates and
//! the city's review workbook each) and `samples/problems`. With `--units N`:
//! `OUT/indicators` (the default framework with N synthetic units),
//! `OUT/YEAR` (N filled templates, a few with a planted mistake, and the
//! city's review workbook) and `OUT/README.md`. Both are deterministic: the
//! same seed gives the same bytes, and a test checks that the committed files
//! are reproduced exactly.

use std::path::PathBuf;

use anyhow::Result;

use crate::Status;
use crate::cli::MakeSamplesArgs;
use crate::lang::Lang;
use crate::samples::write::{SYNTHETIC_YEAR, shipped, synthetic};

pub fn run(args: &MakeSamplesArgs, lang: Lang) -> Result<Status> {
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from("samples"));
    let message = match args.units {
        Some(n) => {
            let year = args.year.unwrap_or(SYNTHETIC_YEAR);
            let written = synthetic(&out, n, year, args.seed, lang)?;
            lang.pick(
                format!(
                    "已写入 {n} 个合成单位的 {year} 年度评估（{written} 个文件）到「{}」",
                    out.display()
                ),
                format!(
                    "wrote a synthetic {year} assessment of {n} units ({written} files) to `{}`",
                    out.display()
                ),
            )
        }
        None => {
            let written = shipped(&out, args.seed, lang)?;
            lang.pick(
                format!("已写入 {written} 份样例到「{}」", out.display()),
                format!("wrote {written} samples to `{}`", out.display()),
            )
        }
    };
    println!("{message}");
    Ok(Status::Ok)
}
