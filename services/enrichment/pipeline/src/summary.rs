//! Extractive summary: two or three sentences of the body, lead-biased.
//!
//! Sentences come from [`crate::entities::tokens::sentences`] (survives "U.S." and "Mr.").
//! Each sentence of 6–80 words scores by position (the lead matters most in news), by the
//! frequency of its content words in the story and by overlap with the headline. The best
//! three (two for short stories) are returned in story order.

use rustc_hash::FxHashMap as HashMap;

use crate::word_set::WordSet;

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

/// Lower-case words of `s` longer than two characters, stop words left out. A short ASCII
/// word is lower-cased on the stack and tested first, so stop words (a third of the words)
/// cost no string.
fn content_words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in s.split(|c: char| !c.is_alphanumeric()) {
        if word.is_ascii() {
            if word.len() <= 2 {
                continue;
            }
            if word.len() <= LONGEST_STOP_WORD {
                let mut buffer = [0u8; LONGEST_STOP_WORD];
                let lower = &mut buffer[..word.len()];
                lower.copy_from_slice(word.as_bytes());
                lower.make_ascii_lowercase();
                if std::str::from_utf8(lower).is_ok_and(|lower| STOP_WORDS.contains(lower)) {
                    continue;
                }
            }
            out.push(word.to_ascii_lowercase());
            continue;
        }
        if word.chars().count() <= 2 {
            continue;
        }
        let lower = word.to_lowercase();
        if !STOP_WORDS.contains(&lower) {
            out.push(lower);
        }
    }
    out
}

/// 2–3 sentences of `body`.
pub fn summarise(body: &str, headline: Option<&str>) -> String {
    let chars: Vec<char> = body.chars().collect();
    let sents: Vec<String> =
        sentences(&chars).into_iter().map(|(a, b)| chars[a..b].iter().collect()).collect();
    let usable: Vec<(usize, &String)> = sents
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            let n = s.split_whitespace().count();
            (6..=80).contains(&n) && s.chars().any(|c| matches!(c, '.' | '!' | '?' | '"' | '”'))
        })
        .collect();
    if usable.is_empty() {
        return sents.into_iter().take(2).collect::<Vec<_>>().join(" ");
    }
    let usable_words: Vec<Vec<String>> = usable.iter().map(|(_, s)| content_words(s)).collect();
    let mut tf: HashMap<&str, f32> = HashMap::default();
    for words in &usable_words {
        for w in words {
            *tf.entry(w.as_str()).or_default() += 1.0;
        }
    }
    let head: Vec<String> = headline.map(content_words).unwrap_or_default();
    let mut scored: Vec<(f32, usize)> = usable
        .iter()
        .enumerate()
        .zip(&usable_words)
        .map(|((rank, (i, _)), words)| {
            let n = words.len().max(1) as f32;
            let centrality: f32 =
                words.iter().map(|w| tf.get(w.as_str()).copied().unwrap_or(0.0)).sum::<f32>() / n;
            let head_overlap = words.iter().filter(|w| head.contains(w)).count() as f32 / n;
            let position = 1.0 / (1.0 + rank as f32 * 0.5);
            (2.0 * position + 0.3 * centrality + 1.5 * head_overlap, *i)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let take = if usable.len() <= 4 { 2 } else { 3 };
    let mut chosen: Vec<usize> = scored.iter().take(take).map(|(_, i)| *i).collect();
    chosen.sort_unstable();
    chosen.iter().map(|&i| sents[i].as_str()).collect::<Vec<_>>().join(" ")
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
