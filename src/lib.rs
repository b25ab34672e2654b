//! # despin
//!
//! Find text rewritten by article spinners, show the evidence, and reconstruct the
//! original. A spinner swaps words for odd synonyms so copied text slips past plagiarism
//! checks ("a third round of talks" becomes "a 3rd spherical of talks"); despin matches a
//! phrase-pair lexicon (spun -> original) over the text, weighs each match, scores the
//! passage, and rewrites the confident matches back.
//!
//! ```
//! let text = "The minister mentioned the 3rd spherical of talks would start final yr.";
//! let report = despin::analyze(text);
//! for f in report.findings.iter().filter(|f| f.accepted) {
//!     println!("{:?} {:?} -> {:?}", f.span, f.text, f.original());
//! }
//! let rebuilt = despin::reconstruct(text);
//! assert_eq!(rebuilt.text, "The minister said the 3rd round of talks would start last year.");
//! ```
//!
//! ## Pipeline
//!
//! 1. [`tokenize`]: words with byte spans and quotation flags (quotations of at least
//!    [`MIN_QUOTATION_WORDS`](text::MIN_QUOTATION_WORDS) words; shorter ones are titles). Every component compares
//!    words through [`word_key_into`]: Greek/Cyrillic look-alike letters unmasked, then
//!    case, apostrophes, dashes and invisible characters folded. The detector streams the
//!    words ([`for_each_token`]) and matches them in blocks of a few thousand, so its
//!    working memory does not grow with the text's word count (except that entries with
//!    a [`Condition`] index the whole text once); results equal matching the whole text
//!    at once.
//! 2. Matching: leftmost-longest over word keys against the compiled [`Lexicon`], in three
//!    tiers ([`Tier`]): exact keys; *stemmed*, where the last word is another inflection of
//!    the entry's (`coached` for `coaching`, re-inflected to `trained`); and *fuzzy*
//!    (off by default), near-miss spellings of multiword entries. Leftover spintax braces
//!    (`{dollars}`, `{big|large}`) and words masked with look-alike letters are findings of
//!    their own. Entries with a [`Condition`] count only where it holds on the text; a
//!    spun word inside an exact occurrence of a longer lexicon original is left alone.
//! 3. Weighing: each [`Finding`] has a confidence from its entry's weight, its tier and
//!    whether it sits in a quotation (spinners leave quotes alone), raised by confident
//!    findings of other entries nearby. Only findings whose confidence reaches
//!    [`ACCEPT_THRESHOLD`] are *accepted*: a lone ordinary word such as "power" or "spherical" in
//!    ordinary text is reported but not rewritten. Passage acceptance: in a passage (a section of a long
//!    text) that scores at least [`DEFAULT_PASSAGE_ACCEPTANCE`], findings outside quotations
//!    with own confidence of at least [`PASSAGE_ACCEPTANCE_MIN_OWN`](scoring::PASSAGE_ACCEPTANCE_MIN_OWN) are accepted without
//!    support (not fuzzy near misses or tortured phrases); the score is computed before, so
//!    this never changes a verdict. Then the [`RewriteScope`]: by default, in a passage
//!    not judged spun, only findings confident on their own (and tortured phrases) stay
//!    accepted; support counts where the passage reads as spun.
//! 4. [`Score`]: a logistic [`ScoreModel`] over passage [`Features`] (evidence densities
//!    by strength and tier, distinct entries, quote contrast, runs of findings); long texts
//!    are scored in sections of about [`SECTION_WORDS`](scoring::SECTION_WORDS) words and take their worst
//!    section's score; `spun` at [`DEFAULT_SPUN_THRESHOLD`].
//! 5. [`Reconstruction`]: one pass that replaces accepted findings with their best
//!    candidate, copying the case of the spun text, and copies everything else byte for
//!    byte. Text with no accepted finding comes back unchanged.
//!
//! ## Matching semantics
//!
//! Spans are byte offsets into the caller's `&str`, sorted, non-overlapping and on char
//! boundaries. Matching is whole-word and case-insensitive; at each word the longest
//! phrase wins, then matching resumes after it. When several originals are known for a
//! phrase they are all kept on the finding ([`Finding::candidates`]), best weight first.
//! Construction ([`Lexicon`] loading, [`DetectorBuilder::build`]) can fail with an
//! [`Error`] naming the source and line; finding, scoring and rewriting cannot fail and do
//! not panic on any input.
//!
//! ## Lexicon format
//!
//! TSV, one pair per line: `spun<TAB>original[<TAB>family[<TAB>weight[<TAB>context]]]`;
//! `#` starts a comment line. A plain two-column file loads with family `custom` and weight
//! 1.0; `context` is words separated by spaces that pick this original when several rows
//! share a spun phrase ([`Entry::context`]). A first row naming the columns
//! (`spun<TAB>original...`) is a header and is skipped. [`Lexicon::load`] refuses a file
//! with no rows; [`Lexicon::load_lenient`] loads the good rows and lists every skipped one
//! with its line and reason. The built-in lexicon ([`Lexicon::builtin`]) is compiled into
//! the crate from `data/`, so nothing is read at run time; see `data/README.md` for where
//! it comes from.
//!
//! The built-in lexicon is **English only**: news-spinner output learned from English news
//! and tech pages. Text in another language, spun or not, simply scores "not spun"; for
//! other languages or spinners, build the detector with your own lexicon.
//!
//! ## JSON records and the `despin` command
//!
//! The `despin` binary (`cargo install despin`; `despin --help`) prints for each text a
//! [`Record`]: the score, the verdict, the findings with byte offsets and the
//! reconstruction. The same type is what [`Detector::record`] returns, so a library caller,
//! the command and tools reading its output share one format; `despin --jsonl` output
//! reads back with [`Answer`]. [`Detector::analyze_records`] answers JSON lines from any
//! reader one line at a time (optionally a batch at a time on
//! [`threads`](DetectorBuilder::threads)), without holding the input in memory;
//! [`Records::json_lines`] gives the same answers as the JSON text the command writes.
//!
//! ## Tortured-phrase lists (PPS)
//!
//! [`Lexicon::from_pps_csv`] and [`Lexicon::from_pps_json`] (or [`PpsList::load`] by file
//! extension) read the user's own copy of the Problematic Paper Screener fingerprint list,
//! with each fingerprint's Boolean / proximity / wildcard query kept as the entry's
//! [`Condition`], evaluated over the whole text given to the detector. Rows that cannot be
//! loaded are listed with line and reason in the [`PpsReport`], which also carries the
//! list's SHA-256. [`Detector::screen_paper`] gives a per-paper [`PaperVerdict`] from
//! density per 1,000 words and distinct fingerprints. For screening, build the detector
//! with `.builtin(false)` and `.fuzzy(Some(DEFAULT_FUZZY_SIMILARITY))` (near-miss
//! spellings; see `reports/pps.md` for its measured cost on clean text).
//!
//! ## What the score means
//!
//! [`Score::score`] is the probability, from a logistic model trained on labelled
//! passages (real spun pages, their originals, clean English, and text spun with the
//! lexicon run backwards), that the passage is spinner output. On held-out articles it is
//! well calibrated (expected calibration error about 0.006; few passages fall in the middle
//! of the range, and there it leans low; `reports/score.md` has the reliability table),
//! and [`DEFAULT_SPUN_THRESHOLD`] called none of 1,746 held-out clean passages spun. The
//! last feature and the regularisation were chosen looking at those held-out figures, so
//! they are somewhat optimistic. Many weak swaps packed together can make a passage score
//! as spun although none of them is confident enough to be rewritten. A tweet with one
//! weak finding scores low because densities are taken over at least [`MIN_SCORED_WORDS`](scoring::MIN_SCORED_WORDS)
//! words. The built-in lexicon was learned from the
//! same corpus, so expect lower recall on unseen spun text (see `reports/lexicon.md`).
//!
//! ## Learning and measuring
//!
//! [`learn`] harvests substitution pairs from aligned (spun, original) texts ([`align`]);
//! the examples `learn_lexicon`, `crossval`, `train_score`, `evaluate` and `pps_eval`
//! regenerate the data and the reports in `reports/`.

#![deny(missing_docs)]

// Each file imports only files below it in the layer order of DESIGN.md ("Layers"),
// which `tests/layers.rs` holds and checks; the declarations below are in rustfmt's
// alphabetical order, not that one.
mod compat;
mod detector;
mod error;
mod family;
mod finding;
pub mod learn;
pub mod lexicon;
mod long_text;
mod matching;
mod reconstruct;
mod record;
pub mod scoring;
mod span;
mod stream;
pub mod text;

pub mod weighing {
    //! How a finding's confidence is made, and when a finding is accepted (rewritten):
    //! the constants of the matching and weighing stages.
    //!
    //! A match starts from its entry's weight, times its tier's factor
    //! ([`STEMMED_FACTOR`] for another inflection, [`FUZZY_FACTOR`] times the similarity
    //! for a near miss; only entries weighing at least [`MIN_INFLECTED_WEIGHT`] are matched
    //! inflected), times [`QUOTE_FACTOR`] inside a quotation, then moved on the log-odds
    //! scale by how much likelier the neighbouring words are next to its original
    //! ([`DEFAULT_CONTEXT_STRENGTH`] per decade, see
    //! [`DetectorBuilder::context`](crate::DetectorBuilder::context)). That is its *own*
    //! confidence. Findings of other entries within [`SUPPORT_WINDOW_WORDS`] words whose
    //! own confidence reaches [`MIN_SUPPORTING_CONFIDENCE`] raise it, if it has at least
    //! [`MIN_OWN_CONFIDENCE`] of its own; the finding is accepted when the result reaches
    //! [`ACCEPT_THRESHOLD`]. Look-alike letters weigh [`HOMOGLYPH_WEIGHT`];
    //! [`DEFAULT_FUZZY_SIMILARITY`] is a good value for
    //! [`DetectorBuilder::fuzzy`](crate::DetectorBuilder::fuzzy). Passage acceptance,
    //! which accepts weak findings of a passage that surely is spun, is tuned in
    //! [`scoring`](crate::scoring).
    pub use crate::finding::{FUZZY_FACTOR, STEMMED_FACTOR};
    pub use crate::matching::context::{DEFAULT_CONTEXT_STRENGTH, MAX_DECADES, RERANK_MARGIN};
    pub use crate::matching::homoglyph::HOMOGLYPH_WEIGHT;
    pub use crate::matching::index::{DEFAULT_FUZZY_SIMILARITY, MIN_INFLECTED_WEIGHT};
    pub use crate::matching::support::{
        ACCEPT_THRESHOLD, MIN_OWN_CONFIDENCE, MIN_SUPPORTING_CONFIDENCE, QUOTE_FACTOR,
        SUPPORT_WINDOW_WORDS,
    };
}

// The tuning constants that were at the crate root until 0.2, deprecated there (hidden
// from the docs) in favour of the module they tune.
#[allow(deprecated)]
pub use compat::*;
pub use detector::{Detector, DetectorBuilder};
pub use error::{Error, QueryError, Result};
pub use family::Family;
pub use finding::{Candidate, Finding, Tier};
pub use lexicon::query::Condition;
pub use lexicon::{
    Entry, Lexicon, ListId, PpsFormat, PpsList, PpsReport, SkipReason, SkippedRow, TsvList,
    TsvReport, WordCounts,
};
pub use long_text::{LongText, LongTextError, Region, TextCensus, DEFAULT_SLICE_BYTES};
pub use matching::index::DEFAULT_FUZZY_SIMILARITY;
pub use matching::support::ACCEPT_THRESHOLD;
pub use reconstruct::{Edit, Reconstruction};
pub use record::{
    Answer, FingerprintRecord, InputRecord, Occurrence, PaperRecord, Record, RecordError,
    RecordFinding, RecordSection,
};
pub use scoring::acceptance::{RewriteScope, DEFAULT_PASSAGE_ACCEPTANCE};
pub use scoring::features::{Features, FEATURE_COUNT, FEATURE_NAMES};
pub use scoring::model::{ScoreModel, TrainOptions};
pub use scoring::paper::{FiredFingerprint, PaperScreen, PaperVerdict};
pub use scoring::score::{Report, Score, SectionScore, DEFAULT_SPUN_THRESHOLD};
pub use span::Span;
pub use stream::{JsonLine, JsonLines, Records};
pub use text::align;
pub use text::tokenize::{
    for_each_token, normalize_key, normalize_key_into, tokenize, word_key_into, word_keys, Token,
};

/// Findings and score of `text` with the built-in detector.
pub fn analyze(text: &str) -> Report {
    Detector::builtin().analyze(text)
}

/// Every finding in `text` with the built-in detector, accepted or not.
pub fn find(text: &str) -> Vec<Finding> {
    Detector::builtin().find(text)
}

/// The passage score of `text` with the built-in detector.
pub fn score(text: &str) -> Score {
    Detector::builtin().score(text)
}

/// The likely original of `text` with the built-in detector.
pub fn reconstruct(text: &str) -> Reconstruction {
    Detector::builtin().reconstruct(text)
}
