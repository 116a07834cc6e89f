//! 指标明细 and 加扣分与否决 of the assessment workbook (`assess run`): values
//! computed by hand from the sample files and the framework, found again in
//! the workbook read back with calamine; the page setup in the raw XML.

use std::path::Path;

use calamine::{Data, Range, Reader, Xlsx, open_workbook};

use crate::common::{Test, XlsxParts, repo};

/// One sheet of a workbook, read back.
struct Sheet(Range<Data>);

impl Sheet {
    fn open(path: &Path, name: &str) -> Sheet {
        let mut book: Xlsx<_> = open_workbook(path).expect("xlsx");
        Sheet(
            book.worksheet_range(name)
                .unwrap_or_else(|e| panic!("sheet {name}: {e}")),
        )
    }

    fn text(&self, row: u32, col: u32) -> String {
        match self.0.get_value((row, col)) {
            None | Some(Data::Empty) => String::new(),
            Some(d) => d.to_string(),
        }
    }

    fn number(&self, row: u32, col: u32) -> Option<f64> {
        match self.0.get_value((row, col))? {
            Data::Float(f) => Some(*f),
            #[allow(clippy::cast_precision_loss)]
            Data::Int(i) => Some(*i as f64),
            _ => None,
        }
    }

    fn last_row(&self) -> u32 {
        self.0.end().map_or(0, |(r, _)| r)
    }

    /// The first row holding `label` in any column, and the columns of that row by text.
    fn header(&self, label: &str) -> (u32, Vec<String>) {
        let width = self.0.end().map_or(0, |(_, c)| c);
        (0..=self.last_row())
            .find_map(|r| {
                let texts: Vec<String> = (0..=width).map(|c| self.text(r, c)).collect();
                texts.iter().any(|t| t == label).then_some((r, texts))
            })
            .unwrap_or_else(|| panic!("no row with `{label}`"))
    }

    /// The column headed `label` in the header row.
    fn column(&self, label: &str) -> u32 {
        let (_, texts) = self.header(label);
        let at = texts.iter().position(|t| t == label).expect("label");
        u32::try_from(at).expect("column")
    }

    /// The rows whose cells hold these texts.
    fn rows(&self, keys: &[(u32, &str)]) -> Vec<u32> {
        (0..=self.last_row())
            .filter(|r| keys.iter().all(|(c, t)| self.text(*r, *c) == *t))
            .collect()
    }

    /// The one row whose cells hold these texts.
    fn row(&self, keys: &[(u32, &str)]) -> u32 {
        let rows = self.rows(keys);
        assert_eq!(rows.len(), 1, "rows with {keys:?}: {rows:?}");
        rows[0]
    }
}

/// The number in a cited cell (`2023-正定县-核心能力评估填报表.xlsx!指标数据!F20`) of a sample folder.
fn cited(folder: &str, source: &str) -> f64 {
    let mut parts = source.split('!');
    let (file, sheet, cell) = (
        parts.next().expect("file"),
        parts.next().expect("sheet"),
        parts.next().expect("cell"),
    );
    let letters: String = cell.chars().take_while(char::is_ascii_uppercase).collect();
    let col = letters
        .bytes()
        .fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1))
        - 1;
    let row: u32 = cell[letters.len()..].parse().expect("row");
    let path = repo().join("samples").join(folder).join(file);
    Sheet::open(&path, sheet)
        .number(row - 1, col)
        .unwrap_or_else(|| panic!("no number at {source}"))
}

fn close(got: Option<f64>, want: f64) -> bool {
    got.is_some_and(|g| (g - want).abs() < 1e-9)
}

fn run(t: &Test, folder: &Path, extra: &[&str]) {
    let mut args = vec![
        "run".to_string(),
        folder.to_string_lossy().into_owned(),
        "-o".to_string(),
        "r.xlsx".to_string(),
    ];
    args.extend(extra.iter().map(ToString::to_string));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = t.run(&args);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

const DETAIL_HEADERS: [&str; 16] = [
    "单位代码",
    "单位",
    "维度",
    "指标",
    "指标名称",
    "填报值",
    "核定值",
    "计算值",
    "目标值",
    "完成率",
    "自评分",
    "核定分",
    "差额",
    "满分",
    "失分",
    "来源",
];

#[test]
#[allow(clippy::too_many_lines)] // one sheet, checked value by value
fn indicator_detail_holds_values_computed_by_hand() {
    let t = Test::new();
    run(&t, &repo().join("samples/2023"), &[]);
    let out = t.path("r.xlsx");
    let book: Xlsx<_> = open_workbook(&out).expect("xlsx");
    let names = book.sheet_names();
    assert!(names.contains(&"指标明细".to_string()), "{names:?}");
    assert!(!names.contains(&"得分明细".to_string()), "{names:?}");
    let d = Sheet::open(&out, "指标明细");
    let headers: Vec<String> = (0..16).map(|c| d.text(0, c)).collect();
    assert_eq!(headers, DETAIL_HEADERS);
    let col = |label: &str| {
        u32::try_from(
            DETAIL_HEADERS
                .iter()
                .position(|h| *h == label)
                .expect(label),
        )
        .expect("col")
    };
    let num = |r: u32, label: &str| d.number(r, col(label));
    let at = |unit: &str, indicator: &str| d.row(&[(0, unit), (3, indicator)]);
    // 21 units × 35 indicators, below the header
    assert_eq!(d.last_row(), 21 * 35);

    // 正定县 (130123): 549,321 residents (2020 census, used for 2023: indicators/county-core/units.toml)
    // B6 每万人注册志愿者数: volunteers per 10,000 people, target 20, 2.5 points (framework.toml)
    let r = at("130123", "B6");
    assert_eq!(d.text(r, 1), "正定县");
    assert_eq!(d.text(r, 2), "B 组织建设");
    assert_eq!(d.text(r, 4), "每万人注册志愿者数");
    let source = d.text(r, col("来源"));
    assert_eq!(source, "2023-正定县-核心能力评估填报表.xlsx!指标数据!F20");
    // the county reported 948 volunteers in that cell
    assert_eq!(cited("2023", &source), 948.0);
    assert!(close(num(r, "填报值"), 948.0));
    assert_eq!(num(r, "核定值"), None, "the city did not change it");
    // 948 ÷ 549,321 × 10,000 = 17.2577 per 10,000 people
    let value = num(r, "计算值").expect("计算值");
    assert!((value - 17.2577).abs() < 1e-4, "{value}");
    assert!(close(num(r, "目标值"), 20.0));
    // 完成率 17.2577 ÷ 20 = 86.29 %; points 2.5 × 0.86288 = 2.157 → 2.16; lost 2.5 − 2.16 = 0.34
    let completion = num(r, "完成率").expect("完成率");
    assert!((completion - 0.862_88).abs() < 1e-5, "{completion}");
    assert!(close(num(r, "自评分"), 2.16));
    assert!(close(num(r, "核定分"), 2.16));
    assert!(close(num(r, "差额"), 0.0));
    assert!(close(num(r, "满分"), 2.5));
    assert!(close(num(r, "失分"), 0.34));

    // D1 当年培训取证救护员: target 20 per 10,000 people = 20 × 549,321 ÷ 10,000 = 1,098.642 people;
    // 1,173 certified (F26) → 完成率 1,173 ÷ 1,098.642 = 106.77 % (above 100 %), capped: all 5 points
    let r = at("130123", "D1");
    let source = d.text(r, col("来源"));
    assert_eq!(source, "2023-正定县-核心能力评估填报表.xlsx!指标数据!F26");
    assert_eq!(cited("2023", &source), 1173.0);
    assert!(close(num(r, "填报值"), 1173.0));
    assert!(close(num(r, "计算值"), 1173.0));
    assert!(close(num(r, "目标值"), 1_098.642));
    let completion = num(r, "完成率").expect("完成率");
    assert!((completion - 1.067_68).abs() < 1e-5, "{completion}");
    assert!(close(num(r, "核定分"), 5.0));
    assert!(close(num(r, "失分"), 0.0));

    // B5 每万人会员数: two fields, so 填报值 is the derived value:
    // (1,094 adults + 476 youth) ÷ 549,321 × 10,000 = 28.5807 per 10,000; target 40 →
    // 71.45 %; 2.5 × 0.714518 = 1.786 → 1.79; lost 0.71
    let r = at("130123", "B5");
    let source = d.text(r, col("来源"));
    assert_eq!(
        source,
        "2023-正定县-核心能力评估填报表.xlsx!指标数据!F18、F19"
    );
    let (adults, youth) = (
        cited("2023", "2023-正定县-核心能力评估填报表.xlsx!指标数据!F18"),
        cited("2023", "2023-正定县-核心能力评估填报表.xlsx!指标数据!F19"),
    );
    assert_eq!((adults, youth), (1094.0, 476.0));
    let value = num(r, "计算值").expect("计算值");
    assert!((value - 28.5807).abs() < 1e-4, "{value}");
    assert!(close(num(r, "填报值"), value));
    assert!(close(num(r, "目标值"), 40.0));
    assert!((num(r, "完成率").expect("完成率") - 0.714_518).abs() < 1e-6);
    assert!(close(num(r, "核定分"), 1.79));
    assert!(close(num(r, "失分"), 0.71));

    // B1 乡镇建会率: 8 of 12 towns = 66.7 %, the 60 % tier → 0.6 × 3 = 1.80; full points at 100 %
    let r = at("130123", "B1");
    assert!(close(num(r, "计算值"), 8.0 / 12.0));
    assert!(close(num(r, "目标值"), 1.0));
    assert!(close(num(r, "核定分"), 1.8));
    assert!(close(num(r, "失分"), 1.2));

    // A1 党建工作 is the city's figure (部室评分), not the county's: no 填报值
    let r = at("130123", "A1");
    assert_eq!(d.text(r, col("填报值")), "");
    let source = d.text(r, col("来源"));
    assert!(
        source.starts_with("2023-市级复核表.xlsx!部室评分!"),
        "{source}"
    );
    // 2.2 of a target of 3 → 2.2 points
    assert_eq!(cited("2023", &source), 2.2);
    assert!(close(num(r, "计算值"), 2.2));
    assert!(close(num(r, "核定分"), 2.2));

    // the values the city changed, from its 复核 sheet: 填报值 ≠ 核定值, the review row as source
    let review_path = repo().join("samples/2023/2023-市级复核表.xlsx");
    let review = Sheet::open(&review_path, "复核");
    let (header, _) = review.header("核定值");
    let (unit_col, code_col, own_col, cell_col, value_col) = (
        review.column("单位代码"),
        review.column("代码"),
        review.column("自评值"),
        review.column("来源单元格"),
        review.column("核定值"),
    );
    let changed: Vec<u32> = (header + 1..=review.last_row())
        .filter(|r| !review.text(*r, value_col).is_empty())
        .collect();
    let fields: Vec<(String, String)> = changed
        .iter()
        .map(|r| (review.text(*r, unit_col), review.text(*r, code_col)))
        .collect();
    // as planted by src/samples/city.rs: 晋州市's first-aiders (×0.9) and 藁城区's AEDs (×0.8)
    assert_eq!(
        fields,
        [
            ("130109".to_string(), "aed_count".to_string()),
            ("130183".to_string(), "certified_trained".to_string()),
        ]
    );
    for (&rr, (unit, field)) in changed.iter().zip(&fields) {
        let indicator = if field == "aed_count" { "D4" } else { "D1" };
        let r = at(unit, indicator);
        // 自评值 stands as text in the review sheet (as the county typed it), 核定值 as the city typed it
        let typed = |c: u32| -> f64 {
            let text = review.text(rr, c);
            text.parse()
                .unwrap_or_else(|_| panic!("not a number: `{text}`"))
        };
        let (own, reviewed) = (typed(own_col), typed(value_col));
        assert!(close(num(r, "填报值"), own), "{unit} {indicator}");
        assert!(close(num(r, "核定值"), reviewed), "{unit} {indicator}");
        assert!((own - reviewed).abs() > 0.5);
        let source = d.text(r, col("来源"));
        let review_cell = format!("2023-市级复核表.xlsx!复核!H{}", rr + 1);
        assert!(source.starts_with(&review_cell), "{source}");
        // the county's own cell follows
        assert!(
            source.ends_with(&review.text(rr, cell_col)),
            "{source} / {}",
            review.text(rr, cell_col)
        );
    }
    // 藁城区 (741,068 residents) D4 AEDs per 10,000, target 0.8, 3 points:
    // reported 22 → 0.29687 → 37.11 % → 3 × 0.371086 = 1.113 → 1.11 (自评分);
    // reviewed 17 → 0.22940 → 28.67 % → 3 × 0.286748 = 0.860 → 0.86 (核定分); 差额 −0.25, lost 2.14
    let r = at("130109", "D4");
    assert!(close(num(r, "填报值"), 22.0));
    assert!(close(num(r, "核定值"), 17.0));
    assert!((num(r, "计算值").expect("计算值") - 0.229_40).abs() < 1e-5);
    assert!((num(r, "完成率").expect("完成率") - 0.286_748).abs() < 1e-6);
    assert!(close(num(r, "自评分"), 1.11));
    assert!(close(num(r, "核定分"), 0.86));
    assert!(close(num(r, "差额"), -0.25));
    assert!(close(num(r, "失分"), 2.14));

    // printed on A3 landscape, the header repeated, each county from a new
    // page: a fixed scale, not fit-to-width (Excel ignores manual breaks on
    // a sheet fitted to the page), small enough for the columns to fit A3's
    // 1,492 printable pixels with a quarter to spare
    let parts = XlsxParts::open(&out);
    let xml = parts.sheet("指标明细");
    let setup = &xml[xml.find("<pageSetup ").expect("pageSetup")..];
    let setup = &setup[..setup.find("/>").expect("end")];
    assert!(setup.contains("paperSize=\"8\""), "{setup}");
    assert!(setup.contains("orientation=\"landscape\""), "{setup}");
    assert!(
        !xml.contains("fitToPage=\"1\""),
        "no fit-to-page with breaks"
    );
    let scale: f64 = setup
        .split("scale=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .and_then(|s| s.parse().ok())
        .expect("a scale");
    let px: f64 = xml
        .split("<col ")
        .skip(1)
        .map(|c| {
            let attr = |name: &str| -> f64 {
                let v = c.split(&format!("{name}=\"")).nth(1).expect(name);
                v[..v.find('"').expect("quote")].parse().expect("number")
            };
            // Excel's pixels of a column: 7 a character (less the 0.71 of padding) + 5
            let width = ((attr("width") - 0.710_937_5) * 7.0).round() + 5.0;
            width * (attr("max") - attr("min") + 1.0)
        })
        .sum();
    assert!(px * scale / 100.0 <= 1492.0 * 0.75, "{px} px at {scale} %");
    assert!(scale >= 40.0, "{scale} %");
    assert!(xml.contains("state=\"frozen\""));
    assert!(
        parts
            .part("xl/workbook.xml")
            .contains("指标明细!$1:$1</definedName>")
    );
    assert!(xml.contains("<rowBreaks"), "no page breaks");
    let breaks: Vec<u32> = xml
        .split("<brk id=\"")
        .skip(1)
        .map(|b| b[..b.find('"').expect("id")].parse().expect("row"))
        .collect();
    // a break before each county but the first: after Excel row `id`, i.e. before 0-based row `id`
    assert_eq!(breaks.len(), 20);
    for b in breaks {
        assert_ne!(
            d.text(b, 0),
            d.text(b - 1, 0),
            "break inside a county at {b}"
        );
    }
}

#[test]
fn bonus_deductions_and_vetoes_as_the_city_decided() {
    let t = Test::new();
    // the 初评, before the rulings: 平山县's objection to its K3 deduction is
    // accepted at the 终评 (tests/test_objections.rs)
    run(&t, &repo().join("samples/2023"), &["--stage", "初评"]);
    let out = t.path("r.xlsx");
    let s = Sheet::open(&out, "加扣分与否决");
    let headers: Vec<String> = (0..11).map(|c| s.text(0, c)).collect();
    assert_eq!(
        headers,
        [
            "单位代码",
            "单位",
            "类别",
            "项目",
            "申报",
            "审核结果",
            "分值",
            "理由",
            "佐证材料编号",
            "依据文件",
            "来源单元格"
        ]
    );
    let city = repo().join("samples/2023/2023-市级复核表.xlsx");

    // the one refused claim of 加分审核 (src/samples/city.rs refuses the year's second claim)
    let approvals = Sheet::open(&city, "加分审核");
    let (header, _) = approvals.header("审核意见");
    let opinion = approvals.column("审核意见");
    let refused: Vec<u32> = (header + 1..=approvals.last_row())
        .filter(|r| approvals.text(*r, opinion) == "不同意")
        .collect();
    assert_eq!(refused.len(), 1);
    let a = refused[0];
    let unit = approvals.text(a, approvals.column("单位代码"));
    let item = approvals.text(a, approvals.column("加分项目"));
    // 长安区's claim for X2 (provincial honour), 1 claimed, evidence JF-02
    assert_eq!((unit.as_str(), &item[..2]), ("130102", "X2"));
    let r = s.row(&[(0, &unit), (2, "加分"), (3, &item)]);
    assert!(s.text(r, 4).starts_with("数量 1："), "{}", s.text(r, 4));
    assert_eq!(s.text(r, 5), "不同意");
    assert!(close(s.number(r, 6), 0.0));
    assert_eq!(
        s.text(r, 7),
        approvals.text(a, approvals.column("理由")),
        "the city's reason"
    );
    assert_eq!(
        s.text(r, 8),
        approvals.text(a, approvals.column("佐证编号"))
    );
    let cells = s.text(r, 10);
    assert!(
        cells.starts_with(&format!("2023-市级复核表.xlsx!加分审核!G{}", a + 1)),
        "{cells}"
    );
    assert!(
        cells.ends_with(&format!(
            "2023-长安区-核心能力评估填报表.xlsx!{}",
            approvals.text(a, approvals.column("来源单元格"))
        )),
        "{cells}"
    );
    // its other claims were approved: X1 1 × 2 = +2.00, X3 2 × 1 = +2.00
    let r = s.rows(&[(0, "130102"), (2, "加分")]);
    let points: Vec<f64> = r.iter().filter_map(|r| s.number(*r, 6)).collect();
    assert_eq!(points, [2.0, 0.0, 2.0]);

    // the one deduction found by the city: 平山县 K3 audit finding, 1 × 2 points = −2.00
    let deductions = Sheet::open(&city, "扣分与否决");
    let (header, _) = deductions.header("次数");
    let count = deductions.column("次数");
    let found: Vec<u32> = (header + 1..=deductions.last_row())
        .filter(|r| {
            let c = deductions.text(*r, count);
            !c.is_empty() && !c.starts_with('（')
        })
        .collect();
    assert_eq!(found.len(), 1);
    let f = found[0];
    assert_eq!(deductions.text(f, deductions.column("单位代码")), "130131");
    let r = s.row(&[(0, "130131"), (2, "扣分")]);
    assert_eq!(s.text(r, 3), "K3 审计、巡察发现问题");
    assert_eq!(s.text(r, 5), "1 次");
    assert!(close(s.number(r, 6), -2.0));
    assert_eq!(s.text(r, 7), deductions.text(f, deductions.column("理由")));
    // 石红办〔2023〕10 号: 10 + 2023 mod 7
    assert_eq!(s.text(r, 9), "石红办〔2023〕10 号");
    assert_eq!(
        s.text(r, 9),
        deductions.text(f, deductions.column("文件依据"))
    );
    assert_eq!(
        s.text(r, 10),
        format!("2023-市级复核表.xlsx!扣分与否决!F{}", f + 1)
    );

    // 行唐县 received 2023-12-18, due 12-15: 3 days × 0.2 = −0.60
    let r = s.row(&[(0, "130125"), (2, "扣分")]);
    assert_eq!(s.text(r, 3), "K2 逾期报送评估材料（每日）");
    assert_eq!(s.text(r, 5), "逾期 3 天");
    assert!(close(s.number(r, 6), -0.6));
    assert!(s.text(r, 10).starts_with("2023-市级复核表.xlsx!收件登记!"));

    // 无极县 claims X1 1 × 2 + X2 2 × 1 + X3 2 × 1 = 6.00, above the cap of 5: a row takes 1.00 off
    let r = s.row(&[(0, "130130"), (3, "加分合计上限")]);
    assert!(close(s.number(r, 6), -1.0));
    assert_eq!(s.text(r, 5), "合计 6.00 分，按上限 5 分计");
    let bonus: f64 = s
        .rows(&[(0, "130130"), (2, "加分")])
        .iter()
        .filter_map(|r| s.number(*r, 6))
        .sum();
    assert!((bonus - 5.0).abs() < 1e-9);

    // no veto in 2023
    assert!(s.rows(&[(2, "一票否决")]).is_empty());

    // every unit's rows add up to the bonus and deductions of 综合排名
    let ranking = Sheet::open(&out, "综合排名");
    let (header, _) = ranking.header("单位代码");
    let (code, plus, minus) = (
        ranking.column("单位代码"),
        ranking.column("加分"),
        ranking.column("扣分"),
    );
    for r in header + 1..=ranking.last_row() {
        let unit = ranking.text(r, code);
        if unit.is_empty() {
            continue;
        }
        let sum = |kind: &str| -> f64 {
            s.rows(&[(0, &unit), (2, kind)])
                .iter()
                .filter_map(|r| s.number(*r, 6))
                .sum()
        };
        let b = ranking.number(r, plus).unwrap_or(0.0);
        let m = ranking.number(r, minus).unwrap_or(0.0);
        assert!((sum("加分") - b).abs() < 1e-9, "{unit} bonus");
        assert!(
            (sum("扣分").abs() - m.abs()).abs() < 1e-9,
            "{unit} deductions"
        );
    }

    let parts = XlsxParts::open(&out);
    let xml = parts.sheet("加扣分与否决");
    // eleven columns, their texts wrapped within their limits (the 申报 and
    // 来源 texts of the samples reach them): about 200 characters, A3
    assert!(xml.contains("paperSize=\"8\""), "A3");
    assert!(xml.contains("orientation=\"landscape\""));
    assert!(xml.contains("state=\"frozen\""));
    assert!(
        parts
            .part("xl/workbook.xml")
            .contains("加扣分与否决!$1:$1</definedName>")
    );
}

#[test]
fn without_a_city_workbook_claims_count_as_claimed() {
    let t = Test::new();
    let folder = t.path("2023");
    std::fs::create_dir(&folder).expect("folder");
    for entry in std::fs::read_dir(repo().join("samples/2023")).expect("samples") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        if !name.contains("市级复核表") {
            std::fs::copy(&path, folder.join(&name)).expect("copy");
        }
    }
    run(&t, &folder, &[]);
    let out = t.path("r.xlsx");
    let s = Sheet::open(&out, "加扣分与否决");
    // 长安区's X3 claim counts as claimed: 2 × 1 = +2.00 (its X2, whose
    // evidence is not on its 佐证材料 list, does not: 0)
    let r = s.row(&[(0, "130102"), (3, "X3 工作经验被省级以上推广")]);
    assert_eq!(s.text(r, 5), "未复核");
    assert!(close(s.number(r, 6), 2.0));
    assert_eq!(
        s.text(r, 10),
        "2023-长安区-核心能力评估填报表.xlsx!加分申报!B6"
    );
    // no deduction without the city's findings
    assert!(s.rows(&[(2, "扣分")]).is_empty());
    // 指标明细: nothing reviewed; the city's figures are still to come
    let d = Sheet::open(&out, "指标明细");
    let reviewed = d.column("核定值");
    assert!((1..=d.last_row()).all(|r| d.text(r, reviewed).is_empty()));
    let r = d.row(&[(0, "130123"), (3, "A1")]);
    assert_eq!(d.text(r, d.column("来源")), "待市级复核表提供");
    assert_eq!(d.text(r, d.column("计算值")), "");
}

#[test]
fn english_headers_and_a_veto() {
    let t = Test::new();
    run(&t, &repo().join("samples/2022"), &["--lang", "en"]);
    let out = t.path("r.xlsx");
    let d = Sheet::open(&out, "Indicators");
    let headers: Vec<String> = (0..16).map(|c| d.text(0, c)).collect();
    assert_eq!(
        headers,
        [
            "Code",
            "Unit",
            "Dimension",
            "Indicator",
            "Name",
            "Reported",
            "Reviewed",
            "Value scored",
            "Target",
            "Completion",
            "Self-assessed points",
            "Reviewed points",
            "Difference",
            "Possible",
            "Lost",
            "Source"
        ]
    );
    let s = Sheet::open(&out, "Bonus, deductions, vetoes");
    let headers: Vec<String> = (0..11).map(|c| s.text(0, c)).collect();
    assert_eq!(
        headers,
        [
            "Code",
            "Unit",
            "Kind",
            "Item",
            "Claim",
            "Decision",
            "Points",
            "Reason",
            "Evidence no.",
            "Basis",
            "Cell"
        ]
    );
    // 2022: 赵县's misuse of donations, confirmed by the audit (src/samples/city.rs)
    let r = s.row(&[(0, "130133"), (2, "veto")]);
    assert_eq!(s.text(r, 3), "V1 Confirmed misuse of donations");
    assert_eq!(s.text(r, 5), "graded fail, no commendation");
    assert_eq!(s.text(r, 6), "veto");
    assert_eq!(s.text(r, 9), "石审报〔2022〕35 号");
    assert!(
        s.text(r, 10)
            .starts_with("2022-市级复核表.xlsx!扣分与否决!F")
    );
}
