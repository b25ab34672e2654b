//! The condition language of fingerprint lists: Boolean, proximity and wildcard queries
//! over the words of a document.
//!
//! The Problematic Paper Screener writes many fingerprints as full-text queries rather
//! than bare phrases: `"profound learning" AND "deep learning"` (the tortured phrase only
//! counts in a paper that also uses the real term), `"surface highlights" NOT specular`,
//! `"exactness accuracy"~5`, `"enhancement calculation" AND optimiz*`. A [`Condition`] is
//! such a query, parsed once and evaluated over a document's word keys.
//!
//! # Syntax
//!
//! | form | meaning |
//! |---|---|
//! | `"a b c"` | the words `a b c` next to each other, in order |
//! | `"a b c"~N` | the words in order with at most `N` other words between them in total (`~0` is the plain phrase) |
//! | `word` | a single word |
//! | `*` inside a word or phrase word | any run of characters, possibly empty (`optimiz*`, `"hear*"`); a wildcard word needs at least one letter or digit |
//! | `A AND B`, `A B` | both (two terms side by side are joined by AND) |
//! | `A NOT B` | `A AND NOT B`; a leading `NOT B` is allowed |
//! | `A OR B` | either |
//! | `( ... )` | grouping |
//!
//! Operators are the upper-case words `AND`, `OR`, `NOT`; lower-case `and` is an ordinary
//! word. `NOT` binds tightest, then `AND`, then `OR`, so
//! `"fit record" OR "fit file" AND "fit index"` reads as
//! `"fit record" OR ("fit file" AND "fit index")`. Words are compared by their
//! normalisation keys ([`normalize_key`](crate::normalize_key)): case, curly apostrophes
//! and dashes do not matter, punctuation between words is ignored. Anything else (field
//! prefixes `title:`, boosts `^`, ranges `[a TO b]`, `+`/`-` prefixes, `~` after a bare
//! word, `?` wildcards, unbalanced quotes or parentheses) is a [`QueryError`] naming the
//! byte offset, never silently ignored.
//!
//! # Differences from a search engine
//!
//! Matching is exact on keys: no stemming inside conditions (use `*`). Proximity is in
//! order only (Lucene's sloppy phrases also accept a reordering at extra cost).

use crate::lexicon::Entry;
use crate::tokenize::{normalize_key, tokenize, Token};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;

/// A parsed fingerprint query, evaluated over the words of a whole document.
///
/// ```
/// use despin::Condition;
/// let c = Condition::parse(r#""profound learning" AND ("deep learning" OR "neural net*") NOT cooking"#).unwrap();
/// assert!(c.holds("Profound learning beats deep learning."));
/// assert!(c.holds("profound learning with neural networks"));
/// assert!(!c.holds("profound learning for cooking deep learning"));
/// assert!(!c.holds("profound learning alone"));
/// assert!(Condition::parse(r#""exactness accuracy"~2"#).unwrap().holds("exactness and the accuracy"));
/// assert_eq!(c.anchors(), ["profound learning"]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct Condition {
    source: String,
    expr: Expr,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Expr {
    Term(Term),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
}

/// A phrase (possibly of one word) with an optional proximity slop.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Term {
    /// The phrase as written, without quotes.
    text: String,
    words: Vec<Word>,
    /// Extra words allowed between the words in total (0 for a plain phrase).
    slop: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Word {
    /// A normalisation key.
    Exact(String),
    /// A normalised pattern where `*` stands for any run of characters.
    Glob(String),
}

impl Term {
    fn has_glob(&self) -> bool {
        self.words.iter().any(|w| matches!(w, Word::Glob(_)))
    }

    /// The words' keys joined by spaces, when no word is a wildcard.
    fn key(&self) -> Option<String> {
        let mut out = String::new();
        for w in &self.words {
            let Word::Exact(k) = w else { return None };
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(k);
        }
        Some(out)
    }
}

/// Why a query could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryError {
    /// Byte offset in the query where the problem starts.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at byte {}: {}", self.offset, self.message)
    }
}

impl std::error::Error for QueryError {}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Lex {
    Open,
    Close,
    And,
    Or,
    Not,
    /// A quoted phrase and its slop.
    Phrase(String, u32),
    Word(String),
}

fn err(offset: usize, message: impl Into<String>) -> QueryError {
    QueryError {
        offset,
        message: message.into(),
    }
}

fn lex(query: &str) -> Result<Vec<(usize, Lex)>, QueryError> {
    let mut out = Vec::new();
    let mut chars = query.char_indices().peekable();
    while let Some(&(at, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        match c {
            '(' => {
                chars.next();
                out.push((at, Lex::Open));
            }
            ')' => {
                chars.next();
                out.push((at, Lex::Close));
            }
            '"' | '“' | '”' => {
                chars.next();
                let start = at + c.len_utf8();
                let mut end = None;
                for (i, d) in chars.by_ref() {
                    if matches!(d, '"' | '“' | '”') {
                        end = Some((i, i + d.len_utf8()));
                        break;
                    }
                }
                let Some((close, after)) = end else {
                    return Err(err(at, "unclosed quotation mark"));
                };
                let phrase = query[start..close].to_owned();
                let mut slop = 0;
                if query[after..].starts_with('~') {
                    chars.next();
                    let digits: String = query[after + 1..]
                        .chars()
                        .take_while(char::is_ascii_digit)
                        .collect();
                    if digits.is_empty() {
                        return Err(err(after, "`~` must be followed by a number of words"));
                    }
                    for _ in 0..digits.len() {
                        chars.next();
                    }
                    slop = digits
                        .parse()
                        .map_err(|_| err(after + 1, "proximity distance is too large"))?;
                }
                out.push((at, Lex::Phrase(phrase, slop)));
            }
            _ => {
                let mut end = query.len();
                while let Some(&(i, d)) = chars.peek() {
                    if d.is_whitespace() || matches!(d, '(' | ')' | '"' | '“' | '”') {
                        end = i;
                        break;
                    }
                    chars.next();
                }
                let word = &query[at..end];
                match word {
                    "AND" | "&&" => out.push((at, Lex::And)),
                    "OR" | "||" => out.push((at, Lex::Or)),
                    "NOT" => out.push((at, Lex::Not)),
                    _ => {
                        if let Some((i, bad)) = word.char_indices().find(|&(_, d)| {
                            !(d.is_alphanumeric()
                                || matches!(d, '*' | '-' | '\'' | '’' | '.' | ',' | '/'))
                        }) {
                            return Err(err(at + i, format!("unsupported syntax `{bad}`")));
                        }
                        if word.starts_with('-') {
                            return Err(err(at, "unsupported syntax: `-` prefix (use NOT)"));
                        }
                        out.push((at, Lex::Word(word.to_owned())));
                    }
                }
            }
        }
    }
    Ok(out)
}

/// Turn a phrase's text into words; `offset` locates errors.
fn words_of(text: &str, offset: usize) -> Result<Vec<Word>, QueryError> {
    let mut words = Vec::new();
    for chunk in text.split_whitespace() {
        if chunk.contains('*') {
            let letters = chunk.chars().filter(|c| c.is_alphanumeric()).count();
            if letters == 0 {
                return Err(err(offset, "a wildcard word needs at least one letter"));
            }
            let trimmed = chunk.trim_matches(|c: char| !(c.is_alphanumeric() || c == '*'));
            if trimmed
                .chars()
                .any(|c| !(c.is_alphanumeric() || matches!(c, '*' | '-' | '\'' | '’')))
            {
                return Err(err(
                    offset,
                    format!("wildcard word {chunk:?} must be a single word"),
                ));
            }
            words.push(Word::Glob(normalize_key(trimmed)));
        } else {
            for t in tokenize(chunk) {
                words.push(Word::Exact(normalize_key(&chunk[t.span.range()])));
            }
        }
    }
    if words.is_empty() {
        return Err(err(offset, "empty phrase: it has no word in it"));
    }
    Ok(words)
}

struct Parser {
    lexes: Vec<(usize, Lex)>,
    pos: usize,
    len: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Lex> {
        self.lexes.get(self.pos).map(|(_, l)| l)
    }

    fn offset(&self) -> usize {
        self.lexes.get(self.pos).map_or(self.len, |(o, _)| *o)
    }

    fn or(&mut self) -> Result<Expr, QueryError> {
        let mut items = vec![self.and()?];
        while self.peek() == Some(&Lex::Or) {
            self.pos += 1;
            items.push(self.and()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::Or(items)
        })
    }

    fn and(&mut self) -> Result<Expr, QueryError> {
        let mut items = vec![self.unary()?];
        loop {
            match self.peek() {
                Some(Lex::And) => {
                    self.pos += 1;
                    items.push(self.unary()?);
                }
                Some(Lex::Not) => {
                    self.pos += 1;
                    items.push(Expr::Not(Box::new(self.unary()?)));
                }
                Some(Lex::Phrase(..) | Lex::Word(_) | Lex::Open) => items.push(self.unary()?),
                _ => break,
            }
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::And(items)
        })
    }

    fn unary(&mut self) -> Result<Expr, QueryError> {
        if self.peek() == Some(&Lex::Not) {
            self.pos += 1;
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        let at = self.offset();
        let Some((_, lex)) = self.lexes.get(self.pos).cloned() else {
            return Err(err(at, "expected a phrase, a word or `(` at the end"));
        };
        self.pos += 1;
        match lex {
            Lex::Open => {
                let inner = self.or()?;
                if self.peek() != Some(&Lex::Close) {
                    return Err(err(at, "unclosed `(`"));
                }
                self.pos += 1;
                Ok(inner)
            }
            Lex::Phrase(text, slop) => Ok(Expr::Term(Term {
                words: words_of(&text, at)?,
                text,
                slop,
            })),
            Lex::Word(text) => Ok(Expr::Term(Term {
                words: words_of(&text, at)?,
                text,
                slop: 0,
            })),
            Lex::Close => Err(err(at, "unexpected `)`")),
            Lex::And | Lex::Or | Lex::Not => {
                Err(err(at, "an operator needs a phrase or word on each side"))
            }
        }
    }
}

impl Condition {
    /// Parse a query (see the [module docs](self) for the syntax).
    ///
    /// ```
    /// let e = despin::Condition::parse(r#""a b" AND (c"#).unwrap_err();
    /// assert_eq!((e.offset, e.message.as_str()), (10, "unclosed `(`"));
    /// assert!(despin::Condition::parse("title:x").is_err());
    /// ```
    pub fn parse(query: &str) -> Result<Condition, QueryError> {
        let lexes = lex(query)?;
        if lexes.is_empty() {
            return Err(err(0, "empty query"));
        }
        let mut parser = Parser {
            lexes,
            pos: 0,
            len: query.len(),
        };
        let expr = parser.or()?;
        if parser.pos < parser.lexes.len() {
            return Err(err(parser.offset(), "unexpected text after the query"));
        }
        Ok(Condition {
            source: query.trim().to_owned(),
            expr,
        })
    }

    /// The query as written (trimmed).
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Either condition: `(self) OR (other)`.
    pub fn or(&self, other: &Condition) -> Condition {
        Condition {
            source: format!("({}) OR ({})", self.source, other.source),
            expr: Expr::Or(vec![self.expr.clone(), other.expr.clone()]),
        }
    }

    /// The phrases that can make the query true and so can be matched in the text as
    /// findings: the first positive term (not under `NOT`, without wildcard) of each
    /// `OR` branch, as written. `"a" OR "b" AND "c"` has anchors `a` and `b`.
    pub fn anchors(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        collect_anchors(&self.expr, &mut out);
        out
    }

    /// True when this query is nothing but one term whose plain phrase is `phrase`
    /// (compared by keys): as a condition on a match of that phrase it says nothing.
    pub fn is_just(&self, phrase: &str) -> bool {
        matches!(&self.expr, Expr::Term(t) if t.key().as_deref() == Some(normalize_key_words(phrase).as_str()))
    }

    /// A short text that satisfies the condition, for testing a list: the positive terms
    /// needed (the first branch of each `OR`, `*` filled with `ing`, proximity words side
    /// by side), separated by `". "`; terms under `NOT` are left out. `None` when that
    /// simple construction does not satisfy it.
    ///
    /// ```
    /// let c = despin::Condition::parse(r#""a b" AND (c OR d) NOT e optimiz*"#).unwrap();
    /// assert_eq!(c.witness().as_deref(), Some("a b. c. optimizing"));
    /// ```
    pub fn witness(&self) -> Option<String> {
        let mut parts = Vec::new();
        witness_parts(&self.expr, &mut parts);
        let text = parts.join(". ");
        self.holds(&text).then_some(text)
    }

    /// Evaluate over the words of `text`, taken as the whole document.
    pub fn holds(&self, text: &str) -> bool {
        let tokens = tokenize(text);
        self.holds_in(&DocWords::new(text, &tokens), None)
    }

    /// Evaluate over `doc`; terms whose plain phrase key equals `anchor` count as present
    /// (the caller found that phrase, perhaps inflected or misspelt).
    pub(crate) fn holds_in(&self, doc: &DocWords, anchor: Option<&str>) -> bool {
        eval(&self.expr, doc, anchor)
    }
}

/// The key of a phrase: its words' keys joined by single spaces (punctuation dropped).
pub(crate) fn normalize_key_words(phrase: &str) -> String {
    let mut out = String::new();
    for t in tokenize(phrase) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&normalize_key(&phrase[t.span.range()]));
    }
    out
}

fn collect_anchors(expr: &Expr, out: &mut Vec<String>) {
    match expr {
        Expr::Or(items) => {
            for e in items {
                collect_anchors(e, out);
            }
        }
        other => {
            if let Some(a) = first_positive(other) {
                if !out
                    .iter()
                    .any(|o| normalize_key_words(o) == normalize_key_words(&a))
                {
                    out.push(a);
                }
            }
        }
    }
}

fn first_positive(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Term(t) if !t.has_glob() => Some(t.text.trim().to_owned()),
        Expr::Term(_) | Expr::Not(_) => None,
        Expr::And(items) => items.iter().find_map(first_positive),
        // A nested OR inside an AND: its first branch.
        Expr::Or(items) => items.iter().find_map(first_positive),
    }
}

fn witness_parts(expr: &Expr, out: &mut Vec<String>) {
    match expr {
        Expr::Term(t) => {
            let words: Vec<String> = t
                .words
                .iter()
                .map(|w| match w {
                    Word::Exact(k) => k.clone(),
                    Word::Glob(p) => p.replace('*', "ing"),
                })
                .collect();
            out.push(words.join(" "));
        }
        Expr::And(items) => items.iter().for_each(|e| witness_parts(e, out)),
        Expr::Or(items) => {
            if let Some(first) = items.first() {
                witness_parts(first, out);
            }
        }
        Expr::Not(_) => {}
    }
}

fn eval(expr: &Expr, doc: &DocWords, anchor: Option<&str>) -> bool {
    match expr {
        Expr::Term(t) => (anchor.is_some() && t.key().as_deref() == anchor) || doc.contains(t),
        Expr::And(items) => items.iter().all(|e| eval(e, doc, anchor)),
        Expr::Or(items) => items.iter().any(|e| eval(e, doc, anchor)),
        Expr::Not(e) => !eval(e, doc, anchor),
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

impl From<Condition> for String {
    fn from(c: Condition) -> String {
        c.source
    }
}

impl TryFrom<String> for Condition {
    type Error = QueryError;
    fn try_from(s: String) -> Result<Condition, QueryError> {
        Condition::parse(&s)
    }
}

/// The word keys of one document with the positions of each key.
pub(crate) struct DocWords {
    keys: Vec<String>,
    positions: HashMap<String, Vec<usize>>,
}

impl DocWords {
    pub(crate) fn new(text: &str, tokens: &[Token]) -> DocWords {
        let keys: Vec<String> = tokens
            .iter()
            .map(|t| normalize_key(&text[t.span.range()]))
            .collect();
        let mut positions: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, k) in keys.iter().enumerate() {
            positions.entry(k.clone()).or_default().push(i);
        }
        DocWords { keys, positions }
    }

    fn word_at(&self, i: usize, word: &Word) -> bool {
        match (self.keys.get(i), word) {
            (Some(k), Word::Exact(w)) => k == w,
            (Some(k), Word::Glob(p)) => glob(p, k),
            (None, _) => false,
        }
    }

    /// Does the term occur: its words in order with at most `slop` extra words in total?
    fn contains(&self, term: &Term) -> bool {
        let Some(first) = term.words.first() else {
            return false;
        };
        let starts: Vec<usize> = match first {
            Word::Exact(k) => self.positions.get(k).cloned().unwrap_or_default(),
            Word::Glob(_) => (0..self.keys.len())
                .filter(|&i| self.word_at(i, first))
                .collect(),
        };
        let slop = term.slop as usize;
        'start: for start in starts {
            let mut last = start;
            let mut used = 0usize;
            for w in &term.words[1..] {
                // The earliest next occurrence leaves the most slack for the rest.
                let limit = last + 1 + (slop - used);
                let Some(q) = (last + 1..=limit.min(self.keys.len().saturating_sub(1)))
                    .find(|&q| self.word_at(q, w))
                else {
                    continue 'start;
                };
                used += q - last - 1;
                last = q;
            }
            return true;
        }
        false
    }
}

/// Match `key` against `pattern`, where `*` is any run of characters.
fn glob(pattern: &str, key: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let k: Vec<char> = key.chars().collect();
    let (mut pi, mut ki) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ki < k.len() {
        if pi < p.len() && p[pi] != '*' && p[pi] == k[ki] {
            pi += 1;
            ki += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ki));
            pi += 1;
        } else if let Some((sp, sk)) = star {
            pi = sp + 1;
            ki = sk + 1;
            star = Some((sp, sk + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// Evaluates entries' conditions on one document, each at most once.
pub(crate) struct ConditionCache<'t> {
    text: &'t str,
    tokens: &'t [Token],
    doc: Option<DocWords>,
    verdicts: HashMap<u32, bool>,
}

impl<'t> ConditionCache<'t> {
    pub(crate) fn new(text: &'t str, tokens: &'t [Token]) -> Self {
        ConditionCache {
            text,
            tokens,
            doc: None,
            verdicts: HashMap::new(),
        }
    }

    /// Does entry `id` (its condition, if any) hold on this document? A match of the
    /// entry's own phrase satisfies the terms equal to that phrase.
    pub(crate) fn holds(&mut self, id: u32, entry: &Entry) -> bool {
        let Some(condition) = &entry.condition else {
            return true;
        };
        if let Some(&v) = self.verdicts.get(&id) {
            return v;
        }
        let (text, tokens) = (self.text, self.tokens);
        let doc = self.doc.get_or_insert_with(|| DocWords::new(text, tokens));
        let v = condition.holds_in(doc, Some(&normalize_key_words(&entry.spun)));
        self.verdicts.insert(id, v);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_matches() {
        assert!(glob("optimiz*", "optimization"));
        assert!(glob("optimiz*", "optimiz"));
        assert!(glob("*ing", "learning"));
        assert!(glob("a*c*e", "abcde"));
        assert!(!glob("optimiz*", "optimal"));
        assert!(!glob("a*c", "abcd"));
    }

    #[test]
    fn precedence_and_anchors() {
        let c = Condition::parse(r#""fit record" OR "fit file" AND "fit index""#).unwrap();
        assert_eq!(c.anchors(), ["fit record", "fit file"]);
        assert!(c.holds("a fit record"));
        assert!(!c.holds("a fit file"));
        assert!(c.holds("a fit file and fit index"));
        let c = Condition::parse(r#"NOT "x" "y""#).unwrap();
        assert_eq!(c.anchors(), ["y"]);
    }

    #[test]
    fn errors_say_where() {
        for (q, offset) in [
            (r#""a b"~ AND c"#, 5),
            (r#"a AND"#, 5),
            (r#"a ) b"#, 2),
            (r#"a^2"#, 1),
            (r#""a"#, 0),
            (r#"title:a"#, 5),
            (r#"""#, 0),
            (r#""  ""#, 0),
            (r#"*"#, 0),
            (r#"-a"#, 0),
        ] {
            let e = Condition::parse(q).unwrap_err();
            assert_eq!(e.offset, offset, "{q}: {e}");
        }
    }

    #[test]
    fn proximity_is_in_order_within_slop() {
        let c = Condition::parse(r#""a b c"~2"#).unwrap();
        assert!(c.holds("a b c"));
        assert!(c.holds("a x b y c"));
        assert!(!c.holds("a x b y z c"));
        assert!(!c.holds("c b a"));
        // The earliest `b` leaves slack for `c`.
        assert!(c.holds("a b x b c"));
    }
}
