//! 指标明细: per unit and indicator, the value as the county reported it and
//! as the city reviewed it, the value scored, the target and 完成率, the
//! points on the county's own figures (自评分) and on the reviewed ones
//! (核定分), the points possible and lost, and the cells the values came from.
//! Printed on A3 landscape, each county from a new page.
//!
//! It scores nothing itself: values and points come from `Results`, targets
//! from `measures::full_level`.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::Results;
use super::measures::{Written, full_level, in_code_order, population, round2, unit_name};
use super::style;
use crate::framework::{Direction, FieldType, Framework, Indicator, Method, Source};
use crate::layout as L;

/// How a number reads: a share (`86.3%`), a count (`1,173`) or a decimal (`17.26`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scale {
    Share,
    Count,
    Decimal,
}

impl Scale {
    /// The scale of a field's values as reported.
    fn of_field(fw: &Framework, code: &str) -> Scale {
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
    fn of_value(fw: &Framework, ind: &Indicator) -> Scale {
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
}

/// The sheet's number formats.
struct Formats {
    share: Format,
    count: Format,
    decimal: Format,
    points: Format,
}

impl Formats {
    fn new() -> Formats {
        let number = style::cell_center();
        Formats {
            share: number.clone().set_num_format("0.0%"),
            count: number.clone().set_num_format("#,##0"),
            decimal: number.clone().set_num_format("#,##0.00"),
            points: number.set_num_format("0.00"),
        }
    }

    /// Writes `v` as its scale reads (a count that is not whole, such as a
    /// target of 1,098.64 people, as a decimal).
    fn write(
        &self,
        sheet: &mut Worksheet,
        (row, col): (u32, u16),
        v: f64,
        scale: Scale,
    ) -> Result<(), XlsxError> {
        let format = match scale {
            Scale::Share => &self.share,
            Scale::Count if v.fract() == 0.0 => &self.count,
            Scale::Count | Scale::Decimal => &self.decimal,
        };
        sheet.write_number_with_format(row, col, v, format)?;
        Ok(())
    }
}

/// The field whose value stands for the indicator as reported: its only
/// field, when it has one and no divisor.
fn single_field(ind: &Indicator) -> Option<&str> {
    match (&ind.value.fields[..], &ind.value.divide_by) {
        ([one], None) => Some(one.as_str()),
        _ => None,
    }
}

/// Whether the county reports the indicator's values (not the city's
/// departments or outside providers). Values the run computes from the
/// county's lists (`wuyou-rate`) count as reported.
fn reported_by_county(fw: &Framework, ind: &Indicator) -> bool {
    ind.value
        .fields
        .iter()
        .chain(ind.value.divide_by.iter())
        .any(|f| fw.field(f).is_none_or(|f| f.source == Source::County))
}

/// `a.xlsx!指标数据!F5`, `a.xlsx!指标数据!F6` → `a.xlsx!指标数据!F5、F6`.
fn join_sources(sources: &[String]) -> String {
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

/// Where the unit's values of an indicator came from: the table's source of
/// each field (the city's review row where it changed the value, followed by
/// the county's own cell), or the county's list for the values computed from it.
fn sources(results: &Results<'_>, unit: &str, ind: &Indicator) -> String {
    let submission = results.submissions.iter().find(|s| s.unit_code == unit);
    let mut out = Vec::new();
    for field in ind.value.fields.iter().chain(ind.value.divide_by.iter()) {
        let key = (unit.to_string(), field.clone());
        match results.table.sources.get(&key) {
            Some(s) => out.push(s.clone()),
            None if field.starts_with("wuyou-") => {
                if let Some(sub) = submission.filter(|s| s.has_org_sheet) {
                    out.push(format!(
                        "{}!{}",
                        crate::location::file_name(&sub.file),
                        L::SHEET_ORGS
                    ));
                }
            }
            None => {}
        }
        let adjusted = results.city.is_some_and(|c| c.adjusted.contains_key(&key));
        if let (true, Some(sub)) = (adjusted, submission)
            && let Some(read) = sub.values.get(field)
        {
            out.push(format!(
                "{}!{}",
                crate::location::file_name(&sub.file),
                read.cell
            ));
        }
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

/// Adds the sheet to the assessment workbook.
#[allow(clippy::too_many_lines)] // one row per unit and indicator, cell by cell
pub fn sheet(workbook: &mut Workbook, results: &Results<'_>) -> Result<(), XlsxError> {
    let (fw, scored, lang) = (results.fw, results.scored, results.lang);
    // the scoring on the counties' own figures: the same as the reviewed one without a city workbook
    let own = results.self_scored.unwrap_or(scored);
    let sheet = workbook.add_worksheet();
    sheet.set_name(lang.pick("指标明细", "Indicators"))?;
    let headers: [&str; 16] = lang.pick(
        [
            "单位代码",
            "单位",
            "维度",
            "指标",
            "指标名称",
            "填报值",
            "核定值",
            "计算值",
            "目标值",
            "完成率",
            "自评分",
            "核定分",
            "差额",
            "满分",
            "失分",
            "来源",
        ],
        [
            "Code",
            "Unit",
            "Dimension",
            "Indicator",
            "Name",
            "Reported",
            "Reviewed",
            "Value scored",
            "Target",
            "Completion",
            "Self-assessed points",
            "Reviewed points",
            "Difference",
            "Possible",
            "Lost",
            "Source",
        ],
    );
    let mut written = Written::default();
    for (c, h) in (0u16..).zip(headers) {
        written.text(sheet, (0, c), h, &style::header())?;
    }
    let text = style::cell();
    let center = style::cell_center();
    let formats = Formats::new();
    let mut row = 1u32;
    let mut breaks = Vec::new();
    for i in in_code_order(scored) {
        let unit = &scored.units[i];
        let name = unit_name(results, unit);
        let pop = population(fw, unit, results.year);
        if row > 1 {
            breaks.push(row);
        }
        for ind in &fw.indicators {
            let Some(node) = scored.node(&ind.code) else {
                continue;
            };
            let dimension = fw
                .dimensions
                .iter()
                .find(|d| d.code == ind.dimension)
                .map_or(ind.dimension.clone(), |d| {
                    format!("{} {}", d.code, lang.name(&d.name, d.name_en.as_deref()))
                });
            for (c, t) in (0u16..).zip([
                unit.as_str(),
                name.as_str(),
                dimension.as_str(),
                ind.code.as_str(),
                lang.name(&ind.name, ind.name_en.as_deref()),
            ]) {
                let format = if c == 0 || c == 3 { &center } else { &text };
                written.text(sheet, (row, c), t, format)?;
            }
            // borders on the cells left empty
            for c in 5..15 {
                sheet.write_blank(row, c, &center)?;
            }
            // 填报值 and 核定值: the field as typed where there is one, else the derived value
            if reported_by_county(fw, ind) {
                let (code, scale) = match single_field(ind) {
                    Some(f) if scored.node(f).is_some() => (f, Scale::of_field(fw, f)),
                    _ => (ind.code.as_str(), Scale::of_value(fw, ind)),
                };
                let reported = own.node(code).and_then(|n| n.value[i]);
                let reviewed = scored.node(code).and_then(|n| n.value[i]);
                match reported {
                    Some(v) => formats.write(sheet, (row, 5), v, scale)?,
                    None => written.text(sheet, (row, 5), lang.pick("未报", "missing"), &center)?,
                }
                let changed = match (reported, reviewed) {
                    (Some(a), Some(b)) => (a - b).abs() > 1e-9,
                    (a, b) => a.is_some() != b.is_some(),
                };
                if changed && let Some(v) = reviewed {
                    formats.write(sheet, (row, 6), v, scale)?;
                }
            }
            let scale = Scale::of_value(fw, ind);
            let value = node.value[i];
            if let Some(v) = value {
                formats.write(sheet, (row, 7), v, scale)?;
            }
            let target = full_level(ind, pop);
            if let Some(t) = target {
                formats.write(sheet, (row, 8), t, scale)?;
            }
            // 完成率 as the points are computed: value ÷ target (target ÷ value where lower is better)
            let completion = match (value, target, ind.direction) {
                (Some(v), Some(t), Direction::Higher) if t != 0.0 => Some(v / t),
                (Some(v), Some(t), Direction::Lower) if v > 0.0 => Some(t / v),
                _ => None,
            };
            if let Some(r) = completion {
                formats.write(sheet, (row, 9), r, Scale::Share)?;
            }
            let self_points = results
                .self_scored
                .and_then(|s| s.node(&ind.code))
                .and_then(|n| n.score[i]);
            let points = node.score[i];
            if let Some(p) = self_points {
                sheet.write_number_with_format(row, 10, p, &formats.points)?;
            }
            if let Some(p) = points {
                sheet.write_number_with_format(row, 11, p, &formats.points)?;
            }
            if let (Some(o), Some(p)) = (self_points, points) {
                sheet.write_number_with_format(row, 12, round2(p - o), &formats.points)?;
            }
            if let Some(m) = node.max {
                sheet.write_number_with_format(row, 13, m, &formats.points)?;
                let lost = round2(m - points.unwrap_or(0.0));
                sheet.write_number_with_format(row, 14, lost, &formats.points)?;
            }
            written.text(sheet, (row, 15), &sources(results, unit, ind), &text)?;
            row += 1;
        }
    }
    written.fit(
        sheet,
        &[
            (8.0, 10.0),
            (8.0, 16.0),
            (10.0, 26.0),
            (5.0, 8.0),
            (14.0, 44.0),
            (10.0, 12.0),
            (10.0, 12.0),
            (10.0, 12.0),
            (10.0, 12.0),
            (8.0, 11.0),
            (8.0, 11.0),
            (8.0, 11.0),
            (7.0, 11.0),
            (7.0, 10.0),
            (7.0, 10.0),
            (20.0, 64.0),
        ],
    )?;
    sheet.set_freeze_panes(1, 5)?;
    style::print_setup(sheet, true, (0, 0))?;
    sheet.set_paper_size(style::A3);
    // each county starts a new page
    sheet.set_page_breaks(&breaks)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::join_sources;

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
}
