//! `assess trend ROOT`: several years side by side.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::Status;
use crate::analysis::trend;
use crate::cli::TrendArgs;
use crate::lang::Lang;
use crate::output::{self, Inputs, Plan, Target};
use crate::report;
use crate::report::trend::Published;

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
    let found = trend::gather(&fw, &args.root, args.as_published, lang).with_context(|| {
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
    for y in &found.years {
        println!(
            "{}",
            lang.pick(
                format!(
                    "{} 年：{}（{} 份报表）",
                    y.year,
                    y.folder,
                    y.assessed.intake.submissions.len()
                ),
                format!(
                    "{}: {} ({} submissions)",
                    y.year,
                    y.folder,
                    y.assessed.intake.submissions.len()
                ),
            )
        );
    }
    let published = read_published(&args.root, &fw, lang)?;
    let (first, last) = (found.years[0].year, found.years[found.years.len() - 1].year);
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("trend-{first}-{last}.xlsx")));
    output::guard(&targets(Some(&out), args), &inputs)?;
    let timestamp = crate::assessment::timestamp::of_years(last);
    let view = report::trend::Trend {
        fw: &fw,
        years: &found.years,
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
        let mut text = String::new();
        for (k, y) in found.years.iter().enumerate() {
            let a = &y.assessed;
            let csv = crate::export::csv(y.year, &a.table, &a.scored, Some(&a.self_scored));
            // one header for all years
            let body = if k == 0 {
                csv.as_str()
            } else {
                csv.split_once("\r\n").map_or("", |(_, rest)| rest)
            };
            text.push_str(body);
        }
        plan.file(path, &crate::export::bytes(path, text, lang)?)?;
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

/// The figures the city published (`published.csv` in ROOT: `year,field,value,source`;
/// the field by code or name), to set beside the city totals.
fn read_published(
    root: &Path,
    fw: &crate::framework::Framework,
    lang: Lang,
) -> Result<Vec<Published>> {
    let path = root.join("published.csv");
    let Ok(bytes) = std::fs::read(&path) else {
        return Ok(Vec::new());
    };
    let text = String::from_utf8_lossy(&bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        let cells: Vec<&str> = line.split(',').map(str::trim).collect();
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        let problem = || {
            lang.pick(
                format!("{}:{}: 应为“年度,字段,数值,来源”", path.display(), n + 1),
                format!(
                    "{}:{}: expected `year,field,value,source`",
                    path.display(),
                    n + 1
                ),
            )
        };
        let [year, field, value, source @ ..] = &cells[..] else {
            bail!("{}", problem());
        };
        let year: i32 = year.parse().ok().with_context(problem)?;
        let value: f64 = value.replace('，', "").parse().ok().with_context(problem)?;
        let field = fw
            .fields
            .iter()
            .find(|f| f.code == *field || f.name == *field)
            .with_context(|| {
                lang.pick(
                    format!("{}:{}: 没有字段“{field}”", path.display(), n + 1),
                    format!("{}:{}: no field `{field}`", path.display(), n + 1),
                )
            })?;
        out.push(Published {
            year,
            field: field.code.clone(),
            value,
            source: source.join(","),
        });
    }
    Ok(out)
}
