//! `assess run DIR`: the yearly job — read and validate, score, rank, write.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};

use crate::Status;
use crate::assessment::previous::published_given;
use crate::assessment::{self, Asked, Assessment, timestamp};
use crate::cli::RunArgs;
use crate::intake::table;
use crate::intake::{self, Options};
use crate::lang::Lang;
use crate::output::{self, Inputs, Plan};
use crate::report::{self, run::Wanted};
use crate::{summary, text};

pub fn run(args: &RunArgs, lang: Lang) -> Result<Status> {
    // outputs never touch inputs: refused before anything is read (the
    // default workbook's name and last year's folder once the year is known)
    let mut inputs = Inputs::default();
    inputs
        .add_some(args.table.as_deref())
        .add_some(args.dir.as_deref().filter(|_| args.table.is_none()))
        .add_some(args.city.as_deref())
        .add_some(args.previous_result.as_deref())
        .add_some(args.indicators.as_deref());
    if let (None, Some(dir), Some(year)) = (&args.table, &args.dir, args.year) {
        inputs.add_all(&intake::beside(std::slice::from_ref(dir), year - 1));
    }
    crate::analysis::uncertainty::check_draws(args.uncertainty, lang)?;
    if let Some(path) = &args.export {
        crate::export::check(path, lang)?;
    }
    let mut wanted = wanted(args);
    // the bulletin's settings beside the framework (else the default): an input
    let settings = wanted.settings_beside(args.indicators.as_deref(), &mut inputs, lang)?;
    wanted.settings = settings.as_ref();
    output::guard(&wanted.targets(), &inputs)?;
    super::given_paths_exist(
        args.dir.iter().chain(&args.table).map(PathBuf::as_path),
        lang,
    )?;
    let fw = crate::framework::load_usable(args.indicators.as_deref(), lang)?;
    let mut asked = Asked {
        draws: args.uncertainty,
        ..Asked::default()
    };
    let (year, ending) = match (&args.table, &args.dir) {
        (Some(path), _) => {
            let (table, notes) = table::read_table(path, &fw, lang)?;
            for note in notes {
                println!("{note}");
            }
            let year = args.year.unwrap_or(fw.from_year);
            let out = workbook(args, year);
            inputs_beside(args, year, &mut inputs);
            output::guard(&wanted.with_workbook(&out).targets(), &inputs)?;
            asked.timestamp = timestamp::given(args.timestamp.as_deref(), lang)?;
            asked.published = published_given(args.previous_result.as_deref(), year, lang)?;
            (
                Assessment::of_table(&fw, path, table, year, &asked)?,
                String::new(),
            )
        }
        (None, Some(dir)) => {
            asked.timestamp = timestamp::given(args.timestamp.as_deref(), lang)?;
            let options = Options {
                year: args.year,
                city: args.city.clone(),
                today: asked.timestamp.as_ref().map(|t| t.date()),
                before_rulings: stage(args) == Some("初评"),
                ..Options::default()
            };
            let intake =
                intake::gather(&fw, std::slice::from_ref(dir), &options).with_context(|| {
                    lang.pick("无法读取所给的文件夹", "cannot read the given folder")
                })?;
            if let Some(why) = summary::blocked(&fw, &intake, args.strict) {
                print!("{}", text::findings(&intake.findings, &fw, lang));
                println!("{}", intake.summary(lang));
                if !args.allow_errors {
                    let (findings, city) = (&intake.findings, intake.city.as_ref());
                    print!("{}", summary::render(&fw, findings, city, None, true, lang));
                    println!("{}", text::run::blocked(why, lang));
                    return Ok(Status::Findings);
                }
            }
            println!("{}", text::run::city(intake.city.as_ref(), lang));
            let done = assessment::assess(&fw, intake)?;
            let i = &done.intake;
            let (findings, city) = (&i.findings, i.city.as_ref());
            let changes = summary::what_if(
                &fw,
                done.year,
                &i.submissions,
                &i.previous,
                findings,
                city,
                &done.scored,
            )?;
            let ending = summary::render(&fw, findings, city, Some(&changes), false, lang);
            let out = workbook(args, done.year);
            inputs_beside(args, done.year, &mut inputs);
            output::guard(&wanted.with_workbook(&out).targets(), &inputs)?;
            asked.published = published_given(args.previous_result.as_deref(), done.year, lang)?;
            (Assessment::of_intake(&fw, done, &asked)?, ending)
        }
        (None, None) => bail!("{}", text::run::nothing_given(lang)),
    };
    print!("{}", text::run::ranking(&year, &fw, lang));
    print!("{}", text::run::commendations(&fw, &year, lang));
    if let Some(line) = text::run::compared(year.previous.as_ref(), lang) {
        println!("{line}");
    }
    if args.bulletin.is_some()
        && settings
            .as_ref()
            .is_some_and(|s| s.year(year.year).is_none())
    {
        println!("{}", text::run::no_bulletin_year(year.year, lang));
    }
    let out = workbook(args, year.year);
    wanted.workbook = Some(&out);
    let results = report::Results::of(&year, &fw, lang, stage(args));
    let mut plan = Plan::new(inputs);
    report::run::prepare(&results, &wanted, &out, &mut plan)?;
    plan.commit()?;
    let per_unit = wanted.per_unit.map(|f| (f, year.scored.units.len()));
    let written = text::run::written(&out, per_unit, &wanted.attachments(), wanted.bulletin, lang);
    print!("{written}{ending}");
    Ok(Status::Ok)
}

/// The files asked for (the workbook's path once the year is known).
fn wanted(args: &RunArgs) -> Wanted<'_> {
    Wanted {
        workbook: args.output.as_deref(),
        per_unit: args.per_unit.as_deref(),
        attachment: args.attachment.as_deref(),
        public: args.public.as_deref(),
        bulletin: args.bulletin.as_deref(),
        export: args.export.as_deref(),
        settings: None,
    }
}

/// `-o`, else `assessment-YEAR.xlsx` (`assessment-YEAR-STAGE.xlsx` with `--stage`).
fn workbook(args: &RunArgs, year: i32) -> PathBuf {
    let stage = || report::run::default_workbook(year, stage(args));
    args.output.clone().unwrap_or_else(stage)
}

/// `--stage` when given (初评, 终评).
fn stage(args: &RunArgs) -> Option<&str> {
    args.stage.as_deref().filter(|s| !s.is_empty())
}

/// Last year's folder is an input too, once the year is known.
fn inputs_beside(args: &RunArgs, year: i32, inputs: &mut Inputs) {
    if let (None, Some(dir), None) = (&args.table, &args.dir, args.year) {
        inputs.add_all(&intake::beside(std::slice::from_ref(dir), year - 1));
    }
}
