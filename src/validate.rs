//! The framework's rules applied to one submission: required values, ranges,
//! cross-field rules, last year's running totals, the 五有 list. Pure: no I/O.

use std::collections::BTreeMap;

use crate::extract::Submission;
use crate::finding::{Finding, Severity, What};
use crate::framework::check::number;
use crate::framework::{Comparison, Counting, Framework, Source, Term};
use crate::lang::{Both, Lang};
use crate::numbers::Value;

/// The numeric value of a field, when it has one.
pub fn numeric(sub: &Submission, code: &str) -> Option<f64> {
    match sub.values.get(code).map(|v| &v.value) {
        Some(Value::Number(n)) => Some(*n),
        _ => None,
    }
}

/// Applies every rule to `sub`; `previous` is the same unit's submission of last year.
pub fn check(
    fw: &Framework,
    sub: &Submission,
    previous: Option<&Submission>,
    findings: &mut Vec<Finding>,
) {
    let unit = fw.unit(&sub.unit_code).map(|u| u.name.clone());
    let mut add = |severity, code: &str, what| {
        let read = sub.values.get(code);
        findings.push(Finding {
            severity,
            file: sub.file.clone(),
            unit: unit.clone(),
            cell: read.map(|r| r.cell.clone()),
            field: Some(code.to_string()),
            typed: read.map(|r| r.typed.clone()).filter(|t| !t.is_empty()),
            what,
        });
    };
    let change = fw.change_warning;
    for field in fw.fields.iter().filter(|f| f.source == Source::County) {
        let Some(read) = sub.values.get(&field.code) else {
            continue;
        };
        if read.value == Value::Blank {
            if field.required {
                add(
                    Severity::Error,
                    &field.code,
                    What::Required {
                        name: field.names(),
                    },
                );
            }
            continue;
        }
        let Some(v) = numeric(sub, &field.code) else {
            continue;
        };
        let last = previous.and_then(|p| numeric(p, &field.code));
        let out_of_range = field.min.is_some_and(|lo| v < lo) || field.max.is_some_and(|hi| v > hi);
        // 元 pasted into a 万元 cell: 10,000 times the range or last year's value
        let ten_thousand = field.unit == "万元"
            && v > 0.0
            && (last.is_some_and(|l| l > 0.0 && (3_000.0..=30_000.0).contains(&(v / l)))
                || out_of_range && field.max.is_none_or(|hi| v / 10_000.0 <= hi));
        if ten_thousand {
            add(
                Severity::Error,
                &field.code,
                What::TenThousandTimes {
                    name: field.names(),
                    value: field.value_text(v),
                    likely: {
                        let n = number((v / 100.0).round() / 100.0);
                        Both::new(field.quantity(&n, Lang::Zh), field.quantity(&n, Lang::En))
                    },
                },
            );
            continue;
        }
        if out_of_range {
            add(
                Severity::Error,
                &field.code,
                What::OutOfRange {
                    name: field.names(),
                    value: field.value_text(v),
                    range: field.range_text(),
                },
            );
            continue;
        }
        if field.denominator
            && let Some(confirmed) = fw
                .unit(&sub.unit_code)
                .and_then(|u| u.confirmed_for(&field.code, sub.year))
            && (v - confirmed).abs() > 1e-9
        {
            // the city's figure is used: the county's is only looked at
            add(
                Severity::Warning,
                &field.code,
                What::ConfirmedDiffers {
                    name: field.names(),
                    value: field.value_text(v),
                    confirmed: field.value_text(confirmed),
                },
            );
            continue;
        }
        let Some(last) = last else { continue };
        if field.counting == Some(Counting::Cumulative) && v < last {
            add(
                Severity::Error,
                &field.code,
                What::CumulativeFell {
                    name: field.names(),
                    value: field.value_text(v),
                    last: field.value_text(last),
                },
            );
        } else if last > 0.0 && (v / last > 1.0 + change || v / last < 1.0 / (1.0 + change)) {
            let percent = (v - last) / last * 100.0;
            add(
                Severity::Warning,
                &field.code,
                What::BigChange {
                    name: field.names(),
                    value: field.value_text(v),
                    last: field.value_text(last),
                    percent: format!(
                        "{}{}%",
                        if percent > 0.0 { "+" } else { "" },
                        number(percent.round())
                    ),
                },
            );
        }
    }
    for rule in &fw.rules {
        let side = |terms: &[Term]| -> Option<f64> {
            terms.iter().try_fold(0.0, |acc, t| match t {
                Term::Number(n) => Some(acc + n),
                Term::Field { code, negative } => {
                    numeric(sub, code).map(|v| if *negative { acc - v } else { acc + v })
                }
            })
        };
        let (Some(left), Some(right)) = (side(&rule.left), side(&rule.right)) else {
            continue;
        };
        let holds = match rule.comparison {
            Comparison::Le => left <= right + 1e-9,
            Comparison::Lt => left < right,
            Comparison::Ge => left + 1e-9 >= right,
            Comparison::Gt => left > right,
            Comparison::Eq => (left - right).abs() < 1e-9,
        };
        if !holds {
            let first = rule.left.iter().find_map(|t| match t {
                Term::Field { code, .. } => Some(code.clone()),
                Term::Number(_) => None,
            });
            add(
                Severity::Error,
                first.as_deref().unwrap_or(""),
                What::RuleBroken {
                    rule: rule.text.clone(),
                    message: rule
                        .message
                        .as_deref()
                        .map(|m| Both::name(m, rule.message_en.as_deref())),
                },
            );
        }
    }
    check_orgs(fw, sub, findings);
    check_evidence(fw, sub, findings);
}

/// Every 佐证编号 of the data sheet and the bonus claims names an item of the
/// evidence list, when the file has one (older templates had none).
fn check_evidence(fw: &Framework, sub: &Submission, findings: &mut Vec<Finding>) {
    let unit = fw.unit(&sub.unit_code).map(|u| u.name.clone());
    let mut add = |cell: Option<&crate::location::CellRef>,
                   field: Option<&str>,
                   typed: &str,
                   number: &str,
                   claim: bool| {
        findings.push(Finding {
            severity: Severity::Warning,
            file: sub.file.clone(),
            unit: unit.clone(),
            cell: cell.cloned(),
            field: field.map(ToString::to_string),
            typed: Some(typed.to_string()),
            what: What::EvidenceNotListed {
                number: number.to_string(),
                claim,
            },
        });
    };
    for (code, text) in &sub.evidence {
        for number in sub.unlisted(text) {
            add(
                sub.evidence_cells.get(code),
                Some(code),
                text,
                number,
                false,
            );
        }
    }
    for claim in &sub.claims {
        for number in sub.unlisted(&claim.evidence) {
            add(
                claim.evidence_cell.as_ref(),
                None,
                &claim.evidence,
                number,
                true,
            );
        }
    }
}

fn check_orgs(fw: &Framework, sub: &Submission, findings: &mut Vec<Finding>) {
    if fw.wuyou.is_none() || !sub.has_org_sheet {
        return;
    }
    let unit = fw.unit(&sub.unit_code).map(|u| u.name.clone());
    let mut seen: BTreeMap<(String, String), u32> = BTreeMap::new();
    for org in sub.orgs.iter().filter(|o| !o.name.is_empty()) {
        let key = (org.name.clone(), org.town.clone());
        if let Some(first) = seen.get(&key) {
            findings.push(Finding {
                severity: Severity::Error,
                file: sub.file.clone(),
                unit: unit.clone(),
                cell: Some(crate::location::CellRef::new(
                    crate::layout::SHEET_ORGS,
                    org.row,
                    1,
                )),
                field: None,
                typed: Some(org.name.clone()),
                what: What::DuplicateOrg {
                    name: org.name.clone(),
                    first_row: first + 1,
                },
            });
        } else {
            seen.insert(key, org.row);
        }
    }
    let Some(count_field) = fw.wuyou.as_ref().and_then(|w| w.count_field.as_deref()) else {
        return;
    };
    if let Some(reported) = numeric(sub, count_field) {
        let listed = sub.orgs.len();
        #[allow(clippy::cast_precision_loss)] // a list length
        let differs = (listed as f64 - reported).abs() > 0.5;
        if differs {
            let read = sub.values.get(count_field);
            findings.push(Finding {
                severity: Severity::Error,
                file: sub.file.clone(),
                unit,
                cell: read.map(|r| r.cell.clone()),
                field: Some(count_field.to_string()),
                typed: read.map(|r| r.typed.clone()),
                what: What::OrgCount {
                    listed,
                    reported: number(reported),
                },
            });
        }
    }
}
