//! The language of everything a user reads: Chinese by default, English with `--lang en`.
//!
//! Texts are chosen where they are written, with [`Lang::pick`], so that the
//! two versions of a sentence stand side by side in the code.

use serde::Serialize;

/// The language of messages and workbook labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum Lang {
    /// 中文 (the default).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// The Chinese or the English text.
    pub fn pick<T>(self, zh: T, en: T) -> T {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// `1 unit`, `2 units`: an English count with its noun (Chinese counts
    /// need no plural and are written in place).
    pub fn count(n: usize, one: &str, many: &str) -> String {
        format!("{n} {}", if n == 1 { one } else { many })
    }

    /// The Chinese name, or the English one when there is one.
    pub fn name<'a>(self, zh: &'a str, en: Option<&'a str>) -> &'a str {
        match (self, en) {
            (Lang::En, Some(en)) if !en.is_empty() => en,
            _ => zh,
        }
    }
}
