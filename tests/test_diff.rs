//! `assess diff`: two real exports of the 2023 samples, one with 正定县's drills changed.

use county_assess::framework::{self, Framework};
use county_assess::report::template::{Request, Tamper, write};
use county_assess::samples;
use county_assess::submission::{Entry, Filled};

use crate::common::{Test, copy_dir, repo};

const ZHENGDING: &str = "130123";

fn fw() -> Framework {
    framework::load(None).expect("default framework")
}

/// Copies samples/2023 into `dir` of the test folder.
fn copy_samples(t: &Test, dir: &str) {
    let src = repo().join("samples/2023");
    std::fs::create_dir_all(t.path(dir)).expect("folder");
    for entry in std::fs::read_dir(&src).expect("samples") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), t.path(dir).join(entry.file_name())).expect("copy");
    }
}

/// The generated submission of 正定县 for `year`.
fn zhengding(fw: &Framework, year: i32) -> Filled {
    let (all, _) = samples::generate(fw, &[2022, 2023], 2021);
    all.into_iter()
        .find(|s| s.year == year && s.unit_code == ZHENGDING)
        .expect("正定县")
        .filled
}

/// Rewrites 正定县's 2023 submission in `dir` with `drills` set to `drills`;
/// returns the value it had.
fn set_drills(t: &Test, dir: &str, drills: f64) -> f64 {
    let fw = fw();
    let unit = fw.unit(ZHENGDING).expect("unit");
    let previous = zhengding(&fw, 2022);
    let mut filled = zhengding(&fw, 2023);
    let old = match filled.values.get("drills") {
        Some(Entry::Number(n)) => *n,
        other => panic!("drills: {other:?}"),
    };
    filled.values.insert("drills".into(), Entry::Number(drills));
    let bytes = write(&Request {
        framework: &fw,
        unit,
        year: 2023,
        filled: Some(&filled),
        previous: Some(&previous),
        tamper: &Tamper::default(),
    })
    .expect("template");
    let path = t
        .path(dir)
        .join(county_assess::output::template_file_name(2023, &unit.name).expect("a safe name"));
    assert!(path.is_file(), "{} is the sample's name", path.display());
    std::fs::write(&path, bytes).expect("write");
    old
}

/// `assess run DIR --export NAME`.
fn export(t: &Test, dir: &str, name: &str) {
    let run = t.run(&["run", dir, "--export", name, "-o", &format!("{name}.xlsx")]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

/// One unit's total row of an export.
struct Standing {
    unit: String,
    name: String,
    /// The total in hundredths (the points engine rounds every item to hundredths).
    cents: i64,
    rank: u32,
    grade: String,
}

/// The rows of an export, split at commas (no name of the samples holds one).
fn rows(t: &Test, name: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(t.path(name)).expect("csv");
    text.trim_start_matches('\u{feff}')
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(ToString::to_string).collect())
        .collect()
}

fn cents(text: &str) -> i64 {
    let value: f64 = text.parse().expect("number");
    (value * 100.0).round() as i64
}

/// Hundredths as the export writes them: `68.19`, `68.1`, `68`.
fn points(cents: i64) -> String {
    let text = format!("{}.{:02}", cents / 100, cents % 100);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn standings(t: &Test, name: &str) -> Vec<Standing> {
    rows(t, name)
        .into_iter()
        .filter(|r| r[3] == "total")
        .map(|r| Standing {
            unit: r[1].clone(),
            name: r[2].clone(),
            cents: cents(&r[7]),
            rank: r[9].parse().expect("rank"),
            grade: r[10].clone(),
        })
        .collect()
}

/// Competition ranking (1, 2, 2, 4): one plus the number of better totals.
fn rank_of(totals: &[i64], cents: i64) -> u32 {
    1 + totals.iter().filter(|c| **c > cents).count() as u32
}

#[test]
fn a_changed_value_is_traced_to_points_total_and_rank() {
    let t = Test::new();
    copy_samples(&t, "a");
    copy_samples(&t, "b");
    // the sample has 2 drills (the target): C2 = 2 × min(2 / 2, 1) = 2.00 points;
    // 1 drill: 2 × min(1 / 2, 1) = 1.00 — one point less in C2, so one point
    // less in dimension C and in the total
    assert_eq!(set_drills(&t, "b", 1.0), 2.0);
    export(&t, "a", "初评.csv");
    export(&t, "b", "终评.csv");

    // the 初评's totals (the samples hold the city's review workbook too, so
    // they are read rather than written here), then 正定县 one point lower
    let before = standings(&t, "初评.csv");
    let old_totals: Vec<i64> = before.iter().map(|s| s.cents).collect();
    for s in &before {
        assert_eq!(s.rank, rank_of(&old_totals, s.cents), "{}", s.unit);
    }
    let new_totals: Vec<i64> = before
        .iter()
        .map(|s| s.cents - if s.unit == ZHENGDING { 100 } else { 0 })
        .collect();
    let dimension_c = rows(&t, "初评.csv")
        .into_iter()
        .find(|r| r[1] == ZHENGDING && r[3] == "group" && r[4] == "C")
        .map(|r| cents(&r[7]))
        .expect("dimension C");

    let mut expected = String::from("比较 初评.csv → 终评.csv（2023年）\n");
    let mut ranks_changed = 0;
    let mut units_changed = 0;
    for (s, new) in before.iter().zip(&new_totals) {
        let new_rank = rank_of(&new_totals, *new);
        let moved = new_rank != s.rank;
        ranks_changed += usize::from(moved);
        if s.unit == ZHENGDING {
            units_changed += 1;
            expected.push_str(&format!(
                "\n130123 正定县\n  总分：{} → {} 分（-1）\n",
                points(s.cents),
                points(*new)
            ));
            if moved {
                expected.push_str(&format!(
                    "  排名：{} → {new_rank}（下降 {} 位）\n",
                    s.rank,
                    new_rank - s.rank
                ));
            }
            expected.push_str(&format!(
                "  维度 C 应急救援：{} → {} 分（-1）\n\
                 \x20 指标 C2 应急演练：2 → 1 分（-1）；指标值 2 → 1；同单位数据有变化：drills 2 → 1\n\
                 \x20 数据 drills 组织应急演练次数：2 → 1（-1）\n",
                points(dimension_c),
                points(dimension_c - 100)
            ));
        } else if moved {
            // passed by 正定县 falling behind: one place up, its own total unchanged
            units_changed += 1;
            assert_eq!(new_rank + 1, s.rank);
            expected.push_str(&format!(
                "\n{} {}\n  排名：{} → {new_rank}（上升 1 位；本单位总分未变，系其他单位总分变化所致）\n",
                s.unit, s.name, s.rank
            ));
        }
    }
    expected.push_str(&format!(
        "\n有变化的单位 {units_changed} 个，排名变化 {ranks_changed} 个，等级变化 0 个\n"
    ));
    let after = standings(&t, "终评.csv");
    for (a, b) in before.iter().zip(&after) {
        // a point less does not cross a grade's line here; if it ever does, the
        // expected text above needs the grade line
        assert_eq!(a.grade, b.grade, "{}", a.unit);
    }

    let run = t.run(&["diff", "初评.csv", "终评.csv"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, expected);

    let run = t.run(&["diff", "初评.csv", "终评.csv", "--lang", "en"]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let zhengding = &before[before
        .iter()
        .position(|s| s.unit == ZHENGDING)
        .expect("正定县")];
    assert_eq!(lines[0], "comparing 初评.csv → 终评.csv (2023)");
    assert!(lines.contains(&"130123 正定县"), "{}", run.stdout);
    assert!(
        lines.contains(
            &format!(
                "  total: {} → {} points (-1)",
                points(zhengding.cents),
                points(zhengding.cents - 100)
            )
            .as_str()
        ),
        "{}",
        run.stdout
    );
    assert!(
        lines.contains(
            &"  indicator C2 应急演练: 2 → 1 points (-1); value 2 → 1; values changed in the same unit: drills 2 → 1"
        ),
        "{}",
        run.stdout
    );
    assert!(
        lines.contains(&"  field drills 组织应急演练次数: 2 → 1 (-1)"),
        "{}",
        run.stdout
    );
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    assert_eq!(
        lines.last().copied(),
        Some(
            format!(
                "{} changed, {} changed, 0 grades changed",
                plural(units_changed, "unit"),
                plural(ranks_changed, "rank")
            )
            .as_str()
        )
    );

    // the other way round: the differences change sign
    let run = t.run(&["diff", "终评.csv", "初评.csv"]);
    assert_eq!(run.code, 1);
    let total = format!(
        "\n  总分：{} → {} 分（+1）\n",
        points(zhengding.cents - 100),
        points(zhengding.cents)
    );
    assert!(run.stdout.contains(&total), "{}", run.stdout);
}

#[test]
fn identical_exports_have_no_differences_with_or_without_bom() {
    let t = Test::new();
    export(&t, &repo().join("samples/2023").to_string_lossy(), "a.csv");
    let text = std::fs::read_to_string(t.path("a.csv")).expect("csv");
    // the same rows saved without the byte-order mark, with LF line ends
    let plain = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    std::fs::write(t.path("b.csv"), plain).expect("write");
    let run = t.run(&["diff", "a.csv", "b.csv"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        "比较 a.csv → b.csv（2023年）\n没有差异（比较了 21 个单位）\n"
    );
    let run = t.run(&["diff", "a.csv", "b.csv", "--lang", "en"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        "comparing a.csv → b.csv (2023)\nno differences (21 units compared)\n"
    );
}

#[test]
fn a_file_that_is_not_an_export_cannot_be_compared() {
    let t = Test::new();
    export(&t, &repo().join("samples/2023").to_string_lossy(), "a.csv");
    std::fs::write(
        t.path("other.csv"),
        "\u{feff}单位代码,单位,总分\r\n130123,正定县,52.25\r\n",
    )
    .expect("write");
    let run = t.run(&["diff", "a.csv", "other.csv"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "错误：`other.csv` 不是 assess run --export 导出的明细：表头是 `单位代码,单位,总分`，应为 \
         `year,unit,unit_name,item_type,code,name,value,score,max_score,rank,grade,flags,source,self_value,self_score,difference`\n"
    );
    let run = t.run(&["diff", "other.csv", "a.csv", "--lang", "en"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with(
            "error: `other.csv` is not an export of assess run --export: its header is `单位代码,单位,总分`; expected `year,unit,"
        ),
        "{}",
        run.stderr
    );

    let run = t.run(&["diff", "a.csv", "missing.csv"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with("错误：无法读取「missing.csv」: "),
        "{}",
        run.stderr
    );
}

#[test]
fn a_file_name_that_reads_as_a_formula_is_guarded_in_the_export_and_given_back_by_diff() {
    let t = Test::new();
    copy_dir(&t, "samples/2023", "2023");
    copy_dir(&t, "samples/2022", "2022");
    let original = t.path("2023/2023-正定县-核心能力评估填报表.xlsx");
    let hostile = t.path("2023/=HYPERLINK(\"http:x\",1)正定县.xlsx");
    std::fs::rename(&original, &hostile).expect("rename");
    let export = |csv: &str| {
        let run = t.run(&[
            "run",
            "2023",
            "-o",
            "r.xlsx",
            "--export",
            csv,
            "--timestamp",
            "2024-01-15",
        ]);
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
        std::fs::read_to_string(t.path(csv)).expect("export")
    };
    let first = export("e1.csv");
    // the source column: `'` before `=`, quoted for its comma and quotes
    assert!(
        first.contains(",\"'=HYPERLINK(\"\"http:x\"\",1)正定县.xlsx!指标数据!F13\","),
        "{first}"
    );
    // a name starting with `-` is text, guarded too; numbers (a negative difference) are not
    std::fs::rename(&hostile, t.path("2023/-正定县.xlsx")).expect("rename");
    let second = export("e2.csv");
    assert!(second.contains(",'-正定县.xlsx!指标数据!F13,"), "{second}");
    assert!(!second.contains(",-正定县.xlsx"), "{second}");
    // diff reads both back to the file names as they were
    let diff = t.run(&["diff", "e1.csv", "e2.csv"]);
    assert!(
        diff.stdout.contains(
            "  数据 towns_total 乡镇（街道）总数：来源 =HYPERLINK(\"http:x\",1)正定县.xlsx!指标数据!F13 → -正定县.xlsx!指标数据!F13\n"
        ),
        "{}",
        diff.stdout
    );
    // and a file compared with itself has no difference: the guard reads back exactly
    let same = t.run(&["diff", "e2.csv", "e2.csv"]);
    assert!(!same.stdout.contains("来源"), "{}", same.stdout);
}

/// The export adds up: each unit's indicator, bonus and deduction rows sum to
/// its total, the bonus cap being a row of its own; exports written before
/// that row existed still load in `diff` and `--previous-result`.
#[test]
fn each_units_rows_add_up_to_its_total_and_old_exports_still_load() {
    let t = Test::new();
    export(&t, &repo().join("samples/2023").to_string_lossy(), "a.csv");
    let rows = rows(&t, "a.csv");
    let units: std::collections::BTreeSet<&str> = rows.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(units.len(), 21);
    for unit in &units {
        let own: Vec<&Vec<String>> = rows.iter().filter(|r| r[1] == *unit).collect();
        let sum: i64 = own
            .iter()
            .filter(|r| matches!(r[3].as_str(), "indicator" | "bonus" | "deduction"))
            .map(|r| if r[7].is_empty() { 0 } else { cents(&r[7]) })
            .sum();
        let total = own.iter().find(|r| r[3] == "total").expect("total");
        assert_eq!(sum, cents(&total[7]), "{unit}: items ≠ total {}", total[7]);
    }
    // 无极县 is granted X1 2 + X2 2 + X3 2 = 6.00 bonus points; the cap is 5:
    // the cap row takes 1.00 off (92.86 base + 5.00 = 97.86)
    let wuji: Vec<&Vec<String>> = rows.iter().filter(|r| r[2] == "无极县").collect();
    let claimed: i64 = wuji
        .iter()
        .filter(|r| r[3] == "bonus" && r[4] != "bonus-cap")
        .map(|r| cents(&r[7]))
        .sum();
    assert_eq!(claimed, 600);
    let cap = wuji
        .iter()
        .find(|r| r[4] == "bonus-cap")
        .expect("the cap row");
    assert_eq!(cap[3], "bonus");
    assert_eq!(
        (cap[6].as_str(), cap[7].as_str(), cap[8].as_str()),
        ("6", "-1", "5")
    );
    // a unit within the cap: a row of 0
    let changan = rows
        .iter()
        .find(|r| r[2] == "长安区" && r[4] == "bonus-cap")
        .expect("长安区's cap row");
    assert_eq!(changan[7], "0");

    // an export of before: the same rows without the cap rows
    let text = std::fs::read_to_string(t.path("a.csv")).expect("csv");
    let old: String = text
        .split_inclusive('\n')
        .filter(|l| !l.contains(",bonus-cap,"))
        .collect();
    assert!(old.len() < text.len());
    std::fs::write(t.path("old.csv"), old).expect("write");
    let run = t.run(&["diff", "old.csv", "a.csv"]);
    // a missing cap row is 0 points: only 无极县's row of −1 shows, no total changed
    assert!(
        run.code == 0 || run.code == 1,
        "{}{}",
        run.stdout,
        run.stderr
    );
    assert!(!run.stdout.contains("长安区"), "{}", run.stdout);
    assert!(
        run.stdout.contains("无极县") && run.stdout.contains("bonus-cap"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("总分 "),
        "no total changed: {}",
        run.stdout
    );
    // last year's export, with and without its cap rows, gives the same comparison
    export(&t, &repo().join("samples/2022").to_string_lossy(), "p.csv");
    let text = std::fs::read_to_string(t.path("p.csv")).expect("csv");
    let before: String = text
        .split_inclusive('\n')
        .filter(|l| !l.contains(",bonus-cap,"))
        .collect();
    std::fs::write(t.path("p-old.csv"), before).expect("write");
    for (previous, out) in [("p.csv", "new.xlsx"), ("p-old.csv", "old.xlsx")] {
        let run = t.run(&[
            "run",
            &repo().join("samples/2023").to_string_lossy(),
            "--previous-result",
            previous,
            "-o",
            out,
            "--timestamp",
            "2024-01-15",
        ]);
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    }
    let parts = |f: &str| {
        let x = crate::common::XlsxParts::open(&t.path(f));
        x.sheet("综合排名").to_string()
    };
    assert!(
        parts("new.xlsx") == parts("old.xlsx"),
        "the same standings either way"
    );
}
