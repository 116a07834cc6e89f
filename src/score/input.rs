//! The scoring table from a year's submissions: one row per unit of the
//! registry, a column per field, the 五有 counts, the sources of every value.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::Table;
use super::points::Adjustments;
use crate::extract::Submission;
use crate::finding::{Finding, Severity};
use crate::framework::{Framework, Source};
use crate::numbers::Value;
use crate::wuyou::judge;

/// The table and the claimed bonus counts (as claimed; the city's approval
/// comes with its review workbook).
pub fn from_submissions(
    fw: &Framework,
    submissions: &[Submission],
    findings: &[Finding],
) -> polars::prelude::PolarsResult<(Table, Adjustments)> {
    let by_unit: BTreeMap<&str, &Submission> = submissions
        .iter()
        .map(|s| (s.unit_code.as_str(), s))
        .collect();
    let units: Vec<(String, String)> = fw
        .units
        .iter()
        .map(|u| (u.code.clone(), u.name.clone()))
        .collect();
    // fields with an error finding, per unit: their values are flagged
    let errors: BTreeSet<(String, String)> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .filter_map(|f| {
            let unit = fw.units.iter().find(|u| Some(&u.name) == f.unit.as_ref())?;
            Some((unit.code.clone(), f.field.clone()?))
        })
        .collect();
    let mut fields: BTreeMap<String, Vec<Option<f64>>> = BTreeMap::new();
    let mut sources = BTreeMap::new();
    let mut flags: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
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
                let file = Path::new(&sub.file)
                    .file_name()
                    .map_or_else(|| sub.file.clone(), |n| n.to_string_lossy().into_owned());
                sources.insert(
                    (code.clone(), field.code.clone()),
                    format!("{file}!{}", read.cell),
                );
            }
            if errors.contains(&(code.clone(), field.code.clone())) {
                flags
                    .entry((code.clone(), field.code.clone()))
                    .or_default()
                    .push("error-allowed".to_string());
            }
            if field.source == Source::County && !by_unit.contains_key(code.as_str()) {
                flags
                    .entry((code.clone(), field.code.clone()))
                    .or_default()
                    .push("no-submission".to_string());
            }
            column.push(value);
        }
        fields.insert(field.code.clone(), column);
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
    let mut table = Table::build(&units, &BTreeMap::new(), &fields)?;
    table.sources = sources;
    table.flags = flags;

    let mut adjustments = Adjustments::default();
    for sub in submissions {
        for claim in &sub.claims {
            if let (Some(item), Some(count)) = (&claim.item, claim.count) {
                *adjustments
                    .bonus
                    .entry((sub.unit_code.clone(), item.clone()))
                    .or_default() += count;
            }
        }
    }
    Ok((table, adjustments))
}
