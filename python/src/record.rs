//! One analysed text in the shape of the library's JSON record (`despin::Record`, what
//! `despin --json` prints), as a Python dict or as the JSON line itself.
//!
//! JSON lines serialise a mirror of `despin::Record` borrowed from the report (the unit
//! tests below check that it gives the library record's bytes). Dicts have the same
//! fields and values (in the record's alphabetical order, `findings` holding the accepted
//! findings and `unaccepted` the others, confidences and scores rounded to three decimals,
//! byte offsets in `start`/`end`) and add `char_start`/`char_end` (code-point offsets, what
//! Python indexes a `str` by) to each finding and section; the pytest suite compares them
//! with the command on the shared corpus.
//!
//! Dicts are made in two steps, so that as little as possible happens while holding the
//! interpreter: [`Prepared::new`] (worker threads, no interpreter) analyses and
//! reconstructs a text and reduces the report to flat rows (numbers rounded, offsets
//! converted to code points, strings copied into one buffer with their hashes), dropping
//! the report on the thread that made it; [`DictBuilder::record`] (the calling thread)
//! then only makes the Python objects, sharing every one it can within the call: one
//! `str` per distinct string (finding texts, candidates, family and tier labels), one
//! `int` per distinct offset, the 1,001 floats a rounded score can be, and dicts copied
//! from templates that already hold their keys. Looking shared objects up is mostly
//! waiting for memory, so a text's lookups are issued together, after prefetching.

use despin::{Detector, Finding, Tier};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyFloat, PyString};
use serde::Serialize;
use serde_json::Value;

/// A string in a [`Prepared`]'s buffer: where, and its hash (for the calling thread's
/// [`StrTable`]).
#[derive(Clone, Copy)]
struct Str {
    at: usize,
    len: usize,
    hash: u64,
    /// The bytes, zero-padded, when at most [`INLINE`] (for the string table).
    words: [u64; 3],
}

/// One finding, flat.
struct Row {
    text: Str,
    family: Str,
    tier: Tier,
    /// Range of [`Prepared::candidates`].
    candidates: (usize, usize),
    start: usize,
    end: usize,
    char_start: usize,
    char_end: usize,
    /// Rounded to three decimals.
    confidence: f64,
    in_quote: bool,
}

/// One scored section, flat.
struct SectionRow {
    start: usize,
    end: usize,
    char_start: usize,
    char_end: usize,
    /// Rounded to three decimals.
    score: f64,
    words: usize,
}

/// Everything computed for one text without the interpreter (in worker threads): the
/// record's values, ready to become Python objects.
pub struct Prepared {
    /// Finding texts, candidate originals and family labels, one after another.
    strings: String,
    candidates: Vec<Str>,
    /// Accepted findings first (`findings`), then the others (`unaccepted`), each in
    /// text order.
    rows: Vec<Row>,
    accepted: usize,
    sections: Vec<SectionRow>,
    /// The reconstruction, or `None` when it is the text itself (the input `str` is
    /// reused).
    reconstructed: Option<String>,
    /// Rounded to three decimals.
    score: f64,
    spun: bool,
    words: usize,
}

impl Prepared {
    /// Analyse and reconstruct `text`.
    pub fn new(detector: &Detector, text: &str) -> Prepared {
        let report = detector.analyze(text);
        let reconstructed = report.reconstruct(text).text;
        let reconstructed = (reconstructed != text).then_some(reconstructed);
        // Accepted findings first, as the record splits them.
        let findings = &report.findings;
        let ordered = || {
            findings
                .iter()
                .filter(|f| f.accepted)
                .chain(findings.iter().filter(|f| !f.accepted))
        };
        let sections = &report.score.sections;
        let mut offsets = Vec::with_capacity(2 * (findings.len() + sections.len()));
        let mut bytes = 0;
        for f in ordered() {
            offsets.extend([f.span.start, f.span.end]);
            bytes += f.text.len() + f.family.label().len();
            bytes += f.candidates.iter().map(|c| c.original.len()).sum::<usize>();
        }
        for s in sections {
            offsets.extend([s.span.start, s.span.end]);
        }
        let chars = char_offsets(text, &offsets);
        let mut chars = chars.chunks_exact(2).map(|p| (p[0], p[1]));
        let mut p = Prepared {
            strings: String::with_capacity(bytes),
            candidates: Vec::with_capacity(findings.len() + 4),
            rows: Vec::with_capacity(findings.len()),
            accepted: findings.iter().filter(|f| f.accepted).count(),
            sections: Vec::with_capacity(sections.len()),
            reconstructed,
            score: round3(report.score.score),
            spun: report.score.spun,
            words: report.score.words,
        };
        for f in ordered() {
            let (char_start, char_end) = chars.next().unwrap_or_default();
            let first = p.candidates.len();
            for c in f.candidates.iter() {
                let s = p.push(&c.original);
                p.candidates.push(s);
            }
            let row = Row {
                text: p.push(&f.text),
                family: p.push(f.family.label()),
                tier: f.tier,
                candidates: (first, p.candidates.len()),
                start: f.span.start,
                end: f.span.end,
                char_start,
                char_end,
                confidence: round3(f.confidence as f64),
                in_quote: f.in_quote,
            };
            p.rows.push(row);
        }
        for s in sections {
            let (char_start, char_end) = chars.next().unwrap_or_default();
            p.sections.push(SectionRow {
                start: s.span.start,
                end: s.span.end,
                char_start,
                char_end,
                score: round3(s.score),
                words: s.words,
            });
        }
        p
    }

    fn push(&mut self, s: &str) -> Str {
        let at = self.strings.len();
        self.strings.push_str(s);
        let (hash, words) = describe(s);
        Str {
            at,
            len: s.len(),
            hash,
            words,
        }
    }

    fn str(&self, s: Str) -> &str {
        &self.strings[s.at..s.at + s.len]
    }
}

/// A fast non-cryptographic hash of a short string (FxHash's mixing, 8 bytes at a time).
fn hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h.rotate_left(5) ^ w).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    h
}

/// The hash of `s` and, when it is at most [`INLINE`] bytes, its bytes zero-padded (a
/// short string is hashed from those words, without a second pass over its bytes).
fn describe(s: &str) -> (u64, [u64; 3]) {
    if s.len() > INLINE {
        return (hash(s.as_bytes()), [0; 3]);
    }
    let w = words(s);
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = s.len() as u64;
    for x in w {
        h = (h.rotate_left(5) ^ x).wrapping_mul(K);
    }
    (h, w)
}

/// Code points in a slice of UTF-8: the bytes that do not continue a character
/// (`0b10xx_xxxx`), counted eight at a time.
fn count_chars(bytes: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut continuing = 0;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let w = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        // Top bit set and the next one clear.
        continuing += (w & !(w << 1) & HIGH).count_ones() as usize;
    }
    continuing += words
        .remainder()
        .iter()
        .filter(|&&b| (b as i8) < -0x40)
        .count();
    bytes.len() - continuing
}

/// Length of the ASCII start of `bytes`, found eight bytes at a time.
fn ascii_prefix(bytes: &[u8]) -> usize {
    let mut i = 0;
    for w in bytes.chunks_exact(8) {
        if u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]])
            & 0x8080_8080_8080_8080
            != 0
        {
            break;
        }
        i += 8;
    }
    i + bytes[i..].iter().take_while(|b| b.is_ascii()).count()
}

/// Code-point offsets of byte offsets into `text`, in the order given. Offsets are on
/// char boundaries for spans the library made; any other offset counts the code points
/// before the last boundary at or below it, so this never panics.
pub fn char_offsets(text: &str, bytes: &[usize]) -> Vec<usize> {
    // Up to the first non-ASCII byte, code points are bytes.
    let ascii = ascii_prefix(text.as_bytes());
    if ascii == text.len() {
        return bytes.iter().map(|&b| b.min(text.len())).collect();
    }
    let mut order: Vec<usize> = (0..bytes.len()).collect();
    order.sort_unstable_by_key(|&i| bytes[i]);
    let mut out = vec![0; bytes.len()];
    let (mut at_byte, mut at_char) = (0usize, 0usize);
    for i in order {
        let mut target = bytes[i].min(text.len());
        while !text.is_char_boundary(target) {
            target -= 1;
        }
        if target <= ascii {
            (at_byte, at_char) = (target, target);
        } else if target > at_byte {
            let from = at_byte.max(ascii);
            at_char += (from - at_byte) + count_chars(&text.as_bytes()[from..target]);
            at_byte = target;
        }
        out[i] = at_char;
    }
    out
}

/// Scores and confidences are written with three decimals, as the record has them.
pub fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// A finding of a [`RecordLine`]: `despin::RecordFinding`'s fields, borrowed from the
/// report: the library's record copies every string into a `String` of its own, which
/// cost `analyze_batch_json` about a tenth of its CPU time when measured. The unit tests
/// below check that both serialise to the same bytes.
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

/// A section of a [`RecordLine`] (`despin::RecordSection`).
#[derive(Serialize)]
struct SectionLine {
    end: usize,
    score: f64,
    start: usize,
    words: usize,
}

/// `despin::Record` (without a paper screen), borrowed from a report.
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

/// One text as the command's JSON line (without the line end): what
/// `serde_json::to_string(&detector.record(id, text))` gives.
pub fn record_json(detector: &Detector, text: &str, id: &Value) -> String {
    let report = detector.analyze(text);
    let reconstructed = report.reconstruct(text).text;
    let (accepted, unaccepted): (Vec<&Finding>, Vec<&Finding>) =
        report.findings.iter().partition(|f| f.accepted);
    let line = RecordLine {
        findings: accepted.into_iter().map(FindingLine::from).collect(),
        id,
        reconstructed: &reconstructed,
        score: round3(report.score.score),
        sections: report
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
        spun: report.score.spun,
        unaccepted: unaccepted.into_iter().map(FindingLine::from).collect(),
        words: report.score.words,
    };
    // Plain structs of strings, numbers, booleans and a JSON value always serialise.
    serde_json::to_string(&line).unwrap_or_default()
}

/// Keys of a finding dict, in the record's order (`char_*` sorted in among them).
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

/// Dicts that already hold their keys (values `None`), copied for every new dict: no
/// resizing while one is filled, key order fixed, keys interned.
struct Templates {
    finding: Py<PyDict>,
    section: Py<PyDict>,
    record: Py<PyDict>,
    finding_keys: [Py<PyString>; 11],
    section_keys: [Py<PyString>; 6],
    record_keys: [Py<PyString>; 8],
    /// The Python floats 0.000, 0.001, ..., 1.000: every confidence and score the record
    /// has (rounded to three decimals, in `[0, 1]`).
    thousandths: Vec<Py<PyFloat>>,
}

/// Made once per process.
static TEMPLATES: PyOnceLock<Templates> = PyOnceLock::new();

fn template<const N: usize>(
    py: Python<'_>,
    keys: &[&str; N],
) -> PyResult<([Py<PyString>; N], Py<PyDict>)> {
    let interned = keys.map(|k| PyString::intern(py, k).unbind());
    let d = PyDict::new(py);
    for k in &interned {
        d.set_item(k.bind(py), py.None())?;
    }
    Ok((interned, d.unbind()))
}

impl Templates {
    fn get(py: Python<'_>) -> PyResult<&Templates> {
        TEMPLATES.get_or_try_init(py, || {
            let (finding_keys, finding) = template(py, &FINDING_KEYS)?;
            let (section_keys, section) = template(py, &SECTION_KEYS)?;
            let (record_keys, record) = template(py, &RECORD_KEYS)?;
            Ok(Templates {
                finding,
                section,
                record,
                finding_keys,
                section_keys,
                record_keys,
                thousandths: (0..=1000)
                    .map(|i| PyFloat::new(py, i as f64 / 1000.0).unbind())
                    .collect(),
            })
        })
    }
}

/// A value to put in a dict or list: a new reference (dropped once stored) or one the
/// builder's caches keep alive.
enum Val<'py> {
    New(Bound<'py, PyAny>),
    Cached(*mut ffi::PyObject),
}

impl Val<'_> {
    fn ptr(&self) -> *mut ffi::PyObject {
        match self {
            Val::New(b) => b.as_ptr(),
            Val::Cached(p) => *p,
        }
    }

    /// A new reference, for a call that steals one (`PyList_SetItem`).
    fn into_ptr(self) -> *mut ffi::PyObject {
        match self {
            Val::New(b) => b.into_ptr(),
            Val::Cached(p) => {
                // SAFETY: `p` is alive (held by a cache) and the interpreter is attached.
                unsafe { ffi::Py_IncRef(p) };
                p
            }
        }
    }
}

/// The `str` objects of one text's strings (borrowed), in the order of
/// [`Prepared::candidates`] and, two per finding, its text and family.
struct Strs {
    candidates: Vec<*mut ffi::PyObject>,
    rows: Vec<*mut ffi::PyObject>,
}

/// Ask for the cache line at `p` to be loaded (a hint: it never faults).
#[inline(always)]
fn prefetch(p: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint; it never dereferences `p` in a way that faults.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// At most this many distinct strings are kept per call (beyond that, new `str`s are
/// made for each use).
const MAX_CACHED_STRS: usize = 1 << 16;
/// Strings up to this many bytes are compared word by word, inside the table.
const INLINE: usize = 24;

/// The call's `str` objects by content: an open-addressing table keyed by the hashes
/// the worker threads computed, short strings kept inline so that a lookup reads one
/// slot and compares three words.
#[derive(Default)]
struct StrTable {
    slots: Vec<Slot>,
    used: usize,
    /// Strings longer than [`INLINE`], indexed by their slot's `words[0]`.
    longs: Vec<Box<str>>,
}

#[derive(Clone, Copy)]
struct Slot {
    /// A strong reference to the `str`, or null for an empty slot.
    obj: *mut ffi::PyObject,
    hash: u64,
    len: usize,
    /// The bytes, zero-padded, when `len <= INLINE`; else `words[0]` indexes `longs`.
    words: [u64; 3],
}

const EMPTY: Slot = Slot {
    obj: std::ptr::null_mut(),
    hash: 0,
    len: 0,
    words: [0; 3],
};

enum Found {
    /// The cached `str` (borrowed: the table holds it).
    Yes(*mut ffi::PyObject),
    /// Not there: the empty slot to insert it at, or `None` when the table is full.
    No(Option<usize>),
}

fn words(text: &str) -> [u64; 3] {
    let mut b = [0u8; INLINE];
    b[..text.len()].copy_from_slice(text.as_bytes());
    let w = |i: usize| {
        u64::from_le_bytes([
            b[i],
            b[i + 1],
            b[i + 2],
            b[i + 3],
            b[i + 4],
            b[i + 5],
            b[i + 6],
            b[i + 7],
        ])
    };
    [w(0), w(8), w(16)]
}

impl StrTable {
    /// The slot where the search for `hash` starts.
    fn start(&self, hash: u64) -> usize {
        // Fibonacci hashing: the high bits of the product pick the slot.
        (hash.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize & (self.slots.len() - 1)
    }

    /// Load the slot where the search for `hash` starts into the cache.
    fn prefetch(&self, hash: u64) {
        if !self.slots.is_empty() {
            prefetch(self.slots[self.start(hash)..].as_ptr().cast());
        }
    }

    /// Look `text` (described by `s`) up.
    fn find(&mut self, text: &str, s: Str) -> Found {
        if self.slots.is_empty() {
            self.slots = vec![EMPTY; 256];
        }
        let hash = s.hash;
        let mask = self.slots.len() - 1;
        let mut i = self.start(hash);
        loop {
            let slot = &self.slots[i];
            if slot.obj.is_null() {
                let room = self.used < MAX_CACHED_STRS;
                return Found::No(room.then_some(i));
            }
            if slot.hash == hash && slot.len == text.len() {
                let equal = if text.len() <= INLINE {
                    slot.words == s.words
                } else {
                    *self.longs[slot.words[0] as usize] == *text
                };
                if equal {
                    return Found::Yes(slot.obj);
                }
            }
            i = (i + 1) & mask;
        }
    }

    /// Keep `obj`, the `str` of `text`, at `slot` (from [`find`](Self::find)); returns it
    /// borrowed.
    fn insert(
        &mut self,
        slot: usize,
        text: &str,
        s: Str,
        obj: Bound<'_, PyAny>,
    ) -> *mut ffi::PyObject {
        let hash = s.hash;
        let words = if text.len() <= INLINE {
            s.words
        } else {
            self.longs.push(text.into());
            [(self.longs.len() - 1) as u64, 0, 0]
        };
        let ptr = obj.into_ptr();
        self.slots[slot] = Slot {
            obj: ptr,
            hash,
            len: text.len(),
            words,
        };
        self.used += 1;
        // At most half full, so probes stay short and an empty slot always ends them.
        if self.used * 2 > self.slots.len() {
            let size = self.slots.len() * 2;
            let old = std::mem::replace(&mut self.slots, vec![EMPTY; size]);
            let mask = self.slots.len() - 1;
            for s in old.into_iter().filter(|s| !s.obj.is_null()) {
                let mut i = self.start(s.hash);
                while !self.slots[i].obj.is_null() {
                    i = (i + 1) & mask;
                }
                self.slots[i] = s;
            }
        }
        ptr
    }
}

impl Drop for StrTable {
    fn drop(&mut self) {
        // Only made and dropped by a `DictBuilder`, which lives while the interpreter is
        // attached on this thread.
        for s in &self.slots {
            if !s.obj.is_null() {
                // SAFETY: a strong reference this table owns; the interpreter is attached.
                unsafe { ffi::Py_DecRef(s.obj) };
            }
        }
    }
}

/// Offsets below this share their `int` objects within a call.
const MAX_CACHED_INT: usize = 1 << 16;

/// Builds the record dicts of one call (one `analyze` or `analyze_batch`), on the thread
/// holding the interpreter.
pub struct DictBuilder<'py> {
    py: Python<'py>,
    t: &'py Templates,
    strs: StrTable,
    /// `str`s made for the current text that the table had no room for.
    keep: Vec<Bound<'py, PyAny>>,
    tiers: Vec<(Tier, Bound<'py, PyAny>)>,
    kinds: Vec<Kind<'py>>,
    ints: Vec<Option<Bound<'py, PyAny>>>,
}

/// A finding template with a family, tier and `in_quote` set (see [`DictBuilder::kind`]).
struct Kind<'py> {
    family: *mut ffi::PyObject,
    tier: Tier,
    in_quote: bool,
    template: Bound<'py, PyAny>,
}

/// At most this many finding templates per call.
const MAX_KINDS: usize = 64;

impl<'py> DictBuilder<'py> {
    /// A builder for one call.
    pub fn new(py: Python<'py>) -> PyResult<DictBuilder<'py>> {
        Ok(DictBuilder {
            py,
            t: Templates::get(py)?,
            strs: StrTable::default(),
            keep: Vec::new(),
            tiers: Vec::new(),
            kinds: Vec::new(),
            ints: Vec::new(),
        })
    }

    fn new_str(&self, s: &str) -> PyResult<Bound<'py, PyAny>> {
        // SAFETY: a valid UTF-8 buffer and length; the interpreter is attached.
        unsafe {
            Bound::from_owned_ptr_or_err(
                self.py,
                ffi::PyUnicode_FromStringAndSize(s.as_ptr().cast(), s.len() as ffi::Py_ssize_t),
            )
        }
    }

    /// The `str` of `s`, shared with every equal string of the call (borrowed: the table,
    /// or for a string it has no room for, [`keep`](Self::keep), holds it).
    fn str(&mut self, p: &Prepared, s: Str) -> PyResult<*mut ffi::PyObject> {
        let text = p.str(s);
        let slot = match self.strs.find(text, s) {
            Found::Yes(obj) => return Ok(obj),
            Found::No(slot) => slot,
        };
        let o = self.new_str(text)?;
        match slot {
            Some(slot) => Ok(self.strs.insert(slot, text, s, o)),
            None => {
                let ptr = o.as_ptr();
                self.keep.push(o);
                Ok(ptr)
            }
        }
    }

    /// The `str`s of a text's findings (texts, families, candidates), looked up together:
    /// the table slots they need are fetched into the cache first, and then the objects
    /// (whose reference counts the dicts and lists will change), so that the memory
    /// accesses overlap instead of waiting one after another.
    fn strs(&mut self, p: &Prepared) -> PyResult<Strs> {
        let rows = || p.rows.iter().flat_map(|r| [r.text, r.family]);
        for s in p.candidates.iter().copied().chain(rows()) {
            self.strs.prefetch(s.hash);
        }
        let mut out = Strs {
            candidates: Vec::with_capacity(p.candidates.len()),
            rows: Vec::with_capacity(2 * p.rows.len()),
        };
        for &c in &p.candidates {
            out.candidates.push(self.str(p, c)?);
        }
        for s in rows() {
            out.rows.push(self.str(p, s)?);
        }
        for &o in out.candidates.iter().chain(&out.rows) {
            prefetch(o as *const u8);
        }
        Ok(out)
    }

    /// The label of `tier`, one `str` per tier for the call.
    fn tier(&mut self, tier: Tier) -> PyResult<Val<'py>> {
        if let Some((_, o)) = self.tiers.iter().find(|(t, _)| *t == tier) {
            return Ok(Val::Cached(o.as_ptr()));
        }
        let o = self.new_str(tier.label())?;
        let ptr = o.as_ptr();
        self.tiers.push((tier, o));
        Ok(Val::Cached(ptr))
    }

    /// The `int` of `n`, shared with every equal offset of the call.
    fn int(&mut self, n: usize) -> PyResult<Val<'py>> {
        if n >= MAX_CACHED_INT {
            return Ok(Val::New(n.into_pyobject(self.py)?.into_any()));
        }
        if n >= self.ints.len() {
            self.ints.resize(n + 1, None);
        }
        if let Some(o) = &self.ints[n] {
            return Ok(Val::Cached(o.as_ptr()));
        }
        let o = n.into_pyobject(self.py)?.into_any();
        let ptr = o.as_ptr();
        self.ints[n] = Some(o);
        Ok(Val::Cached(ptr))
    }

    /// A number rounded to three decimals: one of the shared floats when it can be.
    fn rounded(&self, r: f64) -> Val<'py> {
        let i = (r * 1000.0).round();
        if (0.0..=1000.0).contains(&i) && i / 1000.0 == r {
            return Val::Cached(self.t.thousandths[i as usize].as_ptr());
        }
        Val::New(PyFloat::new(self.py, r).into_any())
    }

    fn bool(&self, b: bool) -> Val<'py> {
        // SAFETY: the interpreter's True and False live as long as it does.
        Val::Cached(unsafe {
            if b {
                ffi::Py_True()
            } else {
                ffi::Py_False()
            }
        })
    }

    /// A copy of the dict `template`.
    fn copy(&self, template: *mut ffi::PyObject) -> PyResult<Bound<'py, PyAny>> {
        // SAFETY: `template` is a live dict (a template); the interpreter is attached.
        unsafe { Bound::from_owned_ptr_or_err(self.py, ffi::PyDict_Copy(template)) }
    }

    /// `d[key] = value` (the dict takes its own reference).
    fn set(&self, d: &Bound<'py, PyAny>, key: &Py<PyString>, value: Val<'py>) -> PyResult<()> {
        // SAFETY: `d` is a dict, `key` and `value` live objects; the interpreter is attached.
        if unsafe { ffi::PyDict_SetItem(d.as_ptr(), key.as_ptr(), value.ptr()) } < 0 {
            return Err(PyErr::fetch(self.py));
        }
        Ok(())
    }

    /// A list of `items` (`PyList_SetItem` takes each reference).
    fn list(&self, items: impl ExactSizeIterator<Item = Val<'py>>) -> PyResult<Val<'py>> {
        let n = items.len();
        // SAFETY: a new list with a slot for each of the `n` items; it is handed out only
        // when every slot is set (if the iterator came short, the list is dropped: its
        // deallocation skips the slots still NULL).
        unsafe {
            let list =
                Bound::from_owned_ptr_or_err(self.py, ffi::PyList_New(n as ffi::Py_ssize_t))?;
            let mut set = 0;
            for item in items.take(n) {
                if ffi::PyList_SetItem(list.as_ptr(), set as ffi::Py_ssize_t, item.into_ptr()) < 0 {
                    return Err(PyErr::fetch(self.py));
                }
                set += 1;
            }
            if set < n {
                return Err(pyo3::exceptions::PySystemError::new_err(
                    "list items missing",
                ));
            }
            Ok(Val::New(list))
        }
    }

    /// One finding as a dict (the record's fields plus code-point offsets): `p.rows[i]`,
    /// its strings from [`strs`](Self::strs).
    fn finding(&mut self, p: &Prepared, i: usize, strs: &Strs) -> PyResult<Val<'py>> {
        let row = &p.rows[i];
        let t = self.t;
        let k = &t.finding_keys;
        let (text, family) = (strs.rows[2 * i], strs.rows[2 * i + 1]);
        let d = match self.kind(family, row.tier, row.in_quote)? {
            Some(template) => self.copy(template)?,
            None => {
                let d = self.copy(t.finding.as_ptr())?;
                self.set(&d, &k[5], Val::Cached(family))?;
                self.set(&d, &k[6], self.bool(row.in_quote))?;
                let v = self.tier(row.tier)?;
                self.set(&d, &k[10], v)?;
                d
            }
        };
        let candidates = &strs.candidates[row.candidates.0..row.candidates.1];
        let list = self.list(candidates.iter().map(|&c| Val::Cached(c)))?;
        self.set(&d, &k[0], list)?;
        let v = self.int(row.char_end)?;
        self.set(&d, &k[1], v)?;
        let v = self.int(row.char_start)?;
        self.set(&d, &k[2], v)?;
        self.set(&d, &k[3], self.rounded(row.confidence))?;
        let v = self.int(row.end)?;
        self.set(&d, &k[4], v)?;
        // `Finding::original`: the first candidate, or the text when there is none.
        let original = candidates.first().copied().unwrap_or(text);
        self.set(&d, &k[7], Val::Cached(original))?;
        let v = self.int(row.start)?;
        self.set(&d, &k[8], v)?;
        self.set(&d, &k[9], Val::Cached(text))?;
        Ok(Val::New(d))
    }

    /// The finding template of this call with `family`, `tier` and `in_quote` already
    /// set (a batch has few such kinds: copying one saves three insertions per finding),
    /// or `None` when the call has met too many kinds.
    fn kind(
        &mut self,
        family: *mut ffi::PyObject,
        tier: Tier,
        in_quote: bool,
    ) -> PyResult<Option<*mut ffi::PyObject>> {
        // By the family's `str` object, which the template holds (so no other object
        // can take its address during the call).
        if let Some(kind) = self
            .kinds
            .iter()
            .find(|k| k.family == family && k.tier == tier && k.in_quote == in_quote)
        {
            return Ok(Some(kind.template.as_ptr()));
        }
        if self.kinds.len() >= MAX_KINDS {
            return Ok(None);
        }
        let t = self.t;
        let k = &t.finding_keys;
        let template = self.copy(t.finding.as_ptr())?;
        self.set(&template, &k[5], Val::Cached(family))?;
        self.set(&template, &k[6], self.bool(in_quote))?;
        let v = self.tier(tier)?;
        self.set(&template, &k[10], v)?;
        let ptr = template.as_ptr();
        self.kinds.push(Kind {
            family,
            tier,
            in_quote,
            template,
        });
        Ok(Some(ptr))
    }

    fn section(&mut self, s: &SectionRow) -> PyResult<Val<'py>> {
        let t = self.t;
        let k = &t.section_keys;
        let d = self.copy(t.section.as_ptr())?;
        let v = self.int(s.char_end)?;
        self.set(&d, &k[0], v)?;
        let v = self.int(s.char_start)?;
        self.set(&d, &k[1], v)?;
        let v = self.int(s.end)?;
        self.set(&d, &k[2], v)?;
        self.set(&d, &k[3], self.rounded(s.score))?;
        let v = self.int(s.start)?;
        self.set(&d, &k[4], v)?;
        let v = self.int(s.words)?;
        self.set(&d, &k[5], v)?;
        Ok(Val::New(d))
    }

    /// The record dict of `p`, made from `text` (the input `str`), with `id` as given.
    pub fn record(
        &mut self,
        p: &Prepared,
        text: &Bound<'py, PyAny>,
        id: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let t = self.t;
        let k = &t.record_keys;
        let d = self.copy(t.record.as_ptr())?;
        let strs = self.strs(p)?;
        let mut findings = Vec::with_capacity(p.accepted);
        for i in 0..p.accepted {
            findings.push(self.finding(p, i, &strs)?);
        }
        let findings = self.list(findings.into_iter())?;
        self.set(&d, &k[0], findings)?;
        self.set(&d, &k[1], Val::Cached(id.as_ptr()))?;
        let reconstructed = match &p.reconstructed {
            // Unchanged: the input `str` itself (not an instance of a subclass of `str`,
            // which the dict would then hold instead of a `str`).
            None if text.is_exact_instance_of::<PyString>() => Val::Cached(text.as_ptr()),
            Some(r) => Val::New(self.new_str(r)?),
            None => Val::New(self.new_str(text.cast::<PyString>()?.to_str()?)?),
        };
        self.set(&d, &k[2], reconstructed)?;
        self.set(&d, &k[3], self.rounded(p.score))?;
        let mut sections = Vec::with_capacity(p.sections.len());
        for s in &p.sections {
            sections.push(self.section(s)?);
        }
        let sections = self.list(sections.into_iter())?;
        self.set(&d, &k[4], sections)?;
        self.set(&d, &k[5], self.bool(p.spun))?;
        let mut rest = Vec::with_capacity(p.rows.len() - p.accepted);
        for i in p.accepted..p.rows.len() {
            rest.push(self.finding(p, i, &strs)?);
        }
        let rest = self.list(rest.into_iter())?;
        self.set(&d, &k[6], rest)?;
        let v = self.int(p.words)?;
        self.set(&d, &k[7], v)?;
        // Every object made for this text is in a dict or list by now.
        self.keep.clear();
        // SAFETY: a copy of a dict is a dict.
        Ok(unsafe { d.cast_into_unchecked::<PyDict>() })
    }
}

#[cfg(test)]
mod tests {
    use super::{char_offsets, describe};
    use serde_json::Value;

    #[test]
    fn char_offsets_count_code_points_in_any_order() {
        let text = "aé😀b c";
        // bytes: a=0, é=1..3, 😀=3..7, b=7, ' '=8, c=9
        assert_eq!(char_offsets(text, &[9, 0, 3, 7, 1]), vec![5, 0, 2, 3, 1]);
        // Not a boundary (inside 😀) and past the end: never a panic.
        assert_eq!(char_offsets(text, &[5, 100]), vec![2, 6]);
        assert_eq!(char_offsets("abc", &[2, 9]), vec![2, 3]);
        // Long texts (counted eight bytes at a time), against counting chars.
        let long = "plain ascii start, ".repeat(5) + &"é😀ab ü".repeat(40) + "end";
        let bytes: Vec<usize> = (0..=long.len()).rev().step_by(7).collect();
        let expected: Vec<usize> = bytes
            .iter()
            .map(|&b| {
                let mut b = b;
                while !long.is_char_boundary(b) {
                    b -= 1;
                }
                long[..b].chars().count()
            })
            .collect();
        assert_eq!(char_offsets(&long, &bytes), expected);
    }

    #[test]
    fn json_lines_are_the_librarys_records() {
        let detector = despin::Detector::builtin();
        let spun = "The minister mentioned the 3rd spherical of talks would start final yr. ";
        let texts = [
            String::new(),
            "Plain words, nothing to see.".to_owned(),
            spun.to_owned(),
            "Get {dollars|money} fast with our {hardware} offer: the pаyment is due.".to_owned(),
            "He said \"the assertion mentioned it\" and Ünïcode final yr 😀 spherical of talks."
                .to_owned(),
            // Long enough to be scored in sections.
            spun.repeat(200),
        ];
        let ids = [
            Value::Null,
            serde_json::json!(7),
            serde_json::json!({"a": [1, "b"]}),
        ];
        for (i, text) in texts.iter().enumerate() {
            let id = &ids[i % ids.len()];
            let expected = serde_json::to_string(&detector.record(id.clone(), text)).unwrap();
            assert_eq!(super::record_json(detector, text, id), expected, "{text}");
        }
        let long = detector.record(Value::Null, &texts[5]);
        assert!(!long.sections.is_empty() && !long.findings.is_empty());
    }

    #[test]
    fn hash_tells_short_strings_apart() {
        let words = [
            "",
            "a",
            "b",
            "ab",
            "ba",
            "said",
            "mentioned",
            "last year",
            "last year ",
        ];
        let hashes: std::collections::HashSet<u64> = words.iter().map(|w| describe(w).0).collect();
        assert_eq!(hashes.len(), words.len());
    }
}
