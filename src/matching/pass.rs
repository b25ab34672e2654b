//! One pass of the detector over a text, in bounded blocks of words.
//!
//! A whole-text token list is 24 bytes a word: 20 MB for a 4 MB text, read again by every
//! stage after the tokenizer, and out of cache each time. Detecting the same text in
//! 300 kB pieces ran 1.6x faster, so the pass never holds more than a window of
//! [`BLOCK_WORDS`] words plus context: words stream in from the tokenizer, are counted
//! for the score ([`Tally`]) and checked for look-alike letters as they arrive, and every
//! block is matched against the lexicon in one go.
//!
//! The result is the same as on the whole text because every check reads a bounded
//! neighbourhood: a match reads at most the longest spun phrase (plus one word, for the
//! fuzzy tier's look-ahead) past its first word, and the protected-original check reads at
//! most the longest protected original to either side. The window keeps that much
//! `context` behind the next unmatched word, and matches only words that have `context`
//! more words after them until the text ends. Entry conditions (whole-document queries)
//! index the text on their own when first needed, and support between findings is
//! weighed afterwards over all findings.

use super::conditions::ConditionCache;
use super::id_table::FastMap;
use super::index::{Candidate as IndexCandidate, PhraseMatch, TokenKeys};
use super::index::{Index, MatchOptions};
use super::protect::Protected;
use super::support::QUOTE_FACTOR;
use super::tally::Tally;
use crate::family::Family;
use crate::finding::{Candidate, Finding, Tier};
use crate::lexicon::pairs::CONTEXT_WORDS;
use crate::lexicon::Lexicon;
use crate::span::Span;
use crate::text::case::copy_case_shared;
use crate::text::chars::{lower_ascii_and_bracket, unclosed_brackets};
use crate::text::spintax::{
    find_spintax_ruled, SpintaxGroup, ALTERNATIVES_WEIGHT, SINGLE_OPTION_WEIGHT,
};
use crate::text::tokenize::{for_each_word, Token, Words};
use std::sync::Arc;

/// A compiled lexicon and the settings that shape matching.
pub(crate) struct Matcher {
    pub(crate) index: Index,
    /// Known multiword originals whose inner words are never rewritten. Only matches
    /// whose entry card says they [may be protected](super::entry_card::EntryCard::may_be_protected)
    /// (their spun phrase is a proper part of some multiword original) ask
    /// [`Protected::covers`], which hashes the phrase's key.
    pub(crate) protected: Protected,
    pub(crate) options: MatchOptions,
    /// Report leftover spintax braces.
    pub(crate) spintax: bool,
    /// Words matched per block of a pass (see [`BLOCK_WORDS`]); tests shrink it to put many block
    /// boundaries into short texts.
    pub(crate) block_words: usize,
}

impl Matcher {
    /// Compile `lexicon` with these settings, on up to `threads` threads where a large
    /// lexicon gains by it.
    pub(crate) fn new(
        lexicon: Lexicon,
        options: MatchOptions,
        spintax: bool,
        threads: usize,
    ) -> Matcher {
        let protected = Protected::build(&lexicon);
        let mut index = Index::build(lexicon, threads);
        if !protected.is_empty() {
            let inner = inner_groups(&index);
            index.mark_may_be_protected(&inner);
        }
        Matcher {
            index,
            protected,
            options,
            spintax,
            block_words: BLOCK_WORDS,
        }
    }

    /// Entries in the compiled lexicon.
    pub(crate) fn len(&self) -> usize {
        self.index.len()
    }
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher")
            .field("entries", &self.index.len())
            .field("options", &self.options)
            .field("spintax", &self.spintax)
            .finish()
    }
}

/// Which groups of `index` are proper parts of some multiword original: a superset of
/// the phrases [`Protected`] lists (it keeps only those whose original is distinct and
/// not longer than the longest spun phrase allows), so that a match of any other group
/// need not ask it.
fn inner_groups(index: &Index) -> Vec<bool> {
    let mut inner = vec![false; index.group_count()];
    let longest = index.max_phrase_words();
    for e in 0..index.len() as u32 {
        let original = &index.entry(e).original;
        // Words counted before any key is built: most originals are one word.
        let mut count = 0;
        for_each_word(original, |_, _| count += 1);
        if count < 2 {
            continue;
        }
        let words = crate::text::tokenize::word_keys(original);
        for start in 0..words.len() {
            for len in 1..=longest.min(words.len() - start) {
                if len == words.len() {
                    continue;
                }
                if let Some(g) = index.group_of_keys(&words[start..start + len]) {
                    inner[g as usize] = true;
                }
            }
        }
    }
    inner
}

/// Words matched per block. Small enough that a block's tokens and keys stay in the
/// core's cache, large enough that the context re-read per block is noise.
pub(crate) const BLOCK_WORDS: usize = 4096;

/// What a pass leaves: the findings (sorted by position, not yet weighed: each one's
/// `confidence` is its own, `accepted` false) and the tally the score needs.
pub(crate) struct Pass {
    pub findings: Vec<Finding>,
    pub tally: Tally,
    /// Every phrase match the scan made, kept or not, as `(first word, end word)`
    /// (indexes in the text; empty unless [`SliceStart::record_matches`]).
    pub matches: Vec<(usize, usize)>,
}

/// How a pass over one slice of a longer text starts (the default: a whole text).
#[derive(Debug, Default)]
pub(crate) struct SliceStart {
    /// The spintax markup rule decided for the whole text (`None`: on the slice).
    pub spintax_markup: Option<bool>,
    /// Counts words from where the slice's first word falls among the text's sections
    /// ([`Tally::from_word`]).
    pub tally: Tally,
    /// The first word the scan tries a match at. Matching is leftmost-longest and
    /// resumes after each match, so a slice starts where the whole text's scan stands:
    /// after a match that covers its first words, if one does.
    pub first_scanned: usize,
    /// Keep [`Pass::matches`], to tell the next slice where the scan stands.
    pub record_matches: bool,
}

/// What a pass remembers from match to match: each entry's condition verdict on this
/// text, and the originals whose case was already copied onto a matched text.
struct Memo<'t> {
    conditions: ConditionCache<'t>,
    /// `(original's address, matched text)` -> the original in the matched text's case.
    /// Only for matches that are not lower-case ASCII (those share the original as it is):
    /// a capitalised or title-case name recurs in a text (`Tremendous Mario`), and copying
    /// a multiword case pattern costs thousands of instructions and several allocations.
    /// At most [`MEMO_CASES`] of them: with a large lexicon most pairs never recur, and a
    /// map grown to every capitalised match of a long text left the cache at each rehash.
    cases: FastMap<(usize, &'t str), Arc<str>>,
}

/// Most originals [`Memo`] keeps in a matched text's case (the first ones met).
const MEMO_CASES: usize = 1024;

/// The words currently held, and where matching stands.
struct Window {
    tokens: Vec<Token>,
    /// Text-wide index of `tokens[0]`.
    base: usize,
    /// Text-wide index of the first word not yet matched.
    next: usize,
    keys: TokenKeys,
    /// Every phrase match so far, when recorded ([`Pass::matches`]).
    matches: Option<Vec<(usize, usize)>>,
}

impl Matcher {
    /// Words around a word that any check of a match reads (the longest spun phrase or
    /// protected original, an entry's context words, and the fuzzy tier's look-ahead).
    pub(crate) fn context_words(&self) -> usize {
        self.index
            .max_phrase_words()
            .max(self.protected.max_words())
            .max(CONTEXT_WORDS)
            + 2
    }

    /// Find every candidate finding in `text`, reading it once in blocks.
    pub(crate) fn pass(&self, text: &str) -> Pass {
        self.pass_with(text, SliceStart::default())
    }

    /// [`pass`](Self::pass) over one slice of a longer text, which starts as `start` says.
    pub(crate) fn pass_with(&self, text: &str, start: SliceStart) -> Pass {
        let SliceStart {
            spintax_markup,
            mut tally,
            first_scanned,
            record_matches,
        } = start;
        let spintax = if self.spintax {
            find_spintax_ruled(text, spintax_markup)
        } else {
            Vec::new()
        };
        let context = self.context_words();
        let check_lookalikes = crate::text::lookalike::may_contain_lookalike(text.as_bytes());
        let mut window = Window {
            tokens: Vec::with_capacity(
                (text.len() / 5 + 16).min(self.block_words.saturating_add(2 * context)),
            ),
            base: 0,
            next: first_scanned,
            matches: record_matches.then(Vec::new),
            keys: TokenKeys::default(),
        };
        let mut memo = Memo {
            conditions: ConditionCache::new(text),
            cases: FastMap::default(),
        };
        let mut findings = Vec::new();
        let mut masked = Vec::new();
        // The token each spintax group starts at (the first word ending after its start)
        // and whether that word is quoted, filled in as words arrive.
        let mut spintax_at: Vec<(usize, bool)> = Vec::with_capacity(spintax.len());
        // Where the next spintax group starts (past the text when there is none left):
        // one comparison per word instead of a lookup.
        let spintax_start = |k: usize| spintax.get(k).map_or(usize::MAX, |g| g.span.start);
        let mut next_spintax = spintax_start(0);
        // With the fuzzy tier on, each block's keys are built in `match_block`; otherwise
        // each word's id is looked up as it arrives, from the code the tokenizer packed.
        let ids_now = self.options.fuzzy_min_similarity.is_none();
        let mut scratch = String::new();
        let block_len = self.block_words.saturating_add(2 * context);
        // Words of the window not yet counted in the tally (counted a block at a time).
        let mut untallied = 0;
        for (t, code) in Words::new(text) {
            // Text-wide index of this word (only the rare checks below need it).
            let index = || window.base + window.tokens.len();
            if next_spintax < t.span.end {
                let index = index();
                while let Some(g) = spintax.get(spintax_at.len()) {
                    if g.span.start >= t.span.end {
                        break;
                    }
                    spintax_at.push((index, t.in_quote && t.span.start < g.span.end));
                }
                next_spintax = spintax_start(spintax_at.len());
            }
            if check_lookalikes {
                masked.extend(crate::matching::homoglyph::finding(text, &t, index()));
            }
            if ids_now {
                let id = if code != 0 {
                    self.index.short_id(code)
                } else {
                    self.index.id_of(&text[t.span.range()], &mut scratch)
                };
                window.keys.push(id);
            }
            window.tokens.push(t);
            if window.tokens.len() >= block_len {
                tally.add_all(&window.tokens[untallied..]);
                let limit = window.base + window.tokens.len() - context;
                self.match_block(text, &mut window, limit, &spintax, &mut memo, &mut findings);
                let keep_from = window.next.saturating_sub(context).max(window.base);
                window.tokens.drain(..keep_from - window.base);
                window.keys.drain_front(keep_from - window.base);
                window.base = keep_from;
                untallied = window.tokens.len();
            }
        }
        tally.add_all(&window.tokens[untallied..]);
        let end = window.base + window.tokens.len();
        self.match_block(text, &mut window, end, &spintax, &mut memo, &mut findings);
        spintax_at.resize(spintax.len(), (tally.words, false));

        // Lexicon findings arrive in order; spintax groups (few, also in order) are merged
        // in. Spans are disjoint, so the order by start is total.
        if !spintax.is_empty() {
            let groups = spintax
                .iter()
                .zip(spintax_at)
                .map(|(g, (token, in_quote))| spintax_finding(text, g, token, in_quote));
            findings = merge_by_start(findings, groups);
        }
        // Look-alike letters in words no other finding covers.
        if !masked.is_empty() {
            let taken: Vec<Span> = findings.iter().map(|f| f.span).collect();
            for finding in masked {
                let k = taken.partition_point(|s| s.end <= finding.span.start);
                if !taken.get(k).is_some_and(|s| s.overlaps(finding.span)) {
                    findings.push(Finding {
                        group: group_hash("\0homoglyph"),
                        ..finding
                    });
                }
            }
            findings.sort_unstable_by_key(|f| f.span.start);
        }
        Pass {
            findings,
            tally,
            matches: window.matches.unwrap_or_default(),
        }
    }

    /// Match the window's words from `window.next` up to (text-wide) `limit`.
    fn match_block<'t>(
        &self,
        text: &'t str,
        window: &mut Window,
        limit: usize,
        spintax: &[SpintaxGroup],
        memo: &mut Memo<'t>,
        findings: &mut Vec<Finding>,
    ) {
        let options = self.options;
        let base = window.base;
        if options.fuzzy_min_similarity.is_some() {
            self.index
                .keys_into(text, &window.tokens, options, &mut window.keys);
        }
        let tokens = &window.tokens;
        let matches = &mut window.matches;
        let next = self.index.find(
            &window.keys,
            window.next - base,
            limit - base,
            options,
            |m| {
                if let Some(matches) = matches.as_mut() {
                    matches.push((base + m.first, base + m.end));
                }
                if let Some(raw) = self.lexicon_finding(text, tokens, base, m, spintax, memo) {
                    findings.push(raw);
                }
            },
        );
        window.next = base + next;
    }

    /// The finding for one phrase match (`tokens` are the window's, `base` the text-wide
    /// index of the first), or `None` when no candidate's condition holds, the match sits
    /// inside a protected original, or a spintax group overlaps it.
    fn lexicon_finding<'t>(
        &self,
        text: &'t str,
        tokens: &[Token],
        base: usize,
        m: PhraseMatch<'_>,
        spintax: &[SpintaxGroup],
        memo: &mut Memo<'t>,
    ) -> Option<Finding> {
        let Memo { conditions, cases } = memo;
        // Entries with a condition count only where it holds on this whole text. A match
        // left with no candidate is dropped (a shorter match at the same place is not
        // tried instead). Most lexicons have no conditions: then no entry is read here.
        let any_condition = self.index.any_condition();
        let mut kept = m
            .candidates
            .iter()
            .filter(|c| !any_condition || conditions.holds(c.entry, self.index.entry(c.entry)))
            .peekable();
        let first = self.index.card(kept.peek()?.entry);
        let group = first.group();
        // Checked on the card first: the group's key is cold memory with a large lexicon.
        if first.may_be_protected()
            && self
                .protected
                .covers(self.index.group_key(group), text, tokens, m.first, m.end)
        {
            return None;
        }
        let mut span = Span::new(tokens[m.first].span.start, tokens[m.end - 1].span.end);
        // A phrase listed with its closing bracket (`English Telecom Organization (BBC)`)
        // takes in the text's; a phrase listed without one leaves the text's alone.
        if first.closes_bracket() {
            span = close_brackets(text, span);
        }
        // Both lists are sorted and disjoint: one binary search, not a scan per match.
        let k = spintax.partition_point(|g| g.span.end <= span.start);
        if spintax.get(k).is_some_and(|g| g.span.overlaps(span)) {
            return None;
        }
        let matched = &text[span.range()];
        // One look at each byte for two questions: is the match lower-case ASCII (then
        // each original is kept as it is, with no case to copy), and does it hold a bracket?
        let (lower_ascii, bracket) = lower_ascii_and_bracket(matched.as_bytes());
        // Brackets the match opened and the text did not close (`(BBC ended`): an original
        // that closes them (`... (BBC)`) would add a bracket the text does not have.
        let unclosed = if bracket {
            unclosed_brackets(matched)
        } else {
            (0, 0)
        };
        let in_quote = tokens[m.first..m.end].iter().any(|t| t.in_quote);
        // One candidate, its original as listed (not re-inflected: the card's own string)
        // and nothing to change in it: the card's finished list is this finding's.
        let plain = m.candidates.len() == 1
            && lower_ascii
            && unclosed == (0, 0)
            && kept
                .peek()
                .is_some_and(|c| Arc::ptr_eq(c.original, &first.original));
        let candidates: Arc<[Candidate]> = if plain {
            first.alone.clone()
        } else {
            let shape = MatchShape {
                matched,
                lower_ascii,
                unclosed,
            };
            self.built_candidates(text, tokens, &m, kept, shape, cases)
        };
        // The evidence that this is spun is the strongest entry's (the first kept),
        // whichever original the context put first.
        let mut own = first.weight * m.tier.factor() * m.similarity;
        if in_quote {
            own *= QUOTE_FACTOR;
        }
        let best = candidates.first()?;
        // A lowercase exact match is the entry's phrase byte for byte: share it.
        let text = if *best.spun == *matched {
            Arc::clone(&best.spun)
        } else {
            Arc::from(matched)
        };
        Some(Finding {
            span,
            text,
            family: best.family.clone(),
            candidates,
            tier: m.tier,
            confidence: own,
            own_confidence: own,
            in_quote,
            accepted: false,
            group: group as u64,
            token: base + m.first,
            strongest: first.weight,
        })
    }
}

/// What a match's candidates are built for: the matched text, whether it is lower-case
/// ASCII (then originals keep their case), and the brackets it opened and did not close.
struct MatchShape<'t> {
    matched: &'t str,
    lower_ascii: bool,
    unclosed: (usize, usize),
}

impl Matcher {
    /// The candidates of match `m` built one by one from the `kept` ones (in the match's
    /// order, at least one): each original in the matched text's case and without the
    /// brackets it did not open; several ordered by context, known corrections first.
    fn built_candidates<'t, 'a>(
        &self,
        text: &str,
        tokens: &[Token],
        m: &PhraseMatch<'a>,
        kept: impl Iterator<Item = IndexCandidate<'a>>,
        shape: MatchShape<'t>,
        cases: &mut FastMap<(usize, &'t str), Arc<str>>,
    ) -> Arc<[Candidate]> {
        let MatchShape {
            matched,
            lower_ascii,
            unclosed,
        } = shape;
        let mut built = |c: IndexCandidate<'a>| {
            let card = self.index.card(c.entry);
            let original = if lower_ascii {
                copy_case_shared(matched, c.original)
            } else {
                let key = (Arc::as_ptr(c.original) as *const u8 as usize, matched);
                match cases.get(&key) {
                    Some(copied) => Arc::clone(copied),
                    None => {
                        let copied = copy_case_shared(matched, c.original);
                        if cases.len() < MEMO_CASES {
                            cases.insert(key, Arc::clone(&copied));
                        }
                        copied
                    }
                }
            };
            let [listed] = &*card.alone;
            Candidate {
                original: if unclosed == (0, 0) {
                    original
                } else {
                    without_closers(original, unclosed)
                },
                weight: card.weight,
                family: listed.family.clone(),
                spun: Arc::clone(&card.spun),
                condition: listed.condition.clone(),
            }
        };
        let mut kept = kept;
        if m.candidates.len() == 1 {
            // One candidate (a capitalised or inflected match, most often): built straight
            // into its list, one allocation, no order to settle.
            let only: Arc<[Candidate]> = match kept.next() {
                Some(c) => Arc::new([built(c)]),
                None => Arc::new([]),
            };
            return only;
        }
        // Sized up front: a filtered iterator would start at four slots.
        let mut candidates: Vec<Candidate> = Vec::with_capacity(m.candidates.len());
        // The entries behind the candidates, in the same order.
        let mut entries: Vec<u32> = Vec::with_capacity(m.candidates.len());
        for c in kept {
            entries.push(c.entry);
            candidates.push(built(c));
        }
        if candidates.len() > 1 {
            self.order_by_context(text, tokens, m, &entries, &mut candidates);
            // A known correction goes before an unknown one (a flag-only entry of the same
            // phrase): the list says what to write back, so it is written back. Stable, so
            // the order among the known ones stays.
            candidates.sort_by_key(|c| c.original.is_empty());
        }
        candidates.into()
    }

    /// Put first the candidate with the most of its entry's context words among the
    /// [`CONTEXT_WORDS`] words either side of match `m`; `entries[i]` is the entry behind
    /// `candidates[i]`. A stable sort, so weight order decides ties and entries without
    /// context keep their place.
    fn order_by_context(
        &self,
        text: &str,
        tokens: &[Token],
        m: &PhraseMatch<'_>,
        entries: &[u32],
        candidates: &mut [Candidate],
    ) {
        let contexts: Vec<&[String]> = entries
            .iter()
            .map(|&e| self.index.entry(e).context.as_slice())
            .collect();
        if contexts.len() != candidates.len() || contexts.iter().all(|c| c.is_empty()) {
            return;
        }
        let (first, end) = (m.first, m.end);
        let mut near: Vec<String> = Vec::with_capacity(2 * CONTEXT_WORDS);
        let around = (first.saturating_sub(CONTEXT_WORDS)..first)
            .chain(end..(end + CONTEXT_WORDS).min(tokens.len()));
        let mut key = String::new();
        for i in around {
            crate::text::tokenize::word_key_into(&text[tokens[i].span.range()], &mut key);
            near.push(key.clone());
        }
        let mut scored: Vec<(usize, Candidate)> = contexts
            .iter()
            .map(|words| words.iter().filter(|w| near.contains(w)).count())
            .zip(candidates.iter().cloned())
            .collect();
        scored.sort_by_key(|s| std::cmp::Reverse(s.0));
        for (slot, (_, c)) in candidates.iter_mut().zip(scored) {
            *slot = c;
        }
    }
}

/// `span` widened over the closing brackets right after it that close brackets the
/// matched words opened (`English Telecom Organization (BBC` + `)`): words end before
/// punctuation, so without this a finding of the fingerprint
/// `English Telecom Organization (BBC)` would end inside its own parenthesis. Used for
/// phrases listed with their closing bracket; the PPS loader keeps such a bracket in the
/// replacement for the same reason.
fn close_brackets(text: &str, span: Span) -> Span {
    let bytes = text.as_bytes();
    let (mut round, mut square) = unclosed_brackets(text.get(span.range()).unwrap_or_default());
    let mut end = span.end;
    loop {
        match bytes.get(end) {
            Some(b')') if round > 0 => round -= 1,
            Some(b']') if square > 0 => square -= 1,
            _ => break,
        }
        end += 1;
    }
    Span::new(span.start, end)
}

/// `original` without the closing brackets at its end that close what a match left open
/// (`British Broadcasting Corporation (BBC)` for `... (BBC` followed by no `)`).
fn without_closers(original: Arc<str>, (mut round, mut square): (usize, usize)) -> Arc<str> {
    let mut kept = original.len();
    loop {
        match original.as_bytes()[..kept].last() {
            Some(b')') if round > 0 => round -= 1,
            Some(b']') if square > 0 => square -= 1,
            _ => break,
        }
        kept -= 1;
    }
    if kept == original.len() {
        original
    } else {
        Arc::from(&original[..kept])
    }
}

/// Merge two lists of findings, each sorted by start, into one sorted by start (the first
/// list's finding first on a tie, which disjoint spans never make).
fn merge_by_start(a: Vec<Finding>, b: impl IntoIterator<Item = Finding>) -> Vec<Finding> {
    let mut b = b.into_iter().peekable();
    let mut out = Vec::with_capacity(a.len() + b.size_hint().0);
    for f in a {
        while let Some(g) = b.next_if(|g| g.span.start < f.span.start) {
            out.push(g);
        }
        out.push(f);
    }
    out.extend(b);
    out
}

/// The finding for a leftover spintax group starting at word `token`.
fn spintax_finding(text: &str, g: &SpintaxGroup, token: usize, in_quote: bool) -> Finding {
    let weight = if g.options.len() > 1 {
        ALTERNATIVES_WEIGHT
    } else {
        SINGLE_OPTION_WEIGHT
    };
    let own = if in_quote {
        weight * QUOTE_FACTOR
    } else {
        weight
    };
    let written: Arc<str> = Arc::from(&text[g.span.range()]);
    Finding {
        span: g.span,
        text: Arc::clone(&written),
        candidates: g
            .options
            .iter()
            .map(|o| Candidate {
                original: Arc::from(*o),
                weight,
                family: Family::Spintax,
                spun: Arc::clone(&written),
                condition: None,
            })
            .collect(),
        tier: Tier::Spintax,
        family: Family::Spintax,
        confidence: own,
        own_confidence: own,
        in_quote,
        accepted: false,
        group: group_hash(g.options[0]),
        token,
        strongest: weight,
    }
}

/// A support-group id for findings that are not lexicon phrases (spintax, homoglyphs):
/// a hash with the top bit set, so it never equals a lexicon group index.
fn group_hash(key: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    key.hash(&mut h);
    h.finish() | (1 << 63)
}

#[cfg(test)]
mod tests {
    use crate::finding::Tier;
    use crate::lexicon::Lexicon;
    use crate::Detector;

    /// A detector whose passes use blocks of `block_words` words.
    fn detector(block_words: usize) -> Detector {
        let extra = Lexicon::from_tsv_str(
            "power\tenergy\tnews-spinner\t0.3\n\
             rings of energy\trings of power\tnews-spinner-names\t0.9\n\
             counterfeit consciousness\tartificial intelligence\ttortured-science\t0.95\n\
             bosom peril\tbreast cancer\ttortured-science\t0.95\n",
            "test",
        )
        .unwrap();
        let mut d = Detector::builder()
            .lexicon(extra)
            .fuzzy(Some(0.85))
            .build()
            .unwrap();
        d.matcher.block_words = block_words;
        d
    }

    #[test]
    fn a_finding_knows_its_strongest_weight_whatever_the_order_and_tier() {
        // One phrase with three originals (the weakest fits the context), a one-original
        // phrase matched capitalised and inflected, and the built-in kinds.
        let lexicon = Lexicon::from_tsv_str(
            "quick rise\tfast growth\tcustom\t0.6\n\
             quick rise\tsharp increase\tcustom\t0.9\n\
             quick rise\trapid increase\tcustom\t0.7\tprices\n\
             assertion\tstatement\tnews-spinner\t0.8\n",
            "test",
        )
        .unwrap();
        let detector = Detector::builder()
            .builtin(false)
            .lexicon(lexicon)
            .build()
            .unwrap();
        let text =
            "Prices saw a quick rise. Assertions were made. The assertion {big|large} pаyment.";
        let findings = detector.analyze(text).findings;
        // Context put a weaker original first; every tier is there.
        assert!(
            findings.iter().any(|f| f.candidates[0].weight < 0.9),
            "{findings:#?}"
        );
        for tier in [Tier::Exact, Tier::Stemmed, Tier::Spintax, Tier::Homoglyph] {
            assert!(
                findings.iter().any(|f| f.tier == tier),
                "{tier}: {findings:#?}"
            );
        }
        for f in &findings {
            let max = f.candidates.iter().map(|c| c.weight).fold(0.0, f32::max);
            assert_eq!(f.strongest, max, "{f:#?}");
        }
    }

    #[test]
    fn blocks_do_not_change_the_findings() {
        // Words that start, continue and end phrases, protected originals, a near miss,
        // quotation marks, spintax and a look-alike letter, in random order, so that
        // every kind of match lands on block boundaries somewhere.
        const WORDS: &[&str] = &[
            "the",
            "assertion",
            "learn",
            "most",
            "cancers",
            "a",
            "3rd",
            "spherical",
            "of",
            "talks",
            "power",
            "Rings",
            "of",
            "Power",
            "rings",
            "energy",
            "counterfeit",
            "consciousness",
            "counterfiet",
            "bosom",
            "peril",
            "said",
            "mentioned",
            "“",
            "”",
            "\"",
            "{big|large}",
            "{dollars}",
            "pаyment",
            "in",
            "another",
            "country",
            ".",
            "\n",
        ];
        let small = detector(3);
        let medium = detector(17);
        let whole = detector(usize::MAX);
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut tiers = std::collections::BTreeSet::new();
        let mut sections = false;
        for round in 0..200 {
            let mut text = String::new();
            for _ in 0..(20 + round * 3) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(WORDS[(state % WORDS.len() as u64) as usize]);
                text.push(' ');
            }
            let expected = whole.analyze(&text);
            assert_eq!(small.analyze(&text), expected, "{text}");
            assert_eq!(medium.analyze(&text), expected, "{text}");
            for f in &expected.findings {
                tiers.insert(format!("{:?}", f.tier));
            }
            sections |= !expected.score.sections.is_empty();
        }
        // The random texts did exercise every kind of finding and the sectioned score.
        for tier in ["Exact", "Fuzzy", "Spintax", "Homoglyph"] {
            assert!(tiers.contains(tier), "no {tier} finding in {tiers:?}");
        }
        assert!(sections);
    }
}
