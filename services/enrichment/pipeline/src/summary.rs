//! Extractive summary: two or three sentences of the body, lead-biased.
//!
//! Sentences come from [`crate::entities::tokens::sentences`] (survives "U.S." and "Mr.").
//! Each sentence of 6–80 words scores by position (the lead matters most in news), by the
//! frequency of its content words in the story and by overlap with the headline. The best
//! three (two for short stories) are returned in story order.

use std::borrow::Cow;

use rustc_hash::FxHashMap as HashMap;

use crate::word_set::WordSet;
use crate::words::{alphanumeric_runs, lowercase};

use crate::entities::tokens::sentences;

const STOP: &[&str] = &[
    "the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by", "from", "as",
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "it", "its", "that", "this", "these",
    "those", "he", "she", "they", "we", "i", "you", "his", "her", "their", "our", "not", "no", "will",
    "would", "can", "could", "should", "said", "says", "also", "which", "who", "what", "when", "where",
    "there", "than", "then", "so", "if", "about", "after", "before", "into", "over", "more", "most", "some",
    "any", "all", "one", "two", "new", "up", "out", "do", "does", "did", "just", "only", "may",
];

/// [`STOP`] as a set: every word of the body is tested.
static STOP_WORDS: WordSet = WordSet::new(STOP);

/// Longest word of [`STOP`], in bytes.
const LONGEST_STOP_WORD: usize = 6;

/// Lower-case words of `s` longer than two characters, stop words left out. Words are
/// borrowed from `s` when already lower-case ASCII (most of them), and only words as short
/// as a stop word are looked up.
fn content_words(s: &str) -> Vec<Cow<'_, str>> {
    let mut out = Vec::new();
    for word in alphanumeric_runs(s) {
        let short = if word.is_ascii() { word.len() <= 2 } else { word.chars().count() <= 2 };
        if short {
            continue;
        }
        let lower = lowercase(word);
        if lower.len() <= LONGEST_STOP_WORD && STOP_WORDS.contains(&lower) {
            continue;
        }
        out.push(lower);
    }
    out
}

/// 2–3 sentences of `body`.
pub fn summarise(body: &str, headline: Option<&str>) -> String {
    summarise_chars(body, &body.chars().collect::<Vec<char>>(), headline)
}

/// [`summarise`] with the body's characters (`chars`, those of `body`) already collected:
/// the pipeline collects them once for the stages that index the body by character.
pub fn summarise_chars(body: &str, chars: &[char], headline: Option<&str>) -> String {
    // Sentences come in text order, so one forward walk over the character boundaries turns
    // their character offsets into byte offsets to slice them out of `body`.
    let mut boundaries = body.char_indices().map(|(at, _)| at).chain(std::iter::once(body.len()));
    // The last character offset converted and its byte offset (a sentence may start where
    // the previous one ended).
    let mut last: Option<(usize, usize)> = None;
    let mut byte_of = |char_offset: usize| -> Option<usize> {
        let skip = match last {
            Some((seen, byte)) if seen == char_offset => return Some(byte),
            Some((seen, _)) => char_offset.checked_sub(seen + 1)?,
            None => char_offset,
        };
        let byte = boundaries.nth(skip)?;
        last = Some((char_offset, byte));
        Some(byte)
    };
    let sents: Vec<&str> =
        sentences(chars).into_iter().filter_map(|(a, b)| body.get(byte_of(a)?..byte_of(b)?)).collect();
    let usable: Vec<(usize, &str)> = sents
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, s)| {
            // Counting stops past the longest usable sentence.
            let n = s.split_whitespace().take(81).count();
            (6..=80).contains(&n) && s.chars().any(|c| matches!(c, '.' | '!' | '?' | '"' | '”'))
        })
        .collect();
    if usable.is_empty() {
        return sents.into_iter().take(2).collect::<Vec<_>>().join(" ");
    }
    let usable_words: Vec<Vec<Cow<'_, str>>> = usable.iter().map(|(_, s)| content_words(s)).collect();
    let mut tf: HashMap<&str, f32> = HashMap::default();
    for words in &usable_words {
        for w in words {
            *tf.entry(w.as_ref()).or_default() += 1.0;
        }
    }
    let head: Vec<Cow<'_, str>> = headline.map(content_words).unwrap_or_default();
    let mut scored: Vec<(f32, usize)> = usable
        .iter()
        .enumerate()
        .zip(&usable_words)
        .map(|((rank, (i, _)), words)| {
            let n = words.len().max(1) as f32;
            let centrality: f32 =
                words.iter().map(|w| tf.get(w.as_ref()).copied().unwrap_or(0.0)).sum::<f32>() / n;
            let head_overlap = words.iter().filter(|w| head.contains(w)).count() as f32 / n;
            let position = 1.0 / (1.0 + rank as f32 * 0.5);
            (2.0 * position + 0.3 * centrality + 1.5 * head_overlap, *i)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let take = if usable.len() <= 4 { 2 } else { 3 };
    let mut chosen: Vec<usize> = scored.iter().take(take).map(|(_, i)| *i).collect();
    chosen.sort_unstable();
    chosen.iter().map(|&i| sents[i]).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_words_are_lower_case_and_skip_stop_words() {
        assert!(STOP.iter().all(|w| w.len() <= LONGEST_STOP_WORD));
        let text = "The SHOULD-be Öl und ÖLE, İstanbul; THERE Were 12 1234 ab Straße";
        let expected: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() > 2)
            .map(str::to_lowercase)
            .filter(|w| !STOP_WORDS.contains(w))
            .collect();
        assert_eq!(content_words(text), expected);
        assert_eq!(content_words("The SHOULD-be"), Vec::<String>::new());
    }

    #[test]
    fn lead_sentences_survive_abbreviations() {
        let body = "Mr. Smith flew to the U.S. capital on Monday to meet senators about the budget.\n\nThe talks lasted four hours and ended without a deal on the budget.\n\nSenators said they would meet again next week to discuss the budget.\n\nThe weather in the capital was mild for the season.\n\nA band played outside the building for most of the afternoon.";
        let s = summarise(body, Some("Budget talks end without deal"));
        assert!(s.starts_with("Mr. Smith flew to the U.S. capital on Monday"), "{s}");
        assert!(s.contains("without a deal"));
        assert_eq!(summarise("", None), "");
    }
}
