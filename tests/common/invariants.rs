//! The invariants every detector result must keep, for any input.

use despin::Detector;

/// Every documented invariant of find / analyze / reconstruct on `text`.
pub fn check_invariants(detector: &Detector, text: &str) {
    let report = detector.analyze(text);
    let mut last_end = 0;
    for f in &report.findings {
        assert!(
            f.span.start < f.span.end && f.span.end <= text.len(),
            "{text:?}"
        );
        assert!(
            f.span.start >= last_end,
            "unsorted or overlapping in {text:?}"
        );
        assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
        assert_eq!(&text[f.span.range()], &*f.text);
        assert!(!f.candidates.is_empty());
        assert!((0.0..=1.0).contains(&f.confidence));
        // The changed words lie inside the finding, sorted, disjoint, on char boundaries.
        let changed = f.changed_words();
        assert!(!changed.is_empty(), "{text:?}");
        let mut changed_end = f.span.start;
        for c in &changed {
            assert!(c.start >= changed_end && c.start < c.end && c.end <= f.span.end);
            assert!(text.is_char_boundary(c.start) && text.is_char_boundary(c.end));
            changed_end = c.end;
        }
        last_end = f.span.end;
    }
    assert!((0.0..=1.0).contains(&report.score.score));
    let rebuilt = report.reconstruct(text);
    let accepted = report.findings.iter().filter(|f| f.accepted).count();
    assert_eq!(rebuilt.edits.len(), accepted);
    if accepted == 0 {
        assert_eq!(rebuilt.text, text, "identity without accepted findings");
    }
    // Outside the edits every byte is copied, in order.
    let (mut at, mut out_at) = (0, 0);
    for e in &rebuilt.edits {
        let kept = &text[at..e.span.start];
        assert_eq!(&rebuilt.text[out_at..out_at + kept.len()], kept);
        out_at += kept.len() + e.original.len();
        at = e.span.end;
    }
    assert_eq!(&rebuilt.text[out_at..], &text[at..]);
    for t in despin::tokenize(text) {
        assert!(t.span.start < t.span.end);
        assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
    }
}
