//! The `despin` example as a user runs it: the JSON contract, JSON lines, and bad input.

mod common;

use common::cli::{json_lines, run};
use serde_json::Value;
use std::path::PathBuf;

fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("despin-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

const LEXICON: &str =
    "most cancers\tcancer\tnews-spinner\t0.95\nfinal yr\tlast year\tnews-spinner\t0.95\n";

#[test]
fn json_object_follows_the_contract() {
    let lex = temp_file("contract.tsv", LEXICON.as_bytes());
    let text = "Ünïcode first: most cancers fell final yr.";
    let out = run(
        &["--json", "--no-builtin", "--lexicon", lex.to_str().unwrap()],
        text.as_bytes(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["score"].as_f64().unwrap() > 0.0);
    assert!(v["spun"].is_boolean());
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 2);
    for f in findings {
        let (start, end) = (
            f["start"].as_u64().unwrap() as usize,
            f["end"].as_u64().unwrap() as usize,
        );
        // Byte offsets into the UTF-8 input.
        assert_eq!(&text[start..end], f["text"].as_str().unwrap());
        assert!(f["confidence"].as_f64().unwrap() > 0.0);
        assert_eq!(f["family"], "news-spinner");
    }
    assert_eq!(findings[0]["original"], "cancer");
    assert_eq!(v["reconstructed"], "Ünïcode first: cancer fell last year.");
}

#[test]
fn jsonl_answers_every_line_in_order_and_reports_bad_lines() {
    let lex = temp_file("jsonl.tsv", LEXICON.as_bytes());
    let input = b"{\"id\": 7, \"text\": \"most cancers\"}\n\nnot json\n{\"id\": \"b\", \"text\": \"plain\"}\n{\"id\": 9}\n{\"id\": 10, \"text\": \"bad \xff\"}\n{\"id\": [1], \"text\": \"final yr\"}\n";
    let out = run(
        &[
            "--jsonl",
            "--no-builtin",
            "--lexicon",
            lex.to_str().unwrap(),
        ],
        input,
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "bad lines make the exit non-zero"
    );
    let lines: Vec<Value> = json_lines(&out);
    // One answer per input line, so output line N answers input line N.
    assert_eq!(lines.len(), 7);
    assert_eq!(lines[0]["id"], 7);
    assert_eq!(lines[0]["reconstructed"], "cancer");
    // The blank line: the empty text, no id.
    assert_eq!(lines[1]["id"], Value::Null);
    assert_eq!(lines[1]["reconstructed"], "");
    assert_eq!(lines[1]["words"], 0);
    assert_eq!(lines[2]["line"], 3);
    assert!(lines[2]["error"]
        .as_str()
        .unwrap()
        .contains("malformed JSON"));
    assert!(lines[2].get("id").is_none(), "no id could be read");
    assert_eq!(lines[3]["id"], "b");
    assert_eq!(lines[4]["line"], 5);
    assert_eq!(lines[4]["id"], 9, "the id of a bad line that has one");
    assert!(lines[4]["error"]
        .as_str()
        .unwrap()
        .contains("missing field \"text\""));
    assert_eq!(lines[5]["line"], 6);
    assert_eq!(lines[5]["id"], 10, "the id, though the text is not UTF-8");
    assert!(lines[5]["error"]
        .as_str()
        .unwrap()
        .contains("invalid UTF-8"));
    assert_eq!(lines[6]["id"], serde_json::json!([1]));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("<stdin>:3: malformed JSON"), "{stderr}");

    let strict = run(&["--jsonl", "--strict"], input);
    assert_eq!(strict.status.code(), Some(1));
    assert_eq!(json_lines(&strict).len(), 3, "up to the first bad line");
}

#[test]
fn invalid_utf8_is_reported_with_its_line() {
    let out = run(&[], b"fine line\nbad \xc3\x28 here\n");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("<stdin>:2: invalid UTF-8 at byte 5"),
        "{stderr}"
    );
}

#[test]
fn malformed_lexicon_names_file_and_line() {
    let lex = temp_file(
        "broken.tsv",
        b"# ok\nmost cancers\tcancer\nno tab on this row\n",
    );
    let out = run(&["--lexicon", lex.to_str().unwrap()], b"text");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("broken.tsv:3: expected"), "{stderr}");
    let missing = run(&["--lexicon", "/nonexistent/lexicon.tsv"], b"text");
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn human_report_shows_score_findings_and_reconstruction() {
    let lex = temp_file("human.tsv", LEXICON.as_bytes());
    let out = run(
        &[
            "--no-color",
            "--no-builtin",
            "--lexicon",
            lex.to_str().unwrap(),
        ],
        b"It rose final yr.",
    );
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("score "), "{s}");
    assert!(s.contains("final yr -> last year"), "{s}");
    assert!(s.contains("It rose [final yr]."), "{s}");
    assert!(s.contains("It rose last year."), "{s}");
    assert!(!s.contains('\x1b'), "no colour codes with --no-color");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["--bogus"], b"").status.code(), Some(2));
    assert_eq!(run(&["--json", "--jsonl"], b"").status.code(), Some(2));
    assert_eq!(run(&["--lexicon"], b"").status.code(), Some(2));
    assert_eq!(run(&["--strict"], b"").status.code(), Some(2));
    assert_eq!(run(&["--fuzzy=1.5"], b"").status.code(), Some(2));
    assert_eq!(run(&["--fuzzy=x"], b"").status.code(), Some(2));
    assert_eq!(run(&["--json=yes"], b"").status.code(), Some(2));
    assert_eq!(run(&["--threads", "0"], b"").status.code(), Some(2));
    let no_lexicon = run(&["--no-builtin"], b"most cancers");
    assert_eq!(no_lexicon.status.code(), Some(2));
    assert!(no_lexicon.stdout.is_empty());
    assert!(
        String::from_utf8_lossy(&no_lexicon.stderr)
            .contains("--no-builtin needs at least one --lexicon"),
        "{}",
        String::from_utf8_lossy(&no_lexicon.stderr)
    );
    let paper = run(&["--paper"], b"text");
    assert_eq!(paper.status.code(), Some(2), "--paper needs a list");
}

#[test]
fn long_texts_report_their_worst_sections() {
    let filler = "The council met on a cold morning to review budget lines for roads. ".repeat(80);
    let text = format!("{filler}It rose final yr, most cancers fell final yr. {filler}");
    let lex = temp_file("sections.tsv", LEXICON.as_bytes());
    let out = run(
        &["--json", "--no-builtin", "--lexicon", lex.to_str().unwrap()],
        text.as_bytes(),
    );
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let sections = v["sections"].as_array().unwrap();
    assert!(!sections.is_empty() && sections.len() <= despin::scoring::MAX_REPORTED_SECTIONS);
    let worst = (sections[0]["start"].as_u64().unwrap() as usize)
        ..(sections[0]["end"].as_u64().unwrap() as usize);
    let planted = text.find("final yr").unwrap();
    assert!(
        worst.contains(&planted),
        "worst section {worst:?} should hold the spun sentence at {planted}"
    );
    let short = run(&["--json"], b"A short clean note.");
    let v: Value = serde_json::from_slice(&short.stdout).unwrap();
    assert_eq!(v["sections"], serde_json::json!([]));
}
