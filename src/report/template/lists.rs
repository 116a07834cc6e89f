//! The sheets a county fills row by row: 基层组织 (the 五有 list), 加分申报
//! (bonus claims) and 佐证材料 (the evidence list).

use rust_xlsxwriter::{
    ConditionalFormatFormula, DataValidation, DataValidationErrorStyle, DataValidationRule, Format,
    FormatAlign, FormatBorder, Worksheet, XlsxError,
};

use super::{Request, col, protect, unlocked_text};
use crate::framework::find_item;
use crate::layout as L;
use crate::report::style;
use crate::submission::Entry;

pub(super) fn orgs_sheet(sheet: &mut Worksheet, req: &Request<'_>) -> Result<(), XlsxError> {
    let fw = req.framework;
    let Some(wuyou) = &fw.wuyou else {
        return Ok(());
    };
    sheet.set_name(L::SHEET_ORGS)?;
    let item_names = L::org_item_headers(fw);
    let mut headers: Vec<String> = L::ORG_HEADERS_BEFORE
        .iter()
        .map(ToString::to_string)
        .collect();
    headers.extend(item_names.iter().cloned());
    headers.push(L::ORG_HEADER_REMARK.to_string());
    let last = col(headers.len() - 1);
    sheet.set_row_height(0, 30)?;
    sheet.merge_range(
        0,
        0,
        0,
        last,
        &format!(
            "{}年度{}红十字基层组织“{}”情况表",
            req.year, req.unit.name, wuyou.name
        ),
        &style::title(),
    )?;
    let note = format!(
        "每行填写一个基层组织（可从台账复制后“只粘贴数值”），填写的行自动加上边框；前 {} 行设有下拉选项，更多时接着往下填。五有各项填“是/否”。门槛：{}",
        L::ORG_ROWS,
        wuyou
            .org_types
            .iter()
            .map(|t| format!(
                "{} 会员≥{}、志愿者≥{}",
                t.name, t.min_members, t.min_volunteers
            ))
            .collect::<Vec<_>>()
            .join("；")
    );
    note_and_headers(sheet, last, 45, &note, &headers)?;
    sheet.set_row_height(2, 30)?;
    let first = 3u32;
    let end = first + L::ORG_ROWS - 1;
    let text = unlocked_text();
    let whole = whole_number();
    let yes_no = style::cell().set_unlocked().set_align(FormatAlign::Center);
    let seq = style::cell_center().set_unlocked();
    let orgs = req.filled.map(|f| f.orgs.as_slice()).unwrap_or_default();
    let n_items = item_names.len();
    // the rows still to fill are not written: their columns carry the
    // unlocked formats and a border appears when a name is typed, so that
    // the sheet prints only the rows filled in (a written blank row is a
    // printed one: 600 of them were 13 pages of empty grid)
    let blank = |f: &Format| f.clone().set_border(FormatBorder::None);
    sheet.set_column_format(0, &blank(&seq))?;
    for c in [1, 2, 3] {
        sheet.set_column_format(c, &blank(&text))?;
    }
    sheet.set_column_format(4, &blank(&whole))?;
    sheet.set_column_format(5, &blank(&whole))?;
    for i in 0..n_items {
        sheet.set_column_format(col(6 + i), &blank(&yes_no))?;
    }
    sheet.set_column_format(last, &blank(&text))?;
    let filled_border = ConditionalFormatFormula::new()
        .set_rule(format!("=${}{}<>\"\"", "B", first + 1).as_str())
        .set_format(Format::new().set_border(FormatBorder::Thin));
    sheet.add_conditional_format(first, 0, end, last, &filled_border)?;
    for r in 0..u32::try_from(orgs.len()).unwrap_or(u32::MAX) {
        let row = first + r;
        sheet.write_number_with_format(row, 0, f64::from(r + 1), &seq)?;
        let org = orgs.get(r as usize);
        let s = |v: Option<&str>| v.unwrap_or("").to_string();
        sheet.write_string_with_format(row, 1, s(org.map(|o| o.name.as_str())), &text)?;
        sheet.write_string_with_format(row, 2, s(org.map(|o| o.org_type.as_str())), &text)?;
        sheet.write_string_with_format(row, 3, s(org.map(|o| o.town.as_str())), &text)?;
        for (c, value) in [
            (4u16, org.map(|o| &o.members)),
            (5, org.map(|o| &o.volunteers)),
        ] {
            match value {
                Some(Entry::Number(n)) => sheet.write_number_with_format(row, c, *n, &whole)?,
                Some(Entry::Text(t)) => sheet.write_string_with_format(row, c, t, &whole)?,
                None => sheet.write_blank(row, c, &whole)?,
            };
        }
        for i in 0..n_items {
            let v = org.and_then(|o| o.items.get(i)).map_or("", String::as_str);
            sheet.write_string_with_format(row, col(6 + i), v, &yes_no)?;
        }
        sheet.write_string_with_format(row, last, s(org.map(|o| o.remark.as_str())), &text)?;
    }
    let types: Vec<&str> = wuyou.org_types.iter().map(|t| t.name.as_str()).collect();
    let type_list = DataValidation::new()
        .allow_list_formula(
            format!("='{}'!$A$1:$A${}", L::SHEET_LISTS, types.len().max(1))
                .as_str()
                .into(),
        )
        .set_input_title("类型")?
        .set_input_message(format!("从下拉列表选择：{}", types.join("、")))?
        .set_error_title("类型有误")?
        .set_error_message(format!("类型只能是：{}", types.join("、")))?;
    sheet.add_data_validation(first, 2, end, 2, &type_list)?;
    let counts = DataValidation::new()
        .allow_whole_number(DataValidationRule::Between(0, 1_000_000))
        .set_input_title("人数")?
        .set_input_message("填写整数，不要填单位")?
        .set_error_title("人数有误")?
        .set_error_message("应为 0 或正整数")?;
    sheet.add_data_validation(first, 4, end, 5, &counts)?;
    let yn = DataValidation::new()
        .allow_list_strings(&["是", "否"])?
        .set_input_title("是/否")?
        .set_input_message("选择“是”或“否”")?
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_error_title("请填“是”或“否”")?
        .set_error_message("建议填写“是”或“否”（√/×、有/无 也可识别）")?;
    if n_items > 0 {
        sheet.add_data_validation(first, 6, end, col(5 + n_items), &yn)?;
    }
    let mut widths = vec![6.0, 30.0, 12.0, 16.0, 8.0, 8.0];
    for name in &item_names {
        widths.push(style::fit([name.as_str()], 8.0, 14.0));
    }
    widths.push(20.0);
    for (i, w) in widths.iter().enumerate() {
        sheet.set_column_width(col(i), *w)?;
    }
    sheet.set_freeze_panes(3, 2)?;
    style::print_setup(sheet, true, (2, 2))?;
    protect(sheet, true);
    Ok(())
}

pub(super) fn bonus_sheet(sheet: &mut Worksheet, req: &Request<'_>) -> Result<(), XlsxError> {
    let fw = req.framework;
    sheet.set_name(L::SHEET_BONUS)?;
    let last = col(L::BONUS_HEADERS.len() - 1);
    sheet.set_row_height(0, 30)?;
    sheet.merge_range(
        0,
        0,
        0,
        last,
        &format!("{}年度{}红十字会加分项目申报表", req.year, req.unit.name),
        &style::title(),
    )?;
    let cap = fw
        .bonus_cap
        .map(|c| format!("加分合计不超过 {c} 分。"))
        .unwrap_or_default();
    let note = format!(
        "{cap}每行申报一项，从下拉列表选择项目，填写数量、事项说明和佐证编号（如 JF-01）；无佐证材料的不予认定。"
    );
    note_and_headers(sheet, last, 30, &note, &L::BONUS_HEADERS)?;
    let first = 3u32;
    let end = first + L::BONUS_ROWS - 1;
    let text = unlocked_text();
    let whole = whole_number();
    let seq = style::cell_center();
    let claims = req.filled.map(|f| f.claims.as_slice()).unwrap_or_default();
    for r in 0..L::BONUS_ROWS {
        let row = first + r;
        sheet.write_number_with_format(row, 0, f64::from(r + 1), &seq)?;
        let claim = claims.get(r as usize);
        let item = claim
            .and_then(|c| find_item(&fw.bonus, &c.item))
            .map(|b| bonus_label(&b.code, &b.name))
            .or_else(|| claim.map(|c| c.item.clone()))
            .unwrap_or_default();
        sheet.write_string_with_format(row, 1, &item, &text)?;
        match claim.map(|c| &c.count) {
            Some(Entry::Number(n)) => sheet.write_number_with_format(row, 2, *n, &whole)?,
            Some(Entry::Text(t)) => sheet.write_string_with_format(row, 2, t, &whole)?,
            None => sheet.write_blank(row, 2, &whole)?,
        };
        sheet.write_string_with_format(
            row,
            3,
            claim.map_or("", |c| c.description.as_str()),
            &text,
        )?;
        sheet.write_string_with_format(row, 4, claim.map_or("", |c| c.evidence.as_str()), &text)?;
    }
    let list = DataValidation::new()
        .allow_list_formula(
            format!("='{}'!$B$1:$B${}", L::SHEET_LISTS, fw.bonus.len())
                .as_str()
                .into(),
        )
        .set_input_title("加分项目")?
        .set_input_message("从下拉列表选择加分项目")?
        .set_error_title("加分项目有误")?
        .set_error_message("请从下拉列表选择加分项目")?;
    sheet.add_data_validation(first, 1, end, 1, &list)?;
    let count = DataValidation::new()
        .allow_whole_number(DataValidationRule::Between(1, 100))
        .set_input_title("数量")?
        .set_input_message("填写次数或例数（整数）")?
        .set_error_title("数量有误")?
        .set_error_message("数量应为 1～100 的整数")?;
    sheet.add_data_validation(first, 2, end, 2, &count)?;
    let names: Vec<String> = fw
        .bonus
        .iter()
        .map(|b| bonus_label(&b.code, &b.name))
        .collect();
    let widths = [6.0, style::fit(&names, 24.0, 44.0), 8.0, 40.0, 14.0];
    for (i, w) in widths.iter().enumerate() {
        sheet.set_column_width(col(i), *w)?;
    }
    sheet.set_freeze_panes(3, 0)?;
    style::print_setup(sheet, true, (2, 2))?;
    protect(sheet, false);
    Ok(())
}

/// 佐证材料: the evidence the 佐证编号 name, one row each. Like 基层组织, only
/// the rows filled in are written (the columns carry unlocked formats and a
/// border appears when a number is typed), so a blank list prints one page.
pub(super) fn evidence_sheet(sheet: &mut Worksheet, req: &Request<'_>) -> Result<(), XlsxError> {
    sheet.set_name(L::SHEET_EVIDENCE)?;
    let last = col(L::EVIDENCE_HEADERS.len() - 1);
    sheet.set_row_height(0, 30)?;
    sheet.merge_range(
        0,
        0,
        0,
        last,
        &format!("{}年度{}红十字会佐证材料清单", req.year, req.unit.name),
        &style::title(),
    )?;
    let note = "每份佐证材料一行：编号与“指标数据”“加分申报”中填写的佐证编号一致（如 ZZ-01、JF-01），材料按编号装订或打包。加分申报所列编号不在本表中的，不计入自评加分，由市红十字会审核认定。";
    note_and_headers(sheet, last, 45, note, &L::EVIDENCE_HEADERS)?;
    let first = 3u32;
    let end = first + L::EVIDENCE_ROWS - 1;
    let text = unlocked_text();
    let whole = whole_number();
    let seq = style::cell_center().set_unlocked();
    let blank = |f: &Format| f.clone().set_border(FormatBorder::None);
    sheet.set_column_format(0, &blank(&seq))?;
    for c in [1, 2, 3] {
        sheet.set_column_format(c, &blank(&text))?;
    }
    sheet.set_column_format(4, &blank(&whole))?;
    let filled_border = ConditionalFormatFormula::new()
        .set_rule(format!("=$B{}<>\"\"", first + 1).as_str())
        .set_format(Format::new().set_border(FormatBorder::Thin));
    sheet.add_conditional_format(first, 0, end, last, &filled_border)?;
    let items = req
        .filled
        .and_then(|f| f.evidence_list.as_deref())
        .unwrap_or_default();
    for (row, (k, item)) in (first..).zip(items.iter().enumerate()) {
        sheet.write_number_with_format(
            row,
            0,
            f64::from(u32::try_from(k + 1).unwrap_or(u32::MAX)),
            &seq,
        )?;
        sheet.write_string_with_format(row, 1, &item.number, &text)?;
        sheet.write_string_with_format(row, 2, &item.title, &text)?;
        sheet.write_string_with_format(row, 3, &item.kind, &text)?;
        match item.pages {
            Some(p) => sheet.write_number_with_format(row, 4, f64::from(p), &whole)?,
            None => sheet.write_blank(row, 4, &whole)?,
        };
    }
    let kinds = DataValidation::new()
        .allow_list_strings(&L::EVIDENCE_KINDS)?
        .set_input_title("类型")?
        .set_input_message(format!("从下拉列表选择：{}", L::EVIDENCE_KINDS.join("、")))?
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_error_title("类型")?
        .set_error_message(format!("建议选择：{}", L::EVIDENCE_KINDS.join("、")))?;
    sheet.add_data_validation(first, 3, end, 3, &kinds)?;
    let pages = DataValidation::new()
        .allow_whole_number(DataValidationRule::Between(1, 100_000))
        .set_input_title("页数")?
        .set_input_message("填写整数")?
        .set_error_title("页数有误")?
        .set_error_message("页数应为正整数")?;
    sheet.add_data_validation(first, 4, end, 4, &pages)?;
    for (i, w) in [6.0, 14.0, 44.0, 10.0, 8.0].iter().enumerate() {
        sheet.set_column_width(col(i), *w)?;
    }
    sheet.set_freeze_panes(3, 0)?;
    style::print_setup(sheet, false, (2, 2))?;
    protect(sheet, true);
    Ok(())
}

/// How a bonus item appears in the drop-down: `X1 获中国红十字会总会表彰`.
pub fn bonus_label(code: &str, name: &str) -> String {
    format!("{code} {name}")
}

/// Row 1: a list's note, `height` points tall; row 2: its headers.
fn note_and_headers(
    sheet: &mut Worksheet,
    last: u16,
    height: u16,
    note: &str,
    headers: &[impl AsRef<str>],
) -> Result<(), XlsxError> {
    sheet.set_row_height(1, height)?;
    sheet.merge_range(1, 0, 1, last, note, &style::note())?;
    for (i, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(2, col(i), h.as_ref(), &style::header())?;
    }
    Ok(())
}

/// An input cell for a whole number, centred.
fn whole_number() -> Format {
    style::cell()
        .set_unlocked()
        .set_num_format("0")
        .set_align(FormatAlign::Center)
}
