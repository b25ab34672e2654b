//! Findings for words masked with look-alike letters ([`crate::text::lookalike`]): a
//! masked word is reported on its own ([`Tier::Homoglyph`], family `homoglyph`) and
//! reconstructs to its Latin spelling.

use super::support::QUOTE_FACTOR;
use crate::family::Family;
use crate::finding::{Candidate, Finding, Tier};
use crate::text::lookalike::unmask;
use crate::text::tokenize::Token;
use std::borrow::Cow;
use std::sync::Arc;

/// Weight (own confidence) of a masked word: a mixed-script word is almost never normal
/// prose, so it is accepted on its own outside quotations.
pub const HOMOGLYPH_WEIGHT: f32 = 0.9;

/// The finding for token `t` (number `token` in its text) if it is a masked word. Own
/// confidence is [`HOMOGLYPH_WEIGHT`] (times [`QUOTE_FACTOR`] inside quotations, like every
/// other finding: quotations are never rewritten).
pub(crate) fn finding(text: &str, t: &Token, token: usize) -> Option<Finding> {
    let word = &text[t.span.range()];
    let Cow::Owned(latin) = unmask(word) else {
        return None;
    };
    let confidence = if t.in_quote {
        HOMOGLYPH_WEIGHT * QUOTE_FACTOR
    } else {
        HOMOGLYPH_WEIGHT
    };
    let spun: Arc<str> = Arc::from(word);
    Some(Finding {
        span: t.span,
        text: Arc::clone(&spun),
        candidates: Arc::new([Candidate {
            original: Arc::from(latin),
            weight: HOMOGLYPH_WEIGHT,
            family: Family::Homoglyph,
            spun,
            condition: None,
        }]),
        tier: Tier::Homoglyph,
        family: Family::Homoglyph,
        confidence,
        own_confidence: confidence,
        in_quote: t.in_quote,
        accepted: false,
        group: 0,
        token,
        strongest: HOMOGLYPH_WEIGHT,
    })
}
