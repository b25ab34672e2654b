//! A tiny deterministic random-number generator (xorshift64) for generated test, bench and
//! training data: the same seed gives the same data on every run and platform, so runs
//! compare like with like. Not for anything that needs real randomness.

/// xorshift64 state; seed with any non-zero value.
pub struct Rng(pub u64);

impl Rng {
    /// The next pseudo-random number.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A pseudo-randomly chosen item of a non-empty slice.
    #[allow(dead_code)] // used by the benches, not by every includer
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}
