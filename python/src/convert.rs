//! Crossing the boundary: Python arguments to Rust values (texts, ids, paths) and library
//! errors to Python exceptions.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::Value;

pyo3::create_exception!(
    despin,
    DespinError,
    PyValueError,
    "A lexicon, fingerprint list or detector setting could not be used.\n\n\
     The message names the file and line of a bad row (`my.tsv:3: field 2: ...`). \
     Attributes: `path` (the file or label, or None), `line` (1-based, 0 when the problem \
     is not one row, None for settings) and `column` (1-based TAB-separated field, or None). \
     A subclass of ValueError."
);

/// The Python type name of `obj`, for messages.
pub fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map_or_else(|_| "object".to_owned(), |n| n.to_string())
}

/// A `str` argument as a `&str` borrowed from the Python object (no copy: for a str that
/// is not ASCII, Python keeps a UTF-8 copy inside the object). `what` names the argument in
/// messages (`"text"`, `"texts[3]"`). A non-`str` is a `TypeError`; a `str` that is not
/// valid Unicode (a lone surrogate, which UTF-8 cannot encode) is a `ValueError` naming the
/// character position, with the codec's `UnicodeEncodeError` as its cause.
pub fn text_ref<'a>(obj: &'a Bound<'_, PyAny>, what: &dyn Fn() -> String) -> PyResult<&'a str> {
    let Ok(s) = obj.cast::<PyString>() else {
        return Err(PyTypeError::new_err(format!(
            "{} must be str, not {}",
            what(),
            type_name(obj)
        )));
    };
    s.to_str().map_err(|cause| {
        let py = obj.py();
        let err = PyValueError::new_err(format!(
            "{} is not valid Unicode (it cannot be encoded as UTF-8): {}",
            what(),
            cause.value(py)
        ));
        err.set_cause(py, Some(cause));
        err
    })
}

/// A `str` argument as an owned Rust string (see [`text_ref`]).
pub fn text_arg(obj: &Bound<'_, PyAny>, what: &dyn Fn() -> String) -> PyResult<String> {
    text_ref(obj, what).map(str::to_owned)
}

/// A file-system path argument (`str` or `os.PathLike`) as a string.
pub fn path_arg(obj: &Bound<'_, PyAny>, what: &dyn Fn() -> String) -> PyResult<String> {
    let py = obj.py();
    let fspath = py.import("os")?.getattr("fspath")?;
    let path = fspath.call1((obj,)).map_err(|_| {
        PyTypeError::new_err(format!(
            "{} must be a path (str or os.PathLike), not {}",
            what(),
            type_name(obj)
        ))
    })?;
    text_arg(&path, what)
}

/// A record id as a JSON value, as the `despin` command would read it from a JSON line:
/// `None`, `bool`, `int`, `float`, `str`, lists/tuples and dicts with `str` keys of those.
/// An integer outside 64 bits becomes a float (as the command reads such a number);
/// NaN and infinities, which JSON cannot hold, become `null`.
pub fn json_value(obj: &Bound<'_, PyAny>, what: &dyn Fn() -> String) -> PyResult<Value> {
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::from(i));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::from(u));
        }
        let f: f64 = obj.extract()?;
        return Ok(Value::from(f));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        // `Value::from` maps NaN and infinities to null.
        return Ok(Value::from(f.value()));
    }
    if obj.is_instance_of::<PyString>() {
        return Ok(Value::String(text_arg(obj, what)?));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        for (i, item) in obj.try_iter()?.enumerate() {
            items.push(json_value(&item?, &|| format!("{}[{i}]", what()))?);
        }
        return Ok(Value::Array(items));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut map = serde_json::Map::new();
        for (k, v) in d.iter() {
            let key = text_arg(&k, &|| format!("a key of {}", what()))?;
            let value = json_value(&v, &|| format!("{}[{key:?}]", what()))?;
            map.insert(key, value);
        }
        return Ok(Value::Object(map));
    }
    Err(PyTypeError::new_err(format!(
        "{} must be JSON-serialisable (None, bool, int, float, str, list or dict), not {}",
        what(),
        type_name(obj)
    )))
}

/// A JSON value as the Python object `json.loads` would give.
pub fn py_value<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(py_value(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, item) in map {
                dict.set_item(k, py_value(py, item)?)?;
            }
            dict.into_any()
        }
    })
}

/// A library error as a `DespinError` (an `OSError` for a file that cannot be read),
/// with `path`, `line` and `column` attributes where the error has them.
pub fn despin_error(py: Python<'_>, e: despin::Error) -> PyErr {
    let message = e.to_string();
    let (path, line, column): (Option<String>, Option<usize>, Option<usize>) = match &e {
        despin::Error::Lexicon {
            source_name,
            line,
            column,
            ..
        }
        | despin::Error::Data {
            source_name,
            line,
            column,
            ..
        } => (Some(source_name.clone()), Some(*line), *column),
        despin::Error::Io { source_name, error } => {
            // A missing or unreadable file is an OSError (FileNotFoundError, ...), as
            // Python's own `open` would raise, with the path in the message.
            let os = PyErr::from(std::io::Error::new(error.kind(), message.clone()));
            let _ = os.value(py).setattr("filename", source_name.as_str());
            return os;
        }
        _ => (None, None, None),
    };
    let err = DespinError::new_err(message);
    let value = err.value(py);
    // Setting attributes on a fresh exception instance cannot fail in practice; if it
    // did, the message still says everything.
    let _ = value.setattr("path", path);
    let _ = value.setattr("line", line);
    let _ = value.setattr("column", column);
    err
}
