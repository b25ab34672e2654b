//! The despin lexicon TSV format.
//!
//! One pair per line, fields separated by TAB:
//! `spun<TAB>original[<TAB>family[<TAB>weight[<TAB>context]]]`. Blank lines and lines
//! whose first non-space character is `#` are skipped. Missing family defaults to
//! `custom`, missing weight to 1.0, so a plain two-column file loads; `context` is single
//! words separated by spaces (see [`Entry::context`]). A UTF-8 byte-order mark and CRLF
//! line ends are accepted, and so is a header row naming the columns (`spun<TAB>original`,
//! any case, as the first row that is not blank or a comment).

use super::pairs::{Entry, Lexicon, PairKey, DEFAULT_WEIGHT};
use super::skip::{SkipReason, SkippedRow};
use crate::error::{Error, Result};
use crate::family::Family;
use serde::{Deserialize, Serialize};
use std::io::BufRead;
use std::path::Path;

/// The family label of rows that give none: [`Family::custom`]'s (a test holds them
/// equal), as a label so that a row without one shares the last row's family too.
const DEFAULT_FAMILY: &str = "custom";

/// The column names a header row may give, in order.
const HEADER: [&str; 5] = ["spun", "original", "family", "weight", "context"];

/// The original field of a [flag-only](crate::Entry::flag_only) row: the correction is
/// unknown, so matches are reported but never rewritten.
pub(crate) const FLAG_ONLY_ORIGINAL: &str = "???";

/// True when `line`'s fields are the column names, in order (at least `spun` and
/// `original`; case and surrounding spaces ignored).
fn is_header(line: &str) -> bool {
    let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
    fields.len() >= 2
        && fields.len() <= HEADER.len()
        && fields
            .iter()
            .zip(HEADER)
            .all(|(f, name)| f.eq_ignore_ascii_case(name))
}

/// What reading a TSV source found.
pub(super) struct Parsed {
    pub lexicon: Lexicon,
    /// Data rows (not blank, comment or header lines).
    pub rows: usize,
    /// Rows that became an entry.
    pub loaded_rows: usize,
    /// Line of the header row, if the first row was one.
    pub header: Option<usize>,
    /// Lines read.
    pub lines: usize,
    /// Rows that did not become an entry (lenient reading only).
    pub skipped: Vec<SkippedRow>,
}

/// Read TSV; strict reading stops at the first bad row with an error naming it, lenient
/// reading skips and lists bad rows. I/O errors are errors either way.
pub(super) fn parse(mut reader: impl BufRead, source: &str, lenient: bool) -> Result<Parsed> {
    let mut parsed = Parsed {
        lexicon: Lexicon::new(),
        rows: 0,
        loaded_rows: 0,
        header: None,
        lines: 0,
        skipped: Vec::new(),
    };
    let mut buf = Vec::new();
    let mut seen_row = false;
    let mut scratch = RowScratch::default();
    loop {
        buf.clear();
        let n = reader
            .read_until(b'\n', &mut buf)
            .map_err(|error| Error::Io {
                source_name: source.to_owned(),
                error,
            })?;
        if n == 0 {
            break;
        }
        parsed.lines += 1;
        let line_no = parsed.lines;
        let line = match std::str::from_utf8(&buf) {
            Ok(line) => line,
            Err(e) => {
                let message = format!("invalid UTF-8 at byte {} of the line", e.valid_up_to() + 1);
                if !lenient {
                    return Err(Error::lexicon(source, line_no, None, message));
                }
                seen_row = true;
                parsed.rows += 1;
                let lossy = String::from_utf8_lossy(&buf);
                let first = lossy.split('\t').next().unwrap_or_default().trim();
                parsed.skipped.push(SkippedRow {
                    line: line_no,
                    fingerprint: first.to_owned(),
                    reason: SkipReason::Malformed(message),
                });
                continue;
            }
        };
        let line = if line_no == 1 {
            line.trim_start_matches('\u{feff}')
        } else {
            line
        };
        // The line without its end (`\n`, `\r\n`, or any run of both), cut at bytes: a
        // pattern of two chars was a tenth of a large file's load.
        let end = line
            .bytes()
            .rev()
            .take_while(|b| matches!(b, b'\n' | b'\r'))
            .count();
        let line = &line[..line.len() - end];
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if !seen_row {
            seen_row = true;
            if is_header(line) {
                parsed.header = Some(line_no);
                continue;
            }
        }
        parsed.rows += 1;
        match parse_row(line, &mut scratch) {
            Ok(entry) => {
                parsed.lexicon.insert_keyed(entry, &scratch.key);
                parsed.loaded_rows += 1;
            }
            Err(bad) if lenient => {
                let first = line.split('\t').next().unwrap_or_default().trim();
                let detail = match bad.column {
                    Some(c) => format!("field {c}: {}", bad.message),
                    None => bad.message,
                };
                parsed.skipped.push(SkippedRow {
                    line: line_no,
                    fingerprint: first.to_owned(),
                    reason: if bad.malformed {
                        SkipReason::Malformed(detail)
                    } else {
                        SkipReason::Invalid(detail)
                    },
                });
            }
            Err(bad) => return Err(Error::lexicon(source, line_no, bad.column, bad.message)),
        }
    }
    Ok(parsed)
}

/// `field.trim()`, without decoding chars when both ends are visible ASCII (nothing to
/// trim there): the usual field, five per row.
fn trim(field: &str) -> &str {
    match field.as_bytes() {
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => field,
        [only] if only.is_ascii_graphic() => field,
        _ => field.trim(),
    }
}

/// Why a row is not an entry.
struct BadRow {
    /// The row cannot be parsed (rather than parsed into an invalid entry).
    malformed: bool,
    column: Option<usize>,
    message: String,
}

/// What one row's parsing leaves for the next: a large file repeats its family label on
/// every row, and every row needs its pair's keys once to check it and once to insert it.
#[derive(Default)]
struct RowScratch {
    /// The last row's family: an equal label shares it (one label string for a file of
    /// `custom` rows rather than one per row).
    family: Option<Family>,
    /// The last valid row's pair keys, for [`Lexicon::insert_keyed`].
    key: PairKey,
    /// The last weight field read and its value: rows repeat a few weights, and parsing a
    /// float costs more than comparing a few bytes.
    weight: (String, f32),
}

/// Parse one row (not blank, comment or header) into a validated entry, its keys left in
/// `scratch.key`.
fn parse_row(line: &str, scratch: &mut RowScratch) -> std::result::Result<Entry, BadRow> {
    // The fields in a fixed array: no vector per row. Past five only the count matters.
    // Split at TAB bytes in one scan (a TAB is ASCII, so every cut is a char boundary);
    // `str::split` searched for each TAB with a separate call.
    let mut fields = [""; 5];
    let mut count = 0;
    let mut start = 0;
    for (i, &b) in line.as_bytes().iter().enumerate() {
        if b == b'\t' {
            if count < fields.len() {
                fields[count] = &line[start..i];
            }
            count += 1;
            start = i + 1;
        }
    }
    if count < fields.len() {
        fields[count] = &line[start..];
    }
    count += 1;
    let fields = &fields[..count.min(5)];
    let err = |column: Option<usize>, message: String| BadRow {
        malformed: true,
        column,
        message,
    };
    if count < 2 {
        return Err(err(
            None,
            "expected `spun<TAB>original[<TAB>family[<TAB>weight[<TAB>context]]]`, found no TAB"
                .into(),
        ));
    }
    if count > 5 {
        return Err(err(
            Some(6),
            format!("expected 2 to 5 TAB-separated fields, found {count}"),
        ));
    }
    let context = fields.get(4).map_or("", |f| trim(f));
    if let Some(bad) = context
        .split_whitespace()
        .find(|w| crate::text::tokenize::tokenize(w).len() != 1)
    {
        return Err(err(Some(5), format!("context {bad:?} is not one word")));
    }
    let label = match fields.get(2).map(|f| trim(f)) {
        None | Some("") => DEFAULT_FAMILY,
        Some(label) => label,
    };
    let family = match &scratch.family {
        Some(last) if last.label() == label => last.clone(),
        _ => {
            let family = Family::from_label(label);
            scratch.family = Some(family.clone());
            family
        }
    };
    let weight = match fields.get(3).map(|f| trim(f)) {
        None | Some("") => DEFAULT_WEIGHT,
        Some(w) if w == scratch.weight.0 => scratch.weight.1,
        Some(w) => {
            let weight = w
                .parse::<f32>()
                .map_err(|_| err(Some(4), format!("weight {w:?} is not a number")))?;
            scratch.weight.0.clear();
            scratch.weight.0.push_str(w);
            scratch.weight.1 = weight;
            weight
        }
    };
    // `???` marks an unknown original (a flag-only entry); an empty field is a mistake.
    let original = match trim(fields[1]) {
        "" => return Err(err(Some(2), "the original side has no word in it".into())),
        FLAG_ONLY_ORIGINAL => "",
        o => o,
    };
    let entry = Entry {
        spun: trim(fields[0]).to_owned(),
        original: original.to_owned(),
        family,
        weight,
        condition: None,
        context: Vec::new(),
    }
    .with_context(context.split_whitespace());
    entry
        .validate_into(&mut scratch.key)
        .map_err(|(column, message)| BadRow {
            malformed: false,
            column,
            message,
        })?;
    Ok(entry)
}

pub(super) fn write(lexicon: &Lexicon) -> String {
    let mut out = String::new();
    for e in lexicon.entries() {
        out.push_str(&e.spun);
        out.push('\t');
        out.push_str(if e.is_flag_only() {
            FLAG_ONLY_ORIGINAL
        } else {
            &e.original
        });
        out.push('\t');
        out.push_str(e.family.label());
        out.push('\t');
        out.push_str(&format_weight(e.weight));
        if !e.context.is_empty() {
            out.push('\t');
            out.push_str(&e.context.join(" "));
        }
        out.push('\n');
    }
    out
}

/// Shortest decimal that parses back to the same `f32`.
fn format_weight(w: f32) -> String {
    format!("{w}")
}

/// What a lenient TSV load did: rows read, rows loaded, and every row skipped with its line
/// and reason ([`Lexicon::load_lenient`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TsvReport {
    /// File path or label given when loading.
    pub source_name: String,
    /// Data rows read (blank lines, comments and a header row not counted).
    pub rows: usize,
    /// Rows that became an entry (a later row with the same pair replaces an earlier one,
    /// so the lexicon may hold fewer entries).
    pub loaded_rows: usize,
    /// Line of the header row (`spun<TAB>original...`), when the file starts with one.
    pub header: Option<usize>,
    /// Rows that did not become an entry, in file order.
    pub skipped: Vec<SkippedRow>,
}

/// A TSV lexicon loaded leniently: the good rows as a lexicon, and the report of what was
/// skipped. See [`Lexicon::load_lenient`].
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct TsvList {
    /// The rows that loaded.
    pub lexicon: Lexicon,
    /// What was loaded and what was not.
    pub report: TsvReport,
}

impl Lexicon {
    /// Parse the despin TSV format (see the crate docs). `source_name` names the input in
    /// errors, e.g. the file path. The first bad row is an error naming its line; a text
    /// with no rows gives an empty lexicon (only [`load`](Self::load) refuses an empty
    /// file).
    ///
    /// ```
    /// let lex = despin::Lexicon::from_tsv_str("# mine\nspun\toriginal\nspherical\tround\nmost cancers\tcancer\tnews-spinner\t0.9\n", "inline").unwrap();
    /// assert_eq!(lex.len(), 2); // the header row `spun<TAB>original` is not a pair
    /// let err = despin::Lexicon::from_tsv_str("ok\tfine\nbroken row\n", "my.tsv").unwrap_err();
    /// assert!(err.to_string().starts_with("my.tsv:2"));
    /// ```
    pub fn from_tsv_str(text: &str, source_name: &str) -> Result<Lexicon> {
        Ok(parse(text.as_bytes(), source_name, false)?.lexicon)
    }

    /// Parse the TSV format from a reader (bytes; invalid UTF-8 is an error naming the
    /// line). Like [`from_tsv_str`](Self::from_tsv_str), an input with no rows gives an
    /// empty lexicon.
    pub fn from_tsv_reader(reader: impl BufRead, source_name: &str) -> Result<Lexicon> {
        Ok(parse(reader, source_name, false)?.lexicon)
    }

    /// Load a TSV lexicon file; errors name the path and line. The first bad row is an
    /// error (see [`load_lenient`](Self::load_lenient) to load the good rows and list the
    /// bad ones), and so is a file with no rows at all (empty, or only comments, blank
    /// lines and a header): loading it is almost always a mistake that would otherwise
    /// show only as "nothing found".
    ///
    /// ```no_run
    /// let mine = despin::Lexicon::load("my-pairs.tsv")?;
    /// let detector = despin::Detector::builder().lexicon(mine).build()?;
    /// # Ok::<(), despin::Error>(())
    /// ```
    pub fn load(path: impl AsRef<Path>) -> Result<Lexicon> {
        let (name, file) = open(path.as_ref())?;
        let parsed = parse(std::io::BufReader::new(file), &name, false)?;
        if parsed.rows == 0 {
            return Err(Error::lexicon(
                &name,
                parsed.lines.max(1),
                None,
                "no lexicon rows: the file is empty or holds only comments, blank lines \
                 and a header",
            ));
        }
        Ok(parsed.lexicon)
    }

    /// Load a TSV lexicon file leniently: every row that parses and validates is loaded,
    /// every other row is listed in the [`TsvReport`] with its line and reason (as the PPS
    /// loaders do), and only I/O errors fail. A file with no rows loads as an empty
    /// lexicon with `rows == 0` in the report.
    ///
    /// ```
    /// let dir = std::env::temp_dir().join(format!("despin-doc-lenient-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir).unwrap();
    /// let path = dir.join("mine.tsv");
    /// std::fs::write(&path, "spun\toriginal\nfinal yr\tlast year\nno tab here\nsame\tsame\n").unwrap();
    /// let list = despin::Lexicon::load_lenient(&path).unwrap();
    /// assert_eq!(list.lexicon.len(), 1);
    /// let r = &list.report;
    /// assert_eq!((r.header, r.rows, r.loaded_rows), (Some(1), 3, 1));
    /// let lines: Vec<usize> = r.skipped.iter().map(|s| s.line).collect();
    /// assert_eq!(lines, [3, 4]);
    /// assert!(r.skipped[1].reason.to_string().contains("identity pair"));
    /// ```
    pub fn load_lenient(path: impl AsRef<Path>) -> Result<TsvList> {
        let (name, file) = open(path.as_ref())?;
        Lexicon::from_tsv_reader_lenient(std::io::BufReader::new(file), &name)
    }

    /// Read TSV from a reader leniently (see [`load_lenient`](Self::load_lenient)).
    pub fn from_tsv_reader_lenient(reader: impl BufRead, source_name: &str) -> Result<TsvList> {
        let parsed = parse(reader, source_name, true)?;
        Ok(TsvList {
            lexicon: parsed.lexicon,
            report: TsvReport {
                source_name: source_name.to_owned(),
                rows: parsed.rows,
                loaded_rows: parsed.loaded_rows,
                header: parsed.header,
                skipped: parsed.skipped,
            },
        })
    }

    /// Write the lexicon in the four-column TSV format, in entry order. Conditions are
    /// not part of TSV and are left out; serialise with serde to keep them.
    pub fn to_tsv(&self) -> String {
        write(self)
    }
}

/// Open a file, with its displayed name for errors.
fn open(path: &Path) -> Result<(String, std::fs::File)> {
    let name = path.display().to_string();
    match std::fs::File::open(path) {
        Ok(file) => Ok((name, file)),
        Err(error) => Err(Error::Io {
            source_name: name,
            error,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_two_three_and_four_columns_with_comments() {
        let text = "\u{feff}# header\n\nspherical\tround\r\n  # indented comment\nmost cancers\tcancer\tnews-spinner\nfee\trate\tnews-spinner\t0.4\n";
        let lex = Lexicon::from_tsv_str(text, "t.tsv").unwrap();
        let e = lex.entries();
        assert_eq!(e.len(), 3);
        assert_eq!((e[0].family.label(), e[0].weight), ("custom", 1.0));
        assert_eq!(
            (e[1].family.clone(), e[1].weight),
            (Family::NewsSpinner, 1.0)
        );
        assert_eq!(e[2].weight, 0.4);
    }

    #[test]
    fn fields_trim_as_str_trim() {
        for field in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "ab",
            "a b",
            "\u{a0}a",
            "a\u{2003}",
            "é ",
            "\tx\r",
            "x\u{1f}",
        ] {
            assert_eq!(trim(field), field.trim(), "{field:?}");
        }
    }

    #[test]
    fn the_default_family_label_is_family_custom() {
        assert_eq!(Family::from_label(DEFAULT_FAMILY), Family::custom());
        let lex = Lexicon::from_tsv_str("a\tb\nc\td\tcustom\ne\tf\tmine\ng\th\n", "t").unwrap();
        let labels: Vec<&str> = lex.entries().iter().map(|e| e.family.label()).collect();
        assert_eq!(labels, ["custom", "custom", "mine", "custom"]);
    }

    #[test]
    fn errors_name_source_line_and_field() {
        let cases = [
            ("a\tb\nno tab here\n", "x.tsv:2: expected"),
            ("a\tb\tc\td\te\tf\n", "x.tsv:1: field 6: expected 2 to 5"),
            (
                "a\tb\tc\t0.5\twent a-b,c\n",
                "x.tsv:1: field 5: context \"a-b,c\"",
            ),
            ("a\tb\tc\t0.5\t...\n", "x.tsv:1: field 5: context \"...\""),
            ("\tb\n", "x.tsv:1: field 1: the spun side has no word"),
            ("a\t  \n", "x.tsv:1: field 2: the original side has no word"),
            ("Round\tround\n", "x.tsv:1: field 2: identity pair"),
            ("a\tb\tnews spinner\n", "x.tsv:1: field 3:"),
            (
                "a\tb\tf\theavy\n",
                "x.tsv:1: field 4: weight \"heavy\" is not a number",
            ),
            (
                "a\tb\tf\t1.5\n",
                "x.tsv:1: field 4: weight 1.5 is outside (0, 1]",
            ),
            ("a\tb\tf\t0\n", "x.tsv:1: field 4: weight 0 is outside"),
            ("a\tb\tf\tNaN\n", "x.tsv:1: field 4: weight NaN is outside"),
        ];
        for (text, expected) in cases {
            let err = Lexicon::from_tsv_str(text, "x.tsv")
                .unwrap_err()
                .to_string();
            assert!(err.starts_with(expected), "{text:?}: got {err:?}");
        }
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let bytes: &[u8] = b"a\tb\nbad\xff\tc\n";
        let err = Lexicon::from_tsv_reader(bytes, "bin.tsv")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("bin.tsv:2: invalid UTF-8"), "{err}");
    }

    #[test]
    fn later_rows_replace_equal_pairs_and_tsv_round_trips() {
        let lex = Lexicon::from_tsv_str(
            "fee\trate\tnews-spinner\t0.4\nFee\tRate\tnews-spinner\t0.3\npower\tenergy\n\
             instantly\tstraight\tnews-spinner\t0.6\tWent  went went’s\n",
            "t",
        )
        .unwrap();
        assert_eq!(lex.len(), 3);
        assert_eq!(lex.entries()[2].context, ["went", "went's"]);
        assert_eq!(lex.entries()[0].weight, 0.3);
        let again = Lexicon::from_tsv_str(&lex.to_tsv(), "again").unwrap();
        assert_eq!(again, lex);
    }
}
