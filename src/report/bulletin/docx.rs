//! The [`Bulletin`] as a Word document laid out by GB/T 9704-2012: A4, 天头
//! 37 mm, 订口 28 mm, 版心 156 × 225 mm in 22 lines of 28 characters of 3号
//! 仿宋; the 版头 (red 发文机关标志 35 mm below the top of the 版心, 发文字号
//! two lines below it, the red rule 4 mm under the number); the title in 2号
//! 小标宋 broken between words; page numbers "— 1 —" in 4号宋体 7 mm below
//! the 版心, odd pages right and even pages left, one character in; the
//! 附件 on a page of its own; the 版记 (抄送, 印发机关 and 印发日期 between
//! rules, the outer ones thicker) at the foot of the last even page.
//!
//! It stays an ordinary document the office edits before 签发: every
//! paragraph has a named style (公文正文, 公文标题, 一级标题 …), the body is
//! plain paragraphs and one table; only the 版记 is a table positioned at the
//! foot of its page. The XML is written here ([`super::ooxml`]) rather than
//! by a docx library: the one maintained Rust writer that covers footers,
//! fields and East-Asian fonts (docx-rs 0.4) writes run and paragraph
//! properties out of the schema's order (the size before the font, the run
//! properties before the style), which Word drops without a word. Fonts are named as Chinese Windows and WPS know them
//! (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312, 宋体); the font table adds
//! each one's usual substitute (仿宋, 宋体, 楷体) as `altName`, which Word
//! uses where the GB2312 fonts are not installed.
//!
//! Which page the 版记 falls on depends on the fonts of the machine that
//! opens the file; the draft estimates the pages from the lines each
//! paragraph takes ([`estimated_lines`]) and starts the 版记 on a page of
//! its own when the text would end on an odd page or leave no room.

use std::fmt::Write as _;
use std::io::{Cursor, Write};

use super::ooxml::{self, Cell, Jc, Piece, Ppr, R_NS, Rpr, Tbl, W_NS, escape, paragraph, styled};
use super::{Block, Bulletin};

/// The fonts, as Word and WPS on Chinese Windows name them, with the font
/// each falls back to.
pub const TITLE_FONT: &str = "方正小标宋简体";
pub const BODY_FONT: &str = "仿宋_GB2312";
pub const HEADING_FONT: &str = "黑体";
pub const SUBHEADING_FONT: &str = "楷体_GB2312";
pub const NUMBER_FONT: &str = "宋体";
const FALLBACKS: [(&str, &str); 5] = [
    (TITLE_FONT, "宋体"),
    (BODY_FONT, "仿宋"),
    (HEADING_FONT, "SimHei"),
    (SUBHEADING_FONT, "楷体"),
    (NUMBER_FONT, "SimSun"),
];

/// Page and 版心 in twentieths of a point (1 mm = 56.7).
pub const PAGE_WIDTH: u32 = 11906;
pub const PAGE_HEIGHT: u32 = 16838;
pub const MARGIN_TOP: i32 = 2098; // 37 mm
pub const MARGIN_BOTTOM: i32 = 1984; // 35 mm: 297 − 37 − 225
pub const MARGIN_LEFT: i32 = 1588; // 28 mm
pub const MARGIN_RIGHT: i32 = 1474; // 26 mm: 210 − 28 − 156
/// The 版心's width: 156 mm.
pub const TEXT_WIDTH: u32 = 8844;
/// The 版心's height: 225 mm.
pub const TEXT_HEIGHT: i32 = 12756;
/// The bottom of the page numbers 22 mm above the page's edge: their top is
/// 7 mm below the 版心 (35 − 7 − 6 mm of a 4号 line).
pub const FOOTER: i32 = 1247;
/// Space above the 发文机关标志: its top 35 mm below the 版心's.
const MARK_BEFORE: u32 = 1850;
/// A title line: 2号 type on 1.2 lines.
const TITLE_LINE_HEIGHT: i32 = 695;
/// One of 22 lines on 225 mm.
pub const LINE: i32 = 579;
/// Lines on a page.
pub const LINES: f64 = 22.0;
/// Characters on a line.
pub const CHARS: f64 = 28.0;
/// 3号 = 16 pt, 2号 = 22 pt, 4号 = 14 pt, 小四 = 12 pt, in half points.
const SIZE_BODY: u32 = 32;
const SIZE_TITLE: u32 = 44;
const SIZE_SMALL: u32 = 28;
const SIZE_TABLE: u32 = 24;
/// The 发文机关标志: 42 pt, under the standard's 15 mm a character.
const SIZE_MARK: u32 = 84;
/// −0.25 pt between characters: 28 characters of 16 pt fill the 156 mm line.
const BODY_SPACING: i32 = -5;
const RED: &str = "FF0000";
/// One character of 3号 and of 4号, in twips.
const CHAR: i32 = 320;
const SMALL_CHAR: i32 = 280;
/// Twips the 版记 stands above the 版心's last line (its rules' width and a margin).
const RECORD_SLACK: i32 = 0;
/// Space under the attachment's title before its table.
const ATTACHMENT_TITLE_AFTER: u32 = 290;

/// The paragraph styles, named in Chinese as the office sees them in Word:
/// (id, name, paragraph, run).
fn styles() -> Vec<(&'static str, &'static str, Ppr, Rpr)> {
    let font = |f: &'static str, size: u32| Rpr {
        font: Some(f),
        size: Some(size),
        ..Rpr::default()
    };
    let indented = Ppr {
        first_line: Some(2 * CHAR),
        ..Ppr::default()
    };
    vec![
        (
            "Normal",
            "Normal",
            Ppr {
                line: Some(LINE),
                space: Some((0, 0)),
                jc: Some(Jc::Both),
                ..Ppr::default()
            },
            Rpr {
                spacing: Some(BODY_SPACING),
                ..font(BODY_FONT, SIZE_BODY)
            },
        ),
        (
            "GwMark",
            "发文机关标志",
            Ppr {
                snap_to_grid: Some(false),
                space: Some((MARK_BEFORE, 0)),
                line: Some(2 * LINE),
                jc: Some(Jc::Center),
                ..Ppr::default()
            },
            Rpr {
                color: Some(RED),
                spacing: Some(0),
                ..font(TITLE_FONT, SIZE_MARK)
            },
        ),
        (
            "GwNumber",
            "发文字号",
            Ppr {
                jc: Some(Jc::Center),
                ..Ppr::default()
            },
            Rpr::default(),
        ),
        (
            "GwTitle",
            "公文标题",
            Ppr {
                keep_next: true,
                snap_to_grid: Some(false),
                line: Some(TITLE_LINE_HEIGHT),
                jc: Some(Jc::Center),
                ..Ppr::default()
            },
            Rpr {
                spacing: Some(0),
                ..font(TITLE_FONT, SIZE_TITLE)
            },
        ),
        ("GwRecipients", "主送机关", Ppr::default(), Rpr::default()),
        ("GwBody", "公文正文", indented.clone(), Rpr::default()),
        (
            "GwHeading1",
            "一级标题",
            Ppr {
                keep_next: true,
                outline: Some(0),
                ..indented.clone()
            },
            font(HEADING_FONT, SIZE_BODY),
        ),
        (
            "GwHeading2",
            "二级标题",
            Ppr {
                keep_next: true,
                outline: Some(1),
                ..indented
            },
            font(SUBHEADING_FONT, SIZE_BODY),
        ),
        (
            // 附件说明: two characters in, a long title wraps under the title
            "GwNote",
            "附件说明",
            Ppr {
                left: Some(5 * CHAR),
                hanging: Some(3 * CHAR),
                ..Ppr::default()
            },
            Rpr::default(),
        ),
        (
            "GwSigner",
            "发文机关署名",
            Ppr {
                jc: Some(Jc::Right),
                ..Ppr::default()
            },
            Rpr::default(),
        ),
        (
            "GwDate",
            "成文日期",
            Ppr {
                right: Some(4 * CHAR),
                jc: Some(Jc::Right),
                ..Ppr::default()
            },
            Rpr::default(),
        ),
        (
            "GwAttachment",
            "附件标识",
            Ppr::default(),
            font(HEADING_FONT, SIZE_BODY),
        ),
        (
            "GwTable",
            "表格文字",
            Ppr {
                snap_to_grid: Some(false),
                line: Some(360),
                jc: Some(Jc::Center),
                ..Ppr::default()
            },
            Rpr {
                spacing: Some(0),
                ..font(BODY_FONT, SIZE_TABLE)
            },
        ),
        (
            "GwRecord",
            "版记",
            Ppr {
                snap_to_grid: Some(false),
                left: Some(SMALL_CHAR),
                right: Some(SMALL_CHAR),
                jc: Some(Jc::Left),
                ..Ppr::default()
            },
            Rpr {
                spacing: Some(0),
                ..font(BODY_FONT, SIZE_SMALL)
            },
        ),
        (
            "GwPage",
            "页码",
            Ppr {
                snap_to_grid: Some(false),
                ..Ppr::default()
            },
            Rpr {
                spacing: Some(0),
                ..font(NUMBER_FONT, SIZE_SMALL)
            },
        ),
    ]
}

fn styles_xml() -> String {
    let mut xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="{BODY_FONT}" w:eastAsia="{BODY_FONT}" w:hAnsi="{BODY_FONT}" w:cs="{BODY_FONT}"/><w:kern w:val="2"/><w:sz w:val="{SIZE_BODY}"/><w:szCs w:val="{SIZE_BODY}"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults>"#
    );
    for (id, name, ppr, rpr) in styles() {
        xml.push_str(&ooxml::style(id, name, &ppr, &rpr));
    }
    xml.push_str(r#"<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#);
    xml
}

fn blank() -> String {
    styled("GwBody", "")
}

/// A footer with the page number "— n —", right (odd pages) or left (even).
fn footer_xml(odd: bool) -> String {
    let ppr = if odd {
        Ppr {
            style: Some("GwPage"),
            right: Some(SMALL_CHAR),
            jc: Some(Jc::Right),
            ..Ppr::default()
        }
    } else {
        Ppr {
            style: Some("GwPage"),
            left: Some(SMALL_CHAR),
            jc: Some(Jc::Left),
            ..Ppr::default()
        }
    };
    let plain = Rpr::default();
    let p = paragraph(
        &ppr,
        &[
            Piece::Text("— ".into(), plain.clone()),
            Piece::Page(plain.clone()),
            Piece::Text(" —".into(), plain),
        ],
    );
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}">{p}</w:ftr>"#
    )
}

/// A title, its lines broken where given.
fn title_paragraph(lines: &[String], after: u32) -> String {
    let ppr = Ppr {
        style: Some("GwTitle"),
        space: (after > 0).then_some((0, after)),
        ..Ppr::default()
    };
    let mut pieces = Vec::new();
    for (k, line) in lines.iter().enumerate() {
        if k > 0 {
            pieces.push(Piece::Break);
        }
        pieces.push(Piece::Text(line.clone(), Rpr::default()));
    }
    paragraph(&ppr, &pieces)
}

/// Lines a paragraph of `text` takes, `indent` characters in.
fn lines_of(text: &str, indent: f64) -> f64 {
    let width = super::width(text) + indent;
    (width / CHARS).ceil().max(1.0)
}

/// The lines the document's text takes before the 版记: (pages, lines on
/// the last page), estimated from the characters of each paragraph (28 a
/// line) and the fixed heights of the 版头, the titles and the table's rows.
pub fn estimated_lines(b: &Bulletin) -> (usize, f64) {
    let title_lines = |lines: usize| {
        #[allow(clippy::cast_precision_loss)] // a few lines
        let n = lines as f64;
        n * f64::from(TITLE_LINE_HEIGHT) / f64::from(LINE)
    };
    // 版头: the space above the 标志, the 标志 (2 lines), 2 blank lines, the
    // number, a blank line under the rule; the title, a blank, 主送机关
    let mut main = f64::from(MARK_BEFORE) / f64::from(LINE) + 2.0 + 2.0 + 1.0 + 1.0;
    main += title_lines(b.title.len()) + 1.0 + 1.0;
    for block in &b.body {
        main += match block {
            Block::Heading(t) | Block::Text(t) => lines_of(t, 2.0),
        };
    }
    // blank, 附件说明 (wrapped five characters in), two blank lines for the seal, 署名, 日期
    main += 1.0 + lines_of(&b.attachment_note, 2.0) + 2.0 + 2.0;
    let main_pages = (main / LINES).ceil().max(1.0);
    // 附件: label, blank, title, the table (rows of 18 pt: 0.65 of a line)
    #[allow(clippy::cast_precision_loss)]
    let rows = b.table.len() as f64;
    let title = super::break_title(&b.attachment_title, super::TITLE_LINE).len();
    let attachment = 1.0
        + 1.0
        + title_lines(title)
        + f64::from(ATTACHMENT_TITLE_AFTER) / f64::from(LINE)
        + rows * 0.65;
    let attachment_pages = (attachment / LINES).ceil().max(1.0);
    let last = attachment - (attachment_pages - 1.0) * LINES;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // small, positive
    let pages = (main_pages + attachment_pages) as usize;
    (pages, last)
}

/// Page breaks before the 版记 so that it stands at the foot of an even
/// page: none when the text ends on an even page with room for it, one
/// when it ends on an odd page, two (a blank page between) when it ends on
/// a full even page.
pub fn breaks_before_record(b: &Bulletin) -> usize {
    let (pages, last) = estimated_lines(b);
    let rows = if b.copy_to.is_empty() { 1.0 } else { 2.0 };
    let room = LINES - last >= rows + 0.25;
    match (pages % 2 == 1, room) {
        (true, _) => 1,
        (false, true) => 0,
        (false, false) => 2,
    }
}

/// The 版记: 抄送 and 印发 rows between rules (outer 0.35 mm, inner 0.25 mm),
/// placed with its last rule on the 版心's last line.
fn record(b: &Bulletin) -> String {
    let cell = |p: String| Cell {
        width: TEXT_WIDTH,
        paragraphs: p,
    };
    let mut rows = Vec::new();
    if !b.copy_to.is_empty() {
        let text = format!("抄送：{}。", b.copy_to.join("，"));
        rows.push(vec![cell(styled("GwRecord", &text))]);
    }
    let right = i32::try_from(TEXT_WIDTH).unwrap_or(0) - 2 * SMALL_CHAR;
    let printed = paragraph(
        &Ppr {
            style: Some("GwRecord"),
            right_tab: Some(right),
            ..Ppr::default()
        },
        &[
            Piece::Text(b.printer.clone(), Rpr::default()),
            Piece::Tab,
            Piece::Text(b.printed.clone(), Rpr::default()),
        ],
    );
    rows.push(vec![cell(printed)]);
    let lines = i32::try_from(rows.len()).unwrap_or(2);
    let tbl = Tbl {
        // the rules add about 3 pt to the rows' height: a little higher, so
        // that the table ends inside the 版心 and is never split
        from_top: Some(TEXT_HEIGHT - LINE * lines - RECORD_SLACK),
        width: TEXT_WIDTH,
        center: false,
        borders: [
            ("top", 8),
            ("left", 0),
            ("bottom", 8),
            ("right", 0),
            ("insideH", 6),
            ("insideV", 0),
        ],
        columns: vec![TEXT_WIDTH],
    };
    ooxml::table(&tbl, &rows, u32::try_from(LINE).unwrap_or(579), false)
}

/// The attachment's table, the header row in 黑体 and repeated on each page.
fn summary_table(rows: &[Vec<String>]) -> String {
    const WIDTHS: [u32; 8] = [700, 1900, 1050, 900, 900, 1050, 1344, 1000];
    let tbl = Tbl {
        from_top: None,
        width: WIDTHS.iter().sum(),
        center: true,
        borders: [
            ("top", 4),
            ("left", 4),
            ("bottom", 4),
            ("right", 4),
            ("insideH", 4),
            ("insideV", 4),
        ],
        columns: WIDTHS.to_vec(),
    };
    let ppr = Ppr {
        style: Some("GwTable"),
        ..Ppr::default()
    };
    let cells: Vec<Vec<Cell>> = rows
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let rpr = if r == 0 {
                Rpr {
                    font: Some(HEADING_FONT),
                    ..Rpr::default()
                }
            } else {
                Rpr::default()
            };
            row.iter()
                .zip(WIDTHS)
                .map(|(text, width)| Cell {
                    width,
                    paragraphs: paragraph(&ppr, &[Piece::Text(text.clone(), rpr.clone())]),
                })
                .collect()
        })
        .collect();
    ooxml::table(&tbl, &cells, 360, true)
}

/// The body: 版头, 主体, 附件, 版记.
fn document_xml(b: &Bulletin) -> String {
    let mut body = String::new();
    // 版头
    body.push_str(&styled("GwMark", &b.mark));
    body.push_str(&blank());
    body.push_str(&blank());
    body.push_str(&paragraph(
        &Ppr {
            style: Some("GwNumber"),
            bottom_border: Some((12, 11, RED)),
            ..Ppr::default()
        },
        &[Piece::Text(b.number.clone(), Rpr::default())],
    ));
    body.push_str(&blank());
    // 主体
    body.push_str(&title_paragraph(&b.title, 0));
    body.push_str(&blank());
    body.push_str(&styled("GwRecipients", &b.recipients));
    for block in &b.body {
        body.push_str(&match block {
            Block::Heading(t) => styled("GwHeading1", t),
            Block::Text(t) => styled("GwBody", t),
        });
    }
    // the 署名 centred over the date: the date is four characters in from
    // the right, the name shifted by half the difference of their widths
    let (name_width, date_width) = (super::width(&b.signer), super::width(&b.date));
    #[allow(clippy::cast_possible_truncation)] // a few characters
    let signer_indent = ((4.0 + (date_width - name_width) / 2.0).max(0.0) * f64::from(CHAR)) as i32;
    body.push_str(&blank());
    body.push_str(&styled("GwNote", &b.attachment_note));
    body.push_str(&blank());
    body.push_str(&blank());
    body.push_str(&paragraph(
        &Ppr {
            style: Some("GwSigner"),
            right: Some(signer_indent),
            ..Ppr::default()
        },
        &[Piece::Text(b.signer.clone(), Rpr::default())],
    ));
    body.push_str(&styled("GwDate", &b.date));
    // 附件, on a page of its own
    body.push_str(&paragraph(
        &Ppr {
            style: Some("GwAttachment"),
            page_break_before: true,
            ..Ppr::default()
        },
        &[Piece::Text("附件".into(), Rpr::default())],
    ));
    body.push_str(&blank());
    body.push_str(&title_paragraph(
        &super::break_title(&b.attachment_title, super::TITLE_LINE),
        ATTACHMENT_TITLE_AFTER,
    ));
    body.push_str(&summary_table(&b.table));
    // 版记 at the foot of the last even page: after the page breaks, a
    // floating table anchored to the tiny paragraph that follows it (a
    // paragraph of normal height could fall on the next page and take the
    // table with it); a tiny paragraph before it too, so that Word does not
    // join it to the attachment's table
    let tiny = |page_break: bool| {
        paragraph(
            &Ppr {
                style: Some("GwRecord"),
                page_break_before: page_break,
                line: Some(20),
                ..Ppr::default()
            },
            &[],
        )
    };
    let breaks = breaks_before_record(b);
    body.push_str(&tiny(false));
    for _ in 0..breaks {
        body.push_str(&tiny(true));
    }
    body.push_str(&record(b));
    body.push_str(&tiny(false));
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}<w:sectPr><w:footerReference w:type="default" r:id="rIdFooterOdd"/><w:footerReference w:type="even" r:id="rIdFooterEven"/><w:pgSz w:w="{PAGE_WIDTH}" w:h="{PAGE_HEIGHT}"/><w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" w:bottom="{MARGIN_BOTTOM}" w:left="{MARGIN_LEFT}" w:header="851" w:footer="{FOOTER}" w:gutter="0"/><w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="{LINE}"/></w:sectPr></w:body></w:document>"#
    )
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rIdFonts" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/><Relationship Id="rIdFooterOdd" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/><Relationship Id="rIdFooterEven" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/></Relationships>"#;

/// Different footers on odd and even pages; 中文 punctuation compressed as Word does.
fn settings_xml() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:settings xmlns:w="{W_NS}"><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/><w:characterSpacingControl w:val="compressPunctuation"/></w:settings>"#
    )
}

fn core_xml(title: &str, creator: &str, when: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:creator>{}</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified></cp:coreProperties>"#,
        escape(title),
        escape(creator),
    )
}

/// Why the document could not be built.
pub type DocxError = zip::result::ZipError;

/// The document's bytes (a .docx), its parts dated `when`
/// (`YYYY-MM-DDTHH:MM:SSZ`, the run's timestamp).
pub fn write(b: &Bulletin, when: &str, zip_time: zip::DateTime) -> Result<Vec<u8>, DocxError> {
    let title = b.title.concat();
    let parts: [(&str, String); 10] = [
        ("[Content_Types].xml", CONTENT_TYPES.into()),
        ("_rels/.rels", RELS.into()),
        ("docProps/core.xml", core_xml(&title, &b.signer, when)),
        ("word/document.xml", document_xml(b)),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.into()),
        ("word/styles.xml", styles_xml()),
        ("word/settings.xml", settings_xml()),
        ("word/fontTable.xml", font_table()),
        ("word/footer1.xml", footer_xml(true)),
        ("word/footer2.xml", footer_xml(false)),
    ];
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip_time)
        .unix_permissions(0o644);
    for (name, text) in parts {
        zip.start_file(name, options)?;
        zip.write_all(text.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

/// The font table: each font with its substitute (`altName`) and the GB2312
/// character set, so that Word on a machine without 仿宋_GB2312 uses 仿宋.
fn font_table() -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    );
    for (font, alt) in FALLBACKS {
        let _ = write!(
            xml,
            r#"<w:font w:name="{font}"><w:altName w:val="{alt}"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>"#
        );
    }
    xml.push_str(r#"<w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>"#);
    xml
}
