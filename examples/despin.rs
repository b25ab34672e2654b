//! The `despin` command: score a text for spinner artifacts, show the evidence, and print
//! the reconstructed original.
//!
//! ```text
//! despin [OPTIONS] [FILE]        read FILE (or stdin) as one text
//!   --json                       one JSON object for the whole input
//!   --jsonl                      input is JSON lines {"id": ..., "text": ...}; one object per line
//!   --strict                     with --jsonl: stop at the first bad line
//!   --lexicon PATH               add a lexicon (repeatable): a PPS list by extension
//!                                (.csv raw export, .json cleaned pairs), TSV otherwise
//!   --no-builtin                 leave the built-in lexicon out
//!   --fuzzy                      enable the fuzzy tier (near-miss spellings of multiword entries)
//!   --color / --no-color         force or suppress terminal highlighting
//! ```
//!
//! JSON objects follow the contract in the project guide: `id`, `score`, `spun`,
//! `findings` (accepted findings: `start`, `end` byte offsets, `text`, `original`,
//! `confidence`, `family`, plus `tier`, `in_quote`, `candidates`), `reconstructed`, and
//! `unaccepted` (findings reported but not rewritten). Exit codes: 0 success, 1 some input
//! was bad (invalid UTF-8 or JSON; the message names the line), 2 usage or lexicon error.

#[path = "common/jsonl.rs"]
mod jsonl;

use despin::{Detector, Finding, Lexicon, Report, Tier};
use serde::Serialize;
use serde_json::{json, Value};
use std::io::{BufRead, BufWriter, IsTerminal, Read, Write};
use std::process::ExitCode;

struct Options {
    file: Option<String>,
    json: bool,
    jsonl: bool,
    strict: bool,
    lexicons: Vec<String>,
    builtin: bool,
    fuzzy: bool,
    color: Option<bool>,
}

const USAGE: &str = "usage: despin [--json | --jsonl [--strict]] [--lexicon PATH]... [--no-builtin] [--fuzzy] [--color | --no-color] [FILE]";

fn parse_args() -> Result<Options, String> {
    let mut o = Options {
        file: None,
        json: false,
        jsonl: false,
        strict: false,
        lexicons: Vec::new(),
        builtin: true,
        fuzzy: false,
        color: None,
    };
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        let arg = arg
            .into_string()
            .map_err(|a| format!("argument {a:?} is not valid UTF-8"))?;
        match arg.as_str() {
            "--json" => o.json = true,
            "--jsonl" => o.jsonl = true,
            "--strict" => o.strict = true,
            "--no-builtin" => o.builtin = false,
            "--fuzzy" => o.fuzzy = true,
            "--color" => o.color = Some(true),
            "--no-color" => o.color = Some(false),
            "--lexicon" => {
                let path = args
                    .next()
                    .ok_or("--lexicon needs a path")?
                    .into_string()
                    .map_err(|p| format!("lexicon path {p:?} is not valid UTF-8"))?;
                o.lexicons.push(path);
            }
            "-h" | "--help" => return Err(String::new()),
            s if s.starts_with('-') && s != "-" => return Err(format!("unknown option {s}")),
            _ => {
                if o.file.replace(arg).is_some() {
                    return Err("give at most one input file".into());
                }
            }
        }
    }
    if o.json && o.jsonl {
        return Err("--json and --jsonl exclude each other".into());
    }
    if o.strict && !o.jsonl {
        return Err("--strict only applies to --jsonl".into());
    }
    Ok(o)
}

fn main() -> ExitCode {
    let options = match parse_args() {
        Ok(o) => o,
        Err(msg) => {
            if msg.is_empty() {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            eprintln!("despin: {msg}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let detector = match build_detector(&options) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("despin: {e}");
            return ExitCode::from(2);
        }
    };
    let input: Box<dyn Read> = match &options.file {
        None => Box::new(std::io::stdin().lock()),
        Some(path) if path == "-" => Box::new(std::io::stdin().lock()),
        Some(path) => match std::fs::File::open(path) {
            Ok(f) => Box::new(f),
            Err(e) => {
                eprintln!("despin: {path}: {e}");
                return ExitCode::from(2);
            }
        },
    };
    let name = options.file.as_deref().unwrap_or("<stdin>");
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let result = if options.jsonl {
        run_jsonl(
            &detector,
            std::io::BufReader::new(input),
            name,
            options.strict,
            &mut out,
        )
    } else {
        run_whole(&detector, input, name, &options, &mut out)
    };
    let flushed = out.flush();
    match (result, flushed) {
        (Ok(true), Ok(())) => ExitCode::SUCCESS,
        (Ok(false), Ok(())) => ExitCode::from(1),
        (Err(e), _) | (_, Err(e)) => {
            // A closed pipe (`despin ... | head`) is not an error worth a message.
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                eprintln!("despin: {e}");
            }
            ExitCode::from(1)
        }
    }
}

fn build_detector(o: &Options) -> despin::Result<Detector> {
    let mut builder = Detector::builder().builtin(o.builtin);
    for path in &o.lexicons {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".csv") || lower.ends_with(".json") {
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
            builder = builder.lexicon(list.lexicon);
        } else {
            builder = builder.lexicon(Lexicon::load(path)?);
        }
    }
    if o.fuzzy {
        builder = builder.fuzzy(Some(despin::DEFAULT_FUZZY_SIMILARITY));
    }
    builder.build()
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

/// One text: human report or one JSON object. Ok(false) when the input was bad.
fn run_whole(
    detector: &Detector,
    mut input: impl Read,
    name: &str,
    o: &Options,
    out: &mut impl Write,
) -> std::io::Result<bool> {
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes)?;
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t,
        Err(e) => {
            let (line, col) = utf8_error_position(&bytes, &e);
            eprintln!("despin: {name}:{line}: invalid UTF-8 at byte {col} of the line");
            return Ok(false);
        }
    };
    let report = detector.analyze(text);
    if o.json {
        serde_json::to_writer(&mut *out, &to_json(&Value::Null, text, &report))?;
        writeln!(out)?;
    } else {
        let color = o.color.unwrap_or_else(|| {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        });
        write_human(out, text, &report, color)?;
    }
    Ok(true)
}

/// JSON lines in, one object per line out, in order. A bad line yields
/// `{"line": N, "error": "..."}` in its place (and a message on stderr) so the good lines
/// keep their positions; with `strict`, processing stops there.
fn run_jsonl(
    detector: &Detector,
    input: impl BufRead,
    name: &str,
    strict: bool,
    out: &mut impl Write,
) -> std::io::Result<bool> {
    // Records are answered in batches on all cores; a batch is bounded in records and
    // bytes, so memory stays flat however long the input is, and output keeps input order.
    let mut batch: Vec<(usize, jsonl::Record)> = Vec::new();
    let mut batch_bytes = 0usize;
    let all_good = jsonl::for_each_record(input, strict, |line_no, record| {
        batch_bytes += record.as_ref().map_or(0, |(_, text)| text.len());
        batch.push((line_no, record));
        if batch.len() >= BATCH_RECORDS || batch_bytes >= BATCH_BYTES {
            write_batch(detector, name, &mut batch, out)?;
            batch_bytes = 0;
        }
        Ok(())
    })?;
    write_batch(detector, name, &mut batch, out)?;
    Ok(all_good)
}

/// Most records, and most text bytes, answered in one parallel batch.
const BATCH_RECORDS: usize = 512;
const BATCH_BYTES: usize = 8 << 20;

/// Answer every record of `batch` (in parallel), write the lines in order, empty `batch`.
fn write_batch(
    detector: &Detector,
    name: &str,
    batch: &mut Vec<(usize, jsonl::Record)>,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let render = |(line_no, record): &(usize, jsonl::Record)| -> String {
        match record {
            Ok((id, text)) => {
                let report = detector.analyze(text);
                // Serialising plain structs and strings cannot fail.
                serde_json::to_string(&to_json(id, text, &report)).unwrap_or_default()
            }
            Err(msg) => json!({"line": line_no, "error": msg}).to_string(),
        }
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = batch.len().div_ceil(threads).max(1);
    let lines: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = batch
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(render).collect::<Vec<_>>()))
            .collect();
        workers
            .into_iter()
            // Rendering cannot panic (the library does not panic on any text); if it
            // did, re-raise rather than drop lines silently.
            .flat_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    for ((line_no, record), line) in batch.iter().zip(&lines) {
        if let Err(msg) = record {
            eprintln!("despin: {name}:{line_no}: {msg}");
        }
        writeln!(out, "{line}")?;
    }
    batch.clear();
    Ok(())
}

/// One finding as the JSON contract writes it. Fields are in alphabetical order, the
/// order the contract has always had (it was first written through `serde_json::Value`).
#[derive(Serialize)]
struct FindingJson<'a> {
    candidates: Vec<&'a str>,
    confidence: f64,
    end: usize,
    family: &'a str,
    in_quote: bool,
    original: &'a str,
    start: usize,
    text: &'a str,
    tier: Tier,
}

impl<'a> FindingJson<'a> {
    fn of(f: &'a Finding) -> Self {
        FindingJson {
            candidates: f.candidates.iter().map(|c| &*c.original).collect(),
            confidence: round3(f.confidence as f64),
            end: f.span.end,
            family: f.family.label(),
            in_quote: f.in_quote,
            original: f.original(),
            start: f.span.start,
            text: &f.text,
            tier: f.tier,
        }
    }
}

/// One scored section of a long text.
#[derive(Serialize)]
struct SectionJson {
    end: usize,
    score: f64,
    start: usize,
    words: usize,
}

/// The answer for one text. Typed rather than built as a `serde_json::Value`: building
/// maps of strings cost more than analysing the text.
#[derive(Serialize)]
struct ReportJson<'a> {
    findings: Vec<FindingJson<'a>>,
    id: &'a Value,
    reconstructed: String,
    score: f64,
    /// Long texts are scored in sections; the worst ones, worst first (empty otherwise).
    sections: Vec<SectionJson>,
    spun: bool,
    unaccepted: Vec<FindingJson<'a>>,
    words: usize,
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn to_json<'a>(id: &'a Value, text: &str, report: &'a Report) -> ReportJson<'a> {
    let (accepted, unaccepted): (Vec<&Finding>, Vec<&Finding>) =
        report.findings.iter().partition(|f| f.accepted);
    ReportJson {
        findings: accepted.into_iter().map(FindingJson::of).collect(),
        id,
        reconstructed: report.reconstruct(text).text,
        score: round3(report.score.score),
        sections: report
            .score
            .sections
            .iter()
            .map(|s| SectionJson {
                end: s.span.end,
                score: round3(s.score),
                start: s.span.start,
                words: s.words,
            })
            .collect(),
        spun: report.score.spun,
        unaccepted: unaccepted.into_iter().map(FindingJson::of).collect(),
        words: report.score.words,
    }
}

fn write_human(
    out: &mut impl Write,
    text: &str,
    report: &Report,
    color: bool,
) -> std::io::Result<()> {
    let s = &report.score;
    let (hi, dim, bold, reset) = if color {
        ("\x1b[1;31m", "\x1b[2m", "\x1b[1m", "\x1b[0m")
    } else {
        ("", "", "", "")
    };
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
    writeln!(
        out,
        "\n{bold}Findings{reset} (byte span, spun -> original, tier, family, confidence):"
    )?;
    if report.findings.is_empty() {
        writeln!(out, "  none")?;
    }
    for f in &report.findings {
        let note = match (f.accepted, f.in_quote) {
            // Accepted below the support threshold: by passage acceptance.
            (true, _) if f.confidence < despin::ACCEPT_THRESHOLD => {
                "  [weak, rewritten: the passage scores as surely spun]"
            }
            (true, _) => "",
            (false, true) => "  [in a quotation: not rewritten]",
            (false, false) => "  [too weak alone: not rewritten]",
        };
        let others: Vec<&str> = f.candidates[1..].iter().map(|c| &*c.original).collect();
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
            f.original(),
            f.tier,
            f.family,
            f.confidence
        )?;
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
