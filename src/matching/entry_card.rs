//! What a finding needs of its lexicon entry, in one cache line.
//!
//! A match with a large lexicon lands on an entry no recent match touched. Building its
//! finding used to read the entry's group, its spun phrase, its original, the group's
//! protection flag and the entry itself (weight, family, condition) from six arrays: six
//! cache misses per finding at 100k pairs, where the text's own words stay in cache. The
//! card holds all of it in one 64-byte record, so a finding reads one line for its entry
//! (plus the shared strings it clones).
//!
//! The card also holds the entry's candidate as a finished one-item list: a match with
//! one candidate whose original is the listed one (not re-inflected), in lower-case ASCII
//! and opening no bracket it does not close (most findings), shares it instead of
//! building a list (an allocation, five reference counts and their release, about a
//! thousand instructions per finding).

use crate::family::Family;
use crate::finding::Candidate;
use crate::lexicon::Entry;
use std::sync::Arc;

/// One entry's hot fields: its candidate, shared strings, weight, group and two flags.
#[derive(Debug)]
#[repr(C, align(64))]
pub(crate) struct EntryCard {
    /// The entry's candidate (its original as listed, case unchanged), shared with the
    /// findings whose candidates it is exactly; its family is the entry's.
    pub alone: Arc<[Candidate; 1]>,
    /// The entry's original, shared with the findings whose case it already has (the
    /// string `alone` holds, kept here too so that matching reads it from this line
    /// without following `alone`).
    pub original: Arc<str>,
    /// The entry's spun phrase, shared with the findings that cite it (as `original`).
    pub spun: Arc<str>,
    /// The entry's weight.
    pub weight: f32,
    /// The entry's group in bits 0..29, the `*_BIT` flags in bits 29 and 30 (bit 31 is
    /// spare).
    group_and_flags: u32,
}

/// The spun phrase ends with a closing bracket (a match then takes in the text's).
const CLOSES_BRACKET_BIT: u32 = 1 << 30;
/// A match of the entry's group may lie inside a protected original.
const MAY_BE_PROTECTED_BIT: u32 = 1 << 29;
/// The group number's bits.
const GROUP_MASK: u32 = (1 << 29) - 1;

/// Most groups a card can name. Compiling a lexicon of more distinct spun phrases than
/// this (over 500 million, tens of gigabytes of entries before any is compiled) panics.
pub(crate) const MAX_GROUPS: usize = GROUP_MASK as usize + 1;

impl EntryCard {
    /// The card of `entry`, a member of `group` (below [`MAX_GROUPS`]).
    pub(crate) fn new(entry: &Entry, group: u32) -> EntryCard {
        assert!(
            (group as usize) < MAX_GROUPS,
            "more groups than a card names"
        );
        let mut group_and_flags = group;
        if entry.spun.ends_with([')', ']']) {
            group_and_flags |= CLOSES_BRACKET_BIT;
        }
        let original: Arc<str> = Arc::from(entry.original.as_str());
        let spun: Arc<str> = Arc::from(entry.spun.as_str());
        // A custom family's label is copied here rather than shared with the lexicon, so
        // that a finding's strings and lists sit together in memory (a finding takes a
        // reference to each): one stretch for an entry no recent match touched.
        let family = match &entry.family {
            Family::Custom(label) => Family::Custom(Arc::from(&**label)),
            named => named.clone(),
        };
        EntryCard {
            alone: Arc::new([Candidate {
                original: Arc::clone(&original),
                weight: entry.weight,
                family,
                spun: Arc::clone(&spun),
                condition: entry.condition.as_ref().map(|q| q.as_str().to_owned()),
            }]),
            original,
            spun,
            weight: entry.weight,
            group_and_flags,
        }
    }

    /// The entry's group (distinct spun key): findings of one group do not support each
    /// other.
    #[inline]
    pub(crate) fn group(&self) -> u32 {
        self.group_and_flags & GROUP_MASK
    }

    /// Does the spun phrase end with a closing bracket?
    #[inline]
    pub(crate) fn closes_bracket(&self) -> bool {
        self.group_and_flags & CLOSES_BRACKET_BIT != 0
    }

    /// May a match of the entry's group lie inside a protected original?
    #[inline]
    pub(crate) fn may_be_protected(&self) -> bool {
        self.group_and_flags & MAY_BE_PROTECTED_BIT != 0
    }

    /// Mark the entry's group as one that may lie inside a protected original.
    pub(crate) fn set_may_be_protected(&mut self) {
        self.group_and_flags |= MAY_BE_PROTECTED_BIT;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_is_one_cache_line() {
        assert_eq!(std::mem::size_of::<EntryCard>(), 64);
        assert_eq!(std::mem::align_of::<EntryCard>(), 64);
    }

    #[test]
    fn the_card_candidate_is_the_entry_as_listed() {
        let entry = Entry::new("Brand New", "new", Family::NewsSpinner, 0.7).unwrap();
        let card = EntryCard::new(&entry, 3);
        let [c] = &*card.alone;
        assert_eq!(
            (&*c.original, &*c.spun, c.weight),
            ("new", "Brand New", 0.7)
        );
        assert_eq!(
            (c.family.clone(), c.condition.clone()),
            (Family::NewsSpinner, None)
        );
        // The strings are the card's own, not copies.
        assert!(Arc::ptr_eq(&c.original, &card.original) && Arc::ptr_eq(&c.spun, &card.spun));
    }

    #[test]
    fn flags_and_group_do_not_overlap() {
        let entry = Entry::new("x (y)", "z", Family::NewsSpinner, 0.5).unwrap();
        let mut card = EntryCard::new(&entry, GROUP_MASK);
        assert_eq!(card.group(), GROUP_MASK);
        assert!(card.closes_bracket());
        assert!(!card.may_be_protected());
        card.set_may_be_protected();
        assert!(card.may_be_protected());
        assert_eq!(card.group(), GROUP_MASK);
        let plain = EntryCard::new(&Entry::new("a", "b", Family::NewsSpinner, 0.5).unwrap(), 7);
        assert_eq!(plain.group(), 7);
        assert!(!plain.closes_bracket());
        assert_eq!(&*plain.spun, "a");
        assert_eq!(&*plain.original, "b");
    }
}
