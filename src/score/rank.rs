//! Competition ranking (1, 2, 2, 4): equal scores share the best rank (并列).

/// Ranks `scores` from highest to lowest; `None` scores get no rank. Equal
/// scores (exactly equal: points mode compares exact hundredths) share the
/// lowest rank number, and the next rank skips accordingly.
pub fn competition(scores: &[Option<f64>]) -> Vec<Option<u32>> {
    scores
        .iter()
        .map(|s| {
            s.map(|s| {
                let better = scores.iter().flatten().filter(|o| **o > s).count();
                u32::try_from(better).unwrap_or(u32::MAX - 1) + 1
            })
        })
        .collect()
}

/// Ranks by several keys in order (a tie-break list): later keys only decide
/// between units equal on every earlier key.
pub fn competition_by(keys: &[Vec<Option<f64>>], n: usize) -> Vec<Option<u32>> {
    let key = |i: usize| -> Option<Vec<f64>> {
        keys.iter().map(|k| k.get(i).copied().flatten()).collect()
    };
    let all: Vec<Option<Vec<f64>>> = (0..n).map(key).collect();
    all.iter()
        .map(|mine| {
            mine.as_ref().map(|m| {
                let better = all
                    .iter()
                    .flatten()
                    .filter(|o| {
                        o.iter()
                            .zip(m)
                            .find(|(a, b)| a != b)
                            .is_some_and(|(a, b)| a > b)
                    })
                    .count();
                u32::try_from(better).unwrap_or(u32::MAX - 1) + 1
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_share_the_best_rank_and_the_next_skips() {
        // 90, 85, 85, 70 → 1, 2, 2, 4
        let got = competition(&[Some(90.0), Some(85.0), Some(85.0), Some(70.0)]);
        assert_eq!(got, vec![Some(1), Some(2), Some(2), Some(4)]);
    }

    #[test]
    fn missing_scores_get_no_rank() {
        let got = competition(&[Some(1.0), None, Some(3.0)]);
        assert_eq!(got, vec![Some(2), None, Some(1)]);
    }

    #[test]
    fn a_tie_break_decides_only_between_equals() {
        // totals 80, 80, 75; tie-break B 10, 12, 15 → 2, 1, 3
        let totals = vec![Some(80.0), Some(80.0), Some(75.0)];
        let b = vec![Some(10.0), Some(12.0), Some(15.0)];
        assert_eq!(
            competition_by(&[totals.clone(), b], 3),
            vec![Some(2), Some(1), Some(3)]
        );
        // without a tie-break they share rank 1
        assert_eq!(
            competition_by(&[totals], 3),
            vec![Some(1), Some(1), Some(3)]
        );
    }
}
