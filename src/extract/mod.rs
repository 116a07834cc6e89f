//! From a read workbook to a county's submission: who sent it (the stamp),
//! and every value with the cell it came from.
//!
//! Everything is found by label and by field code, never by fixed position:
//! inserted or deleted rows and columns, reordered rows, a renamed data sheet
//! (found by its code column), extra sheets and values in merged cells all
//! read correctly. Pure: no I/O, no file format.

mod claims;
mod data;
mod orgs;

use std::collections::{BTreeMap, HashMap};

use crate::code::{FieldCode, UnitCode};
use crate::date::Date;
use crate::finding::{Finding, Severity, What};
use crate::framework::{Blank, Field, FieldType, Framework, Source};
use crate::ingest::{Grid, RawWorkbook, cell_text, reads_as};
use crate::layout as L;
use crate::location::CellRef;
use crate::numbers::{self, Value};

use claims::read_claims;
use data::read_data;
use orgs::read_orgs;

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
    /// The 佐证编号 cell.
    pub evidence_cell: Option<CellRef>,
}

/// The numbers a 佐证编号 cell names: one, or several separated by 、 , ; or
/// spaces (`JF-01、JF-02`).
pub fn evidence_numbers(text: &str) -> Vec<&str> {
    text.split(|c: char| matches!(c, '、' | ',' | '，' | ';' | '；' | '/') || c.is_whitespace())
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect()
}

/// A county's submission, read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Submission {
    pub file: String,
    pub unit_code: UnitCode,
    pub year: i32,
    pub values: BTreeMap<FieldCode, ReadValue>,
    pub evidence: BTreeMap<FieldCode, String>,
    /// The 佐证编号 cell of each field with one.
    pub evidence_cells: BTreeMap<FieldCode, CellRef>,
    /// The evidence list's numbers with their rows; `None` when the file has
    /// no 佐证材料 sheet (a template made before it existed).
    pub evidence_list: Option<Vec<(String, u32)>>,
    pub remarks: BTreeMap<FieldCode, String>,
    pub orgs: Vec<Org>,
    /// Whether the grassroots sheet was there.
    pub has_org_sheet: bool,
    pub claims: Vec<Claim>,
    /// The sign-off date.
    pub signed: Option<Date>,
    /// The cell the sign-off date was read from.
    pub signed_cell: Option<CellRef>,
}

impl Submission {
    /// The numbers of a 佐证编号 text that the evidence list does not hold
    /// (none when the file has no list: it was made before the sheet existed).
    pub fn unlisted<'a>(&self, text: &'a str) -> Vec<&'a str> {
        match &self.evidence_list {
            None => Vec::new(),
            Some(list) => evidence_numbers(text)
                .into_iter()
                .filter(|n| !list.iter().any(|(listed, _)| listed == n))
                .collect(),
        }
    }

    /// Whether a claim's evidence is all in the evidence list: a claim whose
    /// evidence is not listed does not count in the self-assessment.
    pub fn claim_documented(&self, claim: &Claim) -> bool {
        self.unlisted(&claim.evidence).is_empty()
    }
}

/// The stamp: the guide sheet's labelled cells first, then any sheet, then
/// the custom document properties.
pub fn stamp(wb: &RawWorkbook) -> Stamp {
    let mut found: HashMap<&str, (String, CellRef)> = L::STAMP_LABELS
        .iter()
        .filter_map(|label| crate::identity::stamp_cell(wb, label).map(|v| (*label, v)))
        .collect();
    if !found.contains_key(L::STAMP_FRAMEWORK)
        && let Some(v) = crate::identity::stamp_cell(wb, L::STAMP_FRAMEWORK_BEFORE)
    {
        found.insert(L::STAMP_FRAMEWORK, v);
    }
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
        unit_en: None,
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
        provider_en: None,
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
        unit_code: UnitCode::new(unit_code),
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
    sub.evidence_list = read_evidence_list(wb);
    let signed = read_sign_date(wb, &mut out);
    sub.signed = signed.as_ref().map(|(date, _)| *date);
    sub.signed_cell = signed.map(|(_, cell)| cell);
    sub
}

/// The 佐证材料 sheet's 编号 column, found by its header anywhere.
fn read_evidence_list(wb: &RawWorkbook) -> Option<Vec<(String, u32)>> {
    let labels = [L::EVIDENCE_HEADERS[1], L::EVIDENCE_HEADERS[2]];
    let (sheet, (header, cols)) = wb
        .sheets
        .iter()
        .find_map(|s| Grid::new(s).header(&labels).map(|h| (s, h)))?;
    let grid = Grid::new(sheet);
    Some(
        grid.rows_after(header)
            .into_iter()
            .filter_map(|row| {
                let number = grid.text(row, cols[0]).trim().to_string();
                (!number.is_empty()).then_some((number, row))
            })
            .collect(),
    )
}

fn read_sign_date(wb: &RawWorkbook, out: &mut Out<'_>) -> Option<(Date, CellRef)> {
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
                Value::Date(day) => Some((day, grid.cell_ref(label.row, label.col + 1))),
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
pub fn sign_date(wb: &RawWorkbook) -> Option<Date> {
    let mut scratch = Vec::new();
    let mut out = Out {
        file: "",
        unit: "",
        findings: &mut scratch,
    };
    read_sign_date(wb, &mut out).map(|(date, _)| date)
}
