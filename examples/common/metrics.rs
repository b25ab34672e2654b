//! Word alignment and quality metrics shared by the `evaluate` example and its tests.
//!
//! Everything here works on plain slices of comparable items (the caller decides what a
//! word is and how two words compare; `evaluate` uses despin's normalisation keys), so
//! the functions can be tested on hand-made sequences without any corpus text.
//!
//! * [`align`] (re-exported from `despin::align`, which the lexicon learner uses too): a
//!   word-level Levenshtein alignment (unit-cost substitution, insertion and deletion).
//!   Among the alignments of minimal cost it picks one with the most matches, so a word
//!   both sides share is never reported as substituted just because a substitution pair
//!   ties with an insertion/deletion pair.
//! * [`edit_distance`] and [`wer`]: the same distance without the alignment, in linear
//!   memory.
//! * [`gold_mask`]: which words of the spun side differ from the original.
//! * [`roc_auc`]: the Mann-Whitney rank form of the ROC AUC, ties counted half.
//! * [`Prf`]: word-count precision, recall and F1.
//!
//! Shared by the measuring examples, so that their reports cannot drift apart:
//!
//! * [`PairMeasure`]: everything `evaluate` and `crossval` measure on one (spun,
//!   original) pair under a detector (words are `despin::tokenize` tokens compared by
//!   `despin::word_keys`).
//! * [`Damage`]: words changed by reconstructing a never-spun text.
//! * [`passages`]: long clean text cut into passages of [`PASSAGE_WORDS`] words.

// Each includer uses a different subset of these helpers.
#![allow(dead_code)]

pub use despin::align::{align, edit_distance, Op};

/// Word error rate of `hypothesis` against `reference`: edit distance divided by the
/// reference length. An empty reference gives 0 for an empty hypothesis and `None`
/// otherwise (the rate is undefined).
pub fn wer<T: PartialEq>(hypothesis: &[T], reference: &[T]) -> Option<f64> {
    let edits = edit_distance(hypothesis, reference);
    if reference.is_empty() {
        return (edits == 0).then_some(0.0);
    }
    Some(edits as f64 / reference.len() as f64)
}

/// For each word of `spun`, whether it differs from `original` under [`align`]: true
/// for substituted and inserted words, false for matched ones. Words deleted from the
/// original have no spun position and are not represented.
pub fn gold_mask<T: PartialEq>(spun: &[T], original: &[T]) -> Vec<bool> {
    let mut mask = vec![false; spun.len()];
    for op in align(spun, original) {
        match op {
            Op::Substitute { a, .. } | Op::Insert { a } => mask[a] = true,
            Op::Match { .. } | Op::Delete { .. } => {}
        }
    }
    mask
}

/// ROC AUC of scores, `positives` versus `negatives`, by the Mann-Whitney rank formula:
/// the share of (positive, negative) pairs in which the positive scores higher, with
/// ties counted half. `None` when either side is empty or a score is NaN.
pub fn roc_auc(positives: &[f64], negatives: &[f64]) -> Option<f64> {
    if positives.is_empty() || negatives.is_empty() {
        return None;
    }
    if positives.iter().chain(negatives).any(|s| s.is_nan()) {
        return None;
    }
    // (score, is_positive), sorted by score; tied runs share their mean rank.
    let mut all: Vec<(f64, bool)> = positives
        .iter()
        .map(|&s| (s, true))
        .chain(negatives.iter().map(|&s| (s, false)))
        .collect();
    all.sort_by(|x, y| x.0.total_cmp(&y.0));
    let mut positive_rank_sum = 0.0;
    let mut start = 0;
    while start < all.len() {
        let mut end = start + 1;
        while end < all.len() && all[end].0 == all[start].0 {
            end += 1;
        }
        // Ranks are 1-based: the run covers ranks start+1 ..= end.
        let mean_rank = (start + 1 + end) as f64 / 2.0;
        let run_positives = all[start..end].iter().filter(|e| e.1).count();
        positive_rank_sum += mean_rank * run_positives as f64;
        start = end;
    }
    let n_pos = positives.len() as f64;
    let n_neg = negatives.len() as f64;
    let u = positive_rank_sum - n_pos * (n_pos + 1.0) / 2.0;
    Some(u / (n_pos * n_neg))
}

/// `numerator / denominator`, or `None` when the denominator is zero.
pub fn ratio(numerator: usize, denominator: usize) -> Option<f64> {
    (denominator > 0).then(|| numerator as f64 / denominator as f64)
}

/// Word counts for precision, recall and F1 of flagged words against gold words.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Prf {
    /// Words both flagged and gold.
    pub true_positives: usize,
    /// Words flagged.
    pub flagged: usize,
    /// Gold words.
    pub gold: usize,
}

impl Prf {
    /// Counts from two parallel masks (`flagged[i]`, `gold[i]` for word `i`); the
    /// shorter length wins if they differ.
    pub fn from_masks(flagged: &[bool], gold: &[bool]) -> Prf {
        let mut prf = Prf::default();
        for (&f, &g) in flagged.iter().zip(gold) {
            prf.flagged += usize::from(f);
            prf.gold += usize::from(g);
            prf.true_positives += usize::from(f && g);
        }
        prf
    }

    /// Add another set of counts (micro-averaging).
    pub fn add(&mut self, other: Prf) {
        self.true_positives += other.true_positives;
        self.flagged += other.flagged;
        self.gold += other.gold;
    }

    /// True positives / flagged; `None` when nothing was flagged.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.true_positives, self.flagged)
    }

    /// True positives / gold; `None` when there is no gold word.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.true_positives, self.gold)
    }

    /// Harmonic mean of precision and recall, computed as `2 tp / (flagged + gold)`: 0
    /// when there are gold words but none was found (even if nothing was flagged),
    /// `None` only when there is neither a flagged nor a gold word.
    pub fn f1(&self) -> Option<f64> {
        ratio(2 * self.true_positives, self.flagged + self.gold)
    }
}

/// What one spun text and its original measure under a detector.
pub struct PairMeasure {
    /// The spun text's words.
    pub tokens: Vec<despin::Token>,
    /// Their comparison keys.
    pub spun_keys: Vec<String>,
    /// The comparison keys of the original's words.
    pub original_keys: Vec<String>,
    /// Per spun word: it differs from the original ([`gold_mask`]).
    pub gold: Vec<bool>,
    /// Per spun word: an accepted finding says it was rewritten (its
    /// [`changed_words`](despin::Finding::changed_words) overlap the word; for
    /// `brand new -> new` that is `brand`, not `new`).
    pub flagged: Vec<bool>,
    /// Counts of `flagged` against `gold`.
    pub prf: Prf,
    /// Counts as if every word an accepted finding's span overlaps were flagged (the
    /// definition before 0.2.1), for comparison.
    pub prf_whole_findings: Prf,
    /// Word edit distance spun -> original.
    pub spun_edits: usize,
    /// Word edit distance reconstruction -> original.
    pub reconstructed_edits: usize,
    /// The detector's findings and score on the spun text.
    pub report: despin::Report,
}

impl PairMeasure {
    /// Align, flag, reconstruct and score one pair.
    pub fn of(detector: &despin::Detector, spun: &str, original: &str) -> PairMeasure {
        let tokens = despin::tokenize(spun);
        let spun_keys = despin::word_keys(spun);
        let original_keys = despin::word_keys(original);
        let gold = gold_mask(&spun_keys, &original_keys);
        let report = detector.analyze(spun);
        let accepted = || report.findings.iter().filter(|f| f.accepted);
        let changed: Vec<despin::Span> = accepted().flat_map(|f| f.changed_words()).collect();
        let whole: Vec<despin::Span> = accepted().map(|f| f.span).collect();
        let overlapped = |spans: &[despin::Span]| -> Vec<bool> {
            tokens
                .iter()
                .map(|t| spans.iter().any(|s| s.overlaps(t.span)))
                .collect()
        };
        let flagged = overlapped(&changed);
        let flagged_whole = overlapped(&whole);
        let rebuilt = report.reconstruct(spun);
        PairMeasure {
            prf: Prf::from_masks(&flagged, &gold),
            prf_whole_findings: Prf::from_masks(&flagged_whole, &gold),
            spun_edits: edit_distance(&spun_keys, &original_keys),
            reconstructed_edits: edit_distance(&despin::word_keys(&rebuilt.text), &original_keys),
            tokens,
            spun_keys,
            original_keys,
            gold,
            flagged,
            report,
        }
    }
}

/// Words changed by reconstructing a text that was never spun.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Damage {
    /// Word edit distance between the text and its reconstruction.
    pub changed: usize,
    /// Words of the text.
    pub words: usize,
}

impl Damage {
    /// The damage `rebuilt` does to `text`.
    pub fn of(text: &str, rebuilt: &despin::Reconstruction) -> Damage {
        let keys = despin::word_keys(text);
        let changed = if rebuilt.edits.is_empty() {
            0
        } else {
            edit_distance(&despin::word_keys(&rebuilt.text), &keys)
        };
        Damage {
            changed,
            words: keys.len(),
        }
    }

    /// Add another text's damage.
    pub fn add(&mut self, other: Damage) {
        self.changed += other.changed;
        self.words += other.words;
    }

    /// Changed words / words; `None` for no words.
    pub fn rate(&self) -> Option<f64> {
        ratio(self.changed, self.words)
    }
}

/// Words per passage of [`passages`].
pub const PASSAGE_WORDS: usize = 300;

/// `text` cut at whitespace into passages of [`PASSAGE_WORDS`] words, each joined by
/// single spaces; a last piece of fewer than a third of that is dropped.
pub fn passages(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .chunks(PASSAGE_WORDS)
        .filter(|c| c.len() >= PASSAGE_WORDS / 3)
        .map(|c| c.join(" "))
        .collect()
}
