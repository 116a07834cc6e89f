//! What `assess indicators` prints: a framework checked, its problems, the
//! edits of a 评分细则 workbook written back or refused.

use std::path::Path;

use crate::edit::{Refusal, StaleNote};
use crate::framework::{Framework, Problem};
use crate::lang::Lang;

/// `评估体系 … 检查通过：9 个维度、…`.
pub fn clean(framework: &Framework, lang: Lang) -> String {
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
}

/// A framework's problems, one a line (`file:line: key: message`).
pub fn problems(problems: &[Problem], lang: Lang) -> String {
    problems
        .iter()
        .map(|p| format!("{}\n", p.render(lang)))
        .collect()
}

/// `评估体系有 3 处问题` (for stderr).
pub fn problem_count(n: usize, lang: Lang) -> String {
    lang.pick(
        format!("评估体系有 {n} 处问题"),
        format!("{n} problem(s) in the framework"),
    )
}

/// `已写入评分细则：…`.
pub fn rules_written(path: &Path, lang: Lang) -> String {
    lang.pick(
        format!("已写入评分细则：{}", path.display()),
        format!("wrote the scoring rules: {}", path.display()),
    )
}

/// The workbook's edits that cannot be written back, one a line.
pub fn refused(refusals: &[Refusal], lang: Lang) -> String {
    refusals
        .iter()
        .map(|r| format!("{}\n", r.render(lang)))
        .collect()
}

/// How many edits were refused (for stderr): nothing was written.
pub fn refused_count(n: usize, lang: Lang) -> String {
    lang.pick(
        format!("细则中有 {n} 处修改无法写回；未写入任何文件"),
        format!("{n} edit(s) in the workbook cannot be written back; nothing was written"),
    )
}

/// Notes in the framework files that still name an old value.
pub fn stale(notes: &[StaleNote], lang: Lang) -> String {
    notes
        .iter()
        .map(|stale| {
            let line = lang.pick(
                format!(
                    "注意：{}「{}」仍写着原来的「{}」，请在文件中核对",
                    stale.key, stale.note, stale.old
                ),
                format!(
                    "note: {} `{}` still names the old `{}`; check it in the file",
                    stale.key, stale.note, stale.old
                ),
            );
            format!("{line}\n")
        })
        .collect()
}

/// The edited framework does not check (for stderr): written, to be evened out.
pub fn edited_problems(n: usize, out: &Path, lang: Lang) -> String {
    lang.pick(
        format!(
            "修改后的评估体系有 {n} 处问题（文件已写入 {}）；请在细则中调平后重新写回",
            out.display()
        ),
        format!(
            "the edited framework has {n} problem(s) (written to {}); even them out in the workbook and write it back again",
            out.display()
        ),
    )
}

/// How many edits were written to `out`.
pub fn changes_written(n: usize, out: &Path, lang: Lang) -> String {
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
}
