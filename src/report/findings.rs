//! The findings workbook (`assess validate --report FILE.xlsx`): one row per
//! finding, for the office to filter and send back to a county.

use rust_xlsxwriter::{Workbook, XlsxError};

use super::style;
use crate::finding::Finding;
use crate::lang::Lang;

/// The workbook's bytes; `year` fixes the document date (deterministic output).
pub fn write(findings: &[Finding], year: i32, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let title = lang.pick(
        format!("{year}年度填报数据审核意见"),
        format!("{year} submission findings"),
    );
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
    let mut rows: Vec<[String; 7]> = Vec::new();
    for f in findings {
        rows.push([
            f.file.clone(),
            f.unit.clone().unwrap_or_default(),
            f.cell.as_ref().map(ToString::to_string).unwrap_or_default(),
            f.field.clone().unwrap_or_default(),
            f.typed.clone().unwrap_or_default(),
            f.severity.label(lang).to_string(),
            f.what.message(lang),
        ]);
    }
    for (r, values) in (2u32..).zip(&rows) {
        for (c, v) in values.iter().enumerate() {
            // text as typed by counties is written as text, never as a formula
            sheet.write_string_with_format(r, u16::try_from(c).unwrap_or(0), v, &cell)?;
        }
    }
    let widths = [
        (16.0, 40.0),
        (8.0, 12.0),
        (12.0, 20.0),
        (10.0, 24.0),
        (10.0, 24.0),
        (6.0, 8.0),
        (30.0, 70.0),
    ];
    for (c, (min, max)) in widths.iter().enumerate() {
        let width = style::fit(
            rows.iter().map(|r| r[c].as_str()).chain([headers[c]]),
            *min,
            *max,
        );
        sheet.set_column_width(u16::try_from(c).unwrap_or(0), width)?;
    }
    let last = u32::try_from(rows.len()).unwrap_or(0) + 1;
    sheet.autofilter(1, 0, last.max(1), 6)?;
    sheet.set_freeze_panes(2, 0)?;
    style::print_setup(sheet, true, (1, 1))?;
    workbook.save_to_buffer()
}
