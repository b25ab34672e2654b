//! Rows a loader skipped, with the reason: what the PPS loaders and the lenient TSV
//! loader report instead of failing on the first bad row.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a row did not become an entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "detail", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum SkipReason {
    /// The fingerprint query uses syntax the parser does not understand.
    QuerySyntax(String),
    /// The row has too few columns or a malformed JSON object (or, in a TSV file, cannot
    /// be parsed: no TAB, too many fields, invalid UTF-8, a weight that is not a number).
    Malformed(String),
    /// The query has no positive phrase without a wildcard to match in the text.
    NoAnchor,
    /// The expected phrase is missing (an empty field, or nothing left once notes are
    /// cut). A field with `??`, an unknown correction, loads as a
    /// [flag-only](crate::Entry::flag_only) entry instead.
    NoExpectedPhrase,
    /// The expected field is an explanatory note, not a replacement phrase.
    ExpectedIsNote(String),
    /// The phrase is part of its own expected phrase: a context term of a query, not a
    /// tortured phrase (`neural network -> [neural network] layer outputs`).
    ContextTerm(String),
    /// The entry failed validation (e.g. it maps a phrase to itself).
    Invalid(String),
}

impl SkipReason {
    /// A short label for counting reasons.
    pub fn label(&self) -> &'static str {
        match self {
            SkipReason::QuerySyntax(_) => "query syntax not understood",
            SkipReason::Malformed(_) => "malformed row",
            SkipReason::NoAnchor => "no phrase to match",
            SkipReason::NoExpectedPhrase => "no expected phrase",
            SkipReason::ExpectedIsNote(_) => "expected field is a note",
            SkipReason::ContextTerm(_) => "context term, not a tortured phrase",
            SkipReason::Invalid(_) => "invalid entry",
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::QuerySyntax(d)
            | SkipReason::Malformed(d)
            | SkipReason::ExpectedIsNote(d)
            | SkipReason::ContextTerm(d)
            | SkipReason::Invalid(d) => write!(f, "{}: {d}", self.label()),
            SkipReason::NoAnchor | SkipReason::NoExpectedPhrase => f.write_str(self.label()),
        }
    }
}

/// A row (or one anchor of a row) that was not loaded, by a PPS loader or a lenient TSV
/// loader ([`Lexicon::load_lenient`](crate::Lexicon::load_lenient)).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedRow {
    /// 1-based line where the row starts.
    pub line: usize,
    /// The fingerprint as written (query or tortured phrase); for a TSV row, its first
    /// field (the spun phrase) as written.
    pub fingerprint: String,
    /// Why it was skipped.
    pub reason: SkipReason,
}
