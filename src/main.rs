//! `assess`: parse the arguments, run, turn the outcome into an exit code.
//!
//! 0 = done, no findings; 1 = done, with findings that block the job; 2 = could not run.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = county_assess::cli::Cli::parse();
    match county_assess::run(&cli) {
        Ok(status) => status.into(),
        Err(err) => {
            eprintln!("{}{err:#}", cli.lang().pick("错误：", "error: "));
            ExitCode::from(2)
        }
    }
}
