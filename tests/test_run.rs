//! `assess run` and the points engine: a golden case computed by hand, properties, the samples.

use std::collections::{BTreeMap, BTreeSet};

use county_assess::framework::{self, Framework};
use county_assess::score::points::{self, Adjustments};
use county_assess::score::{Scored, Table};

use crate::common::{Test, XlsxParts, copy_dir, files_under, full_marks, repo};

fn fw() -> Framework {
    framework::load(None).expect("default framework")
}

fn table(fw: &Framework, units: &[(&str, BTreeMap<&'static str, f64>)]) -> Table {
    let names: Vec<(county_assess::code::UnitCode, String)> = units
        .iter()
        .map(|(code, _)| ((*code).into(), fw.unit(code).expect("unit").name.clone()))
        .collect();
    let mut columns: BTreeMap<String, Vec<Option<f64>>> = BTreeMap::new();
    let codes: BTreeSet<&str> = units.iter().flat_map(|(_, v)| v.keys().copied()).collect();
    for code in codes {
        columns.insert(
            code.to_string(),
            units.iter().map(|(_, v)| v.get(code).copied()).collect(),
        );
    }
    Table::build(&names, &BTreeMap::new(), &columns).expect("table")
}

fn score_of(scored: &Scored, code: &str, unit: usize) -> f64 {
    scored
        .node(code)
        .and_then(|n| n.score[unit])
        .unwrap_or_else(|| panic!("{code}"))
}

#[test]
fn golden_case_of_three_units_computed_by_hand() {
    let fw = fw();
    // 正定县 549,321 people, 无极县 451,377, 井陉矿区 77,015 (2020 census, used for 2023)
    let mut zhengding = full_marks(549_321.0);
    // D1: target 20 per 10,000 × 549,321 = 1,098.642 people; 900 certified → 81.919…% → 5 × 0.81919 = 4.0960 → 4.10
    zhengding.insert("certified_trained", 900.0);
    // B1: 9 of 10 towns = 90% → tier ≥ 80% → 0.8 × 3 = 2.40
    zhengding.insert("towns_with_rc", 9.0);
    // C4: 3 late reports × 0.5 = 1.5 taken from 2 → 0.50
    zhengding.insert("late_disaster_reports", 3.0);
    // A2: 4 of 5 items → 5 × 4/5 = 4.00
    zhengding.insert("budget_included", 0.0);
    let mut wuji = full_marks(451_377.0);
    // F4: 20.1% repeat donors of a 40% target → 2 × 0.5025 = 1.005 → half-up 1.01
    // (as a binary float 1.005 is 1.00499…; naive rounding would give 1.00)
    wuji.insert("repeat_donor_rate", 0.201);
    // A2: 4 of 5 → 4.00
    wuji.insert("office_space", 0.0);
    let mut kuangqu = full_marks(77_015.0);
    // F4 as 无极县 → 1.01; C2: 1 drill of a target of 2 → 2 × 0.5 = 1.00
    kuangqu.insert("repeat_donor_rate", 0.201);
    kuangqu.insert("drills", 1.0);
    let t = table(
        &fw,
        &[("130123", zhengding), ("130130", wuji), ("130107", kuangqu)],
    );
    let mut adj = Adjustments::default();
    // 正定县: one national honour (+2) and one late statistical report (−1)
    adj.bonus.insert(("130123".into(), "X1".into()), 1.0);
    adj.deductions.insert(("130123".into(), "K1".into()), 1.0);
    let scored = points::score(&fw, &t, &adj, 2023);
    assert_eq!(scored.units, ["130123", "130130", "130107"]);

    // every indicator of 正定县: full points but D1, B1, C4, A2
    let zd_changed = [("D1", 4.10), ("B1", 2.40), ("C4", 0.50), ("A2", 4.00)];
    for ind in &fw.indicators {
        let expected = zd_changed
            .iter()
            .find(|(c, _)| *c == ind.code)
            .map_or(ind.points.expect("points").as_f64(), |(_, v)| *v);
        assert_eq!(
            score_of(&scored, &ind.code, 0),
            expected,
            "正定县 {}",
            ind.code
        );
    }
    for (unit, changed) in [
        (1, vec![("F4", 1.01), ("A2", 4.00)]),
        (2, vec![("F4", 1.01), ("C2", 1.00)]),
    ] {
        for ind in &fw.indicators {
            let expected = changed
                .iter()
                .find(|(c, _)| *c == ind.code)
                .map_or(ind.points.expect("points").as_f64(), |(_, v)| *v);
            assert_eq!(
                score_of(&scored, &ind.code, unit),
                expected,
                "unit {unit} {}",
                ind.code
            );
        }
    }
    // subtotals: 正定县 A 10 − 1 = 9.00, B 15 − 0.6 = 14.40, C 8 − 1.5 = 6.50, D 17 − 0.9 = 16.10
    for (dim, v) in [
        ("A", 9.0),
        ("B", 14.4),
        ("C", 6.5),
        ("D", 16.1),
        ("E", 8.0),
        ("F", 17.0),
    ] {
        assert_eq!(score_of(&scored, dim, 0), v, "正定县 {dim}");
    }
    // 无极县 F 17 − 0.99 = 16.01, A 9.00; 井陉矿区 F 16.01, C 7.00
    assert_eq!(score_of(&scored, "F", 1), 16.01);
    assert_eq!(score_of(&scored, "A", 1), 9.0);
    assert_eq!(score_of(&scored, "C", 2), 7.0);
    let total = scored.total().expect("total");
    // bases: 正定县 100 − 0.90 − 0.60 − 1.50 − 1.00 = 96.00; the others 100 − 0.99 − 1.00 = 98.01
    assert_eq!(total.value, vec![Some(96.0), Some(98.01), Some(98.01)]);
    // totals: 96.00 + 2 − 1 = 97.00; 98.01 and 98.01 are tied (并列) first, 正定县 third
    assert_eq!(total.score, vec![Some(97.0), Some(98.01), Some(98.01)]);
    assert_eq!(total.rank, vec![Some(3), Some(1), Some(1)]);
    // grades: all ≥ 90, but 优秀 is at most 30% of 3 units = 0.9 → 0 units; all fall to 良好
    assert_eq!(
        scored.grades,
        vec![
            Some("良好".into()),
            Some("良好".into()),
            Some("良好".into())
        ]
    );
    // the printed items add up to the printed total
    for unit in 0..3 {
        let dims: f64 = fw
            .top_dimensions()
            .map(|d| score_of(&scored, &d.code, unit))
            .sum();
        assert!((dims - total.value[unit].expect("base")).abs() < 1e-9);
    }
}

#[test]
fn quotas_vetoes_and_deduction_limits_decide_grades() {
    let fw = fw();
    // ten units at full marks; totals differ by the deductions (K3: 2 points per finding)
    let codes = [
        "130102", "130104", "130105", "130107", "130108", "130109", "130110", "130111", "130121",
        "130123",
    ];
    let units: Vec<(&str, BTreeMap<&'static str, f64>)> = codes
        .iter()
        .map(|c| {
            (
                *c,
                full_marks(
                    fw.unit(c)
                        .and_then(|u| u.population_for(2023))
                        .expect("pop") as f64,
                ),
            )
        })
        .collect();
    let t = table(&fw, &units);
    let mut adj = Adjustments::default();
    // 130102: veto V1 → 不合格 whatever its 100 points; 130104: 3 points deducted (> 2) → not 优秀
    adj.vetoes.insert(("130102".into(), "V1".into()));
    adj.deductions.insert(("130104".into(), "K1".into()), 3.0);
    // 130105 … 130123 (8 units) at 100: 30% of 10 = 3 may be 优秀, but 8 are tied at 100 → all fall to 良好
    let scored = points::score(&fw, &t, &adj, 2023);
    assert_eq!(scored.grades[0], Some("不合格".into()));
    assert_eq!(scored.grades[1], Some("良好".into()));
    for g in &scored.grades[2..] {
        assert_eq!(g, &Some("良好".into()));
    }
    // the vetoed unit is still ranked by its score, and marked
    let total = scored.total().expect("total");
    assert_eq!(total.rank[0], Some(1));
    assert_eq!(total.flags[0], vec![county_assess::score::Flag::Veto]);
    // 130104: 100 − 3 = 97 → rank 10 of 10
    assert_eq!(total.score[1], Some(97.0));
    assert_eq!(total.rank[1], Some(10));
}

#[test]
fn properties_hold_on_the_samples() {
    let t = Test::new();
    let run = t.run(&[
        "run",
        &repo().join("samples/2023").to_string_lossy(),
        "--export",
        "x.csv",
        "-o",
        "r.xlsx",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let csv = std::fs::read_to_string(t.path("x.csv")).expect("csv");
    assert!(csv.starts_with('\u{feff}'), "a BOM for Excel");
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    assert_eq!(
        lines.next(),
        Some(
            "year,unit,unit_name,item_type,code,name,value,score,max_score,rank,grade,flags,source,self_value,self_score,difference"
        )
    );
    let rows: Vec<Vec<String>> = lines
        .map(|l| l.split(',').map(ToString::to_string).collect())
        .collect();
    let fw = fw();
    let mut totals: BTreeMap<String, f64> = BTreeMap::new();
    let mut dims: BTreeMap<String, f64> = BTreeMap::new();
    let mut ranks = Vec::new();
    for r in &rows {
        let score: Option<f64> = r[7].parse().ok();
        let max: Option<f64> = r[8].parse().ok();
        if r[3] == "indicator" {
            // scores stay within each item's points
            let (s, m) = (score.expect("score"), max.expect("max"));
            assert!((0.0..=m).contains(&s), "{r:?}");
        }
        if r[3] == "group" && fw.top_dimensions().any(|d| d.code == r[4]) {
            *dims.entry(r[1].clone()).or_default() += score.expect("score");
        }
        if r[3] == "total" {
            totals.insert(r[1].clone(), r[6].parse().expect("base"));
            ranks.push((score.expect("total"), r[9].parse::<u32>().expect("rank")));
        }
        if r[3] == "field" && r[6].parse::<f64>().is_ok() && r[4] == "drills" {
            assert!(r[12].contains("!指标数据!F"), "source: {r:?}");
        }
    }
    assert_eq!(totals.len(), 21);
    // printed items add up to the printed total (in hundredths)
    for (unit, base) in &totals {
        assert!(
            (dims[unit] - base).abs() < 1e-6,
            "{unit}: {} vs {base}",
            dims[unit]
        );
    }
    // ranks are a competition ranking: rank = 1 + number of strictly better totals
    for (score, rank) in &ranks {
        let better = ranks.iter().filter(|(s, _)| s > score).count() as u32;
        assert_eq!(*rank, better + 1);
    }
    assert!(t.path("r.xlsx").is_file());
}

#[test]
fn input_file_order_changes_nothing() {
    // the same submissions under other names (so found in another order) give the same export
    let t = Test::new();
    let src = repo().join("samples/2023");
    std::fs::create_dir_all(t.path("a/2023")).expect("a");
    std::fs::create_dir_all(t.path("b/2023")).expect("b");
    let mut names: Vec<_> = std::fs::read_dir(&src)
        .expect("dir")
        .map(|e| e.expect("e").file_name())
        .collect();
    names.sort();
    for (i, name) in names.iter().enumerate() {
        std::fs::copy(src.join(name), t.path("a/2023").join(name)).expect("copy");
        std::fs::copy(
            src.join(name),
            t.path("b/2023")
                .join(format!("{:02}-{}", names.len() - i, name.to_string_lossy())),
        )
        .expect("copy");
    }
    assert_eq!(
        t.run(&["run", "a/2023", "--export", "a.csv", "-o", "a.xlsx"])
            .code,
        0
    );
    assert_eq!(
        t.run(&["run", "b/2023", "--export", "b.csv", "-o", "b.xlsx"])
            .code,
        0
    );
    let strip = |p: &str| -> Vec<String> {
        // the source column (13th) names the file; everything else must be equal
        std::fs::read_to_string(t.path(p))
            .expect("csv")
            .lines()
            .map(|l| {
                let mut cells: Vec<&str> = l.split(',').collect();
                if cells.len() > 12 {
                    cells.remove(12);
                }
                cells.join(",")
            })
            .collect()
    };
    assert_eq!(strip("a.csv"), strip("b.csv"));
}

#[test]
fn run_refuses_to_score_with_errors_unless_allowed() {
    let t = Test::new();
    let problems = repo().join("samples/problems");
    let run = t.run(&["run", &problems.to_string_lossy()]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("有错误，未计分"), "{}", run.stdout);
    assert!(!t.path("assessment-2023.xlsx").exists());
    let run = t.run(&[
        "run",
        &problems.to_string_lossy(),
        "--allow-errors",
        "--export",
        "x.csv",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let csv = std::fs::read_to_string(t.path("x.csv")).expect("csv");
    // 正定县's drills (「三次」) was refused: its field row is flagged
    let drills = csv
        .lines()
        .find(|l| l.contains(",130123,") && l.contains(",field,drills,"))
        .expect("drills row");
    assert!(drills.contains("error-allowed"), "{drills}");
    assert!(t.path("assessment-2023.xlsx").is_file());
}

#[test]
fn the_2023_samples_hold_an_exact_tie() {
    let t = Test::new();
    let run = t.run(&[
        "run",
        &repo().join("samples/2023").to_string_lossy(),
        "-o",
        "r.xlsx",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // 鹿泉区 and 新乐市 reach every target, the city's figures included, but D3's top
    // tier (2.2% of the population certified: the 2% tier, 0.7 × 3 = 2.10), with no
    // bonus, deduction or adjustment: 100 − 0.90 = 99.10 each
    let tied: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains("（并列）"))
        .collect();
    assert_eq!(tied.len(), 2, "{}", run.stdout);
    assert!(tied[0].contains("130110 鹿泉区 99.10"), "{}", tied[0]);
    assert!(tied[1].contains("130184 新乐市 99.10"), "{}", tied[1]);
    let rank = |l: &str| l.trim().split('（').next().unwrap_or("").to_string();
    assert_eq!(rank(tied[0]), rank(tied[1]));
}

#[test]
fn the_workbook_lists_every_grassroots_organisation_and_every_finding() {
    use calamine::{Reader, Xlsx, open_workbook};
    let t = Test::new();
    let run = t.run(&[
        "run",
        &repo().join("samples/2023").to_string_lossy(),
        "-o",
        "r.xlsx",
        "--export",
        "x.csv",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut book: Xlsx<_> = open_workbook(t.path("r.xlsx")).expect("xlsx");
    let names = book.sheet_names();
    for sheet in [
        "综合排名",
        "分项得分",
        "指标明细",
        "五有",
        "加扣分与否决",
        "复核调整",
        "短板分析",
        "短板维度",
        "提分潜力",
        "单位画像",
        "数据质量",
        "评分标准",
    ] {
        assert!(names.contains(&sheet.to_string()), "{sheet} in {names:?}");
    }
    let wuyou = book.worksheet_range("五有").expect("五有");
    let cell = |r: u32, c: u32| {
        wuyou
            .get_value((r, c))
            .map(ToString::to_string)
            .unwrap_or_default()
    };
    // 正定县's organisations: as many rows as it reports, and the share meeting the
    // standard equals indicator B4's value in the export
    // the list fills the sheet; the rates are on 五有达标率, under their own header
    let rows: Vec<u32> = (1..wuyou.height() as u32)
        .filter(|r| cell(*r, 0) == "130123")
        .collect();
    let rates = book.worksheet_range("五有达标率").expect("五有达标率");
    assert_eq!(
        rates.get_value((0, 5)).map(ToString::to_string).as_deref(),
        Some("达标率")
    );
    let csv = std::fs::read_to_string(t.path("x.csv")).expect("csv");
    let value = |kind: &str, code: &str| -> f64 {
        csv.lines()
            .find(|l| l.starts_with("2023,130123,") && l.contains(&format!(",{kind},{code},")))
            .and_then(|l| l.split(',').nth(6))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{kind} {code}"))
    };
    assert_eq!(rows.len() as f64, value("field", "grassroots_orgs"));
    let last = (0..20u32)
        .rev()
        .find(|c| cell(0, *c) == "达标")
        .expect("达标 column");
    let meeting = rows.iter().filter(|r| cell(**r, last) == "达标").count() as f64;
    assert!((meeting / rows.len() as f64 - value("indicator", "B4")).abs() < 1e-12);
    // 数据质量: the run's warnings are listed with what they affect
    let quality = book.worksheet_range("数据质量").expect("数据质量");
    let warnings = (1..quality.height() as u32)
        .filter(|r| {
            quality
                .get_value((*r, 0))
                .map(ToString::to_string)
                .as_deref()
                == Some("警告")
        })
        .count();
    assert!(warnings > 0);
    // the field by its name, its code beside it (高邑县's 网络募捐 fell 60 %)
    let fields: Vec<String> = (1..quality.height() as u32)
        .map(|r| {
            quality
                .get_value((r, 4))
                .map(ToString::to_string)
                .unwrap_or_default()
        })
        .collect();
    assert!(
        fields
            .iter()
            .any(|f| f == "其中：网络募捐（online_raised）"),
        "{fields:?}"
    );
}

/// A submission of the 2023 samples, copied with the 2022 ones into `samples-copy/`.
const SUBMISSION: &str = "samples-copy/2023/2023-正定县-核心能力评估填报表.xlsx";

fn samples_copy() -> Test {
    let t = Test::new();
    copy_dir(&t, "samples/2022", "samples-copy/2022");
    copy_dir(&t, "samples/2023", "samples-copy/2023");
    t
}

/// Whether any file or folder under `dir` is hidden (a temporary file or a backup).
fn hidden(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    files_under(dir)
        .into_keys()
        .filter(|p| {
            p.components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        })
        .collect()
}

#[test]
fn a_run_writes_all_its_outputs_or_none() {
    let t = samples_copy();
    std::fs::create_dir(t.path("busy")).expect("a folder where the export should go");
    let all = |export: &str| -> Vec<String> {
        [
            "run",
            "samples-copy/2023",
            "-o",
            "r.xlsx",
            "--per-unit",
            "反馈单",
            "--attachment",
            "附件.xlsx",
            "--export",
            export,
            "--timestamp",
            "2024-01-15",
        ]
        .map(String::from)
        .to_vec()
    };
    let args = all("busy");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = t.run(&args);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("无法写入 busy：这是一个文件夹"),
        "{}",
        run.stderr
    );
    assert!(!t.path("r.xlsx").exists() && !t.path("附件.xlsx").exists());
    assert!(!t.path("反馈单").exists());

    // after a complete run, a failing one leaves every output byte for byte
    let good = all("r.csv");
    let good: Vec<&str> = good.iter().map(String::as_str).collect();
    let run = t.run(&good);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "结果已写入 r.xlsx\n反馈单 21 份已写入 反馈单\n得分汇总表（内部掌握）已写入 附件.xlsx\n\n—— 本次运行的结论\n"
        ),
        "{}",
        run.stdout
    );
    let before = files_under(t.dir.path());
    let run = t.run(&args);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert_eq!(files_under(t.dir.path()), before);
    // English, never mixed
    let run = t.run(&[&["--lang", "en"], &args[..]].concat());
    assert!(
        run.stderr
            .starts_with("error: cannot write `busy`: it is a folder; choose another file name"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains('；'), "{}", run.stderr);
    assert_eq!(files_under(t.dir.path()), before);
    assert!(
        hidden(t.dir.path()).is_empty(),
        "{:?}",
        hidden(t.dir.path())
    );

    // a feedback folder holding files of the office's own is not replaced
    std::fs::write(t.path("反馈单/说明.docx"), b"the office's own").expect("write");
    let before = files_under(t.dir.path());
    let run = t.run(&good);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("说明.docx") && run.stderr.contains("请给一个新的或空的文件夹"),
        "{}",
        run.stderr
    );
    assert_eq!(files_under(t.dir.path()), before);
}

#[test]
fn outputs_that_are_inputs_are_refused_before_anything_is_read() {
    let t = samples_copy();
    let before = files_under(&t.path("samples-copy"));
    let mut outputs = vec![
        SUBMISSION.to_string(),
        "samples-copy/2022/../2023/./2023-正定县-核心能力评估填报表.xlsx".to_string(),
        t.path(SUBMISSION).display().to_string(),
    ];
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(t.path(SUBMISSION), t.path("link.xlsx")).expect("link");
        std::os::unix::fs::symlink(t.path("samples-copy/2023"), t.path("alias")).expect("link");
        outputs.push("link.xlsx".to_string());
        outputs.push("alias/2023-正定县-核心能力评估填报表.xlsx".to_string());
    }
    for out in &outputs {
        let run = t.run(&["run", "samples-copy/2023", "-o", out]);
        assert_eq!(run.code, 2, "{out}: {}", run.stdout);
        assert!(
            run.stderr
                .contains(&format!("输出文件 {out} 就是输入文件 {SUBMISSION}")),
            "{out}: {}",
            run.stderr
        );
        // refused before anything was read: nothing printed
        assert!(run.stdout.is_empty(), "{out}: {}", run.stdout);
        assert_eq!(files_under(&t.path("samples-copy")), before, "{out}");
    }
    // every output is checked: the export onto the city workbook, last year's
    // file (found beside), the feedback folder that holds the submissions
    for (option, out, input) in [
        (
            "--export",
            "samples-copy/2023/2023-市级复核表.xlsx",
            "samples-copy/2023/2023-市级复核表.xlsx",
        ),
        (
            "--public",
            "samples-copy/2022/2022-正定县-核心能力评估填报表.xlsx",
            "samples-copy/2022/2022-正定县-核心能力评估填报表.xlsx",
        ),
        (
            "--per-unit",
            "samples-copy",
            "samples-copy/2023/2023-井陉县-核心能力评估填报表.xlsx",
        ),
    ] {
        let run = t.run(&["run", "samples-copy/2023", option, out, "-o", "r.xlsx"]);
        assert_eq!(run.code, 2, "{option}: {}", run.stdout);
        assert!(run.stderr.contains(input), "{option}: {}", run.stderr);
        assert_eq!(files_under(&t.path("samples-copy")), before, "{option}");
    }
    assert!(!t.path("r.xlsx").exists());
    let run = t.run(&["--lang", "en", "run", "samples-copy/2023", "-o", SUBMISSION]);
    assert_eq!(
        run.stderr,
        format!(
            "error: the output `{SUBMISSION}` is the input `{SUBMISSION}`; choose another output path so that no input is overwritten (nothing was read or changed)\n"
        )
    );
    // the wide table and last year's published export are inputs too
    std::fs::write(t.path("table.csv"), b"unit\n").expect("table");
    let run = t.run(&["run", "--table", "table.csv", "--export", "table.csv"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("就是输入文件 table.csv"),
        "{}",
        run.stderr
    );
}

#[test]
fn every_output_workbook_carries_its_kind() {
    let t = samples_copy();
    let run = t.run(&[
        "run",
        "samples-copy/2023",
        "-o",
        "r.xlsx",
        "--per-unit",
        "fb",
        "--attachment",
        "a.xlsx",
        "--public",
        "p.xlsx",
        "--timestamp",
        "2024-01-15",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let kind = |path: &std::path::Path| {
        let parts = XlsxParts::open(path);
        let custom = parts.part("docProps/custom.xml");
        let at = custom
            .find("name=\"assess-kind\"")
            .unwrap_or_else(|| panic!("{}: {custom}", path.display()));
        let value = &custom[at..];
        let start = value.find("<vt:lpwstr>").expect("value") + "<vt:lpwstr>".len();
        let end = value.find("</vt:lpwstr>").expect("end");
        value[start..end].to_string()
    };
    assert_eq!(kind(&t.path("r.xlsx")), "assessment");
    assert_eq!(kind(&t.path("a.xlsx")), "attachment");
    assert_eq!(kind(&t.path("p.xlsx")), "public-attachment");
    assert_eq!(kind(&t.path("fb/2023-正定县-评估反馈单.xlsx")), "feedback");
    for written in ["assessment", "feedback", "attachment", "public-attachment"] {
        assert!(county_assess::layout::OUTPUT_KINDS.contains(&written));
    }

    // the tool's own earlier outputs in a folder it reads are not inputs:
    // the feedback folder inside a folder beside the submissions is replaced
    let run = t.run(&[
        "run",
        "samples-copy/2023",
        "-o",
        "samples-copy/out/r.xlsx",
        "--per-unit",
        "samples-copy/out/fb",
        "--timestamp",
        "2024-01-15",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let again = t.run(&[
        "run",
        "samples-copy/2023",
        "-o",
        "samples-copy/out/r.xlsx",
        "--per-unit",
        "samples-copy/out/fb",
        "--timestamp",
        "2024-01-16",
    ]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(again.stdout, run.stdout);
}

/// `--help`, usage lines and usage errors in Chinese by default, in English
/// with `--lang en` or `ASSESS_LANG=en`, never mixed.
#[test]
fn help_and_usage_errors_speak_chinese_unless_asked_for_english() {
    let t = Test::new();
    let has_han = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let help = t.run(&["--help"]);
    assert_eq!(help.code, 0);
    assert!(
        help.stdout.contains("用法：assess [选项] <命令>"),
        "{}",
        help.stdout
    );
    for english in [
        "Usage",
        "Options",
        "Commands",
        "Print help",
        "Print version",
    ] {
        assert!(
            !help.stdout.contains(english),
            "{english} in {}",
            help.stdout
        );
    }
    // every command's help: Chinese on every line that says something
    for command in [
        "indicators",
        "init",
        "template",
        "validate",
        "run",
        "review",
        "diff",
        "trend",
        "explain",
    ] {
        let run = t.run(&[command, "--help"]);
        assert_eq!(run.code, 0, "{command}");
        assert!(
            run.stdout.contains(&format!("用法：assess {command} ")),
            "{}",
            run.stdout
        );
        for line in run
            .stdout
            .lines()
            .filter(|l| l.trim_start().starts_with('-'))
        {
            assert!(has_han(line), "{command}: {line}");
        }
        assert!(
            !run.stdout.contains("[default:") && !run.stdout.contains("[OPTIONS]"),
            "{}",
            run.stdout
        );
    }
    assert_eq!(
        t.run(&["help", "run"]).stdout,
        t.run(&["run", "--help"]).stdout
    );
    // usage errors: what is wrong, in 「」, the command's usage, exit 2
    let run = t.run(&["run", "--bogus"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with("错误：不认识的参数「--bogus」"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("用法：assess run [选项] [文件夹]"),
        "{}",
        run.stderr
    );
    let run = t.run(&["run", "--stage", "复核"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("「复核」不能作为 --stage <阶段> 的取值（可取：初评、终评）"),
        "{}",
        run.stderr
    );
    let run = t.run(&["review", "samples"]);
    assert!(
        run.stderr.contains("缺少必须给出的参数：--year <年度>"),
        "{}",
        run.stderr
    );
    let run = t.run(&["frob"]);
    assert!(
        run.stderr.contains("没有「frob」这个命令"),
        "{}",
        run.stderr
    );
    // English when asked: on the line, or by the environment
    let run = t.run(&["--lang", "en", "run", "--help"]);
    assert!(
        run.stdout.contains("Usage: assess run [OPTIONS] [DIR]"),
        "{}",
        run.stdout
    );
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_assess"))
        .arg("--help")
        .env("ASSESS_LANG", "en")
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&output.stdout).contains("Usage: assess [OPTIONS] <COMMAND>"));
    let run = t.run(&["run", "--bogus", "--lang=en"]);
    assert!(
        run.stderr.contains("unexpected argument '--bogus'"),
        "{}",
        run.stderr
    );
}
