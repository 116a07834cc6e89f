//! What a county submits for one year: field values with their evidence
//! numbers, the grassroots (五有) list, bonus claims and the sign-off.
//!
//! The template writer fills a workbook from a [`Filled`] (for the samples and
//! for pre-filled templates); the reader produces the same shapes from a
//! workbook. Nothing here knows a file format.

use crate::code::FieldCode;
use std::collections::BTreeMap;

/// A value as entered in a cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    /// A number typed as a number.
    Number(f64),
    /// Text: `是`/`否`, a choice, or anything a clerk typed (`12.5万`, `约200`).
    Text(String),
}

/// One grassroots organisation of the 五有 list.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgRow {
    pub name: String,
    /// The org type's name as shown in the drop-down (`乡镇/街道`).
    pub org_type: String,
    /// The township or street it belongs to.
    pub town: String,
    pub members: Entry,
    pub volunteers: Entry,
    /// One entry per 有 (or per sub-item when the standard scores sub-items), in framework order:
    /// `是`/`否` (the reader also accepts `√`/`×`/`有`/`无`).
    pub items: Vec<String>,
    pub remark: String,
}

/// One bonus claim (加分申报).
#[derive(Debug, Clone, PartialEq)]
pub struct BonusClaim {
    /// The bonus item's code (`X1`).
    pub item: String,
    pub count: Entry,
    pub description: String,
    /// 佐证编号.
    pub evidence: String,
}

/// The sign-off page (填报承诺).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SignOff {
    pub filler: String,
    pub phone: String,
    pub reviewer: String,
    pub head: String,
    /// The date as the clerk wrote it (`2025年12月10日` or `2025-12-10`).
    pub date: String,
}

/// Everything a county fills in for one year.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Filled {
    /// Field code → value.
    pub values: BTreeMap<FieldCode, Entry>,
    /// Field code → 佐证编号.
    pub evidence: BTreeMap<FieldCode, String>,
    /// Field code → 备注.
    pub remarks: BTreeMap<FieldCode, String>,
    pub orgs: Vec<OrgRow>,
    pub claims: Vec<BonusClaim>,
    /// The evidence list (佐证材料); `None` writes a template of the layout
    /// before that sheet existed (the samples' earlier years).
    pub evidence_list: Option<Vec<EvidenceItem>>,
    pub sign_off: SignOff,
}

/// One row of the evidence list (佐证材料).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EvidenceItem {
    pub number: String,
    pub title: String,
    pub kind: String,
    pub pages: Option<u32>,
}

/// A unit's 状态 in 收件登记.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Receipt {
    /// 已报送.
    Submitted,
    /// 未报送: registered, sent nothing; scored as the framework's `not-submitted` says.
    NotSubmitted,
    /// 免报: not assessed this year; left out of the ranking.
    Exempt,
}

impl Receipt {
    /// The words a clerk writes in the 状态 column.
    pub fn parse(text: &str) -> Option<Receipt> {
        match text.trim() {
            "已报送" | "已报" => Some(Receipt::Submitted),
            "未报送" | "未报" | "缺报" => Some(Receipt::NotSubmitted),
            "免报" => Some(Receipt::Exempt),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Receipt::Submitted => "已报送",
            Receipt::NotSubmitted => "未报送",
            Receipt::Exempt => "免报",
        }
    }
}
