//! A long text read in slices ([`despin::LongText`]) gives exactly what the whole text
//! gives: the same findings (spans, candidates, confidences, acceptance), the same score
//! and sections, and the same reconstruction, whatever the slice size.

mod common;

use common::cli::run;
use common::rng::Rng;
use despin::{Detector, Finding, Lexicon, LongTextError, RewriteScope, Score, TextCensus};

/// Sentences written for this test: plain ones, and ones with phrases the built-in
/// lexicon knows, spintax leftovers and non-ASCII.
const SENTENCES: &[&str] = &[
    "The council met on Tuesday evening to discuss the new bus timetable.",
    "She walked the dog along the river before the rain started.",
    "The library will close for two weeks while the roof is repaired.",
    "Prices at the market were higher than last month, especially for eggs.",
    "The town council mentioned it had agreed a spherical of talks with dad and mom.",
    "The assertion learn that gross sales rose 3.5% final yr.",
    "Officers mentioned the undertaking would value 12 million {dollars}.",
    "Individuals have been requested to {keep|stay} inside because of the warmth.",
    "A spokesperson for the hospital said the new wing would open next year.",
    "Café owners in Zürich said the ﬁrst week was quiet — “nobody came”.",
    "The analysis discovered that most cancers charges fell among the many aged.",
    "Counterfeit consciousness and profound learning were discussed at {length}.",
];

/// A generated text of about `words` words: sentences in paragraphs, quotations that may
/// run over a line break or stay open, a line of several thousand words now and then,
/// Windows line ends in some texts, and, when `braces` is set, single-option brace groups
/// dense enough to be a markup convention.
fn text(seed: u64, words: usize, braces: bool) -> String {
    let mut rng = Rng(seed);
    let crlf = rng.below(4) == 0;
    let mut out = String::new();
    let mut count = 0;
    let mut long_line = 0;
    while count < words {
        let s = SENTENCES[rng.below(SENTENCES.len())];
        match rng.below(12) {
            0 => out.push_str(&format!("\"{s} ")),
            1 => out.push_str(&format!("“{s}” ")),
            2 => out.push_str(&format!("{s}\" ")),
            _ => {
                out.push_str(s);
                out.push(' ');
            }
        }
        if braces && rng.below(3) == 0 {
            out.push_str("{term} ");
        }
        count += s.split_whitespace().count();
        if long_line > 0 {
            long_line -= 1;
            continue;
        }
        match rng.below(40) {
            0 => long_line = 300,
            1..=6 => out.push_str(if crlf { "\r\n" } else { "\n" }),
            7..=8 => out.push_str(if crlf { "\r\n\r\n" } else { "\n\n" }),
            _ => {}
        }
    }
    out
}

/// Everything the slices hand over, put together.
struct Sliced {
    findings: Vec<Finding>,
    reconstructed: String,
    score: Score,
    regions: usize,
}

fn sliced(detector: &Detector, text: &str, slice_bytes: usize) -> Sliced {
    let census = TextCensus::of_str(text);
    assert_eq!(
        TextCensus::of_reader(text.as_bytes()).unwrap(),
        census,
        "the census of a reader is that of the string"
    );
    let mut findings = Vec::new();
    let mut rebuilt = Vec::new();
    let mut copied_to = 0;
    let mut regions = 0;
    let mut next_start = 0;
    let score = detector
        .long_text()
        .slice_bytes(slice_bytes)
        .analyze(text.as_bytes(), &census, |region| {
            assert_eq!(region.start, next_start, "regions tile the text");
            assert_eq!(
                region.text,
                &text[region.start..region.start + region.text.len()]
            );
            next_start = region.start + region.text.len();
            regions += 1;
            findings.extend_from_slice(region.findings);
            region.write_reconstructed(&mut rebuilt, &mut copied_to)
        })
        .unwrap();
    assert_eq!(next_start, text.len(), "the regions cover the text");
    Sliced {
        findings,
        reconstructed: String::from_utf8(rebuilt).unwrap(),
        score,
        regions,
    }
}

fn assert_same(detector: &Detector, text: &str, slice_bytes: usize, what: &str) -> usize {
    let whole = detector.analyze(text);
    let got = sliced(detector, text, slice_bytes);
    assert_eq!(
        got.findings.len(),
        whole.findings.len(),
        "{what}, slices of {slice_bytes} bytes: number of findings"
    );
    for (a, b) in got.findings.iter().zip(&whole.findings) {
        assert_eq!(a, b, "{what}, slices of {slice_bytes} bytes");
    }
    assert_eq!(
        got.score, whole.score,
        "{what}, slices of {slice_bytes} bytes"
    );
    assert_eq!(
        got.reconstructed,
        whole.reconstruct(text).text,
        "{what}, slices of {slice_bytes} bytes"
    );
    got.regions
}

fn detectors() -> Vec<(&'static str, Detector)> {
    let long_phrase = Lexicon::from_tsv_str(
        "a very long spun phrase that goes on for many words of the text\tshort\tthesaurus\t0.9\n\
         spherical\tround\tthesaurus\t0.5\n",
        "test",
    )
    .unwrap();
    vec![
        ("built-in", Detector::builder().build().unwrap()),
        (
            "rewrite only spun",
            Detector::builder().rewrite_only_spun(true).build().unwrap(),
        ),
        (
            "rewrite everywhere",
            Detector::builder()
                .rewrite_scope(despin::RewriteScope::Everywhere)
                .build()
                .unwrap(),
        ),
        (
            "no passage acceptance, no context",
            Detector::builder()
                .passage_acceptance(None)
                .context(false)
                .build()
                .unwrap(),
        ),
        (
            "fuzzy, stemming, a long phrase",
            Detector::builder()
                .lexicon(long_phrase)
                .fuzzy(Some(0.85))
                .stemming(true)
                .build()
                .unwrap(),
        ),
    ]
}

#[test]
fn slices_give_what_the_whole_text_gives() {
    let detectors = detectors();
    for seed in 0..6u64 {
        let text = text(seed, 6_000 + 1_500 * seed as usize, seed % 3 == 2);
        for (name, detector) in &detectors {
            for slice_bytes in [1, 3_000, 20_000] {
                let regions = assert_same(
                    detector,
                    &text,
                    slice_bytes,
                    &format!("{name}, text {seed}"),
                );
                assert!(
                    regions > 1,
                    "{name}, text {seed}: read in more than one slice"
                );
            }
        }
    }
}

#[test]
fn every_rewrite_scope_is_applied_section_by_section() {
    // Sections that read as spun (dense swaps) between sections that do not (one strong
    // swap and one weak word it supports): the scopes rewrite different findings, and the
    // slices must agree with the whole text under each.
    let lexicon = Lexicon::from_tsv_str(
        "assertion\tstatement\tnews-spinner\t0.8\nmentioned\tsaid\tnews-spinner\t0.6\n\
         most cancers\tcancer\tnews-spinner\t0.95\nfinal yr\tlast year\tnews-spinner\t0.95\n",
        "scope.tsv",
    )
    .unwrap();
    let clean = format!(
        "The assertion mentioned the plan.\n{}",
        "The council met to talk about the roads.\n".repeat(40)
    );
    let spun =
        "Most cancers fell final yr, the assertion mentioned, and most cancers rose final yr.\n"
            .repeat(25);
    let text = format!("{clean}{spun}{clean}{spun}{clean}").repeat(3);
    let mut rewritten = Vec::new();
    for scope in [
        RewriteScope::Everywhere,
        RewriteScope::ConfidentOrSpun,
        RewriteScope::SpunPassages,
    ] {
        let detector = Detector::builder()
            .builtin(false)
            .lexicon(lexicon.clone())
            .context(false)
            .rewrite_scope(scope)
            .build()
            .unwrap();
        for slice_bytes in [700, 4_000, 20_000] {
            let regions = assert_same(&detector, &text, slice_bytes, &format!("{scope:?}"));
            assert!(regions > 1, "{slice_bytes}: read in {regions} slice(s)");
        }
        let report = detector.analyze(&text);
        rewritten.push(report.findings.iter().filter(|f| f.accepted).count());
    }
    // The text exercises the scopes: each takes back more than the one before.
    assert!(
        rewritten[0] > rewritten[1] && rewritten[1] > rewritten[2],
        "{rewritten:?}"
    );
}

#[test]
fn short_texts_and_texts_without_line_breaks() {
    let detector = Detector::builtin();
    // Shorter than one slice: the ordinary analysis, one region.
    let short = text(11, 400, false);
    assert_eq!(assert_same(detector, &short, 1 << 20, "short"), 1);
    // Empty.
    assert_eq!(assert_same(detector, "", 100, "empty"), 1);
    // One line of 9,000 words: read whole, as one slice.
    let one_line = text(12, 9_000, false).replace(['\n', '\r'], " ");
    assert_eq!(assert_same(detector, &one_line, 2_000, "one line"), 1);
    // Lines of about 3,000 words, longer than a slice: a slice that holds no line start
    // where the next should begin is read further (and its settled part handed over).
    let mut long_lines = String::new();
    for (i, word) in text(14, 12_000, false).split_whitespace().enumerate() {
        long_lines.push_str(word);
        long_lines.push(if i % 3_000 == 2_999 { '\n' } else { ' ' });
    }
    assert!(assert_same(detector, &long_lines, 2_000, "long lines") > 2);
    // A text that ends in the middle of a quotation and without a line break.
    let mut open_quote = text(13, 5_000, false);
    open_quote.push_str("\"He mentioned the spherical of talks would");
    assert_same(detector, &open_quote, 2_500, "open quotation at the end");
}

#[test]
fn phrases_matched_across_a_slice_start_stay_matched() {
    // Matching is leftmost-longest and resumes after each match, and phrases match across
    // line breaks: in "many many many ...", which pairs of words match depends on every
    // match before. A slice must start where the whole text's scan stands.
    let detector = Detector::builtin();
    let runs = "many many many many many many many\n".repeat(3_000);
    assert!(detector
        .analyze(&runs)
        .findings
        .iter()
        .any(|f| f.text.contains('\n')));
    for slice_bytes in [2_000, 5_000] {
        assert_same(detector, &runs, slice_bytes, "runs of a two-word phrase");
    }
    let lexicon = Lexicon::from_tsv_str(
        "alpha beta\tone\tthesaurus\t0.9\nbeta alpha\ttwo\tthesaurus\t0.9\n",
        "test",
    )
    .unwrap();
    let alternating = Detector::builder().lexicon(lexicon).build().unwrap();
    let mut text = String::new();
    for i in 0..20_000 {
        text.push_str(if i % 2 == 0 { "alpha" } else { "beta" });
        text.push(if i % 7 == 6 { '\n' } else { ' ' });
    }
    for slice_bytes in [1_000, 3_000] {
        assert_same(&alternating, &text, slice_bytes, "alternating phrases");
    }
}

#[test]
fn the_markup_rule_is_decided_on_the_whole_text() {
    // Single-option groups dense at the start only: the whole text is below the rule's
    // density, while the first slices alone are above it.
    let mut text = String::new();
    for _ in 0..10 {
        text.push_str("See {term} and {other} here.\n");
    }
    let mut rng = Rng(21);
    let plain: Vec<&str> = SENTENCES
        .iter()
        .copied()
        .filter(|s| !s.contains('{'))
        .collect();
    for i in 0..1_200 {
        text.push_str(plain[rng.below(plain.len())]);
        text.push_str(if i % 7 == 6 { "\n" } else { " " });
    }
    let detector = Detector::builtin();
    let whole = detector.analyze(&text);
    assert!(
        whole.findings.iter().any(|f| &*f.text == "{term}"),
        "the groups count on the whole text"
    );
    assert_same(detector, &text, 1_000, "dense braces at the start");
}

#[test]
fn bad_input_is_reported_with_its_place() {
    let mut bytes = text(31, 3_000, false).into_bytes();
    let lines_before = bytes[..5_000].iter().filter(|&&b| b == b'\n').count();
    bytes[5_000] = 0xff;
    let line_start = bytes[..5_000]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    match TextCensus::of_reader(&bytes[..]) {
        Err(LongTextError::InvalidUtf8 { line, byte }) => {
            assert_eq!((line, byte), (lines_before + 1, 5_000 - line_start + 1));
        }
        other => panic!("expected invalid UTF-8, got {other:?}"),
    }
    // A text that is not the one the census read.
    let good = text(32, 3_000, false);
    let census = TextCensus::of_str(&good);
    let shorter = &good[..good.len() - 10];
    let err = Detector::builtin()
        .long_text()
        .slice_bytes(500)
        .analyze(shorter.as_bytes(), &census, |_| Ok(()))
        .unwrap_err();
    assert!(matches!(err, LongTextError::Changed), "{err}");
    // Conditions hold on whole documents: refused, not answered differently.
    let mut lexicon = Lexicon::new();
    lexicon
        .push(
            despin::Entry::new(
                "bosom peril",
                "breast cancer",
                despin::Family::TorturedScience,
                0.95,
            )
            .unwrap()
            .with_condition(despin::Condition::parse("\"bosom peril\" AND screening").unwrap()),
        )
        .unwrap();
    let conditional = Detector::builder().lexicon(lexicon).build().unwrap();
    let err = conditional
        .long_text()
        .analyze(good.as_bytes(), &census, |_| Ok(()))
        .unwrap_err();
    assert!(matches!(err, LongTextError::NeedsWholeText), "{err}");
}

fn temp_file(name: &str, contents: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("despin-long-text-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

#[test]
fn the_command_answers_a_sliced_text_as_a_whole_one() {
    // 16 slices of 1,000 bytes are 16 kB: these texts are read in slices with
    // `--slice-bytes 1000` and whole without it.
    let first = text(41, 9_000, false);
    let second = text(42, 7_000, true);
    assert!(first.len() > 16_000 && second.len() > 16_000);
    let a = temp_file("first.txt", first.as_bytes());
    let b = temp_file("second.txt", second.as_bytes());
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let cases: [&[&str]; 5] = [
        &["--json", a],
        &["--json", a, b],
        &["--no-color", a],
        &["--color", "--rewrite-only-spun", a, b],
        &["--json", "--no-context", b],
    ];
    for args in cases {
        let whole = run(args, b"");
        let mut sliced_args = vec!["--slice-bytes", "1000"];
        sliced_args.extend_from_slice(args);
        let sliced = run(&sliced_args, b"");
        assert!(
            whole.status.success() && sliced.status.success(),
            "{args:?}"
        );
        assert!(
            whole.stdout.len() > first.len().min(second.len()),
            "{args:?}"
        );
        assert_eq!(
            String::from_utf8_lossy(&sliced.stdout),
            String::from_utf8_lossy(&whole.stdout),
            "{args:?}"
        );
    }
    // Stdin is kept in a temporary file and answered the same way.
    let whole = run(&["--json"], first.as_bytes());
    let sliced = run(&["--json", "--slice-bytes", "1000"], first.as_bytes());
    assert!(sliced.status.success());
    assert_eq!(sliced.stdout, whole.stdout);
    // Invalid UTF-8 deep in a long text: the same error, and nothing else printed.
    let mut bad = first.clone().into_bytes();
    bad[30_000] = 0xff;
    let bad_path = temp_file("bad.txt", &bad);
    let whole = run(&["--json", bad_path.to_str().unwrap()], b"");
    let sliced = run(
        &[
            "--json",
            "--slice-bytes",
            "1000",
            bad_path.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(whole.status.code(), Some(1));
    assert_eq!(sliced.status.code(), Some(1));
    assert_eq!(sliced.stdout, whole.stdout);
    assert_eq!(sliced.stderr, whole.stderr);
    assert!(String::from_utf8_lossy(&sliced.stderr).contains("invalid UTF-8"));
}

#[test]
fn the_command_reads_long_texts_in_slices_and_says_when_it_cannot() {
    // Slices keep the answer's parts in temporary files: with no usable temporary
    // directory, a sliced text is reported as such (and the others still answered), which
    // also shows that these texts take the sliced path and short ones do not.
    let long = temp_file("long-for-tmpdir.txt", text(51, 6_000, false).as_bytes());
    let short = temp_file("short-for-tmpdir.txt", b"It rose final yr.\n");
    let out = std::process::Command::new(common::cli::despin_bin())
        .args(["--json", "--slice-bytes", "1000"])
        .arg(&long)
        .arg(&short)
        .env("TMPDIR", "/nonexistent-despin-test-dir")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "long-for-tmpdir.txt: cannot create a temporary file in /nonexistent-despin-test-dir"
        ),
        "{stderr}"
    );
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "one answer per file");
    assert!(lines[0]["error"]
        .as_str()
        .unwrap()
        .contains("temporary file"));
    assert_eq!(lines[1]["reconstructed"], "It rose last year.\n");
}
