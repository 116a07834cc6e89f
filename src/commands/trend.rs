//! `assess trend ROOT`: several years side by side.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::Status;
use crate::assessment::years;
use crate::cli::TrendArgs;
use crate::lang::Lang;
use crate::output::{self, Inputs, Plan, Target};
use crate::report;

pub fn run(args: &TrendArgs, lang: Lang) -> Result<Status> {
    // outputs never touch inputs: every file of the year folders, published.csv
    let mut inputs = Inputs::default();
    if let Ok(entries) = std::fs::read_dir(&args.root) {
        let mut folders: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        folders.sort();
        inputs.add_all(&folders);
    }
    inputs
        .add(&args.root.join("published.csv"))
        .add_some(args.indicators.as_deref());
    if let Some(path) = &args.export {
        crate::export::check(path, lang)?;
    }
    output::guard(&targets(args.output.as_deref(), args), &inputs)?;
    let fw = crate::framework::load_usable(args.indicators.as_deref(), lang)?;
    let found = years::gather(&fw, &args.root, args.as_published, lang).with_context(|| {
        lang.pick(
            format!("无法读取 {}", args.root.display()),
            format!("cannot read {}", args.root.display()),
        )
    })?;
    for note in &found.notes {
        println!("{note}");
    }
    if found.years.is_empty() {
        bail!(
            "{}",
            lang.pick(
                format!(
                    "{} 下没有任何年度的报表文件夹（每年一个文件夹，如 2021、2022、2023）",
                    args.root.display()
                ),
                format!(
                    "{} holds no year folders (one folder per year, e.g. 2021, 2022, 2023)",
                    args.root.display()
                ),
            )
        );
    }
    print!("{}", crate::text::trend::years(&found.years, lang));
    let published = years::read_published(&args.root, &fw, lang)?;
    let (first, last) = (found.years[0].year, found.years[found.years.len() - 1].year);
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("trend-{first}-{last}.xlsx")));
    output::guard(&targets(Some(&out), args), &inputs)?;
    let timestamp = crate::assessment::timestamp::of_years(last);
    let long = years::long(&found.years, &fw)?;
    let history = years::history(&long)?;
    let view = report::trend::Trend {
        fw: &fw,
        years: &found.years,
        history: &history,
        lang,
        like_with_like: !args.as_published,
        notes: &found.notes,
        published: &published,
        timestamp: &timestamp,
    };
    let bytes = report::trend::write(&view)
        .context(lang.pick("无法生成趋势工作簿", "cannot build the trend workbook"))?;
    let mut plan = Plan::new(inputs);
    plan.file(&out, &bytes)?;
    if let Some(path) = &args.export {
        plan.file(path, &crate::export::bytes(path, &long, lang)?)?;
    }
    plan.commit()?;
    println!(
        "{}",
        lang.pick(
            format!("趋势分析已写入 {}", out.display()),
            format!("trends written to {}", out.display())
        )
    );
    Ok(Status::Ok)
}

/// The trend workbook (when its path is known) and the export.
fn targets<'a>(out: Option<&'a Path>, args: &'a TrendArgs) -> Vec<Target<'a>> {
    out.into_iter()
        .chain(args.export.as_deref())
        .map(Target::File)
        .collect()
}
