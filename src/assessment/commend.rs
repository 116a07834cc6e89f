//! Commendations (先进单位 …): who is commended, from the ranks and grades.

use crate::framework::Framework;
use crate::score::{Flag, Scored};

/// Commendations (先进单位 …): the best-ranked units, in rank order, that have the
/// required grade and no veto, up to the commendation's number; units tied at the
/// boundary are all commended.
pub fn commend(fw: &Framework, scored: &Scored) -> Vec<Option<String>> {
    let n = scored.units.len();
    let mut out: Vec<Vec<String>> = vec![Vec::new(); n];
    let Some(total) = scored.total() else {
        return vec![None; n];
    };
    let mut order: Vec<usize> = (0..n).filter(|i| total.rank[*i].is_some()).collect();
    order.sort_by_key(|i| (total.rank[*i], scored.units[*i].clone()));
    for c in &fw.commendations {
        let eligible: Vec<usize> = order
            .iter()
            .copied()
            .filter(|i| !total.flags[*i].contains(&Flag::Veto))
            .filter(|i| {
                c.requires_grade
                    .as_ref()
                    .is_none_or(|g| scored.grades[*i].as_ref() == Some(g))
            })
            .collect();
        let top = usize::try_from(c.top).unwrap_or(usize::MAX);
        let cut = eligible.get(top.saturating_sub(1)).map(|i| total.rank[*i]);
        for i in eligible {
            if out.iter().filter(|o| o.contains(&c.name)).count() < top
                || Some(total.rank[i]) == cut
            {
                out[i].push(c.name.clone());
            }
        }
    }
    out.into_iter()
        .map(|v| (!v.is_empty()).then(|| v.join("、")))
        .collect()
}
