//! The 通报 as an official document (GB/T 9704-2012, `../docs` in the
//! README): what it says is built here as plain text blocks ([`Bulletin`]),
//! how it looks on paper in [`docx`]; the yearly facts (issuer, 发文字号,
//! basis, 抄送, 整改 deadline) come from [`settings`].
//!
//! Choices where the standard leaves room: units are named in full
//! (名称 + the settings' suffix) and in administrative-division order
//! everywhere, 表扬 included; the 同比 paragraph compares grade counts and
//! names the biggest rise and fall of the total and of the rank; 整改要求 name
//! the units of the lowest grade with the settings' deadline; the attachment
//! page is the summary table (基础分 + 加分 − 扣分 = 总分, rank, grade) under
//! the attachment's exact title; the document is Chinese whatever `--lang`
//! (a 公文 has one language).

pub mod docx;
pub mod ooxml;
pub mod settings;

use crate::date::Date;
use crate::numbers::small_chinese;

use super::Results;
use super::attachment;
pub use settings::Settings;

/// A paragraph of the body, by its role.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// "一、…" (黑体).
    Heading(String),
    /// Body text, first line indented two characters.
    Text(String),
}

/// Everything the bulletin says, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct Bulletin {
    /// 发文机关标志 (red).
    pub mark: String,
    /// 发文字号: 石红字〔2024〕3号.
    pub number: String,
    /// The title, broken between words into lines.
    pub title: Vec<String>,
    /// 主送机关 with its colon.
    pub recipients: String,
    pub body: Vec<Block>,
    /// 附件说明: 附件：+ the attachment's title.
    pub attachment_note: String,
    /// 发文机关署名.
    pub signer: String,
    /// 成文日期: 2024年1月15日.
    pub date: String,
    /// The attachment: its title and table (header row first).
    pub attachment_title: String,
    pub table: Vec<Vec<String>>,
    /// 版记: 抄送 (empty when none), 印发机关, 印发日期 (…印发).
    pub copy_to: Vec<String>,
    pub printer: String,
    pub printed: String,
}

/// The bulletin's bytes (a .docx), dated by the run's timestamp.
pub fn write(results: &Results<'_>, settings: &Settings) -> Result<Vec<u8>, docx::DocxError> {
    let stamp = results.timestamp;
    let bulletin = Bulletin::of(results, settings, stamp.date());
    let (y, m, d, h, mi, s) = stamp.parts();
    let when = format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z");
    let part = |x: i64| u8::try_from(x).unwrap_or(0);
    let zip_time = zip::DateTime::from_date_and_time(
        u16::try_from(y.clamp(1980, 2107)).unwrap_or(2000),
        part(m),
        part(d),
        part(h),
        part(mi),
        part(s),
    )
    .unwrap_or_default();
    docx::write(&bulletin, &when, zip_time)
}

/// The bulletin's title.
pub fn title(results: &Results<'_>) -> String {
    format!("关于{}年度{}结果的通报", results.year, results.fw.name)
}

/// A character's width in full-width characters (ASCII is half).
fn width(text: &str) -> f64 {
    super::style::text_width(text) / 2.0
}

/// Characters of 2号 (22 pt) type on a line of the 版心 (156 mm = 442 pt).
pub const TITLE_LINE: f64 = 20.0;

/// The title broken between words: at most [`TITLE_LINE`] characters a line,
/// breaking only after 关于, 年度, 红十字会, 评估, 考核 or before 的通报, and
/// among those the most balanced break (upper and lower line nearly equal).
pub fn break_title(title: &str, line: f64) -> Vec<String> {
    if width(title) <= line {
        return vec![title.to_string()];
    }
    let mut breaks: Vec<usize> = Vec::new();
    for word in ["关于", "年度", "红十字会", "评估", "考核", "结果"] {
        breaks.extend(title.match_indices(word).map(|(i, w)| i + w.len()));
    }
    breaks.extend(title.match_indices("的通报").map(|(i, _)| i));
    breaks.sort_unstable();
    breaks.dedup();
    let best = breaks
        .iter()
        .filter(|b| **b > 0 && **b < title.len())
        .map(|b| (*b, width(&title[..*b]), width(&title[*b..])))
        .filter(|(_, a, _)| *a <= line)
        .min_by(|x, y| {
            let over = |r: &(usize, f64, f64)| f64::from(u8::from(r.2 > line));
            (over(x), (x.1 - x.2).abs())
                .partial_cmp(&(over(y), (y.1 - y.2).abs()))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
    match best {
        Some((b, _, _)) => {
            let mut lines = vec![title[..b].to_string()];
            lines.extend(break_title(&title[b..], line));
            lines
        }
        // no word boundary fits: break at the last character that fits
        None => {
            let mut cut = 0;
            for (i, c) in title.char_indices() {
                if width(&title[..i + c.len_utf8()]) > line {
                    break;
                }
                cut = i + c.len_utf8();
            }
            let cut = cut.max(title.chars().next().map_or(1, char::len_utf8));
            let mut lines = vec![title[..cut].to_string()];
            lines.extend(break_title(&title[cut..], line));
            lines
        }
    }
}

/// 发文字号: 代字〔year〕number号 (the number left blank when the settings lack it).
pub fn document_number(code: &str, year: i32, number: Option<u32>) -> String {
    match number {
        Some(n) => format!("{code}〔{year}〕{n}号"),
        None => format!("{code}〔{year}〕　号"),
    }
}

impl Bulletin {
    /// The bulletin of `results`, dated `day` (the run's timestamp).
    pub fn of(results: &Results<'_>, settings: &Settings, day: Date) -> Bulletin {
        use crate::date::Datelike;
        let year_settings = settings.year(results.year);
        let full = |i: usize| settings.full_name(attachment::name(results, i));
        let mut body = Vec::new();
        let mut heading = {
            let mut n = 0;
            move |text: &str| {
                n += 1;
                Block::Heading(format!("{}、{text}", small_chinese(n)))
            }
        };
        body.push(Block::Text(opening(results, settings)));

        body.push(heading("评估结果"));
        for (grade, units) in attachment::grade_groups(results) {
            let label = if grade.is_empty() {
                "未定等次".to_string()
            } else {
                format!("{grade}等次")
            };
            let names: Vec<String> = units.iter().map(|i| full(*i)).collect();
            body.push(Block::Text(format!(
                "{label}（{}个）：{}。",
                small_chinese(names.len()),
                names.join("、")
            )));
        }
        let absent: Vec<String> = attachment::code_order(results)
            .into_iter()
            .filter_map(|i| results.absent(i).map(|a| format!("{}（{a}）", full(i))))
            .collect();
        if !absent.is_empty() {
            body.push(Block::Text(format!(
                "未报送或免报的单位：{}。",
                absent.join("、")
            )));
        }
        let unscored: Vec<String> = results
            .scored
            .unscored
            .iter()
            .map(|(code, _)| {
                settings.full_name(
                    results
                        .table
                        .names
                        .get(code)
                        .map_or(code.as_str(), String::as_str),
                )
            })
            .collect();
        if !unscored.is_empty() {
            body.push(Block::Text(format!(
                "未参加计分：{}。",
                unscored.join("、")
            )));
        }

        let commended = commended(results);
        if !commended.is_empty() {
            body.push(heading("表扬"));
            for (c, units) in &commended {
                let names: Vec<String> = units.iter().map(|i| full(*i)).collect();
                // the rule, so that a unit of the same grade left out sees why
                let rule = results
                    .fw
                    .commendations
                    .iter()
                    .find(|x| x.name == *c)
                    .map(|x| {
                        let grade = x
                            .requires_grade
                            .as_deref()
                            .map(|g| format!("且评为{g}等次"))
                            .unwrap_or_default();
                        let top = usize::try_from(x.top).unwrap_or(usize::MAX);
                        format!("按总分前{}名{grade}的规定，", small_chinese(top))
                    })
                    .unwrap_or_default();
                body.push(Block::Text(format!(
                    "{rule}{}被评为{}年度{c}，予以通报表扬。",
                    names.join("、"),
                    results.year
                )));
            }
        }

        if let Some(text) = compared(results, settings) {
            body.push(heading("与上年度比较"));
            body.push(Block::Text(text));
        }

        let overview = overview(results);
        if !overview.is_empty() {
            body.push(heading("总体情况与主要短板"));
            body.push(Block::Text(overview));
        }

        body.push(heading("整改要求"));
        body.push(Block::Text(rectification(
            results,
            settings,
            year_settings.and_then(settings::Year::rectify_date),
        )));

        let attachment_title = attachment::title(results);
        Bulletin {
            mark: settings.issuer.mark.clone(),
            number: document_number(
                &settings.issuer.code,
                day.year(),
                year_settings.and_then(|y| y.number),
            ),
            title: break_title(&title(results), TITLE_LINE),
            recipients: format!("{}：", settings.issuer.recipients),
            body,
            attachment_note: format!("附件：{attachment_title}"),
            signer: settings.issuer.name.clone(),
            date: settings::chinese_date(day),
            attachment_title,
            table: attachment_table(results),
            copy_to: year_settings.map(|y| y.copy_to.clone()).unwrap_or_default(),
            printer: settings.issuer.printer.clone(),
            printed: format!("{}印发", settings::chinese_date(day)),
        }
    }

    /// Every piece of text, in reading order (for tests and the text check).
    pub fn text(&self) -> String {
        let mut out = vec![self.mark.clone(), self.number.clone()];
        out.extend(self.title.iter().cloned());
        out.push(self.recipients.clone());
        for b in &self.body {
            match b {
                Block::Heading(t) | Block::Text(t) => out.push(t.clone()),
            }
        }
        out.extend([
            self.attachment_note.clone(),
            self.signer.clone(),
            self.date.clone(),
            "附件".into(),
            self.attachment_title.clone(),
        ]);
        out.extend(self.table.iter().map(|r| r.join(" ")));
        if !self.copy_to.is_empty() {
            out.push(format!("抄送：{}。", self.copy_to.join("，")));
        }
        out.push(format!("{} {}", self.printer, self.printed));
        out.join("\n")
    }
}

fn opening(results: &Results<'_>, settings: &Settings) -> String {
    let scored = results.scored;
    let n = scored.units.len() + scored.unscored.len();
    let stage = results
        .stage
        .map(|s| format!("（{s}）"))
        .unwrap_or_default();
    let basis = match settings.year(results.year) {
        Some(settings::Year {
            basis: Some(b),
            basis_number,
            ..
        }) => {
            let number = basis_number
                .as_deref()
                .map(|n| format!("（{n}）"))
                .unwrap_or_default();
            format!("根据《{b}》{number}，")
        }
        _ => String::new(),
    };
    format!(
        "{basis}{}对全市{}个县（市、区）红十字会{}年度核心能力建设情况进行了评估。经县级自评申报、市级审核与实地抽查、综合评定，现将评估结果{stage}通报如下：",
        settings.issuer.self_name(),
        small_chinese(n),
        results.year,
    )
}

/// The summary table of the attachment: 序号 (administrative order), 单位,
/// 基础分, 加分, 扣分, 总分 (= 基础分 + 加分 − 扣分), 名次, 等次.
pub fn attachment_table(results: &Results<'_>) -> Vec<Vec<String>> {
    let total = results.scored.total();
    let mut rows = vec![
        [
            "序号",
            "单位",
            "基础分",
            "加分",
            "扣分",
            "总分",
            "名次",
            "等次",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for (k, i) in (1..).zip(attachment::code_order(results)) {
        let c = &results.composition[i];
        let score = total.and_then(|t| t.score[i]);
        let points = |x: f64| {
            if score.is_some() {
                format!("{:.2}", attachment::round2(x))
            } else {
                String::new()
            }
        };
        let rank = match total.and_then(|t| t.rank[i]) {
            Some(r) if attachment::tied(results, i) => format!("{r}（并列）"),
            Some(r) => r.to_string(),
            None => results.absent(i).unwrap_or("—").to_string(),
        };
        rows.push(vec![
            k.to_string(),
            attachment::name(results, i).to_string(),
            points(c.base),
            points(c.bonus),
            points(c.deductions),
            score.map_or(String::new(), |s| format!("{:.2}", attachment::round2(s))),
            rank,
            results
                .scored
                .grades
                .get(i)
                .cloned()
                .flatten()
                .unwrap_or_default(),
        ]);
    }
    rows
}

/// The 同比 paragraph: grade counts against last year's and the biggest
/// movers, when last year's results are known.
fn compared(results: &Results<'_>, settings: &Settings) -> Option<String> {
    let previous = results.previous?;
    let scored = results.scored;
    let total = scored.total()?;
    let mut counts = Vec::new();
    for g in &results.fw.grades {
        let now = scored
            .grades
            .iter()
            .flatten()
            .filter(|x| **x == g.name)
            .count();
        let before = previous
            .totals
            .values()
            .filter(|s| s.grade.as_deref() == Some(g.name.as_str()))
            .count();
        let (a, b) = (small_chinese(before), small_chinese(now));
        let change = match now.cmp(&before) {
            std::cmp::Ordering::Greater => format!("由{a}个增至{b}个"),
            std::cmp::Ordering::Less => format!("由{a}个减至{b}个"),
            std::cmp::Ordering::Equal => format!("持平（{b}个）"),
        };
        counts.push(format!("{}等次{change}", g.name));
    }
    let mut text = format!("与{}年度相比，{}。", previous.year, counts.join("，"));
    // (change of total, change of rank) per unit compared
    let moves: Vec<(usize, f64, i64)> = (0..scored.units.len())
        .filter_map(|i| {
            let before = previous.totals.get(&scored.units[i])?;
            let delta = total.score[i]? - before.total?;
            let climb = i64::from(before.rank?) - i64::from(total.rank[i]?);
            Some((i, attachment::round2(delta), climb))
        })
        .collect();
    let name = |i: usize| settings.full_name(attachment::name(results, i));
    let by_code = |a: &usize, b: &usize| scored.units[*a].cmp(&scored.units[*b]);
    let most = |key: &dyn Fn(&(usize, f64, i64)) -> f64| -> Option<(Vec<usize>, f64)> {
        let best = moves.iter().map(key).fold(f64::NEG_INFINITY, f64::max);
        if best <= 0.0 {
            return None;
        }
        let mut who: Vec<usize> = moves
            .iter()
            .filter(|m| (key(m) - best).abs() < 1e-9)
            .map(|m| m.0)
            .collect();
        who.sort_by(by_code);
        Some((who, best))
    };
    let names = |who: &[usize]| who.iter().map(|i| name(*i)).collect::<Vec<_>>().join("、");
    let mut parts = Vec::new();
    if let Some((who, d)) = most(&|m| m.1) {
        parts.push(format!("总分提高最多的是{}（{d:.2}分）", names(&who)));
    }
    if let Some((who, d)) = most(&|m| -m.1) {
        parts.push(format!("下降最多的是{}（{d:.2}分）", names(&who)));
    }
    #[allow(clippy::cast_precision_loss)] // ranks are small
    if let Some((who, d)) = most(&|m| m.2 as f64) {
        parts.push(format!("名次上升最多的是{}（{d}位）", names(&who)));
    }
    if !parts.is_empty() {
        text.push_str(&parts.join("；"));
        text.push('。');
    }
    Some(text)
}

/// The city's mean, highest and lowest total and the weakest dimensions.
fn overview(results: &Results<'_>) -> String {
    let totals: Vec<f64> = results
        .scored
        .total()
        .map(|t| t.score.iter().flatten().copied().collect())
        .unwrap_or_default();
    let mut text = String::new();
    if !totals.is_empty() {
        #[allow(clippy::cast_precision_loss)]
        let mean = totals.iter().sum::<f64>() / totals.len() as f64;
        let max = totals.iter().copied().fold(f64::MIN, f64::max);
        let min = totals.iter().copied().fold(f64::MAX, f64::min);
        text.push_str(&format!(
            "全市平均总分{mean:.2}分，最高{max:.2}分，最低{min:.2}分。"
        ));
    }
    let weak = weak_dimensions(results, 2);
    if !weak.is_empty() {
        let parts: Vec<String> = weak
            .iter()
            .map(|(name, share)| format!("{name}（平均得分率{:.1}%）", share * 100.0))
            .collect();
        text.push_str(&format!(
            "从各维度平均得分率看，{}是当前的主要薄弱环节。",
            parts.join("、")
        ));
    }
    text
}

/// 整改要求: the units of the lowest grade report their rectification by the
/// deadline; every unit works on its 反馈单.
fn rectification(results: &Results<'_>, settings: &Settings, by: Option<Date>) -> String {
    let issuer = settings.issuer.self_name();
    let general = "各县（市、区）红十字会要对照市级下发的评估反馈单，查找差距，逐项整改，推动核心能力持续提升。";
    let lowest = results.fw.grades.last().map(|g| g.name.as_str());
    let units: Vec<String> = attachment::code_order(results)
        .into_iter()
        .filter(|i| {
            lowest.is_some() && results.scored.grades.get(*i).and_then(|g| g.as_deref()) == lowest
        })
        .map(|i| settings.full_name(attachment::name(results, i)))
        .collect();
    if units.is_empty() {
        return general.to_string();
    }
    let when = by.map_or_else(
        || "限期".to_string(),
        |d| format!("于{}前", settings::chinese_date(d)),
    );
    format!(
        "被评为{}等次的{}，要认真查摆问题，制定整改方案，{when}将整改情况书面报告{issuer}。{general}",
        lowest.unwrap_or_default(),
        units.join("、"),
    )
}

/// The dimensions with the lowest average share of their points, lowest first:
/// (name, share).
pub fn weak_dimensions(results: &Results<'_>, count: usize) -> Vec<(String, f64)> {
    let mut shares: Vec<(String, f64)> = results
        .fw
        .dimensions
        .iter()
        .filter(|d| d.parent.is_none())
        .filter_map(|d| {
            let points = d.points?.as_f64();
            let node = results.scored.node(&d.code)?;
            let scores: Vec<f64> = node.score.iter().flatten().copied().collect();
            if points <= 0.0 || scores.is_empty() {
                return None;
            }
            #[allow(clippy::cast_precision_loss)]
            let mean = scores.iter().sum::<f64>() / scores.len() as f64;
            Some((d.name.clone(), mean / points))
        })
        .collect();
    shares.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    shares.truncate(count);
    shares
}

/// The units given each commendation, in administrative-division order:
/// (commendation, unit indexes).
pub fn commended(results: &Results<'_>) -> Vec<(String, Vec<usize>)> {
    let mut names: Vec<String> = results
        .fw
        .commendations
        .iter()
        .map(|c| c.name.clone())
        .collect();
    for c in results.commended.iter().flatten() {
        for n in c.split('、') {
            if !names.iter().any(|x| x == n) {
                names.push(n.to_string());
            }
        }
    }
    names
        .into_iter()
        .filter_map(|c| {
            let chosen: Vec<usize> = attachment::code_order(results)
                .into_iter()
                .filter(|i| {
                    results
                        .commended
                        .get(*i)
                        .and_then(|x| x.as_deref())
                        .is_some_and(|n| n.split('、').any(|x| x == c))
                })
                .collect();
            (!chosen.is_empty()).then_some((c, chosen))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_break_between_words_in_a_balanced_shape() {
        // 关于 2023 年度县级红十字会 = 2 + 2 + 8 = 12 characters, 核心能力评估结果的通报 = 11:
        // the most even of the breaks that fit 20 characters a line
        assert_eq!(
            break_title("关于2023年度县级红十字会核心能力评估结果的通报", TITLE_LINE),
            ["关于2023年度县级红十字会", "核心能力评估结果的通报"]
        );
        // 2023年度县（市、区）红十字会 = 14, 核心能力评估得分汇总表 = 11 (after 评估: 20 | 5)
        assert_eq!(
            break_title(
                "2023年度县（市、区）红十字会核心能力评估得分汇总表",
                TITLE_LINE
            ),
            ["2023年度县（市、区）红十字会", "核心能力评估得分汇总表"]
        );
        // short enough for one line
        assert_eq!(
            break_title("关于表扬的通报", TITLE_LINE),
            ["关于表扬的通报"]
        );
        // no word boundary: cut where the line is full, nothing lost
        let long = "甲".repeat(45);
        let lines = break_title(&long, TITLE_LINE);
        assert_eq!(
            lines.iter().map(|l| l.chars().count()).collect::<Vec<_>>(),
            [20, 20, 5]
        );
    }

    #[test]
    fn the_document_number_has_no_leading_zero_and_no_第() {
        assert_eq!(
            document_number("石红字", 2024, Some(3)),
            "石红字〔2024〕3号"
        );
        assert_eq!(document_number("石红字", 2024, None), "石红字〔2024〕　号");
    }
}
