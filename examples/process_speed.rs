//! The whole `despin --jsonl` process against the `aho-corasick` crate's whole-word
//! leftmost-longest find and replace, on the same text and lexicons, in one run.
//!
//! ```sh
//! cargo build --release --bin despin --example process_speed
//! cargo run --release --example process_speed -- [--despin target/release/despin] \
//!     [--mb 21] [--pairs 1000,10000,100000] [--text FILE] [--keep DIR]
//! ```
//!
//! The text is `FILE` or, by default, the real news of `../shared/corpus` repeated to
//! `--mb` megabytes, with spun phrases of a synthetic lexicon planted at 3 % of word
//! positions (pseudo-words of three syllables, one to three words a phrase, one original
//! each). For each lexicon size the baseline finds (counts whole-word matches) and
//! replaces (builds the rewritten text) in this process on one core, three times each; then the `despin`
//! command reads the same text as JSON lines of about 2,000 characters with
//! `--no-builtin --lexicon` and writes its records to a file (start-up and lexicon
//! compilation included). Reported: MB/s of each by the clock and per CPU second (the
//! process uses every core; on a loaded machine the CPU figures are the steadier), and
//! the ratios. Numbers drift by 20 % between runs on a shared machine: compare within
//! one run. `--keep DIR` writes the lexicons, records and answers to `DIR` and leaves them
//! there (to profile the command on exactly this input); by default they go to a temporary
//! directory that is removed.

#[path = "common/rng.rs"]
mod rng;

use aho_corasick::{AhoCorasick, MatchKind};
use rng::Rng;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// Timed runs of each baseline (their CPU time is read in 1/100 s ticks).
const REPEATS: usize = 3;

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ren", "tor", "vax", "quo", "zel", "pim", "dra", "sto", "nu", "bel", "cor",
    "fin", "gus", "hap", "jin", "ler", "mox", "pev", "ris", "tam", "wyn",
];

/// Distinct (spun, original) pairs of pseudo-words.
fn synthetic_pairs(n: usize) -> Vec<(String, String)> {
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    let word = |rng: &mut Rng| -> String { (0..3).map(|_| rng.pick(SYLLABLES)).collect() };
    let mut seen = std::collections::HashSet::new();
    let mut pairs = Vec::with_capacity(n);
    while pairs.len() < n {
        let words = 1 + (rng.next() % 3) as usize;
        let spun: Vec<String> = (0..words).map(|_| word(&mut rng)).collect();
        let spun = spun.join(" ");
        if seen.insert(spun.clone()) {
            pairs.push((spun, word(&mut rng)));
        }
    }
    pairs
}

/// Every `text`, `spun` and `original` string of the corpus's JSON-lines files.
fn news(corpus: &Path) -> Result<String, String> {
    let mut texts = Vec::new();
    for file in ["clean.jsonl", "train-pairs.jsonl", "spun-only.jsonl"] {
        let path = corpus.join(file);
        let data =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        for line in data.lines().filter(|l| !l.trim().is_empty()) {
            let record: serde_json::Value =
                serde_json::from_str(line).map_err(|e| format!("{}: {e}", path.display()))?;
            for field in ["text", "spun", "original"] {
                if let Some(t) = record.get(field).and_then(|v| v.as_str()) {
                    texts.push(t.to_owned());
                }
            }
        }
    }
    Ok(texts.join("\n\n"))
}

/// `base` repeated to `bytes`, with a spun phrase planted before 3 % of its words.
fn planted(base: &str, bytes: usize, pairs: &[(String, String)]) -> String {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut out = String::with_capacity(bytes + 1024);
    'fill: loop {
        for word in base.split_inclusive(' ') {
            if rng.next() % 100 < 3 {
                out.push_str(&pairs[(rng.next() % pairs.len() as u64) as usize].0);
                out.push(' ');
            }
            out.push_str(word);
            if out.len() >= bytes {
                break 'fill;
            }
        }
        out.push_str("\n\n");
    }
    out
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

fn whole_word(bytes: &[u8], start: usize, end: usize) -> bool {
    (start == 0 || !is_word_byte(bytes[start - 1]))
        && (end == bytes.len() || !is_word_byte(bytes[end]))
}

/// Whole-word matches (the baseline find).
fn ac_find(ac: &AhoCorasick, text: &str) -> usize {
    let bytes = text.as_bytes();
    ac.find_iter(text)
        .filter(|m| whole_word(bytes, m.start(), m.end()))
        .count()
}

/// The text with whole-word matches replaced (the baseline replace).
fn ac_replace(ac: &AhoCorasick, originals: &[String], text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for m in ac.find_iter(text) {
        if whole_word(bytes, m.start(), m.end()) {
            out.push_str(&text[last..m.start()]);
            out.push_str(&originals[m.pattern().as_usize()]);
            last = m.end();
        }
    }
    out.push_str(&text[last..]);
    out
}

/// JSON lines `{"id": n, "text": ...}` of about 2,000 characters, cut at spaces.
fn records(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 20);
    let mut start = 0;
    let mut id = 0;
    while start < text.len() {
        let mut end = (start + 2000).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        if let Some(space) = text[end..].find(' ') {
            end += space + 1;
        } else {
            end = text.len();
        }
        let record = serde_json::json!({"id": id, "text": &text[start..end]});
        out.push_str(&record.to_string());
        out.push('\n');
        start = end;
        id += 1;
    }
    out
}

/// User + system CPU seconds of this process's waited-for children so far (Linux).
fn children_cpu_seconds() -> f64 {
    cpu_seconds("/proc/self/stat", 13)
}

/// User + system CPU seconds of the calling thread so far (Linux).
fn thread_cpu_seconds() -> f64 {
    cpu_seconds("/proc/thread-self/stat", 11)
}

/// The sum of two adjacent tick counters of a proc(5) stat file, the first at `index`
/// counted from the state field, in seconds (`NAN` where there is no such file).
fn cpu_seconds(file: &str, index: usize) -> f64 {
    let Ok(stat) = std::fs::read_to_string(file) else {
        return f64::NAN;
    };
    let Some(close) = stat.rfind(')') else {
        return f64::NAN;
    };
    let fields: Vec<&str> = stat[close + 2..].split(' ').collect();
    // utime, stime are fields 14 and 15 of proc(5), cutime, cstime 16 and 17; the
    // state field (3) is index 0 here. Ticks are 1/100 s on Linux.
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok());
    match (ticks(index), ticks(index + 1)) {
        (Some(u), Some(s)) => (u + s) / 100.0,
        _ => f64::NAN,
    }
}

fn main() {
    let mut despin = PathBuf::from("target/release/despin");
    let mut mb = 21usize;
    let mut sizes = vec![1_000usize, 10_000, 100_000];
    let mut text_file: Option<PathBuf> = None;
    let mut keep: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| usage(&format!("{arg} needs a value")))
        };
        match arg.as_str() {
            "--despin" => despin = PathBuf::from(value()),
            "--mb" => {
                mb = value()
                    .parse()
                    .unwrap_or_else(|_| usage("--mb takes a number"))
            }
            "--pairs" => {
                sizes = value()
                    .split(',')
                    .map(|s| {
                        s.trim()
                            .parse()
                            .unwrap_or_else(|_| usage("--pairs takes numbers"))
                    })
                    .collect()
            }
            "--text" => text_file = Some(PathBuf::from(value())),
            "--keep" => keep = Some(PathBuf::from(value())),
            _ => usage(&format!("unknown argument {arg}")),
        }
    }
    if !despin.exists() {
        usage(&format!(
            "{} not found: build it with `cargo build --release --bin despin`",
            despin.display()
        ));
    }
    let base = match &text_file {
        Some(path) => std::fs::read_to_string(path)
            .unwrap_or_else(|e| usage(&format!("{}: {e}", path.display()))),
        None => news(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"))
            .unwrap_or_else(|e| usage(&e)),
    };
    let dir = keep.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("despin-process-speed-{}", std::process::id()))
    });
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| usage(&format!("{}: {e}", dir.display())));
    println!("MB/s by the clock (by CPU time in brackets: MB per CPU second, all the process's threads counted)\n");
    println!("| pairs | text MB | AC find | AC replace | despin --jsonl | vs find | vs replace |");
    println!("|---|---|---|---|---|---|---|");
    for &n in &sizes {
        let pairs = synthetic_pairs(n);
        let text = planted(&base, mb << 20, &pairs);
        let megabytes = text.len() as f64 / (1u64 << 20) as f64;
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(pairs.iter().map(|p| p.0.as_str()))
            .expect("aho-corasick builds");
        let originals: Vec<String> = pairs.iter().map(|p| p.1.clone()).collect();
        // The baseline is timed by this thread's CPU time as well as the clock: on a
        // loaded machine the clock also counts time spent waiting for a core.
        let (clock, cpu) = (Instant::now(), thread_cpu_seconds());
        let mut found = 0;
        for _ in 0..REPEATS {
            found = ac_find(&ac, &text);
        }
        let find_rate = REPEATS as f64 * megabytes / clock.elapsed().as_secs_f64();
        let find_cpu_rate = REPEATS as f64 * megabytes / (thread_cpu_seconds() - cpu);
        let (clock, cpu) = (Instant::now(), thread_cpu_seconds());
        let mut replaced = 0;
        for _ in 0..REPEATS {
            replaced = ac_replace(&ac, &originals, &text).len();
        }
        let replace_rate = REPEATS as f64 * megabytes / clock.elapsed().as_secs_f64();
        let replace_cpu_rate = REPEATS as f64 * megabytes / (thread_cpu_seconds() - cpu);

        let lexicon = dir.join(format!("pairs-{n}.tsv"));
        let mut tsv = String::new();
        for (spun, original) in &pairs {
            tsv.push_str(&format!("{spun}\t{original}\tcustom\t0.9\n"));
        }
        std::fs::write(&lexicon, tsv).expect("write lexicon");
        let input = dir.join(format!("records-{n}.jsonl"));
        std::fs::write(&input, records(&text)).expect("write records");
        let output = dir.join(format!("out-{n}.jsonl"));
        let cpu_before = children_cpu_seconds();
        let clock = Instant::now();
        let status = Command::new(&despin)
            .args(["--jsonl", "--no-builtin", "--lexicon"])
            .arg(&lexicon)
            .stdin(std::fs::File::open(&input).expect("open records"))
            .stdout(std::fs::File::create(&output).expect("create output"))
            .stderr(Stdio::inherit())
            .status()
            .expect("despin runs");
        let seconds = clock.elapsed().as_secs_f64();
        let cpu = children_cpu_seconds() - cpu_before;
        assert!(status.success(), "despin failed: {status}");
        let process_rate = megabytes / seconds;
        let process_cpu_rate = megabytes / cpu;
        println!(
            "| {n} | {megabytes:.1} | {find_rate:.1} ({find_cpu_rate:.1}) | {replace_rate:.1} ({replace_cpu_rate:.1}) | {process_rate:.1} ({process_cpu_rate:.1}) | {:.2}x ({:.2}x) | {:.2}x ({:.2}x) |",
            process_rate / find_rate,
            process_cpu_rate / find_cpu_rate,
            process_rate / replace_rate,
            process_cpu_rate / replace_cpu_rate,
        );
        // Keep the optimiser from dropping the baseline's work.
        std::io::stderr().flush().ok();
        eprintln!("  ({found} baseline matches, {replaced} bytes replaced)");
    }
    if keep.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

fn usage(message: &str) -> ! {
    eprintln!("process_speed: {message}");
    eprintln!("usage: process_speed [--despin PATH] [--mb N] [--pairs N,N,...] [--text FILE] [--keep DIR]");
    std::process::exit(2);
}
