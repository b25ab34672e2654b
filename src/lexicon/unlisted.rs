//! The generated `unlisted` tier: common English two-word terms with one word swapped for
//! a rarer thesaurus synonym, where English writes the term the other way
//! (`profound learning` for `deep learning`, `bogus positive` for `false positive`).
//!
//! No lexicon lists these pairs; `examples/build_unlisted.rs` generates them from word and
//! word-pair counts and thesauri (see `data/README.md`), and the detector matches them like
//! any other row when [`DetectorBuilder::unlisted`](crate::DetectorBuilder::unlisted) is
//! on. The file is parsed on first use only.
//!
//! File format (`data/unlisted.tsv`), one line per term, position and weight band:
//! `original<TAB>position<TAB>weight<TAB>substitute[ substitute...]`, where `original` is
//! the two-word term as keys, `position` (1 or 2) the word a substitute replaces, and each
//! substitute one word. `#` starts a comment line.

use super::pairs::{Entry, Lexicon};
use crate::error::{Error, Result};
use crate::family::Family;
use std::sync::LazyLock;

/// The shipped file's name in errors.
const SOURCE_NAME: &str = "data/unlisted.tsv";

/// The shipped generated rows.
const SOURCE: &str = include_str!("../../data/unlisted.tsv");

static UNLISTED: LazyLock<Lexicon> = LazyLock::new(|| {
    // The shipped file is checked by `tests/unlisted.rs`; an error here is a packaging bug.
    Lexicon::from_unlisted_str(SOURCE, SOURCE_NAME)
        .unwrap_or_else(|e| panic!("unlisted lexicon is malformed: {e}"))
});

impl Lexicon {
    /// The generated `unlisted` tier (family [`Family::Unlisted`]): one-word thesaurus
    /// swaps of common two-word English terms that English does not write, parsed once on
    /// first use and shared. Not part of [`Lexicon::builtin`]; a detector uses it when
    /// built with [`DetectorBuilder::unlisted`](crate::DetectorBuilder::unlisted).
    pub fn unlisted() -> &'static Lexicon {
        &UNLISTED
    }

    /// Parse the compact `unlisted` format (described in `data/README.md`):
    /// `original<TAB>position<TAB>weight<TAB>substitutes`. Errors name `source_name` and
    /// the line.
    ///
    /// ```
    /// let lex = despin::Lexicon::from_unlisted_str("deep learning\t1\t0.8\tprofound abysmal\n", "mine").unwrap();
    /// assert_eq!(lex.len(), 2);
    /// assert_eq!(lex.entries()[0].spun, "profound learning");
    /// assert_eq!(lex.entries()[0].original, "deep learning");
    /// ```
    pub fn from_unlisted_str(text: &str, source_name: &str) -> Result<Lexicon> {
        let mut lexicon = Lexicon::new();
        for (i, line) in text.lines().enumerate() {
            let line_no = i + 1;
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |column: usize, message: &str| {
                Error::lexicon(source_name, line_no, Some(column), message.to_owned())
            };
            let mut fields = line.split('\t');
            let (Some(original), Some(position), Some(weight), Some(subs), None) = (
                fields.next(),
                fields.next(),
                fields.next(),
                fields.next(),
                fields.next(),
            ) else {
                return Err(bad(1, "want original, position, weight, substitutes"));
            };
            let words: Vec<&str> = original.split(' ').collect();
            let position: usize = match position {
                "1" => 0,
                "2" => 1,
                _ => return Err(bad(2, "position must be 1 or 2")),
            };
            if words.len() != 2 {
                return Err(bad(1, "the original must be two words"));
            }
            let weight: f32 = weight
                .parse()
                .map_err(|_| bad(3, "the weight is not a number"))?;
            for sub in subs.split(' ') {
                let mut spun = words.clone();
                spun[position] = sub;
                let entry = Entry::new(spun.join(" "), original, Family::Unlisted, weight)
                    .map_err(|e| bad(4, &e.to_string()))?;
                lexicon.insert(entry);
            }
        }
        Ok(lexicon)
    }
}
