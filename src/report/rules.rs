//! The 评分细则 workbook: the framework as one printable table that the office
//! issues with the year's notice to counties.
//!
//! Layout: a title, a line of general rules, then one table (repeated header
//! row) with dimension rows, indicator rows, bonus, deductions, veto, grades
//! and the 五有 standard. A4 landscape, fit to one page wide.

use rust_xlsxwriter::{Workbook, XlsxError};

use super::style;
use crate::framework::describe::{
    bonus_words, deduction_words, grade_words, method_words, source_words, value_words, veto_words,
    wuyou_words,
};
use crate::framework::{Framework, Method, Node, Target};
use crate::lang::Lang;

/// One row of the table: code, name, points, target, rule, value, source.
type Row = [String; 7];

/// The workbook's bytes.
pub fn write(fw: &Framework, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let rows = rows(fw, lang);
    let mut workbook = Workbook::new();
    let title = lang.pick(
        format!("{}评分细则", fw.name),
        format!(
            "{} — scoring rules",
            lang.name(&fw.name, fw.name_en.as_deref())
        ),
    );
    workbook.set_properties(
        &style::properties(&title, fw.from_year)?
            .set_custom_property("framework-id", fw.id.as_str())
            .set_custom_property("framework-version", fw.version.as_str()),
    );
    let sheet = workbook.add_worksheet();
    sheet.set_name(lang.pick("评分细则", "Scoring rules"))?;

    let headers: [&str; 7] = lang.pick(
        [
            "代码",
            "维度 / 指标",
            "分值",
            "目标",
            "计分方法",
            "取值",
            "数据来源",
        ],
        [
            "Code",
            "Dimension / indicator",
            "Points",
            "Target",
            "Scoring",
            "Value",
            "Source",
        ],
    );
    let widths = [
        (6.0, 8.0),
        (18.0, 34.0),
        (6.0, 8.0),
        (8.0, 12.0),
        (30.0, 48.0),
        (20.0, 34.0),
        (12.0, 22.0),
    ];
    for (col, (min, max)) in widths.iter().enumerate() {
        let width = style::fit(
            rows.iter()
                .filter(|(kind, _)| *kind != RowKind::Section)
                .map(|(_, r)| r[col].as_str())
                .chain([headers[col]]),
            *min,
            *max,
        );
        sheet.set_column_width(u16::try_from(col).unwrap_or(0), width)?;
    }

    sheet.set_row_height(0, 30)?;
    sheet.merge_range(0, 0, 0, 6, &title, &style::title())?;
    let general = general_line(fw, lang);
    sheet.set_row_height(1, 32)?;
    sheet.merge_range(1, 0, 1, 6, &general, &style::note())?;
    for (col, text) in headers.iter().enumerate() {
        sheet.write_string_with_format(
            2,
            u16::try_from(col).unwrap_or(0),
            *text,
            &style::header(),
        )?;
    }

    let (cell, center, group) = (style::cell(), style::cell_center(), style::group());
    for (row, (kind, values)) in (3u32..).zip(rows.iter()) {
        match kind {
            RowKind::Section => {
                sheet.merge_range(row, 0, row, 6, &values[1], &group)?;
            }
            RowKind::Dimension => {
                for (col, text) in values.iter().enumerate() {
                    sheet.write_string_with_format(
                        row,
                        u16::try_from(col).unwrap_or(0),
                        text,
                        &group,
                    )?;
                }
            }
            RowKind::Item => {
                for (col, text) in values.iter().enumerate() {
                    let format = if matches!(col, 0 | 2 | 3) {
                        &center
                    } else {
                        &cell
                    };
                    sheet.write_string_with_format(
                        row,
                        u16::try_from(col).unwrap_or(0),
                        text,
                        format,
                    )?;
                }
            }
        }
    }
    sheet.set_freeze_panes(3, 0)?;
    style::print_setup(sheet, true, (2, 2))?;
    workbook.save_to_buffer()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowKind {
    Section,
    Dimension,
    Item,
}

fn general_line(fw: &Framework, lang: Lang) -> String {
    let ((sy, s), (ey, e)) = fw.period.dates(fw.from_year);
    let period = lang.pick(
        format!(
            "统计时段：上年 {} 月 {} 日至当年 {} 月 {} 日",
            s.month, s.day, e.month, e.day
        ),
        format!(
            "statistical period: {}-{:02} of the previous year to {}-{:02}",
            s.month, s.day, e.month, e.day
        ),
    );
    let period = if sy == ey {
        lang.pick(
            format!(
                "统计时段：{} 月 {} 日至 {} 月 {} 日",
                s.month, s.day, e.month, e.day
            ),
            format!(
                "statistical period: {}-{:02} to {}-{:02}",
                s.month, s.day, e.month, e.day
            ),
        )
    } else {
        period
    };
    let total = fw
        .total
        .map(|t| lang.pick(format!("基础分 {t} 分"), format!("base {t} points")))
        .unwrap_or_default();
    let cap = fw
        .bonus_cap
        .map(|c| {
            lang.pick(
                format!("，加分合计不超过 {c} 分"),
                format!(", bonus at most {c}"),
            )
        })
        .unwrap_or_default();
    let rounding = lang.pick(
        "各指标得分四舍五入保留两位小数，维度得分与总分为所含指标得分之和；缺报按 0 分计",
        "each indicator's points are rounded half-up to 2 decimals; subtotals and the total are sums of those; missing data scores 0",
    );
    format!(
        "{total}{cap}。{period}。{rounding}。（{} {}）",
        fw.id, fw.version
    )
}

fn target_text(method: &Method) -> String {
    use crate::framework::check::number;
    match method {
        Method::TargetRatio {
            target: Target::Fixed(t),
            ..
        }
        | Method::DistanceToTarget { target: t } => number(*t),
        Method::TargetRatio {
            target: Target::PerPeople { rate, per },
            ..
        } => format!("{}/{}", number(*rate), number(*per)),
        _ => String::new(),
    }
}

fn rows(fw: &Framework, lang: Lang) -> Vec<(RowKind, Row)> {
    let mut out = Vec::new();
    let empty = String::new;
    fn walk(fw: &Framework, node: Node<'_>, lang: Lang, out: &mut Vec<(RowKind, Row)>) {
        match node {
            Node::Dimension(d) => {
                out.push((
                    RowKind::Dimension,
                    [
                        d.code.clone(),
                        lang.name(&d.name, d.name_en.as_deref()).to_string(),
                        d.points.map(|p| p.to_string()).unwrap_or_default(),
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                    ],
                ));
                for child in fw.children(&d.code) {
                    walk(fw, child, lang, out);
                }
            }
            Node::Indicator(i) => out.push((
                RowKind::Item,
                [
                    i.code.clone(),
                    lang.name(&i.name, i.name_en.as_deref()).to_string(),
                    i.points.map(|p| p.to_string()).unwrap_or_default(),
                    target_text(&i.method),
                    method_words(fw, i, lang),
                    value_words(fw, i, lang),
                    source_words(fw, i, lang),
                ],
            )),
        }
    }
    for d in fw.top_dimensions() {
        walk(fw, Node::Dimension(d), lang, &mut out);
    }
    let section = |title: String| {
        (
            RowKind::Section,
            [empty(), title, empty(), empty(), empty(), empty(), empty()],
        )
    };
    if !fw.bonus.is_empty() {
        let cap = fw
            .bonus_cap
            .map(|c| {
                lang.pick(
                    format!("（合计不超过 {c} 分）"),
                    format!(" (at most {c} in all)"),
                )
            })
            .unwrap_or_default();
        out.push(section(format!("{}{cap}", lang.pick("加分项", "Bonus"))));
        for b in &fw.bonus {
            out.push((
                RowKind::Item,
                [
                    b.code.clone(),
                    lang.name(&b.name, b.name_en.as_deref()).to_string(),
                    format!("+{}", b.points),
                    empty(),
                    bonus_words(b.points, b.max, b.source, lang),
                    empty(),
                    lang.pick("加分申报表及佐证材料", "bonus claim with evidence")
                        .into(),
                ],
            ));
        }
    }
    if !fw.deductions.is_empty() {
        out.push(section(lang.pick("扣分项", "Deductions").into()));
        for d in &fw.deductions {
            out.push((
                RowKind::Item,
                [
                    d.code.clone(),
                    lang.name(&d.name, d.name_en.as_deref()).to_string(),
                    format!("−{}", d.points),
                    empty(),
                    deduction_words(d.points, d.max, d.counts, lang),
                    empty(),
                    lang.pick("市级认定（文件依据）", "city finding (document)")
                        .into(),
                ],
            ));
        }
    }
    if !fw.vetoes.is_empty() {
        out.push(section(lang.pick("一票否决", "Veto").into()));
        for v in &fw.vetoes {
            out.push((
                RowKind::Item,
                [
                    v.code.clone(),
                    lang.name(&v.name, v.name_en.as_deref()).to_string(),
                    empty(),
                    empty(),
                    veto_words(v.effect, lang).into(),
                    empty(),
                    lang.pick("市级认定（文件依据）", "city finding (document)")
                        .into(),
                ],
            ));
        }
    }
    if !fw.grades.is_empty() {
        out.push(section(lang.pick("等次评定", "Grades").into()));
        for g in &fw.grades {
            out.push((
                RowKind::Item,
                [
                    empty(),
                    lang.name(&g.name, g.name_en.as_deref()).to_string(),
                    format!("≥{}", g.min_score),
                    empty(),
                    grade_words(g, lang),
                    empty(),
                    empty(),
                ],
            ));
        }
    }
    if let Some(w) = &fw.wuyou {
        out.push(section(
            lang.pick("基层组织“五有”标准", "Grassroots standard")
                .into(),
        ));
        for line in wuyou_words(w, lang).lines() {
            out.push((
                RowKind::Item,
                [
                    empty(),
                    empty(),
                    empty(),
                    empty(),
                    line.trim().to_string(),
                    empty(),
                    empty(),
                ],
            ));
        }
    }
    out
}
