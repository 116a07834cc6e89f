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
    soffice_convert_all(&[file.to_path_buf()], format, out_dir).map(|mut v| v.remove(0))
}

/// Converts several files in one LibreOffice run (starting it costs seconds).
pub fn soffice_convert_all(
    files: &[PathBuf],
    format: &str,
    out_dir: &Path,
) -> Option<Vec<PathBuf>> {
    let soffice = ["soffice", "libreoffice"]
        .into_iter()
        .find(|name| Command::new(name).arg("--version").output().is_ok());
    let Some(soffice) = soffice else {
        assert!(
            std::env::var_os("CI").is_none(),
            "LibreOffice (soffice) is needed for this test in CI: apt-get install libreoffice-calc-nogui libreoffice-writer-nogui"
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
        .args(files)
        .output()
        .expect("soffice runs");
    let mut converted = Vec::new();
    for file in files {
        let stem = file.file_stem().expect("file name").to_string_lossy();
        let target = out_dir.join(format!("{stem}.{format}"));
        assert!(
            target.is_file(),
            "LibreOffice did not convert {}: {}{}",
            file.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        converted.push(target);
    }
    Some(converted)
}

/// The parts of an xlsx that calamine does not read (protection, validation),
/// looked up in the package's XML.
pub struct XlsxParts {
    files: std::collections::BTreeMap<String, String>,
}

impl XlsxParts {
    pub fn open(path: &Path) -> XlsxParts {
        use std::io::Read;
        let file = std::fs::File::open(path).expect("xlsx");
        let mut zip = zip::ZipArchive::new(file).expect("zip");
        let mut files = std::collections::BTreeMap::new();
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).expect("entry");
            let mut text = String::new();
            if entry.read_to_string(&mut text).is_ok() {
                let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
                files.insert(name, text);
            }
        }
        XlsxParts { files }
    }

    pub fn part(&self, name: &str) -> &str {
        self.files.get(name).map_or("", String::as_str)
    }

    /// The XML of the sheet with this name.
    pub fn sheet(&self, name: &str) -> &str {
        let workbook = self.part("xl/workbook.xml");
        let at = workbook
            .find(&format!("name=\"{name}\""))
            .unwrap_or_else(|| panic!("sheet {name}"));
        let rest = &workbook[at..];
        let rid = attr(rest, "r:id").expect("r:id");
        let rels = self.part("xl/_rels/workbook.xml.rels");
        let at = rels.find(&format!("Id=\"{rid}\"")).expect("rel");
        let start = rels[..at].rfind('<').expect("tag");
        let target = attr(&rels[start..], "Target").expect("target");
        self.part(&format!("xl/{target}"))
    }

    /// Indexes of cell formats (`s` attribute) that are unlocked.
    pub fn unlocked_styles(&self) -> std::collections::BTreeSet<usize> {
        let styles = self.part("xl/styles.xml");
        let xfs = &styles[styles.find("<cellXfs").expect("cellXfs")..];
        let xfs = &xfs[..xfs.find("</cellXfs>").expect("end")];
        let mut out = std::collections::BTreeSet::new();
        for (i, xf) in xfs.split("<xf ").skip(1).enumerate() {
            let body = xf.split("</xf>").next().unwrap_or("");
            if body.contains("locked=\"0\"") {
                out.insert(i);
            }
        }
        out
    }

    /// `(cell reference, style index)` of every cell in a sheet's XML.
    pub fn cells(sheet_xml: &str) -> Vec<(String, usize)> {
        sheet_xml
            .split("<c ")
            .skip(1)
            .map(|c| {
                let r = attr(c, "r").unwrap_or_default();
                let s = attr(c, "s").and_then(|s| s.parse().ok()).unwrap_or(0);
                (r, s)
            })
            .collect()
    }

    /// `(type, sqref, formula1)` of every data validation in a sheet's XML.
    pub fn validations(sheet_xml: &str) -> Vec<(String, String, String)> {
        sheet_xml
            .split("<dataValidation ")
            .skip(1)
            .map(|v| {
                let kind = attr(v, "type").unwrap_or_default();
                let sqref = attr(v, "sqref").unwrap_or_default();
                let formula = v
                    .split("<formula1>")
                    .nth(1)
                    .and_then(|f| f.split("</formula1>").next())
                    .unwrap_or("")
                    .replace("&quot;", "\"");
                (kind, sqref, formula)
            })
            .collect()
    }
}

/// The value of `name="…"` in the first tag of `text`.
fn attr(text: &str, name: &str) -> Option<String> {
    let tag = &text[..text.find('>').unwrap_or(text.len())];
    let key = format!(" {name}=\"");
    let start = tag.find(&key).map(|i| i + key.len()).or_else(|| {
        let key = format!("{name}=\"");
        tag.starts_with(&key).then_some(key.len())
    })?;
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].to_string())
}
