//! The edits made in the 评分细则 workbook, written back into the framework
//! files (`assess indicators --from-xlsx`).
//!
//! The workbook (`report::rules`) has one row per dimension, indicator, bonus,
//! deduction, veto and grade, named by a hidden key (`indicator:D1`), with each
//! parameter in a column of its own and, hidden, the value it was written
//! with. A parameter is edited where its cell differs from that original; the
//! edit is mapped to its TOML key and applied with `toml_edit`, so comments,
//! order and layout are kept and only the edited values change. When the
//! files themselves changed after the workbook was written, an edit of a value
//! that changed in both is refused, any other is applied.
//!
//! An edit that cannot be mapped is refused with its cell: a row added,
//! deleted or copied, a code or name changed, a non-number in a number column,
//! tiers that cannot be read, a value where the item has no such parameter.
//! Either every edit maps and every file comes back edited, or nothing does.
//! Nothing is written or validated here: the caller writes the files and
//! loads them again.

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path};

use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, Value};

use super::check::number;
use super::load::{At, LoadError, MAIN_FILE, Origin, RawFramework};
use super::problem::Problem;
use super::spec::IndicatorSpec;
use crate::extract::cell_text;
use crate::ingest::{CellValue, RawWorkbook};
use crate::lang::Lang;
use crate::location::CellRef;
use crate::report::rules::{
    self, BONUS_CAP_KEY, COL_CAP, COL_CODE, COL_KEY, COL_NAME, COL_PER, COL_POINTS, COL_TARGET,
    COL_TIERS, HEADER_ROW, NOTE_KEY, PARAM_COLUMNS, TIER_SEPARATOR,
};

/// One value changed in a framework file.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Dotted key: `indicator.D1.target`.
    pub key: String,
    /// The value before and after, as the workbook shows it; `—` for none.
    pub from: String,
    pub to: String,
    /// The cell it was edited in.
    pub cell: CellRef,
}

impl Change {
    /// `indicator.D1.target: 20 → 25 (评分细则!D23)`.
    pub fn render(&self) -> String {
        format!("{}: {} → {} ({})", self.key, self.from, self.to, self.cell)
    }
}

/// An edit that cannot be written back, with its cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub cell: CellRef,
    pub kind: RefusalKind,
}

/// Why an edit cannot be written back. Each variant has one message in each language.
#[derive(Debug, Clone, PartialEq)]
pub enum RefusalKind {
    /// A row the workbook was not written with; `text` is what it holds.
    NewRow { text: String },
    /// The row of an item is not in the workbook.
    DeletedRow { code: String, name: String },
    /// The row of an item is in the workbook twice.
    CopiedRow { code: String },
    /// A row for an item that the framework files no longer have.
    UnknownItem { code: String },
    /// The code in column A was changed.
    CodeChanged { from: String, to: String },
    /// The name in column B was changed.
    Renamed {
        code: String,
        from: String,
        to: String,
    },
    /// Text where a number is expected.
    NotNumber {
        key: String,
        text: String,
        example: String,
    },
    /// Nothing where a number is expected.
    Empty { key: String, example: String },
    /// A value in a column the item has no parameter for.
    NotApplicable {
        code: String,
        column: &'static str,
        text: String,
    },
    /// Tiers that cannot be read.
    BadTiers {
        key: String,
        text: String,
        reason: TierError,
        example: String,
    },
    /// The framework files changed this value after the workbook was written,
    /// and the workbook changes it too.
    Conflict {
        key: String,
        then: String,
        file: String,
        book: String,
    },
}

/// What is wrong with a tier list.
#[derive(Debug, Clone, PartialEq)]
pub enum TierError {
    /// No tier at all.
    None,
    /// A tier without `:` between threshold and share.
    NoColon(String),
    /// A threshold or share that is not a number.
    NotNumber(String),
    /// A threshold of a share (建会率) without `%`.
    NeedsPercent(String),
    /// A threshold with `%` where the value is not a share.
    NoPercent(String),
    /// `≥` on a lower-is-better indicator, or `≤` on a higher-is-better one.
    WrongSign(String),
}

/// The framework files with the workbook's edits.
#[derive(Debug, Clone, PartialEq)]
pub struct Edited {
    /// Every file of the framework, by its path inside the output folder
    /// (the main file is always `framework.toml`), edited or not.
    pub files: Vec<EditedFile>,
    /// Every value changed, top to bottom in the workbook.
    pub changes: Vec<Change>,
    /// Notes (`note = "目标：每万人 20 人"`) that still name a value that was changed.
    pub stale_notes: Vec<StaleNote>,
}

/// One framework file.
#[derive(Debug, Clone, PartialEq)]
pub struct EditedFile {
    pub name: String,
    pub text: String,
}

/// A `note` that names a target that was changed.
#[derive(Debug, Clone, PartialEq)]
pub struct StaleNote {
    pub key: String,
    pub note: String,
    pub old: String,
}

/// What came of the workbook.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Edited(Edited),
    /// Some edits cannot be written back: nothing is.
    Refused(Vec<Refusal>),
}

/// Why the edits could not be looked at (exit 2, or 1 for a framework with problems).
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The framework files hold mistakes: the edits cannot be mapped onto them.
    #[error("the framework has {} problem(s)", .0.len())]
    Problems(Vec<Problem>),
    /// No sheet with the 评分细则 header, or no hidden row keys.
    #[error("not a scoring-rules workbook written by `assess indicators --xlsx`: {0}")]
    NotRules(String),
    /// The workbook was written from another framework.
    #[error(
        "the workbook was written from the framework `{found}`, not `{expected}`; name its files with --indicators"
    )]
    OtherFramework { found: String, expected: String },
    /// A framework file `toml_edit` cannot parse (the loader could).
    #[error("cannot edit `{file}`: {message}")]
    Toml { file: String, message: String },
    /// An included file outside the framework folder: it cannot be written into the output folder.
    #[error("`{0}` is outside the framework folder; it cannot be written into the output folder")]
    Include(String),
}

/// Reads the framework's files and the workbook, and maps every edit back.
pub fn edit(origin: &Origin<'_>, book: &RawWorkbook) -> Result<Outcome, EditError> {
    let raw = RawFramework::read(origin)?;
    if !raw.problems.is_empty() {
        return Err(EditError::Problems(raw.problems));
    }
    let Some(spec) = raw.framework.as_ref() else {
        return Err(EditError::Problems(raw.problems));
    };
    let names = output_names(&raw)?;
    let mut docs = Vec::new();
    for source in &raw.sources {
        let doc: DocumentMut =
            source
                .text
                .parse()
                .map_err(|e: toml_edit::TomlError| EditError::Toml {
                    file: source.name.clone(),
                    message: e.message().to_string(),
                })?;
        docs.push(doc);
    }
    let sheet = Sheet::find(book)?;
    let id = book
        .properties
        .get("framework-id")
        .cloned()
        .or_else(|| sheet.text(0, COL_KEY));
    let expected = spec.item.id.get_ref();
    if let Some(found) = id.filter(|id| id != expected) {
        return Err(EditError::OtherFramework {
            found,
            expected: expected.clone(),
        });
    }

    let mut plan = Plan::new(&raw, &sheet);
    plan.read_rows();
    plan.missing_rows();
    if !plan.refusals.is_empty() {
        let mut refusals = plan.refusals;
        refusals.sort_by_key(|r| (r.cell.row, r.cell.col));
        return Ok(Outcome::Refused(refusals));
    }
    let mut changes = Vec::new();
    let mut stale_notes = Vec::new();
    for op in plan.ops {
        apply(&mut docs[op.file], &op).map_err(|message| EditError::Toml {
            file: raw.sources[op.file].name.clone(),
            message,
        })?;
        changes.push(op.change);
        stale_notes.extend(op.stale_note);
    }
    let files = names
        .into_iter()
        .zip(docs)
        .enumerate()
        .map(|(i, (name, doc))| {
            let bom = if had_bom(origin, &raw, i) {
                "\u{feff}"
            } else {
                ""
            };
            EditedFile {
                name,
                text: format!(
                    "{bom}{}",
                    line_ends_like(&raw.sources[i].text, &doc.to_string())
                ),
            }
        })
        .collect();
    Ok(Outcome::Edited(Edited {
        files,
        changes,
        stale_notes,
    }))
}

/// Where each source goes in the output folder: the main file as `framework.toml`,
/// the others by their `include` path.
fn output_names(raw: &RawFramework) -> Result<Vec<String>, EditError> {
    let mut names = vec![MAIN_FILE.to_string()];
    let includes = raw
        .framework
        .as_ref()
        .map(|f| f.item.include.as_slice())
        .unwrap_or_default();
    for include in includes {
        let path = Path::new(include.get_ref());
        let inside = path
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
        if !inside {
            return Err(EditError::Include(include.get_ref().clone()));
        }
        names.push(include.get_ref().clone());
    }
    names.truncate(raw.sources.len());
    Ok(names)
}

/// `toml_edit` writes `\n`: a file written with Windows line ends (`\r\n`) keeps them.
fn line_ends_like(original: &str, text: &str) -> String {
    if original.contains("\r\n") {
        text.replace("\r\n", "\n").replace('\n', "\r\n")
    } else {
        text.to_string()
    }
}

/// Whether the `index`th source file began with a byte-order mark (kept when written back).
fn had_bom(origin: &Origin<'_>, raw: &RawFramework, index: usize) -> bool {
    let Origin::Path(path) = origin else {
        return false;
    };
    let main = if path.is_dir() {
        path.join(MAIN_FILE)
    } else {
        path.to_path_buf()
    };
    let file = match index {
        0 => main,
        i => {
            let include = raw
                .framework
                .as_ref()
                .and_then(|f| f.item.include.get(i - 1));
            match (main.parent(), include) {
                (Some(base), Some(include)) => base.join(include.get_ref()),
                _ => return false,
            }
        }
    };
    std::fs::read(file).is_ok_and(|bytes| bytes.starts_with("\u{feff}".as_bytes()))
}

/// The table of the workbook: its cells by position, and the language it was written in.
struct Sheet<'a> {
    name: &'a str,
    cells: HashMap<(u32, u32), &'a CellValue>,
    /// Row numbers below the header that hold anything, in order.
    rows: Vec<u32>,
    lang: Lang,
}

impl<'a> Sheet<'a> {
    /// The first sheet whose header row starts with 代码 (or Code).
    fn find(book: &'a RawWorkbook) -> Result<Sheet<'a>, EditError> {
        for sheet in &book.sheets {
            let header = sheet
                .cells
                .iter()
                .find(|c| c.row == HEADER_ROW && c.col == u32::from(COL_CODE))
                .map(|c| cell_text(&c.value));
            let lang = match header.as_deref().map(str::trim) {
                Some("代码") => Lang::Zh,
                Some("Code") => Lang::En,
                _ => continue,
            };
            let cells: HashMap<(u32, u32), &CellValue> = sheet
                .cells
                .iter()
                .map(|c| ((c.row, c.col), &c.value))
                .collect();
            let mut rows: Vec<u32> = sheet
                .cells
                .iter()
                .filter(|c| c.row > HEADER_ROW)
                .map(|c| c.row)
                .collect();
            rows.sort_unstable();
            rows.dedup();
            let has_keys = sheet
                .cells
                .iter()
                .any(|c| c.row > HEADER_ROW && c.col == u32::from(COL_KEY));
            if !has_keys {
                return Err(EditError::NotRules(format!(
                    "sheet `{}` has no hidden row keys in column K",
                    sheet.name
                )));
            }
            return Ok(Sheet {
                name: &sheet.name,
                cells,
                rows,
                lang,
            });
        }
        Err(EditError::NotRules(
            "no sheet has the header 代码 / Code in A3".into(),
        ))
    }

    fn value(&self, row: u32, col: u16) -> Option<&'a CellValue> {
        self.cells.get(&(row, u32::from(col))).copied()
    }

    /// The trimmed text of a cell; `None` when empty.
    fn text(&self, row: u32, col: u16) -> Option<String> {
        self.value(row, col)
            .map(|v| cell_text(v).trim().to_string())
            .filter(|t| !t.is_empty())
    }

    fn cell(&self, row: u32, col: u16) -> CellRef {
        CellRef::new(self.name, row, u32::from(col))
    }
}

/// A number column's cell.
#[derive(Debug, Clone, PartialEq)]
enum Read {
    Blank,
    Number(f64),
    NotNumber(String),
}

fn read_number(value: Option<&CellValue>) -> Read {
    match value {
        None | Some(CellValue::Empty) => Read::Blank,
        Some(CellValue::Number(n)) => Read::Number(rules::tidy(*n)),
        Some(CellValue::Text(t)) => {
            let t = t.trim();
            if t.is_empty() {
                return Read::Blank;
            }
            match t.parse::<f64>() {
                Ok(n) if n.is_finite() => Read::Number(rules::tidy(n)),
                _ => Read::NotNumber(t.to_string()),
            }
        }
        Some(other) => Read::NotNumber(cell_text(other)),
    }
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn same_opt(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => same(a, b),
        (None, None) => true,
        _ => false,
    }
}

fn same_tiers(a: &[(f64, f64)], b: &[(f64, f64)]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| same(x.0, y.0) && same(x.1, y.1))
}

fn shown(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_string(), number)
}

/// Reads a tier list: `threshold:share` separated by `；`, `;` or new lines;
/// thresholds of a share with `%`, others without; a share as a number or a
/// percentage; an optional `≥` (or `≤` when lower is better) before a threshold.
pub fn parse_tiers(
    text: &str,
    share_valued: bool,
    lower: bool,
) -> Result<Vec<(f64, f64)>, TierError> {
    let mut tiers = Vec::new();
    let parts = text
        .split([';', '\n'])
        .flat_map(|p| p.split(TIER_SEPARATOR))
        .map(str::trim)
        .filter(|p| !p.is_empty());
    for part in parts {
        let Some((threshold, share)) = part.split_once([':', '：']) else {
            return Err(TierError::NoColon(part.into()));
        };
        let mut threshold = threshold.trim();
        let (sign, wrong) = if lower {
            (["≤", "<="], ["≥", ">="])
        } else {
            (["≥", ">="], ["≤", "<="])
        };
        if wrong.iter().any(|w| threshold.starts_with(w)) {
            return Err(TierError::WrongSign(part.into()));
        }
        for s in sign {
            threshold = threshold.strip_prefix(s).unwrap_or(threshold).trim();
        }
        let percent = threshold.ends_with(['%', '％']);
        if share_valued && !percent {
            return Err(TierError::NeedsPercent(part.into()));
        }
        if !share_valued && percent {
            return Err(TierError::NoPercent(part.into()));
        }
        let threshold = percentage(threshold).ok_or_else(|| TierError::NotNumber(part.into()))?;
        let share = percentage(share.trim()).ok_or_else(|| TierError::NotNumber(part.into()))?;
        tiers.push((threshold, share));
    }
    if tiers.is_empty() {
        return Err(TierError::None);
    }
    Ok(tiers)
}

/// `0.6`, or `60%` as 0.6.
fn percentage(text: &str) -> Option<f64> {
    let (digits, scale) = match text.strip_suffix(['%', '％']) {
        Some(d) => (d.trim(), 100.0),
        None => (text, 1.0),
    };
    let v: f64 = digits.parse().ok().filter(|v: &f64| v.is_finite())?;
    Some(rules::tidy(v / scale))
}

/// What a number column means for one item.
#[derive(Debug, Clone)]
struct Slot {
    /// The TOML key.
    key: &'static str,
    /// The value in the file, `None` when the key is not written.
    current: Option<f64>,
    /// What the workbook shows (and an empty cell means) when the key is not written.
    default: Option<f64>,
    /// What an empty cell does.
    blank: Blank,
    /// Keys after which a new key is written, the first present one wins.
    after: &'static [&'static str],
}

/// What an empty number cell means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Blank {
    /// Refused: the value is required.
    Refuse,
    /// The default (a `cap` of 1).
    Default,
    /// No value: the key is removed (a bonus item without `max`).
    Remove,
}

impl Slot {
    fn required(key: &'static str, current: f64) -> Slot {
        Slot {
            key,
            current: Some(current),
            default: None,
            blank: Blank::Refuse,
            after: &[],
        }
    }

    fn optional(key: &'static str, current: Option<f64>, after: &'static [&'static str]) -> Slot {
        Slot {
            key,
            current,
            default: None,
            blank: Blank::Remove,
            after,
        }
    }

    fn effective(&self) -> Option<f64> {
        self.current.or(self.default)
    }
}

/// A change to one table of one file.
#[derive(Debug, Clone)]
struct Op {
    file: usize,
    /// The TOML section (`indicator`), and the code (or grade name) of the element;
    /// `framework` with an empty id for the `[framework]` table.
    section: &'static str,
    id: String,
    what: OpKind,
    change: Change,
    stale_note: Option<StaleNote>,
}

#[derive(Debug, Clone)]
enum OpKind {
    Set {
        key: &'static str,
        value: f64,
        after: &'static [&'static str],
    },
    Remove {
        key: &'static str,
    },
    Tiers {
        lower: bool,
        tiers: Vec<(f64, f64)>,
    },
}

/// Tiers as `(threshold, share)`, and whether lower is better.
type Tiers = (Vec<(f64, f64)>, bool);

/// Where a number goes: the file, the TOML section and the element's code
/// (empty for `[framework]`), and the dotted key shown to the user.
struct Place {
    file: usize,
    section: &'static str,
    id: String,
    key: String,
}

/// An item of the framework that has a row in the workbook.
#[derive(Debug, Clone, Copy)]
enum Entry<'r> {
    Dimension(&'r At<super::spec::DimensionSpec>),
    Indicator(&'r At<IndicatorSpec>),
    Bonus(&'r At<super::spec::BonusSpec>),
    Deduction(&'r At<super::spec::DeductionSpec>),
    Veto(&'r At<super::spec::VetoSpec>),
    Grade(&'r At<super::spec::GradeSpec>),
}

impl Entry<'_> {
    fn file(self) -> usize {
        match self {
            Entry::Dimension(a) => a.file,
            Entry::Indicator(a) => a.file,
            Entry::Bonus(a) => a.file,
            Entry::Deduction(a) => a.file,
            Entry::Veto(a) => a.file,
            Entry::Grade(a) => a.file,
        }
    }

    fn section(self) -> &'static str {
        match self {
            Entry::Dimension(_) => "dimension",
            Entry::Indicator(_) => "indicator",
            Entry::Bonus(_) => "bonus",
            Entry::Deduction(_) => "deduction",
            Entry::Veto(_) => "veto",
            Entry::Grade(_) => "grade",
        }
    }

    /// The code, or a grade's name.
    fn id(self) -> String {
        match self {
            Entry::Dimension(a) => a.item.code.get_ref().clone(),
            Entry::Indicator(a) => a.item.code.get_ref().clone(),
            Entry::Bonus(a) => a.item.code.get_ref().clone(),
            Entry::Deduction(a) => a.item.code.get_ref().clone(),
            Entry::Veto(a) => a.item.code.get_ref().clone(),
            Entry::Grade(a) => a.item.name.get_ref().clone(),
        }
    }

    /// The name as the workbook shows it.
    fn name(self, lang: Lang) -> String {
        let (zh, en) = match self {
            Entry::Dimension(a) => (&a.item.name, &a.item.name_en),
            Entry::Indicator(a) => (&a.item.name, &a.item.name_en),
            Entry::Bonus(a) => (&a.item.name, &a.item.name_en),
            Entry::Deduction(a) => (&a.item.name, &a.item.name_en),
            Entry::Veto(a) => (&a.item.name, &a.item.name_en),
            Entry::Grade(a) => (a.item.name.get_ref(), &a.item.name_en),
        };
        lang.name(zh, en.as_deref()).trim().to_string()
    }
}

/// The edits found so far, and the refusals.
struct Plan<'r, 's> {
    raw: &'r RawFramework,
    sheet: &'s Sheet<'s>,
    weighted: bool,
    entries: BTreeMap<String, Entry<'r>>,
    /// Keys met in the workbook, with their row.
    seen: HashMap<String, u32>,
    ops: Vec<Op>,
    refusals: Vec<Refusal>,
}

impl<'r, 's> Plan<'r, 's> {
    fn new(raw: &'r RawFramework, sheet: &'s Sheet<'s>) -> Plan<'r, 's> {
        let mut entries = BTreeMap::new();
        let mut add = |entry: Entry<'r>| {
            entries
                .entry(rules::row_key(entry.section(), &entry.id()))
                .or_insert(entry);
        };
        raw.dimensions.iter().for_each(|a| add(Entry::Dimension(a)));
        raw.indicators.iter().for_each(|a| add(Entry::Indicator(a)));
        raw.bonus.iter().for_each(|a| add(Entry::Bonus(a)));
        raw.deductions.iter().for_each(|a| add(Entry::Deduction(a)));
        raw.vetoes.iter().for_each(|a| add(Entry::Veto(a)));
        raw.grades.iter().for_each(|a| add(Entry::Grade(a)));
        let weighted = raw
            .framework
            .as_ref()
            .is_some_and(|f| f.item.mode.get_ref() == "weighted-mean");
        Plan {
            raw,
            sheet,
            weighted,
            entries,
            seen: HashMap::new(),
            ops: Vec::new(),
            refusals: Vec::new(),
        }
    }

    fn refuse(&mut self, row: u32, col: u16, kind: RefusalKind) {
        self.refusals.push(Refusal {
            cell: self.sheet.cell(row, col),
            kind,
        });
    }

    fn read_rows(&mut self) {
        let sheet = self.sheet;
        for &row in &sheet.rows {
            let Some(key) = sheet.text(row, COL_KEY) else {
                self.new_row(row);
                continue;
            };
            if key == NOTE_KEY {
                self.nothing_to_edit(row, "-", &[]);
                continue;
            }
            if key == BONUS_CAP_KEY {
                self.bonus_cap_row(row);
                continue;
            }
            let Some(entry) = self.entries.get(&key).copied() else {
                let code = id_of(&key);
                self.refuse(row, COL_CODE, RefusalKind::UnknownItem { code });
                continue;
            };
            if self.seen.contains_key(&key) {
                let code = id_of(&key);
                self.refuse(row, COL_CODE, RefusalKind::CopiedRow { code });
                continue;
            }
            self.seen.insert(key, row);
            self.item_row(row, entry);
        }
    }

    /// A row without a key: refused when it holds anything in the printed columns.
    fn new_row(&mut self, row: u32) {
        let first = (COL_CODE..COL_KEY).find_map(|col| self.sheet.text(row, col).map(|t| (col, t)));
        if let Some((col, text)) = first {
            self.refuse(row, col, RefusalKind::NewRow { text });
        }
    }

    /// Refuses an edited parameter cell in a column the row has nothing for.
    fn nothing_to_edit(&mut self, row: u32, code: &str, used: &[u16]) {
        for col in PARAM_COLUMNS {
            if used.contains(&col) {
                continue;
            }
            let now = self.sheet.text(row, col);
            let then = self.sheet.text(row, rules::original_column(col));
            if now.is_some() && now != then {
                self.refuse(
                    row,
                    col,
                    RefusalKind::NotApplicable {
                        code: code.into(),
                        column: column_name(col, self.weighted),
                        text: now.unwrap_or_default(),
                    },
                );
            }
        }
    }

    fn bonus_cap_row(&mut self, row: u32) {
        self.nothing_to_edit(row, BONUS_CAP_KEY, &[COL_CAP]);
        let Some(fw) = self.raw.framework.as_ref() else {
            return;
        };
        let slot = Slot::optional(
            "bonus-cap",
            fw.item.bonus_cap.as_ref().map(|c| *c.get_ref()),
            &["total", "mode"],
        );
        let place = Place {
            file: fw.file,
            section: "framework",
            id: String::new(),
            key: "framework.bonus-cap".into(),
        };
        self.number(row, COL_CAP, &slot, &place, None);
    }

    fn item_row(&mut self, row: u32, entry: Entry<'r>) {
        let sheet = self.sheet;
        let id = entry.id();
        if !matches!(entry, Entry::Grade(_)) {
            let code = sheet.text(row, COL_CODE).unwrap_or_default();
            if code != id {
                self.refuse(
                    row,
                    COL_CODE,
                    RefusalKind::CodeChanged { from: id, to: code },
                );
                return;
            }
        }
        let name = sheet.text(row, COL_NAME).unwrap_or_default();
        let expected = entry.name(sheet.lang);
        if name != expected {
            self.refuse(
                row,
                COL_NAME,
                RefusalKind::Renamed {
                    code: id,
                    from: expected,
                    to: name,
                },
            );
            return;
        }
        let mut slots: Vec<(u16, Slot)> = Vec::new();
        let mut tiers: Option<Tiers> = None;
        match entry {
            Entry::Dimension(a) => {
                slots.push((
                    COL_POINTS,
                    self.points_slot(
                        a.item.points.as_ref(),
                        a.item.weight.as_ref(),
                        &["parent", "name-en", "name"],
                    ),
                ));
            }
            Entry::Indicator(a) => {
                (slots, tiers) = self.indicator_slots(&a.item);
            }
            Entry::Bonus(a) => {
                slots.push((
                    COL_POINTS,
                    Slot::required("points", *a.item.points.get_ref()),
                ));
                slots.push((
                    COL_CAP,
                    Slot::optional(
                        "max",
                        a.item.max.as_ref().map(|m| *m.get_ref()),
                        &["points"],
                    ),
                ));
            }
            Entry::Deduction(a) => {
                slots.push((
                    COL_POINTS,
                    Slot::required("points", *a.item.points.get_ref()),
                ));
                slots.push((
                    COL_CAP,
                    Slot::optional(
                        "max",
                        a.item.max.as_ref().map(|m| *m.get_ref()),
                        &["points"],
                    ),
                ));
            }
            Entry::Veto(_) => {}
            Entry::Grade(a) => {
                slots.push((
                    COL_POINTS,
                    Slot::required("min-score", *a.item.min_score.get_ref()),
                ));
            }
        }
        let mut used: Vec<u16> = slots.iter().map(|(c, _)| *c).collect();
        if tiers.is_some() {
            used.push(COL_TIERS);
        }
        self.nothing_to_edit(row, &id, &used);
        let section = entry.section();
        for (col, slot) in &slots {
            let place = Place {
                file: entry.file(),
                section,
                id: id.clone(),
                key: format!("{section}.{id}.{}", slot.key),
            };
            let note = match entry {
                Entry::Indicator(a) if slot.key == "target" => a.item.note.clone(),
                _ => None,
            };
            self.number(row, *col, slot, &place, note);
        }
        if let Some((current, lower)) = tiers {
            self.tiers(row, entry.file(), &id, &current, lower);
        }
    }

    /// The number columns of an indicator, and its tiers (with whether lower is
    /// better) when it has them; the parameters depend on its method.
    fn indicator_slots(&self, i: &IndicatorSpec) -> (Vec<(u16, Slot)>, Option<Tiers>) {
        let mut slots = vec![(
            COL_POINTS,
            self.points_slot(i.points.as_ref(), i.weight.as_ref(), &["dimension"]),
        )];
        let default = self
            .raw
            .framework
            .as_ref()
            .and_then(|f| f.item.normalise.as_ref())
            .map_or("min-max", |n| n.get_ref().as_str());
        let method = i.method.as_ref().map_or(default, |m| m.get_ref().as_str());
        let current = |v: &Option<toml::Spanned<f64>>| v.as_ref().map(|v| *v.get_ref());
        match method {
            "target-ratio" => {
                if let Some(t) = current(&i.target) {
                    slots.push((COL_TARGET, Slot::required("target", t)));
                }
                let per = current(&i.target_per_people);
                slots.push((
                    COL_PER,
                    Slot::optional("target-per-people", per, &["target"]),
                ));
                let cap = Slot {
                    key: "cap",
                    current: current(&i.cap),
                    default: Some(1.0),
                    blank: Blank::Default,
                    after: &["target-per-people", "target"],
                };
                slots.push((COL_CAP, cap));
            }
            "distance-to-target" => {
                if let Some(t) = current(&i.target) {
                    slots.push((COL_TARGET, Slot::required("target", t)));
                }
            }
            "tiers" => {
                let lower = i.direction.as_ref().is_some_and(|d| d.get_ref() == "lower");
                let list = i.tiers.as_ref().map_or_else(Vec::new, |t| {
                    t.get_ref()
                        .iter()
                        .map(|t| {
                            let bound = if lower { t.at_most } else { t.at_least };
                            (bound.or(t.at_least).or(t.at_most).unwrap_or(0.0), t.share)
                        })
                        .collect()
                });
                return (slots, Some((list, lower)));
            }
            _ => {}
        }
        (slots, None)
    }

    /// The slot of the 分值 column: `points`, or `weight` (default 1) in a `weighted-mean` framework.
    fn points_slot(
        &self,
        points: Option<&toml::Spanned<f64>>,
        weight: Option<&toml::Spanned<f64>>,
        after: &'static [&'static str],
    ) -> Slot {
        if self.weighted {
            Slot {
                key: "weight",
                current: weight.map(|w| *w.get_ref()),
                default: Some(1.0),
                blank: Blank::Refuse,
                after,
            }
        } else {
            Slot {
                key: "points",
                current: points.map(|p| *p.get_ref()),
                default: None,
                blank: Blank::Refuse,
                after,
            }
        }
    }

    /// Compares a number cell with the value it was written with and the file's.
    fn number(&mut self, row: u32, col: u16, slot: &Slot, place: &Place, note: Option<String>) {
        let Place {
            file,
            section,
            id,
            key,
        } = place;
        let sheet = self.sheet;
        let example = shown(slot.effective().or(slot.default));
        let now = match read_number(sheet.value(row, col)) {
            Read::Number(n) => Some(n),
            Read::Blank => match slot.blank {
                Blank::Refuse => {
                    let kind = RefusalKind::Empty {
                        key: key.clone(),
                        example,
                    };
                    self.refuse(row, col, kind);
                    return;
                }
                Blank::Default => slot.default,
                Blank::Remove => None,
            },
            Read::NotNumber(text) => {
                let kind = RefusalKind::NotNumber {
                    key: key.clone(),
                    text,
                    example,
                };
                self.refuse(row, col, kind);
                return;
            }
        };
        let then = match read_number(sheet.value(row, rules::original_column(col))) {
            Read::Number(n) => Some(n),
            Read::Blank if slot.blank == Blank::Default => slot.default,
            _ => None,
        };
        let file_now = slot.effective();
        if same_opt(now, then) || same_opt(now, file_now) {
            return;
        }
        if !same_opt(then, file_now) {
            let kind = RefusalKind::Conflict {
                key: key.clone(),
                then: shown(then),
                file: shown(file_now),
                book: shown(now),
            };
            self.refuse(row, col, kind);
            return;
        }
        let what = match now {
            Some(value) => OpKind::Set {
                key: slot.key,
                value,
                after: slot.after,
            },
            None => OpKind::Remove { key: slot.key },
        };
        let stale_note = match (note, file_now) {
            (Some(note), Some(old)) if mentions(&note, &number(old)) => Some(StaleNote {
                key: format!("{section}.{id}.note"),
                note,
                old: number(old),
            }),
            _ => None,
        };
        self.ops.push(Op {
            file: *file,
            section,
            id: id.clone(),
            what,
            change: Change {
                key: key.clone(),
                from: shown(file_now),
                to: shown(now),
                cell: sheet.cell(row, col),
            },
            stale_note,
        });
    }

    fn tiers(&mut self, row: u32, file: usize, code: &str, current: &[(f64, f64)], lower: bool) {
        let sheet = self.sheet;
        let key = format!("indicator.{code}.tiers");
        let then_text = sheet.text(row, rules::original_column(COL_TIERS));
        let share_valued = then_text.as_deref().is_some_and(|t| t.contains('%'));
        let example = then_text
            .clone()
            .unwrap_or_else(|| rules::tiers_text(current, share_valued));
        let Some(now_text) = sheet.text(row, COL_TIERS) else {
            self.refuse(row, COL_TIERS, RefusalKind::Empty { key, example });
            return;
        };
        let now = match parse_tiers(&now_text, share_valued, lower) {
            Ok(now) => now,
            Err(reason) => {
                let kind = RefusalKind::BadTiers {
                    key,
                    text: now_text,
                    reason,
                    example,
                };
                self.refuse(row, COL_TIERS, kind);
                return;
            }
        };
        let then = then_text
            .as_deref()
            .and_then(|t| parse_tiers(t, share_valued, lower).ok())
            .unwrap_or_else(|| current.to_vec());
        if same_tiers(&now, &then) || same_tiers(&now, current) {
            return;
        }
        if !same_tiers(&then, current) {
            let kind = RefusalKind::Conflict {
                key,
                then: rules::tiers_text(&then, share_valued),
                file: rules::tiers_text(current, share_valued),
                book: rules::tiers_text(&now, share_valued),
            };
            self.refuse(row, COL_TIERS, kind);
            return;
        }
        self.ops.push(Op {
            file,
            section: "indicator",
            id: code.to_string(),
            what: OpKind::Tiers {
                lower,
                tiers: now.clone(),
            },
            change: Change {
                key,
                from: rules::tiers_text(current, share_valued),
                to: rules::tiers_text(&now, share_valued),
                cell: sheet.cell(row, COL_TIERS),
            },
            stale_note: None,
        });
    }

    /// Refuses every item of the framework whose row is not in the workbook,
    /// at the cell its row was written in (when the files still check).
    fn missing_rows(&mut self) {
        let layout: Vec<String> = super::check::check(self.raw)
            .map(|fw| rules::row_keys(&fw))
            .unwrap_or_default();
        let missing: Vec<(String, Entry<'r>)> = self
            .entries
            .iter()
            .filter(|(key, _)| !self.seen.contains_key(*key))
            .map(|(key, entry)| (key.clone(), *entry))
            .collect();
        for (key, entry) in missing {
            let at = layout
                .iter()
                .position(|k| *k == key)
                .and_then(|i| u32::try_from(i).ok())
                .map_or(HEADER_ROW + 1, |i| HEADER_ROW + 1 + i);
            let name = entry.name(self.sheet.lang);
            let code = id_of(&key);
            self.refuse(at, COL_CODE, RefusalKind::DeletedRow { code, name });
        }
    }
}

/// The code (or grade name) in a row key: `D1` of `indicator:D1`.
fn id_of(key: &str) -> String {
    key.split_once(':').map_or(key, |(_, id)| id).to_string()
}

/// Whether `text` names the number `n` on its own (`每万人 20 人` names `20`, not `2`).
fn mentions(text: &str, n: &str) -> bool {
    let is_part = |c: char| c.is_ascii_digit() || c == '.';
    text.match_indices(n).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + n.len()..].chars().next();
        !before.is_some_and(is_part) && !after.is_some_and(is_part)
    })
}

/// The header of a parameter column, for messages.
fn column_name(col: u16, weighted: bool) -> &'static str {
    match col {
        COL_POINTS if weighted => "权重",
        COL_POINTS => "分值",
        COL_TARGET => "目标",
        COL_PER => "目标按人口",
        COL_CAP => "封顶",
        _ => "档次门槛",
    }
}

/// A number for the file: a whole number without decimals unless the value it
/// replaces was written with them (`2.0`).
fn toml_number(v: f64, float: bool) -> Value {
    if !float && v.fract() == 0.0 && v.abs() < 1e15 {
        // whole and small: the cast is exact
        #[allow(clippy::cast_possible_truncation)]
        Value::from(v as i64)
    } else {
        Value::from(v)
    }
}

/// Replaces a number, keeping the spaces and comment around it and its style.
fn replace_number(old: &mut Value, v: f64) {
    let decor = old.decor().clone();
    let mut new = toml_number(v, old.is_float());
    *new.decor_mut() = decor;
    *old = new;
}

/// The table an op works on.
enum Target<'d> {
    Table(&'d mut Table),
    Inline(&'d mut InlineTable),
}

fn find<'d>(doc: &'d mut DocumentMut, section: &str, id: &str) -> Option<Target<'d>> {
    let id_key = if section == "grade" { "name" } else { "code" };
    let matches = |v: Option<&str>| v == Some(id);
    match doc.as_table_mut().get_mut(section)? {
        Item::Table(t) if id.is_empty() => Some(Target::Table(t)),
        Item::ArrayOfTables(tables) => tables
            .iter_mut()
            .find(|t| matches(t.get(id_key).and_then(Item::as_str)))
            .map(Target::Table),
        Item::Value(Value::Array(array)) => array
            .iter_mut()
            .filter_map(Value::as_inline_table_mut)
            .find(|t| matches(t.get(id_key).and_then(Value::as_str)))
            .map(Target::Inline),
        _ => None,
    }
}

/// Applies one op to a parsed file.
fn apply(doc: &mut DocumentMut, op: &Op) -> Result<(), String> {
    let not_found = || format!("no [[{}]] with `{}`", op.section, op.id);
    let target = find(doc, op.section, &op.id).ok_or_else(not_found)?;
    match (&op.what, target) {
        (OpKind::Set { key, value, after }, Target::Table(t)) => {
            match t.get_mut(key).and_then(Item::as_value_mut) {
                Some(old) => replace_number(old, *value),
                None => insert_after(t, key, toml_number(*value, false), after),
            }
        }
        (OpKind::Set { key, value, .. }, Target::Inline(t)) => match t.get_mut(key) {
            Some(old) => replace_number(old, *value),
            None => {
                t.insert(*key, toml_number(*value, false).decorated(" ", " "));
            }
        },
        (OpKind::Remove { key }, Target::Table(t)) => {
            t.remove(key);
        }
        (OpKind::Remove { key }, Target::Inline(t)) => {
            t.remove(key);
        }
        (OpKind::Tiers { lower, tiers }, target) => {
            let item = match target {
                Target::Table(t) => t.get_mut("tiers").and_then(Item::as_value_mut),
                Target::Inline(t) => t.get_mut("tiers"),
            };
            let array = item.and_then(Value::as_array_mut).ok_or_else(|| {
                format!("`indicator.{}.tiers` is not a list of inline tables", op.id)
            })?;
            set_tiers(array, *lower, tiers);
        }
    }
    Ok(())
}

/// Inserts a key after the first of `after` that the table has (else at its end),
/// moving the keys behind it down.
fn insert_after(t: &mut Table, key: &str, value: Value, after: &[&str]) {
    let keys: Vec<String> = t.iter().map(|(k, _)| k.to_string()).collect();
    let anchor = after.iter().find_map(|a| keys.iter().position(|k| k == a));
    let behind: Vec<String> = match anchor {
        Some(i) => keys[i + 1..].to_vec(),
        None => Vec::new(),
    };
    let moved: Vec<_> = behind.iter().filter_map(|k| t.remove_entry(k)).collect();
    t.insert(key, Item::Value(value));
    for (k, item) in moved {
        t.insert_formatted(&k, item);
    }
}

/// Writes new tiers: value by value when their number is unchanged, else the
/// whole list in the layout of the old one (one tier a line, or all on one).
fn set_tiers(array: &mut Array, lower: bool, tiers: &[(f64, f64)]) {
    let bound = if lower { "at-most" } else { "at-least" };
    if array.len() == tiers.len() {
        for (value, (threshold, share)) in array.iter_mut().zip(tiers) {
            let Some(t) = value.as_inline_table_mut() else {
                continue;
            };
            for (key, v) in [(bound, *threshold), ("share", *share)] {
                match t.get_mut(key) {
                    Some(old) => {
                        #[allow(clippy::cast_precision_loss)] // thresholds are small
                        let was = old.as_float().or(old.as_integer().map(|i| i as f64));
                        if !was.is_some_and(|was| same(was, v)) {
                            replace_number(old, v);
                        }
                    }
                    None => {
                        t.insert(key, toml_number(v, false));
                    }
                }
            }
        }
        return;
    }
    let first = array.get(0).and_then(Value::as_inline_table);
    let float_of = |key: &str| first.and_then(|t| t.get(key)).is_some_and(Value::is_float);
    let (float_bound, float_share) = (float_of(bound), float_of("share"));
    let prefix = array
        .get(0)
        .and_then(|v| v.decor().prefix())
        .and_then(|p| p.as_str())
        .unwrap_or("")
        .to_string();
    let multiline = prefix.contains('\n');
    let trailing = array.trailing().as_str().unwrap_or("").to_string();
    array.clear();
    for (i, (threshold, share)) in tiers.iter().enumerate() {
        let mut t = InlineTable::new();
        t.insert(bound, toml_number(*threshold, float_bound));
        t.insert("share", toml_number(*share, float_share));
        t.fmt();
        let lead = if multiline {
            prefix.clone()
        } else if i == 0 {
            String::new()
        } else {
            " ".to_string()
        };
        array.push_formatted(Value::InlineTable(t).decorated(lead, ""));
    }
    if multiline {
        array.set_trailing_comma(true);
        array.set_trailing(if trailing.contains('\n') {
            trailing
        } else {
            "\n".to_string()
        });
    }
}

impl Refusal {
    /// `评分细则!D23: …`.
    pub fn render(&self, lang: Lang) -> String {
        format!("{}: {}", self.cell, self.kind.message(lang))
    }
}

impl RefusalKind {
    /// The message in the chosen language: lowercase, values in backticks, what to do.
    pub fn message(&self, lang: Lang) -> String {
        use RefusalKind as K;
        match self {
            K::NewRow { text } => lang.pick(
                format!("新增的行（`{text}`）无法写回：细则中不能增加行；新增指标请在评估体系文件中添加"),
                format!("a row that was added (`{text}`) cannot be written back: add items in the framework files"),
            ),
            K::DeletedRow { code, name } => lang.pick(
                format!("`{code}` {name} 的行被删除：细则中不能删除行；删除请在评估体系文件中进行"),
                format!("the row of `{code}` {name} was deleted: remove items in the framework files"),
            ),
            K::CopiedRow { code } => lang.pick(
                format!("`{code}` 的行出现了两次：细则中不能复制行"),
                format!("the row of `{code}` is there twice: rows cannot be copied"),
            ),
            K::UnknownItem { code } => lang.pick(
                format!("`{code}` 不在评估体系文件中：请用现在的文件重新生成细则（assess indicators --xlsx）"),
                format!("`{code}` is not in the framework files: write the workbook again from them (assess indicators --xlsx)"),
            ),
            K::CodeChanged { from, to } => lang.pick(
                format!("代码 `{from}` 被改为 `{to}`：代码不能在细则中修改"),
                format!("the code `{from}` was changed to `{to}`: codes cannot be changed in the workbook"),
            ),
            K::Renamed { code, from, to } => lang.pick(
                format!("`{code}` 的名称 `{from}` 被改为 `{to}`：名称不能在细则中修改，请在评估体系文件中修改"),
                format!("the name of `{code}` was changed from `{from}` to `{to}`: change names in the framework files"),
            ),
            K::NotNumber { key, text, example } => lang.pick(
                format!("{key}：`{text}` 不是数字；应填写数字，如 `{example}`"),
                format!("{key}: `{text}` is not a number; expected a number such as `{example}`"),
            ),
            K::Empty { key, example } => lang.pick(
                format!("{key}：不能为空；应填写如 `{example}`"),
                format!("{key}: must not be empty; expected a value such as `{example}`"),
            ),
            K::NotApplicable { code, column, text } => lang.pick(
                format!("`{code}` 没有“{column}”，这一格应留空，现为 `{text}`"),
                format!("`{code}` has no {} here; leave the cell empty, found `{text}`", column_name_en(column)),
            ),
            K::BadTiers { key, text, reason, example } => lang.pick(
                format!("{key}：无法识别档次 `{text}`（{}）；应写成 `门槛:比例`，以“；”分隔，如 `{example}`", reason.message(lang)),
                format!("{key}: cannot read the tiers `{text}` ({}); expected `threshold:share` separated by `；`, such as `{example}`", reason.message(lang)),
            ),
            K::Conflict { key, then, file, book } => lang.pick(
                format!("{key}：生成细则后评估体系文件已由 `{then}` 改为 `{file}`，细则中又改为 `{book}`；请用现在的文件重新生成细则后再修改"),
                format!("{key}: the framework files changed it from `{then}` to `{file}` after the workbook was written, and the workbook has `{book}`; write the workbook again and edit that"),
            ),
        }
    }
}

fn column_name_en(zh: &str) -> &'static str {
    match zh {
        "权重" => "weight",
        "分值" => "points",
        "目标" => "target",
        "目标按人口" => "target per people",
        "封顶" => "cap",
        _ => "tiers",
    }
}

impl TierError {
    pub fn message(&self, lang: Lang) -> String {
        use TierError as T;
        match self {
            T::None => lang.pick("没有任何档次", "no tier").into(),
            T::NoColon(p) => lang.pick(
                format!("`{p}` 缺少门槛与比例之间的“:”"),
                format!("`{p}` has no `:` between threshold and share"),
            ),
            T::NotNumber(p) => lang.pick(
                format!("`{p}` 中有不是数字的内容"),
                format!("`{p}` holds something that is not a number"),
            ),
            T::NeedsPercent(p) => lang.pick(
                format!("`{p}`：取值是比率，门槛写成百分数，如 `80%`"),
                format!(
                    "`{p}`: the value is a share, write thresholds as percentages such as `80%`"
                ),
            ),
            T::NoPercent(p) => lang.pick(
                format!("`{p}`：取值不是比率，门槛不带 %"),
                format!("`{p}`: the value is not a share, write thresholds without %"),
            ),
            T::WrongSign(p) => lang.pick(
                format!("`{p}`：比较符号与指标方向不符"),
                format!("`{p}`: the comparison does not fit the indicator's direction"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_are_read_as_written() {
        // B1 建会率: thresholds as percentages
        assert_eq!(
            parse_tiers("60%:0.6；80%:0.8；100%:1", true, false),
            Ok(vec![(0.6, 0.6), (0.8, 0.8), (1.0, 1.0)])
        );
        // D3: thresholds in the value's own unit, shares as percentages, `≥`, `;` and new lines
        assert_eq!(
            parse_tiers("≥1:40%; 2:0.7\n3：1", false, false),
            Ok(vec![(1.0, 0.4), (2.0, 0.7), (3.0, 1.0)])
        );
        assert_eq!(
            parse_tiers("60:0.6", true, false),
            Err(TierError::NeedsPercent("60:0.6".into()))
        );
        assert_eq!(
            parse_tiers("1%:0.4", false, false),
            Err(TierError::NoPercent("1%:0.4".into()))
        );
        assert_eq!(
            parse_tiers("≥0:1", false, true),
            Err(TierError::WrongSign("≥0:1".into()))
        );
        assert_eq!(
            parse_tiers("60% 0.6", true, false),
            Err(TierError::NoColon("60% 0.6".into()))
        );
        assert_eq!(parse_tiers(" ；", true, false), Err(TierError::None));
        assert_eq!(
            parse_tiers("六成:0.6", false, false),
            Err(TierError::NotNumber("六成:0.6".into()))
        );
    }

    #[test]
    fn tiers_text_reads_back() {
        let tiers = [(0.6, 0.6), (0.8, 0.8), (1.0, 1.0)];
        let text = rules::tiers_text(&tiers, true);
        assert_eq!(text, "60%:0.6；80%:0.8；100%:1");
        assert_eq!(parse_tiers(&text, true, false), Ok(tiers.to_vec()));
        assert_eq!(rules::tiers_text(&[(0.55, 0.5)], true), "55%:0.5");
    }

    #[test]
    fn a_note_names_a_number_on_its_own() {
        assert!(mentions("目标：每万人 20 人", "20"));
        assert!(!mentions("目标：每万人 20 人", "2"));
        assert!(!mentions("目标：每万人 1.5 人", "5"));
        assert!(mentions("20", "20"));
    }

    fn edited(text: &str, op: OpKind) -> String {
        let mut doc: DocumentMut = text.parse().expect("toml");
        let op = Op {
            file: 0,
            section: "indicator",
            id: "B1".into(),
            what: op,
            change: Change {
                key: String::new(),
                from: String::new(),
                to: String::new(),
                cell: CellRef::new("评分细则", 0, 0),
            },
            stale_note: None,
        };
        apply(&mut doc, &op).expect("applied");
        line_ends_like(text, &doc.to_string())
    }

    const B1: &str = "# before\n[[indicator]]\ncode = \"B1\"  # the code\npoints = 3\ntarget = 2.0 # two\nnote = \"x\"\ntiers = [\n  { at-least = 0.6, share = 0.6 },\n  { at-least = 1.0, share = 1.0 },\n]\n\n# after\n[[indicator]]\ncode = \"B2\"\npoints = 2\n";

    #[test]
    fn a_number_is_replaced_in_place_with_its_comment_and_style() {
        let out = edited(
            B1,
            OpKind::Set {
                key: "target",
                value: 2.5,
                after: &[],
            },
        );
        assert_eq!(out, B1.replace("target = 2.0 # two", "target = 2.5 # two"));
        let out = edited(
            B1,
            OpKind::Set {
                key: "points",
                value: 4.0,
                after: &[],
            },
        );
        assert_eq!(out, B1.replace("points = 3\n", "points = 4\n"));
    }

    #[test]
    fn a_new_key_goes_after_its_anchor() {
        let out = edited(
            B1,
            OpKind::Set {
                key: "cap",
                value: 0.8,
                after: &["target-per-people", "target"],
            },
        );
        assert_eq!(
            out,
            B1.replace("target = 2.0 # two\n", "target = 2.0 # two\ncap = 0.8\n")
        );
        let out = edited(B1, OpKind::Remove { key: "note" });
        assert_eq!(out, B1.replace("note = \"x\"\n", ""));
    }

    #[test]
    fn tiers_keep_their_layout() {
        let out = edited(
            B1,
            OpKind::Tiers {
                lower: false,
                tiers: vec![(0.5, 0.6), (1.0, 1.0)],
            },
        );
        assert_eq!(out, B1.replace("at-least = 0.6,", "at-least = 0.5,"));
        let out = edited(
            B1,
            OpKind::Tiers {
                lower: false,
                tiers: vec![(0.5, 0.5), (0.8, 0.8), (1.0, 1.0)],
            },
        );
        assert_eq!(
            out,
            B1.replace(
                "  { at-least = 0.6, share = 0.6 },\n",
                "  { at-least = 0.5, share = 0.5 },\n  { at-least = 0.8, share = 0.8 },\n"
            )
        );
        let one_line = "[[indicator]]\ncode = \"B1\"\ntiers = [{ at-least = 1, share = 1.0 }]\n";
        let out = edited(
            one_line,
            OpKind::Tiers {
                lower: false,
                tiers: vec![(1.0, 0.5), (2.0, 1.0)],
            },
        );
        assert_eq!(
            out,
            "[[indicator]]\ncode = \"B1\"\ntiers = [{ at-least = 1, share = 0.5 }, { at-least = 2, share = 1.0 }]\n"
        );
    }

    #[test]
    fn windows_line_ends_are_kept() {
        let text = B1.replace('\n', "\r\n");
        let out = edited(
            &text,
            OpKind::Set {
                key: "points",
                value: 4.0,
                after: &[],
            },
        );
        assert_eq!(out, text.replace("points = 3\r\n", "points = 4\r\n"));
    }
}
