//! Criterion benches for the pipeline on a few MB of real and generated text, with
//! baselines measured in the same run: tokenising alone (the ceiling) and a plain
//! `aho-corasick` leftmost-longest, ASCII-case-insensitive, whole-word scan for the same
//! spun phrases (the best a literal matcher does), counting matches (`find`'s and
//! `analyze`'s baseline) or replacing each by its original (`reconstruct`'s). Compare
//! ratios, not absolute numbers: this machine drifts by 20 % between runs.
//!
//! Texts of 4 MiB:
//!
//! * `news`: the real news of `../shared/corpus` (clean articles, the spun pages and their
//!   originals, about a quarter spun), read at bench time and repeated to 4 MiB. This is
//!   the realistic one. Skipped, with a note, when the corpus is not beside the crate.
//! * `news+100k`: the same text with the built-in lexicon plus the 100k synthetic pairs.
//! * `builtin`, `1k`, `10k` and `100k`: generated deterministically from 68 very common
//!   English words with spun phrases of the lexicon planted at about 3 % of word positions
//!   and a quotation every few sentences; the lexicon is the built-in one or a synthetic one
//!   of that many pairs. A stress test more than a sample: nearly every word starts some
//!   lexicon phrase, so the matcher works at every word.
//!
//! Run: `cargo bench --bench pipeline` (add a filter such as `-- pipeline/` for a subset;
//! `DESPIN_BENCH_TEXTS=builtin,100k` builds only the named texts).

#[path = "../examples/common/rng.rs"]
mod rng;

use aho_corasick::{AhoCorasick, MatchKind};
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use despin::{Detector, Entry, Family, Lexicon};
use rng::Rng;

/// Size of the generated text.
const TEXT_BYTES: usize = 4 << 20;
/// Size of the large synthetic lexicon.
const LARGE_LEXICON: usize = 100_000;

const COMMON: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "it",
    "as",
    "was",
    "with",
    "be",
    "by",
    "on",
    "not",
    "he",
    "this",
    "are",
    "or",
    "his",
    "from",
    "at",
    "which",
    "but",
    "have",
    "an",
    "had",
    "they",
    "you",
    "were",
    "their",
    "one",
    "all",
    "we",
    "can",
    "her",
    "has",
    "there",
    "been",
    "if",
    "more",
    "when",
    "will",
    "would",
    "who",
    "so",
    "no",
    "people",
    "year",
    "government",
    "company",
    "game",
    "players",
    "week",
    "report",
    "market",
    "city",
    "council",
    "team",
    "season",
    "data",
    "system",
    "price",
    "update",
    "console",
    "studio",
];

fn generate(bytes: usize, spun: &[&str]) -> String {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut text = String::with_capacity(bytes + 64);
    let mut words_in_sentence = 0;
    let mut sentences = 0;
    while text.len() < bytes {
        let word = if !spun.is_empty() && rng.next() % 100 < 3 {
            rng.pick(spun)
        } else {
            rng.pick(COMMON)
        };
        if words_in_sentence == 0 {
            if sentences % 7 == 3 {
                text.push('“');
            }
            let mut chars = word.chars();
            if let Some(c) = chars.next() {
                text.extend(c.to_uppercase());
                text.push_str(chars.as_str());
            }
        } else {
            text.push(' ');
            text.push_str(word);
        }
        words_in_sentence += 1;
        if words_in_sentence > 8 + (rng.next() % 14) as usize {
            text.push('.');
            if sentences % 7 == 3 {
                text.push('”');
            }
            text.push(if rng.next() % 5 == 0 { '\n' } else { ' ' });
            words_in_sentence = 0;
            sentences += 1;
        }
    }
    text
}

/// A synthetic lexicon of `n` pairs: distinct spun phrases of one to three pseudo-words
/// (one original each, like a real list), over a vocabulary of 24^3 words.
fn synthetic_lexicon(n: usize) -> Lexicon {
    const SYLLABLES: &[&str] = &[
        "ka", "lo", "mi", "ren", "tor", "vax", "quo", "zel", "pim", "dra", "sto", "nu", "bel",
        "cor", "fin", "gus", "hap", "jin", "ler", "mox", "pev", "ris", "tam", "wyn",
    ];
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    let word =
        |rng: &mut Rng| -> String { (0..3).map(|_| rng.pick(SYLLABLES)).collect::<String>() };
    let mut lexicon = Lexicon::new();
    let mut seen = std::collections::HashSet::new();
    while lexicon.len() < n {
        let words = 1 + (rng.next() % 3) as usize;
        let spun: Vec<String> = (0..words).map(|_| word(&mut rng)).collect();
        if !seen.insert(spun.join(" ")) {
            continue;
        }
        let entry = Entry::new(spun.join(" "), word(&mut rng), Family::custom(), 0.8);
        if let Ok(entry) = entry {
            lexicon.push(entry).expect("valid entry");
        }
    }
    lexicon
}

/// The baseline: literal leftmost-longest scan, whole words only.
fn aho_corasick_count(ac: &AhoCorasick, text: &str) -> usize {
    let bytes = text.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b >= 0x80;
    ac.find_iter(text)
        .filter(|m| {
            (m.start() == 0 || !is_word(bytes[m.start() - 1]))
                && (m.end() == bytes.len() || !is_word(bytes[m.end()]))
        })
        .count()
}

/// The baseline rewrite: the same scan, each whole-word match replaced by its pattern's
/// original (what `reconstruct` is compared with).
fn aho_corasick_replace(ac: &AhoCorasick, originals: &[&str], text: &str) -> String {
    let bytes = text.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b >= 0x80;
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for m in ac.find_iter(text) {
        if (m.start() == 0 || !is_word(bytes[m.start() - 1]))
            && (m.end() == bytes.len() || !is_word(bytes[m.end()]))
        {
            out.push_str(&text[last..m.start()]);
            out.push_str(originals[m.pattern().as_usize()]);
            last = m.end();
        }
    }
    out.push_str(&text[last..]);
    out
}

fn build_aho_corasick(lexicon: &Lexicon) -> AhoCorasick {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .build(lexicon.entries().iter().map(|e| e.spun.as_str()))
        .expect("aho-corasick builds")
}

/// The texts of `../shared/corpus` (every `text`, `spun` and `original` field of its
/// JSON-lines files) repeated to at least `bytes`; `None` when the corpus is absent.
fn news_corpus(bytes: usize) -> Option<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut texts = Vec::new();
    for file in ["clean.jsonl", "train-pairs.jsonl", "spun-only.jsonl"] {
        let data = std::fs::read_to_string(dir.join(file)).ok()?;
        for line in data.lines().filter(|l| !l.trim().is_empty()) {
            let record: serde_json::Value = serde_json::from_str(line).ok()?;
            for field in ["text", "spun", "original"] {
                if let Some(t) = record.get(field).and_then(|v| v.as_str()) {
                    texts.push(t.to_owned());
                }
            }
        }
    }
    let once = texts.join("\n\n");
    if once.is_empty() {
        return None;
    }
    let mut text = String::with_capacity(bytes + once.len());
    while text.len() < bytes {
        text.push_str(&once);
        text.push_str("\n\n");
    }
    Some(text)
}

/// Which text and lexicon a `pipeline/` group runs on.
#[derive(Clone, Copy)]
enum Run {
    News,
    /// The news text with the built-in lexicon plus 100k synthetic pairs: what lexicon
    /// size costs when the text's matches stay the same.
    News100k,
    Planted,
    /// Planted text and a synthetic lexicon of this many pairs alone (no built-in rows).
    PlantedSynthetic(usize),
}

fn pipeline(c: &mut Criterion) {
    // Each run's lexicon and text are made just before its group and dropped after it, so
    // one run's allocations do not shape the heap another run measures in.
    // `DESPIN_BENCH_TEXTS=builtin,100k` builds only those texts. A criterion filter skips
    // the timing but not the setup, and a dropped 100k-row lexicon leaves the heap
    // fragmented for every group after it, so per-text processes give cleaner figures.
    let chosen = std::env::var("DESPIN_BENCH_TEXTS").ok();
    let wanted = |name: &str| {
        chosen
            .as_deref()
            .is_none_or(|list| list.split(',').any(|n| n.trim() == name))
    };
    for (run, label) in [
        (Run::News, "news"),
        (Run::News100k, "news+100k"),
        (Run::Planted, "builtin"),
        (Run::PlantedSynthetic(1_000), "1k"),
        (Run::PlantedSynthetic(10_000), "10k"),
        (Run::PlantedSynthetic(LARGE_LEXICON), "100k"),
    ] {
        if !wanted(label) {
            continue;
        }
        let (name, lexicon, text) = match run {
            Run::News | Run::News100k => match news_corpus(TEXT_BYTES) {
                Some(text) if matches!(run, Run::News) => {
                    ("news", Lexicon::builtin().clone(), text)
                }
                Some(text) => {
                    let mut lexicon = Lexicon::builtin().clone();
                    lexicon.merge(&synthetic_lexicon(LARGE_LEXICON));
                    ("news+100k", lexicon, text)
                }
                None => {
                    eprintln!("pipeline/news skipped: ../shared/corpus not found beside the crate");
                    continue;
                }
            },
            Run::Planted => ("builtin", Lexicon::builtin().clone(), String::new()),
            Run::PlantedSynthetic(pairs) => (label, synthetic_lexicon(pairs), String::new()),
        };
        let text = if text.is_empty() {
            let spun: Vec<&str> = lexicon.entries().iter().map(|e| e.spun.as_str()).collect();
            generate(TEXT_BYTES, &spun)
        } else {
            text
        };
        let text = &text;
        let detector = Detector::builder()
            .builtin(false)
            .lexicon(lexicon.clone())
            .build()
            .expect("detector builds");
        let ac = build_aho_corasick(&lexicon);
        let originals: Vec<&str> = lexicon
            .entries()
            .iter()
            .map(|e| e.original.as_str())
            .collect();
        let mut group = c.benchmark_group(format!("pipeline/{name}"));
        group.sample_size(10);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("tokenize", |b| {
            b.iter(|| despin::tokenize(black_box(text)).len())
        });
        group.bench_function("aho_corasick_baseline", |b| {
            b.iter(|| aho_corasick_count(&ac, black_box(text)))
        });
        group.bench_function("aho_corasick_replace", |b| {
            b.iter(|| aho_corasick_replace(&ac, &originals, black_box(text)).len())
        });
        group.bench_function("find", |b| b.iter(|| detector.find(black_box(text)).len()));
        group.bench_function("analyze", |b| {
            b.iter(|| detector.analyze(black_box(text)).score.score)
        });
        group.bench_function("reconstruct", |b| {
            b.iter(|| detector.reconstruct(black_box(text)).text.len())
        });
        group.finish();
    }
}

fn batch(c: &mut Criterion) {
    let detector = Detector::builtin();
    let spun: Vec<&str> = Lexicon::builtin()
        .entries()
        .iter()
        .map(|e| e.spun.as_str())
        .collect();
    let text = generate(TEXT_BYTES, &spun);
    // Passages of about 2 kB, the size of a news article's opening.
    let passages: Vec<&str> = text.split_inclusive('\n').collect();
    let mut group = c.benchmark_group("batch");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("analyze_one_by_one", |b| {
        b.iter(|| {
            passages
                .iter()
                .map(|p| detector.analyze(p).findings.len())
                .sum::<usize>()
        })
    });
    group.bench_function("analyze_batch", |b| {
        b.iter(|| detector.analyze_batch(&passages).len())
    });
    group.finish();
}

fn lexicon_load(c: &mut Criterion) {
    let mut group = c.benchmark_group("lexicon");
    group.sample_size(10);
    for (name, lexicon) in [
        ("builtin", Lexicon::builtin().clone()),
        ("100k", synthetic_lexicon(LARGE_LEXICON)),
    ] {
        let tsv = lexicon.to_tsv();
        group.throughput(Throughput::Bytes(tsv.len() as u64));
        group.bench_with_input(BenchmarkId::new("parse_tsv", name), &tsv, |b, tsv| {
            b.iter(|| Lexicon::from_tsv_str(black_box(tsv), "bench").map(|l| l.len()))
        });
        group.bench_with_input(
            BenchmarkId::new("build_detector", name),
            &lexicon,
            |b, l| {
                b.iter(|| {
                    Detector::builder()
                        .builtin(false)
                        .lexicon(l.clone())
                        .build()
                        .map(|d| d.find("x").len())
                })
            },
        );
        group.bench_with_input(
            BenchmarkId::new("build_aho_corasick", name),
            &lexicon,
            |b, l| b.iter(|| build_aho_corasick(l).patterns_len()),
        );
    }
    group.finish();
}

criterion_group!(benches, pipeline, batch, lexicon_load);
criterion_main!(benches);
