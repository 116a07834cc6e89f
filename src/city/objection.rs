//! 申诉: the counties' objections to the 初评 and the city's rulings on them,
//! read from the review workbook's 申诉 sheet, with the 公示 window from its
//! 公示日历 sheet (the day the 初评 was published, the year's holidays and
//! 调休 working days — data, never code).
//!
//! An objection names a unit and an item: a field (by code or name), a bonus,
//! deduction or veto item (by code). Its ruling is 维持 (the result stands),
//! 采纳 (the claim is accepted: the value ruled, or else the value claimed) or
//! 部分采纳 (the value ruled). [`apply`] puts the rulings into the city's
//! input as the reviewed values they are: a field's 核定值, a bonus item's
//! approved count, a deduction's count, a veto — each citing the 裁定值 cell,
//! so that every output (scores, the export's `source`, `diff`, 复核调整, the
//! 反馈单) names the ruling behind a change. `assess run --stage 初评` reads
//! the rulings without applying them; every other run applies them.
//!
//! An objection received after the window is a warning at its date, never a
//! refusal: whether a late objection is heard is the city's decision, and
//! its ruling counts like any other.

use crate::code::{FieldCode, UnitCode};
use crate::date::{Calendar, Date};
use crate::extract::Submission;
use crate::finding::{Severity, What};
use crate::framework::{Counts, FieldType, Framework, Source, find_item};
use crate::ingest::{Grid, RawWorkbook};
use crate::layout as L;
use crate::location::CellRef;
use crate::numbers::{self, Reading, Value};

use super::{Adjusted, Approval, Cited, CityInput, Decision, helper};

/// The city's ruling on an objection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ruling {
    /// 维持: the result stands (the objection is rejected).
    Upheld,
    /// 采纳: the objection is accepted.
    Accepted,
    /// 部分采纳: accepted in part, at the value ruled.
    Partly,
}

impl Ruling {
    /// The word the city writes.
    pub fn label(self) -> &'static str {
        match self {
            Ruling::Upheld => "维持",
            Ruling::Accepted => "采纳",
            Ruling::Partly => "部分采纳",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Ruling::Upheld => "rejected",
            Ruling::Accepted => "accepted",
            Ruling::Partly => "partly accepted",
        }
    }

    pub fn parse(text: &str) -> Option<Ruling> {
        match text.trim() {
            "维持" | "维持原评" | "不予采纳" | "驳回" => Some(Ruling::Upheld),
            "采纳" | "予以采纳" => Some(Ruling::Accepted),
            "部分采纳" => Some(Ruling::Partly),
            _ => None,
        }
    }
}

/// What an objection is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Field(FieldCode),
    Bonus(String),
    Deduction(String),
    Veto(String),
}

impl Target {
    /// The code the export and the framework know it by.
    pub fn code(&self) -> &str {
        match self {
            Target::Field(code) => code.as_str(),
            Target::Bonus(c) | Target::Deduction(c) | Target::Veto(c) => c,
        }
    }

    /// `当年培训取证救护员`, `X2 市级以上表彰`: as the city's sheets name it.
    pub fn label(&self, fw: &Framework, lang: crate::lang::Lang) -> String {
        match self {
            Target::Field(code) => {
                crate::framework::describe::field_name(fw, code, lang).to_string()
            }
            Target::Bonus(c) => crate::framework::item_label(&fw.bonus, c, lang),
            Target::Deduction(c) => crate::framework::item_label(&fw.deductions, c, lang),
            Target::Veto(c) => crate::framework::item_label(&fw.vetoes, c, lang),
        }
    }

    /// The item an objection names: its first word as a code (a field, bonus,
    /// deduction or veto item), else the whole text as a field's name.
    pub fn find(fw: &Framework, text: &str) -> Option<Target> {
        let text = text.trim();
        let code = text.split_whitespace().next().unwrap_or("");
        if let Some(field) = fw.field(code) {
            return Some(Target::Field(field.code.clone()));
        }
        if let Some(b) = find_item(&fw.bonus, code) {
            return Some(Target::Bonus(b.code.clone()));
        }
        if let Some(d) = find_item(&fw.deductions, code) {
            return Some(Target::Deduction(d.code.clone()));
        }
        if let Some(v) = find_item(&fw.vetoes, code) {
            return Some(Target::Veto(v.code.clone()));
        }
        fw.fields
            .iter()
            .find(|f| f.name == text)
            .map(|f| Target::Field(f.code.clone()))
    }
}

/// One objection and its ruling, as the 申诉 sheet records it.
#[derive(Debug, Clone, PartialEq)]
pub struct Objection {
    pub unit: UnitCode,
    pub target: Target,
    /// 申诉内容: what the county says.
    pub claim: String,
    /// 主张值: the value the county claims, when it names one.
    pub claimed: Option<f64>,
    pub evidence: String,
    pub received: Option<Date>,
    pub ruling: Option<Ruling>,
    /// The value the ruling sets (采纳: the value ruled, else the value
    /// claimed; 部分采纳: the value ruled; 维持: none). A veto is 1 or 0.
    pub ruled: Option<f64>,
    pub reviewer: String,
    pub date: String,
    pub reason: String,
    /// Working days after the 公示 window closed (0 in time; `None` when the
    /// date or the window is not known).
    pub late: Option<u32>,
    /// The 裁定结果 cell.
    pub cell: CellRef,
    /// The 裁定值 cell: what a ruled value cites.
    pub value_cell: CellRef,
    /// The value before the ruling, once applied (a field's 核定值 or
    /// reported value, the approved count, the deduction's count, 1/0 for a veto).
    pub before: Option<f64>,
}

impl Objection {
    /// The ruling changes a value (采纳 or 部分采纳 with a value to set).
    pub fn changes(&self) -> bool {
        matches!(self.ruling, Some(Ruling::Accepted | Ruling::Partly)) && self.ruled.is_some()
    }
}

/// The 公示 window: opened on the day the 初评 was published, `days`
/// working days long, closing on `last`.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    pub opened: Cited<Date>,
    pub days: u32,
    pub last: Date,
    pub calendar: Calendar,
}

/// Reads 公示日历 and 申诉; problems are reported through `report`.
pub fn read(
    fw: &Framework,
    wb: &RawWorkbook,
    unit_ok: &dyn Fn(&str) -> Option<UnitCode>,
    report: &mut dyn FnMut(Severity, Option<CellRef>, Option<String>, What),
) -> (Vec<Objection>, Option<Window>) {
    let sheet = |name: &str| wb.sheets.iter().find(|s| s.name == name);
    let window = sheet(L::CITY_CALENDAR).and_then(|s| calendar(fw, &Grid::new(s), report));
    let Some(s) = sheet(L::CITY_OBJECTIONS) else {
        return (Vec::new(), window);
    };
    let grid = Grid::new(s);
    let Some((header, cols)) = grid.header(&L::OBJECTION_HEADERS[1..]) else {
        return (Vec::new(), window);
    };
    let at = |name: &str| {
        L::OBJECTION_HEADERS[1..]
            .iter()
            .position(|h| *h == name)
            .map_or(0, |i| cols[i])
    };
    let (unit_col, item_col, claim_col, claimed_col) =
        (at("单位"), at("申诉项目"), at("申诉内容"), at("主张值"));
    let (evidence_col, received_col, ruling_col, value_col) =
        (at("佐证材料"), at("收到日期"), at("裁定结果"), at("裁定值"));
    let (reviewer_col, date_col, reason_col) = (at("复核人"), at("裁定日期"), at("裁定理由"));
    let date_field = helper(FieldType::Date);
    let mut objections = Vec::new();
    for row in grid.rows_after(header) {
        let unit_text = grid.text(row, unit_col).trim().to_string();
        let item_text = grid.text(row, item_col).trim().to_string();
        if unit_text.is_empty() && item_text.is_empty() {
            continue;
        }
        let Some(unit) = unit_ok(&unit_text) else {
            report(
                Severity::Error,
                Some(grid.cell_ref(row, unit_col)),
                Some(unit_text.clone()),
                What::ObjectionUnit { value: unit_text },
            );
            continue;
        };
        let Some(target) = Target::find(fw, &item_text) else {
            report(
                Severity::Error,
                Some(grid.cell_ref(row, item_col)),
                Some(item_text.clone()),
                What::ObjectionItem { value: item_text },
            );
            continue;
        };
        if let Target::Deduction(code) = &target
            && find_item(&fw.deductions, code).is_some_and(|d| d.counts == Counts::DaysLate)
        {
            report(
                Severity::Error,
                Some(grid.cell_ref(row, item_col)),
                None,
                What::RulingOnDaysLate,
            );
            continue;
        }
        let value_at =
            |col: u32, report: &mut dyn FnMut(Severity, Option<CellRef>, Option<String>, What)| {
                let typed = grid.text(row, col);
                if typed.trim().is_empty() {
                    return None;
                }
                let field = match &target {
                    Target::Field(code) => fw
                        .field(code)
                        .cloned()
                        .unwrap_or_else(|| helper(FieldType::Decimal)),
                    Target::Veto(_) => helper(FieldType::YesNo),
                    Target::Bonus(_) | Target::Deduction(_) => helper(FieldType::Decimal),
                };
                match numbers::interpret(grid.get(row, col), &field) {
                    Ok(Reading {
                        value: Value::Number(n),
                        ..
                    }) => Some(n),
                    Ok(Reading {
                        value: Value::YesNo(b),
                        ..
                    }) => Some(f64::from(u8::from(b))),
                    Ok(_) => None,
                    Err(refusal) => {
                        report(
                            Severity::Error,
                            Some(grid.cell_ref(row, col)),
                            Some(typed),
                            What::Refused(refusal),
                        );
                        None
                    }
                }
            };
        let claimed = value_at(claimed_col, report);
        let ruling_text = grid.text(row, ruling_col).trim().to_string();
        let cell = grid.cell_ref(row, ruling_col);
        let ruling = Ruling::parse(&ruling_text);
        match (&ruling, ruling_text.is_empty()) {
            (None, true) => report(
                Severity::Warning,
                Some(cell.clone()),
                None,
                What::ObjectionPending,
            ),
            (None, false) => report(
                Severity::Error,
                Some(cell.clone()),
                Some(ruling_text.clone()),
                What::UnknownRuling { value: ruling_text },
            ),
            _ => {}
        }
        let value_cell = grid.cell_ref(row, value_col);
        let given = value_at(value_col, report);
        let ruled = match ruling {
            Some(Ruling::Accepted) => given.or(claimed),
            Some(Ruling::Partly) => given,
            _ => None,
        };
        if matches!(ruling, Some(Ruling::Accepted | Ruling::Partly)) && ruled.is_none() {
            report(
                Severity::Error,
                Some(value_cell.clone()),
                None,
                What::RulingWithoutValue {
                    ruling: ruling.map_or("", Ruling::label),
                },
            );
        }
        let reason = grid.text(row, reason_col).trim().to_string();
        if ruling.is_some() && reason.is_empty() {
            report(
                Severity::Error,
                Some(grid.cell_ref(row, reason_col)),
                None,
                What::RulingWithoutReason,
            );
        }
        let received_cell = grid.cell_ref(row, received_col);
        let received = if grid.text(row, received_col).trim().is_empty() {
            report(
                Severity::Warning,
                Some(received_cell.clone()),
                None,
                What::ObjectionUndated,
            );
            None
        } else {
            match numbers::interpret(grid.get(row, received_col), &date_field) {
                Ok(Reading {
                    value: Value::Date(day),
                    ..
                }) => Some(day),
                Ok(_) => None,
                Err(refusal) => {
                    report(
                        Severity::Error,
                        Some(received_cell.clone()),
                        Some(grid.text(row, received_col)),
                        What::Refused(refusal),
                    );
                    None
                }
            }
        };
        let late = match (received, &window) {
            (Some(day), Some(w)) => {
                let late = w.calendar.working_days_between(w.last, day);
                if late > 0 {
                    report(
                        Severity::Warning,
                        Some(received_cell.clone()),
                        None,
                        What::ObjectionLate {
                            received: day,
                            last: w.last,
                            days: w.days,
                            late,
                        },
                    );
                }
                Some(late)
            }
            _ => None,
        };
        objections.push(Objection {
            unit,
            target,
            claim: grid.text(row, claim_col).trim().to_string(),
            claimed,
            evidence: grid.text(row, evidence_col).trim().to_string(),
            received,
            ruling,
            ruled,
            reviewer: grid.text(row, reviewer_col).trim().to_string(),
            date: grid.text(row, date_col).trim().to_string(),
            reason,
            late,
            cell,
            value_cell,
            before: None,
        });
    }
    if !objections.is_empty() && window.is_none() {
        report(Severity::Warning, None, None, What::WindowUnknown);
    }
    (objections, window)
}

/// 公示日历: the day the 公示 opened, the holidays and the 调休 working days.
fn calendar(
    fw: &Framework,
    grid: &Grid<'_>,
    report: &mut dyn FnMut(Severity, Option<CellRef>, Option<String>, What),
) -> Option<Window> {
    let (header, cols) = grid.header(&L::CALENDAR_HEADERS[..2])?;
    let date_field = helper(FieldType::Date);
    let mut calendar = Calendar::default();
    let mut opened = None;
    for row in grid.rows_after(header) {
        let kind = grid.text(row, cols[1]).trim().to_string();
        let typed = grid.text(row, cols[0]);
        if typed.trim().is_empty() {
            continue;
        }
        let cell = grid.cell_ref(row, cols[0]);
        let day = match numbers::interpret(grid.get(row, cols[0]), &date_field) {
            Ok(Reading {
                value: Value::Date(day),
                ..
            }) => day,
            Ok(_) => continue,
            Err(refusal) => {
                report(
                    Severity::Error,
                    Some(cell),
                    Some(typed),
                    What::Refused(refusal),
                );
                continue;
            }
        };
        match kind.as_str() {
            k if k == L::CALENDAR_KINDS[0] => opened = Some(Cited { value: day, cell }),
            k if k == L::CALENDAR_KINDS[1] => {
                calendar.holidays.insert(day);
            }
            k if k == L::CALENDAR_KINDS[2] => {
                calendar.workdays.insert(day);
            }
            _ => report(
                Severity::Error,
                Some(grid.cell_ref(row, cols[1])),
                Some(kind.clone()),
                What::UnknownDayKind { value: kind },
            ),
        }
    }
    let opened = opened?;
    let days = fw.period.objection_days;
    // the window counts the day it opens when that is a working day
    let last = calendar.working_days_after(opened.value.pred_opt()?, days)?;
    Some(Window {
        opened,
        days,
        last,
        calendar,
    })
}

/// Puts the rulings that change a value into the city's input (see the
/// module's text); each objection keeps the value it changed.
pub fn apply(fw: &Framework, city: &mut CityInput, submissions: &[Submission]) {
    let mut objections = std::mem::take(&mut city.objections);
    for o in objections.iter_mut() {
        let key = (o.unit.clone(), o.target.code().to_string());
        o.before = match &o.target {
            Target::Field(code) => {
                let field_key = (o.unit.clone(), code.clone());
                let reported = submissions
                    .iter()
                    .find(|s| s.unit_code == o.unit)
                    .and_then(|s| s.values.get(code))
                    .and_then(|r| match r.value {
                        Value::Number(n) => Some(n),
                        Value::YesNo(b) => Some(f64::from(u8::from(b))),
                        _ => None,
                    });
                let supplied = city.supplied.get(&field_key).map(|s| s.value);
                let adjusted = city.adjusted.get(&field_key).map(|a| a.value);
                adjusted.or(supplied).or(reported)
            }
            Target::Bonus(_) => Some(
                city.approvals
                    .iter()
                    .filter(|a| a.unit == key.0 && a.item == key.1)
                    .map(|a| a.approved)
                    .sum(),
            ),
            Target::Deduction(_) => Some(city.deductions.get(&key).map_or(0.0, |d| d.count)),
            Target::Veto(_) => Some(f64::from(u8::from(city.vetoes.contains_key(&key)))),
        };
        let (Some(ruled), Some(ruling)) = (o.ruled.filter(|_| o.changes()), o.ruling) else {
            continue;
        };
        match &o.target {
            Target::Field(code) => {
                let field_key = (o.unit.clone(), code.clone());
                let county = fw.field(code).is_none_or(|f| f.source == Source::County);
                if county {
                    city.adjusted.insert(
                        field_key,
                        Adjusted {
                            value: ruled,
                            reason: o.reason.clone(),
                            reviewer: o.reviewer.clone(),
                            date: o.date.clone(),
                            cell: o.value_cell.clone(),
                            ruling: Some(ruling),
                        },
                    );
                } else {
                    city.supplied.insert(
                        field_key,
                        Cited {
                            value: ruled,
                            cell: o.value_cell.clone(),
                        },
                    );
                }
            }
            Target::Bonus(item) => {
                let mut first = true;
                for a in city
                    .approvals
                    .iter_mut()
                    .filter(|a| a.unit == o.unit && a.item == *item)
                {
                    a.approved = if first { ruled } else { 0.0 };
                    a.agreed = a.approved > 0.0;
                    a.reason.clone_from(&o.reason);
                    a.cell = o.value_cell.clone();
                    a.ruling = Some(ruling);
                    first = false;
                }
                if first {
                    city.approvals.push(Approval {
                        unit: o.unit.clone(),
                        item: item.clone(),
                        claimed: 0.0,
                        approved: ruled,
                        agreed: ruled > 0.0,
                        reason: o.reason.clone(),
                        cell: o.value_cell.clone(),
                        ruling: Some(ruling),
                    });
                }
            }
            Target::Deduction(_) | Target::Veto(_) => {
                let decisions = if matches!(o.target, Target::Veto(_)) {
                    &mut city.vetoes
                } else {
                    &mut city.deductions
                };
                if ruled > 0.0 {
                    decisions.insert(
                        key,
                        Decision {
                            count: ruled,
                            basis: format!("申诉{}", ruling.label()),
                            reason: o.reason.clone(),
                            cell: o.value_cell.clone(),
                        },
                    );
                } else {
                    decisions.remove(&key);
                }
            }
        }
    }
    city.objections = objections;
    city.rulings_applied = true;
}
