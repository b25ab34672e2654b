//! The `unlisted` generator shared by `build_unlisted` (which writes `data/unlisted.tsv`)
//! and `unlisted_eval` (which builds the same rows in memory, optionally with the word
//! swaps of a training part of a PPS list). Third-party data is read here at build or
//! evaluation time only; what leaves this module is (spun, original, weight) rows.
//!
//! Recipe: seeds are frequent two-word English terms (content-word pairs of the SymSpell
//! bigram counts, WordNet's two-word lemmas, and, when given, the expected sides of PPS
//! training rows). For each seed and each of its two words, every thesaurus synonym of
//! that word (WordNet synsets, Moby thesaurus, and, when given, the words PPS training
//! rows put in its place) makes a variant `a' b` / `a b'`. A variant is kept when its own
//! pair is absent from the bigram counts, it is not itself a WordNet term, and the swapped
//! word is at least four times rarer than the word it replaces. Its evidence is the
//! product of the synonym source's prior, how much the seed is a fixed term (PMI of the
//! pair) and how much rarer the swapped word is; rows are ranked by it and cut at a budget.

#![allow(dead_code)]

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Where the third-party inputs are.
pub struct Sources {
    /// `../shared/data-sources/symspell-frequencies`
    pub symspell: PathBuf,
    /// `/usr/share/wordnet`
    pub wordnet: PathBuf,
    /// The Moby thesaurus text (`moby.txt` of the `thesaurus-moby` crate), if found.
    pub moby: Option<PathBuf>,
}

impl Sources {
    /// The default places: `../shared/...`, Debian `wordnet-base`, and the `thesaurus-moby`
    /// crate's source in the local cargo registry (`cargo info thesaurus-moby` fetches it).
    pub fn default_paths() -> Sources {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let symspell = manifest.join("../shared/data-sources/symspell-frequencies");
        let wordnet = PathBuf::from("/usr/share/wordnet");
        let moby = std::env::var_os("DESPIN_MOBY")
            .map(PathBuf::from)
            .or_else(find_moby);
        Sources {
            symspell,
            wordnet,
            moby,
        }
    }
}

/// `moby.txt` of the newest `thesaurus-moby` crate in `$CARGO_HOME/registry/src`.
fn find_moby() -> Option<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))?;
    let mut found = Vec::new();
    for index in std::fs::read_dir(home.join("registry/src")).ok()? {
        let Ok(index) = index else { continue };
        let Ok(crates) = std::fs::read_dir(index.path()) else {
            continue;
        };
        for c in crates.flatten() {
            let name = c.file_name().to_string_lossy().into_owned();
            if name.starts_with("thesaurus-moby-") {
                let p = c.path().join("src/moby.txt");
                if p.exists() {
                    found.push(p);
                }
            }
        }
    }
    found.sort();
    found.pop()
}

/// Word counts, pair counts and thesauri.
pub struct Resources {
    /// word -> count (SymSpell unigrams).
    pub uni: HashMap<String, u64>,
    /// (a, b) -> count (SymSpell bigrams).
    pub bi: HashMap<(String, String), u64>,
    /// Sum of the word counts.
    pub total: f64,
    /// WordNet single-word synonyms (same synset), both ways.
    pub wordnet: HashMap<String, HashSet<String>>,
    /// WordNet two-word lemmas.
    pub wordnet_terms: HashSet<(String, String)>,
    /// Moby single-word synonyms, both ways (empty if Moby was not found).
    pub moby: HashMap<String, HashSet<String>>,
    /// The most frequent words (function words and the like), never swapped or seeded.
    pub stop: HashSet<String>,
}

/// How many of the most frequent words count as function words.
pub const STOP_WORDS: usize = 150;

impl Resources {
    /// Read everything; panics with the path on a missing input.
    pub fn load(src: &Sources) -> Resources {
        let read = |p: &Path| std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        let mut uni = HashMap::new();
        let mut total = 0.0;
        let text = read(&src.symspell.join("frequency_dictionary_en_82_765.txt"));
        let mut ranked: Vec<(u64, String)> = Vec::new();
        for line in String::from_utf8_lossy(&text).lines() {
            let mut it = line.split(' ');
            if let (Some(w), Some(c)) = (it.next(), it.next()) {
                if let Ok(c) = c.trim().parse::<u64>() {
                    uni.insert(w.to_owned(), c);
                    total += c as f64;
                    ranked.push((c, w.to_owned()));
                }
            }
        }
        ranked.sort_by_key(|r| std::cmp::Reverse(r.0));
        let stop = ranked
            .iter()
            .take(STOP_WORDS)
            .map(|(_, w)| w.clone())
            .collect();
        let mut bi = HashMap::new();
        let text = read(
            &src.symspell
                .join("frequency_bigramdictionary_en_243_342.txt"),
        );
        for line in String::from_utf8_lossy(&text).lines() {
            let mut it = line.split(' ');
            if let (Some(a), Some(b), Some(c)) = (it.next(), it.next(), it.next()) {
                if let Ok(c) = c.trim().parse::<u64>() {
                    bi.insert((a.to_owned(), b.to_owned()), c);
                }
            }
        }
        let mut wordnet: HashMap<String, HashSet<String>> = HashMap::new();
        let mut wordnet_terms = HashSet::new();
        for pos in ["noun", "verb", "adj", "adv"] {
            let text = read(&src.wordnet.join(format!("data.{pos}")));
            for line in String::from_utf8_lossy(&text).lines() {
                if line.starts_with(' ') {
                    continue;
                }
                let f: Vec<&str> = line.split(' ').collect();
                let Some(n) = f.get(3).and_then(|n| usize::from_str_radix(n, 16).ok()) else {
                    continue;
                };
                let words: Vec<String> = (0..n)
                    .filter_map(|i| f.get(4 + 2 * i))
                    .map(|w| {
                        let w = w.to_lowercase();
                        match w.find('(') {
                            Some(p) => w[..p].to_owned(),
                            None => w,
                        }
                    })
                    .collect();
                for w in &words {
                    let parts: Vec<&str> = w.split('_').collect();
                    if parts.len() == 2 {
                        wordnet_terms.insert((parts[0].to_owned(), parts[1].to_owned()));
                    }
                }
                for a in &words {
                    for b in &words {
                        if a != b && !a.contains('_') && !b.contains('_') {
                            wordnet.entry(a.clone()).or_default().insert(b.clone());
                        }
                    }
                }
            }
        }
        let mut moby: HashMap<String, HashSet<String>> = HashMap::new();
        if let Some(path) = &src.moby {
            let text = read(path);
            for line in String::from_utf8_lossy(&text).lines() {
                let line = line.to_lowercase();
                let mut words = line.trim().split(',');
                let Some(root) = words.next() else { continue };
                if root.contains(' ') {
                    continue;
                }
                for w in words {
                    if w.contains(' ') || w == root {
                        continue;
                    }
                    moby.entry(root.to_owned())
                        .or_default()
                        .insert(w.to_owned());
                    moby.entry(w.to_owned())
                        .or_default()
                        .insert(root.to_owned());
                }
            }
        }
        Resources {
            uni,
            bi,
            total,
            wordnet,
            wordnet_terms,
            moby,
            stop,
        }
    }

    /// A word that may be seeded or swapped: lower-case ASCII letters, at least three,
    /// not one of the most frequent words.
    pub fn content(&self, w: &str) -> bool {
        w.len() >= 3 && w.bytes().all(|b| b.is_ascii_lowercase()) && !self.stop.contains(w)
    }

    /// Count of a word (0 when unknown).
    pub fn count(&self, w: &str) -> u64 {
        self.uni.get(w).copied().unwrap_or(0)
    }

    /// Pointwise mutual information (bits) of a pair with a count.
    pub fn pmi(&self, a: &str, b: &str, c: u64) -> f64 {
        let (ca, cb) = (self.count(a) as f64, self.count(b) as f64);
        if ca == 0.0 || cb == 0.0 || c == 0 {
            return 0.0;
        }
        (c as f64 * self.total / (ca * cb)).log2()
    }
}

/// Knobs of the generator.
#[derive(Clone, Debug)]
pub struct Options {
    /// Bigrams of at least this count are seeds.
    pub min_seed_count: u64,
    /// ... and of at least this PMI (bits).
    pub min_seed_pmi: f64,
    /// The swapped word is at least this many times rarer than the word it replaces.
    pub min_rarity: f64,
    /// Keep at most this many rows, best evidence first.
    pub budget: usize,
    /// Rows of evidence below this are dropped.
    pub min_evidence: f64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            min_seed_count: 20_000,
            min_seed_pmi: 5.0,
            min_rarity: 4.0,
            budget: 150_000,
            min_evidence: 0.35,
        }
    }
}

/// Word swaps (original word -> swapped-in words) learned from training PPS rows, and
/// their expected sides as seeds.
#[derive(Default)]
pub struct PpsHints {
    /// original word -> the words rows put in its place
    pub swaps: HashMap<String, HashSet<String>>,
    /// expected two-word sub-phrases of training rows
    pub seeds: HashSet<(String, String)>,
}

impl PpsHints {
    /// Learn from (tortured, expected) rows: words at the same position of equal-length
    /// sides that differ are swaps; every adjacent pair of the expected side is a seed.
    pub fn learn<'a>(rows: impl IntoIterator<Item = (&'a str, &'a str)>) -> PpsHints {
        let mut hints = PpsHints::default();
        for (tortured, expected) in rows {
            let t: Vec<&str> = tortured.split(' ').collect();
            let e: Vec<&str> = expected.split(' ').collect();
            if t.len() == e.len() {
                for (a, b) in t.iter().zip(&e) {
                    if a != b {
                        hints
                            .swaps
                            .entry((*b).to_owned())
                            .or_default()
                            .insert((*a).to_owned());
                    }
                }
            }
            for w in e.windows(2) {
                hints.seeds.insert((w[0].to_owned(), w[1].to_owned()));
            }
        }
        hints
    }
}

/// One generated row.
#[derive(Clone, Debug)]
pub struct Row {
    /// The two-word term English writes.
    pub original: (String, String),
    /// 0 or 1: which word was swapped (2: both, PPS swaps only).
    pub position: u8,
    /// The swapped-in word(s): `spun` is `original` with them in place.
    pub spun: (String, String),
    /// Evidence in (0, 1].
    pub evidence: f64,
}

/// Weight of a row of this evidence: 0.3 to 0.75.
pub fn weight(evidence: f64) -> f32 {
    let w = 0.3 + 0.45 * evidence.clamp(0.0, 1.0);
    (w * 100.0).round() as f32 / 100.0
}

/// Generate the rows.
pub fn generate(res: &Resources, opts: &Options, pps: Option<&PpsHints>) -> Vec<Row> {
    // Seeds with their fixedness in [0, 1].
    let mut seeds: HashMap<(String, String), f64> = HashMap::new();
    for ((a, b), &c) in &res.bi {
        if c >= opts.min_seed_count && res.content(a) && res.content(b) {
            let pmi = res.pmi(a, b, c);
            if pmi >= opts.min_seed_pmi {
                seeds.insert((a.clone(), b.clone()), (pmi / 12.0).min(1.0));
            }
        }
    }
    for (a, b) in &res.wordnet_terms {
        if res.content(a) && res.content(b) {
            seeds.entry((a.clone(), b.clone())).or_insert(0.6);
        }
    }
    if let Some(h) = pps {
        for (a, b) in &h.seeds {
            if res.content(a) && res.content(b) {
                seeds.insert((a.clone(), b.clone()), 1.0);
            }
        }
    }
    let empty = HashSet::new();
    let mut best: HashMap<(String, String), Row> = HashMap::new();
    let offer = |row: Row, best: &mut HashMap<(String, String), Row>| {
        if row.evidence < opts.min_evidence
            || res.bi.contains_key(&row.spun)
            || res.wordnet_terms.contains(&row.spun)
            || seeds.contains_key(&row.spun)
        {
            return;
        }
        // Ties go to the smaller original, so the output does not depend on hash order.
        match best.get(&row.spun) {
            Some(old)
                if old.evidence > row.evidence
                    || (old.evidence == row.evidence && old.original <= row.original) => {}
            _ => {
                best.insert(row.spun.clone(), row);
            }
        }
    };
    for ((a, b), &fixed) in &seeds {
        for position in 0..2u8 {
            let w = if position == 0 { a } else { b };
            let uw = res.count(w) as f64;
            if uw == 0.0 {
                continue;
            }
            let wn = res.wordnet.get(w).unwrap_or(&empty);
            let mo = res.moby.get(w).unwrap_or(&empty);
            let pp = pps.and_then(|h| h.swaps.get(w)).unwrap_or(&empty);
            for s in wn.iter().chain(mo).chain(pp) {
                if s == w || !res.content(s) {
                    continue;
                }
                let us = res.count(s) as f64;
                // Every swap must be much rarer than the word it replaces: without that,
                // swaps a tortured-phrase list showed (`issue` for `problem`) flag plain
                // technical English (`reports/unlisted.md`, notes).
                if us * opts.min_rarity >= uw {
                    continue;
                }
                let prior = if pp.contains(s) {
                    1.0
                } else if wn.contains(s) && mo.contains(s) {
                    0.8
                } else if wn.contains(s) {
                    0.65
                } else {
                    0.55
                };
                let rarity = ((uw / us.max(1000.0)).log10() / 3.0).clamp(0.0, 1.0);
                let evidence = prior * (0.5 + 0.5 * fixed) * (0.4 + 0.6 * rarity);
                let spun = if position == 0 {
                    (s.clone(), b.clone())
                } else {
                    (a.clone(), s.clone())
                };
                offer(
                    Row {
                        original: (a.clone(), b.clone()),
                        position,
                        spun,
                        evidence,
                    },
                    &mut best,
                );
            }
        }
        // Both words swapped: only with swaps a tortured-phrase list showed, each rarer.
        if let Some(h) = pps {
            if let (Some(sa), Some(sb)) = (h.swaps.get(a), h.swaps.get(b)) {
                let rare = |s: &String, w: &String| {
                    (res.count(s) as f64) * opts.min_rarity < res.count(w) as f64
                };
                for x in sa.iter().filter(|x| rare(x, a)) {
                    for y in sb.iter().filter(|y| rare(y, b)) {
                        offer(
                            Row {
                                original: (a.clone(), b.clone()),
                                position: 2,
                                spun: (x.clone(), y.clone()),
                                evidence: 0.9 * (0.5 + 0.5 * fixed),
                            },
                            &mut best,
                        );
                    }
                }
            }
        }
    }
    let mut rows: Vec<Row> = best.into_values().collect();
    rows.sort_by(|x, y| {
        y.evidence
            .total_cmp(&x.evidence)
            .then_with(|| x.spun.cmp(&y.spun))
    });
    rows.truncate(opts.budget);
    rows
}

/// The rows as a lexicon of family `unlisted`.
pub fn lexicon(rows: &[Row]) -> despin::Lexicon {
    let mut lex = despin::Lexicon::new();
    for r in rows {
        let spun = format!("{} {}", r.spun.0, r.spun.1);
        let original = format!("{} {}", r.original.0, r.original.1);
        if let Ok(e) =
            despin::Entry::new(spun, original, despin::Family::Unlisted, weight(r.evidence))
        {
            let _ = lex.push(e);
        }
    }
    lex
}

/// The rows in the compact `data/unlisted.tsv` format (single swaps only), canonical:
/// lines sorted by (original, position, weight), substitutes sorted.
pub fn to_compact(rows: &[Row]) -> String {
    let mut groups: std::collections::BTreeMap<(String, u8, String), Vec<String>> =
        Default::default();
    for r in rows {
        if r.position > 1 {
            continue;
        }
        let sub = if r.position == 0 {
            r.spun.0.clone()
        } else {
            r.spun.1.clone()
        };
        let key = (
            format!("{} {}", r.original.0, r.original.1),
            r.position + 1,
            format!("{:.2}", weight(r.evidence)),
        );
        groups.entry(key).or_default().push(sub);
    }
    let mut out = String::new();
    for ((original, position, weight), mut subs) in groups {
        subs.sort();
        out.push_str(&format!(
            "{original}\t{position}\t{weight}\t{}\n",
            subs.join(" ")
        ));
    }
    out
}
