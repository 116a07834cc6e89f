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

mod message;
mod plan;
mod row;
mod sheet;
mod tiers;
mod write;

use std::path::{Component, Path};

use toml_edit::DocumentMut;

use crate::ingest::RawWorkbook;
use crate::location::CellRef;
use crate::report::rules::COL_KEY;

use crate::framework::load::{LoadError, MAIN_FILE, Origin, RawFramework};
use crate::framework::problem::Problem;

use plan::Plan;
use sheet::Sheet;
use write::{apply, line_ends_like};

pub use tiers::parse_tiers;

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
    /// No sheet with the 评分细则 header (`None`), or the sheet with it has
    /// no hidden row keys.
    #[error("not a scoring-rules workbook written by `assess indicators --xlsx`")]
    NotRules(Option<String>),
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

impl EditError {
    /// The message in `lang` (the `Display` above is the English one, for logs).
    pub fn message(&self, lang: crate::lang::Lang) -> String {
        match self {
            EditError::Load(e) => e.message(lang),
            EditError::Problems(p) => lang.pick(
                format!("评估体系有 {} 处问题", p.len()),
                format!("the framework has {} problem(s)", p.len()),
            ),
            EditError::NotRules(sheet) => {
                let why = match sheet {
                    Some(s) => lang.pick(
                        format!("工作表「{s}」的 K 列没有隐藏的行标识"),
                        format!("sheet `{s}` has no hidden row keys in column K"),
                    ),
                    None => lang.pick(
                        "没有哪张工作表的 A3 是表头“代码”".to_string(),
                        "no sheet has the header 代码 / Code in A3".to_string(),
                    ),
                };
                lang.pick(
                    format!("不是 assess indicators --xlsx 写出的评分细则：{why}"),
                    format!("not a scoring-rules workbook written by `assess indicators --xlsx`: {why}"),
                )
            }
            EditError::OtherFramework { found, expected } => lang.pick(
                format!("这份细则按评估体系「{found}」生成，不是现在的「{expected}」；请用 --indicators 指定它的体系文件"),
                format!("the workbook was written from the framework `{found}`, not `{expected}`; name its files with --indicators"),
            ),
            EditError::Toml { file, message } => lang.pick(
                format!("无法修改「{file}」：{message}"),
                format!("cannot edit `{file}`: {message}"),
            ),
            EditError::Include(file) => lang.pick(
                format!("「{file}」在评估体系文件夹之外，无法写入输出文件夹"),
                format!("`{file}` is outside the framework folder; it cannot be written into the output folder"),
            ),
        }
    }
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
