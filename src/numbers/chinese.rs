//! Chinese numerals (`二百`, `两千零五`): told apart from words that hold one,
//! and turned into digits for the example of a refusal, never taken as a value.

use crate::framework::Field;

use super::decimal::Dec;
use super::number::{APPROX_AFTER, APPROX_BEFORE, without};
use super::unit::{example, is_unit_word};

/// Chinese numerals (万 and 亿 are read as multipliers after digits).
const CHINESE_NUMERALS: &str = "零〇一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟";

/// Chinese numerals written as a number (`二百`, `约两千`, `三次`, `2千`), not
/// words that happen to hold one (`见附件一`).
pub(super) fn looks_like_chinese_numerals(text: &str, field: &Field) -> bool {
    if !text.chars().any(|c| CHINESE_NUMERALS.contains(c)) {
        return false;
    }
    let rest: String = text
        .chars()
        .filter(|&c| !(CHINESE_NUMERALS.contains(c) || "万亿点.".contains(c) || c.is_ascii_digit()))
        .collect();
    let rest = without(&without(&rest, APPROX_BEFORE), APPROX_AFTER);
    let rest = rest.trim();
    rest.is_empty() || rest == field.unit.trim() || is_unit_word(rest)
}

/// The Chinese numerals as digits, when they read cleanly: `二百` → `200`, `三次` → `3`.
pub(super) fn chinese_example(text: &str, field: &Field) -> Option<String> {
    let start = text.find(|c| CHINESE_NUMERALS.contains(c))?;
    if !without(&text[..start], APPROX_BEFORE).trim().is_empty() {
        return None;
    }
    let rest = &text[start..];
    let end = rest
        .find(|c| !CHINESE_NUMERALS.contains(c))
        .unwrap_or(rest.len());
    let after = without(&rest[end..], APPROX_AFTER);
    let after = after.trim();
    if after
        .chars()
        .any(|c| CHINESE_NUMERALS.contains(c) || c.is_ascii_digit())
    {
        return None;
    }
    let number = chinese_integer(&rest[..end])?;
    example(Dec::from_integer(number), after, field)
}

/// Chinese numerals to an integer: `二百` 200, `两千零五` 2005, `二百五` 250,
/// `二〇二五` 2025 (digit by digit). `None` when the order makes no sense.
pub(super) fn chinese_integer(text: &str) -> Option<u128> {
    fn digit(c: char) -> Option<u128> {
        Some(match c {
            '零' | '〇' => 0,
            '一' | '壹' => 1,
            '二' | '两' | '贰' => 2,
            '三' | '叁' => 3,
            '四' | '肆' => 4,
            '五' | '伍' => 5,
            '六' | '陆' => 6,
            '七' | '柒' => 7,
            '八' | '捌' => 8,
            '九' | '玖' => 9,
            _ => return None,
        })
    }
    fn place(c: char) -> Option<u128> {
        Some(match c {
            '十' | '拾' => 10,
            '百' | '佰' => 100,
            '千' | '仟' => 1000,
            _ => return None,
        })
    }
    if text.is_empty() {
        return None;
    }
    if !text.chars().any(|c| place(c).is_some()) {
        return text
            .chars()
            .try_fold(0u128, |n, c| n.checked_mul(10)?.checked_add(digit(c)?));
    }
    let (mut total, mut pending, mut last_place, mut after_zero) = (0u128, None, u128::MAX, false);
    for c in text.chars() {
        if let Some(d) = digit(c) {
            if pending.is_some() {
                return None;
            }
            after_zero |= d == 0;
            pending = (d != 0).then_some(d);
        } else {
            let p = place(c)?;
            if p >= last_place {
                return None;
            }
            total += pending.take().unwrap_or(1) * p;
            last_place = p;
            after_zero = false;
        }
    }
    if let Some(d) = pending {
        // 二百五 = 250: a last digit right after a place counts in the next lower place.
        let scale = if !after_zero && last_place >= 100 {
            last_place / 10
        } else {
            1
        };
        total += d * scale;
    }
    Some(total)
}

/// Chinese numerals for small counts, as a document writes them: 1 → 一,
/// 12 → 十二, 20 → 二十; digits from 100 on (105 → 105).
pub fn small_chinese(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { DIGITS[n - 10] }),
        20..=99 => format!(
            "{}十{}",
            DIGITS[n / 10],
            if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[n % 10]
            }
        ),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use crate::lang::Lang;
    use crate::numbers::tests::{dec, int, refused, text};

    #[test]
    fn small_counts_are_written_in_chinese_numerals() {
        // 十 alone for ten, 十二 not 一十二, 二十 without a trailing 零
        let written: Vec<String> = [0, 1, 10, 12, 20, 21, 99, 100]
            .into_iter()
            .map(super::small_chinese)
            .collect();
        assert_eq!(
            written,
            ["零", "一", "十", "十二", "二十", "二十一", "九十九", "100"]
        );
    }

    #[test]
    fn chinese_numerals_are_refused_with_the_digits_as_example() {
        let f = int("人");
        assert_eq!(
            refused(text("二百", &f), Lang::Zh),
            "「二百」用了汉字数字；请用阿拉伯数字填写整数，如 200"
        );
        assert_eq!(
            refused(text("两千", &f), Lang::En),
            "\"两千\" is written in Chinese numerals; write a whole number in digits, such as 2000"
        );
        // 二百五 = 250, 一千零五 = 1005
        assert_eq!(
            refused(text("二百五", &f), Lang::Zh),
            "「二百五」用了汉字数字；请用阿拉伯数字填写整数，如 250"
        );
        assert_eq!(
            refused(text("一千零五", &f), Lang::Zh),
            "「一千零五」用了汉字数字；请用阿拉伯数字填写整数，如 1005"
        );
        // 约 is dropped from the example: 约二百 → 200
        assert_eq!(
            refused(text("约二百", &f), Lang::Zh),
            "「约二百」用了汉字数字；请用阿拉伯数字填写整数，如 200"
        );
        // 三次 in a 次 field: 3
        assert_eq!(
            refused(text("三次", &int("次")), Lang::Zh),
            "「三次」用了汉字数字；请用阿拉伯数字填写整数，如 3"
        );
        // 三万 in a 万元 field is 3 万元
        assert_eq!(
            refused(text("三万", &dec("万元")), Lang::Zh),
            "「三万」用了汉字数字；请用阿拉伯数字填写数字，如 3"
        );
    }
}
