//! The trend workbook of `assess trend`: totals, dimension scores and ranks
//! over the years, a bump chart of the ranks with the biggest movers
//! highlighted and small multiples of the dimensions on one axis
//! ([`charts`]), a small chart per unit (all on one axis), indicators'
//! city-wide values with growth, rank movement, the city totals of running
//! totals beside the figures the city published, and the method.

mod charts;
mod maturity;

use std::collections::BTreeMap;

use rust_xlsxwriter::{Chart, ChartLegendPosition, Format, Workbook, XlsxError};

use super::measures::Scale;
use super::style;
use crate::analysis::trend;
use crate::assessment::years::{Published, Year};
use crate::code::UnitCode;
use crate::framework::{Counting, Framework};
use crate::lang::Lang;
use crate::long::History;

/// What the trend workbook shows.
pub struct Trend<'a> {
    pub fw: &'a Framework,
    pub years: &'a [Year],
    /// Each unit's items over the years, from the stacked long table.
    pub history: &'a History,
    pub lang: Lang,
    /// True when every year is scored under the current framework.
    pub like_with_like: bool,
    /// Folders skipped and other notes.
    pub notes: &'a [String],
    pub published: &'a [Published],
    pub timestamp: &'a crate::assessment::Timestamp,
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

fn row(r: usize) -> u32 {
    u32::try_from(r).unwrap_or(u32::MAX)
}

/// Every unit of any year, by code.
fn units(trend: &Trend<'_>) -> Vec<UnitCode> {
    let mut all: Vec<UnitCode> = trend
        .years
        .iter()
        .flat_map(|y| y.assessed.scored.units.iter().cloned())
        .collect();
    all.sort();
    all.dedup();
    all
}

/// Each unit's places climbed from the first year to the last (positive: up),
/// for the units ranked in both.
fn rank_changes(trend: &Trend<'_>, units: &[UnitCode]) -> BTreeMap<String, f64> {
    let mut changes = BTreeMap::new();
    if let (Some(a), Some(b)) = (trend.years.first(), trend.years.last()) {
        for unit in units {
            let (r0, r1) = (
                trend.history.total(unit, a.year).1,
                trend.history.total(unit, b.year).1,
            );
            if let (Some(r0), Some(r1)) = (r0, r1) {
                changes.insert(unit.to_string(), f64::from(r0) - f64::from(r1));
            }
        }
    }
    changes
}

fn unit_name(trend: &Trend<'_>, code: &str) -> String {
    trend.fw.unit(code).map_or(code.to_string(), |u| {
        trend.lang.name(&u.name, u.name_en.as_deref()).to_string()
    })
}

/// The mean of the values present, rounded to hundredths.
fn average(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    let v: Vec<f64> = values.flatten().collect();
    super::measures::mean(&v).map(super::measures::round2)
}

/// The workbook's bytes.
pub fn write(trend: &Trend<'_>) -> Result<Vec<u8>, XlsxError> {
    let lang = trend.lang;
    let mut workbook = Workbook::new();
    let (first, last) = (
        trend.years.first().map_or(0, |y| y.year),
        trend.years.last().map_or(0, |y| y.year),
    );
    let title = lang.pick(
        format!("{first}—{last}年度{}趋势分析", trend.fw.name),
        format!(
            "{} trends {first}–{last}",
            lang.name(&trend.fw.name, trend.fw.name_en.as_deref())
        ),
    );
    workbook.set_properties(
        &style::properties_at(&title, trend.timestamp)?
            .set_custom_property(crate::layout::PROP_KIND, crate::layout::KIND_TREND),
    );
    totals_sheet(&mut workbook, trend, &title)?;
    charts::ranks_chart(&mut workbook, trend)?;
    dimensions_sheet(&mut workbook, trend)?;
    charts::dimension_charts(&mut workbook, trend)?;
    units_sheet(&mut workbook, trend)?;
    indicators_sheet(&mut workbook, trend)?;
    ranks_sheet(&mut workbook, trend)?;
    maturity::sheet(&mut workbook, trend)?;
    city_sheet(&mut workbook, trend)?;
    method_sheet(&mut workbook, trend)?;
    crate::report::style::finish(&mut workbook, lang)
}

/// 总分: per unit the total and rank of each year, the change, the city average, a line chart.
fn totals_sheet(workbook: &mut Workbook, trend: &Trend<'_>, title: &str) -> Result<(), XlsxError> {
    let lang = trend.lang;
    let sheet = workbook.add_worksheet();
    sheet.set_name(lang.pick("总分", "Totals"))?;
    let units = units(trend);
    let years = trend.years;
    let header = style::header();
    let number = style::cell_center().set_num_format("0.00");
    let whole = style::cell_center().set_num_format("0");
    let change = style::cell_center().set_num_format(r#""+"0.00;"−"0.00;"—""#);
    let moved = style::cell_center().set_num_format(r#""↑"0;"↓"0;"—""#);
    let width = 2 + years.len() * 2 + 2;
    style::title_row(sheet, col(width - 1), title)?;
    let mut headers: Vec<String> = vec![
        lang.pick("单位代码", "Code").into(),
        lang.pick("单位", "Unit").into(),
    ];
    for y in years {
        headers.push(lang.pick(format!("{} 总分", y.year), format!("{} total", y.year)));
        headers.push(lang.pick(format!("{} 名次", y.year), format!("{} rank", y.year)));
    }
    // against the first year (the assessment workbook's change is against last year)
    let since = years.first().map_or(0, |y| y.year);
    headers.push(lang.pick(
        format!("较{since}年分数变化"),
        format!("Score change since {since}"),
    ));
    headers.push(lang.pick(
        format!("较{since}年名次变化"),
        format!("Rank change since {since}"),
    ));
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(1, col(c), h, &header)?;
    }
    let standing = |y: &Year, unit: &str| trend.history.total(unit, y.year);
    for (r, unit) in (2u32..).zip(&units) {
        sheet.write_string_with_format(r, 0, unit, &style::cell())?;
        sheet.write_string_with_format(r, 1, unit_name(trend, unit), &style::cell())?;
        for (k, y) in years.iter().enumerate() {
            let (score, rank) = standing(y, unit);
            if let Some(s) = score {
                sheet.write_number_with_format(r, col(2 + 2 * k), s, &number)?;
            }
            if let Some(x) = rank {
                sheet.write_number_with_format(r, col(3 + 2 * k), f64::from(x), &whole)?;
            }
        }
        if let (Some(a), Some(b)) = (years.first(), years.last()) {
            let ((s0, r0), (s1, r1)) = (standing(a, unit), standing(b, unit));
            if let (Some(s0), Some(s1)) = (s0, s1) {
                let d = ((s1 - s0) * 100.0).round() / 100.0;
                sheet.write_number_with_format(r, col(width - 2), d, &change)?;
            }
            if let (Some(r0), Some(r1)) = (r0, r1) {
                sheet.write_number_with_format(
                    r,
                    col(width - 1),
                    f64::from(r0) - f64::from(r1),
                    &moved,
                )?;
            }
        }
    }
    let average_row = 2 + row(units.len());
    sheet.write_string_with_format(
        average_row,
        1,
        lang.pick("全市平均", "City average"),
        &header,
    )?;
    for (k, y) in years.iter().enumerate() {
        let s = &y.assessed.scored;
        if let Some(a) = average(
            s.total()
                .map(|t| t.score.clone())
                .unwrap_or_default()
                .into_iter(),
        ) {
            sheet.write_number_with_format(
                average_row,
                col(2 + 2 * k),
                a,
                &number.clone().set_bold(),
            )?;
        }
    }
    sheet.set_column_width(0, 10)?;
    sheet.set_column_width(1, 12)?;
    for (c, h) in headers.iter().enumerate().skip(2) {
        sheet.set_column_width(col(c), style::fit([h.as_str()], 8.0, 14.0))?;
    }
    sheet.set_freeze_panes(2, 2)?;
    style::print_setup(sheet, true, (1, 1))?;
    Ok(())
}

/// 分项趋势: per dimension a table units × years, two a page (their charts are on 分项趋势图).
fn dimensions_sheet(workbook: &mut Workbook, trend: &Trend<'_>) -> Result<(), XlsxError> {
    let (fw, lang) = (trend.fw, trend.lang);
    let sheet = workbook.add_worksheet();
    sheet.set_name(lang.pick("分项趋势", "Dimensions"))?;
    let units = units(trend);
    let years = trend.years;
    let header = style::header();
    let number = style::cell_center().set_num_format("0.00");
    let mut r = 0u32;
    // a block per dimension (heading, header, units, average, a gap), two a
    // page; the charts are on 分项趋势图, all on one axis
    let block = row(units.len()) + 4;
    let mut breaks = Vec::new();
    for (k, d) in fw.top_dimensions().enumerate() {
        if k > 0 && k % 2 == 0 {
            breaks.push(r);
        }
        let label = format!("{} {}", d.code, lang.name(&d.name, d.name_en.as_deref()));
        sheet.merge_range(r, 0, r, col(years.len()), &label, &style::group())?;
        sheet.write_string_with_format(r + 1, 0, lang.pick("单位", "Unit"), &header)?;
        for (k, y) in years.iter().enumerate() {
            sheet.write_string_with_format(r + 1, col(k + 1), y.year.to_string(), &header)?;
        }
        for (j, unit) in units.iter().enumerate() {
            let at = r + 2 + row(j);
            sheet.write_string_with_format(at, 0, unit_name(trend, unit), &style::cell())?;
            for (k, y) in years.iter().enumerate() {
                match trend.history.get(unit, &d.code, y.year, true) {
                    Some(v) => sheet.write_number_with_format(at, col(k + 1), v, &number)?,
                    None => sheet.write_string_with_format(
                        at,
                        col(k + 1),
                        "—",
                        &style::cell_center(),
                    )?,
                };
            }
        }
        let average_row = r + 2 + row(units.len());
        sheet.write_string_with_format(
            average_row,
            0,
            lang.pick("全市平均", "City average"),
            &header,
        )?;
        for (k, y) in years.iter().enumerate() {
            let s = &y.assessed.scored;
            let values = s.node(&d.code).map(|n| n.score.clone()).unwrap_or_default();
            if let Some(a) = average(values.into_iter()) {
                sheet.write_number_with_format(
                    average_row,
                    col(k + 1),
                    a,
                    &number.clone().set_bold(),
                )?;
            }
        }
        r += block;
    }
    sheet.set_column_width(0, 12)?;
    for k in 0..years.len() {
        sheet.set_column_width(col(k + 1), 9)?;
    }
    style::page_breaks(sheet, &breaks)?;
    // each block under its own heading: no repeated rows; a fixed scale
    // (Excel ignores manual breaks on a sheet fitted to the page) at which
    // two blocks fit a page's height
    style::print_pages(sheet, false);
    style::fixed_scale(sheet, f64::from(2 * block * 20), style::A4_PORTRAIT_TALL_PX);
    Ok(())
}

/// 单位走势: per unit a small chart of its total over the years against the city average.
fn units_sheet(workbook: &mut Workbook, trend: &Trend<'_>) -> Result<(), XlsxError> {
    let lang = trend.lang;
    let sheet = workbook.add_worksheet();
    sheet.set_name(lang.pick("单位走势", "Units"))?;
    let name = sheet.name();
    let units = units(trend);
    let years = trend.years;
    let header = style::header();
    let number = style::cell_center().set_num_format("0.00");
    let averages: Vec<Option<f64>> = years
        .iter()
        .map(|y| {
            average(
                y.assessed
                    .scored
                    .total()
                    .map(|t| t.score.clone())
                    .unwrap_or_default()
                    .into_iter(),
            )
        })
        .collect();
    // one axis for every unit's chart, so that the small charts compare:
    // from the lowest total or average down to a multiple of 10, to the
    // highest up to one
    let all: Vec<f64> = units
        .iter()
        .flat_map(|u| {
            years
                .iter()
                .filter_map(|y| trend.history.total(u, y.year).0)
        })
        .chain(averages.iter().flatten().copied())
        .collect();
    let low = (all.iter().copied().fold(f64::MAX, f64::min) / 10.0).floor() * 10.0;
    let high = (all.iter().copied().fold(f64::MIN, f64::max) / 10.0).ceil() * 10.0;
    // blocks of 12 rows: the data on the left, the chart beside it
    let block = 12u32;
    let mut breaks = Vec::new();
    for (j, unit) in units.iter().enumerate() {
        let r = row(j) * block;
        if j > 0 && j % 4 == 0 {
            breaks.push(r);
        }
        sheet.write_string_with_format(r, 0, unit_name(trend, unit), &style::group())?;
        sheet.write_string_with_format(r + 1, 0, lang.pick("年度", "Year"), &header)?;
        sheet.write_string_with_format(r + 1, 1, lang.pick("总分", "Total"), &header)?;
        sheet.write_string_with_format(r + 1, 2, lang.pick("全市平均", "City average"), &header)?;
        for (k, y) in years.iter().enumerate() {
            let at = r + 2 + row(k);
            sheet.write_string_with_format(at, 0, y.year.to_string(), &style::cell_center())?;
            let total = trend.history.total(unit, y.year).0;
            if let Some(v) = total {
                sheet.write_number_with_format(at, 1, v, &number)?;
            }
            if let Some(a) = averages[k] {
                sheet.write_number_with_format(at, 2, a, &number)?;
            }
        }
        if !years.is_empty() {
            let (first, last) = (r + 2, r + 1 + row(years.len()));
            let mut chart = Chart::new_line();
            for (c, series) in [
                (1u16, lang.pick("总分", "Total")),
                (2u16, lang.pick("全市平均", "City average")),
            ] {
                chart
                    .add_series()
                    .set_name(series)
                    .set_categories((name.as_str(), first, 0, last, 0))
                    .set_values((name.as_str(), first, c, last, c));
            }
            chart.title().set_name(&unit_name(trend, unit));
            chart.legend().set_position(ChartLegendPosition::Bottom);
            if low < high {
                chart.y_axis().set_min(low).set_max(high);
            }
            chart.set_width(420).set_height(220);
            sheet.insert_chart(r, 4, &chart)?;
        }
    }
    sheet.set_column_width(0, 12)?;
    sheet.set_column_width(1, 9)?;
    sheet.set_column_width(2, 10)?;
    style::page_breaks(sheet, &breaks)?;
    // four units a page, each under its own name: no repeated rows; a fixed
    // scale, since Excel ignores manual breaks on a sheet fitted to the page
    style::print_pages(sheet, false);
    let wide = style::pixels(12.0) + style::pixels(9.0) + style::pixels(10.0) + 64.0 + 420.0;
    let tall = f64::from(4 * block * 20);
    style::fixed_scale(sheet, wide.max(tall * 698.0 / 960.0), style::A4_PORTRAIT_PX);
    Ok(())
}

/// 指标趋势: per indicator its city-wide value per year, growth, compound annual growth,
/// and the units that improved and declined most.
#[allow(clippy::too_many_lines)] // one column after another
fn indicators_sheet(workbook: &mut Workbook, trend: &Trend<'_>) -> Result<(), XlsxError> {
    let (fw, lang) = (trend.fw, trend.lang);
    let sheet = workbook.add_worksheet();
    sheet.set_name(lang.pick("指标趋势", "Indicators"))?;
    let years = trend.years;
    let header = style::header();
    let value = style::cell_center().set_num_format("#,##0.00");
    let whole = style::cell_center().set_num_format("#,##0");
    let percent = style::cell_center().set_num_format("0.0%");
    let mut headers: Vec<String> = vec![
        lang.pick("指标", "Indicator").into(),
        lang.pick("指标名称", "Name").into(),
        lang.pick("全市口径", "City-wide as").into(),
    ];
    for y in years {
        headers.push(y.year.to_string());
    }
    headers.extend(
        lang.pick(
            ["较上年增长", "年均增长", "进步最大", "退步最大"],
            [
                "Growth on last year",
                "Compound annual growth",
                "Improved most",
                "Declined most",
            ],
        )
        .map(String::from),
    );
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, col(c), h, &header)?;
    }
    let after_years = 3 + years.len();
    let text = style::cell();
    let center = style::cell_center();
    for (r, ind) in (1u32..).zip(&fw.indicators) {
        sheet.write_string_with_format(r, 0, &ind.code, &center)?;
        sheet.write_string_with_format(
            r,
            1,
            lang.name(&ind.name, ind.name_en.as_deref()),
            &text,
        )?;
        let basis = if ind.value.divide_by.is_some() {
            lang.pick("合计之比", "ratio of sums")
        } else if ind.value.per_people.is_some() && ind.value.fields.len() == 1 {
            lang.pick("合计按全市人口折算", "sum per city population")
        } else if ind.value.fields.len() == 1
            && fw.field(&ind.value.fields[0]).is_some_and(|f| {
                matches!(
                    f.kind,
                    crate::framework::FieldType::Integer | crate::framework::FieldType::Decimal
                )
            })
        {
            lang.pick("合计", "sum")
        } else {
            lang.pick("各单位平均", "mean of units")
        };
        sheet.write_string_with_format(r, 2, basis, &center)?;
        // in the indicator's units: rates as %, counts whole, the rest 2 decimals
        let shown = match Scale::of_value(fw, ind) {
            Scale::Share => &percent,
            Scale::Count => &whole,
            Scale::Decimal => &value,
        };
        let mut series: Vec<(i32, f64)> = Vec::new();
        for (k, y) in years.iter().enumerate() {
            let s = &y.assessed.scored;
            if !trend::indicator_collected(s, ind) {
                sheet.write_string_with_format(
                    r,
                    col(3 + k),
                    lang.pick("未采集", "not collected"),
                    &center,
                )?;
                continue;
            }
            match trend::city_value(fw, s, ind, y.year) {
                Some(v) => {
                    series.push((y.year, v));
                    sheet.write_number_with_format(r, col(3 + k), v, shown)?
                }
                None => sheet.write_string_with_format(r, col(3 + k), "—", &center)?,
            };
        }
        if let [.., (y0, before), (y1, after)] = series[..]
            && y1 == y0 + 1
            && let Some(g) = trend::growth(before, after)
        {
            sheet.write_number_with_format(r, col(after_years), g, &percent)?;
        }
        if let (Some((y0, v0)), Some((y1, v1))) = (series.first(), series.last())
            && y1 > y0
            && let Some(g) = trend::cagr(*v0, *v1, y1 - y0)
        {
            sheet.write_number_with_format(r, col(after_years + 1), g, &percent)?;
        }
        // movers: the change of each unit's value from the first to the last year it was collected
        let collected: Vec<&Year> = years
            .iter()
            .filter(|y| trend::indicator_collected(&y.assessed.scored, ind))
            .collect();
        if let (Some(a), Some(b)) = (collected.first(), collected.last())
            && a.year < b.year
        {
            // where more is worse (a lower-is-better indicator, occurrences
            // that cost points) improving is the value falling: movers are
            // ranked by improvement, their change shown as it is
            let worse_when_more = ind.direction == crate::framework::Direction::Lower
                || matches!(ind.method, crate::framework::Method::Deduction { .. });
            let better = if worse_when_more { -1.0 } else { 1.0 };
            let mut changes: BTreeMap<String, f64> = BTreeMap::new();
            for unit in &b.assessed.scored.units {
                let v0 = trend.history.get(unit, &ind.code, a.year, false);
                let v1 = trend.history.get(unit, &ind.code, b.year, false);
                if let (Some(v0), Some(v1)) = (v0, v1) {
                    changes.insert(unit.to_string(), better * (v1 - v0));
                }
            }
            let movers = trend::movers(&changes);
            // the change in the indicator's units: a rate in percentage points
            let scale = Scale::of_value(fw, ind);
            let words = |(unit, improved): &(String, f64)| {
                let change = &(better * improved);
                let sign = if *change < 0.0 { "−" } else { "+" };
                let amount = match scale {
                    Scale::Share => lang.pick(
                        format!("{sign}{:.1} 个百分点", change.abs() * 100.0),
                        format!("{sign}{:.1} percentage points", change.abs() * 100.0),
                    ),
                    Scale::Count | Scale::Decimal => format!("{sign}{}", scale.text(change.abs())),
                };
                format!("{} {amount}", unit_name(trend, unit))
            };
            if let Some(best) = movers.first().filter(|m| m.1 > 0.0) {
                sheet.write_string_with_format(r, col(after_years + 2), words(best), &text)?;
            }
            if let Some(worst) = movers.last().filter(|m| m.1 < 0.0) {
                sheet.write_string_with_format(r, col(after_years + 3), words(worst), &text)?;
            }
        }
    }
    let note_row = 2 + row(fw.indicators.len());
    // the note across the table, wrapped (a note in one cell was cut off)
    sheet.set_row_height(note_row, 48)?;
    sheet.merge_range(
        note_row,
        0,
        note_row,
        col(after_years + 3),
        lang.pick(
            "说明：全市口径——计数和金额为各单位合计（人均指标按全市常住人口折算），比率为分子合计 ÷ 分母合计，其余为各单位平均；“未采集”表示该年度未收集该指标所需数据，不按 0 计；年均增长 = (末年 ÷ 首年)^(1 ÷ 年数) − 1；进步/退步最大按单位指标值首末年之差（越少越好的指标，如按次扣分的，减少为进步）。",
            "City-wide: counts and amounts are summed (per-capita indicators over the city's population), ratios are the sum of numerators over the sum of denominators, others the mean of units; \"not collected\" means the year did not collect the data (never zero); compound annual growth = (last ÷ first)^(1 ÷ years) − 1; movers by the change of the unit's value from the first to the last year (where less is better, such as occurrences that cost points, a fall is an improvement).",
        ),
        &style::note(),
    )?;
    sheet.set_column_width(0, 6)?;
    sheet.set_column_width(1, 30)?;
    sheet.set_column_width(2, 14)?;
    for k in 0..years.len() {
        sheet.set_column_width(col(3 + k), 11)?;
    }
    for c in after_years..after_years + 2 {
        sheet.set_column_width(col(c), 12)?;
    }
    // 「晋州市 +20.0 个百分点」 on one line
    for c in after_years + 2..after_years + 4 {
        sheet.set_column_width(col(c), 22)?;
    }
    sheet.set_freeze_panes(1, 2)?;
    style::print_setup(sheet, true, (0, 0))?;
    #[allow(clippy::cast_precision_loss)] // a few years
    let years_width = 11.0 * years.len() as f64;
    style::paper_for_width(
        sheet,
        6.0 + 30.0 + 14.0 + years_width + 2.0 * 12.0 + 2.0 * 22.0,
    );
    Ok(())
}

/// 名次变动: ranks per year and the biggest climbers and fallers.
fn ranks_sheet(workbook: &mut Workbook, trend: &Trend<'_>) -> Result<(), XlsxError> {
    let lang = trend.lang;
    let sheet = workbook.add_worksheet();
    sheet.set_name(lang.pick("名次变动", "Ranks"))?;
    let units = units(trend);
    let years = trend.years;
    let header = style::header();
    let whole = style::cell_center().set_num_format("0");
    let moved = style::cell_center().set_num_format(r#""↑"0;"↓"0;"—""#);
    sheet.write_string_with_format(0, 0, lang.pick("单位", "Unit"), &header)?;
    for (k, y) in years.iter().enumerate() {
        sheet.write_string_with_format(0, col(k + 1), y.year.to_string(), &header)?;
    }
    let change_col = col(years.len() + 1);
    sheet.write_string_with_format(0, change_col, lang.pick("名次变化", "Change"), &header)?;
    let rank = |y: &Year, unit: &str| trend.history.total(unit, y.year).1;
    let changes = rank_changes(trend, &units);
    for (r, unit) in (1u32..).zip(&units) {
        sheet.write_string_with_format(r, 0, unit_name(trend, unit), &style::cell())?;
        for (k, y) in years.iter().enumerate() {
            if let Some(x) = rank(y, unit) {
                sheet.write_number_with_format(r, col(k + 1), f64::from(x), &whole)?;
            }
        }
        if let Some(d) = changes.get(unit.as_str()) {
            sheet.write_number_with_format(r, change_col, *d, &moved)?;
        }
    }
    let movers = trend::movers(&changes);
    let mut r = 2 + row(units.len());
    for (label, picked) in [
        (
            lang.pick("上升最多", "Climbed most"),
            movers
                .iter()
                .filter(|m| m.1 > 0.0)
                .take(3)
                .collect::<Vec<_>>(),
        ),
        (
            lang.pick("下降最多", "Fell most"),
            movers
                .iter()
                .rev()
                .filter(|m| m.1 < 0.0)
                .take(3)
                .collect::<Vec<_>>(),
        ),
    ] {
        sheet.write_string_with_format(r, 0, label, &header)?;
        for (unit, change) in picked {
            r += 1;
            sheet.write_string_with_format(r, 0, unit_name(trend, unit), &style::cell())?;
            sheet.write_number_with_format(r, 1, *change, &moved)?;
        }
        r += 2;
    }
    sheet.set_column_width(0, 12)?;
    sheet.set_freeze_panes(1, 1)?;
    style::print_setup(sheet, false, (0, 0))?;
    Ok(())
}

/// 全市合计: the city totals of the running totals (年末累计 and 年末实有) per year,
/// beside the figures the city published.
fn city_sheet(workbook: &mut Workbook, trend: &Trend<'_>) -> Result<(), XlsxError> {
    let (fw, lang) = (trend.fw, trend.lang);
    let sheet = workbook.add_worksheet();
    sheet.set_name(lang.pick("全市合计", "City totals"))?;
    let years = trend.years;
    let header = style::header();
    let count = style::cell_center().set_num_format("#,##0.##");
    let mut headers: Vec<String> = vec![
        lang.pick("字段", "Field").into(),
        lang.pick("名称", "Name").into(),
        lang.pick("口径", "Counting").into(),
    ];
    for y in years {
        headers.push(lang.pick(format!("{} 合计", y.year), format!("{} total", y.year)));
    }
    let published_years: Vec<i32> = {
        let mut v: Vec<i32> = trend.published.iter().map(|p| p.year).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    for y in &published_years {
        headers.push(lang.pick(format!("{y} 公布数"), format!("{y} published")));
        headers.push(lang.pick(format!("{y} 差额"), format!("{y} difference")));
    }
    headers.push(lang.pick("公布来源", "Published in").into());
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, col(c), h, &header)?;
    }
    let stocks = fw.fields.iter().filter(|f| {
        matches!(f.counting, Some(Counting::Cumulative | Counting::Status))
            || trend.published.iter().any(|p| p.field == f.code)
    });
    let center = style::cell_center();
    for (r, field) in (1u32..).zip(stocks) {
        sheet.write_string_with_format(r, 0, &field.code, &style::cell())?;
        sheet.write_string_with_format(
            r,
            1,
            lang.name(&field.name, field.name_en.as_deref()),
            &style::cell(),
        )?;
        let counting = match field.counting {
            Some(Counting::Cumulative) => lang.pick("年末累计", "cumulative"),
            Some(Counting::Status) => lang.pick("年末实有", "at year end"),
            Some(Counting::Annual) => lang.pick("当年新增", "annual"),
            None => "",
        };
        sheet.write_string_with_format(r, 2, counting, &center)?;
        let mut totals: BTreeMap<i32, f64> = BTreeMap::new();
        for (k, y) in years.iter().enumerate() {
            let s = &y.assessed.scored;
            if !trend::collected(s, &field.code) {
                sheet.write_string_with_format(
                    r,
                    col(3 + k),
                    lang.pick("未采集", "not collected"),
                    &center,
                )?;
                continue;
            }
            if let Some(t) = trend::field_total(s, &field.code) {
                totals.insert(y.year, t);
                sheet.write_number_with_format(r, col(3 + k), t, &count)?;
            }
        }
        let mut sources = Vec::new();
        for (j, y) in published_years.iter().enumerate() {
            let c = 3 + years.len() + 2 * j;
            if let Some(p) = trend
                .published
                .iter()
                .find(|p| p.year == *y && p.field == field.code)
            {
                sheet.write_number_with_format(r, col(c), p.value, &count)?;
                if let Some(t) = totals.get(y) {
                    sheet.write_number_with_format(r, col(c + 1), t - p.value, &count)?;
                }
                if !sources.contains(&p.source) {
                    sources.push(p.source.clone());
                }
            }
        }
        sheet.write_string_with_format(
            r,
            col(headers.len() - 1),
            sources.join("；"),
            &style::cell(),
        )?;
    }
    sheet.set_column_width(0, 20)?;
    sheet.set_column_width(1, 30)?;
    let mut width = 50.0;
    for (c, h) in headers.iter().enumerate().skip(2) {
        let w = style::fit([h.as_str()], 10.0, 40.0);
        width += w;
        sheet.set_column_width(col(c), w)?;
    }
    sheet.set_freeze_panes(1, 2)?;
    style::print_setup(sheet, true, (0, 0))?;
    style::paper_for_width(sheet, width);
    Ok(())
}

/// 方法说明: how the years were compared, the folders, the framework, the notes.
fn method_sheet(workbook: &mut Workbook, trend: &Trend<'_>) -> Result<(), XlsxError> {
    let (fw, lang) = (trend.fw, trend.lang);
    let sheet = workbook.add_worksheet();
    sheet.set_name(lang.pick("方法说明", "Method"))?;
    let label: Format = style::cell().set_bold().set_background_color("F2F2F2");
    let mut rows: Vec<(String, String)> = vec![
        (
            lang.pick("比较口径", "Comparison").into(),
            if trend.like_with_like {
                lang.pick(
                    "各年度均按当前评分标准重新计分（同口径比较），并使用各年度的市级复核表",
                    "every year re-scored under the current framework (like with like), with each year's city workbook",
                )
                .into()
            } else {
                lang.pick(
                    "各年度按当年评分标准计分（按公布口径；年度文件夹中有 framework.toml 或 indicators 文件夹时使用之，否则使用当前评分标准），并使用各年度的市级复核表",
                    "each year under its own framework (as published: framework.toml or an indicators folder in the year's folder, else the current one), with each year's city workbook",
                )
                .into()
            },
        ),
        (
            lang.pick("当前评分标准", "Current framework").into(),
            format!("{} {} ({}) {}", fw.id, fw.version, fw.name, fw.identity()),
        ),
        (
            lang.pick("未采集", "Not collected").into(),
            lang.pick(
                "某年度没有任何单位报送的字段视为未采集，显示为“未采集”，不按 0 计",
                "a field no unit reported in a year counts as not collected and is shown so, never as zero",
            )
            .into(),
        ),
        (
            lang.pick("单位匹配", "Units").into(),
            lang.pick(
                "各年度单位按单位代码匹配（曾用名已在读取时识别）；字段按 replaces 关联识别改名",
                "units are matched by code across years (former names are recognised when reading); renamed fields by their replaces links",
            )
            .into(),
        ),
        (
            lang.pick("运行时间", "Run time").into(),
            format!("{}（{}）", trend.timestamp.text(), trend.timestamp.source(lang)),
        ),
    ];
    for y in trend.years {
        rows.push((
            lang.pick(format!("{} 年", y.year), format!("{}", y.year)),
            lang.pick(
                format!(
                    "{}：{} 份报表{}",
                    y.folder,
                    y.assessed.intake.submissions.len(),
                    y.assessed.intake.city.as_ref().map_or(
                        String::from("，无市级复核表"),
                        |c| format!("，市级复核表 {}", crate::location::file_name(&c.file))
                    )
                ),
                format!(
                    "{}: {} submissions{}",
                    y.folder,
                    y.assessed.intake.submissions.len(),
                    y.assessed.intake.city.as_ref().map_or(
                        String::from(", no city workbook"),
                        |c| format!(", city workbook {}", crate::location::file_name(&c.file))
                    )
                ),
            ),
        ));
    }
    if !fw.maturity.is_empty() {
        let bands = |lang| fw.maturity_bands(lang);
        rows.push((
            lang.pick("成熟度", "Maturity").into(),
            lang.pick(
                format!("达标率 = 得到满分的指标数 ÷ 有得分的指标数（各维度和合计）；等级：{}", bands(Lang::Zh).join("，")),
                format!("share met = indicators at full points ÷ indicators scored (per dimension and overall); levels: {}", bands(Lang::En).join(", ")),
            ),
        ));
    }
    for note in trend.notes {
        rows.push((lang.pick("跳过", "Skipped").into(), note.clone()));
    }
    for (r, (l, v)) in (0u32..).zip(&rows) {
        sheet.write_string_with_format(r, 0, l, &label)?;
        sheet.write_string_with_format(r, 1, v, &style::cell())?;
    }
    sheet.set_column_width(0, 16)?;
    sheet.set_column_width(1, 100)?;
    style::print_setup(sheet, false, (0, 0))?;
    Ok(())
}
