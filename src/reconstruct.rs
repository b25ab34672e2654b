//! One-pass rewrite of accepted findings to their best original.

use crate::finding::Finding;
use crate::scoring::score::Report;
use crate::span::Span;
use serde::Serialize;
use std::sync::Arc;

/// One replacement made by reconstruction.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Edit {
    /// What was replaced, in the input's byte offsets.
    pub span: Span,
    /// The input text of that span (shared with the finding's text; `&*e.spun` is a `&str`).
    pub spun: Arc<str>,
    /// What it became (shared with the finding's candidate).
    pub original: Arc<str>,
}

/// The rewritten text and the edits that made it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reconstruction {
    /// The likely original text.
    pub text: String,
    /// The edits, in input order, non-overlapping.
    pub edits: Vec<Edit>,
}

impl Reconstruction {
    /// Rewrite every accepted finding of `findings` (computed on `text`) with its best
    /// candidate; everything else is copied byte for byte. Findings whose span does not fit
    /// `text`, is not on char boundaries, or overlaps an earlier edit are skipped, so this
    /// never panics even when handed findings from another text.
    pub fn apply(text: &str, findings: &[Finding]) -> Reconstruction {
        Self::rewrite(text, findings.iter(), |f, written| {
            let original = f
                .candidates
                .first()
                .map_or_else(|| Arc::clone(&f.text), |c| Arc::clone(&c.original));
            // Findings from another text may not match this one's bytes.
            let spun = if *f.text == *written {
                Arc::clone(&f.text)
            } else {
                Arc::from(written)
            };
            (spun, original)
        })
    }

    /// [`apply`](Self::apply) for findings that are not needed afterwards: each edit moves
    /// its spun text out of its finding instead of cloning the shared pointer (the
    /// candidates may be the lexicon's own list, so the original is cloned).
    pub(crate) fn apply_owned(text: &str, findings: Vec<Finding>) -> Reconstruction {
        Self::rewrite(text, findings.into_iter(), |f, _| {
            // `rewrite` passes only findings with a first candidate.
            let original = f
                .candidates
                .first()
                .map_or_else(|| Arc::clone(&f.text), |c| Arc::clone(&c.original));
            (f.text, original)
        })
    }

    /// Copy `text`, writing each accepted finding's best candidate over it; `strings`
    /// gives an edit's spun text and original from its finding and the text it covers.
    fn rewrite<F: std::borrow::Borrow<Finding>>(
        text: &str,
        findings: impl Iterator<Item = F>,
        strings: impl Fn(F, &str) -> (Arc<str>, Arc<str>),
    ) -> Reconstruction {
        let mut out = String::with_capacity(text.len() + text.len() / 8);
        let mut edits = Vec::new();
        let mut copied_to = 0;
        for f in findings {
            let finding = f.borrow();
            // A flag-only finding (empty original: the correction is unknown) is evidence,
            // never a rewrite.
            if !finding.accepted
                || finding
                    .candidates
                    .first()
                    .is_none_or(|c| c.original.is_empty())
            {
                continue;
            }
            let Span { start, end } = finding.span;
            if start < copied_to || end > text.len() || start > end {
                continue;
            }
            if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                continue;
            }
            let span = finding.span;
            let (spun, original) = strings(f, &text[start..end]);
            out.push_str(&text[copied_to..start]);
            out.push_str(&original);
            edits.push(Edit {
                span,
                spun,
                original,
            });
            copied_to = end;
        }
        out.push_str(&text[copied_to..]);
        Reconstruction { text: out, edits }
    }
}

// `Report` sits in the scoring layer, below this one; its rewrite lives here so that no
// file imports one above it.
impl Report {
    /// Rewrite `text` (the text this report was made from) with the accepted findings.
    pub fn reconstruct(&self, text: &str) -> Reconstruction {
        Reconstruction::apply(text, &self.findings)
    }
}
