//! Leave-one-group-out cross-validation of the built-in lexicon recipe.
//!
//! ```text
//! cargo run --release --example crossval -- --pairs ../shared/corpus/train-pairs.jsonl \
//!     --clean ../shared/corpus/clean.jsonl [--clean-text FILE]... [--seed TSV]... \
//!     [--wordnet DIR] [--fortunes DIR] [--markdown]
//! ```
//!
//! Pairs are grouped by article (`recipe::assign_groups`: the same `original_url`, or a
//! shared run of eight words on either side, so several spun copies of one story found at
//! different republications form one group). For each group: learn rows from the news-spinner pairs of every *other* group
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
//! is summed over all folds' lexicons, as are the clean passages called spun (the
//! detector's default score model, `data/score-model.tsv`). The per-pair measurement is
//! the one `evaluate` uses (`metrics::PairMeasure`).
//!
//! Also printed: precision, recall and WER reduction per `topic` of the held-out pairs
//! ("learned" and "learned + seed"), and a learning curve: each fold learns again from
//! 10 %, 25 % and 50 % of its training groups (drawn with a seed fixed per fold) and is
//! measured on the same held-out group.
//!
//! For experiments: `CROSSVAL_CONFIGS=learned` runs one configuration,
//! `CROSSVAL_NO_CURVE=1` skips the learning curve, `CROSSVAL_DEBUG=1` prints every
//! true-positive, false-positive and missed word, and every rewrite of a clean passage
//! (`DMG`), to stderr, and
//! `RECIPE=key=value,...` overrides fields of `despin::learn::Selection`, and
//! `PROPOSE=key=value,...` fields of `despin::learn::propose::ProposeOptions`;
//! `REWRITE_SCOPE`, `PASSAGE_ACCEPTANCE` and `CONTEXT_STRENGTH` change the detector (see
//! `detector_of`). With
//! `CROSSVAL_DEBUG=1` each fold's calibration (`CAL`) and proposals (`PROP`) are printed too.

#[path = "common/jsonl.rs"]
mod jsonl;
#[path = "common/metrics.rs"]
mod metrics;
#[path = "common/recipe.rs"]
mod recipe;
#[path = "common/rng.rs"]
mod rng;

use despin::{Detector, Lexicon, RewriteScope};
use metrics::{passages, ratio, Damage, PairMeasure, Prf};
use recipe::PairRec;
use rng::Rng;
use std::collections::{BTreeMap, BTreeSet};
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
    /// `--clean` passages called spun (summed over folds) and passages scored.
    clean_spun: usize,
    clean_scored: usize,
    clean_text: Damage,
    /// `--clean-text` passages called spun (summed over folds) and passages scored.
    clean_text_spun: usize,
    clean_text_scored: usize,
    rows: usize,
    folds: usize,
    /// Per topic of the held-out pairs.
    topics: BTreeMap<String, TopicTotals>,
}

/// Sums for one topic of held-out pairs.
#[derive(Default)]
struct TopicTotals {
    pairs: usize,
    prf: Prf,
    original_words: usize,
    spun_edits: usize,
    reconstructed_edits: usize,
}

impl TopicTotals {
    fn wer_reduction(&self) -> Option<f64> {
        let spun = ratio(self.spun_edits, self.original_words)?;
        let rec = ratio(self.reconstructed_edits, self.original_words)?;
        (spun > 0.0).then(|| 1.0 - rec / spun)
    }
}

impl Totals {
    fn wer_reduction(&self) -> Option<f64> {
        let spun = ratio(self.spun_edits, self.original_words)?;
        let rec = ratio(self.reconstructed_edits, self.original_words)?;
        (spun > 0.0).then(|| 1.0 - rec / spun)
    }
}

/// Damage and verdicts of `detector` on never-spun passages (analysed on all cores).
fn clean_run(detector: &Detector, texts: &[String]) -> (Damage, usize) {
    let mut damage = Damage::default();
    let mut spun = 0;
    let debug = std::env::var_os("CROSSVAL_DEBUG").is_some();
    for (text, report) in texts.iter().zip(detector.analyze_batch(texts)) {
        spun += usize::from(report.score.spun);
        let rebuilt = report.reconstruct(text);
        if debug {
            for e in &rebuilt.edits {
                let before = despin::word_keys(&text[..e.span.start]).pop();
                let after = despin::word_keys(&text[e.span.end..]).into_iter().next();
                eprintln!(
                    "DMG\t{}\t{}\t{}\t{:.2}\t{} [{}] {}",
                    e.spun.to_lowercase(),
                    e.original.to_lowercase(),
                    report.score.spun,
                    report.score.score,
                    before.unwrap_or_default(),
                    e.spun.to_lowercase(),
                    after.unwrap_or_default()
                );
            }
        }
        damage.add(Damage::of(text, &rebuilt));
    }
    (damage, spun)
}

/// The damage of reconstructing never-spun `text`.
fn damage(detector: &Detector, text: &str) -> Damage {
    Damage::of(text, &detector.reconstruct(text))
}

fn measure(detector: &Detector, test: &[&PairRec], t: &mut Totals) {
    let mut seen_originals = std::collections::HashSet::new();
    for p in test {
        let m = PairMeasure::of(detector, &p.spun, &p.original);
        let topic = t.topics.entry(p.topic.clone()).or_default();
        topic.pairs += 1;
        topic.prf.add(m.prf);
        topic.original_words += m.original_keys.len();
        topic.spun_edits += m.spun_edits;
        topic.reconstructed_edits += m.reconstructed_edits;
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
    let curve = std::env::var_os("CROSSVAL_NO_CURVE").is_none();
    let mut totals: Vec<Totals> = configs.iter().map(|_| Totals::default()).collect();
    let mut curve_totals: Vec<Vec<CurveTotals>> = CURVE_SHARES
        .iter()
        .map(|_| {
            CURVE_CONFIGS
                .iter()
                .map(|_| CurveTotals::default())
                .collect()
        })
        .collect();
    for (fold_index, fold) in recipe::folds(&pairs).into_iter().enumerate() {
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
            let lexicon = config_lexicon(config, &learned, &seed, &proposed);
            let detector = detector_of(&lexicon)?;
            let t = &mut totals[i];
            t.rows += lexicon.len();
            t.folds += 1;
            measure(&detector, &test, t);
            let (d, spun) = clean_run(&detector, &clean);
            t.clean.add(d);
            t.clean_spun += spun;
            t.clean_scored += clean.len();
            let (d, spun) = clean_run(&detector, &clean_text);
            t.clean_text.add(d);
            t.clean_text_spun += spun;
            t.clean_text_scored += clean_text.len();
        }
        // Learning curve: the same fold, learning from a share of its training groups.
        for (c, &share) in CURVE_SHARES.iter().enumerate().filter(|_| curve) {
            let subset = sample_groups(&training, share, fold_index);
            let rows = if share < 1.0 {
                recipe::learned_rows(&subset, &base)
            } else {
                rows.clone()
            };
            let learned = despin::learn::to_lexicon(&rows).map_err(|e| e.to_string())?;
            for (k, config) in CURVE_CONFIGS.iter().enumerate() {
                let lexicon = config_lexicon(config, &learned, &seed, &Lexicon::new());
                let t = &mut curve_totals[c][k];
                t.rows += lexicon.len();
                t.folds += 1;
                t.groups += subset
                    .iter()
                    .map(|p| p.group.as_str())
                    .collect::<BTreeSet<_>>()
                    .len();
                measure(&detector_of(&lexicon)?, &test, &mut t.totals);
            }
        }
        eprint!(".");
    }
    eprintln!();
    println!(
        "| lexicon | mean rows | P | R | F1 | P whole findings | WER spun | WER recon | WER reduction | damage originals | damage clean.jsonl | damage clean English | called spun: clean.jsonl; clean English |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (config, t) in configs.iter().zip(&totals) {
        println!(
            "| {config} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} of {}; {} of {} |",
            t.rows / t.folds.max(1),
            pct(t.prf.precision()),
            pct(t.prf.recall()),
            pct(t.prf.f1()),
            pct(t.prf_whole_findings.precision()),
            pct(ratio(t.spun_edits, t.original_words)),
            pct(ratio(t.reconstructed_edits, t.original_words)),
            pct(t.wer_reduction()),
            pct2(t.originals),
            pct2(t.clean),
            pct2(t.clean_text),
            t.clean_spun,
            t.clean_scored,
            t.clean_text_spun,
            t.clean_text_scored,
        );
    }
    let held: usize = totals[0].topics.values().map(|t| t.pairs).sum();
    println!(
        "\n{} folds (article groups with a news-spinner pair: same `original_url` or a shared \
         {}-word run), {held} held-out news-spinner pairs, {} gold words; clean.jsonl: {} \
         passages ({} words); clean English: {} passages ({} words). Damage per 1,000 words \
         (clean.jsonl; clean English), summed over every fold's lexicon:",
        totals[0].folds,
        recipe::SHARED_RUN,
        totals[0].prf.gold,
        clean.len(),
        totals[0].clean.words / totals[0].folds.max(1),
        clean_text.len(),
        totals[0].clean_text.words / totals[0].folds.max(1),
    );
    println!();
    for (config, t) in configs.iter().zip(&totals) {
        let per_k = |d: Damage| {
            d.rate()
                .map_or("n/a".into(), |r| format!("{:.2}", r * 1000.0))
        };
        println!(
            "* {config}: {} ({} of {} words); {} ({} of {} words)",
            per_k(t.clean),
            t.clean.changed,
            t.clean.words,
            per_k(t.clean_text),
            t.clean_text.changed,
            t.clean_text.words
        );
    }
    let topic_configs: Vec<usize> = ["learned", "learned + seed"]
        .iter()
        .filter_map(|c| configs.iter().position(|x| x == c))
        .collect();
    if !topic_configs.is_empty() {
        let names: Vec<&str> = topic_configs.iter().map(|&i| configs[i]).collect();
        println!("\n### Per topic\n");
        println!(
            "Held-out pairs by the corpus's `topic` label; each cell is {}.\n",
            names.join("; ")
        );
        println!("| topic | pairs | gold words | P | R | WER reduction |");
        println!("|---|---|---|---|---|---|");
        let first = &totals[topic_configs[0]];
        for (topic, tt) in &first.topics {
            let cells = |f: &dyn Fn(&TopicTotals) -> String| {
                topic_configs
                    .iter()
                    .map(|&i| f(&totals[i].topics[topic]))
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            println!(
                "| {topic} | {} | {} | {} | {} | {} |",
                tt.pairs,
                tt.prf.gold,
                cells(&|t| pct(t.prf.precision())),
                cells(&|t| pct(t.prf.recall())),
                cells(&|t| pct(t.wer_reduction())),
            );
        }
    }
    if curve {
        println!("\n### Learning curve\n");
        println!(
            "Each fold learns from a share of its training groups (drawn per fold with a fixed \
             seed) and is measured on the same held-out group; each cell is {}.\n",
            CURVE_CONFIGS.join("; ")
        );
        println!("| training groups | mean groups | mean rows | P | R | F1 | WER reduction |");
        println!("|---|---|---|---|---|---|---|");
        for (c, share) in CURVE_SHARES.iter().enumerate() {
            let row = &curve_totals[c];
            let cells = |f: &dyn Fn(&CurveTotals) -> String| {
                row.iter().map(f).collect::<Vec<_>>().join("; ")
            };
            println!(
                "| {:.0} % | {:.1} | {} | {} | {} | {} | {} |",
                share * 100.0,
                row[0].groups as f64 / row[0].folds.max(1) as f64,
                cells(&|t| (t.rows / t.folds.max(1)).to_string()),
                cells(&|t| pct(t.totals.prf.precision())),
                cells(&|t| pct(t.totals.prf.recall())),
                cells(&|t| pct(t.totals.prf.f1())),
                cells(&|t| pct(t.totals.wer_reduction())),
            );
        }
    }
    Ok(())
}

/// Shares of a fold's training groups the learning curve learns from.
const CURVE_SHARES: [f64; 4] = [0.1, 0.25, 0.5, 1.0];
/// Configurations the learning curve measures.
const CURVE_CONFIGS: [&str; 2] = ["learned", "learned + seed"];

/// Sums for one point of the learning curve.
#[derive(Default)]
struct CurveTotals {
    totals: Totals,
    rows: usize,
    groups: usize,
    folds: usize,
}

/// The training pairs of `share` of the article groups in `training` (at least one
/// group), drawn with a seed fixed per fold so runs repeat exactly.
fn sample_groups<'a>(training: &[&'a PairRec], share: f64, fold: usize) -> Vec<&'a PairRec> {
    let groups: BTreeSet<&str> = training.iter().map(|p| p.group.as_str()).collect();
    let mut groups: Vec<&str> = groups.into_iter().collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (fold as u64 + 1).wrapping_mul(0x2545_F491));
    // Fisher-Yates.
    for i in (1..groups.len()).rev() {
        let j = (rng.next() % (i as u64 + 1)) as usize;
        groups.swap(i, j);
    }
    let keep = ((groups.len() as f64 * share).round() as usize).clamp(1, groups.len());
    let kept: BTreeSet<&str> = groups[..keep].iter().copied().collect();
    training
        .iter()
        .copied()
        .filter(|p| kept.contains(p.group.as_str()))
        .collect()
}

/// The lexicon of one configuration: learned rows, seed rows, proposals.
fn config_lexicon(config: &str, learned: &Lexicon, seed: &Lexicon, proposed: &Lexicon) -> Lexicon {
    let mut lexicon = Lexicon::new();
    if config != "seed only" {
        lexicon.merge(learned);
    }
    if config.contains("seed") {
        lexicon.merge(seed);
    }
    if config.contains("proposed") {
        // Learned (and seed) rows win over a proposal of the same pair.
        let mut with = proposed.clone();
        with.merge(&lexicon);
        lexicon = with;
    }
    lexicon
}

/// A detector on `lexicon` alone (no built-in rows). For experiments:
/// `CONTEXT_STRENGTH=off` turns context judgement off, `CONTEXT_STRENGTH=x` sets its
/// strength; `REWRITE_SCOPE=everywhere|confident|spun` sets the rewrite scope
/// (`RewriteScope`; default: the library's); `PASSAGE_ACCEPTANCE=x` the passage acceptance
/// bar (`off`: none).
fn detector_of(lexicon: &Lexicon) -> Result<Detector, String> {
    let mut builder = Detector::builder().builtin(false).lexicon(lexicon.clone());
    match std::env::var("REWRITE_SCOPE").as_deref() {
        Ok("everywhere") => builder = builder.rewrite_scope(RewriteScope::Everywhere),
        Ok("confident") => builder = builder.rewrite_scope(RewriteScope::ConfidentOrSpun),
        Ok("spun") => builder = builder.rewrite_scope(RewriteScope::SpunPassages),
        Ok(x) => return Err(format!("REWRITE_SCOPE={x}: everywhere, confident or spun")),
        Err(_) => {}
    }
    match std::env::var("PASSAGE_ACCEPTANCE").as_deref() {
        Ok("off") => builder = builder.passage_acceptance(None),
        Ok(x) => {
            let bar: f64 = x.parse().map_err(|_| format!("PASSAGE_ACCEPTANCE={x}"))?;
            builder = builder.passage_acceptance(Some(bar));
        }
        Err(_) => {}
    }
    match std::env::var("CONTEXT_STRENGTH").as_deref() {
        Ok("off") => builder = builder.context(false),
        Ok(x) => {
            let s: f32 = x.parse().map_err(|_| format!("CONTEXT_STRENGTH={x}"))?;
            builder = builder.context_strength(s);
        }
        Err(_) => {}
    }
    builder.build().map_err(|e| e.to_string())
}
