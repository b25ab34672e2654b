//! `despin.Detector`: a compiled lexicon plus settings, built once and shared.

use crate::convert::{despin_error, json_value, path_arg, py_value, text_ref, type_name};
use crate::parallel;
use crate::pps::{PyListId, PyPpsList};
use crate::record::{char_offsets, record_json, round3, DictBuilder, Prepared};
use pyo3::exceptions::{PyTypeError, PyUserWarning, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyModule, PyString, PyTuple};
use serde_json::Value;

/// Where a detector's lexicon came from, kept so `repr` and pickling can say it.
#[derive(Clone)]
enum Source {
    /// A TSV lexicon file.
    Tsv(String),
    /// A PPS list (a `.csv`/`.json` path, or a loaded `PpsList`): path and identity.
    Pps(String, despin::ListId),
}

impl Source {
    fn path(&self) -> &str {
        match self {
            Source::Tsv(p) | Source::Pps(p, _) => p,
        }
    }
}

/// The settings a detector was built with.
#[derive(Clone)]
struct Config {
    sources: Vec<Source>,
    builtin: bool,
    fuzzy: Option<f32>,
    stemming: bool,
    spintax: bool,
    spun_threshold: f64,
    passage_acceptance: Option<f64>,
    context: bool,
    rewrite_scope: despin::RewriteScope,
}

impl Config {
    /// The defaults: the built-in detector.
    fn is_default(&self) -> bool {
        self.sources.is_empty()
            && self.builtin
            && self.fuzzy.is_none()
            && self.stemming
            && self.spintax
            && self.spun_threshold == despin::DEFAULT_SPUN_THRESHOLD
            && self.passage_acceptance == Some(despin::DEFAULT_PASSAGE_ACCEPTANCE)
            && self.context
            && self.rewrite_scope == despin::RewriteScope::default()
    }
}

/// The compiled detector: the library's shared built-in one, or one of our own.
enum Engine {
    Builtin,
    Own(Box<despin::Detector>),
}

/// Finds text rewritten by article spinners, scores passages and rewrites them back.
///
/// Build once (loading and compiling lexicons takes milliseconds to a second) and share:
/// every method may be called from many threads at once, and the work runs without the
/// interpreter lock.
///
/// Arguments:
///     lexicons: paths of lexicon files (TSV: `spun<TAB>original[<TAB>family[<TAB>weight
///         [<TAB>context]]]`; a `.csv` or `.json` path is read as a Problematic Paper
///         Screener list) or loaded `PpsList` objects; one path alone is accepted too.
///     builtin: include the built-in news-spinner lexicon (default True).
///     fuzzy: match near-miss spellings of multiword entries: False (default), True
///         (similarity `DEFAULT_FUZZY_SIMILARITY`, 0.9) or a similarity in (0, 1].
///     stemming: match inflections the lexicon does not list (default True).
///     spintax: report leftover spintax braces such as `{big|large}` (default True).
///     spun_threshold: score at or above which a passage is called spun (default 0.5).
///     passage_acceptance: score at or above which a passage's weaker findings are
///         rewritten without nearby support (default 0.7; None turns it off).
///     context: judge each one-word finding by its neighbouring words, from English word
///         and word-pair counts shipped with the library (default True).
///     rewrite_scope: which accepted findings are rewritten, by their passage's verdict:
///         'confident' (default: where the passage is judged spun, all; elsewhere only those
///         confident on their own, not those lifted by their neighbours' support), 'spun'
///         (only in passages judged spun) or 'everywhere' (the rule before 0.5).
///
/// Raises `DespinError` (a `ValueError`) naming the file and line of a bad lexicon row or
/// the bad setting, and `OSError` for a lexicon file that cannot be opened.
#[pyclass(frozen, module = "despin", name = "Detector")]
pub struct PyDetector {
    engine: Engine,
    config: Config,
}

impl PyDetector {
    /// The library detector.
    pub fn detector(&self) -> &despin::Detector {
        match &self.engine {
            Engine::Builtin => despin::Detector::builtin(),
            Engine::Own(d) => d,
        }
    }

    /// The built-in detector (for the module-level functions).
    pub fn default_detector() -> PyDetector {
        PyDetector {
            engine: Engine::Builtin,
            config: Config {
                sources: Vec::new(),
                builtin: true,
                fuzzy: None,
                stemming: true,
                spintax: true,
                spun_threshold: despin::DEFAULT_SPUN_THRESHOLD,
                passage_acceptance: Some(despin::DEFAULT_PASSAGE_ACCEPTANCE),
                context: true,
                rewrite_scope: despin::RewriteScope::default(),
            },
        }
    }

    /// The lists this detector screens with, for `screen_paper`.
    fn list_ids(&self) -> Vec<despin::ListId> {
        self.config
            .sources
            .iter()
            .filter_map(|s| match s {
                Source::Pps(_, id) => Some(id.clone()),
                Source::Tsv(_) => None,
            })
            .collect()
    }
}

/// What the constructor was given for one lexicon, before loading.
enum Given {
    Path(String),
    Loaded(despin::Lexicon, despin::PpsReport),
}

/// Is `path` a PPS list by its extension (as the `despin` command decides)?
fn is_pps_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".csv") || lower.ends_with(".json")
}

/// The `fuzzy` argument as a similarity: False/None off, True the default similarity, a
/// number that similarity (checked by the builder).
fn fuzzy_arg(fuzzy: Option<&Bound<'_, PyAny>>) -> PyResult<Option<f32>> {
    let Some(f) = fuzzy else { return Ok(None) };
    if f.is_none() {
        return Ok(None);
    }
    if let Ok(b) = f.cast::<pyo3::types::PyBool>() {
        return Ok(b.is_true().then_some(despin::DEFAULT_FUZZY_SIMILARITY));
    }
    match f.extract::<f64>() {
        Ok(x) => Ok(Some(x as f32)),
        Err(_) => Err(PyTypeError::new_err(format!(
            "fuzzy must be a bool or a similarity in (0, 1], not {}",
            type_name(f)
        ))),
    }
}

/// The `lexicons` argument: a path, or an iterable of paths and `PpsList`s.
fn lexicons_arg(lexicons: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<Given>> {
    let Some(lexicons) = lexicons else {
        return Ok(Vec::new());
    };
    if lexicons.is_none() {
        return Ok(Vec::new());
    }
    let one = |item: &Bound<'_, PyAny>, what: &dyn Fn() -> String| -> PyResult<Given> {
        if let Ok(list) = item.cast::<PyPpsList>() {
            let list = list.get();
            return Ok(Given::Loaded(list.lexicon.clone(), list.report.clone()));
        }
        Ok(Given::Path(path_arg(item, what)?))
    };
    // One path (or list) alone, rather than iterating over a path's characters.
    let py = lexicons.py();
    let path_like = py.import("os")?.getattr("PathLike")?;
    if lexicons.is_instance_of::<PyString>()
        || lexicons.is_instance(&path_like)?
        || lexicons.cast::<PyPpsList>().is_ok()
    {
        return Ok(vec![one(lexicons, &|| "lexicons".to_owned())?]);
    }
    let iter = lexicons.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "lexicons must be a list of paths or PpsList objects, not {}",
            type_name(lexicons)
        ))
    })?;
    let mut out = Vec::new();
    for (i, item) in iter.enumerate() {
        out.push(one(&item?, &|| format!("lexicons[{i}]"))?);
    }
    Ok(out)
}

/// Load the lexicons (no interpreter needed) and build the detector.
fn build(given: Vec<Given>, config: &mut Config) -> despin::Result<despin::Detector> {
    let mut builder = despin::Detector::builder()
        .builtin(config.builtin)
        .fuzzy(config.fuzzy)
        .stemming(config.stemming)
        .spintax(config.spintax)
        .spun_threshold(config.spun_threshold)
        .passage_acceptance(config.passage_acceptance)
        .context(config.context)
        .rewrite_scope(config.rewrite_scope);
    for g in given {
        match g {
            Given::Path(path) if is_pps_path(&path) => {
                let list = despin::PpsList::load(&path)?;
                config.sources.push(Source::Pps(path, list.report.id));
                builder = builder.lexicon(list.lexicon);
            }
            Given::Path(path) => {
                builder = builder.lexicon(despin::Lexicon::load(&path)?);
                config.sources.push(Source::Tsv(path));
            }
            Given::Loaded(lexicon, report) => {
                config
                    .sources
                    .push(Source::Pps(report.id.source_name.clone(), report.id));
                builder = builder.lexicon(lexicon);
            }
        }
    }
    builder.build()
}

/// The cyclic garbage collector paused while a batch's dicts are made, and resumed (if
/// it was running) when dropped.
///
/// A batch makes about fifty lists and dicts per passage, none of them in a cycle; with
/// the collector running, its collections (each new generation traversing every dict
/// made so far) took a quarter of the process's time in `analyze_batch`. Paused, the
/// objects are traversed once, at the first collection after the call. Another thread
/// that switches the collector off during the call finds it on again afterwards.
struct GcPause<'py> {
    gc: Option<Bound<'py, PyModule>>,
}

impl<'py> GcPause<'py> {
    fn new(py: Python<'py>) -> PyResult<GcPause<'py>> {
        let gc = py.import("gc")?;
        if gc.call_method0("isenabled")?.is_truthy()? {
            gc.call_method0("disable")?;
            return Ok(GcPause { gc: Some(gc) });
        }
        Ok(GcPause { gc: None })
    }
}

impl Drop for GcPause<'_> {
    fn drop(&mut self) {
        if let Some(gc) = &self.gc {
            // `gc.enable()` cannot fail; if it somehow did, collection stays off, which
            // only costs memory held by cycles.
            let _ = gc.call_method0("enable");
        }
    }
}

/// `ids` as a list as long as `n`, or `None`s.
fn ids_arg<'py>(
    py: Python<'py>,
    ids: Option<&Bound<'py, PyAny>>,
    n: usize,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    match ids {
        None => Ok(vec![py.None().into_bound(py); n]),
        Some(ids) if ids.is_none() => Ok(vec![py.None().into_bound(py); n]),
        Some(ids) => {
            let ids: Vec<Bound<'py, PyAny>> = ids
                .try_iter()
                .map_err(|_| {
                    PyTypeError::new_err(format!("ids must be iterable, not {}", type_name(ids)))
                })?
                .collect::<PyResult<_>>()?;
            if ids.len() != n {
                return Err(PyValueError::new_err(format!(
                    "ids has {} items for {} texts",
                    ids.len(),
                    n
                )));
            }
            Ok(ids)
        }
    }
}

/// The items of a batch's `texts` (checked to be `str` when borrowed, by `texts_ref`).
fn texts_arg<'py>(texts: &Bound<'py, PyAny>) -> PyResult<Vec<Bound<'py, PyAny>>> {
    if texts.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "texts must be an iterable of str, not one str (use analyze for one text)",
        ));
    }
    let iter = texts.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "texts must be an iterable of str, not {}",
            type_name(texts)
        ))
    })?;
    iter.collect()
}

/// The texts of a batch borrowed from their Python objects (which the caller keeps), so
/// the analysis can run without the interpreter and without copying them.
fn texts_ref<'a>(items: &'a [Bound<'_, PyAny>]) -> PyResult<Vec<&'a str>> {
    items
        .iter()
        .enumerate()
        .map(|(i, t)| text_ref(t, &|| format!("texts[{i}]")))
        .collect()
}

/// The `threads` argument: `None` for every core, else at least 1.
fn threads_arg(threads: Option<usize>) -> PyResult<usize> {
    match threads {
        None => Ok(parallel::default_threads()),
        Some(0) => Err(PyValueError::new_err("threads must be at least 1")),
        Some(n) => Ok(n),
    }
}

impl PyDetector {
    /// Analyse one text into the record's dict.
    pub fn analyze_one<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        id: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let s = text_ref(text, &|| "text".to_owned())?;
        let detector = self.detector();
        let done = py.detach(|| Prepared::new(detector, s));
        let id = id.unwrap_or_else(|| py.None().into_bound(py));
        DictBuilder::new(py)?.record(&done, text, &id)
    }

    /// Analyse many texts in parallel into the record's dicts: worker threads analyse,
    /// reconstruct and prepare each text's values, this thread turns finished ones into
    /// dicts meanwhile.
    pub fn analyze_many<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        ids: Option<&Bound<'py, PyAny>>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        let threads = threads_arg(threads)?;
        let items = texts_arg(texts)?;
        let texts = texts_ref(&items)?;
        let ids = ids_arg(py, ids, texts.len())?;
        let detector = self.detector();
        let mut builder = DictBuilder::new(py)?;
        let mut out = Vec::with_capacity(texts.len());
        let _paused = GcPause::new(py)?;
        parallel::pipeline(
            py,
            &texts,
            threads,
            |t| Prepared::new(detector, t),
            |i, done| {
                // Let Ctrl-C (or another signal handler's exception) stop a long batch.
                if i % 64 == 63 {
                    py.check_signals()?;
                }
                out.push(builder.record(&done, &items[i], &ids[i])?);
                Ok(())
            },
        )?;
        PyList::new(py, out)
    }

    /// Analyse one text into the command's JSON line.
    pub fn analyze_one_json(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        id: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        let text = text_ref(text, &|| "text".to_owned())?;
        let id = match id {
            Some(id) => json_value(id, &|| "id".to_owned())?,
            None => Value::Null,
        };
        let detector = self.detector();
        Ok(py.detach(|| record_json(detector, text, &id)))
    }

    /// Analyse many texts in parallel into the command's JSON lines.
    pub fn analyze_many_json<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        ids: Option<&Bound<'py, PyAny>>,
        threads: Option<usize>,
    ) -> PyResult<Vec<String>> {
        let threads = threads_arg(threads)?;
        let items = texts_arg(texts)?;
        let texts = texts_ref(&items)?;
        let ids: Vec<Value> = ids_arg(py, ids, texts.len())?
            .iter()
            .enumerate()
            .map(|(i, id)| json_value(id, &|| format!("ids[{i}]")))
            .collect::<PyResult<_>>()?;
        let items: Vec<(&str, &Value)> = texts.iter().copied().zip(&ids).collect();
        let detector = self.detector();
        Ok(py.detach(|| parallel::map(&items, threads, |(t, id)| record_json(detector, t, id))))
    }

    /// The likely original of one text.
    pub fn reconstruct_one(&self, py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<String> {
        let text = text_ref(text, &|| "text".to_owned())?;
        let detector = self.detector();
        Ok(py.detach(|| detector.reconstruct(text).text))
    }
}

#[pymethods]
impl PyDetector {
    #[new]
    #[pyo3(signature = (
        lexicons = None,
        builtin = true,
        fuzzy = None,
        stemming = true,
        spintax = true,
        spun_threshold = despin::DEFAULT_SPUN_THRESHOLD,
        passage_acceptance = Some(despin::DEFAULT_PASSAGE_ACCEPTANCE),
        context = true,
        rewrite_scope = "confident",
    ),
    text_signature = "(lexicons=None, builtin=True, fuzzy=False, stemming=True, spintax=True, spun_threshold=0.5, passage_acceptance=0.7, context=True, rewrite_scope='confident')")]
    // The Python constructor's keyword arguments, one per builder setting.
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        lexicons: Option<&Bound<'_, PyAny>>,
        builtin: bool,
        fuzzy: Option<&Bound<'_, PyAny>>,
        stemming: bool,
        spintax: bool,
        spun_threshold: f64,
        passage_acceptance: Option<f64>,
        context: bool,
        rewrite_scope: &str,
    ) -> PyResult<PyDetector> {
        let given = lexicons_arg(lexicons)?;
        let rewrite_scope = rewrite_scope_arg(py, rewrite_scope)?;
        let mut config = Config {
            sources: Vec::new(),
            builtin,
            fuzzy: fuzzy_arg(fuzzy)?,
            stemming,
            spintax,
            spun_threshold,
            passage_acceptance,
            context,
            rewrite_scope,
        };
        if config.is_default() && given.is_empty() {
            return Ok(PyDetector::default_detector());
        }
        let nothing = !builtin && given.is_empty();
        let detector = py
            .detach(|| build(given, &mut config))
            .map_err(|e| despin_error(py, e))?;
        if nothing {
            // A library that builds such a detector (rather than refusing it) gives one
            // that finds only spintax and look-alike letters: say so.
            PyErr::warn(
                py,
                &py.get_type::<PyUserWarning>(),
                c"Detector(builtin=False) without lexicons finds only spintax and look-alike letters",
                1,
            )?;
        }
        Ok(PyDetector {
            engine: Engine::Own(Box::new(detector)),
            config,
        })
    }

    /// Analyse one text: a dict with exactly the fields of one `despin --json` object.
    ///
    /// Keys (in the command's order): `findings` (accepted findings, the ones rewritten),
    /// `id` (the `id` argument, default None), `reconstructed` (the likely original
    /// text), `score` (probability the passage is spun, 3 decimals), `sections` (the worst
    /// scored sections of a long text, else empty), `spun` (score >= threshold),
    /// `unaccepted` (findings reported but not rewritten: too weak, quoted, or lifted only by
    /// their neighbours' support in a passage not judged spun) and `words`.
    /// Each finding: `candidates`, `char_end`, `char_start`, `confidence`, `end`, `family`,
    /// `in_quote`, `original`, `start`, `text`, `tier`. `start`/`end` are byte offsets
    /// into the UTF-8 text, as in the JSON contract; `char_start`/`char_end` are code-point
    /// offsets, so `text[f["char_start"]:f["char_end"]] == f["text"]`. Sections carry both
    /// kinds of offsets too.
    ///
    /// Raises TypeError for a non-str and ValueError for a str with lone surrogates.
    #[pyo3(signature = (text, id = None))]
    fn analyze<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        id: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        self.analyze_one(py, text, id)
    }

    /// Analyse many texts on all cores (or `threads`) without the interpreter lock; the
    /// dicts are those `analyze` gives, in input order.
    ///
    /// `texts` is any iterable of str; `ids`, if given, an iterable of as many ids, put in
    /// each dict's `id`. The whole batch is held in memory: feed a large corpus in chunks
    /// of a few thousand texts.
    #[pyo3(signature = (texts, ids = None, threads = None))]
    fn analyze_batch<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        ids: Option<&Bound<'py, PyAny>>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        self.analyze_many(py, texts, ids, threads)
    }

    /// Analyse one text into the JSON line `despin --jsonl` writes for it (no line end).
    ///
    /// Byte for byte the command's output: byte offsets only (no `char_start`/`char_end`),
    /// fields in the command's order. `id` must be JSON-serialisable (None, bool, int,
    /// float, str, list, dict).
    #[pyo3(signature = (text, id = None))]
    fn analyze_json(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        id: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        self.analyze_one_json(py, text, id)
    }

    /// `analyze_json` for many texts, on all cores (or `threads`), in input order: the
    /// fastest way to produce the command's JSON lines from Python.
    #[pyo3(signature = (texts, ids = None, threads = None))]
    fn analyze_batch_json<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        ids: Option<&Bound<'py, PyAny>>,
        threads: Option<usize>,
    ) -> PyResult<Vec<String>> {
        self.analyze_many_json(py, texts, ids, threads)
    }

    /// The likely original of `text`: accepted findings rewritten (keeping case and
    /// inflection), everything else byte for byte. A text with no accepted finding comes
    /// back unchanged.
    fn reconstruct(&self, py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<String> {
        self.reconstruct_one(py, text)
    }

    /// Screen one paper with this detector's tortured-phrase lists: a dict with `verdict`
    /// (`"clean"`, `"suspicious"` or `"problematic"`), `words`, `findings` (accepted
    /// fingerprint findings), `distinct` (distinct fingerprints), `per_1000_words`,
    /// `fingerprints` (each: `fingerprint`, `phrases`, `expected`, `spans` with byte and
    /// code-point offsets, `best_tier`, `confidence`) and `lists` (the ids, with SHA-256,
    /// of the PPS lists the detector was built from).
    ///
    /// Only findings of the `tortured-science` family count. Build the detector with
    /// `builtin=False, fuzzy=True` and a `PpsList` (or a `.csv`/`.json` path).
    fn screen_paper<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let text = text_ref(text, &|| "text".to_owned())?;
        let detector = self.detector();
        let lists = self.list_ids();
        let mut value = py.detach(|| {
            let screen = detector.screen_paper(text, &lists);
            let mut value = serde_json::to_value(&screen).unwrap_or(Value::Null);
            paper_offsets(text, &mut value);
            value
        });
        if let Some(Value::Array(fps)) = value.get_mut("fingerprints") {
            for fp in fps {
                if let Some(c) = fp.get_mut("confidence") {
                    *c = Value::from(round3(c.as_f64().unwrap_or(0.0)));
                }
            }
        }
        py_value(py, &value)
    }

    /// The PPS lists this detector was built from (`ListId`s, with SHA-256).
    #[getter]
    fn lists(&self) -> Vec<PyListId> {
        self.list_ids()
            .into_iter()
            .map(|inner| PyListId { inner })
            .collect()
    }

    /// The lexicon files this detector was built from, in order.
    #[getter]
    fn lexicons(&self) -> Vec<String> {
        self.config
            .sources
            .iter()
            .map(|s| s.path().to_owned())
            .collect()
    }

    /// Whether the built-in lexicon is included.
    #[getter]
    fn builtin(&self) -> bool {
        self.config.builtin
    }

    /// The fuzzy tier's minimum similarity, or None when off.
    #[getter]
    fn fuzzy(&self) -> Option<f64> {
        self.config.fuzzy.map(shortest)
    }

    /// The settings as keyword arguments: `Detector(**d.settings())` builds the same
    /// detector again (reading the lexicon files again).
    fn settings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let c = &self.config;
        let d = PyDict::new(py);
        d.set_item("lexicons", self.lexicons())?;
        d.set_item("builtin", c.builtin)?;
        match c.fuzzy {
            Some(f) => d.set_item("fuzzy", shortest(f))?,
            None => d.set_item("fuzzy", false)?,
        }
        d.set_item("stemming", c.stemming)?;
        d.set_item("spintax", c.spintax)?;
        d.set_item("spun_threshold", c.spun_threshold)?;
        d.set_item("passage_acceptance", c.passage_acceptance)?;
        d.set_item("context", c.context)?;
        d.set_item("rewrite_scope", rewrite_scope_name(c.rewrite_scope))?;
        Ok(d)
    }

    /// Pickling rebuilds the detector from its settings, so it can be sent to worker
    /// processes (the lexicon files must exist at the same paths there).
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let ctor = py.import("despin")?.getattr("_detector_from_settings")?;
        let settings = slf.get().settings(py)?;
        PyTuple::new(py, [ctor, PyTuple::new(py, [settings])?.into_any()])
    }

    fn __repr__(&self) -> String {
        let c = &self.config;
        let mut parts = vec![format!("lexicons={:?}", self.lexicons())];
        parts.push(format!(
            "builtin={}",
            if c.builtin { "True" } else { "False" }
        ));
        if let Some(f) = c.fuzzy {
            parts.push(format!("fuzzy={f}"));
        }
        if !c.stemming {
            parts.push("stemming=False".into());
        }
        if !c.spintax {
            parts.push("spintax=False".into());
        }
        if c.spun_threshold != despin::DEFAULT_SPUN_THRESHOLD {
            parts.push(format!("spun_threshold={}", c.spun_threshold));
        }
        if c.passage_acceptance != Some(despin::DEFAULT_PASSAGE_ACCEPTANCE) {
            parts.push(format!(
                "passage_acceptance={}",
                c.passage_acceptance
                    .map_or("None".into(), |p| p.to_string())
            ));
        }
        if !c.context {
            parts.push("context=False".into());
        }
        if c.rewrite_scope != despin::RewriteScope::default() {
            parts.push(format!(
                "rewrite_scope='{}'",
                rewrite_scope_name(c.rewrite_scope)
            ));
        }
        format!("Detector({})", parts.join(", "))
    }
}

/// The `rewrite_scope` argument's names for [`despin::RewriteScope`].
const REWRITE_SCOPES: [(&str, despin::RewriteScope); 3] = [
    ("everywhere", despin::RewriteScope::Everywhere),
    ("confident", despin::RewriteScope::ConfidentOrSpun),
    ("spun", despin::RewriteScope::SpunPassages),
];

/// The scope a `rewrite_scope` argument names; a `DespinError` (as for any bad setting)
/// lists the names.
fn rewrite_scope_arg(py: Python<'_>, name: &str) -> PyResult<despin::RewriteScope> {
    REWRITE_SCOPES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, scope)| *scope)
        .ok_or_else(|| {
            let message =
                format!("rewrite_scope must be 'everywhere', 'confident' or 'spun', not {name:?}");
            despin_error(py, despin::Error::Config { message })
        })
}

/// The `rewrite_scope` argument's name of a scope.
fn rewrite_scope_name(scope: despin::RewriteScope) -> &'static str {
    REWRITE_SCOPES
        .iter()
        .find(|(_, s)| *s == scope)
        .map_or("confident", |(n, _)| *n)
}

/// An `f32` setting as the `f64` with the same shortest decimal form (0.9, not
/// 0.8999999761581421).
fn shortest(x: f32) -> f64 {
    x.to_string().parse().unwrap_or(x as f64)
}

/// Add code-point offsets to every span of a serialised `PaperScreen`.
fn paper_offsets(text: &str, value: &mut Value) {
    let Some(Value::Array(fps)) = value.get_mut("fingerprints") else {
        return;
    };
    let mut bytes = Vec::new();
    for fp in fps.iter() {
        if let Some(Value::Array(spans)) = fp.get("spans") {
            for s in spans {
                for key in ["start", "end"] {
                    bytes.push(s.get(key).and_then(Value::as_u64).unwrap_or(0) as usize);
                }
            }
        }
    }
    let chars = char_offsets(text, &bytes);
    let mut next = chars.into_iter();
    for fp in fps.iter_mut() {
        if let Some(Value::Array(spans)) = fp.get_mut("spans") {
            for s in spans {
                if let Value::Object(map) = s {
                    map.insert("char_start".into(), Value::from(next.next().unwrap_or(0)));
                    map.insert("char_end".into(), Value::from(next.next().unwrap_or(0)));
                }
            }
        }
    }
}
