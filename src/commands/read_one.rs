//! `assess read-one FILE…` (hidden): the child side of `ingest::isolate`.
//!
//! Limits its own memory (RLIMIT_AS, from `ASSESS_READ_MEMORY_MB`, default
//! 2048 MiB; none on Windows), reads the workbooks one after the other and
//! prints, for each, its `Result<RawWorkbook, ReadError>` on standard output
//! (`isolate::write_answer`: length and binary form), flushed at once (the
//! parent times each file from the previous answer). A file that cannot be read is an answer too: exit 0.
//! Only a failure to write an answer exits 2.

use anyhow::{Context, Result};

use crate::Status;
use crate::cli::ReadOneArgs;
use crate::ingest::{isolate, read};

pub fn run(args: &ReadOneArgs) -> Result<Status> {
    if let Err(e) = isolate::limit_own_memory(isolate::memory_mb_from_env()) {
        eprintln!("warning: no memory limit for reading: {e}");
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for file in &args.files {
        let answer = read::read_workbook(file);
        isolate::write_answer(&mut out, &answer).context("writing the answer")?;
    }
    Ok(Status::Ok)
}
