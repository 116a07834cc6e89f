//! What a row of the workbook stands for: the framework item it names, what
//! each of its number columns means, and where a number goes in the files.

use crate::framework::load::At;
use crate::framework::spec::{self, IndicatorSpec};
use crate::lang::Lang;

/// What a number column means for one item.
#[derive(Debug, Clone)]
pub(super) struct Slot {
    /// The TOML key.
    pub(super) key: &'static str,
    /// The value in the file, `None` when the key is not written.
    pub(super) current: Option<f64>,
    /// What the workbook shows (and an empty cell means) when the key is not written.
    pub(super) default: Option<f64>,
    /// What an empty cell does.
    pub(super) blank: Blank,
    /// Keys after which a new key is written, the first present one wins.
    pub(super) after: &'static [&'static str],
}

/// What an empty number cell means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Blank {
    /// Refused: the value is required.
    Refuse,
    /// The default (a `cap` of 1).
    Default,
    /// No value: the key is removed (a bonus item without `max`).
    Remove,
}

impl Slot {
    pub(super) fn required(key: &'static str, current: f64) -> Slot {
        Slot {
            key,
            current: Some(current),
            default: None,
            blank: Blank::Refuse,
            after: &[],
        }
    }

    pub(super) fn optional(
        key: &'static str,
        current: Option<f64>,
        after: &'static [&'static str],
    ) -> Slot {
        Slot {
            key,
            current,
            default: None,
            blank: Blank::Remove,
            after,
        }
    }

    pub(super) fn effective(&self) -> Option<f64> {
        self.current.or(self.default)
    }
}

/// Where a number goes: the file, the TOML section and the element's code
/// (empty for `[framework]`), and the dotted key shown to the user.
pub(super) struct Place {
    pub(super) file: usize,
    pub(super) section: &'static str,
    pub(super) id: String,
    pub(super) key: String,
}

/// An item of the framework that has a row in the workbook.
#[derive(Debug, Clone, Copy)]
pub(super) enum Entry<'r> {
    Dimension(&'r At<spec::DimensionSpec>),
    Indicator(&'r At<IndicatorSpec>),
    Bonus(&'r At<spec::BonusSpec>),
    Deduction(&'r At<spec::DeductionSpec>),
    Veto(&'r At<spec::VetoSpec>),
    Grade(&'r At<spec::GradeSpec>),
}

impl Entry<'_> {
    pub(super) fn file(self) -> usize {
        match self {
            Entry::Dimension(a) => a.file,
            Entry::Indicator(a) => a.file,
            Entry::Bonus(a) => a.file,
            Entry::Deduction(a) => a.file,
            Entry::Veto(a) => a.file,
            Entry::Grade(a) => a.file,
        }
    }

    pub(super) fn section(self) -> &'static str {
        match self {
            Entry::Dimension(_) => "dimension",
            Entry::Indicator(_) => "indicator",
            Entry::Bonus(_) => "bonus",
            Entry::Deduction(_) => "deduction",
            Entry::Veto(_) => "veto",
            Entry::Grade(_) => "grade",
        }
    }

    /// The code, or a grade's name.
    pub(super) fn id(self) -> String {
        match self {
            Entry::Dimension(a) => a.item.code.get_ref().clone(),
            Entry::Indicator(a) => a.item.code.get_ref().clone(),
            Entry::Bonus(a) => a.item.code.get_ref().clone(),
            Entry::Deduction(a) => a.item.code.get_ref().clone(),
            Entry::Veto(a) => a.item.code.get_ref().clone(),
            Entry::Grade(a) => a.item.name.get_ref().clone(),
        }
    }

    /// The name as the workbook shows it.
    pub(super) fn name(self, lang: Lang) -> String {
        let (zh, en) = match self {
            Entry::Dimension(a) => (&a.item.name, &a.item.name_en),
            Entry::Indicator(a) => (&a.item.name, &a.item.name_en),
            Entry::Bonus(a) => (&a.item.name, &a.item.name_en),
            Entry::Deduction(a) => (&a.item.name, &a.item.name_en),
            Entry::Veto(a) => (&a.item.name, &a.item.name_en),
            Entry::Grade(a) => (a.item.name.get_ref(), &a.item.name_en),
        };
        lang.name(zh, en.as_deref()).trim().to_string()
    }
}
