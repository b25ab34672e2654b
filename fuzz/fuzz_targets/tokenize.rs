#![no_main]
//! Tokenising and key normalisation of any string.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    despin_fuzz::check_tokens(text);
    let key = despin::normalize_key(text);
    // A key never starts or ends with a space and never has two in a row.
    assert!(!key.starts_with(' ') && !key.ends_with(' ') && !key.contains("  "));
    // The ASCII fast path and the Unicode path agree: appending a non-ASCII word only
    // appends its key.
    let longer = despin::normalize_key(&format!("{text} é"));
    let expected = if key.is_empty() {
        "é".to_owned()
    } else {
        format!("{key} é")
    };
    assert_eq!(longer, expected);
});
