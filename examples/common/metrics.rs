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
