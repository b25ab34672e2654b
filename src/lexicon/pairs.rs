//! [`Entry`] (one spun -> original pair) and [`Lexicon`] (a validated set of them).

use crate::error::{Error, Result};
use crate::family::Family;
use crate::text::tokenize::{normalize_key_into, Words};
use serde::{Deserialize, Serialize};

/// Words either side of a match that [`Entry::context`](crate::Entry::context) words are
/// looked for in, to choose among several candidate originals.
pub const CONTEXT_WORDS: usize = 3;

/// One spun -> original pair.
///
/// `weight` in `(0, 1]` says how sure a match of `spun` alone (outside quotations) makes
/// us that the text was spun: about `0.9` for artifacts that are almost never normal
/// English ("most cancers"), `0.6`–`0.8` for words usually spun but with real uses
/// ("assertion"), `0.3`–`0.5` for ordinary words the spinner also produces ("power").
/// The detector rewrites weak entries only next to other evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Entry {
    /// The phrase as the spinner writes it (one or more words).
    pub spun: String,
    /// The phrase it most likely replaced; empty for a *flag-only* entry, whose
    /// correction is unknown (see [`Entry::flag_only`]).
    pub original: String,
    /// Which rewriter produces this pair.
    pub family: Family,
    /// Strength of the evidence, in `(0, 1]`.
    pub weight: f32,
    /// A condition on the whole document that a match of `spun` needs in order to count,
    /// e.g. the PPS fingerprint `"profound learning" AND "deep learning"`; `None` for a
    /// plain pair. The detector drops matches whose condition fails on the text it was
    /// given (see [`Condition`](crate::Condition)). Not part of the TSV format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<crate::lexicon::query::Condition>,
    /// Words seen right next to the spun phrase where it stood for this original
    /// (normalisation keys, most telling first; usually empty). When a match has several
    /// candidate originals, the detector puts first the one with the most of its context
    /// words within [`CONTEXT_WORDS`](CONTEXT_WORDS) words either side, weight
    /// deciding ties: `instantly` next to "went" reads "straight", elsewhere "immediately".
    /// The optional fifth TSV field, words separated by spaces.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<String>,
}

/// Weight of rows that give none (a plain two-column file).
pub const DEFAULT_WEIGHT: f32 = 1.0;

/// Context words as keys (through the one word-key function the detector compares words
/// with), in order, without duplicates, and without keys that are not one word themselves
/// (found by the `tsv` fuzz target: `ʼ` is a letter but its key `'` is no word, and `İ-s`
/// folds to a dotted `i` that no longer joins the hyphen), which could not be written to
/// TSV and read back.
fn context_keys<S: AsRef<str>>(words: impl IntoIterator<Item = S>) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    let mut key = String::new();
    for word in words {
        crate::text::tokenize::word_key_into(word.as_ref(), &mut key);
        if crate::text::tokenize::tokenize(&key).len() == 1 && !keys.contains(&key) {
            keys.push(key.clone());
        }
    }
    keys
}

impl Entry {
    /// A validated entry. Sides are trimmed; see [`Lexicon::push`] for the rules.
    pub fn new(
        spun: impl Into<String>,
        original: impl Into<String>,
        family: Family,
        weight: f32,
    ) -> Result<Entry> {
        let entry = Entry {
            spun: spun.into().trim().to_owned(),
            original: original.into().trim().to_owned(),
            family,
            weight,
            condition: None,
            context: Vec::new(),
        };
        entry
            .validate()
            .map_err(|(column, message)| Error::lexicon("<entry>", 0, column, message))?;
        Ok(entry)
    }

    /// A validated *flag-only* entry: a phrase known to be rewriter output whose
    /// original is unknown (a PPS fingerprint listed with `???`). Its matches are reported
    /// and accepted like any other (a paper screen counts them), but reconstruction never
    /// rewrites them, and their candidate's `original` is empty. In TSV its original is
    /// written `???`.
    ///
    /// ```
    /// let e = despin::Entry::flag_only("bosom peril", despin::Family::TorturedScience, 0.95).unwrap();
    /// assert!(e.is_flag_only());
    /// let mut lexicon = despin::Lexicon::new();
    /// lexicon.push(e).unwrap();
    /// let d = despin::Detector::builder().builtin(false).lexicon(lexicon).build().unwrap();
    /// let text = "Screening for bosom peril saves lives.";
    /// let report = d.analyze(text);
    /// assert!(report.findings[0].accepted && report.findings[0].original().is_empty());
    /// assert_eq!(report.reconstruct(text).text, text);
    /// ```
    pub fn flag_only(spun: impl Into<String>, family: Family, weight: f32) -> Result<Entry> {
        Entry::new(spun, "", family, weight)
    }

    /// True for a [flag-only](Entry::flag_only) entry (its original is empty).
    pub fn is_flag_only(&self) -> bool {
        self.original.is_empty()
    }

    /// The same entry with these context words (each folded to its key; words that
    /// fold to nothing are dropped). See [`Entry::context`].
    pub fn with_context<S: AsRef<str>>(mut self, words: impl IntoIterator<Item = S>) -> Entry {
        self.context = context_keys(words);
        self
    }

    /// The same entry, counted only in documents where `condition` holds.
    pub fn with_condition(mut self, condition: crate::lexicon::query::Condition) -> Entry {
        self.condition = Some(condition);
        self
    }

    /// Check the entry; on failure return the 1-based TSV field at fault and a message.
    pub(crate) fn validate(&self) -> std::result::Result<(), (Option<usize>, String)> {
        self.validate_into(&mut PairKey::default())
    }

    /// [`validate`](Self::validate), leaving the entry's [`PairKey`] in `key` (when it
    /// is valid): a loader inserts it next without computing the keys again.
    pub(crate) fn validate_into(
        &self,
        key: &mut PairKey,
    ) -> std::result::Result<(), (Option<usize>, String)> {
        key.set(self);
        if !has_word(&self.spun) {
            return Err((Some(1), "the spun side has no word in it".into()));
        }
        // Empty is a flag-only entry; anything else must hold a word.
        if !self.original.is_empty() && !has_word(&self.original) {
            return Err((Some(2), "the original side has no word in it".into()));
        }
        if key.spun() == key.original() {
            return Err((
                Some(2),
                format!("identity pair: {:?} maps to itself", self.spun),
            ));
        }
        if self.family.label().is_empty() || self.family.label().contains(char::is_whitespace) {
            return Err((
                Some(3),
                "the family label must be one word with no spaces".into(),
            ));
        }
        if !(self.weight.is_finite() && self.weight > 0.0 && self.weight <= 1.0) {
            return Err((Some(4), format!("weight {} is outside (0, 1]", self.weight)));
        }
        Ok(())
    }
}

/// Does `side` hold a word? A side that starts with an ASCII letter or digit does (the
/// tokenizer starts a word at every one), which spares most rows of a large lexicon a
/// scan; otherwise the first word of the scan decides (no token list is built).
fn has_word(side: &str) -> bool {
    side.as_bytes()
        .first()
        .is_some_and(u8::is_ascii_alphanumeric)
        || Words::new(side).next().is_some()
}

/// The (spun, original) normalisation keys of an entry, by which a [`Lexicon`] finds an
/// equal pair, held as one string `spun<TAB>original`: a key never holds a TAB (every
/// space folds to `' '`), so the pair reads back unambiguously, and a loader reuses one
/// buffer for every row and a lexicon stores one string per entry, not two.
#[derive(Debug, Default)]
pub(crate) struct PairKey {
    /// `spun key`, TAB, `original key`.
    text: String,
    /// Where the TAB is.
    tab: usize,
    /// The original's key on its own (`normalize_key_into` clears its output).
    scratch: String,
}

impl PairKey {
    /// The keys of `entry` (the buffers are reused).
    pub(crate) fn set(&mut self, entry: &Entry) {
        normalize_key_into(&entry.spun, &mut self.text);
        self.tab = self.text.len();
        normalize_key_into(&entry.original, &mut self.scratch);
        self.text.push('\t');
        self.text.push_str(&self.scratch);
    }

    fn spun(&self) -> &str {
        &self.text[..self.tab]
    }

    fn original(&self) -> &str {
        &self.text[self.tab + 1..]
    }
}

/// A set of spun -> original pairs.
///
/// A lexicon is plain data: load it from TSV, build it in code, (de)serialise it with serde,
/// and merge several; then compile it into a [`Detector`](crate::Detector). Within one
/// lexicon a `(spun, original)` pair (compared by normalisation key) appears once: a later
/// row or a merged lexicon replaces the earlier entry, so a user file can re-weight a
/// built-in pair.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "LexiconData", into = "LexiconData")]
pub struct Lexicon {
    pub(super) entries: Vec<Entry>,
    /// Position in `entries` of each [`PairKey`] text (the Fx hasher, as the index's maps:
    /// a large lexicon hashes every row's keys on load).
    #[serde(skip)]
    positions: rustc_hash::FxHashMap<Box<str>, usize>,
}

/// The serialised shape of a lexicon: `{"entries": [...]}`.
#[derive(Serialize, Deserialize)]
struct LexiconData {
    entries: Vec<Entry>,
}

impl TryFrom<LexiconData> for Lexicon {
    type Error = Error;
    fn try_from(data: LexiconData) -> Result<Lexicon> {
        let mut lexicon = Lexicon::new();
        for (i, entry) in data.entries.into_iter().enumerate() {
            entry
                .validate()
                .map_err(|(column, message)| Error::lexicon("<serde>", i + 1, column, message))?;
            lexicon.insert(entry);
        }
        Ok(lexicon)
    }
}

impl From<Lexicon> for LexiconData {
    fn from(l: Lexicon) -> LexiconData {
        LexiconData { entries: l.entries }
    }
}

impl Lexicon {
    /// An empty lexicon.
    pub fn new() -> Lexicon {
        Lexicon::default()
    }

    /// Add a validated entry. Rules: the spun side contains a word and the original is
    /// either empty ([flag-only](Entry::flag_only)) or contains a word; they differ after
    /// normalisation; the family label is one word; the weight is in `(0, 1]`. An entry with
    /// the same (spun, original) keys as an existing one replaces it.
    pub fn push(&mut self, entry: Entry) -> Result<()> {
        entry
            .validate()
            .map_err(|(column, message)| Error::lexicon("<push>", 0, column, message))?;
        self.insert(entry);
        Ok(())
    }

    /// Insert an already validated entry.
    pub(crate) fn insert(&mut self, entry: Entry) {
        let mut key = PairKey::default();
        key.set(&entry);
        self.insert_keyed(entry, &key);
    }

    /// Insert an already validated entry whose keys are `key` ([`PairKey::set`]).
    pub(crate) fn insert_keyed(&mut self, entry: Entry, key: &PairKey) {
        match self.positions.get(key.text.as_str()) {
            Some(&i) => self.entries[i] = entry,
            None => {
                self.positions
                    .insert(key.text.as_str().into(), self.entries.len());
                self.entries.push(entry);
            }
        }
    }

    /// Add every entry of `other`; its entries replace equal pairs already here.
    pub fn merge(&mut self, other: &Lexicon) {
        // One key buffer for every entry (`insert` would allocate one per entry).
        let mut key = PairKey::default();
        for entry in &other.entries {
            key.set(entry);
            self.insert_keyed(entry.clone(), &key);
        }
    }

    /// The entries, in insertion order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entries, taken out of the lexicon.
    pub(crate) fn into_entries(self) -> Vec<Entry> {
        self.entries
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
