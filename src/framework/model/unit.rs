//! The units assessed: county-level Red Cross branches and their kinds.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::code::{FieldCode, UnitCode};

/// The kind of a county-level unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum UnitKind {
    /// 区 (city district).
    District,
    /// 县 (county).
    County,
    /// 县级市 (county-level city).
    CountyCity,
    /// 功能区 (functional zone such as 高新区).
    Zone,
}

impl UnitKind {
    pub const NAMES: &'static [&'static str] = &["区", "县", "县级市", "功能区"];

    pub fn parse(text: &str) -> Option<UnitKind> {
        match text {
            "区" => Some(UnitKind::District),
            "县" => Some(UnitKind::County),
            "县级市" => Some(UnitKind::CountyCity),
            "功能区" => Some(UnitKind::Zone),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            UnitKind::District => "区",
            UnitKind::County => "县",
            UnitKind::CountyCity => "县级市",
            UnitKind::Zone => "功能区",
        }
    }
}

/// A county-level unit (县(市、区)红十字会).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unit {
    /// GB/T 2260 division code (正定县 = `130123`) or a custom code for a zone.
    pub code: UnitCode,
    pub name: String,
    pub name_en: Option<String>,
    pub former_names: Vec<String>,
    pub kind: UnitKind,
    /// Population by year of the count.
    pub population: BTreeMap<i32, i64>,
    pub peer_group: Option<String>,
    /// The figures the city confirms of a rate's denominator fields
    /// (`confirmed = { towns_total = { 2023 = 12 } }`): field code → year of
    /// the count → figure. Left out of the identity when empty.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub confirmed: BTreeMap<FieldCode, BTreeMap<i32, f64>>,
}

impl Unit {
    /// The city's figure of a denominator field for assessment year `year`:
    /// the latest count made in or before that year (none before the first).
    /// Both names, for a message made before its language is known.
    pub fn names(&self) -> crate::lang::Both {
        crate::lang::Both::name(&self.name, self.name_en.as_deref())
    }

    pub fn confirmed_for(&self, field: &str, year: i32) -> Option<f64> {
        self.confirmed
            .get(field)?
            .range(..=year)
            .next_back()
            .map(|(_, v)| *v)
    }

    /// The population used for assessment year `year`: the latest count made in
    /// or before that year, else the earliest count.
    pub fn population_for(&self, year: i32) -> Option<i64> {
        self.population
            .range(..=year)
            .next_back()
            .or_else(|| self.population.iter().next())
            .map(|(_, p)| *p)
    }
}
