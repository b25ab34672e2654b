//! Proposing rows for spinner vocabulary the parallel text never showed.
//!
//! The news spinner is a deterministic dictionary: for an original word it writes a fixed
//! replacement, and most single-word replacements are pairs of a paraphrase database
//! such as PPDB. [`propose`] reads every synonym pair `a - b` both ways (original `a`,
//! spun `b`, and the reverse), describes each direction by a small [`Profile`] of
//! evidence that needs no parallel text, and estimates from the pairs the training text
//! *did* show how often a pair with that profile is a real spinner swap:
//!
//! * **calibration**: every direction whose original was seen in the training originals
//!   is labelled: a swap if the harvest holds `spun -> original` as a single-word
//!   general pair, not a swap otherwise (the spinner wrote something else, or nothing).
//!   Each profile gets its precision, smoothed towards the overall rate
//!   ([`Calibration`]).
//! * **proposal**: every direction whose original the training originals never showed,
//!   and whose spun word the training spinner output never showed, is a candidate; its
//!   profile's precision ranks it. Per original word only the best candidate is kept
//!   (one dictionary entry per word), and per spun word only the best original. A
//!   candidate is kept when its precision reaches [`ProposeOptions::min_precision`]; its
//!   weight is capped by how ordinary the spun word is in never-spun text, so that a
//!   proposal on its own never reaches [`ACCEPT_THRESHOLD`](crate::ACCEPT_THRESHOLD):
//!   it counts only next to other evidence.
//!
//! The profile: how much rarer the spun word is than the original in never-spun text
//! ([`RatioBand`]), whether the spun word occurs in spinner output that has no original
//! (spun-only pages, [`SpunInSpinner`]), whether the original is *depleted* there (absent though its
//! background frequency predicts it; a deterministic spinner never leaves a word it has
//! an entry for), whether the spun word is *enriched* there, and whether a second, stricter synonym list holds the pair too.
//!
//! ```
//! use despin::learn::propose::{propose, Evidence, ProposeOptions, Synonyms};
//! use despin::learn::{learn, Background, LearnOptions};
//! let mut syn = Synonyms::new();
//! syn.add("said", "mentioned");
//! syn.add("big", "massive");
//! let harvest = learn(&[("Officials mentioned it.", "Officials said it.")], &LearnOptions::default());
//! let mut bg = Background::new();
//! bg.add("He said it was big. She said so. A big day, they said.");
//! let mut spinner = Background::new();
//! spinner.add("A massive day.");
//! let mut spun = Background::new();
//! spun.add("Officials mentioned it.");
//! let mut originals = Background::new();
//! originals.add("Officials said it.");
//! let ev = Evidence {
//!     harvest: &harvest,
//!     training_spun: &spun,
//!     training_originals: &originals,
//!     background: &bg,
//!     spinner: &spinner,
//!     strict: None,
//!     reference: None,
//! };
//! let opts = ProposeOptions {
//!     min_precision: 0.0,
//!     min_original_background: 0,
//!     ..ProposeOptions::default()
//! };
//! let (proposals, _) = propose(&syn, &ev, &opts);
//! assert!(proposals.iter().any(|p| p.entry.spun == "massive" && p.entry.original == "big"));
//! ```

use super::harvest::{Background, Harvest, PairKind, Reference};
use crate::family::Family;
use crate::lexicon::Entry;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Undirected single-word synonym pairs (lower case, letters only, at least three
/// letters, not two spellings or inflections of one word), deduplicated.
#[derive(Clone, Debug, Default)]
pub struct Synonyms {
    pairs: Vec<(String, String)>,
    seen: HashSet<(String, String)>,
}

/// Whether `w` is a plain lower-case ASCII word of at least three letters.
fn plain_word(w: &str) -> bool {
    w.len() >= 3 && w.bytes().all(|b| b.is_ascii_lowercase())
}

/// Whether `a` and `b` look like forms or spellings of one word (`country` /
/// `countries`, `color` / `colour`): a common prefix of at least four letters covering
/// most of the shorter word.
fn same_word(a: &str, b: &str) -> bool {
    let prefix = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    let shorter = a.len().min(b.len());
    prefix >= 4 && prefix * 10 >= shorter * 6
}

impl Synonyms {
    /// An empty list.
    pub fn new() -> Synonyms {
        Synonyms::default()
    }

    /// Add one pair (either order); pairs that fail the filters are ignored. Returns
    /// whether it was new.
    pub fn add(&mut self, a: &str, b: &str) -> bool {
        let (a, b) = (a.trim(), b.trim());
        if a == b || !plain_word(a) || !plain_word(b) || same_word(a, b) {
            return false;
        }
        let key = if a < b {
            (a.to_owned(), b.to_owned())
        } else {
            (b.to_owned(), a.to_owned())
        };
        if !self.seen.insert(key.clone()) {
            return false;
        }
        self.pairs.push(key);
        true
    }

    /// Read pairs from text, one `a<TAB>b` or `a b` per line (CRLF tolerated); lines
    /// that are not two words are skipped.
    pub fn parse(text: &str) -> Synonyms {
        let mut s = Synonyms::new();
        for line in text.lines() {
            let mut parts = line.split(['\t', ' ']).filter(|p| !p.is_empty());
            if let (Some(a), Some(b), None) = (parts.next(), parts.next(), parts.next()) {
                s.add(a, b);
            }
        }
        s
    }

    /// Whether the list holds `a - b` in either order.
    pub fn contains(&self, a: &str, b: &str) -> bool {
        let key = if a < b { (a, b) } else { (b, a) };
        self.seen.contains(&(key.0.to_owned(), key.1.to_owned()))
    }

    /// The pairs, in insertion order.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// Number of pairs.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether there is no pair.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }
}

/// How much rarer the spun word is than the original in never-spun text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum RatioBand {
    /// The spun word is at least as common as the original.
    SpunCommoner,
    /// The spun word is rarer, by less than [`ProposeOptions::rarer_factor`].
    SlightlyRarer,
    /// The spun word is rarer by at least [`ProposeOptions::rarer_factor`].
    MuchRarer,
}

/// Whether the original occurs in spinner output without originals.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum OriginalInSpinner {
    /// It occurs there: the spinner (deterministic) seems to keep it.
    Present,
    /// Absent although its background frequency predicts at least
    /// [`ProposeOptions::depleted_expected`] occurrences.
    Depleted,
    /// Absent, and too rare for that to mean anything.
    Unknown,
}

/// Whether the spun word occurs in spinner output without originals.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum SpunInSpinner {
    /// It does not.
    Absent,
    /// It does, about as often as its background frequency predicts (or less).
    Present,
    /// It does, at least twice and [`ProposeOptions::enriched_factor`] times more often
    /// than its background frequency predicts.
    Enriched,
}

/// The evidence class of one direction of a synonym pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Profile {
    /// Relative frequency in never-spun text.
    pub ratio: RatioBand,
    /// The spun word in spinner output without originals.
    pub spun: SpunInSpinner,
    /// The original in spinner output without originals.
    pub original: OriginalInSpinner,
    /// The stricter synonym list ([`Evidence::strict`]) holds the pair too.
    pub strict: bool,
}

/// Labelled counts per profile, from the directions whose original the training text
/// showed.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Calibration {
    /// `(swaps, directions)` per profile.
    pub counts: BTreeMap<Profile, (usize, usize)>,
    /// Swaps over all labelled directions.
    pub swaps: usize,
    /// All labelled directions.
    pub directions: usize,
}

impl Calibration {
    /// The smoothed share of swaps among directions with `profile`:
    /// `(swaps + k * base) / (n + k)`, `base` the overall rate, `k` = `smoothing`.
    pub fn precision(&self, profile: &Profile, smoothing: f64) -> f64 {
        let base = self.swaps as f64 / self.directions.max(1) as f64;
        let (s, n) = self.counts.get(profile).copied().unwrap_or((0, 0));
        (s as f64 + smoothing * base) / (n as f64 + smoothing)
    }
}

/// Everything [`propose`] reads besides the synonyms.
#[derive(Clone, Copy, Debug)]
pub struct Evidence<'a> {
    /// The swaps the training pairs showed (for labels, and to skip what is learned).
    pub harvest: &'a Harvest,
    /// Word counts of the training spun passages.
    pub training_spun: &'a Background,
    /// Word counts of the training originals.
    pub training_originals: &'a Background,
    /// Never-spun text, for word frequencies. It should not contain the training
    /// originals (they make the labelled originals look commoner than the unlabelled).
    pub background: &'a Background,
    /// Spinner output that has no original (spun-only pages).
    pub spinner: &'a Background,
    /// A second, stricter synonym list, or `None`.
    pub strict: Option<&'a Synonyms>,
    /// General-English frequencies, or `None`: a word is then as common as the commoner
    /// of its `background` count and its reference frequency scaled to the background's
    /// size.
    pub reference: Option<&'a Reference>,
}

/// Settings of [`propose`].
#[derive(Clone, Debug)]
pub struct ProposeOptions {
    /// Spun word rarer than the original by at least this factor: [`RatioBand::MuchRarer`].
    pub rarer_factor: f64,
    /// Expected occurrences in the spinner text above which absence is depletion.
    pub depleted_expected: f64,
    /// Observed over expected occurrences in the spinner text for [`SpunInSpinner::Enriched`].
    pub enriched_factor: f64,
    /// Pseudo-count pulling a profile's precision towards the overall rate.
    pub smoothing: f64,
    /// Keep candidates whose profile precision reaches this.
    pub min_precision: f64,
    /// The original must occur at least this often in the background (the spinner swaps
    /// ordinary words).
    pub min_original_background: u64,
    /// Weight when the spun word never occurs in the background.
    pub unseen_weight: f32,
    /// Weight below `rare_per_million`.
    pub rare_weight: f32,
    /// Per-million bound of the rare band.
    pub rare_per_million: f64,
    /// Weight below `uncommon_per_million`; commoner spun words are not proposed.
    pub uncommon_weight: f32,
    /// Per-million bound of the uncommon band.
    pub uncommon_per_million: f64,
    /// Spun words never proposed (ordinary words the recipe does not learn alone).
    pub stop: Vec<String>,
}

impl Default for ProposeOptions {
    fn default() -> Self {
        ProposeOptions {
            rarer_factor: 3.5,
            depleted_expected: 1.0,
            enriched_factor: 3.0,
            smoothing: 5.0,
            min_precision: 0.2,
            min_original_background: 5,
            unseen_weight: 0.62,
            rare_weight: 0.5,
            rare_per_million: 5.0,
            uncommon_weight: 0.3,
            uncommon_per_million: 5.0,
            stop: Vec::new(),
        }
    }
}

/// One proposed row with its evidence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Proposal {
    /// The row (family `news-spinner`).
    pub entry: Entry,
    /// Its evidence class.
    pub profile: Profile,
    /// The class's estimated share of real swaps.
    pub precision: f64,
    /// Background occurrences of the spun word.
    pub background_spun: u64,
    /// Background occurrences of the original.
    pub background_original: u64,
    /// Occurrences of the spun word in the spinner text.
    pub spinner_spun: u64,
}

/// Word counts for a direction, looked up once.
struct Counts {
    bg_o: u64,
    bg_s: u64,
    sp_o: u64,
    sp_s: u64,
}

fn profile(c: &Counts, strict: bool, ev: &Evidence, opts: &ProposeOptions) -> Profile {
    let ratio = (c.bg_o as f64 + 0.5) / (c.bg_s as f64 + 0.5);
    let ratio = if ratio >= opts.rarer_factor {
        RatioBand::MuchRarer
    } else if ratio > 1.0 {
        RatioBand::SlightlyRarer
    } else {
        RatioBand::SpunCommoner
    };
    let scale = ev.spinner.words() as f64 / ev.background.words().max(1) as f64;
    let expected = c.bg_o as f64 * scale;
    let original = if c.sp_o > 0 {
        OriginalInSpinner::Present
    } else if expected >= opts.depleted_expected {
        OriginalInSpinner::Depleted
    } else {
        OriginalInSpinner::Unknown
    };
    Profile {
        ratio,
        spun: if c.sp_s == 0 {
            SpunInSpinner::Absent
        } else if c.sp_s >= 2
            && c.sp_s as f64 >= opts.enriched_factor * (c.bg_s as f64 + 0.5) * scale
        {
            SpunInSpinner::Enriched
        } else {
            SpunInSpinner::Present
        },
        original,
        strict,
    }
}

/// Calibrate on the directions the training text labels, then propose rows for the rest
/// (see the module docs). Proposals are sorted by (`spun`, `original`).
pub fn propose(
    synonyms: &Synonyms,
    ev: &Evidence,
    opts: &ProposeOptions,
) -> (Vec<Proposal>, Calibration) {
    let words: HashSet<&str> = synonyms
        .pairs()
        .iter()
        .flat_map(|(a, b)| [a.as_str(), b.as_str()])
        .collect();
    let lookup = |bg: &Background| -> HashMap<&str, u64> { bg.counts(words.iter().copied()) };
    let (bg, sp, tr_o, tr_s) = (
        lookup(ev.background),
        lookup(ev.spinner),
        lookup(ev.training_originals),
        lookup(ev.training_spun),
    );
    let get = |m: &HashMap<&str, u64>, w: &str| m.get(w).copied().unwrap_or(0);
    let bg_scale = ev.background.words() as f64 / 1e6;
    let bg_count = |w: &str| -> u64 {
        let own = get(&bg, w);
        ev.reference.map_or(own, |r| {
            own.max((r.per_million(w) * bg_scale).round() as u64)
        })
    };
    let swaps: HashSet<(&str, &str)> = ev
        .harvest
        .pairs
        .iter()
        .filter(|p| p.kind == PairKind::General)
        .map(|p| (p.spun.as_str(), p.original.as_str()))
        .collect();
    let learned_spun: HashSet<&str> = ev.harvest.pairs.iter().map(|p| p.spun.as_str()).collect();
    let stop: HashSet<&str> = opts.stop.iter().map(String::as_str).collect();

    let mut calibration = Calibration::default();
    // (original, spun, profile, counts)
    let mut candidates: Vec<(&str, &str, Profile, Counts)> = Vec::new();
    for (a, b) in synonyms.pairs() {
        for (o, s) in [(a.as_str(), b.as_str()), (b.as_str(), a.as_str())] {
            let c = Counts {
                bg_o: bg_count(o),
                bg_s: bg_count(s),
                sp_o: get(&sp, o),
                sp_s: get(&sp, s),
            };
            if c.bg_o < opts.min_original_background {
                continue;
            }
            let strict = ev.strict.is_some_and(|st| st.contains(o, s));
            let p = profile(&c, strict, ev, opts);
            if get(&tr_o, o) > 0 {
                let e = calibration.counts.entry(p).or_default();
                let swap = swaps.contains(&(s, o));
                e.0 += swap as usize;
                e.1 += 1;
                calibration.swaps += swap as usize;
                calibration.directions += 1;
            } else if get(&tr_s, s) == 0 && !learned_spun.contains(s) && !stop.contains(s) {
                candidates.push((o, s, p, c));
            }
        }
    }

    let bg_words = ev.background.words().max(1) as f64;
    let weight_of = |bg_s: u64| -> Option<f32> {
        let per_million = bg_s as f64 * 1e6 / bg_words;
        if bg_s == 0 {
            Some(opts.unseen_weight)
        } else if per_million < opts.rare_per_million {
            Some(opts.rare_weight)
        } else if per_million < opts.uncommon_per_million {
            Some(opts.uncommon_weight)
        } else {
            None
        }
    };
    // Rank: precision, then rarer spun word, then commoner original, then the words.
    let mut ranked: Vec<(f64, &str, &str, Profile, Counts)> = candidates
        .into_iter()
        .map(|(o, s, p, c)| (calibration.precision(&p, opts.smoothing), o, s, p, c))
        .filter(|r| r.0 >= opts.min_precision)
        .collect();
    ranked.sort_by(|x, y| {
        y.0.total_cmp(&x.0)
            .then(x.4.bg_s.cmp(&y.4.bg_s))
            .then(y.4.bg_o.cmp(&x.4.bg_o))
            .then(x.1.cmp(y.1))
            .then(x.2.cmp(y.2))
    });
    let mut used_o = HashSet::new();
    let mut used_s = HashSet::new();
    let mut out = Vec::new();
    for (precision, o, s, profile, c) in ranked {
        if used_o.contains(o) || used_s.contains(s) {
            continue;
        }
        used_o.insert(o);
        used_s.insert(s);
        let Some(weight) = weight_of(c.bg_s) else {
            continue;
        };
        let Ok(entry) = Entry::new(s, o, Family::NewsSpinner, weight) else {
            continue;
        };
        out.push(Proposal {
            entry,
            profile,
            precision,
            background_spun: c.bg_s,
            background_original: c.bg_o,
            spinner_spun: c.sp_s,
        });
    }
    out.sort_by(|x, y| (&x.entry.spun, &x.entry.original).cmp(&(&y.entry.spun, &y.entry.original)));
    (out, calibration)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::{learn, LearnOptions};

    fn bg(texts: &[&str]) -> Background {
        let mut b = Background::new();
        for t in texts {
            b.add(t);
        }
        b
    }

    #[test]
    fn synonyms_filter_and_dedupe() {
        let s = Synonyms::parse(
            "said\tmentioned\r\nmentioned said\ncountry countries\nab cd\n12x\tfoo\nbig\tlarge\n",
        );
        assert_eq!(s.len(), 2);
        assert!(s.contains("mentioned", "said"));
        assert!(s.contains("large", "big"));
        assert!(!s.contains("country", "countries"));
    }

    #[test]
    fn calibrates_on_seen_originals_and_proposes_unseen_ones() {
        let mut syn = Synonyms::new();
        // Seen in training: `said` was swapped to `mentioned`, `report` was not swapped.
        syn.add("said", "mentioned");
        syn.add("report", "account");
        // Unseen: `energy` (depleted in spinner text, `power` rare) and `house`.
        syn.add("energy", "vigour");
        syn.add("house", "dwelling");
        let harvest = learn(
            &[(
                "Officials mentioned the report.",
                "Officials said the report.",
            )],
            &LearnOptions::default(),
        );
        let background = bg(&[
            "said said said said said said said report report report report report account",
            "energy energy energy energy energy energy house house house house house house",
        ]);
        let spinner = bg(&["The vigour of the dwelling house was great, they mentioned."]);
        let ev = Evidence {
            harvest: &harvest,
            training_spun: &bg(&["Officials mentioned the report."]),
            training_originals: &bg(&["Officials said the report."]),
            background: &background,
            spinner: &spinner,
            strict: None,
            reference: None,
        };
        let opts = ProposeOptions {
            min_precision: 0.0,
            depleted_expected: 0.5,
            ..ProposeOptions::default()
        };
        let (props, cal) = propose(&syn, &ev, &opts);
        // said -> mentioned (swap), report -> account (not), and the reverse directions
        // that pass the background floor: none (mentioned/account are rare).
        assert_eq!(cal.directions, 2);
        assert_eq!(cal.swaps, 1);
        let rows: Vec<(&str, &str)> = props
            .iter()
            .map(|p| (p.entry.spun.as_str(), p.entry.original.as_str()))
            .collect();
        assert!(rows.contains(&("vigour", "energy")), "{rows:?}");
        assert!(rows.contains(&("dwelling", "house")), "{rows:?}");
        // Depleted `energy` profiles like the swapped `said`; `house` is present.
        let p = |s: &str| props.iter().find(|p| p.entry.spun == s).unwrap();
        assert_eq!(p("vigour").profile.original, OriginalInSpinner::Depleted);
        assert_eq!(p("dwelling").profile.original, OriginalInSpinner::Present);
        assert!(p("vigour").precision > p("dwelling").precision);
        // Proposals alone stay below the accept threshold.
        assert!(props
            .iter()
            .all(|p| p.entry.weight < crate::ACCEPT_THRESHOLD));
    }

    #[test]
    fn one_entry_per_original_and_skips_known_and_stopped_words() {
        let mut syn = Synonyms::new();
        syn.add("energy", "vigour");
        syn.add("energy", "vitality");
        syn.add("house", "mentioned");
        syn.add("house", "massive");
        let harvest = learn(
            &[("Officials mentioned it.", "Officials said it.")],
            &LearnOptions::default(),
        );
        let background = bg(&["energy energy energy energy energy house house house house house"]);
        let ev = Evidence {
            harvest: &harvest,
            training_spun: &bg(&["Officials mentioned it."]),
            training_originals: &bg(&["Officials said it."]),
            background: &background,
            spinner: &Background::new(),
            strict: None,
            reference: None,
        };
        let opts = ProposeOptions {
            min_precision: 0.0,
            stop: vec!["massive".into()],
            ..ProposeOptions::default()
        };
        let (props, _) = propose(&syn, &ev, &opts);
        let rows: Vec<(&str, &str)> = props
            .iter()
            .map(|p| (p.entry.spun.as_str(), p.entry.original.as_str()))
            .collect();
        assert_eq!(
            rows.iter().filter(|r| r.1 == "energy").count(),
            1,
            "{rows:?}"
        );
        assert!(!rows.iter().any(|r| r.0 == "mentioned" || r.0 == "massive"));
    }
}
