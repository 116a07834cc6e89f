//! 成熟度: per county and year, the share of standards met (indicators at
//! full points) per dimension and overall, and the maturity level whose band
//! the framework defines (`[[maturity]]`); written only when it defines one.

use rust_xlsxwriter::{Workbook, XlsxError};

use super::{Trend, col, row, unit_name, units};
use crate::analysis::trend::{Met, standards_met};
use crate::report::style;

/// A year's [`Met`] of one unit, when the unit was scored that year.
fn met_of(year: &crate::assessment::years::Year, all: &[Met], unit: &str) -> Option<Met> {
    let at = year.assessed.scored.units.iter().position(|u| u == unit)?;
    all.get(at).cloned()
}

pub fn sheet(workbook: &mut Workbook, trend: &Trend<'_>) -> Result<(), XlsxError> {
    let (fw, lang) = (trend.fw, trend.lang);
    if fw.maturity.is_empty() {
        return Ok(());
    }
    let sheet = workbook.add_worksheet();
    sheet.set_name(lang.pick("成熟度", "Maturity"))?;
    let units = units(trend);
    let years = trend.years;
    let met: Vec<Vec<Met>> = years
        .iter()
        .map(|y| standards_met(fw, &y.assessed.scored))
        .collect();
    let header = style::header();
    let share = style::cell_center().set_num_format("0%");
    let level = |s: f64| {
        fw.maturity_level(s)
            .map(|m| lang.name(&m.name, m.name_en.as_deref()).to_string())
            .unwrap_or_default()
    };
    // table 1: the level each year, and its movement
    let width = years.len() + 2;
    sheet.merge_range(
        0,
        0,
        0,
        col(width - 1),
        lang.pick(
            "一、成熟度等级（达到满分的指标占全部指标的比例）",
            "1. Maturity level (share of indicators at full points)",
        ),
        &style::group(),
    )?;
    sheet.write_string_with_format(1, 0, lang.pick("单位", "Unit"), &header)?;
    for (k, y) in years.iter().enumerate() {
        sheet.write_string_with_format(1, col(k + 1), y.year.to_string(), &header)?;
    }
    sheet.write_string_with_format(1, col(width - 1), lang.pick("变化", "Change"), &header)?;
    for (j, unit) in units.iter().enumerate() {
        let r = 2 + row(j);
        sheet.write_string_with_format(r, 0, unit_name(trend, unit), &style::cell())?;
        let mut levels = Vec::new();
        for (k, y) in years.iter().enumerate() {
            let overall = met_of(y, &met[k], unit).and_then(|m| m.overall);
            let text = overall.map_or("—".to_string(), |s| {
                levels.push(level(s));
                format!("{} {}%", level(s), (s * 100.0).round())
            });
            sheet.write_string_with_format(r, col(k + 1), &text, &style::cell_center())?;
        }
        let change = match (levels.first(), levels.last()) {
            (Some(a), Some(b)) if levels.len() > 1 && a != b => format!("{a} → {b}"),
            (Some(_), Some(_)) if levels.len() > 1 => lang.pick("持平", "same").to_string(),
            _ => "—".to_string(),
        };
        sheet.write_string_with_format(r, col(width - 1), &change, &style::cell_center())?;
    }
    let bands = fw.maturity_bands(lang);
    let mut r = 3 + row(units.len());
    sheet.write_string(
        r,
        0,
        lang.pick(
            format!("注：等级按评估体系的规定：{}。", bands.join("，")),
            format!(
                "Note: levels as the framework defines them: {}.",
                bands.join(", ")
            ),
        ),
    )?;
    // table 2 …: per year, the share met in each dimension, a page each
    let dims: Vec<_> = fw.top_dimensions().collect();
    let mut breaks = Vec::new();
    for (k, y) in years.iter().enumerate() {
        r += 2;
        breaks.push(r);
        sheet.merge_range(
            r,
            0,
            r,
            col(dims.len() + 2),
            &lang.pick(
                format!("{}、{} 年各维度达标率", chinese_number(k + 2), y.year),
                format!("{}. Standards met per dimension, {}", k + 2, y.year),
            ),
            &style::group(),
        )?;
        r += 1;
        sheet.set_row_height(r, style::wrapped_height(3.0))?;
        sheet.write_string_with_format(r, 0, lang.pick("单位", "Unit"), &header)?;
        for (c, d) in dims.iter().enumerate() {
            let name = format!("{} {}", d.code, lang.name(&d.name, d.name_en.as_deref()));
            sheet.write_string_with_format(r, col(c + 1), &name, &header)?;
        }
        sheet.write_string_with_format(
            r,
            col(dims.len() + 1),
            lang.pick("合计", "All"),
            &header,
        )?;
        sheet.write_string_with_format(
            r,
            col(dims.len() + 2),
            lang.pick("等级", "Level"),
            &header,
        )?;
        for unit in &units {
            r += 1;
            sheet.write_string_with_format(r, 0, unit_name(trend, unit), &style::cell())?;
            let m = met_of(y, &met[k], unit);
            for c in 0..dims.len() {
                match m
                    .as_ref()
                    .and_then(|m| m.dimensions.get(c).copied().flatten())
                {
                    Some(s) => sheet.write_number_with_format(r, col(c + 1), s, &share)?,
                    None => {
                        sheet.write_string_with_format(r, col(c + 1), "—", &style::cell_center())?
                    }
                };
            }
            match m.and_then(|m| m.overall) {
                Some(s) => {
                    sheet.write_number_with_format(r, col(dims.len() + 1), s, &share)?;
                    sheet.write_string_with_format(
                        r,
                        col(dims.len() + 2),
                        level(s),
                        &style::cell_center(),
                    )?;
                }
                None => {
                    sheet.write_string_with_format(
                        r,
                        col(dims.len() + 1),
                        "—",
                        &style::cell_center(),
                    )?;
                }
            }
        }
    }
    sheet.set_column_width(0, 12)?;
    let first = years.len().max(dims.len() + 2);
    for c in 1..=first {
        sheet.set_column_width(col(c), 10)?;
    }
    style::page_breaks(sheet, &breaks)?;
    // every table under its own heading, one a page: a fixed scale at which
    // the widest table fits the page's width and a year's table its height
    style::print_pages(sheet, true);
    let wide = style::pixels(12.0)
        + style::pixels(10.0) * f64::from(u16::try_from(first).unwrap_or(u16::MAX));
    let tall = f64::from(row(units.len()) + 4) * 20.0 + 40.0;
    if wide / style::A4_LANDSCAPE_PX >= tall / style::A4_LANDSCAPE_TALL_PX {
        style::fixed_scale(sheet, wide, style::A4_LANDSCAPE_PX);
    } else {
        style::fixed_scale(sheet, tall, style::A4_LANDSCAPE_TALL_PX);
    }
    Ok(())
}

/// 二, 三 … for the tables' headings (up to 十九).
fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", DIGITS[n - 10]),
        _ => n.to_string(),
    }
}
