//! `assess template`: the workbook a county fills in.

use std::collections::BTreeSet;

use calamine::{Data, Reader, Xlsx, open_workbook};

use crate::common::{Test, XlsxParts, soffice_convert_all};

const ZHENGDING: &str = "2025-正定县-核心能力评估填报表.xlsx";

fn template() -> Test {
    let t = Test::new();
    let run = t.run(&[
        "template",
        "--year",
        "2025",
        "--unit",
        "正定县",
        "--out",
        "t",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "已在「t」写入 1 份填报表\n");
    t
}

fn text(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
    range
        .get_value((row, col))
        .cloned()
        .unwrap_or(Data::Empty)
        .to_string()
}

/// `F12` → (11, 5).
fn position(cell: &str) -> (u32, u32) {
    let letters: String = cell.chars().take_while(char::is_ascii_alphabetic).collect();
    let row: u32 = cell[letters.len()..].parse().expect("row");
    let col = letters
        .bytes()
        .fold(0u32, |acc, b| acc * 26 + u32::from(b - b'A' + 1));
    (row - 1, col - 1)
}

#[test]
fn writes_one_workbook_per_unit_that_libreoffice_converts() {
    let t = Test::new();
    let run = t.run(&["template", "--year", "2025", "--out", "t/"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut names: Vec<String> = std::fs::read_dir(t.path("t"))
        .expect("t/")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 21);
    assert!(names.contains(&ZHENGDING.to_string()));
    assert!(names.contains(&"2025-井陉矿区-核心能力评估填报表.xlsx".to_string()));
    let out = t.path("pdf");
    std::fs::create_dir_all(&out).expect("pdf/");
    // all 21 open and convert (to ods: a PDF of each would take minutes); one prints to PDF
    let files: Vec<_> = names.iter().map(|n| t.path("t").join(n)).collect();
    if let Some(converted) = soffice_convert_all(&files, "ods", &out) {
        assert_eq!(converted.len(), 21);
        let pdf = soffice_convert_all(&files[..1], "pdf", &out).expect("pdf");
        assert!(std::fs::metadata(&pdf[0]).expect("pdf").len() > 10_000);
    }
}

#[test]
fn the_stamp_is_in_visible_cells_and_in_the_document_properties() {
    let t = template();
    let path = t.path("t").join(ZHENGDING);
    let mut book: Xlsx<_> = open_workbook(&path).expect("xlsx");
    assert_eq!(
        book.sheet_names(),
        vec![
            "填报说明",
            "指标数据",
            "基层组织",
            "加分申报",
            "佐证材料",
            "填报承诺",
            "选项"
        ]
    );
    let guide = book.worksheet_range("填报说明").expect("guide");
    let stamp: Vec<(String, String)> = (2..7)
        .map(|r| (text(&guide, r, 0), text(&guide, r, 1)))
        .collect();
    assert_eq!(
        stamp,
        vec![
            ("单位代码".into(), "130123".into()),
            ("单位名称".into(), "正定县".into()),
            ("评估年度".into(), "2025".into()),
            ("体系代码".into(), "sjz-county-core".into()),
            ("体系版本".into(), "2025.1".into()),
        ]
    );
    // the statistical period 12-01 … 11-30 starts in the previous year
    assert_eq!(text(&guide, 2, 3), "2024年12月1日至2025年11月30日");
    assert_eq!(text(&guide, 3, 3), "2025年12月15日");
    let custom = XlsxParts::open(&path);
    let props = custom.part("docProps/custom.xml");
    for (name, value) in [
        ("assess-unit-code", "130123"),
        ("assess-unit-name", "正定县"),
        ("assess-year", "2025"),
        ("assess-framework-id", "sjz-county-core"),
        ("assess-framework-version", "2025.1"),
    ] {
        let at = props
            .find(&format!("name=\"{name}\""))
            .unwrap_or_else(|| panic!("{name}"));
        assert!(
            props[at..].contains(&format!("<vt:lpwstr>{value}</vt:lpwstr>")),
            "{name}"
        );
    }
    // the stamp cells are locked: nothing on the guide sheet is unlocked
    let unlocked = custom.unlocked_styles();
    let open: Vec<String> = XlsxParts::cells(custom.sheet("填报说明"))
        .into_iter()
        .filter(|(_, s)| unlocked.contains(s))
        .map(|(r, _)| r)
        .collect();
    assert!(open.is_empty(), "{open:?}");
}

#[test]
fn only_input_evidence_and_remark_cells_are_unlocked_and_each_input_is_validated() {
    let t = template();
    let path = t.path("t").join(ZHENGDING);
    let mut book: Xlsx<_> = open_workbook(&path).expect("xlsx");
    let data = book.worksheet_range("指标数据").expect("data");
    let header: Vec<String> = (0..9).map(|c| text(&data, 2, c)).collect();
    assert_eq!(
        header,
        [
            "代码",
            "指标项",
            "计量单位",
            "统计口径",
            "上年数",
            "填报值",
            "佐证编号",
            "备注",
            "填报说明"
        ]
    );
    // rows that hold a field code in column A
    let fw = county_assess::framework::load(None).expect("default");
    let mut field_rows = Vec::new();
    for r in 3..data.height() as u32 {
        if let Some(field) = fw.field(&text(&data, r, 0)) {
            field_rows.push((r, field.clone()));
        }
    }
    // 50 fields, of which 8 come from city departments or outside bodies
    let county: Vec<&str> = fw
        .fields
        .iter()
        .filter(|f| f.source == county_assess::framework::Source::County)
        .map(|f| f.code.as_str())
        .collect();
    assert_eq!(county.len(), 42);
    assert_eq!(field_rows.len(), 42);
    assert!(
        field_rows
            .iter()
            .all(|(_, f)| county.contains(&f.code.as_str()))
    );
    assert!(!field_rows.iter().any(|(_, f)| f.code == "blood_donations"));

    let parts = XlsxParts::open(&path);
    let sheet = parts.sheet("指标数据");
    assert!(sheet.contains("<sheetProtection"), "protected");
    assert!(
        !sheet.contains("<sheetProtection password"),
        "without a password"
    );
    let unlocked = parts.unlocked_styles();
    let got: BTreeSet<(u32, u32)> = XlsxParts::cells(sheet)
        .into_iter()
        .filter(|(_, s)| unlocked.contains(s))
        .map(|(r, _)| position(&r))
        .collect();
    let expected: BTreeSet<(u32, u32)> = field_rows
        .iter()
        .flat_map(|(r, _)| [(*r, 5), (*r, 6), (*r, 7)])
        .collect();
    assert_eq!(got, expected);

    let validations = XlsxParts::validations(sheet);
    for (row, field) in &field_rows {
        let cell = format!("F{}", row + 1);
        let v = validations
            .iter()
            .find(|(_, sqref, _)| sqref == &cell)
            .unwrap_or_else(|| panic!("{} has a validation", field.code));
        let expected = match field.kind {
            county_assess::framework::FieldType::Integer => "whole",
            county_assess::framework::FieldType::YesNo => "list",
            _ => "decimal",
        };
        assert_eq!(v.0, expected, "{}", field.code);
        if field.kind == county_assess::framework::FieldType::YesNo {
            assert_eq!(v.2, "\"是,否\"", "{}", field.code);
        }
    }
    // towns_total: a whole number from 1 to 100
    let towns = field_rows
        .iter()
        .find(|(_, f)| f.code == "towns_total")
        .expect("towns");
    let whole = sheet
        .split("<dataValidation ")
        .find(|v| v.contains(&format!("sqref=\"F{}\"", towns.0 + 1)))
        .expect("towns validation");
    assert!(
        whole.contains("<formula1>1</formula1><formula2>100</formula2>"),
        "{whole}"
    );
    assert!(
        whole.contains("promptTitle=\"乡镇（街道）总数\""),
        "{whole}"
    );
}

#[test]
fn drop_downs_offer_the_frameworks_choices() {
    let t = template();
    let path = t.path("t").join(ZHENGDING);
    let mut book: Xlsx<_> = open_workbook(&path).expect("xlsx");
    let lists = book.worksheet_range("选项").expect("lists");
    let types: Vec<String> = (0..5).map(|r| text(&lists, r, 0)).collect();
    assert_eq!(
        types,
        ["乡镇/街道", "村/社区", "学校", "医疗机构", "企事业单位"]
    );
    let bonus: Vec<String> = (0..5).map(|r| text(&lists, r, 1)).collect();
    assert_eq!(bonus[0], "X1 获中国红十字会总会表彰");
    assert_eq!(bonus[4], "X5 实现遗体或人体器官捐献（每例）");

    let orgs = book.worksheet_range("基层组织").expect("orgs");
    let header: Vec<String> = (0..13).map(|c| text(&orgs, 2, c)).collect();
    assert_eq!(
        header,
        [
            "序号",
            "组织名称",
            "类型",
            "所属乡镇（街道）",
            "会员数",
            "志愿者数",
            "有带头人",
            "有队伍",
            "有制度",
            "有服务平台",
            "有特色活动",
            "备注",
            ""
        ]
    );
    // the rows to fill are not written (a written row prints, blank or not):
    // the sheet ends at its header; its columns carry the unlocked formats and
    // a border appears on a row once its name is typed
    assert_eq!(
        orgs.end().map(|(r, _)| r),
        Some(2),
        "nothing under the header"
    );

    let parts = XlsxParts::open(&path);
    let validations = XlsxParts::validations(parts.sheet("基层组织"));
    let find = |sqref: &str| {
        validations
            .iter()
            .find(|(_, s, _)| s == sqref)
            .unwrap_or_else(|| panic!("validation on {sqref}: {validations:?}"))
            .clone()
    };
    assert_eq!(
        find("C4:C603"),
        ("list".into(), "C4:C603".into(), "'选项'!$A$1:$A$5".into())
    );
    assert_eq!(find("G4:K603").2, "\"是,否\"");
    assert_eq!(find("E4:F603").0, "whole");
    // the border of a filled row: drawn once column B (组织名称) holds text
    let orgs = parts.sheet("基层组织");
    assert!(
        orgs.contains("<conditionalFormatting sqref=\"A4:L603\">")
            && orgs.contains("<formula>$B4&lt;&gt;\"\"</formula>"),
        "{orgs}"
    );
    // every column's cells unlocked by the column's format (styles with
    // protection locked=0), so that a county types into rows never written
    let styles = parts.part("xl/styles.xml");
    let xfs: Vec<&str> = styles
        .split("<cellXfs")
        .nth(1)
        .expect("cellXfs")
        .split("<xf ")
        .skip(1)
        .collect();
    for c in orgs.split("<col ").skip(1) {
        let style: usize = c
            .split("style=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("a column without a format: {c}"));
        assert!(
            xfs[style].contains("locked=\"0\""),
            "column {c}: {}",
            xfs[style]
        );
    }
    let bonus = XlsxParts::validations(parts.sheet("加分申报"));
    assert!(
        bonus.contains(&("list".into(), "B4:B33".into(), "'选项'!$B$1:$B$5".into())),
        "{bonus:?}"
    );
    let hidden = parts.part("xl/workbook.xml");
    assert!(
        hidden.contains("name=\"选项\" sheetId=\"7\" state=\"hidden\""),
        "{hidden}"
    );
    // the evidence list: kinds to choose, whole pages, 300 rows ready
    let evidence = XlsxParts::validations(parts.sheet("佐证材料"));
    assert!(
        evidence.contains(&(
            "list".into(),
            "D4:D303".into(),
            "\"文件,台账,照片,报道,证书,其他\"".into()
        )),
        "{evidence:?}"
    );
    assert!(
        evidence
            .iter()
            .any(|(kind, range, _)| kind == "whole" && range == "E4:E303"),
        "{evidence:?}"
    );
}

#[test]
fn unknown_unit_is_refused() {
    let t = Test::new();
    let run = t.run(&["template", "--year", "2025", "--unit", "辛集市"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr, "错误：没有代码或名称为「辛集市」的参评单位\n");
}
