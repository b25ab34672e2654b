//! The passage score and the paper verdict: [`Score`], [`Report`], the [`ScoreModel`] over
//! passage [`Features`], passage acceptance, [`PaperScreen`], and the constants that tune
//! them.
//!
//! The types are also at the crate root (`despin::Score`).

// Files: `features` (passage features of the weighed findings), `model` (the logistic
// model), `score` (the passage score, in sections for long texts), `acceptance` (passage
// acceptance of weak findings once a passage surely is spun; `rewrite_only_spun`) and
// `paper` (the per-paper verdict of tortured-phrase screening).

pub(crate) mod acceptance;
pub(crate) mod features;
pub(crate) mod model;
pub(crate) mod paper;
pub(crate) mod score;

/// Long texts are scored in sections of about this many words.
pub use crate::matching::tally::SECTION_WORDS;
pub use acceptance::{DEFAULT_PASSAGE_ACCEPTANCE, PASSAGE_ACCEPTANCE_MIN_OWN};
pub use features::{Features, FEATURE_COUNT, FEATURE_NAMES, MIN_SCORED_WORDS};
pub use model::{ScoreModel, TrainOptions};
pub use paper::{
    FiredFingerprint, PaperScreen, PaperVerdict, PAPER_MIN_WORDS, PROBLEMATIC_MIN_DENSITY,
    PROBLEMATIC_MIN_DISTINCT,
};
pub use score::{Report, Score, SectionScore, DEFAULT_SPUN_THRESHOLD, MAX_REPORTED_SECTIONS};
