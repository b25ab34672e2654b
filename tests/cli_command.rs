//! The `despin` binary as a user installs and scripts it (issue 16): help and version,
//! `--fuzzy[=SIM]`, several files, the example alias, one JSON record shared with the
//! library, paper mode, lexicon mistakes that used to pass silently, answering a worker
//! record by record, and `--rewrite-only-spun`. Every row and sentence was written for
//! this project.

mod common;

use common::cli::{despin_bin, example_bin, json_lines, run, run_program};
use despin::{Answer, Detector, Lexicon, Record};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("despin-cli-command-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const LEXICON: &str = "\
most cancers\tcancer\tnews-spinner\t0.95
final yr\tlast year\tnews-spinner\t0.95
counterfeit consciousness\tartificial intelligence\ttortured-science\t0.95
assertion\tstatement\tnews-spinner\t0.7
mentioned\tsaid\tnews-spinner\t0.7
";

// Item 1: a real command.

#[test]
fn help_lists_every_option_the_exit_codes_and_the_json_fields() {
    let out = run(&["--help"], b"");
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for option in [
        "--json",
        "--jsonl",
        "--strict",
        "--paper",
        "--color",
        "--no-color",
        "--unbuffered",
        "--lexicon PATH",
        "--lenient",
        "--no-builtin",
        "--fuzzy[=SIM]",
        "--rewrite-only-spun",
        "--threads N",
        "--help",
        "--version",
    ] {
        assert!(help.contains(option), "--help lacks {option}");
    }
    // Each top-level field starts a line of the field list.
    for field in [
        "findings",
        "id",
        "paper",
        "reconstructed",
        "score",
        "sections",
        "spun",
        "unaccepted",
        "words",
    ] {
        assert!(
            help.contains(&format!("\n  {field} ")),
            "--help lacks the JSON field {field}"
        );
    }
    // Nested fields are named inside the lists of their objects.
    for field in [
        "start/end",
        "candidates,",
        "in_quote,",
        "tier}",
        "family,",
        "sha256,",
    ] {
        assert!(help.contains(field), "--help lacks the JSON field {field}");
    }
    assert!(help.contains("Exit codes") && help.contains("  2  usage error"));
    assert!(
        help.contains("English"),
        "says what the built-in lexicon covers"
    );
    assert_eq!(run(&["-h"], b"").stdout, help.as_bytes());
}

#[test]
fn version_is_the_crate_version() {
    for flag in ["--version", "-V"] {
        let out = run(&[flag], b"");
        assert!(out.status.success());
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            format!("despin {}\n", env!("CARGO_PKG_VERSION"))
        );
    }
}

#[test]
fn fuzzy_takes_an_optional_similarity() {
    let lex = temp_file("fuzzy.tsv", LEXICON.as_bytes());
    let lex = lex.to_str().unwrap();
    let text = b"A model of counterfeit consciusness.";
    let found = |args: &[&str]| -> usize {
        let mut all = vec!["--json", "--no-builtin", "--lexicon", lex];
        all.extend_from_slice(args);
        let out = run(&all, text);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v["findings"].as_array().unwrap().len() + v["unaccepted"].as_array().unwrap().len()
    };
    assert_eq!(found(&[]), 0, "fuzzy is off by default");
    assert_eq!(found(&["--fuzzy"]), 1, "the default similarity 0.9");
    assert_eq!(found(&["--fuzzy=0.8"]), 1);
    assert_eq!(
        found(&["--fuzzy=1"]),
        0,
        "similarity 1 is an exact match only"
    );
}

#[test]
fn several_files_are_answered_in_order() {
    let a = temp_file("a.txt", b"It rose final yr.");
    let b = temp_file("b.txt", b"Most cancers fell.");
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let out = run(&["--json", a, b], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 2);
    assert_eq!((&lines[0]["id"], &lines[1]["id"]), (&json!(a), &json!(b)));
    assert_eq!(lines[0]["reconstructed"], "It rose last year.");
    assert_eq!(lines[1]["reconstructed"], "Cancer fell.");
    // A file that is not UTF-8 gets an error object in its place, and the rest answers.
    let bad = temp_file("bad.txt", b"line one\nfinal \xff yr\n");
    let bad = bad.to_str().unwrap();
    let out = run(&["--json", a, bad, b], b"");
    assert_eq!(out.status.code(), Some(1));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 3);
    assert_eq!(
        (&lines[1]["id"], &lines[1]["line"]),
        (&json!(bad), &json!(2))
    );
    assert!(lines[1]["error"]
        .as_str()
        .unwrap()
        .contains("invalid UTF-8"));
    assert_eq!(lines[2]["reconstructed"], "Cancer fell.");
    // A single input keeps the contract's null id.
    let one: Value = serde_json::from_slice(&run(&["--json", a], b"").stdout).unwrap();
    assert_eq!(one["id"], Value::Null);
    // People get a header per file, as `head` gives.
    let human = run(&["--no-color", a, "-", b], b"stdin text final yr");
    let s = String::from_utf8(human.stdout).unwrap();
    let headers: Vec<&str> = s.lines().filter(|l| l.starts_with("==> ")).collect();
    assert_eq!(
        headers,
        [
            format!("==> {a} <=="),
            "==> <stdin> <==".into(),
            format!("==> {b} <==")
        ]
    );
    assert!(s.contains("stdin text last year"));
    // JSON lines from two files, one after the other.
    let j1 = temp_file("1.jsonl", b"{\"id\": 1, \"text\": \"final yr\"}\n");
    let j2 = temp_file("2.jsonl", b"{\"id\": 2, \"text\": \"x\"}\nbad\n");
    let out = run(
        &["--jsonl", j1.to_str().unwrap(), j2.to_str().unwrap()],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    let lines = json_lines(&out);
    assert_eq!(
        (&lines[0]["id"], &lines[1]["id"], &lines[2]["line"]),
        (&json!(1), &json!(2), &json!(2))
    );
    assert!(
        stderr(&out).contains("2.jsonl:2: malformed JSON"),
        "{}",
        stderr(&out)
    );
    // A missing file is a usage error before any output.
    let missing = run(&["--json", a, "/nonexistent/x.txt"], b"");
    assert_eq!(missing.status.code(), Some(2));
    assert!(missing.stdout.is_empty());
}

#[test]
fn the_example_is_an_alias_of_the_binary() {
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/sample-spun.txt");
    for args in [
        &["--json", sample][..],
        &["--no-color", sample][..],
        &["--version"][..],
    ] {
        let bin = run_program(&despin_bin(), args, b"");
        let example = run_program(&example_bin(), args, b"");
        assert!(bin.status.success() && example.status.success());
        assert!(!bin.stdout.is_empty());
        assert_eq!(bin.stdout, example.stdout, "{args:?}");
    }
}

// Item 2: the command prints the library's record.

#[test]
fn jsonl_output_is_the_library_record_and_reads_back_into_it() {
    let lex = temp_file("record.tsv", LEXICON.as_bytes());
    let lexicon = Lexicon::load(&lex).unwrap();
    let detector = Detector::builder().lexicon(lexicon).build().unwrap();
    let filler = "The council met on a cold morning to review budget lines for roads. ".repeat(60);
    let inputs = [
        (
            json!(1),
            "“Quoted most cancers” final yr, the assertion mentioned.".to_owned(),
        ),
        (
            json!("two"),
            format!("{filler}Most cancers fell final yr. {filler}"),
        ),
        (json!({"nested": [null, 1.5]}), "Plain words.".to_owned()),
    ];
    let mut input = String::new();
    for (id, text) in &inputs {
        input.push_str(&json!({"id": id, "text": text}).to_string());
        input.push('\n');
    }
    input.push_str("{\"id\": 4, \"text\": 5}\n");
    let out = run(
        &["--jsonl", "--lexicon", lex.to_str().unwrap()],
        input.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
    assert_eq!(lines.len(), 4);
    for ((id, text), line) in inputs.iter().zip(&lines) {
        let record = detector.record(id.clone(), text);
        // Byte for byte what the library serialises.
        assert_eq!(*line, serde_json::to_string(&record).unwrap());
        let back: Record = serde_json::from_str(line).unwrap();
        assert_eq!(back, record);
    }
    let error = serde_json::from_str::<Answer>(lines[3])
        .unwrap()
        .into_result()
        .unwrap_err();
    assert_eq!((error.line, error.id), (4, Some(json!(4))));
    assert_eq!(error.error, "field \"text\" is not a string");
}

// Item 3: paper mode.

const TORTURED_CSV: &str = "tortured_phrase,expected_phrase,num_papers
\"\"\"bosom peril\"\"\",breast cancer,1
\"\"\"counterfeit consciousness\"\"\",artificial intelligence,1
\"\"\"profound learning\"\" AND \"\"deep learning\"\"\",deep learning,1
";

const PAPER: &str = "Title: a screening study\n\
We screen bosom peril with counterfeit consciousness.\n\
Later, bosom peril again.\n";

#[test]
fn paper_mode_prints_the_verdict_fingerprints_lines_and_list_hash() {
    let csv = temp_file("tortured.csv", TORTURED_CSV.as_bytes());
    let csv = csv.to_str().unwrap();
    let id = despin::PpsList::load(csv).unwrap().report.id;
    let args = ["--paper", "--no-builtin", "--lexicon", csv];

    let out = run(&[&args[..], &["--json"]].concat(), PAPER.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let paper = &v["paper"];
    assert_eq!(paper["verdict"], "problematic");
    assert_eq!(
        (paper["distinct"].as_u64(), paper["findings"].as_u64()),
        (Some(2), Some(3))
    );
    let first = &paper["fingerprints"][0];
    assert_eq!(first["fingerprint"], "bosom peril");
    assert_eq!(first["expected"], "breast cancer");
    let lines: Vec<u64> = first["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [2, 3]);
    let o = &first["occurrences"][1];
    let span = o["start"].as_u64().unwrap() as usize..o["end"].as_u64().unwrap() as usize;
    assert_eq!(&PAPER[span], "bosom peril");
    assert_eq!(paper["lists"][0]["sha256"], id.sha256);
    assert_eq!(paper["lists"][0]["source_name"], csv);
    assert_eq!(
        v["reconstructed"],
        PAPER
            .replace("bosom peril", "breast cancer")
            .replace("counterfeit consciousness", "artificial intelligence")
    );
    // The record reads back with its paper screen.
    let record: Record = serde_json::from_value(v.clone()).unwrap();
    assert_eq!(
        record.paper.unwrap().verdict,
        despin::PaperVerdict::Problematic
    );

    let human = run(&[&args[..], &["--no-color"]].concat(), PAPER.as_bytes());
    assert!(human.status.success());
    let s = String::from_utf8(human.stdout).unwrap();
    assert!(s.starts_with("paper verdict: PROBLEMATIC"), "{s}");
    assert!(
        s.contains("bosom peril -> breast cancer  lines 2, 3"),
        "{s}"
    );
    assert!(
        s.contains("counterfeit consciousness -> artificial intelligence  line 2"),
        "{s}"
    );
    assert!(s.contains(&id.sha256), "{s}");
    assert!(
        !s.contains("verdict: SPUN") && !s.contains("not spun"),
        "no news-spinner verdict: {s}"
    );

    let jsonl = format!(
        "{}\n{}\n",
        json!({"id": "p1", "text": PAPER}),
        json!({"id": "p2", "text": "A clean abstract."})
    );
    let out = run(&[&args[..], &["--jsonl"]].concat(), jsonl.as_bytes());
    let lines = json_lines(&out);
    assert_eq!(lines[0]["paper"]["verdict"], "problematic");
    assert_eq!(lines[1]["paper"]["verdict"], "clean");
    assert_eq!(lines[1]["paper"]["fingerprints"], json!([]));
    // Without --paper, no paper field: the contract is unchanged.
    let plain = run(
        &["--json", "--no-builtin", "--lexicon", csv],
        PAPER.as_bytes(),
    );
    let v: Value = serde_json::from_slice(&plain.stdout).unwrap();
    assert!(v.get("paper").is_none());
}

// Item 4: mistakes that used to pass silently.

#[test]
fn lexicon_mistakes_are_reported() {
    // An empty lexicon file (or one with only a header) is an error, not "not spun".
    for (name, contents) in [("empty.tsv", ""), ("only-header.tsv", "spun\toriginal\n")] {
        let path = temp_file(name, contents.as_bytes());
        let out = run(&["--lexicon", path.to_str().unwrap()], b"most cancers");
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert!(
            stderr(&out).contains(name) && stderr(&out).contains("no lexicon rows"),
            "{}",
            stderr(&out)
        );
    }
    // A header row is recognised, not loaded as the pair spun -> original.
    let header = temp_file("header.tsv", b"spun\toriginal\nfinal yr\tlast year\n");
    let out = run(
        &[
            "--json",
            "--no-builtin",
            "--lexicon",
            header.to_str().unwrap(),
        ],
        b"The wool was spun by hand final yr.",
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["reconstructed"], "The wool was spun by hand last year.");
    // --lenient loads the good rows and lists every bad one.
    let mixed = temp_file(
        "mixed.tsv",
        b"final yr\tlast year\nno tab\nmost cancers\tcancer\nx\tx\n",
    );
    let strict = run(
        &["--no-builtin", "--lexicon", mixed.to_str().unwrap()],
        b"t",
    );
    assert_eq!(strict.status.code(), Some(2));
    assert!(stderr(&strict).contains("mixed.tsv:2:"));
    let out = run(
        &[
            "--json",
            "--lenient",
            "--no-builtin",
            "--lexicon",
            mixed.to_str().unwrap(),
        ],
        b"most cancers final yr",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("mixed.tsv: 2 of 4 rows loaded"), "{err}");
    assert!(
        err.contains("mixed.tsv:2: skipped \"no tab\": malformed row"),
        "{err}"
    );
    assert!(
        err.contains("mixed.tsv:4: skipped \"x\": invalid entry"),
        "{err}"
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["reconstructed"], "cancer last year");
    // A lenient file with nothing good in it is still an error.
    let bad = temp_file("bad.tsv", b"no tab\n");
    let out = run(&["--lenient", "--lexicon", bad.to_str().unwrap()], b"t");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no entries loaded"),
        "{}",
        stderr(&out)
    );
}

// Item 5: a worker feeding records one at a time gets each answer at once.

/// Feed `despin ARGS` records one at a time through `write`, waiting for each answer
/// before sending the next; panics if an answer does not come within 20 s.
fn converse(args: &[&str], records: &[&str]) -> Vec<Value> {
    let mut child = Command::new(despin_bin())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn despin");
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (send, answers) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if send.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    let mut got = Vec::new();
    for record in records {
        stdin.write_all(record.as_bytes()).unwrap();
        stdin.write_all(b"\n").unwrap();
        stdin.flush().unwrap();
        let line = answers
            .recv_timeout(Duration::from_secs(20))
            .unwrap_or_else(|_| panic!("no answer to {record:?} while the input stays open"));
        got.push(serde_json::from_str(&line).unwrap());
    }
    drop(stdin);
    assert!(child.wait().unwrap().code().is_some());
    got
}

#[test]
fn a_worker_gets_each_answer_before_sending_the_next_record() {
    let records = [
        r#"{"id": 1, "text": "It rose final yr."}"#,
        "",
        "not json",
        r#"{"id": 3, "text": "Most cancers fell."}"#,
    ];
    let got = converse(&["--jsonl"], &records);
    assert_eq!(got[0]["reconstructed"], "It rose last year.");
    assert!(got[1]["id"].is_null(), "a blank line is answered too");
    assert_eq!(got[2]["line"], 3);
    assert_eq!(got[3]["id"], 3);
    let got = converse(
        &["--jsonl", "--unbuffered", "--threads", "1"],
        &records[..1],
    );
    assert_eq!(got[0]["id"], 1);
}

#[cfg(unix)]
#[test]
fn a_named_pipe_given_as_file_is_answered_record_by_record() {
    let dir = std::env::temp_dir().join(format!("despin-fifo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("in.fifo");
    let _ = std::fs::remove_file(&fifo);
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo is not available; skipped");
        return;
    }
    let mut child = Command::new(despin_bin())
        .args(["--jsonl", fifo.to_str().unwrap()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut writer = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    // Answers arrive through a channel, so a lost one fails the test instead of hanging it.
    let stdout = child.stdout.take().unwrap();
    let (send, answers) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if send.send(line).is_err() {
                break;
            }
        }
    });
    for i in 0..3 {
        writeln!(writer, "{}", json!({"id": i, "text": "final yr"})).unwrap();
        writer.flush().unwrap();
        // The pipe stays open, so the answer must come now, not at end of input.
        let Ok(line) = answers.recv_timeout(Duration::from_secs(20)) else {
            let _ = child.kill();
            panic!("no answer to record {i} within 20 s");
        };
        let v: Value = serde_json::from_str(&line.unwrap()).unwrap();
        assert_eq!(
            (v["id"].as_u64(), v["reconstructed"].as_str()),
            (Some(i), Some("last year"))
        );
    }
    drop(writer);
    assert!(child.wait().unwrap().success());
}

// Item 6: precision the user controls.

#[test]
fn rewrite_only_spun_keeps_passages_not_judged_spun() {
    let lex = temp_file("only.tsv", LEXICON.as_bytes());
    let lex = lex.to_str().unwrap();
    // Two words each confident alone, in a passage that reads as written by hand.
    let text = "The assertion mentioned in the report was checked by the panel on Monday, and \
        the members agreed to publish the full findings next week after a final review of the \
        budget. The chair thanked the staff for their work over the summer and asked for \
        comments from the public by the end of the month, when the committee will meet again \
        to vote on the plan and its costs for the coming year.";
    let rewritten = text.replacen("assertion mentioned", "statement said", 1);
    let text = text.as_bytes();
    // Context judgement off: "mentioned in" is ordinary English, which would leave the two
    // rows too weak to be rewritten at all (see `no_context_turns_context_judgement_off`).
    let base = ["--json", "--no-builtin", "--no-context", "--lexicon", lex];
    let default: Value = serde_json::from_slice(&run(&base, text).stdout).unwrap();
    let only: Value =
        serde_json::from_slice(&run(&[&base[..], &["--rewrite-only-spun"]].concat(), text).stdout)
            .unwrap();
    assert_eq!(default["spun"], false);
    assert_eq!(default["reconstructed"], rewritten);
    assert_eq!(only["reconstructed"], std::str::from_utf8(text).unwrap());
    assert_eq!(only["findings"], json!([]));
    assert_eq!(default["unaccepted"], json!([]));
    assert_eq!(
        only["unaccepted"], default["findings"],
        "reported, not rewritten"
    );
    assert_eq!(only["score"], default["score"]);
    let human = run(
        &[
            "--no-color",
            "--rewrite-only-spun",
            "--no-builtin",
            "--no-context",
            "--lexicon",
            lex,
        ],
        text,
    );
    let s = String::from_utf8(human.stdout).unwrap();
    let note = "[passage not judged spun: not rewritten]";
    assert_eq!(s.lines().filter(|l| l.ends_with(note)).count(), 2, "{s}");
    assert!(s.contains("assertion -> statement"), "{s}");
}

#[test]
fn rewrite_everywhere_restores_support_outside_spun_passages() {
    let lex = temp_file(
        "scope.tsv",
        b"assertion\tstatement\tnews-spinner\t0.8\nmentioned\tsaid\tnews-spinner\t0.6\n",
    );
    let lex = lex.to_str().unwrap();
    let text = format!(
        "The assertion mentioned the plan. {}",
        "The council met to talk. ".repeat(12)
    );
    let base = ["--json", "--no-builtin", "--no-context", "--lexicon", lex];
    let answer = |extra: &[&str]| -> Value {
        let out = run(&[&base[..], extra].concat(), text.as_bytes());
        assert!(out.status.success());
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let (default, everywhere) = (answer(&[]), answer(&["--rewrite-everywhere"]));
    assert_eq!(default["spun"], false);
    assert!(default["reconstructed"]
        .as_str()
        .unwrap()
        .starts_with("The statement mentioned the plan."));
    assert_eq!(default["unaccepted"][0]["text"], "mentioned");
    assert!(everywhere["reconstructed"]
        .as_str()
        .unwrap()
        .starts_with("The statement said the plan."));
    assert_eq!(everywhere["unaccepted"], json!([]));
    assert_eq!(default["score"], everywhere["score"]);
    // The human report says why the supported word was left.
    let human = run(
        &[
            "--no-color",
            "--no-builtin",
            "--no-context",
            "--lexicon",
            lex,
        ],
        text.as_bytes(),
    );
    let s = String::from_utf8(human.stdout).unwrap();
    let left: Vec<&str> = s
        .lines()
        .filter(|l| l.ends_with("[passage not judged spun: not rewritten]"))
        .collect();
    assert_eq!(left.len(), 1, "{s}");
    assert!(left[0].contains("mentioned -> said"), "{s}");
    // The two scopes exclude each other.
    let both = run(
        &[&base[..], &["--rewrite-everywhere", "--rewrite-only-spun"]].concat(),
        text.as_bytes(),
    );
    assert_eq!(both.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&both.stderr).contains("exclude each other"));
}

#[test]
fn the_human_report_says_why_a_finding_was_left() {
    // "alpha" is too weak alone to be accepted (own 0.2, below the minimum that support
    // may lift), though its confident neighbours lift its confidence over the line; the
    // passage reads as spun. Its note must say "too weak", not blame the passage.
    let lex = temp_file(
        "why.tsv",
        b"alpha\tA\tnews-spinner\t0.2\nbravo\tB\tnews-spinner\t0.95\n\
          charlie\tC\tnews-spinner\t0.95\ndelta\tD\tnews-spinner\t0.95\n",
    );
    let lex = lex.to_str().unwrap();
    let text = b"Bravo charlie delta alpha bravo charlie delta.";
    let base = ["--no-builtin", "--no-context", "--lexicon", lex];
    let json: Value =
        serde_json::from_slice(&run(&[&["--json"], &base[..]].concat(), text).stdout).unwrap();
    assert_eq!(json["spun"], true, "{json}");
    let alpha = &json["unaccepted"][0];
    assert_eq!(alpha["text"], "alpha");
    assert!(alpha["confidence"].as_f64().unwrap() >= 0.7, "{alpha}");
    let human = run(&[&["--no-color"], &base[..]].concat(), text);
    let s = String::from_utf8(human.stdout).unwrap();
    let line = s.lines().find(|l| l.contains("alpha -> A")).unwrap();
    assert!(line.ends_with("[too weak alone: not rewritten]"), "{s}");
}

#[test]
fn no_context_turns_context_judgement_off() {
    let lex = temp_file("context.tsv", b"attempt\ttry\tnews-spinner\t0.75\n");
    let lex = lex.to_str().unwrap();
    // "an attempt to" is what English writes: judged in context, the row is too weak alone.
    let text = b"The council made an attempt to settle the dispute.";
    let base = ["--json", "--no-builtin", "--lexicon", lex];
    let judged: Value = serde_json::from_slice(&run(&base, text).stdout).unwrap();
    assert_eq!(judged["findings"], json!([]));
    assert_eq!(judged["unaccepted"][0]["text"], "attempt");
    let off: Value =
        serde_json::from_slice(&run(&[&base[..], &["--no-context"]].concat(), text).stdout)
            .unwrap();
    assert_eq!(off["findings"][0]["text"], "attempt");
    assert_eq!(
        off["reconstructed"],
        "The council made an try to settle the dispute."
    );
    let bad = run(&[&base[..], &["--no-context=1"]].concat(), text);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn unknown_corrections_show_as_flagged_and_stay_in_the_text() {
    let list = temp_file(
        "unknown.json",
        br#"{"phrases": [{"tortured": "haphazard woodland", "correct": "???"}]}"#,
    );
    let list = list.to_str().unwrap();
    let text = b"We trained a haphazard woodland on the data.";
    let out = run(&["--no-color", "--no-builtin", "--lexicon", list], text);
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(
        s.contains("haphazard woodland -> ???")
            && s.contains("[correction unknown: flagged, never rewritten]"),
        "{s}"
    );
    assert!(
        s.contains("We trained a haphazard woodland on the data."),
        "{s}"
    );
    let json: Value =
        serde_json::from_slice(&run(&["--json", "--no-builtin", "--lexicon", list], text).stdout)
            .unwrap();
    assert_eq!(json["findings"][0]["original"], "");
    assert_eq!(
        json["reconstructed"],
        "We trained a haphazard woodland on the data."
    );
    let paper = run(
        &["--no-color", "--paper", "--no-builtin", "--lexicon", list],
        text,
    );
    let s = String::from_utf8(paper.stdout).unwrap();
    assert!(
        s.contains("haphazard woodland -> ??? (correction unknown)"),
        "{s}"
    );
}
