//! The tuning constants that were re-exported at the crate root until 0.2, kept there
//! (deprecated, hidden from the docs) so that code naming them still compiles, with a
//! warning naming the module they moved to.

/// Moved to [`weighing::FUZZY_FACTOR`](crate::weighing::FUZZY_FACTOR).
#[deprecated(since = "0.3.0", note = "moved to `despin::weighing::FUZZY_FACTOR`")]
#[doc(hidden)]
pub const FUZZY_FACTOR: f32 = crate::finding::FUZZY_FACTOR;

/// Moved to [`weighing::STEMMED_FACTOR`](crate::weighing::STEMMED_FACTOR).
#[deprecated(since = "0.3.0", note = "moved to `despin::weighing::STEMMED_FACTOR`")]
#[doc(hidden)]
pub const STEMMED_FACTOR: f32 = crate::finding::STEMMED_FACTOR;

/// Moved to [`weighing::HOMOGLYPH_WEIGHT`](crate::weighing::HOMOGLYPH_WEIGHT).
#[deprecated(
    since = "0.3.0",
    note = "moved to `despin::weighing::HOMOGLYPH_WEIGHT`"
)]
#[doc(hidden)]
pub const HOMOGLYPH_WEIGHT: f32 = crate::matching::homoglyph::HOMOGLYPH_WEIGHT;

/// Moved to [`weighing::MIN_INFLECTED_WEIGHT`](crate::weighing::MIN_INFLECTED_WEIGHT).
#[deprecated(
    since = "0.3.0",
    note = "moved to `despin::weighing::MIN_INFLECTED_WEIGHT`"
)]
#[doc(hidden)]
pub const MIN_INFLECTED_WEIGHT: f32 = crate::matching::index::MIN_INFLECTED_WEIGHT;

/// Moved to [`weighing::MIN_OWN_CONFIDENCE`](crate::weighing::MIN_OWN_CONFIDENCE).
#[deprecated(
    since = "0.3.0",
    note = "moved to `despin::weighing::MIN_OWN_CONFIDENCE`"
)]
#[doc(hidden)]
pub const MIN_OWN_CONFIDENCE: f32 = crate::matching::support::MIN_OWN_CONFIDENCE;

/// Moved to [`weighing::MIN_SUPPORTING_CONFIDENCE`](crate::weighing::MIN_SUPPORTING_CONFIDENCE).
#[deprecated(
    since = "0.3.0",
    note = "moved to `despin::weighing::MIN_SUPPORTING_CONFIDENCE`"
)]
#[doc(hidden)]
pub const MIN_SUPPORTING_CONFIDENCE: f32 = crate::matching::support::MIN_SUPPORTING_CONFIDENCE;

/// Moved to [`weighing::QUOTE_FACTOR`](crate::weighing::QUOTE_FACTOR).
#[deprecated(since = "0.3.0", note = "moved to `despin::weighing::QUOTE_FACTOR`")]
#[doc(hidden)]
pub const QUOTE_FACTOR: f32 = crate::matching::support::QUOTE_FACTOR;

/// Moved to [`weighing::SUPPORT_WINDOW_WORDS`](crate::weighing::SUPPORT_WINDOW_WORDS).
#[deprecated(
    since = "0.3.0",
    note = "moved to `despin::weighing::SUPPORT_WINDOW_WORDS`"
)]
#[doc(hidden)]
pub const SUPPORT_WINDOW_WORDS: usize = crate::matching::support::SUPPORT_WINDOW_WORDS;

/// Moved to [`lexicon::DEFAULT_WEIGHT`](crate::lexicon::DEFAULT_WEIGHT).
#[deprecated(since = "0.3.0", note = "moved to `despin::lexicon::DEFAULT_WEIGHT`")]
#[doc(hidden)]
pub const DEFAULT_WEIGHT: f32 = crate::lexicon::DEFAULT_WEIGHT;

/// Moved to [`lexicon::PPS_WEIGHT`](crate::lexicon::PPS_WEIGHT).
#[deprecated(since = "0.3.0", note = "moved to `despin::lexicon::PPS_WEIGHT`")]
#[doc(hidden)]
pub const PPS_WEIGHT: f32 = crate::lexicon::PPS_WEIGHT;

/// Moved to [`lexicon::PPS_UNCERTAIN_WEIGHT`](crate::lexicon::PPS_UNCERTAIN_WEIGHT).
#[deprecated(
    since = "0.3.0",
    note = "moved to `despin::lexicon::PPS_UNCERTAIN_WEIGHT`"
)]
#[doc(hidden)]
pub const PPS_UNCERTAIN_WEIGHT: f32 = crate::lexicon::PPS_UNCERTAIN_WEIGHT;

/// Moved to [`lexicon::CONTEXT_WORDS`](crate::lexicon::CONTEXT_WORDS).
#[deprecated(since = "0.3.0", note = "moved to `despin::lexicon::CONTEXT_WORDS`")]
#[doc(hidden)]
pub const CONTEXT_WORDS: usize = crate::lexicon::pairs::CONTEXT_WORDS;

/// Moved to [`scoring::SECTION_WORDS`](crate::scoring::SECTION_WORDS).
#[deprecated(since = "0.3.0", note = "moved to `despin::scoring::SECTION_WORDS`")]
#[doc(hidden)]
pub const SECTION_WORDS: usize = crate::matching::tally::SECTION_WORDS;

/// Moved to [`scoring::MAX_REPORTED_SECTIONS`](crate::scoring::MAX_REPORTED_SECTIONS).
#[deprecated(
    since = "0.3.0",
    note = "moved to `despin::scoring::MAX_REPORTED_SECTIONS`"
)]
#[doc(hidden)]
pub const MAX_REPORTED_SECTIONS: usize = crate::scoring::score::MAX_REPORTED_SECTIONS;

/// Moved to [`scoring::MIN_SCORED_WORDS`](crate::scoring::MIN_SCORED_WORDS).
#[deprecated(since = "0.3.0", note = "moved to `despin::scoring::MIN_SCORED_WORDS`")]
#[doc(hidden)]
pub const MIN_SCORED_WORDS: usize = crate::scoring::features::MIN_SCORED_WORDS;

/// Moved to [`scoring::PASSAGE_ACCEPTANCE_MIN_OWN`](crate::scoring::PASSAGE_ACCEPTANCE_MIN_OWN).
#[deprecated(
    since = "0.3.0",
    note = "moved to `despin::scoring::PASSAGE_ACCEPTANCE_MIN_OWN`"
)]
#[doc(hidden)]
pub const PASSAGE_ACCEPTANCE_MIN_OWN: f32 = crate::scoring::acceptance::PASSAGE_ACCEPTANCE_MIN_OWN;

/// Moved to [`scoring::PAPER_MIN_WORDS`](crate::scoring::PAPER_MIN_WORDS).
#[deprecated(since = "0.3.0", note = "moved to `despin::scoring::PAPER_MIN_WORDS`")]
#[doc(hidden)]
pub const PAPER_MIN_WORDS: usize = crate::scoring::paper::PAPER_MIN_WORDS;

/// Moved to [`scoring::PROBLEMATIC_MIN_DENSITY`](crate::scoring::PROBLEMATIC_MIN_DENSITY).
#[deprecated(
    since = "0.3.0",
    note = "moved to `despin::scoring::PROBLEMATIC_MIN_DENSITY`"
)]
#[doc(hidden)]
pub const PROBLEMATIC_MIN_DENSITY: f64 = crate::scoring::paper::PROBLEMATIC_MIN_DENSITY;

/// Moved to [`scoring::PROBLEMATIC_MIN_DISTINCT`](crate::scoring::PROBLEMATIC_MIN_DISTINCT).
#[deprecated(
    since = "0.3.0",
    note = "moved to `despin::scoring::PROBLEMATIC_MIN_DISTINCT`"
)]
#[doc(hidden)]
pub const PROBLEMATIC_MIN_DISTINCT: usize = crate::scoring::paper::PROBLEMATIC_MIN_DISTINCT;

/// Moved to [`text::MIN_QUOTATION_WORDS`](crate::text::MIN_QUOTATION_WORDS).
#[deprecated(since = "0.3.0", note = "moved to `despin::text::MIN_QUOTATION_WORDS`")]
#[doc(hidden)]
pub const MIN_QUOTATION_WORDS: usize = crate::text::tokenize::MIN_QUOTATION_WORDS;

/// Moved to [`text::MAX_SPINTAX_LEN`](crate::text::MAX_SPINTAX_LEN).
#[deprecated(since = "0.3.0", note = "moved to `despin::text::MAX_SPINTAX_LEN`")]
#[doc(hidden)]
pub const MAX_SPINTAX_LEN: usize = crate::text::spintax::MAX_SPINTAX_LEN;

/// Moved to [`text::SINGLE_OPTION_WEIGHT`](crate::text::SINGLE_OPTION_WEIGHT).
#[deprecated(
    since = "0.3.0",
    note = "moved to `despin::text::SINGLE_OPTION_WEIGHT`"
)]
#[doc(hidden)]
pub const SINGLE_OPTION_WEIGHT: f32 = crate::text::spintax::SINGLE_OPTION_WEIGHT;

/// Moved to [`text::ALTERNATIVES_WEIGHT`](crate::text::ALTERNATIVES_WEIGHT).
#[deprecated(since = "0.3.0", note = "moved to `despin::text::ALTERNATIVES_WEIGHT`")]
#[doc(hidden)]
pub const ALTERNATIVES_WEIGHT: f32 = crate::text::spintax::ALTERNATIVES_WEIGHT;
