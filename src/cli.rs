//! Every command-line type: the only place (with `commands/`) that knows clap.
//!
//! The `///` comments on fields are the `--help` text, written for office staff.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::lang::Lang;

/// 县级红十字会年度评估工具 — assess county Red Cross branches from their Excel submissions.
#[derive(Debug, Parser)]
#[command(name = "assess", version, about)]
pub struct Cli {
    /// Language of messages and workbooks: zh (中文, default) or en.
    #[arg(long = "lang", global = true, value_enum, default_value = "zh")]
    pub lang_arg: LangArg,

    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// The command line of this process (clap prints help and usage errors itself).
    pub fn from_args() -> Cli {
        Cli::parse()
    }

    /// The language chosen with `--lang`.
    pub fn lang(&self) -> Lang {
        match self.lang_arg {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

/// `--lang` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show the framework as a tree, check it (--check), write the 评分细则 workbook (--xlsx),
    /// or write an edited one back into framework files (--from-xlsx … --out DIR).
    Indicators(IndicatorsArgs),
    /// Write editable copies of the default framework files into a folder.
    Init(InitArgs),
    /// Write the year's submission templates (填报表), one workbook per unit.
    Template(TemplateArgs),
    /// Read and check the submissions in files or folders; list every problem with its cell.
    Validate(ValidateArgs),
    /// The yearly job: read and check the year's submissions, score, rank, write the results.
    Run(Box<RunArgs>),
    /// Write the city's review workbook (市级复核表) for a year, pre-filled from the submissions.
    Review(ReviewArgs),
    /// Compare two runs' exports (e.g. 初评 and 终评): every changed value, points, rank and grade, per unit.
    Diff(DiffArgs),
    /// Several years side by side: totals, dimensions and ranks over the years, indicator growth, movement.
    Trend(TrendArgs),
    /// One unit's result explained: every indicator with its source cell, and what would add most points.
    Explain(ExplainArgs),
    /// (development) Regenerate the sample submissions under samples/.
    #[command(hide = true)]
    MakeSamples(MakeSamplesArgs),
    /// (internal) Read one workbook and print it as JSON; how files are read in isolation.
    #[command(hide = true, name = "read-one")]
    ReadOne(ReadOneArgs),
}

#[derive(Debug, Args)]
pub struct TrendArgs {
    /// The folder holding one folder per year (e.g. samples, with 2021, 2022, 2023).
    #[arg(value_name = "ROOT")]
    pub root: PathBuf,

    /// The trend workbook (default: trend-FIRST-LAST.xlsx in the current folder).
    #[arg(short = 'o', long = "output", value_name = "FILE.xlsx")]
    pub output: Option<PathBuf>,

    /// Also write the long table of every year (CSV as `run --export`, or Parquet when FILE ends in .parquet).
    #[arg(long, value_name = "FILE")]
    pub export: Option<PathBuf>,

    /// Score each year under the framework it was stamped with (as published) instead of
    /// re-scoring every year under the current framework (like with like).
    #[arg(long = "as-published")]
    pub as_published: bool,

    /// Framework file or folder (default: the built-in county framework).
    #[arg(long, value_name = "PATH")]
    pub indicators: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The unit: code (130123) or name (正定县).
    #[arg(value_name = "UNIT")]
    pub unit: String,

    /// The folder with the year's submissions.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// Assessment year (default: the year most files are stamped with).
    #[arg(long)]
    pub year: Option<i32>,

    /// The city's review workbook (default: the one found by its stamp in DIR).
    #[arg(long, value_name = "FILE.xlsx")]
    pub city: Option<PathBuf>,

    /// Framework file or folder (default: the built-in county framework).
    #[arg(long, value_name = "PATH")]
    pub indicators: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// Assessment year, e.g. 2025.
    #[arg(long)]
    pub year: i32,

    /// Only these units (code such as 130123, or name such as 正定县); all units by default.
    #[arg(long = "unit", value_name = "CODE")]
    pub units: Vec<String>,

    /// Folder to write into (default: templates-YEAR).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Last year's submissions: their values are shown beside each input as 上年数.
    #[arg(long, value_name = "PATH")]
    pub previous: Option<PathBuf>,

    /// Framework file or folder (default: the built-in county framework).
    #[arg(long, value_name = "PATH")]
    pub indicators: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Submission files or folders (read recursively).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Assessment year (default: the year most files are stamped with).
    #[arg(long)]
    pub year: Option<i32>,

    /// Last year's submissions (default: the folder named after last year beside PATH).
    #[arg(long, value_name = "PATH")]
    pub previous: Option<PathBuf>,

    /// Also write the findings as a workbook (one row per finding).
    #[arg(long, value_name = "FILE.xlsx")]
    pub report: Option<PathBuf>,

    /// Warnings the city has not accepted (复核's 核实 column) count as errors (exit 1).
    #[arg(long)]
    pub strict: bool,

    /// Framework file or folder (default: the built-in county framework).
    #[arg(long, value_name = "PATH")]
    pub indicators: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// Assessment year.
    #[arg(long)]
    pub year: i32,

    /// The folder with the year's submissions.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// The workbook to write (default: YEAR-市级复核表.xlsx in the current folder).
    #[arg(short = 'o', long = "output", value_name = "FILE.xlsx")]
    pub output: Option<PathBuf>,

    /// Framework file or folder (default: the built-in county framework).
    #[arg(long, value_name = "PATH")]
    pub indicators: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The folder with the year's submissions.
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// Score a wide table instead (one row per unit, one column per field; CSV or xlsx).
    #[arg(long, value_name = "FILE")]
    pub table: Option<PathBuf>,

    /// The results workbook (default: assessment-YEAR.xlsx in the current folder).
    #[arg(short = 'o', long = "output", value_name = "FILE.xlsx")]
    pub output: Option<PathBuf>,

    /// Also write every value, score and rank as a CSV (UTF-8 with BOM).
    #[arg(long, value_name = "FILE.csv")]
    pub export: Option<PathBuf>,

    /// Score even when there are errors; every affected value is flagged.
    #[arg(long)]
    pub allow_errors: bool,

    /// Warnings the city has not accepted (复核's 核实 column) block like errors.
    #[arg(long)]
    pub strict: bool,

    /// Also write the public attachment of the bulletin (得分汇总表, 公开: units by grade, no scores).
    #[arg(long, value_name = "FILE.xlsx")]
    pub public: Option<PathBuf>,

    /// Also write the internal attachment (得分汇总表, 内部掌握: scores, ranks, grades).
    #[arg(long, value_name = "FILE.xlsx")]
    pub attachment: Option<PathBuf>,

    /// Also write a draft of the bulletin (通报) as a Word document.
    #[arg(long, value_name = "FILE.docx")]
    pub bulletin: Option<PathBuf>,

    /// The city's review workbook (default: the one found by its stamp in DIR).
    #[arg(long, value_name = "FILE.xlsx")]
    pub city: Option<PathBuf>,

    /// 初评 (first result, shown for objections) or 终评 (final); marks the title and file name.
    #[arg(long, value_parser = ["初评", "终评"])]
    pub stage: Option<String>,

    /// Assessment year (default: the year most files are stamped with).
    #[arg(long)]
    pub year: Option<i32>,

    /// Framework file or folder (default: the built-in county framework).
    #[arg(long, value_name = "PATH")]
    pub indicators: Option<PathBuf>,

    /// Also write each county's own feedback workbook (反馈单) into this folder.
    #[arg(long = "per-unit", value_name = "DIR")]
    pub per_unit: Option<PathBuf>,

    /// Compare with last year's published export (CSV of `--export`) instead of
    /// re-scoring last year's submissions under this year's framework.
    #[arg(long = "previous-result", value_name = "FILE.csv")]
    pub previous_result: Option<PathBuf>,

    /// The run's timestamp in the workbooks (YYYY-MM-DD[ HH:MM[:SS]] UTC, or
    /// seconds since 1970). Default: SOURCE_DATE_EPOCH, else the latest date in
    /// the inputs — never the clock, so that the same inputs give the same bytes.
    #[arg(long, value_name = "TIME")]
    pub timestamp: Option<String>,

    /// How robust the ranks are: re-score N times (default 1,000) with each
    /// dimension's points perturbed by up to ±25 % (seeded, the same every run)
    /// and add a 排名稳健性 sheet (internal use).
    #[arg(long, value_name = "N", num_args = 0..=1, default_missing_value = "1000", require_equals = true)]
    pub uncertainty: Option<u32>,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier export (e.g. the 初评), written by assess run --export.
    #[arg(value_name = "OLD.csv")]
    pub old: PathBuf,

    /// The later export (e.g. the 终评).
    #[arg(value_name = "NEW.csv")]
    pub new: PathBuf,
}

#[derive(Debug, Args)]
pub struct MakeSamplesArgs {
    /// Folder to write into (default: samples; with --units, a new or empty folder, required).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Seed of the generator.
    #[arg(long, default_value_t = 2021)]
    pub seed: u64,

    /// Instead of the shipped samples, write a synthetic assessment of N invented units:
    /// DIR/indicators (the default framework with N units), DIR/YEAR (N filled templates,
    /// a few with a planted mistake, and the city's review workbook) and DIR/README.md.
    #[arg(long, value_name = "N", requires = "out")]
    pub units: Option<usize>,

    /// The year of the synthetic assessment (default: 2023).
    #[arg(long, value_name = "YEAR", requires = "units")]
    pub year: Option<i32>,
}

#[derive(Debug, Args)]
pub struct IndicatorsArgs {
    /// Framework file or folder (default: the built-in county framework).
    #[arg(long, value_name = "PATH")]
    pub indicators: Option<PathBuf>,

    /// Report every problem in the framework files, with file, line and key.
    #[arg(long)]
    pub check: bool,

    /// Write the scoring rules (评分细则) as a printable workbook.
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,

    /// Read back a 评分细则 workbook written with --xlsx and edited (分值, 目标, 封顶,
    /// 档次门槛, 权重): write the framework files with those edits into --out.
    #[arg(long, value_name = "FILE", requires = "out", conflicts_with_all = ["xlsx", "check"])]
    pub from_xlsx: Option<PathBuf>,

    /// With --from-xlsx: the folder the edited framework files are written into.
    #[arg(long, value_name = "DIR", requires = "from_xlsx")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to create (it must not hold framework files already).
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct ReadOneArgs {
    /// The workbooks to read (.xlsx, .xlsm, .xls or .ods), one answer line each.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}
