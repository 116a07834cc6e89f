//! `assess run --per-unit DIR`: each county's own feedback workbook (反馈单).

use calamine::{Data, Reader, Xlsx, open_workbook};

use crate::common::{Test, XlsxParts, repo, soffice_convert};

/// The export's rows: columns as in `export::COLUMNS`.
fn export_rows(csv: &str) -> Vec<Vec<String>> {
    csv.trim_start_matches('\u{feff}')
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(ToString::to_string).collect())
        .collect()
}

fn number(text: &str) -> f64 {
    text.parse().unwrap_or_else(|_| panic!("number: {text}"))
}

fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn as_f64(d: Option<&Data>) -> Option<f64> {
    match d? {
        Data::Float(f) => Some(*f),
        #[allow(clippy::cast_precision_loss)]
        Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}

fn run_per_unit(t: &Test) {
    let run = t.run(&[
        "run",
        &repo().join("samples/2023").to_string_lossy(),
        "--per-unit",
        "fb",
        "-o",
        "r.xlsx",
        "--export",
        "x.csv",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("21"), "{}", run.stdout);
}

#[test]
fn per_unit_writes_each_county_its_own_feedback() {
    let t = Test::new();
    run_per_unit(&t);
    let files: Vec<String> = std::fs::read_dir(t.path("fb"))
        .expect("fb")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files.len(), 21, "{files:?}");
    let csv = std::fs::read_to_string(t.path("x.csv")).expect("export");
    let rows = export_rows(&csv);
    let own: Vec<&Vec<String>> = rows.iter().filter(|r| r[1] == "130123").collect();
    let total = own.iter().find(|r| r[3] == "total").expect("total row");
    let others: std::collections::BTreeSet<String> = rows
        .iter()
        .filter(|r| r.len() > 2 && r[1] != "130123")
        .map(|r| r[2].clone())
        .collect();
    assert_eq!(others.len(), 20, "{others:?}");

    let path = t.path("fb/2023-正定县-评估反馈单.xlsx");
    assert!(path.is_file());
    let mut book: Xlsx<_> = open_workbook(&path).expect("xlsx");
    // the city decided nothing about 正定县: no 复核调整 sheet saying 无
    assert_eq!(book.sheet_names(), ["反馈单", "指标得分", "改进建议"]);
    let xingtang: Xlsx<_> = open_workbook(t.path("fb/2023-行唐县-评估反馈单.xlsx")).expect("xlsx");
    assert_eq!(
        xingtang.sheet_names(),
        ["反馈单", "指标得分", "改进建议", "复核调整"],
        "行唐县 has the city's decisions (days late)"
    );
    // no other unit's name anywhere
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).expect("sheet");
        for cell in range.used_cells() {
            let t = text(cell.2);
            for other in &others {
                assert!(!t.contains(other.as_str()), "{other} in {name}: {t}");
            }
        }
    }

    let summary = book.worksheet_range("反馈单").expect("反馈单");
    let find_row = |label: &str| {
        (0..summary.height() as u32)
            .find(|r| summary.get_value((*r, 0)).map(text).as_deref() == Some(label))
            .unwrap_or_else(|| panic!("row {label}"))
    };
    let total_row = find_row("总分");
    let got = as_f64(summary.get_value((total_row, 1))).expect("total number");
    assert!(
        (got - number(&total[7])).abs() < 1e-9,
        "{got} vs {}",
        total[7]
    );
    let rank_row = find_row("名次");
    let rank_text = summary
        .get_value((rank_row, 1))
        .map(text)
        .unwrap_or_default();
    assert!(
        rank_text.starts_with(&format!("第 {} 名", total[9])),
        "{rank_text} vs {}",
        total[9]
    );
    // each dimension's points equal the export's group rows
    let mut checked = 0;
    for g in own.iter().filter(|r| r[3] == "group") {
        if let Some(r) = (0..summary.height() as u32)
            .find(|r| summary.get_value((*r, 0)).map(text).as_deref() == Some(g[4].as_str()))
        {
            let got = as_f64(summary.get_value((r, 2))).expect("points");
            assert!(
                (got - number(&g[7])).abs() < 1e-9,
                "{}: {got} vs {}",
                g[4],
                g[7]
            );
            checked += 1;
        }
    }
    assert!(checked >= 9, "{checked} dimensions checked");

    // suggestions: the nearest step. A tiered indicator's next tier (the
    // framework's tiers, copied here: B1 3 points at 60/80/100 %, D3 3 points
    // at 1/2/3 ‰ for 40/70/100 %, C1 and D6 all or nothing), else full points:
    // possible − earned; nothing under 0.1 points
    // (code, points, [(at least, share)])
    type Tiered<'a> = (&'a str, f64, &'a [(f64, f64)]);
    let tiers: &[Tiered] = &[
        ("B1", 3.0, &[(0.6, 0.6), (0.8, 0.8), (1.0, 1.0)]),
        ("D3", 3.0, &[(1.0, 0.4), (2.0, 0.7), (3.0, 1.0)]),
        ("C1", 2.0, &[(1.0, 1.0)]),
        ("D6", 0.5, &[(1.0, 1.0)]),
    ];
    let suggestions = book.worksheet_range("改进建议").expect("改进建议");
    assert!(suggestions.height() > 1);
    for r in 1..suggestions.height() as u32 {
        let code = suggestions.get_value((r, 1)).map(text).unwrap_or_default();
        if code.is_empty() {
            continue;
        }
        let row = own
            .iter()
            .find(|x| x[3] == "indicator" && x[4] == code)
            .unwrap_or_else(|| panic!("indicator {code}"));
        let gain = as_f64(suggestions.get_value((r, 4))).expect("gain");
        let (value, earned, max) = (number(&row[6]), number(&row[7]), number(&row[8]));
        let expected = match tiers.iter().find(|t| t.0 == code) {
            Some((_, points, steps)) => {
                let next = steps
                    .iter()
                    .find(|(at, share)| *at > value && share * points > earned);
                next.map_or(0.0, |(_, share)| {
                    ((share * points - earned) * 100.0).round() / 100.0
                })
            }
            None => ((max - earned) * 100.0).round() / 100.0,
        };
        assert!(
            (gain - expected).abs() < 1e-9,
            "{code}: {gain} vs {expected}"
        );
        assert!(gain >= 0.1, "{code}: {gain} is under the threshold");
        let words = suggestions.get_value((r, 3)).map(text).unwrap_or_default();
        assert!(words.contains(&format!("+{expected:.2} 分")), "{words}");
    }
    // 正定县's D3 by hand: 1.16 ‰ earns the 1 ‰ tier, 0.4 × 3 = 1.20; the next
    // step is 2 ‰ for 0.7 × 3 = 2.10, so +0.90 (full points would need 3 ‰)
    let indicators = book.worksheet_range("指标得分").expect("指标得分");
    let d3 = (1..indicators.height() as u32)
        .find(|r| indicators.get_value((*r, 0)).map(text).as_deref() == Some("D3"))
        .expect("D3");
    let why = indicators.get_value((d3, 9)).map(text).unwrap_or_default();
    assert_eq!(why, "现为 1.16，达到 2.00 可再得 0.90 分");
    // 自评分, 核定分 and 差额 on every indicator row (the city reviewed the year)
    for r in 1..indicators.height() as u32 {
        for c in [10, 11, 12] {
            assert!(
                as_f64(indicators.get_value((r, c))).is_some(),
                "row {r} column {c}"
            );
        }
    }
    // what a county acts on is the print area, 指标 … 调整理由 (A–N); 维度,
    // 来源 and 备注 right of it
    assert_eq!(
        indicators.get_value((0, 13)).map(text).as_deref(),
        Some("调整理由")
    );
    assert_eq!(
        indicators.get_value((0, 15)).map(text).as_deref(),
        Some("来源")
    );
    let workbook = XlsxParts::open(&path).part("xl/workbook.xml").to_string();
    assert!(workbook.contains("指标得分!$A$1:$N$"), "{workbook}");
    // last year's points beside this year's
    assert_eq!(
        indicators.get_value((0, 6)).map(text).as_deref(),
        Some("2022年得分")
    );

    // the radar chart
    let parts = XlsxParts::open(&path);
    assert!(parts.part("xl/charts/chart1.xml").contains("radarChart"));

    // deterministic
    let first = std::fs::read(&path).expect("bytes");
    let t2 = Test::new();
    run_per_unit(&t2);
    let second = std::fs::read(t2.path("fb/2023-正定县-评估反馈单.xlsx")).expect("bytes");
    assert!(first == second, "two runs differ");

    // LibreOffice prints it
    if let Some(pdf) = soffice_convert(&path, "pdf", t.dir.path()) {
        assert!(std::fs::metadata(pdf).expect("pdf").len() > 1000);
    }
}
