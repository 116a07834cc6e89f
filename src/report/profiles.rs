//! 单位画像 (Profiles): per county, in unit-code order, one block per printed
//! page: the unit's total and rank; each top-level dimension's points as a
//! share of its maximum (得分率) beside the city average share, with a radar
//! chart of the two under the table, as wide as the table (so that no client
//! that prints columns wider than Excel cuts the chart off the page); and
//! the unit's three strongest and three weakest indicators by share. Writes only: the shares are computed here from the
//! scores and maxima of `score/`, every one written as a number. Beyond
//! [`MAX_UNITS`] units the sheet holds a note instead (see there why).

use rust_xlsxwriter::{
    Chart, ChartLegendPosition, ChartType, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

use super::Results;
use super::dimensions::{ranks, tied};
use super::measures::{in_code_order, mean, top_dimensions, unit_name};
use super::style;
use crate::lang::Lang;
use crate::score::{NodeKind, NodeScores};

/// More units than this and the sheet holds a note instead of the profiles.
///
/// A block per unit is one printed page with its own radar chart: for the
/// 21 counties of the city that is a booklet, for hundreds of units (a
/// province's counties, or a framework run on a statistics table) it is an
/// unreadable sheet of hundreds of charts that spreadsheet programs open
/// slowly. Each unit's feedback workbook (`assess run --per-unit DIR`) holds
/// the same radar chart, one file per unit, so nothing is lost.
pub const MAX_UNITS: usize = 50;

/// Indicators listed per block as strongest and as weakest.
const LISTED: usize = 3;
/// Rows of the chart under the table (20 px each at the default height).
const CHART_ROWS: u32 = 19;
/// Row 0 holds the sheet's title (repeated on every page); blocks start here.
const FIRST_BLOCK_ROW: u32 = 2;

/// Shares of points (得分 ÷ 满分) of one dimension or indicator.
struct Share {
    label: String,
    /// Per unit, in `scored.units` order; `None` without a score.
    own: Vec<Option<f64>>,
    /// Mean of the units' shares.
    average: Option<f64>,
}

impl Share {
    /// `None` when the node has no positive maximum (no share to speak of).
    fn of(node: &NodeScores, label: String) -> Option<Share> {
        let max = node.max.filter(|m| *m > 0.0)?;
        let own: Vec<Option<f64>> = node.score.iter().map(|s| s.map(|s| s / max)).collect();
        let present: Vec<f64> = own.iter().flatten().copied().collect();
        Some(Share {
            label,
            average: mean(&present),
            own,
        })
    }
}

/// Adds the sheet to the assessment workbook.
#[allow(clippy::too_many_lines)] // the block, cell by cell, then the page
pub fn sheet(workbook: &mut Workbook, results: &Results<'_>) -> Result<(), XlsxError> {
    let (fw, scored, lang) = (results.fw, results.scored, results.lang);
    let sheet_name = lang.pick("单位画像", "Profiles");
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name)?;
    let n = scored.units.len();
    let last = 2;
    if n > MAX_UNITS {
        let note = lang.pick(
            format!(
                "参评单位共 {n} 个，超过 {MAX_UNITS} 个，本表不逐一绘制单位画像：各单位的雷达图见各单位反馈单（assess run --per-unit 文件夹）。"
            ),
            format!(
                "{n} units, more than {MAX_UNITS}: the profiles are not drawn here. Each unit's radar chart is in its feedback workbook (assess run --per-unit DIR)."
            ),
        );
        sheet.merge_range(0, 0, 0, last, &note, &style::note())?;
        sheet.set_row_height(0, 45)?;
        sheet.set_column_width(0, 30)?;
        style::print_setup(sheet, false, (0, 0))?;
        return Ok(());
    }

    let dimensions: Vec<Share> = top_dimensions(results)
        .into_iter()
        .filter_map(|(d, node)| {
            Share::of(
                node,
                format!("{} {}", d.code, lang.name(&d.name, d.name_en.as_deref())),
            )
        })
        .collect();
    let indicators: Vec<Share> = fw
        .indicators
        .iter()
        .filter_map(|ind| {
            let node = scored
                .node(&ind.code)
                .filter(|n| n.kind == NodeKind::Indicator)?;
            Share::of(
                node,
                format!(
                    "{} {}",
                    ind.code,
                    lang.name(&ind.name, ind.name_en.as_deref())
                ),
            )
        })
        .collect();
    let total = scored.total();
    let total_ranks = total.map(ranks).unwrap_or_default();

    // each block the same height, so that no chart reaches into the next block
    let listed = LISTED.min(indicators.len());
    let weakest_listed = LISTED.min(indicators.len() - listed);
    let table_rows = 3 + count(dimensions.len());
    let chart_rows = if dimensions.is_empty() { 0 } else { CHART_ROWS };
    let block_rows =
        table_rows + chart_rows + 1 + (1 + count(listed)) + (1 + count(weakest_listed)) + 1;

    let title = lang.pick(
        format!("{}年度单位画像", results.year),
        format!("{} unit profiles", results.year),
    );
    style::title_row(sheet, last, &title)?;

    let name_format = style::base()
        .set_bold()
        .set_font_size(12)
        .set_align(FormatAlign::VerticalCenter);
    let label = style::base()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter);
    let percent = style::cell_center().set_num_format("0.0%");
    let header = style::header();
    let table_headers: [&str; 3] = lang.pick(
        ["各维度得分率", "本单位", "全市平均"],
        ["Share of points by dimension", "This unit", "City average"],
    );
    let strongest_headers: [&str; 3] = lang.pick(
        ["得分率最高的指标", "本单位", "全市平均"],
        ["Strongest indicators", "This unit", "City average"],
    );
    let weakest_headers: [&str; 3] = lang.pick(
        ["得分率最低的指标", "本单位", "全市平均"],
        ["Weakest indicators", "This unit", "City average"],
    );
    let mut labels: Vec<String> = table_headers
        .iter()
        .chain(&strongest_headers)
        .chain(&weakest_headers)
        .map(ToString::to_string)
        .collect();
    let mut breaks = Vec::new();
    // placed once the columns' widths are known: each as wide as its table
    let mut charts: Vec<(u32, Chart)> = Vec::new();
    for (k, &i) in in_code_order(scored).iter().enumerate() {
        let top = FIRST_BLOCK_ROW + count(k) * block_rows;
        if k > 0 {
            breaks.push(top);
        }
        // the unit, its total and rank (numbers; the words are in the formats)
        let code = &scored.units[i];
        let name = format!("{}（{code}）", unit_name(results, code));
        sheet.set_row_height(top, 24)?;
        sheet.write_string_with_format(top, 0, &name, &name_format)?;
        labels.push(name.clone());
        if let Some(t) = total.and_then(|t| t.score[i]) {
            let format = name_format
                .clone()
                .set_align(FormatAlign::Center)
                .set_num_format(lang.pick(r#""总分 "0.00"#, r#""total "0.00"#));
            sheet.merge_range(top, 1, top, 2, "", &format)?;
            sheet.write_number_with_format(top, 1, t, &format)?;
        }
        if let Some(r) = total_ranks.get(i).copied().flatten() {
            let format = style::base()
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::VerticalCenter)
                .set_num_format(rank_words(tied(&total_ranks, i), n, lang));
            sheet.merge_range(top + 1, 0, top + 1, last, "", &format)?;
            sheet.write_number_with_format(top + 1, 0, f64::from(r), &format)?;
        }

        // the dimensions' shares, which the chart under them draws
        let mut row = top + 2;
        write_headers(sheet, row, &table_headers, &header)?;
        let refs: Vec<&Share> = dimensions.iter().collect();
        write_shares(sheet, row + 1, &refs, i, &label, &percent)?;
        row += 1 + count(refs.len());
        if !dimensions.is_empty() {
            let (first, last_row) = (top + 3, row - 1);
            let mut chart = Chart::new(ChartType::Radar);
            chart.set_name(&name);
            chart
                .title()
                .set_name(lang.pick("各维度得分率", "Share of points by dimension"));
            chart
                .add_series()
                .set_name(unit_name(results, code).as_str())
                .set_categories((sheet_name, first, 0, last_row, 0))
                .set_values((sheet_name, first, 1, last_row, 1));
            chart
                .add_series()
                .set_name(lang.pick("全市平均", "City average"))
                .set_categories((sheet_name, first, 0, last_row, 0))
                .set_values((sheet_name, first, 2, last_row, 2));
            chart
                .y_axis()
                .set_min(0.0)
                .set_max(1.0)
                .set_num_format("0%");
            chart.legend().set_position(ChartLegendPosition::Bottom);
            charts.push((row, chart));
            row += CHART_ROWS;
        }

        // strongest and weakest indicators: by share, ties in framework order
        let mut by_share: Vec<&Share> = indicators.iter().filter(|s| s.own[i].is_some()).collect();
        by_share.sort_by(|a, b| b.own[i].unwrap_or(0.0).total_cmp(&a.own[i].unwrap_or(0.0)));
        let strongest: Vec<&Share> = by_share.iter().take(listed).copied().collect();
        let mut rest: Vec<&Share> = by_share.iter().skip(listed).copied().collect();
        rest.sort_by(|a, b| a.own[i].unwrap_or(0.0).total_cmp(&b.own[i].unwrap_or(0.0)));
        rest.truncate(weakest_listed);
        row += 1;
        for (headers, list) in [(&strongest_headers, &strongest), (&weakest_headers, &rest)] {
            write_headers(sheet, row, headers, &header)?;
            write_shares(sheet, row + 1, list, i, &label, &percent)?;
            row += 1 + count(list.len());
        }
    }
    labels.extend(dimensions.iter().map(|s| s.label.clone()));
    labels.extend(indicators.iter().map(|s| s.label.clone()));

    // widths: the labels whole (no wrapping, so that rows keep the height the
    // chart counts on)
    let name_width = style::fit(&labels, 16.0, 50.0);
    let share_width = style::fit(
        table_headers[1..]
            .iter()
            .chain(&strongest_headers[1..])
            .chain(&weakest_headers[1..]),
        10.0,
        16.0,
    );
    sheet.set_column_width(0, name_width)?;
    sheet.set_column_width(1, share_width)?;
    sheet.set_column_width(2, share_width)?;
    let width = style::pixels(name_width) + 2.0 * style::pixels(share_width);
    for (row, chart) in &mut charts {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // a few hundred px
        chart.set_width(width as u32).set_height(CHART_ROWS * 20);
        sheet.insert_chart(*row, 0, chart)?;
    }

    // one block a page: manual page breaks, so a fixed scale rather than
    // print_setup's fit-to-width (which makes Excel ignore manual breaks)
    style::print_setup(sheet, false, (0, 0))?;
    style::fixed_scale(sheet, width, style::A4_PORTRAIT_PX);
    if !breaks.is_empty() {
        style::page_breaks(sheet, &breaks)?;
    }
    Ok(())
}

/// A rank's number format in words: `"第 "0" 名（并列）"`, so the rank stays a number.
fn rank_words(tied: bool, units: usize, lang: Lang) -> String {
    match (tied, lang) {
        (true, Lang::Zh) => format!(r#""第 "0" 名（并列），共 {units} 个单位""#),
        (false, Lang::Zh) => format!(r#""第 "0" 名，共 {units} 个单位""#),
        (true, Lang::En) => format!(r#""rank "0" (tied) of {units}""#),
        (false, Lang::En) => format!(r#""rank "0" of {units}""#),
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn write_headers(
    sheet: &mut Worksheet,
    row: u32,
    headers: &[&str; 3],
    format: &Format,
) -> Result<(), XlsxError> {
    for (c, h) in (0u16..).zip(headers) {
        sheet.write_string_with_format(row, c, *h, format)?;
    }
    Ok(())
}

/// One row per share from `row` down: label, the unit's share, the city average.
fn write_shares(
    sheet: &mut Worksheet,
    row: u32,
    shares: &[&Share],
    unit: usize,
    label: &Format,
    percent: &Format,
) -> Result<(), XlsxError> {
    for (r, share) in (row..).zip(shares) {
        sheet.write_string_with_format(r, 0, &share.label, label)?;
        match share.own[unit] {
            Some(v) => sheet.write_number_with_format(r, 1, v, percent)?,
            None => sheet.write_blank(r, 1, percent)?,
        };
        match share.average {
            Some(v) => sheet.write_number_with_format(r, 2, v, percent)?,
            None => sheet.write_blank(r, 2, percent)?,
        };
    }
    Ok(())
}
