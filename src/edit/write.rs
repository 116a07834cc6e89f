//! The ops and how they are applied with `toml_edit`: numbers replaced in
//! place, keys inserted after their anchor, tiers in their old layout.

use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, Value};

use super::sheet::same;
use super::{Change, StaleNote};

/// A change to one table of one file.
#[derive(Debug, Clone)]
pub(super) struct Op {
    pub(super) file: usize,
    /// The TOML section (`indicator`), and the code (or grade name) of the element;
    /// `framework` with an empty id for the `[framework]` table.
    pub(super) section: &'static str,
    pub(super) id: String,
    pub(super) what: OpKind,
    pub(super) change: Change,
    pub(super) stale_note: Option<StaleNote>,
}

#[derive(Debug, Clone)]
pub(super) enum OpKind {
    Set {
        key: &'static str,
        value: f64,
        after: &'static [&'static str],
    },
    Remove {
        key: &'static str,
    },
    Tiers {
        lower: bool,
        tiers: Vec<(f64, f64)>,
    },
}

/// A number for the file: a whole number without decimals unless the value it
/// replaces was written with them (`2.0`).
fn toml_number(v: f64, float: bool) -> Value {
    if !float && v.fract() == 0.0 && v.abs() < 1e15 {
        // whole and small: the cast is exact
        #[allow(clippy::cast_possible_truncation)]
        Value::from(v as i64)
    } else {
        Value::from(v)
    }
}

/// Replaces a number, keeping the spaces and comment around it and its style.
fn replace_number(old: &mut Value, v: f64) {
    let decor = old.decor().clone();
    let mut new = toml_number(v, old.is_float());
    *new.decor_mut() = decor;
    *old = new;
}

/// The table an op works on.
enum Target<'d> {
    Table(&'d mut Table),
    Inline(&'d mut InlineTable),
}

fn find<'d>(doc: &'d mut DocumentMut, section: &str, id: &str) -> Option<Target<'d>> {
    let id_key = if section == "grade" { "name" } else { "code" };
    let matches = |v: Option<&str>| v == Some(id);
    match doc.as_table_mut().get_mut(section)? {
        Item::Table(t) if id.is_empty() => Some(Target::Table(t)),
        Item::ArrayOfTables(tables) => tables
            .iter_mut()
            .find(|t| matches(t.get(id_key).and_then(Item::as_str)))
            .map(Target::Table),
        Item::Value(Value::Array(array)) => array
            .iter_mut()
            .filter_map(Value::as_inline_table_mut)
            .find(|t| matches(t.get(id_key).and_then(Value::as_str)))
            .map(Target::Inline),
        _ => None,
    }
}

/// Applies one op to a parsed file.
pub(super) fn apply(doc: &mut DocumentMut, op: &Op) -> Result<(), String> {
    let not_found = || format!("no [[{}]] with `{}`", op.section, op.id);
    let target = find(doc, op.section, &op.id).ok_or_else(not_found)?;
    match (&op.what, target) {
        (OpKind::Set { key, value, after }, Target::Table(t)) => {
            match t.get_mut(key).and_then(Item::as_value_mut) {
                Some(old) => replace_number(old, *value),
                None => insert_after(t, key, toml_number(*value, false), after),
            }
        }
        (OpKind::Set { key, value, .. }, Target::Inline(t)) => match t.get_mut(key) {
            Some(old) => replace_number(old, *value),
            None => {
                t.insert(*key, toml_number(*value, false).decorated(" ", " "));
            }
        },
        (OpKind::Remove { key }, Target::Table(t)) => {
            t.remove(key);
        }
        (OpKind::Remove { key }, Target::Inline(t)) => {
            t.remove(key);
        }
        (OpKind::Tiers { lower, tiers }, target) => {
            let item = match target {
                Target::Table(t) => t.get_mut("tiers").and_then(Item::as_value_mut),
                Target::Inline(t) => t.get_mut("tiers"),
            };
            let array = item.and_then(Value::as_array_mut).ok_or_else(|| {
                format!("`indicator.{}.tiers` is not a list of inline tables", op.id)
            })?;
            set_tiers(array, *lower, tiers);
        }
    }
    Ok(())
}

/// Inserts a key after the first of `after` that the table has (else at its end),
/// moving the keys behind it down.
fn insert_after(t: &mut Table, key: &str, value: Value, after: &[&str]) {
    let keys: Vec<String> = t.iter().map(|(k, _)| k.to_string()).collect();
    let anchor = after.iter().find_map(|a| keys.iter().position(|k| k == a));
    let behind: Vec<String> = match anchor {
        Some(i) => keys[i + 1..].to_vec(),
        None => Vec::new(),
    };
    let moved: Vec<_> = behind.iter().filter_map(|k| t.remove_entry(k)).collect();
    t.insert(key, Item::Value(value));
    for (k, item) in moved {
        t.insert_formatted(&k, item);
    }
}

/// Writes new tiers: value by value when their number is unchanged, else the
/// whole list in the layout of the old one (one tier a line, or all on one).
fn set_tiers(array: &mut Array, lower: bool, tiers: &[(f64, f64)]) {
    let bound = if lower { "at-most" } else { "at-least" };
    if array.len() == tiers.len() {
        for (value, (threshold, share)) in array.iter_mut().zip(tiers) {
            let Some(t) = value.as_inline_table_mut() else {
                continue;
            };
            for (key, v) in [(bound, *threshold), ("share", *share)] {
                match t.get_mut(key) {
                    Some(old) => {
                        #[allow(clippy::cast_precision_loss)] // thresholds are small
                        let was = old.as_float().or(old.as_integer().map(|i| i as f64));
                        if !was.is_some_and(|was| same(was, v)) {
                            replace_number(old, v);
                        }
                    }
                    None => {
                        t.insert(key, toml_number(v, false));
                    }
                }
            }
        }
        return;
    }
    let first = array.get(0).and_then(Value::as_inline_table);
    let float_of = |key: &str| first.and_then(|t| t.get(key)).is_some_and(Value::is_float);
    let (float_bound, float_share) = (float_of(bound), float_of("share"));
    let prefix = array
        .get(0)
        .and_then(|v| v.decor().prefix())
        .and_then(|p| p.as_str())
        .unwrap_or("")
        .to_string();
    let multiline = prefix.contains('\n');
    let trailing = array.trailing().as_str().unwrap_or("").to_string();
    array.clear();
    for (i, (threshold, share)) in tiers.iter().enumerate() {
        let mut t = InlineTable::new();
        t.insert(bound, toml_number(*threshold, float_bound));
        t.insert("share", toml_number(*share, float_share));
        t.fmt();
        let lead = if multiline {
            prefix.clone()
        } else if i == 0 {
            String::new()
        } else {
            " ".to_string()
        };
        array.push_formatted(Value::InlineTable(t).decorated(lead, ""));
    }
    if multiline {
        array.set_trailing_comma(true);
        array.set_trailing(if trailing.contains('\n') {
            trailing
        } else {
            "\n".to_string()
        });
    }
}

/// `toml_edit` writes `\n`: a file written with Windows line ends (`\r\n`) keeps them.
pub(super) fn line_ends_like(original: &str, text: &str) -> String {
    if original.contains("\r\n") {
        text.replace("\r\n", "\n").replace('\n', "\r\n")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::location::CellRef;

    fn edited(text: &str, op: OpKind) -> String {
        let mut doc: DocumentMut = text.parse().expect("toml");
        let op = Op {
            file: 0,
            section: "indicator",
            id: "B1".into(),
            what: op,
            change: Change {
                key: String::new(),
                from: String::new(),
                to: String::new(),
                cell: CellRef::new("评分细则", 0, 0),
            },
            stale_note: None,
        };
        apply(&mut doc, &op).expect("applied");
        line_ends_like(text, &doc.to_string())
    }

    const B1: &str = "# before\n[[indicator]]\ncode = \"B1\"  # the code\npoints = 3\ntarget = 2.0 # two\nnote = \"x\"\ntiers = [\n  { at-least = 0.6, share = 0.6 },\n  { at-least = 1.0, share = 1.0 },\n]\n\n# after\n[[indicator]]\ncode = \"B2\"\npoints = 2\n";

    #[test]
    fn a_number_is_replaced_in_place_with_its_comment_and_style() {
        let out = edited(
            B1,
            OpKind::Set {
                key: "target",
                value: 2.5,
                after: &[],
            },
        );
        assert_eq!(out, B1.replace("target = 2.0 # two", "target = 2.5 # two"));
        let out = edited(
            B1,
            OpKind::Set {
                key: "points",
                value: 4.0,
                after: &[],
            },
        );
        assert_eq!(out, B1.replace("points = 3\n", "points = 4\n"));
    }

    #[test]
    fn a_new_key_goes_after_its_anchor() {
        let out = edited(
            B1,
            OpKind::Set {
                key: "cap",
                value: 0.8,
                after: &["target-per-people", "target"],
            },
        );
        assert_eq!(
            out,
            B1.replace("target = 2.0 # two\n", "target = 2.0 # two\ncap = 0.8\n")
        );
        let out = edited(B1, OpKind::Remove { key: "note" });
        assert_eq!(out, B1.replace("note = \"x\"\n", ""));
    }

    #[test]
    fn tiers_keep_their_layout() {
        let out = edited(
            B1,
            OpKind::Tiers {
                lower: false,
                tiers: vec![(0.5, 0.6), (1.0, 1.0)],
            },
        );
        assert_eq!(out, B1.replace("at-least = 0.6,", "at-least = 0.5,"));
        let out = edited(
            B1,
            OpKind::Tiers {
                lower: false,
                tiers: vec![(0.5, 0.5), (0.8, 0.8), (1.0, 1.0)],
            },
        );
        assert_eq!(
            out,
            B1.replace(
                "  { at-least = 0.6, share = 0.6 },\n",
                "  { at-least = 0.5, share = 0.5 },\n  { at-least = 0.8, share = 0.8 },\n"
            )
        );
        let one_line = "[[indicator]]\ncode = \"B1\"\ntiers = [{ at-least = 1, share = 1.0 }]\n";
        let out = edited(
            one_line,
            OpKind::Tiers {
                lower: false,
                tiers: vec![(1.0, 0.5), (2.0, 1.0)],
            },
        );
        assert_eq!(
            out,
            "[[indicator]]\ncode = \"B1\"\ntiers = [{ at-least = 1, share = 0.5 }, { at-least = 2, share = 1.0 }]\n"
        );
    }

    #[test]
    fn windows_line_ends_are_kept() {
        let text = B1.replace('\n', "\r\n");
        let out = edited(
            &text,
            OpKind::Set {
                key: "points",
                value: 4.0,
                after: &[],
            },
        );
        assert_eq!(out, text.replace("points = 3\r\n", "points = 4\r\n"));
    }
}
