//! The scoring table from a year's submissions: one row per unit of the
//! registry, a column per field, the 五有 counts, the sources of every value.

use std::collections::{BTreeMap, BTreeSet};

use super::points::{Absent, Adjustments};
use super::{Flag, Table};
use crate::city::CityInput;
use crate::code::{FieldCode, UnitCode};
use crate::extract::Submission;
use crate::finding::{Finding, Severity};
use crate::framework::{Framework, Source};
use crate::numbers::Value;
use crate::submission::Receipt;
use crate::wuyou::judge;

/// What a run scores twice: as the counties reported (自评) and as the city
/// decided (核定: reviewed values, department and external figures, approved
/// bonus, deductions, vetoes, days late). Without a city workbook both are the
/// counties' figures with bonus claims as claimed.
pub struct Inputs {
    pub reported: (Table, Adjustments),
    pub reviewed: (Table, Adjustments),
}

/// Both tables from the year's submissions and the city's workbook.
pub fn from_submissions(
    fw: &Framework,
    year: i32,
    submissions: &[Submission],
    findings: &[Finding],
    city: Option<&CityInput>,
) -> Result<Inputs, super::DuplicateColumn> {
    let by_unit: BTreeMap<&str, &Submission> = submissions
        .iter()
        .map(|s| (s.unit_code.as_str(), s))
        .collect();
    let units: Vec<(UnitCode, String)> = fw
        .units
        .iter()
        .map(|u| (u.code.clone(), u.name.clone()))
        .collect();
    // fields with an error finding, per unit: their values are flagged
    let errors: BTreeSet<(UnitCode, FieldCode)> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .filter_map(|f| {
            let unit = fw.units.iter().find(|u| Some(&u.name) == f.unit.as_ref())?;
            Some((unit.code.clone(), FieldCode::new(f.field.clone()?)))
        })
        .collect();
    let mut fields: BTreeMap<String, Vec<Option<f64>>> = BTreeMap::new();
    let mut sources = BTreeMap::new();
    let mut flags: BTreeMap<(UnitCode, FieldCode), Vec<Flag>> = BTreeMap::new();
    for field in &fw.fields {
        let mut column = Vec::with_capacity(units.len());
        for (code, _) in &units {
            let read = by_unit
                .get(code.as_str())
                .and_then(|s| s.values.get(&field.code).map(|r| (s, r)));
            let value = read.and_then(|(_, r)| match &r.value {
                Value::Number(n) => Some(*n),
                Value::YesNo(b) => Some(if *b { 1.0 } else { 0.0 }),
                _ => None,
            });
            if let Some((sub, read)) = read {
                let file = crate::location::file_name(&sub.file);
                sources.insert(
                    (code.clone(), field.code.clone()),
                    format!("{file}!{}", read.cell),
                );
            }
            if errors.contains(&(code.clone(), field.code.clone())) {
                flags
                    .entry((code.clone(), field.code.clone()))
                    .or_default()
                    .push(Flag::ErrorAllowed);
            }
            if field.source == Source::County && !by_unit.contains_key(code.as_str()) {
                flags
                    .entry((code.clone(), field.code.clone()))
                    .or_default()
                    .push(Flag::NoSubmission);
            }
            column.push(value);
        }
        fields.insert(field.code.to_string(), column);
    }
    if let Some(w) = &fw.wuyou {
        let mut orgs = Vec::new();
        let mut met = Vec::new();
        let mut rate = Vec::new();
        for (code, _) in &units {
            match by_unit.get(code.as_str()).filter(|s| s.has_org_sheet) {
                Some(sub) => {
                    let listed = sub.orgs.iter().filter(|o| !o.name.is_empty()).count();
                    let meeting = sub
                        .orgs
                        .iter()
                        .filter(|o| !o.name.is_empty() && judge(w, o).meets)
                        .count();
                    #[allow(clippy::cast_precision_loss)] // list lengths
                    let (l, m) = (listed as f64, meeting as f64);
                    orgs.push(Some(l));
                    met.push(Some(m));
                    rate.push((listed > 0).then(|| m / l));
                }
                None => {
                    orgs.push(None);
                    met.push(None);
                    rate.push(None);
                }
            }
        }
        fields.insert("wuyou-orgs".into(), orgs);
        fields.insert("wuyou-met".into(), met);
        fields.insert("wuyou-rate".into(), rate);
    }
    let mut claimed = Adjustments::default();
    for sub in submissions {
        // a claim whose evidence is not in the list counts only as the city approves it
        for claim in sub.claims.iter().filter(|c| sub.claim_documented(c)) {
            if let (Some(item), Some(count)) = (&claim.item, claim.count) {
                *claimed
                    .bonus
                    .entry((sub.unit_code.clone(), item.clone()))
                    .or_default() += count;
            }
        }
    }
    // units without a submission: 免报 where the city recorded it, else
    // 未报送 — recorded, or scored anyway with `--allow-errors` (the missing
    // file is an error then): never ranked on the city's figures alone
    for unit in fw
        .units
        .iter()
        .filter(|u| !by_unit.contains_key(u.code.as_str()))
    {
        let exempt = city
            .and_then(|c| c.status.get(&unit.code))
            .is_some_and(|s| s.value == Receipt::Exempt);
        let absent = if exempt {
            Absent::Exempt
        } else {
            Absent::NotSubmitted
        };
        claimed.absent.insert(unit.code.clone(), absent);
    }
    let mut reported = Table::build(&units, &BTreeMap::new(), &fields)?;
    reported.sources = sources.clone();
    reported.flags = flags.clone();
    // the city's figures of denominators (the registry's `confirmed`) replace
    // the counties' in the reviewed (核定) table
    let mut reviewed_fields = fields.clone();
    let mut reviewed_sources = sources;
    let mut reviewed_flags = flags;
    for field in fw.fields.iter().filter(|f| f.denominator) {
        let Some(column) = reviewed_fields.get_mut(field.code.as_str()) else {
            continue;
        };
        for (i, unit) in fw.units.iter().enumerate() {
            let Some(figure) = unit.confirmed_for(&field.code, year) else {
                continue;
            };
            let counted = unit
                .confirmed
                .get(field.code.as_str())
                .and_then(|years| years.range(..=year).next_back())
                .map_or(year, |(y, _)| *y);
            column[i] = Some(figure);
            let key = (unit.code.clone(), field.code.clone());
            reviewed_sources.insert(
                key.clone(),
                format!("unit.{}.confirmed.{}.{counted}", unit.code, field.code),
            );
            reviewed_flags.entry(key).or_default().push(Flag::Confirmed);
        }
    }
    let Some(city) = city else {
        let mut reviewed = Table::build(&units, &BTreeMap::new(), &reviewed_fields)?;
        reviewed.sources = reviewed_sources;
        reviewed.flags = reviewed_flags;
        return Ok(Inputs {
            reviewed: (reviewed, claimed.clone()),
            reported: (reported, claimed),
        });
    };

    // the city's values: reviewed county values, department scores, external figures
    let city_file = crate::location::file_name(&city.file);
    let index: BTreeMap<&str, usize> = units
        .iter()
        .enumerate()
        .map(|(i, (c, _))| (c.as_str(), i))
        .collect();
    for ((unit, code), adjusted) in &city.adjusted {
        if let (Some(&i), Some(column)) = (
            index.get(unit.as_str()),
            reviewed_fields.get_mut(code.as_str()),
        ) {
            column[i] = Some(adjusted.value);
            reviewed_sources.insert(
                (unit.clone(), code.clone()),
                format!("{city_file}!{}", adjusted.cell),
            );
            reviewed_flags
                .entry((unit.clone(), code.clone()))
                .or_default()
                .push(Flag::Adjusted);
        }
    }
    for ((unit, code), supplied) in &city.supplied {
        if let (Some(&i), Some(column)) = (
            index.get(unit.as_str()),
            reviewed_fields.get_mut(code.as_str()),
        ) {
            column[i] = Some(supplied.value);
            reviewed_sources.insert(
                (unit.clone(), code.clone()),
                format!("{city_file}!{}", supplied.cell),
            );
        }
    }
    // the city's figures count in the self-assessment too: the counties do not report them
    let mut reported_fields = fields;
    for ((unit, code), supplied) in &city.supplied {
        if let (Some(&i), Some(column)) = (
            index.get(unit.as_str()),
            reported_fields.get_mut(code.as_str()),
        ) {
            column[i] = Some(supplied.value);
        }
    }
    let mut decided = Adjustments::default();
    for a in city.approvals.iter().filter(|a| a.approved > 0.0) {
        *decided
            .bonus
            .entry((a.unit.clone(), a.item.clone()))
            .or_default() += a.approved;
    }
    for ((unit, item), d) in &city.deductions {
        decided
            .deductions
            .insert((unit.clone(), item.clone()), d.count);
    }
    if let Some(late) = fw
        .deductions
        .iter()
        .find(|d| d.counts == crate::framework::Counts::DaysLate)
    {
        for (unit, received) in &city.received {
            let days = crate::city::days_late(fw, year, received.value);
            if days > 0 {
                #[allow(clippy::cast_precision_loss)] // days
                decided
                    .deductions
                    .insert((unit.clone(), late.code.clone()), days as f64);
            }
        }
    }
    for key in city.vetoes.keys() {
        decided.vetoes.insert(key.clone());
    }
    decided.absent.clone_from(&claimed.absent);
    // a bonus, deduction or veto item changed by a ruling on an objection
    // cites the ruling (a field's ruling is a 核定值 above)
    for o in city.objections.iter().filter(|o| {
        city.rulings_applied && o.changes() && !matches!(o.target, crate::city::Target::Field(_))
    }) {
        reviewed_sources.insert(
            (o.unit.clone(), FieldCode::new(o.target.code())),
            format!("{city_file}!{}", o.value_cell),
        );
    }
    let mut reviewed = Table::build(&units, &BTreeMap::new(), &reviewed_fields)?;
    reviewed.sources = reviewed_sources;
    reviewed.flags = reviewed_flags;
    let mut self_table = Table::build(&units, &BTreeMap::new(), &reported_fields)?;
    self_table.sources = reported.sources;
    self_table.flags = reported.flags;
    // the self-assessment: the counties' values and claims, with the city's deductions and vetoes
    let mut self_adjustments = claimed;
    self_adjustments.deductions = decided.deductions.clone();
    self_adjustments.vetoes = decided.vetoes.clone();
    Ok(Inputs {
        reported: (self_table, self_adjustments),
        reviewed: (reviewed, decided),
    })
}
