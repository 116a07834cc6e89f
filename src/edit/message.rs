//! The messages of the refusals and of the tier errors, in Chinese and English.

use crate::lang::Lang;

use super::{Refusal, RefusalKind, TierError};

impl Refusal {
    /// `评分细则!D23: …`.
    pub fn render(&self, lang: Lang) -> String {
        format!("{}: {}", self.cell, self.kind.message(lang))
    }
}

impl RefusalKind {
    /// The message in the chosen language: lowercase, values in backticks, what to do.
    pub fn message(&self, lang: Lang) -> String {
        use RefusalKind as K;
        match self {
            K::NewRow { text } => lang.pick(
                format!("新增的行（「{text}」）无法写回：细则中不能增加行；新增指标请在评估体系文件中添加"),
                format!("a row that was added (`{text}`) cannot be written back: add items in the framework files"),
            ),
            K::DeletedRow { code, name } => lang.pick(
                format!("「{code}」{name} 的行被删除：细则中不能删除行；删除请在评估体系文件中进行"),
                format!("the row of `{code}` {name} was deleted: remove items in the framework files"),
            ),
            K::CopiedRow { code } => lang.pick(
                format!("「{code}」的行出现了两次：细则中不能复制行"),
                format!("the row of `{code}` is there twice: rows cannot be copied"),
            ),
            K::UnknownItem { code } => lang.pick(
                format!("「{code}」不在评估体系文件中：请用现在的文件重新生成细则（assess indicators --xlsx）"),
                format!("`{code}` is not in the framework files: write the workbook again from them (assess indicators --xlsx)"),
            ),
            K::CodeChanged { from, to } => lang.pick(
                format!("代码「{from}」被改为「{to}」：代码不能在细则中修改"),
                format!("the code `{from}` was changed to `{to}`: codes cannot be changed in the workbook"),
            ),
            K::Renamed { code, from, to } => lang.pick(
                format!("「{code}」的名称「{from}」被改为「{to}」：名称不能在细则中修改，请在评估体系文件中修改"),
                format!("the name of `{code}` was changed from `{from}` to `{to}`: change names in the framework files"),
            ),
            K::NotNumber { key, text, example } => lang.pick(
                format!("{key}：「{text}」不是数字；应填写数字，如「{example}」"),
                format!("{key}: `{text}` is not a number; expected a number such as `{example}`"),
            ),
            K::Empty { key, example } => lang.pick(
                format!("{key}：不能为空；应填写如「{example}」"),
                format!("{key}: must not be empty; expected a value such as `{example}`"),
            ),
            K::NotApplicable { code, column, text } => lang.pick(
                format!("「{code}」没有“{column}”，这一格应留空，现为「{text}」"),
                format!("`{code}` has no {} here; leave the cell empty, found `{text}`", column_name_en(column)),
            ),
            K::BadTiers { key, text, reason, example } => lang.pick(
                format!("{key}：无法识别档次「{text}」（{}）；应写成「门槛:比例」，以“；”分隔，如「{example}」", reason.message(lang)),
                format!("{key}: cannot read the tiers `{text}` ({}); expected `threshold:share` separated by `；`, such as `{example}`", reason.message(lang)),
            ),
            K::Conflict { key, then, file, book } => lang.pick(
                format!("{key}：生成细则后评估体系文件已由「{then}」改为「{file}」，细则中又改为「{book}」；请用现在的文件重新生成细则后再修改"),
                format!("{key}: the framework files changed it from `{then}` to `{file}` after the workbook was written, and the workbook has `{book}`; write the workbook again and edit that"),
            ),
        }
    }
}

fn column_name_en(zh: &str) -> &'static str {
    match zh {
        "权重" => "weight",
        "分值" => "points",
        "目标" => "target",
        "目标按人口" => "target per people",
        "封顶" => "cap",
        _ => "tiers",
    }
}

impl TierError {
    pub fn message(&self, lang: Lang) -> String {
        use TierError as T;
        match self {
            T::None => lang.pick("没有任何档次", "no tier").into(),
            T::NoColon(p) => lang.pick(
                format!("「{p}」缺少门槛与比例之间的“:”"),
                format!("`{p}` has no `:` between threshold and share"),
            ),
            T::NotNumber(p) => lang.pick(
                format!("「{p}」中有不是数字的内容"),
                format!("`{p}` holds something that is not a number"),
            ),
            T::NeedsPercent(p) => lang.pick(
                format!("「{p}」：取值是比率，门槛写成百分数，如「80%」"),
                format!(
                    "`{p}`: the value is a share, write thresholds as percentages such as `80%`"
                ),
            ),
            T::NoPercent(p) => lang.pick(
                format!("「{p}」：取值不是比率，门槛不带 %"),
                format!("`{p}`: the value is not a share, write thresholds without %"),
            ),
            T::WrongSign(p) => lang.pick(
                format!("「{p}」：比较符号与指标方向不符"),
                format!("`{p}`: the comparison does not fit the indicator's direction"),
            ),
        }
    }
}
