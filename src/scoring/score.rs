//! The passage score: how likely the findings say "this text was spun".

use super::features::{Features, MIN_SCORED_WORDS};
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
            let p = model.probability(&Features::of(whole.words, whole.quoted, findings));
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
            for (i, section) in sections_of_text.iter().enumerate() {
                let span = section.span;
                let to = if i + 1 == sections_of_text.len() {
                    findings.len()
                } else {
                    findings.partition_point(|f| f.span.start < span.end)
                };
                let p = model.probability(&Features::of(
                    section.words,
                    section.quoted,
                    &findings[from.min(to)..to],
                ));
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
        let mut accepted = 0;
        // A set sized once for the findings there are (a long spun text has tens of
        // thousands): on 1 MiB of news the three recounts of `analyze` took 5.5 M
        // instructions with a sort and dedup of the groups, 2.6 M this way.
        let mut groups: rustc_hash::FxHashSet<u64> = Default::default();
        groups.reserve(findings.len());
        for f in findings.iter().filter(|f| f.accepted && !f.in_quote) {
            evidence += f.confidence as f64;
            accepted += 1;
            groups.insert(f.group);
        }
        self.accepted = accepted;
        self.distinct = groups.len();
        self.density = 100.0 * evidence / self.words.max(MIN_SCORED_WORDS) as f64;
    }
}

/// Everything known about one passage: the score and every finding.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// The passage score and verdict.
    pub score: Score,
    /// All findings, accepted or not, sorted and non-overlapping.
    pub findings: Vec<Finding>,
}
