//! A [`Record`] written as JSON by hand: the bytes `serde_json` writes for it, without its
//! per-byte escaping loop and per-field dispatch.
//!
//! Why: in `despin --jsonl` writing the answers took about a fifth of the process (a
//! record carries the whole reconstructed text, and the escaper looked at it byte by
//! byte). Here a string is copied in runs, eight bytes tested at a time for the three
//! kinds of byte JSON escapes. Numbers, the `id` and the paper screen still go through
//! `serde_json`, so their text cannot drift; a unit test holds the whole output equal to
//! `serde_json::to_string` on records of every shape.

use super::{round3, FindingFields, PaperRecord, Record, RecordSection};
use crate::scoring::score::Report;
use crate::text::chars::{any_zero_byte, HIGH, ONES};
use serde_json::ser::{CompactFormatter, Formatter};
use serde_json::Value;
use std::io;

impl Record {
    /// Append the record to `out` as one line of JSON without the line end: byte for byte
    /// what `serde_json::to_writer(out, self)` writes. Fails only where `serde_json`
    /// would (an `id` it cannot write).
    pub(crate) fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        // Every field named: a field added to `Record` stops this compiling until it is
        // written here too (the derived `Serialize` would write it, this would not).
        let Record {
            findings,
            id,
            paper,
            reconstructed,
            score,
            sections,
            spun,
            unaccepted,
            words,
        } = self;
        write_record(
            out,
            RecordParts {
                findings: findings.iter(),
                id,
                paper: paper.as_ref(),
                reconstructed,
                score: *score,
                sections: sections.iter().cloned(),
                spun: *spun,
                unaccepted: unaccepted.iter(),
                words: *words,
            },
        )
    }

    /// Append the record of `text`, `report` and `id` to `out` as [`write_json`] would
    /// write [`Record::from_report`]`(id, text, report)`, without building the record
    /// (its strings are copies of the report's: building and dropping them cost a tenth of
    /// answering a record).
    ///
    /// [`write_json`]: Record::write_json
    pub(crate) fn write_report_json(
        out: &mut Vec<u8>,
        id: &Value,
        text: &str,
        report: &Report,
    ) -> serde_json::Result<()> {
        let reconstructed = report.reconstruct(text).text;
        out.reserve(json_size_hint(
            &reconstructed,
            report.findings.iter(),
            report.score.sections.len(),
        ));
        write_record(
            out,
            RecordParts {
                findings: report.findings.iter().filter(|f| f.accepted),
                id,
                paper: None,
                reconstructed: &reconstructed,
                score: round3(report.score.score),
                sections: report.score.sections.iter().map(RecordSection::of),
                spun: report.score.spun,
                unaccepted: report.findings.iter().filter(|f| !f.accepted),
                words: report.score.words,
            },
        )
    }

    /// A rough size of the record's JSON, to reserve the buffer once.
    pub(crate) fn json_size_hint(&self) -> usize {
        json_size_hint(
            &self.reconstructed,
            self.findings.iter().chain(&self.unaccepted),
            self.sections.len(),
        )
    }
}

/// A rough size of a record's JSON with this reconstruction, these findings (accepted or
/// not) and this many sections.
fn json_size_hint<'a, F: FindingFields + 'a>(
    reconstructed: &str,
    findings: impl Iterator<Item = &'a F>,
    sections: usize,
) -> usize {
    // Each finding writes its text, original and candidates plus about 130 bytes of keys
    // and numbers; the text may grow by escapes, which are rare.
    let finding = |f: &F| {
        160 + f.text().len() + f.original().len() + f.candidates().map(str::len).sum::<usize>()
    };
    128 + reconstructed.len()
        + reconstructed.len() / 16
        + findings.map(finding).sum::<usize>()
        + 64 * sections
}

/// The fields of a record in the order they are written (alphabetical, as the derived
/// `Serialize` writes them), from a [`Record`] or straight from a [`Report`].
struct RecordParts<'a, A, U, S> {
    findings: A,
    id: &'a Value,
    paper: Option<&'a PaperRecord>,
    reconstructed: &'a str,
    score: f64,
    sections: S,
    spun: bool,
    unaccepted: U,
    words: usize,
}

fn write_record<'a, F, A, U, S>(
    out: &mut Vec<u8>,
    parts: RecordParts<'a, A, U, S>,
) -> serde_json::Result<()>
where
    F: FindingFields + 'a,
    A: Iterator<Item = &'a F>,
    U: Iterator<Item = &'a F>,
    S: Iterator<Item = RecordSection>,
{
    out.extend_from_slice(b"{\"findings\":");
    write_findings(out, parts.findings);
    out.extend_from_slice(b",\"id\":");
    serde_json::to_writer(&mut *out, parts.id)?;
    if let Some(paper) = parts.paper {
        out.extend_from_slice(b",\"paper\":");
        serde_json::to_writer(&mut *out, paper)?;
    }
    out.extend_from_slice(b",\"reconstructed\":");
    write_str(out, parts.reconstructed);
    out.extend_from_slice(b",\"score\":");
    write_f64(out, parts.score);
    out.extend_from_slice(b",\"sections\":[");
    for (k, s) in parts.sections.enumerate() {
        if k > 0 {
            out.push(b',');
        }
        write_section(out, &s);
    }
    out.extend_from_slice(b"],\"spun\":");
    out.extend_from_slice(if parts.spun { b"true" } else { b"false" });
    out.extend_from_slice(b",\"unaccepted\":");
    write_findings(out, parts.unaccepted);
    out.extend_from_slice(b",\"words\":");
    write_usize(out, parts.words);
    out.push(b'}');
    Ok(())
}

fn write_findings<'a, F: FindingFields + 'a>(
    out: &mut Vec<u8>,
    findings: impl Iterator<Item = &'a F>,
) {
    out.push(b'[');
    for (k, f) in findings.enumerate() {
        if k > 0 {
            out.push(b',');
        }
        write_finding(out, f);
    }
    out.push(b']');
}

fn write_finding(out: &mut Vec<u8>, f: &impl FindingFields) {
    out.extend_from_slice(b"{\"candidates\":[");
    for (k, c) in f.candidates().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        write_str(out, c);
    }
    out.extend_from_slice(b"],\"confidence\":");
    write_f64(out, f.confidence());
    out.extend_from_slice(b",\"end\":");
    write_usize(out, f.end());
    out.extend_from_slice(b",\"family\":");
    write_str(out, f.family().label());
    out.extend_from_slice(b",\"in_quote\":");
    out.extend_from_slice(if f.in_quote() { b"true" } else { b"false" });
    out.extend_from_slice(b",\"original\":");
    write_str(out, f.original());
    out.extend_from_slice(b",\"start\":");
    write_usize(out, f.start());
    out.extend_from_slice(b",\"text\":");
    write_str(out, f.text());
    out.extend_from_slice(b",\"tier\":");
    write_str(out, f.tier().label());
    out.push(b'}');
}

fn write_section(out: &mut Vec<u8>, section: &RecordSection) {
    // Every field named, as in `Record::write_json`.
    let RecordSection {
        end,
        score,
        start,
        words,
    } = section;
    out.extend_from_slice(b"{\"end\":");
    write_usize(out, *end);
    out.extend_from_slice(b",\"score\":");
    write_f64(out, *score);
    out.extend_from_slice(b",\"start\":");
    write_usize(out, *start);
    out.extend_from_slice(b",\"words\":");
    write_usize(out, *words);
    out.push(b'}');
}

/// Writing to a `Vec` cannot fail; the formatter's `io::Result` is only its signature.
fn infallible(result: io::Result<()>) {
    debug_assert!(result.is_ok());
}

fn write_usize(out: &mut Vec<u8>, n: usize) {
    infallible(CompactFormatter.write_u64(out, n as u64));
}

/// As `serde_json` writes an `f64`: `null` when it is not finite.
fn write_f64(out: &mut Vec<u8>, x: f64) {
    if x.is_finite() {
        infallible(CompactFormatter.write_f64(out, x));
    } else {
        out.extend_from_slice(b"null");
    }
}

/// Whether any of eight bytes is one JSON escapes: a control byte (< 0x20), `"` or `\`.
#[inline]
fn needs_escape(x: u64) -> bool {
    // Bytes below 0x20: subtracting 0x20 borrows into the high bit; bytes >= 0x80 are
    // excluded by `!x`.
    let control = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
    (control != 0)
        | any_zero_byte(x ^ (ONES * u64::from(b'"')))
        | any_zero_byte(x ^ (ONES * u64::from(b'\\')))
}

/// A JSON string: `s` in quotes, escaped exactly as `serde_json` escapes it (`\"`, `\\`,
/// `\b`, `\t`, `\n`, `\f`, `\r`, other control bytes as `\u00XX` in lower-case hex;
/// everything else, non-ASCII included, as it is).
fn write_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    // Start of the run not yet copied.
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Skip eight clean bytes at a time.
        if let Some(eight) = bytes.get(i..i + 8) {
            let mut b = [0u8; 8];
            b.copy_from_slice(eight);
            if !needs_escape(u64::from_le_bytes(b)) {
                i += 8;
                continue;
            }
        }
        let byte = bytes[i];
        let escape: &[u8] = match byte {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            0x0C => b"\\f",
            b'\r' => b"\\r",
            0x00..=0x1F => &[],
            _ => {
                i += 1;
                continue;
            }
        };
        out.extend_from_slice(&bytes[run..i]);
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(byte >> 4)],
                HEX[usize::from(byte & 0xF)],
            ]);
        } else {
            out.extend_from_slice(escape);
        }
        i += 1;
        run = i;
    }
    out.extend_from_slice(&bytes[run..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Detector, Family, Tier};
    use serde_json::json;

    fn by_hand(record: &Record) -> String {
        let mut out = Vec::new();
        record.write_json(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn strings_escape_as_serde_json_escapes_them() {
        // Every byte below 0x80 at every offset of an eight-byte group, and non-ASCII text.
        let mut cases: Vec<String> = (0u8..0x80)
            .flat_map(|b| {
                let c = char::from(b);
                (0..10).map(move |k| format!("{}{c}{}", "a".repeat(k), "b".repeat(9 - k)))
            })
            .collect();
        cases.extend(
            [
                "",
                "\"",
                "\\\\\"\"",
                "tab\there\r\nand\u{1f}\u{0}\u{7f}",
                "naïve “quoted” café — 東京 \u{2028}",
                "0123456789abcdef\"0123456789abcdef\\",
            ]
            .map(String::from),
        );
        for s in cases {
            let mut out = Vec::new();
            write_str(&mut out, &s);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(&s).unwrap()
            );
        }
    }

    #[test]
    fn records_write_as_serde_json_writes_them() {
        let detector = Detector::builtin();
        let texts = [
            "",
            "The minister mentioned the 3rd spherical of talks would start final yr.",
            "\"Quoted\tspun\" text: the assertion learn, {dollars|bucks} and pаyment\r\n\u{0}",
            "Clean text about a round of talks.",
        ];
        let ids = [
            json!(null),
            json!(1),
            json!("a-1"),
            json!(-3.25),
            json!({"k": [1, "two", null, true]}),
            json!(18446744073709551615u64),
        ];
        let mut records = Vec::new();
        for (k, text) in texts.iter().enumerate() {
            records.push(detector.record(ids[k % ids.len()].clone(), text));
        }
        // A long text has sections.
        let long = "The minister mentioned the spherical of talks final yr. ".repeat(200);
        let mut sectioned = detector.record(ids[4].clone(), &long);
        assert!(!sectioned.sections.is_empty(), "a long text has sections");
        // Shapes the detector does not make but a caller can: odd labels and numbers.
        if let Some(f) = sectioned.findings.first_mut() {
            f.family = Family::from_label("my \"family\"\n");
            f.tier = Tier::Homoglyph;
            f.confidence = f64::NAN;
            f.candidates = vec![String::new(), "a\\b".into()];
        }
        sectioned.score = f64::INFINITY;
        sectioned.sections[0].score = 1e-7;
        records.push(sectioned);
        let with_paper = detector.paper_record(json!("p"), texts[1], &[]);
        assert!(with_paper.paper.is_some());
        records.push(with_paper);
        for record in &records {
            assert_eq!(by_hand(record), serde_json::to_string(record).unwrap());
        }
    }

    #[test]
    fn labels_are_what_serde_writes_for_tiers_and_families() {
        // The writer writes `label()`; `Serialize` derives its own names. Tied here.
        for tier in [
            Tier::Exact,
            Tier::Stemmed,
            Tier::Fuzzy,
            Tier::Spintax,
            Tier::Homoglyph,
        ] {
            let mut out = Vec::new();
            write_str(&mut out, tier.label());
            assert_eq!(out, serde_json::to_vec(&tier).unwrap());
        }
        for family in [
            Family::NewsSpinner,
            Family::NewsSpinnerNames,
            Family::TorturedScience,
            Family::Spintax,
            Family::Homoglyph,
            Family::Unlisted,
            Family::custom(),
            Family::from_label("my \"odd\"\u{1}label"),
        ] {
            let mut out = Vec::new();
            write_str(&mut out, family.label());
            assert_eq!(out, serde_json::to_vec(&family).unwrap());
        }
    }

    #[test]
    fn reports_write_as_their_records_do() {
        let detector = Detector::builtin();
        let long = "The minister mentioned the spherical of talks final yr. \"He mentioned it.\" "
            .repeat(150);
        for text in [
            "",
            "It rose final yr.",
            "\"Quoted\tspun\" text: the assertion learn, {dollars|bucks} and pаyment\r\n\u{0}",
            long.as_str(),
        ] {
            let report = detector.analyze(text);
            for id in [json!(null), json!({"a": "b\n"})] {
                let mut out = Vec::new();
                Record::write_report_json(&mut out, &id, text, &report).unwrap();
                let record = Record::from_report(id, text, &report);
                assert_eq!(
                    String::from_utf8(out).unwrap(),
                    serde_json::to_string(&record).unwrap()
                );
            }
        }
    }

    #[test]
    fn the_size_hint_covers_ordinary_records() {
        let detector = Detector::builtin();
        let text = "The minister mentioned the 3rd spherical of talks would start final yr. ";
        let record = detector.record(json!(1), &text.repeat(20));
        assert!(record.json_size_hint() >= by_hand(&record).len());
    }
}
