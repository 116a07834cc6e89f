//! The 统计审核 sheet of the assessment workbook: the statistical audit of
//! the indicators (`analysis::audit`) as three tables. Writes only: every
//! number comes from [`Audit::of`].

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::measures::{Written, unit_name};
use super::{Results, style};
use crate::analysis::audit::*;
use crate::framework::Dimension;
use crate::framework::check::number;
use crate::lang::Lang;

// ── the sheet ───────────────────────────────────────────────────────────

/// Number formats: values in their own terms (a share such as 0.0012 keeps
/// its digits), shares, correlations and the like, counts.
/// An indicator's values (spread, mean, median): two decimals, or as % for
/// a rate ([`value_format`]).
const VALUE: &str = "#,##0.00";
const RATE: &str = "0.0%";
const SHARE: &str = "0%";
const RATIO: &str = "0.00";
/// A redundant pair's r: 0.9004 must not read as 0.90 under "above 0.9".
const PAIR_R: &str = "0.000";
const COUNT: &str = "0";

/// The columns of the per-indicator table; the other two tables reuse the
/// first columns (codes, names, a short text, counts, numbers).
const COLUMNS: u16 = 17;
/// (min, max) width of each column.
const WIDTHS: [(f64, f64); COLUMNS as usize] = [
    (7.0, 10.0),  // code
    (14.0, 30.0), // name
    (10.0, 24.0), // dimension
    (8.0, 10.0),  // units with a value
    (8.0, 10.0),  // missing
    (10.0, 12.0), // min
    (10.0, 12.0), // max
    (10.0, 12.0), // mean
    (10.0, 12.0), // median
    (10.0, 12.0), // std dev
    (8.0, 10.0),  // skewness
    (8.0, 10.0),  // kurtosis
    (8.0, 10.0),  // outliers
    (10.0, 24.0), // outlying units
    (9.0, 11.0),  // r with dimension
    (9.0, 11.0),  // r with total
    (12.0, 28.0), // flags
];
const HEADER_ROW: u32 = 1;

/// Writes cells of the three tables, remembering texts for the widths.
struct Cells<'s> {
    sheet: &'s mut Worksheet,
    written: Written,
    text: Format,
    center: Format,
}

impl Cells<'_> {
    fn header(&mut self, row: u32, headers: &[&str]) -> Result<(), XlsxError> {
        for (c, h) in (0u16..).zip(headers) {
            self.written
                .text(self.sheet, (row, c), h, &style::header())?;
        }
        Ok(())
    }

    fn text(&mut self, row: u32, col: u16, text: &str) -> Result<(), XlsxError> {
        let format = if col == 1 || col >= 13 {
            &self.text
        } else {
            &self.center
        };
        self.written.text(self.sheet, (row, col), text, format)
    }

    /// A number with its format, or "—" when it cannot be computed.
    fn number(
        &mut self,
        row: u32,
        col: u16,
        value: Option<f64>,
        format: &str,
    ) -> Result<(), XlsxError> {
        match value {
            Some(v) => {
                self.sheet.write_number_with_format(
                    row,
                    col,
                    v,
                    &self.center.clone().set_num_format(format),
                )?;
                Ok(())
            }
            None => self.text(row, col, "—"),
        }
    }

    /// A count as a number.
    fn count(&mut self, row: u32, col: u16, n: usize) -> Result<(), XlsxError> {
        #[allow(clippy::cast_precision_loss)] // counts of units and indicators
        self.number(row, col, Some(n as f64), COUNT)
    }

    /// The note under a table, merged across the sheet, tall enough for its text.
    fn note(&mut self, row: u32, text: &str) -> Result<(), XlsxError> {
        self.sheet
            .merge_range(row, 0, row, COLUMNS - 1, text, &style::note())?;
        let width: f64 = WIDTHS.iter().map(|(min, _)| min).sum();
        let lines = (style::text_width(text) / width).ceil().max(1.0);
        self.sheet.set_row_height(row, 15.0 * lines)?;
        Ok(())
    }
}

/// Adds the 统计审核 sheet to the assessment workbook.
pub fn sheet(workbook: &mut Workbook, results: &Results<'_>) -> Result<(), XlsxError> {
    let (fw, scored, lang) = (results.fw, results.scored, results.lang);
    let audit = Audit::of(fw, scored);
    let sheet = workbook.add_worksheet();
    sheet.set_name(lang.pick("统计审核", "Statistical audit"))?;
    let title = lang.pick(
        format!("{}年度{}统计审核", results.year, fw.name),
        format!(
            "{} {} — statistical audit",
            results.year,
            lang.name(&fw.name, fw.name_en.as_deref())
        ),
    );
    style::title_row(sheet, COLUMNS - 1, &title)?;
    let mut cells = Cells {
        sheet,
        written: Written::default(),
        text: style::cell(),
        center: style::cell_center(),
    };
    let mut row = indicator_table(&mut cells, results, &audit)?;
    row = pair_table(&mut cells, results, &audit, row + 1)?;
    alpha_table(&mut cells, lang, &audit, row + 1)?;

    let Cells { sheet, written, .. } = cells;
    let width = written.fit(sheet, &WIDTHS)?;
    sheet.set_freeze_panes(HEADER_ROW + 1, 2)?;
    style::print_setup(sheet, true, (HEADER_ROW, HEADER_ROW))?;
    style::paper_for_width(sheet, width);
    Ok(())
}

/// `B 组织建设`.
fn dimension_label(d: &Dimension, lang: Lang) -> String {
    format!("{} {}", d.code, lang.name(&d.name, d.name_en.as_deref()))
}

/// Table 1, one row per indicator; returns the row after its note.
fn indicator_table(
    cells: &mut Cells<'_>,
    results: &Results<'_>,
    audit: &Audit<'_>,
) -> Result<u32, XlsxError> {
    let lang = results.lang;
    let headers: [&str; COLUMNS as usize] = lang.pick(
        [
            "指标代码",
            "指标名称",
            "所属维度",
            "有值单位数",
            "缺失比例",
            "最小值",
            "最大值",
            "平均值",
            "中位数",
            "标准差",
            "偏度",
            "峰度",
            "异常值个数",
            "异常值单位",
            "与维度得分相关系数",
            "与总分相关系数",
            "提示",
        ],
        [
            "Code",
            "Indicator",
            "Dimension",
            "Units with a value",
            "Missing",
            "Min",
            "Max",
            "Mean",
            "Median",
            "Std dev",
            "Skewness",
            "Kurtosis",
            "Outliers",
            "Outlying units",
            "r with dimension",
            "r with total",
            "Flags",
        ],
    );
    cells.header(HEADER_ROW, &headers)?;
    let separator = lang.pick("、", ", ");
    let mut row = HEADER_ROW + 1;
    for a in &audit.indicators {
        let (ind, s) = (a.indicator, &a.spread);
        cells.text(row, 0, &ind.code)?;
        cells.text(row, 1, lang.name(&ind.name, ind.name_en.as_deref()))?;
        cells.text(row, 2, &dimension_label(a.dimension, lang))?;
        cells.count(row, 3, s.present)?;
        cells.number(row, 4, s.missing, SHARE)?;
        let shown = value_format(results, ind);
        for (c, v) in (5u16..).zip([s.min, s.max, s.mean, s.median, s.std_dev]) {
            cells.number(row, c, v, shown)?;
        }
        cells.number(row, 10, s.skewness, RATIO)?;
        cells.number(row, 11, s.kurtosis, RATIO)?;
        cells.count(row, 12, s.outliers.len())?;
        let names: Vec<String> = s
            .outliers
            .iter()
            .map(|i| unit_name(results, &results.scored.units[*i]))
            .collect();
        cells.text(row, 13, &names.join(separator))?;
        cells.number(row, 14, a.r_dimension, RATIO)?;
        cells.number(row, 15, a.r_total, RATIO)?;
        let flags: Vec<&str> = a.flags.iter().map(|f| f.label(lang)).collect();
        cells.text(row, 16, &flags.join(separator))?;
        row += 1;
    }
    let (skew_limit, kurt_limit) = (
        number(audit.rule.skew_limit),
        number(audit.rule.kurtosis_limit),
    );
    let note = lang.pick(
        format!(
            "说明：最小值至峰度按各单位的指标值计算（偏度、峰度同 Excel 的 SKEW、KURT）；偏度绝对值≥{skew_limit}且峰度≥{kurt_limit}时，列出拉偏分布的极端单位（COINr 规则）；相关系数按得分计算，为负说明该指标与所属维度或总分“唱反调”，接近 0 说明关系很弱；“—”表示数据不足或数值全部相同，无法计算。"
        ),
        format!(
            "Min to kurtosis are of the units' indicator values (skewness and kurtosis as Excel's SKEW and KURT); when |skew| ≥ {skew_limit} and kurtosis ≥ {kurt_limit}, the extreme units that skew the spread are listed (COINr's rule). Correlations are of the scores: negative means the indicator works against its dimension or the total, near 0 that it barely moves with it. \"—\": too few values, or all equal."
        ),
    );
    cells.note(row, &note)?;
    Ok(row + 1)
}

/// Table 2, the redundant pairs; returns the row after its note.
fn pair_table(
    cells: &mut Cells<'_>,
    results: &Results<'_>,
    audit: &Audit<'_>,
    top: u32,
) -> Result<u32, XlsxError> {
    let lang = results.lang;
    let headers: [&str; 5] = lang.pick(
        ["指标对", "指标名称", "所属维度", "共同单位数", "相关系数"],
        ["Pair", "Indicators", "Dimensions", "Units", "r"],
    );
    cells.header(top, &headers)?;
    let mut row = top + 1;
    let pairs = audit.redundant(results.scored);
    for p in &pairs {
        let (a, b) = (p.a.indicator, p.b.indicator);
        cells.text(
            row,
            0,
            &lang.pick(
                format!("{} 与 {}", a.code, b.code),
                format!("{} & {}", a.code, b.code),
            ),
        )?;
        cells.text(
            row,
            1,
            &format!(
                "{}\n{}",
                lang.name(&a.name, a.name_en.as_deref()),
                lang.name(&b.name, b.name_en.as_deref())
            ),
        )?;
        let dimensions = if p.a.dimension.code == p.b.dimension.code {
            dimension_label(p.a.dimension, lang)
        } else {
            format!("{} / {}", p.a.dimension.code, p.b.dimension.code)
        };
        cells.text(row, 2, &dimensions)?;
        cells.count(row, 3, p.units)?;
        cells.number(row, 4, Some(p.r), PAIR_R)?;
        row += 1;
    }
    if pairs.is_empty() {
        let none = lang.pick(
            "无（没有相关系数绝对值超过 0.9 的指标对）",
            "none (no pair with |r| above 0.9)",
        );
        cells.sheet.merge_range(row, 0, row, 4, none, &cells.text)?;
        row += 1;
    }
    let note = lang.pick(
        "说明：两个指标得分的相关系数绝对值超过 0.9，说明各单位在这两项上的高低几乎一致，相当于重复计分，可考虑合并或删减其一（只比较两项都有得分的单位）。",
        "Two indicators whose scores correlate beyond ±0.9 rank the units almost alike: they count the same thing twice; consider merging them or dropping one (units with both scores only).",
    );
    cells.note(row, note)?;
    Ok(row + 1)
}

/// Table 3, Cronbach's α per dimension.
fn alpha_table(
    cells: &mut Cells<'_>,
    lang: Lang,
    audit: &Audit<'_>,
    top: u32,
) -> Result<(), XlsxError> {
    let headers: [&str; 6] = lang.pick(
        [
            "维度代码",
            "维度名称",
            "指标数",
            "单位数",
            "克朗巴赫 α",
            "提示",
        ],
        [
            "Code",
            "Dimension",
            "Indicators",
            "Units",
            "Cronbach's α",
            "Reading",
        ],
    );
    cells.header(top, &headers)?;
    let mut row = top + 1;
    for a in &audit.alphas {
        cells.text(row, 0, &a.dimension.code)?;
        cells.text(
            row,
            1,
            lang.name(&a.dimension.name, a.dimension.name_en.as_deref()),
        )?;
        cells.count(row, 2, a.items)?;
        cells.count(row, 3, a.units)?;
        cells.number(row, 4, a.alpha, RATIO)?;
        cells.text(row, 5, a.reading(lang))?;
        row += 1;
    }
    let note = lang.pick(
        format!(
            "说明：克朗巴赫 α 衡量同一维度的各项指标是否共同反映这个维度（按得分计算，有缺失的单位不计）；一般 ≥ {} 为一致性较好，偏低或为负说明维度内指标高低不一、方向不同。",
            number(ALPHA_ACCEPTABLE)
        ),
        format!(
            "Cronbach's α: whether a dimension's indicators measure the same thing (of the scores; units with a missing score left out); ≥ {} is usually taken as consistent; low or negative means they rise and fall apart.",
            number(ALPHA_ACCEPTABLE)
        ),
    );
    cells.note(row, &note)
}

/// The format of an indicator's values: a rate as %, the rest with two decimals.
fn value_format(results: &Results<'_>, ind: &crate::framework::Indicator) -> &'static str {
    match super::measures::Scale::of_value(results.fw, ind) {
        super::measures::Scale::Share => RATE,
        super::measures::Scale::Count | super::measures::Scale::Decimal => VALUE,
    }
}
