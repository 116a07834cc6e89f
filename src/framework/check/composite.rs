//! The `weighted-mean` chain's settings of `[framework]` (imputation, screens,
//! outliers, normalisation), and the keys only that mode may have.

use toml::Spanned;

use crate::framework::model::{
    Composite, Method, Missing, OutlierFallback, Outliers, Screen, ScreenOrder,
};
use crate::framework::problem::ProblemKind as K;
use crate::framework::spec::FrameworkSpec;

use super::{Checker, number};

/// Where each `weighted-mean` key of `[framework]` is written, if it is.
fn weighted_mean_keys(f: &FrameworkSpec) -> [(&'static str, Option<usize>); 10] {
    fn at<T>(value: Option<&Spanned<T>>) -> Option<usize> {
        value.map(|v| v.span().start)
    }
    [
        ("impute-group", at(f.impute_group.as_ref())),
        ("min-data-share", at(f.min_data_share.as_ref())),
        ("screen", at(f.screen.as_ref())),
        ("treat-outliers", at(f.treat_outliers.as_ref())),
        ("skew-limit", at(f.skew_limit.as_ref())),
        ("kurtosis-limit", at(f.kurtosis_limit.as_ref())),
        ("winsorise-max", at(f.winsorise_max.as_ref())),
        ("outlier-fallback", at(f.outlier_fallback.as_ref())),
        ("normalise", at(f.normalise.as_ref())),
        ("normalise-range", at(f.normalise_range.as_ref())),
    ]
}

/// Reports every `weighted-mean` key written in a `points` framework.
pub(super) fn weighted_mean_only(c: &mut Checker<'_>, file: usize, f: &FrameworkSpec) {
    for (key, at) in weighted_mean_keys(f) {
        if let Some(at) = at {
            c.report(
                file,
                at,
                format!("framework.{key}"),
                K::WeightedMeanOnly(key.into()),
            );
        }
    }
}

/// The methods that need no key of their own, so that they can be the default.
const DEFAULT_METHODS: &[&str] = &["min-max", "z-score", "rank", "percentile-rank"];

fn default_method(name: &str) -> Option<Method> {
    match name {
        "min-max" => Some(Method::MinMax),
        "z-score" => Some(Method::ZScore),
        "rank" => Some(Method::Rank),
        "percentile-rank" => Some(Method::PercentileRank),
        _ => None,
    }
}

/// The `weighted-mean` chain's settings from `[framework]`, or `None` after
/// reporting what is wrong with them.
#[allow(clippy::too_many_lines)] // one block per step of the chain, in its order
pub(super) fn composite(
    c: &mut Checker<'_>,
    file: usize,
    f: &FrameworkSpec,
    missing: Option<Missing>,
) -> Option<Composite> {
    let keys = weighted_mean_keys(f);
    let mut ok = true;
    // a key that only means something together with another
    let needs = |c: &mut Checker<'_>, key: &'static str, needs: &'static str, present: bool| {
        let at = keys.iter().find(|(k, _)| *k == key).and_then(|(_, at)| *at);
        if let (Some(at), false) = (at, present) {
            c.report(
                file,
                at,
                format!("framework.{key}"),
                K::KeyNeeds { key, needs },
            );
            false
        } else {
            true
        }
    };

    // imputation: the group column only means something with group means
    ok &= needs(
        c,
        "impute-group",
        "missing = \"group-mean\"",
        !matches!(missing, Some(Missing::Skip | Missing::Zero)),
    );
    // screening
    let min_share = f
        .min_data_share
        .as_ref()
        .map(|s| c.share(file, "framework.min-data-share", s));
    ok &= needs(c, "screen", "min-data-share", min_share.is_some());
    let order = c.choice_or(
        file,
        "framework.screen",
        f.screen.as_ref(),
        ScreenOrder::NAMES,
        ScreenOrder::parse,
        ScreenOrder::BeforeImpute,
    );
    let screen = match (min_share, order) {
        (Some(Some(min_share)), Some(order)) => Some(Screen { min_share, order }),
        (None, Some(_)) => None,
        _ => {
            ok = false;
            None
        }
    };
    // outlier treatment
    let treat = f.treat_outliers.as_ref().is_some_and(|t| *t.get_ref());
    for key in [
        "skew-limit",
        "kurtosis-limit",
        "winsorise-max",
        "outlier-fallback",
    ] {
        ok &= needs(c, key, "treat-outliers = true", treat);
    }
    let skew_limit = match &f.skew_limit {
        Some(v) => c.positive(file, "framework.skew-limit", v),
        None => Some(Outliers::COINR.skew_limit),
    };
    let kurtosis_limit = match &f.kurtosis_limit {
        Some(v) => c.positive(file, "framework.kurtosis-limit", v),
        None => Some(Outliers::COINR.kurtosis_limit),
    };
    let winsorise_max = match &f.winsorise_max {
        Some(v) => {
            let parsed = u32::try_from(*v.get_ref()).ok();
            if parsed.is_none() {
                c.report(
                    file,
                    v.span().start,
                    "framework.winsorise-max",
                    K::OutOfRange {
                        value: v.get_ref().to_string(),
                        range: "0 …".into(),
                    },
                );
            }
            parsed
        }
        None => Some(Outliers::COINR.winsorise_max),
    };
    let fallback = c.choice_or(
        file,
        "framework.outlier-fallback",
        f.outlier_fallback.as_ref(),
        OutlierFallback::NAMES,
        OutlierFallback::parse,
        OutlierFallback::Log,
    );
    let outliers = match (skew_limit, kurtosis_limit, winsorise_max, fallback) {
        (Some(skew_limit), Some(kurtosis_limit), Some(winsorise_max), Some(fallback)) => treat
            .then_some(Outliers {
                skew_limit,
                kurtosis_limit,
                winsorise_max,
                fallback,
            }),
        _ => {
            ok = false;
            None
        }
    };
    // normalisation
    let normalise = c.choice_or(
        file,
        "framework.normalise",
        f.normalise.as_ref(),
        DEFAULT_METHODS,
        default_method,
        Method::MinMax,
    );
    let range = match f
        .normalise_range
        .as_ref()
        .map(|r| (r, r.get_ref().as_slice()))
    {
        Some((r, values)) if values.len() != 2 => {
            // in serde's words, as for any array of the wrong length
            c.report(
                file,
                r.span().start,
                "framework.normalise-range",
                K::Shape(format!(
                    "invalid length {}, expected an array of length 2",
                    values.len()
                )),
            );
            None
        }
        Some((r, &[low, high])) => {
            if low.is_finite() && high.is_finite() && low < high {
                Some((low, high))
            } else {
                c.report(
                    file,
                    r.span().start,
                    "framework.normalise-range",
                    K::OutOfRange {
                        value: number(high),
                        range: format!("> {}", number(low)),
                    },
                );
                None
            }
        }
        _ => Some((0.0, 100.0)),
    };
    let (Some(normalise), Some(range), true) = (normalise, range, ok) else {
        return None;
    };
    Some(Composite {
        impute_group: f.impute_group.as_ref().map(|g| g.get_ref().clone()),
        screen,
        outliers,
        normalise,
        range,
    })
}
