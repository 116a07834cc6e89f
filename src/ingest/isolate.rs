//! Reading a file in a child process, so that a hostile file cannot take the run down.
//!
//! [`read_isolated`] runs `assess read-one FILE` (hidden) and reads its answer, a
//! `Result<RawWorkbook, ReadError>`, from its standard output;
//! [`read_all_isolated`] does the same for a batch of files in one child
//! (`assess read-one FILE…`, one answer per file), which saves starting
//! a process for each file. An answer is its length in bytes (4 bytes,
//! little-endian) and the answer in postcard's binary form ([`write_answer`]):
//! JSON was a tenth of the time of child and parent together, writing and
//! parsing every cell as text. The child sets
//! its own memory limit ([`limit_own_memory`], RLIMIT_AS, so nothing unsafe
//! runs between fork and exec); the parent kills it when one file takes more
//! than [`Limits::seconds`].
//! A child that dies — out of memory, an abort inside the spreadsheet library,
//! a signal — is reported as [`ReadError::Crashed`], with the first line it
//! wrote to standard error.
//!
//! The pre-scan (`prescan.rs`) runs in the child, first thing in
//! `read_workbook`, under the child's limits: it reads only the zip directory
//! and the head of each sheet, milliseconds. (It used to run here as well, to
//! spare starting a child for a file it refuses; with files read in batches
//! that saves nothing, and it cost the parent a tenth of its time.)
//!
//! On Windows there is no memory limit (no RLIMIT_AS); the time limit holds.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use super::{RawWorkbook, ReadError};

/// Environment variable with the child's memory limit in MiB.
pub const MEMORY_ENV: &str = "ASSESS_READ_MEMORY_MB";
/// Memory limit of the child unless [`MEMORY_ENV`] says otherwise (`limits.rs`).
pub const DEFAULT_MEMORY_MB: u64 = super::limits::READ_MEMORY_MB;
/// Environment variable with the child's time limit in seconds (a slow
/// computer, or a debug build reading the largest files in the tests).
pub const SECONDS_ENV: &str = "ASSESS_READ_SECONDS";
/// Time limit of the child unless [`SECONDS_ENV`] says otherwise (`limits.rs`).
pub const DEFAULT_SECONDS: u64 = super::limits::READ_SECONDS;
/// How much of the child's standard error is kept.
const STDERR_KEPT: u64 = 64 * 1024;

/// Limits of one isolated read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Wall-clock seconds before the child is killed ([`ReadError::Timeout`]).
    pub seconds: u64,
    /// Address space of the child in MiB (unix only).
    pub memory_mb: u64,
}

impl Default for Limits {
    /// 20 seconds, or [`SECONDS_ENV`]; 2048 MiB, or [`MEMORY_ENV`].
    fn default() -> Limits {
        Limits {
            seconds: positive_from_env(SECONDS_ENV).unwrap_or(DEFAULT_SECONDS),
            memory_mb: memory_mb_from_env(),
        }
    }
}

/// The memory limit in MiB: [`MEMORY_ENV`] when it holds a positive whole
/// number, [`DEFAULT_MEMORY_MB`] otherwise.
pub fn memory_mb_from_env() -> u64 {
    positive_from_env(MEMORY_ENV).unwrap_or(DEFAULT_MEMORY_MB)
}

/// A variable holding a positive whole number.
fn positive_from_env(name: &str) -> Option<u64> {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|&n| n > 0)
}

/// Reads a workbook in a child process of this program (`assess read-one FILE`).
pub fn read_isolated(path: &Path, limits: &Limits) -> Result<RawWorkbook, ReadError> {
    read_isolated_with(&this_program()?, path, limits)
}

/// Reads several workbooks, one after the other, in child processes of this
/// program: one child for all of them (`assess read-one FILE…`), so that
/// starting a process is paid once per batch, not once per file. Answers are
/// in the order of `paths`.
pub fn read_all_isolated(
    paths: &[PathBuf],
    limits: &Limits,
) -> Vec<Result<RawWorkbook, ReadError>> {
    match this_program() {
        Ok(exe) => read_all_isolated_with(&exe, paths, limits),
        Err(err) => paths.iter().map(|_| Err(err.clone())).collect(),
    }
}

/// The running `assess`, which the children re-execute.
fn this_program() -> Result<PathBuf, ReadError> {
    std::env::current_exe()
        .map_err(|e| ReadError::Crashed(format!("cannot find the assess program: {e}")))
}

/// [`read_isolated`] with the program to run given: tests pass the `assess`
/// binary (inside a test, the current program is the test binary).
pub fn read_isolated_with(
    exe: &Path,
    path: &Path,
    limits: &Limits,
) -> Result<RawWorkbook, ReadError> {
    read_all_isolated_with(exe, &[path.to_path_buf()], limits)
        .pop()
        .unwrap_or_else(|| Err(ReadError::Crashed("no answer".to_string())))
}

/// [`read_all_isolated`] with the program to run given.
///
/// The child answers file by file ([`write_answer`]), and the
/// time limit applies to each file: it restarts with every answer. When the
/// child dies or overruns on a file, that file gets the error and the files
/// after it go to a new child — a file is never blamed for another's fault.
pub fn read_all_isolated_with(
    exe: &Path,
    paths: &[PathBuf],
    limits: &Limits,
) -> Vec<Result<RawWorkbook, ReadError>> {
    let mut answers = Vec::with_capacity(paths.len());
    while answers.len() < paths.len() {
        // never empty: a child that gives no answer gives its error
        answers.extend(read_in_child(exe, &paths[answers.len()..], limits));
    }
    answers
}

/// What the threads draining the child's pipes send.
enum Pipe {
    /// The bytes of one answer (without its length).
    Answer(Vec<u8>),
    /// Standard output closed.
    Closed,
    /// What the child wrote to standard error, at its end.
    Stderr(Vec<u8>),
}

/// Runs one child on `files` and returns the answers it gave, in order: all
/// of them, or those before the file it failed on followed by that file's error.
fn read_in_child(
    exe: &Path,
    files: &[PathBuf],
    limits: &Limits,
) -> Vec<Result<RawWorkbook, ReadError>> {
    // Absolute, so that a file name starting with `-` is not taken for an option.
    let absolute: Vec<PathBuf> = files
        .iter()
        .map(|f| std::path::absolute(f).unwrap_or_else(|_| f.to_path_buf()))
        .collect();
    let mut child = match Command::new(exe)
        .arg("read-one")
        .args(&absolute)
        .env(MEMORY_ENV, limits.memory_mb.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) => {
            return vec![Err(ReadError::Crashed(format!(
                "cannot start the reader `{}`: {e}",
                exe.display()
            )))];
        }
    };
    // Drain both pipes while waiting: a big answer must not fill the pipe and
    // leave the child blocked.
    let (sender, pipes) = mpsc::channel::<Pipe>();
    if let Some(out) = child.stdout.take() {
        let sender = sender.clone();
        thread::spawn(move || {
            let mut out = std::io::BufReader::new(out);
            while let Some(answer) = next_answer(&mut out) {
                if sender.send(Pipe::Answer(answer)).is_err() {
                    return;
                }
            }
            let _ = sender.send(Pipe::Closed);
        });
    }
    if let Some(mut err) = child.stderr.take() {
        let sender = sender.clone();
        thread::spawn(move || {
            let mut kept = Vec::new();
            let _ = (&mut err).take(STDERR_KEPT).read_to_end(&mut kept);
            let _ = std::io::copy(&mut err, &mut std::io::sink());
            let _ = sender.send(Pipe::Stderr(kept));
        });
    }
    drop(sender);
    let seconds = Duration::from_secs(limits.seconds);
    let mut deadline = Instant::now() + seconds;
    let mut answers = Vec::new();
    let mut stderr = None;
    let mut closed = false;
    while answers.len() < files.len() && !closed {
        match pipes.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(Pipe::Answer(bytes)) => {
                answers.push(understood(&bytes, &[]));
                deadline = Instant::now() + seconds;
            }
            Ok(Pipe::Stderr(bytes)) => stderr = Some(bytes),
            Ok(Pipe::Closed) | Err(mpsc::RecvTimeoutError::Disconnected) => closed = true,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                stop(&mut child);
                answers.push(Err(ReadError::Timeout(limits.seconds)));
                return answers;
            }
        }
    }
    // the child ends (one that lingers after its last answer is stopped;
    // its answers stand); if it stopped answering, how, and what it said
    let failed = match ending_by(&mut child, deadline) {
        _ if answers.len() == files.len() => return answers,
        Ending::Overran => Err(ReadError::Timeout(limits.seconds)),
        Ending::Lost => Err(ReadError::Crashed("cannot wait for the reader".to_string())),
        Ending::Exited(status) => match stderr.or_else(|| stderr_by(&pipes, deadline)) {
            Some(stderr) => answer(status, &stderr, limits),
            None => Err(ReadError::Timeout(limits.seconds)),
        },
    };
    answers.push(failed);
    answers
}

/// The child's standard error, once its pipe closes: that is when the child
/// is gone, unless something it started still holds the pipe — then `None`
/// at the deadline.
fn stderr_by(pipes: &mpsc::Receiver<Pipe>, deadline: Instant) -> Option<Vec<u8>> {
    loop {
        match pipes.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(Pipe::Stderr(bytes)) => return Some(bytes),
            Ok(_) => {}
            Err(mpsc::RecvTimeoutError::Timeout) => return None,
            Err(mpsc::RecvTimeoutError::Disconnected) => return Some(Vec::new()),
        }
    }
}

/// How a child ended.
enum Ending {
    Exited(ExitStatus),
    /// Still running at the deadline: stopped.
    Overran,
    /// It could not be waited for: stopped.
    Lost,
}

/// Waits for the child until `deadline`; stops it if it is still running then.
fn ending_by(child: &mut Child, deadline: Instant) -> Ending {
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ending::Exited(status),
            Ok(None) if Instant::now() >= deadline => {
                stop(child);
                return Ending::Overran;
            }
            Ok(None) => thread::sleep(Duration::from_millis(1)),
            Err(_) => {
                stop(child);
                return Ending::Lost;
            }
        }
    }
}

fn stop(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

/// Writes one answer of the child (its length, then its binary form) and flushes it.
pub fn write_answer(
    out: &mut impl Write,
    answer: &Result<RawWorkbook, ReadError>,
) -> std::io::Result<()> {
    let bytes = postcard::to_stdvec(answer).map_err(std::io::Error::other)?;
    let length = u32::try_from(bytes.len()).map_err(std::io::Error::other)?;
    out.write_all(&length.to_le_bytes())?;
    out.write_all(&bytes)?;
    out.flush()
}

/// The next answer's bytes; `None` at the end of the output, or when it ends
/// before the answer does. The bytes are read as they come, not reserved
/// from the stated length: a babbling child cannot make the parent reserve
/// gigabytes.
fn next_answer(input: &mut impl Read) -> Option<Vec<u8>> {
    let mut length = [0u8; 4];
    input.read_exact(&mut length).ok()?;
    let length = u32::from_le_bytes(length);
    let mut bytes = Vec::new();
    input.take(u64::from(length)).read_to_end(&mut bytes).ok()?;
    (bytes.len() == length as usize).then_some(bytes)
}

/// The answers in a child's whole standard output, in order (for tests and
/// tools that run `assess read-one` themselves).
pub fn answers_in(mut output: &[u8]) -> Vec<Result<RawWorkbook, ReadError>> {
    std::iter::from_fn(|| next_answer(&mut output))
        .map(|answer| understood(&answer, &[]))
        .collect()
}

/// One answer of the child, or why it could not be understood.
fn understood(answer: &[u8], stderr: &[u8]) -> Result<RawWorkbook, ReadError> {
    postcard::from_bytes::<Result<RawWorkbook, ReadError>>(answer).unwrap_or_else(|e| {
        let stderr = String::from_utf8_lossy(stderr);
        let cause = format!("its answer could not be understood ({e})");
        Err(ReadError::Crashed(
            match stderr.lines().map(str::trim).find(|l| !l.is_empty()) {
                Some(line) => format!("{cause}: {line}"),
                None => cause,
            },
        ))
    })
}

/// Why the child gave no (further) answer, from how it ended.
fn answer(status: ExitStatus, stderr: &[u8], limits: &Limits) -> Result<RawWorkbook, ReadError> {
    let stderr = String::from_utf8_lossy(stderr);
    let first_line = stderr.lines().map(str::trim).find(|l| !l.is_empty());
    let with_stderr = |cause: String| match first_line {
        Some(line) => format!("{cause}: {line}"),
        None => cause,
    };
    if status.success() {
        // it ended well without an answer: nothing to understand
        return understood(&[], stderr.as_bytes());
    }
    let cause = if stderr.contains("memory allocation of") {
        format!(
            "it ran out of memory, over the limit of {} MiB",
            limits.memory_mb
        )
    } else {
        ending(status)
    };
    Err(ReadError::Crashed(with_stderr(cause)))
}

/// `killed by signal 6 (SIGABRT)`, `exit code 2`.
fn ending(status: ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            let name = match signal {
                6 => " (SIGABRT)",
                9 => " (SIGKILL)",
                11 => " (SIGSEGV)",
                7 => " (SIGBUS)",
                _ => "",
            };
            return format!("killed by signal {signal}{name}");
        }
    }
    match status.code() {
        Some(code) => format!("exit code {code}"),
        None => "it stopped without an exit code".to_string(),
    }
}

/// Limits this process's address space to `memory_mb` MiB (never raises the
/// hard limit). Called by `assess read-one` before it reads. A no-op where
/// there is no RLIMIT_AS (Windows).
pub fn limit_own_memory(memory_mb: u64) -> Result<(), String> {
    #[cfg(unix)]
    {
        use rlimit::Resource;
        let wanted = memory_mb.saturating_mul(1024 * 1024);
        let (_, hard) = rlimit::getrlimit(Resource::AS).map_err(|e| e.to_string())?;
        let limit = wanted.min(hard);
        rlimit::setrlimit(Resource::AS, limit, limit).map_err(|e| e.to_string())
    }
    #[cfg(not(unix))]
    {
        let _ = memory_mb;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_default_to_twenty_seconds() {
        if std::env::var_os(SECONDS_ENV).is_none() {
            assert_eq!(Limits::default().seconds, 20);
        }
    }
}
