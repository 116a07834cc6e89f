//! The 五有 standard applied to one grassroots organisation: does it meet the
//! standard (达标), and is it a model (示范)? Pure.

use crate::extract::Org;
use crate::framework::{Need, Points, Wuyou, WuyouRule};

/// The verdict on one organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    /// 达标.
    pub meets: bool,
    /// 示范 (only with points scoring and a model score).
    pub model: bool,
    /// Points scored (points scoring only).
    pub points: Option<Points>,
}

/// The verdicts on every organisation each submission lists, in list order
/// (one per row of the 五有 list, named or not): unit code → verdicts. Empty
/// when the framework has no 五有 standard.
pub fn verdicts(
    w: Option<&Wuyou>,
    submissions: &[crate::extract::Submission],
) -> std::collections::BTreeMap<crate::code::UnitCode, Vec<Verdict>> {
    let Some(w) = w else {
        return std::collections::BTreeMap::new();
    };
    submissions
        .iter()
        .map(|s| {
            (
                s.unit_code.clone(),
                s.orgs.iter().map(|o| judge(w, o)).collect(),
            )
        })
        .collect()
}

/// Whether an item's counts are enough for the org's type (members, volunteers).
fn needs_met(w: &Wuyou, org: &Org, needs: &[Need]) -> bool {
    let Some(t) = org
        .org_type
        .as_ref()
        .and_then(|code| w.org_types.iter().find(|t| t.code == *code))
    else {
        return needs.is_empty();
    };
    needs.iter().all(|need| match need {
        #[allow(clippy::cast_precision_loss)] // counts of people
        Need::Members => org.members.is_some_and(|m| m >= t.min_members as f64),
        #[allow(clippy::cast_precision_loss)]
        Need::Volunteers => org.volunteers.is_some_and(|v| v >= t.min_volunteers as f64),
    })
}

/// Applies the standard to one organisation. The org's `items` hold one
/// answer per column of the list: per item, or per sub-item when the standard
/// scores sub-items (see `layout::org_item_headers`).
pub fn judge(w: &Wuyou, org: &Org) -> Verdict {
    match &w.rule {
        WuyouRule::All => {
            let meets = w.items.iter().enumerate().all(|(i, item)| {
                org.items.get(i).copied().flatten() == Some(true) && needs_met(w, org, &item.needs)
            });
            Verdict {
                meets,
                model: false,
                points: None,
            }
        }
        WuyouRule::Points {
            pass,
            item_floor,
            model,
        } => {
            let mut column = 0;
            let mut total = Points(0);
            let mut floor_ok = true;
            for item in &w.items {
                let counts_ok = needs_met(w, org, &item.needs);
                let earned = if item.sub_items.is_empty() {
                    let yes = org.items.get(column).copied().flatten() == Some(true);
                    column += 1;
                    if yes && counts_ok {
                        item.points.unwrap_or_default()
                    } else {
                        Points(0)
                    }
                } else {
                    let mut sum = Points(0);
                    for sub in &item.sub_items {
                        if org.items.get(column).copied().flatten() == Some(true) && counts_ok {
                            sum = Points(sum.0 + sub.points.0);
                        }
                        column += 1;
                    }
                    sum
                };
                if item_floor.is_some_and(|f| earned < f) {
                    floor_ok = false;
                }
                total = Points(total.0 + earned.0);
            }
            let meets = total >= *pass && floor_ok;
            Verdict {
                meets,
                model: meets && model.is_some_and(|m| total >= m),
                points: Some(total),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::{OrgType, WuyouItem, WuyouSubItem};

    fn org(items: &[Option<bool>], members: f64, volunteers: f64) -> Org {
        Org {
            row: 3,
            name: "贾庄镇红十字会".into(),
            org_type: Some("town".into()),
            town: "贾庄镇".into(),
            members: Some(members),
            volunteers: Some(volunteers),
            items: items.to_vec(),
        }
    }

    fn item(code: &str, needs: Vec<Need>, points: Option<i64>, subs: &[i64]) -> WuyouItem {
        WuyouItem {
            code: code.into(),
            name: code.into(),
            short: code.into(),
            name_en: None,
            points: points.map(Points),
            needs,
            sub_items: subs
                .iter()
                .enumerate()
                .map(|(i, p)| WuyouSubItem {
                    code: format!("{code}{i}"),
                    name: format!("{code}{i}"),
                    name_en: None,
                    points: Points(*p),
                })
                .collect(),
        }
    }

    fn standard(rule: WuyouRule, items: Vec<WuyouItem>) -> Wuyou {
        Wuyou {
            name: "五有".into(),
            name_en: None,
            count_field: None,
            rule,
            org_types: vec![OrgType {
                code: "town".into(),
                name: "乡镇/街道".into(),
                name_en: None,
                min_members: 50,
                min_volunteers: 10,
            }],
            items,
        }
    }

    #[test]
    fn verdicts_are_kept_per_unit_in_list_order() {
        let w = standard(
            WuyouRule::All,
            vec![item("leader", vec![Need::Members], None, &[])],
        );
        let sub = crate::extract::Submission {
            unit_code: "130123".into(),
            // 60 members ≥ 50 meets; 49 does not; the order of the list is kept
            orgs: vec![org(&[Some(true)], 60.0, 0.0), org(&[Some(true)], 49.0, 0.0)],
            ..Default::default()
        };
        let all = verdicts(Some(&w), std::slice::from_ref(&sub));
        let meets: Vec<bool> = all["130123"].iter().map(|v| v.meets).collect();
        assert_eq!(meets, [true, false]);
        // no standard, no verdicts
        assert!(verdicts(None, &[sub]).is_empty());
    }

    #[test]
    fn all_five_and_enough_members_meet_the_standard() {
        let w = standard(
            WuyouRule::All,
            vec![
                item("leader", vec![], None, &[]),
                item("team", vec![Need::Members, Need::Volunteers], None, &[]),
                item("rules", vec![], None, &[]),
            ],
        );
        let yes = [Some(true), Some(true), Some(true)];
        // 60 members ≥ 50 and 12 volunteers ≥ 10: met
        assert!(judge(&w, &org(&yes, 60.0, 12.0)).meets);
        // 49 members < 50: the team item fails, so the org does not meet
        assert!(!judge(&w, &org(&yes, 49.0, 12.0)).meets);
        // one 否: not met
        assert!(!judge(&w, &org(&[Some(true), Some(false), Some(true)], 60.0, 12.0)).meets);
        // a blank answer is not a yes
        assert!(!judge(&w, &org(&[Some(true), None, Some(true)], 60.0, 12.0)).meets);
    }

    #[test]
    fn points_scoring_with_sub_items_floors_and_model() {
        // 带头人 = 8 + 6 + 6 (hundredths: 800 + 600 + 600); 队伍 = 20; pass 30, floor 12, model 38
        let w = standard(
            WuyouRule::Points {
                pass: Points(3000),
                item_floor: Some(Points(1200)),
                model: Some(Points(3800)),
            },
            vec![
                item("leader", vec![], None, &[800, 600, 600]),
                item("team", vec![], Some(2000), &[]),
            ],
        );
        // leader 8 + 6 = 14 ≥ 12, team 20: total 34 ≥ 30 → met, not a model
        let v = judge(
            &w,
            &org(&[Some(true), Some(true), Some(false), Some(true)], 0.0, 0.0),
        );
        assert_eq!(v.points, Some(Points(3400)));
        assert!(v.meets && !v.model);
        // all: 20 + 20 = 40 ≥ 38 → model
        let v = judge(
            &w,
            &org(&[Some(true), Some(true), Some(true), Some(true)], 0.0, 0.0),
        );
        assert_eq!(v.points, Some(Points(4000)));
        assert!(v.model);
        // leader 8 only: 8 < floor 12 although 8 + 20 = 28 … and below the pass: not met
        let v = judge(
            &w,
            &org(
                &[Some(true), Some(false), Some(false), Some(true)],
                0.0,
                0.0,
            ),
        );
        assert!(!v.meets);
    }
}
