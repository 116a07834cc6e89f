//! The bulletin's yearly settings (`bulletin.toml` beside the framework): who
//! issues it, its 发文字号, the document it rests on, 抄送, the deadline for
//! 整改. Data the office edits each year, not flags; not part of the framework
//! (editing it leaves the framework's identity as it was). `indicators/README.md`
//! documents every key.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::date::{self, Date};
use crate::lang::Lang;

/// The file's name, looked for in the framework's folder.
pub const FILE_NAME: &str = "bulletin.toml";

/// The default settings (Shijiazhuang), used with the built-in framework and
/// when a framework folder has no `bulletin.toml`.
pub const DEFAULT: &str = include_str!("../../../indicators/county-core/bulletin.toml");

/// A settings file larger than this is refused (a real one is a few hundred bytes).
const MAX_BYTES: u64 = 1024 * 1024;

/// The settings as read.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub issuer: Issuer,
    #[serde(default, rename = "year")]
    pub years: Vec<Year>,
}

/// Who issues the bulletin.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Issuer {
    /// 发文机关署名: 石家庄市红十字会.
    pub name: String,
    /// 发文机关标志, the red name of the 版头: 石家庄市红十字会文件.
    pub mark: String,
    /// 机关代字 of the 发文字号: 石红字.
    pub code: String,
    /// How the text names the issuer itself: 市红十字会 (the full name when not given).
    #[serde(default)]
    pub short_name: Option<String>,
    /// 主送机关, without the colon: 各县（市、区）红十字会.
    pub recipients: String,
    /// Added to a unit's name for its full name: 长安区 → 长安区红十字会.
    #[serde(default)]
    pub unit_suffix: String,
    /// 印发机关 of the 版记.
    pub printer: String,
}

/// One assessed year's bulletin.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Year {
    pub year: i32,
    /// The 发文字号's sequence number.
    pub number: Option<u32>,
    /// The document the assessment rests on, without 书名号.
    pub basis: Option<String>,
    /// Its 发文字号.
    pub basis_number: Option<String>,
    #[serde(default)]
    pub copy_to: Vec<String>,
    /// The day by which each 不合格 unit reports its rectification.
    pub rectify_by: Option<toml::value::Datetime>,
}

/// Why the settings cannot be used (the run stops before reading, exit 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SettingsError(pub String);

impl Settings {
    /// The settings beside the framework at `framework` (its folder, or the
    /// folder of its one file), else the default; with the file it came from.
    pub fn find(
        framework: Option<&Path>,
        lang: Lang,
    ) -> Result<(Settings, Option<PathBuf>), SettingsError> {
        let candidate = framework.map(|p| {
            if p.is_dir() {
                p.join(FILE_NAME)
            } else {
                p.parent().unwrap_or(Path::new(".")).join(FILE_NAME)
            }
        });
        match candidate.filter(|p| p.is_file()) {
            Some(path) => Ok((Settings::read(&path, lang)?, Some(path))),
            None => Ok((
                Settings::parse(DEFAULT, "<default>/bulletin.toml", lang)?,
                None,
            )),
        }
    }

    /// Reads and checks one settings file.
    pub fn read(path: &Path, lang: Lang) -> Result<Settings, SettingsError> {
        let shown = path.display().to_string();
        let too_big = std::fs::metadata(path).is_ok_and(|m| m.len() > MAX_BYTES);
        if too_big {
            return Err(SettingsError(lang.pick(
                format!("{shown}：通报设置文件超过 1 MiB，不是设置文件"),
                format!("{shown}: the bulletin settings file is over 1 MiB; not a settings file"),
            )));
        }
        let bytes = std::fs::read(path).map_err(|e| {
            SettingsError(lang.pick(
                format!("{shown}：无法读取通报设置文件（{e}）"),
                format!("{shown}: cannot read the bulletin settings file ({e})"),
            ))
        })?;
        let text = String::from_utf8(bytes).map_err(|_| {
            SettingsError(lang.pick(
                format!("{shown}：通报设置文件不是 UTF-8 编码，请另存为 UTF-8"),
                format!("{shown}: the bulletin settings file is not UTF-8; save it as UTF-8"),
            ))
        })?;
        Settings::parse(text.trim_start_matches('\u{feff}'), &shown, lang)
    }

    /// Parses and checks settings text; `shown` names it in messages.
    pub fn parse(text: &str, shown: &str, lang: Lang) -> Result<Settings, SettingsError> {
        let settings: Settings = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |s| {
                text[..s.start.min(text.len())].matches('\n').count() + 1
            });
            SettingsError(lang.pick(
                format!("{shown}:{line}: 通报设置有误：{}", e.message()),
                format!(
                    "{shown}:{line}: the bulletin settings are wrong: {}",
                    e.message()
                ),
            ))
        })?;
        let mut problems = Vec::new();
        let issuer = &settings.issuer;
        for (key, value) in [
            ("issuer.name", &issuer.name),
            ("issuer.mark", &issuer.mark),
            ("issuer.code", &issuer.code),
            ("issuer.recipients", &issuer.recipients),
            ("issuer.printer", &issuer.printer),
        ] {
            if value.trim().is_empty() {
                problems.push(lang.pick(
                    format!("{key} 不能为空"),
                    format!("{key} must not be empty"),
                ));
            }
        }
        let mut seen = Vec::new();
        for y in &settings.years {
            if seen.contains(&y.year) {
                problems.push(lang.pick(
                    format!("year = {} 写了不止一段", y.year),
                    format!("year = {} is given more than once", y.year),
                ));
            }
            seen.push(y.year);
            if y.number == Some(0) {
                problems.push(lang.pick(
                    format!("{} 年的 number 应为正整数", y.year),
                    format!("the number of {} must be a positive whole number", y.year),
                ));
            }
            if y.rectify_by.is_some() && y.rectify_date().is_none() {
                problems.push(lang.pick(
                    format!("{} 年的 rectify-by 应为日期，如 2024-03-31", y.year),
                    format!(
                        "the rectify-by of {} must be a date such as 2024-03-31",
                        y.year
                    ),
                ));
            }
        }
        if problems.is_empty() {
            Ok(settings)
        } else {
            Err(SettingsError(format!(
                "{shown}: {}",
                problems.join(lang.pick("；", "; "))
            )))
        }
    }

    /// The settings of the assessed `year`, when the file has them.
    pub fn year(&self, year: i32) -> Option<&Year> {
        self.years.iter().find(|y| y.year == year)
    }

    /// A unit's full name: 长安区 → 长安区红十字会 (no suffix doubled).
    pub fn full_name(&self, name: &str) -> String {
        let suffix = self.issuer.unit_suffix.as_str();
        if suffix.is_empty() || name.ends_with(suffix) {
            name.to_string()
        } else {
            format!("{name}{suffix}")
        }
    }
}

impl Issuer {
    /// The issuer as the text names itself (市红十字会), else its full name.
    pub fn self_name(&self) -> &str {
        self.short_name
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or(&self.name)
    }
}

impl Year {
    /// The 整改 deadline as a day.
    pub fn rectify_date(&self) -> Option<Date> {
        let d = self.rectify_by.as_ref()?;
        if d.time.is_some() || d.offset.is_some() {
            return None;
        }
        let d = d.date?;
        date::ymd(i32::from(d.year), u32::from(d.month), u32::from(d.day))
    }
}

/// A date as the 公文 writes it: 2024年1月15日 (no zero padding).
pub fn chinese_date(day: Date) -> String {
    use crate::date::Datelike;
    format!("{}年{}月{}日", day.year(), day.month(), day.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_reads_and_names_units_in_full() {
        let s = Settings::parse(DEFAULT, "d", Lang::Zh).unwrap();
        assert_eq!(s.issuer.code, "石红字");
        assert_eq!(s.full_name("长安区"), "长安区红十字会");
        assert_eq!(s.full_name("长安区红十字会"), "长安区红十字会");
        let y = s.year(2023).unwrap();
        assert_eq!(y.number, Some(3));
        assert_eq!(y.rectify_date(), date::ymd(2024, 3, 31));
        assert!(s.year(2022).is_none());
        assert_eq!(chinese_date(date::ymd(2024, 1, 5).unwrap()), "2024年1月5日");
    }

    #[test]
    fn mistakes_are_named_with_their_line_or_key() {
        let text = "[issuer]\nname = \"a\"\nmark = \"b\"\ncode = \"c\"\nrecipients = \"d\"\nprinter = \"e\"\nsuffix = 1\n";
        let err = Settings::parse(text, "x.toml", Lang::En).unwrap_err().0;
        assert!(err.starts_with("x.toml:7:"), "{err}");
        assert!(err.contains("suffix"), "{err}");
        let text = "[issuer]\nname = \" \"\nmark = \"b\"\ncode = \"c\"\nrecipients = \"d\"\nprinter = \"e\"\n[[year]]\nyear = 2023\nnumber = 0\nrectify-by = 2024-03-31T10:00:00\n[[year]]\nyear = 2023\n";
        let err = Settings::parse(text, "x.toml", Lang::En).unwrap_err().0;
        for part in [
            "issuer.name must not be empty",
            "year = 2023 is given more than once",
            "number of 2023",
            "rectify-by of 2023",
        ] {
            assert!(err.contains(part), "{part}: {err}");
        }
    }
}
