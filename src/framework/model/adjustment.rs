//! What adjusts a score and what it earns: bonus, deduction and veto items,
//! grade bands and commendations.

use std::ops::Deref;

use serde::Serialize;

use super::Points;
use crate::lang::Lang;

/// One adjustment item — a bonus, a deduction or a veto. All three share a
/// code and their names; `terms` holds what the kind adds (its points, cap
/// and source; its points, cap and what it counts; its effect). The item
/// dereferences to its terms, so `bonus.points` reads as before.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item<T> {
    pub code: String,
    pub name: String,
    pub name_en: Option<String>,
    #[serde(flatten)]
    pub terms: T,
}

impl<T> Item<T> {
    /// The item's name in the reader's language (Chinese when no English is given).
    pub fn label(&self, lang: Lang) -> &str {
        lang.name(&self.name, self.name_en.as_deref())
    }
}

impl<T> Deref for Item<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.terms
    }
}

/// The item of this code in a list of items of one kind.
pub fn find_item<'a, T>(items: &'a [Item<T>], code: &str) -> Option<&'a Item<T>> {
    items.iter().find(|i| i.code == code)
}

/// The name of the item of this code, or the code itself when the list holds
/// no such item (a city workbook may name an item the framework dropped).
pub fn item_label<T>(items: &[Item<T>], code: &str, lang: Lang) -> String {
    find_item(items, code).map_or_else(|| code.to_string(), |i| i.label(lang).to_string())
}

/// Who claims a bonus item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ClaimSource {
    /// Claimed by the county in its template (加分申报), approved by the city.
    County,
    /// Decided by the city alone.
    City,
}

impl ClaimSource {
    pub const NAMES: &'static [&'static str] = &["county", "city"];

    pub fn parse(text: &str) -> Option<ClaimSource> {
        match text {
            "county" => Some(ClaimSource::County),
            "city" => Some(ClaimSource::City),
            _ => None,
        }
    }
}

/// A bonus item (加分项): points per occurrence, capped per item and in total.
pub type BonusItem = Item<Bonus>;

/// What a bonus item adds to [`Item`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bonus {
    pub points: Points,
    pub max: Option<Points>,
    pub source: ClaimSource,
}

/// What a deduction counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Counts {
    /// Occurrences found (findings, late reports).
    Occurrences,
    /// Days the submission came in after the deadline.
    DaysLate,
}

impl Counts {
    pub const NAMES: &'static [&'static str] = &["occurrences", "days-late"];

    pub fn parse(text: &str) -> Option<Counts> {
        match text {
            "occurrences" => Some(Counts::Occurrences),
            "days-late" => Some(Counts::DaysLate),
            _ => None,
        }
    }
}

/// A deduction item (扣分项).
pub type DeductionItem = Item<Deduction>;

/// What a deduction item adds to [`Item`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deduction {
    pub points: Points,
    pub max: Option<Points>,
    pub counts: Counts,
}

/// What a veto does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum VetoEffect {
    /// The unit is graded 不合格 whatever its score.
    Fail,
    /// The unit cannot get the best grade.
    BarTopGrade,
}

impl VetoEffect {
    pub const NAMES: &'static [&'static str] = &["fail", "bar-top-grade"];

    pub fn parse(text: &str) -> Option<VetoEffect> {
        match text {
            "fail" => Some(VetoEffect::Fail),
            "bar-top-grade" => Some(VetoEffect::BarTopGrade),
            _ => None,
        }
    }
}

/// A veto item (一票否决).
pub type VetoItem = Item<Veto>;

/// What a veto item adds to [`Item`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Veto {
    pub effect: VetoEffect,
}

/// A grade band (等次), listed from best to worst.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grade {
    pub name: String,
    pub name_en: Option<String>,
    pub min_score: Points,
    /// At most this share of units (a quota such as 优秀 ≤ 30%).
    pub max_share: Option<f64>,
    pub requires_no_veto: bool,
    /// At most this many points deducted.
    pub max_deductions: Option<Points>,
}

/// A maturity level (成熟度), listed from the lowest up: reached when the share
/// of indicators at full points is at least `at_least`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Maturity {
    pub name: String,
    pub name_en: Option<String>,
    pub at_least: f64,
}

/// A commendation (表彰) for the top N units.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Commendation {
    pub name: String,
    pub name_en: Option<String>,
    pub top: u32,
    pub requires_grade: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bonus() -> BonusItem {
        Item {
            code: "J1".into(),
            name: "获表彰".into(),
            name_en: Some("Commended".into()),
            terms: Bonus {
                points: Points(50),
                max: Some(Points(200)),
                source: ClaimSource::County,
            },
        }
    }

    #[test]
    fn an_item_reads_its_terms_and_names_itself_in_the_readers_language() {
        let b = bonus();
        // 0.5 points per occurrence, at most 2 points: read through the item
        assert_eq!((b.points, b.max), (Points(50), Some(Points(200))));
        assert_eq!(b.label(Lang::Zh), "获表彰");
        assert_eq!(b.label(Lang::En), "Commended");
        let items = [b];
        assert_eq!(item_label(&items, "J1", Lang::En), "Commended");
        // a code the framework does not hold is shown as it was written
        assert_eq!(item_label(&items, "J9", Lang::Zh), "J9");
        assert!(find_item(&items, "J9").is_none());
    }

    #[test]
    fn the_terms_serialise_beside_the_code_so_the_framework_identity_is_unchanged() {
        // the identity hashes this JSON: the terms sit at the item's top level,
        // as they did when each kind was a struct of its own
        let json = serde_json::to_string(&bonus()).unwrap();
        assert_eq!(
            json,
            r#"{"code":"J1","name":"获表彰","name_en":"Commended","points":50,"max":200,"source":"County"}"#
        );
        let veto = VetoItem {
            code: "V1".into(),
            name: "重大事故".into(),
            name_en: None,
            terms: Veto {
                effect: VetoEffect::Fail,
            },
        };
        assert_eq!(
            serde_json::to_string(&veto).unwrap(),
            r#"{"code":"V1","name":"重大事故","name_en":null,"effect":"Fail"}"#
        );
    }
}
