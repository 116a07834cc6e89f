//! `assess indicators`: show the framework as a tree, check it, write the 评分细则 workbook,
//! or write an edited 评分细则 back into framework files (`--from-xlsx`).

use std::path::Path;

use anyhow::{Context, Result};

use crate::Status;
use crate::cli::IndicatorsArgs;
use crate::framework::edit::{self, EditError, Outcome};
use crate::framework::{self, DEFAULT_FILES, FrameworkError, Origin, Problem, describe};
use crate::lang::Lang;
use crate::output::{self, Inputs, Plan, Target};
use crate::report;

pub fn run(args: &IndicatorsArgs, lang: Lang) -> Result<Status> {
    if let (Some(book), Some(out)) = (&args.from_xlsx, &args.out) {
        return from_xlsx(args.indicators.as_deref(), book, out, lang);
    }
    let framework = match framework::load(args.indicators.as_deref()) {
        Ok(framework) => framework,
        Err(FrameworkError::Problems(problems)) => {
            for problem in &problems {
                println!("{}", problem.render(lang));
            }
            eprintln!(
                "{}",
                lang.pick(
                    format!("评估体系有 {} 处问题", problems.len()),
                    format!("{} problem(s) in the framework", problems.len()),
                )
            );
            return Ok(Status::Findings);
        }
        Err(err @ FrameworkError::Load(_)) => return Err(err.into()),
    };
    if args.check {
        println!(
            "{}",
            lang.pick(
                format!(
                    "评估体系 {} {} 检查通过：{} 个维度、{} 项指标、{} 个字段、{} 个单位",
                    framework.id,
                    framework.version,
                    framework.dimensions.len(),
                    framework.indicators.len(),
                    framework.fields.len(),
                    framework.units.len()
                ),
                format!(
                    "framework {} {} is clean: {} dimensions, {} indicators, {} fields, {} units",
                    framework.id,
                    framework.version,
                    framework.dimensions.len(),
                    framework.indicators.len(),
                    framework.fields.len(),
                    framework.units.len()
                ),
            )
        );
        return Ok(Status::Ok);
    }
    if let Some(path) = &args.xlsx {
        let mut inputs = Inputs::default();
        inputs.add_some(args.indicators.as_deref());
        output::guard(&[Target::File(path)], &inputs)?;
        let bytes = report::rules::write(&framework, lang)
            .context(lang.pick("无法生成评分细则工作簿", "cannot build the rules workbook"))?;
        let mut plan = Plan::new(inputs);
        plan.file(path, &bytes)?;
        plan.commit()?;
        println!(
            "{}",
            lang.pick(
                format!("已写入评分细则：{}", path.display()),
                format!("wrote the scoring rules: {}", path.display()),
            )
        );
        return Ok(Status::Ok);
    }
    print!("{}", describe::tree(&framework, lang));
    Ok(Status::Ok)
}

/// `--from-xlsx FILE --out DIR`: the workbook's edits, written into DIR as framework files.
/// Exit 0: written (or nothing to change); 1: edits refused (nothing written) or the
/// edited framework does not check (written, problems listed); 2: cannot read.
fn from_xlsx(indicators: Option<&Path>, book: &Path, out: &Path, lang: Lang) -> Result<Status> {
    let workbook = crate::ingest::read::read_workbook(book).with_context(|| {
        lang.pick(
            format!("无法读取 `{}`", book.display()),
            format!("cannot read `{}`", book.display()),
        )
    })?;
    let origin = match indicators {
        Some(path) => Origin::Path(path),
        None => Origin::Embedded {
            prefix: "<default>/",
            files: DEFAULT_FILES,
        },
    };
    let edited = match edit::edit(&origin, &workbook) {
        Ok(Outcome::Edited(edited)) => edited,
        Ok(Outcome::Refused(refusals)) => {
            for refusal in &refusals {
                println!("{}", refusal.render(lang));
            }
            eprintln!(
                "{}",
                lang.pick(
                    format!("细则中有 {} 处修改无法写回；未写入任何文件", refusals.len()),
                    format!(
                        "{} edit(s) in the workbook cannot be written back; nothing was written",
                        refusals.len()
                    ),
                )
            );
            return Ok(Status::Findings);
        }
        Err(EditError::Problems(problems)) => {
            return Ok(report_problems(&problems, lang));
        }
        Err(err @ EditError::NotRules(_)) => {
            return Err(err).context(lang.pick(
                format!("`{}` 不是 assess 生成的评分细则", book.display()),
                format!("`{}` is not a scoring-rules workbook", book.display()),
            ));
        }
        Err(err @ EditError::OtherFramework { .. }) => {
            return Err(err).context(lang.pick(
                format!("`{}` 不是按这个评估体系生成的细则", book.display()),
                format!("`{}` was written from another framework", book.display()),
            ));
        }
        Err(err) => return Err(err.into()),
    };
    // the framework files may be written back in place (`--out` the
    // `--indicators` folder: documented); the workbook read is never replaced
    let mut inputs = Inputs::default();
    inputs.add(book);
    let paths: Vec<std::path::PathBuf> = edited.files.iter().map(|f| out.join(&f.name)).collect();
    let targets: Vec<Target> = paths.iter().map(|p| Target::File(p)).collect();
    output::guard(&targets, &inputs)?;
    let mut plan = Plan::new(inputs);
    for (file, path) in edited.files.iter().zip(&paths) {
        plan.file(path, file.text.as_bytes())?;
    }
    plan.commit()?;
    for change in &edited.changes {
        println!("{}", change.render());
    }
    for stale in &edited.stale_notes {
        println!(
            "{}",
            lang.pick(
                format!(
                    "注意：{} `{}` 仍写着原来的 `{}`，请在文件中核对",
                    stale.key, stale.note, stale.old
                ),
                format!(
                    "note: {} `{}` still names the old `{}`; check it in the file",
                    stale.key, stale.note, stale.old
                ),
            )
        );
    }
    match framework::load(Some(out)) {
        Ok(_) => {}
        Err(FrameworkError::Problems(problems)) => {
            for problem in &problems {
                println!("{}", problem.render(lang));
            }
            eprintln!(
                "{}",
                lang.pick(
                    format!(
                        "修改后的评估体系有 {} 处问题（文件已写入 {}）；请在细则中调平后重新写回",
                        problems.len(),
                        out.display()
                    ),
                    format!(
                        "the edited framework has {} problem(s) (written to {}); even them out in the workbook and write it back again",
                        problems.len(),
                        out.display()
                    ),
                )
            );
            return Ok(Status::Findings);
        }
        Err(err @ FrameworkError::Load(_)) => return Err(err.into()),
    }
    let n = edited.changes.len();
    println!(
        "{}",
        match n {
            0 => lang.pick(
                format!("细则中没有修改；评估体系已原样写入 {}", out.display()),
                format!(
                    "no edits in the workbook; the framework was written unchanged to {}",
                    out.display()
                ),
            ),
            n => lang.pick(
                format!("已将 {n} 处修改写入 {}", out.display()),
                format!("wrote {n} change(s) to {}", out.display()),
            ),
        }
    );
    Ok(Status::Ok)
}

/// Lists a framework's problems, one a line, and the count on stderr.
fn report_problems(problems: &[Problem], lang: Lang) -> Status {
    for problem in problems {
        println!("{}", problem.render(lang));
    }
    eprintln!(
        "{}",
        lang.pick(
            format!("评估体系有 {} 处问题", problems.len()),
            format!("{} problem(s) in the framework", problems.len()),
        )
    );
    Status::Findings
}
