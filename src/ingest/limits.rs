//! The stated limits of reading, in one place: how large an input may be, and why.
//!
//! Each limit is sized for the national case — about 2,850 county units
//! (区县) in one run, grassroots (五有) lists of up to a few thousand
//! organisations, files of up to about 50 MB (a workbook of 40 KB that the
//! county filled in and pasted photographs into) — with room to spare, and
//! small enough that one hostile file cannot stop a run. Beyond each limit
//! the file (or the run) gets a plain message, never an abort:
//!
//! | limit | value | the national case | beyond it |
//! |---|---|---|---|
//! | [`MAX_FILE_BYTES`] file size | 100 MiB | ≈ 50 MB with photos; our template is 43 KB | finding `文件过大（… MB，上限 100 MB），未读取` |
//! | [`MAX_ENTRIES`] zip parts | 10,000 | 16 in the template; a few hundred with pictures | finding `文件超出处理上限` |
//! | [`MAX_TOTAL_UNPACKED`] unpacked, all parts | 256 MiB | 0.3 MB in the template; photos do not unpack larger | as above |
//! | [`MAX_ENTRY_UNPACKED`] unpacked, one part | 128 MiB | 0.2 MB for a 600-row list | as above |
//! | [`MAX_RATIO`] compression ratio (parts over 1 MiB) | 1000 : 1 | sheet XML packs about 8 : 1 | as above (a zip bomb) |
//! | [`MAX_CELLS`] filled cells, whole workbook | 4,000,000 | about 7,000 in a sample; ≈ 1.5 million in the national city review workbook | as above |
//! | [`MAX_SHEETS`] sheets, one workbook | 1,000 | 6 in a submission, 8 in the city's review workbook | finding `文件超出处理上限（the workbook has … sheets; the limit is 1000），未读取` |
//! | [`MAX_SHEET_ROWS`] filled rows, one sheet | 150,000 | a 五有 list of a few thousand organisations; the national city review workbook ≈ 120,000 rows | finding `工作表“基层组织”有 … 行内容，超出上限 150000 行，未读取` |
//! | [`READ_SECONDS`] reading one file (`ASSESS_READ_SECONDS`) | 20 s | 0.01 s for a sample; 3 s for a list at the row limit, 12 columns filled (1.8 million cells; release build, a debug build takes about 15 times longer) | finding `读取超过 20 秒仍未完成` |
//! | [`READ_MEMORY_MB`] memory of the reader (`ASSESS_READ_MEMORY_MB`) | 2 GiB | 11 MiB for a sample, 150 MiB for that list | finding `读取时出错（it ran out of memory …）` |
//! | [`MAX_FILES`] files found in one run | 10,000 | 2,850 units, re-submissions and the city's workbook | the run stops before reading: `found more than 10000 files …` (exit 2) |
//! | Excel's rows per sheet, the assessment workbook's 五有 list (all units' organisations) | 1,048,576 | 430,000 rows for 3,000 synthetic units | the list stops where the sheet would overflow, with a note row saying how many are not listed; the rates below it count every organisation (`report::ranking`, unit-tested arithmetic) |
//!
//! Why these numbers: the grassroots list is the only county sheet that grows
//! with the county (the largest counties have about 1,000 villages and
//! communities); the city's review workbook grows with the number of units
//! (42 rows per unit), so the row limit is set for the national case of
//! 2,850 units, with a quarter to spare. 10,000 files is three times the country's
//! county units: more means the wrong folder was given (a whole disk), and
//! reading it would take hours. The file size is generous because pictures
//! cost nothing to read (they are never unpacked); what the parser does
//! see is held to the unpacked limits.
//!
//! Where they are enforced: the size and zip limits in `prescan.rs`, before
//! any parser runs (in the child); cells, sheets
//! and rows in `read.rs`, in the child; time and memory by `isolate.rs`,
//! around the child; the number of files in `intake::discover`, before
//! anything is read.

const MIB: u64 = 1024 * 1024;

/// Largest file accepted, packed (any format).
pub const MAX_FILE_BYTES: u64 = 100 * MIB;
/// Most parts in a zip container.
pub const MAX_ENTRIES: usize = 10_000;
/// Largest sum of the declared unpacked sizes of all parts.
pub const MAX_TOTAL_UNPACKED: u64 = 256 * MIB;
/// Largest declared unpacked size of one part (shared strings included).
pub const MAX_ENTRY_UNPACKED: u64 = 128 * MIB;
/// Highest compression ratio of a part (unpacked : packed). Deflate cannot
/// exceed about 1032 : 1; ordinary sheet XML stays well under 100 : 1.
pub const MAX_RATIO: u64 = 1_000;
/// Most non-empty cells read from one workbook (all sheets together).
pub const MAX_CELLS: usize = 4_000_000;
/// Most sheets in one workbook: a submission has 6, the city's review
/// workbook 8. (The fuzzer's 25,000 copies of one sheet made calamine panic.)
pub const MAX_SHEETS: usize = 1_000;
/// Most rows with a filled cell in one sheet. A county's grassroots (五有)
/// list is the only county sheet that grows with the county; the city's review
/// workbook grows with the number of units (42 rows of its 复核 sheet per
/// unit: 2,850 units ≈ 120,000 rows), so the limit is set for it.
pub const MAX_SHEET_ROWS: usize = 150_000;
/// Wall-clock seconds one file may take to read, unless `ASSESS_READ_SECONDS` says otherwise.
pub const READ_SECONDS: u64 = 20;
/// Address space of the reading child in MiB, unless `ASSESS_READ_MEMORY_MB` says otherwise.
pub const READ_MEMORY_MB: u64 = 2048;
/// Most files found under the paths of one run (every file counts, read or skipped).
pub const MAX_FILES: usize = 10_000;

/// A size in MB as Windows Explorer shows it (1 MB = 1024 × 1024 bytes):
/// `100`, `60.5`; rounded up to a tenth, so that a file over a limit never
/// reads as the limit itself.
pub fn megabytes(bytes: u64) -> String {
    if bytes.is_multiple_of(MIB) {
        return (bytes / MIB).to_string();
    }
    #[allow(clippy::cast_precision_loss)] // files are far below 2^52 bytes
    let tenths = (bytes as f64 * 10.0 / MIB as f64).ceil();
    format!("{:.1}", tenths / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_in_megabytes_as_windows_shows_them() {
        assert_eq!(megabytes(100 * MIB), "100");
        // one byte over the limit does not read as the limit
        assert_eq!(megabytes(100 * MIB + 1), "100.1");
        // 60.5 MiB and a little
        assert_eq!(megabytes(60 * MIB + MIB / 2), "60.5");
        assert_eq!(megabytes(60 * MIB + MIB / 2 + 1), "60.6");
        assert_eq!(megabytes(4_915), "0.1");
    }
}
