//! Names: of towns, villages, communities and people, from the name material
//! at the end of this file.

use super::profile::Profile;
use super::rng::Rng;
use super::{FIXED, JK_TOWNS};

pub(super) fn town_names(p: &Profile, seed: u64, count: i64) -> Vec<String> {
    if p.is_jk() {
        return JK_TOWNS.iter().map(|t| (*t).to_string()).collect();
    }
    let mut rng = Rng::keyed(seed, p.code(), "towns", FIXED);
    let (town, township) = if p.urban {
        (0.1, 0.0)
    } else if p.former_county {
        (0.6, 0.1)
    } else {
        (0.72, 0.2)
    };
    let mut names: Vec<String> = Vec::new();
    while (names.len() as i64) < count {
        let r = rng.unit();
        let name = if r < town + township {
            let first = *rng.pick(TOWN_FIRST);
            let second = *rng.pick(TOWN_SECOND);
            let suffix = if r < town { "镇" } else { "乡" };
            if first == second {
                continue;
            }
            format!("{first}{second}{suffix}")
        } else {
            format!("{}街道", rng.pick(STREETS))
        };
        // The same stem must not name both a town and a street.
        let stem: String = name.chars().take(2).collect();
        if !names.iter().any(|n| n.starts_with(&stem)) {
            names.push(name);
        }
    }
    names
}

pub(super) fn village_name(rng: &mut Rng) -> String {
    let direction = if rng.chance(0.5) {
        *rng.pick(DIRECTIONS)
    } else {
        ""
    };
    format!(
        "{direction}{}{}",
        rng.pick(PLACE_SURNAMES),
        rng.pick(VILLAGE_SUFFIXES)
    )
}

pub(super) fn community_name(rng: &mut Rng) -> String {
    let first = *rng.pick(COMMUNITY_FIRST);
    let mut second = *rng.pick(COMMUNITY_SECOND);
    while second == first {
        second = *rng.pick(COMMUNITY_SECOND);
    }
    if rng.chance(0.5) {
        format!("{first}{second}")
    } else {
        format!("{first}{second}{}", rng.pick(COMMUNITY_THIRD))
    }
}

pub(super) fn person_name(rng: &mut Rng) -> String {
    let surname = rng.pick(PERSON_SURNAMES);
    let first = rng.pick(PERSON_GIVEN);
    if rng.chance(0.3) {
        format!("{surname}{first}")
    } else {
        let mut second = rng.pick(PERSON_GIVEN);
        while second == first {
            second = rng.pick(PERSON_GIVEN);
        }
        format!("{surname}{first}{second}")
    }
}

const TOWN_FIRST: &[&str] = &[
    "东", "西", "南", "北", "上", "大", "小", "新", "高", "石", "马", "王", "李", "张", "刘", "赵",
    "杨", "孙", "周", "吴", "郑", "冯", "韩", "白", "柳", "杏", "梨", "槐", "龙", "凤", "金", "青",
    "清", "平", "太", "永", "安", "兴", "宁", "长", "广", "德", "仁", "义", "和", "丰", "常", "留",
    "杜", "岗",
];
const TOWN_SECOND: &[&str] = &[
    "安", "宁", "平", "兴", "庄", "营", "店", "集", "寨", "口", "头", "河", "庙", "桥", "峪", "岭",
    "城", "阳", "泉", "屯", "堡", "里", "关", "坊", "丰", "乐", "华", "家",
];
const STREETS: &[&str] = &[
    "建设", "青园", "育才", "广安", "谈固", "跃进", "胜利", "和平", "友谊", "振头", "维明", "东华",
    "新石", "中山", "长丰", "联盟", "东苑", "西苑", "裕东", "裕兴", "槐底", "建通", "东焦", "革新",
    "合作", "杜北", "宋营", "汇通", "苑东", "市庄", "中华", "红旗", "北新", "建华", "天山", "仓安",
    "育英", "燕港", "东风", "站前", "光华", "前进", "永安", "滨河", "民生", "朝阳", "兴华", "文明",
];
const DIRECTIONS: &[&str] = &["东", "西", "南", "北", "前", "后", "大", "小"];
const PLACE_SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "赵", "杨", "孙", "周", "吴", "郑", "冯", "韩", "白", "陈", "马", "高",
    "许", "郭", "何", "吕", "贾", "孟", "曹", "宋", "田", "董", "梁", "杜", "史", "崔", "侯", "范",
    "薛", "苏", "邢",
];
const VILLAGE_SUFFIXES: &[&str] = &["庄", "营", "屯", "寨", "堡", "店", "疃", "固"];
const COMMUNITY_FIRST: &[&str] = &[
    "和", "康", "锦", "翠", "华", "金", "银", "阳", "兴", "安", "福", "泰", "丽", "馨", "景", "怡",
    "宏", "盛", "紫", "碧", "春", "明", "新", "雅",
];
const COMMUNITY_SECOND: &[&str] = &[
    "华", "苑", "园", "庭", "景", "泰", "安", "康", "城", "湾", "居", "里", "乐", "馨",
];
const COMMUNITY_THIRD: &[&str] = &["苑", "园", "里", "庭", "府"];
pub(super) const UNIT_SCHOOLS: &[&str] = &[
    "第一中学",
    "第二中学",
    "实验小学",
    "第三中学",
    "实验中学",
    "第一小学",
    "职业技术教育中心",
    "第二小学",
    "第四中学",
    "特殊教育学校",
    "第三小学",
    "第五中学",
];
pub(super) const UNIT_MEDICAL: &[&str] = &[
    "人民医院",
    "中医院",
    "妇幼保健院",
    "疾病预防控制中心",
    "第二人民医院",
    "急救站",
];
pub(super) const UNIT_ENTERPRISES: &[&str] = &[
    "供电公司",
    "自来水公司",
    "融媒体中心",
    "公共交通有限公司",
    "燃气有限公司",
    "农村信用合作联社",
];
pub(super) const BRANDS: &[&str] = &[
    "恒信", "鑫源", "宏达", "泰和", "金石", "常山", "新星", "润丰", "众诚", "瑞祥", "博远", "盛世",
    "永昌", "宝丰", "天宇", "晨光", "华兴", "冀中", "中诚", "东方", "国泰", "富康", "长城", "燕赵",
    "太行", "滹沱", "圣康", "立达", "隆基", "华北",
];
pub(super) const INDUSTRIES: &[&str] = &[
    "制药",
    "纺织",
    "建材",
    "食品",
    "钢铁",
    "机械",
    "物流",
    "电力",
    "化工",
    "热力",
    "医疗器械",
    "农业科技",
    "汽车配件",
    "印刷",
    "乳业",
    "服装",
];
const PERSON_SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "胡", "朱", "郭",
    "何", "高", "林", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "田", "董",
    "袁", "于", "杜", "程", "魏", "苏", "吕", "丁", "任", "姚", "崔", "贾", "孟", "秦", "侯", "尹",
    "薛", "闫", "段", "郝", "邢", "武", "乔",
];
const PERSON_GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "霞", "平", "刚", "英", "华", "红", "建", "国", "志", "新", "海", "燕", "玉", "兰", "凤",
    "慧", "颖", "鹏", "辉", "宁", "晓", "丹", "亮", "斌", "蕾", "立", "春", "雪", "文",
];
