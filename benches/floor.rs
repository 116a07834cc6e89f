//! The floor of the benchmarks: a bare calamine read of the same files — open
//! every workbook, read every used cell of every sheet, nothing else —
//! single-threaded. `cargo run --release --example floor -- DIR`
//! (registered as an example in Cargo.toml; see BENCHMARKS.md).

use std::path::{Path, PathBuf};
use std::time::Instant;

use calamine::{Data, Reader, open_workbook_auto};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            files(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
        {
            out.push(path);
        }
    }
}

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let mut paths = Vec::new();
    files(Path::new(&dir), &mut paths);
    let started = Instant::now();
    let (mut workbooks, mut cells, mut failed) = (0usize, 0usize, 0usize);
    for path in &paths {
        let Ok(mut book) = open_workbook_auto(path) else {
            failed += 1;
            continue;
        };
        workbooks += 1;
        for name in book.sheet_names() {
            if let Ok(range) = book.worksheet_range(&name) {
                cells += range
                    .used_cells()
                    .filter(|(_, _, v)| !matches!(v, Data::Empty))
                    .count();
            }
        }
    }
    println!(
        "{workbooks} workbooks, {cells} cells, {failed} unreadable, {:.3} s",
        started.elapsed().as_secs_f64()
    );
}
