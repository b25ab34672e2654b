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
    const ZERO: Cost = Cost {
        edits: 0,
        matches: 0,
    };

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

    fn plus(self, other: Cost) -> Cost {
        Cost {
            edits: self.edits + other.edits,
            matches: self.matches + other.matches,
        }
    }
}

/// Most DP cells [`align`] holds at once (8 bytes each, so 64 MiB), unless the two
/// sequences are so unequal that a single row exceeds it.
const CELL_BUDGET: usize = 1 << 23;

/// Half-width of the first band tried, in diagonals beyond the length difference.
const FIRST_BAND: usize = 8;

/// A minimal-cost word alignment of `a` against `b`, in order from the start.
///
/// The number of edit steps ([`Op::is_edit`]) equals [`edit_distance`]`(a, b)`. Among
/// alignments of that cost, one with the most matches is returned; remaining ties are
/// broken towards substitution, then insertion, then deletion (reading from the end).
///
/// Complexity, with `n = a.len()`, `m = b.len()` and `d` the edit distance: the dynamic
/// programme is restricted to a band of diagonals around the length difference, doubled
/// until no alignment outside it can be as good, so time and memory are
/// `O((n + m) * d)`, and near-identical passages of any length are cheap. The band's
/// table is capped at 2^23 cells (64 MiB); beyond that (long *and* very different
/// sequences) the alignment is split in half by Hirschberg's method, which takes
/// `O(n * m)` time and `O(n + m)` memory on top of the capped table. The split still
/// returns a minimal-cost alignment with the most matches, but may break the remaining
/// ties differently from the banded table.
pub fn align<T: PartialEq>(a: &[T], b: &[T]) -> Vec<Op> {
    align_with_budget(a, b, CELL_BUDGET)
}

fn align_with_budget<T: PartialEq>(a: &[T], b: &[T], budget: usize) -> Vec<Op> {
    let mut ops = Vec::with_capacity(a.len().max(b.len()));
    align_into(a, b, (0, 0), budget, &mut ops);
    ops
}

/// Append an alignment of `a` against `b` to `out`, indices shifted by `offset`.
fn align_into<T: PartialEq>(
    a: &[T],
    b: &[T],
    offset: (usize, usize),
    budget: usize,
    out: &mut Vec<Op>,
) {
    // A table with one or two rows (or columns) is linear anyway.
    let budget = budget.max(2 * (a.len() + b.len() + 2));
    if let Some(band) = Band::exact(a, b, budget) {
        let shift = |op: Op| match op {
            Op::Match { a, b } => Op::Match {
                a: a + offset.0,
                b: b + offset.1,
            },
            Op::Substitute { a, b } => Op::Substitute {
                a: a + offset.0,
                b: b + offset.1,
            },
            Op::Insert { a } => Op::Insert { a: a + offset.0 },
            Op::Delete { b } => Op::Delete { b: b + offset.1 },
        };
        out.extend(band.trace(a, b).into_iter().map(shift));
        return;
    }
    // Hirschberg: the best path crosses row `mid` at the column with the best sum of the
    // cost before it and the cost after it. Here `a` has at least two items (else the
    // full table fits the budget).
    let mid = a.len() / 2;
    let before = last_row(&a[..mid], b, false);
    let after = last_row(&a[mid..], b, true);
    let m = b.len();
    let mut split = 0;
    let mut best = before[0].plus(after[m]);
    for j in 1..=m {
        let here = before[j].plus(after[m - j]);
        if here.better_than(best) {
            best = here;
            split = j;
        }
    }
    align_into(&a[..mid], &b[..split], offset, budget, out);
    align_into(
        &a[mid..],
        &b[split..],
        (offset.0 + mid, offset.1 + split),
        budget,
        out,
    );
}

/// The last row of the full table of `a` against `b` in two rows of memory: entry `j` is
/// the best cost of `a` against the first `j` items of `b`, or with `reverse` of `a`
/// against the last `j` items of `b` (both read backwards).
fn last_row<T: PartialEq>(a: &[T], b: &[T], reverse: bool) -> Vec<Cost> {
    let (n, m) = (a.len(), b.len());
    let at_a = |i: usize| if reverse { &a[n - 1 - i] } else { &a[i] };
    let at_b = |j: usize| if reverse { &b[m - 1 - j] } else { &b[j] };
    let mut prev = vec![Cost::ZERO; m + 1];
    for j in 1..=m {
        prev[j] = prev[j - 1].step(true);
    }
    let mut cur = prev.clone();
    for i in 0..n {
        cur[0] = prev[0].step(true);
        let x = at_a(i);
        for j in 1..=m {
            let mut best = prev[j - 1].step(x != at_b(j - 1));
            let ins = prev[j].step(true);
            if ins.better_than(best) {
                best = ins;
            }
            let del = cur[j - 1].step(true);
            if del.better_than(best) {
                best = del;
            }
            cur[j] = best;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev
}

/// The DP table restricted to diagonals `lo..=hi` (diagonal = `j - i`): row `i` holds
/// columns `i + lo ..= i + hi` that lie in `0..=m`.
struct Band {
    lo: isize,
    hi: isize,
    m: usize,
    cells: Vec<Cost>,
}

impl Band {
    /// A band that provably contains every alignment of minimal cost, so that its values
    /// and traceback equal those of the full table; `None` if it would exceed `budget`
    /// cells.
    ///
    /// A path that leaves the band reaches a diagonal `k + 1` beyond the length difference
    /// and back, so it has at least `|m - n| + 2 (k + 1)` edits; when the band's own best
    /// has fewer, every optimal path lies inside it. On such paths the band's cells equal
    /// the full table's (their best prefixes are optimal prefixes too), and any other
    /// predecessor is strictly worse in both, so the traceback takes the same steps.
    fn exact<T: PartialEq>(a: &[T], b: &[T], budget: usize) -> Option<Band> {
        let (n, m) = (a.len() as isize, b.len() as isize);
        let diff = m - n;
        let mut k = FIRST_BAND as isize;
        loop {
            let lo = (diff.min(0) - k).max(-n);
            let hi = (diff.max(0) + k).min(m);
            let whole = lo == -n && hi == m;
            let width = (hi - lo + 1) as usize;
            if (a.len() + 1).checked_mul(width)? > budget {
                return None;
            }
            let band = Band::fill(a, b, lo, hi);
            let end = band.get(a.len(), b.len())?;
            if whole || (end.edits as isize) <= diff.abs() + 2 * k + 1 {
                return Some(band);
            }
            k *= 2;
        }
    }

    fn fill<T: PartialEq>(a: &[T], b: &[T], lo: isize, hi: isize) -> Band {
        let (n, m) = (a.len(), b.len());
        let width = (hi - lo + 1) as usize;
        let mut band = Band {
            lo,
            hi,
            m,
            cells: vec![Cost::ZERO; (n + 1) * width],
        };
        for i in 0..=n {
            let first = (i as isize + lo).max(0) as usize;
            let last = (i as isize + hi).min(m as isize);
            if last < first as isize {
                continue;
            }
            for j in first..=last as usize {
                let diag = (i > 0 && j > 0)
                    .then(|| band.get(i - 1, j - 1))
                    .flatten()
                    .map(|c| c.step(a[i - 1] != b[j - 1]));
                let ins = (i > 0)
                    .then(|| band.get(i - 1, j))
                    .flatten()
                    .map(|c| c.step(true));
                let del = (j > 0)
                    .then(|| band.get(i, j - 1))
                    .flatten()
                    .map(|c| c.step(true));
                let mut best = diag;
                for c in [ins, del].into_iter().flatten() {
                    if best.is_none_or(|b| c.better_than(b)) {
                        best = Some(c);
                    }
                }
                let at = band.index(i, j);
                band.cells[at] = best.unwrap_or(Cost::ZERO);
            }
        }
        band
    }

    fn index(&self, i: usize, j: usize) -> usize {
        let width = (self.hi - self.lo + 1) as usize;
        i * width + (j as isize - i as isize - self.lo) as usize
    }

    /// The cell `(i, j)`, or `None` outside the band.
    fn get(&self, i: usize, j: usize) -> Option<Cost> {
        let d = j as isize - i as isize;
        (d >= self.lo && d <= self.hi && j <= self.m).then(|| self.cells[self.index(i, j)])
    }

    /// Trace back from the end, re-deriving which predecessor produced each cell.
    fn trace<T: PartialEq>(&self, a: &[T], b: &[T]) -> Vec<Op> {
        let (n, m) = (a.len(), b.len());
        let mut ops = Vec::with_capacity(n.max(m));
        let (mut i, mut j) = (n, m);
        while i > 0 || j > 0 {
            let here = self.get(i, j);
            if i > 0 && j > 0 {
                let same = a[i - 1] == b[j - 1];
                if self.get(i - 1, j - 1).map(|c| c.step(!same)) == here {
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
            if i > 0 && self.get(i - 1, j).map(|c| c.step(true)) == here {
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

    /// The full-table DP that `align` replaced, verbatim, kept as the reference.
    fn full_table<T: PartialEq>(a: &[T], b: &[T]) -> Vec<Op> {
        let (n, m) = (a.len(), b.len());
        let width = m + 1;
        let mut dp = vec![Cost::ZERO; (n + 1) * width];
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
        let mut ops = Vec::new();
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

    /// (edits, matches) of an alignment, after checking that it covers both sides in order.
    fn cost_of<T: PartialEq>(ops: &[Op], a: &[T], b: &[T]) -> (usize, usize) {
        let (mut i, mut j) = (0, 0);
        let mut matches = 0;
        for op in ops {
            match *op {
                Op::Match { a: x, b: y } | Op::Substitute { a: x, b: y } => {
                    assert_eq!((x, y), (i, j));
                    assert_eq!(a[x] == b[y], matches!(op, Op::Match { .. }));
                    matches += usize::from(a[x] == b[y]);
                    i += 1;
                    j += 1;
                }
                Op::Insert { a: x } => {
                    assert_eq!(x, i);
                    i += 1;
                }
                Op::Delete { b: y } => {
                    assert_eq!(y, j);
                    j += 1;
                }
            }
        }
        assert_eq!((i, j), (a.len(), b.len()));
        (ops.iter().filter(|o| o.is_edit()).count(), matches)
    }

    /// Random sequences over a small alphabet (many ties), deterministic.
    fn random_pairs() -> Vec<(Vec<u8>, Vec<u8>)> {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move |bound: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % bound
        };
        (0..400)
            .map(|_| {
                let alphabet = 2 + next(4);
                let a: Vec<u8> = (0..next(90)).map(|_| next(alphabet) as u8).collect();
                // Mostly small edits of `a`, sometimes an unrelated sequence.
                let b: Vec<u8> = if next(4) == 0 {
                    (0..next(90)).map(|_| next(alphabet) as u8).collect()
                } else {
                    let mut b = Vec::new();
                    for &x in &a {
                        match next(10) {
                            0 => {}
                            1 => b.push(next(alphabet) as u8),
                            2 => b.extend([x, next(alphabet) as u8]),
                            _ => b.push(x),
                        }
                    }
                    b
                };
                (a, b)
            })
            .collect()
    }

    #[test]
    fn banded_table_equals_the_full_table() {
        for (a, b) in random_pairs() {
            assert_eq!(align(&a, &b), full_table(&a, &b), "{a:?} {b:?}");
        }
    }

    #[test]
    fn hirschberg_split_keeps_the_optimum() {
        for (a, b) in random_pairs() {
            // A budget of zero forces the split down to one-row tables.
            let split = align_with_budget(&a, &b, 0);
            let cost = cost_of(&split, &a, &b);
            assert_eq!(cost, cost_of(&full_table(&a, &b), &a, &b), "{a:?} {b:?}");
            assert_eq!(cost.0, edit_distance(&a, &b));
        }
    }

    #[test]
    fn long_passages_with_few_edits() {
        // 50,000 distinct words; the spun side substitutes one, inserts one and drops
        // one. A full table would need 2.5 billion cells.
        let original: Vec<String> = (0..50_000).map(|i| format!("w{i}")).collect();
        let mut spun = original.clone();
        spun[100] = "swapped".into();
        spun.remove(40_000);
        spun.insert(20_000, "inserted".into());
        let ops = align(&spun, &original);
        let edits: Vec<Op> = ops.iter().copied().filter(|o| o.is_edit()).collect();
        assert_eq!(
            edits,
            [
                Op::Substitute { a: 100, b: 100 },
                Op::Insert { a: 20_000 },
                Op::Delete { b: 40_000 },
            ]
        );
        assert_eq!(cost_of(&ops, &spun, &original), (3, 49_999 - 1));
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
