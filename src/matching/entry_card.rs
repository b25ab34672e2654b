//! What a finding needs of its lexicon entry, in one cache line.
//!
//! A match with a large lexicon lands on an entry no recent match touched. Building its
//! finding used to read the entry's group, its spun phrase, its original, the group's
//! protection flag and the entry itself (weight, family, condition) from six arrays: six
//! cache misses per finding at 100k pairs, where the text's own words stay in cache. The
//! card holds all of it in one 64-byte record, so a finding reads one line for its entry
//! (plus the shared strings it clones).

use crate::family::Family;
use crate::lexicon::Entry;
use std::sync::Arc;

/// One entry's hot fields: shared strings, family, weight, group and three flags.
#[derive(Debug)]
#[repr(C, align(64))]
pub(crate) struct EntryCard {
    /// The entry's original, shared with the findings whose case it already has.
    pub original: Arc<str>,
    /// The entry's spun phrase, shared with the findings that cite it.
    pub spun: Arc<str>,
    /// The entry's family.
    pub family: Family,
    /// The entry's weight.
    pub weight: f32,
    /// The entry's group in the low bits, the `*_BIT` flags in the top three.
    group_and_flags: u32,
}

/// The entry has a document condition.
const CONDITION_BIT: u32 = 1 << 31;
/// The spun phrase ends with a closing bracket (a match then takes in the text's).
const CLOSES_BRACKET_BIT: u32 = 1 << 30;
/// A match of the entry's group may lie inside a protected original.
const MAY_BE_PROTECTED_BIT: u32 = 1 << 29;
/// The group number's bits.
const GROUP_MASK: u32 = (1 << 29) - 1;

/// Most groups a card can name: a lexicon of more rows than this (over 500 million) is
/// refused when it is compiled.
pub(crate) const MAX_GROUPS: usize = GROUP_MASK as usize + 1;

impl EntryCard {
    /// The card of `entry`, a member of `group` (below [`MAX_GROUPS`]).
    pub(crate) fn new(entry: &Entry, group: u32) -> EntryCard {
        assert!(
            (group as usize) < MAX_GROUPS,
            "more groups than a card names"
        );
        let mut group_and_flags = group;
        if entry.condition.is_some() {
            group_and_flags |= CONDITION_BIT;
        }
        if entry.spun.ends_with([')', ']']) {
            group_and_flags |= CLOSES_BRACKET_BIT;
        }
        EntryCard {
            original: Arc::from(entry.original.as_str()),
            spun: Arc::from(entry.spun.as_str()),
            family: entry.family.clone(),
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

    /// Does the entry have a document condition?
    #[inline]
    pub(crate) fn has_condition(&self) -> bool {
        self.group_and_flags & CONDITION_BIT != 0
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
    fn flags_and_group_do_not_overlap() {
        let entry = Entry::new("x (y)", "z", Family::NewsSpinner, 0.5).unwrap();
        let mut card = EntryCard::new(&entry, GROUP_MASK);
        assert_eq!(card.group(), GROUP_MASK);
        assert!(card.closes_bracket());
        assert!(!card.has_condition());
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
