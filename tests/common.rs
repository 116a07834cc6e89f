//! A small harness: run the real binary in a temporary folder and look at what it did.

use std::collections::BTreeMap;
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

/// Copies a folder of the repository (its files, no sub-folders) into `to`
/// of the test folder.
pub fn copy_dir(t: &Test, from: &str, to: &str) {
    std::fs::create_dir_all(t.path(to)).expect("folder");
    for entry in std::fs::read_dir(repo().join(from)).expect(from) {
        let entry = entry.expect("entry");
        if entry.path().is_file() {
            std::fs::copy(entry.path(), t.path(to).join(entry.file_name())).expect("copy");
        }
    }
}

/// Every file under `dir`, searched recursively, by its path relative to
/// `dir`, with its bytes.
pub fn files_under(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("read");
                out.insert(path.strip_prefix(dir).expect("under").to_path_buf(), bytes);
            }
        }
    }
    out
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

/// Values that earn full points on every indicator of the default framework
/// for a unit of `p` people: every target doubled.
pub fn full_marks(p: f64) -> BTreeMap<&'static str, f64> {
    let per10k = |rate: f64| (rate * p / 10_000.0 * 2.0).ceil();
    let wan_per10k = |rate: f64| ((rate * p / 10_000.0 * 2.0) * 100.0).ceil() / 100.0;
    let mut v = BTreeMap::new();
    for yes in [
        "org_independent",
        "staffing_approved",
        "staff_in_post",
        "budget_included",
        "office_space",
        "council_meeting_held",
        "election_on_time",
        "disclose_receipts",
        "disclose_use",
        "disclose_feedback",
        "disclose_organisation",
        "disclose_finance",
        "disclose_audit",
    ] {
        v.insert(yes, 1.0);
    }
    v.insert("party_building_score", 3.0);
    v.insert("towns_total", 10.0);
    v.insert("towns_with_rc", 10.0);
    v.insert("villages_total", 100.0);
    v.insert("villages_with_rc", 100.0);
    v.insert("red_cross_schools", 4.0);
    v.insert("wuyou-rate", 1.0);
    v.insert("adult_members", per10k(40.0));
    v.insert("youth_members", 0.0);
    v.insert("volunteers", per10k(20.0));
    v.insert("rescue_teams", 1.0);
    v.insert("drills", 2.0);
    v.insert("relief_reserve", wan_per10k(0.5));
    v.insert("late_disaster_reports", 0.0);
    v.insert("certified_trained", per10k(20.0));
    v.insert("awareness_trained", per10k(400.0));
    v.insert("certified_cumulative", (p * 0.03 * 2.0).ceil());
    v.insert("aed_count", per10k(0.8));
    v.insert("instructors", per10k(0.6));
    v.insert("training_bases", 1.0);
    v.insert("households_aided", per10k(25.0));
    v.insert("illness_cases", per10k(2.0));
    v.insert("aid_funds", wan_per10k(2.0));
    v.insert("community_projects", 2.0);
    v.insert("blood_donations", (15.0 * p / 1000.0 * 2.0).ceil());
    v.insert("repeat_donor_rate", 0.4);
    v.insert("stem_cell_registrations", per10k(1.5));
    v.insert("organ_pledges", per10k(5.0));
    v.insert("memorial_events", 2.0);
    v.insert("donations_raised", wan_per10k(2.0));
    v.insert("online_raised", wan_per10k(0.3));
    v.insert("late_disclosures", 0.0);
    v.insert("info_adopted", 12.0);
    v.insert("media_reports", 6.0);
    v
}

/// A wide table (`unit` + one column per field, as `assess run --table` reads it) of the given units.
pub fn wide_csv(units: &[(&str, BTreeMap<&'static str, f64>)]) -> String {
    let fields: std::collections::BTreeSet<&str> =
        units.iter().flat_map(|(_, v)| v.keys().copied()).collect();
    let mut csv = format!(
        "unit,{}\n",
        fields.iter().copied().collect::<Vec<_>>().join(",")
    );
    for (code, values) in units {
        let cells: Vec<String> = fields.iter().map(|f| values[f].to_string()).collect();
        csv.push_str(&format!("{code},{}\n", cells.join(",")));
    }
    csv
}

/// Replaces a text in one part of an xlsx (the county's typed text lives in sharedStrings.xml).
pub fn edit_xlsx(path: &Path, part: &str, from: &str, to: &str) {
    use std::io::{Read, Write};
    let bytes = std::fs::read(path).expect("xlsx");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let mut found = false;
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).expect("part");
        let name = file.name().expect("part name").to_string();
        let mut content = Vec::new();
        file.read_to_end(&mut content).expect("read part");
        if name == part {
            let text = String::from_utf8(content).expect("utf-8");
            found = text.contains(from);
            content = text.replacen(from, to, 1).into_bytes();
        }
        out.start_file(name, options).expect("start");
        out.write_all(&content).expect("write");
    }
    assert!(found, "`{from}` not in {part}");
    std::fs::write(path, out.finish().expect("finish").into_inner()).expect("write xlsx");
}

/// The number format of each cell of a sheet, by Excel cell name.
pub fn number_formats(
    parts: &XlsxParts,
    sheet: &str,
) -> std::collections::BTreeMap<String, String> {
    let styles = parts.part("xl/styles.xml");
    let custom = |id: &str| -> Option<String> {
        let key = format!("numFmtId=\"{id}\" formatCode=\"");
        let at = styles.find(&key)? + key.len();
        let end = styles[at..].find('"')? + at;
        Some(styles[at..end].replace("&quot;", "\""))
    };
    let xfs = &styles[styles.find("<cellXfs").expect("cellXfs")..];
    let xfs = &xfs[..xfs.find("</cellXfs>").expect("end")];
    let formats: Vec<String> = xfs
        .split("<xf ")
        .skip(1)
        .map(|xf| {
            let id = xf
                .split("numFmtId=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap_or("0");
            match id {
                "0" => "General".to_string(),
                "1" => "0".to_string(),
                "2" => "0.00".to_string(),
                "3" => "#,##0".to_string(),
                "4" => "#,##0.00".to_string(),
                "9" => "0%".to_string(),
                "10" => "0.00%".to_string(),
                _ => custom(id).unwrap_or_else(|| format!("#{id}")),
            }
        })
        .collect();
    XlsxParts::cells(parts.sheet(sheet))
        .into_iter()
        .map(|(cell, style)| (cell, formats[style].clone()))
        .collect()
}
