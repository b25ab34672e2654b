//! The phrase-pair lexicon: spun phrase -> likely original, with a family and a weight.
//!
//! Files, bottom to top: [`query`] (the fingerprint condition language), `pairs`
//! ([`Entry`], [`Lexicon`]), `tsv` (the TSV format), `builtin` (the lexicon compiled in
//! from `data/`), `sha256` and `pps` (Problematic Paper Screener lists).

mod builtin;
mod pairs;
mod pps;
pub(crate) mod query;
mod sha256;
mod tsv;

pub use pairs::{Entry, Lexicon, DEFAULT_WEIGHT};
pub use pps::{
    ListId, PpsFormat, PpsList, PpsReport, SkipReason, SkippedRow, PPS_UNCERTAIN_WEIGHT, PPS_WEIGHT,
};
