//! The page set-up written into every workbook the tool makes, checked in the
//! files themselves (LibreOffice's print is not Excel's or WPS's): every
//! visible sheet on A4 or A3 with its orientation; fitted to one page wide,
//! or — where it has manual page breaks, which Excel ignores on a fitted
//! sheet — at a fixed scale; a sheet wider than A4 landscape holds at a
//! readable size on A3 unless a print area narrows it; the sheets leadership
//! reads first.

use calamine::{Reader, Xlsx, open_workbook};

use crate::common::{Test, XlsxParts, repo};

/// `name="value"` of an element's text, if there.
fn attr<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let at = element.find(&key)? + key.len();
    Some(&element[at..at + element[at..].find('"')?])
}

/// The sheet names of a workbook, in order, with whether each is visible.
fn sheets(parts: &XlsxParts) -> Vec<(String, bool)> {
    parts
        .part("xl/workbook.xml")
        .split("<sheet ")
        .skip(1)
        .map(|s| {
            let name = attr(&format!(" {s}"), "name").expect("name").to_string();
            (name, !s.contains("state=\"hidden\""))
        })
        .collect()
}

/// The sum of a sheet's column widths (in characters, as the code sets them).
fn columns_width(sheet: &str) -> f64 {
    sheet
        .split("<col ")
        .skip(1)
        .map(|c| {
            let c = format!(" {c}");
            let number =
                |n: &str| -> f64 { attr(&c, n).and_then(|v| v.parse().ok()).unwrap_or(0.0) };
            // the file holds each width with Excel's padding of 0.71 characters
            if c.contains("hidden=\"1\"") {
                0.0
            } else {
                (number("width") - 0.710_937_5).max(0.0) * (number("max") - number("min") + 1.0)
            }
        })
        .sum()
}

/// Checks every visible sheet of `path`; returns how many were checked.
fn check(path: &std::path::Path) -> usize {
    let parts = XlsxParts::open(path);
    let workbook = parts.part("xl/workbook.xml").to_string();
    let mut checked = 0;
    for (k, (name, visible)) in sheets(&parts).into_iter().enumerate() {
        if !visible {
            continue;
        }
        let xml = parts.sheet(&name);
        let file = path.file_name().expect("name").to_string_lossy();
        let at = |what: &str| format!("{file} {name}: {what}");
        let setup = xml
            .split("<pageSetup ")
            .nth(1)
            .map(|s| format!(" {}", &s[..s.find("/>").expect("end")]))
            .unwrap_or_else(|| panic!("{}", at("no page set-up")));
        let paper = attr(&setup, "paperSize").unwrap_or("1");
        assert!(
            paper == "9" || paper == "8",
            "{}",
            at(&format!("paper {paper}"))
        );
        let landscape = attr(&setup, "orientation") == Some("landscape");
        assert!(
            attr(&setup, "orientation").is_some(),
            "{}",
            at("orientation")
        );
        let fitted = xml.contains("<pageSetUpPr fitToPage=\"1\"/>");
        let breaks = xml.contains("<rowBreaks");
        let scale: f64 = attr(&setup, "scale")
            .and_then(|s| s.parse().ok())
            .unwrap_or(100.0);
        if breaks {
            // Excel ignores manual breaks on a sheet fitted to a page
            assert!(!fitted, "{}", at("page breaks on a fitted sheet"));
            assert!(scale >= 40.0, "{}", at(&format!("scale {scale}")));
        } else {
            assert!(fitted, "{}", at("not fitted to the page width"));
            // one page wide: fitToWidth is 1 unless written otherwise
            assert_eq!(
                attr(&setup, "fitToWidth").unwrap_or("1"),
                "1",
                "{}",
                at("wide")
            );
        }
        let print_area =
            workbook.contains(&format!("name=\"_xlnm.Print_Area\" localSheetId=\"{k}\""));
        let width = columns_width(xml);
        // what goes to a county (its template, its 反馈单) stays on A4, the
        // paper counties have; the office's workbooks go to A3
        let county = file.contains("填报表") || file.contains("反馈单");
        if landscape && fitted && !print_area && !county && width > 140.0 {
            assert_eq!(
                paper,
                "8",
                "{}",
                at(&format!("{width:.0} characters wide on A4"))
            );
        }
        checked += 1;
    }
    checked
}

#[test]
fn every_sheet_of_every_output_is_set_up_for_paper() {
    let t = Test::new();
    let samples = repo().join("samples");
    let s = |p: &str| samples.join(p).to_string_lossy().into_owned();
    for args in [
        vec![
            "run",
            &s("2023"),
            "-o",
            "a.xlsx",
            "--public",
            "p.xlsx",
            "--attachment",
            "f.xlsx",
            "--per-unit",
            "fb",
            "--uncertainty=50",
            "--timestamp",
            "2024-01-15",
        ],
        vec![
            "template",
            "--year",
            "2024",
            "--unit",
            "正定县",
            "--out",
            "t",
        ],
        vec!["validate", &s("problems"), "--report", "r.xlsx"],
        vec!["trend", &s(""), "-o", "tr.xlsx"],
        vec!["indicators", "--xlsx", "rules.xlsx"],
        vec!["review", "--year", "2023", &s("2023"), "-o", "rev.xlsx"],
    ] {
        let run = t.run(&args);
        assert!(run.code <= 1, "{args:?}: {}{}", run.stdout, run.stderr);
    }
    let mut files = vec![
        "a.xlsx",
        "p.xlsx",
        "f.xlsx",
        "r.xlsx",
        "tr.xlsx",
        "rules.xlsx",
        "rev.xlsx",
        "t/2024-正定县-核心能力评估填报表.xlsx",
    ]
    .into_iter()
    .map(|f| t.path(f))
    .collect::<Vec<_>>();
    files.push(t.path("fb/2023-正定县-评估反馈单.xlsx"));
    let mut total = 0;
    for file in &files {
        assert!(file.exists(), "{}", file.display());
        total += check(file);
    }
    // the assessment workbook's 15 sheets (with 排名稳健性), the template's
    // five, the trend's nine and the rest: all checked
    assert!(total >= 40, "{total} sheets checked");

    // leadership's sheets first, the lists and the detail after
    let book: Xlsx<_> = open_workbook(t.path("a.xlsx")).expect("xlsx");
    let names = book.sheet_names();
    let at = |n: &str| {
        names
            .iter()
            .position(|s| s == n)
            .unwrap_or_else(|| panic!("{n}"))
    };
    assert_eq!(at("综合排名"), 0);
    assert!(at("分项得分") < at("指标明细") && at("单位画像") < at("指标明细"));
    assert!(at("指标明细") < at("五有") && at("五有") < at("评分标准"));
}

#[test]
fn page_numbers_in_the_workbooks_language_and_the_attachment_always_chinese() {
    let t = Test::new();
    let samples = repo().join("samples/2023").to_string_lossy().into_owned();
    let run = t.run(&[
        "--lang",
        "en",
        "run",
        &samples,
        "-o",
        "a.xlsx",
        "--attachment",
        "f.xlsx",
        "--per-unit",
        "fb",
    ]);
    assert!(run.code <= 1, "{}{}", run.stdout, run.stderr);
    let footers = |path: &std::path::Path| -> Vec<String> {
        let parts = XlsxParts::open(path);
        sheets(&parts)
            .into_iter()
            .filter(|(_, visible)| *visible)
            .map(|(name, _)| {
                let xml = parts.sheet(&name);
                let at = xml.find("<oddFooter>").map(|i| i + "<oddFooter>".len());
                at.map(|i| xml[i..i + xml[i..].find('<').expect("end")].to_string())
                    .unwrap_or_default()
            })
            .collect()
    };
    // the English workbook and 反馈单 are numbered in English on every page
    for file in [t.path("a.xlsx"), t.path("fb/2023-正定县-评估反馈单.xlsx")] {
        let all = footers(&file);
        assert!(!all.is_empty());
        for f in all {
            assert_eq!(f, "&amp;CPage &amp;P of &amp;N", "{}", file.display());
        }
    }
    // the 附件 belongs to the 通报, which is Chinese whatever --lang: its
    // footer and its grades (长安区 ranks first as 优秀) stay Chinese
    for f in footers(&t.path("f.xlsx")) {
        assert_eq!(f, "&amp;C第 &amp;P 页，共 &amp;N 页");
    }
    let mut book: Xlsx<_> = open_workbook(t.path("f.xlsx")).expect("xlsx");
    let first = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&first).expect("sheet");
    let cells: Vec<String> = range.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(cells.iter().any(|c| c == "优秀"), "{cells:?}");
    assert!(!cells.iter().any(|c| c == "Excellent"), "{cells:?}");
}
