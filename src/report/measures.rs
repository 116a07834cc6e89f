//! Measures shared by the workbooks and `assess explain`: averages and
//! medians, each unit's population, the level at which an indicator earns all
//! its points and the 完成率, how its numbers read, where its values came from,
//! and the improvements that would add most points ("培训取证救护员再增加 312 人 → +1.8 分").

use super::Results;
use crate::code::{FieldCode, IndicatorCode, UnitCode};
use crate::extract::Submission;
use crate::framework::check::number;
use crate::framework::describe;
use crate::framework::{Direction, FieldType, Framework, Indicator, Method, Source};
use crate::lang::Lang;
use crate::layout as L;
use crate::score::points::target_value;

/// One suggestion: indicator, what to do, points gained.
pub(crate) struct Suggestion {
    pub code: IndicatorCode,
    pub name: String,
    pub text: String,
    pub gain: f64,
    pub value: Option<f64>,
    pub level: f64,
}

pub(crate) use crate::stats::{mean, median};

pub(crate) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The unit's name (never another's).
pub(crate) fn unit_name(results: &Results<'_>, code: &str) -> String {
    let unit = results.fw.unit(code);
    if let Some(en) = unit.and_then(|u| u.name_en.as_deref())
        && results.lang == Lang::En
        && !en.is_empty()
    {
        return en.to_string();
    }
    results
        .table
        .names
        .get(code)
        .cloned()
        .or_else(|| unit.map(|u| u.name.clone()))
        .unwrap_or_else(|| code.to_string())
}

pub(crate) fn population(fw: &Framework, code: &str, year: i32) -> Option<f64> {
    #[allow(clippy::cast_precision_loss)] // populations
    fw.unit(code)
        .and_then(|u| u.population_for(year))
        .map(|p| p as f64)
}

/// How an indicator's value is shown to a reader: a share as %, a count as
/// a whole number, anything else (money, per-population figures) with two
/// decimals — never the raw 0.1667 or 1098.642.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shown {
    Percent,
    Whole,
    Two,
}

impl Shown {
    /// The indicator's kind of value, from its fields and method.
    pub(crate) fn of(fw: &Framework, ind: &Indicator) -> Shown {
        let v = &ind.value;
        if v.per_people.is_some() {
            return Shown::Two;
        }
        if v.divide_by.is_some() || v.fields.iter().any(|f| f.ends_with("-rate")) {
            return Shown::Percent;
        }
        if matches!(ind.method, Method::Checklist) {
            return Shown::Whole;
        }
        let kinds: Vec<Option<FieldType>> = v
            .fields
            .iter()
            .map(|f| fw.field(f).map(|x| x.kind))
            .collect();
        match kinds.as_slice() {
            [Some(FieldType::Percent)] => Shown::Percent,
            [Some(FieldType::Integer | FieldType::YesNo)] => Shown::Whole,
            // built-in counts (五有 organisations, population)
            [None] if v.fields.iter().all(|f| !f.ends_with("-rate")) => Shown::Whole,
            _ => Shown::Two,
        }
    }

    /// The Excel number format.
    pub(crate) fn format(self) -> &'static str {
        match self {
            Shown::Percent => "0.0%",
            Shown::Whole => "0",
            Shown::Two => "0.00",
        }
    }

    /// The value as text: 81.8%, 1173, 0.48.
    pub(crate) fn text(self, v: f64) -> String {
        match self {
            Shown::Percent => format!("{:.1}%", v * 100.0),
            Shown::Whole => format!("{}", v.round()),
            Shown::Two => format!("{v:.2}"),
        }
    }
}

/// Suggestions adding fewer points than this are left out (a reader cannot
/// act on a hundredth of a point); said under the list.
pub(crate) const MIN_GAIN: f64 = 0.1;

/// The nearest next step of a tiered indicator: the next tier's threshold
/// and the points it adds (`None` when no higher tier is left).
pub(crate) fn next_tier(
    ind: &Indicator,
    value: Option<f64>,
    max: f64,
    earned: f64,
) -> Option<(f64, f64)> {
    let Method::Tiers { tiers } = &ind.method else {
        return None;
    };
    let points = ind.points.map_or(max, |p| p.as_f64());
    let better = tiers
        .iter()
        .filter(|t| round2(t.share * points) > earned + 0.005)
        .filter(|t| match (value, ind.direction) {
            (None, _) => true,
            (Some(v), Direction::Higher) => t.threshold > v,
            (Some(v), Direction::Lower) => t.threshold < v,
        });
    let nearest = match ind.direction {
        Direction::Higher => better.min_by(|a, b| a.threshold.total_cmp(&b.threshold)),
        Direction::Lower => better.max_by(|a, b| a.threshold.total_cmp(&b.threshold)),
    }?;
    Some((nearest.threshold, round2(nearest.share * points - earned)))
}

/// The value at which the indicator earns all its points, in the value's terms.
pub(crate) fn full_level(ind: &Indicator, population: Option<f64>) -> Option<f64> {
    match &ind.method {
        Method::TargetRatio { target, .. } => target_value(*target, population),
        Method::Tiers { tiers } => {
            let best = tiers.iter().map(|t| t.share).fold(0.0, f64::max);
            let at: Vec<f64> = tiers
                .iter()
                .filter(|t| t.share >= best)
                .map(|t| t.threshold)
                .collect();
            match ind.direction {
                Direction::Higher => at.into_iter().reduce(f64::min),
                Direction::Lower => at.into_iter().reduce(f64::max),
            }
        }
        Method::Goalposts { low, high } => Some(match ind.direction {
            Direction::Higher => *high,
            Direction::Lower => *low,
        }),
        _ => None,
    }
}

/// 完成率 as the points are computed: value ÷ target (target ÷ value where lower is better).
pub(crate) fn completion(
    value: Option<f64>,
    target: Option<f64>,
    direction: Direction,
) -> Option<f64> {
    match (value, target, direction) {
        (Some(v), Some(t), Direction::Higher) if t != 0.0 => Some(v / t),
        (Some(v), Some(t), Direction::Lower) if v > 0.0 => Some(t / v),
        _ => None,
    }
}

/// How a number reads: a share (`86.3%`), a count (`1,173`) or a decimal (`17.26`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scale {
    Share,
    Count,
    Decimal,
}

impl Scale {
    /// The scale of a field's values as reported.
    pub(crate) fn of_field(fw: &Framework, code: &str) -> Scale {
        match fw.field(code).map(|f| f.kind) {
            Some(FieldType::Percent) => Scale::Share,
            Some(FieldType::Integer | FieldType::YesNo) => Scale::Count,
            Some(_) => Scale::Decimal,
            // the values the run computes from the lists: `wuyou-rate`, `wuyou-orgs` …
            None if code.ends_with("-rate") => Scale::Share,
            None => Scale::Count,
        }
    }

    /// The scale of an indicator's derived value (and of its target).
    pub(crate) fn of_value(fw: &Framework, ind: &Indicator) -> Scale {
        if matches!(ind.method, Method::Checklist) || ind.value.divide_by.is_some() {
            return Scale::Share;
        }
        if ind.value.per_people.is_some() {
            return Scale::Decimal;
        }
        let scales: Vec<Scale> = ind
            .value
            .fields
            .iter()
            .map(|f| Scale::of_field(fw, f))
            .collect();
        match scales[..] {
            [one] => one,
            _ if scales.iter().all(|s| *s == Scale::Count) => Scale::Count,
            _ => Scale::Decimal,
        }
    }

    /// `v` as text the way the workbooks show it: `86.3%`, `1,173`, `17.26`
    /// (a count that is not whole, such as a target of 1,098.64 people, as a decimal).
    pub(crate) fn text(self, v: f64) -> String {
        match self {
            Scale::Share => format!("{:.1}%", v * 100.0),
            Scale::Count if v.fract() == 0.0 => thousands(&format!("{v:.0}")),
            Scale::Count | Scale::Decimal => thousands(&format!("{v:.2}")),
        }
    }
}

/// `1234567.5` → `1,234,567.5`.
fn thousands(digits: &str) -> String {
    let (sign, digits) = digits.strip_prefix('-').map_or(("", digits), |d| ("-", d));
    let (whole, fraction) = digits
        .split_once('.')
        .map_or((digits, None), |(w, f)| (w, Some(f)));
    let mut out = String::new();
    for (k, c) in whole.chars().enumerate() {
        if k > 0 && (whole.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match fraction {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

/// The field whose value stands for the indicator as reported: its only
/// field, when it has one and no divisor.
pub(crate) fn single_field(ind: &Indicator) -> Option<&str> {
    match (&ind.value.fields[..], &ind.value.divide_by) {
        ([one], None) => Some(one.as_str()),
        _ => None,
    }
}

/// Whether the county reports the indicator's values (not the city's
/// departments or outside providers). Values the run computes from the
/// county's lists (`wuyou-rate`) count as reported.
pub(crate) fn reported_by_county(fw: &Framework, ind: &Indicator) -> bool {
    ind.value
        .fields
        .iter()
        .chain(ind.value.divide_by.iter())
        .any(|f| fw.field(f).is_none_or(|f| f.source == Source::County))
}

/// `a.xlsx!指标数据!F5`, `a.xlsx!指标数据!F6` → `a.xlsx!指标数据!F5、F6`.
pub(crate) fn join_sources(sources: &[String]) -> String {
    let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
    for s in sources {
        let (place, cell) = s.rsplit_once('!').unwrap_or(("", s.as_str()));
        match groups.last_mut() {
            Some((p, cells)) if *p == place && !place.is_empty() => cells.push(cell),
            _ => groups.push((place, vec![cell])),
        }
    }
    groups
        .iter()
        .map(|(place, cells)| {
            if place.is_empty() {
                cells.join("、")
            } else {
                format!("{place}!{}", cells.join("、"))
            }
        })
        .collect::<Vec<_>>()
        .join("；")
}

/// Where one unit's value of one field came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FieldSource {
    /// The cell the value was read from (`a.xlsx!指标数据!F20`): the county's
    /// cell, the city's figure (部室评分, 外部数据), or the county's list for
    /// the values computed from it (`a.xlsx!基层组织`).
    pub read: Option<String>,
    /// The city's review row (`city.xlsx!复核!H238`), where the city changed
    /// the county's value.
    pub review: Option<String>,
}

/// Where the unit's value of `field` came from; `submission` is the unit's
/// ([`Results::submission`]).
pub(crate) fn field_source(
    results: &Results<'_>,
    submission: Option<&Submission>,
    unit: &str,
    field: &str,
) -> FieldSource {
    let key = (UnitCode::new(unit), FieldCode::new(field));
    let table = results.table.sources.get(&key).cloned();
    let adjusted = results.city.is_some_and(|c| c.adjusted.contains_key(&key));
    if adjusted {
        // the table cites the review row; the county's own cell is in its submission
        let read = submission.and_then(|s| {
            s.values
                .get(field)
                .map(|r| format!("{}!{}", crate::location::file_name(&s.file), r.cell))
        });
        return FieldSource {
            read,
            review: table,
        };
    }
    let read = table.or_else(|| {
        submission
            .filter(|s| field.starts_with("wuyou-") && s.has_org_sheet)
            .map(|s| format!("{}!{}", crate::location::file_name(&s.file), L::SHEET_ORGS))
    });
    FieldSource { read, review: None }
}

/// Where the unit's values of an indicator came from: the source of each
/// field (the city's review row where it changed the value, followed by the
/// county's own cell), or the county's list for the values computed from it.
pub(crate) fn sources(
    results: &Results<'_>,
    submission: Option<&Submission>,
    unit: &str,
    ind: &Indicator,
) -> String {
    let mut out = Vec::new();
    for field in ind.value.fields.iter().chain(ind.value.divide_by.iter()) {
        let source = field_source(results, submission, unit, field);
        out.extend(source.review);
        out.extend(source.read);
    }
    out.dedup();
    if out.is_empty() && !reported_by_county(results.fw, ind) {
        // the city's figure, when no city workbook gave it
        return results
            .lang
            .pick("待市级复核表提供", "to come from the city workbook")
            .to_string();
    }
    join_sources(&out)
}

/// An amount in a field's own unit, rounded up to what the field counts in.
pub(crate) fn amount_text(fw: &Framework, field: &str, amount: f64) -> String {
    // float noise (2.0000000001) must not round up to the next whole unit
    let amount = (amount * 1e6).round() / 1e6;
    let integer = fw
        .field(field)
        .is_some_and(|f| matches!(f.kind, crate::framework::FieldType::Integer));
    let a = if integer {
        amount.ceil()
    } else {
        (amount * 100.0).ceil() / 100.0
    };
    number(a)
}

/// A checklist's items the unit has not met (blank or 否), by name.
pub(crate) fn missing_items<'a>(
    results: &Results<'a>,
    ind: &'a Indicator,
    unit: usize,
) -> Vec<&'a str> {
    ind.value
        .fields
        .iter()
        .filter(|f| {
            results
                .scored
                .node(f)
                .and_then(|n| n.value[unit])
                .is_none_or(|v| v <= 0.5)
        })
        .map(|f| describe::field_name(results.fw, f, results.lang))
        .collect()
}

/// The indicators that would add most points if brought to target (top 5).
pub(crate) fn suggestions(results: &Results<'_>, unit: usize, pop: Option<f64>) -> Vec<Suggestion> {
    let (fw, scored, lang) = (results.fw, results.scored, results.lang);
    let mut out = Vec::new();
    for ind in &fw.indicators {
        let Some(node) = scored.node(&ind.code) else {
            continue;
        };
        let (Some(max), Some(earned)) = (node.max, node.score[unit]) else {
            continue;
        };
        let value = node.value[unit];
        // the nearest next step: the next tier where there are tiers, else full points
        let step = next_tier(ind, value, max, earned);
        let gain = step.map_or(round2(max - earned), |s| s.1);
        if gain < MIN_GAIN {
            continue;
        }
        let step_level = step.map(|s| s.0).or_else(|| full_level(ind, pop));
        let name = lang.name(&ind.name, ind.name_en.as_deref()).to_string();
        let text = if matches!(ind.method, Method::Checklist) {
            let missing = missing_items(results, ind, unit);
            lang.pick(
                format!("补齐：{} → +{gain:.2} 分", missing.join("、")),
                format!("complete: {} → +{gain:.2} points", missing.join(", ")),
            )
        } else if let Method::Deduction { .. } = ind.method {
            lang.pick(
                format!("{name}：避免扣分情形 → +{gain:.2} 分"),
                format!("{name}: avoid the deductions → +{gain:.2} points"),
            )
        } else if let Some(level) = step_level {
            let v = value.unwrap_or(0.0);
            let single = ind.value.fields.len() == 1 && fw.field(&ind.value.fields[0]).is_some();
            let missing = match ind.direction {
                Direction::Higher => level - v,
                Direction::Lower => v - level,
            };
            // a ratio: the numerator's shortfall at the reported divisor
            let divisor = match &ind.value.divide_by {
                Some(d) => fw
                    .field(d)
                    .and_then(|_| scored.node(d))
                    .and_then(|n| n.value[unit])
                    .filter(|x| *x > 0.0),
                None => Some(1.0),
            };
            let converted = match (ind.value.per_people, divisor) {
                (_, None) => None,
                (Some(per), Some(d)) => pop.map(|p| missing * p / per * d),
                (None, Some(d)) => Some(missing * d),
            };
            match (single, converted) {
                (true, Some(amount)) if amount > 0.0 => {
                    let field = &ind.value.fields[0];
                    let unit_word = fw.field(field).map_or("", |f| f.unit_in(lang));
                    let verb = match ind.direction {
                        Direction::Higher => lang.pick("再增加", "add"),
                        Direction::Lower => lang.pick("再减少", "reduce by"),
                    };
                    let how_much = lang.pick(
                        format!("{} {unit_word}", amount_text(fw, field, amount)),
                        crate::framework::quantity(&amount_text(fw, field, amount), unit_word),
                    );
                    let how_much = how_much.trim_end();
                    let label = describe::field_name(fw, field, lang);
                    lang.pick(
                        format!("{label}{verb} {how_much} → +{gain:.2} 分"),
                        format!("{label}: {verb} {how_much} → +{gain:.2} points"),
                    )
                }
                _ => {
                    let ratio = ind.value.divide_by.is_some()
                        || ind.value.fields.iter().any(|f| f.ends_with("-rate"));
                    let level_text = if ratio {
                        format!("{}%", number((level * 10000.0).round() / 100.0))
                    } else {
                        number((level * 10000.0).round() / 10000.0)
                    };
                    let words = describe::value_words(fw, ind, lang);
                    lang.pick(
                        format!("{words}达到 {level_text} → +{gain:.2} 分"),
                        format!("{words} to reach {level_text} → +{gain:.2} points"),
                    )
                }
            }
        } else {
            continue;
        };
        out.push(Suggestion {
            code: ind.code.clone(),
            name,
            text,
            gain,
            value,
            level: step_level.unwrap_or(f64::NAN),
        });
    }
    // by points gained, then framework order (stable)
    out.sort_by(|a, b| b.gain.total_cmp(&a.gain));
    out.truncate(5);
    out
}

/// The top-level dimensions (一级维度) that were scored, in framework order,
/// each with its scores.
pub(crate) fn top_dimensions<'a>(
    results: &Results<'a>,
) -> Vec<(
    &'a crate::framework::Dimension,
    &'a crate::score::NodeScores,
)> {
    let scored: &'a crate::score::Scored = results.scored;
    results
        .fw
        .top_dimensions()
        .filter_map(|d| {
            scored
                .node(&d.code)
                .filter(|n| n.kind == crate::score::NodeKind::Group)
                .map(|n| (d, n))
        })
        .collect()
}

/// Indexes into `scored.units`, in unit-code order (行政区划代码 order, as the
/// city lists its counties).
pub(crate) fn in_code_order(scored: &crate::score::Scored) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scored.units.len()).collect();
    order.sort_by(|a, b| scored.units[*a].cmp(&scored.units[*b]));
    order
}

/// Texts written in a sheet, remembered by column so that the sheet can be
/// sized afterwards: each column as wide as its widest text (within limits),
/// each row tall enough for its wrapped text (neither Excel nor LibreOffice
/// measures rows written without a height).
#[derive(Default)]
pub(crate) struct Written {
    columns: Vec<Vec<(u32, String)>>,
}

impl Written {
    /// Writes a text cell and remembers it.
    pub(crate) fn text(
        &mut self,
        sheet: &mut rust_xlsxwriter::Worksheet,
        (row, col): (u32, u16),
        text: &str,
        format: &rust_xlsxwriter::Format,
    ) -> Result<(), rust_xlsxwriter::XlsxError> {
        sheet.write_string_with_format(row, col, text, format)?;
        let c = usize::from(col);
        if self.columns.len() <= c {
            self.columns.resize(c + 1, Vec::new());
        }
        self.columns[c].push((row, text.to_string()));
        Ok(())
    }

    /// Sets column `c`'s width to fit its texts within `limits[c]` (min, max),
    /// then the heights of rows whose text wraps at those widths; returns the
    /// columns' total width (for [`super::style::paper_for_width`]).
    pub(crate) fn fit(
        &self,
        sheet: &mut rust_xlsxwriter::Worksheet,
        limits: &[(f64, f64)],
    ) -> Result<f64, rust_xlsxwriter::XlsxError> {
        let mut lines: std::collections::BTreeMap<u32, f64> = std::collections::BTreeMap::new();
        let mut total = 0.0;
        for (c, &(min, max)) in limits.iter().enumerate() {
            let texts = self.columns.get(c).map_or(&[][..], Vec::as_slice);
            let width = super::style::fit(texts.iter().map(|(_, t)| t), min, max);
            total += width;
            sheet.set_column_width(u16::try_from(c).unwrap_or(u16::MAX), width)?;
            for (row, t) in texts {
                let n: f64 = t
                    .lines()
                    .map(|l| {
                        (super::style::text_width(l) / (width - 1.0).max(1.0))
                            .ceil()
                            .max(1.0)
                    })
                    .sum();
                let e = lines.entry(*row).or_insert(1.0);
                *e = e.max(n);
            }
        }
        for (row, n) in lines {
            if n > 1.0 {
                sheet.set_row_height(row, super::style::wrapped_height(n))?;
            }
        }
        Ok(total)
    }
}

#[cfg(test)]
mod tests {
    use super::{Scale, join_sources};

    #[test]
    fn sources_in_one_sheet_share_their_file_and_sheet() {
        let sources = [
            "a.xlsx!指标数据!F5".to_string(),
            "a.xlsx!指标数据!F6".to_string(),
            "city.xlsx!复核!H12".to_string(),
            "a.xlsx!指标数据!F9".to_string(),
        ];
        assert_eq!(
            join_sources(&sources),
            "a.xlsx!指标数据!F5、F6；city.xlsx!复核!H12；a.xlsx!指标数据!F9"
        );
        assert_eq!(join_sources(&[]), "");
    }

    #[test]
    fn numbers_read_as_the_workbooks_show_them() {
        assert_eq!(Scale::Share.text(0.863), "86.3%");
        assert_eq!(Scale::Count.text(1173.0), "1,173");
        assert_eq!(Scale::Count.text(1098.64), "1,098.64");
        assert_eq!(Scale::Decimal.text(17.257_669), "17.26");
        assert_eq!(Scale::Decimal.text(-1_234_567.0), "-1,234,567.00");
        assert_eq!(Scale::Count.text(948.0), "948");
    }
}
