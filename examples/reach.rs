//! How much of the held-out gold the lexicon recipe could reach at all: the ceiling that
//! any selection, weighting or acceptance rule works under.
//!
//! ```text
//! cargo run --release --example reach -- --pairs ../shared/corpus/train-pairs.jsonl \
//!     [--ppdb FILE] [--strict-synonyms FILE] [--wordnet DIR] [--fortunes DIR]
//! ```
//!
//! The folds are `crossval`'s: leave one article group out (`recipe::assign_groups`), learn from the other
//! groups' news-spinner pairs with the shipped recipe (`examples/common/recipe.rs`), and
//! look at the held-out group's news-spinner pairs. Each held-out pair is aligned word by
//! word (`despin::align`); a run of non-matching words is an edit *block* (spun words ->
//! original words), and every spun word in a block is a gold word (the same gold as
//! `crossval`). Adjacent swaps merge into one block (`collection ought to observe ->
//! series should follow`), so a block is cut into consecutive segments of up to four words
//! a side, and a gold word is *reachable* when it lies in a segment whose pair (spun
//! phrase -> original phrase, by word keys) a source holds, in the cutting that reaches the
//! most words. Sources are added one at a time, cumulatively: the fold's selected rows
//! (what `crossval` measures), the fold's whole harvest (pairs the selection dropped), PPDB
//! 1.0 lexical pairs, the counter-fitting PPDB 2.0 synonyms, and WordNet 3.0 synsets (the
//! last three one-word pairs, either direction, also after Porter2 stemming of both sides).
//! For comparison the same sources are counted with each block held only as one whole
//! pair, and a looser ceiling counts the gold words some row could flag at all, whatever
//! its original (a selected or harvested spun phrase occurring over the word, or a PPDB
//! pair whose spun side is the word).
//!
//! The report is Markdown on stdout (pairs are printed as word keys: derived facts).

#[path = "common/jsonl.rs"]
mod jsonl;
#[path = "common/metrics.rs"]
mod metrics;
#[path = "common/recipe.rs"]
mod recipe;

use despin::align::{align, Op};
use rust_stemmers::{Algorithm, Stemmer};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

const USAGE: &str = "usage: reach --pairs PAIRS.jsonl [--ppdb FILE] [--strict-synonyms FILE] \
[--wordnet DIR] [--fortunes DIR]";

/// Function words: a gold word among these is usually moved by a phrase rewrite, which no
/// one-word source can propose.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "this", "that", "these", "those", "of", "in", "on", "at", "to", "for",
    "from", "by", "with", "as", "into", "onto", "out", "up", "about", "over", "under", "within",
    "without", "through", "and", "or", "but", "nor", "so", "if", "than", "then", "because",
    "while", "is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "do",
    "does", "did", "will", "would", "can", "could", "may", "might", "shall", "should", "must",
    "it", "its", "it's", "he", "she", "they", "we", "you", "i", "him", "her", "them", "us", "me",
    "his", "their", "our", "your", "my", "which", "who", "whom", "whose", "what", "there", "here",
    "not", "no", "all", "each", "every", "some", "any", "many", "much", "more", "most", "one",
];

/// The sources, in the order a gold word is credited to them.
const SOURCES: [&str; 5] = [
    "selected rows (crossval's lexicon)",
    "+ harvest, dropped by selection",
    "+ PPDB 1.0 lexical pairs",
    "+ counter-fitting PPDB 2.0 synonyms",
    "+ WordNet 3.0 synsets",
];

/// Whether a source holds the pair (spun phrase keys, original phrase keys).
type Holds<'a> = dyn Fn(&str, &str) -> bool + 'a;

/// Longest segment side tried when cutting a block.
const MAX_SEGMENT: usize = 4;

/// The matched words either side of a block, for pairs anchored on them.
#[derive(Clone, Copy)]
struct Anchors<'a> {
    before: Option<&'a str>,
    after: Option<&'a str>,
}

/// Which spun words of a block (`spun` -> `original` keys) lie in a held segment, in the
/// cutting of the block into consecutive segments that covers the most spun words. A
/// spun-only segment at either end of a block is also held as the learner harvests it,
/// anchored on the matched word next to it (`brand` before `new` as `brand new -> new`).
fn reachable(spun: &[&str], original: &[&str], anchors: Anchors, holds: &Holds) -> Vec<bool> {
    let (n, m) = (spun.len(), original.len());
    // best[i][k]: most spun words coverable in spun[i..], original[k..]; step[i][k]: the
    // first segment of that cutting (spun words, original words, held).
    let mut best = vec![vec![0usize; m + 1]; n + 1];
    let mut step = vec![vec![(0usize, 0usize, false); m + 1]; n + 1];
    for i in (0..=n).rev() {
        for k in (0..=m).rev() {
            if i == n && k == m {
                continue;
            }
            let mut choice = (0, 0, false);
            let mut value = None;
            // Leave one word uncovered on either side.
            if i < n {
                value = Some(best[i + 1][k]);
                choice = (1, 0, false);
            }
            if k < m && value.is_none_or(|v| best[i][k + 1] > v) {
                value = Some(best[i][k + 1]);
                choice = (0, 1, false);
            }
            for a in 1..=MAX_SEGMENT.min(n - i) {
                for c in 0..=MAX_SEGMENT.min(m - k) {
                    let gain = a + best[i + a][k + c];
                    if value.is_some_and(|v| gain <= v) {
                        continue;
                    }
                    let segment = spun[i..i + a].join(" ");
                    let anchored = c == 0
                        && (anchors.after.is_some_and(|w| {
                            i + a == n && k == m && holds(&format!("{segment} {w}"), w)
                        }) || anchors.before.is_some_and(|w| {
                            i == 0 && k == 0 && holds(&format!("{w} {segment}"), w)
                        }));
                    if anchored || holds(&segment, &original[k..k + c].join(" ")) {
                        value = Some(gain);
                        choice = (a, c, true);
                    }
                }
            }
            best[i][k] = value.unwrap_or(0);
            step[i][k] = choice;
        }
    }
    let mut covered = vec![false; n];
    let (mut i, mut k) = (0, 0);
    while i < n || k < m {
        let (a, c, held) = step[i][k];
        if held {
            covered[i..i + a].iter_mut().for_each(|w| *w = true);
        }
        i += a;
        k += c;
    }
    covered
}

struct Args {
    pairs: PathBuf,
    ppdb: PathBuf,
    strict: PathBuf,
    wordnet: PathBuf,
    fortunes: PathBuf,
}

fn main() {
    match run() {
        Ok(()) => {}
        Err(e) => {
            eprintln!("reach: {e}");
            std::process::exit(2);
        }
    }
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        pairs: PathBuf::new(),
        ppdb: PathBuf::from(recipe::PPDB),
        strict: PathBuf::from(recipe::STRICT_SYNONYMS),
        wordnet: PathBuf::from(recipe::WORDNET_DIR),
        fortunes: PathBuf::from(recipe::FORTUNES_DIR),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value\n{USAGE}"));
        match flag.as_str() {
            "--pairs" => args.pairs = value()?.into(),
            "--ppdb" => args.ppdb = value()?.into(),
            "--strict-synonyms" => args.strict = value()?.into(),
            "--wordnet" => args.wordnet = value()?.into(),
            "--fortunes" => args.fortunes = value()?.into(),
            _ => return Err(format!("unknown argument {flag}\n{USAGE}")),
        }
    }
    if args.pairs.as_os_str().is_empty() {
        return Err(format!("--pairs is required\n{USAGE}"));
    }
    Ok(args)
}

/// A phrase as its word keys joined by one space.
fn key_of(phrase: &str) -> String {
    despin::word_keys(phrase).join(" ")
}

/// One-word synonym pairs, stored both ways, exact and stemmed.
#[derive(Default)]
struct WordPairs {
    exact: HashSet<(String, String)>,
    stemmed: HashSet<(String, String)>,
}

impl WordPairs {
    fn add(&mut self, a: &str, b: &str, stem: &Stemmer) {
        let (a, b) = (key_of(a), key_of(b));
        if a.is_empty() || b.is_empty() || a == b {
            return;
        }
        let (sa, sb) = (stem.stem(&a).into_owned(), stem.stem(&b).into_owned());
        self.exact.insert((a.clone(), b.clone()));
        self.exact.insert((b, a));
        self.stemmed.insert((sa.clone(), sb.clone()));
        self.stemmed.insert((sb, sa));
    }

    fn holds(&self, spun: &str, original: &str, stem: &Stemmer) -> bool {
        self.exact.contains(&(spun.to_owned(), original.to_owned()))
            || self.stemmed.contains(&(
                stem.stem(spun).into_owned(),
                stem.stem(original).into_owned(),
            ))
    }
}

/// Tab- or space-separated word pairs, one per line (the two PPDB files).
fn read_word_pairs(path: &Path, stem: &Stemmer) -> Result<WordPairs, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut pairs = WordPairs::default();
    for line in text.lines() {
        let mut fields = line.split(['\t', ' ']).filter(|f| !f.is_empty());
        if let (Some(a), Some(b)) = (fields.next(), fields.next()) {
            pairs.add(a, b, stem);
        }
    }
    Ok(pairs)
}

/// Pairs of one-word lemmas that share a WordNet synset (`data.*` files).
fn read_wordnet(dir: &Path, stem: &Stemmer) -> Result<WordPairs, String> {
    let mut pairs = WordPairs::default();
    for pos in ["noun", "verb", "adj", "adv"] {
        let path = dir.join(format!("data.{pos}"));
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        // Licence header lines start with two spaces.
        for line in text.lines().filter(|l| !l.starts_with("  ")) {
            let fields: Vec<&str> = line.split(' ').collect();
            let Some(count) = fields
                .get(3)
                .and_then(|c| usize::from_str_radix(c, 16).ok())
            else {
                continue;
            };
            let lemmas: Vec<&str> = (0..count)
                .filter_map(|i| fields.get(4 + 2 * i).copied())
                // Multiword lemmas are joined with `_`; adjectives may carry `(a)` marks.
                .filter(|w| !w.contains('_'))
                .map(|w| w.split('(').next().unwrap_or(w))
                .collect();
            for (i, a) in lemmas.iter().enumerate() {
                for b in &lemmas[i + 1..] {
                    pairs.add(a, b, stem);
                }
            }
        }
    }
    Ok(pairs)
}

/// One edit block of an alignment: spun word indices and original word indices.
struct Block {
    spun: Vec<usize>,
    original: Vec<usize>,
}

fn blocks(spun: &[String], original: &[String]) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current = Block {
        spun: Vec::new(),
        original: Vec::new(),
    };
    let flush = |b: &mut Block, out: &mut Vec<Block>| {
        if !b.spun.is_empty() || !b.original.is_empty() {
            b.spun.sort_unstable();
            b.original.sort_unstable();
            out.push(std::mem::replace(
                b,
                Block {
                    spun: Vec::new(),
                    original: Vec::new(),
                },
            ));
        }
    };
    for op in align(spun, original) {
        match op {
            Op::Match { .. } => flush(&mut current, &mut out),
            Op::Substitute { a, b } => {
                current.spun.push(a);
                current.original.push(b);
            }
            Op::Insert { a } => current.spun.push(a),
            Op::Delete { b } => current.original.push(b),
        }
    }
    flush(&mut current, &mut out);
    out
}

fn shape(b: &Block) -> &'static str {
    match (b.spun.len(), b.original.len()) {
        (_, 0) => "insertion (no original words)",
        (1, 1) => "1:1",
        (1, _) => "1:n",
        (_, 1) => "n:1",
        (s, o) if s == o => "n:n",
        _ => "n:m",
    }
}

#[derive(Default)]
struct Tally {
    /// Gold words reachable with the sources up to each one.
    by_source: [usize; SOURCES.len()],
    /// Gold words whose whole block (not a cutting of it) is held, sources cumulative.
    whole_block: [usize; SOURCES.len()],
    /// Gold words some row could flag at all, whatever its original: a selected spun
    /// phrase occurring over the word; then also a harvested one; then also a PPDB pair
    /// whose spun side is the word.
    flaggable: [usize; 3],
    /// The same with one-word spun sides only.
    flaggable_one_word: [usize; 3],
    /// Unreached gold words by (block shape, function word).
    unreached_by_shape: BTreeMap<(&'static str, bool), usize>,
    /// Unreached blocks as `spun -> original` keys, with the gold words they hold.
    unreached_blocks: HashMap<String, usize>,
    gold: usize,
    pairs: usize,
    folds: usize,
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let stem = Stemmer::create(Algorithm::English);
    let pairs = recipe::read_pairs(&args.pairs)?;
    let base = recipe::base_background(&args.wordnet, &args.fortunes);
    let ppdb = read_word_pairs(&args.ppdb, &stem)?;
    let strict = read_word_pairs(&args.strict, &stem)?;
    let wordnet = read_wordnet(&args.wordnet, &stem)?;
    let ppdb_spun: HashSet<&str> = ppdb.exact.iter().map(|(s, _)| s.as_str()).collect();
    eprintln!(
        "PPDB {} / strict {} / WordNet {} directed one-word pairs",
        ppdb.exact.len(),
        strict.exact.len(),
        wordnet.exact.len()
    );

    let mut t = Tally::default();
    for fold in recipe::folds(&pairs) {
        let (test, training) = (fold.test, fold.training);
        let (harvest, rows) = recipe::learn_fold(&training, &base);
        let selected: HashSet<(String, String)> = rows
            .iter()
            .map(|r| (key_of(&r.entry.spun), key_of(&r.entry.original)))
            .collect();
        let harvested: HashSet<(String, String)> = harvest
            .pairs
            .iter()
            .map(|p| (key_of(&p.spun), key_of(&p.original)))
            .collect();
        let selected_spun: HashSet<&str> = selected.iter().map(|(s, _)| s.as_str()).collect();
        let learned_spun: HashSet<&str> = selected
            .iter()
            .chain(&harvested)
            .map(|(s, _)| s.as_str())
            .collect();
        let longest = learned_spun
            .iter()
            .map(|s| s.split(' ').count())
            .max()
            .unwrap_or(1);
        t.folds += 1;
        for p in test {
            t.pairs += 1;
            let sk = despin::word_keys(&p.spun);
            let ok = despin::word_keys(&p.original);
            let gold = metrics::gold_mask(&sk, &ok);
            let mut gold_seen = 0;
            // Spun positions that some learned spun phrase occurring in the text covers.
            let covered_by = |rows: &HashSet<&str>| {
                let mut covered = vec![false; sk.len()];
                for start in 0..sk.len() {
                    for len in 1..=longest.min(sk.len() - start) {
                        if rows.contains(sk[start..start + len].join(" ").as_str()) {
                            covered[start..start + len].fill(true);
                        }
                    }
                }
                covered
            };
            let (by_selected, by_learned) = (covered_by(&selected_spun), covered_by(&learned_spun));
            for (i, _) in gold.iter().enumerate().filter(|(_, &g)| g) {
                let w = sk[i].as_str();
                let in_ppdb = ppdb_spun.contains(w);
                t.flaggable[0] += usize::from(by_selected[i]);
                t.flaggable[1] += usize::from(by_learned[i]);
                t.flaggable[2] += usize::from(by_learned[i] || in_ppdb);
                t.flaggable_one_word[0] += usize::from(selected_spun.contains(w));
                t.flaggable_one_word[1] += usize::from(learned_spun.contains(w));
                t.flaggable_one_word[2] += usize::from(learned_spun.contains(w) || in_ppdb);
            }
            for b in blocks(&sk, &ok) {
                let spun: Vec<&str> = b.spun.iter().map(|&i| sk[i].as_str()).collect();
                // Spun indices of a block are contiguous; its neighbours are matched words.
                let anchors = Anchors {
                    before: b
                        .spun
                        .first()
                        .and_then(|&i| i.checked_sub(1))
                        .map(|i| sk[i].as_str()),
                    after: b
                        .spun
                        .last()
                        .and_then(|&i| sk.get(i + 1))
                        .map(|s| s.as_str()),
                };
                let original: Vec<&str> = b.original.iter().map(|&i| ok[i].as_str()).collect();
                let one_word = |s: &str, o: &str, w: &WordPairs| {
                    !s.contains(' ') && !o.contains(' ') && !o.is_empty() && w.holds(s, o, &stem)
                };
                let learned = |s: &str, o: &str, with_harvest: bool| {
                    let pair = (s.to_owned(), o.to_owned());
                    selected.contains(&pair) || (with_harvest && harvested.contains(&pair))
                };
                let tiers: [&Holds; SOURCES.len()] = [
                    &|s, o| learned(s, o, false),
                    &|s, o| learned(s, o, true),
                    &|s, o| learned(s, o, true) || one_word(s, o, &ppdb),
                    &|s, o| learned(s, o, true) || one_word(s, o, &ppdb) || one_word(s, o, &strict),
                    &|s, o| {
                        learned(s, o, true)
                            || one_word(s, o, &ppdb)
                            || one_word(s, o, &strict)
                            || one_word(s, o, &wordnet)
                    },
                ];
                let mut last = Vec::new();
                let (spun_phrase, original_phrase) = (spun.join(" "), original.join(" "));
                for (tier, holds) in tiers.iter().enumerate() {
                    last = reachable(&spun, &original, anchors, *holds);
                    t.by_source[tier] += last.iter().filter(|&&c| c).count();
                    // The whole block as one pair (an insertion also anchored, as harvested).
                    let whole = holds(&spun_phrase, &original_phrase)
                        || (original.is_empty()
                            && (anchors
                                .after
                                .is_some_and(|w| holds(&format!("{spun_phrase} {w}"), w))
                                || anchors
                                    .before
                                    .is_some_and(|w| holds(&format!("{w} {spun_phrase}"), w))));
                    if whole {
                        t.whole_block[tier] += spun.len();
                    }
                }
                gold_seen += spun.len();
                let mut unreached = 0;
                for (pos, &i) in b.spun.iter().enumerate() {
                    if !last[pos] {
                        unreached += 1;
                        let function = FUNCTION_WORDS.contains(&sk[i].as_str());
                        *t.unreached_by_shape
                            .entry((shape(&b), function))
                            .or_default() += 1;
                    }
                }
                if unreached > 0 {
                    *t.unreached_blocks
                        .entry(format!("{} -> {}", spun.join(" "), original.join(" ")))
                        .or_default() += unreached;
                }
            }
            let gold_count = gold.iter().filter(|&&g| g).count();
            if gold_seen != gold_count {
                return Err(format!(
                    "{}: {gold_seen} gold words in blocks, {gold_count} in the gold mask",
                    p.id
                ));
            }
            t.gold += gold_count;
        }
        eprint!(".");
    }
    eprintln!();
    report(&t);
    Ok(())
}

fn report(t: &Tally) {
    let pct = |n: usize| 100.0 * n as f64 / t.gold.max(1) as f64;
    println!(
        "{} folds, {} held-out news-spinner pairs, {} gold words.\n",
        t.folds, t.pairs, t.gold
    );
    println!("| sources | gold words reachable | share of gold |");
    println!("|---|---|---|");
    for (name, &n) in SOURCES.iter().zip(&t.by_source) {
        println!("| {name} | {n} | {:.1} % |", pct(n));
    }
    println!("\nThe same with each block held as one pair only (no cutting into segments):\n");
    println!("| sources | gold words reachable | share of gold |");
    println!("|---|---|---|");
    for (name, &n) in SOURCES.iter().zip(&t.whole_block) {
        println!("| {name} | {n} | {:.1} % |", pct(n));
    }
    println!("\nLooser ceiling: gold words some row could flag at all, whatever its original:\n");
    println!("| sources | a spun phrase occurring over the word | one-word spun side only |");
    println!("|---|---|---|");
    let names = [
        "selected rows (crossval's lexicon)",
        "+ harvest, dropped by selection",
        "+ PPDB 1.0 spun sides",
    ];
    for (i, name) in names.iter().enumerate() {
        let (a, b) = (t.flaggable[i], t.flaggable_one_word[i]);
        println!("| {name} | {a} ({:.1} %) | {b} ({:.1} %) |", pct(a), pct(b));
    }
    println!("\n| unreached: block shape | function word | gold words | share of all gold |");
    println!("|---|---|---|---|");
    for ((shape, function), &n) in &t.unreached_by_shape {
        let f = if *function { "yes" } else { "no" };
        println!("| {shape} | {f} | {n} | {:.1} % |", pct(n));
    }
    let mut top: Vec<(&String, &usize)> = t.unreached_blocks.iter().collect();
    top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    println!("\nMost frequent blocks with unreached words (unreached gold words):\n");
    for (block, n) in top.iter().take(30) {
        println!("* `{block}` ({n})");
    }
}
