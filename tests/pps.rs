//! PPS fingerprint lists: loaders, query semantics, tiers, correction and the paper
//! verdict, on small fixtures written for this project in the two real formats. Rows,
//! counts and notes are our own; the tortured phrases are well-known published examples
//! (facts), and only the shapes follow the PPS exports.

use despin::{
    Condition, Detector, Lexicon, PaperVerdict, PpsFormat, PpsList, SkipReason, Tier,
    DEFAULT_FUZZY_SIMILARITY,
};

/// Raw export shape: `tortured_phrase,expected_phrase,num_papers`, queries CSV-quoted.
const FIXTURE_CSV: &str = r#"tortured_phrase,expected_phrase,num_papers
"""counterfeit consciousness""",artificial intelligence,"1,234"
"""profound learning"" AND ""deep learning""",deep learning,"3,210"
"""bosom"" AND ""breast""",breast,"1,002"
"""surface highlights"" NOT specular",surface features,"45"
"""flag to clamor"" OR ""sign to commotion""",signal to noise,12
"""exactness accuracy""~3",accuracy,"17"
"""enhancement calculation"" AND optimiz*",optimization algorithm,33
"""irregular woodland"" AND (""random forest"" OR ""decision tre*"")",random forest,10
"""kind tumor"" NOT ""kind tumor cells""~2",benign tumor,5
"""bunching"" AND ""bunching clustering""~3",clustering,8
"""issue acknowledgment""",fault detection/diagnosis,3
"""cadence design""",beat pattern (?),2
"""profound neural organization""",deep neural network (DNN),40
"""web of objects (IoT)""",Internet of Things,7
"""mystery thing""",???,1
"""area unit"" AND ""square measure""","Means the verb ‘are’ here, see https://example.org/x",9
"""neural network"" AND ""layer yields""",[neural network] layer outputs,2
"""flag"" AND (""signal""",signal,1
"""flag"" title:signal",signal,1
only one column
"""supervised learning"" AND ""training""",supervised (machine) learning,1
"#;

/// Cleaned pairs shape: a header object with a `phrases` array.
const FIXTURE_JSON: &str = r#"{
  "version": "0.1.0",
  "lastUpdated": "2026-01-02",
  "source": "made-up rows for despin tests",
  "phrases": [
    {"tortured": "counterfeit consciousness", "correct": "artificial intelligence"},
    {"tortured": "bosom peril", "correct": "breast cancer"},
    {"tortured": "neural network", "correct": "[neural network] layer outputs"},
    {"tortured": "irregular woodland", "correct": "random forest (RF)"},
    {"tortured": "haphazard woodland", "correct": "???"},
    {"tortured": "half breed model"},
    {"tortured": "flag to clamor", "correct": "signal-to-noise"}
  ]
}"#;

fn csv_list() -> PpsList {
    Lexicon::from_pps_csv(FIXTURE_CSV.as_bytes(), "fixture.csv").expect("fixture loads")
}

fn detector(list: &PpsList, fuzzy: bool) -> Detector {
    Detector::builder()
        .builtin(false)
        .lexicon(list.lexicon.clone())
        .fuzzy(fuzzy.then_some(DEFAULT_FUZZY_SIMILARITY))
        .build()
        .expect("detector builds")
}

/// Accepted findings as (text, best original).
fn accepted(d: &Detector, text: &str) -> Vec<(String, String)> {
    d.find(text)
        .into_iter()
        .filter(|f| f.accepted)
        .map(|f| (f.text.to_string(), f.candidates[0].original.to_string()))
        .collect()
}

fn pair(a: &str, b: &str) -> (String, String) {
    (a.to_owned(), b.to_owned())
}

#[test]
fn csv_loader_counts_rows_and_lists_every_skip_with_line_and_reason() {
    let list = csv_list();
    let r = &list.report;
    assert_eq!(r.id.format, PpsFormat::RawCsv);
    assert_eq!(r.id.source_name, "fixture.csv");
    assert_eq!(r.rows, 21);
    let skipped: Vec<(usize, &str)> = r
        .skipped
        .iter()
        .map(|s| (s.line, s.reason.label()))
        .collect();
    assert_eq!(
        skipped,
        [
            (17, "expected field is a note"),
            (18, "context term, not a tortured phrase"),
            (19, "query syntax not understood"),
            (20, "query syntax not understood"),
            (21, "malformed row"),
            (22, "invalid entry"),
        ]
    );
    // Line 16 (`???`) loads as a flag-only entry.
    assert_eq!(r.loaded_rows, 15);
    assert_eq!(r.flag_only, 1);
    // The syntax errors say where and what.
    assert!(
        matches!(&r.skipped[2].reason, SkipReason::QuerySyntax(m) if m.contains("unclosed `(`"))
    );
    assert!(
        matches!(&r.skipped[3].reason, SkipReason::QuerySyntax(m) if m.contains("unsupported syntax `:`"))
    );
    assert!(matches!(&r.skipped[5].reason, SkipReason::Invalid(m) if m.contains("identity")));
    // Two anchors for the OR row, two candidates for the slash row, one flag-only.
    assert_eq!(list.lexicon.len(), 17);
    assert_eq!(r.id.entries, 17);
    assert_eq!(r.skipped_by_reason()[0], ("query syntax not understood", 2));
}

#[test]
fn list_hash_identifies_the_bytes() {
    let a = csv_list().report.id.sha256;
    assert_eq!(a.len(), 64);
    assert!(a
        .bytes()
        .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    let b = Lexicon::from_pps_csv(FIXTURE_CSV.as_bytes(), "other-name.csv")
        .unwrap()
        .report
        .id
        .sha256;
    assert_eq!(a, b);
    let changed = FIXTURE_CSV.replace("3,210", "3,211");
    let c = Lexicon::from_pps_csv(changed.as_bytes(), "x.csv")
        .unwrap()
        .report
        .id
        .sha256;
    assert_ne!(a, c);
}

#[test]
fn csv_structural_errors_name_the_line() {
    let e = Lexicon::from_pps_csv(
        "h,e,n\n\"\"\"a b\"\"\",c,1\n\"\"\"open,x,1\n".as_bytes(),
        "bad.csv",
    )
    .unwrap_err()
    .to_string();
    assert!(e.starts_with("bad.csv:3: unclosed quoted CSV field"), "{e}");
    let bytes: &[u8] = b"\"\"\"a b\"\"\",c,1\n\"\"\"d\xff e\"\"\",f,1\n";
    let e = Lexicon::from_pps_csv(bytes, "bin.csv")
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("bin.csv:2: invalid UTF-8"), "{e}");
}

#[test]
fn json_loader_reads_pairs_version_and_reports_skips_by_line() {
    let list = Lexicon::from_pps_json(FIXTURE_JSON.as_bytes(), "pairs.json").unwrap();
    let r = &list.report;
    assert_eq!(r.id.format, PpsFormat::PairsJson);
    assert_eq!(r.id.version.as_deref(), Some("0.1.0 (2026-01-02)"));
    assert_eq!(r.rows, 7);
    // `haphazard woodland` (`???`) loads flag-only.
    assert_eq!(r.loaded_rows, 5);
    assert_eq!(r.flag_only, 1);
    let skipped: Vec<(usize, &str)> = r
        .skipped
        .iter()
        .map(|s| (s.line, s.reason.label()))
        .collect();
    assert_eq!(
        skipped,
        [
            (8, "context term, not a tortured phrase"),
            (11, "malformed row"),
        ]
    );
    let d = detector(&list, false);
    assert_eq!(
        accepted(&d, "An irregular woodland beat the flag to clamor ratio."),
        [
            pair("irregular woodland", "random forest"),
            pair("flag to clamor", "signal-to-noise")
        ]
    );
    // A bare array of pairs loads too.
    let bare = r#"[{"tortured": "bosom peril", "correct": "breast cancer"}]"#;
    let list = Lexicon::from_pps_json(bare.as_bytes(), "bare.json").unwrap();
    assert_eq!(
        (list.lexicon.len(), list.report.id.version.clone()),
        (1, None)
    );
}

#[test]
fn json_structural_errors_name_the_line() {
    let e = Lexicon::from_pps_json(
        "{\n  \"phrases\": [\n  {\"tortured\": \"a b\",\n".as_bytes(),
        "cut.json",
    )
    .unwrap_err()
    .to_string();
    assert!(e.starts_with("cut.json:4: malformed PPS pairs JSON"), "{e}");
    let e = Lexicon::from_pps_json("{\"items\": []}".as_bytes(), "shape.json")
        .unwrap_err()
        .to_string();
    assert!(e.contains("missing field `phrases`"), "{e}");
}

#[test]
fn plain_fingerprint_matches_and_is_corrected_with_case_kept() {
    let d = detector(&csv_list(), false);
    let rebuilt = d.reconstruct("Counterfeit consciousness is here. We study COUNTERFEIT CONSCIOUSNESS and Counterfeit Consciousness.");
    assert_eq!(
        rebuilt.text,
        "Artificial intelligence is here. We study ARTIFICIAL INTELLIGENCE and Artificial Intelligence."
    );
}

#[test]
fn bracketed_acronyms_survive_correction() {
    let d = detector(&csv_list(), false);
    assert_eq!(
        d.reconstruct("The web of objects (IoT) grows.").text,
        "The internet of things (IoT) grows."
    );
}

#[test]
fn a_parenthesis_the_fingerprint_opens_is_closed_in_the_span() {
    // The fingerprint's own acronym in brackets: words end before the `)`, which once
    // left it outside the span, and the rewrite then doubled it.
    let csv =
        "\"\"\"English Telecom Organization (BBC)\"\"\",British Broadcasting Corporation (BBC),0\n";
    let list = Lexicon::from_pps_csv(csv.as_bytes(), "bbc.csv").expect("row loads");
    let d = detector(&list, false);
    let text = "Talks with the English Telecom Organization (BBC) ended.";
    let findings = d.find(text);
    assert_eq!(findings.len(), 1);
    assert_eq!(&*findings[0].text, "English Telecom Organization (BBC)");
    assert_eq!(
        &text[findings[0].span.range()],
        "English Telecom Organization (BBC)"
    );
    assert_eq!(
        d.reconstruct(text).text,
        "Talks with the British Broadcasting Corporation (BBC) ended."
    );
    // Where the text does not close it, the correction does not either.
    assert_eq!(
        d.reconstruct("the English Telecom Organization (BBC ended")
            .text,
        "the British Broadcasting Corporation (BBC ended"
    );
    // A row listed without the closing bracket leaves the text's alone.
    let tsv = Lexicon::from_tsv_str("bbc (british\tthe bbc (uk\tcustom\t0.9\n", "t").unwrap();
    let open = Detector::builder()
        .builtin(false)
        .lexicon(tsv)
        .build()
        .unwrap();
    let rebuilt = open.reconstruct("The BBC (British) said").text;
    assert_eq!(rebuilt.to_lowercase(), "the the bbc (uk) said", "{rebuilt}");
    // A parenthesis the match did not open is left alone.
    let tsv = Lexicon::from_tsv_str("spherical\tround\tnews-spinner\t0.9\n", "t").unwrap();
    let plain = Detector::builder()
        .builtin(false)
        .lexicon(tsv)
        .build()
        .unwrap();
    let text = "(a spherical) talk";
    assert_eq!(&*plain.find(text)[0].text, "spherical");
    assert_eq!(plain.reconstruct(text).text, "(a round) talk");
}

#[test]
fn and_needs_every_term_somewhere_in_the_document() {
    let d = detector(&csv_list(), false);
    assert!(accepted(&d, "We apply profound learning to proteins.").is_empty());
    assert_eq!(
        accepted(
            &d,
            "We apply profound learning to proteins. Deep learning is popular."
        ),
        [pair("profound learning", "deep learning")]
    );
    // Single-word anchor with a guard.
    assert!(accepted(&d, "The bosom of the family.").is_empty());
    assert_eq!(
        accepted(&d, "Bosom imaging helps breast screening."),
        [pair("Bosom", "Breast")]
    );
}

#[test]
fn not_excludes_documents_with_the_term() {
    let d = detector(&csv_list(), false);
    assert_eq!(
        accepted(&d, "Surface highlights were extracted."),
        [pair("Surface highlights", "Surface features")]
    );
    assert!(accepted(&d, "Surface highlights on a specular sphere.").is_empty());
}

#[test]
fn or_rows_match_either_anchor() {
    let d = detector(&csv_list(), false);
    assert_eq!(
        accepted(&d, "A flag to clamor ratio and a sign to commotion ratio."),
        [
            pair("flag to clamor", "signal to noise"),
            pair("sign to commotion", "signal to noise")
        ]
    );
    // Nested OR inside AND, with a quoted wildcard in one branch.
    assert!(accepted(&d, "An irregular woodland grew.").is_empty());
    assert_eq!(
        accepted(&d, "An irregular woodland of decision trees."),
        [pair("irregular woodland", "random forest")]
    );
    assert_eq!(
        accepted(&d, "An irregular woodland, a random forest."),
        [pair("irregular woodland", "random forest")]
    );
}

#[test]
fn proximity_anchor_and_proximity_guards() {
    let d = detector(&csv_list(), false);
    // The anchor of a proximity query matches where its words stand together.
    assert_eq!(
        accepted(&d, "The exactness accuracy was 93%."),
        [pair("exactness accuracy", "accuracy")]
    );
    // A proximity guard: `bunching` counts only with `clustering` at most 3 words after it.
    assert_eq!(
        accepted(&d, "We use bunching for k-means clustering."),
        [pair("bunching", "clustering")]
    );
    assert!(accepted(
        &d,
        "We use bunching here; far later we discuss some clustering."
    )
    .is_empty());
    assert!(accepted(&d, "Clustering is done by bunching.").is_empty());
    // A proximity NOT: `kind tumor` unless `cells` follows within 2 words.
    assert_eq!(
        accepted(&d, "A kind tumor was removed."),
        [pair("kind tumor", "benign tumor")]
    );
    assert!(accepted(&d, "A kind tumor of the cells was removed.").is_empty());
}

#[test]
fn wildcards_match_any_ending() {
    let d = detector(&csv_list(), false);
    assert!(accepted(&d, "The enhancement calculation converged.").is_empty());
    for guard in ["optimization", "optimize", "Optimizing", "optimiz"] {
        let text = format!("The enhancement calculation converged ({guard}).");
        assert_eq!(
            accepted(&d, &text),
            [pair("enhancement calculation", "optimization algorithm")],
            "{guard}"
        );
    }
}

#[test]
fn inflected_fingerprints_match_at_lower_confidence_and_keep_number() {
    let d = detector(&csv_list(), false);
    let exact = d.find("A profound neural organization.");
    let plural = d.find("Two profound neural organizations.");
    assert_eq!(exact[0].tier, Tier::Exact);
    assert_eq!(plural[0].tier, Tier::Stemmed);
    assert!(plural[0].confidence < exact[0].confidence);
    assert!(plural[0].accepted);
    assert_eq!(
        d.reconstruct("Two profound neural organizations.").text,
        "Two deep neural networks."
    );
}

#[test]
fn near_misses_match_only_with_fuzzy_on_at_lower_confidence() {
    let list = csv_list();
    let text = "We built counterfiet consciousness systems.";
    assert!(detector(&list, false).find(text).is_empty());
    let f = detector(&list, true).find(text);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].tier, Tier::Fuzzy);
    assert!(f[0].confidence < despin::lexicon::PPS_WEIGHT);
    assert_eq!(&*f[0].candidates[0].original, "artificial intelligence");
    assert_eq!(&*f[0].candidates[0].spun, "counterfeit consciousness");
}

#[test]
fn slash_alternatives_and_uncertain_expectations() {
    let d = detector(&csv_list(), false);
    let f = d.find("An issue acknowledgment module.");
    let c: Vec<&str> = f[0].candidates.iter().map(|c| &*c.original).collect();
    assert_eq!(c, ["fault detection", "fault diagnosis"]);
    let f = d.find("The cadence design repeats.");
    assert_eq!(&*f[0].candidates[0].original, "beat pattern");
    assert_eq!(
        f[0].candidates[0].weight,
        despin::lexicon::PPS_UNCERTAIN_WEIGHT
    );
}

#[test]
fn findings_name_their_fingerprint_and_condition() {
    let d = detector(&csv_list(), false);
    let f = d.find("Profound learning beats deep learning.");
    assert_eq!(&*f[0].candidates[0].spun, "profound learning");
    assert_eq!(
        f[0].candidates[0].condition.as_deref(),
        Some(r#""profound learning" AND "deep learning""#)
    );
    let f = d.find("Counterfeit consciousness.");
    assert_eq!(f[0].candidates[0].condition, None);
}

#[test]
fn paper_verdict_uses_density_and_distinct_fingerprints() {
    let list = csv_list();
    let d = detector(&list, false);
    let lists = [list.report.id.clone()];
    let filler = "The samples were measured twice and the results agreed well. ".repeat(40);
    // Clean.
    let s = d.screen_paper(&filler, &lists);
    assert_eq!(
        (s.verdict, s.findings, s.distinct),
        (PaperVerdict::Clean, 0, 0)
    );
    // One fingerprint, even repeated, is only suspicious.
    let one = format!("{filler} Counterfeit consciousness. {filler} Counterfeit consciousness.");
    let s = d.screen_paper(&one, &lists);
    assert_eq!(
        (s.verdict, s.findings, s.distinct),
        (PaperVerdict::Suspicious, 2, 1)
    );
    assert_eq!(s.fingerprints[0].spans.len(), 2);
    // Two distinct in a short paper: problematic.
    let two = format!("Counterfeit consciousness and a flag to clamor ratio. {filler}");
    let s = d.screen_paper(&two, &lists);
    assert_eq!(s.verdict, PaperVerdict::Problematic);
    assert_eq!(s.lists[0].sha256, list.report.id.sha256);
    // The same two in a very long paper: density too low.
    let long = format!("{two} {}", filler.repeat(10));
    let s = d.screen_paper(&long, &lists);
    assert!(s.words > 4000);
    assert_eq!(s.verdict, PaperVerdict::Suspicious);
    assert!(s.per_1000_words < despin::scoring::PROBLEMATIC_MIN_DENSITY);
}

#[test]
fn lexicon_with_conditions_round_trips_through_serde() {
    let list = csv_list();
    let json = serde_json::to_string(&list.lexicon).unwrap();
    assert!(json.contains(r#""condition":"\"profound learning\" AND \"deep learning\"""#));
    let back: Lexicon = serde_json::from_str(&json).unwrap();
    assert_eq!(back, list.lexicon);
    let bad = r#"{"entries":[{"spun":"a b","original":"c","family":"x","weight":1.0,"condition":"\"a b\" AND ("}]}"#;
    assert!(serde_json::from_str::<Lexicon>(bad).is_err());
}

#[test]
fn load_picks_the_format_by_extension() {
    let dir = std::env::temp_dir().join(format!("despin-pps-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("list.csv");
    let json = dir.join("list.JSON");
    let other = dir.join("list.tsv");
    std::fs::write(&csv, FIXTURE_CSV).unwrap();
    std::fs::write(&json, FIXTURE_JSON).unwrap();
    std::fs::write(&other, "a\tb\n").unwrap();
    assert_eq!(
        PpsList::load(&csv).unwrap().report.id.format,
        PpsFormat::RawCsv
    );
    assert_eq!(
        PpsList::load(&json).unwrap().report.id.format,
        PpsFormat::PairsJson
    );
    assert!(PpsList::load(&other)
        .unwrap_err()
        .to_string()
        .contains(".csv"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn conditions_never_panic_on_odd_queries_or_text() {
    for q in [
        "",
        "(",
        ")",
        "\"",
        "AND",
        "a OR",
        "NOT",
        "((a)",
        "\"a\"~",
        "\"a\"~99999999999",
        "a* *b",
        "é*",
        "\"ü ß\"~1 OR x",
    ] {
        if let Ok(c) = Condition::parse(q) {
            for text in ["", "a", "é ü ß x", "a\u{0}b", "\"\"\""] {
                let _ = c.holds(text);
            }
        }
    }
}

#[test]
fn one_or_fingerprint_firing_on_two_anchors_is_one_distinct_fingerprint() {
    let list = csv_list();
    let d = detector(&list, false);
    let lists = [list.report.id.clone()];
    // Both anchors of `"flag to clamor" OR "sign to commotion"`: one fingerprint, so the
    // paper is suspicious, not problematic (it used to count as two distinct).
    let s = d.screen_paper(
        "A flag to clamor ratio and a sign to commotion ratio were measured.",
        &lists,
    );
    assert_eq!(
        (s.verdict, s.findings, s.distinct),
        (PaperVerdict::Suspicious, 2, 1)
    );
    assert_eq!(s.fingerprints.len(), 1);
    assert_eq!(
        s.fingerprints[0].phrases,
        ["flag to clamor", "sign to commotion"]
    );
    assert_eq!(s.fingerprints[0].spans.len(), 2);
    // A second, different fingerprint makes it problematic.
    let s = d.screen_paper(
        "A flag to clamor ratio, a sign to commotion ratio and counterfeit consciousness.",
        &lists,
    );
    assert_eq!((s.verdict, s.distinct), (PaperVerdict::Problematic, 2));
}

#[test]
fn brackets_before_the_phrase_are_not_doubled_in_the_correction() {
    let csv =
        "\"\"\"[C=O] bunches\"\"\",[C=O] groups,7\n\"\"\"(IoT) gadgets\"\"\",(IoT) devices,1\n";
    let list = Lexicon::from_pps_csv(csv.as_bytes(), "brackets.csv").unwrap();
    let d = detector(&list, false);
    assert_eq!(
        d.reconstruct("Strong [C=O] bunches and (IoT) gadgets.")
            .text,
        "Strong [C=O] groups and (IoT) devices."
    );
}

#[test]
fn expected_phrases_whose_lower_case_is_shorter_load_without_panic() {
    // `ẞ` lower-cases to the shorter `ß`: the note cut used to land inside a char.
    let csv = "\"\"\"bosom peril\"\"\",\"ẞẞ, see y\",1\n\"\"\"kind tumor\"\"\",\"ẞ ab, see https://x\",1\n";
    let list = Lexicon::from_pps_csv(csv.as_bytes(), "sharp-s.csv").unwrap();
    let originals: Vec<&str> = list
        .lexicon
        .entries()
        .iter()
        .map(|e| e.original.as_str())
        .collect();
    assert_eq!(originals, ["ẞẞ", "ß ab"]);
}

#[test]
fn deeply_nested_queries_are_refused_not_overflowing_the_stack() {
    let deep = format!("{}\"a b\"", "(".repeat(200_000));
    let e = Condition::parse(&deep).unwrap_err();
    assert_eq!(e.offset, Condition::MAX_DEPTH);
    let nots = format!("\"a b\" {}c", "NOT ".repeat(200_000));
    assert!(Condition::parse(&nots).is_err());
    // In a list, such a row is skipped and reported with its line.
    let csv = format!(
        "\"\"\"bosom peril\"\"\",breast cancer,1\n\"{}\"\"a b\"\"\",c,1\n",
        "(".repeat(100_000)
    );
    let list = Lexicon::from_pps_csv(csv.as_bytes(), "deep.csv").unwrap();
    assert_eq!(list.report.skipped.len(), 1);
    assert_eq!(list.report.skipped[0].line, 2);
    assert!(
        matches!(&list.report.skipped[0].reason, SkipReason::QuerySyntax(m) if m.contains("nested more than 64 levels"))
    );
}

#[test]
fn query_errors_convert_into_the_crate_error() {
    fn parse(q: &str) -> despin::Result<Condition> {
        Ok(Condition::parse(q)?)
    }
    let e = parse(r#""a b" AND (c"#).unwrap_err();
    assert!(matches!(&e, despin::Error::Query(q) if q.offset == 10));
    assert_eq!(
        e.to_string(),
        "invalid fingerprint query: at byte 10: unclosed `(`"
    );
    assert!(std::error::Error::source(&e).is_some());
}

#[test]
fn inflected_corrections_of_sis_nouns_are_regular_plurals() {
    let csv = "\"\"\"illness conclusion\"\"\",disease diagnosis,1\n";
    let list = Lexicon::from_pps_csv(csv.as_bytes(), "sis.csv").unwrap();
    let d = detector(&list, false);
    assert_eq!(
        d.reconstruct("Two illness conclusions were made.").text,
        "Two disease diagnoses were made."
    );
    let csv = "\"\"\"illness conclusions\"\"\",disease diagnoses,1\n";
    let list = Lexicon::from_pps_csv(csv.as_bytes(), "ses.csv").unwrap();
    let d = detector(&list, false);
    assert_eq!(
        d.reconstruct("One illness conclusion was made.").text,
        "One disease diagnosis was made."
    );
}

#[test]
fn unknown_corrections_are_flagged_counted_and_never_rewritten() {
    // `haphazard woodland` is listed with `???`: a tortured phrase whose correction the
    // list does not know.
    let list = Lexicon::from_pps_json(FIXTURE_JSON.as_bytes(), "pairs.json").unwrap();
    let flag_only: Vec<&str> = list
        .lexicon
        .entries()
        .iter()
        .filter(|e| e.is_flag_only())
        .map(|e| e.spun.as_str())
        .collect();
    assert_eq!(flag_only, ["haphazard woodland"]);
    let d = detector(&list, false);
    let text = "We trained a haphazard woodland on the data.";
    let report = d.analyze(text);
    assert_eq!(report.findings.len(), 1);
    let f = &report.findings[0];
    assert!(f.accepted, "{f:?}");
    assert_eq!(f.original(), "");
    assert_eq!(&*f.text, "haphazard woodland");
    // Never rewritten, alone or next to a known one.
    assert_eq!(d.reconstruct(text).text, text);
    assert!(d.reconstruct(text).edits.is_empty());
    let both = "A haphazard woodland and counterfeit consciousness.";
    assert_eq!(
        d.reconstruct(both).text,
        "A haphazard woodland and artificial intelligence."
    );
    // Counted in the paper verdict like any fingerprint.
    let screen = d.screen_paper(both, std::slice::from_ref(&list.report.id));
    assert_eq!(screen.distinct, 2, "{screen:?}");
    assert!(screen
        .fingerprints
        .iter()
        .any(|x| x.expected.is_empty() && x.phrases == ["haphazard woodland"]));
    // In TSV a flag-only row is written and read back with `???` as its original.
    let tsv = list.lexicon.to_tsv();
    assert!(tsv.contains("haphazard woodland\t???\t"), "{tsv}");
    let back = Lexicon::from_tsv_str(&tsv, "back.tsv").unwrap();
    assert!(back
        .entries()
        .iter()
        .any(|e| e.spun == "haphazard woodland" && e.is_flag_only()));
    // A bracketed phrase with an unknown correction stays flag-only (its bracket group is
    // not carried over into a "correction" of its own).
    let csv = "\"\"\"web of objects (IoT)\"\"\",???,7\n";
    let list = Lexicon::from_pps_csv(csv.as_bytes(), "t.csv").unwrap();
    assert_eq!(list.report.flag_only, 1);
    assert!(list.lexicon.entries().iter().all(|e| e.is_flag_only()));
    // An empty original field is still a mistake, not a flag-only row.
    let e = Lexicon::from_tsv_str("bosom peril\t \n", "x.tsv").unwrap_err();
    assert!(e.to_string().contains("field 2"), "{e}");
}
