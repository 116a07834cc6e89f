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

/// A text in both languages, for what is said after it is made: a finding
/// names its field when it is found and is read in either language later.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Both {
    pub zh: String,
    pub en: String,
}

impl Both {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Both {
        Both {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// A text that is the same in both languages: what a file says, a number.
    pub fn same(text: impl Into<String>) -> Both {
        let text = text.into();
        Both {
            zh: text.clone(),
            en: text,
        }
    }

    /// The Chinese name and the English one, the Chinese when there is none.
    pub fn name(zh: &str, en: Option<&str>) -> Both {
        Both::new(zh, Lang::En.name(zh, en))
    }

    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }
}

impl From<&str> for Both {
    fn from(text: &str) -> Both {
        Both::same(text)
    }
}

/// Why a file could not be read or written, in words a clerk acts on: the
/// cause by its kind (a file open in Excel or WPS only for a sharing or
/// permission error, which is what that looks like on Windows), else the
/// system's own code.
pub fn io_cause(err: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind as K;
    // Windows: ERROR_SHARING_VIOLATION (32), ERROR_LOCK_VIOLATION (33)
    if matches!(err.raw_os_error(), Some(32 | 33)) && cfg!(windows) {
        return lang
            .pick(
                "文件正在被其他程序使用（是否在 Excel 或 WPS 中打开？请关闭后重新运行）",
                "the file is in use by another program (open in Excel or WPS? close it and run again)",
            )
            .into();
    }
    let (zh, en) = match err.kind() {
        K::NotFound => ("文件或文件夹不存在", "it does not exist"),
        K::PermissionDenied => (
            "没有权限（文件是否正在 Excel 或 WPS 中打开，或是只读的？）",
            "permission denied (is it open in Excel or WPS, or read-only?)",
        ),
        K::AlreadyExists => ("已经存在", "it already exists"),
        K::IsADirectory => ("这是一个文件夹，不是文件", "it is a folder, not a file"),
        K::NotADirectory => (
            "路径中有一段不是文件夹",
            "a part of the path is not a folder",
        ),
        K::StorageFull => ("磁盘空间已满", "the disk is full"),
        K::ReadOnlyFilesystem => ("磁盘或文件夹是只读的", "the disk or folder is read-only"),
        K::InvalidData => (
            "内容无法识别（不是 UTF-8 文本）",
            "the content is not valid UTF-8 text",
        ),
        _ => {
            return match err.raw_os_error() {
                Some(code) => lang.pick(
                    format!("系统错误（代码 {code}）"),
                    format!("system error {code}: {err}"),
                ),
                None => lang.pick("系统错误".to_string(), format!("system error: {err}")),
            };
        }
    };
    lang.pick(zh, en).into()
}

#[cfg(test)]
mod tests {
    use super::{Lang, io_cause};
    use std::io::{Error, ErrorKind};

    #[test]
    fn io_causes_in_words_and_excel_only_where_it_can_be_the_cause() {
        let missing = Error::from(ErrorKind::NotFound);
        assert_eq!(io_cause(&missing, Lang::Zh), "文件或文件夹不存在");
        let full = Error::from(ErrorKind::StorageFull);
        assert_eq!(io_cause(&full, Lang::Zh), "磁盘空间已满");
        assert!(!io_cause(&full, Lang::Zh).contains("Excel"));
        let denied = Error::from(ErrorKind::PermissionDenied);
        assert!(io_cause(&denied, Lang::Zh).contains("Excel 或 WPS"));
        assert!(io_cause(&denied, Lang::En).contains("Excel or WPS"));
        // an unnamed cause keeps the system's code, never English in Chinese
        // (5 is EIO on Unix, an input/output error)
        #[cfg(unix)]
        assert_eq!(
            io_cause(&Error::from_raw_os_error(5), Lang::Zh),
            "系统错误（代码 5）"
        );
    }
}
