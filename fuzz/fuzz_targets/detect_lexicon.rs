#![no_main]
//! A fuzzed lexicon over fuzzed text: the bytes before the first NUL are a TSV lexicon,
//! the rest is the text. A lexicon that loads must build a detector that keeps every
//! invariant on the text; the first byte picks the tiers.

use despin::{Detector, Lexicon};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let (tsv, text) = match rest.iter().position(|&b| b == 0) {
        Some(p) => (&rest[..p], &rest[p + 1..]),
        None => (rest, &[][..]),
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    let Ok(lexicon) = Lexicon::from_tsv_reader(tsv, "fuzz.tsv") else {
        return;
    };
    let detector = Detector::builder()
        .builtin(flags & 1 == 1)
        .stemming(flags & 2 == 2)
        .spintax(flags & 4 == 4)
        .fuzzy((flags & 8 == 8).then_some(0.5 + f32::from(flags >> 4) / 32.0))
        .lexicon(lexicon)
        .build()
        .expect("settings in range");
    despin_fuzz::check_detector(&detector, text);
});
