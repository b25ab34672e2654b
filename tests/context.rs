//! Context judgement (`DetectorBuilder::context`): a finding's own confidence moves with how
//! well its original fits the neighbouring words compared with the text's own words, and
//! the best-fitting candidate comes first. Sentences written for this project.

use despin::{Detector, Lexicon, WordCounts};

/// A detector on one-off rows only, with context judgement on or off.
fn detector(rows: &str, context: bool) -> Detector {
    Detector::builder()
        .builtin(false)
        .lexicon(Lexicon::from_tsv_str(rows, "test").unwrap())
        .context(context)
        .passage_acceptance(None)
        .build()
        .unwrap()
}

/// Own confidence of the only finding of `text` (no neighbours to support it).
fn confidence(d: &Detector, text: &str) -> f32 {
    let findings = d.find(text);
    assert_eq!(findings.len(), 1, "{text:?}: {findings:?}");
    findings[0].confidence
}

const SPHERICAL: &str = "spherical\tround\tnews-spinner\t0.6\n";
const FINISH: &str = "finish\tend\tnews-spinner\t0.6\n";

#[test]
fn a_broken_collocation_gains_and_an_ordinary_use_loses() {
    let on = detector(FINISH, true);
    let off = detector(FINISH, false);
    // "the end of" is far likelier than "the finish of".
    let spun = "Prices rose again by the finish of the year.";
    assert!((confidence(&off, spun) - 0.6).abs() < 1e-6);
    assert!(!off.find(spun)[0].accepted);
    assert!(confidence(&on, spun) > 0.75, "{}", confidence(&on, spun));
    assert!(on.find(spun)[0].accepted);
    assert_eq!(on.reconstruct(spun).text, spun.replace("finish", "end"));
    // The author's own sense: "finish line" is English, "end line" is not.
    let clean = "The runners crossed the finish line together.";
    assert!(confidence(&on, clean) < confidence(&off, clean));
    assert!(!on.find(clean)[0].accepted);
    assert_eq!(on.reconstruct(clean).text, clean);
}

#[test]
fn a_rare_word_in_its_own_sense_gains_nothing() {
    // "spherical" is rarer than "round", and "a round tank" is not in the table either:
    // that is no evidence of a swap.
    let on = detector(SPHERICAL, true);
    let off = detector(SPHERICAL, false);
    let clean = "The probe carried a spherical tank of helium.";
    assert!(confidence(&on, clean) <= confidence(&off, clean) + 1e-6);
    assert!(!on.find(clean)[0].accepted);
}

#[test]
fn ordinary_english_next_to_its_neighbours_is_not_rewritten() {
    // A strong row on its own (0.75 accepts without support) loses when the spun words are
    // what English writes there: "an attempt to" against "an try to".
    let rows = "attempt\ttry\tnews-spinner\t0.75\n";
    let on = detector(rows, true);
    let off = detector(rows, false);
    let text = "The council made an attempt to settle the dispute.";
    assert!(off.find(text)[0].accepted);
    assert!(confidence(&on, text) < confidence(&off, text));
    assert!(!on.find(text)[0].accepted, "{:?}", on.find(text));
    assert_eq!(on.reconstruct(text).text, text);
}

#[test]
fn the_candidate_that_fits_the_context_comes_first() {
    // Listed weight prefers "main"; "the first time" is what English writes.
    let rows = "primary\tmain\tnews-spinner\t0.8\nprimary\tfirst\tnews-spinner\t0.7\n";
    let text = "It was the primary time the team had won away.";
    let off = detector(rows, false);
    assert_eq!(off.find(text)[0].original(), "main");
    let on = detector(rows, true);
    assert_eq!(on.find(text)[0].original(), "first");
    assert!(on.reconstruct(text).text.contains("the first time"));
}

#[test]
fn strength_zero_keeps_confidence_and_bad_strengths_are_errors() {
    let d = Detector::builder()
        .builtin(false)
        .lexicon(Lexicon::from_tsv_str(FINISH, "test").unwrap())
        .context_strength(0.0)
        .passage_acceptance(None)
        .build()
        .unwrap();
    let text = "Prices rose by the finish of the year.";
    assert!((confidence(&d, text) - 0.6).abs() < 1e-6);
    for bad in [-0.1, f32::NAN, f32::INFINITY] {
        let e = Detector::builder()
            .context_strength(bad)
            .build()
            .unwrap_err();
        assert!(e.to_string().contains("context strength"), "{e}");
    }
}

#[test]
fn a_given_table_replaces_the_built_in_one() {
    // A table where "the finish of" is as likely as "the end of": no evidence either way.
    let counts = WordCounts::from_counts_str(
        "end 1000\nfinish 1000\nthe end 50000\nthe finish 50000\nend of 50000\nfinish of 50000\n",
        "mine",
    )
    .unwrap();
    let d = Detector::builder()
        .builtin(false)
        .lexicon(Lexicon::from_tsv_str(FINISH, "test").unwrap())
        .word_counts(counts)
        .passage_acceptance(None)
        .build()
        .unwrap();
    let text = "Prices rose by the finish of the year.";
    assert!((confidence(&d, text) - 0.6).abs() < 1e-6);
    // An empty table judges nothing.
    let d = Detector::builder()
        .builtin(false)
        .lexicon(Lexicon::from_tsv_str(FINISH, "test").unwrap())
        .word_counts(WordCounts::new())
        .passage_acceptance(None)
        .build()
        .unwrap();
    assert!((confidence(&d, text) - 0.6).abs() < 1e-6);
}

#[test]
fn tortured_phrases_are_not_judged() {
    // A paper screen's verdict must not depend on context: a one-word tortured phrase
    // keeps its listed confidence where the same row as a news-spinner row gains.
    let text = "Prices rose again by the finish of the year.";
    let tortured = "finish\tend\ttortured-science\t0.6\n";
    assert!((confidence(&detector(tortured, true), text) - 0.6).abs() < 1e-6);
    assert!(confidence(&detector(FINISH, true), text) > 0.75);
}

#[test]
fn an_unknown_correction_neither_shields_nor_replaces_a_judged_one() {
    // A flag-only row of the same word (correction unknown) must not keep the known row
    // from being judged, whichever is listed first or weighs more.
    let text = "The council made an attempt to settle the dispute.";
    let alone = detector("attempt\ttry\tnews-spinner\t0.75\n", true);
    let both = detector(
        "attempt\t???\tnews-spinner\t0.9\nattempt\ttry\tnews-spinner\t0.75\n",
        true,
    );
    let f = &both.find(text)[0];
    assert_eq!(f.original(), "try", "the known correction comes first");
    assert!(!f.accepted, "{f:?}");
    assert!(!alone.find(text)[0].accepted);
    // And a known correction is written back even when the flag-only row is listed first.
    let spun = "Prices rose again by the finish of the year.";
    let d = detector(
        "finish\t???\tnews-spinner\t0.95\nfinish\tend\tnews-spinner\t0.6\n",
        true,
    );
    assert_eq!(d.reconstruct(spun).text, spun.replace("finish", "end"));
}

#[test]
fn a_certain_finding_keeps_its_confidence_on_evidence_for_the_swap() {
    // Weight 1.0 and "the end of" far likelier: the confidence stays 1.0, not just below.
    let d = detector("finish\tend\tnews-spinner\t1.0\n", true);
    assert_eq!(
        confidence(&d, "Prices rose by the finish of the year."),
        1.0
    );
    // Strength 0 leaves every confidence as listed.
    let zero = Detector::builder()
        .builtin(false)
        .lexicon(Lexicon::from_tsv_str("finish\tend\tnews-spinner\t1.0\n", "t").unwrap())
        .context_strength(0.0)
        .passage_acceptance(None)
        .build()
        .unwrap();
    assert_eq!(
        confidence(&zero, "The runners crossed the finish line."),
        1.0
    );
}
