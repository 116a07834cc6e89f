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
            if is_folder(p) {
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
    print!("{}", crate::text::findings(&intake.findings, lang));
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
        let sorted = crate::text::sorted(&intake.findings);
        let cannot = || {
            lang.pick(
                "无法生成审核意见工作簿",
                "cannot build the findings workbook",
            )
        };
        let mut plan = Plan::new(inputs);
        let mut written = 0;
        if is_folder(path) {
            // the whole, and one per county that sent a file or has a finding
            let whole = path.join(lang.pick(
                format!("{}-审核意见汇总.xlsx", intake.year),
                format!("{}-findings-all.xlsx", intake.year),
            ));
            let bytes =
                report::findings::write(&sorted, &fw, intake.year, None, lang).context(cannot())?;
            plan.file(&whole, &bytes)?;
            written += 1;
            for unit in &fw.units {
                let sent = intake.submissions.iter().any(|s| s.unit_code == unit.code);
                let own: Vec<_> = sorted
                    .iter()
                    .filter(|f| {
                        f.unit
                            .as_deref()
                            .is_some_and(|n| n == unit.name || unit.name_en.as_deref() == Some(n))
                    })
                    .cloned()
                    .collect();
                if !sent && own.is_empty() {
                    continue;
                }
                let name = lang.name(&unit.name, unit.name_en.as_deref());
                // a unit's name is checked safe as a file name with the framework
                let file = path.join(lang.pick(
                    format!("{}-{name}-审核意见.xlsx", intake.year),
                    format!("{}-{name}-findings.xlsx", intake.year),
                ));
                let bytes = report::findings::write(&own, &fw, intake.year, Some(name), lang)
                    .context(cannot())?;
                plan.file(&file, &bytes)?;
                written += 1;
            }
        } else {
            let bytes =
                report::findings::write(&sorted, &fw, intake.year, None, lang).context(cannot())?;
            plan.file(path, &bytes)?;
            written += 1;
        }
        plan.commit()?;
        println!(
            "{}",
            if is_folder(path) {
                lang.pick(
                    format!(
                        "审核意见已写入 {}（{written} 个文件：汇总和每个县一份）",
                        path.display()
                    ),
                    format!(
                        "findings written to {} ({written} files: the whole and one per county)",
                        path.display()
                    ),
                )
            } else {
                lang.pick(
                    format!("审核意见已写入 {}", path.display()),
                    format!("findings written to {}", path.display()),
                )
            }
        );
    }
    Ok(if intake.has_errors() || strict {
        Status::Findings
    } else {
        Status::Ok
    })
}

/// `--report DIR`: a path that is a folder, or names none with `.xlsx`.
fn is_folder(path: &std::path::Path) -> bool {
    path.is_dir()
        || !path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}
