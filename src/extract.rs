//! From a read workbook to a county's submission: who sent it (the stamp),
//! and every value with the cell it came from.
//!
//! Everything is found by label and by field code, never by fixed position:
//! inserted or deleted rows and columns, reordered rows, a renamed data sheet
//! (found by its code column), extra sheets and values in merged cells all
//! read correctly. Pure: no I/O, no file format.

use std::collections::{BTreeMap, HashMap};

use crate::finding::{Finding, Severity, What};
use crate::framework::{Blank, Field, FieldType, Framework, Source};
use crate::ingest::{CellValue, Merged, RawCell, RawSheet, RawWorkbook};
use crate::layout as L;
use crate::location::CellRef;
use crate::numbers::{self, Value};

/// Who sent a file and for what, from its stamp cells or document properties.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stamp {
    pub unit_code: Option<String>,
    /// The cell the unit code was read from (none: from the document properties).
    pub unit_code_cell: Option<CellRef>,
    pub unit_name: Option<String>,
    pub year: Option<i32>,
    pub framework: Option<String>,
    pub version: Option<String>,
}

impl Stamp {
    /// Whether anything of our template's stamp was found.
    pub fn is_ours(&self) -> bool {
        self.unit_code.is_some() && self.year.is_some()
    }
}

/// A value read from a cell.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadValue {
    pub value: Value,
    pub cell: CellRef,
    /// The cell as typed (empty for a blank cell).
    pub typed: String,
}

/// One grassroots organisation as listed.
#[derive(Debug, Clone, PartialEq)]
pub struct Org {
    /// 0-based row.
    pub row: u32,
    pub name: String,
    /// The org type's code, when recognised.
    pub org_type: Option<String>,
    pub town: String,
    pub members: Option<f64>,
    pub volunteers: Option<f64>,
    /// One per 五有 column: `None` when blank or not recognised.
    pub items: Vec<Option<bool>>,
}

/// One bonus claim as listed.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub row: u32,
    /// The bonus item's code, when recognised.
    pub item: Option<String>,
    pub count: Option<f64>,
    pub description: String,
    pub evidence: String,
}

/// A county's submission, read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Submission {
    pub file: String,
    pub unit_code: String,
    pub year: i32,
    pub values: BTreeMap<String, ReadValue>,
    pub evidence: BTreeMap<String, String>,
    pub remarks: BTreeMap<String, String>,
    pub orgs: Vec<Org>,
    /// Whether the grassroots sheet was there.
    pub has_org_sheet: bool,
    pub claims: Vec<Claim>,
    /// The sign-off date (year, month, day).
    pub signed: Option<(i32, u32, u32)>,
    /// The cell the sign-off date was read from.
    pub signed_cell: Option<CellRef>,
}

/// A sheet's cells by position, with merged areas resolved to their top-left cell.
///
/// Only merged areas whose top-left cell holds something matter (the others
/// read as empty everywhere); they are indexed by the rows they cover, so that
/// a sheet with thousands of merged areas costs no more to walk than one
/// without. Areas taller than [`TALL`] rows are few in real sheets and are kept
/// apart, scanned on each look-up.
pub(crate) struct Grid<'a> {
    sheet: &'a RawSheet,
    /// The merged areas by row, built on the first look-up that finds no
    /// cell of its own (finding a header needs none).
    index: std::cell::OnceCell<Index<'a>>,
    /// When set, only merged areas down one of these columns are resolved
    /// (a list's descriptive columns); every other merged area reads as its
    /// cells do, empty but the first: a merge never invents a value.
    fill: Option<Vec<u32>>,
}

/// The merged areas of a sheet by row (cells themselves are found by a
/// binary search: they come in row-major order).
struct Index<'a> {
    merged_by_row: HashMap<u32, Vec<&'a Merged>>,
    tall: Vec<&'a Merged>,
}

/// Merged areas up to this many rows are indexed by row.
const TALL: u32 = 64;

impl<'a> Index<'a> {
    fn new(sheet: &'a RawSheet, fill: Option<&[u32]>) -> Index<'a> {
        let mut merged_by_row: HashMap<u32, Vec<&Merged>> = HashMap::new();
        let mut tall = Vec::new();
        for m in &sheet.merged {
            if cell_at(sheet, m.first_row, m.first_col).is_none() || m.last_row < m.first_row {
                continue;
            }
            let down = |c: &u32| m.first_col == m.last_col && m.first_col == *c;
            if fill.is_some_and(|cols| !cols.iter().any(down)) {
                continue;
            }
            if m.last_row - m.first_row < TALL {
                for row in m.first_row..=m.last_row {
                    merged_by_row.entry(row).or_default().push(m);
                }
            } else {
                tall.push(m);
            }
        }
        Index {
            merged_by_row,
            tall,
        }
    }
}

/// The cell at a position of a sheet whose cells are in row-major order (as
/// `ingest::read` gives them); of two at the same position in a damaged file,
/// the later.
fn cell_at(sheet: &RawSheet, row: u32, col: u32) -> Option<&RawCell> {
    let after = sheet
        .cells
        .partition_point(|c| (c.row, c.col) <= (row, col));
    after
        .checked_sub(1)
        .map(|i| &sheet.cells[i])
        .filter(|c| (c.row, c.col) == (row, col))
}

impl<'a> Grid<'a> {
    pub(crate) fn new(sheet: &'a RawSheet) -> Grid<'a> {
        Grid {
            sheet,
            index: std::cell::OnceCell::new(),
            fill: None,
        }
    }

    /// A list's grid: merged areas are resolved only down one of `columns`.
    pub(crate) fn filling_only(sheet: &'a RawSheet, columns: &[Option<u32>]) -> Grid<'a> {
        Grid {
            fill: Some(columns.iter().flatten().copied().collect()),
            ..Grid::new(sheet)
        }
    }

    fn index(&self) -> &Index<'a> {
        self.index
            .get_or_init(|| Index::new(self.sheet, self.fill.as_deref()))
    }

    /// The cell at a position, or the top-left cell of the merged area it lies in.
    pub(crate) fn get(&self, row: u32, col: u32) -> Option<&'a RawCell> {
        if let Some(cell) = cell_at(self.sheet, row, col) {
            return Some(cell);
        }
        let index = self.index();
        let covers = |m: &&&Merged| {
            (m.first_row..=m.last_row).contains(&row) && (m.first_col..=m.last_col).contains(&col)
        };
        index
            .merged_by_row
            .get(&row)
            .and_then(|areas| areas.iter().find(covers))
            .or_else(|| index.tall.iter().find(covers))
            .and_then(|m| cell_at(self.sheet, m.first_row, m.first_col))
    }

    /// The rows after `header`, up to the last row with a cell, that have
    /// something to read: a cell of their own or a merged area with a value.
    /// Every other row reads as empty, and walking them one by one would make
    /// a single cell in Excel's last row cost a million look-ups.
    pub(crate) fn rows_after(&self, header: u32) -> Vec<u32> {
        let last = self.last_row();
        let mut rows: std::collections::BTreeSet<u32> = self
            .sheet
            .cells
            .iter()
            .map(|c| c.row)
            .filter(|&r| r > header)
            .collect();
        let index = self.index();
        rows.extend(
            index
                .merged_by_row
                .keys()
                .copied()
                .filter(|&r| r > header && r <= last),
        );
        for m in &index.tall {
            rows.extend(m.first_row.max(header + 1)..=m.last_row.min(last));
        }
        rows.into_iter().collect()
    }

    pub(crate) fn text(&self, row: u32, col: u32) -> String {
        self.get(row, col)
            .map(|c| cell_text(&c.value))
            .unwrap_or_default()
    }

    pub(crate) fn cell_ref(&self, row: u32, col: u32) -> CellRef {
        CellRef::new(&self.sheet.name, row, col)
    }

    /// The first row that has every one of `labels` as a cell, with their columns.
    /// (Cells come in row-major order: the rows are walked from the top
    /// and the walk stops at the header, near the top.)
    pub(crate) fn header(&self, labels: &[&str]) -> Option<(u32, Vec<u32>)> {
        self.sheet
            .cells
            .chunk_by(|a, b| a.row == b.row)
            .find_map(|cells| {
                let cols: Option<Vec<u32>> = labels
                    .iter()
                    .map(|l| cells.iter().find(|c| reads_as(&c.value, l)).map(|c| c.col))
                    .collect();
                cols.map(|cols| (cells[0].row, cols))
            })
    }

    pub(crate) fn last_row(&self) -> u32 {
        self.sheet.cells.last().map_or(0, |c| c.row)
    }
}

/// Whether a cell reads as `label` once trimmed: `cell_text(value).trim() ==
/// label`, without building the text of every number it is compared with
/// (labels are words; a number's text starts with a digit or a sign).
pub(crate) fn reads_as(value: &CellValue, label: &str) -> bool {
    match value {
        CellValue::Text(t) | CellValue::DateText(t) | CellValue::Error(t) => t.trim() == label,
        CellValue::Empty => label.is_empty(),
        CellValue::Number(_) | CellValue::DateTime(_) | CellValue::Bool(_) => {
            label.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-')
                && cell_text(value).trim() == label
        }
    }
}

/// A cell's content as text, as a person would read it.
pub fn cell_text(value: &CellValue) -> String {
    match value {
        CellValue::Text(t) | CellValue::DateText(t) | CellValue::Error(t) => t.clone(),
        CellValue::Number(n) | CellValue::DateTime(n) => crate::framework::check::number(*n),
        CellValue::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        CellValue::Empty => String::new(),
    }
}

/// The stamp: the guide sheet's labelled cells first, then any sheet, then
/// the custom document properties.
pub fn stamp(wb: &RawWorkbook) -> Stamp {
    let found: HashMap<&str, (String, CellRef)> = L::STAMP_LABELS
        .iter()
        .filter_map(|label| crate::identity::stamp_cell(wb, label).map(|v| (*label, v)))
        .collect();
    let prop = |name: &str| wb.properties.get(name).map(|v| v.trim().to_string());
    let pick = |label: &str, property: &str| {
        found
            .get(label)
            .map(|(v, _)| v.clone())
            .or_else(|| prop(property))
    };
    Stamp {
        unit_code: pick(L::STAMP_UNIT_CODE, L::PROP_UNIT_CODE)
            .map(|c| crate::identity::normalized_code(&c)),
        unit_code_cell: found.get(L::STAMP_UNIT_CODE).map(|(_, cell)| cell.clone()),
        unit_name: pick(L::STAMP_UNIT_NAME, L::PROP_UNIT_NAME),
        year: pick(L::STAMP_YEAR, L::PROP_YEAR).and_then(|y| crate::identity::year_of_value(&y)),
        framework: pick(L::STAMP_FRAMEWORK, L::PROP_FRAMEWORK),
        version: pick(L::STAMP_VERSION, L::PROP_VERSION),
    }
}

/// A field made up for reading cells outside the data sheet (counts, 是/否, dates).
pub(crate) fn helper_field(code: &str, kind: FieldType, unit: &str) -> Field {
    Field {
        code: code.into(),
        name: code.into(),
        name_en: None,
        unit: unit.into(),
        kind,
        min: None,
        max: None,
        required: false,
        blank: Blank::Missing,
        counting: None,
        help: None,
        replaces: Vec::new(),
        source: Source::County,
        provider: None,
        choices: Vec::new(),
        denominator: false,
    }
}

/// Collects findings for one file.
struct Out<'a> {
    file: &'a str,
    unit: &'a str,
    findings: &'a mut Vec<Finding>,
}

impl Out<'_> {
    fn add(
        &mut self,
        severity: Severity,
        cell: Option<CellRef>,
        field: Option<&str>,
        typed: Option<String>,
        what: What,
    ) {
        self.findings.push(Finding {
            severity,
            file: self.file.to_string(),
            unit: Some(self.unit.to_string()),
            cell,
            field: field.map(ToString::to_string),
            typed,
            what,
        });
    }

    /// Interprets one cell, reporting notes and refusals; `None` when refused.
    fn interpret(
        &mut self,
        grid: &Grid<'_>,
        row: u32,
        col: u32,
        field: &Field,
        code: Option<&str>,
    ) -> Option<Value> {
        let cell = grid.get(row, col);
        let typed = cell.map(|c| cell_text(&c.value)).unwrap_or_default();
        let at = grid.cell_ref(row, col);
        match numbers::interpret(cell, field) {
            Ok(reading) => {
                for note in reading.notes {
                    self.add(
                        Severity::Note,
                        Some(at.clone()),
                        code,
                        Some(typed.clone()),
                        What::Read(note),
                    );
                }
                Some(reading.value)
            }
            Err(refusal) => {
                self.add(
                    Severity::Error,
                    Some(at),
                    code,
                    Some(typed),
                    What::Refused(refusal),
                );
                None
            }
        }
    }
}

/// Reads a county's submission for `unit_code` and `year`.
pub fn extract(
    fw: &Framework,
    wb: &RawWorkbook,
    file: &str,
    unit_code: &str,
    year: i32,
    findings: &mut Vec<Finding>,
) -> Submission {
    let unit_name = fw.unit(unit_code).map_or(unit_code, |u| u.name.as_str());
    let mut out = Out {
        file,
        unit: unit_name,
        findings,
    };
    let mut sub = Submission {
        file: file.to_string(),
        unit_code: unit_code.to_string(),
        year,
        ..Submission::default()
    };
    read_data(fw, wb, &mut out, &mut sub);
    if fw.wuyou.is_some() {
        read_orgs(fw, wb, &mut out, &mut sub);
    }
    if !fw.bonus.is_empty() {
        read_claims(fw, wb, &mut out, &mut sub);
    }
    let signed = read_sign_date(wb, &mut out);
    sub.signed = signed.as_ref().map(|(date, _)| *date);
    sub.signed_cell = signed.map(|(_, cell)| cell);
    sub
}

/// The data sheet: by its header row (代码 … 填报值), else by a column of field codes.
fn data_sheet<'a>(fw: &Framework, wb: &'a RawWorkbook) -> Option<(&'a RawSheet, u32, [u32; 4])> {
    let mut sheets: Vec<&RawSheet> = wb.sheets.iter().collect();
    sheets.sort_by_key(|s| s.name != L::SHEET_DATA);
    let labels = [
        L::DATA_HEADERS[L::DATA_CODE],
        L::DATA_HEADERS[L::DATA_INPUT],
        L::DATA_HEADERS[L::DATA_EVIDENCE],
        L::DATA_HEADERS[L::DATA_REMARK],
    ];
    for sheet in &sheets {
        if let Some((row, cols)) = Grid::new(sheet).header(&labels) {
            return Some((sheet, row, [cols[0], cols[1], cols[2], cols[3]]));
        }
    }
    // no header: the column holding the most field codes, input five columns right
    for sheet in &sheets {
        let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
        for c in &sheet.cells {
            if fw.field(cell_text(&c.value).trim()).is_some() {
                *counts.entry(c.col).or_default() += 1;
            }
        }
        if let Some((&col, _)) = counts
            .iter()
            .filter(|(_, n)| **n >= 3)
            .max_by_key(|(_, n)| **n)
        {
            let offset = |i: usize| col + u32::try_from(i).unwrap_or(0);
            return Some((
                sheet,
                0,
                [
                    col,
                    offset(L::DATA_INPUT),
                    offset(L::DATA_EVIDENCE),
                    offset(L::DATA_REMARK),
                ],
            ));
        }
    }
    None
}

/// The column in `sheet` holding the most county field codes (at least three), and how many.
fn code_column(fw: &Framework, sheet: &RawSheet) -> Option<(u32, usize)> {
    let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
    for c in &sheet.cells {
        if fw
            .field(cell_text(&c.value).trim())
            .is_some_and(|f| f.source == Source::County)
        {
            *counts.entry(c.col).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .filter(|(_, n)| *n >= 3)
        .max_by_key(|(_, n)| *n)
}

/// Findings that make the data sheet's reading a choice: another sheet that
/// also carries the field codes (a copy of 指标数据 with other values), and a
/// second 代码 or 填报值 column in the header row.
fn ambiguous_data(
    fw: &Framework,
    wb: &RawWorkbook,
    sheet: &RawSheet,
    header: u32,
    out: &mut Out<'_>,
) {
    for other in wb.sheets.iter().filter(|s| s.name != sheet.name) {
        if let Some((col, n)) = code_column(fw, other) {
            out.add(
                Severity::Error,
                Some(CellRef::new(&other.name, 0, col)),
                None,
                None,
                What::TwoDataSheets {
                    read: sheet.name.clone(),
                    other: other.name.clone(),
                    codes: n,
                    hidden: other.hidden,
                },
            );
        }
    }
    for index in [L::DATA_CODE, L::DATA_INPUT] {
        let label = L::DATA_HEADERS[index];
        let cells: Vec<CellRef> = sheet
            .cells
            .iter()
            .filter(|c| c.row == header && reads_as(&c.value, label))
            .map(|c| CellRef::new(&sheet.name, c.row, c.col))
            .collect();
        if cells.len() > 1 {
            out.add(
                Severity::Error,
                cells.get(1).cloned(),
                None,
                None,
                What::TwoColumns {
                    label: label.to_string(),
                    cells: cells.iter().map(CellRef::a1).collect(),
                },
            );
        }
    }
}

/// `E13:F13`.
fn area_text(m: &Merged) -> String {
    let first = CellRef::new("", m.first_row, m.first_col).a1();
    let last = CellRef::new("", m.last_row, m.last_col).a1();
    format!("{first}:{last}")
}

/// Cells listed twice in a sheet's file: neither copy can be trusted.
fn duplicate_cells(
    wb: &RawWorkbook,
    inputs: &BTreeMap<(String, u32, u32), String>,
    out: &mut Out<'_>,
) {
    for sheet in &wb.sheets {
        for &(row, col) in &sheet.duplicates {
            let values: Vec<String> = sheet
                .cells
                .iter()
                .filter(|c| (c.row, c.col) == (row, col))
                .map(|c| cell_text(&c.value))
                .collect();
            let field = inputs.get(&(sheet.name.clone(), row, col));
            out.add(
                Severity::Error,
                Some(CellRef::new(&sheet.name, row, col)),
                field.map(String::as_str),
                None,
                What::DuplicateCell { values },
            );
        }
    }
}

fn read_data(fw: &Framework, wb: &RawWorkbook, out: &mut Out<'_>, sub: &mut Submission) {
    let county: Vec<&Field> = fw
        .fields
        .iter()
        .filter(|f| f.source == Source::County)
        .collect();
    let Some((sheet, header, [code_col, input, evidence, remark])) = data_sheet(fw, wb) else {
        out.add(
            Severity::Error,
            None,
            None,
            None,
            What::MissingSheet(L::SHEET_DATA.into()),
        );
        return;
    };
    ambiguous_data(fw, wb, sheet, header, out);
    // merged areas give a value only down 佐证编号 or 备注 (one document for
    // several rows); a merge down the 代码 column is an error: the rows below
    // its first would lose their own codes
    let grid = Grid::filling_only(sheet, &[Some(evidence), Some(remark)]);
    for m in sheet.merged.iter().filter(|m| {
        m.first_row > header
            && m.last_row > m.first_row
            && (m.first_col..=m.last_col).contains(&code_col)
    }) {
        out.add(
            Severity::Error,
            Some(grid.cell_ref(m.first_row, code_col)),
            None,
            None,
            What::MergedList { area: area_text(m) },
        );
    }
    let mut rows: BTreeMap<String, u32> = BTreeMap::new();
    for row in grid.rows_after(header) {
        let code = grid.text(row, code_col).trim().to_string();
        if code.is_empty() {
            continue;
        }
        // a renamed field's former code still connects
        let field = county
            .iter()
            .find(|f| f.code == code || f.replaces.contains(&code));
        let Some(field) = field else { continue };
        if rows.contains_key(&field.code) {
            out.add(
                Severity::Warning,
                Some(grid.cell_ref(row, code_col)),
                Some(&field.code),
                None,
                What::DuplicateRow { code: code.clone() },
            );
            continue;
        }
        rows.insert(field.code.clone(), row);
    }
    // a merged area over a field's input cell and another field's, or another
    // column (上年数, 代码 …): the one value would be read for both
    let field_rows: BTreeMap<u32, &str> = rows.iter().map(|(c, r)| (*r, c.as_str())).collect();
    let mut merged_over: BTreeMap<&str, &Merged> = BTreeMap::new();
    let mut covered: std::collections::BTreeSet<(u32, u32)> = std::collections::BTreeSet::new();
    for m in &sheet.merged {
        let inside: Vec<&str> = field_rows
            .range(m.first_row..=m.last_row)
            .filter(|_| (m.first_col..=m.last_col).contains(&input))
            .map(|(_, c)| *c)
            .collect();
        if inside.is_empty() || (inside.len() == 1 && m.first_col == m.last_col) {
            continue;
        }
        // one field's input cell at the top left, the area running right over
        // 佐证编号 or 备注: the value is the one typed there (noted); the
        // evidence and remark cells under it are not read
        if let [code] = inside.as_slice()
            && (m.first_row, m.first_col) == (rows[*code], input)
        {
            out.add(
                Severity::Note,
                Some(grid.cell_ref(m.first_row, input)),
                Some(code),
                None,
                What::MergedInputRead { area: area_text(m) },
            );
            covered.extend((m.first_col + 1..=m.last_col).map(|c| (m.first_row, c)));
            continue;
        }
        let column = (m.first_col..=m.last_col)
            .find(|&c| c != input)
            .map(|c| grid.text(header, c).trim().to_string())
            .filter(|t| !t.is_empty());
        for code in &inside {
            let others: Vec<String> = inside
                .iter()
                .filter(|c| *c != code)
                .filter_map(|c| fw.field(c).map(|f| f.name.clone()))
                .collect();
            let row = rows[*code];
            out.add(
                Severity::Error,
                Some(grid.cell_ref(row, input)),
                Some(code),
                Some(grid.text(row, input)),
                What::MergedInput {
                    area: area_text(m),
                    others,
                    column: column.clone(),
                },
            );
            merged_over.insert(code, m);
        }
    }
    let inputs: BTreeMap<(String, u32, u32), String> = rows
        .iter()
        .map(|(code, row)| ((sheet.name.clone(), *row, input), code.clone()))
        .collect();
    duplicate_cells(wb, &inputs, out);
    for field in &county {
        if merged_over.contains_key(field.code.as_str()) {
            // never a value invented from a merged area
            continue;
        }
        let Some(&row) = rows.get(&field.code) else {
            out.add(
                Severity::Error,
                None,
                Some(&field.code),
                None,
                What::MissingRow {
                    code: field.code.clone(),
                    name: field.name.clone(),
                },
            );
            continue;
        };
        let typed = grid.text(row, input);
        if let Some(value) = out.interpret(&grid, row, input, field, Some(&field.code)) {
            sub.values.insert(
                field.code.clone(),
                ReadValue {
                    value,
                    cell: grid.cell_ref(row, input),
                    typed,
                },
            );
        }
        let evidence_text = grid.text(row, evidence).trim().to_string();
        if !evidence_text.is_empty() && evidence != input && !covered.contains(&(row, evidence)) {
            sub.evidence.insert(field.code.clone(), evidence_text);
        }
        let remark_text = grid.text(row, remark).trim().to_string();
        if !remark_text.is_empty() && !covered.contains(&(row, remark)) {
            sub.remarks.insert(field.code.clone(), remark_text);
        }
    }
}

fn read_orgs(fw: &Framework, wb: &RawWorkbook, out: &mut Out<'_>, sub: &mut Submission) {
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
                    expected: type_names.join("、"),
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
        let example = distinct.join("、");
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
fn merged_list(
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

fn read_claims(fw: &Framework, wb: &RawWorkbook, out: &mut Out<'_>, sub: &mut Submission) {
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
                let bonus = item
                    .as_deref()
                    .and_then(|c| fw.bonus.iter().find(|b| b.code == c));
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
        });
    }
}

fn read_sign_date(wb: &RawWorkbook, out: &mut Out<'_>) -> Option<((i32, u32, u32), CellRef)> {
    let date = helper_field("date", FieldType::Date, "");
    for sheet in &wb.sheets {
        let grid = Grid::new(sheet);
        let Some(label) = sheet
            .cells
            .iter()
            .find(|c| reads_as(&c.value, L::SIGN_DATE))
        else {
            continue;
        };
        if grid.text(label.row, label.col + 1).trim().is_empty() {
            return None;
        }
        // a date typed as text is normal here: read it without a note
        let cell = grid.get(label.row, label.col + 1);
        return match numbers::interpret(cell, &date) {
            Ok(reading) => match reading.value {
                Value::Date { year, month, day } => {
                    Some(((year, month, day), grid.cell_ref(label.row, label.col + 1)))
                }
                _ => None,
            },
            Err(refusal) => {
                let typed = cell.map(|c| cell_text(&c.value));
                out.add(
                    Severity::Warning,
                    Some(grid.cell_ref(label.row, label.col + 1)),
                    None,
                    typed,
                    What::Refused(refusal),
                );
                None
            }
        };
    }
    None
}

/// The sign-off date alone, without reporting anything (to order re-submissions).
pub fn sign_date(wb: &RawWorkbook) -> Option<(i32, u32, u32)> {
    let mut scratch = Vec::new();
    let mut out = Out {
        file: "",
        unit: "",
        findings: &mut scratch,
    };
    read_sign_date(wb, &mut out).map(|(date, _)| date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{CellValue, Merged, RawCell, RawSheet};

    fn text(row: u32, col: u32, t: &str) -> RawCell {
        RawCell {
            row,
            col,
            value: CellValue::Text(t.to_string()),
            formula: None,
        }
    }

    #[test]
    fn cells_are_found_by_position_and_merged_areas_by_their_top_left_cell() {
        // row-major, as the reader gives them; A1 twice in a damaged file
        let sheet = RawSheet {
            name: "基层组织".to_string(),
            cells: vec![
                text(0, 0, "first"),
                text(0, 0, "second"),
                text(2, 1, "B3"),
                text(4, 0, "A5"),
                text(9, 3, "D10"),
            ],
            // A5:A8 merged (a type typed once for four organisations)
            merged: vec![Merged {
                first_row: 4,
                first_col: 0,
                last_row: 7,
                last_col: 0,
            }],
            duplicates: vec![(0, 0)],
            hidden: false,
        };
        let grid = Grid::new(&sheet);
        let at = |row, col| grid.get(row, col).map(|c| cell_text(&c.value));
        // of two cells at A1 the later one, as a spreadsheet shows
        assert_eq!(at(0, 0).as_deref(), Some("second"));
        assert_eq!(at(2, 1).as_deref(), Some("B3"));
        assert_eq!(at(9, 3).as_deref(), Some("D10"));
        // A6, A7 and A8 read A5's value; A9 and B5 are empty
        assert_eq!(at(5, 0).as_deref(), Some("A5"));
        assert_eq!(at(7, 0).as_deref(), Some("A5"));
        assert_eq!(at(8, 0), None);
        assert_eq!(at(4, 1), None);
        assert_eq!(at(2, 0), None);
        assert_eq!(grid.last_row(), 9);
        // the header: the first row holding every label
        assert_eq!(grid.header(&["B3"]), Some((2, vec![1])));
        assert_eq!(grid.header(&["A5", "D10"]), None);
    }
}
