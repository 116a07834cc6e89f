//! The city's filled review workbook for each sample year: department scores
//! and external figures, a few review adjustments with reasons, bonus
//! approvals with one refusal, a late submission, a deduction, one veto (in
//! 2022), one 党组 decision that differs from the proposed grade (2023), and
//! two objections to the 2023 初评: one accepted, one rejected.
//!
//! The events happen to named units of the shipped registry; in a synthetic
//! registry the same events happen to units picked by position ([`cast`]),
//! except the 党组 decision, which is about the shipped samples' grade quota.

use std::collections::BTreeMap;

use crate::city::{Draft, DraftCell};
use crate::date::Datelike;
use crate::framework::{Framework, Source};
use crate::layout as L;

use super::CityFigures;
use super::tie;

fn set(row: &mut [DraftCell], col: usize, value: DraftCell) {
    if let Some(cell) = row.get_mut(col) {
        *cell = DraftCell::Input(Some(Box::new(value)));
    }
}

fn text(s: &str) -> DraftCell {
    DraftCell::Text(s.to_string())
}

fn cell_text(cell: &DraftCell) -> String {
    match cell {
        DraftCell::Text(t) => t.clone(),
        DraftCell::Number(n) => crate::framework::check::number(*n),
        DraftCell::Input(_) => String::new(),
    }
}

/// The year whose 初评 the sample counties object to.
pub const OBJECTIONS_YEAR: i32 = 2023;

/// What the 党组 decides differently in a year: (unit, grade).
pub fn decision(year: i32) -> Option<(&'static str, &'static str)> {
    // 2023: 新华区, proposed 良好 (the 30% quota of 优秀 is full), is raised to 优秀 by the 党组
    (year == 2023).then_some(("130105", "优秀"))
}

/// Fills a drafted review workbook as the city would.
#[allow(clippy::too_many_lines)] // one block per sheet
/// `signed`: each unit's 填报日期, which its receipt date never precedes.
pub fn fill(
    fw: &Framework,
    year: i32,
    draft: &mut Draft,
    figures: &[CityFigures],
    signed: &BTreeMap<crate::code::UnitCode, crate::date::Date>,
) {
    let figures: BTreeMap<(i32, &str), &CityFigures> = figures
        .iter()
        .map(|f| ((f.year, f.unit_code.as_str()), f))
        .collect();
    let pick = |code: &str, at: f64| cast(fw, code, at);
    // the refused bonus claim (unit, item), which its county objects to in 2023
    let mut refused: Option<(String, String)> = None;
    for (name, _, rows) in &mut draft.sheets {
        match *name {
            n if n == L::CITY_DEPARTMENT || n == L::CITY_EXTERNAL => {
                for row in rows.iter_mut() {
                    let unit = cell_text(&row[0]);
                    let code = cell_text(&row[2]);
                    let Some(field) = fw.field(&code) else {
                        continue;
                    };
                    let mut value = figures
                        .get(&(year, unit.as_str()))
                        .and_then(|f| f.values.get(code.as_str()).copied())
                        .unwrap_or(0.0);
                    // the tied units reach every target the city's figures are scored against
                    if year == tie::YEAR && tie::UNITS.contains(&unit.as_str()) {
                        value = full(fw, &unit, year, &code).unwrap_or(value);
                    }
                    set(row, 6, DraftCell::Number(value));
                    let who = if field.source == Source::Department {
                        "张敏"
                    } else {
                        "2023-12-20"
                    };
                    let who = if field.source == Source::External {
                        format!("{year}-12-20")
                    } else {
                        who.to_string()
                    };
                    set(row, 7, DraftCell::Text(who));
                }
            }
            n if n == L::CITY_REVIEW => {
                // two adjustments a year, on units outside the tie
                let plan: [(String, &str, f64, &str); 2] = match year {
                    2021 => [
                        (
                            pick("130104", 0.1),
                            "awareness_trained",
                            0.9,
                            "部分培训无签到表，按台账核减 10%",
                        ),
                        (
                            pick("130131", 0.6),
                            "households_aided",
                            0.8,
                            "重复统计的救助户已剔除",
                        ),
                    ],
                    2022 => [
                        (
                            pick("130123", 0.45),
                            "certified_trained",
                            0.9,
                            "12 人证书未在统计时段内取得，已核减",
                        ),
                        (
                            pick("130132", 0.7),
                            "donations_raised",
                            0.85,
                            "物资折价偏高，按发票重新核定",
                        ),
                    ],
                    _ => [
                        (
                            pick("130183", 0.9),
                            "certified_trained",
                            0.9,
                            "部分取证人员无考核记录，已核减",
                        ),
                        (
                            pick("130109", 0.25),
                            "aed_count",
                            0.8,
                            "4 台 AED 尚未安装到位，不予认定",
                        ),
                    ],
                };
                for (unit, code, factor, reason) in plan {
                    if let Some(row) = rows
                        .iter_mut()
                        .find(|r| cell_text(&r[0]) == unit && cell_text(&r[2]) == code)
                    {
                        let reported: f64 = cell_text(&row[5]).parse().unwrap_or(0.0);
                        let reviewed = (reported * factor).floor();
                        set(row, 7, DraftCell::Number(reviewed));
                        set(row, 8, text(reason));
                        set(row, 9, text("李华"));
                        set(row, 10, DraftCell::Text(format!("{year}-12-22")));
                    }
                }
            }
            n if n == L::CITY_BONUS => {
                for (i, row) in rows.iter_mut().enumerate() {
                    // the second claim of the year is refused, the others approved as claimed
                    if i == 1 {
                        refused = Some((cell_text(&row[0]), cell_text(&row[2])));
                        set(row, 6, text("不同意"));
                        // from the year the template has 佐证材料, the refused
                        // claim is the one whose evidence is not listed (filled.rs)
                        let reason = if year >= super::filled::EVIDENCE_SHEET_FROM {
                            "佐证编号未列入佐证材料清单，未见佐证材料"
                        } else {
                            "佐证材料为县级表彰，不属于本项"
                        };
                        set(row, 8, text(reason));
                    } else {
                        set(row, 6, text("同意"));
                    }
                }
            }
            n if n == L::CITY_DEDUCTIONS => {
                let deduction = match year {
                    2021 => Some((pick("130121", 0.35), "K1")),
                    2022 => Some((pick("130126", 0.55), "K4")),
                    2023 => Some((pick("130131", 0.65), "K3")),
                    _ => None,
                };
                // one veto: 2022, misuse of donations confirmed by the audit
                let veto = (year == 2022).then(|| (pick("130133", 0.8), "V1"));
                for row in rows.iter_mut() {
                    let unit = cell_text(&row[0]);
                    let code = cell_text(&row[3]);
                    let hit = if deduction == Some((unit.clone(), code.as_str())) {
                        Some((
                            DraftCell::Number(1.0),
                            format!("石红办〔{year}〕{} 号", 10 + year % 7),
                        ))
                    } else if veto == Some((unit.clone(), code.as_str())) {
                        Some((text("是"), "石审报〔2022〕35 号".to_string()))
                    } else {
                        None
                    };
                    if let Some((count, basis)) = hit {
                        set(row, 5, count);
                        set(row, 6, DraftCell::Text(basis));
                        set(row, 7, text("经核实"));
                    }
                }
            }
            n if n == L::CITY_RECEIPTS => {
                // one late submission a year (3 days after the 12-15 deadline), the
                // rest on time, each received on or after the day it was signed
                let late_unit = match year {
                    2021 => Some(pick("130127", 0.4)),
                    2022 => Some(pick("130184", 0.95)),
                    2023 => Some(pick("130125", 0.5)),
                    _ => None,
                };
                for (i, row) in rows.iter_mut().enumerate() {
                    let unit = cell_text(&row[0]);
                    let late = late_unit.as_ref() == Some(&unit);
                    let signed_day = signed
                        .get(unit.as_str())
                        .filter(|d| d.year() == year && d.month() == 12)
                        .map_or(0, Datelike::day);
                    let day = if late {
                        18
                    } else {
                        (5 + u32::try_from(i % 9).unwrap_or(0)).max(signed_day)
                    };
                    set(row, 3, DraftCell::Text(format!("{year}-12-{day:02}")));
                }
            }
            n if n == L::CITY_OBJECTIONS && year == OBJECTIONS_YEAR => {
                // one objection accepted (the deduction of the year, counted
                // twice), one rejected (the refused bonus claim)
                let name = |code: &str| fw.unit(code).map(|u| u.name.clone()).unwrap_or_default();
                let deducted = pick("130131", 0.65);
                let mut objections = vec![[
                    name(&deducted),
                    "K3".to_string(),
                    "审计指出的问题发生在上一统计时段，已在 2022 年度评估中扣分，不应重复扣分"
                        .to_string(),
                    "0".to_string(),
                    "2022 年度评估通报；审计报告".to_string(),
                    "2024-02-09".to_string(),
                    "采纳".to_string(),
                    String::new(),
                    "经核，该问题已在 2022 年度扣分，本年度不再扣分".to_string(),
                ]];
                if let Some((unit, item)) = &refused {
                    objections.push([
                        name(unit),
                        item.split_whitespace().next().unwrap_or("").to_string(),
                        "表彰文件已补交，请求认定加分".to_string(),
                        "1".to_string(),
                        "市级表彰文件（补交）".to_string(),
                        // a Monday after 春节: in time only because the Sunday
                        // worked and the holidays are in 公示日历
                        "2024-02-19".to_string(),
                        "维持".to_string(),
                        String::new(),
                        "报送时未列入佐证材料清单，公示期内补交的材料不作为认定依据".to_string(),
                    ]);
                }
                for (row, o) in rows.iter_mut().zip(&objections) {
                    for (col, value) in [1, 2, 3, 4, 5, 6, 7, 8, 11].into_iter().zip(o) {
                        if !value.is_empty() {
                            set(row, col, DraftCell::Text(value.clone()));
                        }
                    }
                    set(row, 9, text("李华"));
                    set(row, 10, text("2024-02-23"));
                }
            }
            n if n == L::CITY_CALENDAR && year == OBJECTIONS_YEAR => {
                // 公示 opens Thursday 2024-02-08; 春节 02-10 … 02-17; Sundays
                // 02-04 and 02-18 worked: five working days end on 02-20
                let mut days = vec![(
                    "2024-02-08".to_string(),
                    "公示开始",
                    "初评结果公示（网站公示）",
                )];
                days.extend((10..=17).map(|d| (format!("2024-02-{d:02}"), "节假日", "春节")));
                days.extend(
                    ["2024-02-04", "2024-02-18"].map(|d| (d.to_string(), "调休上班", "春节调休")),
                );
                for (row, (day, kind, note)) in rows.iter_mut().zip(days) {
                    set(row, 0, DraftCell::Text(day));
                    set(row, 1, text(kind));
                    set(row, 2, text(note));
                }
            }
            n if n == L::CITY_GRADES => {
                if let Some((unit, grade)) = decision(year) {
                    for row in rows.iter_mut().filter(|r| cell_text(&r[0]) == unit) {
                        set(row, 4, text(grade));
                        set(row, 5, text("党组会议研究决定"));
                    }
                }
            }
            _ => {}
        }
    }
}

/// Who an event of the shipped samples happens to: the unit `code` when the
/// registry has it, else (a synthetic registry) the unit `at` (0…1) of the way
/// down the list.
fn cast(fw: &Framework, code: &str, at: f64) -> String {
    if fw.unit(code).is_some() {
        return code.to_string();
    }
    let last = fw.units.len().saturating_sub(1);
    let index = ((last as f64) * at.clamp(0.0, 1.0)).round() as usize;
    fw.units
        .get(index)
        .map_or_else(String::new, |u| u.code.to_string())
}

/// A city figure that reaches its indicator's target (for the tied units).
fn full(fw: &Framework, unit: &str, year: i32, code: &str) -> Option<f64> {
    use crate::framework::{Method, Target};
    #[allow(clippy::cast_precision_loss)] // populations
    let population = fw.unit(unit)?.population_for(year)? as f64;
    let ind = fw
        .indicators
        .iter()
        .find(|i| i.value.fields.first().is_some_and(|f| f == code))?;
    let needed = match &ind.method {
        Method::Deduction { .. } => return Some(0.0),
        Method::TargetRatio {
            target: Target::Fixed(t),
            ..
        } => *t,
        Method::TargetRatio {
            target: Target::PerPeople { rate, per },
            ..
        } => rate * population / per,
        _ => return None,
    };
    let mut raw = needed * 1.2;
    if let Some(per) = ind.value.per_people {
        raw = raw * population / per;
    }
    let field = fw.field(code)?;
    let raw = if field.kind == crate::framework::FieldType::Integer {
        raw.ceil()
    } else {
        (raw * 100.0).ceil() / 100.0
    };
    Some(field.max.map_or(raw, |m| raw.min(m)))
}
