//! `[[field]]`: what each unit reports, its type, unit of measure, bounds and
//! what a blank means.

use crate::framework::load::At;
use crate::framework::model::{Blank, Counting, Field, FieldType, Source, VIRTUAL_FIELDS};
use crate::framework::problem::ProblemKind as K;

use super::{Checker, Codes, number};

pub(super) fn fields(c: &mut Checker<'_>) -> Vec<Field> {
    let mut codes = Codes::default();
    let mut out = Vec::new();
    for At { file, item: f, .. } in &c.raw.fields {
        let file = *file;
        let key = format!("field.{}", f.code.get_ref());
        codes.add(c, &format!("{key}.code"), &f.code, file);
        if VIRTUAL_FIELDS.iter().any(|(v, _, _)| v == f.code.get_ref()) {
            c.report(
                file,
                f.code.span().start,
                format!("{key}.code"),
                K::Duplicate {
                    code: f.code.get_ref().clone(),
                    first: "(built-in)".into(),
                },
            );
        }
        let kind = c.choice(
            file,
            &format!("{key}.type"),
            &f.kind,
            FieldType::NAMES,
            FieldType::parse,
        );
        let blank = c.choice_or(
            file,
            &format!("{key}.blank"),
            f.blank.as_ref(),
            Blank::NAMES,
            Blank::parse,
            Blank::Missing,
        );
        let counting = match &f.counting {
            Some(v) => c
                .choice(
                    file,
                    &format!("{key}.counting"),
                    v,
                    Counting::NAMES,
                    Counting::parse,
                )
                .map(Some),
            None => Some(None),
        };
        let source = c.choice_or(
            file,
            &format!("{key}.source"),
            f.source.as_ref(),
            Source::NAMES,
            Source::parse,
            Source::County,
        );
        if let (Some(min), Some(max)) = (&f.min, &f.max)
            && min.get_ref() > max.get_ref()
        {
            c.report(
                file,
                max.span().start,
                format!("{key}.max"),
                K::OutOfRange {
                    value: number(*max.get_ref()),
                    range: format!("{} …", number(*min.get_ref())),
                },
            );
        }
        if kind == Some(FieldType::Choice) && f.choices.is_empty() {
            c.report(
                file,
                f.kind.span().start,
                format!("{key}.choices"),
                K::MissingKey {
                    method: "choice".into(),
                    key: "choices",
                },
            );
        }
        if let (Some(kind), Some(blank), Some(counting), Some(source)) =
            (kind, blank, counting, source)
        {
            out.push(Field {
                code: f.code.get_ref().clone().into(),
                name: f.name.clone(),
                name_en: f.name_en.clone(),
                unit: f.unit.clone(),
                unit_en: f.unit_en.clone(),
                kind,
                min: f.min.as_ref().map(|v| *v.get_ref()),
                max: f.max.as_ref().map(|v| *v.get_ref()),
                required: f.required,
                blank,
                counting,
                help: f.help.clone(),
                replaces: f
                    .replaces
                    .iter()
                    .map(|r| r.get_ref().clone().into())
                    .collect(),
                source,
                provider: f.provider.clone(),
                provider_en: f.provider_en.clone(),
                choices: f.choices.clone(),
                denominator: f.denominator,
            });
        }
    }
    out
}
