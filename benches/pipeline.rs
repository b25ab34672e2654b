//! Criterion benches for the pipeline on a few MB of generated text.
//!
//! The text is generated (deterministically) from a list of common English words with
//! spun phrases from the built-in lexicon planted at about 3 % of word positions, and a
//! quotation every few sentences, so every stage does realistic work.
//! Run: `cargo bench --bench pipeline`.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use despin::{Detector, Lexicon};

/// Size of the generated text.
const TEXT_BYTES: usize = 4 << 20;

const COMMON: &[&str] = &[
    "the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "as", "was", "with", "be",
    "by", "on", "not", "he", "this", "are", "or", "his", "from", "at", "which", "but", "have",
    "an", "had", "they", "you", "were", "their", "one", "all", "we", "can", "her", "has",
    "there", "been", "if", "more", "when", "will", "would", "who", "so", "no", "people",
    "year", "government", "company", "game", "players", "week", "report", "market", "city",
    "council", "team", "season", "data", "system", "price", "update", "console", "studio",
];

/// A tiny deterministic generator (xorshift), so runs compare like with like.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

fn generate(bytes: usize) -> String {
    let spun: Vec<&str> = Lexicon::builtin().entries().iter().map(|e| e.spun.as_str()).collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut text = String::with_capacity(bytes + 64);
    let mut words_in_sentence = 0;
    let mut sentences = 0;
    while text.len() < bytes {
        let word = if !spun.is_empty() && rng.next() % 100 < 3 {
            rng.pick(&spun)
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

fn benches(c: &mut Criterion) {
    let detector = Detector::builtin();
    let text = generate(TEXT_BYTES);
    let mut group = c.benchmark_group("pipeline");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("tokenize", |b| b.iter(|| despin::tokenize(black_box(&text)).len()));
    group.bench_function("find", |b| b.iter(|| detector.find(black_box(&text)).len()));
    group.bench_function("analyze", |b| b.iter(|| detector.analyze(black_box(&text)).score.score));
    group.bench_function("reconstruct", |b| {
        b.iter(|| detector.reconstruct(black_box(&text)).text.len())
    });
    group.finish();

    let tsv = Lexicon::builtin().to_tsv();
    let mut group = c.benchmark_group("lexicon");
    group.throughput(Throughput::Bytes(tsv.len() as u64));
    group.bench_function("parse_builtin_tsv", |b| {
        b.iter(|| Lexicon::from_tsv_str(black_box(&tsv), "bench").map(|l| l.len()))
    });
    group.bench_function("build_builtin_detector", |b| {
        b.iter(|| Detector::builder().build().map(|d| d.find("x").len()))
    });
    group.finish();
}

criterion_group!(pipeline, benches);
criterion_main!(pipeline);
