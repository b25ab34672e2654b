//! Leave-one-group-out cross-validation of the built-in lexicon recipe.
//!
//! ```text
//! cargo run --release --example crossval -- --pairs ../shared/corpus/train-pairs.jsonl \
//!     --clean ../shared/corpus/clean.jsonl [--clean-text FILE]... [--seed TSV]... \
//!     [--wordnet DIR] [--fortunes DIR] [--markdown]
//! ```
//!
//! Pairs are grouped by `original_url` (several spun copies of one article form one
//! group). For each group: learn rows from the news-spinner pairs of every *other* group
//! with the same recipe that writes `data/` (`examples/common/recipe.rs`), build a
//! detector from them (without the built-in lexicon), and measure it on the held-out
//! group's news-spinner pairs. The configurations: the learned rows alone, plus the
//! hand-written seed files (`--seed`, rows that never came from aligning the pairs), each
//! with and without the rows `despin::learn::propose` proposes from PPDB (`--ppdb`,
//! `--strict-synonyms`) and the spun-only pages (`--spun-only`), calibrated on the
//! training groups only; and the seed alone.
//!
//! Figures (micro-averaged over all held-out words; see `examples/evaluate.rs`): token
//! precision / recall / F1 of flagged words (`Finding::changed_words` of accepted
//! findings; the precision with every word of an accepted finding flagged is shown too)
//! against the alignment diff, WER of the spun
//! text and of its reconstruction against the original, WER reduction, and damage (share
//! of words changed by reconstruction) on the held-out originals, on `--clean` passages
//! and on `--clean-text` files (plain text, cut into passages of 300 words by
//! `examples/common/metrics.rs`, as `train_score` cuts its Debian text). Clean-text damage
//! is summed over all folds' lexicons. The per-pair measurement is the one `evaluate` uses
//! (`metrics::PairMeasure`).
//!
//! For experiments: `CROSSVAL_CONFIGS=learned` runs one configuration, `CROSSVAL_DEBUG=1`
//! prints every true-positive, false-positive and missed word to stderr, and
//! `RECIPE=key=value,...` overrides fields of `despin::learn::Selection`, and
//! `PROPOSE=key=value,...` fields of `despin::learn::propose::ProposeOptions`. With
//! `CROSSVAL_DEBUG=1` each fold's calibration (`CAL`) and proposals (`PROP`) are printed too.

#[path = "common/jsonl.rs"]
mod jsonl;
#[path = "common/metrics.rs"]
mod metrics;
#[path = "common/recipe.rs"]
mod recipe;

use despin::{Detector, Lexicon};
use metrics::{passages, ratio, Damage, PairMeasure, Prf};
use recipe::PairRec;
use std::path::PathBuf;

const USAGE: &str = "usage: crossval --pairs PAIRS.jsonl [--clean CLEAN.jsonl] \
[--clean-text FILE]... [--seed TSV]... [--wordnet DIR] [--fortunes DIR] [--ppdb FILE] \
[--strict-synonyms FILE] [--spun-only JSONL]";

fn main() {
    if let Err(e) = run() {
        eprintln!("crossval: {e}");
        std::process::exit(2);
    }
}

struct Args {
    pairs: PathBuf,
    clean: Option<PathBuf>,
    clean_text: Vec<PathBuf>,
    seeds: Vec<PathBuf>,
    wordnet: PathBuf,
    fortunes: PathBuf,
    ppdb: PathBuf,
    strict: PathBuf,
    spun_only: PathBuf,
}

fn parse_args() -> Result<Args, String> {
    let mut argv = std::env::args().skip(1);
    let mut args = Args {
        pairs: PathBuf::new(),
        clean: None,
        clean_text: Vec::new(),
        seeds: Vec::new(),
        wordnet: recipe::WORDNET_DIR.into(),
        fortunes: recipe::FORTUNES_DIR.into(),
        ppdb: recipe::PPDB.into(),
        strict: recipe::STRICT_SYNONYMS.into(),
        spun_only: recipe::SPUN_ONLY.into(),
    };
    while let Some(a) = argv.next() {
        let mut value = || {
            argv.next()
                .map(PathBuf::from)
                .ok_or(format!("{a} needs a value"))
        };
        match a.as_str() {
            "--pairs" => args.pairs = value()?,
            "--clean" => args.clean = Some(value()?),
            "--clean-text" => args.clean_text.push(value()?),
            "--seed" => args.seeds.push(value()?),
            "--wordnet" => args.wordnet = value()?,
            "--fortunes" => args.fortunes = value()?,
            "--ppdb" => args.ppdb = value()?,
            "--strict-synonyms" => args.strict = value()?,
            "--spun-only" => args.spun_only = value()?,
            _ => return Err(format!("unknown argument {a:?}\n{USAGE}")),
        }
    }
    if args.pairs.as_os_str().is_empty() {
        return Err(USAGE.into());
    }
    Ok(args)
}

/// Sums for one configuration over all folds.
#[derive(Default)]
struct Totals {
    prf: Prf,
    /// Precision as if every word of an accepted finding were flagged.
    prf_whole_findings: Prf,
    original_words: usize,
    spun_edits: usize,
    reconstructed_edits: usize,
    originals: Damage,
    clean: Damage,
    clean_text: Damage,
    rows: usize,
    folds: usize,
}

/// The damage of reconstructing never-spun `text`.
fn damage(detector: &Detector, text: &str) -> Damage {
    Damage::of(text, &detector.reconstruct(text))
}

fn measure(detector: &Detector, test: &[&PairRec], t: &mut Totals) {
    let mut seen_originals = std::collections::HashSet::new();
    for p in test {
        let m = PairMeasure::of(detector, &p.spun, &p.original);
        t.prf.add(m.prf);
        t.prf_whole_findings.add(m.prf_whole_findings);
        if std::env::var_os("CROSSVAL_DEBUG").is_some() {
            debug_words(&m);
        }
        t.original_words += m.original_keys.len();
        t.spun_edits += m.spun_edits;
        t.reconstructed_edits += m.reconstructed_edits;
        if seen_originals.insert(p.original.as_str()) {
            t.originals.add(damage(detector, &p.original));
        }
    }
}

/// `CROSSVAL_DEBUG`: every true-positive, false-positive and missed word on stderr.
fn debug_words(m: &PairMeasure) {
    let sk = &m.spun_keys;
    for (i, tok) in m.tokens.iter().enumerate() {
        let f = m.report.findings.iter().find(|f| f.span.overlaps(tok.span));
        let state = match f {
            Some(f) if f.accepted => "acc",
            Some(_) => "seen",
            None => "none",
        };
        let label = match (m.gold[i], m.flagged[i]) {
            (true, true) => "TP",
            (true, false) => "FN",
            (false, true) => "FP",
            _ => continue,
        };
        let ctx = |j: usize| sk.get(j).map_or("", |s| s.as_str()).to_owned();
        eprintln!(
            "DBG\t{label}\t{state}\t{}\t{}\t{} [{}] {}\t{:.2}",
            sk[i],
            f.map_or(String::new(), |f| f.original().to_owned()),
            ctx(i.wrapping_sub(1)),
            sk[i],
            ctx(i + 1),
            f.map_or(0.0, |f| f.confidence)
        );
    }
}

fn pct(x: Option<f64>) -> String {
    x.map_or("n/a".into(), |v| format!("{:.1} %", v * 100.0))
}

fn pct2(x: Damage) -> String {
    x.rate()
        .map_or("n/a".into(), |v| format!("{:.2} %", v * 100.0))
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let pairs = recipe::read_pairs(&args.pairs)?;
    let clean: Vec<String> = match &args.clean {
        Some(p) => recipe::read_texts(p)?,
        None => Vec::new(),
    };
    let mut clean_text = Vec::new();
    for path in &args.clean_text {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        clean_text.extend(passages(&text));
    }
    let mut seed = Lexicon::new();
    for path in &args.seeds {
        seed.merge(&Lexicon::load(path).map_err(|e| e.to_string())?);
    }
    let base = recipe::base_background(&args.wordnet, &args.fortunes);
    eprintln!("background: {} words", base.words());
    let sources = recipe::propose_sources(&args.ppdb, &args.strict, &args.spun_only)?;
    eprintln!(
        "propose: {} synonym pairs, spinner text {} words",
        sources.synonyms.len(),
        sources.spinner.words()
    );

    let configs: Vec<&str> = match std::env::var("CROSSVAL_CONFIGS") {
        Ok(c) => c.split(',').map(|s| &*s.to_owned().leak()).collect(),
        Err(_) => vec![
            "learned",
            "learned + proposed",
            "learned + seed",
            "learned + seed + proposed",
            "seed only",
        ],
    };
    let mut totals: Vec<Totals> = configs.iter().map(|_| Totals::default()).collect();
    for fold in recipe::folds(&pairs) {
        let (g, test, training) = (fold.group, fold.test, fold.training);
        let (harvest, rows) = recipe::learn_fold(&training, &base);
        let learned = despin::learn::to_lexicon(&rows).map_err(|e| e.to_string())?;
        let mut proposed = Lexicon::new();
        if configs.iter().any(|c| c.contains("proposed")) {
            let (props, cal) = recipe::proposed_rows(&training, &harvest, &base, &sources);
            for p in &props {
                proposed.push(p.entry.clone()).map_err(|e| e.to_string())?;
            }
            if std::env::var_os("CROSSVAL_DEBUG").is_some() {
                eprintln!(
                    "PROPOSED {g}: {} rows; calibration {} of {} directions",
                    props.len(),
                    cal.swaps,
                    cal.directions
                );
                for (profile, (swaps, n)) in &cal.counts {
                    eprintln!("CAL\t{profile:?}\t{swaps}\t{n}");
                }
                for p in &props {
                    eprintln!(
                        "PROP\t{}\t{}\t{}\t{:.2}\t{:?}",
                        p.entry.spun, p.entry.original, p.entry.weight, p.precision, p.profile
                    );
                }
            }
        }
        for (i, config) in configs.iter().enumerate() {
            let mut lexicon = Lexicon::new();
            if *config != "seed only" {
                lexicon.merge(&learned);
            }
            if config.contains("seed") {
                lexicon.merge(&seed);
            }
            if config.contains("proposed") {
                // Learned (and seed) rows win over a proposal of the same pair.
                let mut with = proposed.clone();
                with.merge(&lexicon);
                lexicon = with;
            }
            let detector = Detector::builder()
                .builtin(false)
                .lexicon(lexicon.clone())
                .build()
                .map_err(|e| e.to_string())?;
            let t = &mut totals[i];
            t.rows += lexicon.len();
            t.folds += 1;
            measure(&detector, &test, t);
            for c in &clean {
                t.clean.add(damage(&detector, c));
            }
            for c in &clean_text {
                t.clean_text.add(damage(&detector, c));
            }
        }
        eprint!(".");
    }
    eprintln!();
    println!(
        "| lexicon | mean rows | P | R | F1 | P whole findings | WER spun | WER recon | WER reduction | damage originals | damage clean.jsonl | damage clean English |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (config, t) in configs.iter().zip(&totals) {
        let wer_spun = ratio(t.spun_edits, t.original_words);
        let wer_rec = ratio(t.reconstructed_edits, t.original_words);
        let reduction = wer_spun.zip(wer_rec).map(|(s, r)| 1.0 - r / s);
        println!(
            "| {config} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            t.rows / t.folds.max(1),
            pct(t.prf.precision()),
            pct(t.prf.recall()),
            pct(t.prf.f1()),
            pct(t.prf_whole_findings.precision()),
            pct(wer_spun),
            pct(wer_rec),
            pct(reduction),
            pct2(t.originals),
            pct2(t.clean),
            pct2(t.clean_text),
        );
    }
    println!(
        "\n{} folds (groups by `original_url` with a news-spinner pair); clean English: {} passages.",
        totals[0].folds,
        clean_text.len()
    );
    Ok(())
}
