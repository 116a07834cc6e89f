//! What follows a number, read against the field's unit: the field's own unit,
//! another unit, `万` and `亿` as multipliers (or as the unit itself in 万元).

use crate::framework::{Field, FieldType};

use super::Rewrite;
use super::decimal::Dec;

/// Units written after numbers, to tell a wrong unit from other words
/// (space-separated).
const UNIT_WORDS: &str = "人 人次 名 位 个 台 部 元 千元 百元 % 分 小时 时 天 日 月 年 \
     户 所 支 队 条 次 篇 场 项 件 家 批 期 块 套 辆 处 间 平方米 \
     米 公斤 千克 斤 吨 箱 份 册 本 张 枚 把 床 瓶 袋 包 盒 例 起 \
     座 组 轮 届 课时 学时 毫升 升";

pub(super) fn is_unit_word(word: &str) -> bool {
    UNIT_WORDS.split_whitespace().any(|w| w == word)
}

/// What follows a number, read against the field's unit.
pub(super) enum Suffix {
    /// Understood: the value in the field's unit (in percent when `percent`).
    Read {
        value: Dec,
        how: Vec<Rewrite>,
        percent: bool,
    },
    /// A unit, but not the field's.
    WrongUnit(String),
    /// Not a unit.
    Unknown,
}

/// `万` or `亿` at the start of a unit: the power of ten and the rest.
fn split_multiplier(unit: &str) -> (i32, &str) {
    if let Some(rest) = unit.strip_prefix('万') {
        (4, rest.trim_start())
    } else if let Some(rest) = unit.strip_prefix('亿') {
        (8, rest.trim_start())
    } else {
        (0, unit)
    }
}

pub(super) fn read_suffix(number: Dec, suffix: &str, field: &Field) -> Suffix {
    let unit = field.unit.trim();
    let (unit_power, unit_base) = split_multiplier(unit);
    let (power, rest) = split_multiplier(suffix);
    let read = |value, how, percent| Suffix::Read {
        value,
        how,
        percent,
    };
    if field.kind == FieldType::Percent && rest == "%" {
        return read(number.shift(power), multiplier_rewrite(power, 0), true);
    }
    if power == 0 {
        if suffix.is_empty() {
            return read(number, Vec::new(), false);
        }
        if suffix == unit {
            return read(number, vec![Rewrite::Unit], false);
        }
    } else if rest.is_empty() || rest == unit_base {
        let mut how = multiplier_rewrite(power, unit_power);
        if !rest.is_empty() && !how.contains(&Rewrite::Unit) {
            how.push(Rewrite::Unit);
        }
        return read(number.shift(power - unit_power), how, false);
    }
    if is_unit_word(rest) || is_unit_word(suffix) {
        Suffix::WrongUnit(suffix.to_string())
    } else {
        Suffix::Unknown
    }
}

/// The rewrite for a typed 万/亿 (`power`) in a field whose unit has `unit_power`.
fn multiplier_rewrite(power: i32, unit_power: i32) -> Vec<Rewrite> {
    match power {
        0 => Vec::new(),
        _ if power == unit_power => vec![Rewrite::Unit],
        4 => vec![Rewrite::TenThousand],
        _ => vec![Rewrite::HundredMillion],
    }
}

pub(super) fn example(number: Dec, suffix: &str, field: &Field) -> Option<String> {
    let Suffix::Read { value, percent, .. } = read_suffix(number, suffix, field) else {
        return None;
    };
    match field.kind {
        FieldType::Percent if percent => Some(format!("{value}%")),
        FieldType::Percent if value.to_f64() <= 1.0 => Some(format!("{}%", value.shift(2))),
        FieldType::Percent if value.to_f64() <= 100.0 => Some(format!("{value}%")),
        FieldType::Percent => None,
        FieldType::Integer => value.is_whole().then(|| value.to_string()),
        _ => Some(value.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use crate::lang::{Both, Lang};
    use crate::numbers::tests::{dec, int, n, refused, taken, text};
    use crate::numbers::{Note, Rewrite};
    #[test]
    fn the_fields_own_unit_is_dropped_with_a_note() {
        assert_eq!(
            taken(text("200人", &int("人"))),
            (n(200.0), vec!["「200人」按 200 人读取".to_string()])
        );
        assert_eq!(
            taken(text("200 人次", &int("人次"))),
            (n(200.0), vec!["「200 人次」按 200 人次读取".to_string()])
        );
        assert_eq!(
            taken(text("15台", &int("台"))),
            (n(15.0), vec!["「15台」按 15 台读取".to_string()])
        );
        assert_eq!(
            taken(text("12.5万元", &dec("万元"))),
            (n(12.5), vec!["「12.5万元」按 12.5 万元读取".to_string()])
        );
        // % is a unit like any other in a decimal field measured in %
        assert_eq!(
            taken(text("35%", &dec("%"))),
            (n(35.0), vec!["「35%」按 35% 读取".to_string()])
        );
    }

    #[test]
    fn another_unit_is_refused() {
        let r = text("200人", &dec("万元"));
        assert_eq!(
            refused(r.clone(), Lang::Zh),
            "「200人」的单位是“人”，本栏的单位是“万元”；请填写以万元计的数字，如 12.5"
        );
        assert_eq!(
            refused(r, Lang::En),
            "\"200人\" is in 人, but this field is in 10,000 yuan; write a number in 10,000 yuan such as 12.5"
        );
        // 元 are not converted to 万元: a pasted amount in 元 is a mistake to fix
        assert_eq!(
            refused(text("5元", &dec("万元")), Lang::Zh),
            "「5元」的单位是“元”，本栏的单位是“万元”；请填写以万元计的数字，如 12.5"
        );
        assert_eq!(
            refused(text("200人", &int("人次")), Lang::Zh),
            "「200人」的单位是“人”，本栏的单位是“人次”；请填写以人次计的整数，如 120"
        );
        assert_eq!(
            refused(text("5元", &dec("")), Lang::Zh),
            "「5元」带有单位“元”；本栏只填数字，不带单位，如 12.5"
        );
    }

    #[test]
    fn wan_multiplies_by_ten_thousand_outside_wanyuan_fields() {
        // 12.5 × 10,000 = 125,000 人次
        let r = text("12.5万", &int("人次"));
        assert_eq!(
            taken(r.clone()),
            (
                n(125_000.0),
                vec!["「12.5万」按 125000 人次读取".to_string()]
            )
        );
        let notes: Vec<String> = r
            .iter()
            .flat_map(|r| &r.notes)
            .map(|n| n.message(Lang::En))
            .collect();
        // the English measure from unit-en
        assert_eq!(notes, ["\"12.5万\" read as 125000 person-times"]);
        assert_eq!(
            r.map(|r| r.notes),
            Ok(vec![Note::Number {
                typed: "12.5万".into(),
                shown: Both::new("125000 人次", "125000 person-times"),
                how: vec![Rewrite::TenThousand],
            }])
        );
        // 12.5 × 10,000 = 125,000 人次, unit dropped too
        assert_eq!(
            taken(text("12.5万人次", &int("人次"))),
            (
                n(125_000.0),
                vec!["「12.5万人次」按 125000 人次读取".to_string()]
            )
        );
        // 1.2345 × 10,000 = 12,345 exactly (no float drift)
        assert_eq!(taken(text("1.2345万", &int("人"))).0, n(12_345.0));
        // 12.5万元 in a 元 field: 12.5 × 10,000 = 125,000 元
        assert_eq!(
            taken(text("12.5万元", &dec("元"))),
            (
                n(125_000.0),
                vec!["「12.5万元」按 125000 元读取".to_string()]
            )
        );
    }

    #[test]
    fn wan_is_the_unit_itself_in_a_wanyuan_field() {
        // 12.5万 = 12.5 万元
        let r = text("12.5万", &dec("万元"));
        assert_eq!(
            taken(r.clone()),
            (n(12.5), vec!["「12.5万」按 12.5 万元读取".to_string()])
        );
        assert_eq!(
            r.map(|r| r.notes),
            Ok(vec![Note::Number {
                typed: "12.5万".into(),
                shown: Both::new("12.5 万元", "12.5 × 10,000 yuan"),
                how: vec![Rewrite::Unit],
            }])
        );
    }

    #[test]
    fn yi_multiplies_by_a_hundred_million_or_ten_thousand_in_wanyuan() {
        // 1.2 × 100,000,000 = 120,000,000 人次
        assert_eq!(
            taken(text("1.2亿", &int("人次"))),
            (
                n(120_000_000.0),
                vec!["「1.2亿」按 120000000 人次读取".to_string()]
            )
        );
        // 1.2亿元 = 1.2 × 10,000 万元 = 12,000 万元
        assert_eq!(
            taken(text("1.2亿元", &dec("万元"))),
            (
                n(12_000.0),
                vec!["「1.2亿元」按 12000 万元读取".to_string()]
            )
        );
    }

    #[test]
    fn wan_in_an_integer_field_must_give_a_whole_number() {
        // 1.23456 × 10,000 = 12,345.6: not whole
        let r = text("1.23456万", &int("人次"));
        assert_eq!(
            refused(r.clone(), Lang::Zh),
            "「1.23456万」即 12345.6，不是整数；请填写整数（单位：人次）"
        );
        assert_eq!(
            refused(r, Lang::En),
            "\"1.23456万\" is 12345.6, not a whole number; write a whole number in person-times"
        );
    }
}
