//! Writing output files safely: to a temporary file in the same folder, then
//! renamed into place, so a failed run never leaves a half-written file and
//! never damages the file that was there before.

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
