//! The statistics, once: pure functions over numbers (mean, median, spread,
//! skewness and kurtosis as Excel and COINr compute them, Pearson's r,
//! Cronbach's α), each tested by hand. Used by scoring (the outlier test),
//! the audit, the robustness analysis and the reports; knows no framework.

/// The mean x̄ = Σx / n; `None` when there is no value.
pub fn mean(values: &[f64]) -> Option<f64> {
    #[allow(clippy::cast_precision_loss)] // a handful of units
    let n = values.len() as f64;
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / n)
}

/// The middle value, or the mean of the two middle values; `None` when there is none.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2]),
        _ => Some((v[n / 2 - 1] + v[n / 2]) / 2.0),
    }
}

/// Sample skewness as Excel's `SKEW` (COINr's `skew`, e1071 type 2):
/// `√n Σd³ / (Σd²)^{3/2} × √(n(n−1)) / (n−2)`, `d = x − x̄`. `None` below 3
/// values or when all are equal.
pub fn skew(x: &[f64]) -> Option<f64> {
    if x.len() < 3 {
        return None;
    }
    #[allow(clippy::cast_precision_loss)] // counts of units
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    let (s2, s3) = x.iter().fold((0.0, 0.0), |(s2, s3), v| {
        let d = v - mean;
        (s2 + d * d, s3 + d * d * d)
    });
    if s2 == 0.0 {
        return None;
    }
    Some(n.sqrt() * s3 / s2.powf(1.5) * (n * (n - 1.0)).sqrt() / (n - 2.0))
}

/// Excess kurtosis as Excel's `KURT` (COINr's `kurt`, e1071 type 2):
/// `r = n Σd⁴ / (Σd²)²`, `((n+1)(r−3) + 6)(n−1) / ((n−2)(n−3))`. `None` below
/// 4 values or when all are equal.
pub fn kurt(x: &[f64]) -> Option<f64> {
    if x.len() < 4 {
        return None;
    }
    #[allow(clippy::cast_precision_loss)] // counts of units
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    let (s2, s4) = x.iter().fold((0.0, 0.0), |(s2, s4), v| {
        let d = v - mean;
        (s2 + d * d, s4 + d * d * d * d)
    });
    if s2 == 0.0 {
        return None;
    }
    let r = n * s4 / (s2 * s2);
    Some(((n + 1.0) * (r - 3.0) + 6.0) * (n - 1.0) / ((n - 2.0) * (n - 3.0)))
}

// ── the statistics ──────────────────────────────────────────────────────
//
// The mean and the median are `report::measures`' (x̄ = Σx / n; the middle
// value, or the mean of the two middle values).

/// Whether every value is the same. Tested exactly, not by a zero sum of
/// squares: the mean of 21 × 1.01 is 1.0100000000000005, so the deviations
/// of a constant column are float noise, never exactly zero.
pub fn constant(x: &[f64]) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    fn near(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() < tolerance
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
    fn skew_and_kurtosis_are_excel_s() {
        // README: skew(1..10, 30, 100) = 3.063241, kurt = 9.741391
        // COINr's help example: 1…10 with two outliers, 30 and 100
        let mut x: Vec<f64> = (1..=10).map(f64::from).collect();
        x.extend([30.0, 100.0]);
        assert!(near(skew(&x).unwrap(), 3.063241, 5e-7), "{:?}", skew(&x));
        assert!(near(kurt(&x).unwrap(), 9.741391, 5e-7), "{:?}", kurt(&x));
        // by hand: 1, 2, 3, 10 → mean 4, d = −3 −2 −1 6; Σd² = 50, Σd³ = 180, Σd⁴ = 1394
        // skew = √4·180/50^1.5 · √12/2 = 1.763633…; r = 4·1394/2500 = 2.2304,
        // kurt = (5·(−0.7696) + 6)·3 / (2·1) = 3.2280
        let y = [1.0, 2.0, 3.0, 10.0];
        let by_hand = 2.0 * 180.0 / 50f64.powf(1.5) * 12f64.sqrt() / 2.0;
        assert!(near(skew(&y).unwrap(), by_hand, 1e-12));
        assert!(near(by_hand, 1.763_633, 1e-6));
        assert!(near(kurt(&y).unwrap(), 3.228, 1e-12));
        // too few values, or all equal: undefined
        assert_eq!(skew(&[1.0, 2.0]), None);
        assert_eq!(kurt(&[1.0, 2.0, 3.0]), None);
        assert_eq!(skew(&[5.0; 6]), None);
    }
}
