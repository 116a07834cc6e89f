//! `assess run --attachment/--public/--bulletin`: the bulletin's attachment
//! table (得分汇总表) and the Word draft of the bulletin (通报).

use std::io::Read;

use calamine::{Data, Reader, Xlsx, open_workbook};

use crate::common::{Test, XlsxParts, repo};

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
        "--timestamp",
        "2024-01-15 09:30",
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

/// Numbers of a row, from column `from` on (blank cells as `None`).
fn numbers(range: &calamine::Range<Data>, row: u32, cols: std::ops::Range<u32>) -> Vec<f64> {
    cols.map(|c| match range.get_value((row, c)) {
        Some(Data::Float(x)) => *x,
        other => panic!("number at ({row}, {c}): {other:?}"),
    })
    .collect()
}

#[test]
fn bulletin_attachment_draft_and_public_version() {
    let t = Test::new();
    run_all(&t, "");
    let csv = std::fs::read_to_string(t.path("x.csv")).expect("csv");
    let totals = totals(&csv);
    assert_eq!(totals.len(), 21);

    // the internal attachment: 附件, 内部掌握, the title the 通报 names, 21 units in code order
    let path = t.path("附件.xlsx");
    let mut book: Xlsx<_> = open_workbook(&path).expect("xlsx");
    assert_eq!(book.sheet_names(), ["得分汇总表"]);
    let sheet = book.worksheet_range("得分汇总表").expect("sheet");
    let width = sheet.end().expect("end").1 + 1;
    assert_eq!(cell(&sheet, 0, 0), "附件");
    assert_eq!(cell(&sheet, 0, width - 1), "内部掌握");
    let title = "2023年度县（市、区）红十字会核心能力评估得分汇总表";
    assert_eq!(cell(&sheet, 1, 0), title);
    let header: Vec<String> = (0..width).map(|c| cell(&sheet, 2, c)).collect();
    assert_eq!(header[..2], ["序号", "单位"]);
    assert_eq!(
        header[header.len() - 6..],
        ["基础分", "加分\n（限5分）", "扣分", "总分", "名次", "等次"]
    );
    let dims = width as usize - 8;
    assert_eq!(dims, 9, "one column per dimension: {header:?}");
    assert_eq!(sheet.height(), 3 + 21);
    assert_eq!(cell(&sheet, 3, 1), "长安区");
    assert_eq!(cell(&sheet, 23, 1), "新乐市");
    let (base_col, total_col, rank_col, grade_col) = (width - 6, width - 3, width - 2, width - 1);
    let mut codes: Vec<&(String, String, f64, u32, String)> = totals.iter().collect();
    codes.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(codes[0].0, "130102");
    assert_eq!(codes[20].0, "130184");
    for (row, unit) in (3u32..).zip(&codes) {
        assert_eq!(cell(&sheet, row, 0), (row - 2).to_string());
        assert_eq!(cell(&sheet, row, 1), unit.1);
        // every row adds up: the dimensions make 基础分, 基础分 + 加分 − 扣分 = 总分
        let dims = numbers(&sheet, row, 2..base_col);
        let [base, bonus, deducted, total] = numbers(&sheet, row, base_col..base_col + 4)[..]
        else {
            unreachable!()
        };
        assert!(
            (dims.iter().sum::<f64>() - base).abs() < 0.005,
            "{}: {dims:?} ≠ {base}",
            unit.1
        );
        assert!(
            (base + bonus - deducted - total).abs() < 0.005,
            "{}",
            unit.1
        );
        assert!(bonus <= 5.0, "the capped bonus: {}", unit.1);
        // numbers are numeric cells, equal to the export's
        assert!((total - unit.2).abs() < 1e-9, "{} {total}", unit.1);
        match sheet.get_value((row, rank_col)) {
            Some(Data::Float(x)) => assert_eq!(*x, f64::from(unit.3), "{}", unit.1),
            other => panic!("rank of {}: {other:?}", unit.1),
        }
        assert_eq!(cell(&sheet, row, grade_col), unit.4);
        let _ = total_col;
    }
    // 长安区 by hand: its nine dimensions make 98.30, with 4.00 bonus and no deduction 102.30
    let row3 = numbers(&sheet, 3, base_col..base_col + 4);
    assert_eq!(row3, [98.3, 4.0, 0.0, 102.3]);
    // tied units share a rank; the rank's format says 并列
    let tied: Vec<u32> = codes
        .iter()
        .map(|u| u.3)
        .filter(|r| codes.iter().filter(|u| u.3 == *r).count() > 1)
        .collect();
    assert!(!tied.is_empty(), "the 2023 samples have a tie");
    let parts = XlsxParts::open(&path);
    assert!(parts.part("xl/styles.xml").contains("（并列）"));
    assert!(!parts.part("xl/styles.xml").contains("D9E1F2"), "no fills");
    for font in ["仿宋_GB2312", "黑体", "方正小标宋简体"] {
        assert!(parts.part("xl/styles.xml").contains(font), "{font}");
    }
    let xml = parts.sheet("得分汇总表");
    assert!(xml.contains("paperSize=\"9\""), "A4");
    // fit to one page wide (fitToWidth's default is 1), as many pages down as needed
    assert!(
        xml.contains("fitToPage=\"1\"")
            && xml.contains("fitToHeight=\"0\"")
            && !xml.contains("fitToWidth"),
        "one page wide"
    );
    assert!(xml.contains("&amp;P"), "page numbers");
    assert!(
        parts.part("xl/workbook.xml").contains("Print_Titles"),
        "repeated header"
    );

    // the public version: the 等次名单, one row per grade, units by full name in code order
    let mut book: Xlsx<_> = open_workbook(t.path("公开.xlsx")).expect("xlsx");
    assert_eq!(book.sheet_names(), ["等次名单"]);
    let sheet = book.worksheet_range("等次名单").expect("sheet");
    assert_eq!(cell(&sheet, 0, 0), "附件");
    assert_eq!(
        cell(&sheet, 1, 0),
        "2023年度县（市、区）红十字会核心能力评估等次名单"
    );
    let header: Vec<String> = (0..3).map(|c| cell(&sheet, 2, c)).collect();
    assert_eq!(header, ["等次", "数量", "单位"]);
    assert_eq!(sheet.end().expect("end").1, 2, "three columns only");
    let order = ["优秀", "良好", "合格", "不合格"];
    let grades: Vec<&str> = order
        .iter()
        .copied()
        .filter(|g| codes.iter().any(|u| u.4 == *g))
        .collect();
    assert_eq!(sheet.height(), 3 + grades.len());
    for (row, grade) in (3u32..).zip(&grades) {
        let units: Vec<String> = codes
            .iter()
            .filter(|u| u.4 == *grade)
            .map(|u| format!("{}红十字会", u.1))
            .collect();
        assert_eq!(cell(&sheet, row, 0), *grade);
        assert_eq!(cell(&sheet, row, 1), format!("{}个", units.len()));
        // lines broken between names, never inside one
        let listed = cell(&sheet, row, 2);
        assert_eq!(listed.replace('\n', ""), units.join("、"));
        assert!(
            listed
                .lines()
                .all(|l| l.ends_with('、') || l.ends_with("红十字会")),
            "{listed}"
        );
    }
    let public = XlsxParts::open(&t.path("公开.xlsx"));
    let strings = public.part("xl/sharedStrings.xml");
    for word in ["名次", "序号", "总分", "102.3"] {
        assert!(!strings.contains(word), "{word} in the public list");
    }

    // the 通报
    let docx = t.path("通报.docx");
    let document = docx_part(&docx, "word/document.xml");
    let text = paragraphs(&document);
    let has = |p: &str| text.iter().any(|x| x == p);
    // 版头: the 标志 in red, the 发文字号 (year of the 成文日期), the red rule under it
    assert!(has("石家庄市红十字会文件"), "{text:?}");
    assert!(has("石红字〔2024〕3号"), "{text:?}");
    let styles = docx_part(&docx, "word/styles.xml");
    let mark = style_of(&styles, "GwMark");
    assert!(
        mark.contains(r#"w:color w:val="FF0000""#) && mark.contains("方正小标宋简体"),
        "{mark}"
    );
    let number_paragraph = document
        .split("<w:p>")
        .find(|p| p.contains("石红字〔2024〕3号"))
        .expect("number");
    assert!(
        number_paragraph.contains("<w:pBdr><w:bottom") && number_paragraph.contains("FF0000"),
        "the red rule: {number_paragraph}"
    );
    // the title broken between words: 关于2023年度县级红十字会 / 核心能力评估结果的通报
    assert!(
        document.contains("关于2023年度县级红十字会</w:t></w:r><w:r><w:br/></w:r><w:r><w:t xml:space=\"preserve\">核心能力评估结果的通报"),
        "title lines"
    );
    assert!(has("各县（市、区）红十字会："));
    // grade lists by full name in code order; 表扬 in code order too
    for grade in &grades {
        let units: Vec<String> = codes
            .iter()
            .filter(|u| u.4 == *grade)
            .map(|u| format!("{}红十字会", u.1))
            .collect();
        let line = text
            .iter()
            .find(|p| p.starts_with(&format!("{grade}等次（")))
            .unwrap_or_else(|| panic!("{grade}: {text:?}"));
        assert!(
            line.ends_with(&format!("：{}。", units.join("、"))),
            "{line}"
        );
    }
    let praised = text
        .iter()
        .find(|p| p.contains("被评为2023年度先进单位"))
        .expect("表扬");
    // the rule first (framework: top 6 and 优秀), then the names
    let (rule, names) = praised.split_once("规定，").expect("the rule");
    assert_eq!(rule, "按总分前六名且评为优秀等次的");
    let names: Vec<&str> = names
        .split("被评为")
        .next()
        .expect("names")
        .split('、')
        .collect();
    let positions: Vec<usize> = names
        .iter()
        .map(|n| {
            codes
                .iter()
                .position(|u| format!("{}红十字会", u.1) == *n)
                .unwrap_or_else(|| panic!("{n} is a unit's full name"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "code order: {names:?}"
    );
    // 整改要求 name the 不合格 units and the deadline of bulletin.toml
    let failed: Vec<String> = codes
        .iter()
        .filter(|u| u.4 == "不合格")
        .map(|u| format!("{}红十字会", u.1))
        .collect();
    assert!(
        text.iter().any(
            |p| p.starts_with(&format!("被评为不合格等次的{}，", failed.join("、")))
                && p.contains("于2024年3月31日前")
        ),
        "{text:?}"
    );
    // 附件说明 = the attachment's title; 署名; 成文日期 in full from --timestamp
    assert!(has(&format!("附件：{title}")), "{text:?}");
    assert!(has("石家庄市红十字会"));
    assert!(has("2024年1月15日"));
    assert!(has("附件"));
    // 版记
    assert!(
        has("抄送：河北省红十字会，石家庄市人民政府办公室。"),
        "{text:?}"
    );
    assert!(has("石家庄市红十字会办公室2024年1月15日印发"), "{text:?}");
    // page numbers: odd pages right, even pages left, — PAGE —
    let settings = docx_part(&docx, "word/settings.xml");
    assert!(settings.contains("evenAndOddHeaders"));
    for (part, side) in [("word/footer1.xml", "right"), ("word/footer2.xml", "left")] {
        let footer = docx_part(&docx, part);
        assert!(footer.contains("PAGE") && footer.contains("— "), "{footer}");
        assert!(
            footer.contains(&format!(r#"<w:jc w:val="{side}""#)),
            "{part}: {footer}"
        );
    }
    // the page: A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm
    assert!(document.contains(r#"<w:pgSz w:w="11906" w:h="16838""#));
    assert!(document.contains(r#"w:top="2098" w:right="1474" w:bottom="1984" w:left="1588""#));
    // fonts as Chinese Windows names them, with their fallbacks
    for font in ["仿宋_GB2312", "方正小标宋简体", "黑体"] {
        assert!(styles.contains(font), "{font}");
    }
    let fonts = docx_part(&docx, "word/fontTable.xml");
    assert!(
        fonts.contains(r#"<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>"#),
        "{fonts}"
    );
    // paragraph styles the office sees by name
    for name in [
        "公文正文",
        "公文标题",
        "一级标题",
        "发文字号",
        "附件说明",
        "版记",
    ] {
        assert!(
            styles.contains(&format!(r#"<w:name w:val="{name}""#)),
            "{name}"
        );
    }
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
        assert!(praised.contains(&format!("{unit}红十字会")), "{unit}");
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
}

/// The 同比 paragraph, computed by hand from the two years' exports.
#[test]
fn the_bulletin_compares_with_last_year_by_grade_counts_and_movers() {
    let t = Test::new();
    run_all(&t, "");
    let run = t.run(&[
        "run",
        &repo().join("samples/2022").to_string_lossy(),
        "-o",
        "p.xlsx",
        "--export",
        "p.csv",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let now = totals(&std::fs::read_to_string(t.path("x.csv")).expect("csv"));
    let before = totals(&std::fs::read_to_string(t.path("p.csv")).expect("csv"));
    let count = |list: &[(String, String, f64, u32, String)], g: &str| {
        list.iter().filter(|u| u.4 == g).count()
    };
    let mut counts = Vec::new();
    for g in ["优秀", "良好", "合格", "不合格"] {
        let (a, b) = (count(&before, g), count(&now, g));
        const DIGITS: [&str; 11] = [
            "零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
        ];
        let (x, y) = (DIGITS[a], DIGITS[b]);
        counts.push(match b.cmp(&a) {
            std::cmp::Ordering::Greater => format!("{g}等次由{x}个增至{y}个"),
            std::cmp::Ordering::Less => format!("{g}等次由{x}个减至{y}个"),
            std::cmp::Ordering::Equal => format!("{g}等次持平（{y}个）"),
        });
    }
    // the biggest rise of the total: this year's minus last year's, by unit
    let (mut best, mut who) = (f64::MIN, String::new());
    for u in &now {
        if let Some(p) = before.iter().find(|p| p.0 == u.0) {
            let d = ((u.2 - p.2) * 100.0).round() / 100.0;
            if d > best {
                (best, who) = (d, u.1.clone());
            }
        }
    }
    let text = paragraphs(&docx_part(&t.path("通报.docx"), "word/document.xml"));
    let paragraph = text
        .iter()
        .find(|p| p.starts_with("与2022年度相比，"))
        .unwrap_or_else(|| panic!("{text:?}"));
    assert!(
        paragraph.starts_with(&format!("与2022年度相比，{}。", counts.join("，"))),
        "{paragraph}"
    );
    assert!(
        paragraph.contains(&format!("总分提高最多的是{who}红十字会（{best:.2}分）")),
        "{paragraph}: {who} {best}"
    );
}

/// The text of each paragraph of a document.xml, runs joined.
fn paragraphs(document: &str) -> Vec<String> {
    document
        .split("</w:p>")
        .map(|p| {
            let mut text = String::new();
            let mut rest = p;
            // <w:t> or <w:t xml:space=…>, not <w:tab/>, <w:tbl> …
            while let Some(start) = rest.find("<w:t") {
                let after = &rest[start + 4..];
                if !(after.starts_with('>') || after.starts_with(' ')) {
                    rest = after;
                    continue;
                }
                let Some(open_end) = after.find('>') else {
                    break;
                };
                if after[..open_end].ends_with('/') {
                    rest = &after[open_end + 1..];
                    continue;
                }
                let body = &after[open_end + 1..];
                let Some(close) = body.find("</w:t>") else {
                    break;
                };
                text.push_str(&body[..close]);
                rest = &body[close..];
            }
            text.replace("&amp;", "&")
        })
        .filter(|t| !t.is_empty())
        .collect()
}

/// One style's XML from styles.xml.
fn style_of(styles: &str, id: &str) -> String {
    let start = styles
        .find(&format!(r#"w:styleId="{id}""#))
        .unwrap_or_else(|| panic!("style {id}"));
    let end = start + styles[start..].find("</w:style>").expect("end");
    styles[start..end].to_string()
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
        "2023年度县（市、区）红十字会核心能力评估得分汇总表（初评）"
    );
}

/// The office's settings file beside the framework: found, used, and when
/// wrong named at its line before anything is read.
#[test]
fn the_bulletin_settings_beside_the_framework_are_used_and_checked() {
    let t = Test::new();
    let init = t.run(&["init", "体系"]);
    assert_eq!(init.code, 0, "{}{}", init.stdout, init.stderr);
    let path = t.path("体系/bulletin.toml");
    let text = std::fs::read_to_string(&path).expect("init writes bulletin.toml");
    let edited = text
        .replace("number = 3", "number = 17")
        .replace("rectify-by = 2024-03-31", "rectify-by = 2024-04-30");
    std::fs::write(&path, edited).expect("write");
    let samples = repo().join("samples/2023");
    let args = |out: &str| {
        vec![
            "run".to_string(),
            samples.to_string_lossy().into_owned(),
            "--indicators".into(),
            "体系".into(),
            "-o".into(),
            "r.xlsx".into(),
            "--bulletin".into(),
            out.to_string(),
            "--timestamp".into(),
            "2024-02-01".into(),
        ]
    };
    let run = t.run(
        &args("通报.docx")
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let text = paragraphs(&docx_part(&t.path("通报.docx"), "word/document.xml"));
    assert!(text.iter().any(|p| p == "石红字〔2024〕17号"), "{text:?}");
    assert!(
        text.iter().any(|p| p.contains("于2024年4月30日前")),
        "{text:?}"
    );
    assert!(text.iter().any(|p| p == "2024年2月1日"), "{text:?}");

    // a year without its [[year]]: the number left blank, and said so
    let run = t.run(&[
        "run",
        &repo().join("samples/2022").to_string_lossy(),
        "--indicators",
        "体系",
        "-o",
        "p.xlsx",
        "--bulletin",
        "p.docx",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("没有 2022 年的 [[year]] 段"),
        "{}",
        run.stdout
    );

    // a mistake: the file and line, exit 2, nothing written
    std::fs::write(&path, "[issuer]\nname = \"石家庄市红十字会\"\nmark = 3\n").expect("write");
    let run = t.run(
        &args("坏.docx")
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("bulletin.toml:3:"), "{}", run.stderr);
    assert!(!t.path("坏.docx").exists());
}
