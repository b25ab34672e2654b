//! The word tally: what the score needs to know of a text's words (how many, how many
//! quoted, in which sections), gathered as they stream past the matcher.

use crate::span::Span;
use crate::text::tokenize::Token;
use std::mem::take;

/// Long texts (over one and a half sections) are scored in sections of this many words (the
/// length of the passages the model was trained on); a leftover of less than half a
/// section joins the last one. The text's score is its worst section's.
pub const SECTION_WORDS: usize = 300;

/// What the score needs to know of a text's words, gathered as they stream past, so
/// that no whole-text token list is kept.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    /// Words seen.
    pub words: usize,
    /// Sections of [`SECTION_WORDS`] words, closed so far.
    closed: Vec<Section>,
    /// The section being filled.
    open: Section,
}

/// Where a section is and how many of its words there are, quoted or not.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Section {
    pub span: Span,
    pub words: usize,
    pub quoted: usize,
}

impl Tally {
    /// The tally of a slice of a longer text whose first word is the text's word number
    /// `first_word`: the slice's sections then close where the text's do. The first
    /// section, unless the slice starts a section, is partial (its `span.start` and
    /// `quoted` do not describe the text's section); `words` counts the slice's words.
    pub(crate) fn from_word(first_word: usize) -> Tally {
        Tally {
            open: Section {
                words: first_word % SECTION_WORDS,
                ..Section::default()
            },
            ..Tally::default()
        }
    }

    /// The sections closed so far (a slice's sections that more text cannot change).
    pub(crate) fn closed(&self) -> &[Section] {
        &self.closed
    }

    /// Count the next words of the text, in order (a block of them at a time, a section
    /// at a time within it).
    pub(crate) fn add_all(&mut self, mut tokens: &[Token]) {
        while let [first, ..] = tokens {
            if self.open.words == SECTION_WORDS {
                self.closed.push(take(&mut self.open));
            }
            let (now, later) = tokens.split_at((SECTION_WORDS - self.open.words).min(tokens.len()));
            if self.open.words == 0 {
                self.open.span.start = first.span.start;
            }
            if let Some(last) = now.last() {
                self.open.span.end = last.span.end;
            }
            self.open.words += now.len();
            self.open.quoted += now.iter().filter(|t| t.in_quote).count();
            self.words += now.len();
            tokens = later;
        }
    }

    /// The whole text as one section.
    pub(crate) fn whole(&self) -> Section {
        let quoted = self.closed.iter().map(|s| s.quoted).sum::<usize>() + self.open.quoted;
        Section {
            span: Span::new(
                self.closed.first().unwrap_or(&self.open).span.start,
                self.open.span.end,
            ),
            words: self.words,
            quoted,
        }
    }

    /// The sections a long text is scored in: the closed ones, with a leftover of less
    /// than half a section joined to the last.
    pub(crate) fn sections(&self) -> Vec<Section> {
        let mut out = self.closed.clone();
        match out.last_mut() {
            Some(last) if self.open.words * 2 < SECTION_WORDS => {
                last.span.end = self.open.span.end;
                last.words += self.open.words;
                last.quoted += self.open.quoted;
            }
            _ if self.open.words > 0 => out.push(self.open),
            _ => {}
        }
        out
    }
}
