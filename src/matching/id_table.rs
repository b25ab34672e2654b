//! Frozen tables for the index's hottest lookups (short words and trie edges; longer
//! words), and the hash map type the index builds them from.
//!
//! The index maps short word keys and integer pairs; SipHash (the std default) costs more
//! than the rest of a lookup, so its maps use the `rustc-hash` crate's Fx hasher. Flooding
//! is not a concern: only lexicon words are ever inserted, text is only looked up.

/// The index's hash map: std's map with the Fx hasher.
pub(crate) type FastMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// A frozen map from non-zero `u64` keys to `u32` values, for the index's two hottest
/// lookups (a short word's packed bytes to its id, a trie edge to its child), which run
/// once or twice per word of text.
///
/// Open addressing with linear probing at a load of at most one half, slots picked by
/// the top bits of a multiplicative hash: a hit or a miss is usually one slot, one cache
/// line and no control-byte scan, where a general hash map does several steps more.
/// Key 0 marks an empty slot, so it cannot be stored (packed words and edges from
/// non-root nodes are never 0).
///
/// A one-hash filter of about 16 bits per key sits in front of the slots. With a large
/// lexicon the slots outgrow the core's cache while most words of a text are not in it;
/// the filter is small enough to stay cached and turns away all but a few percent of those
/// words before they touch a slot.
#[derive(Debug, Clone)]
pub(crate) struct IdTable {
    slots: Vec<(u64, u32)>,
    /// `64 - log2(slots.len())`: shifts a 64-bit hash down to a slot index.
    shift: u32,
    /// One bit per filter position; a key's bit is set when it is stored.
    filter: Vec<u64>,
    /// `64 - log2(filter bits)`.
    filter_shift: u32,
}

impl IdTable {
    /// Freeze `map` (keys must be non-zero; a zero key is left out).
    pub(crate) fn from_map(map: &FastMap<u64, u32>) -> IdTable {
        let len = (map.len() * 2).next_power_of_two().max(16);
        let filter_bits = (map.len() * 16).next_power_of_two().max(64);
        let mut table = IdTable {
            slots: vec![(0, 0); len],
            shift: 64 - len.trailing_zeros(),
            filter: vec![0; filter_bits / 64],
            filter_shift: 64 - filter_bits.trailing_zeros(),
        };
        let mask = len - 1;
        for (&key, &value) in map.iter().filter(|(&k, _)| k != 0) {
            let mut i = table.slot_of(key);
            while table.slots[i].0 != 0 {
                i = (i + 1) & mask;
            }
            table.slots[i] = (key, value);
            let bit = table.filter_bit(key);
            table.filter[bit / 64] |= 1 << (bit % 64);
        }
        table
    }

    #[inline]
    fn slot_of(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// The filter position of `key`: top bits of a second, independent product.
    #[inline]
    fn filter_bit(&self, key: u64) -> usize {
        (key.wrapping_mul(0xD6E8_FEB8_6659_FD93) >> self.filter_shift) as usize
    }

    /// The value stored for `key`, if any.
    #[inline]
    pub(crate) fn get(&self, key: u64) -> Option<u32> {
        let bit = self.filter_bit(key);
        if self.filter[bit / 64] & (1 << (bit % 64)) == 0 {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.slot_of(key);
        loop {
            let (k, v) = self.slots[i];
            // Empty first: key 0 is never stored, so it finds nothing.
            if k == 0 {
                return None;
            }
            if k == key {
                return Some(v);
            }
            i = (i + 1) & mask;
        }
    }
}

/// A frozen map from word keys of [`MID_KEY_LENS`] bytes to ids, each key stored whole
/// in its slot as its first and last eight bytes and its length (for such a key the two
/// overlap and cover every byte). A lookup reads one 32-byte slot and no key elsewhere;
/// the general map read its control bytes, a slot and the boxed key: three cache misses
/// per word with a large lexicon, where most spun words are longer than eight bytes.
#[derive(Debug, Clone)]
pub(crate) struct MidKeyTable {
    slots: Vec<MidSlot>,
    /// `64 - log2(slots.len())`.
    shift: u32,
}

/// Lengths of the keys a [`MidKeyTable`] holds.
pub(crate) const MID_KEY_LENS: std::ops::RangeInclusive<usize> = 9..=16;

/// One slot: `len` 0 marks an empty one.
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(32))]
struct MidSlot {
    head: u64,
    tail: u64,
    len: u32,
    id: u32,
}

impl MidKeyTable {
    /// Freeze `(head, tail, len, hash, id)` for every key (its first and last eight bytes,
    /// little-endian, its length, any 64-bit hash of it, and its id); keys of other
    /// lengths are left out. `get` must be given the same hash.
    pub(crate) fn new(keys: &[(u64, u64, usize, u64, u32)]) -> MidKeyTable {
        let len = (keys.len() * 2).next_power_of_two().max(16);
        let mut table = MidKeyTable {
            slots: vec![MidSlot::default(); len],
            shift: 64 - len.trailing_zeros(),
        };
        let mask = len - 1;
        for &(head, tail, key_len, hash, id) in keys {
            if !MID_KEY_LENS.contains(&key_len) {
                continue;
            }
            let mut i = table.slot_of(hash);
            while table.slots[i].len != 0 {
                i = (i + 1) & mask;
            }
            table.slots[i] = MidSlot {
                head,
                tail,
                len: key_len as u32,
                id,
            };
        }
        table
    }

    /// The slot for `hash`: the top bits of a further product, so a hash whose own top
    /// bits also pick a filter position still spreads over the slots.
    #[inline]
    fn slot_of(&self, hash: u64) -> usize {
        (hash.wrapping_mul(0xD6E8_FEB8_6659_FD93) >> self.shift) as usize
    }

    /// The id of the key with these first and last eight bytes and length, if stored.
    #[inline]
    pub(crate) fn get(&self, head: u64, tail: u64, len: usize, hash: u64) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut i = self.slot_of(hash);
        loop {
            let slot = &self.slots[i];
            if slot.len == 0 {
                return None;
            }
            if slot.head == head && slot.tail == tail && slot.len as usize == len {
                return Some(slot.id);
            }
            i = (i + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ends(key: &[u8]) -> (u64, u64) {
        let mut head = [0u8; 8];
        let mut tail = [0u8; 8];
        head.copy_from_slice(&key[..8]);
        tail.copy_from_slice(&key[key.len() - 8..]);
        (u64::from_le_bytes(head), u64::from_le_bytes(tail))
    }

    #[test]
    fn mid_key_table_tells_keys_apart_by_every_byte() {
        // Keys of 9 to 16 bytes sharing their first eight bytes; pairs that differ in one
        // byte only, which the first and last eight bytes both hold (12 bytes) or only the
        // last eight hold (16 bytes); and keys of 8 and 17 bytes, which the table leaves
        // out. A weak hash (length and last byte) makes many keys share slots.
        let mut words: Vec<String> = (0..3000).map(|k| format!("abcdefgh{k}")).collect();
        words.extend(
            [
                "abcdXfghijkl",
                "abcdYfghijkl",
                "abcdefghXjklmnop",
                "abcdefghYjklmnop",
                "abcdefgh",
                "abcdefghXijklmnop",
            ]
            .map(String::from),
        );
        let hash = |key: &[u8]| (key.len() as u64) << 59 | (key[key.len() - 1] as u64) << 50;
        let entries: Vec<(u64, u64, usize, u64, u32)> = words
            .iter()
            .enumerate()
            .map(|(id, w)| {
                let (head, tail) = ends(w.as_bytes());
                (head, tail, w.len(), hash(w.as_bytes()), id as u32)
            })
            .collect();
        let table = MidKeyTable::new(&entries);
        for (&(head, tail, len, h, id), word) in entries.iter().zip(&words) {
            let stored = MID_KEY_LENS.contains(&len).then_some(id);
            assert_eq!(table.get(head, tail, len, h), stored, "{word}");
        }
        for absent in [
            "abcdefgh3000",
            "abcdefgh12a",
            "abcdefghi",
            "bbcdefgh1",
            "abcdZfghijkl",
            "abcdefghZjklmnop",
        ] {
            let key = absent.as_bytes();
            let (head, tail) = ends(key);
            assert_eq!(
                table.get(head, tail, key.len(), hash(key)),
                None,
                "{absent}"
            );
        }
    }

    #[test]
    fn id_table_finds_every_key_and_nothing_else() {
        let mut map = FastMap::default();
        for k in 1..5000u64 {
            // Keys that differ only in their high bytes, like packed words sharing a
            // first letter, and consecutive ones, like edges of one node.
            map.insert(k << 40 | 0x61, k as u32);
            map.insert((7 << 32) | k, (k + 10_000) as u32);
        }
        let table = IdTable::from_map(&map);
        for (&k, &v) in &map {
            assert_eq!(table.get(k), Some(v));
        }
        for k in [0, 0x62u64, 1 << 63, (8 << 32) | 1, u64::MAX] {
            assert_eq!(table.get(k), None);
        }
        assert_eq!(IdTable::from_map(&FastMap::default()).get(5), None);
    }
}
