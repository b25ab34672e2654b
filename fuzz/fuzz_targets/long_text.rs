#![no_main]
//! A long text read in slices answers exactly as the whole text does: the input (after a
//! first byte that picks the slice size and whether line breaks are added) is repeated to
//! a few thousand words, so that it is read in several slices, then analysed whole and in
//! slices with the built-in detector; findings, score and reconstruction must be equal.

use despin::{Detector, TextCensus};
use libfuzzer_sys::fuzz_target;

/// Words the repeated text reaches at least: a slice settles sections only with two
/// sections of margin on both sides, so shorter texts are read in one slice.
const MIN_WORDS: usize = 2_500;

fuzz_target!(|data: &[u8]| {
    let Some((&choice, rest)) = data.split_first() else {
        return;
    };
    let Ok(unit) = std::str::from_utf8(rest) else {
        return;
    };
    let words = unit.split_whitespace().count().max(1);
    let copies = (MIN_WORDS / words + 1).min(4_000);
    let mut text = String::with_capacity((unit.len() + 1) * copies);
    for i in 0..copies {
        text.push_str(unit);
        if choice & 1 == 1 && i % 3 == 2 {
            text.push('\n');
        }
    }
    let slice_bytes = 1 + usize::from(choice >> 1) * 64;
    let detector = Detector::builtin();
    let whole = detector.analyze(&text);
    let census = TextCensus::of_str(&text);
    let mut findings = Vec::new();
    let mut rebuilt = Vec::new();
    let mut copied_to = 0;
    let score = detector
        .long_text()
        .slice_bytes(slice_bytes)
        .analyze(text.as_bytes(), &census, |region| {
            findings.extend_from_slice(region.findings);
            region.write_reconstructed(&mut rebuilt, &mut copied_to)
        })
        .expect("a valid text is answered");
    assert_eq!(findings, whole.findings, "findings");
    assert_eq!(score, whole.score, "score");
    assert_eq!(
        String::from_utf8(rebuilt).expect("UTF-8"),
        whole.reconstruct(&text).text,
        "reconstruction"
    );
});
