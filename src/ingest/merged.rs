//! The merged areas of an xlsx's worksheets, found without parsing each
//! sheet a second time.
//!
//! calamine finds a sheet's merged areas by parsing the whole sheet part once
//! more (`merge_cells_by_sheet_name`): in profiles, 29 % of the time to read a
//! submission, most of it spent walking the pre-formatted empty rows of the
//! 基层组织 list. A `<` in XML text is always escaped, so the tag
//! `<mergeCells` (or `<x:mergeCells` with a prefix) can only be the element
//! itself: a byte search finds it and only that element is parsed.
//!
//! Sheets are matched to their parts as calamine matches them: the package's
//! `officeDocument` relationship names the workbook part, the workbook lists
//! its sheets with relationship ids, the workbook's relationships give each
//! sheet's part. When anything is not where it should be, [`by_sheet`]
//! answers `None` and the caller asks calamine, which knows more layouts.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use super::Merged;

/// What one pass over the sheet parts finds.
pub struct Sheets {
    /// Merged areas by sheet name, for every sheet the workbook lists.
    pub merged: HashMap<String, Vec<Merged>>,
    /// The sheet parts (by path in the package) whose `<v>` values hold
    /// character references (`<v>&#49;</v>`), with those decoded: calamine
    /// reads such a value as empty, so the package is read again with these.
    pub decoded: Vec<(String, Vec<u8>)>,
}

/// Merged areas by sheet name and the parts to decode; `None` when the
/// package is laid out in a way this does not follow.
pub fn by_sheet(file: &[u8]) -> Option<Sheets> {
    let mut zip = ZipArchive::new(Cursor::new(file)).ok()?;
    let package = relationships(&part(&mut zip, "_rels/.rels")?)?;
    let workbook = package
        .values()
        .find(|(_, kind)| kind.ends_with("/relationships/officeDocument"))
        .map(|(target, _)| target.strip_prefix('/').unwrap_or(target).to_string())?;
    let (dir, name) = match workbook.rfind('/') {
        Some(i) => workbook.split_at(i + 1),
        None => ("", workbook.as_str()),
    };
    let targets = relationships(&part(&mut zip, &format!("{dir}_rels/{name}.rels"))?)?;
    let mut found = HashMap::new();
    let mut decoded = Vec::new();
    for (sheet, id) in sheets(&part(&mut zip, &workbook)?)? {
        let (target, _) = targets.get(&id)?;
        let path = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("{dir}{target}"),
        };
        let xml = part(&mut zip, &path)?;
        found.insert(sheet, areas(&xml)?);
        if let Some(repaired) = decode_values(&xml) {
            decoded.push((path, repaired));
        }
    }
    Some(Sheets {
        merged: found,
        decoded,
    })
}

/// The sheet XML with character references inside `<v>` values decoded
/// (`<v>&#49;&#50;</v>` → `<v>12</v>`); `None` when there are none. A `<`
/// in XML text is always escaped, so `<v>` can only be the element.
fn decode_values(xml: &[u8]) -> Option<Vec<u8>> {
    memchr::memmem::find(xml, b"&#")?;
    let open = memchr::memmem::Finder::new(b"<v>");
    let mut out = Vec::with_capacity(xml.len());
    let mut changed = false;
    let mut from = 0;
    while let Some(at) = open.find(&xml[from..]).map(|i| i + from) {
        let start = at + 3;
        let end = memchr::memmem::find(&xml[start..], b"</v>").map(|i| i + start)?;
        out.extend_from_slice(&xml[from..start]);
        let text = &xml[start..end];
        let value = decode_references(text);
        changed |= value != text;
        out.extend_from_slice(&value);
        from = end;
    }
    out.extend_from_slice(&xml[from..]);
    changed.then_some(out)
}

/// `&#49;` and `&#x31;` as the characters they stand for; anything else as is.
fn decode_references(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text[i..].starts_with(b"&#")
            && let Some(len) = text[i..].iter().position(|b| *b == b';')
        {
            let body = &text[i + 2..i + len];
            let number = match body.first() {
                Some(b'x' | b'X') => std::str::from_utf8(&body[1..])
                    .ok()
                    .and_then(|h| u32::from_str_radix(h, 16).ok()),
                _ => std::str::from_utf8(body).ok().and_then(|d| d.parse().ok()),
            };
            // markup characters stay references: decoded, they would change
            // the XML; so do control characters (`&#0;`), which XML does not
            // allow and a message would print raw
            if let Some(c) = number
                .and_then(char::from_u32)
                .filter(|c| !matches!(c, '<' | '&' | '>' | '"' | '\''))
                .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
            {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                i += len + 1;
                continue;
            }
        }
        out.push(text[i]);
        i += 1;
    }
    out
}

/// The package with some parts replaced, written again (stored, unpacked:
/// it is read at once and never kept).
pub fn replaced(file: &[u8], parts: &[(String, Vec<u8>)]) -> Option<Vec<u8>> {
    use std::io::Write;
    let mut zip = ZipArchive::new(Cursor::new(file)).ok()?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(file.len() * 2)));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).ok()?;
        let name = entry.name().ok()?.to_string();
        out.start_file(name.as_str(), options).ok()?;
        match parts.iter().find(|(p, _)| *p == name) {
            Some((_, bytes)) => out.write_all(bytes).ok()?,
            None => {
                std::io::copy(&mut entry, &mut out).ok()?;
            }
        }
    }
    out.finish().ok().map(Cursor::into_inner)
}

/// A part of the package, unpacked (its size was checked by the pre-scan).
fn part(zip: &mut ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<Vec<u8>> {
    let mut entry = zip.by_name(name).ok()?;
    let mut bytes = Vec::with_capacity(usize::try_from(entry.size()).ok()?);
    entry.read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// `Id → (Target, Type)` of a relationships part.
fn relationships(xml: &[u8]) -> Option<HashMap<String, (String, String)>> {
    let mut found = HashMap::new();
    each_element(xml, "Relationship", "Relationships", |element| {
        let id = attribute(element, "Id")?;
        let target = attribute(element, "Target").unwrap_or_default();
        let kind = attribute(element, "Type").unwrap_or_default();
        found.insert(id, (target, kind));
        Some(())
    })?;
    Some(found)
}

/// `(name, relationship id)` of each sheet the workbook part lists.
fn sheets(xml: &[u8]) -> Option<Vec<(String, String)>> {
    let mut found = Vec::new();
    each_element(xml, "sheet", "sheets", |element| {
        found.push((attribute(element, "name")?, attribute(element, "id")?));
        Some(())
    })?;
    Some(found)
}

/// The merged areas of a worksheet part: its `<mergeCell ref="A1:B2"/>` elements.
fn areas(xml: &[u8]) -> Option<Vec<Merged>> {
    let Some(start) = merge_cells_tag(xml) else {
        return Some(Vec::new());
    };
    let mut found = Vec::new();
    each_element(&xml[start..], "mergeCell", "mergeCells", |element| {
        found.push(area(&attribute(element, "ref")?)?);
        Some(())
    })?;
    Some(found)
}

/// Where the `<mergeCells` (or `<prefix:mergeCells`) tag starts.
fn merge_cells_tag(xml: &[u8]) -> Option<usize> {
    let name = b"mergeCells";
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&xml[from..], name).map(|i| i + from) {
        let before = &xml[..at];
        match before.last() {
            Some(b'<') => return Some(at - 1),
            Some(b':') => {
                let prefix_start = before[..before.len() - 1]
                    .iter()
                    .rposition(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')))
                    .map_or(0, |i| i + 1);
                if prefix_start > 0
                    && prefix_start < before.len() - 1
                    && before[prefix_start - 1] == b'<'
                {
                    return Some(prefix_start - 1);
                }
            }
            _ => {}
        }
        from = at + name.len();
    }
    None
}

/// Calls `each` on every element with the local name `local` (start or
/// empty tag) up to the end of the element `until` that holds them; `None`
/// when the XML is malformed or `each` says so.
fn each_element(
    xml: &[u8],
    local: &str,
    until: &str,
    mut each: impl FnMut(&BytesStart<'_>) -> Option<()>,
) -> Option<()> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    loop {
        match reader.read_event().ok()? {
            Event::Start(element) | Event::Empty(element)
                if element.local_name().as_ref() == local =>
            {
                each(&element)?;
            }
            Event::End(element) if element.local_name().as_ref() == until => return Some(()),
            Event::Eof => return Some(()),
            _ => {}
        }
    }
}

/// The unescaped value of the attribute with this local name (`r:id` → `id`).
fn attribute(element: &BytesStart<'_>, local: &str) -> Option<String> {
    element
        .attributes()
        .filter_map(Result::ok)
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// The merged areas of an OpenDocument spreadsheet (calamine reads none from
/// ods), by sheet name: the cells of `content.xml` whose
/// `table:number-columns-spanned` or `table:number-rows-spanned` exceed 1,
/// at the positions rows and cells give, `number-rows-repeated` and
/// `number-columns-repeated` counted. `None` when the package cannot be
/// read this way (the sheets then have no merged areas, as before).
pub fn ods_by_sheet(file: &[u8]) -> Option<HashMap<String, Vec<Merged>>> {
    let mut zip = ZipArchive::new(Cursor::new(file)).ok()?;
    let xml = part(&mut zip, "content.xml")?;
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    let mut found: HashMap<String, Vec<Merged>> = HashMap::new();
    let mut buf = Vec::new();
    // the sheet being read (nested tables are not sheets), its row and column
    let mut table: Option<String> = None;
    let mut depth = 0u32;
    let (mut row, mut col) = (0u32, 0u32);
    let mut repeated_rows = 1u32;
    let number = |e: &BytesStart<'_>, name: &str| {
        attribute(e, name)
            .and_then(|v| v.trim().parse::<u32>().ok())
            .filter(|n| *n >= 1)
            .unwrap_or(1)
    };
    loop {
        let event = reader.read_event_into(&mut buf).ok()?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => match e.local_name().into_inner() {
                "table" if !empty => {
                    depth += 1;
                    if depth == 1 {
                        table = Some(attribute(&e, "name").unwrap_or_default());
                        row = 0;
                    }
                }
                "table-row" if depth == 1 => {
                    col = 0;
                    repeated_rows = number(&e, "number-rows-repeated");
                    if empty {
                        row = row.saturating_add(repeated_rows);
                    }
                }
                "table-cell" | "covered-table-cell" if depth == 1 => {
                    let across = number(&e, "number-columns-spanned");
                    let down = number(&e, "number-rows-spanned");
                    if (across > 1 || down > 1) && e.local_name().into_inner() == "table-cell" {
                        let name = table.clone().unwrap_or_default();
                        found.entry(name).or_default().push(Merged {
                            first_row: row,
                            first_col: col,
                            last_row: row.saturating_add(down - 1),
                            last_col: col.saturating_add(across - 1),
                        });
                    }
                    col = col.saturating_add(number(&e, "number-columns-repeated"));
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().into_inner() {
                "table" => {
                    if depth == 1
                        && let Some(name) = table.take()
                    {
                        found.entry(name).or_default();
                    }
                    depth = depth.saturating_sub(1);
                }
                "table-row" if depth == 1 => row = row.saturating_add(repeated_rows),
                _ => {}
            },
            _ => {}
        }
        buf.clear();
    }
    Some(found)
}

/// `A1:B2` (or a lone `A1`) as a 0-based area. Corners given the other way
/// round (`F14:F13`, `B2:A1`: Excel never writes them, a hand-edited file
/// can) name the same area: first is always the top-left corner.
fn area(reference: &str) -> Option<Merged> {
    let (first, last) = reference.split_once(':').unwrap_or((reference, reference));
    let (row_a, col_a) = cell(first)?;
    let (row_b, col_b) = cell(last)?;
    Some(Merged {
        first_row: row_a.min(row_b),
        first_col: col_a.min(col_b),
        last_row: row_a.max(row_b),
        last_col: col_a.max(col_b),
    })
}

/// `B12` → `(11, 1)`; `$B$12` is read too.
fn cell(reference: &str) -> Option<(u32, u32)> {
    let reference = reference.trim().replace('$', "");
    let letters = reference
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let (column, row) = reference.split_at(letters);
    if letters == 0 || letters > 3 {
        return None;
    }
    let col = column.bytes().try_fold(0u32, |n, b| {
        Some(n * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1)
    })?;
    let row: u32 = row.parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corners_the_other_way_round_name_the_same_area() {
        // F14:F13 is F13:F14 → rows 12..=13 of column 5; B2:A1 is A1:B2
        let f13_f14 = Merged {
            first_row: 12,
            first_col: 5,
            last_row: 13,
            last_col: 5,
        };
        assert_eq!(area("F14:F13"), Some(f13_f14));
        assert_eq!(area("F13:F14"), Some(f13_f14));
        assert_eq!(
            area("B2:A1"),
            Some(Merged {
                first_row: 0,
                first_col: 0,
                last_row: 1,
                last_col: 1
            })
        );
    }

    #[test]
    fn references_become_zero_based_areas() {
        // B3:D4 → rows 2..=3, columns 1..=3; AA1 is column 26 (0-based)
        assert_eq!(
            area("B3:D4"),
            Some(Merged {
                first_row: 2,
                first_col: 1,
                last_row: 3,
                last_col: 3
            })
        );
        assert_eq!(cell("AA1"), Some((0, 26)));
        assert_eq!(cell("$C$10"), Some((9, 2)));
        assert_eq!(cell("A0"), None);
        assert_eq!(cell("12"), None);
    }

    #[test]
    fn the_tag_is_found_with_or_without_a_prefix_and_never_in_text() {
        let plain = b"<sheetData><c><is><t>mergeCells</t></is></c></sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/></mergeCells>";
        let at = merge_cells_tag(plain).unwrap();
        assert!(plain[at..].starts_with(b"<mergeCells"));
        let prefixed =
            b"<x:t>a:mergeCells</x:t><x:mergeCells><x:mergeCell ref=\"C2:C5\"/></x:mergeCells>";
        let at = merge_cells_tag(prefixed).unwrap();
        assert!(prefixed[at..].starts_with(b"<x:mergeCells"));
        assert_eq!(
            areas(prefixed),
            Some(vec![Merged {
                first_row: 1,
                first_col: 2,
                last_row: 4,
                last_col: 2
            }])
        );
        assert_eq!(merge_cells_tag(b"<t>mergeCells</t>"), None);
        assert_eq!(areas(b"<sheetData/>"), Some(Vec::new()));
    }

    /// What calamine's own (slower) reading finds, sheet by sheet.
    fn calamine_areas(path: &std::path::Path) -> Option<HashMap<String, Vec<Merged>>> {
        use calamine::Reader;
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).ok()?;
        let mut found = HashMap::new();
        for name in book.sheet_names() {
            let areas = book.merge_cells_by_sheet_name(&name).ok()?;
            let areas = areas
                .iter()
                .map(|d| Merged {
                    first_row: d.start.0,
                    first_col: d.start.1,
                    last_row: d.end.0,
                    last_col: d.end.1,
                })
                .collect();
            found.insert(name, areas);
        }
        Some(found)
    }

    #[test]
    fn the_same_areas_as_calamine_finds() {
        let dir = tempfile::tempdir().unwrap();
        let path = crate::ingest::written_xlsx(dir.path(), "merged.xlsx", |workbook| {
            let plain = rust_xlsxwriter::Format::new();
            let first = workbook.add_worksheet().set_name("R&D <1>").unwrap();
            first.merge_range(0, 0, 0, 3, "title", &plain).unwrap();
            first.merge_range(4, 1, 9, 2, "", &plain).unwrap();
            first.write_string(2, 0, "mergeCells").unwrap();
            workbook.add_worksheet().set_name("无合并").unwrap();
            let third = workbook.add_worksheet().set_name("指标数据").unwrap();
            third.merge_range(99, 0, 100, 0, "x", &plain).unwrap();
        });

        let found = by_sheet(&std::fs::read(&path).unwrap()).unwrap().merged;
        // A1:D1 → (0,0)-(0,3); B5:C10 → (4,1)-(9,2); A100:A101 → (99,0)-(100,0)
        let area = |first_row, first_col, last_row, last_col| Merged {
            first_row,
            first_col,
            last_row,
            last_col,
        };
        assert_eq!(found["R&D <1>"], vec![area(0, 0, 0, 3), area(4, 1, 9, 2)]);
        assert_eq!(found["无合并"], Vec::new());
        assert_eq!(found["指标数据"], vec![area(99, 0, 100, 0)]);
        assert_eq!(Some(found), calamine_areas(&path));
    }

    #[test]
    fn every_bundled_workbook_gives_what_calamine_gives() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut paths = Vec::new();
        // (not tests/data/fuzz: calamine aborts on some of those, on purpose)
        let mut folders = vec![root.join("samples")];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(folder).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    folders.push(path);
                } else if path.extension().is_some_and(|e| e == "xlsx") {
                    paths.push(path);
                }
            }
        }
        let (mut compared, mut with_areas) = (0, 0);
        for path in &paths {
            let Some(expected) = calamine_areas(path) else {
                continue;
            };
            let found = by_sheet(&std::fs::read(path).unwrap()).map(|s| s.merged);
            assert_eq!(found.as_ref(), Some(&expected), "{}", path.display());
            compared += 1;
            with_areas += usize::from(expected.values().any(|a| !a.is_empty()));
        }
        // the samples: every submission has merged titles
        assert!(
            compared >= 50 && with_areas >= 40,
            "{compared} compared, {with_areas} with areas"
        );
    }

    #[test]
    fn character_references_in_values_are_decoded_and_nothing_else_changes() {
        let xml = b"<c r=\"F13\"><v>&#49;&#x32;</v></c><c><f>A1&amp;B1</f><v>3</v></c>";
        let decoded = decode_values(xml).expect("changed");
        assert_eq!(
            decoded,
            b"<c r=\"F13\"><v>12</v></c><c><f>A1&amp;B1</f><v>3</v></c>".to_vec()
        );
        // markup characters stay references; no reference: nothing to do
        assert_eq!(decode_values(b"<v>&#60;</v>"), None);
        assert_eq!(decode_values(b"<v>12</v>"), None);
        // control characters too (XML allows none, a message would print it raw)
        assert_eq!(decode_values(b"<v>&#0;</v>"), None);
        assert_eq!(decode_values(b"<v>&#x1F;</v>"), None);
        // a reference outside a value (an inline string is calamine's to unescape)
        assert_eq!(decode_values(b"<is><t>&#49;</t></is><v>5</v>"), None);
    }
}
