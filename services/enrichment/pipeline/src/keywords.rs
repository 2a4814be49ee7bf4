//! Keywords: the story's salient entities and noun-like phrases, most important first.
//!
//! Entities (people, organisations, places, other) score by number of mentions and how early
//! they first appear; phrases of 1–3 content words (no stop words, no numbers) score by
//! frequency and first position, with a bonus for headline words. Up to ten, lowercase
//! phrases deduplicated against entity names.

use std::borrow::Cow;

use rustc_hash::FxHashMap as HashMap;

use crate::word_set::WordSet;

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
    extract_counted(body, body.chars().count(), headline, entities)
}

/// [`extract`] with the number of characters of `body` already known (the pipeline has the
/// body's characters collected).
pub fn extract_counted(
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

#[cfg(test)]
mod tests {
    use super::*;

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
