//! The `weighted-mean` engine against COINr's published results on its ASEM
//! example (tests/data/coinr-asem, MIT, see its README), and the wide-table
//! reader on the encodings and formats an office sends.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use county_assess::framework::{self, Framework, Outliers};
use county_assess::intake::table::read_table;
use county_assess::lang::Lang;
use county_assess::score::{Flag, Scored, composite};

use crate::common::{Test, repo};

fn data(name: &str) -> PathBuf {
    repo().join("tests/data/coinr-asem").join(name)
}

fn example(name: &str) -> PathBuf {
    repo().join("indicators/examples").join(name)
}

fn scored(framework: &str) -> (Framework, Scored) {
    let fw = framework::load(Some(&example(framework))).expect("the example framework loads");
    let (table, _notes) =
        read_table(&data("ASEM_iData.csv"), &fw, Lang::Zh).expect("ASEM_iData.csv reads");
    let scored = composite::score(&fw, &table).expect("scores");
    (fw, scored)
}

/// The fields of one CSV line (quotes with `""` inside; no line breaks in fields).
fn fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(ch) = chars.next() {
        match (ch, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().expect("a field").push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(String::new()),
            (c, _) => out.last_mut().expect("a field").push(c),
        }
    }
    out
}

/// A CSV file as rows of header → value.
fn rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).expect("expected values");
    let mut lines = text.lines();
    let header = fields(lines.next().expect("a header"));
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| header.iter().cloned().zip(fields(l)).collect())
        .collect()
}

/// A node's score and rank for a unit.
fn result(scored: &Scored, node: &str, unit: &str) -> (f64, u32) {
    let node = scored
        .node(node)
        .unwrap_or_else(|| panic!("no node `{node}`"));
    let i = scored
        .units
        .iter()
        .position(|u| u == unit)
        .unwrap_or_else(|| panic!("unit `{unit}` not scored"));
    (
        node.score[i].expect("a score"),
        node.rank[i].expect("a rank"),
    )
}

#[test]
fn the_examples_check_clean() {
    let t = Test::new();
    for name in ["asem-chain-a.toml", "asem-chain-d.toml"] {
        let path = example(name);
        let run = t.run(&[
            "indicators",
            "--check",
            "--indicators",
            &path.to_string_lossy(),
        ]);
        assert_eq!(run.code, 0, "{name}: {}{}", run.stdout, run.stderr);
        assert!(
            run.stdout.contains("11 个维度、49 项指标、53 个字段"),
            "{}",
            run.stdout
        );
    }
}

#[test]
fn chain_a_index_matches_coinr_to_1e_9_for_all_51_units() {
    let (_, scored) = scored("asem-chain-a.toml");
    assert_eq!(scored.units.len(), 51);
    // screened after imputation: nobody is left out
    assert!(scored.unscored.is_empty(), "{:?}", scored.unscored);
    let total = scored.total().expect("a total");
    assert_eq!(total.code, "Index");
    let expected = rows(&data("expected_chain_a_index.csv"));
    assert_eq!(expected.len(), 51);
    for row in &expected {
        let unit = &row["uCode"];
        let want: f64 = row["Score"].parse().expect("a number");
        let want_rank: u32 = row["Rank"].parse().expect("a rank");
        let (got, rank) = result(&scored, "Index", unit);
        assert!(
            (got - want).abs() <= 1e-9,
            "{unit}: Index {got} ≠ COINr {want} (by {:e})",
            got - want
        );
        assert_eq!(rank, want_rank, "{unit}: rank");
    }
}

#[test]
fn chain_a_treats_15_indicators_by_winsorising_only() {
    // README: 15 indicators winsorised, 1–4 points each, none log-transformed
    let (fw, scored) = scored("asem-chain-a.toml");
    let mut treated = 0;
    for ind in &fw.indicators {
        let node = scored.node(&ind.code).expect("indicator node");
        let points = node
            .flags
            .iter()
            .filter(|f| f.contains(&Flag::Winsorised))
            .count();
        assert!(node.flags.iter().all(|f| !f.contains(&Flag::Log)));
        if points > 0 {
            treated += 1;
            assert!((1..=4).contains(&points), "{}: {points}", ind.code);
        }
    }
    assert_eq!(treated, 15);
    // 63 missing cells, plus LAO's Elec and Gas (its Energy, their denominator,
    // is missing): each imputed from its EurAsia group
    let imputed: usize = fw
        .indicators
        .iter()
        .map(|i| {
            let node = scored.node(&i.code).expect("node");
            node.flags
                .iter()
                .filter(|f| f.contains(&Flag::Imputed))
                .count()
        })
        .sum();
    assert_eq!(imputed, 65);
}

#[test]
fn raw_flights_skew_kurtosis_and_one_point_winsorised() {
    // README: raw Flights skew 2.1032872, kurt 4.5088794; after winsorising
    // 1 point 1.900658 / 3.336065 (then it passes)
    let fw = framework::load(Some(&example("asem-chain-d.toml"))).expect("loads");
    let (table, _) = read_table(&data("ASEM_iData.csv"), &fw, Lang::Zh).expect("reads");
    let flights: Vec<f64> = table
        .column("Flights")
        .expect("Flights")
        .into_iter()
        .flatten()
        .collect();
    assert_eq!(flights.len(), 51);
    let close = |a: Option<f64>, b: f64| a.is_some_and(|a| (a - b).abs() < 5e-7);
    assert!(close(county_assess::stats::skew(&flights), 2.103_287_2));
    assert!(close(county_assess::stats::kurt(&flights), 4.508_879_4));
    let treated = composite::treat(&flights, &Outliers::COINR);
    assert_eq!(treated.winsorised.iter().filter(|w| **w).count(), 1);
    assert!(!treated.log);
    assert!(close(
        county_assess::stats::skew(&treated.values),
        1.900_658
    ));
    assert!(close(
        county_assess::stats::kurt(&treated.values),
        3.336_065
    ));
}

#[test]
fn published_pillars_sub_indices_and_ranks_of_chains_a_and_d() {
    let chains = [
        ("example_coin", scored("asem-chain-a.toml").1),
        ("raw_minmax_amean", scored("asem-chain-d.toml").1),
    ];
    let mut checked = 0;
    for row in rows(&data("expected_published_chains_a_d.csv")) {
        let scored = &chains
            .iter()
            .find(|(case, _)| *case == row["case"])
            .unwrap_or_else(|| panic!("unknown case {}", row["case"]))
            .1;
        let (unit, column) = (&row["uCode"], &row["column"]);
        if column == "Rank" || column.ends_with("_rank") {
            let node = column.strip_suffix("_rank").unwrap_or("Index");
            let want: u32 = row["value"].parse().expect("a rank");
            assert_eq!(
                result(scored, node, unit).1,
                want,
                "{} {unit} {column}",
                row["case"]
            );
        } else {
            let want: f64 = row["value"].parse().expect("a number");
            let got = result(scored, column, unit).0;
            // published rounded to 2 decimals
            assert!(
                (got - want).abs() <= 0.005 + 1e-9,
                "{} {unit} {column}: {got} ≠ {want}",
                row["case"]
            );
        }
        checked += 1;
    }
    assert_eq!(checked, 157);
}

#[test]
fn chain_d_top_six() {
    // the JOSS paper: DEU 75.23, GBR 68.94, FRA 65.92, CHE 62.61, NLD 61.24, SWE 60.59
    let (_, scored) = scored("asem-chain-d.toml");
    let total = scored.total().expect("a total");
    let mut order: Vec<usize> = (0..scored.units.len()).collect();
    order.sort_by_key(|i| total.rank[*i]);
    let top: Vec<(String, String)> = order[..6]
        .iter()
        .map(|i| {
            (
                scored.units[*i].to_string(),
                format!("{:.2}", total.score[*i].expect("a score")),
            )
        })
        .collect();
    let expected = [
        ("DEU", "75.23"),
        ("GBR", "68.94"),
        ("FRA", "65.92"),
        ("CHE", "62.61"),
        ("NLD", "61.24"),
        ("SWE", "60.59"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(u, s)| ((*u).to_string(), (*s).to_string()))
        .collect();
    assert_eq!(top, expected);
    // no imputation: missing indicators are left out, not filled
    assert!(
        scored
            .nodes
            .iter()
            .all(|n| n.flags.iter().flatten().all(|f| *f != Flag::Imputed))
    );
}

/// A small weighted-mean framework for the reader tests.
const SMALL: &str = r#"[framework]
id = "small"
version = "1"
name = "小体系"
from-year = 2024
mode = "weighted-mean"
missing = "group-mean"
impute-group = "片区"

[[field]]
code = "volunteers"
name = "志愿者人数"
type = "integer"

[[field]]
code = "towns"
name = "乡镇数"
type = "integer"

[[dimension]]
code = "A"
name = "队伍"

[[indicator]]
code = "A1"
name = "每乡镇志愿者"
dimension = "A"
field = "volunteers"
divide-by = "towns"
"#;

const SMALL_TABLE: &str = "单位代码,单位名称,片区,年份,volunteers,乡镇数\n\
130102,长安区,市区,2024,120,NA\n\
130123,正定县,县,2024,90,9\n\
130125,\"行唐县\",县,2024,,15\n";

#[test]
fn gb18030_utf8_with_bom_and_xlsx_read_the_same() {
    let fw = framework::from_str("small.toml", SMALL).expect("the small framework checks");
    let t = Test::new();
    let write = |folder: &str, bytes: &[u8]| -> PathBuf {
        let dir = t.path(folder);
        std::fs::create_dir_all(&dir).expect("folder");
        let path = dir.join("汇总.csv");
        std::fs::write(&path, bytes).expect("write");
        path
    };
    let (gb, _, unmappable) = encoding_rs::GB18030.encode(SMALL_TABLE);
    assert!(!unmappable);
    let bom = [b"\xEF\xBB\xBF".as_slice(), SMALL_TABLE.as_bytes()].concat();
    let (from_gb, gb_notes) = read_table(&write("gb", &gb), &fw, Lang::Zh).expect("GB18030 reads");
    let (from_bom, bom_notes) =
        read_table(&write("bom", &bom), &fw, Lang::Zh).expect("UTF-8 reads");
    assert_eq!(from_gb.columns, from_bom.columns);
    assert_eq!(from_gb.names, from_bom.names);
    assert_eq!(from_gb.sources, from_bom.sources);
    assert!(gb_notes[0].contains("GB18030"), "{gb_notes:?}");
    assert!(
        bom_notes.iter().all(|n| !n.contains("GB18030")),
        "{bom_notes:?}"
    );
    // the numeric column that is no field is left out, and said so
    assert!(
        bom_notes.iter().any(|n| n.contains("「年份」")),
        "{bom_notes:?}"
    );

    // what was read: the column 乡镇数 by the field's name, NA and empty missing
    let table = &from_bom;
    assert_eq!(table.unit_codes(), ["130102", "130123", "130125"]);
    assert_eq!(table.names["130125"], "行唐县");
    assert_eq!(
        table.column("volunteers"),
        Some(vec![Some(120.0), Some(90.0), None])
    );
    assert_eq!(
        table.column("towns"),
        Some(vec![None, Some(9.0), Some(15.0)])
    );
    assert_eq!(
        table.group("片区"),
        Some(vec![
            Some("市区".to_string()),
            Some("县".to_string()),
            Some("县".to_string())
        ])
    );
    assert_eq!(
        table.sources[&("130123".into(), "towns".into())],
        "汇总.csv!F3"
    );

    // the same table as a workbook
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("汇总").expect("sheet name");
    for (r, line) in SMALL_TABLE.lines().enumerate() {
        for (c, cell) in fields(line).iter().enumerate() {
            let (r, c) = (
                u32::try_from(r).expect("row"),
                u16::try_from(c).expect("col"),
            );
            match cell.parse::<f64>() {
                Ok(n) => sheet.write_number(r, c, n).map(|_| ()),
                Err(_) if cell.is_empty() => Ok(()),
                Err(_) => sheet.write_string(r, c, cell).map(|_| ()),
            }
            .expect("write a cell");
        }
    }
    let xlsx = t.path("汇总.xlsx");
    book.save(&xlsx).expect("save");
    let (from_xlsx, _) = read_table(&xlsx, &fw, Lang::Zh).expect("the workbook reads");
    assert_eq!(from_xlsx.columns, from_bom.columns);
    assert_eq!(
        from_xlsx.sources[&("130123".into(), "towns".into())],
        "汇总.xlsx!汇总!F3"
    );

    // and it scores. 长安区 has no towns count and no other unit in 市区 to
    // take a mean from: it stays missing. 行唐县 gets the mean of 县, 90 ÷ 9 = 10;
    // both 县 then have 10: equal values score the middle of 0–100
    let scored = composite::score(&fw, table).expect("scores");
    let a1 = scored.node("A1").expect("A1");
    assert_eq!(a1.value, vec![None, Some(10.0), None]);
    assert_eq!(a1.score, vec![None, Some(50.0), Some(50.0)]);
    assert_eq!(a1.flags[2], [Flag::Missing, Flag::Imputed]);
    // as the export writes them
    assert_eq!(Flag::names(&a1.flags[2]), "missing;imputed");
    let total = scored.total().expect("the total");
    assert_eq!(total.code, "A");
    assert_eq!(total.score, vec![None, Some(50.0), Some(50.0)]);
    assert_eq!(total.rank, vec![None, Some(1), Some(1)]);
}

#[test]
fn a_table_without_a_needed_field_or_with_text_for_a_number_is_refused() {
    let fw = framework::from_str("small.toml", SMALL).expect("the small framework checks");
    let t = Test::new();
    let path = t.path("t.csv");
    std::fs::write(&path, "unit,片区,volunteers\nX,甲,1\n").expect("write");
    let err = read_table(&path, &fw, Lang::En).expect_err("towns is missing");
    assert!(
        format!("{err:#}").contains("no column for field(s) the framework needs: `towns`"),
        "{err:#}"
    );
    std::fs::write(&path, "unit,片区,volunteers,towns\nX,甲,1,12.5万\n").expect("write");
    let err = read_table(&path, &fw, Lang::En).expect_err("not a number");
    assert_eq!(
        format!("{err:#}"),
        "`t.csv`: t.csv!D2: `12.5万` in column `towns` is not a number; expected a number, `NA` or an empty cell"
    );
}

#[test]
fn scaling_a_groups_weights_by_one_factor_changes_nothing() {
    // every indicator of the pillar `Physical` weighted 3 instead of 1: the weights are
    // rescaled within their parent, so every score and rank stays the same
    let text = std::fs::read_to_string(example("asem-chain-a.toml")).expect("read");
    let scaled = text.replace(
        "dimension = \"Physical\"\nweight = 1\n",
        "dimension = \"Physical\"\nweight = 3\n",
    );
    assert_ne!(text, scaled, "the pillar's weights were changed");
    let t = Test::new();
    let path = t.path("scaled.toml");
    std::fs::write(&path, scaled).expect("write");
    let fw_scaled = county_assess::framework::load(Some(&path)).expect("scaled framework");
    let (table, _) = read_table(&data("ASEM_iData.csv"), &fw_scaled, Lang::Zh).expect("table");
    let scaled = composite::score(&fw_scaled, &table).expect("scores");
    let (_, original) = scored("asem-chain-a.toml");
    for node in &original.nodes {
        let other = scaled.node(&node.code).expect("same node");
        for (a, b) in node.score.iter().zip(&other.score) {
            match (a, b) {
                (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{}: {a} vs {b}", node.code),
                (a, b) => assert_eq!(a, b, "{}", node.code),
            }
        }
        assert_eq!(node.rank, other.rank, "{}", node.code);
    }
}
