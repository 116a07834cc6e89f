//! The dimensions sheet of the assessment workbook (分项得分) and the unit
//! profiles (单位画像): scores, ranks with 并列, the city's mean and median
//! computed by hand on a table of three units; colour scales and radar charts
//! on the 2023 samples; English labels; the note instead of profiles beyond 50 units.

use calamine::{Data, Range, Reader, Xlsx, open_workbook};

use crate::common::{Test, XlsxParts, number_formats, repo};

/// Values that earn every indicator of the default framework its full points,
/// whatever the unit's population: yes to every item, counts and amounts far
/// above their targets (100,000 against at most a few tens of thousands),
/// targets met exactly where they are fixed numbers, nothing late.
fn full_marks() -> Vec<(&'static str, f64)> {
    let mut v: Vec<(&'static str, f64)> = [
        "org_independent",
        "staffing_approved",
        "staff_in_post",
        "budget_included",
        "office_space",
        "council_meeting_held",
        "election_on_time",
        "disclose_receipts",
        "disclose_use",
        "disclose_feedback",
        "disclose_organisation",
        "disclose_finance",
        "disclose_audit",
    ]
    .into_iter()
    .map(|yes| (yes, 1.0))
    .collect();
    for many in [
        "adult_members",
        "volunteers",
        "relief_reserve",
        "certified_trained",
        "awareness_trained",
        "certified_cumulative",
        "aed_count",
        "instructors",
        "households_aided",
        "illness_cases",
        "aid_funds",
        "blood_donations",
        "stem_cell_registrations",
        "organ_pledges",
        "donations_raised",
        "online_raised",
    ] {
        v.push((many, 100_000.0));
    }
    v.extend([
        ("party_building_score", 3.0),
        ("towns_total", 10.0),
        ("towns_with_rc", 10.0),
        ("villages_total", 100.0),
        ("villages_with_rc", 100.0),
        ("red_cross_schools", 2.0),
        ("wuyou-rate", 1.0),
        ("youth_members", 0.0),
        ("rescue_teams", 1.0),
        ("drills", 2.0),
        ("late_disaster_reports", 0.0),
        ("training_bases", 1.0),
        ("community_projects", 2.0),
        ("repeat_donor_rate", 0.4),
        ("memorial_events", 2.0),
        ("late_disclosures", 0.0),
        ("info_adopted", 12.0),
        ("media_reports", 6.0),
    ]);
    v
}

/// A unit of a hand-made table: code, name, and the values that differ from [`full_marks`].
type Row<'a> = (&'a str, &'a str, Vec<(&'a str, f64)>);

/// A wide table (one row per unit) with full marks but for each unit's changes.
fn write_table(t: &Test, name: &str, units: &[Row<'_>]) {
    let fields = full_marks();
    let mut csv = String::from("unit,unit_name");
    for (field, _) in &fields {
        csv += &format!(",{field}");
    }
    csv += "\n";
    for (code, unit_name, changes) in units {
        csv += &format!("{code},{unit_name}");
        for (field, full) in &fields {
            let value = changes
                .iter()
                .find(|(f, _)| f == field)
                .map_or(*full, |(_, v)| *v);
            csv += &format!(",{value}");
        }
        csv += "\n";
    }
    std::fs::write(t.path(name), csv).expect("table");
}

/// The three units of the hand-computed case (written out of code order on purpose).
fn three_units(t: &Test) {
    write_table(
        t,
        "three.csv",
        &[
            // 正定县: C2 1 drill of 2 → 2 × 0.5 = 1.00, C 8 − 1 = 7.00;
            //         I2 3 reports of 6 → 2 × 0.5 = 1.00, I 5 − 1 = 4.00; total 100 − 2 = 98.00
            (
                "130123",
                "正定县",
                vec![("drills", 1.0), ("media_reports", 3.0)],
            ),
            // 无极县: C4 1 late report × 0.5 → 2 − 0.5 = 1.50, C 7.50; total 99.50
            ("130130", "无极县", vec![("late_disaster_reports", 1.0)]),
            // 井陉矿区: A2 4 of 5 items → 5 × 4/5 = 4.00, A 10 − 1 = 9.00; total 99.00
            ("130107", "井陉矿区", vec![("budget_included", 0.0)]),
        ],
    );
}

fn open(t: &Test, file: &str) -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(t.path(file)).expect("xlsx")
}

fn text(range: &Range<Data>, r: u32, c: u32) -> String {
    range
        .get_value((r, c))
        .map(ToString::to_string)
        .unwrap_or_default()
}

fn float(range: &Range<Data>, r: u32, c: u32) -> f64 {
    match range.get_value((r, c)) {
        Some(Data::Float(f)) => *f,
        other => panic!("({r}, {c}): {other:?} is not a number"),
    }
}

/// The column whose header (rows 1 and 2) starts with `start`.
fn column(range: &Range<Data>, start: &str) -> u32 {
    (0..range.width() as u32)
        .find(|c| text(range, 1, *c).starts_with(start))
        .unwrap_or_else(|| panic!("no column `{start}`"))
}

/// Excel's name of a cell (0-based row and column; up to column Z).
fn cell_name(r: u32, c: u32) -> String {
    format!("{}{}", char::from(b'A' + c as u8), r + 1)
}

/// The chart parts drawn on a sheet: sheet → its drawing → the drawing's charts.
fn charts_of<'a>(parts: &'a XlsxParts, sheet: &str) -> Vec<&'a str> {
    let target = |rels: &str, kind: &str| -> Vec<String> {
        rels.split("<Relationship ")
            .filter(|r| r.contains(&format!("relationships/{kind}\"")))
            .filter_map(|r| r.split("Target=\"").nth(1))
            .filter_map(|r| r.split('"').next())
            .map(|t| t.trim_start_matches("../").to_string())
            .collect()
    };
    // the sheet's file, as XlsxParts::sheet finds it
    let workbook = parts.part("xl/workbook.xml");
    let at = workbook
        .find(&format!("name=\"{sheet}\""))
        .expect("the sheet");
    let rid = workbook[at..]
        .split("r:id=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("r:id");
    let rels = parts.part("xl/_rels/workbook.xml.rels");
    let at = rels.find(&format!("Id=\"{rid}\"")).expect("rel");
    let start = rels[..at].rfind('<').expect("tag");
    let file = rels[start..]
        .split("Target=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("target");
    let (folder, name) = file.rsplit_once('/').expect("worksheets/sheetN.xml");
    let sheet_rels = parts.part(&format!("xl/{folder}/_rels/{name}.rels"));
    let mut charts = Vec::new();
    for drawing in target(sheet_rels, "drawing") {
        let (folder, name) = drawing.rsplit_once('/').expect("drawings/drawingN.xml");
        let drawing_rels = parts.part(&format!("xl/{folder}/_rels/{name}.rels"));
        for chart in target(drawing_rels, "chart") {
            charts.push(parts.part(&format!("xl/{chart}")));
        }
    }
    charts
}

#[test]
fn dimension_scores_ranks_mean_and_median_computed_by_hand() {
    let t = Test::new();
    three_units(&t);
    let run = t.run(&[
        "run",
        "--table",
        "three.csv",
        "--year",
        "2023",
        "-o",
        "r.xlsx",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let mut book = open(&t, "r.xlsx");
    let sheet = book.worksheet_range("分项得分").expect("分项得分");

    // the header on two rows: the dimension over 得分 / 名次
    assert_eq!(text(&sheet, 1, 0), "单位代码");
    assert_eq!(text(&sheet, 1, 1), "单位");
    assert_eq!(text(&sheet, 1, 2), "A 党的建设与自身建设（10分）");
    assert_eq!(text(&sheet, 2, 2), "得分");
    assert_eq!(text(&sheet, 2, 3), "名次");
    let (a, b, c, i, total) = (
        column(&sheet, "A "),
        column(&sheet, "B "),
        column(&sheet, "C "),
        column(&sheet, "I "),
        column(&sheet, "总分"),
    );
    assert_eq!(text(&sheet, 1, total + 1), "名次");

    // one row per unit, in unit-code order (the table listed them otherwise)
    let units: Vec<(String, String)> = (3..6)
        .map(|r| (text(&sheet, r, 0), text(&sheet, r, 1)))
        .collect();
    assert_eq!(
        units,
        [
            ("130107".to_string(), "井陉矿区".to_string()),
            ("130123".to_string(), "正定县".to_string()),
            ("130130".to_string(), "无极县".to_string()),
        ]
    );
    assert_eq!(text(&sheet, 6, 0), "全市平均");
    assert_eq!(text(&sheet, 7, 0), "全市中位数");

    // (column, scores of 矿区 / 正定 / 无极, their ranks, mean, median)
    let expected = [
        // A: 9.00, 10.00, 10.00 → ranks 3, 1, 1 (正定县 and 无极县 并列); mean 29 / 3 = 9.67; median 10.00
        (a, [9.0, 10.0, 10.0], [3.0, 1.0, 1.0], 9.67, 10.0),
        // B: full 15.00 each → all three 并列 1; mean and median 15.00
        (b, [15.0, 15.0, 15.0], [1.0, 1.0, 1.0], 15.0, 15.0),
        // C: 8.00, 7.00, 7.50 → ranks 1, 3, 2; mean 22.5 / 3 = 7.50; median 7.50
        (c, [8.0, 7.0, 7.5], [1.0, 3.0, 2.0], 7.5, 7.5),
        // I: 5.00, 4.00, 5.00 → ranks 1, 3, 1; mean 14 / 3 = 4.67; median 5.00
        (i, [5.0, 4.0, 5.0], [1.0, 3.0, 1.0], 4.67, 5.0),
        // total: 99.00, 98.00, 99.50 → ranks 2, 3, 1; mean 296.5 / 3 = 98.83; median 99.00
        (total, [99.0, 98.0, 99.5], [2.0, 3.0, 1.0], 98.83, 99.0),
    ];
    for (col, scores, ranks, mean, median) in expected {
        for (k, r) in (3..6).enumerate() {
            assert_eq!(float(&sheet, r, col), scores[k], "row {r} column {col}");
            assert_eq!(
                float(&sheet, r, col + 1),
                ranks[k],
                "rank row {r} column {col}"
            );
        }
        assert_eq!(float(&sheet, 6, col), mean, "mean of column {col}");
        assert_eq!(float(&sheet, 7, col), median, "median of column {col}");
    }

    // shared ranks are numbers shown with 并列 by their format; the others plain
    let parts = XlsxParts::open(&t.path("r.xlsx"));
    let formats = number_formats(&parts, "分项得分");
    let tied = r#"0" (并列)""#;
    for (r, col, format) in [
        (3, a + 1, "0"),
        (4, a + 1, tied),
        (5, a + 1, tied),
        (3, b + 1, tied),
        (3, c + 1, "0"),
        (4, c + 1, "0"),
        (5, c + 1, "0"),
        (3, i + 1, tied),
        (4, i + 1, "0"),
        (3, total + 1, "0"),
        (3, a, "0.00"),
        (6, a, "0.00"),
    ] {
        let name = cell_name(r, col);
        assert_eq!(
            formats.get(&name).map(String::as_str),
            Some(format),
            "{name}"
        );
    }
}

#[test]
fn colour_scales_per_dimension_and_a_radar_chart_per_unit_on_the_samples() {
    let t = Test::new();
    let run = t.run(&[
        "run",
        &repo().join("samples/2023").to_string_lossy(),
        "-o",
        "r.xlsx",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let parts = XlsxParts::open(&t.path("r.xlsx"));

    // 9 dimensions: one red → yellow → green scale each, over the 21 units' rows (4 … 24) only
    let sheet = parts.sheet("分项得分");
    assert_eq!(
        sheet.matches("<cfRule type=\"colorScale\"").count(),
        9,
        "{sheet}"
    );
    for k in 0..9u8 {
        let column = char::from(b'C' + 2 * k);
        assert!(
            sheet.contains(&format!(
                "<conditionalFormatting sqref=\"{column}4:{column}24\">"
            )),
            "colour scale on {column}4:{column}24"
        );
    }
    assert!(sheet.contains("FFF8696B") && sheet.contains("FF63BE7B"));

    // 单位画像: a radar chart per county, a page per county
    let charts = charts_of(&parts, "单位画像");
    assert_eq!(charts.len(), 21);
    for chart in &charts {
        assert!(chart.contains("<c:radarChart>"), "{chart}");
    }
    assert!(parts.sheet("单位画像").contains("<rowBreaks count=\"20\""));

    // each county's share of a dimension's points is its 分项得分 score ÷ the points
    let mut book = open(&t, "r.xlsx");
    let scores = book.worksheet_range("分项得分").expect("分项得分");
    let profiles = book.worksheet_range("单位画像").expect("单位画像");
    let blocks: Vec<u32> = (0..profiles.height() as u32)
        .filter(|r| {
            text(&profiles, *r, 0).ends_with('）') && text(&profiles, *r, 0).contains("（1301")
        })
        .collect();
    assert_eq!(blocks.len(), 21);
    for (k, top) in blocks.iter().enumerate() {
        let code = text(&scores, 3 + k as u32, 0);
        assert!(
            text(&profiles, *top, 0).contains(&code),
            "block {k}: {code}"
        );
        // the rank in words under the name, then the table
        let rank = float(&profiles, top + 1, 0);
        assert!((1.0..=21.0).contains(&rank), "rank {rank}");
        assert_eq!(text(&profiles, top + 2, 0), "各维度得分率");
        // A 党的建设与自身建设 (10 points) and F 三献 (17 points)
        assert_eq!(text(&profiles, top + 3, 0), "A 党的建设与自身建设");
        let share_a = float(&profiles, top + 3, 1);
        assert!((share_a * 10.0 - float(&scores, 3 + k as u32, 2)).abs() < 1e-9);
        assert_eq!(text(&profiles, top + 8, 0), "F 三献");
        let share_f = float(&profiles, top + 8, 1);
        assert!((share_f * 17.0 - float(&scores, 3 + k as u32, 12)).abs() < 1e-9);
        // the total as a number, equal to the dimensions sheet's
        let total = column(&scores, "总分");
        assert_eq!(
            float(&profiles, *top, 1),
            float(&scores, 3 + k as u32, total)
        );
    }
}

#[test]
fn the_sheets_in_english() {
    let t = Test::new();
    three_units(&t);
    let run = t.run(&[
        "run",
        "--table",
        "three.csv",
        "--year",
        "2023",
        "--lang",
        "en",
        "-o",
        "r.xlsx",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let mut book = open(&t, "r.xlsx");
    let sheet = book.worksheet_range("Dimensions").expect("Dimensions");
    assert_eq!(text(&sheet, 1, 0), "Code");
    assert_eq!(
        text(&sheet, 1, 2),
        "A Party building and institutional basics (10 pts)"
    );
    assert_eq!(text(&sheet, 2, 2), "Points");
    assert_eq!(text(&sheet, 2, 3), "Rank");
    assert_eq!(text(&sheet, 3, 1), "Jingxing Mining District");
    assert_eq!(text(&sheet, 6, 0), "City average");
    assert_eq!(text(&sheet, 7, 0), "City median");
    let formats = number_formats(&XlsxParts::open(&t.path("r.xlsx")), "Dimensions");
    assert_eq!(formats["D5"], r#"0" (tied)""#);
    let profiles = book.worksheet_range("Profiles").expect("Profiles");
    assert_eq!(text(&profiles, 4, 0), "Share of points by dimension");
    assert_eq!(
        charts_of(&XlsxParts::open(&t.path("r.xlsx")), "Profiles").len(),
        3
    );
}

#[test]
fn more_than_50_units_get_a_note_instead_of_profiles() {
    // COINr's ASEM example: 51 countries
    let t = Test::new();
    let run = t.run(&[
        "run",
        "--table",
        &repo()
            .join("tests/data/coinr-asem/ASEM_iData.csv")
            .to_string_lossy(),
        "--indicators",
        &repo()
            .join("indicators/examples/asem-chain-a.toml")
            .to_string_lossy(),
        "--year",
        "2018",
        "-o",
        "r.xlsx",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let parts = XlsxParts::open(&t.path("r.xlsx"));
    assert!(charts_of(&parts, "单位画像").is_empty());
    let mut book = open(&t, "r.xlsx");
    let profiles = book.worksheet_range("单位画像").expect("单位画像");
    assert_eq!(profiles.height(), 1);
    let note = text(&profiles, 0, 0);
    assert!(
        note.contains("共 51 个") && note.contains("--per-unit"),
        "{note}"
    );
    // the dimensions sheet still lists every unit, then the mean and median
    let sheet = book.worksheet_range("分项得分").expect("分项得分");
    assert_eq!(text(&sheet, 3 + 51, 0), "全市平均");
    assert_eq!(text(&sheet, 3 + 52, 0), "全市中位数");
}
