//! Measure despin on the real PPS tortured-phrase lists (read at run time from
//! `../shared/data-sources`; nothing from them is stored in the repository) and print a
//! Markdown report (`reports/pps.md` is this output).
//!
//! ```text
//! cargo run --release --example pps_eval [-- CSV JSON]
//! ```
//!
//! For each list: rows loaded and why the others were not; recall when every fingerprint
//! phrase is planted in a generated sentence (exact, last word inflected, one-letter
//! typo), with the document also carrying what the fingerprint's condition needs;
//! correction accuracy (the planted sentence reconstructed to the expected phrase, case
//! and number kept); that rows whose guard fails yield no finding; and false findings on
//! clean English (`../shared/corpus` and, if installed, Debian `fortunes`/`bible-kjv-text`).
//!
//! The report names rows of the lists by line number only; the missed and mis-corrected
//! phrases themselves are written to stderr, for whoever runs it on their own copy.

use despin::{Detector, Entry, Lexicon, PaperVerdict, PpsList, DEFAULT_FUZZY_SIMILARITY};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

fn key(s: &str) -> String {
    despin::tokenize(s)
        .iter()
        .map(|t| despin::normalize_key(&s[t.span.range()]))
        .collect::<Vec<_>>()
        .join(" ")
}

fn pct(a: usize, b: usize) -> String {
    if b == 0 {
        "n/a".into()
    } else {
        format!("{:.2} % ({a}/{b})", 100.0 * a as f64 / b as f64)
    }
}

/// English nouns and irregular plurals from WordNet 3.0 (Debian `wordnet-base`), read at
/// run time to decide which fingerprints end in a noun and how its number changes.
struct Nouns {
    lemmas: std::collections::HashSet<String>,
    /// irregular plural -> singular
    singular_of: HashMap<String, String>,
    /// singular -> irregular plural
    plural_of: HashMap<String, String>,
}

impl Nouns {
    fn load() -> Option<Nouns> {
        let index = std::fs::read_to_string("/usr/share/wordnet/index.noun").ok()?;
        let exc = std::fs::read_to_string("/usr/share/wordnet/noun.exc").unwrap_or_default();
        let lemmas = index
            .lines()
            .filter(|l| !l.starts_with(' '))
            .filter_map(|l| l.split(' ').next().map(str::to_owned))
            .collect();
        let mut singular_of = HashMap::new();
        let mut plural_of = HashMap::new();
        for l in exc.lines() {
            let mut it = l.split(' ');
            if let (Some(p), Some(b)) = (it.next(), it.next()) {
                singular_of.insert(p.to_owned(), b.to_owned());
                plural_of
                    .entry(b.to_owned())
                    .or_insert_with(|| p.to_owned());
            }
        }
        Some(Nouns {
            lemmas,
            singular_of,
            plural_of,
        })
    }

    fn is_noun(&self, w: &str) -> bool {
        self.lemmas.contains(w)
    }

    /// The singular of a plural noun form, if `w` is one.
    fn singular(&self, w: &str) -> Option<String> {
        if let Some(b) = self.singular_of.get(w) {
            return Some(b.clone());
        }
        let cands = [
            w.strip_suffix("ies").map(|s| format!("{s}y")),
            w.strip_suffix("es").map(str::to_owned),
            w.strip_suffix('s')
                .filter(|s| !s.ends_with('s'))
                .map(str::to_owned),
        ];
        cands
            .into_iter()
            .flatten()
            .find(|c| self.is_noun(c) && c != w)
    }

    fn plural(&self, w: &str) -> String {
        if let Some(p) = self.plural_of.get(w) {
            return p.clone();
        }
        let b = w.as_bytes();
        if w.ends_with("ss")
            || w.ends_with('x')
            || w.ends_with('z')
            || w.ends_with("ch")
            || w.ends_with("sh")
        {
            format!("{w}es")
        } else if let Some(stem) = w.strip_suffix("is") {
            format!("{stem}es")
        } else if w.ends_with('s') {
            format!("{w}es") // `virus` -> `viruses`
        } else if w.ends_with('y')
            && b.len() > 1
            && !matches!(b[b.len() - 2], b'a' | b'e' | b'i' | b'o' | b'u')
        {
            format!("{}ies", &w[..w.len() - 1])
        } else {
            format!("{w}s")
        }
    }

    /// Change the number of the last word of `phrase` if it is a noun:
    /// (new phrase, whether it became plural).
    fn flip_last(&self, phrase: &str) -> Option<(String, bool)> {
        let (head, last) = split_last(phrase);
        if !last.bytes().all(|b| b.is_ascii_lowercase()) || last.len() < 3 {
            return None;
        }
        if let Some(s) = self.singular(last) {
            return Some((format!("{head}{s}"), false));
        }
        self.is_noun(last)
            .then(|| (format!("{head}{}", self.plural(last)), true))
    }

    /// The expected phrase with its last word put in the same number.
    fn set_last(&self, phrase: &str, plural: bool) -> String {
        let (head, last) = split_last(phrase);
        let lower = last.to_ascii_lowercase();
        if lower != last || !last.bytes().all(|b| b.is_ascii_alphabetic()) {
            return phrase.to_owned(); // acronyms, names and brackets are left alone
        }
        let new = if plural {
            if self.singular(&lower).is_some() {
                lower
            } else {
                self.plural(&lower)
            }
        } else {
            self.singular(&lower).unwrap_or(lower)
        };
        format!("{head}{new}")
    }
}

fn split_last(phrase: &str) -> (&str, &str) {
    match phrase.rfind(' ') {
        Some(p) => (&phrase[..=p], &phrase[p + 1..]),
        None => ("", phrase),
    }
}

/// What follows the last letter or digit of `s` (a closing bracket), which a finding
/// leaves in the text.
fn tail(s: &str) -> &str {
    let (words, mut rest) = match s.rfind(char::is_alphanumeric) {
        Some(i) => s.split_at(i + s[i..].chars().next().map_or(1, char::len_utf8)),
        None => return "",
    };
    // Closing brackets of brackets the words opened are inside the finding (its span
    // takes them in, and the loader keeps them in the correction).
    let unclosed = |open: char, close: char| {
        words
            .matches(open)
            .count()
            .saturating_sub(words.matches(close).count())
    };
    let (mut round, mut square) = (unclosed('(', ')'), unclosed('[', ']'));
    loop {
        if round > 0 && rest.starts_with(')') {
            round -= 1;
        } else if square > 0 && rest.starts_with(']') {
            square -= 1;
        } else {
            return rest;
        }
        rest = &rest[1..];
    }
}

/// What precedes the first letter or digit of `s` (an opening bracket), which a finding
/// leaves in the text.
fn head(s: &str) -> &str {
    &s[..s.find(char::is_alphanumeric).unwrap_or(0)]
}

/// One-letter substitution in the middle of the longest word.
fn typo(phrase: &str) -> Option<String> {
    let words: Vec<&str> = phrase.split(' ').collect();
    let (i, w) = words.iter().enumerate().max_by_key(|(_, w)| w.len())?;
    if !w.is_ascii() || w.len() < 3 {
        return None;
    }
    let mut b = w.as_bytes().to_vec();
    let m = b.len() / 2;
    if !b[m].is_ascii_alphabetic() {
        return None;
    }
    b[m] = match b[m].to_ascii_lowercase() {
        b'e' => b'a',
        b'a' | b'i' | b'o' | b'u' => b'e',
        b'x' => b'z',
        _ => b'x',
    };
    let mut out: Vec<String> = words.iter().map(|s| s.to_string()).collect();
    out[i] = String::from_utf8(b).ok()?;
    Some(out.join(" "))
}

/// Makes (planted phrase, expected correction) from an entry, or skips it.
type Variant<'a> = Box<dyn Fn(&Entry) -> Option<(String, String)> + 'a>;

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// The best entry of each distinct spun phrase with a known correction (highest weight,
/// first among equals).
fn plants(list: &PpsList) -> Vec<&Entry> {
    let mut best: HashMap<String, &Entry> = HashMap::new();
    let mut order = Vec::new();
    // Flag-only entries (correction `???`) have no correction to measure; they are
    // counted in the list's summary instead.
    for e in list.lexicon.entries().iter().filter(|e| !e.is_flag_only()) {
        let k = key(&e.spun);
        match best.get(&k) {
            Some(b) if b.weight >= e.weight => {}
            Some(_) => {
                best.insert(k, e);
            }
            None => {
                order.push(k.clone());
                best.insert(k, e);
            }
        }
    }
    order.iter().map(|k| best[k]).collect()
}

/// The positive terms of a query as written, for a text that satisfies it: quoted
/// phrases (a `~N` dropped, so their words stand side by side) and bare words, with `*`
/// filled with `ing`, leaving out what follows a `NOT` (a term or a whole group).
fn positive_terms(q: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = q.trim_start();
    let mut negated = false;
    while !rest.is_empty() {
        let (term, after) = if let Some(r) = rest.strip_prefix('"') {
            let end = r.find('"').unwrap_or(r.len());
            let after = r.get(end + 1..).unwrap_or("");
            let after = after.strip_prefix('~').map_or(after, |a| {
                a.trim_start_matches(|c: char| c.is_ascii_digit())
            });
            (Some(r[..end].to_owned()), after)
        } else if rest.starts_with('(') && negated {
            // Skip the whole negated group.
            let mut depth = 0usize;
            let mut end = rest.len();
            for (i, c) in rest.char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            end = i + 1;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            (None, &rest[end..])
        } else if rest.starts_with(['(', ')']) {
            (None, &rest[1..])
        } else {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == '"')
                .unwrap_or(rest.len());
            let word = &rest[..end];
            if matches!(word, "AND" | "OR" | "NOT" | "&&" | "||") {
                negated = word == "NOT";
                rest = rest[end..].trim_start();
                continue;
            }
            (Some(word.to_owned()), &rest[end..])
        };
        if let Some(t) = term {
            if !negated {
                out.push(t.replace('*', "ing"));
            }
        }
        negated = false;
        rest = after.trim_start();
    }
    out
}

/// Text for an entry's condition without the entry's own phrase: its positive terms
/// (every `OR` branch) as sentences. `None` when they do not satisfy the condition.
fn context_for(e: &Entry) -> Option<String> {
    let Some(c) = &e.condition else {
        return Some(String::new());
    };
    let own = key(&e.spun);
    let parts: Vec<String> = positive_terms(c.as_str())
        .into_iter()
        .filter(|p| key(p) != own && !key(p).is_empty())
        .collect();
    let context = if parts.is_empty() {
        String::new()
    } else {
        format!(" Related work: {}.", parts.join(". "))
    };
    let doc = format!("{}.{context}", e.spun);
    c.holds(&doc).then_some(context)
}

/// The line of the list each fingerprint phrase (by key) was first loaded from, found by
/// loading each row on its own: the report below names rows by line, not by content.
fn phrase_lines(path: &Path) -> HashMap<String, usize> {
    let mut lines = HashMap::new();
    let Ok(text) = std::fs::read_to_string(path) else {
        return lines;
    };
    let all: Vec<&str> = text.lines().collect();
    let json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    for (i, l) in all.iter().enumerate() {
        let (loaded, line) = if json {
            if !l.contains("\"tortured\"") {
                continue;
            }
            let Some(start) = (0..=i)
                .rev()
                .find(|&j| all[j].trim_start().starts_with('{'))
            else {
                continue;
            };
            let Some(end) = (i..all.len()).find(|&j| all[j].trim_start().starts_with('}')) else {
                continue;
            };
            let object = all[start..=end].join("\n");
            let object = object.trim_end().trim_end_matches(',');
            (
                Lexicon::from_pps_json(format!("[{object}]").as_bytes(), "row"),
                start + 1,
            )
        } else {
            (Lexicon::from_pps_csv(l.as_bytes(), "row"), i + 1)
        };
        if let Ok(list) = loaded {
            for e in list.lexicon.entries() {
                lines.entry(key(&e.spun)).or_insert(line);
            }
        }
    }
    lines
}

/// How a row is named in the report: by its line.
fn row(lines: &HashMap<String, usize>, spun: &str) -> String {
    lines
        .get(&key(spun))
        .map_or("a row".to_owned(), |l| format!("line {l}"))
}

#[derive(Default)]
struct Tally {
    tried: usize,
    found: usize,
    found_unaccepted: usize,
    corrected: usize,
}

fn found(d: &Detector, doc: &str, start: usize, len: usize, spun: &str) -> (bool, bool) {
    let k = key(spun);
    let mut any = false;
    for f in d.find(doc) {
        if f.span.start < start + len
            && start < f.span.end
            && f.candidates.iter().any(|c| key(&c.spun) == k)
        {
            if f.accepted {
                return (true, true);
            }
            any = true;
        }
    }
    (false, any)
}

/// Plant every entry with `variant`; misses are named by list line (the detail, which
/// quotes the list, goes to stderr only).
fn run_variant(
    d: &Detector,
    entries: &[&Entry],
    lines: &HashMap<String, usize>,
    variant: impl Fn(&Entry) -> Option<(String, String)>,
) -> (Tally, usize, Vec<String>) {
    let mut t = Tally::default();
    let mut no_context = 0;
    let mut misses = Vec::new();
    for e in entries {
        let Some((planted, expected)) = variant(e) else {
            continue;
        };
        let Some(context) = context_for(e) else {
            no_context += 1;
            continue;
        };
        let prefix = "In this study the ";
        let doc = format!("{prefix}{planted} was examined in detail.{context}");
        t.tried += 1;
        let (ok, any) = found(d, &doc, prefix.len(), planted.len(), &e.spun);
        if ok {
            t.found += 1;
            // Brackets before the first word and after the last stay in the text.
            let want = format!(
                "{prefix}{}{expected}{} was examined in detail.",
                head(&planted),
                tail(&planted)
            );
            let got = d.reconstruct(&doc).text;
            if got.starts_with(&want) {
                t.corrected += 1;
            } else {
                let got = got
                    .get(prefix.len()..)
                    .unwrap_or("")
                    .split(" was examined")
                    .next()
                    .unwrap_or("");
                eprintln!("correction: `{planted}` -> `{got}` (expected `{expected}`)");
                misses.push(format!("{}: correction differs", row(lines, &e.spun)));
            }
        } else {
            if any {
                t.found_unaccepted += 1;
            }
            eprintln!(
                "missed: `{planted}`{}",
                if any { " (found, not accepted)" } else { "" }
            );
            misses.push(format!(
                "{}: missed{}",
                row(lines, &e.spun),
                if any { " (found, not accepted)" } else { "" }
            ));
        }
    }
    (t, no_context, misses)
}

/// `NOT` terms of a query as written: a quoted phrase or a bare word after `NOT `.
fn not_terms(q: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = q;
    while let Some(p) = rest.find("NOT ") {
        rest = rest[p + 4..].trim_start();
        if let Some(r) = rest.strip_prefix('"') {
            if let Some(end) = r.find('"') {
                out.push(r[..end].to_owned());
            }
        } else if !rest.starts_with('(') {
            let w: String = rest
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != ')')
                .collect();
            out.push(w.replace('*', "ing"));
        }
    }
    out
}

fn clean_documents() -> Vec<(String, String)> {
    let mut docs = Vec::new();
    let read_jsonl = |path: PathBuf, field: &str, docs: &mut Vec<(String, String)>| {
        let Ok(text) = std::fs::read_to_string(&path) else {
            return;
        };
        for line in text.lines() {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                if let Some(t) = v.get(field).and_then(|t| t.as_str()) {
                    docs.push((
                        path.file_name()
                            .unwrap_or_default()
                            .to_string_lossy()
                            .into_owned(),
                        t.to_owned(),
                    ));
                }
            }
        }
    };
    read_jsonl(shared().join("corpus/clean.jsonl"), "text", &mut docs);
    read_jsonl(
        shared().join("corpus/train-pairs.jsonl"),
        "original",
        &mut docs,
    );
    // Debian text packages, if installed: fortunes in documents of about 2,000 words.
    for dir in ["/usr/share/games/fortunes", "/usr/share/bible-kjv"] {
        let Ok(rd) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for f in files {
            let name = f
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            if name.contains('.') || f.is_dir() {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&f) else {
                continue;
            };
            let mut chunk = String::new();
            for piece in text.split("\n%\n") {
                chunk.push_str(piece);
                chunk.push('\n');
                if chunk.split_whitespace().count() >= 2000 {
                    docs.push((dir.to_owned(), std::mem::take(&mut chunk)));
                }
            }
            if !chunk.trim().is_empty() {
                docs.push((dir.to_owned(), chunk));
            }
        }
    }
    docs
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let csv = args
        .first()
        .map(PathBuf::from)
        .unwrap_or_else(|| shared().join("data-sources/pps-tortured-raw-queries/tortured.csv"));
    let json = args.get(1).map(PathBuf::from).unwrap_or_else(|| {
        shared().join("data-sources/pps-tortured-pairs-clean/tortured-phrases.json")
    });
    let clean = clean_documents();
    let nouns = Nouns::load();
    if nouns.is_none() {
        println!("(WordNet not found at /usr/share/wordnet: the inflected variant is skipped)\n");
    }
    let clean_words: usize = clean.iter().map(|(_, t)| despin::tokenize(t).len()).sum();
    let mut by_source: Vec<(String, usize)> = Vec::new();
    for (s, _) in &clean {
        match by_source.iter_mut().find(|(n, _)| n == s) {
            Some(x) => x.1 += 1,
            None => by_source.push((s.clone(), 1)),
        }
    }

    println!(
        "# PPS tortured-phrase lists: measured with `cargo run --release --example pps_eval`\n"
    );
    println!("Lists are read at run time from `../shared/data-sources` (not stored in this repository). Detector: PPS list only (`builtin(false)`), stemmed tier on, fuzzy tier at {DEFAULT_FUZZY_SIMILARITY} unless stated. Recall counts *accepted* findings of the planted phrase's own entry.\n");
    for (label, path) in [("Raw queries CSV", csv), ("Cleaned pairs JSON", json)] {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let list = match PpsList::load(&path) {
            Ok(l) => l,
            Err(e) => {
                println!("## {label}\n\nnot loaded: {e}\n");
                continue;
            }
        };
        let r = &list.report;
        let lines = phrase_lines(&path);
        println!("## {label} (`{name}`)\n");
        println!(
            "- sha256 `{}`{}",
            r.id.sha256,
            r.id.version
                .as_ref()
                .map_or(String::new(), |v| format!(", version {v}"))
        );
        println!(
            "- rows {}; loaded {} ({}); entries {}; duplicate pairs merged {}",
            r.rows,
            r.loaded_rows,
            pct(r.loaded_rows, r.rows),
            r.id.entries,
            r.merged_duplicates
        );
        let conditioned = list
            .lexicon
            .entries()
            .iter()
            .filter(|e| e.condition.is_some())
            .count();
        println!("- entries carrying a condition (AND / NOT / OR / proximity / wildcard guard): {conditioned}");
        println!(
            "- flag-only entries (expected phrase `???`: reported and counted, never rewritten; not planted below): {}",
            r.flag_only
        );
        println!("- not loaded, by reason (a row with several anchors may count once per anchor):");
        for (reason, n) in r.skipped_by_reason() {
            let examples: Vec<String> = r
                .skipped
                .iter()
                .filter(|s| s.reason.label() == reason)
                .take(4)
                .map(|s| s.line.to_string())
                .collect();
            println!("  - {reason}: {n} (e.g. lines {})", examples.join(", "));
        }
        let fuzzy = Detector::builder()
            .builtin(false)
            .lexicon(list.lexicon.clone())
            .fuzzy(Some(DEFAULT_FUZZY_SIMILARITY))
            .build()
            .expect("builds");
        let plain = Detector::builder()
            .builtin(false)
            .lexicon(list.lexicon.clone())
            .build()
            .expect("builds");
        let entries = plants(&list);
        println!(
            "\n### Planted fingerprints ({} distinct phrases)\n",
            entries.len()
        );
        println!("Sentence: `In this study the PHRASE was examined in detail.` plus, for a fingerprint with a condition, a second sentence with the positive terms of its query (every `OR` branch; its own phrase and what follows `NOT` left out), kept only if the document then satisfies the condition. Correction = the sentence reconstructed with the expected phrase (first listed alternative), number changed the same way for inflected plants; brackets before the phrase's first word or after its last stay in the text.\n");
        println!(
            "| variant | planted | recall (accepted) | found, not accepted | correction of found |"
        );
        println!("|---|---|---|---|---|");
        let mut all_misses = Vec::new();
        let variants: [(&str, Variant); 4] = [
            (
                "exact",
                Box::new(|e: &Entry| Some((e.spun.to_lowercase(), e.original.clone()))),
            ),
            (
                "inflected (number of a last word WordNet lists as a noun)",
                Box::new(|e: &Entry| {
                    let (p, plural) = nouns.as_ref()?.flip_last(&e.spun.to_lowercase())?;
                    Some((p, nouns.as_ref()?.set_last(&e.original, plural)))
                }),
            ),
            (
                "one-letter typo, phrase >= 10 bytes",
                Box::new(|e: &Entry| {
                    if key(&e.spun).len() >= 10 {
                        Some((typo(&e.spun.to_lowercase())?, e.original.clone()))
                    } else {
                        None
                    }
                }),
            ),
            (
                "one-letter typo, shorter phrase",
                Box::new(|e: &Entry| {
                    if key(&e.spun).len() < 10 {
                        Some((typo(&e.spun.to_lowercase())?, e.original.clone()))
                    } else {
                        None
                    }
                }),
            ),
        ];
        for (vname, v) in &variants {
            eprintln!("## {name}: {vname}");
            let (t, no_ctx, misses) = run_variant(&fuzzy, &entries, &lines, v);
            println!(
                "| {vname} | {} | {} | {} | {} |",
                t.tried,
                pct(t.found, t.tried),
                t.found_unaccepted,
                pct(t.corrected, t.found)
            );
            if no_ctx > 0 {
                all_misses.push(format!("{vname}: {no_ctx} fingerprints skipped (no simple document satisfies the condition)"));
            }
            if !misses.is_empty() {
                let shown: Vec<String> = misses.iter().take(8).cloned().collect();
                all_misses.push(format!(
                    "{vname}: {}{}",
                    shown.join("; "),
                    if misses.len() > shown.len() {
                        "; ..."
                    } else {
                        ""
                    }
                ));
            }
        }
        // Case kept: planted at the start of the sentence, capitalised.
        let mut case_tried = 0;
        let mut case_ok = 0;
        for e in &entries {
            let Some(context) = context_for(e) else {
                continue;
            };
            let p = capitalize(&e.spun.to_lowercase());
            let doc = format!("{p} was examined in detail.{context}");
            case_tried += 1;
            if d_starts(
                &fuzzy,
                &doc,
                &format!("{}{} was examined", capitalize(&e.original), tail(&p)),
            ) {
                case_ok += 1;
            }
        }
        println!("\nCase kept (phrase capitalised at the start of the sentence, correction capitalised the same way): {}\n", pct(case_ok, case_tried));
        println!(
            "Misses by list line (first few per variant; the rows are described in the notes):\n"
        );
        for m in &all_misses {
            println!("- {m}");
        }

        // Guards that fail must yield no finding.
        let unconditioned: std::collections::HashSet<String> = list
            .lexicon
            .entries()
            .iter()
            .filter(|e| e.condition.is_none())
            .map(|e| key(&e.spun))
            .collect();
        let mut guard_tried = 0;
        let mut guard_fired = Vec::new();
        let mut shadowed = 0;
        for e in list.lexicon.entries() {
            let Some(c) = &e.condition else { continue };
            if unconditioned.contains(&key(&e.spun)) {
                shadowed += 1;
                continue;
            }
            let base = format!(
                "In this study the {} was examined in detail.",
                e.spun.to_lowercase()
            );
            let mut docs = vec![base.clone()];
            if let Some(ctx) = context_for(e) {
                for n in not_terms(c.as_str()) {
                    docs.push(format!("{base}{ctx} We also mention {n}."));
                }
            }
            for doc in docs {
                if c.holds(&doc) {
                    continue; // the guard does not fail on this document
                }
                guard_tried += 1;
                let k = key(&e.spun);
                if fuzzy.find(&doc).iter().any(|f| {
                    f.candidates
                        .iter()
                        .any(|x| key(&x.spun) == k && x.condition.as_deref() == Some(c.as_str()))
                }) {
                    guard_fired.push(doc);
                }
            }
        }
        println!("\n### Guards that fail\n");
        println!("Documents with a guarded fingerprint's phrase whose guard fails (phrase alone for AND guards; phrase, the needed terms and a NOT term for NOT guards): {guard_tried}; findings from the guarded entry: {} ({shadowed} guarded entries left out because the same phrase also has an unguarded row).\n", guard_fired.len());

        // Clean text.
        println!("### False findings on clean English\n");
        let sources: Vec<String> = by_source.iter().map(|(s, n)| format!("{s}: {n}")).collect();
        println!(
            "{} documents, {} words ({}).\n",
            clean.len(),
            clean_words,
            sources.join(", ")
        );
        println!("| detector | accepted findings | per 1,000 words | documents with any | suspicious papers | problematic papers |");
        println!("|---|---|---|---|---|---|");
        let mut top: HashMap<String, usize> = HashMap::new();
        for (dname, d) in [
            ("stemmed, fuzzy 0.9", &fuzzy),
            ("stemmed, no fuzzy", &plain),
        ] {
            let (mut n, mut docs_with, mut susp, mut prob) = (0, 0, 0, 0);
            for (_, text) in &clean {
                let s = d.screen_paper(text, std::slice::from_ref(&r.id));
                n += s.findings;
                if s.findings > 0 {
                    docs_with += 1;
                }
                match s.verdict {
                    PaperVerdict::Suspicious => susp += 1,
                    PaperVerdict::Problematic => prob += 1,
                    _ => {}
                }
                if dname.contains("fuzzy 0.9") {
                    for f in &s.fingerprints {
                        let ex = f
                            .spans
                            .first()
                            .map(|sp| {
                                text[sp.range()]
                                    .split_whitespace()
                                    .collect::<Vec<_>>()
                                    .join(" ")
                            })
                            .unwrap_or_default();
                        eprintln!(
                            "clean text fired: `{}` ({:?}, text `{ex}`)",
                            f.fingerprint, f.best_tier
                        );
                        let phrase = f.phrases.first().map_or("", String::as_str);
                        *top.entry(format!(
                            "{} ({:?} tier, {} word(s) matched{})",
                            row(&lines, phrase),
                            f.best_tier,
                            ex.split_whitespace().count(),
                            if key(&ex) == key(phrase) {
                                ", the listed phrase itself"
                            } else {
                                ""
                            }
                        ))
                        .or_default() += f.spans.len();
                    }
                }
            }
            println!(
                "| {dname} | {n} | {:.3} | {docs_with} | {susp} | {prob} |",
                1000.0 * n as f64 / clean_words.max(1) as f64
            );
        }
        let mut top: Vec<_> = top.into_iter().collect();
        top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        println!(
            "\nFingerprints that fired on clean text (fuzzy detector), by list line, most frequent first:\n"
        );
        for (f, n) in top.iter().take(15) {
            println!("- {n} × {f}");
        }
        if top.is_empty() {
            println!("- none");
        }
        println!();
    }
}

fn d_starts(d: &Detector, doc: &str, want: &str) -> bool {
    d.reconstruct(doc).text.starts_with(want)
}
