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

/// The columns the city writes sentences in: wide, rows measured.
const SENTENCES: [&str; 3] = ["申诉内容", "裁定理由", "说明"];

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
        "申诉：初评公示期间收到的申诉逐条登记（单位、申诉项目的代码、申诉内容、主张值、佐证材料、收到日期）；裁定结果填“维持”“采纳”或“部分采纳”，采纳时裁定值留空表示按主张值，部分采纳须填裁定值，均须写明裁定理由。终评时按裁定计分（以 --stage 初评 运行时不适用）。",
        "公示日历：第一行填初评公示的第一天；再逐日列出公示期间的节假日和调休上班日（每年不同）。公示期按评估体系规定的工作日数计算，逾期收到的申诉会被标出。",
    ];
    for (row, n) in (7u32..).zip(notes) {
        guide.merge_range(row, 0, row, 1, n, &style::note())?;
        // the merged cell is 14 + 80 characters wide; rows are not measured by the readers
        let lines = (style::text_width(n) / 93.0).ceil();
        if lines > 1.0 {
            guide.set_row_height(row, style::wrapped_height(lines))?;
        }
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
        let unit_names: Vec<&str> = fw.units.iter().map(|u| u.name.as_str()).collect();
        let choices: Vec<(&str, Vec<&str>)> = match *name {
            n if n == L::CITY_RECEIPTS => vec![(L::RECEIPT_STATUS, L::RECEIPT_STATUSES.to_vec())],
            n if n == L::CITY_REVIEW => vec![(L::REVIEW_VERIFIED, vec!["属实"])],
            n if n == L::CITY_OBJECTIONS => {
                let mut lists = vec![("裁定结果", L::RULINGS.to_vec())];
                // Excel holds a list of at most 255 characters
                if unit_names
                    .iter()
                    .map(|n| n.chars().count() + 1)
                    .sum::<usize>()
                    <= 255
                {
                    lists.push(("单位", unit_names.clone()));
                }
                lists
            }
            n if n == L::CITY_CALENDAR => vec![("类型", L::CALENDAR_KINDS.to_vec())],
            _ => Vec::new(),
        };
        // the columns the city writes sentences or dates in
        for (c, h) in headers.iter().enumerate() {
            let least = match *h {
                h if SENTENCES.contains(&h) => 30.0,
                "佐证材料" => 20.0,
                h if h.ends_with("日期") => 12.0,
                _ => 0.0,
            };
            widths[c] = widths[c].max(least);
        }
        for (header, list) in choices {
            let Some(col) = headers.iter().position(|h| *h == header) else {
                continue;
            };
            if rows.is_empty() {
                continue;
            }
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
        // rows as tall as the sentences typed in them (an objection's claim
        // and ruling; the other columns hold codes, figures and cells)
        let sentences: Vec<bool> = headers.iter().map(|h| SENTENCES.contains(h)).collect();
        for (r, row) in (2u32..).zip(rows) {
            let lines = row
                .iter()
                .zip(&widths)
                .zip(&sentences)
                .filter(|(_, sentence)| **sentence)
                .filter_map(|((cell, w), _)| {
                    let t = match cell {
                        DraftCell::Text(t) => t,
                        DraftCell::Input(Some(inner)) => match inner.as_ref() {
                            DraftCell::Text(t) => t,
                            _ => return None,
                        },
                        _ => return None,
                    };
                    Some((style::text_width(t) / (w.clamp(8.0, 40.0) - 1.0)).ceil())
                })
                .fold(1.0, f64::max);
            if lines > 1.0 {
                sheet.set_row_height(r, style::wrapped_height(lines))?;
            }
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
