//! Before anything is written: outputs never touch inputs, and every target
//! can be replaced.
//!
//! [`guard`] is called by each command with its outputs and its inputs as
//! soon as both are known — before the submissions are read — and again by
//! [`super::Plan::commit`] on the plan's targets. An output is refused when it
//! is an input file (compared after resolving `.`/`..` and symbolic links;
//! without regard to letter case on Windows and macOS, whose file systems
//! ignore it; on Unix also as the same file, which catches hard links); a
//! folder replaced whole (`--per-unit`) is refused when it is, holds or lies
//! above an input file.
//!
//! The inputs are the files a run reads: every file given by name (`--city`,
//! `--table`, `--previous-result`, the framework's files, a submission named
//! on the command line), and every spreadsheet found under the folders given
//! (`crate::intake::discover`; lock files `~$…` and files of other kinds are
//! listed by the intake but never opened). A spreadsheet found under a folder
//! that carries this tool's output stamp (`assess-kind` one of
//! [`crate::layout::OUTPUT_KINDS`]) is the tool's own earlier output, not an
//! input: replacing it is allowed (an assessment workbook written into the
//! submissions' folder, or into a folder beside it that the search for last
//! year's files looks through). Only the stamp of such a colliding file is
//! read, after the zip pre-scan (`crate::ingest::prescan`).

use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};

use anyhow::{Result, anyhow};

use super::{FEEDBACK_SUFFIX, cannot_write, lang};

/// One output: a file, or a folder replaced whole.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    File(&'a Path),
    Folder(&'a Path),
}

impl<'a> Target<'a> {
    fn path(&self) -> &'a Path {
        match self {
            Target::File(p) | Target::Folder(p) => p,
        }
    }
}

/// The input files of a command: every file it reads, as the paths given
/// name them and as they resolve.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    files: Vec<Input>,
    /// Index into `files` by resolved key.
    keys: HashMap<PathBuf, usize>,
    /// Index into `files` by (device, inode).
    ids: HashMap<(u64, u64), usize>,
}

#[derive(Debug, Clone)]
struct Input {
    shown: PathBuf,
    key: PathBuf,
    /// Found under a folder given (rather than named): may be one of the tool's own outputs.
    found: bool,
}

impl Inputs {
    /// Adds a file, or every file under a folder as the intake finds them
    /// ([`crate::intake::discover`]). A path that does not exist adds nothing
    /// (reading it fails later, with its own message).
    pub fn add(&mut self, path: &Path) -> &mut Inputs {
        let found = path.is_dir();
        let Ok(files) = crate::intake::discover(std::slice::from_ref(&path.to_path_buf())) else {
            return self;
        };
        for file in files.into_iter().filter(|f| !found || opened(f)) {
            let key = key(&file);
            if self.keys.contains_key(&key) {
                continue;
            }
            let at = self.files.len();
            if let Some(id) = file_id(&file) {
                self.ids.entry(id).or_insert(at);
            }
            self.keys.insert(key.clone(), at);
            self.files.push(Input {
                shown: file,
                key,
                found,
            });
        }
        self
    }

    /// [`Inputs::add`] for each path.
    pub fn add_all<P: AsRef<Path>>(&mut self, paths: &[P]) -> &mut Inputs {
        for path in paths {
            self.add(path.as_ref());
        }
        self
    }

    /// [`Inputs::add`] when there is a path.
    pub fn add_some(&mut self, path: Option<&Path>) -> &mut Inputs {
        if let Some(path) = path {
            self.add(path);
        }
        self
    }

    /// How many input files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The input that `path` (a file output) is, if any.
    fn file(&self, path: &Path) -> Option<&Input> {
        let at = self
            .keys
            .get(&key(path))
            .or_else(|| file_id(path).and_then(|id| self.ids.get(&id)))?;
        self.files.get(*at).filter(|i| !i.own_output())
    }

    /// The first input under the folder `path` (or the folder itself, as a file).
    fn under(&self, path: &Path) -> Option<&Input> {
        let folder = key(path);
        self.files
            .iter()
            .find(|i| i.key.starts_with(&folder) && !i.own_output())
    }
}

impl Input {
    /// Whether the file is one of this tool's own outputs found under a folder given.
    fn own_output(&self) -> bool {
        self.found && stamped_output(&self.shown)
    }
}

/// Whether the intake opens a file it finds under a folder: a spreadsheet
/// that is not an office lock file (as `crate::intake` decides).
fn opened(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    !name.starts_with("~$")
        && !name.starts_with(".~lock.")
        && ["xlsx", "xlsm", "xls", "ods"].contains(&ext.as_str())
}

/// Whether `path` is a workbook this tool wrote as an output: its
/// `assess-kind` property is one of [`crate::layout::OUTPUT_KINDS`]. Only
/// `docProps/custom.xml` is read (at most 64 KiB), after the zip pre-scan.
pub(crate) fn stamped_output(path: &Path) -> bool {
    use std::io::Read;
    if crate::ingest::prescan::scan(path).map_or(true, |p| {
        p.container != crate::ingest::prescan::Container::Zip
    }) {
        return false;
    }
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let Ok(mut zip) = zip::ZipArchive::new(file) else {
        return false;
    };
    let Ok(entry) = zip.by_name("docProps/custom.xml") else {
        return false;
    };
    let mut xml = String::new();
    if entry.take(64 * 1024).read_to_string(&mut xml).is_err() {
        return false;
    }
    let name = format!("name=\"{}\"", crate::layout::PROP_KIND);
    let Some((_, rest)) = xml.split_once(&name) else {
        return false;
    };
    let property = rest.split("</property>").next().unwrap_or("");
    property
        .split_once("<vt:lpwstr>")
        .and_then(|(_, v)| v.split_once("</vt:lpwstr>"))
        .is_some_and(|(kind, _)| crate::layout::OUTPUT_KINDS.contains(&kind))
}

/// Refuses outputs that cannot be written as asked, before anything is:
/// the same path given twice, an output inside a folder replaced whole, an
/// output that is an input, a target that is a folder where a file is
/// expected (or the other way round), a file that cannot be opened for
/// writing, a folder to be replaced that holds other files than this tool's
/// feedback workbooks.
pub fn guard(outputs: &[Target], inputs: &Inputs) -> Result<()> {
    let mut seen: HashMap<PathBuf, &Path> = HashMap::new();
    for target in outputs {
        let path = target.path();
        if let Some(first) = seen.insert(key(path), path) {
            return Err(anyhow!(lang().pick(
                format!(
                    "{} 被指定为两个输出（{} 与 {}）；请给每个输出一个不同的文件名（未改动任何文件）",
                    path.display(),
                    first.display(),
                    path.display()
                ),
                format!(
                    "`{}` is given for two outputs (`{}` and `{}`); give each output its own name (no file was changed)",
                    path.display(),
                    first.display(),
                    path.display()
                ),
            )));
        }
    }
    nested(outputs)?;
    refuse_inputs(outputs, inputs)?;
    for target in outputs {
        let path = target.path();
        let existing = std::fs::metadata(path).is_ok().then_some(path);
        replaceable(path, matches!(target, Target::Folder(_)), existing)?;
    }
    Ok(())
}

/// Refuses any output that is an input (a folder: that is, holds or lies above one).
pub(crate) fn refuse_inputs(outputs: &[Target], inputs: &Inputs) -> Result<()> {
    if inputs.is_empty() {
        return Ok(());
    }
    for target in outputs {
        match target {
            Target::File(path) => {
                if let Some(input) = inputs.file(path) {
                    return Err(anyhow!(lang().pick(
                        format!(
                            "输出文件 {} 就是输入文件 {}；为免覆盖报表，请换一个输出路径（未读取、未改动任何文件）",
                            path.display(),
                            input.shown.display()
                        ),
                        format!(
                            "the output `{}` is the input `{}`; choose another output path so that no input is overwritten (nothing was read or changed)",
                            path.display(),
                            input.shown.display()
                        ),
                    )));
                }
            }
            Target::Folder(path) => {
                if let Some(input) = inputs.under(path) {
                    return Err(anyhow!(lang().pick(
                        format!(
                            "反馈单文件夹 {} 含有输入文件 {}，而该文件夹会被整个替换；请给一个新的或空的文件夹（未读取、未改动任何文件）",
                            path.display(),
                            input.shown.display()
                        ),
                        format!(
                            "the feedback folder `{}` holds the input `{}` and would be replaced whole; give a new or empty folder (nothing was read or changed)",
                            path.display(),
                            input.shown.display()
                        ),
                    )));
                }
            }
        }
    }
    Ok(())
}

/// Refuses an output that lies inside a folder replaced whole (it would be
/// replaced with the folder).
pub(crate) fn nested(outputs: &[Target]) -> Result<()> {
    for (f, folder) in outputs.iter().enumerate() {
        if !matches!(folder, Target::Folder(_)) {
            continue;
        }
        let inside = key(folder.path());
        for (o, other) in outputs.iter().enumerate() {
            let path = other.path();
            if o == f {
                continue;
            }
            if key(path).starts_with(&inside) {
                return Err(anyhow!(lang().pick(
                    format!(
                        "{} 在反馈单文件夹 {} 之内，而该文件夹会被整个替换；请写到别处（未改动任何文件）",
                        path.display(),
                        folder.path().display()
                    ),
                    format!(
                        "`{}` lies in the feedback folder `{}`, which is replaced whole; write it elsewhere (no file was changed)",
                        path.display(),
                        folder.path().display()
                    ),
                )));
            }
        }
    }
    Ok(())
}

/// Whether an existing target (`existing`, when there is one) can be replaced
/// by a file (`folder` false) or a folder.
pub(crate) fn replaceable(shown: &Path, folder: bool, existing: Option<&Path>) -> Result<()> {
    let Some(target) = existing else {
        return Ok(());
    };
    let Ok(meta) = std::fs::metadata(target) else {
        // a dangling link: renaming replaces the link
        return Ok(());
    };
    match (folder, meta.is_dir()) {
        (false, true) => Err(anyhow!(lang().pick(
            format!(
                "无法写入 {}：这是一个文件夹；请换一个文件名，或移走这个文件夹后重新运行（未改动任何文件）",
                shown.display()
            ),
            format!(
                "cannot write `{}`: it is a folder; choose another file name, or move the folder away and run again (no file was changed)",
                shown.display()
            ),
        ))),
        (true, false) => Err(anyhow!(lang().pick(
            format!(
                "无法写入文件夹 {}：这是一个文件；请给一个新的或空的文件夹（未改动任何文件）",
                shown.display()
            ),
            format!(
                "cannot write the folder `{}`: it is a file; give a new or empty folder (no file was changed)",
                shown.display()
            ),
        ))),
        (false, false) => writable(shown, target),
        (true, true) => {
            let entries = std::fs::read_dir(target).map_err(|err| cannot_write(shown, err))?;
            let mut names: Vec<(String, bool)> = entries
                .flatten()
                .map(|e| {
                    let file = e.file_type().is_ok_and(|t| t.is_file());
                    (e.file_name().to_string_lossy().into_owned(), file)
                })
                .collect();
            names.sort();
            if let Some((foreign, _)) = names.iter().find(|(n, file)| !ours(n, *file)) {
                return Err(anyhow!(lang().pick(
                    format!(
                        "{} 中有不是本工具生成的反馈单的文件或文件夹（如 {foreign}）；反馈单文件夹会被整个替换，请给一个新的或空的文件夹（未改动任何文件）",
                        shown.display()
                    ),
                    format!(
                        "`{}` holds files or folders other than this tool's feedback workbooks (such as `{foreign}`); the feedback folder is replaced whole: give a new or empty folder (no file was changed)",
                        shown.display()
                    ),
                )));
            }
            for (name, _) in names.iter().filter(|(n, _)| n.ends_with(FEEDBACK_SUFFIX)) {
                writable(&shown.join(name), &target.join(name))?;
            }
            Ok(())
        }
    }
}

/// What a feedback folder may hold: this tool's feedback workbooks, the lock
/// files Excel, WPS and LibreOffice keep beside an open workbook, and the
/// folder-view files of Windows and macOS.
fn ours(name: &str, file: bool) -> bool {
    file && ((name.ends_with(FEEDBACK_SUFFIX) && !name.starts_with('.'))
        || name.starts_with("~$")
        || name.starts_with(".~lock.")
        || matches!(name, ".DS_Store" | "Thumbs.db" | "desktop.ini"))
}

/// An existing file can be opened for writing (without truncating it): on
/// Windows a file open in Excel fails here.
fn writable(shown: &Path, target: &Path) -> Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .open(target)
        .map(drop)
        .map_err(|err| cannot_write(shown, err))
}

/// A path to compare: resolved, in lower case where file systems ignore case.
pub(crate) fn key(path: &Path) -> PathBuf {
    let resolved = resolve(path);
    if cfg!(any(windows, target_os = "macos")) {
        PathBuf::from(resolved.to_string_lossy().to_lowercase())
    } else {
        resolved
    }
}

/// The absolute path with symbolic links, `.` and `..` resolved as far as it
/// exists, the rest appended as written.
pub(crate) fn resolve(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let mut existing = absolute.as_path();
    let mut rest: Vec<&OsStr> = Vec::new();
    loop {
        if let Ok(mut real) = existing.canonicalize() {
            for part in rest.iter().rev() {
                real.push(part);
            }
            return real;
        }
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent;
            }
            _ => return lexical(&absolute),
        }
    }
}

/// `.` and `..` removed by the letter.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The file's identity (device, inode) where the system gives one.
fn file_id(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path)
            .ok()
            .filter(std::fs::Metadata::is_file)
            .map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}
