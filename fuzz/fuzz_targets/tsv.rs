#![no_main]
//! The TSV loader on any bytes: an error names the source and a line that exists; a
//! lexicon that loads writes TSV that loads back to the same lexicon.

use despin::{Error, Lexicon};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match Lexicon::from_tsv_reader(data, "fuzz.tsv") {
        Ok(lexicon) => {
            let again = Lexicon::from_tsv_str(&lexicon.to_tsv(), "again").expect("round trip");
            assert_eq!(again, lexicon);
        }
        Err(Error::Lexicon {
            source_name, line, ..
        }) => {
            assert_eq!(source_name, "fuzz.tsv");
            let lines = data.split(|&b| b == b'\n').count();
            assert!(line >= 1 && line <= lines, "line {line} of {lines}");
        }
        Err(e) => panic!("unexpected error kind: {e}"),
    }
});
