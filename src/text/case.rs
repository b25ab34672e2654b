//! Copy the letter case of the text a spinner wrote onto the original we put back.

use std::sync::Arc;

/// The case pattern of a piece of text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CasePattern {
    /// No uppercase letter: leave the replacement as the lexicon writes it.
    Lower,
    /// First letter uppercase, at least one lowercase letter: `Spherical`.
    Capitalized,
    /// Every word capitalised in a multiword source: `Most Cancers`, `Reminiscent Of`.
    Title,
    /// Headline case: every word but short function words capitalised (`Spherical of Talks`).
    Headline,
    /// At least two letters, all uppercase: `MOST CANCERS`.
    Upper,
}

fn pattern_of(source: &str) -> CasePattern {
    let mut letters = 0;
    let mut upper = 0;
    for c in source.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if c.is_uppercase() {
            upper += 1;
        }
    }
    if upper == 0 {
        return CasePattern::Lower;
    }
    if letters >= 2 && upper == letters {
        return CasePattern::Upper;
    }
    if !source.contains(char::is_whitespace) {
        // One word: the common case, decided without collecting words.
        let first_upper = source
            .chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(char::is_uppercase);
        return if first_upper {
            CasePattern::Capitalized
        } else {
            CasePattern::Lower
        };
    }
    let words: Vec<&str> = source.split_whitespace().collect();
    let starts_upper = |w: &&str| {
        w.chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(char::is_uppercase)
    };
    if words.len() > 1 && words.iter().all(starts_upper) {
        return CasePattern::Title;
    }
    let content: Vec<&&str> = words.iter().filter(|w| !is_minor_word(w)).collect();
    if content.len() > 1 && content.iter().all(|w| starts_upper(w)) {
        return CasePattern::Headline;
    }
    if words.first().is_some_and(starts_upper) {
        CasePattern::Capitalized
    } else {
        CasePattern::Lower
    }
}

/// Short function words that headline (title) case leaves lowercase.
fn is_minor_word(word: &str) -> bool {
    const MINOR: &[&str] = &[
        "a", "an", "and", "as", "at", "but", "by", "for", "in", "of", "on", "or", "the", "to",
        "with",
    ];
    MINOR.iter().any(|m| m.eq_ignore_ascii_case(word))
}

fn capitalize_first(word: &str, out: &mut String) {
    let mut chars = word.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
    }
}

/// `replacement` with the case pattern of `source` (Title, UPPER, Capitalized, lower).
///
/// A lowercase source keeps the replacement exactly as written, so a lexicon can spell a
/// name with capitals (`sequence x` -> `Series X`).
pub(crate) fn copy_case(source: &str, replacement: &str) -> String {
    // Most matches are lower-case or capitalised ASCII words: decide those on bytes.
    if source.is_ascii() {
        let bytes = source.as_bytes();
        let later_upper = bytes.iter().skip(1).any(u8::is_ascii_uppercase);
        // Vertical tab too: `char::is_whitespace`, which the slow path uses, counts it.
        let single_word = !bytes.iter().any(|&b| b.is_ascii_whitespace() || b == 0x0b);
        match bytes.first() {
            Some(first) if !later_upper && !first.is_ascii_uppercase() => {
                return replacement.to_owned();
            }
            // `Gamers`: one word, capitalised (what `pattern_of` calls Capitalized).
            Some(first) if !later_upper && single_word && first.is_ascii_uppercase() => {
                let mut out = String::with_capacity(replacement.len());
                capitalize_first(replacement, &mut out);
                return out;
            }
            _ => {}
        }
    }
    copy_case_by_pattern(source, replacement)
}

/// [`copy_case`] onto a shared original: when the case is already right (a lowercase
/// match, the common case) the result is the original itself, not a copy, and a
/// capitalised short ASCII word costs one allocation instead of two.
pub(crate) fn copy_case_shared(source: &str, replacement: &Arc<str>) -> Arc<str> {
    /// Longest replacement capitalised on the stack.
    const STACK_BYTES: usize = 64;
    let bytes = source.as_bytes();
    if source.is_ascii() && !bytes.iter().skip(1).any(u8::is_ascii_uppercase) {
        match bytes.first() {
            Some(first) if !first.is_ascii_uppercase() => return Arc::clone(replacement),
            Some(_) if !bytes.iter().any(|&b| b.is_ascii_whitespace() || b == 0x0b) => {
                // `Gamers`: capitalise the replacement's first letter (what `copy_case`
                // does for one capitalised word).
                let r = replacement.as_bytes();
                match r.first() {
                    Some(c) if c.is_ascii() && !c.is_ascii_lowercase() => {
                        return Arc::clone(replacement)
                    }
                    Some(c) if c.is_ascii() && r.len() <= STACK_BYTES => {
                        let mut buf = [0u8; STACK_BYTES];
                        buf[..r.len()].copy_from_slice(r);
                        buf[0] = c.to_ascii_uppercase();
                        // One ASCII byte swapped for another: still UTF-8.
                        if let Ok(s) = std::str::from_utf8(&buf[..r.len()]) {
                            return Arc::from(s);
                        }
                    }
                    _ => {}
                }
            }
            // `The primary`, `Tremendous Mario`: several words, the first letter the only
            // capital (what `pattern_of` calls Capitalized), onto an ASCII replacement.
            Some(_) if replacement.is_ascii() => {
                return Arc::from(capitalized_phrase(source, replacement));
            }
            _ => {}
        }
    }
    Arc::from(copy_case(source, replacement))
}

/// [`copy_case`] of an ASCII source of several words whose only capital is its first byte
/// onto an ASCII replacement, in one pass over the replacement: its first letter
/// capitalised, and a word equal to the source's first word but for case spelled as
/// there (what [`keep_shared_words`] does, the first word being the only one with a
/// capital).
fn capitalized_phrase(source: &str, replacement: &str) -> String {
    let first_word = source.split_whitespace().next().unwrap_or("");
    let mut out = String::with_capacity(replacement.len());
    for (i, word) in replacement.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if word.eq_ignore_ascii_case(first_word) {
            out.push_str(first_word);
        } else if i == 0 {
            capitalize_first(word, &mut out);
        } else {
            out.push_str(word);
        }
    }
    out
}

/// [`copy_case`] without the byte-level shortcuts.
fn copy_case_by_pattern(source: &str, replacement: &str) -> String {
    let mut out = copy_pattern(source, replacement);
    keep_shared_words(source, &mut out);
    out
}

/// Words the replacement shares with a capitalised source word (`mentioned on Tuesday` ->
/// `said on tuesday`) take the source's spelling, so names and dates keep their capitals.
fn keep_shared_words(source: &str, out: &mut String) {
    // Only a multiword source with a capital letter can have a word to keep.
    if !source.contains(char::is_whitespace) || !source.chars().any(char::is_uppercase) {
        return;
    }
    let source_words: Vec<&str> = source.split_whitespace().collect();
    let rebuilt: Vec<&str> = out
        .split(' ')
        .map(|w| {
            source_words
                .iter()
                .find(|s| s.chars().any(char::is_uppercase) && s.to_lowercase() == w.to_lowercase())
                .copied()
                .unwrap_or(w)
        })
        .collect();
    *out = rebuilt.join(" ");
}

fn copy_pattern(source: &str, replacement: &str) -> String {
    let pattern = pattern_of(source);
    match pattern {
        CasePattern::Lower => replacement.to_owned(),
        CasePattern::Upper => replacement.to_uppercase(),
        CasePattern::Capitalized => {
            let mut out = String::with_capacity(replacement.len());
            capitalize_first(replacement, &mut out);
            out
        }
        CasePattern::Title | CasePattern::Headline => {
            let keep_minor = pattern == CasePattern::Headline;
            let mut out = String::with_capacity(replacement.len());
            for (i, word) in replacement.split(' ').enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                if keep_minor && i > 0 && is_minor_word(word) {
                    out.push_str(word);
                } else {
                    capitalize_first(word, &mut out);
                }
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{copy_case, copy_case_by_pattern, copy_case_shared};
    use std::sync::Arc;

    #[test]
    fn the_shortcuts_agree_with_the_patterns() {
        let sources = [
            "Gamers\x0bx",
            "Most\x0bcancers",
            "gamers",
            "Gamers",
            "GAMERS",
            "A",
            "a",
            "3rd",
            "3Rd",
            "x-Ray",
            "most cancers",
            "Most cancers",
            "Most Cancers",
            "most Cancers",
            "MOST CANCERS",
            "",
            "Ünique",
            "ünique",
            "a bit",
            "Superb",
            "The primary",
            "Over and over",
            "Mario  kart\tgame",
            "A 42",
            "Foo\x0bbar",
            "X 3d",
        ];
        let long = "x".repeat(100);
        let replacements = [
            "players",
            "a little",
            "Series X",
            "iPhone",
            "",
            "élan",
            "3rd",
            " spaced",
            long.as_str(),
            "again and over",
            "over it",
            "the first",
            "mario cart",
            "foo  bar",
            "x",
        ];
        for s in sources {
            for r in replacements {
                let slow = copy_case_by_pattern(s, r);
                assert_eq!(copy_case(s, r), slow, "{s:?} -> {r:?}");
                assert_eq!(*copy_case_shared(s, &Arc::from(r)), *slow, "{s:?} -> {r:?}");
            }
        }
    }

    #[test]
    fn copies_each_case_pattern() {
        let cases = [
            ("spherical", "round", "round"),
            ("Spherical", "round", "Round"),
            ("SPHERICAL", "round", "ROUND"),
            ("Most Cancers", "cancer", "Cancer"),
            ("Reminiscent Of", "such as", "Such As"),
            ("Spherical of Talks", "round of talks", "Round of Talks"),
            ("mentioned on Tuesday", "said on tuesday", "said on Tuesday"),
            ("Mentioned on Tuesday", "said on tuesday", "Said on Tuesday"),
            (
                "the iPhone sequence",
                "the iphone series",
                "the iPhone series",
            ),
            ("Course Of", "process", "Process"),
            ("Reminiscent of", "such as", "Such as"),
            ("sequence x", "Series X", "Series X"),
            ("A", "one", "One"),
            ("élan", "flair", "flair"),
            ("Élan", "flair", "Flair"),
        ];
        for (source, replacement, expected) in cases {
            assert_eq!(copy_case(source, replacement), expected, "{source}");
        }
    }
}
