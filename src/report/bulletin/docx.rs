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
//! foot of its page. Fonts are named as Chinese Windows and WPS know them
//! (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312, 宋体); the font table adds
//! each one's usual substitute (仿宋, 宋体, 楷体) as `altName`, which Word
//! uses where the GB2312 fonts are not installed.
//!
//! Which page the 版记 falls on depends on the fonts of the machine that
//! opens the file; the draft estimates the pages from the lines each
//! paragraph takes ([`estimated_lines`]) and starts the 版记 on a page of
//! its own when the text would end on an odd page or leave no room.

use std::io::{Cursor, Read, Write};

use docx_rs::{
    AlignmentType, BorderType, BreakType, DocGrid, DocGridType, Docx, FieldCharType, Footer,
    HeightRule, InstrPAGE, InstrText, LineSpacing, LineSpacingType, PageMargin, Paragraph,
    ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Run, RunFonts, SpecialIndentType,
    Style, StyleType, Tab, TabValueType, Table, TableAlignmentType, TableBorder,
    TableBorderPosition, TableBorders, TableCell, TableLayoutType, TablePositionProperty, TableRow,
    VAlignType, WidthType,
};

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
pub const TEXT_WIDTH: usize = 8844;
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
/// 3号 = 16 pt, 2号 = 22 pt, 4号 = 14 pt, in half points.
const SIZE_BODY: usize = 32;
const SIZE_TITLE: usize = 44;
const SIZE_SMALL: usize = 28;
const SIZE_TABLE: usize = 24;
/// The 发文机关标志: 42 pt, under the standard's 15 mm a character.
const SIZE_MARK: usize = 84;
/// −0.25 pt between characters: 28 characters of 16 pt fill the 156 mm line.
const BODY_SPACING: i32 = -5;
const RED: &str = "FF0000";
/// One character of 3号 and of 4号, in twips.
const CHAR: i32 = 320;
const SMALL_CHAR: i32 = 280;

fn fonts(font: &str) -> RunFonts {
    RunFonts::new()
        .ascii(font)
        .hi_ansi(font)
        .east_asia(font)
        .cs(font)
}

fn exact(line: i32) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(line)
        .before(0)
        .after(0)
}

/// The paragraph styles, named in Chinese as the office sees them in Word.
fn styles(docx: Docx) -> Docx {
    let paragraph = |id: &str, name: &str, font: &str, size: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .q_format(true)
            .fonts(fonts(font))
            .size(size)
            .line_spacing(exact(LINE))
    };
    let mut normal = Style::new("Normal", StyleType::Paragraph)
        .name("Normal")
        .fonts(fonts(BODY_FONT))
        .size(SIZE_BODY)
        .line_spacing(exact(LINE))
        .align(AlignmentType::Both);
    normal.run_property = normal.run_property.character_spacing(BODY_SPACING);
    // ours replaces docx-rs's empty Normal
    let mut docx = docx;
    docx.styles.styles.retain(|s| s.style_id != "Normal");
    docx.add_style(normal)
        .add_style(
            paragraph("GwMark", "发文机关标志", TITLE_FONT, SIZE_MARK)
                .color(RED)
                .align(AlignmentType::Center)
                .snap_to_grid(false)
                .line_spacing(exact(2 * LINE).before(MARK_BEFORE)),
        )
        .add_style(
            paragraph("GwNumber", "发文字号", BODY_FONT, SIZE_BODY).align(AlignmentType::Center),
        )
        .add_style(
            paragraph("GwTitle", "公文标题", TITLE_FONT, SIZE_TITLE)
                .align(AlignmentType::Center)
                .snap_to_grid(false)
                .line_spacing(exact(TITLE_LINE_HEIGHT)),
        )
        .add_style(paragraph("GwRecipients", "主送机关", BODY_FONT, SIZE_BODY))
        .add_style(
            paragraph("GwBody", "公文正文", BODY_FONT, SIZE_BODY).indent(
                None,
                Some(SpecialIndentType::FirstLine(2 * CHAR)),
                None,
                None,
            ),
        )
        .add_style(
            paragraph("GwHeading1", "一级标题", HEADING_FONT, SIZE_BODY)
                .indent(
                    None,
                    Some(SpecialIndentType::FirstLine(2 * CHAR)),
                    None,
                    None,
                )
                .outline_lvl(0),
        )
        .add_style(
            paragraph("GwHeading2", "二级标题", SUBHEADING_FONT, SIZE_BODY)
                .indent(
                    None,
                    Some(SpecialIndentType::FirstLine(2 * CHAR)),
                    None,
                    None,
                )
                .outline_lvl(1),
        )
        .add_style(
            // 附件说明: two characters in, a long title wraps under the title
            paragraph("GwNote", "附件说明", BODY_FONT, SIZE_BODY).indent(
                Some(5 * CHAR),
                Some(SpecialIndentType::Hanging(3 * CHAR)),
                None,
                None,
            ),
        )
        .add_style(
            paragraph("GwSigner", "发文机关署名", BODY_FONT, SIZE_BODY).align(AlignmentType::Right),
        )
        .add_style(
            paragraph("GwDate", "成文日期", BODY_FONT, SIZE_BODY)
                .align(AlignmentType::Right)
                .indent(None, None, Some(4 * CHAR), None),
        )
        .add_style(paragraph(
            "GwAttachment",
            "附件标识",
            HEADING_FONT,
            SIZE_BODY,
        ))
        .add_style(
            paragraph("GwTable", "表格文字", BODY_FONT, SIZE_TABLE)
                .align(AlignmentType::Center)
                .line_spacing(exact(360))
                .snap_to_grid(false),
        )
        .add_style(
            paragraph("GwRecord", "版记", BODY_FONT, SIZE_SMALL)
                .indent(Some(SMALL_CHAR), None, Some(SMALL_CHAR), None)
                .line_spacing(exact(LINE))
                .snap_to_grid(false),
        )
        .add_style(
            paragraph("GwPage", "页码", NUMBER_FONT, SIZE_SMALL)
                .line_spacing(LineSpacing::new().before(0).after(0))
                .snap_to_grid(false),
        )
}

fn styled(style: &str, text: &str) -> Paragraph {
    let p = Paragraph::new().style(style);
    if text.is_empty() {
        p
    } else {
        p.add_run(Run::new().add_text(text))
    }
}

fn blank() -> Paragraph {
    Paragraph::new().style("GwBody")
}

/// A footer with the page number "— n —", right (odd pages) or left (even).
fn page_footer(odd: bool) -> Footer {
    let number = Run::new()
        .fonts(fonts(NUMBER_FONT))
        .size(SIZE_SMALL)
        .add_field_char(FieldCharType::Begin, false)
        .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
        .add_field_char(FieldCharType::Separate, false)
        .add_text("1")
        .add_field_char(FieldCharType::End, false);
    let dash = |t: &str| {
        Run::new()
            .fonts(fonts(NUMBER_FONT))
            .size(SIZE_SMALL)
            .add_text(t)
    };
    let p = Paragraph::new()
        .style("GwPage")
        .add_run(dash("— "))
        .add_run(number)
        .add_run(dash(" —"));
    let p = if odd {
        p.align(AlignmentType::Right)
            .indent(None, None, Some(SMALL_CHAR), None)
    } else {
        p.align(AlignmentType::Left)
            .indent(Some(SMALL_CHAR), None, None, None)
    };
    Footer::new().add_paragraph(p)
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
    let attachment = 1.0 + 1.0 + title_lines(title) + rows * 0.65;
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
/// positioned at the foot of its page.
fn record(b: &Bulletin) -> Table {
    let rule = |position, size| {
        TableBorder::new(position)
            .border_type(BorderType::Single)
            .size(size)
            .color("000000")
    };
    let none = |position| TableBorder::new(position).border_type(BorderType::Nil);
    let borders = TableBorders::new()
        .set(rule(TableBorderPosition::Top, 8))
        .set(rule(TableBorderPosition::Bottom, 8))
        .set(rule(TableBorderPosition::InsideH, 6))
        .set(none(TableBorderPosition::Left))
        .set(none(TableBorderPosition::Right))
        .set(none(TableBorderPosition::InsideV));
    let cell = |p: Paragraph| {
        TableCell::new()
            .add_paragraph(p)
            .width(TEXT_WIDTH, WidthType::Dxa)
            .vertical_align(VAlignType::Center)
    };
    let mut rows = Vec::new();
    let lines = if b.copy_to.is_empty() { 1 } else { 2 };
    if !b.copy_to.is_empty() {
        let text = format!("抄送：{}。", b.copy_to.join("，"));
        rows.push(TableRow::new(vec![cell(styled("GwRecord", &text))]).cant_split());
    }
    let right = i32::try_from(TEXT_WIDTH).unwrap_or(0) - 2 * SMALL_CHAR;
    let printed = Paragraph::new()
        .style("GwRecord")
        .add_tab(
            Tab::new()
                .val(TabValueType::Right)
                .pos(usize::try_from(right).unwrap_or(0)),
        )
        .add_run(
            Run::new()
                .add_text(&b.printer)
                .add_tab()
                .add_text(&b.printed),
        );
    rows.push(TableRow::new(vec![cell(printed)]).cant_split());
    let rows: Vec<TableRow> = rows
        .into_iter()
        .map(|r| {
            r.row_height(f32::from(u16::try_from(LINE).unwrap_or(579)))
                .height_rule(HeightRule::AtLeast)
        })
        .collect();
    Table::new(rows)
        .set_grid(vec![TEXT_WIDTH])
        .width(TEXT_WIDTH, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .set_borders(borders)
        .position(
            // its last rule on the 版心's last line: Word and LibreOffice both
            // place a table by its offset (LibreOffice ignores `bottom`)
            TablePositionProperty::new()
                .vertical_anchor("margin")
                .position_y(TEXT_HEIGHT - LINE * lines)
                .horizontal_anchor("margin")
                .position_x(0),
        )
}

/// The attachment's table, header row bold, widths fitted to the 版心.
fn summary_table(rows: &[Vec<String>]) -> Table {
    const WIDTHS: [usize; 8] = [700, 1900, 1050, 900, 900, 1050, 1344, 1000];
    let border = |position| {
        TableBorder::new(position)
            .border_type(BorderType::Single)
            .size(4)
            .color("000000")
    };
    let borders = TableBorders::new()
        .set(border(TableBorderPosition::Top))
        .set(border(TableBorderPosition::Bottom))
        .set(border(TableBorderPosition::Left))
        .set(border(TableBorderPosition::Right))
        .set(border(TableBorderPosition::InsideH))
        .set(border(TableBorderPosition::InsideV));
    let rows: Vec<TableRow> = rows
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let cells = row
                .iter()
                .zip(WIDTHS)
                .map(|(text, w)| {
                    let mut run = Run::new().add_text(text);
                    if r == 0 {
                        run = run.fonts(fonts(HEADING_FONT));
                    }
                    TableCell::new()
                        .add_paragraph(Paragraph::new().style("GwTable").add_run(run))
                        .width(w, WidthType::Dxa)
                        .vertical_align(VAlignType::Center)
                })
                .collect();
            TableRow::new(cells)
                .row_height(360.0)
                .height_rule(HeightRule::AtLeast)
                .cant_split()
        })
        .collect();
    Table::new(rows)
        .set_grid(WIDTHS.to_vec())
        .layout(TableLayoutType::Fixed)
        .align(TableAlignmentType::Center)
        .set_borders(borders)
}

/// A title, its lines broken where given.
fn title_paragraph(lines: &[String]) -> Paragraph {
    let mut title = Paragraph::new().style("GwTitle").keep_next(true);
    for (k, line) in lines.iter().enumerate() {
        let mut run = Run::new();
        if k > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        title = title.add_run(run.add_text(line));
    }
    title
}

/// The document's bytes (a .docx), its parts dated `when`
/// (`YYYY-MM-DDTHH:MM:SSZ`, the run's timestamp).
pub fn write(b: &Bulletin, when: &str, zip_time: zip::DateTime) -> Result<Vec<u8>, DocxError> {
    let mut docx = styles(Docx::new())
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(MARGIN_TOP)
                .bottom(MARGIN_BOTTOM)
                .left(MARGIN_LEFT)
                .right(MARGIN_RIGHT)
                .header(851)
                .footer(FOOTER)
                .gutter(0),
        )
        .footer(page_footer(true))
        .even_footer(page_footer(false))
        .created_at(when)
        .updated_at(when)
        .default_fonts(fonts(BODY_FONT))
        .default_size(SIZE_BODY);
    docx.document.section_property = docx
        .document
        .section_property
        .doc_grid(DocGrid::new().grid_type(DocGridType::Lines).line_pitch(579));

    // 版头
    docx = docx
        .add_paragraph(styled("GwMark", &b.mark))
        .add_paragraph(blank())
        .add_paragraph(blank());
    let mut number = styled("GwNumber", &b.number);
    number.property = number.property.set_borders(
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                .val(BorderType::Single)
                .size(12)
                .space(11)
                .color(RED),
        ),
    );
    docx = docx.add_paragraph(number).add_paragraph(blank());

    // 主体
    docx = docx
        .add_paragraph(title_paragraph(&b.title))
        .add_paragraph(blank())
        .add_paragraph(styled("GwRecipients", &b.recipients));
    for block in &b.body {
        docx = docx.add_paragraph(match block {
            Block::Heading(t) => styled("GwHeading1", t).keep_next(true),
            Block::Text(t) => styled("GwBody", t),
        });
    }
    // the 署名 centred over the date: the date is four characters in from
    // the right, the name shifted by half the difference of their widths
    let (name_width, date_width) = (super::width(&b.signer), super::width(&b.date));
    #[allow(clippy::cast_possible_truncation)] // a few characters
    let signer_indent = ((4.0 + (date_width - name_width) / 2.0).max(0.0) * f64::from(CHAR)) as i32;
    docx = docx
        .add_paragraph(blank())
        .add_paragraph(styled("GwNote", &b.attachment_note))
        .add_paragraph(blank())
        .add_paragraph(blank())
        .add_paragraph(styled("GwSigner", &b.signer).indent(None, None, Some(signer_indent), None))
        .add_paragraph(styled("GwDate", &b.date));

    // 附件, on a page of its own
    docx = docx
        .add_paragraph(styled("GwAttachment", "附件").page_break_before(true))
        .add_paragraph(blank())
        .add_paragraph(title_paragraph(&super::break_title(
            &b.attachment_title,
            super::TITLE_LINE,
        )))
        .add_table(summary_table(&b.table));

    // 版记 at the foot of the last even page
    for _ in 0..breaks_before_record(b) {
        docx = docx.add_paragraph(Paragraph::new().style("GwRecord").page_break_before(true));
    }
    docx = docx
        .add_paragraph(Paragraph::new().style("GwRecord"))
        .add_table(record(b))
        .add_paragraph(
            Paragraph::new().style("GwRecord").line_spacing(
                LineSpacing::new()
                    .line_rule(LineSpacingType::Exact)
                    .line(20),
            ),
        );

    let mut packed = Cursor::new(Vec::new());
    docx.build()
        .pack(&mut packed)
        .map_err(|e| DocxError::Docx(e.to_string()))?;
    repack(&packed.into_inner(), zip_time)
}

/// Why the document could not be built.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    #[error(transparent)]
    Zip(#[from] zip::result::ZipError),
    #[error("docx: {0}")]
    Docx(String),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// The package again, compressed, every part dated `when`, the font table
/// replaced by ours (with each font's fallback).
fn repack(bytes: &[u8], when: zip::DateTime) -> Result<Vec<u8>, DocxError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(when)
        .unix_permissions(0o644);
    for k in 0..archive.len() {
        let mut part = archive.by_index(k)?;
        if part.is_dir() {
            continue;
        }
        let name = part.name()?.to_string();
        let mut content = Vec::new();
        part.read_to_end(&mut content)?;
        if name == "word/fontTable.xml" {
            content = font_table().into_bytes();
        }
        out.start_file(name, options)?;
        out.write_all(&content)?;
    }
    Ok(out.finish()?.into_inner())
}

/// The font table: each font with its substitute (`altName`) and the GB2312
/// character set, so that Word on a machine without 仿宋_GB2312 uses 仿宋.
fn font_table() -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    );
    for (font, alt) in FALLBACKS {
        xml.push_str(&format!(
            r#"<w:font w:name="{font}"><w:altName w:val="{alt}"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>"#
        ));
    }
    xml.push_str(r#"<w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>"#);
    xml
}
