//! Reading a wide table: one row per unit, one column per field, as a
//! statistics office keeps it (COINr's `iData`), into a [`Table`].
//!
//! - CSV in UTF-8 (with or without a byte-order mark) or GB18030 (what Excel
//!   writes on Chinese Windows; used when the bytes are not UTF-8, and said in
//!   a note); `.tsv` and `.txt` are tab-separated. `.xlsx`, `.xlsm`, `.xls`
//!   and `.ods` through [`read_workbook`]: the first sheet.
//! - The first non-empty row is the header. The unit column is the first of
//!   `uCode`, `unit`, `code`, `单位代码` present; the name column the first of
//!   `uName`, `unit_name`, `name`, `单位名称`.
//! - A column named by a field's code (or, failing that, its name) is that
//!   field: numbers read exactly (`str::parse::<f64>`), `NA` or an empty
//!   cell is missing; yes/no fields also take `是`/`否`, percent fields `35%`.
//! - Any other column with text is a group column (`EurAsia_group`); other
//!   numeric columns are not used (a note says so).
//! - Fields the framework's indicators use but the table lacks are an error
//!   that names them all, as is a value that is not a number (with its cell).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::code::{FieldCode, UnitCode};
use crate::framework::{FieldType, Framework, Missing, VIRTUAL_FIELDS};
use crate::ingest::CellValue;
use crate::ingest::read::read_workbook;
use crate::lang::Lang;
use crate::location::column_letters;
use crate::score::Table;

/// Headers that name the unit code column, in order of preference.
pub const UNIT_COLUMNS: &[&str] = &["uCode", "unit", "code", "单位代码"];
/// Headers that name the unit name column, in order of preference.
pub const NAME_COLUMNS: &[&str] = &["uName", "unit_name", "name", "单位名称"];

/// One cell as read.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Text(String),
    Number(f64),
}

/// Non-empty cells by 0-based row, then column.
type Grid = BTreeMap<u32, BTreeMap<u32, Cell>>;

/// Reads a wide table for `fw`; returns it with notes for the user, both in `lang`.
pub fn read_table(path: &Path, fw: &Framework, lang: Lang) -> Result<(Table, Vec<String>)> {
    let file = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut notes = Vec::new();
    let (grid, place) = match extension.as_str() {
        "xlsx" | "xlsm" | "xls" | "ods" => {
            let book = read_workbook(path).with_context(|| cannot_read(&file, lang))?;
            let Some(sheet) = book.sheets.first() else {
                bail!(lang.pick(
                    format!("「{file}」中没有工作表"),
                    format!("`{file}` has no sheet")
                ));
            };
            let mut grid = Grid::new();
            for cell in &sheet.cells {
                if let Some(value) = from_workbook(&cell.value) {
                    grid.entry(cell.row).or_default().insert(cell.col, value);
                }
            }
            (grid, format!("{file}!{}", sheet.name))
        }
        _ => {
            let bytes = std::fs::read(path).with_context(|| cannot_read(&file, lang))?;
            let (text, gb18030) = decode(&bytes, lang).with_context(|| cannot_read(&file, lang))?;
            if gb18030 {
                notes.push(lang.pick(
                    format!("「{file}」不是 UTF-8 编码，已按 GB18030 读取（中文 Windows 上的 Excel 保存 CSV 时用的编码）"),
                    format!("`{file}` is not UTF-8: read as GB18030 (as Excel saves CSV on Chinese Windows)"),
                ));
            }
            let delimiter = if matches!(extension.as_str(), "tsv" | "txt") {
                '\t'
            } else {
                ','
            };
            (parse_csv(&text, delimiter), file.clone())
        }
    };
    let table = build(&grid, &place, fw, &mut notes, lang)
        .with_context(|| lang.pick(format!("「{file}」"), format!("`{file}`")))?;
    Ok((table, notes))
}

fn cannot_read(file: &str, lang: Lang) -> String {
    lang.pick(
        format!("无法读取「{file}」"),
        format!("cannot read `{file}`"),
    )
}

/// Names quoted and joined as the language writes a list: 「a」、「b」 or `a`, `b`.
fn quoted(names: impl IntoIterator<Item = impl std::fmt::Display>, lang: Lang) -> String {
    let quoted: Vec<String> = names
        .into_iter()
        .map(|n| lang.pick(format!("「{n}」"), format!("`{n}`")))
        .collect();
    quoted.join(lang.pick("、", ", "))
}

/// UTF-8 (a byte-order mark removed), else GB18030; whether it was GB18030.
fn decode(bytes: &[u8], lang: Lang) -> Result<(String, bool)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), false));
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        bail!(lang.pick(
            "文本既不是 UTF-8 也不是 GB18030 编码；请另存为“CSV UTF-8（逗号分隔）”",
            "the text is neither UTF-8 nor GB18030; save it as “CSV UTF-8”"
        ));
    }
    Ok((text.into_owned(), true))
}

/// RFC 4180: fields separated by `delimiter`, quoted with `"` (`""` inside),
/// records ended by CRLF, LF or CR. Empty fields are left out of the grid.
fn parse_csv(text: &str, delimiter: char) -> Grid {
    let mut grid = Grid::new();
    let (mut row, mut col) = (0u32, 0u32);
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let put = |grid: &mut Grid, row: u32, col: u32, field: &mut String| {
        let value = std::mem::take(field);
        if !value.trim().is_empty() {
            grid.entry(row).or_default().insert(col, Cell::Text(value));
        }
    };
    while let Some(ch) = chars.next() {
        if quoted {
            match ch {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(ch),
            }
            continue;
        }
        match ch {
            '"' => quoted = true,
            c if c == delimiter => {
                put(&mut grid, row, col, &mut field);
                col += 1;
            }
            '\r' | '\n' => {
                if ch == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                put(&mut grid, row, col, &mut field);
                row += 1;
                col = 0;
            }
            _ => field.push(ch),
        }
    }
    put(&mut grid, row, col, &mut field);
    grid
}

fn from_workbook(value: &CellValue) -> Option<Cell> {
    match value {
        CellValue::Text(t) | CellValue::DateText(t) | CellValue::Error(t) => {
            (!t.trim().is_empty()).then(|| Cell::Text(t.clone()))
        }
        CellValue::Number(n) | CellValue::DateTime(n) => Some(Cell::Number(*n)),
        CellValue::Bool(b) => Some(Cell::Number(if *b { 1.0 } else { 0.0 })),
        CellValue::Empty => None,
    }
}

/// A cell's text as a header or a group name (`2018`, not `2018.0`).
fn text_of(cell: &Cell) -> String {
    match cell {
        Cell::Text(t) => t.trim().to_string(),
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{n:.0}"),
        Cell::Number(n) => n.to_string(),
    }
}

/// Whether a cell means “no value”.
fn is_missing(cell: Option<&Cell>) -> bool {
    match cell {
        None => true,
        Some(Cell::Text(t)) => matches!(t.trim(), "" | "NA"),
        Some(Cell::Number(_)) => false,
    }
}

/// A field's value from a cell; `Err` with what was found.
fn number(cell: Option<&Cell>, kind: FieldType) -> Result<Option<f64>, String> {
    if is_missing(cell) {
        return Ok(None);
    }
    let value = match cell {
        Some(Cell::Number(n)) => *n,
        Some(Cell::Text(t)) => {
            let t = t.trim();
            let yes_no = match t {
                "是" | "yes" | "Yes" | "YES" | "true" | "TRUE" => Some(1.0),
                "否" | "no" | "No" | "NO" | "false" | "FALSE" => Some(0.0),
                _ => None,
            };
            let percent = t
                .strip_suffix('%')
                .and_then(|p| p.trim().parse::<f64>().ok())
                .map(|p| p / 100.0);
            match (t.parse::<f64>(), kind) {
                (Ok(v), _) => v,
                (Err(_), FieldType::YesNo) if yes_no.is_some() => yes_no.unwrap_or_default(),
                (Err(_), FieldType::Percent) if percent.is_some() => percent.unwrap_or_default(),
                _ => return Err(t.to_string()),
            }
        }
        None => return Ok(None),
    };
    if value.is_finite() {
        Ok(Some(value))
    } else {
        Err(text_of(cell.unwrap_or(&Cell::Number(value))))
    }
}

/// The fields the indicators read, in framework order (population excepted:
/// it also comes from `[[unit]]`).
fn needed_fields(fw: &Framework) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for ind in &fw.indicators {
        for field in ind.value.fields.iter().chain(&ind.value.divide_by) {
            if *field != "population" && !out.iter().any(|f| f == field.as_str()) {
                out.push(field.to_string());
            }
        }
    }
    out
}

#[allow(clippy::too_many_lines)] // header, columns, rows, frame: in that order
fn build(
    grid: &Grid,
    place: &str,
    fw: &Framework,
    notes: &mut Vec<String>,
    lang: Lang,
) -> Result<Table> {
    let Some((&header_row, header)) = grid.iter().next() else {
        bail!(lang.pick("表是空的", "the table is empty"));
    };
    let headers: BTreeMap<u32, String> = header
        .iter()
        .map(|(col, cell)| (*col, text_of(cell)))
        .filter(|(_, h)| !h.is_empty())
        .collect();
    let find = |names: &[&str]| {
        names.iter().find_map(|name| {
            headers
                .iter()
                .find(|(_, h)| h.as_str() == *name)
                .map(|(col, _)| *col)
        })
    };
    let Some(unit_col) = find(UNIT_COLUMNS) else {
        bail!(lang.pick(
            format!(
                "没有单位列：表头须有其中之一：{}",
                quoted(UNIT_COLUMNS, lang)
            ),
            format!(
                "no unit column: the header needs one of {}",
                quoted(UNIT_COLUMNS, lang)
            ),
        ));
    };
    let name_col = find(NAME_COLUMNS).filter(|c| *c != unit_col);
    let rows: Vec<(u32, &BTreeMap<u32, Cell>)> = grid
        .range(header_row + 1..)
        .map(|(r, cells)| (*r, cells))
        .collect();

    // which column is which field; the rest are groups or not used
    let mut field_cols: Vec<(u32, String, FieldType)> = Vec::new();
    let mut group_cols: Vec<(u32, String)> = Vec::new();
    let mut unused: Vec<String> = Vec::new();
    let group_column = match fw.composite.as_ref() {
        Some(c) if fw.missing == Missing::GroupMean => c.impute_group.clone(),
        _ => None,
    };
    for (col, header) in &headers {
        if *col == unit_col || Some(*col) == name_col {
            continue;
        }
        let field = fw
            .fields
            .iter()
            .find(|f| f.code == *header)
            .map(|f| (f.code.to_string(), f.kind))
            .or_else(|| {
                VIRTUAL_FIELDS
                    .iter()
                    .find(|(code, _, _)| code == header)
                    .map(|(code, _, _)| ((*code).to_string(), FieldType::Decimal))
            })
            .or_else(|| {
                fw.fields
                    .iter()
                    .find(|f| f.name == *header)
                    .map(|f| (f.code.to_string(), f.kind))
            });
        if let Some((code, kind)) = field {
            if let Some((other, _, _)) = field_cols.iter().find(|(_, c, _)| *c == code) {
                let (a, b) = (column_letters(*other), column_letters(*col));
                bail!(lang.pick(
                    format!("{a} 列和 {b} 列都是字段「{code}」"),
                    format!("columns {a} and {b} both hold field `{code}`"),
                ));
            }
            field_cols.push((*col, code, kind));
            continue;
        }
        let has_text = rows.iter().any(|(_, cells)| {
            cells.get(col).is_some_and(|c| {
                !is_missing(Some(c))
                    && matches!(c, Cell::Text(t) if t.trim().parse::<f64>().is_err())
            })
        });
        if has_text || group_column.as_deref() == Some(header.as_str()) {
            group_cols.push((*col, header.clone()));
        } else {
            unused.push(header.clone());
        }
    }
    if !unused.is_empty() {
        let list = quoted(&unused, lang);
        notes.push(lang.pick(
            format!("不是评估体系的字段，未使用：{list}"),
            format!("not fields of the framework, not used: {list}"),
        ));
    }
    let have: BTreeSet<&str> = field_cols.iter().map(|(_, c, _)| c.as_str()).collect();
    let lacking: Vec<String> = needed_fields(fw)
        .into_iter()
        .filter(|f| !have.contains(f.as_str()))
        .collect();
    if !lacking.is_empty() {
        let list = quoted(&lacking, lang);
        bail!(lang.pick(
            format!("缺少评估体系需要的字段列：{list}"),
            format!("no column for field(s) the framework needs: {list}"),
        ));
    }
    if let Some(g) = &group_column
        && !group_cols.iter().any(|(_, h)| h == g)
    {
        bail!(lang.pick(
            format!("没有 impute-group 所指的列「{g}」"),
            format!("no column `{g}`, which impute-group names"),
        ));
    }

    // the rows: one unit each
    let mut units: Vec<(UnitCode, String)> = Vec::new();
    let mut fields: Vec<Vec<Option<f64>>> = vec![Vec::new(); field_cols.len()];
    let mut groups: Vec<Vec<Option<String>>> = vec![Vec::new(); group_cols.len()];
    let mut sources = BTreeMap::new();
    for (row, cells) in rows {
        let address = |col: u32| format!("{place}!{}{}", column_letters(col), row + 1);
        let code = cells.get(&unit_col).map(text_of).unwrap_or_default();
        if code.is_empty() {
            if cells.iter().all(|(_, c)| is_missing(Some(c))) {
                continue;
            }
            let at = address(unit_col);
            bail!(lang.pick(
                format!("{at}：这一行有数值，但没有单位代码"),
                format!("{at}: a row with values but no unit code"),
            ));
        }
        if units.iter().any(|(c, _)| *c == code) {
            let at = address(unit_col);
            bail!(lang.pick(
                format!("{at}：单位「{code}」出现了两次"),
                format!("{at}: unit `{code}` appears twice"),
            ));
        }
        for (k, (col, field, kind)) in field_cols.iter().enumerate() {
            let value = number(cells.get(col), *kind).map_err(|found| {
                let at = address(*col);
                anyhow::anyhow!(lang.pick(
                    format!("{at}：「{field}」列的「{found}」不是数字；应填数字、NA 或留空"),
                    format!("{at}: `{found}` in column `{field}` is not a number; expected a number, `NA` or an empty cell"),
                ))
            })?;
            if value.is_some() {
                sources.insert(
                    (UnitCode::new(code.clone()), FieldCode::new(field.clone())),
                    address(*col),
                );
            }
            fields[k].push(value);
        }
        for (k, (col, _)) in group_cols.iter().enumerate() {
            let cell = cells.get(col);
            groups[k].push((!is_missing(cell)).then(|| cell.map(text_of).unwrap_or_default()));
        }
        let name = name_col
            .and_then(|c| cells.get(&c))
            .map(text_of)
            .filter(|n| !n.is_empty())
            .or_else(|| fw.unit(&code).map(|u| u.name.clone()))
            .unwrap_or_else(|| code.clone());
        units.push((UnitCode::new(code), name));
    }
    if units.is_empty() {
        bail!(lang.pick("表只有表头，没有单位", "the table has a header but no unit"));
    }
    if !fw.units.is_empty() {
        let unknown: Vec<&str> = units
            .iter()
            .filter(|(c, _)| fw.unit(c).is_none())
            .map(|(c, _)| c.as_str())
            .collect();
        if !unknown.is_empty() {
            notes.push(lang.pick(
                format!("不在评估体系的参评单位中：{}", unknown.join("、")),
                format!("not among the framework's units: {}", unknown.join(", ")),
            ));
        }
        let absent: Vec<&str> = fw
            .units
            .iter()
            .filter(|u| !units.iter().any(|(c, _)| *c == u.code))
            .map(|u| u.code.as_str())
            .collect();
        if !absent.is_empty() {
            notes.push(lang.pick(
                format!("表中没有这些参评单位：{}", absent.join("、")),
                format!(
                    "units of the framework not in the table: {}",
                    absent.join(", ")
                ),
            ));
        }
    }

    let groups = group_cols.into_iter().map(|(_, name)| name).zip(groups);
    let fields = field_cols.into_iter().map(|(_, code, _)| code).zip(fields);
    let mut table = Table::of(units, groups, fields).context("cannot build the table")?;
    table.sources = sources;
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_line_ends_and_empty_fields() {
        let grid = parse_csv("a,\"b, c\",\"say \"\"hi\"\"\"\r\n1,,3\n\n4,5,6", ',');
        assert_eq!(grid[&0][&1], Cell::Text("b, c".into()));
        assert_eq!(grid[&0][&2], Cell::Text("say \"hi\"".into()));
        assert_eq!(grid[&1].get(&1), None);
        assert_eq!(grid[&1][&2], Cell::Text("3".into()));
        assert!(!grid.contains_key(&2));
        assert_eq!(grid[&3][&0], Cell::Text("4".into()));
    }

    #[test]
    fn utf8_with_a_bom_and_gb18030_decode_alike() {
        // 单位 in GB18030 is B5 A5 CE BB
        let gb = [0xB5, 0xA5, 0xCE, 0xBB, b',', b'1'];
        assert_eq!(decode(&gb, Lang::Zh).unwrap(), ("单位,1".to_string(), true));
        let bom = [b"\xEF\xBB\xBF".as_slice(), "单位,1".as_bytes()].concat();
        assert_eq!(
            decode(&bom, Lang::Zh).unwrap(),
            ("单位,1".to_string(), false)
        );
    }

    #[test]
    fn numbers_exactly_and_missing_markers() {
        let t = |s: &str| Some(Cell::Text(s.into()));
        assert_eq!(
            number(t(" 0.1 ").as_ref(), FieldType::Decimal),
            Ok(Some(0.1))
        );
        assert_eq!(number(t("NA").as_ref(), FieldType::Decimal), Ok(None));
        assert_eq!(number(None, FieldType::Decimal), Ok(None));
        assert_eq!(number(t("是").as_ref(), FieldType::YesNo), Ok(Some(1.0)));
        assert_eq!(
            number(t("35%").as_ref(), FieldType::Percent),
            Ok(Some(0.35))
        );
        assert_eq!(
            number(t("35%").as_ref(), FieldType::Decimal),
            Err("35%".into())
        );
        assert_eq!(
            number(t("12.5万").as_ref(), FieldType::Integer),
            Err("12.5万".into())
        );
        assert_eq!(
            number(t("NaN").as_ref(), FieldType::Decimal),
            Err("NaN".into())
        );
        assert_eq!(
            number(Some(&Cell::Number(2018.0)), FieldType::Integer),
            Ok(Some(2018.0))
        );
    }
}
