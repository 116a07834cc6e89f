//! Tier lists as typed in the workbook (`60%:0.6；80%:0.8`), read back into
//! `(threshold, share)` pairs.

use crate::report::rules::{self, TIER_SEPARATOR};

use super::TierError;

/// Tiers as `(threshold, share)`, and whether lower is better.
pub(super) type Tiers = (Vec<(f64, f64)>, bool);

/// Reads a tier list: `threshold:share` separated by `；`, `;` or new lines;
/// thresholds of a share with `%`, others without; a share as a number or a
/// percentage; an optional `≥` (or `≤` when lower is better) before a threshold.
pub fn parse_tiers(
    text: &str,
    share_valued: bool,
    lower: bool,
) -> Result<Vec<(f64, f64)>, TierError> {
    let mut tiers = Vec::new();
    let parts = text
        .split([';', '\n'])
        .flat_map(|p| p.split(TIER_SEPARATOR))
        .map(str::trim)
        .filter(|p| !p.is_empty());
    for part in parts {
        let Some((threshold, share)) = part.split_once([':', '：']) else {
            return Err(TierError::NoColon(part.into()));
        };
        let mut threshold = threshold.trim();
        let (sign, wrong) = if lower {
            (["≤", "<="], ["≥", ">="])
        } else {
            (["≥", ">="], ["≤", "<="])
        };
        if wrong.iter().any(|w| threshold.starts_with(w)) {
            return Err(TierError::WrongSign(part.into()));
        }
        for s in sign {
            threshold = threshold.strip_prefix(s).unwrap_or(threshold).trim();
        }
        let percent = threshold.ends_with(['%', '％']);
        if share_valued && !percent {
            return Err(TierError::NeedsPercent(part.into()));
        }
        if !share_valued && percent {
            return Err(TierError::NoPercent(part.into()));
        }
        let threshold = percentage(threshold).ok_or_else(|| TierError::NotNumber(part.into()))?;
        let share = percentage(share.trim()).ok_or_else(|| TierError::NotNumber(part.into()))?;
        tiers.push((threshold, share));
    }
    if tiers.is_empty() {
        return Err(TierError::None);
    }
    Ok(tiers)
}

/// `0.6`, or `60%` as 0.6.
fn percentage(text: &str) -> Option<f64> {
    let (digits, scale) = match text.strip_suffix(['%', '％']) {
        Some(d) => (d.trim(), 100.0),
        None => (text, 1.0),
    };
    let v: f64 = digits.parse().ok().filter(|v: &f64| v.is_finite())?;
    Some(rules::tidy(v / scale))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_are_read_as_written() {
        // B1 建会率: thresholds as percentages
        assert_eq!(
            parse_tiers("60%:0.6；80%:0.8；100%:1", true, false),
            Ok(vec![(0.6, 0.6), (0.8, 0.8), (1.0, 1.0)])
        );
        // D3: thresholds in the value's own unit, shares as percentages, `≥`, `;` and new lines
        assert_eq!(
            parse_tiers("≥1:40%; 2:0.7\n3：1", false, false),
            Ok(vec![(1.0, 0.4), (2.0, 0.7), (3.0, 1.0)])
        );
        assert_eq!(
            parse_tiers("60:0.6", true, false),
            Err(TierError::NeedsPercent("60:0.6".into()))
        );
        assert_eq!(
            parse_tiers("1%:0.4", false, false),
            Err(TierError::NoPercent("1%:0.4".into()))
        );
        assert_eq!(
            parse_tiers("≥0:1", false, true),
            Err(TierError::WrongSign("≥0:1".into()))
        );
        assert_eq!(
            parse_tiers("60% 0.6", true, false),
            Err(TierError::NoColon("60% 0.6".into()))
        );
        assert_eq!(parse_tiers(" ；", true, false), Err(TierError::None));
        assert_eq!(
            parse_tiers("六成:0.6", false, false),
            Err(TierError::NotNumber("六成:0.6".into()))
        );
    }

    #[test]
    fn tiers_text_reads_back() {
        let tiers = [(0.6, 0.6), (0.8, 0.8), (1.0, 1.0)];
        let text = rules::tiers_text(&tiers, true);
        assert_eq!(text, "60%:0.6；80%:0.8；100%:1");
        assert_eq!(parse_tiers(&text, true, false), Ok(tiers.to_vec()));
        assert_eq!(rules::tiers_text(&[(0.55, 0.5)], true), "55%:0.5");
    }
}
