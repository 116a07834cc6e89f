//! `assess validate PATH...`: read and check a year's submissions, report every finding.

use anyhow::{Context, Result};

use crate::Status;
use crate::cli::ValidateArgs;
use crate::intake::{self, Options};
use crate::lang::Lang;
use crate::output::{self, Inputs, Plan, Target};
use crate::report;

pub fn run(args: &ValidateArgs, lang: Lang) -> Result<Status> {
    // the report never replaces an input (last year's folder beside: once the year is known)
    let mut inputs = Inputs::default();
    inputs
        .add_all(&args.paths)
        .add_some(args.previous.as_deref())
        .add_some(args.indicators.as_deref());
    if let (None, Some(year)) = (&args.previous, args.year) {
        inputs.add_all(&intake::beside(&args.paths, year - 1));
    }
    let targets: Vec<Target> = args
        .report
        .as_deref()
        .map(|p| {
            if report::findings::is_folder(p) {
                Target::Folder(p)
            } else {
                Target::File(p)
            }
        })
        .into_iter()
        .collect();
    output::guard(&targets, &inputs)?;
    super::given_paths_exist(args.paths.iter().map(std::path::PathBuf::as_path), lang)?;
    let fw = crate::framework::load_usable(args.indicators.as_deref(), lang)?;
    let options = Options {
        year: args.year,
        previous: args.previous.clone().map(|p| vec![p]),
        only_given: args.only_given,
        ..Options::default()
    };
    let intake = intake::gather(&fw, &args.paths, &options).with_context(|| {
        lang.pick(
            "无法读取所给的文件或文件夹",
            "cannot read the given files or folders",
        )
    })?;
    if let (None, None, false) = (&args.previous, args.year, targets.is_empty()) {
        inputs.add_all(&intake::beside(&args.paths, intake.year - 1));
        output::guard(&targets, &inputs)?;
    }
    print!("{}", crate::text::findings(&intake.findings, &fw, lang));
    // and the files without any finding, so that every file read is listed
    let read: Vec<(String, String)> = intake
        .submissions
        .iter()
        .map(|s| {
            let unit = fw.unit(&s.unit_code).map_or_else(
                || s.unit_code.to_string(),
                |u| lang.name(&u.name, u.name_en.as_deref()).to_string(),
            );
            (s.file.clone(), unit)
        })
        .collect();
    print!("{}", crate::text::clean(&read, &intake.findings, lang));
    if !intake.previous.is_empty() {
        println!(
            "{}",
            lang.pick(
                format!(
                    "上年数据：{}（{} 个单位）",
                    intake.previous_from.join("、"),
                    intake.previous.len()
                ),
                format!(
                    "last year's data: {} ({} units)",
                    intake.previous_from.join(", "),
                    intake.previous.len()
                ),
            )
        );
    }
    println!("{}", intake.summary(lang));
    // what a run would make of it: the units whose standing the warned values decide
    let changes = crate::summary::what_if_of(&fw, &intake)?;
    print!(
        "{}",
        crate::summary::render(
            &fw,
            &intake.findings,
            intake.city.as_ref(),
            changes.as_deref(),
            true,
            lang
        )
    );
    let strict =
        args.strict && crate::summary::unaccepted(&fw, &intake.findings, intake.city.as_ref()) > 0;
    if let Some(path) = &args.report {
        let sent: Vec<&crate::code::UnitCode> =
            intake.submissions.iter().map(|s| &s.unit_code).collect();
        let sorted = crate::text::sorted(&intake.findings);
        let files = report::findings::files(path, &sorted, &sent, &fw, intake.year, lang).context(
            lang.pick(
                "无法生成审核意见工作簿",
                "cannot build the findings workbook",
            ),
        )?;
        let mut plan = Plan::new(inputs);
        for (file, bytes) in &files {
            plan.file(file, bytes)?;
        }
        plan.commit()?;
        let folder = report::findings::is_folder(path);
        println!(
            "{}",
            crate::text::findings_written(path, folder, files.len(), lang)
        );
    }
    Ok(if intake.has_errors() || strict {
        Status::Findings
    } else {
        Status::Ok
    })
}
