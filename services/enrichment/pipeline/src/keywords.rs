//! Keywords: the story's salient entities and noun-like phrases, most important first.
//!
//! Entities (people, organisations, places, other) score by number of mentions and how early
//! they first appear; phrases of 1–3 content words (no stop words, no numbers) score by
//! frequency and first position, with a bonus for headline words. Up to ten, lowercase
//! phrases deduplicated against entity names.

use std::borrow::Cow;

use rustc_hash::FxHashMap as HashMap;

use crate::word_set::WordSet;
use crate::words::{BodyWords, WordIds};

use crate::Entity;

const STOP: &[&str] = &[
    "the",
    "a",
    "an",
    "and",
    "or",
    "but",
    "of",
    "to",
    "in",
    "on",
    "at",
    "for",
    "with",
    "by",
    "from",
    "as",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "it",
    "its",
    "that",
    "this",
    "these",
    "those",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "their",
    "our",
    "my",
    "your",
    "not",
    "no",
    "will",
    "would",
    "can",
    "could",
    "should",
    "said",
    "says",
    "say",
    "also",
    "which",
    "who",
    "whom",
    "what",
    "when",
    "where",
    "why",
    "how",
    "there",
    "than",
    "then",
    "so",
    "if",
    "about",
    "after",
    "before",
    "into",
    "over",
    "under",
    "more",
    "most",
    "some",
    "any",
    "all",
    "one",
    "two",
    "up",
    "out",
    "do",
    "does",
    "did",
    "just",
    "only",
    "may",
    "might",
    "must",
    "very",
    "such",
    "other",
    "many",
    "much",
    "him",
    "them",
    "us",
    "me",
    "while",
    "because",
    "during",
    "between",
    "against",
    "through",
    "according",
    "told",
    "added",
    "year",
    "years",
    "time",
    "like",
    "including",
    "however",
    "still",
    "even",
    "now",
    "since",
    "both",
    "each",
    "last",
    "first",
    "new",
    "made",
    "make",
    "get",
    "got",
    "going",
    "way",
    "well",
    "back",
    "being",
    "any",
    "per",
    "s",
    "t",
    "don",
    "it's",
];

/// [`STOP`] as a set: every candidate word is tested.
static STOP_WORDS: WordSet = WordSet::new(STOP);

/// The pieces of `body` between clause delimiters (`. , ; : ! ? " “ ” ( )` and line breaks:
/// phrases never span them), empty ones included, as `str::split` on those characters yields
/// them, found by a byte scan (the `char` set split decoded and compared every character).
/// The reference implementation in the tests reads clauses this way.
#[cfg(test)]
fn clauses(body: &str) -> impl Iterator<Item = &str> {
    let bytes = body.as_bytes();
    let mut start = Some(0);
    std::iter::from_fn(move || {
        let from = start?;
        let mut at = from;
        while let Some(rest) = bytes.get(at..).filter(|rest| !rest.is_empty()) {
            let width = delimiter_width(rest);
            if width > 0 {
                start = Some(at + width);
                return body.get(from..at);
            }
            at += 1;
        }
        start = None;
        body.get(from..)
    })
}

/// Length in bytes of the clause delimiter `rest` starts with, 0 for none. Continuation bytes
/// of other characters match neither an ASCII delimiter nor the lead byte of the curly quotes.
fn delimiter_width(rest: &[u8]) -> usize {
    match rest {
        [b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\n' | b'"' | b'(' | b')', ..] => 1,
        // “ and ” are E2 80 9C and E2 80 9D.
        [0xE2, 0x80, 0x9C | 0x9D, ..] => 3,
        _ => 0,
    }
}

/// Keywords, most important first.
pub fn extract(body: &str, headline: Option<&str>, entities: &[Entity]) -> Vec<String> {
    let words = BodyWords::new(body);
    extract_numbered(body, body.chars().count(), headline, entities, &words, &WordIds::new(&words))
}

/// [`extract`] with the number of characters of `body` already known and its words split,
/// lower-cased and numbered (`words`, `ids`): the pipeline does that once for the stages
/// that read them.
///
/// The clauses and their whitespace-separated words (what splitting at the clause
/// delimiters, then at whitespace, and trimming each piece gave) are read off the body's
/// alphanumeric runs and the few bytes between them: a trimmed word spans from its first
/// run to its last, and only the gaps between runs are scanned (a scan of every byte of the
/// body was most of this stage). A candidate word of one run is one of the body's numbered
/// words, so its lower case and whether it is a stop word are found once per distinct word,
/// and phrases are counted by word numbers, spelled out only for those kept.
pub(crate) fn extract_numbered(
    body: &str,
    body_chars: usize,
    headline: Option<&str>,
    entities: &[Entity],
    words: &BodyWords<'_>,
    ids: &WordIds<'_>,
) -> Vec<String> {
    let total = body_chars.max(1) as f32;
    let mut scored: Vec<(f32, String)> = Vec::new();
    for e in entities {
        let Some(first) = e.mentions.first() else { continue };
        let pos = 1.0 - first.start as f32 / total;
        scored.push((e.mentions.len() as f32 * 1.5 + pos, e.name.clone()));
    }
    let head: Vec<String> = headline
        .map(|h| h.split(|c: char| !c.is_alphanumeric()).map(str::to_lowercase).collect())
        .unwrap_or_default();
    let mut candidates = CandidateWords::new(words, ids);
    // Phrases of one to three words, as word numbers (unused places `NO_WORD`): weight and
    // the character offset of the clause they were first seen in.
    let mut phrases: HashMap<[u32; 3], (f32, usize)> = HashMap::default();
    // The one-word phrases, by word number (most phrases counted are single words).
    let mut single_words: Vec<Option<(f32, usize)>> = Vec::new();
    // The character offset of a byte offset of the body, counted forward on demand.
    let mut counted = (0usize, 0usize);
    let mut char_offset_of = |byte: usize| {
        let (bytes_counted, chars_counted) = counted;
        let chars = chars_counted + body.get(bytes_counted..byte).map_or(0, |gap| gap.chars().count());
        counted = (byte, chars);
        chars
    };
    // The current run of candidate words.
    let mut run: Vec<u32> = Vec::new();
    let mut flush = |run: &mut Vec<u32>, clause_start: usize| {
        if let Some(&last) = run.last() {
            let index = last as usize;
            if single_words.len() <= index {
                single_words.resize(index + 1, None);
            }
            if let Some(slot) = single_words.get_mut(index) {
                match slot {
                    Some(entry) => entry.0 += 1.0,
                    None => *slot = Some((1.0, char_offset_of(clause_start))),
                }
            }
        }
        for n in 2..=run.len().min(3) {
            let mut key = [NO_WORD; 3];
            key[..n].copy_from_slice(&run[run.len() - n..]);
            match phrases.get_mut(&key) {
                Some(entry) => entry.0 += 1.3,
                None => {
                    phrases.insert(key, (1.3, char_offset_of(clause_start)));
                }
            }
        }
        run.clear();
    };
    let bytes = body.as_bytes();
    let mut clause_start = 0usize;
    // The body's runs (first and last index) of the whitespace-separated piece being read,
    // from its first run on; `None` between pieces.
    let mut token: Option<(usize, usize)> = None;
    let mut gap_start = 0usize;
    for k in 0..=words.spans.len() {
        let next_run = words.spans.get(k).copied();
        let gap_end = next_run.map_or(bytes.len(), |(start, _)| start);
        // A piece of the gap that is neither whitespace nor a delimiter and not part of the
        // previous token: a token of its own (trimmed to nothing, so it ends any phrase)
        // unless it runs into the next run.
        let mut loose_piece = false;
        let mut at = gap_start;
        while let Some(&byte) = bytes.get(at).filter(|_| at < gap_end) {
            let (class, width) = match GAP_CLASS[usize::from(byte)] {
                GAP_NON_ASCII => classify_non_ascii(body, at),
                class => (class, 1),
            };
            if class == GAP_OTHER {
                loose_piece |= token.is_none();
            } else {
                if let Some((first, last)) = token.take() {
                    match candidates.number_of_runs(body, first, last) {
                        Some(number) => run.push(number),
                        None => flush(&mut run, clause_start),
                    }
                }
                if std::mem::take(&mut loose_piece) {
                    flush(&mut run, clause_start);
                }
                if class == GAP_DELIMITER {
                    flush(&mut run, clause_start);
                    clause_start = at + width;
                }
            }
            at += width;
        }
        let Some((_, run_end)) = next_run else {
            // The end of the body ends the last token and clause.
            if let Some((first, last)) = token.take() {
                match candidates.number_of_runs(body, first, last) {
                    Some(number) => run.push(number),
                    None => flush(&mut run, clause_start),
                }
            }
            if loose_piece {
                flush(&mut run, clause_start);
            }
            flush(&mut run, clause_start);
            break;
        };
        // A run right after the previous one's token (no whitespace or delimiter between)
        // extends it; otherwise it starts a token (with any loose piece as its leading part).
        token = Some(match token {
            Some((first, _)) => (first, k),
            None => (k, k),
        });
        gap_start = run_end;
    }
    let single_keys = single_words
        .iter()
        .enumerate()
        .filter_map(|(number, counted)| counted.map(|counted| ([number as u32, NO_WORD, NO_WORD], counted)));
    for (key, (tf, first)) in single_keys.chain(phrases) {
        if tf < 2.0 {
            continue;
        }
        let mut phrase = String::new();
        for (k, &number) in key.iter().take_while(|&&number| number != NO_WORD).enumerate() {
            if k > 0 {
                phrase.push(' ');
            }
            phrase.push_str(candidates.word(number));
        }
        let pos = 1.0 - first as f32 / total;
        let in_head = phrase.split(' ').any(|w| head.iter().any(|h| h == w));
        scored.push((tf + pos + if in_head { 2.0 } else { 0.0 }, phrase));
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let mut out: Vec<String> = Vec::new();
    // The kept keywords lower-cased once, not once per candidate compared with them.
    let mut out_lower: Vec<String> = Vec::new();
    for (_, k) in scored {
        let lk = k.to_lowercase();
        if out_lower.iter().any(|o| o.contains(&lk)) {
            continue;
        }
        out_lower.push(lk);
        out.push(k);
        if out.len() == 10 {
            break;
        }
    }
    out
}

/// [`GAP_CLASS`]: a character that is neither whitespace nor a clause delimiter.
const GAP_OTHER: u8 = 0;
/// [`GAP_CLASS`]: whitespace (as `split_whitespace` reads it), not a delimiter.
const GAP_SPACE: u8 = 1;
/// [`GAP_CLASS`]: a clause delimiter.
const GAP_DELIMITER: u8 = 2;
/// [`GAP_CLASS`]: the first byte of a non-ASCII character, classified by
/// [`classify_non_ascii`].
const GAP_NON_ASCII: u8 = 3;

/// The class of each byte between two alphanumeric runs of the body (ASCII bytes are whole
/// characters).
const GAP_CLASS: [u8; 256] = {
    let mut table = [GAP_NON_ASCII; 256];
    let mut byte = 0;
    while byte < 128 {
        let b = byte as u8;
        table[byte] = if matches!(b, b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\n' | b'"' | b'(' | b')') {
            GAP_DELIMITER
        } else if b.is_ascii_whitespace() || b == 0x0B {
            GAP_SPACE
        } else {
            GAP_OTHER
        };
        byte += 1;
    }
    table
};

/// The [`GAP_CLASS`] class and width in bytes of the non-ASCII character at byte `at` of
/// `body`: a curly double quote is a delimiter.
#[inline(never)]
fn classify_non_ascii(body: &str, at: usize) -> (u8, usize) {
    let delimiter = delimiter_width(body.as_bytes().get(at..).unwrap_or_default());
    if delimiter > 0 {
        return (GAP_DELIMITER, delimiter);
    }
    let c = body.get(at..).and_then(|rest| rest.chars().next()).unwrap_or(' ');
    (if c.is_whitespace() { GAP_SPACE } else { GAP_OTHER }, c.len_utf8())
}

/// An unused place of a phrase key.
const NO_WORD: u32 = u32::MAX;

/// Numbers of candidate words: the body's word numbers ([`WordIds`]) for words without a
/// hyphen, new numbers after them for hyphenated words.
struct CandidateWords<'b, 'w> {
    /// The body's words.
    words: &'b BodyWords<'b>,
    /// Their numbers.
    ids: &'b WordIds<'w>,
    /// Per body word number: 0 not yet known, 1 a stop word, 2 not.
    stop_state: Vec<u8>,
    /// Per body word number, for its occurrences in lower-case ASCII (spelt as the word
    /// itself): 0 not yet known, 1 not a candidate word, 2 a candidate word.
    lower_case_candidate: Vec<u8>,
    /// Lower-cased hyphenated (or otherwise unnumbered) candidate words, numbered from
    /// `ids.distinct.len()` on.
    other_words: Vec<String>,
    /// The numbers of `other_words`.
    other_index: HashMap<String, u32>,
}

impl<'b, 'w> CandidateWords<'b, 'w> {
    fn new(words: &'b BodyWords<'b>, ids: &'b WordIds<'w>) -> Self {
        Self {
            words,
            ids,
            stop_state: vec![0; ids.distinct.len()],
            lower_case_candidate: vec![0; ids.distinct.len()],
            other_words: Vec::new(),
            other_index: HashMap::default(),
        }
    }

    /// The lower-cased word numbered `number`.
    fn word(&self, number: u32) -> &str {
        let number = number as usize;
        match number.checked_sub(self.ids.distinct.len()) {
            None => self.ids.distinct.get(number).copied().unwrap_or_default(),
            Some(other) => self.other_words.get(other).map_or("", String::as_str),
        }
    }

    /// The number of the whitespace-separated token made of the body's runs `first` to
    /// `last` (the token trimmed of non-alphanumeric characters spans from the first run's
    /// start to the last run's end), when that is a candidate word: only letters and
    /// hyphens, starting lower-case, longer than two characters, not a stop word.
    fn number_of_runs(&mut self, body: &str, first: usize, last: usize) -> Option<u32> {
        let (Some(&(start, _)), Some(&(_, end))) = (self.words.spans.get(first), self.words.spans.get(last))
        else {
            return None;
        };
        let trimmed = body.get(start..end).unwrap_or_default();
        if first == last
            && let Some(Cow::Borrowed(_)) = self.words.lowered.get(first)
        {
            // One run already in lower-case ASCII: it is its numbered word, so whether it is a
            // candidate is known after its first occurrence.
            let id = *self.ids.ids.get(first)?;
            let state = self.lower_case_candidate.get_mut(id as usize)?;
            if *state == 0 {
                *state = if is_candidate_shape(trimmed) && !STOP_WORDS.contains(trimmed) { 2 } else { 1 };
            }
            return (*state == 2).then_some(id);
        }
        if !is_candidate_shape(trimmed) {
            return None;
        }
        if first == last {
            // One run: one of the body's numbered words.
            let id = *self.ids.ids.get(first)?;
            let state = self.stop_state.get_mut(id as usize)?;
            if *state == 0 {
                let lower = self.ids.distinct.get(id as usize).copied().unwrap_or_default();
                *state = if STOP_WORDS.contains(lower) { 1 } else { 2 };
            }
            return (*state == 2).then_some(id);
        }
        let lower = crate::words::lowercase(trimmed);
        if STOP_WORDS.contains(&lower) {
            return None;
        }
        if let Some(&number) = self.other_index.get(lower.as_ref()) {
            return Some(number);
        }
        let number = (self.ids.distinct.len() + self.other_words.len()) as u32;
        self.other_words.push(lower.clone().into_owned());
        self.other_index.insert(lower.into_owned(), number);
        Some(number)
    }
}

/// Only letters and hyphens, starting with a lower-case letter, more than two characters.
/// The first character is tested first (most words fail there), and an ASCII word is
/// checked in one pass over its bytes: a separate `is_ascii` scan of every token cost more
/// than the rest of the test.
fn is_candidate_shape(word: &str) -> bool {
    let bytes = word.as_bytes();
    let Some(&first) = bytes.first() else { return false };
    if !first.is_ascii() {
        return is_candidate_shape_by_chars(word);
    }
    if !first.is_ascii_lowercase() {
        return false;
    }
    for &byte in bytes {
        if !byte.is_ascii() {
            return is_candidate_shape_by_chars(word);
        }
        if !(byte.is_ascii_alphabetic() || byte == b'-') {
            return false;
        }
    }
    bytes.len() > 2
}

/// [`is_candidate_shape`] by characters, for words with a non-ASCII character.
fn is_candidate_shape_by_chars(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_lowercase)
        && word.chars().all(|c| c.is_alphabetic() || c == '-')
        && word.chars().count() > 2
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`extract_numbered`] as first written: clauses split, then words split at whitespace
    /// and trimmed, phrases counted by their text.
    fn extract_reference(
        body: &str,
        body_chars: usize,
        headline: Option<&str>,
        entities: &[Entity],
    ) -> Vec<String> {
        let total = body_chars.max(1) as f32;
        let mut scored: Vec<(f32, String)> = Vec::new();
        for e in entities {
            let Some(first) = e.mentions.first() else { continue };
            let pos = 1.0 - first.start as f32 / total;
            scored.push((e.mentions.len() as f32 * 1.5 + pos, e.name.clone()));
        }
        let head: Vec<String> = headline
            .map(|h| h.split(|c: char| !c.is_alphanumeric()).map(str::to_lowercase).collect())
            .unwrap_or_default();
        let mut phrases: HashMap<String, (f32, usize)> = HashMap::default();
        let mut offset = 0usize;
        // The current run of candidate words (borrowed from the body when already lower case)
        // and the phrase being counted, both reused across clauses.
        let mut run: Vec<Cow<'_, str>> = Vec::new();
        let mut phrase = String::new();
        for clause in clauses(body) {
            let words = clause.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()));
            for w in words.chain(std::iter::once("")) {
                // Cheap tests first; the lower-cased word only for candidates.
                let lw = (!w.is_empty()
                    && w.chars().all(|c| c.is_alphabetic() || c == '-')
                    && w.chars().next().is_some_and(char::is_lowercase)
                    && w.chars().count() > 2)
                    .then(|| crate::words::lowercase(w))
                    .filter(|lw| !STOP_WORDS.contains(lw));
                if let Some(lw) = lw {
                    run.push(lw);
                } else {
                    for n in 1..=run.len().min(3) {
                        let start = run.len() - n;
                        phrase.clear();
                        for (k, word) in run[start..].iter().enumerate() {
                            if k > 0 {
                                phrase.push(' ');
                            }
                            phrase.push_str(word);
                        }
                        let weight = if n == 1 { 1.0 } else { 1.3 };
                        // A phrase seen before costs no string.
                        match phrases.get_mut(phrase.as_str()) {
                            Some(entry) => entry.0 += weight,
                            None => {
                                phrases.insert(phrase.clone(), (weight, offset));
                            }
                        }
                    }
                    run.clear();
                }
            }
            offset += clause.chars().count() + 1;
        }
        for (phrase, (tf, first)) in phrases {
            if tf < 2.0 {
                continue;
            }
            let pos = 1.0 - first as f32 / total;
            let in_head = phrase.split(' ').any(|w| head.iter().any(|h| h == w));
            scored.push((tf + pos + if in_head { 2.0 } else { 0.0 }, phrase));
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        let mut out: Vec<String> = Vec::new();
        // The kept keywords lower-cased once, not once per candidate compared with them.
        let mut out_lower: Vec<String> = Vec::new();
        for (_, k) in scored {
            let lk = k.to_lowercase();
            if out_lower.iter().any(|o| o.contains(&lk)) {
                continue;
            }
            out_lower.push(lk);
            out.push(k);
            if out.len() == 10 {
                break;
            }
        }
        out
    }

    /// [`is_candidate_shape`] as first written.
    fn is_candidate_shape_reference(word: &str) -> bool {
        if word.is_ascii() {
            let bytes = word.as_bytes();
            bytes.len() > 2
                && bytes.first().is_some_and(u8::is_ascii_lowercase)
                && bytes.iter().all(|&b| b.is_ascii_alphabetic() || b == b'-')
        } else {
            word.chars().all(|c| c.is_alphabetic() || c == '-')
                && word.chars().next().is_some_and(char::is_lowercase)
                && word.chars().count() > 2
        }
    }

    #[test]
    fn candidate_shape_equals_the_reference() {
        for word in [
            "",
            "a",
            "ab",
            "abc",
            "Abc",
            "ab-",
            "-ab",
            "a-b",
            "ab1",
            "abc.",
            "über",
            "Über",
            "aé",
            "aéb",
            "éa",
            "long-range",
            "naïve",
            "ｆｕｌｌ",
            "ǅabc",
            "aΣ",
            "a²b",
            "a'b",
            "a’b",
            "iPhone",
            "東京都",
            "x東",
        ] {
            assert_eq!(is_candidate_shape(word), is_candidate_shape_reference(word), "{word}");
        }
    }

    #[test]
    fn numbered_extraction_equals_the_reference() {
        let bodies = [
            "The security guarantees were discussed. Russia wants security guarantees. Allies rejected the security guarantees.",
            "long-range missiles and long-range missiles, the long-range missiles; “short-range missiles” (short-range missiles)\n\nshort-range missiles",
            "naïve über-cool straße naïve über-cool straße, Naïve ÜBER-cool straße\u{a0}naïve\u{2003}über-cool — straße naïve",
            "  ...leading dots,and commas,and commas;between words between words between words -- - ---x",
            "iPhone sales iPhone sales iPhone sales; according to the the the it's it's don't don't 12abc 12abc abc12 abc12",
            "",
            "a.b",
            "— leading dash, trailing dash — inner — dash —",
            "“quoted words here” and “quoted words here” again; «guillemets words here» «guillemets words here»",
            "tab\tseparated\u{b}vertical\u{c}feed words\u{a0}nbsp words\u{2003}em words\u{3000}ideo words\u{85}next words",
            "e-mail e-mail x-ray-vision x-ray-vision -lead-hyphen -lead-hyphen trail-hyphen- trail-hyphen-",
            "it's it's O'Neil's café café café-bar café-bar über-ängstlich über-ängstlich",
            "  leading spaces only words words",
            "words words ###",
            "###words ###words words### words###",
            "12abc abc12 ab ab abc abc a1b2c3 x²y x²y ½cup ½cup",
            "ΣΟΦΙΑ σοφια σοφια İstanbul istanbul istanbul straße straße",
            "a,b;c:d!e?f\ng\"h(i)j“k”l",
        ];
        for body in bodies {
            let ents = crate::entities::find(body);
            for headline in [None, Some("Security missiles über-cool")] {
                let want = extract_reference(body, body.chars().count(), headline, &ents);
                assert_eq!(extract(body, headline, &ents), want, "{body}");
            }
        }
    }

    /// The characters [`clauses`] splits at.
    const CLAUSE_DELIMITERS: [char; 12] = ['.', ',', ';', ':', '!', '?', '\n', '"', '“', '”', '(', ')'];

    #[test]
    fn clauses_equal_the_char_set_split() {
        for body in
            ["", ".", "a.b", "One, two; “three” (four)!\n\nfive?", "ends with a dot.", "naïve—über “x”"]
        {
            let expected: Vec<&str> = body.split(CLAUSE_DELIMITERS).collect();
            assert_eq!(clauses(body).collect::<Vec<_>>(), expected, "{body}");
        }
    }

    #[test]
    fn repeated_phrases_and_entities_rank() {
        let body = "The security guarantees were discussed. Russia wants security guarantees. Allies rejected the security guarantees.";
        let ents = crate::entities::find(body);
        let k = extract(body, Some("Security talks"), &ents);
        assert!(k.iter().any(|k| k == "security guarantees"), "{k:?}");
        assert!(k.iter().any(|k| k == "Russia"), "{k:?}");
    }
}
