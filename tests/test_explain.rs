//! `assess explain`: one unit's result on the 2023 samples, checked against
//! the run's export, the sample workbooks read back with calamine, and the
//! framework.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use county_assess::framework::{self, Framework};

use crate::common::{Test, repo};

fn fw() -> Framework {
    framework::load(None).expect("default framework")
}

fn samples() -> String {
    repo().join("samples/2023").display().to_string()
}

fn sheet(path: &Path, name: &str) -> Range<Data> {
    let mut book: Xlsx<_> = open_workbook(path).expect("xlsx");
    book.worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"))
}

/// A cell as text, numbers as typed (`948`, not `948.0`).
fn text(range: &Range<Data>, (row, col): (u32, u32)) -> String {
    match range.get_value((row, col)) {
        None | Some(Data::Empty) => String::new(),
        Some(Data::Float(f)) if f.fract() == 0.0 => format!("{f:.0}"),
        Some(d) => d.to_string(),
    }
}

/// One row of `run --export` (CSV, UTF-8 with BOM), by column name.
type Row = BTreeMap<String, String>;

fn export(path: &Path) -> Vec<Row> {
    let text = std::fs::read_to_string(path).expect("export");
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    // no field of the 2023 samples' names or flags holds a comma
    lines
        .map(|l| {
            header
                .iter()
                .zip(l.split(','))
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// The lines of one indicator: its heading (`  B6 每万人注册志愿者数  得分 …`) and
/// the lines indented under it.
fn block<'a>(stdout: &'a str, code: &str) -> Vec<&'a str> {
    let mut lines = stdout.lines();
    let heading = format!("  {code} ");
    lines
        .by_ref()
        .find(|l| l.starts_with(&heading))
        .map(|h| {
            std::iter::once(h)
                .chain(lines.take_while(|l| l.starts_with("      ")))
                .collect()
        })
        .unwrap_or_else(|| panic!("no indicator {code} in\n{stdout}"))
}

/// The points of the numbered suggestions after `heading` (`  1. … → +2.79 分`).
fn suggested_points(stdout: &str, heading: &str, unit: &str) -> Vec<(String, f64)> {
    stdout
        .lines()
        .skip_while(|l| !l.starts_with(heading))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .map(|l| {
            let code = l.split_whitespace().nth(1).expect("code").to_string();
            let gain = l
                .rsplit_once("→ +")
                .and_then(|(_, g)| g.strip_suffix(unit))
                .and_then(|g| g.trim().parse::<f64>().ok())
                .unwrap_or_else(|| panic!("no points in `{l}`"));
            (code, gain)
        })
        .collect()
}

#[test]
fn explain_by_name_prints_every_indicator_with_its_cell_and_five_suggestions() {
    let t = Test::new();
    // the run (for its export) and the explanation side by side: each takes seconds
    let (run, out) = std::thread::scope(|s| {
        let run = s.spawn(|| t.run(&["run", &samples(), "--export", "x.csv", "-o", "a.xlsx"]));
        let out = t.run(&["explain", "正定县", &samples()]);
        (run.join().expect("run"), out)
    });
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let rows: Vec<Row> = export(&t.path("x.csv"))
        .into_iter()
        .filter(|r| r["unit"] == "130123")
        .collect();
    let of = |kind: &str, code: &str| {
        rows.iter()
            .find(|r| r["item_type"] == kind && r["code"] == code)
            .unwrap_or_else(|| panic!("{kind} {code} not in the export"))
    };

    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let stdout = &out.stdout;

    // the header, as the export has it: 正定县（130123）2023年度 总分 69.19 第 19 名 不合格
    let total = of("total", "total");
    let score: f64 = total["score"].parse().expect("total");
    let header = format!(
        "正定县（130123）2023年度 总分 {score:.2} 第 {} 名 {}",
        total["rank"], total["grade"]
    );
    let first = stdout.lines().next().expect("a line");
    assert_eq!(first, header, "{stdout}");
    let composition = stdout.lines().nth(1).expect("composition");
    assert!(
        composition.starts_with("基础分 ") && composition.contains("一票否决："),
        "{composition}"
    );

    // every dimension with its points of its points possible
    let fw = fw();
    for d in fw.top_dimensions() {
        let row = of("group", &d.code);
        let score: f64 = row["score"].parse().expect("score");
        let line = format!(
            "{} {}  得分 {score:.2} / {}（全市平均 ",
            d.code, d.name, row["max_score"]
        );
        assert!(
            stdout.lines().any(|l| l.starts_with(&line)),
            "no `{line}` in\n{stdout}"
        );
    }
    // every indicator with its code, points as scored, the method in words
    for ind in &fw.indicators {
        let row = of("indicator", &ind.code);
        let score: f64 = row["score"].parse().expect("score");
        let lines = block(stdout, &ind.code);
        assert_eq!(
            lines[0],
            format!(
                "  {} {}  得分 {score:.2} / {}",
                ind.code, ind.name, row["max_score"]
            ),
        );
        assert!(
            lines.iter().any(|l| l.trim_start().starts_with("计算值 ")),
            "{lines:#?}"
        );
        assert!(
            lines.iter().any(|l| l.trim_start().starts_with("计分：")),
            "{lines:#?}"
        );
    }

    // B6 volunteers: the value as typed in F20 of 正定县's own workbook, with that cell
    let file = "2023-正定县-核心能力评估填报表.xlsx";
    let data = sheet(&repo().join("samples/2023").join(file), "指标数据");
    let typed = text(&data, (19, 5));
    assert_eq!(typed, "948", "F20 of {file}");
    let b6 = block(stdout, "B6");
    assert_eq!(
        b6[1],
        format!("      填报值：注册志愿者人数 {typed} 人（{file} 指标数据!F20）"),
        "{b6:#?}"
    );
    // 948 ÷ 549,321 × 10,000 = 17.26 per 10,000 people, of a target of 20: 86.3%
    assert!(
        b6[2].starts_with(
            "      计算值 17.26（注册志愿者人数 每万人（常住人口））；目标 20.00；完成率 86.3%"
        ),
        "{b6:#?}"
    );
    // a figure the city supplies cites the city workbook
    let a1 = block(stdout, "A1");
    assert!(
        a1[1].starts_with("      市级数据：党建工作评分 ")
            && a1[1].contains("（2023-市级复核表.xlsx 部室评分!G"),
        "{a1:#?}"
    );

    // five suggestions, most points first; the first is the indicator losing most
    let suggested = suggested_points(stdout, "提分建议", "分");
    assert_eq!(suggested.len(), 5, "{stdout}");
    assert!(
        suggested.windows(2).all(|w| w[0].1 >= w[1].1),
        "{suggested:?}"
    );
    let lost = |r: &&Row| {
        let max: f64 = r["max_score"].parse().unwrap_or(0.0);
        let score: f64 = r["score"].parse().unwrap_or(0.0);
        ((max - score) * 100.0).round() / 100.0
    };
    let most = rows
        .iter()
        .filter(|r| r["item_type"] == "indicator")
        .max_by(|a, b| lost(a).total_cmp(&lost(b)))
        .expect("indicators");
    assert_eq!(suggested[0], (most["code"].clone(), lost(&most)));

    // nothing applied to 正定县; no other unit's findings; the rank's robustness
    assert!(stdout.contains("\n加分、扣分与否决\n  无\n"), "{stdout}");
    assert!(!stdout.contains("[警告]"), "{stdout}");
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("排名稳健性") && l.contains(&format!("名次 {}", total["rank"]))),
        "{stdout}"
    );
}

#[test]
fn explain_by_code_in_english_uses_the_english_names() {
    let fw = fw();
    let unit = fw.unit("130123").expect("正定县");
    let name = unit.name_en.as_deref().expect("English name");
    let t = Test::new();
    let out = t.run(&["--lang", "en", "explain", "130123", &samples()]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let stdout = &out.stdout;
    let first = stdout.lines().next().expect("a line");
    assert!(
        first.starts_with(&format!("{name} (130123) 2023: total ")) && first.contains(", rank "),
        "{first}"
    );
    for ind in &fw.indicators {
        let heading = format!(
            "  {} {}  points ",
            ind.code,
            ind.name_en.as_deref().unwrap_or(&ind.name)
        );
        assert!(
            stdout.lines().any(|l| l.starts_with(&heading)),
            "no `{heading}` in\n{stdout}"
        );
    }
    let b6 = block(stdout, "B6");
    assert_eq!(
        b6[1],
        "      reported: Registered volunteers 948 people (2023-正定县-核心能力评估填报表.xlsx 指标数据!F20)"
    );
    // measures in English (unit-en): 万元 as a multiple, 台 without one
    assert!(
        stdout.contains("reported: Relief stock and reserve fund 26.52 × 10,000 yuan (2023-正定县-核心能力评估填报表.xlsx 指标数据!F24)"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "reported: AEDs in public places 19 (2023-正定县-核心能力评估填报表.xlsx 指标数据!F29)"
        ),
        "{stdout}"
    );
    assert_eq!(suggested_points(stdout, "To improve", "points").len(), 5);
    for zh in ["填报值", "计算值", "计分", "提分建议", "总分"] {
        assert!(!stdout.contains(zh), "`{zh}` in\n{stdout}");
    }
}

#[test]
fn explain_shows_the_review_row_where_the_city_changed_a_value() {
    // the first value the city changed in its 复核 sheet
    let city = repo().join("samples/2023/2023-市级复核表.xlsx");
    let review = sheet(&city, "复核");
    let (start, _) = review.start().expect("cells");
    let (end, _) = review.end().expect("cells");
    let header = (start..=end)
        .find(|r| text(&review, (*r, 0)) == "单位代码")
        .expect("header row");
    let col = |label: &str| {
        (0..20)
            .find(|c| text(&review, (header, *c)) == label)
            .unwrap_or_else(|| panic!("column {label}"))
    };
    let (unit, item, own, reviewed, reason) = (
        col("单位代码"),
        col("指标项"),
        col("自评值"),
        col("核定值"),
        col("调整理由"),
    );
    let row = (header + 1..=end)
        .find(|r| !text(&review, (*r, reviewed)).is_empty())
        .expect("an adjusted value in the samples");
    let code = text(&review, (row, unit));
    let cell = format!(
        "{}{}",
        char::from(b'A' + u8::try_from(reviewed).expect("column")),
        row + 1
    );

    let t = Test::new();
    let out = t.run(&["explain", &code, &samples()]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let stdout = &out.stdout;
    let lines: Vec<&str> = stdout.lines().collect();
    let at = lines
        .iter()
        .position(|l| {
            l.starts_with(&format!(
                "      核定值：{} ",
                text(&review, (row, reviewed))
            ))
        })
        .unwrap_or_else(|| panic!("no reviewed value in\n{stdout}"));
    // the county's figure with its own cell, then the city's with the review row and reason
    assert!(
        lines[at - 1].starts_with(&format!(
            "      填报值：{} {} ",
            text(&review, (row, item)),
            text(&review, (row, own))
        )) && lines[at - 1].contains("核心能力评估填报表.xlsx 指标数据!F"),
        "{}",
        lines[at - 1]
    );
    assert!(
        lines[at].ends_with(&format!(
            "（复核 2023-市级复核表.xlsx 复核!{cell}，理由：{}）",
            text(&review, (row, reason))
        )),
        "{}",
        lines[at]
    );
    // the points on the unit's own figure are shown beside the reviewed ones
    let heading = lines[..at]
        .iter()
        .rev()
        .find(|l| l.starts_with("  ") && !l.starts_with("   "))
        .expect("indicator heading");
    assert!(heading.contains("（自评 "), "{heading}");
    assert!(
        lines
            .iter()
            .any(|l| l.contains(&format!("（{code}）2023年度 总分 "))),
        "{stdout}"
    );
}

#[test]
fn an_unknown_unit_is_refused_with_how_to_name_units() {
    let t = Test::new();
    let out = t.run(&["explain", "临城县", &samples()]);
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert_eq!(out.stdout, "");
    let fw = fw();
    let list: Vec<String> = fw
        .units
        .iter()
        .map(|u| format!("{} {}", u.code, u.name))
        .collect();
    assert_eq!(
        out.stderr.trim_end(),
        format!(
            "错误：没有单位「临城县」；请写单位代码（如 130102）或名称（如 长安区）。本评估体系的单位：{}",
            list.join("、")
        )
    );
}
