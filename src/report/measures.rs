//! Measures shared by the workbooks: averages and medians, each unit's
//! population, the level at which an indicator earns all its points, and the
//! improvements that would add most points ("培训取证救护员再增加 312 人 → +1.8 分").

use super::Results;
use crate::framework::check::number;
use crate::framework::describe;
use crate::framework::{Direction, Framework, Indicator, Method};
use crate::lang::Lang;
use crate::score::points::target_value;

/// One suggestion: indicator, what to do, points gained.
pub(crate) struct Suggestion {
    pub code: String,
    pub name: String,
    pub text: String,
    pub gain: f64,
    pub value: Option<f64>,
    pub level: f64,
}

pub(crate) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

pub(crate) fn mean(values: &[f64]) -> Option<f64> {
    #[allow(clippy::cast_precision_loss)] // a handful of units
    let n = values.len() as f64;
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / n)
}

pub(crate) fn median(values: &[f64]) -> Option<f64> {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2]),
        _ => Some((v[n / 2 - 1] + v[n / 2]) / 2.0),
    }
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
        let gain = round2(max - earned);
        if gain <= 0.0 {
            continue;
        }
        let value = node.value[unit];
        let name = lang.name(&ind.name, ind.name_en.as_deref()).to_string();
        let text = if matches!(ind.method, Method::Checklist) {
            let missing: Vec<&str> = ind
                .value
                .fields
                .iter()
                .filter(|f| {
                    results
                        .scored
                        .node(f)
                        .and_then(|n| n.value[unit])
                        .is_none_or(|v| v <= 0.5)
                })
                .map(|f| describe::field_name(fw, f, lang))
                .collect();
            lang.pick(
                format!("补齐：{} → +{gain:.2} 分", missing.join("、")),
                format!("complete: {} → +{gain:.2} points", missing.join(", ")),
            )
        } else if let Method::Deduction { .. } = ind.method {
            lang.pick(
                format!("{name}：避免扣分情形 → +{gain:.2} 分"),
                format!("{name}: avoid the deductions → +{gain:.2} points"),
            )
        } else if let Some(level) = full_level(ind, pop) {
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
                    let unit_word = fw.field(field).map_or("", |f| f.unit.as_str());
                    let verb = match ind.direction {
                        Direction::Higher => lang.pick("再增加", "add"),
                        Direction::Lower => lang.pick("再减少", "reduce by"),
                    };
                    let how_much = format!("{} {unit_word}", amount_text(fw, field, amount));
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
            level: full_level(ind, pop).unwrap_or(f64::NAN),
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
    /// then the heights of rows whose text wraps at those widths.
    pub(crate) fn fit(
        &self,
        sheet: &mut rust_xlsxwriter::Worksheet,
        limits: &[(f64, f64)],
    ) -> Result<(), rust_xlsxwriter::XlsxError> {
        let mut lines: std::collections::BTreeMap<u32, f64> = std::collections::BTreeMap::new();
        for (c, &(min, max)) in limits.iter().enumerate() {
            let texts = self.columns.get(c).map_or(&[][..], Vec::as_slice);
            let width = super::style::fit(texts.iter().map(|(_, t)| t), min, max);
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
                sheet.set_row_height(row, 14.0 * n)?;
            }
        }
        Ok(())
    }
}
