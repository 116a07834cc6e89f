//! The submission template (填报表) a county fills in once a year, generated
//! from the framework so that the template and the scoring never drift apart.
//!
//! Sheets: 填报说明 (instructions and the stamp), 指标数据 (one row per field
//! the county reports), 基层组织 (the 五有 list), 加分申报 (bonus claims),
//! 填报承诺 (sign-off), and a hidden 选项 sheet with the long drop-down lists.
//! Only input, evidence and remark cells are unlocked; every sheet is
//! protected without a password. The labels and columns come from
//! [`crate::layout`], which the reader uses too.

use crate::lang::Lang;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatAlign,
    FormatBorder, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use super::style;

mod lists;
use crate::framework::check::number;
use crate::framework::{Field, FieldType, Framework, Node, Source, Unit};
use crate::layout as L;
use crate::submission::{Entry, Filled};
pub use lists::bonus_label;
use lists::{bonus_sheet, evidence_sheet, orgs_sheet};

/// Deliberate damage, as clerks do it, for the problem samples only.
#[derive(Debug, Clone, Default)]
pub struct Tamper {
    /// Leave out this sheet.
    pub drop_sheet: Option<&'static str>,
    /// Insert an empty row (with a note) just below the data sheet's header.
    pub insert_row: bool,
    /// Merge this field's input cell with its evidence cell.
    pub merge_input_of: Option<String>,
    /// Write this year in the stamp instead of the real one.
    pub stamp_year: Option<i32>,
    /// Write this unit code and name in the stamp instead of the real ones.
    pub stamp_unit: Option<(String, String)>,
}

/// What goes into one template.
pub struct Request<'a> {
    pub framework: &'a Framework,
    pub unit: &'a Unit,
    pub year: i32,
    /// Values to fill in (samples); `None` for a blank template.
    pub filled: Option<&'a Filled>,
    /// Last year's values, shown in the 上年数 column.
    pub previous: Option<&'a Filled>,
    pub tamper: &'a Tamper,
}

/// The fields a county reports, grouped by the dimension of the first
/// indicator that uses them; fields no indicator uses come last.
pub fn county_fields(fw: &Framework) -> Vec<(String, Vec<&Field>)> {
    let mut groups: Vec<(String, Vec<&Field>)> = Vec::new();
    let mut placed: Vec<&str> = Vec::new();
    let mut walk_order: Vec<(&str, &str, &str)> = Vec::new(); // (top dim code, name, field)
    fn collect<'a>(
        fw: &'a Framework,
        top: &'a crate::framework::Dimension,
        code: &str,
        out: &mut Vec<(&'a str, &'a str, &'a str)>,
    ) {
        for node in fw.children(code) {
            match node {
                Node::Dimension(d) => collect(fw, top, &d.code, out),
                Node::Indicator(i) => {
                    for f in i.value.fields.iter().chain(i.value.divide_by.iter()) {
                        out.push((&top.code, &top.name, f));
                    }
                }
            }
        }
    }
    for top in fw.top_dimensions() {
        collect(fw, top, &top.code, &mut walk_order);
    }
    // fields by their position in the fields file, grouped by first use
    for (code, name, field) in &walk_order {
        let Some(f) = fw.field(field) else { continue };
        if f.source != Source::County || placed.contains(&f.code.as_str()) {
            continue;
        }
        placed.push(&f.code);
        let title = format!("{code} {name}");
        match groups.iter_mut().find(|(t, _)| *t == title) {
            Some((_, list)) => list.push(f),
            None => groups.push((title, vec![f])),
        }
    }
    // within a group keep the order of the fields file
    for (_, list) in &mut groups {
        list.sort_by_key(|f| fw.fields.iter().position(|g| g.code == f.code));
    }
    let rest: Vec<&Field> = fw
        .fields
        .iter()
        .filter(|f| f.source == Source::County && !placed.contains(&f.code.as_str()))
        .collect();
    if !rest.is_empty() {
        groups.push(("其他统计数据".to_string(), rest));
    }
    groups
}

fn col(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

fn input_format(kind: FieldType) -> Format {
    let f = style::cell()
        .set_unlocked()
        .set_background_color("FFF2CC")
        .set_align(FormatAlign::Center);
    match kind {
        FieldType::Integer => f.set_num_format("#,##0"),
        FieldType::Decimal => f.set_num_format("#,##0.00"),
        FieldType::Percent => f.set_num_format("0.0%"),
        FieldType::Date => f.set_num_format("yyyy\"年\"m\"月\"d\"日\""),
        _ => f.set_num_format("@"),
    }
}

fn unlocked_text() -> Format {
    style::cell().set_unlocked().set_num_format("@")
}

/// `12月1日`-style dates of the statistical period for `year`.
pub fn period_text(fw: &Framework, year: i32) -> String {
    let ((sy, s), (ey, e)) = fw.period.dates(year);
    format!(
        "{sy}年{}月{}日至{ey}年{}月{}日",
        s.month, s.day, e.month, e.day
    )
}

/// The deadline for `year`: `2025年12月15日`.
pub fn deadline_text(fw: &Framework, year: i32) -> String {
    let (y, d) = fw.period.deadline_date(year);
    format!("{y}年{}月{}日", d.month, d.day)
}

/// Excel limits an input title to 32 characters and a message to 255.
fn clip(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

fn validation_for(fw: &Framework, field: &Field) -> Result<DataValidation, XlsxError> {
    let range_text = match (field.min, field.max) {
        (Some(lo), Some(hi)) if field.kind == FieldType::Percent => {
            format!("{}%～{}%", number(lo * 100.0), number(hi * 100.0))
        }
        (Some(lo), Some(hi)) => format!("{}～{}", number(lo), number(hi)),
        (Some(lo), None) => format!("≥{}", number(lo)),
        (None, Some(hi)) => format!("≤{}", number(hi)),
        (None, None) => String::new(),
    };
    let unit = if field.unit.is_empty() || field.unit == "%" {
        String::new()
    } else {
        format!("（单位：{}）", field.unit)
    };
    let (rule, prompt, error) = match field.kind {
        FieldType::Integer => {
            let lo = field.min.unwrap_or(0.0).max(f64::from(i32::MIN));
            let hi = field
                .max
                .unwrap_or(f64::from(i32::MAX))
                .min(f64::from(i32::MAX));
            // whole numbers within i32 after clamping
            #[allow(clippy::cast_possible_truncation)]
            let v = DataValidation::new()
                .allow_whole_number(DataValidationRule::Between(lo as i32, hi as i32));
            (
                v,
                format!("请填写整数{unit}，范围 {range_text}。只填数字，不要填单位。"),
                format!("应为 {range_text} 之间的整数{unit}，不要填写文字或单位"),
            )
        }
        FieldType::Decimal => {
            let lo = field.min.unwrap_or(0.0);
            let hi = field.max.unwrap_or(1e12);
            (
                DataValidation::new().allow_decimal_number(DataValidationRule::Between(lo, hi)),
                format!("请填写数字{unit}，可保留两位小数，范围 {range_text}。"),
                format!("应为 {range_text} 之间的数字{unit}"),
            )
        }
        FieldType::Percent => {
            let lo = field.min.unwrap_or(0.0);
            let hi = field.max.unwrap_or(1.0);
            (
                DataValidation::new().allow_decimal_number(DataValidationRule::Between(lo, hi)),
                format!("请填写百分比，如 35%，范围 {range_text}。"),
                format!("应为 {range_text} 之间的百分比"),
            )
        }
        FieldType::YesNo => (
            DataValidation::new().allow_list_strings(&["是", "否"])?,
            "请从下拉列表选择“是”或“否”。".to_string(),
            "只能填“是”或“否”".to_string(),
        ),
        FieldType::Choice => {
            let joined: usize = field.choices.iter().map(|c| c.chars().count() + 1).sum();
            let v = if joined <= 250 {
                DataValidation::new().allow_list_strings(&field.choices)?
            } else {
                DataValidation::new().allow_list_formula(choice_range(fw, field).as_str().into())
            };
            (
                v,
                "请从下拉列表中选择。".to_string(),
                "请从下拉列表中选择".to_string(),
            )
        }
        FieldType::Text => (
            DataValidation::new().allow_text_length(DataValidationRule::LessThanOrEqualTo(500)),
            "请填写文字说明，不超过 500 字。".to_string(),
            "文字不超过 500 字".to_string(),
        ),
        FieldType::Date => (
            DataValidation::new().allow_date(DataValidationRule::Between(
                rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1)?,
                rust_xlsxwriter::ExcelDateTime::from_ymd(2100, 12, 31)?,
            )),
            "请填写日期，如 2025-12-10。".to_string(),
            "应为日期，如 2025-12-10".to_string(),
        ),
    };
    let help = field
        .help
        .as_deref()
        .map(|h| format!("{prompt}{h}"))
        .unwrap_or(prompt);
    rule.set_input_title(clip(&field.name, 32))?
        .set_input_message(clip(&help, 255))?
        .set_error_title("填写有误")?
        .set_error_message(clip(&format!("{}：{error}", field.name), 255))
        .map(|v| v.set_error_style(DataValidationErrorStyle::Stop))
}

/// The hidden-sheet range that holds a choice field's list: one column per
/// choice field, from column D on, in the order of the fields file.
fn choice_range(fw: &Framework, field: &Field) -> String {
    let index = fw
        .fields
        .iter()
        .filter(|f| f.kind == FieldType::Choice)
        .position(|f| f.code == field.code)
        .unwrap_or(0);
    let letter = char::from(b'D' + u8::try_from(index % 23).unwrap_or(0));
    format!(
        "='{}'!${letter}$1:${letter}${}",
        L::SHEET_LISTS,
        field.choices.len().max(1)
    )
}

/// The template workbook's bytes.
pub fn write(req: &Request<'_>) -> Result<Vec<u8>, XlsxError> {
    let (fw, unit, year) = (req.framework, req.unit, req.year);
    let (stamp_code, stamp_name) = req
        .tamper
        .stamp_unit
        .clone()
        .unwrap_or_else(|| (unit.code.to_string(), unit.name.clone()));
    let stamp_year = req.tamper.stamp_year.unwrap_or(year);
    let mut workbook = Workbook::new();
    // a tampered year (a sample of last year's form sent by mistake) is the title's too
    let title = format!(
        "{stamp_year}年度{}红十字会{}填报表",
        unit.name,
        short_name(fw)
    );
    workbook.set_properties(
        &style::properties(&title, year)?
            .set_custom_property(L::PROP_UNIT_CODE, stamp_code.as_str())
            .set_custom_property(L::PROP_UNIT_NAME, stamp_name.as_str())
            .set_custom_property(L::PROP_YEAR, stamp_year.to_string().as_str())
            .set_custom_property(L::PROP_FRAMEWORK, fw.id.as_str())
            .set_custom_property(L::PROP_VERSION, fw.version.as_str())
            .set_custom_property(L::PROP_LAYOUT, L::LAYOUT_VERSION),
    );
    let keep = |name: &str| req.tamper.drop_sheet != Some(name);

    if keep(L::SHEET_GUIDE) {
        let sheet = workbook.add_worksheet();
        guide_sheet(sheet, req, &title, (&stamp_code, &stamp_name, stamp_year))?;
    }
    if keep(L::SHEET_DATA) {
        let sheet = workbook.add_worksheet();
        data_sheet(sheet, req, &title)?;
    }
    if keep(L::SHEET_ORGS) && fw.wuyou.is_some() {
        let sheet = workbook.add_worksheet();
        orgs_sheet(sheet, req)?;
    }
    if keep(L::SHEET_BONUS) && !fw.bonus.is_empty() {
        let sheet = workbook.add_worksheet();
        bonus_sheet(sheet, req)?;
    }
    // the evidence list, unless the sample is of a year before it existed
    if keep(L::SHEET_EVIDENCE) && req.filled.is_none_or(|f| f.evidence_list.is_some()) {
        let sheet = workbook.add_worksheet();
        evidence_sheet(sheet, req)?;
    }
    if keep(L::SHEET_SIGN) {
        let sheet = workbook.add_worksheet();
        sign_sheet(sheet, req, &title)?;
    }
    let lists = workbook.add_worksheet();
    lists_sheet(lists, fw)?;
    crate::report::style::finish(&mut workbook, Lang::Zh)
}

/// `核心能力评估` from the framework name `县级红十字会核心能力评估`.
fn short_name(fw: &Framework) -> &str {
    fw.name.strip_prefix("县级红十字会").unwrap_or(&fw.name)
}

fn protect(sheet: &mut Worksheet, rows: bool) {
    let options = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        insert_rows: rows,
        delete_rows: rows,
        ..ProtectionOptions::default()
    };
    sheet.protect_with_options(&options);
}

fn guide_sheet(
    sheet: &mut Worksheet,
    req: &Request<'_>,
    title: &str,
    stamp: (&str, &str, i32),
) -> Result<(), XlsxError> {
    let fw = req.framework;
    sheet.set_name(L::SHEET_GUIDE)?;
    sheet.set_column_width(0, 14)?;
    sheet.set_column_width(1, 30)?;
    sheet.set_column_width(2, 14)?;
    sheet.set_column_width(3, 30)?;
    sheet.set_row_height(0, 32)?;
    sheet.merge_range(0, 0, 0, 3, title, &style::title())?;
    let label = style::cell().set_bold().set_background_color("F2F2F2");
    let value = style::cell();
    let values = [
        stamp.0.to_string(),
        stamp.1.to_string(),
        stamp.2.to_string(),
        fw.id.clone(),
        fw.version.clone(),
    ];
    for (i, (l, v)) in L::STAMP_LABELS.iter().zip(values).enumerate() {
        let row = 2 + u32::try_from(i).unwrap_or(0);
        sheet.write_string_with_format(row, 0, *l, &label)?;
        sheet.write_string_with_format(row, 1, &v, &value)?;
    }
    sheet.write_string_with_format(2, 2, L::GUIDE_SIDE_LABELS[0], &label)?;
    sheet.write_string_with_format(2, 3, period_text(fw, req.year), &value)?;
    sheet.write_string_with_format(3, 2, L::GUIDE_SIDE_LABELS[1], &label)?;
    sheet.write_string_with_format(3, 3, deadline_text(fw, req.year), &value)?;
    sheet.write_string_with_format(4, 2, L::GUIDE_SIDE_LABELS[2], &label)?;
    sheet.write_string_with_format(4, 3, fw.period.contact.as_deref().unwrap_or(""), &value)?;
    sheet.write_string_with_format(5, 2, L::GUIDE_SIDE_LABELS[3], &label)?;
    sheet.write_string_with_format(5, 3, &fw.name, &value)?;
    sheet.write_string_with_format(6, 2, L::GUIDE_SIDE_LABELS[4], &label)?;
    sheet.write_string_with_format(6, 3, format!("{}个县（市、区）", fw.units.len()), &value)?;

    let mut row = 8u32;
    let heading = style::base().set_bold().set_font_size(12);
    let para = style::note();
    for (head, lines) in instructions(fw, req.year) {
        sheet.merge_range(row, 0, row, 3, &head, &heading)?;
        row += 1;
        for line in lines {
            let height = 15.0 * (style::text_width(&line) / 84.0).ceil().max(1.0);
            sheet.set_row_height(row, height)?;
            sheet.merge_range(row, 0, row, 3, &line, &para)?;
            row += 1;
        }
        row += 1;
    }
    style::print_setup(sheet, false, (0, 0))?;
    protect(sheet, false);
    sheet.set_active(true);
    Ok(())
}

/// The instructions, section by section.
fn instructions(fw: &Framework, year: i32) -> Vec<(String, Vec<String>)> {
    let mut out = vec![
        (
            "一、填报内容和时段".to_string(),
            vec![
                format!(
                    "1. 本表填报{}（统计时段）的工作数据，于{}前连同加盖公章的“填报承诺”扫描件一并报送。",
                    period_text(fw, year),
                    deadline_text(fw, year)
                ),
                format!(
                    "2. 需填写的工作表：“{}”“{}”“{}”“{}”。党建、信息采用等由市红十字会各部室评定，无偿献血、造血干细胞、器官捐献登记等由血站、骨髓库等单位提供，本表不再填报。",
                    L::SHEET_DATA, L::SHEET_ORGS, L::SHEET_BONUS, L::SHEET_SIGN
                ),
                "3. 只能在浅黄色单元格中填写数字；“佐证编号”“备注”列可填文字。其他单元格已锁定，无需也不能修改。".to_string(),
            ],
        ),
        (
            "二、统计口径".to_string(),
            vec![
                "1. 当年新增：统计时段内新发生的数量（如当年培训取证人数），不含以前年度。".to_string(),
                "2. 年末累计：自有记录以来的累计数，应不少于上年报送的累计数。".to_string(),
                "3. 年末实有：统计时段末实际拥有的数量（如会员数、AED 台数），可增可减。".to_string(),
                "4. 计量单位以“计量单位”列为准：“万元”列填写万元数（如 12.5 万元填 12.5），“人”“人次”列填写整数（如 12.5 万人次填 125000）。百分比直接填写如 35%。".to_string(),
            ],
        ),
        (
            "三、基层组织名单（五有）".to_string(),
            vec![
                "1. 在“基层组织”表中每行填写一个红十字基层组织，可从本单位台账直接复制粘贴（粘贴时请选择“只粘贴数值”）。".to_string(),
                "2. “类型”从下拉列表中选择；“会员数”“志愿者数”填写整数；五有各项填“是”或“否”（√/×、有/无 也可识别）。".to_string(),
                "3. 名单的组织个数应与“指标数据”表中“红十字基层组织总数”一致。预留行不够时，在最后一行之上插入整行即可。".to_string(),
            ],
        ),
        (
            "四、加分申报".to_string(),
            vec![
                "1. 在“加分申报”表中逐项填写：从下拉列表选择加分项目，填写数量、事项说明和佐证编号。".to_string(),
                "2. 佐证材料按编号顺序装订或打包（如 JF-01、JF-02），未附佐证材料的申报不予认定。扣分和一票否决事项由市红十字会认定，本表不填。".to_string(),
            ],
        ),
        (
            "五、注意事项".to_string(),
            vec![
                "1. 请勿修改、删除、重命名工作表，请勿删除或调换“代码”列，请勿合并单元格。".to_string(),
                "2. 数字单元格中不要填写单位、文字或“约”“左右”等字样；确实没有的填 0，不要填“无”或“—”。".to_string(),
                "3. 文件可用 Excel、WPS 或 LibreOffice 填写并保存为 .xlsx；文件名可以修改，系统按本页的单位代码和年度识别。".to_string(),
                "4. 各项数据须有台账或佐证材料支撑，市红十字会将进行材料审核和实地抽查，核定结果以市级核定为准。".to_string(),
                format!(
                    "5. 初评结果公示 {} 个工作日（节假日不计）。对结果有异议的，请在公示期内向市红十字会书面申诉，写明申诉项目、理由、主张的数值和佐证材料；逾期提出的，由市红十字会决定是否受理。",
                    fw.period.objection_days
                ),
            ],
        ),
    ];
    if fw.wuyou.is_none() {
        out.remove(2);
    }
    out
}

fn data_sheet(sheet: &mut Worksheet, req: &Request<'_>, title: &str) -> Result<(), XlsxError> {
    let fw = req.framework;
    sheet.set_name(L::SHEET_DATA)?;
    let groups = county_fields(fw);
    let last = col(L::DATA_HEADERS.len() - 1);
    style::title_row(sheet, last, title)?;
    let line = format!(
        "单位：{}（{}）    年度：{}    统计时段：{}    报送截止：{}",
        req.unit.name,
        req.unit.code,
        req.year,
        period_text(fw, req.year),
        deadline_text(fw, req.year)
    );
    sheet.merge_range(1, 0, 1, last, &line, &style::note())?;
    for (i, h) in L::DATA_HEADERS.iter().enumerate() {
        sheet.write_string_with_format(2, col(i), *h, &style::header())?;
    }

    let mut row = 3u32;
    if req.tamper.insert_row {
        sheet.write_string(row, 1, "（此行为填报人插入）")?;
        row += 1;
    }
    let group = style::group();
    let locked = style::cell();
    let center = style::cell_center();
    let unlocked = unlocked_text();
    let mut names = vec![L::DATA_HEADERS[1].to_string()];
    let mut helps = vec![L::DATA_HEADERS[8].to_string()];
    let mut rows = Vec::new();
    for (group_title, fields) in &groups {
        sheet.merge_range(row, 0, row, last, group_title, &group)?;
        row += 1;
        for field in fields {
            let unit = if field.kind == FieldType::YesNo {
                "是/否".to_string()
            } else {
                field.unit.clone()
            };
            sheet.write_string_with_format(row, col(L::DATA_CODE), &field.code, &center)?;
            sheet.write_string_with_format(row, 1, &field.name, &locked)?;
            sheet.write_string_with_format(row, 2, &unit, &center)?;
            sheet.write_string_with_format(row, 3, L::counting_label(field.counting), &center)?;
            let previous = req
                .previous
                .and_then(|p| p.values.get(&field.code))
                .map(entry_text)
                .unwrap_or_default();
            sheet.write_string_with_format(row, col(L::DATA_PREVIOUS), &previous, &center)?;
            let input = input_format(field.kind);
            match req.filled.and_then(|f| f.values.get(&field.code)) {
                Some(Entry::Number(n)) => {
                    sheet.write_number_with_format(row, col(L::DATA_INPUT), *n, &input)?;
                }
                Some(Entry::Text(t)) => {
                    sheet.write_string_with_format(row, col(L::DATA_INPUT), t, &input)?;
                }
                None => {
                    sheet.write_blank(row, col(L::DATA_INPUT), &input)?;
                }
            }
            let evidence = req
                .filled
                .and_then(|f| f.evidence.get(&field.code))
                .cloned()
                .unwrap_or_default();
            let remark = req
                .filled
                .and_then(|f| f.remarks.get(&field.code))
                .cloned()
                .unwrap_or_default();
            sheet.write_string_with_format(row, col(L::DATA_EVIDENCE), &evidence, &unlocked)?;
            sheet.write_string_with_format(row, col(L::DATA_REMARK), &remark, &unlocked)?;
            let help = help_text(field);
            sheet.write_string_with_format(row, 8, &help, &locked)?;
            sheet.add_data_validation(
                row,
                col(L::DATA_INPUT),
                row,
                col(L::DATA_INPUT),
                &validation_for(fw, field)?,
            )?;
            if req.tamper.merge_input_of.as_deref() == Some(field.code.as_str()) {
                let text = match req.filled.and_then(|f| f.values.get(&field.code)) {
                    Some(e) => entry_text(e),
                    None => String::new(),
                };
                sheet.merge_range(
                    row,
                    col(L::DATA_INPUT),
                    row,
                    col(L::DATA_EVIDENCE),
                    &text,
                    &input,
                )?;
            }
            rows.push(row);
            names.push(field.name.clone());
            helps.push(help);
            row += 1;
        }
    }
    let codes = groups
        .iter()
        .flat_map(|(_, fs)| fs.iter().map(|f| f.code.as_str()));
    // counties print on A4 (few have A3): the long texts wrap instead
    let widths = [
        style::fit(codes, 8.0, 26.0),
        style::fit(&names, 16.0, 32.0),
        8.0,
        10.0,
        10.0,
        12.0,
        10.0,
        14.0,
        style::fit(&helps, 20.0, 40.0),
    ];
    for (i, w) in widths.iter().enumerate() {
        sheet.set_column_width(col(i), *w)?;
    }
    // a row as tall as its wrapped name or 填报说明 (names[0] and helps[0]
    // are the headers)
    let lines = |text: &str, width: f64| (style::text_width(text) / (width - 1.0)).ceil();
    for (k, row) in rows.iter().enumerate() {
        let n = lines(&names[k + 1], widths[1]).max(lines(&helps[k + 1], widths[8]));
        if n > 1.0 {
            sheet.set_row_height(*row, style::wrapped_height(n))?;
        }
    }
    sheet.set_freeze_panes(3, 2)?;
    style::print_setup(sheet, true, (2, 2))?;
    protect(sheet, false);
    Ok(())
}

/// The help column: range, counting and the field's own help.
fn help_text(field: &Field) -> String {
    let mut parts = Vec::new();
    match field.kind {
        FieldType::Integer => parts.push("整数".to_string()),
        FieldType::Decimal => parts.push("可保留两位小数".to_string()),
        FieldType::Percent => parts.push("百分比，如 35%".to_string()),
        FieldType::YesNo => parts.push("下拉选择“是/否”".to_string()),
        FieldType::Choice => parts.push("下拉选择".to_string()),
        _ => {}
    }
    if field.required {
        parts.push("必填".to_string());
    } else if field.blank == crate::framework::Blank::Zero {
        parts.push("没有填 0".to_string());
    }
    if let Some(help) = &field.help {
        parts.push(help.clone());
    }
    parts.join("；")
}

fn entry_text(entry: &Entry) -> String {
    match entry {
        Entry::Number(n) => number(*n),
        Entry::Text(t) => t.clone(),
    }
}

fn sign_sheet(sheet: &mut Worksheet, req: &Request<'_>, title: &str) -> Result<(), XlsxError> {
    sheet.set_name(L::SHEET_SIGN)?;
    for (c, w) in [(0u16, 14.0), (1, 24.0), (2, 14.0), (3, 24.0)] {
        sheet.set_column_width(c, w)?;
    }
    sheet.set_row_height(0, 36)?;
    sheet.merge_range(
        0,
        0,
        0,
        3,
        &format!("{title}\n填报承诺"),
        &style::title().set_text_wrap(),
    )?;
    let promise = format!(
        "本单位郑重承诺：所报《{title}》各项数据真实、准确、完整，均有台账和佐证材料可查，\
         不存在虚报、瞒报、漏报和弄虚作假行为。如有不实，本单位愿承担相应责任，并接受一票否决。"
    );
    sheet.set_row_height(2, 90)?;
    sheet.merge_range(2, 0, 2, 3, &promise, &style::note().set_font_size(12))?;
    let label = style::cell().set_bold().set_background_color("F2F2F2");
    let input = style::cell().set_unlocked().set_num_format("@");
    let sign = req.filled.map(|f| f.sign_off.clone()).unwrap_or_default();
    let rows = [
        (L::SIGN_FILLER, sign.filler, L::SIGN_PHONE, sign.phone),
        (L::SIGN_REVIEWER, sign.reviewer, L::SIGN_HEAD, sign.head),
    ];
    for (i, (l1, v1, l2, v2)) in rows.iter().enumerate() {
        let row = 4 + u32::try_from(i).unwrap_or(0) * 2;
        sheet.set_row_height(row, 28)?;
        sheet.write_string_with_format(row, 0, *l1, &label)?;
        sheet.write_string_with_format(row, 1, v1, &input)?;
        sheet.write_string_with_format(row, 2, *l2, &label)?;
        sheet.write_string_with_format(row, 3, v2, &input)?;
    }
    sheet.set_row_height(8, 28)?;
    sheet.write_string_with_format(8, 0, L::SIGN_DATE, &label)?;
    sheet.write_string_with_format(8, 1, &sign.date, &input)?;
    let seal = Format::new()
        .set_font_name(style::FONT)
        .set_font_size(14)
        .set_align(FormatAlign::Right)
        .set_align(FormatAlign::Bottom)
        .set_border(FormatBorder::Dashed)
        .set_border_color(Color::Gray);
    sheet.set_row_height(10, 120)?;
    sheet.merge_range(10, 2, 10, 3, "（单位盖章）", &seal)?;
    sheet.write_string_with_format(10, 0, "单位盖章", &label)?;
    sheet.merge_range(
        12,
        0,
        12,
        3,
        "请打印本页，由单位负责人签字并加盖公章后扫描，随本表一并报送。",
        &style::note(),
    )?;
    style::print_setup(sheet, false, (0, 0))?;
    sheet.set_print_fit_to_pages(1, 1);
    protect(sheet, false);
    Ok(())
}

fn lists_sheet(sheet: &mut Worksheet, fw: &Framework) -> Result<(), XlsxError> {
    sheet.set_name(L::SHEET_LISTS)?;
    if let Some(w) = &fw.wuyou {
        for (i, t) in w.org_types.iter().enumerate() {
            sheet.write_string(u32::try_from(i).unwrap_or(0), 0, &t.name)?;
        }
    }
    for (i, b) in fw.bonus.iter().enumerate() {
        sheet.write_string(
            u32::try_from(i).unwrap_or(0),
            1,
            bonus_label(&b.code, &b.name),
        )?;
    }
    sheet.write_string(0, 2, "是")?;
    sheet.write_string(1, 2, "否")?;
    // long choice lists (one column per choice field, from D on)
    for (c, field) in (3u16..).zip(fw.fields.iter().filter(|f| f.kind == FieldType::Choice)) {
        for (i, choice) in field.choices.iter().enumerate() {
            sheet.write_string(u32::try_from(i).unwrap_or(0), c, choice)?;
        }
    }
    sheet.set_hidden(true);
    protect(sheet, false);
    Ok(())
}
