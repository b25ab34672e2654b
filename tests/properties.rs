//! Property tests: span invariants and identity on text with nothing to fix, for any input.

mod common;

use common::invariants::check_invariants;

use proptest::prelude::*;

/// Text built from lexicon words, spinner artifacts and awkward characters, so that
/// findings actually occur (random strings alone almost never hit the lexicon).
fn spunish_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "most cancers",
        "Spherical",
        "of talks",
        "final yr",
        "power",
        "fee",
        "mentioned",
        "coached",
        "assertions",
        "reminiscent of",
        "international locations",
        "{dollars}",
        "{a|b}",
        "{",
        "}",
        "|",
        "“",
        "”",
        "\"",
        "’",
        "\u{a0}",
        "\u{200d}",
        "é",
        "\u{301}",
        "😀",
        "U.S.",
        "3.5",
        "-",
        "—",
        "\n",
        " ",
        ".",
        ",",
        "the",
        "Xbox Sequence X",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn spans_are_valid_for_any_string(text in any::<String>()) {
        check_invariants(despin::Detector::builtin(), &text);
    }

    #[test]
    fn spans_are_valid_for_spunish_text(text in spunish_text()) {
        check_invariants(despin::Detector::builtin(), &text);
        check_invariants(&common::fixture_detector(), &text);
    }

    #[test]
    fn tokens_are_sorted_and_disjoint(text in any::<String>()) {
        let tokens = despin::tokenize(&text);
        for pair in tokens.windows(2) {
            prop_assert!(pair[0].span.end <= pair[1].span.start);
        }
    }
}
