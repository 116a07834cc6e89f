//! `assess indicators --from-xlsx`: the 评分细则 workbook, edited as the office
//! would, written back into framework files.
//!
//! The edited workbook is rebuilt from the cells read back (calamine), with
//! the parameter cells changed, as Excel would save it after an edit.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use rust_xlsxwriter::{DocProperties, Workbook};

use crate::common::{Test, copy_dir, repo, soffice_convert};

/// Columns of the table (0-based): 代码, 名称, 分值, 目标, 封顶, 档次门槛.
const CODE: u32 = 0;
const NAME: u32 = 1;
const POINTS: u32 = 2;
const TARGET: u32 = 3;
const CAP: u32 = 5;
const TIERS: u32 = 6;

/// The cells of a rules workbook, to change and save again.
struct Rules {
    sheet: String,
    cells: BTreeMap<(u32, u32), Data>,
}

impl Rules {
    fn open(path: &Path) -> Rules {
        let mut book: Xlsx<_> = open_workbook(path).expect("xlsx");
        let sheet = book.sheet_names()[0].clone();
        let range = book.worksheet_range(&sheet).expect("sheet");
        let (r0, c0) = range.start().expect("cells");
        let cells = range
            .used_cells()
            .map(|(r, c, v)| {
                let at = (
                    r0 + u32::try_from(r).expect("row"),
                    c0 + u32::try_from(c).expect("col"),
                );
                (at, v.clone())
            })
            .collect();
        Rules { sheet, cells }
    }

    /// The 0-based row whose column A holds `code`.
    fn row(&self, code: &str) -> u32 {
        self.cells
            .iter()
            .find(|((_, c), v)| *c == CODE && *v == code)
            .map(|((r, _), _)| *r)
            .unwrap_or_else(|| panic!("row of {code}"))
    }

    /// The row of a grade, by its name in column B.
    fn grade_row(&self, name: &str) -> u32 {
        self.cells
            .iter()
            .find(|((_, c), v)| *c == NAME && *v == name)
            .map(|((r, _), _)| *r)
            .unwrap_or_else(|| panic!("row of {name}"))
    }

    fn text(&self, row: u32, col: u32) -> String {
        self.cells
            .get(&(row, col))
            .map(ToString::to_string)
            .unwrap_or_default()
    }

    fn set(&mut self, row: u32, col: u32, value: Data) {
        if value == Data::Empty {
            self.cells.remove(&(row, col));
        } else {
            self.cells.insert((row, col), value);
        }
    }

    /// A row typed in at `at` (0-based): the rows from there move down.
    fn insert_row(&mut self, at: u32, cells: &[(u32, Data)]) {
        self.move_rows(at, 1);
        for (col, value) in cells {
            self.cells.insert((at, *col), value.clone());
        }
    }

    /// The row `at` deleted: the rows below move up.
    fn delete_row(&mut self, at: u32) {
        self.cells.retain(|(r, _), _| *r != at);
        self.move_rows(at + 1, -1);
    }

    fn move_rows(&mut self, from: u32, by: i64) {
        let cells = std::mem::take(&mut self.cells);
        self.cells = cells
            .into_iter()
            .map(|((r, c), v)| {
                let r = if r >= from {
                    u32::try_from(i64::from(r) + by).expect("row")
                } else {
                    r
                };
                ((r, c), v)
            })
            .collect();
    }

    /// Saves the cells as a workbook (the framework id and version as properties, as written).
    fn save(&self, path: &Path) {
        let mut book = Workbook::new();
        let properties = DocProperties::new()
            .set_custom_property("framework-id", self.text(0, 10).as_str())
            .set_custom_property("framework-version", self.text(0, 11).as_str());
        book.set_properties(&properties);
        let sheet = book.add_worksheet();
        sheet.set_name(&self.sheet).expect("name");
        for ((r, c), value) in &self.cells {
            let c = u16::try_from(*c).expect("col");
            match value {
                Data::Float(v) => sheet.write_number(*r, c, *v),
                Data::Int(v) => sheet.write_number(*r, c, *v as f64),
                other => sheet.write_string(*r, c, other.to_string()),
            }
            .expect("cell");
        }
        book.save(path).expect("save");
    }
}

/// `评分细则!D23` for a 0-based row and column.
fn cell(row: u32, col: u32) -> String {
    let letter = char::from(b'A' + u8::try_from(col).expect("col"));
    format!("评分细则!{letter}{}", row + 1)
}

/// Writes the default 评分细则 into the test folder and reads it back.
fn rules(t: &Test) -> Rules {
    let run = t.run(&["indicators", "--xlsx", "评分细则.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    Rules::open(&t.path("评分细则.xlsx"))
}

fn original(name: &str) -> String {
    std::fs::read_to_string(repo().join("indicators/county-core").join(name)).expect("original")
}

/// The 1-based lines where two texts differ (they must have as many lines).
fn changed_lines(a: &str, b: &str) -> Vec<usize> {
    assert_eq!(a.lines().count(), b.lines().count(), "same number of lines");
    a.lines()
        .zip(b.lines())
        .enumerate()
        .filter(|(_, (x, y))| x != y)
        .map(|(i, _)| i + 1)
        .collect()
}

/// The 1-based line of `key = …` in the `[[section]]` whose code is `code`.
fn line_of(text: &str, section: &str, code: &str, key: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let header = format!("[[{section}]]");
    let start = (0..lines.len())
        .find(|&i| {
            lines[i] == format!("code = \"{code}\"")
                && lines[..i].iter().rev().find(|l| l.starts_with("[[")) == Some(&header.as_str())
        })
        .unwrap_or_else(|| panic!("{section} {code}"));
    start
        + lines[start..]
            .iter()
            .position(|l| l.starts_with(&format!("{key} = ")))
            .unwrap_or_else(|| panic!("{code}.{key}"))
        + 1
}

#[test]
fn an_edited_target_and_points_are_written_back_and_nothing_else() {
    let t = Test::new();
    let mut book = rules(&t);
    let (d1, d2) = (book.row("D1"), book.row("D2"));
    assert_eq!(book.text(d1, TARGET), "20");
    book.set(d1, TARGET, Data::Float(25.0));
    // a point moved from D2 to D1: dimension D keeps its 17
    book.set(d1, POINTS, Data::Float(6.0));
    book.set(d2, POINTS, Data::Float(3.0));
    book.save(&t.path("改.xlsx"));

    let run = t.run(&["indicators", "--from-xlsx", "改.xlsx", "--out", "县级评估"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "indicator.D1.points: 5 → 6 ({})\n\
             indicator.D1.target: 20 → 25 ({})\n\
             indicator.D2.points: 4 → 3 ({})\n\
             注意：indicator.D1.note「目标：每万人 20 人」仍写着原来的「20」，请在文件中核对\n\
             已将 3 处修改写入 县级评估\n",
            cell(d1, POINTS),
            cell(d1, TARGET),
            cell(d2, POINTS)
        )
    );

    // only those lines changed; comments, order and the other files are kept
    let before = original("framework.toml");
    let after = std::fs::read_to_string(t.path("县级评估/framework.toml")).expect("written");
    assert_eq!(
        changed_lines(&before, &after),
        vec![
            line_of(&before, "indicator", "D1", "points"),
            line_of(&before, "indicator", "D1", "target"),
            line_of(&before, "indicator", "D2", "points"),
        ]
    );
    assert!(after.contains("target = 25\ntarget-per-people = 10000\n"));
    assert!(after.starts_with("# 县级红十字会核心能力评估（默认评估体系）\n"));
    for name in ["units.toml", "fields.toml", "wuyou.toml"] {
        let written = std::fs::read_to_string(t.path("县级评估").join(name)).expect(name);
        assert_eq!(written, original(name), "{name}");
    }

    let check = t.run(&["indicators", "--check", "--indicators", "县级评估"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    let tree = t.run(&["indicators", "--indicators", "县级评估"]);
    assert!(
        tree.stdout
            .contains("    D1 当年培训取证救护员  6 分  [按完成比例]"),
        "{}",
        tree.stdout
    );
    assert!(
        tree.stdout.contains(
            "计分：目标 每万人25人 × 常住人口；完成率 = 实际 ÷ 目标；得分 = 6 × min(完成率, 100%)"
        ),
        "{}",
        tree.stdout
    );

    // the same workbook against the written files: nothing left to change
    let again = t.run(&[
        "indicators",
        "--from-xlsx",
        "改.xlsx",
        "--indicators",
        "县级评估",
        "--out",
        "县级评估",
    ]);
    assert_eq!(again.code, 0, "{}{}", again.stdout, again.stderr);
    assert_eq!(
        again.stdout,
        "细则中没有修改；评估体系已原样写入 县级评估\n"
    );
}

#[test]
fn tiers_caps_and_the_bonus_cap_are_written_back() {
    let t = Test::new();
    let mut book = rules(&t);
    let (b1, b2, x1, x4, g1) = (
        book.row("B1"),
        book.row("B2"),
        book.row("X1"),
        book.row("X4"),
        book.grade_row("优秀"),
    );
    assert_eq!(book.text(b1, TIERS), "60%:0.6；80%:0.8；100%:1");
    book.set(b1, TIERS, Data::String("50%:0.5；80%:0.8；100%:1".into()));
    // B2 has no cap written: the workbook shows the default 1
    assert_eq!(book.text(b2, CAP), "1");
    book.set(b2, CAP, Data::Float(0.8));
    book.set(x1, CAP, Data::Float(3.0));
    book.set(x4, CAP, Data::Float(3.0));
    // the 加分项 row carries the bonus cap
    book.set(x1 - 1, CAP, Data::Float(6.0));
    book.set(g1, POINTS, Data::Float(92.0));
    book.save(&t.path("改.xlsx"));

    let run = t.run(&["indicators", "--from-xlsx", "改.xlsx", "--out", "out"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "indicator.B1.tiers: 60%:0.6；80%:0.8；100%:1 → 50%:0.5；80%:0.8；100%:1 ({})\n\
             indicator.B2.cap: 1 → 0.8 ({})\n\
             framework.bonus-cap: 5 → 6 ({})\n\
             bonus.X1.max: 4 → 3 ({})\n\
             bonus.X4.max: — → 3 ({})\n\
             grade.优秀.min-score: 90 → 92 ({})\n\
             已将 6 处修改写入 out\n",
            cell(b1, TIERS),
            cell(b2, CAP),
            cell(x1 - 1, CAP),
            cell(x1, CAP),
            cell(x4, CAP),
            cell(g1, POINTS),
        )
    );
    let before = original("framework.toml");
    let after = std::fs::read_to_string(t.path("out/framework.toml")).expect("written");
    assert!(after.contains(
        "tiers = [\n  { at-least = 0.5, share = 0.5 },\n  { at-least = 0.8, share = 0.8 },\n"
    ));
    assert!(after.contains("method = \"target-ratio\"\ntarget = 0.5\ncap = 0.8\n\n"));
    assert!(after.contains("points = 1\nmax = 3\n\n[[bonus]]\ncode = \"X5\""));
    assert!(after.contains("bonus-cap = 6\n"));
    assert!(after.contains("min-score = 92\n"));
    // two lines more (the new keys), every other line kept
    let kept: Vec<&str> = after.lines().collect();
    let missing: Vec<&str> = before.lines().filter(|l| !kept.contains(l)).collect();
    assert_eq!(
        missing,
        vec![
            "bonus-cap = 5",
            "  { at-least = 0.6, share = 0.6 },",
            "max = 4",
            "min-score = 90"
        ]
    );
    assert_eq!(after.lines().count(), before.lines().count() + 2);
    let check = t.run(&["indicators", "--check", "--indicators", "out"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
}

#[test]
fn a_renamed_indicator_and_an_added_row_are_refused_with_their_cells() {
    let t = Test::new();
    let mut book = rules(&t);
    let (d1, d6) = (book.row("D1"), book.row("D6"));
    book.set(d1, NAME, Data::String("当年培训取证救护员（持证）".into()));
    book.insert_row(
        d6 + 1,
        &[
            (CODE, Data::String("D7".into())),
            (NAME, Data::String("心肺复苏普及".into())),
            (POINTS, Data::Float(1.0)),
        ],
    );
    // an edit elsewhere that maps: not written either
    let e1 = book.row("E1");
    book.set(e1, TARGET, Data::Float(30.0));
    book.save(&t.path("改.xlsx"));

    let run = t.run(&["indicators", "--from-xlsx", "改.xlsx", "--out", "out"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "{}: 「D1」的名称「当年培训取证救护员」被改为「当年培训取证救护员（持证）」：名称不能在细则中修改，请在评估体系文件中修改\n\
             {}: 新增的行（「D7」）无法写回：细则中不能增加行；新增指标请在评估体系文件中添加\n",
            cell(d1, NAME),
            cell(d6 + 1, CODE)
        )
    );
    assert_eq!(run.stderr, "细则中有 2 处修改无法写回；未写入任何文件\n");
    assert!(!t.path("out").exists(), "nothing written");
}

#[test]
fn a_changed_code_a_deleted_row_and_unreadable_values_are_refused() {
    let t = Test::new();
    let mut book = rules(&t);
    let (b1, c1, a2, d1) = (
        book.row("B1"),
        book.row("C1"),
        book.row("A2"),
        book.row("D1"),
    );
    book.set(c1, CODE, Data::String("C9".into()));
    book.set(d1, TARGET, Data::String("二十".into()));
    book.set(d1, POINTS, Data::Empty);
    book.set(b1, TIERS, Data::String("60%:0.6；80%-0.8".into()));
    // A2 is a checklist: it has no target
    book.set(a2, TARGET, Data::Float(5.0));
    let d3 = book.row("D3");
    book.delete_row(d3);
    book.save(&t.path("改.xlsx"));

    let run = t.run(&["indicators", "--from-xlsx", "改.xlsx", "--out", "out"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let expected = [
        format!(
            "{}: 「A2」没有“目标”，这一格应留空，现为「5」",
            cell(a2, TARGET)
        ),
        format!(
            "{}: indicator.B1.tiers：无法识别档次「60%:0.6；80%-0.8」（「80%-0.8」缺少门槛与比例之间的“:”）；应写成「门槛:比例」，以“；”分隔，如「60%:0.6；80%:0.8；100%:1」",
            cell(b1, TIERS)
        ),
        format!(
            "{}: 代码「C1」被改为「C9」：代码不能在细则中修改",
            cell(c1, CODE)
        ),
        format!(
            "{}: indicator.D1.points：不能为空；应填写如「5」",
            cell(d1, POINTS)
        ),
        format!(
            "{}: indicator.D1.target：「二十」不是数字；应填写数字，如「20」",
            cell(d1, TARGET)
        ),
        format!(
            "{}: 「D3」累计取证救护员占常住人口比例 的行被删除：细则中不能删除行；删除请在评估体系文件中进行",
            cell(d3, CODE)
        ),
    ];
    assert_eq!(run.stdout, expected.map(|l| l + "\n").concat());
    assert_eq!(run.stderr, "细则中有 6 处修改无法写回；未写入任何文件\n");
    assert!(!t.path("out").exists());
}

#[test]
fn points_moved_within_a_dimension_are_accepted_across_dimensions_a_mismatch() {
    let t = Test::new();
    let book = rules(&t);
    let (b5, b6, d1, e1) = (
        book.row("B5"),
        book.row("B6"),
        book.row("D1"),
        book.row("E1"),
    );

    let mut within = Rules::open(&t.path("评分细则.xlsx"));
    within.set(b5, POINTS, Data::Float(3.0));
    within.set(b6, POINTS, Data::Float(2.0));
    within.save(&t.path("within.xlsx"));
    let run = t.run(&["indicators", "--from-xlsx", "within.xlsx", "--out", "a"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "indicator.B5.points: 2.5 → 3 ({})\nindicator.B6.points: 2.5 → 2 ({})\n已将 2 处修改写入 a\n",
            cell(b5, POINTS),
            cell(b6, POINTS)
        )
    );

    let mut across = Rules::open(&t.path("评分细则.xlsx"));
    across.set(d1, POINTS, Data::Float(6.0));
    across.set(e1, POINTS, Data::Float(2.0));
    across.save(&t.path("across.xlsx"));
    let run = t.run(&["indicators", "--from-xlsx", "across.xlsx", "--out", "b"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let text = std::fs::read_to_string(t.path("b/framework.toml")).expect("written");
    assert_eq!(
        run.stdout,
        format!(
            "indicator.D1.points: 5 → 6 ({})\n\
             indicator.E1.points: 3 → 2 ({})\n\
             b/framework.toml:{}: dimension.D.points: 「D」下各项分值合计 18，与声明的 17 分不符\n\
             b/framework.toml:{}: dimension.E.points: 「E」下各项分值合计 7，与声明的 8 分不符\n",
            cell(d1, POINTS),
            cell(e1, POINTS),
            line_of(&text, "dimension", "D", "points"),
            line_of(&text, "dimension", "E", "points"),
        )
    );
    assert_eq!(
        run.stderr,
        "修改后的评估体系有 2 处问题（文件已写入 b）；请在细则中调平后重新写回\n"
    );
}

#[test]
fn the_next_run_scores_with_the_new_target() {
    let t = Test::new();
    copy_dir(&t, "samples/2023", "2023");
    copy_dir(&t, "samples/2022", "2022");
    let mut book = rules(&t);
    let d1 = book.row("D1");
    book.set(d1, TARGET, Data::Float(25.0));
    book.save(&t.path("改.xlsx"));
    let run = t.run(&["indicators", "--from-xlsx", "改.xlsx", "--out", "县级评估"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);

    let run = t.run(&[
        "run",
        "2023",
        "--indicators",
        "县级评估",
        "--export",
        "x.csv",
        "-o",
        "r.xlsx",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let csv = std::fs::read_to_string(t.path("x.csv")).expect("csv");
    // 正定县: 1173 certified in 2023, 549,321 residents (2020 census)
    let row: Vec<&str> = csv
        .lines()
        .find(|l| l.starts_with("2023,130123,正定县,indicator,D1,"))
        .expect("D1 of 正定县")
        .split(',')
        .collect();
    let value: f64 = row[6].parse().expect("value");
    let points: f64 = row[7].parse().expect("points");
    let target = 25.0 * 549_321.0 / 10_000.0;
    let expected = (5.0 * (value / target).min(1.0) * 100.0 + 0.5).floor() / 100.0;
    assert_eq!(value, 1173.0);
    // 5 × 1173 ÷ 1373.30 = 4.27 (with the old target of 20 per 10,000: 1098.64, full 5 points)
    assert_eq!(expected, 4.27);
    assert_eq!(points, expected, "{row:?}");
}

#[test]
fn files_changed_after_the_workbook_was_written_are_kept_and_conflicts_refused() {
    let t = Test::new();
    assert_eq!(t.run(&["init", "县级评估"]).code, 0);
    let run = t.run(&[
        "indicators",
        "--indicators",
        "县级评估",
        "--xlsx",
        "评分细则.xlsx",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // meanwhile D1's target is changed in the file
    t.edit(
        "县级评估/framework.toml",
        "target = 20\ntarget-per-people = 10000",
        "target = 22\ntarget-per-people = 10000",
    );
    let book = Rules::open(&t.path("评分细则.xlsx"));
    let (d1, d2) = (book.row("D1"), book.row("D2"));

    // the workbook changes D1 too: refused
    let mut both = Rules::open(&t.path("评分细则.xlsx"));
    both.set(d1, TARGET, Data::Float(25.0));
    both.set(d2, TARGET, Data::Float(450.0));
    both.save(&t.path("both.xlsx"));
    let args = |book: &'static str| {
        [
            "indicators",
            "--from-xlsx",
            book,
            "--indicators",
            "县级评估",
            "--out",
            "县级评估",
        ]
    };
    let run = t.run(&args("both.xlsx"));
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "{}: indicator.D1.target：生成细则后评估体系文件已由「20」改为「22」，细则中又改为「25」；请用现在的文件重新生成细则后再修改\n",
            cell(d1, TARGET)
        )
    );

    // only D2 changed in the workbook: written, and D1 keeps the file's 22
    let mut d2_only = Rules::open(&t.path("评分细则.xlsx"));
    d2_only.set(d2, TARGET, Data::Float(450.0));
    d2_only.save(&t.path("d2.xlsx"));
    let run = t.run(&args("d2.xlsx"));
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "indicator.D2.target: 400 → 450 ({})\n\
             注意：indicator.D2.note「目标：每万人 400 人次」仍写着原来的「400」，请在文件中核对\n\
             已将 1 处修改写入 县级评估\n",
            cell(d2, TARGET)
        )
    );
    let text = std::fs::read_to_string(t.path("县级评估/framework.toml")).expect("written");
    assert!(text.contains("target = 22\ntarget-per-people = 10000\nnote = \"目标：每万人 20 人\""));
    assert!(text.contains("target = 450\ntarget-per-people = 10000\n"));
}

#[test]
fn weights_of_a_weighted_mean_framework_in_an_english_workbook() {
    let t = Test::new();
    let framework = repo().join("indicators/examples/asem-chain-a.toml");
    let framework = framework.to_string_lossy();
    let run = t.run(&[
        "--lang",
        "en",
        "indicators",
        "--indicators",
        &framework,
        "--xlsx",
        "rules.xlsx",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut book = Rules::open(&t.path("rules.xlsx"));
    assert_eq!(book.sheet, "Scoring rules");
    assert_eq!(book.text(2, POINTS), "Weight");
    let (conn, lpi) = (book.row("Conn"), book.row("LPI"));
    book.set(conn, POINTS, Data::Float(2.0));
    book.set(lpi, POINTS, Data::Float(0.5));
    book.set(lpi, TARGET, Data::Float(3.0));
    book.save(&t.path("edited.xlsx"));

    let run = t.run(&[
        "--lang",
        "en",
        "indicators",
        "--from-xlsx",
        "edited.xlsx",
        "--indicators",
        &framework,
        "--out",
        "out",
    ]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "{}: `LPI` has no target here; leave the cell empty, found `3`\n",
            cell(lpi, TARGET).replace("评分细则", "Scoring rules")
        )
    );
    assert_eq!(
        run.stderr,
        "1 edit(s) in the workbook cannot be written back; nothing was written\n"
    );

    book.set(lpi, TARGET, Data::Empty);
    book.save(&t.path("edited.xlsx"));
    let run = t.run(&[
        "--lang",
        "en",
        "indicators",
        "--from-xlsx",
        "edited.xlsx",
        "--indicators",
        &framework,
        "--out",
        "out",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "dimension.Conn.weight: 1 → 2 ({})\nindicator.LPI.weight: 1 → 0.5 ({})\nwrote 2 change(s) to out\n",
            cell(conn, POINTS).replace("评分细则", "Scoring rules"),
            cell(lpi, POINTS).replace("评分细则", "Scoring rules")
        )
    );
    let before = std::fs::read_to_string(repo().join("indicators/examples/asem-chain-a.toml"))
        .expect("original");
    let after = std::fs::read_to_string(t.path("out/framework.toml")).expect("written");
    assert_eq!(
        changed_lines(&before, &after),
        vec![
            line_of(&before, "dimension", "Conn", "weight"),
            line_of(&before, "indicator", "LPI", "weight")
        ]
    );
}

#[test]
fn a_workbook_saved_again_by_libreoffice_reads_back_unchanged() {
    let t = Test::new();
    rules(&t);
    std::fs::create_dir_all(t.path("lo")).expect("folder");
    let Some(saved) = soffice_convert(&t.path("评分细则.xlsx"), "xlsx", &t.path("lo")) else {
        return;
    };
    let run = t.run(&[
        "indicators",
        "--from-xlsx",
        &saved.to_string_lossy(),
        "--out",
        "out",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "细则中没有修改；评估体系已原样写入 out\n");
}

#[test]
fn a_workbook_that_is_not_these_rules_exits_2() {
    let t = Test::new();
    // a county's submission, not a 评分细则
    let submission = repo().join("samples/2023/2023-正定县-核心能力评估填报表.xlsx");
    let run = t.run(&[
        "indicators",
        "--from-xlsx",
        &submission.to_string_lossy(),
        "--out",
        "out",
    ]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("不是 assess indicators --xlsx 写出的评分细则"),
        "{}",
        run.stderr
    );

    // the rules of another framework
    let asem = repo().join("indicators/examples/asem-chain-a.toml");
    let run = t.run(&[
        "indicators",
        "--indicators",
        &asem.to_string_lossy(),
        "--xlsx",
        "asem.xlsx",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = t.run(&["indicators", "--from-xlsx", "asem.xlsx", "--out", "out"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stderr,
        "错误：「asem.xlsx」不是按这个评估体系生成的细则：这份细则按评估体系「coinr-asem-chain-a」生成，不是现在的「sjz-county-core」；请用 --indicators 指定它的体系文件\n"
    );

    let run = t.run(&["indicators", "--from-xlsx", "nowhere.xlsx", "--out", "out"]);
    assert_eq!(run.code, 2);
    assert!(!t.path("out").exists());
}
