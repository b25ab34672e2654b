//! The passage score on short and long texts: a tweet with one weak finding is not spun,
//! one spun paragraph in a long clean report is found and named, and a long clean report
//! does not accumulate weak evidence into a verdict. All text written for this project.

use despin::scoring::SECTION_WORDS;
use despin::Detector;

/// Plain generated prose with no lexicon words in it.
fn clean_filler(words: usize) -> String {
    const WORDS: &[&str] = &[
        "the",
        "council",
        "met",
        "on",
        "a",
        "cold",
        "morning",
        "to",
        "review",
        "budget",
        "lines",
        "for",
        "roads",
        "and",
        "parks",
        "while",
        "residents",
        "asked",
        "about",
        "bus",
        "routes",
        "near",
        "school",
    ];
    let mut out = String::new();
    for i in 0..words {
        out.push_str(WORDS[(i * 7 + i / 5) % WORDS.len()]);
        out.push(if i % 12 == 11 { '.' } else { ' ' });
        if i % 12 == 11 {
            out.push(' ');
        }
    }
    out
}

fn spun_paragraph() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/sample-spun.txt"
    ))
    .expect("the sample spun text ships with the crate")
}

#[test]
fn the_sample_is_spun_and_scores_are_probabilities() {
    let report = Detector::builtin().analyze(&spun_paragraph());
    assert!(report.score.spun, "score {}", report.score.score);
    assert!((0.0..=1.0).contains(&report.score.score));
    assert!(
        report.score.sections.is_empty(),
        "a short passage is scored whole"
    );
}

#[test]
fn a_tweet_with_one_weak_finding_is_not_spun() {
    for tweet in [
        "Power is out across the east side tonight.",
        "The minister mentioned the plan at lunch.",
        "A spherical tank stood outside the plant.",
    ] {
        let report = Detector::builtin().analyze(tweet);
        assert_eq!(report.findings.len(), 1, "{tweet}: {:?}", report.findings);
        assert!(!report.findings[0].accepted, "{tweet}");
        assert!(!report.score.spun, "{tweet}: {}", report.score.score);
        assert!(report.score.score < 0.2, "{tweet}: {}", report.score.score);
    }
}

#[test]
fn the_sample_comes_back_but_for_five_ordinary_words() {
    let spun = spun_paragraph();
    let original = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/sample-original.txt"
    ))
    .expect("the sample original ships with the crate");
    let rebuilt = Detector::builtin().reconstruct(&spun).text;
    let words = |t: &str| t.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
    let (got, want) = (words(&rebuilt), words(&original));
    assert_eq!(got.len(), want.len(), "{rebuilt}");
    let differences: Vec<(String, String)> =
        got.into_iter().zip(want).filter(|(g, w)| g != w).collect();
    // Weak learned rows, accepted because the spun words around them lend support. If this
    // changes, update README.md and data/README.md, which quote it. ("offer -> give" and
    // "higher -> better" were here until context judgement found "will offer" and
    // "higher parking" ordinary English.)
    let expected = [
        ("agencies.", "businesses."),
        ("Structure", "Construction"),
        ("start", "begin"),
        ("charges,", "fees,"),
        ("traffic", "visitors"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(g, w)| (g.to_string(), w.to_string()))
        .collect();
    assert_eq!(differences, expected);
}

#[test]
fn one_spun_paragraph_in_a_long_report_is_found_and_named() {
    let before = clean_filler(SECTION_WORDS * 20);
    let after = clean_filler(SECTION_WORDS * 20);
    let paragraph = spun_paragraph();
    let text = format!("{before}\n{paragraph}\n{after}");
    let report = Detector::builtin().analyze(&text);
    assert!(report.score.spun, "score {}", report.score.score);
    let worst = &report.score.sections[0];
    let paragraph_span = before.len() + 1..before.len() + 1 + paragraph.len();
    assert!(
        worst.span.start < paragraph_span.end && paragraph_span.start < worst.span.end,
        "the worst section {:?} should overlap the spun paragraph {paragraph_span:?}",
        worst.span
    );
    assert!(report.score.sections.len() <= despin::scoring::MAX_REPORTED_SECTIONS);
    assert!(report
        .score
        .sections
        .windows(2)
        .all(|w| w[0].score >= w[1].score));
}

#[test]
fn a_long_clean_report_with_scattered_weak_words_is_not_spun() {
    // Ordinary words the spinner also produces, once every hundred words or so.
    let weak = [
        "power",
        "firm",
        "particularly",
        "individuals",
        "extra",
        "authorities",
    ];
    let mut text = String::new();
    for (i, w) in weak.iter().cycle().take(120).enumerate() {
        text.push_str(&clean_filler(90 + i % 20));
        text.push_str(&format!(" the {w} said. "));
    }
    let report = Detector::builtin().analyze(&text);
    assert!(report.score.words > 10_000);
    assert!(!report.score.spun, "score {}", report.score.score);
    assert!(!report.score.sections.is_empty());
}

#[test]
fn a_custom_model_replaces_the_builtin_one() {
    // A model that ignores its features and always answers sigmoid(4) ≈ 0.98.
    let mut tsv = String::from("bias\t4\n");
    for name in despin::FEATURE_NAMES {
        tsv.push_str(&format!("feature\t{name}\t0\t1\t0\n"));
    }
    let model = despin::ScoreModel::from_tsv_str(&tsv, "always-spun").unwrap();
    let detector = Detector::builder().model(model).build().unwrap();
    let text = "A plain sentence about the weather.";
    assert!(detector.score(text).score > 0.95);
    assert!(!Detector::builtin().score(text).spun);
}

#[test]
fn weak_words_count_as_clustered_only_when_packed_together() {
    let at = despin::FEATURE_NAMES
        .iter()
        .position(|n| *n == "clustered_distinct_density")
        .unwrap();
    let weak = ["power", "firm", "particularly", "individuals", "extra"];
    // The same five ordinary words, once spread a hundred words apart, once in one sentence.
    let mut spread = String::new();
    for w in weak {
        spread.push_str(&clean_filler(100));
        spread.push_str(&format!(" the {w} said. "));
    }
    let packed = format!(
        "{} The firm said extra power particularly helps individuals. {}",
        clean_filler(200),
        clean_filler(200)
    );
    let detector = Detector::builtin();
    assert_eq!(detector.features(&spread).values()[at], 0.0);
    assert!(detector.features(&packed).values()[at] > 0.0);
    // Either way, a few ordinary words in a clean report are not a verdict.
    assert!(!detector.score(&spread).spun);
    assert!(!detector.score(&packed).spun);
}
