//! The committed samples: realistic, reproducible, and in agreement with the
//! city's published 2021 figures.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook};

use crate::common::{Test, files_under, repo};

fn xlsx_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        // the city's review workbook is not a county submission
        .filter(|p| !p.to_string_lossy().contains("市级复核表"))
        .collect();
    files.sort();
    files
}

/// What a filled template says: its stamp, its field values (column F by the
/// code in column A) and the names in its grassroots list.
struct Read {
    unit_code: String,
    year: String,
    values: BTreeMap<String, Data>,
    orgs: Vec<String>,
    sheets: Vec<String>,
}

fn read(path: &Path) -> Read {
    let mut book: Xlsx<_> = open_workbook(path).expect("xlsx");
    let sheets = book.sheet_names();
    let guide = book.worksheet_range("填报说明").expect("guide");
    let cell = |r: &calamine::Range<Data>, row: u32, col: u32| {
        r.get_value((row, col)).cloned().unwrap_or(Data::Empty)
    };
    let unit_code = cell(&guide, 2, 1).to_string();
    let year = cell(&guide, 4, 1).to_string();
    let data = book.worksheet_range("指标数据").expect("data");
    let mut values = BTreeMap::new();
    for row in 0..data.height() as u32 {
        let code = cell(&data, row, 0).to_string();
        if code.chars().all(|c| c.is_ascii_lowercase() || c == '_') && !code.is_empty() {
            values.insert(code, cell(&data, row, 5));
        }
    }
    let mut orgs = Vec::new();
    if let Ok(list) = book.worksheet_range("基层组织") {
        for row in 3..list.height() as u32 {
            let name = cell(&list, row, 1).to_string();
            if !name.is_empty() {
                orgs.push(name);
            }
        }
    }
    Read {
        unit_code,
        year,
        values,
        orgs,
        sheets,
    }
}

fn number(read: &Read, code: &str) -> f64 {
    match read.values.get(code) {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("{code} in {}: {other:?}", read.unit_code),
    }
}

#[test]
fn samples_of_2021_add_up_to_the_citys_published_figures() {
    let files = xlsx_files(&repo().join("samples/2021"));
    assert_eq!(files.len(), 21);
    let reads: Vec<Read> = files.iter().map(|f| read(f)).collect();
    assert!(reads.iter().all(|r| r.year == "2021"));
    let sum = |code: &str| reads.iter().map(|r| number(r, code)).sum::<f64>();
    // the city's review of 2021: 1,543 organisations, 548 group members, 29,000 adult
    // and 10,600 youth members, 19,834 volunteers, 215 teams, 31 schools, 559 instructors
    assert_eq!(sum("grassroots_orgs"), 1543.0);
    assert_eq!(sum("group_member_units"), 548.0);
    assert_eq!(sum("adult_members"), 29_000.0);
    assert_eq!(sum("youth_members"), 10_600.0);
    assert_eq!(sum("volunteers"), 19_834.0);
    assert_eq!(sum("volunteer_teams"), 215.0);
    assert_eq!(sum("red_cross_schools"), 31.0);
    assert_eq!(sum("instructors"), 559.0);
    // each unit lists as many organisations as it reports
    for r in &reads {
        assert_eq!(
            r.orgs.len() as f64,
            number(r, "grassroots_orgs"),
            "{}",
            r.unit_code
        );
    }
    let total_listed: usize = reads.iter().map(|r| r.orgs.len()).sum();
    assert_eq!(total_listed, 1543);
    // 井陉矿区: all 5 towns and streets, all 38 communities
    let kuangqu = reads
        .iter()
        .find(|r| r.unit_code == "130107")
        .expect("井陉矿区");
    assert_eq!(number(kuangqu, "towns_total"), 5.0);
    assert_eq!(number(kuangqu, "towns_with_rc"), 5.0);
    assert_eq!(number(kuangqu, "villages_total"), 38.0);
    assert_eq!(number(kuangqu, "villages_with_rc"), 38.0);
}

#[test]
fn running_totals_never_fall_and_sizes_are_realistic() {
    let mut by_unit: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for year in ["2021", "2022", "2023"] {
        let files = xlsx_files(&repo().join("samples").join(year));
        assert_eq!(files.len(), 21, "{year}");
        for f in files {
            let r = read(&f);
            assert_eq!(r.year, year);
            by_unit
                .entry(r.unit_code.clone())
                .or_default()
                .push(number(&r, "certified_cumulative"));
            // a county of about 400,000 people trains 800 to 2,000 first-aiders a year:
            // per 10,000 people between 5 and 80 whatever the size
            let fw = county_assess::framework::load(None).expect("default");
            let pop = fw
                .unit(&r.unit_code)
                .and_then(|u| u.population_for(2023))
                .expect("pop") as f64;
            let per_10k = number(&r, "certified_trained") / pop * 10_000.0;
            assert!(
                (5.0..=80.0).contains(&per_10k),
                "{} {year}: {per_10k}",
                r.unit_code
            );
        }
    }
    assert_eq!(by_unit.len(), 21);
    for (unit, values) in by_unit {
        assert!(
            values.windows(2).all(|w| w[0] <= w[1]),
            "{unit}: {values:?}"
        );
    }
}

#[test]
fn the_generator_reproduces_the_committed_samples_bit_for_bit() {
    let t = Test::new();
    let run = t.run(&["make-samples", "--out", "s"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let committed = repo().join("samples");
    for folder in ["2021", "2022", "2023", "problems"] {
        let mut ours: Vec<String> = std::fs::read_dir(t.path("s").join(folder))
            .expect("generated")
            .map(|e| e.expect("e").file_name().to_string_lossy().into_owned())
            .collect();
        ours.sort();
        let mut theirs: Vec<String> = std::fs::read_dir(committed.join(folder))
            .expect("committed")
            .map(|e| e.expect("e").file_name().to_string_lossy().into_owned())
            .collect();
        theirs.sort();
        assert_eq!(ours, theirs, "{folder}");
        for name in ours {
            let a = std::fs::read(t.path("s").join(folder).join(&name)).expect("a");
            let b = std::fs::read(committed.join(folder).join(&name)).expect("b");
            assert!(
                a == b,
                "{folder}/{name} differs: run `cargo run -- make-samples` and commit"
            );
        }
    }
    assert_eq!(
        std::fs::read(t.path("s/published.csv")).expect("generated"),
        std::fs::read(committed.join("published.csv")).expect("committed"),
        "published.csv differs: run `cargo run -- make-samples` and commit"
    );
}

#[test]
fn the_problem_samples_hold_every_planted_mistake() {
    let dir = repo().join("samples/problems");
    let zhengding = read(&dir.join("正定县2023年报表(终版).xlsx"));
    let text = |code: &str| {
        zhengding
            .values
            .get(code)
            .map(ToString::to_string)
            .unwrap_or_default()
    };
    assert_eq!(text("drills"), "三次");
    assert_eq!(text("awareness_trained"), "12.5万");
    assert_eq!(text("donations_raised"), "12.5万元");
    assert!(
        text("certified_trained").contains(','),
        "{}",
        text("certified_trained")
    );
    assert!(
        text("aed_count")
            .chars()
            .all(|c| ('０'..='９').contains(&c)),
        "{}",
        text("aed_count")
    );

    // yuan in a 万元 cell: 10,000 times the 2023 sample's value
    let xingtang = read(&dir.join("行唐县-2023年度.xlsx"));
    let good = read(&repo().join("samples/2023/2023-行唐县-核心能力评估填报表.xlsx"));
    assert_eq!(
        number(&xingtang, "donations_raised"),
        (number(&good, "donations_raised") * 10_000.0).round()
    );
    // a running total below last year's
    let last = read(&repo().join("samples/2022/2022-行唐县-核心能力评估填报表.xlsx"));
    assert!(number(&xingtang, "certified_cumulative") < number(&last, "certified_cumulative"));

    assert_eq!(read(&dir.join("灵寿县2023.xlsx")).year, "2022");
    assert_eq!(read(&dir.join("新区红十字会报表.xlsx")).unit_code, "130199");
    assert_eq!(read(&dir.join("赵县2023年报表.xlsx")).unit_code, "130133");
    assert_eq!(
        read(&dir.join("赵县2023年报表(修改版).xlsx")).unit_code,
        "130133"
    );
    assert!(
        !read(&dir.join("高邑县2023年报表.xlsx"))
            .sheets
            .contains(&"基层组织".to_string())
    );

    // an inserted row: the first field row moves from row 5 to row 6
    let mut book: Xlsx<_> = open_workbook(dir.join("深泽县2023年报表.xlsx")).expect("xlsx");
    let data = book.worksheet_range("指标数据").expect("data");
    assert_eq!(
        data.get_value((3, 1)).map(ToString::to_string),
        Some("（此行为填报人插入）".into())
    );
    assert_eq!(
        data.get_value((4, 0)).map(ToString::to_string),
        Some("A 党的建设与自身建设".into())
    );
    // a merged cell
    let mut book: Xlsx<_> = open_workbook(dir.join("赞皇县2023年报表.xlsx")).expect("xlsx");
    let merged = book.merge_cells_by_sheet_name("指标数据").expect("merged");
    assert!(
        merged.iter().any(|d| d.start.1 == 5 && d.end.1 == 6),
        "{merged:?}"
    );
    // √ and 有 in the 五有 list
    let mut book: Xlsx<_> = open_workbook(dir.join("无极县2023年报表.xlsx")).expect("xlsx");
    let orgs = book.worksheet_range("基层组织").expect("orgs");
    let marks: Vec<String> = (6..11)
        .filter_map(|c| orgs.get_value((3, c)).map(ToString::to_string))
        .collect();
    assert!(
        marks.iter().all(|m| ["√", "×"].contains(&m.as_str())),
        "{marks:?}"
    );
    let marks: Vec<String> = (6..11)
        .filter_map(|c| orgs.get_value((4, c)).map(ToString::to_string))
        .collect();
    assert!(
        marks.iter().all(|m| ["有", "无"].contains(&m.as_str())),
        "{marks:?}"
    );
}

#[test]
fn a_synthetic_assessment_is_reproducible_and_every_unit_is_scored() {
    let t = Test::new();
    for out in ["a", "b"] {
        let run = t.run(&["make-samples", "--units", "25", "--seed", "7", "--out", out]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    // 25 county files (one with a planted mistake, in place of the good one) and the city's workbook
    let year = t.path("a/2023");
    assert_eq!(xlsx_files(&year).len(), 25);
    assert!(year.join("2023-市级复核表.xlsx").is_file());
    let in_year = files_under(&year);
    assert_eq!(in_year.len(), 26, "{:?}", in_year.keys());
    // the registry: 25 units, unique 9xxxxx codes, realistic populations
    let fw = county_assess::framework::load(Some(&t.path("a/indicators"))).expect("loads");
    assert_eq!(fw.units.len(), 25);
    let codes: std::collections::BTreeSet<&str> =
        fw.units.iter().map(|u| u.code.as_str()).collect();
    assert_eq!(codes.len(), 25);
    for unit in &fw.units {
        assert!(
            unit.code.len() == 6 && unit.code.starts_with('9'),
            "{}",
            unit.code
        );
        let people = unit.population_for(2023).expect("a population");
        assert!(
            (20_000..=2_000_000).contains(&people),
            "{}: {people}",
            unit.code
        );
    }
    // the same seed gives the same bytes, file for file
    let (a, b) = (files_under(&t.path("a")), files_under(&t.path("b")));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    assert!(a.keys().any(|f| f.ends_with("README.md")));
    for (file, bytes) in &a {
        assert!(
            *bytes == b[file],
            "{} differs between two runs",
            file.display()
        );
    }
    // and it is assessed: every unit gets a total
    let run = t.run(&[
        "run",
        "a/2023",
        "--indicators",
        "a/indicators",
        "--allow-errors",
        "--export",
        "x.csv",
        "-o",
        "r.xlsx",
    ]);
    assert!(
        run.code == 0 || run.code == 1,
        "{}{}",
        run.stdout,
        run.stderr
    );
    let csv = std::fs::read_to_string(t.path("x.csv")).expect("csv");
    let scored: std::collections::BTreeSet<&str> = csv
        .lines()
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|r| {
            r.get(3) == Some(&"total") && r.get(7).is_some_and(|s| s.parse::<f64>().is_ok())
        })
        .filter_map(|r| r.get(1).copied())
        .collect();
    assert_eq!(scored, codes);
}
