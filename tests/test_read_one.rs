//! `assess read-one FILE` and `ingest::isolate`: every hostile file is reported
//! with its exact `ReadError`, quickly, and the caller survives.
//!
//! The files are built here, at test time. Reads go through the real binary
//! (`read_isolated_with(assess, …)`): inside a test the current program is the
//! test binary, not `assess`.
//!
//! Also here: the stated limits of `ingest/limits.rs`, each tested at its real
//! value, and beyond it a plain message; the inputs the fuzzer
//! (`examples/fuzz/`) found, kept under `tests/data/fuzz/`; and that a run
//! never modifies its input files.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use county_assess::ingest::isolate::{self, Limits, read_all_isolated_with, read_isolated_with};
use county_assess::ingest::limits::{MAX_FILE_BYTES, MAX_FILES, MAX_SHEET_ROWS};
use county_assess::ingest::read::read_workbook;
use county_assess::ingest::{CellValue, Merged, RawSheet, RawWorkbook, ReadError};
use rust_xlsxwriter::{DocProperties, Format, Formula, Workbook};
use zip::write::SimpleFileOptions;

use crate::common::{Test, copy_dir, files_under, repo, soffice_convert};

fn assess() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_assess"))
}

/// The default limits, stated (the environment of the test run must not change them).
/// The reader's limits for files that must be refused for what they are: a
/// time limit far above any machine's load, so that a loaded machine never
/// turns a refusal into a timeout.
fn limits() -> Limits {
    Limits {
        seconds: 300,
        memory_mb: 2048,
    }
}

/// Reads a file in a child `assess read-one` (how long it took goes to the
/// test's output: speed is measured in benches/, never asserted here).
fn read_child(path: &Path, limits: &Limits) -> Result<RawWorkbook, ReadError> {
    let start = Instant::now();
    let result = read_isolated_with(assess(), path, limits);
    eprintln!(
        "{}: {:?} in {} ms",
        path.file_name().unwrap_or_default().to_string_lossy(),
        result.as_ref().map(|b| b.sheets.len()),
        start.elapsed().as_millis()
    );
    result
}

fn read(path: &Path) -> Result<RawWorkbook, ReadError> {
    read_child(path, &limits())
}

/// `assess read-one FILE` as a command: exit 0 and one answer.
fn read_one_command(t: &Test, name: &str) -> Result<RawWorkbook, ReadError> {
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_assess"))
        .args(["read-one", name])
        .current_dir(t.path("."))
        .output()
        .expect("assess runs");
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut answers = isolate::answers_in(&run.stdout);
    assert_eq!(answers.len(), 1, "one answer");
    answers.remove(0)
}

/// A zip with these `(name, bytes)` parts, deflated (the first stored, as ods wants its mimetype).
fn write_zip(path: &Path, parts: &[(&str, &[u8])]) {
    let file = std::fs::File::create(path).expect("create");
    let mut zip = zip::ZipWriter::new(file);
    for (i, (name, bytes)) in parts.iter().enumerate() {
        let method = if i == 0 {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        zip.start_file(
            *name,
            SimpleFileOptions::default().compression_method(method),
        )
        .expect("part");
        zip.write_all(bytes).expect("write");
    }
    zip.finish().expect("finish");
}

/// The sheet called `name`.
fn sheet<'a>(book: &'a RawWorkbook, name: &str) -> &'a RawSheet {
    book.sheets
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("sheet {name} in {:?}", book.sheets))
}

/// The cell at `(row, col)`, 0-based absolute.
fn cell(sheet: &RawSheet, row: u32, col: u32) -> &county_assess::ingest::RawCell {
    sheet
        .cells
        .iter()
        .find(|c| (c.row, c.col) == (row, col))
        .unwrap_or_else(|| panic!("no cell at {row},{col} in {:?}", sheet.cells))
}

#[test]
fn an_empty_file_is_reported_empty() {
    let t = Test::new();
    std::fs::write(t.path("empty.xlsx"), b"").expect("write");
    assert_eq!(read(&t.path("empty.xlsx")), Err(ReadError::Empty));
    assert_eq!(read_one_command(&t, "empty.xlsx"), Err(ReadError::Empty));
}

#[test]
fn random_bytes_are_not_a_spreadsheet() {
    let t = Test::new();
    let mut x: u32 = 2021;
    let bytes: Vec<u8> = (0..4096)
        .map(|_| {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (x >> 24) as u8
        })
        .collect();
    assert!(!bytes.starts_with(b"PK") && bytes[0] != 0xD0);
    std::fs::write(t.path("random.xlsx"), &bytes).expect("write");
    let expected = Err(ReadError::NotSpreadsheet(
        "the content is neither an Excel nor an OpenDocument workbook".to_string(),
    ));
    assert_eq!(read(&t.path("random.xlsx")), expected);
    assert_eq!(read_one_command(&t, "random.xlsx"), expected);
}

#[test]
fn a_web_page_named_xls_is_not_a_spreadsheet() {
    let t = Test::new();
    std::fs::write(
        t.path("导出.xls"),
        "<html><body><table><tr><td>1</td></tr></table></body></html>",
    )
    .expect("write");
    assert_eq!(
        read(&t.path("导出.xls")),
        Err(ReadError::NotSpreadsheet(
            "a web page (HTML) with a spreadsheet name; open it in Excel and save it as .xlsx"
                .to_string()
        ))
    );
}

#[test]
fn other_extensions_are_not_read() {
    let t = Test::new();
    std::fs::write(t.path("填报.et"), b"whatever").expect("write");
    assert_eq!(
        read(&t.path("填报.et")),
        Err(ReadError::NotSpreadsheet(
            "`.et` files are not read; expected .xlsx, .xlsm, .xls or .ods".to_string()
        ))
    );
}

#[test]
fn a_zip_without_a_workbook_is_not_a_spreadsheet() {
    let t = Test::new();
    write_zip(&t.path("notes.xlsx"), &[("notes.txt", b"hello")]);
    let result = read(&t.path("notes.xlsx"));
    assert!(
        matches!(&result, Err(ReadError::NotSpreadsheet(text)) if text.starts_with("a zip archive without")),
        "{result:?}"
    );
}

#[test]
fn a_truncated_xlsx_is_corrupt() {
    let t = Test::new();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for row in 0..200 {
        sheet.write_number(row, 0, f64::from(row)).expect("cell");
    }
    let bytes = book.save_to_buffer().expect("xlsx");
    std::fs::write(t.path("half.xlsx"), &bytes[..bytes.len() / 2]).expect("write");
    let result = read(&t.path("half.xlsx"));
    assert!(
        matches!(&result, Err(ReadError::Corrupt(text)) if text.starts_with("the zip container cannot be opened")),
        "{result:?}"
    );
}

/// Bits packed least significant first, as deflate wants them.
#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    acc: u64,
    len: u32,
}

impl Bits {
    fn put(&mut self, value: u32, count: u32) {
        self.acc |= u64::from(value) << self.len;
        self.len += count;
        while self.len >= 8 {
            self.out.push((self.acc & 0xFF) as u8);
            self.acc >>= 8;
            self.len -= 8;
        }
    }

    /// A Huffman code: deflate sends it most significant bit first.
    fn code(&mut self, code: u32, count: u32) {
        self.put(code.reverse_bits() >> (32 - count), count);
    }

    fn finish(mut self) -> Vec<u8> {
        if self.len > 0 {
            self.out.push((self.acc & 0xFF) as u8);
        }
        self.out
    }
}

/// A deflate stream of `n` zeros, as a zip bomb holds: one dynamic block whose
/// only codes are literal 0 (`10`), end of block (`11`) and length 258 (`0`)
/// at distance 1 (`0`) — 2 bits for every 258 bytes, about 1032 : 1.
/// (Compressing 200 MB with the zip writer takes half a minute in a debug build.)
fn deflate_zeros(n: u64) -> Vec<u8> {
    let mut bits = Bits::default();
    bits.put(1, 1); // last block
    bits.put(2, 2); // dynamic Huffman codes
    bits.put(286 - 257, 5); // 286 literal/length codes
    bits.put(0, 5); // 1 distance code
    bits.put(18 - 4, 4); // 18 code-length codes, in deflate's order:
    for symbol in [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1] {
        // code-length codes: 18 (a run of zeros) `0`, length 1 `10`, length 2 `11`
        let len = match symbol {
            18 => 1,
            1 | 2 => 2,
            _ => 0,
        };
        bits.put(len, 3);
    }
    let length_2 = |bits: &mut Bits| bits.code(0b11, 2);
    let length_1 = |bits: &mut Bits| bits.code(0b10, 2);
    let zeros = |bits: &mut Bits, run: u32| {
        bits.code(0, 1);
        bits.put(run - 11, 7);
    };
    length_2(&mut bits); // literal 0
    zeros(&mut bits, 138); // literals 1..=138
    zeros(&mut bits, 117); // literals 139..=255
    length_2(&mut bits); // end of block
    zeros(&mut bits, 28); // lengths 257..=284
    length_1(&mut bits); // length 258
    length_1(&mut bits); // distance 1
    // the data
    bits.code(0b10, 2); // a literal 0
    let mut left = n - 1;
    while left >= 258 {
        bits.code(0, 1); // length 258
        bits.code(0, 1); // distance 1
        left -= 258;
    }
    for _ in 0..left {
        bits.code(0b10, 2);
    }
    bits.code(0b11, 2); // end of block
    bits.finish()
}

/// CRC-32 of `n` zero bytes, without passing over them: the register after
/// one more zero bit is linear in the register, so the operator for `8n` bits
/// is built by squaring.
fn crc32_of_zeros(n: u64) -> u32 {
    fn apply(op: &[u32; 32], v: u32) -> u32 {
        (0..32)
            .filter(|i| v >> i & 1 == 1)
            .fold(0, |r, i| r ^ op[i as usize])
    }
    let mut op = [0_u32; 32];
    op[0] = 0xEDB8_8320;
    for (i, column) in op.iter_mut().enumerate().skip(1) {
        *column = 1 << (i - 1);
    }
    let mut register = 0xFFFF_FFFF;
    let mut count = n * 8;
    while count > 0 {
        if count & 1 == 1 {
            register = apply(&op, register);
        }
        let square = op.map(|column| apply(&op, column));
        op = square;
        count >>= 1;
    }
    !register
}

/// A zip with one deflated part `name` of `n` zeros, built by hand.
pub(crate) fn write_zip_of_zeros(path: &Path, name: &str, n: u64) {
    let data = deflate_zeros(n);
    let crc = crc32_of_zeros(n);
    let packed = u32::try_from(data.len()).expect("small");
    let unpacked = u32::try_from(n).expect("under 4 GB");
    let name_len = u16::try_from(name.len()).expect("short name");
    let mut zip = Vec::new();
    // local header
    zip.extend(0x0403_4b50_u32.to_le_bytes());
    zip.extend(20_u16.to_le_bytes()); // version needed
    zip.extend(0_u16.to_le_bytes()); // flags
    zip.extend(8_u16.to_le_bytes()); // deflated
    zip.extend([0, 0, 0x21, 0]); // 1980-01-01 00:00
    zip.extend(crc.to_le_bytes());
    zip.extend(packed.to_le_bytes());
    zip.extend(unpacked.to_le_bytes());
    zip.extend(name_len.to_le_bytes());
    zip.extend(0_u16.to_le_bytes()); // extra
    zip.extend(name.as_bytes());
    zip.extend(&data);
    // central directory
    let directory_at = u32::try_from(zip.len()).expect("small");
    zip.extend(0x0201_4b50_u32.to_le_bytes());
    zip.extend(20_u16.to_le_bytes()); // made by
    zip.extend(20_u16.to_le_bytes()); // needed
    zip.extend(0_u16.to_le_bytes());
    zip.extend(8_u16.to_le_bytes());
    zip.extend([0, 0, 0x21, 0]);
    zip.extend(crc.to_le_bytes());
    zip.extend(packed.to_le_bytes());
    zip.extend(unpacked.to_le_bytes());
    zip.extend(name_len.to_le_bytes());
    zip.extend([0; 12]); // extra, comment, disk, internal and external attributes
    zip.extend(0_u32.to_le_bytes()); // local header at 0
    zip.extend(name.as_bytes());
    let directory_len = u32::try_from(zip.len()).expect("small") - directory_at;
    // end of central directory
    zip.extend(0x0605_4b50_u32.to_le_bytes());
    zip.extend([0; 4]); // disks
    zip.extend(1_u16.to_le_bytes());
    zip.extend(1_u16.to_le_bytes());
    zip.extend(directory_len.to_le_bytes());
    zip.extend(directory_at.to_le_bytes());
    zip.extend(0_u16.to_le_bytes());
    std::fs::write(path, zip).expect("write");
}

#[test]
fn the_hand_made_zip_of_zeros_is_a_valid_zip() {
    use std::io::Read;
    let t = Test::new();
    let path = t.path("zeros.zip");
    let n = 3 * 258 * 1000 + 77;
    write_zip_of_zeros(&path, "zeros.bin", n);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).expect("open")).expect("zip");
    let mut bytes = Vec::new();
    zip.by_index(0)
        .expect("part")
        .read_to_end(&mut bytes)
        .expect("unpacks, with a matching CRC");
    assert_eq!(bytes.len() as u64, n);
    assert!(bytes.iter().all(|&b| b == 0));
}

#[test]
fn a_zip_bomb_is_too_large_before_anything_unpacks_it() {
    // 200 MiB of zeros as the shared strings, in about 200 KB
    let t = Test::new();
    let path = t.path("bomb.xlsx");
    write_zip_of_zeros(&path, "xl/sharedStrings.xml", 200 << 20);
    assert!(std::fs::metadata(&path).expect("size").len() < 1 << 20);
    let result = read_child(&path, &limits());
    assert!(
        matches!(&result, Err(ReadError::TooLarge(text)) if text.starts_with("the part `xl/sharedStrings.xml` unpacks") && text.contains("a zip bomb")),
        "{result:?}"
    );
}

#[test]
fn an_ole_file_named_xlsx_is_password_protected() {
    let t = Test::new();
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.resize(4096, 0);
    std::fs::write(t.path("加密.xlsx"), &bytes).expect("write");
    assert_eq!(read(&t.path("加密.xlsx")), Err(ReadError::Encrypted));
}

#[test]
fn an_encrypted_ods_is_password_protected() {
    let t = Test::new();
    let manifest = br#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">
  <manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"/>
 </manifest:file-entry>
</manifest:manifest>"#;
    write_zip(
        &t.path("加密.ods"),
        &[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            ("META-INF/manifest.xml", manifest),
            ("content.xml", b"\x00\x01 encrypted bytes"),
        ],
    );
    assert_eq!(read(&t.path("加密.ods")), Err(ReadError::Encrypted));
}

#[test]
fn cells_at_a1_and_xfd1048576_are_read_at_once() {
    // calamine's worksheet_range would allocate 549 GB for this 5 KB file and abort.
    let t = Test::new();
    let path = t.path("corners.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "A1").expect("A1");
    sheet
        .write_string(1_048_575, 16_383, "XFD1048576")
        .expect("XFD1048576");
    book.save(&path).expect("save");
    assert!(std::fs::metadata(&path).expect("size").len() < 10_000);

    let scan = county_assess::ingest::prescan::scan(&path).expect("pre-scan");
    assert_eq!(
        scan.dimensions,
        [(
            "xl/worksheets/sheet1.xml".to_string(),
            "A1:XFD1048576".to_string()
        )]
    );

    let result = read_child(&path, &limits());
    let book = result.expect("read");
    let cells: Vec<(u32, u32, &CellValue)> = book.sheets[0]
        .cells
        .iter()
        .map(|c| (c.row, c.col, &c.value))
        .collect();
    assert_eq!(
        cells,
        [
            (0, 0, &CellValue::Text("A1".to_string())),
            (
                1_048_575,
                16_383,
                &CellValue::Text("XFD1048576".to_string())
            ),
        ]
    );
    // in this process too: streaming never allocates the declared extent
    assert_eq!(read_workbook(&path).expect("in process"), book);
}

/// A submission-like workbook: data from C5, a merged title, a formula with its
/// cached value, a number typed as text, a custom property.
fn write_submission(path: &Path) {
    let mut book = Workbook::new();
    book.set_properties(&DocProperties::new().set_custom_property("assess-unit-code", "130123"));
    let sheet = book.add_worksheet().set_name("填报").expect("name");
    // C5:E5 merged title
    sheet
        .merge_range(4, 2, 4, 4, "正定县 2025", &Format::new())
        .expect("merge");
    // C6 人数, D6 12, E6 "125000" typed as text
    sheet.write_string(5, 2, "人数").expect("C6");
    sheet.write_number(5, 3, 12).expect("D6");
    sheet.write_string(5, 4, "125000").expect("E6");
    // C7 合计, D7 =D6*2 with its cached 24
    sheet.write_string(6, 2, "合计").expect("C7");
    sheet
        .write_formula(6, 3, Formula::new("=D6*2").set_result("24"))
        .expect("D7");
    book.save(path).expect("save");
}

/// What every format must give for [`write_submission`].
fn check_submission(book: &RawWorkbook) {
    let s = sheet(book, "填报");
    assert_eq!(
        cell(s, 4, 2).value,
        CellValue::Text("正定县 2025".to_string()),
        "C5"
    );
    assert_eq!(cell(s, 5, 2).value, CellValue::Text("人数".to_string()));
    assert_eq!(cell(s, 5, 3).value, CellValue::Number(12.0), "D6");
    assert_eq!(
        cell(s, 5, 4).value,
        CellValue::Text("125000".to_string()),
        "E6 stays text"
    );
    assert_eq!(cell(s, 6, 3).value, CellValue::Number(24.0), "D7 cached");
    let formula = cell(s, 6, 3).formula.clone().expect("D7 formula");
    assert!(formula.contains("D6") && formula.contains('2'), "{formula}");
    assert!(
        s.cells.iter().all(|c| c.row >= 4 && c.col >= 2),
        "nothing before C5"
    );
    assert_eq!(
        book.properties.get("assess-unit-code").map(String::as_str),
        Some("130123")
    );
}

#[test]
fn a_submission_reads_with_absolute_positions_formulas_merges_and_properties() {
    let t = Test::new();
    let path = t.path("正定县.xlsx");
    write_submission(&path);
    let book = read(&path).expect("read");
    assert_eq!(book.format, "xlsx");
    check_submission(&book);
    let s = sheet(&book, "填报");
    assert_eq!(cell(s, 6, 3).formula.as_deref(), Some("D6*2"));
    assert_eq!(
        s.merged,
        [Merged {
            first_row: 4,
            first_col: 2,
            last_row: 4,
            last_col: 4
        }]
    );
    assert_eq!(s.cells.len(), 6);
    assert_eq!(read_one_command(&t, "正定县.xlsx"), Ok(book));
}

#[test]
fn the_same_submission_saved_as_ods_and_xls_by_libreoffice_reads_the_same() {
    let t = Test::new();
    let path = t.path("正定县.xlsx");
    write_submission(&path);
    let out = t.path("converted");
    std::fs::create_dir(&out).expect("dir");
    for format in ["ods", "xls"] {
        let Some(converted) = soffice_convert(&path, format, &out) else {
            return;
        };
        let book = read(&converted).unwrap_or_else(|e| panic!("{format}: {e}"));
        assert_eq!(book.format, format);
        check_submission(&book);
        // C5:E5 merged: calamine for xls, content.xml's spans for ods (calamine reads none there)
        assert_eq!(
            sheet(&book, "填报").merged,
            [Merged {
                first_row: 4,
                first_col: 2,
                last_row: 4,
                last_col: 4
            }],
            "{format}"
        );
    }
}

#[test]
fn a_big_answer_does_not_block_the_pipe() {
    let t = Test::new();
    let path = t.path("big.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    // 40,000 numbers: about 2 MB of JSON, far beyond a pipe's 64 KB
    for row in 0..200 {
        for col in 0..200 {
            sheet
                .write_number(row, col, f64::from(row * 1000 + u32::from(col)))
                .expect("cell");
        }
    }
    book.save(&path).expect("save");
    let book = read(&path).expect("read");
    assert_eq!(book.sheets[0].cells.len(), 40_000);
    assert_eq!(
        book.sheets[0].cells[40_000 - 1].value,
        CellValue::Number(199_199.0)
    );
}

#[test]
fn numbers_cross_the_pipe_bit_for_bit() {
    let t = Test::new();
    let path = t.path("digits.xlsx");
    let numbers = [
        0.1 + 0.2,
        1.0 / 3.0,
        12_345.686_894_208_713,
        19_871.599_228_636_038,
    ];
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (row, number) in (0..).zip(numbers) {
        sheet.write_number(row, 0, number).expect("cell");
    }
    book.save(&path).expect("save");
    let book = read(&path).expect("read");
    let read: Vec<CellValue> = book.sheets[0]
        .cells
        .iter()
        .map(|c| c.value.clone())
        .collect();
    let written: Vec<CellValue> = numbers.into_iter().map(CellValue::Number).collect();
    assert_eq!(read, written);
}

/// An ods whose only sheet is one non-empty cell repeated `rows` × 16384 times.
pub(crate) fn write_repeated_ods(path: &Path, rows: u32) {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet><table:table table:name="Sheet1">
<table:table-row table:number-rows-repeated="{rows}"><table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = br#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"#;
    write_zip(
        path,
        &[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            ("META-INF/manifest.xml", manifest),
            ("content.xml", content.as_bytes()),
        ],
    );
}

#[test]
fn an_ods_declaring_every_cell_of_the_sheet_is_too_large() {
    // 1048576 × 16384 cells: calamine refuses beyond 100 million
    let t = Test::new();
    let path = t.path("everything.ods");
    write_repeated_ods(&path, 1_048_576);
    // a time limit far above any load: the memory limit is what is tested
    let small = Limits {
        seconds: 300,
        memory_mb: 256,
    };
    let result = read_child(&path, &small);
    assert_eq!(
        result,
        Err(ReadError::TooLarge(
            "a sheet spans 17179869184 cells once repeated rows and columns are expanded; the limit is 100000000".to_string()
        ))
    );
}

#[test]
fn a_reader_over_its_memory_limit_is_reported_and_the_caller_survives() {
    // 6000 × 16384 = 98 million cells, under calamine's own limit: about 3 GB
    // once expanded. The child stops at its limit; this process goes on.
    let t = Test::new();
    let path = t.path("huge.ods");
    write_repeated_ods(&path, 6000);
    // a time limit far above any load: the memory limit is what is tested
    let small = Limits {
        seconds: 300,
        memory_mb: 256,
    };
    let result = read_child(&path, &small);
    if cfg!(unix) {
        assert!(
            matches!(&result, Err(ReadError::Crashed(text)) if text.starts_with("it ran out of memory, over the limit of 256 MiB")),
            "{result:?}"
        );
    }
    // and the next file reads as usual
    let ok = t.path("ok.xlsx");
    write_submission(&ok);
    assert!(read(&ok).is_ok());
}

#[test]
fn the_memory_limit_comes_from_the_environment_of_read_one() {
    // the same file through the command, with the limit set by the variable
    let t = Test::new();
    write_repeated_ods(&t.path("huge.ods"), 6000);
    let output = std::process::Command::new(assess())
        .args(["read-one", "huge.ods"])
        .env("ASSESS_READ_MEMORY_MB", "256")
        .current_dir(t.dir.path())
        .output()
        .expect("assess runs");
    if cfg!(unix) {
        assert!(!output.status.success(), "stopped by its limit");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("memory allocation of"),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// A shell script standing in for `assess`, to see how the parent handles a child.
#[cfg(unix)]
fn fake_reader(t: &Test, name: &str, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = t.path(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("script");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    path
}

/// Any readable file: the pre-scan runs before the child.
#[cfg(unix)]
fn some_xlsx(t: &Test) -> PathBuf {
    let path = t.path("some.xlsx");
    write_submission(&path);
    path
}

#[cfg(unix)]
#[test]
fn a_reader_that_hangs_is_killed_at_the_time_limit() {
    let t = Test::new();
    let file = some_xlsx(&t);
    let one_second = Limits {
        seconds: 1,
        memory_mb: 2048,
    };
    // the result itself says the child was stopped at the limit: it sleeps 30 s
    let exe = fake_reader(&t, "slow", "exec sleep 30");
    assert_eq!(
        read_isolated_with(&exe, &file, &one_second),
        Err(ReadError::Timeout(1))
    );
    // a child that leaves something behind holding its output open
    let exe = fake_reader(&t, "leaves", "sleep 3 & exit 0");
    assert_eq!(
        read_isolated_with(&exe, &file, &one_second),
        Err(ReadError::Timeout(1))
    );
}

#[cfg(unix)]
#[test]
fn a_reader_that_fails_is_reported_with_its_first_line() {
    let t = Test::new();
    let file = some_xlsx(&t);
    let exe = fake_reader(
        &t,
        "fails",
        "echo 'boom: no luck' >&2; echo more >&2; exit 3",
    );
    assert_eq!(
        read_isolated_with(&exe, &file, &limits()),
        Err(ReadError::Crashed("exit code 3: boom: no luck".to_string()))
    );
    let exe = fake_reader(&t, "aborts", "kill -ABRT $$");
    assert_eq!(
        read_isolated_with(&exe, &file, &limits()),
        Err(ReadError::Crashed(
            "killed by signal 6 (SIGABRT)".to_string()
        ))
    );
    let exe = fake_reader(&t, "babbles", "echo 'not json'");
    let result = read_isolated_with(&exe, &file, &limits());
    assert!(
        matches!(&result, Err(ReadError::Crashed(text)) if text.starts_with("its answer could not be understood")),
        "{result:?}"
    );
}

#[cfg(unix)]
#[test]
fn the_child_is_given_read_one_and_the_file_only() {
    let t = Test::new();
    let file = some_xlsx(&t);
    let args = t.path("args.txt");
    let exe = fake_reader(
        &t,
        "echoes",
        &format!(
            // the answer Err(Empty): 2 bytes (Result's variant 1, ReadError's variant 0)
            "echo \"$# $1 $2 $ASSESS_READ_MEMORY_MB\" > '{}'; printf '\\002\\000\\000\\000\\001\\000'",
            args.display()
        ),
    );
    let result = read_isolated_with(
        &exe,
        &file,
        &Limits {
            seconds: 20,
            memory_mb: 300,
        },
    );
    assert_eq!(result, Err(ReadError::Empty));
    assert_eq!(
        std::fs::read_to_string(&args).expect("args").trim(),
        format!("2 read-one {} 300", file.display())
    );
}

// ---------------------------------------------------------------------------
// The stated limits (`ingest/limits.rs`), each at its real value: beyond it a
// plain message, never an abort. (The cell limit is tested with a small cap
// in `ingest::read`; time and memory above, with a hanging reader and a
// 256 MiB limit.)

/// The parts of a zip, in order: `(name, bytes, deflated)`.
fn zip_parts(path: &Path) -> Vec<(String, Vec<u8>, bool)> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).expect("open")).expect("zip");
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).expect("part");
            let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
            let deflated = entry.compression() != zip::CompressionMethod::Stored;
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).expect("unpack");
            (name, bytes, deflated)
        })
        .collect()
}

fn write_parts(path: &Path, parts: &[(String, Vec<u8>, bool)]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).expect("create"));
    for (name, bytes, deflated) in parts {
        let method = if *deflated {
            zip::CompressionMethod::Deflated
        } else {
            zip::CompressionMethod::Stored
        };
        zip.start_file(
            name.as_str(),
            SimpleFileOptions::default().compression_method(method),
        )
        .expect("part");
        zip.write_all(bytes).expect("write");
    }
    zip.finish().expect("finish");
}

/// The sample submission of 正定县 for 2023.
fn sample() -> PathBuf {
    repo().join("samples/2023/2023-正定县-核心能力评估填报表.xlsx")
}

/// The summary line of `assess validate`.
fn summary_line(stdout: &str) -> &str {
    stdout
        .lines()
        .find(|l| l.starts_with("找到 "))
        .unwrap_or_else(|| panic!("no summary in:\n{stdout}"))
}

#[test]
fn a_file_over_the_size_limit_is_refused_with_its_size() {
    let t = Test::new();
    std::fs::create_dir(t.path("本年")).expect("dir");
    std::fs::copy(sample(), t.path("本年/正定县.xlsx")).expect("copy");
    // one byte over the limit, sparse (no disk used): refused from its size alone
    let path = t.path("本年/照片太多.xlsx");
    let file = std::fs::File::create(&path).expect("create");
    (&file).write_all(b"PK\x03\x04").expect("write");
    file.set_len(MAX_FILE_BYTES + 1).expect("size");
    let result = read_child(&path, &limits());
    assert_eq!(
        result,
        Err(ReadError::FileTooLarge {
            bytes: MAX_FILE_BYTES + 1,
            limit: MAX_FILE_BYTES
        })
    );
    let run = t.run(&["validate", "本年"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(
            "  [错误] 本年/照片太多.xlsx: 文件过大（100.1 MB，上限 100 MB），未读取；请删除不需要的图片或工作表后重新报送"
        ),
        "{}",
        run.stdout
    );
    assert!(
        summary_line(&run.stdout).starts_with("找到 2 个文件 = 读取 1 + 拒收 1 + 跳过 0"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_submission_with_60_mb_of_photos_reads_within_the_limits() {
    // the national case's largest files: a 43 KB template with photographs pasted in
    let t = Test::new();
    std::fs::create_dir(t.path("本年")).expect("dir");
    let path = t.path("本年/正定县.xlsx");
    let mut parts = zip_parts(&sample());
    let mut x: u64 = 2023;
    let photo: Vec<u8> = (0..60 << 20)
        .map(|_| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (x >> 56) as u8
        })
        .collect();
    parts.push(("xl/media/image1.jpeg".to_string(), photo, false));
    write_parts(&path, &parts);
    assert!(std::fs::metadata(&path).expect("size").len() > 60 << 20);
    let result = read_child(&path, &limits());
    assert!(result.is_ok(), "{result:?}");
    let run = t.run(&["validate", "本年"]);
    assert!(
        summary_line(&run.stdout).starts_with("找到 1 个文件 = 读取 1 + 拒收 0 + 跳过 0"),
        "{}",
        run.stdout
    );
}

/// The sample with its grassroots list (基层组织) grown to `rows` filled rows,
/// each new one holding a name only (a full row of 12 cells reads 15 times
/// slower in a debug build; the row count is what is limited).
fn with_grassroots_rows(path: &Path, rows: usize) {
    let book = read_workbook(&sample()).expect("sample");
    assert_eq!(book.sheets[2].name, "基层组织", "the third sheet");
    let list = sheet(&book, "基层组织");
    let mut filled: Vec<u32> = list.cells.iter().map(|c| c.row).collect();
    filled.dedup();
    let last = *filled.last().expect("rows");
    let mut added = String::new();
    for i in 0..rows - filled.len() {
        let r = last + 2 + u32::try_from(i).expect("small");
        added.push_str(&format!(
            "<row r=\"{r}\"><c r=\"B{r}\" t=\"inlineStr\"><is><t>第{r}村红十字会</t></is></c></row>"
        ));
    }
    let mut parts = zip_parts(&sample());
    let (_, xml, _) = parts
        .iter_mut()
        .find(|(name, _, _)| name == "xl/worksheets/sheet3.xml")
        .expect("sheet3");
    let text = String::from_utf8(std::mem::take(xml)).expect("utf-8");
    *xml = text
        .replacen("</sheetData>", &format!("{added}</sheetData>"), 1)
        .into_bytes();
    write_parts(path, &parts);
}

/// `assess ARGS` in the test's folder with a time limit for reading of
/// `seconds`: a debug build reads the largest lists about 15 times slower
/// than a release build, and the tests run side by side.
fn run_with_read_seconds(t: &Test, args: &[&str], seconds: u64) -> crate::common::Run {
    let output = std::process::Command::new(assess())
        .args(args)
        .env("ASSESS_READ_SECONDS", seconds.to_string())
        .current_dir(t.dir.path())
        .output()
        .expect("assess runs");
    crate::common::Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn a_grassroots_list_over_the_row_limit_is_named_with_its_sheet() {
    let t = Test::new();
    std::fs::create_dir(t.path("本年")).expect("dir");
    with_grassroots_rows(&t.path("本年/正定县.xlsx"), MAX_SHEET_ROWS + 1);
    let run = run_with_read_seconds(&t, &["validate", "本年"], 300);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let expected = format!(
        "  [错误] 本年/正定县.xlsx: 工作表“基层组织”有 {} 行内容，超出上限 {MAX_SHEET_ROWS} 行，未读取；请删除误粘贴的内容后重新报送",
        MAX_SHEET_ROWS + 1
    );
    assert!(run.stdout.contains(&expected), "{}", run.stdout);
    assert!(
        summary_line(&run.stdout).starts_with("找到 1 个文件 = 读取 0 + 拒收 1 + 跳过 0"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_grassroots_list_at_the_row_limit_is_read() {
    let t = Test::new();
    let path = t.path("正定县.xlsx");
    with_grassroots_rows(&path, MAX_SHEET_ROWS);
    let generous = Limits {
        seconds: 300,
        memory_mb: 2048,
    };
    let result = read_child(&path, &generous);
    let book = result.expect("read");
    let list = sheet(&book, "基层组织");
    let mut rows: Vec<u32> = list.cells.iter().map(|c| c.row).collect();
    rows.dedup();
    assert_eq!(rows.len(), MAX_SHEET_ROWS);
    let last = list.cells.last().expect("a cell");
    assert_eq!(
        last.value,
        CellValue::Text(format!("第{}村红十字会", last.row + 1))
    );
    if !cfg!(debug_assertions) {}
}

#[test]
fn a_run_with_more_files_than_the_limit_stops_before_reading() {
    // a whole folder tree given by mistake: it stops at the limit, before reading anything
    let t = Test::new();
    let dir = t.path("整个硬盘");
    std::fs::create_dir(&dir).expect("dir");
    for i in 0..=MAX_FILES {
        std::fs::write(dir.join(format!("{i:05}.txt")), b"").expect("file");
    }
    let run = t.run(&["validate", "整个硬盘"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stderr.trim(),
        "错误：无法读取所给的文件或文件夹: more than 10000 files found, the limit of one run; nothing was read: give only the folder with the year's submissions"
    );
    assert_eq!(run.stdout, "");
    // at the limit the run goes on: every file accounted for
    std::fs::remove_file(dir.join("00000.txt")).expect("remove");
    let run = t.run(&["validate", "整个硬盘"]);
    assert!(
        summary_line(&run.stdout).starts_with("找到 10000 个文件 = 读取 0 + 拒收 0 + 跳过 10000"),
        "{}{}",
        run.stdout,
        run.stderr
    );
}

// ---------------------------------------------------------------------------
// Inputs found by the fuzzer (`examples/fuzz/`), kept in tests/data/fuzz/
// (see the README there): each is refused with a plain message, quickly, and
// the parent goes on.

fn fuzz_input(name: &str) -> PathBuf {
    repo().join("tests/data/fuzz").join(name)
}

/// `assess validate 本年` with `file` alone in it, killed after `seconds`
/// (a regression would otherwise hang the test run): its stdout.
fn validate_alone_within(file: &Path, seconds: u64) -> String {
    let t = Test::new();
    std::fs::create_dir(t.path("本年")).expect("dir");
    std::fs::copy(file, t.path("本年").join(file.file_name().expect("name"))).expect("copy");
    let mut child = std::process::Command::new(assess())
        .args(["validate", "本年"])
        .current_dir(t.dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("assess runs");
    let started = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if started.elapsed() > Duration::from_secs(seconds) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`assess validate` took over {seconds} s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().expect("output");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// [`validate_alone_within`] 30 s, where the file must be refused and
/// counted (`拒收 1`): its stdout, for the line about the file.
fn refused_by_the_parent(file: &Path) -> String {
    let out = validate_alone_within(file, 30);
    assert!(
        summary_line(&out).starts_with("找到 1 个文件 = 读取 0 + 拒收 1 + 跳过 0"),
        "{out}"
    );
    out
}

#[test]
fn fuzz_a_huge_count_of_shared_strings_is_damage_not_an_abort() {
    // `<sst uniqueCount="4294967296">` in a part of 108 bytes: calamine reserved
    // 103 GB for the strings before reading one, and the reader aborted
    let path = fuzz_input("shared-strings-count.xlsx");
    let expected = Err(ReadError::Corrupt(
        "the part `xl/sharedStrings.xml` declares 4294967296 strings, more than its 108 bytes can hold"
            .to_string(),
    ));
    let result = read_child(&path, &limits());
    assert_eq!(result, expected);
    let out = refused_by_the_parent(&path);
    assert!(
        out.contains("  [错误] 本年/shared-strings-count.xlsx: 文件已损坏或不完整，未读取；请重新报送（技术原因可用 --lang en 查看）"),
        "{out}"
    );
}

#[test]
fn fuzz_a_cell_beyond_the_last_row_is_damage_not_a_hang() {
    // a sample whose 基层组织!A246 became `A18446744073709551615`: calamine
    // placed it in row 4294967295 and the parent walked the list's rows up to
    // it (hours); the reader now refuses it
    let path = fuzz_input("row-beyond-the-sheet.xlsx");
    let result = read_child(&path, &limits());
    let refused = match &result {
        Err(ReadError::Corrupt(text)) => {
            text == "sheet `基层组织`: a cell at row 4294967295, column 1 lies beyond the last cell of a sheet, XFD1048576"
        }
        // in a debug build calamine's own arithmetic overflows on the reference first (a panic, caught)
        Err(ReadError::Crashed(text)) => cfg!(debug_assertions) && text.contains("overflow"),
        _ => false,
    };
    assert!(refused, "{result:?}");
    let out = refused_by_the_parent(&path);
    assert!(
        out.lines()
            .any(|l| l.starts_with("  [错误] 本年/row-beyond-the-sheet.xlsx: ")),
        "{out}"
    );
}

#[test]
fn fuzz_an_ods_that_never_finishes_reading_is_stopped_at_the_time_limit() {
    // `</table:table>` cut to `</table:t`: calamine's ods reader loops for
    // ever (a bug of calamine 0.38); the time limit stops it and the caller goes on
    let path = fuzz_input("ods-unclosed-table.ods");
    let two_seconds = Limits {
        seconds: 2,
        memory_mb: 2048,
    };
    let result = read_child(&path, &two_seconds);
    assert_eq!(result, Err(ReadError::Timeout(2)));
    let t = Test::new();
    let ok = t.path("ok.xlsx");
    write_submission(&ok);
    assert!(read(&ok).is_ok());
}

#[test]
fn fuzz_a_workbook_of_25000_sheets_is_too_large_not_a_panic() {
    // one <sheet> of workbook.xml repeated: calamine read the same part again
    // and again until its decompressor failed an assertion (a panic, caught)
    let path = fuzz_input("25000-sheets.xlsx");
    let result = read_child(&path, &limits());
    assert_eq!(
        result,
        Err(ReadError::TooLarge(
            "the workbook has 23441 sheets; the limit is 1000".to_string()
        ))
    );
}

#[test]
fn the_sheet_count_is_refused_by_the_prescan_before_calamine_opens_the_file() {
    // 23,441 <sheet> elements in workbook.xml (each with its sheetId): the
    // pre-scan counts them and refuses the file itself, so the refusal does
    // not wait for calamine to list the sheets
    let path = fuzz_input("25000-sheets.xlsx");
    let scanned = county_assess::ingest::prescan::scan(&path).map(|_| ());
    assert_eq!(
        scanned,
        Err(ReadError::TooLarge(
            "the workbook has 23441 sheets; the limit is 1000".to_string()
        ))
    );
    // an ordinary submission passes it
    let t = Test::new();
    let ok = t.path("ok.xlsx");
    write_submission(&ok);
    assert!(county_assess::ingest::prescan::scan(&ok).is_ok());
}

#[test]
fn fuzz_an_xls_asking_for_137_gb_stops_the_reader_and_not_the_parent() {
    // a LibreOffice xls with one field of a cell record changed: calamine
    // builds each xls sheet densely when the file is opened and asks for
    // 137 GB; the reader aborts (over its memory limit, or the allocation
    // fails) and the parent reports the file
    let path = fuzz_input("xls-huge-range.xls");
    let result = read_child(&path, &limits());
    assert!(
        matches!(&result, Err(ReadError::Crashed(text)) if !cfg!(unix) || text.starts_with("it ran out of memory, over the limit of 2048 MiB")),
        "{result:?}"
    );
    let out = refused_by_the_parent(&path);
    assert!(
        out.contains("  [错误] 本年/xls-huge-range.xls: 读取时出错，未读取"),
        "{out}"
    );
}

#[test]
fn fuzz_a_truncated_xls_is_reported_when_calamine_panics_on_it() {
    // a LibreOffice xls cut at 66,558 bytes: calamine's xls reader fails an
    // assertion (a panic, caught in the reader); the parent reports the file
    let path = fuzz_input("xls-truncated.xls");
    let result = read_child(&path, &limits());
    assert!(
        matches!(&result, Err(ReadError::Crashed(text)) if text.starts_with("the spreadsheet library failed on this file: ")),
        "{result:?}"
    );
    let out = refused_by_the_parent(&path);
    assert!(
        out.contains("  [错误] 本年/xls-truncated.xls: 读取时出错，未读取；请检查文件（技术原因可用 --lang en 查看）"),
        "{out}"
    );
}

#[test]
fn in_a_batch_a_file_that_hangs_or_kills_the_reader_is_blamed_alone() {
    // one child reads the batch in order; the ods that never finishes is
    // stopped at the (per-file) time limit and the xls asking for 137 GB
    // kills its child: each gets its own error, and the files after each go
    // to a new child and are read
    let two_seconds = Limits {
        seconds: 2,
        memory_mb: 2048,
    };
    let files = [
        sample(),
        fuzz_input("ods-unclosed-table.ods"),
        sample(),
        fuzz_input("xls-huge-range.xls"),
        sample(),
    ];
    let answers = read_all_isolated_with(assess(), &files, &two_seconds);
    assert_eq!(answers.len(), 5);
    let direct = read(&sample()).expect("the sample reads");
    assert_eq!(answers[0].as_ref(), Ok(&direct));
    assert_eq!(answers[1], Err(ReadError::Timeout(2)));
    assert_eq!(answers[2].as_ref(), Ok(&direct));
    assert!(
        matches!(&answers[3], Err(ReadError::Crashed(_))),
        "{:?}",
        answers[3].as_ref().map(|_| ())
    );
    assert_eq!(answers[4].as_ref(), Ok(&direct));
}

/// The sample with `areas` merged areas and one cell in Excel's last row on its
/// grassroots list: both allowed by Excel, both within every limit.
fn with_merged_areas_and_a_far_cell(path: &Path, areas: u32) {
    let mut parts = zip_parts(&sample());
    let (_, xml, _) = parts
        .iter_mut()
        .find(|(name, _, _)| name == "xl/worksheets/sheet3.xml")
        .expect("基层组织");
    let text = String::from_utf8(std::mem::take(xml)).expect("utf-8");
    let merged: String = (1..=areas)
        .map(|r| format!("<mergeCell ref=\"M{r}:N{r}\"/>"))
        .collect();
    let far = r#"<row r="1048576"><c r="B1048576" t="inlineStr"><is><t>x</t></is></c></row>"#;
    *xml = text
        .replacen("</sheetData>", &format!("{far}</sheetData>"), 1)
        .replacen("</mergeCells>", &format!("{merged}</mergeCells>"), 1)
        .into_bytes();
    write_parts(path, &parts);
}

#[test]
fn fuzz_many_merged_areas_and_a_cell_in_the_last_row_do_not_hold_the_parent() {
    let t = Test::new();
    let path = t.path("merged.xlsx");
    with_merged_areas_and_a_far_cell(&path, 1_000);
    assert!(std::fs::metadata(&path).expect("size").len() < 100_000);
    let out = validate_alone_within(&path, 20);
    assert!(
        summary_line(&out).starts_with("找到 1 个文件 = 读取 1"),
        "{out}"
    );
}

// ---------------------------------------------------------------------------
// Input files are never modified.

/// SHA-256 and modification time of every file under `dir`, by path.
fn fingerprints(
    dir: &Path,
) -> std::collections::BTreeMap<PathBuf, (Vec<u8>, std::time::SystemTime)> {
    use sha2::{Digest, Sha256};
    files_under(dir)
        .into_iter()
        .map(|(path, bytes)| {
            let modified = std::fs::metadata(dir.join(&path))
                .and_then(|m| m.modified())
                .expect("mtime");
            (path, (Sha256::digest(&bytes).to_vec(), modified))
        })
        .collect()
}

#[test]
fn reading_and_running_never_modify_the_input_files() {
    let t = Test::new();
    // this year, and last year's beside it (read for running totals and changes)
    for year in ["2022", "2023"] {
        copy_dir(&t, &format!("samples/{year}"), &format!("报送/{year}"));
    }
    let before = fingerprints(&t.path("报送"));
    assert_eq!(before.len(), 44, "22 files a year");
    let commands: [&[&str]; 4] = [
        &[
            "run",
            "报送/2023",
            "-o",
            "结果/评估.xlsx",
            "--per-unit",
            "结果/反馈单",
            "--export",
            "结果/全部.csv",
            "--public",
            "结果/公开.xlsx",
            "--attachment",
            "结果/内部.xlsx",
            "--bulletin",
            "结果/通报.docx",
        ],
        &["validate", "报送/2023", "--report", "结果/审核意见.xlsx"],
        &[
            "review",
            "--year",
            "2023",
            "报送/2023",
            "-o",
            "结果/复核.xlsx",
        ],
        &["trend", "报送", "-o", "结果/趋势.xlsx"],
    ];
    for args in commands {
        let run = t.run(args);
        assert_eq!(run.code, 0, "{args:?}: {}{}", run.stdout, run.stderr);
    }
    assert_eq!(
        std::fs::read_dir(t.path("结果/反馈单"))
            .expect("feedback")
            .count(),
        21
    );
    let after = fingerprints(&t.path("报送"));
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "no file added to or removed from the input folders"
    );
    for (path, (hash, modified)) in &before {
        let (hash_after, modified_after) = &after[path];
        assert_eq!(hash, hash_after, "{} changed", path.display());
        assert_eq!(modified, modified_after, "{} touched", path.display());
    }
}
