//! 短板分析 (weak points) of the assessment workbook: where each county loses
//! points, measured against the city, and what would add most.
//!
//! Three tables, each on its own sheet (短板分析, 短板维度, 提分潜力) so that
//! each prints under its own header on every page, units in unit-code order:
//!
//! 1. units × top-level dimensions, the 失分率 (share of points lost,
//!    (满分 − 得分) ÷ 满分), with the city median (全市中位数) of each dimension;
//!    a cell above its dimension's median is filled light red (a conditional
//!    format comparing with the median, so the workbook keeps numbers);
//! 2. per unit, the dimensions where its 失分率 is above the city median, by
//!    the gap in percentage points, at most three;
//! 3. per unit, the indicators that would add most points if brought to the
//!    level that earns all their points ([`measures::suggestions`]).
//!
//! It reads the scores and computes no score. Maturity levels (成熟度 L1–L4)
//! are not shown: the framework (`framework/model.rs`, `spec.rs`) defines
//! none, only grades (等次) on the total, which 综合排名 shows.
//!
//! [`measures::suggestions`]: super::measures::suggestions

use rust_xlsxwriter::{
    ConditionalFormatCell, ConditionalFormatCellRule, Format, FormatAlign, Workbook, Worksheet,
    XlsxError,
};

use super::Results;
use super::measures::{
    in_code_order, median, population, round2, suggestions, top_dimensions, unit_name,
};
use super::style;

/// The most weak dimensions listed per unit.
const MOST_WEAK: usize = 3;

/// Points of row height per line of 10.5-point text.
const LINE_HEIGHT: f64 = 14.0;

/// One top-level dimension's 失分率 for every unit.
struct Dimension {
    /// `A 党的建设与自身建设`.
    label: String,
    /// Per unit, in `scored.units` order; `None` without a score or a maximum.
    lost: Vec<Option<f64>>,
    /// The city median of `lost`.
    median: Option<f64>,
}

/// A dimension where a unit loses a larger share than the city median.
#[derive(Debug, Clone, PartialEq)]
struct Weak<'a> {
    label: &'a str,
    lost: f64,
    median: f64,
}

impl Weak<'_> {
    /// How far above the median, in percentage points.
    fn gap(&self) -> f64 {
        (self.lost - self.median) * 100.0
    }
}

/// The top-level dimensions with each unit's 失分率 and the city median.
fn lost_shares(results: &Results<'_>) -> Vec<Dimension> {
    top_dimensions(results)
        .into_iter()
        .map(|(d, node)| {
            let lost: Vec<Option<f64>> = node
                .score
                .iter()
                .map(|s| match (node.max, s) {
                    // as in the feedback workbook: lost points in hundredths, then the share
                    (Some(m), Some(s)) if m > 0.0 => Some(round2(m - s) / m),
                    _ => None,
                })
                .collect();
            let all: Vec<f64> = lost.iter().flatten().copied().collect();
            Dimension {
                label: format!(
                    "{} {}",
                    d.code,
                    results.lang.name(&d.name, d.name_en.as_deref())
                ),
                median: median(&all),
                lost,
            }
        })
        .collect()
}

/// The unit's dimensions above the city median, largest gap first (framework
/// order among equal gaps), at most [`MOST_WEAK`]. A share equal to the
/// median is not a weak point.
fn weakest(dimensions: &[Dimension], unit: usize) -> Vec<Weak<'_>> {
    let mut weak: Vec<Weak<'_>> = dimensions
        .iter()
        .filter_map(|d| {
            let (lost, median) = (d.lost[unit]?, d.median?);
            (lost > median).then_some(Weak {
                label: &d.label,
                lost,
                median,
            })
        })
        .collect();
    weak.sort_by(|a, b| b.gap().total_cmp(&a.gap()));
    weak.truncate(MOST_WEAK);
    weak
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// Lines a text takes in a column `width` characters wide.
fn lines(text: &str, width: f64) -> f64 {
    text.lines()
        .map(|l| {
            (style::text_width(l) / (width - 1.0).max(1.0))
                .ceil()
                .max(1.0)
        })
        .sum::<f64>()
        .max(1.0)
}

/// Sets the height of a row whose texts wrap (neither Excel nor LibreOffice
/// measures merged or unmeasured rows): `texts` are (text, width it has).
fn fit_row(sheet: &mut Worksheet, row: u32, texts: &[(&str, f64)]) -> Result<(), XlsxError> {
    let n = texts.iter().map(|(t, w)| lines(t, *w)).fold(1.0, f64::max);
    if n > 1.0 {
        sheet.set_row_height(row, LINE_HEIGHT * n + 2.0)?;
    }
    Ok(())
}

/// Text across columns `first..=last` (merged when more than one).
fn span(
    sheet: &mut Worksheet,
    row: u32,
    (first, last): (usize, usize),
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    if last > first {
        sheet.merge_range(row, col(first), row, col(last), text, format)?;
    } else {
        sheet.write_string_with_format(row, col(first), text, format)?;
    }
    Ok(())
}

/// Adds the three sheets to the assessment workbook.
#[allow(clippy::too_many_lines)] // three tables, cell by cell
pub fn sheet(workbook: &mut Workbook, results: &Results<'_>) -> Result<(), XlsxError> {
    let (fw, scored, lang, year) = (results.fw, results.scored, results.lang, results.year);
    let dimensions = lost_shares(results);
    let order = in_code_order(scored);
    let names: Vec<String> = scored
        .units
        .iter()
        .map(|code| unit_name(results, code))
        .collect();
    let advice: Vec<_> = (0..scored.units.len())
        .map(|i| suggestions(results, i, population(fw, &scored.units[i], year)))
        .collect();

    // columns: code, unit, then a dimension each (table 1); the other tables
    // reuse them: 2 dimension or indicator, 3… numbers or the suggestion (merged)
    let last = (2 + dimensions.len()).max(6) - 1;
    let advice_span = (3, last - 1);
    let none_span = (2, 5);
    let (code_h, unit_h): (&str, &str) = lang.pick(("单位代码", "单位"), ("Code", "Unit"));
    let weak_headers: [&str; 4] = lang.pick(
        ["维度", "本单位失分率", "全市中位数", "差距（百分点）"],
        [
            "Dimension",
            "Share lost",
            "City median",
            "Gap (percentage points)",
        ],
    );
    let advice_headers: [&str; 3] = lang.pick(
        ["指标", "建议", "可增加分值"],
        ["Indicator", "Suggestion", "Points gained"],
    );
    let no_weak = lang.pick(
        "各维度失分率均不高于全市中位数",
        "no dimension loses a larger share than the city median",
    );
    let no_advice = lang.pick("各项指标均已得满分", "full points on every indicator");
    let median_label = lang.pick("全市中位数", "City median");

    // widths that fit Chinese text, decided before writing (rows are sized by them)
    let mut widths = vec![10.0; last + 1];
    widths[0] = style::fit(
        scored.units.iter().map(|u| u.as_str()).chain([code_h]),
        8.0,
        12.0,
    );
    widths[1] = style::fit(names.iter().map(String::as_str).chain([unit_h]), 10.0, 18.0);
    let labels = dimensions.iter().map(|d| d.label.clone()).chain(
        advice
            .iter()
            .flatten()
            .map(|s| format!("{} {}", s.code, s.name)),
    );
    widths[2] = style::fit(labels, 12.0, 24.0);
    for (c, h) in (3..).zip(&weak_headers[1..]) {
        widths[c] = f64::max(widths[c], style::fit([h], 10.0, 14.0));
    }
    widths[last] = f64::max(widths[last], style::fit([advice_headers[2]], 8.0, 12.0));
    let advice_width = |w: &[f64]| w[advice_span.0..=advice_span.1].iter().sum::<f64>();
    let wanted = style::fit(
        advice
            .iter()
            .flatten()
            .map(|s| s.text.as_str())
            .chain([no_advice]),
        30.0,
        72.0,
    );
    let have = advice_width(&widths);
    if wanted > have {
        #[allow(clippy::cast_precision_loss)] // a few columns
        let more = (wanted - have) / (advice_span.1 - advice_span.0 + 1) as f64;
        for w in &mut widths[advice_span.0..=advice_span.1] {
            *w += more;
        }
    }
    let advice_width = advice_width(&widths);
    let none_width: f64 = widths[none_span.0..=none_span.1].iter().sum();

    let header = style::header();
    let text = style::cell();
    let center = style::cell_center();
    let percent = style::cell_center().set_num_format("0.0%");
    let points = style::cell_center().set_num_format("0.00");
    let gap = style::cell_center().set_num_format("0.0");
    let median_text = style::group();
    let median_percent = style::group()
        .set_align(FormatAlign::Center)
        .set_num_format("0.0%");
    // Excel's "light red fill with dark red text"
    let worse = Format::new()
        .set_background_color("FFC7CE")
        .set_font_color("9C0006");
    let title = lang.pick(
        format!("{year}年度{}短板分析", fw.name),
        format!(
            "{year} {} — weak points",
            lang.name(&fw.name, fw.name_en.as_deref())
        ),
    );
    let page = Page {
        widths: &widths,
        title: &title,
    };

    // ---- 1. 失分率 by dimension ----------------------------------------
    let sheet = page.start(
        workbook,
        lang.pick("短板分析", "Weak points"),
        lang.pick("一、各维度失分率", "1. Share of points lost, by dimension"),
    )?;
    let header_row = HEADER_ROW;
    sheet.write_string_with_format(header_row, 0, code_h, &header)?;
    sheet.write_string_with_format(header_row, 1, unit_h, &header)?;
    for (c, d) in (2..).zip(&dimensions) {
        sheet.write_string_with_format(header_row, col(c), &d.label, &header)?;
    }
    let fits: Vec<(&str, f64)> = (2..)
        .zip(&dimensions)
        .map(|(c, d)| (d.label.as_str(), widths[c]))
        .collect();
    fit_row(sheet, header_row, &fits)?;
    let first = header_row + 1;
    let mut row = first;
    for &i in &order {
        sheet.write_string_with_format(row, 0, &scored.units[i], &center)?;
        sheet.write_string_with_format(row, 1, &names[i], &text)?;
        for (c, d) in (2..).zip(&dimensions) {
            match d.lost[i] {
                Some(v) => sheet.write_number_with_format(row, col(c), v, &percent)?,
                None => sheet.write_string_with_format(row, col(c), "—", &center)?,
            };
        }
        row += 1;
    }
    span(sheet, row, (0, 1), median_label, &median_text)?;
    for (c, d) in (2..).zip(&dimensions) {
        match d.median {
            Some(m) => sheet.write_number_with_format(row, col(c), m, &median_percent)?,
            None => sheet.write_string_with_format(row, col(c), "—", &median_text)?,
        };
        if let Some(m) = d.median
            && row > first
        {
            let rule = ConditionalFormatCell::new()
                .set_rule(ConditionalFormatCellRule::GreaterThan(m))
                .set_format(&worse);
            sheet.add_conditional_format(first, col(c), row - 1, col(c), &rule)?;
        }
    }
    row += 1;
    let note = lang.pick(
        "注：失分率 =（满分 − 得分）÷ 满分；红底为失分率高于全市该维度中位数的单元格。",
        "Note: share lost = (possible − points) ÷ possible; red cells lose a larger share than the city median of that dimension.",
    );
    span(sheet, row, (0, last), note, &style::note())?;
    fit_row(sheet, row, &[(note, widths.iter().sum())])?;
    page.finish(sheet)?;

    // ---- 2. weakest dimensions per unit ---------------------------------
    let sheet = page.start(
        workbook,
        lang.pick("短板维度", "Weak dimensions"),
        lang.pick(
            "二、短板维度（失分率高于全市中位数，按差距排序，每单位至多 3 项）",
            "2. Weakest dimensions (share lost above the city median, largest gap first, up to 3 per unit)",
        ),
    )?;
    let mut row = HEADER_ROW;
    for (c, h) in [code_h, unit_h].iter().chain(&weak_headers).enumerate() {
        sheet.write_string_with_format(row, col(c), *h, &header)?;
    }
    fit_row(
        sheet,
        row,
        &(2..)
            .zip(weak_headers)
            .map(|(c, h)| (h, widths[c]))
            .collect::<Vec<_>>(),
    )?;
    row += 1;
    for &i in &order {
        let weak = weakest(&dimensions, i);
        if weak.is_empty() {
            sheet.write_string_with_format(row, 0, &scored.units[i], &center)?;
            sheet.write_string_with_format(row, 1, &names[i], &text)?;
            span(sheet, row, none_span, no_weak, &text)?;
            fit_row(sheet, row, &[(no_weak, none_width)])?;
            row += 1;
        }
        for w in &weak {
            sheet.write_string_with_format(row, 0, &scored.units[i], &center)?;
            sheet.write_string_with_format(row, 1, &names[i], &text)?;
            sheet.write_string_with_format(row, 2, w.label, &text)?;
            sheet.write_number_with_format(row, 3, w.lost, &percent)?;
            sheet.write_number_with_format(row, 4, w.median, &percent)?;
            sheet.write_number_with_format(row, 5, w.gap(), &gap)?;
            fit_row(sheet, row, &[(w.label, widths[2])])?;
            row += 1;
        }
    }
    page.finish(sheet)?;

    // ---- 3. what would add most points ----------------------------------
    let sheet = page.start(
        workbook,
        lang.pick("提分潜力", "Potential gains"),
        lang.pick(
            "三、提分潜力最大的指标（达到满分所需水平可增加的分值，每单位至多 5 项）",
            "3. Indicators that would add most points if brought to the level for full points (up to 5 per unit)",
        ),
    )?;
    let mut row = HEADER_ROW;
    sheet.write_string_with_format(row, 0, code_h, &header)?;
    sheet.write_string_with_format(row, 1, unit_h, &header)?;
    sheet.write_string_with_format(row, 2, advice_headers[0], &header)?;
    span(sheet, row, advice_span, advice_headers[1], &header)?;
    sheet.write_string_with_format(row, col(last), advice_headers[2], &header)?;
    fit_row(sheet, row, &[(advice_headers[2], widths[last])])?;
    row += 1;
    for &i in &order {
        if advice[i].is_empty() {
            sheet.write_string_with_format(row, 0, &scored.units[i], &center)?;
            sheet.write_string_with_format(row, 1, &names[i], &text)?;
            span(sheet, row, (2, last), no_advice, &text)?;
            row += 1;
        }
        for s in &advice[i] {
            let indicator = format!("{} {}", s.code, s.name);
            sheet.write_string_with_format(row, 0, &scored.units[i], &center)?;
            sheet.write_string_with_format(row, 1, &names[i], &text)?;
            sheet.write_string_with_format(row, 2, &indicator, &text)?;
            span(sheet, row, advice_span, &s.text, &text)?;
            sheet.write_number_with_format(row, col(last), s.gain, &points)?;
            fit_row(
                sheet,
                row,
                &[(&indicator, widths[2]), (&s.text, advice_width)],
            )?;
            row += 1;
        }
    }

    page.finish(sheet)
}

/// The header row of each of the three sheets, under the title and the
/// section's heading; repeated on every printed page of its sheet.
const HEADER_ROW: u32 = 2;

/// What the three sheets share: the columns' widths and the title.
///
/// Three sheets rather than three tables on one: Excel prints one range of
/// title rows per sheet, so on one sheet table 1's header would top the
/// pages of tables 2 and 3; on its own sheet each table prints under its
/// own header on every page.
struct Page<'a> {
    widths: &'a [f64],
    title: &'a str,
}

impl Page<'_> {
    fn start<'w>(
        &self,
        workbook: &'w mut Workbook,
        name: &str,
        heading: &str,
    ) -> Result<&'w mut Worksheet, XlsxError> {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name)?;
        for (c, w) in self.widths.iter().enumerate() {
            sheet.set_column_width(col(c), *w)?;
        }
        style::title_row(sheet, col(self.widths.len() - 1), self.title)?;
        let section = style::base().set_bold().set_font_size(12);
        sheet.write_string_with_format(1, 0, heading, &section)?;
        Ok(sheet)
    }

    fn finish(&self, sheet: &mut Worksheet) -> Result<(), XlsxError> {
        sheet.set_freeze_panes(HEADER_ROW + 1, 2)?;
        style::print_setup(sheet, true, (HEADER_ROW, HEADER_ROW))?;
        style::paper_for_width(sheet, self.widths.iter().sum());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{Dimension, Weak, weakest};

    fn dimension(label: &str, lost: [f64; 3]) -> Dimension {
        let values: Vec<f64> = lost.to_vec();
        Dimension {
            label: label.to_string(),
            lost: lost.iter().copied().map(Some).collect(),
            median: super::median(&values),
        }
    }

    #[test]
    fn weak_points_are_above_the_median_largest_gap_first() {
        let dims = [
            // median 10%: unit 1 equals it, not a weak point
            dimension("A", [0.0, 0.10, 0.10]),
            // median 0: unit 1 is 4 points above
            dimension("B", [0.0, 0.04, 0.0]),
            // median 0: unit 1 is 0.9 ÷ 17 = 5.29 points above
            dimension("D", [0.0, 0.9 / 17.0, 0.0]),
            // median 0: unit 1 is 1 point above, but only three are listed
            dimension("E", [0.0, 0.01, 0.0]),
            // median 0: 2 points above
            dimension("F", [0.0, 0.02, 0.0]),
        ];
        let weak = weakest(&dims, 1);
        let labels: Vec<&str> = weak.iter().map(|w| w.label).collect();
        assert_eq!(labels, ["D", "B", "F"]);
        assert!((weak[0].gap() - 5.294_117_647).abs() < 1e-6);
        assert_eq!(
            weak[1],
            Weak {
                label: "B",
                lost: 0.04,
                median: 0.0
            }
        );
        assert!(weakest(&dims, 0).is_empty());
    }
}
