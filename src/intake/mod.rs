//! Taking in a year's submissions: find every file, read each one in
//! isolation, identify it by its stamp, choose among re-submissions, read and
//! validate the chosen ones, and account for every file found.
//!
//! Nothing is lost: every file found is either read, rejected with its reason
//! or skipped with its reason, and [`Intake::summary`] says so.

pub mod table;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::code::UnitCode;
use crate::extract::{self, Stamp, Submission};
use crate::finding::{Finding, Severity, SkipReason, What};
use crate::framework::Framework;
use crate::ingest::isolate::{Limits, read_all_isolated, read_isolated};
use crate::ingest::limits::MAX_FILES;
use crate::ingest::{RawWorkbook, ReadError};
use crate::lang::Lang;
use crate::submission::Receipt;
use crate::validate;

/// Choices for one intake.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The assessment year; by default the year most stamps name.
    pub year: Option<i32>,
    /// Last year's submissions (a folder or files); by default the folder
    /// named after last year beside each folder given.
    pub previous: Option<Vec<PathBuf>>,
    /// The city's review workbook; by default the one found by its stamp among the files.
    pub city: Option<PathBuf>,
    pub limits: Limits,
    /// The run's date when it was given (`--timestamp`, `SOURCE_DATE_EPOCH`):
    /// a 填报日期 after it is an error. Never the wall clock.
    pub today: Option<crate::date::Date>,
    /// Only the units of the files given are checked: a unit without a file
    /// is no finding (a county checking its own file before sending it).
    pub only_given: bool,
    /// `--stage 初评`: the city's rulings on objections (申诉) are read, not
    /// applied (the 初评 is what the counties object to).
    pub before_rulings: bool,
}

/// What became of the files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub found: usize,
    pub read: usize,
    pub rejected: usize,
    pub skipped: usize,
    /// Read, but not used because a newer file of the same unit was.
    pub superseded: usize,
}

/// The outcome of an intake.
#[derive(Debug, Default)]
pub struct Intake {
    pub year: i32,
    /// One per unit, in the registry's order.
    pub submissions: Vec<Submission>,
    /// Last year's submissions by unit code, when found.
    pub previous: BTreeMap<UnitCode, Submission>,
    /// Where last year's submissions came from.
    pub previous_from: Vec<String>,
    /// Last year's files as read, kept so that `assess run` can assess last
    /// year from them ([`gather_again`]) instead of reading them again.
    pub previous_read: Option<Read>,
    pub findings: Vec<Finding>,
    pub counts: Counts,
    /// The city's review workbook, when one was found or given.
    pub city: Option<crate::city::CityInput>,
}

impl Intake {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// `找到 11 个文件 = 读取 9 + 拒收 1 + 跳过 1`.
    pub fn summary(&self, lang: Lang) -> String {
        let c = &self.counts;
        let superseded = if c.superseded > 0 {
            lang.pick(
                format!("（其中 {} 个为被新版本替代的旧文件）", c.superseded),
                format!(" ({} of them superseded by a newer file)", c.superseded),
            )
        } else {
            String::new()
        };
        let (errors, warnings, notes) =
            self.findings
                .iter()
                .fold((0, 0, 0), |(e, w, n), f| match f.severity {
                    Severity::Error => (e + 1, w, n),
                    Severity::Warning => (e, w + 1, n),
                    Severity::Note => (e, w, n + 1),
                });
        lang.pick(
            format!(
                "找到 {} 个文件 = 读取 {}{superseded} + 拒收 {} + 跳过 {}；{} 个错误，{} 个警告，{} 条提示",
                c.found, c.read, c.rejected, c.skipped, errors, warnings, notes
            ),
            format!(
                "{} found = {} read{superseded} + {} rejected + {} skipped; {}, {}, {}",
                Lang::count(c.found, "file", "files"),
                c.read,
                c.rejected,
                c.skipped,
                Lang::count(errors, "error", "errors"),
                Lang::count(warnings, "warning", "warnings"),
                Lang::count(notes, "note", "notes"),
            ),
        )
    }
}

/// The kinds of file we read.
const SPREADSHEETS: [&str; 4] = ["xlsx", "xlsm", "xls", "ods"];

/// Every file under `paths` (folders walked in name order), with the ones
/// that are not to be opened and why: a symbolic link to a folder is never
/// followed (a loop such as `ln -s . self`, a folder outside the given ones,
/// or one read anyway under its own name), a link to a file outside the
/// given folders is not read, and a file reached again through a link is
/// read once. What is not a regular file (a FIFO, a socket, a device) is
/// never opened ([`skip_reason`]).
pub fn discover(paths: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    discover_all(paths).map(|found| found.files)
}

/// What [`discover`] finds: every path, and those already known to be skipped.
pub(crate) struct Found {
    pub files: Vec<PathBuf>,
    pub skipped: HashMap<PathBuf, SkipReason>,
}

pub(crate) fn discover_all(paths: &[PathBuf]) -> std::io::Result<Found> {
    struct Walk {
        roots: Vec<PathBuf>,
        seen: HashSet<PathBuf>,
        found: Found,
    }
    impl Walk {
        fn inside(&self, real: &Path) -> bool {
            self.roots.iter().any(|r| real.starts_with(r))
        }
        fn file(&mut self, path: PathBuf, link: bool) -> std::io::Result<()> {
            let real = std::fs::canonicalize(&path).ok();
            let skip = match &real {
                None if link => Some(SkipReason::LinkBroken),
                Some(real) if link && !self.inside(real) => Some(SkipReason::LinkOutside),
                Some(real) if !self.seen.insert(real.clone()) => Some(SkipReason::SameFile),
                _ => None,
            };
            if let Some(reason) = skip {
                self.found.skipped.insert(path.clone(), reason);
            }
            self.found.files.push(path);
            at_most_max_files(&self.found.files)
        }
        fn dir(&mut self, dir: &Path) -> std::io::Result<()> {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
                .map(|e| e.map(|e| e.path()))
                .collect::<Result<_, _>>()?;
            entries.sort();
            for path in entries {
                let link = std::fs::symlink_metadata(&path)
                    .map(|m| m.file_type().is_symlink())
                    .unwrap_or(false);
                if link && path.is_dir() {
                    // a linked folder is listed, never walked
                    let real = std::fs::canonicalize(&path).ok();
                    let reason = match real {
                        Some(real) if dir.canonicalize().is_ok_and(|d| d.starts_with(&real)) => {
                            SkipReason::LinkLoop
                        }
                        Some(real) if self.inside(&real) => SkipReason::LinkedFolder,
                        Some(_) => SkipReason::LinkOutside,
                        None => SkipReason::LinkBroken,
                    };
                    self.found.skipped.insert(path.clone(), reason);
                    self.found.files.push(path);
                    at_most_max_files(&self.found.files)?;
                } else if path.is_dir() {
                    self.dir(&path)?;
                } else {
                    self.file(path, link)?;
                }
            }
            Ok(())
        }
    }
    let mut walk = Walk {
        roots: paths
            .iter()
            .filter(|p| p.is_dir())
            .filter_map(|p| std::fs::canonicalize(p).ok())
            .collect(),
        seen: HashSet::new(),
        found: Found {
            files: Vec::new(),
            skipped: HashMap::new(),
        },
    };
    for path in paths {
        if path.is_dir() {
            walk.dir(path)?;
        } else if path.exists() || std::fs::symlink_metadata(path).is_ok() {
            // a file named on the command line is read wherever it is
            walk.file(path.clone(), false)?;
        } else {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("`{}` does not exist", path.display()),
            ));
        }
    }
    Ok(walk.found)
}

/// The files of one run are at most [`MAX_FILES`] (`ingest/limits.rs`).
fn at_most_max_files(files: &[PathBuf]) -> std::io::Result<()> {
    if files.len() > MAX_FILES {
        return Err(std::io::Error::other(format!(
            "more than {MAX_FILES} files found, the limit of one run; nothing was read: give only the folder with the year's submissions"
        )));
    }
    Ok(())
}

/// Why a file is not even opened, if it is not. Its type is looked up
/// without opening it: a FIFO opened for reading would block the run.
fn skip_reason(path: &Path) -> Option<SkipReason> {
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return Some(SkipReason::NotRegular);
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name.starts_with("~$") || name.starts_with(".~lock.") {
        return Some(SkipReason::LockFile);
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if ext == "et" {
        return Some(SkipReason::WpsFormat);
    }
    (!SPREADSHEETS.contains(&ext.as_str())).then_some(SkipReason::NotSpreadsheet)
}

/// A county file that was read and identified. Its values are extracted as
/// soon as it is read (for the year and unit its stamp names) and the raw
/// cells dropped, so that memory grows with the submissions, not with the
/// cells of every file at once.
struct Candidate {
    display: String,
    stamp: Stamp,
    modified: Option<SystemTime>,
    /// The sign-off date (tells re-submissions apart).
    signed: Option<crate::date::Date>,
    /// The submission and what extracting it found, when the stamp names a
    /// known unit, a year and this framework.
    extracted: Option<(Submission, Vec<Finding>)>,
    /// The places naming different units, when they disagree (the file is
    /// then assigned to no unit).
    conflict: Option<Vec<crate::identity::Claim>>,
    /// The places naming the file's year, when they disagree.
    year_conflict: Option<Vec<crate::identity::Claim>>,
}

/// The sign-off date and the file time: what tells re-submissions apart
/// (the later is the newer).
type Newness = (Option<crate::date::Date>, Option<SystemTime>);

impl Candidate {
    fn newness(&self) -> Newness {
        (self.signed, self.modified)
    }
}

/// What became of one file, before the year is known.
enum Outcome {
    Skipped(SkipReason),
    Unreadable(crate::ingest::ReadError),
    NotTemplate,
    City {
        workbook: RawWorkbook,
        year: Option<i32>,
        modified: Option<SystemTime>,
    },
    County(Box<Candidate>),
}

/// Files read and identified, not yet gathered into an intake.
pub struct Read {
    /// The files and folders given.
    paths: Vec<PathBuf>,
    /// Every file under them, and what became of it.
    files: Vec<PathBuf>,
    outcomes: Vec<Outcome>,
}

impl std::fmt::Debug for Read {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Read({} files)", self.files.len())
    }
}

impl Read {
    /// Every file under `paths`, read.
    fn of(fw: &Framework, paths: &[PathBuf], limits: &Limits) -> std::io::Result<Read> {
        let found = discover_all(paths)?;
        let outcomes = take_all(fw, &found, limits);
        let files = found.files;
        Ok(Read {
            paths: paths.to_vec(),
            files,
            outcomes,
        })
    }

    /// The county files stamped `year` (or naming it among disagreeing
    /// places) that are not submissions of it, as warnings: comparisons with
    /// that year leave them out, and the run must say so.
    fn rejects_of(&self, fw: &Framework, year: i32) -> Vec<Finding> {
        let names_year = |c: &Candidate| {
            c.stamp.year == Some(year)
                || c.year_conflict.as_ref().is_some_and(|claims| {
                    claims.iter().any(|claim| claim.units == [year.to_string()])
                })
        };
        self.outcomes
            .iter()
            .filter_map(|o| match o {
                Outcome::County(c) if names_year(c) => rejection(fw, c, year),
                _ => None,
            })
            .map(|f| Finding {
                severity: Severity::Warning,
                what: What::PreviousNotRead {
                    year,
                    why: Box::new(f.what.clone()),
                },
                ..f
            })
            .collect()
    }

    /// The submissions of `year`, by unit code: of a unit's files, the one
    /// the intake of that year would choose (the later 填报日期, then the later
    /// file time; the first in file order when nothing tells them apart), so
    /// that the year-on-year checks compare with the file last year's
    /// re-scoring uses.
    fn submissions_of(&self, year: i32) -> BTreeMap<UnitCode, Submission> {
        let mut out: BTreeMap<UnitCode, (Newness, &Submission)> = BTreeMap::new();
        for outcome in &self.outcomes {
            let Outcome::County(candidate) = outcome else {
                continue;
            };
            if candidate.stamp.year != Some(year) {
                continue;
            }
            if let Some((sub, _)) = &candidate.extracted {
                let newness = candidate.newness();
                let entry = out.entry(sub.unit_code.clone()).or_insert((newness, sub));
                if newness > entry.0 {
                    *entry = (newness, sub);
                }
            }
        }
        out.into_iter()
            .map(|(unit, (_, sub))| (unit, sub.clone()))
            .collect()
    }
}

/// Keeps what the intake needs of one file read in a child process.
fn take(fw: &Framework, path: &Path, read: Result<RawWorkbook, ReadError>) -> Outcome {
    let workbook = match read {
        Ok(workbook) => workbook,
        Err(err) => return Outcome::Unreadable(err),
    };
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
    if let Some(kind) = workbook
        .properties
        .get(crate::layout::PROP_KIND)
        .and_then(|k| crate::layout::OUTPUT_KINDS.iter().find(|o| **o == k.trim()))
    {
        return Outcome::Skipped(SkipReason::OwnOutput(kind));
    }
    if let Some(year) = crate::city::identify(&workbook) {
        return Outcome::City {
            workbook,
            year: Some(year),
            modified,
        };
    }
    let stamp = extract::stamp(&workbook);
    if !stamp.is_ours() {
        return Outcome::NotTemplate;
    }
    let display = path.display().to_string();
    let ours = stamp.framework.as_ref().is_none_or(|id| *id == fw.id);
    let unit = stamp.unit_code.as_deref().and_then(|c| fw.unit(c));
    let identity = crate::identity::identify(fw, &workbook, &display);
    let conflict = identity.unit().err();
    let year_conflict = identity.year().err();
    let extracted = match (ours, unit, stamp.year, &conflict, &year_conflict) {
        (true, Some(unit), Some(year), None, None) => {
            let mut found = Vec::new();
            let sub = extract::extract(fw, &workbook, &display, &unit.code, year, &mut found);
            Some((sub, found))
        }
        _ => None,
    };
    Outcome::County(Box::new(Candidate {
        display,
        signed: extract::sign_date(&workbook),
        stamp,
        modified,
        extracted,
        conflict,
        year_conflict,
    }))
}

/// Reads every file, in parallel across the cores, in the order given; with
/// a progress bar on a terminal.
///
/// Files go to child processes in batches (at most [`BATCH`] files, about
/// four batches per core, so that the cores stay busy to the end); each
/// batch's files are checked here as soon as the batch is read.
fn take_all(fw: &Framework, found: &Found, limits: &Limits) -> Vec<Outcome> {
    let files = &found.files;
    use rayon::prelude::*;
    let progress = crate::progress::Progress::new(files.len());
    let per_batch = files
        .len()
        .div_ceil(rayon::current_num_threads() * 4)
        .clamp(1, BATCH);
    let out = files
        .par_chunks(per_batch)
        .flat_map_iter(|batch| {
            let skipped: Vec<Option<SkipReason>> = batch
                .iter()
                .map(|p| found.skipped.get(p).copied().or_else(|| skip_reason(p)))
                .collect();
            let to_read: Vec<PathBuf> = batch
                .iter()
                .zip(&skipped)
                .filter(|(_, skip)| skip.is_none())
                .map(|(path, _)| path.clone())
                .collect();
            let mut answers = read_all_isolated(&to_read, limits).into_iter();
            let outcomes: Vec<Outcome> = batch
                .iter()
                .zip(skipped)
                .map(|(path, skip)| match skip {
                    Some(reason) => Outcome::Skipped(reason),
                    // one answer per file read, in order
                    None => take(
                        fw,
                        path,
                        answers
                            .next()
                            .unwrap_or_else(|| Err(ReadError::Crashed("no answer".to_string()))),
                    ),
                })
                .collect();
            progress.tick_by(outcomes.len());
            outcomes
        })
        .collect();
    progress.finish();
    out
}

/// Most files read by one child process.
const BATCH: usize = 16;

/// Reads, identifies and validates the submissions under `paths`.
pub fn gather(fw: &Framework, paths: &[PathBuf], options: &Options) -> std::io::Result<Intake> {
    Ok(gather_read(
        fw,
        Read::of(fw, paths, &options.limits)?,
        options,
    ))
}

/// [`gather`] on files already read (last year's, kept by an intake of this
/// year in [`Intake::previous_read`]): those under the folders `under` only.
pub fn gather_again(fw: &Framework, read: Read, under: &[String], options: &Options) -> Intake {
    let (files, outcomes) = read
        .files
        .into_iter()
        .zip(read.outcomes)
        .filter(|(file, _)| under.iter().any(|folder| file.starts_with(folder)))
        .unzip();
    let paths = under.iter().map(PathBuf::from).collect();
    gather_read(
        fw,
        Read {
            paths,
            files,
            outcomes,
        },
        options,
    )
}

fn gather_read(fw: &Framework, read: Read, options: &Options) -> Intake {
    let Read {
        paths,
        files,
        outcomes,
    } = read;
    let mut intake = Intake::default();
    intake.counts.found = files.len();
    let mut candidates = Vec::new();
    let mut cities: Vec<(String, RawWorkbook, Option<i32>, Option<SystemTime>)> = Vec::new();
    if let Some(path) = &options.city {
        let display = path.display().to_string();
        match read_isolated(path, &options.limits) {
            Ok(workbook) => {
                let year = crate::city::identify(&workbook);
                if year.is_none() {
                    intake.findings.push(Finding::file(
                        Severity::Error,
                        &display,
                        What::NotTemplate,
                    ));
                } else {
                    cities.push((display, workbook, year, None));
                }
            }
            Err(err) => intake.findings.push(Finding::file(
                Severity::Error,
                &display,
                What::Unreadable(err),
            )),
        }
    }
    for (path, outcome) in files.iter().zip(outcomes) {
        let display = path.display().to_string();
        match outcome {
            Outcome::Skipped(reason) => {
                intake.counts.skipped += 1;
                intake.findings.push(Finding::file(
                    Severity::Note,
                    &display,
                    What::Skipped(reason),
                ));
            }
            Outcome::City {
                workbook,
                year,
                modified,
            } => {
                intake.counts.read += 1;
                if options.city.is_none() {
                    cities.push((display, workbook, year, modified));
                }
            }
            Outcome::County(candidate) => candidates.push(*candidate),
            Outcome::NotTemplate => {
                intake.counts.rejected += 1;
                intake
                    .findings
                    .push(Finding::file(Severity::Error, &display, What::NotTemplate));
            }
            Outcome::Unreadable(err) => {
                intake.counts.rejected += 1;
                intake.findings.push(Finding::file(
                    Severity::Error,
                    &display,
                    What::Unreadable(err),
                ));
            }
        }
    }
    intake.year = options
        .year
        .unwrap_or_else(|| common_year(&candidates).unwrap_or(fw.from_year));

    // the city's workbook of this year (the newest when there are several)
    cities.sort_by_key(|c| c.3);
    let mut used_city = false;
    for (display, workbook, year, _) in cities.iter().rev() {
        if *year != Some(intake.year) {
            intake.findings.push(Finding::file(
                Severity::Warning,
                display,
                What::CityOtherYear {
                    found: year.unwrap_or_default(),
                    expected: intake.year,
                },
            ));
            continue;
        }
        if used_city {
            continue;
        }
        used_city = true;
        intake.findings.push(Finding::file(
            Severity::Note,
            display,
            What::CityUsed {
                file: display.clone(),
            },
        ));
        intake.city = Some(crate::city::read(
            fw,
            workbook,
            display,
            intake.year,
            &mut intake.findings,
        ));
    }

    // identify: framework, year, unit
    let mut by_unit: BTreeMap<UnitCode, Vec<Candidate>> = BTreeMap::new();
    for c in candidates {
        if let Some(finding) = rejection(fw, &c, intake.year) {
            intake.counts.rejected += 1;
            intake.findings.push(finding);
            continue;
        }
        let code = c.stamp.unit_code.clone().unwrap_or_default();
        let unit = fw
            .unit(&code)
            .map_or_else(|| UnitCode::new(code), |u| u.code.clone());
        by_unit.entry(unit).or_default().push(c);
    }

    // previous year, for running totals and changes
    let previous_paths = options
        .previous
        .clone()
        .unwrap_or_else(|| beside(&paths, intake.year - 1));
    if !previous_paths.is_empty()
        && let Ok(read) = Read::of(fw, &previous_paths, &options.limits)
    {
        intake.previous = read.submissions_of(intake.year - 1);
        intake.findings.extend(read.rejects_of(fw, intake.year - 1));
        intake.previous_read = Some(read);
        // the folders that held last year's files
        let mut from: Vec<String> = intake
            .previous
            .values()
            .filter_map(|s| Path::new(&s.file).parent().map(|p| p.display().to_string()))
            .collect();
        from.sort();
        from.dedup();
        intake.previous_from = from;
    }

    for unit in &fw.units {
        let recorded = intake
            .city
            .as_ref()
            .and_then(|c| c.status.get(&unit.code))
            .map(|s| (s.value, s.cell.clone()));
        let Some(mut files) = by_unit.remove(&unit.code) else {
            if options.only_given {
                continue;
            }
            // nobody is missing silently: an error unless the city recorded why
            let (severity, recorded, file, cell) = match recorded {
                Some((r @ (Receipt::NotSubmitted | Receipt::Exempt), cell)) => {
                    let file = intake.city.as_ref().map(|c| c.file.clone());
                    let severity = if r == Receipt::Exempt {
                        Severity::Note
                    } else {
                        Severity::Warning
                    };
                    (severity, Some(r), file.unwrap_or_default(), Some(cell))
                }
                _ => (Severity::Error, None, String::new(), None),
            };
            intake.findings.push(Finding {
                unit: Some(unit.name.clone()),
                cell,
                ..Finding::file(
                    severity,
                    &file,
                    What::NoSubmission {
                        code: unit.code.to_string(),
                        name: unit.names(),
                        recorded,
                    },
                )
            });
            continue;
        };
        if let (Some(city), Some((r @ (Receipt::NotSubmitted | Receipt::Exempt), cell))) =
            (&intake.city, &recorded)
        {
            intake.findings.push(Finding {
                unit: Some(unit.name.clone()),
                cell: Some(cell.clone()),
                ..Finding::file(
                    Severity::Warning,
                    &city.file,
                    What::RecordedButSubmitted {
                        recorded: r.label(),
                    },
                )
            });
        }
        let Some(chosen) = choose(&mut files, unit, &mut intake) else {
            continue;
        };
        // a 填报日期 after the day the city received the file, or after the run's date
        if let Some((sub, _)) = &chosen.extracted
            && let (Some(signed), Some(cell)) = (sub.signed, &sub.signed_cell)
        {
            let received = intake
                .city
                .as_ref()
                .and_then(|c| c.received.get(&unit.code))
                .map(|r| r.value);
            let later = [(received, false), (options.today, true)]
                .into_iter()
                .find_map(|(limit, today)| limit.filter(|l| signed > *l).map(|l| (l, today)));
            if let Some((limit, today)) = later {
                intake.findings.push(Finding {
                    unit: Some(unit.name.clone()),
                    cell: Some(cell.clone()),
                    field: None,
                    typed: None,
                    ..Finding::file(
                        Severity::Error,
                        &chosen.display,
                        What::SignedAfter {
                            signed,
                            limit,
                            today,
                        },
                    )
                });
            }
        }
        intake.counts.read += 1;
        let file_name = Path::new(&chosen.display)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // a file name naming another unit is a contradiction, found when read
        if crate::identity::units_named(fw, &file_name).is_empty() {
            intake.findings.push(Finding {
                unit: Some(unit.name.clone()),
                ..Finding::file(
                    Severity::Note,
                    &chosen.display,
                    What::FileNameMismatch { unit: unit.names() },
                )
            });
        }
        if let Some(version) = &chosen.stamp.version
            && *version != fw.version
        {
            intake.findings.push(Finding {
                unit: Some(unit.name.clone()),
                ..Finding::file(
                    Severity::Warning,
                    &chosen.display,
                    What::OtherVersion {
                        found: version.clone(),
                        expected: fw.version.clone(),
                    },
                )
            });
        }
        // extracted when read: the stamp names this unit, this year and this framework
        let Some((sub, found)) = chosen.extracted else {
            continue;
        };
        intake.findings.extend(found);
        validate::check(
            fw,
            &sub,
            intake.previous.get(&unit.code),
            &mut intake.findings,
        );
        intake.submissions.push(sub);
    }
    if let Some(city) = intake.city.as_mut()
        && !options.before_rulings
    {
        crate::city::objection::apply(fw, city, &intake.submissions);
    }
    intake
}

/// Among several files of one unit, the newest: by the sign-off date, then by
/// the file's time. Files that cannot be told apart are an error and none is used.
fn choose(
    files: &mut Vec<Candidate>,
    unit: &crate::framework::Unit,
    intake: &mut Intake,
) -> Option<Candidate> {
    if files.len() == 1 {
        return files.pop();
    }
    let mut keyed: Vec<(Newness, Candidate)> = files.drain(..).map(|c| (c.newness(), c)).collect();
    keyed.sort_by_key(|k| k.0);
    let names: Vec<String> = keyed.iter().map(|k| k.1.display.clone()).collect();
    let last = keyed.len() - 1;
    let (top, second) = (&keyed[last].0, &keyed[last - 1].0);
    let by = if top.0 != second.0 {
        "date"
    } else if top.1 != second.1 {
        "time"
    } else {
        intake.counts.rejected += keyed.len();
        intake.findings.push(Finding {
            unit: Some(unit.name.clone()),
            ..Finding::file(
                Severity::Error,
                "",
                What::Indistinguishable { files: names },
            )
        });
        return None;
    };
    let (_, chosen) = keyed.pop()?;
    intake.counts.superseded += keyed.len();
    intake.counts.read += keyed.len();
    intake.findings.push(Finding {
        unit: Some(unit.name.clone()),
        ..Finding::file(
            Severity::Warning,
            &chosen.display,
            What::Resubmitted {
                used: chosen.display.clone(),
                others: keyed.iter().map(|k| k.1.display.clone()).collect(),
                by,
            },
        )
    });
    Some(chosen)
}

/// Why a county file is not a submission of `year` (an error), if it is not:
/// another framework, places disagreeing on its year, another year, a unit
/// the registry does not have, places disagreeing on its unit.
fn rejection(fw: &Framework, c: &Candidate, year: i32) -> Option<Finding> {
    let found = c.stamp.year.unwrap_or_default();
    let code = c.stamp.unit_code.clone().unwrap_or_default();
    let reject = |what| Finding::file(Severity::Error, &c.display, what);
    match &c.stamp.framework {
        Some(id) if *id != fw.id => Some(reject(What::OtherFramework {
            found: id.clone(),
            expected: fw.id.clone(),
        })),
        _ if c.year_conflict.is_some() => c.year_conflict.as_ref().map(|claims| {
            reject(What::YearConflict {
                claims: claims
                    .iter()
                    .map(|claim| crate::finding::Named::of(fw, claim))
                    .collect(),
            })
        }),
        _ if found != year => Some(reject(What::OtherYear {
            found,
            expected: year,
        })),
        _ if fw.unit(&code).is_none() => Some(Finding {
            cell: c.stamp.unit_code_cell.clone(),
            ..reject(What::UnknownUnit {
                code: code.clone(),
                name: c.stamp.unit_name.clone().unwrap_or_default(),
                known: c
                    .stamp
                    .unit_name
                    .as_deref()
                    .and_then(|n| fw.unit(n.trim()))
                    .map(|u| u.code.to_string()),
            })
        }),
        // which unit's file it is cannot be told: it is nobody's
        _ => c.conflict.as_ref().map(|claims| {
            reject(What::IdentityConflict {
                claims: claims
                    .iter()
                    .map(|claim| crate::finding::Named::of(fw, claim))
                    .collect(),
            })
        }),
    }
}

/// The folders beside the given ones where last year's submissions may be:
/// the folder named after the year (`samples/2022` beside `samples/2023`),
/// else every sibling folder (only files stamped with that year are used).
pub(crate) fn beside(paths: &[PathBuf], year: i32) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths.iter().filter(|p| p.is_dir()) {
        // a relative folder such as `本年` has the current folder as its parent
        let parent = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let listing = if parent.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            parent.clone()
        };
        let named = parent.join(year.to_string());
        if named.is_dir() && named != *path {
            out.push(named);
            continue;
        }
        let Ok(entries) = std::fs::read_dir(&listing) else {
            continue;
        };
        let mut siblings: Vec<PathBuf> = entries
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_dir() && Some(e.file_name().as_os_str()) != path.file_name())
            .map(|e| parent.join(e.file_name()))
            .collect();
        siblings.sort();
        out.extend(siblings);
    }
    out
}

/// The year most stamps name (the later one on a tie).
fn common_year(candidates: &[Candidate]) -> Option<i32> {
    let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
    for c in candidates {
        if let Some(y) = c.stamp.year {
            *counts.entry(y).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|(y, n)| (*n, *y))
        .map(|(y, _)| y)
}

/// Last year's submissions under `paths`, by unit code (the first file of each
/// unit in file order); none when the paths cannot be listed.
pub fn read_year(
    fw: &Framework,
    paths: &[PathBuf],
    year: i32,
    limits: &Limits,
) -> BTreeMap<UnitCode, Submission> {
    Read::of(fw, paths, limits)
        .map(|read| read.submissions_of(year))
        .unwrap_or_default()
}
