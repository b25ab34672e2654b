//! Table-driven matching tests on the fixture lexicon.

mod common;

use common::{accepted, fixture_detector};
use despin::{Detector, Family, Lexicon, Tier};

/// An expected finding: (matched text, best original, tier, accepted).
type Expected<'a> = (&'a str, &'a str, Tier, bool);

#[test]
fn leftmost_longest_tiers_and_candidates() {
    let d = fixture_detector();
    // (text, expected findings as (text, best original, tier, accepted))
    let cases: &[(&str, &[Expected])] = &[
        ("nothing to see here", &[]),
        (
            "A 3rd spherical of talks began.",
            &[("spherical of talks", "round of talks", Tier::Exact, true)],
        ),
        // The longer phrase wins over its one-word prefix.
        (
            "the spherical of talks",
            &[("spherical of talks", "round of talks", Tier::Exact, true)],
        ),
        // Alone, a weak word is reported but not accepted.
        (
            "a spherical vessel",
            &[("spherical", "round", Tier::Exact, false)],
        ),
        // Case-insensitive, NBSP and curly quotes folded.
        (
            "MOST\u{a0}CANCERS",
            &[("MOST\u{a0}CANCERS", "CANCER", Tier::Exact, true)],
        ),
        // Stemmed tier: inflection the lexicon does not list, re-inflected original.
        (
            "many international location and most cancers",
            &[
                ("international location", "country", Tier::Stemmed, true),
                ("most cancers", "cancer", Tier::Exact, true),
            ],
        ),
        // The two stemmed words reach the acceptance threshold only with the support of
        // their neighbours, which counts where the passage reads as spun; these six words
        // do not (`RewriteScope::ConfidentOrSpun`, the default): reported, not rewritten.
        (
            "Assertions were coached reminiscent of this",
            &[
                ("Assertions", "Statements", Tier::Stemmed, false),
                ("coached", "trained", Tier::Stemmed, false),
                ("reminiscent of", "such as", Tier::Exact, true),
            ],
        ),
        // Names keep the lexicon's capitals.
        (
            "the new xbox sequence x console",
            &[("xbox sequence x", "Xbox Series X", Tier::Exact, true)],
        ),
        // A capital Greek look-alike (Mu) does not hide the phrase it starts.
        (
            "the \u{39c}ost cancers plan",
            &[("\u{39c}ost cancers", "Cancer", Tier::Exact, true)],
        ),
        // Whole words only: no match inside a longer word.
        ("feeling powerful spherically", &[]),
    ];
    for (text, expected) in cases {
        let got: Vec<(String, String, Tier, bool)> = d
            .find(text)
            .into_iter()
            .map(|f| {
                (
                    f.text.to_string(),
                    f.original().to_owned(),
                    f.tier,
                    f.accepted,
                )
            })
            .collect();
        let want: Vec<(String, String, Tier, bool)> = expected
            .iter()
            .map(|(t, o, tier, a)| (t.to_string(), o.to_string(), *tier, *a))
            .collect();
        assert_eq!(got, want, "text: {text:?}");
    }
}

#[test]
fn findings_carry_all_candidates_best_first_and_their_family() {
    let d = fixture_detector();
    let f = d.find("the fee was high");
    assert_eq!(f.len(), 1);
    let originals: Vec<&str> = f[0].candidates.iter().map(|c| &*c.original).collect();
    assert_eq!(originals, ["rate", "charge"]);
    assert_eq!(f[0].family, Family::NewsSpinner);
    assert!((f[0].confidence - 0.35).abs() < 1e-6);
}

#[test]
fn weak_words_are_accepted_only_with_confident_neighbours() {
    let d = fixture_detector();
    let alone = "The power went out on Tuesday.";
    assert!(accepted(&d, alone).is_empty());
    let supported = "The power of most cancers research in international locations grew final yr.";
    let got = accepted(&d, supported);
    assert!(got.contains(&("power".into(), "energy".into())), "{got:?}");
}

#[test]
fn quotations_are_left_alone() {
    let d = fixture_detector();
    let text = "Officials in international locations spoke. “Most cancers is the assertion,” she mentioned.";
    let f = d.find(text);
    let quoted: Vec<_> = f.iter().filter(|f| f.in_quote).collect();
    assert_eq!(quoted.len(), 2, "{f:?}");
    assert!(quoted.iter().all(|f| !f.accepted && f.confidence < 0.3));
    // The narrative words outside the quote are still found.
    assert!(f
        .iter()
        .any(|f| &*f.text == "international locations" && f.accepted));
}

#[test]
fn spintax_leftovers_are_findings_and_reconstruct() {
    let d = fixture_detector();
    let text = "It cost 5 {dollars|bucks} in most cancers wards {final yr}.";
    let f = d.find(text);
    let spintax: Vec<_> = f.iter().filter(|f| f.tier == Tier::Spintax).collect();
    assert_eq!(spintax.len(), 2);
    assert_eq!(spintax[0].original(), "dollars");
    assert_eq!(spintax[0].family, Family::Spintax);
    // The brace group wins over the lexicon phrase inside it.
    assert_eq!(&*spintax[1].text, "{final yr}");
    assert_eq!(
        d.reconstruct(text).text,
        "It cost 5 dollars in cancer wards final yr."
    );
}

#[test]
fn fuzzy_tier_is_off_by_default_and_finds_near_misses_when_on() {
    let text = "a model of counterfeit consciusness";
    assert!(fixture_detector().find(text).is_empty());
    let fuzzy = Detector::builder()
        .builtin(false)
        .lexicon(common::fixture())
        .fuzzy(Some(despin::DEFAULT_FUZZY_SIMILARITY))
        .build()
        .unwrap();
    let f = fuzzy.find(text);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].tier, Tier::Fuzzy);
    assert_eq!(f[0].original(), "artificial intelligence");
    assert!(f[0].confidence < 0.95 * despin::weighing::FUZZY_FACTOR + 1e-6);
    // A near miss anchored on its second word yields to an exact phrase starting there:
    // "the correspondence" is one letter from "thz correspondence", but "correspondence"
    // is an entry of its own.
    let made_up = "thz correspondence\tterahertz link\tcustom\t0.9\ncorrespondence\tcommunication\tcustom\t0.9\n";
    let near = Detector::builder()
        .builtin(false)
        .lexicon(despin::Lexicon::from_tsv_str(made_up, "made-up").unwrap())
        .fuzzy(Some(despin::DEFAULT_FUZZY_SIMILARITY))
        .build()
        .unwrap();
    let f = near.find("by the correspondence");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!((&*f[0].text, f[0].tier), ("correspondence", Tier::Exact));
    // A different phrase is not a near miss.
    assert!(fuzzy.find("a model of counterfeit currency").is_empty());
}

#[test]
fn builder_rejects_out_of_range_settings() {
    let bad_fuzzy = Detector::builder().fuzzy(Some(1.5)).build();
    assert!(bad_fuzzy
        .unwrap_err()
        .to_string()
        .contains("fuzzy similarity 1.5"));
    let bad_threshold = Detector::builder().spun_threshold(-0.1).build();
    assert!(bad_threshold.is_err());
}

#[test]
fn detector_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Detector>();
    assert_send_sync::<despin::Lexicon>();
    assert_send_sync::<despin::Report>();
}

/// The evidence a finding marks as rewritten is the words its original does not keep.
#[test]
fn changed_words_are_the_words_the_original_does_not_keep() {
    let lexicon = Lexicon::from_tsv_str(
        "brand new\tnew\tnews-spinner\t0.9\n\
         most cancers\tcancer\tnews-spinner\t0.9\n\
         the assertion learn\tthe statement read\tnews-spinner\t0.9\n\
         in another country\tout of the country\tnews-spinner\t0.9\n",
        "test",
    )
    .expect("valid rows");
    let detector = Detector::builder()
        .builtin(false)
        .lexicon(lexicon)
        .build()
        .expect("detector builds");
    let cases: &[(&str, &[&str])] = &[
        // A kept word is not evidence, in any case.
        ("A brand new console.", &["brand"]),
        ("A Brand New console.", &["Brand"]),
        // Every word of a phrase whose original shares none.
        ("She fought most cancers.", &["most", "cancers"]),
        // Kept words in the middle and at both ends.
        ("Then the assertion learn aloud.", &["assertion", "learn"]),
        ("He studied in another country.", &["in", "another"]),
    ];
    for (text, want) in cases {
        let findings = detector.find(text);
        assert_eq!(findings.len(), 1, "{text}");
        let got: Vec<&str> = findings[0]
            .changed_words()
            .iter()
            .map(|s| &text[s.range()])
            .collect();
        assert_eq!(&got, want, "{text}");
    }
}

/// Where no word differs by key (a spintax leftover), the whole finding is the evidence.
#[test]
fn changed_words_fall_back_to_the_whole_finding() {
    let text = "a work of {hardware} here";
    let findings = Detector::builtin().find(text);
    let spintax = findings
        .iter()
        .find(|f| &*f.text == "{hardware}")
        .expect("the spintax leftover is found");
    assert_eq!(spintax.changed_words(), [spintax.span]);
    // With alternatives too: the braces and every option are replaced.
    let text = "a {big|large} win";
    let findings = Detector::builtin().find(text);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].changed_words(), [findings[0].span]);
    // A hand-made finding whose text is not its span's length cannot be split.
    let mut odd = spintax.clone();
    odd.text = "something else entirely".into();
    assert_eq!(odd.changed_words(), [odd.span]);
}
