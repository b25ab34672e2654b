//! Leftover spintax: `{dollars}` and `{big|large|huge}` braces a spinner failed to expand.
//!
//! Spinners take templates where `{a|b|c}` means "pick one". A careless run leaves the
//! braces in the output. A brace group counts only when it holds words and nothing else
//! (letters, digits, spaces, apostrophes, hyphens, periods), has no nested braces and no
//! line break, and is at most [`MAX_SPINTAX_LEN`] bytes: that keeps code (`{x: 1}`),
//! templates with punctuation and JSON out.

use crate::span::Span;

/// Longest brace group (in bytes, braces included) considered spintax.
pub const MAX_SPINTAX_LEN: usize = 120;

/// Weight of a single-word leftover such as `{dollars}`: real evidence, but templating
/// text (`Hello {name}`) looks the same, so it needs support from other findings.
pub const SINGLE_OPTION_WEIGHT: f32 = 0.6;
/// Weight of a group with alternatives such as `{big|large}`: almost never normal prose.
pub const ALTERNATIVES_WEIGHT: f32 = 0.9;

/// One brace group: its span (braces included) and its options in order.
pub(crate) struct SpintaxGroup<'a> {
    pub span: Span,
    pub options: Vec<&'a str>,
}

fn is_option_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, ' ' | '\'' | '’' | '-' | '.' | '\u{a0}')
}

/// Every spintax group in `text`, in order.
pub(crate) fn find_spintax(text: &str) -> Vec<SpintaxGroup<'_>> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut pos = 0;
    // `str::find` on a char uses a vectorised byte search.
    while let Some(offset) = text[pos..].find('{') {
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
        let options: Vec<&str> = inner.split('|').map(str::trim).collect();
        if options
            .iter()
            .any(|o| o.is_empty() || !o.chars().any(char::is_alphabetic))
        {
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
                ("{b}", vec!["b"]),
            ]
        );
    }
}
