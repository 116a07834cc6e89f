//! The problem samples (`samples/problems/`): real clerks' mistakes planted in
//! otherwise good 2023 submissions, for the tour of `assess validate`.
//!
//! Each [`Planted`] says which file it becomes, what was done to it and
//! where; `samples/problems/README.md` is written from the same list.

use crate::report::template::Tamper;
use crate::submission::{Entry, Filled};

use super::Sample;

/// One planted mistake: a submission to write, and what is wrong in it.
pub struct Planted {
    pub file: String,
    pub unit_code: String,
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

/// The planted mistakes, from the good samples of [`YEAR`] and the year before.
#[allow(clippy::too_many_lines)] // one block per planted file
pub fn plant(samples: &[Sample]) -> Vec<Planted> {
    let mut out = Vec::new();
    let mut add =
        |file: &str, code: &str, change: &dyn Fn(&mut Filled, &mut Tamper) -> Vec<String>| {
            if let Some(sample) = find(samples, code, YEAR) {
                let mut filled = sample.filled.clone();
                let mut tamper = Tamper::default();
                let what = change(&mut filled, &mut tamper);
                out.push(Planted {
                    file: file.to_string(),
                    unit_code: code.to_string(),
                    year: YEAR,
                    filled,
                    tamper,
                    what,
                });
            }
        };

    // 正定县: numbers as people type them
    add("正定县2023年报表(终版).xlsx", "130123", &|f, _| {
        let awareness = number(f, "awareness_trained");
        let certified = number(f, "certified_trained");
        let aed = number(f, "aed_count");
        let text = |s: &str| Entry::Text(s.to_string());
        f.values.insert("drills".into(), text("三次"));
        f.values.insert("awareness_trained".into(), text("12.5万"));
        f.values.insert("donations_raised".into(), text("12.5万元"));
        f.values.insert(
            "certified_trained".into(),
            Entry::Text(format!(
                "{},{:03}",
                certified as i64 / 1000,
                certified as i64 % 1000
            )),
        );
        f.values.insert(
            "aed_count".into(),
            Entry::Text(full_width(&format!("{}", aed as i64))),
        );
        vec![
            "指标数据 drills（应急演练次数）：数字格里填了文字“三次”".into(),
            format!(
                "指标数据 awareness_trained（普及培训，人次）：填“12.5万”，即 125000 人次（原为 {awareness}）"
            ),
            "指标数据 donations_raised（募集款物，万元）：填“12.5万元”，在万元字段中即 12.5".into(),
            format!(
                "指标数据 certified_trained（当年取证，人）：带千分位的文字“{},{:03}”",
                certified as i64 / 1000,
                certified as i64 % 1000
            ),
            format!(
                "指标数据 aed_count（AED，台）：全角数字“{}”",
                full_width(&format!("{}", aed as i64))
            ),
        ]
    });

    // 行唐县: yuan pasted into a 万元 cell; a running total below last year's
    let last_year_cumulative =
        find(samples, "130125", YEAR - 1).map(|s| number(&s.filled, "certified_cumulative"));
    add("行唐县-2023年度.xlsx", "130125", &|f, _| {
        let donations = number(f, "donations_raised");
        let yuan = (donations * 10_000.0).round();
        f.values
            .insert("donations_raised".into(), Entry::Number(yuan));
        let mut what = vec![format!(
            "指标数据 donations_raised（募集款物，万元）：粘贴了元数 {yuan}（应为 {donations} 万元），约为正常值的 10000 倍"
        )];
        if let Some(previous) = last_year_cumulative {
            let lower = (previous - 100.0).max(0.0);
            f.values
                .insert("certified_cumulative".into(), Entry::Number(lower));
            if number(f, "certified_trained") > lower {
                f.values
                    .insert("certified_trained".into(), Entry::Number(lower));
            }
            what.push(format!(
                "指标数据 certified_cumulative（累计取证，年末累计）：{lower}，低于上年报送的 {previous}"
            ));
        }
        what
    });

    add("灵寿县2023.xlsx", "130126", &|_, t| {
        t.stamp_year = Some(YEAR - 1);
        vec![format!(
            "填报说明 评估年度：填的是 {}（交错了年度的表）",
            YEAR - 1
        )]
    });

    add("新区红十字会报表.xlsx", "130121", &|_, t| {
        t.stamp_unit = Some(("130199".into(), "某某新区".into()));
        vec!["填报说明 单位代码：130199（某某新区），不在参评单位名单中".into()]
    });

    for (file, date, what) in [
        (
            "赵县2023年报表.xlsx",
            "2023年12月8日",
            "第一次报送（12月8日）",
        ),
        (
            "赵县2023年报表(修改版).xlsx",
            "2023年12月12日",
            "修改后再报（12月12日），应采用这一份",
        ),
    ] {
        add(file, "130133", &|f, _| {
            f.sign_off.date = date.to_string();
            if date.contains("12日") {
                let media = number(f, "media_reports");
                f.values
                    .insert("media_reports".into(), Entry::Number(media + 2.0));
            }
            vec![format!("同一单位两份文件：{what}")]
        });
    }

    add("高邑县2023年报表.xlsx", "130127", &|_, t| {
        t.drop_sheet = Some(crate::layout::SHEET_ORGS);
        vec!["删除了“基层组织”工作表".into()]
    });

    add("深泽县2023年报表.xlsx", "130128", &|_, t| {
        t.insert_row = true;
        vec!["在“指标数据”表头下插入了一行（数据整体下移一行，应照常读取）".into()]
    });

    add("赞皇县2023年报表.xlsx", "130129", &|_, t| {
        t.merge_input_of = Some("rescue_teams".into());
        vec![
            "指标数据 rescue_teams：填报值与佐证编号两格被合并（值在合并区域左上角，应照常读取）"
                .into(),
        ]
    });

    add("无极县2023年报表.xlsx", "130130", &|f, _| {
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
    });
    out
}

/// `samples/problems/README.md`, from the list.
pub fn readme(planted: &[Planted]) -> String {
    let mut text = String::from(
        "# 问题样例（samples/problems）\n\n\
         以下文件由样例生成器写出：在 2023 年度的正常样例中故意埋入基层填报时常见的错误，\
         供 `assess validate samples/problems` 演示。每一条都应被报告在对应的文件和单元格上，\
         或者（插入行、合并单元格、√/×）被照常读取。\n\n| 文件 | 单位代码 | 埋入的问题 |\n|---|---|---|\n",
    );
    for p in planted {
        for what in &p.what {
            text.push_str(&format!("| {} | {} | {} |\n", p.file, p.unit_code, what));
        }
    }
    text
}
