//! `--minimize`: an input shrunk while it still fails the same way (a zip's
//! parts dropped, then each part's tags; any other file's bytes in chunks).

use std::path::Path;
use std::time::{Duration, Instant};

use super::check::{check_parent, read_one, validate};
use super::corpus::{rezip, unzip};
use super::keep::normalize;
use super::mutate::Mutant;
use super::{READ_SECONDS, SLACK};

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

pub(super) fn minimize(
    assess: &Path,
    file: &Path,
    work: &Path,
    seconds: u64,
) -> Result<(), String> {
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
