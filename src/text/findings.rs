//! The findings as printed: a heading per file, then its findings, most serious first.

use std::collections::BTreeMap;

use crate::finding::{Finding, Severity};
use crate::framework::Framework;
use crate::lang::Lang;

/// Findings grouped by file (in the order files were found), most serious first.
pub fn sorted(findings: &[Finding]) -> Vec<Finding> {
    let mut order: BTreeMap<&str, usize> = BTreeMap::new();
    for f in findings {
        let next = order.len();
        order.entry(f.file.as_str()).or_insert(next);
    }
    let mut out = findings.to_vec();
    out.sort_by(|a, b| {
        let key = |f: &Finding| {
            (
                f.file.is_empty(),
                order[f.file.as_str()],
                f.severity,
                f.cell.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
    out
}

/// The printed report: a heading per file, then its findings.
pub fn findings(findings: &[Finding], fw: &Framework, lang: Lang) -> String {
    let mut text = String::new();
    let mut current: Option<&str> = None;
    let findings = sorted(findings);
    for f in &findings {
        if current != Some(f.file.as_str()) {
            current = Some(f.file.as_str());
            let heading = if f.file.is_empty() {
                lang.pick("—— 汇总", "—— overall").to_string()
            } else {
                let unit = f
                    .unit
                    .as_deref()
                    .map(|u| {
                        let name = fw
                            .unit(u)
                            .map_or(u, |u| lang.name(&u.name, u.name_en.as_deref()));
                        lang.pick(format!("（{name}）"), format!(" ({name})"))
                    })
                    .unwrap_or_default();
                format!("—— {}{unit}", f.file)
            };
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&heading);
            text.push('\n');
        }
        let label = match f.severity {
            Severity::Error => lang.pick("[错误]", "[error]"),
            Severity::Warning => lang.pick("[警告]", "[warning]"),
            Severity::Note => lang.pick("[提示]", "[note]"),
        };
        text.push_str(&format!("  {label} {}\n", f.render(lang)));
    }
    if !text.is_empty() {
        text.push('\n');
    }
    text
}

/// The files read without any finding, one line each, so that every file
/// found is accounted for: `—— 没有发现问题（2 个文件）` then `  正定县 …xlsx`.
pub fn clean(files: &[(String, String)], findings: &[Finding], lang: Lang) -> String {
    let clean: Vec<&(String, String)> = files
        .iter()
        .filter(|(file, _)| !findings.iter().any(|f| f.file == *file))
        .collect();
    if clean.is_empty() {
        return String::new();
    }
    let mut text = lang.pick(
        format!("\n—— 没有发现问题（{} 个文件）\n", clean.len()),
        format!(
            "\n—— no findings ({})\n",
            Lang::count(clean.len(), "file", "files")
        ),
    );
    for (file, unit) in clean {
        text.push_str(&lang.pick(
            format!("  {file}（{unit}）\n"),
            format!("  {file} ({unit})\n"),
        ));
    }
    text
}

/// Where `validate --report` wrote: the one workbook, or `files` of them in
/// the folder `path` (the whole and one per county).
pub fn findings_written(path: &std::path::Path, folder: bool, files: usize, lang: Lang) -> String {
    if folder {
        lang.pick(
            format!(
                "审核意见已写入 {}（{files} 个文件：汇总和每个县一份）",
                path.display()
            ),
            format!(
                "findings written to {} ({files} files: the whole and one per county)",
                path.display()
            ),
        )
    } else {
        lang.pick(
            format!("审核意见已写入 {}", path.display()),
            format!("findings written to {}", path.display()),
        )
    }
}
