//! 附件 得分汇总表: the plain table attached to the bulletin (通报). Black and
//! white, 宋体, thin borders, units in administrative-division order (the
//! internal version, 内部掌握, with scores and ranks) or grouped by grade (the
//! public version, 公开, names only).

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use super::Results;
use super::style;
use crate::score::{NodeKind, NodeScores};

/// The attachment's title.
pub fn title(results: &Results<'_>) -> String {
    let stage = results
        .stage
        .map(|s| format!("（{s}）"))
        .unwrap_or_default();
    format!(
        "{}年度县(市、区)红十字会核心能力评估得分汇总表{stage}",
        results.year
    )
}

/// The top dimensions' score nodes, in framework order, with their headers.
pub fn top_dimensions<'a>(results: &'a Results<'_>) -> Vec<(&'a NodeScores, String)> {
    results
        .fw
        .dimensions
        .iter()
        .filter(|d| d.parent.is_none())
        .filter_map(|d| {
            let node = results
                .scored
                .nodes
                .iter()
                .find(|n| n.code == d.code && n.kind == NodeKind::Group)?;
            let header = match d.points {
                Some(p) => format!("{}\n（{}分）", d.name, trim(p.as_f64())),
                None => d.name.clone(),
            };
            Some((node, header))
        })
        .collect()
}

fn trim(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Indexes into `scored.units`, by unit code (the codes follow the
/// administrative-division order).
pub fn code_order(results: &Results<'_>) -> Vec<usize> {
    let mut order: Vec<usize> = (0..results.scored.units.len()).collect();
    order.sort_by(|a, b| results.scored.units[*a].cmp(&results.scored.units[*b]));
    order
}

/// Whether the unit at `i` shares its rank with another.
pub fn tied(results: &Results<'_>, i: usize) -> bool {
    results.scored.total().is_some_and(|t| {
        t.rank[i].is_some() && t.rank.iter().filter(|r| **r == t.rank[i]).count() > 1
    })
}

/// The unit's name (its code when unknown).
pub fn name<'a>(results: &'a Results<'_>, i: usize) -> &'a str {
    let code = &results.scored.units[i];
    results
        .table
        .names
        .get(code)
        .map_or(code.as_str(), String::as_str)
}

/// Grade groups in the framework's order (then any other grade, then
/// ungraded), each with its units in code order.
pub fn grade_groups(results: &Results<'_>) -> Vec<(String, Vec<usize>)> {
    let order = code_order(results);
    let grade = |i: usize| {
        results
            .scored
            .grades
            .get(i)
            .cloned()
            .flatten()
            .unwrap_or_default()
    };
    let mut names: Vec<String> = results.fw.grades.iter().map(|g| g.name.clone()).collect();
    for i in &order {
        let g = grade(*i);
        if !names.contains(&g) {
            names.push(g);
        }
    }
    names
        .into_iter()
        .map(|g| {
            let units: Vec<usize> = order.iter().copied().filter(|i| grade(*i) == g).collect();
            (g, units)
        })
        .filter(|(_, units)| !units.is_empty())
        .collect()
}

fn plain() -> Format {
    Format::new()
        .set_font_name(style::FONT)
        .set_font_size(11)
        .set_font_color("000000")
}

fn boxed() -> Format {
    plain()
        .set_border(FormatBorder::Thin)
        .set_border_color("000000")
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
}

/// The attachment's bytes: the internal version (`public = false`, 内部掌握,
/// scores and ranks) or the public one (公开, names by grade).
#[allow(clippy::too_many_lines)] // one sheet, cell by cell
pub fn write(results: &Results<'_>, public: bool) -> Result<Vec<u8>, XlsxError> {
    let title = title(results);
    let mut workbook = Workbook::new();
    let kind = if public {
        crate::layout::KIND_PUBLIC
    } else {
        crate::layout::KIND_ATTACHMENT
    };
    workbook.set_properties(
        &style::properties_at(&title, results.timestamp)?
            .set_custom_property(crate::layout::PROP_KIND, kind),
    );
    let sheet = workbook.add_worksheet();
    sheet.set_name("得分汇总表")?;
    let dims = top_dimensions(results);
    let mut headers: Vec<(String, f64)> = if public {
        vec![("序号".into(), 10.0), ("单位".into(), 36.0)]
    } else {
        vec![("序号".into(), 6.0), ("单位".into(), 14.0)]
    };
    if public {
        headers.push(("等次".into(), 20.0));
    } else {
        for (_, h) in &dims {
            let w = h.lines().map(style::text_width).fold(0.0, f64::max) + 2.0;
            headers.push((h.clone(), w.clamp(9.0, 16.0)));
        }
        headers.push(("总分".into(), 9.0));
        headers.push(("名次".into(), 11.0));
        headers.push(("等次".into(), 8.0));
    }
    let last = u16::try_from(headers.len() - 1).unwrap_or(0);
    let header_row = if public {
        1
    } else {
        // 内部掌握 at the top right
        sheet.merge_range(
            0,
            0,
            0,
            last,
            "内部掌握",
            &plain().set_bold().set_align(FormatAlign::Right),
        )?;
        2
    };
    let title_row = header_row - 1;
    sheet.set_row_height(title_row, if public { 48 } else { 36 })?;
    let title_format = plain()
        .set_font_size(16)
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    sheet.merge_range(title_row, 0, title_row, last, &title, &title_format)?;
    let head = boxed().set_bold().set_align(FormatAlign::Center);
    for (c, (h, w)) in (0u16..).zip(&headers) {
        sheet.write_string_with_format(header_row, c, h, &head)?;
        sheet.set_column_width(c, *w)?;
    }
    if headers.iter().any(|(h, _)| h.contains('\n')) {
        sheet.set_row_height(header_row, 32)?;
    }
    let text = boxed();
    let center = boxed().set_align(FormatAlign::Center);
    let number = center.clone().set_num_format("0.00");
    let whole = center.clone().set_num_format("0");
    let tied_rank = center.clone().set_num_format("0\" (并列)\"");
    let total = results.scored.total();
    let grade = |i: usize| {
        results
            .scored
            .grades
            .get(i)
            .cloned()
            .flatten()
            .unwrap_or_default()
    };
    let mut row = header_row + 1;
    if public {
        let mut n = 1.0;
        for (g, units) in grade_groups(results) {
            for i in units {
                sheet.write_number_with_format(row, 0, n, &whole)?;
                sheet.write_string_with_format(row, 1, name(results, i), &text)?;
                let shown = match results.absent(i) {
                    Some(a) if g.is_empty() => a.to_string(),
                    Some(a) => format!("{g}（{a}）"),
                    None => g.clone(),
                };
                sheet.write_string_with_format(row, 2, &shown, &center)?;
                n += 1.0;
                row += 1;
            }
        }
    } else {
        for (n, i) in (1u32..).zip(code_order(results)) {
            sheet.write_number_with_format(row, 0, f64::from(n), &whole)?;
            sheet.write_string_with_format(row, 1, name(results, i), &text)?;
            let mut c = 2u16;
            for (node, _) in &dims {
                match node.score[i] {
                    Some(s) => sheet.write_number_with_format(row, c, round2(s), &number)?,
                    None => sheet.write_blank(row, c, &number)?,
                };
                c += 1;
            }
            match total.and_then(|t| t.score[i]) {
                Some(s) => sheet.write_number_with_format(row, c, round2(s), &number)?,
                None => sheet.write_blank(row, c, &number)?,
            };
            match total.and_then(|t| t.rank[i]) {
                Some(r) => {
                    let format = if tied(results, i) { &tied_rank } else { &whole };
                    sheet.write_number_with_format(row, c + 1, f64::from(r), format)?
                }
                // 未报送 or 免报 where that is why there is no rank
                None => sheet.write_string_with_format(
                    row,
                    c + 1,
                    results.absent(i).unwrap_or("—"),
                    &center,
                )?,
            };
            sheet.write_string_with_format(row, c + 2, grade(i), &center)?;
            row += 1;
        }
    }
    // A4 portrait printable width is about 95 character units
    let width: f64 = headers.iter().map(|(_, w)| w).sum();
    style::print_setup(sheet, width > 95.0, (header_row, header_row))?;
    workbook.save_to_buffer()
}

/// Rounded to hundredths (the scores are exact hundredths already; this drops
/// binary noise).
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
