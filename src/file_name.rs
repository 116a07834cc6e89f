//! File names made from data (a unit's name in `2023-正定县-评估反馈单.xlsx`):
//! one rule, enforced where the framework is checked and again where a name
//! becomes a file, so that no value from a framework ever becomes a path.
//!
//! A part of a file name is refused when it is empty, longer than
//! [`MAX_CHARS`] characters, holds a path separator (`/`, `\`), `..`, a
//! control character or one of `:*?"<>|` (Windows refuses them; `:` would
//! open an alternate data stream), ends with a dot or a space (Windows drops
//! them), or is a name Windows reserves for a device (CON, PRN, AUX, NUL,
//! COM1–COM9, LPT1–LPT9, in any letter case, with or without an extension).

use std::fmt;

/// The longest name part allowed, in characters: a unit's name is at most a
/// few dozen characters, and the whole file name stays well below the
/// 255-byte limit of common file systems (3 bytes per Chinese character).
pub const MAX_CHARS: usize = 50;

/// Why a text cannot be part of a file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsafe {
    Empty,
    TooLong { chars: usize },
    Separator,
    DotDot,
    Control,
    Reserved(char),
    TrailingDotOrSpace,
    DeviceName,
}

impl Unsafe {
    /// The reason in words, in the language asked for.
    pub fn describe(self, english: bool) -> String {
        let (zh, en) = match self {
            Unsafe::Empty => ("是空的".to_string(), "is empty".to_string()),
            Unsafe::TooLong { chars } => (
                format!("有 {chars} 个字符，超过 {MAX_CHARS} 个"),
                format!("has {chars} characters, more than {MAX_CHARS}"),
            ),
            Unsafe::Separator => (
                "含有路径分隔符 / 或 \\".to_string(),
                "holds a path separator (/ or \\)".to_string(),
            ),
            Unsafe::DotDot => ("含有 ..".to_string(), "holds `..`".to_string()),
            Unsafe::Control => (
                "含有控制字符".to_string(),
                "holds a control character".to_string(),
            ),
            Unsafe::Reserved(c) => (
                format!("含有文件名中不能使用的字符「{c}」"),
                format!("holds `{c}`, which a file name cannot hold"),
            ),
            Unsafe::TrailingDotOrSpace => (
                "以句点或空格结尾".to_string(),
                "ends with a dot or a space".to_string(),
            ),
            Unsafe::DeviceName => (
                "是 Windows 保留的设备名（CON、PRN、AUX、NUL、COM1–9、LPT1–9）".to_string(),
                "is a device name Windows reserves (CON, PRN, AUX, NUL, COM1–9, LPT1–9)"
                    .to_string(),
            ),
        };
        if english { en } else { zh }
    }
}

impl fmt::Display for Unsafe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(false))
    }
}

/// Whether `part` may be part of a file name; the first reason it may not.
pub fn check(part: &str) -> Result<(), Unsafe> {
    if part.is_empty() {
        return Err(Unsafe::Empty);
    }
    let chars = part.chars().count();
    if chars > MAX_CHARS {
        return Err(Unsafe::TooLong { chars });
    }
    if part.contains(['/', '\\']) {
        return Err(Unsafe::Separator);
    }
    if part.contains("..") {
        return Err(Unsafe::DotDot);
    }
    if part.chars().any(char::is_control) {
        return Err(Unsafe::Control);
    }
    if let Some(c) = part.chars().find(|c| ":*?\"<>|".contains(*c)) {
        return Err(Unsafe::Reserved(c));
    }
    if part.ends_with(['.', ' ']) {
        return Err(Unsafe::TrailingDotOrSpace);
    }
    if device_name(part) {
        return Err(Unsafe::DeviceName);
    }
    Ok(())
}

/// CON, PRN, AUX, NUL, COM1–9, LPT1–9, with or without an extension, any case.
fn device_name(part: &str) -> bool {
    let stem = part.split('.').next().unwrap_or(part).trim_end();
    let upper = stem.to_ascii_uppercase();
    matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.len() == 4
            && upper.as_bytes()[3].is_ascii_digit()
            && upper.as_bytes()[3] != b'0')
}

/// `{prefix}{part}{suffix}` as a file name, `part` checked first (prefix and
/// suffix are the tool's own text).
pub fn with(prefix: &str, part: &str, suffix: &str) -> Result<String, Unsafe> {
    check(part)?;
    Ok(format!("{prefix}{part}{suffix}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_are_refused_with_their_reason() {
        assert_eq!(check("正定县"), Ok(()));
        assert_eq!(check("井陉矿区"), Ok(()));
        assert_eq!(check("A.B 区"), Ok(()));
        assert_eq!(check(""), Err(Unsafe::Empty));
        assert_eq!(check("../../正定县"), Err(Unsafe::Separator));
        assert_eq!(check("正定县/乡镇"), Err(Unsafe::Separator));
        assert_eq!(check("正定\\县"), Err(Unsafe::Separator));
        assert_eq!(check("正定..县"), Err(Unsafe::DotDot));
        assert_eq!(check("正定\u{0}县"), Err(Unsafe::Control));
        assert_eq!(check("正定\n县"), Err(Unsafe::Control));
        assert_eq!(check("正定县:stream"), Err(Unsafe::Reserved(':')));
        assert_eq!(check("正定?"), Err(Unsafe::Reserved('?')));
        assert_eq!(check("正定县."), Err(Unsafe::TrailingDotOrSpace));
        assert_eq!(check("正定县 "), Err(Unsafe::TrailingDotOrSpace));
        for device in ["CON", "con", "Nul", "AUX.txt", "COM1", "lpt9.xlsx", "PRN"] {
            assert_eq!(check(device), Err(Unsafe::DeviceName), "{device}");
        }
        // not devices: COM0, COM10, CONSOLE
        for fine in ["COM0", "COM10", "CONSOLE", "LPT"] {
            assert_eq!(check(fine), Ok(()), "{fine}");
        }
        // 50 characters pass, 51 do not
        assert_eq!(check(&"县".repeat(50)), Ok(()));
        assert_eq!(check(&"县".repeat(51)), Err(Unsafe::TooLong { chars: 51 }));
    }

    #[test]
    fn a_file_name_is_made_only_of_a_checked_part() {
        assert_eq!(
            with("2023-", "正定县", "-评估反馈单.xlsx").as_deref(),
            Ok("2023-正定县-评估反馈单.xlsx")
        );
        assert_eq!(with("2023-", "../x", ".xlsx"), Err(Unsafe::Separator));
    }
}
