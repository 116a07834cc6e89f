//! The pre-scan: what a file is, and whether it is small enough to hand to a parser.
//!
//! It enforces the limits that keep a hostile container away from calamine
//! (stated, with the reasons, in `limits.rs`): the file size; for a zip (xlsx,
//! xlsm, ods) the number of parts, their declared unpacked sizes and their
//! compression ratio (a zip bomb); for an xlsx, a count of shared strings
//! larger than their part can hold (calamine reserves memory for the count
//! before reading), and more sheets than [`MAX_SHEETS`] (counted in the
//! workbook part, so that 25,000 sheets are refused before calamine opens
//! any). It reads the zip's central directory, the workbook part and at most
//! [`HEAD_BYTES`] of each worksheet and shared strings part, never a whole
//! part. Declared sizes can be trusted: the zip reader stops a part that
//! unpacks to more than it declared.
//!
//! It does not parse cells (`read.rs` does) and does not refuse an xlsx for the
//! extent its sheets declare (`<dimension ref="A1:XFD1048576"/>`): xlsx sheets
//! are streamed, so a huge declared extent costs nothing; it is only recorded.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use super::ReadError;

pub use super::limits::{
    MAX_ENTRIES, MAX_ENTRY_UNPACKED, MAX_FILE_BYTES, MAX_RATIO, MAX_SHEETS, MAX_TOTAL_UNPACKED,
};

const MIB: u64 = 1024 * 1024;

/// Parts smaller than this are not held to [`MAX_RATIO`] (a tiny part of
/// zeros compresses well and harms nobody).
const RATIO_FLOOR: u64 = MIB;
/// The shortest shared string, `<si/>`: a part of `n` bytes holds at most `n / 5`.
const SHORTEST_STRING: u64 = 5;
/// Declared shared strings up to this many are never refused, whatever the
/// part's size (calamine reserves 24 MB for them: harmless).
const STRINGS_FLOOR: u64 = 1_000_000;
/// How much of a worksheet or shared strings part is unpacked to find its
/// `<dimension>` or its declared count.
pub const HEAD_BYTES: u64 = 16 * 1024;

/// The container, from the file's first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// A zip archive (`PK`): xlsx, xlsm, ods.
    Zip,
    /// An OLE compound file (`D0 CF 11 E0 A1 B1 1A E1`): xls, or an encrypted xlsx.
    Cfb,
}

/// How a file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    /// An xlsx with macros; read like an xlsx.
    Xlsm,
    /// Excel 97–2003 (BIFF8).
    Xls,
    /// OpenDocument spreadsheet.
    Ods,
}

impl Format {
    /// `xlsx`, `xlsm`, `xls` or `ods`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Xlsm => "xlsm",
            Format::Xls => "xls",
            Format::Ods => "ods",
        }
    }
}

/// What the pre-scan found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prescan {
    /// The reader to use. A zip named `.xls` (as some systems export) is read as xlsx.
    pub format: Format,
    pub container: Container,
    /// Size of the file.
    pub bytes: u64,
    /// Parts in the zip container (0 for xls).
    pub entries: usize,
    /// Sum of the declared unpacked sizes of the parts (0 for xls).
    pub unpacked: u64,
    /// `(part, extent)` of each xlsx worksheet part that declares its extent,
    /// e.g. `("xl/worksheets/sheet1.xml", "A1:XFD1048576")`. Recorded, not refused.
    pub dimensions: Vec<(String, String)>,
}

/// Checks a file before it is parsed and says what it is.
pub fn scan(path: &Path) -> Result<Prescan, ReadError> {
    let named = match extension(path).as_str() {
        "xlsx" => Format::Xlsx,
        "xlsm" => Format::Xlsm,
        "xls" => Format::Xls,
        "ods" => Format::Ods,
        "" => {
            return Err(ReadError::NotSpreadsheet(
                "a file without an extension is not read; expected .xlsx, .xlsm, .xls or .ods"
                    .to_string(),
            ));
        }
        other => {
            return Err(ReadError::NotSpreadsheet(format!(
                "`.{other}` files are not read; expected .xlsx, .xlsm, .xls or .ods"
            )));
        }
    };
    let bytes = std::fs::metadata(path)
        .map_err(|e| ReadError::Corrupt(format!("cannot read the file: {e}")))?
        .len();
    if bytes == 0 {
        return Err(ReadError::Empty);
    }
    if bytes > MAX_FILE_BYTES {
        return Err(ReadError::FileTooLarge {
            bytes,
            limit: MAX_FILE_BYTES,
        });
    }
    let container = sniff(path)?;
    let format = match (named, container) {
        // Some systems export an xlsx named .xls: read what it is.
        (Format::Xls, Container::Zip) => Format::Xlsx,
        // An xlsx saved with a password is an OLE file holding the encrypted package.
        (Format::Xlsx | Format::Xlsm, Container::Cfb) => return Err(ReadError::Encrypted),
        (Format::Ods, Container::Cfb) => {
            return Err(ReadError::NotSpreadsheet(
                "an Excel 97–2003 file named .ods; save it as .xlsx".to_string(),
            ));
        }
        (named, _) => named,
    };
    let mut found = Prescan {
        format,
        container,
        bytes,
        entries: 0,
        unpacked: 0,
        dimensions: Vec::new(),
    };
    if container == Container::Zip {
        scan_zip(path, &mut found)?;
    }
    Ok(found)
}

/// The lower-case extension, without the dot (`""` when there is none).
fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// The container, from the first bytes; anything else is not a spreadsheet.
fn sniff(path: &Path) -> Result<Container, ReadError> {
    const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let mut head = [0_u8; 512];
    let mut file =
        File::open(path).map_err(|e| ReadError::Corrupt(format!("cannot read the file: {e}")))?;
    let mut len = 0;
    while len < head.len() {
        match file.read(&mut head[len..]) {
            Ok(0) => break,
            Ok(n) => len += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(ReadError::Corrupt(format!("cannot read the file: {e}"))),
        }
    }
    let head = &head[..len];
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return Ok(Container::Zip);
    }
    if head.starts_with(&CFB_MAGIC) {
        return Ok(Container::Cfb);
    }
    Err(ReadError::NotSpreadsheet(describe(head)))
}

/// What a file that is not a workbook looks like, for the message.
fn describe(head: &[u8]) -> String {
    let text = String::from_utf8_lossy(head)
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_lowercase();
    if head.starts_with(b"%PDF") {
        "a PDF document".to_string()
    } else if text.starts_with("<!doctype html")
        || text.starts_with("<html")
        || text.contains("<table")
    {
        // Web systems often export a table as HTML named .xls.
        "a web page (HTML) with a spreadsheet name; open it in Excel and save it as .xlsx"
            .to_string()
    } else if text.starts_with("<?xml") {
        "an XML file with a spreadsheet name; open it in Excel and save it as .xlsx".to_string()
    } else if head.starts_with(b"Rar!") || head.starts_with(&[0x37, 0x7A, 0xBC, 0xAF]) {
        "a compressed archive (rar or 7z); unpack it first".to_string()
    } else {
        "the content is neither an Excel nor an OpenDocument workbook".to_string()
    }
}

/// The zip limits, and the declared extent of each xlsx worksheet.
fn scan_zip(path: &Path, found: &mut Prescan) -> Result<(), ReadError> {
    let file =
        File::open(path).map_err(|e| ReadError::Corrupt(format!("cannot read the file: {e}")))?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file))
        .map_err(|e| ReadError::Corrupt(format!("the zip container cannot be opened: {e}")))?;
    found.entries = zip.len();
    if found.entries > MAX_ENTRIES {
        return Err(ReadError::TooLarge(format!(
            "the zip container holds {} parts; the limit is {MAX_ENTRIES}",
            found.entries
        )));
    }
    let mut sheets = Vec::new();
    let mut shared_strings = Vec::new();
    let mut workbook = None;
    for index in 0..found.entries {
        let entry = zip
            .by_index_raw(index)
            .map_err(|e| ReadError::Corrupt(format!("zip part {index}: {e}")))?;
        let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        if entry.encrypted() {
            return Err(ReadError::Encrypted);
        }
        let unpacked = entry.size();
        let packed = entry.compressed_size();
        if unpacked > RATIO_FLOOR && unpacked / packed.max(1) > MAX_RATIO {
            return Err(ReadError::TooLarge(format!(
                "the part `{name}` unpacks {} into {} ({}:1, a zip bomb); the limit is {MAX_RATIO}:1",
                size(packed),
                size(unpacked),
                unpacked / packed.max(1)
            )));
        }
        if unpacked > MAX_ENTRY_UNPACKED {
            return Err(ReadError::TooLarge(format!(
                "the part `{name}` unpacks to {}; the limit is {} per part",
                size(unpacked),
                size(MAX_ENTRY_UNPACKED)
            )));
        }
        found.unpacked = found.unpacked.saturating_add(unpacked);
        if found.unpacked > MAX_TOTAL_UNPACKED {
            return Err(ReadError::TooLarge(format!(
                "the parts unpack to more than {} in all; the limit is {}",
                size(found.unpacked),
                size(MAX_TOTAL_UNPACKED)
            )));
        }
        if is_workbook_part(&name) {
            workbook = Some(index);
        }
        if is_worksheet_part(&name) {
            sheets.push((index, name));
        } else if is_shared_strings_part(&name) {
            shared_strings.push((index, name, unpacked));
        }
    }
    if matches!(found.format, Format::Xlsx | Format::Xlsm) {
        if let Some(index) = workbook {
            // each <sheet> element has a sheetId (definedName's is localSheetId)
            let mut xml = Vec::new();
            zip.by_index(index)
                .map_err(|e| ReadError::Corrupt(format!("the workbook part: {e}")))?
                .read_to_end(&mut xml)
                .map_err(|e| ReadError::Corrupt(format!("the workbook part: {e}")))?;
            let count = memchr::memmem::find_iter(&xml, b"sheetId=").count();
            if count > MAX_SHEETS {
                return Err(ReadError::TooLarge(format!(
                    "the workbook has {count} sheets; the limit is {MAX_SHEETS}"
                )));
            }
        }
        for (index, name, unpacked) in shared_strings {
            let head = part_head(&mut zip, index, &name)?;
            let Some(declared) = declared_strings(&head) else {
                continue;
            };
            if declared > (unpacked / SHORTEST_STRING).max(STRINGS_FLOOR) {
                return Err(ReadError::Corrupt(format!(
                    "the part `{name}` declares {declared} strings, more than its {} can hold",
                    size(unpacked)
                )));
            }
        }
        for (index, name) in sheets {
            let head = part_head(&mut zip, index, &name)?;
            if let Some(extent) = declared_extent(&head) {
                found.dimensions.push((name, extent));
            }
        }
    }
    Ok(())
}

/// At most [`HEAD_BYTES`] of a part, unpacked.
fn part_head<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    index: usize,
    name: &str,
) -> Result<Vec<u8>, ReadError> {
    let mut head = Vec::new();
    let entry = zip
        .by_index(index)
        .map_err(|e| ReadError::Corrupt(format!("the part `{name}`: {e}")))?;
    entry
        .take(HEAD_BYTES)
        .read_to_end(&mut head)
        .map_err(|e| ReadError::Corrupt(format!("the part `{name}`: {e}")))?;
    Ok(head)
}

/// `xl/workbook.xml` (any case, `\` or `/`): the part listing the sheets.
fn is_workbook_part(name: &str) -> bool {
    name.replace('\\', "/")
        .eq_ignore_ascii_case("xl/workbook.xml")
}

/// `xl/sharedStrings.xml`, as calamine finds it: any folder, any case, `\` or `/`.
fn is_shared_strings_part(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with("sharedstrings.xml")
}

/// The `uniqueCount` of the `<sst>` element at the start of the shared strings:
/// calamine reserves memory for that many strings (24 bytes each) before it
/// reads one, so a count of 10^8 written into a small file aborts the reader.
/// Too many digits for a `u64` count as `u64::MAX`.
fn declared_strings(head: &[u8]) -> Option<u64> {
    let text = String::from_utf8_lossy(head);
    let tag = text.split('<').find(|tag| {
        let name = tag
            .split([' ', '\t', '\r', '\n', '>', '/'])
            .next()
            .unwrap_or("");
        name.rsplit(':').next() == Some("sst")
    })?;
    let tag = tag.split('>').next().unwrap_or(tag);
    let at = tag.find("uniqueCount")? + "uniqueCount".len();
    let value = tag[at..].trim_start().strip_prefix('=')?.trim_start();
    let digits: String = value
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    if digits.is_empty() {
        return None;
    }
    Some(digits.parse().unwrap_or(u64::MAX))
}

/// `xl/worksheets/sheet1.xml`, not `xl/worksheets/_rels/sheet1.xml.rels`.
fn is_worksheet_part(name: &str) -> bool {
    name.strip_prefix("xl/worksheets/")
        .is_some_and(|rest| !rest.contains('/') && rest.ends_with(".xml"))
}

/// The `ref` of the first `<dimension ref="…"/>` in the start of a sheet's XML.
fn declared_extent(head: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(head);
    let at = text.find("dimension ref=\"")? + "dimension ref=\"".len();
    let end = text[at..].find('"')? + at;
    Some(text[at..end].to_string())
}

/// `50 MiB`, `4.8 KiB`, `200.0 MiB` for messages.
fn size(bytes: u64) -> String {
    let value = bytes as f64;
    if bytes >= MIB {
        let mib = value / MIB as f64;
        if bytes.is_multiple_of(MIB) {
            format!("{mib:.0} MiB")
        } else {
            format!("{mib:.1} MiB")
        }
    } else if bytes >= 1024 {
        format!("{:.1} KiB", value / 1024.0)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size(50 * MIB), "50 MiB");
        assert_eq!(size(200_000_000), "190.7 MiB");
        assert_eq!(size(4_915), "4.8 KiB");
        assert_eq!(size(12), "12 bytes");
    }

    #[test]
    fn worksheet_parts_are_recognised() {
        assert!(is_worksheet_part("xl/worksheets/sheet1.xml"));
        assert!(!is_worksheet_part("xl/worksheets/_rels/sheet1.xml.rels"));
        assert!(!is_worksheet_part("xl/sharedStrings.xml"));
    }

    #[test]
    fn the_declared_extent_is_found_in_the_head_of_a_sheet() {
        let head = br#"<?xml version="1.0"?><worksheet xmlns="x"><dimension ref="A1:XFD1048576"/><sheetViews>"#;
        assert_eq!(declared_extent(head).as_deref(), Some("A1:XFD1048576"));
        assert_eq!(declared_extent(b"<worksheet><sheetData>"), None);
    }

    #[test]
    fn the_declared_count_of_shared_strings_is_found_in_their_head() {
        let head =
            br#"<?xml version="1.0"?><sst xmlns="x" count="12" uniqueCount="10"><si><t>a</t></si>"#;
        assert_eq!(declared_strings(head), Some(10));
        assert_eq!(
            declared_strings(b"<x:sst uniqueCount = '100000000'>"),
            Some(100_000_000)
        );
        assert_eq!(
            declared_strings(b"<sst uniqueCount=\"99999999999999999999999\">"),
            Some(u64::MAX)
        );
        // only the sst element's own attribute counts
        assert_eq!(
            declared_strings(b"<sst><si><t>uniqueCount=\"9\"</t></si>"),
            None
        );
        assert_eq!(declared_strings(b"<sst count=\"3\">"), None);
    }

    #[test]
    fn other_files_are_named_in_the_message() {
        assert_eq!(describe(b"%PDF-1.7"), "a PDF document");
        assert!(describe(b"<html><body><table>").starts_with("a web page (HTML)"));
        assert_eq!(
            describe(&[1, 2, 3]),
            "the content is neither an Excel nor an OpenDocument workbook"
        );
    }
}
