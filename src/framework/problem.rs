//! Problems found in framework files: what is wrong, in which file, on which line, under which key.
//!
//! A [`Problem`] is data, not an error: loading collects every one of them so
//! that `assess indicators --check` can report all mistakes at once.

use std::fmt;

use crate::lang::Lang;

/// One mistake in a framework file.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The file as the user named it (or `<default>/…` for the embedded framework).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// Dotted key such as `indicator.B3.target`.
    pub key: String,
    pub kind: ProblemKind,
}

/// What is wrong. Each variant has one message in each language.
#[derive(Debug, Clone, PartialEq)]
pub enum ProblemKind {
    /// The file is not valid TOML.
    Syntax(String),
    /// A table could not be read into its expected shape (unknown key, wrong type).
    Shape(String),
    /// An included file could not be read.
    Unreadable(String),
    /// A top-level table that the format does not know.
    UnknownSection(String),
    /// The main file has no `[framework]` table.
    MissingFramework,
    /// A code defined twice; `first` is where it was first defined (`file:line`).
    Duplicate { code: String, first: String },
    /// A field code that no `[[field]]` defines.
    UnknownField(String),
    /// A dimension code that no `[[dimension]]` defines.
    UnknownDimension(String),
    /// An item code (dimension or indicator) that does not exist.
    UnknownItem(String),
    /// A text value outside its list of choices.
    BadChoice {
        value: String,
        expected: Vec<&'static str>,
    },
    /// Points under a node do not add up to the node's points.
    PointsMismatch {
        of: String,
        declared: String,
        sum: String,
    },
    /// A number that must be greater than zero.
    NotPositive(String),
    /// A city-confirmed figure for a field not marked `denominator = true`.
    NotDenominator(String),
    /// A city-confirmed figure that is not a whole number ≥ 0.
    NotCount(String),
    /// A unit's code or name that cannot be part of a file name (the
    /// templates' and feedback workbooks' names are made from it).
    UnsafeName {
        value: String,
        why: crate::file_name::Unsafe,
    },
    /// A number that must lie within a range.
    OutOfRange { value: String, range: String },
    /// Points with more than two decimals.
    TooPrecise(String),
    /// Tier thresholds not in ascending order.
    TiersNotAscending,
    /// Tier shares that fall as the tiers get better.
    TierSharesFalling,
    /// A tier with `at-least` where `at-most` is expected or the reverse.
    TierBound { expected: &'static str },
    /// A method that scores a unit against the other units, in `points` mode.
    RelativeInPoints(String),
    /// `missing` other than `zero` in `points` mode.
    SkipInPoints(String),
    /// The dimension parents form a cycle.
    Cycle(String),
    /// A key the method needs is missing.
    MissingKey { method: String, key: &'static str },
    /// A key that does not apply to the method.
    KeyNotForMethod { method: String, key: &'static str },
    /// `points` in `weighted-mean` mode or `weight` in `points` mode, or neither.
    PointsOrWeight {
        mode: &'static str,
        expected: &'static str,
    },
    /// A field used where another type is needed.
    FieldType {
        field: String,
        found: String,
        expected: &'static str,
    },
    /// A dimension without indicators or sub-dimensions.
    EmptyDimension(String),
    /// Grade bands not from best to worst.
    GradesNotDescending,
    /// Maturity levels not from the lowest (at 0) up.
    MaturityNotAscending,
    /// A unit without a population for the framework's years.
    NoPopulation,
    /// A population year that is not a year.
    BadYear(String),
    /// A cross-field rule that cannot be read.
    BadRule(super::check::RuleError),
    /// A date that is not `MM-DD`.
    BadMonthDay(String),
    /// `to-year` before `from-year`.
    YearsReversed,
    /// A `[framework]` key of the `weighted-mean` chain in a `points` framework.
    WeightedMeanOnly(String),
    /// A key that only means something together with another (`screen` needs `min-data-share`).
    KeyNeeds {
        key: &'static str,
        needs: &'static str,
    },
    /// A method that takes points off, in `weighted-mean` mode (no points there).
    PointsOnly(String),
}

impl Problem {
    /// The message alone, in the chosen language.
    pub fn message(&self, lang: Lang) -> String {
        self.kind.message(lang)
    }

    /// `file:line: key: message`, as printed by `assess indicators --check`.
    pub fn render(&self, lang: Lang) -> String {
        format!(
            "{}:{}: {}: {}",
            self.file,
            self.line,
            self.key,
            self.message(lang)
        )
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::Zh))
    }
}

impl ProblemKind {
    /// The message in the chosen language: lowercase, values in backticks, what was expected.
    #[allow(clippy::too_many_lines)] // one arm per kind keeps both languages side by side
    pub fn message(&self, lang: Lang) -> String {
        use ProblemKind as K;
        match self {
            K::Syntax(msg) => lang.pick(
                format!("TOML 语法错误：{msg}"),
                format!("TOML syntax error: {msg}"),
            ),
            K::Shape(msg) => lang.pick(
                format!("无法读取：{msg}"),
                format!("cannot be read: {msg}"),
            ),
            K::Unreadable(msg) => lang.pick(
                format!("无法读取引用的文件：{msg}"),
                format!("the included file cannot be read: {msg}"),
            ),
            K::UnknownSection(name) => lang.pick(
                format!("未知的表「{name}」；可用的表见 indicators/README.md"),
                format!("unknown table `{name}`; indicators/README.md lists the tables"),
            ),
            K::MissingFramework => lang.pick(
                "主文件缺少 [framework] 表（id、version、mode 等）".to_string(),
                "the main file has no [framework] table (id, version, mode …)".to_string(),
            ),
            K::Duplicate { code, first } => lang.pick(
                format!("代码「{code}」重复，已在 {first} 定义"),
                format!("duplicate code `{code}`, first defined at {first}"),
            ),
            K::UnknownField(code) => lang.pick(
                format!("未定义的字段「{code}」；请先在 [[field]] 中定义"),
                format!("unknown field `{code}`; define it in a [[field]] first"),
            ),
            K::UnknownDimension(code) => lang.pick(
                format!("未定义的维度「{code}」"),
                format!("unknown dimension `{code}`"),
            ),
            K::UnknownItem(code) => lang.pick(
                format!("未定义的维度或指标「{code}」"),
                format!("unknown dimension or indicator `{code}`"),
            ),
            K::BadChoice { value, expected } => lang.pick(
                format!("「{value}」不是可选值；可选：{}", expected.join("、")),
                format!("`{value}` is not allowed; expected one of: {}", expected.join(", ")),
            ),
            // `of` is a dimension's or a 五有 item's code, or "framework" (its dimensions)
            K::PointsMismatch { of, declared, sum } if of == "framework" => lang.pick(
                format!("各维度分值合计 {sum}，与声明的 {declared} 分不符"),
                format!("the dimensions' points add up to {sum}, not the declared {declared}"),
            ),
            K::PointsMismatch { of, declared, sum } => lang.pick(
                format!("「{of}」下各项分值合计 {sum}，与声明的 {declared} 分不符"),
                format!("the points under `{of}` add up to {sum}, not the declared {declared}"),
            ),
            K::NotPositive(value) => lang.pick(
                format!("必须大于 0，现为「{value}」"),
                format!("must be greater than 0, found `{value}`"),
            ),
            K::NotDenominator(field) => lang.pick(
                format!("字段 `{field}` 没有标记为分母（denominator = true），不能在单位名单中登记其数值"),
                format!("the field `{field}` is not marked `denominator = true`; the registry cannot hold its figure"),
            ),
            K::UnsafeName { value, why } => lang.pick(
                format!(
                    "「{value}」{}，不能用作文件名（填报表和反馈单的文件名由单位名称组成）；请改正",
                    why.describe(false)
                ),
                format!(
                    "`{value}` {}: it cannot be part of a file name (the templates' and feedback workbooks' names are made from it); correct it",
                    why.describe(true)
                ),
            ),
            K::NotCount(value) => lang.pick(
                format!("应为不小于 0 的整数，现为「{value}」"),
                format!("must be a whole number of at least 0, found `{value}`"),
            ),
            K::OutOfRange { value, range } => lang.pick(
                format!("「{value}」超出范围，应在 {range} 之间"),
                format!("`{value}` is out of range; expected {range}"),
            ),
            K::TooPrecise(value) => lang.pick(
                format!("分值「{value}」最多保留两位小数"),
                format!("points `{value}` have more than two decimals"),
            ),
            K::TiersNotAscending => lang.pick(
                "档次的门槛必须从低到高排列".to_string(),
                "tier thresholds must be listed in ascending order".to_string(),
            ),
            K::TierSharesFalling => lang.pick(
                "越好的档次得分比例不能越低".to_string(),
                "a better tier must not earn a smaller share".to_string(),
            ),
            K::TierBound { expected } => lang.pick(
                format!("每个档次应使用「{expected}」"),
                format!("each tier should use `{expected}`"),
            ),
            K::RelativeInPoints(method) => lang.pick(
                format!(
                    "方法「{method}」依赖其他单位的数据，不能用于 points 模式（得分须能由本单位自行核算）"
                ),
                format!(
                    "method `{method}` depends on the other units and cannot be used in points mode (a unit must be able to compute its own score)"
                ),
            ),
            K::SkipInPoints(value) => lang.pick(
                format!("points 模式下缺失值一律按 0 分计，不能设为「{value}」"),
                format!("in points mode a missing value scores 0; `{value}` is not allowed"),
            ),
            K::Cycle(path) => lang.pick(
                format!("维度的上级关系形成循环：{path}"),
                format!("the dimension parents form a cycle: {path}"),
            ),
            K::MissingKey { method, key } => lang.pick(
                format!("方法「{method}」需要设置「{key}」"),
                format!("method `{method}` needs `{key}`"),
            ),
            K::KeyNotForMethod { method, key } => lang.pick(
                format!("「{key}」不适用于方法「{method}」"),
                format!("`{key}` does not apply to method `{method}`"),
            ),
            K::PointsOrWeight { mode, expected } => lang.pick(
                format!("{mode} 模式下每项应设置「{expected}」"),
                format!("in {mode} mode each item needs `{expected}`"),
            ),
            K::FieldType {
                field,
                found,
                expected,
            } => lang.pick(
                format!("字段「{field}」的类型是「{found}」，这里需要「{expected}」"),
                format!("field `{field}` is of type `{found}`; `{expected}` is needed here"),
            ),
            K::EmptyDimension(code) => lang.pick(
                format!("维度「{code}」下没有任何指标"),
                format!("dimension `{code}` has no indicators"),
            ),
            K::GradesNotDescending => lang.pick(
                "等次应从高到低排列，分数线依次降低".to_string(),
                "grades must be listed from best to worst with falling minimum scores".to_string(),
            ),
            K::MaturityNotAscending => lang.pick(
                "成熟度等级应从低到高排列：最低一级 at-least = 0，其后每级的比例依次升高".to_string(),
                "maturity levels must be listed from the lowest (at-least = 0) up, each share above the one before".to_string(),
            ),
            K::NoPopulation => lang.pick(
                "缺少人口数（population），按人口计算的指标无法计算".to_string(),
                "no population given; per-capita indicators cannot be computed".to_string(),
            ),
            K::BadYear(value) => lang.pick(
                format!("「{value}」不是年份"),
                format!("`{value}` is not a year"),
            ),
            K::BadRule(why) => lang.pick(
                format!("无法理解的校验规则：{}；应形如「a + b <= c」", why.message(lang)),
                format!(
                    "cannot read the rule: {}; expected a form such as `a + b <= c`",
                    why.message(lang)
                ),
            ),
            K::BadMonthDay(value) => lang.pick(
                format!("「{value}」不是“月-日”格式的日期，应形如「12-01」"),
                format!("`{value}` is not a month-day date; expected a form such as `12-01`"),
            ),
            K::YearsReversed => lang.pick(
                "「to-year」早于「from-year」".to_string(),
                "`to-year` is before `from-year`".to_string(),
            ),
            K::WeightedMeanOnly(key) => lang.pick(
                format!("`{key}` 只用于 weighted-mean 模式，points 模式下不能写"),
                format!("`{key}` applies only in weighted-mean mode"),
            ),
            K::KeyNeeds { key, needs } => lang.pick(
                format!("写了「{key}」还须写「{needs}」，否则它不起作用"),
                format!("`{key}` has no effect without `{needs}`"),
            ),
            K::PointsOnly(method) => lang.pick(
                format!("方法「{method}」按分值扣分，只能用于 points 模式"),
                format!("method `{method}` takes off points and can only be used in points mode"),
            ),
        }
    }
}
