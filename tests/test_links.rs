//! Links and odd files in a submissions folder: a link loop or a link leading
//! outside is listed as skipped, with why, and never followed; a file reached
//! twice is read once; a FIFO or a device is never opened.
#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::process::Command;

use crate::common::{Test, copy_dir};

#[test]
fn links_fifos_and_devices_are_skipped_with_why_and_each_real_file_read_once() {
    let t = Test::new();
    copy_dir(&t, "samples/2023", "2023");
    std::fs::create_dir(t.path("other")).expect("folder");
    std::fs::copy(
        t.path("2023/2023-赵县-核心能力评估填报表.xlsx"),
        t.path("other/赵县.xlsx"),
    )
    .expect("copy");
    let dir = t.path("2023");
    symlink(".", dir.join("self")).expect("link");
    symlink("../other", dir.join("outside")).expect("link");
    symlink(
        "2023-正定县-核心能力评估填报表.xlsx",
        dir.join("alias.xlsx"),
    )
    .expect("link");
    symlink("../other/赵县.xlsx", dir.join("out.xlsx")).expect("link");
    symlink("nowhere.xlsx", dir.join("broken.xlsx")).expect("link");
    symlink("/dev/zero", dir.join("zero.xlsx")).expect("link");
    let fifo = Command::new("mkfifo")
        .arg(dir.join("pipe.xlsx"))
        .status()
        .expect("mkfifo");
    assert!(fifo.success());
    let run = t.run(&["validate", "2023"]);
    // nothing hangs on the FIFO, nothing is an error
    assert_eq!(run.code, 0, "{}", run.stdout);
    for (file, why) in [
        (
            "alias.xlsx",
            "与前面已读取的文件是同一个文件（通过链接到达），只读取一次，已跳过",
        ),
        (
            "broken.xlsx",
            "是无效的链接（目标不存在或链接成环），已跳过",
        ),
        (
            "out.xlsx",
            "是指向所给文件夹以外的链接，未跟随，已跳过；如需读取，请把文件复制进来",
        ),
        (
            "outside",
            "是指向所给文件夹以外的链接，未跟随，已跳过；如需读取，请把文件复制进来",
        ),
        (
            "pipe.xlsx",
            "不是普通文件（管道、套接字或设备），未打开，已跳过",
        ),
        (
            "self",
            "是指向所在文件夹（或其上级）的链接，会造成循环，未跟随，已跳过",
        ),
        (
            "zero.xlsx",
            "是指向所给文件夹以外的链接，未跟随，已跳过；如需读取，请把文件复制进来",
        ),
    ] {
        let line = format!("  [提示] 2023/{file}: {why}");
        assert!(run.stdout.contains(&line), "{line}\n{}", run.stdout);
    }
    // the 22 files of the samples read once each; the 7 entries above skipped
    assert!(
        run.stdout
            .contains("找到 29 个文件 = 读取 22 + 拒收 0 + 跳过 7；0 个错误"),
        "{}",
        run.stdout
    );
    // a device named on the command line is not a regular file either
    let run = t.run(&["validate", "/dev/zero"]);
    assert!(
        run.stdout
            .contains("  [提示] /dev/zero: 不是普通文件（管道、套接字或设备），未打开，已跳过"),
        "{}",
        run.stdout
    );
}
