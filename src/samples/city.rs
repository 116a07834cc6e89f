//! The city's filled review workbook for each sample year: department scores
//! and external figures, a few review adjustments with reasons, bonus
//! approvals with one refusal, a late submission, a deduction, one veto (in
//! 2022), and one 党组 decision that differs from the proposed grade (2023).

use crate::city::{Draft, DraftCell};
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

/// What the 党组 decides differently in a year: (unit, grade).
pub fn decision(year: i32) -> Option<(&'static str, &'static str)> {
    // 2023: 新华区, proposed 良好 (the 30% quota of 优秀 is full), is raised to 优秀 by the 党组
    (year == 2023).then_some(("130105", "优秀"))
}

/// Fills a drafted review workbook as the city would.
#[allow(clippy::too_many_lines)] // one block per sheet
pub fn fill(fw: &Framework, year: i32, draft: &mut Draft, figures: &[CityFigures]) {
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
                        .iter()
                        .find(|f| f.year == year && f.unit_code == unit)
                        .and_then(|f| f.values.get(&code).copied())
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
                let plan: [(&str, &str, f64, &str); 2] = match year {
                    2021 => [
                        (
                            "130104",
                            "awareness_trained",
                            0.9,
                            "部分培训无签到表，按台账核减 10%",
                        ),
                        ("130131", "households_aided", 0.8, "重复统计的救助户已剔除"),
                    ],
                    2022 => [
                        (
                            "130123",
                            "certified_trained",
                            0.9,
                            "12 人证书未在统计时段内取得，已核减",
                        ),
                        (
                            "130132",
                            "donations_raised",
                            0.85,
                            "物资折价偏高，按发票重新核定",
                        ),
                    ],
                    _ => [
                        (
                            "130183",
                            "certified_trained",
                            0.9,
                            "部分取证人员无考核记录，已核减",
                        ),
                        (
                            "130109",
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
                        set(row, 6, text("不同意"));
                        set(row, 8, text("佐证材料为县级表彰，不属于本项"));
                    } else {
                        set(row, 6, text("同意"));
                    }
                }
            }
            n if n == L::CITY_DEDUCTIONS => {
                for row in rows.iter_mut() {
                    let unit = cell_text(&row[0]);
                    let code = cell_text(&row[3]);
                    let hit = match (year, unit.as_str(), code.as_str()) {
                        (2021, "130121", "K1")
                        | (2022, "130126", "K4")
                        | (2023, "130131", "K3") => Some((
                            DraftCell::Number(1.0),
                            format!("石红办〔{year}〕{} 号", 10 + year % 7),
                        )),
                        // one veto: 2022, misuse of donations confirmed by the audit
                        (2022, "130133", "V1") => {
                            Some((text("是"), "石审报〔2022〕35 号".to_string()))
                        }
                        _ => None,
                    };
                    if let Some((count, basis)) = hit {
                        set(row, 5, count);
                        set(row, 6, DraftCell::Text(basis));
                        set(row, 7, text("经核实"));
                    }
                }
            }
            n if n == L::CITY_RECEIPTS => {
                for (i, row) in rows.iter_mut().enumerate() {
                    let unit = cell_text(&row[0]);
                    // one late submission a year (3 days after the 12-15 deadline), the rest on time
                    let late = matches!(
                        (year, unit.as_str()),
                        (2021, "130127") | (2022, "130184") | (2023, "130125")
                    );
                    let day = if late {
                        18
                    } else {
                        5 + u32::try_from(i % 9).unwrap_or(0)
                    };
                    set(row, 2, DraftCell::Text(format!("{year}-12-{day:02}")));
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
