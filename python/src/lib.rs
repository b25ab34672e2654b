//! `despin._despin`: the native module of the Python package `despin`.
//!
//! A thin layer over the `despin` crate: texts cross as owned strings, the work runs
//! without the interpreter lock (batches on scoped threads over every core), and results
//! come back as dicts with the fields of the `despin --json` contract (plus code-point
//! offsets) or as the command's JSON lines. Library errors become `DespinError` (a
//! `ValueError`) naming the file and line; nothing here panics on any text.
//!
//! The Python package (`despin/__init__.py`) re-exports everything below; see
//! `python/README.md` for the API.

#![deny(missing_docs)]

mod convert;
mod detector;
mod parallel;
mod pps;
mod record;

use convert::DespinError;
use detector::PyDetector;
use pps::{PyListId, PyPpsList, PyPpsReport, PySkippedRow};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

/// Analyse `text` with the built-in lexicon: a dict with exactly the fields of one
/// `despin --json` object (`findings`, `id`, `reconstructed`, `score`, `sections`,
/// `spun`, `unaccepted`, `words`), each finding also carrying `char_start`/`char_end`
/// (code-point offsets) beside the byte offsets `start`/`end`. See `Detector.analyze`.
#[pyfunction]
#[pyo3(signature = (text, id = None))]
fn analyze<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyAny>,
    id: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    PyDetector::default_detector().analyze_one(py, text, id)
}

/// Analyse many texts with the built-in lexicon on all cores (or `threads`), without
/// the interpreter lock: a list of the dicts `analyze` gives, in input order.
#[pyfunction]
#[pyo3(signature = (texts, ids = None, threads = None))]
fn analyze_batch<'py>(
    py: Python<'py>,
    texts: &Bound<'py, PyAny>,
    ids: Option<&Bound<'py, PyAny>>,
    threads: Option<usize>,
) -> PyResult<Bound<'py, PyList>> {
    PyDetector::default_detector().analyze_many(py, texts, ids, threads)
}

/// Analyse `text` with the built-in lexicon into the JSON line `despin --jsonl` writes
/// for it (byte offsets only, no line end).
#[pyfunction]
#[pyo3(signature = (text, id = None))]
fn analyze_json(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    id: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    PyDetector::default_detector().analyze_one_json(py, text, id)
}

/// The likely original of `text` with the built-in lexicon: confident findings rewritten
/// (keeping case and inflection), everything else byte for byte.
#[pyfunction]
fn reconstruct(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<String> {
    PyDetector::default_detector().reconstruct_one(py, text)
}

/// Find text rewritten by article spinners, show the evidence, and reconstruct the
/// original (native module; use the package `despin`).
#[pymodule]
fn _despin(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_function(wrap_pyfunction!(analyze, m)?)?;
    m.add_function(wrap_pyfunction!(analyze_batch, m)?)?;
    m.add_function(wrap_pyfunction!(analyze_json, m)?)?;
    m.add_function(wrap_pyfunction!(reconstruct, m)?)?;
    m.add_class::<PyDetector>()?;
    m.add_class::<PyPpsList>()?;
    m.add_class::<PyPpsReport>()?;
    m.add_class::<PyListId>()?;
    m.add_class::<PySkippedRow>()?;
    m.add("DespinError", py.get_type::<DespinError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add(
        "DEFAULT_FUZZY_SIMILARITY",
        despin::DEFAULT_FUZZY_SIMILARITY
            .to_string()
            .parse::<f64>()
            .unwrap_or(0.9),
    )?;
    m.add("DEFAULT_SPUN_THRESHOLD", despin::DEFAULT_SPUN_THRESHOLD)?;
    m.add(
        "DEFAULT_PASSAGE_ACCEPTANCE",
        despin::DEFAULT_PASSAGE_ACCEPTANCE,
    )?;
    m.add(
        "ACCEPT_THRESHOLD",
        despin::ACCEPT_THRESHOLD
            .to_string()
            .parse::<f64>()
            .unwrap_or(0.7),
    )?;
    Ok(())
}
