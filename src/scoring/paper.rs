//! A per-paper verdict for tortured-phrase screening (see [`PaperScreen`] for the rules).

use super::score::Report;
use crate::family::Family;
use crate::finding::Tier;
use crate::lexicon::ListId;
use crate::span::Span;
use serde::{Deserialize, Serialize};

/// Texts shorter than this many words count as this long for the density.
pub const PAPER_MIN_WORDS: usize = 1000;
/// Distinct fingerprints needed for [`PaperVerdict::Problematic`].
pub const PROBLEMATIC_MIN_DISTINCT: usize = 2;
/// Findings per 1,000 words needed for [`PaperVerdict::Problematic`].
pub const PROBLEMATIC_MIN_DENSITY: f64 = 0.5;

/// The screening outcome for one paper. Serialised as `"clean"`, `"suspicious"`,
/// `"problematic"`, the labels `Display` shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum PaperVerdict {
    /// No accepted fingerprint.
    Clean,
    /// Some fingerprint evidence, below the problematic thresholds: worth a look.
    Suspicious,
    /// Several distinct fingerprints at a density a human assessor should check.
    Problematic,
}

impl PaperVerdict {
    /// The label used in JSON output: `clean`, `suspicious`, `problematic`.
    pub fn label(self) -> &'static str {
        match self {
            PaperVerdict::Clean => "clean",
            PaperVerdict::Suspicious => "suspicious",
            PaperVerdict::Problematic => "problematic",
        }
    }
}

impl std::fmt::Display for PaperVerdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// One fingerprint that fired in a paper, with every place it fired.
///
/// A fingerprint is identified by its query (or by its phrase when it has none): a query
/// with several anchors (`"a b" OR "c d"`) that fired on two of them is *one* fingerprint
/// with two [`phrases`](Self::phrases).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FiredFingerprint {
    /// The fingerprint as listed: its query if it has one, else its phrase.
    pub fingerprint: String,
    /// The phrases that were matched (as listed; the text may be an inflection or near
    /// miss), in order of first occurrence.
    pub phrases: Vec<String>,
    /// The suggested correction at the first occurrence.
    pub expected: String,
    /// Where it fired (byte offsets), in order.
    pub spans: Vec<Span>,
    /// The most certain tier it fired with.
    pub best_tier: Tier,
    /// The highest confidence among its findings.
    pub confidence: f32,
}

/// The per-paper verdict with its evidence and the lists that produced it.
///
/// Paper-mill screening asks "is this paper problematic?", not "is this passage spun?".
/// Raw counts over-flag long papers (a 12,000-word paper meets an accidental phrase more
/// often than an abstract does), and one fingerprint repeated many times is weaker evidence
/// than several different ones. So the verdict uses two figures:
///
/// * **density**: accepted fingerprint findings per 1,000 words, counting at least
///   [`PAPER_MIN_WORDS`] words so a short text with one finding is not a high density;
/// * **distinct**: how many different fingerprints fired, a fingerprint being one listed
///   query (all of its `OR` anchors together) or one bare phrase.
///
/// [`PaperVerdict::Problematic`] needs at least [`PROBLEMATIC_MIN_DISTINCT`] distinct
/// fingerprints *and* a density of at least [`PROBLEMATIC_MIN_DENSITY`];
/// [`PaperVerdict::Suspicious`] is any accepted fingerprint short of that;
/// [`PaperVerdict::Clean`] is none. These thresholds are a documented starting point, not
/// yet calibrated against assessed papers. Only findings whose best candidate belongs to
/// [`Family::TorturedScience`](crate::Family::TorturedScience) count (the family PPS lists
/// load as), so a detector that also carries the news-spinner lexicon does not inflate a
/// paper's verdict.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PaperScreen {
    /// The verdict.
    pub verdict: PaperVerdict,
    /// Words in the paper.
    pub words: usize,
    /// Accepted fingerprint findings.
    pub findings: usize,
    /// Distinct fingerprints among them.
    pub distinct: usize,
    /// Findings per 1,000 words (at least [`PAPER_MIN_WORDS`] words counted).
    pub per_1000_words: f64,
    /// The fingerprints that fired, most occurrences first.
    pub fingerprints: Vec<FiredFingerprint>,
    /// The lists the detector was built from, as given by the caller.
    pub lists: Vec<ListId>,
}

fn tier_rank(t: Tier) -> u8 {
    match t {
        Tier::Exact => 0,
        Tier::Stemmed => 1,
        Tier::Fuzzy => 2,
        _ => 3,
    }
}

impl PaperScreen {
    /// The verdict for the text `report` was made from. `lists` identify the fingerprint
    /// lists in use (from [`PpsReport::id`](crate::PpsReport::id)).
    pub fn from_report(report: &Report, lists: &[ListId]) -> PaperScreen {
        let mut fired: Vec<FiredFingerprint> = Vec::new();
        let mut findings = 0;
        for f in &report.findings {
            let Some(best) = f.candidates.first() else {
                continue;
            };
            if !f.accepted || best.family != Family::TorturedScience {
                continue;
            }
            findings += 1;
            let fingerprint = best
                .condition
                .clone()
                .unwrap_or_else(|| best.spun.to_string());
            // Grouped by fingerprint only: two anchors of one query are one fingerprint.
            match fired.iter_mut().find(|x| x.fingerprint == fingerprint) {
                Some(x) => {
                    x.spans.push(f.span);
                    if !x.phrases.iter().any(|p| **p == *best.spun) {
                        x.phrases.push(best.spun.to_string());
                    }
                    if tier_rank(f.tier) < tier_rank(x.best_tier) {
                        x.best_tier = f.tier;
                    }
                    x.confidence = x.confidence.max(f.confidence);
                }
                None => fired.push(FiredFingerprint {
                    fingerprint,
                    phrases: vec![best.spun.to_string()],
                    expected: best.original.to_string(),
                    spans: vec![f.span],
                    best_tier: f.tier,
                    confidence: f.confidence,
                }),
            }
        }
        // Stable: equal counts keep first-occurrence order.
        fired.sort_by_key(|x| std::cmp::Reverse(x.spans.len()));
        let words = report.score.words;
        let per_1000_words = 1000.0 * findings as f64 / words.max(PAPER_MIN_WORDS) as f64;
        let distinct = fired.len();
        let verdict = if distinct == 0 {
            PaperVerdict::Clean
        } else if distinct >= PROBLEMATIC_MIN_DISTINCT && per_1000_words >= PROBLEMATIC_MIN_DENSITY
        {
            PaperVerdict::Problematic
        } else {
            PaperVerdict::Suspicious
        };
        PaperScreen {
            verdict,
            words,
            findings,
            distinct,
            per_1000_words,
            fingerprints: fired,
            lists: lists.to_vec(),
        }
    }
}
