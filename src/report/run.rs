//! The files of a run, prepared into one [`Plan`]: the assessment workbook,
//! each county's feedback, the attachment (internal and public), the
//! bulletin draft and the long export — all put in place at once, or none.

use std::path::Path;

use anyhow::{Context, Result};

use super::Results;
use super::bulletin::Settings;
use crate::lang::Lang;
use crate::output::{self, Plan, Target};

/// The files a run was asked to write.
#[derive(Debug, Clone, Copy, Default)]
pub struct Wanted<'a> {
    /// The assessment workbook, once its path is known.
    pub workbook: Option<&'a Path>,
    /// `--per-unit DIR`: one feedback workbook per unit.
    pub per_unit: Option<&'a Path>,
    pub attachment: Option<&'a Path>,
    pub public: Option<&'a Path>,
    pub bulletin: Option<&'a Path>,
    /// `--export FILE.csv` (or `.parquet`).
    pub export: Option<&'a Path>,
    /// The bulletin's yearly settings (issuer, 发文字号, units' full names),
    /// for the bulletin and the attachments; the default when `None`.
    pub settings: Option<&'a Settings>,
}

impl<'a> Wanted<'a> {
    /// Everything the run writes, in the order it writes it.
    pub fn targets(&self) -> Vec<Target<'a>> {
        let mut targets: Vec<Target> = self.workbook.map(Target::File).into_iter().collect();
        targets.extend(self.per_unit.map(Target::Folder));
        for path in [self.attachment, self.public, self.bulletin, self.export] {
            targets.extend(path.map(Target::File));
        }
        targets
    }

    /// The same files, the workbook at `path`.
    pub fn with_workbook(&self, path: &'a Path) -> Wanted<'a> {
        Wanted {
            workbook: Some(path),
            ..*self
        }
    }

    /// Whether a file asked for needs the bulletin's settings: the bulletin,
    /// the attachments (units' full names) or the feedback (its issuer).
    pub fn needs_settings(&self) -> bool {
        self.bulletin.is_some()
            || self.attachment.is_some()
            || self.public.is_some()
            || self.per_unit.is_some()
    }

    /// The bulletin's settings beside the framework at `indicators` (else the
    /// default) when [`Wanted::needs_settings`]; the file found is an input.
    pub fn settings_beside(
        &self,
        indicators: Option<&Path>,
        inputs: &mut output::Inputs,
        lang: Lang,
    ) -> Result<Option<Settings>> {
        if !self.needs_settings() {
            return Ok(None);
        }
        let (settings, path) = Settings::find(indicators, lang)?;
        inputs.add_some(path.as_deref());
        Ok(Some(settings))
    }

    /// The attachment tables asked for, with whether each is the public one.
    pub fn attachments(&self) -> Vec<(&'a Path, bool)> {
        [(self.attachment, false), (self.public, true)]
            .into_iter()
            .filter_map(|(p, public)| p.map(|p| (p, public)))
            .collect()
    }
}

/// The assessment workbook's name when none is given: `assessment-YEAR.xlsx`,
/// `assessment-YEAR-STAGE.xlsx` at a stage (初评, 终评).
pub fn default_workbook(year: i32, stage: Option<&str>) -> std::path::PathBuf {
    match stage {
        Some(s) => format!("assessment-{year}-{s}.xlsx").into(),
        None => format!("assessment-{year}.xlsx").into(),
    }
}

/// Builds every wanted file of `results` into `plan` (the workbook at `workbook`).
pub fn prepare(results: &Results, wanted: &Wanted, workbook: &Path, plan: &mut Plan) -> Result<()> {
    let lang: Lang = results.lang;
    let bytes = super::ranking::write(results).context(lang.pick(
        "无法生成评估结果工作簿",
        "cannot build the results workbook",
    ))?;
    plan.file(workbook, &bytes)?;
    drop(bytes);
    let (year, scored, table) = (results.year, results.scored, results.table);
    let default;
    let settings = match wanted.settings {
        Some(s) => s,
        None => {
            default = Settings::parse(super::bulletin::settings::DEFAULT, "<default>", lang)?;
            &default
        }
    };

    if let Some(folder) = wanted.per_unit {
        let feedback = scored.units.iter().enumerate().map(|(i, code)| {
            let name = table.names.get(code).map_or(code.as_str(), String::as_str);
            let bytes = super::feedback::write(results, settings, i)
                .context(lang.pick("无法生成反馈单", "cannot build a feedback workbook"))?;
            let file = output::data_file_name(&format!("{year}-"), name, output::FEEDBACK_SUFFIX)?;
            Ok((file, bytes))
        });
        plan.folder(folder, feedback)?;
    }
    for (path, public) in wanted.attachments() {
        let bytes = super::attachment::write(results, settings, public)
            .context(lang.pick("无法生成得分汇总表", "cannot build the attachment table"))?;
        plan.file(path, &bytes)?;
    }
    if let Some(path) = wanted.bulletin {
        let bytes = super::bulletin::write(results, settings)
            .context(lang.pick("无法生成通报草稿", "cannot build the bulletin draft"))?;
        plan.file(path, &bytes)?;
    }
    if let Some(path) = wanted.export {
        let cap = results.fw.bonus_cap.map(|c| c.as_f64());
        let long = crate::long::Long::of_year(year, table, scored, results.self_scored, cap)?;
        plan.file(path, &crate::export::bytes(path, &long, lang)?)?;
    }
    Ok(())
}
