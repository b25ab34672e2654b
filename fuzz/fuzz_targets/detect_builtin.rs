#![no_main]
//! Find, score and reconstruct any string with the built-in lexicon (stemming, spintax)
//! and with the fuzzy tier on.

use despin::Detector;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static FUZZY: LazyLock<Detector> = LazyLock::new(|| {
    Detector::builder()
        .fuzzy(Some(despin::DEFAULT_FUZZY_SIMILARITY))
        .build()
        .expect("fuzzy detector builds")
});

fuzz_target!(|text: &str| {
    despin_fuzz::check_detector(Detector::builtin(), text);
    despin_fuzz::check_detector(&FUZZY, text);
});
