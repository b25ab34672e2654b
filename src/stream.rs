//! Answering JSON lines from a reader without holding the input: [`Records`], made by
//! [`Detector::analyze_records`]. This is the loop of `despin --jsonl`.

use crate::detector::Detector;
use crate::lexicon::ListId;
use crate::record::{InputRecord, Record, RecordError};
use serde_json::Value;
use std::collections::VecDeque;
use std::io::{BufRead, ErrorKind};

/// At most this many bytes of input lines are read ahead, whatever
/// [`Records::read_ahead`] allows, so memory stays flat on long lines.
const READ_AHEAD_BYTES: usize = 8 << 20;

/// An iterator over the answers to JSON lines read from `R`: one item per input line, in
/// input order (see [`Detector::analyze_records`]).
#[derive(Debug)]
pub struct Records<'d, R> {
    detector: &'d Detector,
    reader: R,
    read_ahead: usize,
    paper: Option<Vec<ListId>>,
    /// Lines read so far (the number of the last one).
    line: usize,
    /// Bytes of a line not yet complete (after the reader reported `WouldBlock`).
    partial: Vec<u8>,
    ready: VecDeque<Result<Record, RecordError>>,
    done: bool,
}

impl Detector {
    /// Answer the JSON lines `{"id": ..., "text": "..."}` of `reader` one by one, as the
    /// `despin --jsonl` command does, without reading the whole input first.
    ///
    /// Every input line gets exactly one item, in order, so the n-th item answers the
    /// n-th line:
    ///
    /// * a record: `Ok(`[`Record`]`)` carrying the line's `id` unchanged;
    /// * a blank line (only whitespace): `Ok` with the record of the empty text and a null
    ///   `id`;
    /// * a line that cannot be read (invalid UTF-8, malformed JSON, not an object, no
    ///   string `text`): `Err(`[`RecordError`]`)` with its line number and, when it could
    ///   be read, its `id`; the next line is read as usual;
    /// * an I/O error of the reader: an `Err` naming the line it happened on (`cannot
    ///   read: ...`), and the iterator ends.
    ///
    /// By default each line is answered as soon as it is read, which suits a pipe that
    /// sends a record and waits for its answer. For throughput on a file,
    /// [`read_ahead`](Records::read_ahead) answers several records at once on the
    /// detector's [threads](crate::DetectorBuilder::threads).
    ///
    /// ```
    /// let input = "{\"id\": 1, \"text\": \"It rose final yr.\"}\nnot json\n\n";
    /// let answers: Vec<_> = despin::Detector::builtin()
    ///     .analyze_records(input.as_bytes())
    ///     .read_ahead(64)
    ///     .collect();
    /// assert_eq!(answers.len(), 3);
    /// let first = answers[0].as_ref().unwrap();
    /// assert_eq!((first.id.clone(), first.reconstructed.as_str()), (serde_json::json!(1), "It rose last year."));
    /// assert_eq!(answers[1].as_ref().unwrap_err().line, 2);
    /// assert!(answers[2].as_ref().unwrap().id.is_null()); // the blank line
    /// ```
    pub fn analyze_records<R: BufRead>(&self, reader: R) -> Records<'_, R> {
        Records {
            detector: self,
            reader,
            read_ahead: 1,
            paper: None,
            line: 0,
            partial: Vec::new(),
            ready: VecDeque::new(),
            done: false,
        }
    }
}

impl<'d, R: BufRead> Records<'d, R> {
    /// Read up to `records` lines ahead (at most 8 MiB of them) and answer them together on
    /// the detector's threads (default 1: each line is answered as soon as it is read).
    /// Items still come in input order.
    ///
    /// A reader that returns an error of kind [`WouldBlock`](std::io::ErrorKind::WouldBlock)
    /// ends a read-ahead early: the lines read so far are answered, and reading resumes on
    /// the next call (with nothing read yet, the reader is asked again at once). A reader
    /// that reports `WouldBlock` when no more input is waiting gets every record answered
    /// as soon as the input pauses, and full batches while input keeps coming.
    pub fn read_ahead(mut self, records: usize) -> Self {
        self.read_ahead = records.max(1);
        self
    }

    /// Screen every text as a paper against `lists` (the answers carry
    /// [`Record::paper`]; see [`Detector::paper_record`]).
    pub fn paper(mut self, lists: Vec<ListId>) -> Self {
        self.paper = Some(lists);
        self
    }

    /// Lines read from the reader so far.
    pub fn lines_read(&self) -> usize {
        self.line
    }

    /// Answers ready to be returned without reading more input (with a read-ahead, the
    /// rest of the current batch). When this is 0, the next call may wait for input: the
    /// moment to flush what was written.
    pub fn ready(&self) -> usize {
        self.ready.len()
    }

    /// The same answers as JSON lines, each written on the thread that answered it (with
    /// [`read_ahead`](Records::read_ahead), the detector's threads): what `despin --jsonl`
    /// prints, without serialising every record on the thread that reads the items.
    ///
    /// ```
    /// let input = "{\"id\": 1, \"text\": \"It rose final yr.\"}\nnot json\n";
    /// let lines: Vec<_> = despin::Detector::builtin()
    ///     .analyze_records(input.as_bytes())
    ///     .read_ahead(64)
    ///     .json_lines()
    ///     .collect();
    /// let first: despin::Answer = serde_json::from_str(&lines[0].json).unwrap();
    /// assert_eq!(first.into_result().unwrap().reconstructed, "It rose last year.");
    /// assert_eq!(lines[1].error.as_ref().map(|e| e.line), Some(2));
    /// assert!(lines[1].json.starts_with("{\"error\":\"malformed JSON"));
    /// ```
    pub fn json_lines(self) -> JsonLines<'d, R> {
        JsonLines {
            records: self,
            ready: VecDeque::new(),
        }
    }

    /// Read the next batch of lines (up to the read-ahead), and the error that ended the
    /// input if reading failed.
    fn read_batch(&mut self) -> (Vec<(usize, Vec<u8>)>, Option<RecordError>) {
        let mut batch: Vec<(usize, Vec<u8>)> = Vec::new();
        let mut bytes = 0;
        let mut failure = None;
        while batch.len() < self.read_ahead && bytes < READ_AHEAD_BYTES && !self.done {
            match self.reader.read_until(b'\n', &mut self.partial) {
                Ok(0) if self.partial.is_empty() => self.done = true,
                Ok(_) => {
                    // A whole line, or the last one of the input (no line end).
                    self.line += 1;
                    let mut line = std::mem::take(&mut self.partial);
                    // A byte-order mark some editors write is not part of the first record.
                    if self.line == 1 && line.starts_with(b"\xEF\xBB\xBF") {
                        line.drain(..3);
                    }
                    bytes += line.len();
                    batch.push((self.line, line));
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => {
                    if !batch.is_empty() {
                        break;
                    }
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => {
                    self.done = true;
                    failure = Some(RecordError {
                        error: format!("cannot read: {e}"),
                        id: None,
                        line: self.line + 1,
                    });
                }
            }
        }
        (batch, failure)
    }

    /// Read the next batch and answer each line with `f` (given the detector, the paper
    /// lists, the line's number and what it holds: its `id` and text, or why it could not
    /// be read) on the detector's threads; in input order, the read error (if any) last.
    fn answer_batch<U: Send>(
        &mut self,
        f: impl Fn(&Detector, Option<&[ListId]>, usize, Result<(Value, String), RecordError>) -> U
            + Sync,
    ) -> impl Iterator<Item = U> {
        let (batch, failure) = self.read_batch();
        let detector = self.detector;
        let paper = self.paper.as_deref();
        let answers = detector.parallel_map(&batch, |(line_no, bytes)| {
            let line = InputRecord::parse(bytes, *line_no).map(|input| match input {
                Some(input) => (input.id, input.text),
                None => (Value::Null, String::new()),
            });
            f(detector, paper, *line_no, line)
        });
        let failure = failure.map(|e| f(detector, paper, e.line, Err(e)));
        answers.into_iter().chain(failure)
    }

    /// Read the next batch of lines and answer them into `ready`.
    fn fill(&mut self) {
        let answers: Vec<_> = self
            .answer_batch(|detector, paper, _, line| {
                line.map(|(id, text)| record_of(detector, paper, id, &text))
            })
            .collect();
        self.ready.extend(answers);
    }
}

/// The record of one text, screened as a paper against `paper` when given.
fn record_of(detector: &Detector, paper: Option<&[ListId]>, id: Value, text: &str) -> Record {
    match paper {
        Some(lists) => detector.paper_record(id, text, lists),
        None => detector.record(id, text),
    }
}

impl<R: BufRead> Iterator for Records<'_, R> {
    type Item = Result<Record, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.ready.is_empty() && !self.done {
            self.fill();
        }
        self.ready.pop_front()
    }
}

/// One answer of [`JsonLines`]: a line of `despin --jsonl` output.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct JsonLine {
    /// The answer as one line of JSON, without the line end: the [`Record`] or, for a line
    /// that could not be read, the [`RecordError`], exactly as `serde_json` writes them.
    pub json: String,
    /// The error, when the input line could not be answered (it is also `json`).
    pub error: Option<RecordError>,
}

impl JsonLine {
    /// The line of an answer [`Records`] made before [`Records::json_lines`] was called.
    fn of_answer(answer: Result<Record, RecordError>) -> JsonLine {
        let mut json = Vec::new();
        match answer {
            Ok(record) => {
                json.reserve(record.json_size_hint());
                let written = record.write_json(&mut json);
                // Such a record no longer knows its line (see `from_written`).
                JsonLine::from_written(json, written, None, 0)
            }
            Err(e) => {
                let written = serde_json::to_writer(&mut json, &e);
                let line_no = e.line;
                JsonLine::from_written(json, written, Some(e), line_no)
            }
        }
    }

    /// The line answering input line `line_no` (see [`Records::answer_batch`]): without a
    /// paper screen, written straight from the report.
    fn answer(
        detector: &Detector,
        paper: Option<&[ListId]>,
        line_no: usize,
        line: Result<(Value, String), RecordError>,
    ) -> JsonLine {
        let mut json = Vec::new();
        let (written, error) = match (line, paper) {
            (Ok((id, text)), None) => {
                let report = detector.analyze(&text);
                (
                    Record::write_report_json(&mut json, &id, &text, &report),
                    None,
                )
            }
            (Ok((id, text)), Some(_)) => {
                let record = record_of(detector, paper, id, &text);
                json.reserve(record.json_size_hint());
                (record.write_json(&mut json), None)
            }
            (Err(e), _) => (serde_json::to_writer(&mut json, &e), Some(e)),
        };
        JsonLine::from_written(json, written, error, line_no)
    }

    /// The line of what a writer wrote into `json` for input line `line_no`. Neither
    /// writer fails on these types (no map keys but strings, no I/O); should one ever, the
    /// line still answers its input, with an error naming the line (0 when not known).
    fn from_written(
        json: Vec<u8>,
        written: serde_json::Result<()>,
        error: Option<RecordError>,
        line_no: usize,
    ) -> JsonLine {
        match written {
            // Both writers write UTF-8 (every string they copy is a `str`).
            Ok(()) => JsonLine {
                json: String::from_utf8(json)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
                error,
            },
            Err(e) => {
                let error = RecordError {
                    error: format!("cannot write the answer: {e}"),
                    id: None,
                    line: line_no,
                };
                JsonLine {
                    json: format!(
                        "{{\"error\":{},\"line\":{line_no}}}",
                        Value::String(error.error.clone())
                    ),
                    error: Some(error),
                }
            }
        }
    }
}

/// The answers of [`Records`] as JSON lines, made by [`Records::json_lines`]: one item per
/// input line, in input order, each serialised on the thread that answered it.
#[derive(Debug)]
pub struct JsonLines<'d, R> {
    records: Records<'d, R>,
    ready: VecDeque<JsonLine>,
}

impl<R: BufRead> JsonLines<'_, R> {
    /// Lines read from the reader so far.
    pub fn lines_read(&self) -> usize {
        self.records.line
    }

    /// Answers ready without reading more input (see [`Records::ready`]).
    pub fn ready(&self) -> usize {
        self.ready.len() + self.records.ready.len()
    }
}

impl<R: BufRead> Iterator for JsonLines<'_, R> {
    type Item = JsonLine;

    fn next(&mut self) -> Option<JsonLine> {
        // Answers the records had already made (none unless the caller iterated them
        // before asking for JSON lines) come first.
        if let Some(answer) = self.records.ready.pop_front() {
            return Some(JsonLine::of_answer(answer));
        }
        if self.ready.is_empty() && !self.records.done {
            let lines: Vec<_> = self.records.answer_batch(JsonLine::answer).collect();
            self.ready.extend(lines);
        }
        self.ready.pop_front()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_that_could_not_be_written_still_answers_its_input() {
        let failure = serde_json::from_str::<Value>("not json").unwrap_err();
        let line = JsonLine::from_written(b"{\"partial".to_vec(), Err(failure), None, 7);
        let error = line.error.as_ref().expect("an error");
        assert_eq!(error.line, 7);
        assert!(
            error.error.starts_with("cannot write the answer: "),
            "{}",
            error.error
        );
        let back: RecordError = serde_json::from_str(&line.json).expect("a JSON error line");
        assert_eq!(&back, error);
    }
}
