#![no_main]
//! The `despin --jsonl` reader on any bytes: every non-blank line yields exactly one
//! record, in order, and a good line is never dropped; strict mode yields a prefix of the
//! same records ending at the first bad line.

use despin_fuzz::jsonl::{for_each_record, parse_record, Record};
use libfuzzer_sys::fuzz_target;

fn records(data: &[u8], strict: bool) -> (Vec<(usize, Record)>, bool) {
    let mut out = Vec::new();
    let all_good = for_each_record(data, strict, |n, r| {
        out.push((n, r));
        Ok(())
    })
    .expect("reading a slice does not fail");
    (out, all_good)
}

fuzz_target!(|data: &[u8]| {
    let (lenient, all_good) = records(data, false);
    // Same answer, line by line, as parsing each line alone.
    let expected: Vec<(usize, Record)> = data
        .split_inclusive(|&b| b == b'\n')
        .enumerate()
        .filter_map(|(i, line)| parse_record(line).transpose().map(|r| (i + 1, r)))
        .collect();
    assert_eq!(lenient, expected);
    assert_eq!(all_good, lenient.iter().all(|(_, r)| r.is_ok()));
    let (strict, strict_good) = records(data, true);
    let first_bad = lenient.iter().position(|(_, r)| r.is_err());
    let keep = first_bad.map_or(lenient.len(), |p| p + 1);
    assert_eq!(strict, lenient[..keep]);
    assert_eq!(strict_good, all_good);
    if let Some((_, Ok((_, text)))) = lenient.first() {
        despin_fuzz::check_detector(despin::Detector::builtin(), text);
    }
});
