//! What `assess run` prints: which city workbook, why nothing was scored, the
//! ranking, the commendations, the comparison with last year, what was written.

use std::path::Path;

use crate::assessment::{Assessment, Previous, PreviousBasis};
use crate::city::CityInput;
use crate::framework::Framework;
use crate::lang::Lang;
use crate::score::Flag;
use crate::summary::Blocked;

/// Which city workbook the year is scored with.
pub fn city(city: Option<&CityInput>, lang: Lang) -> String {
    match city {
        Some(c) => {
            let used = lang.pick(
                format!("使用市级复核表：{}", c.file),
                format!("using the city workbook: {}", c.file),
            );
            match objections(c, lang) {
                Some(line) => format!("{used}\n{line}"),
                None => used,
            }
        }
        None => lang
            .pick(
                "未找到本年度的市级复核表：按各县自评值计分，加分按申报计（可用 assess review 生成复核表）",
                "no city workbook for this year: scored on the counties' own figures, bonus as claimed (assess review writes one)",
            )
            .to_string(),
    }
}

/// `申诉 2 项（采纳 1、维持 1），已按裁定计分`; at 初评 that they are not applied.
fn objections(c: &CityInput, lang: Lang) -> Option<String> {
    use crate::city::Ruling;
    if c.objections.is_empty() {
        return None;
    }
    let count = |r: Option<Ruling>| c.objections.iter().filter(|o| o.ruling == r).count();
    let parts: Vec<String> = [
        Some(Ruling::Accepted),
        Some(Ruling::Partly),
        Some(Ruling::Upheld),
        None,
    ]
    .into_iter()
    .filter(|r| count(*r) > 0)
    .map(|r| {
        let n = count(r);
        match r {
            Some(r) => lang.pick(
                format!("{} {n}", r.label()),
                format!("{n} {}", r.label_en()),
            ),
            None => lang.pick(format!("未裁定 {n}"), format!("{n} without a ruling")),
        }
    })
    .collect();
    let n = c.objections.len();
    Some(if c.rulings_applied {
        lang.pick(
            format!("申诉 {n} 项（{}），已按裁定计分", parts.join("、")),
            format!("{n} objection(s) ({}), scored as ruled", parts.join(", ")),
        )
    } else {
        lang.pick(
            format!(
                "申诉 {n} 项（{}）：初评不适用裁定，终评时计入",
                parts.join("、")
            ),
            format!(
                "{n} objection(s) ({}): not applied at the first result (`--stage 初评`), counted in the final one",
                parts.join(", ")
            ),
        )
    })
}

/// Neither a folder nor a table was given.
pub fn nothing_given(lang: Lang) -> &'static str {
    lang.pick(
        "请给出报表所在的文件夹，或用 --table 给出汇总表",
        "give the submissions' folder, or a wide table with --table",
    )
}

/// The bulletin's settings have no section for the year.
pub fn no_bulletin_year(year: i32, lang: Lang) -> String {
    lang.pick(
        format!("提示：通报设置（bulletin.toml）中没有 {year} 年的 [[year]] 段，发文字号的序号、依据文件和整改期限留空，请在印发前补上"),
        format!("note: the bulletin settings (bulletin.toml) have no [[year]] for {year}; the document number, basis and deadline are left blank: add them before issuing"),
    )
}

/// Why nothing was scored, and what to do.
pub fn blocked(why: Blocked, lang: Lang) -> &'static str {
    match why {
        Blocked::Errors => lang.pick(
            "有错误，未计分。请改正后重新运行，或加 --allow-errors 照常计分（受影响的数值在结果中标注）",
            "there are errors; nothing was scored. Fix them and run again, or add --allow-errors to score anyway (affected values are flagged)",
        ),
        Blocked::UnacceptedWarnings => lang.pick(
            "有未核实的警告（--strict），未计分。请在市级复核表“复核”的“核实”列确认后重新运行，或加 --allow-errors 照常计分",
            "there are warnings the city has not accepted (--strict); nothing was scored. Accept them in the city workbook's `核实` column and run again, or add --allow-errors to score anyway",
        ),
    }
}

/// The ranking as printed: rank (并列), unit, total, grade (拟定 → 审定 where the 党组 decided otherwise).
pub fn ranking(year: &Assessment, fw: &Framework, lang: Lang) -> String {
    let (table, scored) = (&year.table, &year.scored);
    let proposed = year.proposed.as_deref();
    let Some(total) = scored.total() else {
        return String::new();
    };
    let mut order: Vec<usize> = (0..scored.units.len()).collect();
    order.sort_by_key(|i| (total.rank[*i].unwrap_or(u32::MAX), scored.units[*i].clone()));
    let mut text = String::new();
    for i in order {
        let rank = total.rank[i];
        let tied = rank.is_some() && total.rank.iter().filter(|r| **r == rank).count() > 1;
        let code = &scored.units[i];
        let grade = scored.grades.get(i).cloned().flatten().unwrap_or_default();
        let before = proposed
            .and_then(|p| p.get(i).cloned().flatten())
            .filter(|p| *p != grade)
            .map(|p| fw.grade_name(&p, lang).to_string());
        let grade = fw.grade_name(&grade, lang).to_string();
        let grade = match before {
            Some(p) => lang.pick(
                format!("{grade}（拟定{p}，党组审定）"),
                format!("{grade} (proposed {p}, decided)"),
            ),
            None => grade,
        };
        let flag = |flag: Flag| total.flags[i].contains(&flag);
        let veto = if flag(Flag::Veto) {
            lang.pick(" 一票否决", " veto")
        } else {
            ""
        };
        let absent = if flag(Flag::NotSubmitted) {
            lang.pick(" 未报送", " not submitted")
        } else if flag(Flag::Exempt) {
            lang.pick(" 免报", " exempt")
        } else {
            ""
        };
        // parts that are empty (no score, no grade) leave no double or trailing space
        let standing = format!("{grade}{veto}{absent}");
        let score = total.score[i].map_or(String::new(), |s| format!("{s:.2}"));
        let name = match fw.unit(code) {
            Some(u) => lang.name(&u.name, u.name_en.as_deref()),
            None => table.names.get(code).map_or("", String::as_str),
        };
        let parts: Vec<&str> = [code.as_str(), name, score.as_str(), standing.trim()]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect();
        text.push_str(&format!(
            "{:>4}{} {}\n",
            rank.map_or("—".to_string(), |r| r.to_string()),
            if tied {
                lang.pick("（并列）", " (tied)")
            } else {
                ""
            },
            parts.join(" "),
        ));
    }
    for (code, why) in &scored.unscored {
        text.push_str(&format!("   — {code} {why}\n"));
    }
    text
}

/// One line per commendation: its name and the units commended, best rank first.
pub fn commendations(fw: &Framework, year: &Assessment, lang: Lang) -> String {
    let (table, scored) = (&year.table, &year.scored);
    let mut text = String::new();
    for c in &fw.commendations {
        let rank = |i: usize| scored.total().and_then(|t| t.rank[i]).unwrap_or(u32::MAX);
        let mut chosen: Vec<usize> = (0..scored.units.len())
            .filter(|i| {
                year.commended[*i]
                    .as_deref()
                    .is_some_and(|n| n.split('、').any(|x| x == c.name))
            })
            .collect();
        chosen.sort_by_key(|i| (rank(*i), scored.units[*i].clone()));
        let names: Vec<&str> = chosen
            .iter()
            .map(|i| {
                let code = &scored.units[*i];
                match fw.unit(code) {
                    Some(u) => lang.name(&u.name, u.name_en.as_deref()),
                    None => table.names.get(code).map_or(code.as_str(), String::as_str),
                }
            })
            .collect();
        text.push_str(&format!(
            "{}{}{}\n",
            lang.name(&c.name, c.name_en.as_deref()),
            lang.pick("：", ": "),
            names.join(lang.pick("、", ", "))
        ));
    }
    text
}

/// The line on last year re-scored ("与 2022 年比较：…"); `None` for a
/// published export or no last year.
pub fn compared(previous: Option<&Previous>, lang: Lang) -> Option<String> {
    let previous = previous?;
    let PreviousBasis::Rescored { .. } = previous.basis else {
        return None;
    };
    let (n, year, without) = (previous.totals.len(), previous.year, &previous.not_compared);
    let mut line = lang.pick(
        format!("与 {year} 年比较：{n} 个单位按本年评分标准重新计分"),
        format!(
            "compared with {year}: {} re-scored under this year's framework",
            Lang::count(n, "unit", "units")
        ),
    );
    if !without.is_empty() {
        line += &lang.pick(
            format!("；{} 上年没有可用的报表，不作比较", without.join("、")),
            format!(
                "; not compared (no usable file for {year}): {}",
                without.join(", ")
            ),
        );
    }
    Some(line)
}

/// The files a run wrote, one line each, in the order written.
pub fn written(
    workbook: &Path,
    per_unit: Option<(&Path, usize)>,
    attachments: &[(&Path, bool)],
    bulletin: Option<&Path>,
    lang: Lang,
) -> String {
    let mut lines = vec![lang.pick(
        format!("结果已写入 {}", workbook.display()),
        format!("results written to {}", workbook.display()),
    )];
    if let Some((folder, n)) = per_unit {
        lines.push(lang.pick(
            format!("反馈单 {n} 份已写入 {}", folder.display()),
            format!("{n} feedback workbooks written to {}", folder.display()),
        ));
    }
    for (path, public) in attachments {
        lines.push(lang.pick(
            format!(
                "得分汇总表（{}）已写入 {}",
                if *public { "公开" } else { "内部掌握" },
                path.display()
            ),
            format!(
                "attachment table ({}) written to {}",
                if *public { "public" } else { "internal" },
                path.display()
            ),
        ));
    }
    if let Some(path) = bulletin {
        lines.push(lang.pick(
            format!("通报草稿已写入 {}", path.display()),
            format!("bulletin draft written to {}", path.display()),
        ));
    }
    lines.iter().map(|l| format!("{l}\n")).collect()
}
