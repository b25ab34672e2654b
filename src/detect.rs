//! The detector: lexicon matches and spintax leftovers become weighed findings.

use crate::error::{Error, Result};
use crate::family::Family;
use crate::index::{Index, MatchOptions};
use crate::lexicon::Lexicon;
use crate::pass::Pass;
use crate::reconstruct::Reconstruction;
use crate::score::{Report, Score, Tally};
use crate::span::Span;
use serde::Serialize;
use std::sync::{Arc, LazyLock};

/// How a finding was matched, from most to least certain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Tier {
    /// The words' normalisation keys equal the entry's.
    Exact,
    /// The last word is another inflection of the entry's last word (same Porter2 stem and
    /// a form the re-inflector can reproduce in the original).
    Stemmed,
    /// A multiword phrase within the fuzzy similarity of an entry (near-miss spelling).
    Fuzzy,
    /// A leftover spintax brace group.
    Spintax,
    /// A Latin word with Greek or Cyrillic look-alike letters in it (`pаyment`); see
    /// [`HOMOGLYPH_WEIGHT`](crate::HOMOGLYPH_WEIGHT).
    Homoglyph,
}

impl Tier {
    /// How much a match of this tier keeps of its entry's weight.
    pub fn factor(self) -> f32 {
        match self {
            Tier::Exact | Tier::Spintax | Tier::Homoglyph => 1.0,
            Tier::Stemmed => STEMMED_FACTOR,
            Tier::Fuzzy => FUZZY_FACTOR,
        }
    }
}

/// Confidence kept by a stemmed match (an inflection the lexicon did not list).
pub const STEMMED_FACTOR: f32 = 0.85;
/// Confidence kept by a fuzzy match, before multiplying by its similarity.
pub const FUZZY_FACTOR: f32 = 0.8;
/// Confidence kept by a finding inside a quotation: spinners leave quotes alone, so a
/// spun-looking word there is most likely the author's own.
pub const QUOTE_FACTOR: f32 = 0.25;
/// Default minimum normalised Levenshtein similarity for the fuzzy tier when enabled.
pub const DEFAULT_FUZZY_SIMILARITY: f32 = 0.9;
/// A finding is rewritten (accepted) when its confidence, raised by nearby support, reaches this
/// (or by [passage acceptance](DetectorBuilder::passage_acceptance)).
pub const ACCEPT_THRESHOLD: f32 = 0.7;
/// Below this own confidence no amount of support makes a finding accepted.
pub const MIN_OWN_CONFIDENCE: f32 = 0.25;
/// Default [`DetectorBuilder::passage_acceptance`]: in a passage (or, in a long text, a
/// section) whose score reaches this, every finding outside quotations with at least
/// [`PASSAGE_ACCEPTANCE_MIN_OWN`] of its own is accepted, support or not, except fuzzy near
/// misses and tortured phrases (so a [`PaperScreen`](crate::PaperScreen) verdict, which
/// counts accepted tortured phrases, never depends on it). Once the model is
/// this sure the narrative was spun, a weak lexicon word in it is far more likely the
/// spinner's than the author's: on held-out articles this raised token recall from 30.6 %
/// to 33.6 % at unchanged precision (94 %) (`reports/lexicon.md`). With the built-in
/// detector no never-spun passage scores this high: the highest of the 176 passages of the
/// corpus's `clean.jsonl` scored 0.42, of 5,822 300-word passages of Jane Austen, the KJV
/// Bible and the Jargon File 0.49.
pub const DEFAULT_PASSAGE_ACCEPTANCE: f64 = 0.9;
/// Own confidence a finding needs to be accepted because its passage scored spun: above
/// the weakest band of the shipped lexicons (0.3: `power`, `start`, `every`), whose words
/// are so common in their own sense that they stay accepted only next to confident
/// neighbours.
pub const PASSAGE_ACCEPTANCE_MIN_OWN: f32 = 0.35;
/// Only findings at least this confident support their neighbours.
pub const MIN_SUPPORTING_CONFIDENCE: f32 = 0.5;
/// Support reaches this many words to either side.
pub const SUPPORT_WINDOW_WORDS: usize = 60;
/// Words either side of a match that [`Entry::context`](crate::Entry::context) words are
/// looked for in, to choose among several candidate originals.
pub const CONTEXT_WORDS: usize = 3;

/// One candidate original for a finding, best first on [`Finding::candidates`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Candidate {
    /// The replacement text, re-inflected and with the finding's case copied. Shared with
    /// the compiled lexicon when that needed no change (a lowercase match), so most
    /// findings do not copy it. Compare with `&*c.original == "x"`.
    pub original: Arc<str>,
    /// The lexicon entry's weight.
    pub weight: f32,
    /// The lexicon entry's family.
    pub family: Family,
    /// The lexicon entry's spun phrase as listed (the matched text may be an inflection
    /// or a near miss of it). Shared with the compiled lexicon, so a finding does not
    /// copy it.
    pub spun: Arc<str>,
    /// The entry's document condition (a fingerprint query), if it has one; it held.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
}

/// A stretch of text that looks like spinner output.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// Where it is in the input (byte offsets).
    pub span: Span,
    /// The matched text, exactly as in the input. Shared with the lexicon entry's spun
    /// phrase when it is byte-for-byte that phrase (the common case), so most findings do
    /// not copy it. Compare with `&*f.text == "x"` (a `String` until 0.2).
    pub text: Arc<str>,
    /// Likely originals, best first: by how many of the entry's
    /// [context words](crate::Entry::context) are near the match, then by weight. Never
    /// empty. The first is what reconstruction uses.
    pub candidates: Vec<Candidate>,
    /// How it was matched.
    pub tier: Tier,
    /// Family of the first candidate.
    pub family: Family,
    /// How sure the detector is that this is spinner output, in `[0, 1]`: the entry weight
    /// times the tier factor (times [`QUOTE_FACTOR`] inside quotes), raised by confident
    /// findings of other entries within [`SUPPORT_WINDOW_WORDS`].
    pub confidence: f32,
    /// True when inside a quotation.
    pub in_quote: bool,
    /// True when confident enough to be rewritten: its confidence reaches
    /// [`ACCEPT_THRESHOLD`], or its passage scored at least the
    /// [passage acceptance](DetectorBuilder::passage_acceptance) score and its own
    /// confidence reaches [`PASSAGE_ACCEPTANCE_MIN_OWN`] (then `confidence` may be below the
    /// threshold). The score's probability is computed from the first kind only.
    pub accepted: bool,
    /// Which lexicon phrase (or artifact kind) this is, for counting distinct evidence
    /// without re-normalising the text; set by the detector.
    #[serde(skip)]
    pub(crate) group: u64,
    /// Index of the finding's first word in the text (for the score's run lengths).
    #[serde(skip)]
    pub(crate) token: usize,
}

impl Finding {
    /// The best candidate original (the matched text itself for a hand-made finding with
    /// no candidate, so this never panics).
    pub fn original(&self) -> &str {
        self.candidates
            .first()
            .map_or(&*self.text, |c| &*c.original)
    }

    /// The words of the match that the best original does not keep, as byte spans of the
    /// input: for `brand new -> new` only `brand`, for `most cancers -> cancer` both words.
    /// This is the narrowest evidence, what a highlighter should mark as rewritten.
    ///
    /// The matched words are aligned with the original's words by their normalisation
    /// keys ([`word_keys`](crate::word_keys)), so a kept word in another case still counts
    /// as kept. The whole [`span`](Finding::span) is returned for a spintax leftover
    /// (`{hardware}`, `{big|large}`: the braces go too) and a homoglyph, when no word differs
    /// by key (a case-only repair), and when `text` is not as long as `span` (a hand-made
    /// finding; the spans are computed from `text`, which the detector always takes from the
    /// input under `span`). Never empty.
    ///
    /// ```
    /// let detector = despin::Detector::builder()
    ///     .lexicon(despin::Lexicon::from_tsv_str("brand new\tnew\tnews-spinner\t0.9\n", "mine").unwrap())
    ///     .build()
    ///     .unwrap();
    /// let text = "A brand new console.";
    /// let finding = &detector.analyze(text).findings[0];
    /// let changed: Vec<&str> = finding.changed_words().iter().map(|s| &text[s.range()]).collect();
    /// assert_eq!(changed, ["brand"]);
    /// ```
    pub fn changed_words(&self) -> Vec<Span> {
        let whole = vec![self.span];
        if self.text.len() != self.span.len()
            || matches!(self.tier, Tier::Spintax | Tier::Homoglyph)
        {
            return whole;
        }
        let words = crate::tokenize::tokenize(&self.text);
        let mut key = String::new();
        let word_keys: Vec<String> = words
            .iter()
            .map(|t| {
                crate::tokenize::word_key_into(&self.text[t.span.range()], &mut key);
                key.clone()
            })
            .collect();
        let original_keys = crate::tokenize::word_keys(self.original());
        let mut changed: Vec<Span> = crate::align::align(&word_keys, &original_keys)
            .into_iter()
            .filter_map(|op| match op {
                crate::align::Op::Substitute { a, .. } | crate::align::Op::Insert { a } => {
                    let local = words[a].span;
                    Some(Span::new(
                        self.span.start + local.start,
                        self.span.start + local.end,
                    ))
                }
                crate::align::Op::Match { .. } | crate::align::Op::Delete { .. } => None,
            })
            .collect();
        if changed.is_empty() {
            return whole;
        }
        // The alignment lists operations in order of the original; spans go in text order.
        changed.sort_unstable();
        changed
    }
}

/// Settings that shape matching and the verdict.
#[derive(Clone, Debug)]
pub(crate) struct Settings {
    pub options: MatchOptions,
    pub spintax: bool,
    pub spun_threshold: f64,
    /// Score at or above which a passage's weak findings are accepted too.
    pub passage_acceptance: Option<f64>,
    pub model: crate::ScoreModel,
    /// Words matched per block of a pass (see `pass`); tests shrink it to put many block
    /// boundaries into short texts.
    pub block_words: usize,
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
    pub(crate) index: Index,
    /// Known multiword originals whose inner words are never rewritten.
    pub(crate) protected: crate::protect::Protected,
    pub(crate) settings: Settings,
}

impl std::fmt::Debug for Detector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Detector")
            .field("entries", &self.index.len())
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
    model: Option<crate::ScoreModel>,
}

impl Default for DetectorBuilder {
    fn default() -> Self {
        DetectorBuilder {
            lexicons: Vec::new(),
            builtin: true,
            stemming: true,
            fuzzy: None,
            spintax: true,
            spun_threshold: crate::score::DEFAULT_SPUN_THRESHOLD,
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
    /// Levenshtein similarity (default: off; [`DEFAULT_FUZZY_SIMILARITY`] is a good value).
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
    /// [`ScoreModel::train`](crate::ScoreModel::train) on [`Detector::features`]).
    pub fn model(mut self, model: crate::ScoreModel) -> Self {
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
    /// with at least [`PASSAGE_ACCEPTANCE_MIN_OWN`] of its own is accepted, outside quotations
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
        let protected = crate::protect::Protected::build(&merged);
        Ok(Detector {
            index: Index::build(merged),
            protected,
            settings: Settings {
                options: MatchOptions {
                    stemming: self.stemming,
                    fuzzy_min_similarity: self.fuzzy,
                },
                spintax: self.spintax,
                spun_threshold: self.spun_threshold,
                passage_acceptance: self.passage_acceptance,
                block_words: crate::pass::BLOCK_WORDS,
                model: self
                    .model
                    .unwrap_or_else(|| crate::ScoreModel::builtin().clone()),
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

    /// The findings, weighed by their own and their neighbours' confidence; the word
    /// tally the score needs; each finding's own confidence.
    fn weighed(&self, text: &str) -> (Vec<Finding>, Tally, Vec<f32>) {
        let Pass {
            mut findings,
            tally,
        } = self.pass(text);
        let own = weigh_support(&mut findings);
        (findings, tally, own)
    }

    /// Findings and the passage score.
    pub fn analyze(&self, text: &str) -> Report {
        let (mut findings, tally, own) = self.weighed(text);
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
    /// [`ScoreModel`](crate::ScoreModel)).
    pub fn features(&self, text: &str) -> crate::Features {
        // Before passage acceptance: the model was trained on these.
        let (findings, tally, _) = self.weighed(text);
        let whole = tally.whole();
        crate::Features::of(whole.words, whole.quoted, &findings)
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

/// Raise each finding's confidence by confident findings of *other* entries nearby, then
/// decide acceptance: `confidence = 1 - (1 - own) * exp(-support / 2)`, accepted when
/// `own >= MIN_OWN_CONFIDENCE` and `confidence >= ACCEPT_THRESHOLD`. A weak word alone
/// (`power`, 0.35) stays below; next to two medium findings it crosses. Returns the own
/// confidences.
fn weigh_support(findings: &mut [Finding]) -> Vec<f32> {
    // Own confidences, before any is raised: support is counted from these.
    let own: Vec<f32> = findings.iter().map(|f| f.confidence).collect();
    let n = findings.len();
    let mut lo = 0;
    for i in 0..n {
        let center = findings[i].token;
        while findings[lo].token + SUPPORT_WINDOW_WORDS < center {
            lo += 1;
        }
        let mut support = 0.0f32;
        for j in lo..n {
            if findings[j].token > center + SUPPORT_WINDOW_WORDS {
                break;
            }
            if j != i
                && findings[j].group != findings[i].group
                && own[j] >= MIN_SUPPORTING_CONFIDENCE
            {
                support += own[j];
            }
        }
        let f = &mut findings[i];
        // Support says the narrative was spun; the spinner leaves quotations alone, so it
        // says nothing about a word inside one.
        let confidence = if f.in_quote {
            own[i]
        } else {
            1.0 - (1.0 - own[i]) * (-support / 2.0).exp()
        };
        f.confidence = confidence.clamp(0.0, 1.0);
        f.accepted = own[i] >= MIN_OWN_CONFIDENCE && f.confidence >= ACCEPT_THRESHOLD;
    }
    own
}

/// Accept every finding outside quotations, not fuzzy and not a tortured phrase, with own
/// confidence of at least [`PASSAGE_ACCEPTANCE_MIN_OWN`], whose scored stretch (`scored`,
/// in text order: the first that ends after the finding starts) reaches `min_score`. True
/// when any finding changed.
fn accept_in_spun_passages(
    findings: &mut [Finding],
    own: &[f32],
    scored: &[crate::SectionScore],
    min_score: f64,
) -> bool {
    let mut changed = false;
    let mut section = 0;
    for (f, &own) in findings.iter_mut().zip(own) {
        // Sections are in text order and findings sorted, so one cursor walks both.
        while scored
            .get(section)
            .is_some_and(|s| s.span.end <= f.span.start)
        {
            section += 1;
        }
        // A finding belongs to the first section that ends after it starts (as in the
        // score), so a brace group before a section's first word counts with it.
        let Some(s) = scored.get(section) else { break };
        // Quoted findings are below the bar anyway (own × `QUOTE_FACTOR`); the check keeps
        // the rule if the constants move. Fuzzy near misses and tortured phrases stay out:
        // they are the evidence of the paper screen, whose verdict must not depend on this.
        let eligible = !f.accepted
            && !f.in_quote
            && own >= PASSAGE_ACCEPTANCE_MIN_OWN
            && f.tier != Tier::Fuzzy
            && f.family != Family::TorturedScience;
        if eligible && s.score >= min_score {
            f.accepted = true;
            changed = true;
        }
    }
    changed
}
