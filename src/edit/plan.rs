//! The plan: every row of the workbook read against the framework, giving the
//! ops to apply or the refusals, with their cells. Nothing is written here.

use std::collections::{BTreeMap, HashMap};

use toml::Spanned;

use crate::framework::check::{self, number};
use crate::framework::load::RawFramework;
use crate::framework::spec::IndicatorSpec;
use crate::report::rules::{
    self, BONUS_CAP_KEY, COL_CAP, COL_CODE, COL_KEY, COL_NAME, COL_PER, COL_POINTS, COL_TARGET,
    COL_TIERS, HEADER_ROW, NOTE_KEY, PARAM_COLUMNS,
};

use super::row::{Blank, Entry, Place, Slot};
use super::sheet::{Read, Sheet, read_number, same_opt, same_tiers, shown};
use super::tiers::{Tiers, parse_tiers};
use super::write::{Op, OpKind};
use super::{Change, Refusal, RefusalKind, StaleNote};

/// The edits found so far, and the refusals.
pub(super) struct Plan<'r, 's> {
    raw: &'r RawFramework,
    sheet: &'s Sheet<'s>,
    weighted: bool,
    entries: BTreeMap<String, Entry<'r>>,
    /// Keys met in the workbook, with their row.
    seen: HashMap<String, u32>,
    pub(super) ops: Vec<Op>,
    pub(super) refusals: Vec<Refusal>,
}

impl<'r, 's> Plan<'r, 's> {
    pub(super) fn new(raw: &'r RawFramework, sheet: &'s Sheet<'s>) -> Plan<'r, 's> {
        let mut entries = BTreeMap::new();
        let mut add = |entry: Entry<'r>| {
            entries
                .entry(rules::row_key(entry.section(), &entry.id()))
                .or_insert(entry);
        };
        raw.dimensions.iter().for_each(|a| add(Entry::Dimension(a)));
        raw.indicators.iter().for_each(|a| add(Entry::Indicator(a)));
        raw.bonus.iter().for_each(|a| add(Entry::Bonus(a)));
        raw.deductions.iter().for_each(|a| add(Entry::Deduction(a)));
        raw.vetoes.iter().for_each(|a| add(Entry::Veto(a)));
        raw.grades.iter().for_each(|a| add(Entry::Grade(a)));
        let weighted = raw
            .framework
            .as_ref()
            .is_some_and(|f| f.item.mode.get_ref() == "weighted-mean");
        Plan {
            raw,
            sheet,
            weighted,
            entries,
            seen: HashMap::new(),
            ops: Vec::new(),
            refusals: Vec::new(),
        }
    }

    fn refuse(&mut self, row: u32, col: u16, kind: RefusalKind) {
        self.refusals.push(Refusal {
            cell: self.sheet.cell(row, col),
            kind,
        });
    }

    pub(super) fn read_rows(&mut self) {
        let sheet = self.sheet;
        for &row in &sheet.rows {
            let Some(key) = sheet.text(row, COL_KEY) else {
                self.new_row(row);
                continue;
            };
            if key == NOTE_KEY {
                self.nothing_to_edit(row, "-", &[]);
                continue;
            }
            if key == BONUS_CAP_KEY {
                self.bonus_cap_row(row);
                continue;
            }
            let Some(entry) = self.entries.get(&key).copied() else {
                let code = id_of(&key);
                self.refuse(row, COL_CODE, RefusalKind::UnknownItem { code });
                continue;
            };
            if self.seen.contains_key(&key) {
                let code = id_of(&key);
                self.refuse(row, COL_CODE, RefusalKind::CopiedRow { code });
                continue;
            }
            self.seen.insert(key, row);
            self.item_row(row, entry);
        }
    }

    /// A row without a key: refused when it holds anything in the printed columns.
    fn new_row(&mut self, row: u32) {
        let first = (COL_CODE..COL_KEY).find_map(|col| self.sheet.text(row, col).map(|t| (col, t)));
        if let Some((col, text)) = first {
            self.refuse(row, col, RefusalKind::NewRow { text });
        }
    }

    /// Refuses an edited parameter cell in a column the row has nothing for.
    fn nothing_to_edit(&mut self, row: u32, code: &str, used: &[u16]) {
        for col in PARAM_COLUMNS {
            if used.contains(&col) {
                continue;
            }
            let now = self.sheet.text(row, col);
            let then = self.sheet.text(row, rules::original_column(col));
            if now.is_some() && now != then {
                self.refuse(
                    row,
                    col,
                    RefusalKind::NotApplicable {
                        code: code.into(),
                        column: column_name(col, self.weighted),
                        text: now.unwrap_or_default(),
                    },
                );
            }
        }
    }

    fn bonus_cap_row(&mut self, row: u32) {
        self.nothing_to_edit(row, BONUS_CAP_KEY, &[COL_CAP]);
        let Some(fw) = self.raw.framework.as_ref() else {
            return;
        };
        let slot = Slot::optional(
            "bonus-cap",
            fw.item.bonus_cap.as_ref().map(|c| *c.get_ref()),
            &["total", "mode"],
        );
        let place = Place {
            file: fw.file,
            section: "framework",
            id: String::new(),
            key: "framework.bonus-cap".into(),
        };
        self.number(row, COL_CAP, &slot, &place, None);
    }

    fn item_row(&mut self, row: u32, entry: Entry<'r>) {
        let sheet = self.sheet;
        let id = entry.id();
        if !matches!(entry, Entry::Grade(_)) {
            let code = sheet.text(row, COL_CODE).unwrap_or_default();
            if code != id {
                self.refuse(
                    row,
                    COL_CODE,
                    RefusalKind::CodeChanged { from: id, to: code },
                );
                return;
            }
        }
        let name = sheet.text(row, COL_NAME).unwrap_or_default();
        let expected = entry.name(sheet.lang);
        if name != expected {
            self.refuse(
                row,
                COL_NAME,
                RefusalKind::Renamed {
                    code: id,
                    from: expected,
                    to: name,
                },
            );
            return;
        }
        let mut slots: Vec<(u16, Slot)> = Vec::new();
        let mut tiers: Option<Tiers> = None;
        match entry {
            Entry::Dimension(a) => {
                slots.push((
                    COL_POINTS,
                    self.points_slot(
                        a.item.points.as_ref(),
                        a.item.weight.as_ref(),
                        &["parent", "name-en", "name"],
                    ),
                ));
            }
            Entry::Indicator(a) => {
                (slots, tiers) = self.indicator_slots(&a.item);
            }
            Entry::Bonus(a) => {
                slots.extend(points_and_cap(&a.item.points, a.item.max.as_ref()));
            }
            Entry::Deduction(a) => {
                slots.extend(points_and_cap(&a.item.points, a.item.max.as_ref()));
            }
            Entry::Veto(_) => {}
            Entry::Grade(a) => {
                slots.push((
                    COL_POINTS,
                    Slot::required("min-score", *a.item.min_score.get_ref()),
                ));
            }
        }
        let mut used: Vec<u16> = slots.iter().map(|(c, _)| *c).collect();
        if tiers.is_some() {
            used.push(COL_TIERS);
        }
        self.nothing_to_edit(row, &id, &used);
        let section = entry.section();
        for (col, slot) in &slots {
            let place = Place {
                file: entry.file(),
                section,
                id: id.clone(),
                key: format!("{section}.{id}.{}", slot.key),
            };
            let note = match entry {
                Entry::Indicator(a) if slot.key == "target" => a.item.note.clone(),
                _ => None,
            };
            self.number(row, *col, slot, &place, note);
        }
        if let Some((current, lower)) = tiers {
            self.tiers(row, entry.file(), &id, &current, lower);
        }
    }

    /// The number columns of an indicator, and its tiers (with whether lower is
    /// better) when it has them; the parameters depend on its method.
    fn indicator_slots(&self, i: &IndicatorSpec) -> (Vec<(u16, Slot)>, Option<Tiers>) {
        let mut slots = vec![(
            COL_POINTS,
            self.points_slot(i.points.as_ref(), i.weight.as_ref(), &["dimension"]),
        )];
        let default = self
            .raw
            .framework
            .as_ref()
            .and_then(|f| f.item.normalise.as_ref())
            .map_or("min-max", |n| n.get_ref().as_str());
        let method = i.method.as_ref().map_or(default, |m| m.get_ref().as_str());
        let current = |v: &Option<toml::Spanned<f64>>| v.as_ref().map(|v| *v.get_ref());
        match method {
            "target-ratio" => {
                if let Some(t) = current(&i.target) {
                    slots.push((COL_TARGET, Slot::required("target", t)));
                }
                let per = current(&i.target_per_people);
                slots.push((
                    COL_PER,
                    Slot::optional("target-per-people", per, &["target"]),
                ));
                let cap = Slot {
                    key: "cap",
                    current: current(&i.cap),
                    default: Some(1.0),
                    blank: Blank::Default,
                    after: &["target-per-people", "target"],
                };
                slots.push((COL_CAP, cap));
            }
            "distance-to-target" => {
                if let Some(t) = current(&i.target) {
                    slots.push((COL_TARGET, Slot::required("target", t)));
                }
            }
            "tiers" => {
                let lower = i.direction.as_ref().is_some_and(|d| d.get_ref() == "lower");
                let list = i.tiers.as_ref().map_or_else(Vec::new, |t| {
                    t.get_ref()
                        .iter()
                        .map(|t| {
                            let bound = if lower { t.at_most } else { t.at_least };
                            (bound.or(t.at_least).or(t.at_most).unwrap_or(0.0), t.share)
                        })
                        .collect()
                });
                return (slots, Some((list, lower)));
            }
            _ => {}
        }
        (slots, None)
    }

    /// The slot of the 分值 column: `points`, or `weight` (default 1) in a `weighted-mean` framework.
    fn points_slot(
        &self,
        points: Option<&toml::Spanned<f64>>,
        weight: Option<&toml::Spanned<f64>>,
        after: &'static [&'static str],
    ) -> Slot {
        if self.weighted {
            Slot {
                key: "weight",
                current: weight.map(|w| *w.get_ref()),
                default: Some(1.0),
                blank: Blank::Refuse,
                after,
            }
        } else {
            Slot {
                key: "points",
                current: points.map(|p| *p.get_ref()),
                default: None,
                blank: Blank::Refuse,
                after,
            }
        }
    }

    /// Compares a number cell with the value it was written with and the file's.
    fn number(&mut self, row: u32, col: u16, slot: &Slot, place: &Place, note: Option<String>) {
        let Place {
            file,
            section,
            id,
            key,
        } = place;
        let sheet = self.sheet;
        let example = shown(slot.effective().or(slot.default));
        let now = match read_number(sheet.value(row, col)) {
            Read::Number(n) => Some(n),
            Read::Blank => match slot.blank {
                Blank::Refuse => {
                    let kind = RefusalKind::Empty {
                        key: key.clone(),
                        example,
                    };
                    self.refuse(row, col, kind);
                    return;
                }
                Blank::Default => slot.default,
                Blank::Remove => None,
            },
            Read::NotNumber(text) => {
                let kind = RefusalKind::NotNumber {
                    key: key.clone(),
                    text,
                    example,
                };
                self.refuse(row, col, kind);
                return;
            }
        };
        let then = match read_number(sheet.value(row, rules::original_column(col))) {
            Read::Number(n) => Some(n),
            Read::Blank if slot.blank == Blank::Default => slot.default,
            _ => None,
        };
        let file_now = slot.effective();
        if same_opt(now, then) || same_opt(now, file_now) {
            return;
        }
        if !same_opt(then, file_now) {
            let kind = RefusalKind::Conflict {
                key: key.clone(),
                then: shown(then),
                file: shown(file_now),
                book: shown(now),
            };
            self.refuse(row, col, kind);
            return;
        }
        let what = match now {
            Some(value) => OpKind::Set {
                key: slot.key,
                value,
                after: slot.after,
            },
            None => OpKind::Remove { key: slot.key },
        };
        let stale_note = match (note, file_now) {
            (Some(note), Some(old)) if mentions(&note, &number(old)) => Some(StaleNote {
                key: format!("{section}.{id}.note"),
                note,
                old: number(old),
            }),
            _ => None,
        };
        self.ops.push(Op {
            file: *file,
            section,
            id: id.clone(),
            what,
            change: Change {
                key: key.clone(),
                from: shown(file_now),
                to: shown(now),
                cell: sheet.cell(row, col),
            },
            stale_note,
        });
    }

    fn tiers(&mut self, row: u32, file: usize, code: &str, current: &[(f64, f64)], lower: bool) {
        let sheet = self.sheet;
        let key = format!("indicator.{code}.tiers");
        let then_text = sheet.text(row, rules::original_column(COL_TIERS));
        let share_valued = then_text.as_deref().is_some_and(|t| t.contains('%'));
        let example = then_text
            .clone()
            .unwrap_or_else(|| rules::tiers_text(current, share_valued));
        let Some(now_text) = sheet.text(row, COL_TIERS) else {
            self.refuse(row, COL_TIERS, RefusalKind::Empty { key, example });
            return;
        };
        let now = match parse_tiers(&now_text, share_valued, lower) {
            Ok(now) => now,
            Err(reason) => {
                let kind = RefusalKind::BadTiers {
                    key,
                    text: now_text,
                    reason,
                    example,
                };
                self.refuse(row, COL_TIERS, kind);
                return;
            }
        };
        let then = then_text
            .as_deref()
            .and_then(|t| parse_tiers(t, share_valued, lower).ok())
            .unwrap_or_else(|| current.to_vec());
        if same_tiers(&now, &then) || same_tiers(&now, current) {
            return;
        }
        if !same_tiers(&then, current) {
            let kind = RefusalKind::Conflict {
                key,
                then: rules::tiers_text(&then, share_valued),
                file: rules::tiers_text(current, share_valued),
                book: rules::tiers_text(&now, share_valued),
            };
            self.refuse(row, COL_TIERS, kind);
            return;
        }
        self.ops.push(Op {
            file,
            section: "indicator",
            id: code.to_string(),
            what: OpKind::Tiers {
                lower,
                tiers: now.clone(),
            },
            change: Change {
                key,
                from: rules::tiers_text(current, share_valued),
                to: rules::tiers_text(&now, share_valued),
                cell: sheet.cell(row, COL_TIERS),
            },
            stale_note: None,
        });
    }

    /// Refuses every item of the framework whose row is not in the workbook,
    /// at the cell its row was written in (when the files still check).
    pub(super) fn missing_rows(&mut self) {
        let layout: Vec<String> = check::check(self.raw)
            .map(|fw| rules::row_keys(&fw))
            .unwrap_or_default();
        let missing: Vec<(String, Entry<'r>)> = self
            .entries
            .iter()
            .filter(|(key, _)| !self.seen.contains_key(*key))
            .map(|(key, entry)| (key.clone(), *entry))
            .collect();
        for (key, entry) in missing {
            let at = layout
                .iter()
                .position(|k| *k == key)
                .and_then(|i| u32::try_from(i).ok())
                .map_or(HEADER_ROW + 1, |i| HEADER_ROW + 1 + i);
            let name = entry.name(self.sheet.lang);
            let code = id_of(&key);
            self.refuse(at, COL_CODE, RefusalKind::DeletedRow { code, name });
        }
    }
}

/// The code (or grade name) in a row key: `D1` of `indicator:D1`.
fn id_of(key: &str) -> String {
    key.split_once(':').map_or(key, |(_, id)| id).to_string()
}

/// Whether `text` names the number `n` on its own (`每万人 20 人` names `20`, not `2`).
fn mentions(text: &str, n: &str) -> bool {
    let is_part = |c: char| c.is_ascii_digit() || c == '.';
    text.match_indices(n).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + n.len()..].chars().next();
        !before.is_some_and(is_part) && !after.is_some_and(is_part)
    })
}

/// The header of a parameter column, for messages.
fn column_name(col: u16, weighted: bool) -> &'static str {
    match col {
        COL_POINTS if weighted => "权重",
        COL_POINTS => "分值",
        COL_TARGET => "目标",
        COL_PER => "目标按人口",
        COL_CAP => "封顶",
        _ => "档次门槛",
    }
}

/// A bonus or deduction item's slots: its points (required) and its cap.
fn points_and_cap(points: &Spanned<f64>, max: Option<&Spanned<f64>>) -> [(u16, Slot); 2] {
    [
        (COL_POINTS, Slot::required("points", *points.get_ref())),
        (
            COL_CAP,
            Slot::optional("max", max.map(|m| *m.get_ref()), &["points"]),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_names_a_number_on_its_own() {
        assert!(mentions("目标：每万人 20 人", "20"));
        assert!(!mentions("目标：每万人 20 人", "2"));
        assert!(!mentions("目标：每万人 1.5 人", "5"));
        assert!(mentions("20", "20"));
    }
}
