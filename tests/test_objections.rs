//! 申诉: the counties' objections to the 初评, the city's rulings, the 公示
//! window in working days, and what a ruling changes in scores, ranks,
//! `diff`, 复核调整 and the county's 反馈单 — on the 2023 samples, whose city
//! workbook records two objections: 平山县 against its K3 deduction
//! (accepted) and 长安区 against the refusal of its X2 claim (rejected).

use calamine::{Data, Reader, Xlsx, open_workbook};

use crate::common::{Test, copy_dir, edit_xlsx};

const CITY: &str = "2023/2023-市级复核表.xlsx";

fn cell(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
    range
        .get_value((row, col))
        .map(ToString::to_string)
        .unwrap_or_default()
}

/// A unit's line of the console ranking: `  19 130131 平山县 70.35 合格`.
fn line<'a>(stdout: &'a str, unit: &str) -> &'a str {
    stdout
        .lines()
        .find(|l| l.contains(unit) && l.trim_start().starts_with(char::is_numeric))
        .unwrap_or_else(|| panic!("{unit} in {stdout}"))
}

fn export_row(csv: &str, unit: &str, kind: &str, code: &str) -> Vec<String> {
    csv.lines()
        .map(|l| l.split(',').map(ToString::to_string).collect::<Vec<_>>())
        .find(|r| r.len() > 4 && r[1] == unit && r[3] == kind && r[4] == code)
        .unwrap_or_else(|| panic!("{unit} {kind} {code}"))
}

fn samples(t: &Test) {
    copy_dir(t, "samples/2022", "2022");
    copy_dir(t, "samples/2023", "2023");
}

#[test]
fn an_accepted_objection_changes_the_final_result_and_a_rejected_one_does_not() {
    let t = Test::new();
    samples(&t);
    let first = t.run(&[
        "run",
        "2023",
        "--stage",
        "初评",
        "-o",
        "a.xlsx",
        "--export",
        "初评.csv",
    ]);
    assert_eq!(first.code, 0, "{}", first.stdout);
    let last = t.run(&[
        "run",
        "2023",
        "--stage",
        "终评",
        "-o",
        "b.xlsx",
        "--export",
        "终评.csv",
        "--per-unit",
        "fb",
    ]);
    assert_eq!(last.code, 0, "{}", last.stdout);
    assert!(
        first
            .stdout
            .contains("申诉 2 项（采纳 1、维持 1）：初评不适用裁定，终评时计入"),
        "{}",
        first.stdout
    );
    assert!(
        last.stdout
            .contains("申诉 2 项（采纳 1、维持 1），已按裁定计分"),
        "{}",
        last.stdout
    );
    // 平山县 at the 初评: 68.35 with its K3 audit finding (1 × 2 points
    // taken off), 20th of 21, below 正定县's 69.19; 不合格 (below 70)
    assert_eq!(
        line(&first.stdout, "130131"),
        "  20 130131 平山县 68.35 不合格"
    );
    assert_eq!(
        line(&first.stdout, "130123"),
        "  19 130123 正定县 69.19 不合格"
    );
    // the ruling lifts the deduction: 68.35 + 2 = 70.35, above 正定县 and
    // at least 70: 19th and 合格; 正定县, unchanged, falls to 20th
    assert_eq!(
        line(&last.stdout, "130131"),
        "  19 130131 平山县 70.35 合格"
    );
    assert_eq!(
        line(&last.stdout, "130123"),
        "  20 130123 正定县 69.19 不合格"
    );
    // 长安区's objection is rejected (维持): X2 stays refused, 102.30 either way
    assert_eq!(line(&first.stdout, "130102"), line(&last.stdout, "130102"));
    let csv = std::fs::read_to_string(t.path("终评.csv")).expect("csv");
    assert_eq!(export_row(&csv, "130102", "bonus", "X2")[7], "0");
    let k3 = export_row(&csv, "130131", "deduction", "K3");
    assert_eq!(k3[7], "0");
    // the source of the changed row is the ruling's 裁定值 (申诉!I3: the first objection)
    assert_eq!(k3[12], "2023-市级复核表.xlsx!申诉!I3");
    // and the 初评 export still has the deduction from 扣分与否决
    let csv = std::fs::read_to_string(t.path("初评.csv")).expect("csv");
    let k3 = export_row(&csv, "130131", "deduction", "K3");
    assert_eq!((k3[6].as_str(), k3[7].as_str()), ("1", "-2"));

    // diff cites the ruling behind the change
    let diff = t.run(&["diff", "初评.csv", "终评.csv"]);
    assert!(
        diff.stdout.contains(
            "  扣分 K3 审计、巡察发现问题：-2 → 0 分（+2）；次数 1 → —；来源 — → 2023-市级复核表.xlsx!申诉!I3（申诉裁定）"
        ),
        "{}",
        diff.stdout
    );
    assert!(
        diff.stdout.contains("  等级：不合格 → 合格"),
        "{}",
        diff.stdout
    );
    assert!(
        diff.stdout
            .contains("有变化的单位 2 个，排名变化 2 个，等级变化 1 个"),
        "{}",
        diff.stdout
    );

    // 复核调整 lists both objections with their rulings, who and when, and the cell
    let mut book: Xlsx<_> = open_workbook(t.path("b.xlsx")).expect("xlsx");
    let sheet = book.worksheet_range("复核调整").expect("复核调整");
    let rows: Vec<Vec<String>> = (1..sheet.height() as u32)
        .map(|r| (0..8).map(|c| cell(&sheet, r, c)).collect())
        .filter(|r: &Vec<String>| r[2].starts_with("申诉"))
        .collect();
    assert_eq!(
        rows,
        [
            [
                "130131",
                "平山县",
                "申诉·采纳",
                "审计、巡察发现问题",
                "1 次 → 0 次",
                "经核，该问题已在 2022 年度扣分，本年度不再扣分",
                "李华 2024-02-23",
                "2023-市级复核表.xlsx!申诉!H3",
            ],
            [
                "130102",
                "长安区",
                "申诉·维持",
                "获省红十字会或市委、市政府表彰",
                "维持原结果（主张 1）",
                "报送时未列入佐证材料清单，公示期内补交的材料不作为认定依据",
                "李华 2024-02-23",
                "2023-市级复核表.xlsx!申诉!H4",
            ],
        ]
    );

    // each county's 反馈单 shows the ruling on its own objection, and only that
    let own = |unit: &str| -> Vec<String> {
        let mut book: Xlsx<_> =
            open_workbook(t.path(&format!("fb/2023-{unit}-评估反馈单.xlsx"))).expect("feedback");
        // the 反馈单's own 复核调整 (left out when the city decided nothing about the unit)
        let Ok(sheet) = book.worksheet_range("复核调整") else {
            return Vec::new();
        };
        (0..sheet.height() as u32)
            .map(|r| {
                (0..6)
                    .map(|c| cell(&sheet, r, c))
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .filter(|r| r.contains("申诉·"))
            .collect()
    };
    let pingshan = own("平山县");
    assert_eq!(pingshan.len(), 1, "{pingshan:?}");
    assert!(
        pingshan[0].starts_with("申诉·采纳|审计、巡察发现问题|1 次 → 0 次|"),
        "{pingshan:?}"
    );
    let changan = own("长安区");
    assert_eq!(changan.len(), 1, "{changan:?}");
    assert!(changan[0].contains("维持原结果（主张 1）"), "{changan:?}");
    assert!(own("正定县").is_empty());
}

#[test]
fn the_window_counts_working_days_with_the_holidays_the_city_lists() {
    let t = Test::new();
    samples(&t);
    // 公示 opened Thursday 2024-02-08, five working days: 02-08, 02-09, then
    // 春节 (02-10 … 02-17 listed as 节假日), Sunday 02-18 worked (调休上班),
    // 02-19, 02-20 — the window closes on Tuesday 02-20. 长安区's objection,
    // received Monday 02-19, is in time (without the calendar the window
    // would have closed on Wednesday 02-14)
    let run = t.run(&["validate", "2023"]);
    assert!(!run.stdout.contains("公示期"), "{}", run.stdout);
    // received Thursday 02-22 instead: 02-21 and 02-22 after the close, 2 working days late
    edit_xlsx(
        &t.path(CITY),
        "xl/sharedStrings.xml",
        "<t>2024-02-19</t>",
        "<t>2024-02-22</t>",
    );
    let run = t.run(&["validate", "2023"]);
    assert!(
        run.stdout.contains(
            "  [警告] 2023/2023-市级复核表.xlsx 申诉!G4: 申诉于 2024-02-22 收到，公示期（5 个工作日）至 2024-02-20 截止，逾期 2 个工作日；是否受理由市级决定，裁定照常计入"
        ),
        "{}",
        run.stdout
    );
    // a warning, not a refusal: the run still scores, with the ruling (维持)
    let run = t.run(&["run", "2023", "-o", "r.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let mut book: Xlsx<_> = open_workbook(t.path("r.xlsx")).expect("xlsx");
    let sheet = book.worksheet_range("复核调整").expect("复核调整");
    let reason = (1..sheet.height() as u32)
        .find(|r| cell(&sheet, *r, 2) == "申诉·维持")
        .map(|r| cell(&sheet, r, 5))
        .expect("row");
    assert!(
        reason.starts_with("逾公示期 2 个工作日收到。报送时未列入"),
        "{reason}"
    );
}

#[test]
fn a_ruling_on_a_field_sets_its_reviewed_value_and_mistakes_are_found_at_their_cells() {
    let t = Test::new();
    samples(&t);
    // the second objection rewritten: 藁城区 objects to the 核定值 of its
    // AEDs (reported 22, reviewed 17: "4 台 AED 尚未安装到位") claiming 22,
    // and the city accepts it (采纳, 裁定值 blank: the value claimed)
    let city = t.path(CITY);
    edit_xlsx(
        &city,
        "xl/sharedStrings.xml",
        "<t>长安区</t>",
        "<t>藁城区</t>",
    );
    edit_xlsx(
        &city,
        "xl/sharedStrings.xml",
        "<t>X2</t>",
        "<t>aed_count</t>",
    );
    edit_xlsx(&city, "xl/sharedStrings.xml", "<t>维持</t>", "<t>采纳</t>");
    edit_xlsx(&city, "xl/sharedStrings.xml", "<t>1</t>", "<t>22</t>");
    let run = t.run(&["run", "2023", "-o", "r.xlsx", "--export", "x.csv"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let csv = std::fs::read_to_string(t.path("x.csv")).expect("csv");
    let aed = export_row(&csv, "130109", "field", "aed_count");
    assert_eq!(aed[6], "22");
    assert_eq!(aed[11], "adjusted");
    assert_eq!(aed[12], "2023-市级复核表.xlsx!申诉!I4");
    // D4 = 3 × min(1, AEDs per 10,000 of 741,068 people ÷ 0.8): 22 → 22 ÷
    // 74.1068 ÷ 0.8 × 3 = 1.113 → 1.11 points, where 17 gave 0.860 → 0.86:
    // +0.25, the total 73.15 → 73.40
    assert_eq!(export_row(&csv, "130109", "indicator", "D4")[7], "1.11");
    assert_eq!(export_row(&csv, "130109", "total", "total")[7], "73.4");
    let mut book: Xlsx<_> = open_workbook(t.path("r.xlsx")).expect("xlsx");
    let sheet = book.worksheet_range("复核调整").expect("复核调整");
    let rows: Vec<String> = (1..sheet.height() as u32)
        .filter(|r| cell(&sheet, *r, 0) == "130109")
        .map(|r| format!("{}|{}", cell(&sheet, r, 2), cell(&sheet, r, 4)))
        .collect();
    // the 核定值 the ruling replaced is not listed twice: one row, before → after
    assert_eq!(rows, ["申诉·采纳|17 台 → 22 台"]);

    // from the samples again: 长安区's objection 部分采纳 without a 裁定值,
    // 平山县's naming an item the framework does not have
    std::fs::copy(crate::common::repo().join("samples").join(CITY), &city).expect("copy");
    edit_xlsx(
        &city,
        "xl/sharedStrings.xml",
        "<t>维持</t>",
        "<t>部分采纳</t>",
    );
    edit_xlsx(&city, "xl/sharedStrings.xml", "<t>K3</t>", "<t>K9</t>");
    let run = t.run(&["validate", "2023"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    for expected in [
        "  [错误] 2023/2023-市级复核表.xlsx 申诉!I4: 裁定为“部分采纳”，但没有裁定值（也没有主张值）；请填写裁定后的数值",
        "  [错误] 2023/2023-市级复核表.xlsx 申诉!C3: 申诉项目「K9」不是评分细则中的指标项、加分、扣分或否决项目",
    ] {
        assert!(run.stdout.contains(expected), "{expected}\n{}", run.stdout);
    }
}
