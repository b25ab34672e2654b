//! Weighing: a finding's confidence raised by confident findings of other entries
//! nearby, and the acceptance that follows (what gets rewritten).

use crate::finding::Finding;

/// Confidence kept by a finding inside a quotation: spinners leave quotes alone, so a
/// spun-looking word there is most likely the author's own.
pub const QUOTE_FACTOR: f32 = 0.25;
/// A finding is accepted when its confidence, raised by nearby support, reaches this (or by
/// [passage acceptance](crate::DetectorBuilder::passage_acceptance)); in a passage not
/// judged spun, the default [rewrite scope](crate::DetectorBuilder::rewrite_scope) rewrites
/// it only when its own confidence, before support, reaches this too.
pub const ACCEPT_THRESHOLD: f32 = 0.7;
/// Below this own confidence no amount of support makes a finding accepted.
pub const MIN_OWN_CONFIDENCE: f32 = 0.25;
/// Only findings at least this confident support their neighbours.
pub const MIN_SUPPORTING_CONFIDENCE: f32 = 0.5;
/// Support reaches this many words to either side.
pub const SUPPORT_WINDOW_WORDS: usize = 60;

/// Raise each finding's confidence by confident findings of *other* entries nearby, then
/// decide acceptance: `confidence = 1 - (1 - own) * exp(-support / 2)`, accepted when
/// `own >= MIN_OWN_CONFIDENCE` and `confidence >= ACCEPT_THRESHOLD`. A weak word alone
/// (`power`, 0.35) stays below; next to two medium findings it crosses. Each finding keeps
/// its confidence before support in [`Finding::own_confidence`].
pub(crate) fn weigh_support(findings: &mut [Finding]) {
    // Own confidences, before any is raised: support is counted from these. And what the
    // window scan reads of each finding, packed: the findings themselves are large, and
    // each is read once per neighbour. Both in one pass over the findings (a long text's
    // findings outgrow the cache, so each pass reads them from memory).
    let mut own: Vec<f32> = Vec::with_capacity(findings.len());
    let mut at: Vec<(usize, u64)> = Vec::with_capacity(findings.len());
    for f in findings.iter() {
        own.push(f.confidence);
        at.push((f.token, f.group));
    }
    let n = findings.len();
    let mut lo = 0;
    for i in 0..n {
        let (center, group) = at[i];
        while at[lo].0 + SUPPORT_WINDOW_WORDS < center {
            lo += 1;
        }
        let mut support = 0.0f32;
        for j in lo..n {
            let (token, other) = at[j];
            if token > center + SUPPORT_WINDOW_WORDS {
                break;
            }
            if j != i && other != group && own[j] >= MIN_SUPPORTING_CONFIDENCE {
                support += own[j];
            }
        }
        let f = &mut findings[i];
        // Support says the narrative was spun; the spinner leaves quotations alone, so it
        // says nothing about a word inside one.
        let confidence = if f.in_quote {
            own[i]
        } else {
            // `exp(-0)` is exactly 1: a finding with no support skips the call.
            let decay = if support == 0.0 {
                1.0
            } else {
                (-support / 2.0).exp()
            };
            1.0 - (1.0 - own[i]) * decay
        };
        f.confidence = confidence.clamp(0.0, 1.0);
        f.own_confidence = own[i];
        f.accepted = own[i] >= MIN_OWN_CONFIDENCE && f.confidence >= ACCEPT_THRESHOLD;
    }
}
