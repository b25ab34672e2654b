//! Throughput of the Rust library on the passages the Python benchmark uses.
//!
//! ```text
//! cargo run --release -- ../data/passages.jsonl [ROUNDS]
//! ```
//!
//! Reads `{"text": ...}` lines, then times, ROUNDS times each (interleaved), on the
//! built-in detector:
//!
//! * `analyze_batch`: `Detector::analyze_batch` over all passages (the library's batch
//!   call, all cores);
//! * `analyze+reconstruct`: every passage analysed and reconstructed on all cores, the
//!   work behind one record of `despin --json` (and behind one dict of the binding's
//!   `analyze_batch`);
//! * `analyze+reconstruct+json`: the same, and the report and the reconstruction written
//!   as one JSON string (serde), about the output work of a `despin --jsonl` line.
//!
//! Prints the median time and throughput (MiB of text per second, passages per second),
//! and MiB per CPU-second of the whole process (all threads; less sensitive to other load).

use std::io::BufRead;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| {
        eprintln!("usage: despin-batch-bench PASSAGES.jsonl [ROUNDS]");
        std::process::exit(2)
    });
    let rounds: usize = args.next().map_or(15, |r| r.parse().unwrap_or(15));
    let file = std::fs::File::open(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2)
    });
    let texts: Vec<String> = std::io::BufReader::new(file)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(&l.expect("read")).expect("JSON");
            v["text"].as_str().expect("text").to_owned()
        })
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let detector = despin::Detector::builtin();
    // DESPIN_BENCH_THREADS limits the analyze+reconstruct run (analyze_batch always uses
    // every core).
    let threads = std::env::var("DESPIN_BENCH_THREADS")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));

    // Warm up (lexicon compiled, caches and allocator warm).
    std::hint::black_box(detector.analyze_batch(&texts));

    let (mut batch, mut full, mut json) = (Vec::new(), Vec::new(), Vec::new());
    let (mut batch_cpu, mut full_cpu, mut json_cpu) = (0.0, 0.0, 0.0);
    for _ in 0..rounds {
        let (t, c) = (Instant::now(), cpu_seconds());
        let reports = detector.analyze_batch(&texts);
        batch.push(t.elapsed());
        batch_cpu += cpu_seconds() - c;
        std::hint::black_box(reports);

        let (t, c) = (Instant::now(), cpu_seconds());
        let done = parallel_map(&texts, threads, |text| {
            let report = detector.analyze(text);
            let rebuilt = report.reconstruct(text).text;
            (report, rebuilt)
        });
        full.push(t.elapsed());
        full_cpu += cpu_seconds() - c;
        std::hint::black_box(done);

        let (t, c) = (Instant::now(), cpu_seconds());
        let done = parallel_map(&texts, threads, |text| {
            let report = detector.analyze(text);
            let rebuilt = report.reconstruct(text).text;
            serde_json::to_string(&(&report, rebuilt)).unwrap_or_default()
        });
        json.push(t.elapsed());
        json_cpu += cpu_seconds() - c;
        std::hint::black_box(done);
    }
    println!(
        "{} passages, {:.2} MiB of text, {} threads, {} rounds",
        texts.len(),
        bytes as f64 / (1 << 20) as f64,
        threads,
        rounds
    );
    let mib = bytes as f64 / (1 << 20) as f64;
    for (name, times, cpu) in [
        ("analyze_batch", batch, batch_cpu),
        ("analyze+reconstruct", full, full_cpu),
        ("analyze+reconstruct+json", json, json_cpu),
    ] {
        let m = median(times);
        println!(
            "rust {name}: median {:.4} s = {:.1} MiB/s, {:.0} passages/s; CPU {:.1} MiB per CPU-second",
            m.as_secs_f64(),
            mib / m.as_secs_f64(),
            texts.len() as f64 / m.as_secs_f64(),
            mib * rounds as f64 / cpu
        );
    }
}

/// CPU time of the whole process (every thread), user plus system, in seconds, from
/// `/proc/self/stat` (clock ticks of 1/100 s; summed over all rounds it is precise enough).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name, which is in parentheses and may contain spaces.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i).and_then(|f| f.parse::<f64>().ok()))
        .sum();
    ticks / 100.0
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// `items.iter().map(f)` on `threads` scoped threads, claiming items one at a time (as
/// the library's `analyze_batch` and the binding do), results in input order.
fn parallel_map<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut local = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        local.push((i, f(item)));
                    }
                    local
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("worker"))
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}
