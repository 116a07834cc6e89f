//! The 评分细则 workbook: the framework as one printable table that the office
//! issues with the year's notice to counties, and edits to change points,
//! targets, tiers, caps and weights (`assess indicators --from-xlsx`, which
//! reads it back with `edit`).
//!
//! Layout: a title, a line of general rules, then one table (repeated header
//! row) with dimension rows, indicator rows, bonus, deductions, veto, grades
//! and the 五有 standard. A4 landscape, fit to one page wide.
//!
//! Columns A–J are printed: 代码, 维度 / 指标, then the parameters, each in a
//! column of its own and numbers as number cells — 分值 (权重 in a
//! `weighted-mean` framework), 目标 (the fixed target, or the rate of a
//! `target-per-people` target), 目标按人口 (that target's basis, 10000 shown as
//! 每万人), 封顶 (the `cap` of a completion rate; the `max` of a bonus or
//! deduction item; the `bonus-cap` on the 加分项 row), 档次门槛 (tiers as text:
//! `60%:0.6；80%:0.8；100%:1`) — then the rule, the value and the source in
//! words. A grade's `min-score` is in the 分值 column.
//!
//! Columns K–P are hidden and make the table readable back: K holds each row's
//! key ([`row_key`]: `indicator:D1`, `grade:优秀`), L–P the five parameters as
//! they were written, so that an edit is what differs from them. K1 and L1
//! hold the framework id and version (also custom document properties).

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::style;
use crate::framework::check::number;
use crate::framework::describe::{
    bonus_words, deduction_words, grade_words, method_words, source_words, value_words, veto_words,
    wuyou_words,
};
use crate::framework::{Framework, Indicator, Method, Mode, Node, Points, Target};
use crate::lang::Lang;

/// The header row (0-based; Excel's row 3); the table starts below it.
pub const HEADER_ROW: u32 = 2;
pub const COL_CODE: u16 = 0;
pub const COL_NAME: u16 = 1;
/// 分值 (or 权重): dimension and indicator points or weights, bonus and
/// deduction points, a grade's minimum score.
pub const COL_POINTS: u16 = 2;
/// 目标: the fixed target, or the rate of a per-people target.
pub const COL_TARGET: u16 = 3;
/// 目标按人口: `target-per-people` (10000 = 每万人); empty for a fixed target.
pub const COL_PER: u16 = 4;
/// 封顶: an indicator's `cap`, a bonus or deduction item's `max`, the `bonus-cap`.
pub const COL_CAP: u16 = 5;
/// 档次门槛: tiers as text, [`tiers_text`].
pub const COL_TIERS: u16 = 6;
const COL_RULE: u16 = 7;
const COL_VALUE: u16 = 8;
const COL_SOURCE: u16 = 9;
/// The last printed column (J).
const COL_LAST: u16 = COL_SOURCE;
/// Hidden: the row's key; K1 holds the framework id.
pub const COL_KEY: u16 = 10;
/// Hidden: L1 holds the framework version.
pub const COL_VERSION: u16 = 11;
/// The parameter columns, in order.
pub const PARAM_COLUMNS: [u16; 5] = [COL_POINTS, COL_TARGET, COL_PER, COL_CAP, COL_TIERS];

/// The hidden column holding the original of a parameter column (L–P).
pub const fn original_column(col: u16) -> u16 {
    col - COL_POINTS + COL_KEY + 1
}

/// The key of the 加分项 row, which carries the framework's `bonus-cap`.
pub const BONUS_CAP_KEY: &str = "bonus-cap";
/// The key of the other section rows and of the 五有 lines: nothing to edit.
pub const NOTE_KEY: &str = "-";

/// The key of an item's row: `indicator:D1`, `grade:优秀`. `kind` is the TOML
/// section (`dimension`, `indicator`, `bonus`, `deduction`, `veto`, `grade`).
pub fn row_key(kind: &str, code: &str) -> String {
    format!("{kind}:{code}")
}

/// Between two tiers; `;` and a new line are read as well.
pub const TIER_SEPARATOR: &str = "；";

/// Tiers as the office reads them: `threshold:share` from low to high
/// thresholds; thresholds of a share (a ratio such as 建会率) as percentages.
/// `60%:0.6；80%:0.8；100%:1`.
pub fn tiers_text(tiers: &[(f64, f64)], share_valued: bool) -> String {
    tiers
        .iter()
        .map(|(threshold, share)| {
            let threshold = if share_valued {
                format!("{}%", number(tidy(threshold * 100.0)))
            } else {
                number(*threshold)
            };
            format!("{threshold}:{}", number(*share))
        })
        .collect::<Vec<_>>()
        .join(TIER_SEPARATOR)
}

/// A number at 15 significant digits, as Excel shows it (`0.6 × 100` is 60).
pub fn tidy(v: f64) -> f64 {
    format!("{v:.14e}").parse().unwrap_or(v)
}

/// Whether an indicator's value is a share (thresholds and targets shown as %),
/// as the words of `describe` show it.
fn share_valued(fw: &Framework, ind: &Indicator) -> bool {
    ind.value.divide_by.is_some()
        || ind
            .value
            .fields
            .first()
            .and_then(|c| fw.field(c))
            .is_some_and(|f| f.unit == "%")
        || ind.value.fields.first().is_some_and(|c| c == "wuyou-rate")
}

/// The workbook's bytes.
pub fn write(fw: &Framework, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let lines = lines(fw, lang);
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
            .set_custom_property(crate::layout::PROP_KIND, crate::layout::KIND_RULES)
            .set_custom_property("framework-id", fw.id.as_str())
            .set_custom_property("framework-version", fw.version.as_str()),
    );
    let sheet = workbook.add_worksheet();
    sheet.set_name(lang.pick("评分细则", "Scoring rules"))?;

    let headers = headers(fw.mode, lang);
    let widths = [
        (6.0, 8.0),
        (18.0, 30.0),
        (6.0, 8.0),
        (6.0, 9.0),
        (8.0, 10.0),
        (6.0, 8.0),
        (10.0, 24.0),
        (28.0, 44.0),
        (18.0, 30.0),
        (12.0, 20.0),
    ];
    let mut fitted = [0.0; 10];
    for (col, (min, max)) in (0u16..).zip(widths) {
        let width = style::fit(
            lines
                .iter()
                .filter(|l| l.kind != RowKind::Section)
                .map(|l| l.text(col))
                .chain([headers[usize::from(col)].to_string()]),
            min,
            max,
        );
        sheet.set_column_width(col, width)?;
        fitted[usize::from(col)] = width;
    }
    for col in COL_KEY..=original_column(COL_TIERS) {
        sheet.set_column_hidden(col)?;
    }

    sheet.set_row_height(0, 30)?;
    sheet.merge_range(0, 0, 0, COL_LAST, &title, &style::title())?;
    sheet.write_string(0, COL_KEY, &fw.id)?;
    sheet.write_string(0, COL_VERSION, &fw.version)?;
    let general = general_line(fw, lang);
    sheet.set_row_height(1, 32)?;
    sheet.merge_range(1, 0, 1, COL_LAST, &general, &style::note())?;
    for (col, text) in (0u16..).zip(headers) {
        sheet.write_string_with_format(HEADER_ROW, col, text, &style::header())?;
    }
    let hidden_headers = lang.pick(
        [
            "行",
            "原分值",
            "原目标",
            "原目标按人口",
            "原封顶",
            "原档次门槛",
        ],
        [
            "Row",
            "Points as written",
            "Target as written",
            "Target per as written",
            "Cap as written",
            "Tiers as written",
        ],
    );
    for (col, text) in (COL_KEY..).zip(hidden_headers) {
        sheet.write_string(HEADER_ROW, col, text)?;
    }

    let formats = Formats::new(lang);
    for (row, line) in (HEADER_ROW + 1..).zip(lines.iter()) {
        write_line(sheet, row, line, &formats)?;
        // Excel and LibreOffice keep the default height of a row whose text wraps
        let wraps = (0u16..)
            .zip(fitted)
            .map(|(col, width)| {
                (style::text_width(&line.text(col)) / (width - 1.0).max(1.0)).ceil()
            })
            .fold(1.0, f64::max);
        if line.kind != RowKind::Section && wraps > 1.0 {
            sheet.set_row_height(row, style::wrapped_height(wraps))?;
        }
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    style::print_setup(sheet, true, (HEADER_ROW, HEADER_ROW))?;
    style::paper_for_width(sheet, fitted.iter().sum());
    crate::report::style::finish(&mut workbook, lang)
}

fn headers(mode: Mode, lang: Lang) -> [&'static str; 10] {
    let points = match mode {
        Mode::Points => lang.pick("分值", "Points"),
        Mode::WeightedMean => lang.pick("权重", "Weight"),
    };
    lang.pick(
        [
            "代码",
            "维度 / 指标",
            points,
            "目标",
            "目标按人口",
            "封顶",
            "档次门槛",
            "计分方法",
            "取值",
            "数据来源",
        ],
        [
            "Code",
            "Dimension / indicator",
            points,
            "Target",
            "Target per",
            "Cap",
            "Tiers",
            "Scoring",
            "Value",
            "Source",
        ],
    )
}

/// The cell formats of the table.
struct Formats {
    cell: Format,
    center: Format,
    group: Format,
    group_center: Format,
    plus: Format,
    minus: Format,
    at_least: Format,
    /// 10000 shown as 每万人.
    per: Format,
}

impl Formats {
    fn new(lang: Lang) -> Formats {
        let center = style::cell_center();
        Formats {
            cell: style::cell(),
            plus: center.clone().set_num_format("\"+\"General"),
            minus: center.clone().set_num_format("\"−\"General"),
            at_least: center.clone().set_num_format("\"≥\"General"),
            per: center.clone().set_num_format(lang.pick(
                "[=10000]\"每万人\";[=1000]\"每千人\";\"每\"General\"人\"",
                "[=10000]\"per 10,000\";[=1000]\"per 1,000\";\"per \"General",
            )),
            group_center: style::group().set_align(FormatAlign::Center),
            group: style::group(),
            center,
        }
    }
}

fn write_line(
    sheet: &mut Worksheet,
    row: u32,
    line: &Line,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.write_string(row, COL_KEY, &line.key)?;
    for (col, param) in PARAM_COLUMNS.into_iter().zip(&line.params) {
        let hidden = original_column(col);
        match param {
            Param::Empty => {}
            Param::Number(v) => {
                sheet.write_number(row, hidden, *v)?;
            }
            Param::Text(t) => {
                sheet.write_string(row, hidden, t)?;
            }
        }
    }
    let group = line.kind == RowKind::Section;
    if group && line.key != BONUS_CAP_KEY {
        sheet.merge_range(row, 0, row, COL_LAST, &line.name, &formats.group)?;
        return Ok(());
    }
    if group {
        // 加分项: the title, then the bonus cap in 封顶
        sheet.merge_range(row, 0, row, COL_CAP - 1, &line.name, &formats.group)?;
        write_param(sheet, row, COL_CAP, &line.params[3], &formats.group_center)?;
        sheet.merge_range(row, COL_CAP + 1, row, COL_LAST, "", &formats.group)?;
        return Ok(());
    }
    let dimension = line.kind == RowKind::Dimension;
    let (text, center) = if dimension {
        (&formats.group, &formats.group_center)
    } else {
        (&formats.cell, &formats.center)
    };
    sheet.write_string_with_format(row, COL_CODE, &line.code, center)?;
    sheet.write_string_with_format(row, COL_NAME, &line.name, text)?;
    for (col, param) in PARAM_COLUMNS.into_iter().zip(&line.params) {
        let format = match (col, line.points_shown) {
            (COL_POINTS, Shown::Plus) => &formats.plus,
            (COL_POINTS, Shown::Minus) => &formats.minus,
            (COL_POINTS, Shown::AtLeast) => &formats.at_least,
            (COL_PER, _) => &formats.per,
            _ => center,
        };
        write_param(sheet, row, col, param, format)?;
    }
    for (col, words) in [
        (COL_RULE, &line.rule),
        (COL_VALUE, &line.value),
        (COL_SOURCE, &line.source),
    ] {
        sheet.write_string_with_format(row, col, words, text)?;
    }
    Ok(())
}

fn write_param(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    param: &Param,
    format: &Format,
) -> Result<(), XlsxError> {
    match param {
        Param::Empty => sheet.write_blank(row, col, format)?,
        Param::Number(v) => sheet.write_number_with_format(row, col, *v, format)?,
        Param::Text(t) => sheet.write_string_with_format(row, col, t, format)?,
    };
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowKind {
    Section,
    Dimension,
    Item,
}

/// A parameter cell.
#[derive(Debug, Clone, PartialEq, Default)]
enum Param {
    #[default]
    Empty,
    Number(f64),
    Text(String),
}

impl Param {
    fn opt(value: Option<f64>) -> Param {
        value.map_or(Param::Empty, Param::Number)
    }
}

/// How the 分值 number is shown: `5`, `+2` (bonus), `−1` (deduction), `≥90` (grade).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    Plain,
    Plus,
    Minus,
    AtLeast,
}

/// One row of the table.
struct Line {
    kind: RowKind,
    key: String,
    code: String,
    name: String,
    /// 分值, 目标, 目标按人口, 封顶, 档次门槛.
    params: [Param; 5],
    points_shown: Shown,
    rule: String,
    value: String,
    source: String,
}

impl Line {
    fn new(kind: RowKind, key: String, code: &str, name: &str) -> Line {
        Line {
            kind,
            key,
            code: code.to_string(),
            name: name.to_string(),
            params: Default::default(),
            points_shown: Shown::Plain,
            rule: String::new(),
            value: String::new(),
            source: String::new(),
        }
    }

    /// A column's text, for its width.
    fn text(&self, col: u16) -> String {
        match col {
            COL_CODE => self.code.clone(),
            COL_NAME => self.name.clone(),
            COL_RULE => self.rule.clone(),
            COL_VALUE => self.value.clone(),
            COL_SOURCE => self.source.clone(),
            COL_PER => match self.params[2] {
                Param::Number(_) => "per 10,000".into(),
                _ => String::new(),
            },
            col => match PARAM_COLUMNS
                .iter()
                .position(|c| *c == col)
                .map(|i| &self.params[i])
            {
                Some(Param::Number(v)) => format!("+{}", number(*v)),
                Some(Param::Text(t)) => t.clone(),
                _ => String::new(),
            },
        }
    }
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
    // a weighted-mean framework has no base points: the line starts with the period
    let base = format!("{total}{cap}");
    let base = if base.is_empty() {
        base
    } else {
        format!("{base}。")
    };
    format!("{base}{period}。{rounding}。（{} {}）", fw.id, fw.version)
}

/// 目标, 目标按人口, 封顶 and 档次门槛 of an indicator.
fn method_params(fw: &Framework, ind: &Indicator) -> [Param; 4] {
    match &ind.method {
        Method::TargetRatio { target, cap } => {
            let (target, per) = match target {
                Target::Fixed(t) => (*t, None),
                Target::PerPeople { rate, per } => (*rate, Some(*per)),
            };
            [
                Param::Number(target),
                Param::opt(per),
                Param::Number(*cap),
                Param::Empty,
            ]
        }
        Method::DistanceToTarget { target } => [
            Param::Number(*target),
            Param::Empty,
            Param::Empty,
            Param::Empty,
        ],
        Method::Tiers { tiers } => {
            let pairs: Vec<(f64, f64)> = tiers.iter().map(|t| (t.threshold, t.share)).collect();
            [
                Param::Empty,
                Param::Empty,
                Param::Empty,
                Param::Text(tiers_text(&pairs, share_valued(fw, ind))),
            ]
        }
        _ => [Param::Empty, Param::Empty, Param::Empty, Param::Empty],
    }
}

fn lines(fw: &Framework, lang: Lang) -> Vec<Line> {
    let mut out = Vec::new();
    for d in fw.top_dimensions() {
        walk(fw, Node::Dimension(d), lang, &mut out);
    }
    let section = |key: &str, title: &str| Line::new(RowKind::Section, key.to_string(), "", title);
    if !fw.bonus.is_empty() {
        let mut line = section(
            BONUS_CAP_KEY,
            lang.pick(
                "加分项（合计不超过右侧“封顶”分）",
                "Bonus (all together at most the cap at right)",
            ),
        );
        line.params[3] = Param::opt(fw.bonus_cap.map(Points::as_f64));
        out.push(line);
        for b in &fw.bonus {
            let mut line = Line::new(
                RowKind::Item,
                row_key("bonus", &b.code),
                &b.code,
                b.label(lang),
            );
            line.params[0] = Param::Number(b.points.as_f64());
            line.params[3] = Param::opt(b.max.map(Points::as_f64));
            line.points_shown = Shown::Plus;
            line.rule = bonus_words(b.points, b.max, b.source, lang);
            line.source = lang
                .pick("加分申报表及佐证材料", "bonus claim with evidence")
                .into();
            out.push(line);
        }
    }
    if !fw.deductions.is_empty() {
        out.push(section(NOTE_KEY, lang.pick("扣分项", "Deductions")));
        for d in &fw.deductions {
            let mut line = Line::new(
                RowKind::Item,
                row_key("deduction", &d.code),
                &d.code,
                d.label(lang),
            );
            line.params[0] = Param::Number(d.points.as_f64());
            line.params[3] = Param::opt(d.max.map(Points::as_f64));
            line.points_shown = Shown::Minus;
            line.rule = deduction_words(d.points, d.max, d.counts, lang);
            line.source = lang
                .pick("市级认定（文件依据）", "city finding (document)")
                .into();
            out.push(line);
        }
    }
    if !fw.vetoes.is_empty() {
        out.push(section(NOTE_KEY, lang.pick("一票否决", "Veto")));
        for v in &fw.vetoes {
            let mut line = Line::new(
                RowKind::Item,
                row_key("veto", &v.code),
                &v.code,
                v.label(lang),
            );
            line.rule = veto_words(v.effect, lang).into();
            line.source = lang
                .pick("市级认定（文件依据）", "city finding (document)")
                .into();
            out.push(line);
        }
    }
    if !fw.grades.is_empty() {
        out.push(section(NOTE_KEY, lang.pick("等次评定", "Grades")));
        for g in &fw.grades {
            let mut line = Line::new(
                RowKind::Item,
                row_key("grade", &g.name),
                "",
                lang.name(&g.name, g.name_en.as_deref()),
            );
            line.params[0] = Param::Number(g.min_score.as_f64());
            line.points_shown = Shown::AtLeast;
            line.rule = grade_words(g, lang);
            out.push(line);
        }
    }
    if let Some(w) = &fw.wuyou {
        out.push(section(
            NOTE_KEY,
            lang.pick("基层组织“五有”标准", "Grassroots standard"),
        ));
        for text in wuyou_words(w, lang).lines() {
            let mut line = Line::new(RowKind::Item, NOTE_KEY.into(), "", "");
            line.rule = text.trim().to_string();
            out.push(line);
        }
    }
    out
}

/// Points, or the weight in a `weighted-mean` framework.
fn weight(points: Option<Points>, weight: Option<f64>) -> Param {
    Param::opt(points.map(Points::as_f64).or(weight))
}

/// A dimension's row, then its children's, depth first.
fn walk(fw: &Framework, node: Node<'_>, lang: Lang, out: &mut Vec<Line>) {
    match node {
        Node::Dimension(d) => {
            let mut line = Line::new(
                RowKind::Dimension,
                row_key("dimension", &d.code),
                &d.code,
                lang.name(&d.name, d.name_en.as_deref()),
            );
            line.params[0] = weight(d.points, d.weight);
            out.push(line);
            for child in fw.children(&d.code) {
                walk(fw, child, lang, out);
            }
        }
        Node::Indicator(i) => {
            let mut line = Line::new(
                RowKind::Item,
                row_key("indicator", &i.code),
                &i.code,
                lang.name(&i.name, i.name_en.as_deref()),
            );
            let [target, per, cap, tiers] = method_params(fw, i);
            line.params = [weight(i.points, i.weight), target, per, cap, tiers];
            line.rule = method_words(fw, i, lang);
            line.value = value_words(fw, i, lang);
            line.source = source_words(fw, i, lang);
            out.push(line);
        }
    }
}

/// The keys of the table's rows, top to bottom: where each item's row was written.
pub fn row_keys(fw: &Framework) -> Vec<String> {
    lines(fw, Lang::Zh).into_iter().map(|l| l.key).collect()
}
