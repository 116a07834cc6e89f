//! The mutations of a whole file: which part of a zip to change, the zip's
//! list of parts, its raw bytes and size fields, and small hostile files.

use super::corpus::{Part, Seed, rezip};
use super::rng::Rng;
use super::text::{find_all, mutate_text};

/// A mutated file and how it was made.
pub(super) struct Mutant {
    pub(super) stem: String,
    pub(super) ext: String,
    pub(super) bytes: Vec<u8>,
    /// The seed and every mutation applied, for the note.
    pub(super) ops: Vec<String>,
}

pub(super) fn mutate(rng: &mut Rng, seeds: &[Seed]) -> Mutant {
    let seed = rng.pick(seeds);
    let mut ops = vec![format!("seed {}.{}", seed.stem, seed.ext)];
    let mut ext = seed.ext.clone();
    let choice = rng.below(100);
    let mut bytes = match (&seed.parts, choice) {
        (Some(parts), 0..=69) => {
            let mut parts = parts.clone();
            let rounds = 1 + rng.below(2);
            for _ in 0..rounds {
                if rng.below(6) == 0 {
                    ops.push(mutate_parts(rng, &mut parts, seeds));
                } else {
                    let index = pick_part(rng, &parts);
                    let name = parts[index].name.clone();
                    let count = 1 + rng.below(2);
                    for _ in 0..count {
                        let op = mutate_text(rng, &mut parts[index].data);
                        ops.push(format!("{name}: {op}"));
                    }
                }
            }
            rezip(&parts)
        }
        (_, 70..=71) => {
            let (bytes, op) = synthetic(rng);
            ops.push(op);
            bytes
        }
        _ => seed.bytes.clone(),
    };
    // raw bytes: always for a file that is not a zip, sometimes on top of a zip's rezip
    if seed.parts.is_none() || choice >= 72 || rng.below(10) == 0 {
        let count = 1 + rng.below(4);
        for _ in 0..count {
            ops.push(mutate_bytes(rng, &mut bytes));
        }
    }
    if rng.below(25) == 0 {
        ext = (*rng.pick(&["xlsx", "xlsm", "xls", "ods", "XLSX", "et", "csv", ""])).to_string();
        ops.push(format!("named .{ext}"));
    }
    Mutant {
        stem: seed.stem.chars().take(24).collect(),
        ext,
        bytes,
        ops,
    }
}

/// A part to mutate: mostly worksheets, shared strings and the workbook.
fn pick_part(rng: &mut Rng, parts: &[Part]) -> usize {
    let weight = |name: &str| -> usize {
        if name.starts_with("xl/worksheets/sheet") || name == "content.xml" {
            10
        } else if name.contains("sharedStrings") {
            6
        } else if name == "xl/workbook.xml" || name.ends_with("custom.xml") {
            3
        } else if name.ends_with(".rels") || name.contains("styles") {
            2
        } else {
            1
        }
    };
    let total: usize = parts.iter().map(|p| weight(&p.name)).sum();
    let mut at = rng.below(total);
    for (i, part) in parts.iter().enumerate() {
        let w = weight(&part.name);
        if at < w {
            return i;
        }
        at -= w;
    }
    0
}

/// A change to the zip's list of parts.
fn mutate_parts(rng: &mut Rng, parts: &mut Vec<Part>, seeds: &[Seed]) -> String {
    if parts.is_empty() {
        parts.push(Part {
            name: "xl/workbook.xml".into(),
            data: b"<workbook/>".to_vec(),
            deflate: true,
        });
        return "added a workbook part".to_string();
    }
    let i = rng.below(parts.len());
    match rng.below(7) {
        0 => {
            let removed = parts.remove(i);
            format!("removed part {}", removed.name)
        }
        1 => {
            let old = parts[i].name.clone();
            parts[i].name = match rng.below(4) {
                0 => old.to_uppercase(),
                1 => format!("/{old}"),
                2 => old.replace('/', "\\"),
                _ => format!("{old}.bak"),
            };
            format!("renamed part {old} → {}", parts[i].name)
        }
        2 => {
            parts[i].data.clear();
            format!("emptied part {}", parts[i].name)
        }
        3 => {
            for part in parts.iter_mut() {
                part.deflate = !part.deflate;
            }
            "switched every part between stored and deflated".to_string()
        }
        4 => {
            let j = rng.below(parts.len());
            let data = parts[j].data.clone();
            let names = (parts[i].name.clone(), parts[j].name.clone());
            parts[j].data = std::mem::replace(&mut parts[i].data, data);
            format!("swapped the contents of {} and {}", names.0, names.1)
        }
        5 => {
            // the same part from another seed
            let other = rng.pick(seeds);
            let name = parts[i].name.clone();
            match other
                .parts
                .as_ref()
                .and_then(|ps| ps.iter().find(|p| p.name == name))
            {
                Some(p) => {
                    parts[i].data = p.data.clone();
                    format!("{name} taken from {}", other.stem)
                }
                None => format!("{name} not in {}", other.stem),
            }
        }
        _ => {
            let name = (*rng.pick(&[
                "xl/worksheets/sheet99.xml",
                "xl/media/image1.png",
                "xl/vbaProject.bin",
                "customXml/item1.xml",
                "xl/sharedStrings.xml",
            ]))
            .to_string();
            let len = rng.length(1 << 16);
            let data: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            parts.push(Part {
                name: name.clone(),
                data,
                deflate: rng.below(2) == 0,
            });
            format!("added part {name} of {len} random bytes")
        }
    }
}

/// A change to the raw bytes of the file.
fn mutate_bytes(rng: &mut Rng, bytes: &mut Vec<u8>) -> String {
    if bytes.is_empty() {
        bytes.extend((0..64).map(|_| rng.next() as u8));
        return "filled an empty file".to_string();
    }
    match rng.below(8) {
        0 | 1 => {
            let n = 1 + rng.below(16);
            for _ in 0..n {
                let at = rng.below(bytes.len());
                bytes[at] ^= 1 << rng.below(8);
            }
            format!("flipped {n} bits of the file")
        }
        2 => {
            let at = rng.below(bytes.len());
            bytes.truncate(at);
            format!("file truncated at {at}")
        }
        3 => {
            let at = rng.below(bytes.len());
            let len = rng.length(bytes.len() - at);
            bytes.drain(at..at + len);
            format!("deleted {len} bytes of the file at {at}")
        }
        4 => {
            let at = rng.below(bytes.len() + 1);
            let len = rng.length(4096);
            let junk: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            bytes.splice(at..at, junk);
            format!("inserted {len} random bytes at {at}")
        }
        _ => zip_field(rng, bytes),
    }
}

/// A zip record's signature and the `(offset, width)` of its size, offset and count fields.
type ZipRecord = (&'static [u8], &'static [(usize, usize)]);

/// The central directory entry, the local header, the end of the central directory.
#[rustfmt::skip]
const ZIP_RECORDS: &[ZipRecord] = &[
    (b"PK\x01\x02", &[(10, 2), (20, 4), (24, 4), (28, 2), (30, 2), (32, 2), (42, 4)]),
    (b"PK\x03\x04", &[(8, 2), (18, 4), (22, 4), (26, 2), (28, 2)]),
    (b"PK\x05\x06", &[(8, 2), (10, 2), (12, 4), (16, 4), (20, 2)]),
];

/// A size, offset or count field of the zip structure (or any 16/32-bit
/// field of a file that is not a zip) set to an edge value.
fn zip_field(rng: &mut Rng, bytes: &mut [u8]) -> String {
    let (signature, fields) = rng.pick(ZIP_RECORDS);
    let found = find_all(bytes, signature);
    let (at, width) = if found.is_empty() {
        // an OLE or other file: any aligned field
        let width = if rng.below(2) == 0 { 2 } else { 4 };
        (rng.below(bytes.len()) & !1, width)
    } else {
        let (offset, width) = rng.pick(fields);
        (rng.pick(&found) + offset, *width)
    };
    if at + width > bytes.len() {
        return "no room for a field".to_string();
    }
    let old = if width == 2 {
        u64::from(u16::from_le_bytes([bytes[at], bytes[at + 1]]))
    } else {
        u64::from(u32::from_le_bytes([
            bytes[at],
            bytes[at + 1],
            bytes[at + 2],
            bytes[at + 3],
        ]))
    };
    let random = rng.next();
    let value = *rng.pick(&[
        0,
        1,
        old.wrapping_add(1),
        old.wrapping_sub(1),
        old.wrapping_mul(2),
        0x7FFF,
        0xFFFF,
        0x7FFF_FFFF,
        0xFFFF_FFFF,
        random,
    ]);
    let le = value.to_le_bytes();
    bytes[at..at + width].copy_from_slice(&le[..width]);
    format!(
        "{width}-byte field at {at}: {old} → {}",
        if width == 2 {
            value & 0xFFFF
        } else {
            value & 0xFFFF_FFFF
        }
    )
}

/// A small hostile file made from nothing.
fn synthetic(rng: &mut Rng) -> (Vec<u8>, String) {
    match rng.below(5) {
        0 => (Vec::new(), "an empty file".to_string()),
        1 => {
            let len = rng.length(1 << 16);
            (
                (0..len).map(|_| rng.next() as u8).collect(),
                format!("{len} random bytes"),
            )
        }
        2 => {
            let mut b = b"PK\x03\x04".to_vec();
            b.extend((0..rng.length(4096)).map(|_| rng.next() as u8));
            (b, "a zip signature and random bytes".to_string())
        }
        3 => {
            let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
            b.extend((0..rng.length(1 << 14)).map(|_| rng.next() as u8));
            (b, "an OLE signature and random bytes".to_string())
        }
        _ => (
            b"<html><body><table><tr><td>1</td></tr></table></body></html>".to_vec(),
            "a web page".to_string(),
        ),
    }
}

pub(super) fn clone_mutant(m: &Mutant) -> Mutant {
    Mutant {
        stem: m.stem.clone(),
        ext: m.ext.clone(),
        bytes: m.bytes.clone(),
        ops: m.ops.clone(),
    }
}
