//! 复核调整: what the city decided about the counties' figures, with who,
//! when and why — 核定值, late submissions, the 党组's grade decisions, and
//! every objection (申诉) with its ruling and the value it changed.

use rust_xlsxwriter::{Workbook, XlsxError};

use super::measures::Written;
use super::style;
use crate::city::{CityInput, Objection, Ruling, Target};
use crate::framework::Framework;
use crate::lang::Lang;

/// 复核调整: every value the city changed, late submission and grade decision,
/// with who, when and why (bonus approvals, deductions and vetoes are in 加扣分与否决).
pub fn write(
    workbook: &mut Workbook,
    fw: &Framework,
    city: &CityInput,
    days_late: &std::collections::BTreeMap<crate::code::UnitCode, i64>,
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
    // a value set by a ruling is listed with its objection, below
    for ((unit, code), a) in city.adjusted.iter().filter(|(_, a)| a.ruling.is_none()) {
        rows.push([
            unit.to_string(),
            name(unit),
            lang.pick("核定值", "reviewed value").into(),
            field_name(code),
            crate::framework::check::number(a.value),
            a.reason.clone(),
            format!("{} {}", a.reviewer, a.date).trim().to_string(),
            format!("{file}!{}", a.cell),
        ]);
    }
    for (unit, received) in &city.received {
        let late = days_late.get(unit).copied().unwrap_or(0);
        if late > 0 {
            rows.push([
                unit.to_string(),
                name(unit),
                lang.pick("逾期报送", "late").into(),
                crate::date::text(received.value),
                lang.pick(format!("逾期 {late} 天"), format!("{late} days late")),
                String::new(),
                String::new(),
                format!("{file}!{}", received.cell),
            ]);
        }
    }
    for (unit, d) in &city.decided {
        rows.push([
            unit.to_string(),
            name(unit),
            lang.pick("党组审定", "grade decision").into(),
            String::new(),
            d.value.clone(),
            String::new(),
            String::new(),
            format!("{file}!{}", d.cell),
        ]);
    }
    for o in &city.objections {
        let [kind, item, result, reason, by, cell] = objection_row(fw, city, o, lang);
        rows.push([
            o.unit.to_string(),
            name(&o.unit),
            kind,
            item,
            result,
            reason,
            by,
            cell,
        ]);
    }
    let text = style::cell();
    let mut written = Written::default();
    for (r, row) in (1u32..).zip(&rows) {
        for (c, v) in (0u16..).zip(row) {
            written.text(sheet, (r, c), v, &text)?;
        }
    }
    // the widths it always had, as limits; rows as tall as their wrapped text
    let width = written.fit(
        sheet,
        &[8.0, 10.0, 10.0, 24.0, 12.0, 36.0, 16.0, 36.0].map(|w| (w, w)),
    )?;
    sheet.set_freeze_panes(1, 0)?;
    style::print_setup(sheet, true, (0, 0))?;
    style::paper_for_width(sheet, width);
    Ok(())
}

/// An objection as 复核调整 lists it (here and in the county's 反馈单): kind,
/// item, result, reason, who and when, the ruling's cell.
pub fn objection_row(fw: &Framework, city: &CityInput, o: &Objection, lang: Lang) -> [String; 6] {
    [
        objection_kind(o, lang),
        o.target.label(fw, lang),
        objection_result(fw, o, city.rulings_applied, lang),
        objection_reason(o, lang),
        format!("{} {}", o.reviewer, o.date).trim().to_string(),
        format!("{}!{}", crate::location::file_name(&city.file), o.cell),
    ]
}

/// `申诉·采纳`.
fn objection_kind(o: &Objection, lang: Lang) -> String {
    match o.ruling {
        Some(r) => lang.pick(
            format!("申诉·{}", r.label()),
            format!("objection: {}", r.label_en()),
        ),
        None => lang.pick("申诉·未裁定", "objection: no ruling").to_string(),
    }
}

/// A value as the sheets show it: a field's in its measure (`17 台`), a
/// deduction's as a count (`1 次`), a veto as 是/否, a bonus item's count.
fn shown(fw: &Framework, o: &Objection, value: f64, lang: Lang) -> String {
    let number = crate::framework::check::number(value);
    match &o.target {
        Target::Veto(_) => lang
            .pick(
                if value > 0.0 { "是" } else { "否" },
                if value > 0.0 { "yes" } else { "no" },
            )
            .to_string(),
        Target::Field(code) => fw
            .field(code)
            .map_or(number, |f| f.value_text(value).get(lang).to_string()),
        Target::Deduction(_) => lang.pick(format!("{number} 次"), format!("{number}×")),
        Target::Bonus(_) => number,
    }
}

/// `2 → 0`, `维持原结果（主张 1）`, `未裁定`; at 初评 what the ruling would set.
fn objection_result(fw: &Framework, o: &Objection, applied: bool, lang: Lang) -> String {
    let claimed = o
        .claimed
        .map(|c| {
            lang.pick(
                format!("（主张 {}）", shown(fw, o, c, lang)),
                format!(" (claimed {})", shown(fw, o, c, lang)),
            )
        })
        .unwrap_or_default();
    match (o.ruling, o.ruled) {
        (Some(Ruling::Upheld), _) => lang.pick(
            format!("维持原结果{claimed}"),
            format!("result stands{claimed}"),
        ),
        (Some(_), Some(ruled)) if applied => {
            let before = o
                .before
                .map_or_else(|| "—".to_string(), |b| shown(fw, o, b, lang));
            format!("{before} → {}", shown(fw, o, ruled, lang))
        }
        (Some(_), Some(ruled)) => lang.pick(
            format!("裁定为 {}（初评未适用）", shown(fw, o, ruled, lang)),
            format!(
                "ruled {} (not applied at the first result)",
                shown(fw, o, ruled, lang)
            ),
        ),
        _ => lang.pick(format!("未裁定{claimed}"), format!("no ruling{claimed}")),
    }
}

/// The ruling's reason, after a late objection's delay.
fn objection_reason(o: &Objection, lang: Lang) -> String {
    let late = o.late.filter(|d| *d > 0).map(|d| {
        lang.pick(
            format!("逾公示期 {d} 个工作日收到。"),
            format!("received {d} working day(s) after the public-notice window. "),
        )
    });
    format!("{}{}", late.unwrap_or_default(), o.reason)
}
