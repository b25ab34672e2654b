//! Loaders for Problematic Paper Screener (PPS) tortured-phrase lists (see [`PpsList`]
//! for what is loaded and how).

use super::pairs::{Entry, Lexicon};
use super::skip::{SkipReason, SkippedRow};
use crate::error::{Error, Result};
use crate::family::Family;
use crate::lexicon::query::{normalize_key_words, Condition};
use crate::text::chars::unclosed_brackets;
use crate::text::tokenize::{normalize_key, tokenize};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

/// Weight of a fingerprint entry: tortured phrases are almost never normal English, so one
/// exact match is accepted alone; stemmed matches keep `0.85 ×` this and fuzzy ones
/// `0.8 × similarity ×` this (accepted alone only when the similarity is at least 0.92).
pub const PPS_WEIGHT: f32 = 0.95;

/// Weight of a fingerprint whose expected phrase the list marks as uncertain (`?`).
pub const PPS_UNCERTAIN_WEIGHT: f32 = 0.85;

/// Which PPS export a list was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum PpsFormat {
    /// The raw CSV export with Boolean queries.
    RawCsv,
    /// The cleaned `{tortured, correct}` pairs JSON.
    PairsJson,
}

/// Identifies the list that produced a result: name, format, content hash, version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListId {
    /// File path or label given when loading.
    pub source_name: String,
    /// Which format it was read as.
    pub format: PpsFormat,
    /// Lower-case hex SHA-256 of the bytes read (what `sha256sum FILE` prints).
    pub sha256: String,
    /// Version stated by the list itself, if any (`1.0.0 (2026-03-06)` for the JSON
    /// header's `version` and `lastUpdated`).
    pub version: Option<String>,
    /// Lexicon entries it produced.
    pub entries: usize,
}

/// What loading a list did: counts, skipped rows with reasons, and the list's identity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PpsReport {
    /// Name, format, hash and version of the list.
    pub id: ListId,
    /// Data rows read (header and blank lines not counted).
    pub rows: usize,
    /// Rows that produced at least one entry.
    pub loaded_rows: usize,
    /// Rows, or anchors of rows, that produced no entry, in file order.
    pub skipped: Vec<SkippedRow>,
    /// Entries that repeated an earlier (phrase, expected) pair; their conditions were
    /// joined with `OR` (a pair without condition stays without).
    pub merged_duplicates: usize,
    /// Entries loaded from rows whose expected phrase is unknown (`???`), as
    /// [flag-only](crate::Entry::flag_only) entries: reported and counted in a
    /// [`PaperScreen`](crate::PaperScreen), never rewritten. Before 0.4 they were skipped
    /// (a report serialised by 0.3 reads back with 0).
    #[serde(default)]
    pub flag_only: usize,
}

impl PpsReport {
    /// Skipped rows counted by [`SkipReason::label`], most frequent first.
    pub fn skipped_by_reason(&self) -> Vec<(&'static str, usize)> {
        let mut counts: HashMap<&'static str, usize> = HashMap::new();
        for s in &self.skipped {
            *counts.entry(s.reason.label()).or_default() += 1;
        }
        let mut v: Vec<_> = counts.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v
    }
}

/// A loaded PPS list: the lexicon to give a [`Detector`](crate::Detector) and the report.
///
/// Two shapes are read, both as the user's own copy at run time (despin ships neither),
/// with [`PpsList::load`], [`Lexicon::from_pps_csv`] or [`Lexicon::from_pps_json`]:
///
/// * **Raw CSV export**: `tortured_phrase,expected_phrase,num_papers`, where
///   `tortured_phrase` is the fingerprint *query* (`"profound learning" AND "deep
///   learning"`, `"exactness accuracy"~5`, `... NOT ...`, `OR`, `optimiz*`; see
///   [`Condition`] for the syntax). A header row is recognised by its names; records may
///   span lines inside quotes.
/// * **Cleaned pairs JSON**: `{"version": ..., "lastUpdated": ..., "phrases":
///   [{"tortured": ..., "correct": ...}, ...]}` (or a bare array of such objects).
///
/// # From a row to entries
///
/// Each *anchor* of the query ([`Condition::anchors`]: the first positive phrase of each
/// `OR` branch) becomes an [`Entry`] `anchor -> expected`, family
/// [`Family::TorturedScience`], carrying the whole query as its condition unless the query
/// is just that phrase. Proximity anchors (`"a b"~5`) are matched where their words stand
/// together; the `~N` still applies wherever the query uses them as conditions.
///
/// The expected phrase is cleaned: notes in `(...)`, `[...]` and after `, see` / URLs are
/// dropped, `a/b` alternatives become several candidates (`fault detection/diagnosis` ->
/// `fault detection`, `fault diagnosis`), words are lower-cased unless they have two or more
/// capitals (acronyms). A `?` mark (uncertain) lowers the weight to
/// [`PPS_UNCERTAIN_WEIGHT`]. When the phrase has brackets (`web of objects (IoT)`), short
/// bracketed groups of the expected phrase are kept, a closing group of the phrase is
/// carried over to an expected phrase without one, and punctuation before the phrase's
/// first word or after its last is cut from the correction, as it stays in the text
/// around a match.
///
/// # What is not loaded, and how that is reported
///
/// I/O errors, invalid UTF-8, an unclosed CSV quote and malformed JSON are errors naming
/// the line. Rows that cannot become a sound entry are *skipped and listed* in the
/// [`PpsReport`] with their line and a [`SkipReason`]: a query the parser does not
/// understand, no expected phrase (an empty field, or nothing left once notes are cut),
/// an explanatory note instead of a phrase, a context term leaked into the list (the
/// phrase is part of its own expected phrase, as in `neural network -> [neural network]
/// layer outputs`), or an entry that fails validation. A row whose expected phrase is
/// unknown (`???`) is not skipped: it loads as a [flag-only](crate::Entry::flag_only)
/// entry, counted in [`PpsReport::flag_only`].
/// The report also carries the list's SHA-256 (what `sha256sum` prints for the file) and
/// version, so a screening result can say which list produced it.
#[derive(Clone, Debug, PartialEq)]
pub struct PpsList {
    /// One entry per (anchor phrase, expected alternative).
    pub lexicon: Lexicon,
    /// What was loaded and what was not.
    pub report: PpsReport,
}

impl PpsList {
    /// Load a list file, choosing the format by extension: `.csv` raw export, `.json`
    /// cleaned pairs. Errors name the path (and line).
    pub fn load(path: impl AsRef<Path>) -> Result<PpsList> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let format = match ext.as_deref() {
            Some("csv") => PpsFormat::RawCsv,
            Some("json") => PpsFormat::PairsJson,
            _ => {
                return Err(Error::lexicon(
                    &name,
                    0,
                    None,
                    "a PPS list must end in .csv (raw export) or .json (cleaned pairs)",
                ))
            }
        };
        let file = std::fs::File::open(path).map_err(|error| Error::Io {
            source_name: name.clone(),
            error,
        })?;
        let reader = std::io::BufReader::new(file);
        match format {
            PpsFormat::RawCsv => Lexicon::from_pps_csv(reader, &name),
            PpsFormat::PairsJson => Lexicon::from_pps_json(reader, &name),
        }
    }
}

impl Lexicon {
    /// Read a raw PPS CSV export (see the [`PpsList`] docs for what is loaded).
    ///
    /// ```
    /// let csv = "tortured_phrase,expected_phrase,num_papers\n\
    ///            \"\"\"profound learning\"\" AND \"\"deep learning\"\"\",deep learning,\"1,500\"\n\
    ///            \"\"\"bosom peril\"\"\",breast cancer,12\n\
    ///            \"\"\"mystery\"\" title:x\",secret,1\n";
    /// let list = despin::Lexicon::from_pps_csv(csv.as_bytes(), "mine.csv").unwrap();
    /// assert_eq!((list.report.rows, list.report.loaded_rows), (3, 2));
    /// assert_eq!(list.report.skipped[0].line, 4);
    /// assert_eq!(list.report.id.sha256.len(), 64);
    /// ```
    pub fn from_pps_csv(reader: impl Read, source_name: &str) -> Result<PpsList> {
        let (text, sha256) = read_all(reader, source_name)?;
        let records = parse_csv(&text, source_name)?;
        let mut loader = Loader::new(source_name, PpsFormat::RawCsv, sha256, None);
        let mut first = true;
        for (line, cells) in records {
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            if std::mem::take(&mut first) && is_header(&cells) {
                continue;
            }
            loader.report.rows += 1;
            if cells.len() < 2 {
                loader.skip(
                    line,
                    cells.first().map_or("", String::as_str),
                    SkipReason::Malformed(format!(
                        "expected `query,expected_phrase[,count]`, found {} column",
                        cells.len()
                    )),
                );
                continue;
            }
            loader.query_row(line, &cells[0], &cells[1]);
        }
        Ok(loader.finish())
    }

    /// Read a cleaned PPS pairs JSON list (see the [`PpsList`] docs).
    ///
    /// ```
    /// let json = r#"{"version": "1.0", "phrases": [
    ///   {"tortured": "counterfeit consciousness", "correct": "artificial intelligence"},
    ///   {"tortured": "neural network", "correct": "[neural network] layer outputs"}]}"#;
    /// let list = despin::Lexicon::from_pps_json(json.as_bytes(), "pairs.json").unwrap();
    /// assert_eq!(list.lexicon.len(), 1);
    /// assert_eq!(list.report.skipped[0].line, 3);
    /// assert_eq!(list.report.id.version.as_deref(), Some("1.0"));
    /// ```
    pub fn from_pps_json(reader: impl Read, source_name: &str) -> Result<PpsList> {
        use serde_json::value::RawValue;
        #[derive(Deserialize)]
        struct Header<'a> {
            #[serde(borrow)]
            phrases: Vec<&'a RawValue>,
            version: Option<String>,
            #[serde(rename = "lastUpdated")]
            last_updated: Option<String>,
        }
        #[derive(Deserialize)]
        struct Pair {
            tortured: String,
            correct: String,
        }
        let (text, sha256) = read_all(reader, source_name)?;
        let json_error = |e: serde_json::Error| {
            Error::lexicon(
                source_name,
                e.line(),
                None,
                format!("malformed PPS pairs JSON: {e}"),
            )
        };
        let (items, version) = if text.trim_start().starts_with('[') {
            let items: Vec<&RawValue> = serde_json::from_str(&text).map_err(json_error)?;
            (items, None)
        } else {
            let h: Header = serde_json::from_str(&text).map_err(json_error)?;
            let version = match (h.version, h.last_updated) {
                (Some(v), Some(d)) => Some(format!("{v} ({d})")),
                (v, d) => v.or(d),
            };
            (h.phrases, version)
        };
        let mut loader = Loader::new(source_name, PpsFormat::PairsJson, sha256, version);
        for raw in items {
            // `raw` borrows from `text`, so its address gives its line.
            let offset = (raw.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
            let line = 1 + text
                .get(..offset)
                .map_or(0, |before| before.bytes().filter(|&b| b == b'\n').count());
            loader.report.rows += 1;
            match serde_json::from_str::<Pair>(raw.get()) {
                Ok(pair) => {
                    let tortured = pair.tortured.trim();
                    if tortured.contains('"') {
                        // Some copies keep a query in the tortured field: honour it.
                        loader.query_row(line, tortured, &pair.correct);
                    } else {
                        loader.phrase_row(line, tortured, tortured, None, &pair.correct);
                    }
                }
                Err(e) => {
                    let snippet: String = raw.get().chars().take(80).collect();
                    loader.skip(line, &snippet, SkipReason::Malformed(e.to_string()));
                }
            }
        }
        Ok(loader.finish())
    }
}

fn read_all(mut reader: impl Read, source_name: &str) -> Result<(String, String)> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(|error| Error::Io {
        source_name: source_name.to_owned(),
        error,
    })?;
    let sha256 = crate::lexicon::sha256::hex_digest(&bytes);
    let text = String::from_utf8(bytes).map_err(|e| {
        let bad = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = 1 + bytes[..bad].iter().filter(|&&b| b == b'\n').count();
        let start = bytes[..bad]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        Error::lexicon(
            source_name,
            line,
            None,
            format!("invalid UTF-8 at byte {} of the line", bad - start + 1),
        )
    })?;
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    Ok((text, sha256))
}

/// RFC 4180 records with the line each starts on. Lenient about a stray quote inside an
/// unquoted field (kept as text); an unclosed quoted field is an error.
fn parse_csv(text: &str, source_name: &str) -> Result<Vec<(usize, Vec<String>)>> {
    let mut records = Vec::new();
    let mut cells: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut line = 1;
    let mut record_line = 1;
    let mut quoted = false;
    let mut quote_line = 0;
    let mut at_cell_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    cell.push(c);
                }
                _ => cell.push(c),
            }
            continue;
        }
        match c {
            '"' if at_cell_start => {
                quoted = true;
                quote_line = line;
                at_cell_start = false;
            }
            ',' => {
                cells.push(std::mem::take(&mut cell));
                at_cell_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                cells.push(std::mem::take(&mut cell));
                records.push((record_line, std::mem::take(&mut cells)));
                line += 1;
                record_line = line;
                at_cell_start = true;
            }
            _ => {
                cell.push(c);
                at_cell_start = false;
            }
        }
    }
    if quoted {
        return Err(Error::lexicon(
            source_name,
            quote_line,
            None,
            "unclosed quoted CSV field (runs to the end of the file)",
        ));
    }
    if !cell.is_empty() || !cells.is_empty() {
        cells.push(cell);
        records.push((record_line, cells));
    }
    Ok(records)
}

fn is_header(cells: &[String]) -> bool {
    let first = cells.first().map(|c| c.to_lowercase()).unwrap_or_default();
    !first.contains('"') && (first.contains("tortured") || first.contains("fingerprint"))
}

struct Loader {
    lexicon: Lexicon,
    report: PpsReport,
    /// (spun key, original key) -> position in `lexicon.entries`.
    seen: HashMap<(String, String), usize>,
}

impl Loader {
    fn new(
        source_name: &str,
        format: PpsFormat,
        sha256: String,
        version: Option<String>,
    ) -> Loader {
        Loader {
            lexicon: Lexicon::new(),
            report: PpsReport {
                id: ListId {
                    source_name: source_name.to_owned(),
                    format,
                    sha256,
                    version,
                    entries: 0,
                },
                rows: 0,
                loaded_rows: 0,
                skipped: Vec::new(),
                merged_duplicates: 0,
                flag_only: 0,
            },
            seen: HashMap::new(),
        }
    }

    fn skip(&mut self, line: usize, fingerprint: &str, reason: SkipReason) {
        self.report.skipped.push(SkippedRow {
            line,
            fingerprint: fingerprint.to_owned(),
            reason,
        });
    }

    fn query_row(&mut self, line: usize, query: &str, expected: &str) {
        let query = query.trim();
        let condition = match Condition::parse(query) {
            Ok(c) => c,
            Err(e) => return self.skip(line, query, SkipReason::QuerySyntax(e.to_string())),
        };
        let anchors = condition.anchors();
        if anchors.is_empty() {
            return self.skip(line, query, SkipReason::NoAnchor);
        }
        let before = self.lexicon.len() + self.report.merged_duplicates;
        for anchor in anchors {
            let condition = (!condition.is_just(&anchor)).then(|| condition.clone());
            self.phrase_row_inner(line, query, &anchor, condition, expected);
        }
        if self.lexicon.len() + self.report.merged_duplicates > before {
            self.report.loaded_rows += 1;
        }
    }

    fn phrase_row(
        &mut self,
        line: usize,
        fingerprint: &str,
        phrase: &str,
        condition: Option<Condition>,
        expected: &str,
    ) {
        let before = self.lexicon.len() + self.report.merged_duplicates;
        self.phrase_row_inner(line, fingerprint, phrase, condition, expected);
        if self.lexicon.len() + self.report.merged_duplicates > before {
            self.report.loaded_rows += 1;
        }
    }

    fn phrase_row_inner(
        &mut self,
        line: usize,
        fingerprint: &str,
        phrase: &str,
        condition: Option<Condition>,
        expected: &str,
    ) {
        // Trimmed once: every position below is a position in this string.
        let phrase = phrase.trim();
        let phrase_key = normalize_key_words(phrase);
        let raw_keys = normalize_key_words(expected);
        if !phrase_key.is_empty() && format!(" {raw_keys} ").contains(&format!(" {phrase_key} ")) {
            return self.skip(
                line,
                fingerprint,
                SkipReason::ContextTerm(format!("{phrase:?} is part of {expected:?}")),
            );
        }
        let bracketed = phrase.contains(['(', '[']);
        let (mut alternatives, uncertain) = match clean_expected(expected, bracketed) {
            Ok(x) => x,
            // `???`: the list knows the phrase is tortured but not what it replaced. A
            // flag-only entry (empty original) reports it and counts it, never rewrites it.
            Err(SkipReason::NoExpectedPhrase) if expected.contains("??") => {
                (vec![String::new()], false)
            }
            Err(reason) => return self.skip(line, fingerprint, reason),
        };
        // A flag-only entry has no correction to fit to the phrase's brackets.
        let flag_only = alternatives.iter().all(String::is_empty);
        if bracketed && !flag_only {
            // A match covers the phrase's first word to its last, so punctuation before
            // the first word (`[` of `[C=O] bunches`) and after the last (`.` of
            // `et al.`) stays in the text: it is cut from the replacement, or the
            // corrected text would have it twice (`[[C=O] groups`).
            let head_end = phrase.find(char::is_alphanumeric).unwrap_or(0);
            let tail_at = phrase
                .rfind(char::is_alphanumeric)
                .map_or(phrase.len(), |i| {
                    i + phrase[i..].chars().next().map_or(1, char::len_utf8)
                });
            let head = &phrase[..head_end];
            // Closing brackets that close what the phrase's words opened (`)` of
            // `(IoT)`) are inside the match: the matcher widens a span over them
            // (`matching::pass::close_brackets`), so they stay in the replacement.
            let words = &phrase[head_end..tail_at.max(head_end)];
            let (mut round, mut square) = unclosed_brackets(words);
            let mut tail = &phrase[tail_at.max(head_end)..];
            loop {
                if round > 0 && tail.starts_with(')') {
                    round -= 1;
                } else if square > 0 && tail.starts_with(']') {
                    square -= 1;
                } else {
                    break;
                }
                tail = &tail[1..];
            }
            // A closing bracket group of the phrase (`(IoT)`), carried over to an
            // expected phrase without one: `internet of things (IoT)`.
            let group = phrase
                .rfind(['(', '['])
                .filter(|&at| at > head_end && phrase.ends_with([')', ']']))
                .map(|at| &phrase[at..]);
            for alt in &mut alternatives {
                if let Some(group) = group {
                    if !alt.contains(['(', '[']) {
                        alt.push(' ');
                        alt.push_str(group);
                    }
                }
                if !tail.is_empty() && alt.ends_with(tail) && alt.len() > tail.len() {
                    alt.truncate(alt.len() - tail.len());
                }
                if !head.is_empty() && alt.starts_with(head) && alt.len() > head.len() {
                    alt.drain(..head.len());
                }
            }
        }
        let weight = if uncertain {
            PPS_UNCERTAIN_WEIGHT
        } else {
            PPS_WEIGHT
        };
        for original in alternatives {
            let entry = Entry {
                spun: phrase.to_owned(),
                original,
                family: Family::TorturedScience,
                weight,
                condition: condition.clone(),
                context: Vec::new(),
            };
            if let Err((_, message)) = entry.validate() {
                self.skip(line, fingerprint, SkipReason::Invalid(message));
                continue;
            }
            let key = (normalize_key(&entry.spun), normalize_key(&entry.original));
            match self.seen.get(&key) {
                Some(&i) => {
                    self.report.merged_duplicates += 1;
                    let mut merged = self.lexicon.entries[i].clone();
                    merged.condition = match (&merged.condition, &entry.condition) {
                        (Some(a), Some(b)) if a != b => Some(a.or(b)),
                        (Some(a), Some(_)) => Some(a.clone()),
                        _ => None,
                    };
                    merged.weight = merged.weight.max(entry.weight);
                    self.lexicon.insert(merged);
                }
                None => {
                    self.seen.insert(key, self.lexicon.len());
                    self.lexicon.insert(entry);
                }
            }
        }
    }

    fn finish(mut self) -> PpsList {
        self.report.id.entries = self.lexicon.len();
        self.report.flag_only = self
            .lexicon
            .entries()
            .iter()
            .filter(|e| e.is_flag_only())
            .count();
        PpsList {
            lexicon: self.lexicon,
            report: self.report,
        }
    }
}

/// Byte position of the first occurrence of the ASCII `needle` in `haystack`, ignoring
/// ASCII case. An ASCII byte never occurs inside a multi-byte UTF-8 sequence, so the
/// position is a char boundary of `haystack`.
fn find_ascii_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    debug_assert!(needle.is_ascii());
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    if n.is_empty() {
        return Some(0);
    }
    h.windows(n.len()).position(|w| w.eq_ignore_ascii_case(n))
}

/// Clean an expected-phrase field into one or more replacement phrases, and say whether
/// the list marks it uncertain.
fn clean_expected(
    raw: &str,
    keep_short_brackets: bool,
) -> std::result::Result<(Vec<String>, bool), SkipReason> {
    let mut s = raw.replace("\\\"", "\"").replace('\u{a0}', " ");
    if s.contains("??") || s.trim().is_empty() {
        return Err(SkipReason::NoExpectedPhrase);
    }
    // Notes after a reference: ", see ...", "(see ...", URLs. Searched in `s` itself, not
    // in a lower-cased copy: lower-casing can change byte lengths (`ẞ` -> `ß`), so a
    // position found there is not a position in `s`.
    let cut = [", see ", "(see ", "see http", "http"]
        .iter()
        .filter_map(|m| find_ascii_ignore_case(&s, m))
        .min();
    if let Some(cut) = cut {
        s.truncate(cut);
    }
    let uncertain = s.contains('?');
    // Drop bracketed notes (an unclosed bracket runs to the end). When the phrase itself
    // has brackets (`web of things (IoT)`), short groups such as `(IoT)` are kept.
    let mut out = String::with_capacity(s.len());
    let mut group = String::new();
    let mut depth = 0usize;
    // The bracket that opened the outermost group: a kept group keeps its kind (`[C=O]`
    // stays `[C=O]`, so it can be matched against the phrase's own bracket).
    let mut opened = '(';
    for c in s.chars() {
        match c {
            '(' | '[' => {
                if depth == 0 {
                    opened = c;
                }
                depth += 1;
                group.clear();
            }
            ')' | ']' => {
                if depth == 1
                    && keep_short_brackets
                    && !group.contains('?')
                    && (1..=3).contains(&tokenize(&group).len())
                {
                    let (open, close) = if opened == '[' {
                        ('[', ']')
                    } else {
                        ('(', ')')
                    };
                    out.push(open);
                    out.push_str(group.trim());
                    out.push(close);
                }
                depth = depth.saturating_sub(1);
            }
            '?' | '"' => {}
            _ if depth == 0 => out.push(c),
            _ => group.push(c),
        }
    }
    let cleaned = out.split_whitespace().collect::<Vec<_>>().join(" ");
    let cleaned = cleaned
        .trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '.' | ' ' | '/'))
        .to_owned();
    if tokenize(&cleaned).is_empty() {
        return Err(SkipReason::NoExpectedPhrase);
    }
    if cleaned.contains(['‘', '’']) || tokenize(&cleaned).len() > 6 {
        return Err(SkipReason::ExpectedIsNote(raw.to_owned()));
    }
    let mut alternatives = Vec::new();
    for alt in cleaned.split(" / ") {
        let words: Vec<&str> = alt.split_whitespace().collect();
        match words.iter().position(|w| w.contains('/')) {
            Some(i) => {
                for option in words[i].split('/').filter(|o| !o.is_empty()) {
                    let mut w = words.clone();
                    w[i] = option;
                    alternatives.push(w.join(" "));
                }
            }
            None => alternatives.push(words.join(" ")),
        }
    }
    let mut result: Vec<String> = Vec::new();
    for alt in alternatives {
        let cased = alt
            .split(' ')
            .map(|w| {
                if w.chars().filter(|c| c.is_uppercase()).count() >= 2 {
                    w.to_owned()
                } else {
                    w.to_lowercase()
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        let cased = cased.trim().to_owned();
        if !tokenize(&cased).is_empty() && !result.contains(&cased) {
            result.push(cased);
        }
    }
    if result.is_empty() {
        return Err(SkipReason::NoExpectedPhrase);
    }
    Ok((result, uncertain))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_expected_phrases() {
        let ok = |raw: &str| clean_expected(raw, false).unwrap();
        assert_eq!(
            ok("back propagation (BP)"),
            (vec!["back propagation".into()], false)
        );
        assert_eq!(ok("beat pattern (?)"), (vec!["beat pattern".into()], true));
        assert_eq!(ok("[neural network] layer outputs").0, ["layer outputs"]);
        assert_eq!(
            ok("fault detection/diagnosis").0,
            ["fault detection", "fault diagnosis"]
        );
        assert_eq!(
            ok("older adults / seniors / elderly people?").0,
            ["older adults", "seniors", "elderly people"]
        );
        assert_eq!(
            ok("social influence, see https://en.wikipedia.org/wiki/X").0,
            ["social influence"]
        );
        assert_eq!(ok("GB RAM (memory)").0, ["GB RAM"]);
        let keep = clean_expected("Internet of Things (IoT) (a long note about it here)", true);
        assert_eq!(keep.unwrap().0, ["internet of things (IoT)"]);
        assert_eq!(ok("Analysis Method").0, ["analysis method"]);
        assert_eq!(
            ok(r#"\"information technology (it)\""#).0,
            ["information technology"]
        );
        assert_eq!(
            clean_expected("???", false),
            Err(SkipReason::NoExpectedPhrase)
        );
        assert_eq!(
            clean_expected("?? value", false),
            Err(SkipReason::NoExpectedPhrase)
        );
        assert!(matches!(
            clean_expected("Means the verb ‘are’ here, see https://x", false),
            Err(SkipReason::ExpectedIsNote(_))
        ));
    }

    #[test]
    fn notes_are_cut_where_they_start_when_lower_casing_changes_lengths() {
        // `ẞ` (3 bytes) lower-cases to `ß` (2 bytes), KELVIN SIGN (3 bytes) to `k` (1 byte):
        // a cut found in a lower-cased copy fell inside a char here and panicked.
        let ok = |raw: &str| clean_expected(raw, false).unwrap().0;
        assert_eq!(ok("ẞẞ, see y"), ["ẞẞ"]);
        assert_eq!(
            ok("\u{212a}\u{212a}\u{212a} x, see y"),
            ["\u{212a}\u{212a}\u{212a} x"]
        );
        // ... and elsewhere cut at the wrong place (`ẞ a` instead of `ẞ ab`).
        assert_eq!(ok("ẞ ab, see x"), ["ß ab"]);
        assert_eq!(ok("Maß ẞ cd HTTPS://x"), ["maß ß cd"]);
        assert_eq!(ok("ab (SEE x)"), ["ab"]);
        let csv = "\"\"\"a b\"\"\",\"ẞẞ, see y\",1\n";
        let list = Lexicon::from_pps_csv(csv.as_bytes(), "t.csv").unwrap();
        assert_eq!(list.lexicon.entries()[0].original, "ẞẞ");
    }

    #[test]
    fn brackets_around_the_phrase_are_not_repeated_in_the_correction() {
        let csv = "\"\"\"[C=O] bunches\"\"\",[C=O] groups,7\n\
                   \"\"\"  web of objects (IoT)\"\"\",Internet of Things,7\n\
                   \"\"\"[C=O] heaps\"\"\",carbonyl groups,1\n";
        let list = Lexicon::from_pps_csv(csv.as_bytes(), "t.csv").unwrap();
        let got: Vec<(&str, &str)> = list
            .lexicon
            .entries()
            .iter()
            .map(|e| (e.spun.as_str(), e.original.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("[C=O] bunches", "C=O] groups"),
                ("web of objects (IoT)", "internet of things (IoT)"),
                ("[C=O] heaps", "carbonyl groups"),
            ]
        );
    }

    #[test]
    fn csv_records_span_lines_and_unclosed_quotes_fail() {
        let r = parse_csv("a,\"b\nc\",d\r\ne,f\n", "t").unwrap();
        assert_eq!(r[0], (1, vec!["a".into(), "b\nc".into(), "d".into()]));
        assert_eq!(r[1], (3, vec!["e".into(), "f".into()]));
        let e = parse_csv("a,b\nc,\"d\n", "t.csv").unwrap_err().to_string();
        assert!(e.starts_with("t.csv:2: unclosed"), "{e}");
    }
}
