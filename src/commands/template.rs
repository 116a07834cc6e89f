//! `assess template --year YEAR`: one submission template per unit.

use anyhow::{Context, Result, bail};

use crate::Status;
use crate::cli::TemplateArgs;
use crate::extract::Submission;
use crate::framework::Unit;
use crate::ingest::isolate::Limits;
use crate::intake;
use crate::lang::Lang;
use crate::numbers::Value;
use crate::output::template_file_name;
use crate::output::{self, Inputs, Plan, Target};
use crate::report::template::{Request, Tamper, write};
use crate::submission::{Entry, Filled};

pub fn run(args: &TemplateArgs, lang: Lang) -> Result<Status> {
    let fw = crate::framework::load_usable(args.indicators.as_deref(), lang)?;
    if !fw.applies_to(args.year) {
        bail!(
            "{}",
            lang.pick(
                format!("评估体系 {} 不适用于 {} 年度", fw.id, args.year),
                format!("framework {} does not apply to {}", fw.id, args.year),
            )
        );
    }
    let units: Vec<&Unit> = if args.units.is_empty() {
        fw.units.iter().collect()
    } else {
        let mut picked = Vec::new();
        for wanted in &args.units {
            match fw.unit(wanted) {
                Some(unit) => picked.push(unit),
                None => bail!(
                    "{}",
                    lang.pick(
                        format!("没有代码或名称为「{wanted}」的参评单位"),
                        format!("no unit with the code or name `{wanted}`"),
                    )
                ),
            }
        }
        picked
    };
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| format!("templates-{}", args.year).into());
    // the templates never replace an input (last year's files, the framework's)
    let paths: Vec<std::path::PathBuf> = units
        .iter()
        .map(|unit| Ok(out.join(template_file_name(args.year, &unit.name)?)))
        .collect::<Result<_>>()?;
    let mut inputs = Inputs::default();
    inputs
        .add_some(args.previous.as_deref())
        .add_some(args.indicators.as_deref());
    let targets: Vec<Target> = paths.iter().map(|p| Target::File(p)).collect();
    output::guard(&targets, &inputs)?;
    let tamper = Tamper::default();
    let previous = match &args.previous {
        Some(path) => {
            let read = intake::read_year(
                &fw,
                std::slice::from_ref(path),
                args.year - 1,
                &Limits::default(),
            );
            println!(
                "{}",
                lang.pick(
                    format!(
                        "上年数：从「{}」读取了 {} 个单位 {} 年度的报表",
                        path.display(),
                        read.len(),
                        args.year - 1
                    ),
                    format!(
                        "last year: read {} units' {} submissions from `{}`",
                        read.len(),
                        args.year - 1,
                        path.display()
                    ),
                )
            );
            read
        }
        None => std::collections::BTreeMap::new(),
    };
    let mut plan = Plan::new(inputs);
    for (unit, path) in units.iter().zip(&paths) {
        let last = previous.get(&unit.code).map(filled_from);
        let bytes = write(&Request {
            framework: &fw,
            unit,
            year: args.year,
            filled: None,
            previous: last.as_ref(),
            tamper: &tamper,
        })
        .with_context(|| {
            format!(
                "{}: {}",
                unit.name,
                lang.pick("无法生成填报表", "cannot build the template")
            )
        })?;
        plan.file(path, &bytes)?;
    }
    plan.commit()?;
    println!(
        "{}",
        lang.pick(
            format!("已在「{}」写入 {} 份填报表", out.display(), units.len()),
            format!("wrote {} templates to `{}`", units.len(), out.display()),
        )
    );
    Ok(Status::Ok)
}

/// Last year's values as the template writer shows them (是/否 for yes/no).
fn filled_from(sub: &Submission) -> Filled {
    let mut filled = Filled::default();
    for (code, read) in &sub.values {
        let entry = match &read.value {
            Value::Number(n) => Entry::Number(*n),
            Value::YesNo(b) => Entry::Text(if *b { "是" } else { "否" }.to_string()),
            Value::Text(t) => Entry::Text(t.clone()),
            Value::Date(day) => Entry::Text(crate::date::text(*day)),
            Value::Blank => continue,
        };
        filled.values.insert(code.clone(), entry);
    }
    filled
}
