//! Running a process with a time bound: its output read on threads of its own,
//! its whole process group killed on timeout.

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// What a process did.
pub(super) struct Ran {
    /// `exit 0`, `exit 101`, `signal 6`, `timeout`.
    pub(super) ending: String,
    pub(super) code: Option<i32>,
    pub(super) timed_out: bool,
    /// Standard output as written (`read-one` answers in binary; `text` reads it).
    pub(super) stdout: Vec<u8>,
    pub(super) stderr: String,
    pub(super) took: Duration,
}

impl Ran {
    /// Standard output as text (the parent's report).
    pub(super) fn text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.stdout)
    }

    /// Whether the output names this file, and how.
    pub(super) fn reported(&self, path: &Path) -> String {
        let needle = format!("{}:", path.display());
        self.text()
            .lines()
            .find(|l| l.contains(&needle))
            .map_or_else(|| "not named".to_string(), |l| l.trim().to_string())
    }
}

/// Runs a command with a time bound; on timeout its whole process group is killed.
pub(super) fn run_bounded(mut command: Command, bound: Duration) -> Ran {
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
