//! What `assess diff` prints: every change between two exports, per unit,
//! most important first, in words a clerk can check against the files.

use crate::diff::{Cause, Change, Comparison, ItemChange, Number, Presence};
use crate::lang::Lang;
use crate::score::NodeKind;

const NONE: &str = "—";

fn shown(n: &Option<Number>) -> &str {
    n.as_ref().map_or(NONE, |n| n.text.as_str())
}

fn text_or_none(t: &str) -> &str {
    if t.is_empty() { NONE } else { t }
}

/// Digits after the decimal point as written; `None` for exponent notation.
fn decimals(text: &str) -> Option<usize> {
    if text.contains(['e', 'E']) {
        return None;
    }
    Some(text.split_once('.').map_or(0, |(_, d)| d.len()))
}

/// `new − old` with a sign, to the precision the numbers were written in:
/// `52.25 → 51.25` gives `-1`, not `-1.0000000000000009`.
pub fn difference(old: &Number, new: &Number) -> String {
    let d = new.value - old.value;
    let mut text = match (decimals(&old.text), decimals(&new.text)) {
        (Some(a), Some(b)) => {
            let t = format!("{:.*}", a.max(b).min(17), d);
            if t.contains('.') {
                t.trim_end_matches('0').trim_end_matches('.').to_string()
            } else {
                t
            }
        }
        _ => format!("{d}"),
    };
    if text == "0" || text == "-0" {
        text = format!("{d}");
    }
    if d > 0.0 { format!("+{text}") } else { text }
}

/// `2 → 1` and, when both are numbers, the difference.
fn arrow(change: &Change<Option<Number>>) -> (String, Option<String>) {
    let text = format!("{} → {}", shown(&change.old), shown(&change.new));
    let diff = match (&change.old, &change.new) {
        (Some(o), Some(n)) => Some(difference(o, n)),
        _ => None,
    };
    (text, diff)
}

fn paren(lang: Lang, inner: &str) -> String {
    lang.pick(format!("（{inner}）"), format!(" ({inner})"))
}

fn kind_label(kind: NodeKind, lang: Lang) -> &'static str {
    match kind {
        NodeKind::Field => lang.pick("数据", "field"),
        NodeKind::Indicator => lang.pick("指标", "indicator"),
        NodeKind::Group => lang.pick("维度", "dimension"),
        NodeKind::Bonus => lang.pick("加分", "bonus"),
        NodeKind::Deduction => lang.pick("扣分", "deduction"),
        NodeKind::Veto => lang.pick("否决", "veto"),
        NodeKind::Total => lang.pick("总分", "total"),
    }
}

/// The label of an item's value when its points come first.
fn value_label(kind: NodeKind, lang: Lang) -> &'static str {
    match kind {
        NodeKind::Indicator => lang.pick("指标值", "value"),
        NodeKind::Bonus => lang.pick("数量", "count"),
        NodeKind::Deduction => lang.pick("次数", "count"),
        _ => lang.pick("值", "value"),
    }
}

/// Fields and vetoes are values; the rest are points.
fn is_value(kind: NodeKind) -> bool {
    matches!(kind, NodeKind::Field | NodeKind::Veto)
}

fn points(lang: Lang, change: &Change<Option<Number>>) -> String {
    let (text, diff) = arrow(change);
    let unit = lang.pick(" 分", " points");
    match diff {
        Some(d) => format!("{text}{unit}{}", paren(lang, &d)),
        None => format!("{text}{unit}"),
    }
}

fn plain(lang: Lang, change: &Change<Option<Number>>) -> String {
    let (text, diff) = arrow(change);
    match diff {
        Some(d) => format!("{text}{}", paren(lang, &d)),
        None => text,
    }
}

fn reviewed_note(lang: Lang) -> String {
    paren(
        lang,
        lang.pick("市级复核调整", "adjusted in the city's review"),
    )
}

/// `（申诉裁定）`, or with the ruling's cell when the line does not show it.
fn ruling_note(lang: Lang, cell: Option<&str>) -> String {
    paren(
        lang,
        &match cell {
            Some(cell) => lang.pick(
                format!("申诉裁定，见 {cell}"),
                format!("ruled on objection, {cell}"),
            ),
            None => lang.pick("申诉裁定", "ruled on objection").to_string(),
        },
    )
}

/// The parts of an item's line after its label.
fn item_parts(item: &ItemChange, old_file: &str, new_file: &str, lang: Lang) -> Vec<String> {
    let mut parts = Vec::new();
    if item.presence != Presence::Both {
        let file = if item.presence == Presence::OldOnly {
            old_file
        } else {
            new_file
        };
        let side = |c: &Option<Change<Option<Number>>>| {
            c.as_ref().and_then(|c| {
                if item.presence == Presence::OldOnly {
                    c.old.clone()
                } else {
                    c.new.clone()
                }
            })
        };
        let what = if is_value(item.kind) {
            side(&item.value).map(|v| v.text)
        } else {
            side(&item.score).map(|s| format!("{}{}", s.text, lang.pick(" 分", " points")))
        };
        let only = lang.pick(format!("仅在 {file} 中"), format!("only in {file}"));
        parts.push(match what {
            Some(w) => format!("{only}{}", paren(lang, &w)),
            None => only,
        });
        return parts;
    }
    if is_value(item.kind) {
        if let Some(v) = &item.value {
            parts.push(plain(lang, v));
        }
        if let Some(s) = &item.score {
            parts.push(format!(
                "{} {}",
                lang.pick("得分", "points"),
                plain(lang, s)
            ));
        }
    } else {
        if let Some(s) = &item.score {
            parts.push(points(lang, s));
        }
        if let Some(v) = &item.value
            && item.kind != NodeKind::Total
        {
            parts.push(changed(
                value_label(item.kind, lang),
                shown(&v.old),
                shown(&v.new),
            ));
        }
    }
    if let Some(m) = &item.max {
        parts.push(changed(
            lang.pick("满分", "max"),
            shown(&m.old),
            shown(&m.new),
        ));
    }
    if let Some(f) = &item.flags {
        parts.push(changed(
            lang.pick("标记", "flags"),
            text_or_none(&f.old),
            text_or_none(&f.new),
        ));
    }
    if let Some(s) = &item.source {
        let note = if item.reviewed {
            reviewed_note(lang)
        } else if item.ruling.is_some() {
            ruling_note(lang, None)
        } else {
            String::new()
        };
        let source = changed(
            lang.pick("来源", "source"),
            text_or_none(&s.old),
            text_or_none(&s.new),
        );
        parts.push(format!("{source}{note}"));
    }
    match &item.cause {
        Some(Cause::Fields(fields)) => {
            let list: Vec<String> = fields
                .iter()
                .map(|f| {
                    let note = match (&f.ruling, f.reviewed) {
                        (Some(cell), _) => ruling_note(lang, Some(cell)),
                        (None, true) => reviewed_note(lang),
                        (None, false) => String::new(),
                    };
                    format!(
                        "{} {} → {}{note}",
                        f.code,
                        shown(&f.value.old),
                        shown(&f.value.new)
                    )
                })
                .collect();
            parts.push(lang.pick(
                format!("同单位数据有变化：{}", list.join("、")),
                format!("values changed in the same unit: {}", list.join(", ")),
            ));
        }
        Some(Cause::NoFieldChanged) => parts.push(
            lang.pick("本单位数据未变", "no value of this unit changed")
                .to_string(),
        ),
        None => {}
    }
    parts
}

/// The lines of the total: points, rank, grade.
fn total_lines(item: &ItemChange, lang: Lang) -> Vec<String> {
    let mut lines = Vec::new();
    let sep = lang.pick("；", "; ");
    let mut parts = Vec::new();
    if let Some(s) = &item.score {
        parts.push(points(lang, s));
    }
    if let Some(m) = &item.max {
        parts.push(changed(
            lang.pick("满分", "max"),
            shown(&m.old),
            shown(&m.new),
        ));
    }
    if let Some(f) = &item.flags {
        parts.push(changed(
            lang.pick("标记", "flags"),
            text_or_none(&f.old),
            text_or_none(&f.new),
        ));
    }
    if !parts.is_empty() {
        lines.push(format!(
            "{}{}{}",
            kind_label(NodeKind::Total, lang),
            lang.pick("：", ": "),
            parts.join(sep)
        ));
    }
    let same_total = item.score.is_none();
    if let Some(r) = &item.rank {
        let show = |r: Option<u32>| r.map_or(NONE.to_string(), |r| r.to_string());
        let mut notes = Vec::new();
        if let (Some(o), Some(n)) = (r.old, r.new) {
            notes.push(if n < o {
                lang.pick(format!("上升 {} 位", o - n), format!("up {}", o - n))
            } else {
                lang.pick(format!("下降 {} 位", n - o), format!("down {}", n - o))
            });
        }
        if same_total {
            notes.push(
                lang.pick(
                    "本单位总分未变，系其他单位总分变化所致",
                    "this unit's total is unchanged: other units' totals changed",
                )
                .to_string(),
            );
        }
        let note = if notes.is_empty() {
            String::new()
        } else {
            paren(lang, &notes.join(sep))
        };
        lines.push(format!(
            "{}{} → {}{note}",
            lang.pick("排名：", "rank: "),
            show(r.old),
            show(r.new)
        ));
    }
    if let Some(g) = &item.grade {
        let note = if same_total {
            paren(
                lang,
                lang.pick("本单位总分未变", "this unit's total is unchanged"),
            )
        } else {
            String::new()
        };
        lines.push(format!(
            "{}{} → {}{note}",
            lang.pick("等级：", "grade: "),
            text_or_none(&g.old),
            text_or_none(&g.new)
        ));
    }
    lines
}

/// `1 unit`, `2 units`.
fn count(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

impl Comparison {
    /// The report: a heading line, a block per unit that differs, a summary
    /// line. `old_file` and `new_file` are the names shown for the two files.
    pub fn render(&self, old_file: &str, new_file: &str, lang: Lang) -> String {
        let mut out = String::new();
        let list = |years: &[String]| {
            let years: Vec<String> = years
                .iter()
                .map(|y| lang.pick(format!("{y}年"), y.clone()))
                .collect();
            years.join(lang.pick("、", ", "))
        };
        let years = if self.old_years == self.new_years {
            list(&self.new_years)
        } else {
            format!("{} → {}", list(&self.old_years), list(&self.new_years))
        };
        let years = if years.is_empty() {
            String::new()
        } else {
            paren(lang, &years)
        };
        out.push_str(&lang.pick(
            format!("比较 {old_file} → {new_file}{years}\n"),
            format!("comparing {old_file} → {new_file}{years}\n"),
        ));
        if self.is_empty() {
            out.push_str(&lang.pick(
                format!("没有差异（比较了 {} 个单位）\n", self.compared),
                format!(
                    "no differences ({} compared)\n",
                    count(self.compared, "unit")
                ),
            ));
            return out;
        }
        let sep = lang.pick("；", "; ");
        let colon = lang.pick("：", ": ");
        for unit in &self.units {
            out.push('\n');
            out.push_str(&format!("{} {}\n", unit.unit, unit.name));
            if let Some(s) = &unit.standing {
                let file = if unit.presence == Presence::OldOnly {
                    old_file
                } else {
                    new_file
                };
                let rank = s.rank.map_or(NONE.to_string(), |r| r.to_string());
                out.push_str(&lang.pick(
                    format!(
                        "  仅在 {file} 中：总分 {}，排名 {rank}，等级 {}\n",
                        shown(&s.total),
                        text_or_none(&s.grade)
                    ),
                    format!(
                        "  only in {file}: total {}, rank {rank}, grade {}\n",
                        shown(&s.total),
                        text_or_none(&s.grade)
                    ),
                ));
                continue;
            }
            for item in &unit.items {
                if item.kind == NodeKind::Total && item.presence == Presence::Both {
                    for line in total_lines(item, lang) {
                        out.push_str(&format!("  {line}\n"));
                    }
                    continue;
                }
                let parts = item_parts(item, old_file, new_file, lang);
                out.push_str(&format!(
                    "  {} {} {}{colon}{}\n",
                    kind_label(item.kind, lang),
                    item.code,
                    item.name,
                    parts.join(sep)
                ));
            }
        }
        out.push('\n');
        let (n, m, k) = (
            self.units.len(),
            self.ranks_changed(),
            self.grades_changed(),
        );
        out.push_str(&lang.pick(
            format!("有变化的单位 {n} 个，排名变化 {m} 个，等级变化 {k} 个\n"),
            format!(
                "{} changed, {} changed, {} changed\n",
                count(n, "unit"),
                count(m, "rank"),
                count(k, "grade")
            ),
        ));
        out
    }
}

/// `满分 10 → 12`: what changed, from the old to the new.
fn changed(label: &str, old: impl std::fmt::Display, new: impl std::fmt::Display) -> String {
    format!("{label} {old} → {new}")
}
