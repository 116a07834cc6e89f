//! The shortfall sheets of the assessment workbook (短板分析, 短板维度,
//! 提分潜力): 失分率 per dimension against the city median, each unit's
//! weakest dimensions, and what would add most points — computed by hand on
//! three units, then checked on the 2023 samples.

use std::collections::{BTreeMap, BTreeSet};

use calamine::{Data, Range, Reader, Xlsx, open_workbook};

use crate::common::{Test, XlsxParts, full_marks, repo, wide_csv};

/// A wide table of the given units, written into the test's folder.
fn write_table(t: &Test, name: &str, units: &[(&str, BTreeMap<&'static str, f64>)]) {
    std::fs::write(t.path(name), wide_csv(units)).expect("table");
}

fn text(d: Option<&Data>) -> String {
    match d {
        None | Some(Data::Empty) => String::new(),
        Some(other) => other.to_string(),
    }
}

fn float(d: Option<&Data>) -> f64 {
    match d {
        Some(Data::Float(f)) => *f,
        other => panic!("a number, not {other:?}"),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// The three sheets, one under the other with a blank row between (each
/// table on its own sheet so that it prints under its own header).
fn stacked(book: &mut Xlsx<std::io::BufReader<std::fs::File>>, names: [&str; 3]) -> Range<Data> {
    let sheets: Vec<Range<Data>> = names
        .iter()
        .map(|n| {
            book.worksheet_range(n)
                .unwrap_or_else(|e| panic!("{n}: {e}"))
        })
        .collect();
    let height: u32 = sheets.iter().map(|s| s.height() as u32 + 1).sum();
    let width = sheets.iter().map(Range::width).max().unwrap_or(1) as u32;
    let mut all = Range::new((0, 0), (height - 1, width - 1));
    let mut top = 0;
    for sheet in &sheets {
        // each sheet's title and heading are above its header row
        let heading = text(sheet.get_value((1, 0)));
        assert!(
            heading.contains('、') || heading.contains(". "),
            "{heading}"
        );
        for (r, c, v) in sheet.used_cells() {
            all.set_value((top + r as u32, c as u32), v.clone());
        }
        top += sheet.height() as u32 + 1;
    }
    all
}

const SHEETS: [&str; 3] = ["短板分析", "短板维度", "提分潜力"];

/// The sheet's three tables: each header row and the rows under it (down
/// to the first row without a unit code).
struct Tables {
    headers: Vec<Vec<String>>,
    bodies: Vec<Vec<u32>>,
}

fn tables(sheet: &Range<Data>, code_header: &str) -> Tables {
    let height = u32::try_from(sheet.height()).expect("rows");
    let starts: Vec<u32> = (0..height)
        .filter(|r| text(sheet.get_value((*r, 0))) == code_header)
        .collect();
    assert_eq!(starts.len(), 3, "three tables");
    let headers = starts
        .iter()
        .map(|r| {
            (0..u32::try_from(sheet.width()).expect("columns"))
                .map(|c| text(sheet.get_value((*r, c))))
                .collect()
        })
        .collect();
    let bodies = starts
        .iter()
        .map(|start| {
            (start + 1..height)
                .take_while(|r| {
                    let code = text(sheet.get_value((*r, 0)));
                    code.len() == 6 && code.chars().all(|c| c.is_ascii_digit())
                })
                .collect()
        })
        .collect();
    Tables { headers, bodies }
}

/// Three units, each losing a few points where the arithmetic is easy.
fn three_units(t: &Test) {
    // populations (2020 census, used for 2023): 井陉矿区 77,015, 正定县 549,321, 无极县 451,377
    let mut kuangqu = full_marks(77_015.0);
    // C2: 1 drill of a target of 2 → 2 × 0.5 = 1.00 of 2; C loses 1 of 8 = 12.5%
    kuangqu.insert("drills", 1.0);
    // F4: 20% repeat donors of a 40% target → 2 × 0.5 = 1.00 of 2; F loses 1 of 17 = 5.88%
    kuangqu.insert("repeat_donor_rate", 0.2);
    let mut zhengding = full_marks(549_321.0);
    // A2: 4 of 5 items → 4.00 of 5; A loses 1 of 10 = 10%
    zhengding.insert("budget_included", 0.0);
    // B1: 9 of 10 towns = 90% → tier ≥ 80% → 0.8 × 3 = 2.40; B loses 0.60 of 15 = 4%
    zhengding.insert("towns_with_rc", 9.0);
    // D1: target 20 per 10,000 × 549,321 people = 1,098.642; 900 certified →
    // 5 × 900 ÷ 1,098.642 = 4.0960 → 4.10; D loses 0.90 of 17 = 5.29%
    zhengding.insert("certified_trained", 900.0);
    let mut wuji = full_marks(451_377.0);
    // A2 as 正定县 (A loses 10%), F4 as 井陉矿区 (F loses 5.88%)
    wuji.insert("office_space", 0.0);
    wuji.insert("repeat_donor_rate", 0.2);
    // listed out of code order: the sheet sorts by code
    write_table(
        t,
        "t.csv",
        &[("130123", zhengding), ("130130", wuji), ("130107", kuangqu)],
    );
}

#[test]
fn lost_shares_medians_weak_points_and_suggestions_computed_by_hand() {
    let t = Test::new();
    three_units(&t);
    let run = t.run(&["run", "--table", "t.csv", "--year", "2023", "-o", "r.xlsx"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let mut book: Xlsx<_> = open_workbook(t.path("r.xlsx")).expect("xlsx");
    let sheet = stacked(&mut book, SHEETS);
    let Tables { headers, bodies } = tables(&sheet, "单位代码");
    let cell = |r: u32, c: u32| sheet.get_value((r, c));

    // ---- 1. 失分率: units in code order, a column per dimension ----------
    assert_eq!(
        headers[0][..11],
        [
            "单位代码",
            "单位",
            "A 党的建设与自身建设",
            "B 组织建设",
            "C 应急救援",
            "D 应急救护",
            "E 人道救助",
            "F 三献",
            "G 资源动员",
            "H 公开透明",
            "I 宣传与信息",
        ]
    );
    let rows = &bodies[0];
    let units: Vec<(String, String)> = rows
        .iter()
        .map(|r| (text(cell(*r, 0)), text(cell(*r, 1))))
        .collect();
    assert_eq!(
        units,
        [
            ("130107".into(), "井陉矿区".into()),
            ("130123".into(), "正定县".into()),
            ("130130".into(), "无极县".into()),
        ]
    );
    let f = 1.0 / 17.0;
    // columns A … I; everything not lost above is 0 (full points)
    let expected = [
        // 井陉矿区: C 1 of 8, F 1 of 17
        [0.0, 0.0, 0.125, 0.0, 0.0, f, 0.0, 0.0, 0.0],
        // 正定县: A 1 of 10, B 0.6 of 15, D 0.9 of 17
        [0.1, 0.04, 0.0, 0.9 / 17.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        // 无极县: A 1 of 10, F 1 of 17
        [0.1, 0.0, 0.0, 0.0, 0.0, f, 0.0, 0.0, 0.0],
    ];
    for (r, want) in rows.iter().zip(&expected) {
        for (c, w) in (2u32..).zip(want) {
            let got = float(cell(*r, c));
            assert!(close(got, *w), "row {r} column {c}: {got} ≠ {w}");
        }
    }
    // the median of three is the middle one: A (0, 10%, 10%) → 10%; F (5.88%, 0, 5.88%) → 5.88%; the rest 0
    let median_row = rows.last().expect("rows") + 1;
    assert_eq!(text(cell(median_row, 0)), "全市中位数");
    let medians = [0.1, 0.0, 0.0, 0.0, 0.0, f, 0.0, 0.0, 0.0];
    for (c, m) in (2u32..).zip(medians) {
        assert!(close(float(cell(median_row, c)), m), "median column {c}");
    }
    // cells above their column's median are filled red: a rule per column, the median as a number
    let parts = XlsxParts::open(&t.path("r.xlsx"));
    let xml = parts.sheet("短板分析");
    let (first, last) = (rows[0] + 1, rows[2] + 1);
    for (letter, median) in [("C", "0.1"), ("D", "0"), ("H", &f.to_string())] {
        let sqref = format!("sqref=\"{letter}{first}:{letter}{last}\"");
        let rule = xml
            .split("<conditionalFormatting ")
            .find(|c| c.starts_with(&sqref))
            .unwrap_or_else(|| panic!("a rule on {sqref}"));
        assert!(rule.contains("operator=\"greaterThan\""), "{rule}");
        assert!(
            rule.contains(&format!("<formula>{median}</formula>")),
            "{rule}"
        );
    }

    // ---- 2. weakest dimensions: above the median, largest gap first -----
    assert_eq!(
        headers[1][..6],
        [
            "单位代码",
            "单位",
            "维度",
            "本单位失分率",
            "全市中位数",
            "差距（百分点）"
        ]
    );
    let weak: Vec<(String, String)> = bodies[1]
        .iter()
        .map(|r| (text(cell(*r, 0)), text(cell(*r, 2))))
        .collect();
    assert_eq!(
        weak,
        [
            // F at 5.88% equals its median: not a weak point
            ("130107".into(), "C 应急救援".into()),
            // D 5.29 points above 0, then B 4.00; A at 10% equals its median
            ("130123".into(), "D 应急救护".into()),
            ("130123".into(), "B 组织建设".into()),
            // A and F equal their medians: nothing above
            ("130130".into(), "各维度失分率均不高于全市中位数".into()),
        ]
    );
    let numbers = |r: u32| [3, 4, 5].map(|c| float(cell(r, c)));
    let [lost, median, gap] = numbers(bodies[1][0]);
    assert!(close(lost, 0.125) && close(median, 0.0) && close(gap, 12.5));
    let [lost, median, gap] = numbers(bodies[1][1]);
    // 0.90 ÷ 17 = 5.294…% − 0 → 5.29 percentage points
    assert!(close(lost, 0.9 / 17.0) && close(median, 0.0) && close(gap, 90.0 / 17.0));
    let [_, _, gap] = numbers(bodies[1][2]);
    assert!(close(gap, 4.0));

    // ---- 3. what would add most points -----------------------------------
    let last_col = u32::try_from(headers[2].len() - 1).expect("columns");
    assert_eq!(headers[2][..4], ["单位代码", "单位", "指标", "建议"]);
    assert_eq!(headers[2][last_col as usize], "可增加分值");
    let advice: Vec<(String, String, String, f64)> = bodies[2]
        .iter()
        .map(|r| {
            (
                text(cell(*r, 0)),
                text(cell(*r, 2)),
                text(cell(*r, 3)),
                float(cell(*r, last_col)),
            )
        })
        .collect();
    let of = |unit: &str| -> Vec<(String, String, f64)> {
        advice
            .iter()
            .filter(|a| a.0 == unit)
            .map(|a| (a.1.clone(), a.2.clone(), a.3))
            .collect()
    };
    // 正定县, most points first: A2 1.00, D1 0.90, B1 0.60
    let zhengding = of("130123");
    assert_eq!(zhengding.len(), 3, "{zhengding:?}");
    assert_eq!(
        zhengding[0].0,
        "A2 机构建设（机构、编制、人员、经费、场所）"
    );
    assert_eq!(zhengding[0].1, "补齐：工作经费列入同级财政预算 → +1.00 分");
    assert!(close(zhengding[0].2, 1.0));
    // D1: 1,098.642 people for full points − 900 certified = 198.642 → 199 more people → +0.90
    assert_eq!(zhengding[1].0, "D1 当年培训取证救护员");
    assert_eq!(zhengding[1].1, "当年培训取证救护员再增加 199 人 → +0.90 分");
    assert!(close(zhengding[1].2, 0.9));
    // B1: 100% of 10 towns for the top tier − 9 = 1 more town → 3 − 2.40 = +0.60
    assert_eq!(zhengding[2].0, "B1 乡镇（街道）建会率");
    assert_eq!(
        zhengding[2].1,
        "已建立红十字会的乡镇（街道）数再增加 1 个 → +0.60 分"
    );
    assert!(close(zhengding[2].2, 0.6));
    // 井陉矿区: C2 and F4 both +1.00, in framework order; C2 needs 2 − 1 = 1 more drill
    let kuangqu = of("130107");
    let codes: Vec<&str> = kuangqu.iter().map(|a| &a.0[..2]).collect();
    assert_eq!(codes, ["C2", "F4"]);
    assert_eq!(kuangqu[0].1, "组织应急演练次数再增加 1 次 → +1.00 分");
    assert!(close(kuangqu[0].2, 1.0));
    let wuji = of("130130");
    let codes: Vec<&str> = wuji.iter().map(|a| &a.0[..2]).collect();
    assert_eq!(codes, ["A2", "F4"]);
}

#[test]
fn the_sheet_is_in_english_with_lang_en() {
    let t = Test::new();
    three_units(&t);
    let run = t.run(&[
        "run", "--table", "t.csv", "--year", "2023", "-o", "r.xlsx", "--lang", "en",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let mut book: Xlsx<_> = open_workbook(t.path("r.xlsx")).expect("xlsx");
    let sheet = stacked(
        &mut book,
        ["Weak points", "Weak dimensions", "Potential gains"],
    );
    let Tables { headers, bodies } = tables(&sheet, "Code");
    assert_eq!(
        headers[0][..3],
        ["Code", "Unit", "A Party building and institutional basics"]
    );
    assert_eq!(
        headers[1][..6],
        [
            "Code",
            "Unit",
            "Dimension",
            "Share lost",
            "City median",
            "Gap (percentage points)"
        ]
    );
    assert_eq!(headers[2][..4], ["Code", "Unit", "Indicator", "Suggestion"]);
    let cell = |r: u32, c: u32| text(sheet.get_value((r, c)));
    assert_eq!(cell(bodies[0][0], 1), "Jingxing Mining District");
    assert_eq!(cell(bodies[0][2] + 1, 0), "City median");
    assert_eq!(cell(bodies[1][0], 2), "C Emergency rescue");
    assert_eq!(
        cell(bodies[1][3], 2),
        "no dimension loses a larger share than the city median"
    );
    let d1 = bodies[2]
        .iter()
        .find(|r| cell(**r, 2).starts_with("D1 "))
        .expect("D1");
    assert_eq!(cell(*d1, 2), "D1 First-aiders certified this year");
    assert!(
        cell(*d1, 3).starts_with("First-aiders certified this year: add 199"),
        "{}",
        cell(*d1, 3)
    );
}

#[test]
fn every_sample_unit_has_its_weak_points_and_suggestions() {
    let t = Test::new();
    let run = t.run(&[
        "run",
        &repo().join("samples/2023").to_string_lossy(),
        "-o",
        "r.xlsx",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let mut book: Xlsx<_> = open_workbook(t.path("r.xlsx")).expect("xlsx");
    let sheet = stacked(&mut book, SHEETS);
    let Tables { headers, bodies } = tables(&sheet, "单位代码");
    let codes = |rows: &[u32]| -> BTreeSet<String> {
        rows.iter()
            .map(|r| text(sheet.get_value((*r, 0))))
            .collect()
    };
    let all = codes(&bodies[0]);
    assert_eq!(all.len(), 21, "{all:?}");
    assert_eq!(bodies[0].len(), 21);
    // in code order
    let listed: Vec<String> = bodies[0]
        .iter()
        .map(|r| text(sheet.get_value((*r, 0))))
        .collect();
    assert!(listed.windows(2).all(|w| w[0] < w[1]), "{listed:?}");
    // every unit has a block in tables 2 and 3, of at most 3 and 5 rows
    for (table, most) in [(1, 3), (2, 5)] {
        assert_eq!(codes(&bodies[table]), all, "table {}", table + 1);
        for code in &all {
            let n = bodies[table]
                .iter()
                .filter(|r| text(sheet.get_value((**r, 0))) == *code)
                .count();
            assert!(
                (1..=most).contains(&n),
                "{code}: {n} rows in table {}",
                table + 1
            );
        }
    }
    // a weak point is above its median; a suggestion adds points
    for r in &bodies[1] {
        if let Some(Data::Float(lost)) = sheet.get_value((*r, 3)) {
            let median = float(sheet.get_value((*r, 4)));
            assert!(*lost > median, "row {r}");
        }
    }
    let last = u32::try_from(headers[2].len() - 1).expect("columns");
    for r in &bodies[2] {
        if let Some(Data::Float(gain)) = sheet.get_value((*r, last)) {
            assert!(*gain > 0.0, "row {r}");
        }
    }
}
