//! From the raw files to the validated model, collecting every problem on the way.
//!
//! Each check reports a [`Problem`] with the file, line and key of the value
//! at fault and goes on, so that a user sees all mistakes in one run. Only a
//! framework without problems becomes a [`Framework`].

use std::collections::{BTreeMap, HashMap};

use toml::Spanned;

use super::load::{At, RawFramework};
use super::model::{
    Aggregation, Blank, BonusItem, ClaimSource, Commendation, Comparison, Composite, Counting,
    Counts, DeductionItem, Dimension, Direction, Field, FieldType, Framework, Grade, Indicator,
    Method, Missing, Mode, MonthDay, Need, NotSubmitted, OrgType, OutlierFallback, Outliers,
    Period, Points, PopulationBase, Rule, Screen, ScreenOrder, Source, Target, Term, Tier, Unit,
    UnitKind, VIRTUAL_FIELDS, ValueSource, VetoEffect, VetoItem, Wuyou, WuyouItem, WuyouRule,
    WuyouSubItem,
};
use super::problem::{Problem, ProblemKind as K};
use super::spec::{FrameworkSpec, IndicatorSpec, WuyouSpec};

/// Collects problems with their place.
struct Checker<'a> {
    raw: &'a RawFramework,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn report(&mut self, file: usize, offset: usize, key: impl Into<String>, kind: K) {
        let source = &self.raw.sources[file];
        self.problems.push(Problem {
            file: source.name.clone(),
            line: source.line_of(offset),
            key: key.into(),
            kind,
        });
    }

    fn place(&self, file: usize, offset: usize) -> String {
        let source = &self.raw.sources[file];
        format!("{}:{}", source.name, source.line_of(offset))
    }

    /// Parses a text choice; reports it and returns `None` when it is not one of `names`.
    fn choice<T>(
        &mut self,
        file: usize,
        key: &str,
        value: &Spanned<String>,
        names: &'static [&'static str],
        parse: fn(&str) -> Option<T>,
    ) -> Option<T> {
        let parsed = parse(value.get_ref());
        if parsed.is_none() {
            self.report(
                file,
                value.span().start,
                key,
                K::BadChoice {
                    value: value.get_ref().clone(),
                    expected: names.to_vec(),
                },
            );
        }
        parsed
    }

    /// Like [`Self::choice`] for an optional key with a default.
    fn choice_or<T>(
        &mut self,
        file: usize,
        key: &str,
        value: Option<&Spanned<String>>,
        names: &'static [&'static str],
        parse: fn(&str) -> Option<T>,
        default: T,
    ) -> Option<T> {
        match value {
            Some(value) => self.choice(file, key, value, names, parse),
            None => Some(default),
        }
    }

    /// Points with at most two decimals and not negative.
    fn points(&mut self, file: usize, key: &str, value: &Spanned<f64>) -> Option<Points> {
        let v = *value.get_ref();
        if v < 0.0 {
            self.report(
                file,
                value.span().start,
                key,
                K::OutOfRange {
                    value: number(v),
                    range: "0 …".into(),
                },
            );
            return None;
        }
        let points = Points::from_f64(v);
        if points.is_none() {
            self.report(file, value.span().start, key, K::TooPrecise(number(v)));
        }
        points
    }

    fn positive(&mut self, file: usize, key: &str, value: &Spanned<f64>) -> Option<f64> {
        let v = *value.get_ref();
        if v > 0.0 && v.is_finite() {
            Some(v)
        } else {
            self.report(file, value.span().start, key, K::NotPositive(number(v)));
            None
        }
    }

    fn share(&mut self, file: usize, key: &str, value: &Spanned<f64>) -> Option<f64> {
        let v = *value.get_ref();
        if (0.0..=1.0).contains(&v) {
            Some(v)
        } else {
            self.report(
                file,
                value.span().start,
                key,
                K::OutOfRange {
                    value: number(v),
                    range: "0 … 1".into(),
                },
            );
            None
        }
    }
}

/// A number as a person writes it: `20`, `0.5`.
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        if v == 0.0 && v.is_sign_negative() {
            return "-0".to_string();
        }
        #[allow(clippy::cast_possible_truncation)] // a whole number below 1e15
        (v as i64).to_string()
    } else {
        format!("{v}")
    }
}

/// Registers codes and reports the second definition of any of them.
#[derive(Default)]
struct Codes {
    /// Code → (file, offset) of its first definition.
    seen: HashMap<String, (usize, usize)>,
}

impl Codes {
    fn add(&mut self, checker: &mut Checker<'_>, key: &str, code: &Spanned<String>, file: usize) {
        if let Some(&(first_file, first_offset)) = self.seen.get(code.get_ref()) {
            // where the first one is, worked out only when needed: counting
            // lines for each of 3,000 units' codes took a second
            let first = checker.place(first_file, first_offset);
            checker.report(
                file,
                code.span().start,
                key,
                K::Duplicate {
                    code: code.get_ref().clone(),
                    first,
                },
            );
        } else {
            self.seen
                .insert(code.get_ref().clone(), (file, code.span().start));
        }
    }
}

/// Validates everything read; returns the framework or every problem found
/// (including those met while reading the files).
pub fn check(raw: &RawFramework) -> Result<Framework, Vec<Problem>> {
    let mut c = Checker {
        raw,
        problems: raw.problems.clone(),
    };
    let framework = build(&mut c);
    match framework {
        Some(framework) if c.problems.is_empty() => Ok(framework),
        _ => Err(c.problems),
    }
}

#[allow(clippy::too_many_lines)] // one pass over the sections, in file order
fn build(c: &mut Checker<'_>) -> Option<Framework> {
    let raw = c.raw;
    let fw = raw.framework.as_ref()?;
    let (ff, f) = (fw.file, &fw.item);

    let mode = c.choice(ff, "framework.mode", &f.mode, Mode::NAMES, Mode::parse);
    let population_base = c.choice_or(
        ff,
        "framework.population-base",
        f.population_base.as_ref(),
        PopulationBase::NAMES,
        PopulationBase::parse,
        PopulationBase::Resident,
    );
    let total = match (&f.total, mode) {
        (Some(total), _) => c.points(ff, "framework.total", total),
        (None, Some(Mode::Points)) => {
            c.report(
                ff,
                fw.offset,
                "framework.total",
                K::PointsOrWeight {
                    mode: "points",
                    expected: "total",
                },
            );
            None
        }
        (None, _) => None,
    };
    let bonus_cap = f
        .bonus_cap
        .as_ref()
        .and_then(|cap| c.points(ff, "framework.bonus-cap", cap));
    let missing = match (&f.missing, mode) {
        (Some(m), Some(Mode::Points))
            if m.get_ref() != "zero" && Missing::parse(m.get_ref()).is_some() =>
        {
            c.report(
                ff,
                m.span().start,
                "framework.missing",
                K::SkipInPoints(m.get_ref().clone()),
            );
            None
        }
        (Some(m), _) => c.choice(ff, "framework.missing", m, Missing::NAMES, Missing::parse),
        (None, Some(Mode::WeightedMean)) => Some(Missing::Skip),
        (None, _) => Some(Missing::Zero),
    };
    if let Some(to) = &f.to_year
        && to.get_ref() < f.from_year.get_ref()
    {
        c.report(ff, to.span().start, "framework.to-year", K::YearsReversed);
    }

    let change_warning = match &f.change_warning {
        Some(share) => c
            .positive(ff, "framework.change-warning", share)
            .unwrap_or(1.0),
        None => 1.0,
    };
    let not_submitted = c.choice_or(
        ff,
        "framework.not-submitted",
        f.not_submitted.as_ref(),
        NotSubmitted::NAMES,
        NotSubmitted::parse,
        NotSubmitted::default(),
    );
    let period = match &raw.period {
        Some(p) => {
            let mut day = |key: &str, value: &Spanned<String>| {
                let parsed = MonthDay::parse(value.get_ref());
                if parsed.is_none() {
                    c.report(
                        p.file,
                        value.span().start,
                        key,
                        K::BadMonthDay(value.get_ref().clone()),
                    );
                }
                parsed
            };
            let start = day("period.start", &p.item.start);
            let end = day("period.end", &p.item.end);
            let deadline = day("period.deadline", &p.item.deadline);
            match (start, end, deadline) {
                (Some(start), Some(end), Some(deadline)) => Some(Period {
                    start,
                    end,
                    deadline,
                    contact: p.item.contact.clone(),
                }),
                _ => None,
            }
        }
        None => Some(Period::calendar()),
    };

    let composite = match mode {
        Some(Mode::WeightedMean) => composite(c, ff, f, missing).map(Some),
        _ => {
            weighted_mean_only(c, ff, f);
            Some(None)
        }
    };
    // an indicator without `method` takes the framework's `normalise`
    let default_method = composite
        .as_ref()
        .and_then(|c| c.as_ref())
        .map_or("min-max", |c| c.normalise.name());

    let units = units(c);
    let fields = fields(c);
    let field_types: HashMap<&str, FieldType> = fields
        .iter()
        .map(|f| (f.code.as_str(), f.kind))
        .chain(
            VIRTUAL_FIELDS
                .iter()
                .map(|(code, _, _)| (*code, FieldType::Decimal)),
        )
        .collect();
    let rules = rules(c, &field_types);
    let mode_ok = mode.unwrap_or(Mode::Points);
    let dimensions = dimensions(c, mode_ok);
    let indicators = indicators(c, mode_ok, default_method, &field_types);
    check_hierarchy(c, mode_ok, total, &dimensions, &indicators);
    if indicators.iter().any(uses_population) || dimensions.is_empty() && !raw.indicators.is_empty()
    {
        for unit in raw.units.iter().filter(|u| u.item.population.is_empty()) {
            let key = format!("unit.{}.population", unit.item.code.get_ref());
            c.report(unit.file, unit.offset, key, K::NoPopulation);
        }
    }

    let tie_break: Vec<String> = f
        .tie_break
        .iter()
        .filter_map(|code| {
            let known = dimensions.iter().any(|d| d.code == *code.get_ref())
                || indicators.iter().any(|i| i.code == *code.get_ref());
            if !known {
                c.report(
                    ff,
                    code.span().start,
                    "framework.tie-break",
                    K::UnknownItem(code.get_ref().clone()),
                );
            }
            known.then(|| code.get_ref().clone())
        })
        .collect();

    let (bonus, deductions, vetoes) = adjustments(c);
    let grades = grades(c);
    let commendations = commendations(c, &grades);
    let wuyou = raw.wuyou.as_ref().and_then(|w| wuyou(c, w));

    Some(Framework {
        id: f.id.get_ref().clone(),
        version: f.version.get_ref().clone(),
        name: f.name.clone(),
        name_en: f.name_en.clone(),
        from_year: *f.from_year.get_ref(),
        to_year: f.to_year.as_ref().map(|y| *y.get_ref()),
        mode: mode?,
        total,
        population_base: population_base?,
        bonus_cap,
        tie_break,
        missing: missing?,
        change_warning,
        not_submitted: not_submitted?,
        composite: composite?,
        period: period?,
        units,
        fields,
        rules,
        dimensions,
        indicators,
        bonus,
        deductions,
        vetoes,
        grades,
        commendations,
        wuyou,
        unit_index: super::model::UnitIndex::default(),
    })
}

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
fn weighted_mean_only(c: &mut Checker<'_>, file: usize, f: &FrameworkSpec) {
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
fn composite(
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

fn uses_population(indicator: &Indicator) -> bool {
    indicator.value.per_people.is_some()
        || matches!(
            indicator.method,
            Method::TargetRatio {
                target: Target::PerPeople { .. },
                ..
            }
        )
        || indicator.value.fields.iter().any(|f| f == "population")
}

fn units(c: &mut Checker<'_>) -> Vec<Unit> {
    let mut codes = Codes::default();
    let mut names = Codes::default();
    let mut out = Vec::new();
    for At { file, item: u, .. } in &c.raw.units {
        let key = format!("unit.{}", u.code.get_ref());
        codes.add(c, &format!("{key}.code"), &u.code, *file);
        names.add(c, &format!("{key}.name"), &u.name, *file);
        // names and codes become file names: never a path
        for (part, value) in [("code", &u.code), ("name", &u.name)] {
            if let Err(why) = crate::output::file_name::check(value.get_ref()) {
                c.report(
                    *file,
                    value.span().start,
                    format!("{key}.{part}"),
                    K::UnsafeName {
                        value: value.get_ref().clone(),
                        why,
                    },
                );
            }
        }
        let kind = c.choice(
            *file,
            &format!("{key}.kind"),
            &u.kind,
            UnitKind::NAMES,
            UnitKind::parse,
        );
        let mut population = BTreeMap::new();
        for (year, count) in &u.population {
            let key = format!("{key}.population.{year}");
            match year.parse::<i32>() {
                Ok(y) if (1900..=2200).contains(&y) => {
                    if *count.get_ref() > 0 {
                        population.insert(y, *count.get_ref());
                    } else {
                        c.report(
                            *file,
                            count.span().start,
                            key,
                            K::NotPositive(count.get_ref().to_string()),
                        );
                    }
                }
                _ => c.report(*file, count.span().start, key, K::BadYear(year.clone())),
            }
        }
        let mut confirmed: BTreeMap<String, BTreeMap<i32, f64>> = BTreeMap::new();
        for (field, years) in &u.confirmed {
            let denominator = c
                .raw
                .fields
                .iter()
                .any(|f| f.item.code.get_ref() == field && f.item.denominator);
            for (year, figure) in years {
                let key = format!("{key}.confirmed.{field}.{year}");
                if !denominator {
                    c.report(
                        *file,
                        figure.span().start,
                        key,
                        K::NotDenominator(field.clone()),
                    );
                    continue;
                }
                match year.parse::<i32>() {
                    Ok(y) if (1900..=2200).contains(&y) => {
                        let v = *figure.get_ref();
                        if v >= 0.0 && v.fract() == 0.0 {
                            confirmed.entry(field.clone()).or_default().insert(y, v);
                        } else {
                            c.report(*file, figure.span().start, key, K::NotCount(number(v)));
                        }
                    }
                    _ => c.report(*file, figure.span().start, key, K::BadYear(year.clone())),
                }
            }
        }
        if let Some(kind) = kind {
            out.push(Unit {
                code: u.code.get_ref().clone(),
                name: u.name.get_ref().clone(),
                name_en: u.name_en.clone(),
                former_names: u.former_names.clone(),
                kind,
                population,
                peer_group: u.peer_group.clone(),
                confirmed,
            });
        }
    }
    out
}

fn fields(c: &mut Checker<'_>) -> Vec<Field> {
    let mut codes = Codes::default();
    let mut out = Vec::new();
    for At { file, item: f, .. } in &c.raw.fields {
        let file = *file;
        let key = format!("field.{}", f.code.get_ref());
        codes.add(c, &format!("{key}.code"), &f.code, file);
        if VIRTUAL_FIELDS.iter().any(|(v, _, _)| v == f.code.get_ref()) {
            c.report(
                file,
                f.code.span().start,
                format!("{key}.code"),
                K::Duplicate {
                    code: f.code.get_ref().clone(),
                    first: "(built-in)".into(),
                },
            );
        }
        let kind = c.choice(
            file,
            &format!("{key}.type"),
            &f.kind,
            FieldType::NAMES,
            FieldType::parse,
        );
        let blank = c.choice_or(
            file,
            &format!("{key}.blank"),
            f.blank.as_ref(),
            Blank::NAMES,
            Blank::parse,
            Blank::Missing,
        );
        let counting = match &f.counting {
            Some(v) => c
                .choice(
                    file,
                    &format!("{key}.counting"),
                    v,
                    Counting::NAMES,
                    Counting::parse,
                )
                .map(Some),
            None => Some(None),
        };
        let source = c.choice_or(
            file,
            &format!("{key}.source"),
            f.source.as_ref(),
            Source::NAMES,
            Source::parse,
            Source::County,
        );
        if let (Some(min), Some(max)) = (&f.min, &f.max)
            && min.get_ref() > max.get_ref()
        {
            c.report(
                file,
                max.span().start,
                format!("{key}.max"),
                K::OutOfRange {
                    value: number(*max.get_ref()),
                    range: format!("{} …", number(*min.get_ref())),
                },
            );
        }
        if kind == Some(FieldType::Choice) && f.choices.is_empty() {
            c.report(
                file,
                f.kind.span().start,
                format!("{key}.choices"),
                K::MissingKey {
                    method: "choice".into(),
                    key: "choices",
                },
            );
        }
        if let (Some(kind), Some(blank), Some(counting), Some(source)) =
            (kind, blank, counting, source)
        {
            out.push(Field {
                code: f.code.get_ref().clone(),
                name: f.name.clone(),
                name_en: f.name_en.clone(),
                unit: f.unit.clone(),
                kind,
                min: f.min.as_ref().map(|v| *v.get_ref()),
                max: f.max.as_ref().map(|v| *v.get_ref()),
                required: f.required,
                blank,
                counting,
                help: f.help.clone(),
                replaces: f.replaces.iter().map(|r| r.get_ref().clone()).collect(),
                source,
                provider: f.provider.clone(),
                choices: f.choices.clone(),
                denominator: f.denominator,
            });
        }
    }
    out
}

fn rules(c: &mut Checker<'_>, field_types: &HashMap<&str, FieldType>) -> Vec<Rule> {
    let mut out = Vec::new();
    for At { file, item: r, .. } in &c.raw.rules {
        let offset = r.check.span().start;
        match parse_rule(r.check.get_ref()) {
            Ok((left, comparison, right)) => {
                let mut ok = true;
                for term in left.iter().chain(&right) {
                    if let Term::Field { code, .. } = term {
                        match field_types.get(code.as_str()) {
                            None if c.raw.is_broken("field", code) => ok = false,
                            None => {
                                c.report(
                                    *file,
                                    offset,
                                    "rule.check",
                                    K::UnknownField(code.clone()),
                                );
                                ok = false;
                            }
                            Some(t) if !t.is_numeric() => {
                                c.report(
                                    *file,
                                    offset,
                                    "rule.check",
                                    K::FieldType {
                                        field: code.clone(),
                                        found: t.name().into(),
                                        expected: "integer/decimal/percent",
                                    },
                                );
                                ok = false;
                            }
                            Some(_) => {}
                        }
                    }
                }
                if ok {
                    out.push(Rule {
                        text: r.check.get_ref().clone(),
                        left,
                        comparison,
                        right,
                        message: r.message.clone(),
                    });
                }
            }
            Err(msg) => c.report(*file, offset, "rule.check", K::BadRule(msg)),
        }
    }
    out
}

/// Splits `a+b - wuyou-met` into `a`, `+`, `b`, `-`, `wuyou-met`: a `-` between
/// two letters belongs to a name, any other `+` or `-` is an operator.
fn tokens(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut word = String::new();
    for (i, &ch) in chars.iter().enumerate() {
        let joins = ch == '-'
            && i > 0
            && chars[i - 1].is_alphanumeric()
            && chars.get(i + 1).is_some_and(|n| n.is_alphabetic());
        if ch == '+' || (ch == '-' && !joins) || ch.is_whitespace() {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            if !ch.is_whitespace() {
                out.push(ch.to_string());
            }
        } else {
            word.push(ch);
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Parses `a + b - 3 <= c`.
pub fn parse_rule(text: &str) -> Result<(Vec<Term>, Comparison, Vec<Term>), String> {
    let ops = [
        ("<=", Comparison::Le),
        (">=", Comparison::Ge),
        ("==", Comparison::Eq),
        ("<", Comparison::Lt),
        (">", Comparison::Gt),
    ];
    let (pos, len, cmp) = ops
        .iter()
        .find_map(|(op, cmp)| text.find(op).map(|p| (p, op.len(), *cmp)))
        .ok_or_else(|| format!("`{text}` has no comparison (<=, <, >=, >, ==)"))?;
    let side = |s: &str| -> Result<Vec<Term>, String> {
        let mut terms = Vec::new();
        let mut negative = false;
        for token in tokens(s) {
            match token.as_str() {
                "+" => negative = false,
                "-" => negative = true,
                t => {
                    if let Ok(n) = t.parse::<f64>() {
                        terms.push(Term::Number(if negative { -n } else { n }));
                    } else if t
                        .chars()
                        .all(|ch| ch.is_alphanumeric() || ch == '_' || ch == '-')
                    {
                        terms.push(Term::Field {
                            code: t.to_string(),
                            negative,
                        });
                    } else {
                        return Err(format!("`{t}` is neither a field nor a number"));
                    }
                    negative = false;
                }
            }
        }
        if terms.is_empty() {
            return Err(format!("`{text}` has an empty side"));
        }
        Ok(terms)
    };
    Ok((side(&text[..pos])?, cmp, side(&text[pos + len..])?))
}

fn weight_or_points(
    c: &mut Checker<'_>,
    mode: Mode,
    file: usize,
    offset: usize,
    key: &str,
    points: Option<&Spanned<f64>>,
    weight: Option<&Spanned<f64>>,
) -> (Option<Points>, Option<f64>, bool) {
    match (mode, points, weight) {
        (Mode::Points, Some(p), None) => {
            let parsed = c.points(file, &format!("{key}.points"), p);
            let ok = parsed.is_some();
            (parsed, None, ok)
        }
        (Mode::WeightedMean, None, Some(w)) => {
            let v = *w.get_ref();
            if v < 0.0 || !v.is_finite() {
                c.report(
                    file,
                    w.span().start,
                    format!("{key}.weight"),
                    K::OutOfRange {
                        value: number(v),
                        range: "0 …".into(),
                    },
                );
                return (None, None, false);
            }
            (None, Some(v), true)
        }
        (Mode::WeightedMean, None, None) => (None, Some(1.0), true),
        (Mode::Points, _, _) => {
            let at = weight.map_or(offset, |w| w.span().start);
            c.report(
                file,
                at,
                key,
                K::PointsOrWeight {
                    mode: "points",
                    expected: "points",
                },
            );
            (None, None, false)
        }
        (Mode::WeightedMean, Some(p), _) => {
            c.report(
                file,
                p.span().start,
                key,
                K::PointsOrWeight {
                    mode: "weighted-mean",
                    expected: "weight",
                },
            );
            (None, None, false)
        }
    }
}

fn dimensions(c: &mut Checker<'_>, mode: Mode) -> Vec<Dimension> {
    let mut codes = Codes::default();
    let mut out = Vec::new();
    for At {
        file,
        offset,
        item: d,
    } in &c.raw.dimensions
    {
        let (file, offset) = (*file, *offset);
        let key = format!("dimension.{}", d.code.get_ref());
        codes.add(c, &format!("{key}.code"), &d.code, file);
        let (points, weight, ok) = weight_or_points(
            c,
            mode,
            file,
            offset,
            &key,
            d.points.as_ref(),
            d.weight.as_ref(),
        );
        let aggregation = c.choice_or(
            file,
            &format!("{key}.aggregation"),
            d.aggregation.as_ref(),
            Aggregation::NAMES,
            Aggregation::parse,
            Aggregation::Arithmetic,
        );
        if let Some(parent) = &d.parent
            && !c
                .raw
                .dimensions
                .iter()
                .any(|p| p.item.code.get_ref() == parent.get_ref())
            && !c.raw.is_broken("dimension", parent.get_ref())
        {
            c.report(
                file,
                parent.span().start,
                format!("{key}.parent"),
                K::UnknownDimension(parent.get_ref().clone()),
            );
        }
        if let (true, Some(aggregation)) = (ok, aggregation) {
            out.push(Dimension {
                code: d.code.get_ref().clone(),
                name: d.name.clone(),
                name_en: d.name_en.clone(),
                parent: d.parent.as_ref().map(|p| p.get_ref().clone()),
                points,
                weight,
                aggregation,
            });
        }
    }
    // cycles: follow parents from each dimension
    let parents: HashMap<&str, &str> = c
        .raw
        .dimensions
        .iter()
        .filter_map(|d| {
            d.item
                .parent
                .as_ref()
                .map(|p| (d.item.code.get_ref().as_str(), p.get_ref().as_str()))
        })
        .collect();
    let mut reported: Vec<String> = Vec::new();
    for d in &c.raw.dimensions {
        let start = d.item.code.get_ref().as_str();
        let mut path = vec![start];
        let mut at = start;
        while let Some(&next) = parents.get(at) {
            if let Some(i) = path.iter().position(|&p| p == next) {
                let mut cycle: Vec<&str> = path[i..].to_vec();
                let mut sorted = cycle.clone();
                sorted.sort_unstable();
                let id = sorted.join(",");
                if !reported.contains(&id) && i == 0 {
                    reported.push(id);
                    cycle.push(next);
                    let key = format!("dimension.{start}.parent");
                    c.report(d.file, d.offset, key, K::Cycle(cycle.join(" → ")));
                }
                break;
            }
            path.push(next);
            at = next;
        }
    }
    out
}

/// The method an indicator names, or the framework's default (`weighted-mean`),
/// with the offset problems about it are reported at.
fn method_name<'a>(
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
fn indicator_method(
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

fn indicators(
    c: &mut Checker<'_>,
    mode: Mode,
    default_method: &str,
    field_types: &HashMap<&str, FieldType>,
) -> Vec<Indicator> {
    let mut codes = Codes::default();
    let mut out = Vec::new();
    for At {
        file,
        offset,
        item: i,
    } in &c.raw.indicators
    {
        let (file, offset) = (*file, *offset);
        let key = format!("indicator.{}", i.code.get_ref());
        codes.add(c, &format!("{key}.code"), &i.code, file);
        let mut ok = true;
        if c.raw.is_broken("dimension", i.dimension.get_ref()) {
            ok = false;
        } else if !c
            .raw
            .dimensions
            .iter()
            .any(|d| d.item.code.get_ref() == i.dimension.get_ref())
        {
            c.report(
                file,
                i.dimension.span().start,
                format!("{key}.dimension"),
                K::UnknownDimension(i.dimension.get_ref().clone()),
            );
            ok = false;
        }
        let (points, weight, pw_ok) = weight_or_points(
            c,
            mode,
            file,
            offset,
            &key,
            i.points.as_ref(),
            i.weight.as_ref(),
        );
        ok &= pw_ok;
        let direction = c.choice_or(
            file,
            &format!("{key}.direction"),
            i.direction.as_ref(),
            Direction::NAMES,
            Direction::parse,
            Direction::Higher,
        );
        let method = indicator_method(c, mode, default_method, file, offset, &key, i, points);
        // "" when absent in points mode (reported above)
        let (method_name, method_at) =
            method_name(mode, default_method, offset, i).unwrap_or(("", offset));

        // the fields the value comes from, and their types
        let is_checklist = method_name == "checklist";
        let mut used: Vec<(String, usize, &'static str)> = Vec::new();
        if let Some(field) = &i.field {
            for code in field.get_ref().codes() {
                used.push((code, field.span().start, "field"));
            }
        } else if !is_checklist && !method_name.is_empty() {
            c.report(
                file,
                method_at,
                format!("{key}.field"),
                K::MissingKey {
                    method: method_name.into(),
                    key: "field",
                },
            );
            ok = false;
        }
        if let Some(d) = &i.divide_by {
            used.push((d.get_ref().clone(), d.span().start, "divide-by"));
        }
        for item in &i.items {
            used.push((item.get_ref().clone(), item.span().start, "items"));
        }
        for (code, at, k) in &used {
            let expected = if *k == "items" {
                "yes-no"
            } else {
                "integer/decimal/percent"
            };
            match field_types.get(code.as_str()) {
                None if c.raw.is_broken("field", code) => ok = false,
                None => {
                    c.report(
                        file,
                        *at,
                        format!("{key}.{k}"),
                        K::UnknownField(code.clone()),
                    );
                    ok = false;
                }
                Some(t) => {
                    let fits = if *k == "items" {
                        *t == FieldType::YesNo
                    } else {
                        t.is_numeric()
                    };
                    if !fits {
                        c.report(
                            file,
                            *at,
                            format!("{key}.{k}"),
                            K::FieldType {
                                field: code.clone(),
                                found: t.name().into(),
                                expected,
                            },
                        );
                        ok = false;
                    }
                }
            }
        }
        let per_people = match &i.per_people {
            Some(p) => {
                let v = c.positive(file, &format!("{key}.per-people"), p);
                ok &= v.is_some();
                v
            }
            None => None,
        };
        if let (true, Some(method), Some(direction)) = (ok, method, direction) {
            let fields = if is_checklist {
                i.items.iter().map(|s| s.get_ref().clone()).collect()
            } else {
                i.field
                    .as_ref()
                    .map(|f| f.get_ref().codes())
                    .unwrap_or_default()
            };
            out.push(Indicator {
                code: i.code.get_ref().clone(),
                name: i.name.clone(),
                name_en: i.name_en.clone(),
                dimension: i.dimension.get_ref().clone(),
                points,
                weight,
                value: ValueSource {
                    fields,
                    divide_by: i.divide_by.as_ref().map(|d| d.get_ref().clone()),
                    per_people,
                },
                method,
                direction,
                note: i.note.clone(),
            });
        }
    }
    out
}

/// Points add up at every level; no empty dimension; no code used for both kinds.
fn check_hierarchy(
    c: &mut Checker<'_>,
    mode: Mode,
    total: Option<Points>,
    dimensions: &[Dimension],
    indicators: &[Indicator],
) {
    let raw = c.raw;
    for d in &raw.dimensions {
        let code = d.item.code.get_ref();
        if let Some(i) = raw
            .indicators
            .iter()
            .find(|i| i.item.code.get_ref() == code)
        {
            let first = c.place(d.file, d.item.code.span().start);
            c.report(
                i.file,
                i.item.code.span().start,
                format!("indicator.{code}.code"),
                K::Duplicate {
                    code: code.clone(),
                    first,
                },
            );
        }
        let has_children = raw
            .dimensions
            .iter()
            .any(|s| s.item.parent.as_ref().is_some_and(|p| p.get_ref() == code))
            || raw
                .indicators
                .iter()
                .any(|i| i.item.dimension.get_ref() == code);
        if !has_children {
            c.report(
                d.file,
                d.offset,
                format!("dimension.{code}"),
                K::EmptyDimension(code.clone()),
            );
        }
    }
    if mode != Mode::Points {
        return;
    }
    // only compare sums when every item below a node has valid points
    let all_valid =
        dimensions.len() == raw.dimensions.len() && indicators.len() == raw.indicators.len();
    if !all_valid {
        return;
    }
    for d in dimensions {
        let Some(declared) = d.points else { continue };
        let sum: Points = dimensions
            .iter()
            .filter(|s| s.parent.as_deref() == Some(&d.code))
            .filter_map(|s| s.points)
            .chain(
                indicators
                    .iter()
                    .filter(|i| i.dimension == d.code)
                    .filter_map(|i| i.points),
            )
            .sum();
        if sum != declared && sum != Points(0) {
            let at = raw
                .dimensions
                .iter()
                .find(|r| r.item.code.get_ref() == &d.code)
                .map(|r| {
                    (
                        r.file,
                        r.item.points.as_ref().map_or(r.offset, |p| p.span().start),
                    )
                });
            if let Some((file, offset)) = at {
                c.report(
                    file,
                    offset,
                    format!("dimension.{}.points", d.code),
                    K::PointsMismatch {
                        of: format!("`{}`", d.code),
                        declared: declared.to_string(),
                        sum: sum.to_string(),
                    },
                );
            }
        }
    }
    if let (Some(total), Some(fw)) = (total, raw.framework.as_ref()) {
        let sum: Points = dimensions
            .iter()
            .filter(|d| d.parent.is_none())
            .filter_map(|d| d.points)
            .sum();
        if sum != total {
            let offset = fw.item.total.as_ref().map_or(fw.offset, |t| t.span().start);
            c.report(
                fw.file,
                offset,
                "framework.total",
                K::PointsMismatch {
                    of: "framework".into(),
                    declared: total.to_string(),
                    sum: sum.to_string(),
                },
            );
        }
    }
}

fn adjustments(c: &mut Checker<'_>) -> (Vec<BonusItem>, Vec<DeductionItem>, Vec<VetoItem>) {
    let raw = c.raw;
    let mut codes = Codes::default();
    let mut bonus = Vec::new();
    for At { file, item: b, .. } in &raw.bonus {
        let key = format!("bonus.{}", b.code.get_ref());
        codes.add(c, &format!("{key}.code"), &b.code, *file);
        let points = c.positive(*file, &format!("{key}.points"), &b.points);
        let points = points.and_then(|_| c.points(*file, &format!("{key}.points"), &b.points));
        let max = b
            .max
            .as_ref()
            .and_then(|m| c.points(*file, &format!("{key}.max"), m));
        let source = c.choice_or(
            *file,
            &format!("{key}.source"),
            b.source.as_ref(),
            ClaimSource::NAMES,
            ClaimSource::parse,
            ClaimSource::County,
        );
        if let (Some(points), Some(source)) = (points, source) {
            bonus.push(BonusItem {
                code: b.code.get_ref().clone(),
                name: b.name.clone(),
                name_en: b.name_en.clone(),
                points,
                max,
                source,
            });
        }
    }
    let mut deductions = Vec::new();
    for At { file, item: d, .. } in &raw.deductions {
        let key = format!("deduction.{}", d.code.get_ref());
        codes.add(c, &format!("{key}.code"), &d.code, *file);
        let points = c.positive(*file, &format!("{key}.points"), &d.points);
        let points = points.and_then(|_| c.points(*file, &format!("{key}.points"), &d.points));
        let max = d
            .max
            .as_ref()
            .and_then(|m| c.points(*file, &format!("{key}.max"), m));
        let counts = c.choice_or(
            *file,
            &format!("{key}.counts"),
            d.counts.as_ref(),
            Counts::NAMES,
            Counts::parse,
            Counts::Occurrences,
        );
        if let (Some(points), Some(counts)) = (points, counts) {
            deductions.push(DeductionItem {
                code: d.code.get_ref().clone(),
                name: d.name.clone(),
                name_en: d.name_en.clone(),
                points,
                max,
                counts,
            });
        }
    }
    let mut vetoes = Vec::new();
    for At { file, item: v, .. } in &raw.vetoes {
        let key = format!("veto.{}", v.code.get_ref());
        codes.add(c, &format!("{key}.code"), &v.code, *file);
        let effect = c.choice_or(
            *file,
            &format!("{key}.effect"),
            v.effect.as_ref(),
            VetoEffect::NAMES,
            VetoEffect::parse,
            VetoEffect::Fail,
        );
        if let Some(effect) = effect {
            vetoes.push(VetoItem {
                code: v.code.get_ref().clone(),
                name: v.name.clone(),
                name_en: v.name_en.clone(),
                effect,
            });
        }
    }
    (bonus, deductions, vetoes)
}

fn grades(c: &mut Checker<'_>) -> Vec<Grade> {
    let raw = c.raw;
    let mut names = Codes::default();
    let mut out = Vec::new();
    for At { file, item: g, .. } in &raw.grades {
        let key = format!("grade.{}", g.name.get_ref());
        names.add(c, &format!("{key}.name"), &g.name, *file);
        let min_score = c.points(*file, &format!("{key}.min-score"), &g.min_score);
        let max_share = match &g.max_share {
            Some(s) => c.share(*file, &format!("{key}.max-share"), s).map(Some),
            None => Some(None),
        };
        let max_deductions = match &g.max_deductions {
            Some(m) => c
                .points(*file, &format!("{key}.max-deductions"), m)
                .map(Some),
            None => Some(None),
        };
        if let (Some(min_score), Some(max_share), Some(max_deductions)) =
            (min_score, max_share, max_deductions)
        {
            out.push(Grade {
                name: g.name.get_ref().clone(),
                name_en: g.name_en.clone(),
                min_score,
                max_share,
                requires_no_veto: g.requires_no_veto,
                max_deductions,
            });
        }
    }
    if out.windows(2).any(|w| w[0].min_score <= w[1].min_score)
        && let Some(first) = raw.grades.first()
    {
        c.report(first.file, first.offset, "grade", K::GradesNotDescending);
    }
    out
}

fn commendations(c: &mut Checker<'_>, grades: &[Grade]) -> Vec<Commendation> {
    let mut out = Vec::new();
    for At { file, item: m, .. } in &c.raw.commendations {
        let key = format!("commendation.{}", m.name);
        let top = *m.top.get_ref();
        let Ok(top) = u32::try_from(top)
            .map_err(|_| ())
            .and_then(|t| if t > 0 { Ok(t) } else { Err(()) })
        else {
            c.report(
                *file,
                m.top.span().start,
                format!("{key}.top"),
                K::NotPositive(top.to_string()),
            );
            continue;
        };
        if let Some(g) = &m.requires_grade
            && !grades.iter().any(|grade| grade.name == *g.get_ref())
        {
            c.report(
                *file,
                g.span().start,
                format!("{key}.requires-grade"),
                K::BadChoice {
                    value: g.get_ref().clone(),
                    expected: Vec::new(),
                },
            );
            continue;
        }
        out.push(Commendation {
            name: m.name.clone(),
            name_en: m.name_en.clone(),
            top,
            requires_grade: m.requires_grade.as_ref().map(|g| g.get_ref().clone()),
        });
    }
    out
}

fn wuyou(c: &mut Checker<'_>, at: &At<WuyouSpec>) -> Option<Wuyou> {
    let (file, w) = (at.file, &at.item);
    let rule_kind = c.choice(file, "wuyou.rule", &w.rule, &["all", "points"], |s| {
        matches!(s, "all" | "points").then(|| s.to_string())
    })?;
    let mut type_codes = Codes::default();
    let mut org_types = Vec::new();
    for t in &w.org_type {
        type_codes.add(c, "wuyou.org-type.code", &t.code, file);
        org_types.push(OrgType {
            code: t.code.get_ref().clone(),
            name: t.name.clone(),
            name_en: t.name_en.clone(),
            min_members: t.min_members,
            min_volunteers: t.min_volunteers,
        });
    }
    let mut item_codes = Codes::default();
    let mut items = Vec::new();
    let mut ok = true;
    for item in &w.item {
        let key = format!("wuyou.item.{}", item.code.get_ref());
        item_codes.add(c, &format!("{key}.code"), &item.code, file);
        let mut needs = Vec::new();
        for n in &item.needs {
            match c.choice(file, &format!("{key}.needs"), n, Need::NAMES, Need::parse) {
                Some(n) => needs.push(n),
                None => ok = false,
            }
        }
        let points = item
            .points
            .as_ref()
            .and_then(|p| c.points(file, &format!("{key}.points"), p));
        let mut sub_items = Vec::new();
        for s in &item.sub_item {
            item_codes.add(c, &format!("{key}.sub-item.code"), &s.code, file);
            if let Some(p) = c.points(file, &format!("{key}.sub-item.points"), &s.points) {
                sub_items.push(WuyouSubItem {
                    code: s.code.get_ref().clone(),
                    name: s.name.clone(),
                    name_en: s.name_en.clone(),
                    points: p,
                });
            } else {
                ok = false;
            }
        }
        if let (Some(declared), false) = (points, sub_items.is_empty()) {
            let sum: Points = sub_items.iter().map(|s| s.points).sum();
            if sum != declared
                && let Some(p) = &item.points
            {
                c.report(
                    file,
                    p.span().start,
                    format!("{key}.points"),
                    K::PointsMismatch {
                        of: format!("`{}`", item.code.get_ref()),
                        declared: declared.to_string(),
                        sum: sum.to_string(),
                    },
                );
            }
        }
        if rule_kind == "points" && points.is_none() && sub_items.is_empty() {
            c.report(
                file,
                at.offset,
                format!("{key}.points"),
                K::MissingKey {
                    method: "points".into(),
                    key: "points",
                },
            );
            ok = false;
        }
        items.push(WuyouItem {
            code: item.code.get_ref().clone(),
            name: item.name.clone(),
            short: item.short.clone(),
            name_en: item.name_en.clone(),
            points,
            needs,
            sub_items,
        });
    }
    let rule = if rule_kind == "points" {
        let Some(pass) = &w.pass_score else {
            c.report(
                file,
                w.rule.span().start,
                "wuyou.pass-score",
                K::MissingKey {
                    method: "points".into(),
                    key: "pass-score",
                },
            );
            return None;
        };
        WuyouRule::Points {
            pass: c.points(file, "wuyou.pass-score", pass)?,
            item_floor: w
                .item_floor
                .as_ref()
                .and_then(|f| c.points(file, "wuyou.item-floor", f)),
            model: w
                .model_score
                .as_ref()
                .and_then(|m| c.points(file, "wuyou.model-score", m)),
        }
    } else {
        WuyouRule::All
    };
    let count_field = match &w.count_field {
        Some(code)
            if !c
                .raw
                .fields
                .iter()
                .any(|f| f.item.code.get_ref() == code.get_ref()) =>
        {
            c.report(
                file,
                code.span().start,
                "wuyou.count-field",
                K::UnknownField(code.get_ref().clone()),
            );
            return None;
        }
        Some(code) => Some(code.get_ref().clone()),
        None => None,
    };
    ok.then(|| Wuyou {
        name: w.name.clone(),
        name_en: w.name_en.clone(),
        count_field,
        rule,
        org_types,
        items,
    })
}
