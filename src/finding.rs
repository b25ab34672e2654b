//! What the detector reports: a [`Finding`] (a stretch of text that looks like spinner
//! output), its [`Candidate`] originals, and the [`Tier`] it was matched at. These are the
//! vocabulary every later stage shares, so they sit below matching, scoring and
//! reconstruction; they use only the text layer (for [`Finding::changed_words`]).

use crate::family::Family;
use crate::span::Span;
use crate::text::align::{align, Op};
use crate::text::tokenize::{tokenize, word_key_into, word_keys};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// How a finding was matched, from most to least certain.
///
/// Serialised, and shown by `Display`, as its lower-case label ([`Tier::label`]):
/// `"exact"`, `"stemmed"`, `"fuzzy"`, `"spintax"`, `"homoglyph"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Tier {
    /// The words' normalisation keys equal the entry's.
    Exact,
    /// The last word is another inflection of the entry's last word (same Porter2 stem and
    /// a form the re-inflector can reproduce in the original).
    Stemmed,
    /// A multiword phrase within the fuzzy similarity of an entry (near-miss spelling).
    Fuzzy,
    /// A leftover spintax brace group.
    Spintax,
    /// A Latin word with Greek or Cyrillic look-alike letters in it (`pаyment`); see
    /// [`HOMOGLYPH_WEIGHT`](crate::weighing::HOMOGLYPH_WEIGHT).
    Homoglyph,
}

impl Tier {
    /// The label used in JSON output: `exact`, `stemmed`, `fuzzy`, `spintax`, `homoglyph`.
    pub fn label(self) -> &'static str {
        match self {
            Tier::Exact => "exact",
            Tier::Stemmed => "stemmed",
            Tier::Fuzzy => "fuzzy",
            Tier::Spintax => "spintax",
            Tier::Homoglyph => "homoglyph",
        }
    }

    /// How much a match of this tier keeps of its entry's weight.
    pub fn factor(self) -> f32 {
        match self {
            Tier::Exact | Tier::Spintax | Tier::Homoglyph => 1.0,
            Tier::Stemmed => STEMMED_FACTOR,
            Tier::Fuzzy => FUZZY_FACTOR,
        }
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Confidence kept by a stemmed match (an inflection the lexicon did not list).
pub const STEMMED_FACTOR: f32 = 0.85;
/// Confidence kept by a fuzzy match, before multiplying by its similarity.
pub const FUZZY_FACTOR: f32 = 0.8;

/// One candidate original for a finding, best first on [`Finding::candidates`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Candidate {
    /// The replacement text, re-inflected and with the finding's case copied. Shared with
    /// the compiled lexicon when that needed no change (a lowercase match), so most
    /// findings do not copy it. Compare with `&*c.original == "x"`. Empty for a
    /// [flag-only](crate::Entry::flag_only) entry, whose correction is unknown: such a
    /// candidate is never written back.
    pub original: Arc<str>,
    /// The lexicon entry's weight.
    pub weight: f32,
    /// The lexicon entry's family.
    pub family: Family,
    /// The lexicon entry's spun phrase as listed (the matched text may be an inflection
    /// or a near miss of it). Shared with the compiled lexicon, so a finding does not
    /// copy it.
    pub spun: Arc<str>,
    /// The entry's document condition (a fingerprint query), if it has one; it held.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
}

/// A stretch of text that looks like spinner output.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// Where it is in the input (byte offsets).
    pub span: Span,
    /// The matched text, exactly as in the input. Shared with the lexicon entry's spun
    /// phrase when it is byte-for-byte that phrase (the common case), so most findings do
    /// not copy it. Compare with `&*f.text == "x"` (a `String` until 0.2).
    pub text: Arc<str>,
    /// Likely originals, best first: by how many of the entry's
    /// [context words](crate::Entry::context) are near the match, then by weight, known
    /// corrections before [flag-only](crate::Entry::flag_only) ones; then, with
    /// [context judgement](crate::DetectorBuilder::context), a candidate whose original fits
    /// the neighbouring words [`RERANK_MARGIN`](crate::weighing::RERANK_MARGIN) decades
    /// better than the first takes its place. Never empty. The first is what
    /// reconstruction uses.
    ///
    /// Shared: a lower-case match of a phrase with one original, listed as it is (most
    /// findings), holds the compiled lexicon's own list, so building it allocates nothing
    /// and cloning a finding is cheap. Read it as a slice (`f.candidates[0]`,
    /// `f.candidates.iter()`); to change it, build a new one
    /// (`let mut v = f.candidates.to_vec(); ...; f.candidates = v.into();`). A `Vec` in 0.4
    /// and before.
    pub candidates: Arc<[Candidate]>,
    /// How it was matched.
    pub tier: Tier,
    /// Family of the first candidate.
    pub family: Family,
    /// How sure the detector is that this is spinner output, in `[0, 1]`: the entry weight
    /// times the tier factor (times [`QUOTE_FACTOR`](crate::weighing::QUOTE_FACTOR) inside quotes), moved by
    /// [context judgement](crate::DetectorBuilder::context) for a one-word finding, then
    /// raised by confident findings of other entries within
    /// [`SUPPORT_WINDOW_WORDS`](crate::weighing::SUPPORT_WINDOW_WORDS).
    pub confidence: f32,
    /// The confidence before any support from neighbours: the entry weight times the tier
    /// factor (times the quotation factor), moved by context judgement. A finding is
    /// accepted alone when this reaches [`ACCEPT_THRESHOLD`](crate::ACCEPT_THRESHOLD); one
    /// below it and accepted was lifted by support or by passage acceptance.
    pub own_confidence: f32,
    /// True when inside a quotation.
    pub in_quote: bool,
    /// True when confident enough to be rewritten: its confidence reaches
    /// [`ACCEPT_THRESHOLD`](crate::ACCEPT_THRESHOLD), or its passage scored at least the
    /// [passage acceptance](crate::DetectorBuilder::passage_acceptance) score and its own
    /// confidence reaches [`PASSAGE_ACCEPTANCE_MIN_OWN`](crate::scoring::PASSAGE_ACCEPTANCE_MIN_OWN) (then `confidence` may be below the
    /// threshold); then the [rewrite scope](crate::DetectorBuilder::rewrite_scope) may take
    /// it back in a passage not judged spun (by default, a finding whose `own_confidence`
    /// is below the threshold, lifted only by support). The score's probability is computed
    /// from the first kind only, before the scope.
    pub accepted: bool,
    /// Which lexicon phrase (or artifact kind) this is, for counting distinct evidence
    /// without re-normalising the text; set by the detector.
    #[serde(skip)]
    pub(crate) group: u64,
    /// Index of the finding's first word in the text (for the score's run lengths).
    #[serde(skip)]
    pub(crate) token: usize,
    /// The highest weight among the candidates (the first one's before context reordered
    /// them), for the score: it reads this rather than the candidate list, which with a
    /// large lexicon is out of cache by then.
    #[serde(skip)]
    pub(crate) strongest: f32,
}

impl Finding {
    /// The best candidate original (the matched text itself for a hand-made finding with
    /// no candidate, so this never panics); empty when the correction is unknown (a
    /// [flag-only](crate::Entry::flag_only) entry).
    pub fn original(&self) -> &str {
        self.candidates
            .first()
            .map_or(&*self.text, |c| &*c.original)
    }

    /// The words of the match that the best original does not keep, as byte spans of the
    /// input: for `brand new -> new` only `brand`, for `most cancers -> cancer` both words.
    /// This is the narrowest evidence, what a highlighter should mark as rewritten.
    ///
    /// The matched words are aligned with the original's words by their normalisation
    /// keys ([`word_keys`](crate::word_keys)), so a kept word in another case still counts
    /// as kept. The whole [`span`](Finding::span) is returned for a spintax leftover
    /// (`{hardware}`, `{big|large}`: the braces go too) and a homoglyph, when no word differs
    /// by key (a case-only repair), and when `text` is not as long as `span` (a hand-made
    /// finding; the spans are computed from `text`, which the detector always takes from the
    /// input under `span`). Never empty.
    ///
    /// ```
    /// let detector = despin::Detector::builder()
    ///     .lexicon(despin::Lexicon::from_tsv_str("brand new\tnew\tnews-spinner\t0.9\n", "mine").unwrap())
    ///     .build()
    ///     .unwrap();
    /// let text = "A brand new console.";
    /// let finding = &detector.analyze(text).findings[0];
    /// let changed: Vec<&str> = finding.changed_words().iter().map(|s| &text[s.range()]).collect();
    /// assert_eq!(changed, ["brand"]);
    /// ```
    pub fn changed_words(&self) -> Vec<Span> {
        let whole = vec![self.span];
        if self.text.len() != self.span.len()
            || matches!(self.tier, Tier::Spintax | Tier::Homoglyph)
        {
            return whole;
        }
        let words = tokenize(&self.text);
        let mut key = String::new();
        let keys: Vec<String> = words
            .iter()
            .map(|t| {
                word_key_into(&self.text[t.span.range()], &mut key);
                key.clone()
            })
            .collect();
        let original_keys = word_keys(self.original());
        let mut changed: Vec<Span> = align(&keys, &original_keys)
            .into_iter()
            .filter_map(|op| match op {
                Op::Substitute { a, .. } | Op::Insert { a } => {
                    let local = words[a].span;
                    Some(Span::new(
                        self.span.start + local.start,
                        self.span.start + local.end,
                    ))
                }
                Op::Match { .. } | Op::Delete { .. } => None,
            })
            .collect();
        if changed.is_empty() {
            return whole;
        }
        // The alignment lists operations in order of the original; spans go in text order.
        changed.sort_unstable();
        changed
    }
}
