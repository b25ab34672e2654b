//! The lexicon recipe shared by `learn_lexicon` (which writes `data/`) and `crossval`
//! (which measures the same recipe on held-out articles): read the sources, learn from
//! the training pairs, weigh against never-spun background text.
//!
//! Background (how ordinary a phrase is): the glosses and examples of WordNet 3.0
//! (Debian `wordnet-base`, `/usr/share/wordnet/data.*`), the Debian `fortunes` files, and
//! the originals of the training pairs. The clean texts used to *measure* damage
//! (`clean.jsonl`, Jane Austen, the KJV Bible, the Jargon File) are never read here.
//!
//! Includers also include `common/jsonl.rs` as `mod jsonl` (the shared file reader).

// Each includer uses a different subset of these helpers.
#![allow(dead_code)]

use crate::jsonl::{optional_str, read_objects, required_str};
use despin::learn::propose::{propose, Calibration, Evidence, Proposal, ProposeOptions, Synonyms};
use despin::learn::{
    learn, select, Background, Harvest, LearnOptions, Reference, Scored, Selection,
};
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// The reference frequencies the selection reads ([`SYMSPELL_DIR`], or the directory in
/// `DESPIN_SYMSPELL`), loaded once; `None` (reported on stderr) when the files are
/// missing, which changes the result.
pub fn reference() -> Option<Arc<Reference>> {
    static REFERENCE: OnceLock<Option<Arc<Reference>>> = OnceLock::new();
    REFERENCE
        .get_or_init(|| {
            let dir = std::env::var("DESPIN_SYMSPELL").unwrap_or_else(|_| SYMSPELL_DIR.into());
            let dir = Path::new(&dir);
            let read = |name: &str| {
                std::fs::read_to_string(dir.join(name))
                    .map_err(|e| eprintln!("reference: {}: {e}", dir.join(name).display()))
                    .ok()
            };
            let unigrams = read("frequency_dictionary_en_82_765.txt")?;
            let bigrams = read("frequency_bigramdictionary_en_243_342.txt")?;
            Some(Arc::new(Reference::from_counts(&unigrams, &bigrams)))
        })
        .clone()
}

/// Default location of WordNet's data files (Debian `wordnet-base`).
pub const WORDNET_DIR: &str = "/usr/share/wordnet";
/// Default location of the Debian `fortunes` files.
pub const FORTUNES_DIR: &str = "/usr/share/games/fortunes";

/// Default location of the PPDB 1.0 lexical pairs (NLTK `mwa_ppdb`, CC-BY 3.0).
pub const PPDB: &str =
    "../shared/data-sources/ppdb-mwa-nltk/ppdb-1.0-xxxl-lexical.extended.synonyms.uniquepairs";
/// Default location of the counter-fitting PPDB 2.0 synonym pairs (CC-BY 3.0).
pub const STRICT_SYNONYMS: &str =
    "../shared/data-sources/ppdb-counterfitting-synonyms/ppdb_synonyms.txt";
/// Default location of the SymSpell word and word-pair counts (MIT; derived from Google
/// Books n-grams), the recipe's reference frequencies of general English.
pub const SYMSPELL_DIR: &str = "../shared/data-sources/symspell-frequencies";

/// Default location of the spun pages that have no original.
pub const SPUN_ONLY: &str = "../shared/corpus/spun-only.jsonl";

/// One (spun, original) record of a pairs file.
#[derive(Clone, Debug)]
pub struct PairRec {
    pub id: String,
    pub family: String,
    /// The record's `topic` (empty when absent).
    pub topic: String,
    /// The article group ([`assign_groups`]): pairs of one group are never split between
    /// training and held-out text.
    pub group: String,
    pub spun: String,
    pub original: String,
}

/// Read a pairs file (`spun`, `original`; `id`, `spinner_family`, `topic`,
/// `original_url` optional) and group its pairs by article ([`assign_groups`]).
pub fn read_pairs(path: &Path) -> Result<Vec<PairRec>, String> {
    let mut pairs = Vec::new();
    for (line, m) in read_objects(path)? {
        let id = optional_str(&m, "id", path, line)?.unwrap_or_else(|| format!("line-{line}"));
        pairs.push(PairRec {
            family: optional_str(&m, "spinner_family", path, line)?.unwrap_or_default(),
            topic: optional_str(&m, "topic", path, line)?.unwrap_or_default(),
            group: optional_str(&m, "original_url", path, line)?.unwrap_or_else(|| id.clone()),
            spun: required_str(&m, "spun", path, line)?,
            original: required_str(&m, "original", path, line)?,
            id,
        });
    }
    assign_groups(&mut pairs);
    Ok(pairs)
}

/// Length in words of a run of text two pairs must share to be one article group.
pub const SHARED_RUN: usize = 8;

/// Group pairs by article, as `../shared/corpus/README.md` asks: two pairs are one group
/// when they have the same `original_url` (the `group` field on input) or when any side
/// of one shares a run of [`SHARED_RUN`] words (normalisation keys) with any side of the
/// other (several spun copies of one story, found at different republications of its
/// original). Groups are the connected components of that relation; each pair's `group`
/// becomes the smallest `original_url` of its component, so names are stable.
pub fn assign_groups(pairs: &mut [PairRec]) {
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let mut parent: Vec<usize> = (0..pairs.len()).collect();
    let join = |parent: &mut Vec<usize>, a: usize, b: usize| {
        let (ra, rb) = (root(parent, a), root(parent, b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    };
    let mut first_with_url: std::collections::HashMap<String, usize> = Default::default();
    let mut first_with_run: std::collections::HashMap<String, usize> = Default::default();
    for (i, p) in pairs.iter().enumerate() {
        if let Some(&j) = first_with_url.get(&p.group) {
            join(&mut parent, i, j);
        } else {
            first_with_url.insert(p.group.clone(), i);
        }
        for text in [&p.spun, &p.original] {
            let keys = despin::word_keys(text);
            for run in keys.windows(SHARED_RUN) {
                let run = run.join(" ");
                match first_with_run.get(&run) {
                    Some(&j) => join(&mut parent, i, j),
                    None => {
                        first_with_run.insert(run, i);
                    }
                }
            }
        }
    }
    let mut name: std::collections::BTreeMap<usize, String> = Default::default();
    for (i, p) in pairs.iter().enumerate() {
        let slot = name
            .entry(root(&mut parent, i))
            .or_insert_with(|| p.group.clone());
        if p.group < *slot {
            *slot = p.group.clone();
        }
    }
    for (i, p) in pairs.iter_mut().enumerate() {
        p.group = name[&root(&mut parent, i)].clone();
    }
}

/// The `text` fields of a JSON-lines file.
pub fn read_texts(path: &Path) -> Result<Vec<String>, String> {
    read_objects(path)?
        .iter()
        .map(|(line, m)| required_str(m, "text", path, *line))
        .collect()
}

/// The fixed part of the background: WordNet glosses and fortunes. Missing directories
/// are reported on stderr and skipped (the result then differs from the shipped data).
pub fn base_background(wordnet: &Path, fortunes: &Path) -> Background {
    let mut bg = Background::new();
    for pos in ["noun", "verb", "adj", "adv"] {
        let path = wordnet.join(format!("data.{pos}"));
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                for line in text.lines().filter(|l| !l.starts_with("  ")) {
                    if let Some((_, gloss)) = line.split_once(" | ") {
                        bg.add(gloss);
                    }
                }
            }
            Err(e) => eprintln!("background: {}: {e}", path.display()),
        }
    }
    match std::fs::read_dir(fortunes) {
        Ok(dir) => {
            let mut files: Vec<_> = dir
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_none())
                .collect();
            files.sort();
            for path in files {
                if let Ok(text) = std::fs::read_to_string(&path) {
                    for fortune in text.split("\n%\n") {
                        bg.add(fortune);
                    }
                }
            }
        }
        Err(e) => eprintln!("background: {}: {e}", fortunes.display()),
    }
    bg
}

/// Single words the recipe never learns as rows of their own: ordinary English whose
/// spun use cannot be told from its normal use without more context (hand judgement,
/// carried over from the starter lexicon's documented drop list). Longer phrases that
/// contain them are still learned.
pub const STOP: &[&str] = &[
    "decide",
    "fee",
    "feedback",
    "laptop",
    "mannequins",
    "massive",
    "payment",
    "vary",
    "velocity",
];

/// Pairs the news-spinner lexicon learns from.
pub fn is_learnable(p: &PairRec) -> bool {
    p.family == "news-spinner"
}

/// One leave-one-group-out fold over a pairs file.
pub struct Fold<'a> {
    /// The held-out group ([`assign_groups`]).
    pub group: &'a str,
    /// The held-out group's news-spinner pairs, which are measured.
    pub test: Vec<&'a PairRec>,
    /// Every pair of the other groups, which are learned from.
    pub training: Vec<&'a PairRec>,
}

/// The folds `crossval` and `reach` share: one per article group ([`assign_groups`])
/// that has a news-spinner pair, in group order.
pub fn folds(pairs: &[PairRec]) -> Vec<Fold<'_>> {
    let mut groups: std::collections::BTreeMap<&str, Vec<&PairRec>> = Default::default();
    for p in pairs {
        groups.entry(p.group.as_str()).or_default().push(p);
    }
    groups
        .into_iter()
        .filter_map(|(group, held)| {
            let test: Vec<&PairRec> = held.into_iter().filter(|p| is_learnable(p)).collect();
            (!test.is_empty()).then(|| Fold {
                group,
                test,
                training: pairs.iter().filter(|p| p.group != group).collect(),
            })
        })
        .collect()
}

/// The learned rows for `training`: harvest, add the training originals to the
/// background, select.
pub fn learned_rows(training: &[&PairRec], base: &Background) -> Vec<Scored> {
    learn_fold(training, base).1
}

/// The harvest of `training`'s news-spinner pairs and the rows selected from it.
pub fn learn_fold(training: &[&PairRec], base: &Background) -> (Harvest, Vec<Scored>) {
    let pairs: Vec<(&str, &str)> = training
        .iter()
        .filter(|p| is_learnable(p))
        .map(|p| (p.spun.as_str(), p.original.as_str()))
        .collect();
    let harvest = learn(&pairs, &LearnOptions::default());
    let mut bg = base.clone();
    for p in training {
        bg.add(&p.original);
    }
    let mut rows = select(&harvest, &bg, &selection());
    rows.retain(|r| !STOP.contains(&r.entry.spun.as_str()));
    (harvest, rows)
}

/// What `propose` reads besides the training pairs: the synonym lists and the
/// news-spinner pages that have no original.
pub struct ProposeSources {
    pub synonyms: Synonyms,
    pub strict: Option<Synonyms>,
    pub spinner: Background,
}

/// Load the proposal sources; `strict` is optional (a missing file is reported and
/// skipped).
pub fn propose_sources(
    ppdb: &Path,
    strict: &Path,
    spun_only: &Path,
) -> Result<ProposeSources, String> {
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    let synonyms = Synonyms::parse(&read(ppdb)?);
    let strict = match read(strict) {
        Ok(text) => Some(Synonyms::parse(&text)),
        Err(e) => {
            eprintln!("propose: {e}");
            None
        }
    };
    let mut spinner = Background::new();
    for (line, m) in read_objects(spun_only)? {
        let family = optional_str(&m, "spinner_family", spun_only, line)?.unwrap_or_default();
        if family == "news-spinner" {
            spinner.add(&required_str(&m, "text", spun_only, line)?);
        }
    }
    Ok(ProposeSources {
        synonyms,
        strict,
        spinner,
    })
}

/// The recipe's proposal settings (`PROPOSE=key=value,...` overrides, for experiments).
pub fn propose_options() -> ProposeOptions {
    let mut o = ProposeOptions {
        stop: STOP.iter().map(|s| s.to_string()).collect(),
        ..ProposeOptions::default()
    };
    if let Ok(spec) = std::env::var("PROPOSE") {
        for kv in spec.split(',').filter(|kv| !kv.is_empty()) {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            let f: f64 = v.parse().unwrap_or(0.0);
            match k {
                "rarer_factor" => o.rarer_factor = f,
                "depleted_expected" => o.depleted_expected = f,
                "enriched_factor" => o.enriched_factor = f,
                "smoothing" => o.smoothing = f,
                "min_precision" => o.min_precision = f,
                "min_original_background" => o.min_original_background = f as u64,
                "unseen_weight" => o.unseen_weight = f as f32,
                "rare_weight" => o.rare_weight = f as f32,
                "rare_per_million" => o.rare_per_million = f,
                "uncommon_weight" => o.uncommon_weight = f as f32,
                "uncommon_per_million" => o.uncommon_per_million = f,
                "reference" => {}
                _ => eprintln!("PROPOSE: unknown key {k}"),
            }
        }
    }
    o
}

/// Proposed rows for vocabulary `training` never showed (`harvest` is its
/// [`learn_fold`] harvest). Frequencies come from `base` alone (not the training
/// originals, which would make the calibration's originals look commoner).
pub fn proposed_rows(
    training: &[&PairRec],
    harvest: &Harvest,
    base: &Background,
    sources: &ProposeSources,
) -> (Vec<Proposal>, Calibration) {
    let mut spun = Background::new();
    let mut originals = Background::new();
    // `PROPOSE=reference=1` also reads the reference frequencies (experiment).
    let reference_for_proposals = std::env::var("PROPOSE")
        .is_ok_and(|s| s.split(',').any(|kv| kv == "reference=1"))
        .then(reference)
        .flatten();
    for p in training.iter().filter(|p| is_learnable(p)) {
        spun.add(&p.spun);
        originals.add(&p.original);
    }
    let ev = Evidence {
        harvest,
        training_spun: &spun,
        training_originals: &originals,
        background: base,
        spinner: &sources.spinner,
        strict: sources.strict.as_ref(),
        reference: reference_for_proposals.as_deref(),
    };
    propose(&sources.synonyms, &ev, &propose_options())
}

/// The recipe's selection settings (`RECIPE=key=value,...` overrides, for experiments).
pub fn selection() -> Selection {
    let mut s = Selection {
        reference: reference(),
        ..Selection::default()
    };
    if let Ok(spec) = std::env::var("RECIPE") {
        for kv in spec.split(',').filter(|kv| !kv.is_empty()) {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            let f: f64 = v.parse().unwrap_or(0.0);
            match k {
                "min_consistency" => s.min_consistency = f,
                "min_likelihood_ratio" => s.min_likelihood_ratio = f,
                "unseen_weight" => s.unseen_weight = f as f32,
                "unseen_once_weight" => s.unseen_once_weight = f as f32,
                "rare_weight" => s.rare_weight = f as f32,
                "uncommon_weight" => s.uncommon_weight = f as f32,
                "common_weight" => s.common_weight = f as f32,
                "common_min_ratio" => s.common_min_ratio = f,
                "common_min_consistency" => s.common_min_consistency = f,
                "common_min_count" => s.common_min_count = f as usize,
                "context_below" => s.context_below = f as f32,
                "min_context_count" => s.min_context_count = f as usize,
                "keep_anchored" => s.keep_anchored = f != 0.0,
                "keep_deletions" => s.keep_deletions = f != 0.0,
                "reference" if f == 0.0 => s.reference = None,
                "reference_unseen_per_million" => s.reference_unseen_per_million = f,
                _ => eprintln!("RECIPE: unknown key {k}"),
            }
        }
    }
    s
}
