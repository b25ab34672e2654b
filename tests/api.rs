//! The library API of 0.3 (issue 16): the JSON record, the builder's settings
//! (`rewrite_only_spun`, `threads`, no lexicon), the record stream, TSV headers, empty files
//! and lenient loading, and where the tuning constants live. Every row and sentence here
//! was written for this project.

use despin::{Answer, Detector, Error, Lexicon, Record, RewriteScope, SkipReason, Tier};
use serde_json::{json, Value};
use std::io::{BufReader, Read};

const LEXICON: &str = "\
most cancers\tcancer\tnews-spinner\t0.95
final yr\tlast year\tnews-spinner\t0.95
assertion\tstatement\tnews-spinner\t0.7
mentioned\tsaid\tnews-spinner\t0.7
";

fn detector() -> Detector {
    Detector::builder()
        .builtin(false)
        .lexicon(Lexicon::from_tsv_str(LEXICON, "api.tsv").unwrap())
        .build()
        .unwrap()
}

fn temp_path(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("despin-api-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

// Item 2: one record type, serialised and read back.

#[test]
fn record_follows_the_contract_and_reads_back() {
    let d = detector();
    let text = "“Ünïcode” first: most cancers fell final yr, the assertion said.";
    let record = d.record(json!({"k": [1, 2]}), text);
    let line = serde_json::to_string(&record).unwrap();
    // Fields in the contract's (alphabetical) order, no `paper` unless screened.
    let v: Value = serde_json::from_str(&line).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "findings",
            "id",
            "reconstructed",
            "score",
            "sections",
            "spun",
            "unaccepted",
            "words"
        ]
    );
    assert!(line.starts_with("{\"findings\":[{\"candidates\":[\"cancer\"],\"confidence\":"));
    assert_eq!(v["id"], json!({"k": [1, 2]}));
    for f in record.findings.iter().chain(&record.unaccepted) {
        assert_eq!(&text[f.start..f.end], f.text, "byte offsets into the text");
    }
    assert_eq!(record.findings[0].tier, Tier::Exact);
    assert_eq!(record.findings[0].family.label(), "news-spinner");
    assert_eq!(record.reconstructed, d.reconstruct(text).text);
    // Reading it back gives the same record, directly or as an output line.
    assert_eq!(serde_json::from_str::<Record>(&line).unwrap(), record);
    let answer: Answer = serde_json::from_str(&line).unwrap();
    assert_eq!(answer.into_result().unwrap(), record);
    // Fields a later version may add are ignored; optional ones may be missing.
    let mut newer = v.clone();
    newer["added_later"] = json!(true);
    newer.as_object_mut().unwrap().remove("sections");
    let read: Record = serde_json::from_value(newer).unwrap();
    assert_eq!(read.findings, record.findings);
    assert!(read.sections.is_empty());
}

#[test]
fn tier_and_paper_verdict_display_their_json_labels() {
    for tier in [
        Tier::Exact,
        Tier::Stemmed,
        Tier::Fuzzy,
        Tier::Spintax,
        Tier::Homoglyph,
    ] {
        let json = serde_json::to_string(&tier).unwrap();
        assert_eq!(json, format!("\"{tier}\""));
        assert_eq!(tier.to_string(), tier.label());
        assert_eq!(serde_json::from_str::<Tier>(&json).unwrap(), tier);
    }
    assert_eq!(Tier::Stemmed.to_string(), "stemmed");
    let v = despin::PaperVerdict::Problematic;
    assert_eq!(serde_json::to_string(&v).unwrap(), "\"problematic\"");
    assert_eq!(v.to_string(), "problematic");
}

// Item 4: nothing to match is an error the caller sees.

#[test]
fn no_lexicon_at_all_is_a_config_error() {
    let err = Detector::builder().builtin(false).build().unwrap_err();
    assert!(matches!(err, Error::Config { .. }), "{err:?}");
    assert!(err.to_string().contains("no lexicon"), "{err}");
    // An explicitly empty lexicon is a choice: spintax and look-alike letters only.
    let only_artifacts = Detector::builder()
        .builtin(false)
        .lexicon(Lexicon::new())
        .build()
        .unwrap();
    let findings = only_artifacts.find("Pay the {fee|charge} now, most cancers.");
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].tier, Tier::Spintax);
}

#[test]
fn an_empty_lexicon_file_is_an_error_naming_it() {
    for (name, contents) in [
        ("empty.tsv", ""),
        ("comments.tsv", "# only a comment\n\n"),
        ("header.tsv", "spun\toriginal\n"),
    ] {
        let path = temp_path(name);
        std::fs::write(&path, contents).unwrap();
        let err = Lexicon::load(&path).unwrap_err();
        assert!(matches!(err, Error::Lexicon { .. }), "{err:?}");
        let message = err.to_string();
        assert!(
            message.contains(name) && message.contains("no lexicon rows"),
            "{message}"
        );
        // Read leniently, it loads, and the report shows there was nothing.
        let list = Lexicon::load_lenient(&path).unwrap();
        assert!(list.lexicon.is_empty());
        assert_eq!((list.report.rows, list.report.loaded_rows), (0, 0));
    }
}

#[test]
fn a_header_row_is_not_a_pair() {
    for header in [
        "spun\toriginal",
        "Spun\tOriginal\tFamily\tWeight",
        " SPUN \t original \tfamily\tweight\tcontext",
    ] {
        let tsv = format!("# my pairs\n\n{header}\nfinal yr\tlast year\n");
        let lexicon = Lexicon::from_tsv_str(&tsv, "h.tsv").unwrap();
        assert_eq!(lexicon.len(), 1, "{header:?}");
        let d = Detector::builder()
            .builtin(false)
            .lexicon(lexicon)
            .build()
            .unwrap();
        assert_eq!(
            d.reconstruct("The wool was spun by hand final yr.").text,
            "The wool was spun by hand last year."
        );
    }
    // Only the first row can be a header, and only with the column names in order.
    let later = Lexicon::from_tsv_str("final yr\tlast year\nspun\toriginal\n", "x").unwrap();
    assert_eq!(later.len(), 2);
    let other = Lexicon::from_tsv_str("spun\torig\n", "x").unwrap();
    assert_eq!(other.len(), 1);
}

#[test]
fn lenient_loading_lists_every_bad_row() {
    let path = temp_path("lenient.tsv");
    std::fs::write(
        &path,
        b"spun\toriginal\tfamily\tweight\n\
          final yr\tlast year\tnews-spinner\t0.9\n\
          no tab here\n\
          same\tSame\n\
          a\tb\tc\theavy\n\
          bad \xff\tx\n\
          most cancers\tcancer\n\
          a\tb\tc\t1\td\te\n",
    )
    .unwrap();
    // Strict loading stops at the first bad row.
    let err = Lexicon::load(&path).unwrap_err().to_string();
    assert!(err.contains("lenient.tsv:3:"), "{err}");
    let list = Lexicon::load_lenient(&path).unwrap();
    assert_eq!(list.lexicon.len(), 2);
    let r = &list.report;
    assert_eq!((r.header, r.rows, r.loaded_rows), (Some(1), 7, 2));
    let skipped: Vec<(usize, &str, &str)> = r
        .skipped
        .iter()
        .map(|s| (s.line, s.fingerprint.as_str(), s.reason.label()))
        .collect();
    assert_eq!(
        skipped,
        [
            (3, "no tab here", "malformed row"),
            (4, "same", "invalid entry"),
            (5, "a", "malformed row"),
            (6, "bad \u{fffd}", "malformed row"),
            (8, "a", "malformed row"),
        ]
    );
    assert!(matches!(&r.skipped[1].reason, SkipReason::Invalid(m) if m.contains("identity pair")));
    assert!(r.skipped[2]
        .reason
        .to_string()
        .contains("field 4: weight \"heavy\""));
    assert!(r.skipped[3].reason.to_string().contains("invalid UTF-8"));
}

// Item 6: rewriting only passages judged spun.

#[test]
fn rewrite_only_spun_leaves_passages_not_judged_spun() {
    let build = |only: bool| {
        Detector::builder()
            .builtin(false)
            .lexicon(Lexicon::from_tsv_str(LEXICON, "api.tsv").unwrap())
            .rewrite_only_spun(only)
            // Off so the clean sentence's two strong rows stay accepted on their weight
            // alone ("mentioned in" is ordinary English and would lose them): this test is
            // about which passages are rewritten, not about context.
            .context(false)
            .build()
            .unwrap()
    };
    let (default, only) = (build(false), build(true));
    // A short clean sentence with two confident-alone words: not spun.
    let clean = "The assertion mentioned in the report was checked by the panel on Monday, and \
        the members agreed to publish the full findings next week after a final review of the \
        budget. The chair thanked the staff for their work over the summer and asked for \
        comments from the public by the end of the month, when the committee will meet again \
        to vote on the plan and its costs for the coming year.";
    let (a, b) = (default.analyze(clean), only.analyze(clean));
    assert!(!a.score.spun);
    assert!(a.findings.iter().any(|f| f.accepted), "{a:?}");
    assert!(b.findings.iter().all(|f| !f.accepted));
    assert_eq!(a.findings.len(), b.findings.len(), "still reported");
    assert_eq!((a.score.score, a.score.spun), (b.score.score, b.score.spun));
    assert_eq!(only.reconstruct(clean).text, clean);
    assert_eq!(b.score.accepted, 0, "counts follow the accepted findings");
    // A long text: the spun section is rewritten, the clean one is not.
    let filler = "The council met on a cold morning to review budget lines for roads. ";
    let spun =
        "Most cancers fell final yr, the assertion mentioned, and most cancers rose final yr. "
            .repeat(12);
    let text = format!(
        "The assertion mentioned was filed. {}{spun}",
        filler.repeat(60)
    );
    let (a, b) = (default.analyze(&text), only.analyze(&text));
    assert!(b.score.spun && !b.score.sections.is_empty());
    let first = |r: &despin::Report| {
        r.findings
            .iter()
            .find(|f| f.span.start < 40)
            .map(|f| f.accepted)
    };
    assert_eq!(first(&a), Some(true), "default: rewritten anywhere");
    assert_eq!(
        first(&b),
        Some(false),
        "only spun: the clean section is left"
    );
    let late = text.len() - 30;
    assert!(b
        .findings
        .iter()
        .filter(|f| f.span.start > late)
        .all(|f| f.accepted));
    let rebuilt = only.reconstruct(&text).text;
    assert!(rebuilt.starts_with("The assertion mentioned was filed."));
    assert!(
        rebuilt.ends_with("and cancer rose last year. "),
        "{}",
        &rebuilt[rebuilt.len() - 60..]
    );
}

#[test]
fn support_rewrites_only_where_the_passage_reads_as_spun() {
    // "assertion" is confident alone; "mentioned" reaches the acceptance threshold only
    // with the support of its confident neighbour.
    let lexicon = Lexicon::from_tsv_str(
        "assertion\tstatement\tnews-spinner\t0.8\nmentioned\tsaid\tnews-spinner\t0.6\n",
        "scope.tsv",
    )
    .unwrap();
    let build = |scope: RewriteScope| {
        Detector::builder()
            .builtin(false)
            .lexicon(lexicon.clone())
            .rewrite_scope(scope)
            // Off so the two rows keep their listed weights: this test is about the scope.
            .context(false)
            .build()
            .unwrap()
    };
    let clean = format!(
        "The assertion mentioned the plan. {}",
        "The council met to talk. ".repeat(12)
    );
    let accepted = |scope| -> Vec<String> {
        let report = build(scope).analyze(&clean);
        assert!(!report.score.spun, "{report:?}");
        assert_eq!(report.findings.len(), 2, "every scope reports both");
        let words = report.findings.iter().filter(|f| f.accepted);
        words.map(|f| f.text.to_string()).collect()
    };
    assert_eq!(
        accepted(RewriteScope::Everywhere),
        ["assertion", "mentioned"]
    );
    assert_eq!(accepted(RewriteScope::default()), ["assertion"]);
    assert_eq!(accepted(RewriteScope::ConfidentOrSpun), ["assertion"]);
    assert!(accepted(RewriteScope::SpunPassages).is_empty());
    // `rewrite_only_spun(false)` is the default scope, `true` the spun passages only.
    let only = |yes| {
        Detector::builder()
            .builtin(false)
            .lexicon(lexicon.clone())
            .rewrite_only_spun(yes)
            .context(false)
            .build()
            .unwrap()
            .analyze(&clean)
    };
    assert_eq!(only(false), build(RewriteScope::default()).analyze(&clean));
    assert_eq!(
        only(true),
        build(RewriteScope::SpunPassages).analyze(&clean)
    );
    // The scores never depend on the scope.
    let score = |scope| build(scope).analyze(&clean).score.score;
    assert_eq!(
        score(RewriteScope::Everywhere),
        score(RewriteScope::SpunPassages)
    );
    // In a text that reads as spun, the default rewrites what `Everywhere` does.
    let spun = include_str!("../examples/sample-spun.txt");
    let builtin = |scope| {
        Detector::builder()
            .rewrite_scope(scope)
            .build()
            .unwrap()
            .analyze(spun)
    };
    let everywhere = builtin(RewriteScope::Everywhere);
    assert!(everywhere.score.spun);
    assert_eq!(builtin(RewriteScope::default()), everywhere);
}

#[test]
fn the_default_scope_keeps_tortured_phrases_lifted_by_support() {
    // "irregular wodlamd" is a near miss of a listed phrase: its own confidence (weight x
    // fuzzy factor x similarity, about 0.68) is below the line, and the listed phrase next
    // to it lifts it over. A paper is no news passage: the news score calls it not spun.
    let list = Lexicon::from_pps_csv(
        "\"\"\"bosom peril\"\"\",breast cancer,1\n\"\"\"irregular woodland\"\"\",random forest,1\n"
            .as_bytes(),
        "mine.csv",
    )
    .unwrap();
    let build = |scope| {
        Detector::builder()
            .builtin(false)
            .lexicon(list.lexicon.clone())
            .fuzzy(Some(0.8))
            .rewrite_scope(scope)
            .build()
            .unwrap()
    };
    let body = "The cohort was followed for five years and the outcomes were recorded by two \
        independent reviewers. ";
    let paper = format!(
        "We apply irregular wodlamd to bosom peril screening data. {}",
        body.repeat(8)
    );
    let paper = paper.as_str();
    let report = build(RewriteScope::default()).analyze(paper);
    assert!(!report.score.spun);
    let near_miss = report
        .findings
        .iter()
        .find(|f| f.tier == Tier::Fuzzy)
        .expect("the near miss is found");
    assert!(
        near_miss.own_confidence < despin::ACCEPT_THRESHOLD,
        "{near_miss:?}"
    );
    assert!(
        near_miss.accepted,
        "lifted by support and kept: {near_miss:?}"
    );
    assert!(build(RewriteScope::default())
        .reconstruct(paper)
        .text
        .starts_with("We apply random forest to breast cancer screening data."));
    // The strict scope rewrites nothing in a passage not judged spun, tortured or not.
    assert_eq!(
        build(RewriteScope::SpunPassages).reconstruct(paper).text,
        paper
    );
    // And no scope moves the paper verdict.
    let lists = [list.report.id.clone()];
    let verdict = |scope| build(scope).screen_paper(paper, &lists);
    assert_eq!(
        verdict(RewriteScope::Everywhere),
        verdict(RewriteScope::SpunPassages)
    );
    assert_eq!(
        verdict(RewriteScope::Everywhere),
        verdict(RewriteScope::default())
    );
}

#[test]
fn rewrite_only_spun_does_not_change_a_paper_verdict() {
    let list = Lexicon::from_pps_csv(
        "\"\"\"bosom peril\"\"\",breast cancer,1\n\"\"\"counterfeit consciousness\"\"\",artificial intelligence,1\n".as_bytes(),
        "mine.csv",
    )
    .unwrap();
    let build = |only: bool| {
        Detector::builder()
            .builtin(false)
            .lexicon(list.lexicon.clone())
            .rewrite_only_spun(only)
            .build()
            .unwrap()
    };
    let paper = "We study bosom peril with counterfeit consciousness.";
    let lists = [list.report.id.clone()];
    let (a, b) = (build(false), build(true));
    assert_eq!(a.screen_paper(paper, &lists), b.screen_paper(paper, &lists));
    let everywhere = Detector::builder()
        .builtin(false)
        .lexicon(list.lexicon.clone())
        .rewrite_scope(RewriteScope::Everywhere)
        .build()
        .unwrap();
    assert_eq!(
        a.screen_paper(paper, &lists),
        everywhere.screen_paper(paper, &lists)
    );
    assert_eq!(
        a.paper_record(Value::Null, paper, &lists).paper,
        b.paper_record(Value::Null, paper, &lists).paper
    );
    assert_eq!(
        b.screen_paper(paper, &lists).verdict,
        despin::PaperVerdict::Problematic
    );
}

// Item 7: batches on a set number of threads, and records streamed from a reader.

#[test]
fn batches_give_the_same_reports_on_any_thread_count() {
    let texts: Vec<String> = (0..40)
        .map(|i| format!("Row {i}: most cancers fell final yr, said the assertion {i}."))
        .collect();
    let one_by_one: Vec<_> = texts.iter().map(|t| detector().analyze(t)).collect();
    for threads in [0, 1, 3] {
        let d = Detector::builder()
            .builtin(false)
            .lexicon(Lexicon::from_tsv_str(LEXICON, "api.tsv").unwrap())
            .threads(threads)
            .build()
            .unwrap();
        assert_eq!(d.analyze_batch(&texts), one_by_one, "threads({threads})");
    }
    assert!(detector().analyze_batch::<&str>(&[]).is_empty());
}

/// A reader of `n` generated records that counts the bytes handed out.
struct Generated {
    next: usize,
    n: usize,
    pending: Vec<u8>,
    at: usize,
    handed_out: std::rc::Rc<std::cell::Cell<usize>>,
}

impl Read for Generated {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.at == self.pending.len() {
            if self.next == self.n {
                return Ok(0);
            }
            self.pending = format!(
                "{{\"id\": {}, \"text\": \"most cancers final yr\"}}\n",
                self.next
            )
            .into_bytes();
            self.at = 0;
            self.next += 1;
        }
        let k = buf.len().min(self.pending.len() - self.at);
        buf[..k].copy_from_slice(&self.pending[self.at..self.at + k]);
        self.at += k;
        self.handed_out.set(self.handed_out.get() + k);
        Ok(k)
    }
}

#[test]
fn records_stream_from_a_reader_without_reading_it_all() {
    let d = detector();
    let handed_out = std::rc::Rc::new(std::cell::Cell::new(0));
    let reader = BufReader::with_capacity(
        256,
        Generated {
            next: 0,
            n: 1_000_000,
            pending: Vec::new(),
            at: 0,
            handed_out: handed_out.clone(),
        },
    );
    let mut records = d.analyze_records(reader);
    for i in 0..5 {
        let r = records.next().unwrap().unwrap();
        assert_eq!(r.id, json!(i));
        assert_eq!(r.reconstructed, "cancer last year");
    }
    assert_eq!(records.lines_read(), 5);
    assert!(
        handed_out.get() < 1024,
        "read {} bytes for 5 records",
        handed_out.get()
    );
}

/// A reader that fails after its text.
struct FailsAfter(&'static [u8]);

impl Read for FailsAfter {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.0.is_empty() {
            return Err(std::io::Error::other("disk on fire"));
        }
        let k = buf.len().min(self.0.len());
        buf[..k].copy_from_slice(&self.0[..k]);
        self.0 = &self.0[k..];
        Ok(k)
    }
}

#[test]
fn records_answer_every_line_in_order() {
    let d = detector();
    let input =
        "{\"id\": 1, \"text\": \"most cancers\"}\n\n{\"id\": 2}\n[1]\n{\"text\": \"final yr\"}";
    for read_ahead in [1, 2, 100] {
        let answers: Vec<_> = d
            .analyze_records(input.as_bytes())
            .read_ahead(read_ahead)
            .collect();
        assert_eq!(
            answers.len(),
            5,
            "one per line, the last without a line end"
        );
        assert_eq!(
            answers[0].as_ref().unwrap(),
            &d.record(json!(1), "most cancers")
        );
        assert_eq!(answers[1].as_ref().unwrap(), &d.record(Value::Null, ""));
        let e = answers[2].as_ref().unwrap_err();
        assert_eq!((e.line, e.id.clone()), (3, Some(json!(2))));
        assert_eq!(answers[3].as_ref().unwrap_err().line, 4);
        assert_eq!(answers[4].as_ref().unwrap().reconstructed, "last year");
    }
    // A byte-order mark before the first record is not part of it.
    let bom = "\u{feff}{\"id\": 7, \"text\": \"final yr\"}\n";
    let answers: Vec<_> = d.analyze_records(bom.as_bytes()).collect();
    assert_eq!(
        answers[0].as_ref().unwrap(),
        &d.record(json!(7), "final yr")
    );
    // An I/O error ends the stream with an error naming the line it was reading.
    let mut records = d.analyze_records(BufReader::new(FailsAfter(b"{\"text\": \"a\"}\n")));
    assert!(records.next().unwrap().is_ok());
    let e = records.next().unwrap().unwrap_err();
    assert_eq!(e.line, 2);
    assert!(e.error.contains("disk on fire"), "{e}");
    assert!(records.next().is_none());
}

#[test]
fn json_lines_are_the_records_written_by_serde_json() {
    let d = detector();
    let spun = "The minister mentioned the 3rd spherical of talks would start final yr. ";
    let input = format!(
        "{{\"id\": 1, \"text\": \"most cancers\"}}\n\n{{\"id\": 2}}\n[1]\n{{\"id\": \"long\", \"text\": \"{}\"}}\n{{\"text\": \"final yr\\n\\\"q\\\"\"}}",
        spun.repeat(120)
    );
    // Without and with a paper screen (no lists: the screen is still written).
    for (detector, lists) in [(&d, None), (&d, Some(Vec::new()))] {
        for read_ahead in [1, 3, 100] {
            let records = || {
                let r = detector
                    .analyze_records(input.as_bytes())
                    .read_ahead(read_ahead);
                match &lists {
                    Some(lists) => r.paper(lists.clone()),
                    None => r,
                }
            };
            let expected: Vec<String> = records()
                .map(|answer| match answer {
                    Ok(record) => serde_json::to_string(&record).unwrap(),
                    Err(e) => serde_json::to_string(&e).unwrap(),
                })
                .collect();
            let lines: Vec<despin::JsonLine> = records().json_lines().collect();
            let got: Vec<&str> = lines.iter().map(|l| l.json.as_str()).collect();
            assert_eq!(got, expected);
            let bad: Vec<usize> = lines
                .iter()
                .filter_map(|l| l.error.as_ref().map(|e| e.line))
                .collect();
            assert_eq!(bad, [3, 4]);
        }
    }
    assert!(
        input.len() > 8000,
        "one record is long enough to have sections"
    );
}

/// A reader that reports `WouldBlock` between its chunks (a non-blocking pipe).
struct Chunks(Vec<&'static [u8]>, bool);

impl Read for Chunks {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.0.is_empty() {
            return Ok(0);
        }
        if std::mem::replace(&mut self.1, false) {
            return Err(std::io::ErrorKind::WouldBlock.into());
        }
        self.1 = true;
        let chunk = self.0.remove(0);
        buf[..chunk.len()].copy_from_slice(chunk);
        Ok(chunk.len())
    }
}

#[test]
fn a_read_ahead_answers_what_is_waiting_when_the_reader_would_block() {
    let d = detector();
    let reader = BufReader::new(Chunks(
        vec![
            b"{\"id\": 1, \"text\": \"a\"}\n{\"id\": 2, \"te",
            b"xt\": \"b\"}\n{\"id\": 3, \"text\": \"c\"}\n",
        ],
        false,
    ));
    let mut records = d.analyze_records(reader).read_ahead(100);
    assert_eq!(records.next().unwrap().unwrap().id, json!(1));
    // The first chunk held one whole record: it was answered before reading on.
    assert_eq!((records.lines_read(), records.ready()), (1, 0));
    let rest: Vec<Value> = records.map(|r| r.unwrap().id).collect();
    assert_eq!(rest, [json!(2), json!(3)]);
}

// Item 8: the tuning constants live in the module they tune.

#[test]
#[allow(deprecated)]
fn tuning_constants_live_in_their_modules_and_old_paths_still_work() {
    use despin::{lexicon, scoring, text, weighing};
    assert_eq!(weighing::QUOTE_FACTOR, despin::QUOTE_FACTOR);
    assert_eq!(weighing::ACCEPT_THRESHOLD, despin::ACCEPT_THRESHOLD);
    assert_eq!(weighing::SUPPORT_WINDOW_WORDS, despin::SUPPORT_WINDOW_WORDS);
    assert_eq!(weighing::STEMMED_FACTOR, despin::STEMMED_FACTOR);
    assert_eq!(
        weighing::DEFAULT_FUZZY_SIMILARITY,
        despin::DEFAULT_FUZZY_SIMILARITY
    );
    assert_eq!(lexicon::PPS_WEIGHT, despin::PPS_WEIGHT);
    assert_eq!(lexicon::DEFAULT_WEIGHT, despin::DEFAULT_WEIGHT);
    assert_eq!(lexicon::CONTEXT_WORDS, despin::CONTEXT_WORDS);
    assert_eq!(scoring::SECTION_WORDS, despin::SECTION_WORDS);
    assert_eq!(
        scoring::DEFAULT_SPUN_THRESHOLD,
        despin::DEFAULT_SPUN_THRESHOLD
    );
    assert_eq!(
        scoring::PROBLEMATIC_MIN_DISTINCT,
        despin::PROBLEMATIC_MIN_DISTINCT
    );
    assert_eq!(scoring::FEATURE_NAMES, despin::FEATURE_NAMES);
    assert_eq!(text::MIN_QUOTATION_WORDS, despin::MIN_QUOTATION_WORDS);
    assert_eq!(text::MAX_SPINTAX_LEN, despin::MAX_SPINTAX_LEN);
    // The module is also where the types it tunes are.
    let _: fn(&str) -> Vec<despin::text::Token> = text::tokenize;
    let _: Option<scoring::Score> = None;
    let _: Option<lexicon::Lexicon> = None;
}

/// The README and the docs cite files under `reports/` and `data/`: each exists, and the
/// package includes it (so the published crate's references resolve).
#[test]
fn cited_files_exist_and_ship_with_the_crate() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let include_line = manifest
        .lines()
        .find(|l| l.starts_with("include"))
        .expect("an include list");
    let mut sources = vec![root.join("README.md")];
    let mut dirs = vec![root.join("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                sources.push(path);
            }
        }
    }
    let mut cited = std::collections::BTreeSet::new();
    for source in &sources {
        let text = std::fs::read_to_string(source).unwrap();
        for dir in ["reports/", "data/"] {
            for (at, _) in text.match_indices(dir) {
                // `reports/score.md`, `data/README.md`; not `../../data/...` paths of code.
                if text[..at].ends_with('/') {
                    continue;
                }
                let name: String = text[at..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || "/._-".contains(*c))
                    .collect();
                if name.ends_with(".md") {
                    cited.insert(name);
                }
            }
        }
    }
    assert!(
        cited.contains("reports/score.md") && cited.contains("data/README.md"),
        "{cited:?}"
    );
    for name in &cited {
        assert!(root.join(name).is_file(), "{name} is cited but missing");
        let dir = name.split('/').next().unwrap();
        assert!(
            include_line.contains(&format!("\"{dir}/**\"")),
            "{dir}/ is not in {include_line}"
        );
    }
    // The docs say which language the built-in lexicon covers.
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(
        readme.contains("English only"),
        "README says the built-in lexicon is English only"
    );
}
