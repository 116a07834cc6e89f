//! `assess trend`: three years of samples side by side, the problem folder
//! skipped, the city totals beside the published figures, growth by hand,
//! line charts that LibreOffice converts, and the export of every year.

use std::collections::BTreeMap;

use calamine::{Data, Range, Reader, Xlsx, open_workbook};

use crate::common::{Test, XlsxParts, number_formats, repo, soffice_convert};

fn text(range: &Range<Data>, r: u32, c: u32) -> String {
    range
        .get_value((r, c))
        .map(ToString::to_string)
        .unwrap_or_default()
}

fn number(range: &Range<Data>, r: u32, c: u32) -> f64 {
    match range.get_value((r, c)) {
        Some(Data::Float(v)) => *v,
        Some(Data::Int(v)) => *v as f64,
        other => panic!("({r}, {c}) is not a number: {other:?}"),
    }
}

fn find_row(range: &Range<Data>, c: u32, value: &str) -> u32 {
    (0..range.height() as u32)
        .find(|r| text(range, *r, c) == value)
        .unwrap_or_else(|| panic!("no row with {value}"))
}

fn find_column(range: &Range<Data>, r: u32, value: &str) -> u32 {
    (0..range.width() as u32)
        .find(|c| text(range, r, *c) == value)
        .unwrap_or_else(|| panic!("no column {value}"))
}

#[test]
fn three_years_side_by_side_with_growth_published_figures_and_charts() {
    let t = Test::new();
    let run = t.run(&[
        "trend",
        &repo().join("samples").to_string_lossy(),
        "-o",
        "trend.xlsx",
        "--export",
        "all.csv",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    // the planted mistakes are stamped 2023 too: the folder named 2023 wins, problems is skipped
    assert!(
        run.stdout.contains("problems：与 ") && run.stdout.contains("同为 2023 年的报表，跳过"),
        "{}",
        run.stdout
    );
    for y in [2021, 2022, 2023] {
        assert!(
            run.stdout.contains(&format!("{y} 年：")) && run.stdout.contains("（21 份报表）"),
            "{}",
            run.stdout
        );
    }

    // the export: every year, the same rows as each year's own run
    let csv = std::fs::read_to_string(t.path("all.csv")).expect("export");
    let rows: Vec<Vec<&str>> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    let years: std::collections::BTreeSet<&str> = rows.iter().map(|r| r[0]).collect();
    assert_eq!(
        years.into_iter().collect::<Vec<_>>(),
        ["2021", "2022", "2023"]
    );
    // city totals of a field per year, summed from the export by this test
    let total = |year: &str, field: &str| -> f64 {
        rows.iter()
            .filter(|r| r[0] == year && r[3] == "field" && r[4] == field)
            .filter_map(|r| r[6].parse::<f64>().ok())
            .sum()
    };

    let mut book: Xlsx<_> = open_workbook(t.path("trend.xlsx")).expect("xlsx");
    assert_eq!(
        book.sheet_names(),
        [
            "总分",
            "名次走势图",
            "分项趋势",
            "分项趋势图",
            "单位走势",
            "指标趋势",
            "名次变动",
            "成熟度",
            "全市合计",
            "方法说明"
        ]
    );
    // 全市合计: the 2021 samples add up to the city's published year-end figures
    let city = book.worksheet_range("全市合计").expect("全市合计");
    let published = find_column(&city, 0, "2021 公布数");
    let difference = find_column(&city, 0, "2021 差额");
    for (field, figure) in [
        ("grassroots_orgs", 1543.0),
        ("adult_members", 29_000.0),
        ("volunteers", 19_834.0),
        ("instructors", 559.0),
    ] {
        let r = find_row(&city, 0, field);
        assert_eq!(number(&city, r, published), figure, "{field}");
        assert_eq!(number(&city, r, difference), 0.0, "{field}");
        assert_eq!(number(&city, r, find_column(&city, 0, "2021 合计")), figure);
    }
    // 2023's volunteers as summed from the export
    let r = find_row(&city, 0, "volunteers");
    assert_eq!(
        number(&city, r, find_column(&city, 0, "2023 合计")),
        total("2023", "volunteers")
    );

    // 指标趋势: B6 volunteers per 10,000 people, city-wide = sum ÷ 10,279,636 × 10,000;
    // growth on last year = 2023 ÷ 2022 − 1; compound growth = (2023 ÷ 2021)^(1/2) − 1
    let indicators = book.worksheet_range("指标趋势").expect("指标趋势");
    let r = find_row(&indicators, 0, "B6");
    let per = |year: &str| total(year, "volunteers") / 10_279_636.0 * 10_000.0;
    for (year, c) in [("2021", 3), ("2022", 4), ("2023", 5)] {
        assert!(
            (number(&indicators, r, c) - per(year)).abs() < 1e-9,
            "{year}"
        );
    }
    let growth = per("2023") / per("2022") - 1.0;
    let cagr = (per("2023") / per("2021")).sqrt() - 1.0;
    assert!((number(&indicators, r, 6) - growth).abs() < 1e-12);
    assert!((number(&indicators, r, 7) - cagr).abs() < 1e-12);

    // B4 (the 五有 rate, computed from the organisation lists, no reported
    // field) every year, city-wide as the mean of the units' rates from the
    // export's value column; shown as %
    let b4 = find_row(&indicators, 0, "B4");
    for (year, c) in [("2021", 3u32), ("2022", 4), ("2023", 5)] {
        let rates: Vec<f64> = rows
            .iter()
            .filter(|r| r[0] == year && r[3] == "indicator" && r[4] == "B4")
            .filter_map(|r| r[6].parse::<f64>().ok())
            .collect();
        assert_eq!(rates.len(), 21, "{year}");
        let mean = rates.iter().sum::<f64>() / 21.0;
        assert!(
            (number(&indicators, b4, c) - mean).abs() < 1e-9,
            "B4 {year}: {:?}",
            indicators.get_value((b4, c))
        );
    }
    let formats = number_formats(&XlsxParts::open(&t.path("trend.xlsx")), "指标趋势");
    let b4_row = b4 + 1;
    assert_eq!(formats[&format!("D{b4_row}")], "0.0%", "B4 as a rate");
    assert_eq!(
        formats[&format!("D{}", find_row(&indicators, 0, "D1") + 1)],
        "#,##0",
        "D1 people"
    );

    // C4 costs points per late disaster report: the unit that improved most
    // is the one whose count fell most from 2021 to 2023 (by hand from the export)
    let c4 = |year: &str| -> BTreeMap<String, f64> {
        rows.iter()
            .filter(|r| r[0] == year && r[3] == "indicator" && r[4] == "C4")
            .filter_map(|r| Some((r[2].to_string(), r[6].parse::<f64>().ok()?)))
            .collect()
    };
    let (first, last) = (c4("2021"), c4("2023"));
    let mut fell: Vec<(f64, &String)> = last
        .iter()
        .filter_map(|(u, v)| Some((first.get(u)? - v, u)))
        .collect();
    fell.sort_by(|a, b| b.0.total_cmp(&a.0));
    let improved = text(&indicators, find_row(&indicators, 0, "C4"), 8);
    if fell[0].0 > 0.0 && fell[0].0 > fell[1].0 {
        assert!(
            improved.starts_with(fell[0].1.as_str()) && improved.contains('−'),
            "C4 improved most: {improved}, expected {} (−{})",
            fell[0].1,
            fell[0].0
        );
    }

    // 总分 and 名次变动 agree with the export's totals and ranks
    let totals: BTreeMap<(String, String), (f64, f64)> = rows
        .iter()
        .filter(|r| r[3] == "total")
        .map(|r| {
            (
                (r[0].to_string(), r[2].to_string()),
                (r[7].parse().expect("score"), r[9].parse().expect("rank")),
            )
        })
        .collect();
    let sheet = book.worksheet_range("总分").expect("总分");
    let r = find_row(&sheet, 1, "赵县");
    for (year, c) in [("2021", 2), ("2022", 4), ("2023", 6)] {
        let (score, rank) = totals[&(year.to_string(), "赵县".to_string())];
        assert_eq!(number(&sheet, r, c), score, "{year}");
        assert_eq!(number(&sheet, r, c + 1), rank, "{year}");
    }
    let (s21, r21) = totals[&("2021".to_string(), "赵县".to_string())];
    let (s23, r23) = totals[&("2023".to_string(), "赵县".to_string())];
    assert_eq!(number(&sheet, r, 8), ((s23 - s21) * 100.0).round() / 100.0);
    assert_eq!(number(&sheet, r, 9), r21 - r23);

    // line charts: the bump chart, one per dimension (9), one per unit (21)
    let parts = XlsxParts::open(&t.path("trend.xlsx"));
    let charts: Vec<&str> = (1..=40)
        .map(|n| parts.part(&format!("xl/charts/chart{n}.xml")))
        .filter(|c| c.contains("<c:lineChart>"))
        .collect();
    assert_eq!(charts.len(), 1 + 9 + 21);
    // the bump chart: ranks with 1 on top, one series per unit, six named in
    // the legend (the 3 that climbed most and the 3 that fell most from 2021
    // to 2023, by 名次变动's change column), the other 15 left out of it
    let bump = charts[0];
    assert!(bump.contains("<c:orientation val=\"maxMin\"/>"), "1 on top");
    assert_eq!(bump.matches("<c:ser>").count(), 21);
    assert_eq!(bump.matches("<c:legendEntry>").count(), 15);
    let ranks = book.worksheet_range("名次变动").expect("名次变动");
    let mut changes: Vec<(f64, String)> = (1..=21)
        .map(|r| (number(&ranks, r, 4), text(&ranks, r, 0)))
        .collect();
    changes.sort_by(|a, b| b.0.total_cmp(&a.0));
    // the thick coloured lines belong to those six (dark green is the top climber)
    let top = &changes[0].1;
    let top_row = find_row(&ranks, 0, top) + 1;
    let series = bump
        .split("<c:ser>")
        .find(|s| s.contains(&format!("$A${top_row}<")))
        .expect("the top climber's series");
    assert!(series.contains("1B7837"), "{top}: {series}");
    // small multiples share their axes: every dimension chart 0–100 %, every
    // unit chart the same bounds
    for chart in &charts[1..10] {
        assert!(chart.contains("<c:max val=\"1\"/>") && chart.contains("<c:min val=\"0\"/>"));
    }
    let bounds = |c: &str| -> (String, String) {
        let get = |tag: &str| {
            let v = c.split(&format!("<c:{tag} val=\"")).nth(1).expect(tag);
            v[..v.find('"').expect("quote")].to_string()
        };
        (get("min"), get("max"))
    };
    let first = bounds(charts[10]);
    for chart in &charts[10..] {
        assert_eq!(bounds(chart), first, "one axis for every unit");
    }
    let method = book.worksheet_range("方法说明").expect("方法说明");
    assert!(text(&method, 0, 1).starts_with("各年度均按当前评分标准重新计分"));

    if let Some(pdf) = soffice_convert(&t.path("trend.xlsx"), "pdf", t.dir.path()) {
        assert!(std::fs::metadata(pdf).expect("pdf").len() > 10_000);
    }
}

#[test]
fn maturity_is_the_share_of_indicators_at_full_points_in_the_frameworks_bands() {
    let t = Test::new();
    let run = t.run(&[
        "trend",
        &repo().join("samples").to_string_lossy(),
        "-o",
        "trend.xlsx",
        "--export",
        "all.csv",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    // recomputed from the export: per year and unit, the indicator rows at
    // their full points over the indicator rows that have a maximum
    let csv = std::fs::read_to_string(t.path("all.csv")).expect("export");
    let mut met: BTreeMap<(String, String), (u32, u32)> = BTreeMap::new();
    for line in csv.lines().skip(1) {
        let r: Vec<&str> = line.split(',').collect();
        if r[3] != "indicator" {
            continue;
        }
        let (Ok(score), Ok(max)) = (r[7].parse::<f64>(), r[8].parse::<f64>()) else {
            continue;
        };
        if max > 0.0 {
            let e = met.entry((r[0].to_string(), r[2].to_string())).or_default();
            e.1 += 1;
            if score >= max - 0.005 {
                e.0 += 1;
            }
        }
    }
    // the default framework's bands: 起步 0, 发展 40%, 规范 60%, 示范 80%
    let level = |s: f64| match s {
        s if s >= 0.8 => "示范",
        s if s >= 0.6 => "规范",
        s if s >= 0.4 => "发展",
        _ => "起步",
    };
    let mut book: Xlsx<_> = open_workbook(t.path("trend.xlsx")).expect("xlsx");
    let sheet = book.worksheet_range("成熟度").expect("成熟度");
    let header = find_row(&sheet, 0, "单位");
    let mut checked = 0;
    for ((year, unit), (m, n)) in &met {
        let r = find_row(&sheet, 0, unit);
        let c = find_column(&sheet, header, year);
        let share = f64::from(*m) / f64::from(*n);
        assert_eq!(
            text(&sheet, r, c),
            format!("{} {}%", level(share), (share * 100.0).round()),
            "{unit} {year}: {m} of {n}"
        );
        checked += 1;
    }
    // 21 units × 3 years
    assert_eq!(checked, 63);
    // the change column: first year's level → last year's, or 持平
    let change = find_column(&sheet, header, "变化");
    for unit in ["长安区", "新乐市"] {
        let of = |y: &str| {
            let (m, n) = met[&(y.to_string(), unit.to_string())];
            level(f64::from(m) / f64::from(n))
        };
        let expected = if of("2021") == of("2023") {
            "持平".to_string()
        } else {
            format!("{} → {}", of("2021"), of("2023"))
        };
        assert_eq!(
            text(&sheet, find_row(&sheet, 0, unit), change),
            expected,
            "{unit}"
        );
    }
}
