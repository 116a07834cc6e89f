//! The ranking workbook of `assess run` (the full assessment workbook comes
//! later): 综合排名 (rank with 并列, unit, total, grade, base, bonus,
//! deductions, veto, dimension scores) and 评分方法 (the method and the run record).

use rust_xlsxwriter::{Workbook, XlsxError};

use super::Results;
use super::measures::Written;
use super::style;

/// The workbook's bytes.
///
/// The longest sheet, 五有 (at 3,000 units 430,000 rows, two thirds of the
/// workbook's cells), is written on a thread of its own while this one writes
/// the sheets before it, and row by row in rust_xlsxwriter's low-memory mode:
/// each finished row goes to a temporary file in the system's temporary
/// folder. Only that sheet enters its strings and formats in the workbook's
/// shared tables as it goes (the others keep theirs until the workbook is
/// saved, then add them in sheet order), so the tables' order — and the
/// file's bytes — do not depend on which thread runs first.
#[allow(clippy::too_many_lines)] // two sheets, cell by cell
pub fn write(results: &Results<'_>) -> Result<Vec<u8>, XlsxError> {
    let (fw, lang, record) = (results.fw, results.lang, results);
    let mut workbook = Workbook::new();
    // a fast level of zlib: for 300 units it compresses in a third of the
    // default's time, for a file a third larger (3.6 MB instead of 2.7)
    workbook.set_zip_compression_level(2);
    let stage = record.stage.map(|s| format!("（{s}）")).unwrap_or_default();
    let title = lang.pick(
        format!("{}年度{}结果{stage}", record.year, fw.name),
        format!(
            "{} {} — results{stage}",
            record.year,
            lang.name(&fw.name, fw.name_en.as_deref())
        ),
    );
    workbook.set_properties(
        &style::properties_at(&title, record.timestamp)?
            .set_custom_property(crate::layout::PROP_KIND, crate::layout::KIND_ASSESSMENT),
    );
    let wuyou = match &fw.wuyou {
        Some(_) => Some(workbook.new_worksheet_with_low_memory()?),
        None => None,
    };
    std::thread::scope(|scope| {
        let wuyou = wuyou.map(|mut sheet| {
            scope.spawn(move || {
                super::wuyou_list::wuyou_sheet(&mut sheet, results).map(|r| (sheet, r))
            })
        });
        // what leadership reads first, then the per-county detail and the 五有 list
        let average = ranking_sheet(&mut workbook, results, &title)?;
        chart_sheet(&mut workbook, results, average)?;
        super::dimensions::sheet(&mut workbook, results)?;
        super::items::sheet(&mut workbook, results)?;
        if let Some(city) = record.city {
            super::decisions::write(&mut workbook, fw, city, results.days_late, lang)?;
        }
        super::shortfall::sheet(&mut workbook, results)?;
        super::profiles::sheet(&mut workbook, results)?;
        super::detail::sheet(&mut workbook, results)?;
        if let Some(wuyou) = wuyou {
            let (sheet, rates) = wuyou
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
            workbook.push_worksheet(sheet);
            super::wuyou_list::rates_sheet(&mut workbook, results, &rates)?;
        }
        Ok::<(), XlsxError>(())
    })?;
    quality_sheet(&mut workbook, results)?;
    super::audit::sheet(&mut workbook, results)?;
    if results.uncertainty.is_some() {
        super::robustness::sheet(&mut workbook, results)?;
    }

    let method = workbook.add_worksheet();
    method.set_name(lang.pick("评分标准", "Method"))?;
    let label = style::cell().set_bold().set_background_color("F2F2F2");
    let wrap = style::cell();
    let mut rows: Vec<(String, String)> = vec![
        (lang.pick("评估体系", "Framework").into(), format!("{} {} ({})", fw.id, fw.version, fw.name)),
        (lang.pick("体系标识", "Identity").into(), fw.identity()),
        (lang.pick("计分方式", "Mode").into(), fw.mode.name().to_string()),
        (lang.pick("评估年度", "Year").into(), record.year.to_string()),
        (lang.pick("阶段", "Stage").into(), record.stage.unwrap_or("").to_string()),
        (lang.pick("工具版本", "Tool version").into(), env!("CARGO_PKG_VERSION").to_string()),
        (
            lang.pick("运行时间", "Run time").into(),
            format!("{}（{}）", record.timestamp.text(), record.timestamp.source(lang)),
        ),
        (
            lang.pick("计分规则", "Rules").into(),
            lang.pick(
                "各指标得分 = 分值 × 得分比例，按十进制四舍五入保留两位小数；维度得分与基础分为所含指标得分之和；总分 = 基础分 + 加分（不超过上限）− 扣分；缺报按 0 分计；总分相同者并列，名次按“1、2、2、4”排列",
                "each indicator earns points × share, rounded half-up to 2 decimals; subtotals and the base are sums of those; total = base + bonus (capped) − deductions; missing scores 0; equal totals share a rank (1, 2, 2, 4)",
            )
            .into(),
        ),
    ];
    rows.push((
        lang.pick("上年比较", "Last year").into(),
        previous_words(record),
    ));
    for (file, hash) in record.inputs {
        rows.push((
            lang.pick("输入文件", "Input").into(),
            format!("{file}  SHA-256 {hash}"),
        ));
    }
    // rows as tall as their wrapped text (the rules, the paths with their hashes)
    let mut written = Written::default();
    for (r, (l, v)) in (0u32..).zip(&rows) {
        written.text(method, (r, 0), l, &label)?;
        written.text(method, (r, 1), v, &wrap)?;
    }
    // the framework in words, as `assess indicators` prints it
    let first = u32::try_from(rows.len()).unwrap_or(0) + 1;
    method.write_string_with_format(
        first,
        0,
        lang.pick("评分标准全文", "The framework"),
        &label,
    )?;
    for (r, line) in (first..).zip(crate::framework::describe::tree(fw, lang).lines()) {
        written.text(method, (r, 1), line, &wrap)?;
    }
    written.fit(method, &[(18.0, 18.0), (90.0, 90.0)])?;
    style::print_setup(method, false, (0, 0))?;
    crate::report::style::finish(&mut workbook, lang)
}

/// How last year's results were obtained, for the method sheet.
fn previous_words(results: &Results<'_>) -> String {
    use crate::assessment::PreviousBasis;
    let lang = results.lang;
    match results.previous {
        None => lang
            .pick(
                "无上年结果（未找到上年报表，也未给出 --previous-result）",
                "none (no submissions of last year found, no --previous-result given)",
            )
            .into(),
        Some(p) => match &p.basis {
            PreviousBasis::Rescored { from } => lang.pick(
                format!(
                    "{} 年各县报表（{}）按本年评分标准重新计分，同口径比较",
                    p.year,
                    from.join("、")
                ),
                format!(
                    "{}'s submissions ({}) re-scored under this year's framework (like with like)",
                    p.year,
                    from.join(", ")
                ),
            ),
            PreviousBasis::Published { file } => lang.pick(
                format!("{} 年公布结果（{file}），按当年评分标准", p.year),
                format!(
                    "{}'s published results ({file}), under that year's framework",
                    p.year
                ),
            ),
        },
    }
}

/// One cell of the ranking: a number with its format, or text.
enum Cell {
    Number(f64, &'static str),
    Text(String),
    Blank,
}

/// Number formats: ranks that show 并列 when shared, and changes with arrows.
const RANK: &str = "0";
const RANK_TIED: &str = r#"0" (并列)""#;
const RANK_TIED_EN: &str = r#"0" (tied)""#;
const SCORE: &str = "0.00";
/// A rank change: positive = moved up (↑2), negative = moved down (↓1), zero = —.
const RANK_CHANGE: &str = r#""↑"0;"↓"0;"—""#;
/// A score change with its sign.
const SCORE_CHANGE: &str = r#""+"0.00;"−"0.00;"—""#;

/// The signed change `new − old` in hundredths (so that 0.1 + 0.2 prints as 0.30).
fn change(new: Option<f64>, old: Option<f64>) -> Option<f64> {
    new.zip(old).map(|(n, o)| ((n - o) * 100.0).round() / 100.0)
}

/// The leadership's columns of 综合排名 fit one A4 landscape page at full
/// size for up to this many units; beyond, the sheet prints one page wide over
/// as many pages as it needs, the header repeated.
pub const ONE_PAGE_UNITS: usize = 30;
/// Row heights of 综合排名 (points): title, header, each unit and a line of a note.
const TITLE_HEIGHT: f64 = 26.0;
const HEADER_HEIGHT: f64 = 30.0;
const ROW_HEIGHT: f64 = 14.5;

/// 综合排名, as leadership reads and prints it: rank (并列 shown), unit,
/// total, grade, base, bonus, deductions, veto, the change against last year,
/// commendation and a note (未报送/免报, a grade the 党组 decided, a veto, a
/// bonus over the cap, days late); below, the city average and footnotes
/// that explain the total, the grades and their quota, the comparison and any
/// 党组 decision. Those columns are the print area (one A4 landscape page at
/// 10.5 pt for up to [`ONE_PAGE_UNITS`] units). To their right, for the
/// screen only, the unit code, last year's total and rank and, with a city
/// workbook, the 自评 total and the city's difference; the dimension points
/// are on 分项得分, the chart of the totals on 总分图.
#[allow(clippy::too_many_lines)] // one column after another
fn ranking_sheet(
    workbook: &mut Workbook,
    results: &Results<'_>,
    title: &str,
) -> Result<u16, XlsxError> {
    let (fw, scored, lang) = (results.fw, results.scored, results.lang);
    let sheet = workbook.add_worksheet();
    sheet.set_name(lang.pick("综合排名", "Ranking"))?;
    let total = scored.total();
    let n = scored.units.len();
    let rank_of = |i: usize| total.and_then(|t| t.rank[i]);
    let score_of = |i: usize| total.and_then(|t| t.score[i]);
    let composition = results.composition;
    let proposed_other = |i: usize| -> Option<String> {
        let proposed = results.proposed?.get(i).cloned().flatten()?;
        (Some(&proposed) != scored.grades.get(i).and_then(Option::as_ref)).then_some(proposed)
    };
    let decided: Vec<usize> = (0..n).filter(|i| proposed_other(*i).is_some()).collect();
    let self_total = |i: usize| {
        results
            .self_scored
            .and_then(|x| x.total())
            .and_then(|t| t.score[i])
    };
    let previous = results.previous;
    let last_year = previous.map_or(results.year - 1, |p| p.year);
    let before = |i: usize| previous.and_then(|p| p.totals.get(&scored.units[i]));
    let points_mode = fw.mode == crate::framework::Mode::Points;

    let names: Vec<String> = (0..n)
        .map(|i| super::measures::unit_name(results, &scored.units[i]))
        .collect();
    let notes: Vec<String> = (0..n)
        .map(|i| ranking_note(results, i, proposed_other(i).as_deref()))
        .collect();
    // the columns: header, width and the cell of unit i; `printed` of them
    // are leadership's, the rest are for the screen
    type Column<'c> = (String, f64, Box<dyn Fn(usize) -> Cell + 'c>);
    let mut columns: Vec<Column<'_>> = Vec::new();
    let tied_format = lang.pick(RANK_TIED, RANK_TIED_EN);
    let any_tied = (0..n)
        .any(|i| rank_of(i).is_some_and(|r| (0..n).filter(|j| rank_of(*j) == Some(r)).count() > 1));
    columns.push((
        lang.pick("名次", "Rank").into(),
        if any_tied { 9.0 } else { 6.0 },
        Box::new(move |i| match rank_of(i) {
            Some(r) => {
                let shared = (0..n).filter(|j| rank_of(*j) == Some(r)).count() > 1;
                Cell::Number(f64::from(r), if shared { tied_format } else { RANK })
            }
            None => Cell::Text("—".into()),
        }),
    ));
    let average_label = lang.pick("全市平均", "City average");
    columns.push((
        lang.pick("单位", "Unit").into(),
        style::fit(
            names.iter().map(String::as_str).chain([average_label]),
            9.0,
            20.0,
        ),
        Box::new(|i| Cell::Text(names[i].clone())),
    ));
    columns.push((
        lang.pick("总分", "Total").into(),
        7.0,
        Box::new(move |i| score_of(i).map_or(Cell::Blank, |t| Cell::Number(t, SCORE))),
    ));
    let grade_of = move |i: usize| -> String {
        scored
            .grades
            .get(i)
            .cloned()
            .flatten()
            .map(|g| fw.grade_name(&g, lang).to_string())
            .unwrap_or_default()
    };
    let grades: Vec<String> = (0..n).map(grade_of).collect();
    columns.push((
        lang.pick("等次", "Grade").into(),
        style::fit(
            grades
                .iter()
                .map(String::as_str)
                .chain([lang.pick("等次", "Grade")]),
            6.0,
            12.0,
        ),
        Box::new(move |i| Cell::Text(grade_of(i))),
    ));
    if points_mode {
        columns.push((
            lang.pick("基础分", "Base").into(),
            7.0,
            Box::new(move |i| {
                total
                    .and_then(|t| t.value[i])
                    .map_or(Cell::Blank, |b| Cell::Number(b, SCORE))
            }),
        ));
        columns.push((
            lang.pick("加分", "Bonus").into(),
            6.0,
            Box::new(move |i| Cell::Number(composition[i].bonus, SCORE)),
        ));
        columns.push((
            lang.pick("扣分", "Deductions").into(),
            lang.pick(6.0, 10.0),
            Box::new(move |i| Cell::Number(composition[i].deductions, SCORE)),
        ));
        columns.push((
            lang.pick("否决", "Veto").into(),
            5.0,
            Box::new(move |i| {
                let veto = !composition[i].vetoes.is_empty();
                Cell::Text(if veto { "✕".into() } else { String::new() })
            }),
        ));
    }
    if previous.is_some() {
        columns.push((
            lang.pick("分数变化", "Score change").into(),
            8.0,
            Box::new(move |i| {
                change(score_of(i), before(i).and_then(|b| b.total))
                    .map_or(Cell::Blank, |d| Cell::Number(d, SCORE_CHANGE))
            }),
        ));
        columns.push((
            lang.pick("名次变化", "Rank change").into(),
            8.0,
            Box::new(
                move |i| match (rank_of(i), before(i).and_then(|b| b.rank)) {
                    (Some(now), Some(then)) => {
                        Cell::Number(f64::from(then) - f64::from(now), RANK_CHANGE)
                    }
                    _ => Cell::Blank,
                },
            ),
        ));
    }
    if !fw.commendations.is_empty() {
        let commended = results.commended.iter().flatten().map(String::as_str);
        columns.push((
            lang.pick("表彰", "Commended").into(),
            style::fit(commended.chain([lang.pick("表彰", "Commended")]), 6.0, 12.0),
            Box::new(|i| {
                Cell::Text(
                    results
                        .commended
                        .get(i)
                        .cloned()
                        .flatten()
                        .unwrap_or_default(),
                )
            }),
        ));
    }
    // the note takes what the page leaves, less 0.7 of a width per column's padding
    let used: f64 = columns.iter().map(|c| c.1 + 0.7).sum();
    let note_width = (PAGE_WIDTH - used - 0.7).max(12.0);
    columns.push((
        lang.pick("备注", "Note").into(),
        note_width,
        Box::new(|i| Cell::Text(notes[i].clone())),
    ));
    let printed = columns.len();
    // for the screen: the code, last year, the 自评 total
    columns.push((
        lang.pick("单位代码", "Code").into(),
        10.0,
        Box::new(|i| Cell::Text(scored.units[i].to_string())),
    ));
    if previous.is_some() {
        columns.push((
            lang.pick(format!("{last_year}年总分"), format!("{last_year} total")),
            10.0,
            Box::new(move |i| {
                before(i)
                    .and_then(|b| b.total)
                    .map_or(Cell::Blank, |t| Cell::Number(t, SCORE))
            }),
        ));
        columns.push((
            lang.pick(format!("{last_year}年名次"), format!("{last_year} rank")),
            10.0,
            Box::new(move |i| {
                before(i)
                    .and_then(|b| b.rank)
                    .map_or(Cell::Blank, |r| Cell::Number(f64::from(r), RANK))
            }),
        ));
    }
    if results.self_scored.is_some() {
        columns.push((
            lang.pick("自评总分", "Self-assessed").into(),
            10.0,
            Box::new(move |i| self_total(i).map_or(Cell::Blank, |t| Cell::Number(t, SCORE))),
        ));
        columns.push((
            lang.pick("核定差额", "Reviewed − self").into(),
            10.0,
            Box::new(move |i| {
                change(score_of(i), self_total(i)).map_or(Cell::Blank, |d| Cell::Number(d, SCORE))
            }),
        ));
    }

    let last_printed = u16::try_from(printed - 1).unwrap_or(0);
    style::title_row(sheet, last_printed, title)?;
    sheet.set_row_height(0, TITLE_HEIGHT)?;
    sheet.set_row_height(1, HEADER_HEIGHT)?;
    for (c, (h, w, _)) in (0u16..).zip(&columns) {
        sheet.write_string_with_format(1, c, h, &style::header())?;
        sheet.set_column_width(c, *w)?;
    }
    // rank order, then unit code
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|a, b| {
        (rank_of(*a).unwrap_or(u32::MAX), &scored.units[*a])
            .cmp(&(rank_of(*b).unwrap_or(u32::MAX), &scored.units[*b]))
    });
    let text = style::cell();
    let center = style::cell_center();
    let unit_column = 1;
    let note_column = u16::try_from(printed - 1).unwrap_or(0);
    for (row, i) in (2u32..).zip(&order) {
        let lines = (style::text_width(&notes[*i]) / (note_width - 1.0).max(1.0))
            .ceil()
            .max(1.0);
        sheet.set_row_height(row, ROW_HEIGHT * lines)?;
        for (c, (_, _, cell)) in (0u16..).zip(&columns) {
            match cell(*i) {
                Cell::Number(v, format) => sheet.write_number_with_format(
                    row,
                    c,
                    v,
                    &center.clone().set_num_format(format),
                )?,
                Cell::Text(t) => {
                    let format = if c == unit_column || c == note_column {
                        &text
                    } else {
                        &center
                    };
                    sheet.write_string_with_format(row, c, t, format)?
                }
                Cell::Blank => sheet.write_blank(row, c, &center)?,
            };
        }
    }
    // the city average of the totals, below the units
    let units_end = 2 + u32::try_from(n).unwrap_or(0);
    let average_row = units_end;
    sheet.set_row_height(average_row, ROW_HEIGHT)?;
    sheet.write_string_with_format(average_row, 1, average_label, &style::header())?;
    let mean = |values: Vec<f64>| super::measures::mean(&values).map(super::measures::round2);
    let average_total = mean((0..n).filter_map(score_of).collect());
    let score_format = center.clone().set_num_format(SCORE).set_bold();
    if let Some(a) = average_total {
        sheet.write_number_with_format(average_row, 2, a, &score_format)?;
    }
    // the footnotes, each merged over the printed columns, as high as its lines
    let width: f64 = columns[..printed].iter().map(|c| c.1 + 0.7).sum();
    let mut row = average_row + 1;
    for line in footnotes(results, &decided, last_year) {
        let lines = (style::text_width(&line) / (width - 2.0)).ceil().max(1.0);
        sheet.merge_range(row, 0, row, last_printed, &line, &style::note())?;
        sheet.set_row_height(row, ROW_HEIGHT * lines + 2.0)?;
        row += 1;
    }
    // the chart's line (on 总分图): the average beside each unit, in a hidden column
    let helper = u16::try_from(columns.len()).unwrap_or(u16::MAX);
    sheet.write_string(1, helper, average_label)?;
    if let Some(a) = average_total {
        for row in 2..units_end {
            sheet.write_number(row, helper, a)?;
        }
    }
    sheet.set_column_hidden(helper)?;
    sheet.set_freeze_panes(2, 2)?;
    style::print_setup(sheet, true, (1, 1))?;
    sheet.set_margins(0.4, 0.4, 0.5, 0.5, 0.25, 0.25);
    if n <= ONE_PAGE_UNITS {
        sheet.set_print_fit_to_pages(1, 1);
    }
    sheet.set_print_area(0, 0, row.saturating_sub(1), last_printed)?;
    Ok(helper)
}

/// Character widths the printed columns of 综合排名 take in all: A4
/// landscape holds about 140 within its margins in Excel (7 pixels a width),
/// but LibreOffice measures a width by its own default font, about a quarter
/// wider; 110 leaves both at full size (measured: 140 printed at 79 % there).
const PAGE_WIDTH: f64 = 110.0;

/// 备注 of unit `i` on 综合排名: 未报送/免报, the grade the rules proposed
/// when the 党组 decided another, the vetoes, a bonus over the cap, days late.
fn ranking_note(results: &Results<'_>, i: usize, proposed: Option<&str>) -> String {
    let (fw, lang) = (results.fw, results.lang);
    let c = &results.composition[i];
    let mut parts: Vec<String> = Vec::new();
    if let Some(absent) = results.absent(i) {
        parts.push(absent.to_string());
    }
    if let Some(p) = proposed {
        let p = fw.grade_name(p, lang);
        parts.push(lang.pick(
            format!("党组审定（原拟{p}）"),
            format!("decided by the board (proposed: {p})"),
        ));
    }
    for v in &c.vetoes {
        let label = crate::framework::item_label(&fw.vetoes, v, lang);
        parts.push(lang.pick(format!("一票否决：{label}"), format!("veto: {label}")));
    }
    if c.bonus_uncapped > c.bonus {
        let (claimed, counted) = (
            crate::framework::check::number(super::measures::round2(c.bonus_uncapped)),
            crate::framework::check::number(c.bonus),
        );
        parts.push(lang.pick(
            format!("加分 {claimed} 分超上限，计 {counted} 分"),
            format!("bonus {claimed} over the cap, {counted} counted"),
        ));
    }
    if let Some(late) = results
        .days_late
        .get(&results.scored.units[i])
        .filter(|d| **d > 0)
    {
        parts.push(lang.pick(format!("逾期 {late} 天"), format!("{late} days late")));
    }
    parts.join(lang.pick("；", "; "))
}

/// The footnotes under 综合排名: how the total is made, the grades and their
/// quota, the commendation, what the change compares with, the 党组's decisions.
fn footnotes(results: &Results<'_>, decided: &[usize], last_year: i32) -> Vec<String> {
    let (fw, lang) = (results.fw, results.lang);
    let mut notes: Vec<String> = Vec::new();
    if fw.mode == crate::framework::Mode::Points {
        let cap = fw
            .bonus_cap
            .map(|c| {
                lang.pick(
                    format!("，加分最多计 {c} 分"),
                    format!(", the bonus counted up to {c}"),
                )
            })
            .unwrap_or_default();
        notes.push(lang.pick(
            format!("总分 = 基础分 + 加分 − 扣分{cap}；总分相同者名次并列；一票否决者评为不合格。"),
            format!("Total = base + bonus − deductions{cap}; equal totals share a rank; a veto grades the unit fail."),
        ));
    }
    if !fw.grades.is_empty() {
        let grades: Vec<String> = fw
            .grades
            .iter()
            .map(|g| crate::framework::describe::grade_words(g, lang))
            .collect();
        notes.push(lang.pick(
            format!("等次：{}。", grades.join("；")),
            format!("Grades: {}.", grades.join("; ")),
        ));
    }
    for m in &fw.commendations {
        let needs = m
            .requires_grade
            .as_ref()
            .map(|g| lang.pick(format!("且等次为{g}"), format!(", graded {g}")))
            .unwrap_or_default();
        notes.push(lang.pick(
            format!("{}：总分前 {} 名{needs}。", m.name, m.top),
            format!(
                "{}: the top {}{needs}.",
                lang.name(&m.name, m.name_en.as_deref()),
                m.top
            ),
        ));
    }
    if results.previous.is_some() {
        notes.push(lang.pick(
            format!("分数变化、名次变化：与 {last_year} 年相比（↑ 名次上升，↓ 名次下降）。"),
            format!("Score and rank change: against {last_year} (↑ up, ↓ down)."),
        ));
    }
    if !decided.is_empty() {
        let scored = results.scored;
        let which: Vec<String> = decided
            .iter()
            .map(|&i| {
                let name = super::measures::unit_name(results, &scored.units[i]);
                let proposed = results
                    .proposed
                    .and_then(|p| p.get(i).cloned().flatten())
                    .unwrap_or_default();
                let grade = scored.grades.get(i).cloned().flatten().unwrap_or_default();
                lang.pick(
                    format!("{name}由“{proposed}”审定为“{grade}”"),
                    format!("{name} from {proposed} to {grade}"),
                )
            })
            .collect();
        notes.push(lang.pick(
            format!("经党组审定：{}。", which.join("，")),
            format!("Decided by the board: {}.", which.join(", ")),
        ));
    }
    if let Some(first) = notes.first_mut() {
        first.insert_str(0, lang.pick("注：", "Notes: "));
    }
    notes
}

/// 总分图: the bar chart of the totals with the city average as a line, on a
/// page of its own (it reads 综合排名's cells: units in column B, totals in
/// C, the average in the hidden column `helper`).
fn chart_sheet(
    workbook: &mut Workbook,
    results: &Results<'_>,
    helper: u16,
) -> Result<(), XlsxError> {
    let lang = results.lang;
    let n = results.scored.units.len();
    let ranking = lang.pick("综合排名", "Ranking");
    let sheet = workbook.add_worksheet();
    sheet.set_name(lang.pick("总分图", "Totals chart"))?;
    if n == 0 {
        return Ok(());
    }
    let units_end = 2 + u32::try_from(n).unwrap_or(0);
    let mut chart = rust_xlsxwriter::Chart::new_column();
    chart
        .add_series()
        .set_name(lang.pick("总分", "Total"))
        .set_categories((ranking, 2, 1, units_end - 1, 1))
        .set_values((ranking, 2, 2, units_end - 1, 2));
    let mut line = rust_xlsxwriter::Chart::new_line();
    line.add_series()
        .set_name(lang.pick("全市平均", "City average"))
        .set_categories((ranking, 2, 1, units_end - 1, 1))
        .set_values((ranking, 2, helper, units_end - 1, helper));
    chart.combine(&line);
    chart.show_hidden_data();
    chart
        .title()
        .set_name(lang.pick("各单位总分与全市平均", "Totals and the city average"));
    chart
        .legend()
        .set_position(rust_xlsxwriter::ChartLegendPosition::Bottom);
    // A4 landscape at full size: about 1,000 by 640 pixels
    chart.set_width(980).set_height(600);
    sheet.insert_chart(0, 0, &chart)?;
    style::print_setup(sheet, true, (0, 0))?;
    sheet.set_print_fit_to_pages(1, 1);
    Ok(())
}

/// 数据质量: every finding of the run, most serious first, and the indicators each one affects.
fn quality_sheet(workbook: &mut Workbook, results: &Results<'_>) -> Result<(), XlsxError> {
    let (fw, lang) = (results.fw, results.lang);
    let sheet = workbook.add_worksheet();
    sheet.set_name(lang.pick("数据质量", "Data quality"))?;
    let headers: [&str; 7] = lang.pick(
        ["级别", "文件", "单位", "位置", "字段", "说明", "影响的指标"],
        [
            "Severity",
            "File",
            "Unit",
            "Cell",
            "Field",
            "Message",
            "Indicators affected",
        ],
    );
    for (c, h) in (0u16..).zip(headers) {
        sheet.write_string_with_format(0, c, h, &style::header())?;
    }
    let mut findings: Vec<&crate::finding::Finding> = results.findings.iter().collect();
    findings.sort_by(|a, b| (a.severity, &a.file, &a.cell).cmp(&(b.severity, &b.file, &b.cell)));
    let text = style::cell();
    let mut written = Written::default();
    for (row, f) in (1u32..).zip(findings) {
        let affected: Vec<&str> = f
            .field
            .as_ref()
            .map(|code| {
                fw.indicators
                    .iter()
                    .filter(|i| {
                        i.value.fields.iter().any(|f| f == code)
                            || i.value.divide_by.as_ref().is_some_and(|d| d == code)
                    })
                    .map(|i| i.code.as_str())
                    .collect()
            })
            .unwrap_or_default();
        let file = crate::location::file_name(&f.file);
        let values = [
            f.severity.label(lang).to_string(),
            file,
            f.unit.clone().unwrap_or_default(),
            f.cell.as_ref().map(ToString::to_string).unwrap_or_default(),
            // the field by its name, the code beside it
            f.field.as_deref().map_or_else(String::new, |code| {
                fw.field(code).map_or_else(
                    || code.to_string(),
                    |d| {
                        let name = lang.name(&d.name, d.name_en.as_deref());
                        lang.pick(format!("{name}（{code}）"), format!("{name} ({code})"))
                    },
                )
            }),
            f.what.message(lang),
            affected.join("、"),
        ];
        for (c, v) in (0u16..).zip(&values) {
            written.text(sheet, (row, c), v, &text)?;
        }
    }
    let width = written.fit(
        sheet,
        &[6.0, 30.0, 10.0, 16.0, 16.0, 60.0, 12.0].map(|w| (w, w)),
    )?;
    sheet.set_freeze_panes(1, 0)?;
    style::print_setup(sheet, true, (0, 0))?;
    style::paper_for_width(sheet, width);
    Ok(())
}
