//! The generated `unlisted` tier (`data/unlisted.tsv`, `Lexicon::unlisted`,
//! `DetectorBuilder::unlisted`): the shipped file is canonical, its findings carry their own
//! family, it is off by default, and ordinary English stays clean with it on.

use despin::{Detector, Family, Lexicon};
use std::sync::LazyLock;

static WITH_TIER: LazyLock<Detector> =
    LazyLock::new(|| Detector::builder().unlisted(true).build().unwrap());

const FILE: &str = include_str!("../data/unlisted.tsv");

#[test]
fn shipped_file_is_canonical_and_loads() {
    let lex = Lexicon::from_unlisted_str(FILE, "data/unlisted.tsv").unwrap();
    assert!(lex.len() > 1000, "{} rows", lex.len());
    assert!(lex.entries().iter().all(|e| e.family == Family::Unlisted));
    let mut previous: Option<(String, u8, String)> = None;
    for (i, line) in FILE.lines().enumerate() {
        if line.starts_with('#') {
            continue;
        }
        let at = format!("data/unlisted.tsv:{}", i + 1);
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 4, "{at}");
        for word in f[0].split(' ').chain(f[3].split(' ')) {
            assert_eq!(despin::word_keys(word), [word], "{at}: not a key");
        }
        let weight: f32 = f[2].parse().unwrap();
        assert!((0.3..=1.0).contains(&weight), "{at}: weight");
        let subs: Vec<&str> = f[3].split(' ').collect();
        let mut sorted = subs.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(subs, sorted, "{at}: substitutes sorted, unique");
        let key = (f[0].to_owned(), f[1].parse().unwrap(), f[2].to_owned());
        if let Some(p) = &previous {
            assert!(p < &key, "{at}: lines sorted and unique");
        }
        previous = Some(key);
    }
}

#[test]
fn unlisted_is_not_part_of_the_builtin_lexicon_or_the_default_detector() {
    assert!(Lexicon::builtin()
        .entries()
        .iter()
        .all(|e| e.family != Family::Unlisted));
    let line = FILE.lines().find(|l| !l.starts_with('#')).unwrap();
    let f: Vec<&str> = line.split('\t').collect();
    let words: Vec<&str> = f[0].split(' ').collect();
    let sub = f[3].split(' ').next().unwrap();
    let spun = if f[1] == "1" {
        format!("{sub} {}", words[1])
    } else {
        format!("{} {sub}", words[0])
    };
    let text = format!("We looked at the {spun} in this study.");
    assert!(despin::find(&text)
        .iter()
        .all(|f| f.family != Family::Unlisted));
    let found = WITH_TIER.find(&text);
    let hit = found
        .iter()
        .find(|f| f.family == Family::Unlisted)
        .unwrap_or_else(|| panic!("{text:?}: no unlisted finding in {found:?}"));
    assert_eq!(&*hit.text, spun);
    assert_eq!(hit.original(), f[0]);
    assert_eq!(Family::from_label("unlisted"), Family::Unlisted);
    assert_eq!(Family::Unlisted.label(), "unlisted");
}

#[test]
fn a_generated_row_is_a_finding_of_its_own_family_and_is_rewritten_when_strong() {
    let lex = Lexicon::from_unlisted_str("deep learning\t1\t0.9\tprofound\n", "t").unwrap();
    let d = Detector::builder().lexicon(lex).build().unwrap();
    let text = "Models trained with profound learning need data.";
    let f = d.find(text);
    let hit = f.iter().find(|f| f.family == Family::Unlisted).unwrap();
    assert!(hit.accepted);
    assert_eq!(
        d.reconstruct(text).text,
        "Models trained with deep learning need data."
    );
}

#[test]
fn malformed_compact_rows_are_errors_with_the_line() {
    for bad in [
        "deep learning\t3\t0.9\tprofound\n",
        "deep\t1\t0.9\tprofound\n",
        "deep learning\t1\tx\tprofound\n",
        "deep learning\t1\t0.9\n",
        "deep learning\t1\t1.5\tprofound\n",
    ] {
        let e = Lexicon::from_unlisted_str(bad, "bad.tsv").unwrap_err();
        assert!(e.to_string().starts_with("bad.tsv:1"), "{e}");
    }
}

/// Ordinary English, written for this test, that uses words spinners and thesauri also
/// produce: none of it may be rewritten by the tier.
const NORMAL: &[&str] = &[
    "The new policy had a profound impact on small farms across the region.",
    "She mentioned that the power went out twice during the storm last week.",
    "The bank charges a monthly fee for accounts below the minimum balance.",
    "Spherical nanoparticles were dispersed in water and imaged at high resolution.",
    "\"We have made great progress and expect to finish the bridge next spring,\" the mayor said.",
    "John Little and Grace Hope founded the Silver Lake Reading Club in 1998.",
    "The committee will review the proposal and publish its findings in March.",
    "Deep learning models need large data sets and careful evaluation.",
    "The patient reported mild abdominal pain and was sent home with advice to rest.",
    "Heavy rain caused serious damage to roads and bridges in the northern districts.",
    "The software update fixes a security flaw and improves battery life.",
    "Prices rose sharply after the company announced a recall of its popular model.",
    "Researchers found a strong link between sleep quality and memory in older adults.",
    "The team won the final match with a late goal from its youngest player.",
    "Run `cargo build --release` and then copy the binary to /usr/local/bin.",
];

#[test]
fn ordinary_english_stays_clean_with_the_tier_on() {
    for text in NORMAL {
        let rebuilt = WITH_TIER.reconstruct(text);
        assert!(
            rebuilt.edits.iter().all(|e| !WITH_TIER
                .find(text)
                .iter()
                .any(|f| f.span == e.span && f.family == Family::Unlisted)),
            "{text:?} was rewritten by the unlisted tier: {:?}",
            rebuilt.edits
        );
        let accepted: Vec<_> = WITH_TIER
            .find(text)
            .into_iter()
            .filter(|f| f.accepted && f.family == Family::Unlisted)
            .collect();
        assert!(accepted.is_empty(), "{text:?}: {accepted:?}");
    }
}
