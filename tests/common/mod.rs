//! Fixtures shared by the integration tests; every row and sentence here was written for
//! this project.

#![allow(dead_code)]

pub mod cli;
pub mod invariants;
pub mod rng;

use despin::{Detector, Lexicon};

/// A small lexicon in the despin TSV format, independent of the built-in data so these
/// tests pin the engine's behaviour rather than the data's.
pub const FIXTURE_TSV: &str = "\
# fixture lexicon for integration tests
assertion\tstatement\tnews-spinner\t0.7
coaching\ttraining\tnews-spinner\t0.7
counterfeit consciousness\tartificial intelligence\ttortured-science\t0.95
fee\trate\tnews-spinner\t0.35
fee\tcharge\tnews-spinner\t0.3
final yr\tlast year\tnews-spinner\t0.95
international locations\tcountries\tnews-spinner\t0.9
mentioned\tsaid\tnews-spinner\t0.45
most cancers\tcancer\tnews-spinner\t0.95
power\tenergy\tnews-spinner\t0.35
profound learning\tdeep learning\ttortured-science\t0.95
reminiscent of\tsuch as\tnews-spinner\t0.9
spherical\tround\tnews-spinner\t0.3
spherical of talks\tround of talks\tnews-spinner\t0.95
xbox sequence x\tXbox Series X\tnews-spinner-names\t0.95
";

/// The fixture lexicon, parsed.
pub fn fixture() -> Lexicon {
    Lexicon::from_tsv_str(FIXTURE_TSV, "fixture").expect("fixture parses")
}

/// A detector with only the fixture lexicon. Context judgement is off: it reads the
/// built-in word counts, and these tests pin the engine's matching and weighing; it has its
/// own tests (`tests/context.rs`).
pub fn fixture_detector() -> Detector {
    Detector::builder()
        .builtin(false)
        .lexicon(fixture())
        .context(false)
        .build()
        .expect("fixture detector builds")
}

/// Accepted findings as (matched text, best original).
pub fn accepted(detector: &Detector, text: &str) -> Vec<(String, String)> {
    detector
        .find(text)
        .into_iter()
        .filter(|f| f.accepted)
        .map(|f| (f.text.to_string(), f.original().to_owned()))
        .collect()
}
