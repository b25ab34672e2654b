//! Context judgement: each finding weighed by how English is written around it.
//!
//! The spinner swaps a word without looking at its neighbours, so its output breaks
//! collocations ("by the finish of the year": "the end of" is far likelier), while an
//! author's own use of the same word fits them ("the finish line"). For a finding of one
//! word `s` with
//! one candidate word `o` and neighbours `L` and `R` in the text (the words right before
//! and after it, with nothing but spaces between), the evidence in decades (powers of ten)
//! compares how likely each neighbour is next to the original and next to the spun word,
//! from [`WordCounts`]:
//!
//! ```text
//! e = [log P(L | o) - log P(L | s)] + [log P(R | o) - log P(R | s)]
//! log P(L | w) = log c(L w) - scale - log c(w)
//! ```
//!
//! Conditioning on the word keeps a rare word from looking spun merely because its
//! original is more common ("a spherical tank" is not evidence for "a round tank"). A pair
//! missing from the table is only known to be below the table's floor, so its bound can
//! lower the evidence (spun pair common, original pair missing: "an attempt to") or
//! raise it (original pair common, spun pair missing), never the other way, and two
//! missing pairs say nothing; nor does a side with a word the table lacks. Phrases are not
//! judged: how likely a neighbour is next to a phrase's first word says little about the
//! phrase (`P(was | by)` is not `P(was | by no means)`); measured, judging them by their
//! end words rewrote more clean English (Austen's "by no means", "in all probability").
//! Positive `e` says the original fits the context better than the text
//! does. The finding's own confidence moves on the log-odds scale:
//! `logit(own') = logit(own) + strength × clamp(e, ±MAX_DECADES)`.
//!
//! The strength's default ([`DEFAULT_CONTEXT_STRENGTH`]) is the coefficient of `e` in a
//! logistic model of "this occurrence was swapped" given the swap rate of its word,
//! fitted on the 11,122 occurrences in the corpus's news-spinner pairs of a word the
//! spinner swaps for a single word somewhere (the rate cross-fitted on the other half of
//! the pairs): 0.66 per decade. On those occurrences 8 % of those with `e <= -0.5` were
//! swaps, 37 % of those with no evidence (`e = 0`), 55 % of those with `e >= 0.5`.
//!
//! Of several candidates, one whose evidence beats the first's by at least
//! [`RERANK_MARGIN`] decades becomes the first (what reconstruction writes).
//!
//! Spintax, look-alike letters and tortured phrases are left alone: the first two have
//! no word swap to judge, and a paper screen's verdict must not depend on this.

use crate::family::Family;
use crate::finding::Finding;
use crate::lexicon::{KeyHash, WordCounts};
use crate::matching::id_table::FastMap;
use crate::text::chars::is_word_char;
use crate::text::tokenize::{normalize_key_into, word_key_into};
use std::sync::Arc;

/// Default [`DetectorBuilder::context_strength`](crate::DetectorBuilder::context_strength):
/// log-odds added to a finding's own confidence per decade of context evidence.
pub const DEFAULT_CONTEXT_STRENGTH: f32 = 0.66;
/// Evidence is clamped to this many decades either way, so one pair cannot decide alone.
pub const MAX_DECADES: f32 = 3.0;
/// A later candidate replaces the first when its evidence is at least this many decades
/// higher.
pub const RERANK_MARGIN: f32 = 1.0;

/// Own confidences are kept inside this distance of 0 and 1 before the log-odds move.
const EDGE: f32 = 1e-3;

/// Move each eligible finding's own confidence by its context evidence, and put the
/// candidate that fits the context best first. `findings` are unweighed (their
/// `confidence` is their own).
pub(crate) fn judge(text: &str, findings: &mut [Finding], counts: &WordCounts, strength: f32) {
    if counts.is_empty() || findings.is_empty() {
        return;
    }
    let mut keys = Keys::default();
    // A text repeats its findings' words ("mentioned" dozens of times), and a finding's
    // text and its candidates' originals are mostly shared `Arc`s (a match written as its
    // entry's phrase shares that phrase): each shared one is keyed and counted once per
    // text (keying was a third of this judgement's cost). Both memos are keyed by the
    // string's address, not its text: a key compared by text read the first occurrence's
    // bytes again, a cache miss in a long text. A match written otherwise (capitalised,
    // inflected) has a text of its own, so each of its occurrences is keyed apart.
    let mut spun_words: FastMap<usize, Option<Word>> = FastMap::default();
    let mut originals: FastMap<usize, Option<Word>> = FastMap::default();
    // A word met when its memo is full, judged without being kept.
    let (mut spare_spun, mut spare_original) = (None, None);
    for f in findings.iter_mut() {
        if matches!(
            f.family,
            Family::Spintax | Family::Homoglyph | Family::TorturedScience
        ) || f.candidates.is_empty()
        {
            continue;
        }
        let Some(matched) = text.get(f.span.range()) else {
            continue;
        };
        // `f.text` holds the matched text, so one address is one spelling; the findings
        // keep their texts alive until this returns, so no address is reused.
        let address = Arc::as_ptr(&f.text) as *const u8 as usize;
        let Some(spun_word) = memoized(&mut spun_words, &mut spare_spun, address, || {
            Word::of(matched, &mut keys.scratch, counts)
        }) else {
            continue;
        };
        let around = Neighbours::new(
            neighbour_before(text, f.span.start, &mut keys.left),
            neighbour_after(text, f.span.end, &mut keys.right),
        );
        if around.left.is_none() && around.right.is_empty() {
            continue;
        }
        let spun = around.counted(counts, spun_word);
        // Flag-only candidates (empty original: the correction is unknown) say nothing
        // about the context and are never moved: candidates are judged by the first known
        // one, and only a known one can take its place.
        let mut first = None;
        let mut best = (0usize, f32::NEG_INFINITY);
        for (i, c) in f.candidates.iter().enumerate() {
            if c.original.is_empty() {
                continue;
            }
            // Keyed by the shared string's address (a case-copied original is an `Arc` of
            // its own, so it is keyed apart). No address is reused within this call: the
            // findings keep every original alive until it returns.
            let address = Arc::as_ptr(&c.original) as *const u8 as usize;
            let original = memoized(&mut originals, &mut spare_original, address, || {
                Word::of(&c.original, &mut keys.scratch, counts)
            });
            let e = original.map_or(0.0, |o| around.counted(counts, o).evidence(&spun, counts));
            if first.is_none() {
                first = Some((i, e));
            }
            if e > best.1 {
                best = (i, e);
            }
        }
        let Some((first_at, mut e)) = first else {
            continue;
        };
        if best.0 != first_at && best.1 >= e + RERANK_MARGIN {
            // The list may be the lexicon's own (shared): reorder a copy.
            let mut candidates = f.candidates.to_vec();
            let c = candidates.remove(best.0);
            f.family = c.family.clone();
            candidates.insert(first_at, c);
            f.candidates = candidates.into();
            e = best.1;
        }
        let shift = strength * e.clamp(-MAX_DECADES, MAX_DECADES);
        if shift == 0.0 {
            continue;
        }
        // The log-odds of a confidence of exactly 0 or 1 are infinite: move from just inside,
        // and never against the evidence (a 1.0 does not drop on evidence for the swap).
        let own = f.confidence;
        let inside = own.clamp(EDGE, 1.0 - EDGE);
        let moved = 1.0 / (1.0 + (-((inside / (1.0 - inside)).ln() + shift)).exp());
        f.confidence = if shift > 0.0 {
            moved.max(own)
        } else {
            moved.min(own)
        };
    }
}

/// Most words each memo of [`judge`] keeps. A text with a large lexicon meets thousands of
/// distinct phrases once each; a memo grown to all of them left the cache at every rehash
/// (a cache miss per finding at 100k pairs), while the words a text repeats come early.
const MEMO_WORDS: usize = 4096;

/// The word `make` gives for `key`, from `memo` or kept there while it holds fewer than
/// [`MEMO_WORDS`]; past that, a new word is made in `spare` and not kept.
fn memoized<'m, K: std::hash::Hash + Eq>(
    memo: &'m mut FastMap<K, Option<Word>>,
    spare: &'m mut Option<Word>,
    key: K,
    make: impl FnOnce() -> Option<Word>,
) -> Option<&'m Word> {
    if memo.len() < MEMO_WORDS || memo.contains_key(&key) {
        memo.entry(key).or_insert_with(make).as_ref()
    } else {
        *spare = make();
        spare.as_ref()
    }
}

/// One word of a finding or candidate: its key and its log count (a word the table lacks,
/// or a phrase, has no `Word`: it says nothing about the context).
struct Word {
    key: Box<str>,
    count: f32,
    /// The hash of the key and a space: a pair with the word first is finished by
    /// hashing its second word.
    then: KeyHash,
}

impl Word {
    fn of(phrase: &str, scratch: &mut (String, String), counts: &WordCounts) -> Option<Word> {
        let (buffer, key) = scratch;
        if !one_word_key(phrase, buffer, key) {
            return None;
        }
        Some(Word {
            count: counts.word(key)?,
            key: key.as_str().into(),
            then: KeyHash::new().bytes(key.as_bytes()).byte(b' '),
        })
    }
}

/// Reusable buffers: the neighbours' keys (when not ASCII), and scratch space for keying a
/// word.
#[derive(Default)]
struct Keys {
    left: String,
    right: String,
    scratch: (String, String),
}

/// The neighbours of the finding being judged, ready to be paired with any word: each
/// pair's hash is finished from them without building its key (on 1 MiB of news, building
/// the neighbours' keys and hashing each pair whole cost 7 M of this judgement's 24 M
/// instructions).
struct Neighbours<'a> {
    /// The hash of the left neighbour's key and a space (`None`: no left neighbour).
    left: Option<KeyHash>,
    /// The right neighbour's key bytes, ASCII letters still to be lowercased (empty:
    /// none).
    right: &'a [u8],
}

/// What the table says of one word in its place: its log count and its pairs with the
/// left and right neighbours (`None`: not in the table).
struct Counted {
    word: f32,
    left: Option<f32>,
    right: Option<f32>,
}

impl<'a> Neighbours<'a> {
    /// The neighbours whose key bytes (as [`neighbour_before`] and [`neighbour_after`] give
    /// them) are `left` and `right`.
    fn new(left: &[u8], right: &'a [u8]) -> Neighbours<'a> {
        Neighbours {
            left: (!left.is_empty()).then(|| KeyHash::new().lowercased(left).byte(b' ')),
            right,
        }
    }

    /// The counts of `w` between these neighbours: [`WordCounts::pair`] of the left
    /// neighbour and `w`, and of `w` and the right neighbour.
    fn counted(&self, counts: &WordCounts, w: &Word) -> Counted {
        Counted {
            word: w.count,
            left: self
                .left
                .and_then(|h| counts.score_of(h.bytes(w.key.as_bytes()))),
            right: if self.right.is_empty() {
                None
            } else {
                counts.score_of(w.then.lowercased(self.right))
            },
        }
    }
}

impl Counted {
    /// The evidence `e` (see the module documentation) of `self` (the original) against
    /// the spun word, over the sides that have a neighbour.
    fn evidence(&self, spun: &Counted, counts: &WordCounts) -> f32 {
        // A side without a neighbour has no pair on either word, so it adds nothing.
        side_evidence(counts, self.left, self.word, spun.left, spun.word)
            + side_evidence(counts, self.right, self.word, spun.right, spun.word)
    }
}

/// The key of `phrase` into `key` when it is one word (apostrophes and hyphens inside it
/// allowed); false for a phrase of several words or none. `scratch` is a buffer.
fn one_word_key(phrase: &str, scratch: &mut String, key: &mut String) -> bool {
    if phrase.is_ascii() {
        // The common case, byte by byte: for ASCII, a word character is a letter or digit
        // and a key is the word lower-cased, as `word_key_into` makes it.
        let bytes = phrase.as_bytes();
        let mut found = None;
        let mut i = 0;
        while i < bytes.len() {
            if !is_word_byte(bytes[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && is_word_byte(bytes[i]) {
                i += 1;
            }
            let (s, e) = trim_inner(bytes, start, i);
            if s < e {
                if found.is_some() {
                    return false;
                }
                found = Some((s, e));
            }
        }
        let Some((s, e)) = found else { return false };
        normalize_key_into(&phrase[s..e], key);
        return true;
    }
    let mut words = phrase
        .split(|c: char| !(is_word_char(c) || is_inner(c)))
        .map(|w| w.trim_matches(is_inner))
        .filter(|w| !w.is_empty());
    let (Some(word), None) = (words.next(), words.next()) else {
        return false;
    };
    word_key_into(word, scratch);
    std::mem::swap(scratch, key);
    true
}

/// An ASCII byte that belongs to a word: a letter, a digit, or an apostrophe or hyphen
/// inside it (what [`is_word_char`] and [`is_inner`] say of ASCII).
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'\'' || b == b'-'
}

/// `bytes[start..end]` without apostrophes and hyphens at either end, as positions.
fn trim_inner(bytes: &[u8], mut start: usize, mut end: usize) -> (usize, usize) {
    while start < end && matches!(bytes[start], b'\'' | b'-') {
        start += 1;
    }
    while end > start && matches!(bytes[end - 1], b'\'' | b'-') {
        end -= 1;
    }
    (start, end)
}

/// log P(neighbour | word) in word-count units from the pair's log count, or its upper
/// bound (the table's floor) when the pair is missing; and whether the pair was present.
fn conditional(counts: &WordCounts, pair: Option<f32>, word: f32) -> (f32, bool) {
    let (log, present) = match pair {
        Some(p) => (p, true),
        None => (counts.pair_floor(), false),
    };
    (log - counts.pair_scale() - word, present)
}

/// Evidence of one neighbour: how much likelier it is next to the original than next to
/// the spun word. A missing pair is only known to be below the floor, so it can make the
/// evidence no larger (spun pair missing) or no smaller (original pair missing) than the
/// bound allows, and two missing pairs (or no neighbour) say nothing.
fn side_evidence(
    counts: &WordCounts,
    original_pair: Option<f32>,
    original_word: f32,
    spun_pair: Option<f32>,
    spun_word: f32,
) -> f32 {
    let (o, o_seen) = conditional(counts, original_pair, original_word);
    let (s, s_seen) = conditional(counts, spun_pair, spun_word);
    match (o_seen, s_seen) {
        (true, true) => o - s,
        (false, true) => (o - s).min(0.0),
        (true, false) => (o - s).max(0.0),
        (false, false) => 0.0,
    }
}

/// Apostrophes and hyphens: inside a word they keep it whole ("don't", "well-known").
fn is_inner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-')
}

/// The key of the word right before byte `at` when only spaces (no line break, no
/// punctuation) separate them, empty otherwise: in ASCII text the text's own bytes (their
/// lower case is the key), otherwise the key written into `buffer`.
fn neighbour_before<'a>(text: &'a str, at: usize, buffer: &'a mut String) -> &'a [u8] {
    let bytes = text.as_bytes();
    if at > bytes.len() || !text.is_char_boundary(at) {
        return &[];
    }
    // Byte by byte while everything in sight is ASCII; anything else (a no-break space, a
    // letter with an accent) goes the way of `chars`.
    let mut end = at;
    while end > 0 && matches!(bytes[end - 1], b' ' | b'\t') {
        end -= 1;
    }
    if end > 0 && !bytes[end - 1].is_ascii() {
        neighbour_before_chars(text, at, buffer);
        return buffer.as_bytes();
    }
    if end == at && at > 0 {
        // Touching the finding: not a separate word (cannot happen for a whole-word match,
        // kept for safety).
        return &[];
    }
    let mut start = end;
    while start > 0 && is_word_byte(bytes[start - 1]) {
        start -= 1;
    }
    if start > 0 && !bytes[start - 1].is_ascii() {
        neighbour_before_chars(text, at, buffer);
        return buffer.as_bytes();
    }
    let (start, end) = trim_inner(bytes, start, end);
    &bytes[start..end]
}

/// [`neighbour_before`] by characters: any text.
fn neighbour_before_chars(text: &str, at: usize, out: &mut String) {
    out.clear();
    let Some(before) = text.get(..at) else { return };
    let trimmed = before.trim_end_matches([' ', '\t', '\u{a0}']);
    if trimmed.len() == before.len() && !before.is_empty() {
        return;
    }
    let start = trimmed
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_char(c) || is_inner(c))
        .last()
        .map_or(trimmed.len(), |(i, _)| i);
    let word = trimmed[start..].trim_matches(is_inner);
    if !word.is_empty() {
        normalize_key_into(word, out);
    }
}

/// The key of the word right after byte `at` when only spaces separate them, empty
/// otherwise; given as [`neighbour_before`] gives it.
fn neighbour_after<'a>(text: &'a str, at: usize, buffer: &'a mut String) -> &'a [u8] {
    let bytes = text.as_bytes();
    if at > bytes.len() || !text.is_char_boundary(at) {
        return &[];
    }
    let mut start = at;
    while start < bytes.len() && matches!(bytes[start], b' ' | b'\t') {
        start += 1;
    }
    if start < bytes.len() && !bytes[start].is_ascii() {
        neighbour_after_chars(text, at, buffer);
        return buffer.as_bytes();
    }
    if start == at && at < bytes.len() {
        return &[];
    }
    let mut end = start;
    while end < bytes.len() && is_word_byte(bytes[end]) {
        end += 1;
    }
    if end < bytes.len() && !bytes[end].is_ascii() {
        neighbour_after_chars(text, at, buffer);
        return buffer.as_bytes();
    }
    let (start, end) = trim_inner(bytes, start, end);
    &bytes[start..end]
}

/// [`neighbour_after`] by characters: any text.
fn neighbour_after_chars(text: &str, at: usize, out: &mut String) {
    out.clear();
    let Some(after) = text.get(at..) else { return };
    let trimmed = after.trim_start_matches([' ', '\t', '\u{a0}']);
    if trimmed.len() == after.len() && !after.is_empty() {
        return;
    }
    let end = trimmed
        .char_indices()
        .find(|&(_, c)| !(is_word_char(c) || is_inner(c)))
        .map_or(trimmed.len(), |(i, _)| i);
    let word = trimmed[..end].trim_matches(is_inner);
    if !word.is_empty() {
        normalize_key_into(word, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A neighbour's key as a string (the fast paths give ASCII as the text writes it).
    fn key(bytes: &[u8]) -> String {
        String::from_utf8(bytes.to_ascii_lowercase()).unwrap()
    }

    #[test]
    fn a_full_memo_still_gives_every_word_and_keeps_no_more() {
        let word = |k: usize| {
            Some(Word {
                key: k.to_string().into(),
                count: k as f32,
                then: KeyHash::new(),
            })
        };
        let mut memo: FastMap<usize, Option<Word>> = FastMap::default();
        let mut spare = None;
        for round in 0..2 {
            for k in 0..MEMO_WORDS + 100 {
                let got = memoized(&mut memo, &mut spare, k, || word(k));
                assert_eq!(
                    got.map(|w| w.count),
                    Some(k as f32),
                    "round {round}, word {k}"
                );
            }
        }
        assert_eq!(memo.len(), MEMO_WORDS);
        // The first words met are the ones kept.
        assert!(memo.contains_key(&0) && !memo.contains_key(&MEMO_WORDS));
    }

    #[test]
    fn neighbours_stop_at_punctuation_and_line_breaks() {
        let mut out = String::new();
        let text = "a Third spherical of talks. Next\nline";
        let at = text.find("spherical").unwrap();
        assert_eq!(key(neighbour_before(text, at, &mut out)), "third");
        assert_eq!(
            key(neighbour_after(text, at + "spherical".len(), &mut out)),
            "of"
        );
        let next = text.find(" Next").unwrap() - 1;
        assert_eq!(key(neighbour_after(text, next, &mut out)), "");
        let line = text.find("\nline").unwrap();
        assert_eq!(key(neighbour_after(text, line, &mut out)), "");
        assert_eq!(key(neighbour_before(text, 0, &mut out)), "");
        let talks = text.find("talks").unwrap();
        assert_eq!(key(neighbour_before(text, talks, &mut out)), "of");
        // Not a character boundary: no neighbour, no panic.
        assert_eq!(key(neighbour_before("é x", 1, &mut out)), "");
        // Not ASCII: the key, folded as `normalize_key` folds it.
        assert_eq!(key(neighbour_before("Café x", 6, &mut out)), "café");
    }

    /// The evidence of `spun` -> `original` between `left` and `right` (0 when either is
    /// not one word or the table lacks it), with every pair looked up whole by
    /// [`WordCounts::pair`].
    fn evidence(left: &str, spun: &str, original: &str, right: &str) -> f32 {
        let counts = WordCounts::builtin();
        let mut scratch = (String::new(), String::new());
        let counted = |w: &Word| Counted {
            word: w.count,
            left: (!left.is_empty())
                .then(|| counts.pair(left, &w.key))
                .flatten(),
            right: (!right.is_empty())
                .then(|| counts.pair(&w.key, right))
                .flatten(),
        };
        match (
            Word::of(spun, &mut scratch, counts),
            Word::of(original, &mut scratch, counts),
        ) {
            (Some(s), Some(o)) => counted(&o).evidence(&counted(&s), counts),
            _ => 0.0,
        }
    }

    #[test]
    fn pairs_finished_from_the_neighbours_are_the_pairs() {
        let counts = WordCounts::builtin();
        let mut scratch = (String::new(), String::new());
        for (left, word, right) in [
            ("the", "end", "of"),
            ("The", "finish", "Line"),
            ("an", "attempt", "to"),
            ("", "end", "of"),
            ("the", "end", ""),
            ("on", "top", "of"),
        ] {
            let w = Word::of(word, &mut scratch, counts).unwrap();
            let around = Neighbours::new(left.as_bytes(), right.as_bytes());
            let c = around.counted(counts, &w);
            let (l, r) = (left.to_lowercase(), right.to_lowercase());
            let whole_left = (!l.is_empty()).then(|| counts.pair(&l, word)).flatten();
            let whole_right = (!r.is_empty()).then(|| counts.pair(word, &r)).flatten();
            assert_eq!(
                (c.left, c.right),
                (whole_left, whole_right),
                "{left} {word} {right}"
            );
            assert_eq!(c.word, counts.word(word).unwrap());
        }
        // The table holds these, so the comparison above is not of two `None`s.
        assert!(counts.pair("the", "end").is_some() && counts.pair("end", "of").is_some());
    }

    #[test]
    fn evidence_favours_the_collocation() {
        // Swaps the spinner made in the corpus's pairs: the neighbours are far likelier
        // next to the original.
        for (l, s, o, r) in [
            ("the", "finish", "end", "of"),
            ("on", "prime", "top", "of"),
            ("the", "primary", "first", "time"),
        ] {
            let e = evidence(l, s, o, r);
            assert!(e > 1.0, "{l} [{s} -> {o}] {r}: {e}");
        }
        // Ordinary English: the text's words fit their neighbours better.
        for (l, s, o, r) in [
            ("an", "attempt", "try", "to"),
            ("the", "finish", "end", "line"),
            ("as", "a", "the", "result"),
        ] {
            let e = evidence(l, s, o, r);
            assert!(e < -0.5, "{l} [{s} -> {o}] {r}: {e}");
        }
        // A rare word in its own sense is not evidence against it: "spherical" is too
        // rare for a missing pair to mean anything.
        let e = evidence("a", "spherical", "round", "tank");
        assert!(e <= 0.0, "{e}");
        // No neighbours, one word: nothing to weigh.
        assert_eq!(evidence("", "finish", "end", ""), 0.0);
        // A word the table lacks: no evidence.
        assert_eq!(evidence("the", "zzqx", "end", "of"), 0.0);
    }

    #[test]
    fn byte_paths_agree_with_the_char_paths() {
        let texts = [
            "a third spherical of talks. Next\nline",
            "  don't -stop- the 3.5 % rise\t\tnow",
            "Caf\u{e9} au lait, na\u{ef}ve  'quoted' words",
            "no\u{a0}break space and e\u{301}t\u{e9} marks",
            "zero\u{200d}width joiner \u{201c}curly\u{201d} quotes",
            "",
            " ",
            "x",
            "--- '' -a- b'",
        ];
        let (mut fast, mut slow) = (String::new(), String::new());
        for text in texts {
            for at in 0..=text.len() + 1 {
                let before = key(neighbour_before(text, at, &mut fast));
                neighbour_before_chars(text, at, &mut slow);
                assert_eq!(before, slow, "before {at} in {text:?}");
                let after = key(neighbour_after(text, at, &mut fast));
                neighbour_after_chars(text, at, &mut slow);
                assert_eq!(after, slow, "after {at} in {text:?}");
            }
            // One-word keys of every slice, ASCII fast path against word_key_into.
            for (i, _) in text.char_indices() {
                for (j, _) in text[i..].char_indices().skip(1) {
                    let phrase = &text[i..i + j];
                    let (mut scratch, mut key) = (String::new(), String::new());
                    let one = one_word_key(phrase, &mut scratch, &mut key);
                    let words: Vec<String> = phrase
                        .split(|c: char| !(is_word_char(c) || is_inner(c)))
                        .map(|w| w.trim_matches(is_inner))
                        .filter(|w| !w.is_empty())
                        .map(|w| {
                            let mut k = String::new();
                            word_key_into(w, &mut k);
                            k
                        })
                        .collect();
                    assert_eq!(one, words.len() == 1, "{phrase:?}");
                    if one {
                        assert_eq!(key, words[0], "{phrase:?}");
                    }
                }
            }
        }
    }
}
