//! Passage acceptance: once a passage (a section of a long text) scores as surely spun,
//! its weaker findings are accepted without nearby support. Runs after the score, so it
//! never changes a verdict.

use super::score::SectionScore;
use crate::family::Family;
use crate::finding::{Finding, Tier};

/// Default [`DetectorBuilder::passage_acceptance`](crate::DetectorBuilder::passage_acceptance): in a passage (or, in a long text, a
/// section) whose score reaches this, every finding outside quotations with at least
/// [`PASSAGE_ACCEPTANCE_MIN_OWN`] of its own is accepted, support or not, except fuzzy near
/// misses and tortured phrases (so a [`PaperScreen`](crate::PaperScreen) verdict, which
/// counts accepted tortured phrases, never depends on it). Once the model is
/// this sure the narrative was spun, a weak lexicon word in it is far more likely the
/// spinner's than the author's: on held-out articles this raised token recall from 30.6 %
/// to 33.6 % at unchanged precision (94 %) (`reports/lexicon.md`). With the built-in
/// detector no never-spun passage scores this high: the highest of the 176 passages of the
/// corpus's `clean.jsonl` scored 0.42, of 5,822 300-word passages of Jane Austen, the KJV
/// Bible and the Jargon File 0.49.
pub const DEFAULT_PASSAGE_ACCEPTANCE: f64 = 0.9;
/// Own confidence a finding needs to be accepted because its passage scored spun: above
/// the weakest band of the shipped lexicons (0.3: `power`, `start`, `every`), whose words
/// are so common in their own sense that they stay accepted only next to confident
/// neighbours.
pub const PASSAGE_ACCEPTANCE_MIN_OWN: f32 = 0.35;

/// Accept every finding outside quotations, not fuzzy and not a tortured phrase, with own
/// confidence of at least [`PASSAGE_ACCEPTANCE_MIN_OWN`], whose scored stretch (`scored`,
/// in text order: the first that ends after the finding starts) reaches `min_score`. True
/// when any finding changed.
pub(crate) fn accept_in_spun_passages(
    findings: &mut [Finding],
    own: &[f32],
    scored: &[SectionScore],
    min_score: f64,
) -> bool {
    let mut changed = false;
    let mut section = 0;
    for (f, &own) in findings.iter_mut().zip(own) {
        // Sections are in text order and findings sorted, so one cursor walks both.
        while scored
            .get(section)
            .is_some_and(|s| s.span.end <= f.span.start)
        {
            section += 1;
        }
        // A finding belongs to the first section that ends after it starts (as in the
        // score), so a brace group before a section's first word counts with it.
        let Some(s) = scored.get(section) else { break };
        // Quoted findings are below the bar anyway (own × `QUOTE_FACTOR`); the check keeps
        // the rule if the constants move. Fuzzy near misses and tortured phrases stay out:
        // they are the evidence of the paper screen, whose verdict must not depend on this.
        let eligible = !f.accepted
            && !f.in_quote
            && own >= PASSAGE_ACCEPTANCE_MIN_OWN
            && f.tier != Tier::Fuzzy
            && f.family != Family::TorturedScience;
        if eligible && s.score >= min_score {
            f.accepted = true;
            changed = true;
        }
    }
    changed
}

/// Unaccept every accepted finding whose scored stretch (`scored`, in text order: the
/// first that ends after the finding starts, else the last) scores below `threshold`
/// ([`DetectorBuilder::rewrite_only_spun`](crate::DetectorBuilder::rewrite_only_spun)).
/// True when any finding changed.
pub(crate) fn unaccept_outside_spun_passages(
    findings: &mut [Finding],
    scored: &[SectionScore],
    threshold: f64,
) -> bool {
    let mut changed = false;
    let mut section = 0;
    for f in findings.iter_mut() {
        while section + 1 < scored.len() && scored[section].span.end <= f.span.start {
            section += 1;
        }
        let spun = scored.get(section).is_some_and(|s| s.score >= threshold);
        if f.accepted && !spun {
            f.accepted = false;
            changed = true;
        }
    }
    changed
}
