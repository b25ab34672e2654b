//! Lexicons: spun phrase -> likely original pairs ([`Entry`], [`Lexicon`]), loaded from
//! TSV ([`Lexicon::load`], [`Lexicon::load_lenient`]) or from a Problematic Paper
//! Screener list ([`PpsList`]), and the constants that weigh loaded rows.
//!
//! The types are also at the crate root (`despin::Lexicon`).

// Files, bottom to top: `query` (the fingerprint condition language), `pairs` (`Entry`,
// `Lexicon`), `skip` (rows a loader skipped), `tsv` (the TSV format), `builtin` (the
// lexicon compiled in from `data/`), `unlisted`, `word_counts` (word-pair counts that judge a
// finding in its context), `sha256` and `pps` (Problematic Paper Screener lists).

mod builtin;
pub(crate) mod pairs;
mod pps;
pub(crate) mod query;
mod sha256;
mod skip;
mod tsv;
mod unlisted;
mod word_counts;

/// Candidate choice by [`Entry::context`] looks this many words either side of a match.
pub use pairs::CONTEXT_WORDS;
pub use pairs::{Entry, Lexicon, DEFAULT_WEIGHT};
pub use pps::{ListId, PpsFormat, PpsList, PpsReport, PPS_UNCERTAIN_WEIGHT, PPS_WEIGHT};
pub use skip::{SkipReason, SkippedRow};
pub use tsv::{TsvList, TsvReport};
pub(crate) use word_counts::KeyHash;
pub use word_counts::WordCounts;
