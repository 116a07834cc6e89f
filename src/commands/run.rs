//! `assess run DIR`: the yearly job — read and validate, score, rank, write.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::Status;
use crate::cli::RunArgs;
use crate::framework::{Framework, Mode};
use crate::intake::{self, Options};
use crate::lang::Lang;
use crate::output::write_atomic;
use crate::report;
use crate::score::points::{self, Adjustments};
use crate::score::{Scored, Table, input};

// WIRING: replaced by score::table::read_table and score::composite::score
fn read_table(_path: &Path, _fw: &Framework) -> Result<(Table, Vec<String>)> {
    bail!("--table is not available yet")
}
fn composite_score(_fw: &Framework, _table: &Table) -> Result<Scored> {
    bail!("weighted-mean is not available yet")
}

pub fn run(args: &RunArgs, lang: Lang) -> Result<Status> {
    let fw = super::load_framework(args.indicators.as_deref(), lang)?;
    let (year, table, adjustments, inputs) = match (&args.table, &args.dir) {
        (Some(path), _) => {
            let (table, notes) = read_table(path, &fw)?;
            for note in notes {
                println!("{note}");
            }
            let year = args.year.unwrap_or(fw.from_year);
            (year, table, Adjustments::default(), vec![path.clone()])
        }
        (None, Some(dir)) => {
            let options = Options {
                year: args.year,
                ..Options::default()
            };
            let intake =
                intake::gather(&fw, std::slice::from_ref(dir), &options).with_context(|| {
                    lang.pick("无法读取所给的文件夹", "cannot read the given folder")
                })?;
            if intake.has_errors() {
                print!("{}", super::validate::render(&intake.findings, lang));
                println!("{}", intake.summary(lang));
                if !args.allow_errors {
                    println!(
                        "{}",
                        lang.pick(
                            "有错误，未计分。请改正后重新运行，或加 --allow-errors 照常计分（受影响的数值在结果中标注）",
                            "there are errors; nothing was scored. Fix them and run again, or add --allow-errors to score anyway (affected values are flagged)",
                        )
                    );
                    return Ok(Status::Findings);
                }
            }
            let (table, adjustments) =
                input::from_submissions(&fw, &intake.submissions, &intake.findings)?;
            let files: Vec<PathBuf> = intake
                .submissions
                .iter()
                .map(|s| PathBuf::from(&s.file))
                .collect();
            (intake.year, table, adjustments, files)
        }
        (None, None) => bail!(
            "{}",
            lang.pick(
                "请给出报表所在的文件夹，或用 --table 给出汇总表",
                "give the submissions' folder, or a wide table with --table"
            )
        ),
    };
    let scored = score(&fw, &table, &adjustments, year)?;
    print!("{}", summary(&table, &scored, lang));

    let record_inputs: Vec<(String, String)> = inputs
        .iter()
        .map(|p| (p.display().to_string(), sha256(p)))
        .collect();
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("assessment-{year}.xlsx")));
    let record = report::ranking::Record {
        year,
        inputs: &record_inputs,
        tool_version: env!("CARGO_PKG_VERSION"),
    };
    let bytes = report::ranking::write(&fw, &table, &scored, &record, lang).context(lang.pick(
        "无法生成评估结果工作簿",
        "cannot build the results workbook",
    ))?;
    write_atomic(&out, &bytes)?;
    println!(
        "{}",
        lang.pick(
            format!("结果已写入 {}", out.display()),
            format!("results written to {}", out.display())
        )
    );
    if let Some(path) = &args.export {
        write_atomic(path, crate::export::csv(year, &table, &scored).as_bytes())?;
        println!(
            "{}",
            lang.pick(
                format!("明细已导出 {}", path.display()),
                format!("exported {}", path.display())
            )
        );
    }
    Ok(Status::Ok)
}

/// Scores with the framework's engine.
pub fn score(
    fw: &Framework,
    table: &Table,
    adjustments: &Adjustments,
    year: i32,
) -> Result<Scored> {
    Ok(match fw.mode {
        Mode::Points => points::score(fw, table, adjustments, year),
        Mode::WeightedMean => composite_score(fw, table)?,
    })
}

/// The ranking as printed: rank (并列), unit, total, grade.
fn summary(table: &Table, scored: &Scored, lang: Lang) -> String {
    let Some(total) = scored.total() else {
        return String::new();
    };
    let mut order: Vec<usize> = (0..scored.units.len()).collect();
    order.sort_by_key(|i| (total.rank[*i].unwrap_or(u32::MAX), scored.units[*i].clone()));
    let mut text = String::new();
    for i in order {
        let rank = total.rank[i];
        let tied = rank.is_some() && total.rank.iter().filter(|r| **r == rank).count() > 1;
        let code = &scored.units[i];
        text.push_str(&format!(
            "{:>4}{} {} {} {} {}\n",
            rank.map_or("—".to_string(), |r| r.to_string()),
            if tied {
                lang.pick("（并列）", " (tied)")
            } else {
                ""
            },
            code,
            table.names.get(code).map_or("", String::as_str),
            total.score[i].map_or(String::new(), |s| format!("{s:.2}")),
            scored.grades.get(i).cloned().flatten().unwrap_or_default()
        ));
    }
    for (code, why) in &scored.unscored {
        text.push_str(&format!("   — {code} {why}\n"));
    }
    text
}

fn sha256(path: &Path) -> String {
    use sha2::{Digest, Sha256};
    match std::fs::read(path) {
        Ok(bytes) => Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
        Err(_) => String::new(),
    }
}
