//! `assess indicators`: show the framework as a tree, check it, write the 评分细则 workbook,
//! or write an edited 评分细则 back into framework files (`--from-xlsx`).

use std::path::Path;

use anyhow::{Context, Result};

use crate::Status;
use crate::cli::IndicatorsArgs;
use crate::edit::{self, EditError, Outcome};
use crate::framework::{self, DEFAULT_FILES, FrameworkError, Origin, Problem, describe};
use crate::lang::Lang;
use crate::output::{self, Inputs, Plan, Target};
use crate::report;
use crate::text;

pub fn run(args: &IndicatorsArgs, lang: Lang) -> Result<Status> {
    if let (Some(book), Some(out)) = (&args.from_xlsx, &args.out) {
        return from_xlsx(args.indicators.as_deref(), book, out, lang);
    }
    let framework = match framework::load(args.indicators.as_deref()) {
        Ok(framework) => framework,
        Err(FrameworkError::Problems(problems)) => return Ok(report_problems(&problems, lang)),
        Err(err @ FrameworkError::Load(_)) => return Err(err.into()),
    };
    if args.check {
        println!("{}", text::framework::clean(&framework, lang));
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
        println!("{}", text::framework::rules_written(path, lang));
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
            format!("无法读取「{}」", book.display()),
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
            print!("{}", text::framework::refused(&refusals, lang));
            eprintln!("{}", text::framework::refused_count(refusals.len(), lang));
            return Ok(Status::Findings);
        }
        Err(EditError::Problems(problems)) => {
            return Ok(report_problems(&problems, lang));
        }
        Err(err @ EditError::NotRules(_)) => {
            anyhow::bail!(lang.pick(
                format!("「{}」{}", book.display(), err.message(lang)),
                format!("`{}`: {}", book.display(), err.message(lang)),
            ));
        }
        Err(err @ EditError::OtherFramework { .. }) => {
            anyhow::bail!(lang.pick(
                format!(
                    "「{}」不是按这个评估体系生成的细则：{}",
                    book.display(),
                    err.message(lang)
                ),
                format!(
                    "`{}` was written from another framework: {}",
                    book.display(),
                    err.message(lang)
                ),
            ));
        }
        Err(err) => anyhow::bail!(err.message(lang)),
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
    print!("{}", text::framework::stale(&edited.stale_notes, lang));
    match framework::load(Some(out)) {
        Ok(_) => {}
        Err(FrameworkError::Problems(problems)) => {
            print!("{}", text::framework::problems(&problems, lang));
            eprintln!(
                "{}",
                text::framework::edited_problems(problems.len(), out, lang)
            );
            return Ok(Status::Findings);
        }
        Err(err @ FrameworkError::Load(_)) => return Err(err.into()),
    }
    println!(
        "{}",
        text::framework::changes_written(edited.changes.len(), out, lang)
    );
    Ok(Status::Ok)
}

/// Lists a framework's problems, one a line, and the count on stderr.
fn report_problems(problems: &[Problem], lang: Lang) -> Status {
    print!("{}", text::framework::problems(problems, lang));
    eprintln!("{}", text::framework::problem_count(problems.len(), lang));
    Status::Findings
}
