//! The 五有 list: one row per grassroots organisation, and the merged areas
//! of a list (filled down one descriptive column, refused elsewhere).

use crate::finding::{Severity, What};
use crate::framework::{FieldType, Framework};
use crate::ingest::RawWorkbook;
use crate::layout as L;
use crate::location::CellRef;
use crate::numbers::{self, Value};

use super::data::area_text;
use crate::ingest::{Grid, cell_text, reads_as};

use super::{Org, Out, Submission, helper_field};

pub(super) fn read_orgs(fw: &Framework, wb: &RawWorkbook, out: &mut Out<'_>, sub: &mut Submission) {
    let Some(wuyou) = &fw.wuyou else { return };
    let items = L::org_item_headers(fw);
    let mut labels: Vec<&str> = vec![L::ORG_HEADERS_BEFORE[1], L::ORG_HEADERS_BEFORE[2]];
    labels.extend(items.iter().map(String::as_str));
    let found = wb.sheets.iter().find_map(|s| {
        let grid = Grid::new(s);
        grid.header(&labels).map(|h| (s, h))
    });
    let Some((sheet, (header, _))) = found else {
        out.add(
            Severity::Error,
            None,
            None,
            None,
            What::MissingSheet(L::SHEET_ORGS.into()),
        );
        return;
    };
    sub.has_org_sheet = true;
    let grid = Grid::new(sheet);
    let col_of = |label: &str| -> Option<u32> {
        grid.sheet
            .cells
            .iter()
            .find(|c| c.row == header && reads_as(&c.value, label))
            .map(|c| c.col)
    };
    let name_col = col_of(L::ORG_HEADERS_BEFORE[1]);
    let type_col = col_of(L::ORG_HEADERS_BEFORE[2]);
    let town_col = col_of(L::ORG_HEADERS_BEFORE[3]);
    let members_col = col_of(L::ORG_HEADERS_BEFORE[4]);
    let volunteers_col = col_of(L::ORG_HEADERS_BEFORE[5]);
    let item_cols: Vec<Option<u32>> = items.iter().map(|h| col_of(h)).collect();
    // 类型 and 所属乡镇 merged down fill down; no other merge gives a value
    let grid = Grid::filling_only(sheet, &[type_col, town_col]);
    merged_list(
        &grid,
        header,
        &[type_col, town_col],
        &[name_col, members_col, volunteers_col]
            .into_iter()
            .chain(item_cols.iter().copied())
            .collect::<Vec<_>>(),
        out,
    );
    let count = helper_field("count", FieldType::Integer, "人");
    let yes_no = helper_field("yes-no", FieldType::YesNo, "");
    let type_names: Vec<&str> = wuyou.org_types.iter().map(|t| t.name.as_str()).collect();
    // marks other than 是/否: how many, the first cell, the distinct marks
    let mut marks: (usize, Option<CellRef>, Vec<String>) = (0, None, Vec::new());
    for row in grid.rows_after(header) {
        let text = |col: Option<u32>| {
            col.map(|c| grid.text(row, c).trim().to_string())
                .unwrap_or_default()
        };
        let name = text(name_col);
        let type_text = text(type_col);
        let town = text(town_col);
        let members_text = text(members_col);
        let volunteers_text = text(volunteers_col);
        let any_item = item_cols.iter().any(|c| !text(*c).is_empty());
        if name.is_empty()
            && type_text.is_empty()
            && town.is_empty()
            && members_text.is_empty()
            && volunteers_text.is_empty()
            && !any_item
        {
            continue;
        }
        if name.is_empty() {
            out.add(
                Severity::Error,
                name_col.map(|c| grid.cell_ref(row, c)),
                None,
                None,
                What::OrgWithoutName,
            );
        }
        let org_type = wuyou
            .org_types
            .iter()
            .find(|t| t.name == type_text || t.code == type_text)
            .map(|t| t.code.clone());
        if org_type.is_none() {
            out.add(
                Severity::Error,
                type_col.map(|c| grid.cell_ref(row, c)),
                None,
                Some(type_text.clone()),
                What::UnknownOrgType {
                    value: type_text.clone(),
                    expected: type_names.iter().map(|t| t.to_string()).collect(),
                },
            );
        }
        let mut number_at = |col: Option<u32>| -> Option<f64> {
            let col = col?;
            match out.interpret(&grid, row, col, &count, None)? {
                Value::Number(n) => Some(n),
                _ => None,
            }
        };
        let members = number_at(members_col);
        let volunteers = number_at(volunteers_col);
        let mut flags = Vec::new();
        for col in &item_cols {
            let Some(c) = *col else {
                flags.push(None);
                continue;
            };
            // marks such as √ and 有 are normal here: counted once per file, not noted per cell
            let cell = grid.get(row, c);
            let flag = match numbers::interpret(cell, &yes_no) {
                Ok(reading) => {
                    if !reading.notes.is_empty() {
                        marks.0 += 1;
                        marks.1.get_or_insert_with(|| grid.cell_ref(row, c));
                        let mark = cell
                            .map(|x| cell_text(&x.value).trim().to_string())
                            .unwrap_or_default();
                        if !marks.2.contains(&mark) {
                            marks.2.push(mark);
                        }
                    }
                    match reading.value {
                        Value::YesNo(b) => Some(b),
                        _ => None,
                    }
                }
                Err(refusal) => {
                    let typed = cell.map(|x| cell_text(&x.value));
                    out.add(
                        Severity::Error,
                        Some(grid.cell_ref(row, c)),
                        None,
                        typed,
                        What::Refused(refusal),
                    );
                    None
                }
            };
            flags.push(flag);
        }
        sub.orgs.push(Org {
            row,
            name,
            org_type,
            town,
            members,
            volunteers,
            items: flags,
        });
    }
    if let (count, Some(cell), distinct) = marks {
        let example = distinct;
        out.add(
            Severity::Note,
            Some(cell),
            None,
            None,
            What::YesNoMarks { count, example },
        );
    }
}

/// Merged areas in a list (the 五有 list, the bonus claims): down one
/// descriptive column (类型, 所属乡镇 over several rows, as clerks do; one
/// 佐证编号 for several claims) the value is filled down with a note; over
/// any other column of the list, or across columns, an error, and the rows
/// below the first get no value from it (the list's grid is
/// [`Grid::filling_only`] the descriptive columns).
pub(super) fn merged_list(
    grid: &Grid<'_>,
    header: u32,
    descriptive: &[Option<u32>],
    others: &[Option<u32>],
    out: &mut Out<'_>,
) {
    for m in grid.sheet.merged.iter().filter(|m| m.first_row > header) {
        let label = |col: u32| grid.text(header, col).trim().to_string();
        let down_one = m.first_col == m.last_col && m.last_row > m.first_row;
        if down_one && descriptive.contains(&Some(m.first_col)) {
            let value = grid.text(m.first_row, m.first_col).trim().to_string();
            if !value.is_empty() {
                out.add(
                    Severity::Note,
                    Some(grid.cell_ref(m.first_row, m.first_col)),
                    None,
                    None,
                    What::MergedFilledDown {
                        area: area_text(m),
                        column: label(m.first_col),
                        value,
                        rows: m.last_row - m.first_row + 1,
                    },
                );
            }
            continue;
        }
        let in_list = descriptive
            .iter()
            .chain(others)
            .flatten()
            .any(|&c| (m.first_col..=m.last_col).contains(&c));
        if in_list {
            out.add(
                Severity::Error,
                Some(grid.cell_ref(m.first_row, m.first_col)),
                None,
                None,
                What::MergedList { area: area_text(m) },
            );
        }
    }
}
