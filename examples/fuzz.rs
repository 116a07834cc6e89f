//! A mutation fuzzer for the workbook reader and the intake that runs on stable Rust.
//!
//! cargo-fuzz needs nightly. This fuzzer does the same job with the toolchain we have. It
//! takes a corpus (the samples, templates written by `assess template`, and
//! xls/ods copies made by LibreOffice when it is installed) and mutates each
//! file. A zip file (xlsx, xlsm, ods) is mutated from the inside: one of its parts, such as
//! `xl/worksheets/sheet1.xml` or `xl/sharedStrings.xml`, is changed as text
//! (bytes flipped, numbers made huge, cell types and references changed, tags
//! broken, elements repeated thousands of times). Then the zip is written again
//! with correct checksums, so the change reaches the parser and is not stopped by a CRC
//! check. Other files, and sometimes a zip as a whole, have their raw bytes
//! mutated, including the zip's own size, offset and count fields.
//!
//! The fuzzer checks the real program on every mutant:
//!
//! - **the parent**: `assess validate BATCH` on a folder of mutants, exactly as
//!   the office runs it. It must end with exit 0 or 1: not a signal, not a
//!   panic's 101, not 2 ("could not run"). It must finish within files × 20 s + slack
//!   and within 30 s of what reading its files took (its own work is quick),
//!   print nothing about a panic, and print a summary `找到 N 个文件 = 读取 a +
//!   拒收 b + 跳过 c` where the parts add up to N and N is the number of files in the folder;
//! - **the child**: `assess read-one FILE` on each mutant. The contract is exit 0
//!   with a JSON answer. Anything else (a panic, running out of memory, a
//!   timeout) is acceptable only when the parent reported that file, with an
//!   error, as unreadable.
//!
//! A failing input is copied to `--out` with a note that says what failed and
//! how to reproduce it. Outcomes the reader survives but that are worth a look
//! (a panic caught inside calamine, a child that ran out of memory) are kept
//! in `--out/reader/`, a few of each kind. `--minimize FILE` shrinks a kept
//! input while it still fails the same way.
//!
//! ```sh
//! cargo build --release && cp target/release/assess /tmp/assess-fuzz
//! cargo run --release --example fuzz -- --assess /tmp/assess-fuzz \
//!     --minutes 10 --corpus samples --out fuzz-findings
//! cargo run --release --example fuzz -- --assess /tmp/assess-fuzz \
//!     --minimize fuzz-findings/parent/…/input.xlsx
//! ```
//!
//! The random numbers come from SplitMix64, with the seed printed at start
//! (`--seed` repeats a run, given the same corpus and binary).

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use clap::Parser;
use county_assess::ingest::{RawWorkbook, ReadError};

/// Fuzz `assess validate` and `assess read-one` with mutated workbooks.
#[derive(Debug, Parser)]
#[command(name = "fuzz")]
struct Args {
    /// How long to run, in minutes.
    #[arg(long, default_value_t = 10.0)]
    minutes: f64,

    /// Files or folders of seed workbooks (searched recursively; repeatable).
    #[arg(long, value_name = "PATH", default_value = "samples")]
    corpus: Vec<PathBuf>,

    /// Where failing and noteworthy inputs are copied, each with a note.
    #[arg(long, value_name = "DIR", default_value = "fuzz-findings")]
    out: PathBuf,

    /// The `assess` binary to run. Use a copy outside target/, so that a rebuild
    /// during the run does not replace it. Defaults to `ASSESS_BIN`, then to the
    /// `assess` next to this example's binary.
    #[arg(long, value_name = "FILE")]
    assess: Option<PathBuf>,

    /// Seed of the random numbers (default: from the clock, printed).
    #[arg(long)]
    seed: Option<u64>,

    /// Mutants per `assess validate` run.
    #[arg(long, default_value_t = 12)]
    batch: usize,

    /// Do not add templates written by `assess template` to the corpus.
    #[arg(long)]
    no_templates: bool,

    /// Do not add xls and ods copies made by LibreOffice to the corpus.
    #[arg(long)]
    no_soffice: bool,

    /// Shrink this input while it fails the same way, write FILE.min.EXT, and stop.
    #[arg(long, value_name = "FILE")]
    minimize: Option<PathBuf>,

    /// How long `--minimize` may take, in seconds.
    #[arg(long, default_value_t = 300)]
    minimize_seconds: u64,
}

/// The child's time limit in `isolate.rs`. The parent kills a reader after this long.
const READ_SECONDS: u64 = 20;
/// Slack on top of the time limits: process start-up and a loaded machine.
const SLACK: Duration = Duration::from_secs(30);
/// Largest part a mutation may grow, so that a run tries many inputs rather than a few huge ones.
const MAX_PART: usize = 24 << 20;

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(0) => std::process::ExitCode::SUCCESS,
        Ok(_) => std::process::ExitCode::from(1),
        Err(err) => {
            eprintln!("fuzz: {err}");
            std::process::ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> Result<usize, String> {
    let assess = assess_binary(args)?;
    let work = tempfile::Builder::new()
        .prefix("assess-fuzz-")
        .tempdir()
        .map_err(|e| format!("temporary folder: {e}"))?;
    if let Some(file) = &args.minimize {
        return minimize(&assess, file, work.path(), args.minimize_seconds).map(|()| 0);
    }
    let seed = args.seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_secs() ^ u64::from(d.subsec_nanos()))
    });
    let mut rng = Rng(seed);
    let seeds = corpus(args, &assess, work.path())?;
    let zips = seeds.iter().filter(|s| s.parts.is_some()).count();
    println!(
        "fuzz: seed {seed}; {} seed files ({zips} zip, {} other); {} × {} min against {}",
        seeds.len(),
        seeds.len() - zips,
        args.batch,
        args.minutes,
        assess.display()
    );
    std::fs::create_dir_all(&args.out).map_err(|e| format!("{}: {e}", args.out.display()))?;

    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(args.minutes.max(0.0) * 60.0);
    let mut stats = Stats::default();
    let mut last_report = Instant::now();
    let mut round = 0_u64;
    while Instant::now() < deadline {
        round += 1;
        let dir = work.path().join(format!("round-{round}"));
        let this_year = dir.join("本年");
        std::fs::create_dir_all(&this_year).map_err(|e| e.to_string())?;
        let mut files = Vec::new();
        for i in 0..args.batch {
            let mutant = mutate(&mut rng, &seeds);
            let name = format!("{i:02}-{}.{}", mutant.stem, mutant.ext);
            let name = name.trim_end_matches('.').to_string();
            let path = this_year.join(&name);
            std::fs::write(&path, &mutant.bytes).map_err(|e| e.to_string())?;
            files.push((path, mutant));
        }
        // Sometimes last year's folder beside it, also mutated: read quietly for running totals.
        let mut previous = 0;
        if rng.below(4) == 0 {
            let last_year = dir.join("上年");
            std::fs::create_dir_all(&last_year).map_err(|e| e.to_string())?;
            for i in 0..3 {
                let mutant = mutate(&mut rng, &seeds);
                let path = last_year.join(format!("{i:02}-{}.{}", mutant.stem, mutant.ext));
                std::fs::write(&path, &mutant.bytes).map_err(|e| e.to_string())?;
                previous += 1;
            }
        }

        // the child, file by file
        let mut answers = Vec::new();
        let mut reading = Duration::from_secs(READ_SECONDS * previous as u64);
        for (path, _) in &files {
            let started = Instant::now();
            let outcome = read_one(&assess, path);
            reading += started.elapsed();
            stats.count(&outcome);
            answers.push(outcome);
        }
        // the parent, on the whole folder
        let bound = Duration::from_secs(READ_SECONDS * (files.len() + previous) as u64) + SLACK;
        let parent = validate(&assess, &dir, &this_year, bound, previous > 0);
        stats.inputs += files.len();
        stats.parent_runs += 1;
        let problems = check_parent(&parent, &files, &answers, &this_year, reading);

        for ((path, mutant), answer) in files.iter().zip(&answers) {
            if let Some(signature) = answer.noteworthy() {
                let note = format!(
                    "what: the reader (assess read-one) — {}\nthe parent reported it: {}\n",
                    answer.describe(),
                    parent.reported(path)
                );
                keep(
                    &args.out, "reader", &signature, path, mutant, &note, seed, round, &mut stats,
                );
            }
        }
        if !problems.is_empty() {
            stats.parent_failures += 1;
            let signature = problems.join("; ");
            println!("round {round}: PARENT FAILURE: {signature}");
            let culprits = isolate_culprits(&assess, &files, work.path(), round, &problems);
            let details = format!(
                "what: the parent (assess validate)\nproblems:\n  {}\nexit: {}\ntook: {:.1} s (bound {} s)\nstdout (end):\n{}\nstderr (end):\n{}\n",
                problems.join("\n  "),
                parent.ending,
                parent.took.as_secs_f64(),
                bound.as_secs(),
                tail(&parent.text(), 3000),
                tail(&parent.stderr, 3000)
            );
            if culprits.is_empty() {
                let kept = args.out.join("parent").join(format!("round-{round}-batch"));
                copy_dir(&dir, &kept)?;
                std::fs::write(kept.join("NOTE.txt"), format!("{details}\nno single file reproduces it alone: the whole folder is kept; run `assess validate` on its 本年 folder\n"))
                    .map_err(|e| e.to_string())?;
                println!("  kept the folder as {}", kept.display());
            }
            for (index, problem) in culprits {
                let (path, mutant) = &files[index];
                let note = format!("{details}\nalone in a folder, this file gives: {problem}\n");
                keep(
                    &args.out, "parent", &problem, path, mutant, &note, seed, round, &mut stats,
                );
            }
            // keep the folder for a look
        } else {
            let _ = std::fs::remove_dir_all(&dir);
        }
        if last_report.elapsed() > Duration::from_secs(30) {
            last_report = Instant::now();
            println!("{}", stats.line(started.elapsed()));
        }
    }
    println!("{}", stats.summary(started.elapsed(), seed, &args.out));
    Ok(stats.parent_failures)
}

/// The `assess` to run: `--assess`, `ASSESS_BIN`, or the one beside this example.
fn assess_binary(args: &Args) -> Result<PathBuf, String> {
    let from_env = std::env::var_os("ASSESS_BIN").map(PathBuf::from);
    let path = match args.assess.clone().or(from_env) {
        Some(path) => path,
        None => {
            let exe = std::env::current_exe().map_err(|e| e.to_string())?;
            // target/release/examples/fuzz → target/release/assess
            let dir = exe.parent().and_then(Path::parent).ok_or("no folder")?;
            dir.join(format!("assess{}", std::env::consts::EXE_SUFFIX))
        }
    };
    let path = std::path::absolute(&path).map_err(|e| e.to_string())?;
    if !path.is_file() {
        return Err(format!(
            "no assess binary at {}; build it (cargo build --release) and pass --assess",
            path.display()
        ));
    }
    Ok(path)
}

// ---------------------------------------------------------------------------
// random numbers

/// SplitMix64: small, fast, and good enough to choose mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when n is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A length: mostly small, sometimes large.
    fn length(&mut self, max: usize) -> usize {
        let cap = match self.below(10) {
            0..=5 => 16,
            6..=8 => 512,
            _ => max,
        };
        1 + self.below(cap.min(max).max(1))
    }
}

// ---------------------------------------------------------------------------
// the corpus

/// One seed file; a zip's parts unpacked once.
struct Seed {
    stem: String,
    ext: String,
    bytes: Vec<u8>,
    parts: Option<Vec<Part>>,
}

#[derive(Clone)]
struct Part {
    name: String,
    data: Vec<u8>,
    deflate: bool,
}

fn corpus(args: &Args, assess: &Path, work: &Path) -> Result<Vec<Seed>, String> {
    let mut files = Vec::new();
    for path in &args.corpus {
        collect(path, &mut files);
    }
    let seeds_dir = work.join("seeds");
    if !args.no_templates {
        let out = seeds_dir.join("templates");
        let status = Command::new(assess)
            .args([
                "template", "--year", "2025", "--unit", "130123", "--unit", "130102", "--out",
            ])
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        if status.is_ok_and(|s| s.success()) {
            collect(&out, &mut files);
        } else {
            println!("fuzz: `assess template` failed; going on without templates");
        }
    }
    if !args.no_soffice
        && let Some(first) = files
            .iter()
            .find(|f| f.extension().is_some_and(|e| e == "xlsx"))
    {
        let out = seeds_dir.join("converted");
        let _ = std::fs::create_dir_all(&out);
        for format in ["xls", "ods"] {
            let home = seeds_dir.join("soffice-home");
            let converted = Command::new("soffice")
                .env("HOME", &home)
                .args([
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    format,
                    "--outdir",
                ])
                .arg(&out)
                .arg(first)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
            if !converted.is_ok_and(|s| s.success()) {
                println!("fuzz: LibreOffice is not available; no {format} seeds");
            }
        }
        collect(&out, &mut files);
    }
    let mut seeds = Vec::new();
    for path in files {
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let parts = unzip(&bytes);
        seeds.push(Seed {
            stem,
            ext,
            bytes,
            parts,
        });
    }
    // a hand-made ods and an OLE header, so that those readers are reached even without LibreOffice
    seeds.push(Seed {
        stem: "手工".into(),
        ext: "ods".into(),
        bytes: small_ods(),
        parts: unzip(&small_ods()),
    });
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(2048, 0);
    seeds.push(Seed {
        stem: "ole".into(),
        ext: "xls".into(),
        bytes: ole,
        parts: None,
    });
    if seeds.len() < 3 {
        return Err("the corpus holds no workbooks; pass --corpus samples".to_string());
    }
    Ok(seeds)
}

/// Every spreadsheet file under a path.
fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else {
            return;
        };
        let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for entry in entries {
            collect(&entry, out);
        }
    } else if path.extension().is_some_and(|e| {
        let e = e.to_string_lossy().to_lowercase();
        ["xlsx", "xlsm", "xls", "ods"].contains(&e.as_str())
    }) {
        out.push(path.to_path_buf());
    }
}

fn small_ods() -> Vec<u8> {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet><table:table table:name="填报说明">
<table:table-row><table:table-cell office:value-type="string"><text:p>单位代码</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="130123"><text:p>130123</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="4" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell table:formula="of:=[.B1]*2" office:value-type="float" office:value="260246"><text:p>260246</text:p></table:table-cell></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"#;
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"#;
    rezip(&[
        Part {
            name: "mimetype".into(),
            data: b"application/vnd.oasis.opendocument.spreadsheet".to_vec(),
            deflate: false,
        },
        Part {
            name: "META-INF/manifest.xml".into(),
            data: manifest.as_bytes().to_vec(),
            deflate: true,
        },
        Part {
            name: "content.xml".into(),
            data: content.as_bytes().to_vec(),
            deflate: true,
        },
    ])
}

fn unzip(bytes: &[u8]) -> Option<Vec<Part>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut parts = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).ok()?;
        let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        let deflate = entry.compression() != zip::CompressionMethod::Stored;
        let mut data = Vec::new();
        entry.read_to_end(&mut data).ok()?;
        parts.push(Part {
            name,
            data,
            deflate,
        });
    }
    Some(parts)
}

/// The parts zipped again, with correct sizes and checksums. A part the zip
/// writer refuses (a repeated name) is left out.
fn rezip(parts: &[Part]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for part in parts {
        let method = if part.deflate {
            zip::CompressionMethod::Deflated
        } else {
            zip::CompressionMethod::Stored
        };
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(method)
            .large_file(part.data.len() > u32::MAX as usize);
        if zip.start_file(part.name.clone(), options).is_ok() {
            let _ = zip.write_all(&part.data);
        }
    }
    zip.finish().map(Cursor::into_inner).unwrap_or_default()
}

// ---------------------------------------------------------------------------
// mutations

/// A mutated file and how it was made.
struct Mutant {
    stem: String,
    ext: String,
    bytes: Vec<u8>,
    /// The seed and every mutation applied, for the note.
    ops: Vec<String>,
}

fn mutate(rng: &mut Rng, seeds: &[Seed]) -> Mutant {
    let seed = rng.pick(seeds);
    let mut ops = vec![format!("seed {}.{}", seed.stem, seed.ext)];
    let mut ext = seed.ext.clone();
    let choice = rng.below(100);
    let mut bytes = match (&seed.parts, choice) {
        (Some(parts), 0..=69) => {
            let mut parts = parts.clone();
            let rounds = 1 + rng.below(2);
            for _ in 0..rounds {
                if rng.below(6) == 0 {
                    ops.push(mutate_parts(rng, &mut parts, seeds));
                } else {
                    let index = pick_part(rng, &parts);
                    let name = parts[index].name.clone();
                    let count = 1 + rng.below(2);
                    for _ in 0..count {
                        let op = mutate_text(rng, &mut parts[index].data);
                        ops.push(format!("{name}: {op}"));
                    }
                }
            }
            rezip(&parts)
        }
        (_, 70..=71) => {
            let (bytes, op) = synthetic(rng);
            ops.push(op);
            bytes
        }
        _ => seed.bytes.clone(),
    };
    // raw bytes: always for a file that is not a zip, sometimes on top of a zip's rezip
    if seed.parts.is_none() || choice >= 72 || rng.below(10) == 0 {
        let count = 1 + rng.below(4);
        for _ in 0..count {
            ops.push(mutate_bytes(rng, &mut bytes));
        }
    }
    if rng.below(25) == 0 {
        ext = (*rng.pick(&["xlsx", "xlsm", "xls", "ods", "XLSX", "et", "csv", ""])).to_string();
        ops.push(format!("named .{ext}"));
    }
    Mutant {
        stem: seed.stem.chars().take(24).collect(),
        ext,
        bytes,
        ops,
    }
}

/// A part to mutate: mostly worksheets, shared strings and the workbook.
fn pick_part(rng: &mut Rng, parts: &[Part]) -> usize {
    let weight = |name: &str| -> usize {
        if name.starts_with("xl/worksheets/sheet") || name == "content.xml" {
            10
        } else if name.contains("sharedStrings") {
            6
        } else if name == "xl/workbook.xml" || name.ends_with("custom.xml") {
            3
        } else if name.ends_with(".rels") || name.contains("styles") {
            2
        } else {
            1
        }
    };
    let total: usize = parts.iter().map(|p| weight(&p.name)).sum();
    let mut at = rng.below(total);
    for (i, part) in parts.iter().enumerate() {
        let w = weight(&part.name);
        if at < w {
            return i;
        }
        at -= w;
    }
    0
}

/// Numbers that break assumptions: 32- and 64-bit edges, Excel's edges, floats.
#[rustfmt::skip]
const NUMBERS: &[&str] = &[
    "0", "-1", "1", "65535", "65536", "1048575", "1048576", "1048577", "16383", "16384",
    "2147483647", "2147483648", "4294967295", "4294967296", "-2147483649",
    "9223372036854775807", "18446744073709551615", "18446744073709551616",
    "99999999999999999999999", "1e308", "1e309", "-1e309", "NaN", "inf", "-0", "0.5",
    "1.7976931348623157e308", "4.9e-324", "2958466", "-693594", "60", "1e", "--1", "",
];

/// Attribute values that break assumptions: references, paths, types, text.
#[rustfmt::skip]
const VALUES: &[&str] = &[
    "", "A1", "XFD1048576", "XFE1", "A0", "A1048577", "ZZZZ9999999", "a1", "1A", "A-1",
    "A1:XFD1048576", "B2:A1", "A1:A1", "$A$1", "Sheet1!A1", "s", "str", "inlineStr", "b", "e",
    "n", "d", "x", "/xl/worksheets/sheet1.xml", "../../../../etc/passwd",
    "worksheets/sheet99.xml", "http://example.com/a.xml", "rId999", "true", "1", "hidden",
    "veryHidden", "&amp;", "&lt;", "&#0;", "&#x110000;", "&bogus;", "\u{0}", "\u{FEFF}", "单位代码",
    "填报说明", "基层组织", "assess-unit-code", "assess-year",
];

/// Text inserted to break the XML.
#[rustfmt::skip]
const BREAKERS: &[&str] = &[
    "<", ">", "</", "/>", "<c>", "</c>", "<row>", "</row>", "</sheetData>", "<sheetData>",
    "<v>", "</v>", "<f>", "<is><t>x</t></is>", "]]>", "<![CDATA[", "<!--", "-->", "&#0;",
    "&bogus;", "&#x110000;", "\u{FF}\u{FE}", "<?xml version=\"1.0\"?>",
    "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>",
    "&a;&b;", "\"", "'", "=", "xmlns:x=\"", "<c r=\"XFD1048576\"><v>1</v></c>",
    "<mergeCell ref=\"A1:XFD1048576\"/>", "<c r=\"A1\" t=\"s\"><v>4294967295</v></c>",
    "<c r=\"A1\" t=\"e\"><v>#BOGUS!</v></c>", "<c r=\"A1\" t=\"d\"><v>not a date</v></c>",
];

/// Elements repeated to grow a sheet: rows, cells, merged areas, strings.
#[rustfmt::skip]
const ELEMENTS: &[&str] = &[
    "row", "c", "mergeCell", "si", "sheet", "Relationship", "property", "dataValidation", "f",
    "v", "table:table-row", "table:table-cell", "table:table", "col", "numFmt", "xf",
];

/// One change to a part's text.
fn mutate_text(rng: &mut Rng, data: &mut Vec<u8>) -> String {
    if data.is_empty() {
        data.extend_from_slice(rng.pick(BREAKERS).as_bytes());
        return "filled an empty part".to_string();
    }
    // a third of the changes break the XML; the rest keep it well-formed, so
    // that the mutant gets past the parser into the reading of cells (and,
    // in the parent, into the checks of the values)
    match rng.below(23) {
        0 => {
            let n = 1 + rng.below(8);
            for _ in 0..n {
                let at = rng.below(data.len());
                data[at] ^= 1 << rng.below(8);
            }
            format!("flipped {n} bits")
        }
        1 => {
            let at = rng.below(data.len());
            data[at] = *rng.pick(&[
                0, 0xFF, b'<', b'>', b'"', b'&', b'/', b'0', b'9', 0x80, 0xC0,
            ]);
            format!("set byte {at}")
        }
        2 => {
            let at = rng.below(data.len());
            data.truncate(at);
            format!("truncated at {at}")
        }
        3 => {
            let at = rng.below(data.len());
            let len = rng.length(data.len() - at);
            data.drain(at..at + len);
            format!("deleted {len} bytes at {at}")
        }
        4 => {
            let from = rng.below(data.len());
            let len = rng.length(data.len() - from);
            let span = data[from..from + len].to_vec();
            let at = rng.below(data.len() + 1);
            data.splice(at..at, span);
            format!("copied {len} bytes from {from} to {at}")
        }
        5 => {
            let breaker = rng.pick(BREAKERS);
            let at = after_a_tag(rng, data);
            data.splice(at..at, breaker.bytes());
            format!("inserted {breaker:?} at {at}")
        }
        6 => {
            // a tag's angle bracket removed
            let brackets = find_all(data, b"<");
            if brackets.is_empty() {
                return "no tag".to_string();
            }
            let at = *rng.pick(&brackets);
            data.remove(at);
            format!("removed `<` at {at}")
        }
        7 | 8 => replace_number(rng, data),
        9 | 10 => replace_attribute(rng, data),
        11 | 12 => change_cell_type(rng, data),
        13..=15 => repeat_element(rng, data),
        16 => strip_references(rng, data),
        17 => shift_rows(rng, data),
        18 => many_merged_areas(rng, data),
        19 => far_cell(data),
        _ => replace_text(rng, data),
    }
}

fn find_all(data: &[u8], needle: &[u8]) -> Vec<usize> {
    if needle.is_empty() || data.len() < needle.len() {
        return Vec::new();
    }
    data.windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect()
}

fn find_from(data: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    data.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// A position just after some `>`, or anywhere.
fn after_a_tag(rng: &mut Rng, data: &[u8]) -> usize {
    let ends = find_all(data, b">");
    if ends.is_empty() || rng.below(4) == 0 {
        rng.below(data.len() + 1)
    } else {
        rng.pick(&ends) + 1
    }
}

/// A run of digits replaced by an edge number.
fn replace_number(rng: &mut Rng, data: &mut Vec<u8>) -> String {
    let starts: Vec<usize> = (0..data.len())
        .filter(|&i| data[i].is_ascii_digit() && (i == 0 || !data[i - 1].is_ascii_digit()))
        .collect();
    if starts.is_empty() {
        return "no number".to_string();
    }
    let at = *rng.pick(&starts);
    let end = (at..data.len())
        .find(|&i| !data[i].is_ascii_digit())
        .unwrap_or(data.len());
    let number = rng.pick(NUMBERS);
    data.splice(at..end, number.bytes());
    format!("number at {at} → {number:?}")
}

/// An attribute's value replaced.
fn replace_attribute(rng: &mut Rng, data: &mut Vec<u8>) -> String {
    let starts = find_all(data, b"=\"");
    if starts.is_empty() {
        return "no attribute".to_string();
    }
    let at = rng.pick(&starts) + 2;
    let Some(end) = find_from(data, at, b"\"") else {
        return "unclosed attribute".to_string();
    };
    let value = if rng.below(20) == 0 {
        "A".repeat(*rng.pick(&[256_usize, 65_536, 1 << 20]))
    } else if rng.below(2) == 0 {
        (*rng.pick(NUMBERS)).to_string()
    } else {
        (*rng.pick(VALUES)).to_string()
    };
    let shown: String = value.chars().take(40).collect();
    data.splice(at..end, value.bytes());
    format!("attribute at {at} → {shown:?}")
}

/// A cell's `t` (type) changed, added or removed.
fn change_cell_type(rng: &mut Rng, data: &mut Vec<u8>) -> String {
    let cells = find_all(data, b"<c ");
    let cells = if cells.is_empty() {
        find_all(data, b"<table:table-cell")
    } else {
        cells
    };
    if cells.is_empty() {
        return "no cell".to_string();
    }
    let at = *rng.pick(&cells);
    let tag_end = find_from(data, at, b">").unwrap_or(data.len());
    let types = ["s", "str", "inlineStr", "b", "e", "n", "d", "x", ""];
    let new = rng.pick(&types);
    if let Some(t) = find_from(&data[..tag_end], at, b" t=\"")
        && let Some(end) = find_from(data, t + 4, b"\"")
    {
        if rng.below(4) == 0 {
            data.drain(t..=end);
            return format!("removed the type of the cell at {at}");
        }
        data.splice(t + 4..end, new.bytes());
        return format!("cell at {at}: type → {new:?}");
    }
    let insert = format!(" t=\"{new}\"");
    data.splice(at + 2..at + 2, insert.bytes());
    format!("cell at {at}: type {new:?} added")
}

/// An element repeated, from twice to tens of thousands of times.
fn repeat_element(rng: &mut Rng, data: &mut Vec<u8>) -> String {
    let tag = rng.pick(ELEMENTS);
    let open = format!("<{tag}");
    let starts: Vec<usize> = find_all(data, open.as_bytes())
        .into_iter()
        .filter(|&i| matches!(data.get(i + open.len()), Some(b' ' | b'>' | b'/')))
        .collect();
    if starts.is_empty() {
        return format!("no <{tag}>");
    }
    let at = *rng.pick(&starts);
    let Some(tag_end) = find_from(data, at, b">") else {
        return "unclosed tag".to_string();
    };
    let end = if data[tag_end - 1] == b'/' {
        tag_end + 1
    } else {
        let close = format!("</{tag}>");
        match find_from(data, tag_end, close.as_bytes()) {
            Some(c) => c + close.len(),
            None => return "no closing tag".to_string(),
        }
    };
    let span = data[at..end].to_vec();
    let times = *rng.pick(&[2, 3, 10, 100, 1_000, 5_000, 25_000]);
    let times = times.min(MAX_PART / span.len().max(1)).max(1);
    let mut copies = Vec::with_capacity(span.len() * times);
    for _ in 0..times {
        copies.extend_from_slice(&span);
    }
    data.splice(end..end, copies);
    format!(
        "<{tag}> at {at} ({} bytes) repeated {times} times",
        span.len()
    )
}

/// Many small merged areas added to a sheet (Excel allows any number).
fn many_merged_areas(rng: &mut Rng, data: &mut Vec<u8>) -> String {
    let count = *rng.pick(&[10, 100, 1_000, 10_000]);
    let first = 1 + rng.below(1_000);
    let areas: String = (first..first + count)
        .map(|r| format!("<mergeCell ref=\"M{r}:N{r}\"/>"))
        .collect();
    if let Some(&at) = find_all(data, b"</mergeCells>").first() {
        data.splice(at..at, areas.bytes());
    } else if let Some(&at) = find_all(data, b"</sheetData>").first() {
        let at = at + "</sheetData>".len();
        let block = format!("<mergeCells count=\"{count}\">{areas}</mergeCells>");
        data.splice(at..at, block.bytes());
    } else {
        return "no sheet to merge in".to_string();
    }
    format!("{count} merged areas from row {first}")
}

/// One cell in the last row of the sheet.
fn far_cell(data: &mut Vec<u8>) -> String {
    let far = r#"<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>"#;
    match find_all(data, b"</sheetData>").first() {
        Some(&at) => {
            data.splice(at..at, far.bytes());
            "a cell at A1048576".to_string()
        }
        None => "no sheetData".to_string(),
    }
}

/// The ` r="…"` references removed from a stretch (the reader then places cells by order).
fn strip_references(rng: &mut Rng, data: &mut Vec<u8>) -> String {
    let from = rng.below(data.len());
    let to = if rng.below(2) == 0 {
        data.len()
    } else {
        (from + rng.length(data.len())).min(data.len())
    };
    let mut out = Vec::with_capacity(data.len());
    out.extend_from_slice(&data[..from]);
    let mut i = from;
    let mut removed = 0;
    while i < to {
        if data[i..].starts_with(b" r=\"")
            && let Some(end) = find_from(data, i + 4, b"\"")
        {
            i = end + 1;
            removed += 1;
            continue;
        }
        out.push(data[i]);
        i += 1;
    }
    out.extend_from_slice(&data[i.min(data.len())..]);
    *data = out;
    format!("removed {removed} references from {from} to {to}")
}

/// Every row number in ` r="…"` moved by an offset (A5 → A1048005).
fn shift_rows(rng: &mut Rng, data: &mut Vec<u8>) -> String {
    let offset: u64 = *rng.pick(&[1, 1_000, 20_000, 1_048_000, 1_048_571, 4_294_967_000]);
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    let mut shifted = 0;
    while i < data.len() {
        if data[i..].starts_with(b" r=\"") {
            out.extend_from_slice(b" r=\"");
            i += 4;
            while i < data.len() && data[i].is_ascii_alphabetic() {
                out.push(data[i]);
                i += 1;
            }
            let digits_from = i;
            while i < data.len() && data[i].is_ascii_digit() {
                i += 1;
            }
            let row: u64 = std::str::from_utf8(&data[digits_from..i])
                .ok()
                .and_then(|d| d.parse().ok())
                .unwrap_or(0);
            out.extend_from_slice((row + offset).to_string().as_bytes());
            shifted += 1;
            continue;
        }
        out.push(data[i]);
        i += 1;
    }
    *data = out;
    format!("{shifted} row numbers moved by {offset}")
}

/// The text of a `<v>`, `<t>` or `<text:p>` replaced.
fn replace_text(rng: &mut Rng, data: &mut Vec<u8>) -> String {
    let open = rng.pick(&[
        "<v>",
        "<t>",
        "<t xml:space=\"preserve\">",
        "<text:p>",
        "<f>",
        "<vt:lpwstr>",
    ]);
    let starts = find_all(data, open.as_bytes());
    if starts.is_empty() {
        return format!("no {open}");
    }
    let at = rng.pick(&starts) + open.len();
    let Some(end) = find_from(data, at, b"<") else {
        return "unclosed text".to_string();
    };
    let text = match rng.below(4) {
        0 => (*rng.pick(NUMBERS)).to_string(),
        1 => (*rng.pick(VALUES)).to_string(),
        2 => "十二万".repeat(1 + rng.below(1_000)),
        _ => (*rng.pick(&[
            "是",
            "否",
            "√",
            "×",
            "有",
            "无",
            "12.5万",
            "约200",
            "200-300",
            "１２３",
            "#DIV/0!",
            "=A1",
            "2023",
            "2999",
            "130123",
            "130199",
        ]))
        .to_string(),
    };
    let shown: String = text.chars().take(20).collect();
    data.splice(at..end, text.bytes());
    format!("text at {at} → {shown:?}")
}

/// A change to the zip's list of parts.
fn mutate_parts(rng: &mut Rng, parts: &mut Vec<Part>, seeds: &[Seed]) -> String {
    if parts.is_empty() {
        parts.push(Part {
            name: "xl/workbook.xml".into(),
            data: b"<workbook/>".to_vec(),
            deflate: true,
        });
        return "added a workbook part".to_string();
    }
    let i = rng.below(parts.len());
    match rng.below(7) {
        0 => {
            let removed = parts.remove(i);
            format!("removed part {}", removed.name)
        }
        1 => {
            let old = parts[i].name.clone();
            parts[i].name = match rng.below(4) {
                0 => old.to_uppercase(),
                1 => format!("/{old}"),
                2 => old.replace('/', "\\"),
                _ => format!("{old}.bak"),
            };
            format!("renamed part {old} → {}", parts[i].name)
        }
        2 => {
            parts[i].data.clear();
            format!("emptied part {}", parts[i].name)
        }
        3 => {
            for part in parts.iter_mut() {
                part.deflate = !part.deflate;
            }
            "switched every part between stored and deflated".to_string()
        }
        4 => {
            let j = rng.below(parts.len());
            let data = parts[j].data.clone();
            let names = (parts[i].name.clone(), parts[j].name.clone());
            parts[j].data = std::mem::replace(&mut parts[i].data, data);
            format!("swapped the contents of {} and {}", names.0, names.1)
        }
        5 => {
            // the same part from another seed
            let other = rng.pick(seeds);
            let name = parts[i].name.clone();
            match other
                .parts
                .as_ref()
                .and_then(|ps| ps.iter().find(|p| p.name == name))
            {
                Some(p) => {
                    parts[i].data = p.data.clone();
                    format!("{name} taken from {}", other.stem)
                }
                None => format!("{name} not in {}", other.stem),
            }
        }
        _ => {
            let name = (*rng.pick(&[
                "xl/worksheets/sheet99.xml",
                "xl/media/image1.png",
                "xl/vbaProject.bin",
                "customXml/item1.xml",
                "xl/sharedStrings.xml",
            ]))
            .to_string();
            let len = rng.length(1 << 16);
            let data: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            parts.push(Part {
                name: name.clone(),
                data,
                deflate: rng.below(2) == 0,
            });
            format!("added part {name} of {len} random bytes")
        }
    }
}

/// A change to the raw bytes of the file.
fn mutate_bytes(rng: &mut Rng, bytes: &mut Vec<u8>) -> String {
    if bytes.is_empty() {
        bytes.extend((0..64).map(|_| rng.next() as u8));
        return "filled an empty file".to_string();
    }
    match rng.below(8) {
        0 | 1 => {
            let n = 1 + rng.below(16);
            for _ in 0..n {
                let at = rng.below(bytes.len());
                bytes[at] ^= 1 << rng.below(8);
            }
            format!("flipped {n} bits of the file")
        }
        2 => {
            let at = rng.below(bytes.len());
            bytes.truncate(at);
            format!("file truncated at {at}")
        }
        3 => {
            let at = rng.below(bytes.len());
            let len = rng.length(bytes.len() - at);
            bytes.drain(at..at + len);
            format!("deleted {len} bytes of the file at {at}")
        }
        4 => {
            let at = rng.below(bytes.len() + 1);
            let len = rng.length(4096);
            let junk: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            bytes.splice(at..at, junk);
            format!("inserted {len} random bytes at {at}")
        }
        _ => zip_field(rng, bytes),
    }
}

/// A zip record's signature and the `(offset, width)` of its size, offset and count fields.
type ZipRecord = (&'static [u8], &'static [(usize, usize)]);

/// The central directory entry, the local header, the end of the central directory.
#[rustfmt::skip]
const ZIP_RECORDS: &[ZipRecord] = &[
    (b"PK\x01\x02", &[(10, 2), (20, 4), (24, 4), (28, 2), (30, 2), (32, 2), (42, 4)]),
    (b"PK\x03\x04", &[(8, 2), (18, 4), (22, 4), (26, 2), (28, 2)]),
    (b"PK\x05\x06", &[(8, 2), (10, 2), (12, 4), (16, 4), (20, 2)]),
];

/// A size, offset or count field of the zip structure (or any 16/32-bit
/// field of a file that is not a zip) set to an edge value.
fn zip_field(rng: &mut Rng, bytes: &mut [u8]) -> String {
    let (signature, fields) = rng.pick(ZIP_RECORDS);
    let found = find_all(bytes, signature);
    let (at, width) = if found.is_empty() {
        // an OLE or other file: any aligned field
        let width = if rng.below(2) == 0 { 2 } else { 4 };
        (rng.below(bytes.len()) & !1, width)
    } else {
        let (offset, width) = rng.pick(fields);
        (rng.pick(&found) + offset, *width)
    };
    if at + width > bytes.len() {
        return "no room for a field".to_string();
    }
    let old = if width == 2 {
        u64::from(u16::from_le_bytes([bytes[at], bytes[at + 1]]))
    } else {
        u64::from(u32::from_le_bytes([
            bytes[at],
            bytes[at + 1],
            bytes[at + 2],
            bytes[at + 3],
        ]))
    };
    let random = rng.next();
    let value = *rng.pick(&[
        0,
        1,
        old.wrapping_add(1),
        old.wrapping_sub(1),
        old.wrapping_mul(2),
        0x7FFF,
        0xFFFF,
        0x7FFF_FFFF,
        0xFFFF_FFFF,
        random,
    ]);
    let le = value.to_le_bytes();
    bytes[at..at + width].copy_from_slice(&le[..width]);
    format!(
        "{width}-byte field at {at}: {old} → {}",
        if width == 2 {
            value & 0xFFFF
        } else {
            value & 0xFFFF_FFFF
        }
    )
}

/// A small hostile file made from nothing.
fn synthetic(rng: &mut Rng) -> (Vec<u8>, String) {
    match rng.below(5) {
        0 => (Vec::new(), "an empty file".to_string()),
        1 => {
            let len = rng.length(1 << 16);
            (
                (0..len).map(|_| rng.next() as u8).collect(),
                format!("{len} random bytes"),
            )
        }
        2 => {
            let mut b = b"PK\x03\x04".to_vec();
            b.extend((0..rng.length(4096)).map(|_| rng.next() as u8));
            (b, "a zip signature and random bytes".to_string())
        }
        3 => {
            let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
            b.extend((0..rng.length(1 << 14)).map(|_| rng.next() as u8));
            (b, "an OLE signature and random bytes".to_string())
        }
        _ => (
            b"<html><body><table><tr><td>1</td></tr></table></body></html>".to_vec(),
            "a web page".to_string(),
        ),
    }
}

// ---------------------------------------------------------------------------
// running the program

/// What a process did.
struct Ran {
    /// `exit 0`, `exit 101`, `signal 6`, `timeout`.
    ending: String,
    code: Option<i32>,
    timed_out: bool,
    /// Standard output as written (`read-one` answers in binary; `text` reads it).
    stdout: Vec<u8>,
    stderr: String,
    took: Duration,
}

impl Ran {
    /// Standard output as text (the parent's report).
    fn text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.stdout)
    }

    /// Whether the output names this file, and how.
    fn reported(&self, path: &Path) -> String {
        let needle = format!("{}:", path.display());
        self.text()
            .lines()
            .find(|l| l.contains(&needle))
            .map_or_else(|| "not named".to_string(), |l| l.trim().to_string())
    }
}

/// Runs a command with a time bound; on timeout its whole process group is killed.
fn run_bounded(mut command: Command, bound: Duration) -> Ran {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        command.process_group(0);
    }
    let started = Instant::now();
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => {
            return Ran {
                ending: format!("cannot start: {e}"),
                code: None,
                timed_out: false,
                stdout: Vec::new(),
                stderr: String::new(),
                took: Duration::ZERO,
            };
        }
    };
    let (sender, pipes) = mpsc::channel::<(bool, Vec<u8>)>();
    if let Some(out) = child.stdout.take() {
        drain(out, true, sender.clone());
    }
    if let Some(err) = child.stderr.take() {
        drain(err, false, sender.clone());
    }
    drop(sender);
    let mut timed_out = false;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() > bound => {
                timed_out = true;
                kill_group(&mut child);
                break child.wait().ok();
            }
            Ok(None) => thread::sleep(Duration::from_millis(5)),
            Err(_) => break None,
        }
    };
    let took = started.elapsed();
    // what is left of the group (a reader the parent left behind) goes too
    kill_group(&mut child);
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    for _ in 0..2 {
        match pipes.recv_timeout(Duration::from_secs(5)) {
            Ok((true, bytes)) => stdout = bytes,
            Ok((false, bytes)) => stderr = bytes,
            Err(_) => break,
        }
    }
    let ending = if timed_out {
        format!("timeout after {:.1} s", took.as_secs_f64())
    } else {
        status.map_or_else(|| "unknown".to_string(), ending)
    };
    Ran {
        ending,
        code: status.and_then(|s| s.code()),
        timed_out,
        stdout,
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
        took,
    }
}

/// Reads a pipe to its end on a thread of its own and sends what it held.
fn drain(
    mut pipe: impl Read + Send + 'static,
    is_out: bool,
    sender: mpsc::Sender<(bool, Vec<u8>)>,
) {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        let _ = sender.send((is_out, bytes));
    });
}

/// Kills the process group this fuzzer started for `child` (its id is the group's).
fn kill_group(child: &mut Child) {
    #[cfg(unix)]
    {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", child.id())])
            .stderr(Stdio::null())
            .status();
    }
    let _ = child.kill();
}

fn ending(status: ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return format!("signal {signal}");
        }
    }
    status
        .code()
        .map_or_else(|| "no exit code".to_string(), |c| format!("exit {c}"))
}

/// What `assess read-one` did with one file.
enum ReadOutcome {
    /// The JSON answer (the contract).
    Answer(Box<Result<RawWorkbook, ReadError>>),
    /// Exit 0 with something that is not the answer.
    Garbage(String),
    /// Anything else: a panic (exit 101), an abort, a timeout.
    Died { ending: String, stderr: String },
}

impl ReadOutcome {
    /// `ok`, `Corrupt`, `Crashed`, `died: signal 6` — for the histogram.
    fn class(&self) -> String {
        match self {
            ReadOutcome::Answer(answer) => match answer.as_ref() {
                Ok(_) => "ok".to_string(),
                Err(e) => format!("{e:?}")
                    .split(['(', ' ', '{'])
                    .next()
                    .unwrap_or("Err")
                    .to_string(),
            },
            ReadOutcome::Garbage(_) => "garbage answer".to_string(),
            ReadOutcome::Died { ending, .. } => format!("died: {}", normalize(ending)),
        }
    }

    fn is_ok(&self) -> bool {
        matches!(self, ReadOutcome::Answer(a) if a.is_ok())
    }

    /// Whether the reader failed badly: then the parent must report the file as an error.
    fn is_crash(&self) -> bool {
        match self {
            ReadOutcome::Answer(answer) => {
                matches!(
                    answer.as_ref(),
                    Err(ReadError::Crashed(_) | ReadError::Timeout(_))
                )
            }
            _ => true,
        }
    }

    /// A signature for the outcomes worth keeping: panics caught inside the
    /// spreadsheet library, children that died, answers that are not JSON.
    fn noteworthy(&self) -> Option<String> {
        match self {
            ReadOutcome::Answer(answer) => match answer.as_ref() {
                Err(ReadError::Crashed(why)) => Some(format!("caught: {}", normalize(why))),
                Err(ReadError::Timeout(_)) => Some("timeout".to_string()),
                _ => None,
            },
            ReadOutcome::Garbage(why) => Some(format!("garbage: {}", normalize(why))),
            ReadOutcome::Died { ending, stderr } => Some(format!(
                "died: {} {}",
                normalize(ending),
                normalize(first_line(stderr))
            )),
        }
    }

    fn describe(&self) -> String {
        match self {
            ReadOutcome::Answer(answer) => match answer.as_ref() {
                Ok(book) => format!("read, {} sheets", book.sheets.len()),
                Err(e) => format!("answered {e:?}"),
            },
            ReadOutcome::Garbage(why) => format!("exit 0 without a JSON answer: {why}"),
            ReadOutcome::Died { ending, stderr } => {
                format!("{ending}; stderr: {}", tail(stderr, 2000))
            }
        }
    }
}

/// `assess read-one FILE`, bounded by the child's time limit and some slack.
fn read_one(assess: &Path, file: &Path) -> ReadOutcome {
    let mut command = Command::new(assess);
    command.arg("read-one").arg(file);
    let ran = run_bounded(
        command,
        Duration::from_secs(READ_SECONDS) + Duration::from_secs(5),
    );
    if ran.code == Some(0) && !ran.timed_out {
        let mut answers = county_assess::ingest::isolate::answers_in(&ran.stdout);
        let count = answers.len();
        return match answers.pop() {
            Some(Err(ReadError::Crashed(e)))
                if e.starts_with("its answer could not be understood") =>
            {
                ReadOutcome::Garbage(format!("{e}; stderr: {}", first_line(&ran.stderr)))
            }
            Some(answer) if count == 1 => ReadOutcome::Answer(Box::new(answer)),
            _ => ReadOutcome::Garbage(format!(
                "{count} answers instead of one; stderr: {}",
                first_line(&ran.stderr)
            )),
        };
    }
    ReadOutcome::Died {
        ending: ran.ending,
        stderr: ran.stderr,
    }
}

/// `assess validate THIS_YEAR` in `dir`, bounded.
fn validate(assess: &Path, dir: &Path, this_year: &Path, bound: Duration, previous: bool) -> Ran {
    let mut command = Command::new(assess);
    command.arg("validate").arg(this_year).current_dir(dir);
    if previous {
        command.arg("--previous").arg(dir.join("上年"));
    } else {
        // no sibling folders are looked at as last year's
        command.arg("--previous").arg(dir.join("没有上年"));
        let _ = std::fs::create_dir_all(dir.join("没有上年"));
    }
    run_bounded(command, bound)
}

/// The summary `找到 N 个文件 = 读取 a（…） + 拒收 b + 跳过 c`, as numbers.
fn summary(stdout: &str) -> Option<(usize, usize, usize, usize)> {
    let line = stdout.lines().rev().find(|l| l.starts_with("找到 "))?;
    let number_after = |key: &str| -> Option<usize> {
        let at = line.find(key)? + key.len();
        let digits: String = line[at..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse().ok()
    };
    Some((
        number_after("找到 ")?,
        number_after("读取 ")?,
        number_after("拒收 ")?,
        number_after("跳过 ")?,
    ))
}

/// Everything wrong with a parent run, or nothing.
/// `reading` is how long the child took on the same files (read one by one):
/// the parent may take that long, and [`SLACK`] more for its own work.
fn check_parent(
    parent: &Ran,
    files: &[(PathBuf, Mutant)],
    answers: &[ReadOutcome],
    this_year: &Path,
    reading: Duration,
) -> Vec<String> {
    let mut problems = Vec::new();
    if parent.timed_out {
        problems.push(format!("the parent hung: {}", parent.ending));
        return problems;
    }
    if parent.took > reading + SLACK {
        problems.push(format!(
            "the parent was slow: {:.0} s, where reading its files took {:.0} s",
            parent.took.as_secs_f64(),
            reading.as_secs_f64()
        ));
    }
    match parent.code {
        Some(0 | 1) => {}
        Some(101) => problems.push(format!(
            "the parent panicked: {}",
            panic_line(&parent.stderr)
        )),
        _ => problems.push(format!(
            "the parent ended with {}: {}",
            parent.ending,
            first_line(&parent.stderr)
        )),
    }
    if parent.stderr.contains("panicked at") && parent.code != Some(101) {
        problems.push(format!(
            "a thread of the parent panicked: {}",
            panic_line(&parent.stderr)
        ));
    }
    let on_disk = std::fs::read_dir(this_year).map_or(0, Iterator::count);
    match summary(&parent.text()) {
        None if parent.code == Some(0) || parent.code == Some(1) => {
            problems.push("no summary line".to_string());
        }
        None => {}
        Some((found, read, rejected, skipped)) => {
            if found != read + rejected + skipped {
                problems.push(format!(
                    "the summary does not add up: {found} ≠ {read} + {rejected} + {skipped}"
                ));
            }
            if found != on_disk {
                problems.push(format!("{found} files found, {on_disk} in the folder"));
            }
        }
    }
    for ((path, _), answer) in files.iter().zip(answers) {
        if answer.is_ok() {
            continue;
        }
        let line = parent.reported(path);
        if line == "not named" && parent.code.is_some_and(|c| c <= 1) {
            problems.push(format!(
                "`{}` could not be read ({}) but the parent does not name it",
                file_name(path),
                answer.class()
            ));
        } else if answer.is_crash()
            && !line.contains("[错误]")
            && parent.code.is_some_and(|c| c <= 1)
        {
            problems.push(format!(
                "the reader failed on `{}` ({}) but the parent does not report an error: {line}",
                file_name(path),
                answer.class()
            ));
        }
    }
    problems
}

/// Which files alone reproduce a parent failure: each is validated in a folder of its own.
fn isolate_culprits(
    assess: &Path,
    files: &[(PathBuf, Mutant)],
    work: &Path,
    round: u64,
    problems: &[String],
) -> Vec<(usize, String)> {
    // a problem about one named file points at it directly
    let mut out = Vec::new();
    for (i, (path, _)) in files.iter().enumerate() {
        let name = format!("`{}`", file_name(path));
        if let Some(p) = problems.iter().find(|p| p.contains(&name)) {
            out.push((i, p.clone()));
        }
    }
    if !out.is_empty() {
        return out;
    }
    for (i, (path, mutant)) in files.iter().enumerate() {
        let dir = work.join(format!("alone-{round}-{i}"));
        let this_year = dir.join("本年");
        if std::fs::create_dir_all(&this_year).is_err() {
            continue;
        }
        let copy = this_year.join(path.file_name().unwrap_or_default());
        if std::fs::write(&copy, &mutant.bytes).is_err() {
            continue;
        }
        let bound = Duration::from_secs(READ_SECONDS) + SLACK;
        let ran = validate(assess, &dir, &this_year, bound, false);
        let started = Instant::now();
        let answer = read_one(assess, &copy);
        let reading = started.elapsed();
        let alone = [(copy, clone_mutant(mutant))];
        let problems = check_parent(&ran, &alone, &[answer], &this_year, reading);
        if !problems.is_empty() {
            out.push((i, problems.join("; ")));
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    out
}

fn clone_mutant(m: &Mutant) -> Mutant {
    Mutant {
        stem: m.stem.clone(),
        ext: m.ext.clone(),
        bytes: m.bytes.clone(),
        ops: m.ops.clone(),
    }
}

// ---------------------------------------------------------------------------
// keeping and counting

#[derive(Default)]
struct Stats {
    inputs: usize,
    parent_runs: usize,
    parent_failures: usize,
    outcomes: BTreeMap<String, usize>,
    /// How many of each kept signature were seen.
    kept: BTreeMap<String, usize>,
}

impl Stats {
    fn count(&mut self, outcome: &ReadOutcome) {
        *self.outcomes.entry(outcome.class()).or_default() += 1;
    }

    fn line(&self, elapsed: Duration) -> String {
        format!(
            "[{:>5.0} s] {} inputs ({:.1}/s), {} validate runs, {} parent failures; read-one: {}",
            elapsed.as_secs_f64(),
            self.inputs,
            self.inputs as f64 / elapsed.as_secs_f64().max(0.001),
            self.parent_runs,
            self.parent_failures,
            self.outcomes
                .iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }

    fn summary(&self, elapsed: Duration, seed: u64, out: &Path) -> String {
        let mut text = format!(
            "\nfuzz summary (seed {seed}, {:.1} min)\n  inputs tried:     {} ({:.1} per second; each read by `assess read-one` and by `assess validate`)\n  validate runs:    {}\n  parent failures:  {}\n  read-one outcomes:\n",
            elapsed.as_secs_f64() / 60.0,
            self.inputs,
            self.inputs as f64 / elapsed.as_secs_f64().max(0.001),
            self.parent_runs,
            self.parent_failures
        );
        for (class, n) in &self.outcomes {
            text.push_str(&format!("    {n:>7}  {class}\n"));
        }
        if self.kept.is_empty() {
            text.push_str("  nothing kept\n");
        } else {
            text.push_str(&format!(
                "  kept in {} (signature: times seen):\n",
                out.display()
            ));
            for (signature, n) in &self.kept {
                text.push_str(&format!("    {n:>5}  {signature}\n"));
            }
        }
        text
    }
}

/// Copies an input to `out/KIND/` with a note, at most 3 per signature.
#[allow(clippy::too_many_arguments)] // everything the note says
fn keep(
    out: &Path,
    kind: &str,
    signature: &str,
    path: &Path,
    mutant: &Mutant,
    note: &str,
    seed: u64,
    round: u64,
    stats: &mut Stats,
) {
    let key = format!("{kind}: {signature}");
    let seen = stats.kept.entry(key).or_default();
    *seen += 1;
    if *seen > 3 {
        return;
    }
    let dir = out.join(kind).join(format!("{:016x}", fnv(signature)));
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let ext = if mutant.ext.is_empty() {
        String::new()
    } else {
        format!(".{}", mutant.ext)
    };
    let name = format!("input-{seen}{ext}");
    let _ = std::fs::write(dir.join(&name), &mutant.bytes);
    let text = format!(
        "signature: {signature}\n{note}\nfile: {name} (was {})\nmade from: {}\nfuzzer seed {seed}, round {round}\n\nreproduce:\n  assess read-one {name}\n  mkdir d && cp {name} d/ && assess validate d\nshrink:\n  cargo run --release --example fuzz -- --assess ASSESS --minimize {}\n",
        path.display(),
        mutant.ops.join("\n  "),
        dir.join(&name).display()
    );
    let _ = std::fs::write(dir.join(format!("input-{seen}.txt")), text);
    if *seen == 1 {
        println!("  kept {kind}: {signature} → {}", dir.display());
    }
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in std::fs::read_dir(from).map_err(|e| e.to_string())? {
        let entry = entry.map_err(|e| e.to_string())?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Digits as `#` and no paths, so that one bug gives one signature.
fn normalize(text: &str) -> String {
    let mut out = String::new();
    let mut last_hash = false;
    for c in text.chars().take(160) {
        if c.is_ascii_digit() {
            if !last_hash {
                out.push('#');
            }
            last_hash = true;
        } else {
            out.push(c);
            last_hash = false;
        }
    }
    out
}

fn first_line(text: &str) -> &str {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
}

/// The line of a panic message and the one after it (the message itself).
fn panic_line(stderr: &str) -> String {
    let lines: Vec<&str> = stderr.lines().collect();
    match lines.iter().position(|l| l.contains("panicked at")) {
        Some(i) => format!(
            "{} {}",
            lines[i].trim(),
            lines.get(i + 1).map_or("", |l| l.trim())
        ),
        None => first_line(stderr).to_string(),
    }
}

fn tail(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut at = text.len() - max;
    while !text.is_char_boundary(at) {
        at += 1;
    }
    format!("…{}", &text[at..])
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------
// minimizing

/// How an input fails, for `--minimize`: the parent's problems when it is alone
/// in a folder, else the reader's noteworthy outcome.
fn failure_of(assess: &Path, bytes: &[u8], name: &str, work: &Path) -> Option<String> {
    let dir = work.join("minimize");
    let _ = std::fs::remove_dir_all(&dir);
    let this_year = dir.join("本年");
    std::fs::create_dir_all(&this_year).ok()?;
    let path = this_year.join(name);
    std::fs::write(&path, bytes).ok()?;
    let started = Instant::now();
    let answer = read_one(assess, &path);
    let reading = started.elapsed();
    let ran = validate(
        assess,
        &dir,
        &this_year,
        Duration::from_secs(READ_SECONDS) + SLACK,
        false,
    );
    let mutant = Mutant {
        stem: String::new(),
        ext: String::new(),
        bytes: Vec::new(),
        ops: Vec::new(),
    };
    let signature = answer.noteworthy();
    let problems = check_parent(&ran, &[(path, mutant)], &[answer], &this_year, reading);
    if problems.is_empty() {
        signature.map(|s| format!("reader: {s}"))
    } else {
        // the file's own name changes as it shrinks: leave it out of the signature
        Some(format!(
            "parent: {}",
            normalize(&problems.join("; ").replace(name, "FILE"))
        ))
    }
}

fn minimize(assess: &Path, file: &Path, work: &Path, seconds: u64) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let name = format!(
        "input.{}",
        file.extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_default()
    );
    let Some(target) = failure_of(assess, &bytes, &name, work) else {
        return Err(format!(
            "{} does not fail: nothing to minimize",
            file.display()
        ));
    };
    println!(
        "minimize: {} ({} bytes) fails as: {target}",
        file.display(),
        bytes.len()
    );
    let fails = |candidate: &[u8]| -> bool {
        Instant::now() < deadline
            && failure_of(assess, candidate, &name, work).as_deref() == Some(target.as_str())
    };
    let mut best = bytes;
    if let Some(mut parts) = unzip(&best) {
        // parts: drop what is not needed
        let mut i = 0;
        while i < parts.len() {
            let mut fewer = parts.clone();
            fewer.remove(i);
            if fails(&rezip(&fewer)) {
                parts = fewer;
            } else {
                i += 1;
            }
        }
        // then each part's text, in chunks of tags, largest part first
        let mut order: Vec<usize> = (0..parts.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(parts[i].data.len()));
        for index in order {
            let data = parts[index].data.clone();
            let shrunk = ddmin(tokens(&data), deadline, |kept| {
                let mut candidate = parts.clone();
                candidate[index].data = kept.concat();
                fails(&rezip(&candidate))
            });
            parts[index].data = shrunk.concat();
        }
        best = rezip(&parts);
    } else {
        let chunks: Vec<Vec<u8>> = best
            .chunks(1.max(best.len() / 256))
            .map(<[u8]>::to_vec)
            .collect();
        best = ddmin(chunks, deadline, |kept| fails(&kept.concat())).concat();
    }
    let out = file.with_extension(format!(
        "min.{}",
        file.extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_default()
    ));
    std::fs::write(&out, &best).map_err(|e| e.to_string())?;
    println!("minimize: wrote {} ({} bytes)", out.display(), best.len());
    Ok(())
}

/// XML split before each `<`, so that removing tokens removes whole tags.
fn tokens(data: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut current = Vec::new();
    for &b in data {
        if b == b'<' && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        current.push(b);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Removes chunks of tokens while `fails` holds, halving the chunk size down to one.
/// Stops at `deadline` with what it has.
fn ddmin(
    mut items: Vec<Vec<u8>>,
    deadline: Instant,
    mut fails: impl FnMut(&[Vec<u8>]) -> bool,
) -> Vec<Vec<u8>> {
    let mut chunk = items.len().div_ceil(2).max(1);
    loop {
        let mut i = 0;
        while i < items.len() {
            if Instant::now() >= deadline {
                return items;
            }
            let end = (i + chunk).min(items.len());
            let mut fewer = items.clone();
            fewer.drain(i..end);
            if !fewer.is_empty() && fails(&fewer) {
                items = fewer;
            } else {
                i = end;
            }
        }
        if chunk == 1 {
            return items;
        }
        chunk = chunk.div_ceil(2);
    }
}
