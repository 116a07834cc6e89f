//! A run killed while it writes leaves no partial output: every output file is
//! either the complete file of the run before or the complete file of the new
//! run, and the next run removes the hidden temporary files a killed run left.
//! All outputs are prepared before any is put in place, so a run killed while
//! preparing (nearly all of its writing time) leaves every output as it was.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{Test, copy_dir, files_under};

/// `assess run` on the samples with every output the office asks for, all
/// under `out/`: the workbook, 21 feedback workbooks, the attachment, the
/// bulletin and the export.
fn run_args(stamp: &str) -> Vec<String> {
    [
        "run",
        "2023",
        "-o",
        "out/assessment-2023.xlsx",
        "--per-unit",
        "out/feedback",
        "--attachment",
        "out/attachment.xlsx",
        "--bulletin",
        "out/bulletin.docx",
        "--export",
        "out/export.csv",
        "--allow-errors",
        "--timestamp",
        stamp,
    ]
    .map(String::from)
    .to_vec()
}

/// Whether a name is one of the plan's hidden files: a temporary `.NAME.PID.tmp`
/// or a backup `.NAME.PID.old` (files, or folders for the feedback folder).
fn hidden_name(name: &str, suffix: &str) -> bool {
    name.starts_with('.') && name.ends_with(suffix)
}

/// Whether a path lies in (or is) a temporary file or folder.
fn is_temp(path: &Path) -> bool {
    path.components()
        .any(|c| hidden_name(&c.as_os_str().to_string_lossy(), ".tmp"))
}

/// Whether a path lies in (or is) a backup.
fn is_backup(path: &Path) -> bool {
    path.components()
        .any(|c| hidden_name(&c.as_os_str().to_string_lossy(), ".old"))
}

/// The path of `path` inside a backup, if one holds it: `feedback/x` in
/// `.feedback.PID.old/x`, `a.xlsx` as `.a.xlsx.PID.old`.
fn backed_up(after: &std::collections::BTreeMap<std::path::PathBuf, Vec<u8>>, path: &Path) -> bool {
    after.keys().filter(|p| is_backup(p)).any(|p| {
        let unhidden: std::path::PathBuf = p
            .components()
            .map(|c| {
                let name = c.as_os_str().to_string_lossy().into_owned();
                match name.strip_prefix('.').and_then(|n| n.strip_suffix(".old")) {
                    Some(rest) => rest
                        .rsplit_once('.')
                        .map_or(name.clone(), |(n, _)| n.to_string()),
                    None => name,
                }
            })
            .collect();
        unhidden == path
    })
}

/// Whether a temporary file (`suffix` `.tmp`) or a backup (`.old`) exists under `dir` right now.
fn writing(dir: &Path, suffix: &str) -> bool {
    [dir.to_path_buf(), dir.join("feedback")].iter().any(|d| {
        std::fs::read_dir(d)
            .map(|entries| {
                entries
                    .flatten()
                    .any(|e| hidden_name(&e.file_name().to_string_lossy(), suffix))
            })
            .unwrap_or(false)
    })
}

#[test]
#[cfg(unix)]
fn a_run_killed_while_writing_leaves_each_output_whole_old_or_whole_new() {
    // the complete outputs of both runs, each from an uninterrupted run
    // (same inputs → same bytes, so these are what a finished run writes)
    let reference = Test::new();
    copy_dir(&reference, "samples/2023", "2023");
    let old_args = run_args("2024-01-15");
    let new_args = run_args("2024-01-16");
    let old_refs: Vec<&str> = old_args.iter().map(String::as_str).collect();
    let new_refs: Vec<&str> = new_args.iter().map(String::as_str).collect();
    assert_eq!(reference.run(&old_refs).code, 0);
    let old = files_under(&reference.path("out"));
    std::fs::remove_dir_all(reference.path("out")).expect("clear");
    assert_eq!(reference.run(&new_refs).code, 0);
    let new = files_under(&reference.path("out"));
    // 1 workbook + 21 feedback workbooks + attachment + bulletin + export
    assert_eq!(old.len(), 25, "{:?}", old.keys());
    assert_eq!(
        new.keys().collect::<Vec<_>>(),
        old.keys().collect::<Vec<_>>()
    );
    let differ = old
        .iter()
        .filter(|(path, bytes)| new[*path] != **bytes)
        .count();
    assert!(
        differ >= 22,
        "the timestamp is in every workbook: {differ} differ"
    );

    // the office's folder holds the outputs of the run before; a new run is
    // killed the moment one of its temporary files is seen
    let t = Test::new();
    copy_dir(&t, "samples/2023", "2023");
    let out = t.path("out");
    let mut caught = 0;
    let mut preparing = 0;
    let mut renaming = 0;
    let mut attempts = 0;
    // killed the moment a temporary file appears (while preparing), until
    // caught three times; then, a few times, the moment a backup appears
    // (during the renames, which take milliseconds: not always caught)
    let mut plan: Vec<&str> = vec![".tmp"; 40];
    plan.extend([".old"; 6]);
    for trigger in plan {
        if trigger == ".tmp" && caught >= 3 {
            continue;
        }
        attempts += 1;
        if out.exists() {
            std::fs::remove_dir_all(&out).expect("clear");
        }
        for (path, bytes) in &old {
            std::fs::create_dir_all(out.join(path).parent().expect("folder")).expect("folder");
            std::fs::write(out.join(path), bytes).expect("previous output");
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_assess"))
            .args(&new_args)
            .current_dir(t.dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("assess runs");
        let started = Instant::now();
        let mut killed = false;
        while started.elapsed() < Duration::from_secs(120) {
            if writing(&out, trigger) {
                child.kill().expect("kill");
                killed = true;
                break;
            }
            if child.try_wait().expect("wait").is_some() {
                break;
            }
        }
        child.wait().expect("ended");
        if !killed {
            continue;
        }
        let after = files_under(&out);
        if trigger == ".old" {
            renaming += 1;
        }
        let temps = after.keys().filter(|p| is_temp(p)).count();
        if temps > 0 {
            caught += 1;
        }
        let visible: std::collections::BTreeMap<_, _> = after
            .iter()
            .filter(|(p, _)| !is_temp(p) && !is_backup(p))
            .map(|(p, b)| (p.clone(), b.clone()))
            .collect();
        if temps > 0 && !after.keys().any(|p| is_backup(p)) {
            // killed while preparing (no rename begun): every output is the previous one
            preparing += 1;
            assert_eq!(
                visible.keys().collect::<Vec<_>>(),
                old.keys().collect::<Vec<_>>(),
                "attempt {attempts}"
            );
            for (path, bytes) in &visible {
                assert!(
                    old[path] == *bytes,
                    "attempt {attempts}: {} changed while the run was still preparing",
                    path.display()
                );
            }
        }
        for (path, bytes) in &visible {
            assert!(
                old.get(path) == Some(bytes) || new.get(path) == Some(bytes),
                "attempt {attempts}: {} is neither the previous file nor a complete new one",
                path.display()
            );
        }
        // nothing of the run before is lost: every previous file is still there,
        // or (killed between the two renames of the feedback folder) in its backup
        for path in old.keys() {
            assert!(
                visible.contains_key(path) || backed_up(&after, path),
                "{} is gone",
                path.display()
            );
        }
    }
    eprintln!(
        "killed with a temporary file on disk in {caught} of {attempts} attempts, {preparing} while preparing, {renaming} during the renames"
    );
    assert!(
        caught >= 1 && preparing >= 1,
        "no run was killed while preparing in {attempts} attempts"
    );

    // the next run finishes, leaves no temporary file and writes every output whole
    let run = t.run(&new_refs);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let last = files_under(&out);
    let left: Vec<_> = last.keys().filter(|p| is_temp(p)).collect();
    assert!(left.is_empty(), "left behind: {left:?}");
    assert_eq!(last, new);
}
