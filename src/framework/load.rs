//! Reading framework files: one file, or a folder whose `framework.toml` names the others.
//!
//! Each top-level table and each element of an array of tables is read on its
//! own, so that one bad entry becomes one [`Problem`] (with its line) and the
//! others are still read. Nothing here judges the content: see `mod.rs`.

use std::path::{Path, PathBuf};

use serde::de::{DeserializeOwned, IntoDeserializer};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::problem::{Problem, ProblemKind};
use super::spec::{
    BonusSpec, CommendationSpec, DeductionSpec, DimensionSpec, FieldSpec, FrameworkSpec, GradeSpec,
    IndicatorSpec, MaturitySpec, PeriodSpec, RuleSpec, UnitSpec, VetoSpec, WuyouSpec,
};

/// The name of the main file when a framework is a folder.
pub const MAIN_FILE: &str = "framework.toml";

/// One framework file's text, as the user named it.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
}

impl Source {
    /// 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }
}

/// A spec item with the file and byte offset it came from.
#[derive(Debug, Clone)]
pub struct At<T> {
    pub file: usize,
    pub offset: usize,
    pub item: T,
}

/// Everything read from a framework's files, before validation.
#[derive(Debug, Default)]
pub struct RawFramework {
    pub sources: Vec<Source>,
    pub framework: Option<At<FrameworkSpec>>,
    pub period: Option<At<PeriodSpec>>,
    pub units: Vec<At<UnitSpec>>,
    pub fields: Vec<At<FieldSpec>>,
    pub rules: Vec<At<RuleSpec>>,
    pub dimensions: Vec<At<DimensionSpec>>,
    pub indicators: Vec<At<IndicatorSpec>>,
    pub bonus: Vec<At<BonusSpec>>,
    pub deductions: Vec<At<DeductionSpec>>,
    pub vetoes: Vec<At<VetoSpec>>,
    pub grades: Vec<At<GradeSpec>>,
    pub commendations: Vec<At<CommendationSpec>>,
    pub maturity: Vec<At<MaturitySpec>>,
    pub wuyou: Option<At<WuyouSpec>>,
    pub problems: Vec<Problem>,
    /// `(section, code)` of elements that could not be read: references to them
    /// are not reported again as unknown.
    pub broken: Vec<(String, String)>,
}

/// The top-level tables a framework file may hold.
pub const SECTIONS: &[&str] = &[
    "framework",
    "period",
    "unit",
    "field",
    "rule",
    "dimension",
    "indicator",
    "bonus",
    "deduction",
    "veto",
    "grade",
    "commendation",
    "wuyou",
];

/// Where the files of a framework come from.
pub enum Origin<'a> {
    /// A file or a folder on disk.
    Path(&'a Path),
    /// Files held in memory (the embedded default), by name; the first is the main file.
    /// Their names are shown behind `prefix` (`<default>/framework.toml`).
    Embedded {
        prefix: &'a str,
        files: &'a [(&'a str, &'a str)],
    },
}

/// Why a framework could not be read at all (exit 2), as opposed to a [`Problem`] in it.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read `{path}`: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("`{0}` has no framework.toml; a framework folder needs one as its main file")]
    NoMainFile(String),
}

impl LoadError {
    /// The message in `lang`, with the cause in words ([`crate::lang::io_cause`]).
    pub fn message(&self, lang: crate::lang::Lang) -> String {
        match self {
            LoadError::Io { path, source } => {
                let cause = crate::lang::io_cause(source, lang);
                lang.pick(
                    format!("无法读取评估体系文件「{path}」：{cause}"),
                    format!("cannot read `{path}`: {cause}"),
                )
            }
            LoadError::NoMainFile(dir) => lang.pick(
                format!("「{dir}」中没有 framework.toml：评估体系文件夹须有这个主文件"),
                format!(
                    "`{dir}` has no framework.toml; a framework folder needs one as its main file"
                ),
            ),
        }
    }
}

impl RawFramework {
    /// Reads the main file and every file it includes.
    pub fn read(origin: &Origin<'_>) -> Result<RawFramework, LoadError> {
        let mut raw = RawFramework::default();
        let (main_name, main_text, base) = match origin {
            Origin::Path(path) => {
                let main = if path.is_dir() {
                    let main = path.join(MAIN_FILE);
                    if !main.is_file() {
                        return Err(LoadError::NoMainFile(path.display().to_string()));
                    }
                    main
                } else {
                    path.to_path_buf()
                };
                let text = read_text(&main)?;
                let base = main.parent().map(Path::to_path_buf).unwrap_or_default();
                (main.display().to_string(), text, Some(base))
            }
            Origin::Embedded { prefix, files } => {
                let (name, text) = files[0];
                (format!("{prefix}{name}"), text.to_string(), None)
            }
        };
        raw.add_file(main_name, main_text, true);

        let includes: Vec<Spanned<String>> = raw
            .framework
            .as_ref()
            .map(|f| f.item.include.clone())
            .unwrap_or_default();
        for include in includes {
            let loaded = match (origin, &base) {
                (Origin::Path(_), Some(base)) => {
                    let path: PathBuf = base.join(include.get_ref());
                    std::fs::read(&path)
                        .map_err(|e| e.to_string())
                        .and_then(|bytes| String::from_utf8(bytes).map_err(|e| e.to_string()))
                        .map(|text| (path.display().to_string(), text))
                }
                (Origin::Embedded { prefix, files }, _) => files
                    .iter()
                    .find(|(name, _)| name == include.get_ref())
                    .map(|(name, text)| (format!("{prefix}{name}"), (*text).to_string()))
                    .ok_or_else(|| "not embedded".to_string()),
                _ => Err("no base folder".to_string()),
            };
            match loaded {
                Ok((name, text)) => raw.add_file(name, text, false),
                Err(err) => raw.problem(
                    0,
                    include.span().start,
                    "framework.include".into(),
                    ProblemKind::Unreadable(format!("`{}`: {err}", include.get_ref())),
                ),
            }
        }
        Ok(raw)
    }

    /// Whether an element with this code was present but could not be read.
    pub fn is_broken(&self, section: &str, code: &str) -> bool {
        self.broken.iter().any(|(s, c)| s == section && c == code)
    }

    fn problem(&mut self, file: usize, offset: usize, key: String, kind: ProblemKind) {
        let source = &self.sources[file];
        self.problems.push(Problem {
            file: source.name.clone(),
            line: source.line_of(offset),
            key,
            kind,
        });
    }

    /// Parses one file and reads each of its tables.
    fn add_file(&mut self, name: String, text: String, is_main: bool) {
        let text = text
            .strip_prefix('\u{feff}')
            .map(str::to_string)
            .unwrap_or(text);
        let file = self.sources.len();
        self.sources.push(Source { name, text });
        let text = self.sources[file].text.clone();
        let root = match DeTable::parse(&text) {
            Ok(root) => root,
            Err(err) => {
                let offset = err.span().map_or(0, |s| s.start);
                self.problem(
                    file,
                    offset,
                    "-".into(),
                    ProblemKind::Syntax(err.message().to_string()),
                );
                return;
            }
        };
        let mut saw_framework = false;
        for (key, value) in root.get_ref() {
            let section = key.get_ref().as_ref();
            let offset = key.span().start;
            match section {
                "framework" => {
                    saw_framework = true;
                    if is_main {
                        self.framework = self.one(file, section, value);
                    } else {
                        self.problem(
                            file,
                            offset,
                            section.into(),
                            ProblemKind::UnknownSection("framework (only in the main file)".into()),
                        );
                    }
                }
                "period" => self.period = self.one(file, section, value),
                "wuyou" => self.wuyou = self.one(file, section, value),
                "unit" => {
                    let items = self.many(file, section, value);
                    self.units.extend(items);
                }
                "field" => {
                    let items = self.many(file, section, value);
                    self.fields.extend(items);
                }
                "rule" => {
                    let items = self.many(file, section, value);
                    self.rules.extend(items);
                }
                "dimension" => {
                    let items = self.many(file, section, value);
                    self.dimensions.extend(items);
                }
                "indicator" => {
                    let items = self.many(file, section, value);
                    self.indicators.extend(items);
                }
                "bonus" => {
                    let items = self.many(file, section, value);
                    self.bonus.extend(items);
                }
                "deduction" => {
                    let items = self.many(file, section, value);
                    self.deductions.extend(items);
                }
                "veto" => {
                    let items = self.many(file, section, value);
                    self.vetoes.extend(items);
                }
                "grade" => {
                    let items = self.many(file, section, value);
                    self.grades.extend(items);
                }
                "commendation" => {
                    let items = self.many(file, section, value);
                    self.commendations.extend(items);
                }
                "maturity" => {
                    let items = self.many(file, section, value);
                    self.maturity.extend(items);
                }
                other => self.problem(
                    file,
                    offset,
                    other.into(),
                    ProblemKind::UnknownSection(other.into()),
                ),
            }
        }
        if is_main && !saw_framework {
            self.problem(file, 0, "framework".into(), ProblemKind::MissingFramework);
        }
    }

    /// Reads a single table such as `[period]`.
    fn one<T: DeserializeOwned>(
        &mut self,
        file: usize,
        section: &str,
        value: &Spanned<DeValue<'_>>,
    ) -> Option<At<T>> {
        self.item(file, section.to_string(), value)
    }

    /// Reads an array of tables such as `[[field]]`, element by element, appending to
    /// what other files of the same framework gave.
    fn many<T: DeserializeOwned>(
        &mut self,
        file: usize,
        section: &str,
        value: &Spanned<DeValue<'_>>,
    ) -> Vec<At<T>> {
        let mut items = Vec::new();
        let Some(array) = value.get_ref().as_array() else {
            self.problem(
                file,
                value.span().start,
                section.into(),
                ProblemKind::Shape(format!(
                    "`{section}` must be written as [[{section}]] tables"
                )),
            );
            return items;
        };
        for (index, element) in array.iter().enumerate() {
            let name = element
                .get_ref()
                .get("code")
                .and_then(|c| c.get_ref().as_str())
                .map_or_else(
                    || format!("{section}[{}]", index + 1),
                    |c| format!("{section}.{c}"),
                );
            match self.item(file, name, element) {
                Some(item) => items.push(item),
                None => {
                    if let Some(code) = element
                        .get_ref()
                        .get("code")
                        .and_then(|c| c.get_ref().as_str())
                    {
                        self.broken.push((section.to_string(), code.to_string()));
                    }
                }
            }
        }
        items
    }

    fn item<T: DeserializeOwned>(
        &mut self,
        file: usize,
        key: String,
        value: &Spanned<DeValue<'_>>,
    ) -> Option<At<T>> {
        match T::deserialize(value.clone().into_deserializer()) {
            Ok(item) => Some(At {
                file,
                offset: value.span().start,
                item,
            }),
            Err(err) => {
                let offset = err.span().map_or(value.span().start, |s| s.start);
                self.problem(
                    file,
                    offset,
                    key,
                    ProblemKind::Shape(err.message().to_string()),
                );
                None
            }
        }
    }
}

/// Reads a UTF-8 file (with or without a byte-order mark).
fn read_text(path: &Path) -> Result<String, LoadError> {
    let io = |source| LoadError::Io {
        path: path.display().to_string(),
        source,
    };
    let bytes = std::fs::read(path).map_err(io)?;
    String::from_utf8(bytes)
        .map_err(|e| io(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
}
