//! The `--jsonl` record reader of the `despin` example, in its own file so the fuzz target
//! `jsonl` (see `fuzz/`) runs exactly the code the command runs.
//!
//! Input is JSON lines `{"id": ..., "text": "..."}`. Every non-blank line yields one
//! record, in input order: either `(id, text)` or a message saying what is wrong with the
//! line. Blank lines (only whitespace) yield nothing. A bad line never hides a good one:
//! the reader continues after it unless `strict` is set.

use serde_json::Value;
use std::io::BufRead;

/// One parsed non-blank line: `(id, text)` or what is wrong with it.
pub type Record = Result<(Value, String), String>;

/// Parse one input line (with or without its line end). `Ok(None)` for a blank line.
pub fn parse_record(line: &[u8]) -> Result<Option<(Value, String)>, String> {
    let line = std::str::from_utf8(line)
        .map_err(|e| format!("invalid UTF-8 at byte {} of the line", e.valid_up_to() + 1))?;
    let line = line.trim();
    if line.is_empty() {
        return Ok(None);
    }
    let mut value: Value =
        serde_json::from_str(line).map_err(|e| format!("malformed JSON: {e}"))?;
    let Some(object) = value.as_object_mut() else {
        return Err("expected a JSON object with a \"text\" field".into());
    };
    let id = object.remove("id").unwrap_or(Value::Null);
    match object.remove("text") {
        Some(Value::String(text)) => Ok(Some((id, text))),
        Some(_) => Err("field \"text\" is not a string".into()),
        None => Err("missing field \"text\"".into()),
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
