//! Read-only word sets and maps for the gazetteers and cue-word lists.
//!
//! The entity stage asks a gazetteer or a word list about nearly every capitalised word of a
//! story, several times; a `FxHashSet<&str>` look-up (hash of every byte, SIMD group probe,
//! `memcmp`) was a sixth of the stage. These tables hash a word from its length and at most
//! two 8-byte loads (whole 8-byte chunks for longer words), probe linearly over slots that
//! carry 32 bits of the hash, and compare the word only when those bits agree, so a miss
//! (most look-ups) never touches the word list. Built once, never changed after.

/// Odd constants of the hash (digits of π and of the golden ratio).
const SEED_A: u64 = 0x243F_6A88_85A3_08D3;
const SEED_B: u64 = 0x9E37_79B9_7F4A_7C15;
const SEED_C: u64 = 0x1319_8A2E_0370_7344;

/// The high and low halves of the 128-bit product of `a` and `b`, folded together.
#[inline]
fn folded_multiply(a: u64, b: u64) -> u64 {
    let full = u128::from(a) * u128::from(b);
    (full as u64) ^ ((full >> 64) as u64)
}

/// The little-endian value of the first (up to) eight bytes of `bytes`.
#[inline]
fn load_up_to_8(bytes: &[u8]) -> u64 {
    if let Some(chunk) = bytes.first_chunk::<8>() {
        return u64::from_le_bytes(*chunk);
    }
    bytes.iter().rev().fold(0u64, |value, &byte| value << 8 | u64::from(byte))
}

/// Two numbers read from the ends of `bytes` that, with its length, tell apart any two words
/// of at most 16 bytes: the first and last eight bytes (four for shorter words; the first,
/// middle and last byte of words under four bytes).
#[inline(always)]
fn ends(bytes: &[u8]) -> (u64, u64) {
    if let (Some(head), Some(tail)) = (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
        return (u64::from_le_bytes(*head), u64::from_le_bytes(*tail));
    }
    if let (Some(head), Some(tail)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        return (u64::from(u32::from_le_bytes(*head)), u64::from(u32::from_le_bytes(*tail)));
    }
    match bytes {
        [] => (0, 0),
        [only] => (u64::from(*only), 0),
        [first, second] => (u64::from(*first) << 8 | u64::from(*second), 0),
        [first, middle, .., last] => {
            (u64::from(*first) << 16 | u64::from(*middle) << 8 | u64::from(*last), 0)
        }
    }
}

/// The hash of a word whose [`ends`] are `first` and `last`: for words longer than 16 bytes
/// the middle bytes are mixed in eight at a time.
#[inline(always)]
fn hash_of_ends(bytes: &[u8], first: u64, last: u64) -> u64 {
    let length = bytes.len();
    let hash = folded_multiply(first ^ SEED_A, last ^ SEED_B ^ (length as u64).rotate_left(40));
    if length > 16 { hash_middle(bytes, hash) } else { hash }
}

/// `hash` with the middle bytes of a word longer than 16 bytes mixed in (kept out of line:
/// few words are that long).
#[cold]
#[inline(never)]
fn hash_middle(bytes: &[u8], mut hash: u64) -> u64 {
    for chunk in bytes.get(8..bytes.len().saturating_sub(8)).unwrap_or_default().chunks(8) {
        hash = folded_multiply(hash ^ load_up_to_8(chunk), SEED_C);
    }
    hash
}

/// A 64-bit hash of `bytes`: its length and its [`ends`], and for words longer than 16 bytes
/// the middle bytes eight at a time (the tables hash through [`hash_of_ends`] directly).
#[cfg(test)]
fn word_hash(bytes: &[u8]) -> u64 {
    let (first, last) = ends(bytes);
    hash_of_ends(bytes, first, last)
}

/// A read-only map from words to values (a set with `()` values), see the module
/// documentation.
pub struct WordTable<'w, V> {
    /// Open-addressed slots: 0 when empty, else the high 32 bits of the word's hash above
    /// the entry's index plus one.
    slots: Box<[u64]>,
    /// `slots.len() - 1` (the length is a power of two).
    mask: usize,
    /// The words and their values, in insertion order.
    entries: Vec<(&'w str, V)>,
    /// The [`ends`] of each word of `entries`: for words of at most 16 bytes, equal ends and
    /// lengths are equal words, compared without a call to `memcmp`.
    entry_ends: Vec<(u64, u64)>,
    /// The hash of each word of `entries`, kept for growing the slots without hashing again.
    entry_hashes: Vec<u64>,
}

/// A read-only set of words.
pub type WordSet<'w> = WordTable<'w, ()>;

impl<'w, V> WordTable<'w, V> {
    /// An empty table with room for `count` words before it grows.
    pub fn with_capacity(count: usize) -> Self {
        let mut table = WordTable {
            slots: Box::new([]),
            mask: 0,
            entries: Vec::with_capacity(count),
            entry_ends: Vec::with_capacity(count),
            entry_hashes: Vec::with_capacity(count),
        };
        table.resize_for(count);
        table
    }

    /// A table of `entries`; a word given twice keeps its last value (as `HashMap::insert`).
    pub fn from_entries(entries: impl IntoIterator<Item = (&'w str, V)>) -> Self {
        let entries = entries.into_iter();
        let mut table = Self::with_capacity(entries.size_hint().0);
        for (word, value) in entries {
            table.insert_or_replace(word, value);
        }
        table
    }

    /// Room for `count` words with the slots at most a third full (a miss then probes about
    /// one slot and a half). The words are placed again from their kept hashes.
    fn resize_for(&mut self, count: usize) {
        let wanted = (count.max(1) * 3).next_power_of_two().max(8);
        if wanted <= self.slots.len() {
            return;
        }
        let mut slots = vec![0; wanted];
        let mask = wanted - 1;
        for (index, &hash) in self.entry_hashes.iter().enumerate() {
            let mut at = hash as usize & mask;
            while slots[at] != 0 {
                at = (at + 1) & mask;
            }
            slots[at] = slot_of(hash, index);
        }
        self.slots = slots.into_boxed_slice();
        self.mask = mask;
    }

    /// Where `word` (with its [`ends`] and hash) is: `Ok` with its entry's index, or `Err`
    /// with the empty slot where it would go.
    #[inline(always)]
    fn find(&self, bytes: &[u8], first: u64, last: u64, hash: u64) -> Result<usize, usize> {
        probe(
            self.mask,
            hash,
            |at| self.slots.get(at).copied(),
            |index| {
                self.entries.get(index).zip(self.entry_ends.get(index)).is_some_and(
                    |((entry_word, _), &entry_ends)| {
                        same_word(entry_word.as_bytes(), entry_ends, bytes, (first, last))
                    },
                )
            },
        )
    }

    /// The value of `word`, added as `default()` when the table does not have it yet, and
    /// whether it was added.
    #[inline]
    pub fn get_or_insert(&mut self, word: &'w str, default: impl FnOnce() -> V) -> (&mut V, bool) {
        if (self.entries.len() + 1) * 3 > self.slots.len() {
            self.resize_for((self.entries.len() + 1) * 2);
        }
        let bytes = word.as_bytes();
        let (first, last) = ends(bytes);
        let hash = hash_of_ends(bytes, first, last);
        let (index, added) = match self.find(bytes, first, last, hash) {
            Ok(index) => (index, false),
            Err(at) => {
                let index = self.entries.len();
                if let Some(slot) = self.slots.get_mut(at) {
                    *slot = slot_of(hash, index);
                }
                self.entries.push((word, default()));
                self.entry_ends.push((first, last));
                self.entry_hashes.push(hash);
                (index, true)
            }
        };
        // The entry was found or just pushed at `index`.
        let value = &mut self.entries[index].1;
        (value, added)
    }

    /// Adds `word` with `value`, or replaces the value of a word already there.
    fn insert_or_replace(&mut self, word: &'w str, value: V) {
        if (self.entries.len() + 1) * 3 > self.slots.len() {
            self.resize_for((self.entries.len() + 1) * 2);
        }
        let bytes = word.as_bytes();
        let (first, last) = ends(bytes);
        let hash = hash_of_ends(bytes, first, last);
        match self.find(bytes, first, last, hash) {
            Ok(index) => {
                if let Some(entry) = self.entries.get_mut(index) {
                    entry.1 = value;
                }
            }
            Err(at) => {
                if let Some(slot) = self.slots.get_mut(at) {
                    *slot = slot_of(hash, self.entries.len());
                }
                self.entries.push((word, value));
                self.entry_ends.push((first, last));
                self.entry_hashes.push(hash);
            }
        }
    }

    /// Adds `word` if the table does not have it yet; whether it was added.
    #[inline]
    pub fn insert(&mut self, word: &'w str, value: V) -> bool {
        self.get_or_insert(word, || value).1
    }

    /// The value of `word`, if the table has it.
    #[inline(always)]
    pub fn get(&self, word: &str) -> Option<&V> {
        let bytes = word.as_bytes();
        let (first, last) = ends(bytes);
        let hash = hash_of_ends(bytes, first, last);
        let index = self.find(bytes, first, last, hash).ok()?;
        self.entries.get(index).map(|(_, value)| value)
    }

    /// Whether the table has `word`.
    #[inline(always)]
    pub fn contains(&self, word: &str) -> bool {
        self.get(word).is_some()
    }

    /// Whether the table has `word` (the name `HashMap` gives it).
    #[inline]
    pub fn contains_key(&self, word: &str) -> bool {
        self.contains(word)
    }

    /// The words and their values, in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = &(&'w str, V)> {
        self.entries.iter()
    }

    /// How many words the table has.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the table has no words.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<'w> WordSet<'w> {
    /// The set of `words`.
    pub fn of(words: impl IntoIterator<Item = &'w str>) -> Self {
        Self::from_entries(words.into_iter().map(|word| (word, ())))
    }
}

/// Where the word that hashes to `hash` is in the open-addressed slots read by `slot_at`
/// (`mask` is their count less one): `Ok` with the index of the entry that `is_entry`
/// confirms among those whose slot carries the hash's high 32 bits, or `Err` with the empty
/// slot where the word would go. Shared by [`WordTable`] and [`StaticWordSet`].
#[inline(always)]
fn probe(
    mask: usize,
    hash: u64,
    slot_at: impl Fn(usize) -> Option<u64>,
    is_entry: impl Fn(usize) -> bool,
) -> Result<usize, usize> {
    let tag = hash >> 32;
    let mut at = hash as usize & mask;
    loop {
        let Some(slot) = slot_at(at) else { return Err(at) };
        if slot == 0 {
            return Err(at);
        }
        if slot >> 32 == tag && is_entry((slot as u32 - 1) as usize) {
            return Ok((slot as u32 - 1) as usize);
        }
        at = (at + 1) & mask;
    }
}

/// Whether an entry's word (`entry`, with its [`ends`]) is the word `bytes` (with its ends):
/// for words of at most 16 bytes, equal ends and lengths are equal words, compared without a
/// call to `memcmp`.
#[inline(always)]
fn same_word(entry: &[u8], entry_ends: (u64, u64), bytes: &[u8], word_ends: (u64, u64)) -> bool {
    entry.len() == bytes.len() && entry_ends == word_ends && (bytes.len() <= 16 || entry == bytes)
}

impl<V> WordTable<'_, V> {
    /// The table as the three parts of a [`StaticWordSet`]: its slots (little-endian `u64`s),
    /// where each word starts in the concatenated words (little-endian `u32`s, with the end of
    /// the last word last), and the words concatenated. The build script writes them for the
    /// large gazetteers.
    #[cfg_attr(not(test), allow(dead_code, reason = "called by the build script, which includes this file"))]
    pub fn to_static_parts(&self) -> (Vec<u8>, Vec<u8>, String) {
        let slots: Vec<u8> = self.slots.iter().flat_map(|slot| slot.to_le_bytes()).collect();
        let mut starts = Vec::with_capacity((self.entries.len() + 1) * 4);
        let mut words = String::new();
        for (word, _) in &self.entries {
            starts.extend_from_slice(&(words.len() as u32).to_le_bytes());
            words.push_str(word);
        }
        starts.extend_from_slice(&(words.len() as u32).to_le_bytes());
        (slots, starts, words)
    }
}

/// A read-only set of words laid out by the build script ([`WordTable::to_static_parts`])
/// and embedded in the program: the large gazetteers (48,000 names) cost no work at process
/// start (building their tables was 15 M instructions, a sixth of a short batch). Looked up
/// as a [`WordTable`] is.
pub struct StaticWordSet {
    /// The slots of the table, eight little-endian bytes each.
    slots: &'static [u8],
    /// Where each word starts in `words`, four little-endian bytes each, and the end last.
    starts: &'static [u8],
    /// The words, concatenated.
    words: &'static [u8],
}

impl StaticWordSet {
    /// The set laid out in `slots`, `starts` and `words` (see [`WordTable::to_static_parts`]).
    pub const fn new(slots: &'static [u8], starts: &'static [u8], words: &'static str) -> Self {
        StaticWordSet { slots, starts, words: words.as_bytes() }
    }

    /// The slot at `at`.
    #[inline(always)]
    fn slot(&self, at: usize) -> Option<u64> {
        self.slots.get(at * 8..)?.first_chunk::<8>().map(|bytes| u64::from_le_bytes(*bytes))
    }

    /// The start of the word at `index` in `words` (or the end of the last one).
    #[inline(always)]
    fn start(&self, index: usize) -> usize {
        self.starts
            .get(index * 4..)
            .and_then(<[u8]>::first_chunk::<4>)
            .map_or(0, |bytes| u32::from_le_bytes(*bytes) as usize)
    }

    /// The word at `index`.
    #[inline(always)]
    fn word(&self, index: usize) -> &'static [u8] {
        self.words.get(self.start(index)..self.start(index + 1)).unwrap_or_default()
    }

    /// Whether the set has `word`.
    #[inline(always)]
    pub fn contains(&self, word: &str) -> bool {
        let bytes = word.as_bytes();
        let (first, last) = ends(bytes);
        let hash = hash_of_ends(bytes, first, last);
        let mask = (self.slots.len() / 8).saturating_sub(1);
        probe(
            mask,
            hash,
            |at| self.slot(at),
            |index| {
                let entry = self.word(index);
                entry.len() == bytes.len() && same_word(entry, ends(entry), bytes, (first, last))
            },
        )
        .is_ok()
    }

    /// How many words the set has.
    pub fn len(&self) -> usize {
        (self.starts.len() / 4).saturating_sub(1)
    }

    /// Whether the set has no words.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The slot of the entry at `index` whose word hashes to `hash`.
#[inline]
fn slot_of(hash: u64, index: usize) -> u64 {
    (hash >> 32) << 32 | (index as u64 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustc_hash::{FxHashMap, FxHashSet};

    /// Words of every length class of the hash (empty, under four, under eight, up to 16,
    /// longer), near misses that share a prefix, suffix or length, and non-ASCII words.
    fn sample_words() -> Vec<String> {
        let mut words: Vec<String> = [
            "",
            "a",
            "A",
            "ab",
            "ba",
            "abc",
            "acb",
            "abcd",
            "abce",
            "dcba",
            "Paris",
            "Parix",
            "Xaris",
            "London",
            "Londen",
            "New York",
            "New Yorks",
            "United States",
            "United Kingdom",
            "United States of America",
            "United States of Americas",
            "United Staxes of America",
            "Zoë",
            "Zoe",
            "São Paulo",
            "東京",
            "Organisation for Economic Co-operation and Development",
            "Organisation for Economic Co-operation and Developmenx",
            "Organisation fox Economic Co-operation and Development",
            "aaaaaaaaaaaaaaaa",
            "aaaaaaaaaaaaaaaaa",
            "aaaaaaaaaaaaaaab",
            "baaaaaaaaaaaaaaaa",
            "aaaaaaaabaaaaaaaa",
        ]
        .iter()
        .map(|word| (*word).to_owned())
        .collect();
        for length in 0..40 {
            words.push("x".repeat(length));
            words.push(format!("{}y", "x".repeat(length)));
        }
        for number in 0..3000 {
            words.push(format!("Word{number}"));
        }
        words
    }

    /// Every word in and out of a table answers as in a hash set of the same words, for
    /// tables of every size from empty to thousands of words.
    #[test]
    fn sets_answer_as_hash_sets() {
        let words = sample_words();
        for size in [0, 1, 2, 3, 7, 8, 30, 100, 1000, words.len()] {
            for step in [1, 2, 3] {
                let members: Vec<&str> = words.iter().take(size).step_by(step).map(String::as_str).collect();
                let table = WordSet::of(members.iter().copied());
                let reference: FxHashSet<&str> = members.iter().copied().collect();
                assert_eq!(table.len(), reference.len());
                for word in &words {
                    assert_eq!(
                        table.contains(word),
                        reference.contains(word.as_str()),
                        "{word:?} ({size}, {step})"
                    );
                }
            }
        }
    }

    /// A word given twice keeps its last value, as `HashMap::insert` does.
    #[test]
    fn maps_keep_the_last_value_of_a_word() {
        let words = sample_words();
        let entries: Vec<(&str, usize)> = words
            .iter()
            .enumerate()
            .map(|(index, word)| (word.as_str(), index))
            .chain([("Paris", 1), ("", 2)])
            .collect();
        let table = WordTable::from_entries(entries.iter().copied());
        let reference: FxHashMap<&str, usize> = entries.iter().copied().collect();
        assert_eq!(table.len(), reference.len());
        for word in words.iter().map(String::as_str).chain(["absent", "Pari"]) {
            assert_eq!(table.get(word), reference.get(word), "{word:?}");
        }
        // Growing past the first size keeps every word.
        let grown =
            WordTable::from_entries(std::iter::empty().chain(entries.iter().copied()).filter(|_| true));
        for word in words.iter().map(String::as_str) {
            assert_eq!(grown.get(word), reference.get(word), "{word:?}");
        }
    }

    /// A table laid out as the parts of a static set answers every word as the table does,
    /// for tables of every size from empty to thousands of words.
    #[test]
    fn static_sets_answer_as_their_tables() {
        let words = sample_words();
        for size in [0, 1, 2, 3, 7, 8, 30, 100, 1000, words.len()] {
            let table = WordSet::of(words.iter().take(size).map(String::as_str));
            let (slots, starts, concatenated) = table.to_static_parts();
            let set = StaticWordSet::new(
                Box::leak(slots.into_boxed_slice()),
                Box::leak(starts.into_boxed_slice()),
                Box::leak(concatenated.into_boxed_str()),
            );
            assert_eq!(set.len(), table.len());
            assert_eq!(set.is_empty(), table.is_empty());
            for word in words.iter().map(String::as_str).chain(["absent", "Pari", "Word30000"]) {
                assert_eq!(set.contains(word), table.contains(word), "{word:?} ({size})");
            }
        }
    }

    /// The hash of a word depends on all of its bytes (words that differ in one byte
    /// anywhere hash apart in practice).
    #[test]
    fn hash_depends_on_every_byte() {
        for length in 1..48usize {
            let base = vec![b'a'; length];
            let base_hash = word_hash(&base);
            for at in 0..length {
                let mut changed = base.clone();
                changed[at] = b'b';
                assert_ne!(word_hash(&changed), base_hash, "length {length}, byte {at}");
            }
        }
    }
}
