//! The corpus: the seed files found or made, each zip's parts unpacked once,
//! and the zip written again with correct sizes and checksums.

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::Args;

/// One seed file; a zip's parts unpacked once.
pub(super) struct Seed {
    pub(super) stem: String,
    pub(super) ext: String,
    pub(super) bytes: Vec<u8>,
    pub(super) parts: Option<Vec<Part>>,
}

#[derive(Clone)]
pub(super) struct Part {
    pub(super) name: String,
    pub(super) data: Vec<u8>,
    pub(super) deflate: bool,
}

pub(super) fn corpus(args: &Args, assess: &Path, work: &Path) -> Result<Vec<Seed>, String> {
    let mut files = Vec::new();
    for path in &args.corpus {
        collect(path, &mut files);
    }
    let seeds_dir = work.join("seeds");
    if !args.no_templates {
        let out = seeds_dir.join("templates");
        let status = Command::new(assess)
            .args([
                "template", "--year", "2025", "--unit", "130123", "--unit", "130102", "--out",
            ])
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        if status.is_ok_and(|s| s.success()) {
            collect(&out, &mut files);
        } else {
            println!("fuzz: `assess template` failed; going on without templates");
        }
    }
    if !args.no_soffice
        && let Some(first) = files
            .iter()
            .find(|f| f.extension().is_some_and(|e| e == "xlsx"))
    {
        let out = seeds_dir.join("converted");
        let _ = std::fs::create_dir_all(&out);
        for format in ["xls", "ods"] {
            let home = seeds_dir.join("soffice-home");
            let converted = Command::new("soffice")
                .env("HOME", &home)
                .args([
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    format,
                    "--outdir",
                ])
                .arg(&out)
                .arg(first)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
            if !converted.is_ok_and(|s| s.success()) {
                println!("fuzz: LibreOffice is not available; no {format} seeds");
            }
        }
        collect(&out, &mut files);
    }
    let mut seeds = Vec::new();
    for path in files {
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let parts = unzip(&bytes);
        seeds.push(Seed {
            stem,
            ext,
            bytes,
            parts,
        });
    }
    // a hand-made ods and an OLE header, so that those readers are reached even without LibreOffice
    seeds.push(Seed {
        stem: "手工".into(),
        ext: "ods".into(),
        bytes: small_ods(),
        parts: unzip(&small_ods()),
    });
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(2048, 0);
    seeds.push(Seed {
        stem: "ole".into(),
        ext: "xls".into(),
        bytes: ole,
        parts: None,
    });
    if seeds.len() < 3 {
        return Err("the corpus holds no workbooks; pass --corpus samples".to_string());
    }
    Ok(seeds)
}

/// Every spreadsheet file under a path.
fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else {
            return;
        };
        let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for entry in entries {
            collect(&entry, out);
        }
    } else if path.extension().is_some_and(|e| {
        let e = e.to_string_lossy().to_lowercase();
        ["xlsx", "xlsm", "xls", "ods"].contains(&e.as_str())
    }) {
        out.push(path.to_path_buf());
    }
}

fn small_ods() -> Vec<u8> {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet><table:table table:name="填报说明">
<table:table-row><table:table-cell office:value-type="string"><text:p>单位代码</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="130123"><text:p>130123</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="4" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell table:formula="of:=[.B1]*2" office:value-type="float" office:value="260246"><text:p>260246</text:p></table:table-cell></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"#;
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"#;
    rezip(&[
        Part {
            name: "mimetype".into(),
            data: b"application/vnd.oasis.opendocument.spreadsheet".to_vec(),
            deflate: false,
        },
        Part {
            name: "META-INF/manifest.xml".into(),
            data: manifest.as_bytes().to_vec(),
            deflate: true,
        },
        Part {
            name: "content.xml".into(),
            data: content.as_bytes().to_vec(),
            deflate: true,
        },
    ])
}

pub(super) fn unzip(bytes: &[u8]) -> Option<Vec<Part>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut parts = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).ok()?;
        let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        let deflate = entry.compression() != zip::CompressionMethod::Stored;
        let mut data = Vec::new();
        entry.read_to_end(&mut data).ok()?;
        parts.push(Part {
            name,
            data,
            deflate,
        });
    }
    Some(parts)
}

/// The parts zipped again, with correct sizes and checksums. A part the zip
/// writer refuses (a repeated name) is left out.
pub(super) fn rezip(parts: &[Part]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for part in parts {
        let method = if part.deflate {
            zip::CompressionMethod::Deflated
        } else {
            zip::CompressionMethod::Stored
        };
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(method)
            .large_file(part.data.len() > u32::MAX as usize);
        if zip.start_file(part.name.clone(), options).is_ok() {
            let _ = zip.write_all(&part.data);
        }
    }
    zip.finish().map(Cursor::into_inner).unwrap_or_default()
}
