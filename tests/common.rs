//! A small harness: run the real binary in a temporary folder and look at what it did.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The result of one run of `assess`.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// A temporary working folder in which `assess` runs.
pub struct Test {
    pub dir: tempfile::TempDir,
}

impl Test {
    pub fn new() -> Test {
        Test {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Runs `assess ARGS` in the folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_assess"))
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .expect("assess runs");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Replaces `from` by `to` in a file of the folder (the text must be there).
    pub fn edit(&self, name: &str, from: &str, to: &str) {
        let path = self.path(name);
        let text = std::fs::read_to_string(&path).expect("file to edit");
        assert!(text.contains(from), "`{from}` not in {name}");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
    }
}

/// The repository root (where Cargo.toml is).
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Converts `file` with LibreOffice to `format` (pdf, xlsx, ods, xls) into `out_dir`.
/// Returns `None` (and says so) when LibreOffice is not installed on a developer
/// machine; in CI (`CI` set) a missing LibreOffice fails the test.
pub fn soffice_convert(file: &Path, format: &str, out_dir: &Path) -> Option<PathBuf> {
    let soffice = ["soffice", "libreoffice"]
        .into_iter()
        .find(|name| Command::new(name).arg("--version").output().is_ok());
    let Some(soffice) = soffice else {
        assert!(
            std::env::var_os("CI").is_none(),
            "LibreOffice (soffice) is needed for this test in CI: apt-get install libreoffice-calc-nogui"
        );
        eprintln!("skipped: LibreOffice (soffice) is not installed");
        return None;
    };
    let home = tempfile::tempdir().expect("profile folder");
    let output = Command::new(soffice)
        .env("HOME", home.path())
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            format,
            "--outdir",
        ])
        .arg(out_dir)
        .arg(file)
        .output()
        .expect("soffice runs");
    let stem = file.file_stem().expect("file name").to_string_lossy();
    let converted = out_dir.join(format!("{stem}.{format}"));
    assert!(
        converted.is_file(),
        "LibreOffice did not convert {}: {}{}",
        file.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    Some(converted)
}
