//! JSON-lines readers for the examples and the fuzz target `jsonl` (see `fuzz/`).
//!
//! [`parse_record`] reads one input line of the `despin --jsonl` contract with the
//! library's own parser ([`despin::InputRecord::parse`], which the command's loop
//! [`despin::Detector::analyze_records`] uses), so fuzzing it fuzzes the command's parser.
//! [`for_each_record`] calls it on every line: every non-blank line yields one record, in
//! input order, either `(id, text)` or a message saying what is wrong with the line.
//! Blank lines (only whitespace) yield nothing here (the command answers them as the
//! empty text). A bad line never hides a good one: the reader continues after it unless
//! `strict` is set.
//!
//! The measuring examples (`evaluate`, `crossval`, `learn_lexicon`, `train_score`) read
//! their corpus files with [`read_objects`] instead, which stops at the first bad line.

// Each includer uses a different subset of these helpers.
#![allow(dead_code)]

use serde_json::{Map, Value};
use std::io::BufRead;
use std::path::Path;

/// One parsed non-blank line: `(id, text)` or what is wrong with it.
pub type Record = Result<(Value, String), String>;

/// Parse one input line (with or without its line end). `Ok(None)` for a blank line.
pub fn parse_record(line: &[u8]) -> Result<Option<(Value, String)>, String> {
    match despin::InputRecord::parse(line, 0) {
        Ok(record) => Ok(record.map(|r| (r.id, r.text))),
        Err(e) => Err(e.error),
    }
}

/// Call `f(line_no, record)` for every non-blank line of `input`, in order (`line_no` is
/// 1-based and counts blank lines too). With `strict`, stop after the first bad line.
/// Returns `Ok(true)` when every line was good; I/O errors (of reading or of `f`) end the
/// loop and are returned.
pub fn for_each_record(
    mut input: impl BufRead,
    strict: bool,
    mut f: impl FnMut(usize, Record) -> std::io::Result<()>,
) -> std::io::Result<bool> {
    let mut all_good = true;
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    loop {
        buf.clear();
        if input.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        line_no += 1;
        match parse_record(&buf) {
            Ok(None) => continue,
            Ok(Some(record)) => f(line_no, Ok(record))?,
            Err(msg) => {
                all_good = false;
                f(line_no, Err(msg))?;
                if strict {
                    break;
                }
            }
        }
    }
    Ok(all_good)
}

/// A JSON object read from a JSON-lines file, with its 1-based line number.
pub type NumberedObject = (usize, Map<String, Value>);

/// Read a JSON-lines file in which every non-blank line is a JSON object. Errors name the
/// file (and line): unreadable file, invalid UTF-8, malformed JSON, or a line that is not
/// an object.
pub fn read_objects(path: &Path) -> Result<Vec<NumberedObject>, String> {
    let shown = path.display();
    let file = std::fs::File::open(path).map_err(|e| format!("{shown}: cannot open: {e}"))?;
    let mut input = std::io::BufReader::new(file);
    let mut objects = Vec::new();
    let mut buf = Vec::new();
    let mut number = 0;
    loop {
        buf.clear();
        let read = input
            .read_until(b'\n', &mut buf)
            .map_err(|e| format!("{shown}:{}: cannot read: {e}", number + 1))?;
        if read == 0 {
            break;
        }
        number += 1;
        let line = std::str::from_utf8(&buf).map_err(|e| {
            let at = e.valid_up_to() + 1;
            format!("{shown}:{number}: invalid UTF-8 at byte {at} of the line")
        })?;
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(map)) => objects.push((number, map)),
            Ok(_) => return Err(format!("{shown}:{number}: expected a JSON object")),
            Err(e) => return Err(format!("{shown}:{number}: bad JSON: {e}")),
        }
    }
    Ok(objects)
}

/// A string field of an object read by [`read_objects`] from `path` at `line`; `Ok(None)`
/// when absent or null, an error naming the file and line when it is not a string.
pub fn optional_str(
    map: &Map<String, Value>,
    field: &str,
    path: &Path,
    line: usize,
) -> Result<Option<String>, String> {
    match map.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(format!(
            "{}:{line}: field {field:?} is not a string",
            path.display()
        )),
    }
}

/// Like [`optional_str`], but the field must be present.
pub fn required_str(
    map: &Map<String, Value>,
    field: &str,
    path: &Path,
    line: usize,
) -> Result<String, String> {
    optional_str(map, field, path, line)?
        .ok_or_else(|| format!("{}:{line}: missing field {field:?}", path.display()))
}
