//! 加扣分与否决: every bonus claim, deduction and veto of the run, one row
//! each, with the county's claim, the city's decision, the points applied,
//! the reason, the document basis and the cells it was read from; and, where
//! the bonus cap (加分上限) cut a unit's bonus, a row saying so.
//!
//! The points are the scoring's (the bonus, deduction and veto nodes of
//! `Results.scored`): a unit's rows add up to the bonus and deductions of
//! 综合排名. Without a city workbook the claims count as claimed (未复核).

use rust_xlsxwriter::{Workbook, XlsxError};

use super::Results;
use super::measures::{Written, in_code_order, round2, unit_name};
use super::style;
use crate::city::Approval;
use crate::code::UnitCode;
use crate::extract::Claim;
use crate::framework::check::number;
use crate::framework::{Counts, describe, find_item};
use crate::layout as L;
use crate::location::{CellRef, file_name};
use crate::score::NodeKind;

/// What a row applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// 加分.
    Bonus,
    /// 扣分.
    Deduction,
    /// 一票否决.
    Veto,
}

/// The points a row applies: a number of points (+ bonus, − deductions) or a veto.
enum Applied {
    Points(f64),
    Veto,
}

/// One row of the sheet.
struct Row {
    unit: UnitCode,
    kind: Kind,
    item: String,
    claim: String,
    decision: String,
    applied: Applied,
    reason: String,
    evidence: String,
    basis: String,
    cells: String,
}

/// The rows of one unit (index `i` of `results.scored.units`): its bonus
/// claims (with the cap), its deductions, its vetoes.
#[allow(clippy::too_many_lines)] // three kinds of row
fn unit_rows(results: &Results<'_>, i: usize) -> Vec<Row> {
    let (fw, scored, lang) = (results.fw, results.scored, results.lang);
    let unit = &scored.units[i];
    let city = results.city;
    let city_file = city.map(|c| file_name(&c.file)).unwrap_or_default();
    let node_score = |code: &str, kind: NodeKind| {
        scored
            .node(code)
            .filter(|n| n.kind == kind)
            .and_then(|n| n.score[i])
            .unwrap_or(0.0)
    };
    let mut rows = Vec::new();
    let row = |kind: Kind, item: String, applied: Applied| Row {
        unit: unit.clone(),
        kind,
        item,
        claim: String::new(),
        decision: String::new(),
        applied,
        reason: String::new(),
        evidence: String::new(),
        basis: String::new(),
        cells: String::new(),
    };

    // bonus: each claim with the city's decision on it, in the order claimed
    let submission = results.submission(unit);
    let claims: &[Claim] = submission.map_or(&[], |s| s.claims.as_slice());
    let approvals: Vec<&Approval> = city
        .map(|c| c.approvals.iter().filter(|a| &a.unit == unit).collect())
        .unwrap_or_default();
    // the n-th claim of an item is decided by the n-th approval row of that item
    let mut used = vec![false; approvals.len()];
    let mut pairs: Vec<(Option<&Claim>, Option<&Approval>)> = Vec::new();
    for claim in claims {
        let item = claim.item.as_deref().unwrap_or("");
        let found = approvals
            .iter()
            .enumerate()
            .position(|(k, a)| !used[k] && a.item == item);
        if let Some(k) = found {
            used[k] = true;
        }
        pairs.push((Some(claim), found.map(|k| approvals[k])));
    }
    for (k, a) in approvals.iter().enumerate() {
        if !used[k] {
            pairs.push((None, Some(a)));
        }
    }
    // the item's points (after its own cap) are shared out over its rows in order
    let mut left: std::collections::BTreeMap<String, f64> = fw
        .bonus
        .iter()
        .map(|b| (b.code.clone(), node_score(&b.code, NodeKind::Bonus)))
        .collect();
    let mut bonus_sum = 0.0;
    for (claim, approval) in pairs {
        let code = claim
            .and_then(|c| c.item.clone())
            .or_else(|| approval.map(|a| a.item.clone()))
            .unwrap_or_default();
        let item = find_item(&fw.bonus, &code);
        let counted = match (city, approval) {
            (None, _) => claim.and_then(|c| c.count).unwrap_or(0.0),
            (Some(_), Some(a)) => a.approved,
            (Some(_), None) => 0.0,
        };
        let wanted = item.map_or(0.0, |b| round2(counted * b.points.as_f64()));
        let available = left.get(&code).copied().unwrap_or(0.0);
        let points = wanted.min(available).max(0.0);
        if let Some(l) = left.get_mut(&code) {
            *l = round2(*l - points);
        }
        bonus_sum += points;
        let name = item.map_or_else(
            || {
                lang.pick("（项目无法识别）", "(item not recognised)")
                    .to_string()
            },
            |b| format!("{} {}", b.code, b.label(lang)),
        );
        let mut r = row(Kind::Bonus, name, Applied::Points(points));
        if let Some(c) = claim {
            let count = c.count.map_or_else(String::new, number);
            r.claim = match (count.is_empty(), c.description.is_empty()) {
                (true, _) => c.description.clone(),
                (false, true) => lang.pick(format!("数量 {count}"), format!("count {count}")),
                (false, false) => lang.pick(
                    format!("数量 {count}：{}", c.description),
                    format!("count {count}: {}", c.description),
                ),
            };
            r.evidence.clone_from(&c.evidence);
        }
        r.decision = match (city, approval) {
            _ if item.is_none() => lang.pick("未计分", "not counted").to_string(),
            (None, _) => lang.pick("未复核", "not reviewed").to_string(),
            (Some(_), Some(a)) if a.agreed => lang.pick(
                format!("同意，认定 {}", number(a.approved)),
                format!("approved {}", number(a.approved)),
            ),
            (Some(_), Some(_)) => lang.pick("不同意", "refused").to_string(),
            (Some(_), None) => lang
                .pick(
                    "未列入复核表，未计分",
                    "not in the city workbook; not counted",
                )
                .to_string(),
        };
        let mut reason = approval.map(|a| a.reason.clone()).unwrap_or_default();
        if let Some(b) = item.filter(|_| points < wanted)
            && let Some(max) = b.max
        {
            let note = lang.pick(
                format!("本项最多加 {max} 分"),
                format!("this item adds at most {max}"),
            );
            reason = [reason, note]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(lang.pick("；", "; "));
        }
        r.reason = reason;
        let mut cells = Vec::new();
        if let Some(a) = approval {
            cells.push(format!("{city_file}!{}", a.cell));
        }
        if let (Some(c), Some(s)) = (claim, submission) {
            let cell = CellRef::new(L::SHEET_BONUS, c.row, 1);
            cells.push(format!("{}!{cell}", file_name(&s.file)));
        }
        r.cells = cells.join("；");
        rows.push(r);
    }
    // the cap on the bonus in total
    if let Some(cap) = fw.bonus_cap {
        let bonus_sum = round2(bonus_sum);
        if bonus_sum > cap.as_f64() {
            let cut = round2(cap.as_f64() - bonus_sum);
            let mut r = row(
                Kind::Bonus,
                lang.pick("加分合计上限", "Bonus cap").to_string(),
                Applied::Points(cut),
            );
            r.decision = lang.pick(
                format!("合计 {bonus_sum:.2} 分，按上限 {cap} 分计"),
                format!("{bonus_sum:.2} in total, capped at {cap}"),
            );
            r.reason = lang.pick(
                format!("加分合计不超过 {cap} 分"),
                format!("the bonus is at most {cap} in total"),
            );
            rows.push(r);
        }
    }

    // deductions the city found, and days late from the receipt log
    for d in &fw.deductions {
        let Some(node) = scored
            .node(&d.code)
            .filter(|n| n.kind == NodeKind::Deduction)
        else {
            continue;
        };
        let Some(count) = node.value[i].filter(|c| *c > 0.0) else {
            continue;
        };
        let points = node.score[i].unwrap_or(0.0);
        let mut r = row(
            Kind::Deduction,
            format!("{} {}", d.code, d.label(lang)),
            Applied::Points(points),
        );
        let key = (unit.clone(), d.code.clone());
        match d.counts {
            Counts::DaysLate => {
                r.decision = lang.pick(
                    format!("逾期 {} 天", number(count)),
                    format!("{} days late", number(count)),
                );
                if let Some(received) = city.and_then(|c| c.received.get(unit)) {
                    let got = crate::date::text(received.value);
                    let due = crate::date::text(fw.period.deadline_day(results.year));
                    r.reason = lang.pick(
                        format!("收件日期 {got}，报送截止 {due}"),
                        format!("received {got}, due {due}"),
                    );
                    r.cells = format!("{city_file}!{}", received.cell);
                }
            }
            Counts::Occurrences => {
                r.decision = lang.pick(
                    format!("{} 次", number(count)),
                    format!(
                        "{} time{}",
                        number(count),
                        if count == 1.0 { "" } else { "s" }
                    ),
                );
                if let Some(decision) = city.and_then(|c| c.deductions.get(&key)) {
                    r.reason.clone_from(&decision.reason);
                    r.basis.clone_from(&decision.basis);
                    r.cells = format!("{city_file}!{}", decision.cell);
                }
            }
        }
        let wanted = round2(count * d.points.as_f64());
        if let Some(max) = d.max.filter(|_| -points < wanted) {
            let note = lang.pick(
                format!("本项最多扣 {max} 分"),
                format!("this item takes at most {max}"),
            );
            r.reason = [r.reason, note]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(lang.pick("；", "; "));
        }
        rows.push(r);
    }

    // vetoes
    for v in &fw.vetoes {
        let hit = scored
            .node(&v.code)
            .filter(|n| n.kind == NodeKind::Veto)
            .is_some_and(|n| n.value[i] == Some(1.0));
        if !hit {
            continue;
        }
        let mut r = row(
            Kind::Veto,
            format!("{} {}", v.code, v.label(lang)),
            Applied::Veto,
        );
        r.decision = describe::veto_words(v.effect, lang).to_string();
        if let Some(decision) = city.and_then(|c| c.vetoes.get(&(unit.clone(), v.code.clone()))) {
            r.reason.clone_from(&decision.reason);
            r.basis.clone_from(&decision.basis);
            r.cells = format!("{city_file}!{}", decision.cell);
        }
        rows.push(r);
    }
    rows
}

/// Adds the sheet to the assessment workbook.
pub fn sheet(workbook: &mut Workbook, results: &Results<'_>) -> Result<(), XlsxError> {
    let (scored, lang) = (results.scored, results.lang);
    let sheet = workbook.add_worksheet();
    sheet.set_name(lang.pick("加扣分与否决", "Bonus, deductions, vetoes"))?;
    let headers: [&str; 11] = lang.pick(
        [
            "单位代码",
            "单位",
            "类别",
            "项目",
            "申报",
            "审核结果",
            "分值",
            "理由",
            "佐证材料编号",
            "依据文件",
            "来源单元格",
        ],
        [
            "Code",
            "Unit",
            "Kind",
            "Item",
            "Claim",
            "Decision",
            "Points",
            "Reason",
            "Evidence no.",
            "Basis",
            "Cell",
        ],
    );
    let mut written = Written::default();
    for (c, h) in (0u16..).zip(headers) {
        written.text(sheet, (0, c), h, &style::header())?;
    }
    let text = style::cell();
    let center = style::cell_center();
    let signed = style::cell_center().set_num_format("+0.00;-0.00;0.00");
    let rows: Vec<Row> = in_code_order(scored)
        .into_iter()
        .flat_map(|i| unit_rows(results, i))
        .collect();
    for (r, x) in (1u32..).zip(&rows) {
        let kind = match x.kind {
            Kind::Bonus => lang.pick("加分", "bonus"),
            Kind::Deduction => lang.pick("扣分", "deduction"),
            Kind::Veto => lang.pick("一票否决", "veto"),
        };
        written.text(sheet, (r, 0), &x.unit, &center)?;
        written.text(sheet, (r, 1), &unit_name(results, &x.unit), &text)?;
        written.text(sheet, (r, 2), kind, &center)?;
        written.text(sheet, (r, 3), &x.item, &text)?;
        written.text(sheet, (r, 4), &x.claim, &text)?;
        written.text(sheet, (r, 5), &x.decision, &text)?;
        match x.applied {
            Applied::Points(p) => {
                sheet.write_number_with_format(r, 6, p, &signed)?;
            }
            Applied::Veto => written.text(sheet, (r, 6), lang.pick("否决", "veto"), &center)?,
        }
        written.text(sheet, (r, 7), &x.reason, &text)?;
        written.text(sheet, (r, 8), &x.evidence, &center)?;
        written.text(sheet, (r, 9), &x.basis, &text)?;
        written.text(sheet, (r, 10), &x.cells, &text)?;
    }
    if rows.is_empty() {
        written.text(
            sheet,
            (1, 0),
            lang.pick("无加分、扣分或否决事项", "no bonus, deduction or veto"),
            &text,
        )?;
    }
    // long texts wrap (rows sized to them) rather than widen the sheet past A3
    let width = written.fit(
        sheet,
        &[
            (8.0, 10.0),
            (8.0, 12.0),
            (6.0, 10.0),
            (14.0, 26.0),
            (14.0, 30.0),
            (10.0, 18.0),
            (8.0, 10.0),
            (12.0, 26.0),
            (8.0, 14.0),
            (10.0, 20.0),
            (20.0, 30.0),
        ],
    )?;
    sheet.set_freeze_panes(1, 0)?;
    style::print_setup(sheet, true, (0, 0))?;
    style::paper_for_width(sheet, width);
    Ok(())
}
