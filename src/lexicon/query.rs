//! The condition language of fingerprint lists (see [`Condition`] for the syntax): lexing,
//! parsing with a nesting limit, and evaluation over a document's word keys.

use crate::error::QueryError;
use crate::text::tokenize::{for_each_token, normalize_key, tokenize, word_key_into, Token};

/// The key of one word, as the index computes it.
fn word_key(word: &str) -> String {
    let mut key = String::new();
    word_key_into(word, &mut key);
    key
}
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;

/// A parsed fingerprint query, evaluated over the words of a whole document.
///
/// The Problematic Paper Screener writes many fingerprints as full-text queries rather
/// than bare phrases: `"profound learning" AND "deep learning"` (the tortured phrase only
/// counts in a paper that also uses the real term), `"surface highlights" NOT specular`,
/// `"exactness accuracy"~5`, `"enhancement calculation" AND optimiz*`. A `Condition` is
/// such a query, parsed once and evaluated over a document's word keys.
///
/// # Syntax
///
/// | form | meaning |
/// |---|---|
/// | `"a b c"` | the words `a b c` next to each other, in order |
/// | `"a b c"~N` | the words in order with at most `N` other words between them in total (`~0` is the plain phrase) |
/// | `word` | a single word |
/// | `*` inside a word or phrase word | any run of characters, possibly empty (`optimiz*`, `"hear*"`); a wildcard word needs at least one letter or digit |
/// | `A AND B`, `A B` | both (two terms side by side are joined by AND) |
/// | `A NOT B` | `A AND NOT B`; a leading `NOT B` is allowed |
/// | `A OR B` | either |
/// | `( ... )` | grouping |
///
/// Operators are the upper-case words `AND`, `OR`, `NOT`; lower-case `and` is an ordinary
/// word. `NOT` binds tightest, then `AND`, then `OR`, so
/// `"fit record" OR "fit file" AND "fit index"` reads as
/// `"fit record" OR ("fit file" AND "fit index")`. Words are compared by their
/// normalisation keys ([`normalize_key`](crate::normalize_key)): case, curly apostrophes
/// and dashes do not matter, punctuation between words is ignored. Anything else (field
/// prefixes `title:`, boosts `^`, ranges `[a TO b]`, `+`/`-` prefixes, `~` after a bare
/// word, `?` wildcards, unbalanced quotes or parentheses) is a [`QueryError`] naming the
/// byte offset, never silently ignored. So is nesting deeper than
/// [`Condition::MAX_DEPTH`] levels of `(` and `NOT`, which no real fingerprint needs.
///
/// # Differences from a search engine
///
/// Matching is exact on keys: no stemming inside conditions (use `*`). Proximity is in
/// order only (Lucene's sloppy phrases also accept a reordering at extra cost).
///
/// # Example
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
    /// The words' keys joined by spaces, when no word is a wildcard (computed once, at
    /// parse time: evaluation compares it with a matched anchor's key).
    key: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Word {
    /// A normalisation key.
    Exact(String),
    /// A normalised pattern where `*` stands for any run of characters.
    Glob(String),
}

impl Term {
    fn new(text: String, words: Vec<Word>, slop: u32) -> Term {
        let mut key = Some(String::new());
        for w in &words {
            match (w, key.as_mut()) {
                (Word::Exact(k), Some(out)) => {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(k);
                }
                _ => key = None,
            }
        }
        Term {
            text,
            words,
            slop,
            key,
        }
    }

    fn has_glob(&self) -> bool {
        self.key.is_none()
    }
}

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
                words.push(Word::Exact(word_key(&chunk[t.span.range()])));
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
    /// `(` and `NOT` levels open at this point of the recursive descent.
    depth: usize,
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
                    let at = self.offset();
                    self.pos += 1;
                    items.push(self.nested(at, |p| Ok(Expr::Not(Box::new(p.unary()?))))?);
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

    /// Parse one level of `(` or `NOT` with `inner`, refusing to go deeper than
    /// [`Condition::MAX_DEPTH`] (the parser and the evaluator recurse once per level, so
    /// an unbounded query would overflow the stack).
    fn nested(
        &mut self,
        at: usize,
        inner: impl FnOnce(&mut Parser) -> Result<Expr, QueryError>,
    ) -> Result<Expr, QueryError> {
        if self.depth >= Condition::MAX_DEPTH {
            return Err(err(
                at,
                format!(
                    "nested more than {} levels deep (parentheses and NOT)",
                    Condition::MAX_DEPTH
                ),
            ));
        }
        self.depth += 1;
        let result = inner(self);
        self.depth -= 1;
        result
    }

    fn unary(&mut self) -> Result<Expr, QueryError> {
        let at = self.offset();
        if self.peek() == Some(&Lex::Not) {
            self.pos += 1;
            return self.nested(at, |p| Ok(Expr::Not(Box::new(p.unary()?))));
        }
        let Some((_, lex)) = self.lexes.get(self.pos).cloned() else {
            return Err(err(at, "expected a phrase, a word or `(` at the end"));
        };
        self.pos += 1;
        match lex {
            Lex::Open => self.nested(at, |p| {
                let inner = p.or()?;
                if p.peek() != Some(&Lex::Close) {
                    return Err(err(at, "unclosed `(`"));
                }
                p.pos += 1;
                Ok(inner)
            }),
            Lex::Phrase(text, slop) => Ok(Expr::Term(Term::new(
                text.clone(),
                words_of(&text, at)?,
                slop,
            ))),
            Lex::Word(text) => Ok(Expr::Term(Term::new(text.clone(), words_of(&text, at)?, 0))),
            Lex::Close => Err(err(at, "unexpected `)`")),
            Lex::And | Lex::Or | Lex::Not => {
                Err(err(at, "an operator needs a phrase or word on each side"))
            }
        }
    }
}

impl Condition {
    /// How many levels of `(` and `NOT` a query may nest. Deeper queries are refused
    /// with a [`QueryError`] at the first `(` or `NOT` past the limit, rather than
    /// overflowing the stack while parsing or evaluating.
    pub const MAX_DEPTH: usize = 64;

    /// Parse a query (see [`Condition`] for the syntax).
    ///
    /// ```
    /// let e = despin::Condition::parse(r#""a b" AND (c"#).unwrap_err();
    /// assert_eq!((e.offset, e.message.as_str()), (10, "unclosed `(`"));
    /// assert!(despin::Condition::parse("title:x").is_err());
    /// let deep = format!("{}a{}", "(".repeat(100), ")".repeat(100));
    /// assert_eq!(despin::Condition::parse(&deep).unwrap_err().offset, 64);
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
            depth: 0,
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

    /// Either condition: `self OR other`. An operand that is itself an `OR` is not
    /// nested but extended, so joining many conditions one by one (as the PPS loader
    /// does for repeated rows) stays one level deep and parses back from its text.
    pub fn or(&self, other: &Condition) -> Condition {
        fn part(c: &Condition, items: &mut Vec<Expr>) -> String {
            match &c.expr {
                Expr::Or(branches) => {
                    items.extend(branches.iter().cloned());
                    c.source.clone()
                }
                e => {
                    items.push(e.clone());
                    format!("({})", c.source)
                }
            }
        }
        let mut items = Vec::new();
        let left = part(self, &mut items);
        let right = part(other, &mut items);
        Condition {
            source: format!("{left} OR {right}"),
            expr: Expr::Or(items),
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
    pub(crate) fn is_just(&self, phrase: &str) -> bool {
        matches!(&self.expr, Expr::Term(t) if t.key.as_deref() == Some(normalize_key_words(phrase).as_str()))
    }

    /// A short text that satisfies the condition, for tests: the positive terms needed
    /// (the first branch of each `OR`, `*` filled with `ing`, proximity words side by
    /// side), separated by `". "`; terms under `NOT` are left out. `None` when that
    /// simple construction does not satisfy it.
    #[cfg(test)]
    pub(crate) fn witness(&self) -> Option<String> {
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

    /// Evaluate over `doc`; terms whose plain phrase key equals `anchor` (a key, as
    /// [`normalize_key_words`] makes) count as present (the caller found that phrase,
    /// perhaps inflected or misspelt).
    pub(crate) fn holds_in(&self, doc: &DocWords, anchor: Option<&str>) -> bool {
        eval(&self.expr, doc, anchor)
    }

    /// The key of the plain term written exactly as `phrase` (trimmed), if there is one:
    /// an entry made from an anchor of this query finds its key here, computed at parse
    /// time.
    pub(crate) fn term_key(&self, phrase: &str) -> Option<&str> {
        fn find<'a>(expr: &'a Expr, phrase: &str) -> Option<&'a str> {
            match expr {
                Expr::Term(t) if t.text.trim() == phrase => t.key.as_deref(),
                Expr::Term(_) => None,
                Expr::And(items) | Expr::Or(items) => items.iter().find_map(|e| find(e, phrase)),
                Expr::Not(e) => find(e, phrase),
            }
        }
        find(&self.expr, phrase.trim())
    }
}

/// The key of a phrase: its words' keys joined by single spaces (punctuation dropped).
pub(crate) fn normalize_key_words(phrase: &str) -> String {
    let mut out = String::new();
    key_words_into(phrase, &mut out);
    out
}

/// [`normalize_key_words`] into `out` (cleared first).
pub(crate) fn key_words_into(phrase: &str, out: &mut String) {
    out.clear();
    let mut word = String::new();
    for_each_token(phrase, |t| {
        word_key_into(&phrase[t.span.range()], &mut word);
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word);
    });
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

#[cfg(test)]
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
        Expr::Term(t) => (anchor.is_some() && t.key.as_deref() == anchor) || doc.contains(t),
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

/// The word keys of one document: each distinct key once, with its positions.
pub(crate) struct DocWords {
    /// Per token: the number of its key in `positions`.
    ids: Vec<u32>,
    /// Distinct key -> its number.
    lookup: HashMap<String, u32>,
    /// Per key number: the token positions with that key, ascending.
    positions: Vec<Vec<usize>>,
}

/// How one word of a term is checked against a document: the key numbers it accepts.
enum Matcher {
    /// An exact key; `None` when the document does not have it.
    One(Option<u32>),
    /// A wildcard: whether each key number matches.
    Set(Vec<bool>),
}

impl Matcher {
    fn accepts(&self, id: u32) -> bool {
        match self {
            Matcher::One(k) => *k == Some(id),
            Matcher::Set(set) => set[id as usize],
        }
    }
}

impl DocWords {
    pub(crate) fn new(text: &str, tokens: &[Token]) -> DocWords {
        let mut ids = Vec::with_capacity(tokens.len());
        let mut lookup: HashMap<String, u32> = HashMap::new();
        let mut positions: Vec<Vec<usize>> = Vec::new();
        // One scratch buffer for every key; a key is copied only the first time it occurs.
        let mut key = String::new();
        for (i, t) in tokens.iter().enumerate() {
            word_key_into(&text[t.span.range()], &mut key);
            let id = match lookup.get(key.as_str()) {
                Some(&id) => id,
                None => {
                    let id = positions.len() as u32;
                    lookup.insert(key.clone(), id);
                    positions.push(Vec::new());
                    id
                }
            };
            positions[id as usize].push(i);
            ids.push(id);
        }
        DocWords {
            ids,
            lookup,
            positions,
        }
    }

    fn matcher(&self, word: &Word) -> Matcher {
        match word {
            Word::Exact(k) => Matcher::One(self.lookup.get(k.as_str()).copied()),
            Word::Glob(p) => {
                let mut set = vec![false; self.positions.len()];
                for (k, &id) in &self.lookup {
                    set[id as usize] = glob(p, k);
                }
                Matcher::Set(set)
            }
        }
    }

    /// Does the term occur: its words in order with at most `slop` extra words in total?
    fn contains(&self, term: &Term) -> bool {
        let matchers: Vec<Matcher> = term.words.iter().map(|w| self.matcher(w)).collect();
        let Some((first, rest)) = matchers.split_first() else {
            return false;
        };
        // A word the document does not have at all: no need to look further.
        if matchers.iter().any(|m| matches!(m, Matcher::One(None))) {
            return false;
        }
        let starts: Vec<usize> = match first {
            Matcher::One(Some(id)) => self.positions[*id as usize].clone(),
            _ => (0..self.ids.len())
                .filter(|&i| first.accepts(self.ids[i]))
                .collect(),
        };
        let slop = term.slop as usize;
        let last_index = self.ids.len().saturating_sub(1);
        'start: for start in starts {
            let mut last = start;
            let mut used = 0usize;
            for m in rest {
                // The earliest next occurrence leaves the most slack for the rest.
                let limit = last.saturating_add(1).saturating_add(slop - used);
                let Some(q) = (last + 1..=limit.min(last_index)).find(|&q| m.accepts(self.ids[q]))
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
    fn nesting_is_capped_and_the_error_names_where() {
        let max = Condition::MAX_DEPTH;
        // 200,000 `(` or `NOT`s overflowed the stack of the parser (and the evaluator).
        let parens = format!("{}a", "(".repeat(200_000));
        let e = Condition::parse(&parens).unwrap_err();
        assert_eq!(e.offset, max, "{e}");
        assert!(e.message.contains("nested more than 64 levels"), "{e}");
        let nots = format!("a {}b", "NOT ".repeat(200_000));
        let e = Condition::parse(&nots).unwrap_err();
        assert_eq!(e.offset, 2 + 4 * max, "{e}");
        let leading = format!("{}b", "NOT ".repeat(100_000));
        assert_eq!(Condition::parse(&leading).unwrap_err().offset, 4 * max);
        // Up to the limit parses and evaluates.
        let ok = format!("{}a{}", "(".repeat(max), ")".repeat(max));
        assert!(Condition::parse(&ok).unwrap().holds("a"));
        let ok = format!("{}a", "NOT ".repeat(max));
        assert!(Condition::parse(&ok).unwrap().holds("a")); // an even number of NOTs
        let mixed = format!("{}a", "NOT (".repeat(max / 2));
        assert!(Condition::parse(&mixed).is_err()); // unclosed, but no overflow
        let too_deep = format!(
            "{}a{}",
            "NOT (".repeat(max / 2 + 1),
            ")".repeat(max / 2 + 1)
        );
        assert_eq!(
            Condition::parse(&too_deep).unwrap_err().offset,
            5 * (max / 2)
        );
    }

    #[test]
    fn or_of_many_conditions_stays_flat_and_parses_back() {
        let mut c = Condition::parse(r#""a b" AND c"#).unwrap();
        for i in 0..1000 {
            c = c.or(&Condition::parse(&format!(r#""a b" AND c{i}"#)).unwrap());
        }
        assert!(matches!(&c.expr, Expr::Or(items) if items.len() == 1001));
        assert!(c.holds("a b c999"));
        assert!(!c.holds("a b c1000"));
        assert_eq!(Condition::parse(c.as_str()).unwrap(), c);
        let d = Condition::parse("x OR y")
            .unwrap()
            .or(&Condition::parse("z OR w AND v").unwrap());
        assert_eq!(d.as_str(), "x OR y OR z OR w AND v");
        assert_eq!(Condition::parse(d.as_str()).unwrap(), d);
    }

    #[test]
    fn terms_carry_their_key_and_entries_find_theirs() {
        let c =
            Condition::parse(r#""Profound  Learning" AND optimiz* AND "deep learning""#).unwrap();
        let Expr::And(items) = &c.expr else { panic!() };
        let keys: Vec<Option<&str>> = items
            .iter()
            .map(|e| match e {
                Expr::Term(t) => t.key.as_deref(),
                _ => None,
            })
            .collect();
        assert_eq!(
            keys,
            [Some("profound learning"), None, Some("deep learning")]
        );
        assert_eq!(c.term_key("Profound  Learning"), Some("profound learning"));
        assert_eq!(c.term_key("profound learning"), None);
    }

    #[test]
    fn witness_satisfies_the_condition() {
        let c = Condition::parse(r#""a b" AND (c OR d) NOT e optimiz*"#).unwrap();
        assert_eq!(c.witness().as_deref(), Some("a b. c. optimizing"));
        assert_eq!(Condition::parse("a NOT a").unwrap().witness(), None);
    }

    #[test]
    fn doc_words_keep_one_copy_per_distinct_key() {
        let text = "The cat, the CAT and the dog";
        let tokens = tokenize(text);
        let doc = DocWords::new(text, &tokens);
        assert_eq!(doc.lookup.len(), 4);
        assert_eq!(doc.positions[doc.lookup["the"] as usize], [0, 2, 5]);
        assert!(Condition::parse(r#""the cat"~0 AND "cat and"~1"#)
            .unwrap()
            .holds(text));
        assert!(Condition::parse("d*g AND c*").unwrap().holds(text));
        assert!(!Condition::parse("\"cat dog\"~1").unwrap().holds(text));
        assert!(Condition::parse("\"cat dog\"~2").unwrap().holds(text));
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
