//! What a run found, said at its end: how many errors, warnings and notes,
//! the most serious few with their cells, the warnings the city accepted in
//! its review workbook (复核's 核实), and the units whose rank, grade or
//! commendation would change if their warned values were wrong.
//!
//! The last is worked out by re-scoring once per warned unit: each of its
//! unaccepted warned values is replaced by last year's value of the same
//! field, or left out where last year has none, and the unit's standing
//! compared with the run's. So a warning that decides a 先进单位 is never only
//! a line on the 数据质量 sheet.

use std::collections::BTreeMap;

use crate::score::ScoreError;

type Result<T> = std::result::Result<T, ScoreError>;

use crate::city::CityInput;
use crate::code::{FieldCode, UnitCode};
use crate::extract::Submission;
use crate::finding::{Finding, Severity, What};
use crate::framework::{Framework, Mode};
use crate::lang::Lang;
use crate::location::CellRef;
use crate::score::{Scored, points};

/// How many findings the summary repeats.
pub const TOP: usize = 5;

/// A unit's place in a scoring.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Standing {
    pub rank: Option<u32>,
    pub grade: Option<String>,
    /// The commendations it receives (`先进单位`), joined.
    pub commended: Option<String>,
}

/// The final scoring (核定, after the 党组's decisions) of these submissions.
pub fn scoring(
    fw: &Framework,
    year: i32,
    submissions: &[Submission],
    findings: &[Finding],
    city: Option<&CityInput>,
) -> Result<Scored> {
    let both = crate::score::input::from_submissions(fw, year, submissions, findings, city)?;
    let mut scored = crate::assessment::score(fw, &both.reviewed.0, &both.reviewed.1, year)?;
    if let Some(city) = city {
        crate::assessment::decide(&mut scored, city);
    }
    Ok(scored)
}

/// What a year's scoring is made from.
#[derive(Clone, Copy)]
struct Year<'a> {
    fw: &'a Framework,
    year: i32,
    submissions: &'a [Submission],
    findings: &'a [Finding],
    city: Option<&'a CityInput>,
}

/// `baseline` with one unit scored again from its altered submission.
///
/// In `points` mode a unit's points depend on its own data only: the unit is
/// scored alone (a framework of that one unit) and its nodes put in place of
/// its old ones; ranks, grades and their quotas are then worked out again for
/// all ([`points::rank_and_grade`]). So a what-if costs one unit's scoring,
/// not the whole city's. Other modes are scored whole.
fn rescored(
    year: &Year<'_>,
    alone: &Framework,
    altered: &Submission,
    baseline: &Scored,
) -> Result<Scored> {
    let Year {
        fw,
        year,
        submissions: all,
        findings,
        city,
    } = *year;
    if fw.mode != Mode::Points {
        let mut subs = all.to_vec();
        if let Some(s) = subs.iter_mut().find(|s| s.unit_code == altered.unit_code) {
            *s = altered.clone();
        }
        return scoring(fw, year, &subs, findings, city);
    }
    let one = scoring(alone, year, std::slice::from_ref(altered), findings, city)?;
    let mut patched = baseline.clone();
    if let Some(i) = patched.units.iter().position(|u| *u == altered.unit_code) {
        for node in &mut patched.nodes {
            if let Some(new) = one
                .nodes
                .iter()
                .find(|n| n.code == node.code && n.kind == node.kind)
            {
                node.value[i] = new.value[0];
                node.score[i] = new.score[0];
                node.flags[i].clone_from(&new.flags[0]);
            }
        }
    }
    points::rank_and_grade(fw, &mut patched);
    if let Some(city) = city {
        crate::assessment::decide(&mut patched, city);
    }
    Ok(patched)
}

/// The standings of a scoring.
pub fn of(fw: &Framework, scored: &Scored) -> BTreeMap<UnitCode, Standing> {
    let commended = crate::assessment::commend(fw, scored);
    let total = scored.total();
    scored
        .units
        .iter()
        .enumerate()
        .map(|(i, code)| {
            (
                code.clone(),
                Standing {
                    rank: total.and_then(|t| t.rank[i]),
                    grade: scored.grades.get(i).cloned().flatten(),
                    commended: commended.get(i).cloned().flatten(),
                },
            )
        })
        .collect()
}

/// Whether the city accepted this warning in its review workbook, and where.
pub fn accepted<'a>(
    fw: &Framework,
    f: &Finding,
    city: Option<&'a CityInput>,
) -> Option<&'a CellRef> {
    let city = city?;
    let unit = f.unit.as_deref().and_then(|u| fw.unit(u))?;
    city.accepted.get(&(
        unit.code.clone(),
        FieldCode::new(f.field.clone()?),
        f.what.check()?.to_string(),
    ))
}

/// What a run would make of an intake (`validate`): the units whose standing
/// the warned values decide; `None` when nothing was read.
pub fn what_if_of(fw: &Framework, intake: &crate::intake::Intake) -> Result<Option<Vec<Change>>> {
    if intake.submissions.is_empty() {
        return Ok(None);
    }
    let (findings, city) = (&intake.findings, intake.city.as_ref());
    let baseline = scoring(fw, intake.year, &intake.submissions, findings, city)?;
    let changes = what_if(
        fw,
        intake.year,
        &intake.submissions,
        &intake.previous,
        findings,
        city,
        &baseline,
    )?;
    Ok(Some(changes))
}

/// Why a run scores nothing (unless `--allow-errors`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blocked {
    /// The submissions have errors.
    Errors,
    /// `--strict`, and warnings the city has not accepted in its review workbook.
    UnacceptedWarnings,
}

/// Whether a year's intake may be scored: errors block it, and with
/// `strict` warnings the city has not accepted.
pub fn blocked(fw: &Framework, intake: &crate::intake::Intake, strict: bool) -> Option<Blocked> {
    if intake.has_errors() {
        Some(Blocked::Errors)
    } else if strict && unaccepted(fw, &intake.findings, intake.city.as_ref()) > 0 {
        Some(Blocked::UnacceptedWarnings)
    } else {
        None
    }
}

/// Warnings the city has not accepted in its review workbook.
pub fn unaccepted(fw: &Framework, findings: &[Finding], city: Option<&CityInput>) -> usize {
    findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .filter(|f| accepted(fw, f, city).is_none())
        .count()
}

/// A warned value replaced in the what-if scoring.
#[derive(Debug, Clone, PartialEq)]
pub struct Replaced {
    /// The field's code.
    pub field: FieldCode,
    pub cell: CellRef,
    /// The value as read.
    pub value: String,
    /// Last year's value, or `None`: left out.
    pub with: Option<String>,
}

/// A unit whose standing its warned values decide.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub code: UnitCode,
    pub name: String,
    pub replaced: Vec<Replaced>,
    pub before: Standing,
    pub after: Standing,
    /// Other units whose grade or commendation changes with it (a quota
    /// freed or taken): name, before, after. Their ranks shift by one and are not listed.
    pub others: Vec<(String, Standing, Standing)>,
}

/// The units whose rank, grade or commendation would change if their
/// unaccepted warned values were replaced by last year's (or left out):
/// one re-scoring per warned unit, against `baseline` (the run's final scoring).
pub fn what_if(
    fw: &Framework,
    year: i32,
    submissions: &[Submission],
    previous: &BTreeMap<UnitCode, Submission>,
    findings: &[Finding],
    city: Option<&CityInput>,
    baseline: &Scored,
) -> Result<Vec<Change>> {
    let standing = of(fw, baseline);
    // the warned fields of each unit's submission, in finding order
    let mut warned: BTreeMap<UnitCode, Vec<(FieldCode, CellRef)>> = BTreeMap::new();
    for f in findings.iter().filter(|f| f.severity == Severity::Warning) {
        let (Some(unit), Some(field), Some(cell)) = (
            f.unit.as_deref().and_then(|u| fw.unit(u)),
            f.field.as_deref(),
            f.cell.as_ref(),
        ) else {
            continue;
        };
        // an accepted value stays; a county figure the city's replaces is not scored anyway
        if accepted(fw, f, city).is_some() || matches!(f.what, What::ConfirmedDiffers { .. }) {
            continue;
        }
        let list = warned.entry(unit.code.clone()).or_default();
        if !list.iter().any(|(code, _)| code == field) {
            list.push((FieldCode::new(field), cell.clone()));
        }
    }
    let mut changes = Vec::new();
    for (code, fields) in warned {
        let (Some(sub), Some(unit)) = (
            submissions.iter().find(|s| s.unit_code == code),
            fw.units.iter().find(|u| u.code == code),
        ) else {
            continue;
        };
        let mut sub = sub.clone();
        let mut replaced = Vec::new();
        for (field, cell) in fields {
            let sub = &mut sub;
            let Some(read) = sub.values.get(&field) else {
                continue;
            };
            let value = crate::city::shown(&read.value);
            let last = previous.get(&code).and_then(|p| p.values.get(&field));
            let with = last.map(|l| crate::city::shown(&l.value));
            match last {
                Some(l) => {
                    let value = l.value.clone();
                    if let Some(r) = sub.values.get_mut(&field) {
                        r.value = value;
                    }
                }
                None => {
                    sub.values.remove(&field);
                }
            }
            replaced.push(Replaced {
                field: field.clone(),
                cell,
                value,
                with,
            });
        }
        if replaced.is_empty() {
            continue;
        }
        let alone = Framework {
            units: vec![unit.clone()],
            ..fw.clone()
        };
        let context = Year {
            fw,
            year,
            submissions,
            findings,
            city,
        };
        let after = rescored(&context, &alone, &sub, baseline)?;
        let after_all = of(fw, &after);
        let (Some(before), Some(after)) = (standing.get(&code), after_all.get(&code)) else {
            continue;
        };
        let others: Vec<(String, Standing, Standing)> = after_all
            .iter()
            .filter(|(other, _)| **other != code)
            .filter_map(|(other, a)| {
                let b = standing.get(other)?;
                (b.grade != a.grade || b.commended != a.commended).then(|| {
                    let name = fw
                        .unit(other)
                        .map_or_else(|| other.to_string(), |u| u.name.clone());
                    (name, b.clone(), a.clone())
                })
            })
            .collect();
        if before != after || !others.is_empty() {
            changes.push(Change {
                name: fw
                    .unit(&code)
                    .map_or_else(|| code.to_string(), |u| u.name.clone()),
                code,
                replaced,
                before: before.clone(),
                after: after.clone(),
                others,
            });
        }
    }
    Ok(changes)
}

/// The summary's text: counts, the most serious findings, the accepted
/// warnings, and `changes` (`None`: nothing was scored).
pub fn render(
    fw: &Framework,
    findings: &[Finding],
    city: Option<&CityInput>,
    changes: Option<&[Change]>,
    listed_above: bool,
    lang: Lang,
) -> String {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let (errors, warnings, notes) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Note),
    );
    let accepted_ones: Vec<(&Finding, &CellRef)> = findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .filter_map(|f| accepted(fw, f, city).map(|cell| (f, cell)))
        .collect();
    let mut text = String::new();
    text.push_str(lang.pick("\n—— 本次运行的结论\n", "\n—— what this run found\n"));
    let accepted_text = if accepted_ones.is_empty() {
        String::new()
    } else {
        lang.pick(
            format!("（其中 {} 个已核实）", accepted_ones.len()),
            format!(" ({} accepted)", accepted_ones.len()),
        )
    };
    text.push_str(&lang.pick(
        format!("错误 {errors} 个，警告 {warnings} 个{accepted_text}，提示 {notes} 条\n"),
        format!(
            "{}, {}{accepted_text}, {}\n",
            Lang::count(errors, "error", "errors"),
            Lang::count(warnings, "warning", "warnings"),
            Lang::count(notes, "note", "notes")
        ),
    ));
    // units that sent nothing, unrecorded: one line for all of them
    let missing: Vec<&str> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .filter_map(|f| match &f.what {
            What::NoSubmission {
                name,
                recorded: None,
                ..
            } => Some(name.get(lang)),
            _ => None,
        })
        .collect();
    let mut lines: Vec<String> = Vec::new();
    if !missing.is_empty() {
        lines.push(lang.pick(
            format!(
                "  [错误] {} 个单位没有报送文件、也未在“收件登记”中登记：{}",
                missing.len(),
                missing.join("、")
            ),
            format!(
                "  [error] {} sent nothing and the receipt log (`收件登记`) does not record why: {}",
                Lang::count(missing.len(), "unit", "units"),
                missing.join(", ")
            ),
        ));
    }
    let serious = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .filter(|f| !matches!(f.what, What::NoSubmission { recorded: None, .. }))
        .chain(
            findings
                .iter()
                .filter(|f| f.severity == Severity::Warning)
                .filter(|f| accepted(fw, f, city).is_none()),
        );
    lines.extend(serious.map(|f| format!("  [{}] {}", f.severity.label(lang), f.render(lang))));
    let more = lines.len().saturating_sub(TOP);
    lines.truncate(TOP);
    if !lines.is_empty() {
        text.push_str(lang.pick("最需要处理的：\n", "most serious:\n"));
        for line in &lines {
            text.push_str(line);
            text.push('\n');
        }
        if more > 0 {
            text.push_str(&if listed_above {
                lang.pick(
                    format!("  ……另有 {more} 条，全部列在上文\n"),
                    format!("  … and {more} more, all listed above\n"),
                )
            } else {
                lang.pick(
                    format!("  ……另有 {more} 条，全部见评估结果工作簿的“数据质量”表，或运行 assess validate\n"),
                    format!("  … and {more} more: all of them on the results workbook's data-quality sheet, or run assess validate\n"),
                )
            });
        }
    }
    if !accepted_ones.is_empty() {
        text.push_str(lang.pick("已核实的警告：\n", "accepted warnings:\n"));
        for (f, cell) in &accepted_ones {
            let file = city
                .map(|c| crate::location::file_name(&c.file))
                .unwrap_or_default();
            text.push_str(&lang.pick(
                format!("  {}（已核实：{file} {cell}）\n", f.render(lang)),
                format!("  {} (accepted: {file} {cell})\n", f.render(lang)),
            ));
        }
    }
    if let Some(changes) = changes {
        if changes.is_empty() {
            if warnings > accepted_ones.len() {
                text.push_str(lang.pick(
                    "把警告值换成上年数（上年没有的不计）后，没有单位的名次、等次或先进单位发生变化\n",
                    "with the warned values replaced by last year's (or left out), no unit's rank, grade or commendation changes\n",
                ));
            }
        } else {
            text.push_str(lang.pick(
                "把警告值换成上年数（上年没有的不计）后，名次、等次或先进单位会变化的单位：\n",
                "units whose rank, grade or commendation changes with their warned values replaced by last year's (or left out):\n",
            ));
            for c in changes {
                text.push_str(&format!("  {}\n", change_line(fw, c, lang)));
            }
        }
    }
    text
}

/// `新乐市（130184）：名次 4 → 15；等次 优秀 → 良好；不再是先进单位（换用：…）；
/// 连带：无极县成为先进单位`.
fn change_line(fw: &Framework, c: &Change, lang: Lang) -> String {
    let mut parts = differences(fw, &c.before, &c.after, lang);
    if c.before.rank != c.after.rank {
        let rank = |r: Option<u32>| r.map_or_else(|| "—".to_string(), |r| r.to_string());
        parts.insert(
            0,
            lang.pick(
                format!("名次 {} → {}", rank(c.before.rank), rank(c.after.rank)),
                format!("rank {} → {}", rank(c.before.rank), rank(c.after.rank)),
            ),
        );
    }
    let replaced: Vec<String> = c
        .replaced
        .iter()
        .map(|r| {
            let field = fw.field(&r.field).map_or(r.field.as_str(), |f| {
                lang.name(&f.name, f.name_en.as_deref())
            });
            let with = r
                .with
                .clone()
                .unwrap_or_else(|| lang.pick("不计", "left out").to_string());
            lang.pick(
                format!("{field} {} → {with}（{}）", r.value, r.cell),
                format!("{field} {} → {with} ({})", r.value, r.cell),
            )
        })
        .collect();
    // the units by their names in the language (the change holds the Chinese one)
    let shown = |name: &str| -> String {
        fw.units
            .iter()
            .find(|u| u.name == name)
            .map_or(name, |u| lang.name(&u.name, u.name_en.as_deref()))
            .to_string()
    };
    let others: Vec<String> = c
        .others
        .iter()
        .map(|(name, before, after)| {
            let name = shown(name);
            let what = differences(fw, before, after, lang);
            lang.pick(
                format!("{name}{}", what.join("、")),
                format!("{name} {}", what.join(", ")),
            )
        })
        .collect();
    let others = match others.is_empty() {
        true => String::new(),
        false => lang.pick(
            format!("；连带：{}", others.join("；")),
            format!("; in turn: {}", others.join("; ")),
        ),
    };
    lang.pick(
        format!(
            "{}（{}）：{}（换用：{}）{others}",
            c.name,
            c.code,
            parts.join("；"),
            replaced.join("；")
        ),
        format!(
            "{} ({}): {} (replaced: {}){others}",
            shown(&c.name),
            c.code,
            parts.join("; "),
            replaced.join("; ")
        ),
    )
}

/// How a standing's grade and commendation differ, in words
/// (`等次 优秀 → 良好`, `不再是先进单位`), names in the language's form.
fn differences(fw: &Framework, before: &Standing, after: &Standing, lang: Lang) -> Vec<String> {
    let grade = |g: &Option<String>| match g {
        Some(g) => fw
            .grades
            .iter()
            .find(|x| x.name == *g)
            .map_or(g.as_str(), |x| lang.name(&x.name, x.name_en.as_deref()))
            .to_string(),
        None => lang.pick("无", "none").to_string(),
    };
    // commendations are joined with 、 (`先进单位、单项奖`)
    let commended = |c: &str| {
        c.split('、')
            .map(|n| {
                fw.commendations
                    .iter()
                    .find(|x| x.name == n)
                    .map_or(n, |x| lang.name(&x.name, x.name_en.as_deref()))
            })
            .collect::<Vec<_>>()
            .join(lang.pick("、", ", "))
    };
    let mut parts = Vec::new();
    if before.grade != after.grade {
        parts.push(lang.pick(
            format!("等次 {} → {}", grade(&before.grade), grade(&after.grade)),
            format!("grade {} → {}", grade(&before.grade), grade(&after.grade)),
        ));
    }
    match (&before.commended, &after.commended) {
        (Some(b), None) => parts.push(lang.pick(
            format!("不再是{}", commended(b)),
            format!("no longer {}", commended(b)),
        )),
        (None, Some(a)) => parts.push(lang.pick(
            format!("成为{}", commended(a)),
            format!("becomes {}", commended(a)),
        )),
        (Some(b), Some(a)) if a != b => parts.push(format!("{} → {}", commended(b), commended(a))),
        _ => {}
    }
    parts
}
