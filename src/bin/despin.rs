//! The `despin` command: score texts for spinner artifacts, show the evidence, print the
//! reconstructed original; or screen papers against a tortured-phrase list. Run
//! `despin --help` for the options, the exit codes and the JSON fields.
//!
//! This file is the whole command. The crate's `despin` example is an alias that includes
//! it (`examples/despin.rs`), so `cargo run --example despin` runs exactly this code.

use despin::{
    weighing, Detector, Lexicon, ListId, PaperRecord, Record, RecordError, Report, RewriteScope,
    ACCEPT_THRESHOLD, DEFAULT_FUZZY_SIMILARITY,
};
use serde_json::Value;
use std::io::{BufRead, BufWriter, IsTerminal, Read, Write};
use std::process::ExitCode;

const USAGE: &str = "usage: despin [OPTIONS] [FILE]...  (despin --help for more)";

const HELP: &str = "\
despin: find text rewritten by article spinners, show the evidence, and reconstruct the
original. The built-in lexicon is English (news-spinner output); text in other languages
scores \"not spun\".

usage: despin [OPTIONS] [FILE]...

Each FILE (or stdin when there is none, or for `-`) is read as one text, unless --jsonl.

Output:
      --json             one JSON object per text (its \"id\" is null for a single input,
                         the FILE name when there are several)
      --jsonl            input is JSON lines {\"id\": ..., \"text\": ...}; one JSON object per
                         input line, in order, carrying its \"id\" (any JSON value;
                         a number beyond 64-bit integers comes back as a double)
      --strict           with --jsonl: stop at the first bad line
      --paper            screen each text as a paper against the fingerprint lists given
                         with --lexicon: verdict (clean / suspicious / problematic), the
                         fingerprints that fired with their lines, each list's SHA-256
      --color, --no-color
                         force or suppress highlighting (default: on a terminal, unless
                         NO_COLOR is set)
      --unbuffered       with --jsonl: flush every output line at once (reading stdin or
                         a pipe, output is flushed whenever no more input is waiting)

Lexicons and matching:
      --lexicon PATH     add a lexicon (repeatable): a PPS tortured-phrase list by
                         extension (.csv raw export, .json cleaned pairs), despin TSV
                         otherwise (spun<TAB>original[<TAB>family[<TAB>weight[<TAB>context]]])
      --lenient          TSV lexicons: load the good rows and list every skipped row (line
                         and reason) on stderr, instead of stopping at the first bad row
      --no-builtin       leave the built-in lexicon out (needs at least one --lexicon)
      --fuzzy[=SIM]      match near-miss spellings of multiword entries at normalised
                         similarity SIM (0 < SIM <= 1; default 0.9)
      --rewrite-only-spun
                         rewrite only passages judged spun (default: in a passage not
                         judged spun, only findings confident on their own and tortured
                         phrases are rewritten, not those lifted by the support of
                         spun-looking neighbours)
      --rewrite-everywhere
                         rewrite every accepted finding, whatever the passage's score (the
                         default before 0.5.0)
      --no-context       do not judge findings by their neighbouring words (default: a
                         finding gains or loses confidence by how much likelier its
                         neighbours are next to the original than next to the text's word)
      --threads N        threads that answer --jsonl records (default: all cores)
      --slice-bytes N    a text longer than 16 N bytes is read in slices of about N bytes
                         (default 1048576), so memory stays flat whatever its length; the
                         answer is the same (not with --paper or with entries that have
                         document conditions: those texts are read whole)

  -h, --help             this help
  -V, --version          the version

JSON object (one per text; fields in this order):
  findings       findings that are rewritten: {candidates, confidence, end, family,
                 in_quote, original, start, text, tier}; start/end are byte offsets into
                 the UTF-8 text, text is exactly the input's bytes there, original the
                 best candidate (empty when the list does not know it: a flag-only
                 fingerprint, never rewritten), tier exact/stemmed/fuzzy/spintax/homoglyph
  id             the input record's id (null when none)
  paper          with --paper: {distinct, findings, fingerprints: [{confidence, expected,
                 fingerprint, occurrences: [{end, line, start}], phrases, tier}], lists:
                 [{source_name, format, sha256, version, entries}], per_1000_words,
                 verdict, words}
  reconstructed  the text with the findings rewritten
  score          probability that the text is spinner output (0 to 1)
  sections       long texts: the worst-scoring sections {end, score, start, words}
  spun           score reached the threshold (0.5)
  unaccepted     findings reported but not rewritten (too weak alone, in a quotation, or
                 in a passage not judged spun: see --rewrite-only-spun)
  words          words in the text
A bad --jsonl line (invalid UTF-8, malformed JSON, no string \"text\") is answered in place
with {\"error\": \"...\", \"id\": ..., \"line\": N} (\"id\" when it could be read) and reported
on stderr; a blank line is answered as the empty text with a null id. So output line N
always answers input line N. With --json a text that cannot be read (invalid UTF-8) is
answered the same way, with its \"id\" when there are several.

Exit codes:
  0  every input was read and answered
  1  some input was bad (invalid UTF-8, a bad --jsonl line, an unreadable file) or output
     failed; the rest was answered
  2  usage error (a FILE that does not exist included), or a lexicon that cannot be
     loaded or has no entries
";

/// Output shape.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Human,
    Json,
    Jsonl,
}

struct Options {
    files: Vec<String>,
    mode: Mode,
    strict: bool,
    paper: bool,
    lexicons: Vec<String>,
    lenient: bool,
    builtin: bool,
    fuzzy: Option<f32>,
    rewrite_only_spun: bool,
    rewrite_everywhere: bool,
    /// False with `--no-context`.
    context: bool,
    threads: usize,
    color: Option<bool>,
    unbuffered: bool,
    /// `--slice-bytes`: texts over [`SLICED_ABOVE_SLICES`] of these are read in slices.
    slice_bytes: usize,
}

impl Options {
    /// Which accepted findings are rewritten (`--rewrite-only-spun`,
    /// `--rewrite-everywhere`, or the library's default).
    fn rewrite_scope(&self) -> RewriteScope {
        if self.rewrite_only_spun {
            RewriteScope::SpunPassages
        } else if self.rewrite_everywhere {
            RewriteScope::Everywhere
        } else {
            RewriteScope::default()
        }
    }
}

/// A text longer than this many slices is read in slices (`--slice-bytes`).
const SLICED_ABOVE_SLICES: usize = 16;

/// What the arguments ask for: run, or print help or the version.
enum Request {
    Run(Options),
    Help,
    Version,
}

fn parse_args(args: impl IntoIterator<Item = std::ffi::OsString>) -> Result<Request, String> {
    let mut o = Options {
        files: Vec::new(),
        mode: Mode::Human,
        strict: false,
        paper: false,
        lexicons: Vec::new(),
        lenient: false,
        builtin: true,
        fuzzy: None,
        rewrite_only_spun: false,
        rewrite_everywhere: false,
        context: true,
        threads: 0,
        color: None,
        unbuffered: false,
        slice_bytes: despin::DEFAULT_SLICE_BYTES,
    };
    let (mut json, mut jsonl) = (false, false);
    let mut args = args.into_iter();
    let mut only_files = false;
    while let Some(arg) = args.next() {
        let arg = arg
            .into_string()
            .map_err(|a| format!("argument {a:?} is not valid UTF-8"))?;
        if only_files || arg == "-" || !arg.starts_with('-') {
            o.files.push(arg);
            continue;
        }
        // `--name=value` or `--name value` for options that take a value.
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_owned())),
            _ => (arg.as_str(), None),
        };
        let mut value = |what: &str| -> Result<String, String> {
            match inline.clone() {
                Some(v) => Ok(v),
                None => args
                    .next()
                    .ok_or(format!("{name} needs {what}"))?
                    .into_string()
                    .map_err(|v| format!("{name} {v:?} is not valid UTF-8")),
            }
        };
        let flag = |o: &mut bool| -> Result<(), String> {
            if inline.is_some() {
                return Err(format!("{name} takes no value"));
            }
            *o = true;
            Ok(())
        };
        match name {
            "--" => only_files = true,
            "-h" | "--help" => return Ok(Request::Help),
            "-V" | "--version" => return Ok(Request::Version),
            "--json" => flag(&mut json)?,
            "--jsonl" => flag(&mut jsonl)?,
            "--strict" => flag(&mut o.strict)?,
            "--paper" => flag(&mut o.paper)?,
            "--lenient" => flag(&mut o.lenient)?,
            "--rewrite-only-spun" => flag(&mut o.rewrite_only_spun)?,
            "--rewrite-everywhere" => flag(&mut o.rewrite_everywhere)?,
            "--unbuffered" => flag(&mut o.unbuffered)?,
            "--no-builtin" => {
                let mut off = false;
                flag(&mut off)?;
                o.builtin = false;
            }
            "--no-context" => {
                let mut off = false;
                flag(&mut off)?;
                o.context = false;
            }
            "--color" | "--no-color" => {
                let mut set = false;
                flag(&mut set)?;
                o.color = Some(name == "--color");
            }
            "--fuzzy" => {
                o.fuzzy = Some(match inline {
                    None => DEFAULT_FUZZY_SIMILARITY,
                    Some(v) => match v.parse::<f32>() {
                        Ok(s) if s > 0.0 && s <= 1.0 => s,
                        _ => return Err(format!("--fuzzy={v}: give a similarity in (0, 1]")),
                    },
                })
            }
            "--lexicon" => {
                let path = value("a path")?;
                o.lexicons.push(path);
            }
            "--threads" => {
                let n = value("a number")?;
                o.threads = match n.parse::<usize>() {
                    Ok(n) if n > 0 => n,
                    _ => {
                        return Err(format!(
                            "--threads {n}: give a number of threads (1 or more)"
                        ))
                    }
                };
            }
            "--slice-bytes" => {
                let n = value("a number of bytes")?;
                o.slice_bytes = match n.parse::<usize>() {
                    Ok(n) if n > 0 => n,
                    _ => {
                        return Err(format!(
                            "--slice-bytes {n}: give a number of bytes (1 or more)"
                        ))
                    }
                };
            }
            _ => return Err(format!("unknown option {arg}")),
        }
    }
    o.mode = match (json, jsonl) {
        (true, true) => return Err("--json and --jsonl exclude each other".into()),
        (true, false) => Mode::Json,
        (false, true) => Mode::Jsonl,
        (false, false) => Mode::Human,
    };
    if o.rewrite_only_spun && o.rewrite_everywhere {
        return Err("--rewrite-only-spun and --rewrite-everywhere exclude each other".into());
    }
    if o.strict && o.mode != Mode::Jsonl {
        return Err("--strict only applies to --jsonl".into());
    }
    if o.unbuffered && o.mode != Mode::Jsonl {
        return Err("--unbuffered only applies to --jsonl".into());
    }
    if !o.builtin && o.lexicons.is_empty() {
        return Err(
            "--no-builtin needs at least one --lexicon (with no lexicon nothing can be found)"
                .into(),
        );
    }
    if o.paper && o.lexicons.is_empty() {
        return Err("--paper needs a fingerprint list: --lexicon LIST.csv or LIST.json".into());
    }
    Ok(Request::Run(o))
}

/// Run the command with the process's arguments; the exit code follows `--help`.
pub fn main() -> ExitCode {
    let options = match parse_args(std::env::args_os().skip(1)) {
        Ok(Request::Run(o)) => o,
        Ok(Request::Help) => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Ok(Request::Version) => {
            println!("despin {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        Err(msg) => {
            eprintln!("despin: {msg}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let (detector, lists) = match build_detector(&options) {
        Ok(built) => built,
        Err(e) => {
            eprintln!("despin: {e}");
            return ExitCode::from(2);
        }
    };
    let mut inputs = options.files.clone();
    if inputs.is_empty() {
        inputs.push("-".into());
    }
    // Every named file must exist before any output, so a typo is a usage error. Checked
    // without opening it: opening and closing a named pipe here would drop what a writer
    // sent before the real open below.
    for path in inputs.iter().filter(|p| *p != "-") {
        if let Err(e) = std::fs::metadata(path) {
            eprintln!("despin: {path}: {e}");
            return ExitCode::from(2);
        }
    }
    let run = Run {
        detector: &detector,
        lists: &lists,
        options: &options,
        several: inputs.len() > 1,
    };
    // A larger buffer than the default: fewer system calls for large outputs.
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut all_good = true;
    let mut result = Ok(());
    for (i, path) in inputs.iter().enumerate() {
        let answered = match options.mode {
            Mode::Jsonl => run.jsonl(path, &mut out),
            _ => run.whole(path, i, &mut out),
        };
        match answered {
            Ok(Answered::Good) => {}
            Ok(Answered::Bad) => all_good = false,
            Ok(Answered::Stop) => {
                all_good = false;
                break;
            }
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    let flushed = out.flush();
    // The process ends here: freeing a large compiled lexicon piece by piece would cost
    // more than some whole runs (0.09 G instructions at 100k pairs), and the system takes
    // the memory back anyway.
    std::mem::forget(detector);
    match result.and(flushed) {
        Ok(()) if all_good => ExitCode::SUCCESS,
        Ok(()) => ExitCode::from(1),
        Err(e) => {
            // A closed pipe (`despin ... | head`) is not an error worth a message.
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                eprintln!("despin: {e}");
            }
            ExitCode::from(1)
        }
    }
}

/// Compile the lexicons; also the identities of the PPS lists, for `--paper`.
fn build_detector(o: &Options) -> despin::Result<(Detector, Vec<ListId>)> {
    let mut builder = Detector::builder()
        .builtin(o.builtin)
        .fuzzy(o.fuzzy)
        .rewrite_scope(o.rewrite_scope())
        .context(o.context)
        .threads(o.threads);
    let mut lists = Vec::new();
    let empty = |path: &str| despin::Error::Config {
        message: format!("{path}: no entries loaded, so it would find nothing"),
    };
    for path in &o.lexicons {
        let lower = path.to_ascii_lowercase();
        let lexicon = if lower.ends_with(".csv") || lower.ends_with(".json") {
            // A PPS list: say what loaded, what did not and which list it is.
            let list = despin::PpsList::load(path)?;
            let r = &list.report;
            eprintln!(
                "despin: {path}: {} of {} rows loaded ({} entries), sha256 {}{}",
                r.loaded_rows,
                r.rows,
                r.id.entries,
                r.id.sha256,
                r.id.version
                    .as_ref()
                    .map_or(String::new(), |v| format!(", version {v}"))
            );
            for s in &r.skipped {
                eprintln!(
                    "despin: {path}:{}: skipped {:?}: {}",
                    s.line, s.fingerprint, s.reason
                );
            }
            lists.push(list.report.id);
            list.lexicon
        } else if o.lenient {
            let list = Lexicon::load_lenient(path)?;
            let r = &list.report;
            eprintln!(
                "despin: {path}: {} of {} rows loaded ({} entries)",
                r.loaded_rows,
                r.rows,
                list.lexicon.len()
            );
            for s in &r.skipped {
                eprintln!(
                    "despin: {path}:{}: skipped {:?}: {}",
                    s.line, s.fingerprint, s.reason
                );
            }
            list.lexicon
        } else {
            Lexicon::load(path)?
        };
        if lexicon.is_empty() {
            return Err(empty(path));
        }
        builder = builder.lexicon(lexicon);
    }
    Ok((builder.build()?, lists))
}

/// How one input went.
enum Answered {
    /// Every part of it was answered.
    Good,
    /// Some of it was bad; go on with the next input.
    Bad,
    /// Some of it was bad and `--strict` asks to stop.
    Stop,
}

/// What every input is answered with.
struct Run<'a> {
    detector: &'a Detector,
    lists: &'a [ListId],
    options: &'a Options,
    /// More than one input: name each in the output.
    several: bool,
}

/// Records answered together when reading a file (when reading stdin or a pipe, whatever
/// is waiting, up to this many).
const READ_AHEAD: usize = 512;

impl Run<'_> {
    fn name(path: &str) -> &str {
        if path == "-" {
            "<stdin>"
        } else {
            path
        }
    }

    /// One text: a human report or one JSON object.
    /// The `id` of input `name` in JSON output.
    fn id(&self, name: &str) -> Value {
        if self.several {
            Value::String(name.to_owned())
        } else {
            Value::Null
        }
    }

    /// Report a text that cannot be read (`at`: the line, when known). With --json every
    /// input gets its line: an error object in its place, as a bad --jsonl line does.
    fn failed(
        &self,
        name: &str,
        error: String,
        at: Option<usize>,
        out: &mut impl Write,
    ) -> std::io::Result<Answered> {
        let line = at.unwrap_or(1);
        match at {
            Some(line) => eprintln!("despin: {name}:{line}: {error}"),
            None => eprintln!("despin: {name}: {error}"),
        }
        if self.options.mode == Mode::Json {
            let id = self.several.then(|| Value::String(name.to_owned()));
            serde_json::to_writer(&mut *out, &RecordError { error, id, line })?;
            writeln!(out)?;
        }
        Ok(Answered::Bad)
    }

    /// One text: a human report or one JSON object.
    fn whole(&self, path: &str, index: usize, out: &mut impl Write) -> std::io::Result<Answered> {
        let name = Self::name(path);
        let o = self.options;
        // Longer texts are read in slices, unless the answer needs the whole text.
        let sliceable = !o.paper && !self.detector.long_text().needs_whole_text();
        let limit = o.slice_bytes.saturating_mul(SLICED_ABOVE_SLICES) as u64;
        let mut bytes = Vec::new();
        let read = if path == "-" {
            let mut stdin = std::io::stdin().lock();
            let head = (&mut stdin)
                .take(limit.saturating_add(1))
                .read_to_end(&mut bytes);
            if head.is_ok() && bytes.len() as u64 > limit && sliceable {
                // Stdin cannot be read twice: keep it in a temporary file.
                let spooled = Spool::new().and_then(|mut spool| {
                    spool.write_all(&bytes)?;
                    std::io::copy(&mut stdin, &mut spool)?;
                    spool.flush()?;
                    Ok(spool)
                });
                return match spooled {
                    Ok(spool) => self.sliced(name, index, || spool.reopen(), out),
                    Err(e) => self.failed(name, e.to_string(), None, out),
                };
            }
            head.and_then(|_| stdin.read_to_end(&mut bytes))
        } else {
            if sliceable && std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() > limit) {
                return self.sliced(name, index, || std::fs::File::open(path), out);
            }
            std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes))
        };
        let id = self.id(name);
        if let Err(e) = read {
            return self.failed(name, format!("cannot read: {e}"), None, out);
        }
        let text = match std::str::from_utf8(&bytes) {
            Ok(t) => t,
            Err(e) => {
                let (line, col) = utf8_error_position(&bytes, &e);
                return self.failed(
                    name,
                    format!("invalid UTF-8 at byte {col} of the line"),
                    Some(line),
                    out,
                );
            }
        };
        if o.mode == Mode::Json {
            let record = if o.paper {
                self.detector.paper_record(id, text, self.lists)
            } else {
                self.detector.record(id, text)
            };
            serde_json::to_writer(&mut *out, &record)?;
            writeln!(out)?;
        } else {
            let color = o.color.unwrap_or_else(|| {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            });
            if self.several {
                if index > 0 {
                    writeln!(out)?;
                }
                writeln!(out, "==> {name} <==")?;
            }
            let report = self.detector.analyze(text);
            let paper = o
                .paper
                .then(|| PaperRecord::of(text, &self.detector.screen_paper(text, self.lists)));
            write_human(out, text, &report, paper.as_ref(), color)?;
        }
        Ok(Answered::Good)
    }

    /// Report a long text that could not be answered, as [`failed`](Self::failed) does
    /// (invalid UTF-8 with its line, in the words a whole text's error uses).
    fn long_text_failed(
        &self,
        name: &str,
        error: despin::LongTextError,
        out: &mut impl Write,
    ) -> std::io::Result<Answered> {
        match error {
            despin::LongTextError::InvalidUtf8 { line, byte } => self.failed(
                name,
                format!("invalid UTF-8 at byte {byte} of the line"),
                Some(line),
                out,
            ),
            e => self.failed(name, e.to_string(), None, out),
        }
    }

    /// One long text read in slices (`open` opens it afresh: it is read twice, once for
    /// its census and once for the answer), answered exactly as a whole text is. What
    /// comes before the end of the text is known (the score, in both outputs) is written
    /// last, so the parts are kept in temporary files meanwhile.
    fn sliced(
        &self,
        name: &str,
        index: usize,
        open: impl Fn() -> std::io::Result<std::fs::File>,
        out: &mut impl Write,
    ) -> std::io::Result<Answered> {
        use despin::LongTextError;
        let o = self.options;
        let census = open()
            .map_err(LongTextError::Io)
            .and_then(despin::TextCensus::of_reader);
        let census = match census {
            Ok(c) => c,
            Err(e) => return self.long_text_failed(name, e, out),
        };
        let color = o.mode == Mode::Human
            && o.color.unwrap_or_else(|| {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            });
        let style = Style::new(color);
        // JSON: accepted findings, the reconstruction (escaped), unaccepted findings.
        // Human: the findings list, the highlighted text, the reconstruction.
        let parts = Spool::new().and_then(|a| Ok([a, Spool::new()?, Spool::new()?]));
        let mut parts = match parts {
            Ok(parts) => parts,
            Err(e) => return self.failed(name, e.to_string(), None, out),
        };
        let (mut accepted, mut unaccepted, mut listed) = (0usize, 0usize, 0usize);
        let (mut rebuilt_to, mut highlighted_to) = (0, 0);
        let mut piece = Vec::new();
        let analysed = open().map_err(LongTextError::Io).and_then(|f| {
            self.detector
                .long_text()
                .slice_bytes(o.slice_bytes)
                .analyze(f, &census, |region| {
                    let [first, second, third] = &mut parts;
                    if o.mode == Mode::Json {
                        for f in region.findings {
                            let (spool, count) = if f.accepted {
                                (&mut *first, &mut accepted)
                            } else {
                                (&mut *third, &mut unaccepted)
                            };
                            if *count > 0 {
                                spool.write_all(b",")?;
                            }
                            *count += 1;
                            serde_json::to_writer(&mut *spool, &despin::RecordFinding::of(f))?;
                        }
                        piece.clear();
                        region.write_reconstructed(&mut piece, &mut rebuilt_to)?;
                        let escaped =
                            serde_json::to_string(std::str::from_utf8(&piece).unwrap_or(""))?;
                        // The pieces of one JSON string: each without its quotes.
                        second.write_all(&escaped.as_bytes()[1..escaped.len() - 1])?;
                    } else {
                        for f in region.findings {
                            write_finding(first, f, &style)?;
                            listed += 1;
                        }
                        write_highlighted(second, &region, &mut highlighted_to, &style)?;
                        region.write_reconstructed(third, &mut rebuilt_to)?;
                    }
                    Ok(())
                })
        });
        let score = match analysed {
            Ok(score) => score,
            Err(e) => return self.long_text_failed(name, e, out),
        };
        let [first, second, third] = &mut parts;
        if o.mode == Mode::Json {
            // The fields in the order `Record` serialises them.
            let record = Record::from_report(
                self.id(name),
                "",
                &Report {
                    score,
                    findings: Vec::new(),
                },
            );
            out.write_all(b"{\"findings\":[")?;
            first.copy_to(out)?;
            out.write_all(b"],\"id\":")?;
            serde_json::to_writer(&mut *out, &record.id)?;
            out.write_all(b",\"reconstructed\":\"")?;
            second.copy_to(out)?;
            out.write_all(b"\",\"score\":")?;
            serde_json::to_writer(&mut *out, &record.score)?;
            out.write_all(b",\"sections\":")?;
            serde_json::to_writer(&mut *out, &record.sections)?;
            write!(out, ",\"spun\":{},\"unaccepted\":[", record.spun)?;
            third.copy_to(out)?;
            write!(out, "],\"words\":{}}}", record.words)?;
            writeln!(out)?;
        } else {
            let Style { bold, reset, .. } = style;
            if self.several {
                if index > 0 {
                    writeln!(out)?;
                }
                writeln!(out, "==> {name} <==")?;
            }
            write_verdict(out, &score, None, &style)?;
            writeln!(
                out,
                "\n{bold}Findings{reset} (byte span, spun -> original, tier, family, confidence):"
            )?;
            if listed == 0 {
                writeln!(out, "  none")?;
            }
            first.copy_to(out)?;
            writeln!(out, "\n{bold}Highlighted{reset}:")?;
            second.copy_to(out)?;
            writeln!(out)?;
            writeln!(out, "\n{bold}Reconstructed{reset}:")?;
            third.copy_to(out)?;
            writeln!(out)?;
        }
        Ok(Answered::Good)
    }

    /// JSON lines in, one object per line out, in order.
    fn jsonl(&self, path: &str, out: &mut impl Write) -> std::io::Result<Answered> {
        let name = Self::name(path);
        if path == "-" {
            return self.stream(name, PipeReader::new(std::io::stdin()), true, out);
        }
        let file = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("despin: {name}: {e}");
                return Ok(Answered::Bad);
            }
        };
        // A named pipe or a device may wait for input: answer as for stdin.
        if file.metadata().is_ok_and(|m| m.is_file()) {
            self.stream(name, std::io::BufReader::new(file), false, out)
        } else {
            self.stream(name, PipeReader::new(file), true, out)
        }
    }

    /// Answer the records of `input`; `waiting` input is flushed for whenever no more of it
    /// is ready.
    fn stream(
        &self,
        name: &str,
        input: impl BufRead,
        waiting: bool,
        out: &mut impl Write,
    ) -> std::io::Result<Answered> {
        let mut records = self.detector.analyze_records(input).read_ahead(READ_AHEAD);
        if self.options.paper {
            records = records.paper(self.lists.to_vec());
        }
        // Each answer is serialised on the thread that made it: this thread only reads
        // lines and writes bytes.
        let mut lines = records.json_lines();
        let mut answered = Answered::Good;
        while let Some(answer) = lines.next() {
            if let Some(e) = &answer.error {
                eprintln!("despin: {name}:{}: {}", e.line, e.error);
            }
            out.write_all(answer.json.as_bytes())?;
            out.write_all(b"\n")?;
            if answer.error.is_some() {
                answered = Answered::Bad;
                if self.options.strict {
                    answered = Answered::Stop;
                    break;
                }
            }
            if self.options.unbuffered || (waiting && lines.ready() == 0) {
                out.flush()?;
            }
        }
        Ok(answered)
    }
}

/// Input that may wait (stdin, a pipe): read on a thread of its own, so that the records
/// waiting can be answered at once; reports `WouldBlock` once whenever all that was read
/// has been handed out and no more is ready (see [`despin::Records::read_ahead`]).
struct PipeReader {
    chunks: std::sync::mpsc::Receiver<std::io::Result<Vec<u8>>>,
    chunk: Vec<u8>,
    at: usize,
    /// Data was handed out since the last `WouldBlock`.
    handed_out: bool,
    eof: bool,
}

impl PipeReader {
    fn new(mut input: impl Read + Send + 'static) -> PipeReader {
        let (send, chunks) = std::sync::mpsc::sync_channel(16);
        // The thread ends at end of input, on an error, or when the reader is dropped; if
        // the command exits first (`--strict`), it ends with the process.
        std::thread::spawn(move || {
            let mut buf = vec![0u8; 64 << 10];
            loop {
                match input.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => {
                        if send.send(Ok(buf[..n].to_vec())).is_err() {
                            break;
                        }
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => {
                        let _ = send.send(Err(e));
                        break;
                    }
                }
            }
        });
        PipeReader {
            chunks,
            chunk: Vec::new(),
            at: 0,
            handed_out: false,
            eof: false,
        }
    }
}

impl Read for PipeReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for PipeReader {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        use std::sync::mpsc::TryRecvError;
        if self.at == self.chunk.len() && !self.eof {
            let next = match self.chunks.try_recv() {
                Ok(chunk) => Some(chunk),
                Err(TryRecvError::Empty) if self.handed_out => {
                    self.handed_out = false;
                    return Err(std::io::ErrorKind::WouldBlock.into());
                }
                Err(TryRecvError::Empty) => self.chunks.recv().ok(),
                Err(TryRecvError::Disconnected) => None,
            };
            match next {
                Some(Ok(chunk)) => {
                    self.chunk = chunk;
                    self.at = 0;
                    self.handed_out = true;
                }
                Some(Err(e)) => {
                    self.eof = true;
                    return Err(e);
                }
                None => self.eof = true,
            }
        }
        Ok(&self.chunk[self.at..])
    }

    fn consume(&mut self, n: usize) {
        self.at = (self.at + n).min(self.chunk.len());
    }
}

/// Where invalid UTF-8 starts, as a 1-based line and byte-in-line.
fn utf8_error_position(bytes: &[u8], e: &std::str::Utf8Error) -> (usize, usize) {
    let bad = e.valid_up_to();
    let line = bytes[..bad].iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = bytes[..bad]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    (line, bad - line_start + 1)
}

/// The highlighted text of one region of a long text: accepted findings marked, as
/// `write_human` marks them; `at` is where the text has been written up to.
fn write_highlighted(
    out: &mut impl Write,
    region: &despin::Region<'_>,
    at: &mut usize,
    style: &Style,
) -> std::io::Result<()> {
    let end = region.start + region.text.len();
    for f in region.findings.iter().filter(|f| f.accepted) {
        let from = (*at).max(region.start) - region.start;
        out.write_all(&region.text.as_bytes()[from..f.span.start - region.start])?;
        if style.hi.is_empty() {
            write!(out, "[{}]", f.text)?;
        } else {
            write!(out, "{}{}{}", style.hi, f.text, style.reset)?;
        }
        *at = f.span.end;
    }
    if *at < end {
        let from = (*at).max(region.start) - region.start;
        out.write_all(&region.text.as_bytes()[from..])?;
        *at = end;
    }
    Ok(())
}

/// A temporary file that holds part of an answer until it can be written; removed when
/// dropped.
struct Spool {
    path: std::path::PathBuf,
    file: BufWriter<std::fs::File>,
}

impl Spool {
    /// A new empty file in the temporary directory (`TMPDIR`), readable by its owner
    /// only. The error names the directory.
    fn new() -> std::io::Result<Spool> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir();
        loop {
            let path = dir.join(format!(
                "despin-{}-{}.part",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            ));
            let mut options = std::fs::OpenOptions::new();
            // `create_new` never opens an existing file or follows a planted link.
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            match options.open(&path).map_err(|e| {
                std::io::Error::new(
                    e.kind(),
                    format!("cannot create a temporary file in {}: {e}", dir.display()),
                )
            }) {
                Ok(file) => {
                    return Ok(Spool {
                        path,
                        file: BufWriter::new(file),
                    })
                }
                // Left by an earlier process with the same id: take the next name.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// Open what was written for reading from its start.
    fn reopen(&self) -> std::io::Result<std::fs::File> {
        std::fs::File::open(&self.path)
    }

    /// Write everything written so far to `out`.
    fn copy_to(&mut self, out: &mut impl Write) -> std::io::Result<()> {
        self.file.flush()?;
        std::io::copy(&mut self.reopen()?, out)?;
        Ok(())
    }
}

impl Write for Spool {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Escape codes of the human report (empty without colour).
struct Style {
    hi: &'static str,
    dim: &'static str,
    bold: &'static str,
    reset: &'static str,
}

impl Style {
    fn new(color: bool) -> Style {
        if color {
            Style {
                hi: "\x1b[1;31m",
                dim: "\x1b[2m",
                bold: "\x1b[1m",
                reset: "\x1b[0m",
            }
        } else {
            Style {
                hi: "",
                dim: "",
                bold: "",
                reset: "",
            }
        }
    }
}

fn write_human(
    out: &mut impl Write,
    text: &str,
    report: &Report,
    paper: Option<&PaperRecord>,
    color: bool,
) -> std::io::Result<()> {
    let style = Style::new(color);
    let Style {
        hi, bold, reset, ..
    } = style;
    write_verdict(out, &report.score, paper, &style)?;
    writeln!(
        out,
        "\n{bold}Findings{reset} (byte span, spun -> original, tier, family, confidence):"
    )?;
    if report.findings.is_empty() {
        writeln!(out, "  none")?;
    }
    for f in &report.findings {
        write_finding(out, f, &style)?;
    }
    writeln!(out, "\n{bold}Highlighted{reset}:")?;
    let mut at = 0;
    for f in report.findings.iter().filter(|f| f.accepted) {
        write!(out, "{}", &text[at..f.span.start])?;
        if color {
            write!(out, "{hi}{}{reset}", f.text)?;
        } else {
            write!(out, "[{}]", f.text)?;
        }
        at = f.span.end;
    }
    writeln!(out, "{}", &text[at..])?;
    writeln!(out, "\n{bold}Reconstructed{reset}:")?;
    writeln!(out, "{}", report.reconstruct(text).text)?;
    Ok(())
}

/// The report's first lines: the paper verdict, or the score and the worst sections.
fn write_verdict(
    out: &mut impl Write,
    s: &despin::Score,
    paper: Option<&PaperRecord>,
    style: &Style,
) -> std::io::Result<()> {
    let Style {
        dim, bold, reset, ..
    } = *style;
    if let Some(p) = paper {
        return write_paper(out, p, bold, reset);
    }
    writeln!(
        out,
        "{bold}score {:.3}{reset}  verdict: {bold}{}{reset} (threshold {})  words: {}  accepted findings: {} from {} distinct phrases",
        s.score,
        if s.spun { "SPUN" } else { "not spun" },
        s.threshold,
        s.words,
        s.accepted,
        s.distinct
    )?;
    if s.spun && s.accepted == 0 {
        // The score saw many weak swaps close together; none alone is sure enough to
        // rewrite, so the reconstruction below leaves the text as it is.
        writeln!(
            out,
            "{dim}(called spun on many weak findings close together; none is confident enough to rewrite){reset}"
        )?;
    }
    if !s.sections.is_empty() {
        writeln!(
            out,
            "\n{bold}Worst sections{reset} (scored separately, worst first):"
        )?;
        for section in &s.sections {
            writeln!(
                out,
                "  {:>8}..{:<8} {:>5} words  score {:.3}",
                section.span.start, section.span.end, section.words, section.score
            )?;
        }
    }
    Ok(())
}

/// One line of the findings list.
fn write_finding(out: &mut impl Write, f: &despin::Finding, style: &Style) -> std::io::Result<()> {
    let Style { hi, dim, reset, .. } = *style;
    let flag_only = f.original().is_empty();
    let note = match (f.accepted, f.in_quote) {
        (true, _) if flag_only => "  [correction unknown: flagged, never rewritten]",
        // Accepted below the support threshold: by passage acceptance.
        (true, _) if f.confidence < ACCEPT_THRESHOLD => {
            "  [weak, rewritten: the passage scores as surely spun]"
        }
        (true, _) => "",
        (false, true) => "  [in a quotation: not rewritten]",
        // Over the line with its own confidence high enough to be lifted: accepted by
        // support, then taken back by the rewrite scope.
        (false, false)
            if f.confidence >= ACCEPT_THRESHOLD
                && f.own_confidence >= weighing::MIN_OWN_CONFIDENCE =>
        {
            "  [passage not judged spun: not rewritten]"
        }
        (false, false) => "  [too weak alone: not rewritten]",
    };
    let others: Vec<&str> = f.candidates[1..]
        .iter()
        .map(|c| {
            if c.original.is_empty() {
                "???"
            } else {
                &*c.original
            }
        })
        .collect();
    let alternatives = if others.is_empty() {
        String::new()
    } else {
        format!("  (also: {})", others.join(", "))
    };
    let (start, end) = if f.accepted {
        (hi, reset)
    } else {
        (dim, reset)
    };
    writeln!(
        out,
        "  {:>6}..{:<6} {start}{}{end} -> {} ({:?}, {}, {:.2}){alternatives}{note}",
        f.span.start,
        f.span.end,
        f.text,
        if flag_only { "???" } else { f.original() },
        f.tier,
        f.family,
        f.confidence
    )
}

/// The paper verdict, the fingerprints that fired with their lines, and the lists.
fn write_paper(
    out: &mut impl Write,
    p: &PaperRecord,
    bold: &str,
    reset: &str,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{bold}paper verdict: {}{reset}  distinct fingerprints: {}  findings: {}  per 1,000 words: {:.2}  words: {}",
        p.verdict.label().to_uppercase(),
        p.distinct,
        p.findings,
        p.per_1000_words,
        p.words
    )?;
    writeln!(
        out,
        "\n{bold}Fingerprints{reset} (phrase -> expected, lines, tier, confidence):"
    )?;
    if p.fingerprints.is_empty() {
        writeln!(out, "  none")?;
    }
    for x in &p.fingerprints {
        let mut lines: Vec<usize> = x.occurrences.iter().map(|o| o.line).collect();
        lines.dedup();
        let lines: Vec<String> = lines.iter().map(usize::to_string).collect();
        writeln!(
            out,
            "  {} -> {}  line{} {}  ({}, {:.2})",
            x.phrases.join(" / "),
            if x.expected.is_empty() {
                "??? (correction unknown)"
            } else {
                &x.expected
            },
            if lines.len() == 1 { "" } else { "s" },
            lines.join(", "),
            x.tier,
            x.confidence
        )?;
        if x.phrases.len() != 1 || x.phrases[0] != x.fingerprint {
            writeln!(out, "      query: {}", x.fingerprint)?;
        }
    }
    writeln!(out, "\n{bold}Lists{reset}:")?;
    if p.lists.is_empty() {
        writeln!(
            out,
            "  none (no PPS list given; TSV lexicons have no list identity)"
        )?;
    }
    for l in &p.lists {
        writeln!(
            out,
            "  {}  {} entries  sha256 {}{}",
            l.source_name,
            l.entries,
            l.sha256,
            l.version
                .as_ref()
                .map_or(String::new(), |v| format!("  version {v}"))
        )?;
    }
    Ok(())
}
