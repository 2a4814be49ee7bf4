//! A fixed word list looked up as a hash set, built on first use: the summary and keyword
//! stages test every word of a body against their stop-word lists.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

/// `words` as a set, for `static` lists.
pub(crate) struct WordSet {
    /// The list, as written in the source.
    words: &'static [&'static str],
    /// The same words hashed, built by the first lookup.
    set: OnceLock<FxHashSet<&'static str>>,
}

impl WordSet {
    /// A set of `words` (nothing is built until the first lookup).
    pub(crate) const fn new(words: &'static [&'static str]) -> Self {
        Self { words, set: OnceLock::new() }
    }

    /// Whether `word` is one of the words (exact, case-sensitive).
    pub(crate) fn contains(&self, word: &str) -> bool {
        self.set.get_or_init(|| self.words.iter().copied().collect()).contains(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn looks_up_exact_words() {
        static STOP: WordSet = WordSet::new(&["the", "a"]);
        assert!(STOP.contains("the"));
        assert!(!STOP.contains("The"));
        assert!(!STOP.contains("then"));
    }
}
