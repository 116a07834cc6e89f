//! The 五有 sheets of the assessment workbook: 五有, every grassroots
//! organisation of every county with the standard's verdict on it (written in
//! a thread of its own, the longest sheet of the workbook), and 五有达标率,
//! per county and type the organisations listed, meeting and the rate.

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::Results;
use super::style;

/// Per county and type: (unit code, type, listed, meeting).
pub(super) type Rates = Vec<(String, String, usize, usize)>;

/// 五有: one row per grassroots organisation with the standard's verdict;
/// returns per county the 达标 rate by type, for [`rates_sheet`].
pub(super) fn wuyou_sheet(
    sheet: &mut Worksheet,
    results: &Results<'_>,
) -> Result<Rates, XlsxError> {
    let (fw, lang) = (results.fw, results.lang);
    let Some(w) = &fw.wuyou else {
        return Ok(Vec::new());
    };
    sheet.set_name(lang.pick("五有", "Five haves"))?;
    let mut headers: Vec<String> = lang
        .pick(
            vec!["单位代码", "单位", "组织名称", "类型"],
            vec!["Code", "Unit", "Organisation", "Type"],
        )
        .into_iter()
        .map(String::from)
        .collect();
    headers.extend(crate::layout::org_item_headers(fw));
    headers.push(lang.pick("达标", "Meets").to_string());
    for (c, h) in (0u16..).zip(&headers) {
        sheet.write_string_with_format(0, c, h, &style::header())?;
    }
    let text = style::cell();
    let center = style::cell_center();
    let mut subs: Vec<&crate::extract::Submission> = results.submissions.iter().collect();
    subs.sort_by(|a, b| a.unit_code.cmp(&b.unit_code));
    // every organisation listed, with its unit's name, its type and whether
    // it meets the standard; per county and type: (listed, meeting)
    let mut listed = Vec::new();
    let mut rates: Vec<(String, String, usize, usize)> = Vec::new();
    for sub in subs {
        // units come in code order, so a unit's rates are the last ones: only
        // those are searched (a province's lists run to 100,000 organisations)
        let unit_rates = match rates.last() {
            Some(r) if r.0 == sub.unit_code => rates
                .iter()
                .rposition(|r| r.0 != sub.unit_code)
                .map_or(0, |i| i + 1),
            _ => rates.len(),
        };
        let unit = fw
            .unit(&sub.unit_code)
            .map_or(sub.unit_code.as_str(), |u| u.name.as_str());
        let verdicts = results.wuyou.get(&sub.unit_code);
        for (i, org) in sub
            .orgs
            .iter()
            .enumerate()
            .filter(|(_, o)| !o.name.is_empty())
        {
            let meets = verdicts.and_then(|v| v.get(i)).is_some_and(|v| v.meets);
            let type_name = type_name(w, org);
            match rates[unit_rates..].iter_mut().find(|r| r.1 == type_name) {
                Some(r) => {
                    r.2 += 1;
                    r.3 += usize::from(meets);
                }
                None => rates.push((
                    sub.unit_code.to_string(),
                    type_name.to_string(),
                    1,
                    usize::from(meets),
                )),
            }
            listed.push((sub, unit, org, type_name, meets));
        }
    }
    // the list, the rates and the rows between must fit in Excel's rows
    let shown = orgs_that_fit(listed.len(), rates.len());
    let last = u16::try_from(headers.len() - 1).unwrap_or(0);
    let mut row = 1u32;
    for &(sub, unit, org, type_name, meets) in &listed[..shown] {
        // the values first, then each format once for its part of the
        // row: looking a format up hashes it, and cell by cell that was
        // half the time of this sheet (the bytes are the same)
        sheet.write_string(row, 0, &sub.unit_code)?;
        sheet.write_string(row, 1, unit)?;
        sheet.write_string(row, 2, &org.name)?;
        sheet.write_string(row, 3, type_name)?;
        for (c, item) in (4u16..).zip(&org.items) {
            let mark = match item {
                Some(true) => lang.pick("是", "yes"),
                Some(false) => lang.pick("否", "no"),
                None => "",
            };
            sheet.write_string(row, c, mark)?;
        }
        let meets = if meets {
            lang.pick("达标", "yes")
        } else {
            lang.pick("未达标", "no")
        };
        sheet.write_string(row, last, meets)?;
        sheet.set_range_format(row, 0, row, 2, &text)?;
        sheet.set_range_format(row, 3, row, last, &center)?;
        row += 1;
    }
    let orgs = listed.len();
    if shown < orgs {
        let note = lang.pick(
            format!(
                "另有 {} 个组织超出 Excel 每表 {EXCEL_ROWS} 行的上限，未列出；“五有达标率”表按全部 {orgs} 个组织计算",
                orgs - shown
            ),
            format!(
                "{} more organisations are not listed: a sheet holds at most {EXCEL_ROWS} rows; the rates sheet counts all {orgs}",
                orgs - shown
            ),
        );
        sheet.write_string_with_format(row, 0, &note, &style::cell().set_bold())?;
    }
    let widths: Vec<f64> = headers
        .iter()
        .enumerate()
        .map(|(c, h)| {
            if c == 2 {
                30.0
            } else {
                style::fit([h.as_str()], 8.0, 14.0)
            }
        })
        .collect();
    for (c, w) in (0u16..).zip(&widths) {
        sheet.set_column_width(c, *w)?;
    }
    sheet.set_freeze_panes(1, 3)?;
    style::print_setup(sheet, true, (0, 0))?;
    Ok(rates)
}

/// 五有达标率: per county and type the organisations listed, meeting the
/// standard and the rate — on its own sheet, under its own header (below the
/// list it printed under the list's repeated header).
pub(super) fn rates_sheet(
    workbook: &mut Workbook,
    results: &Results<'_>,
    rates: &Rates,
) -> Result<(), XlsxError> {
    let lang = results.lang;
    let sheet = workbook.add_worksheet();
    sheet.set_name(lang.pick("五有达标率", "Five-haves rates"))?;
    let text = style::cell();
    let center = style::cell_center();
    let rate_headers: [&str; 6] = lang.pick(
        ["单位代码", "单位", "类型", "组织数", "达标数", "达标率"],
        ["Code", "Unit", "Type", "Listed", "Meeting", "Rate"],
    );
    for (c, h) in (0u16..).zip(rate_headers) {
        sheet.write_string_with_format(0, c, h, &style::header())?;
    }
    let percent = style::cell_center().set_num_format("0.0%");
    let whole = style::cell_center().set_num_format("0");
    for (row, (unit, type_name, listed, meeting)) in (1u32..).zip(rates) {
        let name = results
            .fw
            .unit(unit)
            .map_or(unit.as_str(), |u| lang.name(&u.name, u.name_en.as_deref()));
        sheet.write_string_with_format(row, 0, unit, &text)?;
        sheet.write_string_with_format(row, 1, name, &text)?;
        sheet.write_string_with_format(row, 2, type_name, &center)?;
        #[allow(clippy::cast_precision_loss)] // list lengths
        let (l, m) = (*listed as f64, *meeting as f64);
        sheet.write_number_with_format(row, 3, l, &whole)?;
        sheet.write_number_with_format(row, 4, m, &whole)?;
        sheet.write_number_with_format(row, 5, m / l, &percent)?;
    }
    for (c, w) in (0u16..).zip([10.0, 12.0, 12.0, 8.0, 8.0, 8.0]) {
        sheet.set_column_width(c, w)?;
    }
    sheet.set_freeze_panes(1, 2)?;
    style::print_setup(sheet, false, (0, 0))?;
    Ok(())
}

/// The name of an organisation's type, or "" when it has none.
fn type_name<'w>(w: &'w crate::framework::Wuyou, org: &crate::extract::Org) -> &'w str {
    org.org_type
        .as_ref()
        .and_then(|c| w.org_types.iter().find(|t| t.code == *c))
        .map_or("", |t| t.name.as_str())
}

/// Rows of an Excel sheet.
const EXCEL_ROWS: usize = 1_048_576;

/// How many of `orgs` organisations the 五有 list can show so that its
/// header and a note row when some are left out fit in one sheet, with the
/// room the `rates` rows took when they stood below the list (kept: the
/// number shown stays what it was; the rates are on 五有达标率 now).
fn orgs_that_fit(orgs: usize, rates: usize) -> usize {
    let room = EXCEL_ROWS.saturating_sub(3 + rates);
    if orgs <= room {
        orgs
    } else {
        room.saturating_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::orgs_that_fit;

    #[test]
    fn the_wuyou_list_is_cut_only_where_excel_runs_out_of_rows() {
        // 3,000 units: 430,000 organisations and 9,000 rates fit whole
        assert_eq!(orgs_that_fit(430_000, 9_000), 430_000);
        // header + list + blank + rates' header + 10 rates = 1,048,576 rows:
        // 1,048,576 − 3 − 10 = 1,048,563 organisations fit exactly
        assert_eq!(orgs_that_fit(1_048_563, 10), 1_048_563);
        // one more, and a row goes to the note: 1,048,562 listed
        assert_eq!(orgs_that_fit(1_048_564, 10), 1_048_562);
        // two million organisations, 10,000 rates: 1,048,576 − 3 − 10,000 − 1
        assert_eq!(orgs_that_fit(2_000_000, 10_000), 1_038_572);
    }
}
