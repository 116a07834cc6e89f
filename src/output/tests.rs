//! The plan on real files: all or nothing, folders whole, leftovers cleared.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::*;

/// Every file and folder under `dir` by relative path, with the file's bytes
/// (folders: `None`).
fn tree(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    let mut out = BTreeMap::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("folder").flatten() {
            let path = entry.path();
            let rel = path.strip_prefix(dir).expect("under").to_path_buf();
            if path.is_dir() {
                folders.push(path);
                out.insert(rel, None);
            } else {
                out.insert(rel, Some(std::fs::read(&path).expect("read")));
            }
        }
    }
    out
}

/// Whether any name under `dir` is hidden (a temporary file or a backup).
fn hidden(dir: &Path) -> Vec<PathBuf> {
    tree(dir)
        .into_keys()
        .filter(|p| {
            p.components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        })
        .collect()
}

fn put(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().expect("folder")).expect("folder");
    std::fs::write(path, bytes).expect("write");
}

fn feedback(name: &str) -> String {
    format!("2023-{name}{FEEDBACK_SUFFIX}")
}

/// Four old outputs: three files and a feedback folder.
fn old_outputs(d: &Path) {
    put(&d.join("a.xlsx"), b"old a");
    put(&d.join("b.csv"), b"old b");
    put(&d.join("fb").join(feedback("甲")), "old fb 甲".as_bytes());
    put(&d.join("fb").join(feedback("乙")), "old fb 乙".as_bytes());
    put(&d.join("sub/c.docx"), b"old c");
}

fn new_plan(d: &Path) -> Plan {
    let mut plan = Plan::new(Inputs::default());
    plan.file(&d.join("a.xlsx"), b"new a").expect("a");
    plan.file(&d.join("b.csv"), b"new b").expect("b");
    plan.folder(
        &d.join("fb"),
        ["乙", "丙"].map(|n| Ok((feedback(n), format!("new fb {n}").into_bytes()))),
    )
    .expect("fb");
    plan.file(&d.join("sub/c.docx"), b"new c").expect("c");
    plan
}

#[test]
fn a_plan_puts_every_output_in_place_and_replaces_folders_whole() {
    let dir = tempfile::tempdir().expect("folder");
    let d = dir.path();
    old_outputs(d);
    let plan = new_plan(d);
    // prepared, nothing visible changed yet
    assert_eq!(std::fs::read(d.join("a.xlsx")).expect("a"), b"old a");
    assert!(d.join(format!(".fb.{}.tmp", std::process::id())).is_dir());
    plan.commit().expect("commit");
    assert_eq!(std::fs::read(d.join("a.xlsx")).expect("a"), b"new a");
    assert_eq!(std::fs::read(d.join("b.csv")).expect("b"), b"new b");
    assert_eq!(std::fs::read(d.join("sub/c.docx")).expect("c"), b"new c");
    // the folder holds the new files only: 甲 of the old run is gone
    let fb: Vec<String> = std::fs::read_dir(d.join("fb"))
        .expect("fb")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(fb, [feedback("丙"), feedback("乙")]);
    assert_eq!(
        std::fs::read(d.join("fb").join(feedback("乙"))).expect("乙"),
        "new fb 乙".as_bytes()
    );
    assert!(hidden(d).is_empty(), "{:?}", hidden(d));
}

#[test]
fn a_failure_in_the_check_leaves_every_old_file_and_no_temporary() {
    let dir = tempfile::tempdir().expect("folder");
    let d = dir.path();
    old_outputs(d);
    let before = tree(d);
    let mut plan = new_plan(d);
    // after the preparation, the last target turns out to be a folder
    plan.file(&d.join("new.csv"), b"new").expect("new");
    std::fs::create_dir(d.join("new.csv")).expect("folder in the way");
    let err = plan
        .commit()
        .expect_err("a folder cannot be replaced by a file");
    assert!(
        format!("{err:#}").contains("new.csv：这是一个文件夹"),
        "{err:#}"
    );
    let mut expected = before;
    expected.insert(PathBuf::from("new.csv"), None);
    assert_eq!(tree(d), expected);
}

#[test]
fn a_failed_rename_undoes_the_renames_before_it() {
    let dir = tempfile::tempdir().expect("folder");
    let d = dir.path();
    old_outputs(d);
    let before = tree(d);
    // the third rename of four fails (a.xlsx, b.csv and fb are in place by then)
    for fail in 0..4 {
        let mut plan = new_plan(d);
        plan.fail_rename = Some(fail);
        let err = plan.commit().expect_err("injected");
        assert!(format!("{err:#}").contains("无法写入"), "{err:#}");
        assert_eq!(tree(d), before, "failing rename {fail}");
    }
    // with no old outputs, the new ones done are removed again, and the folders made
    let empty = tempfile::tempdir().expect("folder");
    let mut plan = new_plan(empty.path());
    plan.fail_rename = Some(3);
    plan.commit().expect_err("injected");
    assert!(tree(empty.path()).is_empty(), "{:?}", tree(empty.path()));
}

#[test]
fn a_plan_dropped_without_commit_leaves_nothing() {
    let dir = tempfile::tempdir().expect("folder");
    let d = dir.path();
    old_outputs(d);
    let before = tree(d);
    let mut plan = new_plan(d);
    plan.file(&d.join("deep/er/x.csv"), b"x").expect("x");
    let failing: [Result<(String, Vec<u8>)>; 2] = [
        Ok((feedback("甲"), b"x".to_vec())),
        Err(anyhow!("cannot build a feedback workbook")),
    ];
    assert!(plan.folder(&d.join("more"), failing).is_err());
    drop(plan);
    assert_eq!(tree(d), before);
}

#[test]
fn a_feedback_folder_with_other_files_is_refused() {
    let dir = tempfile::tempdir().expect("folder");
    let d = dir.path();
    old_outputs(d);
    // lock files of an open workbook and folder-view files are fine …
    put(&d.join("fb").join(format!("~${}", feedback("乙"))), b"lock");
    put(&d.join("fb/.DS_Store"), b"view");
    new_plan(d)
        .commit()
        .expect("only feedback workbooks and lock files");
    // … a file of the office's own is not: the folder would be replaced whole
    old_outputs(d);
    put(&d.join("fb/会议纪要.docx"), b"the office's own");
    let before = tree(d);
    let err = new_plan(d).commit().expect_err("refused");
    let message = format!("{err:#}");
    assert!(
        message.contains("会议纪要.docx") && message.contains("请给一个新的或空的文件夹"),
        "{message}"
    );
    assert_eq!(tree(d), before);
    // and so is a sub-folder
    std::fs::remove_file(d.join("fb/会议纪要.docx")).expect("remove");
    std::fs::create_dir(d.join("fb/存档")).expect("folder");
    let before = tree(d);
    assert!(new_plan(d).commit().is_err());
    assert_eq!(tree(d), before);
}

#[test]
fn the_same_target_twice_or_inside_a_replaced_folder_is_refused() {
    let dir = tempfile::tempdir().expect("folder");
    let d = dir.path();
    let mut plan = Plan::new(Inputs::default());
    plan.file(&d.join("a.xlsx"), b"1").expect("first");
    let err = plan
        .file(&d.join("sub/../a.xlsx"), b"2")
        .expect_err("the same file");
    assert!(format!("{err:#}").contains("被指定为两个输出"), "{err:#}");
    plan.folder(&d.join("fb"), []).expect("folder");
    plan.file(&d.join("fb/x.xlsx"), b"3").expect("prepared");
    let err = plan.commit().expect_err("inside the folder");
    assert!(format!("{err:#}").contains("在反馈单文件夹"), "{err:#}");
    assert!(tree(d).is_empty(), "{:?}", tree(d));
}

#[test]
#[cfg(target_os = "linux")]
fn leftovers_of_runs_no_longer_running_are_cleared_and_others_kept() {
    let dir = tempfile::tempdir().expect("folder");
    let d = dir.path();
    // pid 0 never names a running process: its leftovers go
    let dead = d.join(".r.xlsx.0.tmp");
    let dead_old = d.join(".r.xlsx.0.old");
    // the test runner's parent runs: a temp it may be writing now stays
    let alive = std::os::unix::process::parent_id();
    let ours = d.join(format!(".r.xlsx.{alive}.tmp"));
    // another file's temp and a file that only looks similar stay
    let other = d.join(".s.xlsx.0.tmp");
    let similar = d.join(".r.xlsx.notes.tmp");
    for path in [&dead, &dead_old, &ours, &other, &similar] {
        std::fs::write(path, b"partial").expect("write");
    }
    std::fs::write(d.join("r.xlsx"), b"previous").expect("write");
    // a folder killed between its two renames: missing, its backup beside it
    put(&d.join(".fb.0.old").join(feedback("甲")), b"previous fb");
    put(&d.join(".fb.0.tmp").join(feedback("甲")), b"half");
    let mut plan = Plan::new(Inputs::default());
    plan.file(&d.join("r.xlsx"), b"complete").expect("r");
    assert!(!dead.exists() && !dead_old.exists());
    assert!(ours.exists() && other.exists() && similar.exists());
    // the backup was put back before the plan replaces it
    plan.folder(&d.join("fb"), []).expect("fb");
    assert_eq!(
        std::fs::read(d.join("fb").join(feedback("甲"))).expect("restored"),
        b"previous fb"
    );
    assert!(!d.join(".fb.0.tmp").exists() && !d.join(".fb.0.old").exists());
    plan.commit().expect("commit");
    assert_eq!(std::fs::read(d.join("r.xlsx")).expect("read"), b"complete");
    assert_eq!(std::fs::read_dir(d.join("fb")).expect("fb").count(), 0);
}

#[test]
fn outputs_that_are_inputs_are_refused_however_they_are_written() {
    let dir = tempfile::tempdir().expect("folder");
    let d = dir.path();
    put(&d.join("2023/正定县.xlsx"), b"a submission");
    put(&d.join("2022/正定县.xlsx"), b"last year");
    let mut inputs = Inputs::default();
    inputs.add(&d.join("2023")).add(&d.join("none"));
    assert_eq!(inputs.len(), 1);
    let refused = |target: Target| {
        let err = guard(&[target], &inputs).expect_err("refused");
        format!("{err:#}")
    };
    let message = refused(Target::File(&d.join("2023/正定县.xlsx")));
    assert!(
        message.contains("就是输入文件") && message.contains("2023/正定县.xlsx"),
        "{message}"
    );
    refused(Target::File(&d.join("2022/../2023/./正定县.xlsx")));
    // a folder replaced whole: the input's folder, or one above it
    refused(Target::Folder(&d.join("2023")));
    let message = refused(Target::Folder(d));
    assert!(message.contains("含有输入文件"), "{message}");
    // last year's file, a new file beside the input, and a new folder are fine
    for fine in [
        Target::File(&d.join("2022/正定县.xlsx")),
        Target::File(&d.join("2023/结果.xlsx")),
        Target::Folder(&d.join("2023/反馈单")),
    ] {
        guard(&[fine], &inputs).expect("not an input");
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(d.join("2023/正定县.xlsx"), d.join("link.xlsx")).expect("link");
        refused(Target::File(&d.join("link.xlsx")));
        std::os::unix::fs::symlink(d.join("2023"), d.join("folder-link")).expect("link");
        refused(Target::File(&d.join("folder-link/正定县.xlsx")));
        refused(Target::Folder(&d.join("folder-link")));
        std::fs::hard_link(d.join("2023/正定县.xlsx"), d.join("hard.xlsx")).expect("link");
        refused(Target::File(&d.join("hard.xlsx")));
    }
    // the plan checks its targets again when it commits
    let mut plan = Plan::new(inputs);
    plan.file(&d.join("2023/正定县.xlsx"), b"output")
        .expect("prepared");
    assert!(plan.commit().is_err());
    assert_eq!(
        std::fs::read(d.join("2023/正定县.xlsx")).expect("input"),
        b"a submission"
    );
}

#[test]
fn the_tools_own_outputs_found_in_a_folder_read_are_not_inputs() {
    let dir = tempfile::tempdir().expect("folder");
    let d = dir.path();
    let stamped = |path: &Path, kind: &str| {
        let mut book = rust_xlsxwriter::Workbook::new();
        book.set_properties(
            &rust_xlsxwriter::DocProperties::new()
                .set_custom_property(crate::layout::PROP_KIND, kind),
        );
        book.add_worksheet();
        std::fs::create_dir_all(path.parent().expect("folder")).expect("folder");
        book.save(path).expect("save");
    };
    stamped(
        &d.join("2023/assessment-2023.xlsx"),
        crate::layout::KIND_ASSESSMENT,
    );
    stamped(
        &d.join("2023/fb/2023-甲-评估反馈单.xlsx"),
        crate::layout::KIND_FEEDBACK,
    );
    stamped(
        &d.join("2023/2023-市级复核表.xlsx"),
        crate::layout::KIND_CITY,
    );
    put(&d.join("2023/export.csv"), b"year,unit\n");
    put(&d.join("2023/~$lock.xlsx"), b"lock");
    let mut inputs = Inputs::default();
    inputs.add(&d.join("2023"));
    // the city workbook is read; the outputs, the CSV and the lock file are not inputs
    assert_eq!(inputs.len(), 3);
    for fine in [
        Target::File(&d.join("2023/assessment-2023.xlsx")),
        Target::File(&d.join("2023/export.csv")),
        Target::Folder(&d.join("2023/fb")),
    ] {
        guard(&[fine], &inputs).expect("the tool's own output");
    }
    let err = guard(
        &[Target::File(&d.join("2023/2023-市级复核表.xlsx"))],
        &inputs,
    )
    .expect_err("the city fills it in");
    assert!(format!("{err:#}").contains("就是输入文件"), "{err:#}");
    // a file named as an input is one, whatever it holds
    let mut named = Inputs::default();
    named.add(&d.join("2023/assessment-2023.xlsx"));
    assert!(
        guard(
            &[Target::File(&d.join("2023/assessment-2023.xlsx"))],
            &named
        )
        .is_err()
    );
}
