//! The JSON record: one analysed text in the shape the `despin` command prints, as a type
//! that serialises and deserialises, so the library, the command and other tools speak
//! one format. Also the input side of JSON lines ([`InputRecord`]) and the answer for a
//! line that could not be read ([`RecordError`]).

use crate::family::Family;
use crate::finding::{Finding, Tier};
use crate::lexicon::ListId;
use crate::scoring::paper::{PaperScreen, PaperVerdict};
use crate::scoring::score::{Report, SectionScore};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;

mod json;

/// One analysed text as the `despin` command prints it with `--json` or `--jsonl`: the
/// JSON contract.
///
/// ```json
/// {"findings": [{"candidates": ["round"], "confidence": 0.9, "end": 19, "family": "news-spinner",
///                "in_quote": false, "original": "round", "start": 10, "text": "spherical",
///                "tier": "exact"}],
///  "id": 1, "reconstructed": "...", "score": 0.97, "sections": [], "spun": true,
///  "unaccepted": [], "words": 180}
/// ```
///
/// Fields serialise in alphabetical order, the order the command has always written;
/// scores and confidences are rounded to three decimals. `paper` is written only when the
/// text was screened as a paper. Reading accepts any field order, ignores fields it does
/// not know (so output of a later version reads), and fills `sections`, `unaccepted`,
/// `candidates` and `in_quote` with their defaults when absent.
///
/// Build one with [`Record::from_report`] or
/// [`Detector::record`](crate::Detector::record); read `despin --jsonl` output back with
/// [`Answer`] (a line is a record or a [`RecordError`]):
///
/// ```
/// let detector = despin::Detector::builtin();
/// let text = "The minister mentioned the 3rd spherical of talks would start final yr.";
/// let record = detector.record(serde_json::json!("a-1"), text);
/// let line = serde_json::to_string(&record).unwrap();
/// // What a caller reading `despin --jsonl` output does with each line:
/// let back: despin::Answer = serde_json::from_str(&line).unwrap();
/// let back = back.into_result().unwrap();
/// assert_eq!(back, record);
/// assert_eq!(back.reconstructed, "The minister said the 3rd round of talks would start last year.");
/// assert_eq!(&text[back.findings[0].start..back.findings[0].end], back.findings[0].text);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Record {
    /// The findings that are rewritten (accepted), in text order.
    pub findings: Vec<RecordFinding>,
    /// The input record's `id` as a JSON value (`null` when it had none). Strings, booleans,
    /// arrays, objects and 64-bit integers come back as they were; other numbers come back
    /// as the nearest double (`1.10` as `1.1`).
    #[serde(default)]
    pub id: Value,
    /// The paper screen, when the text was screened as a paper (`despin --paper`,
    /// [`Detector::paper_record`](crate::Detector::paper_record)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paper: Option<PaperRecord>,
    /// The text with the accepted findings rewritten.
    pub reconstructed: String,
    /// The passage score ([`Score::score`](crate::Score::score)), rounded to three decimals.
    pub score: f64,
    /// For a long text, its worst-scoring sections, worst first; empty otherwise.
    #[serde(default)]
    pub sections: Vec<RecordSection>,
    /// The verdict: `score` reached the detector's spun threshold.
    pub spun: bool,
    /// Findings reported but not rewritten (too weak alone, inside a quotation, or in a
    /// passage not judged spun under
    /// [`rewrite_scope`](crate::DetectorBuilder::rewrite_scope)).
    #[serde(default)]
    pub unaccepted: Vec<RecordFinding>,
    /// Words in the text.
    pub words: usize,
}

/// One finding of a [`Record`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RecordFinding {
    /// Every candidate original, best first ([`Finding::candidates`](field@Finding::candidates)).
    #[serde(default)]
    pub candidates: Vec<String>,
    /// [`Finding::confidence`](field@Finding::confidence), rounded to three decimals.
    pub confidence: f64,
    /// Byte offset in the UTF-8 text where the finding ends.
    pub end: usize,
    /// The family of the best candidate (serialised as its label).
    pub family: Family,
    /// True inside a quotation.
    #[serde(default)]
    pub in_quote: bool,
    /// The best candidate original (what reconstruction writes).
    pub original: String,
    /// Byte offset in the UTF-8 text where the finding starts.
    pub start: usize,
    /// The matched text, exactly as in the input (`&input[start..end]`).
    pub text: String,
    /// How it was matched (serialised as its label, e.g. `"exact"`).
    pub tier: Tier,
}

/// One scored section of a long text ([`SectionScore`](crate::SectionScore)).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RecordSection {
    /// Byte offset where the section's last word ends.
    pub end: usize,
    /// The section's own score, rounded to three decimals.
    pub score: f64,
    /// Byte offset where the section's first word starts.
    pub start: usize,
    /// Words in the section.
    pub words: usize,
}

/// The paper screen of a [`Record`]: a [`PaperScreen`] with every place a fingerprint
/// fired given with its line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PaperRecord {
    /// Distinct fingerprints that fired.
    pub distinct: usize,
    /// Accepted fingerprint findings.
    pub findings: usize,
    /// The fingerprints that fired, most occurrences first.
    pub fingerprints: Vec<FingerprintRecord>,
    /// The lists the detector was built from: name, format, SHA-256, version, entries.
    pub lists: Vec<ListId>,
    /// Fingerprint findings per 1,000 words, rounded to three decimals.
    pub per_1000_words: f64,
    /// The verdict (`"clean"`, `"suspicious"` or `"problematic"`).
    pub verdict: PaperVerdict,
    /// Words in the paper.
    pub words: usize,
}

/// One fingerprint that fired in a paper ([`FiredFingerprint`](crate::FiredFingerprint)).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FingerprintRecord {
    /// The highest confidence among its findings, rounded to three decimals.
    pub confidence: f64,
    /// The suggested correction at the first occurrence.
    pub expected: String,
    /// The fingerprint as listed: its query if it has one, else its phrase.
    pub fingerprint: String,
    /// Every place it fired, in text order.
    pub occurrences: Vec<Occurrence>,
    /// The listed phrases that matched, in order of first occurrence.
    pub phrases: Vec<String>,
    /// The most certain tier it fired with.
    pub tier: Tier,
}

/// Where a fingerprint fired: byte offsets and the 1-based line of its start.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Occurrence {
    /// Byte offset where the match ends.
    pub end: usize,
    /// 1-based line (counting `\n`) where the match starts.
    pub line: usize,
    /// Byte offset where the match starts.
    pub start: usize,
}

/// The answer for an input line that could not be read: `{"error": "...", "id": ...,
/// "line": N}`, `id` present only when the line's `id` could be read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordError {
    /// What is wrong with the line (`malformed JSON: ...`, `missing field "text"`,
    /// `invalid UTF-8 at byte N of the line`, ...).
    pub error: String,
    /// The line's `id`, when the line is a JSON object with a non-null `id` (also when
    /// only its `text` is bad, or when the bad UTF-8 is elsewhere on the line).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Value>,
    /// 1-based line number in the input.
    pub line: usize,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.error)
    }
}

impl std::error::Error for RecordError {}

/// One line of `despin --jsonl` output read back: a [`Record`] or, in the place of a line
/// that could not be read, a [`RecordError`].
///
/// ```
/// let line = r#"{"error":"missing field \"text\"","id":9,"line":3}"#;
/// let answer: despin::Answer = serde_json::from_str(line).unwrap();
/// let error = answer.into_result().unwrap_err();
/// assert_eq!((error.line, error.id), (3, Some(serde_json::json!(9))));
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    /// An analysed text.
    Record(Box<Record>),
    /// A line that could not be read.
    Error(RecordError),
}

impl Answer {
    /// The record, or the error in its place.
    pub fn into_result(self) -> Result<Record, RecordError> {
        match self {
            Answer::Record(r) => Ok(*r),
            Answer::Error(e) => Err(e),
        }
    }
}

impl From<Result<Record, RecordError>> for Answer {
    fn from(r: Result<Record, RecordError>) -> Answer {
        match r {
            Ok(r) => Answer::Record(Box::new(r)),
            Err(e) => Answer::Error(e),
        }
    }
}

/// An input line that holds `text` and at most `id`: [`InputRecord::parse`]'s fast path.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IdAndText {
    #[serde(default)]
    id: Value,
    text: String,
}

/// One input line of JSON lines: `{"id": ..., "text": "..."}` (`id` is any JSON value and
/// optional; other fields are ignored).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InputRecord {
    /// Carried to the answer as a JSON value (`null` when absent; see [`Record::id`]).
    #[serde(default)]
    pub id: Value,
    /// The text to analyse.
    pub text: String,
}

impl InputRecord {
    /// Read one input line (with or without its line end); `line` is its 1-based number,
    /// used in the error. `Ok(None)` for a blank line (only whitespace).
    ///
    /// ```
    /// use despin::InputRecord;
    /// let r = InputRecord::parse(br#"{"id": 7, "text": "final yr"}"#, 1).unwrap().unwrap();
    /// assert_eq!((r.id, r.text.as_str()), (serde_json::json!(7), "final yr"));
    /// assert_eq!(InputRecord::parse(b"  \r\n", 2).unwrap(), None);
    /// let e = InputRecord::parse(br#"{"id": 9}"#, 3).unwrap_err();
    /// assert_eq!((e.line, e.id, e.error.as_str()), (3, Some(serde_json::json!(9)), "missing field \"text\""));
    /// ```
    pub fn parse(line: &[u8], line_no: usize) -> Result<Option<InputRecord>, RecordError> {
        let fail = |error: String, id: Option<Value>| RecordError {
            error,
            id,
            line: line_no,
        };
        let text = match std::str::from_utf8(line) {
            Ok(text) => text,
            Err(e) => {
                // The id may still be readable when the bad bytes are elsewhere.
                let lossy = String::from_utf8_lossy(line);
                let id = serde_json::from_str::<Value>(lossy.trim())
                    .ok()
                    .and_then(|mut v| v.as_object_mut().and_then(|o| o.remove("id")))
                    .filter(|id| !id.is_null());
                let at = e.valid_up_to() + 1;
                return Err(fail(format!("invalid UTF-8 at byte {at} of the line"), id));
            }
        };
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        // The common case, a line of `id` and `text` only, read straight into the record.
        // Any other line (another field, a duplicate, a `text` that is not a string, bad
        // JSON) is read again below as a `Value`, which decides it and words the error:
        // other fields must be read as values too, since skipping one would let through
        // what a `Value` refuses (a lone surrogate, a number out of range, deep nesting).
        // Only an object: the derived reader would also take an array `[id, text]`.
        if text.starts_with('{') {
            if let Ok(IdAndText { id, text }) = serde_json::from_str(text) {
                return Ok(Some(InputRecord { id, text }));
            }
        }
        let mut value: Value =
            serde_json::from_str(text).map_err(|e| fail(format!("malformed JSON: {e}"), None))?;
        let Some(object) = value.as_object_mut() else {
            return Err(fail(
                "expected a JSON object with a \"text\" field".into(),
                None,
            ));
        };
        let id = object.remove("id").unwrap_or(Value::Null);
        match object.remove("text") {
            Some(Value::String(text)) => Ok(Some(InputRecord { id, text })),
            Some(_) => Err(fail(
                "field \"text\" is not a string".into(),
                Some(id).filter(|id| !id.is_null()),
            )),
            None => Err(fail(
                "missing field \"text\"".into(),
                Some(id).filter(|id| !id.is_null()),
            )),
        }
    }
}

/// `x` rounded to three decimals, as records carry scores and confidences.
pub(crate) fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

impl RecordFinding {
    /// The record of one finding.
    pub fn of(f: &Finding) -> RecordFinding {
        RecordFinding {
            candidates: f.candidates().map(str::to_owned).collect(),
            confidence: f.confidence(),
            end: f.end(),
            family: f.family().clone(),
            in_quote: f.in_quote(),
            original: f.original().to_owned(),
            start: f.start(),
            text: f.text().to_owned(),
            tier: f.tier(),
        }
    }
}

/// The fields of a [`RecordFinding`], read from what the JSON of a finding is written
/// from: the record itself, or a [`Finding`] (then this is the mapping
/// [`RecordFinding::of`] makes, written without building the record first).
pub(crate) trait FindingFields {
    /// [`RecordFinding::candidates`].
    fn candidates(&self) -> impl Iterator<Item = &str>;
    /// [`RecordFinding::confidence`].
    fn confidence(&self) -> f64;
    /// [`RecordFinding::end`].
    fn end(&self) -> usize;
    /// [`RecordFinding::family`].
    fn family(&self) -> &Family;
    /// [`RecordFinding::in_quote`].
    fn in_quote(&self) -> bool;
    /// [`RecordFinding::original`].
    fn original(&self) -> &str;
    /// [`RecordFinding::start`].
    fn start(&self) -> usize;
    /// [`RecordFinding::text`].
    fn text(&self) -> &str;
    /// [`RecordFinding::tier`].
    fn tier(&self) -> Tier;
}

/// Every field of a [`RecordFinding`] named: a field added to it stops this compiling
/// until [`FindingFields`] (which the JSON writer reads) has it too.
#[allow(dead_code)]
fn every_finding_field_is_written(f: &RecordFinding) {
    let RecordFinding {
        candidates: _,
        confidence: _,
        end: _,
        family: _,
        in_quote: _,
        original: _,
        start: _,
        text: _,
        tier: _,
    } = f;
}

impl FindingFields for RecordFinding {
    fn candidates(&self) -> impl Iterator<Item = &str> {
        self.candidates.iter().map(String::as_str)
    }
    fn confidence(&self) -> f64 {
        self.confidence
    }
    fn end(&self) -> usize {
        self.end
    }
    fn family(&self) -> &Family {
        &self.family
    }
    fn in_quote(&self) -> bool {
        self.in_quote
    }
    fn original(&self) -> &str {
        &self.original
    }
    fn start(&self) -> usize {
        self.start
    }
    fn text(&self) -> &str {
        &self.text
    }
    fn tier(&self) -> Tier {
        self.tier
    }
}

impl FindingFields for Finding {
    fn candidates(&self) -> impl Iterator<Item = &str> {
        self.candidates.iter().map(|c| &*c.original)
    }
    fn confidence(&self) -> f64 {
        round3(self.confidence as f64)
    }
    fn end(&self) -> usize {
        self.span.end
    }
    fn family(&self) -> &Family {
        &self.family
    }
    fn in_quote(&self) -> bool {
        self.in_quote
    }
    fn original(&self) -> &str {
        Finding::original(self)
    }
    fn start(&self) -> usize {
        self.span.start
    }
    fn text(&self) -> &str {
        &self.text
    }
    fn tier(&self) -> Tier {
        self.tier
    }
}

impl RecordSection {
    /// The record of one section's score.
    fn of(s: &SectionScore) -> RecordSection {
        RecordSection {
            end: s.span.end,
            score: round3(s.score),
            start: s.span.start,
            words: s.words,
        }
    }
}

impl Record {
    /// The record of `text` (the text `report` was made from) under `id`: accepted
    /// findings in `findings`, the others in `unaccepted`, and the reconstruction.
    pub fn from_report(id: Value, text: &str, report: &Report) -> Record {
        let (accepted, unaccepted): (Vec<&Finding>, Vec<&Finding>) =
            report.findings.iter().partition(|f| f.accepted);
        Record {
            findings: accepted.into_iter().map(RecordFinding::of).collect(),
            id,
            paper: None,
            reconstructed: report.reconstruct(text).text,
            score: round3(report.score.score),
            sections: report
                .score
                .sections
                .iter()
                .map(RecordSection::of)
                .collect(),
            spun: report.score.spun,
            unaccepted: unaccepted.into_iter().map(RecordFinding::of).collect(),
            words: report.score.words,
        }
    }

    /// The same record with the paper screen of its text (`text` is the text the screen
    /// was made from; it gives the lines).
    pub fn with_paper(mut self, text: &str, screen: &PaperScreen) -> Record {
        self.paper = Some(PaperRecord::of(text, screen));
        self
    }
}

impl PaperRecord {
    /// The record of `screen`, made from `text`.
    pub fn of(text: &str, screen: &PaperScreen) -> PaperRecord {
        let lines = LineIndex::new(text);
        PaperRecord {
            distinct: screen.distinct,
            findings: screen.findings,
            fingerprints: screen
                .fingerprints
                .iter()
                .map(|x| FingerprintRecord {
                    confidence: round3(x.confidence as f64),
                    expected: x.expected.clone(),
                    fingerprint: x.fingerprint.clone(),
                    occurrences: x
                        .spans
                        .iter()
                        .map(|s| Occurrence {
                            end: s.end,
                            line: lines.line_of(s.start),
                            start: s.start,
                        })
                        .collect(),
                    phrases: x.phrases.clone(),
                    tier: x.best_tier,
                })
                .collect(),
            lists: screen.lists.clone(),
            per_1000_words: round3(screen.per_1000_words),
            verdict: screen.verdict,
            words: screen.words,
        }
    }
}

/// Byte offsets where each line starts, for turning offsets into 1-based line numbers.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_numbers_count_newlines_before_the_offset() {
        let index = LineIndex::new("ab\ncd\n\nef");
        let lines: Vec<usize> = [0, 2, 3, 6, 7, 8].map(|o| index.line_of(o)).to_vec();
        assert_eq!(lines, [1, 1, 2, 3, 4, 4]);
    }

    #[test]
    fn bad_lines_keep_the_id_when_it_can_be_read() {
        let e = InputRecord::parse(b"{\"id\": [1], \"text\": \"bad \xff\"}", 4).unwrap_err();
        assert_eq!(e.id, Some(serde_json::json!([1])));
        assert!(
            e.error.starts_with("invalid UTF-8 at byte 26 of the line"),
            "{e}"
        );
        let e = InputRecord::parse(b"{\"id\": null, \"text\": 3}", 5).unwrap_err();
        assert_eq!(
            (e.id, e.error.as_str()),
            (None, "field \"text\" is not a string")
        );
        let e = InputRecord::parse(b"[1, 2]", 6).unwrap_err();
        assert_eq!(e.id, None);
        assert_eq!(
            e.to_string(),
            "line 6: expected a JSON object with a \"text\" field"
        );
        // An array the derived reader would take as `[id, text]` is still refused.
        let e = InputRecord::parse(br#"[7, "text"]"#, 7).unwrap_err();
        assert_eq!(e.error, "expected a JSON object with a \"text\" field");
    }

    #[test]
    fn lines_read_straight_and_read_as_values_agree() {
        // What the direct reading takes must equal what the `Value` reading gives; what it
        // refuses (duplicates, other types) falls to the `Value` reading.
        let value_reading = |line: &str| -> Result<InputRecord, String> {
            let mut v: Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
            let o = v.as_object_mut().ok_or("not an object")?;
            let id = o.remove("id").unwrap_or(Value::Null);
            match o.remove("text") {
                Some(Value::String(text)) => Ok(InputRecord { id, text }),
                _ => Err("no string text".into()),
            }
        };
        for line in [
            r#"{"id": 1, "text": "a"}"#,
            r#"{"text": "a"}"#,
            r#"{"id": null, "text": "a\u00e9\n"}"#,
            r#"{"text": "first", "text": "second"}"#,
            r#"{"id": 1, "id": 2, "text": "a"}"#,
            r#"{"id": {"deep": [1.10, 18446744073709551615]}, "extra": {"text": 1}, "text": "a"}"#,
            r#"{"id": "x", "text": null}"#,
            r#"{"id": "x"}"#,
            // Other fields are read as values: what a `Value` refuses stays refused.
            r#"{"text": "a", "x": "\ud800"}"#,
            r#"{"text": "a", "x": "\udc00\ud800"}"#,
            r#"{"text": "a", "x": 1e400}"#,
            r#"{"text": "a", "x": -1e400}"#,
            r#"{"id": 1, "text": "a", "x": [1, {"y": null}]}"#,
        ]
        .map(String::from)
        .into_iter()
        // Deeper than serde_json's recursion limit.
        .chain([format!(
            r#"{{"text": "a", "x": {}{}}}"#,
            "[".repeat(200),
            "]".repeat(200)
        )]) {
            let line = line.as_str();
            let parsed = InputRecord::parse(line.as_bytes(), 1);
            match value_reading(line) {
                Ok(expected) => assert_eq!(parsed, Ok(Some(expected)), "{line}"),
                Err(_) => assert!(parsed.is_err(), "{line}"),
            }
        }
    }
}
