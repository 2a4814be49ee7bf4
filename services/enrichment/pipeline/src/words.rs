//! Words of a text as the bag-of-words stages read them: maximal runs of alphanumeric
//! characters, lower-cased. The topic and fingerprint stages read the same lower-cased words
//! of the body, so [`crate::enrich`] splits the body once ([`lowered_words`]) and hands the
//! words to both; the summary splits its sentences with [`alphanumeric_runs`] too.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

/// The non-empty pieces of `text.split(|c: char| !c.is_alphanumeric())`, found by a byte
/// scan: ASCII bytes are classified directly and only other characters are decoded (the
/// `char` predicate split decoded every character and cost several times as much).
pub(crate) fn alphanumeric_runs(text: &str) -> impl Iterator<Item = &str> {
    alphanumeric_spans(text).filter_map(|(start, end)| text.get(start..end))
}

/// The byte spans (start, end) of the runs [`alphanumeric_runs`] yields, in order.
pub(crate) fn alphanumeric_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut position = 0;
    std::iter::from_fn(move || {
        let start = skip_while_alphanumeric_is(text, position, false);
        position = skip_while_alphanumeric_is(text, start, true);
        (position > start).then_some((start, position))
    })
}

/// The first byte offset from `from` (a character boundary) whose character is (not)
/// alphanumeric when `alphanumeric` is false (true), or the end of `text`.
#[inline]
fn skip_while_alphanumeric_is(text: &str, from: usize, alphanumeric: bool) -> usize {
    let bytes = text.as_bytes();
    let mut at = from;
    while let Some(&byte) = bytes.get(at) {
        let (is_alphanumeric, width) = if byte.is_ascii() {
            (byte.is_ascii_alphanumeric(), 1)
        } else {
            non_ascii_alphanumeric_at(text, at)
        };
        if is_alphanumeric != alphanumeric {
            break;
        }
        at += width;
    }
    at
}

/// [`ASCII_CLASS`]: an ASCII character that is not alphanumeric.
const OTHER: u8 = 0;
/// [`ASCII_CLASS`]: a lower-case ASCII letter or a digit.
const LOWER_OR_DIGIT: u8 = 1;
/// [`ASCII_CLASS`]: an upper-case ASCII letter.
const UPPER: u8 = 2;
/// [`ASCII_CLASS`]: a byte of a non-ASCII character.
const NON_ASCII: u8 = 3;

/// The class of each byte value, for the word scan of [`BodyWords::new`].
const ASCII_CLASS: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = if !b.is_ascii() {
            NON_ASCII
        } else if b.is_ascii_lowercase() || b.is_ascii_digit() {
            LOWER_OR_DIGIT
        } else if b.is_ascii_uppercase() {
            UPPER
        } else {
            OTHER
        };
        byte += 1;
    }
    table
};

/// Whether the non-ASCII character at byte `at` of `text` is alphanumeric, and its width in
/// bytes (kept out of the ASCII loop).
#[inline(never)]
fn non_ascii_alphanumeric_at(text: &str, at: usize) -> (bool, usize) {
    text.get(at..)
        .and_then(|rest| rest.chars().next())
        .map_or((false, 1), |c| (is_alphanumeric(c), c.len_utf8()))
}

/// Whether each ASCII character is alphanumeric: one table read per character in the
/// word scans of the entity tokens (the range tests of `is_ascii_alphanumeric` took more).
const ASCII_ALPHANUMERIC: [bool; 128] = {
    let mut table = [false; 128];
    let mut code = 0;
    while code < 128 {
        table[code] = (code as u8).is_ascii_alphanumeric();
        code += 1;
    }
    table
};

/// `char::is_alphanumeric`, answered without the Unicode tables for the characters news
/// text is mostly made of: ASCII, the accented letters of Latin-1 and Latin Extended-A/B
/// (all letters but '×' and '÷'), and the General Punctuation block (curly quotes, dashes,
/// none alphanumeric); U+0300–U+10FF (Greek, Cyrillic, Arabic, Indic…) by a bit table. The
/// table search costs some 300 instructions per character.
#[inline]
pub(crate) fn is_alphanumeric(c: char) -> bool {
    match u32::from(c) {
        code @ 0..=0x7F => ASCII_ALPHANUMERIC[code as usize],
        0xC0..=0x24F => c != '×' && c != '÷',
        0x2000..=0x206F => false,
        _ => is_other_alphanumeric(c),
    }
}

/// [`is_alphanumeric`] of the characters it does not answer inline: by bit table from
/// U+0300 to U+10FF, else by the Unicode tables (out of line, so that the inlined test
/// stays small in the ASCII loops that call it).
#[inline(never)]
fn is_other_alphanumeric(c: char) -> bool {
    crate::letter_table::alphanumeric(c).unwrap_or_else(|| c.is_alphanumeric())
}

/// `word` in lower case, borrowed when it already is lower-case ASCII (most words of a
/// story), so that only capitalised and non-ASCII words cost a string.
pub(crate) fn lowercase(word: &str) -> Cow<'_, str> {
    if word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
        Cow::Borrowed(word)
    } else if word.is_ascii() {
        // Equal to `to_lowercase` for ASCII, without its per-character case mapping.
        Cow::Owned(word.to_ascii_lowercase())
    } else {
        Cow::Owned(word.to_lowercase())
    }
}

/// Longest word (bytes) that [`with_lowercase`] lower-cases on the stack.
const STACK_WORD_BYTES: usize = 32;

/// `f` of `word.to_lowercase()`, with a short ASCII word (most look-ups of the entity stage)
/// lower-cased in a stack buffer instead of a new string per call.
pub(crate) fn with_lowercase<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buffer = [0u8; STACK_WORD_BYTES];
    if word.is_ascii()
        && let Some(copy) = buffer.get_mut(..word.len())
    {
        copy.copy_from_slice(word.as_bytes());
        // Equal to `to_lowercase` for ASCII.
        copy.make_ascii_lowercase();
        if let Ok(lowered) = std::str::from_utf8(copy) {
            return f(lowered);
        }
    }
    f(&word.to_lowercase())
}

/// The lower-cased alphanumeric runs of `text`, in order.
pub(crate) fn lowered_words(text: &str) -> Vec<Cow<'_, str>> {
    alphanumeric_runs(text).map(lowercase).collect()
}

/// The words of a body as [`lowered_words`] gives them, with where each is in the body: the
/// topic, summary and fingerprint stages all read these words, so the body is split and
/// lower-cased once.
pub(crate) struct BodyWords<'a> {
    /// The lower-cased alphanumeric runs, in text order.
    pub(crate) lowered: Vec<Cow<'a, str>>,
    /// The byte span (start, end) in the body of each run of `lowered`.
    pub(crate) spans: Vec<(usize, usize)>,
}

impl<'a> BodyWords<'a> {
    /// Split and lower-case `text`: the runs of [`alphanumeric_spans`], each lower-cased as
    /// [`lowercase`] does, in one byte scan that also tells whether a run is lower-case ASCII
    /// already (borrowed) or ASCII (lower-cased without case tables).
    pub(crate) fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        // News text has a word per 6.4 bytes on average, but a third of the pages have more:
        // sized for one per 5 bytes, no body of the test pages grows (and copies) the vectors.
        let mut lowered = Vec::with_capacity(bytes.len() / 5);
        let mut spans = Vec::with_capacity(bytes.len() / 5);
        let mut at = 0;
        loop {
            at = skip_while_alphanumeric_is(text, at, false);
            if at >= bytes.len() {
                break;
            }
            let start = at;
            let mut lower_case_ascii = true;
            let mut ascii = true;
            while let Some(&byte) = bytes.get(at) {
                match ASCII_CLASS[usize::from(byte)] {
                    LOWER_OR_DIGIT => at += 1,
                    UPPER => {
                        lower_case_ascii = false;
                        at += 1;
                    }
                    NON_ASCII => {
                        let (alphanumeric, width) = non_ascii_alphanumeric_at(text, at);
                        if !alphanumeric {
                            break;
                        }
                        ascii = false;
                        lower_case_ascii = false;
                        at += width;
                    }
                    _ => break,
                }
            }
            let Some(run) = text.get(start..at) else { break };
            lowered.push(if lower_case_ascii {
                Cow::Borrowed(run)
            } else if ascii {
                Cow::Owned(run.to_ascii_lowercase())
            } else {
                Cow::Owned(run.to_lowercase())
            });
            spans.push((start, at));
        }
        Self { lowered, spans }
    }
}

/// The distinct words of [`BodyWords`] numbered, so that a stage computes what it needs of a
/// word (its topics, whether it is a stop word, how often it occurs) once per distinct word
/// and indexes arrays by number instead of hashing the word at every occurrence.
pub(crate) struct WordIds<'w> {
    /// The number of each word of [`BodyWords::lowered`], 0, 1, 2… in order of first use.
    pub(crate) ids: Vec<u32>,
    /// Each distinct word, by number.
    pub(crate) distinct: Vec<&'w str>,
    /// The number of each distinct word.
    pub(crate) index: FxHashMap<&'w str, u32>,
}

impl<'w> WordIds<'w> {
    /// Number the words of `words`.
    pub(crate) fn new(words: &'w BodyWords<'_>) -> Self {
        let mut index: FxHashMap<&'w str, u32> = FxHashMap::default();
        let mut distinct: Vec<&'w str> = Vec::new();
        let ids = words
            .lowered
            .iter()
            .map(|word| {
                *index.entry(word.as_ref()).or_insert_with(|| {
                    distinct.push(word.as_ref());
                    (distinct.len() - 1) as u32
                })
            })
            .collect();
        Self { ids, distinct, index }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcut ranges of `is_alphanumeric` agree with `char::is_alphanumeric` on every
    /// character.
    #[test]
    fn fast_alphanumeric_equals_the_unicode_tables() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    /// Lower-casing on the stack equals `to_lowercase`, for short, boundary-length and long,
    /// ASCII and non-ASCII words.
    #[test]
    fn stack_lowercase_equals_to_lowercase() {
        let long = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef";
        for word in
            ["", "a", "The", "NATO", "U.S.", "Okonjo-Iweala", "ÉTAT", "İstanbul", "Straße", "ΣΟΦΙΑ", long]
                .into_iter()
                .map(str::to_owned)
                .chain([format!("{long}G"), format!("{long}É")])
        {
            assert_eq!(with_lowercase(&word, str::to_owned), word.to_lowercase(), "{word}");
        }
        assert_eq!(long.len(), STACK_WORD_BYTES);
    }

    #[test]
    fn runs_equal_the_char_predicate_split() {
        for text in [
            "",
            " ",
            "The U.S. economy grew 2.5% in Q3, İstanbul's ÉTAT-run Straße 12ab; ½ x² — done",
            "Ελληνικά και русский текст, 中文字符 and हिन्दी शब्द।",
            "trailing word",
            "...lead",
            "the The THE thé THÉ the",
        ] {
            let expected: Vec<&str> =
                text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
            assert_eq!(alphanumeric_runs(text).collect::<Vec<_>>(), expected, "{text}");
            let lowered: Vec<String> = expected.iter().map(|w| w.to_lowercase()).collect();
            let got: Vec<String> = lowered_words(text).into_iter().map(Cow::into_owned).collect();
            assert_eq!(got, lowered, "{text}");
            let body_words = BodyWords::new(text);
            assert_eq!(body_words.lowered, got, "{text}");
            let spanned: Vec<&str> = body_words.spans.iter().map(|&(a, b)| &text[a..b]).collect();
            assert_eq!(spanned, expected, "{text}");
            let ids = WordIds::new(&body_words);
            for (word, &id) in got.iter().zip(&ids.ids) {
                assert_eq!(ids.distinct[id as usize], word, "{text}");
                assert_eq!(ids.index.get(word.as_str()), Some(&id), "{text}");
            }
        }
    }
}
