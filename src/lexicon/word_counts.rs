//! How often English words are written, alone and next to each other: the evidence with
//! which a finding is judged in its context (see `matching::context`).
//!
//! The table holds, per word and per word pair, the base-10 logarithm of its count in a
//! large corpus, in tenths. The shipped one (`data/word-counts.bin`, written by
//! `cargo run --release --example build_word_counts`) is derived from the SymSpell word
//! and word-pair counts (MIT; themselves derived from Google Books n-grams, see
//! `data/README.md`): an entry is kept only as a 32-bit hash of its word or pair and its
//! rounded log count, so the file is a score table, not a word list.
//!
//! Two numbers come with it. Pair lists keep only frequent pairs, so a missing pair is
//! known only to be rarer than the list's smallest count, the *floor*. And pair counts and
//! word counts need not share a scale (SymSpell's pair counts run about 40 times its word
//! counts: the pairs that start with "the" add up to 37 times the count of "the"), so the
//! *scale* is measured when the table is built: the median, over the ten most frequent
//! words, of the total count of the listed pairs that start with the word over the word's
//! own count.
//!
//! The compact format: the four bytes `DSWP`, a version byte (1), the floor and the scale
//! (each one byte, tenths of a base-10 logarithm), a zero byte, the number of entries `n`
//! as a little-endian `u32`, then `n` hashes (`u32`, little-endian, strictly ascending) and
//! `n` scores (one byte each: `round(10 * log10(count))`).

use crate::error::{Error, Result};
use crate::text::tokenize::normalize_key_into;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, LazyLock};

/// First bytes of the compact format: magic and version.
const MAGIC: &[u8; 5] = b"DSWP\x01";

/// Word and word-pair counts as log scores, looked up by word keys.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct WordCounts {
    /// One `u32` per entry, in hash order: the hash's low 24 bits above the score byte
    /// (`round(10 * log10(count))`). Hash and score share one load: a lookup reads its
    /// bucket's filter and start (small, cached arrays) and, unless the filter turns it
    /// away, one line of entries, which kept context judgement from halving the
    /// detector's throughput.
    packed: Vec<u32>,
    /// `buckets[b]..buckets[b + 1]` are the entries whose hash has `b` as its top
    /// [`BUCKET_BITS`] bits (empty for an empty table).
    buckets: Vec<u32>,
    /// Per bucket, a 16-bit filter: bit `h % 16` is set for the hash `h` of each of its
    /// entries. Many pairs a text asks for are not held (rarer than the floor); the
    /// filter (128 kB, stays cached) turns away about 70 % of those lookups before the
    /// entries' line, a cache miss in a long text, is read (measured on the benches'
    /// news and planted texts).
    filters: Vec<u16>,
    /// Tenths of log10 of the smallest pair count held (0 when no pair is held).
    floor: u8,
    /// Tenths of log10 of how many times larger pair counts run than word counts.
    scale: u8,
}

/// Bits of a hash that choose its bucket: 65,536 buckets, about five entries each in the
/// shipped table. The low 24 bits kept per entry overlap them, so the full hash is held.
const BUCKET_BITS: u32 = 16;

/// The bucket of a hash.
fn bucket_of(hash: u32) -> usize {
    (hash >> (32 - BUCKET_BITS)) as usize
}

/// The bit of a hash in its bucket's filter (bits the bucket number does not use).
fn filter_bit(hash: u32) -> u16 {
    1 << (hash & 15)
}

impl std::fmt::Debug for WordCounts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A third of a million hashes say nothing to a reader.
        f.debug_struct("WordCounts")
            .field("entries", &self.len())
            .field("pair_floor", &self.pair_floor())
            .field("pair_scale", &self.pair_scale())
            .finish()
    }
}

static BUILTIN: LazyLock<Arc<WordCounts>> = LazyLock::new(|| {
    // Checked by a unit test, so a failure here is a packaging bug, not user input.
    let counts = WordCounts::from_bytes(
        include_bytes!("../../data/word-counts.bin"),
        "data/word-counts.bin",
    )
    .unwrap_or_else(|e| panic!("built-in word counts are malformed: {e}"));
    Arc::new(counts)
});

/// FNV-1a (64-bit) over `parts` joined by single spaces, folded to 32 bits: the hash of a
/// word (one part) or a pair (two). Part of the compact format, so it must never change
/// without a new version byte.
fn entry_hash(parts: &[&str]) -> u32 {
    let mut h = KeyHash::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            h = h.byte(b' ');
        }
        h = h.bytes(part.as_bytes());
    }
    h.finish()
}

/// An entry's hash in the making ([`entry_hash`] byte by byte), so that context judgement
/// hashes a neighbour or a word once and finishes it with each word it is paired with.
#[derive(Clone, Copy, Debug)]
pub(crate) struct KeyHash(u64);

impl KeyHash {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;

    /// Nothing hashed yet.
    pub(crate) fn new() -> KeyHash {
        KeyHash(Self::OFFSET)
    }

    /// `self` followed by the byte `b`.
    #[inline]
    pub(crate) fn byte(self, b: u8) -> KeyHash {
        KeyHash((self.0 ^ u64::from(b)).wrapping_mul(Self::PRIME))
    }

    /// `self` followed by `bytes`.
    #[inline]
    pub(crate) fn bytes(self, bytes: &[u8]) -> KeyHash {
        bytes.iter().fold(self, |h, &b| h.byte(b))
    }

    /// `self` followed by `bytes` with their ASCII letters lowercased: the key of an ASCII
    /// word as the text writes it, or a key already made (lowercasing leaves it as it is).
    #[inline]
    pub(crate) fn lowercased(self, bytes: &[u8]) -> KeyHash {
        bytes
            .iter()
            .fold(self, |h, &b| h.byte(b.to_ascii_lowercase()))
    }

    /// The 32-bit entry hash.
    fn finish(self) -> u32 {
        ((self.0 >> 32) ^ self.0) as u32
    }
}

/// Tenths of the base-10 logarithm of a count, in a byte.
fn tenths(log10: f64) -> u8 {
    (10.0 * log10).round().clamp(0.0, 255.0) as u8
}

impl WordCounts {
    /// The table shipped in `data/word-counts.bin` (about 83,000 words and 242,000 pairs of
    /// common English), read once on first use and shared.
    pub fn builtin() -> &'static WordCounts {
        &BUILTIN
    }

    /// The built-in table, shared (a detector holds it without copying).
    pub(crate) fn builtin_shared() -> Arc<WordCounts> {
        Arc::clone(&BUILTIN)
    }

    /// An empty table: nothing is known, so no finding is judged by its context.
    pub fn new() -> WordCounts {
        WordCounts::default()
    }

    /// Number of words and pairs held.
    pub fn len(&self) -> usize {
        self.packed.len()
    }

    /// True when nothing is held.
    pub fn is_empty(&self) -> bool {
        self.packed.is_empty()
    }

    fn lookup(&self, parts: &[&str]) -> Option<f32> {
        self.lookup_hash(entry_hash(parts))
    }

    /// The score held under a finished [`KeyHash`] of a word or pair key, if any.
    pub(crate) fn score_of(&self, key: KeyHash) -> Option<f32> {
        self.lookup_hash(key.finish())
    }

    fn lookup_hash(&self, h: u32) -> Option<f32> {
        let b = bucket_of(h);
        if *self.filters.get(b)? & filter_bit(h) == 0 {
            return None;
        }
        let (start, end) = (
            *self.buckets.get(b)? as usize,
            *self.buckets.get(b + 1)? as usize,
        );
        let low = h & 0x00ff_ffff;
        let entry = self
            .packed
            .get(start..end)?
            .iter()
            .find(|&&e| e >> 8 == low)?;
        Some(f32::from(*entry as u8) / 10.0)
    }

    /// A table from full hashes (strictly ascending) and their scores.
    fn from_parts(hashes: &[u32], scores: &[u8], floor: u8, scale: u8) -> WordCounts {
        if hashes.is_empty() {
            return WordCounts {
                floor,
                scale,
                ..WordCounts::default()
            };
        }
        let mut buckets = Vec::with_capacity((1 << BUCKET_BITS) + 1);
        let mut i = 0;
        for b in 0..=(1usize << BUCKET_BITS) {
            while i < hashes.len() && bucket_of(hashes[i]) < b {
                i += 1;
            }
            buckets.push(i as u32);
        }
        let mut filters = vec![0u16; 1 << BUCKET_BITS];
        for &h in hashes {
            filters[bucket_of(h)] |= filter_bit(h);
        }
        let packed = hashes
            .iter()
            .zip(scores)
            .map(|(h, s)| (h & 0x00ff_ffff) << 8 | u32::from(*s))
            .collect();
        WordCounts {
            packed,
            buckets,
            filters,
            floor,
            scale,
        }
    }

    /// The full hashes, in order (rebuilt from the buckets and the packed low bits).
    fn hashes(&self) -> impl Iterator<Item = u32> + '_ {
        self.buckets.windows(2).enumerate().flat_map(move |(b, w)| {
            self.packed[w[0] as usize..w[1] as usize]
                .iter()
                .map(move |e| ((b as u32) << (32 - BUCKET_BITS)) | ((e >> 8) & 0xffff))
        })
    }

    /// Base-10 logarithm of how often the word key `word` is written (to a tenth), or
    /// `None` when it is not in the table. Give keys as
    /// [`normalize_key`](crate::normalize_key) makes them (lower case).
    pub fn word(&self, word: &str) -> Option<f32> {
        self.lookup(&[word])
    }

    /// Base-10 logarithm of how often the word keys `first second` are written together
    /// (to a tenth), or `None` when the pair is not in the table: rarer than
    /// [`pair_floor`](Self::pair_floor), or unseen.
    ///
    /// ```
    /// use despin::WordCounts;
    /// let counts = WordCounts::builtin();
    /// assert!(counts.pair("round", "of").is_some());
    /// assert!(counts.pair("spherical", "of").is_none());
    /// ```
    pub fn pair(&self, first: &str, second: &str) -> Option<f32> {
        self.lookup(&[first, second])
    }

    /// Base-10 logarithm of the smallest pair count held: a missing pair is rarer than
    /// this (6.8 for the shipped table, 6.4 million).
    pub fn pair_floor(&self) -> f32 {
        f32::from(self.floor) / 10.0
    }

    /// Base-10 logarithm of how many times larger the pair counts run than the word
    /// counts (see the module documentation; 1.6 for the shipped table).
    pub fn pair_scale(&self) -> f32 {
        f32::from(self.scale) / 10.0
    }

    /// Read counts in the SymSpell formats, one entry per line, fields separated by
    /// spaces: `word count` (a word list) or `word1 word2 count` (a pair list); one file
    /// may hold both, and blank lines are skipped. Words are normalised as the detector
    /// normalises text (case, apostrophes). Errors name the file and line.
    pub fn load(path: impl AsRef<Path>) -> Result<WordCounts> {
        WordCounts::load_all(&[path.as_ref()])
    }

    /// [`load`](Self::load) several files into one table (a word list and a pair list).
    pub fn load_all(paths: &[&Path]) -> Result<WordCounts> {
        let mut texts = Vec::with_capacity(paths.len());
        for path in paths {
            let name = path.display().to_string();
            let text = std::fs::read_to_string(path).map_err(|error| Error::Io {
                source_name: name.clone(),
                error,
            })?;
            texts.push((text, name));
        }
        let sources: Vec<(&str, &str)> = texts.iter().map(|(t, n)| (&**t, &**n)).collect();
        WordCounts::from_sources(&sources)
    }

    /// [`load`](Self::load) from a string; `source_name` names it in errors.
    pub fn from_counts_str(text: &str, source_name: &str) -> Result<WordCounts> {
        WordCounts::from_sources(&[(text, source_name)])
    }

    /// Parse `(text, source name)` sources in the SymSpell formats into one table.
    fn from_sources(sources: &[(&str, &str)]) -> Result<WordCounts> {
        let mut entries: Vec<(u32, u8)> = Vec::new();
        let mut words: HashMap<String, u64> = HashMap::new();
        let mut pair_totals: HashMap<String, u64> = HashMap::new();
        let mut smallest_pair: Option<u64> = None;
        let (mut first, mut second) = (String::new(), String::new());
        for (text, source_name) in sources {
            for (i, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                let fields: Vec<&str> = line.split_whitespace().collect();
                let parse = |count: &str, column: usize| {
                    count.parse::<u64>().map_err(|_| {
                        Error::data(
                            source_name,
                            i + 1,
                            Some(column),
                            format!("count {count:?} is not a whole number"),
                        )
                    })
                };
                match fields[..] {
                    [w, count] => {
                        let count = parse(count, 2)?;
                        normalize_key_into(w, &mut first);
                        entries.push((entry_hash(&[&first]), tenths((count.max(1) as f64).log10())));
                        let total = words.entry(first.clone()).or_default();
                        *total = total.saturating_add(count);
                    }
                    [a, b, count] => {
                        let count = parse(count, 3)?;
                        normalize_key_into(a, &mut first);
                        normalize_key_into(b, &mut second);
                        entries.push((
                            entry_hash(&[&first, &second]),
                            tenths((count.max(1) as f64).log10()),
                        ));
                        let total = pair_totals.entry(first.clone()).or_default();
                        *total = total.saturating_add(count);
                        smallest_pair = Some(smallest_pair.map_or(count, |s| s.min(count)));
                    }
                    _ => {
                        return Err(Error::data(
                            source_name,
                            i + 1,
                            None,
                            format!(
                                "expected `word count` or `word1 word2 count` (fields separated by spaces), found {} field(s)",
                                fields.len()
                            ),
                        ))
                    }
                }
            }
        }
        let floor = smallest_pair.map_or(0, |s| tenths((s.max(1) as f64).log10()));
        let scale = tenths(measured_scale(&words, &pair_totals).log10());
        Ok(WordCounts::from_entries(entries, floor, scale))
    }

    /// Sort, and keep the higher score where two entries share a hash (a true collision, or
    /// the same word listed twice, e.g. in two cases: the larger count stands).
    fn from_entries(mut entries: Vec<(u32, u8)>, floor: u8, scale: u8) -> WordCounts {
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        entries.dedup_by_key(|e| e.0);
        let hashes: Vec<u32> = entries.iter().map(|e| e.0).collect();
        let scores: Vec<u8> = entries.iter().map(|e| e.1).collect();
        WordCounts::from_parts(&hashes, &scores, floor, scale)
    }

    /// The table in the compact format (see the module documentation).
    pub fn to_bytes(&self) -> Vec<u8> {
        let n = self.packed.len();
        let mut out = Vec::with_capacity(12 + 5 * n);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&[self.floor, self.scale, 0]);
        out.extend_from_slice(&(n as u32).to_le_bytes());
        for h in self.hashes() {
            out.extend_from_slice(&h.to_le_bytes());
        }
        out.extend(self.packed.iter().map(|e| *e as u8));
        out
    }

    /// Read the compact format (see the module documentation); `source_name` names the
    /// source in errors.
    pub fn from_bytes(bytes: &[u8], source_name: &str) -> Result<WordCounts> {
        let bad = |message: String| Error::data(source_name, 0, None, message);
        let Some(rest) = bytes.strip_prefix(MAGIC.as_slice()) else {
            return Err(bad(
                "not a word-count table (expected the header `DSWP` version 1)".into(),
            ));
        };
        let Some((&[floor, scale, _, a, b, c, d], body)) = rest.split_first_chunk::<7>() else {
            return Err(bad("the header is cut short".into()));
        };
        let n = u32::from_le_bytes([a, b, c, d]) as usize;
        if body.len() != n.saturating_mul(5) {
            return Err(bad(format!(
                "{n} entries need {} bytes after the header, found {}",
                n.saturating_mul(5),
                body.len()
            )));
        }
        let (hash_bytes, scores) = body.split_at(4 * n);
        let hashes: Vec<u32> = hash_bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        if let Some(i) = hashes.windows(2).position(|w| w[0] >= w[1]) {
            return Err(bad(format!(
                "hashes are not strictly ascending at entry {}",
                i + 2
            )));
        }
        Ok(WordCounts::from_parts(&hashes, scores, floor, scale))
    }
}

/// How many times larger pair counts run than word counts: the median, over the ten most
/// frequent words that start a listed pair, of the pairs' total over the word's count; 1
/// when either list is missing.
fn measured_scale(words: &HashMap<String, u64>, pair_totals: &HashMap<String, u64>) -> f64 {
    let mut frequent: Vec<(&String, &u64)> = words
        .iter()
        .filter(|(w, c)| **c > 0 && pair_totals.contains_key(*w))
        .collect();
    // Ties broken by the word, so the same input always gives the same table.
    frequent.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let mut ratios: Vec<f64> = frequent
        .iter()
        .take(10)
        .map(|(w, c)| pair_totals[*w] as f64 / **c as f64)
        .collect();
    if ratios.is_empty() {
        return 1.0;
    }
    ratios.sort_by(f64::total_cmp);
    ratios[ratios.len() / 2].max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_table_reads_and_knows_common_english() {
        let counts = WordCounts::builtin();
        assert!(counts.len() > 300_000, "{}", counts.len());
        // Facts from the SymSpell counts: "round of" 230 M, "joint statement" 12.5 M,
        // smallest pair 6.4 M.
        let round_of = counts.pair("round", "of").unwrap();
        assert!((8.2..8.5).contains(&round_of), "{round_of}");
        assert!(counts.pair("joint", "statement").is_some());
        assert!(counts.pair("joint", "assertion").is_none());
        assert!(counts.pair("spherical", "of").is_none());
        assert!(counts.word("spherical").is_some());
        assert_eq!(counts.pair_floor(), 6.8);
        assert!(
            (1.3..2.0).contains(&counts.pair_scale()),
            "{}",
            counts.pair_scale()
        );
    }

    #[test]
    fn counts_round_trip_through_the_compact_format() {
        let text = "round of 230000000\n\nJoint Statement 12500000\nsaid that 5\nround 1000\n";
        let counts = WordCounts::from_counts_str(text, "t").unwrap();
        assert_eq!(counts.len(), 4);
        assert_eq!(counts.pair("joint", "statement"), Some(7.1));
        assert_eq!(counts.pair("said", "that"), Some(0.7));
        assert_eq!(counts.pair("of", "round"), None);
        assert_eq!(counts.word("round"), Some(3.0));
        assert_eq!(counts.word("joint"), None);
        assert_eq!(counts.pair_floor(), 0.7);
        // "round" starts pairs totalling 230,000,000 against its own count of 1,000.
        assert_eq!(counts.pair_scale(), 5.4);
        let back = WordCounts::from_bytes(&counts.to_bytes(), "t").unwrap();
        assert_eq!(back, counts);
    }

    #[test]
    fn bucket_filters_keep_every_held_hash_and_turn_most_others_away() {
        // 200,000 pseudo-random hashes, about three per bucket, each with its own score.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u32
        };
        let mut held = std::collections::HashMap::new();
        while held.len() < 200_000 {
            let score = (held.len() % 97) as u8;
            held.entry(next()).or_insert(score);
        }
        let counts = WordCounts::from_entries(held.iter().map(|(&h, &s)| (h, s)).collect(), 0, 0);
        for (&h, &score) in &held {
            assert_eq!(
                counts.lookup_hash(h),
                Some(f32::from(score) / 10.0),
                "{h:#x}"
            );
        }
        let (mut absent, mut turned_away) = (0, 0);
        for _ in 0..100_000 {
            let h = next();
            if held.contains_key(&h) {
                continue;
            }
            absent += 1;
            assert_eq!(counts.lookup_hash(h), None, "{h:#x}");
            if counts.filters[bucket_of(h)] & filter_bit(h) == 0 {
                turned_away += 1;
            }
        }
        // About three hashes a bucket, so about three of a filter's 16 bits are set: some
        // 82 % of absent hashes are turned away; 75 % leaves room for chance.
        assert!(turned_away * 100 > absent * 75, "{turned_away} of {absent}");
    }

    #[test]
    fn huge_counts_saturate_instead_of_wrapping() {
        // The pairs starting with "a" add up past u64::MAX: wrapping would give a total of 1
        // and a scale of 1 (log 0), saturating keeps it huge.
        let max = u64::MAX;
        let counts = WordCounts::from_counts_str(&format!("a 1\na b {max}\na c 2\n"), "x").unwrap();
        assert!(counts.pair_scale() > 19.0, "{}", counts.pair_scale());
        assert!(counts.pair("a", "b").is_some());
    }

    #[test]
    fn malformed_input_names_the_line() {
        let e = WordCounts::from_counts_str("a b 1\na b c d\n", "f.txt").unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("f.txt:2"), "{msg}");
        let e = WordCounts::from_counts_str("a b many\n", "f.txt").unwrap_err();
        assert!(e.to_string().contains("many"), "{e}");
        assert!(WordCounts::from_bytes(b"DSWP", "x").is_err());
        let mut bytes = WordCounts::from_counts_str("a b 1\nc d 2\n", "t")
            .unwrap()
            .to_bytes();
        bytes.pop();
        assert!(WordCounts::from_bytes(&bytes, "x").is_err());
    }
}
