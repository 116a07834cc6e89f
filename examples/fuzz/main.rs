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

mod check;
mod corpus;
mod keep;
mod minimize;
mod mutate;
mod process;
mod rng;
mod text;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::Parser;

use check::{check_parent, isolate_culprits, read_one, validate};
use corpus::corpus;
use keep::{Stats, copy_dir, keep, tail};
use minimize::minimize;
use mutate::mutate;
use rng::Rng;

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
    let mut rng = Rng::new(seed);
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
