//! `assess indicators`: show the framework as a tree, check it, or write the 评分细则 workbook.

use anyhow::{Context, Result};

use crate::Status;
use crate::cli::IndicatorsArgs;
use crate::framework::{self, FrameworkError, describe};
use crate::lang::Lang;
use crate::report;

pub fn run(args: &IndicatorsArgs, lang: Lang) -> Result<Status> {
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
        let bytes = report::rules::write(&framework, lang)
            .context(lang.pick("无法生成评分细则工作簿", "cannot build the rules workbook"))?;
        crate::output::write_atomic(path, &bytes)?;
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
