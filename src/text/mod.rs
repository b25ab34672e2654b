//! The text layer: words with byte spans and normalisation keys ([`tokenize`]), case
//! copying ([`case`]), inflection ([`inflect`]), look-alike letters ([`lookalike`]),
//! spintax leftovers ([`spintax`]) and word-sequence alignment ([`align`]). Nothing here
//! knows about lexicons or findings.

pub mod align;
pub(crate) mod case;
pub(crate) mod chars;
pub(crate) mod inflect;
pub(crate) mod lookalike;
pub(crate) mod spintax;
pub(crate) mod tokenize;
