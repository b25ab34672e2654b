//! Entry conditions (fingerprint queries, [`crate::Condition`]) evaluated on the document
//! being matched, each at most once, and only when some entry has one.

use crate::lexicon::query::{key_words_into, DocWords};
use crate::lexicon::Entry;
use crate::text::tokenize::tokenize;
use std::collections::HashMap;

/// Evaluates entries' conditions on one document, each at most once.
pub(crate) struct ConditionCache<'t> {
    text: &'t str,
    /// The document's words, indexed on the first entry that has a condition (the
    /// detector reads the text in blocks and keeps no whole-text token list of its own).
    doc: Option<DocWords>,
    verdicts: HashMap<u32, bool>,
    /// Scratch for the key of an entry phrase that is not written as a term of its own
    /// condition (a hand-made lexicon); PPS entries find theirs in the condition.
    key: String,
}

impl<'t> ConditionCache<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        ConditionCache {
            text,
            doc: None,
            verdicts: HashMap::new(),
            key: String::new(),
        }
    }

    /// Does entry `id` (its condition, if any) hold on this document? A match of the
    /// entry's own phrase satisfies the terms equal to that phrase.
    pub(crate) fn holds(&mut self, id: u32, entry: &Entry) -> bool {
        let Some(condition) = &entry.condition else {
            return true;
        };
        if let Some(&v) = self.verdicts.get(&id) {
            return v;
        }
        let text = self.text;
        let doc = self
            .doc
            .get_or_insert_with(|| DocWords::new(text, &tokenize(text)));
        let v = match condition.term_key(&entry.spun) {
            Some(anchor) => condition.holds_in(doc, Some(anchor)),
            None => {
                key_words_into(&entry.spun, &mut self.key);
                condition.holds_in(doc, Some(&self.key))
            }
        };
        self.verdicts.insert(id, v);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::family::Family;
    use crate::lexicon::query::Condition;

    #[test]
    fn an_entry_phrase_written_unlike_its_term_computes_its_key() {
        let c =
            Condition::parse(r#""Profound  Learning" AND optimiz* AND "deep learning""#).unwrap();
        // An entry whose phrase is written differently falls back to computing its key.
        let text = "profound learnings, deep learning, optimized";
        let mut cache = ConditionCache::new(text);
        let entry = Entry::new(
            "PROFOUND learning",
            "deep learning",
            Family::TorturedScience,
            1.0,
        )
        .unwrap()
        .with_condition(c.clone());
        assert!(cache.holds(0, &entry));
        let entry = Entry::new("unrelated phrase", "x", Family::TorturedScience, 1.0)
            .unwrap()
            .with_condition(c);
        assert!(!cache.holds(1, &entry));
    }
}
