//! Character-offset tokenisation and sentence splitting shared by the text stages.

use crate::char_scan::next_char_where;

/// Kind of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters/digits, possibly with inner apostrophes, hyphens, dots ("U.S.", "O'Neil").
    Word,
    /// One punctuation or symbol character.
    Punct,
}

/// A token with CHARACTER offsets into the text it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// Its text (without a possessive "'s", which is dropped from words): a slice of the
    /// text it came from (an owned string per token was a fifth of the entities stage).
    pub text: &'a str,
    /// Start (characters).
    pub start: usize,
    /// End, exclusive (characters).
    pub end: usize,
    /// Word or punctuation.
    pub kind: TokenKind,
    /// The word was followed by a possessive "'s"/"’s" (not part of the token).
    pub possessive: bool,
    /// A line break separates this token from the previous one.
    pub newline_before: bool,
    /// A blank line (paragraph break) separates this token from the previous one.
    pub paragraph_before: bool,
}

impl Token<'_> {
    /// First character is uppercase.
    #[inline]
    pub fn is_capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
    /// Two or more letters, all uppercase (dots allowed): "NATO", "U.S.".
    pub fn is_all_caps(&self) -> bool {
        // The character test first: it fails at the first lowercase letter of most words,
        // before the letters are counted.
        self.text.chars().all(|c| c.is_uppercase() || c == '.' || c == '&' || c.is_ascii_digit())
            && self.text.chars().filter(|c| c.is_alphabetic()).count() >= 2
    }
    /// Is a word.
    #[inline]
    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }
}

/// `chars` as a string, allocated once at its final size (collecting a `&char` iterator
/// grew it from a guess and was the larger part of tokenising).
pub fn string_of(chars: &[char]) -> String {
    let mut text = String::with_capacity(chars.iter().map(|c| c.len_utf8()).sum());
    for &c in chars {
        text.push(c);
    }
    text
}

/// A text with its characters and the byte offset of every character, so that spans given
/// in characters (tokens, mentions) are read as slices of the text instead of new strings.
pub struct CharText<'a, 'c> {
    /// The text.
    pub text: &'a str,
    /// Its characters.
    pub chars: &'c [char],
    /// Byte offset in `text` of each character, and the text's length last; empty for an
    /// ASCII text, where offsets in characters and bytes are the same.
    byte_of: Vec<usize>,
}

impl<'a, 'c> CharText<'a, 'c> {
    /// `text` with its characters `chars` (which must be `text.chars()`).
    pub fn new(text: &'a str, chars: &'c [char]) -> Self {
        if text.len() == chars.len() {
            return CharText { text, chars, byte_of: Vec::new() };
        }
        let mut byte_of = Vec::with_capacity(chars.len() + 1);
        let mut byte = 0;
        // Extending from a mapped slice iterator writes the offsets without a capacity check
        // per character.
        byte_of.extend(chars.iter().map(|c| {
            let at = byte;
            byte += c.len_utf8();
            at
        }));
        byte_of.push(byte);
        debug_assert_eq!(byte, text.len());
        CharText { text, chars, byte_of }
    }

    /// The text of characters [a, b).
    #[inline]
    pub fn span(&self, a: usize, b: usize) -> &'a str {
        if self.byte_of.is_empty() {
            return &self.text[a..b];
        }
        &self.text[self.byte_of[a]..self.byte_of[b]]
    }
}

/// A letter or digit (ASCII characters, most of the text, are tested without the Unicode
/// tables).
#[inline]
fn is_word_char(c: char) -> bool {
    crate::words::is_alphanumeric(c)
}

/// Split `source` into word and punctuation tokens.
pub fn tokenize<'a>(source: &CharText<'a, '_>) -> Vec<Token<'a>> {
    let chars = source.chars;
    // News text has about one token per four or five characters: sized once, the vector of
    // tokens is not copied as it grows.
    let mut out = Vec::with_capacity(chars.len() / 4);
    let mut i = 0;
    let mut newlines = 0usize;
    while let Some(&c) = chars.get(i) {
        // Spaces (most of the characters between tokens) first, without the Unicode test.
        if c == ' ' {
            i += 1;
            continue;
        }
        if c.is_whitespace() {
            if c == '\n' {
                newlines += 1;
            }
            i += 1;
            continue;
        }
        let start = i;
        let (kind, mut end) = if is_word_char(c) {
            (TokenKind::Word, word_end(chars, start))
        } else {
            (TokenKind::Punct, i + 1)
        };
        let mut possessive = false;
        if kind == TokenKind::Word && end - start > 2 {
            let (a, b) = (chars[end - 2], chars[end - 1]);
            if (a == '\'' || a == '’') && (b == 's' || b == 'S') {
                end -= 2;
                possessive = true;
            }
        }
        out.push(Token {
            text: source.span(start, end),
            start,
            end,
            kind,
            possessive,
            newline_before: newlines >= 1,
            paragraph_before: newlines >= 2,
        });
        newlines = 0;
        i = if possessive { end + 2 } else { end };
    }
    out
}

/// The end of the word token that starts at `start` (a word character): runs of letters and
/// digits joined by one inner apostrophe, hyphen, ampersand or (inside initialisms) dot, and
/// the trailing dot of an initialism ("U.S."). Each run is scanned in a tight loop of its
/// own (the one loop over all characters, with the joiner tests inside, was most of
/// tokenising).
#[inline]
fn word_end(chars: &[char], start: usize) -> usize {
    let mut j = start + 1;
    loop {
        let rest = chars.get(j..).unwrap_or_default();
        j += rest.iter().position(|&d| !is_word_char(d)).unwrap_or(rest.len());
        let Some(&d) = chars.get(j) else { break };
        if !matches!(d, '\'' | '’' | '-' | '‐' | '.' | '&')
            || !chars.get(j + 1).is_some_and(|&e| is_word_char(e))
        {
            break;
        }
        // Only inside initialisms: "U.S", "e.g".
        if d == '.' && !(j - start == 1 || (j >= 2 && chars[j - 2] == '.')) {
            break;
        }
        j += 1;
    }
    // Trailing dot of an initialism: "U.S." (letter.letter.)
    if chars.get(j) == Some(&'.') && j >= 2 && chars[j - 2] == '.' {
        j += 1;
    }
    j
}

/// [`tokenize`] as first written: the reference of its test.
#[cfg(test)]
fn tokenize_reference<'a>(source: &CharText<'a, '_>) -> Vec<Token<'a>> {
    let chars = source.chars;
    // News text has about one token per four or five characters: sized once, the vector of
    // tokens is not copied as it grows.
    let mut out = Vec::with_capacity(chars.len() / 4);
    let mut i = 0;
    let mut newlines = 0usize;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            if c == '\n' {
                newlines += 1;
            }
            i += 1;
            continue;
        }
        let start = i;
        let (kind, mut end) = if is_word_char(c) {
            let mut j = i + 1;
            while j < chars.len() {
                let d = chars[j];
                if is_word_char(d) {
                    j += 1;
                } else if matches!(d, '\'' | '’' | '-' | '‐' | '.' | '&')
                    && j + 1 < chars.len()
                    && is_word_char(chars[j + 1])
                {
                    if d == '.' {
                        // Only inside initialisms: "U.S", "e.g".
                        let prev_single = j >= 1 && (j - start == 1 || (j >= 2 && chars[j - 2] == '.'));
                        if !prev_single {
                            break;
                        }
                    }
                    j += 1;
                } else {
                    break;
                }
            }
            // Trailing dot of an initialism: "U.S." (letter.letter.)
            if j < chars.len() && chars[j] == '.' && j >= 2 && chars[j - 2] == '.' {
                j += 1;
            }
            (TokenKind::Word, j)
        } else {
            (TokenKind::Punct, i + 1)
        };
        let mut possessive = false;
        if kind == TokenKind::Word && end - start > 2 {
            let a = chars[end - 2];
            let b = chars[end - 1];
            if (a == '\'' || a == '’') && (b == 's' || b == 'S') {
                end -= 2;
                possessive = true;
            }
        }
        out.push(Token {
            text: source.span(start, end),
            start,
            end,
            kind,
            possessive,
            newline_before: newlines >= 1,
            paragraph_before: newlines >= 2,
        });
        newlines = 0;
        i = if possessive { end + 2 } else { end };
    }
    out
}

/// Abbreviations after which a period does not end a sentence.
fn is_abbreviation(word: &str) -> bool {
    matches!(
        word,
        "Mr" | "Mrs"
            | "Ms"
            | "Dr"
            | "St"
            | "Jr"
            | "Sr"
            | "Prof"
            | "Gen"
            | "Lt"
            | "Col"
            | "Sgt"
            | "Capt"
            | "Gov"
            | "Sen"
            | "Rep"
            | "Rev"
            | "Hon"
            | "Mt"
            | "No"
            | "Nos"
            | "vs"
            | "etc"
            | "Inc"
            | "Corp"
            | "Ltd"
            | "Co"
            | "Jan"
            | "Feb"
            | "Mar"
            | "Apr"
            | "Jun"
            | "Jul"
            | "Aug"
            | "Sep"
            | "Sept"
            | "Oct"
            | "Nov"
            | "Dec"
            | "approx"
            | "Fig"
            | "Adm"
            | "Maj"
            | "Cmdr"
            | "Supt"
            | "Insp"
            | "Det"
            | "Pres"
            | "Ave"
            | "Blvd"
            | "Rd"
            | "Dept"
            | "Univ"
            | "Assn"
            | "Bros"
    ) || (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
}

/// Sentence spans `(start, end)` in characters over `chars` (end exclusive, trimmed).
/// Splits on `.`, `!`, `?` (with closing quotes/brackets) followed by a space and an
/// uppercase letter, digit or opening quote, and on line breaks; survives "U.S." and "Mr.".
pub fn sentences(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0usize;
    let n = chars.len();
    let mut i = 0usize;
    let push = |out: &mut Vec<(usize, usize)>, s: usize, e: usize| {
        let mut s = s;
        let mut e = e;
        while s < e && chars[s].is_whitespace() {
            s += 1;
        }
        while e > s && chars[e - 1].is_whitespace() {
            e -= 1;
        }
        if e > s {
            out.push((s, e));
        }
    };
    while i < n {
        // Most characters are none of the four this loop acts on: they are skipped eight at
        // a time (one bit test per character was most of the split).
        i = next_char_where(chars, i, is_sentence_scan_stop);
        let Some(&c) = chars.get(i) else { break };
        if c == '\n' {
            push(&mut out, start, i);
            start = i + 1;
            i += 1;
            continue;
        }
        if matches!(c, '.' | '!' | '?') {
            let mut j = i + 1;
            while j < n && matches!(chars[j], '.' | '!' | '?' | '"' | '”' | '’' | '\'' | ')' | ']' | '»')
            {
                j += 1;
            }
            if j < n && chars[j] == ' ' {
                let mut k = j;
                while k < n && chars[k] == ' ' {
                    k += 1;
                }
                let next_ok = k < n
                    && (chars[k].is_uppercase()
                        || chars[k].is_ascii_digit()
                        || matches!(chars[k], '"' | '“' | '‘' | '«' | '(' | '„'));
                // The word before the period.
                let mut w = i;
                while w > start && is_word_char(chars[w - 1]) {
                    w -= 1;
                }
                // No abbreviation is longer than this many characters: a longer word is not
                // spelt, and a shorter one is spelt on the stack (a string per full stop
                // was a tenth of the sentence split).
                let mut spelling = [0u8; 4 * LONGEST_ABBREVIATION];
                let word =
                    if i - w <= LONGEST_ABBREVIATION { spell_short(&chars[w..i], &mut spelling) } else { "" };
                let after_initialism = c == '.' && i >= 2 && chars[i - 2] == '.';
                let abbrev = c == '.'
                    && if after_initialism {
                        k < n && !is_sentence_opener(chars, k)
                    } else {
                        is_abbreviation(word)
                    };
                if next_ok && !abbrev {
                    push(&mut out, start, j);
                    start = j;
                    i = j;
                    continue;
                }
            } else if j >= n {
                push(&mut out, start, j);
                start = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    push(&mut out, start, n);
    out
}

/// `c` is a line break, '.', '!' or '?' (the characters [`sentences`] acts on), tested
/// without a branch so that [`next_char_where`] tests eight characters at a time.
#[inline(always)]
fn is_sentence_scan_stop(c: char) -> bool {
    (c == '\n') | (c == '.') | (c == '!') | (c == '?')
}

/// No abbreviation of [`is_abbreviation`] is longer than this many characters.
const LONGEST_ABBREVIATION: usize = 6;

/// `chars` (at most [`LONGEST_ABBREVIATION`] of them) spelt into `buffer`; empty when they
/// do not fit.
fn spell_short<'b>(chars: &[char], buffer: &'b mut [u8; 4 * LONGEST_ABBREVIATION]) -> &'b str {
    let mut length = 0;
    for &c in chars {
        let Some(room) = buffer.get_mut(length..) else { return "" };
        if room.len() < c.len_utf8() {
            return "";
        }
        length += c.encode_utf8(room).len();
    }
    buffer.get(..length).and_then(|bytes| std::str::from_utf8(bytes).ok()).unwrap_or("")
}

/// After an initialism ("U.S."), a following word like "The" or "He" starts a sentence.
fn is_sentence_opener(chars: &[char], k: usize) -> bool {
    let mut e = k;
    while e < chars.len() && chars[e].is_alphabetic() {
        e += 1;
    }
    let w: String = chars[k..e].iter().collect();
    matches!(
        w.as_str(),
        "The"
            | "He"
            | "She"
            | "It"
            | "They"
            | "We"
            | "I"
            | "But"
            | "And"
            | "In"
            | "A"
            | "An"
            | "This"
            | "That"
            | "There"
            | "His"
            | "Her"
            | "Their"
            | "However"
            | "On"
            | "At"
            | "As"
            | "After"
            | "When"
            | "If"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(s: &str) -> Vec<String> {
        let c: Vec<char> = s.chars().collect();
        sentences(&c).into_iter().map(|(a, b)| c[a..b].iter().collect()).collect()
    }

    #[test]
    fn sentence_split_survives_abbreviations() {
        let s = sents(
            "Mr. Smith went to the U.S. Senate on Monday. He said no. The U.S. economy grew. Then Dr. Who left!",
        );
        assert_eq!(
            s,
            vec![
                "Mr. Smith went to the U.S. Senate on Monday.",
                "He said no.",
                "The U.S. economy grew.",
                "Then Dr. Who left!"
            ]
        );
        let s = sents("He moved to the U.S. The economy was bad.");
        assert_eq!(s.len(), 2);
    }

    /// Spans read through the byte offsets agree with collecting the characters, and token
    /// texts with their character ranges, also with multi-byte characters (and for ASCII
    /// texts, which keep no offsets).
    #[test]
    fn char_text_spans_match_collected_characters() {
        for text in
            ["Zoë’s café — “U.S.” naïve Ölander's 東京 ok.", "NATO's chief met U.S. envoys, Toronto-based."]
        {
            check_char_text_spans(text);
        }
    }

    fn check_char_text_spans(text: &str) {
        let chars: Vec<char> = text.chars().collect();
        let source = CharText::new(text, &chars);
        for a in 0..=chars.len() {
            for b in a..=chars.len() {
                assert_eq!(source.span(a, b), string_of(&chars[a..b]));
            }
        }
        for token in tokenize(&source) {
            assert_eq!(token.text, string_of(&chars[token.start..token.end]));
        }
    }

    /// The run-by-run tokeniser gives the tokens of the first one, on texts dense with joiners,
    /// initialisms, possessives, whitespace and non-ASCII letters.
    #[test]
    fn tokenize_matches_the_first_version() {
        let pieces = [
            "U.S.",
            "U.S",
            "e.g.",
            "a.b.c.",
            ".",
            "..",
            "A.",
            "x.y",
            "O'Neil",
            "O’Neil",
            "rock-n-roll",
            "‐",
            "-",
            "&",
            "AT&T",
            "A&",
            "'s",
            "’s",
            "'S",
            "it's",
            "Bob's",
            "ab's",
            "a's",
            "Zoë",
            "São",
            "東京",
            "١٢٣",
            "×",
            "÷",
            "\u{2003}",
            "\u{a0}",
            "\n",
            "\n\n",
            "\t",
            " ",
            "  ",
            "\r\n",
            "—",
            "“",
            "”",
            "'",
            "’",
            "x",
            "Word",
            "42",
            "3.5",
            "3-4",
            "ﬁ",
            "ǅ",
            "İ",
            "\u{200b}",
            "\u{2060}",
        ];
        let mut texts: Vec<String> = vec![String::new()];
        for a in pieces {
            for b in pieces {
                texts.push(format!("{a}{b}"));
                texts.push(format!("{b} {a}{b}{a}"));
                for c in ["U.S.", "'s", ".", "-", "x", "\n"] {
                    texts.push(format!("{a}{c}{b}"));
                }
            }
        }
        texts.push(pieces.concat());
        texts.push(pieces.join(" "));
        for text in &texts {
            let chars: Vec<char> = text.chars().collect();
            let source = CharText::new(text, &chars);
            assert_eq!(tokenize(&source), tokenize_reference(&source), "{text:?}");
        }
    }

    /// Spelling on the stack equals collecting the characters, up to the longest
    /// abbreviation (ASCII, multi-byte and four-byte characters, empty).
    #[test]
    fn short_spelling_equals_collected_characters() {
        let mut buffer = [0u8; 4 * LONGEST_ABBREVIATION];
        for text in ["", "Mr", "Sept", "approx", "Zoë", "東京都庁舎前", "𝔘𝔫𝔦𝔠𝔬𝔡", "ÉÉÉÉÉÉ"]
        {
            let chars: Vec<char> = text.chars().collect();
            assert!(chars.len() <= LONGEST_ABBREVIATION, "{text}");
            assert_eq!(spell_short(&chars, &mut buffer), string_of(&chars), "{text}");
        }
    }

    /// The ASCII shortcut of the word-character test agrees with `char::is_alphanumeric`.
    #[test]
    fn word_characters_match_is_alphanumeric() {
        for c in (0..0x3000u32).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn tokens_split_possessives_and_initialisms() {
        let text = "NATO's chief met U.S. envoys.";
        let c: Vec<char> = text.chars().collect();
        let t = tokenize(&CharText::new(text, &c));
        assert_eq!(t[0].text, "NATO");
        assert!(t[0].possessive);
        assert_eq!(t[3].text, "U.S.");
        assert_eq!(t.last().map(|t| t.text), Some("."));
    }
}
