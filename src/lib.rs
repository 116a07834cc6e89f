//! `assess` scores county Red Cross branches against a configurable framework.
//!
//! The pipeline: a framework (`framework/`: TOML files under `indicators/`,
//! or the embedded default) describes units, fields, indicators and rules;
//! counties fill in templates generated from it; their workbooks are read
//! (`ingest/`, the only code that knows calamine), validated, scored and
//! ranked; results are written as workbooks (`report/`, the only code that
//! knows rust_xlsxwriter). `cli.rs` and `commands/` are the only code that
//! knows clap: each command loads, calls the core, and writes.

pub mod analysis;
pub mod assessment;
pub mod city;
pub mod cli;
pub mod code;
pub mod commands;
pub mod date;
pub mod diff;
pub mod edit;
pub mod export;
pub mod extract;
pub mod file_name;
pub mod finding;
pub mod framework;
pub mod identity;
pub mod ingest;
pub mod intake;
pub mod lang;
pub mod layout;
pub mod location;
pub mod long;
pub mod numbers;
pub mod output;
pub mod progress;
pub mod report;
pub mod rng;
pub mod samples;
pub mod score;
pub mod stats;
pub mod submission;
pub mod summary;
pub mod text;
pub mod validate;
pub mod wuyou;

use std::process::ExitCode;

/// How a command that ran ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Done, nothing to report (exit 0).
    Ok,
    /// Done, with findings that block the job (exit 1).
    Findings,
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> ExitCode {
        match status {
            Status::Ok => ExitCode::SUCCESS,
            Status::Findings => ExitCode::from(1),
        }
    }
}

/// Runs one command. `Err` means it could not run (exit 2).
pub fn run(cli: &cli::Cli) -> anyhow::Result<Status> {
    output::set_lang(cli.lang());
    match &cli.command {
        cli::Command::Indicators(args) => commands::indicators::run(args, cli.lang()),
        cli::Command::Init(args) => commands::init::run(args, cli.lang()),
        cli::Command::Template(args) => commands::template::run(args, cli.lang()),
        cli::Command::Validate(args) => commands::validate::run(args, cli.lang()),
        cli::Command::Run(args) => commands::run::run(args, cli.lang()),
        cli::Command::Review(args) => commands::review::run(args, cli.lang()),
        cli::Command::Diff(args) => commands::diff::run(args, cli.lang()),
        cli::Command::Trend(args) => commands::trend::run(args, cli.lang()),
        cli::Command::Explain(args) => commands::explain::run(args, cli.lang()),
        cli::Command::MakeSamples(args) => commands::make_samples::run(args, cli.lang()),
        cli::Command::ReadOne(args) => commands::read_one::run(args),
    }
}
