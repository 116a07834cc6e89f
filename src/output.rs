//! Writing output files: all of a command's outputs or none, never an input.
//!
//! A command puts every file it writes into one [`Plan`] — single files, and
//! whole folders (`--per-unit DIR`, replaced whole) — and then commits it:
//!
//! 1. **prepare**: each file is written and flushed to disk as a hidden
//!    temporary file beside its target (`.NAME.PID.tmp`), each folder as a
//!    hidden temporary folder beside it (`.DIR.PID.tmp/` with all its files),
//!    as the command adds them;
//! 2. **check**, before anything is renamed: no target is a folder where a
//!    file is expected or the other way round, every existing target can be
//!    opened for writing (on Windows a file open in Excel fails here, not
//!    half-way through the renames), a folder to be replaced holds nothing but
//!    this tool's feedback workbooks and office lock files, and no target is an
//!    input of the run ([`guard`]);
//! 3. **rename**: each existing target is backed up beside itself
//!    (`.NAME.PID.old`: a hard link where the file system has them, so that
//!    the file is never missing, else a rename), then the new one is renamed
//!    into place; when a rename fails, every rename done is undone (the backups
//!    put back) and the temporaries removed; only after the last rename are
//!    the backups removed.
//!
//! Any failure gives a message naming the file and what to do, and leaves
//! nothing changed: no new file, no temporary file, no folder the plan made.
//! A plan dropped without a commit (the command failed while building its
//! outputs) removes what it prepared.
//!
//! A run that is killed leaves at most hidden files beside its targets. Killed
//! while preparing (nearly all of a run's writing time): every output is the
//! previous one, plus `.NAME.PID.tmp` files. Killed during the renames (a few
//! milliseconds): each file is whole, old or new, with `.NAME.PID.old` backups
//! of the replaced ones; a replaced folder may be missing for the instant
//! between its two renames, its previous content in `.DIR.PID.old/`. The next
//! plan that writes the same target clears these leftovers of processes that
//! no longer run: temporaries are removed, a backup is removed when its target
//! exists and **put back** when its target is missing (so that the previous
//! output is not lost; the new plan then replaces it as usual).

pub mod guard;

pub use guard::{Inputs, Target, guard};

use std::collections::HashMap;
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result, anyhow};

use crate::file_name;
use crate::lang::Lang;

/// Whether messages about writing are in English (set once per run).
static ENGLISH: AtomicBool = AtomicBool::new(false);

/// The language of the messages of [`Plan`], [`guard`] and [`write_atomic`].
pub fn set_lang(lang: Lang) {
    ENGLISH.store(lang == Lang::En, Ordering::Relaxed);
}

pub(crate) fn lang() -> Lang {
    if ENGLISH.load(Ordering::Relaxed) {
        Lang::En
    } else {
        Lang::Zh
    }
}

/// `{prefix}{part}{suffix}` as a file name, where `part` comes from data (a
/// unit's name): refused, with why and what to do, when it could be a path
/// The file name of a unit's template: `2025-正定县-核心能力评估填报表.xlsx`
/// (an error when the unit's name cannot be part of a file name).
pub fn template_file_name(year: i32, unit_name: &str) -> anyhow::Result<String> {
    data_file_name(&format!("{year}-"), unit_name, "-核心能力评估填报表.xlsx")
}

/// or a name Windows cannot hold ([`file_name::check`]).
pub fn data_file_name(prefix: &str, part: &str, suffix: &str) -> Result<String> {
    file_name::with(prefix, part, suffix).map_err(|why| {
        let english = lang() == Lang::En;
        anyhow!(
            "{}",
            lang().pick(
                format!(
                    "“{part}”不能用作文件名：它{}；请在单位名单（units.toml）中改正后重新运行（assess indicators --check 会列出所有这类名称）",
                    why.describe(english)
                ),
                format!(
                    "`{part}` cannot be used in a file name: it {}; correct it in the unit registry (units.toml) and run again (assess indicators --check lists every such name)",
                    why.describe(english)
                ),
            )
        )
    })
}

/// Writes `bytes` to `path` as a plan of one file (the sample generator's
/// way; commands put all their outputs into one [`Plan`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut plan = Plan::new(Inputs::default());
    plan.file(path, bytes)?;
    plan.commit()
}

/// The names this tool gives its feedback workbooks: `2023-正定县-评估反馈单.xlsx`.
pub const FEEDBACK_SUFFIX: &str = "-评估反馈单.xlsx";

/// Every output of one command, prepared as it is added, put in place at
/// [`Plan::commit`] all together or not at all.
pub struct Plan {
    entries: Vec<Entry>,
    /// Folders the plan created for its targets, outermost first: removed
    /// again (when empty) if the plan does not commit.
    created: Vec<PathBuf>,
    inputs: Inputs,
    /// The targets by resolved path (two outputs may not be the same file).
    keys: HashMap<PathBuf, usize>,
    /// Leftovers of killed runs in each folder of a target, by target name,
    /// listed once per folder.
    leftovers: HashMap<PathBuf, HashMap<OsString, Vec<Leftover>>>,
    done: bool,
    /// Test hook: the rename of this entry fails.
    #[cfg(test)]
    fail_rename: Option<usize>,
}

/// One target and its prepared content.
struct Entry {
    /// As given (for messages).
    shown: PathBuf,
    /// Where the target is: `dir/name`.
    target: PathBuf,
    dir: PathBuf,
    name: OsString,
    folder: bool,
    /// The prepared file or folder, `.NAME.PID.tmp`.
    temp: PathBuf,
}

/// How an existing target was backed up during the renames.
struct Backup {
    path: PathBuf,
    /// A hard link (the target stayed in place) rather than a rename.
    linked: bool,
}

impl Plan {
    /// An empty plan whose targets may not be any of `inputs`.
    pub fn new(inputs: Inputs) -> Plan {
        Plan {
            entries: Vec::new(),
            created: Vec::new(),
            inputs,
            keys: HashMap::new(),
            leftovers: HashMap::new(),
            done: false,
            #[cfg(test)]
            fail_rename: None,
        }
    }

    /// Adds the file `path` with `bytes`, written now to its temporary file.
    pub fn file(&mut self, path: &Path, bytes: &[u8]) -> Result<()> {
        let entry = self.entry(path, false)?;
        let temp = entry.temp.clone();
        self.entries.push(entry);
        write_synced(&temp, bytes).map_err(|err| cannot_write(path, err))
    }

    /// Adds the folder `path`, replaced whole by the files `files` yields
    /// (name, bytes), each written now into the temporary folder as it comes.
    pub fn folder<I>(&mut self, path: &Path, files: I) -> Result<()>
    where
        I: IntoIterator<Item = Result<(String, Vec<u8>)>>,
    {
        let entry = self.entry(path, true)?;
        let temp = entry.temp.clone();
        self.entries.push(entry);
        std::fs::create_dir(&temp).map_err(|err| cannot_write(path, err))?;
        for file in files {
            let (name, bytes) = file?;
            write_synced(&temp.join(&name), &bytes)
                .map_err(|err| cannot_write(&path.join(&name), err))?;
        }
        sync_dir(&temp);
        Ok(())
    }

    /// The targets added so far, in order.
    pub fn targets(&self) -> Vec<Target<'_>> {
        self.entries
            .iter()
            .map(|e| {
                if e.folder {
                    Target::Folder(&e.shown)
                } else {
                    Target::File(&e.shown)
                }
            })
            .collect()
    }

    /// A new entry for `path`: its folder made, leftovers of killed runs cleared.
    fn entry(&mut self, path: &Path, folder: bool) -> Result<Entry> {
        let (dir, name) = split(path);
        let key = guard::key(path);
        if let Some(other) = self.keys.get(&key).map(|i| &self.entries[*i]) {
            return Err(anyhow!(lang().pick(
                format!(
                    "{} 被指定为两个输出（{} 与 {}）；请给每个输出一个不同的文件名（未改动任何文件）",
                    path.display(),
                    other.shown.display(),
                    path.display()
                ),
                format!(
                    "`{}` is given for two outputs (`{}` and `{}`); give each output its own name (no file was changed)",
                    path.display(),
                    other.shown.display(),
                    path.display()
                ),
            )));
        }
        self.keys.insert(key, self.entries.len());
        self.make_dir(&dir)?;
        let found = self
            .leftovers
            .entry(dir.clone())
            .or_insert_with(|| leftovers(&dir))
            .remove(&name)
            .unwrap_or_default();
        clear(&dir.join(&name), found);
        let mut temp_name = OsString::from(".");
        temp_name.push(&name);
        temp_name.push(format!(".{}.tmp", std::process::id()));
        let temp = dir.join(temp_name);
        remove_any(&temp);
        Ok(Entry {
            shown: path.to_path_buf(),
            target: dir.join(&name),
            dir,
            name,
            folder,
            temp,
        })
    }

    /// Creates `dir` and the folders above it that are missing, remembering them.
    fn make_dir(&mut self, dir: &Path) -> Result<()> {
        let mut missing = Vec::new();
        let mut at = Some(dir);
        while let Some(d) = at.filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
            missing.push(d.to_path_buf());
            at = d.parent();
        }
        for d in missing.into_iter().rev() {
            if let Err(err) = std::fs::create_dir(&d)
                && !d.is_dir()
            {
                return Err(err).with_context(|| {
                    lang().pick(
                        format!("无法创建文件夹 {}（未改动任何文件）", d.display()),
                        format!(
                            "cannot create the folder `{}` (no file was changed)",
                            d.display()
                        ),
                    )
                });
            }
            self.created.push(d);
        }
        Ok(())
    }

    /// Checks every target, then renames all into place, or none.
    pub fn commit(mut self) -> Result<()> {
        self.check()?;
        let mut backups: Vec<Option<Backup>> = Vec::new();
        for (i, entry) in self.entries.iter().enumerate() {
            match self.place(i, entry) {
                Ok(backup) => backups.push(backup),
                Err((err, backup)) => {
                    // the entry that failed has its backup made, the new one not in place
                    let mut trouble = Vec::new();
                    if let Some(b) = backup {
                        trouble.extend(restore(entry, &b, false));
                    }
                    for (done, b) in self.entries[..i].iter().zip(&backups).rev() {
                        trouble.extend(undo(done, b.as_ref()));
                    }
                    return Err(self.failed(entry, err, &trouble));
                }
            }
        }
        for (entry, backup) in self.entries.iter().zip(&backups) {
            if let Some(b) = backup {
                remove_any(&b.path);
            }
            sync_dir(&entry.dir);
        }
        self.done = true;
        Ok(())
    }

    /// Step 2: whether every target can be replaced.
    fn check(&self) -> Result<()> {
        guard::refuse_inputs(&self.targets(), &self.inputs)?;
        guard::nested(&self.targets())?;
        for entry in &self.entries {
            guard::replaceable(
                &entry.shown,
                entry.folder,
                Some(entry.target.as_path()).filter(|t| t.exists()),
            )?;
            if !entry.temp.exists() {
                return Err(cannot_write(
                    &entry.shown,
                    std::io::Error::new(std::io::ErrorKind::NotFound, "temporary file removed"),
                ));
            }
        }
        Ok(())
    }

    /// Step 3 for one entry: backs up the existing target, renames the new one in.
    /// On failure, the backup made (if any) is returned to be put back.
    fn place(
        &self,
        i: usize,
        entry: &Entry,
    ) -> std::result::Result<Option<Backup>, (std::io::Error, Option<Backup>)> {
        let backup = if entry.target.symlink_metadata().is_ok() {
            let mut name = OsString::from(".");
            name.push(&entry.name);
            name.push(format!(".{}.old", std::process::id()));
            let path = entry.dir.join(name);
            remove_any(&path);
            let linked = !entry.folder && std::fs::hard_link(&entry.target, &path).is_ok();
            if !linked && let Err(err) = std::fs::rename(&entry.target, &path) {
                return Err((err, None));
            }
            Some(Backup { path, linked })
        } else {
            None
        };
        #[cfg(test)]
        if self.fail_rename == Some(i) {
            return Err((std::io::Error::other("injected failure"), backup));
        }
        #[cfg(not(test))]
        let _ = i;
        match std::fs::rename(&entry.temp, &entry.target) {
            Ok(()) => Ok(backup),
            Err(err) => Err((err, backup)),
        }
    }

    /// The message of a failed rename, after everything was undone.
    fn failed(&self, entry: &Entry, err: std::io::Error, trouble: &[String]) -> anyhow::Error {
        let base = cannot_write(&entry.shown, err);
        if trouble.is_empty() {
            return base;
        }
        anyhow!(
            "{base:#}\n{}",
            lang().pick(
                format!("还原时出错，请手工处理：{}", trouble.join("；")),
                format!("undoing failed, please see to it: {}", trouble.join("; ")),
            )
        )
    }
}

impl Drop for Plan {
    /// A plan that did not commit (or whose commit failed) leaves nothing behind.
    fn drop(&mut self) {
        if self.done {
            return;
        }
        for entry in &self.entries {
            remove_any(&entry.temp);
        }
        for dir in self.created.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// Puts a backup back after the new entry was (`placed`) or was not renamed in.
/// Returns what could not be done.
fn restore(entry: &Entry, backup: &Backup, placed: bool) -> Option<String> {
    let result = if backup.linked && !placed {
        // the target never moved
        std::fs::remove_file(&backup.path)
    } else if entry.folder && placed {
        // a folder cannot be renamed onto another: move the new one aside first
        std::fs::rename(&entry.target, &entry.temp)
            .and_then(|()| std::fs::rename(&backup.path, &entry.target))
    } else {
        std::fs::rename(&backup.path, &entry.target)
    };
    result.err().map(|err| {
        lang().pick(
            format!(
                "{} 的原有内容在 {}（{err}）",
                entry.shown.display(),
                backup.path.display()
            ),
            format!(
                "the previous `{}` is in `{}` ({err})",
                entry.shown.display(),
                backup.path.display()
            ),
        )
    })
}

/// Undoes the rename of an entry that was put in place.
fn undo(entry: &Entry, backup: Option<&Backup>) -> Option<String> {
    match backup {
        Some(b) => restore(entry, b, true),
        None => {
            let result = if entry.folder {
                std::fs::remove_dir_all(&entry.target)
            } else {
                std::fs::remove_file(&entry.target)
            };
            result.err().map(|err| {
                lang().pick(
                    format!("无法删除新写入的 {}（{err}）", entry.shown.display()),
                    format!("cannot remove the new `{}` ({err})", entry.shown.display()),
                )
            })
        }
    }
}

/// The folder and the name of a target (`.` and `..` resolved first, which have no name).
fn split(path: &Path) -> (PathBuf, OsString) {
    let named = match path.file_name() {
        Some(_) => path.to_path_buf(),
        None => guard::resolve(path),
    };
    let name = named.file_name().map(OsString::from).unwrap_or_default();
    let dir = match named.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    (dir, name)
}

/// "cannot write X: why": the message of a target that cannot be written,
/// with its real cause ([`crate::lang::io_cause`]: Excel or WPS only where
/// a file open in them can be the cause).
pub(crate) fn cannot_write(path: &Path, err: std::io::Error) -> anyhow::Error {
    let lang = lang();
    let cause = crate::lang::io_cause(&err, lang);
    anyhow::anyhow!(lang.pick(
        format!("无法写入 {}：{cause}；原有文件均未改动", path.display()),
        format!(
            "cannot write `{}`: {cause}; no existing file was changed",
            path.display()
        ),
    ))
}

/// Writes `bytes` to `path` and flushes them to the disk.
fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Flushes a folder's entries (its renames) to the disk, where the system allows.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Removes a file or a folder with all it holds, if there is one.
fn remove_any(path: &Path) {
    match path.symlink_metadata() {
        Ok(m) if m.is_dir() => {
            let _ = std::fs::remove_dir_all(path);
        }
        Ok(_) => {
            let _ = std::fs::remove_file(path);
        }
        Err(_) => {}
    }
}

/// A hidden file or folder a killed run left: `.NAME.PID.tmp` or `.NAME.PID.old`.
struct Leftover {
    path: PathBuf,
    /// A backup (`.old`) rather than a temporary (`.tmp`).
    backup: bool,
}

/// What runs killed while writing into `dir` left there, by target name:
/// those of processes that no longer run (where the system says; elsewhere
/// those untouched for an hour).
fn leftovers(dir: &Path) -> HashMap<OsString, Vec<Leftover>> {
    let mut out: HashMap<OsString, Vec<Leftover>> = HashMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix('.') else {
            continue;
        };
        let (rest, backup) = match (rest.strip_suffix(".tmp"), rest.strip_suffix(".old")) {
            (Some(rest), _) => (rest, false),
            (_, Some(rest)) => (rest, true),
            _ => continue,
        };
        let Some((name, pid)) = rest.rsplit_once('.') else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if pid != std::process::id() && !running(pid, &entry.path()) {
            out.entry(OsString::from(name)).or_default().push(Leftover {
                path: entry.path(),
                backup,
            });
        }
    }
    for found in out.values_mut() {
        found.sort_by(|a, b| a.path.cmp(&b.path));
    }
    out
}

/// Clears the leftovers of `target`: temporaries are removed; a backup is
/// removed when the target exists and renamed back to it when it does not
/// (the run was killed between the two renames of a folder: the backup is
/// the previous output).
fn clear(target: &Path, found: Vec<Leftover>) {
    for leftover in found {
        if leftover.backup && target.symlink_metadata().is_err() {
            let _ = std::fs::rename(&leftover.path, target);
        } else {
            remove_any(&leftover.path);
        }
    }
}

/// Whether the process `pid` that wrote `temp` may still be writing it.
fn running(pid: u32, temp: &Path) -> bool {
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        return proc.join(pid.to_string()).exists();
    }
    let age = std::fs::symlink_metadata(temp)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok());
    age.is_none_or(|age| age < std::time::Duration::from_secs(3600))
}

#[cfg(test)]
mod tests;
