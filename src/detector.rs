//! The facade: [`Detector`] runs the stages below it (matching, scoring, passage
//! acceptance, reconstruction) and is what callers build once and share.

use crate::error::{Error, Result};
use crate::finding::Finding;
use crate::lexicon::{Lexicon, ListId, WordCounts};
use crate::matching::context::{judge, DEFAULT_CONTEXT_STRENGTH};
use crate::matching::index::MatchOptions;
use crate::matching::pass::Pass;
use crate::matching::support::weigh_support;
use crate::matching::tally::Tally;
use crate::matching::Matcher;
use crate::reconstruct::Reconstruction;
use crate::record::Record;
use crate::scoring::acceptance::{
    accept_in_spun_passages, unaccept_outside_spun_passages, RewriteScope,
    DEFAULT_PASSAGE_ACCEPTANCE,
};
use crate::scoring::features::Features;
use crate::scoring::model::ScoreModel;
use crate::scoring::paper::PaperScreen;
use crate::scoring::score::{Report, Score, SectionScore, DEFAULT_SPUN_THRESHOLD};
use std::sync::{Arc, LazyLock};

/// Settings that shape the verdict.
#[derive(Clone, Debug)]
pub(crate) struct Settings {
    pub spun_threshold: f64,
    /// Score at or above which a passage's weak findings are accepted too.
    pub passage_acceptance: Option<f64>,
    pub model: ScoreModel,
    /// Which accepted findings stay accepted, by their passage's (section's) verdict.
    pub rewrite_scope: RewriteScope,
    /// Threads for batches; 0 means `available_parallelism()`.
    pub threads: usize,
    /// Word counts that judge each finding in its context, and how strongly; `None`
    /// when context judgement is off.
    pub context: Option<(Arc<WordCounts>, f32)>,
}

/// An analysis before [`DetectorBuilder::rewrite_scope`] is applied: the report and every
/// scored stretch of the text.
struct Unrestricted {
    report: Report,
    scored: Vec<SectionScore>,
}

/// Which word-count table a builder judges findings with.
#[derive(Clone, Debug)]
enum ContextChoice {
    Builtin,
    Given(Arc<WordCounts>),
    Off,
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
    unlisted: bool,
    stemming: bool,
    fuzzy: Option<f32>,
    spintax: bool,
    spun_threshold: f64,
    passage_acceptance: Option<f64>,
    model: Option<ScoreModel>,
    rewrite_scope: RewriteScope,
    threads: usize,
    context: ContextChoice,
    context_strength: f32,
}

impl Default for DetectorBuilder {
    fn default() -> Self {
        DetectorBuilder {
            lexicons: Vec::new(),
            builtin: true,
            unlisted: false,
            stemming: true,
            fuzzy: None,
            spintax: true,
            spun_threshold: DEFAULT_SPUN_THRESHOLD,
            passage_acceptance: Some(DEFAULT_PASSAGE_ACCEPTANCE),
            model: None,
            rewrite_scope: RewriteScope::default(),
            threads: 0,
            context: ContextChoice::Builtin,
            context_strength: DEFAULT_CONTEXT_STRENGTH,
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

    /// Include the built-in lexicon (default: true). The built-in lexicon is English
    /// news-spinner output; text in other languages simply scores "not spun".
    ///
    /// Without it, give at least one lexicon: [`build`](Self::build) fails with
    /// [`Error::Config`] when `builtin(false)` has no [`lexicon`](Self::lexicon) (a detector
    /// with nothing to match would answer "not spun" to everything). For a detector that
    /// only finds spintax leftovers and look-alike letters, pass `Lexicon::new()`.
    pub fn builtin(mut self, yes: bool) -> Self {
        self.builtin = yes;
        self
    }

    /// Include the generated `unlisted` tier, [`Lexicon::unlisted`] (default: false): common
    /// two-word terms with one word swapped for a rarer synonym that English does not
    /// write (`profound learning`), family [`Family::Unlisted`](crate::Family::Unlisted).
    /// Listed rows of the same pair win. It costs start-up time and memory (measured in
    /// `reports/unlisted.md`), so it is off unless asked for.
    pub fn unlisted(mut self, yes: bool) -> Self {
        self.unlisted = yes;
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
    /// (default: [`DEFAULT_SPUN_THRESHOLD`](crate::DEFAULT_SPUN_THRESHOLD)). The
    /// [rewrite scope](Self::rewrite_scope) reads passages against it too: a threshold above
    /// the [passage acceptance](Self::passage_acceptance) score leaves passages between the
    /// two whose weak findings are accepted and then, unless the scope is
    /// [`RewriteScope::Everywhere`], not rewritten.
    pub fn spun_threshold(mut self, threshold: f64) -> Self {
        self.spun_threshold = threshold;
        self
    }

    /// Score at or above which every finding of a passage (of a section, in a long text)
    /// with at least [`PASSAGE_ACCEPTANCE_MIN_OWN`](crate::scoring::PASSAGE_ACCEPTANCE_MIN_OWN) of its own is accepted, outside quotations
    /// and except fuzzy near misses and tortured phrases;
    /// `None` accepts findings on their own and their neighbours' confidence only
    /// (default: [`DEFAULT_PASSAGE_ACCEPTANCE`]). The score itself is computed before, from
    /// the findings accepted on their own evidence, so this changes which words are
    /// rewritten, never the verdict. Below the [spun threshold](Self::spun_threshold) it
    /// rewrites nothing unless the scope is [`RewriteScope::Everywhere`]: the default
    /// [rewrite scope](Self::rewrite_scope) keeps only findings confident on their own in a
    /// passage not judged spun, so the bar that acts is the higher of the two.
    pub fn passage_acceptance(mut self, min_score: Option<f64>) -> Self {
        self.passage_acceptance = min_score;
        self
    }

    /// Which accepted findings are rewritten (and listed in a [`Record`]'s `findings`), by
    /// the verdict of their passage (in a long text, their section; see [`RewriteScope`]).
    /// Default [`RewriteScope::ConfidentOrSpun`]: in a passage that scores at or above the
    /// [spun threshold](Self::spun_threshold) every accepted finding, elsewhere only those
    /// confident on their own (and tortured phrases). The findings left out stay in the
    /// report, unaccepted; the
    /// score, the verdict and [`Detector::screen_paper`] (a paper verdict counts
    /// fingerprints whatever the news-spinner score) do not change.
    ///
    /// ```
    /// use despin::RewriteScope;
    /// // A swap confident alone and a weak one its neighbour supports, in a passage that
    /// // does not read as spun.
    /// let text = format!("The assertion mentioned the plan. {}", "The council met to talk. ".repeat(12));
    /// let lexicon = despin::Lexicon::from_tsv_str(
    ///     "assertion\tstatement\tnews-spinner\t0.8\nmentioned\tsaid\tnews-spinner\t0.6\n", "mine").unwrap();
    /// let build = |scope| despin::Detector::builder().builtin(false).lexicon(lexicon.clone())
    ///     .rewrite_scope(scope).build().unwrap();
    /// let rebuilt = |scope| build(scope).reconstruct(&text).text;
    /// assert!(!build(RewriteScope::default()).analyze(&text).score.spun);
    /// assert!(rebuilt(RewriteScope::Everywhere).starts_with("The statement said the plan."));
    /// assert!(rebuilt(RewriteScope::ConfidentOrSpun).starts_with("The statement mentioned the plan."));
    /// assert_eq!(rebuilt(RewriteScope::SpunPassages), text);
    /// ```
    pub fn rewrite_scope(mut self, scope: RewriteScope) -> Self {
        self.rewrite_scope = scope;
        self
    }

    /// Rewrite only passages judged spun: `true` is
    /// [`rewrite_scope(RewriteScope::SpunPassages)`](Self::rewrite_scope), `false` the
    /// default scope ([`RewriteScope::ConfidentOrSpun`]; before 0.5.0 `false` meant
    /// [`RewriteScope::Everywhere`], then the default). Turn it on when a wrong rewrite
    /// costs more than a missed one: in a passage scored "not spun" nothing is rewritten.
    pub fn rewrite_only_spun(self, yes: bool) -> Self {
        self.rewrite_scope(if yes {
            RewriteScope::SpunPassages
        } else {
            RewriteScope::default()
        })
    }

    /// Threads [`Detector::analyze_batch`] and a read-ahead
    /// [`Detector::analyze_records`] use, and [`build`](Self::build) for a lexicon with
    /// several thousand distinct phrase-final words (their inflections): `0` (the default)
    /// takes [`std::thread::available_parallelism`], `1` works on the calling thread.
    /// Threads are started per batch (or build) and end with it, so a caller that runs
    /// several batches at once sets this to keep the total in bounds. The results never
    /// depend on it.
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = threads;
        self
    }

    /// Judge each finding by the words around it (default: true, with
    /// [`WordCounts::builtin`]): a finding whose spun words break a common collocation
    /// ("a third spherical of talks") while its original forms one ("round of") gains
    /// confidence, one whose words fit their neighbours as well as the original would
    /// loses it, and of several candidates the one that fits best comes first. See
    /// [`context_strength`](Self::context_strength).
    pub fn context(mut self, yes: bool) -> Self {
        self.context = if yes {
            match self.context {
                ContextChoice::Off => ContextChoice::Builtin,
                other => other,
            }
        } else {
            ContextChoice::Off
        };
        self
    }

    /// Judge findings in context with this word-count table instead of the built-in one
    /// (for another language or a domain's own counts; see [`WordCounts::load`]).
    /// Turns context judgement on.
    pub fn word_counts(mut self, counts: WordCounts) -> Self {
        self.context = ContextChoice::Given(Arc::new(counts));
        self
    }

    /// Log-odds added to a finding's own confidence per decade (factor of ten) by which
    /// its candidate original is more common next to the finding's neighbours than the
    /// text's own words are (default
    /// [`DEFAULT_CONTEXT_STRENGTH`](crate::weighing::DEFAULT_CONTEXT_STRENGTH); the
    /// evidence is clamped to [`MAX_DECADES`](crate::weighing::MAX_DECADES) either way).
    /// 0 leaves confidences as they are but still reorders candidates. Must be finite and
    /// not negative.
    pub fn context_strength(mut self, logodds_per_decade: f32) -> Self {
        self.context_strength = logodds_per_decade;
        self
    }

    /// Compile the lexicons. Fails on out-of-range settings and when there is nothing to
    /// match: `builtin(false)`, no [`lexicon`](Self::lexicon) given and the
    /// [`unlisted`](Self::unlisted) tier off.
    pub fn build(self) -> Result<Detector> {
        if !self.builtin && !self.unlisted && self.lexicons.is_empty() {
            return Err(Error::Config {
                message: "no lexicon: the built-in lexicon is off and none was given \
                          (add one with .lexicon(...); Lexicon::new() for a detector that \
                          only finds spintax and look-alike letters)"
                    .into(),
            });
        }
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
        if !(self.context_strength.is_finite() && self.context_strength >= 0.0) {
            return Err(Error::Config {
                message: format!(
                    "context strength {} is not a finite number >= 0",
                    self.context_strength
                ),
            });
        }
        let context = match self.context {
            ContextChoice::Builtin => Some(WordCounts::builtin_shared()),
            ContextChoice::Given(pairs) => Some(pairs),
            ContextChoice::Off => None,
        }
        .map(|pairs| (pairs, self.context_strength));
        // The builder owns its lexicons: without the built-in one, the first is taken as
        // it is (a 100k-row lexicon is not copied), and the rest merged into it.
        let mut lexicons = self.lexicons.into_iter();
        let mut merged = if self.unlisted {
            // Generated rows first, so any listed row of the same pair replaces them.
            let mut m = Lexicon::unlisted().clone();
            if self.builtin {
                m.merge(Lexicon::builtin());
            }
            m
        } else if self.builtin {
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
            matcher: Matcher::new(merged, options, self.spintax, resolve_threads(self.threads)),
            settings: Settings {
                spun_threshold: self.spun_threshold,
                passage_acceptance: self.passage_acceptance,
                model: self.model.unwrap_or_else(|| ScoreModel::builtin().clone()),
                rewrite_scope: self.rewrite_scope,
                threads: self.threads,
                context,
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
        self.restrict(self.analyze_unrestricted(text))
    }

    /// The findings of `text`, judged in context and weighed by their neighbours, and the
    /// word tally the score needs.
    fn weighed(&self, text: &str) -> (Vec<Finding>, Tally) {
        self.weigh(text, self.matcher.pass(text))
    }

    /// Judge and weigh the findings of a pass over `text`.
    pub(crate) fn weigh(&self, text: &str, pass: Pass) -> (Vec<Finding>, Tally) {
        let Pass {
            mut findings,
            tally,
            matches: _,
        } = pass;
        if let Some((pairs, strength)) = &self.settings.context {
            judge(text, &mut findings, pairs, *strength);
        }
        weigh_support(&mut findings);
        (findings, tally)
    }

    /// The analysis before [`DetectorBuilder::rewrite_scope`] is applied.
    fn analyze_unrestricted(&self, text: &str) -> Unrestricted {
        let (mut findings, tally) = self.weighed(text);
        let (mut score, scored) = Score::with_sections(
            &tally,
            &findings,
            self.settings.spun_threshold,
            &self.settings.model,
        );
        if let Some(min_score) = self.settings.passage_acceptance {
            if accept_in_spun_passages(&mut findings, &scored, min_score) {
                score.recount(&findings);
            }
        }
        Unrestricted {
            report: Report { score, findings },
            scored,
        }
    }

    /// Apply [`DetectorBuilder::rewrite_scope`] to an
    /// [`analyze_unrestricted`](Self::analyze_unrestricted) result.
    fn restrict(&self, analysis: Unrestricted) -> Report {
        let Unrestricted { mut report, scored } = analysis;
        if unaccept_outside_spun_passages(
            &mut report.findings,
            &scored,
            self.settings.spun_threshold,
            self.settings.rewrite_scope,
        ) {
            report.score.recount(&report.findings);
        }
        report
    }

    /// The threads a batch uses (the [`DetectorBuilder::threads`] setting resolved).
    pub(crate) fn thread_count(&self) -> usize {
        resolve_threads(self.settings.threads)
    }

    /// `f` over every item, on up to [`thread_count`](Self::thread_count) scoped threads;
    /// results in input order.
    pub(crate) fn parallel_map<T: Sync, U: Send>(
        &self,
        items: &[T],
        f: impl Fn(&T) -> U + Sync,
    ) -> Vec<U> {
        let threads = self.thread_count().min(items.len());
        if threads <= 1 {
            return items.iter().map(f).collect();
        }
        // Work stealing by index keeps cores busy when passage lengths differ a lot.
        let next = std::sync::atomic::AtomicUsize::new(0);
        let f = &f;
        let mut done: Vec<(usize, U)> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    scope.spawn(|| {
                        let mut local = Vec::new();
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some(item) = items.get(i) else { break };
                            local.push((i, f(item)));
                        }
                        local
                    })
                })
                .collect();
            workers
                .into_iter()
                // A worker only panics if `f` does (`analyze` does not, as the property
                // tests check); re-raise it rather than lose results silently.
                .flat_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        });
        done.sort_unstable_by_key(|(i, _)| *i);
        done.into_iter().map(|(_, r)| r).collect()
    }

    /// The [`Record`] of `text` under `id`: what `despin --json` prints.
    pub fn record(&self, id: serde_json::Value, text: &str) -> Record {
        Record::from_report(id, text, &self.analyze(text))
    }

    /// The [`Record`] of `text` with its paper screen ([`screen_paper`](Self::screen_paper)
    /// against `lists`) in [`Record::paper`]: what `despin --paper --json` prints.
    pub fn paper_record(&self, id: serde_json::Value, text: &str, lists: &[ListId]) -> Record {
        let analysis = self.analyze_unrestricted(text);
        let screen = PaperScreen::from_report(&analysis.report, lists);
        let report = self.restrict(analysis);
        Record::from_report(id, text, &report).with_paper(text, &screen)
    }

    /// [`analyze`](Self::analyze) many passages on [`threads`](DetectorBuilder::threads)
    /// threads (all cores by default); reports come back in input order and are identical
    /// to analysing each passage alone.
    ///
    /// A `Detector` is `Send + Sync`: build it once and share it, by reference with scoped
    /// threads or in an `Arc`:
    ///
    /// ```
    /// use std::sync::Arc;
    /// let detector = Arc::new(despin::Detector::builder().threads(2).build().unwrap());
    /// let worker = {
    ///     let detector = Arc::clone(&detector);
    ///     std::thread::spawn(move || detector.analyze_batch(&["The assertion mentioned it.", "Plain words."]))
    /// };
    /// let reports = worker.join().unwrap();
    /// assert_eq!(reports.len(), 2);
    /// assert_eq!(reports[1], detector.analyze("Plain words."));
    /// ```
    pub fn analyze_batch<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Vec<Report> {
        self.parallel_map(texts, |t| self.analyze(t.as_ref()))
    }

    /// The features the score model sees for `text` (for training your own
    /// [`ScoreModel`]).
    pub fn features(&self, text: &str) -> Features {
        // Before passage acceptance: the model was trained on these.
        let (findings, tally) = self.weighed(text);
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
        PaperScreen::from_report(&self.analyze_unrestricted(text).report, lists)
    }
}

/// A [`DetectorBuilder::threads`] setting resolved: 0 is every core.
fn resolve_threads(threads: usize) -> usize {
    match threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    }
}
