//! Hardening: invariants for any input, convergence, determinism across threads, and
//! adversarial inputs (huge, tiny, binary-ish, mixed-script, brace soup, hostile lexicons).
//! Every sentence and lexicon row here was written for this test.

mod common;

use common::invariants::check_invariants;

use despin::{Detector, Error, Family, Lexicon, Tier};
use proptest::prelude::*;

/// Byte ranges of the reconstruction that its edits wrote.
fn written_ranges(rebuilt: &despin::Reconstruction) -> Vec<std::ops::Range<usize>> {
    let mut delta: isize = 0;
    rebuilt
        .edits
        .iter()
        .map(|e| {
            let start = (e.span.start as isize + delta) as usize;
            delta += e.original.len() as isize - e.spun.len() as isize;
            start..start + e.original.len()
        })
        .collect()
}

/// Text made of built-in spun phrases, their originals, fillers and awkward characters.
fn lexicon_soup() -> impl Strategy<Value = String> {
    let lex = Lexicon::builtin();
    let mut pieces: Vec<String> = lex.entries().iter().map(|e| e.spun.clone()).collect();
    pieces.extend(lex.entries().iter().map(|e| e.original.clone()));
    for p in [
        "the", "and", "it", "was", ".", ",", "\"", "“", "”", "{x}", "{a|b}", "{", "}", "|", "\n",
        "\u{200d}", "\u{301}", "\u{0}", "\u{7}", "\u{202e}", "שלום", "pаyment", "Μost", "сор",
        "😀", "’", "\u{a0}",
    ] {
        pieces.push(p.to_owned());
    }
    let seps = prop::sample::select(vec![" ", " ", " ", "", "\n", ", "]);
    prop::collection::vec((prop::sample::select(pieces), seps), 0..50)
        .prop_map(|v| v.into_iter().flat_map(|(p, s)| [p, s.to_owned()]).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn invariants_hold_for_any_string(text in any::<String>()) {
        check_invariants(Detector::builtin(), &text);
    }

    #[test]
    fn invariants_hold_for_lexicon_soup(text in lexicon_soup()) {
        check_invariants(Detector::builtin(), &text);
        check_invariants(&common::fixture_detector(), &text);
    }

    /// Convergence: reconstruction never makes untouched text look spun. Re-detecting the
    /// reconstruction accepts nothing outside the spans the first pass wrote; what it may
    /// still accept at a rewrite is a lexicon chain (an original next to its neighbours
    /// forming another spun phrase), which the one-pass design deliberately does not follow.
    #[test]
    fn second_pass_accepts_only_at_rewrites(text in lexicon_soup()) {
        let d = Detector::builtin();
        let first = d.reconstruct(&text);
        let written = written_ranges(&first);
        for f in d.find(&first.text).iter().filter(|f| f.accepted) {
            prop_assert!(
                written.iter().any(|w| w.start < f.span.end && f.span.start < w.end),
                "{:?} accepted in untouched text of {:?} (from {:?})", f.text, first.text, text
            );
        }
    }

    /// With a lexicon without chains (no original contains or touches a spun phrase),
    /// a second pass changes nothing.
    #[test]
    fn second_pass_is_identity_without_chains(text in lexicon_soup()) {
        let d = common::fixture_detector();
        let once = d.reconstruct(&text).text;
        let twice = d.reconstruct(&once).text;
        prop_assert_eq!(twice, once);
    }
}

#[test]
fn known_original_phrases_are_not_rewritten_inside() {
    let lexicon = Lexicon::from_tsv_str(
        "power\tenergy\tnews-spinner\t0.6\nrings of energy\trings of power\tnews-spinner-names\t0.95\nmost cancers\tcancer\tnews-spinner\t0.95\n",
        "chain.tsv",
    )
    .unwrap();
    let d = Detector::builder()
        .builtin(false)
        .lexicon(lexicon)
        .build()
        .unwrap();
    let text = "Most cancers news: The Rings of Power returns, and power use rose.";
    let once = d.reconstruct(text);
    assert_eq!(
        once.text,
        "Cancer news: The Rings of Power returns, and energy use rose."
    );
    assert_eq!(d.reconstruct(&once.text).text, once.text);
}

#[test]
fn output_is_deterministic_across_runs_and_threads() {
    let inputs: Vec<String> = (0..24)
        .map(|i| {
            format!(
                "Item {i}: the minister mentioned a 3rd spherical of talks final yr; “fee” {{big|large}} pаyment {}",
                "most cancers and international locations ".repeat(i % 5)
            )
        })
        .collect();
    let expected: Vec<_> = inputs.iter().map(|t| despin::analyze(t)).collect();
    let again: Vec<_> = inputs.iter().map(|t| despin::analyze(t)).collect();
    assert_eq!(again, expected);
    let fresh = Detector::builder().build().unwrap();
    for threads in [2, 3, 8] {
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads)
                .map(|k| {
                    let (inputs, fresh) = (&inputs, &fresh);
                    s.spawn(move || {
                        // Each thread walks the inputs in its own order.
                        let mut out = vec![None; inputs.len()];
                        for j in 0..inputs.len() {
                            let i = (j * (k + 1) + k) % inputs.len();
                            let d = if k % 2 == 0 {
                                Detector::builtin()
                            } else {
                                fresh
                            };
                            out[i] = Some(d.analyze(&inputs[i]));
                        }
                        out
                    })
                })
                .collect();
            for h in handles {
                let out = h.join().expect("thread does not panic");
                for (i, r) in out.into_iter().enumerate() {
                    if let Some(r) = r {
                        assert_eq!(r, expected[i], "input {i} with {threads} threads");
                    }
                }
            }
        });
    }
}

#[test]
fn empty_and_whitespace_only() {
    for text in ["", " ", "\n\n\n", "\t \r\n\u{a0}\u{2003}\u{3000}\u{2028}"] {
        let report = despin::analyze(text);
        assert!(report.findings.is_empty());
        assert_eq!(report.score.words, 0);
        assert!(!report.score.spun);
        assert_eq!(despin::reconstruct(text).text, text);
    }
}

#[test]
fn one_fifty_megabyte_line() {
    // ~1 KB of clean prose with one spun phrase, repeated to 50 MB without a line break.
    let unit = format!(
        "{} the figures were most cancers ",
        "plain words of ordinary news prose ".repeat(28)
    );
    let n = 50_000_000 / unit.len();
    let text = unit.repeat(n);
    assert!(text.len() > 49_000_000 && !text.contains('\n'));
    let report = despin::analyze(&text);
    let spun: Vec<_> = report
        .findings
        .iter()
        .filter(|f| &*f.text == "most cancers")
        .collect();
    assert_eq!(spun.len(), n);
    assert!(spun.iter().all(|f| f.accepted));
    let rebuilt = report.reconstruct(&text);
    assert_eq!(
        rebuilt.text.len(),
        text.len() - n * ("most cancers".len() - "cancer".len())
    );
    assert!(rebuilt
        .text
        .starts_with(&unit.replace("most cancers", "cancer")));
}

#[test]
fn one_million_tiny_lines() {
    let mut text = String::with_capacity(4_000_000);
    for i in 0..1_000_000 {
        text.push_str(match i % 4 {
            0 => "a\n",
            1 => "\n",
            2 => "ok.\n",
            _ => {
                if i % 1000 == 3 {
                    "final yr\n"
                } else {
                    "x\n"
                }
            }
        });
    }
    let report = despin::analyze(&text);
    let spun = report
        .findings
        .iter()
        .filter(|f| &*f.text == "final yr")
        .count();
    assert_eq!(spun, 1000);
    let rebuilt = despin::reconstruct(&text);
    assert_eq!(rebuilt.text.matches('\n').count(), 1_000_000);
    assert_eq!(rebuilt.text.matches("last year\n").count(), 1000);
}

#[test]
fn nul_and_control_characters() {
    let mut text = String::from("\0start\u{1}\u{7}\u{8}\u{b}\u{c}\u{1b}[31m \u{7f}\u{85}");
    text.push_str("most cancers\0final yr\u{1}then\r\n\u{2028}end\0");
    check_invariants(Detector::builtin(), &text);
    let found: Vec<String> = despin::find(&text)
        .into_iter()
        .map(|f| f.text.to_string())
        .collect();
    assert!(found.contains(&"most cancers".to_owned()), "{found:?}");
    assert!(found.contains(&"final yr".to_owned()), "{found:?}");
    let rebuilt = despin::reconstruct(&text).text;
    assert!(rebuilt.starts_with("\0start\u{1}\u{7}"));
    assert!(rebuilt.contains("cancer\0last year\u{1}then\r\n"));
    // Control characters alone: no words, nothing found, nothing changed.
    let junk: String = (0u8..0x20)
        .chain([0x7f])
        .map(char::from)
        .collect::<String>()
        .repeat(100);
    assert!(despin::tokenize(&junk).is_empty());
    assert_eq!(despin::reconstruct(&junk).text, junk);
}

#[test]
fn combining_marks_stay_with_their_letters() {
    // A combining acute inside a word is part of it: that word no longer matches.
    let text = "cafe\u{301} news: most cancers fell; mo\u{301}st cancers did not";
    let words: Vec<&str> = despin::tokenize(text)
        .iter()
        .map(|t| &text[t.span.range()])
        .collect();
    assert_eq!(words[0], "cafe\u{301}");
    assert!(words.contains(&"mo\u{301}st"));
    let found: Vec<String> = despin::find(text)
        .into_iter()
        .map(|f| f.text.to_string())
        .collect();
    assert_eq!(
        found.iter().filter(|t| t.contains("cancers")).count(),
        1,
        "{found:?}"
    );
    let rebuilt = despin::reconstruct(text).text;
    assert_eq!(
        rebuilt,
        "cafe\u{301} news: cancer fell; mo\u{301}st cancers did not"
    );
    // A string of nothing but combining marks is not a word.
    assert!(despin::tokenize("\u{301}\u{302}\u{303}").is_empty());
}

#[test]
fn zero_width_joiners_inside_words_are_seen_through() {
    let text = "Rates of mo\u{200d}st can\u{200b}cers fell fi\u{ad}nal yr.";
    let found = despin::find(text);
    let texts: Vec<&str> = found.iter().map(|f| &*f.text).collect();
    assert_eq!(texts, ["mo\u{200d}st can\u{200b}cers", "fi\u{ad}nal yr"]);
    assert_eq!(
        despin::reconstruct(text).text,
        "Rates of cancer fell last year."
    );
}

#[test]
fn right_to_left_text_is_kept_byte_for_byte() {
    let text = "\u{202b}שלום עולם\u{202c} مرحبا بالعالم \u{200f}most cancers\u{200e} final yr \u{202e}txet desrever\u{202c}";
    check_invariants(Detector::builtin(), text);
    let rebuilt = despin::reconstruct(text).text;
    assert_eq!(
        rebuilt,
        "\u{202b}שלום עולם\u{202c} مرحبا بالعالم \u{200f}cancer\u{200e} last year \u{202e}txet desrever\u{202c}"
    );
    let rtl_only = "שלום עולם. مرحبا بالعالم.";
    assert!(despin::find(rtl_only).is_empty());
}

#[test]
fn greek_and_cyrillic_look_alikes_are_findings() {
    // Cyrillic а in "pаyment", Greek Ο in "gΟod", Cyrillic о in "mоst" (then a lexicon phrase).
    let text = "The pаyment was gΟod, and mоst cancers fell.";
    let report = despin::analyze(text);
    let found: Vec<(&str, &str, Tier)> = report
        .findings
        .iter()
        .map(|f| (&*f.text, f.original(), f.tier))
        .collect();
    assert_eq!(
        found,
        [
            ("pаyment", "payment", Tier::Homoglyph),
            ("gΟod", "gOod", Tier::Homoglyph),
            ("mоst cancers", "cancer", Tier::Exact),
        ]
    );
    let masked = &report.findings[0];
    assert!(masked.accepted);
    assert_eq!(masked.family, Family::Homoglyph);
    assert_eq!(masked.family.label(), "homoglyph");
    assert_eq!(
        despin::reconstruct(text).text,
        "The payment was gOod, and cancer fell."
    );
    // Real Greek and Cyrillic words, science notation and mixed compounds are left alone.
    for clean in [
        "Москва и Афины",
        "Η Αθήνα",
        "NF-κB and α-helix",
        "IT-сектор",
        "μm scale",
    ] {
        assert!(despin::find(clean).is_empty(), "{clean}");
    }
    // Inside a quotation a masked word is reported but, like every quoted finding, kept.
    // (Five words or more: shorter quotations are titles and count as narrative.)
    let quoted = "He wrote “the pаyment is due today” there.";
    let f = &despin::find(quoted)[0];
    assert!(f.in_quote && !f.accepted);
    assert_eq!(despin::reconstruct(quoted).text, quoted);
}

#[test]
fn brace_and_bar_soup() {
    // 1 MB of braces, bars and short words in a repeating pattern.
    let pattern = [
        "{",
        "}",
        "|",
        "{a|b}",
        "{{",
        "}}",
        "||",
        " ",
        "x",
        "{dollars}",
        "{|}",
        "{a{b}c}",
        "most cancers",
    ];
    let mut text = String::new();
    let mut i = 0usize;
    while text.len() < 1_000_000 {
        text.push_str(pattern[(i * 7 + i / 13) % pattern.len()]);
        i += 1;
    }
    check_invariants(Detector::builtin(), &text);
    let braces = "{".repeat(2_000_000);
    let report = despin::analyze(&braces);
    assert!(report.findings.is_empty());
    let groups = "{a|b} ".repeat(200_000);
    let found = despin::find(&groups);
    assert_eq!(found.len(), 200_000);
    assert!(found.iter().all(|f| f.tier == Tier::Spintax));
    // Glued to each other they are markup arguments, not leftovers.
    assert!(despin::find(&"{a|b}".repeat(200_000)).is_empty());
}

#[test]
fn lexicon_with_cycles_loads_and_rewrites_in_one_pass() {
    let lexicon = Lexicon::from_tsv_str(
        "alpha\tbeta\tcustom\t0.9\nbeta\talpha\tcustom\t0.9\nx one\ty two\tcustom\t0.9\ny two\tz three\tcustom\t0.9\nz three\tx one\tcustom\t0.9\n",
        "cycle.tsv",
    )
    .unwrap();
    assert_eq!(lexicon.len(), 5);
    let d = Detector::builder()
        .builtin(false)
        .lexicon(lexicon)
        .build()
        .unwrap();
    // One pass, no chasing of chains: each word becomes its listed original once.
    let r = d.reconstruct("alpha beta x one y two z three");
    assert_eq!(r.text, "beta alpha y two z three x one");
    assert_eq!(r.edits.len(), 5);
}

#[test]
fn duplicate_rows_keep_one_entry_and_distinct_originals_stay_candidates() {
    let lexicon = Lexicon::from_tsv_str(
        "fee\trate\tnews-spinner\t0.4\nfee\trate\tnews-spinner\t0.8\nFEE\tRate\tnews-spinner\t0.9\nfee\tcharge\tnews-spinner\t0.5\nfee\trate\tnews-spinner\t0.9\n",
        "dup.tsv",
    )
    .unwrap();
    assert_eq!(lexicon.len(), 2, "(spun, original) pairs are unique by key");
    assert_eq!(lexicon.entries()[0].weight, 0.9, "the last duplicate wins");
    let d = Detector::builder()
        .builtin(false)
        .lexicon(lexicon)
        .build()
        .unwrap();
    let f = &d.find("the fee")[0];
    let originals: Vec<&str> = f.candidates.iter().map(|c| &*c.original).collect();
    assert_eq!(originals, ["rate", "charge"]);
}

#[test]
fn empty_sides_are_errors_naming_line_and_field() {
    let cases = [
        ("ok\tfine\n\tright\n", 2, Some(1)),
        ("ok\tfine\nleft\t\n", 2, Some(2)),
        ("ok\tfine\n# c\n  \t x\n", 3, Some(1)),
        ("{}\t|\n", 1, Some(1)),
        ("word\t...\n", 1, Some(2)),
    ];
    for (tsv, want_line, want_column) in cases {
        match Lexicon::from_tsv_str(tsv, "sides.tsv") {
            Err(Error::Lexicon {
                source_name,
                line,
                column,
                ..
            }) => {
                assert_eq!(
                    (source_name.as_str(), line, column),
                    ("sides.tsv", want_line, want_column),
                    "{tsv:?}"
                );
            }
            other => panic!("{tsv:?}: expected a lexicon error, got {other:?}"),
        }
    }
    // A line of only tabs and spaces is a blank line, not a row with two empty sides.
    assert!(Lexicon::from_tsv_str("\t\n \t \n", "blank.tsv")
        .unwrap()
        .is_empty());
}

#[test]
fn one_million_rows_load_and_build() {
    let mut tsv = String::with_capacity(40_000_000);
    for i in 0..1_000_000u32 {
        // Distinct two-word spun phrases over a 1000-word vocabulary.
        tsv.push_str(&format!(
            "w{} v{}\to{}\tcustom\t0.9\n",
            i % 1000,
            i / 1000,
            i
        ));
    }
    let lexicon = Lexicon::from_tsv_str(&tsv, "big.tsv").unwrap();
    assert_eq!(lexicon.len(), 1_000_000);
    let d = Detector::builder()
        .builtin(false)
        .lexicon(lexicon)
        .build()
        .unwrap();
    let text = "noise w7 v3 noise W999 V999 end";
    let r = d.reconstruct(text);
    assert_eq!(r.text, "noise o3007 noise O999999 end");
    if let Some(peak) = peak_rss_mb() {
        // The whole test binary shares this figure, so the bound is generous.
        assert!(peak < 6_000, "peak RSS {peak} MB");
    }
}

/// Peak resident memory of this process in MB, where the OS reports it.
fn peak_rss_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

#[test]
fn every_construction_failure_is_an_error_with_context() {
    // Missing file: an I/O error naming the path.
    let err = Lexicon::load("/nonexistent/dir/lexicon.tsv").unwrap_err();
    assert!(matches!(err, Error::Io { .. }));
    assert!(
        err.to_string()
            .starts_with("/nonexistent/dir/lexicon.tsv: "),
        "{err}"
    );
    assert!(std::error::Error::source(&err).is_some());
    // A directory is not a lexicon either.
    let err = Lexicon::load(std::env::temp_dir()).unwrap_err();
    assert!(
        err.to_string()
            .contains(&std::env::temp_dir().display().to_string()),
        "{err}"
    );
    // Invalid UTF-8 names the line and the byte.
    let err =
        Lexicon::from_tsv_reader(&b"ok\tfine\nbad\xed\xa0\x80\tx\n"[..], "bytes.tsv").unwrap_err();
    assert_eq!(
        err.to_string(),
        "bytes.tsv:2: invalid UTF-8 at byte 4 of the line"
    );
    // Serde input is validated entry by entry.
    let err = serde_json::from_str::<Lexicon>(
        r#"{"entries":[{"spun":"a","original":"b","family":"custom","weight":0.5},{"spun":"c","original":"d","family":"custom","weight":7.0}]}"#,
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("<serde>:2: field 4: weight 7 is outside"),
        "{err}"
    );
    // Entries built in code.
    let err = despin::Entry::new("same", "SAME", Family::custom(), 0.5).unwrap_err();
    assert!(err.to_string().contains("field 2: identity pair"), "{err}");
    let err = despin::Entry::new("a", "b", Family::custom(), f32::INFINITY).unwrap_err();
    assert!(err.to_string().contains("field 4"), "{err}");
    // Out-of-range settings.
    for builder in [
        Detector::builder().fuzzy(Some(0.0)),
        Detector::builder().fuzzy(Some(f32::NAN)),
        Detector::builder().spun_threshold(1.5),
        Detector::builder().spun_threshold(f64::NAN),
    ] {
        let err = builder.build().unwrap_err();
        assert!(matches!(err, Error::Config { .. }), "{err}");
        assert!(
            err.to_string().starts_with("invalid detector setting: "),
            "{err}"
        );
    }
}

#[test]
fn hand_made_findings_never_make_reconstruction_panic() {
    let text = "naïve text";
    let mut f = despin::find("most cancers")[0].clone();
    // From another text: out of range, inside a char, and with no candidate at all.
    let mut out_of_range = f.clone();
    out_of_range.span = despin::Span::new(5, 500);
    let mut mid_char = f.clone();
    mid_char.span = despin::Span::new(3, 4);
    f.candidates = Vec::new().into();
    f.span = despin::Span::new(0, 5);
    assert_eq!(f.original(), "most cancers");
    let r = despin::Reconstruction::apply(text, &[f, mid_char, out_of_range]);
    assert_eq!(r.text, text);
    assert!(r.edits.is_empty());
}

#[test]
fn non_ascii_letters_before_inflection_suffixes_do_not_panic() {
    // Found by the `detect_lexicon` fuzz target: a multibyte letter right before `-ed` /
    // `-ing` made the inflection analyser slice inside a char.
    let lexicon = Lexicon::from_tsv_str(
        "spmentiаed\tsaid\ncaféing\tdrinking\nnaïveed\tx y\nmañanaing\tlater\n",
        "inflect.tsv",
    )
    .unwrap();
    let d = Detector::builder()
        .builtin(false)
        .lexicon(lexicon)
        .build()
        .unwrap();
    let text = "spmentiаed caféing naïveed mañanaing spmentiаing caféed";
    check_invariants(&d, text);
    assert!(d.find(text).len() >= 4);
}

/// Found by fuzzing (`fuzz/REPORT.md`, target `tsv`): a word whose case folding uncovers a
/// look-alike letter (the Kelvin sign `K` folds to Latin `k` beside a Cyrillic `а`; the
/// Cyrillic capital `У` folds to `у`, a look-alike) had a key whose own key differed, so a
/// context word did not survive writing and reloading a lexicon.
#[test]
fn keys_are_stable_when_case_folding_uncovers_a_look_alike() {
    for word in [
        "\u{212a}\u{430}",
        "Уoung",
        "\u{212b}\u{430}",
        "ҺELLO",
        "Ԝorld",
    ] {
        let key = despin::word_keys(word);
        assert_eq!(despin::word_keys(&key.join(" ")), key, "{word:?}");
    }
    let lexicon = Lexicon::from_tsv_str("a\tb\t\t\t\u{212a}\u{430}\n", "fuzz").unwrap();
    let again = Lexicon::from_tsv_str(&lexicon.to_tsv(), "again").unwrap();
    assert_eq!(again, lexicon);
    // A capital look-alike whose small letter is in the table is unmasked like the rest.
    let rebuilt = despin::reconstruct("He said the Уoung man left.");
    assert_eq!(rebuilt.text, "He said the Young man left.");
}

/// Found by the `tsv` fuzz target (session 6): a context word whose key is not one word
/// (`ʼ` keys to `'`; `İ-s` folds to a dotted `i` that no longer joins the hyphen) was kept,
/// written by `to_tsv`, and refused when read back.
#[test]
fn context_words_whose_key_tokenizes_differently_round_trip() {
    for row in ["a\tb\t\t\t\u{2bc}\n", "a\tb\t\t\t\u{130}-s\n"] {
        // Either the row is refused at the first load, or what it writes loads back equal.
        if let Ok(lex) = despin::Lexicon::from_tsv_str(row, "x") {
            let again = despin::Lexicon::from_tsv_str(&lex.to_tsv(), "again");
            assert_eq!(again.ok().as_ref(), Some(&lex), "{row:?}");
        }
    }
}
