//! Known originals are left alone: no rewriting *inside* a phrase the lexicon names as an
//! original.
//!
//! Some originals contain a word that is itself a spun form of something else:
//! `rings of energy -> rings of power` is a mangled title, while `power -> energy` is an
//! ordinary swap. Text that literally says "The Rings of Power" shows the original title,
//! so its `power` must not become `energy`; otherwise reconstruction would turn a correct
//! title into the very mangled form the lexicon knows, and a second pass would turn it
//! back. A finding whose words sit, with exactly the matched words, inside a full
//! occurrence of a longer original phrase is dropped.
//!
//! Only phrases that contain some entry's spun phrase are kept, so the table is small, and
//! the check costs a lookup per finding, not per word.

use crate::lexicon::Lexicon;
use crate::matching::id_table::FastMap;
use crate::text::tokenize::{for_each_token, word_key_into, word_keys, Token};
use rustc_hash::FxHashSet;

/// Multiword originals indexed by the spun phrases they contain.
#[derive(Debug, Default)]
pub(crate) struct Protected {
    /// Spun key (words joined by spaces) -> (original's word keys, offset of the spun
    /// phrase inside it).
    by_inner: FastMap<String, Vec<(Vec<String>, usize)>>,
    /// Most words in one protected original: how far [`covers`](Self::covers) reads to
    /// either side of a match.
    max_words: usize,
}

impl Protected {
    pub(crate) fn build(lexicon: &Lexicon) -> Protected {
        // Words counted without building a token list: with a 100k-row lexicon, every
        // temporary here becomes a hole in the heap that later findings are carved from.
        let words_in = |phrase: &str| {
            // A run of ASCII letters and digits is one word (most originals): counted
            // without the tokenizer's scan, which was a few percent of a large build.
            if !phrase.is_empty() && phrase.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return 1;
            }
            let mut n = 0;
            for_each_token(phrase, |_| n += 1);
            n
        };
        // Only multiword originals can protect anything; most lexicons have few.
        let multiword: Vec<&str> = lexicon
            .entries()
            .iter()
            .map(|e| e.original.as_str())
            .filter(|o| words_in(o) >= 2)
            .collect();
        if multiword.is_empty() {
            return Protected::default();
        }
        // Every entry's spun key (its word keys joined by spaces), built in one buffer: only
        // a key not seen yet is copied (a `word_keys` vector and a joined string per entry
        // were most of this build for the built-in lexicon).
        let mut spun: FxHashSet<String> = FxHashSet::default();
        let mut key = String::new();
        let mut word = String::new();
        for entry in lexicon.entries() {
            key.clear();
            let mut n = 0;
            for_each_token(&entry.spun, |t| {
                word_key_into(&entry.spun[t.span.range()], &mut word);
                if n > 0 {
                    key.push(' ');
                }
                key.push_str(&word);
                n += 1;
            });
            if !spun.contains(key.as_str()) {
                spun.insert(key.clone());
            }
        }
        let longest_spun = lexicon
            .entries()
            .iter()
            .map(|e| words_in(&e.spun))
            .max()
            .unwrap_or(0);
        let mut by_inner: FastMap<String, Vec<(Vec<String>, usize)>> = FastMap::default();
        let mut seen: FxHashSet<Vec<String>> = FxHashSet::default();
        let mut inner = String::new();
        for original in multiword {
            let words = word_keys(original);
            if words.len() < 2 || !seen.insert(words.clone()) {
                continue;
            }
            for start in 0..words.len() {
                // Proper sub-phrases only, no longer than the longest spun phrase; each one
                // word longer than the last, so grown in one buffer.
                let max_len = longest_spun.min(words.len() - start);
                inner.clear();
                for len in 1..=max_len {
                    if len > 1 {
                        inner.push(' ');
                    }
                    inner.push_str(&words[start + len - 1]);
                    if len == words.len() {
                        continue;
                    }
                    if spun.contains(inner.as_str()) {
                        by_inner
                            .entry(inner.clone())
                            .or_default()
                            .push((words.clone(), start));
                    }
                }
            }
        }
        let max_words = by_inner
            .values()
            .flatten()
            .map(|(words, _)| words.len())
            .max()
            .unwrap_or(0);
        Protected {
            by_inner,
            max_words,
        }
    }

    /// True when no original contains another entry's spun phrase (nothing to protect).
    pub(crate) fn is_empty(&self) -> bool {
        self.by_inner.is_empty()
    }

    /// Most words in one protected original.
    pub(crate) fn max_words(&self) -> usize {
        self.max_words
    }

    /// True when tokens `first..end` of `text` (a match of the entry whose spun key is
    /// `spun_key`) lie inside a full occurrence of a longer lexicon original that contains
    /// exactly these words.
    ///
    /// The first test is one lookup of the entry's key, which the index already has, so
    /// the common case (no original contains this phrase) costs no allocation.
    pub(crate) fn covers(
        &self,
        spun_key: &str,
        text: &str,
        tokens: &[Token],
        first: usize,
        end: usize,
    ) -> bool {
        if self.by_inner.is_empty() || first >= end || end > tokens.len() {
            return false;
        }
        let Some(phrases) = self.by_inner.get(spun_key) else {
            return false;
        };
        let mut key = String::new();
        let mut same = |i: usize, want: &str| {
            let word = &text[tokens[i].span.range()];
            if word.is_ascii() {
                // Keys of ASCII words are their lower case: compare without building one.
                word.eq_ignore_ascii_case(want)
            } else {
                word_key_into(word, &mut key);
                key == want
            }
        };
        phrases.iter().any(|(words, offset)| {
            first >= *offset
                && first - offset + words.len() <= tokens.len()
                && words
                    .iter()
                    .enumerate()
                    .all(|(k, w)| same(first - offset + k, w))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spun_word_inside_a_known_original_is_covered() {
        let lexicon =
            Lexicon::from_tsv_str("power\tenergy\nrings of energy\trings of power\n", "t").unwrap();
        let p = Protected::build(&lexicon);
        let text = "The Rings of Power and the power grid";
        let tokens = crate::text::tokenize::tokenize(text);
        assert!(
            p.covers("power", text, &tokens, 3, 4),
            "power inside the title"
        );
        assert!(!p.covers("power", text, &tokens, 6, 7), "power on its own");
        assert!(
            !p.covers("rings of energy", text, &tokens, 1, 4),
            "the whole phrase is not inside itself"
        );
    }
}
