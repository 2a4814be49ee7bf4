//! Extractive summary: two or three sentences of the body, lead-biased.
//!
//! Sentences come from [`crate::entities::tokens::sentences`] (survives "U.S." and "Mr.").
//! Each sentence of 6–80 words scores by position (the lead matters most in news), by the
//! frequency of its content words in the story and by overlap with the headline. The best
//! three (two for short stories) are returned in story order.

use std::borrow::Cow;

use crate::word_set::WordSet;
use crate::words::{BodyWords, WordIds, alphanumeric_runs, lowercase};

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
        if is_short(word) {
            continue;
        }
        let lower = lowercase(word);
        if is_stop_word(&lower) {
            continue;
        }
        out.push(lower);
    }
    out
}

/// A word of at most two characters (never a content word). Two bytes are at most two
/// characters and more than eight bytes at least three (a character takes one to four), so
/// only the lengths between are counted, inline: a character starts at each byte that is not
/// a UTF-8 continuation byte (`chars().count()` was a call per word).
fn is_short(word: &str) -> bool {
    match word.len() {
        0..=2 => true,
        3..=8 => word.bytes().filter(|&byte| !(0x80..0xC0).contains(&byte)).count() <= 2,
        _ => false,
    }
}

/// The length in UTF-8 of `chars`: one byte each, and one more from U+0080, U+0800 and
/// U+10000 on. The extra bytes are counted in 32-bit lanes without a branch per character
/// (the compiler vectorises it), where `len_utf8` per character was a tenth of the summary.
fn utf8_len(chars: &[char]) -> usize {
    // A block's extra bytes (at most three per character) fit in a `u32`.
    const BLOCK: usize = 4096;
    chars
        .chunks(BLOCK)
        .map(|block| {
            let extra: u32 = block
                .iter()
                .map(|&c| {
                    let code = u32::from(c);
                    u32::from(code >= 0x80) + u32::from(code >= 0x800) + u32::from(code >= 0x10000)
                })
                .sum();
            block.len() + extra as usize
        })
        .sum()
}

/// A lower-case word of [`STOP`] (only words as short as a stop word are looked up).
fn is_stop_word(lower: &str) -> bool {
    lower.len() <= LONGEST_STOP_WORD && STOP_WORDS.contains(lower)
}

/// 2–3 sentences of `body`.
pub fn summarise(body: &str, headline: Option<&str>) -> String {
    let body_words = BodyWords::new(body);
    let chars: Vec<char> = body.chars().collect();
    summarise_words(body, &chars, headline, &body_words, &WordIds::new(&body_words))
}

/// [`summarise`] with the body's characters (`chars`, those of `body`) collected and its
/// words split, lower-cased and numbered (`words`, `ids`): the pipeline does that once for
/// the stages that read them.
pub(crate) fn summarise_words(
    body: &str,
    chars: &[char],
    headline: Option<&str>,
    words: &BodyWords<'_>,
    ids: &WordIds<'_>,
) -> String {
    // Sentences come in text order, so one forward walk over the characters turns their
    // character offsets into byte offsets to slice them out of `body`.
    // The last character offset converted and its byte offset (a sentence may start where
    // the previous one ended).
    let mut last = (0usize, 0usize);
    let mut byte_of = |char_offset: usize| -> Option<usize> {
        let (seen, byte) = last;
        let byte = byte + utf8_len(chars.get(seen..char_offset)?);
        last = (char_offset, byte);
        Some(byte)
    };
    // Each sentence as its byte span and text.
    let sents: Vec<(usize, usize)> = sentences(chars)
        .into_iter()
        .filter_map(|(a, b)| {
            let span = (byte_of(a)?, byte_of(b)?);
            body.get(span.0..span.1).map(|_| span)
        })
        .collect();
    let text_of = |(start, end): (usize, usize)| body.get(start..end).unwrap_or_default();
    let usable: Vec<(usize, (usize, usize))> = sents
        .iter()
        .copied()
        .enumerate()
        .filter(|&(_, span)| {
            let s = text_of(span);
            // Counting stops past the longest usable sentence.
            let n = whitespace_separated_words_up_to(s, 81);
            (6..=80).contains(&n) && has_sentence_mark(s)
        })
        .collect();
    if usable.is_empty() {
        return sents.into_iter().take(2).map(text_of).collect::<Vec<_>>().join(" ");
    }
    let mut numbered = NumberedContentWords::new(words, ids);
    let usable_words: Vec<Vec<u32>> =
        usable.iter().map(|&(_, span)| numbered.content_words_in(body, span)).collect();
    // Occurrences of each content word in the usable sentences, by number.
    let mut tf = vec![0.0f32; numbered.count()];
    for words in &usable_words {
        for &w in words {
            if let Some(count) = tf.get_mut(w as usize) {
                *count += 1.0;
            }
        }
    }
    let head: Vec<Cow<'_, str>> = headline.map(content_words).unwrap_or_default();
    // Whether each content word of the usable sentences is one of the headline's, by number.
    let mut in_head = vec![false; numbered.count()];
    if !head.is_empty() {
        let mut known = vec![false; numbered.count()];
        for &w in usable_words.iter().flatten() {
            if let (Some(known), Some(in_head)) = (known.get_mut(w as usize), in_head.get_mut(w as usize))
                && !*known
            {
                *known = true;
                *in_head = numbered.word(w).is_some_and(|word| head.iter().any(|h| h == word));
            }
        }
    }
    let mut scored: Vec<(f32, usize)> = usable
        .iter()
        .enumerate()
        .zip(&usable_words)
        .map(|((rank, (i, _)), words)| {
            let n = words.len().max(1) as f32;
            let centrality: f32 =
                words.iter().map(|&w| tf.get(w as usize).copied().unwrap_or(0.0)).sum::<f32>() / n;
            let head_overlap =
                words.iter().filter(|&&w| in_head.get(w as usize).copied().unwrap_or(false)).count() as f32
                    / n;
            let position = 1.0 / (1.0 + rank as f32 * 0.5);
            (2.0 * position + 0.3 * centrality + 1.5 * head_overlap, *i)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let take = if usable.len() <= 4 { 2 } else { 3 };
    let mut chosen: Vec<usize> = scored.iter().take(take).map(|(_, i)| *i).collect();
    chosen.sort_unstable();
    chosen.iter().filter_map(|&i| sents.get(i).copied()).map(text_of).collect::<Vec<_>>().join(" ")
}

/// `s.split_whitespace().take(limit).count()`, found by a byte scan that decodes only
/// non-ASCII characters.
fn whitespace_separated_words_up_to(s: &str, limit: usize) -> usize {
    let bytes = s.as_bytes();
    let mut words = 0;
    let mut in_word = false;
    let mut at = 0;
    while words < limit
        && let Some(&byte) = bytes.get(at)
    {
        // Inside a word, its other ASCII letters and signs are skipped in a tight loop.
        if in_word && byte.is_ascii_graphic() {
            at += 1;
            while bytes.get(at).is_some_and(u8::is_ascii_graphic) {
                at += 1;
            }
            continue;
        }
        let (whitespace, width) = if byte.is_ascii() {
            (matches!(byte, b' ' | b'\t'..=b'\r'), 1)
        } else {
            s.get(at..)
                .and_then(|rest| rest.chars().next())
                .map_or((false, 1), |c| (c.is_whitespace(), c.len_utf8()))
        };
        if !whitespace && !in_word {
            words += 1;
        }
        in_word = !whitespace;
        at += width;
    }
    words
}

/// Whether `s` has a character of `. ! ? " ”` (ASCII bytes in UTF-8 are only ever those
/// characters, and ” is E2 80 9D).
fn has_sentence_mark(s: &str) -> bool {
    // From the end: a sentence mostly ends in its mark.
    s.bytes().rev().any(|b| matches!(b, b'.' | b'!' | b'?' | b'"')) || s.contains('”')
}

/// The content words of sentences ([`content_words`]) as numbers: those of the body's
/// numbered words ([`WordIds`]), and new numbers after them for the rare word a sentence
/// boundary cuts, so that equal words have equal numbers.
struct NumberedContentWords<'b, 'w> {
    /// The body's words.
    words: &'b BodyWords<'b>,
    /// Their numbers.
    ids: &'b WordIds<'w>,
    /// Per body word number: 0 not yet known, 1 a stop word, 2 a content word (when long
    /// enough).
    stop_state: Vec<u8>,
    /// Words cut by a sentence boundary, numbered from `ids.distinct.len()` on.
    cut_words: Vec<String>,
}

impl<'b, 'w> NumberedContentWords<'b, 'w> {
    fn new(words: &'b BodyWords<'b>, ids: &'b WordIds<'w>) -> Self {
        Self { words, ids, stop_state: vec![0; ids.distinct.len()], cut_words: Vec::new() }
    }

    /// How many numbers are in use.
    fn count(&self) -> usize {
        self.ids.distinct.len() + self.cut_words.len()
    }

    /// The word numbered `number`.
    fn word(&self, number: u32) -> Option<&str> {
        let number = number as usize;
        match number.checked_sub(self.ids.distinct.len()) {
            None => self.ids.distinct.get(number).copied(),
            Some(cut) => self.cut_words.get(cut).map(String::as_str),
        }
    }

    /// The numbers of `content_words(&body[span.0..span.1])`, taken from the body's words
    /// that lie in the span.
    fn content_words_in(&mut self, body: &str, (start, end): (usize, usize)) -> Vec<u32> {
        let first = self.words.spans.partition_point(|&(_, word_end)| word_end <= start);
        // Sized for every word of the span at once: growing it a push at a time was some
        // 26,000 reallocations on the 188 eval pages.
        let words_in_span = self.words.spans.partition_point(|&(word_start, _)| word_start < end);
        let mut out = Vec::with_capacity(words_in_span.saturating_sub(first));
        for k in first..self.words.spans.len() {
            let Some(&(word_start, word_end)) = self.words.spans.get(k) else { break };
            if word_start >= end {
                break;
            }
            if word_start >= start && word_end <= end {
                let (Some(original), Some(&id)) = (body.get(word_start..word_end), self.ids.ids.get(k))
                else {
                    continue;
                };
                if is_short(original) {
                    continue;
                }
                let Some(state) = self.stop_state.get_mut(id as usize) else { continue };
                if *state == 0 {
                    let lower = self.ids.distinct.get(id as usize).copied().unwrap_or_default();
                    *state = if is_stop_word(lower) { 1 } else { 2 };
                }
                if *state == 2 {
                    out.push(id);
                }
            } else {
                // A word the span cuts: its piece inside the span, looked up by text.
                let piece = body.get(word_start.max(start)..word_end.min(end)).unwrap_or_default();
                for lower in content_words(piece) {
                    let number = match self.ids.index.get(lower.as_ref()) {
                        Some(&id) => id,
                        None => match self.cut_words.iter().position(|w| *w == lower) {
                            Some(cut) => (self.ids.distinct.len() + cut) as u32,
                            None => {
                                self.cut_words.push(lower.into_owned());
                                (self.count() - 1) as u32
                            }
                        },
                    };
                    out.push(number);
                }
            }
        }
        out
    }
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

    /// The numbered content words of a span are those [`content_words`] finds in its text,
    /// also for spans that cut words.
    #[test]
    fn numbered_content_words_equal_content_words() {
        let body = "The SHOULD-be Öl und ÖLE, İstanbul; THERE Were 12 1234 ab Straße. Straße again, the Öle!";
        let words = BodyWords::new(body);
        let ids = WordIds::new(&words);
        let mut numbered = NumberedContentWords::new(&words, &ids);
        let boundaries: Vec<usize> = body.char_indices().map(|(at, _)| at).chain([body.len()]).collect();
        for &start in &boundaries {
            for &end in boundaries.iter().filter(|&&end| end >= start) {
                let numbers = numbered.content_words_in(body, (start, end));
                let got: Vec<&str> = numbers.iter().filter_map(|&n| numbered.word(n)).collect();
                assert_eq!(got, content_words(&body[start..end]), "{start}..{end}");
            }
        }
    }

    /// The branch-free UTF-8 length and the short-word test agree with `len_utf8` and a
    /// character count, across the one- to four-byte boundaries.
    #[test]
    fn lengths_equal_the_char_counts() {
        for text in [
            "",
            "a",
            "ab",
            "abc",
            "ÄÖ",
            "ÄÖÜ",
            "aé",
            "東京",
            "東京都",
            "𝔘𝔫",
            "𝔘𝔫𝔦",
            "\u{7f}\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}",
            "abcdefghi",
        ] {
            let chars: Vec<char> = text.chars().collect();
            assert_eq!(utf8_len(&chars), text.len(), "{text}");
            assert_eq!(is_short(text), text.chars().count() <= 2, "{text}");
        }
    }

    #[test]
    fn byte_scans_equal_the_char_tests() {
        for s in [
            "",
            " ",
            "one",
            "  two words ",
            "tab\tand\u{b}vertical\u{c}feed\r\nnew",
            "no\u{a0}break\u{2003}em\u{3000}ideographic\u{85}next\u{1c}not",
            "Ünïcödé wörds — “quoted” words.",
            "a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g h i j k l m n o p q r s t u v w x y z",
            "ends with a question?",
            "ends with a curly quote”",
            "plain words only",
        ] {
            for limit in [0, 1, 5, 26, 81] {
                assert_eq!(
                    whitespace_separated_words_up_to(s, limit),
                    s.split_whitespace().take(limit).count(),
                    "{s}"
                );
            }
            assert_eq!(
                has_sentence_mark(s),
                s.chars().any(|c| matches!(c, '.' | '!' | '?' | '"' | '”')),
                "{s}"
            );
        }
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
