//! Look-alike letters: Greek and Cyrillic letters hidden inside Latin words.
//!
//! Spun pages swap a few Latin letters for Greek or Cyrillic ones that look the same
//! (`mоst` with a Cyrillic `о`) so that filters keyed on words miss them. A word is
//! *masked* when, in one of its letter runs, Latin letters sit beside such look-alikes
//! and the whole word has no Greek or Cyrillic letter that is *not* a look-alike. So
//! `pаyment` (Cyrillic `а`) is masked; `NF-κB`, `α-helix`, `IT-сектор` and Russian or
//! Greek words are not. Masked words are reported as findings of their own
//! (`crate::matching::homoglyph`) and reconstruct to their Latin spelling; the lexicon matches them through that spelling too, so
//! `mоst cancers` is still found as `most cancers`.

use std::borrow::Cow;

/// The Latin letter a Greek or Cyrillic look-alike stands for. Only letters that are
/// indistinguishable from a Latin one in common fonts are listed; Greek letters that
/// science writes inside Latin words (`α`, `β`, `κ`, `μ`, `ν`, ...) are deliberately not.
fn latin_of(c: char) -> Option<char> {
    Some(match c {
        // Cyrillic lowercase.
        'а' => 'a',
        'с' => 'c',
        'ԁ' => 'd',
        'е' => 'e',
        'һ' => 'h',
        'і' => 'i',
        'ј' => 'j',
        'ӏ' => 'l',
        'о' => 'o',
        'р' => 'p',
        'ԛ' => 'q',
        'ѕ' => 's',
        'ԝ' => 'w',
        'х' => 'x',
        'у' => 'y',
        // Cyrillic uppercase.
        'А' => 'A',
        'В' => 'B',
        'С' => 'C',
        'Е' => 'E',
        'Н' => 'H',
        'І' => 'I',
        'Ј' => 'J',
        'К' => 'K',
        'М' => 'M',
        'О' => 'O',
        'Р' => 'P',
        'Ѕ' => 'S',
        'Т' => 'T',
        'Х' => 'X',
        'Ү' => 'Y',
        // Greek.
        'Α' => 'A',
        'Β' => 'B',
        'Ε' => 'E',
        'Ζ' => 'Z',
        'Η' => 'H',
        'Ι' => 'I',
        'Κ' => 'K',
        'Μ' => 'M',
        'Ν' => 'N',
        'Ο' => 'O',
        'Ρ' => 'P',
        'Τ' => 'T',
        'Υ' => 'Y',
        'Χ' => 'X',
        'ο' => 'o',
        // A capital whose small letter is a look-alike (`У`, small `у`) stands for the
        // capital Latin letter: lower-casing a key must not uncover a look-alike that
        // this check did not see (found by fuzzing: keys were not stable).
        _ if is_greek_or_cyrillic(c) => {
            let mut lower = c.to_lowercase();
            return match (lower.next(), lower.next()) {
                (Some(small), None) if small != c => {
                    latin_of(small).map(|l| l.to_ascii_uppercase())
                }
                _ => None,
            };
        }
        _ => return None,
    })
}

fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || (c.is_alphabetic()
            && matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
            && c != '\u{00D7}'
            && c != '\u{00F7}')
}

fn is_greek_or_cyrillic(c: char) -> bool {
    matches!(c, '\u{0370}'..='\u{03FF}' | '\u{0400}'..='\u{052F}' | '\u{1F00}'..='\u{1FFF}')
}

/// Characters that continue a letter run: exactly the tokenizer's word characters
/// (letters, digits, combining marks, invisible joiners).
fn continues_run(c: char) -> bool {
    super::chars::is_word_char(c)
}

/// Can `bytes` (UTF-8) hold a look-alike letter at all? Every letter [`latin_of`] knows is
/// Greek (U+0391..U+03CF) or Cyrillic (U+0405..U+051D), so its UTF-8 form starts with a
/// byte in `0xCE..=0xD4`. One branch-free pass over the text spares the per-word check
/// on text whose only non-ASCII characters are quotation marks and dashes.
#[inline]
pub(crate) fn may_contain_lookalike(bytes: &[u8]) -> bool {
    // A fold without early exit inside each 64-byte chunk compiles to vector compares;
    // `any` over single bytes would test one byte per step.
    bytes.chunks(64).any(|chunk| {
        chunk.iter().fold(false, |seen, &b| {
            seen | (b.wrapping_sub(0xCE) <= 0xD4 - 0xCE)
        })
    })
}

/// True when `word` is a Latin word with look-alike letters in it (see the module docs).
pub(crate) fn is_masked(word: &str) -> bool {
    if !may_contain_lookalike(word.as_bytes()) {
        return false;
    }
    let mut mixed = false;
    let (mut latin, mut lookalike) = (false, false);
    for c in word.chars() {
        if !continues_run(c) {
            mixed |= latin && lookalike;
            latin = false;
            lookalike = false;
            continue;
        }
        if latin_of(c).is_some() {
            lookalike = true;
        } else if is_greek_or_cyrillic(c) {
            return false;
        } else if is_latin_letter(c) {
            latin = true;
        }
    }
    mixed || (latin && lookalike)
}

/// The Latin spelling of a masked `word`; the word itself (borrowed) otherwise.
pub(crate) fn unmask(word: &str) -> Cow<'_, str> {
    if !is_masked(word) {
        return Cow::Borrowed(word);
    }
    Cow::Owned(word.chars().map(|c| latin_of(c).unwrap_or(c)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_prefilter_sees_every_lookalike() {
        // Every char `latin_of` knows must start with a byte the pre-filter looks for,
        // or masked words in otherwise plain text would be missed.
        for c in '\u{80}'..='\u{FFFF}' {
            if latin_of(c).is_some() {
                let mut buf = [0u8; 4];
                assert!(
                    may_contain_lookalike(c.encode_utf8(&mut buf).as_bytes()),
                    "{c:?}"
                );
            }
        }
        assert!(!may_contain_lookalike("“quoted” — café ½".as_bytes()));
    }

    #[test]
    fn masked_words_and_their_latin_spelling() {
        let cases = [
            ("pаyment", Some("payment")), // Cyrillic а
            ("Μost", Some("Most")),       // Greek Μ
            ("gοvernment", Some("government")),
            ("sаid-ѕo", Some("said-so")),
            ("café", None),
            ("NF-κB", None),
            ("α-helix", None),
            ("IT-сектор", None),
            ("сор", None), // all Cyrillic
            ("Москва", None),
            ("payment", None),
            ("e-рос", None), // a Latin run and a Cyrillic run, never mixed in one run
        ];
        for (word, expected) in cases {
            assert_eq!(is_masked(word), expected.is_some(), "{word}");
            assert_eq!(unmask(word), expected.unwrap_or(word), "{word}");
        }
        // Keys see through look-alikes, capitals included (Greek capital Mu, Cyrillic Т).
        assert_eq!(
            crate::text::tokenize::word_keys("mоst Μost ТHE"),
            ["most", "most", "the"]
        );
    }
}
