//! What a reader sees on paper: the outputs converted to PDF by LibreOffice,
//! measured with poppler's `pdftotext -bbox` (a word's box height in points:
//! 10.5-pt text measures about 13.6 pt, so a box of 13 pt is text printed at
//! 10 pt or more after the page's scaling).

use std::path::Path;
use std::process::Command;

use crate::common::{Test, repo, soffice_convert};

/// One word of a PDF page: its text, box (points from the page's top left)
/// and box height.
struct Word {
    page: usize,
    text: String,
    height: f64,
    x_min: f64,
    x_max: f64,
    y_min: f64,
    y_max: f64,
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
                x_min: attr(line, "xMin"),
                x_max: attr(line, "xMax"),
                y_min: attr(line, "yMin"),
                y_max: attr(line, "yMax"),
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

    // 单位画像: one page per county, its radar chart whole on that page —
    // every dimension's label twice, once in the table and once round the chart
    let pages = words.iter().map(|w| w.page).max().unwrap_or(0);
    let on = |page: usize| -> Vec<&str> {
        words
            .iter()
            .filter(|w| w.page == page)
            .map(|w| w.text.as_str())
            .collect()
    };
    let profile_pages: Vec<usize> = (1..=pages)
        .filter(|&p| on(p).contains(&"2023年度单位画像"))
        .collect();
    assert_eq!(profile_pages.len(), 21, "a page per county");
    let dimensions = [
        "党的建设与自身建设",
        "组织建设",
        "应急救援",
        "应急救护",
        "人道救助",
        "三献",
        "资源动员",
        "公开透明",
        "宣传与信息",
    ];
    for &p in &profile_pages {
        let texts = on(p);
        let units = texts.iter().filter(|t| t.contains("（1301")).count();
        assert_eq!(units, 1, "one county on page {p}: {texts:?}");
        for d in dimensions {
            let n = texts.iter().filter(|t| **t == d).count();
            assert_eq!(n, 2, "{d} in the table and the chart on page {p}");
        }
    }
    // 短板分析's three tables each print under their own header on every page:
    // the pages from a table's heading to the next one's carry its header
    let first_page = |heading: &str| -> usize {
        (1..=pages)
            .find(|&p| on(p).iter().any(|t| t.starts_with(heading)))
            .unwrap_or_else(|| panic!("{heading} printed"))
    };
    let (lost, weak, gains) = (
        first_page("一、各维度失分率"),
        first_page("二、短板维度"),
        first_page("三、提分潜力"),
    );
    assert!(lost < weak && weak < gains && gains < profile_pages[0]);
    for (pages, header, not) in [
        (weak..gains, "差距（百分点）", "可增加分值"),
        (gains..profile_pages[0], "可增加分值", "差距（百分点）"),
    ] {
        for p in pages {
            let texts = on(p);
            assert!(texts.contains(&header), "{header} on page {p}");
            assert!(!texts.contains(&not), "no {not} on page {p}");
        }
    }
    // no page with words printed over one another (评分标准's run record and
    // rules overprinted before their rows were sized)
    let overlapping = overlaps(&words);
    assert!(overlapping.is_empty(), "{overlapping:?}");
    // what leadership reads first, the lists and the detail after; bounded:
    // 综合排名 1, 总分图 1, 分项得分 1, 加扣分 1, 复核调整 1, 短板分析 ≤ 8,
    // 单位画像 21, 指标明细 21 (a county a page), 五有 ≤ 50, 数据质量 1,
    // 统计审核 1, 评分标准 ≤ 4
    assert!(
        (75..=110).contains(&pages),
        "the workbook prints {pages} pages"
    );
}

/// Words printed over one another: a word whose box reaches into the next
/// line's box on the same page (a row too short for its wrapped text).
fn overlaps(words: &[Word]) -> Vec<String> {
    let pages = words.iter().map(|w| w.page).max().unwrap_or(0);
    let mut found = Vec::new();
    for page in 1..=pages {
        let mut on: Vec<&Word> = words.iter().filter(|w| w.page == page).collect();
        on.sort_by(|a, b| a.y_min.total_cmp(&b.y_min));
        for pair in on.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let overlap_x = a.x_min < b.x_max && b.x_min < a.x_max;
            let overlap_y = b.y_min < a.y_max - 2.0 && (b.y_min - a.y_min).abs() > 2.0;
            if overlap_x && overlap_y {
                found.push(format!("page {page}: 「{}」 over 「{}」", a.text, b.text));
            }
        }
    }
    found
}

/// Millimetres in points.
fn mm(x: f64) -> f64 {
    x * 72.0 / 25.4
}

#[test]
fn the_bulletin_prints_as_an_official_document() {
    let t = Test::new();
    let run = t.run(&[
        "run",
        repo().join("samples/2023").to_str().expect("path"),
        "-o",
        "a.xlsx",
        "--bulletin",
        "通报.docx",
        "--attachment",
        "附件.xlsx",
        "--public",
        "公开.xlsx",
        "--timestamp",
        "2024-01-15 09:30",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let Some(pdf) = soffice_convert(&t.path("通报.docx"), "pdf", t.dir.path()) else {
        return;
    };
    let Some(printed_words) = words(&pdf) else {
        return;
    };
    let pages = printed_words.iter().map(|w| w.page).max().unwrap_or(0);
    // three pages of text and the attachment's page; the 版记 on the last, even, page
    assert_eq!(pages, 4, "pages of the 通报");
    let on = |page: usize, text: &str| {
        printed_words
            .iter()
            .find(|w| w.page == page && w.text.contains(text))
    };
    // the 版心 is 37 mm from the top, 225 mm high, 28 mm from the left, 156 mm wide
    let (top, bottom, left, right) = (mm(37.0), mm(37.0 + 225.0), mm(28.0), mm(28.0 + 156.0));
    // the 发文机关标志 35 mm below the top of the 版心 (± 3 mm), the number under it
    let mark = on(1, "石家庄市红十字会文件").expect("the 标志 on page 1");
    assert!(
        (mark.y_min - top - mm(35.0)).abs() < mm(3.0),
        "标志 at {:.1} pt",
        mark.y_min
    );
    assert!(
        mark.height > 40.0,
        "the 标志 in large type: {:.1} pt",
        mark.height
    );
    assert!(
        on(1, "石红字〔2024〕3").is_some_and(|w| w.y_min > mark.y_max),
        "发文字号"
    );
    assert!(
        on(1, "关于").is_some() && on(1, "核心能力评估结果的通报").is_some(),
        "the title's two lines"
    );
    // 3号 body text: 16-pt type measures about 20 pt
    let body = on(1, "各县（市、区）红十字会：").expect("主送机关");
    assert!(body.height >= 19.0, "body text {:.1} pt", body.height);
    assert!(
        body.x_min < left + 1.0,
        "主送机关 flush left: {:.1}",
        body.x_min
    );
    // page numbers — n — below the 版心: odd pages right, even pages left
    for page in 1..=pages {
        let number = printed_words
            .iter()
            .find(|w| w.page == page && w.text == page.to_string() && w.y_min > bottom)
            .unwrap_or_else(|| panic!("page number on page {page}"));
        assert!(
            number.y_min - bottom < mm(10.0),
            "7 mm below the 版心: page {page}"
        );
        let dashes = printed_words
            .iter()
            .filter(|w| w.page == page && w.text == "—" && w.y_min > bottom)
            .count();
        assert_eq!(dashes, 2, "— {page} —");
        if page % 2 == 1 {
            assert!(
                number.x_max > right - mm(20.0),
                "odd page {page} numbered right"
            );
        } else {
            assert!(
                number.x_min < left + mm(20.0),
                "even page {page} numbered left"
            );
        }
    }
    // 署名 and 成文日期 on page 3 with the 附件说明
    assert!(on(3, "附件：2023").is_some(), "附件说明");
    assert!(
        on(3, "石家庄市红十字会").is_some() && on(3, "15").is_some(),
        "署名 and date"
    );
    // page 4: 附件 at the top left, the table, the 版记 at the foot of the page
    let label = on(4, "附件").expect("附件 on page 4");
    assert!(
        label.y_min < top + mm(10.0) && label.x_min < left + 1.0,
        "附件 top left"
    );
    assert!(
        on(4, "长安区").is_some() && on(4, "新乐市").is_some(),
        "the table whole on page 4"
    );
    let copy = on(4, "抄送：").expect("抄送 on page 4");
    let printed = on(4, "印发").expect("印发 on page 4");
    assert!(printed.y_min > copy.y_max, "抄送 above 印发");
    assert!(
        bottom - printed.y_max < mm(10.0),
        "the 版记 at the foot: {:.1}",
        printed.y_max
    );

    // the attachment and the public list: one page each, fitted to the width
    for (file, first) in [("附件.xlsx", "长安区"), ("公开.xlsx", "长安区红十字会")] {
        let Some(pdf) = soffice_convert(&t.path(file), "pdf", t.dir.path()) else {
            return;
        };
        let Some(found) = words(&pdf) else { return };
        assert_eq!(
            found.iter().map(|w| w.page).max(),
            Some(1),
            "{file} on one page"
        );
        assert!(found.iter().any(|w| w.text == "附件"), "{file}: 附件");
        assert!(
            found.iter().any(|w| w.text.contains(first)),
            "{file}: {first}"
        );
    }
}

#[test]
fn a_countys_feedback_prints_with_its_name_on_every_page_and_no_raw_decimals() {
    let t = Test::new();
    let run = t.run(&[
        "run",
        repo().join("samples/2023").to_str().expect("path"),
        "-o",
        "a.xlsx",
        "--per-unit",
        "fb",
        "--timestamp",
        "2024-01-15 09:30",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let file = t.path("fb/2023-正定县-评估反馈单.xlsx");
    let Some(pdf) = soffice_convert(&file, "pdf", t.dir.path()) else {
        return;
    };
    let Some(printed) = words(&pdf) else { return };
    let pages = printed.iter().map(|w| w.page).max().unwrap_or(0);
    // 反馈单 with its chart, the indicators (landscape), the suggestions: 3 to 6 pages
    assert!((3..=6).contains(&pages), "{pages} pages");
    for page in 1..=pages {
        assert!(
            printed
                .iter()
                .any(|w| w.page == page && w.text.contains("正定县红十字会")),
            "the county on page {page}"
        );
    }
    // who sends it and when, on the first page
    assert!(
        printed
            .iter()
            .any(|w| w.page == 1 && w.text.contains("2024年1月15日"))
    );
    // no number with more than two decimals anywhere (0.1667, 1098.642 were shown before)
    for w in &printed {
        let digits_after_point = w
            .text
            .split('.')
            .skip(1)
            .map(|rest| rest.chars().take_while(char::is_ascii_digit).count())
            .max()
            .unwrap_or(0);
        let number_before = w
            .text
            .split('.')
            .next()
            .is_some_and(|x| x.ends_with(|c: char| c.is_ascii_digit()));
        assert!(
            !(number_before && digits_after_point > 2),
            "page {}: {}",
            w.page,
            w.text
        );
    }
}

#[test]
fn the_template_prints_without_pages_of_blank_rows() {
    let t = Test::new();
    let run = t.run(&[
        "template",
        "--year",
        "2024",
        "--unit",
        "正定县",
        "--out",
        "t",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let file = t.path("t/2024-正定县-核心能力评估填报表.xlsx");
    let Some(pdf) = soffice_convert(&file, "pdf", t.dir.path()) else {
        return;
    };
    let Some(printed) = words(&pdf) else { return };
    let pages = printed.iter().map(|w| w.page).max().unwrap_or(0);
    // 填报说明 1, 指标数据 2, 基层组织 1 (its header: the rows to fill are not
    // written), 加分申报 1–2 (30 prepared rows), 填报承诺 1; it was 18 with
    // 600 written blank rows of 基层组织
    assert!((5..=8).contains(&pages), "{pages} pages");
    let first = |text: &str| {
        printed
            .iter()
            .find(|w| w.text.contains(text))
            .map(|w| w.page)
            .unwrap_or_else(|| panic!("{text} printed"))
    };
    let orgs = first("“五有”情况表");
    let bonus = first("加分项目申报表");
    assert_eq!(bonus, orgs + 1, "基层组织 on one page");
    // 填报说明's rows as tall as their wrapped text: no two lines of one page
    // closer than a line (overlapping text prints words on top of each other)
    let overlapping = overlaps(&printed);
    assert!(overlapping.is_empty(), "{overlapping:?}");
}
