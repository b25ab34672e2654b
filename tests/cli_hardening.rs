//! The `despin` command on hostile input: invalid UTF-8 (lone surrogates), JSON lines with
//! bad records among good ones, many tiny records, missing files. Every input here was
//! written for this test.

mod common;

use common::cli::{json_lines, run};
use serde_json::Value;

/// A UTF-8-encoded lone surrogate (U+D800), which is not valid UTF-8.
const LONE_SURROGATE: &[u8] = b"\xed\xa0\x80";

#[test]
fn lone_surrogate_bytes_are_reported_with_line_and_byte() {
    let mut input = b"first line is fine\nsecond ".to_vec();
    input.extend_from_slice(LONE_SURROGATE);
    input.extend_from_slice(b" here\n");
    for args in [&[][..], &["--json"][..]] {
        let out = run(args, &input);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("<stdin>:2: invalid UTF-8 at byte 8 of the line"),
            "{stderr}"
        );
        if args.is_empty() {
            assert!(
                out.stdout.is_empty(),
                "no half answer for a text that cannot be read"
            );
        } else {
            // JSON output answers it with an error object in its place, no half record.
            let answer: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(answer["line"], 2);
            assert!(answer.get("score").is_none() && answer.get("id").is_none());
        }
    }
}

#[test]
fn jsonl_lone_surrogates_fail_their_line_only() {
    let mut input =
        b"{\"id\": 1, \"text\": \"most cancers\"}\n{\"id\": 2, \"text\": \"raw ".to_vec();
    input.extend_from_slice(LONE_SURROGATE);
    input.extend_from_slice(b"\"}\n{\"id\": 3, \"text\": \"escaped \\ud800 alone\"}\n");
    input.extend_from_slice(b"{\"id\": 4, \"text\": \"pair \\ud83d\\ude00 final yr\"}\n");
    let out = run(&["--jsonl"], &input);
    assert_eq!(out.status.code(), Some(1));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["id"], 1);
    assert_eq!(lines[0]["reconstructed"], "cancer");
    assert_eq!(lines[1]["line"], 2);
    assert!(lines[1]["error"]
        .as_str()
        .unwrap()
        .contains("invalid UTF-8"));
    assert_eq!(lines[2]["line"], 3);
    assert!(lines[2]["error"]
        .as_str()
        .unwrap()
        .contains("malformed JSON"));
    assert_eq!(lines[3]["id"], 4);
    assert_eq!(lines[3]["reconstructed"], "pair 😀 last year");
    let f = &lines[3]["findings"][0];
    // Byte offsets into the UTF-8 text: the emoji is 4 bytes.
    assert_eq!(
        (f["start"].as_u64(), f["end"].as_u64()),
        (Some(10), Some(18))
    );
}

/// What an output line should be.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Expected {
    /// The record with this id.
    Id(u64),
    /// The answer to a blank line (null id).
    Blank,
    /// An error record.
    Error,
}

/// Input of `n` records where every 7th line is bad in a rotating way and every 11th is
/// blank; returns it with the expected output as (line number, what it is).
fn mixed_records(n: usize) -> (Vec<u8>, Vec<(usize, Expected)>) {
    let mut input = Vec::new();
    let mut expected = Vec::new();
    for i in 0..n {
        let line_no = i + 1;
        if i % 11 == 10 {
            input.extend_from_slice(b"   \r\n");
            expected.push((line_no, Expected::Blank));
            continue;
        }
        if i % 7 == 6 {
            let bad: &[u8] = match (i / 7) % 5 {
                0 => b"{\"id\": 1, \"text\": ",
                1 => b"[\"not\", \"an object\"]",
                2 => b"{\"id\": 2, \"text\": 42}",
                3 => b"{\"id\": 3}",
                _ => b"\xff\xfe{}",
            };
            input.extend_from_slice(bad);
            input.push(b'\n');
            expected.push((line_no, Expected::Error));
            continue;
        }
        let text = match i % 3 {
            0 => "The minister mentioned most cancers final yr.",
            1 => "plain words",
            _ => "",
        };
        input.extend_from_slice(
            serde_json::json!({"id": i, "text": text})
                .to_string()
                .as_bytes(),
        );
        input.push(b'\n');
        expected.push((line_no, Expected::Id(i as u64)));
    }
    (input, expected)
}

#[test]
fn jsonl_never_drops_or_reorders_good_lines() {
    let (input, expected) = mixed_records(3000);
    let out = run(&["--jsonl"], &input);
    assert_eq!(
        out.status.code(),
        Some(1),
        "bad lines make the exit non-zero"
    );
    let lines = json_lines(&out);
    assert_eq!(lines.len(), expected.len());
    for (got, (line_no, what)) in lines.iter().zip(&expected) {
        match what {
            Expected::Id(id) => assert_eq!(got["id"].as_u64(), Some(*id), "{got}"),
            Expected::Blank => {
                assert!(got["id"].is_null() && got["words"] == 0, "{got}");
            }
            Expected::Error => {
                assert_eq!(got["line"].as_u64(), Some(*line_no as u64), "{got}");
                assert!(got["error"].is_string());
            }
        }
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.lines().count(),
        expected.iter().filter(|e| e.1 == Expected::Error).count()
    );

    // Strict: exactly the same answers up to and including the first bad line.
    let strict = run(&["--jsonl", "--strict"], &input);
    assert_eq!(strict.status.code(), Some(1));
    let first_bad = expected
        .iter()
        .position(|e| e.1 == Expected::Error)
        .unwrap();
    assert_eq!(json_lines(&strict), lines[..=first_bad]);

    // All good: exit 0, strict or not.
    let good: Vec<u8> = input
        .split(|&b| b == b'\n')
        .filter(|l| {
            l.starts_with(b"{\"id\":")
                && serde_json::from_slice::<Value>(l).is_ok_and(|v| v["text"].is_string())
        })
        .flat_map(|l| l.iter().copied().chain([b'\n']))
        .collect();
    assert_eq!(run(&["--jsonl", "--strict"], &good).status.code(), Some(0));
}

#[test]
fn jsonl_many_tiny_records_in_order() {
    let n = 100_000;
    let mut input = Vec::with_capacity(n * 24);
    for i in 0..n {
        input.extend_from_slice(format!("{{\"id\":{i},\"text\":\"x{}\"}}\n", i % 10).as_bytes());
    }
    let out = run(&["--jsonl"], &input);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = json_lines(&out);
    assert_eq!(lines.len(), n);
    assert!(lines
        .iter()
        .enumerate()
        .all(|(i, v)| v["id"].as_u64() == Some(i as u64)));
}

#[test]
fn hostile_text_in_every_output_mode() {
    let text = "\0ctl\u{1b}[2J most cancers \u{202e}rtl\u{202c} pаyment {a|b} {{|}} mo\u{200d}st cancers\u{301}\n";
    for args in [&["--no-color"][..], &["--color"][..], &["--json"][..]] {
        let out = run(args, text.as_bytes());
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out.stdout.is_empty());
    }
    let v: Value = serde_json::from_slice(&run(&["--json"], text.as_bytes()).stdout).unwrap();
    for f in v["findings"].as_array().unwrap() {
        let (s, e) = (
            f["start"].as_u64().unwrap() as usize,
            f["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], f["text"].as_str().unwrap());
    }
    let families: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["family"].as_str().unwrap())
        .collect();
    assert!(families.contains(&"homoglyph"), "{families:?}");
}

#[test]
fn missing_input_file_and_empty_input() {
    let out = run(&["/nonexistent/input.txt"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/input.txt"));
    let out = run(&["--json"], b"");
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["reconstructed"], "");
    assert_eq!(v["findings"].as_array().map(Vec::len), Some(0));
    let out = run(&["--jsonl"], b"\n \n\t\n");
    assert!(out.status.success());
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 3, "every blank line is answered");
    assert!(lines
        .iter()
        .all(|l| l["id"].is_null() && l["reconstructed"] == ""));
    assert!(
        run(&["--jsonl"], b"").stdout.is_empty(),
        "no input, no output"
    );
}
