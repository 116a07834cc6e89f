//! `assess run DIR`: the yearly job — read and validate, score, rank, write.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::Status;
use crate::assessment;
use crate::cli::RunArgs;
use crate::framework::Framework;
use crate::intake::{self, Options};
use crate::lang::Lang;
use crate::output::{self, Inputs, Plan, Target};
use crate::report;
use crate::score::points::Adjustments;
use crate::score::{Scored, Table, table};

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
    if let Some(draws) = args.uncertainty {
        let most = crate::analysis::uncertainty::MAX_DRAWS;
        if draws == 0 || draws > most {
            bail!(
                "{}",
                lang.pick(
                    format!("--uncertainty={draws}：重新计分的次数应在 1 到 {most} 之间（默认 1000 次已足够稳定）"),
                    format!("--uncertainty={draws}: the number of re-scorings must be 1 to {most} (the default 1,000 is stable enough)"),
                )
            );
        }
    }
    if let Some(path) = &args.export {
        crate::export::check(path, lang)?;
    }
    output::guard(&targets(args, args.output.as_deref()), &inputs)?;
    let fw = super::load_framework(args.indicators.as_deref(), lang)?;
    let mut city = None;
    let mut proposed: Option<Vec<Option<String>>> = None;
    let mut findings = Vec::new();
    let mut submissions = Vec::new();
    let mut previous_from: Vec<String> = Vec::new();
    let mut previous_read = None;
    let mut ending = String::new();
    let (year, table, scored, self_scored, read) = match (&args.table, &args.dir) {
        (Some(path), _) => {
            let (table, notes) = table::read_table(path, &fw)?;
            for note in notes {
                println!("{note}");
            }
            let year = args.year.unwrap_or(fw.from_year);
            let scored = assessment::score(&fw, &table, &Adjustments::default(), year)?;
            (year, table, scored, None, vec![path.clone()])
        }
        (None, Some(dir)) => {
            let options = Options {
                year: args.year,
                city: args.city.clone(),
                today: given_timestamp(args, lang)?.map(|t| t.date()),
                ..Options::default()
            };
            let intake =
                intake::gather(&fw, std::slice::from_ref(dir), &options).with_context(|| {
                    lang.pick("无法读取所给的文件夹", "cannot read the given folder")
                })?;
            let strict = args.strict && unaccepted_warnings(&fw, &intake) > 0;
            if intake.has_errors() || strict {
                print!("{}", super::validate::render(&intake.findings, lang));
                println!("{}", intake.summary(lang));
                if !args.allow_errors {
                    print!(
                        "{}",
                        crate::summary::render(
                            &fw,
                            &intake.findings,
                            intake.city.as_ref(),
                            None,
                            true,
                            lang
                        )
                    );
                    println!(
                        "{}",
                        if intake.has_errors() {
                            lang.pick(
                                "有错误，未计分。请改正后重新运行，或加 --allow-errors 照常计分（受影响的数值在结果中标注）",
                                "there are errors; nothing was scored. Fix them and run again, or add --allow-errors to score anyway (affected values are flagged)",
                            )
                        } else {
                            lang.pick(
                                "有未核实的警告（--strict），未计分。请在市级复核表“复核”的“核实”列确认后重新运行，或加 --allow-errors 照常计分",
                                "there are warnings the city has not accepted (--strict); nothing was scored. Accept them in the city workbook's 核实 column and run again, or add --allow-errors to score anyway",
                            )
                        }
                    );
                    return Ok(Status::Findings);
                }
            }
            match &intake.city {
                Some(c) => println!("{}", lang.pick(format!("使用市级复核表：{}", c.file), format!("using the city workbook: {}", c.file))),
                None => println!(
                    "{}",
                    lang.pick(
                        "未找到本年度的市级复核表：按各县自评值计分，加分按申报计（可用 assess review 生成复核表）",
                        "no city workbook for this year: scored on the counties' own figures, bonus as claimed (assess review writes one)",
                    )
                ),
            }
            let done = assessment::assess(&fw, intake)?;
            let intake = done.intake;
            proposed = done.proposed;
            let changes = crate::summary::what_if(
                &fw,
                done.year,
                &intake.submissions,
                &intake.previous,
                &intake.findings,
                intake.city.as_ref(),
                &done.scored,
            )?;
            ending = crate::summary::render(
                &fw,
                &intake.findings,
                intake.city.as_ref(),
                Some(&changes),
                false,
                lang,
            );
            let mut files: Vec<PathBuf> = intake
                .submissions
                .iter()
                .map(|s| PathBuf::from(&s.file))
                .collect();
            if let Some(c) = &intake.city {
                files.push(PathBuf::from(&c.file));
            }
            city = intake.city;
            previous_from = intake.previous_from;
            previous_read = intake.previous_read;
            findings = intake.findings;
            submissions = intake.submissions;
            (
                done.year,
                done.table,
                done.scored,
                Some(done.self_scored),
                files,
            )
        }
        (None, None) => bail!(
            "{}",
            lang.pick(
                "请给出报表所在的文件夹，或用 --table 给出汇总表",
                "give the submissions' folder, or a wide table with --table"
            )
        ),
    };
    let stage = args.stage.as_deref().filter(|s| !s.is_empty());
    let out = args.output.clone().unwrap_or_else(|| match stage {
        Some(s) => PathBuf::from(format!("assessment-{year}-{s}.xlsx")),
        None => PathBuf::from(format!("assessment-{year}.xlsx")),
    });
    if let (None, Some(dir), None) = (&args.table, &args.dir, args.year) {
        inputs.add_all(&intake::beside(std::slice::from_ref(dir), year - 1));
    }
    output::guard(&targets(args, Some(&out)), &inputs)?;
    print!("{}", summary(&table, &scored, proposed.as_deref(), lang));
    let commended = commend(&fw, &scored);
    for c in &fw.commendations {
        let rank = |i: usize| scored.total().and_then(|t| t.rank[i]).unwrap_or(u32::MAX);
        let mut chosen: Vec<usize> = (0..scored.units.len())
            .filter(|i| {
                commended[*i]
                    .as_deref()
                    .is_some_and(|n| n.split('、').any(|x| x == c.name))
            })
            .collect();
        chosen.sort_by_key(|i| (rank(*i), scored.units[*i].clone()));
        let names: Vec<&str> = chosen
            .iter()
            .map(|i| {
                table
                    .names
                    .get(&scored.units[*i])
                    .map_or(scored.units[*i].as_str(), String::as_str)
            })
            .collect();
        println!(
            "{}{}{}",
            lang.name(&c.name, c.name_en.as_deref()),
            lang.pick("：", ": "),
            names.join(lang.pick("、", ", "))
        );
    }

    let timestamp = timestamp(args, year, &submissions, city.as_ref(), lang)?;
    let previous = previous_results(args, &fw, year, &previous_from, previous_read, lang)?;
    let uncertainty = args.uncertainty.map(|draws| {
        let settings = crate::analysis::uncertainty::Settings {
            draws,
            ..Default::default()
        };
        crate::analysis::uncertainty::simulate(&fw, &scored, &settings)
    });
    let record_inputs: Vec<(String, String)> = read
        .iter()
        .map(|p| (p.display().to_string(), sha256(p)))
        .collect();
    let results = report::Results {
        fw: &fw,
        year,
        lang,
        table: &table,
        scored: &scored,
        self_scored: self_scored.as_ref(),
        proposed: proposed.as_deref(),
        commended: &commended,
        city: city.as_ref(),
        findings: &findings,
        submissions: &submissions,
        stage,
        inputs: &record_inputs,
        previous: previous.as_ref(),
        timestamp: &timestamp,
        uncertainty: uncertainty.as_ref(),
    };
    // every output prepared, then all put in place at once (or none)
    let mut plan = Plan::new(inputs);
    let bytes = report::ranking::write(&results).context(lang.pick(
        "无法生成评估结果工作簿",
        "cannot build the results workbook",
    ))?;
    plan.file(&out, &bytes)?;
    drop(bytes);
    if let Some(folder) = &args.per_unit {
        let feedback = scored.units.iter().enumerate().map(|(i, code)| {
            let name = table.names.get(code).unwrap_or(code);
            let bytes = report::feedback::write(&results, i)
                .context(lang.pick("无法生成反馈单", "cannot build a feedback workbook"))?;
            let file = output::data_file_name(&format!("{year}-"), name, output::FEEDBACK_SUFFIX)?;
            Ok((file, bytes))
        });
        plan.folder(folder, feedback)?;
    }
    for (path, public) in [(&args.attachment, false), (&args.public, true)] {
        if let Some(path) = path {
            let bytes = report::attachment::write(&results, public)
                .context(lang.pick("无法生成得分汇总表", "cannot build the attachment table"))?;
            plan.file(path, &bytes)?;
        }
    }
    if let Some(path) = &args.bulletin {
        let bytes = report::bulletin::write(&results)
            .context(lang.pick("无法生成通报草稿", "cannot build the bulletin draft"))?;
        plan.file(path, &bytes)?;
    }
    if let Some(path) = &args.export {
        let csv = crate::export::csv(year, &table, &scored, self_scored.as_ref());
        plan.file(path, &crate::export::bytes(path, csv, lang)?)?;
    }
    plan.commit()?;

    println!(
        "{}",
        lang.pick(
            format!("结果已写入 {}", out.display()),
            format!("results written to {}", out.display())
        )
    );
    if let Some(folder) = &args.per_unit {
        let n = scored.units.len();
        println!(
            "{}",
            lang.pick(
                format!("反馈单 {n} 份已写入 {}", folder.display()),
                format!("{n} feedback workbooks written to {}", folder.display())
            )
        );
    }
    for (path, public) in [(&args.attachment, false), (&args.public, true)] {
        if let Some(path) = path {
            println!(
                "{}",
                lang.pick(
                    format!(
                        "得分汇总表（{}）已写入 {}",
                        if public { "公开" } else { "内部掌握" },
                        path.display()
                    ),
                    format!(
                        "attachment table ({}) written to {}",
                        if public { "public" } else { "internal" },
                        path.display()
                    )
                )
            );
        }
    }
    if let Some(path) = &args.bulletin {
        println!(
            "{}",
            lang.pick(
                format!("通报草稿已写入 {}", path.display()),
                format!("bulletin draft written to {}", path.display())
            )
        );
    }
    print!("{ending}");
    Ok(Status::Ok)
}

/// Warnings the city has not accepted in its review workbook.
pub fn unaccepted_warnings(fw: &Framework, intake: &intake::Intake) -> usize {
    intake
        .findings
        .iter()
        .filter(|f| f.severity == crate::finding::Severity::Warning)
        .filter(|f| crate::summary::accepted(fw, f, intake.city.as_ref()).is_none())
        .count()
}

/// Everything the run writes, in the order it writes it; the workbook when its path is known.
fn targets<'a>(args: &'a RunArgs, out: Option<&'a Path>) -> Vec<Target<'a>> {
    let mut targets: Vec<Target> = out.map(Target::File).into_iter().collect();
    targets.extend(args.per_unit.as_deref().map(Target::Folder));
    for path in [&args.attachment, &args.public, &args.bulletin, &args.export] {
        targets.extend(path.as_deref().map(Target::File));
    }
    targets
}

/// Last year's results: the published export given with `--previous-result`,
/// else last year's submissions (found beside this year's folder) and last
/// year's city workbook, re-scored under this year's framework (like with like).
/// Last year's files are those the intake already read (`read`), in the
/// folders that held last year's submissions (`from`): nothing is read twice.
fn previous_results(
    args: &RunArgs,
    fw: &Framework,
    year: i32,
    from: &[String],
    read: Option<intake::Read>,
    lang: Lang,
) -> Result<Option<report::Previous>> {
    use report::{Previous, PreviousBasis, Standing};
    if let Some(path) = &args.previous_result {
        let bytes = std::fs::read(path).with_context(|| {
            lang.pick(
                format!("无法读取上年结果 {}", path.display()),
                format!("cannot read last year's results {}", path.display()),
            )
        })?;
        let file = path.display().to_string();
        let export =
            crate::diff::read(&bytes).map_err(|e| anyhow::anyhow!(e.render(&file, lang)))?;
        // last year's rows: the year before this one, else the latest year before it
        let last = export
            .years()
            .into_iter()
            .filter_map(|y| y.parse::<i32>().ok())
            .filter(|y| *y < year)
            .max()
            .with_context(|| {
                lang.pick(
                    format!("{file} 中没有 {year} 年以前的结果"),
                    format!("{file} holds no results before {year}"),
                )
            })?;
        let mut previous = Previous {
            year: last,
            basis: PreviousBasis::Published { file },
            ..Previous::default()
        };
        for row in export.rows.iter().filter(|r| r.year == last.to_string()) {
            let score = row.score.as_ref().map(|n| n.value);
            if row.kind == crate::score::NodeKind::Total {
                previous.totals.insert(
                    row.unit.clone(),
                    Standing {
                        total: score,
                        rank: row.rank,
                        grade: Some(row.grade.clone()).filter(|g| !g.is_empty()),
                    },
                );
            } else if let Some(v) = score {
                previous
                    .scores
                    .insert((row.unit.clone(), row.code.clone()), v);
            }
        }
        return Ok(Some(previous));
    }
    let Some(read) = read.filter(|_| !from.is_empty()) else {
        return Ok(None);
    };
    let options = Options {
        year: Some(year - 1),
        previous: Some(Vec::new()),
        ..Options::default()
    };
    let intake = intake::gather_again(fw, read, from, &options);
    if intake.submissions.is_empty() {
        return Ok(None);
    }
    let done = assessment::assess(fw, intake)?;
    let (scored, intake) = (done.scored, done.intake);
    let mut previous = Previous {
        year: intake.year,
        basis: PreviousBasis::Rescored {
            from: from.to_vec(),
        },
        ..Previous::default()
    };
    let total = scored.total();
    // a unit without a usable file last year is not compared: its re-scored
    // total (the city's figures alone) is no result it had
    let submitted: std::collections::BTreeSet<&str> = intake
        .submissions
        .iter()
        .map(|s| s.unit_code.as_str())
        .collect();
    let mut without = Vec::new();
    for (i, unit) in scored.units.iter().enumerate() {
        if !submitted.contains(unit.as_str()) {
            without.push(fw.unit(unit).map_or(unit.as_str(), |u| u.name.as_str()));
            continue;
        }
        previous.totals.insert(
            unit.clone(),
            Standing {
                total: total.and_then(|t| t.score[i]),
                rank: total.and_then(|t| t.rank[i]),
                grade: scored.grades.get(i).cloned().flatten(),
            },
        );
        for node in scored
            .nodes
            .iter()
            .filter(|n| n.kind != crate::score::NodeKind::Field)
        {
            if let Some(v) = node.score[i] {
                previous.scores.insert((unit.clone(), node.code.clone()), v);
            }
        }
    }
    let (n, year) = (previous.totals.len(), intake.year);
    let mut line = lang.pick(
        format!("与 {year} 年比较：{n} 个单位按本年评分标准重新计分"),
        format!(
            "compared with {year}: {} re-scored under this year's framework",
            Lang::count(n, "unit", "units")
        ),
    );
    if !without.is_empty() {
        line += &lang.pick(
            format!("；{} 上年没有可用的报表，不作比较", without.join("、")),
            format!(
                "; not compared (no usable file for {year}): {}",
                without.join(", ")
            ),
        );
    }
    println!("{line}");
    Ok(Some(previous))
}

/// The timestamp given to the run: `--timestamp`, else `SOURCE_DATE_EPOCH`.
fn given_timestamp(args: &RunArgs, lang: Lang) -> Result<Option<report::Timestamp>> {
    use report::{Timestamp, TimestampFrom};
    if let Some(text) = &args.timestamp {
        return Timestamp::parse(text, TimestampFrom::Option)
            .with_context(|| {
                lang.pick(
                    format!("--timestamp {text}：请写成 2024-01-15 或 2024-01-15 09:30（UTC），或 1970 年以来的秒数"),
                    format!("--timestamp {text}: write it as 2024-01-15 or 2024-01-15 09:30 (UTC), or seconds since 1970"),
                )
            })
            .map(Some);
    }
    if let Ok(text) = std::env::var("SOURCE_DATE_EPOCH") {
        return Timestamp::parse(&text, TimestampFrom::Environment)
            .with_context(|| {
                lang.pick(
                    format!("环境变量 SOURCE_DATE_EPOCH={text} 不是 1970 年以来的秒数"),
                    format!("SOURCE_DATE_EPOCH={text} is not a number of seconds since 1970"),
                )
            })
            .map(Some);
    }
    Ok(None)
}

/// The run's timestamp: `--timestamp`, else `SOURCE_DATE_EPOCH`, else the
/// latest sign-off or receipt date in the inputs, else 1 January after the year.
fn timestamp(
    args: &RunArgs,
    year: i32,
    submissions: &[crate::extract::Submission],
    city: Option<&crate::city::CityInput>,
    lang: Lang,
) -> Result<report::Timestamp> {
    use report::{Timestamp, TimestampFrom};
    if let Some(given) = given_timestamp(args, lang)? {
        return Ok(given);
    }
    let dates = submissions.iter().filter_map(|s| s.signed).chain(
        city.into_iter()
            .flat_map(|c| c.received.values().map(|r| r.value)),
    );
    Ok(match dates.max() {
        Some((y, m, d)) => Timestamp::of_date(y, m, d, TimestampFrom::Inputs),
        None => Timestamp::of_date(year + 1, 1, 1, TimestampFrom::Year),
    })
}

/// The ranking as printed: rank (并列), unit, total, grade (拟定 → 审定 where the 党组 decided otherwise).
fn summary(
    table: &Table,
    scored: &Scored,
    proposed: Option<&[Option<String>]>,
    lang: Lang,
) -> String {
    let Some(total) = scored.total() else {
        return String::new();
    };
    let mut order: Vec<usize> = (0..scored.units.len()).collect();
    order.sort_by_key(|i| (total.rank[*i].unwrap_or(u32::MAX), scored.units[*i].clone()));
    let mut text = String::new();
    for i in order {
        let rank = total.rank[i];
        let tied = rank.is_some() && total.rank.iter().filter(|r| **r == rank).count() > 1;
        let code = &scored.units[i];
        let grade = scored.grades.get(i).cloned().flatten().unwrap_or_default();
        let before = proposed
            .and_then(|p| p.get(i).cloned().flatten())
            .filter(|p| *p != grade);
        let grade = match before {
            Some(p) => lang.pick(
                format!("{grade}（拟定{p}，党组审定）"),
                format!("{grade} (proposed {p}, decided)"),
            ),
            None => grade,
        };
        let flag = |name: &str| total.flags[i].iter().any(|f| f == name);
        let veto = if flag("veto") {
            lang.pick(" 一票否决", " veto")
        } else {
            ""
        };
        let absent = if flag("not-submitted") {
            lang.pick(" 未报送", " not submitted")
        } else if flag("exempt") {
            lang.pick(" 免报", " exempt")
        } else {
            ""
        };
        // parts that are empty (no score, no grade) leave no double or trailing space
        let standing = format!("{grade}{veto}{absent}");
        let score = total.score[i].map_or(String::new(), |s| format!("{s:.2}"));
        let name = table.names.get(code).map_or("", String::as_str);
        let parts: Vec<&str> = [code.as_str(), name, score.as_str(), standing.trim()]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect();
        text.push_str(&format!(
            "{:>4}{} {}\n",
            rank.map_or("—".to_string(), |r| r.to_string()),
            if tied {
                lang.pick("（并列）", " (tied)")
            } else {
                ""
            },
            parts.join(" "),
        ));
    }
    for (code, why) in &scored.unscored {
        text.push_str(&format!("   — {code} {why}\n"));
    }
    text
}

fn sha256(path: &Path) -> String {
    use sha2::{Digest, Sha256};
    match std::fs::read(path) {
        Ok(bytes) => Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
        Err(_) => String::new(),
    }
}

pub use crate::assessment::commend;
