//! 附件 得分汇总表: the plain table attached to the bulletin (通报), under
//! the title its 附件说明 names. Black and white, "附件" in 黑体 at the top
//! left, the title in 小标宋, the body in 仿宋, thin borders. The internal
//! version (内部掌握) lists the units in administrative-division order with
//! every dimension, 基础分, 加分 (capped), 扣分 and 总分 — so that each row adds
//! up: dimensions = 基础分, 基础分 + 加分 − 扣分 = 总分 — then 名次 and 等次.
//! The public version (公开) is the 等次名单: one row per grade, its units by
//! full name in administrative-division order, no scores and no 序号.

use crate::lang::Lang;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use super::Results;
use super::bulletin::Settings;
use super::bulletin::docx::{BODY_FONT, HEADING_FONT, TITLE_FONT};
use super::style;
use crate::score::{NodeKind, NodeScores};

/// The attachment's title.
pub fn title(results: &Results<'_>) -> String {
    let stage = results
        .stage
        .map(|s| format!("（{s}）"))
        .unwrap_or_default();
    format!(
        "{}年度县（市、区）红十字会核心能力评估得分汇总表{stage}",
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

/// 仿宋 for the body, as the 通报 (fonts as Chinese Windows and WPS name them).
fn plain() -> Format {
    Format::new()
        .set_font_name(BODY_FONT)
        .set_font_size(12)
        .set_font_color("000000")
}

fn boxed() -> Format {
    plain()
        .set_border(FormatBorder::Thin)
        .set_border_color("000000")
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
}

/// Width of a dimension's column in character units.
const DIMENSION_WIDTH: f64 = 7.5;

/// The public version's title: the grades only, no scores.
pub fn public_title(results: &Results<'_>) -> String {
    let stage = results
        .stage
        .map(|s| format!("（{s}）"))
        .unwrap_or_default();
    format!(
        "{}年度县（市、区）红十字会核心能力评估等次名单{stage}",
        results.year
    )
}

/// The attachment's bytes: the internal version (`public = false`, 内部掌握,
/// every dimension, 基础分 + 加分 − 扣分 = 总分, rank, grade; units in
/// administrative-division order) or the public one (公开: one row per
/// grade, its units by full name in administrative-division order, no
/// scores and no numbering that reads as a rank).
pub fn write(
    results: &Results<'_>,
    settings: &Settings,
    public: bool,
) -> Result<Vec<u8>, XlsxError> {
    let title = if public {
        public_title(results)
    } else {
        title(results)
    };
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
    sheet.set_name(if public {
        "等次名单"
    } else {
        "得分汇总表"
    })?;
    let headers = if public {
        vec![
            ("等次".to_string(), 12.0),
            ("数量".to_string(), 8.0),
            ("单位".to_string(), 70.0),
        ]
    } else {
        internal_headers(results)
    };
    let last = u16::try_from(headers.len() - 1).unwrap_or(0);
    // row 0: 附件 (黑体, 3号) at the left, 内部掌握 at the right
    sheet.set_row_height(0, 24)?;
    let label = plain().set_font_name(HEADING_FONT).set_font_size(16);
    sheet.write_string_with_format(0, 0, "附件", &label)?;
    if !public {
        sheet.write_string_with_format(
            0,
            last,
            "内部掌握",
            &plain().set_bold().set_align(FormatAlign::Right),
        )?;
    }
    let title_row = 1;
    let header_row = 2;
    sheet.set_row_height(title_row, 48)?;
    let title_format = plain()
        .set_font_name(TITLE_FONT)
        .set_font_size(18)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    sheet.merge_range(title_row, 0, title_row, last, &title, &title_format)?;
    let head = boxed()
        .set_font_name(HEADING_FONT)
        .set_align(FormatAlign::Center);
    for (c, (h, w)) in (0u16..).zip(&headers) {
        sheet.write_string_with_format(header_row, c, h, &head)?;
        sheet.set_column_width(c, *w)?;
    }
    // the header's lines as the columns wrap them (a character unit short of the width)
    let header_lines = headers
        .iter()
        .map(|(h, w)| {
            h.lines()
                .map(|l| (style::text_width(l) / (w - 1.0)).ceil().max(1.0))
                .sum::<f64>()
        })
        .fold(1.0, f64::max);
    sheet.set_row_height(header_row, 16.0 * header_lines + 6.0)?;
    let text = boxed();
    let center = boxed().set_align(FormatAlign::Center);
    let row = if public {
        public_rows(results, settings, sheet, header_row + 1, &text, &center)?
    } else {
        internal_rows(results, sheet, header_row + 1, &text, &center)?
    };
    // A4 portrait holds about 95 character units; wider goes landscape
    let width: f64 = headers.iter().map(|(_, w)| w).sum();
    style::print_setup(sheet, width > 95.0, (header_row, header_row))?;
    sheet.set_print_area(0, 0, row.saturating_sub(1), last)?;
    // part of the 通报: Chinese whatever --lang, its footer too
    crate::report::style::finish(&mut workbook, Lang::Zh)
}

/// 序号, 单位, each top dimension, 基础分, 加分, 扣分, 总分, 名次, 等次.
fn internal_headers(results: &Results<'_>) -> Vec<(String, f64)> {
    let mut headers: Vec<(String, f64)> = vec![("序号".into(), 5.0), ("单位".into(), 10.0)];
    // a dimension's column holds 17.00 and four characters of its name a line
    for (_, h) in top_dimensions(results) {
        headers.push((h, DIMENSION_WIDTH));
    }
    let cap = results
        .fw
        .bonus_cap
        .map(|c| format!("加分\n（限{}分）", trim(c.as_f64())))
        .unwrap_or_else(|| "加分".into());
    for (h, w) in [
        ("基础分".to_string(), 8.0),
        (cap, 8.0),
        ("扣分".into(), 6.5),
        ("总分".into(), 8.0),
        ("名次".into(), 9.0),
        ("等次".into(), 7.0),
    ] {
        headers.push((h, w));
    }
    headers
}

fn internal_rows(
    results: &Results<'_>,
    sheet: &mut rust_xlsxwriter::Worksheet,
    first: u32,
    text: &Format,
    center: &Format,
) -> Result<u32, XlsxError> {
    let number = center.clone().set_num_format("0.00");
    let whole = center.clone().set_num_format("0");
    let tied_rank = center.clone().set_num_format("0\"（并列）\"");
    let total = results.scored.total();
    let dims = top_dimensions(results);
    let mut row = first;
    for (n, i) in (1u32..).zip(code_order(results)) {
        sheet.set_row_height(row, 20)?;
        sheet.write_number_with_format(row, 0, f64::from(n), &whole)?;
        sheet.write_string_with_format(row, 1, name(results, i), text)?;
        let mut c = 2u16;
        let score = total.and_then(|t| t.score[i]);
        let mut put = |c: u16, x: Option<f64>| -> Result<(), XlsxError> {
            match x {
                Some(s) => sheet.write_number_with_format(row, c, round2(s), &number)?,
                None => sheet.write_blank(row, c, &number)?,
            };
            Ok(())
        };
        for (node, _) in &dims {
            put(c, node.score[i])?;
            c += 1;
        }
        let parts = &results.composition[i];
        let scored = score.is_some();
        put(c, scored.then_some(parts.base))?;
        put(c + 1, scored.then_some(parts.bonus))?;
        put(c + 2, scored.then_some(parts.deductions))?;
        put(c + 3, score)?;
        match total.and_then(|t| t.rank[i]) {
            Some(r) => {
                let format = if tied(results, i) { &tied_rank } else { &whole };
                sheet.write_number_with_format(row, c + 4, f64::from(r), format)?
            }
            // 未报送 or 免报 where that is why there is no rank
            None => sheet.write_string_with_format(
                row,
                c + 4,
                results.absent(i).unwrap_or("—"),
                center,
            )?,
        };
        let grade = results
            .scored
            .grades
            .get(i)
            .cloned()
            .flatten()
            .map(|g| results.fw.grade_name(&g, Lang::Zh).to_string())
            .unwrap_or_default();
        sheet.write_string_with_format(row, c + 5, &grade, center)?;
        row += 1;
    }
    Ok(row)
}

/// Character units of names on a line of the public list's 单位 column (a
/// tenth short of its width: LibreOffice measures wider than Excel).
const PUBLIC_LINE: f64 = 60.0;

/// Names joined by 、 into lines of at most `width` character units, each
/// name whole on its line (no 深 / 泽县 across a break).
fn name_lines(names: &[String], width: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for (k, name) in names.iter().enumerate() {
        let piece = if k + 1 < names.len() {
            format!("{name}、")
        } else {
            name.clone()
        };
        if !line.is_empty() && style::text_width(&line) + style::text_width(&piece) > width {
            lines.push(std::mem::take(&mut line));
        }
        line.push_str(&piece);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// One row per grade: the grade, how many, the units by full name (、).
fn public_rows(
    results: &Results<'_>,
    settings: &Settings,
    sheet: &mut rust_xlsxwriter::Worksheet,
    first: u32,
    text: &Format,
    center: &Format,
) -> Result<u32, XlsxError> {
    let mut row = first;
    for (g, units) in grade_groups(results) {
        let names: Vec<String> = units
            .iter()
            .map(|i| {
                let full = settings.full_name(name(results, *i));
                match results.absent(*i) {
                    Some(a) => format!("{full}（{a}）"),
                    None => full,
                }
            })
            .collect();
        // part of the 通报: Chinese whatever --lang
        let lang = Lang::Zh;
        let grade = if g.is_empty() {
            lang.pick("未定等次", "no grade").to_string()
        } else {
            results.fw.grade_name(&g, lang).to_string()
        };
        let lines = name_lines(&names, PUBLIC_LINE);
        sheet.write_string_with_format(row, 0, &grade, center)?;
        let count = lang.pick(format!("{}个", names.len()), names.len().to_string());
        sheet.write_string_with_format(row, 1, count, center)?;
        sheet.write_string_with_format(row, 2, lines.join("\n"), text)?;
        // 12-pt lines of 16 points
        let count = f64::from(u16::try_from(lines.len()).unwrap_or(u16::MAX));
        sheet.set_row_height(row, 16.0 * count + 8.0)?;
        row += 1;
    }
    Ok(row)
}

/// Rounded to hundredths (the scores are exact hundredths already; this drops
/// binary noise).
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_break_between_names_never_inside_one() {
        let names: Vec<String> = ["长安区红十字会", "桥西区红十字会", "新华区红十字会"]
            .map(String::from)
            .to_vec();
        // each name is 14 units, with its 、 16: two fit in 32, the third goes on
        assert_eq!(
            name_lines(&names, 32.0),
            ["长安区红十字会、桥西区红十字会、", "新华区红十字会"]
        );
        assert_eq!(name_lines(&names, 100.0).len(), 1);
        assert!(name_lines(&[], 10.0).is_empty());
    }
}
