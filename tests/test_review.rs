//! `assess review` and the city's inputs applied by `assess run`.

use calamine::{Data, Reader, Xlsx, open_workbook};

use crate::common::{Test, XlsxParts, copy_dir, files_under, repo};

fn cell(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
    range
        .get_value((row, col))
        .map(ToString::to_string)
        .unwrap_or_default()
}

/// The export rows of one unit and item: (value, score, flags, source, self_value, self_score, difference).
fn export_row(csv: &str, unit: &str, kind: &str, code: &str) -> Vec<String> {
    csv.lines()
        .map(|l| l.split(',').map(ToString::to_string).collect::<Vec<_>>())
        .find(|r| r.len() > 4 && r[1] == unit && r[3] == kind && r[4] == code)
        .unwrap_or_else(|| panic!("{unit} {kind} {code}"))
}

#[test]
fn review_writes_the_city_workbook_pre_filled() {
    let t = Test::new();
    let run = t.run(&[
        "review",
        "--year",
        "2023",
        &repo().join("samples/2023").to_string_lossy(),
        "-o",
        "复核表.xlsx",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let path = t.path("复核表.xlsx");
    let mut book: Xlsx<_> = open_workbook(&path).expect("xlsx");
    assert_eq!(
        book.sheet_names(),
        [
            "说明",
            "复核",
            "部室评分",
            "外部数据",
            "加分审核",
            "扣分与否决",
            "收件登记",
            "等次审定",
            "申诉",
            "公示日历"
        ]
    );
    // 申诉: a numbered blank row for two objections per unit (42), every cell
    // but the number an input; 公示日历 starts with the opening day to fill in
    let objections = book.worksheet_range("申诉").expect("申诉");
    let header: Vec<String> = (0..12).map(|c| cell(&objections, 1, c)).collect();
    assert_eq!(header[..3], ["序号", "单位", "申诉项目"]);
    assert_eq!(header[7..9], ["裁定结果", "裁定值"]);
    assert_eq!(objections.height(), 2 + 42);
    assert_eq!(cell(&objections, 43, 0), "42");
    let calendar = book.worksheet_range("公示日历").expect("公示日历");
    assert_eq!(cell(&calendar, 2, 0), "");
    assert_eq!(cell(&calendar, 2, 1), "公示开始");
    // 复核's columns (about 200 characters wide) print on A3 landscape
    // (paperSize 8), fit to the width: text there measured about 8 pt in
    // LibreOffice's PDF, against 5.5 pt on A4; the narrow sheets stay on A4 (9)
    let parts = crate::common::XlsxParts::open(&path);
    assert!(parts.sheet("复核").contains("paperSize=\"8\""));
    assert!(parts.sheet("复核").contains("orientation=\"landscape\""));
    assert!(parts.sheet("等次审定").contains("paperSize=\"9\""));
    let review = book.worksheet_range("复核").expect("复核");
    // 21 units × 42 county-reported fields, under a title and a header
    assert_eq!(review.height(), 2 + 21 * 42);
    let header: Vec<String> = (0..11).map(|c| cell(&review, 1, c)).collect();
    assert_eq!(
        header,
        [
            "单位代码",
            "单位",
            "代码",
            "指标项",
            "计量单位",
            "自评值",
            "来源单元格",
            "核定值",
            "调整理由",
            "复核人",
            "日期"
        ]
    );
    // 正定县's drills: the value it reported and the cell it came from
    let row = (2..review.height() as u32)
        .find(|r| cell(&review, *r, 0) == "130123" && cell(&review, *r, 2) == "drills")
        .expect("正定县 drills");
    let source = cell(&review, row, 6);
    assert!(
        source.starts_with("2023-正定县-核心能力评估填报表.xlsx!指标数据!F"),
        "{source}"
    );
    // 4 department items and 4 external figures for each of the 21 units
    assert_eq!(
        book.worksheet_range("部室评分").expect("部室").height(),
        2 + 21 * 4
    );
    assert_eq!(
        book.worksheet_range("外部数据").expect("外部").height(),
        2 + 21 * 4
    );
    let props = XlsxParts::open(&path);
    assert!(
        props
            .part("docProps/custom.xml")
            .contains("<vt:lpwstr>city-review</vt:lpwstr>")
    );
    // the input columns are the only unlocked cells of 复核: 核定值, 调整理由,
    // 复核人, 日期 and 核实 (M; L, 核查提示, is the program's)
    let unlocked = props.unlocked_styles();
    let cols: std::collections::BTreeSet<char> = XlsxParts::cells(props.sheet("复核"))
        .into_iter()
        .filter(|(_, s)| unlocked.contains(s))
        .map(|(r, _)| r.chars().next().expect("column"))
        .collect();
    assert_eq!(cols, ['H', 'I', 'J', 'K', 'M'].into_iter().collect());
    let cols: std::collections::BTreeSet<char> = XlsxParts::cells(props.sheet("申诉"))
        .into_iter()
        .filter(|(_, s)| unlocked.contains(s))
        .map(|(r, _)| r.chars().next().expect("column"))
        .collect();
    assert_eq!(cols, ('B'..='L').collect());
    // drop-downs: the rulings and the 21 units' names; the kinds of day
    let sheet = props.sheet("申诉");
    assert!(sheet.contains("\"维持,采纳,部分采纳\""), "{sheet}");
    assert!(sheet.contains("\"长安区,桥西区,"), "unit names");
    assert!(
        props
            .sheet("公示日历")
            .contains("\"公示开始,节假日,调休上班\"")
    );
}

#[test]
fn run_applies_every_kind_of_city_input() {
    let t = Test::new();
    let dir = repo().join("samples/2023");
    let run = t.run(&[
        "run",
        &dir.to_string_lossy(),
        "--export",
        "x.csv",
        "-o",
        "r.xlsx",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("使用市级复核表：") && run.stdout.contains("2023-市级复核表.xlsx"),
        "{}",
        run.stdout
    );
    let csv = std::fs::read_to_string(t.path("x.csv")).expect("csv");
    let mut city: Xlsx<_> = open_workbook(dir.join("2023-市级复核表.xlsx")).expect("city");

    // a reviewed value: 藁城区's AEDs, 80% of the reported value, with its review row
    let review = city.worksheet_range("复核").expect("复核");
    let row = (2..review.height() as u32)
        .find(|r| cell(&review, *r, 0) == "130109" && cell(&review, *r, 2) == "aed_count")
        .expect("row");
    let reported: f64 = cell(&review, row, 5).parse().expect("reported");
    let reviewed: f64 = cell(&review, row, 7).parse().expect("reviewed");
    assert_eq!(reviewed, (reported * 0.8).floor());
    let aed = export_row(&csv, "130109", "field", "aed_count");
    assert_eq!(aed[6].parse::<f64>().expect("value"), reviewed);
    assert_eq!(aed[11], "adjusted");
    assert_eq!(aed[12], format!("2023-市级复核表.xlsx!复核!H{}", row + 1));
    assert_eq!(aed[13].parse::<f64>().expect("self"), reported);
    assert_eq!(
        aed[15].parse::<f64>().expect("difference"),
        reviewed - reported
    );

    // a department score: 正定县's party building, 3 points × score / 3
    let department = city.worksheet_range("部室评分").expect("部室");
    let row = (2..department.height() as u32)
        .find(|r| {
            cell(&department, *r, 0) == "130123"
                && cell(&department, *r, 2) == "party_building_score"
        })
        .expect("row");
    let score: f64 = cell(&department, row, 6).parse().expect("score");
    let a1 = export_row(&csv, "130123", "indicator", "A1");
    let expected = (3.0 * (score / 3.0).min(1.0) * 100.0).round() / 100.0;
    assert_eq!(a1[7].parse::<f64>().expect("points"), expected);

    // the refused claim (the second row of 加分审核) has its evidence missing
    // from the county's 佐证材料 in the samples: it counts in neither
    let approvals = city.worksheet_range("加分审核").expect("加分");
    assert_eq!(cell(&approvals, 3, 6), "不同意");
    let unit = cell(&approvals, 3, 0);
    let item = cell(&approvals, 3, 2)
        .split_whitespace()
        .next()
        .expect("item")
        .to_string();
    let bonus = export_row(&csv, &unit, "bonus", &item);
    assert_eq!(
        (bonus[7].as_str(), bonus[14].as_str()),
        ("0", "0"),
        "{bonus:?}"
    );

    // 行唐县 came in on 12-18, 3 days after the 12-15 deadline: 3 × 0.2 = 0.6 taken off (K2)
    let late = export_row(&csv, "130125", "deduction", "K2");
    assert_eq!(late[6], "3");
    assert_eq!(late[7], "-0.6");
    // 平山县: one audit finding (K3, 2 points), lifted by the ruling on its
    // objection (申诉 row 3): 0 points, the ruling's 裁定值 cell as source
    let k3 = export_row(&csv, "130131", "deduction", "K3");
    assert_eq!(
        (k3[7].as_str(), k3[12].as_str()),
        ("0", "2023-市级复核表.xlsx!申诉!I3")
    );

    // the 党组 raised 新华区 to 优秀 although the quota left it 良好
    assert!(
        run.stdout.contains("130105 新华区") && run.stdout.contains("优秀（拟定良好，党组审定）"),
        "{}",
        run.stdout
    );
    assert_eq!(export_row(&csv, "130105", "total", "total")[10], "优秀");
    // the six best 优秀 units are commended
    assert!(run.stdout.contains("先进单位："), "{}", run.stdout);
}

#[test]
fn a_veto_fails_the_unit_and_bars_commendation() {
    let t = Test::new();
    let run = t.run(&[
        "run",
        &repo().join("samples/2022").to_string_lossy(),
        "--export",
        "x.csv",
        "-o",
        "r.xlsx",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let line = run
        .stdout
        .lines()
        .find(|l| l.contains("130133 赵县"))
        .expect("赵县");
    assert!(
        line.contains("不合格") && line.ends_with("一票否决"),
        "{line}"
    );
    let commended = run
        .stdout
        .lines()
        .find(|l| l.starts_with("先进单位："))
        .expect("先进单位");
    assert!(!commended.contains("赵县"));
    let csv = std::fs::read_to_string(t.path("x.csv")).expect("csv");
    assert_eq!(export_row(&csv, "130133", "veto", "V1")[6], "1");
}

#[test]
fn a_blank_department_score_is_an_error_at_its_cell() {
    let t = Test::new();
    let dir = repo().join("samples/2023");
    assert_eq!(
        t.run(&[
            "review",
            "--year",
            "2023",
            &dir.to_string_lossy(),
            "-o",
            "blank.xlsx"
        ])
        .code,
        0
    );
    // the blank review workbook given with --city: every department score is missing
    let run = t.run(&["run", &dir.to_string_lossy(), "--city", "blank.xlsx"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("  [错误] blank.xlsx 部室评分!G3: “部室评分”中长安区的“党建工作评分”未填写；请补齐后再计分"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_first_result_is_marked_as_such() {
    let t = Test::new();
    let run = t.run(&[
        "run",
        &repo().join("samples/2023").to_string_lossy(),
        "--stage",
        "初评",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = t.path("assessment-2023-初评.xlsx");
    let mut book: Xlsx<_> = open_workbook(&path).expect("xlsx");
    let ranking = book.worksheet_range("综合排名").expect("ranking");
    assert_eq!(
        cell(&ranking, 0, 0),
        "2023年度县级红十字会核心能力评估结果（初评）"
    );
}

#[test]
fn review_never_writes_over_an_input() {
    let t = Test::new();
    copy_dir(&t, "samples/2022", "2022");
    copy_dir(&t, "samples/2023", "2023");
    let before = files_under(t.dir.path());
    // the city's filled workbook of the year, a county's file, last year's file
    for out in [
        "2023/2023-市级复核表.xlsx",
        "2023/2023-正定县-核心能力评估填报表.xlsx",
        "2022/2022-市级复核表.xlsx",
    ] {
        let run = t.run(&["review", "--year", "2023", "2023", "-o", out]);
        assert_eq!(run.code, 2, "{out}: {}", run.stdout);
        assert!(
            run.stderr
                .contains(&format!("输出文件 {out} 就是输入文件 {out}")),
            "{out}: {}",
            run.stderr
        );
        assert_eq!(files_under(t.dir.path()), before, "{out}");
    }
}
