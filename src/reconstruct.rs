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
        let mut out = String::with_capacity(text.len() + text.len() / 8);
        let mut edits = Vec::new();
        let mut copied_to = 0;
        for f in findings.iter().filter(|f| f.accepted) {
            // Findings from this crate always have a candidate; hand-made ones may not.
            let Some(best) = f.candidates.first() else {
                continue;
            };
            let Span { start, end } = f.span;
            if start < copied_to || end > text.len() || start > end {
                continue;
            }
            if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                continue;
            }
            out.push_str(&text[copied_to..start]);
            out.push_str(&best.original);
            edits.push(Edit {
                span: f.span,
                spun: text[start..end].to_owned(),
                original: best.original.clone(),
            });
            copied_to = end;
        }
        out.push_str(&text[copied_to..]);
        Reconstruction { text: out, edits }
    }
}
