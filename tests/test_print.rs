//! What a reader sees on paper: the outputs converted to PDF by LibreOffice,
//! measured with poppler's `pdftotext -bbox` (a word's box height in points:
//! 10.5-pt text measures about 13.6 pt, so a box of 13 pt is text printed at
//! 10 pt or more after the page's scaling).

use std::path::Path;
use std::process::Command;

use crate::common::{Test, repo, soffice_convert};

/// One word of a PDF page: its text and box height in points.
struct Word {
    page: usize,
    text: String,
    height: f64,
}

/// Every word of `pdf` with its page, by `pdftotext -bbox`; `None` when
/// poppler is missing on a developer machine (in CI, `CI` set, that fails).
fn words(pdf: &Path) -> Option<Vec<Word>> {
    let Ok(output) = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
    else {
        assert!(
            std::env::var_os("CI").is_none(),
            "pdftotext is needed for this test in CI: apt-get install poppler-utils"
        );
        eprintln!("skipped: pdftotext (poppler-utils) is not installed");
        return None;
    };
    let html = String::from_utf8_lossy(&output.stdout).into_owned();
    let attr = |line: &str, name: &str| -> f64 {
        let start = line.find(&format!("{name}=\"")).expect(name) + name.len() + 2;
        let end = start + line[start..].find('"').expect("quote");
        line[start..end].parse().expect("number")
    };
    let mut out = Vec::new();
    let mut page = 0;
    for line in html.lines() {
        if line.trim_start().starts_with("<page ") {
            page += 1;
        } else if let Some(rest) = line.trim_start().strip_prefix("<word ") {
            let text = rest[rest.find('>').expect(">") + 1..]
                .trim_end_matches("</word>")
                .to_string();
            out.push(Word {
                page,
                height: attr(line, "yMax") - attr(line, "yMin"),
                text,
            });
        }
    }
    Some(out)
}

#[test]
fn the_ranking_prints_on_one_page_that_leadership_can_read() {
    let t = Test::new();
    let run = t.run(&[
        "run",
        repo().join("samples/2023").to_str().expect("path"),
        "-o",
        "a.xlsx",
        "--timestamp",
        "2024-01-15 09:30",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let Some(pdf) = soffice_convert(&t.path("a.xlsx"), "pdf", t.dir.path()) else {
        return;
    };
    let Some(words) = words(&pdf) else { return };
    // page 1 is 综合排名: its title, all 21 units (长安区 first, 元氏县 last) and its footnotes
    let page1: Vec<&Word> = words.iter().filter(|w| w.page == 1).collect();
    let has = |text: &str| page1.iter().any(|w| w.text.contains(text));
    for text in ["长安区", "井陉县", "元氏县", "全市平均", "备注", "注：总分"] {
        assert!(has(text), "{text} on page 1");
    }
    // and nothing of the next sheet: the dimension points are on 分项得分
    assert!(!has("党的建设"), "no dimension on the ranking page");
    // every word at 10 pt or more after scaling: boxes of 13 pt and up
    let smallest = page1.iter().map(|w| w.height).fold(f64::MAX, f64::min);
    assert!(
        smallest >= 13.0,
        "smallest word box on page 1: {smallest:.1} pt"
    );
    // page 2 is the chart of the totals, whole on its own page
    assert!(
        words
            .iter()
            .any(|w| w.page == 2 && w.text.contains("各单位总分与全市平均")),
        "the chart's title on page 2"
    );
}
