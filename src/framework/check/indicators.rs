//! `[[dimension]]` and `[[indicator]]`: their points or weights, the tree they
//! form, and that the points add up at every level.

use std::collections::HashMap;

use toml::Spanned;

use crate::code::FieldCode;
use crate::framework::load::At;
use crate::framework::model::{
    Aggregation, Dimension, Direction, FieldType, Indicator, Mode, Points, ValueSource,
};
use crate::framework::problem::ProblemKind as K;

use super::method::{indicator_method, method_name};
use super::{Checker, Codes, number};

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

pub(super) fn dimensions(c: &mut Checker<'_>, mode: Mode) -> Vec<Dimension> {
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

pub(super) fn indicators(
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
                i.items.iter().map(|s| s.get_ref().clone().into()).collect()
            } else {
                i.field
                    .as_ref()
                    .map(|f| {
                        f.get_ref()
                            .codes()
                            .into_iter()
                            .map(FieldCode::from)
                            .collect()
                    })
                    .unwrap_or_default()
            };
            out.push(Indicator {
                code: i.code.get_ref().clone().into(),
                name: i.name.clone(),
                name_en: i.name_en.clone(),
                dimension: i.dimension.get_ref().clone(),
                points,
                weight,
                value: ValueSource {
                    fields,
                    divide_by: i.divide_by.as_ref().map(|d| d.get_ref().clone().into()),
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
pub(super) fn check_hierarchy(
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
                        of: d.code.to_string(),
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
