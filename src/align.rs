//! Word alignment: a minimal-cost Levenshtein alignment of two word sequences.
//!
//! The learner ([`crate::learn`]) aligns a spun passage with its original to see which
//! words the spinner swapped, and the evaluation tools use the same alignment to find the
//! gold substitutions. Everything works on slices of any comparable item, so the caller
//! decides what a word is and when two words are equal (despin uses
//! [`normalize_key`](crate::normalize_key)).
//!
//! ```
//! use despin::align::{align, Op};
//! let spun = ["the", "minister", "mentioned", "it"];
//! let original = ["the", "minister", "said", "it"];
//! let ops = align(&spun, &original);
//! assert_eq!(ops[2], Op::Substitute { a: 2, b: 2 });
//! assert_eq!(despin::align::edit_distance(&spun, &original), 1);
//! ```

/// One step of an alignment between a hypothesis (`a`, e.g. the spun text) and a
/// reference (`b`, e.g. the original).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `a[i]` equals `b[j]`.
    Match {
        /// Index into `a`.
        a: usize,
        /// Index into `b`.
        b: usize,
    },
    /// `a[i]` stands where `b[j]` was.
    Substitute {
        /// Index into `a`.
        a: usize,
        /// Index into `b`.
        b: usize,
    },
    /// `a[i]` has no counterpart in `b` (an insertion on the `a` side).
    Insert {
        /// Index into `a`.
        a: usize,
    },
    /// `b[j]` has no counterpart in `a` (a deletion from the `a` side).
    Delete {
        /// Index into `b`.
        b: usize,
    },
}

impl Op {
    /// True for every step except [`Op::Match`]; each such step costs one edit.
    pub fn is_edit(self) -> bool {
        !matches!(self, Op::Match { .. })
    }
}

/// Cost of a DP cell: fewest edits first, then most matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Cost {
    edits: u32,
    matches: u32,
}

impl Cost {
    /// True when `self` is a strictly better alignment cost than `other`.
    fn better_than(self, other: Cost) -> bool {
        self.edits < other.edits || (self.edits == other.edits && self.matches > other.matches)
    }

    fn step(self, edit: bool) -> Cost {
        if edit {
            Cost {
                edits: self.edits + 1,
                matches: self.matches,
            }
        } else {
            Cost {
                edits: self.edits,
                matches: self.matches + 1,
            }
        }
    }
}

/// A minimal-cost word alignment of `a` against `b`, in order from the start.
///
/// The number of edit steps ([`Op::is_edit`]) equals [`edit_distance`]`(a, b)`. Among
/// alignments of that cost, one with the most matches is returned; remaining ties are
/// broken towards substitution, then insertion, then deletion. Time and memory are
/// `O(a.len() * b.len())`.
pub fn align<T: PartialEq>(a: &[T], b: &[T]) -> Vec<Op> {
    let (n, m) = (a.len(), b.len());
    let width = m + 1;
    let mut dp = vec![
        Cost {
            edits: 0,
            matches: 0
        };
        (n + 1) * width
    ];
    for i in 1..=n {
        dp[i * width] = dp[(i - 1) * width].step(true);
    }
    for j in 1..=m {
        dp[j] = dp[j - 1].step(true);
    }
    for i in 1..=n {
        for j in 1..=m {
            let diag = dp[(i - 1) * width + (j - 1)].step(a[i - 1] != b[j - 1]);
            let ins = dp[(i - 1) * width + j].step(true);
            let del = dp[i * width + (j - 1)].step(true);
            let mut best = diag;
            if ins.better_than(best) {
                best = ins;
            }
            if del.better_than(best) {
                best = del;
            }
            dp[i * width + j] = best;
        }
    }

    // Trace back from the end, re-deriving which predecessor produced each cell.
    let mut ops = Vec::with_capacity(n.max(m));
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let here = dp[i * width + j];
        if i > 0 && j > 0 {
            let same = a[i - 1] == b[j - 1];
            if dp[(i - 1) * width + (j - 1)].step(!same) == here {
                ops.push(if same {
                    Op::Match { a: i - 1, b: j - 1 }
                } else {
                    Op::Substitute { a: i - 1, b: j - 1 }
                });
                i -= 1;
                j -= 1;
                continue;
            }
        }
        if i > 0 && dp[(i - 1) * width + j].step(true) == here {
            ops.push(Op::Insert { a: i - 1 });
            i -= 1;
        } else {
            ops.push(Op::Delete { b: j - 1 });
            j -= 1;
        }
    }
    ops.reverse();
    ops
}

/// Word-level Levenshtein distance between `a` and `b` (unit costs), in `O(b.len())`
/// memory.
pub fn edit_distance<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, x) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let diag = prev[j] + usize::from(x != y);
            cur[j + 1] = diag.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        s.split_whitespace().collect()
    }

    #[test]
    fn edits_equal_distance_and_prefer_matches() {
        let a = words("the big cat sat on a mat");
        let b = words("the cat sat upon the mat");
        let ops = align(&a, &b);
        assert_eq!(
            ops.iter().filter(|o| o.is_edit()).count(),
            edit_distance(&a, &b)
        );
        // "cat" and "sat" are kept as matches, not substituted against a neighbour.
        assert!(ops.contains(&Op::Match { a: 2, b: 1 }));
        assert!(ops.contains(&Op::Match { a: 3, b: 2 }));
    }

    #[test]
    fn empty_sides() {
        let a = words("one two");
        let none: Vec<&str> = Vec::new();
        assert_eq!(align(&a, &none), [Op::Insert { a: 0 }, Op::Insert { a: 1 }]);
        assert_eq!(align(&none, &a), [Op::Delete { b: 0 }, Op::Delete { b: 1 }]);
        assert!(align(&none, &none).is_empty());
    }
}
