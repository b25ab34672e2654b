//! Harvest, background counts and selection: the three steps of [`crate::learn`].

use crate::error::{Error, Result};
use crate::family::Family;
use crate::lexicon::{Entry, Lexicon};
use crate::text::align::{align, Op};
use crate::text::tokenize::{normalize_key, tokenize};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Settings for [`learn`].
#[derive(Clone, Debug)]
pub struct LearnOptions {
    /// Longest phrase harvested, in words, on either side; longer differing blocks are
    /// taken for editing differences rather than spinner swaps and skipped.
    pub max_words: usize,
    /// How many contexts to keep per pair (the first ones seen).
    pub max_contexts: usize,
}

impl Default for LearnOptions {
    fn default() -> Self {
        LearnOptions {
            max_words: 4,
            max_contexts: 16,
        }
    }
}

/// What kind of text a harvested pair is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PairKind {
    /// Ordinary words and phrases (`mentioned -> said`).
    General,
    /// A capitalised word inside a sentence is involved: a title or name the spinner
    /// mangled (`Sequence X -> Series X`).
    Name,
    /// A digit is involved (`3rd -> third`, `12 months -> year`).
    Number,
}

/// The words around one occurrence of a harvested pair, as normalisation keys of the
/// spun text (`None` at a passage edge).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct SeenContext {
    /// The word before the spun phrase.
    pub before: Option<String>,
    /// The word after the spun phrase.
    pub after: Option<String>,
}

/// One harvested substitution: the spinner wrote `spun` where the original had
/// `original`. Both sides are lowercase normalisation keys joined by single spaces.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LearnedPair {
    /// What the spinner wrote.
    pub spun: String,
    /// What the original said.
    pub original: String,
    /// General, name or number.
    pub kind: PairKind,
    /// How many times the swap was seen.
    pub count: usize,
    /// In how many different pairs (passages) it was seen.
    pub passages: usize,
    /// True when it only ever came from splitting a longer block word by word.
    pub split_only: bool,
    /// True when it only ever came from a one-sided block (an insertion or deletion)
    /// anchored on a shared neighbouring word, which both sides then contain.
    pub anchored: bool,
    /// Where it was seen, up to [`LearnOptions::max_contexts`].
    pub contexts: Vec<SeenContext>,
}

/// Everything [`learn`] found.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Harvest {
    /// Harvested pairs, sorted by (`spun`, `original`).
    pub pairs: Vec<LearnedPair>,
    /// Number of (spun, original) passages read.
    pub passages: usize,
    /// Words in all spun passages.
    pub spun_words: usize,
    /// How often each harvested spun phrase occurs anywhere in the spun passages, swapped
    /// or not (keyed by `spun`). Not serialised.
    #[serde(skip)]
    occurrences: HashMap<String, usize>,
    /// The spun passages as key sequences (for counting context phrases). Not serialised:
    /// it is the whole corpus.
    #[serde(skip)]
    spun_passages: Vec<Vec<String>>,
}

impl Harvest {
    /// How many times `spun` (a harvested spun phrase) occurs in the spun passages at all;
    /// `count / occurrences` is how consistently the spinner's word stands for a swap.
    pub fn occurrences(&self, spun: &str) -> usize {
        self.occurrences.get(spun).copied().unwrap_or(0)
    }
}

/// A word of a passage: its key and whether it is capitalised inside a sentence.
struct Word {
    key: String,
    inner_capital: bool,
    digit: bool,
}

fn words_of(text: &str) -> Vec<Word> {
    let tokens = tokenize(text);
    let mut out = Vec::with_capacity(tokens.len());
    for t in &tokens {
        let surface = &text[t.span.range()];
        let before = text[..t.span.start].trim_end_matches([' ', '"', '“', '‘', '\'', '(']);
        let sentence_start = before.is_empty() || before.ends_with(['.', '!', '?', '\n', ':']);
        let capital = surface.chars().next().is_some_and(char::is_uppercase);
        out.push(Word {
            key: normalize_key(surface),
            inner_capital: capital && !sentence_start,
            digit: surface.chars().any(|c| c.is_ascii_digit()),
        });
    }
    out
}

/// One differing block of an alignment: spun words `a.0..a.1`, original words `b.0..b.1`.
struct Block {
    a: (usize, usize),
    b: (usize, usize),
}

fn blocks(ops: &[Op], a_len: usize, b_len: usize) -> Vec<Block> {
    let mut out = Vec::new();
    let (mut ai, mut bi) = (0usize, 0usize);
    let mut open: Option<Block> = None;
    for op in ops {
        match *op {
            Op::Match { a, b } => {
                if let Some(bl) = open.take() {
                    out.push(bl);
                }
                ai = a + 1;
                bi = b + 1;
            }
            Op::Substitute { a, b } => {
                let bl = open.get_or_insert(Block {
                    a: (ai, ai),
                    b: (bi, bi),
                });
                bl.a.1 = a + 1;
                bl.b.1 = b + 1;
                ai = a + 1;
                bi = b + 1;
            }
            Op::Insert { a } => {
                let bl = open.get_or_insert(Block {
                    a: (ai, ai),
                    b: (bi, bi),
                });
                bl.a.1 = a + 1;
                ai = a + 1;
            }
            Op::Delete { b } => {
                let bl = open.get_or_insert(Block {
                    a: (ai, ai),
                    b: (bi, bi),
                });
                bl.b.1 = b + 1;
                bi = b + 1;
            }
        }
    }
    if let Some(bl) = open {
        out.push(bl);
    }
    debug_assert!(out.iter().all(|b| b.a.1 <= a_len && b.b.1 <= b_len));
    out
}

#[derive(Default)]
struct Tally {
    kind: Option<PairKind>,
    count: usize,
    passages: HashSet<usize>,
    split_only: bool,
    anchored: bool,
    contexts: Vec<SeenContext>,
}

/// Harvest substitution pairs from `(spun, original)` passages. See the module docs.
///
/// Never fails: a pair with nothing in common just yields nothing longer than
/// `max_words`.
pub fn learn<S: AsRef<str>, O: AsRef<str>>(pairs: &[(S, O)], options: &LearnOptions) -> Harvest {
    let max = options.max_words.max(1);
    let mut tallies: BTreeMap<(String, String), Tally> = BTreeMap::new();
    let mut spun_passages: Vec<Vec<String>> = Vec::with_capacity(pairs.len());
    let mut spun_words = 0;
    for (passage, (spun, original)) in pairs.iter().enumerate() {
        let s = words_of(spun.as_ref());
        let o = words_of(original.as_ref());
        let sk: Vec<&str> = s.iter().map(|w| w.key.as_str()).collect();
        let ok: Vec<&str> = o.iter().map(|w| w.key.as_str()).collect();
        let ops = align(&sk, &ok);
        for bl in blocks(&ops, s.len(), o.len()) {
            let (mut a, mut b) = (bl.a, bl.b);
            let anchored = a.0 == a.1 || b.0 == b.1;
            // Anchor a one-sided block on the shared word after it (else before it).
            if a.0 == a.1 || b.0 == b.1 {
                if a.1 < s.len() && b.1 < o.len() {
                    a.1 += 1;
                    b.1 += 1;
                } else if a.0 > 0 && b.0 > 0 {
                    a.0 -= 1;
                    b.0 -= 1;
                } else {
                    continue;
                }
            }
            let (na, nb) = (a.1 - a.0, b.1 - b.0);
            if na > max || nb > max {
                continue;
            }
            let mut record =
                |a: (usize, usize), b: (usize, usize), split: bool, edges: (bool, bool)| {
                    let spun_key = sk[a.0..a.1].join(" ");
                    let original_key = ok[b.0..b.1].join(" ");
                    if spun_key == original_key {
                        return;
                    }
                    let ws = || s[a.0..a.1].iter().chain(&o[b.0..b.1]);
                    let kind = if ws().any(|w| w.digit) {
                        PairKind::Number
                    } else if ws().any(|w| w.inner_capital) {
                        PairKind::Name
                    } else {
                        PairKind::General
                    };
                    let t = tallies.entry((spun_key, original_key)).or_default();
                    // A pair seen both as a name and as a general word is a name.
                    t.kind = Some(t.kind.map_or(kind, |k| k.max(kind)));
                    if t.count == 0 {
                        t.split_only = split;
                        t.anchored = anchored;
                    } else {
                        t.split_only &= split;
                        t.anchored &= anchored;
                    }
                    t.count += 1;
                    t.passages.insert(passage);
                    if t.contexts.len() < options.max_contexts {
                        // Neighbours inside a longer block were swapped too: not context.
                        t.contexts.push(SeenContext {
                            before: a
                                .0
                                .checked_sub(1)
                                .filter(|_| edges.0)
                                .map(|i| sk[i].to_owned()),
                            after: sk.get(a.1).filter(|_| edges.1).map(|w| (*w).to_owned()),
                        });
                    }
                };
            record(a, b, false, (true, true));
            if na == nb && na > 1 {
                for k in 0..na {
                    let edges = (k == 0, k + 1 == na);
                    record((a.0 + k, a.0 + k + 1), (b.0 + k, b.0 + k + 1), true, edges);
                }
            }
        }
        spun_words += s.len();
        spun_passages.push(s.into_iter().map(|w| w.key).collect());
    }
    let wanted: HashSet<&str> = tallies.keys().map(|(s, _)| s.as_str()).collect();
    let occurrences = count_phrases(&spun_passages, &wanted, max);
    let learned = tallies
        .into_iter()
        .map(|((spun, original), t)| LearnedPair {
            spun,
            original,
            kind: t.kind.unwrap_or(PairKind::General),
            count: t.count,
            passages: t.passages.len(),
            split_only: t.split_only,
            anchored: t.anchored,
            contexts: t.contexts,
        })
        .collect();
    Harvest {
        pairs: learned,
        passages: pairs.len(),
        spun_words,
        occurrences,
        spun_passages,
    }
}

/// Occurrences of each phrase of `wanted` (keys joined by spaces, up to `max` words) in
/// `passages` (key sequences).
fn count_phrases(
    passages: &[Vec<String>],
    wanted: &HashSet<&str>,
    max: usize,
) -> HashMap<String, usize> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut buf = String::new();
    for p in passages {
        for i in 0..p.len() {
            buf.clear();
            for (n, w) in p[i..].iter().take(max).enumerate() {
                if n > 0 {
                    buf.push(' ');
                }
                buf.push_str(w);
                if wanted.contains(buf.as_str()) {
                    *counts.entry(buf.clone()).or_default() += 1;
                }
            }
        }
    }
    counts
}

/// Word and phrase counts of text that was never spun: how ordinary a phrase is.
///
/// ```
/// let mut bg = despin::learn::Background::new();
/// bg.add("The cat sat. The cat ran.");
/// assert_eq!(bg.words(), 6);
/// assert_eq!(bg.count("the cat"), 2);
/// assert_eq!(bg.count("cat ran"), 1);
/// assert_eq!(bg.count("dog"), 0);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Background {
    ids: HashMap<String, u32>,
    unigrams: Vec<u64>,
    /// Word ids of every text, each text followed by `u32::MAX`.
    sequence: Vec<u32>,
    words: u64,
}

impl Background {
    /// An empty background.
    pub fn new() -> Background {
        Background::default()
    }

    /// Add a never-spun text.
    pub fn add(&mut self, text: &str) {
        for t in tokenize(text) {
            let key = normalize_key(&text[t.span.range()]);
            let next = self.ids.len() as u32;
            let id = *self.ids.entry(key).or_insert(next);
            if id as usize == self.unigrams.len() {
                self.unigrams.push(0);
            }
            self.unigrams[id as usize] += 1;
            self.sequence.push(id);
            self.words += 1;
        }
        self.sequence.push(u32::MAX);
    }

    /// Words added so far.
    pub fn words(&self) -> u64 {
        self.words
    }

    /// Occurrences of a word or phrase (compared by normalisation keys, whole words).
    pub fn count(&self, phrase: &str) -> u64 {
        let keys: Vec<String> = tokenize(phrase)
            .iter()
            .map(|t| normalize_key(&phrase[t.span.range()]))
            .collect();
        let Some(ids) = keys
            .iter()
            .map(|k| self.ids.get(k).copied())
            .collect::<Option<Vec<u32>>>()
        else {
            return 0;
        };
        match ids.len() {
            0 => 0,
            1 => self.unigrams[ids[0] as usize],
            n => self.sequence.windows(n).filter(|w| *w == ids).count() as u64,
        }
    }

    /// Counts of many phrases in one pass over the text (same result as [`count`](Self::count)
    /// for each).
    pub fn counts<'a>(&self, phrases: impl IntoIterator<Item = &'a str>) -> HashMap<&'a str, u64> {
        let mut by_ids: HashMap<Vec<u32>, Vec<&'a str>> = HashMap::new();
        let mut out = HashMap::new();
        let mut longest = 1;
        for phrase in phrases {
            let keys: Vec<String> = tokenize(phrase)
                .iter()
                .map(|t| normalize_key(&phrase[t.span.range()]))
                .collect();
            out.insert(phrase, 0);
            let Some(ids) = keys
                .iter()
                .map(|k| self.ids.get(k).copied())
                .collect::<Option<Vec<u32>>>()
            else {
                continue;
            };
            if ids.len() == 1 {
                out.insert(phrase, self.unigrams[ids[0] as usize]);
            } else if ids.len() > 1 {
                longest = longest.max(ids.len());
                by_ids.entry(ids).or_default().push(phrase);
            }
        }
        if by_ids.is_empty() {
            return out;
        }
        let firsts: HashSet<u32> = by_ids.keys().map(|k| k[0]).collect();
        for i in 0..self.sequence.len() {
            if !firsts.contains(&self.sequence[i]) {
                continue;
            }
            for n in 2..=longest.min(self.sequence.len() - i) {
                if let Some(ps) = by_ids.get(&self.sequence[i..i + n]) {
                    for p in ps {
                        *out.entry(p).or_default() += 1;
                    }
                }
            }
        }
        out
    }
}

/// Thresholds and weight bands of [`select`].
///
/// A pair is kept when the spinner swapped its spun phrase at least
/// `min_consistency` of the times it wrote it, and the phrase is at least
/// `min_likelihood_ratio` times more frequent as a swap in spinner output than in the
/// background. Its weight then comes from how rare the spun phrase is in the background,
/// per million words: never seen -> `unseen_weight` (`unseen_once_weight` when the swap was
/// seen only once), below `rare_per_million` -> `rare_weight`, below
/// `uncommon_per_million` -> `uncommon_weight`, otherwise `common_weight` when the
/// likelihood ratio reaches `common_min_ratio`, else dropped. An ordinary word that the
/// spinner nevertheless swapped at least `common_min_consistency` of the times it wrote
/// it, at least `common_min_count` times, also gets `common_weight`. The detector accepts
/// rows of weight [`ACCEPT_THRESHOLD`](crate::ACCEPT_THRESHOLD) and more alone, and
/// weaker ones only next to other evidence.
///
/// *Context*: a single word whose own row is weaker than `context_below` is also offered
/// with a neighbouring word it was seen next to at least `min_context_count` times
/// (`change` next to `nintendo` gives `nintendo change -> nintendo switch`), and that
/// phrase is weighed by the same rules.
#[derive(Clone, Debug)]
pub struct Selection {
    /// See the type docs.
    pub min_consistency: f64,
    /// See the type docs.
    pub min_likelihood_ratio: f64,
    /// See the type docs.
    pub unseen_weight: f32,
    /// See the type docs.
    pub unseen_once_weight: f32,
    /// See the type docs.
    pub rare_per_million: f64,
    /// See the type docs.
    pub rare_weight: f32,
    /// See the type docs.
    pub uncommon_per_million: f64,
    /// See the type docs.
    pub uncommon_weight: f32,
    /// See the type docs.
    pub common_weight: f32,
    /// See the type docs.
    pub common_min_ratio: f64,
    /// See the type docs.
    pub common_min_consistency: f64,
    /// See the type docs.
    pub common_min_count: usize,
    /// See the type docs.
    pub context_below: f32,
    /// See the type docs.
    pub min_context_count: usize,
    /// Keep pairs that only came from an insertion or deletion anchored on a shared word
    /// (`brand new -> new`). They rewrite correctly, but the shared word is flagged too.
    pub keep_anchored: bool,
    /// Keep pairs whose original is the spun phrase with words added around it (the
    /// spinner deleted them: `rates -> interest rates`). Rewriting such a row inserts
    /// words, and which words depends on the article, so they are dropped by default.
    pub keep_deletions: bool,
    /// Keep number pairs seen in at least this many passages (one-off numeric differences
    /// are mostly edits between copies of the original).
    pub min_number_passages: usize,
    /// Frequencies of general English from an outside count list, or `None`. When set, a
    /// spun phrase is as ordinary as the commoner of its background and its reference
    /// frequency (per million words) when its weight band is chosen, and it counts as
    /// never seen only if its reference frequency is also below
    /// `reference_unseen_per_million`. The likelihood ratio still uses the background.
    pub reference: Option<std::sync::Arc<Reference>>,
    /// See `reference`.
    pub reference_unseen_per_million: f64,
}

/// Per-million frequencies of words and two-word phrases in general English, from an
/// outside count list (such as the SymSpell unigram and bigram counts derived from Google
/// Books n-grams), keyed by normalisation keys joined by single spaces. Phrases it does
/// not hold have frequency 0.
///
/// ```
/// let r = despin::learn::Reference::from_counts("the 600\nround 300\nof 100\n", "round of 50\n");
/// assert_eq!(r.per_million("round"), 300.0 / 1000.0 * 1e6);
/// assert_eq!(r.per_million("Round of"), 50.0 / 1000.0 * 1e6);
/// assert_eq!(r.per_million("spherical"), 0.0);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Reference {
    per_million: HashMap<String, f64>,
}

impl Reference {
    /// Read `word count` lines (`unigrams`) and `word word count` lines (`bigrams`),
    /// whitespace-separated; frequencies are relative to the sum of the unigram counts.
    /// Lines that do not parse are skipped.
    pub fn from_counts(unigrams: &str, bigrams: &str) -> Reference {
        let parse = |text: &str, words: usize| -> Vec<(String, f64)> {
            text.lines()
                .filter_map(|line| {
                    let parts: Vec<&str> = line.split_whitespace().collect();
                    if parts.len() != words + 1 {
                        return None;
                    }
                    let count: f64 = parts[words].parse().ok()?;
                    let key: Vec<String> =
                        parts[..words].iter().map(|w| normalize_key(w)).collect();
                    Some((key.join(" "), count))
                })
                .collect()
        };
        let unigrams = parse(unigrams, 1);
        let total: f64 = unigrams.iter().map(|(_, c)| c).sum::<f64>().max(1.0);
        let mut per_million = HashMap::new();
        for (key, count) in unigrams.into_iter().chain(parse(bigrams, 2)) {
            *per_million.entry(key).or_insert(0.0) += count * 1e6 / total;
        }
        Reference { per_million }
    }

    /// Frequency per million words of a word or two-word phrase (compared by
    /// normalisation keys); 0 for phrases not held.
    pub fn per_million(&self, phrase: &str) -> f64 {
        let key: Vec<String> = tokenize(phrase)
            .iter()
            .map(|t| normalize_key(&phrase[t.span.range()]))
            .collect();
        self.per_million.get(&key.join(" ")).copied().unwrap_or(0.0)
    }

    /// Number of words and phrases held.
    pub fn len(&self) -> usize {
        self.per_million.len()
    }

    /// Whether nothing is held.
    pub fn is_empty(&self) -> bool {
        self.per_million.is_empty()
    }
}

impl Default for Selection {
    fn default() -> Self {
        Selection {
            min_consistency: 0.5,
            min_likelihood_ratio: 3.0,
            unseen_weight: 0.9,
            unseen_once_weight: 0.72,
            rare_per_million: 5.0,
            rare_weight: 0.6,
            uncommon_per_million: 50.0,
            uncommon_weight: 0.45,
            common_weight: 0.3,
            common_min_ratio: 20.0,
            common_min_consistency: 0.6,
            common_min_count: 2,
            context_below: 0.3,
            min_context_count: 3,
            keep_anchored: true,
            keep_deletions: false,
            min_number_passages: 2,
            reference: None,
            reference_unseen_per_million: 1.0,
        }
    }
}

/// One selected row with the evidence behind its weight.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scored {
    /// The lexicon row (family `news-spinner` or `news-spinner-names`).
    pub entry: Entry,
    /// Times seen as a swap.
    pub count: usize,
    /// Times the spun phrase occurs in the spun passages.
    pub occurrences: usize,
    /// Occurrences of the spun phrase in the background.
    pub background: u64,
}

/// A candidate row before weighing.
struct Candidate {
    spun: String,
    original: String,
    kind: PairKind,
    count: usize,
}

/// The weight `selection` gives a phrase with this evidence, or `None` to drop it.
fn weigh(
    selection: &Selection,
    count: usize,
    occurrences: usize,
    background: u64,
    reference_per_million: f64,
    spun_words: f64,
    bg_words: f64,
) -> Option<f32> {
    let consistency = count as f64 / occurrences.max(count).max(1) as f64;
    if consistency < selection.min_consistency {
        return None;
    }
    let ratio = (count as f64 / spun_words) / ((background as f64 + 0.5) / bg_words);
    let per_million = (background as f64 * 1e6 / bg_words).max(reference_per_million);
    let unseen = background == 0 && reference_per_million < selection.reference_unseen_per_million;
    let ordinary_but_consistent = consistency >= selection.common_min_consistency
        && count >= selection.common_min_count
        && ratio >= 1.0;
    if ratio < selection.min_likelihood_ratio && !ordinary_but_consistent {
        return None;
    }
    Some(if unseen {
        if count >= 2 {
            selection.unseen_weight
        } else {
            selection.unseen_once_weight
        }
    } else if per_million < selection.rare_per_million {
        selection.rare_weight
    } else if per_million < selection.uncommon_per_million {
        selection.uncommon_weight
    } else if ratio >= selection.common_min_ratio || ordinary_but_consistent {
        selection.common_weight
    } else {
        return None;
    })
}

/// Whether `original` is `spun` with words added before or after it (keys joined by
/// single spaces): the spinner deleted words.
fn is_deletion(spun: &str, original: &str) -> bool {
    original.len() > spun.len()
        && (original.starts_with(&format!("{spun} "))
            || original.ends_with(&format!(" {spun}"))
            || original.contains(&format!(" {spun} ")))
}

/// The reference frequency of `phrase` under `selection` (0 without a reference).
fn reference_of(selection: &Selection, phrase: &str) -> f64 {
    selection
        .reference
        .as_ref()
        .map_or(0.0, |r| r.per_million(phrase))
}

/// Choose and weigh rows from a harvest (see [`Selection`]); general and number pairs get
/// family `news-spinner`, names `news-spinner-names`. Sorted by (`spun`, `original`).
pub fn select(harvest: &Harvest, background: &Background, selection: &Selection) -> Vec<Scored> {
    let bg_words = background.words().max(1) as f64;
    let spun_words = harvest.spun_words.max(1) as f64;
    let usable = |p: &&LearnedPair| {
        (selection.keep_anchored || !p.anchored)
            && (selection.keep_deletions || !is_deletion(&p.spun, &p.original))
            && !(p.kind == PairKind::Number && p.passages < selection.min_number_passages)
    };
    let own_counts = background.counts(harvest.pairs.iter().map(|p| p.spun.as_str()));
    let mut candidates: BTreeMap<(String, String), Candidate> = BTreeMap::new();
    for p in harvest.pairs.iter().filter(usable) {
        let occurrences = harvest.occurrences(&p.spun);
        let b = own_counts.get(p.spun.as_str()).copied().unwrap_or(0);
        let r = reference_of(selection, &p.spun);
        let own = weigh(selection, p.count, occurrences, b, r, spun_words, bg_words);
        candidates.insert(
            (p.spun.clone(), p.original.clone()),
            Candidate {
                spun: p.spun.clone(),
                original: p.original.clone(),
                kind: p.kind,
                count: p.count,
            },
        );
        if p.spun.contains(' ') || own.unwrap_or(0.0) >= selection.context_below {
            continue;
        }
        let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
        for c in &p.contexts {
            if let Some(w) = &c.before {
                *seen
                    .entry((format!("{w} {}", p.spun), format!("{w} {}", p.original)))
                    .or_default() += 1;
            }
            if let Some(w) = &c.after {
                *seen
                    .entry((format!("{} {w}", p.spun), format!("{} {w}", p.original)))
                    .or_default() += 1;
            }
        }
        for ((spun, original), count) in seen {
            if count < selection.min_context_count {
                continue;
            }
            let e = candidates
                .entry((spun.clone(), original.clone()))
                .or_insert(Candidate {
                    spun,
                    original,
                    kind: p.kind,
                    count: 0,
                });
            e.count = e.count.max(count);
        }
    }
    let missing: HashSet<&str> = candidates
        .values()
        .filter(|c| !harvest.occurrences.contains_key(&c.spun))
        .map(|c| c.spun.as_str())
        .collect();
    let extra = count_phrases(&harvest.spun_passages, &missing, 8);
    let counts = background.counts(candidates.values().map(|c| c.spun.as_str()));
    let mut out = Vec::new();
    for c in candidates.values() {
        let occurrences = harvest
            .occurrences
            .get(&c.spun)
            .or_else(|| extra.get(&c.spun))
            .copied()
            .unwrap_or(0)
            .max(c.count);
        let b = counts.get(c.spun.as_str()).copied().unwrap_or(0);
        let r = reference_of(selection, &c.spun);
        let Some(weight) = weigh(selection, c.count, occurrences, b, r, spun_words, bg_words)
        else {
            continue;
        };
        let family = if c.kind == PairKind::Name {
            Family::NewsSpinnerNames
        } else {
            Family::NewsSpinner
        };
        let Ok(entry) = Entry::new(c.spun.clone(), c.original.clone(), family, weight) else {
            continue;
        };
        out.push(Scored {
            entry,
            count: c.count,
            occurrences,
            background: b,
        });
    }
    add_contexts(harvest, &mut out);
    out
}

/// Give rows that share a spun phrase with another row the neighbouring words their own
/// swaps were seen with and the others' were not (most often seen first, at most
/// [`MAX_CONTEXT_WORDS`]), so the detector can choose among the originals by context.
fn add_contexts(harvest: &Harvest, rows: &mut [Scored]) {
    let mut by_spun: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, row) in rows.iter().enumerate() {
        by_spun.entry(row.entry.spun.as_str()).or_default().push(i);
    }
    let shared: Vec<Vec<usize>> = by_spun.into_values().filter(|v| v.len() > 1).collect();
    for group in shared {
        // Neighbour word counts per row.
        let seen: Vec<BTreeMap<&str, usize>> = group
            .iter()
            .map(|&i| {
                let mut counts = BTreeMap::new();
                let entry = &rows[i].entry;
                let pair = harvest
                    .pairs
                    .iter()
                    .find(|p| p.spun == entry.spun && p.original == entry.original);
                for c in pair.map_or(&[][..], |p| p.contexts.as_slice()) {
                    for w in [&c.before, &c.after].into_iter().flatten() {
                        *counts.entry(w.as_str()).or_default() += 1;
                    }
                }
                counts
            })
            .collect();
        for (k, &i) in group.iter().enumerate() {
            let mut own: Vec<(&str, usize)> = seen[k]
                .iter()
                .filter(|(w, _)| {
                    seen.iter()
                        .enumerate()
                        .all(|(j, other)| j == k || !other.contains_key(*w))
                })
                .map(|(&w, &n)| (w, n))
                .collect();
            own.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            own.truncate(MAX_CONTEXT_WORDS);
            // Harvested neighbours are keys already.
            rows[i].entry.context = own.into_iter().map(|(w, _)| w.to_owned()).collect();
        }
    }
}

/// Most context words kept per learned row.
pub const MAX_CONTEXT_WORDS: usize = 6;

/// The selected rows as a lexicon, in row order (a later row with the same (spun,
/// original) keys replaces an earlier one, as in [`Lexicon::push`]).
///
/// Rows made by [`select`] are always valid. A row edited since into an invalid entry
/// (see [`Lexicon::push`] for the rules) is an error naming `<rows>`, its 1-based
/// position and the field at fault.
///
/// ```
/// use despin::learn::{to_lexicon, Scored};
/// let row = |spun: &str, weight| Scored {
///     entry: despin::Entry::new(spun, "said", despin::Family::NewsSpinner, 0.9).unwrap(),
///     count: 2,
///     occurrences: 2,
///     background: 0,
/// };
/// assert_eq!(to_lexicon(&[row("mentioned", 0.9)]).unwrap().len(), 1);
/// let mut bad = row("stated", 0.9);
/// bad.entry.weight = 2.0;
/// let err = to_lexicon(&[row("mentioned", 0.9), bad]).unwrap_err();
/// assert!(err.to_string().starts_with("<rows>:2"), "{err}");
/// ```
pub fn to_lexicon(rows: &[Scored]) -> Result<Lexicon> {
    let mut lexicon = Lexicon::new();
    for (i, row) in rows.iter().enumerate() {
        row.entry
            .validate()
            .map_err(|(column, message)| Error::lexicon("<rows>", i + 1, column, message))?;
        lexicon.insert(row.entry.clone());
    }
    Ok(lexicon)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair<'a>(h: &'a Harvest, spun: &str) -> Option<&'a LearnedPair> {
        h.pairs.iter().find(|p| p.spun == spun)
    }

    #[test]
    fn harvests_words_phrases_counts_and_contexts() {
        let pairs = [
            (
                "Officials mentioned the bridge will open subsequent week.",
                "Officials said the bridge will open next week.",
            ),
            (
                "The mayor mentioned the park is closed.",
                "The mayor said the park is closed.",
            ),
        ];
        let h = learn(&pairs, &LearnOptions::default());
        let said = pair(&h, "mentioned").unwrap();
        assert_eq!(
            (said.original.as_str(), said.count, said.passages),
            ("said", 2, 2)
        );
        assert_eq!(said.kind, PairKind::General);
        assert_eq!(said.contexts[0].before.as_deref(), Some("officials"));
        assert_eq!(said.contexts[1].after.as_deref(), Some("the"));
        assert_eq!(h.occurrences("mentioned"), 2);
        assert_eq!(pair(&h, "subsequent").unwrap().original, "next");
        assert_eq!(h.passages, 2);
        assert_eq!(h.spun_words, 8 + 7);
    }

    #[test]
    fn phrases_split_and_anchored_blocks() {
        let pairs = [(
            "They bought a brand new automotive final yr for 5 hundred dollars.",
            "They bought a new car last year for 500 dollars.",
        )];
        let h = learn(&pairs, &LearnOptions::default());
        // The insertion "brand" is anchored on the shared word after it.
        let brand = pair(&h, "brand new").unwrap();
        assert_eq!(brand.original, "new");
        assert!(brand.anchored);
        // Equal-length blocks give the phrase and its word pairs.
        assert_eq!(
            pair(&h, "automotive final yr").unwrap().original,
            "car last year"
        );
        let yr = pair(&h, "yr").unwrap();
        assert!(yr.split_only);
        assert_eq!(yr.original, "year");
        // Digits make a number pair.
        assert_eq!(pair(&h, "5 hundred").unwrap().kind, PairKind::Number);
    }

    #[test]
    fn names_are_kept_apart() {
        let pairs = [(
            "Owners of the Xbox Sequence X will get the replace first.",
            "Owners of the Xbox Series X will get the update first.",
        )];
        let h = learn(&pairs, &LearnOptions::default());
        assert_eq!(pair(&h, "sequence").unwrap().kind, PairKind::Name);
        assert_eq!(pair(&h, "replace").unwrap().kind, PairKind::General);
    }

    #[test]
    fn long_blocks_are_skipped() {
        let pairs = [(
            "one two three four five six seven",
            "one alpha beta gamma delta epsilon seven",
        )];
        let h = learn(&pairs, &LearnOptions::default());
        assert!(h.pairs.is_empty(), "{:?}", h.pairs);
    }

    #[test]
    fn select_weighs_by_background_rarity_and_consistency() {
        let pairs = [
            (
                "The crew mentioned the darkish cave was cold.",
                "The crew said the dark cave was cold.",
            ),
            (
                "A guide mentioned the darkish path was steep.",
                "A guide said the dark path was steep.",
            ),
            // "mentioned" is also used unchanged: less consistent.
            ("She mentioned it twice.", "She mentioned it twice."),
        ];
        let h = learn(&pairs, &LearnOptions::default());
        let mut bg = Background::new();
        for _ in 0..50 {
            bg.add("As mentioned before, the results were said to be clear and dark.");
        }
        let rows = select(&h, &bg, &Selection::default());
        let weight = |s: &str| {
            rows.iter()
                .find(|r| r.entry.spun == s)
                .map(|r| r.entry.weight)
        };
        // Never seen in the background, swapped every time: strong.
        assert_eq!(weight("darkish"), Some(Selection::default().unseen_weight));
        // Ordinary English in the background: weak, if kept at all.
        assert!(weight("mentioned").is_none_or(|w| w < crate::ACCEPT_THRESHOLD));
        let lexicon = to_lexicon(&rows).unwrap();
        assert!(lexicon.entries().iter().any(|e| e.spun == "darkish"));
    }

    #[test]
    fn reference_frequencies_weaken_ordinary_words_the_background_lacks() {
        let pairs = [
            (
                "The gamers mentioned the darkish cave.",
                "The players said the dark cave.",
            ),
            (
                "Two gamers mentioned the darkish path.",
                "Two players said the dark path.",
            ),
        ];
        let h = learn(&pairs, &LearnOptions::default());
        // Neither `gamers` nor `darkish` is in this background.
        let mut bg = Background::new();
        for _ in 0..50 {
            bg.add("The results were said to be clear, and the players left.");
        }
        let weight = |rows: &[Scored], s: &str| {
            rows.iter()
                .find(|r| r.entry.spun == s)
                .map(|r| r.entry.weight)
        };
        let without = select(&h, &bg, &Selection::default());
        assert_eq!(weight(&without, "gamers"), Some(0.9));
        // General English writes `gamers` 20 times per million words, `darkish` almost never.
        let reference = Reference::from_counts("the 999979.5\ngamers 20\ndarkish 0.5\n", "");
        let with = select(
            &h,
            &bg,
            &Selection {
                reference: Some(std::sync::Arc::new(reference)),
                ..Selection::default()
            },
        );
        assert_eq!(
            weight(&with, "gamers"),
            Some(Selection::default().uncommon_weight)
        );
        assert_eq!(
            weight(&with, "darkish"),
            Some(Selection::default().unseen_weight)
        );
    }

    #[test]
    fn deletions_are_not_learned_by_default() {
        assert!(is_deletion("rates", "interest rates"));
        assert!(is_deletion("hotly", "most hotly contested"));
        assert!(!is_deletion("brand new", "new"));
        assert!(!is_deletion("rate", "interest rates"));
        let pairs = [
            (
                "Interest rates fell as rates rose.",
                "Interest rates fell as interest rates rose.",
            ),
            (
                "Interest rates fell as rates rose.",
                "Interest rates fell as interest rates rose.",
            ),
        ];
        let h = learn(&pairs, &LearnOptions::default());
        assert!(h.pairs.iter().any(|p| p.spun == "rates"), "{:?}", h.pairs);
        let mut bg = Background::new();
        for _ in 0..50 {
            bg.add("The weather was fine all week.");
        }
        let rows = select(&h, &bg, &Selection::default());
        assert!(!rows.iter().any(|r| r.entry.spun == "rates"));
        let keep = Selection {
            keep_deletions: true,
            ..Selection::default()
        };
        assert!(select(&h, &bg, &keep)
            .iter()
            .any(|r| r.entry.spun == "rates"));
    }

    #[test]
    fn harvest_serialises_without_the_corpus() {
        let pairs = [(
            "She mentioned the darkish cave near the town.",
            "She said the dark cave near the town.",
        )];
        let h = learn(&pairs, &LearnOptions::default());
        let json = serde_json::to_value(&h).unwrap();
        let fields: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        assert_eq!(fields, ["pairs", "passages", "spun_words"]);
        assert!(!json.to_string().contains("town"), "{json}");
    }

    #[test]
    fn very_long_pairs_are_harvested() {
        // 60,000 words each; a full alignment table would need 3.6 billion cells.
        let original: String = (0..60_000).map(|i| format!("w{i} ")).collect();
        let spun = original.replacen("w777 ", "mentioned ", 1);
        let h = learn(&[(spun, original)], &LearnOptions::default());
        let found: Vec<(&str, &str)> = h
            .pairs
            .iter()
            .map(|p| (p.spun.as_str(), p.original.as_str()))
            .collect();
        assert_eq!(found, [("mentioned", "w777")]);
    }

    #[test]
    fn invalid_rows_are_an_error_not_dropped() {
        let row = |spun: &str| Scored {
            entry: Entry::new(spun, "said", Family::NewsSpinner, 0.9).unwrap(),
            count: 1,
            occurrences: 1,
            background: 0,
        };
        let mut identity = row("stated");
        identity.entry.spun = "said".into();
        let err = to_lexicon(&[row("mentioned"), identity]).unwrap_err();
        assert!(err.to_string().starts_with("<rows>:2: field 2"), "{err}");
        assert_eq!(to_lexicon(&[row("mentioned")]).unwrap().len(), 1);
    }

    #[test]
    fn background_counts_match_single_counts() {
        let mut bg = Background::new();
        bg.add("a b c a b");
        bg.add("b c");
        let many = bg.counts(["a b", "b c", "c a", "z", "a"]);
        for (phrase, n) in many {
            assert_eq!(n, bg.count(phrase), "{phrase}");
        }
        assert_eq!(bg.count("b c"), 2);
        // Phrases do not run across texts.
        assert_eq!(bg.count("b b"), 0);
    }
}
