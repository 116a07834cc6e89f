//! `assess indicators`: the tree, `--check`, `--xlsx`.

use calamine::{Data, Reader, Xlsx, open_workbook};

use crate::common::{Test, repo, soffice_convert};

#[test]
fn tree_shows_nine_dimensions_100_points_and_the_bonus_cap() {
    let t = Test::new();
    let run = t.run(&["indicators"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dims: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.len() > 2 && l.as_bytes()[0].is_ascii_uppercase() && l.as_bytes()[1] == b' ')
        .collect();
    assert_eq!(
        dims,
        vec![
            "A 党的建设与自身建设  10 分",
            "B 组织建设  15 分",
            "C 应急救援  8 分",
            "D 应急救护  17 分",
            "E 人道救助  8 分",
            "F 三献  17 分",
            "G 资源动员  10 分",
            "H 公开透明  10 分",
            "I 宣传与信息  5 分",
        ]
    );
    assert!(
        run.stdout.contains("总分 100 分 · 加分上限 5 分"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("参评单位 21 个（常住人口合计 10,279,636）")
    );
    // an indicator with its method, parameters and source fields
    assert!(
        run.stdout
            .contains("    D1 当年培训取证救护员  5 分  [按完成比例]")
    );
    assert!(
        run.stdout.contains(
            "计分：目标 每万人20人 × 常住人口；完成率 = 实际 ÷ 目标；得分 = 5 × min(完成率, 100%)"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("来源：县级填报 (certified_trained)"));
    assert!(
        run.stdout
            .contains("来源：石家庄市中心血站提供 (blood_donations)")
    );
}

#[test]
fn tree_in_english() {
    let t = Test::new();
    let run = t.run(&["--lang", "en", "indicators"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout
            .contains("A Party building and institutional basics  10 pts")
    );
    assert!(run.stdout.contains("total 100 points · bonus cap 5"));
}

#[test]
fn check_of_the_default_is_clean() {
    let t = Test::new();
    let run = t.run(&["indicators", "--check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        "评估体系 sjz-county-core 2025.1 检查通过：9 个维度、35 项指标、50 个字段、21 个单位\n"
    );
}

#[test]
fn every_shipped_framework_checks_clean() {
    let t = Test::new();
    let mut checked = 0;
    for entry in std::fs::read_dir(repo().join("indicators")).expect("indicators/") {
        let path = entry.expect("entry").path();
        let is_framework =
            path.join("framework.toml").is_file() || path.extension().is_some_and(|e| e == "toml");
        if is_framework {
            let run = t.run(&[
                "indicators",
                "--check",
                "--indicators",
                &path.to_string_lossy(),
            ]);
            assert_eq!(
                run.code,
                0,
                "{}: {}{}",
                path.display(),
                run.stdout,
                run.stderr
            );
            checked += 1;
        }
    }
    assert!(checked >= 1);
}

#[test]
fn five_mistakes_in_two_files_are_all_reported_with_file_key_and_line() {
    let t = Test::new();
    assert_eq!(t.run(&["init", "bad"]).code, 0);
    // 1. an unknown unit kind (units.toml)
    t.edit(
        "bad/units.toml",
        "kind = \"县\"\npeer-group = \"县（市）\"\npopulation = { 2020 = 549321 }",
        "kind = \"镇\"\npeer-group = \"县（市）\"\npopulation = { 2020 = 549321 }",
    );
    // 2. a duplicate field code (fields.toml): volunteer_teams renamed to volunteer_hours
    t.edit(
        "bad/fields.toml",
        "code = \"volunteer_teams\"",
        "code = \"volunteer_hours\"",
    );
    // 3. a target of 0 (framework.toml, D1)
    t.edit(
        "bad/framework.toml",
        "target = 20\ntarget-per-people = 10000",
        "target = 0\ntarget-per-people = 10000",
    );
    // 4. tiers not ascending (B1)
    t.edit(
        "bad/framework.toml",
        "{ at-least = 0.8, share = 0.8 },\n  { at-least = 1.0",
        "{ at-least = 0.8, share = 0.8 },\n  { at-least = 0.7",
    );
    // 5. a relative method in points mode (G2)
    t.edit("bad/framework.toml", "field = \"online_raised\"\nmethod = \"target-ratio\"\ntarget = 0.3\ntarget-per-people = 10000",
        "field = \"online_raised\"\nmethod = \"min-max\"");
    let run = t.run(&["indicators", "--check", "--indicators", "bad"]);
    assert_eq!(run.code, 1, "{}", run.stderr);

    // the 1-based line of the first line of a file equal to `text`
    let line = |file: &str, text: &str| -> usize {
        let content = std::fs::read_to_string(t.path("bad").join(file)).expect("read");
        content.lines().position(|l| l == text).expect("line") + 1
    };
    // the renamed volunteer_teams stands before the original volunteer_hours
    let fields = std::fs::read_to_string(t.path("bad/fields.toml")).expect("read");
    let twice: Vec<usize> = fields
        .lines()
        .enumerate()
        .filter(|(_, l)| *l == "code = \"volunteer_hours\"")
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(twice.len(), 2);
    let mut expected = vec![
        format!(
            "bad/framework.toml:{}: indicator.B1.tiers: 档次的门槛必须从低到高排列",
            line("framework.toml", "tiers = [")
        ),
        format!(
            "bad/framework.toml:{}: indicator.D1.target: 必须大于 0，现为「0」",
            line("framework.toml", "target = 0")
        ),
        format!(
            "bad/framework.toml:{}: indicator.G2.method: 方法「min-max」依赖其他单位的数据，不能用于 points 模式（得分须能由本单位自行核算）",
            line("framework.toml", "method = \"min-max\"")
        ),
        format!(
            "bad/units.toml:{}: unit.130123.kind: 「镇」不是可选值；可选：区、县、县级市、功能区",
            line("units.toml", "kind = \"镇\"")
        ),
        format!(
            "bad/fields.toml:{}: field.volunteer_hours.code: 代码「volunteer_hours」重复，已在 bad/fields.toml:{} 定义",
            twice[1], twice[0]
        ),
    ];
    let mut got: Vec<&str> = run.stdout.lines().collect();
    got.sort_unstable();
    expected.sort();
    assert_eq!(got, expected);
    assert_eq!(run.stderr, "评估体系有 5 处问题\n");
}

#[test]
fn a_framework_that_cannot_be_read_exits_2() {
    let t = Test::new();
    let run = t.run(&["indicators", "--indicators", "nowhere"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with("错误：") || run.stderr.starts_with("错误: "),
        "{}",
        run.stderr
    );
}

#[test]
fn rules_workbook_holds_every_indicator_and_opens_in_libreoffice() {
    let t = Test::new();
    let run = t.run(&["indicators", "--xlsx", "评分细则.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = t.path("评分细则.xlsx");
    let mut book: Xlsx<_> = open_workbook(&path).expect("xlsx");
    assert_eq!(book.sheet_names(), vec!["评分细则".to_string()]);
    let range = book.worksheet_range("评分细则").expect("sheet");
    let cell = |r: u32, c: u32| {
        range
            .get_value((r, c))
            .cloned()
            .unwrap_or(Data::Empty)
            .to_string()
    };
    assert_eq!(cell(0, 0), "县级红十字会核心能力评估评分细则");
    let header: Vec<String> = (0..10).map(|c| cell(2, c)).collect();
    assert_eq!(
        header,
        [
            "代码",
            "维度 / 指标",
            "分值",
            "目标",
            "目标按人口",
            "封顶",
            "档次门槛",
            "计分方法",
            "取值",
            "数据来源"
        ]
    );
    // the first dimension row, then its first indicator
    assert_eq!(
        (cell(3, 0), cell(3, 1), cell(3, 2)),
        ("A".into(), "党的建设与自身建设".into(), "10".into())
    );
    assert_eq!(
        (cell(4, 0), cell(4, 2), cell(4, 3)),
        ("A1".into(), "3".into(), "3".into())
    );
    // column A holds codes, and the titles of the merged section rows (加分项 …)
    let codes: Vec<String> = (3..range.height() as u32)
        .map(|r| cell(r, 0))
        .filter(|c| c.chars().all(|ch| ch.is_ascii_alphanumeric()))
        .collect();
    for code in ["A1", "B4", "D1", "F5", "I2", "X1", "K2", "V3"] {
        assert!(codes.contains(&code.to_string()), "{code} listed");
    }
    // 35 indicators + 9 dimensions + 5 bonus + 4 deductions + 3 vetoes listed by code
    assert_eq!(
        codes.iter().filter(|c| !c.is_empty()).count(),
        35 + 9 + 5 + 4 + 3
    );

    // the same bytes on a second run
    let again = t.run(&["indicators", "--xlsx", "again.xlsx"]);
    assert_eq!(again.code, 0);
    assert_eq!(
        std::fs::read(&path).expect("a"),
        std::fs::read(t.path("again.xlsx")).expect("b")
    );

    if let Some(pdf) = soffice_convert(&path, "pdf", t.dir.path()) {
        assert!(std::fs::metadata(pdf).expect("pdf").len() > 1000);
    }
}
