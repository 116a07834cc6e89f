//! Writing output files safely: to a temporary file in the same folder, then
//! renamed into place, so a failed run never leaves a half-written file and
//! never damages the file that was there before.
//!
//! A run that is killed (the window closed, the PC switched off) while it
//! writes leaves at most a hidden `.NAME.PID.tmp` beside the file, never a
//! half-written `NAME`: each output is either the complete previous file or
//! the complete new one. Files are renamed one by one, so a run killed
//! between two of them leaves some new files beside some old ones (the run
//! prints each file it finished). The next write of the same file removes
//! such leftovers of runs that are no longer running.

use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result};

use crate::lang::Lang;

/// Whether messages about writing are in English (set once per run).
static ENGLISH: AtomicBool = AtomicBool::new(false);

/// The language of the messages of [`write_atomic`].
pub fn set_lang(lang: Lang) {
    ENGLISH.store(lang == Lang::En, Ordering::Relaxed);
}

fn lang() -> Lang {
    if ENGLISH.load(Ordering::Relaxed) {
        Lang::En
    } else {
        Lang::Zh
    }
}

/// Writes `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).with_context(|| {
        lang().pick(
            format!("无法创建文件夹 {}", dir.display()),
            format!("cannot create the folder `{}`", dir.display()),
        )
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    remove_leftovers(dir, &name);
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if let Err(err) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(err).with_context(|| {
            lang().pick(
                format!(
                    "无法写入 {}（文件是否正在 Excel 或 WPS 中打开？请关闭后重新运行；原有文件未改动）",
                    path.display()
                ),
                format!(
                    "cannot write `{}` (is it open in Excel or WPS? close it and run again; the existing file is unchanged)",
                    path.display()
                ),
            )
        });
    }
    Ok(())
}

/// Removes the temporary files `.NAME.PID.tmp` that runs killed while writing
/// `NAME` left in `dir`: those of processes that no longer run (where the
/// system says; elsewhere those untouched for an hour).
fn remove_leftovers(dir: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = file
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !running(pid, &entry.path()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether the process `pid` that wrote `temp` may still be writing it.
fn running(pid: u32, temp: &Path) -> bool {
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        return proc.join(pid.to_string()).exists();
    }
    let age = std::fs::metadata(temp)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok());
    age.is_none_or(|age| age < std::time::Duration::from_secs(3600))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_os = "linux")]
    fn leftovers_of_runs_no_longer_running_are_removed_and_others_kept() {
        let dir = tempfile::tempdir().expect("folder");
        // pid 0 never names a running process: its leftover goes
        let dead = dir.path().join(".r.xlsx.0.tmp");
        // the test runner's parent runs: a temp it may be writing now stays
        let alive = std::os::unix::process::parent_id();
        let ours = dir.path().join(format!(".r.xlsx.{alive}.tmp"));
        // another file's temp and a file that only looks similar stay
        let other = dir.path().join(".s.xlsx.0.tmp");
        let similar = dir.path().join(".r.xlsx.notes.tmp");
        for path in [&dead, &ours, &other, &similar] {
            std::fs::write(path, b"partial").expect("write");
        }
        write_atomic(&dir.path().join("r.xlsx"), b"complete").expect("write");
        assert_eq!(
            std::fs::read(dir.path().join("r.xlsx")).expect("read"),
            b"complete"
        );
        assert!(!dead.exists());
        assert!(ours.exists() && other.exists() && similar.exists());
    }
}
