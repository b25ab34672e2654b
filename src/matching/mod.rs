//! Matching: the compiled lexicon ([`index`]) run over a text's words in one streaming
//! pass ([`pass`]), with the checks that keep a match from counting (entry conditions,
//! protected originals) and the findings that are not lexicon phrases (spintax leftovers,
//! look-alike letters); then each finding judged by the words around it ([`context`])
//! and weighed by its neighbouring findings ([`support`]).
//!
//! [`Matcher`] is this stage's whole state: the detector above owns one and asks it for
//! weighed findings and the word tally the score needs.

pub(crate) mod conditions;
pub(crate) mod context;
pub(crate) mod entry_card;
pub(crate) mod homoglyph;
pub(crate) mod id_table;
pub(crate) mod index;
pub(crate) mod pass;
pub(crate) mod protect;
pub(crate) mod support;
pub(crate) mod tally;

pub(crate) use pass::Matcher;
