//! Reading a file in a child process, so that a hostile file cannot take the run down.
//!
//! [`read_isolated`] pre-scans the file here (`prescan.rs`), then runs
//! `assess read-one FILE` (hidden) and reads its answer, the JSON of a
//! `Result<RawWorkbook, ReadError>`, from its standard output. The child sets
//! its own memory limit ([`limit_own_memory`], RLIMIT_AS, so nothing unsafe
//! runs between fork and exec); the parent kills it after [`Limits::seconds`].
//! A child that dies — out of memory, an abort inside the spreadsheet library,
//! a signal — is reported as [`ReadError::Crashed`], with the first line it
//! wrote to standard error.
//!
//! The pre-scan runs in both processes (here, to refuse without starting a
//! child; in the child, because `read_workbook` always runs it): it reads
//! only the zip directory and the head of each sheet, milliseconds.
//!
//! On Windows there is no memory limit (no RLIMIT_AS); the time limit holds.

use std::io::Read;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use super::{RawWorkbook, ReadError, prescan};

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
    let exe = std::env::current_exe()
        .map_err(|e| ReadError::Crashed(format!("cannot find the assess program: {e}")))?;
    read_isolated_with(&exe, path, limits)
}

/// [`read_isolated`] with the program to run given: tests pass the `assess`
/// binary (inside a test, the current program is the test binary).
pub fn read_isolated_with(
    exe: &Path,
    path: &Path,
    limits: &Limits,
) -> Result<RawWorkbook, ReadError> {
    prescan::check(path)?;
    // Absolute, so that a file name starting with `-` is not taken for an option.
    let file = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut child = Command::new(exe)
        .arg("read-one")
        .arg(&file)
        .env(MEMORY_ENV, limits.memory_mb.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            ReadError::Crashed(format!("cannot start the reader `{}`: {e}", exe.display()))
        })?;
    // Drain both pipes while waiting: a big answer must not fill the pipe and
    // leave the child blocked.
    let (sender, pipes) = mpsc::channel::<(bool, Vec<u8>)>();
    if let Some(mut out) = child.stdout.take() {
        let sender = sender.clone();
        thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = out.read_to_end(&mut bytes);
            let _ = sender.send((true, bytes));
        });
    }
    if let Some(mut err) = child.stderr.take() {
        let sender = sender.clone();
        thread::spawn(move || {
            let mut kept = Vec::new();
            let _ = (&mut err).take(STDERR_KEPT).read_to_end(&mut kept);
            let _ = std::io::copy(&mut err, &mut std::io::sink());
            let _ = sender.send((false, kept));
        });
    }
    drop(sender);
    let deadline = Instant::now() + Duration::from_secs(limits.seconds);
    let timeout = Err(ReadError::Timeout(limits.seconds));
    let mut pause = Duration::from_millis(1);
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return timeout;
            }
            Ok(None) => {
                thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(25));
            }
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(ReadError::Crashed(format!(
                    "cannot wait for the reader: {e}"
                )));
            }
        }
    };
    // The pipes close when the child is gone, unless something it started
    // still holds them: then the deadline still applies (the reader threads
    // are left to end on their own).
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    for _ in 0..2 {
        let left = deadline.saturating_duration_since(Instant::now());
        match pipes.recv_timeout(left) {
            Ok((true, bytes)) => stdout = bytes,
            Ok((false, bytes)) => stderr = bytes,
            Err(mpsc::RecvTimeoutError::Timeout) => return timeout,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    answer(status, &stdout, &stderr, limits)
}

/// The child's answer, or why there is none.
fn answer(
    status: ExitStatus,
    stdout: &[u8],
    stderr: &[u8],
    limits: &Limits,
) -> Result<RawWorkbook, ReadError> {
    let stderr = String::from_utf8_lossy(stderr);
    let first_line = stderr.lines().map(str::trim).find(|l| !l.is_empty());
    let with_stderr = |cause: String| match first_line {
        Some(line) => format!("{cause}: {line}"),
        None => cause,
    };
    if status.success() {
        return serde_json::from_slice::<Result<RawWorkbook, ReadError>>(stdout).unwrap_or_else(
            |e| {
                Err(ReadError::Crashed(with_stderr(format!(
                    "its answer could not be understood ({e})"
                ))))
            },
        );
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
