//! The problem samples (`samples/problems/`): real clerks' mistakes
//! ([`Mistake`]) planted in otherwise good 2023 submissions, for the tour of
//! `assess validate`; and, in a synthetic assessment ([`plant_among`]), in
//! about one unit's file in a hundred.
//!
//! Each [`Planted`] says which file it becomes, what was done to it and
//! where; `samples/problems/README.md` is written from the same list.

use crate::code::UnitCode;
use crate::framework::Framework;
use crate::report::template::Tamper;
use crate::submission::{Entry, Filled};

use super::{Rng, Sample};

/// One planted mistake: a submission to write, and what is wrong in it.
pub struct Planted {
    pub file: String,
    pub unit_code: UnitCode,
    pub year: i32,
    pub filled: Filled,
    pub tamper: Tamper,
    /// What was done, in words (Chinese), for the README.
    pub what: Vec<String>,
}

/// The year the problems are planted in.
pub const YEAR: i32 = 2023;

fn find<'a>(samples: &'a [Sample], code: &str, year: i32) -> Option<&'a Sample> {
    samples
        .iter()
        .find(|s| s.unit_code == code && s.year == year)
}

fn number(filled: &Filled, code: &str) -> f64 {
    match filled.values.get(code) {
        Some(Entry::Number(n)) => *n,
        _ => 0.0,
    }
}

fn full_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(u32::from(c) - u32::from('0') + 0xFF10).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// A mistake clerks make, planted in an otherwise good submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mistake {
    /// A number written in Chinese characters (`三次`): an error on that cell.
    ChineseNumeral,
    /// `12.5万` in a count of people and `12.5万元` in a 万元 cell: read, each
    /// with a note (and far from last year's values: warnings then).
    TenThousands,
    /// A count typed with a thousands separator (`1,173`): read, with a note.
    ThousandsSeparator,
    /// A count typed in full-width digits (`１９`): read, with a note.
    FullWidth,
    /// Yuan pasted into a 万元 cell: an error (about 10,000 times the normal value).
    YuanInWanyuan,
    /// A running total below last year's: an error (only when last year's sample is there).
    FallingTotal,
    /// Last year's form (the stamp says the year before): an error, the file is not read.
    WrongYear,
    /// A unit code that is not in the registry: an error, the file is not read.
    UnknownUnit,
    /// The first of two files from one unit, signed on 12-08.
    FirstOfTwo,
    /// The revised second file, signed on 12-12: a warning, and this one is used.
    Revised,
    /// The 基层组织 sheet deleted: an error.
    DroppedSheet,
    /// A row inserted below the data sheet's header: read as usual.
    InsertedRow,
    /// A value merged with its evidence cell: read as usual.
    MergedCell,
    /// 五有 answers written as √/×, 有/无: read as 是/否, with a note.
    Symbols,
}

impl Mistake {
    /// Plants the mistake in a submission of `year`; says what was done (for the README).
    fn apply(
        self,
        f: &mut Filled,
        t: &mut Tamper,
        year: i32,
        last_cumulative: Option<f64>,
    ) -> Vec<String> {
        match self {
            Mistake::ChineseNumeral => {
                f.values.insert("drills".into(), Entry::Text("三次".into()));
                vec!["指标数据 drills（应急演练次数）：数字格里填了文字“三次”".into()]
            }
            Mistake::TenThousands => {
                let awareness = number(f, "awareness_trained");
                f.values
                    .insert("awareness_trained".into(), Entry::Text("12.5万".into()));
                f.values
                    .insert("donations_raised".into(), Entry::Text("12.5万元".into()));
                vec![
                    format!(
                        "指标数据 awareness_trained（普及培训，人次）：填“12.5万”，即 125000 人次（原为 {awareness}）"
                    ),
                    "指标数据 donations_raised（募集款物，万元）：填“12.5万元”，在万元字段中即 12.5"
                        .into(),
                ]
            }
            Mistake::ThousandsSeparator => {
                let certified = number(f, "certified_trained") as i64;
                let typed = format!("{},{:03}", certified / 1000, certified % 1000);
                f.values
                    .insert("certified_trained".into(), Entry::Text(typed.clone()));
                vec![format!(
                    "指标数据 certified_trained（当年取证，人）：带千分位的文字“{typed}”"
                )]
            }
            Mistake::FullWidth => {
                let typed = full_width(&format!("{}", number(f, "aed_count") as i64));
                f.values
                    .insert("aed_count".into(), Entry::Text(typed.clone()));
                vec![format!("指标数据 aed_count（AED，台）：全角数字“{typed}”")]
            }
            Mistake::YuanInWanyuan => {
                let donations = number(f, "donations_raised");
                let yuan = (donations * 10_000.0).round();
                f.values
                    .insert("donations_raised".into(), Entry::Number(yuan));
                vec![format!(
                    "指标数据 donations_raised（募集款物，万元）：粘贴了元数 {yuan}（应为 {donations} 万元），约为正常值的 10000 倍"
                )]
            }
            Mistake::FallingTotal => {
                let Some(previous) = last_cumulative else {
                    return Vec::new();
                };
                let lower = (previous - 100.0).max(0.0);
                f.values
                    .insert("certified_cumulative".into(), Entry::Number(lower));
                if number(f, "certified_trained") > lower {
                    f.values
                        .insert("certified_trained".into(), Entry::Number(lower));
                }
                vec![format!(
                    "指标数据 certified_cumulative（累计取证，年末累计）：{lower}，低于上年报送的 {previous}"
                )]
            }
            Mistake::WrongYear => {
                t.stamp_year = Some(year - 1);
                vec![format!(
                    "填报说明 评估年度：填的是 {}（交错了年度的表）",
                    year - 1
                )]
            }
            Mistake::UnknownUnit => {
                t.stamp_unit = Some(("130199".into(), "某某新区".into()));
                vec!["填报说明 单位代码：130199（某某新区），不在参评单位名单中".into()]
            }
            Mistake::FirstOfTwo => {
                f.sign_off.date = format!("{year}年12月8日");
                vec!["同一单位两份文件：第一次报送（12月8日）".into()]
            }
            Mistake::Revised => {
                f.sign_off.date = format!("{year}年12月12日");
                let media = number(f, "media_reports");
                f.values
                    .insert("media_reports".into(), Entry::Number(media + 2.0));
                vec!["同一单位两份文件：修改后再报（12月12日），应采用这一份".into()]
            }
            Mistake::DroppedSheet => {
                t.drop_sheet = Some(crate::layout::SHEET_ORGS);
                vec!["删除了“基层组织”工作表".into()]
            }
            Mistake::InsertedRow => {
                t.insert_row = true;
                vec!["在“指标数据”表头下插入了一行（数据整体下移一行，应照常读取）".into()]
            }
            Mistake::MergedCell => {
                t.merge_input_of = Some("rescue_teams".into());
                vec![
                    "指标数据 rescue_teams：填报值与佐证编号两格被合并（值在合并区域左上角，应照常读取）"
                        .into(),
                ]
            }
            Mistake::Symbols => symbols(f),
        }
    }
}

/// √/× and 有/无 in the 五有 list, alternating by row.
fn symbols(f: &mut Filled) -> Vec<String> {
    let mut n = 0;
    for (i, org) in f.orgs.iter_mut().enumerate() {
        for item in &mut org.items {
            let symbol = match (item.as_str(), i % 2) {
                ("是", 0) => "√",
                ("是", _) => "有",
                ("否", 0) => "×",
                _ => "无",
            };
            *item = symbol.to_string();
            n += 1;
        }
    }
    vec![format!(
        "基层组织：五有各项用 √/×、有/无 填写（共 {n} 格，应照常识别为是/否）"
    )]
}

/// `mistakes` planted in the sample of unit `code` in `year`, written as `file`
/// (`None` when there is no such sample).
fn plant_one(
    samples: &[Sample],
    code: &str,
    year: i32,
    file: String,
    mistakes: &[Mistake],
) -> Option<Planted> {
    let sample = find(samples, code, year)?;
    let last_cumulative =
        find(samples, code, year - 1).map(|s| number(&s.filled, "certified_cumulative"));
    let mut filled = sample.filled.clone();
    let mut tamper = Tamper::default();
    let what = mistakes
        .iter()
        .flat_map(|m| m.apply(&mut filled, &mut tamper, year, last_cumulative))
        .collect();
    Some(Planted {
        file,
        unit_code: UnitCode::new(code),
        year,
        filled,
        tamper,
        what,
    })
}

/// The planted mistakes of `samples/problems`, from the good samples of
/// [`YEAR`] and the year before.
pub fn plant(samples: &[Sample]) -> Vec<Planted> {
    use Mistake as M;
    let shipped: [(&str, &str, &[Mistake]); 10] = [
        // 正定县: numbers as people type them
        (
            "正定县2023年报表(终版).xlsx",
            "130123",
            &[
                M::ChineseNumeral,
                M::TenThousands,
                M::ThousandsSeparator,
                M::FullWidth,
            ],
        ),
        // 行唐县: yuan pasted into a 万元 cell; a running total below last year's
        (
            "行唐县-2023年度.xlsx",
            "130125",
            &[M::YuanInWanyuan, M::FallingTotal],
        ),
        ("灵寿县2023.xlsx", "130126", &[M::WrongYear]),
        ("新区红十字会报表.xlsx", "130121", &[M::UnknownUnit]),
        ("赵县2023年报表.xlsx", "130133", &[M::FirstOfTwo]),
        ("赵县2023年报表(修改版).xlsx", "130133", &[M::Revised]),
        ("高邑县2023年报表.xlsx", "130127", &[M::DroppedSheet]),
        ("深泽县2023年报表.xlsx", "130128", &[M::InsertedRow]),
        ("赞皇县2023年报表.xlsx", "130129", &[M::MergedCell]),
        ("无极县2023年报表.xlsx", "130130", &[M::Symbols]),
    ];
    shipped
        .into_iter()
        .filter_map(|(file, code, mistakes)| {
            plant_one(samples, code, YEAR, file.to_string(), mistakes)
        })
        .collect()
}

/// What the `i`-th unit with a problem in a synthetic assessment gets: the
/// files it hands in, each with its mistakes. Notes and warnings, with one
/// error third and one seventh: never more than two errors, and every unit
/// is still read and scored (no wrong year or unknown unit).
fn synthetic_slot(i: usize) -> &'static [&'static [Mistake]] {
    use Mistake as M;
    const FIRST: [&[&[Mistake]]; 7] = [
        &[&[M::ThousandsSeparator, M::FullWidth]],
        &[&[M::Symbols]],
        &[&[M::YuanInWanyuan]],
        &[&[M::InsertedRow]],
        &[&[M::MergedCell]],
        &[&[M::FirstOfTwo], &[M::Revised]],
        &[&[M::ChineseNumeral]],
    ];
    const THEN: [&[&[Mistake]]; 5] = [FIRST[0], FIRST[1], FIRST[3], FIRST[4], FIRST[5]];
    match FIRST.get(i) {
        Some(slot) => slot,
        None => THEN[(i - FIRST.len()) % THEN.len()],
    }
}

/// The file names clerks give their files, by the unit's name and the year;
/// of a unit that hands in two files (`n` = 0, 1), the second is marked as revised.
fn clerk_file_name(name: &str, year: i32, i: usize, n: usize, files: usize) -> String {
    if files > 1 {
        return if n == 0 {
            format!("{name}-{year}年报表.xlsx")
        } else {
            format!("{name}-{year}年报表(修改版).xlsx")
        };
    }
    // the synthetic names end in digits: a separator before the year
    match i % 4 {
        0 => format!("{name}-{year}年报表(终版).xlsx"),
        1 => format!("{name}-{year}年度.xlsx"),
        2 => format!("{name} {year}.xlsx"),
        _ => format!("{name}红十字会{year}年度核心能力评估(2).xlsx"),
    }
}

/// Mistakes planted in a synthetic assessment of `year`: about one unit in a
/// hundred (at least one), chosen by the seed, each in place of the unit's
/// good file (see [`synthetic_slot`] for which mistakes).
pub fn plant_among(fw: &Framework, samples: &[Sample], year: i32, seed: u64) -> Vec<Planted> {
    let mut units: Vec<&Sample> = samples.iter().filter(|s| s.year == year).collect();
    if units.is_empty() {
        return Vec::new();
    }
    let count = ((units.len() + 50) / 100).clamp(1, units.len());
    let mut rng = Rng::keyed(seed, "", "problems", i64::from(year));
    rng.shuffle(&mut units);
    let mut out = Vec::new();
    for (i, sample) in units.into_iter().take(count).enumerate() {
        let name = fw
            .unit(&sample.unit_code)
            .map_or(sample.unit_code.as_str(), |u| u.name.as_str());
        let files = synthetic_slot(i);
        for (n, mistakes) in files.iter().enumerate() {
            let file = clerk_file_name(name, year, i, n, files.len());
            out.extend(plant_one(samples, &sample.unit_code, year, file, mistakes));
        }
    }
    out
}

/// `samples/problems/README.md`, from the list.
pub fn readme(planted: &[Planted]) -> String {
    let mut text = String::from(
        "# 问题样例（samples/problems）\n\n\
         以下文件由样例生成器写出：在 2023 年度的正常样例中故意埋入基层填报时常见的错误，\
         供 `assess validate samples/problems` 演示。每一条都应被报告在对应的文件和单元格上，\
         或者（插入行、合并单元格、√/×）被照常读取。\n\n",
    );
    text.push_str(&table(planted));
    text
}

/// The table of planted mistakes, one row per mistake, with its header.
pub fn table(planted: &[Planted]) -> String {
    let mut text = String::from("| 文件 | 单位代码 | 埋入的问题 |\n|---|---|---|\n");
    for p in planted {
        for what in &p.what {
            text.push_str(&format!("| {} | {} | {} |\n", p.file, p.unit_code, what));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Mistakes that make a file an error (the others are read, with notes or warnings).
    fn is_error(m: Mistake) -> bool {
        matches!(
            m,
            Mistake::ChineseNumeral
                | Mistake::YuanInWanyuan
                | Mistake::FallingTotal
                | Mistake::WrongYear
                | Mistake::UnknownUnit
                | Mistake::DroppedSheet
        )
    }

    #[test]
    fn a_synthetic_assessment_gets_at_most_two_errors_and_every_unit_is_read() {
        let slots: Vec<&[&[Mistake]]> = (0..500).map(synthetic_slot).collect();
        let mistakes = || slots.iter().flat_map(|s| s.iter()).flat_map(|f| f.iter());
        assert_eq!(mistakes().filter(|m| is_error(**m)).count(), 2);
        // the two errors come third and seventh: 1 in 300 units, 2 from 700
        assert!(slots[2][0].iter().any(|m| is_error(*m)));
        assert!(slots[6][0].iter().any(|m| is_error(*m)));
        assert!(
            !mistakes().any(|m| matches!(m, Mistake::WrongYear | Mistake::UnknownUnit)),
            "every unit's file is read"
        );
    }

    #[test]
    fn one_unit_in_a_hundred_gets_a_mistake_in_place_of_its_file() {
        let fw = crate::samples::registry::framework(150, 7);
        let (samples, _) =
            crate::samples::generate_anchored(&fw, &[2023], 7, crate::samples::Anchor::PerPerson);
        let planted = plant_among(&fw, &samples, 2023, 7);
        // 150 units: 2 (rounded), the first with thousands separators and full-width digits
        assert_eq!(planted.len(), 2);
        assert_eq!(planted[0].what.len(), 2);
        let unit = fw.unit(&planted[0].unit_code).expect("a unit");
        assert_eq!(
            planted[0].file,
            format!("{}-2023年报表(终版).xlsx", unit.name)
        );
        assert!(matches!(
            planted[0].filled.values.get("certified_trained"),
            Some(Entry::Text(t)) if t.contains(',')
        ));
        assert_ne!(planted[0].unit_code, planted[1].unit_code);
        assert_eq!(plant_among(&fw, &samples, 2023, 7).len(), 2);
    }
}
