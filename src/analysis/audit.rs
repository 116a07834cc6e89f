//! The statistical audit of the indicators (统计审核): how each indicator's
//! values are spread and whether a few units stand far out; whether each
//! indicator rises and falls with its dimension and the total; which pairs of
//! indicators say the same thing; whether each dimension's indicators hang
//! together (Cronbach's α). The checks of COINr's `get_stats`, `get_corr` and
//! `get_cronbach`, for the office to read before the results are published.
//!
//! Two kinds of numbers, on purpose:
//! - the spread (min … kurtosis, missing, outliers) is of each indicator's
//!   **value** (`NodeScores::value`: fields added, divided, per people), the
//!   figure the counties reported and the one the outlier treatment of
//!   `weighted-mean` mode works on;
//! - correlations and α are of the **scores**, in both modes: a score already
//!   turns a lower-is-better indicator around (灾情迟报 falls as the dimension
//!   rises: its value correlates negatively, its score does not), and in
//!   `points` mode a value beyond its target earns nothing more, so the score
//!   is what works with or against the dimension (COINr's audit corrects raw
//!   values for direction for the same reason).
//!
//! "Dimension" is the top-level dimension (一级维度), or the level below when
//! the only top-level dimension is the index itself ([`audit_level`]).
//!
//! The statistics are pure functions over numbers, each tested by hand below;
//! [`Audit::of`] gathers them from a run and [`sheet`] only writes them. The
//! module must not score or rank anything itself.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::framework::check::number;
use crate::framework::{Dimension, Framework, Indicator, OutlierFallback, Outliers};
use crate::lang::Lang;
use crate::report::measures::{Written, mean, median, unit_name};
use crate::report::{Results, style};
use crate::score::composite::{fails, kurt, skew, treat};
use crate::score::{NodeScores, Scored};

/// |r| below this is 近零相关: the indicator barely moves with the whole.
pub const NEAR_ZERO: f64 = 0.1;
/// |r| above this is a redundant pair (高度相关): the two rank units alike.
pub const REDUNDANT: f64 = 0.9;
/// α below this is 一致性偏低 (the usual rule of thumb).
pub const ALPHA_ACCEPTABLE: f64 = 0.7;

// ── the statistics ──────────────────────────────────────────────────────
//
// The mean and the median are `report::measures`' (x̄ = Σx / n; the middle
// value, or the mean of the two middle values).

/// Whether every value is the same. Tested exactly, not by a zero sum of
/// squares: the mean of 21 × 1.01 is 1.0100000000000005, so the deviations
/// of a constant column are float noise, never exactly zero.
fn constant(x: &[f64]) -> bool {
    x.windows(2).all(|w| w[0] == w[1])
}

/// The smallest value; `None` when there is none.
pub fn min(x: &[f64]) -> Option<f64> {
    x.iter().copied().reduce(f64::min)
}

/// The largest value; `None` when there is none.
pub fn max(x: &[f64]) -> Option<f64> {
    x.iter().copied().reduce(f64::max)
}

/// The sample variance s² = Σ(x − x̄)² / (n − 1) (R's `var`, Excel's
/// `VAR.S`); `None` below 2 values, 0 when all are equal.
pub fn variance(x: &[f64]) -> Option<f64> {
    if x.len() < 2 {
        return None;
    }
    if constant(x) {
        return Some(0.0);
    }
    let m = mean(x)?;
    #[allow(clippy::cast_precision_loss)] // counts of units
    let n = x.len() as f64;
    Some(x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (n - 1.0))
}

/// The sample standard deviation s = √s² (R's `sd`, COINr's `Std`, Excel's
/// `STDEV.S`); `None` below 2 values.
pub fn std_dev(x: &[f64]) -> Option<f64> {
    variance(x).map(f64::sqrt)
}

/// The sample skewness G₁ = n² / ((n−1)(n−2)) · m₃ / s³, with m₃ = Σd³ / n,
/// d = x − x̄: COINr's `skew` (e1071 type 2), Excel's `SKEW`, the scoring
/// engine's [`skew`]. Positive: a long tail of high values. `None` below 3
/// values or when all are equal.
pub fn skewness(x: &[f64]) -> Option<f64> {
    if constant(x) { None } else { skew(x) }
}

/// The sample excess kurtosis G₂ = ((n+1) g₂ + 6)(n−1) / ((n−2)(n−3)), with
/// g₂ = m₄ / m₂² − 3: COINr's `kurt` (e1071 type 2), Excel's `KURT`, the
/// scoring engine's [`kurt`]. 0 for a normal distribution; large when a few
/// values stand far out. `None` below 4 values or when all are equal.
pub fn kurtosis(x: &[f64]) -> Option<f64> {
    if constant(x) { None } else { kurt(x) }
}

/// Pearson's r = Σ(x − x̄)(y − ȳ) / √(Σ(x − x̄)² · Σ(y − ȳ)²), kept within
/// −1 … 1 against rounding. `None` when the lengths differ, below 3 pairs
/// (two points always lie on a line: r = ±1 says nothing), or when a side is
/// constant (zero variance: r is 0 / 0).
pub fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    if x.len() != y.len() || x.len() < 3 || constant(x) || constant(y) {
        return None;
    }
    let (mx, my) = (mean(x)?, mean(y)?);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        let (dx, dy) = (a - mx, b - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    Some((sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0))
}

/// The pairs where both sides have a value (pairwise complete observations,
/// R's `use = "pairwise.complete.obs"`).
pub fn complete_pairs(x: &[Option<f64>], y: &[Option<f64>]) -> (Vec<f64>, Vec<f64>) {
    x.iter().zip(y).filter_map(|(a, b)| a.zip(*b)).unzip()
}

/// Cronbach's α of `items` (each one item's values over the same units):
/// α = k / (k − 1) · (1 − Σ s²(item) / s²(sum)), k items, the sum taken per
/// unit. The variances are sample variances; their n − 1 cancels. 1 when the
/// items are identical; it is not a correlation: two perfectly correlated
/// items with different variances give less than 1. Negative when the items
/// pull against each other. `None` below 2 items or 2 units, when the items'
/// lengths differ, or when every unit has the same sum. Rounded to 12
/// decimals, so that float noise does not read as a sign: with a single item
/// that varies α is 0, not −6e−16.
pub fn cronbach_alpha(items: &[Vec<f64>]) -> Option<f64> {
    let k = items.len();
    let n = items.first()?.len();
    if k < 2 || n < 2 || items.iter().any(|item| item.len() != n) {
        return None;
    }
    let sums: Vec<f64> = (0..n)
        .map(|u| items.iter().map(|item| item[u]).sum())
        .collect();
    if constant(&sums) {
        return None;
    }
    let total = variance(&sums)?;
    let parts = items
        .iter()
        .map(|item| variance(item))
        .sum::<Option<f64>>()?;
    #[allow(clippy::cast_precision_loss)] // a handful of items
    let k = k as f64;
    let alpha = k / (k - 1.0) * (1.0 - parts / total);
    // + 0.0 turns a rounded −0 into 0
    Some((alpha * 1e12).round() / 1e12 + 0.0)
}

/// The outliers of a column by the scoring engine's rule (COINr's `Treat`):
/// none unless |skew| ≥ the skew limit **and** kurtosis ≥ the kurtosis limit
/// ([`fails`]); then the points the engine winsorises: while the column still
/// fails and fewer than `winsorise-max` points have moved, every point at the
/// end of the long tail (the highest when skew ≥ 0). Indexes into `x`. The
/// engine's log fallback is not applied: the audit names the points, whatever
/// the engine then does with the column.
pub fn outliers(x: &[f64], rule: &Outliers) -> Vec<usize> {
    if constant(x) {
        return Vec::new();
    }
    let keep_winsorised = Outliers {
        fallback: OutlierFallback::None,
        ..*rule
    };
    let treated = treat(x, &keep_winsorised);
    (0..x.len()).filter(|i| treated.winsorised[*i]).collect()
}

/// How one indicator's values are spread over the units scored.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Spread {
    /// Units scored.
    pub units: usize,
    /// Units with a value.
    pub present: usize,
    /// Share (0…1) of units without a value; `None` without units.
    pub missing: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    pub std_dev: Option<f64>,
    pub skewness: Option<f64>,
    pub kurtosis: Option<f64>,
    /// |skew| and kurtosis beyond the outlier limits.
    pub skewed: bool,
    /// The outlying units (indexes into the values given), by [`outliers`].
    pub outliers: Vec<usize>,
    /// At least two values, all equal (方差为零).
    pub constant: bool,
}

impl Spread {
    /// The spread of `values` (one per unit, `None` where missing).
    pub fn of(values: &[Option<f64>], rule: &Outliers) -> Spread {
        let at: Vec<usize> = (0..values.len()).filter(|i| values[*i].is_some()).collect();
        let x: Vec<f64> = values.iter().flatten().copied().collect();
        #[allow(clippy::cast_precision_loss)] // counts of units
        let missing =
            (!values.is_empty()).then(|| (values.len() - x.len()) as f64 / values.len() as f64);
        Spread {
            units: values.len(),
            present: x.len(),
            missing,
            min: min(&x),
            max: max(&x),
            mean: mean(&x),
            median: median(&x),
            std_dev: std_dev(&x),
            skewness: skewness(&x),
            kurtosis: kurtosis(&x),
            skewed: !constant(&x) && fails(&x, rule),
            outliers: outliers(&x, rule).into_iter().map(|j| at[j]).collect(),
            constant: x.len() >= 2 && constant(&x),
        }
    }
}

/// What a correlation is with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whole {
    /// The indicator's dimension (一级维度, see [`audit_level`]).
    Dimension,
    /// The total score.
    Total,
}

/// A warning on an indicator's row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    /// 方差为零: every unit has the same value; the indicator tells no unit
    /// from another.
    ZeroVariance,
    /// 得分相同: the values differ but every unit earned the same score (all
    /// beyond the target, say), so no correlation can be computed.
    SameScores,
    /// 偏态峰态超限: |skew| and kurtosis beyond the outlier limits.
    Skewed,
    /// 负相关: r ≤ −0.1: the indicator works against the whole.
    Negative(Whole),
    /// 近零相关: |r| < 0.1: the indicator barely moves with the whole (a small
    /// negative r is noise, so it is reported here, not as negative).
    NearZero(Whole),
}

impl Flag {
    /// The flags of an indicator: its spread, whether its scores vary, and
    /// its correlations with its dimension and the total.
    pub fn of(
        spread: &Spread,
        scores_vary: bool,
        r_dimension: Option<f64>,
        r_total: Option<f64>,
    ) -> Vec<Flag> {
        let mut flags = Vec::new();
        if spread.constant {
            flags.push(Flag::ZeroVariance);
        } else if !scores_vary && spread.present >= 2 {
            flags.push(Flag::SameScores);
        }
        if spread.skewed {
            flags.push(Flag::Skewed);
        }
        for (r, whole) in [(r_dimension, Whole::Dimension), (r_total, Whole::Total)] {
            match r {
                Some(r) if r.abs() < NEAR_ZERO => flags.push(Flag::NearZero(whole)),
                Some(r) if r < 0.0 => flags.push(Flag::Negative(whole)),
                _ => {}
            }
        }
        flags
    }

    /// The flag in words.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Flag::ZeroVariance => lang.pick("方差为零", "zero variance"),
            Flag::SameScores => lang.pick("得分相同", "same score for all"),
            Flag::Skewed => lang.pick("偏态峰态超限", "skew and kurtosis beyond limits"),
            Flag::Negative(Whole::Dimension) => {
                lang.pick("与维度负相关", "negative with its dimension")
            }
            Flag::Negative(Whole::Total) => lang.pick("与总分负相关", "negative with the total"),
            Flag::NearZero(Whole::Dimension) => {
                lang.pick("与维度近零相关", "near zero with its dimension")
            }
            Flag::NearZero(Whole::Total) => lang.pick("与总分近零相关", "near zero with the total"),
        }
    }
}

// ── the audit of a run ──────────────────────────────────────────────────

/// One indicator's row.
#[derive(Debug, Clone)]
pub struct IndicatorAudit<'a> {
    pub indicator: &'a Indicator,
    /// Its dimension (一级维度, see [`audit_level`]).
    pub dimension: &'a Dimension,
    /// Of its values.
    pub spread: Spread,
    /// Of its scores with its dimension's scores.
    pub r_dimension: Option<f64>,
    /// Of its scores with the total.
    pub r_total: Option<f64>,
    pub flags: Vec<Flag>,
}

/// Two indicators whose scores correlate beyond ±[`REDUNDANT`].
#[derive(Debug, Clone)]
pub struct Pair<'a> {
    pub a: &'a IndicatorAudit<'a>,
    pub b: &'a IndicatorAudit<'a>,
    pub r: f64,
    /// Units with both scores.
    pub units: usize,
}

/// A dimension's Cronbach's α over its indicators' scores.
#[derive(Debug, Clone)]
pub struct DimensionAlpha<'a> {
    pub dimension: &'a Dimension,
    /// Its indicators (at any depth) that were scored.
    pub items: usize,
    /// Units with a score on every one of them.
    pub units: usize,
    pub alpha: Option<f64>,
}

impl DimensionAlpha<'_> {
    /// The reading of α, in words (empty when α is acceptable).
    pub fn reading(&self, lang: Lang) -> &'static str {
        match self.alpha {
            _ if self.items < 2 => lang.pick("仅一个指标", "a single indicator"),
            None => lang.pick("无法计算：得分无差异", "not computable: equal sums"),
            Some(a) if a < 0.0 => lang.pick(
                "为负：指标之间方向相反",
                "negative: the indicators pull apart",
            ),
            Some(a) if a < ALPHA_ACCEPTABLE => lang.pick("一致性偏低", "low consistency"),
            Some(_) => "",
        }
    }
}

/// The audit of one run.
#[derive(Debug, Clone)]
pub struct Audit<'a> {
    /// In framework order.
    pub indicators: Vec<IndicatorAudit<'a>>,
    /// The outlier rule applied: the framework's, else COINr's defaults.
    pub rule: Outliers,
    /// Per dimension of [`audit_level`], in framework order.
    pub alphas: Vec<DimensionAlpha<'a>>,
}

/// The dimensions the audit relates indicators to (一级维度): those without a
/// parent, or, when a single one is the index itself (COINr's frameworks:
/// Index → sub-indices → pillars), the level below it, so that "with its
/// dimension" does not repeat "with the total".
fn audit_level(fw: &Framework) -> Vec<&Dimension> {
    let mut level: Vec<&Dimension> = fw.top_dimensions().collect();
    while let [only] = level[..] {
        let below: Vec<&Dimension> = fw
            .dimensions
            .iter()
            .filter(|d| d.parent.as_deref() == Some(only.code.as_str()))
            .collect();
        if below.is_empty() {
            break;
        }
        level = below;
    }
    level
}

/// The dimension of `level` that dimension `code` is in: itself or its
/// nearest ancestor there.
fn dimension_in<'a>(
    fw: &'a Framework,
    level: &[&'a Dimension],
    code: &str,
) -> Option<&'a Dimension> {
    let mut d = fw.dimensions.iter().find(|d| d.code == code)?;
    // a validated framework has no cycles; the bound only guards the loop
    for _ in 0..=fw.dimensions.len() {
        if level.iter().any(|l| l.code == d.code) {
            return Some(d);
        }
        let parent = d.parent.as_deref()?;
        d = fw.dimensions.iter().find(|x| x.code == parent)?;
    }
    None
}

impl<'a> Audit<'a> {
    /// The audit of a run's scores.
    pub fn of(fw: &'a Framework, scored: &'a Scored) -> Audit<'a> {
        let rule = fw
            .composite
            .as_ref()
            .and_then(|c| c.outliers)
            .unwrap_or(Outliers::COINR);
        let total = scored.total();
        let level = audit_level(fw);
        let tops: Vec<&Dimension> = fw.top_dimensions().collect();
        let mut indicators = Vec::new();
        let mut items: Vec<(&str, &NodeScores)> = Vec::new();
        for ind in &fw.indicators {
            // an indicator right under the index: the index is its dimension
            let dimension = dimension_in(fw, &level, &ind.dimension)
                .or_else(|| dimension_in(fw, &tops, &ind.dimension));
            let (Some(node), Some(dimension)) = (scored.node(&ind.code), dimension) else {
                continue;
            };
            let spread = Spread::of(&node.value, &rule);
            let r_with = |whole: Option<&NodeScores>| {
                whole.and_then(|w| {
                    let (x, y) = complete_pairs(&node.score, &w.score);
                    pearson(&x, &y)
                })
            };
            let r_dimension = r_with(scored.node(&dimension.code));
            let r_total = r_with(total);
            let scores: Vec<f64> = node.score.iter().flatten().copied().collect();
            let flags = Flag::of(&spread, !constant(&scores), r_dimension, r_total);
            items.push((dimension.code.as_str(), node));
            indicators.push(IndicatorAudit {
                indicator: ind,
                dimension,
                spread,
                r_dimension,
                r_total,
                flags,
            });
        }
        let alphas = level
            .into_iter()
            .map(|d| {
                let columns: Vec<&[Option<f64>]> = items
                    .iter()
                    .filter(|(top, _)| *top == d.code)
                    .map(|(_, node)| node.score.as_slice())
                    .collect();
                let rows = complete_units(&columns);
                DimensionAlpha {
                    dimension: d,
                    items: columns.len(),
                    units: rows.first().map_or(0, Vec::len),
                    alpha: cronbach_alpha(&rows),
                }
            })
            .collect();
        Audit {
            indicators,
            rule,
            alphas,
        }
    }

    /// All pairs of indicators whose scores correlate beyond ±[`REDUNDANT`]
    /// (pairwise complete), the strongest first, then in framework order.
    pub fn redundant(&'a self, scored: &Scored) -> Vec<Pair<'a>> {
        let scores: Vec<&[Option<f64>]> = self
            .indicators
            .iter()
            .map(|i| {
                scored
                    .node(&i.indicator.code)
                    .map_or(&[][..], |n| n.score.as_slice())
            })
            .collect();
        let mut pairs = Vec::new();
        for (i, a) in self.indicators.iter().enumerate() {
            for (j, b) in self.indicators.iter().enumerate().skip(i + 1) {
                let (x, y) = complete_pairs(scores[i], scores[j]);
                if let Some(r) = pearson(&x, &y).filter(|r| r.abs() > REDUNDANT) {
                    pairs.push(Pair {
                        a,
                        b,
                        r,
                        units: x.len(),
                    });
                }
            }
        }
        pairs.sort_by(|p, q| q.r.abs().total_cmp(&p.r.abs()));
        pairs
    }
}

/// The columns restricted to the units with a value in every one (listwise
/// complete), as Cronbach's α needs them.
pub fn complete_units(columns: &[&[Option<f64>]]) -> Vec<Vec<f64>> {
    let n = columns.iter().map(|c| c.len()).min().unwrap_or(0);
    let kept: Vec<usize> = (0..n)
        .filter(|u| columns.iter().all(|c| c[*u].is_some()))
        .collect();
    columns
        .iter()
        .map(|c| kept.iter().filter_map(|u| c[*u]).collect())
        .collect()
}

// ── the sheet ───────────────────────────────────────────────────────────

/// Number formats: values in their own terms (a share such as 0.0012 keeps
/// its digits), shares, correlations and the like, counts.
const VALUE: &str = "#,##0.00##";
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
const TITLE_ROW: u32 = 0;
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
    sheet.set_row_height(TITLE_ROW, 30)?;
    sheet.merge_range(
        TITLE_ROW,
        0,
        TITLE_ROW,
        COLUMNS - 1,
        &title,
        &style::title(),
    )?;
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
    written.fit(sheet, &WIDTHS)?;
    sheet.set_freeze_panes(HEADER_ROW + 1, 2)?;
    style::print_setup(sheet, true, (HEADER_ROW, HEADER_ROW))?;
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
        for (c, v) in (5u16..).zip([s.min, s.max, s.mean, s.median, s.std_dev]) {
            cells.number(row, c, v, VALUE)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    fn some(x: &[f64]) -> Vec<Option<f64>> {
        x.iter().copied().map(Some).collect()
    }

    #[test]
    fn min_max_mean_median_and_standard_deviation_by_hand() {
        // [1, 2, 3, 4, 10]: mean 20 / 5 = 4; median 3; deviations −3, −2, −1, 0, 6;
        // Σd² = 9 + 4 + 1 + 0 + 36 = 50; s² = 50 / 4 = 12.5; s = √12.5 = 3.5355339…
        let x = [1.0, 2.0, 3.0, 4.0, 10.0];
        assert_eq!(min(&x), Some(1.0));
        assert_eq!(max(&x), Some(10.0));
        assert_eq!(mean(&x), Some(4.0));
        assert_eq!(median(&x), Some(3.0));
        assert_eq!(variance(&x), Some(12.5));
        assert!(close(std_dev(&x).unwrap(), 12.5_f64.sqrt()));
        // nothing to measure; one value has no spread
        assert_eq!((min(&[]), max(&[]), mean(&[])), (None, None, None));
        assert_eq!(std_dev(&[3.0]), None);
        // a constant column has s = 0 exactly, not float noise
        assert_eq!(std_dev(&[1.01; 21]), Some(0.0));
    }

    #[test]
    fn skewness_is_excel_s_skew() {
        // [1, 2, 3, 4, 10]: d = −3, −2, −1, 0, 6; m₂ = 50 / 5 = 10;
        // Σd³ = −27 − 8 − 1 + 0 + 216 = 180, m₃ = 36; g₁ = m₃ / m₂^1.5 = 36 / 10√10 = 3.6 / √10;
        // G₁ = g₁ · √(n(n−1)) / (n−2) = 3.6 / √10 · √20 / 3 = 1.2 √2 = 1.6970563…
        let x = [1.0, 2.0, 3.0, 4.0, 10.0];
        assert!(close(skewness(&x).unwrap(), 1.2 * 2.0_f64.sqrt()));
        // the mirror image is skewed the other way
        let mirrored: Vec<f64> = x.iter().map(|v| -v).collect();
        assert!(close(skewness(&mirrored).unwrap(), -1.2 * 2.0_f64.sqrt()));
        // fewer than 3 values; all equal (1.01 × 21 has a mean of 1.0100000000000005:
        // without the exact test its "skew" would be float noise of about ±1)
        assert_eq!(skewness(&[1.0, 5.0]), None);
        assert_eq!(skewness(&[2.0; 4]), None);
        assert_eq!(skewness(&[1.01; 21]), None);
    }

    #[test]
    fn kurtosis_is_excel_s_kurt() {
        // [1, 2, 3, 4, 10]: Σd⁴ = 81 + 16 + 1 + 0 + 1296 = 1394, m₄ = 278.8; m₂ = 10;
        // g₂ = m₄ / m₂² − 3 = 2.788 − 3 = −0.212;
        // G₂ = ((n+1) g₂ + 6)(n−1) / ((n−2)(n−3)) = (6 × −0.212 + 6) × 4 / (3 × 2) = 4.728 × 4 / 6 = 3.152
        let x = [1.0, 2.0, 3.0, 4.0, 10.0];
        assert!(close(kurtosis(&x).unwrap(), 3.152));
        // fewer than 4 values; all equal
        assert_eq!(kurtosis(&[1.0, 2.0, 9.0]), None);
        assert_eq!(kurtosis(&[0.1; 5]), None);
    }

    #[test]
    fn pearson_by_hand() {
        // x = 1…5, y = 2, 4, 5, 4, 5: x̄ = 3, ȳ = 4; dx = −2, −1, 0, 1, 2; dy = −2, 0, 1, 0, 1;
        // Σdxdy = 4 + 0 + 0 + 0 + 2 = 6; Σdx² = 10; Σdy² = 6; r = 6 / √60 = 0.7745967…
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        let y = [2.0, 4.0, 5.0, 4.0, 5.0];
        assert!(close(pearson(&x, &y).unwrap(), 6.0 / 60.0_f64.sqrt()));
        assert!(close(pearson(&y, &x).unwrap(), 6.0 / 60.0_f64.sqrt()));
        // y = 10 − 2x: a perfect negative line
        let down: Vec<f64> = x.iter().map(|v| 10.0 - 2.0 * v).collect();
        assert!(close(pearson(&x, &down).unwrap(), -1.0));
        // zero variance on a side; two points; lengths that differ
        assert_eq!(pearson(&x, &[3.0; 5]), None);
        assert_eq!(pearson(&[1.0, 2.0], &[5.0, 1.0]), None);
        assert_eq!(pearson(&x, &y[..4]), None);
    }

    #[test]
    fn pairs_are_complete_pairwise() {
        // the 2nd unit lacks x, the 4th lacks y: units 1, 3 and 5 remain
        let x = [Some(1.0), None, Some(3.0), Some(4.0), Some(5.0)];
        let y = [Some(2.0), Some(9.0), Some(6.0), None, Some(10.0)];
        let (a, b) = complete_pairs(&x, &y);
        assert_eq!((a, b), (vec![1.0, 3.0, 5.0], vec![2.0, 6.0, 10.0]));
    }

    #[test]
    fn cronbach_alpha_by_hand() {
        // three items over five units:
        //   item 1: 2, 4, 3, 5, 1  mean 3,   Σd² = 1 + 1 + 0 + 4 + 4 = 10                      → s² 2.5
        //   item 2: 3, 5, 3, 4, 2  mean 3.4, Σd² = .16 + 2.56 + .16 + .36 + 1.96 = 5.2          → s² 1.3
        //   item 3: 1, 4, 2, 5, 2  mean 2.8, Σd² = 3.24 + 1.44 + .64 + 4.84 + .64 = 10.8        → s² 2.7
        //   sums:   6, 13, 8, 14, 5 mean 9.2, Σd² = 10.24 + 14.44 + 1.44 + 23.04 + 17.64 = 66.8 → s² 16.7
        // α = 3/2 × (1 − 6.5 / 16.7) = 1.5 × 10.2 / 16.7 = 15.3 / 16.7 = 0.9161677…
        // (the same by the covariance form k c̄ / (v̄ + (k−1) c̄): the three covariances add
        //  up to (16.7 − 6.5) / 2 = 5.1, c̄ = 1.7, v̄ = 6.5 / 3: 5.1 / (6.5/3 + 3.4) = 0.9161677…)
        let items = vec![
            vec![2.0, 4.0, 3.0, 5.0, 1.0],
            vec![3.0, 5.0, 3.0, 4.0, 2.0],
            vec![1.0, 4.0, 2.0, 5.0, 2.0],
        ];
        assert!(close(cronbach_alpha(&items).unwrap(), 15.3 / 16.7));
    }

    #[test]
    fn cronbach_alpha_edge_cases() {
        // two identical items: s² 1 each, sums 2, 4, 6 with s² 4; α = 2 × (1 − 2/4) = 1
        assert!(close(
            cronbach_alpha(&[vec![1.0, 2.0, 3.0], vec![1.0, 2.0, 3.0]]).unwrap(),
            1.0
        ));
        // perfectly correlated but not parallel: s² 1 and 4, sums 3, 6, 9 with s² 9;
        // α = 2 × (1 − 5/9) = 8/9: α is not a correlation
        assert!(close(
            cronbach_alpha(&[vec![1.0, 2.0, 3.0], vec![2.0, 4.0, 6.0]]).unwrap(),
            8.0 / 9.0
        ));
        // items pulling apart: 1, 2, 3 and 3, 1, 2 → s² 1 and 1, sums 4, 3, 5 with s² 1;
        // α = 2 × (1 − 2/1) = −2
        assert!(close(
            cronbach_alpha(&[vec![1.0, 2.0, 3.0], vec![3.0, 1.0, 2.0]]).unwrap(),
            -2.0
        ));
        // only the last of four items varies: Σ s² = s²(sum), α = 4/3 × (1 − 1) = 0 exactly
        // (unrounded, 3 + 2 + 2 + x leaves −6e−16)
        let flat = |v: f64| vec![v; 5];
        let items = [
            flat(3.0),
            flat(2.0),
            flat(2.0),
            vec![0.5, 1.0, 1.0, 1.0, 1.0],
        ];
        let alpha = cronbach_alpha(&items).unwrap();
        assert!(alpha == 0.0 && alpha.is_sign_positive(), "{alpha:e}");
        // one item; one unit; equal sums (1, 2, 3 and 3, 2, 1 add to 4 everywhere); ragged
        assert_eq!(cronbach_alpha(&[vec![1.0, 2.0, 3.0]]), None);
        assert_eq!(cronbach_alpha(&[vec![1.0], vec![2.0]]), None);
        assert_eq!(
            cronbach_alpha(&[vec![1.0, 2.0, 3.0], vec![3.0, 2.0, 1.0]]),
            None
        );
        assert_eq!(cronbach_alpha(&[vec![1.0, 2.0, 3.0], vec![1.0, 2.0]]), None);
        assert_eq!(cronbach_alpha(&[]), None);
    }

    #[test]
    fn alpha_leaves_out_units_missing_any_item() {
        // the 2nd unit lacks item 2, the 4th item 1: units 1, 3 and 5 remain
        let a = [Some(1.0), Some(7.0), Some(2.0), None, Some(3.0)];
        let b = [Some(1.0), None, Some(2.0), Some(8.0), Some(3.0)];
        let rows = complete_units(&[&a, &b]);
        assert_eq!(rows, vec![vec![1.0, 2.0, 3.0], vec![1.0, 2.0, 3.0]]);
        assert!(close(cronbach_alpha(&rows).unwrap(), 1.0));
    }

    #[test]
    fn outliers_by_the_engine_s_rule() {
        // [2, 2, 2, 2, 7]: mean 3, d = −1 × 4, 4; Σd² = 20, Σd³ = −4 + 64 = 60, Σd⁴ = 4 + 256 = 260;
        // G₁ = √5 × 60 / 20^1.5 × √20 / 3 = √5 = 2.236 ≥ 2;
        // r = 5 × 260 / 20² = 3.25, G₂ = (6 × 0.25 + 6) × 4 / 6 = 5 ≥ 3.5 → fails;
        // the 7 is winsorised to 2, after which the column is constant: one outlier, the 5th
        let x = [2.0, 2.0, 2.0, 2.0, 7.0];
        assert!(close(skewness(&x).unwrap(), 5.0_f64.sqrt()));
        assert!(close(kurtosis(&x).unwrap(), 5.0));
        assert_eq!(outliers(&x, &Outliers::COINR), vec![4]);
        // mirrored: the low end
        assert_eq!(
            outliers(&[7.0, 7.0, 2.0, 7.0, 7.0], &Outliers::COINR),
            vec![2]
        );
        // [1, 2, 3, 4, 10] is skewed (1.70) but within the limits: no outlier
        assert!(outliers(&[1.0, 2.0, 3.0, 4.0, 10.0], &Outliers::COINR).is_empty());
        // a stricter skew limit of 1.5 and kurtosis limit of 3: 10 goes to 4 (then 1, 2, 3, 4, 4 passes)
        let strict = Outliers {
            skew_limit: 1.5,
            kurtosis_limit: 3.0,
            ..Outliers::COINR
        };
        assert_eq!(outliers(&[1.0, 2.0, 3.0, 4.0, 10.0], &strict), vec![4]);
        assert!(outliers(&[1.01; 21], &Outliers::COINR).is_empty());
    }

    #[test]
    fn spread_of_values_with_a_missing_unit() {
        // six units, the 2nd without a value: share missing 1/6; the rest as [2, 2, 2, 2, 7]
        let values = [Some(2.0), None, Some(2.0), Some(2.0), Some(2.0), Some(7.0)];
        let s = Spread::of(&values, &Outliers::COINR);
        assert_eq!((s.units, s.present), (6, 5));
        assert!(close(s.missing.unwrap(), 1.0 / 6.0));
        assert_eq!(
            (s.min, s.max, s.mean, s.median),
            (Some(2.0), Some(7.0), Some(3.0), Some(2.0))
        );
        // s² = 20 / 4 = 5
        assert!(close(s.std_dev.unwrap(), 5.0_f64.sqrt()));
        assert!(s.skewed && !s.constant);
        // the outlier is the 6th unit (index 5 of the values given, 4 of those present)
        assert_eq!(s.outliers, vec![5]);
        // nothing reported at all
        let empty = Spread::of(&[None, None], &Outliers::COINR);
        assert_eq!(
            (empty.present, empty.missing, empty.mean),
            (0, Some(1.0), None)
        );
        assert!(!empty.constant);
    }

    #[test]
    fn dimensions_are_the_top_level_unless_it_is_the_index() {
        // the default framework: nine top-level dimensions A … I, each with its indicators
        let county = crate::framework::load(None).expect("default framework");
        let level = audit_level(&county);
        let codes: Vec<&str> = level.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["A", "B", "C", "D", "E", "F", "G", "H", "I"]);
        assert_eq!(
            dimension_in(&county, &level, "C").map(|d| &d.code[..]),
            Some("C")
        );
        // COINr's ASEM: Index → Conn, Sust → pillars; the audit relates to Conn and Sust
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("indicators/examples/asem-chain-a.toml");
        let asem = crate::framework::load(Some(&path)).expect("ASEM framework");
        let level = audit_level(&asem);
        let codes: Vec<&str> = level.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["Conn", "Sust"]);
        assert_eq!(
            dimension_in(&asem, &level, "Physical").map(|d| &d.code[..]),
            Some("Conn")
        );
        assert_eq!(dimension_in(&asem, &level, "Index"), None);
    }

    #[test]
    fn flags_of_an_indicator() {
        let varied = Spread::of(&some(&[1.0, 2.0, 3.0]), &Outliers::COINR);
        let constant = Spread::of(&some(&[4.0, 4.0, 4.0]), &Outliers::COINR);
        let skewed = Spread::of(&some(&[2.0, 2.0, 2.0, 2.0, 7.0]), &Outliers::COINR);
        // r −0.4 with the dimension: negative; 0.05 with the total: near zero
        assert_eq!(
            Flag::of(&varied, true, Some(-0.4), Some(0.05)),
            [
                Flag::Negative(Whole::Dimension),
                Flag::NearZero(Whole::Total)
            ]
        );
        // −0.05 is noise around zero, not a negative correlation; 0.1 is no longer near zero
        assert_eq!(
            Flag::of(&varied, true, Some(-0.05), Some(0.1)),
            [Flag::NearZero(Whole::Dimension)]
        );
        assert_eq!(Flag::of(&constant, false, None, None), [Flag::ZeroVariance]);
        assert_eq!(Flag::of(&varied, false, None, None), [Flag::SameScores]);
        assert_eq!(
            Flag::of(&skewed, true, Some(0.8), Some(0.5)),
            [Flag::Skewed]
        );
        assert_eq!(
            Flag::NearZero(Whole::Total).label(Lang::Zh),
            "与总分近零相关"
        );
        assert_eq!(Flag::ZeroVariance.label(Lang::Zh), "方差为零");
    }
}
