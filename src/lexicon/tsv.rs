//! The despin lexicon TSV format.
//!
//! One pair per line, fields separated by TAB:
//! `spun<TAB>original[<TAB>family[<TAB>weight[<TAB>context]]]`. Blank lines and lines
//! whose first non-space character is `#` are skipped. Missing family defaults to
//! `custom`, missing weight to 1.0, so a plain two-column file loads; `context` is single
//! words separated by spaces (see [`Entry::context`]). A UTF-8 byte-order mark and CRLF
//! line ends are accepted.

use super::pairs::{Entry, Lexicon, DEFAULT_WEIGHT};
use crate::error::{Error, Result};
use crate::family::Family;
use std::io::BufRead;
use std::path::Path;

pub(super) fn parse(mut reader: impl BufRead, source: &str) -> Result<Lexicon> {
    let mut lexicon = Lexicon::new();
    let mut buf = Vec::new();
    let mut line_no = 0;
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
        line_no += 1;
        let line = std::str::from_utf8(&buf).map_err(|e| {
            Error::lexicon(
                source,
                line_no,
                None,
                format!("invalid UTF-8 at byte {} of the line", e.valid_up_to() + 1),
            )
        })?;
        let line = if line_no == 1 {
            line.trim_start_matches('\u{feff}')
        } else {
            line
        };
        let line = line.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        lexicon.insert(parse_row(line, source, line_no)?);
    }
    Ok(lexicon)
}

fn parse_row(line: &str, source: &str, line_no: usize) -> Result<Entry> {
    let fields: Vec<&str> = line.split('\t').collect();
    let err =
        |column: Option<usize>, message: String| Error::lexicon(source, line_no, column, message);
    if fields.len() < 2 {
        return Err(err(
            None,
            "expected `spun<TAB>original[<TAB>family[<TAB>weight[<TAB>context]]]`, found no TAB"
                .into(),
        ));
    }
    if fields.len() > 5 {
        return Err(err(
            Some(6),
            format!(
                "expected 2 to 5 TAB-separated fields, found {}",
                fields.len()
            ),
        ));
    }
    let context = fields.get(4).map_or("", |f| f.trim());
    if let Some(bad) = context
        .split_whitespace()
        .find(|w| crate::text::tokenize::tokenize(w).len() != 1)
    {
        return Err(err(Some(5), format!("context {bad:?} is not one word")));
    }
    let family = match fields.get(2).map(|f| f.trim()) {
        None | Some("") => Family::custom(),
        Some(label) => Family::from_label(label),
    };
    let weight = match fields.get(3).map(|f| f.trim()) {
        None | Some("") => DEFAULT_WEIGHT,
        Some(w) => w
            .parse::<f32>()
            .map_err(|_| err(Some(4), format!("weight {w:?} is not a number")))?,
    };
    let entry = Entry {
        spun: fields[0].trim().to_owned(),
        original: fields[1].trim().to_owned(),
        family,
        weight,
        condition: None,
        context: Vec::new(),
    }
    .with_context(context.split_whitespace());
    entry
        .validate()
        .map_err(|(column, message)| err(column, message))?;
    Ok(entry)
}

pub(super) fn write(lexicon: &Lexicon) -> String {
    let mut out = String::new();
    for e in lexicon.entries() {
        out.push_str(&e.spun);
        out.push('\t');
        out.push_str(&e.original);
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

impl Lexicon {
    /// Parse the despin TSV format (see the crate docs). `source_name` names the input in
    /// errors, e.g. the file path.
    ///
    /// ```
    /// let lex = despin::Lexicon::from_tsv_str("# mine\nspherical\tround\nmost cancers\tcancer\tnews-spinner\t0.9\n", "inline").unwrap();
    /// assert_eq!(lex.len(), 2);
    /// let err = despin::Lexicon::from_tsv_str("ok\tfine\nbroken row\n", "my.tsv").unwrap_err();
    /// assert!(err.to_string().starts_with("my.tsv:2"));
    /// ```
    pub fn from_tsv_str(text: &str, source_name: &str) -> Result<Lexicon> {
        parse(text.as_bytes(), source_name)
    }

    /// Parse the TSV format from a reader (bytes; invalid UTF-8 is an error naming the line).
    pub fn from_tsv_reader(reader: impl BufRead, source_name: &str) -> Result<Lexicon> {
        parse(reader, source_name)
    }

    /// Load a TSV lexicon file; errors name the path and line.
    pub fn load(path: impl AsRef<Path>) -> Result<Lexicon> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|error| Error::Io {
            source_name: name.clone(),
            error,
        })?;
        parse(std::io::BufReader::new(file), &name)
    }

    /// Write the lexicon in the four-column TSV format, in entry order. Conditions are
    /// not part of TSV and are left out; serialise with serde to keep them.
    pub fn to_tsv(&self) -> String {
        write(self)
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
