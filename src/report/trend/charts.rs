//! The trend workbook's two chart pages, each on its own sheet and printed on
//! one A4 landscape page:
//!
//! - 名次走势图: a bump chart of every unit's rank over the years (rank 1 on
//!   top), all in thin grey but the three units that climbed most (greens)
//!   and the three that fell most (reds), drawn thick and named in the
//!   legend — 21 coloured lines on a 0–120 axis were a tangle nobody read;
//! - 分项趋势图: small multiples, a chart per top-level dimension, of the
//!   city's average 得分率 (share of the dimension's points) with the best
//!   and the worst unit's, every chart on the same 0–100 % axis so that the
//!   dimensions compare at a glance.
//!
//! The bump chart reads the ranks on 名次变动; the small multiples read
//! their shares from hidden columns of their own sheet.

use rust_xlsxwriter::{
    Chart, ChartFont, ChartFormat, ChartLegendPosition, ChartLine, ChartLineDashType, ChartMarker,
    ChartMarkerType, Workbook, XlsxError,
};

use super::{Trend, col, rank_changes, row, units};
use crate::analysis::trend;
use crate::report::style;

/// Lines drawn thick and named: the biggest climbers and fallers.
const HIGHLIGHTED: usize = 3;
const CLIMBERS: [&str; HIGHLIGHTED] = ["1B7837", "5AAE61", "A6DBA0"];
const FALLERS: [&str; HIGHLIGHTED] = ["B2182B", "D6604D", "F4A582"];
const GREY: &str = "BFBFBF";

/// 名次走势图, after 总分.
pub(super) fn ranks_chart(workbook: &mut Workbook, trend: &Trend<'_>) -> Result<(), XlsxError> {
    let lang = trend.lang;
    let sheet = workbook.add_worksheet();
    sheet.set_name(lang.pick("名次走势图", "Rank chart"))?;
    let ranks_sheet = lang.pick("名次变动", "Ranks");
    let units = units(trend);
    let years = trend.years.len();
    if units.is_empty() || years == 0 {
        style::print_pages(sheet, true);
        return Ok(());
    }
    let movers = trend::movers(&rank_changes(trend, &units));
    let climbers: Vec<&str> = movers
        .iter()
        .filter(|m| m.1 > 0.0)
        .take(HIGHLIGHTED)
        .map(|m| m.0.as_str())
        .collect();
    let fallers: Vec<&str> = movers
        .iter()
        .rev()
        .filter(|m| m.1 < 0.0)
        .take(HIGHLIGHTED)
        .map(|m| m.0.as_str())
        .collect();

    let mut chart = Chart::new_line();
    let mut unnamed = Vec::new();
    // the grey lines first, so that the coloured ones are drawn over them
    let order: Vec<(usize, &str)> = {
        let mut all: Vec<(usize, &str)> = units.iter().map(|u| u.as_str()).enumerate().collect();
        all.sort_by_key(|(_, u)| climbers.contains(u) || fallers.contains(u));
        all
    };
    for (k, (j, unit)) in order.iter().enumerate() {
        // 名次变动: a unit a row from row 1, the years from column 1
        let r = row(*j) + 1;
        let colour = climbers
            .iter()
            .position(|c| c == unit)
            .map(|p| CLIMBERS[p])
            .or_else(|| fallers.iter().position(|f| f == unit).map(|p| FALLERS[p]));
        let series = chart
            .add_series()
            .set_name((ranks_sheet, r, 0))
            .set_categories((ranks_sheet, 0, 1, 0, col(years)))
            .set_values((ranks_sheet, r, 1, r, col(years)));
        match colour {
            Some(c) => {
                series
                    .set_format(
                        ChartFormat::new().set_line(ChartLine::new().set_color(c).set_width(2.75)),
                    )
                    .set_marker(
                        ChartMarker::new()
                            .set_type(ChartMarkerType::Circle)
                            .set_size(6)
                            .set_format(ChartFormat::new().set_solid_fill(
                                rust_xlsxwriter::ChartSolidFill::new().set_color(c),
                            )),
                    );
            }
            None => {
                series
                    .set_format(
                        ChartFormat::new()
                            .set_line(ChartLine::new().set_color(GREY).set_width(0.75)),
                    )
                    .set_marker(ChartMarker::new().set_none());
                unnamed.push(k);
            }
        }
    }
    let n = units.len();
    #[allow(clippy::cast_precision_loss)] // a few hundred units at most
    let last_rank = n as f64;
    chart.title().set_name(&lang.pick(
        format!("各单位名次走势（第 1 名在上；上升最多的 {HIGHLIGHTED} 个单位为绿色，下降最多的为红色）"),
        format!("Ranks over the years (1 on top; the {HIGHLIGHTED} that climbed most in green, fell most in red)"),
    ));
    chart
        .y_axis()
        .set_reverse()
        .set_min(1.0)
        .set_max(last_rank)
        .set_major_unit(if n > 30 { 5.0 } else { 1.0 })
        .set_name(lang.pick("名次", "Rank"));
    chart.legend().set_position(ChartLegendPosition::Right);
    chart.legend().delete_entries(&unnamed);
    // A4 landscape within the margins: about 1,000 by 640 pixels
    chart.set_width(1000).set_height(620);
    sheet.insert_chart(0, 0, &chart)?;
    style::print_pages(sheet, true);
    sheet.set_print_fit_to_pages(1, 1);
    Ok(())
}

/// 分项趋势图, after 分项趋势.
pub(super) fn dimension_charts(
    workbook: &mut Workbook,
    trend: &Trend<'_>,
) -> Result<(), XlsxError> {
    let (fw, lang) = (trend.fw, trend.lang);
    let sheet = workbook.add_worksheet();
    let name = lang.pick("分项趋势图", "Dimension charts");
    sheet.set_name(name)?;
    let years = trend.years;
    // the shares the charts draw, in hidden columns from DATA on: per
    // dimension four rows (the years, the average, the best, the worst)
    const DATA: u16 = 20;
    const PER_ROW: usize = 3;
    const CHART_COLUMNS: u16 = 5;
    const CHART_ROWS: u32 = 11;
    let labels = lang.pick(
        ["全市平均", "最高", "最低"],
        ["City average", "Best unit", "Worst unit"],
    );
    let dimensions: Vec<_> = fw.top_dimensions().collect();
    for (k, d) in dimensions.iter().enumerate() {
        let base = row(k) * 4;
        for (j, y) in years.iter().enumerate() {
            sheet.write_string(base, DATA + 1 + col(j), y.year.to_string())?;
            let Some(node) = y.assessed.scored.node(&d.code) else {
                continue;
            };
            let Some(max) = node.max.filter(|m| *m > 0.0) else {
                continue;
            };
            let shares: Vec<f64> = node.score.iter().flatten().map(|s| s / max).collect();
            if shares.is_empty() {
                continue;
            }
            #[allow(clippy::cast_precision_loss)] // a few hundred units at most
            let mean = shares.iter().sum::<f64>() / shares.len() as f64;
            let best = shares.iter().copied().fold(f64::MIN, f64::max);
            let worst = shares.iter().copied().fold(f64::MAX, f64::min);
            for (i, v) in [mean, best, worst].into_iter().enumerate() {
                sheet.write_number(base + 1 + row(i), DATA + 1 + col(j), v)?;
            }
        }
        for (i, l) in labels.iter().enumerate() {
            sheet.write_string(base + 1 + row(i), DATA, *l)?;
        }

        let mut chart = Chart::new_line();
        for (i, (colour, width, dash)) in [
            ("1F4E79", 2.5, ChartLineDashType::Solid),
            ("1B7837", 1.0, ChartLineDashType::Dash),
            ("B2182B", 1.0, ChartLineDashType::Dash),
        ]
        .into_iter()
        .enumerate()
        {
            let r = base + 1 + row(i);
            chart
                .add_series()
                .set_name((name, r, DATA))
                .set_categories((name, base, DATA + 1, base, DATA + col(years.len())))
                .set_values((name, r, DATA + 1, r, DATA + col(years.len())))
                .set_format(
                    ChartFormat::new().set_line(
                        ChartLine::new()
                            .set_color(colour)
                            .set_width(width)
                            .set_dash_type(dash),
                    ),
                );
        }
        chart
            .title()
            .set_name(&format!(
                "{} {}",
                d.code,
                lang.name(&d.name, d.name_en.as_deref())
            ))
            .set_font(ChartFont::new().set_size(10));
        // one axis for all: 0–100 % of each dimension's points
        chart
            .y_axis()
            .set_min(0.0)
            .set_max(1.0)
            .set_major_unit(0.25)
            .set_num_format("0%");
        chart.legend().set_position(ChartLegendPosition::Bottom);
        chart.show_hidden_data();
        chart.set_width(315).set_height(210);
        sheet.insert_chart(
            row(k / PER_ROW) * CHART_ROWS + 1,
            col(k % PER_ROW) * CHART_COLUMNS,
            &chart,
        )?;
    }
    let title = lang.pick(
        "各维度得分率（全市平均与最高、最低单位；纵轴均为满分的 0–100%）",
        "Share of each dimension's points (city average, best and worst unit; every axis 0–100 %)",
    );
    sheet.merge_range(
        0,
        0,
        0,
        col(PER_ROW) * CHART_COLUMNS - 1,
        title,
        &style::title(),
    )?;
    sheet.set_row_height(0, 24)?;
    for c in DATA..=DATA + col(years.len()) {
        sheet.set_column_hidden(c)?;
    }
    style::print_pages(sheet, true);
    sheet.set_print_fit_to_pages(1, 1);
    sheet.set_print_area(
        0,
        0,
        row(dimensions.len().div_ceil(PER_ROW)) * CHART_ROWS + 1,
        col(PER_ROW) * CHART_COLUMNS - 1,
    )?;
    Ok(())
}
