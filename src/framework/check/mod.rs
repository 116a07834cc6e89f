//! From the raw files to the validated model, collecting every problem on the way.
//!
//! Each check reports a [`Problem`] with the file, line and key of the value
//! at fault and goes on, so that a user sees all mistakes in one run. Only a
//! framework without problems becomes a [`Framework`].

mod adjustments;
mod composite;
mod fields;
mod grades;
mod indicators;
mod method;
mod rules;
mod units;
mod wuyou;

use std::collections::HashMap;

use toml::Spanned;

use super::load::RawFramework;
use super::model::{
    FieldType, Framework, Indicator, Method, Missing, Mode, MonthDay, NotSubmitted, Period, Points,
    PopulationBase, Target, VIRTUAL_FIELDS,
};
use super::problem::{Problem, ProblemKind as K};

use adjustments::adjustments;
use composite::{composite, weighted_mean_only};
use fields::fields;
use grades::{commendations, grades, maturity};
use indicators::{check_hierarchy, dimensions, indicators};
use rules::rules;
use units::units;
use wuyou::wuyou;

pub use rules::{RuleError, parse_rule};

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
            let objection_days = match &p.item.objection_days {
                None => Some(crate::framework::model::OBJECTION_DAYS),
                Some(days) => {
                    let ok = u32::try_from(*days.get_ref())
                        .ok()
                        .filter(|d| (1..=30).contains(d));
                    if ok.is_none() {
                        c.report(
                            p.file,
                            days.span().start,
                            "period.objection-days",
                            K::OutOfRange {
                                value: days.get_ref().to_string(),
                                range: "1 … 30".into(),
                            },
                        );
                    }
                    ok
                }
            };
            match (start, end, deadline, objection_days) {
                (Some(start), Some(end), Some(deadline), Some(objection_days)) => Some(Period {
                    start,
                    end,
                    deadline,
                    contact: p.item.contact.clone(),
                    objection_days,
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
    let maturity = maturity(c);
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
        maturity,
        wuyou,
        unit_index: super::model::UnitIndex::default(),
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
