//! Each county's feedback workbook (反馈单): only its own results — points
//! lost and why, what would add most points, the city's decisions about it —
//! and, of the others, only city averages and medians.

use rust_xlsxwriter::{Chart, ChartType, Format, Workbook, Worksheet, XlsxError};

use super::Results;
use super::bulletin::Settings;
use super::measures::{MIN_GAIN, Shown, mean, median, population, round2, suggestions, unit_name};
use super::style;
use crate::code::FieldCode;
use crate::framework::check::number;
use crate::framework::describe;
use crate::framework::{Direction, Method, item_label};
use crate::lang::Lang;
use crate::score::NodeKind;
use crate::score::points::target_value;

/// Texts written per column, with their rows (for widths and heights).
type Seen = Vec<Vec<(u32, String)>>;

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

fn widths(sheet: &mut Worksheet, columns: &Seen, min: f64, max: f64) -> Result<(), XlsxError> {
    let mut set = Vec::new();
    for (c, texts) in columns.iter().enumerate() {
        let w = style::fit(texts.iter().map(|(_, t)| t), min, max);
        sheet.set_column_width(col(c), w)?;
        set.push(w);
    }
    fit_rows(sheet, columns, &set)
}

/// Row heights that show wrapped text whole (neither Excel nor LibreOffice
/// measures rows written without a height).
fn fit_rows(sheet: &mut Worksheet, columns: &Seen, widths: &[f64]) -> Result<(), XlsxError> {
    let mut lines: std::collections::BTreeMap<u32, f64> = std::collections::BTreeMap::new();
    for (c, texts) in columns.iter().enumerate() {
        let w = widths.get(c).copied().unwrap_or(8.43).max(1.0);
        for (row, t) in texts {
            let n: f64 = t
                .lines()
                .map(|l| (style::text_width(l) / (w - 1.0).max(1.0)).ceil().max(1.0))
                .sum();
            let e = lines.entry(*row).or_insert(1.0);
            *e = e.max(n);
        }
    }
    for (row, n) in lines {
        if n > 1.0 {
            sheet.set_row_height(row, style::wrapped_height(n))?;
        }
    }
    Ok(())
}

/// Writes a row of text cells, remembering the texts for column widths.
fn text_row(
    sheet: &mut Worksheet,
    row: u32,
    cells: &[String],
    format: &Format,
    seen: &mut Seen,
) -> Result<(), XlsxError> {
    for (c, t) in cells.iter().enumerate() {
        sheet.write_string_with_format(row, col(c), t, format)?;
        if seen.len() <= c {
            seen.resize(c + 1, Vec::new());
        }
        seen[c].push((row, t.clone()));
    }
    Ok(())
}

/// Writes one text cell, remembering it for the column's width.
fn put(
    sheet: &mut Worksheet,
    row: u32,
    c: usize,
    t: &str,
    format: &Format,
    seen: &mut Seen,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(row, col(c), t, format)?;
    if seen.len() <= c {
        seen.resize(c + 1, Vec::new());
    }
    seen[c].push((row, t.to_string()));
    Ok(())
}

/// Every printed page names the county and the year (the sheets of 21
/// counties look alike on a desk).
fn page_header(sheet: &mut Worksheet, heading: &str) {
    sheet.set_header(format!("&L{}", heading.replace('&', "&&")));
}

/// The feedback workbook of the unit at index `unit` of `results.scored.units`.
#[allow(clippy::too_many_lines)] // four sheets, cell by cell
pub fn write(
    results: &Results<'_>,
    settings: &Settings,
    unit: usize,
) -> Result<Vec<u8>, XlsxError> {
    let (fw, scored, lang, year) = (results.fw, results.scored, results.lang, results.year);
    let code = scored.units[unit].clone();
    let name = unit_name(results, &code);
    // the name as written in the county's file names
    let file_name = results
        .table
        .names
        .get(&code)
        .cloned()
        .unwrap_or_else(|| name.clone());
    let pop = population(fw, &code, year);
    let stage = results
        .stage
        .map(|s| lang.pick(format!("（{s}）"), format!(" ({s})")))
        .unwrap_or_default();
    let title = lang.pick(
        format!("{year}年度{name}红十字会核心能力评估反馈单{stage}"),
        format!("{year} core-capability assessment feedback: {name} Red Cross{stage}"),
    );
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &style::properties_at(&title, results.timestamp)?
            .set_custom_property(crate::layout::PROP_KIND, crate::layout::KIND_FEEDBACK),
    );

    let number2 = style::cell_center().set_num_format("0.00");
    let percent = style::cell_center().set_num_format("0.0%");
    let text = style::cell();
    let center = style::cell_center();
    let label = style::cell().set_bold().set_background_color("F2F2F2");

    // ---- 反馈单 -------------------------------------------------------
    let summary_name = lang.pick("反馈单", "Feedback");
    let sheet = workbook.add_worksheet();
    sheet.set_name(summary_name)?;
    let mut seen: Seen = Vec::new();
    let last = 7u16;
    style::title_row(sheet, last, &title)?;
    let total = scored.total();
    let total_score = total.and_then(|t| t.score[unit]);
    let rank = total.and_then(|t| t.rank[unit]);
    let tied = rank.is_some_and(|r| {
        total.is_some_and(|t| t.rank.iter().filter(|x| **x == Some(r)).count() > 1)
    });
    let n_units = scored.units.len();
    let rank_text = match rank {
        Some(r) if tied => lang.pick(
            format!("第 {r} 名（并列），共 {n_units} 个单位"),
            format!("{r} (tied) of {n_units}"),
        ),
        Some(r) => lang.pick(
            format!("第 {r} 名，共 {n_units} 个单位"),
            format!("{r} of {n_units}"),
        ),
        None => results.absent(unit).unwrap_or("—").to_string(),
    };
    let rank_text = match (rank, results.absent(unit)) {
        (Some(_), Some(absent)) => lang.pick(
            format!("{rank_text}（{absent}）"),
            format!("{rank_text} ({absent})"),
        ),
        _ => rank_text,
    };
    let grade = scored
        .grades
        .get(unit)
        .cloned()
        .flatten()
        .unwrap_or_default();
    let proposed = results
        .proposed
        .and_then(|p| p.get(unit).cloned().flatten())
        .filter(|p| *p != grade);
    let grade_text = match proposed {
        Some(p) => lang.pick(
            format!("{grade}（按评分规则为 {p}，党组审定为 {grade}）"),
            format!("{grade} (by the rules {p}; decided {grade})"),
        ),
        None => grade.clone(),
    };
    let commendation = results
        .commended
        .get(unit)
        .cloned()
        .flatten()
        .unwrap_or_else(|| "—".to_string());
    let facts: Vec<(String, String)> = vec![
        (
            lang.pick("单位", "Unit").into(),
            format!("{name}（{code}）"),
        ),
        (
            lang.pick("总分", "Total").into(),
            total_score.map_or_else(|| "—".to_string(), |t| format!("{t:.2}")),
        ),
        (lang.pick("名次", "Rank").into(), rank_text),
        (lang.pick("等次", "Grade").into(), grade_text),
        (lang.pick("表彰", "Commendation").into(), commendation),
        (
            lang.pick("构成", "Made of").into(),
            composition(results, unit),
        ),
    ];
    let mut facts = facts;
    if let Some(previous) = results.previous
        && let Some(before) = previous.totals.get(&code)
    {
        let total = before
            .total
            .map_or_else(|| "—".to_string(), |t| format!("{t:.2}"));
        let rank = before
            .rank
            .map(|r| r.to_string())
            .unwrap_or_else(|| "—".into());
        let grade = before.grade.clone().unwrap_or_default();
        facts.push((
            lang.pick(format!("{}年", previous.year), format!("{}", previous.year)),
            lang.pick(
                format!("总分 {total}，第 {rank} 名，{grade}"),
                format!("total {total}, rank {rank}, {grade}"),
            ),
        ));
    }
    let mut row = 1u32;
    for (l, v) in &facts {
        sheet.write_string_with_format(row, 0, l, &label)?;
        sheet.merge_range(row, 1, row, last, v, &text)?;
        row += 1;
    }
    if let Some(t) = total_score {
        // the total as a number too, for whoever reads the file by machine
        sheet.write_number_with_format(2, 1, t, &number2)?;
    }
    row += 1;
    let header_row = row;
    let headers: [&str; 8] = lang.pick(
        [
            "维度",
            "名称",
            "得分",
            "满分",
            "失分",
            "失分率",
            "全市平均",
            "全市中位数",
        ],
        [
            "Dimension",
            "Name",
            "Points",
            "Possible",
            "Lost",
            "Lost %",
            "City average",
            "City median",
        ],
    );
    text_row(
        sheet,
        header_row,
        &headers.map(String::from),
        &style::header(),
        &mut seen,
    )?;
    row += 1;
    // radar data: dimension, own %, city average %
    let mut radar: Vec<(String, f64, f64)> = Vec::new();
    let top: Vec<_> = fw.top_dimensions().collect();
    for d in &top {
        let Some(node) = scored.node(&d.code).filter(|n| n.kind == NodeKind::Group) else {
            continue;
        };
        let earned = node.score[unit].unwrap_or(0.0);
        let all: Vec<f64> = node.score.iter().flatten().copied().collect();
        let dname = lang.name(&d.name, d.name_en.as_deref()).to_string();
        text_row(
            sheet,
            row,
            &[d.code.clone(), dname.clone()],
            &text,
            &mut seen,
        )?;
        sheet.write_number_with_format(row, 2, earned, &number2)?;
        let avg = mean(&all);
        let med = median(&all);
        if let Some(m) = node.max {
            let lost = round2(m - earned);
            sheet.write_number_with_format(row, 3, m, &number2)?;
            sheet.write_number_with_format(row, 4, lost, &number2)?;
            if m > 0.0 {
                sheet.write_number_with_format(row, 5, lost / m, &percent)?;
                radar.push((
                    dname.clone(),
                    round2(earned / m * 100.0),
                    round2(avg.unwrap_or(0.0) / m * 100.0),
                ));
            }
        }
        if let Some(a) = avg {
            sheet.write_number_with_format(row, 6, round2(a), &number2)?;
        }
        if let Some(m) = med {
            sheet.write_number_with_format(row, 7, round2(m), &number2)?;
        }
        row += 1;
    }
    row += 1;
    sheet.merge_range(
        row,
        0,
        row,
        last,
        lang.pick(
            "注：全市平均、全市中位数按全部参评单位计算；本反馈单只含本单位结果。",
            "Note: city average and median are over all assessed units; this feedback holds this unit's results only.",
        ),
        &style::note(),
    )?;
    row += 1;
    // who sends it, and when (the run's timestamp, never the clock)
    let issued = lang.pick(
        format!(
            "{}　{}",
            settings.issuer.name,
            super::bulletin::settings::chinese_date(results.timestamp.date())
        ),
        format!(
            "{}, {}",
            settings.issuer.name,
            crate::date::text(results.timestamp.date())
        ),
    );
    sheet.merge_range(
        row,
        0,
        row,
        last,
        &issued,
        &style::base().set_align(rust_xlsxwriter::FormatAlign::Right),
    )?;
    row += 2;
    // the radar chart's data
    let data_header = row;
    text_row(
        sheet,
        data_header,
        &[
            lang.pick("维度", "Dimension").to_string(),
            lang.pick("本单位得分率（%）", "This unit (% of points)")
                .to_string(),
            lang.pick("全市平均得分率（%）", "City average (% of points)")
                .to_string(),
        ],
        &style::header(),
        &mut seen,
    )?;
    row += 1;
    let first_data = row;
    for (d, own, avg) in &radar {
        put(sheet, row, 0, d, &text, &mut seen)?;
        sheet.write_number_with_format(row, 1, *own, &number2)?;
        sheet.write_number_with_format(row, 2, *avg, &number2)?;
        row += 1;
    }
    if !radar.is_empty() {
        let last_data = row - 1;
        let mut chart = Chart::new(ChartType::Radar);
        chart
            .title()
            .set_name(lang.pick("各维度得分率（%）", "Points by dimension (%)"));
        chart
            .add_series()
            .set_name(name.as_str())
            .set_categories((summary_name, first_data, 0, last_data, 0))
            .set_values((summary_name, first_data, 1, last_data, 1));
        chart
            .add_series()
            .set_name(lang.pick("全市平均", "City average"))
            .set_categories((summary_name, first_data, 0, last_data, 0))
            .set_values((summary_name, first_data, 2, last_data, 2));
        chart.set_width(620).set_height(400);
        sheet.insert_chart(row + 1, 0, &chart)?;
    }
    widths(sheet, &seen, 8.0, 30.0)?;
    sheet.set_column_width(
        1,
        style::fit(
            seen.get(1).into_iter().flatten().map(|(_, t)| t),
            14.0,
            30.0,
        ),
    )?;
    style::print_setup(sheet, false, (header_row, header_row))?;
    page_header(sheet, &title);

    // ---- 指标得分 -----------------------------------------------------
    let sheet = workbook.add_worksheet();
    sheet.set_name(lang.pick("指标得分", "Indicators"))?;
    let mut seen: Seen = Vec::new();
    let previous_year = results.previous.map(|p| p.year);
    let last_year_header = previous_year.map_or_else(
        || lang.pick("上年得分", "Last year").to_string(),
        |y| lang.pick(format!("{y}年得分"), format!("{y} points")),
    );
    let mut headers: Vec<String> = lang
        .pick(
            [
                "指标",
                "指标名称",
                "取值",
                "目标",
                "完成率",
                "得分",
                "",
                "满分",
                "失分",
                "失分原因",
                "自评分",
                "核定分",
                "差额",
                "调整理由",
                "维度",
                "来源",
                "备注",
            ],
            [
                "Indicator",
                "Name",
                "Value",
                "Target",
                "Completion",
                "Points",
                "",
                "Possible",
                "Lost",
                "Why points were lost",
                "Self-assessed",
                "Reviewed",
                "Difference",
                "Reason for change",
                "Dimension",
                "Source",
                "Note",
            ],
        )
        .map(String::from)
        .to_vec();
    headers[6] = last_year_header;
    text_row(sheet, 0, &headers, &style::header(), &mut seen)?;
    let mut row = 1u32;
    for ind in &fw.indicators {
        let Some(node) = scored.node(&ind.code) else {
            continue;
        };
        let value = node.value[unit];
        let earned = node.score[unit];
        let shown = Shown::of(fw, ind);
        let value_format = style::cell_center().set_num_format(shown.format());
        text_row(
            sheet,
            row,
            &[
                ind.code.to_string(),
                lang.name(&ind.name, ind.name_en.as_deref()).to_string(),
            ],
            &text,
            &mut seen,
        )?;
        put(sheet, row, 14, &ind.dimension, &text, &mut seen)?;
        match value {
            Some(v) => sheet.write_number_with_format(row, 2, v, &value_format)?,
            None => {
                sheet.write_string_with_format(row, 2, lang.pick("未报", "missing"), &center)?
            }
        };
        let mut ratio = None;
        let mut target = None;
        if let Method::TargetRatio { target: t, .. } = &ind.method
            && let Some(t) = target_value(*t, pop)
        {
            target = Some(t);
            sheet.write_number_with_format(row, 3, t, &value_format)?;
            if let Some(v) = value {
                ratio = match ind.direction {
                    Direction::Higher if t != 0.0 => Some(v / t),
                    Direction::Lower if v > 0.0 => Some(t / v),
                    _ => None,
                };
                if let Some(r) = ratio {
                    sheet.write_number_with_format(row, 4, r, &percent)?;
                }
            }
        }
        if let Some(e) = earned {
            sheet.write_number_with_format(row, 5, e, &number2)?;
        }
        if let Some(before) = results
            .previous
            .and_then(|p| p.scores.get(&(code.clone(), ind.code.to_string())))
        {
            sheet.write_number_with_format(row, 6, *before, &number2)?;
        }
        if let Some(m) = node.max {
            sheet.write_number_with_format(row, 7, m, &number2)?;
            let lost = round2(m - earned.unwrap_or(0.0));
            sheet.write_number_with_format(row, 8, lost, &number2)?;
            if lost > 0.0 {
                let why = loss_words(results, ind, unit, (value, target, ratio), shown);
                put(sheet, row, 9, &why, &text, &mut seen)?;
            }
        }
        let fields: Vec<&FieldCode> = ind
            .value
            .fields
            .iter()
            .chain(ind.value.divide_by.iter())
            .collect();
        let sources: Vec<String> = fields
            .iter()
            .filter_map(|f| {
                results
                    .table
                    .sources
                    .get(&(code.clone(), (*f).clone()))
                    .map(|x| short_source(x, &file_name, lang))
            })
            .collect();
        put(sheet, row, 15, &sources.join("；"), &text, &mut seen)?;
        // 自评分, 核定分 and 差额 on every row once the city has reviewed
        if let Some(reported) = results.self_scored {
            let own = reported.node(&ind.code).and_then(|n| n.score[unit]);
            if let Some(o) = own {
                sheet.write_number_with_format(row, 10, o, &number2)?;
            }
            if let Some(r) = earned {
                sheet.write_number_with_format(row, 11, r, &number2)?;
            }
            if let (Some(o), Some(r)) = (own, earned) {
                sheet.write_number_with_format(row, 12, round2(r - o), &number2)?;
            }
        }
        let changed: Vec<String> = results
            .city
            .map(|c| {
                fields
                    .iter()
                    .filter_map(|f| c.adjusted.get(&(code.clone(), (*f).clone())))
                    .map(|a| a.reason.clone())
                    .collect()
            })
            .unwrap_or_default();
        if !changed.is_empty() {
            put(sheet, row, 13, &changed.join("；"), &text, &mut seen)?;
        }
        if let Some(note) = &ind.note {
            put(sheet, row, 16, note, &text, &mut seen)?;
        }
        row += 1;
    }
    let mut set = Vec::new();
    for (c, w) in [
        8.0, 16.0, 10.0, 10.0, 8.0, 7.0, 9.0, 7.0, 7.0, 24.0, 8.0, 8.0, 7.0, 16.0, 5.0, 22.0, 14.0,
    ]
    .iter()
    .enumerate()
    {
        let texts: Vec<&String> = seen.get(c).into_iter().flatten().map(|(_, t)| t).collect();
        let numeric = matches!(c, 2..=8 | 10..=12);
        let width = style::fit(texts, if numeric { *w } else { f64::min(*w, 6.0) }, *w);
        sheet.set_column_width(col(c), width)?;
        set.push(width);
    }
    fit_rows(sheet, &seen, &set)?;
    sheet.set_freeze_panes(1, 2)?;
    // landscape, the header row on every page; the print area is what a
    // county acts on (指标 … 调整理由: about 145 characters, 8-pt text on
    // A4); 维度, 来源 and 备注 stand right of it, for the screen
    style::print_setup(sheet, true, (0, 0))?;
    sheet.set_print_area(0, 0, row.saturating_sub(1), 13)?;
    page_header(sheet, &title);

    // ---- 改进建议 (left out when nothing is worth suggesting) ------------
    let list = suggestions(results, unit, pop);
    if !list.is_empty() {
        let sheet = workbook.add_worksheet();
        sheet.set_name(lang.pick("改进建议", "To improve"))?;
        let mut seen: Seen = Vec::new();
        let headers: [&str; 7] = lang.pick(
            [
                "序号",
                "指标",
                "指标名称",
                "建议（最近的一步）",
                "可增加分值",
                "当前取值",
                "下一步所需取值",
            ],
            [
                "No.",
                "Indicator",
                "Name",
                "Suggestion (the nearest step)",
                "Points gained",
                "Value now",
                "Value needed",
            ],
        );
        text_row(
            sheet,
            0,
            &headers.map(String::from),
            &style::header(),
            &mut seen,
        )?;
        let mut row = 1u32;
        for s in &list {
            text_row(
                sheet,
                row,
                &[
                    String::new(),
                    s.code.to_string(),
                    s.name.clone(),
                    s.text.clone(),
                ],
                &text,
                &mut seen,
            )?;
            let shown = fw
                .indicators
                .iter()
                .find(|i| i.code == s.code)
                .map_or(Shown::Two, |i| Shown::of(fw, i));
            let value_format = style::cell_center().set_num_format(shown.format());
            sheet.write_number_with_format(row, 0, f64::from(row), &center)?;
            sheet.write_number_with_format(row, 4, s.gain, &number2)?;
            if let Some(v) = s.value {
                sheet.write_number_with_format(row, 5, v, &value_format)?;
            }
            if s.level.is_finite() {
                sheet.write_number_with_format(row, 6, s.level, &value_format)?;
            }
            row += 1;
        }
        row += 1;
        sheet.merge_range(
            row,
            0,
            row,
            6,
            &lang.pick(
                format!("注：按可增加分值从多到少列出前 5 项；分级计分的指标给出下一档的要求；可增加不足 {MIN_GAIN} 分的不列。"),
                format!("Note: the five steps adding most points; for tiered indicators the next tier; steps adding under {MIN_GAIN} points are left out."),
            ),
            &style::note(),
        )?;
        sheet.set_row_height(row, 30)?;
        // the suggestion and the name wrap (rows sized to them), landscape
        // holds the seven columns at full size
        widths(sheet, &seen, 8.0, 36.0)?;
        style::print_setup(sheet, true, (0, 0))?;
        page_header(sheet, &title);
    }

    // ---- 复核调整 (left out when the city decided nothing about the unit) --
    let rows = city_rows(results, &code);
    if !rows.is_empty() {
        let sheet = workbook.add_worksheet();
        sheet.set_name(lang.pick("复核调整", "City decisions"))?;
        let mut seen: Seen = Vec::new();
        let headers: [&str; 6] = lang.pick(
            [
                "类别",
                "项目",
                "结果",
                "理由或依据",
                "经办人/日期",
                "来源单元格",
            ],
            [
                "Kind",
                "Item",
                "Result",
                "Reason or basis",
                "By / date",
                "Cell",
            ],
        );
        text_row(
            sheet,
            0,
            &headers.map(String::from),
            &style::header(),
            &mut seen,
        )?;
        for (row, r) in (1u32..).zip(&rows) {
            text_row(sheet, row, r, &text, &mut seen)?;
        }
        widths(sheet, &seen, 8.0, 36.0)?;
        style::print_setup(sheet, true, (0, 0))?;
        page_header(sheet, &title);
    }

    crate::report::style::finish(&mut workbook, lang)
}

/// Why points were lost, in plain words: how far from the target, which
/// tier was reached and what the next one needs, what is missing.
fn loss_words(
    results: &Results<'_>,
    ind: &crate::framework::Indicator,
    unit: usize,
    (value, target, ratio): (Option<f64>, Option<f64>, Option<f64>),
    shown: Shown,
) -> String {
    let (fw, lang) = (results.fw, results.lang);
    let Some(v) = value else {
        return lang
            .pick("未填报，按 0 分计", "not reported: scored 0")
            .to_string();
    };
    match &ind.method {
        Method::TargetRatio { .. } => match (target, ratio) {
            (Some(t), Some(r)) => lang.pick(
                format!(
                    "目标 {}，完成 {:.1}%，按完成比例得分",
                    shown.text(t),
                    r * 100.0
                ),
                format!(
                    "target {}, {:.1}% reached: points in proportion",
                    shown.text(t),
                    r * 100.0
                ),
            ),
            _ => describe::method_words(fw, ind, lang),
        },
        Method::Tiers { .. } => {
            let node = results.scored.node(&ind.code);
            let max = node.and_then(|n| n.max).unwrap_or(0.0);
            let earned = node.and_then(|n| n.score[unit]).unwrap_or(0.0);
            match super::measures::next_tier(ind, value, max, earned) {
                Some((at, gain)) => lang.pick(
                    format!(
                        "现为 {}，达到 {} 可再得 {gain:.2} 分",
                        shown.text(v),
                        shown.text(at)
                    ),
                    format!(
                        "now {}; {} adds {gain:.2} points",
                        shown.text(v),
                        shown.text(at)
                    ),
                ),
                None => describe::method_words(fw, ind, lang),
            }
        }
        Method::Checklist => {
            let missing = super::measures::missing_items(results, ind, unit);
            lang.pick(
                format!("未达到：{}", missing.join("、")),
                format!("not met: {}", missing.join(", ")),
            )
        }
        _ => describe::method_words(fw, ind, lang),
    }
}

/// Base, bonus (capped), deductions and vetoes of the unit, in words.
fn composition(results: &Results<'_>, unit: usize) -> String {
    let (scored, lang) = (results.scored, results.lang);
    let c = &results.composition[unit];
    let (base, bonus, deductions) = (c.base, c.bonus, c.deductions);
    let vetoes: Vec<&str> = c
        .vetoes
        .iter()
        .map(|code| scored.node(code).map_or(code.as_str(), |n| n.name.as_str()))
        .collect();
    let mut text = lang.pick(
        format!("基础分 {base:.2}，加分 {bonus:.2}，扣分 {deductions:.2}"),
        format!("base {base:.2}, bonus {bonus:.2}, deductions {deductions:.2}"),
    );
    if !vetoes.is_empty() {
        text += &lang.pick(
            format!("；一票否决：{}", vetoes.join("、")),
            format!("; veto: {}", vetoes.join(", ")),
        );
    }
    text
}

/// A source cell with a short file label: `本单位填报表!指标数据!F5`,
/// `市级复核表!部室评分!G39` (the year and the extension left out).
fn short_source(source: &str, unit: &str, lang: Lang) -> String {
    let Some((file, cell)) = source.split_once('!') else {
        return source.to_string();
    };
    let stem = std::path::Path::new(file)
        .file_stem()
        .map_or_else(|| file.to_string(), |s| s.to_string_lossy().into_owned());
    let label = if stem.contains(unit) {
        lang.pick("本单位填报表", "own return").to_string()
    } else {
        match stem.split_once('-') {
            Some((year, rest)) if year.chars().all(|c| c.is_ascii_digit()) => rest.to_string(),
            _ => stem,
        }
    };
    format!("{label}!{cell}")
}

/// The city's decisions about this unit only.
fn city_rows(results: &Results<'_>, code: &str) -> Vec<Vec<String>> {
    let (fw, lang) = (results.fw, results.lang);
    let Some(city) = results.city else {
        return Vec::new();
    };
    let file = crate::location::file_name(&city.file);
    let mut rows = Vec::new();
    // a value or approval set by a ruling is told with its objection, below
    for ((u, field), a) in &city.adjusted {
        if u != code || a.ruling.is_some() {
            continue;
        }
        rows.push(vec![
            lang.pick("核定值", "reviewed value").into(),
            describe::field_name(fw, field, lang).to_string(),
            number(a.value),
            a.reason.clone(),
            format!("{} {}", a.reviewer, a.date).trim().to_string(),
            format!("{file}!{}", a.cell),
        ]);
    }
    for a in city
        .approvals
        .iter()
        .filter(|a| a.unit == code && a.ruling.is_none())
    {
        rows.push(vec![
            lang.pick("加分审核", "bonus").into(),
            item_label(&fw.bonus, &a.item, lang),
            if a.agreed {
                lang.pick(
                    format!("同意 {}", number(a.approved)),
                    format!("approved {}", number(a.approved)),
                )
            } else {
                lang.pick("不同意".to_string(), "refused".to_string())
            },
            a.reason.clone(),
            String::new(),
            format!("{file}!{}", a.cell),
        ]);
    }
    for ((u, item), d) in &city.deductions {
        if u != code {
            continue;
        }
        rows.push(vec![
            lang.pick("扣分", "deduction").into(),
            item_label(&fw.deductions, item, lang),
            number(d.count),
            format!("{} {}", d.basis, d.reason).trim().to_string(),
            String::new(),
            format!("{file}!{}", d.cell),
        ]);
    }
    for ((u, item), d) in &city.vetoes {
        if u != code {
            continue;
        }
        rows.push(vec![
            lang.pick("一票否决", "veto").into(),
            item_label(&fw.vetoes, item, lang),
            lang.pick("是", "yes").into(),
            format!("{} {}", d.basis, d.reason).trim().to_string(),
            String::new(),
            format!("{file}!{}", d.cell),
        ]);
    }
    if let Some(received) = city.received.get(code) {
        let late = results.days_late.get(code).copied().unwrap_or(0);
        if late > 0 {
            rows.push(vec![
                lang.pick("逾期报送", "late").into(),
                crate::date::text(received.value),
                lang.pick(format!("逾期 {late} 天"), format!("{late} days late")),
                String::new(),
                String::new(),
                format!("{file}!{}", received.cell),
            ]);
        }
    }
    // the unit's own objections, with the rulings on them
    for o in city.objections.iter().filter(|o| o.unit == code) {
        rows.push(super::decisions::objection_row(fw, city, o, lang).to_vec());
    }
    if let Some(d) = city.decided.get(code) {
        rows.push(vec![
            lang.pick("党组审定", "grade decision").into(),
            String::new(),
            d.value.clone(),
            String::new(),
            String::new(),
            format!("{file}!{}", d.cell),
        ]);
    }
    rows
}
