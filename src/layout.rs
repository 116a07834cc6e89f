//! The layout of the submission template, shared by the writer (`report/template/`)
//! and the reader: sheet names, stamp labels, column headers, property names.
//!
//! The reader finds things by these labels and by the field-code column, never
//! by fixed positions, so that inserted rows and re-saved files still read.

/// Sheet names, in workbook order.
pub const SHEET_GUIDE: &str = "填报说明";
pub const SHEET_DATA: &str = "指标数据";
pub const SHEET_ORGS: &str = "基层组织";
pub const SHEET_BONUS: &str = "加分申报";
pub const SHEET_SIGN: &str = "填报承诺";
pub const SHEET_EVIDENCE: &str = "佐证材料";
/// Hidden sheet with long drop-down lists.
pub const SHEET_LISTS: &str = "选项";

/// Stamp labels (column A of the guide sheet; the value stands in column B).
pub const STAMP_UNIT_CODE: &str = "单位代码";
pub const STAMP_UNIT_NAME: &str = "单位名称";
pub const STAMP_YEAR: &str = "评估年度";
/// The framework's id (`sjz-county-core`), labelled as the code it is: its
/// name stands beside it under 评估体系名称.
pub const STAMP_FRAMEWORK: &str = "体系代码";
/// The framework label of templates written before 2026 (read back still).
pub const STAMP_FRAMEWORK_BEFORE: &str = "评估体系";
pub const STAMP_VERSION: &str = "体系版本";
/// All stamp labels in order.
pub const STAMP_LABELS: [&str; 5] = [
    STAMP_UNIT_CODE,
    STAMP_UNIT_NAME,
    STAMP_YEAR,
    STAMP_FRAMEWORK,
    STAMP_VERSION,
];
/// The labels in column C of the guide sheet, beside the stamp (their values
/// in column D): information for the county, not read back.
pub const GUIDE_SIDE_LABELS: [&str; 5] = [
    "统计时段",
    "报送截止",
    "联系部门",
    "评估体系名称",
    "参评单位",
];

/// Custom document properties carrying the same stamp.
pub const PROP_UNIT_CODE: &str = "assess-unit-code";
pub const PROP_UNIT_NAME: &str = "assess-unit-name";
pub const PROP_YEAR: &str = "assess-year";
pub const PROP_FRAMEWORK: &str = "assess-framework-id";
pub const PROP_VERSION: &str = "assess-framework-version";
/// The template layout version: changes when columns or sheets change.
pub const PROP_LAYOUT: &str = "assess-template-layout";
pub const LAYOUT_VERSION: &str = "1";

/// Columns of the data sheet, left to right.
pub const DATA_HEADERS: [&str; 9] = [
    "代码",
    "指标项",
    "计量单位",
    "统计口径",
    "上年数",
    "填报值",
    "佐证编号",
    "备注",
    "填报说明",
];
/// Index in [`DATA_HEADERS`] of the code, input, evidence and remark columns.
pub const DATA_CODE: usize = 0;
pub const DATA_PREVIOUS: usize = 4;
pub const DATA_INPUT: usize = 5;
pub const DATA_EVIDENCE: usize = 6;
pub const DATA_REMARK: usize = 7;

/// Columns of the grassroots sheet before the 五有 items, and after them.
pub const ORG_HEADERS_BEFORE: [&str; 6] = [
    "序号",
    "组织名称",
    "类型",
    "所属乡镇（街道）",
    "会员数",
    "志愿者数",
];
pub const ORG_HEADER_REMARK: &str = "备注";
/// Prepared rows in the grassroots sheet (the largest county lists about 300).
pub const ORG_ROWS: u32 = 600;

/// Columns of the evidence list (佐证材料): what the 佐证编号 of the data
/// sheet and of the bonus claims name.
pub const EVIDENCE_HEADERS: [&str; 5] = ["序号", "编号", "材料名称", "类型", "页数"];
/// The kinds of evidence offered in the list's drop-down.
pub const EVIDENCE_KINDS: [&str; 6] = ["文件", "台账", "照片", "报道", "证书", "其他"];
/// Rows of the evidence list with drop-downs and a border when filled.
pub const EVIDENCE_ROWS: u32 = 300;

/// Columns of the bonus-claim sheet.
pub const BONUS_HEADERS: [&str; 5] = ["序号", "加分项目", "数量", "事项说明", "佐证编号"];
/// Prepared rows in the bonus-claim sheet.
pub const BONUS_ROWS: u32 = 30;

/// Sign-off labels (the value stands to the right of each).
pub const SIGN_FILLER: &str = "填报人";
pub const SIGN_PHONE: &str = "联系电话";
pub const SIGN_REVIEWER: &str = "审核人";
pub const SIGN_HEAD: &str = "单位负责人";
pub const SIGN_DATE: &str = "填报日期";

/// `当年新增` / `年末累计` / `年末实有`.
pub fn counting_label(counting: Option<crate::framework::Counting>) -> &'static str {
    use crate::framework::Counting;
    match counting {
        Some(Counting::Annual) => "当年新增",
        Some(Counting::Cumulative) => "年末累计",
        Some(Counting::Status) => "年末实有",
        None => "",
    }
}

/// The 五有 columns: one per item, or one per sub-item when items are scored by sub-items.
pub fn org_item_headers(fw: &crate::framework::Framework) -> Vec<String> {
    let Some(w) = &fw.wuyou else {
        return Vec::new();
    };
    let scored = matches!(w.rule, crate::framework::WuyouRule::Points { .. });
    let mut out = Vec::new();
    for item in &w.items {
        if scored && !item.sub_items.is_empty() {
            for sub in &item.sub_items {
                out.push(format!("{}：{}", item.short, sub.name));
            }
        } else {
            out.push(format!("有{}", item.short));
        }
    }
    out
}

// ── the city's review workbook (市级复核表) ─────────────────────────────

/// The value of the `assess-kind` property (and the 表类 stamp) of a city workbook.
pub const PROP_KIND: &str = "assess-kind";
pub const KIND_CITY: &str = "city-review";

/// The `assess-kind` of each workbook the tool writes as an output (never an
/// input of a run): the assessment workbook, a county's feedback workbook,
/// the bulletin's attachment (internal and public), the trend workbook, the
/// findings report of `validate --report` and the scoring rules.
pub const KIND_ASSESSMENT: &str = "assessment";
pub const KIND_FEEDBACK: &str = "feedback";
pub const KIND_ATTACHMENT: &str = "attachment";
pub const KIND_PUBLIC: &str = "public-attachment";
pub const KIND_TREND: &str = "trend";
pub const KIND_FINDINGS: &str = "findings";
pub const KIND_RULES: &str = "rules";
/// Every kind of output workbook (not the city workbook, which the city fills in and runs read).
pub const OUTPUT_KINDS: [&str; 7] = [
    KIND_ASSESSMENT,
    KIND_FEEDBACK,
    KIND_ATTACHMENT,
    KIND_PUBLIC,
    KIND_TREND,
    KIND_FINDINGS,
    KIND_RULES,
];
/// The stamp label on the city workbook's first sheet whose value is [`CITY_KIND_LABEL`].
pub const STAMP_KIND: &str = "表类";
pub const CITY_KIND_LABEL: &str = "市级复核表";

pub const CITY_REVIEW: &str = "复核";
pub const CITY_DEPARTMENT: &str = "部室评分";
pub const CITY_EXTERNAL: &str = "外部数据";
pub const CITY_BONUS: &str = "加分审核";
pub const CITY_DEDUCTIONS: &str = "扣分与否决";
pub const CITY_RECEIPTS: &str = "收件登记";
pub const CITY_GRADES: &str = "等次审定";
pub const CITY_OBJECTIONS: &str = "申诉";
pub const CITY_CALENDAR: &str = "公示日历";

/// 复核: one row per unit and county-reported field.
pub const REVIEW_HEADERS: [&str; 13] = [
    "单位代码",
    "单位",
    "代码",
    "指标项",
    "计量单位",
    "自评值",
    "来源单元格",
    "核定值",
    "调整理由",
    "复核人",
    "日期",
    REVIEW_CHECKS,
    REVIEW_VERIFIED,
];
/// 复核's 核查提示: the checks that warned about the value (`What::check`).
pub const REVIEW_CHECKS: &str = "核查提示";
/// 复核's 核实: `属实` accepts the warnings 核查提示 names for that unit and field.
pub const REVIEW_VERIFIED: &str = "核实";
/// 部室评分 and 外部数据: one row per unit and item.
pub const CITY_ITEM_HEADERS: [&str; 9] = [
    "单位代码",
    "单位",
    "代码",
    "项目",
    "提供单位",
    "计量单位",
    "数值",
    "评分人/数据日期",
    "备注",
];
/// 加分审核: one row per claim.
pub const APPROVAL_HEADERS: [&str; 10] = [
    "单位代码",
    "单位",
    "加分项目",
    "申报数量",
    "事项说明",
    "佐证编号",
    "审核意见",
    "认定数量",
    "理由",
    "来源单元格",
];
/// 扣分与否决: one row per unit and deduction or veto item.
pub const DEDUCTION_HEADERS: [&str; 8] = [
    "单位代码",
    "单位",
    "类别",
    "代码",
    "项目",
    "次数",
    "文件依据",
    "理由",
];
/// 收件登记: one row per unit.
pub const RECEIPT_HEADERS: [&str; 6] = [
    "单位代码",
    "单位",
    RECEIPT_STATUS,
    RECEIPT_DATE,
    "版本（文件）",
    "备注",
];
/// 收件登记's 状态: 已报送, 未报送 or 免报 (`submission::Receipt`).
pub const RECEIPT_STATUS: &str = "状态";
pub const RECEIPT_DATE: &str = "收件日期";
/// The choices of 收件登记's 状态.
pub const RECEIPT_STATUSES: [&str; 3] = ["已报送", "未报送", "免报"];
/// 申诉: one row per objection (typed by the city from the county's letter).
pub const OBJECTION_HEADERS: [&str; 12] = [
    "序号",
    "单位",
    "申诉项目",
    "申诉内容",
    "主张值",
    "佐证材料",
    "收到日期",
    "裁定结果",
    "裁定值",
    "复核人",
    "裁定日期",
    "裁定理由",
];
/// The rulings of 申诉's 裁定结果 (`city::Ruling`).
pub const RULINGS: [&str; 3] = ["维持", "采纳", "部分采纳"];
/// 公示日历: the day the 公示 opened, the holidays and the 调休 working days.
pub const CALENDAR_HEADERS: [&str; 3] = ["日期", "类型", "说明"];
/// The kinds of day of 公示日历's 类型.
pub const CALENDAR_KINDS: [&str; 3] = ["公示开始", "节假日", "调休上班"];
/// 等次审定: one row per unit.
pub const GRADE_HEADERS: [&str; 6] = [
    "单位代码",
    "单位",
    "自评总分",
    "拟定等次",
    "党组审定",
    "备注",
];
