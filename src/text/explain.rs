//! What `assess explain` prints: one unit's result, indicator by indicator.
//!
//! It computes nothing of its own: values, targets, 完成率, sources and
//! suggestions come from `report::measures` (the same as the 指标明细 sheet
//! and the feedback workbook), the method in words from `framework::describe`.
//! The text is plain (no tables, no colours) so that it reads in a Windows console.

use std::fmt::Write as _;

use crate::analysis::uncertainty::{self, Uncertainty};
use crate::city::Decision;
use crate::code::FieldCode;
use crate::finding::Severity;
use crate::framework::check::number;
use crate::framework::describe;
use crate::framework::{
    Counts, Dimension, FieldType, Framework, Indicator, Method, Node, Source, Target, item_label,
};
use crate::lang::Lang;
use crate::report::Results;
use crate::report::measures::{
    self, Scale, completion, field_source, full_level, mean, population, round2, suggestions,
    unit_name,
};
use crate::score::{Flag, NodeKind, NodeScores};

/// The year's errors, when there are any: scored anyway, the values marked.
pub fn errors(errors: usize, lang: Lang) -> Option<String> {
    (errors > 0).then(|| {
        lang.pick(
            format!(
                "本年度报表有 {errors} 个错误：照常计分（同 run --allow-errors），受影响的数值标注 [有错误]"
            ),
            format!(
                "the year's submissions have {errors} errors: scored anyway (as run --allow-errors), affected values are marked [error]"
            ),
        )
    })
}

/// A unit the year did not score, and why.
pub fn not_scored(name: &str, code: &str, year: i32, why: Option<&str>, lang: Lang) -> String {
    let why = why.map_or_else(
        || lang.pick("没有数据", "no data").to_string(),
        str::to_string,
    );
    lang.pick(
        format!("{name}（{code}）{year} 年度未计分：{why}"),
        format!("{name} ({code}) was not scored in {year}: {why}"),
    )
}

/// Unit `i` explained: header and composition, which figures were used,
/// every dimension and indicator, what would add most points, the bonus,
/// deductions and vetoes, and how robust the rank is.
pub fn unit(results: &Results<'_>, i: usize, submitted: bool) -> String {
    let lang = results.lang;
    let mut text = header(results, i);
    let city_file = results.city.map(|c| c.file.clone());
    let year = results.year;
    let used = match (&city_file, submitted) {
        (_, false) => lang.pick(
            format!("未找到本单位 {year} 年度的报表：各项按未报计"),
            format!("no submission of this unit for {year}: every value counts as missing"),
        ),
        (Some(file), true) => lang.pick(
            format!("使用市级复核表：{file}"),
            format!("using the city workbook: {file}"),
        ),
        (None, true) => lang
            .pick(
                "未找到本年度的市级复核表：按本单位自评值计分，加分按申报计",
                "no city workbook for this year: scored on the unit's own figures, bonus as claimed",
            )
            .to_string(),
    };
    let _ = writeln!(text, "{used}");
    for d in results.fw.top_dimensions() {
        dimension(&mut text, results, i, d, 0);
    }
    text.push_str(&improvements(results, i));
    text.push_str(&items(results, i));
    if let Some(u) = results.uncertainty {
        text.push_str(&robustness(u, i, lang));
    }
    text
}

/// 排名稳健性: the dimensions' points perturbed, seeded.
fn robustness(u: &Uncertainty, i: usize, lang: Lang) -> String {
    let settings = uncertainty::Settings::default();
    format!(
        "\n{}{}\n",
        lang.pick(
            format!(
                "排名稳健性（各维度分值在 ±{}% 内随机变动，模拟 {} 次）：",
                (settings.spread * 100.0).round(),
                settings.draws
            ),
            format!(
                "how robust the rank is (each dimension's points changed within ±{}%, {} draws): ",
                (settings.spread * 100.0).round(),
                settings.draws
            ),
        ),
        crate::report::robustness::interval_text(u, i, lang)
    )
}

/// The message for a unit the framework does not know: how to name units, and which there are.
pub fn unknown_unit(fw: &Framework, given: &str, lang: Lang) -> String {
    let list: Vec<String> = fw
        .units
        .iter()
        .map(|u| format!("{} {}", u.code, u.name))
        .collect();
    let example = fw.units.first();
    let (code, name) = example.map_or(("130123", "正定县"), |u| {
        (u.code.as_str(), u.name.as_str())
    });
    lang.pick(
        format!(
            "没有单位「{given}」；请写单位代码（如 {code}）或名称（如 {name}）。本评估体系的单位：{}",
            list.join("、")
        ),
        format!(
            "no unit `{given}`; name it by its code (such as {code}) or its name (such as {name}). The framework's units: {}",
            list.join(", ")
        ),
    )
}

/// Points as printed: `2.16`.
fn points(p: f64) -> String {
    format!("{p:.2}")
}

/// `正定县（130123）2023年度 总分 69.19 第 19 名 不合格`, then what the total is made of.
fn header(results: &Results<'_>, i: usize) -> String {
    let (fw, scored, lang) = (results.fw, results.scored, results.lang);
    let code = &scored.units[i];
    let name = unit_name(results, code);
    let year = results.year;
    let total = scored.total();
    let score = total
        .and_then(|t| t.score[i])
        .map_or_else(|| "—".to_string(), points);
    let rank = total.and_then(|t| t.rank[i]);
    let tied =
        rank.is_some() && total.is_some_and(|t| t.rank.iter().filter(|r| **r == rank).count() > 1);
    let n = scored.units.len();
    let rank = match rank {
        Some(r) => lang.pick(
            format!("第 {r} 名{}", if tied { "（并列）" } else { "" }),
            format!("rank {r}{} of {n}", if tied { " (tied)" } else { "" }),
        ),
        None => lang.pick("未排名", "not ranked").to_string(),
    };
    let grade = scored.grades[i]
        .as_deref()
        .map(|g| fw.grade_name(g, lang).to_string())
        .unwrap_or_default();
    let proposed = results
        .proposed
        .and_then(|p| p[i].as_deref())
        .map(|p| fw.grade_name(p, lang).to_string())
        .filter(|p| *p != grade);
    let grade = match proposed {
        Some(p) => lang.pick(
            format!("{grade}（拟定{p}，党组审定）"),
            format!("{grade} (proposed {p}, decided)"),
        ),
        None => grade,
    };
    let mut text = lang.pick(
        format!("{name}（{code}）{year}年度 总分 {score} {rank} {grade}\n"),
        format!("{name} ({code}) {year}: total {score}, {rank}, grade {grade}\n"),
    );
    text.push_str(&composition(results, i));
    text.push('\n');
    if let Some(c) = results.commended[i].as_deref() {
        let _ = writeln!(text, "{}{c}", lang.pick("表彰：", "commendation: "));
    }
    text
}

/// `基础分 69.19，加分 0.00，扣分 0.00，一票否决：无`.
fn composition(results: &Results<'_>, i: usize) -> String {
    let (fw, lang) = (results.fw, results.lang);
    let c = &results.composition[i];
    let (base, bonus, deductions) = (c.base, c.bonus, c.deductions);
    let vetoes: Vec<String> = c
        .vetoes
        .iter()
        .map(|code| item_label(&fw.vetoes, code, lang))
        .collect();
    let vetoes = if vetoes.is_empty() {
        lang.pick("无", "none").to_string()
    } else {
        vetoes.join(lang.pick("、", ", "))
    };
    lang.pick(
        format!(
            "基础分 {}，加分 {}，扣分 {}，一票否决：{vetoes}",
            points(base),
            points(bonus),
            points(deductions)
        ),
        format!(
            "base {}, bonus {}, deductions {}, veto: {vetoes}",
            points(base),
            points(bonus),
            points(deductions)
        ),
    )
}

/// A dimension's line (points of points possible, city average, rank), then
/// its sub-dimensions and indicators.
fn dimension(text: &mut String, results: &Results<'_>, i: usize, d: &Dimension, depth: usize) {
    let (fw, scored, lang) = (results.fw, results.scored, results.lang);
    let indent = "  ".repeat(depth);
    let name = lang.name(&d.name, d.name_en.as_deref());
    let _ = write!(text, "\n{indent}{} {name}", d.code);
    if let Some(node) = scored.node(&d.code) {
        let _ = write!(text, "  {}", earned(node, i, lang));
        let all: Vec<f64> = node.score.iter().flatten().copied().collect();
        let average = mean(&all).map_or_else(String::new, |a| points(round2(a)));
        let rank = node.rank[i].map_or_else(String::new, |r| {
            lang.pick(format!("，第 {r} 名"), format!(", rank {r}"))
        });
        let _ = write!(
            text,
            "{}",
            lang.pick(
                format!("（全市平均 {average}{rank}）"),
                format!(" (city average {average}{rank})")
            )
        );
    }
    text.push('\n');
    for child in fw.children(&d.code) {
        match child {
            Node::Dimension(sub) => dimension(text, results, i, sub, depth + 1),
            Node::Indicator(ind) => indicator(text, results, i, ind, depth + 1),
        }
    }
}

/// `得分 2.16 / 2.5`.
fn earned(node: &NodeScores, i: usize, lang: Lang) -> String {
    let score = node.score[i].map_or_else(|| "—".to_string(), points);
    match node.max {
        Some(m) => lang.pick(
            format!("得分 {score} / {}", number(m)),
            format!("points {score} of {}", number(m)),
        ),
        None => lang.pick(format!("得分 {score}"), format!("score {score}")),
    }
}

/// One indicator: points, each field's value and where it came from, the
/// derived value with target and 完成率, and the method in words.
fn indicator(text: &mut String, results: &Results<'_>, i: usize, ind: &Indicator, depth: usize) {
    let (fw, scored, lang) = (results.fw, results.scored, results.lang);
    let Some(node) = scored.node(&ind.code) else {
        return;
    };
    let indent = "  ".repeat(depth);
    let more = format!("{indent}    ");
    let name = lang.name(&ind.name, ind.name_en.as_deref());
    let _ = write!(
        text,
        "{indent}{} {name}  {}",
        ind.code,
        earned(node, i, lang)
    );
    let own = results
        .self_scored
        .and_then(|s| s.node(&ind.code))
        .and_then(|n| n.score[i]);
    if let (Some(o), Some(p)) = (own, node.score[i])
        && (o - p).abs() > 1e-9
    {
        let _ = write!(
            text,
            "{}",
            lang.pick(
                format!("（自评 {}）", points(o)),
                format!(" (self-assessed {})", points(o))
            )
        );
    }
    text.push('\n');

    for field in ind.value.fields.iter().chain(ind.value.divide_by.iter()) {
        field_lines(text, results, i, field, &more);
    }

    // the derived value, with target and 完成率
    let code = &scored.units[i];
    let pop = population(fw, code, results.year);
    let scale = Scale::of_value(fw, ind);
    let suffix = per_mille(ind);
    let value = node.value[i];
    let mut parts = vec![match value {
        Some(v) => lang.pick(
            format!("计算值 {}{suffix}", scale.text(v)),
            format!("value {}{suffix}", scale.text(v)),
        ),
        None => lang
            .pick("计算值 —（未报）", "value — (missing)")
            .to_string(),
    }];
    let plain = measures::single_field(ind).is_some()
        && ind.value.per_people.is_none()
        && !matches!(ind.method, Method::Checklist);
    if !plain {
        parts[0].push_str(&lang.pick(
            format!("（{}）", describe::value_words(fw, ind, lang)),
            format!(" ({})", describe::value_words(fw, ind, lang)),
        ));
    }
    let target = full_level(ind, pop);
    if let Some(t) = target {
        let label = match ind.method {
            Method::TargetRatio { .. } => lang.pick("目标", "target"),
            _ => lang.pick("满分所需", "full points at"),
        };
        parts.push(format!("{label} {}{suffix}", scale.text(t)));
    }
    if let Some(r) = completion(value, target, ind.direction) {
        parts.push(format!(
            "{} {}",
            lang.pick("完成率", "completion"),
            Scale::Share.text(r)
        ));
    }
    let per_people = ind.value.per_people.is_some()
        || matches!(
            ind.method,
            Method::TargetRatio {
                target: Target::PerPeople { .. },
                ..
            }
        );
    if let (true, Some(p)) = (per_people, pop) {
        parts.push(format!(
            "{} {}",
            lang.pick("人口", "population"),
            Scale::Count.text(p)
        ));
    }
    let _ = writeln!(text, "{more}{}", parts.join(lang.pick("；", "; ")));
    let _ = writeln!(
        text,
        "{more}{}{}",
        lang.pick("计分：", "method: "),
        describe::method_words(fw, ind, lang)
    );
}

/// `a.xlsx!指标数据!F20` → `a.xlsx 指标数据!F20`, as the cell reads in Excel's terms.
fn cited(source: &str) -> String {
    match source.split_once('!') {
        Some((file, cell)) => format!("{file} {cell}"),
        None => source.to_string(),
    }
}

/// A field's value as read: `948 人`, `是`, `33.2%`.
fn field_value(fw: &Framework, field: &str, v: Option<f64>, lang: Lang) -> String {
    let Some(v) = v else {
        return lang.pick("未报", "missing").to_string();
    };
    match fw.field(field) {
        Some(f) if f.kind == FieldType::YesNo => if v > 0.5 {
            lang.pick("是", "yes")
        } else {
            lang.pick("否", "no")
        }
        .to_string(),
        _ => {
            // counts with separators (`1,094`), other numbers as typed (`26.52`)
            let amount = match Scale::of_field(fw, field) {
                Scale::Share => return Scale::Share.text(v),
                Scale::Count if v.fract() == 0.0 => Scale::Count.text(v),
                _ => number(v),
            };
            match fw.field(field) {
                Some(f) if lang == Lang::En => f.quantity(&amount, lang),
                Some(f) if !f.unit.is_empty() => format!("{amount} {}", f.unit),
                _ => amount,
            }
        }
    }
}

/// `%` or `‰` after a value per 100 or per 1,000 people (D3 `1.16%`, F1 `12.31‰`).
fn per_mille(ind: &Indicator) -> &'static str {
    match ind.value.per_people {
        Some(p) if (p - 100.0).abs() < f64::EPSILON => "%",
        Some(p) if (p - 1000.0).abs() < f64::EPSILON => "‰",
        _ => "",
    }
}

/// One field of an indicator: the value as reported (or given by the city)
/// with its cell, and the reviewed value with the review row where the city changed it.
fn field_lines(text: &mut String, results: &Results<'_>, i: usize, field: &str, indent: &str) {
    let (fw, scored, lang) = (results.fw, results.scored, results.lang);
    let code = &scored.units[i];
    let row = results.table.unit_codes().iter().position(|u| u == code);
    let column = |f: &str| {
        results
            .table
            .column(f)
            .and_then(|c| row.and_then(|r| c.get(r).copied().flatten()))
    };
    let own = results.self_scored.unwrap_or(scored);
    let reported = match own.node(field) {
        Some(n) => n.value[i],
        None => column(field),
    };
    let reviewed = scored.node(field).map_or(reported, |n| n.value[i]);
    let name = describe::field_name(fw, field, lang);
    let by_county = fw.field(field).is_none_or(|f| f.source == Source::County);
    let label = if by_county {
        lang.pick("填报值：", "reported: ")
    } else {
        lang.pick("市级数据：", "city figure: ")
    };
    let source = field_source(results, results.submission(code), code, field);
    let mut line = format!(
        "{indent}{label}{name} {}",
        field_value(fw, field, reported, lang)
    );
    if field == "wuyou-rate"
        && let (Some(met), Some(orgs)) = (column("wuyou-met"), column("wuyou-orgs"))
    {
        let _ = write!(line, "（{} / {}）", number(met), number(orgs));
    }
    // a value refused (`三次`) has no source: the cell is in its finding
    let refused = || {
        let name = results.fw.unit(code).map(|u| u.name.as_str());
        results
            .findings
            .iter()
            .find(|f| {
                f.severity == Severity::Error
                    && f.field.as_deref() == Some(field)
                    && f.unit.as_deref() == name
            })
            .and_then(|f| {
                f.cell
                    .as_ref()
                    .map(|c| format!("{}!{c}", crate::location::file_name(&f.file)))
            })
    };
    match source.read.clone().or_else(refused) {
        Some(s) => {
            let _ = write!(
                line,
                "{}",
                lang.pick(format!("（{}）", cited(&s)), format!(" ({})", cited(&s)))
            );
        }
        None if !by_county && results.city.is_none() => {
            line.push_str(lang.pick("（待市级复核表提供）", " (to come from the city workbook)"));
        }
        None => {}
    }
    let flags = results
        .table
        .flags
        .get(&(code.clone(), FieldCode::new(field)))
        .map_or(&[][..], Vec::as_slice);
    if flags.contains(&Flag::ErrorAllowed) {
        line.push_str(lang.pick(" [有错误]", " [error]"));
    }
    let _ = writeln!(text, "{line}");
    if let Some(review) = &source.review {
        let key = (code.clone(), FieldCode::new(field));
        let reason = results
            .city
            .and_then(|c| c.adjusted.get(&key))
            .map(|a| a.reason.clone())
            .filter(|r| !r.is_empty());
        let reason = reason.map_or_else(String::new, |r| {
            lang.pick(format!("，理由：{r}"), format!(", reason: {r}"))
        });
        let _ = writeln!(
            text,
            "{indent}{}{}{}",
            lang.pick("核定值：", "reviewed: "),
            field_value(fw, field, reviewed, lang),
            lang.pick(
                format!("（复核 {}{reason}）", cited(review)),
                format!(" (review {}{reason})", cited(review))
            )
        );
    }
}

/// 提分建议: the five changes that would add most points.
fn improvements(results: &Results<'_>, i: usize) -> String {
    let lang = results.lang;
    let code = &results.scored.units[i];
    let pop = population(results.fw, code, results.year);
    let list = suggestions(results, i, pop);
    let mut text = format!(
        "\n{}\n",
        lang.pick(
            "提分建议（失分最多的指标，按可增加分值排序）",
            "To improve (the indicators losing most points, by points gained)"
        )
    );
    if list.is_empty() {
        let _ = writeln!(
            text,
            "  {}",
            lang.pick("各项指标均已得满分", "full points on every indicator")
        );
    }
    for (k, s) in list.iter().enumerate() {
        let _ = writeln!(
            text,
            "  {}. {} {}{}{}",
            k + 1,
            s.code,
            s.name,
            lang.pick("：", ": "),
            s.text
        );
    }
    text
}

/// 加分、扣分与否决: the items applied to the unit, with the city's reasons.
fn items(results: &Results<'_>, i: usize) -> String {
    let (fw, scored, lang) = (results.fw, results.scored, results.lang);
    let code = &scored.units[i];
    let city = results.city;
    let city_file = city
        .map(|c| crate::location::file_name(&c.file))
        .unwrap_or_default();
    let submission = results.submission(code);
    let sep = lang.pick("；", "; ");
    let mut lines: Vec<String> = Vec::new();
    let score = |item: &str, kind: NodeKind| {
        scored
            .node(item)
            .filter(|n| n.kind == kind)
            .and_then(|n| n.score[i])
            .unwrap_or(0.0)
    };

    // bonus: the n-th claim of an item with the n-th decision on it
    let mut bonus_sum = 0.0;
    for b in &fw.bonus {
        let claims: Vec<_> = submission
            .into_iter()
            .flat_map(|s| s.claims.iter())
            .filter(|c| c.item.as_deref() == Some(b.code.as_str()))
            .collect();
        let approvals: Vec<_> = city
            .into_iter()
            .flat_map(|c| c.approvals.iter())
            .filter(|a| &a.unit == code && a.item == b.code)
            .collect();
        let p = score(&b.code, NodeKind::Bonus);
        bonus_sum += p;
        if claims.is_empty() && approvals.is_empty() && p == 0.0 {
            continue;
        }
        let mut parts = Vec::new();
        for k in 0..claims.len().max(approvals.len()) {
            let mut part = String::new();
            if let Some(c) = claims.get(k) {
                let count = c.count.map_or_else(String::new, number);
                let _ = write!(part, "{}{count}", lang.pick("申报 ", "claimed "));
                if !c.description.is_empty() {
                    let _ = write!(
                        part,
                        "{}",
                        lang.pick(
                            format!("（{}）", c.description),
                            format!(" ({})", c.description)
                        )
                    );
                }
            }
            let decision = match (city, approvals.get(k)) {
                (None, _) => lang
                    .pick("未复核，按申报计", "not reviewed, counted as claimed")
                    .to_string(),
                (Some(_), Some(a)) if a.agreed => {
                    let reason = if a.reason.is_empty() {
                        String::new()
                    } else {
                        format!("{sep}{}", a.reason)
                    };
                    lang.pick(
                        format!(
                            "同意，认定 {}{reason}（{city_file} {}）",
                            number(a.approved),
                            a.cell
                        ),
                        format!(
                            "approved {}{reason} ({city_file} {})",
                            number(a.approved),
                            a.cell
                        ),
                    )
                }
                (Some(_), Some(a)) => lang.pick(
                    format!("不同意：{}（{city_file} {}）", a.reason, a.cell),
                    format!("refused: {} ({city_file} {})", a.reason, a.cell),
                ),
                (Some(_), None) => lang
                    .pick(
                        "未列入复核表，未计分",
                        "not in the city workbook; not counted",
                    )
                    .to_string(),
            };
            if !part.is_empty() {
                part.push_str(lang.pick("，", ", "));
            }
            part.push_str(&decision);
            parts.push(part);
        }
        lines.push(format!(
            "{} {} {} {:+.2}{}{}",
            lang.pick("加分", "bonus"),
            b.code,
            b.label(lang),
            p,
            lang.pick(" 分：", " points: "),
            parts.join(sep)
        ));
    }
    if let Some(cap) = fw.bonus_cap
        && round2(bonus_sum) > cap.as_f64()
    {
        lines.push(lang.pick(
            format!("加分合计 {} 分，按上限 {cap} 分计", points(bonus_sum)),
            format!("bonus {} in total, capped at {cap}", points(bonus_sum)),
        ));
    }

    // deductions: occurrences the city found, days late from the receipt log
    for d in &fw.deductions {
        let Some(count) = scored
            .node(&d.code)
            .filter(|n| n.kind == NodeKind::Deduction)
            .and_then(|n| n.value[i])
            .filter(|c| *c > 0.0)
        else {
            continue;
        };
        let key = (code.clone(), d.code.clone());
        let what = match d.counts {
            Counts::DaysLate => {
                let mut what = lang.pick(
                    format!("逾期 {} 天", number(count)),
                    format!("{} days late", number(count)),
                );
                if let Some(r) = city.and_then(|c| c.received.get(code)) {
                    let got = crate::date::text(r.value);
                    let due = crate::date::text(fw.period.deadline_day(results.year));
                    let _ = write!(
                        what,
                        "{}",
                        lang.pick(
                            format!("（收件日期 {got}，报送截止 {due}；{city_file} {}）", r.cell),
                            format!(" (received {got}, due {due}; {city_file} {})", r.cell),
                        )
                    );
                }
                what
            }
            Counts::Occurrences => {
                let mut what = lang.pick(
                    format!("{} 次", number(count)),
                    format!("{} times", number(count)),
                );
                if let Some(x) = city.and_then(|c| c.deductions.get(&key)) {
                    what.push_str(&decided(x, &city_file, lang));
                }
                what
            }
        };
        lines.push(format!(
            "{} {} {} {:+.2}{}{what}",
            lang.pick("扣分", "deduction"),
            d.code,
            d.label(lang),
            score(&d.code, NodeKind::Deduction),
            lang.pick(" 分：", " points: "),
        ));
    }

    // vetoes
    for v in &fw.vetoes {
        let hit = scored
            .node(&v.code)
            .is_some_and(|n| n.kind == NodeKind::Veto && n.value[i] == Some(1.0));
        if !hit {
            continue;
        }
        let mut line = format!(
            "{} {} {}{}{}",
            lang.pick("一票否决", "veto"),
            v.code,
            v.label(lang),
            lang.pick("：", ": "),
            describe::veto_words(v.effect, lang)
        );
        if let Some(x) = city.and_then(|c| c.vetoes.get(&(code.clone(), v.code.clone()))) {
            line.push_str(&decided(x, &city_file, lang));
        }
        lines.push(line);
    }

    let mut text = format!(
        "\n{}\n",
        lang.pick("加分、扣分与否决", "Bonus, deductions and vetoes")
    );
    if lines.is_empty() {
        lines.push(lang.pick("无", "none").to_string());
    }
    for l in lines {
        let _ = writeln!(text, "  {l}");
    }
    text
}

/// The city's reason, basis and row for a deduction or veto: `（经核实；石红办〔2023〕10 号；city.xlsx 扣分与否决!F117）`.
fn decided(x: &Decision, city_file: &str, lang: Lang) -> String {
    let parts: Vec<String> = [
        x.reason.clone(),
        x.basis.clone(),
        format!("{city_file} {}", x.cell),
    ]
    .into_iter()
    .filter(|s| !s.trim().is_empty())
    .collect();
    lang.pick(
        format!("（{}）", parts.join("；")),
        format!(" ({})", parts.join("; ")),
    )
}
