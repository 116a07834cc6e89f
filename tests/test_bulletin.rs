//! `assess run --attachment/--public/--bulletin`: the bulletin's attachment
//! table (得分汇总表) and the Word draft of the bulletin (通报).

use std::io::Read;

use calamine::{Data, Reader, Xlsx, open_workbook};

use crate::common::{Test, XlsxParts, repo, soffice_convert_all};

fn cell(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
    range
        .get_value((row, col))
        .map(ToString::to_string)
        .unwrap_or_default()
}

/// Runs on samples/2023, writing every output into the test's folder.
fn run_all(t: &Test, prefix: &str) {
    let run = t.run(&[
        "run",
        &repo().join("samples/2023").to_string_lossy(),
        "-o",
        &format!("{prefix}r.xlsx"),
        "--export",
        &format!("{prefix}x.csv"),
        "--attachment",
        &format!("{prefix}附件.xlsx"),
        "--public",
        &format!("{prefix}公开.xlsx"),
        "--bulletin",
        &format!("{prefix}通报.docx"),
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    for name in ["附件.xlsx", "公开.xlsx", "通报.docx"] {
        assert!(
            run.stdout.contains(&format!("{prefix}{name}")),
            "{}",
            run.stdout
        );
    }
}

/// The export's total rows: unit code → (unit name, total, rank, grade).
fn totals(csv: &str) -> Vec<(String, String, f64, u32, String)> {
    csv.lines()
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|r| r.len() > 10 && r[3] == "total")
        .map(|r| {
            (
                r[1].to_string(),
                r[2].to_string(),
                r[7].parse().expect("total"),
                r[9].parse().expect("rank"),
                r[10].to_string(),
            )
        })
        .collect()
}

fn docx_part(path: &std::path::Path, name: &str) -> String {
    let file = std::fs::File::open(path).expect("docx");
    let mut zip = zip::ZipArchive::new(file).expect("zip");
    let mut text = String::new();
    zip.by_name(name)
        .expect(name)
        .read_to_string(&mut text)
        .expect("utf-8");
    text
}

#[test]
fn bulletin_attachment_draft_and_public_version() {
    let t = Test::new();
    run_all(&t, "");
    let csv = std::fs::read_to_string(t.path("x.csv")).expect("csv");
    let totals = totals(&csv);
    assert_eq!(totals.len(), 21);

    // the internal attachment: 内部掌握, title, header, 21 units in code order
    let path = t.path("附件.xlsx");
    let mut book: Xlsx<_> = open_workbook(&path).expect("xlsx");
    assert_eq!(book.sheet_names(), ["得分汇总表"]);
    let sheet = book.worksheet_range("得分汇总表").expect("sheet");
    assert_eq!(cell(&sheet, 0, 0), "内部掌握");
    assert_eq!(
        cell(&sheet, 1, 0),
        "2023年度县(市、区)红十字会核心能力评估得分汇总表"
    );
    let width = sheet.end().expect("end").1 + 1;
    let header: Vec<String> = (0..width).map(|c| cell(&sheet, 2, c)).collect();
    assert_eq!(header[..2], ["序号", "单位"]);
    assert_eq!(header[header.len() - 3..], ["总分", "名次", "等次"]);
    assert!(header.len() > 5, "one column per dimension: {header:?}");
    assert_eq!(sheet.height(), 3 + 21);
    assert_eq!(cell(&sheet, 3, 1), "长安区");
    assert_eq!(cell(&sheet, 23, 1), "新乐市");
    let (total_col, rank_col, grade_col) = (width - 3, width - 2, width - 1);
    let mut codes: Vec<&(String, String, f64, u32, String)> = totals.iter().collect();
    codes.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(codes[0].0, "130102");
    assert_eq!(codes[20].0, "130184");
    for (row, unit) in (3u32..).zip(&codes) {
        assert_eq!(cell(&sheet, row, 0), (row - 2).to_string());
        assert_eq!(cell(&sheet, row, 1), unit.1);
        // numbers are numeric cells, equal to the export's
        match sheet.get_value((row, total_col)) {
            Some(Data::Float(x)) => assert!((x - unit.2).abs() < 1e-9, "{} {x}", unit.1),
            other => panic!("total of {}: {other:?}", unit.1),
        }
        match sheet.get_value((row, rank_col)) {
            Some(Data::Float(x)) => assert_eq!(*x, f64::from(unit.3), "{}", unit.1),
            other => panic!("rank of {}: {other:?}", unit.1),
        }
        assert_eq!(cell(&sheet, row, grade_col), unit.4);
    }
    // tied units share a rank; the rank's format says 并列
    let tied: Vec<u32> = codes
        .iter()
        .map(|u| u.3)
        .filter(|r| codes.iter().filter(|u| u.3 == *r).count() > 1)
        .collect();
    assert!(!tied.is_empty(), "the 2023 samples have a tie");
    let parts = XlsxParts::open(&path);
    assert!(parts.part("xl/styles.xml").contains("(并列)"));
    assert!(!parts.part("xl/styles.xml").contains("D9E1F2"), "no fills");
    let xml = parts.sheet("得分汇总表");
    assert!(xml.contains("paperSize=\"9\""), "A4");
    assert!(
        xml.contains("fitToWidth=\"1\"") || xml.contains("fitToPage"),
        "one page wide"
    );
    assert!(xml.contains("&amp;P"), "page numbers");
    assert!(
        parts.part("xl/workbook.xml").contains("Print_Titles"),
        "repeated header"
    );

    // the public version: no scores, no 名次, units grouped by grade
    let mut book: Xlsx<_> = open_workbook(t.path("公开.xlsx")).expect("xlsx");
    let sheet = book.worksheet_range("得分汇总表").expect("sheet");
    assert_eq!(
        cell(&sheet, 0, 0),
        "2023年度县(市、区)红十字会核心能力评估得分汇总表"
    );
    let header: Vec<String> = (0..3).map(|c| cell(&sheet, 1, c)).collect();
    assert_eq!(header, ["序号", "单位", "等次"]);
    assert_eq!(sheet.end().expect("end").1, 2, "three columns only");
    assert_eq!(sheet.height(), 2 + 21);
    let order = ["优秀", "良好", "合格", "不合格"];
    let mut expected: Vec<&(String, String, f64, u32, String)> = codes.clone();
    expected.sort_by_key(|u| (order.iter().position(|g| *g == u.4), u.0.clone()));
    for (row, unit) in (2u32..).zip(&expected) {
        assert_eq!(cell(&sheet, row, 1), unit.1);
        assert_eq!(cell(&sheet, row, 2), unit.4);
    }
    assert!(
        !XlsxParts::open(&t.path("公开.xlsx"))
            .part("xl/sharedStrings.xml")
            .contains("名次")
    );

    // the Word draft
    let document = docx_part(&t.path("通报.docx"), "word/document.xml");
    assert!(document.contains("关于2023年度县级红十字会核心能力评估结果的通报"));
    assert!(document.contains("各县（市、区）红十字会："));
    assert!(document.contains("附件：得分汇总表"));
    assert!(document.contains("石家庄市红十字会"));
    assert!(document.contains("2024年1月"));
    assert!(document.contains("仿宋_GB2312"));
    for unit in &codes {
        assert!(document.contains(&unit.1), "{}", unit.1);
    }
    let stdout = t
        .run(&[
            "run",
            &repo().join("samples/2023").to_string_lossy(),
            "-o",
            "y.xlsx",
        ])
        .stdout;
    let commended = stdout
        .lines()
        .find_map(|l| l.strip_prefix("先进单位："))
        .expect("commended units printed");
    for unit in commended.split('、') {
        assert!(
            document.contains(&format!("{unit}、")) || document.contains(&format!("{unit}被评为")),
            "{unit}"
        );
    }
    assert!(document.contains("被评为2023年度先进单位"));
    for part in ["[Content_Types].xml", "_rels/.rels", "word/styles.xml"] {
        assert!(!docx_part(&t.path("通报.docx"), part).is_empty());
    }

    // the same inputs give the same bytes
    run_all(&t, "b-");
    for name in ["附件.xlsx", "公开.xlsx", "通报.docx"] {
        assert_eq!(
            std::fs::read(t.path(name)).expect("first"),
            std::fs::read(t.path(&format!("b-{name}"))).expect("second"),
            "{name}"
        );
    }

    // LibreOffice opens them
    let files: Vec<std::path::PathBuf> = ["附件.xlsx", "公开.xlsx", "通报.docx"]
        .iter()
        .map(|n| t.path(n))
        .collect();
    if let Some(pdfs) = soffice_convert_all(&files, "pdf", t.dir.path()) {
        for pdf in pdfs {
            assert!(
                std::fs::metadata(&pdf).expect("pdf").len() > 1000,
                "{}",
                pdf.display()
            );
        }
    }
}

#[test]
fn attachment_title_names_the_stage_and_messages_follow_the_language() {
    let t = Test::new();
    let run = t.run(&[
        "--lang",
        "en",
        "run",
        &repo().join("samples/2023").to_string_lossy(),
        "--stage",
        "初评",
        "-o",
        "r.xlsx",
        "--attachment",
        "a.xlsx",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("attachment table (internal) written to a.xlsx"),
        "{}",
        run.stdout
    );
    let mut book: Xlsx<_> = open_workbook(t.path("a.xlsx")).expect("xlsx");
    let sheet = book.worksheet_range("得分汇总表").expect("sheet");
    assert_eq!(
        cell(&sheet, 1, 0),
        "2023年度县(市、区)红十字会核心能力评估得分汇总表（初评）"
    );
}
