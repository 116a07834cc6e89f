//! Who sent a file: every place a submission names its unit, cross-checked.
//!
//! A county's workbook names its unit in several places: the stamp's unit
//! code and unit name cells on 填报说明, the same two as custom document
//! properties, the title (A1 of 填报说明 and 指标数据) and the file name. A
//! county that filled in another county's template, or edited the locked
//! stamp, leaves them disagreeing; such a file is never assigned to either
//! unit ([`Identity::unit`] is an error naming every place and its value).
//!
//! A code names a unit when the registry has it (full-width digits read as
//! digits). A name, a title or a file name names a unit when it contains one
//! of the registry's names or former names whole, longest first: 井陉矿区 is
//! matched before 井陉县 and masks it, and “井陉” alone names no unit. A
//! place that names no unit (a file called `2023年报表.xlsx`, a title without
//! a name) says nothing and contradicts nothing. Pure: no I/O.

use crate::framework::Framework;
use crate::ingest::RawWorkbook;
use crate::ingest::{Grid, cell_text, reads_as};
use crate::layout as L;
use crate::location::CellRef;

/// A place where a file names its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Place {
    /// The stamp's 单位代码 cell.
    StampCode,
    /// The stamp's 单位名称 cell.
    StampName,
    /// The custom document property `assess-unit-code`.
    PropertyCode,
    /// The custom document property `assess-unit-name`.
    PropertyName,
    /// A sheet's title (A1 of 填报说明 or 指标数据).
    Title,
    /// The file's name.
    FileName,
    /// The stamp's 评估年度 cell.
    StampYear,
    /// The custom document property `assess-year`.
    PropertyYear,
}

/// What one place says.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub place: Place,
    /// The text as found there.
    pub value: String,
    /// The cell, for the stamp's cells and titles.
    pub cell: Option<CellRef>,
    /// The codes of the units it names (none: it names no registered unit).
    pub units: Vec<String>,
}

/// Every place of one file that names a unit, and every place naming its year.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Identity {
    pub claims: Vec<Claim>,
    /// The year's places (stamp, property, titles); `units` holds the year
    /// they name (`["2023"]`), empty when they name none.
    pub years: Vec<Claim>,
}

impl Identity {
    /// The unit all places that name one agree on; `None` when no place
    /// names a registered unit; `Err` with the places that name one when
    /// they disagree. Where several units remain possible (only texts that
    /// name two units at once), the stamp's code decides.
    pub fn unit(&self) -> Result<Option<String>, Vec<Claim>> {
        let naming: Vec<&Claim> = self.claims.iter().filter(|c| !c.units.is_empty()).collect();
        let Some(first) = naming.first() else {
            return Ok(None);
        };
        let common: Vec<&String> = first
            .units
            .iter()
            .filter(|u| naming.iter().all(|c| c.units.contains(u)))
            .collect();
        match common.as_slice() {
            [] => Err(naming.into_iter().cloned().collect()),
            [one] => Ok(Some((*one).clone())),
            several => {
                // only texts naming two units at once get here
                let by_code = self
                    .claims
                    .iter()
                    .filter(|c| matches!(c.place, Place::StampCode | Place::PropertyCode))
                    .find_map(|c| c.units.first())
                    .filter(|u| several.contains(u));
                Ok(Some(by_code.unwrap_or(several[0]).clone()))
            }
        }
    }

    /// The year all places naming one agree on; `Err` with those places when
    /// they disagree (last year's file with its 评估年度 cell changed, while
    /// its title and properties still say last year).
    pub fn year(&self) -> Result<Option<i32>, Vec<Claim>> {
        let mut named = self.years.iter().filter_map(|c| c.units.first());
        let Some(first) = named.next() else {
            return Ok(None);
        };
        if named.any(|y| y != first) {
            return Err(self
                .years
                .iter()
                .filter(|c| !c.units.is_empty())
                .cloned()
                .collect());
        }
        Ok(first.parse().ok())
    }
}

/// The year a stamp or property value names: `2023` or `2023年`.
pub fn year_of_value(text: &str) -> Option<i32> {
    let text = normalized_code(text);
    let year: i32 = text.trim_end_matches('年').trim().parse().ok()?;
    (1900..=2999).contains(&year).then_some(year)
}

/// The year a title names: the four digits of its leading `2023年度` (or `2023年`).
fn year_of_title(text: &str) -> Option<i32> {
    let text = text.trim();
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    let rest = &text[digits.len()..];
    (digits.len() == 4 && rest.starts_with('年'))
        .then(|| digits.parse().ok())
        .flatten()
}

/// A unit code as typed: trimmed, full-width digits (`１３０１２１`) read as
/// digits, invisible characters (zero-width spaces, a byte-order mark, soft
/// hyphens, pasted from web pages) dropped, and a number's `.0` (`130123.0`,
/// a code typed as text after a number format) left off.
pub fn normalized_code(text: &str) -> String {
    let code: String = text
        .trim()
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
            )
        })
        .map(|c| match c {
            '０'..='９' => {
                char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or(c)
            }
            _ => c,
        })
        .collect();
    let code = code.trim();
    match code.strip_suffix(".0") {
        Some(digits) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {
            digits.to_string()
        }
        _ => code.to_string(),
    }
}

/// The units a text names: the registry's names and former names contained
/// in it whole, longest first, each match masking the text it covers.
pub fn units_named(fw: &Framework, text: &str) -> Vec<String> {
    let mut names: Vec<(&str, &str)> = fw
        .units
        .iter()
        .flat_map(|u| {
            std::iter::once(u.name.as_str())
                .chain(u.former_names.iter().map(String::as_str))
                .map(move |n| (n, u.code.as_str()))
        })
        .filter(|(n, _)| !n.is_empty())
        .collect();
    names.sort_by_key(|(n, _)| std::cmp::Reverse(n.chars().count()));
    let mut rest = text.to_string();
    let mut out: Vec<String> = Vec::new();
    for (name, code) in names {
        if rest.contains(name) {
            rest = rest.replace(name, "\u{0}");
            if !out.iter().any(|c| c == code) {
                out.push(code.to_string());
            }
        }
    }
    out
}

/// Every place of `wb` (found at `file`) that names a unit.
pub fn identify(fw: &Framework, wb: &RawWorkbook, file: &str) -> Identity {
    let mut claims = Vec::new();
    let code_claim = |place, value: &str, cell| {
        let code = normalized_code(value);
        // resolved as the intake resolves the stamp's code (a unit's name or
        // former name typed there names that unit), so that the unit the
        // file would be given is always one of the claims compared
        let units = fw
            .unit(&code)
            .map(|u| vec![u.code.to_string()])
            .unwrap_or_default();
        Claim {
            place,
            value: value.trim().to_string(),
            cell,
            units,
        }
    };
    let name_claim = |place, value: &str, cell| Claim {
        place,
        value: value.trim().to_string(),
        cell,
        units: units_named(fw, value),
    };
    // the stamp's cells: on 填报说明 first, then on any sheet (as `extract::stamp` reads them)
    for (label, place) in [
        (L::STAMP_UNIT_CODE, Place::StampCode),
        (L::STAMP_UNIT_NAME, Place::StampName),
    ] {
        if let Some((value, cell)) = stamp_cell(wb, label) {
            claims.push(if place == Place::StampCode {
                code_claim(place, &value, Some(cell))
            } else {
                name_claim(place, &value, Some(cell))
            });
        }
    }
    if let Some(value) = wb.properties.get(L::PROP_UNIT_CODE) {
        claims.push(code_claim(Place::PropertyCode, value, None));
    }
    if let Some(value) = wb.properties.get(L::PROP_UNIT_NAME) {
        claims.push(name_claim(Place::PropertyName, value, None));
    }
    for (text, cell) in titles(wb) {
        let claim = name_claim(Place::Title, &text, Some(cell));
        if !claim.units.is_empty() {
            claims.push(claim);
        }
    }
    let name = crate::location::file_name(file);
    let claim = name_claim(Place::FileName, &name, None);
    if !claim.units.is_empty() {
        claims.push(claim);
    }
    Identity {
        claims,
        years: years(wb),
    }
}

/// Every place of `wb` naming its year: the stamp's 评估年度 cell, the
/// property, the titles. (Not the file name: a date of sending in it is no year claim.)
fn years(wb: &RawWorkbook) -> Vec<Claim> {
    let claim = |place, value: &str, cell, year: Option<i32>| Claim {
        place,
        value: value.trim().to_string(),
        cell,
        units: year.map(|y| y.to_string()).into_iter().collect(),
    };
    let mut out = Vec::new();
    if let Some((value, cell)) = stamp_cell(wb, L::STAMP_YEAR) {
        out.push(claim(
            Place::StampYear,
            &value,
            Some(cell),
            year_of_value(&value),
        ));
    }
    if let Some(value) = wb.properties.get(L::PROP_YEAR) {
        out.push(claim(
            Place::PropertyYear,
            value,
            None,
            year_of_value(value),
        ));
    }
    for (text, cell) in titles(wb) {
        if let Some(year) = year_of_title(&text) {
            out.push(claim(Place::Title, &text, Some(cell), Some(year)));
        }
    }
    out
}

/// The titles of 填报说明 and 指标数据 (their A1) with their cells.
fn titles(wb: &RawWorkbook) -> impl Iterator<Item = (String, CellRef)> + '_ {
    wb.sheets
        .iter()
        .filter(|s| s.name == L::SHEET_GUIDE || s.name == L::SHEET_DATA)
        .filter_map(|sheet| {
            let cell = sheet.cells.first().filter(|c| c.row == 0 && c.col == 0)?;
            Some((cell_text(&cell.value), CellRef::new(&sheet.name, 0, 0)))
        })
}

/// The value beside a stamp label (within three cells to its right) and its
/// cell: the guide sheet first, then the other sheets in order. The search
/// stops at another label: an emptied code cell has no value, it does not
/// read the 统计时段 label beside it as the code.
pub fn stamp_cell(wb: &RawWorkbook, label: &str) -> Option<(String, CellRef)> {
    let mut sheets: Vec<_> = wb.sheets.iter().collect();
    sheets.sort_by_key(|s| s.name != L::SHEET_GUIDE);
    for sheet in sheets {
        let grid = Grid::new(sheet);
        for cell in sheet.cells.iter().filter(|c| reads_as(&c.value, label)) {
            let found = (cell.col + 1..cell.col + 4)
                .map(|c| (grid.text(cell.row, c), c))
                .find(|(t, _)| !t.trim().is_empty())
                .filter(|(t, _)| !is_label(t));
            if let Some((value, col)) = found {
                return Some((value.trim().to_string(), grid.cell_ref(cell.row, col)));
            }
        }
    }
    None
}

/// Whether a text is one of the guide sheet's labels (the stamp's or those beside it).
fn is_label(text: &str) -> bool {
    let text = text.trim();
    L::STAMP_LABELS
        .iter()
        .chain(L::GUIDE_SIDE_LABELS.iter())
        .chain([&L::STAMP_FRAMEWORK_BEFORE])
        .any(|l| *l == text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fw() -> Framework {
        crate::framework::load(None).expect("default framework")
    }

    #[test]
    fn names_are_matched_whole_and_longest_first() {
        let fw = fw();
        // 井陉矿区 (130107) masks the 井陉 in it; 井陉县 is 130121
        assert_eq!(units_named(&fw, "2023-井陉矿区-填报表.xlsx"), ["130107"]);
        assert_eq!(units_named(&fw, "井陉县.xlsx"), ["130121"]);
        // “井陉” alone is no unit's name
        assert!(units_named(&fw, "井陉2023.xlsx").is_empty());
        assert!(units_named(&fw, "2023年报表(终版).xlsx").is_empty());
        // a former name names its unit: 鹿泉市 → 鹿泉区 (130110)
        assert_eq!(units_named(&fw, "鹿泉市红十字会.xlsx"), ["130110"]);
        // two units in one name: both, longest first
        assert_eq!(units_named(&fw, "正定县与新乐市.xlsx").len(), 2);
    }

    #[test]
    fn full_width_digits_in_a_code_read_as_digits() {
        assert_eq!(normalized_code(" １３０１２１ "), "130121");
        assert_eq!(normalized_code("130121"), "130121");
        // a zero-width space pasted in, a number's .0 typed as text
        assert_eq!(normalized_code("130\u{200B}121"), "130121");
        assert_eq!(normalized_code("130121.0"), "130121");
        // a name or other text is left as it is
        assert_eq!(normalized_code("井陉县"), "井陉县");
        assert_eq!(normalized_code("1.0.0"), "1.0.0");
    }

    fn claim(place: Place, units: &[&str]) -> Claim {
        Claim {
            place,
            value: String::new(),
            cell: None,
            units: units.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn places_agree_disagree_or_say_nothing() {
        // code 井陉县, name and file name 正定县: a contradiction naming the three
        let id = Identity {
            claims: vec![
                claim(Place::StampCode, &["130121"]),
                claim(Place::StampName, &["130123"]),
                claim(Place::FileName, &["130123"]),
            ],
            years: Vec::new(),
        };
        assert_eq!(id.unit().expect_err("contradiction").len(), 3);
        // a place naming no unit contradicts nothing
        let id = Identity {
            claims: vec![
                claim(Place::StampCode, &["130123"]),
                claim(Place::StampName, &[]),
            ],
            years: Vec::new(),
        };
        assert_eq!(id.unit(), Ok(Some("130123".to_string())));
        // a file name naming two units, one of them the stamp's: the stamp's
        let id = Identity {
            claims: vec![
                claim(Place::StampCode, &["130123"]),
                claim(Place::FileName, &["130184", "130123"]),
            ],
            years: Vec::new(),
        };
        assert_eq!(id.unit(), Ok(Some("130123".to_string())));
        assert_eq!(Identity::default().unit(), Ok(None));
    }

    #[test]
    fn years_agree_disagree_or_say_nothing() {
        assert_eq!(
            year_of_title("2022年度正定县红十字会核心能力评估填报表"),
            Some(2022)
        );
        assert_eq!(year_of_title("正定县红十字会填报表"), None);
        assert_eq!(year_of_title("20221年"), None);
        assert_eq!(year_of_value("２０２３"), Some(2023));
        assert_eq!(year_of_value("2023年"), Some(2023));
        assert_eq!(year_of_value("今年"), None);
        // the stamp says 2023, a title and the property 2022: a contradiction of three places
        let id = Identity {
            claims: Vec::new(),
            years: vec![
                claim(Place::StampYear, &["2023"]),
                claim(Place::PropertyYear, &["2022"]),
                claim(Place::Title, &["2022"]),
            ],
        };
        assert_eq!(id.year().expect_err("contradiction").len(), 3);
        let id = Identity {
            claims: Vec::new(),
            years: vec![claim(Place::StampYear, &["2023"]), claim(Place::Title, &[])],
        };
        assert_eq!(id.year(), Ok(Some(2023)));
    }
}
