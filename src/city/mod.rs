//! The city's own inputs (市级复核表): review of the counties' claims (核定值
//! with reasons), department scores, external data, bonus approvals,
//! deductions and vetoes with their document basis, the receipt log (days
//! late), and the 党组's grade decisions.
//!
//! [`draft`] prepares the workbook's rows from the year's submissions (the
//! writer is `report/review.rs`); [`read`] reads a filled workbook back into
//! [`CityInput`], pointing every problem at its sheet and cell; the
//! objections (申诉) and their rulings are [`objection`]'s. Pure: no I/O.

pub mod objection;

use std::collections::BTreeMap;

use crate::code::{FieldCode, UnitCode};
use crate::date::Date;
use crate::extract::Submission;
use crate::finding::{Finding, Severity, What};
use crate::framework::{Field, FieldType, Framework, Source, find_item};
use crate::ingest::{Grid, RawWorkbook};
use crate::lang::Both;
use crate::layout as L;
use crate::location::CellRef;
use crate::numbers::{self, Value};
use crate::submission::Receipt;

pub use objection::{Objection, Ruling, Target, Window};

/// A value with the cell it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Cited<T> {
    pub value: T,
    pub cell: CellRef,
}

/// A county value the city changed (核定值).
#[derive(Debug, Clone, PartialEq)]
pub struct Adjusted {
    pub value: f64,
    pub reason: String,
    pub reviewer: String,
    pub date: String,
    pub cell: CellRef,
    /// Set by an objection's ruling (the cell is then its 裁定值).
    pub ruling: Option<Ruling>,
}

/// The city's decision on one bonus claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Approval {
    pub unit: UnitCode,
    pub item: String,
    pub claimed: f64,
    /// Approved count (0 when refused or not yet decided).
    pub approved: f64,
    pub agreed: bool,
    pub reason: String,
    pub cell: CellRef,
    /// Set by an objection's ruling (the cell is then its 裁定值).
    pub ruling: Option<Ruling>,
}

/// A deduction or veto the city found, with its document basis.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub count: f64,
    pub basis: String,
    pub reason: String,
    pub cell: CellRef,
}

/// Everything read from the city's workbook.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CityInput {
    pub file: String,
    pub year: i32,
    /// (unit, field) → the reviewed value.
    pub adjusted: BTreeMap<(UnitCode, FieldCode), Adjusted>,
    /// (unit, field) → a department score or external figure.
    pub supplied: BTreeMap<(UnitCode, FieldCode), Cited<f64>>,
    pub approvals: Vec<Approval>,
    /// (unit, deduction item) → count.
    pub deductions: BTreeMap<(UnitCode, String), Decision>,
    /// (unit, veto item).
    pub vetoes: BTreeMap<(UnitCode, String), Decision>,
    /// unit → date received.
    pub received: BTreeMap<UnitCode, Cited<Date>>,
    /// unit → the 党组's grade, where it differs from the proposed one.
    pub decided: BTreeMap<UnitCode, Cited<String>>,
    /// unit → its 状态 in 收件登记 (已报送, 未报送, 免报), where given.
    pub status: BTreeMap<UnitCode, Cited<Receipt>>,
    /// (unit, field, check) → the 核实 cell of 复核 where the city accepted
    /// that warning (the check as 核查提示 names it, e.g. 较上年变化大).
    pub accepted: BTreeMap<(UnitCode, FieldCode, String), CellRef>,
    /// 申诉: every objection read, in sheet order.
    pub objections: Vec<Objection>,
    /// The 公示 window, when 公示日历 gives the day it opened.
    pub window: Option<Window>,
    /// The rulings are in the values above ([`objection::apply`]; not at 初评).
    pub rulings_applied: bool,
}

/// What a clerk writes in 核实 to accept a warning.
fn accepts(text: &str) -> bool {
    matches!(
        text.trim(),
        "属实" | "已核实" | "核实" | "是" | "√" | "同意"
    )
}

/// The column of `label` in a sheet's header row.
fn column_of(grid: &Grid<'_>, header: u32, label: &str, columns: u32) -> Option<u32> {
    (0..columns).find(|&c| grid.text(header, c).trim() == label)
}

/// One sheet's rows as the writer lays them out: cells as text or numbers.
#[derive(Debug, Clone, PartialEq)]
pub enum DraftCell {
    Text(String),
    Number(f64),
    /// An input cell the city fills in (unlocked), with an optional value.
    Input(Option<Box<DraftCell>>),
}

/// One sheet of a draft: its name, its header, its rows.
pub type DraftSheet = (&'static str, &'static [&'static str], Vec<Vec<DraftCell>>);

/// The workbook's content before it is written (and before it is filled).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Draft {
    pub year: i32,
    /// Sheet name → rows (the header comes from `layout`).
    pub sheets: Vec<DraftSheet>,
}

fn text(s: impl Into<String>) -> DraftCell {
    DraftCell::Text(s.into())
}

fn input() -> DraftCell {
    DraftCell::Input(None)
}

/// `12`, `是`, `12.5` — a reported value as the review sheet shows it.
pub fn shown(value: &Value) -> String {
    match value {
        Value::Number(n) => crate::framework::check::number(*n),
        Value::YesNo(b) => if *b { "是" } else { "否" }.to_string(),
        Value::Text(t) => t.clone(),
        Value::Date(day) => crate::date::text(*day),
        Value::Blank => String::new(),
    }
}

/// The rows of every sheet, from the year's submissions.
pub fn draft(
    fw: &Framework,
    year: i32,
    submissions: &[Submission],
    findings: &[Finding],
    totals: &BTreeMap<UnitCode, (f64, String)>,
) -> Draft {
    // the checks that warned about each (unit, field), as 核查提示 names them
    let mut checks: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    let code_of: BTreeMap<&str, &str> = fw
        .units
        .iter()
        .map(|u| (u.name.as_str(), u.code.as_str()))
        .collect();
    for f in findings.iter().filter(|f| f.severity == Severity::Warning) {
        if let (Some(unit), Some(field), Some(check)) = (
            f.unit.as_deref().and_then(|u| code_of.get(u)),
            f.field.as_deref(),
            f.what.check(),
        ) {
            let list = checks.entry((unit, field)).or_default();
            if !list.contains(&check) {
                list.push(check);
            }
        }
    }
    let by_unit: BTreeMap<&str, &Submission> = submissions
        .iter()
        .map(|s| (s.unit_code.as_str(), s))
        .collect();
    let mut review = Vec::new();
    let mut department = Vec::new();
    let mut external = Vec::new();
    let mut approvals = Vec::new();
    let mut deductions = Vec::new();
    let mut receipts = Vec::new();
    let mut grades = Vec::new();
    for unit in &fw.units {
        let sub = by_unit.get(unit.code.as_str());
        for field in &fw.fields {
            match field.source {
                Source::County => {
                    let read = sub.and_then(|s| s.values.get(&field.code));
                    let file = sub.map(|s| crate::location::file_name(&s.file));
                    review.push(vec![
                        text(&unit.code),
                        text(&unit.name),
                        text(&field.code),
                        text(&field.name),
                        text(if field.kind == FieldType::YesNo {
                            "是/否"
                        } else {
                            &field.unit
                        }),
                        text(read.map(|r| shown(&r.value)).unwrap_or_default()),
                        text(match (file, read) {
                            (Some(f), Some(r)) => format!("{f}!{}", r.cell),
                            _ => String::new(),
                        }),
                        input(),
                        input(),
                        input(),
                        input(),
                        text(
                            checks
                                .get(&(unit.code.as_str(), field.code.as_str()))
                                .map(|c| c.join("、"))
                                .unwrap_or_default(),
                        ),
                        input(),
                    ]);
                }
                Source::Department | Source::External => {
                    let row = vec![
                        text(&unit.code),
                        text(&unit.name),
                        text(&field.code),
                        text(&field.name),
                        text(field.provider.clone().unwrap_or_default()),
                        text(&field.unit),
                        input(),
                        input(),
                        input(),
                    ];
                    if field.source == Source::Department {
                        department.push(row);
                    } else {
                        external.push(row);
                    }
                }
            }
        }
        for claim in sub.map(|s| s.claims.as_slice()).unwrap_or_default() {
            let item = claim.item.as_deref().and_then(|c| find_item(&fw.bonus, c));
            approvals.push(vec![
                text(&unit.code),
                text(&unit.name),
                text(item.map_or_else(String::new, |b| format!("{} {}", b.code, b.name))),
                claim.count.map_or_else(|| text(""), DraftCell::Number),
                text(&claim.description),
                text(&claim.evidence),
                input(),
                input(),
                input(),
                text(format!(
                    "{}!{}",
                    L::SHEET_BONUS,
                    CellRef::new(L::SHEET_BONUS, claim.row, 1).a1()
                )),
            ]);
        }
        for d in &fw.deductions {
            let counted = if d.counts == crate::framework::Counts::DaysLate {
                text("（由收件登记计算）")
            } else {
                input()
            };
            deductions.push(vec![
                text(&unit.code),
                text(&unit.name),
                text("扣分"),
                text(&d.code),
                text(&d.name),
                counted,
                input(),
                input(),
            ]);
        }
        for v in &fw.vetoes {
            deductions.push(vec![
                text(&unit.code),
                text(&unit.name),
                text("一票否决"),
                text(&v.code),
                text(&v.name),
                input(),
                input(),
                input(),
            ]);
        }
        receipts.push(vec![
            text(&unit.code),
            text(&unit.name),
            // 已报送 where a file was found; the city writes 未报送 or 免报 for the others
            DraftCell::Input(sub.map(|_| Box::new(text(Receipt::Submitted.label())))),
            input(),
            text(
                sub.map(|s| crate::location::file_name(&s.file))
                    .unwrap_or_default(),
            ),
            input(),
        ]);
        let (total, proposed) = totals.get(&unit.code).cloned().unwrap_or_default();
        grades.push(vec![
            text(&unit.code),
            text(&unit.name),
            DraftCell::Number(total),
            text(proposed),
            input(),
            input(),
        ]);
    }
    // 申诉: blank rows the city types the objections into (room for two per
    // unit: the sheet is protected, rows cannot be added)
    let objections = (1..=(2 * fw.units.len()).max(20))
        .map(|n| {
            let mut row = vec![text(n.to_string())];
            row.extend((1..L::OBJECTION_HEADERS.len()).map(|_| input()));
            row
        })
        .collect();
    // 公示日历: the opening day first, then the holidays and 调休 days
    let mut calendar = vec![vec![
        input(),
        DraftCell::Input(Some(Box::new(text(L::CALENDAR_KINDS[0])))),
        DraftCell::Input(Some(Box::new(text("初评结果公示的第一天")))),
    ]];
    calendar.extend((0..30).map(|_| vec![input(), input(), input()]));
    Draft {
        year,
        sheets: vec![
            (L::CITY_REVIEW, &L::REVIEW_HEADERS, review),
            (L::CITY_DEPARTMENT, &L::CITY_ITEM_HEADERS, department),
            (L::CITY_EXTERNAL, &L::CITY_ITEM_HEADERS, external),
            (L::CITY_BONUS, &L::APPROVAL_HEADERS, approvals),
            (L::CITY_DEDUCTIONS, &L::DEDUCTION_HEADERS, deductions),
            (L::CITY_RECEIPTS, &L::RECEIPT_HEADERS, receipts),
            (L::CITY_GRADES, &L::GRADE_HEADERS, grades),
            (L::CITY_OBJECTIONS, &L::OBJECTION_HEADERS, objections),
            (L::CITY_CALENDAR, &L::CALENDAR_HEADERS, calendar),
        ],
    }
}

/// Days a submission received on `received` came in after the deadline of `year`.
pub fn days_late(fw: &Framework, year: i32, received: Date) -> i64 {
    crate::date::days_between(fw.period.deadline_day(year), received).max(0)
}

/// A field of `kind` to read a city cell by (a count, a date, 是/否).
fn helper(kind: FieldType) -> Field {
    crate::extract::helper_field("", kind, "")
}

/// Whether a workbook is a city workbook (by its stamp or property), and its year.
pub fn identify(wb: &RawWorkbook) -> Option<i32> {
    let by_property = wb
        .properties
        .get(L::PROP_KIND)
        .is_some_and(|k| k == L::KIND_CITY);
    let by_cell = || {
        wb.sheets.iter().any(|s| {
            let grid = Grid::new(s);
            s.cells.iter().any(|c| {
                crate::ingest::reads_as(&c.value, L::STAMP_KIND)
                    && grid.text(c.row, c.col + 1).trim() == L::CITY_KIND_LABEL
            })
        })
    };
    // the stamp only for a city workbook (a county's is read by the intake)
    (by_property || by_cell())
        .then(|| crate::extract::stamp(wb).year)
        .flatten()
}

/// Reads a filled city workbook; problems become findings on `file`.
#[allow(clippy::too_many_lines)] // one block per sheet
pub fn read(
    fw: &Framework,
    wb: &RawWorkbook,
    file: &str,
    year: i32,
    findings: &mut Vec<Finding>,
) -> CityInput {
    let mut city = CityInput {
        file: file.to_string(),
        year,
        ..CityInput::default()
    };
    let mut report = |severity, cell: Option<CellRef>, typed: Option<String>, what| {
        findings.push(Finding {
            severity,
            file: file.to_string(),
            unit: None,
            cell,
            field: None,
            typed,
            what,
        });
    };
    let sheet = |name: &str| wb.sheets.iter().find(|s| s.name == name);
    // a set, not a scan of the units for each row: a province's workbook
    // has rows for every unit
    let codes: std::collections::HashSet<&str> = fw.units.iter().map(|u| u.code.as_str()).collect();
    let unit_ok = |code: &str| codes.contains(code);

    // 复核: 核定值 read by the field's own rules
    if let Some(s) = sheet(L::CITY_REVIEW) {
        let grid = Grid::new(s);
        if let Some((header, cols)) = grid.header(&[
            L::REVIEW_HEADERS[0],
            L::REVIEW_HEADERS[2],
            L::REVIEW_HEADERS[7],
            L::REVIEW_HEADERS[8],
        ]) {
            let (unit_col, code_col, value_col, reason_col) = (cols[0], cols[1], cols[2], cols[3]);
            let wide = u32::try_from(L::REVIEW_HEADERS.len() + 8).unwrap_or(32);
            let checks_col = column_of(&grid, header, L::REVIEW_CHECKS, wide);
            let verified_col = column_of(&grid, header, L::REVIEW_VERIFIED, wide);
            for row in grid.rows_after(header) {
                let unit = UnitCode::new(grid.text(row, unit_col).trim());
                let code = grid.text(row, code_col).trim().to_string();
                let Some(field) = fw.field(&code) else {
                    continue;
                };
                if let (Some(checks), Some(verified)) = (checks_col, verified_col)
                    && unit_ok(&unit)
                    && accepts(&grid.text(row, verified))
                {
                    for check in grid.text(row, checks).split('、') {
                        let check = check.trim();
                        if !check.is_empty() {
                            city.accepted.insert(
                                (unit.clone(), field.code.clone(), check.to_string()),
                                grid.cell_ref(row, verified),
                            );
                        }
                    }
                }
                if !unit_ok(&unit) || grid.text(row, value_col).trim().is_empty() {
                    continue;
                }
                let cell = grid.cell_ref(row, value_col);
                match numbers::interpret(grid.get(row, value_col), field) {
                    Ok(reading) => {
                        let value = match reading.value {
                            Value::Number(n) => n,
                            Value::YesNo(b) => f64::from(u8::from(b)),
                            _ => continue,
                        };
                        let reason = grid.text(row, reason_col).trim().to_string();
                        if reason.is_empty() {
                            report(
                                Severity::Error,
                                Some(grid.cell_ref(row, reason_col)),
                                None,
                                What::AdjustmentWithoutReason,
                            );
                        }
                        city.adjusted.insert(
                            (unit, field.code.clone()),
                            Adjusted {
                                value,
                                reason,
                                reviewer: grid.text(row, reason_col + 1).trim().to_string(),
                                date: grid.text(row, reason_col + 2).trim().to_string(),
                                cell,
                                ruling: None,
                            },
                        );
                    }
                    Err(refusal) => report(
                        Severity::Error,
                        Some(cell),
                        Some(grid.text(row, value_col)),
                        What::Refused(refusal),
                    ),
                }
            }
        }
    } else {
        report(
            Severity::Error,
            None,
            None,
            What::MissingSheet(L::CITY_REVIEW.into()),
        );
    }

    // 部室评分 and 外部数据: every item is needed
    for name in [L::CITY_DEPARTMENT, L::CITY_EXTERNAL] {
        let Some(s) = sheet(name) else {
            report(Severity::Error, None, None, What::MissingSheet(name.into()));
            continue;
        };
        let grid = Grid::new(s);
        let Some((header, cols)) = grid.header(&[
            L::CITY_ITEM_HEADERS[0],
            L::CITY_ITEM_HEADERS[2],
            L::CITY_ITEM_HEADERS[6],
        ]) else {
            continue;
        };
        for row in grid.rows_after(header) {
            let unit = UnitCode::new(grid.text(row, cols[0]).trim());
            let code = grid.text(row, cols[1]).trim().to_string();
            let Some(field) = fw.field(&code) else {
                continue;
            };
            if !unit_ok(&unit) {
                continue;
            }
            let cell = grid.cell_ref(row, cols[2]);
            let typed = grid.text(row, cols[2]);
            if typed.trim().is_empty() && field.blank == crate::framework::Blank::Zero {
                // a blank count of late reports means none
                city.supplied
                    .insert((unit, field.code.clone()), Cited { value: 0.0, cell });
                continue;
            }
            if typed.trim().is_empty() {
                report(
                    Severity::Error,
                    Some(cell),
                    None,
                    What::CityMissing {
                        sheet: name.into(),
                        unit: fw
                            .unit(&unit)
                            .map_or_else(|| Both::same(unit.to_string()), |u| u.names()),
                        item: field.names(),
                    },
                );
                continue;
            }
            match numbers::interpret(grid.get(row, cols[2]), field) {
                Ok(Reading {
                    value: Value::Number(n),
                    ..
                }) => {
                    let out_of_range =
                        field.min.is_some_and(|lo| n < lo) || field.max.is_some_and(|hi| n > hi);
                    if out_of_range {
                        report(
                            Severity::Error,
                            Some(cell.clone()),
                            Some(typed),
                            What::OutOfRange {
                                name: field.names(),
                                value: field.value_text(n),
                                range: field.range_text(),
                            },
                        );
                    }
                    city.supplied
                        .insert((unit, field.code.clone()), Cited { value: n, cell });
                }
                Ok(_) => {}
                Err(refusal) => report(
                    Severity::Error,
                    Some(cell),
                    Some(typed),
                    What::Refused(refusal),
                ),
            }
        }
    }

    // 加分审核: a claim counts only as approved
    if let Some(s) = sheet(L::CITY_BONUS) {
        let grid = Grid::new(s);
        if let Some((header, cols)) = grid.header(&[
            L::APPROVAL_HEADERS[0],
            L::APPROVAL_HEADERS[2],
            L::APPROVAL_HEADERS[3],
            L::APPROVAL_HEADERS[6],
            L::APPROVAL_HEADERS[7],
            L::APPROVAL_HEADERS[8],
        ]) {
            let count = helper(FieldType::Decimal);
            for row in grid.rows_after(header) {
                let unit = UnitCode::new(grid.text(row, cols[0]).trim());
                if !unit_ok(&unit) {
                    continue;
                }
                let item_text = grid.text(row, cols[1]).trim().to_string();
                let item = item_text
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_string();
                let number_at = |col: u32| match numbers::interpret(grid.get(row, col), &count) {
                    Ok(Reading {
                        value: Value::Number(n),
                        ..
                    }) => Some(n),
                    _ => None,
                };
                let claimed = number_at(cols[2]).unwrap_or(0.0);
                let opinion = grid.text(row, cols[3]).trim().to_string();
                let cell = grid.cell_ref(row, cols[3]);
                let agreed = match opinion.as_str() {
                    "同意" | "是" | "√" => true,
                    "不同意" | "否" | "×" => false,
                    "" => {
                        report(
                            Severity::Warning,
                            Some(cell.clone()),
                            None,
                            What::ApprovalPending,
                        );
                        false
                    }
                    other => {
                        report(
                            Severity::Error,
                            Some(cell.clone()),
                            Some(other.to_string()),
                            What::ApprovalPending,
                        );
                        false
                    }
                };
                let approved = if agreed {
                    number_at(cols[4]).unwrap_or(claimed)
                } else {
                    0.0
                };
                city.approvals.push(Approval {
                    unit,
                    item,
                    claimed,
                    approved,
                    agreed,
                    reason: grid.text(row, cols[5]).trim().to_string(),
                    cell,
                    ruling: None,
                });
            }
        }
    }

    // 扣分与否决
    if let Some(s) = sheet(L::CITY_DEDUCTIONS) {
        let grid = Grid::new(s);
        if let Some((header, cols)) = grid.header(&[
            L::DEDUCTION_HEADERS[0],
            L::DEDUCTION_HEADERS[3],
            L::DEDUCTION_HEADERS[5],
            L::DEDUCTION_HEADERS[6],
            L::DEDUCTION_HEADERS[7],
        ]) {
            let count = helper(FieldType::Decimal);
            let yes_no = helper(FieldType::YesNo);
            for row in grid.rows_after(header) {
                let unit = UnitCode::new(grid.text(row, cols[0]).trim());
                let code = grid.text(row, cols[1]).trim().to_string();
                let typed = grid.text(row, cols[2]);
                if !unit_ok(&unit) || typed.trim().is_empty() || typed.starts_with('（') {
                    continue;
                }
                let cell = grid.cell_ref(row, cols[2]);
                let basis = grid.text(row, cols[3]).trim().to_string();
                let reason = grid.text(row, cols[4]).trim().to_string();
                if find_item(&fw.vetoes, &code).is_some() {
                    match numbers::interpret(grid.get(row, cols[2]), &yes_no) {
                        Ok(Reading {
                            value: Value::YesNo(true),
                            ..
                        }) => {
                            if basis.is_empty() {
                                report(
                                    Severity::Error,
                                    Some(grid.cell_ref(row, cols[3])),
                                    None,
                                    What::DecisionWithoutBasis,
                                );
                            }
                            city.vetoes.insert(
                                (unit, code),
                                Decision {
                                    count: 1.0,
                                    basis,
                                    reason,
                                    cell,
                                },
                            );
                        }
                        Ok(_) => {}
                        Err(refusal) => report(
                            Severity::Error,
                            Some(cell),
                            Some(typed),
                            What::Refused(refusal),
                        ),
                    }
                } else if find_item(&fw.deductions, &code).is_some() {
                    match numbers::interpret(grid.get(row, cols[2]), &count) {
                        Ok(Reading {
                            value: Value::Number(n),
                            ..
                        }) if n > 0.0 => {
                            if basis.is_empty() {
                                report(
                                    Severity::Error,
                                    Some(grid.cell_ref(row, cols[3])),
                                    None,
                                    What::DecisionWithoutBasis,
                                );
                            }
                            city.deductions.insert(
                                (unit, code),
                                Decision {
                                    count: n,
                                    basis,
                                    reason,
                                    cell,
                                },
                            );
                        }
                        Ok(_) => {}
                        Err(refusal) => report(
                            Severity::Error,
                            Some(cell),
                            Some(typed),
                            What::Refused(refusal),
                        ),
                    }
                }
            }
        }
    }

    // 收件登记
    if let Some(s) = sheet(L::CITY_RECEIPTS) {
        let grid = Grid::new(s);
        if let Some((header, cols)) = grid.header(&[L::RECEIPT_HEADERS[0], L::RECEIPT_DATE]) {
            let date = helper(FieldType::Date);
            let wide = u32::try_from(L::RECEIPT_HEADERS.len() + 8).unwrap_or(16);
            let status_col = column_of(&grid, header, L::RECEIPT_STATUS, wide);
            for row in grid.rows_after(header) {
                let unit = UnitCode::new(grid.text(row, cols[0]).trim());
                if !unit_ok(&unit) {
                    continue;
                }
                if let Some(col) = status_col {
                    let typed = grid.text(row, col).trim().to_string();
                    let cell = grid.cell_ref(row, col);
                    match Receipt::parse(&typed) {
                        Some(value) => {
                            city.status.insert(unit.clone(), Cited { value, cell });
                        }
                        None if typed.is_empty() => {}
                        None => report(
                            Severity::Error,
                            Some(cell),
                            Some(typed.clone()),
                            What::UnknownStatus { value: typed },
                        ),
                    }
                }
                if grid.text(row, cols[1]).trim().is_empty() {
                    continue;
                }
                let cell = grid.cell_ref(row, cols[1]);
                match numbers::interpret(grid.get(row, cols[1]), &date) {
                    Ok(Reading {
                        value: Value::Date(day),
                        ..
                    }) => {
                        city.received.insert(unit, Cited { value: day, cell });
                    }
                    Ok(_) => {}
                    Err(refusal) => report(
                        Severity::Error,
                        Some(cell),
                        Some(grid.text(row, cols[1])),
                        What::Refused(refusal),
                    ),
                }
            }
        }
    }

    // 等次审定: the 党组's decision replaces the proposed grade
    if let Some(s) = sheet(L::CITY_GRADES) {
        let grid = Grid::new(s);
        if let Some((header, cols)) = grid.header(&[L::GRADE_HEADERS[0], L::GRADE_HEADERS[4]]) {
            for row in grid.rows_after(header) {
                let unit = UnitCode::new(grid.text(row, cols[0]).trim());
                let decided = grid.text(row, cols[1]).trim().to_string();
                if !unit_ok(&unit) || decided.is_empty() {
                    continue;
                }
                let cell = grid.cell_ref(row, cols[1]);
                if fw.grades.iter().any(|g| g.name == decided) {
                    city.decided.insert(
                        unit,
                        Cited {
                            value: decided,
                            cell,
                        },
                    );
                } else {
                    let expected = fw.grades.iter().map(|g| g.name.clone()).collect::<Vec<_>>();
                    report(
                        Severity::Error,
                        Some(cell),
                        Some(decided.clone()),
                        What::UnknownGrade {
                            value: decided,
                            expected,
                        },
                    );
                }
            }
        }
    }
    // 申诉 and 公示日历: a unit by its code or its name
    let by_name = |text: &str| {
        fw.units
            .iter()
            .find(|u| u.code.as_str() == text || u.name == text)
            .map(|u| u.code.clone())
    };
    let (objections, window) = objection::read(fw, wb, &by_name, &mut report);
    city.objections = objections;
    city.window = window;
    city
}

use crate::numbers::Reading;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_late_against_the_deadline() {
        let fw = crate::framework::load(None).expect("default");
        // deadline 12-15 of the assessment year: received 12-18 → 3 days late; 12-10 → 0
        let day = |y, m, d| crate::date::ymd(y, m, d).unwrap();
        assert_eq!(days_late(&fw, 2023, day(2023, 12, 18)), 3);
        assert_eq!(days_late(&fw, 2023, day(2023, 12, 10)), 0);
        // across the new year: 2024-01-02 → 16 + 2 = 18 days
        assert_eq!(days_late(&fw, 2023, day(2024, 1, 2)), 18);
    }
}
