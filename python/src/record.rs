//! One analysed text in the shape of the `despin --json` contract, as a Python dict or as
//! the JSON line itself.
//!
//! The contract is the object the `despin` command prints (`src/bin/despin.rs`): fields in
//! alphabetical order, `findings` holding the accepted findings and `unaccepted` the
//! others, confidences and scores rounded to three decimals, byte offsets in
//! `start`/`end`. Until the library has a public record type for it, this module mirrors
//! the command field by field; the tests compare the two on the shared corpus.
//!
//! Dicts add `char_start`/`char_end` (code-point offsets, what Python indexes a `str`
//! by) to each finding and section; JSON lines do not, so they equal the command's.

use despin::{Finding, Report, Tier};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyFloat, PyList, PyString};
use pyo3::Py;
use serde::Serialize;
use serde_json::Value;

/// Everything computed for one text without the interpreter (in worker threads).
pub struct Analysed {
    /// The library's report.
    pub report: Report,
    /// The reconstruction's text.
    pub reconstructed: String,
    /// Code-point offsets of every finding's start and end, in `report.findings` order.
    finding_chars: Vec<(usize, usize)>,
    /// Code-point offsets of every section's start and end, in `report.score.sections`
    /// order.
    section_chars: Vec<(usize, usize)>,
}

impl Analysed {
    /// Analyse `text` and reconstruct it; with `chars`, also count code-point offsets.
    pub fn new(detector: &despin::Detector, text: &str, chars: bool) -> Analysed {
        let report = detector.analyze(text);
        let reconstructed = report.reconstruct(text).text;
        let (finding_chars, section_chars) = if chars {
            let mut offsets: Vec<usize> = Vec::new();
            for f in &report.findings {
                offsets.extend([f.span.start, f.span.end]);
            }
            for s in &report.score.sections {
                offsets.extend([s.span.start, s.span.end]);
            }
            let converted = char_offsets(text, &offsets);
            let pairs = |c: &[usize]| c.chunks_exact(2).map(|p| (p[0], p[1])).collect();
            let (f, s) = converted.split_at(report.findings.len() * 2);
            (pairs(f), pairs(s))
        } else {
            (Vec::new(), Vec::new())
        };
        Analysed {
            report,
            reconstructed,
            finding_chars,
            section_chars,
        }
    }
}

/// Code-point offsets of byte offsets into `text`, in the order given. Offsets are on
/// char boundaries for spans the library made; any other offset counts the code points
/// before the last boundary at or below it, so this never panics.
pub fn char_offsets(text: &str, bytes: &[usize]) -> Vec<usize> {
    if text.is_ascii() {
        return bytes.iter().map(|&b| b.min(text.len())).collect();
    }
    let mut order: Vec<usize> = (0..bytes.len()).collect();
    order.sort_by_key(|&i| bytes[i]);
    let mut out = vec![0; bytes.len()];
    let (mut at_byte, mut at_char) = (0usize, 0usize);
    for i in order {
        let mut target = bytes[i].min(text.len());
        while !text.is_char_boundary(target) {
            target -= 1;
        }
        if target > at_byte {
            at_char += text[at_byte..target].chars().count();
            at_byte = target;
        }
        out[i] = at_char;
    }
    out
}

/// Scores and confidences are written with three decimals, as the command writes them.
pub fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The contract's name of a tier (`"exact"`, `"stemmed"`, ...): its serde name, the
/// one the command writes.
pub fn tier_name(tier: Tier) -> String {
    match serde_json::to_value(tier) {
        Ok(Value::String(s)) => s,
        _ => format!("{tier:?}").to_lowercase(),
    }
}

/// Keys of a finding dict, in the command's order (`char_*` sorted in among them).
const FINDING_KEYS: [&str; 11] = [
    "candidates",
    "char_end",
    "char_start",
    "confidence",
    "end",
    "family",
    "in_quote",
    "original",
    "start",
    "text",
    "tier",
];
/// Keys of a section dict.
const SECTION_KEYS: [&str; 6] = ["char_end", "char_start", "end", "score", "start", "words"];
/// Keys of a record dict.
const RECORD_KEYS: [&str; 8] = [
    "findings",
    "id",
    "reconstructed",
    "score",
    "sections",
    "spun",
    "unaccepted",
    "words",
];

/// The Python floats 0.000, 0.001, ..., 1.000: every confidence and score the contract
/// writes (rounded to three decimals, in `[0, 1]`), made once per process.
static THOUSANDTHS: PyOnceLock<Vec<Py<PyFloat>>> = PyOnceLock::new();

/// Builds the contract's dicts, reusing what many findings share: each dict is a copy of
/// a template that already holds its keys (no resizing while it is filled, key order
/// fixed), rounded numbers come from a table, and tier and family names are made once.
pub struct DictBuilder<'py> {
    py: Python<'py>,
    finding: Bound<'py, PyDict>,
    section: Bound<'py, PyDict>,
    record: Bound<'py, PyDict>,
    keys: Keys<'py>,
    thousandths: &'py [Py<PyFloat>],
    tiers: Vec<(Tier, Bound<'py, PyString>)>,
    families: Vec<(String, Bound<'py, PyString>)>,
}

/// Interned key strings (the same objects the templates hold).
struct Keys<'py> {
    finding: [Bound<'py, PyString>; 11],
    section: [Bound<'py, PyString>; 6],
    record: [Bound<'py, PyString>; 8],
}

fn template<'py, const N: usize>(
    py: Python<'py>,
    keys: &[&str; N],
) -> PyResult<([Bound<'py, PyString>; N], Bound<'py, PyDict>)> {
    let interned = keys.map(|k| PyString::intern(py, k));
    let d = PyDict::new(py);
    for k in &interned {
        d.set_item(k, py.None())?;
    }
    Ok((interned, d))
}

impl<'py> DictBuilder<'py> {
    /// A builder for one call.
    pub fn new(py: Python<'py>) -> PyResult<DictBuilder<'py>> {
        let (finding_keys, finding) = template(py, &FINDING_KEYS)?;
        let (section_keys, section) = template(py, &SECTION_KEYS)?;
        let (record_keys, record) = template(py, &RECORD_KEYS)?;
        let thousandths = THOUSANDTHS
            .get_or_init(py, || {
                (0..=1000)
                    .map(|i| PyFloat::new(py, i as f64 / 1000.0).unbind())
                    .collect()
            })
            .as_slice();
        Ok(DictBuilder {
            py,
            finding,
            section,
            record,
            keys: Keys {
                finding: finding_keys,
                section: section_keys,
                record: record_keys,
            },
            thousandths,
            tiers: Vec::new(),
            families: Vec::new(),
        })
    }

    /// A number rounded to three decimals, as the command writes it.
    fn rounded(&self, x: f64) -> Bound<'py, PyAny> {
        let r = round3(x);
        let i = (r * 1000.0).round();
        if (0.0..=1000.0).contains(&i) && i / 1000.0 == r {
            return self.thousandths[i as usize]
                .bind(self.py)
                .clone()
                .into_any();
        }
        PyFloat::new(self.py, r).into_any()
    }

    fn tier(&mut self, tier: Tier) -> Bound<'py, PyString> {
        if let Some((_, s)) = self.tiers.iter().find(|(t, _)| *t == tier) {
            return s.clone();
        }
        let s = PyString::new(self.py, &tier_name(tier));
        self.tiers.push((tier, s.clone()));
        s
    }

    fn family(&mut self, label: &str) -> Bound<'py, PyString> {
        if let Some((_, s)) = self.families.iter().find(|(l, _)| l == label) {
            return s.clone();
        }
        let s = PyString::new(self.py, label);
        // A custom lexicon may have many families; keep the cache small and linear.
        if self.families.len() < 32 {
            self.families.push((label.to_owned(), s.clone()));
        }
        s
    }

    /// One finding as a dict (the contract's fields plus code-point offsets).
    fn finding(
        &mut self,
        f: &Finding,
        (char_start, char_end): (usize, usize),
    ) -> PyResult<Bound<'py, PyDict>> {
        let py = self.py;
        let d = self.finding.copy()?;
        let original = PyString::new(py, f.original());
        // The first candidate is the original: one str object for both.
        let candidates = PyList::new(
            py,
            f.candidates.iter().enumerate().map(|(i, c)| {
                if i == 0 && *c.original == *f.original() {
                    original.clone()
                } else {
                    PyString::new(py, &c.original)
                }
            }),
        )?;
        let start = f.span.start.into_pyobject(py)?.into_any();
        let end = f.span.end.into_pyobject(py)?.into_any();
        // ASCII text: code-point offsets are the byte offsets, the same int objects.
        let char_start = if char_start == f.span.start {
            start.clone()
        } else {
            char_start.into_pyobject(py)?.into_any()
        };
        let char_end = if char_end == f.span.end {
            end.clone()
        } else {
            char_end.into_pyobject(py)?.into_any()
        };
        let family = self.family(f.family.label());
        let tier = self.tier(f.tier);
        let confidence = self.rounded(f.confidence as f64);
        let k = &self.keys.finding;
        d.set_item(&k[0], candidates)?;
        d.set_item(&k[1], char_end)?;
        d.set_item(&k[2], char_start)?;
        d.set_item(&k[3], confidence)?;
        d.set_item(&k[4], end)?;
        d.set_item(&k[5], family)?;
        d.set_item(&k[6], f.in_quote)?;
        d.set_item(&k[7], original)?;
        d.set_item(&k[8], start)?;
        d.set_item(&k[9], PyString::new(py, &f.text))?;
        d.set_item(&k[10], tier)?;
        Ok(d)
    }

    /// One analysed text as the contract's dict, with `id` as given.
    pub fn record(&mut self, a: &Analysed, id: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyDict>> {
        let py = self.py;
        let mut accepted = Vec::new();
        let mut unaccepted = Vec::new();
        for (f, &chars) in a.report.findings.iter().zip(&a.finding_chars) {
            let d = self.finding(f, chars)?;
            if f.accepted {
                accepted.push(d);
            } else {
                unaccepted.push(d);
            }
        }
        let mut sections = Vec::new();
        for (s, &(char_start, char_end)) in a.report.score.sections.iter().zip(&a.section_chars) {
            let d = self.section.copy()?;
            let score = self.rounded(s.score);
            let k = &self.keys.section;
            d.set_item(&k[0], char_end)?;
            d.set_item(&k[1], char_start)?;
            d.set_item(&k[2], s.span.end)?;
            d.set_item(&k[3], score)?;
            d.set_item(&k[4], s.span.start)?;
            d.set_item(&k[5], s.words)?;
            sections.push(d);
        }
        let d = self.record.copy()?;
        let score = self.rounded(a.report.score.score);
        let k = &self.keys.record;
        d.set_item(&k[0], PyList::new(py, accepted)?)?;
        d.set_item(&k[1], id)?;
        d.set_item(&k[2], &a.reconstructed)?;
        d.set_item(&k[3], score)?;
        d.set_item(&k[4], PyList::new(py, sections)?)?;
        d.set_item(&k[5], a.report.score.spun)?;
        d.set_item(&k[6], PyList::new(py, unaccepted)?)?;
        d.set_item(&k[7], a.report.score.words)?;
        Ok(d)
    }
}

/// A finding as the command writes it (fields in alphabetical order).
#[derive(Serialize)]
struct FindingLine<'a> {
    candidates: Vec<&'a str>,
    confidence: f64,
    end: usize,
    family: &'a str,
    in_quote: bool,
    original: &'a str,
    start: usize,
    text: &'a str,
    tier: Tier,
}

impl<'a> From<&'a Finding> for FindingLine<'a> {
    fn from(f: &'a Finding) -> Self {
        FindingLine {
            candidates: f.candidates.iter().map(|c| &*c.original).collect(),
            confidence: round3(f.confidence as f64),
            end: f.span.end,
            family: f.family.label(),
            in_quote: f.in_quote,
            original: f.original(),
            start: f.span.start,
            text: &f.text,
            tier: f.tier,
        }
    }
}

/// A scored section as the command writes it.
#[derive(Serialize)]
struct SectionLine {
    end: usize,
    score: f64,
    start: usize,
    words: usize,
}

/// One record as the command writes it.
#[derive(Serialize)]
struct RecordLine<'a> {
    findings: Vec<FindingLine<'a>>,
    id: &'a Value,
    reconstructed: &'a str,
    score: f64,
    sections: Vec<SectionLine>,
    spun: bool,
    unaccepted: Vec<FindingLine<'a>>,
    words: usize,
}

/// One analysed text as the command's JSON line (without the line end).
pub fn record_json(a: &Analysed, id: &Value) -> String {
    let (accepted, unaccepted): (Vec<&Finding>, Vec<&Finding>) =
        a.report.findings.iter().partition(|f| f.accepted);
    let line = RecordLine {
        findings: accepted.into_iter().map(FindingLine::from).collect(),
        id,
        reconstructed: &a.reconstructed,
        score: round3(a.report.score.score),
        sections: a
            .report
            .score
            .sections
            .iter()
            .map(|s| SectionLine {
                end: s.span.end,
                score: round3(s.score),
                start: s.span.start,
                words: s.words,
            })
            .collect(),
        spun: a.report.score.spun,
        unaccepted: unaccepted.into_iter().map(FindingLine::from).collect(),
        words: a.report.score.words,
    };
    // Plain structs of strings, numbers and booleans always serialise.
    serde_json::to_string(&line).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::char_offsets;

    #[test]
    fn char_offsets_count_code_points_in_any_order() {
        let text = "aé😀b c";
        // bytes: a=0, é=1..3, 😀=3..7, b=7, ' '=8, c=9
        assert_eq!(char_offsets(text, &[9, 0, 3, 7, 1]), vec![5, 0, 2, 3, 1]);
        // Not a boundary (inside 😀) and past the end: never a panic.
        assert_eq!(char_offsets(text, &[5, 100]), vec![2, 6]);
        assert_eq!(char_offsets("abc", &[2, 9]), vec![2, 3]);
    }
}
