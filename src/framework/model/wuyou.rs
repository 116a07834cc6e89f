//! The 五有 standard for grassroots organisations: types, items and the rule
//! that makes an organisation meet it.

use serde::Serialize;

use super::Points;
use crate::code::FieldCode;

/// When a grassroots organisation meets the 五有 standard (达标).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum WuyouRule {
    /// Every item is met.
    All,
    /// The item points reach `pass`, no item below `item_floor`; `model` marks 示范.
    Points {
        pass: Points,
        item_floor: Option<Points>,
        model: Option<Points>,
    },
}

/// A type of grassroots organisation with its thresholds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrgType {
    pub code: String,
    pub name: String,
    pub name_en: Option<String>,
    pub min_members: i64,
    pub min_volunteers: i64,
}

/// A count an item depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Need {
    /// Members at least the type's `min-members`.
    Members,
    /// Volunteers at least the type's `min-volunteers`.
    Volunteers,
}

impl Need {
    pub const NAMES: &'static [&'static str] = &["members", "volunteers"];

    pub fn parse(text: &str) -> Option<Need> {
        match text {
            "members" => Some(Need::Members),
            "volunteers" => Some(Need::Volunteers),
            _ => None,
        }
    }
}

/// A scored part of one 有.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WuyouSubItem {
    pub code: String,
    pub name: String,
    pub name_en: Option<String>,
    pub points: Points,
}

/// One 有 (带头人, 队伍 …).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WuyouItem {
    pub code: String,
    pub name: String,
    pub short: String,
    pub name_en: Option<String>,
    pub points: Option<Points>,
    pub needs: Vec<Need>,
    pub sub_items: Vec<WuyouSubItem>,
}

/// The 五有 standard for grassroots organisations (or 六有 with a sixth item).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Wuyou {
    pub name: String,
    pub name_en: Option<String>,
    /// The field whose value must equal the list's length.
    pub count_field: Option<FieldCode>,
    pub rule: WuyouRule,
    pub org_types: Vec<OrgType>,
    pub items: Vec<WuyouItem>,
}
