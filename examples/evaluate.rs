//! Measure despin on pairs of (spun text, its original) and on never-spun text.
//!
//! ```text
//! cargo run --release --example evaluate -- --pairs ../shared/corpus/train-pairs.jsonl \
//!     [--clean ../shared/corpus/clean.jsonl] [--lexicon PATH]... [--no-builtin] [--json]
//! ```
//!
//! * `--pairs`: JSON lines with string fields `spun` and `original`; `id` and
//!   `spinner_family` are used in the output when present, other fields are ignored.
//! * `--clean`: JSON lines with a string field `text` (passages that were never spun).
//! * `--lexicon`: an extra TSV lexicon (repeatable); `--no-builtin` leaves out the
//!   built-in one.
//! * `--json`: print one JSON object instead of the markdown report.
//!
//! Metrics (see `GUIDE.md`, "How quality is measured"). Words are `despin::tokenize`
//! tokens compared by their `despin::word_keys`. The per-pair measurement
//! (`metrics::PairMeasure`) is shared with the `crossval` example.
//!
//! * Gold words: the spun words that are substituted or inserted in a word-level
//!   Levenshtein alignment of spun against original.
//! * Token precision / recall / F1: flagged words (the words an accepted finding says
//!   were rewritten, `Finding::changed_words`: for `brand new -> new` only `brand`)
//!   against gold words.
//! * WER: word edit distance / original words, for the spun text and for its
//!   reconstruction; WER reduction = 1 - WER(reconstruction) / WER(spun).
//! * Damage: word edit distance between a never-spun text and its reconstruction /
//!   its words, on the originals and on the clean passages.
//! * Passage level: ROC AUC of `score.score` (spun texts against originals and clean
//!   texts, Mann-Whitney with ties counted half), TPR of `score.spun` on spun texts and
//!   FPR on originals and on clean texts.
//!
//! Totals are micro-averaged over words (sum of errors / sum of words). Originals that
//! several pairs share are counted once as negatives.
//!
//! Unreadable files, bad JSON lines and bad lexicons are reported on stderr with the file
//! (and line) and exit code 2.

#[path = "common/jsonl.rs"]
mod jsonl;
#[path = "common/metrics.rs"]
mod metrics;

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use despin::{Detector, Lexicon};
use jsonl::{optional_str, read_objects, required_str};
use metrics::{ratio, roc_auc, Damage, PairMeasure, Prf};
use serde_json::{json, Map, Value};

const USAGE: &str = "usage: evaluate --pairs PAIRS.jsonl [--clean CLEAN.jsonl] \
[--lexicon PATH]... [--no-builtin] [--json]";

/// Family label for pairs without a `spinner_family` field.
const NO_FAMILY: &str = "(none)";

/// Command-line options.
struct Args {
    pairs: PathBuf,
    clean: Option<PathBuf>,
    lexicons: Vec<PathBuf>,
    builtin: bool,
    json: bool,
}

/// Why the program stops early.
enum Failure {
    /// `--help`: print usage to stdout, exit 0.
    Help,
    /// A user-facing error: print to stderr, exit 2.
    Error(String),
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::Error(message)
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Help) => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Err(Failure::Error(message)) => {
            eprintln!("evaluate: {message}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), Failure> {
    let args = parse_args(std::env::args().skip(1))?;

    let mut builder = Detector::builder().builtin(args.builtin);
    for path in &args.lexicons {
        let lexicon = Lexicon::load(path).map_err(|e| format!("lexicon: {e}"))?;
        builder = builder.lexicon(lexicon);
    }
    let detector = builder.build().map_err(|e| format!("detector: {e}"))?;

    let pairs = read_pairs(&args.pairs)?;
    let clean = match &args.clean {
        Some(path) => read_clean(path)?,
        None => Vec::new(),
    };

    let evaluation = Evaluation::run(&detector, &pairs, &clean);
    let out = if args.json {
        let mut s = serde_json::to_string_pretty(&evaluation.to_json(&args))
            .map_err(|e| format!("cannot serialise the report: {e}"))?;
        s.push('\n');
        s
    } else {
        evaluation.to_markdown(&args)
    };
    std::io::stdout()
        .lock()
        .write_all(out.as_bytes())
        .map_err(|e| format!("cannot write the report: {e}"))?;
    Ok(())
}

/// Parse the command line (`--opt VALUE` and `--opt=VALUE` both work).
fn parse_args(mut argv: impl Iterator<Item = String>) -> Result<Args, Failure> {
    let mut pairs = None;
    let mut clean = None;
    let mut lexicons = Vec::new();
    let mut builtin = true;
    let mut json = false;
    while let Some(arg) = argv.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| -> Result<PathBuf, Failure> {
            inline
                .clone()
                .or_else(|| argv.next())
                .map(PathBuf::from)
                .ok_or_else(|| Failure::Error(format!("{name} needs a value\n{USAGE}")))
        };
        match name.as_str() {
            "--pairs" => pairs = Some(value("--pairs")?),
            "--clean" => clean = Some(value("--clean")?),
            "--lexicon" => lexicons.push(value("--lexicon")?),
            "--no-builtin" => builtin = false,
            "--json" => json = true,
            "-h" | "--help" => return Err(Failure::Help),
            _ => return Err(Failure::Error(format!("unknown argument {arg:?}\n{USAGE}"))),
        }
    }
    let pairs = pairs.ok_or_else(|| Failure::Error(format!("--pairs is required\n{USAGE}")))?;
    Ok(Args {
        pairs,
        clean,
        lexicons,
        builtin,
        json,
    })
}

/// One spun/original record.
struct PairRecord {
    id: String,
    family: String,
    spun: String,
    original: String,
}

/// One never-spun passage.
struct CleanRecord {
    text: String,
}

fn read_pairs(path: &Path) -> Result<Vec<PairRecord>, String> {
    let mut pairs = Vec::new();
    for (line, map) in read_objects(path)? {
        pairs.push(PairRecord {
            id: optional_str(&map, "id", path, line)?.unwrap_or_else(|| format!("line-{line}")),
            family: optional_str(&map, "spinner_family", path, line)?
                .unwrap_or_else(|| NO_FAMILY.to_string()),
            spun: required_str(&map, "spun", path, line)?,
            original: required_str(&map, "original", path, line)?,
        });
    }
    if pairs.is_empty() {
        return Err(format!("{}: no records", path.display()));
    }
    Ok(pairs)
}

fn read_clean(path: &Path) -> Result<Vec<CleanRecord>, String> {
    let mut clean = Vec::new();
    for (line, map) in read_objects(path)? {
        clean.push(CleanRecord {
            text: required_str(&map, "text", path, line)?,
        });
    }
    Ok(clean)
}

/// Results for one spun text of a pair.
struct PairResult {
    id: String,
    family: String,
    /// Index into [`Evaluation::originals`].
    original: usize,
    spun_words: usize,
    original_words: usize,
    prf: Prf,
    /// Word edit distance spun -> original.
    spun_edits: usize,
    /// Word edit distance reconstruction -> original.
    reconstructed_edits: usize,
    score: f64,
    spun: bool,
}

/// Results for one text that was never spun (an original or a clean passage).
struct NegativeResult {
    words: usize,
    /// Word edit distance between the text and its reconstruction.
    changed: usize,
    score: f64,
    spun: bool,
}

impl NegativeResult {
    fn of(detector: &Detector, text: &str) -> NegativeResult {
        let report = detector.analyze(text);
        let damage = Damage::of(text, &report.reconstruct(text));
        NegativeResult {
            words: damage.words,
            changed: damage.changed,
            score: report.score.score,
            spun: report.score.spun,
        }
    }
}

/// Sums over never-spun texts.
#[derive(Default)]
struct NegativeTotals {
    passages: usize,
    flagged_passages: usize,
    words: usize,
    changed: usize,
}

impl NegativeTotals {
    fn of<'a>(results: impl IntoIterator<Item = &'a NegativeResult>) -> NegativeTotals {
        let mut t = NegativeTotals::default();
        for r in results {
            t.passages += 1;
            t.flagged_passages += usize::from(r.spun);
            t.words += r.words;
            t.changed += r.changed;
        }
        t
    }

    fn damage(&self) -> Option<f64> {
        ratio(self.changed, self.words)
    }

    fn fpr(&self) -> Option<f64> {
        ratio(self.flagged_passages, self.passages)
    }

    fn to_json(&self) -> Value {
        json!({
            "passages": self.passages,
            "flagged_passages": self.flagged_passages,
            "fpr": self.fpr(),
            "words": self.words,
            "changed_words": self.changed,
            "damage": self.damage(),
        })
    }
}

/// Figures for one group of pairs (all of them, or one spinner family).
struct GroupSummary {
    pairs: usize,
    spun_words: usize,
    original_words: usize,
    prf: Prf,
    spun_edits: usize,
    reconstructed_edits: usize,
    flagged_spun: usize,
    /// The group's distinct originals.
    originals: NegativeTotals,
    /// Spun texts against the group's originals and all clean texts.
    auc: Option<f64>,
}

impl GroupSummary {
    fn wer_spun(&self) -> Option<f64> {
        ratio(self.spun_edits, self.original_words)
    }

    fn wer_reconstructed(&self) -> Option<f64> {
        ratio(self.reconstructed_edits, self.original_words)
    }

    fn wer_reduction(&self) -> Option<f64> {
        let spun = self.wer_spun()?;
        (spun > 0.0).then(|| 1.0 - self.wer_reconstructed().unwrap_or(0.0) / spun)
    }

    fn tpr(&self) -> Option<f64> {
        ratio(self.flagged_spun, self.pairs)
    }

    fn to_json(&self) -> Value {
        json!({
            "pairs": self.pairs,
            "spun_words": self.spun_words,
            "original_words": self.original_words,
            "gold_words": self.prf.gold,
            "flagged_words": self.prf.flagged,
            "true_positive_words": self.prf.true_positives,
            "precision": self.prf.precision(),
            "recall": self.prf.recall(),
            "f1": self.prf.f1(),
            "spun_edits": self.spun_edits,
            "reconstructed_edits": self.reconstructed_edits,
            "wer_spun": self.wer_spun(),
            "wer_reconstructed": self.wer_reconstructed(),
            "wer_reduction": self.wer_reduction(),
            "auc": self.auc,
            "flagged_spun_passages": self.flagged_spun,
            "tpr": self.tpr(),
            "originals": self.originals.to_json(),
        })
    }
}

/// Everything measured in one run.
struct Evaluation {
    pairs: Vec<PairResult>,
    /// Distinct originals, in first-seen order.
    originals: Vec<NegativeResult>,
    clean: Vec<NegativeResult>,
}

impl Evaluation {
    fn run(detector: &Detector, pairs: &[PairRecord], clean: &[CleanRecord]) -> Evaluation {
        let mut progress = Progress::new(pairs.len() + clean.len());
        let mut original_index: HashMap<&str, usize> = HashMap::new();
        let mut originals = Vec::new();
        let mut results = Vec::with_capacity(pairs.len());
        for pair in pairs {
            let original = *original_index
                .entry(pair.original.as_str())
                .or_insert_with(|| {
                    originals.push(NegativeResult::of(detector, &pair.original));
                    originals.len() - 1
                });
            results.push(evaluate_pair(detector, pair, original));
            progress.tick();
        }
        let clean = clean
            .iter()
            .map(|c| {
                progress.tick();
                NegativeResult::of(detector, &c.text)
            })
            .collect();
        progress.finish();
        Evaluation {
            pairs: results,
            originals,
            clean,
        }
    }

    /// Summary of the pairs accepted by `keep`.
    fn summary(&self, keep: impl Fn(&PairResult) -> bool) -> GroupSummary {
        let group: Vec<&PairResult> = self.pairs.iter().filter(|p| keep(p)).collect();
        let mut original_ids: Vec<usize> = group.iter().map(|p| p.original).collect();
        original_ids.sort_unstable();
        original_ids.dedup();
        let originals: Vec<&NegativeResult> =
            original_ids.iter().map(|&i| &self.originals[i]).collect();

        let mut prf = Prf::default();
        for p in &group {
            prf.add(p.prf);
        }
        let positives: Vec<f64> = group.iter().map(|p| p.score).collect();
        let negatives: Vec<f64> = originals
            .iter()
            .map(|o| o.score)
            .chain(self.clean.iter().map(|c| c.score))
            .collect();
        GroupSummary {
            pairs: group.len(),
            spun_words: group.iter().map(|p| p.spun_words).sum(),
            original_words: group.iter().map(|p| p.original_words).sum(),
            prf,
            spun_edits: group.iter().map(|p| p.spun_edits).sum(),
            reconstructed_edits: group.iter().map(|p| p.reconstructed_edits).sum(),
            flagged_spun: group.iter().filter(|p| p.spun).count(),
            originals: NegativeTotals::of(originals),
            auc: roc_auc(&positives, &negatives),
        }
    }

    /// The overall summary followed by one per spinner family, in name order.
    fn groups(&self) -> (GroupSummary, BTreeMap<&str, GroupSummary>) {
        let overall = self.summary(|_| true);
        let mut families = BTreeMap::new();
        for p in &self.pairs {
            families
                .entry(p.family.as_str())
                .or_insert_with(|| self.summary(|q| q.family == p.family));
        }
        (overall, families)
    }

    fn settings_json(args: &Args) -> Value {
        json!({
            "pairs_file": args.pairs.display().to_string(),
            "clean_file": args.clean.as_ref().map(|p| p.display().to_string()),
            "lexicons": args.lexicons.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
            "builtin": args.builtin,
        })
    }

    fn to_json(&self, args: &Args) -> Value {
        let (overall, families) = self.groups();
        let by_family: Map<String, Value> = families
            .iter()
            .map(|(name, g)| (name.to_string(), g.to_json()))
            .collect();
        let clean = NegativeTotals::of(&self.clean);
        let pairs: Vec<Value> = self
            .pairs
            .iter()
            .map(|p| {
                let o = &self.originals[p.original];
                json!({
                    "id": p.id,
                    "spinner_family": p.family,
                    "spun_words": p.spun_words,
                    "original_words": p.original_words,
                    "gold_words": p.prf.gold,
                    "flagged_words": p.prf.flagged,
                    "true_positive_words": p.prf.true_positives,
                    "spun_edits": p.spun_edits,
                    "reconstructed_edits": p.reconstructed_edits,
                    "score": p.score,
                    "spun": p.spun,
                    "original_score": o.score,
                    "original_spun": o.spun,
                    "original_changed_words": o.changed,
                })
            })
            .collect();
        json!({
            "averaging": "micro over words: sum of errors / sum of words; shared originals counted once",
            "settings": Self::settings_json(args),
            "overall": overall.to_json(),
            "by_family": by_family,
            "clean": clean.to_json(),
            "pairs": pairs,
        })
    }

    fn to_markdown(&self, args: &Args) -> String {
        let (overall, families) = self.groups();
        let clean = NegativeTotals::of(&self.clean);
        let mut s = String::new();
        let lexicons = if args.lexicons.is_empty() {
            "none".to_string()
        } else {
            args.lexicons
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        s.push_str("# despin evaluation\n\n");
        // The command that produced this report, so a later run can reproduce and diff it.
        let command: Vec<String> = std::env::args().skip(1).collect();
        s.push_str(&format!(
            "Generated by `cargo run --release --example evaluate -- {}`.\n\n",
            command.join(" ")
        ));
        s.push_str(&format!(
            "Pairs: `{}`; clean: `{}`; built-in lexicon: {}; extra lexicons: {}.\n\n",
            args.pairs.display(),
            args.clean
                .as_ref()
                .map_or("none".to_string(), |p| p.display().to_string()),
            if args.builtin { "yes" } else { "no" },
            lexicons,
        ));
        s.push_str(
            "Totals are micro-averaged over words (sum of errors / sum of words, not a mean \
             of per-passage rates). Originals shared by several pairs are counted once.\n\n",
        );

        s.push_str("## Overall\n\n| metric | value |\n|---|---|\n");
        let rows: Vec<(&str, String)> = vec![
            ("pairs", overall.pairs.to_string()),
            (
                "spun / original words",
                format!("{} / {}", overall.spun_words, overall.original_words),
            ),
            (
                "gold / flagged / correct words",
                format!(
                    "{} / {} / {}",
                    overall.prf.gold, overall.prf.flagged, overall.prf.true_positives
                ),
            ),
            ("token precision", pct(overall.prf.precision())),
            ("token recall", pct(overall.prf.recall())),
            ("token F1", pct(overall.prf.f1())),
            ("WER spun", pct(overall.wer_spun())),
            ("WER reconstructed", pct(overall.wer_reconstructed())),
            ("WER reduction", pct(overall.wer_reduction())),
            (
                "damage on originals",
                format!(
                    "{} ({} of {} words, {} distinct originals)",
                    pct(overall.originals.damage()),
                    overall.originals.changed,
                    overall.originals.words,
                    overall.originals.passages
                ),
            ),
            (
                "damage on clean",
                format!(
                    "{} ({} of {} words, {} passages)",
                    pct(clean.damage()),
                    clean.changed,
                    clean.words,
                    clean.passages
                ),
            ),
            (
                "passage ROC AUC (spun vs originals + clean)",
                num(overall.auc),
            ),
            (
                "TPR `spun` on spun texts",
                format!(
                    "{} ({}/{})",
                    pct(overall.tpr()),
                    overall.flagged_spun,
                    overall.pairs
                ),
            ),
            (
                "FPR `spun` on originals",
                format!(
                    "{} ({}/{})",
                    pct(overall.originals.fpr()),
                    overall.originals.flagged_passages,
                    overall.originals.passages
                ),
            ),
            (
                "FPR `spun` on clean",
                format!(
                    "{} ({}/{})",
                    pct(clean.fpr()),
                    clean.flagged_passages,
                    clean.passages
                ),
            ),
        ];
        for (name, value) in rows {
            s.push_str(&format!("| {name} | {value} |\n"));
        }

        s.push_str(
            "\n## By spinner family\n\n\
             AUC: the family's spun texts against its originals and all clean texts.\n\n\
             | family | pairs | gold | flagged | P | R | F1 | WER spun | WER recon | WER red. \
             | damage orig. | AUC | TPR | FPR orig. |\n\
             |---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n",
        );
        for (name, g) in &families {
            s.push_str(&format!(
                "| {name} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
                g.pairs,
                g.prf.gold,
                g.prf.flagged,
                pct(g.prf.precision()),
                pct(g.prf.recall()),
                pct(g.prf.f1()),
                pct(g.wer_spun()),
                pct(g.wer_reconstructed()),
                pct(g.wer_reduction()),
                pct(g.originals.damage()),
                num(g.auc),
                pct(g.tpr()),
                pct(g.originals.fpr()),
            ));
        }
        s
    }
}

/// Align, flag, reconstruct and score one pair.
fn evaluate_pair(detector: &Detector, pair: &PairRecord, original: usize) -> PairResult {
    let m = PairMeasure::of(detector, &pair.spun, &pair.original);
    PairResult {
        id: pair.id.clone(),
        family: pair.family.clone(),
        original,
        spun_words: m.spun_keys.len(),
        original_words: m.original_keys.len(),
        prf: m.prf,
        spun_edits: m.spun_edits,
        reconstructed_edits: m.reconstructed_edits,
        score: m.report.score.score,
        spun: m.report.score.spun,
    }
}

/// A rate as a percentage with one decimal, or `n/a`.
fn pct(x: Option<f64>) -> String {
    x.map_or("n/a".to_string(), |v| format!("{:.1}%", v * 100.0))
}

/// A number with three decimals, or `n/a`.
fn num(x: Option<f64>) -> String {
    x.map_or("n/a".to_string(), |v| format!("{v:.3}"))
}

/// A progress bar on stderr for long runs: drawn at most every 200 ms, only when stderr is
/// a terminal, so piped or logged output stays clean.
struct Progress {
    total: usize,
    done: usize,
    started: std::time::Instant,
    last_draw: Option<std::time::Instant>,
    enabled: bool,
}

impl Progress {
    fn new(total: usize) -> Progress {
        use std::io::IsTerminal;
        Progress {
            total,
            done: 0,
            started: std::time::Instant::now(),
            last_draw: None,
            enabled: std::io::stderr().is_terminal(),
        }
    }

    fn tick(&mut self) {
        self.done += 1;
        if !self.enabled {
            return;
        }
        let now = std::time::Instant::now();
        if self
            .last_draw
            .is_some_and(|t| now.duration_since(t).as_millis() < 200)
            && self.done < self.total
        {
            return;
        }
        self.last_draw = Some(now);
        const WIDTH: usize = 30;
        let filled = WIDTH * self.done / self.total.max(1);
        eprint!(
            "\r[{}{}] {}/{} passages, {:.1} s",
            "#".repeat(filled),
            " ".repeat(WIDTH - filled),
            self.done,
            self.total,
            self.started.elapsed().as_secs_f64()
        );
    }

    fn finish(&mut self) {
        if self.enabled && self.last_draw.is_some() {
            eprintln!();
        }
    }
}
