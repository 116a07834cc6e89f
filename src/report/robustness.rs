//! The 排名稳健性 sheet of the assessment workbook and the rank interval in
//! words: how robust the ranks are (`analysis::uncertainty`). Writes only:
//! every number comes from [`simulate`](crate::analysis::uncertainty::simulate).

use rust_xlsxwriter::{
    Chart, ChartAxisLabelPosition, ChartFormat, ChartLegendPosition, ChartMarker, ChartMarkerType,
    ChartSolidFill, ChartType, Workbook, XlsxError,
};

use super::{Results, style};
use crate::analysis::uncertainty::*;
use crate::framework::Mode;
use crate::lang::Lang;

/// The rank with its 90 % interval, for `assess explain`: `名次 5（90% 区间
/// 4–7）` / `rank 5 (90% interval 4–7)`; the rank alone when there were no
/// draws; `无名次` / `no rank` when the unit has none (or `unit` is out of range).
pub fn interval_text(u: &Uncertainty, unit: usize, lang: Lang) -> String {
    let Some(r) = u.units.get(unit) else {
        return lang.pick("无名次", "no rank").to_string();
    };
    match (r.rank, r.low, r.high) {
        (Some(rank), Some(low), Some(high)) => lang.pick(
            format!("名次 {rank}（90% 区间 {low}–{high}）"),
            format!("rank {rank} (90% interval {low}–{high})"),
        ),
        (Some(rank), _, _) => lang.pick(format!("名次 {rank}"), format!("rank {rank}")),
        (None, _, _) => lang.pick("无名次", "no rank").to_string(),
    }
}

/// The method in plain words, for the sheet's note.
fn method_words(u: &Uncertainty, lang: Lang) -> String {
    let s = &u.settings;
    let percent = format!("{}", (s.spread * 100.0).round());
    let what = match u.mode {
        Mode::Points => lang.pick(
            format!(
                "每次将各维度的分值在 ±{percent}% 范围内均匀随机变动，再按比例调整使各维度分值之和仍等于总分值；各单位在每个维度的得分率不变，维度得分按新分值折算，加分、扣分和一票否决不变；总分四舍五入保留两位小数后重新排名（并列按“1、2、2、4”），并按等次规则（含分数线、扣分条件、一票否决和比例限制）重新评定等次。"
            ),
            format!(
                "Each draw changes every dimension's points by a random amount, uniform within ±{percent}%, then rescales them to the declared total; each unit keeps its share of each dimension, bonus, deductions and vetoes stay as scored; totals are rounded half-up to hundredths, ranked (ties share a rank: 1, 2, 2, 4) and graded by the grade rules (bands, deduction limits, vetoes and quotas)."
            ),
        ),
        Mode::WeightedMean => lang.pick(
            format!(
                "每次将各维度的权重在 ±{percent}% 范围内均匀随机变动，由各指标的标准化得分重新逐级加权汇总后排名（并列按“1、2、2、4”）。"
            ),
            format!(
                "Each draw changes every dimension's weight by a random amount, uniform within ±{percent}%, aggregates the indicators' normalised scores again level by level and ranks the index (ties share a rank: 1, 2, 2, 4)."
            ),
        ),
    };
    lang.pick(
        format!(
            "方法：共模拟 {} 次（随机数种子 {}，SplitMix64 生成器，每次运行结果相同）。{what}中位名次、5% 名次、95% 名次为各次模拟名次的分位数（最近秩法：N 次中第 ⌈p×N⌉ 小的名次）；5%–95% 即 90% 区间。等次概率为各等次在模拟中出现的比例，按评分规则计，不含党组审定调整。平均名次变动：仅变动该项（其余不变）再模拟同样次数，各单位名次与实际名次之差的绝对值的平均。评估体系未列出可替代的计分方法，故只变动分值（权重）。本表仅供内部掌握，不对外公布。",
            s.draws, s.seed
        ),
        format!(
            "Method: {} draws (seed {}, SplitMix64 generator: the same on every run). {what} The median, 5% and 95% ranks are quantiles of the simulated ranks (nearest rank: the ⌈p×N⌉-th smallest of N draws); 5%–95% is the 90% interval. Grade probabilities are the share of draws in each grade by the rules, without the decisions of the leading Party group (党组). Mean rank change: the same number of draws with only that input changed, the mean over draws and units of |rank − actual rank|. The framework lists no alternative methods, so only points (weights) are changed. For internal use only; not to be published.",
            s.draws, s.seed
        ),
    )
}

/// Adds the 排名稳健性 sheet to the assessment workbook (when simulated): per
/// unit in rank order the rank, median, 5 % and 95 % ranks and the grade
/// probabilities, the method below them; then, on a page of their own, a
/// chart of the intervals and the sensitivity table.
#[allow(clippy::too_many_lines)] // the table, the chart, the sensitivity, the note
pub fn sheet(workbook: &mut Workbook, results: &Results<'_>) -> Result<(), XlsxError> {
    let Some(u) = results.uncertainty else {
        return Ok(());
    };
    let (fw, lang) = (results.fw, results.lang);
    let sheet = workbook.add_worksheet();
    sheet.set_name(lang.pick("排名稳健性", "Rank robustness"))?;
    let title = lang.pick(
        format!("{}年度排名稳健性分析（内部掌握）", results.year),
        format!("{} rank robustness (internal use only)", results.year),
    );
    let mut headers: Vec<String> = lang
        .pick(
            ["单位", "名次", "中位名次", "5%名次", "95%名次"],
            ["Unit", "Rank", "Median rank", "5% rank", "95% rank"],
        )
        .iter()
        .map(ToString::to_string)
        .collect();
    for g in &u.grades {
        let en = fw
            .grades
            .iter()
            .find(|x| x.name == *g)
            .and_then(|x| x.name_en.as_deref());
        headers.push(lang.name(g, en).to_string());
    }
    let width = u16::try_from(headers.len()).unwrap_or(u16::MAX);
    style::title_row(sheet, width - 1, &title)?;
    for (c, h) in (0u16..).zip(&headers) {
        sheet.write_string_with_format(1, c, h, &style::header())?;
    }

    // rank order, then unit code
    let mut order: Vec<&UnitRanks> = u.units.iter().collect();
    order.sort_by(|a, b| {
        (a.rank.unwrap_or(u32::MAX), &a.code).cmp(&(b.rank.unwrap_or(u32::MAX), &b.code))
    });
    let text = style::cell();
    let whole = style::cell_center().set_num_format("0");
    let percent = style::cell_center().set_num_format("0.0%");
    let mut names: Vec<String> = vec![headers[0].clone()];
    // the chart's bars, in hidden columns: an invisible base up to the 5 % rank, then the interval
    let (base_col, span_col) = (width, width + 1);
    sheet.write_string(1, base_col, lang.pick("区间起点", "Interval start"))?;
    sheet.write_string(1, span_col, lang.pick("区间", "Interval"))?;
    for (row, r) in (2u32..).zip(&order) {
        let name = crate::report::measures::unit_name(results, &r.code);
        sheet.write_string_with_format(row, 0, &name, &text)?;
        names.push(name);
        for (c, value) in (1u16..).zip([r.rank, r.median, r.low, r.high]) {
            match value {
                Some(v) => sheet.write_number_with_format(row, c, f64::from(v), &whole)?,
                None => sheet.write_string_with_format(row, c, "—", &style::cell_center())?,
            };
        }
        for (c, p) in (5u16..).zip(&r.grades) {
            sheet.write_number_with_format(row, c, *p, &percent)?;
        }
        if let (Some(low), Some(high)) = (r.low, r.high) {
            // the interval drawn from half a rank above the 5 % rank to half below the 95 %
            sheet.write_number(row, base_col, f64::from(low) - 0.5)?;
            sheet.write_number(row, span_col, f64::from(high - low) + 1.0)?;
        }
    }
    sheet.set_column_hidden(base_col)?;
    sheet.set_column_hidden(span_col)?;
    let n = u32::try_from(order.len()).unwrap_or(0);
    let units_end = 2 + n;

    // the first column fits the units and the inputs of the sensitivity table
    let inputs: Vec<String> = u
        .sensitivity
        .iter()
        .map(|s| {
            let name = lang.name(&s.name, s.name_en.as_deref());
            lang.pick(
                format!("{} {name}（维度）", s.code),
                format!("{} {name} (dimension)", s.code),
            )
        })
        .collect();
    let together = lang.pick("全部同时变动（参考）", "All together (for reference)");
    let first = style::fit(
        names
            .iter()
            .chain(&inputs)
            .map(String::as_str)
            .chain([together]),
        10.0,
        30.0,
    );

    // below the units, the method: N, spread, seed and definitions
    let row = units_end + 1;
    let note = method_words(u, lang);
    let columns_width = first + 10.0 * f64::from(width - 1);
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // a few lines
    let lines = (style::text_width(&note) / columns_width).ceil().max(1.0) as u32;
    sheet.merge_range(row, 0, row, width - 1, &note, &style::note())?;
    sheet.set_row_height(row, f64::from(lines) * 14.0 + 4.0)?;

    // on a page of its own, the chart: for each unit a bar over its 90 %
    // interval, the median and the rank as marks
    let chart_row = row + 2;
    let chart_rows = 20;
    if n > 0 {
        let name = sheet.name();
        let categories = (name.as_str(), 2, 0, units_end - 1, 0);
        let mut chart = Chart::new(ChartType::ColumnStacked);
        chart
            .add_series()
            .set_name(lang.pick("区间起点", "Interval start"))
            .set_categories(categories)
            .set_values((name.as_str(), 2, base_col, units_end - 1, base_col))
            .set_format(ChartFormat::new().set_no_fill().set_no_border())
            .set_gap(80);
        chart
            .add_series()
            .set_name(lang.pick("90% 区间（5%–95% 名次）", "90% interval (5%–95% rank)"))
            .set_categories(categories)
            .set_values((name.as_str(), 2, span_col, units_end - 1, span_col))
            .set_format(
                ChartFormat::new()
                    .set_solid_fill(ChartSolidFill::new().set_color("9DC3E6"))
                    .set_no_border(),
            );
        let mut marks = Chart::new_line();
        for (c, label, marker, colour) in [
            (
                2u16,
                lang.pick("中位名次", "Median rank"),
                ChartMarkerType::Diamond,
                "1F4E79",
            ),
            (
                1u16,
                lang.pick("实际名次", "Actual rank"),
                ChartMarkerType::X,
                "C00000",
            ),
        ] {
            marks
                .add_series()
                .set_name(label)
                .set_categories(categories)
                .set_values((name.as_str(), 2, c, units_end - 1, c))
                .set_format(ChartFormat::new().set_no_line())
                .set_marker(
                    ChartMarker::new().set_type(marker).set_size(7).set_format(
                        ChartFormat::new()
                            .set_solid_fill(ChartSolidFill::new().set_color(colour))
                            .set_line(rust_xlsxwriter::ChartLine::new().set_color(colour)),
                    ),
                );
        }
        chart.combine(&marks);
        chart.show_hidden_data();
        chart.title().set_name(lang.pick(
            "各单位名次的 90% 区间（内部掌握）",
            "Each unit's 90% rank interval (internal use)",
        ));
        // rank 1 at the top; the unit names below the plot
        chart
            .y_axis()
            .set_reverse()
            .set_min(0)
            .set_max(f64::from(n) + 0.5)
            .set_major_unit(if n > 30 { 5 } else { 1 })
            .set_num_format("0;-0;;@") // no label at 0: it is not a rank
            .set_name(lang.pick("名次", "Rank"));
        chart
            .x_axis()
            .set_label_position(ChartAxisLabelPosition::High);
        chart
            .legend()
            .set_position(ChartLegendPosition::Bottom)
            .delete_entries(&[0]);
        let px = n.saturating_mul(40).clamp(640, 1400);
        chart.set_width(px).set_height(chart_rows * 20);
        sheet.insert_chart(chart_row, 0, &chart)?;
        sheet.set_page_breaks(&[chart_row])?;
    }

    // below the chart: which input moves the ranks most
    let mut row = chart_row + if n > 0 { chart_rows + 1 } else { 0 };
    let sensitivity_headers: [&str; 2] =
        lang.pick(["输入", "平均名次变动"], ["Input", "Mean rank change"]);
    for (c, h) in (0u16..).zip(sensitivity_headers) {
        sheet.write_string_with_format(row, c, h, &style::header())?;
    }
    let change = style::cell_center().set_num_format("0.00");
    for (s, label) in u.sensitivity.iter().zip(&inputs) {
        row += 1;
        sheet.write_string_with_format(row, 0, label, &text)?;
        sheet.write_number_with_format(row, 1, s.mean_change, &change)?;
    }
    row += 1;
    sheet.write_string_with_format(row, 0, together, &style::group())?;
    sheet.write_number_with_format(row, 1, u.overall, &change.clone().set_bold())?;

    sheet.set_column_width(0, first)?;
    for c in 1..width {
        sheet.set_column_width(c, 10)?;
    }
    sheet.set_freeze_panes(2, 1)?;
    style::print_setup(sheet, true, (1, 1))?;
    // the chart starts a page: a fixed scale, as Excel ignores manual breaks
    // on a sheet fitted to the width; wide enough for the table and the chart
    let table = style::pixels(first) + f64::from(width.saturating_sub(1)) * style::pixels(10.0);
    let chart = f64::from(n.saturating_mul(40).clamp(640, 1400));
    style::fixed_scale(sheet, table.max(chart), style::A4_LANDSCAPE_PX);
    Ok(())
}
