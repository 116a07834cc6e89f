//! 指标明细: per unit and indicator, the value as reported and as reviewed,
//! the derived value, target, 完成率, points earned and possible, and the
//! source cell.

use rust_xlsxwriter::{Workbook, XlsxError};

use super::Results;
use super::style;

/// 得分明细: per unit and indicator, 自评分, 核定分, 差额 and where the value came from.
pub fn sheet(workbook: &mut Workbook, results: &Results<'_>) -> Result<(), XlsxError> {
    let (fw, table, scored, record, lang) = (
        results.fw,
        results.table,
        results.scored,
        results,
        results.lang,
    );
    let sheet = workbook.add_worksheet();
    sheet.set_name(lang.pick("得分明细", "Detail"))?;
    let headers: [&str; 10] = lang.pick(
        [
            "单位代码",
            "单位",
            "指标",
            "指标名称",
            "取值",
            "自评分",
            "核定分",
            "差额",
            "满分",
            "来源",
        ],
        [
            "Code",
            "Unit",
            "Indicator",
            "Name",
            "Value",
            "Self-assessed",
            "Reviewed",
            "Difference",
            "Max",
            "Source",
        ],
    );
    for (c, h) in (0u16..).zip(headers) {
        sheet.write_string_with_format(0, c, h, &style::header())?;
    }
    let number = style::cell_center().set_num_format("0.00");
    let value_format = style::cell_center().set_num_format("0.####");
    let text = style::cell();
    let mut row = 1u32;
    let mut order: Vec<usize> = (0..scored.units.len()).collect();
    order.sort_by(|a, b| scored.units[*a].cmp(&scored.units[*b]));
    for i in order {
        let unit = &scored.units[i];
        for ind in &fw.indicators {
            let Some(node) = scored.node(&ind.code) else {
                continue;
            };
            sheet.write_string_with_format(row, 0, unit, &text)?;
            sheet.write_string_with_format(
                row,
                1,
                table.names.get(unit).map_or("", String::as_str),
                &text,
            )?;
            sheet.write_string_with_format(row, 2, &ind.code, &text)?;
            sheet.write_string_with_format(
                row,
                3,
                lang.name(&ind.name, ind.name_en.as_deref()),
                &text,
            )?;
            if let Some(v) = node.value[i] {
                sheet.write_number_with_format(row, 4, v, &value_format)?;
            }
            let own = record
                .self_scored
                .and_then(|x| x.node(&ind.code))
                .and_then(|n| n.score[i]);
            let reviewed = node.score[i];
            if let Some(o) = own {
                sheet.write_number_with_format(row, 5, o, &number)?;
            }
            if let Some(r) = reviewed {
                sheet.write_number_with_format(row, 6, r, &number)?;
            }
            if let (Some(o), Some(r)) = (own, reviewed) {
                sheet.write_number_with_format(
                    row,
                    7,
                    ((r - o) * 100.0).round() / 100.0,
                    &number,
                )?;
            }
            if let Some(m) = node.max {
                sheet.write_number_with_format(row, 8, m, &number)?;
            }
            // the source of the value: the review row where the city changed it, else the county's cell
            let sources: Vec<String> = ind
                .value
                .fields
                .iter()
                .filter_map(|f| table.sources.get(&(unit.clone(), f.clone())).cloned())
                .collect();
            sheet.write_string_with_format(row, 9, sources.join("；"), &text)?;
            row += 1;
        }
    }
    for (c, w) in [8.0, 10.0, 6.0, 30.0, 10.0, 8.0, 8.0, 8.0, 6.0, 50.0]
        .iter()
        .enumerate()
    {
        sheet.set_column_width(u16::try_from(c).unwrap_or(0), *w)?;
    }
    sheet.set_freeze_panes(1, 4)?;
    style::print_setup(sheet, true, (0, 0))?;
    Ok(())
}
