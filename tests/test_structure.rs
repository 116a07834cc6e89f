//! The shape of the source, kept true by a test (ARCHITECTURE.md's rules):
//! each library has one home, and no two top-level modules of `src/` reach
//! each other, directly or round a longer circle.
//!
//! The source is read as text: a module's dependencies are the
//! `crate::name` paths it names outside its `#[cfg(test)]` modules (doc
//! comments included — a doc link is a dependency a reader follows too).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The file's text without its test-only items: each top-level item after a
/// `#[cfg(test)]` line, up to the `}` that closes it at the start of a line
/// (or its own line, for `mod tests;`). A file `tests.rs` is all test.
fn without_tests(file: &Path, text: &str) -> String {
    if file.file_name().is_some_and(|n| n == "tests.rs") {
        return String::new();
    }
    let mut kept = String::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line == "#[cfg(test)]" {
            for item in lines.by_ref() {
                if item == "}" || (!item.starts_with(' ') && item.ends_with(';')) {
                    break;
                }
            }
            continue;
        }
        kept.push_str(line);
        kept.push('\n');
    }
    kept
}

/// The top-level module a file belongs to: `src/report/feedback.rs` → `report`.
fn top_module(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// The top-level modules named after `crate::` (also inside `crate::{a, b::c}`).
fn named_modules(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
            .collect()
    };
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            for part in group.split(',') {
                let name = ident(part.trim());
                if !name.is_empty() {
                    names.insert(name);
                }
            }
        } else {
            let name = ident(rest);
            if !name.is_empty() {
                names.insert(name);
            }
        }
    }
    names
}

/// Top-level module → the other top-level modules it names.
fn dependencies() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in rust_files(&src) {
        let module = top_module(&src, &file);
        if module == "lib" || module == "main" {
            continue;
        }
        let text = fs::read_to_string(&file).unwrap();
        let named = named_modules(&without_tests(&file, &text));
        graph.entry(module.clone()).or_default().extend(named);
    }
    let modules: BTreeSet<String> = graph.keys().cloned().collect();
    for (module, deps) in &mut graph {
        deps.retain(|d| d != module && modules.contains(d));
    }
    graph
}

/// A circle through `start`, if there is one: `[start, …, start]`.
fn circle_through(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    // depth-first search for a path from start's dependencies back to start
    let mut stack: Vec<Vec<String>> = vec![vec![start.to_string()]];
    let mut seen = BTreeSet::new();
    while let Some(path) = stack.pop() {
        let last = path.last().unwrap();
        for next in &graph[last] {
            if next == start {
                let mut circle = path.clone();
                circle.push(start.to_string());
                return Some(circle);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push(longer);
            }
        }
    }
    None
}

#[test]
fn no_two_top_level_modules_reach_each_other() {
    let graph = dependencies();
    // the test reads what it should: the intake names the extract, and the
    // report names the assessment
    assert!(graph["intake"].contains("extract"), "{:?}", graph["intake"]);
    assert!(
        graph["report"].contains("assessment"),
        "{:?}",
        graph["report"]
    );
    let circles: Vec<String> = graph
        .keys()
        .filter_map(|m| circle_through(&graph, m))
        .map(|c| c.join(" → "))
        .collect();
    assert!(
        circles.is_empty(),
        "circles between modules:\n{}",
        circles.join("\n")
    );
}

/// Each unit's layer as ARCHITECTURE.md's table of layers gives it.
fn documented_layers() -> BTreeMap<String, usize> {
    let doc = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md"))
        .expect("ARCHITECTURE.md");
    let mut layers = BTreeMap::new();
    for line in doc.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // | 3 | `identity`, `numbers` |
        if let [_, layer, modules, _] = cells.as_slice()
            && let Ok(layer) = layer.parse::<usize>()
        {
            for m in modules.split(',') {
                layers.insert(m.trim().trim_matches('`').to_string(), layer);
            }
        }
    }
    layers
}

#[test]
fn the_documented_layers_match_the_code() {
    // every module is in ARCHITECTURE.md's table, and uses only modules of
    // the layers below its own
    let (graph, layers) = (dependencies(), documented_layers());
    assert_eq!(layers.get("lang"), Some(&0), "the table reads: {layers:?}");
    let mut wrong = Vec::new();
    for (module, deps) in &graph {
        let Some(&own) = layers.get(module) else {
            wrong.push(format!("{module} is in no layer"));
            continue;
        };
        for d in deps {
            if layers.get(d).is_none_or(|&l| l >= own) {
                wrong.push(format!(
                    "{module} (layer {own}) uses {d} (layer {:?})",
                    layers.get(d)
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "ARCHITECTURE.md's layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_circle_finder_finds_a_circle() {
    // a → b → c → a is a circle through each; d → a is not on it
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, to) in [("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")] {
        graph.entry(from.into()).or_default().insert(to.into());
    }
    assert_eq!(circle_through(&graph, "a").unwrap(), ["a", "b", "c", "a"]);
    assert_eq!(circle_through(&graph, "d"), None);
    let text = "use crate::lang;\n#[cfg(test)]\nfn f() {\n    crate::report::x();\n}\n#[cfg(test)]\nmod tests;\ncrate::score::y";
    assert_eq!(
        named_modules(&without_tests(Path::new("a.rs"), text)),
        BTreeSet::from(["lang".into(), "score".into()])
    );
    assert_eq!(
        named_modules("use crate::{lang::Lang, numbers};\ncrate::report::x"),
        BTreeSet::from(["lang".into(), "numbers".into(), "report".into()])
    );
}

/// The files outside the allowed places whose non-test code names `library`.
fn users_of(library: &str, allowed: &[&str]) -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    rust_files(&src)
        .into_iter()
        .filter(|file| {
            let rel = file
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            !allowed
                .iter()
                .any(|a| rel == *a || rel.starts_with(&format!("{a}/")))
        })
        .filter(|file| {
            let text = fs::read_to_string(file).unwrap();
            without_tests(file, &text).contains(&format!("{library}::"))
        })
        .map(|file| file.strip_prefix(&src).unwrap().display().to_string())
        .collect()
}

#[test]
fn each_library_has_one_home() {
    // rust_xlsxwriter writes workbooks: only the report does that
    assert_eq!(
        users_of("rust_xlsxwriter", &["report"]),
        Vec::<String>::new()
    );
    // calamine reads them: only the ingest
    assert_eq!(users_of("calamine", &["ingest"]), Vec::<String>::new());
    // clap parses the command line: cli.rs and the commands
    assert_eq!(
        users_of("clap", &["cli.rs", "commands", "main.rs"]),
        Vec::<String>::new()
    );
    // polars computes on the long table (and writes the optional Parquet export)
    assert_eq!(
        users_of("polars", &["long.rs", "export.rs"]),
        Vec::<String>::new()
    );
    // chrono is the calendar: only the one date module
    assert_eq!(users_of("chrono", &["date.rs"]), Vec::<String>::new());
    // the checker finds what it looks for
    assert!(!users_of("rust_xlsxwriter", &[]).is_empty());
}
