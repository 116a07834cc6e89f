//! The bonus claims (加分申报): one row per claim, with its count and evidence.

use crate::finding::{Severity, What};
use crate::framework::{FieldType, Framework, find_item};
use crate::ingest::RawWorkbook;
use crate::layout as L;
use crate::numbers::Value;

use crate::ingest::Grid;

use super::orgs::merged_list;
use super::{Claim, Out, Submission, helper_field};

pub(super) fn read_claims(
    fw: &Framework,
    wb: &RawWorkbook,
    out: &mut Out<'_>,
    sub: &mut Submission,
) {
    let labels = [
        L::BONUS_HEADERS[1],
        L::BONUS_HEADERS[2],
        L::BONUS_HEADERS[4],
    ];
    let found = wb
        .sheets
        .iter()
        .find_map(|s| Grid::new(s).header(&labels).map(|h| (s, h)));
    let Some((sheet, (header, cols))) = found else {
        out.add(
            Severity::Error,
            None,
            None,
            None,
            What::MissingSheet(L::SHEET_BONUS.into()),
        );
        return;
    };
    let (item_col, count_col, evidence_col) = (cols[0], cols[1], cols[2]);
    let description_col = Grid::new(sheet)
        .header(&[L::BONUS_HEADERS[3]])
        .filter(|(r, _)| *r == header)
        .map(|(_, c)| c[0]);
    let number_col = Grid::new(sheet)
        .header(&[L::BONUS_HEADERS[0]])
        .filter(|(r, _)| *r == header)
        .map(|(_, c)| c[0]);
    // 事项说明 and 佐证编号 merged down fill down (one document for several
    // claims); a merge over 序号, 加分项目 or 数量 is an error and counts nothing twice
    let grid = Grid::filling_only(sheet, &[description_col, Some(evidence_col)]);
    merged_list(
        &grid,
        header,
        &[description_col, Some(evidence_col)],
        &[number_col, Some(item_col), Some(count_col)],
        out,
    );
    let count = helper_field("count", FieldType::Integer, "");
    for row in grid.rows_after(header) {
        let item_text = grid.text(row, item_col).trim().to_string();
        let count_text = grid.text(row, count_col).trim().to_string();
        let evidence = grid.text(row, evidence_col).trim().to_string();
        let description = description_col
            .map(|c| grid.text(row, c).trim().to_string())
            .unwrap_or_default();
        if item_text.is_empty()
            && count_text.is_empty()
            && evidence.is_empty()
            && description.is_empty()
        {
            continue;
        }
        let first = item_text.split_whitespace().next().unwrap_or("");
        let item = fw
            .bonus
            .iter()
            .find(|b| b.code == first || b.name == item_text || item_text.ends_with(&b.name))
            .map(|b| b.code.clone());
        if item.is_none() {
            out.add(
                Severity::Error,
                Some(grid.cell_ref(row, item_col)),
                None,
                Some(item_text.clone()),
                What::UnknownBonusItem(item_text.clone()),
            );
        }
        let value = out.interpret(&grid, row, count_col, &count, None);
        let count = match value {
            Some(Value::Number(n)) if n >= 1.0 => {
                // a count worth more than twice the item's cap is most likely a typo
                let bonus = item.as_deref().and_then(|c| find_item(&fw.bonus, c));
                if let Some(b) = bonus
                    && let Some(max) = b.max
                    && n * b.points.as_f64() > 2.0 * max.as_f64()
                {
                    out.add(
                        Severity::Warning,
                        Some(grid.cell_ref(row, count_col)),
                        None,
                        Some(count_text.clone()),
                        What::ClaimBeyondCap {
                            count: n,
                            points: b.points.to_string(),
                            max: max.to_string(),
                        },
                    );
                }
                Some(n)
            }
            Some(_) => {
                out.add(
                    Severity::Error,
                    Some(grid.cell_ref(row, count_col)),
                    None,
                    Some(count_text.clone()),
                    What::ClaimCount,
                );
                None
            }
            None => None,
        };
        if evidence.is_empty() {
            out.add(
                Severity::Error,
                Some(grid.cell_ref(row, evidence_col)),
                None,
                None,
                What::ClaimWithoutEvidence,
            );
        }
        sub.claims.push(Claim {
            row,
            item,
            count,
            description,
            evidence,
            evidence_cell: Some(grid.cell_ref(row, evidence_col)),
        });
    }
}
