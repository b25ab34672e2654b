//! Leftover spintax: `{dollars}` and `{big|large|huge}` braces a spinner failed to expand.
//!
//! Spinners take templates where `{a|b|c}` means "pick one". A careless run leaves the
//! braces in the output. A brace group counts only when it holds words and nothing else
//! (letters, digits, spaces, apostrophes, hyphens, periods), has no nested braces and no
//! line break, and is at most [`MAX_SPINTAX_LEN`] bytes: that keeps code (`{x: 1}`),
//! templates with punctuation and JSON out.
//!
//! Braces are also markup. A group glued to a word or a markup character on either side
//! (`\emph{local}`, `x^{2}`, `\frac{a}{b}`, `f{x}`) is an argument, not a leftover. And a
//! text that holds more single-option groups than a spinner leaves (more than
//! [`MAX_SINGLE_LEFTOVERS`], and more than one per [`SINGLE_LEFTOVER_WORDS`] words) uses
//! them as a convention, like the Jargon File's `{holy wars}` cross-references: its
//! single-option groups are not findings. Groups with alternatives (`{big|large}`) count
//! unless their options mix capitalised and lower-case words: a spinner's options fill
//! one slot and share its case, while API references annotate types so
//! (`{string|Buffer|URL}`). Measured: the real spun pages of the training corpus hold at most two
//! single-option groups each, while 89 % of 300-word passages of the plain-text Jargon
//! File hold at least one and a third of them were called spun on braces alone.

use crate::span::Span;

/// Longest brace group (in bytes, braces included) considered spintax.
pub const MAX_SPINTAX_LEN: usize = 120;

/// Weight of a single-word leftover such as `{dollars}`: real evidence, but templating
/// text (`Hello {name}`) looks the same, so it needs support from other findings (or a
/// passage the model is sure is spun: passage acceptance).
pub const SINGLE_OPTION_WEIGHT: f32 = 0.6;
/// Weight of a group with alternatives such as `{big|large}`: almost never normal prose.
pub const ALTERNATIVES_WEIGHT: f32 = 0.9;

/// More single-option groups than this in one text may be a markup convention.
pub const MAX_SINGLE_LEFTOVERS: usize = 2;
/// A text with more than [`MAX_SINGLE_LEFTOVERS`] single-option groups and at least one
/// per this many words uses braces as markup.
pub const SINGLE_LEFTOVER_WORDS: usize = 300;

/// One brace group: its span (braces included) and its options in order.
pub(crate) struct SpintaxGroup<'a> {
    pub span: Span,
    pub options: Vec<&'a str>,
}

fn is_option_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, ' ' | '\'' | '’' | '-' | '.' | '\u{a0}')
}

/// A character that makes a brace next to it an argument of markup or code.
fn is_markup_neighbour(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(
            c,
            '\\' | '_' | '^' | '$' | '{' | '}' | '[' | ']' | '=' | '#' | '@' | '%'
        )
}

/// Every spintax group in `text`, in order.
#[cfg(test)]
pub(crate) fn find_spintax(text: &str) -> Vec<SpintaxGroup<'_>> {
    find_spintax_ruled(text, None)
}

/// Every spintax group in `text`, in order, with the markup-convention rule decided by
/// `singles_are_markup` when given (a long text read in slices decides it once for the
/// whole text, [`SpintaxCensus`]) and on `text` itself otherwise.
pub(crate) fn find_spintax_ruled(
    text: &str,
    singles_are_markup: Option<bool>,
) -> Vec<SpintaxGroup<'_>> {
    let mut groups = brace_groups(text);
    let markup = singles_are_markup.unwrap_or_else(|| {
        let singles = groups.iter().filter(|g| g.options.len() == 1).count();
        // Count words only as far as the rule needs: a full count of a long text cost
        // more than matching it.
        let words_needed = singles * SINGLE_LEFTOVER_WORDS;
        singles > MAX_SINGLE_LEFTOVERS
            && text.split_whitespace().take(words_needed + 1).count() <= words_needed
    });
    if markup {
        groups.retain(|g| g.options.len() > 1);
    }
    groups
}

/// What the markup-convention rule needs to know of a whole text, counted piece by piece
/// (pieces cut just after a line break, which no brace group and no word crosses).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct SpintaxCensus {
    /// Single-option brace groups.
    pub singles: usize,
    /// Words as the rule counts them (runs of non-whitespace).
    pub words: usize,
}

impl SpintaxCensus {
    /// Count the next piece of the text.
    pub(crate) fn add(&mut self, piece: &str) {
        self.singles += brace_groups(piece)
            .iter()
            .filter(|g| g.options.len() == 1)
            .count();
        self.words += piece.split_whitespace().count();
    }

    /// The rule's verdict on the whole text: its single-option groups are markup.
    pub(crate) fn singles_are_markup(&self) -> bool {
        self.singles > MAX_SINGLE_LEFTOVERS && self.words <= self.singles * SINGLE_LEFTOVER_WORDS
    }
}

/// Every word-only brace group of `text` that is not glued to markup, in order.
fn brace_groups(text: &str) -> Vec<SpintaxGroup<'_>> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut pos = 0;
    // A vectorised byte search: most texts have no brace at all.
    while let Some(offset) = memchr::memchr(b'{', &bytes[pos..]) {
        let open = pos + offset;
        pos = open + 1;
        let limit = (open + MAX_SPINTAX_LEN).min(bytes.len());
        // `{` and `}` are ASCII, so their byte positions are char boundaries. The scan stops
        // at the next `{` (a nested group is never spintax, and the next search starts
        // there), so each byte is looked at a bounded number of times: linear time even on
        // `{{{{...` soup.
        let Some(close) = bytes[open + 1..limit]
            .iter()
            .position(|&b| b == b'}' || b == b'{')
        else {
            continue;
        };
        let close = open + 1 + close;
        if bytes[close] == b'{' {
            pos = close;
            continue;
        }
        let inner = &text[open + 1..close];
        if !inner.chars().all(|c| is_option_char(c) || c == '|') {
            continue;
        }
        let glued = text[..open]
            .chars()
            .next_back()
            .is_some_and(is_markup_neighbour)
            || text[close + 1..]
                .chars()
                .next()
                .is_some_and(is_markup_neighbour);
        if glued {
            pos = close + 1;
            continue;
        }
        let options: Vec<&str> = inner.split('|').map(str::trim).collect();
        if options
            .iter()
            .any(|o| o.is_empty() || !o.chars().any(char::is_alphabetic))
        {
            continue;
        }
        // A spinner's options are synonyms for one slot and share its capitalisation
        // (`{big|large}`, `{The|A}`); mixed ones are type annotations (`{string|Buffer}`).
        let capitalised = |o: &&str| o.chars().next().is_some_and(char::is_uppercase);
        if options.iter().any(capitalised) && !options.iter().all(capitalised) {
            pos = close + 1;
            continue;
        }
        out.push(SpintaxGroup {
            span: Span::new(open, close + 1),
            options,
        });
        pos = close + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_only_word_brace_groups() {
        let text = "It cost 5 {dollars} and {big|large} fees; code {x: 1}, {} {a{b}} {|x} {2020} {unclosed";
        let groups: Vec<(&str, Vec<&str>)> = find_spintax(text)
            .into_iter()
            .map(|g| (&text[g.span.range()], g.options))
            .collect();
        assert_eq!(
            groups,
            [
                ("{dollars}", vec!["dollars"]),
                ("{big|large}", vec!["big", "large"]),
            ]
        );
    }

    fn found(text: &str) -> Vec<&str> {
        find_spintax(text)
            .into_iter()
            .map(|g| &text[g.span.range()])
            .collect()
    }

    #[test]
    fn groups_glued_to_markup_are_arguments() {
        let text = r"the set \mathcal{S}, \emph{local} and \frac{a}{b}, x^{two}, f{x} and [{y}]";
        assert!(found(text).is_empty(), "{:?}", found(text));
        // Prose punctuation next to a leftover leaves it a leftover.
        assert_eq!(
            found("a work of {hardware}, “{twice}” (and {big|large})."),
            ["{hardware}", "{twice}", "{big|large}"]
        );
    }

    #[test]
    fn alternatives_of_mixed_case_are_type_annotations() {
        assert_eq!(
            found("path {string|Buffer|URL} and {The|A} {big|large} {USA|UK}"),
            ["{The|A}", "{big|large}", "{USA|UK}"]
        );
    }

    #[test]
    fn many_single_option_groups_are_a_markup_convention() {
        let words = |n: usize| vec!["word"; n].join(" ");
        // Two in a short text: as many as a spinner leaves.
        let two = format!("See {{holy wars}} and {{theology}}. {}", words(20));
        assert_eq!(found(&two), ["{holy wars}", "{theology}"]);
        // Three in 300 words: a convention, so none counts; alternatives still do.
        let three = format!(
            "See {{holy wars}}, {{theology}} and {{bigot}} or {{this|that}}. {}",
            words(290)
        );
        assert_eq!(found(&three), ["{this|that}"]);
        // Three spread over a long text: leftovers again.
        let spread = format!(
            "A {{first}} {} a {{second}} {} a {{third}}.",
            words(500),
            words(500)
        );
        assert_eq!(found(&spread), ["{first}", "{second}", "{third}"]);
    }
}
