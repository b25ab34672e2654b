//! Words with byte spans, their normalisation keys, and quotation regions.
//!
//! A *word* is a maximal run of letters, digits and combining marks, joined across:
//! an apostrophe or hyphen between two word characters (`don't`, `Microsoft’s`,
//! `fine-tuned`), a period or comma between digits (`3.5`, `1,000`), and the periods of
//! single-letter abbreviations (`U.S.`, `p.c.`, `e.g.`). Zero-width joiners and soft
//! hyphens inside a word stay part of it.
//!
//! The *key* of a word folds what a spinner's output varies on but meaning does not:
//! letter case, curly versus straight apostrophes, the many Unicode dashes, and invisible
//! characters. Keys are what the lexicon index is built from, so a lexicon row and the
//! text are always compared through the same function.
//!
//! *Quotation regions*: news spinners leave quotations alone, so every word knows whether
//! it sits inside double quotation marks (straight `"`, curly `“ ”`, `„`, or guillemets
//! `« »`). A quotation may span sentences; an unclosed one ends at the end of its
//! paragraph (the next `\n`), so one stray mark cannot hide a whole document. A quotation
//! of fewer than [`MIN_QUOTATION_WORDS`] words is a title or a scare-quoted term, not
//! speech, and does not count: the spinner rewrites `“Stranger Things”` as readily as the
//! words around it.

use super::chars::{ascii_upper_bytes, is_invisible_in_word, is_word_char, HIGH, ONES};
use crate::span::Span;

/// One word of the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Where the word is in the text (byte offsets, on char boundaries).
    pub span: Span,
    /// True when the word is inside a quotation.
    pub in_quote: bool,
}

/// Split `text` into words with byte spans and quotation flags.
///
/// Never panics; spans are sorted, non-overlapping and on char boundaries.
///
/// ```
/// let text = "The U.S. “assertion” isn't fine-tuned. “It is a long quotation,” she said.";
/// let tokens = despin::tokenize(text);
/// let words: Vec<&str> = tokens.iter().map(|t| &text[t.span.range()]).collect();
/// assert_eq!(words[..5], ["The", "U.S.", "assertion", "isn't", "fine-tuned"]);
/// // A one-word quotation is a scare quote; the five-word one is speech.
/// assert!(!tokens[2].in_quote);
/// assert!(tokens[5..10].iter().all(|t| t.in_quote));
/// ```
pub fn tokenize(text: &str) -> Vec<Token> {
    // English averages about one word per five to six bytes; a little slack avoids
    // regrowing (and copying) the vector near the end of a large text.
    let mut tokens = Vec::with_capacity(text.len() / 5 + 16);
    for_each_token(text, |t| tokens.push(t));
    tokens
}

/// Quotations of fewer words than this are titles or scare quotes (`“Stranger Things”`),
/// which the news spinner rewrites like any other words; only longer ones mark speech.
pub const MIN_QUOTATION_WORDS: usize = 5;

/// Call `f` for every word of `text` in order, without allocating.
pub fn for_each_token(text: &str, mut f: impl FnMut(Token)) {
    for_each_word(text, |t, _| f(t));
}

/// [`for_each_token`], with each word's key packed into a `u64` when the scan has it for
/// free: a word of one to eight ASCII letters and digits, lowercased, in little-endian
/// byte order and zero-padded ([`pack_short_key`] of its key). 0 for every other word
/// (longer, or with an apostrophe, hyphen, period or a non-ASCII character), whose key
/// [`word_key_into`] gives. The matcher looks most words up by this code without reading
/// them again.
pub(crate) fn for_each_word(text: &str, mut f: impl FnMut(Token, u64)) {
    for (t, code) in Words::new(text) {
        f(t, code);
    }
}

/// The words of a text with their packed keys, as [`for_each_word`] hands them over: an
/// iterator, so that a caller's loop and the scan compile into one.
pub(crate) struct Words<'a> {
    text: &'a str,
    /// Where the scan stands (a char boundary).
    pos: usize,
    /// Raw quotation state at `pos`, and the number of the current quotation.
    in_quote: bool,
    quotation: u32,
    /// Words of a quotation held back until it reaches MIN_QUOTATION_WORDS (then they are
    /// quoted) or ends sooner (then they are not).
    pending: [(Token, u64); MIN_QUOTATION_WORDS],
    held: usize,
    long_quotation: bool,
    /// The quotation the held words belong to.
    region: u32,
    /// Words ready to be handed out, `ready..ready_end` of `out`.
    out: [(Token, u64); MIN_QUOTATION_WORDS + 1],
    ready: usize,
    ready_end: usize,
}

impl<'a> Words<'a> {
    /// The words of `text`.
    pub(crate) fn new(text: &'a str) -> Words<'a> {
        let none = (
            Token {
                span: Span::new(0, 0),
                in_quote: false,
            },
            0,
        );
        Words {
            text,
            pos: 0,
            in_quote: false,
            quotation: 0,
            pending: [none; MIN_QUOTATION_WORDS],
            held: 0,
            long_quotation: false,
            region: 0,
            out: [none; MIN_QUOTATION_WORDS + 1],
            ready: 0,
            ready_end: 0,
        }
    }

    /// Queue the held words, no longer quoted: their quotation ended short.
    ///
    /// Inlined, as [`hold_or_release`](Self::hold_or_release) is, so that no call takes
    /// the iterator's address.
    #[inline(always)]
    fn release_unquoted(&mut self) {
        for k in 0..self.held {
            let (t, code) = self.pending[k];
            self.out[self.ready_end] = (
                Token {
                    in_quote: false,
                    ..t
                },
                code,
            );
            self.ready_end += 1;
        }
        self.held = 0;
    }

    /// Decide about a quoted word, or a word after held ones, queueing what is decided.
    ///
    /// Rare, but inlined all the same: a call that takes `&mut self` lets the iterator's
    /// address escape, and the compiler then keeps its state (position, quotation, queue)
    /// in memory, storing and reloading it around every word; inlined, the state lives in
    /// registers (-3.4 % instructions in `analyze` on the planted built-in bench text).
    #[inline(always)]
    fn hold_or_release(&mut self, t: Token, code: u64, quotation: u32) {
        self.ready = 0;
        self.ready_end = 0;
        if !t.in_quote || quotation != self.region {
            // The previous quotation (if any) ended: a short one was not speech.
            self.release_unquoted();
            self.long_quotation = false;
            self.region = quotation;
        }
        if !t.in_quote || self.long_quotation {
            self.out[self.ready_end] = (t, code);
            self.ready_end += 1;
        } else {
            self.pending[self.held] = (t, code);
            self.held += 1;
            if self.held == MIN_QUOTATION_WORDS {
                self.out[..MIN_QUOTATION_WORDS].copy_from_slice(&self.pending);
                self.ready_end = MIN_QUOTATION_WORDS;
                self.held = 0;
                self.long_quotation = true;
            }
        }
    }

    /// The next word of the text proper, with its raw quotation state, its packed key
    /// and the number of the quotation it is in (each opening mark starts a new one).
    #[inline(always)]
    fn scan(&mut self) -> Option<(Token, u64, u32)> {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut pos = self.pos;
        while pos < bytes.len() {
            let b = bytes[pos];
            // ASCII fast path: most text is ASCII, and the tests below are cheap on bytes.
            if b < 0x80 {
                if is_ascii_word_byte(b) {
                    let (mut end, mut code) = ascii_run(bytes, pos);
                    // A plain ASCII word followed by a space or punctuation that joins
                    // nothing is done; anything else takes the careful path.
                    let next = bytes.get(end).copied();
                    // A space after the word changes no state: the next scan starts past it.
                    // The commonest case, so it is tested first.
                    if next == Some(b' ') {
                        self.pos = end + 1;
                    } else {
                        let plain_end = match next {
                            None => true,
                            Some(b'\'' | b'-') => false,
                            Some(n @ (b'.' | b',')) => {
                                // Joins only digits (`3.5`, `1,000`) or, for a period after
                                // a one-letter word, an abbreviation (`U.S.`).
                                let digits = bytes[end - 1].is_ascii_digit()
                                    && bytes.get(end + 1).is_some_and(u8::is_ascii_digit);
                                !(digits || (n == b'.' && end - pos == 1))
                            }
                            Some(n) => n < 0x80,
                        };
                        if !plain_end {
                            end = word_end(text, pos);
                            code = 0;
                        }
                        self.pos = end + usize::from(bytes.get(end) == Some(&b' '));
                    }
                    return Some((
                        Token {
                            span: Span::new(pos, end),
                            in_quote: self.in_quote,
                        },
                        code,
                        self.quotation,
                    ));
                }
                match b {
                    b'"' => {
                        self.in_quote = !self.in_quote;
                        self.quotation = self.quotation.wrapping_add(u32::from(self.in_quote));
                    }
                    b'\n' => self.in_quote = false,
                    _ => {}
                }
                pos += 1;
                continue;
            }
            let c = char_at(text, pos);
            // Curly quotes, dashes and other general punctuation are the common non-ASCII
            // chars between words, and none of that block is a letter or digit: skip the
            // Unicode tables for them (a test holds the block to that).
            if !is_general_punctuation(c) && c.is_alphanumeric() {
                let end = word_end(text, pos);
                self.pos = end;
                return Some((
                    Token {
                        span: Span::new(pos, end),
                        in_quote: self.in_quote,
                    },
                    0,
                    self.quotation,
                ));
            }
            match c {
                '“' | '„' | '«' => {
                    self.in_quote = true;
                    self.quotation = self.quotation.wrapping_add(1);
                }
                '”' | '»' => self.in_quote = false,
                '\u{2028}' | '\u{2029}' => self.in_quote = false,
                _ => {}
            }
            pos += c.len_utf8();
        }
        self.pos = pos;
        None
    }
}

impl Iterator for Words<'_> {
    type Item = (Token, u64);

    #[inline(always)]
    fn next(&mut self) -> Option<(Token, u64)> {
        loop {
            if self.ready < self.ready_end {
                self.ready += 1;
                return Some(self.out[self.ready - 1]);
            }
            let Some((t, code, quotation)) = self.scan() else {
                // The text ended: a quotation still held was short.
                self.ready = 0;
                self.ready_end = 0;
                self.release_unquoted();
                if self.ready_end == 0 {
                    return None;
                }
                continue;
            };
            if !t.in_quote && self.held == 0 {
                // The common case: narrative text, nothing held back.
                self.long_quotation = false;
                return Some((t, code));
            }
            self.hold_or_release(t, code, quotation);
        }
    }
}

/// The high bit of each byte of `x` (eight bytes of text, little-endian) that is an ASCII
/// letter or digit, the others clear: the tokenizer's word test for eight bytes at once.
#[inline]
fn ascii_word_bytes(x: u64) -> u64 {
    // Seven-bit bytes, so that the additions below never carry into the next byte; the
    // bytes >= 0x80 (not ASCII) are cleared at the end.
    let y = x & !HIGH;
    // Each sum has its high bit set when the byte is at least the bound.
    let at_least = |v: u64, bound: u8| v.wrapping_add(ONES * u64::from(0x80 - bound));
    let digit = at_least(y, b'0') & !at_least(y, b'9' + 1);
    // `| 0x20` folds `A..=Z` onto `a..=z` and moves nothing else into that range.
    let folded = y | (ONES * 0x20);
    let letter = at_least(folded, b'a') & !at_least(folded, b'z' + 1);
    (digit | letter) & !x & HIGH
}

/// Lowercase the ASCII letters of eight packed ASCII bytes at once (every byte < 0x80):
/// a byte gets 0x20 added exactly when it lies in `A..=Z`.
#[inline]
pub(crate) fn ascii_lowercase_packed(x: u64) -> u64 {
    x | (ascii_upper_bytes(x) >> 2)
}

/// Lowercase eight packed bytes that are all ASCII letters and digits (the bytes past a
/// word are masked off afterwards): bit 0x20 makes `A..=Z` lower case and is already set
/// in `a..=z` and `0..=9`, so one OR does what [`ascii_lowercase_packed`] does for any
/// ASCII.
#[inline]
fn lowercase_word_bytes(x: u64) -> u64 {
    x | (ONES * 0x20)
}

/// Pack a lowercase ASCII key of 1 to 8 bytes into a `u64` (words never contain NUL, so
/// zero padding keeps different lengths apart).
#[inline]
pub(crate) fn pack_short_key(key: &[u8]) -> u64 {
    let mut b = [0u8; 8];
    b[..key.len()].copy_from_slice(key);
    u64::from_le_bytes(b)
}

/// The end of the run of ASCII letters and digits that starts at `pos`, and the run's
/// bytes packed and lowercased when it is at most eight bytes long (0 otherwise). Eight
/// bytes are tested at once while eight remain.
#[inline(always)]
fn ascii_run(bytes: &[u8], pos: usize) -> (usize, u64) {
    let mut at = pos;
    // The first eight bytes, for a word of exactly eight.
    let mut first = 0;
    while let Some(eight) = bytes.get(at..at + 8) {
        let mut b = [0u8; 8];
        b.copy_from_slice(eight);
        let x = u64::from_le_bytes(b);
        let stop = !ascii_word_bytes(x) & HIGH;
        if stop != 0 {
            let len = (stop.trailing_zeros() / 8) as usize;
            let end = at + len;
            return if at == pos {
                // The whole word is in `x` (`len` >= 1: the first byte is a word byte).
                (end, lowercase_word_bytes(x) & (u64::MAX >> (64 - 8 * len)))
            } else if end == pos + 8 {
                (end, lowercase_word_bytes(first))
            } else {
                (end, 0)
            };
        }
        if at == pos {
            first = x;
        }
        at += 8;
    }
    while at < bytes.len() && is_ascii_word_byte(bytes[at]) {
        at += 1;
    }
    // `at > pos`: the run starts with a word byte, so the mask's shift is below 64.
    let code = if at - pos <= 8 {
        lowercase_word_bytes(pack_short_key(&bytes[pos..at])) & (u64::MAX >> (64 - 8 * (at - pos)))
    } else {
        0
    };
    (at, code)
}

/// ASCII letters and digits, as a table: one load per byte in the tokenizer's hottest loop
/// instead of three range tests.
static ASCII_WORD_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

#[inline]
fn is_ascii_word_byte(b: u8) -> bool {
    ASCII_WORD_BYTE[b as usize]
}

/// The char starting at byte `pos`; `pos` must be a char boundary inside `text`.
fn char_at(text: &str, pos: usize) -> char {
    // Callers only pass boundaries they reached by whole-char steps, so this is never
    // empty; the fallback keeps the function total anyway.
    text[pos..].chars().next().unwrap_or('\0')
}

/// The byte just past the word that starts at `start` (a letter or digit).
fn word_end(text: &str, start: usize) -> usize {
    let mut end = start + char_at(text, start).len_utf8();
    // Start of the current period-separated segment, for abbreviation detection.
    let mut segment_start = start;
    let mut has_abbrev_period = false;
    let bytes = text.as_bytes();
    loop {
        // Fast path: runs of ASCII letters and digits need no decoding.
        while end < bytes.len() && is_ascii_word_byte(bytes[end]) {
            end += 1;
        }
        // Most words end at an ASCII space or punctuation that joins nothing: stop without
        // decoding. Joiners (`'`, `-`, `.`, `,`) and non-ASCII go the careful way below.
        match bytes.get(end) {
            None => break,
            Some(&b) if b < 0x80 && !matches!(b, b'\'' | b'-' | b'.' | b',') => break,
            // An ASCII joiner between two ASCII word bytes (`don't`, `fine-tuned`, `3.5`,
            // `1,000`): joined, as the careful path below would decide, without decoding.
            Some(&b)
                if bytes.get(end + 1).is_some_and(|&a| is_ascii_word_byte(a))
                    && match b {
                        b'\'' | b'-' => is_ascii_word_byte(bytes[end - 1]),
                        b'.' | b',' => {
                            bytes[end - 1].is_ascii_digit() && bytes[end + 1].is_ascii_digit()
                        }
                        _ => false,
                    } =>
            {
                end += 2;
                continue;
            }
            _ => {}
        }
        let rest = &text[end..];
        let mut chars = rest.chars();
        let Some(next) = chars.next() else { break };
        // Joiners are not word characters: skip the Unicode tables for them (a curly
        // apostrophe or a dash is the common non-ASCII char after a word). An ASCII char
        // here is not a word byte either (the run above stopped at it).
        let joiner = next.is_ascii() || is_apostrophe(next) || is_hyphen(next);
        if !joiner && is_word_char(next) {
            end += next.len_utf8();
            continue;
        }
        let after = chars.next();
        let prev = text[..end].chars().next_back().unwrap_or(' ');
        let joined = match (next, after) {
            (c, Some(a)) if is_apostrophe(c) || is_hyphen(c) => {
                prev.is_alphanumeric() && a.is_alphanumeric()
            }
            ('.' | ',', Some(a)) if prev.is_ascii_digit() && a.is_ascii_digit() => true,
            ('.', Some(a)) => {
                // `U.S`, `p.c`: the segment so far is one letter, the next is one letter
                // followed by another period.
                let one_letter_segment =
                    text[segment_start..end].chars().count() == 1 && prev.is_alphabetic();
                let after_after = chars.next();
                if one_letter_segment && a.is_alphabetic() && after_after == Some('.') {
                    has_abbrev_period = true;
                    segment_start = end + 1;
                    true
                } else {
                    false
                }
            }
            _ => false,
        };
        if joined {
            // Both the joiner and the char after it belong to the word.
            end += next.len_utf8() + after.map_or(0, char::len_utf8);
            continue;
        }
        // The closing period of an abbreviation such as `U.S.`.
        if next == '.' && has_abbrev_period && text[segment_start..end].chars().count() == 1 {
            end += 1;
        }
        break;
    }
    end
}

/// The General Punctuation block (spaces, dashes, quotation marks, invisible marks): no
/// char of it is alphanumeric.
#[inline]
fn is_general_punctuation(c: char) -> bool {
    ('\u{2000}'..='\u{206F}').contains(&c)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ' | '′')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '−')
}

/// Write the normalisation key of `word` into `out` (cleared first).
///
/// Folds case, apostrophes (`’` to `'`), dashes (to `-`) and drops invisible characters.
/// Spaces (including NBSP and other Unicode spaces) inside a phrase become one ASCII space,
/// so a phrase key is its word keys joined by `' '`.
pub fn normalize_key_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        // A word (no spaces in it): its lower case, copied in one go.
        if !word.bytes().any(|b| b.is_ascii_whitespace() || b == 0x0b) {
            out.push_str(word);
            out.make_ascii_lowercase();
            return;
        }
        // A phrase: its runs of other bytes, copied whole and joined by one space (a
        // lexicon load keys every row's phrase, byte by byte this was most of its cost).
        // `char::is_whitespace` also counts vertical tab; keep both paths equal.
        let bytes = word.as_bytes();
        let space = |b: u8| b.is_ascii_whitespace() || b == 0x0b;
        let mut at = 0;
        while at < bytes.len() {
            while at < bytes.len() && space(bytes[at]) {
                at += 1;
            }
            let start = at;
            while at < bytes.len() && !space(bytes[at]) {
                at += 1;
            }
            if start < at {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&word[start..at]);
            }
        }
        out.make_ascii_lowercase();
        return;
    }
    let mut last_space = true;
    for c in word.chars() {
        if c.is_ascii() {
            // The ASCII path's rules, for the ASCII letters of a non-ASCII word.
            if c.is_ascii_whitespace() || c == '\u{b}' {
                if !last_space {
                    out.push(' ');
                }
                last_space = true;
            } else {
                out.push(c.to_ascii_lowercase());
                last_space = false;
            }
            continue;
        }
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
            continue;
        }
        // Invisible characters vanish without ending a run of spaces, so `"a \u{200d} b"`
        // keys as `"a b"` (found by the `tokenize` fuzz target).
        if is_invisible_in_word(c) {
            continue;
        }
        last_space = false;
        if is_apostrophe(c) {
            out.push('\'');
        } else if is_hyphen(c) {
            out.push('-');
        } else if c.is_lowercase() || !c.is_alphabetic() {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
}

/// Write the key of one *word* into `out` (cleared first): a word whose Latin letters are
/// masked with Greek or Cyrillic look-alikes is read in its Latin spelling first (see
/// [`Tier::Homoglyph`](crate::Tier::Homoglyph)), then [`normalize_key_into`] folds it.
///
/// This is the one function through which the lexicon index, the detector, conditions
/// and learning compare words, so a lexicon row and the text always agree.
pub fn word_key_into(word: &str, out: &mut String) {
    if word.is_ascii() {
        normalize_key_into(word, out);
        return;
    }
    // Unmask before case folding: lower-casing turns a capital look-alike (`М`) into a
    // letter that no longer looks Latin (`м`).
    let latin = crate::text::lookalike::unmask(word);
    normalize_key_into(&latin, out);
    // Case folding can still uncover one: a letter that is neither Latin nor Greek or
    // Cyrillic but lower-cases to Latin (the Kelvin sign `K` to `k`) beside a look-alike.
    // Unmasking the folded key once more makes the key of a key the key itself.
    if !out.is_ascii() && crate::text::lookalike::is_masked(out) {
        let again = crate::text::lookalike::unmask(out).into_owned();
        normalize_key_into(&again, out);
    }
}

/// The keys of the words of `phrase`, in order (see [`word_key_into`]).
///
/// ```
/// assert_eq!(despin::word_keys("Most  Cancers’"), ["most", "cancers"]);
/// assert_eq!(despin::word_keys("the Μost"), ["the", "most"]); // Greek capital Mu
/// ```
pub fn word_keys(phrase: &str) -> Vec<String> {
    let mut key = String::new();
    tokenize(phrase)
        .iter()
        .map(|t| {
            word_key_into(&phrase[t.span.range()], &mut key);
            key.clone()
        })
        .collect()
}

/// The normalisation key of `word` (see [`normalize_key_into`]).
///
/// ```
/// assert_eq!(despin::normalize_key("Microsoft’s"), "microsoft's");
/// assert_eq!(despin::normalize_key("Most\u{a0}Cancers"), "most cancers");
/// ```
pub fn normalize_key(word: &str) -> String {
    let mut s = String::with_capacity(word.len());
    normalize_key_into(word, &mut s);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text)
            .iter()
            .map(|t| &text[t.span.range()])
            .collect()
    }

    #[test]
    fn splits_words_and_keeps_joined_forms_whole() {
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("  \n\t ", &[]),
            ("Hello, world!", &["Hello", "world"]),
            ("don't can’t", &["don't", "can’t"]),
            ("fine-tuned long–term", &["fine-tuned", "long–term"]),
            (
                "the U.S. and p.c. rates",
                &["the", "U.S.", "and", "p.c.", "rates"],
            ),
            ("e.g. this", &["e.g.", "this"]),
            ("plan A. Then", &["plan", "A", "Then"]),
            ("$3.5 and 1,000 units.", &["3.5", "and", "1,000", "units"]),
            ("end. Next", &["end", "Next"]),
            ("'quoted' -dash- x'", &["quoted", "dash", "x"]),
            ("naïve café", &["naïve", "café"]),
            ("cafe\u{301} ok", &["cafe\u{301}", "ok"]),
            ("zero\u{200d}width", &["zero\u{200d}width"]),
            ("Привет мир", &["Привет", "мир"]),
            ("{dollars}", &["dollars"]),
            ("a\u{a0}b", &["a", "b"]),
        ];
        for (text, expected) in cases {
            assert_eq!(words(text), *expected, "text: {text:?}");
        }
    }

    #[test]
    fn marks_quotation_regions() {
        let text = "He said “the power is out. It is” and \"late fee\" then\n“open para one two three\nnext \"in “Stranger Things” season\" end";
        let toks = tokenize(text);
        let quoted: Vec<&str> = toks
            .iter()
            .filter(|t| t.in_quote)
            .map(|t| &text[t.span.range()])
            .collect();
        // Speech of five words or more is quoted (an unclosed one until the paragraph
        // ends); the two-word scare quote and the short title are not.
        let two_short = "he said \"one two\" \"three four\" then";
        assert!(
            tokenize(two_short).iter().all(|t| !t.in_quote),
            "two short quotations are not one long one"
        );
        assert_eq!(
            quoted,
            ["the", "power", "is", "out", "It", "is", "open", "para", "one", "two", "three"]
        );
        let words: Vec<&str> = toks.iter().map(|t| &text[t.span.range()]).collect();
        assert_eq!(words.len(), toks.len());
        assert_eq!(words[7..10], ["is", "and", "late"]);
    }

    #[test]
    fn no_general_punctuation_is_alphanumeric() {
        // The scan skips the Unicode tables for this block on the strength of it.
        for c in '\u{2000}'..='\u{206F}' {
            assert!(super::is_general_punctuation(c), "{c:?}");
            assert!(!c.is_alphanumeric(), "{c:?}");
        }
        for c in ['\u{1FFF}', '\u{2070}', '\u{2071}', 'a', '1', '\u{00A0}'] {
            assert!(!super::is_general_punctuation(c), "{c:?}");
        }
    }

    #[test]
    fn eight_byte_word_test_matches_the_table() {
        // Every byte value in every position, beside word and non-word neighbours.
        for byte in 0..=255u8 {
            for pos in 0..8 {
                for fill in [b'a', b' ', 0xC3] {
                    let mut b = [fill; 8];
                    b[pos] = byte;
                    let got = ascii_word_bytes(u64::from_le_bytes(b));
                    for (k, &c) in b.iter().enumerate() {
                        let bit = got >> (8 * k + 7) & 1 == 1;
                        assert_eq!(bit, is_ascii_word_byte(c), "{b:?} at {k}");
                    }
                    assert_eq!(got & !HIGH, 0);
                }
            }
        }
    }

    #[test]
    fn packed_codes_are_the_keys_of_short_plain_words() {
        let text = "The U.S. don't GAMERS x 12345678 123456789 Ab3 naïve café–bar \"Quoted words are five here\" end. abcdefgh abcdefghi Zz";
        let mut seen = 0;
        let mut key = String::new();
        for_each_word(text, |t, code| {
            let word = &text[t.span.range()];
            word_key_into(word, &mut key);
            let plain = word.len() <= 8 && word.bytes().all(|b| b.is_ascii_alphanumeric());
            if plain {
                assert_eq!(code, pack_short_key(key.as_bytes()), "{word}");
            } else {
                assert_eq!(code, 0, "{word}");
            }
            seen += 1;
        });
        assert_eq!(seen, tokenize(text).len());
        // The last word of a text, shorter than eight bytes to its end.
        for_each_word("xY", |_, code| assert_eq!(code, pack_short_key(b"xy")));
        // Every length up to nine, mixed case and digits, at the start of a text or after
        // other words or a curly quote, at its end or before a space, punctuation, a
        // quote or a non-ASCII letter.
        let alphabet = b"aZ09mQzA";
        for len in 1..=9 {
            for shift in 0..8 {
                let word: String = (0..len)
                    .map(|i| alphabet[(i + shift) % alphabet.len()] as char)
                    .collect();
                for after in ["", " x", ". x", "\" x", ";", "\u{e9}"] {
                    for before in ["", " ", "ab ", "\u{201c}"] {
                        let text = format!("{before}{word}{after}");
                        for_each_word(&text, |t, code| {
                            let token = &text[t.span.range()];
                            let plain = token.len() <= 8
                                && token.bytes().all(|b| b.is_ascii_alphanumeric());
                            // A code is always the key; a plain word before nothing that
                            // could join it always has one (a one-letter word before a
                            // period may be an abbreviation: it takes the careful path).
                            if code != 0 {
                                assert!(plain, "{text:?}");
                                let key = token.to_ascii_lowercase();
                                assert_eq!(code, pack_short_key(key.as_bytes()), "{text:?}");
                            } else {
                                assert!(!plain || token.len() == 1 && after == ". x", "{text:?}");
                            }
                        });
                    }
                }
            }
        }
    }

    #[test]
    fn keys_fold_case_quotes_dashes_and_spaces() {
        assert_eq!(normalize_key("ASSERTION"), "assertion");
        assert_eq!(normalize_key("Microsoft’s"), "microsoft's");
        assert_eq!(normalize_key("long—term"), "long-term");
        assert_eq!(normalize_key("soft\u{ad}ware"), "software");
        assert_eq!(normalize_key("  most \u{a0} cancers "), "most cancers");
        assert_eq!(normalize_key("İstanbul"), "i̇stanbul");
    }

    #[test]
    fn ascii_phrase_keys_equal_the_char_by_char_rule() {
        // The rule the ASCII phrase path copies in runs: spaces (and vertical tab)
        // collapse to one, none at either end, every other byte lowercased.
        let by_char = |phrase: &str| {
            let mut out = String::new();
            let mut last_space = true;
            for c in phrase.chars() {
                if c.is_whitespace() {
                    if !last_space {
                        out.push(' ');
                    }
                    last_space = true;
                } else {
                    out.push(c.to_ascii_lowercase());
                    last_space = false;
                }
            }
            if out.ends_with(' ') {
                out.pop();
            }
            out
        };
        let parts = [
            "", " ", "\t", "\u{b}", "\r\n", "\x0c", "A", "b", "Most", "-", "x'Y", "  ",
        ];
        for a in parts {
            for b in parts {
                for c in parts {
                    for d in parts {
                        let phrase = format!("{a}{b}{c}{d}");
                        assert_eq!(normalize_key(&phrase), by_char(&phrase), "{phrase:?}");
                    }
                }
            }
        }
    }
}
