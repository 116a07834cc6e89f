//! 分项得分 (Dimensions): one row per unit in unit-code order, each top-level
//! dimension's score and rank, the total and its rank; below them the city's
//! mean (全市平均) and median (全市中位数), computed here and written as
//! numbers. A colour scale per dimension shows the strong and the weak at a
//! glance. Shared ranks (并列) are shown by the number format, so every rank
//! stays a number that sorts. Writes only: scores and ranks come from `score/`.

use rust_xlsxwriter::{
    ConditionalFormat3ColorScale, Format, FormatAlign, Workbook, Worksheet, XlsxError,
};

use super::Results;
use super::measures::{in_code_order, mean, median, round2, top_dimensions, unit_name};
use super::style;
use crate::framework::check::number;
use crate::lang::Lang;
use crate::score::NodeScores;
use crate::score::rank::competition;

/// The rows above the units: the title (row 0, [`style::title_row`]), then the header on two rows
/// (dimension name merged over 得分 / 名次).
const HEADER_ROWS: (u32, u32) = (1, 2);
const FIRST_UNIT_ROW: u32 = 3;
/// 单位代码 and 单位: the columns left of the scores (frozen).
const NAME_COLUMNS: u16 = 2;

/// A rank's cell format: `0" (并列)"` when the rank is shared, else `0`.
fn rank_format(tied: bool, lang: Lang) -> Format {
    let format = style::cell_center();
    if tied {
        format.set_num_format(lang.pick(r#"0" (并列)""#, r#"0" (tied)""#))
    } else {
        format.set_num_format("0")
    }
}

/// A node's competition ranks (1, 2, 2, 4): the engine's, or computed from
/// its scores when the engine left none.
pub(super) fn ranks(node: &NodeScores) -> Vec<Option<u32>> {
    if node.rank.iter().any(Option::is_some) {
        node.rank.clone()
    } else {
        competition(&node.score)
    }
}

/// Whether unit `i` shares its rank with another unit.
pub(super) fn tied(ranks: &[Option<u32>], i: usize) -> bool {
    ranks[i].is_some_and(|r| ranks.iter().filter(|x| **x == Some(r)).count() > 1)
}

/// One score column and the rank column beside it.
struct Pair<'a> {
    /// The dimension's code, name and points; `None` for the total.
    title: Option<String>,
    score: &'a [Option<f64>],
    rank: Vec<Option<u32>>,
}

/// A measure of the city's scores (mean, median).
type Measure = fn(&[f64]) -> Option<f64>;

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// Adds the sheet to the assessment workbook.
#[allow(clippy::too_many_lines)] // header, units, mean and median, then the look, in that order
pub fn sheet(workbook: &mut Workbook, results: &Results<'_>) -> Result<(), XlsxError> {
    let (fw, scored, lang) = (results.fw, results.scored, results.lang);
    let sheet = workbook.add_worksheet();
    sheet.set_name(lang.pick("分项得分", "Dimensions"))?;

    let mut pairs: Vec<Pair<'_>> = top_dimensions(results)
        .into_iter()
        .map(|(d, node)| {
            let name = lang.name(&d.name, d.name_en.as_deref());
            // points mode: the dimension's points (a weighted mean has a scale, not points)
            let points = node
                .max
                .filter(|_| fw.mode == crate::framework::Mode::Points);
            let title = match points {
                Some(m) => lang.pick(
                    format!("{} {name}（{}分）", d.code, number(m)),
                    format!("{} {name} ({} pts)", d.code, number(m)),
                ),
                None => format!("{} {name}", d.code),
            };
            Pair {
                title: Some(title),
                score: &node.score,
                rank: ranks(node),
            }
        })
        .collect();
    let dimensions = pairs.len();
    if let Some(total) = scored.total() {
        pairs.push(Pair {
            title: None,
            score: &total.score,
            rank: ranks(total),
        });
    }
    let last = col(usize::from(NAME_COLUMNS) + 2 * pairs.len()).saturating_sub(1);

    // title and the two header rows
    let stage = results
        .stage
        .map(|s| lang.pick(format!("（{s}）"), format!(" ({s})")))
        .unwrap_or_default();
    let title = lang.pick(
        format!("{}年度{}分项得分{stage}", results.year, fw.name),
        format!(
            "{} {} — scores by dimension{stage}",
            results.year,
            lang.name(&fw.name, fw.name_en.as_deref())
        ),
    );
    style::title_row(sheet, last.max(1), &title)?;
    let header = style::header();
    let (top, bottom) = HEADER_ROWS;
    let [code_label, unit_label] = lang.pick(["单位代码", "单位"], ["Code", "Unit"]);
    sheet.merge_range(top, 0, bottom, 0, code_label, &header)?;
    sheet.merge_range(top, 1, bottom, 1, unit_label, &header)?;
    let [score_label, rank_label, total_label] =
        lang.pick(["得分", "名次", "总分"], ["Points", "Rank", "Total"]);
    for (k, pair) in pairs.iter().enumerate() {
        let c = NAME_COLUMNS + col(2 * k);
        if let Some(t) = &pair.title {
            sheet.merge_range(top, c, top, c + 1, t, &header)?;
            sheet.write_string_with_format(bottom, c, score_label, &header)?;
            sheet.write_string_with_format(bottom, c + 1, rank_label, &header)?;
        } else {
            sheet.merge_range(top, c, bottom, c, total_label, &header)?;
            sheet.merge_range(top, c + 1, bottom, c + 1, rank_label, &header)?;
        }
    }

    // one row per unit
    let number2 = style::cell_center().set_num_format("0.00");
    let text = style::cell();
    let center = style::cell_center();
    let order = in_code_order(scored);
    let mut names = Vec::new();
    let mut row = FIRST_UNIT_ROW;
    for &i in &order {
        let code = &scored.units[i];
        let name = unit_name(results, code);
        sheet.write_string_with_format(row, 0, code, &center)?;
        sheet.write_string_with_format(row, 1, &name, &text)?;
        names.push(name);
        for (k, pair) in pairs.iter().enumerate() {
            let c = NAME_COLUMNS + col(2 * k);
            match pair.score[i] {
                Some(s) => sheet.write_number_with_format(row, c, s, &number2)?,
                None => sheet.write_blank(row, c, &number2)?,
            };
            match pair.rank[i] {
                Some(r) => sheet.write_number_with_format(
                    row,
                    c + 1,
                    f64::from(r),
                    &rank_format(tied(&pair.rank, i), lang),
                )?,
                None => sheet.write_blank(row, c + 1, &center)?,
            };
        }
        row += 1;
    }
    let last_unit_row = row.saturating_sub(1);

    // the city's mean and median, over the units with a score
    let summary = style::group().set_align(FormatAlign::Center);
    let summary_number = summary.clone().set_num_format("0.00");
    let labels: [&str; 2] = lang.pick(["全市平均", "全市中位数"], ["City average", "City median"]);
    let measures: [Measure; 2] = [mean, median];
    for (label, measure) in labels.iter().zip(measures) {
        sheet.merge_range(row, 0, row, 1, label, &summary)?;
        for (k, pair) in pairs.iter().enumerate() {
            let c = NAME_COLUMNS + col(2 * k);
            let present: Vec<f64> = pair.score.iter().flatten().copied().collect();
            match measure(&present) {
                Some(v) => sheet.write_number_with_format(row, c, round2(v), &summary_number)?,
                None => sheet.write_blank(row, c, &summary_number)?,
            };
            sheet.write_blank(row, c + 1, &summary)?;
        }
        row += 1;
    }
    sheet.merge_range(
        row + 1,
        0,
        row + 1,
        last.max(1),
        lang.pick(
            "注：名次按得分从高到低排列，得分相同者并列（1、2、2、4）；得分颜色由红（低）经黄到绿（高）；全市平均、中位数按全部参评单位计算。",
            "Note: ranks run from the highest score; equal scores share a rank (1, 2, 2, 4). Colours run from red (low) through yellow to green (high). City average and median are over all assessed units.",
        ),
        &style::note(),
    )?;
    sheet.set_row_height(row + 1, 30)?;

    // red (low) → yellow → green (high), per dimension, over the units only
    if !order.is_empty() {
        for k in 0..dimensions {
            let c = NAME_COLUMNS + col(2 * k);
            let scale = ConditionalFormat3ColorScale::new()
                .set_minimum_color("F8696B")
                .set_midpoint_color("FFEB84")
                .set_maximum_color("63BE7B");
            sheet.add_conditional_format(FIRST_UNIT_ROW, c, last_unit_row, c, &scale)?;
        }
    }

    let codes: Vec<String> = order.iter().map(|&i| scored.units[i].to_string()).collect();
    let width = widths(sheet, &pairs, &codes, &names, lang)?;
    sheet.set_freeze_panes(FIRST_UNIT_ROW, NAME_COLUMNS)?;
    style::print_setup(sheet, true, HEADER_ROWS)?;
    style::paper_for_width(sheet, width);
    Ok(())
}

/// Column widths measured for Chinese text, and a header row tall enough
/// for the longest dimension name wrapped over its two columns; returns the
/// columns' total width. A dimension's two columns are as narrow as their
/// numbers (`98.30`, `12 (并列)`): its name wraps in the header instead, so
/// that nine dimensions print at a readable size.
fn widths(
    sheet: &mut Worksheet,
    pairs: &[Pair<'_>],
    codes: &[String],
    names: &[String],
    lang: Lang,
) -> Result<f64, XlsxError> {
    let codes = codes.iter().map(String::as_str);
    let code_width = style::fit(codes.chain([lang.pick("单位代码", "Code")]), 8.0, 14.0);
    sheet.set_column_width(0, code_width)?;
    let labels = lang.pick(["全市平均", "全市中位数"], ["City average", "City median"]);
    let name_width = style::fit(names.iter().map(String::as_str).chain(labels), 10.0, 24.0);
    sheet.set_column_width(1, name_width)?;
    let mut total = code_width + name_width;
    let mut lines = 1.0f64;
    for (k, pair) in pairs.iter().enumerate() {
        let c = NAME_COLUMNS + col(2 * k);
        // a shared rank reads `12 (并列)`
        let rank_width = if (0..pair.rank.len()).any(|i| tied(&pair.rank, i)) {
            style::fit([lang.pick("21 (并列)", "21 (tied)")], 7.0, 12.0)
        } else {
            7.0
        };
        let title = pair.title.as_deref().unwrap_or("");
        let score_width = (style::fit([title], 0.0, 16.0) - rank_width).max(8.0);
        sheet.set_column_width(c, score_width)?;
        sheet.set_column_width(c + 1, rank_width)?;
        total += score_width + rank_width;
        let room = (score_width + rank_width - 1.0).max(1.0);
        lines = lines.max((style::text_width(title) / room).ceil());
    }
    sheet.set_row_height(HEADER_ROWS.0, 15.0 * lines + 4.0)?;
    Ok(total)
}
