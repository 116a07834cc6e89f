//! What a unit's total is made of: base, bonus (as capped), deductions and
//! the vetoes applied — worked out once, shown by the feedback workbook and
//! `explain`.

use crate::framework::Framework;
use crate::score::{NodeKind, Scored};

/// Unit `i`'s total, taken apart.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Composition {
    /// The base points (the dimensions' sum, before bonus and deductions).
    pub base: f64,
    /// The bonus points of every item, before the cap.
    pub bonus_uncapped: f64,
    /// The bonus points counted: at most the framework's `bonus-cap`.
    pub bonus: f64,
    /// The points deducted, as a positive number (0.00 when none, never −0.00).
    pub deductions: f64,
    /// The codes of the vetoes applied, in the framework's order.
    pub vetoes: Vec<String>,
}

impl Composition {
    /// Unit `i` of a scoring.
    pub fn of(fw: &Framework, scored: &Scored, i: usize) -> Composition {
        let sum = |kind: NodeKind| -> f64 {
            scored
                .nodes
                .iter()
                .filter(|n| n.kind == kind)
                .filter_map(|n| n.score[i])
                .sum()
        };
        let bonus_uncapped = sum(NodeKind::Bonus);
        Composition {
            base: scored.total().and_then(|t| t.value[i]).unwrap_or(0.0),
            bonus_uncapped,
            bonus: fw
                .bonus_cap
                .map_or(bonus_uncapped, |c| bonus_uncapped.min(c.as_f64())),
            // deductions are negative points; `0.0 -` so that none reads 0.00, not -0.00
            deductions: 0.0 - sum(NodeKind::Deduction),
            vetoes: scored
                .nodes
                .iter()
                .filter(|n| n.kind == NodeKind::Veto && n.value[i] == Some(1.0))
                .map(|n| n.code.clone())
                .collect(),
        }
    }

    /// Every scored unit, in `scored.units` order.
    pub fn all(fw: &Framework, scored: &Scored) -> Vec<Composition> {
        (0..scored.units.len())
            .map(|i| Composition::of(fw, scored, i))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::NodeScores;

    fn node(code: &str, kind: NodeKind, value: f64, score: f64) -> NodeScores {
        NodeScores {
            code: code.into(),
            name: code.into(),
            kind,
            value: vec![Some(value)],
            score: vec![Some(score)],
            max: None,
            rank: vec![None],
            flags: vec![Vec::new()],
        }
    }

    #[test]
    fn base_bonus_capped_deductions_and_vetoes() {
        // the default framework caps the bonus at 5: 3.5 + 2.5 = 6.0 counts as 5.0;
        // deductions −1.5 and −0.5 take 2.0; one of two vetoes applies
        let fw = crate::framework::load(None).expect("the default framework");
        let cap = fw.bonus_cap.expect("a cap").as_f64();
        assert!((cap - 5.0).abs() < 1e-12);
        let scored = Scored {
            units: vec!["130102".into()],
            nodes: vec![
                node("J1", NodeKind::Bonus, 1.0, 3.5),
                node("J2", NodeKind::Bonus, 1.0, 2.5),
                node("K1", NodeKind::Deduction, 1.0, -1.5),
                node("K2", NodeKind::Deduction, 1.0, -0.5),
                node("V1", NodeKind::Veto, 1.0, 0.0),
                node("V2", NodeKind::Veto, 0.0, 0.0),
                node("total", NodeKind::Total, 82.25, 85.25),
            ],
            ..Scored::default()
        };
        let c = Composition::of(&fw, &scored, 0);
        assert_eq!(c.base, 82.25);
        assert_eq!((c.bonus_uncapped, c.bonus), (6.0, 5.0));
        assert_eq!(c.deductions, 2.0);
        assert_eq!(c.vetoes, ["V1"]);
        // nothing deducted reads 0, not −0
        let none = Composition::of(
            &fw,
            &Scored {
                nodes: vec![],
                ..scored
            },
            0,
        );
        assert!(none.deductions.is_sign_positive());
    }
}
