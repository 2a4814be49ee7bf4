//! Facts about the whole story: which words start a sentence, and how the story writes its
//! words (in lowercase somewhere, capitalised mid-sentence), used to judge sentence-initial
//! capitals.

use rustc_hash::FxHashSet as HashSet;

use super::lexicon::{WordSet, WordTable, is_name_affix, is_non_name, is_title_abbreviation_word, lexicon};
use super::tokens::{Token, TokenKind};
use crate::words::with_lowercase;

/// Facts about the document used to judge sentence-initial words.
pub(super) struct DocVocab<'a> {
    /// Words written in lowercase somewhere in the story, with how often (a [`WordTable`]:
    /// every lowercase word of the story is counted, a `FxHashMap` entry each was a twentieth
    /// of the stage).
    pub lower: WordTable<'a, usize>,
    /// Capitalised words seen away from a sentence start.
    pub cap_mid: WordSet<'a>,
    /// Capital letters that start a model or version name in the story ("IE" of "IE6",
    /// "F" of "F16"): the same letters alone name the product, not an organisation.
    pub model_stems: HashSet<&'a str>,
}

/// Word tokens that start a sentence (after . ! ? : or a line break, skipping opening quotes).
pub(super) fn sentence_initial(toks: &[Token]) -> Vec<bool> {
    let mut out = vec![false; toks.len()];
    for i in 0..toks.len() {
        if !toks[i].is_word() {
            continue;
        }
        let mut j = i;
        let mut init = true;
        let mut newline = toks[i].newline_before;
        while j > 0 {
            j -= 1;
            let t = &toks[j];
            if t.is_word() {
                init = newline || t.text.ends_with('.');
                break;
            }
            if matches!(t.text, "." | "!" | "?" | ":" | "•" | "|" | "—" | "–") {
                // "Mr. Jones", "Rep. Smith": the period of a title abbreviation ends no sentence.
                init = !(t.text == "."
                    && j > 0
                    && is_title_abbreviation(&toks[j - 1])
                    && toks[j - 1].end == t.start);
                break;
            }
            if matches!(t.text, "\"" | "“" | "”" | "‘" | "'" | "(" | "[" | "«" | "„" | "-") {
                newline |= t.newline_before;
                continue;
            }
            init = newline;
            break;
        }
        out[i] = init;
    }
    out
}

impl DocVocab<'_> {
    /// The story writes `word` lower-cased somewhere: `word.to_lowercase()` is in `lower`
    /// (lower-cased on the stack for a short ASCII word, not in a string per look-up).
    pub fn is_written_lowercase(&self, word: &str) -> bool {
        with_lowercase(word, |lowered| self.lower.contains_key(lowered))
    }

    /// The story (`toks`) writes `word` in lowercase more often than as written ("iodine" 25
    /// times, "Iodine" 7 times): a common noun, not a name.
    pub fn mostly_lowercase(&self, word: &str, toks: &[Token]) -> bool {
        let lower = with_lowercase(word, |lowered| self.lower.get(lowered).copied().unwrap_or(0));
        lower > 0 && lower > toks.iter().filter(|t| t.text == word).count()
    }
}

/// The story's vocabulary (see [`DocVocab`]).
pub(super) fn doc_vocab<'a>(toks: &[Token<'a>], initial: &[bool]) -> DocVocab<'a> {
    // Sized from the story's length: growing the maps re-hashed every word several times.
    let mut lower: WordTable<'a, usize> = WordTable::with_capacity(toks.len() / 4);
    let mut cap_mid = WordSet::with_capacity(toks.len() / 16);
    let mut model_stems = HashSet::default();
    for (i, t) in toks.iter().enumerate() {
        if !t.is_word() {
            continue;
        }
        if let Some(stem) = model_stem(t.text) {
            model_stems.insert(stem);
        }
        if t.text.chars().next().is_some_and(char::is_lowercase) {
            *lower.get_or_insert(t.text, || 0).0 += 1;
        } else if t.is_capitalised() && !initial[i] {
            cap_mid.insert(t.text, ());
        }
    }
    DocVocab { lower, cap_mid, model_stems }
}

/// The capital letters before the digits of a model or version name: "IE" of "IE6", "F" of
/// "F-16"; `None` for other words.
fn model_stem(w: &str) -> Option<&str> {
    // The stem is ASCII capitals: a word that starts otherwise (most words) has none, and its
    // characters are not searched for a digit.
    if !w.as_bytes().first().is_some_and(u8::is_ascii_uppercase) {
        return None;
    }
    let split = w.find(|c: char| c.is_ascii_digit())?;
    let (stem, rest) = w.split_at(split);
    let stem_is_capitals = !stem.is_empty() && stem.chars().all(|c| c.is_ascii_uppercase());
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    (stem_is_capitals && !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit())).then_some(stem)
}

/// A capitalised word that can be part of a name.
#[inline]
pub(super) fn is_name_word(t: &Token) -> bool {
    t.is_word() && t.is_capitalised() && !is_non_name(t.text)
}

/// Is the sentence-initial word `t` plausibly a name?
pub(super) fn initial_is_name(t: &Token, vocab: &DocVocab) -> bool {
    let lex = lexicon();
    if lex.places.contains(t.text)
        || lex.first_names.contains(t.text)
        || vocab.cap_mid.contains(t.text)
        || t.is_all_caps()
    {
        return true;
    }
    !vocab.is_written_lowercase(t.text)
}

/// An abbreviated title written with a period: "Mr", "Mrs", "Dr", "Rep", "Sen", "Gov"…
pub(super) fn is_title_abbreviation(t: &Token) -> bool {
    t.is_word() && is_title_abbreviation_word(t.text)
}

/// The name and the affix of a capitalised word with an attached lowercase affix
/// ("Toronto" and "based" of "Toronto-based"); `None` for other tokens.
#[inline]
fn affixed_name_split<'a>(t: &Token<'a>) -> Option<(&'a str, &'a str)> {
    // Every token is asked: punctuation and words starting with an ASCII character that is
    // not a capital (most tokens) are answered from the first byte, inline.
    if !t.is_word() || t.text.as_bytes().first().is_some_and(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        return None;
    }
    capitalised_affixed_name_split(t)
}

/// [`affixed_name_split`] for a word that does not start with a lowercase ASCII letter.
#[inline(never)]
fn capitalised_affixed_name_split<'a>(t: &Token<'a>) -> Option<(&'a str, &'a str)> {
    let text: &'a str = t.text;
    // Few words have a hyphen: a byte scan of the (short) text answers most of them before
    // the first character is decoded.
    if !super::lexicon::has_hyphen(text) || !t.is_capitalised() {
        return None;
    }
    let (name, affix) = text.rsplit_once('-')?;
    (name.chars().filter(|c| c.is_alphabetic()).count() >= 2 && is_name_affix(affix)).then_some((name, affix))
}

/// Splits a name with an attached lowercase affix into the name, the hyphen and the affix:
/// "Scientology-related", "Toronto-based", "US-led", "Warhol-like" (the name is what the
/// story is about). Romanised given names ("Ka-lok") and compounds with other second parts
/// ("T-shirt") are left whole.
pub(super) fn split_affixed_names(toks: Vec<Token<'_>>) -> Vec<Token<'_>> {
    // Most stories have no such word: then the tokens are returned as they are, not copied.
    let Some(first_split) = toks.iter().position(|t| affixed_name_split(t).is_some()) else {
        return toks;
    };
    let mut out = Vec::with_capacity(toks.len() + 2);
    out.extend_from_slice(&toks[..first_split]);
    for t in toks.into_iter().skip(first_split) {
        let Some((name, affix)) = affixed_name_split(&t) else {
            out.push(t);
            continue;
        };
        let name_end = t.start + name.chars().count();
        out.push(Token { text: name, end: name_end, possessive: false, ..t });
        // The hyphen is the byte after the name in the token's text.
        let hyphen = &t.text[name.len()..name.len() + 1];
        out.push(Token {
            text: hyphen,
            start: name_end,
            end: name_end + 1,
            kind: TokenKind::Punct,
            possessive: false,
            newline_before: false,
            paragraph_before: false,
        });
        out.push(Token {
            text: affix,
            start: name_end + 1,
            newline_before: false,
            paragraph_before: false,
            ..t
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hyphen shortcut of `affixed_name_split` agrees with the test as first written.
    #[test]
    fn affixed_name_split_matches_the_first_version() {
        let reference = |t: &Token<'_>| -> Option<(String, String)> {
            let text = t.text;
            (t.is_word() && t.is_capitalised())
                .then(|| text.rsplit_once('-'))
                .flatten()
                .filter(|(name, affix)| {
                    name.chars().filter(|c| c.is_alphabetic()).count() >= 2 && is_name_affix(affix)
                })
                .map(|(name, affix)| (name.to_owned(), affix.to_owned()))
        };
        let text = "Toronto-based US-led T-shirt Ka-lok toronto-based 9-based über-led Über-led Ölander-based É-based Élan-based - -based                     Scientology-related Warhol-like A-B-based Zoë’s café-led NATO-backed";
        let chars: Vec<char> = text.chars().collect();
        let toks = super::super::tokens::tokenize(&super::super::tokens::CharText::new(text, &chars));
        assert!(toks.len() > 10);
        let mut splits = 0;
        for t in &toks {
            let got = affixed_name_split(t).map(|(name, affix)| (name.to_owned(), affix.to_owned()));
            splits += usize::from(got.is_some());
            assert_eq!(got, reference(t), "{}", t.text);
        }
        assert!(splits >= 3, "{splits}");
    }

    /// The first-letter shortcut of `model_stem` agrees with the full test.
    #[test]
    fn model_stems_match_the_full_test() {
        let reference = |w: &str| -> Option<String> {
            let split = w.find(|c: char| c.is_ascii_digit())?;
            let (stem, rest) = w.split_at(split);
            let stem_is_capitals = !stem.is_empty() && stem.chars().all(|c| c.is_ascii_uppercase());
            let rest = rest.strip_prefix('-').unwrap_or(rest);
            (stem_is_capitals && !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()))
                .then(|| stem.to_owned())
        };
        for w in [
            "IE6", "F-16", "F16", "iPhone6", "6IE", "", "É6", "ÉA6", "A", "A-", "AB-12x", "Ab12", "COVID-19",
            "word",
        ] {
            assert_eq!(model_stem(w).map(str::to_owned), reference(w), "{w}");
        }
    }
}
