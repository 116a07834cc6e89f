//! The messages for a file that could not be read: empty, not a spreadsheet,
//! encrypted, damaged, beyond the limits, too slow, or a reader that failed.

use crate::ingest::ReadError;
use crate::ingest::limits::megabytes;
use crate::lang::Lang;

/// The reader's reason (in English, from `ingest::prescan` and `ingest::read`)
/// for a file that is no spreadsheet, in Chinese; a reason not known here
/// reads as the general one.
fn not_spreadsheet_zh(why: &str) -> String {
    let known = [
        ("a PDF document", "这是一个 PDF 文档"),
        (
            "a web page (HTML)",
            "这是一个网页（HTML）文件，只是用了表格的扩展名；请用 Excel 打开后另存",
        ),
        (
            "an XML file",
            "这是一个 XML 文件，只是用了表格的扩展名；请用 Excel 打开后另存",
        ),
        (
            "a compressed archive",
            "这是一个压缩包（rar 或 7z），请先解压",
        ),
        (
            "a file without an extension",
            "文件没有扩展名；应为 .xlsx、.xlsm、.xls 或 .ods",
        ),
        (
            "an Excel 97–2003 file named .ods",
            "这是 Excel 97–2003 文件，却以 .ods 命名",
        ),
        (
            "a zip archive without",
            "这是一个不含工作簿的压缩文件，是否为 Word 等其他文档？",
        ),
        (
            "a zip archive that is not an OpenDocument",
            "这是一个压缩文件，但不是 OpenDocument 表格",
        ),
    ];
    if let Some((_, zh)) = known.iter().find(|(en, _)| why.starts_with(en)) {
        return (*zh).to_string();
    }
    if let Some(ext) = why
        .strip_prefix("`.")
        .and_then(|rest| rest.split_once("` files are not read"))
        .map(|(ext, _)| ext)
    {
        return format!(".{ext} 文件不读取；应为 .xlsx、.xlsm、.xls 或 .ods");
    }
    "内容既不是 Excel 也不是 OpenDocument 工作簿".to_string()
}

/// Where the technical reason of a damaged or unreadable file is said.
const DETAIL: &str = "（技术原因可用 --lang en 查看）";

pub(super) fn read_error(err: &ReadError, lang: Lang) -> String {
    match err {
        ReadError::Empty => lang
            .pick(
                "文件是空的（0 字节），未读取；请重新报送",
                "the file is empty (0 bytes); not read; ask for it again",
            )
            .into(),
        ReadError::NotSpreadsheet(why) => lang.pick(
            format!(
                "不是有效的表格文件（{}），未读取；请用 Excel/WPS 另存为 .xlsx 后重新报送",
                not_spreadsheet_zh(why)
            ),
            format!(
                "not a valid spreadsheet ({why}); not read; save it as .xlsx and send it again"
            ),
        ),
        ReadError::Encrypted => lang
            .pick(
                "文件设置了打开密码，无法读取；请取消密码后重新报送",
                "the workbook is password-protected; remove the password and send it again",
            )
            .into(),
        // the technical reason (from the zip reader or the spreadsheet
        // library, in English) is said with --lang en; in Chinese the clerk
        // reads what to do, never an English fragment
        ReadError::Corrupt(why) => lang.pick(
            format!("文件已损坏或不完整，未读取；请重新报送{DETAIL}"),
            format!("the file is damaged or incomplete ({why}); not read; ask for it again"),
        ),
        ReadError::TooLarge(why) => lang.pick(
            format!("文件超出处理上限（工作表、单元格或压缩内容过多），未读取；请删除不需要的内容后重新报送{DETAIL}"),
            format!("the file is beyond the limits ({why}); not read"),
        ),
        ReadError::FileTooLarge { bytes, limit } => {
            let (size, limit) = (megabytes(*bytes), megabytes(*limit));
            lang.pick(
                format!("文件过大（{size} MB，上限 {limit} MB），未读取；请删除不需要的图片或工作表后重新报送"),
                format!("the file is too large ({size} MB, the limit is {limit} MB); not read; remove pictures or sheets not needed and send it again"),
            )
        }
        ReadError::TooManyRows { sheet, rows, limit } => lang.pick(
            format!("工作表“{sheet}”有 {rows} 行内容，超出上限 {limit} 行，未读取；请删除误粘贴的内容后重新报送"),
            format!("the sheet `{sheet}` has {rows} rows with content, more than the limit of {limit}; not read; remove what was pasted by mistake and send it again"),
        ),
        ReadError::Timeout(s) => lang.pick(
            format!("读取超过 {s} 秒仍未完成，已放弃；请检查文件"),
            format!("reading took longer than {s} seconds and was stopped; check the file"),
        ),
        ReadError::Crashed(why) => lang.pick(
            format!("读取时出错，未读取；请检查文件{DETAIL}"),
            format!("the reader failed ({why}); not read; check the file"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::What;
    use crate::ingest::ReadError;
    use crate::lang::Lang;

    #[test]
    fn limit_messages_in_english() {
        let too_large = What::Unreadable(ReadError::FileTooLarge {
            bytes: 127 * 1024 * 1024 + 1,
            limit: 100 * 1024 * 1024,
        });
        assert_eq!(
            too_large.message(Lang::En),
            "the file is too large (127.1 MB, the limit is 100 MB); not read; remove pictures or sheets not needed and send it again"
        );
        let rows = What::Unreadable(ReadError::TooManyRows {
            sheet: "基层组织".into(),
            rows: 20_001,
            limit: 20_000,
        });
        assert_eq!(
            rows.message(Lang::En),
            "the sheet `基层组织` has 20001 rows with content, more than the limit of 20000; not read; remove what was pasted by mistake and send it again"
        );
    }
}
