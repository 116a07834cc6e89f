//! Shared look of our workbooks: fonts, borders, print setup, and column
//! widths measured for Chinese text (rust_xlsxwriter's autofit counts a CJK
//! character as about half its real width).

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Worksheet, XlsxError,
};

/// Paper size code for A4 in the page setup.
pub const A4: u8 = 9;
/// Paper size A3 in the `set_paper_size` numbering.
pub const A3: u8 = 8;

/// The font used everywhere: present on Chinese Windows and in WPS.
pub const FONT: &str = "宋体";

pub fn base() -> Format {
    Format::new().set_font_name(FONT).set_font_size(10.5)
}

pub fn title() -> Format {
    base()
        .set_font_size(16)
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
}

/// A sheet's title: row 0, 30 points high, merged over columns `0..=last`.
pub fn title_row(sheet: &mut Worksheet, last: u16, text: &str) -> Result<(), XlsxError> {
    sheet.set_row_height(0, 30)?;
    sheet.merge_range(0, 0, 0, last, text, &title())?;
    Ok(())
}

pub fn note() -> Format {
    base()
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter)
}

pub fn header() -> Format {
    base()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color("D9E1F2")
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
}

pub fn cell() -> Format {
    base()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter)
}

pub fn cell_center() -> Format {
    cell().set_align(FormatAlign::Center)
}

pub fn group() -> Format {
    cell().set_bold().set_background_color("F2F2F2")
}

/// Display width of text in Excel's character units: CJK and full-width
/// characters count double.
pub fn text_width(text: &str) -> f64 {
    text.lines()
        .map(|line| {
            line.chars()
                .map(|c| if is_wide(c) { 2.0 } else { 1.0 })
                .sum::<f64>()
        })
        .fold(0.0, f64::max)
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF |
        0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF |
        0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6)
}

/// The height in points of a row of `lines` wrapped lines of 10.5-pt text:
/// 宋体 needs about 14 a line in Excel; the CJK fonts LibreOffice and WPS
/// substitute (Noto, 思源) about 15.
pub fn wrapped_height(lines: f64) -> f64 {
    15.0 * lines.max(1.0) + 2.0
}

/// A column width that fits the widest text, within `min..=max`.
pub fn fit(texts: impl IntoIterator<Item = impl AsRef<str>>, min: f64, max: f64) -> f64 {
    let widest = texts
        .into_iter()
        .map(|t| text_width(t.as_ref()))
        .fold(0.0, f64::max);
    (widest + 2.0).clamp(min, max)
}

/// Column widths (in characters, summed) above which a landscape sheet
/// prints on A3 rather than shrinking on A4.
///
/// Measured in LibreOffice's PDFs: A4 landscape holds about 110 characters of
/// columns at full size (144 print with 10.5-pt text at about 8 pt, 237 at
/// 5 pt), A3 landscape about 155. Past this width a sheet on A4 would print
/// below 8.5 pt; on A3 it prints at 8.5 pt or more up to about 200.
pub const A4_LANDSCAPE_CHARS: f64 = 140.0;

/// A3 for a landscape sheet whose columns sum to more than
/// [`A4_LANDSCAPE_CHARS`] (after [`print_setup`], which chose A4). A printer
/// without A3 paper prints it scaled onto A4, as it would have printed anyway.
pub fn paper_for_width(sheet: &mut Worksheet, width: f64) {
    if width > A4_LANDSCAPE_CHARS {
        sheet.set_paper_size(A3);
    }
}

/// The width in pixels of a column `width` characters wide (Excel's rule
/// for the default font).
pub fn pixels(width: f64) -> f64 {
    if width < 1.0 {
        (width * 12.0).round()
    } else {
        (width * 7.0).round() + 5.0
    }
}

/// Printable widths in pixels (96 a inch) at the margins of [`print_setup`]
/// (half an inch left and right).
pub const A4_PORTRAIT_PX: f64 = 698.0;
pub const A4_LANDSCAPE_PX: f64 = 1026.0;

/// Printable height in pixels of A4 landscape at [`print_setup`]'s margins
/// (0.6 in top and bottom), less the footer's room.
pub const A4_LANDSCAPE_TALL_PX: f64 = 640.0;
pub const A3_LANDSCAPE_PX: f64 = 1492.0;

/// A fixed print scale at which columns `px` pixels wide (by Excel's rule)
/// fit the printable width, for a sheet with manual page breaks: Excel
/// ignores manual breaks on a sheet set to fit to a page width, so such a
/// sheet must not use it. Over a quarter is kept in hand for clients that
/// print the same columns wider: LibreOffice without Calibri's metrics (it
/// substitutes DejaVu Sans) prints them about 1.3 × as wide as Excel.
pub fn fixed_scale(sheet: &mut Worksheet, px: f64, printable_px: f64) {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // 10 ..= 100
    let scale = (printable_px * 0.72 * 100.0 / px.max(1.0))
        .floor()
        .clamp(10.0, 100.0) as u16;
    sheet.set_print_scale(scale);
}

/// A4, repeated header rows, fit to one page wide, page numbers in the footer.
pub fn print_setup(
    sheet: &mut Worksheet,
    landscape: bool,
    header_rows: (u32, u32),
) -> Result<(), XlsxError> {
    print_pages(sheet, landscape);
    sheet.set_repeat_rows(header_rows.0, header_rows.1)?;
    Ok(())
}

/// [`print_setup`] without rows repeated on every page: for a sheet of
/// blocks, each under its own heading, where a repeated first row would
/// stand over the wrong block.
pub fn print_pages(sheet: &mut Worksheet, landscape: bool) {
    sheet.set_paper_size(A4);
    if landscape {
        sheet.set_landscape();
    } else {
        sheet.set_portrait();
    }
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_print_center_horizontally(true);
    sheet.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    // the sheet's name on every page, so that a loose page says what it is
    sheet.set_header("&R&A");
    sheet.set_footer("&C第 &P 页，共 &N 页");
}

/// The workbook's bytes, its page footers in its language: [`print_pages`]
/// writes the Chinese one (第 1 页，共 5 页), an English workbook reads
/// `Page 1 of 5`.
pub fn finish(
    workbook: &mut rust_xlsxwriter::Workbook,
    lang: crate::lang::Lang,
) -> Result<Vec<u8>, XlsxError> {
    if lang == crate::lang::Lang::En {
        for sheet in workbook.worksheets_mut() {
            sheet.set_footer("&CPage &P of &N");
        }
    }
    workbook.save_to_buffer()
}

/// Printable height in pixels of A4 portrait at [`print_setup`]'s margins
/// (0.6 in top and bottom), less the footer's room.
pub const A4_PORTRAIT_TALL_PX: f64 = 960.0;

/// Document properties with a fixed creation time (1 January of the year),
/// so that the same inputs give the same bytes.
pub fn properties(title: &str, year: i32) -> Result<DocProperties, XlsxError> {
    let year = u16::try_from(year.clamp(1900, 9999)).unwrap_or(2000);
    let when = ExcelDateTime::from_ymd(year, 1, 1)?;
    properties_with(title, &when)
}

/// Document properties dated with the run's timestamp.
pub fn properties_at(
    title: &str,
    when: &crate::assessment::Timestamp,
) -> Result<DocProperties, XlsxError> {
    properties_with(title, &ExcelDateTime::from_timestamp(when.seconds)?)
}

fn properties_with(title: &str, when: &ExcelDateTime) -> Result<DocProperties, XlsxError> {
    Ok(DocProperties::new()
        .set_title(title)
        .set_company("county-assess")
        .set_creation_datetime(when))
}

/// Excel allows at most 1,023 manual page breaks in a sheet.
pub const MAX_PAGE_BREAKS: usize = 1023;

/// Manual page breaks before the given rows; beyond Excel's 1,023 the rest of
/// the sheet flows on without them (a sheet of thousands of units still opens
/// and prints, only without one unit per page past the 1,023rd).
pub fn page_breaks(sheet: &mut Worksheet, rows: &[u32]) -> Result<(), XlsxError> {
    sheet.set_page_breaks(&rows[..rows.len().min(MAX_PAGE_BREAKS)])?;
    Ok(())
}
