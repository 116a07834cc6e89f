//! 指标明细: per unit and indicator, the value as the county reported it and
//! as the city reviewed it, the value scored, the target and 完成率, the
//! points on the county's own figures (自评分) and on the reviewed ones
//! (核定分), the points possible and lost, and the cells the values came from.
//! Printed on A3 landscape, each county from a new page.
//!
//! It scores nothing itself: values and points come from `Results`; targets,
//! 完成率, scales and sources from `measures` (shared with `assess explain`).

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::Results;
use super::measures::{
    Scale, Written, completion, full_level, in_code_order, population, reported_by_county, round2,
    single_field, sources, unit_name,
};
use super::style;

/// The sheet's number formats.
struct Formats {
    share: Format,
    count: Format,
    decimal: Format,
    points: Format,
}

impl Formats {
    fn new() -> Formats {
        let number = style::cell_center();
        Formats {
            share: number.clone().set_num_format("0.0%"),
            count: number.clone().set_num_format("#,##0"),
            decimal: number.clone().set_num_format("#,##0.00"),
            points: number.set_num_format("0.00"),
        }
    }

    /// Writes `v` as its scale reads (a count that is not whole, such as a
    /// target of 1,098.64 people, as a decimal).
    fn write(
        &self,
        sheet: &mut Worksheet,
        (row, col): (u32, u16),
        v: f64,
        scale: Scale,
    ) -> Result<(), XlsxError> {
        let format = match scale {
            Scale::Share => &self.share,
            Scale::Count if v.fract() == 0.0 => &self.count,
            Scale::Count | Scale::Decimal => &self.decimal,
        };
        sheet.write_number_with_format(row, col, v, format)?;
        Ok(())
    }
}

/// Adds the sheet to the assessment workbook.
#[allow(clippy::too_many_lines)] // one row per unit and indicator, cell by cell
pub fn sheet(workbook: &mut Workbook, results: &Results<'_>) -> Result<(), XlsxError> {
    let (fw, scored, lang) = (results.fw, results.scored, results.lang);
    // the scoring on the counties' own figures: the same as the reviewed one without a city workbook
    let own = results.self_scored.unwrap_or(scored);
    let sheet = workbook.add_worksheet();
    sheet.set_name(lang.pick("指标明细", "Indicators"))?;
    let headers: [&str; 16] = lang.pick(
        [
            "单位代码",
            "单位",
            "维度",
            "指标",
            "指标名称",
            "填报值",
            "核定值",
            "计算值",
            "目标值",
            "完成率",
            "自评分",
            "核定分",
            "差额",
            "满分",
            "失分",
            "来源",
        ],
        [
            "Code",
            "Unit",
            "Dimension",
            "Indicator",
            "Name",
            "Reported",
            "Reviewed",
            "Value scored",
            "Target",
            "Completion",
            "Self-assessed points",
            "Reviewed points",
            "Difference",
            "Possible",
            "Lost",
            "Source",
        ],
    );
    let mut written = Written::default();
    for (c, h) in (0u16..).zip(headers) {
        written.text(sheet, (0, c), h, &style::header())?;
    }
    let text = style::cell();
    let center = style::cell_center();
    let formats = Formats::new();
    let mut row = 1u32;
    let mut breaks = Vec::new();
    for i in in_code_order(scored) {
        let unit = &scored.units[i];
        let name = unit_name(results, unit);
        let pop = population(fw, unit, results.year);
        let submission = results.submission(unit);
        if row > 1 {
            breaks.push(row);
        }
        for ind in &fw.indicators {
            let Some(node) = scored.node(&ind.code) else {
                continue;
            };
            let dimension = fw
                .dimensions
                .iter()
                .find(|d| d.code == ind.dimension)
                .map_or(ind.dimension.clone(), |d| {
                    format!("{} {}", d.code, lang.name(&d.name, d.name_en.as_deref()))
                });
            for (c, t) in (0u16..).zip([
                unit.as_str(),
                name.as_str(),
                dimension.as_str(),
                ind.code.as_str(),
                lang.name(&ind.name, ind.name_en.as_deref()),
            ]) {
                let format = if c == 0 || c == 3 { &center } else { &text };
                written.text(sheet, (row, c), t, format)?;
            }
            // borders on the cells left empty (one format look-up for the
            // ten, not one each: a look-up hashes the format)
            sheet.set_range_format(row, 5, row, 14, &center)?;
            // 填报值 and 核定值: the field as typed where there is one, else the derived value
            if reported_by_county(fw, ind) {
                let (code, scale) = match single_field(ind) {
                    Some(f) if scored.node(f).is_some() => (f, Scale::of_field(fw, f)),
                    _ => (ind.code.as_str(), Scale::of_value(fw, ind)),
                };
                let reported = own.node(code).and_then(|n| n.value[i]);
                let reviewed = scored.node(code).and_then(|n| n.value[i]);
                match reported {
                    Some(v) => formats.write(sheet, (row, 5), v, scale)?,
                    None => written.text(sheet, (row, 5), lang.pick("未报", "missing"), &center)?,
                }
                let changed = match (reported, reviewed) {
                    (Some(a), Some(b)) => (a - b).abs() > 1e-9,
                    (a, b) => a.is_some() != b.is_some(),
                };
                if changed && let Some(v) = reviewed {
                    formats.write(sheet, (row, 6), v, scale)?;
                }
            }
            let scale = Scale::of_value(fw, ind);
            let value = node.value[i];
            if let Some(v) = value {
                formats.write(sheet, (row, 7), v, scale)?;
            }
            let target = full_level(ind, pop);
            if let Some(t) = target {
                formats.write(sheet, (row, 8), t, scale)?;
            }
            if let Some(r) = completion(value, target, ind.direction) {
                formats.write(sheet, (row, 9), r, Scale::Share)?;
            }
            let self_points = results
                .self_scored
                .and_then(|s| s.node(&ind.code))
                .and_then(|n| n.score[i]);
            let points = node.score[i];
            if let Some(p) = self_points {
                sheet.write_number_with_format(row, 10, p, &formats.points)?;
            }
            if let Some(p) = points {
                sheet.write_number_with_format(row, 11, p, &formats.points)?;
            }
            if let (Some(o), Some(p)) = (self_points, points) {
                sheet.write_number_with_format(row, 12, round2(p - o), &formats.points)?;
            }
            if let Some(m) = node.max {
                sheet.write_number_with_format(row, 13, m, &formats.points)?;
                let lost = round2(m - points.unwrap_or(0.0));
                sheet.write_number_with_format(row, 14, lost, &formats.points)?;
            }
            written.text(
                sheet,
                (row, 15),
                &sources(results, submission, unit, ind),
                &text,
            )?;
            row += 1;
        }
    }
    let limits = [
        (8.0, 10.0),
        (8.0, 16.0),
        (10.0, 26.0),
        (5.0, 8.0),
        (14.0, 36.0),
        (10.0, 12.0),
        (10.0, 12.0),
        (10.0, 12.0),
        (10.0, 12.0),
        (8.0, 11.0),
        (8.0, 11.0),
        (8.0, 11.0),
        (7.0, 11.0),
        (7.0, 10.0),
        (7.0, 10.0),
        (20.0, 40.0),
    ];
    let width = written.fit(sheet, &limits)?;
    sheet.set_freeze_panes(1, 5)?;
    style::print_setup(sheet, true, (0, 0))?;
    sheet.set_paper_size(style::A3);
    // each county starts a new page: a fixed scale, since Excel ignores
    // manual breaks on a sheet fitted to a page's width
    #[allow(clippy::cast_precision_loss)] // sixteen columns
    let px = width * 7.0 + 5.0 * limits.len() as f64;
    style::fixed_scale(sheet, px, style::A3_LANDSCAPE_PX);
    style::page_breaks(sheet, &breaks)?;
    Ok(())
}
