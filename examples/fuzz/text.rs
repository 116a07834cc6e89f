//! The mutations of a part's text: numbers, attributes, cell types, elements
//! repeated, references stripped or shifted, tags broken.

use super::MAX_PART;
use super::rng::Rng;

/// Numbers that break assumptions: 32- and 64-bit edges, Excel's edges, floats.
#[rustfmt::skip]
const NUMBERS: &[&str] = &[
    "0", "-1", "1", "65535", "65536", "1048575", "1048576", "1048577", "16383", "16384",
    "2147483647", "2147483648", "4294967295", "4294967296", "-2147483649",
    "9223372036854775807", "18446744073709551615", "18446744073709551616",
    "99999999999999999999999", "1e308", "1e309", "-1e309", "NaN", "inf", "-0", "0.5",
    "1.7976931348623157e308", "4.9e-324", "2958466", "-693594", "60", "1e", "--1", "",
];

/// Attribute values that break assumptions: references, paths, types, text.
#[rustfmt::skip]
const VALUES: &[&str] = &[
    "", "A1", "XFD1048576", "XFE1", "A0", "A1048577", "ZZZZ9999999", "a1", "1A", "A-1",
    "A1:XFD1048576", "B2:A1", "A1:A1", "$A$1", "Sheet1!A1", "s", "str", "inlineStr", "b", "e",
    "n", "d", "x", "/xl/worksheets/sheet1.xml", "../../../../etc/passwd",
    "worksheets/sheet99.xml", "http://example.com/a.xml", "rId999", "true", "1", "hidden",
    "veryHidden", "&amp;", "&lt;", "&#0;", "&#x110000;", "&bogus;", "\u{0}", "\u{FEFF}", "单位代码",
    "填报说明", "基层组织", "assess-unit-code", "assess-year",
];

/// Text inserted to break the XML.
#[rustfmt::skip]
const BREAKERS: &[&str] = &[
    "<", ">", "</", "/>", "<c>", "</c>", "<row>", "</row>", "</sheetData>", "<sheetData>",
    "<v>", "</v>", "<f>", "<is><t>x</t></is>", "]]>", "<![CDATA[", "<!--", "-->", "&#0;",
    "&bogus;", "&#x110000;", "\u{FF}\u{FE}", "<?xml version=\"1.0\"?>",
    "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>",
    "&a;&b;", "\"", "'", "=", "xmlns:x=\"", "<c r=\"XFD1048576\"><v>1</v></c>",
    "<mergeCell ref=\"A1:XFD1048576\"/>", "<c r=\"A1\" t=\"s\"><v>4294967295</v></c>",
    "<c r=\"A1\" t=\"e\"><v>#BOGUS!</v></c>", "<c r=\"A1\" t=\"d\"><v>not a date</v></c>",
];

/// Elements repeated to grow a sheet: rows, cells, merged areas, strings.
#[rustfmt::skip]
const ELEMENTS: &[&str] = &[
    "row", "c", "mergeCell", "si", "sheet", "Relationship", "property", "dataValidation", "f",
    "v", "table:table-row", "table:table-cell", "table:table", "col", "numFmt", "xf",
];

/// One change to a part's text.
pub(super) fn mutate_text(rng: &mut Rng, data: &mut Vec<u8>) -> String {
    if data.is_empty() {
        data.extend_from_slice(rng.pick(BREAKERS).as_bytes());
        return "filled an empty part".to_string();
    }
    // a third of the changes break the XML; the rest keep it well-formed, so
    // that the mutant gets past the parser into the reading of cells (and,
    // in the parent, into the checks of the values)
    match rng.below(23) {
        0 => {
            let n = 1 + rng.below(8);
            for _ in 0..n {
                let at = rng.below(data.len());
                data[at] ^= 1 << rng.below(8);
            }
            format!("flipped {n} bits")
        }
        1 => {
            let at = rng.below(data.len());
            data[at] = *rng.pick(&[
                0, 0xFF, b'<', b'>', b'"', b'&', b'/', b'0', b'9', 0x80, 0xC0,
            ]);
            format!("set byte {at}")
        }
        2 => {
            let at = rng.below(data.len());
            data.truncate(at);
            format!("truncated at {at}")
        }
        3 => {
            let at = rng.below(data.len());
            let len = rng.length(data.len() - at);
            data.drain(at..at + len);
            format!("deleted {len} bytes at {at}")
        }
        4 => {
            let from = rng.below(data.len());
            let len = rng.length(data.len() - from);
            let span = data[from..from + len].to_vec();
            let at = rng.below(data.len() + 1);
            data.splice(at..at, span);
            format!("copied {len} bytes from {from} to {at}")
        }
        5 => {
            let breaker = rng.pick(BREAKERS);
            let at = after_a_tag(rng, data);
            data.splice(at..at, breaker.bytes());
            format!("inserted {breaker:?} at {at}")
        }
        6 => {
            // a tag's angle bracket removed
            let brackets = find_all(data, b"<");
            if brackets.is_empty() {
                return "no tag".to_string();
            }
            let at = *rng.pick(&brackets);
            data.remove(at);
            format!("removed `<` at {at}")
        }
        7 | 8 => replace_number(rng, data),
        9 | 10 => replace_attribute(rng, data),
        11 | 12 => change_cell_type(rng, data),
        13..=15 => repeat_element(rng, data),
        16 => strip_references(rng, data),
        17 => shift_rows(rng, data),
        18 => many_merged_areas(rng, data),
        19 => far_cell(data),
        _ => replace_text(rng, data),
    }
}

pub(super) fn find_all(data: &[u8], needle: &[u8]) -> Vec<usize> {
    if needle.is_empty() || data.len() < needle.len() {
        return Vec::new();
    }
    data.windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect()
}

fn find_from(data: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    data.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// A position just after some `>`, or anywhere.
fn after_a_tag(rng: &mut Rng, data: &[u8]) -> usize {
    let ends = find_all(data, b">");
    if ends.is_empty() || rng.below(4) == 0 {
        rng.below(data.len() + 1)
    } else {
        rng.pick(&ends) + 1
    }
}

/// A run of digits replaced by an edge number.
fn replace_number(rng: &mut Rng, data: &mut Vec<u8>) -> String {
    let starts: Vec<usize> = (0..data.len())
        .filter(|&i| data[i].is_ascii_digit() && (i == 0 || !data[i - 1].is_ascii_digit()))
        .collect();
    if starts.is_empty() {
        return "no number".to_string();
    }
    let at = *rng.pick(&starts);
    let end = (at..data.len())
        .find(|&i| !data[i].is_ascii_digit())
        .unwrap_or(data.len());
    let number = rng.pick(NUMBERS);
    data.splice(at..end, number.bytes());
    format!("number at {at} → {number:?}")
}

/// An attribute's value replaced.
fn replace_attribute(rng: &mut Rng, data: &mut Vec<u8>) -> String {
    let starts = find_all(data, b"=\"");
    if starts.is_empty() {
        return "no attribute".to_string();
    }
    let at = rng.pick(&starts) + 2;
    let Some(end) = find_from(data, at, b"\"") else {
        return "unclosed attribute".to_string();
    };
    let value = if rng.below(20) == 0 {
        "A".repeat(*rng.pick(&[256_usize, 65_536, 1 << 20]))
    } else if rng.below(2) == 0 {
        (*rng.pick(NUMBERS)).to_string()
    } else {
        (*rng.pick(VALUES)).to_string()
    };
    let shown: String = value.chars().take(40).collect();
    data.splice(at..end, value.bytes());
    format!("attribute at {at} → {shown:?}")
}

/// A cell's `t` (type) changed, added or removed.
fn change_cell_type(rng: &mut Rng, data: &mut Vec<u8>) -> String {
    let cells = find_all(data, b"<c ");
    let cells = if cells.is_empty() {
        find_all(data, b"<table:table-cell")
    } else {
        cells
    };
    if cells.is_empty() {
        return "no cell".to_string();
    }
    let at = *rng.pick(&cells);
    let tag_end = find_from(data, at, b">").unwrap_or(data.len());
    let types = ["s", "str", "inlineStr", "b", "e", "n", "d", "x", ""];
    let new = rng.pick(&types);
    if let Some(t) = find_from(&data[..tag_end], at, b" t=\"")
        && let Some(end) = find_from(data, t + 4, b"\"")
    {
        if rng.below(4) == 0 {
            data.drain(t..=end);
            return format!("removed the type of the cell at {at}");
        }
        data.splice(t + 4..end, new.bytes());
        return format!("cell at {at}: type → {new:?}");
    }
    let insert = format!(" t=\"{new}\"");
    data.splice(at + 2..at + 2, insert.bytes());
    format!("cell at {at}: type {new:?} added")
}

/// An element repeated, from twice to tens of thousands of times.
fn repeat_element(rng: &mut Rng, data: &mut Vec<u8>) -> String {
    let tag = rng.pick(ELEMENTS);
    let open = format!("<{tag}");
    let starts: Vec<usize> = find_all(data, open.as_bytes())
        .into_iter()
        .filter(|&i| matches!(data.get(i + open.len()), Some(b' ' | b'>' | b'/')))
        .collect();
    if starts.is_empty() {
        return format!("no <{tag}>");
    }
    let at = *rng.pick(&starts);
    let Some(tag_end) = find_from(data, at, b">") else {
        return "unclosed tag".to_string();
    };
    let end = if data[tag_end - 1] == b'/' {
        tag_end + 1
    } else {
        let close = format!("</{tag}>");
        match find_from(data, tag_end, close.as_bytes()) {
            Some(c) => c + close.len(),
            None => return "no closing tag".to_string(),
        }
    };
    let span = data[at..end].to_vec();
    let times = *rng.pick(&[2, 3, 10, 100, 1_000, 5_000, 25_000]);
    let times = times.min(MAX_PART / span.len().max(1)).max(1);
    let mut copies = Vec::with_capacity(span.len() * times);
    for _ in 0..times {
        copies.extend_from_slice(&span);
    }
    data.splice(end..end, copies);
    format!(
        "<{tag}> at {at} ({} bytes) repeated {times} times",
        span.len()
    )
}

/// Many small merged areas added to a sheet (Excel allows any number).
fn many_merged_areas(rng: &mut Rng, data: &mut Vec<u8>) -> String {
    let count = *rng.pick(&[10, 100, 1_000, 10_000]);
    let first = 1 + rng.below(1_000);
    let areas: String = (first..first + count)
        .map(|r| format!("<mergeCell ref=\"M{r}:N{r}\"/>"))
        .collect();
    if let Some(&at) = find_all(data, b"</mergeCells>").first() {
        data.splice(at..at, areas.bytes());
    } else if let Some(&at) = find_all(data, b"</sheetData>").first() {
        let at = at + "</sheetData>".len();
        let block = format!("<mergeCells count=\"{count}\">{areas}</mergeCells>");
        data.splice(at..at, block.bytes());
    } else {
        return "no sheet to merge in".to_string();
    }
    format!("{count} merged areas from row {first}")
}

/// One cell in the last row of the sheet.
fn far_cell(data: &mut Vec<u8>) -> String {
    let far = r#"<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>"#;
    match find_all(data, b"</sheetData>").first() {
        Some(&at) => {
            data.splice(at..at, far.bytes());
            "a cell at A1048576".to_string()
        }
        None => "no sheetData".to_string(),
    }
}

/// The ` r="…"` references removed from a stretch (the reader then places cells by order).
fn strip_references(rng: &mut Rng, data: &mut Vec<u8>) -> String {
    let from = rng.below(data.len());
    let to = if rng.below(2) == 0 {
        data.len()
    } else {
        (from + rng.length(data.len())).min(data.len())
    };
    let mut out = Vec::with_capacity(data.len());
    out.extend_from_slice(&data[..from]);
    let mut i = from;
    let mut removed = 0;
    while i < to {
        if data[i..].starts_with(b" r=\"")
            && let Some(end) = find_from(data, i + 4, b"\"")
        {
            i = end + 1;
            removed += 1;
            continue;
        }
        out.push(data[i]);
        i += 1;
    }
    out.extend_from_slice(&data[i.min(data.len())..]);
    *data = out;
    format!("removed {removed} references from {from} to {to}")
}

/// Every row number in ` r="…"` moved by an offset (A5 → A1048005).
fn shift_rows(rng: &mut Rng, data: &mut Vec<u8>) -> String {
    let offset: u64 = *rng.pick(&[1, 1_000, 20_000, 1_048_000, 1_048_571, 4_294_967_000]);
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    let mut shifted = 0;
    while i < data.len() {
        if data[i..].starts_with(b" r=\"") {
            out.extend_from_slice(b" r=\"");
            i += 4;
            while i < data.len() && data[i].is_ascii_alphabetic() {
                out.push(data[i]);
                i += 1;
            }
            let digits_from = i;
            while i < data.len() && data[i].is_ascii_digit() {
                i += 1;
            }
            let row: u64 = std::str::from_utf8(&data[digits_from..i])
                .ok()
                .and_then(|d| d.parse().ok())
                .unwrap_or(0);
            out.extend_from_slice((row + offset).to_string().as_bytes());
            shifted += 1;
            continue;
        }
        out.push(data[i]);
        i += 1;
    }
    *data = out;
    format!("{shifted} row numbers moved by {offset}")
}

/// The text of a `<v>`, `<t>` or `<text:p>` replaced.
fn replace_text(rng: &mut Rng, data: &mut Vec<u8>) -> String {
    let open = rng.pick(&[
        "<v>",
        "<t>",
        "<t xml:space=\"preserve\">",
        "<text:p>",
        "<f>",
        "<vt:lpwstr>",
    ]);
    let starts = find_all(data, open.as_bytes());
    if starts.is_empty() {
        return format!("no {open}");
    }
    let at = rng.pick(&starts) + open.len();
    let Some(end) = find_from(data, at, b"<") else {
        return "unclosed text".to_string();
    };
    let text = match rng.below(4) {
        0 => (*rng.pick(NUMBERS)).to_string(),
        1 => (*rng.pick(VALUES)).to_string(),
        2 => "十二万".repeat(1 + rng.below(1_000)),
        _ => (*rng.pick(&[
            "是",
            "否",
            "√",
            "×",
            "有",
            "无",
            "12.5万",
            "约200",
            "200-300",
            "１２３",
            "#DIV/0!",
            "=A1",
            "2023",
            "2999",
            "130123",
            "130199",
        ]))
        .to_string(),
    };
    let shown: String = text.chars().take(20).collect();
    data.splice(at..end, text.bytes());
    format!("text at {at} → {shown:?}")
}
