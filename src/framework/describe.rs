//! The framework in words: how each indicator's value is formed and scored,
//! written so that a county can re-compute its own points by hand.
//!
//! Used by `assess indicators` (the tree) and by the 评分细则 workbook.

use super::check::number;
use super::model::quantity;
use super::model::{
    ClaimSource, Counts, Direction, Field, Framework, Indicator, Method, Points, PopulationBase,
    Source, Target, VIRTUAL_FIELDS, VetoEffect,
};
use crate::lang::Lang;

/// A field's name in the chosen language (built-in values included).
pub fn field_name<'a>(fw: &'a Framework, code: &'a str, lang: Lang) -> &'a str {
    if let Some(f) = fw.field(code) {
        return lang.name(&f.name, f.name_en.as_deref());
    }
    VIRTUAL_FIELDS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or(code, |(_, zh, en)| lang.pick(*zh, *en))
}

fn population_word(fw: &Framework, lang: Lang) -> &'static str {
    match fw.population_base {
        PopulationBase::Resident => lang.pick("常住人口", "resident population"),
        PopulationBase::Registered => lang.pick("户籍人口", "registered population"),
    }
}

/// `每万人`, `‰`, `%` … for a per-people scale.
fn per_words(per: f64, lang: Lang) -> String {
    match per {
        p if (p - 100.0).abs() < f64::EPSILON => lang.pick("占人口%", "% of population").into(),
        p if (p - 1000.0).abs() < f64::EPSILON => {
            lang.pick("每千人（‰）", "per 1,000 people").into()
        }
        p if (p - 10_000.0).abs() < f64::EPSILON => lang.pick("每万人", "per 10,000 people").into(),
        p if (p - 1_000_000.0).abs() < f64::EPSILON => lang
            .pick("每百万人（PMP）", "per million people (PMP)")
            .into(),
        p => lang.pick(
            format!("每{}人", number(p)),
            format!("per {} people", number(p)),
        ),
    }
}

/// How the value is formed: `已建会乡镇数 ÷ 乡镇总数`, `(成人会员 + 青少年会员) 每万人`.
pub fn value_words(fw: &Framework, ind: &Indicator, lang: Lang) -> String {
    let names: Vec<&str> = ind
        .value
        .fields
        .iter()
        .map(|c| field_name(fw, c, lang))
        .collect();
    if matches!(ind.method, Method::Checklist) {
        return names.join(lang.pick("、", ", "));
    }
    let mut text = if names.len() > 1 {
        format!("({})", names.join(" + "))
    } else {
        names.join("")
    };
    if let Some(d) = &ind.value.divide_by {
        text = format!("{text} ÷ {}", field_name(fw, d, lang));
    }
    if let Some(per) = ind.value.per_people {
        text = format!(
            "{text} {}（{}）",
            per_words(per, lang),
            population_word(fw, lang)
        );
    }
    text
}

/// The unit a threshold or target is written in for this indicator.
fn value_unit(fw: &Framework, ind: &Indicator, lang: Lang) -> String {
    if ind.value.divide_by.is_some() {
        return "%".into();
    }
    match ind.value.per_people {
        Some(p) if (p - 100.0).abs() < f64::EPSILON => "%".into(),
        Some(p) if (p - 1000.0).abs() < f64::EPSILON => "‰".into(),
        _ => ind
            .value
            .fields
            .first()
            .and_then(|c| fw.field(c))
            .map(|f: &Field| {
                if f.unit == "%" {
                    "%".to_string()
                } else {
                    f.unit_in(lang).to_string()
                }
            })
            .unwrap_or_default(),
    }
}

/// A threshold or target as written for people: shares as percentages.
fn amount(fw: &Framework, ind: &Indicator, v: f64, lang: Lang) -> String {
    let unit = value_unit(fw, ind, lang);
    let is_share = ind.value.divide_by.is_some()
        || ind
            .value
            .fields
            .first()
            .and_then(|c| fw.field(c))
            .is_some_and(|f| f.unit == "%")
        || ind.value.fields.first().is_some_and(|c| c == "wuyou-rate");
    if is_share {
        return format!("{}%", number((v * 100.0 * 1e6).round() / 1e6));
    }
    match ind.value.per_people {
        Some(p) if (p - 100.0).abs() < f64::EPSILON => format!("{}%", number(v)),
        Some(p) if (p - 1000.0).abs() < f64::EPSILON => format!("{}‰", number(v)),
        Some(p) => lang.pick(
            format!("{} {} {unit}", per_words(p, lang), number(v)),
            format!("{} {}", per_words(p, lang), quantity(&number(v), &unit)),
        ),
        None => lang.pick(
            format!("{} {unit}", number(v)).trim_end().to_string(),
            quantity(&number(v), &unit),
        ),
    }
}

/// How the points are earned, in words.
pub fn method_words(fw: &Framework, ind: &Indicator, lang: Lang) -> String {
    let points = ind.points.unwrap_or_default();
    match &ind.method {
        Method::TargetRatio { target, cap } => {
            let target_text = match target {
                Target::Fixed(t) => amount(fw, ind, *t, lang),
                Target::PerPeople { rate, per } => {
                    let unit = value_unit(fw, ind, lang);
                    lang.pick(
                        format!(
                            "{}{}{unit} × {}",
                            per_words(*per, lang),
                            number(*rate),
                            population_word(fw, lang)
                        ),
                        format!(
                            "{} {} × {}",
                            quantity(&number(*rate), &unit),
                            per_words(*per, lang),
                            population_word(fw, lang)
                        ),
                    )
                }
            };
            let cap_text = format!("{}%", number(cap * 100.0));
            lang.pick(
                format!(
                    "目标 {target_text}；完成率 = 实际 ÷ 目标；得分 = {points} × min(完成率, {cap_text})"
                ),
                format!(
                    "target {target_text}; completion = actual ÷ target; points = {points} × min(completion, {cap_text})"
                ),
            )
        }
        Method::Tiers { tiers } => {
            let op = match ind.direction {
                Direction::Higher => "≥",
                Direction::Lower => "≤",
            };
            let parts: Vec<String> = tiers
                .iter()
                .map(|t| {
                    let earned = Points(
                        (points.as_f64() * t.share * 100.0).round() as i64, // display only
                    );
                    lang.pick(
                        format!("{op}{} 得 {earned} 分", amount(fw, ind, t.threshold, lang)),
                        format!("{op}{}: {earned}", amount(fw, ind, t.threshold, lang)),
                    )
                })
                .collect();
            lang.pick(
                format!("{}；未达最低档得 0 分", parts.join("，")),
                format!("{}; below the lowest tier: 0", parts.join(", ")),
            )
        }
        Method::Checklist => {
            let n = ind.value.fields.len();
            lang.pick(
                format!("共 {n} 项，每项为“是”得 {points} ÷ {n} 分"),
                format!("{n} items; each “yes” earns {points} ÷ {n}"),
            )
        }
        Method::Deduction { per_occurrence } => lang.pick(
            format!("满分 {points}，每发生 1 次扣 {per_occurrence} 分，扣完为止"),
            format!("{points} less {per_occurrence} per occurrence, not below 0"),
        ),
        Method::Goalposts { low, high } => lang.pick(
            format!(
                "(实际 − {}) ÷ ({} − {})，截断在 0～1，乘以分值",
                number(*low),
                number(*high),
                number(*low)
            ),
            format!(
                "(actual − {}) ÷ ({} − {}), truncated to 0…1, times the points",
                number(*low),
                number(*high),
                number(*low)
            ),
        ),
        Method::MinMax => lang
            .pick("最小—最大标准化（0～100）", "min-max normalisation (0–100)")
            .into(),
        Method::ZScore => lang.pick("Z 分数标准化", "z-score normalisation").into(),
        Method::DistanceToTarget { target } => lang.pick(
            format!("距目标值 {} 的距离", number(*target)),
            format!("distance to the target {}", number(*target)),
        ),
        Method::Rank => lang.pick("按排名", "rank").into(),
        Method::PercentileRank => lang.pick("百分位排名", "percentile rank").into(),
    }
}

/// Who provides the data: `县级填报`, `市红十字会机关党委评分`, `石家庄市中心血站`.
pub fn source_words(fw: &Framework, ind: &Indicator, lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    for code in ind.value.fields.iter().chain(ind.value.divide_by.iter()) {
        let text = match fw.field(code) {
            Some(f) => match f.source {
                Source::County => lang.pick("县级填报", "county template").to_string(),
                Source::Department => {
                    let who = lang.name(
                        f.provider.as_deref().unwrap_or(""),
                        f.provider_en.as_deref(),
                    );
                    lang.pick(format!("{who}评定"), format!("rated by {who}"))
                }
                Source::External => {
                    let who = lang.name(
                        f.provider.as_deref().unwrap_or(""),
                        f.provider_en.as_deref(),
                    );
                    lang.pick(format!("{who}提供"), format!("supplied by {who}"))
                }
            },
            None if code.starts_with("wuyou") => lang
                .pick(
                    "县级填报（基层组织名单）",
                    "county template (grassroots list)",
                )
                .to_string(),
            None => lang.pick("市级核定", "city").to_string(),
        };
        if !parts.contains(&text) {
            parts.push(text);
        }
    }
    parts.join(lang.pick("；", "; "))
}

/// The bonus rule in words.
pub fn bonus_words(points: Points, max: Option<Points>, source: ClaimSource, lang: Lang) -> String {
    let who = match source {
        ClaimSource::County => lang.pick(
            "县级申报，市级审核",
            "claimed by the county, approved by the city",
        ),
        ClaimSource::City => lang.pick("市级认定", "decided by the city"),
    };
    match max {
        Some(max) => lang.pick(
            format!("每项加 {points} 分，最多 {max} 分；{who}"),
            format!("+{points} each, at most {max}; {who}"),
        ),
        None => lang.pick(
            format!("每项加 {points} 分；{who}"),
            format!("+{points} each; {who}"),
        ),
    }
}

/// The deduction rule in words.
pub fn deduction_words(points: Points, max: Option<Points>, counts: Counts, lang: Lang) -> String {
    let per = match counts {
        Counts::Occurrences => lang.pick("每次", "per occurrence"),
        Counts::DaysLate => lang.pick("每逾期 1 日", "per day late"),
    };
    match max {
        Some(max) => lang.pick(
            format!("{per}扣 {points} 分，最多扣 {max} 分"),
            format!("−{points} {per}, at most {max}"),
        ),
        None => lang.pick(format!("{per}扣 {points} 分"), format!("−{points} {per}")),
    }
}

/// The veto effect in words.
pub fn veto_words(effect: VetoEffect, lang: Lang) -> &'static str {
    match effect {
        VetoEffect::Fail => lang.pick("评为不合格，不得评先评优", "graded fail, no commendation"),
        VetoEffect::BarTopGrade => lang.pick("不得评为最高等次", "cannot get the top grade"),
    }
}

/// The whole framework as a text tree, for `assess indicators`.
pub fn tree(fw: &Framework, lang: Lang) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let name = lang.name(&fw.name, fw.name_en.as_deref());
    let years = match fw.to_year {
        Some(to) => format!("{}–{to}", fw.from_year),
        None => lang.pick(
            format!("{} 年起", fw.from_year),
            format!("{} on", fw.from_year),
        ),
    };
    let _ = writeln!(
        out,
        "{name}  [{} {} · {} · {} {}]",
        fw.id,
        fw.version,
        fw.mode.name(),
        lang.pick("标识", "identity"),
        &fw.identity()[..12]
    );
    let pop_year = fw.from_year;
    let _ = writeln!(
        out,
        "{}",
        lang.pick(
            format!(
                "适用年度：{years} · 参评单位 {} 个（{}合计 {}）",
                fw.units.len(),
                population_word(fw, lang),
                thousands(fw.population_total(pop_year))
            ),
            format!(
                "years: {years} · {} units ({} {})",
                fw.units.len(),
                population_word(fw, lang),
                thousands(fw.population_total(pop_year))
            ),
        )
    );
    if let Some(total) = fw.total {
        let cap = fw
            .bonus_cap
            .map(|c| lang.pick(format!(" · 加分上限 {c} 分"), format!(" · bonus cap {c}")))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{}{cap}",
            lang.pick(format!("总分 {total} 分"), format!("total {total} points"))
        );
    }
    out.push('\n');
    for dim in fw.top_dimensions() {
        write_node(fw, super::Node::Dimension(dim), "", lang, &mut out);
    }
    if !fw.bonus.is_empty() {
        let cap = fw
            .bonus_cap
            .map(|c| {
                lang.pick(
                    format!("（合计不超过 {c} 分）"),
                    format!(" (at most {c} in all)"),
                )
            })
            .unwrap_or_default();
        let _ = writeln!(out, "\n{}{cap}", lang.pick("加分项", "Bonus"));
        for b in &fw.bonus {
            let _ = writeln!(
                out,
                "  {} {}  {}",
                b.code,
                b.label(lang),
                bonus_words(b.points, b.max, b.source, lang)
            );
        }
    }
    if !fw.deductions.is_empty() {
        let _ = writeln!(out, "\n{}", lang.pick("扣分项", "Deductions"));
        for d in &fw.deductions {
            let _ = writeln!(
                out,
                "  {} {}  {}",
                d.code,
                d.label(lang),
                deduction_words(d.points, d.max, d.counts, lang)
            );
        }
    }
    if !fw.vetoes.is_empty() {
        let _ = writeln!(out, "\n{}", lang.pick("一票否决", "Veto"));
        for v in &fw.vetoes {
            let _ = writeln!(
                out,
                "  {} {}  {}",
                v.code,
                v.label(lang),
                veto_words(v.effect, lang)
            );
        }
    }
    if !fw.grades.is_empty() {
        let _ = writeln!(out, "\n{}", lang.pick("等次", "Grades"));
        for g in &fw.grades {
            let _ = writeln!(out, "  {}", grade_words(g, lang));
        }
    }
    for m in &fw.commendations {
        let needs = m
            .requires_grade
            .as_ref()
            .map(|g| {
                let en = fw.grade_name(g, Lang::En);
                lang.pick(format!("，须为{g}"), format!(", graded {en}"))
            })
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {}",
            lang.pick(
                format!("{}：总分前 {} 名{needs}", m.name, m.top),
                format!(
                    "{}: top {}{needs}",
                    lang.name(&m.name, m.name_en.as_deref()),
                    m.top
                ),
            )
        );
    }
    if !fw.maturity.is_empty() {
        let bands = fw.maturity_bands(lang);
        let _ = writeln!(
            out,
            "\n{}",
            lang.pick(
                format!("成熟度（满分指标占比）：{}", bands.join("，")),
                format!(
                    "Maturity (share of indicators at full points): {}",
                    bands.join(", ")
                ),
            )
        );
    }
    if let Some(w) = &fw.wuyou {
        let _ = writeln!(out, "\n{}", wuyou_words(w, lang));
    }
    out
}

fn write_node(fw: &Framework, node: super::Node<'_>, indent: &str, lang: Lang, out: &mut String) {
    use std::fmt::Write as _;
    let pts = |p: Option<Points>, w: Option<f64>| match (p, w) {
        (Some(p), _) => lang.pick(format!("{p} 分"), format!("{p} pts")),
        (None, Some(w)) => lang.pick(
            format!("权重 {}", number(w)),
            format!("weight {}", number(w)),
        ),
        _ => String::new(),
    };
    match node {
        super::Node::Dimension(d) => {
            let _ = writeln!(
                out,
                "{indent}{} {}  {}",
                d.code,
                lang.name(&d.name, d.name_en.as_deref()),
                pts(d.points, d.weight)
            );
            let inner = format!("{indent}    ");
            for child in fw.children(&d.code) {
                write_node(fw, child, &inner, lang, out);
            }
        }
        super::Node::Indicator(i) => {
            let _ = writeln!(
                out,
                "{indent}{} {}  {}  [{}]",
                i.code,
                lang.name(&i.name, i.name_en.as_deref()),
                pts(i.points, i.weight),
                i.method.label(lang)
            );
            let pad = format!("{indent}    ");
            let _ = writeln!(
                out,
                "{pad}{}{}",
                lang.pick("取值：", "value: "),
                value_words(fw, i, lang)
            );
            let _ = writeln!(
                out,
                "{pad}{}{}",
                lang.pick("计分：", "scoring: "),
                method_words(fw, i, lang)
            );
            let codes: Vec<&str> = i
                .value
                .fields
                .iter()
                .chain(i.value.divide_by.iter())
                .map(|c| c.as_str())
                .collect();
            let _ = writeln!(
                out,
                "{pad}{}{} ({})",
                lang.pick("来源：", "source: "),
                source_words(fw, i, lang),
                codes.join(", ")
            );
        }
    }
}

/// A grade band in words: `优秀 ≥ 90 分，不超过参评单位的 30%，无一票否决，扣分不超过 2 分`;
/// a band from 0 points with no other condition is the rest: `不合格：未达到以上等次`.
pub fn grade_words(g: &super::Grade, lang: Lang) -> String {
    let unconditional = g.max_share.is_none() && !g.requires_no_veto && g.max_deductions.is_none();
    if g.min_score.as_f64() <= 0.0 && unconditional {
        return lang.pick(
            format!("{}：未达到以上等次", g.name),
            format!("{}: the others", lang.name(&g.name, g.name_en.as_deref())),
        );
    }
    let mut parts = vec![lang.pick(
        format!("{} ≥ {} 分", g.name, g.min_score),
        format!(
            "{} ≥ {}",
            lang.name(&g.name, g.name_en.as_deref()),
            g.min_score
        ),
    )];
    if let Some(share) = g.max_share {
        parts.push(lang.pick(
            format!("不超过参评单位的 {}%", number(share * 100.0)),
            format!("at most {}% of units", number(share * 100.0)),
        ));
    }
    if g.requires_no_veto {
        parts.push(lang.pick("无一票否决事项", "no veto").to_string());
    }
    if let Some(max) = g.max_deductions {
        parts.push(lang.pick(
            format!("扣分不超过 {max} 分"),
            format!("deductions at most {max}"),
        ));
    }
    parts.join(lang.pick("，", ", "))
}

/// The 五有 standard in words.
pub fn wuyou_words(w: &super::Wuyou, lang: Lang) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let items: Vec<&str> = w
        .items
        .iter()
        .map(|i| lang.pick(i.short.as_str(), lang.name(&i.name, i.name_en.as_deref())))
        .collect();
    let rule = match &w.rule {
        super::WuyouRule::All => lang.pick(
            format!("{} 项全部具备为达标", w.items.len()),
            format!("met when all {} items are met", w.items.len()),
        ),
        super::WuyouRule::Points {
            pass,
            item_floor,
            model,
        } => {
            let floor = item_floor
                .map(|f| {
                    lang.pick(
                        format!("且每项不低于 {f} 分"),
                        format!(", no item below {f}"),
                    )
                })
                .unwrap_or_default();
            let model = model
                .map(|m| lang.pick(format!("；≥ {m} 分为示范"), format!("; model at ≥ {m}")))
                .unwrap_or_default();
            lang.pick(
                format!("得分 ≥ {pass} 分{floor}为达标{model}"),
                format!("met at ≥ {pass}{floor}{model}"),
            )
        }
    };
    let name = lang.name(&w.name, w.name_en.as_deref());
    let _ = match lang {
        Lang::Zh => writeln!(out, "{name}（{}）：{rule}", items.join("、")),
        Lang::En => writeln!(out, "{name} ({}): {rule}", items.join("; ")),
    };
    for t in &w.org_types {
        let _ = writeln!(
            out,
            "  {}",
            lang.pick(
                format!(
                    "{}：会员 ≥ {} 人，志愿者 ≥ {} 人",
                    t.name, t.min_members, t.min_volunteers
                ),
                format!(
                    "{}: members ≥ {}, volunteers ≥ {}",
                    lang.name(&t.name, t.name_en.as_deref()),
                    t.min_members,
                    t.min_volunteers
                ),
            )
        );
    }
    out
}

/// `10279636` → `10,279,636`.
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if n < 0 { format!("-{out}") } else { out }
}
