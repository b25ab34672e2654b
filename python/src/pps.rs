//! Problematic Paper Screener lists: `PpsList.load(path)` and its load report.

use crate::convert::{despin_error, path_arg, py_value};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use serde_json::Value;

/// The serde name of a value that serialises as a string (`"raw-csv"`), or its field
/// `field` when it serialises as an object (a skip reason's `"kind"`).
fn serde_name<T: serde::Serialize>(value: &T, field: Option<&str>) -> String {
    match (serde_json::to_value(value), field) {
        (Ok(Value::String(s)), None) => s,
        (Ok(Value::Object(map)), Some(f)) => match map.get(f) {
            Some(Value::String(s)) => s.clone(),
            _ => String::new(),
        },
        _ => String::new(),
    }
}

/// Which list produced a result: its path, format, content hash, version and size.
#[pyclass(frozen, module = "despin", name = "ListId")]
pub struct PyListId {
    pub(crate) inner: despin::ListId,
}

#[pymethods]
impl PyListId {
    /// The path (or label) the list was loaded from.
    #[getter]
    fn source_name(&self) -> &str {
        &self.inner.source_name
    }

    /// The format it was read as: `"raw-csv"` or `"pairs-json"`.
    #[getter]
    fn format(&self) -> String {
        serde_name(&self.inner.format, None)
    }

    /// Lower-case hex SHA-256 of the file's bytes (what `sha256sum FILE` prints).
    #[getter]
    fn sha256(&self) -> &str {
        &self.inner.sha256
    }

    /// The version the list states about itself, if any.
    #[getter]
    fn version(&self) -> Option<&str> {
        self.inner.version.as_deref()
    }

    /// Lexicon entries the list produced.
    #[getter]
    fn entries(&self) -> usize {
        self.inner.entries
    }

    /// The id as a dict (`source_name`, `format`, `sha256`, `version`, `entries`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        list_id_value(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "ListId(source_name={:?}, format={:?}, sha256={:?}, entries={})",
            self.inner.source_name,
            self.format(),
            self.inner.sha256,
            self.inner.entries
        )
    }
}

/// A list id as a dict.
pub fn list_id_value<'py>(py: Python<'py>, id: &despin::ListId) -> PyResult<Bound<'py, PyAny>> {
    let value = serde_json::to_value(id).unwrap_or(Value::Null);
    py_value(py, &value)
}

/// A row (or one anchor of a row) of a list that was not loaded, and why.
#[pyclass(frozen, module = "despin", name = "SkippedRow", get_all)]
pub struct PySkippedRow {
    /// 1-based line of the file where the row starts.
    line: usize,
    /// The fingerprint as written (query or tortured phrase).
    fingerprint: String,
    /// The kind of reason, one word (`"query-syntax"`, `"no-expected-phrase"`, ...).
    kind: String,
    /// Why it was skipped, in words (with the detail, such as the query's bad token).
    reason: String,
}

#[pymethods]
impl PySkippedRow {
    /// The row as a dict (`line`, `fingerprint`, `kind`, `reason`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("line", self.line)?;
        d.set_item("fingerprint", &self.fingerprint)?;
        d.set_item("kind", &self.kind)?;
        d.set_item("reason", &self.reason)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "SkippedRow(line={}, fingerprint={:?}, reason={:?})",
            self.line, self.fingerprint, self.reason
        )
    }
}

impl PySkippedRow {
    fn of(row: &despin::SkippedRow) -> PySkippedRow {
        PySkippedRow {
            line: row.line,
            fingerprint: row.fingerprint.clone(),
            kind: serde_name(&row.reason, Some("kind")),
            reason: row.reason.to_string(),
        }
    }
}

/// What loading a list did: rows read and loaded, every skipped row with its line and
/// reason, and the list's identity (`id`, with its SHA-256).
#[pyclass(frozen, module = "despin", name = "PpsReport")]
pub struct PyPpsReport {
    inner: despin::PpsReport,
}

#[pymethods]
impl PyPpsReport {
    /// The list's identity: path, format, SHA-256, version, entries.
    #[getter]
    fn id(&self) -> PyListId {
        PyListId {
            inner: self.inner.id.clone(),
        }
    }

    /// Lower-case hex SHA-256 of the list file (same as `id.sha256`).
    #[getter]
    fn sha256(&self) -> &str {
        &self.inner.id.sha256
    }

    /// Data rows read (header and blank lines not counted).
    #[getter]
    fn rows(&self) -> usize {
        self.inner.rows
    }

    /// Rows that produced at least one lexicon entry.
    #[getter]
    fn loaded_rows(&self) -> usize {
        self.inner.loaded_rows
    }

    /// Rows (or anchors of rows) that produced no entry, in file order.
    #[getter]
    fn skipped(&self) -> Vec<PySkippedRow> {
        self.inner.skipped.iter().map(PySkippedRow::of).collect()
    }

    /// Entries that repeated an earlier (phrase, expected) pair and were merged into it.
    #[getter]
    fn merged_duplicates(&self) -> usize {
        self.inner.merged_duplicates
    }

    /// Entries loaded from rows whose expected phrase is unknown (`???`): flag-only
    /// fingerprints, reported and counted in a paper screen, never rewritten (their
    /// findings' `original` is "").
    #[getter]
    fn flag_only(&self) -> usize {
        self.inner.flag_only
    }

    /// Skipped rows counted by reason, most frequent first: `[(reason, count), ...]`.
    fn skipped_by_reason<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let pairs: PyResult<Vec<Bound<'py, PyTuple>>> = self
            .inner
            .skipped_by_reason()
            .into_iter()
            .map(|(label, n)| {
                PyTuple::new(
                    py,
                    [
                        label.into_pyobject(py)?.into_any(),
                        n.into_pyobject(py)?.into_any(),
                    ],
                )
            })
            .collect();
        PyList::new(py, pairs?)
    }

    /// The report as a dict: `id`, `rows`, `loaded_rows`, `skipped` (dicts with `line`,
    /// `fingerprint`, `kind`, `reason`), `merged_duplicates` and `flag_only`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("id", list_id_value(py, &self.inner.id)?)?;
        d.set_item("rows", self.inner.rows)?;
        d.set_item("loaded_rows", self.inner.loaded_rows)?;
        let skipped = PyList::empty(py);
        for row in &self.inner.skipped {
            skipped.append(PySkippedRow::of(row).to_dict(py)?)?;
        }
        d.set_item("skipped", skipped)?;
        d.set_item("merged_duplicates", self.inner.merged_duplicates)?;
        d.set_item("flag_only", self.inner.flag_only)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "PpsReport(source_name={:?}, rows={}, loaded_rows={}, skipped={}, sha256={:?})",
            self.inner.id.source_name,
            self.inner.rows,
            self.inner.loaded_rows,
            self.inner.skipped.len(),
            self.inner.id.sha256
        )
    }
}

/// A Problematic Paper Screener tortured-phrase list, loaded from your own copy.
///
/// `PpsList.load(path)` reads the raw CSV export (`.csv`, Boolean fingerprint queries) or
/// the cleaned pairs JSON (`.json`). Rows that cannot be loaded are listed in `report.skipped`
/// with their line and reason; `report.id.sha256` identifies the list. Give the list to
/// `Detector(lexicons=[the_list], builtin=False, fuzzy=True)` and call `screen_paper`.
#[pyclass(frozen, module = "despin", name = "PpsList")]
pub struct PyPpsList {
    pub(crate) lexicon: despin::Lexicon,
    pub(crate) report: despin::PpsReport,
}

#[pymethods]
impl PyPpsList {
    /// Load a list file by extension: `.csv` raw export, `.json` cleaned pairs.
    ///
    /// Raises `DespinError` naming the file and line for a file that cannot be read as a
    /// list (unclosed quote, malformed JSON, invalid UTF-8, other extension) and
    /// `OSError` for a file that cannot be opened.
    #[staticmethod]
    fn load(py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<PyPpsList> {
        let path = path_arg(path, &|| "path".to_owned())?;
        let list = py
            .detach(|| despin::PpsList::load(&path))
            .map_err(|e| despin_error(py, e))?;
        Ok(PyPpsList {
            lexicon: list.lexicon,
            report: list.report,
        })
    }

    /// What loading did: rows, loaded rows, skipped rows, the list's id and SHA-256.
    #[getter]
    fn report(&self) -> PyPpsReport {
        PyPpsReport {
            inner: self.report.clone(),
        }
    }

    /// The list's identity (same as `report.id`).
    #[getter]
    fn id(&self) -> PyListId {
        PyListId {
            inner: self.report.id.clone(),
        }
    }

    /// Lower-case hex SHA-256 of the list file (what `sha256sum FILE` prints).
    #[getter]
    fn sha256(&self) -> &str {
        &self.report.id.sha256
    }

    /// The path the list was loaded from.
    #[getter]
    fn path(&self) -> &str {
        &self.report.id.source_name
    }

    /// Lexicon entries loaded (one per anchor phrase and expected alternative).
    fn __len__(&self) -> usize {
        self.lexicon.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "PpsList(path={:?}, entries={}, rows={}, loaded_rows={}, skipped={})",
            self.report.id.source_name,
            self.lexicon.len(),
            self.report.rows,
            self.report.loaded_rows,
            self.report.skipped.len()
        )
    }
}
