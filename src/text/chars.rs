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

/// Two questions a match asks of its bytes, in one look at them: is it lower-case ASCII
/// (no byte in `A..=Z` and none past ASCII), and does it hold a `(` or `[`? Eight bytes at
/// a time: a byte-by-byte loop was about a hundred instructions a finding.
pub(crate) fn lower_ascii_and_bracket(bytes: &[u8]) -> (bool, bool) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte of `v` that is zero (exact: the sums never carry).
    let zero_bytes = |v: u64| !(((v & !HIGH).wrapping_add(!HIGH)) | v) & HIGH;
    let (mut not_lower, mut bracket) = (0u64, 0u64);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(chunk);
        let x = u64::from_le_bytes(eight);
        // Seven-bit bytes, so the additions below never carry; a byte past ASCII is
        // caught by its high bit whatever its low bits look like.
        let y = x & !HIGH;
        let at_least_a = y.wrapping_add(ONES * u64::from(0x80 - b'A'));
        let past_z = y.wrapping_add(ONES * u64::from(0x80 - b'Z' - 1));
        not_lower |= x | (at_least_a & !past_z);
        bracket |=
            zero_bytes(x ^ (ONES * u64::from(b'('))) | zero_bytes(x ^ (ONES * u64::from(b'[')));
    }
    let (mut lower, mut any_bracket) = (not_lower & HIGH == 0, bracket != 0);
    for &b in chunks.remainder() {
        lower &= !(b.is_ascii_uppercase() || b >= 0x80);
        any_bracket |= b == b'(' || b == b'[';
    }
    (lower, any_bracket)
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

#[cfg(test)]
mod tests {
    use super::lower_ascii_and_bracket;

    /// The byte-by-byte answer.
    fn plain(bytes: &[u8]) -> (bool, bool) {
        let lower = bytes
            .iter()
            .all(|&b| !(b.is_ascii_uppercase() || b >= 0x80));
        let bracket = bytes.iter().any(|&b| b == b'(' || b == b'[');
        (lower, bracket)
    }

    #[test]
    fn eight_bytes_at_a_time_answer_as_one_at_a_time() {
        // Every byte value at every position of strings of 0 to 18 bytes, among neighbours
        // that sit next to the ranges tested (`@` before `A`, `Z` and `[`, `'` and `)`
        // around `(`), so that a borrow or carry between bytes would show.
        let fillers: [&[u8]; 3] = [
            b"abcdefghijklmnopqrs",
            b"@Z[')(zAa0 @Z[')(z",
            b"\x7f\x80\xc3\xa9 ()[]{}AZaz09@`xyz",
        ];
        for filler in fillers {
            for len in 0..filler.len().min(19) {
                for at in 0..len {
                    for b in 0..=255u8 {
                        let mut bytes = filler[..len].to_vec();
                        bytes[at] = b;
                        assert_eq!(lower_ascii_and_bracket(&bytes), plain(&bytes), "{bytes:?}");
                    }
                }
                assert_eq!(
                    lower_ascii_and_bracket(&filler[..len]),
                    plain(&filler[..len])
                );
            }
        }
        assert_eq!(
            lower_ascii_and_bracket(b"the statement read"),
            (true, false)
        );
        assert_eq!(
            lower_ascii_and_bracket(b"the Statement (read"),
            (false, true)
        );
        assert_eq!(lower_ascii_and_bracket(b"caf\xc3\xa9 [x]"), (false, true));
    }
}
