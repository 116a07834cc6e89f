//! The checks on the real program: `assess read-one` on each mutant, `assess
//! validate` on a folder of them, and which files alone make the parent fail.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use county_assess::ingest::{RawWorkbook, ReadError};

use super::keep::{file_name, first_line, normalize, panic_line, tail};
use super::mutate::{Mutant, clone_mutant};
use super::process::{Ran, run_bounded};
use super::{READ_SECONDS, SLACK};

/// What `assess read-one` did with one file.
pub(super) enum ReadOutcome {
    /// The JSON answer (the contract).
    Answer(Box<Result<RawWorkbook, ReadError>>),
    /// Exit 0 with something that is not the answer.
    Garbage(String),
    /// Anything else: a panic (exit 101), an abort, a timeout.
    Died { ending: String, stderr: String },
}

impl ReadOutcome {
    /// `ok`, `Corrupt`, `Crashed`, `died: signal 6` — for the histogram.
    pub(super) fn class(&self) -> String {
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
    pub(super) fn noteworthy(&self) -> Option<String> {
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

    pub(super) fn describe(&self) -> String {
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
pub(super) fn read_one(assess: &Path, file: &Path) -> ReadOutcome {
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
pub(super) fn validate(
    assess: &Path,
    dir: &Path,
    this_year: &Path,
    bound: Duration,
    previous: bool,
) -> Ran {
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
pub(super) fn check_parent(
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
pub(super) fn isolate_culprits(
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
