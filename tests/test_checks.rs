//! Checks a clerk would expect: a 填报日期 after the receipt date or the
//! run's date, a bonus count far beyond its item's cap, invisible characters
//! inside a number; the sheet count refused by the pre-scan (test_read_one)
//! and `--uncertainty`'s maximum (test_analysis).

use crate::common::{Test, copy_dir, edit_xlsx};

const ZHENGDING: &str = "2023/2023-正定县-核心能力评估填报表.xlsx";
const CHANGAN: &str = "2023/2023-长安区-核心能力评估填报表.xlsx";

#[test]
fn a_sign_off_date_after_the_receipt_or_the_runs_date_is_an_error_at_its_cell() {
    let t = Test::new();
    copy_dir(&t, "samples/2023", "2023");
    // the samples run clean: every 填报日期 is on or before its receipt date
    let run = t.run(&["validate", "2023"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    // 正定县 signed 2023-12-09; changed to 2024-03-01, after the city received it
    edit_xlsx(
        &t.path(ZHENGDING),
        "xl/sharedStrings.xml",
        "<t>2023年12月09日</t>",
        "<t>2024年03月01日</t>",
    );
    let run = t.run(&["validate", "2023"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains(&format!(
            "  [错误] {ZHENGDING} 填报承诺!B9: 填报日期 2024-03-01 晚于市级复核表“收件登记”记录的收件日期 2023-12-"
        )),
        "{}",
        run.stdout
    );
    // the run's date given as 2023-12-06: 长安区 signed 2023-12-07, after it
    // (received 2023-12-07 or later, so the run's date is the date it passes)
    let run = t.run(&["run", "2023", "--timestamp", "2023-12-06"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains(&format!(
            "  [错误] {CHANGAN} 填报承诺!B9: 填报日期 2023-12-07 晚于本次运行的日期 2023-12-06（--timestamp 或 SOURCE_DATE_EPOCH）；请核对填报日期"
        )),
        "{}",
        run.stdout
    );
}

#[test]
fn a_bonus_count_far_beyond_its_cap_is_a_warning_and_invisible_spaces_are_read_past() {
    let t = Test::new();
    copy_dir(&t, "samples/2023", "2023");
    // 长安区 claims X3 (1 point each, at most 2) twice in 加分申报!C6: 5 is
    // worth 5 points, more than twice the cap of 2
    edit_xlsx(
        &t.path(CHANGAN),
        "xl/worksheets/sheet4.xml",
        "<c r=\"C6\" s=\"16\"><v>2</v></c>",
        "<c r=\"C6\" s=\"16\"><v>5</v></c>",
    );
    // 正定县's 乡镇（街道）总数 (F13, 12) typed as 1, a non-breaking space, 2
    edit_xlsx(
        &t.path(ZHENGDING),
        "xl/worksheets/sheet2.xml",
        "<c r=\"F13\" s=\"10\"><v>12</v></c>",
        "<c r=\"F13\" s=\"10\" t=\"inlineStr\"><is><t>1\u{a0}2</t></is></c>",
    );
    let run = t.run(&["validate", "2023"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains(&format!(
            "  [警告] {CHANGAN} 加分申报!C6: 申报数量 5 按每项 1 分可得 5 分，远超本项上限 2 分（超过两倍）；请核对数量是否填错"
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&format!(
            "{ZHENGDING} 指标数据!F13: 「1\u{a0}2」按 12 个读取（已删去数字中的不可见字符或不换行空格，多为从网页或聊天中复制带来的）"
        )),
        "{}",
        run.stdout
    );
    // 2 (twice the cap's worth exactly) is no warning
    assert!(
        !run.stdout.contains("加分申报!C4: 申报数量"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_template_written_before_the_framework_label_was_renamed_still_reads() {
    // templates before 2026 labelled the framework id 评估体系 (now 体系代码,
    // beside 评估体系名称); a county's file of that kind is identified by it:
    // with the document property changed to another framework, only the
    // visible cell under the old label says `sjz-county-core`
    let t = Test::new();
    copy_dir(&t, "samples/2023", "2023");
    let file = t.path(ZHENGDING);
    edit_xlsx(
        &file,
        "xl/sharedStrings.xml",
        "<t>体系代码</t>",
        "<t>评估体系</t>",
    );
    edit_xlsx(
        &file,
        "docProps/custom.xml",
        "<vt:lpwstr>sjz-county-core</vt:lpwstr>",
        "<vt:lpwstr>another-framework</vt:lpwstr>",
    );
    let run = t.run(&["validate", "2023"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(!run.stdout.contains("another-framework"), "{}", run.stdout);
    // and without the label at all, the property decides: another framework, not read
    edit_xlsx(
        &file,
        "xl/sharedStrings.xml",
        "<t>评估体系</t>",
        "<t>备用</t>",
    );
    let run = t.run(&["validate", "2023"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("填报表属于评估体系「another-framework」"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_bonus_claim_whose_evidence_is_not_listed_is_a_warning_and_left_out_of_the_self_assessment() {
    let t = Test::new();
    copy_dir(&t, "samples/2023", "2023");
    let self_score = |t: &Test, code: &str| -> (String, String) {
        let csv = std::fs::read_to_string(t.path("a.csv")).expect("export");
        let row: Vec<String> = csv
            .lines()
            .find(|l| l.starts_with(&format!("2023,130102,长安区,bonus,{code},")))
            .expect("row")
            .split(',')
            .map(ToString::to_string)
            .collect();
        // score (核定) and self_score (自评)
        (row[7].clone(), row[14].clone())
    };
    let run = t.run(&["run", "2023", "-o", "a.xlsx", "--export", "a.csv"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    // 长安区 claims X3 (1 point each, at most 2) twice in 加分申报 row 6,
    // evidence JF-03, listed: 2 points claimed, 2 approved
    assert_eq!(self_score(&t, "X3"), ("2".into(), "2".into()));
    // the samples' worked example: X2 (JF-02, row 5) is not on the list and
    // the city refused it: 0 in both; X1 2 + X3 2 = 4 claimed, under the cap of 5
    assert_eq!(self_score(&t, "X2"), ("0".into(), "0".into()));
    assert_eq!(self_score(&t, "bonus-cap").1, "0");
    // JF-03 taken off the evidence list (its 佐证材料 cell renumbered JF-99)
    let parts = crate::common::XlsxParts::open(&t.path(CHANGAN));
    let strings: Vec<&str> = parts
        .part("xl/sharedStrings.xml")
        .split("<si>")
        .skip(1)
        .collect();
    let index = strings
        .iter()
        .position(|s| s.starts_with("<t>JF-03</t>"))
        .expect("JF-03");
    let list = parts.sheet("佐证材料");
    let end = format!(" t=\"s\"><v>{index}</v></c>");
    let at = list.find(&end).expect("JF-03 listed");
    let start = list[..at].rfind("<c r=\"").expect("cell");
    let cell = list[start..at + end.len()].to_string();
    // `<c r="B37" s="9" t="s">`: the 编号 column
    assert!(cell.starts_with("<c r=\"B"), "{cell}");
    let head = &cell[..cell.find(" t=\"s\"").expect("shared string")];
    edit_xlsx(
        &t.path(CHANGAN),
        "xl/worksheets/sheet5.xml",
        &cell,
        &format!("{head} t=\"inlineStr\"><is><t>JF-99</t></is></c>"),
    );
    let run = t.run(&["run", "2023", "-o", "a.xlsx", "--export", "a.csv"]);
    // a warning, not an error: the run goes on
    assert_eq!(run.code, 0, "{}", run.stdout);
    let validate = t.run(&["validate", "2023"]);
    assert!(
        validate.stdout.contains(&format!(
            "  [警告] {CHANGAN} 加分申报!E6: 佐证编号「JF-03」不在“佐证材料”表中：这项加分不计入自评分"
        )),
        "{}",
        validate.stdout
    );
    // the self-assessment leaves X3 out: 2 → 0 points, 4 → 2 claimed in all;
    // the city's 加分审核 approved it, so the reviewed score keeps its 2
    assert_eq!(self_score(&t, "X3"), ("2".into(), "0".into()));
    let csv = std::fs::read_to_string(t.path("a.csv")).expect("export");
    let cap: Vec<&str> = csv
        .lines()
        .find(|l| l.starts_with("2023,130102,长安区,bonus,bonus-cap,"))
        .expect("cap row")
        .split(',')
        .collect();
    // bonus-cap's self_value is the bonus claimed before the cap: X1's 2 alone
    assert_eq!(cap[13], "2");
    // 2022's files were made before the evidence list existed: read as
    // before, no check against a list they do not have
    let last_year = t.run(&[
        "validate",
        &crate::common::repo().join("samples/2022").to_string_lossy(),
    ]);
    assert!(
        !last_year.stdout.contains("佐证材料"),
        "{}",
        last_year.stdout
    );
    assert!(last_year.stdout.contains("21"), "{}", last_year.stdout);
}
