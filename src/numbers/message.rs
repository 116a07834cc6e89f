//! The messages: what the office is told of a [`Note`] and of a [`Refusal`],
//! in Chinese or English, quoting what was typed. Nothing is read here.

use crate::framework::FieldType;
use crate::lang::Lang;

use super::{Expected, Note, Refusal, Rewrite};

impl Expected {
    fn what(&self, lang: Lang) -> &'static str {
        match self.kind {
            FieldType::Integer => lang.pick("整数", "a whole number"),
            FieldType::Percent => lang.pick("百分比", "a percentage"),
            _ => lang.pick("数字", "a number"),
        }
    }
}

/// The accepted ways to write yes and no, for messages.
const YES_NO_ACCEPTED: &str = "√/×、✓/✗、有/无、Y/N、yes/no、TRUE/FALSE、1/0";
const YES_NO_ACCEPTED_EN: &str = "√/×, ✓/✗, 有/无, Y/N, yes/no, TRUE/FALSE and 1/0";

impl Note {
    /// The sentence for the office (the caller puts the file and cell in front).
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Note::Number { typed, shown, how } if how.contains(&Rewrite::Invisible) => {
                let q = quote(typed, lang);
                let shown = shown.get(lang);
                let sp = space_after(shown);
                lang.pick(
                    format!("{q}按 {shown}{sp}读取（已删去数字中的不可见字符或不换行空格，多为从网页或聊天中复制带来的）"),
                    format!("{q} read as {shown} (zero-width characters or non-breaking spaces inside the number removed; they come with text copied from a web page or a chat)"),
                )
            }
            Note::Number { typed, shown, .. } | Note::NoneAsZero { typed, shown } => {
                let q = quote(typed, lang);
                let shown = shown.get(lang);
                let sp = space_after(shown);
                lang.pick(
                    format!("{q}按 {shown}{sp}读取"),
                    format!("{q} read as {shown}"),
                )
            }
            Note::YesNo { typed, value } => {
                let q = quote(typed, lang);
                let (zh, en) = if *value {
                    ("是", "是 (yes)")
                } else {
                    ("否", "否 (no)")
                };
                lang.pick(format!("{q}按“{zh}”读取"), format!("{q} read as {en}"))
            }
            Note::DateText { typed, date } => {
                let q = quote(typed, lang);
                lang.pick(
                    format!("{q}是文字，按日期 {date} 读取"),
                    format!("{q} is text; read as the date {date}"),
                )
            }
            Note::Formula { formula, stored } => {
                let (f, v) = (quote(formula, lang), quote(stored, lang));
                lang.pick(
                    format!("公式{f}按文件中保存的结果{v}读取"),
                    format!("formula {f} read from its stored result {v}"),
                )
            }
        }
    }
}

impl Refusal {
    /// The sentence for the office (the caller puts the file and cell in front).
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Refusal::NotANumber { typed, expected: x } => {
                let (q, what, ex) = (quote(typed, lang), x.what(lang), &x.example);
                lang.pick(
                    format!("{q}不是数字；请填写{what}，如 {ex}"),
                    format!("{q} is not a number; write {what} such as {ex}"),
                )
            }
            Refusal::Approximate { typed, expected: x } => {
                let (q, what, ex) = (quote(typed, lang), x.what(lang), &x.example);
                lang.pick(
                    format!("{q}不是确切的数字；请填写{what}，如 {ex}"),
                    format!("{q} is not an exact number; write {what} such as {ex}"),
                )
            }
            Refusal::Range { typed, expected: x } => {
                let (q, what, ex) = (quote(typed, lang), x.what(lang), &x.example);
                lang.pick(
                    format!("{q}是一个范围，不是确切的数字；请填写一个确切的{what}，如 {ex}"),
                    format!(
                        "{q} is a range, not an exact number; \
                         write one exact value, {what} such as {ex}"
                    ),
                )
            }
            Refusal::Several { typed, expected: x } => {
                let (q, what, ex) = (quote(typed, lang), x.what(lang), &x.example);
                lang.pick(
                    format!("{q}含有多个数字；请只填写一个{what}，如 {ex}"),
                    format!("{q} holds more than one number; write just one, {what} such as {ex}"),
                )
            }
            Refusal::ChineseNumerals { typed, expected: x } => {
                let (q, what, ex) = (quote(typed, lang), x.what(lang), &x.example);
                lang.pick(
                    format!("{q}用了汉字数字；请用阿拉伯数字填写{what}，如 {ex}"),
                    format!(
                        "{q} is written in Chinese numerals; write {what} in digits, such as {ex}"
                    ),
                )
            }
            Refusal::BadSeparators { typed, expected: x } => {
                let (q, what, ex) = (quote(typed, lang), x.what(lang), &x.example);
                lang.pick(
                    format!("{q}中的逗号不是千位分隔符；请填写不带逗号的{what}，如 {ex}"),
                    format!(
                        "{q} has a comma that is not a thousands separator; \
                         write {what} without commas, such as {ex}"
                    ),
                )
            }
            Refusal::NotWhole { typed, value, unit } => {
                let q = quote(typed, lang);
                let unit = unit.get(lang);
                let (zh_is, en_is) = if typed == value {
                    (String::new(), " is".to_string())
                } else {
                    (format!("即 {value}，"), format!(" is {value},"))
                };
                let (zh_unit, en_unit) = if unit.is_empty() {
                    (String::new(), String::new())
                } else {
                    (format!("（单位：{unit}）"), format!(" in {unit}"))
                };
                lang.pick(
                    format!("{q}{zh_is}不是整数；请填写整数{zh_unit}"),
                    format!("{q}{en_is} not a whole number; write a whole number{en_unit}"),
                )
            }
            Refusal::Negative { typed } => {
                let q = quote(typed, lang);
                lang.pick(
                    format!("{q}是负数；本栏不能为负，请填写 0 或正数"),
                    format!("{q} is negative; this value cannot be below 0, write 0 or more"),
                )
            }
            Refusal::WrongUnit {
                typed,
                found,
                expected: x,
            } => {
                let (q, what, ex, unit) = (
                    quote(typed, lang),
                    x.what(lang),
                    &x.example,
                    x.unit.get(lang),
                );
                if unit.is_empty() {
                    lang.pick(
                        format!("{q}带有单位“{found}”；本栏只填{what}，不带单位，如 {ex}"),
                        format!(
                            "{q} carries the unit {found}; \
                             write {what} without a unit, such as {ex}"
                        ),
                    )
                } else {
                    lang.pick(
                        format!(
                            "{q}的单位是“{found}”，本栏的单位是“{unit}”；\
                             请填写以{unit}计的{what}，如 {ex}"
                        ),
                        format!(
                            "{q} is in {found}, but this field is in {unit}; \
                             write {what} in {unit} such as {ex}"
                        ),
                    )
                }
            }
            Refusal::PercentOver100 { typed, value } => {
                let q = quote(typed, lang);
                lang.pick(
                    format!("{q}大于 100，不能确定是不是百分数；如果是 {value}%，请填写 {value}%"),
                    format!(
                        "{q} is above 100 and may not be a percentage; \
                         if you mean {value}%, write {value}%"
                    ),
                )
            }
            Refusal::NoneWord { typed } => {
                let q = quote(typed, lang);
                lang.pick(
                    format!("{q}不是数字；如果没有，请填写 0"),
                    format!("{q} is not a number; write 0 if there were none"),
                )
            }
            Refusal::BoolForNumber { typed, expected: x } => {
                let (q, what, ex) = (quote(typed, lang), x.what(lang), &x.example);
                lang.pick(
                    format!("{q}是逻辑值，不是数字；请填写{what}，如 {ex}"),
                    format!("{q} is a true/false value, not a number; write {what} such as {ex}"),
                )
            }
            Refusal::DateForNumber { typed, expected: x } => {
                let (q, what, ex) = (quote(typed, lang), x.what(lang), &x.example);
                lang.pick(
                    format!(
                        "{q}是日期，不是数字；请填写{what}，如 {ex}\
                         （如果填的是数字却显示成日期，请把单元格格式改为“常规”）"
                    ),
                    format!(
                        "{q} is a date, not a number; write {what} such as {ex} \
                         (if you typed a number and it shows as a date, \
                         set the cell format to General)"
                    ),
                )
            }
            Refusal::NotYesNo { typed } => {
                let q = quote(typed, lang);
                lang.pick(
                    format!("{q}不是“是”或“否”；请填写“是”或“否”（也可填 {YES_NO_ACCEPTED}）"),
                    format!(
                        "{q} is not yes or no; \
                         write 是 or 否 ({YES_NO_ACCEPTED_EN} are also accepted)"
                    ),
                )
            }
            Refusal::NotAChoice { typed, choices } => {
                let q = quote(typed, lang);
                lang.pick(
                    format!("{q}不是可选值；请从下拉列表选择：{}", choices.join("、")),
                    format!(
                        "{q} is not one of the choices; pick one of: {}",
                        choices.join(", ")
                    ),
                )
            }
            Refusal::NotADate { typed } => {
                let q = quote(typed, lang);
                lang.pick(
                    format!("{q}不是日期；请填写年月日，如 2025-12-10 或 2025年12月10日"),
                    format!("{q} is not a date; write year, month and day such as 2025-12-10"),
                )
            }
            Refusal::NoStoredResult { formula } => {
                let f = quote(formula, lang);
                lang.pick(
                    format!(
                        "公式{f}没有保存的计算结果；\
                         请用 Excel 或 WPS 打开文件并保存，或直接填写数值"
                    ),
                    format!(
                        "formula {f} has no stored result; \
                         open and save the file in Excel or WPS, or type the value"
                    ),
                )
            }
            Refusal::ErrorValue {
                error,
                formula: Some(formula),
            } => {
                let (f, e) = (quote(formula, lang), quote(error, lang));
                lang.pick(
                    format!("公式{f}的结果是错误值{e}；请改正公式或直接填写数值"),
                    format!(
                        "formula {f} gives the error {e}; correct the formula or type the value"
                    ),
                )
            }
            Refusal::ErrorValue {
                error,
                formula: None,
            } => {
                let e = quote(error, lang);
                lang.pick(
                    format!("{e}是错误值；请直接填写数值"),
                    format!("{e} is an error value; type the value instead"),
                )
            }
        }
    }
}

/// A space between a number or a Latin letter and the Chinese that follows
/// (`按 35% 读取`), none after a Chinese unit (`按 200 人读取`).
fn space_after(text: &str) -> &'static str {
    if text.chars().last().is_some_and(|c| c.is_ascii()) {
        " "
    } else {
        ""
    }
}

/// What was typed, quoted: `「约200」` in Chinese, `"约200"` in English; long
/// text is cut at 40 characters.
fn quote(text: &str, lang: Lang) -> String {
    let text = clip(text);
    lang.pick(format!("「{text}」"), format!("\"{text}\""))
}

fn clip(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() > MAX {
        let head: String = text.chars().take(MAX).collect();
        format!("{head}…")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use crate::lang::Lang;
    use crate::numbers::tests::{int, refused, text};
    #[test]
    fn long_text_is_cut_in_messages() {
        let typed = "本年度共开展应急救护培训多次，具体人数见附件一、附件二及附件三中的统计表格和说明材料汇总";
        assert_eq!(
            refused(text(typed, &int("人")), Lang::Zh),
            "「本年度共开展应急救护培训多次，具体人数见附件一、附件二及附件三中的统计表格和说明…」不是数字；请填写整数，如 120"
        );
    }
}
