//! Reconstruction round trips: spun sentences written for this project -> their originals.

mod common;

use common::fixture_detector;

#[test]
fn round_trips_keep_case_inflection_and_everything_else() {
    let d = fixture_detector();
    let cases = [
        (
            "The minister mentioned a 3rd Spherical of Talks would start final yr.",
            "The minister said a 3rd Round of Talks would start last year.",
        ),
        (
            "Most cancers rates in international locations fell, reminiscent of in Chile.",
            "Cancer rates in countries fell, such as in Chile.",
        ),
        (
            "Assertions about coached models and profound learning abound; MOST CANCERS too.",
            "Statements about trained models and deep learning abound; CANCER too.",
        ),
        (
            "Counterfeit Consciousness and profound learning\u{a0}methods",
            "Artificial Intelligence and deep learning\u{a0}methods",
        ),
    ];
    for (spun, original) in cases {
        let r = d.reconstruct(spun);
        assert_eq!(r.text, original, "spun: {spun:?}");
        // Every edit's span points at the spun text it replaced.
        for e in &r.edits {
            assert_eq!(&spun[e.span.range()], &*e.spun);
        }
    }
}

#[test]
fn text_without_accepted_findings_comes_back_byte_for_byte() {
    let d = fixture_detector();
    for text in [
        "",
        "   \n\t",
        "Plain prose with nothing to fix.",
        "The power bill and the late fee were mentioned.",
        "“Most cancers is what she wrote,” the quote says, verbatim.",
        "emoji 😀 and 中文 and العربية",
    ] {
        let r = d.reconstruct(text);
        assert_eq!(r.text, text);
        assert!(r.edits.is_empty());
    }
}

#[test]
fn report_reconstruction_matches_detector_reconstruction() {
    let d = fixture_detector();
    let text = "It mentioned most cancers final yr.";
    let report = d.analyze(text);
    assert_eq!(report.reconstruct(text), d.reconstruct(text));
}

/// Several originals for one spun word: the one whose context words are near wins, weight
/// decides otherwise, and the choice does not change how sure the finding is.
#[test]
fn context_words_choose_among_several_originals() {
    let lexicon = despin::Lexicon::from_tsv_str(
        "instantly\timmediately\tnews-spinner\t0.9\n\
         instantly\tstraight\tnews-spinner\t0.8\twent headed\n",
        "context.tsv",
    )
    .unwrap();
    let detector = despin::Detector::builder()
        .builtin(false)
        .lexicon(lexicon)
        .build()
        .unwrap();
    let cases = [
        ("They went instantly home.", "They went straight home."),
        ("She headed out instantly.", "She headed out straight."),
        ("She replied instantly.", "She replied immediately."),
        // Four words away is outside the context window.
        (
            "They went to the shop instantly.",
            "They went to the shop immediately.",
        ),
    ];
    for (spun, expected) in cases {
        assert_eq!(detector.reconstruct(spun).text, expected, "{spun}");
        let f = &detector.find(spun)[0];
        assert_eq!(
            f.confidence, 0.9,
            "{spun}: confidence is the strongest entry's"
        );
        assert_eq!(f.candidates.len(), 2);
    }
}
