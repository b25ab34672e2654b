//! Invariant checks shared by the fuzz targets. Each check panics (which libFuzzer
//! records as a crash) when despin breaks a promise its documentation makes.

#![deny(missing_docs)]

use despin::{Detector, Span};

/// The `--jsonl` reader of the `despin` example, compiled from the example's own file.
#[path = "../../examples/common/jsonl.rs"]
pub mod jsonl;

/// Tokens are non-empty, sorted, disjoint and on char boundaries.
pub fn check_tokens(text: &str) {
    let mut last_end = 0;
    for t in despin::tokenize(text) {
        let Span { start, end } = t.span;
        assert!(
            start < end && end <= text.len(),
            "bad token span {start}..{end}"
        );
        assert!(start >= last_end, "tokens overlap or are unsorted");
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        last_end = end;
    }
}

/// Findings, score and reconstruction of `text` keep every documented invariant.
pub fn check_detector(detector: &Detector, text: &str) {
    let report = detector.analyze(text);
    let findings = &report.findings;
    let mut last_end = 0;
    for f in findings {
        let Span { start, end } = f.span;
        assert!(
            start < end && end <= text.len(),
            "bad finding span {start}..{end}"
        );
        assert!(start >= last_end, "findings overlap or are unsorted");
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        assert_eq!(&text[start..end], &*f.text);
        assert!(!f.candidates.is_empty());
        assert!(
            (0.0..=1.0).contains(&f.confidence),
            "confidence {}",
            f.confidence
        );
        last_end = end;
    }
    let s = &report.score;
    assert!((0.0..=1.0).contains(&s.score), "score {}", s.score);
    assert!(s.density.is_finite() && s.density >= 0.0);
    assert_eq!(&detector.find(text), findings, "find and analyze disagree");
    let rebuilt = report.reconstruct(text);
    assert_eq!(rebuilt, detector.reconstruct(text), "not deterministic");
    let accepted: Vec<_> = findings.iter().filter(|f| f.accepted).collect();
    assert_eq!(rebuilt.edits.len(), accepted.len());
    if accepted.is_empty() {
        assert_eq!(
            rebuilt.text, text,
            "identity on text without accepted findings"
        );
    }
    // Everything outside the edits is copied byte for byte, in order.
    let mut at = 0;
    let mut out_at = 0;
    for e in &rebuilt.edits {
        let kept = &text[at..e.span.start];
        assert_eq!(&rebuilt.text[out_at..out_at + kept.len()], kept);
        out_at += kept.len();
        assert_eq!(
            &rebuilt.text[out_at..out_at + e.original.len()],
            &*e.original
        );
        out_at += e.original.len();
        at = e.span.end;
    }
    assert_eq!(&rebuilt.text[out_at..], &text[at..]);
}
