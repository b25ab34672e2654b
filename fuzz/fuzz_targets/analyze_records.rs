#![no_main]
//! `Detector::analyze_records` (the loop of `despin --jsonl`) over any bytes as its
//! reader. The first byte picks the detector (built-in, fuzzy tier on or off), paper
//! mode, the read-ahead, and whether the reader hands the rest out in small chunks with a
//! `WouldBlock` between them (a non-blocking pipe). Checked, as `analyze_records`
//! documents: exactly one answer per input line, in order, and nothing else (the reader
//! never fails); the n-th answer is the record of line n's text under its `id`, unchanged
//! (a blank line: the empty text, `id` null), or an error with line number n for a line
//! that cannot be read, carrying the line's `id` when the line is a JSON object with a
//! non-null `id`; a leading byte-order mark is not part of line 1. Each answer equals what
//! `Detector::record` / `paper_record` gives for that line alone, its finding offsets
//! point at its text, and it survives the JSON round trip through `Answer`. The same
//! input read with `json_lines` gives each answer as `serde_json` writes it, byte for byte
//! (the hand-written JSON of `src/record/json.rs`), with the error of each bad line.

use despin::{Answer, Detector, JsonLine, Record, RecordError};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use std::io::{BufRead, BufReader, ErrorKind, Read};
use std::sync::LazyLock;

// One thread each: the answers do not depend on it, and the fuzzer shares the machine.
static BUILTIN: LazyLock<Detector> = LazyLock::new(|| {
    Detector::builder()
        .threads(1)
        .build()
        .expect("built-in detector builds")
});
static FUZZY: LazyLock<Detector> = LazyLock::new(|| {
    Detector::builder()
        .threads(1)
        .fuzzy(Some(despin::DEFAULT_FUZZY_SIMILARITY))
        .build()
        .expect("fuzzy detector builds")
});

/// Hands its bytes out `size` at a time, reporting `WouldBlock` before each chunk but the
/// first (never twice in a row, so reading always makes progress).
struct Chunks<'a> {
    rest: &'a [u8],
    size: usize,
    block: bool,
}

impl Read for Chunks<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.rest.is_empty() {
            return Ok(0);
        }
        if std::mem::replace(&mut self.block, false) {
            return Err(ErrorKind::WouldBlock.into());
        }
        self.block = true;
        let k = self.size.min(buf.len()).min(self.rest.len());
        buf[..k].copy_from_slice(&self.rest[..k]);
        self.rest = &self.rest[k..];
        Ok(k)
    }
}

/// Every answer to `reader`, checking that lines read = answers returned + ready.
fn collect(
    detector: &Detector,
    reader: impl BufRead,
    read_ahead: usize,
    paper: bool,
) -> Vec<Result<Record, RecordError>> {
    let mut records = detector.analyze_records(reader).read_ahead(read_ahead);
    if paper {
        records = records.paper(Vec::new());
    }
    let mut out = Vec::new();
    while let Some(answer) = records.next() {
        out.push(answer);
        assert_eq!(
            records.lines_read(),
            out.len() + records.ready(),
            "a line read is one answer"
        );
    }
    assert!(records.next().is_none(), "the stream ended and stays ended");
    assert_eq!(records.lines_read(), out.len());
    out
}

/// Every answer to `reader` as a JSON line, checking the same counts as [`collect`].
fn collect_lines(
    detector: &Detector,
    reader: impl BufRead,
    read_ahead: usize,
    paper: bool,
) -> Vec<JsonLine> {
    let mut records = detector.analyze_records(reader).read_ahead(read_ahead);
    if paper {
        records = records.paper(Vec::new());
    }
    let mut lines = records.json_lines();
    let mut out = Vec::new();
    while let Some(line) = lines.next() {
        out.push(line);
        assert_eq!(lines.lines_read(), out.len() + lines.ready(), "a line read is one answer");
    }
    assert!(lines.next().is_none(), "the stream ended and stays ended");
    out
}

fn has_float(v: &Value) -> bool {
    match v {
        Value::Number(n) => n.is_f64(),
        Value::Array(a) => a.iter().any(has_float),
        Value::Object(o) => o.values().any(has_float),
        _ => false,
    }
}

fn check_record(record: &Record, text: &str) {
    for f in record.findings.iter().chain(&record.unaccepted) {
        assert!(
            f.start < f.end && f.end <= text.len(),
            "finding {}..{}",
            f.start,
            f.end
        );
        assert_eq!(text.get(f.start..f.end), Some(f.text.as_str()));
    }
    assert!(
        (0.0..=1.0).contains(&record.score),
        "score {}",
        record.score
    );
}

/// Written as `despin --jsonl` writes it and read back with `Answer`, an answer is equal
/// (an `id` holding a non-integer number is compared as written: parsing the shortest
/// decimal back is serde_json's business, not despin's).
fn check_round_trip(answer: &Result<Record, RecordError>) {
    let line = match answer {
        Ok(r) => serde_json::to_string(r),
        Err(e) => serde_json::to_string(e),
    }
    .expect("an answer serialises");
    let back: Answer = serde_json::from_str(&line).expect("an answer reads back");
    let back = back.into_result();
    match (answer, &back) {
        (Ok(a), Ok(b)) if has_float(&a.id) => {
            let mut b = b.clone();
            b.id = a.id.clone();
            assert_eq!(&b, a);
        }
        (Err(a), Err(b)) if a.id.as_ref().is_some_and(has_float) => {
            assert_eq!((&a.error, a.line), (&b.error, b.line));
        }
        _ => assert_eq!(&back, answer, "JSON round trip of {line}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, input)) = data.split_first() else {
        return;
    };
    let detector: &Detector = if flags & 1 == 1 { &FUZZY } else { &BUILTIN };
    let paper = flags & 2 == 2;
    let read_ahead = [1, 2, 3, 64][usize::from(flags >> 2 & 3)];
    let chunk = usize::from(flags >> 4);
    // A small buffer too, so lines straddle refills.
    let chunked = || {
        BufReader::with_capacity(
            chunk + 1,
            Chunks {
                rest: input,
                size: chunk,
                block: false,
            },
        )
    };
    let (answers, json_lines) = if chunk == 0 {
        (
            collect(detector, input, read_ahead, paper),
            collect_lines(detector, input, read_ahead, paper),
        )
    } else {
        (
            collect(detector, chunked(), read_ahead, paper),
            collect_lines(detector, chunked(), read_ahead, paper),
        )
    };
    assert_eq!(json_lines.len(), answers.len(), "one JSON line per answer");
    for (line, answer) in json_lines.iter().zip(&answers) {
        let expected = match answer {
            Ok(r) => serde_json::to_string(r),
            Err(e) => serde_json::to_string(e),
        }
        .expect("an answer serialises");
        assert_eq!(line.json, expected, "the JSON line is what serde_json writes");
        assert_eq!(line.error.as_ref(), answer.as_ref().err(), "the line's error");
    }

    let lines: Vec<&[u8]> = input.split_inclusive(|&b| b == b'\n').collect();
    assert_eq!(answers.len(), lines.len(), "one answer per input line");
    for (i, (answer, &line)) in answers.iter().zip(&lines).enumerate() {
        let n = i + 1;
        let line = match line.strip_prefix(b"\xEF\xBB\xBF") {
            Some(rest) if n == 1 => rest,
            _ => line,
        };
        check_round_trip(answer);
        // What the line is, read independently of `InputRecord::parse`.
        let expected: Result<(Value, String), Option<Value>> = match std::str::from_utf8(line) {
            Err(_) => {
                let e = answer.as_ref().expect_err("invalid UTF-8 is an error");
                assert!(e.error.starts_with("invalid UTF-8"), "{}", e.error);
                assert_eq!(e.line, n);
                // The id is still read when the bad bytes are elsewhere on the line.
                let id = match serde_json::from_str(String::from_utf8_lossy(line).trim()) {
                    Ok(Value::Object(mut o)) => o.remove("id").filter(|id| !id.is_null()),
                    _ => None,
                };
                assert_eq!(e.id, id, "line {n}: the error carries the line's id");
                continue;
            }
            Ok(s) if s.trim().is_empty() => Ok((Value::Null, String::new())),
            Ok(s) => match serde_json::from_str::<Value>(s.trim()) {
                Ok(Value::Object(mut o)) => {
                    let id = o.remove("id").unwrap_or(Value::Null);
                    match o.remove("text") {
                        Some(Value::String(text)) => Ok((id, text)),
                        _ => Err(Some(id).filter(|id| !id.is_null())),
                    }
                }
                _ => Err(None),
            },
        };
        match (expected, answer) {
            (Ok((id, text)), Ok(record)) => {
                assert_eq!(record.id, id, "line {n}: the id comes back unchanged");
                check_record(record, &text);
                let alone = if paper {
                    detector.paper_record(id, &text, &[])
                } else {
                    detector.record(id, &text)
                };
                assert_eq!(record, &alone, "line {n}: same as the line alone");
                assert_eq!(record.paper.is_some(), paper);
            }
            (Err(id), Err(e)) => {
                assert_eq!(e.line, n, "an error names its line");
                assert_eq!(e.id, id, "line {n}: the error carries the line's id");
                assert!(!e.error.is_empty());
            }
            (expected, answer) => panic!("line {n}: expected {expected:?}, got {answer:?}"),
        }
    }
});
