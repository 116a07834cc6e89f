//! Console text: what the commands print, formatted from the facts the core
//! worked out. Decides nothing and computes no score; plain lines (no
//! colours, no tables) that read in a Windows console, in one language.

pub mod diff;
pub mod explain;
mod findings;
pub mod framework;
pub mod run;
pub mod trend;

pub use findings::{clean, findings, findings_written, sorted};

/// The end of a county's self-check (a workbook dropped on `assess.exe`):
/// where the 审核意见 went, and a wait for Enter so that the window stays
/// open to be read. Reading stops at once when there is no console (end of
/// input), so that a script never hangs.
pub fn self_check_end(lang: crate::lang::Lang) {
    println!(
        "\n{}",
        lang.pick(
            "检查完毕。审核意见已写在与报表相同的文件夹中（文件名以“-审核意见”结尾）。请按回车键关闭窗口……",
            "Check finished. The review (`审核意见`) is in the same folder as the workbook. Press Enter to close this window…",
        )
    );
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
}
