//! The compiled phrase index: leftmost-longest lookup of lexicon phrases over token keys.
//!
//! Words of the lexicon's spun phrases get integer ids; phrases become paths in a trie
//! keyed by `(node, word id)`. Matching walks the trie from each word start and keeps the
//! longest phrase that ends there, then continues after it (leftmost-longest). Two more
//! tiers hang off the same walk:
//!
//! * **stemmed**: the last word of a phrase may be another inflection of the entry's word
//!   when their Porter2 stems agree *and* [`reinflect`] can put the original in the same
//!   form (`coached` for `coaching`, `assertions` for `assertion`). Tokens are stemmed
//!   only when their first bytes match a lexicon word, so ordinary text is rarely stemmed.
//! * **fuzzy** (off by default): a multiword phrase whose key is within a normalised
//!   Levenshtein similarity of an entry's key, anchored on its first or second word.

use crate::detect::Tier;
use crate::inflect::reinflect;
use crate::lexicon::{Entry, Lexicon};
use crate::tokenize::{normalize_key_into, tokenize, Token};
use rust_stemmers::{Algorithm, Stemmer};
use std::collections::{HashMap, HashSet};

/// Marks a token whose key is not a lexicon word (or whose stem is not a lexicon stem).
const NONE: u32 = u32::MAX;
/// Marks a stem not computed yet.
const UNCOMPUTED: u32 = u32::MAX - 1;

/// Phrases that share one spun key, with their entries best first.
#[derive(Debug)]
pub(crate) struct Group {
    /// Normalisation keys of the spun phrase's words.
    pub words: Vec<String>,
    /// Entry indices, highest weight first (file order among equals).
    pub entries: Vec<u32>,
}

/// One candidate original for a match: the entry and its text, re-inflected to the match
/// but not yet case-copied.
#[derive(Clone, Debug)]
pub(crate) struct Candidate {
    pub entry: u32,
    pub original: String,
}

/// A phrase found in the token stream.
#[derive(Debug)]
pub(crate) struct PhraseMatch {
    /// Token index range `first..end`.
    pub first: usize,
    pub end: usize,
    pub tier: Tier,
    /// 1.0 except for fuzzy matches.
    pub similarity: f32,
    /// Never empty.
    pub candidates: Vec<Candidate>,
}

/// How far the matcher may reach beyond exact keys.
#[derive(Clone, Copy, Debug)]
pub(crate) struct MatchOptions {
    pub stemming: bool,
    pub fuzzy_min_similarity: Option<f32>,
}

pub(crate) struct Index {
    entries: Vec<Entry>,
    groups: Vec<Group>,
    words: HashMap<Box<str>, u32>,
    /// Trie edges `(node, word) -> child`; node 0 is the root.
    edges: HashMap<(u32, u32), u32>,
    /// Group that ends at each node, if any.
    terminal: Vec<u32>,
    stems: HashMap<Box<str>, u32>,
    /// `(node, stem of the last word) -> groups` whose path up to the last word is `node`.
    stem_last: HashMap<(u32, u32), Vec<u32>>,
    /// First (up to) three bytes of every lexicon word, packed; a token is only stemmed
    /// when its key starts the same way.
    stem_prefixes: HashSet<u32>,
    /// Word id -> (group, position of that word in the group's phrase), for fuzzy anchors.
    fuzzy_anchors: HashMap<u32, Vec<(u32, u8)>>,
    stemmer: Stemmer,
}

fn prefix_code(key: &str) -> u32 {
    let b = key.as_bytes();
    let n = b.len().min(3);
    let mut code = n as u32;
    for &byte in &b[..n] {
        code = (code << 8) | byte as u32;
    }
    code
}

/// Per-call scratch: the keys of all tokens in one buffer, their word ids and stems.
pub(crate) struct TokenKeys {
    buf: String,
    ranges: Vec<(u32, u32)>,
    ids: Vec<u32>,
    stems: Vec<u32>,
}

impl TokenKeys {
    fn key(&self, i: usize) -> &str {
        let (s, e) = self.ranges[i];
        &self.buf[s as usize..e as usize]
    }
}

impl Index {
    pub(crate) fn build(lexicon: &Lexicon) -> Index {
        let stemmer = Stemmer::create(Algorithm::English);
        let entries: Vec<Entry> = lexicon.entries().to_vec();
        let mut groups: Vec<Group> = Vec::new();
        let mut group_of_key: HashMap<String, u32> = HashMap::new();
        let mut key = String::new();
        for (i, entry) in entries.iter().enumerate() {
            let words: Vec<String> = tokenize(&entry.spun)
                .iter()
                .map(|t| {
                    normalize_key_into(&entry.spun[t.span.range()], &mut key);
                    key.clone()
                })
                .collect();
            let joined = words.join(" ");
            let g = *group_of_key.entry(joined).or_insert_with(|| {
                groups.push(Group {
                    words,
                    entries: Vec::new(),
                });
                (groups.len() - 1) as u32
            });
            groups[g as usize].entries.push(i as u32);
        }
        for g in &mut groups {
            // Stable sort keeps file order among equal weights.
            g.entries.sort_by(|&a, &b| {
                entries[b as usize]
                    .weight
                    .total_cmp(&entries[a as usize].weight)
            });
        }

        let mut index = Index {
            entries,
            groups: Vec::new(),
            words: HashMap::new(),
            edges: HashMap::new(),
            terminal: vec![NONE],
            stems: HashMap::new(),
            stem_last: HashMap::new(),
            stem_prefixes: HashSet::new(),
            fuzzy_anchors: HashMap::new(),
            stemmer,
        };
        for (g, group) in groups.iter().enumerate() {
            let g = g as u32;
            let mut node = 0u32;
            let last = group.words.len() - 1;
            for (pos, word) in group.words.iter().enumerate() {
                let next_id = index.words.len() as u32;
                let id = *index.words.entry(word.as_str().into()).or_insert(next_id);
                index.stem_prefixes.insert(prefix_code(word));
                if pos == last {
                    let stem = index.stemmer.stem(word).into_owned();
                    let next_stem = index.stems.len() as u32;
                    let stem_id = *index.stems.entry(stem.into()).or_insert(next_stem);
                    index.stem_last.entry((node, stem_id)).or_default().push(g);
                }
                if pos < 2 && group.words.len() >= 2 {
                    index
                        .fuzzy_anchors
                        .entry(id)
                        .or_default()
                        .push((g, pos as u8));
                }
                let next_node = index.terminal.len() as u32;
                node = *index.edges.entry((node, id)).or_insert(next_node);
                if node == next_node {
                    index.terminal.push(NONE);
                }
            }
            index.terminal[node as usize] = g;
        }
        index.groups = groups;
        index
    }

    /// Number of lexicon entries compiled in.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(crate) fn entry(&self, i: u32) -> &Entry {
        &self.entries[i as usize]
    }

    /// Compute the keys and word ids of `tokens` once per call.
    pub(crate) fn keys(&self, text: &str, tokens: &[Token]) -> TokenKeys {
        let mut keys = TokenKeys {
            buf: String::with_capacity(text.len()),
            ranges: Vec::with_capacity(tokens.len()),
            ids: Vec::with_capacity(tokens.len()),
            stems: vec![UNCOMPUTED; tokens.len()],
        };
        let mut scratch = String::new();
        for t in tokens {
            normalize_key_into(&text[t.span.range()], &mut scratch);
            let start = keys.buf.len() as u32;
            keys.buf.push_str(&scratch);
            keys.ranges.push((start, keys.buf.len() as u32));
            keys.ids
                .push(self.words.get(scratch.as_str()).copied().unwrap_or(NONE));
        }
        keys
    }

    fn stem_id(&self, keys: &mut TokenKeys, i: usize) -> u32 {
        if keys.stems[i] == UNCOMPUTED {
            let key = keys.key(i);
            keys.stems[i] = if self.stem_prefixes.contains(&prefix_code(key)) {
                let stem = self.stemmer.stem(key);
                self.stems.get(stem.as_ref()).copied().unwrap_or(NONE)
            } else {
                NONE
            };
        }
        keys.stems[i]
    }

    /// All phrase matches, leftmost-longest, non-overlapping, in token order.
    pub(crate) fn find(&self, keys: &mut TokenKeys, options: MatchOptions) -> Vec<PhraseMatch> {
        let n = keys.ids.len();
        let mut out = Vec::new();
        let mut i = 0;
        while i < n {
            match self.longest_at(keys, i, options) {
                Some(m) => {
                    i = m.end;
                    out.push(m);
                }
                None => i += 1,
            }
        }
        out
    }

    fn longest_at(
        &self,
        keys: &mut TokenKeys,
        i: usize,
        options: MatchOptions,
    ) -> Option<PhraseMatch> {
        let n = keys.ids.len();
        let mut best: Option<PhraseMatch> = None;
        let mut node = 0u32;
        for j in i..n {
            if options.stemming {
                let stem = self.stem_id(keys, j);
                if stem != NONE {
                    if let Some(groups) = self.stem_last.get(&(node, stem)) {
                        if best.as_ref().is_none_or(|b| b.end < j + 1) {
                            if let Some(m) = self.stemmed_match(keys, i, j, groups) {
                                best = Some(m);
                            }
                        }
                    }
                }
            }
            let id = keys.ids[j];
            if id == NONE {
                break;
            }
            let Some(&child) = self.edges.get(&(node, id)) else {
                break;
            };
            node = child;
            let g = self.terminal[node as usize];
            if g != NONE {
                let candidates = self.groups[g as usize]
                    .entries
                    .iter()
                    .map(|&e| Candidate {
                        entry: e,
                        original: self.entries[e as usize].original.clone(),
                    })
                    .collect();
                best = Some(PhraseMatch {
                    first: i,
                    end: j + 1,
                    tier: Tier::Exact,
                    similarity: 1.0,
                    candidates,
                });
            }
        }
        if best.is_none() {
            if let Some(min) = options.fuzzy_min_similarity {
                best = self.fuzzy_at(keys, i, min);
            }
        }
        best
    }

    /// Token `j` as an inflected last word of one of `groups` (whose other words matched
    /// `i..j` exactly).
    fn stemmed_match(
        &self,
        keys: &TokenKeys,
        i: usize,
        j: usize,
        groups: &[u32],
    ) -> Option<PhraseMatch> {
        let token = keys.key(j);
        let mut candidates = Vec::new();
        for &g in groups {
            let group = &self.groups[g as usize];
            let entry_word = group.words.last()?;
            for &e in &group.entries {
                let original = &self.entries[e as usize].original;
                if let Some(text) = reinflect_phrase(entry_word, token, original) {
                    candidates.push(Candidate {
                        entry: e,
                        original: text,
                    });
                }
            }
        }
        if candidates.is_empty() {
            return None;
        }
        candidates.sort_by(|a, b| {
            self.entries[b.entry as usize]
                .weight
                .total_cmp(&self.entries[a.entry as usize].weight)
        });
        Some(PhraseMatch {
            first: i,
            end: j + 1,
            tier: Tier::Stemmed,
            similarity: 1.0,
            candidates,
        })
    }

    fn fuzzy_at(&self, keys: &TokenKeys, i: usize, min_similarity: f32) -> Option<PhraseMatch> {
        let n = keys.ids.len();
        let mut best: Option<(f64, u32)> = None;
        let mut phrase = String::new();
        for (anchor, pos) in [(i, 0u8), (i + 1, 1u8)] {
            if anchor >= n || keys.ids[anchor] == NONE {
                continue;
            }
            let Some(anchored) = self.fuzzy_anchors.get(&keys.ids[anchor]) else {
                continue;
            };
            for &(g, at) in anchored {
                if at != pos {
                    continue;
                }
                let group = &self.groups[g as usize];
                let len = group.words.len();
                if i + len > n {
                    continue;
                }
                let entry_key = group.words.join(" ");
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
                let sim = strsim::normalized_levenshtein(&phrase, &entry_key);
                if sim >= min_similarity as f64 && best.is_none_or(|(s, _)| sim > s) {
                    best = Some((sim, g));
                }
            }
        }
        let (sim, g) = best?;
        let group = &self.groups[g as usize];
        Some(PhraseMatch {
            first: i,
            end: i + group.words.len(),
            tier: Tier::Fuzzy,
            similarity: sim as f32,
            candidates: group
                .entries
                .iter()
                .map(|&e| Candidate {
                    entry: e,
                    original: self.entries[e as usize].original.clone(),
                })
                .collect(),
        })
    }
}

/// Re-inflect the last word of `original` the way `token` inflects `entry_word`.
/// An original whose last word has capitals (a name) is never re-inflected.
fn reinflect_phrase(entry_word: &str, token: &str, original: &str) -> Option<String> {
    let (head, last) = match original.rfind(' ') {
        Some(p) => (&original[..=p], &original[p + 1..]),
        None => ("", original),
    };
    if last.chars().any(char::is_uppercase) {
        return (entry_word == token).then(|| original.to_owned());
    }
    let inflected = reinflect(entry_word, token, last)?;
    Some(format!("{head}{inflected}"))
}
