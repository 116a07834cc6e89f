//! The few WordprocessingML pieces the 通报 needs, each written with its
//! children in the order ECMA-376's schema sequences them (CT_PPr, CT_RPr's
//! EG_RPrBase, CT_TblPr, CT_TcPr, CT_SectPr, CT_Style). Word reads the
//! properties of a sequence in that order and silently drops what comes out
//! of it (a font after the size, a style after the run properties), where
//! LibreOffice is forgiving; so the order is kept here, in one place, and
//! tested. All text is escaped ([`escape`]); nothing from a file becomes
//! markup.

use std::fmt::Write as _;

/// The WordprocessingML namespace.
pub const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// The relationships namespace (footer references).
pub const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// XML text with `& < > " '` escaped and control characters dropped.
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

/// Run properties (EG_RPrBase order: rFonts, b, color, spacing, sz, szCs).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rpr {
    pub font: Option<&'static str>,
    pub bold: bool,
    pub color: Option<&'static str>,
    /// Space between characters, in twentieths of a point.
    pub spacing: Option<i32>,
    /// Size in half points.
    pub size: Option<u32>,
}

impl Rpr {
    pub fn xml(&self) -> String {
        let mut out = String::new();
        if let Some(f) = self.font {
            let _ = write!(
                out,
                r#"<w:rFonts w:ascii="{f}" w:eastAsia="{f}" w:hAnsi="{f}" w:cs="{f}"/>"#
            );
        }
        if self.bold {
            out.push_str("<w:b/>");
        }
        if let Some(c) = self.color {
            let _ = write!(out, r#"<w:color w:val="{c}"/>"#);
        }
        if let Some(s) = self.spacing {
            let _ = write!(out, r#"<w:spacing w:val="{s}"/>"#);
        }
        if let Some(s) = self.size {
            let _ = write!(out, r#"<w:sz w:val="{s}"/><w:szCs w:val="{s}"/>"#);
        }
        if out.is_empty() {
            out
        } else {
            format!("<w:rPr>{out}</w:rPr>")
        }
    }
}

/// Paragraph alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Jc {
    Left,
    Center,
    Right,
    Both,
}

impl Jc {
    fn name(self) -> &'static str {
        match self {
            Jc::Left => "left",
            Jc::Center => "center",
            Jc::Right => "right",
            Jc::Both => "both",
        }
    }
}

/// A paragraph border line: (size in eighths of a point, space in points, colour).
pub type Line = (u32, u32, &'static str);

/// Paragraph properties (CT_PPr order: pStyle, keepNext, pageBreakBefore,
/// pBdr, tabs, snapToGrid, spacing, ind, jc, outlineLvl).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ppr {
    pub style: Option<&'static str>,
    pub keep_next: bool,
    pub page_break_before: bool,
    pub bottom_border: Option<Line>,
    /// A right-aligned tab stop at this position (twips).
    pub right_tab: Option<i32>,
    pub snap_to_grid: Option<bool>,
    /// (before, after) in twips.
    pub space: Option<(u32, u32)>,
    /// An exact line height in twips.
    pub line: Option<i32>,
    pub left: Option<i32>,
    pub right: Option<i32>,
    pub first_line: Option<i32>,
    pub hanging: Option<i32>,
    pub jc: Option<Jc>,
    pub outline: Option<u8>,
}

impl Ppr {
    pub fn xml(&self) -> String {
        let mut out = String::new();
        if let Some(s) = self.style {
            let _ = write!(out, r#"<w:pStyle w:val="{s}"/>"#);
        }
        if self.keep_next {
            out.push_str("<w:keepNext/>");
        }
        if self.page_break_before {
            out.push_str("<w:pageBreakBefore/>");
        }
        if let Some((size, space, color)) = self.bottom_border {
            let _ = write!(
                out,
                r#"<w:pBdr><w:bottom w:val="single" w:sz="{size}" w:space="{space}" w:color="{color}"/></w:pBdr>"#
            );
        }
        if let Some(pos) = self.right_tab {
            let _ = write!(
                out,
                r#"<w:tabs><w:tab w:val="right" w:pos="{pos}"/></w:tabs>"#
            );
        }
        if let Some(snap) = self.snap_to_grid {
            let _ = write!(out, r#"<w:snapToGrid w:val="{}"/>"#, u8::from(snap));
        }
        if self.space.is_some() || self.line.is_some() {
            let (before, after) = self.space.unwrap_or((0, 0));
            let _ = write!(out, r#"<w:spacing w:before="{before}" w:after="{after}""#);
            if let Some(line) = self.line {
                let _ = write!(out, r#" w:line="{line}" w:lineRule="exact""#);
            }
            out.push_str("/>");
        }
        let indents = [self.left, self.right, self.first_line, self.hanging];
        if indents.iter().any(Option::is_some) {
            out.push_str("<w:ind");
            for (name, v) in ["left", "right", "firstLine", "hanging"]
                .iter()
                .zip(indents)
            {
                if let Some(v) = v {
                    let _ = write!(out, r#" w:{name}="{v}""#);
                }
            }
            out.push_str("/>");
        }
        if let Some(jc) = self.jc {
            let _ = write!(out, r#"<w:jc w:val="{}"/>"#, jc.name());
        }
        if let Some(level) = self.outline {
            let _ = write!(out, r#"<w:outlineLvl w:val="{level}"/>"#);
        }
        if out.is_empty() {
            out
        } else {
            format!("<w:pPr>{out}</w:pPr>")
        }
    }
}

/// A piece of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Text(String, Rpr),
    /// A line break inside the paragraph.
    Break,
    Tab,
    /// The PAGE field, shown as `1` until the application updates it.
    Page(Rpr),
}

/// A paragraph: its properties and pieces.
pub fn paragraph(ppr: &Ppr, pieces: &[Piece]) -> String {
    let mut out = format!("<w:p>{}", ppr.xml());
    for piece in pieces {
        match piece {
            Piece::Text(t, rpr) => {
                let _ = write!(
                    out,
                    r#"<w:r>{}<w:t xml:space="preserve">{}</w:t></w:r>"#,
                    rpr.xml(),
                    escape(t)
                );
            }
            Piece::Break => out.push_str("<w:r><w:br/></w:r>"),
            Piece::Tab => out.push_str("<w:r><w:tab/></w:r>"),
            Piece::Page(rpr) => {
                let r = rpr.xml();
                let _ = write!(
                    out,
                    r#"<w:r>{r}<w:fldChar w:fldCharType="begin"/></w:r><w:r>{r}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r>{r}<w:fldChar w:fldCharType="separate"/></w:r><w:r>{r}<w:t>1</w:t></w:r><w:r>{r}<w:fldChar w:fldCharType="end"/></w:r>"#
                );
            }
        }
    }
    out.push_str("</w:p>");
    out
}

/// A plain text paragraph of a style.
pub fn styled(style: &'static str, text: &str) -> String {
    let ppr = Ppr {
        style: Some(style),
        ..Ppr::default()
    };
    if text.is_empty() {
        paragraph(&ppr, &[])
    } else {
        paragraph(&ppr, &[Piece::Text(text.to_string(), Rpr::default())])
    }
}

/// Table borders: (position, size in eighths of a point); `0` is none.
pub type Borders = [(&'static str, u32); 6];

/// A table's layout (CT_TblPr order: tblpPr, tblW, jc, tblBorders, tblLayout, tblCellMar).
#[derive(Debug, Clone, PartialEq)]
pub struct Tbl {
    /// Placed at this offset (twips) from the top of the 版心, text around it.
    pub from_top: Option<i32>,
    pub width: u32,
    pub center: bool,
    pub borders: Borders,
    pub columns: Vec<u32>,
}

/// One cell: its paragraphs' XML.
pub struct Cell {
    pub width: u32,
    pub paragraphs: String,
}

/// A table of rows of cells; rows at least `height` twips, never split
/// across pages; the first row repeated on each page when `header`.
pub fn table(tbl: &Tbl, rows: &[Vec<Cell>], height: u32, header: bool) -> String {
    let mut out = String::from("<w:tbl><w:tblPr>");
    if let Some(y) = tbl.from_top {
        let _ = write!(
            out,
            r#"<w:tblpPr w:vertAnchor="margin" w:horzAnchor="margin" w:tblpX="0" w:tblpY="{y}"/>"#
        );
    }
    let _ = write!(out, r#"<w:tblW w:w="{}" w:type="dxa"/>"#, tbl.width);
    if tbl.center {
        out.push_str(r#"<w:jc w:val="center"/>"#);
    }
    out.push_str("<w:tblBorders>");
    for (position, size) in tbl.borders {
        if size == 0 {
            let _ = write!(out, r#"<w:{position} w:val="nil"/>"#);
        } else {
            let _ = write!(
                out,
                r#"<w:{position} w:val="single" w:sz="{size}" w:space="0" w:color="000000"/>"#
            );
        }
    }
    out.push_str(r#"</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>"#);
    for w in &tbl.columns {
        let _ = write!(out, r#"<w:gridCol w:w="{w}"/>"#);
    }
    out.push_str("</w:tblGrid>");
    for (r, row) in rows.iter().enumerate() {
        // CT_TrPr is a choice: any order
        let _ = write!(
            out,
            r#"<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{height}" w:hRule="atLeast"/>{}</w:trPr>"#,
            if header && r == 0 {
                "<w:tblHeader/>"
            } else {
                ""
            }
        );
        for cell in row {
            let _ = write!(
                out,
                r#"<w:tc><w:tcPr><w:tcW w:w="{}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>{}</w:tc>"#,
                cell.width, cell.paragraphs
            );
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    out
}

/// A paragraph style (CT_Style order: name, basedOn, next, uiPriority, qFormat, pPr, rPr).
pub fn style(id: &str, name: &str, ppr: &Ppr, rpr: &Rpr) -> String {
    let based = if id == "Normal" {
        String::new()
    } else {
        r#"<w:basedOn w:val="Normal"/>"#.to_string()
    };
    let default = if id == "Normal" {
        r#" w:default="1""#
    } else {
        ""
    };
    // a style's pPr holds no pStyle of its own
    let ppr = Ppr {
        style: None,
        ..ppr.clone()
    };
    format!(
        r#"<w:style w:type="paragraph"{default} w:styleId="{id}"><w:name w:val="{}"/>{based}<w:qFormat/>{}{}</w:style>"#,
        escape(name),
        ppr.xml(),
        rpr.xml()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_come_in_the_schemas_order() {
        let rpr = Rpr {
            font: Some("仿宋_GB2312"),
            bold: true,
            color: Some("FF0000"),
            spacing: Some(-5),
            size: Some(32),
        };
        let xml = rpr.xml();
        let at = |tag: &str| xml.find(tag).unwrap_or_else(|| panic!("{tag} in {xml}"));
        assert!(at("<w:rFonts") < at("<w:b/>"));
        assert!(at("<w:b/>") < at("<w:color"));
        assert!(at("<w:color") < at("<w:spacing"));
        assert!(at("<w:spacing") < at("<w:sz "));
        assert!(at("<w:sz ") < at("<w:szCs"));
        let ppr = Ppr {
            style: Some("GwBody"),
            keep_next: true,
            page_break_before: true,
            bottom_border: Some((12, 11, "FF0000")),
            right_tab: Some(8000),
            snap_to_grid: Some(false),
            space: Some((100, 0)),
            line: Some(579),
            left: Some(1),
            right: Some(2),
            first_line: Some(640),
            hanging: None,
            jc: Some(Jc::Both),
            outline: Some(0),
        };
        let xml = ppr.xml();
        let order = [
            "<w:pStyle",
            "<w:keepNext",
            "<w:pageBreakBefore",
            "<w:pBdr",
            "<w:tabs",
            "<w:snapToGrid",
            "<w:spacing",
            "<w:ind",
            "<w:jc",
            "<w:outlineLvl",
        ];
        let positions: Vec<usize> = order.iter().map(|t| xml.find(t).expect(t)).collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{xml}");
        // a paragraph: pPr first, then runs with their rPr first
        let p = paragraph(&ppr, &[Piece::Text("a<b".into(), rpr)]);
        assert!(p.starts_with("<w:p><w:pPr><w:pStyle"));
        assert!(p.contains("<w:r><w:rPr><w:rFonts"));
        assert!(p.contains(">a&lt;b</w:t>"));
    }

    #[test]
    fn text_is_escaped_and_control_characters_dropped() {
        assert_eq!(escape("<&>\"'\u{7}x"), "&lt;&amp;&gt;&quot;&apos;x");
    }
}
