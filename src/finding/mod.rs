//! Findings: what reading and validating found, pointed at its file and cell.
//!
//! Findings are data, never `Err`: a run collects all of them, prints them
//! grouped by file with the most serious first, and decides the exit code
//! from the worst one (any error → exit 1).

mod message;
mod read_error;

use serde::Serialize;

use crate::ingest::ReadError;
use crate::lang::{Both, Lang};
use crate::location::CellRef;
use crate::numbers::{Note, Refusal};

/// How serious a finding is. Ordered: errors first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Severity {
    /// The value or file cannot be used as it is (blocks scoring).
    Error,
    /// Probably wrong; look at it.
    Warning,
    /// How something was read, for the record.
    Note,
}

impl Severity {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Severity::Error => lang.pick("错误", "error"),
            Severity::Warning => lang.pick("警告", "warning"),
            Severity::Note => lang.pick("提示", "note"),
        }
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub severity: Severity,
    /// The file as found (relative to the folder given), or empty for the whole run.
    pub file: String,
    /// The unit's name, when known.
    pub unit: Option<String>,
    pub cell: Option<CellRef>,
    /// The field code, when the finding is about one field.
    pub field: Option<String>,
    /// The cell's content as typed.
    pub typed: Option<String>,
    pub what: What,
}

/// What was found. Each variant has one message per language.
#[derive(Debug, Clone, PartialEq)]
pub enum What {
    /// A value read in a non-plain way.
    Read(Note),
    /// A value that cannot be taken.
    Refused(Refusal),
    /// The file could not be read.
    Unreadable(ReadError),
    /// A file that is not a spreadsheet, or an office lock file.
    Skipped(SkipReason),
    /// No stamp and no document properties of our template.
    NotTemplate,
    /// The stamp names another year.
    OtherYear { found: i32, expected: i32 },
    /// The stamp names another framework.
    OtherFramework { found: String, expected: String },
    /// The stamp names an older version of the framework.
    OtherVersion { found: String, expected: String },
    /// The stamp's unit is not in the framework's registry.
    UnknownUnit {
        code: String,
        name: String,
        /// The registry's code of the unit `name` names, when it names one.
        known: Option<String>,
    },
    /// The file name does not mention the unit.
    FileNameMismatch { unit: Both },
    /// The places of a file that name its unit disagree (another county's
    /// template filled in, an edited stamp): the file is assigned to no unit.
    IdentityConflict { claims: Vec<Named> },
    /// The places of a file that name its year disagree (the 评估年度 cell
    /// changed in last year's file): the file is read for no year.
    YearConflict { claims: Vec<Named> },
    /// A file of last year (`year`) that is not used, and why: comparisons
    /// with last year leave it out.
    PreviousNotRead { year: i32, why: Box<What> },
    /// A sheet the template has is missing.
    MissingSheet(String),
    /// A merged area over a field's input cell and another field's input
    /// cell or another column: its one value is not read for any of them.
    MergedInput {
        area: String,
        /// The other fields' names.
        others: Vec<Both>,
        /// The other column's header (上年数, 代码 …), when it spans columns.
        column: Option<String>,
    },
    /// A merged area from a field's input cell to the right (over 佐证编号 …):
    /// the input cell's own value is read.
    MergedInputRead { area: String },
    /// A merged area down one descriptive column of the 五有 list: filled down.
    MergedFilledDown {
        area: String,
        column: String,
        value: String,
        rows: u32,
    },
    /// A merged area over other columns of the 五有 list.
    MergedList { area: String },
    /// Another sheet that also carries the field codes.
    TwoDataSheets {
        read: String,
        other: String,
        codes: usize,
        /// The other sheet is hidden (the county may not know it is there).
        hidden: bool,
    },
    /// Two 代码 or 填报值 columns in the data sheet's header.
    TwoColumns { label: String, cells: Vec<String> },
    /// A cell listed more than once in the file, with each copy's value.
    DuplicateCell { values: Vec<String> },
    /// A field's row is missing from the data sheet.
    MissingRow { code: String, name: Both },
    /// A field code appears twice.
    DuplicateRow { code: String },
    /// A required value is blank.
    Required { name: Both },
    /// A value outside the field's range.
    OutOfRange {
        name: Both,
        value: Both,
        range: Both,
    },
    /// A value in a 万元 cell about 10,000 times too large: yuan pasted.
    TenThousandTimes {
        name: Both,
        value: Both,
        likely: Both,
    },
    /// A cross-field rule broken.
    RuleBroken { rule: String, message: Option<Both> },
    /// A running total below last year's.
    CumulativeFell { name: Both, value: Both, last: Both },
    /// A change from last year beyond the configured share.
    BigChange {
        name: Both,
        value: Both,
        last: Both,
        percent: String,
    },
    /// Two grassroots organisations with the same name in the same town.
    DuplicateOrg { name: String, first_row: u32 },
    /// An organisation type that is not in the framework.
    UnknownOrgType {
        value: String,
        expected: Vec<String>,
    },
    /// An organisation row without a name.
    OrgWithoutName,
    /// The list length differs from the reported count.
    OrgCount { listed: usize, reported: String },
    /// A bonus claim without an evidence number.
    ClaimWithoutEvidence,
    /// A 佐证编号 not in the evidence list (佐证材料); for a bonus claim
    /// (`claim`), the claim does not count in the self-assessment.
    EvidenceNotListed { number: String, claim: bool },
    /// A bonus claim whose item is not in the framework.
    UnknownBonusItem(String),
    /// A bonus claim without a usable count.
    ClaimCount,
    /// Yes/no marks other than 是/否 (√, ×, 有, 无 …) in the grassroots list, counted.
    YesNoMarks { count: usize, example: Vec<String> },
    /// Several files for one unit; the newest is used.
    Resubmitted {
        used: String,
        others: Vec<String>,
        by: &'static str,
    },
    /// Several files for one unit that cannot be told apart.
    Indistinguishable { files: Vec<String> },
    /// A unit of the registry without a submission; `recorded` is its 状态
    /// in the city's 收件登记 (未报送, 免报), when recorded.
    NoSubmission {
        code: String,
        name: Both,
        recorded: Option<crate::submission::Receipt>,
    },
    /// A unit recorded as 未报送 or 免报 in 收件登记 whose file was found.
    RecordedButSubmitted { recorded: &'static str },
    /// A bonus claim whose count is worth more than twice the item's cap.
    ClaimBeyondCap {
        count: f64,
        points: String,
        max: String,
    },
    /// A 填报日期 after the day the city received the file (`today` false) or
    /// after the run's date (`today` true).
    SignedAfter {
        signed: crate::date::Date,
        limit: crate::date::Date,
        today: bool,
    },
    /// A 状态 in 收件登记 that is not 已报送, 未报送 or 免报.
    UnknownStatus { value: String },
    /// A denominator field whose figure the city confirms: the county's differs.
    ConfirmedDiffers {
        name: Both,
        value: Both,
        confirmed: Both,
    },
    /// A 核定值 without a reason.
    AdjustmentWithoutReason,
    /// A department score or external figure left blank.
    CityMissing {
        sheet: String,
        unit: Both,
        item: Both,
    },
    /// A bonus claim without a decision (blank or unreadable 审核意见).
    ApprovalPending,
    /// A deduction or veto without its document basis.
    DecisionWithoutBasis,
    /// A grade that the framework does not have.
    UnknownGrade {
        value: String,
        expected: Vec<String>,
    },
    /// A city workbook of another year (ignored).
    CityOtherYear { found: i32, expected: i32 },
    /// The city workbook used.
    CityUsed { file: String },
    /// 申诉: a unit that is not in the registry.
    ObjectionUnit { value: String },
    /// 申诉: an item that is no field, bonus, deduction or veto item.
    ObjectionItem { value: String },
    /// 申诉: no ruling yet (the result stands meanwhile).
    ObjectionPending,
    /// 申诉: a 裁定结果 that is not 维持, 采纳 or 部分采纳.
    UnknownRuling { value: String },
    /// 申诉: 采纳 or 部分采纳 without a value to set.
    RulingWithoutValue { ruling: &'static str },
    /// 申诉: a ruling without its reason.
    RulingWithoutReason,
    /// 申诉: no date received.
    ObjectionUndated,
    /// 申诉: received after the 公示 window.
    ObjectionLate {
        received: crate::date::Date,
        last: crate::date::Date,
        days: u32,
        late: u32,
    },
    /// 申诉 has objections but 公示日历 no opening day.
    WindowUnknown,
    /// 申诉 on the days-late deduction (the receipt date decides it).
    RulingOnDaysLate,
    /// 公示日历: a 类型 that is not 公示开始, 节假日 or 调休上班.
    UnknownDayKind { value: String },
}

impl What {
    /// The check a warning comes from, as 复核's 核查提示 names it: what the
    /// city accepts in its 核实 column (keyed by unit, field and check, so
    /// that an acceptance survives a re-drafted workbook). `None` for kinds
    /// that cannot be accepted.
    pub fn check(&self) -> Option<&'static str> {
        match self {
            What::BigChange { .. } => Some("较上年变化大"),
            What::ConfirmedDiffers { .. } => Some("与核定区划数不一致"),
            What::DuplicateRow { .. } => Some("代码重复"),
            _ => None,
        }
    }
}

/// One place of a file that names a unit, as a message shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Named {
    pub place: crate::identity::Place,
    pub value: String,
    pub cell: Option<CellRef>,
    /// The names of the units it names.
    pub units: Vec<Both>,
}

impl Named {
    pub fn of(fw: &crate::framework::Framework, claim: &crate::identity::Claim) -> Named {
        Named {
            place: claim.place,
            value: claim.value.clone(),
            cell: claim.cell.clone(),
            units: claim
                .units
                .iter()
                .map(|c| {
                    fw.unit(c)
                        .map_or_else(|| Both::same(c.clone()), |u| u.names())
                })
                .collect(),
        }
    }

    /// `填报说明!C4 单位代码 130121（井陉县）`.
    fn render(&self, lang: Lang) -> String {
        use crate::identity::Place;
        let place = match self.place {
            Place::StampCode => lang.pick("单位代码", "unit code"),
            Place::StampName => lang.pick("单位名称", "unit name"),
            Place::PropertyCode => lang.pick("文档属性中的单位代码", "the unit code property"),
            Place::PropertyName => lang.pick("文档属性中的单位名称", "the unit name property"),
            Place::Title => lang.pick("标题", "the title"),
            Place::FileName => lang.pick("文件名", "the file name"),
            Place::StampYear => lang.pick("评估年度", "the assessment year"),
            Place::PropertyYear => lang.pick("文档属性中的评估年度", "the year property"),
        };
        let cell = self
            .cell
            .as_ref()
            .map(|c| format!("{c} "))
            .unwrap_or_default();
        let units = self
            .units
            .iter()
            .map(|u| u.get(lang))
            .collect::<Vec<_>>()
            .join(lang.pick("、", ", "));
        if units == self.value {
            return lang.pick(
                format!("{cell}{place}“{}”", self.value),
                format!("{cell}{place} `{}`", self.value),
            );
        }
        lang.pick(
            format!("{cell}{place}“{}”（{units}）", self.value),
            format!("{cell}{place} `{}` ({units})", self.value),
        )
    }
}

/// Why a file was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// `~$x.xlsx`: Excel's or WPS's lock file of an open workbook.
    LockFile,
    /// Not a spreadsheet by its extension.
    NotSpreadsheet,
    /// WPS's own format (`.et`): save as .xlsx.
    WpsFormat,
    /// A workbook this tool wrote (its `assess-kind` stamp: an assessment
    /// workbook, a feedback workbook …), not a submission.
    OwnOutput(&'static str),
    /// Not a regular file: a FIFO, a socket or a device (never opened).
    NotRegular,
    /// A symbolic link to a folder that holds it (`ln -s . self`): not followed.
    LinkLoop,
    /// A symbolic link to a folder read anyway under its own name: not followed.
    LinkedFolder,
    /// A symbolic link leading outside the given folders: not followed.
    LinkOutside,
    /// A symbolic link to nothing (or a loop of links).
    LinkBroken,
    /// A file reached again through a link: read once, under its first name.
    SameFile,
}

impl Finding {
    /// A finding about a whole file.
    pub fn file(severity: Severity, file: &str, what: What) -> Finding {
        Finding {
            severity,
            file: file.to_string(),
            unit: None,
            cell: None,
            field: None,
            typed: None,
            what,
        }
    }

    /// `正定县.xlsx 指标数据!D12: message`, as printed.
    pub fn render(&self, lang: Lang) -> String {
        let place = match (&self.file, &self.cell) {
            (f, Some(cell)) if !f.is_empty() => format!("{f} {cell}"),
            (f, None) if !f.is_empty() => f.clone(),
            (_, Some(cell)) => cell.to_string(),
            _ => String::new(),
        };
        let message = self.what.message(lang);
        if place.is_empty() {
            message
        } else {
            format!("{place}: {message}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finding_names_its_file_and_cell() {
        let f = Finding {
            severity: Severity::Error,
            file: "正定县.xlsx".into(),
            unit: Some("正定县".into()),
            cell: Some(CellRef::new("指标数据", 11, 3)),
            field: Some("drills".into()),
            typed: Some("约200".into()),
            what: What::Required {
                name: Both::new("组织应急演练次数", "Emergency drills held"),
            },
        };
        assert_eq!(
            f.render(Lang::Zh),
            "正定县.xlsx 指标数据!D12: “组织应急演练次数”为必填项，未填写"
        );
        assert_eq!(
            f.render(Lang::En),
            "正定县.xlsx 指标数据!D12: `Emergency drills held` is required but blank"
        );
    }
}
