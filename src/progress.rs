//! A progress bar on stderr for long reads: shown only when stderr is a
//! terminal and the work has taken more than a moment (one second), so that
//! quick runs, pipes, logs and tests stay silent.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long the work runs before the bar appears.
const DELAY: Duration = Duration::from_secs(1);

/// Counts finished items; draws a bar once the delay has passed.
pub struct Progress {
    bar: ProgressBar,
    started: Instant,
    /// Whether the bar may be drawn (stderr is a terminal), and whether it is.
    state: Mutex<(bool, bool)>,
}

impl Progress {
    pub fn new(len: usize) -> Progress {
        let bar = ProgressBar::with_draw_target(
            Some(u64::try_from(len).unwrap_or(u64::MAX)),
            ProgressDrawTarget::hidden(),
        );
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} {elapsed_precise}") {
            bar.set_style(style);
        }
        Progress {
            bar,
            started: Instant::now(),
            state: Mutex::new((std::io::stderr().is_terminal(), false)),
        }
    }

    /// `done` more items done.
    pub fn tick_by(&self, done: usize) {
        self.bar.inc(u64::try_from(done).unwrap_or(u64::MAX));
        if let Ok(mut state) = self.state.lock()
            && state.0
            && !state.1
            && self.started.elapsed() >= DELAY
        {
            state.1 = true;
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    /// All done: the bar (if drawn) is cleared.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
