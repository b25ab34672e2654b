//! Soak test: many threads sharing one detector give exactly the single-thread results.
//!
//! Ignored by default (it takes a while and wants a release build). Run it with
//!
//! ```sh
//! cargo test --release --test soak -- --ignored --nocapture
//! DESPIN_SOAK_MB=20 cargo test --release --test soak -- --ignored --nocapture   # quick
//! ```
//!
//! What it does:
//!
//! 1. Generates `DESPIN_SOAK_MB` MiB of text (default 300) deterministically (a fixed-seed
//!    SplitMix64 generator, nothing read from disk): ordinary English sentences written for
//!    this test, mixed with sentences spun with phrases the built-in lexicon knows
//!    (`mentioned`, `spherical of talks`, `final yr`, `most cancers`, ...), spintax
//!    leftovers (`{dollars}`, `{big|large}`), curly-quoted quotations, words masked with
//!    look-alike Cyrillic letters, and other non-ASCII (accents, CJK, emoji, no-break
//!    space, zero-width joiner).
//! 2. Cuts it, on char boundaries, into passages of 100 B to 50 kB (log-uniform, so short
//!    and long passages and the sectioned scoring of long texts are all exercised; a cut
//!    may fall inside a word or a quotation).
//! 3. One thread analyses and reconstructs every passage with a detector built with the
//!    defaults (built-in lexicon) and keeps a digest of each result: the `serde_json`
//!    serialisation of the `Report` and of the `Reconstruction` (64-bit hash, JSON length,
//!    numbers of findings and edits, verdict).
//! 4. Eight threads sharing that detector through one `Arc` do the same again, taking
//!    passages in a shuffled order from a shared counter; every passage's digest must
//!    equal the single-thread one. Also checked: `Report::reconstruct` equals
//!    `Detector::reconstruct`, the first passages agree with `Detector::builtin()`, and
//!    `analyze_batch` agrees on a slice of the passages.
//!
//! It prints the throughput of both runs. On an otherwise idle 2-core machine the default
//! 300 MiB (about 39,000 passages, 5 million findings) takes about 22 s in release mode:
//! 13.7 s for the single-thread pass, 7.2 s for the eight threads; 20 MiB takes 2 s. On a
//! loaded machine expect several times that.

mod common;

use common::rng::Rng;
use despin::{Detector, Reconstruction, Report};
use std::hash::{DefaultHasher, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

const DEFAULT_MB: usize = 300;
const THREADS: usize = 8;
const MIN_PASSAGE: usize = 100;
const MAX_PASSAGE: usize = 50_000;
/// Passages compared against `Detector::builtin()` and against `analyze_batch`.
const CROSS_CHECKED: usize = 500;

/// Ordinary English, written for this test.
const PLAIN: &[&str] = &[
    "The council met on Tuesday evening to discuss the new bus timetable.",
    "Most of the residents who spoke were worried about the early morning routes.",
    "A small bakery on the corner has been open since six o'clock every day for twenty years.",
    "She walked the dog along the river before the rain started.",
    "The library will close for two weeks while the roof is repaired.",
    "Engineers say the bridge is safe, but they want to inspect the cables again in spring.",
    "Our team finished the season with nine wins and four losses.",
    "He planted tomatoes, beans and a row of sunflowers behind the garage.",
    "The museum's new exhibition opens on Friday and runs until the end of March.",
    "Prices at the market were higher than last month, especially for eggs.",
    "Children from the primary school painted the mural on the station wall.",
    "The orchestra rehearsed the second movement three times before lunch.",
    "Nobody expected the old ferry to make the crossing in under an hour.",
    "If the weather holds, the harvest should be finished by the weekend.",
    "The report was published online and sent to every member of the board.",
    "Volunteers cleared litter from the beach and counted the plastic bottles they found.",
    "A spokesperson for the hospital said the new wing would open next year.",
    "The town's population has grown by about four percent since the last census.",
    "Traffic was slow on the ring road because of roadworks near the airport.",
    "He keeps his grandfather's watch in a drawer and winds it every Sunday.",
    "The recipe calls for two cups of flour, a pinch of salt and warm water.",
    "After the storm, the power was off for most of the night in the northern villages.",
    "The students presented their projects to a panel of local business owners.",
    "A new cycle lane will connect the university with the city centre.",
    "The film was shot in the mountains over a cold and windy autumn.",
    "Fishermen reported a good catch of mackerel this week.",
    "The committee agreed to review the budget again in three months.",
    "Her first novel, about a lighthouse keeper, sold out within a fortnight.",
    "The train was delayed by forty minutes because of a signal failure.",
    "Most shops in the high street close early on Wednesdays.",
    "The ice on the pond was thick enough for skating by the end of January.",
    "Researchers measured the water temperature at twelve points along the coast.",
    "A lorry carrying apples overturned on the motorway, but nobody was hurt.",
    "The choir sang carols outside the town hall on Christmas Eve.",
    "Visitors can borrow bicycles from the park entrance free of charge.",
    "The mayor thanked the firefighters for their quick response.",
    "Rents in the area have risen faster than wages for five years in a row.",
    "The football club is looking for a new coach after a difficult season.",
    "Two owls have nested in the church tower for the third spring running.",
    "The company said it would hire sixty people at the new warehouse.",
];

/// Sentences spun the way the news spinner does it, with phrases of the built-in lexicon.
const SPUN: &[&str] = &[
    "The minister mentioned the 3rd spherical of talks would start final yr.",
    "Officers mentioned in an announcement that most cancers charges had fallen.",
    "Authorities officers advised reporters the economic system grew a yr in the past.",
    "A examine of college students discovered that academics labored longer hours.",
    "The brand new legislation will have an effect on 1000's of households in international locations reminiscent of Spain.",
    "Medical doctors warned that coronary heart assault dangers rise with weight reduction medicine.",
    "Consuming water within the city corridor was examined on the identical time.",
    "A whole bunch of traders had been ready to be taught the result.",
    "The firm's proprietor stated in an announcement that the deliberate enterprise was lastly authorized.",
    "Youngsters again within the day performed exterior till the tip of the summer season.",
    "The automotive was capturing footage for a recreation a long time in the past.",
    "Regardless of the assault, the membership is again on monitor to win the sequence.",
    "Counterfeit consciousness is altering how individuals discover out in regards to the information.",
    "Subsequent month the crew will convey a variety of latest merchandise to the market.",
    "The primary week of the coaching session was a lot extra tough than deliberate.",
];

/// Spintax leftovers, dropped between sentences of spun stretches.
const SPINTAX: &[&str] = &[
    "{dollars}",
    "{big|large}",
    "{quickly|rapidly|fast}",
    "{",
    "}",
    "|",
];

/// Punctuation and non-ASCII fragments dropped between any sentences.
const ODD: &[&str] = &[
    "— ",
    "…",
    "café",
    "naïve",
    "Zürich",
    "東京",
    "😀",
    "\u{a0}",
    "\u{200d}",
    "e\u{301}",
    "U.S.",
    "3.5%",
    "don’t",
    "(see above)",
];

/// Latin letters and the Cyrillic letters that look like them.
const LOOKALIKE: &[(char, char)] = &[
    ('a', 'а'),
    ('e', 'е'),
    ('o', 'о'),
    ('p', 'р'),
    ('c', 'с'),
    ('x', 'х'),
    ('y', 'у'),
];

/// Mask one or two letters of some words with Cyrillic look-alikes.
fn mask(sentence: &str, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(sentence.len() + 8);
    for (i, word) in sentence.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if rng.percent(25) {
            let mut masked = false;
            for ch in word.chars() {
                match LOOKALIKE.iter().find(|(latin, _)| *latin == ch) {
                    Some(&(_, cyr)) if !masked || rng.percent(30) => {
                        out.push(cyr);
                        masked = true;
                    }
                    _ => out.push(ch),
                }
            }
        } else {
            out.push_str(word);
        }
    }
    out
}

/// Append about `bytes` of generated text to `out`.
fn generate(out: &mut String, bytes: usize, rng: &mut Rng) {
    let target = out.len() + bytes;
    // Stretches of text lean clean or spun, like real pages.
    let mut spun_percent = 0;
    while out.len() < target {
        if rng.below(400) == 0 {
            spun_percent = [0, 0, 0, 2, 10, 35, 70][rng.below(7)];
        }
        let sentence = if rng.percent(spun_percent) {
            rng.pick(SPUN)
        } else {
            rng.pick(PLAIN)
        };
        // Look-alike letters and spintax belong to spun pages; clean ones rarely have them.
        let spun_stretch = spun_percent > 0 || rng.below(200) == 0;
        let sentence = if spun_stretch && rng.percent(8) {
            mask(sentence, rng)
        } else {
            sentence.to_owned()
        };
        if rng.percent(10) {
            // A quotation: spinners leave these alone, and so should the detector.
            out.push('“');
            out.push_str(sentence.trim_end_matches('.'));
            out.push_str(",” she said.");
        } else {
            out.push_str(&sentence);
        }
        if rng.percent(10) {
            out.push(' ');
            out.push_str(rng.pick(ODD));
        }
        if spun_stretch && rng.percent(10) {
            out.push(' ');
            out.push_str(rng.pick(SPINTAX));
        }
        if rng.percent(12) {
            out.push_str("\n\n");
        } else {
            out.push(' ');
        }
    }
}

/// The text cut into passages of 100 B to 50 kB on char boundaries.
fn passages<'a>(text: &'a str, rng: &mut Rng) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let mut end = (at + rng.log_uniform(MIN_PASSAGE, MAX_PASSAGE)).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        out.push(&text[at..end]);
        at = end;
    }
    out
}

/// What one passage gave: a digest of the serialised report and reconstruction, and a few
/// counts for the summary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Outcome {
    digest: u64,
    json_len: usize,
    findings: usize,
    edits: usize,
    spun: bool,
}

fn outcome(report: &Report, rebuilt: &Reconstruction) -> Outcome {
    let report_json = serde_json::to_vec(report).expect("a report serialises");
    let rebuilt_json = serde_json::to_vec(rebuilt).expect("a reconstruction serialises");
    // `DefaultHasher::new()` has fixed keys: the same bytes hash the same in every thread.
    let mut hasher = DefaultHasher::new();
    hasher.write(&report_json);
    hasher.write_u8(0xff);
    hasher.write(&rebuilt_json);
    Outcome {
        digest: hasher.finish(),
        json_len: report_json.len() + rebuilt_json.len(),
        findings: report.findings.len(),
        edits: rebuilt.edits.len(),
        spun: report.score.spun,
    }
}

fn run_one(detector: &Detector, text: &str) -> Outcome {
    let report = detector.analyze(text);
    let rebuilt = detector.reconstruct(text);
    assert_eq!(
        report.reconstruct(text),
        rebuilt,
        "Report::reconstruct and Detector::reconstruct disagree"
    );
    outcome(&report, &rebuilt)
}

fn megabytes_per_second(bytes: usize, seconds: f64) -> f64 {
    bytes as f64 / (1 << 20) as f64 / seconds.max(1e-9)
}

#[test]
#[ignore = "soak test: about half a minute in release mode; run with --ignored (see the top of tests/soak.rs)"]
fn eight_threads_equal_one() {
    let mb: usize = std::env::var("DESPIN_SOAK_MB")
        .ok()
        .map(|v| v.trim().parse().expect("DESPIN_SOAK_MB is a whole number"))
        .unwrap_or(DEFAULT_MB);
    let started = Instant::now();
    let mut rng = Rng(0x736f_616b_2d74_6573);
    let mut text = String::with_capacity((mb << 20) + MAX_PASSAGE);
    generate(&mut text, mb << 20, &mut rng);
    let passages = passages(&text, &mut rng);
    let total: usize = passages.iter().map(|p| p.len()).sum();
    assert_eq!(total, text.len());
    eprintln!(
        "soak: {:.1} MiB in {} passages ({}..{} B), generated in {:.1?}",
        total as f64 / (1 << 20) as f64,
        passages.len(),
        passages.iter().map(|p| p.len()).min().unwrap_or(0),
        passages.iter().map(|p| p.len()).max().unwrap_or(0),
        started.elapsed()
    );

    let detector = Arc::new(Detector::builder().build().expect("default detector"));

    // Reference: one thread, in order.
    let t = Instant::now();
    let reference: Vec<Outcome> = passages.iter().map(|p| run_one(&detector, p)).collect();
    let single = t.elapsed().as_secs_f64();
    eprintln!(
        "soak: 1 thread:  {single:.1} s, {:.1} MiB/s (analyze + reconstruct)",
        megabytes_per_second(total, single)
    );

    // The generated text must actually exercise the detector.
    let findings: usize = reference.iter().map(|o| o.findings).sum();
    let edits: usize = reference.iter().map(|o| o.edits).sum();
    let spun = reference.iter().filter(|o| o.spun).count();
    let json: usize = reference.iter().map(|o| o.json_len).sum();
    eprintln!(
        "soak: {findings} findings, {edits} edits, {spun} of {} passages spun, {:.1} MiB of JSON digested",
        passages.len(),
        json as f64 / (1 << 20) as f64
    );
    assert!(edits > 0 && edits < findings, "{edits} edits of {findings}");
    assert!(spun > 0 && spun < passages.len(), "{spun} spun");

    // The static built-in detector is the same detector.
    for (i, p) in passages.iter().enumerate().take(CROSS_CHECKED) {
        assert_eq!(
            run_one(Detector::builtin(), p),
            reference[i],
            "Detector::builtin() differs on passage {i}"
        );
    }
    // So is analyze_batch (all cores, its own threads).
    let slice = &passages[..passages.len().min(CROSS_CHECKED)];
    for (i, report) in detector.analyze_batch(slice).iter().enumerate() {
        let rebuilt = report.reconstruct(slice[i]);
        assert_eq!(
            outcome(report, &rebuilt),
            reference[i],
            "analyze_batch differs on passage {i}"
        );
    }

    // Eight threads, one shared detector, passages in a shuffled order.
    let mut order: Vec<usize> = (0..passages.len()).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i + 1));
    }
    let next = Arc::new(AtomicUsize::new(0));
    let t = Instant::now();
    let mut results: Vec<(usize, Outcome, usize)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..THREADS)
            .map(|worker| {
                let detector = Arc::clone(&detector);
                let next = Arc::clone(&next);
                let (order, passages) = (&order, &passages);
                scope.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        let Some(&i) = order.get(k) else { break };
                        done.push((i, run_one(&detector, passages[i]), worker));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("a worker panicked"))
            .collect()
    });
    let multi = t.elapsed().as_secs_f64();
    eprintln!(
        "soak: {THREADS} threads: {multi:.1} s, {:.1} MiB/s",
        megabytes_per_second(total, multi)
    );

    assert_eq!(
        results.len(),
        passages.len(),
        "a passage was lost or repeated"
    );
    results.sort_by_key(|&(i, ..)| i);
    let mut per_worker = [0usize; THREADS];
    for (k, &(i, got, worker)) in results.iter().enumerate() {
        assert_eq!(i, k, "a passage was lost or repeated");
        per_worker[worker] += 1;
        assert_eq!(
            got,
            reference[i],
            "passage {i} ({} B) differs between 1 and {THREADS} threads: {:?}",
            passages[i].len(),
            passages[i].chars().take(80).collect::<String>()
        );
    }
    eprintln!("soak: passages per worker {per_worker:?}; all equal the single-thread run");
    eprintln!("soak: total {:.1?}", started.elapsed());
}
