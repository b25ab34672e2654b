//! One-pass rewrite of accepted findings to their best original.

use crate::detect::Finding;
use crate::span::Span;
use serde::Serialize;

/// One replacement made by reconstruction.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Edit {
    /// What was replaced, in the input's byte offsets.
    pub span: Span,
    /// The input text of that span.
    pub spun: String,
    /// What it became.
    pub original: String,
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
        Self::rewrite(text, findings.iter(), |f| (None, f.original().to_owned()))
    }

    /// [`apply`](Self::apply) for findings that are not needed afterwards: each edit takes
    /// its strings from its finding instead of copying them.
    pub(crate) fn apply_owned(text: &str, findings: Vec<Finding>) -> Reconstruction {
        Self::rewrite(text, findings.into_iter(), |mut f| {
            let original = std::mem::take(&mut f.candidates[0].original);
            (Some(f.text), original)
        })
    }

    /// Copy `text`, writing each accepted finding's best candidate over it; `strings`
    /// gives an edit's original and, if it has it at hand, its spun text (else that is
    /// copied from `text`).
    fn rewrite<F: std::borrow::Borrow<Finding>>(
        text: &str,
        findings: impl Iterator<Item = F>,
        strings: impl Fn(F) -> (Option<String>, String),
    ) -> Reconstruction {
        let mut out = String::with_capacity(text.len() + text.len() / 8);
        let mut edits = Vec::new();
        let mut copied_to = 0;
        for f in findings {
            let finding = f.borrow();
            if !finding.accepted || finding.candidates.is_empty() {
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
            let (spun, original) = strings(f);
            out.push_str(&text[copied_to..start]);
            out.push_str(&original);
            edits.push(Edit {
                span,
                spun: spun.unwrap_or_else(|| text[start..end].to_owned()),
                original,
            });
            copied_to = end;
        }
        out.push_str(&text[copied_to..]);
        Reconstruction { text: out, edits }
    }
}
