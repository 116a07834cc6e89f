//! The ranking workbook of `assess run` (the full assessment workbook comes
//! later): 综合排名 (rank with 并列, unit, total, grade, base, bonus,
//! deductions, veto, dimension scores) and 评分方法 (the method and the run record).

use rust_xlsxwriter::{Workbook, XlsxError};

use super::Results;
use super::style;
use crate::city::CityInput;
use crate::framework::Framework;
use crate::lang::Lang;
use crate::score::NodeKind;

/// The workbook's bytes.
#[allow(clippy::too_many_lines)] // two sheets, cell by cell
pub fn write(results: &Results<'_>) -> Result<Vec<u8>, XlsxError> {
    let (fw, table, scored, lang, record) = (
        results.fw,
        results.table,
        results.scored,
        results.lang,
        results,
    );
    let mut workbook = Workbook::new();
    let stage = record.stage.map(|s| format!("（{s}）")).unwrap_or_default();
    let title = lang.pick(
        format!("{}年度{}结果{stage}", record.year, fw.name),
        format!(
            "{} {} — results{stage}",
            record.year,
            lang.name(&fw.name, fw.name_en.as_deref())
        ),
    );
    workbook.set_properties(&style::properties_at(&title, record.timestamp)?);
    let sheet = workbook.add_worksheet();
    sheet.set_name(lang.pick("综合排名", "Ranking"))?;
    let groups: Vec<&crate::score::NodeScores> = scored
        .nodes
        .iter()
        .filter(|n| {
            n.kind == NodeKind::Group
                && fw
                    .dimensions
                    .iter()
                    .any(|d| d.code == n.code && d.parent.is_none())
        })
        .collect();
    let total = scored.total();
    let mut headers: Vec<String> = lang
        .pick(
            vec![
                "名次",
                "并列",
                "单位代码",
                "单位",
                "总分",
                "等次",
                "基础分",
                "加分",
                "扣分",
                "一票否决",
            ],
            vec![
                "Rank",
                "Tied",
                "Code",
                "Unit",
                "Total",
                "Grade",
                "Base",
                "Bonus",
                "Deductions",
                "Veto",
            ],
        )
        .into_iter()
        .map(String::from)
        .collect();
    for g in &groups {
        headers.push(format!(
            "{} {}",
            g.code,
            fw.dimensions
                .iter()
                .find(|d| d.code == g.code)
                .map_or("", |d| lang.name(&d.name, d.name_en.as_deref()))
        ));
    }
    let last = u16::try_from(headers.len() - 1).unwrap_or(0);
    sheet.set_row_height(0, 30)?;
    sheet.merge_range(0, 0, 0, last, &title, &style::title())?;
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(1, u16::try_from(c).unwrap_or(0), h, &style::header())?;
    }
    let number = style::cell_center().set_num_format("0.00");
    let whole = style::cell_center().set_num_format("0");
    let text = style::cell();
    let center = style::cell_center();
    let n = scored.units.len();
    let mut order: Vec<usize> = (0..n).collect();
    let rank_of = |i: usize| total.and_then(|t| t.rank[i]).unwrap_or(u32::MAX);
    order.sort_by(|a, b| (rank_of(*a), &scored.units[*a]).cmp(&(rank_of(*b), &scored.units[*b])));
    let sum_kind = |kind: NodeKind, i: usize| -> f64 {
        scored
            .nodes
            .iter()
            .filter(|n| n.kind == kind)
            .filter_map(|n| n.score[i])
            .sum()
    };
    for (row, i) in (2u32..).zip(order) {
        let code = &scored.units[i];
        let rank = total.and_then(|t| t.rank[i]);
        let tied = rank.is_some_and(|r| {
            total.is_some_and(|t| t.rank.iter().filter(|x| **x == Some(r)).count() > 1)
        });
        match rank {
            Some(r) => sheet.write_number_with_format(row, 0, f64::from(r), &whole)?,
            None => sheet.write_string_with_format(row, 0, "—", &center)?,
        };
        sheet.write_string_with_format(
            row,
            1,
            if tied {
                lang.pick("并列", "tied")
            } else {
                ""
            },
            &center,
        )?;
        sheet.write_string_with_format(row, 2, code, &center)?;
        sheet.write_string_with_format(
            row,
            3,
            table.names.get(code).map_or("", String::as_str),
            &text,
        )?;
        if let Some(t) = total.and_then(|t| t.score[i]) {
            sheet.write_number_with_format(row, 4, t, &number)?;
        }
        sheet.write_string_with_format(
            row,
            5,
            scored.grades.get(i).cloned().flatten().unwrap_or_default(),
            &center,
        )?;
        if let Some(base) = total.and_then(|t| t.value[i]) {
            sheet.write_number_with_format(row, 6, base, &number)?;
        }
        let bonus = sum_kind(NodeKind::Bonus, i);
        let capped = fw.bonus_cap.map_or(bonus, |c| bonus.min(c.as_f64()));
        sheet.write_number_with_format(row, 7, capped, &number)?;
        sheet.write_number_with_format(row, 8, -sum_kind(NodeKind::Deduction, i), &number)?;
        let veto = scored
            .nodes
            .iter()
            .any(|n| n.kind == NodeKind::Veto && n.value[i] == Some(1.0));
        sheet.write_string_with_format(row, 9, if veto { "✕" } else { "" }, &center)?;
        let self_total = record
            .self_scored
            .and_then(|x| x.total())
            .and_then(|t| t.score[i]);
        if let (Some(own), Some(t)) = (self_total, total.and_then(|t| t.score[i])) {
            sheet.write_number_with_format(row, 10, own, &number)?;
            sheet.write_number_with_format(
                row,
                11,
                ((t - own) * 100.0).round() / 100.0,
                &number,
            )?;
        }
        if let Some(p) = record.proposed.and_then(|p| p.get(i).cloned().flatten()) {
            sheet.write_string_with_format(row, 12, p, &center)?;
        }
        if let Some(Some(c)) = record.commended.get(i) {
            sheet.write_string_with_format(row, 13, c, &center)?;
        }
        for (c, g) in (14u16..).zip(&groups) {
            if let Some(s) = g.score[i] {
                sheet.write_number_with_format(row, c, s, &number)?;
            }
        }
    }
    let widths: Vec<f64> = headers
        .iter()
        .enumerate()
        .map(|(c, h)| {
            if c == 3 {
                12.0
            } else {
                style::fit([h.as_str()], 7.0, 16.0)
            }
        })
        .collect();
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(u16::try_from(c).unwrap_or(0), *w)?;
    }
    sheet.set_freeze_panes(2, 4)?;
    style::print_setup(sheet, true, (1, 1))?;

    super::dimensions::sheet(&mut workbook, results)?;
    super::detail::sheet(&mut workbook, results)?;
    if fw.wuyou.is_some() {
        wuyou_sheet(&mut workbook, results)?;
    }
    super::items::sheet(&mut workbook, results)?;
    if let Some(city) = record.city {
        city_sheet(&mut workbook, fw, city, lang)?;
    }
    super::shortfall::sheet(&mut workbook, results)?;
    super::profiles::sheet(&mut workbook, results)?;
    quality_sheet(&mut workbook, results)?;

    let method = workbook.add_worksheet();
    method.set_name(lang.pick("评分方法", "Method"))?;
    method.set_column_width(0, 18)?;
    method.set_column_width(1, 90)?;
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
    for (file, hash) in record.inputs {
        rows.push((
            lang.pick("输入文件", "Input").into(),
            format!("{file}  SHA-256 {hash}"),
        ));
    }
    for (r, (l, v)) in (0u32..).zip(&rows) {
        method.write_string_with_format(r, 0, l, &label)?;
        method.write_string_with_format(r, 1, v, &wrap)?;
    }
    style::print_setup(method, false, (0, 0))?;
    workbook.save_to_buffer()
}

/// 复核调整: every adjustment, approval, deduction, veto and grade decision, with who, when and why.
fn city_sheet(
    workbook: &mut Workbook,
    fw: &Framework,
    city: &CityInput,
    lang: Lang,
) -> Result<(), XlsxError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name(lang.pick("复核调整", "City decisions"))?;
    let headers: [&str; 8] = lang.pick(
        [
            "单位代码",
            "单位",
            "类别",
            "项目",
            "结果",
            "理由或依据",
            "经办人/日期",
            "来源单元格",
        ],
        [
            "Code",
            "Unit",
            "Kind",
            "Item",
            "Result",
            "Reason or basis",
            "By / date",
            "Cell",
        ],
    );
    for (c, h) in (0u16..).zip(headers) {
        sheet.write_string_with_format(0, c, h, &style::header())?;
    }
    let name = |code: &str| fw.unit(code).map_or(code.to_string(), |u| u.name.clone());
    let field_name = |code: &str| fw.field(code).map_or(code.to_string(), |f| f.name.clone());
    let file = crate::location::file_name(&city.file);
    let mut rows: Vec<[String; 8]> = Vec::new();
    for ((unit, code), a) in &city.adjusted {
        rows.push([
            unit.clone(),
            name(unit),
            lang.pick("核定值", "reviewed value").into(),
            field_name(code),
            crate::framework::check::number(a.value),
            a.reason.clone(),
            format!("{} {}", a.reviewer, a.date).trim().to_string(),
            format!("{file}!{}", a.cell),
        ]);
    }
    for a in &city.approvals {
        rows.push([
            a.unit.clone(),
            name(&a.unit),
            lang.pick("加分审核", "bonus").into(),
            a.item.clone(),
            if a.agreed {
                lang.pick(
                    format!("同意 {}", a.approved),
                    format!("approved {}", a.approved),
                )
            } else {
                lang.pick("不同意".to_string(), "refused".to_string())
            },
            a.reason.clone(),
            String::new(),
            format!("{file}!{}", a.cell),
        ]);
    }
    for ((unit, code), d) in &city.deductions {
        rows.push([
            unit.clone(),
            name(unit),
            lang.pick("扣分", "deduction").into(),
            code.clone(),
            crate::framework::check::number(d.count),
            format!("{} {}", d.basis, d.reason).trim().to_string(),
            String::new(),
            format!("{file}!{}", d.cell),
        ]);
    }
    for ((unit, code), d) in &city.vetoes {
        rows.push([
            unit.clone(),
            name(unit),
            lang.pick("一票否决", "veto").into(),
            code.clone(),
            lang.pick("是", "yes").into(),
            format!("{} {}", d.basis, d.reason).trim().to_string(),
            String::new(),
            format!("{file}!{}", d.cell),
        ]);
    }
    for (unit, received) in &city.received {
        let late = crate::city::days_late(fw, city.year, received.value);
        if late > 0 {
            rows.push([
                unit.clone(),
                name(unit),
                lang.pick("逾期报送", "late").into(),
                format!(
                    "{}-{:02}-{:02}",
                    received.value.0, received.value.1, received.value.2
                ),
                lang.pick(format!("逾期 {late} 天"), format!("{late} days late")),
                String::new(),
                String::new(),
                format!("{file}!{}", received.cell),
            ]);
        }
    }
    for (unit, d) in &city.decided {
        rows.push([
            unit.clone(),
            name(unit),
            lang.pick("党组审定", "grade decision").into(),
            String::new(),
            d.value.clone(),
            String::new(),
            String::new(),
            format!("{file}!{}", d.cell),
        ]);
    }
    let text = style::cell();
    for (r, row) in (1u32..).zip(&rows) {
        for (c, v) in (0u16..).zip(row) {
            sheet.write_string_with_format(r, c, v, &text)?;
        }
    }
    for (c, w) in [8.0, 10.0, 10.0, 24.0, 12.0, 36.0, 16.0, 36.0]
        .iter()
        .enumerate()
    {
        sheet.set_column_width(u16::try_from(c).unwrap_or(0), *w)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    style::print_setup(sheet, true, (0, 0))?;
    Ok(())
}

/// 五有: one row per grassroots organisation with the standard's verdict, then
/// per county the 达标 rate by type.
fn wuyou_sheet(workbook: &mut Workbook, results: &Results<'_>) -> Result<(), XlsxError> {
    let (fw, lang) = (results.fw, results.lang);
    let Some(w) = &fw.wuyou else { return Ok(()) };
    let sheet = workbook.add_worksheet();
    sheet.set_name(lang.pick("五有", "Five haves"))?;
    let mut headers: Vec<String> = lang
        .pick(
            vec!["单位代码", "单位", "组织名称", "类型"],
            vec!["Code", "Unit", "Organisation", "Type"],
        )
        .into_iter()
        .map(String::from)
        .collect();
    headers.extend(crate::layout::org_item_headers(fw));
    headers.push(lang.pick("达标", "Meets").to_string());
    for (c, h) in (0u16..).zip(&headers) {
        sheet.write_string_with_format(0, c, h, &style::header())?;
    }
    let text = style::cell();
    let center = style::cell_center();
    let mut row = 1u32;
    let mut subs: Vec<&crate::extract::Submission> = results.submissions.iter().collect();
    subs.sort_by(|a, b| a.unit_code.cmp(&b.unit_code));
    // per county and type: (listed, meeting)
    let mut rates: Vec<(String, String, usize, usize)> = Vec::new();
    for sub in subs {
        let unit = fw
            .unit(&sub.unit_code)
            .map_or(sub.unit_code.as_str(), |u| u.name.as_str());
        for org in sub.orgs.iter().filter(|o| !o.name.is_empty()) {
            let verdict = crate::wuyou::judge(w, org);
            let type_name = org
                .org_type
                .as_ref()
                .and_then(|c| w.org_types.iter().find(|t| t.code == *c))
                .map_or("", |t| t.name.as_str());
            sheet.write_string_with_format(row, 0, &sub.unit_code, &text)?;
            sheet.write_string_with_format(row, 1, unit, &text)?;
            sheet.write_string_with_format(row, 2, &org.name, &text)?;
            sheet.write_string_with_format(row, 3, type_name, &center)?;
            for (c, item) in (4u16..).zip(&org.items) {
                let mark = match item {
                    Some(true) => lang.pick("是", "yes"),
                    Some(false) => lang.pick("否", "no"),
                    None => "",
                };
                sheet.write_string_with_format(row, c, mark, &center)?;
            }
            let last = u16::try_from(headers.len() - 1).unwrap_or(0);
            let meets = if verdict.meets {
                lang.pick("达标", "yes")
            } else {
                lang.pick("未达标", "no")
            };
            sheet.write_string_with_format(row, last, meets, &center)?;
            match rates
                .iter_mut()
                .find(|r| r.0 == sub.unit_code && r.1 == type_name)
            {
                Some(r) => {
                    r.2 += 1;
                    r.3 += usize::from(verdict.meets);
                }
                None => rates.push((
                    sub.unit_code.clone(),
                    type_name.to_string(),
                    1,
                    usize::from(verdict.meets),
                )),
            }
            row += 1;
        }
    }
    // the rates, below the list
    row += 1;
    let rate_headers: [&str; 5] = lang.pick(
        ["单位代码", "类型", "组织数", "达标数", "达标率"],
        ["Code", "Type", "Listed", "Meeting", "Rate"],
    );
    for (c, h) in (0u16..).zip(rate_headers) {
        sheet.write_string_with_format(row, c, h, &style::header())?;
    }
    let percent = style::cell_center().set_num_format("0.0%");
    let whole = style::cell_center().set_num_format("0");
    for (unit, type_name, listed, meeting) in &rates {
        row += 1;
        sheet.write_string_with_format(row, 0, unit, &text)?;
        sheet.write_string_with_format(row, 1, type_name, &center)?;
        #[allow(clippy::cast_precision_loss)] // list lengths
        let (l, m) = (*listed as f64, *meeting as f64);
        sheet.write_number_with_format(row, 2, l, &whole)?;
        sheet.write_number_with_format(row, 3, m, &whole)?;
        sheet.write_number_with_format(row, 4, m / l, &percent)?;
    }
    let widths: Vec<f64> = headers
        .iter()
        .enumerate()
        .map(|(c, h)| {
            if c == 2 {
                30.0
            } else {
                style::fit([h.as_str()], 8.0, 14.0)
            }
        })
        .collect();
    for (c, w) in (0u16..).zip(&widths) {
        sheet.set_column_width(c, *w)?;
    }
    sheet.set_freeze_panes(1, 3)?;
    style::print_setup(sheet, true, (0, 0))?;
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
    for (row, f) in (1u32..).zip(findings) {
        let affected: Vec<&str> = f
            .field
            .as_ref()
            .map(|code| {
                fw.indicators
                    .iter()
                    .filter(|i| {
                        i.value.fields.contains(code) || i.value.divide_by.as_ref() == Some(code)
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
            f.field.clone().unwrap_or_default(),
            f.what.message(lang),
            affected.join("、"),
        ];
        for (c, v) in (0u16..).zip(&values) {
            sheet.write_string_with_format(row, c, v, &text)?;
        }
    }
    for (c, w) in (0u16..).zip([6.0, 30.0, 10.0, 16.0, 16.0, 60.0, 12.0]) {
        sheet.set_column_width(c, w)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    style::print_setup(sheet, true, (0, 0))?;
    Ok(())
}
