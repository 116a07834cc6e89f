//! `[wuyou]`: the 五有 standard, its organisation types, items and rule.

use crate::framework::load::At;
use crate::framework::model::{Need, OrgType, Points, Wuyou, WuyouItem, WuyouRule, WuyouSubItem};
use crate::framework::problem::ProblemKind as K;
use crate::framework::spec::WuyouSpec;

use super::{Checker, Codes};

pub(super) fn wuyou(c: &mut Checker<'_>, at: &At<WuyouSpec>) -> Option<Wuyou> {
    let (file, w) = (at.file, &at.item);
    let rule_kind = c.choice(file, "wuyou.rule", &w.rule, &["all", "points"], |s| {
        matches!(s, "all" | "points").then(|| s.to_string())
    })?;
    let mut type_codes = Codes::default();
    let mut org_types = Vec::new();
    for t in &w.org_type {
        type_codes.add(c, "wuyou.org-type.code", &t.code, file);
        org_types.push(OrgType {
            code: t.code.get_ref().clone(),
            name: t.name.clone(),
            name_en: t.name_en.clone(),
            min_members: t.min_members,
            min_volunteers: t.min_volunteers,
        });
    }
    let mut item_codes = Codes::default();
    let mut items = Vec::new();
    let mut ok = true;
    for item in &w.item {
        let key = format!("wuyou.item.{}", item.code.get_ref());
        item_codes.add(c, &format!("{key}.code"), &item.code, file);
        let mut needs = Vec::new();
        for n in &item.needs {
            match c.choice(file, &format!("{key}.needs"), n, Need::NAMES, Need::parse) {
                Some(n) => needs.push(n),
                None => ok = false,
            }
        }
        let points = item
            .points
            .as_ref()
            .and_then(|p| c.points(file, &format!("{key}.points"), p));
        let mut sub_items = Vec::new();
        for s in &item.sub_item {
            item_codes.add(c, &format!("{key}.sub-item.code"), &s.code, file);
            if let Some(p) = c.points(file, &format!("{key}.sub-item.points"), &s.points) {
                sub_items.push(WuyouSubItem {
                    code: s.code.get_ref().clone(),
                    name: s.name.clone(),
                    name_en: s.name_en.clone(),
                    points: p,
                });
            } else {
                ok = false;
            }
        }
        if let (Some(declared), false) = (points, sub_items.is_empty()) {
            let sum: Points = sub_items.iter().map(|s| s.points).sum();
            if sum != declared
                && let Some(p) = &item.points
            {
                c.report(
                    file,
                    p.span().start,
                    format!("{key}.points"),
                    K::PointsMismatch {
                        of: item.code.get_ref().to_string(),
                        declared: declared.to_string(),
                        sum: sum.to_string(),
                    },
                );
            }
        }
        if rule_kind == "points" && points.is_none() && sub_items.is_empty() {
            c.report(
                file,
                at.offset,
                format!("{key}.points"),
                K::MissingKey {
                    method: "points".into(),
                    key: "points",
                },
            );
            ok = false;
        }
        items.push(WuyouItem {
            code: item.code.get_ref().clone(),
            name: item.name.clone(),
            short: item.short.clone(),
            name_en: item.name_en.clone(),
            points,
            needs,
            sub_items,
        });
    }
    let rule = if rule_kind == "points" {
        let Some(pass) = &w.pass_score else {
            c.report(
                file,
                w.rule.span().start,
                "wuyou.pass-score",
                K::MissingKey {
                    method: "points".into(),
                    key: "pass-score",
                },
            );
            return None;
        };
        WuyouRule::Points {
            pass: c.points(file, "wuyou.pass-score", pass)?,
            item_floor: w
                .item_floor
                .as_ref()
                .and_then(|f| c.points(file, "wuyou.item-floor", f)),
            model: w
                .model_score
                .as_ref()
                .and_then(|m| c.points(file, "wuyou.model-score", m)),
        }
    } else {
        WuyouRule::All
    };
    let count_field = match &w.count_field {
        Some(code)
            if !c
                .raw
                .fields
                .iter()
                .any(|f| f.item.code.get_ref() == code.get_ref()) =>
        {
            c.report(
                file,
                code.span().start,
                "wuyou.count-field",
                K::UnknownField(code.get_ref().clone()),
            );
            return None;
        }
        Some(code) => Some(code.get_ref().clone()),
        None => None,
    };
    ok.then(|| Wuyou {
        name: w.name.clone(),
        name_en: w.name_en.clone(),
        count_field: count_field.map(Into::into),
        rule,
        org_types,
        items,
    })
}
