//! Character classes shared by the tokenizer and the look-alike check, so both agree on
//! what a word is; and the byte classes tested on eight packed bytes at once (by the
//! tokenizer, a match's case test and the JSON writer).

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

/// Eight bytes of every position: the low bit of each (for tests on eight bytes at once:
/// the tokenizer's word scan, a match's case test, the JSON writer's escapes).
pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;
/// Eight bytes of every position: the high bit of each.
pub(crate) const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` (eight packed bytes) that lies in `A..=Z`, the others
/// clear. Every byte of `x` must be below 0x80: then the sums never carry into the next
/// byte.
#[inline]
pub(crate) fn ascii_upper_bytes(x: u64) -> u64 {
    let at_least_a = x.wrapping_add(ONES * u64::from(0x80 - b'A'));
    let above_z = x.wrapping_add(ONES * u64::from(0x80 - b'Z' - 1));
    at_least_a & !above_z & HIGH
}

/// Whether any of the eight packed bytes of `v` is 0. (The subtraction may also mark a
/// byte above a true zero, which does not change the answer.)
#[inline]
pub(crate) fn any_zero_byte(v: u64) -> bool {
    v.wrapping_sub(ONES) & !v & HIGH != 0
}

/// Two questions a match asks of its bytes, in one look at them: is it lower-case ASCII
/// (no byte in `A..=Z` and none past ASCII), and does it hold a `(` or `[`? Eight bytes at
/// a time: a byte-by-byte loop was about a hundred instructions a finding.
pub(crate) fn lower_ascii_and_bracket(bytes: &[u8]) -> (bool, bool) {
    let (mut not_lower, mut bracket) = (0u64, false);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(chunk);
        let x = u64::from_le_bytes(eight);
        // A byte past ASCII is caught by its own high bit; the case test sees the seven
        // low bits of every byte, as it needs.
        not_lower |= x | ascii_upper_bytes(x & !HIGH);
        bracket |= any_zero_byte(x ^ (ONES * u64::from(b'(')))
            | any_zero_byte(x ^ (ONES * u64::from(b'[')));
    }
    let mut lower = not_lower & HIGH == 0;
    for &b in chunks.remainder() {
        lower &= !(b.is_ascii_uppercase() || b >= 0x80);
        bracket |= b == b'(' || b == b'[';
    }
    (lower, bracket)
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
