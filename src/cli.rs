//! Every command-line type: the only place (with `commands/`) that knows clap.
//!
//! The `///` comments on fields are the `--help` text, written for office staff.

use std::path::PathBuf;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

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

    /// Started with one workbook and no command (a file dropped on
    /// `assess.exe`): the county's self-check, which waits for Enter at the end.
    #[arg(skip)]
    pub self_check: bool,
}

impl Cli {
    /// The command line of this process. Help and usage errors are in the
    /// language asked for — `--lang en` anywhere on the line, or the
    /// environment variable `ASSESS_LANG=en` — Chinese otherwise (clap's
    /// own English is kept for `en` only).
    pub fn from_args() -> Cli {
        let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
        let lang = asked_lang(&args, std::env::var("ASSESS_LANG").ok().as_deref());
        match parse(args, lang) {
            Ok(cli) => cli,
            Err(Stop {
                text,
                code,
                to_stdout,
            }) => {
                use std::io::Write as _;
                if to_stdout {
                    print!("{text}");
                    // exit() skips the buffer of a piped stdout
                    let _ = std::io::stdout().flush();
                } else {
                    eprint!("{text}");
                }
                std::process::exit(code);
            }
        }
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

    /// Also write the findings as a workbook (one row per finding); given a
    /// folder (or a name without .xlsx), one workbook per county plus the whole.
    #[arg(long, value_name = "FILE.xlsx|DIR")]
    pub report: Option<PathBuf>,

    /// Warnings the city has not accepted (复核's 核实 column) count as errors (exit 1).
    #[arg(long)]
    pub strict: bool,

    /// Check only the units of the files given: no finding for units without
    /// a file (a county checking its own workbook before sending it).
    #[arg(long = "only-given")]
    pub only_given: bool,

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

    /// 初评 (first result, shown for objections: the rulings in 申诉 are not applied) or 终评 (final, rulings applied, as without --stage); marks the title and file name.
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

/// The language of help and usage errors, before clap has parsed anything:
/// `--lang en` / `--lang=en` on the line, else `ASSESS_LANG`, else Chinese.
pub fn asked_lang(args: &[std::ffi::OsString], env: Option<&str>) -> Lang {
    let texts: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let on_line = texts.iter().enumerate().find_map(|(k, a)| {
        if let Some(v) = a.strip_prefix("--lang=") {
            Some(v.to_string())
        } else if a == "--lang" {
            texts.get(k + 1).cloned()
        } else {
            None
        }
    });
    match on_line.as_deref().or(env).map(str::trim) {
        Some("en" | "EN" | "En") => Lang::En,
        _ => Lang::Zh,
    }
}

/// Why parsing ended without a command to run: the text to show and the exit code.
#[derive(Debug)]
pub struct Stop {
    pub text: String,
    pub code: i32,
    /// Help and version go to stdout, errors to stderr.
    pub to_stdout: bool,
}

/// Parses `args` (the program name first), help and errors in `lang`.
pub fn parse(args: Vec<std::ffi::OsString>, lang: Lang) -> Result<Cli, Stop> {
    let mut args = args;
    // `assess help run` as `assess run --help` (the help subcommand is clap's English)
    if args.get(1).is_some_and(|a| a == "help") {
        args.remove(1);
        args.push("--help".into());
    }
    // one workbook and no command: what Windows does when a file is dropped
    // on assess.exe — validate it and write its 审核意见 beside it
    let dropped = self_check_file(&args);
    if let Some((file, report)) = &dropped {
        args = vec![
            args[0].clone(),
            "validate".into(),
            file.clone().into_os_string(),
            "--report".into(),
            report.clone().into_os_string(),
            "--only-given".into(),
        ];
    }
    let mut command = match lang {
        Lang::Zh => zh::command(),
        Lang::En => Cli::command(),
    };
    let stop = |err: clap::Error, command: &mut clap::Command| {
        use clap::error::ErrorKind;
        let to_stdout = matches!(
            err.kind(),
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
        );
        let mut text = match lang {
            Lang::En => err.render().to_string(),
            Lang::Zh
                if to_stdout
                    || err.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand =>
            {
                err.render().to_string()
            }
            Lang::Zh => zh::error(&err, command),
        };
        if !text.ends_with('\n') {
            text.push('\n');
        }
        Stop {
            text,
            code: err.exit_code(),
            to_stdout,
        }
    };
    let matches = command
        .try_get_matches_from_mut(args)
        .map_err(|e| stop(e, &mut command))?;
    let mut cli = Cli::from_arg_matches(&matches).map_err(|e| stop(e, &mut command))?;
    cli.self_check = dropped.is_some();
    Ok(cli)
}

/// The file of a self-check — the only argument, an existing workbook, not
/// a command — and the 审核意见 to write beside it (`正定县.xlsx` →
/// `正定县-审核意见.xlsx` in the same folder).
pub fn self_check_file(args: &[std::ffi::OsString]) -> Option<(PathBuf, PathBuf)> {
    let [_, only] = args else { return None };
    let path = PathBuf::from(only);
    let text = only.to_string_lossy();
    let workbook = path.extension().is_some_and(|e| {
        ["xlsx", "xlsm", "xls", "et"]
            .iter()
            .any(|x| e.eq_ignore_ascii_case(x))
    });
    if text.starts_with('-') || !workbook || !path.is_file() {
        return None;
    }
    let stem = path.file_stem()?.to_string_lossy().into_owned();
    let report = path.with_file_name(format!("{stem}-{}.xlsx", SELF_CHECK_SUFFIX));
    Some((path, report))
}

/// What the self-check's report is called after the county's file.
pub const SELF_CHECK_SUFFIX: &str = "审核意见";

/// The command line in Chinese: every command's and argument's help, the
/// headings (用法, 命令, 参数, 选项), the value names, and clap's errors.
mod zh {
    use clap::builder::StyledStr;
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    use clap::{Arg, ArgAction, Command, CommandFactory};

    use super::Cli;

    const TEMPLATE: &str = "{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

    /// (command, `about`); the root is "".
    const ABOUT: &[(&str, &str)] = &[
        (
            "",
            "县级红十字会年度评估工具：读取、核对各县报送的 Excel 填报表，计分、排名，写出结果。",
        ),
        (
            "indicators",
            "显示评估体系（树形），检查体系文件（--check），写出《评分细则》工作簿（--xlsx），或把改过的细则写回体系文件（--from-xlsx … --out 文件夹）",
        ),
        (
            "init",
            "把默认评估体系的文件和通报设置复制到一个文件夹，供修改",
        ),
        ("template", "写出本年度的填报表，每个单位一个工作簿"),
        (
            "validate",
            "读取并核对文件或文件夹中的填报表，逐条列出问题及其单元格",
        ),
        (
            "run",
            "年度评估：读取并核对本年度的填报表，计分、排名，写出评估结果",
        ),
        ("review", "写出本年度的市级复核表，按各县填报预先填好"),
        (
            "diff",
            "比较两次运行的导出（如初评与终评）：逐个单位列出变化的数值、得分、名次和等次",
        ),
        (
            "trend",
            "多年对照：各年度的总分、维度得分和名次，指标增长，名次变动",
        ),
        (
            "explain",
            "解释一个单位的结果：每项指标的来源单元格，以及加分最多的改进办法",
        ),
    ];

    /// (command, argument id, help); "*" is every command.
    const HELP: &[(&str, &str, &str)] = &[
        (
            "*",
            "lang_arg",
            "信息和工作簿的语言：zh（中文，默认）或 en（英文）；也可设环境变量 ASSESS_LANG=en",
        ),
        (
            "*",
            "indicators",
            "评估体系文件或文件夹（默认：内置的县级评估体系）",
        ),
        ("*", "year", "评估年度（默认：多数文件所标的年度）"),
        (
            "indicators",
            "check",
            "检查评估体系文件，逐条列出问题（文件、行、键）",
        ),
        ("indicators", "xlsx", "把评分细则写成可打印的工作簿"),
        (
            "indicators",
            "from_xlsx",
            "读回用 --xlsx 写出并修改过（分值、目标、封顶、档次门槛、权重）的评分细则，把修改写入 --out 文件夹中的体系文件",
        ),
        (
            "indicators",
            "out",
            "与 --from-xlsx 一起用：修改后的体系文件写入的文件夹",
        ),
        ("init", "dir", "要建立的文件夹（其中不能已有体系文件）"),
        ("template", "year", "评估年度，如 2025"),
        (
            "template",
            "units",
            "只写这些单位（代码如 130123，或名称如 正定县）；默认全部单位",
        ),
        ("template", "out", "写入的文件夹（默认：templates-年度）"),
        (
            "template",
            "previous",
            "上年的填报表：其数值作为“上年数”显示在每个填报格旁",
        ),
        ("validate", "paths", "填报表文件或文件夹（含子文件夹）"),
        (
            "validate",
            "previous",
            "上年的填报表（默认：与所给文件夹并列、以上年年度命名的文件夹）",
        ),
        (
            "validate",
            "report",
            "同时把问题写成工作簿（每个问题一行）；给文件夹（或不以 .xlsx 结尾的名称）时，每个县一份，另附汇总",
        ),
        (
            "validate",
            "strict",
            "市级未核实（复核表的“核实”列）的警告按错误处理（退出码 1）",
        ),
        (
            "validate",
            "only_given",
            "只核对所给文件中的单位，不报告其他单位未报送（县里报送前自查时用）",
        ),
        ("run", "dir", "本年度填报表所在的文件夹"),
        (
            "run",
            "table",
            "改为对一张汇总表计分（每个单位一行、每个字段一列；CSV 或 xlsx）",
        ),
        (
            "run",
            "output",
            "评估结果工作簿（默认：当前文件夹中的 assessment-年度.xlsx）",
        ),
        (
            "run",
            "export",
            "同时把每个数值、得分和名次写成 CSV（UTF-8，带 BOM）",
        ),
        (
            "run",
            "allow_errors",
            "有错误时也计分；受影响的数值都会标注",
        ),
        (
            "run",
            "strict",
            "市级未核实（复核表的“核实”列）的警告与错误一样阻止计分",
        ),
        (
            "run",
            "public",
            "同时写出通报的公开附件（等次名单：按等次列单位，不含分数）",
        ),
        (
            "run",
            "attachment",
            "同时写出内部附件（得分汇总表，内部掌握：得分、名次、等次）",
        ),
        (
            "run",
            "bulletin",
            "同时写出通报（Word 文档，按公文格式；年度设置见 bulletin.toml）",
        ),
        (
            "run",
            "city",
            "市级复核表（默认：在文件夹中按标识找到的那一份）",
        ),
        (
            "run",
            "stage",
            "初评（公示、受理申诉用，不适用“申诉”表的裁定）或终评（适用裁定，与不写 --stage 相同）；标在标题和文件名中（可取：初评、终评）",
        ),
        ("run", "per_unit", "同时把每个县的反馈单写入这个文件夹"),
        (
            "run",
            "previous_result",
            "与上年公布的导出（--export 写出的 CSV）比较，而不是按今年的体系重算上年的填报表",
        ),
        (
            "run",
            "timestamp",
            "写入工作簿的运行时间（YYYY-MM-DD[ HH:MM[:SS]]，UTC，或 1970 年以来的秒数）。默认：SOURCE_DATE_EPOCH，否则取输入中最晚的日期——从不取电脑时钟，同样的输入得到同样的文件",
        ),
        (
            "run",
            "uncertainty",
            "名次的稳健性：把各维度分值在 ±25% 内随机扰动后重算 N 次（默认 1000 次，固定种子），增加“排名稳健性”表（内部参考）",
        ),
        ("review", "year", "评估年度"),
        ("review", "dir", "本年度填报表所在的文件夹"),
        (
            "review",
            "output",
            "要写出的工作簿（默认：当前文件夹中的 年度-市级复核表.xlsx）",
        ),
        (
            "diff",
            "old",
            "较早的导出（如初评），由 assess run --export 写出",
        ),
        ("diff", "new", "较晚的导出（如终评）"),
        (
            "trend",
            "root",
            "按年度分文件夹存放的根文件夹（如 samples，其中有 2021、2022、2023）",
        ),
        (
            "trend",
            "output",
            "多年对照工作簿（默认：当前文件夹中的 trend-首年-末年.xlsx）",
        ),
        (
            "trend",
            "export",
            "同时写出各年度的长表（CSV，同 run --export；文件名以 .parquet 结尾时写 Parquet）",
        ),
        (
            "trend",
            "as_published",
            "每年按其填报表所标的体系计分（按当年公布的口径），而不是都按现行体系重算（同口径比较）",
        ),
        ("explain", "unit", "单位：代码（130123）或名称（正定县）"),
        ("explain", "dir", "本年度填报表所在的文件夹"),
        (
            "explain",
            "city",
            "市级复核表（默认：在文件夹中按标识找到的那一份）",
        ),
    ];

    /// Value names as a clerk reads them.
    const VALUE_NAMES: &[(&str, &str)] = &[
        ("DIR", "文件夹"),
        ("PATH", "路径"),
        ("FILE", "文件"),
        ("FILE.xlsx", "文件.xlsx"),
        ("FILE.xlsx|DIR", "文件.xlsx|文件夹"),
        ("FILE.csv", "文件.csv"),
        ("FILE.docx", "文件.docx"),
        ("YEAR", "年度"),
        ("CODE", "单位"),
        ("UNIT", "单位"),
        ("ROOT", "根文件夹"),
        ("TIME", "时间"),
        ("N", "次数"),
        ("OLD.csv", "旧导出.csv"),
        ("NEW.csv", "新导出.csv"),
        ("STAGE", "阶段"),
        ("LANG_ARG", "语言"),
    ];

    fn help_for(command: &str, id: &str) -> Option<&'static str> {
        HELP.iter()
            .find(|(c, a, _)| *c == command && *a == id)
            .or_else(|| HELP.iter().find(|(c, a, _)| *c == "*" && *a == id))
            .map(|x| x.2)
    }

    /// One command (the root when `name` is ""), its arguments and headings in Chinese.
    fn localize(command: Command, name: &str) -> Command {
        let about = ABOUT.iter().find(|(c, _)| *c == name).map(|x| x.1);
        let mut command = command
            .help_template(TEMPLATE)
            .subcommand_help_heading("命令")
            .subcommand_value_name("命令")
            .disable_help_flag(true)
            .arg(
                Arg::new("help")
                    .short('h')
                    .long("help")
                    .action(ArgAction::Help)
                    .help("显示本说明")
                    .help_heading("选项"),
            );
        if let Some(about) = about {
            command = command.about(about).long_about(None);
        }
        if name.is_empty() {
            command = command
                .disable_help_subcommand(true)
                .disable_version_flag(true)
                .arg(
                    Arg::new("version")
                        .short('V')
                        .long("version")
                        .action(ArgAction::Version)
                        .help("显示版本号")
                        .help_heading("选项"),
                );
        }
        let owner = name.to_string();
        command.mut_args(move |arg| {
            let id = arg.get_id().as_str().to_string();
            let mut arg = match help_for(&owner, &id) {
                Some(h) => arg.help(h).long_help(None),
                None => arg,
            };
            let names: Vec<clap::builder::Str> = arg
                .get_value_names()
                .map(|v| {
                    v.iter()
                        .map(|n| {
                            VALUE_NAMES
                                .iter()
                                .find(|x| x.0 == n.as_str())
                                .map_or_else(|| n.clone(), |x| x.1.into())
                        })
                        .collect()
                })
                .unwrap_or_default();
            if !names.is_empty() {
                arg = arg.value_names(names);
            }
            let heading = if arg.is_positional() {
                "参数"
            } else {
                "选项"
            };
            let arg = arg.help_heading(heading);
            if arg.get_action().takes_values() {
                // the defaults and choices are in the Chinese help itself
                arg.hide_default_value(true).hide_possible_values(true)
            } else {
                arg
            }
        })
    }

    /// The whole command line in Chinese, usage lines included.
    pub fn command() -> Command {
        let mut command = localize(Cli::command(), "");
        let names: Vec<String> = command
            .get_subcommands()
            .map(|s| s.get_name().to_string())
            .collect();
        for name in &names {
            command = command.mut_subcommand(name, |s| localize(s, name));
        }
        // usage lines with 选项 for clap's [OPTIONS]
        let usage = usage_of(&mut command);
        command = command.override_usage(usage);
        for name in &names {
            // clap writes a subcommand's usage as `run [OPTIONS] [DIR]`
            let usage = command
                .find_subcommand_mut(name)
                .map(usage_of)
                .unwrap_or_default();
            let full = if usage.starts_with("assess ") {
                usage
            } else {
                format!("assess {usage}")
            };
            command = command.mut_subcommand(name, |s| s.override_usage(full));
        }
        command
    }

    /// A command's usage line as clap writes it, in Chinese words.
    fn usage_of(command: &mut Command) -> String {
        let text = command.render_usage().to_string();
        text.trim()
            .trim_start_matches("Usage:")
            .trim()
            .replace("[OPTIONS]", "[选项]")
    }

    fn context(err: &clap::Error, kind: ContextKind) -> String {
        match err.get(kind) {
            Some(ContextValue::String(s)) => s.clone(),
            Some(ContextValue::Strings(v)) => v.join("、"),
            Some(ContextValue::StyledStr(s)) => s.to_string(),
            Some(ContextValue::StyledStrs(v)) => v
                .iter()
                .map(StyledStr::to_string)
                .collect::<Vec<_>>()
                .join("、"),
            Some(ContextValue::Number(n)) => n.to_string(),
            _ => String::new(),
        }
    }

    /// A usage error in Chinese: what is wrong, the usage line, where to read more.
    pub fn error(err: &clap::Error, command: &mut Command) -> String {
        let arg = context(err, ContextKind::InvalidArg);
        let value = context(err, ContextKind::InvalidValue);
        let valid = context(err, ContextKind::ValidValue);
        let what = match err.kind() {
            ErrorKind::InvalidValue if value.is_empty() => format!("{arg} 后面缺少取值"),
            ErrorKind::InvalidValue if valid.is_empty() => {
                format!("「{value}」不能作为 {arg} 的取值")
            }
            ErrorKind::InvalidValue => format!("「{value}」不能作为 {arg} 的取值（可取：{valid}）"),
            ErrorKind::UnknownArgument => {
                let suggested = context(err, ContextKind::SuggestedArg);
                if suggested.is_empty() {
                    format!("不认识的参数「{arg}」")
                } else {
                    format!("不认识的参数「{arg}」；是不是要写「{suggested}」？")
                }
            }
            ErrorKind::InvalidSubcommand => {
                let sub = context(err, ContextKind::InvalidSubcommand);
                format!("没有「{sub}」这个命令")
            }
            ErrorKind::MissingRequiredArgument => format!("缺少必须给出的参数：{arg}"),
            ErrorKind::MissingSubcommand => "请给出一个命令".to_string(),
            ErrorKind::ArgumentConflict => {
                let prior = context(err, ContextKind::PriorArg);
                format!("{arg} 与 {prior} 不能同时使用")
            }
            ErrorKind::ValueValidation => format!("「{value}」不能作为 {arg} 的取值"),
            ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
                format!("{arg} 的取值个数不对")
            }
            ErrorKind::NoEquals => format!("{arg} 的取值要用等号连写，如 {arg}=1000"),
            _ => "命令行有误".to_string(),
        };
        // the usage of the command the error is about (clap puts it in the error)
        let usage = match context(err, ContextKind::Usage) {
            u if u.trim().is_empty() => usage_of(command),
            u => u
                .trim()
                .trim_start_matches("Usage:")
                .trim()
                .replace("[OPTIONS]", "[选项]"),
        };
        format!(
            "错误：{what}\n\n用法：{usage}\n运行 assess --help 或 assess 命令 --help 查看说明。\n"
        )
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn every_visible_argument_of_every_command_has_chinese_help() {
            let mut root = command();
            root.build();
            let mut missing = Vec::new();
            let mut check = |name: &str, c: &Command| {
                for a in c.get_arguments().filter(|a| !a.is_hide_set()) {
                    let help = a.get_help().map(ToString::to_string).unwrap_or_default();
                    if !help
                        .chars()
                        .any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch))
                    {
                        missing.push(format!("{name} {}", a.get_id()));
                    }
                }
            };
            check("", &root);
            for s in root.get_subcommands().filter(|s| !s.is_hide_set()) {
                check(s.get_name(), s);
                assert!(
                    ABOUT.iter().any(|(c, _)| *c == s.get_name()),
                    "{}",
                    s.get_name()
                );
            }
            assert!(missing.is_empty(), "no Chinese help: {missing:?}");
        }
    }
}
