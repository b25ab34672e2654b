//! The lexicon embedded from `data/` at compile time.

use super::pairs::Lexicon;
use std::sync::LazyLock;

/// The built-in data files, in merge order (later files win on equal pairs).
/// Learned rows come first so a hand-written seed row of the same pair wins.
const SOURCES: &[(&str, &str)] = &[
    (
        "data/news-spinner-learned.tsv",
        include_str!("../../data/news-spinner-learned.tsv"),
    ),
    (
        "data/news-spinner-names-learned.tsv",
        include_str!("../../data/news-spinner-names-learned.tsv"),
    ),
    (
        "data/news-spinner-seed.tsv",
        include_str!("../../data/news-spinner-seed.tsv"),
    ),
    (
        "data/news-spinner-names-seed.tsv",
        include_str!("../../data/news-spinner-names-seed.tsv"),
    ),
];

static BUILTIN: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut lexicon = Lexicon::new();
    for (name, text) in SOURCES {
        // The shipped files are checked by `tests/data_canonical.rs`, so a parse error
        // here is a packaging bug, not bad user input.
        let part = Lexicon::from_tsv_str(text, name)
            .unwrap_or_else(|e| panic!("built-in lexicon is malformed: {e}"));
        if lexicon.is_empty() {
            // Merged into nothing, a part is itself (its pairs are distinct already):
            // taken as it is, not copied entry by entry.
            lexicon = part;
        } else {
            lexicon.merge(&part);
        }
    }
    lexicon
});

impl Lexicon {
    /// The lexicon shipped in `data/` (news-spinner pairs and mangled names), parsed once
    /// on first use and shared.
    pub fn builtin() -> &'static Lexicon {
        &BUILTIN
    }
}
