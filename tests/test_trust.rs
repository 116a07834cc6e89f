//! What a run guarantees (README): a ranking is never wrong without anyone
//! being told. Each class of case has a test on real files — the samples
//! edited inside their zip, or workbooks written with rust_xlsxwriter — read
//! by calamine through the real binary, with the messages pinned.

use std::path::Path;

use county_assess::extract;
use county_assess::framework;
use county_assess::ingest::read::read_workbook;
use county_assess::numbers::Value;

use crate::common::{Test, copy_dir, edit_xlsx};

const ZHENGDING: &str = "2023-正定县-核心能力评估填报表.xlsx";
const JINGXING: &str = "2023-井陉县-核心能力评估填报表.xlsx";

/// `samples/2023` and `samples/2022` copied beside each other into the test folder.
fn samples(t: &Test) {
    copy_dir(t, "samples/2023", "2023");
    copy_dir(t, "samples/2022", "2022");
}

/// The lines of `text` that start with `prefix` (after indentation).
fn lines_with<'a>(text: &'a str, prefix: &str) -> Vec<&'a str> {
    text.lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with(prefix))
        .collect()
}

#[test]
fn another_countys_stamp_assigns_the_file_to_nobody_and_the_run_stops() {
    let t = Test::new();
    samples(&t);
    // 正定县's clerk typed 井陉县's code (130121) into the locked stamp cell
    // 填报说明!B3; the name cell, the properties, the titles and the file name
    // still say 正定县
    edit_xlsx(
        &t.path("2023").join(ZHENGDING),
        "xl/sharedStrings.xml",
        "<t>单位代码</t></si><si><t>130123</t>",
        "<t>单位代码</t></si><si><t>130121</t>",
    );
    let run = t.run(&["run", "2023", "--timestamp", "2024-01-15"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let conflict = format!(
        "[错误] 2023/{ZHENGDING}: 文件中的单位标识互相矛盾：填报说明!B3 单位代码“130121”（井陉县）；\
         填报说明!B4 单位名称“正定县”；文档属性中的单位代码“130123”（正定县）；文档属性中的单位名称“正定县”；\
         填报说明!A1 标题“2023年度正定县红十字会核心能力评估填报表”（正定县）；\
         指标数据!A1 标题“2023年度正定县红十字会核心能力评估填报表”（正定县）；\
         文件名“{ZHENGDING}”（正定县）；\
         其中与多数标识（正定县）不符的是：填报说明!B3 单位代码“130121”（井陉县）；\
         无法确定是哪个单位的报表，未读取。请核实后用本单位的模板重新填报（不要改动锁定的标识单元格）"
    );
    assert!(run.stdout.contains(&conflict), "{}", run.stdout);
    // 正定县 now has no submission: named, and nothing is scored
    assert!(
        run.stdout.contains("[错误] 正定县（130123）没有报送文件，也未在市级复核表“收件登记”中登记为“未报送”或“免报”，不予计分"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("有错误，未计分"), "{}", run.stdout);
    assert!(!t.path("assessment-2023.xlsx").exists());
    // 井陉县's own file is still 井陉县's: no re-submission, no replacement
    assert!(
        !run.stdout.contains("同一单位有 2 份文件"),
        "{}",
        run.stdout
    );
    // the file is counted as rejected: 22 found = 21 read + 1 rejected
    assert!(
        run.stdout
            .contains("找到 22 个文件 = 读取 21 + 拒收 1 + 跳过 0"),
        "{}",
        run.stdout
    );

    let en = t.run(&["--lang", "en", "validate", "2023"]);
    assert_eq!(en.code, 1);
    assert!(
        en.stdout.contains("the places naming the unit disagree: 填报说明!B3 unit code `130121` (Jingxing County); 填报说明!B4 unit name `正定县` (Zhengding County);"),
        "{}",
        en.stdout
    );
}

#[test]
fn a_file_name_naming_another_unit_is_a_contradiction_and_a_name_naming_none_is_fine() {
    let t = Test::new();
    samples(&t);
    // 井陉县's file saved as 正定县's name (and 正定县's own file removed)
    std::fs::remove_file(t.path("2023").join(ZHENGDING)).expect("remove");
    std::fs::rename(
        t.path("2023").join(JINGXING),
        t.path("2023").join("正定县2023年报表.xlsx"),
    )
    .expect("rename");
    let run = t.run(&["validate", "2023"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains(
            "；文件名“正定县2023年报表.xlsx”（正定县）；\
             其中与多数标识（井陉县）不符的是：文件名“正定县2023年报表.xlsx”（正定县）；\
             无法确定是哪个单位的报表，未读取"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("井陉县（130121）没有报送文件"),
        "{}",
        run.stdout
    );

    // “井陉” alone names no unit: the file is 井陉县's by its stamp, with a note
    std::fs::rename(
        t.path("2023").join("正定县2023年报表.xlsx"),
        t.path("2023").join("井陉2023.xlsx"),
    )
    .expect("rename");
    let run = t.run(&["validate", "2023"]);
    assert!(
        run.stdout
            .contains("2023/井陉2023.xlsx: 文件名未包含单位名称，按表内标识认定为井陉县"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("单位标识互相矛盾"), "{}", run.stdout);
}

#[test]
fn another_units_name_typed_as_the_stamp_code_is_a_contradiction_too() {
    let t = Test::new();
    samples(&t);
    // 井陉县's name typed into 正定县's code cell: read as 井陉县 (the stamp
    // takes a name as well as a code), so it contradicts everything else
    edit_xlsx(
        &t.path("2023").join(ZHENGDING),
        "xl/sharedStrings.xml",
        "<t>单位代码</t></si><si><t>130123</t>",
        "<t>单位代码</t></si><si><t>井陉县</t>",
    );
    let run = t.run(&["validate", "2023"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains(&format!(
            "[错误] 2023/{ZHENGDING}: 文件中的单位标识互相矛盾：填报说明!B3 单位代码“井陉县”；"
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("其中与多数标识（正定县）不符的是：填报说明!B3 单位代码“井陉县”；"),
        "{}",
        run.stdout
    );
    // the file went to nobody: 井陉县 keeps its own file, 正定县 has none
    assert!(
        run.stdout.contains("正定县（130123）没有报送文件"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("井陉县（130121）没有报送文件"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_emptied_code_cell_reads_no_label_as_the_code() {
    let t = Test::new();
    samples(&t);
    // the code cell 填报说明!B3 emptied: 统计时段 (C3, a label) is not the
    // code; the document property (130123) still names 正定县, as all else does
    edit_xlsx(
        &t.path("2023").join(ZHENGDING),
        "xl/sharedStrings.xml",
        "<t>单位代码</t></si><si><t>130123</t>",
        "<t>单位代码</t></si><si><t></t>",
    );
    let run = t.run(&["validate", "2023"]);
    assert!(!run.stdout.contains("统计时段"), "{}", run.stdout);
    assert!(
        !run.stdout.contains("正定县（130123）没有报送文件"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("找到 22 个文件 = 读取 22 + 拒收 0 + 跳过 0；0 个错误"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_code_not_in_the_registry_is_named_at_its_cell() {
    let t = Test::new();
    samples(&t);
    edit_xlsx(
        &t.path("2023").join(ZHENGDING),
        "xl/sharedStrings.xml",
        "<t>单位代码</t></si><si><t>130123</t>",
        "<t>单位代码</t></si><si><t>130199</t>",
    );
    let run = t.run(&["validate", "2023"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains(&format!(
            "[错误] 2023/{ZHENGDING} 填报说明!B3: 单位代码「130199」不在参评单位名单中；\
             表内单位名称“正定县”在名单中的代码是 130123，请核对单位代码后重新报送；未读取"
        )),
        "{}",
        run.stdout
    );
}

#[test]
fn last_years_files_that_cannot_be_used_are_named_and_their_units_not_compared() {
    let t = Test::new();
    samples(&t);
    // 2022: 正定县's stamp code says 井陉县; 新乐市's 评估年度 cell says 2023
    // while its titles and properties say 2022
    edit_xlsx(
        &t.path("2022").join("2022-正定县-核心能力评估填报表.xlsx"),
        "xl/sharedStrings.xml",
        "<t>单位代码</t></si><si><t>130123</t>",
        "<t>单位代码</t></si><si><t>130121</t>",
    );
    let xinle = "2022/2022-新乐市-核心能力评估填报表.xlsx";
    edit_xlsx(
        &t.path(xinle),
        "xl/sharedStrings.xml",
        "<t>评估年度</t></si><si><t>2022</t>",
        "<t>评估年度</t></si><si><t>2023</t>",
    );
    let run = t.run(&["run", "2023", "--timestamp", "2024-01-15"]);
    // warnings: this year's ranking stands
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "与 2022 年比较：19 个单位按本年评分标准重新计分；正定县、新乐市 上年没有可用的报表，不作比较"
        ),
        "{}",
        run.stdout
    );
    let not_used =
        "2022 年的报表未采用，与上年的比较不含此文件（上年没有其他可用报表的单位不作比较）：";
    assert!(
        run.stdout.contains(&format!(
            "[警告] {xinle}: {not_used}文件中的评估年度互相矛盾：填报说明!B5 评估年度“2023”；\
             文档属性中的评估年度“2022”；填报说明!A1 标题“2022年度新乐市红十字会核心能力评估填报表”（2022）；\
             指标数据!A1 标题“2022年度新乐市红十字会核心能力评估填报表”（2022）；无法确定是哪一年的报表，未读取"
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&format!(
            "[警告] 2022/2022-正定县-核心能力评估填报表.xlsx: {not_used}文件中的单位标识互相矛盾：填报说明!B3 单位代码“130121”（井陉县）"
        )),
        "{}",
        run.stdout
    );
    // the ranking shows no 2022 total, score change, rank or rank change for the two
    let book = read_workbook(&t.path("assessment-2023.xlsx")).expect("workbook");
    let ranking = &book.sheets[0];
    let text = |row: u32, col: u32| {
        ranking
            .cells
            .iter()
            .find(|c| c.row == row && c.col == col)
            .map(|c| county_assess::ingest::cell_text(&c.value))
            .unwrap_or_default()
    };
    let header = (0..30).find(|r| text(*r, 0) == "名次").expect("header row");
    let column = |name: &str| {
        (0..40)
            .find(|c| text(header, *c) == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    let code_column = column("单位代码");
    let row_of = |code: &str| {
        (header + 1..header + 30)
            .find(|r| text(*r, code_column) == code)
            .unwrap_or_else(|| panic!("{code}"))
    };
    for code in ["130123", "130184"] {
        for name in ["2022年总分", "分数变化", "2022年名次", "名次变化"] {
            assert_eq!(text(row_of(code), column(name)), "", "{code} {name}");
        }
    }
    // a unit whose file was used keeps its comparison: 长安区 100.16 in 2022
    assert_eq!(text(row_of("130102"), column("2022年总分")), "100.16");
}

#[test]
fn the_year_on_year_checks_compare_with_last_years_newest_file() {
    let t = Test::new();
    samples(&t);
    // 正定县 sent 2022 twice: the original and a later file (same 填报日期,
    // later file time) whose 乡镇（街道）总数 (F13) is 3 instead of 12. The
    // later one is last year's submission, so 2023's 12 is a change of +300%
    let original = t.path("2022").join("2022-正定县-核心能力评估填报表.xlsx");
    let again = t.path("2022").join("2022-正定县-重报.xlsx");
    std::fs::copy(&original, &again).expect("copy");
    set_number(&again, "xl/worksheets/sheet2.xml", "F13", "3");
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&again)
        .and_then(|f| f.set_modified(later))
        .expect("file time");
    let run = t.run(&["validate", "2023"]);
    assert!(
        run.stdout.contains(&format!(
            "[警告] 2023/{ZHENGDING} 指标数据!F13: “乡镇（街道）总数”本年 12 个，上年 3 个，变化 +300%；请核对"
        )),
        "{}",
        run.stdout
    );
}

#[test]
fn full_width_digits_in_the_stamp_code_read_as_digits() {
    let t = Test::new();
    samples(&t);
    edit_xlsx(
        &t.path("2023").join(ZHENGDING),
        "xl/sharedStrings.xml",
        "<t>单位代码</t></si><si><t>130123</t>",
        "<t>单位代码</t></si><si><t>１３０１２３</t>",
    );
    let run = t.run(&["validate", "2023"]);
    // every unit identified, nothing contradicts: 22 files read, no error
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("找到 22 个文件 = 读取 22 + 拒收 0 + 跳过 0；0 个错误"),
        "{}",
        run.stdout
    );
}

/// Adds merged areas to a sheet part of an xlsx (after its first `<mergeCell …/>`).
fn merge(path: &Path, part: &str, first: &str, areas: &[&str]) {
    let added: String = areas
        .iter()
        .map(|a| format!("<mergeCell ref=\"{a}\"/>"))
        .collect();
    let existing = format!("<mergeCell ref=\"{first}\"/>");
    edit_xlsx(path, part, &existing, &format!("{existing}{added}"));
}

#[test]
fn a_merge_over_two_fields_or_last_years_column_is_an_error_and_never_a_value() {
    let t = Test::new();
    samples(&t);
    let file = t.path("2023").join(ZHENGDING);
    // 指标数据 (sheet2): F13:F14 covers the inputs of two fields (written
    // F14:F13, corners the other way round as a hand-edited file can: the
    // same area, named top-left first), E15:F15 joins 上年数 (E) with the
    // input (F) of a third
    let book = read_workbook(&file).expect("readable");
    let data = book
        .sheets
        .iter()
        .find(|s| s.name == "指标数据")
        .expect("data");
    let code_at = |row: u32| {
        data.cells
            .iter()
            .find(|c| c.row == row && c.col == 0)
            .map(|c| county_assess::ingest::cell_text(&c.value))
            .unwrap_or_default()
    };
    // rows 13, 14 and 15 (1-based) hold these three fields
    assert_eq!(
        [code_at(12), code_at(13), code_at(14)],
        ["towns_total", "towns_with_rc", "villages_total"]
    );
    merge(
        &file,
        "xl/worksheets/sheet2.xml",
        "A1:I1",
        &["F14:F13", "E15:F15", "A16:A17"],
    );
    let run = t.run(&["validate", "2023"]);
    assert_eq!(run.code, 1);
    let at = |cell: &str| format!("2023/{ZHENGDING} 指标数据!{cell}: ");
    for expected in [
        format!(
            "{}F13:F14 是合并单元格，覆盖了“已建立红十字会的乡镇（街道）数”等其他指标的填报格；合并后只有一个值，本项未读取。请取消合并后逐项填写",
            at("F13")
        ),
        format!(
            "{}F13:F14 是合并单元格，覆盖了“乡镇（街道）总数”等其他指标的填报格；合并后只有一个值，本项未读取。请取消合并后逐项填写",
            at("F14")
        ),
        format!(
            "{}E15:F15 是合并单元格，把填报格与“上年数”列合在了一起，读到的可能是“上年数”的数；合并后只有一个值，本项未读取。请取消合并后逐项填写",
            at("F15")
        ),
        // A16:A17 down the 代码 column: row 17 would read row 16's code
        format!(
            "{}A16:A17 是合并单元格；合并后只有第一行有值，其余行不能算作已填写。请取消合并后逐行填写",
            at("A16")
        ),
    ] {
        assert!(run.stdout.contains(&expected), "{expected}\n{}", run.stdout);
    }
    // none of the three values is read: they are not claims the county made
    let fw = framework::load(None).expect("framework");
    let book = read_workbook(&file).expect("readable");
    let mut findings = Vec::new();
    let sub = extract::extract(&fw, &book, "f", "130123", 2023, &mut findings);
    for code in ["towns_total", "towns_with_rc", "villages_total"] {
        assert!(!sub.values.contains_key(code), "{code} was read");
    }
}

#[test]
fn a_merge_in_a_file_saved_as_ods_by_libreoffice_is_found_too() {
    let t = Test::new();
    samples(&t);
    let file = t.path("2023").join(ZHENGDING);
    merge(&file, "xl/worksheets/sheet2.xml", "A1:I1", &["F13:F14"]);
    // the county saves its workbook as .ods (LibreOffice's own format)
    let Some(ods) = crate::common::soffice_convert(&file, "ods", &t.path("2023")) else {
        return;
    };
    std::fs::remove_file(&file).expect("remove the xlsx");
    let run = t.run(&["validate", "2023"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let name = ods
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    assert!(
        run.stdout.contains(&format!(
            "[错误] 2023/{name} 指标数据!F13: F13:F14 是合并单元格，覆盖了“已建立红十字会的乡镇（街道）数”等其他指标的填报格"
        )),
        "{}",
        run.stdout
    );
}

#[test]
fn a_town_merged_down_the_grassroots_list_fills_down_with_a_note_other_merges_are_errors() {
    let t = Test::new();
    samples(&t);
    let file = t.path("2023").join(ZHENGDING);
    let fw = framework::load(None).expect("framework");
    let before = {
        let book = read_workbook(&file).expect("readable");
        let mut findings = Vec::new();
        extract::extract(&fw, &book, "f", "130123", 2023, &mut findings)
    };
    // 基层组织 (sheet3): the header is row 3, organisations from row 4; D is
    // 所属乡镇（街道）, G the first 有
    let town = before.orgs[0].town.clone();
    assert!(before.orgs[0].row == 3 && !town.is_empty());
    merge(
        &file,
        "xl/worksheets/sheet3.xml",
        "A1:L1",
        &["D4:D7", "G4:G5"],
    );
    // as Excel merges: only the top-left cell keeps its value
    for cell in ["D5", "D6", "D7", "G5"] {
        let old = cell_xml(&file, "xl/worksheets/sheet3.xml", cell);
        edit_xlsx(
            &file,
            "xl/worksheets/sheet3.xml",
            &old,
            &format!("<c r=\"{cell}\"/>"),
        );
    }
    let run = t.run(&["validate", "2023"]);
    let note = format!(
        "[提示] 2023/{ZHENGDING} 基层组织!D4: D4:D7 是合并单元格，“所属乡镇（街道）”按“{town}”填入这 4 行"
    );
    assert!(run.stdout.contains(&note), "{note}\n{}", run.stdout);
    let error = format!(
        "[错误] 2023/{ZHENGDING} 基层组织!G4: G4:G5 是合并单元格；合并后只有第一行有值，其余行不能算作已填写。请取消合并后逐行填写"
    );
    assert!(run.stdout.contains(&error), "{error}\n{}", run.stdout);
    // the merged town reads for all four rows
    let book = read_workbook(&file).expect("readable");
    let mut findings = Vec::new();
    let after = extract::extract(&fw, &book, "f", "130123", 2023, &mut findings);
    for org in &after.orgs[..4] {
        assert_eq!(org.town, town, "row {}", org.row + 1);
    }
}

#[test]
fn a_merge_in_the_bonus_claims_counts_nothing_twice() {
    let t = Test::new();
    samples(&t);
    let changan = "2023-长安区-核心能力评估填报表.xlsx";
    let file = t.path("2023").join(changan);
    // 加分申报 (sheet4): row 6 claims X3 twice (C6 = 2) with evidence JF-03;
    // row 7 is given the same item (B7) and C6:C7 and E6:E7 merged, as if
    // the count and the evidence were shared
    edit_xlsx(
        &file,
        "xl/worksheets/sheet4.xml",
        "<c r=\"B7\" s=\"9\"/>",
        "<c r=\"B7\" s=\"9\" t=\"s\"><v>506</v></c>",
    );
    merge(
        &file,
        "xl/worksheets/sheet4.xml",
        "A2:E2",
        &["C6:C7", "E6:E7"],
    );
    let run = t.run(&["validate", "2023"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let at = |cell: &str| format!("2023/{changan} 加分申报!{cell}: ");
    for expected in [
        format!(
            "[错误] {}C6:C7 是合并单元格；合并后只有第一行有值，其余行不能算作已填写。请取消合并后逐行填写",
            at("C6")
        ),
        format!(
            "[提示] {}E6:E7 是合并单元格，“佐证编号”按“JF-03”填入这 2 行",
            at("E6")
        ),
    ] {
        assert!(run.stdout.contains(&expected), "{expected}\n{}", run.stdout);
    }
    // row 7 (0-based 6) gets the evidence, not the count: its claim counts nothing
    let fw = framework::load(None).expect("framework");
    let book = read_workbook(&file).expect("readable");
    let mut findings = Vec::new();
    let sub = extract::extract(&fw, &book, "f", "130102", 2023, &mut findings);
    let row7 = sub.claims.iter().find(|c| c.row == 6).expect("row 7 claim");
    assert_eq!(row7.count, None);
    assert_eq!(row7.evidence, "JF-03");
    let row6 = sub.claims.iter().find(|c| c.row == 5).expect("row 6 claim");
    assert_eq!(row6.count, Some(2.0));
}

#[test]
fn a_cell_listed_twice_is_an_error_and_character_references_read_as_characters() {
    let t = Test::new();
    samples(&t);
    let file = t.path("2023").join(ZHENGDING);
    // F13 (乡镇（街道）总数, 12 in the sample) listed twice: 12 and 99
    edit_xlsx(
        &file,
        "xl/worksheets/sheet2.xml",
        "<c r=\"F13\" s=\"10\"><v>12</v></c>",
        "<c r=\"F13\" s=\"10\"><v>12</v></c><c r=\"F13\" s=\"10\"><v>99</v></c>",
    );
    let run = t.run(&["validate", "2023"]);
    assert_eq!(run.code, 1);
    let expected = format!(
        "[错误] 2023/{ZHENGDING} 指标数据!F13: 这个单元格在文件中出现了 2 次（“12”、“99”），文件可能被其他软件改动过，无法确定哪个是填写的值；请在 Excel 或 WPS 中核对后另存，重新报送"
    );
    assert!(run.stdout.contains(&expected), "{}", run.stdout);

    // 12 written as the character references &#49;&#50; reads as 12
    let other = t.path("2023").join(JINGXING);
    let book = read_workbook(&other).expect("readable");
    let data = book
        .sheets
        .iter()
        .find(|s| s.name == "指标数据")
        .expect("data");
    let f13 = data
        .cells
        .iter()
        .find(|c| (c.row, c.col) == (12, 5))
        .map(|c| county_assess::ingest::cell_text(&c.value))
        .expect("F13");
    let digits: String = f13
        .chars()
        .map(|c| format!("&#{};", u32::from(c)))
        .collect();
    edit_xlsx(
        &other,
        "xl/worksheets/sheet2.xml",
        &format!("<c r=\"F13\" s=\"10\"><v>{f13}</v></c>"),
        &format!("<c r=\"F13\" s=\"10\"><v>{digits}</v></c>"),
    );
    let fw = framework::load(None).expect("framework");
    let book = read_workbook(&other).expect("readable");
    let mut findings = Vec::new();
    let sub = extract::extract(&fw, &book, "f", "130121", 2023, &mut findings);
    let expected: f64 = f13.parse().expect("a number");
    assert_eq!(sub.values["towns_total"].value, Value::Number(expected));
}

/// A minimal submission written with rust_xlsxwriter: the stamp on 填报说明,
/// a data sheet with the header and three fields, and `extra` to add more.
fn minimal(path: &Path, extra: impl FnOnce(&mut rust_xlsxwriter::Workbook)) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let guide = book.add_worksheet().set_name("填报说明").expect("name");
    for (row, (label, value)) in [
        ("单位代码", "130123"),
        ("单位名称", "正定县"),
        ("评估年度", "2023"),
    ]
    .into_iter()
    .enumerate()
    {
        let row = u32::try_from(row).expect("row") + 2;
        guide.write_string(row, 0, label).expect("write");
        guide.write_string(row, 1, value).expect("write");
    }
    let data = book.add_worksheet().set_name("指标数据").expect("name");
    write_data(
        data,
        &[
            ("towns_total", 12.0),
            ("villages_total", 200.0),
            ("drills", 3.0),
        ],
    );
    extra(&mut book);
    book.save(path).expect("save");
}

/// The template's data header (代码 … 填报值 …) in row 2 and one row per field.
fn write_data(sheet: &mut rust_xlsxwriter::Worksheet, rows: &[(&str, f64)]) {
    for (c, h) in county_assess::layout::DATA_HEADERS.iter().enumerate() {
        sheet
            .write_string(1, u16::try_from(c).expect("col"), *h)
            .expect("write");
    }
    for (r, (code, value)) in rows.iter().enumerate() {
        let r = u32::try_from(r).expect("row") + 2;
        sheet.write_string(r, 0, *code).expect("write");
        sheet.write_number(r, 5, *value).expect("write");
    }
}

#[test]
fn a_second_sheet_of_field_codes_or_a_second_value_column_is_an_error_naming_both() {
    let t = Test::new();
    std::fs::create_dir_all(t.path("in")).expect("folder");
    minimal(&t.path("in/正定县.xlsx"), |book| {
        let copy = book.add_worksheet().set_name("指标数据 (2)").expect("name");
        write_data(
            copy,
            &[
                ("towns_total", 30.0),
                ("villages_total", 400.0),
                ("drills", 9.0),
            ],
        );
    });
    let run = t.run(&["validate", "in"]);
    assert!(
        run.stdout.contains("[错误] in/正定县.xlsx 指标数据 (2)!A1: 工作表“指标数据 (2)”也有 3 个指标代码，与“指标数据”重复，无法确定以哪张表为准；请删除多余的工作表后重新报送"),
        "{}",
        run.stdout
    );

    // the same copy hidden: the message says so, and how to see it
    minimal(&t.path("in/正定县.xlsx"), |book| {
        let copy = book.add_worksheet().set_name("指标数据 (2)").expect("name");
        write_data(
            copy,
            &[
                ("towns_total", 30.0),
                ("villages_total", 400.0),
                ("drills", 9.0),
            ],
        );
        copy.set_hidden(true);
    });
    let run = t.run(&["validate", "in"]);
    assert!(
        run.stdout.contains("[错误] in/正定县.xlsx 指标数据 (2)!A1: 隐藏的工作表“指标数据 (2)”也有 3 个指标代码，与“指标数据”重复，无法确定以哪张表为准；请删除多余的工作表（在工作表标签上右键“取消隐藏”可以看到它）后重新报送"),
        "{}",
        run.stdout
    );

    minimal(&t.path("in/正定县.xlsx"), |book| {
        let data = book.worksheet_from_name("指标数据").expect("data");
        data.write_string(1, 8, "填报值").expect("write");
    });
    let run = t.run(&["validate", "in"]);
    assert!(
        run.stdout.contains("[错误] in/正定县.xlsx 指标数据!I2: 表头有两个“填报值”列（F2、I2），无法确定以哪一列为准；请删除多余的列"),
        "{}",
        run.stdout
    );
}

/// The XML of one cell in a part of an xlsx (`<c r="C12" …>…</c>` or `<c r="C12" …/>`).
fn cell_xml(path: &Path, part: &str, cell: &str) -> String {
    let parts = crate::common::XlsxParts::open(path);
    let xml = parts.part(part);
    let start = xml
        .find(&format!("<c r=\"{cell}\""))
        .unwrap_or_else(|| panic!("{cell} in {part}"));
    let rest = &xml[start..];
    let open_end = rest.find('>').expect("tag end");
    let end = if rest[..open_end].ends_with('/') {
        open_end + 1
    } else {
        rest.find("</c>").expect("cell end") + 4
    };
    rest[..end].to_string()
}

/// Writes `text` into a cell of an xlsx sheet part, as an inline string.
fn set_text(path: &Path, part: &str, cell: &str, text: &str) {
    let old = cell_xml(path, part, cell);
    let new = format!("<c r=\"{cell}\" t=\"inlineStr\"><is><t>{text}</t></is></c>");
    edit_xlsx(path, part, &old, &new);
}

/// The city workbook of the 2023 samples, and its sheet parts (rust_xlsxwriter
/// numbers them in order: 说明, 复核, 部室评分, 外部数据, 加分审核, 扣分与否决,
/// 收件登记, 等次审定).
const CITY: &str = "2023-市级复核表.xlsx";
const REVIEW: &str = "xl/worksheets/sheet2.xml";
const RECEIPTS: &str = "xl/worksheets/sheet7.xml";

/// The 1-based row of `code` in a city sheet's 单位代码 column (and `field` in its 代码 column).
fn city_row(path: &Path, sheet: &str, code: &str, field: Option<&str>) -> u32 {
    use calamine::{Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(path).expect("xlsx");
    let range = book.worksheet_range(sheet).expect(sheet);
    let text = |r: u32, c: u32| {
        range
            .get_value((r, c))
            .map(ToString::to_string)
            .unwrap_or_default()
    };
    (0..range.height() as u32)
        .find(|r| text(*r, 0) == code && field.is_none_or(|f| text(*r, 2) == f))
        .map(|r| r + 1)
        .unwrap_or_else(|| panic!("{code} {field:?} in {sheet}"))
}

#[test]
fn a_unit_that_sent_nothing_blocks_the_run_unless_the_city_recorded_it() {
    let t = Test::new();
    samples(&t);
    std::fs::remove_file(t.path("2023").join(ZHENGDING)).expect("remove");
    let run = t.run(&["run", "2023", "--timestamp", "2024-01-15"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("[错误] 1 个单位没有报送文件、也未在“收件登记”中登记：正定县"),
        "{}",
        run.stdout
    );
    assert!(!t.path("assessment-2023.xlsx").exists());

    // recorded as 未报送 in 收件登记 (C is 状态): listed unranked as 不合格
    let city = t.path("2023").join(CITY);
    let row = city_row(&city, "收件登记", "130123", None);
    set_text(&city, RECEIPTS, &format!("C{row}"), "未报送");
    let run = t.run(&[
        "run",
        "2023",
        "--timestamp",
        "2024-01-15",
        "--export",
        "out.csv",
        "--attachment",
        "附件.xlsx",
    ]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    // flagged in the workbook (a 报送情况 column) and the attachment (its rank cell)
    let row_of = |file: &str, sheet: &str| -> Vec<String> {
        use calamine::{Reader, Xlsx, open_workbook};
        let mut book: Xlsx<_> = open_workbook(t.path(file)).expect("xlsx");
        let range = book.worksheet_range(sheet).expect(sheet);
        let rows: Vec<Vec<String>> = range
            .rows()
            .map(|r| r.iter().map(ToString::to_string).collect())
            .collect();
        let header = rows
            .iter()
            .find(|r| r.iter().any(|c| c == "单位"))
            .expect("header")
            .clone();
        let row = rows
            .into_iter()
            .find(|r| r.iter().any(|c| c == "正定县"))
            .expect("正定县");
        header
            .into_iter()
            .zip(row)
            .map(|(h, v)| format!("{h}={v}"))
            .collect()
    };
    let ranking = row_of("assessment-2023.xlsx", "综合排名");
    assert!(ranking.contains(&"名次=—".to_string()), "{ranking:?}");
    assert!(ranking.contains(&"备注=未报送".to_string()), "{ranking:?}");
    assert!(ranking.contains(&"等次=不合格".to_string()), "{ranking:?}");
    let attachment = row_of("附件.xlsx", "得分汇总表");
    assert!(
        attachment.contains(&"名次=未报送".to_string()),
        "{attachment:?}"
    );
    let line = lines_with(&run.stdout, "— 130123 正定县");
    assert!(
        line.len() == 1 && line[0].ends_with(" 不合格 未报送"),
        "{}",
        run.stdout
    );
    // 元氏县 was 21st of 21 with 正定县 ranked above it: now 20th of 20
    assert!(
        run.stdout.contains("  20 130132 元氏县 56.48 不合格\n"),
        "{}",
        run.stdout
    );
    let csv = std::fs::read_to_string(t.path("out.csv")).expect("export");
    let total = csv
        .lines()
        .find(|l| l.starts_with("2023,130123,正定县,total,"))
        .expect("total row");
    assert!(total.contains("not-submitted"), "{total}");

    // a framework that ranks such units at zero: 21st with 0.00
    let init = t.run(&["init", "fw"]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    t.edit(
        "fw/framework.toml",
        "change-warning",
        "not-submitted = \"zero\"\nchange-warning",
    );
    let run = t.run(&[
        "run",
        "2023",
        "--indicators",
        "fw",
        "--timestamp",
        "2024-01-15",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("  21 130123 正定县 0.00 不合格 未报送\n"),
        "{}",
        run.stdout
    );
}

const XINLE: &str = "新乐市红十字会2023年度核心能力评估(2).xlsx";

/// Sets the number in a cell of an xlsx sheet part (the cell holds a number).
fn set_number(path: &Path, part: &str, cell: &str, value: &str) {
    let old = cell_xml(path, part, cell);
    let start = old.find("<v>").expect("a value") + 3;
    let end = old.find("</v>").expect("a value");
    let new = format!("{}{value}{}", &old[..start], &old[end..]);
    edit_xlsx(path, part, &old, &new);
}

#[test]
fn every_run_says_which_units_their_warned_values_decide() {
    let t = Test::new();
    samples(&t);
    let run = t.run(&["run", "2023", "--timestamp", "2024-01-15"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout
            // 11 warned values and 长安区's claim whose evidence is not listed
            .contains("\n—— 本次运行的结论\n错误 0 个，警告 12 个，提示 1 条\n"),
        "{}",
        run.stdout
    );
    // 新乐市 is 3rd (tied), 优秀, 先进单位 on its own five warned values
    let expected = "  新乐市（130184）：名次 3 → 9；等次 优秀 → 良好；不再是先进单位（换用：\
        村（社区）总数 61 → 365（指标数据!F15）；红十字学校（含示范学校）数 11 → 2（指标数据!F17）；\
        当年培训取证救护员 3667 → 1562（指标数据!F26）；公共场所配置 AED 数 46 → 22（指标数据!F29）；\
        其中：网络募捐 17.23 → 8.34（指标数据!F41））；连带：新华区成为先进单位\n";
    // the knock-on: 先进单位 are the first six; 新华区 is 7th (96.74), so when
    // 新乐市 falls to 9th it moves up to 6th and is commended
    assert!(run.stdout.contains(expected), "{}", run.stdout);
    let en = t.run(&["--lang", "en", "run", "2023", "--timestamp", "2024-01-15"]);
    assert!(
        en.stdout.contains(
            "  Xinle City (130184): rank 3 → 9; grade Excellent → Good; no longer Commended branch \
             (replaced: Villages and communities 61 → 365 (指标数据!F15); "
        ),
        "{}",
        en.stdout
    );
    assert!(
        en.stdout
            .contains("; in turn: Xinhua District becomes Commended branch\n")
            && en.stdout.contains("0 errors, 12 warnings, 1 note\n")
            && en
                .stdout
                .contains("Commended branch: Chang'an District, Jingxing County"),
        "{}",
        en.stdout
    );
    assert!(
        run.stdout
            .contains("  鹿泉区（130110）：名次 3 → 7；等次 优秀 → 良好；不再是先进单位")
    );

    // the claim checked: the file edited to last year's five values ranks 9th, 良好
    let file = t.path("2023").join(XINLE);
    for (cell, value) in [
        ("F15", "365"),
        ("F17", "2"),
        ("F26", "1562"),
        ("F29", "22"),
        ("F41", "8.34"),
    ] {
        set_number(&file, "xl/worksheets/sheet2.xml", cell, value);
    }
    let run = t.run(&["run", "2023", "--timestamp", "2024-01-15"]);
    let line = lines_with(&run.stdout, "9 130184 新乐市");
    assert!(
        line.len() == 1 && line[0].ends_with(" 良好"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout
            .contains("先进单位：长安区、井陉县、鹿泉区、新乐市")
    );
    // and 新华区 is commended, as the summary said it would be
    let line = lines_with(&run.stdout, "先进单位：");
    assert!(
        line.len() == 1 && line[0].split('、').any(|n| n.ends_with("新华区")),
        "{}",
        run.stdout
    );
}

#[test]
fn a_warning_the_city_accepted_is_listed_as_accepted_and_strict_blocks_the_others() {
    let t = Test::new();
    samples(&t);
    let strict = t.run(&["run", "2023", "--strict", "--timestamp", "2024-01-15"]);
    assert_eq!(strict.code, 1, "{}", strict.stdout);
    assert!(
        strict.stdout.contains("有未核实的警告（--strict），未计分"),
        "{}",
        strict.stdout
    );
    assert!(!t.path("assessment-2023.xlsx").exists());
    assert_eq!(t.run(&["validate", "2023", "--strict"]).code, 1);

    // 复核 names the check in 核查提示 (L); the city writes 属实 in 核实 (M)
    let city = t.path("2023").join(CITY);
    let row = city_row(&city, "复核", "130184", Some("villages_total"));
    {
        use calamine::{Reader, Xlsx, open_workbook};
        let mut book: Xlsx<_> = open_workbook(&city).expect("xlsx");
        let range = book.worksheet_range("复核").expect("复核");
        let checks = range.get_value((row - 1, 11)).map(ToString::to_string);
        assert_eq!(checks.as_deref(), Some("较上年变化大"));
    }
    set_text(&city, REVIEW, &format!("M{row}"), "属实");
    let run = t.run(&["run", "2023", "--timestamp", "2024-01-15"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("错误 0 个，警告 12 个（其中 1 个已核实），提示 1 条"),
        "{}",
        run.stdout
    );
    let accepted = format!(
        "已核实的警告：\n  2023/{XINLE} 指标数据!F15: “村（社区）总数”本年 61 个，上年 365 个，变化 -83%；请核对（已核实：{CITY} 复核!M{row}）\n"
    );
    assert!(run.stdout.contains(&accepted), "{}", run.stdout);
    // the accepted value stays in the what-if: four values replaced, not five
    let line = lines_with(&run.stdout, "新乐市（130184）：");
    assert!(
        line.len() == 1 && !line[0].contains("村（社区）总数"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_denominator_the_city_confirms_is_used_and_the_countys_figure_warned() {
    let t = Test::new();
    samples(&t);
    // the default framework marks 村（社区）总数 as a denominator; the city
    // confirms 新乐市's 365 from the division lists
    assert_eq!(t.run(&["init", "fw"]).code, 0);
    t.edit(
        "fw/units.toml",
        "population = { 2020 = 478529 }",
        "population = { 2020 = 478529 }\nconfirmed = { villages_total = { 2020 = 365 } }",
    );
    let run = t.run(&[
        "run",
        "2023",
        "--indicators",
        "fw",
        "--timestamp",
        "2024-01-15",
        "--export",
        "out.csv",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let validate = t.run(&["validate", "2023", "--indicators", "fw"]);
    let warning = format!(
        "[警告] 2023/{XINLE} 指标数据!F15: “村（社区）总数”填报 61 个，市级核定的区划数为 365 个，按核定数计分；请核对"
    );
    assert!(validate.stdout.contains(&warning), "{}", validate.stdout);
    // the export: the value scored is the city's, with the registry key as its source
    let csv = std::fs::read_to_string(t.path("out.csv")).expect("export");
    let row = csv
        .lines()
        .find(|l| l.starts_with("2023,130184,新乐市,field,villages_total,"))
        .expect("villages_total row");
    let cells: Vec<&str> = row.split(',').collect();
    assert_eq!(cells[6], "365", "{row}");
    assert_eq!(
        cells[12], "unit.130184.confirmed.villages_total.2020",
        "{row}"
    );
    assert!(cells[11].contains("confirmed"), "{row}");

    // a figure for a field that is not a denominator is refused by the check
    t.edit(
        "fw/units.toml",
        "confirmed = { villages_total = { 2020 = 365 } }",
        "confirmed = { villages_total = { 2020 = 365 }, drills = { 2020 = 3 } }",
    );
    let check = t.run(&["indicators", "--check", "--indicators", "fw"]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(
        check.stdout.contains("unit.130184.confirmed.drills.2020: 字段 `drills` 没有标记为分母（denominator = true），不能在单位名单中登记其数值"),
        "{}",
        check.stdout
    );
}

#[test]
fn the_tools_own_workbooks_among_the_submissions_are_skipped_with_what_they_are() {
    let t = Test::new();
    samples(&t);
    // the office saved this year's outputs into the submissions' folder
    let run = t.run(&[
        "run",
        "2023",
        "-o",
        "2023/评估结果.xlsx",
        "--attachment",
        "2023/附件.xlsx",
        "--public",
        "2023/公开.xlsx",
        "--per-unit",
        "2023/反馈单",
        "--timestamp",
        "2024-01-15",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let run = t.run(&["validate", "2023"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    for (file, what) in [
        ("2023/评估结果.xlsx", "评估结果工作簿"),
        ("2023/附件.xlsx", "得分汇总表（内部掌握）"),
        ("2023/公开.xlsx", "得分汇总表（公开）"),
        ("2023/反馈单/2023-正定县-评估反馈单.xlsx", "评估反馈单"),
    ] {
        let line = format!("[提示] {file}: 这是本工具生成的{what}，不是填报表，已跳过");
        assert!(run.stdout.contains(&line), "{line}\n{}", run.stdout);
    }
    // 22 files of the samples read, the 24 outputs (workbook, two attachments,
    // 21 feedback workbooks) skipped, nothing rejected
    assert!(
        run.stdout
            .contains("找到 46 个文件 = 读取 22 + 拒收 0 + 跳过 24；0 个错误"),
        "{}",
        run.stdout
    );
}
