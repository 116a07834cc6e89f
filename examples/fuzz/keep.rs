//! Keeping and counting: the statistics of a run, failing inputs copied with
//! a note, and the signatures that tell one bug from another.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use super::check::ReadOutcome;
use super::mutate::Mutant;

#[derive(Default)]
pub(super) struct Stats {
    pub(super) inputs: usize,
    pub(super) parent_runs: usize,
    pub(super) parent_failures: usize,
    outcomes: BTreeMap<String, usize>,
    /// How many of each kept signature were seen.
    kept: BTreeMap<String, usize>,
}

impl Stats {
    pub(super) fn count(&mut self, outcome: &ReadOutcome) {
        *self.outcomes.entry(outcome.class()).or_default() += 1;
    }

    pub(super) fn line(&self, elapsed: Duration) -> String {
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

    pub(super) fn summary(&self, elapsed: Duration, seed: u64, out: &Path) -> String {
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
pub(super) fn keep(
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

pub(super) fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
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
pub(super) fn normalize(text: &str) -> String {
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

pub(super) fn first_line(text: &str) -> &str {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
}

/// The line of a panic message and the one after it (the message itself).
pub(super) fn panic_line(stderr: &str) -> String {
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

pub(super) fn tail(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut at = text.len() - max;
    while !text.is_char_boundary(at) {
        at += 1;
    }
    format!("…{}", &text[at..])
}

pub(super) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
