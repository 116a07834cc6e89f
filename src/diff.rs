//! `assess diff`: what changed between two runs' exports (typically the 初评
//! shown for objections and the 终评), so that the office can explain every
//! change.
//!
//! Pure: [`read`] parses the text of an export ([`crate::export`]), [`compare`]
//! lines up the rows of two exports by (unit, item type, code) and keeps what
//! differs, [`Comparison::render`] writes it for people. No file I/O here.
//!
//! What counts as a change: a row's value, points (score), maximum, flags or
//! source; on the total row also the rank and the grade. Numbers are compared
//! as written (the full-precision text parsed to `f64`), never rounded. The
//! ranks of single items (indicators, groups) are not compared: they follow
//! from every unit's points and would list units in which nothing happened.
//!
//! Why an indicator changed is told from the export alone, and only as far as
//! it can be known: the fields of the same unit whose values changed (the
//! export does not say which fields an indicator reads). A changed source that
//! points into the city's review workbook (sheet 复核) means the city adjusted
//! the value; one that points into its sheet 申诉 means a ruling on an
//! objection set it, and the ruling's cell is cited.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::code::{FieldCode, UnitCode};
use crate::export::COLUMNS;
use crate::lang::Lang;
use crate::layout;
use crate::long::Key;
use crate::score::NodeKind;

/// A number as written in the export, with its value.
#[derive(Debug, Clone)]
pub struct Number {
    /// The text as written (shown to the user).
    pub text: String,
    pub value: f64,
}

impl PartialEq for Number {
    /// Equal values (`-0` equals `0`; `NaN` equals `NaN`).
    fn eq(&self, other: &Number) -> bool {
        self.value == other.value || (self.value.is_nan() && other.value.is_nan())
    }
}

/// One row of an export.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Line of the file (1-based; the header is line 1).
    pub line: usize,
    pub year: String,
    pub unit: UnitCode,
    pub unit_name: String,
    pub kind: NodeKind,
    pub code: String,
    pub name: String,
    pub value: Option<Number>,
    pub score: Option<Number>,
    pub max: Option<Number>,
    pub rank: Option<u32>,
    pub grade: String,
    pub flags: String,
    pub source: String,
}

/// The rows of one export, in file order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Export {
    pub rows: Vec<Row>,
}

impl Export {
    /// The years in the file, sorted.
    pub fn years(&self) -> Vec<String> {
        let years: BTreeSet<&str> = self.rows.iter().map(|r| r.year.as_str()).collect();
        years.into_iter().map(str::to_string).collect()
    }
}

/// Why a text is not an export.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadError {
    /// The bytes are not UTF-8 (e.g. saved again by Excel as GB18030).
    NotUtf8,
    /// The first line is not the export's header.
    Header { found: String },
    /// A line without the export's columns.
    Columns { line: usize, found: usize },
    /// A quoted field that is never closed.
    OpenQuote { line: usize },
    /// An `item_type` that the export does not write.
    ItemType { line: usize, text: String },
    /// A column that must hold a number (or nothing) holds something else.
    Number {
        line: usize,
        column: &'static str,
        text: String,
    },
    /// The same unit and item twice.
    Duplicate {
        line: usize,
        first: usize,
        unit: String,
        code: String,
    },
}

impl ReadError {
    /// The message, naming the file.
    pub fn render(&self, file: &str, lang: Lang) -> String {
        match self {
            ReadError::NotUtf8 => lang.pick(
                format!("`{file}` 不是 UTF-8 文本，不是 assess run --export 导出的明细"),
                format!("`{file}` is not UTF-8 text, so not an export of assess run --export"),
            ),
            ReadError::Header { found } => {
                let found: String = found.chars().take(120).collect();
                lang.pick(
                    format!(
                        "`{file}` 不是 assess run --export 导出的明细：表头是 `{found}`，应为 `{}`",
                        COLUMNS.join(",")
                    ),
                    format!(
                        "`{file}` is not an export of assess run --export: its header is `{found}`; expected `{}`",
                        COLUMNS.join(",")
                    ),
                )
            }
            ReadError::Columns { line, found } => lang.pick(
                format!(
                    "「{file}」第 {line} 行有 {found} 列，应为 {} 列",
                    COLUMNS.len()
                ),
                format!(
                    "`{file}` line {line} has {found} columns; expected {}",
                    COLUMNS.len()
                ),
            ),
            ReadError::OpenQuote { line } => lang.pick(
                format!("「{file}」第 {line} 行的引号没有闭合"),
                format!("`{file}` line {line}: a quoted field is never closed"),
            ),
            ReadError::ItemType { line, text } => lang.pick(
                format!(
                    "`{file}` 第 {line} 行 item_type 为 `{text}`，应为 field、indicator、group、bonus、deduction、veto 或 total"
                ),
                format!(
                    "`{file}` line {line}: item_type `{text}` is not one of field, indicator, group, bonus, deduction, veto, total"
                ),
            ),
            ReadError::Number { line, column, text } => lang.pick(
                format!("「{file}」第 {line} 行 {column} 为「{text}」，应为数字或空"),
                format!("`{file}` line {line}: {column} `{text}` is not a number; expected a number or nothing"),
            ),
            ReadError::Duplicate {
                line,
                first,
                unit,
                code,
            } => lang.pick(
                format!("「{file}」第 {line} 行与第 {first} 行重复（单位 {unit}，项目 {code}）"),
                format!("`{file}` line {line} repeats line {first} (unit {unit}, item {code})"),
            ),
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render("export", Lang::En))
    }
}

impl std::error::Error for ReadError {}

/// The `item_type` of the export back as a kind.
fn kind(text: &str) -> Option<NodeKind> {
    [
        NodeKind::Field,
        NodeKind::Indicator,
        NodeKind::Group,
        NodeKind::Bonus,
        NodeKind::Deduction,
        NodeKind::Veto,
        NodeKind::Total,
    ]
    .into_iter()
    .find(|k| k.name() == text)
}

fn number(line: usize, column: &'static str, text: &str) -> Result<Option<Number>, ReadError> {
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<f64>()
        .map(|value| {
            Some(Number {
                text: text.to_string(),
                value,
            })
        })
        .map_err(|_| ReadError::Number {
            line,
            column,
            text: text.to_string(),
        })
}

/// Reads the bytes of an export (UTF-8, with or without a BOM).
pub fn read(bytes: &[u8]) -> Result<Export, ReadError> {
    let text = std::str::from_utf8(bytes).map_err(|_| ReadError::NotUtf8)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header_line = text.lines().next().unwrap_or("").trim_end_matches('\r');
    let records = crate::export::records(text).map_err(|line| match line {
        1 => ReadError::Header {
            found: header_line.to_string(),
        },
        line => ReadError::OpenQuote { line },
    })?;
    let mut records = records.into_iter();
    match records.next() {
        Some((1, header)) if header == COLUMNS => {}
        _ => {
            return Err(ReadError::Header {
                found: header_line.to_string(),
            });
        }
    }
    let mut rows = Vec::new();
    let mut seen: BTreeMap<(UnitCode, NodeKind, String), usize> = BTreeMap::new();
    for (line, r) in records {
        if r.len() != COLUMNS.len() {
            return Err(ReadError::Columns {
                line,
                found: r.len(),
            });
        }
        let kind = kind(&r[3]).ok_or_else(|| ReadError::ItemType {
            line,
            text: r[3].clone(),
        })?;
        let rank = if r[9].is_empty() {
            None
        } else {
            Some(r[9].parse::<u32>().map_err(|_| ReadError::Number {
                line,
                column: "rank",
                text: r[9].clone(),
            })?)
        };
        // text fields as they were before the export's formula guard
        let text = |i: usize| crate::export::unguarded(&r[i]).to_string();
        let row = Row {
            line,
            year: r[0].clone(),
            unit: text(1).into(),
            unit_name: text(2),
            kind,
            code: text(4),
            name: text(5),
            value: number(line, "value", &r[6])?,
            score: number(line, "score", &r[7])?,
            max: number(line, "max_score", &r[8])?,
            rank,
            grade: text(10),
            flags: text(11),
            source: text(12),
        };
        let key = (row.unit.clone(), kind, row.code.clone());
        if let Some(&first) = seen.get(&key) {
            return Err(ReadError::Duplicate {
                line,
                first,
                unit: row.unit.into_string(),
                code: row.code,
            });
        }
        seen.insert(key, line);
        rows.push(row);
    }
    Ok(Export { rows })
}

/// An old and a new value that differ.
#[derive(Debug, Clone, PartialEq)]
pub struct Change<T> {
    pub old: T,
    pub new: T,
}

fn change<T: PartialEq + Clone>(old: &T, new: &T) -> Option<Change<T>> {
    (old != new).then(|| Change {
        old: old.clone(),
        new: new.clone(),
    })
}

/// Where a unit or an item is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// In both files.
    Both,
    /// Only in the old file.
    OldOnly,
    /// Only in the new file.
    NewOnly,
}

/// A field of the unit whose value changed: the known reason for an
/// indicator's change.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    pub code: FieldCode,
    pub value: Change<Option<Number>>,
    /// The new value comes from the city's review workbook (市级复核调整).
    pub reviewed: bool,
    /// The new value was set by a ruling on an objection: its cell.
    pub ruling: Option<String>,
}

/// Why an indicator changed, as far as the export tells.
#[derive(Debug, Clone, PartialEq)]
pub enum Cause {
    /// These values of the same unit changed.
    Fields(Vec<FieldChange>),
    /// No value of the unit changed (the rule, or other units, did).
    NoFieldChanged,
}

/// One item (row) of a unit that differs.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemChange {
    pub kind: NodeKind,
    pub code: String,
    pub name: String,
    pub presence: Presence,
    pub value: Option<Change<Option<Number>>>,
    pub score: Option<Change<Option<Number>>>,
    pub max: Option<Change<Option<Number>>>,
    /// Total only.
    pub rank: Option<Change<Option<u32>>>,
    /// Total only.
    pub grade: Option<Change<String>>,
    pub flags: Option<Change<String>>,
    pub source: Option<Change<String>>,
    /// The new source is a row of the city's review workbook.
    pub reviewed: bool,
    /// The new source is a ruling on an objection (申诉): its cell.
    pub ruling: Option<String>,
    /// Indicators whose value or points changed.
    pub cause: Option<Cause>,
}

/// A unit's total, rank and grade (for a unit found in one file only).
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    pub total: Option<Number>,
    pub rank: Option<u32>,
    pub grade: String,
}

/// One unit that differs.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitChange {
    pub unit: UnitCode,
    pub name: String,
    pub presence: Presence,
    /// Most important first: total (rank, grade), vetoes, groups, bonus,
    /// deductions, indicators, fields; within each kind in file order.
    pub items: Vec<ItemChange>,
    /// Units in one file only: where they stood.
    pub standing: Option<Standing>,
}

impl UnitChange {
    fn total(&self) -> Option<&ItemChange> {
        self.items
            .iter()
            .find(|i| i.kind == NodeKind::Total && i.presence == Presence::Both)
    }

    /// The unit's rank changed.
    pub fn rank_changed(&self) -> bool {
        self.total().is_some_and(|t| t.rank.is_some())
    }

    /// The unit's grade changed.
    pub fn grade_changed(&self) -> bool {
        self.total().is_some_and(|t| t.grade.is_some())
    }
}

/// What differs between two exports.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub old_years: Vec<String>,
    pub new_years: Vec<String>,
    /// Units that differ, in code order.
    pub units: Vec<UnitChange>,
    /// Units in both files.
    pub compared: usize,
}

impl Comparison {
    /// Nothing differs.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    pub fn ranks_changed(&self) -> usize {
        self.units.iter().filter(|u| u.rank_changed()).count()
    }

    pub fn grades_changed(&self) -> usize {
        self.units.iter().filter(|u| u.grade_changed()).count()
    }
}

/// Importance of a kind in the report (smaller first).
fn importance(kind: NodeKind) -> u8 {
    match kind {
        NodeKind::Total => 0,
        NodeKind::Veto => 1,
        NodeKind::Group => 2,
        NodeKind::Bonus => 3,
        NodeKind::Deduction => 4,
        NodeKind::Indicator => 5,
        NodeKind::Field => 6,
    }
}

/// The source is a row of the city's review workbook (`file!复核!F37`).
pub fn from_review(source: &str) -> bool {
    in_city_sheet(source, layout::CITY_REVIEW)
}

/// The source is a ruling on an objection (`file!申诉!I4`).
pub fn from_ruling(source: &str) -> bool {
    in_city_sheet(source, layout::CITY_OBJECTIONS)
}

fn in_city_sheet(source: &str, name: &str) -> bool {
    let mut parts = source.rsplitn(3, '!');
    let (_cell, sheet, file) = (parts.next(), parts.next(), parts.next());
    file.is_some() && sheet == Some(name)
}

fn item_change(old: Option<&Row>, new: Option<&Row>) -> Option<ItemChange> {
    let any = new.or(old)?;
    // the bonus-cap row speaks only when the points over the cap changed (its
    // value repeats the bonus items'); exports written before it had none,
    // and its absence is 0 points
    if any.code == crate::long::BONUS_CAP {
        let points = |r: Option<&Row>| r.and_then(|r| r.score.as_ref()).map_or(0.0, |s| s.value);
        if (points(old) - points(new)).abs() < 0.005 {
            return None;
        }
    }
    let presence = match (old, new) {
        (Some(_), Some(_)) => Presence::Both,
        (Some(_), None) => Presence::OldOnly,
        _ => Presence::NewOnly,
    };
    let pick = |f: fn(&Row) -> Option<Number>| (old.and_then(f), new.and_then(f));
    let (ov, nv) = pick(|r| r.value.clone());
    let (os, ns) = pick(|r| r.score.clone());
    let (om, nm) = pick(|r| r.max.clone());
    let text = |f: fn(&Row) -> &str| {
        (
            old.map(f).unwrap_or_default().to_string(),
            new.map(f).unwrap_or_default().to_string(),
        )
    };
    let (of, nf) = text(|r| r.flags.as_str());
    let (osrc, nsrc) = text(|r| r.source.as_str());
    let total = any.kind == NodeKind::Total;
    let (og, ng) = text(|r| r.grade.as_str());
    let item = ItemChange {
        kind: any.kind,
        code: any.code.clone(),
        name: any.name.clone(),
        presence,
        value: change(&ov, &nv),
        score: change(&os, &ns),
        max: change(&om, &nm),
        rank: if total {
            change(&old.and_then(|r| r.rank), &new.and_then(|r| r.rank))
        } else {
            None
        },
        grade: if total { change(&og, &ng) } else { None },
        flags: change(&of, &nf),
        source: change(&osrc, &nsrc),
        reviewed: osrc != nsrc && from_review(&nsrc),
        ruling: (osrc != nsrc && from_ruling(&nsrc)).then(|| nsrc.clone()),
        cause: None,
    };
    let changed = presence != Presence::Both
        || item.value.is_some()
        || item.score.is_some()
        || item.max.is_some()
        || item.rank.is_some()
        || item.grade.is_some()
        || item.flags.is_some()
        || item.source.is_some();
    changed.then_some(item)
}

fn standing(rows: &[&Row]) -> Standing {
    let total = rows.iter().find(|r| r.kind == NodeKind::Total);
    Standing {
        total: total.and_then(|r| r.score.clone()),
        rank: total.and_then(|r| r.rank),
        grade: total.map(|r| r.grade.clone()).unwrap_or_default(),
    }
}

/// Lines up two exports (by unit, item type and code: [`crate::long::line_up`])
/// and keeps what differs.
pub fn compare(old: &Export, new: &Export) -> crate::long::Result<Comparison> {
    let lined = crate::long::line_up(&keys(old), &keys(new))?;
    let mut units = Vec::new();
    let mut compared = 0;
    for (code, pairs) in &lined {
        let old_rows: Vec<&Row> = sorted(pairs.iter().filter_map(|p| p.0), old);
        let new_rows: Vec<&Row> = sorted(pairs.iter().filter_map(|p| p.1), new);
        let name = |rows: &[&Row]| {
            rows.first()
                .map(|r| r.unit_name.clone())
                .unwrap_or_default()
        };
        match (old_rows.is_empty(), new_rows.is_empty()) {
            (false, false) => {}
            (true, true) => continue,
            (in_new, _) => {
                let rows = if in_new { &new_rows } else { &old_rows };
                units.push(UnitChange {
                    unit: code.as_str().into(),
                    name: name(rows),
                    presence: if in_new {
                        Presence::NewOnly
                    } else {
                        Presence::OldOnly
                    },
                    items: Vec::new(),
                    standing: Some(standing(rows)),
                });
                continue;
            }
        }
        compared += 1;
        let mut items: Vec<ItemChange> = pairs
            .iter()
            .filter_map(|(o, n)| item_change(o.map(|o| &old.rows[o]), n.map(|n| &new.rows[n])))
            .collect();
        let fields: Vec<FieldChange> = items
            .iter()
            .filter(|i| i.kind == NodeKind::Field && i.presence == Presence::Both)
            .filter_map(|i| {
                i.value.clone().map(|value| FieldChange {
                    code: i.code.as_str().into(),
                    value,
                    reviewed: i.reviewed,
                    ruling: i.ruling.clone(),
                })
            })
            .collect();
        for item in &mut items {
            if item.kind == NodeKind::Indicator
                && item.presence == Presence::Both
                && (item.score.is_some() || item.value.is_some())
            {
                item.cause = Some(if fields.is_empty() {
                    Cause::NoFieldChanged
                } else {
                    Cause::Fields(fields.clone())
                });
            }
        }
        items.sort_by_key(|i| importance(i.kind));
        if !items.is_empty() {
            units.push(UnitChange {
                unit: code.as_str().into(),
                name: name(&new_rows),
                presence: Presence::Both,
                items,
                standing: None,
            });
        }
    }
    Ok(Comparison {
        old_years: old.years(),
        new_years: new.years(),
        units,
        compared,
    })
}

/// What lines up each row of an export with another's: unit, item type, code.
pub fn keys(export: &Export) -> Vec<Key<'_>> {
    export
        .rows
        .iter()
        .map(|r| Key {
            unit: &r.unit,
            kind: r.kind,
            code: &r.code,
        })
        .collect()
}

/// Rows of an export by their indexes, in file order.
fn sorted(rows: impl Iterator<Item = usize>, export: &Export) -> Vec<&Row> {
    let mut rows: Vec<usize> = rows.collect();
    rows.sort_unstable();
    rows.into_iter().map(|r| &export.rows[r]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::diff::difference;

    const HEADER: &str = "year,unit,unit_name,item_type,code,name,value,score,max_score,rank,grade,flags,source,self_value,self_score,difference";

    /// Rows written with the first 13 columns; the 自评 columns are left empty.
    fn export(rows: &[&str]) -> Export {
        let rows: Vec<String> = rows.iter().map(|r| format!("{r},,,")).collect();
        let text = format!("\u{feff}{HEADER}\r\n{}\r\n", rows.join("\r\n"));
        read(text.as_bytes()).expect("export")
    }

    fn num(text: &str) -> Number {
        Number {
            text: text.to_string(),
            value: text.parse().expect("number"),
        }
    }

    #[test]
    fn differences_keep_the_precision_written() {
        // 52.25 − 51.25 in binary is exactly 1, 7.93 − 6.93 is 1.0000000000000009
        assert_eq!(difference(&num("7.93"), &num("6.93")), "-1");
        assert_eq!(difference(&num("0.49"), &num("0.5")), "+0.01");
        assert_eq!(difference(&num("1"), &num("2")), "+1");
        assert_eq!(
            difference(&num("0.6666666666666666"), &num("0.5")),
            "-0.1666666666666666"
        );
    }

    #[test]
    fn quoted_fields_and_both_line_ends_are_read() {
        let text = format!(
            "{HEADER}\n2023,130123,正定县,indicator,A2,\"机构建设（机构,编制）\",0.6,3,5,16,,,\"a \"\"b\"\".xlsx!x!F1\",,,\n"
        );
        let e = read(text.as_bytes()).expect("export");
        assert_eq!(e.rows[0].name, "机构建设（机构,编制）");
        assert_eq!(e.rows[0].source, "a \"b\".xlsx!x!F1");
        assert_eq!(e.rows[0].line, 2);
    }

    #[test]
    fn a_wrong_header_is_named() {
        let err = read("a,b\r\n1,2\r\n".as_bytes()).expect_err("not an export");
        assert_eq!(
            err,
            ReadError::Header {
                found: "a,b".into()
            }
        );
        assert!(read(b"\xff\xfe").is_err());
    }

    #[test]
    fn numbers_compare_by_value_and_the_city_review_is_told() {
        let old = export(&[
            "2023,1,甲,field,drills,演练,2,,,,,,甲.xlsx!指标数据!F23",
            "2023,1,甲,field,x,其他,0,,,,,,甲.xlsx!指标数据!F24",
            "2023,1,甲,indicator,C2,演练,2,2,2,1,,,",
            "2023,1,甲,deduction,K1,迟报,,-0,3,,,,",
            "2023,1,甲,total,total,总分,52.25,52.25,105,20,不合格,,",
        ]);
        let new = export(&[
            "2023,1,甲,field,drills,演练,1,,,,,,市级复核表.xlsx!复核!F37",
            "2023,1,甲,field,x,其他,0.0,,,,,,甲.xlsx!指标数据!F24",
            "2023,1,甲,indicator,C2,演练,1,1,2,5,,,",
            "2023,1,甲,deduction,K1,迟报,,0,3,,,,",
            "2023,1,甲,total,total,总分,51.25,51.25,105,20,不合格,,",
        ]);
        let c = compare(&old, &new).unwrap();
        assert_eq!(c.units.len(), 1);
        let kinds: Vec<NodeKind> = c.units[0].items.iter().map(|i| i.kind).collect();
        // `0` = `0.0` and `-0` = `0`: no change; the indicator's own rank is not compared
        assert_eq!(
            kinds,
            [NodeKind::Total, NodeKind::Indicator, NodeKind::Field]
        );
        assert_eq!(
            c.render("初评.csv", "终评.csv", Lang::Zh),
            "比较 初评.csv → 终评.csv（2023年）\n\
             \n\
             1 甲\n  \
             总分：52.25 → 51.25 分（-1）\n  \
             指标 C2 演练：2 → 1 分（-1）；指标值 2 → 1；同单位数据有变化：drills 2 → 1（市级复核调整）\n  \
             数据 drills 演练：2 → 1（-1）；来源 甲.xlsx!指标数据!F23 → 市级复核表.xlsx!复核!F37（市级复核调整）\n\
             \n\
             有变化的单位 1 个，排名变化 0 个，等级变化 0 个\n"
        );
    }

    #[test]
    fn a_rank_moved_by_others_says_so() {
        let old = export(&[
            "2023,1,甲,total,total,总分,80,80,105,1,合格,,",
            "2023,2,乙,total,total,总分,70,70,105,2,合格,,",
            "2023,3,丙,total,total,总分,60,60,105,3,不合格,,",
        ]);
        let new = export(&[
            "2023,1,甲,total,total,总分,80,80,105,2,合格,,",
            "2023,2,乙,total,total,总分,90.5,90.5,105,1,优秀,,",
            "2023,4,丁,total,total,总分,50,50,105,3,不合格,,",
        ]);
        let c = compare(&old, &new).unwrap();
        assert_eq!(
            c.render("a.csv", "b.csv", Lang::En),
            "comparing a.csv → b.csv (2023)\n\
             \n\
             1 甲\n  \
             rank: 1 → 2 (down 1; this unit's total is unchanged: other units' totals changed)\n\
             \n\
             2 乙\n  \
             total: 70 → 90.5 points (+20.5)\n  \
             rank: 2 → 1 (up 1)\n  \
             grade: 合格 → 优秀\n\
             \n\
             3 丙\n  \
             only in a.csv: total 60, rank 3, grade 不合格\n\
             \n\
             4 丁\n  \
             only in b.csv: total 50, rank 3, grade 不合格\n\
             \n\
             4 units changed, 2 ranks changed, 1 grade changed\n"
        );
    }
}
