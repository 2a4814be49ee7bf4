//! Words of a text as the bag-of-words stages read them: maximal runs of alphanumeric
//! characters, lower-cased. The topic and fingerprint stages read the same lower-cased words
//! of the body, so [`crate::enrich`] splits the body once ([`lowered_words`]) and hands the
//! words to both; the summary splits its sentences with [`alphanumeric_runs`] too.

use std::borrow::Cow;

/// The non-empty pieces of `text.split(|c: char| !c.is_alphanumeric())`, found by a byte
/// scan: ASCII bytes are classified directly and only other characters are decoded (the
/// `char` predicate split decoded every character and cost several times as much).
pub(crate) fn alphanumeric_runs(text: &str) -> impl Iterator<Item = &str> {
    let mut position = 0;
    std::iter::from_fn(move || {
        let start = skip_while_alphanumeric_is(text, position, false);
        position = skip_while_alphanumeric_is(text, start, true);
        text.get(start..position).filter(|run| !run.is_empty())
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

/// Whether the non-ASCII character at byte `at` of `text` is alphanumeric, and its width in
/// bytes (kept out of the ASCII loop).
#[inline(never)]
fn non_ascii_alphanumeric_at(text: &str, at: usize) -> (bool, usize) {
    text.get(at..)
        .and_then(|rest| rest.chars().next())
        .map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8()))
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

/// The lower-cased alphanumeric runs of `text`, in order.
pub(crate) fn lowered_words(text: &str) -> Vec<Cow<'_, str>> {
    alphanumeric_runs(text).map(lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_equal_the_char_predicate_split() {
        for text in [
            "",
            " ",
            "The U.S. economy grew 2.5% in Q3, İstanbul's ÉTAT-run Straße 12ab; ½ x² — done",
            "Ελληνικά και русский текст, 中文字符 and हिन्दी शब्द।",
            "trailing word",
            "...lead",
        ] {
            let expected: Vec<&str> =
                text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
            assert_eq!(alphanumeric_runs(text).collect::<Vec<_>>(), expected, "{text}");
            let lowered: Vec<String> = expected.iter().map(|w| w.to_lowercase()).collect();
            let got: Vec<String> = lowered_words(text).into_iter().map(Cow::into_owned).collect();
            assert_eq!(got, lowered, "{text}");
        }
    }
}
