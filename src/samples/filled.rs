//! The rest of a filled template: the 五有 list's rows, the evidence and
//! remarks, the bonus claims and the sign-off.

use crate::code::FieldCode;
use std::collections::BTreeMap;

use crate::framework::{ClaimSource, Source};
use crate::submission::{BonusClaim, Entry, EvidenceItem, OrgRow, SignOff};

use super::ANCHOR_YEAR;

/// The first year whose template has the evidence list (佐证材料): the
/// samples' earlier years are submissions made before it existed.
pub(super) const EVIDENCE_SHEET_FROM: i32 = 2023;
use super::names::person_name;
use super::profile::Profile;
use super::rng::Rng;
use super::values::{plain, round_to, yes_no};
use super::whole_city::{City, FIXED_YEAR};

impl City<'_> {
    pub(super) fn org_rows(&self, index: usize, year: i32) -> Vec<OrgRow> {
        let p = &self.profiles[index];
        let register = &self.registers[index];
        register
            .alive(year)
            .map(|org| {
                let kind = &self.kinds[org.kind as usize];
                let mut rng = Rng::keyed(
                    self.seed,
                    p.code(),
                    "org-year",
                    org.id as i64 * 10_000 + i64::from(year),
                );
                let delta = year - ANCHOR_YEAR;
                let fresh = match year - org.founded {
                    0 => 0.12,
                    1 => 0.05,
                    _ => 0.0,
                };
                let quality =
                    org.quality + 0.6 * p.trend * f64::from(delta) - fresh + rng.range(-0.03, 0.03);
                let growth = (1.0 + 0.5 * p.trend).powi(delta);
                let members = (kind.min_members * org.members * growth * rng.around(0.05))
                    .round()
                    .max(3.0);
                let volunteers = (kind.min_volunteers * org.volunteers * growth * rng.around(0.08))
                    .round()
                    .max(1.0);
                let items = self
                    .slots
                    .iter()
                    .zip(&org.thresholds)
                    .map(|(slot, &draw)| {
                        let chance = (slot.base + 0.6 * quality).clamp(0.02, 0.995);
                        let yes = draw < chance
                            && (!slot.needs_members || members >= kind.min_members)
                            && (!slot.needs_volunteers || volunteers >= kind.min_volunteers);
                        yes_no(yes).to_string()
                    })
                    .collect();
                let remark = if org.founded == year {
                    "当年新建".to_string()
                } else if org.rc_school_from.is_some_and(|from| from <= year) {
                    "红十字学校".to_string()
                } else {
                    String::new()
                };
                OrgRow {
                    name: org.name.clone(),
                    org_type: kind.name.clone(),
                    town: org.town.clone(),
                    members: Entry::Number(members),
                    volunteers: Entry::Number(volunteers),
                    items,
                    remark,
                }
            })
            .collect()
    }

    /// The evidence list (佐证材料) naming every 佐证编号 used, from
    /// [`EVIDENCE_SHEET_FROM`] on; before it the template had no such sheet.
    pub(super) fn evidence_list(
        &self,
        p: &Profile,
        evidence: &BTreeMap<FieldCode, String>,
        claims: &[BonusClaim],
        year: i32,
    ) -> Option<Vec<EvidenceItem>> {
        if year < EVIDENCE_SHEET_FROM {
            return None;
        }
        let mut rng = self.rng(p, "evidence-list", year);
        let mut items: Vec<EvidenceItem> = evidence
            .iter()
            .map(|(code, number)| {
                let name = self
                    .fw
                    .field(code)
                    .map_or(code.as_str(), |f| f.name.as_str());
                (number.clone(), format!("{name}台账"), "台账")
            })
            .chain(
                claims
                    .iter()
                    .map(|c| (c.evidence.clone(), c.description.clone(), "文件")),
            )
            .map(|(number, title, kind)| EvidenceItem {
                number,
                title,
                kind: kind.to_string(),
                pages: u32::try_from(rng.int(1, 12)).ok(),
            })
            .collect();
        items.sort_by(|a, b| a.number.cmp(&b.number));
        items.dedup_by(|a, b| a.number == b.number);
        Some(items)
    }

    /// 佐证编号 for most numeric fields and some 是 answers: dimension letter and number (`B-03`).
    pub(super) fn evidence(
        &self,
        p: &Profile,
        values: &BTreeMap<FieldCode, Entry>,
        year: i32,
    ) -> BTreeMap<FieldCode, String> {
        let mut rng = self.rng(p, "evidence", year);
        let mut numbers: BTreeMap<&str, usize> = BTreeMap::new();
        let mut out = BTreeMap::new();
        let chance = 0.78 + 0.17 * p.overall(year);
        for field in self.fw.fields.iter().filter(|f| f.source == Source::County) {
            let wanted = match values.get(&field.code) {
                Some(Entry::Number(_)) => rng.chance(chance),
                Some(Entry::Text(t)) if t == "是" => rng.chance(0.3),
                _ => false,
            };
            if wanted {
                let dim = self.dims.get(&field.code).map_or("Z", String::as_str);
                let n = numbers.entry(dim).or_insert(0);
                *n += 1;
                out.insert(field.code.clone(), format!("{dim}-{n:02}"));
            }
        }
        out
    }

    /// Two to four short remarks, as clerks write them.
    pub(super) fn remarks(
        &self,
        index: usize,
        values: &BTreeMap<FieldCode, Entry>,
        year: i32,
    ) -> BTreeMap<FieldCode, String> {
        let p = &self.profiles[index];
        let mut rng = self.rng(p, "remarks", year);
        let number = |code: &str| match values.get(code) {
            Some(Entry::Number(x)) => Some(*x),
            _ => None,
        };
        let mut candidates: Vec<(&str, String)> = Vec::new();
        let new = self.registers[index].founded_in(year);
        if number("grassroots_orgs").is_some() && new > 0 {
            candidates.push(("grassroots_orgs", format!("含当年新建{new}个")));
        }
        if let Some(x) = number("relief_reserve").filter(|x| *x >= 1.0) {
            let fund = round_to(x * rng.range(0.3, 0.7), 2);
            candidates.push((
                "relief_reserve",
                format!("其中救灾储备金{}万元", plain(fund)),
            ));
        }
        if let Some(x) = number("donations_raised").filter(|x| *x >= 1.0) {
            let goods = round_to(x * rng.range(0.2, 0.5), 2);
            candidates.push((
                "donations_raised",
                format!("其中物资折价{}万元", plain(goods)),
            ));
        }
        if let Some(x) = number("certified_trained").filter(|x| *x >= 10.0) {
            let staff = (x * rng.range(0.15, 0.4)).round();
            candidates.push(("certified_trained", format!("含机关、企业职工{staff}人")));
        }
        if let Some(x) = number("awareness_trained").filter(|x| *x >= 100.0) {
            let online = (x * rng.range(0.1, 0.3)).round();
            candidates.push(("awareness_trained", format!("含线上普及培训{online}人次")));
        }
        let added = self.aeds(p, year) - self.aeds(p, year - 1);
        if number("aed_count").is_some() && added > 0.0 {
            candidates.push(("aed_count", format!("当年新增{added}台")));
        }
        if let Some(x) = number("households_aided").filter(|x| *x >= 10.0) {
            let spring = (x * rng.range(0.4, 0.7)).round();
            candidates.push((
                "households_aided",
                format!("含春节“博爱送万家”慰问{spring}户"),
            ));
        }
        if number("volunteer_hours").is_some() {
            candidates.push(("volunteer_hours", "据志愿服务信息系统统计".to_string()));
        }
        if let Some(x) = number("media_reports").filter(|x| *x >= 2.0) {
            let provincial = rng.int(1, (x / 2.0) as i64);
            candidates.push(("media_reports", format!("含省级以上媒体{provincial}篇")));
        }
        if let Some(x) = number("drills").filter(|x| *x >= 1.0) {
            let joint = rng.int(1, x as i64);
            candidates.push(("drills", format!("含与应急管理局联合演练{joint}次")));
        }
        rng.shuffle(&mut candidates);
        let n = rng.int(2, 4) as usize;
        candidates
            .into_iter()
            .take(n)
            .map(|(code, text)| (FieldCode::from(code), text))
            .collect()
    }

    /// 0–3 bonus claims; stronger units claim more; realised donations are rare.
    pub(super) fn claims(&self, p: &Profile, year: i32) -> Vec<BonusClaim> {
        let mut rng = self.rng(p, "claims", year);
        let level = p.overall(year);
        let weak = [0.55, 0.35, 0.1, 0.0];
        let strong = [0.15, 0.35, 0.3, 0.2];
        let odds: Vec<f64> = weak
            .iter()
            .zip(strong)
            .map(|(w, s)| w + (s - w) * level)
            .collect();
        let wanted = rng.weighted(&odds);
        let mut items: Vec<(usize, f64)> = self
            .fw
            .bonus
            .iter()
            .enumerate()
            .filter(|(_, b)| b.source == ClaimSource::County)
            .map(|(i, b)| {
                let odds = match b.code.as_str() {
                    "X1" => 0.01 + 0.05 * level,
                    "X2" => 0.45,
                    "X3" => 0.3,
                    "X4" => 0.04,
                    "X5" => 0.03,
                    _ => 0.2,
                };
                (i, odds)
            })
            .collect();
        let mut chosen = Vec::new();
        while chosen.len() < wanted && !items.is_empty() {
            let odds: Vec<f64> = items.iter().map(|(_, w)| *w).collect();
            chosen.push(items.remove(rng.weighted(&odds)).0);
        }
        chosen.sort_unstable();
        chosen
            .into_iter()
            .enumerate()
            .map(|(n, i)| {
                let item = &self.fw.bonus[i];
                let two = match item.code.as_str() {
                    "X1" => rng.chance(0.05),
                    "X4" | "X5" => rng.chance(0.2),
                    _ => rng.chance(0.25),
                };
                let count: i32 = if two { 2 } else { 1 };
                BonusClaim {
                    item: item.code.clone(),
                    count: Entry::Number(f64::from(count)),
                    description: claim_text(&item.code, &item.name, count, year, &mut rng),
                    evidence: format!("JF-{:02}", n + 1),
                }
            })
            .collect()
    }

    pub(super) fn sign_off(&self, p: &Profile, year: i32) -> SignOff {
        let mut rng = self.rng(p, "people", FIXED_YEAR);
        let mut people: Vec<String> = Vec::new();
        while people.len() < 4 {
            let name = person_name(&mut rng);
            if !people.contains(&name) {
                people.push(name);
            }
        }
        let phone = format!("0311-8{:07}", rng.int(0, 9_999_999));
        let mut this_year = self.rng(p, "sign-off", year);
        let filler = people[2 + usize::from(this_year.chance(0.35))].clone();
        SignOff {
            filler,
            phone,
            reviewer: people[1].clone(),
            head: people[0].clone(),
            date: format!("{year}年12月{:02}日", this_year.int(1, 14)),
        }
    }
}

fn claim_text(code: &str, name: &str, count: i32, year: i32, rng: &mut Rng) -> String {
    let one = count == 1;
    match code {
        "X1" if one => format!("{year}年被中国红十字会总会评为全国红十字系统先进集体"),
        "X1" => format!("{year}年获中国红十字会总会表彰2项（先进集体、应急救护工作先进单位）"),
        "X2" if one => rng
            .pick(&[
                format!("{year}年被河北省红十字会评为红十字工作先进单位"),
                format!("获市委、市政府{year}年度目标考核先进单位表彰"),
                format!("“博爱家园”项目获河北省红十字会{year}年度通报表扬"),
            ])
            .clone(),
        "X2" => "获河北省红十字会、市委市政府表彰各1项".to_string(),
        "X3" if one => rng
            .pick(&[
                "应急救护培训“进校园”做法被河北省红十字会转发推广",
                "“博爱家园”建设经验在全省红十字系统交流推广",
                "志愿服务“微心愿”项目被《中国红十字报》专题报道推广",
            ])
            .to_string(),
        "X3" => "2项工作经验被河北省红十字会转发推广（应急救护培训、社区服务）".to_string(),
        "X4" => format!("实现造血干细胞捐献{count}例，经中华骨髓库河北省分库确认"),
        "X5" => format!("实现遗体（人体器官）捐献{count}例，经市人体器官捐献管理办公室确认"),
        _ => format!("{name}{count}项"),
    }
}
