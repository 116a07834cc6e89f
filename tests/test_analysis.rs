//! The statistical audit and the rank robustness sheets.

use calamine::{Data, Range, Reader, Xlsx, open_workbook};

use crate::common::{Test, XlsxParts, full_marks, number_formats, repo, wide_csv};

/// The 统计审核 sheet of a run on five units, checked against hand computation.
///
/// Every unit has full marks (目标翻倍) but for these values; the scores follow
/// from the targets (I1 12 items for 3 points, I2 6 reports for 2, C2 2 drills
/// for 2, E4 2 projects for 1, F4 40% for 2, F5 2 events for 2):
///
/// | unit     | I1 信息采用 | I2 媒体报道 | C2 演练 | E4 项目 | F4 / F5      | A2      | total |
/// |----------|-------------|-------------|---------|---------|--------------|---------|-------|
/// | 长安区   | 12 → 3      | 6 → 2       | 2       | 1 → 0.5 | 40%, 2 → 2, 2 |         | 99.5  |
/// | 桥西区   | 12 → 3      | 3 → 1       | 2       | 2 → 1   | 20%, 1 → 1, 1 |         | 97    |
/// | 井陉矿区 | 6 → 1.5     | 0 → 0       | 2       | 2 → 1   | 40%, 2 → 2, 2 |         | 96.5  |
/// | 正定县   | 0 → 0       | 6 → 2       | 2       | 2 → 1   | 20%, 1 → 1, 1 |         | 95    |
/// | 无极县   | 12 → 3      | 3 → 1       | 7 → 2   | 2 → 1   | 40%, 2 → 2, 2 | 4 of 5  | 98    |
#[test]
fn audit_sheet_by_hand_on_five_units() {
    let t = Test::new();
    // (code, 2020 population, I1, I2, C2, E4, F4, F5)
    let rows = [
        ("130102", 1_059_572.0, 12.0, 6.0, 2.0, 1.0, 0.4, 2.0),
        ("130104", 979_646.0, 12.0, 3.0, 2.0, 2.0, 0.2, 1.0),
        ("130107", 77_015.0, 6.0, 0.0, 2.0, 2.0, 0.4, 2.0),
        ("130123", 549_321.0, 0.0, 6.0, 2.0, 2.0, 0.2, 1.0),
        ("130130", 451_377.0, 12.0, 3.0, 7.0, 2.0, 0.4, 2.0),
    ];
    let units: Vec<_> = rows
        .iter()
        .map(|&(code, people, i1, i2, c2, e4, f4, f5)| {
            let mut v = full_marks(people);
            v.insert("info_adopted", i1);
            v.insert("media_reports", i2);
            v.insert("drills", c2);
            v.insert("community_projects", e4);
            v.insert("repeat_donor_rate", f4);
            v.insert("memorial_events", f5);
            if code == "130130" {
                v.insert("budget_included", 0.0);
            }
            (code, v)
        })
        .collect();
    std::fs::write(t.path("five.csv"), wide_csv(&units)).expect("table");
    let run = t.run(&[
        "run", "--table", "five.csv", "--year", "2023", "-o", "r.xlsx",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let mut book: Xlsx<_> = open_workbook(t.path("r.xlsx")).expect("xlsx");
    let sheet = book.worksheet_range("统计审核").expect("统计审核");
    // the indicators' values in their units: a rate as %, the rest two
    // decimals (B1, the share of towns with a Red Cross, is a rate)
    let formats = number_formats(&XlsxParts::open(&t.path("r.xlsx")), "统计审核");
    let b1 = (0..sheet.height() as u32)
        .find(|r| sheet.get_value((*r, 0)).map(ToString::to_string).as_deref() == Some("B1"))
        .expect("B1");
    assert_eq!(formats[&format!("H{}", b1 + 1)], "0.0%", "B1's mean as %");
    let a1 = (0..sheet.height() as u32)
        .find(|r| sheet.get_value((*r, 0)).map(ToString::to_string).as_deref() == Some("A1"))
        .expect("A1");
    assert_eq!(
        formats[&format!("H{}", a1 + 1)],
        "#,##0.00",
        "A1's mean, two decimals"
    );

    let text = |r: u32, c: u32| match sheet.get_value((r, c)) {
        None | Some(Data::Empty) => String::new(),
        Some(d) => d.to_string(),
    };
    let num = |r: u32, c: u32| match sheet.get_value((r, c)) {
        Some(Data::Float(f)) => *f,
        other => panic!("({r}, {c}): {other:?} is not a number"),
    };
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    // the first row whose first cell is `first`, after row `from`
    let find = |first: &str, from: u32| -> u32 {
        (from..audit_height(&sheet))
            .find(|r| text(*r, 0) == first)
            .unwrap_or_else(|| panic!("no row `{first}`"))
    };
    assert_eq!(text(1, 0), "指标代码");
    assert_eq!(text(1, 16), "提示");

    // I2 values 6, 3, 0, 6, 3: mean 18/5 = 3.6, median 3; d = 2.4, −0.6, −3.6, 2.4, −0.6;
    // Σd² = 5.76 + 0.36 + 12.96 + 5.76 + 0.36 = 25.2, s = √(25.2/4) = √6.3;
    // Σd³ = 13.824 − 0.216 − 46.656 + 13.824 − 0.216 = −19.44,
    // skew = √5 × −19.44 / 25.2^1.5 × √20 / 3 = −64.8 / 25.2^1.5 = −0.5122;
    // Σd⁴ = 234.576, r = 5 × 234.576 / 25.2² = 181/98, kurt = (6 (r − 3) + 6) × 4 / 6 = 4r − 8 = −30/49
    let i2 = find("I2", 2);
    assert_eq!(num(i2, 3), 5.0);
    assert_eq!(num(i2, 4), 0.0);
    let expected = [
        0.0,
        6.0,
        3.6,
        3.0,
        6.3_f64.sqrt(),
        -64.8 / 25.2_f64.powf(1.5),
        -30.0 / 49.0,
    ];
    for (c, e) in (5..).zip(expected) {
        assert!(close(num(i2, c), e), "I2 column {c}: {} ≠ {e}", num(i2, c));
    }
    assert_eq!(num(i2, 12), 0.0);
    // scores 2, 1, 0, 2, 1 (d = .8, −.2, −1.2, .8, −.2; Σd² = 2.8) against
    // I = I1 + I2 = 5, 4, 1.5, 2, 4 (d = 1.7, .7, −1.8, −1.3, .7; Σd² = 8.8):
    // Σd·dI = 1.36 − .14 + 2.16 − 1.04 − .14 = 2.2, r = 2.2 / √(2.8 × 8.8) = 0.4432;
    // totals 99.5, 97, 96.5, 95, 98 (d = 2.3, −.2, −.7, −2.2, .8; Σd² = 11.3):
    // Σd·dT = 1.84 + .04 + .84 − 1.76 − .16 = 0.8, r = 0.8 / √(2.8 × 11.3) = 0.1422
    assert!(close(num(i2, 14), 2.2 / (2.8_f64 * 8.8).sqrt()));
    assert!(close(num(i2, 15), 0.8 / (2.8_f64 * 11.3).sqrt()));
    assert_eq!(text(i2, 16), "");

    // C2 drills 2, 2, 2, 2, 7: mean 3, median 2, s = √(20/4) = √5; skew √5 = 2.236 ≥ 2,
    // kurtosis 5 ≥ 3.5: 无极县's 7 is the outlier; every unit earns the 2 points, so no r
    let c2 = find("C2", 2);
    assert!(close(num(c2, 7), 3.0) && close(num(c2, 9), 5.0_f64.sqrt()));
    assert!(close(num(c2, 10), 5.0_f64.sqrt()) && close(num(c2, 11), 5.0));
    assert_eq!(num(c2, 12), 1.0);
    assert_eq!(text(c2, 13), "无极县");
    assert_eq!((text(c2, 14), text(c2, 15)), ("—".into(), "—".into()));
    assert_eq!(text(c2, 16), "得分相同、偏态峰态超限");

    // E4 scores 0.5, 1, 1, 1, 1 (d = −.4, .1 × 4; Σd² = 0.2): the only varying item of E, so
    // r = 1 with E; with the totals Σd·dT = −.92 + .1 × (−.2 − .7 − 2.2 + .8) = −1.15,
    // r = −1.15 / √(0.2 × 11.3) = −0.765: the unit best overall is the one short of projects.
    // Its values 1, 2, 2, 2, 2 mirror C2's: skew −√5, kurtosis 5, 长安区 the low outlier
    let e4 = find("E4", 2);
    assert_eq!(text(e4, 13), "长安区");
    assert!(close(num(e4, 14), 1.0));
    assert!(close(num(e4, 15), -1.15 / (0.2_f64 * 11.3).sqrt()));
    assert_eq!(text(e4, 16), "偏态峰态超限、与总分负相关");

    // redundant pairs: F4 and F5 score 2, 1, 2, 1, 2 both (r = 1); every other pair is
    // within ±0.9 (the largest, E4 and I2, is −0.53)
    let pairs = find("指标对", i2);
    assert_eq!(text(pairs + 1, 0), "F4 与 F5");
    assert_eq!(text(pairs + 1, 2), "F 三献");
    assert_eq!(num(pairs + 1, 3), 5.0);
    assert!(close(num(pairs + 1, 4), 1.0));
    assert!(text(pairs + 2, 0).starts_with("说明"));

    // α of I: s² 7.2/4 = 1.8 (I1: d = .9, .9, −.6, −2.1, .9) and 0.7, of the sums 8.8/4 = 2.2;
    // α = 2 × (1 − 2.5 / 2.2) = −3/11, the two pulling apart
    let alphas = find("维度代码", pairs);
    let i = find("I", alphas);
    assert_eq!((num(i, 2), num(i, 3)), (2.0, 5.0));
    assert!(close(num(i, 4), -3.0 / 11.0));
    assert_eq!(text(i, 5), "为负：指标之间方向相反");
    // α of F: five items, F1 … F3 full marks everywhere (s² 0), F4 and F5 s² 1.2/4 = 0.3 each,
    // sums 13 + 2 × F4 with s² 4 × 0.3 = 1.2: α = 5/4 × (1 − 0.6 / 1.2) = 0.625
    let f = find("F", alphas);
    assert_eq!((num(f, 2), num(f, 3)), (5.0, 5.0));
    assert!(close(num(f, 4), 0.625));
    assert_eq!(text(f, 5), "一致性偏低");
    // C: every unit the same C score, so no α
    let c = find("C", alphas);
    assert_eq!(
        (text(c, 4), text(c, 5)),
        ("—".into(), "无法计算：得分无差异".into())
    );
}

fn audit_height(range: &Range<Data>) -> u32 {
    u32::try_from(range.height()).expect("rows")
}

/// `assess run samples/2023 --uncertainty`: the same bytes twice (the draws
/// are seeded), and a 排名稳健性 sheet whose numbers hang together: 21 units in
/// rank order, 5 % ≤ median ≤ 95 % rank, grade probabilities adding up to
/// 100 %, the run's ranks, a sensitivity table largest first, an interval chart.
#[test]
fn uncertainty_sheet_on_the_2023_samples() {
    use calamine::{Data, Reader, Xlsx, open_workbook};

    use crate::common::{Test, XlsxParts, repo};

    let t = Test::new();
    let samples = repo().join("samples/2023");
    for out in ["a.xlsx", "b.xlsx"] {
        let run = t.run(&[
            "run",
            &samples.to_string_lossy(),
            "--uncertainty",
            "-o",
            out,
        ]);
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    }
    let a = std::fs::read(t.path("a.xlsx")).expect("a.xlsx");
    assert!(
        a == std::fs::read(t.path("b.xlsx")).expect("b.xlsx"),
        "two runs with --uncertainty differ"
    );

    let mut book: Xlsx<_> = open_workbook(t.path("a.xlsx")).expect("xlsx");
    let sheet = book.worksheet_range("排名稳健性").expect("排名稳健性");
    let ranking = book.worksheet_range("综合排名").expect("综合排名");
    let text = |s: &calamine::Range<Data>, r: u32, c: u32| match s.get_value((r, c)) {
        None | Some(Data::Empty) => String::new(),
        Some(d) => d.to_string(),
    };
    let num = |s: &calamine::Range<Data>, r: u32, c: u32| match s.get_value((r, c)) {
        Some(Data::Float(f)) => *f,
        other => panic!("({r}, {c}): {other:?} is not a number"),
    };
    let height = u32::try_from(sheet.height()).expect("rows");
    let title = text(&sheet, 0, 0);
    assert!(
        title.contains("排名稳健性") && title.contains("内部掌握"),
        "{title}"
    );
    let headers: Vec<String> = (0..9).map(|c| text(&sheet, 1, c)).collect();
    assert_eq!(
        headers,
        [
            "单位",
            "名次",
            "中位名次",
            "5%名次",
            "95%名次",
            "优秀",
            "良好",
            "合格",
            "不合格"
        ]
    );

    // one row per unit, down to the first empty row
    let rows: Vec<u32> = (2..height)
        .take_while(|r| !text(&sheet, *r, 0).is_empty())
        .collect();
    assert_eq!(rows.len(), 21);
    // the run's ranks, unit by unit (综合排名: rank in column A, unit name in B)
    let ranked: std::collections::BTreeMap<String, f64> = (2..2 + 21)
        .map(|r| (text(&ranking, r, 1), num(&ranking, r, 0)))
        .collect();
    let mut previous = 0.0;
    for r in &rows {
        let unit = text(&sheet, *r, 0);
        let [rank, median, low, high] = [1, 2, 3, 4].map(|c| num(&sheet, *r, c));
        assert_eq!(Some(&rank), ranked.get(&unit), "{unit}");
        assert!(rank >= previous, "rows in rank order");
        previous = rank;
        assert!(
            1.0 <= low && low <= median && median <= high && high <= 21.0,
            "{unit}: {low} ≤ {median} ≤ {high}"
        );
        let sum: f64 = (5..9).map(|c| num(&sheet, *r, c)).sum();
        assert!((sum - 1.0).abs() < 1e-9, "{unit}: grades add up to {sum}");
    }

    // the sensitivity table: the nine dimensions, largest change first, then all together
    let start = (rows[20] + 1..height)
        .find(|r| text(&sheet, *r, 0) == "输入")
        .expect("the sensitivity table");
    assert_eq!(text(&sheet, start, 1), "平均名次变动");
    let changes: Vec<f64> = (start + 1..start + 10).map(|r| num(&sheet, r, 1)).collect();
    assert!(changes.windows(2).all(|w| w[0] >= w[1]), "{changes:?}");
    assert!(changes.iter().all(|c| *c >= 0.0 && *c <= 20.0));
    assert_eq!(text(&sheet, start + 10, 0), "全部同时变动（参考）");
    // the note: N, spread and seed in words
    let note = (rows[20] + 1..height)
        .map(|r| text(&sheet, r, 0))
        .find(|t| t.starts_with("方法"))
        .expect("the method note");
    for part in ["共模拟 1000 次", "±25%", "随机数种子 20231215", "内部掌握"] {
        assert!(note.contains(part), "`{part}` not in the note: {note}");
    }

    // the interval chart: a stacked column chart drawn on this sheet
    let parts = XlsxParts::open(&t.path("a.xlsx"));
    assert!(parts.sheet("排名稳健性").contains("<drawing "));
    let chart = (1..100)
        .map(|k| parts.part(&format!("xl/charts/chart{k}.xml")))
        .find(|xml| xml.contains("90% 区间"))
        .expect("a chart of the intervals");
    assert!(chart.contains("<c:barChart>") && chart.contains("stacked"));
    assert!(chart.contains("排名稳健性"), "the chart reads the sheet");
}

#[test]
fn uncertainty_has_a_stated_maximum_and_nothing_is_read_beyond_it() {
    let t = Test::new();
    let samples = repo().join("samples/2023");
    let samples = samples.to_string_lossy();
    for (lang, expected) in [
        (
            "zh",
            "--uncertainty=100000000：重新计分的次数应在 1 到 100000 之间（默认 1000 次已足够稳定）",
        ),
        (
            "en",
            "--uncertainty=100000000: the number of re-scorings must be 1 to 100000 (the default 1,000 is stable enough)",
        ),
    ] {
        let run = t.run(&[
            "--lang",
            lang,
            "run",
            &samples,
            "-o",
            "r.xlsx",
            "--uncertainty=100000000",
        ]);
        assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
        assert!(run.stderr.contains(expected), "{}", run.stderr);
        // refused before anything is read: no line about the submissions
        assert!(run.stdout.is_empty(), "{}", run.stdout);
        assert!(!t.path("r.xlsx").exists());
    }
}
