//! The compiled phrase index: leftmost-longest lookup of lexicon phrases over token keys.
//!
//! Words of the lexicon's spun phrases get integer ids; phrases become paths in a trie
//! keyed by `(node, word id)` (the root's children in a dense table, since every word
//! start looks there). Matching walks the trie from each word start and keeps the longest
//! phrase that ends there, then continues after it (leftmost-longest). Two more tiers hang
//! off the same walk:
//!
//! * **stemmed**: the last word of a phrase may be another inflection of the entry's word
//!   (`coached` for `coaching`, `assertions` for `assertion`). At build time every entry's
//!   last word is expanded into the inflections that can be reproduced in the original
//!   ([`transition`], [`reinflect_as`]), each kept only when its Porter2 stem equals the
//!   entry word's stem, with the re-inflected originals precomputed. At match time this
//!   tier is one more hash lookup: no text is stemmed.
//! * **fuzzy** (off by default): a multiword phrase whose key is within a normalised
//!   Levenshtein similarity of an entry's key, anchored on its first or second word.

use crate::finding::Tier;
use crate::lexicon::{Entry, Lexicon};
use crate::matching::entry_card::EntryCard;
use crate::matching::id_table::{FastMap, IdTable, MidKeyTable, MID_KEY_LENS};
use crate::text::inflect::{analyses, make, reinflect_as, transition, Form};
use crate::text::tokenize::{
    ascii_lowercase_packed, pack_short_key as pack_short, word_key_into, Token, Words,
};
use rust_stemmers::{Algorithm, Stemmer};
use std::hash::BuildHasher;
use std::sync::Arc;

/// Entries weaker than this match only the forms the lexicon lists.
pub const MIN_INFLECTED_WEIGHT: f32 = 0.5;

/// ASCII words up to this many bytes are lowercased in a stack buffer.
const ASCII_KEY_BUFFER: usize = 32;

/// Marks "no such word / node / group".
const NONE: u32 = u32::MAX;

/// The groups (phrases that share one spun key) of a lexicon, flat: every group's key
/// (its words' normalisation keys joined by single spaces) in one string, and where each
/// of its words ends. A group as a record of its own (a vector of word strings and a key
/// string) cost a 100k-row lexicon half a million allocations to build and to free.
/// Each group's entries are in [`Index::group_entries`].
#[derive(Debug)]
struct Groups {
    /// Every group's key, one after another.
    keys: String,
    /// Where each group's key starts in `keys`; one more item than groups.
    key_start: Vec<usize>,
    /// Where each word of each group ends in `keys`, group after group.
    word_end: Vec<usize>,
    /// Where each group's words start in `word_end`; one more item than groups.
    word_start: Vec<usize>,
}

impl Groups {
    fn new() -> Groups {
        Groups {
            keys: String::new(),
            key_start: vec![0],
            word_end: Vec::new(),
            word_start: vec![0],
        }
    }

    /// Add a group of these word keys (at least one).
    fn push(&mut self, words: &[String]) {
        for (k, word) in words.iter().enumerate() {
            if k > 0 {
                self.keys.push(' ');
            }
            self.keys.push_str(word);
            self.word_end.push(self.keys.len());
        }
        self.key_start.push(self.keys.len());
        self.word_start.push(self.word_end.len());
    }

    fn len(&self) -> usize {
        self.key_start.len() - 1
    }

    /// Group `g`'s key.
    fn key(&self, g: u32) -> &str {
        let g = g as usize;
        &self.keys[self.key_start[g]..self.key_start[g + 1]]
    }

    /// How many words group `g`'s phrase has.
    fn word_count(&self, g: u32) -> usize {
        let g = g as usize;
        self.word_start[g + 1] - self.word_start[g]
    }

    /// Word `k` of group `g`'s phrase (its key).
    fn word(&self, g: u32, k: usize) -> &str {
        let w = self.word_start[g as usize] + k;
        let start = if k == 0 {
            self.key_start[g as usize]
        } else {
            // Past the space after the word before.
            self.word_end[w - 1] + 1
        };
        &self.keys[start..self.word_end[w]]
    }
}

/// One candidate original for a match: the entry and its text, re-inflected to the match
/// but not yet case-copied. Borrowed from the index.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Candidate<'a> {
    pub entry: u32,
    pub original: &'a Arc<str>,
}

/// The candidates of a match, best first, borrowed from the index: a match allocates
/// nothing, and most matches are dropped or kept without looking past the first.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Candidates<'a> {
    /// A group's entries, each with its original as listed.
    Listed {
        entries: &'a [u32],
        cards: &'a [EntryCard],
    },
    /// Precomputed re-inflected originals of the stemmed tier.
    Inflected(&'a [Inflected]),
}

impl<'a> Candidates<'a> {
    /// The candidates in order, best first.
    pub(crate) fn iter(self) -> impl Iterator<Item = Candidate<'a>> {
        let (entries, cards, inflected): (&[u32], &[EntryCard], &[Inflected]) = match self {
            Candidates::Listed { entries, cards } => (entries, cards, &[]),
            Candidates::Inflected(list) => (&[], &[], list),
        };
        let listed = entries.iter().map(move |&e| Candidate {
            entry: e,
            original: &cards[e as usize].original,
        });
        let inflected = inflected.iter().map(|c| Candidate {
            entry: c.entry,
            original: &c.original,
        });
        listed.chain(inflected)
    }

    /// How many candidates there are.
    pub(crate) fn len(self) -> usize {
        match self {
            Candidates::Listed { entries, .. } => entries.len(),
            Candidates::Inflected(list) => list.len(),
        }
    }

    fn is_empty(self) -> bool {
        self.len() == 0
    }
}

/// The entries of the group that ends at a trie node, as the walk reads them: none
/// (`count` 0), one (`first` is that entry: no second array is read, which with a large
/// lexicon is a cache miss saved per finding), or several
/// (`group_entries[first..first + count]`).
#[derive(Clone, Copy, Debug)]
struct NodeEntries {
    first: u32,
    count: u32,
}

impl NodeEntries {
    /// No group ends here.
    const NONE: NodeEntries = NodeEntries {
        first: NONE,
        count: 0,
    };

    /// The entries of group `g` (`NONE`: no group).
    fn of_group(g: u32, group_start: &[u32], group_entries: &[u32]) -> NodeEntries {
        if g == NONE {
            return NodeEntries::NONE;
        }
        let (from, to) = (group_start[g as usize], group_start[g as usize + 1]);
        match to - from {
            1 => NodeEntries {
                first: group_entries[from as usize],
                count: 1,
            },
            count => NodeEntries { first: from, count },
        }
    }

    /// The entries, best first, from `group_entries` or from the record itself.
    fn entries<'a>(&'a self, group_entries: &'a [u32]) -> &'a [u32] {
        match self.count {
            0 => &[],
            1 => std::slice::from_ref(&self.first),
            count => {
                let from = self.first as usize;
                group_entries
                    .get(from..from + count as usize)
                    .unwrap_or(&[])
            }
        }
    }
}

/// What the walk reads of a word id, in one 16-byte record: its child of the root, the
/// entries of the one-word phrase that ends there, and three flags ([`WordNode::STARTS`],
/// [`WordNode::INFLECTION`], [`WordNode::LAST`]). Three arrays and a fourth per node
/// before: each a cache miss for a rare word of a large lexicon.
#[derive(Clone, Copy, Debug)]
struct WordNode {
    /// Child of the root for this word (`NONE` if no phrase starts with it).
    child: u32,
    flags: u32,
    /// The entries of the group that ends at `child`.
    ends: NodeEntries,
}

impl WordNode {
    /// A match can start with the word (a child of the root, or an inflection of a
    /// one-word phrase). Most words the lexicon knows only continue phrases (`of`,
    /// `the`), and the walk skips them with this one load.
    const STARTS: u32 = 1;
    /// The word is an inflection registered in [`Index::inflected`]: spares a hash
    /// lookup for every other word.
    const INFLECTION: u32 = 2;
    /// No phrase goes on past the word (its child of the root has no children, so no
    /// inflected key hangs off it either): the walk stops without a lookup of the next
    /// word, which with a large lexicon is a cache miss per one-word match.
    const LAST: u32 = 4;
}

/// Where a walk ended: the entries of an exact phrase, or the inflected tier's key.
#[derive(Clone, Copy, Debug)]
enum Walked<'a> {
    Exact(&'a NodeEntries),
    Stemmed(u64),
}

/// A precomputed candidate of the inflected tier: the entry's original re-inflected.
#[derive(Debug)]
pub(crate) struct Inflected {
    entry: u32,
    original: Arc<str>,
}

/// A phrase found in the token stream.
#[derive(Debug)]
pub(crate) struct PhraseMatch<'a> {
    /// Token index range `first..end`.
    pub first: usize,
    pub end: usize,
    pub tier: Tier,
    /// 1.0 except for fuzzy matches.
    pub similarity: f32,
    /// Never empty; best first.
    pub candidates: Candidates<'a>,
}

/// Default minimum normalised Levenshtein similarity for the fuzzy tier when enabled.
pub const DEFAULT_FUZZY_SIMILARITY: f32 = 0.9;

/// How far the matcher may reach beyond exact keys.
#[derive(Clone, Copy, Debug)]
pub(crate) struct MatchOptions {
    pub stemming: bool,
    pub fuzzy_min_similarity: Option<f32>,
}

pub(crate) struct Index {
    entries: Vec<Entry>,
    /// Each entry's hot fields (its candidate as a finished list, shared spun phrase and
    /// original, weight, group, flags), what a finding reads, in one cache line per entry.
    cards: Vec<EntryCard>,
    groups: Groups,
    /// Word key bytes -> id, for words of more than eight bytes or not ASCII (the short
    /// ASCII ones are in `short_word_table` too). Bytes, not `str`, so an ASCII word
    /// lowercased on the stack is looked up without a UTF-8 check.
    words: FastMap<Box<[u8]>, u32>,
    /// The keys in `words` of [`MID_KEY_LENS`] bytes, stored whole in one table's slots
    /// (hashed with [`long_key_hash`]): most lexicon words longer than eight bytes.
    mid_words: MidKeyTable,
    /// A one-hash filter over every key in `words` ([`long_key_hash`]): most long words
    /// of a text are not in the lexicon, and this turns them away before the map hashes
    /// and compares their bytes.
    long_filter: Vec<u64>,
    /// `64 - log2(filter bits)`.
    long_filter_shift: u32,
    /// Child of the root for each word id (`NONE` if no phrase starts with it), while
    /// building; frozen into `word_nodes`.
    root: Vec<u32>,
    /// Per word id, what the walk reads of it (its child of the root and the entries
    /// that end there, whether a match can start with it, whether it is an inflection).
    word_nodes: Vec<WordNode>,
    /// `(node << 32 | word) -> child` for nodes other than the root (while building;
    /// emptied into `edge_table`).
    edges: FastMap<u64, u32>,
    /// `edges`, frozen for lookups.
    edge_table: IdTable,
    /// Group that ends at each node, or `NONE`.
    terminal: Vec<u32>,
    /// The entries of the group that ends at each node, for the walk.
    node_entries: Vec<NodeEntries>,
    /// `(parent node << 32 | word)` -> candidates, where `word` is an inflection of the last
    /// word of phrases whose other words lead to `parent node`.
    /// The candidates are `inflected_list[start..end]` for the map's `(start, end)`: one
    /// flat array rather than a vector per key (a large lexicon has one key per phrase).
    inflected: FastMap<u64, (u32, u32)>,
    /// Every key's candidates in `inflected`, best first, key after key.
    inflected_list: Vec<Inflected>,
    /// (group, position of the word in the group's phrase) for every first and second
    /// word of a multiword phrase, by word id (those of word `id` are
    /// `fuzzy_anchor_start[id]..fuzzy_anchor_start[id + 1]`), for fuzzy anchors. Two flat
    /// arrays rather than a vector per word: a large lexicon grew tens of thousands.
    fuzzy_anchors: Vec<(u32, u8)>,
    /// Where each word id's anchors start in `fuzzy_anchors`; one more item than words.
    fuzzy_anchor_start: Vec<u32>,
    /// Longest word key in bytes; longer ASCII tokens skip the lookup.
    max_word_bytes: usize,
    /// Most words in one spun phrase: how far a match can reach past its first word.
    max_phrase_words: usize,
    /// Every group's entries, highest weight first (file order among equals), one group
    /// after another, two small arrays rather than a group record and a vector it points
    /// to. An exact match finds its entries through its node's `NodeEntries` (a group of
    /// one entry there inline, reading neither array); the fuzzy tier and the build read
    /// them through `group_start`.
    group_entries: Vec<u32>,
    /// Where each group's entries start in `group_entries`; one more item than groups.
    group_start: Vec<u32>,
    /// Does any entry have a document condition? Without one, matches skip the check and
    /// never read their entries for it.
    any_condition: bool,
    /// The ids of ASCII word keys of at most 8 bytes, packed into a `u64`: most English
    /// words fit, and an integer key hashes and compares in one step.
    short_words: FastMap<u64, u32>,
    /// `short_words`, frozen for lookups.
    short_word_table: IdTable,
    /// Per word id: is it an inflection registered in `inflected`? While building;
    /// frozen into `word_nodes`.
    is_inflection: Vec<bool>,
}

/// The first and the last eight bytes of `key` (of at least eight bytes), little-endian.
#[inline]
fn head_and_tail(key: &[u8]) -> (u64, u64) {
    let len = key.len();
    let mut a = [0u8; 8];
    let mut b = [0u8; 8];
    a.copy_from_slice(&key[..8]);
    b.copy_from_slice(&key[len - 8..]);
    (u64::from_le_bytes(a), u64::from_le_bytes(b))
}

/// A hash of a word key for `long_filter` from its first and last eight bytes
/// ([`head_and_tail`]; for a shorter key, the packed key and 0) and its length, mixed by
/// one multiplication.
#[inline]
fn long_key_hash(head: u64, tail: u64, len: usize) -> u64 {
    (head ^ tail.rotate_left(29) ^ len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// What [`long_key_hash`] and [`MidKeyTable`] take of a key: its first and last eight
/// bytes ([`head_and_tail`]), or for a shorter key the packed key and 0.
#[inline]
fn key_ends(key: &[u8]) -> (u64, u64) {
    if key.len() >= 8 {
        head_and_tail(key)
    } else {
        (pack_short(key), 0)
    }
}

fn edge_key(node: u32, word: u32) -> u64 {
    ((node as u64) << 32) | word as u64
}

/// Scratch for one block of tokens: each token's word id, and (only when the fuzzy tier
/// is on) its key. Reused from block to block.
#[derive(Debug, Default)]
pub(crate) struct TokenKeys {
    ids: Vec<u32>,
    buf: String,
    ranges: Vec<(u32, u32)>,
}

impl TokenKeys {
    /// Append the next word's id (the pass fills ids as words arrive; see
    /// [`Index::id_of`]).
    #[inline]
    pub(crate) fn push(&mut self, id: u32) {
        self.ids.push(id);
    }

    /// Forget the first `n` words' ids (and keys), as the window moves on.
    pub(crate) fn drain_front(&mut self, n: usize) {
        self.ids.drain(..n.min(self.ids.len()));
        // Keys are kept only by `keys_into`, which rebuilds them per block.
        self.buf.clear();
        self.ranges.clear();
    }

    fn key(&self, i: usize) -> &str {
        let (s, e) = self.ranges[i];
        &self.buf[s as usize..e as usize]
    }
}

/// Inflections a phrase-final word may take in text and still be re-inflected safely,
/// each with the change of form from the word to it ([`transition`]).
fn inflections_of(word: &str, stemmer: &Stemmer) -> Vec<Variant> {
    let stem = stemmer.stem(word);
    let readings = analyses(word);
    let mut out: Vec<Variant> = Vec::new();
    for (base, form) in &readings {
        let targets: &[Form] = match form {
            Form::Base => &[Form::S],
            Form::S => &[Form::Base],
            Form::Ed => &[Form::Ing],
            Form::Ing => &[Form::Ed],
        };
        for &target in targets {
            let variant = make(base, target);
            if variant != word
                && !out.iter().any(|(v, _)| *v == variant)
                && stemmer.stem(&variant) == stem
            {
                let change = transition(&readings, &variant);
                out.push((variant, change));
            }
        }
    }
    out
}

/// Whether some entry of `group` (indices into `entries`) weighs enough to be matched
/// inflected: only then are its phrase-final word's inflections needed.
fn any_inflected(group: &[u32], entries: &[Entry]) -> bool {
    group
        .iter()
        .any(|&e| entries[e as usize].weight >= MIN_INFLECTED_WEIGHT)
}

/// Fewest phrase-final words a build thread is given (see [`inflections_in_parallel`]).
const MIN_WORDS_PER_THREAD: usize = 1_000;

/// Below this many distinct phrase-final words to inflect, the build stems them on the
/// calling thread (the built-in lexicon has about 1,500; a thread costs more than it saves).
const PARALLEL_INFLECTION_WORDS: usize = 4_000;

/// The inflections ([`inflections_of`]) of every distinct phrase-final word that some
/// entry strong enough to be inflected ends with, computed on `threads` threads when
/// there are at least [`PARALLEL_INFLECTION_WORDS`] of them, else none (the build then
/// computes each as it meets it). Why: stemming was a third of building a detector on a
/// 10k-pair lexicon, all of it before the first text could be read.
fn inflections_in_parallel(
    groups: &Groups,
    group_start: &[u32],
    group_entries: &[u32],
    entries: &[Entry],
    threads: usize,
) -> FastMap<String, Vec<Variant>> {
    let mut forms = FastMap::default();
    // Fewer groups than the threshold: fewer distinct last words too.
    if threads <= 1 || groups.len() < PARALLEL_INFLECTION_WORDS {
        return forms;
    }
    let mut seen: std::collections::HashSet<&str, rustc_hash::FxBuildHasher> = Default::default();
    let mut lasts: Vec<&str> = Vec::new();
    for g in 0..groups.len() as u32 {
        let (from, to) = (group_start[g as usize], group_start[g as usize + 1]);
        let strong = any_inflected(&group_entries[from as usize..to as usize], entries);
        let last = groups.word(g, groups.word_count(g) - 1);
        if strong && seen.insert(last) {
            lasts.push(last);
        }
    }
    if lasts.len() < PARALLEL_INFLECTION_WORDS {
        return forms;
    }
    // At least MIN_WORDS_PER_THREAD words a thread, so that a large `threads` setting
    // does not start a thread per word.
    let threads = threads.min(lasts.len() / MIN_WORDS_PER_THREAD).max(1);
    let chunk = lasts.len().div_ceil(threads);
    let inflect_all = |words: &[&str]| -> Vec<(String, Vec<Variant>)> {
        let stemmer = Stemmer::create(Algorithm::English);
        words
            .iter()
            .map(|&w| (w.to_owned(), inflections_of(w, &stemmer)))
            .collect()
    };
    let done: Vec<Vec<(String, Vec<Variant>)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = lasts
            .chunks(chunk)
            .map(|words| {
                // A thread the system refuses: this chunk is done on the calling thread.
                std::thread::Builder::new()
                    .spawn_scoped(scope, move || inflect_all(words))
                    .map_err(|_| words)
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| match worker {
                // `inflections_of` does not panic (every word is a key the tokenizer
                // made); should it, re-raise rather than build without its inflections.
                Ok(thread) => thread
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p)),
                Err(words) => inflect_all(words),
            })
            .collect()
    });
    forms.reserve(lasts.len());
    forms.extend(done.into_iter().flatten());
    forms
}

impl Index {
    /// Compile `lexicon`, taking its entries over (no copy of a large lexicon). A large
    /// lexicon's inflections are computed on up to `threads` threads.
    pub(crate) fn build(lexicon: Lexicon, threads: usize) -> Index {
        let stemmer = Stemmer::create(Algorithm::English);
        let entries: Vec<Entry> = lexicon.into_entries();
        let mut groups = Groups::new();
        // Groups by key, through the key's hash: the first group of each hash here, any
        // other of the same hash chained in `same_hash` (keys are compared, so a
        // collision costs a comparison, never a wrong group). No key string is copied.
        let mut first_of_hash: FastMap<u64, u32> = FastMap::default();
        first_of_hash.reserve(entries.len());
        let mut same_hash: Vec<u32> = Vec::new();
        let mut entry_group: Vec<u32> = Vec::with_capacity(entries.len());
        // One entry's word keys ([`word_keys`] of its spun phrase) and their join, in
        // buffers reused from entry to entry.
        let mut words: Vec<String> = Vec::new();
        let mut joined = String::new();
        for entry in &entries {
            let mut n = 0;
            joined.clear();
            for (t, code) in Words::new(&entry.spun) {
                if n == words.len() {
                    words.push(String::new());
                }
                if code != 0 {
                    // The scan packed this short ASCII word's key already (its lower case,
                    // little-endian, zero-padded): unpack it rather than fold the word again.
                    let key = &mut words[n];
                    key.clear();
                    let len = 8 - (code.leading_zeros() / 8) as usize;
                    key.extend(code.to_le_bytes()[..len].iter().map(|&b| b as char));
                } else {
                    word_key_into(&entry.spun[t.span.range()], &mut words[n]);
                }
                if n > 0 {
                    joined.push(' ');
                }
                joined.push_str(&words[n]);
                n += 1;
            }
            let hash = rustc_hash::FxBuildHasher.hash_one(joined.as_str());
            let mut g = first_of_hash.get(&hash).copied().unwrap_or(NONE);
            while g != NONE && groups.key(g) != joined {
                g = same_hash[g as usize];
            }
            if g == NONE {
                g = groups.len() as u32;
                groups.push(&words[..n]);
                same_hash.push(first_of_hash.insert(hash, g).unwrap_or(NONE));
            }
            entry_group.push(g);
        }
        drop(first_of_hash);
        drop(same_hash);
        // Each group's entries, one group after another in file order, then best first:
        // the stable sort keeps file order among equal weights.
        let (group_start, mut group_entries) = bucketed(
            entry_group
                .iter()
                .enumerate()
                .map(|(i, &g)| (g, i as u32))
                .collect(),
            groups.len(),
        );
        for g in 0..groups.len() {
            let list = &mut group_entries[group_start[g] as usize..group_start[g + 1] as usize];
            if list.len() > 1 {
                list.sort_by(|&a, &b| {
                    entries[b as usize]
                        .weight
                        .total_cmp(&entries[a as usize].weight)
                });
            }
        }

        let mut index = Index {
            cards: entries
                .iter()
                .zip(&entry_group)
                .map(|(e, &g)| EntryCard::new(e, g))
                .collect(),
            entries,
            groups: Groups::new(),
            words: FastMap::default(),
            mid_words: MidKeyTable::new(&[]),
            long_filter: Vec::new(),
            long_filter_shift: 0,
            root: Vec::new(),
            word_nodes: Vec::new(),
            edges: FastMap::default(),
            edge_table: IdTable::from_map(&FastMap::default()),
            terminal: vec![NONE],
            node_entries: Vec::new(),
            inflected: FastMap::default(),
            inflected_list: Vec::new(),
            fuzzy_anchors: Vec::new(),
            fuzzy_anchor_start: Vec::new(),
            max_word_bytes: 0,
            max_phrase_words: (0..groups.len() as u32)
                .map(|g| groups.word_count(g))
                .max()
                .unwrap_or(0),
            group_entries: Vec::new(),
            group_start: Vec::new(),
            any_condition: false,
            short_words: FastMap::default(),
            short_word_table: IdTable::from_map(&FastMap::default()),
            is_inflection: Vec::new(),
        };
        // Inflections of each distinct last word and re-inflections of each distinct
        // original, computed once (a large lexicon's inflections all at once, on threads).
        let mut cache = InflectionCache {
            forms: inflections_in_parallel(
                &groups,
                &group_start,
                &group_entries,
                &index.entries,
                threads,
            ),
            ..InflectionCache::default()
        };
        // (word id, (group, position)) of every fuzzy anchor, in group order; bucketed by
        // word id once every word has its id.
        let mut anchors: Vec<(u32, (u32, u8))> = Vec::new();
        for g in 0..groups.len() as u32 {
            let mut node = 0u32;
            let count = groups.word_count(g);
            let last = count - 1;
            for pos in 0..count {
                let word = groups.word(g, pos);
                let id = index.word_id(word);
                if pos == last {
                    let (from, to) = (group_start[g as usize], group_start[g as usize + 1]);
                    let group = &group_entries[from as usize..to as usize];
                    index.add_inflections(node, word, group, &stemmer, &mut cache);
                }
                if pos < 2 && count >= 2 {
                    anchors.push((id, (g, pos as u8)));
                }
                node = index.child_or_insert(node, id);
            }
            index.terminal[node as usize] = g;
        }
        (index.fuzzy_anchor_start, index.fuzzy_anchors) = bucketed(anchors, index.words.len());
        // The inflected tier's candidates, key after key: while building, `inflected`
        // holds each key's slot (in the order keys were first met); bucketed by slot, each
        // key's candidates stay in the order they were added, then go best first (the
        // stable sort keeps that order among equal weights).
        let (start, list) = bucketed(std::mem::take(&mut cache.pending), index.inflected.len());
        drop(cache);
        index.inflected_list = list;
        for range in index.inflected.values_mut() {
            let slot = range.0 as usize;
            *range = (start[slot], start[slot + 1]);
            let entries = &index.entries;
            index.inflected_list[range.0 as usize..range.1 as usize].sort_by(|a, b| {
                entries[b.entry as usize]
                    .weight
                    .total_cmp(&entries[a.entry as usize].weight)
            });
        }
        index.group_entries = group_entries;
        index.group_start = group_start;
        index.any_condition = index.entries.iter().any(|e| e.condition.is_some());
        index.groups = groups;
        let mut has_children = vec![false; index.terminal.len()];
        for key in index.edges.keys() {
            has_children[(key >> 32) as usize] = true;
        }
        index.edge_table = IdTable::from_map(&std::mem::take(&mut index.edges));
        index.short_word_table = IdTable::from_map(&std::mem::take(&mut index.short_words));
        let filter_bits = (index.words.len() * 16).next_power_of_two().max(64);
        index.long_filter = vec![0; filter_bits / 64];
        index.long_filter_shift = 64 - filter_bits.trailing_zeros();
        let mut mid = Vec::new();
        for (key, &id) in &index.words {
            let (head, tail) = key_ends(key);
            let hash = long_key_hash(head, tail, key.len());
            let bit = (hash >> index.long_filter_shift) as usize;
            index.long_filter[bit / 64] |= 1 << (bit % 64);
            if MID_KEY_LENS.contains(&key.len()) {
                mid.push((head, tail, key.len(), hash, id));
            }
        }
        index.mid_words = MidKeyTable::new(&mid);
        index.node_entries = index
            .terminal
            .iter()
            .map(|&g| NodeEntries::of_group(g, &index.group_start, &index.group_entries))
            .collect();
        let root = std::mem::take(&mut index.root);
        let is_inflection = std::mem::take(&mut index.is_inflection);
        index.word_nodes = root
            .iter()
            .zip(&is_inflection)
            .enumerate()
            .map(|(id, (&child, &inflection))| {
                let mut flags = 0;
                if inflection {
                    flags |= WordNode::INFLECTION;
                }
                if child != NONE
                    || (inflection && index.inflected.contains_key(&edge_key(0, id as u32)))
                {
                    flags |= WordNode::STARTS;
                }
                if child != NONE && !has_children[child as usize] {
                    flags |= WordNode::LAST;
                }
                WordNode {
                    child,
                    flags,
                    ends: index
                        .node_entries
                        .get(child as usize)
                        .copied()
                        .unwrap_or(NodeEntries::NONE),
                }
            })
            .collect();
        index
    }

    fn word_id(&mut self, word: &str) -> u32 {
        // Most calls find a word already known: look it up before copying its key.
        if let Some(&id) = self.words.get(word.as_bytes()) {
            return id;
        }
        self.max_word_bytes = self.max_word_bytes.max(word.len());
        let id = self.words.len() as u32;
        self.words.insert(word.as_bytes().into(), id);
        self.root.resize(id as usize + 1, NONE);
        self.is_inflection.resize(id as usize + 1, false);
        if word.len() <= 8 && word.is_ascii() {
            self.short_words.insert(pack_short(word.as_bytes()), id);
        }
        id
    }

    fn child_or_insert(&mut self, node: u32, word: u32) -> u32 {
        // While building, edges live in the growable map (`child` reads the frozen table).
        let existing = if node == 0 {
            self.root[word as usize]
        } else {
            self.edges
                .get(&edge_key(node, word))
                .copied()
                .unwrap_or(NONE)
        };
        if existing != NONE {
            return existing;
        }
        let child = self.terminal.len() as u32;
        self.terminal.push(NONE);
        if node == 0 {
            self.root[word as usize] = child;
        } else {
            self.edges.insert(edge_key(node, word), child);
        }
        child
    }

    #[inline]
    fn child(&self, node: u32, word: u32) -> u32 {
        if node == 0 {
            self.word_nodes.get(word as usize).map_or(NONE, |w| w.child)
        } else {
            self.edge_table.get(edge_key(node, word)).unwrap_or(NONE)
        }
    }

    /// Register the inflections of `last`, the last word of a group whose entries are
    /// `group`, under `parent`. Only entries of at least [`MIN_INFLECTED_WEIGHT`] get
    /// inflections: a weak entry is ordinary English already, and its other forms are
    /// more often the author's own words.
    fn add_inflections(
        &mut self,
        parent: u32,
        last: &str,
        group: &[u32],
        stemmer: &Stemmer,
        cache: &mut InflectionCache,
    ) {
        // Without an entry strong enough no candidate is kept: spare the stemmer.
        if !any_inflected(group, &self.entries) {
            return;
        }
        let InflectionCache {
            forms,
            originals,
            pending,
        } = cache;
        // Phrases of a large lexicon share last words: stem and analyse each word once.
        if !forms.contains_key(last) {
            forms.insert(last.to_owned(), inflections_of(last, stemmer));
        }
        let variants = forms.get(last).map_or(&[][..], Vec::as_slice);
        for (variant, change) in variants {
            let before = pending.len();
            for &e in group {
                let entry = &self.entries[e as usize];
                if entry.weight < MIN_INFLECTED_WEIGHT {
                    continue;
                }
                if let Some(original) = reinflect_phrase(&entry.original, *change, originals) {
                    // The slot is known once the variant has its id, below.
                    pending.push((0, Inflected { entry: e, original }));
                }
            }
            if pending.len() > before {
                let id = self.word_id(variant);
                self.is_inflection[id as usize] = true;
                let next_slot = self.inflected.len() as u32;
                let slot = self
                    .inflected
                    .entry(edge_key(parent, id))
                    .or_insert((next_slot, 0))
                    .0;
                for (s, _) in &mut pending[before..] {
                    *s = slot;
                }
            }
        }
    }

    /// Most words in one spun phrase.
    pub(crate) fn max_phrase_words(&self) -> usize {
        self.max_phrase_words
    }

    /// Number of groups (distinct spun keys).
    pub(crate) fn group_count(&self) -> usize {
        self.groups.len()
    }

    /// The group whose spun phrase has exactly these word keys, if any.
    pub(crate) fn group_of_keys(&self, keys: &[String]) -> Option<u32> {
        let mut node = 0;
        for key in keys {
            let id = *self.words.get(key.as_bytes())?;
            node = self.child(node, id);
            if node == NONE {
                return None;
            }
        }
        Some(self.terminal[node as usize]).filter(|&g| g != NONE && !keys.is_empty())
    }

    /// Number of lexicon entries compiled in.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// The spun key of a group: its word keys joined by single spaces.
    pub(crate) fn group_key(&self, group: u32) -> &str {
        self.groups.key(group)
    }

    /// Entry `i`'s hot fields: what a finding reads of it.
    #[inline]
    pub(crate) fn card(&self, i: u32) -> &EntryCard {
        &self.cards[i as usize]
    }

    /// Mark the entries of every group `g` with `inner[g]` as ones whose matches may lie
    /// inside a protected original ([`EntryCard::may_be_protected`]).
    pub(crate) fn mark_may_be_protected(&mut self, inner: &[bool]) {
        for card in &mut self.cards {
            if inner.get(card.group() as usize).copied().unwrap_or(false) {
                card.set_may_be_protected();
            }
        }
    }

    pub(crate) fn entry(&self, i: u32) -> &Entry {
        &self.entries[i as usize]
    }

    /// The id of a word of one to eight ASCII letters and digits from its packed,
    /// lowercased code (as [`for_each_word`](crate::text::tokenize::for_each_word) hands
    /// it over; not 0), or `NONE`.
    #[inline]
    pub(crate) fn short_id(&self, code: u64) -> u32 {
        self.short_word_table.get(code).unwrap_or(NONE)
    }

    /// The id of `word` (any word of a text), or `NONE`: what [`keys_into`](Self::keys_into)
    /// computes per token, for one word. `scratch` holds a non-ASCII word's key.
    pub(crate) fn id_of(&self, word: &str, scratch: &mut String) -> u32 {
        let bytes = word.as_bytes();
        if word.is_ascii() {
            let len = bytes.len();
            if (1..=8).contains(&len) {
                return self.short_id(ascii_lowercase_packed(pack_short(bytes)));
            }
            // A word longer than every lexicon word cannot match.
            if len > self.max_word_bytes {
                return NONE;
            }
            // The filter first, on the lowercased ends of the word as it stands (its key
            // is its lower case): most long words are not in the lexicon.
            let (head, tail) = head_and_tail(bytes);
            let hash = long_key_hash(
                ascii_lowercase_packed(head),
                ascii_lowercase_packed(tail),
                len,
            );
            if !self.long_filter_has(hash) {
                return NONE;
            }
            if MID_KEY_LENS.contains(&len) {
                // The key's ends are the word's, lowercased: no copy of the word.
                return self
                    .mid_words
                    .get(
                        ascii_lowercase_packed(head),
                        ascii_lowercase_packed(tail),
                        len,
                        hash,
                    )
                    .unwrap_or(NONE);
            }
            if len <= ASCII_KEY_BUFFER {
                // Lowercased on the stack, not through `scratch`.
                let mut ascii = [0u8; ASCII_KEY_BUFFER];
                let key = &mut ascii[..len];
                key.copy_from_slice(bytes);
                key.make_ascii_lowercase();
                return self.words.get(&*key).copied().unwrap_or(NONE);
            }
        }
        word_key_into(word, scratch);
        self.long_id(scratch.as_bytes())
    }

    /// The id of a word key looked up in `mid_words` or `words`, behind the filter.
    #[inline]
    fn long_id(&self, key: &[u8]) -> u32 {
        let (head, tail) = key_ends(key);
        let hash = long_key_hash(head, tail, key.len());
        if !self.long_filter_has(hash) {
            return NONE;
        }
        if MID_KEY_LENS.contains(&key.len()) {
            return self
                .mid_words
                .get(head, tail, key.len(), hash)
                .unwrap_or(NONE);
        }
        self.words.get(key).copied().unwrap_or(NONE)
    }

    /// Is the filter bit of this [`long_key_hash`] set?
    #[inline]
    fn long_filter_has(&self, hash: u64) -> bool {
        let bit = (hash >> self.long_filter_shift) as usize;
        self.long_filter[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// Word ids of `tokens` (and their keys if the fuzzy tier needs them), into `keys`.
    pub(crate) fn keys_into(
        &self,
        text: &str,
        tokens: &[Token],
        options: MatchOptions,
        keys: &mut TokenKeys,
    ) {
        let keep_keys = options.fuzzy_min_similarity.is_some();
        keys.ids.clear();
        keys.buf.clear();
        keys.ranges.clear();
        keys.ids.reserve(tokens.len());
        let mut scratch = String::new();
        let mut ascii = [0u8; ASCII_KEY_BUFFER];
        let bytes = text.as_bytes();
        for t in tokens {
            let len = t.span.len();
            if !keep_keys && (1..=8).contains(&len) {
                // Hottest path: most words are at most 8 bytes. Pack them into a `u64`;
                // when every byte is ASCII, lowercase all eight at once and look the code up.
                let code = match bytes.get(t.span.start..t.span.start + 8) {
                    // One unaligned load, then keep the word's bytes (little-endian: the
                    // low ones) and zero the rest.
                    Some(eight) => {
                        let mut b = [0u8; 8];
                        b.copy_from_slice(eight);
                        u64::from_le_bytes(b) & (u64::MAX >> (64 - 8 * len))
                    }
                    // The last word of the text: copy what there is.
                    None => pack_short(&bytes[t.span.range()]),
                };
                if code & 0x8080_8080_8080_8080 == 0 {
                    keys.ids.push(
                        self.short_word_table
                            .get(ascii_lowercase_packed(code))
                            .unwrap_or(NONE),
                    );
                    continue;
                }
            }
            let word = &text[t.span.range()];
            if !keep_keys && word.is_ascii() {
                // A word longer than every lexicon word cannot match, and a short ASCII
                // word is lowercased on the stack instead of through `scratch`.
                if word.len() > self.max_word_bytes {
                    keys.ids.push(NONE);
                    continue;
                }
                if word.len() <= ASCII_KEY_BUFFER {
                    let key = &mut ascii[..word.len()];
                    key.copy_from_slice(word.as_bytes());
                    key.make_ascii_lowercase();
                    keys.ids.push(self.long_id(key));
                    continue;
                }
            }
            word_key_into(word, &mut scratch);
            keys.ids.push(self.long_id(scratch.as_bytes()));
            if keep_keys {
                let start = keys.buf.len() as u32;
                keys.buf.push_str(&scratch);
                keys.ranges.push((start, keys.buf.len() as u32));
            }
        }
    }

    /// Phrase matches that start at tokens `from..limit`, leftmost-longest,
    /// non-overlapping, in token order, each handed to `found`. A match may end past
    /// `limit` (it reads up to [`max_phrase_words`](Self::max_phrase_words) + 1 tokens
    /// ahead). Returns the token where matching resumes (`limit` or the end of a match
    /// that ran past it).
    pub(crate) fn find<'a>(
        &'a self,
        keys: &TokenKeys,
        from: usize,
        limit: usize,
        options: MatchOptions,
        mut found: impl FnMut(PhraseMatch<'a>),
    ) -> usize {
        let n = limit.min(keys.ids.len());
        let mut i = from;
        if options.fuzzy_min_similarity.is_none() {
            // No near misses: only words that can start a phrase start a walk, and a walk
            // that finds nothing moves on by one word.
            let ids = &keys.ids[..];
            while i < n {
                let Some(first) = self
                    .word_nodes
                    .get(ids[i] as usize)
                    .filter(|w| w.flags & WordNode::STARTS != 0)
                else {
                    i += 1;
                    continue;
                };
                match self
                    .walk_from(first, ids, i, options.stemming)
                    .and_then(|best| self.phrase_match(i, best))
                {
                    Some(m) => {
                        i = m.end;
                        found(m);
                    }
                    None => i += 1,
                }
            }
            return i.max(n);
        }
        while i < n {
            match self.longest_at(keys, i, options) {
                // A near miss must not hide an exact or stemmed match that starts inside
                // it (`the correspondence` read as a typo of a longer phrase): the next
                // word gets its chance first.
                Some(m) if m.tier == Tier::Fuzzy && self.certain_match_at(keys, i + 1, options) => {
                    i += 1;
                }
                Some(m) => {
                    i = m.end;
                    found(m);
                }
                None => i += 1,
            }
        }
        i.max(n)
    }

    /// Does an exact or stemmed phrase start at token `i`?
    fn certain_match_at(&self, keys: &TokenKeys, i: usize, options: MatchOptions) -> bool {
        i < keys.ids.len()
            && keys.ids[i] != NONE
            && self
                .longest_at(
                    keys,
                    i,
                    MatchOptions {
                        fuzzy_min_similarity: None,
                        ..options
                    },
                )
                .is_some()
    }

    fn longest_at(
        &self,
        keys: &TokenKeys,
        i: usize,
        options: MatchOptions,
    ) -> Option<PhraseMatch<'_>> {
        match self.walk(&keys.ids, i, options.stemming) {
            Some(best) => self.phrase_match(i, best),
            None => options
                .fuzzy_min_similarity
                .and_then(|min| self.fuzzy_at(keys, i, min)),
        }
    }

    /// The trie walk from word `i` of `ids`: the end of the longest exact or stemmed
    /// phrase that starts there, and its entries (exact) or inflected key (stemmed).
    #[inline(always)]
    fn walk(&self, ids: &[u32], i: usize, stemming: bool) -> Option<(usize, Walked<'_>)> {
        let first = self.word_nodes.get(*ids.get(i)? as usize)?;
        self.walk_from(first, ids, i, stemming)
    }

    /// [`walk`](Self::walk) from word `i`, whose record `first` the caller has read. The
    /// first step reads no trie table: the root's child and the one-word phrase's entries
    /// come with the record (only an inflection, with stemming on, asks the inflected
    /// map). Most walks end at the next word, so the steps after it are a loop.
    #[inline(always)]
    fn walk_from<'a>(
        &'a self,
        first: &'a WordNode,
        ids: &[u32],
        i: usize,
        stemming: bool,
    ) -> Option<(usize, Walked<'a>)> {
        let mut best = None;
        if stemming && first.flags & WordNode::INFLECTION != 0 {
            let key = edge_key(0, ids[i]);
            if self.inflected.contains_key(&key) {
                best = Some((i + 1, Walked::Stemmed(key)));
            }
        }
        let ends = &first.ends;
        if first.flags & WordNode::LAST != 0 || first.child == NONE {
            // No phrase goes on (with `LAST` the one-word phrase's entries count; a root
            // child of `NONE` has none).
            if first.flags & WordNode::LAST != 0 && ends.count != 0 {
                best = Some((i + 1, Walked::Exact(ends)));
            }
            return best;
        }
        if ends.count != 0 {
            best = Some((i + 1, Walked::Exact(ends)));
        }
        let mut node = first.child;
        let mut j = i + 1;
        while let Some(&id) = ids.get(j) {
            let Some(word) = self.word_nodes.get(id as usize) else {
                break; // `NONE`: a word the lexicon does not have
            };
            if stemming && word.flags & WordNode::INFLECTION != 0 {
                let key = edge_key(node, id);
                if self.inflected.contains_key(&key) {
                    best = Some((j + 1, Walked::Stemmed(key)));
                }
            }
            node = self.edge_table.get(edge_key(node, id)).unwrap_or(NONE);
            // `NONE` is past every node, so a missing edge ends the walk here too.
            let Some(ends) = self.node_entries.get(node as usize) else {
                break;
            };
            if ends.count != 0 {
                best = Some((j + 1, Walked::Exact(ends)));
            }
            j += 1;
        }
        best
    }

    /// The match that a [`walk`](Self::walk) from word `i` found.
    fn phrase_match<'a>(
        &'a self,
        i: usize,
        (end, walked): (usize, Walked<'a>),
    ) -> Option<PhraseMatch<'a>> {
        let (tier, candidates) = match walked {
            Walked::Exact(ends) => (
                Tier::Exact,
                Candidates::Listed {
                    entries: ends.entries(&self.group_entries),
                    cards: &self.cards,
                },
            ),
            Walked::Stemmed(key) => (
                Tier::Stemmed,
                Candidates::Inflected(self.inflected.get(&key).map_or(&[][..], |&(from, to)| {
                    &self.inflected_list[from as usize..to as usize]
                })),
            ),
        };
        Some(PhraseMatch {
            first: i,
            end,
            tier,
            similarity: 1.0,
            candidates,
        })
        .filter(|m| !m.candidates.is_empty())
    }

    fn fuzzy_at(&self, keys: &TokenKeys, i: usize, min_similarity: f32) -> Option<PhraseMatch<'_>> {
        let n = keys.ids.len();
        let mut best: Option<(f64, u32)> = None;
        let mut phrase = String::new();
        for (anchor, pos) in [(i, 0u8), (i + 1, 1u8)] {
            if anchor >= n || keys.ids[anchor] == NONE {
                continue;
            }
            let id = keys.ids[anchor] as usize;
            let (from, to) = (self.fuzzy_anchor_start[id], self.fuzzy_anchor_start[id + 1]);
            for &(g, at) in &self.fuzzy_anchors[from as usize..to as usize] {
                if at != pos {
                    continue;
                }
                let len = self.groups.word_count(g);
                if i + len > n {
                    continue;
                }
                let entry_key = self.groups.key(g);
                // Short phrases are too easy to hit by accident with one edit.
                if entry_key.len() < 10 {
                    continue;
                }
                phrase.clear();
                for k in i..i + len {
                    if k > i {
                        phrase.push(' ');
                    }
                    phrase.push_str(keys.key(k));
                }
                if phrase == entry_key {
                    continue;
                }
                let sim = strsim::normalized_levenshtein(&phrase, entry_key);
                if sim >= min_similarity as f64 && best.is_none_or(|(s, _)| sim > s) {
                    best = Some((sim, g));
                }
            }
        }
        let (sim, g) = best?;
        Some(PhraseMatch {
            first: i,
            end: i + self.groups.word_count(g),
            tier: Tier::Fuzzy,
            similarity: sim as f32,
            candidates: self.listed(g),
        })
    }

    /// The entries of group `g` as match candidates.
    fn listed(&self, g: u32) -> Candidates<'_> {
        let (from, to) = (
            self.group_start[g as usize],
            self.group_start[g as usize + 1],
        );
        Candidates::Listed {
            entries: &self.group_entries[from as usize..to as usize],
            cards: &self.cards,
        }
    }

    /// Does any entry have a document condition?
    pub(crate) fn any_condition(&self) -> bool {
        self.any_condition
    }
}

/// `items`, each tagged with its bucket (below `buckets`), grouped by bucket in bucket
/// order, keeping their order within a bucket (a counting sort); and where each bucket
/// starts, one more item than buckets. The index keeps such groupings in two flat arrays
/// rather than a vector per bucket: a large lexicon has tens of thousands of buckets.
fn bucketed<T>(items: Vec<(u32, T)>, buckets: usize) -> (Vec<u32>, Vec<T>) {
    let mut start = vec![0u32; buckets + 1];
    for &(b, _) in &items {
        start[b as usize + 1] += 1;
    }
    for b in 0..buckets {
        start[b + 1] += start[b];
    }
    let mut next = start.clone();
    let mut placed: Vec<Option<T>> = Vec::new();
    placed.resize_with(items.len(), || None);
    for (b, item) in items {
        placed[next[b as usize] as usize] = Some(item);
        next[b as usize] += 1;
    }
    (start, placed.into_iter().flatten().collect())
}

/// A change of form, from an entry word's to a token's ([`transition`]).
type Change = (Form, Form);

/// An inflection of a phrase-final word, and the change of form from the word to it.
type Variant = (String, Option<Change>);

/// A word of an original re-inflected by a change of form (`None`: it has no reading in
/// the change's first form).
type Reinflected = (Change, Option<Arc<str>>);

/// Build-time memory of the stemmed tier: a large lexicon repeats its phrases' last
/// words and its originals, and analysing a word is dozens of small allocations.
#[derive(Default)]
struct InflectionCache {
    /// Per distinct phrase-final word key: its inflections ([`inflections_of`]), each
    /// with the change of form from the word to it ([`transition`]).
    forms: FastMap<String, Vec<Variant>>,
    /// Per distinct last word of an original: its re-inflection ([`reinflect_as`]) under
    /// each change of form asked for so far, `None` where it has no reading in the
    /// change's first form. Shared, so one-word originals of many entries are one string.
    originals: FastMap<String, Vec<Reinflected>>,
    /// Every candidate of the inflected tier as it is found, with its key's slot (see
    /// [`Index::build`]).
    pending: Vec<(u32, Inflected)>,
}

/// Re-inflect the last word of `original` by `change`: the change of form from an entry's
/// last word to another inflection of it ([`transition`]; the two words differ), as
/// `text::inflect::reinflect` would. An original whose last word has capitals (a
/// name) is never re-inflected; an empty one (a flag-only entry) stays empty.
fn reinflect_phrase(
    original: &str,
    change: Option<Change>,
    done: &mut FastMap<String, Vec<Reinflected>>,
) -> Option<Arc<str>> {
    let (head, last) = match original.rfind(' ') {
        Some(p) => (&original[..=p], &original[p + 1..]),
        None => ("", original),
    };
    if last.chars().any(char::is_uppercase) {
        return None;
    }
    if last.is_empty() {
        return Some(Arc::from(original));
    }
    let change = change?;
    let known = match done.get_mut(last) {
        Some(known) => known,
        None => done.entry(last.to_owned()).or_default(),
    };
    let word = match known.iter().find(|(c, _)| *c == change) {
        Some((_, word)) => word.clone(),
        None => {
            let word: Option<Arc<str>> = reinflect_as(last, change.0, change.1).map(Arc::from);
            known.push((change, word.clone()));
            word
        }
    }?;
    if head.is_empty() {
        Some(word)
    } else {
        Some(Arc::from(format!("{head}{word}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflections_computed_on_threads_equal_those_computed_in_turn() {
        // More distinct last words than the parallel threshold, each inflectable (a
        // letters-only tag glued to a verb), with weights on both sides of the inflection
        // bar.
        let stems = [
            "walk", "play", "jump", "paint", "call", "mention", "state", "offer",
        ];
        let tag = |k: usize| -> String {
            let letter = |d: usize| char::from(b'a' + (d % 26) as u8);
            [letter(k), letter(k / 26), letter(k / 676)]
                .iter()
                .collect()
        };
        let word = |k: usize, ending: &str| format!("{}{}{ending}", tag(k), stems[k % stems.len()]);
        let mut lexicon = Lexicon::new();
        // A fifth weigh too little to be inflected; the rest are over the threshold.
        let n = 2 * PARALLEL_INFLECTION_WORDS;
        for k in 0..n {
            let weight = if k % 5 == 0 { 0.3 } else { 0.8 };
            let spun = format!("the {}", word(k, "ed"));
            let original = format!("a {}", word(k, "ed"));
            let entry = Entry::new(spun, original, crate::Family::custom(), weight);
            lexicon.push(entry.expect("valid entry")).expect("distinct");
        }
        let text: String = (0..n)
            .step_by(7)
            .map(|k| format!("the {} and the {}. ", word(k, "ing"), word(k, "ed")))
            .collect();
        let build = |threads| {
            crate::Detector::builder()
                .builtin(false)
                .lexicon(lexicon.clone())
                .threads(threads)
                .build()
                .expect("builds")
        };
        let (one, many) = (build(1).find(&text), build(3).find(&text));
        assert!(
            one.iter().any(|f| f.tier == Tier::Stemmed),
            "inflected forms are found"
        );
        assert_eq!(one, many);
    }

    #[test]
    fn bucketed_keeps_item_order_within_each_bucket() {
        let items = vec![(2, 'a'), (0, 'b'), (2, 'c'), (0, 'd'), (1, 'e')];
        let (start, grouped) = bucketed(items, 4);
        assert_eq!(start, [0, 2, 3, 5, 5]);
        assert_eq!(grouped, ['b', 'd', 'e', 'a', 'c']);
    }

    #[test]
    fn packed_lowercasing_matches_the_bytewise_one() {
        let samples: [&[u8]; 8] = [
            b"",
            b"A",
            b"Zebra",
            b"ABCDEFGH",
            b"@[`{az09",
            b"x-Y'Z.W,",
            b"\x00\x7fAZaz",
            b"MiXeD1",
        ];
        for s in samples {
            let mut b = [0u8; 8];
            b[..s.len()].copy_from_slice(s);
            let mut expected = b;
            expected.make_ascii_lowercase();
            assert_eq!(
                ascii_lowercase_packed(u64::from_le_bytes(b)),
                u64::from_le_bytes(expected),
                "{s:?}"
            );
        }
        // Every single ASCII byte in every position.
        for byte in 0u8..0x80 {
            for pos in 0..8 {
                let mut b = [b'q'; 8];
                b[pos] = byte;
                let mut expected = b;
                expected.make_ascii_lowercase();
                assert_eq!(
                    ascii_lowercase_packed(u64::from_le_bytes(b)),
                    u64::from_le_bytes(expected)
                );
            }
        }
    }
}
