//! Text: words with byte spans and the keys they are compared by ([`tokenize`],
//! [`word_key_into`]), word-sequence alignment ([`align`]), and the constants of the text
//! layer: quotations ([`MIN_QUOTATION_WORDS`]) and spintax leftovers
//! ([`MAX_SPINTAX_LEN`], [`SINGLE_OPTION_WEIGHT`], [`ALTERNATIVES_WEIGHT`]).
//!
//! The functions are also at the crate root (`despin::tokenize`).

// Files: `tokenize` (words and keys), `case` (case copying), `inflect` (inflection),
// `lookalike` (look-alike letters), `spintax` (spintax leftovers), `chars` and `align`.
// Nothing here knows about lexicons or findings.

pub mod align;
pub(crate) mod case;
pub(crate) mod chars;
pub(crate) mod inflect;
pub(crate) mod lookalike;
pub(crate) mod spintax;
pub(crate) mod tokenize;

pub use spintax::{ALTERNATIVES_WEIGHT, MAX_SPINTAX_LEN, SINGLE_OPTION_WEIGHT};
pub use tokenize::{
    for_each_token, normalize_key, normalize_key_into, tokenize, word_key_into, word_keys, Token,
    MIN_QUOTATION_WORDS,
};
