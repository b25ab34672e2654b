//! The facade: [`Detector`] runs the stages below it (matching, scoring, passage
//! acceptance, reconstruction) and is what callers build once and share.

use crate::error::{Error, Result};
use crate::finding::Finding;
use crate::lexicon::{Lexicon, ListId};
use crate::matching::index::MatchOptions;
use crate::matching::Matcher;
use crate::reconstruct::Reconstruction;
use crate::scoring::acceptance::{accept_in_spun_passages, DEFAULT_PASSAGE_ACCEPTANCE};
use crate::scoring::features::Features;
use crate::scoring::model::ScoreModel;
use crate::scoring::paper::PaperScreen;
use crate::scoring::score::{Report, Score, DEFAULT_SPUN_THRESHOLD};
use std::sync::LazyLock;

/// Settings that shape the verdict.
#[derive(Clone, Debug)]
pub(crate) struct Settings {
    pub spun_threshold: f64,
    /// Score at or above which a passage's weak findings are accepted too.
    pub passage_acceptance: Option<f64>,
    pub model: ScoreModel,
}

/// A compiled lexicon plus settings; build once, share across threads (`Send + Sync`).
///
/// ```
/// let detector = despin::Detector::builder()
///     .lexicon(despin::Lexicon::from_tsv_str("bosom peril\tbreast cancer\ttortured-science\t0.95\n", "mine").unwrap())
///     .build()
///     .unwrap();
/// let rebuilt = detector.reconstruct("Screening for Bosom Peril saves lives.");
/// assert_eq!(rebuilt.text, "Screening for Breast Cancer saves lives.");
/// ```
pub struct Detector {
    pub(crate) matcher: Matcher,
    pub(crate) settings: Settings,
}

impl std::fmt::Debug for Detector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Detector")
            .field("entries", &self.matcher.len())
            .field("matcher", &self.matcher)
            .field("settings", &self.settings)
            .finish()
    }
}

/// Builder for a [`Detector`]: which lexicons, which tiers, which threshold.
#[derive(Clone, Debug)]
pub struct DetectorBuilder {
    lexicons: Vec<Lexicon>,
    builtin: bool,
    stemming: bool,
    fuzzy: Option<f32>,
    spintax: bool,
    spun_threshold: f64,
    passage_acceptance: Option<f64>,
    model: Option<ScoreModel>,
}

impl Default for DetectorBuilder {
    fn default() -> Self {
        DetectorBuilder {
            lexicons: Vec::new(),
            builtin: true,
            stemming: true,
            fuzzy: None,
            spintax: true,
            spun_threshold: DEFAULT_SPUN_THRESHOLD,
            passage_acceptance: Some(DEFAULT_PASSAGE_ACCEPTANCE),
            model: None,
        }
    }
}

impl DetectorBuilder {
    /// Add a lexicon; later lexicons override equal pairs of earlier ones and of the
    /// built-in lexicon.
    pub fn lexicon(mut self, lexicon: Lexicon) -> Self {
        self.lexicons.push(lexicon);
        self
    }

    /// Include the built-in lexicon (default: true).
    pub fn builtin(mut self, yes: bool) -> Self {
        self.builtin = yes;
        self
    }

    /// Match inflected forms the lexicon does not list (default: true).
    pub fn stemming(mut self, yes: bool) -> Self {
        self.stemming = yes;
        self
    }

    /// Match near-miss spellings of multiword entries at or above this normalised
    /// Levenshtein similarity (default: off; [`DEFAULT_FUZZY_SIMILARITY`](crate::DEFAULT_FUZZY_SIMILARITY) is a good value).
    pub fn fuzzy(mut self, min_similarity: Option<f32>) -> Self {
        self.fuzzy = min_similarity;
        self
    }

    /// Report leftover spintax braces (default: true).
    pub fn spintax(mut self, yes: bool) -> Self {
        self.spintax = yes;
        self
    }

    /// Score passages with this model instead of the built-in one (train your own with
    /// [`ScoreModel::train`](ScoreModel::train) on [`Detector::features`]).
    pub fn model(mut self, model: ScoreModel) -> Self {
        self.model = Some(model);
        self
    }

    /// Score at or above which a passage is called spun
    /// (default: [`DEFAULT_SPUN_THRESHOLD`](crate::DEFAULT_SPUN_THRESHOLD)).
    pub fn spun_threshold(mut self, threshold: f64) -> Self {
        self.spun_threshold = threshold;
        self
    }

    /// Score at or above which every finding of a passage (of a section, in a long text)
    /// with at least [`PASSAGE_ACCEPTANCE_MIN_OWN`](crate::PASSAGE_ACCEPTANCE_MIN_OWN) of its own is accepted, outside quotations
    /// and except fuzzy near misses and tortured phrases;
    /// `None` accepts findings on their own and their neighbours' confidence only
    /// (default: [`DEFAULT_PASSAGE_ACCEPTANCE`]). The score itself is computed before, from
    /// the findings accepted on their own evidence, so this changes which words are
    /// rewritten, never the verdict.
    pub fn passage_acceptance(mut self, min_score: Option<f64>) -> Self {
        self.passage_acceptance = min_score;
        self
    }

    /// Compile the lexicons. Fails only on out-of-range settings.
    pub fn build(self) -> Result<Detector> {
        if let Some(s) = self.fuzzy {
            if !(s > 0.0 && s <= 1.0) {
                return Err(Error::Config {
                    message: format!("fuzzy similarity {s} is outside (0, 1]"),
                });
            }
        }
        if !(0.0..=1.0).contains(&self.spun_threshold) {
            return Err(Error::Config {
                message: format!("spun threshold {} is outside [0, 1]", self.spun_threshold),
            });
        }
        if let Some(s) = self.passage_acceptance {
            if !(0.0..=1.0).contains(&s) {
                return Err(Error::Config {
                    message: format!("passage acceptance score {s} is outside [0, 1]"),
                });
            }
        }
        // The builder owns its lexicons: without the built-in one, the first is taken as
        // it is (a 100k-row lexicon is not copied), and the rest merged into it.
        let mut lexicons = self.lexicons.into_iter();
        let mut merged = if self.builtin {
            Lexicon::builtin().clone()
        } else {
            lexicons.next().unwrap_or_default()
        };
        for l in lexicons {
            merged.merge(&l);
        }
        let options = MatchOptions {
            stemming: self.stemming,
            fuzzy_min_similarity: self.fuzzy,
        };
        Ok(Detector {
            matcher: Matcher::new(merged, options, self.spintax),
            settings: Settings {
                spun_threshold: self.spun_threshold,
                passage_acceptance: self.passage_acceptance,
                model: self.model.unwrap_or_else(|| ScoreModel::builtin().clone()),
            },
        })
    }
}

static BUILTIN: LazyLock<Detector> = LazyLock::new(|| {
    // Default settings are in range and the built-in data is checked by tests.
    Detector::builder()
        .build()
        .unwrap_or_else(|e| panic!("built-in detector: {e}"))
});

impl Detector {
    /// A builder with the defaults: built-in lexicon, stemming and spintax on, fuzzy off.
    pub fn builder() -> DetectorBuilder {
        DetectorBuilder::default()
    }

    /// The detector with the built-in lexicon and default settings, compiled on first use.
    pub fn builtin() -> &'static Detector {
        &BUILTIN
    }

    /// Every finding in `text`, accepted or not, sorted by position and non-overlapping.
    pub fn find(&self, text: &str) -> Vec<Finding> {
        self.analyze(text).findings
    }

    /// Findings and the passage score.
    pub fn analyze(&self, text: &str) -> Report {
        let (mut findings, tally, own) = self.matcher.weighed(text);
        let (mut score, scored) = Score::with_sections(
            &tally,
            &findings,
            self.settings.spun_threshold,
            &self.settings.model,
        );
        if let Some(min_score) = self.settings.passage_acceptance {
            if accept_in_spun_passages(&mut findings, &own, &scored, min_score) {
                score.recount(&findings);
            }
        }
        Report { score, findings }
    }

    /// [`analyze`](Self::analyze) many passages on all available cores; reports come back
    /// in input order and are identical to analysing each passage alone.
    pub fn analyze_batch<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Vec<Report> {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(texts.len());
        if threads <= 1 {
            return texts.iter().map(|t| self.analyze(t.as_ref())).collect();
        }
        // Work stealing by index keeps cores busy when passage lengths differ a lot.
        let next = std::sync::atomic::AtomicUsize::new(0);
        let mut done: Vec<(usize, Report)> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    scope.spawn(|| {
                        let mut local = Vec::new();
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some(text) = texts.get(i) else { break };
                            local.push((i, self.analyze(text.as_ref())));
                        }
                        local
                    })
                })
                .collect();
            workers
                .into_iter()
                // A worker only panics if `analyze` does, which the property tests rule
                // out; re-raise it rather than lose reports silently.
                .flat_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        });
        done.sort_by_key(|(i, _)| *i);
        done.into_iter().map(|(_, r)| r).collect()
    }

    /// The features the score model sees for `text` (for training your own
    /// [`ScoreModel`]).
    pub fn features(&self, text: &str) -> Features {
        // Before passage acceptance: the model was trained on these.
        let (findings, tally, _) = self.matcher.weighed(text);
        let whole = tally.whole();
        Features::of(whole.words, whole.quoted, &findings)
    }

    /// The passage score alone.
    pub fn score(&self, text: &str) -> Score {
        self.analyze(text).score
    }

    /// The likely original of `text`: accepted findings rewritten, everything else kept
    /// byte for byte.
    pub fn reconstruct(&self, text: &str) -> Reconstruction {
        Reconstruction::apply_owned(text, self.find(text))
    }
}

impl Detector {
    /// Screen one paper (the whole text is the document that fingerprint conditions are
    /// evaluated over). `lists` are recorded in the result so it says which lists
    /// produced it.
    ///
    /// ```
    /// let csv = "\"\"\"bosom peril\"\"\",breast cancer,1\n\"\"\"profound learning\"\" AND \"\"deep learning\"\"\",deep learning,1\n";
    /// let list = despin::Lexicon::from_pps_csv(csv.as_bytes(), "mine.csv").unwrap();
    /// let detector = despin::Detector::builder().builtin(false).lexicon(list.lexicon).build().unwrap();
    /// let lists = [list.report.id];
    /// let screen = detector.screen_paper("Bosom peril is studied with profound learning.", &lists);
    /// assert_eq!(screen.verdict, despin::PaperVerdict::Suspicious); // the guard "deep learning" fails
    /// let screen = detector.screen_paper("Bosom peril is studied with profound learning (deep learning).", &lists);
    /// assert_eq!(screen.verdict, despin::PaperVerdict::Problematic);
    /// assert_eq!(screen.lists[0].source_name, "mine.csv");
    /// ```
    pub fn screen_paper(&self, text: &str, lists: &[ListId]) -> PaperScreen {
        PaperScreen::from_report(&self.analyze(text), lists)
    }
}
