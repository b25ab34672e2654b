//! Passage acceptance: in a passage the model is sure was spun, weak findings are accepted
//! without nearby support; nowhere else, never inside quotations, never the weakest band.

mod common;

use common::{fixture, fixture_detector};
use despin::scoring::PASSAGE_ACCEPTANCE_MIN_OWN;
use despin::weighing::SUPPORT_WINDOW_WORDS;
use despin::{Detector, Lexicon};

/// Words no fixture row matches, to put distance between findings.
fn filler(words: usize) -> String {
    let pool = [
        "the", "team", "shipped", "a", "patch", "on", "Monday", "and", "then",
    ];
    (0..words)
        .map(|i| pool[i % pool.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

/// A sentence of confident spinner phrases.
const SPUN: &str = "Most cancers wards in international locations grew final yr, reminiscent of \
                    the third spherical of talks and most cancers trials in international locations.";

/// Confident spinner phrases first, then, out of their support window, weak words.
fn spun_then_weak(weak: &str) -> String {
    format!("{SPUN} {} {weak}.", filler(SUPPORT_WINDOW_WORDS + 10))
}

/// The fixture detector with passage acceptance off.
fn fixture_without_acceptance() -> Detector {
    Detector::builder()
        .builtin(false)
        .lexicon(fixture())
        .passage_acceptance(None)
        .context(false)
        .build()
        .expect("detector builds")
}

fn accepted_texts(detector: &Detector, text: &str) -> Vec<String> {
    detector
        .analyze(text)
        .findings
        .iter()
        .filter(|f| f.accepted)
        .map(|f| f.text.to_string())
        .collect()
}

#[test]
fn weak_words_far_from_support_are_accepted_in_a_surely_spun_passage() {
    let detector = fixture_detector();
    let text = spun_then_weak("she mentioned the power cut");
    let report = detector.analyze(&text);
    assert!(
        report.score.score >= despin::DEFAULT_PASSAGE_ACCEPTANCE,
        "{}",
        report.score.score
    );
    let accepted = accepted_texts(&detector, &text);
    assert!(accepted.contains(&"mentioned".to_owned()), "{accepted:?}");
    assert!(accepted.contains(&"power".to_owned()), "{accepted:?}");
    assert!(detector
        .reconstruct(&text)
        .text
        .ends_with("she said the energy cut."));
    // The counts on the score follow the accepted findings.
    let outside_quotes = report
        .findings
        .iter()
        .filter(|f| f.accepted && !f.in_quote)
        .count();
    assert_eq!(report.score.accepted, outside_quotes);

    // Switched off, the same words stay unaccepted: nothing confident is near them.
    let off = fixture_without_acceptance();
    let accepted = accepted_texts(&off, &text);
    assert!(!accepted.contains(&"mentioned".to_owned()), "{accepted:?}");
    assert!(!accepted.contains(&"power".to_owned()), "{accepted:?}");
    // The verdict does not depend on the setting.
    assert_eq!(off.analyze(&text).score.score, report.score.score);
}

#[test]
fn the_weakest_band_and_quotations_still_need_support() {
    let detector = fixture_detector();
    // `spherical` alone weighs 0.3 in the fixture, under the bar.
    let spherical = fixture_detector().find("a spherical table");
    assert!(spherical[0].confidence < PASSAGE_ACCEPTANCE_MIN_OWN);
    let text = spun_then_weak("a spherical table");
    assert!(detector.analyze(&text).score.score >= despin::DEFAULT_PASSAGE_ACCEPTANCE);
    let accepted = accepted_texts(&detector, &text);
    assert!(!accepted.contains(&"spherical".to_owned()), "{accepted:?}");
    // A weak word inside a quotation is the speaker's.
    let text = spun_then_weak("and she said “the power is back on for now, we hope”");
    assert!(detector.analyze(&text).score.score >= despin::DEFAULT_PASSAGE_ACCEPTANCE);
    let accepted = accepted_texts(&detector, &text);
    assert!(!accepted.contains(&"power".to_owned()), "{accepted:?}");
}

#[test]
fn clean_passages_keep_their_weak_words() {
    let detector = fixture_detector();
    for text in [
        "The minister mentioned the power cut and the fee for a spherical tank.",
        "Power prices rose; the council mentioned a new fee at its third meeting.",
    ] {
        let report = detector.analyze(text);
        assert!(
            report.score.score < despin::DEFAULT_PASSAGE_ACCEPTANCE,
            "{text}"
        );
        assert!(accepted_texts(&detector, text).is_empty(), "{text}");
        assert_eq!(detector.reconstruct(text).text, text);
    }
}

#[test]
fn in_a_long_text_only_the_spun_section_is_affected() {
    let detector = fixture_detector();
    // Section one (300 words) is spun; section two is clean but for one weak word far
    // from the spun part.
    let spun_part = format!(
        "{SPUN} {SPUN} {SPUN} {}",
        spun_then_weak("she mentioned it")
    );
    let spun_words = despin::tokenize(&spun_part).len();
    let text = format!(
        "{spun_part} {} {} she mentioned it. {}",
        filler(despin::scoring::SECTION_WORDS - spun_words),
        filler(150),
        filler(140)
    );
    let report = detector.analyze(&text);
    let sections = &report.score.sections;
    assert_eq!(sections.len(), 2, "scored in two sections");
    // Worst first: the spun section reaches the bar, the clean one does not.
    assert!(
        sections[0].score >= despin::DEFAULT_PASSAGE_ACCEPTANCE,
        "{sections:?}"
    );
    assert!(sections[1].score < 0.5, "{sections:?}");
    let mentioned: Vec<bool> = report
        .findings
        .iter()
        .filter(|f| &*f.text == "mentioned")
        .map(|f| f.accepted)
        .collect();
    assert_eq!(mentioned, [true, false]);
}

#[test]
fn out_of_range_passage_acceptance_is_refused() {
    for bad in [-0.1, 1.5, f64::NAN] {
        let err = Detector::builder()
            .passage_acceptance(Some(bad))
            .build()
            .expect_err("out of range");
        assert!(err.to_string().contains("passage acceptance"), "{err}");
    }
}

#[test]
fn a_brace_group_before_the_first_word_belongs_to_the_passage() {
    let detector = fixture_detector();
    let text = format!(
        "{{hardware}} {} {SPUN} {SPUN}",
        filler(SUPPORT_WINDOW_WORDS + 10)
    );
    let report = detector.analyze(&text);
    assert!(report.score.score >= despin::DEFAULT_PASSAGE_ACCEPTANCE);
    let braces = &report.findings[0];
    assert_eq!(&*braces.text, "{hardware}");
    assert!(braces.accepted, "{braces:?}");
}

#[test]
fn the_score_model_sees_the_findings_it_was_trained_on() {
    // `features` is what `ScoreModel::train` is fed; acceptance must not leak into it.
    let text = spun_then_weak("she mentioned the power cut");
    let on = fixture_detector();
    let off = fixture_without_acceptance();
    assert_ne!(
        on.analyze(&text).score.accepted,
        off.analyze(&text).score.accepted,
        "acceptance fires on this text"
    );
    assert_eq!(on.features(&text), off.features(&text));
}

#[test]
fn fuzzy_near_misses_and_tortured_phrases_keep_the_paper_verdict() {
    let lexicon = Lexicon::from_tsv_str(
        "profound learning\tdeep learning\ttortured-science\t0.95\n\
         bosom peril\tbreast cancer\ttortured-science\t0.95\n\
         counterfeit consciousness\tartificial intelligence\ttortured-science\t0.95\n",
        "test",
    )
    .expect("valid rows");
    let build = |acceptance: Option<f64>| {
        Detector::builder()
            .builtin(false)
            .lexicon(lexicon.clone())
            .fuzzy(Some(0.9))
            .passage_acceptance(acceptance)
            .build()
            .expect("detector builds")
    };
    let text = format!(
        "We apply profound learning, and profound learning again: profound learning models, \
         profound learning layers, profound learning, counterfeit consciousness. {} A bosom perl \
         model was also trained.",
        "we measured the samples in the laboratory and report the results below ".repeat(8)
    );
    let on = build(Some(despin::DEFAULT_PASSAGE_ACCEPTANCE)).analyze(&text);
    let off = build(None).analyze(&text);
    assert!(
        on.score.score >= despin::DEFAULT_PASSAGE_ACCEPTANCE,
        "score {}",
        on.score.score
    );
    let near_miss = on
        .findings
        .iter()
        .find(|f| f.tier == despin::Tier::Fuzzy)
        .expect("the misspelt phrase is a fuzzy finding");
    assert!(!near_miss.accepted, "{near_miss:?}");
    assert_eq!(on.findings, off.findings);
    let lists: [despin::ListId; 0] = [];
    assert_eq!(
        despin::PaperScreen::from_report(&on, &lists).verdict,
        despin::PaperScreen::from_report(&off, &lists).verdict
    );
}
