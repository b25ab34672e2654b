//! The passage score: how strongly the findings say "this text was spun".

use crate::detect::Finding;
use crate::reconstruct::Reconstruction;
use crate::tokenize::Token;
use serde::Serialize;
use std::collections::HashSet;

/// Default score at or above which a passage is called spun.
pub const DEFAULT_SPUN_THRESHOLD: f64 = 0.5;

/// Passages shorter than this many words are scored as if they had this many, so one
/// finding in a tweet is not a high density.
pub const MIN_SCORED_WORDS: usize = 50;

/// Accepted evidence per 100 words at which the density term is even (score 0.5 before
/// the distinct-entry factor).
pub const MID_DENSITY: f64 = 1.0;

/// Slope of the score in log-density.
const DENSITY_SLOPE: f64 = 3.0;
/// Shift of the log-odds when quotations are clean while the narrative is not (or the reverse).
const QUOTE_CONTRAST_SHIFT: f64 = 0.5;
/// Quotations shorter than this carry no contrast evidence.
const MIN_QUOTED_WORDS: usize = 20;

/// How likely a passage is spun, with the figures behind it.
///
/// `score` is a heuristic evidence score in `[0, 1]`, not yet a calibrated probability:
/// it rises with the *density* of accepted evidence outside quotations (sum of finding
/// confidences per 100 words), is damped when the evidence comes from few distinct lexicon
/// entries (`× (1 − 0.5^distinct)`), and shifts when quotations are clean while the
/// narrative is not (the news spinner leaves quotes alone). About one confident finding per
/// 100 words from two or more entries scores around 0.4–0.5; spun news with the built-in
/// lexicon typically scores above 0.9.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Score {
    /// The evidence score in `[0, 1]`.
    pub score: f64,
    /// `score >= threshold`.
    pub spun: bool,
    /// The threshold the verdict used.
    pub threshold: f64,
    /// Words in the passage.
    pub words: usize,
    /// Accepted findings outside quotations.
    pub accepted: usize,
    /// Distinct lexicon entries (spun phrases) among them.
    pub distinct: usize,
    /// Sum of their confidences per 100 words (at least [`MIN_SCORED_WORDS`] words).
    pub density: f64,
}

impl Score {
    pub(crate) fn of(tokens: &[Token], findings: &[Finding], threshold: f64) -> Score {
        let words = tokens.len();
        let mut evidence = 0.0f64;
        let mut accepted = 0;
        let mut distinct: HashSet<String> = HashSet::new();
        // Raw (pre-acceptance) evidence inside and outside quotes, for the contrast term.
        let (mut raw_in, mut raw_out) = (0usize, 0usize);
        for f in findings {
            if f.in_quote {
                // Undo the quote damping to compare like with like.
                if f.candidates[0].weight >= 0.5 {
                    raw_in += 1;
                }
                continue;
            }
            if f.candidates[0].weight >= 0.5 {
                raw_out += 1;
            }
            if f.accepted {
                accepted += 1;
                evidence += f.confidence as f64;
                distinct.insert(crate::tokenize::normalize_key(&f.text));
            }
        }
        let density = 100.0 * evidence / words.max(MIN_SCORED_WORDS) as f64;
        let mut log_odds = DENSITY_SLOPE * ((density + 0.01).ln() - MID_DENSITY.ln());
        let quoted = tokens.iter().filter(|t| t.in_quote).count();
        let unquoted = words - quoted;
        if quoted >= MIN_QUOTED_WORDS && unquoted > 0 && raw_out > 0 {
            let inside = raw_in as f64 / quoted as f64;
            let outside = raw_out as f64 / unquoted as f64;
            if inside <= 0.25 * outside {
                log_odds += QUOTE_CONTRAST_SHIFT;
            } else if inside >= outside {
                log_odds -= QUOTE_CONTRAST_SHIFT;
            }
        }
        let distinct_factor = 1.0 - 0.5f64.powi(distinct.len() as i32);
        let score = (sigmoid(log_odds) * distinct_factor).clamp(0.0, 1.0);
        Score {
            score,
            spun: score >= threshold,
            threshold,
            words,
            accepted,
            distinct: distinct.len(),
            density,
        }
    }
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Everything known about one passage: the score and every finding.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// The passage score and verdict.
    pub score: Score,
    /// All findings, accepted or not, sorted and non-overlapping.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Rewrite `text` (the text this report was made from) with the accepted findings.
    pub fn reconstruct(&self, text: &str) -> Reconstruction {
        Reconstruction::apply(text, &self.findings)
    }
}
