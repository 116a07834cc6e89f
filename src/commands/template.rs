//! `assess template --year YEAR`: one submission template per unit.

use anyhow::{Context, Result, bail};

use crate::Status;
use crate::cli::TemplateArgs;
use crate::framework::Unit;
use crate::lang::Lang;
use crate::layout::template_file_name;
use crate::output::write_atomic;
use crate::report::template::{Request, Tamper, write};

pub fn run(args: &TemplateArgs, lang: Lang) -> Result<Status> {
    let fw = super::load_framework(args.indicators.as_deref(), lang)?;
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
                        format!("没有代码或名称为 `{wanted}` 的参评单位"),
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
    let tamper = Tamper::default();
    for unit in &units {
        let bytes = write(&Request {
            framework: &fw,
            unit,
            year: args.year,
            filled: None,
            previous: None,
            tamper: &tamper,
        })
        .with_context(|| {
            format!(
                "{}: {}",
                unit.name,
                lang.pick("无法生成填报表", "cannot build the template")
            )
        })?;
        write_atomic(&out.join(template_file_name(args.year, &unit.name)), &bytes)?;
    }
    println!(
        "{}",
        lang.pick(
            format!("已在 `{}` 写入 {} 份填报表", out.display(), units.len()),
            format!("wrote {} templates to `{}`", units.len(), out.display()),
        )
    );
    Ok(Status::Ok)
}
