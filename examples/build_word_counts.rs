//! Write `data/word-counts.bin`, the word and word-pair score table the detector judges
//! findings in their context with, from the SymSpell word and word-pair counts.
//!
//! ```text
//! cargo run --release --example build_word_counts -- \
//!     [--words ../shared/data-sources/symspell-frequencies/frequency_dictionary_en_82_765.txt] \
//!     [--pairs ../shared/data-sources/symspell-frequencies/frequency_bigramdictionary_en_243_342.txt] \
//!     [--out data/word-counts.bin]
//! ```
//!
//! The output keeps only a 32-bit hash of each word or pair and its rounded log count, plus
//! the pair list's floor and scale (see `despin::WordCounts`), so the same input always
//! gives the same bytes.

use despin::WordCounts;
use std::path::PathBuf;

const SOURCE: &str = "../shared/data-sources/symspell-frequencies";

fn main() {
    let mut words = PathBuf::from(SOURCE).join("frequency_dictionary_en_82_765.txt");
    let mut pairs = PathBuf::from(SOURCE).join("frequency_bigramdictionary_en_243_342.txt");
    let mut out = PathBuf::from("data/word-counts.bin");
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let slot = match flag.as_str() {
            "--words" => &mut words,
            "--pairs" => &mut pairs,
            "--out" => &mut out,
            _ => {
                eprintln!("build_word_counts: unknown argument {flag:?} (see the file's docs)");
                std::process::exit(2);
            }
        };
        let Some(value) = args.next() else {
            eprintln!("build_word_counts: {flag} needs a value");
            std::process::exit(2);
        };
        *slot = PathBuf::from(value);
    }
    let counts = match WordCounts::load_all(&[&words, &pairs]) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("build_word_counts: {e}");
            std::process::exit(1);
        }
    };
    let bytes = counts.to_bytes();
    if let Err(e) = std::fs::write(&out, &bytes) {
        eprintln!("build_word_counts: {}: {e}", out.display());
        std::process::exit(1);
    }
    eprintln!(
        "build_word_counts: {} entries (pair floor {}, scale {}), {} bytes -> {}",
        counts.len(),
        counts.pair_floor(),
        counts.pair_scale(),
        bytes.len(),
        out.display()
    );
}
