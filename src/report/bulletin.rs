//! 通报 draft: a minimal Word document (.docx) in the plain official style —
//! title, salutation, the results in a few paragraphs, the attachment table
//! (附件：得分汇总表), the sender and the date. The office edits it, adds the
//! red header and issues it.

use std::fmt::Write as _;
use std::io::{Cursor, Write as _};

use crate::numbers::small_chinese;

use super::Results;
use super::attachment;

/// Body font (仿宋_GB2312, 三号) and title font (方正小标宋简体, 二号).
const BODY_FONT: &str = "仿宋_GB2312";
const TITLE_FONT: &str = "方正小标宋简体";
const HEADING_FONT: &str = "黑体";

/// The bulletin's title.
pub fn title(results: &Results<'_>) -> String {
    format!("关于{}年度县级红十字会核心能力评估结果的通报", results.year)
}

/// The draft's bytes (a .docx).
pub fn write(results: &Results<'_>) -> Result<Vec<u8>, zip::result::ZipError> {
    let document = document_xml(results);
    let parts: [(&str, &str); 4] = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("word/document.xml", &document),
        ("word/styles.xml", &styles_xml()),
    ];
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let (y, m, d, h, mi, s) = results.timestamp.parts();
    let part = |x: i64| u8::try_from(x).unwrap_or(0);
    let when = zip::DateTime::from_date_and_time(
        u16::try_from(y.clamp(1980, 2107)).unwrap_or(2000),
        part(m),
        part(d),
        part(h),
        part(mi),
        part(s),
    )
    .unwrap_or_default();
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(when)
        .unix_permissions(0o644);
    for (name, text) in parts {
        zip.start_file(name, options)?;
        zip.write_all(text.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn styles_xml() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr>{}<w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:line="560" w:lineRule="exact"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:left w:w="108" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#,
        fonts(BODY_FONT)
    )
}

fn fonts(font: &str) -> String {
    format!(r#"<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>"#)
}

/// XML text with `& < > " '` escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// How a paragraph looks.
#[derive(Clone, Copy)]
enum Kind {
    Title,
    Plain,
    /// Body text with a two-character first-line indent.
    Body,
    /// Right-aligned (sender, date).
    Right,
    Heading,
}

fn paragraph(out: &mut String, kind: Kind, text: &str) {
    let (ppr, font, size) = match kind {
        Kind::Title => (
            r#"<w:jc w:val="center"/><w:spacing w:before="0" w:after="560" w:line="700" w:lineRule="exact"/>"#,
            TITLE_FONT,
            44,
        ),
        Kind::Plain => ("", BODY_FONT, 32),
        Kind::Body => (
            r#"<w:ind w:firstLineChars="200" w:firstLine="640"/>"#,
            BODY_FONT,
            32,
        ),
        Kind::Right => (
            r#"<w:jc w:val="right"/><w:ind w:right="640"/>"#,
            BODY_FONT,
            32,
        ),
        Kind::Heading => (
            r#"<w:ind w:firstLineChars="200" w:firstLine="640"/>"#,
            HEADING_FONT,
            32,
        ),
    };
    let _ = write!(
        out,
        r#"<w:p><w:pPr>{ppr}</w:pPr><w:r><w:rPr>{}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
        fonts(font),
        escape(text)
    );
}

fn page_break(out: &mut String) {
    out.push_str(r#"<w:p><w:r><w:br w:type="page"/></w:r></w:p>"#);
}

fn table(out: &mut String, widths: &[u32], rows: &[Vec<String>]) {
    let border = r#"w:val="single" w:sz="4" w:space="0" w:color="000000""#;
    let _ = write!(
        out,
        r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/><w:tblBorders><w:top {border}/><w:left {border}/><w:bottom {border}/><w:right {border}/><w:insideH {border}/><w:insideV {border}/></w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>"#
    );
    for w in widths {
        let _ = write!(out, r#"<w:gridCol w:w="{w}"/>"#);
    }
    out.push_str("</w:tblGrid>");
    for (r, row) in rows.iter().enumerate() {
        out.push_str("<w:tr>");
        if r == 0 {
            out.push_str("<w:trPr><w:tblHeader/></w:trPr>");
        }
        for (text, w) in row.iter().zip(widths) {
            let bold = if r == 0 { "<w:b/>" } else { "" };
            let _ = write!(
                out,
                r#"<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:spacing w:line="360" w:lineRule="exact"/><w:jc w:val="center"/></w:pPr><w:r><w:rPr>{}{bold}<w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r></w:p></w:tc>"#,
                fonts(BODY_FONT),
                escape(text)
            );
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
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

/// The units given each commendation, in rank order: (commendation, names).
pub fn commended(results: &Results<'_>) -> Vec<(String, Vec<String>)> {
    let scored = results.scored;
    let rank = |i: usize| scored.total().and_then(|t| t.rank[i]).unwrap_or(u32::MAX);
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
            let mut chosen: Vec<usize> = (0..scored.units.len())
                .filter(|i| {
                    results
                        .commended
                        .get(*i)
                        .and_then(|x| x.as_deref())
                        .is_some_and(|n| n.split('、').any(|x| x == c))
                })
                .collect();
            chosen.sort_by_key(|i| (rank(*i), scored.units[*i].clone()));
            let units: Vec<String> = chosen
                .iter()
                .map(|i| attachment::name(results, *i).to_string())
                .collect();
            (!units.is_empty()).then_some((c, units))
        })
        .collect()
}

#[allow(clippy::too_many_lines)] // the document, paragraph by paragraph
fn document_xml(results: &Results<'_>) -> String {
    let year = results.year;
    let scored = results.scored;
    let total = scored.total();
    let n = scored.units.len();
    let mut body = String::new();
    paragraph(&mut body, Kind::Title, &title(results));
    paragraph(&mut body, Kind::Plain, "各县（市、区）红十字会：");
    let stage = results
        .stage
        .map(|s| format!("（{s}）"))
        .unwrap_or_default();
    paragraph(
        &mut body,
        Kind::Body,
        &format!(
            "根据《{}》，市红十字会对全市{}个县（市、区）红十字会{year}年度核心能力建设情况进行了评估。经县级自评申报、市级审核与实地抽查、综合评定，现将评估结果{stage}通报如下。",
            results.fw.name,
            small_chinese(n + scored.unscored.len()),
        ),
    );
    paragraph(&mut body, Kind::Heading, "一、评估等次");
    for (grade, units) in attachment::grade_groups(results) {
        let label = if grade.is_empty() {
            "未定等次".to_string()
        } else {
            grade
        };
        let names: Vec<&str> = units
            .iter()
            .map(|i| attachment::name(results, *i))
            .collect();
        paragraph(
            &mut body,
            Kind::Body,
            &format!(
                "{label}（{}个）：{}。",
                small_chinese(names.len()),
                names.join("、")
            ),
        );
    }
    let absent: Vec<String> = (0..scored.units.len())
        .filter_map(|i| {
            results
                .absent(i)
                .map(|a| format!("{}（{a}）", attachment::name(results, i)))
        })
        .collect();
    if !absent.is_empty() {
        paragraph(
            &mut body,
            Kind::Body,
            &format!("未报送或免报的单位：{}。", absent.join("、")),
        );
    }
    if !scored.unscored.is_empty() {
        let names: Vec<String> = scored
            .unscored
            .iter()
            .map(|(code, _)| {
                results
                    .table
                    .names
                    .get(code)
                    .cloned()
                    .unwrap_or_else(|| code.to_string())
            })
            .collect();
        paragraph(
            &mut body,
            Kind::Body,
            &format!("未参加计分：{}。", names.join("、")),
        );
    }
    let commended = commended(results);
    if !commended.is_empty() {
        paragraph(&mut body, Kind::Heading, "二、表扬单位");
        for (c, units) in &commended {
            paragraph(
                &mut body,
                Kind::Body,
                &format!("{}被评为{year}年度{c}，予以通报表扬。", units.join("、")),
            );
        }
    }
    let heading = if commended.is_empty() { "二" } else { "三" };
    paragraph(
        &mut body,
        Kind::Heading,
        &format!("{heading}、总体情况与主要短板"),
    );
    let totals: Vec<f64> = total
        .map(|t| t.score.iter().flatten().copied().collect())
        .unwrap_or_default();
    if !totals.is_empty() {
        #[allow(clippy::cast_precision_loss)]
        let mean = totals.iter().sum::<f64>() / totals.len() as f64;
        let max = totals.iter().copied().fold(f64::MIN, f64::max);
        let min = totals.iter().copied().fold(f64::MAX, f64::min);
        paragraph(
            &mut body,
            Kind::Body,
            &format!("全市平均总分{mean:.2}分，最高{max:.2}分，最低{min:.2}分。"),
        );
    }
    let weak = weak_dimensions(results, 2);
    if !weak.is_empty() {
        let parts: Vec<String> = weak
            .iter()
            .map(|(name, share)| format!("{name}（平均得分率{:.1}%）", share * 100.0))
            .collect();
        paragraph(
            &mut body,
            Kind::Body,
            &format!(
                "从各维度平均得分率看，{}是当前的主要薄弱环节。各县（市、区）红十字会要对照评估反馈，查找差距，逐项整改，推动核心能力持续提升。",
                parts.join("、")
            ),
        );
    }
    paragraph(&mut body, Kind::Plain, "");
    paragraph(&mut body, Kind::Body, "附件：得分汇总表");
    paragraph(&mut body, Kind::Plain, "");
    paragraph(&mut body, Kind::Right, "石家庄市红十字会");
    paragraph(&mut body, Kind::Right, &format!("{}年1月", year + 1));
    page_break(&mut body);
    paragraph(&mut body, Kind::Plain, "附件");
    paragraph(&mut body, Kind::Title, &attachment::title(results));
    let mut rows = vec![
        ["序号", "单位", "总分", "名次", "等次"]
            .map(String::from)
            .to_vec(),
    ];
    for (k, i) in (1..).zip(attachment::code_order(results)) {
        let rank = total.and_then(|t| t.rank[i]).map_or("—".to_string(), |r| {
            if attachment::tied(results, i) {
                format!("{r}（并列）")
            } else {
                r.to_string()
            }
        });
        rows.push(vec![
            format!("{k}"),
            attachment::name(results, i).to_string(),
            total
                .and_then(|t| t.score[i])
                .map_or(String::new(), |s| format!("{:.2}", attachment::round2(s))),
            rank,
            scored.grades.get(i).cloned().flatten().unwrap_or_default(),
        ]);
    }
    table(&mut body, &[900, 2600, 1600, 1800, 1400], &rows);
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W_NS}"><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>"#
    )
}
