//! Families of spinner output: which kind of rewriter produced a pair.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// The kind of rewriter a lexicon entry (and so a finding) belongs to.
///
/// Serialised as its label (`"news-spinner"`, `"tortured-science"`, ...). Labels that are
/// not one of the named families load as [`Family::Custom`], so user lexicons can use
/// their own.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "String", from = "String")]
#[non_exhaustive]
pub enum Family {
    /// The web auto-blog synonym spinner (`said -> mentioned`, `round -> spherical`).
    NewsSpinner,
    /// Names and titles the news spinner mangled (`Series X -> Sequence X`).
    NewsSpinnerNames,
    /// Paper-mill "tortured phrases" (`artificial intelligence -> counterfeit consciousness`).
    TorturedScience,
    /// Leftover spintax braces such as `{dollars}` or `{big|large}`.
    Spintax,
    /// Greek or Cyrillic look-alike letters inside Latin words (`pаyment`).
    Homoglyph,
    /// Generated, not listed: a common English term with one word swapped for a rarer
    /// synonym, where English writes the term the other way (`profound learning` for
    /// `deep learning`); see `Lexicon::unlisted` and `DetectorBuilder::unlisted`.
    Unlisted,
    /// Any other label, as written in the lexicon (default `"custom"`). Shared, so a
    /// finding of a custom-family entry does not copy the label; build one with
    /// [`Family::from_label`] or [`Family::custom`].
    Custom(Arc<str>),
}

impl Family {
    /// The label used in lexicon files and JSON output.
    pub fn label(&self) -> &str {
        match self {
            Family::NewsSpinner => "news-spinner",
            Family::NewsSpinnerNames => "news-spinner-names",
            Family::TorturedScience => "tortured-science",
            Family::Spintax => "spintax",
            Family::Homoglyph => "homoglyph",
            Family::Unlisted => "unlisted",
            Family::Custom(s) => s,
        }
    }

    /// The family a label names; unknown labels become [`Family::Custom`].
    pub fn from_label(label: &str) -> Family {
        match label {
            "news-spinner" => Family::NewsSpinner,
            "news-spinner-names" => Family::NewsSpinnerNames,
            "tortured-science" => Family::TorturedScience,
            "spintax" => Family::Spintax,
            "homoglyph" => Family::Homoglyph,
            "unlisted" => Family::Unlisted,
            other => Family::Custom(Arc::from(other)),
        }
    }

    /// The family of rows that name none: `custom`.
    pub fn custom() -> Family {
        Family::Custom(Arc::from("custom"))
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl From<Family> for String {
    fn from(f: Family) -> String {
        f.label().to_owned()
    }
}

impl From<String> for Family {
    fn from(s: String) -> Family {
        Family::from_label(&s)
    }
}
