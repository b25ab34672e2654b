//! The passage score: how likely the findings say "this text was spun".

use super::features::{FeatureScratch, Features, MIN_SCORED_WORDS};
use super::model::ScoreModel;
use crate::finding::Finding;
use crate::matching::tally::{Tally, SECTION_WORDS};
use crate::span::Span;
use serde::Serialize;

/// Default score at or above which a passage is called spun: the larger of an even chance
/// and the lowest score that keeps held-out clean false positives at or under 1 % in the
/// `train_score` example (0.100 on its last run, so 0.5 decides; at 0.5 none of 1,746
/// held-out clean passages was called spun, see `reports/score.md`).
pub const DEFAULT_SPUN_THRESHOLD: f64 = 0.5;

/// At most this many sections are listed on a [`Score`], worst first.
pub const MAX_REPORTED_SECTIONS: usize = 5;

/// The score of one section of a long text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SectionScore {
    /// Where the section is (byte offsets, from its first to its last word).
    pub span: Span,
    /// Words in the section.
    pub words: usize,
    /// The model's probability for the section alone.
    pub score: f64,
}

/// How likely a passage is spun, with the figures behind it.
///
/// `score` is the probability, from a logistic model over passage [`Features`], that the
/// passage is spinner output. On held-out articles it is well calibrated where most
/// passages fall (below 0.1 and above 0.9; expected calibration error about 0.006 in
/// `reports/score.md`); few passages fall in between, so the reliability table's middle
/// bins rest on a handful each. Texts longer
/// than 1.5 × [`SECTION_WORDS`] are scored in sections and take their worst section's
/// score, so one spun paragraph in a long report is found while a long clean report does
/// not accumulate weak evidence into a verdict.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Score {
    /// Probability that the text is spun, in `[0, 1]`.
    pub score: f64,
    /// `score >= threshold`.
    pub spun: bool,
    /// The threshold the verdict used.
    pub threshold: f64,
    /// Words in the passage.
    pub words: usize,
    /// Accepted findings outside quotations.
    pub accepted: usize,
    /// Distinct spun phrases among them.
    pub distinct: usize,
    /// Sum of their confidences per 100 words (over at least [`MIN_SCORED_WORDS`] words).
    pub density: f64,
    /// For long texts, the worst sections (at most [`MAX_REPORTED_SECTIONS`]), worst
    /// first; empty when the text was scored whole.
    pub sections: Vec<SectionScore>,
}

impl Score {
    /// The score, and every scored stretch of the text with its probability: the whole
    /// text for a short one, every section (not only the reported worst) for a long one.
    pub(crate) fn with_sections(
        tally: &Tally,
        findings: &[Finding],
        threshold: f64,
        model: &ScoreModel,
    ) -> (Score, Vec<SectionScore>) {
        let words = tally.words;
        let mut all = Vec::new();
        let mut sections = Vec::new();
        let score = if words * 2 <= SECTION_WORDS * 3 {
            let whole = tally.whole();
            let values = Features::values_of(
                whole.words,
                whole.quoted,
                findings,
                &mut FeatureScratch::default(),
            );
            let p = model.probability_of(&values);
            all.push(SectionScore {
                span: whole.span,
                words: whole.words,
                score: p,
            });
            p
        } else {
            let mut worst = 0.0f64;
            let sections_of_text = tally.sections();
            // A finding belongs to the first section that ends after it starts, so a brace
            // group before a section's first word (`{hardware} ...`) is in that section.
            let mut from = 0;
            let mut scratch = FeatureScratch::default();
            for (i, section) in sections_of_text.iter().enumerate() {
                let span = section.span;
                let before_end = |f: &Finding| f.span.start < span.end;
                let to = if i + 1 == sections_of_text.len() {
                    findings.len()
                } else if from == 0 || before_end(&findings[from - 1]) {
                    // Findings are sorted by start, so every one before `from` starts
                    // before this section's end too: step on from there (a section holds
                    // a few findings) instead of a binary search over the whole list, a
                    // cache miss a step.
                    from + findings[from..]
                        .iter()
                        .take_while(|f| before_end(f))
                        .count()
                } else {
                    findings.partition_point(before_end)
                };
                let values = Features::values_of(
                    section.words,
                    section.quoted,
                    &findings[from.min(to)..to],
                    &mut scratch,
                );
                let p = model.probability_of(&values);
                from = to;
                worst = worst.max(p);
                all.push(SectionScore {
                    span,
                    words: section.words,
                    score: p,
                });
            }
            sections = all.clone();
            sections.sort_by(|a, b| b.score.total_cmp(&a.score));
            sections.truncate(MAX_REPORTED_SECTIONS);
            worst
        };
        let score = score.clamp(0.0, 1.0);
        let mut result = Score {
            score,
            spun: score >= threshold,
            threshold,
            words,
            accepted: 0,
            distinct: 0,
            density: 0.0,
            sections,
        };
        result.recount(findings);
        (result, all)
    }

    /// Set `accepted`, `distinct` and `density` from `findings` (after findings were
    /// accepted because their passage scored high, the counts follow; the probability
    /// does not change).
    pub(crate) fn recount(&mut self, findings: &[Finding]) {
        let mut evidence = 0.0f64;
        // One pass over the findings (a long text's are megabytes); their groups are then
        // counted from this short list.
        let mut groups = Vec::new();
        for f in findings.iter().filter(|f| f.accepted && !f.in_quote) {
            evidence += f.confidence as f64;
            groups.push(f.group);
        }
        self.accepted = groups.len();
        self.distinct = count_distinct(&groups);
        self.density = 100.0 * evidence / self.words.max(MIN_SCORED_WORDS) as f64;
    }
}

/// How many distinct values `groups` holds. Lexicon groups are small dense numbers (the
/// index numbers them from 0), so they are counted in a bitset of one bit per number up
/// to the largest, which stays in cache; other values (the hashes that name spintax and
/// look-alike findings), or numbers too sparse for a bitset, go through a hash set. A
/// hash set of every group cost a 100k-pair lexicon's text a cache miss per finding, and
/// a sort of them (before that) 5.5 M instructions per MiB of news.
fn count_distinct(groups: &[u64]) -> usize {
    let largest = groups
        .iter()
        .copied()
        .filter(|&g| g < u64::from(u32::MAX))
        .max()
        .unwrap_or(0);
    // Dense enough: at most 64 bits of bitset per value (and a floor for short texts).
    let bitset = largest / 64 < (groups.len() as u64).max(1024);
    let mut bits = if bitset {
        vec![0u64; largest as usize / 64 + 1]
    } else {
        Vec::new()
    };
    let mut others: rustc_hash::FxHashSet<u64> = Default::default();
    let mut distinct = 0;
    for &g in groups {
        if bitset && g <= largest {
            let (word, bit) = (g as usize / 64, g % 64);
            if bits[word] & (1 << bit) == 0 {
                bits[word] |= 1 << bit;
                distinct += 1;
            }
        } else if others.insert(g) {
            distinct += 1;
        }
    }
    distinct
}

/// Everything known about one passage: the score and every finding.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// The passage score and verdict.
    pub score: Score,
    /// All findings, accepted or not, sorted and non-overlapping.
    pub findings: Vec<Finding>,
}

#[cfg(test)]
mod tests {
    use super::count_distinct;
    use std::collections::HashSet;

    #[test]
    fn distinct_groups_are_counted_exactly_in_every_regime() {
        let cases: Vec<Vec<u64>> = vec![
            vec![],
            vec![0],
            vec![0, 0, 0],
            // Dense lexicon groups with repeats.
            (0..5000).map(|i| (i * 7) % 1300).collect(),
            // Dense groups with hashes of spintax and look-alike findings among them.
            (0..3000)
                .map(|i| {
                    if i % 5 == 0 {
                        u64::MAX - (i % 3)
                    } else {
                        i % 700
                    }
                })
                .collect(),
            // Sparse: a few groups far apart (hash set only).
            vec![
                5,
                4_000_000_000,
                5,
                17,
                4_000_000_000,
                u64::from(u32::MAX) - 1,
            ],
            // The largest value a bitset takes for so few (the last bit of its 1,024th
            // word), with the first and last bits of words around it.
            vec![63, 64, 1023 * 64, 1023 * 64 + 63, 0, 63, 1023 * 64 + 63],
            // One past it: all through the hash set.
            vec![63, 64, 1023 * 64, 1023 * 64 + 63, 1024 * 64, 63],
        ];
        for groups in cases {
            let expected = groups.iter().collect::<HashSet<_>>().len();
            assert_eq!(count_distinct(&groups), expected, "{groups:?}");
        }
    }
}
