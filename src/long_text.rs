//! Long texts in flat memory: [`LongText`], made by [`Detector::long_text`], reads a text
//! in slices and hands over its findings region by region, with the same findings, scores
//! and sections as [`Detector::analyze`] on the whole text.
//!
//! Every check of the detector reads a bounded neighbourhood (a phrase match its phrase and
//! the protected originals around it, context judgement the neighbouring words, support
//! [`SUPPORT_WINDOW_WORDS`] to either side, a section's score its own words and findings).
//! So a slice is analysed with a margin of whole sections before and after the sections it
//! settles, and the next slice starts a margin before the first section left unsettled.
//! Slices start just after a line break, where the tokenizer's quotation state starts
//! afresh. Two things are not local and are carried instead: the phrase scan, which is
//! leftmost-longest and resumes after each match (so which words pair up in a run such as
//! "many many many" depends on every match before; phrases also match across line breaks),
//! starts each slice where the previous slice's scan stood; and the one whole-text decision
//! (whether single-option brace groups are a markup convention) is made by a first read,
//! the [`TextCensus`].

use crate::detector::Detector;
use crate::finding::Finding;
use crate::matching::pass::SliceStart;
use crate::matching::support::SUPPORT_WINDOW_WORDS;
use crate::matching::tally::{Tally, SECTION_WORDS};
use crate::scoring::acceptance::{accept_in_spun_passages, unaccept_outside_spun_passages};
use crate::scoring::features::{FeatureScratch, Features, MIN_SCORED_WORDS};
use crate::scoring::score::{Score, SectionScore, MAX_REPORTED_SECTIONS};
use crate::span::Span;
use crate::text::spintax::SpintaxCensus;
use crate::text::tokenize::Words;
use std::fmt;
use std::io::{self, Read, Write};

/// Bytes a slice holds at least (it runs on to the next line break), by default: a few
/// thousand words, so the margins re-read around each slice cost a few per cent.
pub const DEFAULT_SLICE_BYTES: usize = 1 << 20;

/// Bytes read from the input at a time.
const READ_BYTES: usize = 64 << 10;

/// What a first read of a long text learns that the analysis needs before it starts: its
/// length, that it is valid UTF-8, and how many single-option brace groups and words it
/// has (the spintax markup rule is decided on the whole text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextCensus {
    bytes: u64,
    spintax: SpintaxCensus,
}

impl TextCensus {
    /// The census of a text already in memory.
    pub fn of_str(text: &str) -> TextCensus {
        let mut spintax = SpintaxCensus::default();
        spintax.add(text);
        TextCensus {
            bytes: text.len() as u64,
            spintax,
        }
    }

    /// Read `reader` to its end, in bounded memory (the longest line plus a constant).
    ///
    /// # Errors
    /// [`LongTextError::Io`] when reading fails, [`LongTextError::InvalidUtf8`] (with its
    /// line and byte) when the text is not UTF-8.
    pub fn of_reader(reader: impl Read) -> Result<TextCensus, LongTextError> {
        let mut lines = LineReader::new(reader);
        let mut spintax = SpintaxCensus::default();
        loop {
            let cut = lines.cut_after(DEFAULT_SLICE_BYTES)?;
            if cut == 0 {
                break;
            }
            spintax.add(lines.text(cut));
            lines.drop_front(cut);
        }
        Ok(TextCensus {
            bytes: lines.offset,
            spintax,
        })
    }

    /// Bytes in the text.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }
}

/// Why a long text could not be analysed.
#[derive(Debug)]
#[non_exhaustive]
pub enum LongTextError {
    /// Reading the input failed.
    Io(io::Error),
    /// The input is not UTF-8.
    InvalidUtf8 {
        /// 1-based line of the first invalid byte.
        line: usize,
        /// 1-based byte of that line where it is.
        byte: usize,
    },
    /// The `each` callback of [`LongText::analyze`] failed (writing the answer, say).
    Output(io::Error),
    /// The input is not as long as the one the census read (it changed in between; a
    /// change that keeps the length is not noticed).
    Changed,
    /// The detector has entries with document conditions, which hold or not on the whole
    /// text: analyse it whole ([`Detector::analyze`]).
    NeedsWholeText,
}

impl fmt::Display for LongTextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LongTextError::Io(e) => write!(f, "cannot read: {e}"),
            LongTextError::InvalidUtf8 { line, byte } => {
                write!(f, "invalid UTF-8 at line {line}, byte {byte} of the line")
            }
            LongTextError::Output(e) => write!(f, "cannot write: {e}"),
            LongTextError::Changed => write!(f, "the input changed while it was read"),
            LongTextError::NeedsWholeText => write!(
                f,
                "entries with document conditions need the whole text at once"
            ),
        }
    }
}

impl std::error::Error for LongTextError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LongTextError::Io(e) | LongTextError::Output(e) => Some(e),
            _ => None,
        }
    }
}

impl From<io::Error> for LongTextError {
    fn from(e: io::Error) -> Self {
        LongTextError::Io(e)
    }
}

/// One settled stretch of a long text and its findings. Regions tile the text in order;
/// a finding belongs to the region it starts in (a phrase may run into the next one).
#[derive(Debug)]
pub struct Region<'a> {
    /// Byte offset in the whole text where `text` starts.
    pub start: usize,
    /// The stretch of text.
    pub text: &'a str,
    /// The findings that start in it, in text order, spans in the whole text's byte
    /// offsets, each as [`Detector::analyze`] on the whole text reports it.
    pub findings: &'a [Finding],
}

impl Region<'_> {
    /// Write this stretch of the reconstruction: the text with accepted findings rewritten
    /// to their best original, as [`Report::reconstruct`](crate::Report::reconstruct) does.
    /// `copied_to` is where the text has been written up to (0 before the first region);
    /// it carries a phrase that runs into the next region.
    pub fn write_reconstructed(
        &self,
        out: &mut impl Write,
        copied_to: &mut usize,
    ) -> io::Result<()> {
        let end = self.start + self.text.len();
        for f in self.findings {
            let original = f.original();
            if !f.accepted || original.is_empty() || f.span.start < *copied_to {
                continue;
            }
            let from = (*copied_to).max(self.start) - self.start;
            out.write_all(&self.text.as_bytes()[from..f.span.start - self.start])?;
            out.write_all(original.as_bytes())?;
            *copied_to = f.span.end;
        }
        if *copied_to < end {
            let from = (*copied_to).max(self.start) - self.start;
            out.write_all(&self.text.as_bytes()[from..])?;
            *copied_to = end;
        }
        Ok(())
    }
}

/// A long text's analysis in slices; made by [`Detector::long_text`].
///
/// Each slice (about [`slice_bytes`](Self::slice_bytes), cut just after a line break) is
/// analysed with whole 300-word sections of margin on both sides, and only the sections in
/// its middle are settled and handed over, so every check sees the neighbourhood it would
/// see in the whole text; the phrase scan's position, the section grid and the spintax
/// markup rule (decided by a first read, [`TextCensus`]) are carried from slice to slice.
/// The result equals [`Detector::analyze`] on the whole text, whatever the slice size.
#[derive(Clone, Copy, Debug)]
pub struct LongText<'d> {
    detector: &'d Detector,
    slice_bytes: usize,
}

impl Detector {
    /// Analyse texts too long to hold in memory: see [`LongText`].
    ///
    /// ```
    /// let text = "The assertion learn that it rose final yr.\n".repeat(400);
    /// let detector = despin::Detector::builtin();
    /// let census = despin::TextCensus::of_str(&text);
    /// let mut rebuilt = Vec::new();
    /// let mut copied_to = 0;
    /// let score = detector
    ///     .long_text()
    ///     .slice_bytes(4096)
    ///     .analyze(text.as_bytes(), &census, |region| {
    ///         region.write_reconstructed(&mut rebuilt, &mut copied_to)
    ///     })
    ///     .unwrap();
    /// assert_eq!(String::from_utf8(rebuilt).unwrap(), detector.reconstruct(&text).text);
    /// assert_eq!(score, detector.analyze(&text).score);
    /// ```
    pub fn long_text(&self) -> LongText<'_> {
        LongText {
            detector: self,
            slice_bytes: DEFAULT_SLICE_BYTES,
        }
    }
}

impl<'d> LongText<'d> {
    /// True when the detector's answer needs the whole text at once (some entry has a
    /// document condition), so [`analyze`](Self::analyze) refuses.
    pub fn needs_whole_text(&self) -> bool {
        self.detector.matcher.index.any_condition()
    }

    /// Bytes a slice holds at least (default [`DEFAULT_SLICE_BYTES`]; at least 1). Memory
    /// is a few times this plus the longest line; smaller slices re-read their margins
    /// more often. Results do not depend on it.
    pub fn slice_bytes(mut self, bytes: usize) -> Self {
        self.slice_bytes = bytes.max(1);
        self
    }

    /// Analyse the text `reader` gives (the text `census` was taken of), handing each
    /// settled [`Region`] to `each` in text order; the text's [`Score`] at the end, equal to
    /// [`Detector::analyze`]'s on the whole text.
    ///
    /// # Errors
    /// [`LongTextError::NeedsWholeText`] (before reading) when the detector has entries
    /// with document conditions; [`LongTextError::Io`] from the reader,
    /// [`LongTextError::Output`] from `each`;
    /// [`LongTextError::InvalidUtf8`]; [`LongTextError::Changed`] when the text is not the
    /// census's length. Regions already handed over stay valid.
    pub fn analyze<R: Read>(
        &self,
        reader: R,
        census: &TextCensus,
        mut each: impl FnMut(Region<'_>) -> io::Result<()>,
    ) -> Result<Score, LongTextError> {
        let detector = self.detector;
        if self.needs_whole_text() {
            return Err(LongTextError::NeedsWholeText);
        }
        let markup = census.spintax.singles_are_markup();
        // Whole sections of margin, enough for every bounded neighbourhood.
        let context = detector.matcher.context_words();
        let margin_sections = (2 * context + 2 * SUPPORT_WINDOW_WORDS).div_ceil(SECTION_WORDS) + 1;
        let margin = margin_sections * SECTION_WORDS;
        let mut lines = LineReader::new(reader);
        let mut totals = Totals::default();
        // Text-wide index of the buffer's first word, and the first section not settled.
        let mut first_word = 0usize;
        let mut next_section = 0usize;
        // The first word of the buffer that the scan tries a match at.
        let mut first_scanned = 0usize;
        let mut want = self.slice_bytes;
        loop {
            let cut = lines.cut_after(want)?;
            let last = lines.at_end(cut);
            let offset = lines.offset as usize;
            let text = lines.text(cut);
            if first_word == 0 && next_section == 0 && last {
                // The whole text fits one slice: the ordinary analysis.
                let report = detector.analyze(text);
                let findings: Vec<Finding> = report.findings;
                each(Region {
                    start: offset,
                    text,
                    findings: &findings,
                })
                .map_err(LongTextError::Output)?;
                if lines.offset + cut as u64 != census.bytes {
                    return Err(LongTextError::Changed);
                }
                return Ok(report.score);
            }
            let mut slice = detector.slice_analysis(
                text,
                SliceStart {
                    spintax_markup: Some(markup),
                    tally: Tally::from_word(first_word),
                    first_scanned,
                    record_matches: true,
                },
            );
            let local_first = first_word / SECTION_WORDS;
            let sections = if last {
                slice.tally.sections()
            } else {
                slice.tally.closed().to_vec()
            };
            let words_end = first_word + slice.tally.words;
            // Settle the sections with a full margin after them (all of them at the end).
            let settle_to = if last {
                local_first + sections.len()
            } else {
                let mut k = next_section;
                while k < local_first + sections.len()
                    && (k + 1) * SECTION_WORDS + margin <= words_end
                {
                    k += 1;
                }
                k
            };
            if !last && settle_to < next_section + margin_sections {
                // Too few words for the margins: read a longer slice.
                want = cut + self.slice_bytes.max(cut);
                continue;
            }
            want = self.slice_bytes;
            let matches = std::mem::take(&mut slice.matches);
            let region = detector.settle(
                slice,
                &sections[next_section - local_first..settle_to - local_first],
                next_section == 0,
                last,
                next_section
                    .checked_sub(local_first + 1)
                    .and_then(|j| sections.get(j))
                    .map_or(0, |s| s.span.end),
            );
            let SettledSlice {
                mut findings,
                mut scored,
                from,
                to,
            } = region;
            for s in &mut scored {
                s.span = Span::new(s.span.start + offset, s.span.end + offset);
            }
            for f in &mut findings {
                f.span = Span::new(f.span.start + offset, f.span.end + offset);
                f.token += first_word;
            }
            totals.add(&scored, &findings);
            each(Region {
                start: offset + from,
                text: &text[from..to.min(text.len())],
                findings: &findings,
            })
            .map_err(LongTextError::Output)?;
            if last {
                if lines.offset + cut as u64 != census.bytes {
                    return Err(LongTextError::Changed);
                }
                return Ok(totals.score(words_end, detector.settings.spun_threshold));
            }
            next_section = settle_to;
            // The next slice starts a margin before the first unsettled section, at the
            // start of that word's line.
            let restart_section = &sections[next_section - margin_sections - local_first];
            let restart_word = (next_section - margin_sections) * SECTION_WORDS;
            let line_start = text[..restart_section.span.start]
                .rfind('\n')
                .map_or(0, |p| p + 1);
            if line_start == 0 {
                // One line so far: keep it and read further (twice as far each time, so a
                // text without line breaks costs a few passes, not one per slice).
                want = cut.saturating_mul(2);
                continue;
            }
            let skipped = Words::new(&text[line_start..restart_section.span.start]).count();
            let next_first = restart_word - skipped;
            // Where the whole text's scan stands at the next slice's first word: past a
            // match that covers it (phrases match across line breaks), else at it.
            let at = next_first - first_word;
            let covering = matches.partition_point(|&(first, _)| first < at);
            first_scanned = match covering.checked_sub(1).map(|k| matches[k]) {
                Some((_, end)) if end > at => end - at,
                _ => 0,
            };
            first_word = next_first;
            lines.drop_front(line_start);
        }
    }
}

/// A slice's findings after matching, context judgement and support, the slice's tally
/// and the scan's phrase matches (slice word indexes).
struct SliceAnalysis {
    findings: Vec<Finding>,
    tally: Tally,
    matches: Vec<(usize, usize)>,
}

/// What settling a slice leaves: the findings of the settled stretch `from..to` (slice
/// byte offsets) and its scored sections.
struct SettledSlice {
    findings: Vec<Finding>,
    scored: Vec<SectionScore>,
    from: usize,
    to: usize,
}

impl Detector {
    /// The findings of one slice of a long text, judged and weighed as in
    /// [`analyze`](Detector::analyze), with the spintax markup rule decided for the whole
    /// text and words counted into `tally` ([`Tally::from_word`]).
    fn slice_analysis(&self, text: &str, start: SliceStart) -> SliceAnalysis {
        let mut pass = self.matcher.pass_with(text, start);
        let matches = std::mem::take(&mut pass.matches);
        let (findings, tally) = self.weigh(text, pass);
        SliceAnalysis {
            findings,
            tally,
            matches,
        }
    }

    /// Score `sections` (settled sections of the slice, in order), accept and restrict
    /// as [`analyze`](Detector::analyze) does, and keep the findings that start in them.
    /// `before` is where the section before the first ends (0 at the text's start);
    /// `first` and `last` say whether they are the text's first and last sections.
    fn settle(
        &self,
        slice: SliceAnalysis,
        sections: &[crate::matching::tally::Section],
        first: bool,
        last: bool,
        before: usize,
    ) -> SettledSlice {
        let SliceAnalysis {
            mut findings,
            tally: _,
            matches: _,
        } = slice;
        let model = &self.settings.model;
        let mut scored = Vec::with_capacity(sections.len());
        // A finding belongs to the first section that ends after it starts; at the text's
        // end the last section takes what follows it.
        let mut from = if first {
            0
        } else {
            findings.partition_point(|f| f.span.start < before)
        };
        let start = from;
        let mut scratch = FeatureScratch::default();
        for (i, section) in sections.iter().enumerate() {
            let to = if last && i + 1 == sections.len() {
                findings.len()
            } else {
                findings.partition_point(|f| f.span.start < section.span.end)
            };
            let values = Features::values_of(
                section.words,
                section.quoted,
                &findings[from.min(to)..to],
                &mut scratch,
            );
            let p = model.probability_of(&values);
            from = to;
            scored.push(SectionScore {
                span: section.span,
                words: section.words,
                score: p,
            });
        }
        if let Some(min_score) = self.settings.passage_acceptance {
            accept_in_spun_passages(&mut findings, &scored, min_score);
        }
        unaccept_outside_spun_passages(
            &mut findings,
            &scored,
            self.settings.spun_threshold,
            self.settings.rewrite_scope,
        );
        let region_from = if first { 0 } else { before };
        let region_to = if last {
            usize::MAX
        } else {
            sections.last().map_or(before, |s| s.span.end)
        };
        findings.truncate(from);
        findings.drain(..start);
        SettledSlice {
            findings,
            scored,
            from: region_from,
            to: region_to,
        }
    }
}

/// The whole text's score, gathered region by region as [`Score::with_sections`] and
/// [`Score::recount`] compute it on a whole text.
#[derive(Default)]
struct Totals {
    worst: f64,
    /// The worst sections so far, worst first (ties in text order).
    sections: Vec<SectionScore>,
    accepted: usize,
    evidence: f64,
    groups: std::collections::HashSet<u64>,
}

impl Totals {
    fn add(&mut self, scored: &[SectionScore], findings: &[Finding]) {
        for s in scored {
            self.worst = self.worst.max(s.score);
        }
        self.sections.extend_from_slice(scored);
        // A stable sort keeps ties in text order, as one sort of all sections does.
        self.sections.sort_by(|a, b| b.score.total_cmp(&a.score));
        self.sections.truncate(MAX_REPORTED_SECTIONS);
        for f in findings.iter().filter(|f| f.accepted && !f.in_quote) {
            self.evidence += f.confidence as f64;
            self.accepted += 1;
            self.groups.insert(f.group);
        }
    }

    fn score(self, words: usize, threshold: f64) -> Score {
        let score = self.worst.clamp(0.0, 1.0);
        Score {
            score,
            spun: score >= threshold,
            threshold,
            words,
            accepted: self.accepted,
            distinct: self.groups.len(),
            density: 100.0 * self.evidence / words.max(MIN_SCORED_WORDS) as f64,
            sections: self.sections,
        }
    }
}

/// A reader's bytes held from the start of the current slice, read as far as asked and
/// cut just after a line break, checked to be UTF-8 as they are cut.
struct LineReader<R> {
    reader: R,
    buf: Vec<u8>,
    /// Text-wide byte offset of `buf[0]`.
    offset: u64,
    /// Line breaks before `buf[0]`.
    lines_before: usize,
    /// `buf[..valid]` is known to be UTF-8 (and ends at a line break or the end).
    valid: usize,
    eof: bool,
}

impl<R: Read> LineReader<R> {
    fn new(reader: R) -> Self {
        LineReader {
            reader,
            buf: Vec::new(),
            offset: 0,
            lines_before: 0,
            valid: 0,
            eof: false,
        }
    }

    /// Read until the buffer holds at least `bytes` bytes and a line break after them (or
    /// the input ends); the position just after that line break (or the end). 0 when
    /// nothing is left.
    fn cut_after(&mut self, bytes: usize) -> Result<usize, LongTextError> {
        let mut searched = self.valid.min(bytes.saturating_sub(1));
        let cut = loop {
            let from = searched.max(bytes.saturating_sub(1)).min(self.buf.len());
            if let Some(p) = self.buf[from..].iter().position(|&b| b == b'\n') {
                break from + p + 1;
            }
            searched = self.buf.len();
            if self.eof {
                break self.buf.len();
            }
            let len = self.buf.len();
            self.buf.resize(len + READ_BYTES, 0);
            let n = loop {
                match self.reader.read(&mut self.buf[len..]) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        self.buf.truncate(len);
                        return Err(e.into());
                    }
                }
            };
            self.buf.truncate(len + n);
            self.eof = n == 0;
        };
        if cut > self.valid {
            if let Err(e) = std::str::from_utf8(&self.buf[self.valid..cut]) {
                let bad = self.valid + e.valid_up_to();
                let before = &self.buf[..bad];
                let line_start = before
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1);
                // A buffer that starts mid-line never happens: it starts at the text's
                // start or just after a line break.
                return Err(LongTextError::InvalidUtf8 {
                    line: self.lines_before + before.iter().filter(|&&b| b == b'\n').count() + 1,
                    byte: bad - line_start + 1,
                });
            }
            self.valid = cut;
        }
        Ok(cut)
    }

    /// True when `cut` is the end of the input.
    fn at_end(&self, cut: usize) -> bool {
        self.eof && cut == self.buf.len()
    }

    /// The checked text up to `cut` (a value [`cut_after`](Self::cut_after) returned).
    fn text(&self, cut: usize) -> &str {
        // `cut_after` checked these bytes; an empty string cannot happen but costs nothing.
        std::str::from_utf8(&self.buf[..cut]).unwrap_or_default()
    }

    /// Forget the first `n` bytes (a line start).
    fn drop_front(&mut self, n: usize) {
        self.lines_before += self.buf[..n].iter().filter(|&&b| b == b'\n').count();
        self.buf.drain(..n);
        self.offset += n as u64;
        self.valid -= n.min(self.valid);
    }
}
