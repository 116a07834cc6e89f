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

use crate::framework::{Dimension, Framework, Indicator, OutlierFallback, Outliers};
use crate::lang::Lang;
use crate::score::composite::{fails, treat};
use crate::score::{NodeScores, Scored};
use crate::stats::{complete_pairs, cronbach_alpha, max, mean, median, min, pearson, std_dev};
use crate::stats::{constant, kurtosis, skewness};

/// |r| below this is 近零相关: the indicator barely moves with the whole.
pub const NEAR_ZERO: f64 = 0.1;
/// |r| above this is a redundant pair (高度相关): the two rank units alike.
pub const REDUNDANT: f64 = 0.9;
/// α below this is 一致性偏低 (the usual rule of thumb).
pub const ALPHA_ACCEPTABLE: f64 = 0.7;

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
