//! Character classes shared by the tokenizer and the look-alike check, so both agree on
//! what a word is.

/// A character that belongs to a word: letters, digits, combining marks, invisible
/// joiners.
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c) || is_invisible_in_word(c)
}

/// Combining diacritical marks (the common blocks): part of the letter they follow.
fn is_combining_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// Characters that are invisible inside a word (zero-width joiners, soft hyphen):
/// they keep the word whole and are dropped from its key.
pub(crate) fn is_invisible_in_word(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// How many `(` and how many `[` of `s` are not closed within it. A finding and a
/// fingerprint's correction both need this, so they agree on which brackets a phrase
/// leaves open.
pub(crate) fn unclosed_brackets(s: &str) -> (usize, usize) {
    let count = |b: u8| s.bytes().filter(|&c| c == b).count();
    (
        count(b'(').saturating_sub(count(b')')),
        count(b'[').saturating_sub(count(b']')),
    )
}
