//! The findings workbook (`assess validate --report FILE.xlsx`): one row per
//! finding, for the office to filter and send back to a county.

use rust_xlsxwriter::{Workbook, XlsxError};

use std::path::{Path, PathBuf};

use super::measures::Written;
use super::style;
use crate::code::UnitCode;
use crate::finding::Finding;
use crate::framework::Framework;
use crate::lang::Lang;

/// `--report DIR`: a path that is a folder, or names none with `.xlsx`.
pub fn is_folder(path: &Path) -> bool {
    path.is_dir()
        || !path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// The workbooks `--report PATH` writes, with their paths: for a file, the
/// one workbook of every finding; for a folder ([`is_folder`]), that one as
/// `2023-审核意见汇总.xlsx` and one per county that `sent` a file or has a
/// finding, with only its findings (`2023-正定县-审核意见.xlsx`; a unit's
/// name is checked safe as a file name with the framework).
pub fn files(
    path: &Path,
    findings: &[Finding],
    sent: &[&UnitCode],
    fw: &Framework,
    year: i32,
    lang: Lang,
) -> Result<Vec<(PathBuf, Vec<u8>)>, XlsxError> {
    let all = write(findings, fw, year, None, lang)?;
    if !is_folder(path) {
        return Ok(vec![(path.to_path_buf(), all)]);
    }
    let whole = path.join(lang.pick(
        format!("{year}-审核意见汇总.xlsx"),
        format!("{year}-findings-all.xlsx"),
    ));
    let mut out = vec![(whole, all)];
    for unit in &fw.units {
        // a finding names its unit by name
        let own: Vec<Finding> = findings
            .iter()
            .filter(|f| {
                f.unit
                    .as_deref()
                    .is_some_and(|n| n == unit.name || unit.name_en.as_deref() == Some(n))
            })
            .cloned()
            .collect();
        if own.is_empty() && !sent.contains(&&unit.code) {
            continue;
        }
        let name = lang.name(&unit.name, unit.name_en.as_deref());
        let file = path.join(lang.pick(
            format!("{year}-{name}-审核意见.xlsx"),
            format!("{year}-{name}-findings.xlsx"),
        ));
        out.push((file, write(&own, fw, year, Some(name), lang)?));
    }
    Ok(out)
}

/// The workbook's bytes; `year` fixes the document date (deterministic
/// output). `unit` names the county in the title when the workbook is that
/// county's own (`--report DIR`); it has only that county's findings.
///
/// What clerks read: the file by its name (not its path), the unit and the
/// field by their names with the codes beside them (`正定县（130123）`,
/// `组织应急演练次数（drills）`).
pub fn write(
    findings: &[Finding],
    fw: &Framework,
    year: i32,
    unit: Option<&str>,
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let title = match unit {
        Some(unit) => lang.pick(
            format!("{year}年度{unit}填报数据审核意见"),
            format!("{year} submission findings: {unit}"),
        ),
        None => lang.pick(
            format!("{year}年度填报数据审核意见"),
            format!("{year} submission findings"),
        ),
    };
    workbook.set_properties(
        &style::properties(&title, year)?
            .set_custom_property(crate::layout::PROP_KIND, crate::layout::KIND_FINDINGS),
    );
    let sheet = workbook.add_worksheet();
    sheet.set_name(lang.pick("审核意见", "Findings"))?;
    let headers: [&str; 7] = lang.pick(
        ["文件", "单位", "位置", "字段", "填写内容", "级别", "说明"],
        [
            "File", "Unit", "Cell", "Field", "As typed", "Severity", "Message",
        ],
    );
    sheet.set_row_height(0, 28)?;
    sheet.merge_range(0, 0, 0, 6, &title, &style::title())?;
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(1, u16::try_from(c).unwrap_or(0), *h, &style::header())?;
    }
    let cell = style::cell();
    let named =
        |name: &str, code: &str| lang.pick(format!("{name}（{code}）"), format!("{name} ({code})"));
    let mut rows: Vec<[String; 7]> = Vec::new();
    for f in findings {
        // a finding names its unit by name: its code beside it
        let unit = f.unit.as_deref().map_or_else(String::new, |name| {
            fw.units
                .iter()
                .find(|u| u.name == name || u.name_en.as_deref() == Some(name))
                .map_or_else(|| name.to_string(), |u| named(name, u.code.as_str()))
        });
        let field = f.field.as_deref().map_or_else(String::new, |code| {
            fw.field(code).map_or_else(
                || code.to_string(),
                |d| named(lang.name(&d.name, d.name_en.as_deref()), code),
            )
        });
        rows.push([
            crate::location::file_name(&f.file),
            unit,
            f.cell.as_ref().map(ToString::to_string).unwrap_or_default(),
            field,
            f.typed.clone().unwrap_or_default(),
            f.severity.label(lang).to_string(),
            f.what.message(lang),
        ]);
    }
    if rows.is_empty() {
        rows.push([
            String::new(),
            unit.unwrap_or_default().to_string(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            lang.pick("没有发现问题", "no findings").to_string(),
        ]);
    }
    let mut written = Written::default();
    for (c, h) in (0u16..).zip(headers) {
        written.text(sheet, (1, c), h, &style::header())?;
    }
    for (r, values) in (2u32..).zip(&rows) {
        for (c, v) in (0u16..).zip(values) {
            // text as typed by counties is written as text, never as a formula
            written.text(sheet, (r, c), v, &cell)?;
        }
    }
    // rows as tall as their wrapped messages
    let width = written.fit(
        sheet,
        &[
            (16.0, 36.0),
            (8.0, 18.0),
            (12.0, 20.0),
            (10.0, 26.0),
            (10.0, 24.0),
            (6.0, 8.0),
            (30.0, 60.0),
        ],
    )?;
    sheet.set_row_height(1, 20)?;
    let last = u32::try_from(rows.len()).unwrap_or(0) + 1;
    sheet.autofilter(1, 0, last.max(1), 6)?;
    sheet.set_freeze_panes(2, 0)?;
    style::print_setup(sheet, true, (1, 1))?;
    style::paper_for_width(sheet, width);
    crate::report::style::finish(&mut workbook, lang)
}
