//! Passage acceptance: once a passage (a section of a long text) scores as surely spun,
//! its weaker findings are accepted without nearby support. Runs after the score, so it
//! never changes a verdict.

use super::score::SectionScore;
use crate::family::Family;
use crate::finding::{Finding, Tier};
use crate::matching::support::ACCEPT_THRESHOLD;

/// Default [`DetectorBuilder::passage_acceptance`](crate::DetectorBuilder::passage_acceptance): in a passage (or, in a long text, a
/// section) whose score reaches this, every finding outside quotations with at least
/// [`PASSAGE_ACCEPTANCE_MIN_OWN`] of its own is accepted, support or not, except fuzzy near
/// misses and tortured phrases (so a [`PaperScreen`](crate::PaperScreen) verdict, which
/// counts accepted tortured phrases, never depends on it). Once the model is
/// this sure the narrative was spun, a weak lexicon word in it is far more likely the
/// spinner's than the author's: cross-validated on held-out articles, acceptance at 0.9
/// raised token recall from 30.6 % to 33.6 % at unchanged precision (94 %), and lowering it
/// to 0.7 (0.5.0) added 0.8 points (33.3 % -> 34.1 %) at unchanged precision (94.7 %) and
/// damage (`reports/lexicon.md`; 0.5, the spun threshold, added 0.1 more and rewrote a
/// little more never-spun text). With the built-in detector no never-spun passage scores
/// this high: the highest of the 176 passages of the corpus's `clean.jsonl` scored 0.25, of
/// its 102 originals 0.07, of 5,822 300-word passages of Jane Austen, the KJV Bible and the
/// Jargon File 0.54 (one Jargon File passage above 0.5, none above 0.43 otherwise).
pub const DEFAULT_PASSAGE_ACCEPTANCE: f64 = 0.7;
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
    scored: &[SectionScore],
    min_score: f64,
) -> bool {
    let mut changed = false;
    let mut section = 0;
    for f in findings.iter_mut() {
        let own = f.own_confidence;
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

/// Which accepted findings are rewritten, by the verdict of their passage (in a long text,
/// their section): [`DetectorBuilder::rewrite_scope`](crate::DetectorBuilder::rewrite_scope).
/// The score, the verdict and a paper screen never depend on it; a finding it leaves
/// unaccepted stays in the report (a [`Record`](crate::Record)'s `unaccepted`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RewriteScope {
    /// Every accepted finding, wherever it is: also one lifted over
    /// [`ACCEPT_THRESHOLD`] only by the support of confident neighbours in a passage that
    /// does not read as spun (the default before 0.5.0).
    Everywhere,
    /// In passages judged spun, every accepted finding; elsewhere only findings confident
    /// on their own (own confidence at least [`ACCEPT_THRESHOLD`]), not those lifted by
    /// support, and tortured phrases (family `tortured-science`: a paper screen's
    /// fingerprints, which the news-spinner score does not judge). The default: support is evidence that the narrative was spun, so it counts
    /// where the passage's verdict agrees. Cross-validated on the corpus's held-out
    /// articles this cut words rewritten on clean English (`clean.jsonl`) from 0.09 % to
    /// 0.02 % for 0.1 point of token recall (`reports/lexicon.md`).
    #[default]
    ConfidentOrSpun,
    /// Only in passages judged spun: in a passage scored "not spun" nothing is rewritten
    /// ([`DetectorBuilder::rewrite_only_spun`](crate::DetectorBuilder::rewrite_only_spun)).
    SpunPassages,
}

/// Unaccept the accepted findings that `scope` does not rewrite: those whose scored
/// stretch (`scored`, in text order: the first that ends after the finding starts, else
/// the last) scores below `threshold`, all of them ([`RewriteScope::SpunPassages`]) or
/// those with own confidence ([`Finding::own_confidence`]) below [`ACCEPT_THRESHOLD`],
/// tortured phrases excepted ([`RewriteScope::ConfidentOrSpun`]). True when any finding
/// changed.
pub(crate) fn unaccept_outside_spun_passages(
    findings: &mut [Finding],
    scored: &[SectionScore],
    threshold: f64,
    scope: RewriteScope,
) -> bool {
    if scope == RewriteScope::Everywhere {
        return false;
    }
    let mut changed = false;
    let mut section = 0;
    for f in findings.iter_mut() {
        if !f.accepted {
            continue;
        }
        while section + 1 < scored.len() && scored[section].span.end <= f.span.start {
            section += 1;
        }
        let spun = scored.get(section).is_some_and(|s| s.score >= threshold);
        let lifted = f.own_confidence < ACCEPT_THRESHOLD;
        // Tortured phrases are a paper screen's evidence, not the news spinner's: their
        // support comes from other fingerprints, which the news score does not see.
        let confident = !lifted || f.family == Family::TorturedScience;
        let keep = spun || (scope == RewriteScope::ConfidentOrSpun && confident);
        if !keep {
            f.accepted = false;
            changed = true;
        }
    }
    changed
}
