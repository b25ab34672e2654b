//! Learning a lexicon from parallel text: pairs of (spun passage, its original).
//!
//! Three steps, each usable alone:
//!
//! 1. [`learn`] aligns the word sequences of each pair ([`crate::align`], words compared
//!    by [`normalize_key`](crate::normalize_key)) and harvests every block of differing words as a substitution
//!    pair, single words and phrases of up to [`LearnOptions::max_words`] words on each
//!    side (`most cancers -> cancer`, `reminiscent of -> such as`). A pure insertion or
//!    deletion is anchored on its neighbouring shared word (`brand new -> new`), and a
//!    block of equal length on both sides also yields its word-for-word pairs
//!    (`final yr -> last year` gives `final -> last` and `yr -> year`). Each pair keeps
//!    its count, the number of passages it came from, and the words it was seen next to.
//!    Pairs touching a capitalised word inside a sentence are [`PairKind::Name`]
//!    (`Sequence X -> Series X`); pairs with a digit are [`PairKind::Number`]; both are
//!    kept apart from [`PairKind::General`].
//! 2. [`Background`] counts words and phrases in text that was never spun, the evidence of
//!    how ordinary a spun phrase is; an optional [`Reference`] adds general-English
//!    frequencies of words and word pairs from an outside count list
//!    ([`Selection::reference`]).
//! 3. [`select`] turns a [`Harvest`] into weighted lexicon rows, precision first: a phrase
//!    the spinner did not swap consistently, or that is about as common in never-spun text
//!    as in spinner output, is dropped; the rest get a weight from how rare the spun
//!    phrase is in the background (see [`Selection`]); [`to_lexicon`] makes the rows a
//!    [`Lexicon`](crate::Lexicon).
//!
//! Only swaps that the pairs show are learned by these three. For spinner vocabulary the
//! pairs never showed, [`propose`] ranks the directions of a synonym list (PPDB) by
//! evidence calibrated on the swaps the pairs did show, and proposes weak rows.
//!
//! Alignment memory grows with passage length times edit distance, capped (see
//! [`align`](crate::align)), so very long pairs are safe to pass.
//!
//! ```
//! use despin::learn::{learn, Background, LearnOptions, PairKind};
//! let pairs = [(
//!     "The minister mentioned the most cancers plan would start final yr.",
//!     "The minister said the cancer plan would start last year.",
//! )];
//! let harvest = learn(&pairs, &LearnOptions::default());
//! let found: Vec<(&str, &str)> = harvest
//!     .pairs
//!     .iter()
//!     .filter(|p| p.kind == PairKind::General)
//!     .map(|p| (p.spun.as_str(), p.original.as_str()))
//!     .collect();
//! assert!(found.contains(&("most cancers", "cancer")));
//! assert!(found.contains(&("final yr", "last year")));
//! assert!(found.contains(&("yr", "year")));
//! ```

mod harvest;
pub mod propose;

pub use harvest::{
    learn, select, to_lexicon, Background, Harvest, LearnOptions, LearnedPair, PairKind, Reference,
    Scored, SeenContext, Selection, MAX_CONTEXT_WORDS,
};
