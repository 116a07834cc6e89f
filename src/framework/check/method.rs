//! The scoring method an indicator names, with the keys that method needs.

use crate::framework::model::{Method, Mode, Points, Target, Tier};
use crate::framework::problem::ProblemKind as K;
use crate::framework::spec::IndicatorSpec;

use super::{Checker, number};

/// The method an indicator names, or the framework's default (`weighted-mean`),
/// with the offset problems about it are reported at.
pub(super) fn method_name<'a>(
    mode: Mode,
    default: &'a str,
    offset: usize,
    i: &'a IndicatorSpec,
) -> Option<(&'a str, usize)> {
    match (&i.method, mode) {
        (Some(m), _) => Some((m.get_ref().as_str(), m.span().start)),
        (None, Mode::WeightedMean) => Some((default, offset)),
        (None, Mode::Points) => None,
    }
}

#[allow(clippy::too_many_lines)] // the method table: one arm per method
#[allow(clippy::too_many_arguments)]
pub(super) fn indicator_method(
    c: &mut Checker<'_>,
    mode: Mode,
    default: &str,
    file: usize,
    offset: usize,
    key: &str,
    i: &IndicatorSpec,
    points: Option<Points>,
) -> Option<Method> {
    let Some((name, method_at)) = method_name(mode, default, offset, i) else {
        // as serde says it when a required key is absent
        c.report(file, offset, key, K::Shape("missing field `method`".into()));
        return None;
    };
    if !Method::NAMES.contains(&name) {
        c.report(
            file,
            method_at,
            format!("{key}.method"),
            K::BadChoice {
                value: name.into(),
                expected: Method::NAMES.to_vec(),
            },
        );
        return None;
    }
    if mode == Mode::Points && Method::is_relative(name) {
        c.report(
            file,
            method_at,
            format!("{key}.method"),
            K::RelativeInPoints(name.into()),
        );
        return None;
    }
    if mode == Mode::WeightedMean && name == "deduction" {
        c.report(
            file,
            method_at,
            format!("{key}.method"),
            K::PointsOnly(name.into()),
        );
        return None;
    }
    // which optional keys each method takes
    let present: [(&'static str, Option<usize>); 8] = [
        ("target", i.target.as_ref().map(|v| v.span().start)),
        (
            "target-per-people",
            i.target_per_people.as_ref().map(|v| v.span().start),
        ),
        ("cap", i.cap.as_ref().map(|v| v.span().start)),
        ("tiers", i.tiers.as_ref().map(|v| v.span().start)),
        (
            "per-occurrence",
            i.per_occurrence.as_ref().map(|v| v.span().start),
        ),
        ("low", i.low.as_ref().map(|v| v.span().start)),
        ("high", i.high.as_ref().map(|v| v.span().start)),
        ("items", i.items.first().map(|v| v.span().start)),
    ];
    let allowed: &[&str] = match name {
        "target-ratio" => &["target", "target-per-people", "cap"],
        "tiers" => &["tiers"],
        "checklist" => &["items"],
        "deduction" => &["per-occurrence"],
        "goalposts" => &["low", "high"],
        "distance-to-target" => &["target"],
        _ => &[],
    };
    let mut ok = true;
    for (k, at) in present {
        if let Some(at) = at
            && !allowed.contains(&k)
        {
            c.report(
                file,
                at,
                format!("{key}.{k}"),
                K::KeyNotForMethod {
                    method: name.into(),
                    key: k,
                },
            );
            ok = false;
        }
    }
    let need = |c: &mut Checker<'_>, k: &'static str, present: bool| {
        if !present {
            c.report(
                file,
                method_at,
                format!("{key}.{k}"),
                K::MissingKey {
                    method: name.into(),
                    key: k,
                },
            );
        }
        present
    };
    let method = match name {
        "target-ratio" => {
            if !need(c, "target", i.target.is_some()) {
                return None;
            }
            let target = c.positive(file, &format!("{key}.target"), i.target.as_ref()?)?;
            let target = match &i.target_per_people {
                Some(per) => Target::PerPeople {
                    rate: target,
                    per: c.positive(file, &format!("{key}.target-per-people"), per)?,
                },
                None => Target::Fixed(target),
            };
            let cap = match &i.cap {
                Some(cap) => {
                    let v = c.positive(file, &format!("{key}.cap"), cap)?;
                    if mode == Mode::Points && v > 1.0 {
                        c.report(
                            file,
                            cap.span().start,
                            format!("{key}.cap"),
                            K::OutOfRange {
                                value: number(v),
                                range: "0 … 1".into(),
                            },
                        );
                        return None;
                    }
                    v
                }
                None => 1.0,
            };
            Method::TargetRatio { target, cap }
        }
        "tiers" => {
            let spanned = i.tiers.as_ref();
            if !need(c, "tiers", spanned.is_some_and(|t| !t.get_ref().is_empty())) {
                return None;
            }
            let spanned = spanned?;
            let at = spanned.span().start;
            let tkey = format!("{key}.tiers");
            let lower = i.direction.as_ref().is_some_and(|d| d.get_ref() == "lower");
            let expected = if lower { "at-most" } else { "at-least" };
            let mut tiers = Vec::new();
            for t in spanned.get_ref() {
                let threshold = if lower { t.at_most } else { t.at_least };
                let wrong = if lower { t.at_least } else { t.at_most };
                match (threshold, wrong) {
                    (Some(threshold), None) => tiers.push(Tier {
                        threshold,
                        share: t.share,
                    }),
                    _ => {
                        c.report(file, at, tkey.clone(), K::TierBound { expected });
                        return None;
                    }
                }
                if !(0.0..=1.0).contains(&t.share) {
                    c.report(
                        file,
                        at,
                        tkey.clone(),
                        K::OutOfRange {
                            value: number(t.share),
                            range: "0 … 1".into(),
                        },
                    );
                    return None;
                }
            }
            if tiers.windows(2).any(|w| w[0].threshold >= w[1].threshold) {
                c.report(file, at, tkey, K::TiersNotAscending);
                return None;
            }
            let falling = if lower {
                tiers.windows(2).any(|w| w[0].share < w[1].share)
            } else {
                tiers.windows(2).any(|w| w[0].share > w[1].share)
            };
            if falling {
                c.report(file, at, tkey, K::TierSharesFalling);
                return None;
            }
            Method::Tiers { tiers }
        }
        "checklist" => {
            if !need(c, "items", !i.items.is_empty()) {
                return None;
            }
            Method::Checklist
        }
        "deduction" => {
            if !need(c, "per-occurrence", i.per_occurrence.is_some()) {
                return None;
            }
            let per = i.per_occurrence.as_ref()?;
            c.positive(file, &format!("{key}.per-occurrence"), per)?;
            let per_occurrence = c.points(file, &format!("{key}.per-occurrence"), per)?;
            if mode == Mode::Points && points.is_none() {
                return None;
            }
            Method::Deduction { per_occurrence }
        }
        "goalposts" => {
            let has = need(c, "low", i.low.is_some()) & need(c, "high", i.high.is_some());
            if !has {
                return None;
            }
            let (low, high) = (*i.low.as_ref()?.get_ref(), *i.high.as_ref()?.get_ref());
            if low >= high {
                let h = i.high.as_ref()?;
                c.report(
                    file,
                    h.span().start,
                    format!("{key}.high"),
                    K::OutOfRange {
                        value: number(high),
                        range: format!("> {}", number(low)),
                    },
                );
                return None;
            }
            Method::Goalposts { low, high }
        }
        "distance-to-target" => {
            if !need(c, "target", i.target.is_some()) {
                return None;
            }
            Method::DistanceToTarget {
                target: *i.target.as_ref()?.get_ref(),
            }
        }
        "min-max" => Method::MinMax,
        "z-score" => Method::ZScore,
        "rank" => Method::Rank,
        _ => Method::PercentileRank,
    };
    ok.then_some(method)
}
