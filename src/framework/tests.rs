//! Every problem `assess indicators --check` can report, with its exact text,
//! and the facts the default framework must keep.

use super::*;
use crate::lang::Lang;

/// A small framework without mistakes: one unit, two fields, one dimension of
/// 10 points with two indicators (6 + 4).
const BASE: &str = r#"[framework]
id = "t"
version = "1"
name = "测试"
from-year = 2021
mode = "points"
total = 10

[[unit]]
code = "130123"
name = "正定县"
kind = "县"
population = { 2020 = 549321 }

[[field]]
code = "a"
name = "甲"
unit = "人"
type = "integer"

[[field]]
code = "b"
name = "乙"
unit = "人"
type = "integer"

[[dimension]]
code = "A"
name = "维度甲"
points = 10

[[indicator]]
code = "A1"
name = "指标一"
dimension = "A"
points = 6
field = "a"
method = "target-ratio"
target = 10

[[indicator]]
code = "A2"
name = "指标二"
dimension = "A"
points = 4
field = "b"
method = "tiers"
tiers = [{ at-least = 1, share = 0.5 }, { at-least = 2, share = 1.0 }]
"#;

/// The 1-based line of the first line of `text` that contains `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("`{needle}` not in the text"))
}

/// `BASE` with one replacement.
fn with(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "`{from}` not in BASE");
    BASE.replacen(from, to, 1)
}

fn problems(text: &str, lang: Lang) -> Vec<String> {
    match from_str("t.toml", text) {
        Ok(_) => Vec::new(),
        Err(problems) => problems.iter().map(|p| p.render(lang)).collect(),
    }
}

#[test]
fn base_is_clean() {
    let fw = from_str("t.toml", BASE).expect("clean");
    assert_eq!(fw.indicators.len(), 2);
    // 6 + 4 = 10 points, declared total 10
    assert_eq!(fw.total, Some(Points(1000)));
}

#[test]
fn syntax_error() {
    let text = with("name = \"甲\"", "name = \"甲");
    let line = line_of(&text, "name = \"甲");
    let got = problems(&text, Lang::Zh);
    assert_eq!(got.len(), 1);
    assert!(
        got[0].starts_with(&format!("t.toml:{line}: -: TOML 语法错误：")),
        "{got:?}"
    );
}

#[test]
fn unknown_key_in_a_table() {
    let text = with(
        "type = \"integer\"\n\n[[field]]\ncode = \"b\"",
        "type = \"integer\"\nmaximum = 5\n\n[[field]]\ncode = \"b\"",
    );
    let line = line_of(&text, "maximum");
    let got = problems(&text, Lang::En);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].starts_with(&format!(
            "t.toml:{line}: field.a: cannot be read: unknown field `maximum`"
        )),
        "{got:?}"
    );
}

#[test]
fn unknown_section_and_missing_framework() {
    let text = BASE.replace("[framework]", "[frame]");
    let got = problems(&text, Lang::Zh);
    assert_eq!(
        got,
        vec![
            "t.toml:1: frame: 未知的表「frame」；可用的表见 indicators/README.md".to_string(),
            "t.toml:1: framework: 主文件缺少 [framework] 表（id、version、mode 等）".to_string(),
        ]
    );
}

#[test]
fn duplicate_code() {
    let text = with("code = \"b\"", "code = \"a\"");
    let first = line_of(&text, "code = \"a\"");
    let second = first + 6; // the second field starts six lines after the first
    assert_eq!(text.lines().nth(second - 1), Some("code = \"a\""));
    let got = problems(&text, Lang::Zh);
    // the duplicate, and indicator A2 now names the undefined field `b`
    assert_eq!(
        got[0],
        format!("t.toml:{second}: field.a.code: 代码「a」重复，已在 t.toml:{first} 定义")
    );
    let a2 = line_of(&text, "field = \"b\"");
    assert_eq!(
        got[1],
        format!("t.toml:{a2}: indicator.A2.field: 未定义的字段「b」；请先在 [[field]] 中定义")
    );
    assert_eq!(got.len(), 2);
}

#[test]
fn unknown_dimension() {
    let text = with(
        "dimension = \"A\"\npoints = 4",
        "dimension = \"Z\"\npoints = 4",
    );
    let line = line_of(&text, "dimension = \"Z\"");
    assert_eq!(
        problems(&text, Lang::En),
        vec![format!(
            "t.toml:{line}: indicator.A2.dimension: unknown dimension `Z`"
        )]
    );
}

#[test]
fn empty_dimension() {
    let text = format!("{BASE}\n[[dimension]]\ncode = \"B\"\nname = \"乙\"\npoints = 0\n");
    let line = line_of(&text, "code = \"B\"") - 1;
    assert_eq!(
        problems(&text, Lang::Zh),
        vec![format!(
            "t.toml:{line}: dimension.B: 维度「B」下没有任何指标"
        )]
    );
}

#[test]
fn bad_unit_kind_lists_the_choices() {
    let text = with("kind = \"县\"", "kind = \"镇\"");
    let line = line_of(&text, "kind = \"镇\"");
    assert_eq!(
        problems(&text, Lang::Zh),
        vec![format!(
            "t.toml:{line}: unit.130123.kind: 「镇」不是可选值；可选：区、县、县级市、功能区"
        )]
    );
    assert_eq!(
        problems(&text, Lang::En),
        vec![format!(
            "t.toml:{line}: unit.130123.kind: `镇` is not allowed; expected one of: 区, 县, 县级市, 功能区"
        )]
    );
}

#[test]
fn points_that_do_not_add_up() {
    // 6 + 5 = 11 under a dimension of 10; the dimensions (10) still match the total (10)
    let text = with("points = 4", "points = 5");
    let line = line_of(&text, "points = 10");
    assert_eq!(
        problems(&text, Lang::Zh),
        vec![format!(
            "t.toml:{line}: dimension.A.points: 「A」下各项分值合计 11，与声明的 10 分不符"
        )]
    );
    // the declared total of the framework: 10 points of dimensions against 100 declared
    let text = with("total = 10", "total = 100");
    let line = line_of(&text, "total = 100");
    assert_eq!(
        problems(&text, Lang::En),
        vec![format!(
            "t.toml:{line}: framework.total: the dimensions' points add up to 10, not the declared 100"
        )]
    );
}

#[test]
fn target_not_positive() {
    let text = with("target = 10", "target = 0");
    let line = line_of(&text, "target = 0");
    assert_eq!(
        problems(&text, Lang::Zh),
        vec![format!(
            "t.toml:{line}: indicator.A1.target: 必须大于 0，现为「0」"
        )]
    );
}

#[test]
fn cap_above_one_in_points_mode() {
    let text = with("target = 10", "target = 10\ncap = 1.5");
    let line = line_of(&text, "cap = 1.5");
    assert_eq!(
        problems(&text, Lang::En),
        vec![format!(
            "t.toml:{line}: indicator.A1.cap: `1.5` is out of range; expected 0 … 1"
        )]
    );
}

#[test]
fn points_with_three_decimals() {
    let text = with("points = 6", "points = 5.995");
    let line = line_of(&text, "points = 5.995");
    assert_eq!(
        problems(&text, Lang::Zh),
        vec![format!(
            "t.toml:{line}: indicator.A1.points: 分值「5.995」最多保留两位小数"
        )]
    );
}

#[test]
fn tiers_not_ascending_and_shares_falling() {
    let text = with(
        "{ at-least = 1, share = 0.5 }, { at-least = 2, share = 1.0 }",
        "{ at-least = 2, share = 0.5 }, { at-least = 1, share = 1.0 }",
    );
    let line = line_of(&text, "tiers = ");
    assert_eq!(
        problems(&text, Lang::Zh),
        vec![format!(
            "t.toml:{line}: indicator.A2.tiers: 档次的门槛必须从低到高排列"
        )]
    );
    let text = with(
        "share = 0.5 }, { at-least = 2, share = 1.0",
        "share = 1.0 }, { at-least = 2, share = 0.5",
    );
    assert_eq!(
        problems(&text, Lang::En),
        vec![format!(
            "t.toml:{line}: indicator.A2.tiers: a better tier must not earn a smaller share"
        )]
    );
    let text = with(
        "{ at-least = 1, share = 0.5 }",
        "{ at-most = 1, share = 0.5 }",
    );
    assert_eq!(
        problems(&text, Lang::Zh),
        vec![format!(
            "t.toml:{line}: indicator.A2.tiers: 每个档次应使用「at-least」"
        )]
    );
}

#[test]
fn relative_method_in_points_mode() {
    let text = with(
        "method = \"target-ratio\"\ntarget = 10",
        "method = \"min-max\"",
    );
    let line = line_of(&text, "min-max");
    assert_eq!(
        problems(&text, Lang::Zh),
        vec![format!(
            "t.toml:{line}: indicator.A1.method: 方法「min-max」依赖其他单位的数据，不能用于 points 模式（得分须能由本单位自行核算）"
        )]
    );
}

#[test]
fn missing_skip_in_points_mode() {
    let text = with("total = 10", "total = 10\nmissing = \"skip\"");
    let line = line_of(&text, "missing = ");
    assert_eq!(
        problems(&text, Lang::En),
        vec![format!(
            "t.toml:{line}: framework.missing: in points mode a missing value scores 0; `skip` is not allowed"
        )]
    );
}

#[test]
fn cycle_of_dimensions() {
    let text = with(
        "points = 10\n",
        "points = 10\nparent = \"B\"\n\n[[dimension]]\ncode = \"B\"\nname = \"乙\"\nparent = \"A\"\npoints = 10\n\n[[indicator]]\ncode = \"B1\"\nname = \"b1\"\ndimension = \"B\"\npoints = 10\nfield = \"a\"\nmethod = \"target-ratio\"\ntarget = 1\n",
    );
    let line = line_of(&text, "points = 10") - 3;
    let got = problems(&text, Lang::Zh);
    assert!(
        got.contains(&format!(
            "t.toml:{line}: dimension.A.parent: 维度的上级关系形成循环：A → B → A"
        )),
        "{got:?}"
    );
}

#[test]
fn method_keys_missing_and_misplaced() {
    let text = with("target = 10", "tiers = [{ at-least = 1, share = 1.0 }]");
    let method = line_of(&text, "method = \"target-ratio\"");
    let tiers = line_of(&text, "tiers = [{ at-least = 1, share = 1.0 }]");
    assert_eq!(
        problems(&text, Lang::Zh),
        vec![
            format!("t.toml:{tiers}: indicator.A1.tiers: 「tiers」不适用于方法「target-ratio」"),
            format!("t.toml:{method}: indicator.A1.target: 方法「target-ratio」需要设置「target」"),
        ]
    );
}

#[test]
fn weight_in_points_mode() {
    let text = with("points = 6", "weight = 6");
    let line = line_of(&text, "weight = 6");
    let got = problems(&text, Lang::En);
    assert_eq!(
        got,
        vec![format!(
            "t.toml:{line}: indicator.A1: in points mode each item needs `points`"
        )]
    );
}

#[test]
fn field_of_the_wrong_type() {
    let text = with("type = \"integer\"", "type = \"text\"");
    let line = line_of(&text, "field = \"a\"");
    assert_eq!(
        problems(&text, Lang::Zh),
        vec![format!(
            "t.toml:{line}: indicator.A1.field: 字段「a」的类型是「text」，这里需要「integer/decimal/percent」"
        )]
    );
}

#[test]
fn grades_not_descending() {
    let text = format!(
        "{BASE}\n[[grade]]\nname = \"良好\"\nmin-score = 8\n\n[[grade]]\nname = \"优秀\"\nmin-score = 9\n"
    );
    let line = line_of(&text, "[[grade]]");
    assert_eq!(
        problems(&text, Lang::Zh),
        vec![format!(
            "t.toml:{line}: grade: 等次应从高到低排列，分数线依次降低"
        )]
    );
}

#[test]
fn maturity_levels_from_zero_up() {
    let level = |name: &str, share: &str| {
        format!("\n[[maturity]]\nname = \"{name}\"\nat-least = {share}\n")
    };
    let good = format!(
        "{BASE}{}{}{}",
        level("起步", "0"),
        level("发展", "0.4"),
        level("示范", "0.8")
    );
    let fw = from_str("t.toml", &good).expect("clean");
    // 0.5 reaches 发展 (0.4) but not 示范 (0.8); 0.8 exactly reaches 示范
    assert_eq!(
        fw.maturity_level(0.5).map(|m| m.name.as_str()),
        Some("发展")
    );
    assert_eq!(
        fw.maturity_level(0.8).map(|m| m.name.as_str()),
        Some("示范")
    );
    assert_eq!(
        fw.maturity_level(0.0).map(|m| m.name.as_str()),
        Some("起步")
    );
    for bad in [
        format!("{BASE}{}{}", level("发展", "0.4"), level("起步", "0")),
        format!("{BASE}{}{}", level("发展", "0.4"), level("示范", "0.8")),
    ] {
        let line = line_of(&bad, "[[maturity]]");
        assert_eq!(
            problems(&bad, Lang::Zh),
            vec![format!(
                "t.toml:{line}: maturity: 成熟度等级应从低到高排列：最低一级 at-least = 0，其后每级的比例依次升高"
            )]
        );
    }
    let over = format!("{BASE}{}", level("起步", "1.5"));
    assert_eq!(
        problems(&over, Lang::Zh).len(),
        1,
        "{:?}",
        problems(&over, Lang::Zh)
    );
}

#[test]
fn unit_without_population_when_per_capita_is_used() {
    let text = with("population = { 2020 = 549321 }", "")
        .replace("target = 10", "target = 10\ntarget-per-people = 10000");
    let line = line_of(&text, "[[unit]]");
    assert_eq!(
        problems(&text, Lang::En),
        vec![format!(
            "t.toml:{line}: unit.130123.population: no population given; per-capita indicators cannot be computed"
        )]
    );
}

#[test]
fn bad_population_year() {
    let text = with("{ 2020 = 549321 }", "{ 2020 = 549321, census = 1 }");
    let line = line_of(&text, "census");
    assert_eq!(
        problems(&text, Lang::Zh),
        vec![format!(
            "t.toml:{line}: unit.130123.population.census: 「census」不是年份"
        )]
    );
}

#[test]
fn unreadable_rule() {
    let text = format!("{BASE}\n[[rule]]\ncheck = \"a plus b\"\n");
    let line = line_of(&text, "a plus b");
    assert_eq!(
        problems(&text, Lang::Zh),
        vec![format!(
            "t.toml:{line}: rule.check: 无法理解的校验规则：「a plus b」中没有比较符号（<=、<、>=、>、==）；应形如「a + b <= c」"
        )]
    );
    let text = format!("{BASE}\n[[rule]]\ncheck = \"a <= c\"\n");
    assert_eq!(
        problems(&text, Lang::En),
        vec![format!(
            "t.toml:{line}: rule.check: unknown field `c`; define it in a [[field]] first"
        )]
    );
}

#[test]
fn bad_period_dates() {
    let text = format!(
        "{}\n[period]\nstart = \"12-01\"\nend = \"11-31\"\ndeadline = \"12-15\"\n",
        BASE
    );
    let line = line_of(&text, "11-31");
    assert_eq!(
        problems(&text, Lang::Zh),
        vec![format!(
            "t.toml:{line}: period.end: 「11-31」不是“月-日”格式的日期，应形如「12-01」"
        )]
    );
}

#[test]
fn years_reversed_and_unknown_tie_break() {
    let text = with(
        "from-year = 2021",
        "from-year = 2021\nto-year = 2020\ntie-break = [\"Q\"]",
    );
    let to = line_of(&text, "to-year");
    let tie = line_of(&text, "tie-break");
    assert_eq!(
        problems(&text, Lang::En),
        vec![
            format!("t.toml:{to}: framework.to-year: `to-year` is before `from-year`"),
            format!("t.toml:{tie}: framework.tie-break: unknown dimension or indicator `Q`"),
        ]
    );
}

#[test]
fn missing_include_is_reported_at_its_line() {
    let text = with("total = 10", "total = 10\ninclude = [\"units.toml\"]");
    let line = line_of(&text, "include");
    assert_eq!(
        problems(&text, Lang::Zh),
        vec![format!(
            "t.toml:{line}: framework.include: 无法读取引用的文件：`units.toml`: not embedded"
        )]
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    // five different mistakes in one file: all five come back
    let text = BASE
        .replace("kind = \"县\"", "kind = \"镇\"")
        .replace("code = \"b\"", "code = \"a\"")
        .replace("target = 10", "target = -1")
        .replace(
            "{ at-least = 1, share = 0.5 }, { at-least = 2",
            "{ at-least = 3, share = 0.5 }, { at-least = 2",
        )
        .replace("[[dimension]]", "[[dimension]]\nparent = \"A\"");
    let got = problems(&text, Lang::Zh);
    let keys: Vec<&str> = got
        .iter()
        .map(|p| p.split(": ").nth(1).unwrap_or(""))
        .collect();
    assert!(keys.contains(&"unit.130123.kind"), "{got:?}");
    assert!(keys.contains(&"field.a.code"), "{got:?}");
    assert!(keys.contains(&"indicator.A1.target"), "{got:?}");
    assert!(keys.contains(&"indicator.A2.tiers"), "{got:?}");
    assert!(keys.contains(&"dimension.A.parent"), "{got:?}");
}

// ── the default framework ──────────────────────────────────────────────

#[test]
fn default_framework_is_clean() {
    let fw = load(None).expect("the embedded default framework checks clean");
    assert_eq!(fw.mode, Mode::Points);
    assert_eq!(fw.units.len(), 21);
}

#[test]
fn default_units_add_up_to_the_census() {
    let fw = load(None).expect("default");
    // 7th census (2020) resident population of the 21 units
    assert_eq!(fw.population_total(2020), 10_279_636);
    assert_eq!(fw.unit("正定县").map(|u| u.code.as_str()), Some("130123"));
    assert_eq!(fw.unit("藁城市").map(|u| u.name.as_str()), Some("藁城区"));
}

#[test]
fn units_are_found_by_code_name_or_former_name_also_in_a_copy() {
    let fw = load(None).expect("default");
    // 130109 is 藁城区, formerly 藁城市; 130123 is 正定县
    assert_eq!(fw.unit("130109").map(|u| u.name.as_str()), Some("藁城区"));
    assert_eq!(fw.unit("藁城区").map(|u| u.code.as_str()), Some("130109"));
    assert_eq!(fw.unit("藁城市").map(|u| u.code.as_str()), Some("130109"));
    assert_eq!(fw.unit("正定"), None);
    assert_eq!(fw.unit(""), None);
    // a copy made after the look-up table was built finds the same, and
    // compares equal to the original
    let copy = fw.clone();
    assert_eq!(copy.unit("130123").map(|u| u.name.as_str()), Some("正定县"));
    assert_eq!(copy, fw);
}

#[test]
fn default_dimensions_add_up_to_100() {
    let fw = load(None).expect("default");
    let points: Vec<(String, String)> = fw
        .top_dimensions()
        .map(|d| (d.name.clone(), d.points.unwrap_or_default().to_string()))
        .collect();
    let expected = [
        ("党的建设与自身建设", "10"),
        ("组织建设", "15"),
        ("应急救援", "8"),
        ("应急救护", "17"),
        ("人道救助", "8"),
        ("三献", "17"),
        ("资源动员", "10"),
        ("公开透明", "10"),
        ("宣传与信息", "5"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(n, p)| ((*n).to_string(), (*p).to_string()))
        .collect();
    assert_eq!(points, expected);
    // 10 + 15 + 8 + 17 + 8 + 17 + 10 + 10 + 5 = 100
    let sum: Points = fw.top_dimensions().filter_map(|d| d.points).sum();
    assert_eq!(sum, Points(10_000));
    assert_eq!(fw.total, Some(Points(10_000)));
    assert_eq!(fw.bonus_cap, Some(Points(500)));
}

#[test]
fn default_uses_only_absolute_methods() {
    let fw = load(None).expect("default");
    for i in &fw.indicators {
        assert!(
            !Method::is_relative(i.method.name()),
            "{} is relative",
            i.code
        );
    }
}

#[test]
fn identity_ignores_formatting() {
    let a = from_str("t.toml", BASE).expect("clean");
    let reformatted = BASE
        .replace("\n\n", "\n\n# a comment\n\n")
        .replace(" = ", "=");
    let b = from_str("t.toml", &reformatted).expect("clean");
    assert_eq!(a.identity(), b.identity());
    let changed = from_str("t.toml", &with("target = 10", "target = 11")).expect("clean");
    assert_ne!(a.identity(), changed.identity());
}

#[test]
fn points_parse_exactly() {
    assert_eq!(Points::from_f64(2.5), Some(Points(250)));
    assert_eq!(Points::from_f64(0.1), Some(Points(10)));
    assert_eq!(Points::from_f64(89.995), None);
    assert_eq!(Points(250).to_string(), "2.5");
    assert_eq!(Points(1000).to_string(), "10");
    assert_eq!(Points(25).to_string(), "0.25");
}

#[test]
fn a_byte_order_mark_is_accepted() {
    // Notepad on Windows saves UTF-8 with a BOM
    let text = format!("\u{feff}{BASE}");
    let fw = from_str("t.toml", &text).expect("clean");
    assert_eq!(fw.id, "t");
    let broken = format!("\u{feff}{}", with("target = 10", "target = 0"));
    let line = line_of(&broken, "target = 0");
    assert_eq!(
        problems(&broken, Lang::Zh),
        vec![format!(
            "t.toml:{line}: indicator.A1.target: 必须大于 0，现为「0」"
        )]
    );
}

#[test]
fn group_mean_in_points_mode() {
    let text = with("total = 10", "total = 10\nmissing = \"group-mean\"");
    let line = line_of(&text, "missing = ");
    assert_eq!(
        problems(&text, Lang::Zh),
        vec![format!(
            "t.toml:{line}: framework.missing: points 模式下缺失值一律按 0 分计，不能设为「group-mean」"
        )]
    );
}

#[test]
fn rules_read_names_with_hyphens_and_operators_without_spaces() {
    let (left, cmp, right) = super::check::parse_rule("a+b - wuyou-met<=c-2").expect("parses");
    assert_eq!(cmp, Comparison::Le);
    assert_eq!(
        left,
        vec![
            Term::Field {
                code: "a".into(),
                negative: false
            },
            Term::Field {
                code: "b".into(),
                negative: false
            },
            Term::Field {
                code: "wuyou-met".into(),
                negative: true
            },
        ]
    );
    assert_eq!(
        right,
        vec![
            Term::Field {
                code: "c".into(),
                negative: false
            },
            Term::Number(-2.0)
        ]
    );
}

/// A small `weighted-mean` framework without mistakes: two indicators, one
/// normalised by the default, one by goalposts.
const WM: &str = r#"[framework]
id = "w"
version = "1"
name = "加权"
from-year = 2021
mode = "weighted-mean"

[[field]]
code = "a"
name = "甲"
type = "decimal"

[[field]]
code = "b"
name = "乙"
type = "decimal"

[[dimension]]
code = "A"
name = "维度甲"

[[indicator]]
code = "A1"
name = "指标一"
dimension = "A"
field = "a"
divide-by = "b"

[[indicator]]
code = "A2"
name = "指标二"
dimension = "A"
weight = 2
field = "b"
method = "goalposts"
low = 0
high = 4
direction = "lower"
"#;

/// `WM` with lines added to `[framework]`.
fn wm_with(lines: &str) -> String {
    WM.replacen(
        "mode = \"weighted-mean\"\n",
        &format!("mode = \"weighted-mean\"\n{lines}\n"),
        1,
    )
}

#[test]
fn weighted_mean_defaults_are_coinr_s() {
    let fw = from_str("t.toml", WM).expect("clean");
    let c = fw.composite.expect("weighted-mean settings");
    assert_eq!(c, Composite::default());
    assert_eq!(c.normalise, Method::MinMax);
    assert_eq!(c.range, (0.0, 100.0));
    assert_eq!((c.screen, c.outliers, c.impute_group), (None, None, None));
    assert_eq!(fw.missing, Missing::Skip);
    // an indicator without `method` takes the default
    assert_eq!(fw.indicators[0].method, Method::MinMax);
    assert_eq!(fw.indicators[0].value.divide_by.as_deref(), Some("b"));
    assert_eq!(fw.indicators[1].weight, Some(2.0));
    assert_eq!(fw.indicators[1].direction, Direction::Lower);
    // points frameworks carry no such settings, and their identity does not mention them
    let points = from_str("t.toml", BASE).expect("clean");
    assert_eq!(points.composite, None);
    assert!(
        !serde_json::to_string(&points)
            .expect("json")
            .contains("composite")
    );
}

#[test]
fn weighted_mean_keys_are_read() {
    let text = wm_with(
        "missing = \"group-mean\"\nimpute-group = \"EurAsia_group\"\nmin-data-share = 0.9\nscreen = \"after-impute\"\ntreat-outliers = true\nskew-limit = 2.25\nkurtosis-limit = 3\nwinsorise-max = 3\noutlier-fallback = \"none\"\nnormalise = \"percentile-rank\"\nnormalise-range = [1, 10]",
    );
    let fw = from_str("t.toml", &text).expect("clean");
    let c = fw.composite.expect("weighted-mean settings");
    assert_eq!(fw.missing, Missing::GroupMean);
    assert_eq!(c.impute_group.as_deref(), Some("EurAsia_group"));
    assert_eq!(
        c.screen,
        Some(Screen {
            min_share: 0.9,
            order: ScreenOrder::AfterImpute
        })
    );
    assert_eq!(
        c.outliers,
        Some(Outliers {
            skew_limit: 2.25,
            kurtosis_limit: 3.0,
            winsorise_max: 3,
            fallback: OutlierFallback::None
        })
    );
    assert_eq!(c.normalise, Method::PercentileRank);
    assert_eq!(c.range, (1.0, 10.0));
    assert_eq!(fw.indicators[0].method, Method::PercentileRank);
    // the limits default to COINr's; screening defaults to before imputation
    let fw = from_str(
        "t.toml",
        &wm_with("treat-outliers = true\nmin-data-share = 0.5"),
    )
    .expect("clean");
    let c = fw.composite.expect("settings");
    assert_eq!(c.outliers, Some(Outliers::COINR));
    assert_eq!(c.screen.map(|s| s.order), Some(ScreenOrder::BeforeImpute));
}

#[test]
fn weighted_mean_keys_in_points_mode() {
    let text = with(
        "total = 10",
        "total = 10\ntreat-outliers = true\nnormalise = \"min-max\"",
    );
    let (a, b) = (
        line_of(&text, "treat-outliers"),
        line_of(&text, "normalise"),
    );
    assert_eq!(
        problems(&text, Lang::Zh),
        vec![
            format!(
                "t.toml:{a}: framework.treat-outliers: `treat-outliers` 只用于 weighted-mean 模式，points 模式下不能写"
            ),
            format!(
                "t.toml:{b}: framework.normalise: `normalise` 只用于 weighted-mean 模式，points 模式下不能写"
            ),
        ]
    );
    assert_eq!(
        problems(&text, Lang::En)[0],
        format!(
            "t.toml:{a}: framework.treat-outliers: `treat-outliers` applies only in weighted-mean mode"
        )
    );
}

#[test]
fn weighted_mean_keys_that_need_another() {
    let text = wm_with(
        "impute-group = \"片区\"\nscreen = \"after-impute\"\nwinsorise-max = 3\ntreat-outliers = false",
    );
    let (g, s, w) = (
        line_of(&text, "impute-group"),
        line_of(&text, "screen"),
        line_of(&text, "winsorise-max"),
    );
    assert_eq!(
        problems(&text, Lang::Zh),
        vec![
            format!(
                "t.toml:{g}: framework.impute-group: 写了「impute-group」还须写「missing = \"group-mean\"」，否则它不起作用"
            ),
            format!(
                "t.toml:{s}: framework.screen: 写了「screen」还须写「min-data-share」，否则它不起作用"
            ),
            format!(
                "t.toml:{w}: framework.winsorise-max: 写了「winsorise-max」还须写「treat-outliers = true」，否则它不起作用"
            ),
        ]
    );
    assert_eq!(
        problems(&text, Lang::En)[1],
        format!("t.toml:{s}: framework.screen: `screen` has no effect without `min-data-share`")
    );
}

#[test]
fn weighted_mean_values_out_of_range_and_bad_choices() {
    let text = wm_with(
        "min-data-share = 1.5\nscreen = \"later\"\ntreat-outliers = true\nskew-limit = 0\nwinsorise-max = -1\noutlier-fallback = \"sqrt\"\nnormalise = \"goalposts\"\nnormalise-range = [100, 0]",
    );
    let line = |needle: &str| line_of(&text, needle);
    assert_eq!(
        problems(&text, Lang::En),
        vec![
            format!(
                "t.toml:{}: framework.min-data-share: `1.5` is out of range; expected 0 … 1",
                line("min-data-share")
            ),
            format!(
                "t.toml:{}: framework.screen: `later` is not allowed; expected one of: before-impute, after-impute",
                line("screen")
            ),
            format!(
                "t.toml:{}: framework.skew-limit: must be greater than 0, found `0`",
                line("skew-limit")
            ),
            format!(
                "t.toml:{}: framework.winsorise-max: `-1` is out of range; expected 0 …",
                line("winsorise-max")
            ),
            format!(
                "t.toml:{}: framework.outlier-fallback: `sqrt` is not allowed; expected one of: log, none",
                line("outlier-fallback")
            ),
            format!(
                "t.toml:{}: framework.normalise: `goalposts` is not allowed; expected one of: min-max, z-score, rank, percentile-rank",
                line("normalise =")
            ),
            format!(
                "t.toml:{}: framework.normalise-range: `0` is out of range; expected > 100",
                line("normalise-range")
            ),
        ]
    );
    // a range is two numbers
    let text = wm_with("normalise-range = [0, 50, 100]");
    let got = problems(&text, Lang::En);
    assert_eq!(
        got,
        vec![format!(
            "t.toml:{}: framework.normalise-range: cannot be read: invalid length 3, expected an array of length 2",
            line_of(&text, "normalise-range")
        )]
    );
}

#[test]
fn deduction_in_weighted_mean_mode() {
    let text = WM.replacen(
        "method = \"goalposts\"\nlow = 0\nhigh = 4",
        "method = \"deduction\"\nper-occurrence = 1",
        1,
    );
    let line = line_of(&text, "\"deduction\"");
    assert_eq!(
        problems(&text, Lang::Zh),
        vec![format!(
            "t.toml:{line}: indicator.A2.method: 方法「deduction」按分值扣分，只能用于 points 模式"
        )]
    );
    assert_eq!(
        problems(&text, Lang::En),
        vec![format!(
            "t.toml:{line}: indicator.A2.method: method `deduction` takes off points and can only be used in points mode"
        )]
    );
}

#[test]
fn method_is_required_in_points_mode() {
    let text = with("method = \"target-ratio\"\ntarget = 10\n", "");
    let line = line_of(&text, "code = \"A1\"") - 1;
    assert_eq!(
        problems(&text, Lang::En),
        vec![format!(
            "t.toml:{line}: indicator.A1: cannot be read: missing field `method`"
        )]
    );
}

#[test]
fn grades_read_as_words_and_the_lowest_band_as_the_rest() {
    let fw = load(None).expect("the default framework");
    let words: Vec<String> = fw
        .grades
        .iter()
        .map(|g| describe::grade_words(g, Lang::Zh))
        .collect();
    // the default framework: 优秀 ≥ 90 (30 % quota, no veto, ≤ 2 deducted), 良好 ≥ 80 (no veto), 合格 ≥ 70, 不合格 the rest
    assert_eq!(
        words,
        [
            "优秀 ≥ 90 分，不超过参评单位的 30%，无一票否决事项，扣分不超过 2 分",
            "良好 ≥ 80 分，无一票否决事项",
            "合格 ≥ 70 分",
            "不合格：未达到以上等次",
        ]
    );
    // methods in words where people read them; the TOML name stays what the files say
    let a1 = fw.indicators.iter().find(|i| i.code == "A1").expect("A1");
    assert_eq!(a1.method.label(Lang::Zh), "按完成比例");
    assert_eq!(a1.method.name(), "target-ratio");
}
