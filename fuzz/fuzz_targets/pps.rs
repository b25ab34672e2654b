#![no_main]
//! The PPS loaders (raw CSV export and cleaned-pairs JSON) and the fingerprint query
//! parser on any bytes. The first byte picks the loader; a list that loads compiles into
//! a detector that keeps every invariant on a text made from the same bytes, so entry
//! conditions (Boolean / proximity / wildcard queries) are evaluated too.

use despin::{Condition, Detector, Lexicon};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let loaded = match which % 3 {
        0 => Lexicon::from_pps_csv(rest, "fuzz.csv"),
        1 => Lexicon::from_pps_json(rest, "fuzz.json"),
        _ => {
            if let Ok(query) = std::str::from_utf8(rest) {
                if let Ok(condition) = Condition::parse(query) {
                    let _ = condition.holds(query);
                    let _ = condition.anchors();
                }
            }
            return;
        }
    };
    let Ok(list) = loaded else { return };
    assert!(list.report.loaded_rows <= list.report.rows);
    let detector = Detector::builder()
        .builtin(false)
        .lexicon(list.lexicon)
        .build()
        .expect("default settings are in range");
    let text = String::from_utf8_lossy(rest);
    despin_fuzz::check_detector(&detector, &text);
});
