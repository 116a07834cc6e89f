//! The README of a synthetic assessment (`assess make-samples --units N`):
//! how it was made, what is in it and how to assess it. Text only; the
//! command writes it.

use std::collections::BTreeSet;

use crate::framework::Framework;

use super::Sample;
use super::problems::Planted;
use super::registry::SyntheticUnit;

/// `OUT/README.md` of a synthetic assessment: how it was made and what is in it.
pub fn readme(
    fw: &Framework,
    all: &[Sample],
    planted: &[Planted],
    units: &[SyntheticUnit],
    year: i32,
    seed: u64,
) -> String {
    let n = units.len();
    let mut people: Vec<i64> = units.iter().map(|u| u.population).collect();
    people.sort_unstable();
    let mut orgs: Vec<usize> = all.iter().map(|s| s.filled.orgs.len()).collect();
    orgs.sort_unstable();
    let median = |v: &[i64]| v.get(v.len() / 2).copied().unwrap_or(0);
    let org_median = orgs.get(orgs.len() / 2).copied().unwrap_or(0);
    let kinds = |kind: &str| units.iter().filter(|u| u.kind == kind).count();
    let files = n + planted.len()
        - planted
            .iter()
            .map(|p| p.unit_code.as_str())
            .collect::<BTreeSet<_>>()
            .len();
    format!(
        "# 合成评估数据：{n} 个单位，{year} 年度\n\n\
         由样例生成器写出，全部数据为虚构：\n\n\
         ```\nassess make-samples --units {n} --seed {seed} --year {year} --out DIR\n```\n\n\
         （DIR 即本文件夹；assess {version}）。同样的命令和种子写出逐字节相同的文件。\n\n\
         ## 内容\n\n\
         - `indicators/`：默认评估体系（{framework}），`units.toml` 换成 {n} 个合成单位：\
         代码 {first}–{last}（9 开头，不与真实行政区划代码重复），\
         县 {county} 个、县级市 {city} 个、区 {district} 个；\
         人口 {low}–{high}，中位数 {median_people}。\n\
         - `{year}/`：{files} 份县级填报表和 `{year}-市级复核表.xlsx`（市级复核表已填部门评分、外部数据和复核意见）。\
         基层组织名单共 {org_total} 个组织，每单位 {org_low}–{org_high} 个，中位数 {org_median}。\n\
         - 约百分之一的单位埋入了一处常见填报错误（见下表），其余文件无误。\n\n\
         ## 评估\n\n\
         在本文件夹中运行：\n\n\
         ```\nassess run {year} --indicators indicators --allow-errors\n```\n\n\
         ## 埋入的问题\n\n\
         {table}",
        version = env!("CARGO_PKG_VERSION"),
        framework = fw.name,
        first = units.first().map_or("", |u| u.code.as_str()),
        last = units.last().map_or("", |u| u.code.as_str()),
        county = kinds("县"),
        city = kinds("县级市"),
        district = kinds("区"),
        low = people.first().copied().unwrap_or(0),
        high = people.last().copied().unwrap_or(0),
        median_people = median(&people),
        org_total = orgs.iter().sum::<usize>(),
        org_low = orgs.first().copied().unwrap_or(0),
        org_high = orgs.last().copied().unwrap_or(0),
        table = super::problems::table(planted),
    )
}
