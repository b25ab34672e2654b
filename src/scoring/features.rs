//! Passage features: what the score model sees of a passage's findings.
//!
//! Every feature is a number per passage computed from the findings and the words; counts
//! become densities per 100 words (over at least [`MIN_SCORED_WORDS`] words, so a tweet with
//! one finding is not a dense passage) and are log-compressed, since evidence saturates.
//! Findings inside quotations count only in the quote-contrast feature: the news spinner
//! leaves quotations alone, so a spun-looking narrative next to clean quotes is stronger
//! evidence, while the same words inside quotes point to the author's own vocabulary.
//!
//! Deliberately absent: passage length and the share of quoted text. Both separate the
//! training sources (news pages versus manuals and fortunes) without saying anything about
//! spinning, and an early model that had them flagged quote-heavy clean news. Also absent:
//! the rarity of matched words relative to their originals. Tried with frequencies from
//! WordNet glosses and fortunes (log ratio of the original's to the spun phrase's rarest
//! word, as a mean or a density), it improved held-out log-loss only on the self-spun
//! passages (which swap to the rarer word by construction), caught no more real spun pages,
//! and in its mean form called two clean passages spun: a lexicon word found in clean text
//! is rarer than its listed original too, since the lexicon is built that way. It would
//! also need a frequency value stored per lexicon entry.

use crate::family::Family;
use crate::finding::{Finding, Tier};
use ndarray::Array1;

/// Passages shorter than this many words are scored as if they had this many, so one
/// finding in a tweet is not a high density.
pub const MIN_SCORED_WORDS: usize = 50;

/// Names of the features, in vector order.
pub const FEATURE_NAMES: [&str; FEATURE_COUNT] = [
    "accepted_evidence_density",
    "strong_density",
    "medium_distinct_density",
    "weak_distinct_density",
    "stemmed_density",
    "spintax_count",
    "homoglyph_count",
    "distinct_share",
    "distinct_accepted",
    "quote_contrast",
    "longest_run",
    "names_density",
    "tortured_density",
    "clustered_distinct_density",
];

/// Number of features.
pub const FEATURE_COUNT: usize = 14;

/// Entry weight from which a finding counts as strong evidence.
const STRONG_WEIGHT: f32 = 0.85;
/// Entry weight from which a finding counts as medium evidence.
const MEDIUM_WEIGHT: f32 = 0.5;
/// Findings at most this many words apart continue a run.
const RUN_GAP_WORDS: usize = 8;
/// Quotations shorter than this carry no contrast evidence.
const MIN_QUOTED_WORDS: usize = 20;
/// Half-width in words of the window in which a finding's neighbours make a cluster.
const CLUSTER_WINDOW_WORDS: usize = 10;
/// Other distinct phrases a finding needs within [`CLUSTER_WINDOW_WORDS`] to be clustered.
const CLUSTER_NEIGHBOURS: usize = 2;

/// The feature vector of one passage, in [`FEATURE_NAMES`] order.
#[derive(Clone, Debug, PartialEq)]
pub struct Features {
    pub(crate) values: Array1<f64>,
}

impl Features {
    /// The values, in [`FEATURE_NAMES`] order.
    pub fn values(&self) -> &[f64] {
        // A 1-D array built by `Array1::from_vec` is contiguous.
        self.values.as_slice().unwrap_or(&[])
    }

    /// Features from raw values in [`FEATURE_NAMES`] order (for experiments such as
    /// ablations); `None` unless there are exactly [`FEATURE_COUNT`] finite values.
    pub fn from_values(values: &[f64]) -> Option<Features> {
        (values.len() == FEATURE_COUNT && values.iter().all(|v| v.is_finite())).then(|| Features {
            values: Array1::from_vec(values.to_vec()),
        })
    }

    /// Compute the features of a passage of `words` words, `quoted` of them inside
    /// quotations, from its findings.
    pub(crate) fn of(words: usize, quoted: usize, findings: &[Finding]) -> Features {
        let values = Features::values_of(words, quoted, findings, &mut FeatureScratch::default());
        Features {
            values: Array1::from_vec(values.to_vec()),
        }
    }

    /// The values [`of`](Self::of) gives, with `scratch`'s buffers reused.
    pub(crate) fn values_of(
        words: usize,
        quoted: usize,
        findings: &[Finding],
        scratch: &mut FeatureScratch,
    ) -> [f64; FEATURE_COUNT] {
        let scale = 100.0 / words.max(MIN_SCORED_WORDS) as f64;
        // `ln(1) = 0` exactly: a count of 0 (most features of most sections) skips the call.
        let density = |count: f64| {
            if count == 0.0 {
                0.0
            } else {
                (1.0 + count * scale).ln()
            }
        };
        let ln_one_plus = |count: f64| {
            if count == 0.0 {
                0.0
            } else {
                (1.0 + count).ln()
            }
        };

        let mut evidence = 0.0;
        let (mut strong, mut medium, mut weak, mut stemmed) = (0.0, 0.0, 0.0, 0.0);
        let (mut spintax, mut homoglyph, mut names, mut tortured) =
            (0.0f64, 0.0f64, 0.0f64, 0.0f64);
        let (mut raw_inside, mut raw_outside) = (0.0, 0.0);
        let mut outside = 0usize;
        // A passage or section has a few dozen findings: sorted vectors beat hash sets
        // here, and a long text scores thousands of sections.
        let FeatureScratch {
            distinct,
            distinct_accepted,
            placed,
            clustered,
            near,
        } = scratch;
        distinct.clear();
        distinct_accepted.clear();
        let mut longest_run = 0usize;
        let mut run = 0usize;
        let mut last_token: Option<usize> = None;
        // (first word, phrase) of every finding outside quotations, in text order.
        placed.clear();
        for f in findings {
            // The strongest entry's weight: context may have put a weaker original first,
            // but the evidence that the words were spun is the same.
            let weight = f.strongest;
            if f.in_quote {
                if weight >= MEDIUM_WEIGHT {
                    raw_inside += 1.0;
                }
                continue;
            }
            outside += 1;
            placed.push((f.token, f.group));
            if weight >= MEDIUM_WEIGHT {
                raw_outside += 1.0;
            }
            let key = f.group;
            if f.accepted {
                evidence += f.confidence as f64;
                insert_sorted(distinct_accepted, key);
            }
            // Weak and medium words count once per distinct phrase: a clean text about a
            // power cut says "power" many times, a spinner spreads over many words.
            let first_use = insert_sorted(distinct, key);
            match weight {
                w if w >= STRONG_WEIGHT => strong += 1.0,
                w if w >= MEDIUM_WEIGHT && first_use => medium += 1.0,
                w if w < MEDIUM_WEIGHT && first_use => weak += 1.0,
                _ => {}
            }
            match f.tier {
                Tier::Stemmed => stemmed += 1.0,
                Tier::Spintax => spintax += 1.0,
                Tier::Homoglyph => homoglyph += 1.0,
                _ => {}
            }
            match f.family {
                Family::NewsSpinnerNames => names += 1.0,
                Family::TorturedScience => tortured += 1.0,
                _ => {}
            }
            let token = f.token;
            run = match last_token {
                Some(last) if token.saturating_sub(last) <= RUN_GAP_WORDS => run + 1,
                _ => 1,
            };
            longest_run = longest_run.max(run);
            last_token = Some(token);
        }
        let unquoted = words.saturating_sub(quoted);
        let quote_contrast = if quoted >= MIN_QUOTED_WORDS && unquoted > 0 {
            100.0 * raw_outside / unquoted as f64 - 100.0 * raw_inside / quoted as f64
        } else {
            0.0
        };
        let distinct_share = if outside == 0 {
            0.0
        } else {
            distinct.len() as f64 / outside as f64
        };
        let clustered = clustered_phrases(placed, clustered, near);
        [
            density(evidence),
            density(strong),
            density(medium),
            density(weak),
            density(stemmed),
            ln_one_plus(spintax),
            ln_one_plus(homoglyph),
            distinct_share,
            ln_one_plus(distinct_accepted.len() as f64),
            quote_contrast,
            ln_one_plus(longest_run as f64),
            density(names),
            density(tortured),
            density(clustered as f64),
        ]
    }
}

/// Buffers [`Features::values_of`] fills and clears for each passage: a long text scores
/// thousands of sections, and allocating five vectors (and the model's arrays) for each
/// was about a fifth of scoring's instructions.
#[derive(Debug, Default)]
pub(crate) struct FeatureScratch {
    /// Distinct phrases (groups), sorted.
    distinct: Vec<u64>,
    /// Distinct phrases with an accepted finding, sorted.
    distinct_accepted: Vec<u64>,
    /// `(first word, phrase)` of each finding outside quotations, in text order.
    placed: Vec<(usize, u64)>,
    /// Clustered phrases, sorted.
    clustered: Vec<u64>,
    /// Phrases near the finding [`clustered_phrases`] looks at.
    near: Vec<u64>,
}

/// Distinct phrases of which at least one occurrence has [`CLUSTER_NEIGHBOURS`] other
/// distinct phrases within [`CLUSTER_WINDOW_WORDS`] words. The news spinner swaps about
/// one word in six, so its swaps, weak ones included, come in tight groups; ordinary words
/// that a clean author happens to share with the lexicon are spread out (a few per hundred
/// words), so this separates where the plain densities of weak words overlap.
/// `clustered` and `near` are buffers.
fn clustered_phrases(
    placed: &[(usize, u64)],
    clustered: &mut Vec<u64>,
    near: &mut Vec<u64>,
) -> usize {
    clustered.clear();
    let mut from = 0;
    for &(token, group) in placed {
        while placed
            .get(from)
            .is_some_and(|&(t, _)| t.saturating_add(CLUSTER_WINDOW_WORDS) < token)
        {
            from += 1;
        }
        near.clear();
        for &(t, g) in &placed[from..] {
            if t > token.saturating_add(CLUSTER_WINDOW_WORDS) {
                break;
            }
            if g != group && !near.contains(&g) {
                near.push(g);
            }
        }
        if near.len() >= CLUSTER_NEIGHBOURS {
            insert_sorted(clustered, group);
        }
    }
    clustered.len()
}

/// Add `key` to the sorted vector `set` (a set of a few dozen phrases); true when it was
/// not there yet.
fn insert_sorted(set: &mut Vec<u64>, key: u64) -> bool {
    match set.binary_search(&key) {
        Ok(_) => false,
        Err(at) => {
            set.insert(at, key);
            true
        }
    }
}

#[cfg(test)]
mod tests {
    /// The cluster count of `placed`, with buffers that start dirty (it must clear them).
    fn clustered_phrases(placed: &[(usize, u64)]) -> usize {
        super::clustered_phrases(placed, &mut vec![7], &mut vec![7, 8])
    }

    #[test]
    fn clusters_need_two_other_distinct_phrases_nearby() {
        // Three distinct phrases within ten words of each other: all three are clustered.
        assert_eq!(clustered_phrases(&[(0, 1), (4, 2), (9, 3)]), 3);
        // The same phrase repeated is not a cluster ("power" in a text about a power cut).
        assert_eq!(clustered_phrases(&[(0, 1), (2, 1), (4, 1), (6, 2)]), 0);
        // Spread out, as ordinary words in clean text are.
        assert_eq!(clustered_phrases(&[(0, 1), (30, 2), (60, 3)]), 0);
        // The middle one sees both ends; each end sees only the middle.
        assert_eq!(clustered_phrases(&[(0, 1), (10, 2), (20, 3)]), 1);
        assert_eq!(clustered_phrases(&[]), 0);
        assert_eq!(clustered_phrases(&[(usize::MAX, 1), (usize::MAX, 2)]), 0);
    }
}
