//! The layer rule of `src/` (DESIGN.md, "Layers"): every source file has a place in one
//! order, bottom to top, and imports only files below it. `lib.rs` and the folders'
//! `mod.rs` files only declare modules and re-export. Test modules are left out (a unit
//! test may build a whole `Detector`), and so are doc comments.
//!
//! A new file in `src/` must be given its place in [`ORDER`], or this test fails.
//! `src/bin/` (the `despin` command) is outside the library and not checked.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// Every file of `src/` that holds code, bottom to top, as its module path.
const ORDER: &[&str] = &[
    // Vocabulary with no dependencies.
    "error",
    "family",
    "span",
    // Text: words, keys, case, inflection, look-alikes, spintax, alignment.
    "text::chars",
    "text::align",
    "text::case",
    "text::inflect",
    "text::lookalike",
    "text::spintax",
    "text::tokenize",
    // What the detector reports.
    "finding",
    // Lexicons and their formats.
    "lexicon::query",
    "lexicon::pairs",
    "lexicon::skip",
    "lexicon::tsv",
    "lexicon::builtin",
    "lexicon::unlisted",
    "lexicon::word_counts",
    "lexicon::sha256",
    "lexicon::pps",
    // Matching the compiled lexicon over a text.
    "matching::id_table",
    "matching::tally",
    "matching::support",
    "matching::conditions",
    "matching::entry_card",
    "matching::index",
    "matching::protect",
    "matching::homoglyph",
    "matching::context",
    "matching::pass",
    // Scoring.
    "scoring::features",
    "scoring::model",
    "scoring::score",
    "scoring::acceptance",
    "scoring::paper",
    // Rewriting.
    "reconstruct",
    // Learning lexicons from parallel text.
    "learn::harvest",
    "learn::propose",
    // The JSON record of an analysed text (the command's contract).
    "record",
    // Records written as JSON by hand (byte for byte what `serde_json` writes).
    "record::json",
    // The facade.
    "detector",
    // JSON lines from a reader, answered by the facade.
    "stream",
    // A long text read in slices, answered by the facade.
    "long_text",
    // Deprecated root names of moved constants.
    "compat",
];

/// Files that only declare modules and re-export.
const DECLARATIONS: &[&str] = &["", "text", "lexicon", "matching", "scoring", "learn"];

/// Module path of every `.rs` file under `dir` (`src/matching/pass.rs` -> `matching::pass`,
/// `mod.rs` -> its folder, `lib.rs` -> ``), with its text.
fn sources(dir: &Path, prefix: &[String], out: &mut BTreeMap<String, String>) {
    for entry in fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("directory entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if path.is_dir() {
            if prefix.is_empty() && name == "bin" {
                // Binaries (the `despin` command) use the library through its public API
                // only; they are not part of its module tree.
                continue;
            }
            let mut inner = prefix.to_vec();
            inner.push(name.to_owned());
            sources(&path, &inner, out);
        } else if let Some(stem) = name.strip_suffix(".rs") {
            let mut parts = prefix.to_vec();
            if stem != "mod" && stem != "lib" {
                parts.push(stem.to_owned());
            }
            let text = fs::read_to_string(&path).expect("source is UTF-8");
            out.insert(parts.join("::"), text);
        }
    }
}

/// The code of a file: test modules (`#[cfg(test)] mod ... { ... }`, to the end of the
/// file, where this crate keeps them) and comments dropped. A `#[cfg(test)]` on anything
/// else (a test-only method) is kept.
fn code_of(text: &str) -> String {
    let mut cut = text.len();
    let mut from = 0;
    while let Some(at) = text[from..].find("#[cfg(test)]") {
        let start = from + at;
        let after = text[start + "#[cfg(test)]".len()..].trim_start();
        if after.starts_with("mod ") || after.starts_with("pub(crate) mod ") {
            cut = start;
            break;
        }
        from = start + 1;
    }
    text[..cut]
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every `use` tree of `code`, flattened to paths (`use a::{b, c::d};` -> `a::b`, `a::c::d`),
/// and every inline `crate::`/`super::` path.
fn paths_in(code: &str) -> Vec<String> {
    fn expand(tree: &str, out: &mut Vec<String>) {
        let Some(open) = tree.find('{') else {
            out.push(tree.to_owned());
            return;
        };
        let (prefix, inner) = (&tree[..open], &tree[open + 1..tree.len() - 1]);
        let mut depth = 0;
        let mut start = 0;
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(&format!("{prefix}{}", &inner[start..i]), out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        if start < inner.len() {
            expand(&format!("{prefix}{}", &inner[start..]), out);
        }
    }
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("use ") {
        let before = rest[..at].chars().last();
        rest = &rest[at + 4..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let end = rest.find(';').unwrap_or(rest.len());
        let tree: String = rest[..end].chars().filter(|c| !c.is_whitespace()).collect();
        expand(&tree, &mut out);
    }
    for anchor in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(at) = code[from..].find(anchor) {
            let start = from + at;
            let end = code[start..]
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .map_or(code.len(), |e| start + e);
            out.push(code[start..end].trim_end_matches(':').to_owned());
            from = end;
        }
    }
    out
}

/// The source file a path in module `current` names, if it is one of `modules`.
fn target(current: &str, path: &str, modules: &BTreeMap<String, String>) -> Option<String> {
    let mut segments: Vec<&str> = path.split("::").collect();
    let mut base: Vec<&str> = match segments.first() {
        Some(&"crate") => {
            segments.remove(0);
            Vec::new()
        }
        Some(&"super") => {
            segments.remove(0);
            let mut parent: Vec<&str> = current.split("::").collect();
            parent.pop();
            parent
        }
        Some(&"self") => {
            segments.remove(0);
            current.split("::").filter(|s| !s.is_empty()).collect()
        }
        // A relative path names a child of a declaring file (`mod.rs`, `lib.rs`).
        _ => current.split("::").filter(|s| !s.is_empty()).collect(),
    };
    // A name that is no file of its own (`crate::Detector`, `super::TsvList`) is taken
    // from the module the path reaches last: a re-export of `lib.rs` or a `mod.rs`.
    let start = base.join("::");
    let mut found = modules.contains_key(&start).then_some(start);
    for segment in segments {
        base.push(segment);
        let candidate = base.join("::");
        if modules.contains_key(&candidate) {
            found = Some(candidate);
        }
    }
    found
}

#[test]
fn every_file_imports_only_files_below_it() {
    let mut modules = BTreeMap::new();
    sources(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")),
        &[],
        &mut modules,
    );
    let rank = |m: &str| ORDER.iter().position(|o| *o == m);
    let mut problems = Vec::new();
    for (module, text) in &modules {
        let declaring = DECLARATIONS.contains(&module.as_str());
        if !declaring && rank(module).is_none() {
            problems.push(format!("{module}: not placed in ORDER (tests/layers.rs)"));
            continue;
        }
        let code = code_of(text);
        for path in paths_in(&code) {
            let Some(to) = target(module, &path, &modules) else {
                continue;
            };
            if to == *module {
                continue;
            }
            if declaring {
                // A declaring file may only re-export.
                let reexported = code.lines().any(|l| {
                    let l = l.trim_start();
                    (l.starts_with("pub use ") || l.starts_with("pub(crate) use "))
                        && l.contains(path.rsplit("::").next().unwrap_or_default())
                }) || code.contains(&format!(
                    "pub use {}",
                    path.split("::").next().unwrap_or_default()
                ));
                if !reexported {
                    problems.push(format!("{module} (declarations only) uses {path}"));
                }
                continue;
            }
            // A name re-exported by a folder counts as from the folder's top file (so a
            // file inside the folder must name the file it uses).
            let dest = if DECLARATIONS.contains(&to.as_str()) {
                let inside = format!("{to}::");
                ORDER
                    .iter()
                    .rposition(|o| to.is_empty() || o.starts_with(&inside))
            } else {
                rank(&to)
            };
            match (rank(module), dest) {
                (Some(from), Some(dest)) if dest > from => problems.push(format!(
                    "{module} imports {} (above it) via {path}",
                    if to.is_empty() { "the crate root" } else { &to }
                )),
                _ => {}
            }
        }
    }
    assert!(
        problems.is_empty(),
        "layer rule broken:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_checker_sees_an_upward_import() {
    // The checker itself must be able to fail: a scoring file naming the facade.
    let mut modules = BTreeMap::new();
    for m in ORDER.iter().chain(DECLARATIONS) {
        modules.insert((*m).to_owned(), String::new());
    }
    let code = code_of("use crate::detector::Detector;\nfn f() { crate::matching::pass::x(); }\n");
    let found: Vec<String> = paths_in(&code)
        .iter()
        .filter_map(|p| target("scoring::score", p, &modules))
        .collect();
    assert_eq!(found, ["detector", "detector", "matching::pass"]);
    // Through a re-export: the crate root, or a folder's `mod.rs`.
    let found: Vec<String> = paths_in("use crate::Detector;\nuse super::TsvList;")
        .iter()
        .filter_map(|p| target("lexicon::pairs", p, &modules))
        .collect();
    assert_eq!(found, ["", "lexicon", "", "lexicon"]);
    // A test-only method does not hide the code after it.
    let code = code_of("#[cfg(test)]\nfn f() {}\nuse crate::detector::D;\n#[cfg(test)]\nmod tests {\nuse crate::x;\n}");
    assert!(code.contains("crate::detector::D") && !code.contains("crate::x"));
    let nested = paths_in("use super::{a::B, c::{D, E}};");
    assert_eq!(
        nested,
        ["super::a::B", "super::c::D", "super::c::E", "super"]
    );
}
