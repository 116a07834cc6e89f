//! The message of every kind of finding, in Chinese and English.

use crate::lang::Lang;

use super::read_error::read_error;
use super::{SkipReason, What};

impl What {
    /// The message in the chosen language.
    #[allow(clippy::too_many_lines)] // one arm per kind keeps both languages side by side
    pub fn message(&self, lang: Lang) -> String {
        match self {
            What::Read(note) => note.message(lang),
            What::Refused(refusal) => refusal.message(lang),
            What::Unreadable(err) => read_error(err, lang),
            What::Skipped(reason) => match reason {
                SkipReason::LockFile => lang
                    .pick(
                        "Excel/WPS 打开文件时留下的临时文件，已跳过",
                        "a lock file left by Excel or WPS while a workbook is open; skipped",
                    )
                    .to_string(),
                SkipReason::NotSpreadsheet => lang
                    .pick(
                        "不是表格文件（.xlsx、.xlsm、.xls、.ods），已跳过",
                        "not a spreadsheet (.xlsx, .xlsm, .xls, .ods); skipped",
                    )
                    .to_string(),
                SkipReason::OwnOutput(kind) => lang.pick(
                    format!("这是本工具生成的{}，不是填报表，已跳过", own_output_name(kind, lang)),
                    format!("a {} written by this tool, not a submission; skipped", own_output_name(kind, lang)),
                ),
                SkipReason::NotRegular => lang
                    .pick(
                        "不是普通文件（管道、套接字或设备），未打开，已跳过",
                        "not a regular file (a pipe, a socket or a device); not opened, skipped",
                    )
                    .to_string(),
                SkipReason::LinkLoop => lang
                    .pick(
                        "是指向所在文件夹（或其上级）的链接，会造成循环，未跟随，已跳过",
                        "a link to the folder holding it (or above): a loop, not followed; skipped",
                    )
                    .to_string(),
                SkipReason::LinkedFolder => lang
                    .pick(
                        "是指向所给文件夹中另一个文件夹的链接，该文件夹按原名读取，此处未跟随，已跳过",
                        "a link to another folder among the given ones, read under its own name; not followed here, skipped",
                    )
                    .to_string(),
                SkipReason::LinkOutside => lang
                    .pick(
                        "是指向所给文件夹以外的链接，未跟随，已跳过；如需读取，请把文件复制进来",
                        "a link leading outside the given folders; not followed, skipped (copy the file in to read it)",
                    )
                    .to_string(),
                SkipReason::LinkBroken => lang
                    .pick(
                        "是无效的链接（目标不存在或链接成环），已跳过",
                        "a link to nothing (or a loop of links); skipped",
                    )
                    .to_string(),
                SkipReason::SameFile => lang
                    .pick(
                        "与前面已读取的文件是同一个文件（通过链接到达），只读取一次，已跳过",
                        "the same file as one read before (reached through a link); read once, skipped here",
                    )
                    .to_string(),
                SkipReason::WpsFormat => lang
                    .pick(
                        "WPS 专有格式（.et），请在 WPS 中另存为 .xlsx 后重新报送",
                        "WPS's own format (.et); save it as .xlsx in WPS and send it again",
                    )
                    .to_string(),
            },
            What::NotTemplate => lang
                .pick(
                    "不是本年度下发的填报表（找不到单位代码、年度等标识），未读取；请使用下发的模板填报",
                    "not our template (no unit code or year stamp found); not read; use the template sent out",
                )
                .to_string(),
            What::OtherYear { found, expected } => lang.pick(
                format!("这是 {found} 年度的填报表，本次汇总的是 {expected} 年度，未读取"),
                format!("this is a {found} submission; this run is for {expected}; not read"),
            ),
            What::OtherFramework { found, expected } => lang.pick(
                format!("填报表属于评估体系「{found}」，本次使用「{expected}」，未读取"),
                format!("the template belongs to framework `{found}`, this run uses `{expected}`; not read"),
            ),
            What::OtherVersion { found, expected } => lang.pick(
                format!("填报表为旧版模板（体系版本 {found}，现行 {expected}），已按代码读取，请核对"),
                format!("an older template (framework version {found}, current {expected}); read by field code, please check"),
            ),
            What::UnknownUnit { code, name, known: Some(known) } => lang.pick(
                format!("单位代码「{code}」不在参评单位名单中；表内单位名称“{name}”在名单中的代码是 {known}，请核对单位代码后重新报送；未读取"),
                format!("unit code `{code}` is not in the unit registry; the unit name `{name}` in the file has the code {known} there: check the code and send the file again; not read"),
            ),
            What::UnknownUnit { code, name, known: None } => lang.pick(
                format!("单位代码「{code}」（{name}）不在参评单位名单中，未读取"),
                format!("unit code `{code}` (`{name}`) is not in the unit registry; not read"),
            ),
            What::FileNameMismatch { unit } => {
                let unit = unit.get(lang);
                lang.pick(
                format!("文件名未包含单位名称，按表内标识认定为{unit}"),
                format!("the file name does not name the unit; identified as {unit} by its stamp"),
                )
            }
            What::IdentityConflict { claims } => {
                let places: Vec<String> = claims.iter().map(|c| c.render(lang)).collect();
                // the unit most places name, when more than half name it: the
                // places naming another are the ones to look at first
                let mut most: Vec<(&str, usize)> = Vec::new();
                for unit in claims.iter().flat_map(|c| &c.units).map(|u| u.get(lang)) {
                    match most.iter_mut().find(|(u, _)| *u == unit) {
                        Some((_, n)) => *n += 1,
                        None => most.push((unit, 1)),
                    }
                }
                let majority = most
                    .iter()
                    .find(|(_, n)| 2 * n > claims.len())
                    .map(|(u, _)| *u);
                let odd: Vec<String> = claims
                    .iter()
                    .filter(|c| majority.is_some_and(|m| !c.units.iter().any(|u| u.get(lang) == m)))
                    .map(|c| c.render(lang))
                    .collect();
                let (odd_zh, odd_en) = match majority {
                    Some(unit) => (
                        format!("其中与多数标识（{unit}）不符的是：{}；", odd.join("；")),
                        format!(" The places not naming {unit}, as most do: {}.", odd.join("; ")),
                    ),
                    None => (String::new(), String::new()),
                };
                lang.pick(
                    format!(
                        "文件中的单位标识互相矛盾：{}；{odd_zh}无法确定是哪个单位的报表，未读取。请核实后用本单位的模板重新填报（不要改动锁定的标识单元格）",
                        places.join("；")
                    ),
                    format!(
                        "the places naming the unit disagree: {}.{odd_en} This file cannot be assigned to a unit and was not read. Check it and fill in the unit's own template (do not change the locked stamp cells)",
                        places.join("; ")
                    ),
                )
            }
            What::YearConflict { claims } => {
                let places: Vec<String> = claims.iter().map(|c| c.render(lang)).collect();
                lang.pick(
                    format!(
                        "文件中的评估年度互相矛盾：{}；无法确定是哪一年的报表，未读取。请核实后用该年度下发的模板重新填报（不要改动锁定的标识单元格）",
                        places.join("；")
                    ),
                    format!(
                        "the places naming the year disagree: {}. This file cannot be assigned to a year and was not read. Check it and fill in that year's template (do not change the locked stamp cells)",
                        places.join("; ")
                    ),
                )
            }
            What::PreviousNotRead { year, why } => lang.pick(
                format!(
                    "{year} 年的报表未采用，与上年的比较不含此文件（上年没有其他可用报表的单位不作比较）：{}",
                    why.message(lang)
                ),
                format!(
                    "not used as a {year} submission; the comparison with last year leaves this file out (a unit with no other usable file that year is not compared): {}",
                    why.message(lang)
                ),
            ),
            What::MissingSheet(sheet) => lang.pick(
                format!("缺少“{sheet}”工作表；请使用下发的模板，不要删除工作表"),
                format!("the sheet `{sheet}` is missing; use the template sent out and do not delete sheets"),
            ),
            What::MergedInput { area, others, column } => {
                let names = |lang| others.iter().map(|o| o.get(lang)).collect::<Vec<_>>();
                let (zh, en) = match (others.is_empty(), column) {
                    (false, _) => (
                        format!("覆盖了“{}”等其他指标的填报格", names(Lang::Zh).join("”“")),
                        format!("covers the input cells of `{}` too", names(Lang::En).join("`, `")),
                    ),
                    (true, Some(c)) => (
                        format!("把填报格与“{c}”列合在了一起，读到的可能是“{c}”的数"),
                        format!("joins the input cell with the `{c}` column; its value may be that column's"),
                    ),
                    (true, None) => (
                        "把填报格与其他列合在了一起".to_string(),
                        "joins the input cell with another column".to_string(),
                    ),
                };
                lang.pick(
                    format!("{area} 是合并单元格，{zh}；合并后只有一个值，本项未读取。请取消合并后逐项填写"),
                    format!("{area} is a merged area that {en}; one value cannot be two, so nothing was read here. Unmerge it and fill in each item"),
                )
            }
            What::MergedInputRead { area } => lang.pick(
                format!("{area} 是合并单元格，按填报格本身的值读取，合并到的其他格不读取"),
                format!("{area} is merged: the input cell's own value is read, the other cells of the area are not"),
            ),
            What::MergedFilledDown { area, column, value, rows } => lang.pick(
                format!("{area} 是合并单元格，“{column}”按“{value}”填入这 {rows} 行"),
                format!("{area} is merged: `{column}` read as `{value}` for these {rows} rows"),
            ),
            What::MergedList { area } => lang.pick(
                format!("{area} 是合并单元格；合并后只有第一行有值，其余行不能算作已填写。请取消合并后逐行填写"),
                format!("{area} is a merged area: only its first row holds a value, which cannot count for the rows below. Unmerge it and fill in each row"),
            ),
            What::TwoDataSheets { read, other, codes, hidden } => {
                let (zh, en, hint_zh, hint_en) = match hidden {
                    true => (
                        "隐藏的工作表",
                        "the hidden sheet",
                        "（在工作表标签上右键“取消隐藏”可以看到它）",
                        " (right-click a sheet tab › Unhide shows it)",
                    ),
                    false => ("工作表", "the sheet", "", ""),
                };
                lang.pick(
                    format!("{zh}“{other}”也有 {codes} 个指标代码，与“{read}”重复，无法确定以哪张表为准；请删除多余的工作表{hint_zh}后重新报送"),
                    format!("{en} `{other}` also carries {codes} field codes, like `{read}`; which one counts cannot be told. Delete the extra sheet{hint_en} and send it again"),
                )
            }
            What::TwoColumns { label, cells } => lang.pick(
                format!("表头有两个“{label}”列（{}），无法确定以哪一列为准；请删除多余的列", cells.join("、")),
                format!("the header has two `{label}` columns ({}); which one counts cannot be told. Delete the extra column", cells.join(", ")),
            ),
            What::DuplicateCell { values } => lang.pick(
                format!(
                    "这个单元格在文件中出现了 {} 次（{}），文件可能被其他软件改动过，无法确定哪个是填写的值；请在 Excel 或 WPS 中核对后另存，重新报送",
                    values.len(),
                    values.iter().map(|v| format!("“{v}”")).collect::<Vec<_>>().join("、")
                ),
                format!(
                    "this cell is listed {} times in the file ({}); the file may have been changed by other software and which value was typed cannot be told. Check it in Excel or WPS, save it and send it again",
                    values.len(),
                    values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")
                ),
            ),
            What::MissingRow { code, name } => {
let name = name.get(lang);
lang.pick(
                format!("找不到「{code}」（{name}）这一行；请不要删除或改动“代码”列"),
                format!("no row for `{code}` ({name}); do not delete rows or change the code column"),
            )
},
            What::DuplicateRow { code } => lang.pick(
                format!("代码「{code}」出现了两次，只读取第一行"),
                format!("the code `{code}` appears twice; only the first row is read"),
            ),
            What::Required { name } => {
let name = name.get(lang);
lang.pick(
                format!("“{name}”为必填项，未填写"),
                format!("`{name}` is required but blank"),
            )
},
            What::OutOfRange { name, value, range } => {
let name = name.get(lang);
let value = value.get(lang);
let range = range.get(lang);
lang.pick(
                format!("“{name}”为 {value}，超出合理范围 {range}；请核对"),
                format!("`{name}` is {value}, outside the range {range}; please check"),
            )
},
            What::TenThousandTimes { name, value, likely } => {
let name = name.get(lang);
let value = value.get(lang);
let likely = likely.get(lang);
lang.pick(
                format!("“{name}”为 {value}，约为正常值的 10000 倍，可能把元数填进了万元格；应为 {likely}左右"),
                format!("`{name}` is {value}, about 10,000 times too large: yuan typed into a cell counted in 10,000 yuan? Expected about {likely}"),
            )
},
            What::RuleBroken { rule, message } => match message {
                Some(m) => lang.pick(format!("{}（{rule}）", m.zh), format!("{} ({rule})", m.en)),
                None => lang.pick(format!("不满足校验规则 {rule}"), format!("the rule {rule} is not met")),
            },
            What::CumulativeFell { name, value, last } => {
let name = name.get(lang);
let value = value.get(lang);
let last = last.get(lang);
lang.pick(
                format!("“{name}”是年末累计数，本年为 {value}，低于上年报送的 {last}；累计数不应减少"),
                format!("`{name}` is a running total: {value} is below last year's {last}; a running total cannot fall"),
            )
},
            What::BigChange { name, value, last, percent } => {
let name = name.get(lang);
let value = value.get(lang);
let last = last.get(lang);
lang.pick(
                format!("“{name}”本年 {value}，上年 {last}，变化 {percent}；请核对"),
                format!("`{name}` is {value} against {last} last year ({percent}); please check"),
            )
},
            What::DuplicateOrg { name, first_row } => lang.pick(
                format!("基层组织“{name}”重复，第 {first_row} 行已填写"),
                format!("the organisation `{name}` is listed twice, first in row {first_row}"),
            ),
            What::UnknownOrgType { value, expected } => lang.pick(
                format!("类型「{value}」不在下拉列表中；应为：{}", expected.join("、")),
                format!("the type `{value}` is not in the list; expected one of: {}", ticked(expected)),
            ),
            What::OrgWithoutName => lang
                .pick("这一行有内容但没有组织名称", "this row has content but no organisation name")
                .to_string(),
            What::OrgCount { listed, reported } => lang.pick(
                format!("“基层组织”表列出 {listed} 个组织，与“指标数据”填报的基层组织总数 {reported} 不一致"),
                format!("the grassroots list has {listed} organisations but the data sheet reports {reported}"),
            ),
            What::YesNoMarks { count, example } => lang.pick(
                format!("五有各项有 {count} 格用 {} 等符号填写，已按“是/否”读取（此为第一格）", example.join("、")),
                format!(
                    "{count} cells of the list use marks such as {}; read as yes/no (this is the first)",
                    ticked(example)
                ),
            ),
            What::ClaimWithoutEvidence => lang
                .pick(
                    "加分申报缺少佐证编号，不予认定；请填写佐证材料编号",
                    "a bonus claim without an evidence number cannot be approved; add the evidence number",
                )
                .to_string(),
            What::EvidenceNotListed { number, claim: true } => lang.pick(
                format!("佐证编号「{number}」不在“佐证材料”表中：这项加分不计入自评分，经市红十字会“加分审核”同意后按认定数量计分；请在“佐证材料”表补列这份材料"),
                format!("the evidence number `{number}` is not in the evidence list (`佐证材料`): the claim does not count in the self-assessment, only as the city's bonus review (`加分审核`) approves it; list the document"),
            ),
            What::EvidenceNotListed { number, claim: false } => lang.pick(
                format!("佐证编号「{number}」不在“佐证材料”表中；请在“佐证材料”表补列这份材料（编号、名称、类型、页数）"),
                format!("the evidence number `{number}` is not in the evidence list (`佐证材料`); list the document (number, title, kind, pages)"),
            ),
            What::UnknownBonusItem(value) => lang.pick(
                format!("加分项目「{value}」不在评分细则中；请从下拉列表选择"),
                format!("the bonus item `{value}` is not in the rules; choose from the list"),
            ),
            What::ClaimCount => lang
                .pick("加分申报的数量应为正整数", "a bonus claim's count must be a whole number above 0")
                .to_string(),
            What::Resubmitted { used, others, by } => lang.pick(
                format!(
                    "同一单位有 {} 份文件，采用最新的 {used}（依据{}），未采用：{}",
                    others.len() + 1,
                    if *by == "date" { "填报日期" } else { "文件修改时间" },
                    others.join("、")
                ),
                format!(
                    "{} files for the same unit; using the newest, {used} (by its {}); not used: {}",
                    others.len() + 1,
                    if *by == "date" { "sign-off date" } else { "file time" },
                    others.join(", ")
                ),
            ),
            What::Indistinguishable { files } => lang.pick(
                format!("同一单位有多份文件且无法判断哪份最新：{}；请只保留一份", files.join("、")),
                format!("several files for the same unit and no way to tell the newest: {}; keep only one", files.join(", ")),
            ),
            What::AdjustmentWithoutReason => lang
                .pick("核定值已修改但没有填写调整理由；请写明依据", "a reviewed value without a reason; write down why")
                .to_string(),
            What::CityMissing { sheet, unit, item } => {
let unit = unit.get(lang);
let item = item.get(lang);
lang.pick(
                format!("“{sheet}”中{unit}的“{item}”未填写；请补齐后再计分"),
                format!("`{item}` of {unit} is blank in `{sheet}`; fill it in before scoring"),
            )
},
            What::ApprovalPending => lang
                .pick(
                    "加分申报尚未审核（审核意见应为“同意”或“不同意”），暂不计分",
                    "a bonus claim without a decision (`同意` or `不同意`); not counted",
                )
                .to_string(),
            What::DecisionWithoutBasis => lang
                .pick("扣分或一票否决缺少文件依据；请填写", "a deduction or veto without its document basis; fill it in")
                .to_string(),
            What::UnknownGrade { value, expected } => lang.pick(
                format!("「{value}」不是评估体系中的等次；应为：{}", expected.join("、")),
                format!("`{value}` is not a grade of the framework; expected one of: {}", ticked(expected)),
            ),
            What::CityOtherYear { found, expected } => lang.pick(
                format!("这是 {found} 年度的市级复核表，本次为 {expected} 年度，未使用"),
                format!("a city workbook of {found}; this run is for {expected}; not used"),
            ),
            What::CityUsed { file } => lang.pick(
                format!("使用市级复核表 {file}"),
                format!("using the city workbook {file}"),
            ),
            What::ObjectionUnit { value } => lang.pick(
                format!("申诉单位「{value}」不在参评单位名单中；请填写单位名称或代码"),
                format!("`{value}` is not a unit of the registry; write the unit's name or code"),
            ),
            What::ObjectionItem { value } => lang.pick(
                format!("申诉项目「{value}」不是评分细则中的指标项、加分、扣分或否决项目；请填写其代码（如复核表“代码”列所示，或 X2、K3）"),
                format!("`{value}` is no field, bonus, deduction or veto item of the framework; write its code (as in the `代码` column of `复核`, or X2, K3)"),
            ),
            What::ObjectionPending => lang
                .pick(
                    "申诉尚未裁定（裁定结果应为“维持”“采纳”或“部分采纳”），暂按原结果计分",
                    "an objection without a ruling (`维持`, `采纳` or `部分采纳`); the result stands meanwhile",
                )
                .to_string(),
            What::UnknownRuling { value } => lang.pick(
                format!("裁定结果「{value}」无法识别；应为：维持、采纳、部分采纳"),
                format!("the ruling `{value}` is not one of `维持`, `采纳`, `部分采纳`"),
            ),
            What::RulingWithoutValue { ruling } => lang.pick(
                format!("裁定为“{ruling}”，但没有裁定值（也没有主张值）；请填写裁定后的数值"),
                format!("the ruling is `{ruling}` but there is no value ruled (nor claimed); write the value the ruling sets"),
            ),
            What::RulingWithoutReason => lang
                .pick("申诉已裁定但没有填写裁定理由；请写明依据", "a ruling without its reason; write down why")
                .to_string(),
            What::ObjectionUndated => lang
                .pick(
                    "申诉没有填写收到日期，无法核对是否在公示期内；请填写",
                    "an objection without the date it was received: whether it came within the public-notice window cannot be checked; fill it in",
                )
                .to_string(),
            What::ObjectionLate { received, last, days, late } => {
                let (r, l) = (crate::date::text(*received), crate::date::text(*last));
                lang.pick(
                    format!("申诉于 {r} 收到，公示期（{days} 个工作日）至 {l} 截止，逾期 {late} 个工作日；是否受理由市级决定，裁定照常计入"),
                    format!("received on {r}, {late} working day(s) after the {days}-working-day public-notice window closed on {l}; whether to hear it is the city's decision, and a ruling counts as usual"),
                )
            }
            What::WindowUnknown => lang
                .pick(
                    "“公示日历”没有登记“公示开始”日期，无法核对申诉是否在公示期内；请填写初评公示的第一天",
                    "`公示日历` records no `公示开始` day, so whether objections came in time cannot be checked; write the first day of the public notice",
                )
                .to_string(),
            What::RulingOnDaysLate => lang
                .pick(
                    "逾期报送扣分按“收件登记”的收件日期计算，不在申诉中裁定；申诉成立时请更正收件日期",
                    "the late-submission deduction follows the receipt date in `收件登记` and is not ruled here; if the objection holds, correct the receipt date",
                )
                .to_string(),
            What::UnknownDayKind { value } => lang.pick(
                format!("类型「{value}」无法识别；应为：公示开始、节假日、调休上班"),
                format!("the kind of day `{value}` is not one of `公示开始`, `节假日`, `调休上班`"),
            ),
            What::NoSubmission { code, name, recorded } => {
let name = name.get(lang);
match recorded {
                None => lang.pick(
                    format!("{name}（{code}）没有报送文件，也未在市级复核表“收件登记”中登记为“未报送”或“免报”，不予计分；请找到该单位的报表，或在“收件登记”的“状态”列登记"),
                    format!("no submission from {name} ({code}), and the city workbook's receipt log (`收件登记`) does not record it as not sent (`未报送`) or exempt (`免报`); nothing is scored until the file is found or its `状态` is recorded"),
                ),
                Some(crate::submission::Receipt::Exempt) => lang.pick(
                    format!("{name}（{code}）在“收件登记”中登记为免报，不参加本年度排名"),
                    format!("{name} ({code}) is recorded as exempt (`免报`) in the receipt log (`收件登记`) and is not ranked this year"),
                ),
                Some(_) => lang.pick(
                    format!("{name}（{code}）没有报送文件，“收件登记”登记为未报送，按评估体系的规定计为未报送单位"),
                    format!("no submission from {name} ({code}), recorded as not sent (`未报送`) in the receipt log (`收件登记`); treated as the framework says for units that sent nothing"),
                ),
            }
},
            What::SignedAfter { signed, limit, today } => {
                let (s, l) = (crate::date::text(*signed), crate::date::text(*limit));
                match today {
                    false => lang.pick(
                        format!("填报日期 {s} 晚于市级复核表“收件登记”记录的收件日期 {l}，不可能先收到后填报；请核对填报日期或收件日期"),
                        format!("the sign-off date {s} is after the day the city received the file ({l}, receipt log `收件登记`); check either date"),
                    ),
                    true => lang.pick(
                        format!("填报日期 {s} 晚于本次运行的日期 {l}（--timestamp 或 SOURCE_DATE_EPOCH）；请核对填报日期"),
                        format!("the sign-off date {s} is after the run's date {l} (--timestamp or SOURCE_DATE_EPOCH); check the date"),
                    ),
                }
            }
            What::ClaimBeyondCap { count, points, max } => {
                let worth = count * points.parse::<f64>().unwrap_or(0.0);
                lang.pick(
                    format!("申报数量 {count} 按每项 {points} 分可得 {worth} 分，远超本项上限 {max} 分（超过两倍）；请核对数量是否填错"),
                    format!("a count of {count} at {points} points each is worth {worth} points, far beyond the item's cap of {max} (more than twice); check the count"),
                )
            }
            What::RecordedButSubmitted { recorded } => lang.pick(
                format!("“收件登记”将该单位登记为“{recorded}”，但收到了它的报表，已按报表计分；请核对收件登记"),
                format!("The receipt log (`收件登记`) records this unit as `{recorded}`, yet its file was found and is scored; check the receipt log"),
            ),
            What::UnknownStatus { value } => lang.pick(
                format!("状态「{value}」无法识别；应为：已报送、未报送、免报"),
                format!("the status `{value}` is not one of `已报送`, `未报送`, `免报`"),
            ),
            What::ConfirmedDiffers { name, value, confirmed } => {
let name = name.get(lang);
let value = value.get(lang);
let confirmed = confirmed.get(lang);
lang.pick(
                format!("“{name}”填报 {value}，市级核定的区划数为 {confirmed}，按核定数计分；请核对"),
                format!("`{name}` is reported as {value}; the city's confirmed figure is {confirmed}, which is used; please check"),
            )
},
        }
    }
}

/// `` `乡镇/街道`, `村/社区` ``: what a clerk types, quoted in an English sentence.
fn ticked(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What an output workbook is, by its `assess-kind` stamp.
fn own_output_name(kind: &str, lang: Lang) -> &'static str {
    use crate::layout::*;
    match kind {
        KIND_ASSESSMENT => lang.pick("评估结果工作簿", "assessment workbook"),
        KIND_FEEDBACK => lang.pick("评估反馈单", "feedback workbook"),
        KIND_ATTACHMENT => lang.pick("得分汇总表（内部掌握）", "attachment table (internal)"),
        KIND_PUBLIC => lang.pick("得分汇总表（公开）", "attachment table (public)"),
        KIND_TREND => lang.pick("历年趋势工作簿", "trend workbook"),
        KIND_FINDINGS => lang.pick("审核意见工作簿", "findings workbook"),
        KIND_RULES => lang.pick("评分细则工作簿", "scoring rules workbook"),
        _ => lang.pick("输出文件", "output file"),
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::{SkipReason, What};
    use crate::ingest::ReadError;
    use crate::lang::{Both, Lang};

    /// Every kind of finding, with its exact Chinese text (the values are made up).
    #[test]
    fn every_message_in_chinese() {
        let cases: Vec<(What, &str)> = vec![
            (
                What::Skipped(SkipReason::LockFile),
                "Excel/WPS 打开文件时留下的临时文件，已跳过",
            ),
            (
                What::Skipped(SkipReason::NotSpreadsheet),
                "不是表格文件（.xlsx、.xlsm、.xls、.ods），已跳过",
            ),
            (
                What::Skipped(SkipReason::WpsFormat),
                "WPS 专有格式（.et），请在 WPS 中另存为 .xlsx 后重新报送",
            ),
            (
                What::NotTemplate,
                "不是本年度下发的填报表（找不到单位代码、年度等标识），未读取；请使用下发的模板填报",
            ),
            (
                What::OtherYear {
                    found: 2022,
                    expected: 2023,
                },
                "这是 2022 年度的填报表，本次汇总的是 2023 年度，未读取",
            ),
            (
                What::OtherFramework {
                    found: "x".into(),
                    expected: "sjz-county-core".into(),
                },
                "填报表属于评估体系「x」，本次使用「sjz-county-core」，未读取",
            ),
            (
                What::OtherVersion {
                    found: "2024.1".into(),
                    expected: "2025.1".into(),
                },
                "填报表为旧版模板（体系版本 2024.1，现行 2025.1），已按代码读取，请核对",
            ),
            (
                What::UnknownUnit {
                    code: "130199".into(),
                    name: "某某新区".into(),
                    known: None,
                },
                "单位代码「130199」（某某新区）不在参评单位名单中，未读取",
            ),
            (
                What::FileNameMismatch {
                    unit: Both::new("正定县", "Zhengding County"),
                },
                "文件名未包含单位名称，按表内标识认定为正定县",
            ),
            (
                What::MissingSheet("基层组织".into()),
                "缺少“基层组织”工作表；请使用下发的模板，不要删除工作表",
            ),
            (
                What::MissingRow {
                    code: "drills".into(),
                    name: Both::new("组织应急演练次数", "Emergency drills held"),
                },
                "找不到「drills」（组织应急演练次数）这一行；请不要删除或改动“代码”列",
            ),
            (
                What::DuplicateRow {
                    code: "drills".into(),
                },
                "代码「drills」出现了两次，只读取第一行",
            ),
            (
                What::Required {
                    name: "乡镇（街道）总数".into(),
                },
                "“乡镇（街道）总数”为必填项，未填写",
            ),
            (
                What::OutOfRange {
                    name: Both::new("乡镇（街道）总数", "Townships and streets"),
                    value: Both::new("120 个", "120"),
                    range: Both::new("1 个～100 个", "1～100"),
                },
                "“乡镇（街道）总数”为 120 个，超出合理范围 1 个～100 个；请核对",
            ),
            (
                What::TenThousandTimes {
                    name: Both::new("募集款物（折合）", "Donations raised"),
                    value: Both::new("656600 万元", "656600 × 10,000 yuan"),
                    likely: Both::new("65.66 万元", "65.66 × 10,000 yuan"),
                },
                "“募集款物（折合）”为 656600 万元，约为正常值的 10000 倍，可能把元数填进了万元格；应为 65.66 万元左右",
            ),
            (
                What::RuleBroken {
                    rule: "a <= b".into(),
                    message: Some(Both::new("甲不能多于乙", "a cannot exceed b")),
                },
                "甲不能多于乙（a <= b）",
            ),
            (
                What::RuleBroken {
                    rule: "a <= b".into(),
                    message: None,
                },
                "不满足校验规则 a <= b",
            ),
            (
                What::CumulativeFell {
                    name: Both::new("累计培训取证救护员", "Certified first-aiders"),
                    value: Both::new("7060 人", "7060 people"),
                    last: Both::new("7160 人", "7160 people"),
                },
                "“累计培训取证救护员”是年末累计数，本年为 7060 人，低于上年报送的 7160 人；累计数不应减少",
            ),
            (
                What::BigChange {
                    name: Both::new("应急演练", "Drills"),
                    value: Both::new("6 次", "6"),
                    last: Both::new("2 次", "2"),
                    percent: "+200%".into(),
                },
                "“应急演练”本年 6 次，上年 2 次，变化 +200%；请核对",
            ),
            (
                What::DuplicateOrg {
                    name: "贾庄镇红十字会".into(),
                    first_row: 4,
                },
                "基层组织“贾庄镇红十字会”重复，第 4 行已填写",
            ),
            (
                What::UnknownOrgType {
                    value: "乡镇".into(),
                    expected: vec!["乡镇/街道".into(), "村/社区".into()],
                },
                "类型「乡镇」不在下拉列表中；应为：乡镇/街道、村/社区",
            ),
            (What::OrgWithoutName, "这一行有内容但没有组织名称"),
            (
                What::OrgCount {
                    listed: 40,
                    reported: "43".into(),
                },
                "“基层组织”表列出 40 个组织，与“指标数据”填报的基层组织总数 43 不一致",
            ),
            (
                What::YesNoMarks {
                    count: 3,
                    example: vec!["√".into(), "×".into()],
                },
                "五有各项有 3 格用 √、× 等符号填写，已按“是/否”读取（此为第一格）",
            ),
            (
                What::EvidenceNotListed {
                    number: "JF-03".into(),
                    claim: true,
                },
                "佐证编号「JF-03」不在“佐证材料”表中：这项加分不计入自评分，经市红十字会“加分审核”同意后按认定数量计分；请在“佐证材料”表补列这份材料",
            ),
            (
                What::EvidenceNotListed {
                    number: "B-03".into(),
                    claim: false,
                },
                "佐证编号「B-03」不在“佐证材料”表中；请在“佐证材料”表补列这份材料（编号、名称、类型、页数）",
            ),
            (
                What::ClaimWithoutEvidence,
                "加分申报缺少佐证编号，不予认定；请填写佐证材料编号",
            ),
            (
                What::UnknownBonusItem("X9 其他".into()),
                "加分项目「X9 其他」不在评分细则中；请从下拉列表选择",
            ),
            (What::ClaimCount, "加分申报的数量应为正整数"),
            (
                What::Resubmitted {
                    used: "b.xlsx".into(),
                    others: vec!["a.xlsx".into()],
                    by: "date",
                },
                "同一单位有 2 份文件，采用最新的 b.xlsx（依据填报日期），未采用：a.xlsx",
            ),
            (
                What::Indistinguishable {
                    files: vec!["a.xlsx".into(), "b.xlsx".into()],
                },
                "同一单位有多份文件且无法判断哪份最新：a.xlsx、b.xlsx；请只保留一份",
            ),
            (
                What::NoSubmission {
                    code: "130123".into(),
                    name: Both::new("正定县", "Zhengding County"),
                    recorded: None,
                },
                "正定县（130123）没有报送文件，也未在市级复核表“收件登记”中登记为“未报送”或“免报”，不予计分；请找到该单位的报表，或在“收件登记”的“状态”列登记",
            ),
            (
                What::AdjustmentWithoutReason,
                "核定值已修改但没有填写调整理由；请写明依据",
            ),
            (
                What::CityMissing {
                    sheet: "部室评分".into(),
                    unit: Both::new("长安区", "Chang'an District"),
                    item: Both::new("党建工作评分", "Party-building score"),
                },
                "“部室评分”中长安区的“党建工作评分”未填写；请补齐后再计分",
            ),
            (
                What::ApprovalPending,
                "加分申报尚未审核（审核意见应为“同意”或“不同意”），暂不计分",
            ),
            (
                What::DecisionWithoutBasis,
                "扣分或一票否决缺少文件依据；请填写",
            ),
            (
                What::UnknownGrade {
                    value: "优".into(),
                    expected: vec!["优秀".into(), "良好".into()],
                },
                "「优」不是评估体系中的等次；应为：优秀、良好",
            ),
            (
                What::CityOtherYear {
                    found: 2022,
                    expected: 2023,
                },
                "这是 2022 年度的市级复核表，本次为 2023 年度，未使用",
            ),
            (
                What::CityUsed {
                    file: "c.xlsx".into(),
                },
                "使用市级复核表 c.xlsx",
            ),
            (
                What::ObjectionUnit {
                    value: "正定".into(),
                },
                "申诉单位「正定」不在参评单位名单中；请填写单位名称或代码",
            ),
            (
                What::ObjectionItem {
                    value: "F99".into(),
                },
                "申诉项目「F99」不是评分细则中的指标项、加分、扣分或否决项目；请填写其代码（如复核表“代码”列所示，或 X2、K3）",
            ),
            (
                What::ObjectionPending,
                "申诉尚未裁定（裁定结果应为“维持”“采纳”或“部分采纳”），暂按原结果计分",
            ),
            (
                What::UnknownRuling {
                    value: "同意".into(),
                },
                "裁定结果「同意」无法识别；应为：维持、采纳、部分采纳",
            ),
            (
                What::RulingWithoutValue {
                    ruling: "部分采纳"
                },
                "裁定为“部分采纳”，但没有裁定值（也没有主张值）；请填写裁定后的数值",
            ),
            (
                What::RulingWithoutReason,
                "申诉已裁定但没有填写裁定理由；请写明依据",
            ),
            (
                What::ObjectionUndated,
                "申诉没有填写收到日期，无法核对是否在公示期内；请填写",
            ),
            (
                What::ObjectionLate {
                    received: crate::date::ymd(2024, 2, 21).unwrap(),
                    last: crate::date::ymd(2024, 2, 20).unwrap(),
                    days: 5,
                    late: 1,
                },
                "申诉于 2024-02-21 收到，公示期（5 个工作日）至 2024-02-20 截止，逾期 1 个工作日；是否受理由市级决定，裁定照常计入",
            ),
            (
                What::WindowUnknown,
                "“公示日历”没有登记“公示开始”日期，无法核对申诉是否在公示期内；请填写初评公示的第一天",
            ),
            (
                What::RulingOnDaysLate,
                "逾期报送扣分按“收件登记”的收件日期计算，不在申诉中裁定；申诉成立时请更正收件日期",
            ),
            (
                What::UnknownDayKind {
                    value: "假日".into(),
                },
                "类型「假日」无法识别；应为：公示开始、节假日、调休上班",
            ),
            (
                What::Unreadable(ReadError::Empty),
                "文件是空的（0 字节），未读取；请重新报送",
            ),
            (
                What::Unreadable(ReadError::Encrypted),
                "文件设置了打开密码，无法读取；请取消密码后重新报送",
            ),
            (
                What::Unreadable(ReadError::Timeout(20)),
                "读取超过 20 秒仍未完成，已放弃；请检查文件",
            ),
            (
                What::Unreadable(ReadError::Crashed("out of memory".into())),
                "读取时出错，未读取；请检查文件（技术原因可用 --lang en 查看）",
            ),
            (
                What::Unreadable(ReadError::FileTooLarge {
                    bytes: 127 * 1024 * 1024 + 1,
                    limit: 100 * 1024 * 1024,
                }),
                "文件过大（127.1 MB，上限 100 MB），未读取；请删除不需要的图片或工作表后重新报送",
            ),
            (
                What::Unreadable(ReadError::TooManyRows {
                    sheet: "基层组织".into(),
                    rows: 20_001,
                    limit: 20_000,
                }),
                "工作表“基层组织”有 20001 行内容，超出上限 20000 行，未读取；请删除误粘贴的内容后重新报送",
            ),
        ];
        let mut mixed = Vec::new();
        for (what, expected) in cases {
            assert_eq!(what.message(Lang::Zh), expected);
            // and the English one is English: Chinese only where it quotes
            let en = what.message(Lang::En);
            let mut bare = String::new();
            let mut quote = None;
            for c in en.chars() {
                match (quote, c) {
                    (None, '`' | '"') => quote = Some(c),
                    (Some(q), c) if c == q => quote = None,
                    (None, c) => bare.push(c),
                    _ => {}
                }
            }
            let bare: String = bare
                .split_whitespace()
                .filter(|w| !w.contains('!'))
                .collect();
            if bare.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
                mixed.push(en);
            }
        }
        assert!(mixed.is_empty(), "{mixed:#?}");
    }
}
