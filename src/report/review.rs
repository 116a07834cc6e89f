//! The city's review workbook (市级复核表), written from a [`Draft`]: a
//! 说明 sheet with the stamp, then 复核, 部室评分, 外部数据, 加分审核,
//! 扣分与否决, 收件登记, 等次审定 — each a paste-friendly table whose input
//! cells (pale yellow) are the only unlocked cells.

use crate::lang::Lang;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

use super::style;
use crate::city::{Draft, DraftCell};
use crate::framework::Framework;
use crate::layout as L;

/// The workbook's bytes.
pub fn write(fw: &Framework, draft: &Draft) -> Result<Vec<u8>, XlsxError> {
    let year = draft.year;
    let mut workbook = Workbook::new();
    let title = format!("{year}年度{}市级复核表", fw.name);
    workbook.set_properties(
        &style::properties(&title, year)?
            .set_custom_property(L::PROP_KIND, L::KIND_CITY)
            .set_custom_property(L::PROP_YEAR, year.to_string().as_str())
            .set_custom_property(L::PROP_FRAMEWORK, fw.id.as_str())
            .set_custom_property(L::PROP_VERSION, fw.version.as_str()),
    );
    let guide = workbook.add_worksheet();
    guide.set_name("说明")?;
    guide.set_column_width(0, 14)?;
    guide.set_column_width(1, 80)?;
    guide.merge_range(0, 0, 0, 1, &title, &style::title())?;
    let label = style::cell().set_bold().set_background_color("F2F2F2");
    let cell = style::cell();
    let stamp = [
        (L::STAMP_KIND, L::CITY_KIND_LABEL.to_string()),
        (L::STAMP_YEAR, year.to_string()),
        (L::STAMP_FRAMEWORK, fw.id.clone()),
        (L::STAMP_VERSION, fw.version.clone()),
    ];
    for (row, (l, v)) in (2u32..).zip(&stamp) {
        guide.write_string_with_format(row, 0, *l, &label)?;
        guide.write_string_with_format(row, 1, v, &cell)?;
    }
    let notes = [
        "复核：核定值留空表示按自评值认定；修改时必须填写调整理由、复核人和日期。",
        "部室评分、外部数据：由各部室和血站、骨髓库、器官捐献办公室等提供，每格必填。",
        "加分审核：审核意见填“同意”或“不同意”；认定数量留空表示按申报数量认定。",
        "扣分与否决：次数留空表示没有；一票否决填“是”；须写明文件依据。逾期扣分由收件登记自动计算。",
        "收件登记：填写收到各县报表的日期，逾期天数按报送截止日期计算。状态填“已报送”“未报送”或“免报”；名单内的单位没有报表、又未登记为未报送或免报时，不予计分。",
        "复核：“核查提示”列出程序对该数值提出的警告；核实无误后在“核实”列填“属实”，该警告即视为已核实（按单位、代码和核查提示对应，重新生成复核表后照填即可）。",
        "等次审定：拟定等次由程序按评分细则计算；党组审定与拟定不同时填写，留空表示维持拟定等次。",
    ];
    for (row, n) in (7u32..).zip(notes) {
        guide.merge_range(row, 0, row, 1, n, &style::note())?;
    }
    style::print_setup(guide, false, (0, 0))?;
    guide.protect();

    let input = style::cell().set_unlocked().set_background_color("FFF2CC");
    let number = style::cell_center().set_num_format("0.##");
    for (name, headers, rows) in &draft.sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(*name)?;
        let last = u16::try_from(headers.len() - 1).unwrap_or(0);
        sheet.merge_range(
            0,
            0,
            0,
            last,
            &format!("{year}年度市级复核表 — {name}"),
            &style::title(),
        )?;
        for (c, h) in (0u16..).zip(headers.iter()) {
            sheet.write_string_with_format(1, c, *h, &style::header())?;
        }
        let mut widths: Vec<f64> = headers.iter().map(|h| style::text_width(h) + 2.0).collect();
        for (r, row) in (2u32..).zip(rows) {
            for (c, value) in (0u16..).zip(row) {
                write_cell(sheet, r, c, value, &cell, &number, &input)?;
                if let DraftCell::Text(t) = value {
                    let w = &mut widths[usize::from(c)];
                    *w = w.max(style::text_width(t) + 2.0);
                }
            }
        }
        // drop-downs for the two columns whose words the reader knows
        let choices: Option<(&str, Vec<&str>)> = match *name {
            n if n == L::CITY_RECEIPTS => Some((L::RECEIPT_STATUS, L::RECEIPT_STATUSES.to_vec())),
            n if n == L::CITY_REVIEW => Some((L::REVIEW_VERIFIED, vec!["属实"])),
            _ => None,
        };
        if let Some((header, list)) = choices
            && let Some(col) = headers.iter().position(|h| *h == header)
            && !rows.is_empty()
        {
            let col = u16::try_from(col).unwrap_or(0);
            let last_row = u32::try_from(rows.len()).unwrap_or(u32::MAX - 2) + 1;
            let validation = rust_xlsxwriter::DataValidation::new()
                .allow_list_strings(&list)?
                .set_error_title("填写有误")?
                .set_error_message(format!("请从下拉列表中选择：{}", list.join("、")))?;
            sheet.add_data_validation(2, col, last_row, col, &validation)?;
        }
        let mut total = 0.0;
        for (c, w) in (0u16..).zip(&widths) {
            sheet.set_column_width(c, w.clamp(8.0, 40.0))?;
            total += w.clamp(8.0, 40.0);
        }
        sheet.set_freeze_panes(2, 2)?;
        style::print_setup(sheet, true, (1, 1))?;
        // a sheet wider than A4 landscape holds at a readable size prints on
        // A3 (复核 with its 核查提示 and 核实 columns)
        style::paper_for_width(sheet, total);
        sheet.protect();
    }
    crate::report::style::finish(&mut workbook, Lang::Zh)
}

fn write_cell(
    sheet: &mut rust_xlsxwriter::Worksheet,
    r: u32,
    c: u16,
    value: &DraftCell,
    text: &Format,
    number: &Format,
    input: &Format,
) -> Result<(), XlsxError> {
    match value {
        DraftCell::Text(t) => sheet.write_string_with_format(r, c, t, text)?,
        DraftCell::Number(n) => sheet.write_number_with_format(r, c, *n, number)?,
        DraftCell::Input(None) => sheet.write_blank(r, c, input)?,
        DraftCell::Input(Some(inner)) => match inner.as_ref() {
            DraftCell::Number(n) => sheet.write_number_with_format(
                r,
                c,
                *n,
                &input.clone().set_align(FormatAlign::Center),
            )?,
            DraftCell::Text(t) => sheet.write_string_with_format(r, c, t, input)?,
            DraftCell::Input(_) => sheet.write_blank(r, c, input)?,
        },
    };
    Ok(())
}
