//! Names are data, not paths: a unit's code or name that could become a path
//! (or a name Windows cannot hold) is refused by `indicators --check` at its
//! line, and every command that writes per-unit files refuses to run on such
//! a framework, writing nothing anywhere.

use crate::common::{Test, copy_dir, files_under};

/// The hostile names tried, and why each is refused (the message's words).
const HOSTILE: [(&str, &str); 9] = [
    ("../../正定县", "含有路径分隔符 / 或 \\"),
    ("正定县/乡镇", "含有路径分隔符 / 或 \\"),
    ("正定..县", "含有 .."),
    ("正定县:流", "含有文件名中不能使用的字符「:」"),
    ("正定县?", "含有文件名中不能使用的字符「?」"),
    ("正定县.", "以句点或空格结尾"),
    (
        "CON",
        "是 Windows 保留的设备名（CON、PRN、AUX、NUL、COM1–9、LPT1–9）",
    ),
    (
        "lpt1.xlsx",
        "是 Windows 保留的设备名（CON、PRN、AUX、NUL、COM1–9、LPT1–9）",
    ),
    (
        "正定县正定县正定县正定县正定县正定县正定县正定县正定县正定县正定县正定县正定县正定县正定县正定县正定县",
        "有 51 个字符，超过 50 个",
    ),
];

/// The default framework copied into `fw/` with 正定县's name replaced; the
/// 1-based line of that name in units.toml.
fn framework_naming(t: &Test, name: &str) -> usize {
    let run = t.run(&["init", "fw"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = t.path("fw/units.toml");
    let text = std::fs::read_to_string(&path).expect("units.toml");
    let line = text
        .lines()
        .position(|l| l == "name = \"正定县\"")
        .expect("正定县's name line")
        + 1;
    let escaped = name.replace('\\', "\\\\");
    std::fs::write(
        &path,
        text.replace("name = \"正定县\"", &format!("name = \"{escaped}\"")),
    )
    .expect("write");
    line
}

#[test]
fn indicators_check_names_every_unsafe_unit_name_at_its_line() {
    for (name, why) in HOSTILE {
        let t = Test::new();
        let line = framework_naming(&t, name);
        let run = t.run(&["indicators", "--check", "--indicators", "fw"]);
        assert_eq!(run.code, 1, "{name}: {}{}", run.stdout, run.stderr);
        let expected = format!(
            "fw/units.toml:{line}: unit.130123.name: 「{name}」{why}，不能用作文件名（填报表和反馈单的文件名由单位名称组成）；请改正"
        );
        assert!(
            run.stdout.contains(&expected) || run.stderr.contains(&expected),
            "{expected}\n{}{}",
            run.stdout,
            run.stderr
        );
    }
}

#[test]
fn commands_writing_per_unit_files_refuse_a_hostile_name_and_write_nothing() {
    let t = Test::new();
    copy_dir(&t, "samples/2023", "in/2023");
    framework_naming(&t, "../../正定县");
    let before = files_under(t.dir.path());
    let template = t.run(&[
        "template",
        "--year",
        "2023",
        "--indicators",
        "fw",
        "--out",
        "in/out/templates",
    ]);
    let run = t.run(&[
        "run",
        "in/2023",
        "--indicators",
        "fw",
        "-o",
        "in/out/r.xlsx",
        "--per-unit",
        "in/out/反馈单",
    ]);
    for (what, run) in [("template", template), ("run", run)] {
        assert_eq!(run.code, 2, "{what}: {}{}", run.stdout, run.stderr);
        assert!(
            run.stderr
                .contains("「../../正定县」含有路径分隔符 / 或 \\，不能用作文件名"),
            "{what}: {}",
            run.stderr
        );
    }
    // nothing written: not in the chosen folders, not two levels above them
    assert_eq!(files_under(t.dir.path()), before);
}
