//! The assessment workbook as a file: ranks, changes and averages as numbers
//! with formats, the chart, last year's comparison, identical bytes, safe
//! writing and safe content, and LibreOffice printing it.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};

use crate::common::{Test, XlsxParts, edit_xlsx, full_marks, repo, soffice_convert, wide_csv};

/// The three units of the scoring golden case as a wide table (no city
/// workbook, so no bonus or deduction): 正定县 96.00, 无极县 98.01, 井陉矿区 98.01.
fn golden_table() -> String {
    let mut zhengding = full_marks(549_321.0);
    // D1 900 of 1,098.642 → 4.10 (−0.90); B1 9 of 10 towns → 2.40 (−0.60);
    // C4 3 late reports → 0.50 (−1.50); A2 4 of 5 → 4.00 (−1.00): 100 − 4.00 = 96.00
    zhengding.insert("certified_trained", 900.0);
    zhengding.insert("towns_with_rc", 9.0);
    zhengding.insert("late_disaster_reports", 3.0);
    zhengding.insert("budget_included", 0.0);
    // F4 20.1% of 40% → 1.005 → 1.01 (−0.99); A2 4 of 5 (−1.00): 98.01
    let mut wuji = full_marks(451_377.0);
    wuji.insert("repeat_donor_rate", 0.201);
    wuji.insert("office_space", 0.0);
    // F4 → 1.01 (−0.99); C2 1 of 2 drills → 1.00 (−1.00): 98.01
    let mut kuangqu = full_marks(77_015.0);
    kuangqu.insert("repeat_donor_rate", 0.201);
    kuangqu.insert("drills", 1.0);
    let units: [(&str, BTreeMap<&str, f64>); 3] =
        [("130123", zhengding), ("130130", wuji), ("130107", kuangqu)];
    wide_csv(&units)
}

/// Last year's published export, written by hand: 正定县 97.50 (1st),
/// 无极县 95.00 (2nd), 井陉矿区 90.00 (3rd).
const LAST_YEAR: &str = "\u{feff}year,unit,unit_name,item_type,code,name,value,score,max_score,rank,grade,flags,source,self_value,self_score,difference\r\n\
2022,130107,井陉矿区,total,total,总分,90,90,100,3,良好,,,,,\r\n\
2022,130123,正定县,total,total,总分,97.5,97.5,100,1,良好,,,,,\r\n\
2022,130130,无极县,total,total,总分,95,95,100,2,良好,,,,,\r\n";

fn text(range: &calamine::Range<Data>, r: u32, c: u32) -> String {
    range
        .get_value((r, c))
        .map(ToString::to_string)
        .unwrap_or_default()
}

fn number(range: &calamine::Range<Data>, r: u32, c: u32) -> f64 {
    match range.get_value((r, c)) {
        Some(Data::Float(v)) => *v,
        Some(Data::Int(v)) => *v as f64,
        other => panic!("({r}, {c}) is not a number: {other:?}"),
    }
}

/// The column of a header in row 1 of the ranking.
fn column(range: &calamine::Range<Data>, header: &str) -> u32 {
    (0..range.width() as u32)
        .find(|c| text(range, 1, *c) == header)
        .unwrap_or_else(|| panic!("no column {header}"))
}

#[test]
fn the_ranking_shows_shared_ranks_changes_and_the_city_average_as_numbers() {
    let t = Test::new();
    std::fs::write(t.path("golden.csv"), golden_table()).expect("table");
    std::fs::write(t.path("2022.csv"), LAST_YEAR).expect("last year");
    let run = t.run(&[
        "run",
        "--table",
        "golden.csv",
        "--year",
        "2023",
        "--previous-result",
        "2022.csv",
        "--timestamp",
        "2024-01-15 09:30",
        "-o",
        "r.xlsx",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let mut book: Xlsx<_> = open_workbook(t.path("r.xlsx")).expect("xlsx");
    let ranking = book.worksheet_range("综合排名").expect("综合排名");
    // rank order: 无极县 and 井陉矿区 share the first place (by code: 130107 first), 正定县 third
    let units: Vec<String> = (2..5).map(|r| text(&ranking, r, 1)).collect();
    assert_eq!(units, ["井陉矿区", "无极县", "正定县"]);
    let rank = column(&ranking, "名次");
    assert_eq!(
        (2..5)
            .map(|r| number(&ranking, r, rank))
            .collect::<Vec<_>>(),
        [1.0, 1.0, 3.0]
    );
    let total = column(&ranking, "总分");
    assert_eq!(number(&ranking, 2, total), 98.01);
    assert_eq!(number(&ranking, 4, total), 96.0);
    // changes against 2022: 井陉矿区 98.01 − 90.00 = +8.01, 3rd → 1st = ↑2;
    // 无极县 98.01 − 95.00 = +3.01, 2nd → 1st = ↑1; 正定县 96.00 − 97.50 = −1.50, 1st → 3rd = ↓2
    let (score_change, rank_change) = (column(&ranking, "分数变化"), column(&ranking, "名次变化"));
    assert_eq!(number(&ranking, 2, score_change), 8.01);
    assert_eq!(number(&ranking, 3, score_change), 3.01);
    assert_eq!(number(&ranking, 4, score_change), -1.5);
    assert_eq!(number(&ranking, 2, rank_change), 2.0);
    assert_eq!(number(&ranking, 3, rank_change), 1.0);
    assert_eq!(number(&ranking, 4, rank_change), -2.0);
    assert_eq!(number(&ranking, 4, column(&ranking, "2022年名次")), 1.0);
    // the city average of the totals: (98.01 + 98.01 + 96.00) / 3 = 97.34
    assert_eq!(text(&ranking, 5, 1), "全市平均");
    assert_eq!(number(&ranking, 5, total), 97.34);

    // the formats that show them: 1 (并列), ↑2 / ↓2 / —, signed changes
    let parts = XlsxParts::open(&t.path("r.xlsx"));
    let styles = parts.part("xl/styles.xml");
    for format in [
        "0&quot; (并列)&quot;",
        "&quot;↑&quot;0;&quot;↓&quot;0;&quot;—&quot;",
        "&quot;+&quot;0.00;&quot;−&quot;0.00;&quot;—&quot;",
    ] {
        assert!(styles.contains(format), "{format} in styles.xml");
    }
    // the bar chart of the totals with the average as a line
    let chart = parts.part("xl/charts/chart1.xml");
    assert!(chart.contains("<c:barChart>") && chart.contains("<c:lineChart>"));
    assert!(chart.contains("全市平均"));
    // the timestamp given, in the properties and the method sheet
    assert!(
        parts
            .part("docProps/core.xml")
            .contains("2024-01-15T09:30:00Z")
    );
    let method = book.worksheet_range("评分标准").expect("评分标准");
    let rows: Vec<String> = (0..method.height() as u32)
        .map(|r| format!("{}: {}", text(&method, r, 0), text(&method, r, 1)))
        .collect();
    assert!(
        rows.iter()
            .any(|r| r == "运行时间: 2024-01-15 09:30:00 UTC（--timestamp）"),
        "{rows:?}"
    );
    assert!(
        rows.iter()
            .any(|r| r.starts_with("上年比较: 2022 年公布结果（2022.csv）")),
        "{rows:?}"
    );
    // the framework in words
    assert!(
        rows.iter().any(|r| r.contains("A1 党建工作  3 分")),
        "{rows:?}"
    );
}

#[test]
fn last_year_is_rescored_under_this_years_framework_by_default() {
    let t = Test::new();
    let run = t.run(&[
        "run",
        &repo().join("samples/2023").to_string_lossy(),
        "-o",
        "r.xlsx",
        "--export",
        "2023.csv",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("与 2022 年比较：21 个单位按本年评分标准重新计分"),
        "{}",
        run.stdout
    );
    // the comparison equals 2022's own run: the framework did not change between the years
    let last = t.run(&[
        "run",
        &repo().join("samples/2022").to_string_lossy(),
        "-o",
        "r2022.xlsx",
        "--export",
        "2022.csv",
    ]);
    assert_eq!(last.code, 0, "{}{}", last.stdout, last.stderr);
    let totals = |file: &str| -> BTreeMap<String, (f64, u32)> {
        let csv = std::fs::read_to_string(t.path(file)).expect("csv");
        csv.lines()
            .map(|l| l.split(',').collect::<Vec<_>>())
            .filter(|f| f.get(3) == Some(&"total"))
            .map(|f| {
                (
                    f[2].to_string(),
                    (f[7].parse().expect("score"), f[9].parse().expect("rank")),
                )
            })
            .collect()
    };
    let (before, now) = (totals("2022.csv"), totals("2023.csv"));
    let mut book: Xlsx<_> = open_workbook(t.path("r.xlsx")).expect("xlsx");
    let ranking = book.worksheet_range("综合排名").expect("综合排名");
    let (score, last_score, change, last_rank, rank_change) = (
        column(&ranking, "总分"),
        column(&ranking, "2022年总分"),
        column(&ranking, "分数变化"),
        column(&ranking, "2022年名次"),
        column(&ranking, "名次变化"),
    );
    for r in 2..23 {
        let unit = text(&ranking, r, 1);
        let (then, then_rank) = before[&unit];
        let (this, this_rank) = now[&unit];
        assert_eq!(number(&ranking, r, score), this, "{unit}");
        assert_eq!(number(&ranking, r, last_score), then, "{unit}");
        let expected = ((this - then) * 100.0).round() / 100.0;
        assert_eq!(number(&ranking, r, change), expected, "{unit}");
        assert_eq!(
            number(&ranking, r, last_rank),
            f64::from(then_rank),
            "{unit}"
        );
        assert_eq!(
            number(&ranking, r, rank_change),
            f64::from(then_rank) - f64::from(this_rank),
            "{unit}"
        );
    }
    let method = book.worksheet_range("评分标准").expect("评分标准");
    assert!(
        (0..method.height() as u32).any(|r| text(&method, r, 1).starts_with("2022 年各县报表（")
            && text(&method, r, 1).ends_with("按本年评分标准重新计分，同口径比较")),
    );
}

/// Every file in a folder with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("folder") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            out.insert(
                path.file_name()
                    .expect("name")
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(&path).expect("read"),
            );
        }
    }
    out
}

#[test]
fn the_same_inputs_give_identical_bytes_and_libreoffice_prints_the_workbook() {
    let t = Test::new();
    let samples = repo().join("samples/2023").to_string_lossy().into_owned();
    for folder in ["a", "b"] {
        std::fs::create_dir_all(t.path(folder)).expect("folder");
        let run = t.run(&[
            "run",
            &samples,
            "-o",
            &format!("{folder}/assessment.xlsx"),
            "--attachment",
            &format!("{folder}/附件.xlsx"),
            "--public",
            &format!("{folder}/公开.xlsx"),
            "--bulletin",
            &format!("{folder}/通报.docx"),
            "--per-unit",
            &format!("{folder}/反馈"),
            "--export",
            &format!("{folder}/export.csv"),
        ]);
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    }
    let (a, b) = (files(&t.path("a")), files(&t.path("b")));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    assert_eq!(a.len(), 5);
    for (name, bytes) in &a {
        assert!(bytes == &b[name], "{name} differs between two runs");
    }
    let (a, b) = (files(&t.path("a/反馈")), files(&t.path("b/反馈")));
    assert_eq!(a.len(), 21);
    assert_eq!(a, b);
    // without --timestamp the date is the latest sign-off or receipt date in the
    // inputs, not today: 行唐县's report, received 3 days after the 15 December deadline
    let parts = XlsxParts::open(&t.path("a/assessment.xlsx"));
    let created = parts.part("docProps/core.xml");
    assert!(
        created.contains(">2023-12-18T00:00:00Z</dcterms:created>"),
        "{created}"
    );

    // LibreOffice prints it: the ranking on A4 landscape (842 × 595 points), the
    // indicator detail on A3 landscape (1191 × 842), the profiles on A4 portrait
    if let Some(pdf) = soffice_convert(&t.path("a/assessment.xlsx"), "pdf", t.dir.path()) {
        let bytes = std::fs::read(pdf).expect("pdf");
        let text = String::from_utf8_lossy(&bytes);
        let boxes: Vec<(i64, i64)> = text
            .match_indices("/MediaBox")
            .filter_map(|(at, _)| {
                let rest = &text[at..];
                let inside = &rest[rest.find('[')? + 1..rest.find(']')?];
                let v: Vec<f64> = inside
                    .split_whitespace()
                    .filter_map(|x| x.parse().ok())
                    .collect();
                (v.len() == 4).then(|| (v[2].round() as i64, v[3].round() as i64))
            })
            .collect();
        assert!(boxes.contains(&(842, 595)), "{boxes:?}");
        assert!(boxes.contains(&(1191, 842)), "{boxes:?}");
        assert!(boxes.contains(&(595, 842)), "{boxes:?}");
    }
}

#[test]
fn text_a_county_typed_never_becomes_a_formula_and_a_failed_run_keeps_the_old_output() {
    let t = Test::new();
    let dir = t.path("2023");
    std::fs::create_dir_all(&dir).expect("folder");
    for entry in std::fs::read_dir(repo().join("samples/2023")).expect("samples") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, dir.join(path.file_name().expect("name"))).expect("copy");
    }
    // 正定县 names its first grassroots organisation with a formula
    let county = dir.join("2023-正定县-核心能力评估填报表.xlsx");
    let formula = "=HYPERLINK(&quot;http://example.com&quot;,&quot;点此&quot;)";
    let shared = {
        let mut archive =
            zip::ZipArchive::new(std::fs::File::open(&county).expect("xlsx")).expect("zip");
        let mut text = String::new();
        archive
            .by_name("xl/sharedStrings.xml")
            .expect("shared strings")
            .read_to_string(&mut text)
            .expect("read");
        text
    };
    let name = shared
        .split("<t>")
        .filter_map(|s| s.split("</t>").next())
        .find(|s| s.ends_with("村红十字服务站"))
        .expect("a village organisation")
        .to_string();
    edit_xlsx(
        &county,
        "xl/sharedStrings.xml",
        &format!("<t>{name}</t>"),
        &format!("<t>{formula}</t>"),
    );
    let run = t.run(&["run", "2023", "-o", "r.xlsx"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let parts = XlsxParts::open(&t.path("r.xlsx"));
    let wuyou = parts.sheet("五有");
    assert!(!wuyou.contains("<f>"), "a formula in the 五有 sheet");
    let mut book: Xlsx<_> = open_workbook(t.path("r.xlsx")).expect("xlsx");
    let range = book.worksheet_range("五有").expect("五有");
    let typed = "=HYPERLINK(\"http://example.com\",\"点此\")";
    assert!(
        range
            .used_cells()
            .any(|(_, _, v)| matches!(v, Data::String(s) if s == typed)),
        "the typed text is kept as text"
    );

    // a run that fails leaves the existing output as it was: errors without --allow-errors
    let before = std::fs::read(t.path("r.xlsx")).expect("output");
    let failed = t.run(&["run", "2023", "--city", "missing.xlsx", "-o", "r.xlsx"]);
    assert_eq!(failed.code, 1, "{}", failed.stdout);
    assert!(
        failed.stdout.contains("[错误] missing.xlsx"),
        "{}",
        failed.stdout
    );
    assert_eq!(std::fs::read(t.path("r.xlsx")).expect("output"), before);
    // … and so does one that finds errors (the planted mistakes of samples/problems)
    for entry in std::fs::read_dir(repo().join("samples/problems")).expect("problems") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "xlsx") {
            std::fs::copy(&path, dir.join(path.file_name().expect("name"))).expect("copy");
        }
    }
    let failed = t.run(&["run", "2023", "-o", "r.xlsx"]);
    assert_eq!(failed.code, 1, "{}", failed.stdout);
    assert_eq!(std::fs::read(t.path("r.xlsx")).expect("output"), before);
    // a target that cannot be replaced (here a folder) gives a plain message and leaves no temporary file
    std::fs::create_dir_all(t.path("busy.xlsx/inside")).expect("folder");
    let blocked = t.run(&["run", "2023", "--allow-errors", "-o", "busy.xlsx"]);
    assert_eq!(blocked.code, 2, "{}", blocked.stdout);
    assert!(
        blocked
            .stderr
            .contains("无法写入 busy.xlsx：这是一个文件夹；请换一个文件名"),
        "{}",
        blocked.stderr
    );
    // refused before anything was read: nothing scored, nothing printed
    assert!(blocked.stdout.is_empty(), "{}", blocked.stdout);
    let leftovers: Vec<String> = std::fs::read_dir(t.dir.path())
        .expect("folder")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[cfg(not(feature = "parquet"))]
#[test]
fn a_parquet_export_without_the_feature_says_how_to_get_one() {
    let t = Test::new();
    std::fs::write(t.path("golden.csv"), golden_table()).expect("table");
    let run = t.run(&[
        "run",
        "--table",
        "golden.csv",
        "--year",
        "2023",
        "--export",
        "x.parquet",
    ]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("x.parquet：此版本未包含 Parquet 导出")
            && run.stderr.contains("--features parquet"),
        "{}",
        run.stderr
    );
    assert!(!t.path("x.parquet").exists());
}
