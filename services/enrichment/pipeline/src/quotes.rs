//! Direct quotes and their speakers.
//!
//! A quote is text between double quotation marks (`"` `“ ”` `„ “` `« »`) within a paragraph;
//! a paragraph whose opening mark is never closed quotes to its end and the next paragraph
//! that opens with a mark continues it (multi-paragraph quotes; each paragraph is one quote).
//! Short quoted phrases (under four words) count only next to a speech verb, so scare quotes
//! and titles are skipped; a quoted fragment that continues its sentence (the text before the
//! opening mark ends in a word other than a verb of saying: `called it “pathetic”`) is part
//! of reported speech, not a direct quote. The trailing comma of `“…,” she said` is not part
//! of the quote.
//!
//! The speaker is found around the quote, in the same sentence: a speech verb (said, says,
//! told, added, asked, according to, …) with a named entity before or after it
//! ("Smith said: “…”", "“…,” said Smith", "“…,” Smith said", 'X has said; "…"'); "he"/"she"
//! resolves to the most recent person mentioned before the quote. A quote without a cue
//! continues the speaker of the previous quote when it directly follows it; otherwise the
//! last person named earlier in its paragraph is taken. When a speech verb has no recognised
//! name as its subject, the subject noun phrase itself is the speaker ("a senior official
//! said" → "a senior official", "said the spokesman" → "the spokesman").

use crate::char_scan::next_char_where;
use crate::entities::lexicon::is_speech_verb;
use crate::words::is_alphanumeric;
use crate::{Entity, EntityKind, Quote};

#[derive(Debug, Clone)]
struct Raw {
    /// Content span (characters, without marks).
    start: usize,
    end: usize,
    /// Opening and closing mark positions (closing = end when unclosed).
    open: usize,
    close: usize,
    /// The quote runs to the end of its paragraph without a closing mark.
    unclosed: bool,
    /// Line index.
    line: usize,
}

#[derive(Debug, Clone)]
struct NameSpan<'e> {
    start: usize,
    end: usize,
    /// The entity's canonical name, borrowed (copied only for the speakers taken: a copy per
    /// mention was most of building this list).
    name: &'e str,
    person: bool,
}

fn is_open(c: char) -> bool {
    matches!(c, '“' | '„' | '«')
}

fn is_close(c: char) -> bool {
    matches!(c, '”' | '»')
}

/// The characters below 64 that [`raw_quotes`] acts on (line break, straight double quote),
/// as bits of their codes.
const QUOTE_SCAN_STOPS_BELOW_64: u64 = 1 << b'\n' | 1 << b'"';

/// `c` is a line break or a quotation mark [`raw_quotes`] acts on. Letters (codes 64 to 0xAA)
/// are answered by two comparisons, where a `matches!` of the seven characters compared each
/// character of the body several times.
#[inline]
fn is_quote_scan_stop(c: char) -> bool {
    let code = u32::from(c);
    if code < 64 {
        return QUOTE_SCAN_STOPS_BELOW_64 >> code & 1 == 1;
    }
    code >= 0xAB && matches!(c, '“' | '”' | '„' | '«' | '»')
}

/// `c` may be a quote-scan stop: a line break, a straight double quote, or any character from
/// U+00AB on, where the curly quotes and guillemets are. Every stop of [`is_quote_scan_stop`]
/// is one; the test has no branch, so that [`next_char_where`] tests eight characters at a
/// time (the per-character loop was most of the quote stage). The caller tests the character
/// it lands on.
#[inline(always)]
fn may_be_quote_scan_stop(c: char) -> bool {
    (c == '\n') | (c == '"') | (u32::from(c) > 0xAA)
}

fn raw_quotes(chars: &[char]) -> Vec<Raw> {
    let mut out = Vec::new();
    let mut line = 0usize;
    let mut i = 0usize;
    let mut open: Option<(usize, char)> = None;
    let mut line_start = true;
    while i <= chars.len() {
        let c = chars.get(i).copied().unwrap_or('\n');
        // Most characters are neither a line break nor a quotation mark: for them only
        // whether the line has begun changes (no arm of the match below takes them).
        if !is_quote_scan_stop(c) {
            // Once the line has begun, the whitespace test can change nothing: the characters
            // up to the next possible stop are skipped in bulk.
            if line_start && !c.is_whitespace() {
                line_start = false;
            }
            i += 1;
            if !line_start {
                i = next_char_where(chars, i, may_be_quote_scan_stop);
            }
            continue;
        }
        if c == '\n' {
            if let Some((o, _)) = open.take() {
                out.push(Raw { start: o + 1, end: i, open: o, close: i, unclosed: true, line });
            }
            if !line_start {
                line += 1;
            }
            line_start = true;
            i += 1;
            continue;
        }
        if !c.is_whitespace() {
            line_start = false;
        }
        match (open, c) {
            (None, '"') => open = Some((i, '"')),
            (None, c) if is_open(c) => open = Some((i, c)),
            (Some((o, '"')), '"') | (Some((o, '„')), '“') => {
                out.push(Raw { start: o + 1, end: i, open: o, close: i, unclosed: false, line });
                open = None;
            }
            (Some((o, k)), c) if is_close(c) && k != '"' => {
                out.push(Raw { start: o + 1, end: i, open: o, close: i, unclosed: false, line });
                open = None;
            }
            (Some((_, '"')), c) if is_open(c) => open = Some((i, c)),
            _ => {}
        }
        i += 1;
    }
    out
}

fn words_in(chars: &[char], a: usize, b: usize) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut i = a;
    while i < b {
        if is_alphanumeric(chars[i]) {
            let s = i;
            while i < b
                && (is_alphanumeric(chars[i]) || chars[i] == '\'' || chars[i] == '’' || chars[i] == '-')
            {
                i += 1;
            }
            out.push((s, i, chars[s..i].iter().collect()));
        } else {
            i += 1;
        }
    }
    out
}

/// The number of words [`words_in`] finds in characters [a, b), without spelling each one:
/// the length test of a quote only counts its words, and a string per word was most of it.
fn count_words_in(chars: &[char], a: usize, b: usize) -> usize {
    let mut count = 0;
    let mut i = a;
    while i < b {
        if is_alphanumeric(chars[i]) {
            while i < b
                && (is_alphanumeric(chars[i]) || chars[i] == '\'' || chars[i] == '’' || chars[i] == '-')
            {
                i += 1;
            }
            count += 1;
        } else {
            i += 1;
        }
    }
    count
}

fn is_pronoun(w: &str) -> bool {
    matches!(w, "he" | "she" | "He" | "She")
}

/// Direct quotes in `body` with speakers resolved against `entities`.
pub fn find(body: &str, entities: &[Entity]) -> Vec<Quote> {
    find_in_chars(&body.chars().collect::<Vec<char>>(), entities)
}

/// [`find`] over the body's characters: the pipeline collects them once for the stages
/// that index the body by character.
pub fn find_in_chars(chars: &[char], entities: &[Entity]) -> Vec<Quote> {
    let mut names: Vec<NameSpan> = entities
        .iter()
        .filter(|e| matches!(e.kind, EntityKind::Person | EntityKind::Organisation))
        .flat_map(|e| {
            e.mentions.iter().map(move |m| NameSpan {
                start: m.start,
                end: m.end,
                name: e.name.as_str(),
                person: e.kind == EntityKind::Person,
            })
        })
        .collect();
    names.sort_by_key(|n| n.start);
    let raws = raw_quotes(chars);
    let mut out: Vec<Quote> = Vec::new();
    let mut prev: Option<(usize, Option<String>, bool, usize)> = None; // (line, speaker, unclosed, close)
    for r in &raws {
        // Trim the content.
        let (mut s, mut e) = (r.start, r.end);
        while s < e && chars[s].is_whitespace() {
            s += 1;
        }
        while e > s && chars[e - 1].is_whitespace() {
            e -= 1;
        }
        if e <= s {
            continue;
        }
        // Trailing comma of the English convention “…,” he said: not part of the words.
        while e > s && matches!(chars[e - 1], ',' | '，') {
            e -= 1;
        }
        while e > s && chars[e - 1].is_whitespace() {
            e -= 1;
        }
        if e <= s {
            continue;
        }
        // A quoted phrase that is part of the surrounding sentence (“called it “pathetic””,
        // “said he was “taking a day off””) is a partial quote inside reported speech.
        if is_embedded_in_sentence(chars, r.open) {
            continue;
        }
        let n_words = count_words_in(chars, s, e);
        let (cue_speaker, has_cue) = speaker_for(chars, r, &names, &raws);
        if n_words < 4 && !has_cue {
            continue;
        }
        let mut speaker = cue_speaker;
        if speaker.is_none()
            && let Some((pl, ps, punclosed, _)) = &prev
        {
            let continues =
                *pl == r.line || (*pl + 1 == r.line && (*punclosed || line_is_quote_only(chars, r)));
            if continues {
                speaker = ps.clone();
            }
        }
        // A phrase quoted in running text, with no cue and no quote before it: a title or
        // scare quote rather than speech.
        let starts_lower = chars[s].is_lowercase();
        if speaker.is_none() && !has_cue && (starts_lower || n_words < 8) {
            continue;
        }
        if speaker.is_none() && !has_cue {
            // Last person named earlier in the same paragraph.
            let ls = line_start(chars, r.open);
            speaker = names
                .iter()
                .rev()
                .find(|n| n.person && n.start >= ls && n.end <= r.open)
                .map(|n| n.name.to_owned());
        }
        prev = Some((r.line, speaker.clone(), r.unclosed, r.close));
        out.push(Quote { text: chars[s..e].iter().collect(), speaker, start: s, end: e });
    }
    out
}

/// The opening mark at `open` continues a sentence: the text before it (skipping spaces and
/// other quotation marks) ends in a word that is not a verb of saying, rather than a
/// paragraph or sentence start, a colon, comma, semicolon, dash or bracket. Such quotes are
/// fragments inside reported speech (“he called it “pathetic””), not direct quotes.
fn is_embedded_in_sentence(chars: &[char], open: usize) -> bool {
    let mut before = open.min(chars.len());
    while before > 0
        && (matches!(chars[before - 1], ' ' | '\t' | '\u{a0}') || is_quote_mark(chars[before - 1]))
    {
        before -= 1;
    }
    if before == 0 || !chars[before - 1].is_alphanumeric() {
        return false;
    }
    let word_end = before;
    let mut word_start = word_end;
    while word_start > 0
        && (chars[word_start - 1].is_alphanumeric() || matches!(chars[word_start - 1], '\'' | '’' | '-'))
    {
        word_start -= 1;
    }
    let previous_word: String = chars[word_start..word_end].iter().collect::<String>().to_lowercase();
    !(is_speech_verb(&previous_word) || is_saying_form(&previous_word))
}

/// Verb forms that introduce a quote without punctuation (“saying “…””, “wrote “…””) and are
/// not already in the speech-verb list.
fn is_saying_form(word: &str) -> bool {
    matches!(
        word,
        "writing"
            | "adding"
            | "asking"
            | "telling"
            | "declaring"
            | "yelled"
            | "yelling"
            | "shouting"
            | "chanting"
            | "chanted"
            | "reads"
            | "read"
            | "tweeting"
            | "posting"
            | "declare"
            | "warning"
            | "noting"
            | "replying"
            | "responding"
    )
}

/// Any double or single quotation mark (straight, curly, guillemet, low-9).
fn is_quote_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»' | '\'' | '‘' | '’')
}

fn line_start(chars: &[char], pos: usize) -> usize {
    let mut i = pos.min(chars.len());
    while i > 0 && chars[i - 1] != '\n' {
        i -= 1;
    }
    i
}

fn line_end(chars: &[char], pos: usize) -> usize {
    let mut i = pos.min(chars.len());
    while i < chars.len() && chars[i] != '\n' {
        i += 1;
    }
    i
}

/// The paragraph holds only this quote (opening mark first).
fn line_is_quote_only(chars: &[char], r: &Raw) -> bool {
    let ls = line_start(chars, r.open);
    chars[ls..r.open].iter().all(|c| c.is_whitespace())
}

/// Speaker from cues around the quote; the bool says whether a speech cue was seen.
fn speaker_for(chars: &[char], r: &Raw, names: &[NameSpan], raws: &[Raw]) -> (Option<String>, bool) {
    let ls = line_start(chars, r.open);
    let le = line_end(chars, r.close);
    // After: up to the next quote mark or sentence end, at most ~12 words.
    let next_open = raws.iter().find(|q| q.open > r.close).map_or(le, |q| q.open.min(le));
    let after_end = next_open.min(r.close + 120).min(le);
    let after_start = (r.close + 1).min(after_end);
    let after_words = words_in(chars, after_start, after_end);
    let after_words: Vec<_> = after_words.into_iter().take(12).collect();
    if let Some(vi) = after_words.iter().position(|(_, _, w)| is_speech_verb(w)) {
        // Sentence end before the verb stops the search.
        let verb_start = after_words[vi].0;
        // Periods of abbreviations and initials ("Mr. Obama said", "Rep. John L. Mica said")
        // do not end the sentence.
        let cut = (after_start..verb_start).any(|k| match chars[k] {
            '!' | '?' => true,
            '.' => !ends_abbreviation(chars, after_start, k),
            _ => false,
        }) && !chars[after_start..verb_start].iter().all(|c| !c.is_alphabetic());
        if !cut {
            let window_end = after_words.get(vi + 6).map_or(after_end, |w| w.1);
            if let Some(n) = names.iter().find(|n| n.start >= after_start && n.end <= window_end) {
                return (Some(n.name.to_owned()), true);
            }
            if after_words[..vi].iter().chain(after_words.get(vi + 1)).any(|(_, _, w)| is_pronoun(w)) {
                return (recent_person(names, r.open, chars), true);
            }
            // An unnamed or unrecognised source: “…,” a Democratic strategist said / said the senator.
            let subject = if vi > 0 {
                noun_phrase(chars, &after_words[..vi])
            } else if matches!(
                after_words[vi].2.as_str(),
                "said" | "says" | "added" | "asked" | "wrote" | "continued" | "explained" | "noted"
            ) {
                let mut end = vi + 1;
                while end < after_words.len()
                    && end < vi + 1 + MAX_SPEAKER_WORDS
                    && !chars[after_words[end - 1].1..after_words[end].0]
                        .iter()
                        .any(|c| matches!(c, ',' | '.' | ';' | ':' | '(' | '—'))
                {
                    end += 1;
                }
                noun_phrase(chars, &after_words[vi + 1..end])
            } else {
                None
            };
            return (subject, true);
        }
    }
    // Before: from the sentence start to the opening mark.
    let sentence_start =
        crate::entities::tokens::sentences(&chars[ls..r.open]).last().map_or(r.open, |(a, _)| ls + a);
    let mut bs = r.open;
    while bs > sentence_start && !matches!(chars[bs - 1], '”' | '"' | '»') {
        bs -= 1;
    }
    let before_words = words_in(chars, bs, r.open);
    let colon = chars[bs..r.open]
        .iter()
        .rev()
        .find(|c| !c.is_whitespace())
        .is_some_and(|c| matches!(c, ':' | ';' | ','));
    let verb = before_words.iter().rposition(|(_, _, w)| is_speech_verb(w));
    if verb.is_some() || colon {
        let in_window: Vec<&NameSpan> = names.iter().filter(|n| n.start >= bs && n.end <= r.open).collect();
        // Prefer a person, the one closest before the verb.
        let pick = match verb {
            Some(v) => {
                let vpos = before_words[v].0;
                in_window
                    .iter()
                    .rfind(|n| n.person && n.end <= vpos)
                    .or_else(|| in_window.iter().find(|n| n.person))
                    .or_else(|| in_window.last())
            }
            None => in_window.iter().rfind(|n| n.person).or_else(|| in_window.last()),
        };
        if let Some(n) = pick {
            return (Some(n.name.to_owned()), verb.is_some());
        }
        if before_words.iter().any(|(_, _, w)| is_pronoun(w)) && verb.is_some() {
            return (recent_person(names, bs, chars), true);
        }
        // An unnamed or unrecognised source: 'The spokesman said: "…"'.
        if let Some(v) = verb {
            let verb_start = before_words[v].0;
            // The subject starts after the last comma or semicolon before the verb.
            let clause_start = (bs..verb_start)
                .rev()
                .find(|&k| matches!(chars[k], ',' | ';' | '(' | '—'))
                .map_or(bs, |k| k + 1);
            let subject_words: Vec<(usize, usize, String)> =
                before_words[..v].iter().filter(|(a, _, _)| *a >= clause_start).cloned().collect();
            return (noun_phrase(chars, &subject_words), true);
        }
        return (None, verb.is_some());
    }
    (None, false)
}

/// The period at `dot` closes an abbreviation or an initial ("Mr.", "Rep.", "L.", "U.S."),
/// looking back no further than `from`.
fn ends_abbreviation(chars: &[char], from: usize, dot: usize) -> bool {
    let mut word_start = dot;
    while word_start > from && chars[word_start - 1].is_alphabetic() {
        word_start -= 1;
    }
    let word: String = chars[word_start..dot].iter().collect();
    let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    let inside_initialism = word_start > from && chars[word_start - 1] == '.';
    initial
        || inside_initialism
        || matches!(
            word.as_str(),
            "Mr" | "Mrs"
                | "Ms"
                | "Dr"
                | "Rep"
                | "Reps"
                | "Sen"
                | "Sens"
                | "Gov"
                | "Lt"
                | "Gen"
                | "Col"
                | "Sgt"
                | "Capt"
                | "Rev"
                | "St"
                | "Jr"
                | "Sr"
                | "Prof"
                | "Hon"
                | "Det"
                | "Insp"
                | "Supt"
                | "Adm"
                | "Maj"
                | "Cmdr"
                | "Pres"
                | "Del"
        )
}

/// The longest description taken as an unnamed speaker, in words.
const MAX_SPEAKER_WORDS: usize = 8;

/// A subject noun phrase naming an unnamed or unrecognised speaker ("a Democratic strategist",
/// "the senator", "Kelly"): the given words, trimmed to start at the last determiner, with no
/// verb-like or clause words; `None` when it is empty, too long, a pronoun, or has no noun.
fn noun_phrase(chars: &[char], words: &[(usize, usize, String)]) -> Option<String> {
    if words.is_empty() {
        return None;
    }
    let from = words.iter().rposition(|(_, _, w)| is_determiner(w)).unwrap_or(0);
    let phrase = &words[from..];
    let (Some(first), Some(last)) = (phrase.first(), phrase.last()) else { return None };
    if phrase.len() > MAX_SPEAKER_WORDS || (phrase.len() == 1 && is_determiner(&first.2)) {
        return None;
    }
    let refuses = |w: &str| {
        matches!(
            w.to_lowercase().as_str(),
            "he" | "she"
                | "they"
                | "it"
                | "i"
                | "we"
                | "you"
                | "who"
                | "which"
                | "that"
                | "this"
                | "there"
                | "has"
                | "have"
                | "had"
                | "was"
                | "were"
                | "is"
                | "are"
                | "will"
                | "would"
                | "also"
                | "then"
                | "and"
                | "but"
                | "not"
                | "in"
                | "on"
                | "at"
                | "when"
                | "while"
                | "as"
                | "if"
                | "because"
                | "after"
                | "before"
                | "later"
                | "previously"
                | "once"
                | "statement"
                | "interview"
                | "email"
                | "told"
                | "reporters"
        )
    };
    if phrase.iter().any(|(_, _, w)| refuses(w)) {
        return None;
    }
    let text: String = chars[first.0..last.1].iter().collect();
    Some(text)
}

/// Articles and quantifiers that open a description of a speaker.
fn is_determiner(w: &str) -> bool {
    matches!(
        w.to_lowercase().as_str(),
        "the" | "a" | "an" | "one" | "another" | "his" | "her" | "their" | "its"
    )
}

/// The most recent person mentioned before `pos` (outside quotes is not checked).
fn recent_person(names: &[NameSpan], pos: usize, _chars: &[char]) -> Option<String> {
    names.iter().rev().find(|n| n.person && n.end <= pos).map(|n| n.name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotes_of(text: &str) -> Vec<Quote> {
        find(text, &crate::entities::find(text))
    }

    /// `raw_quotes` as first written, every character going through the match.
    fn raw_quotes_reference(chars: &[char]) -> Vec<Raw> {
        let mut out = Vec::new();
        let mut line = 0usize;
        let mut i = 0usize;
        let mut open: Option<(usize, char)> = None;
        let mut line_start = true;
        while i <= chars.len() {
            let c = chars.get(i).copied().unwrap_or('\n');
            if c == '\n' {
                if let Some((o, _)) = open.take() {
                    out.push(Raw { start: o + 1, end: i, open: o, close: i, unclosed: true, line });
                }
                if !line_start {
                    line += 1;
                }
                line_start = true;
                i += 1;
                continue;
            }
            if !c.is_whitespace() {
                line_start = false;
            }
            match (open, c) {
                (None, '"') => open = Some((i, '"')),
                (None, c) if is_open(c) => open = Some((i, c)),
                (Some((o, '"')), '"') | (Some((o, '„')), '“') => {
                    out.push(Raw { start: o + 1, end: i, open: o, close: i, unclosed: false, line });
                    open = None;
                }
                (Some((o, k)), c) if is_close(c) && k != '"' => {
                    out.push(Raw { start: o + 1, end: i, open: o, close: i, unclosed: false, line });
                    open = None;
                }
                (Some((_, '"')), c) if is_open(c) => open = Some((i, c)),
                _ => {}
            }
            i += 1;
        }
        out
    }

    #[test]
    fn raw_quotes_equal_the_reference() {
        let fields = |raws: Vec<Raw>| -> Vec<(usize, usize, usize, usize, bool, usize)> {
            raws.into_iter().map(|r| (r.start, r.end, r.open, r.close, r.unclosed, r.line)).collect()
        };
        for text in [
            "",
            "no quotes at all",
            "\n\n  \n“Unclosed quote runs on\n\n“and continues,” she said. \"Straight\" and „low“ and «guillemets» \"mixed “inner” marks\"",
            "  \t\n\u{a0}\n\"a\" \"b\n\"c” »d« „e” “f„",
        ] {
            let chars: Vec<char> = text.chars().collect();
            assert_eq!(fields(raw_quotes(&chars)), fields(raw_quotes_reference(&chars)), "{text}");
        }
    }

    /// Counting the words agrees with spelling them, on every range of hand-made texts.
    #[test]
    fn counted_words_equal_the_spelt_words() {
        for text in ["", "a", "O'Neil’s well-known 12 words — café ünïcode 東京 x-", "'-’ -a- b''c ,, d"]
        {
            let chars: Vec<char> = text.chars().collect();
            for a in 0..=chars.len() {
                for b in a..=chars.len() {
                    assert_eq!(count_words_in(&chars, a, b), words_in(&chars, a, b).len(), "{text} {a}..{b}");
                }
            }
        }
    }

    /// The bulk skip stops at every quote-scan stop: each stop is a possible stop (the skip
    /// itself is tested in `char_scan`).
    #[test]
    fn every_quote_scan_stop_may_be_one() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert!(!is_quote_scan_stop(c) || may_be_quote_scan_stop(c), "{c:?}");
        }
    }

    /// The scan-stop test picks exactly the seven characters it replaces.
    #[test]
    fn quote_scan_stops_are_the_seven_characters() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(is_quote_scan_stop(c), matches!(c, '\n' | '"' | '“' | '”' | '„' | '«' | '»'), "{c:?}");
        }
    }

    #[test]
    fn fragments_inside_reported_speech_are_not_direct_quotes() {
        let quotes = quotes_of(
            "The senator called the new tax plan “a very bad deal for working families” on Friday.",
        );
        assert!(quotes.is_empty(), "{quotes:#?}");
        let quotes =
            quotes_of("Mary Jones said the vote was “rigged from the very start by insiders” and left.");
        assert!(quotes.is_empty(), "{quotes:#?}");
    }

    #[test]
    fn quotes_after_a_verb_of_saying_or_a_colon_are_kept() {
        let quotes = quotes_of("Mary Jones said “we will win this race in the end” at the rally.");
        assert_eq!(quotes.len(), 1, "{quotes:#?}");
        assert_eq!(quotes[0].speaker.as_deref(), Some("Mary Jones"));
        let quotes = quotes_of("Mary Jones told reporters: “We will win this race in the end.”");
        assert_eq!(quotes.len(), 1, "{quotes:#?}");
    }

    #[test]
    fn trailing_comma_is_not_part_of_the_quote() {
        let text = "“We will meet again in May,” Mary Jones said.";
        let quotes = quotes_of(text);
        assert_eq!(quotes.len(), 1, "{quotes:#?}");
        assert_eq!(quotes[0].text, "We will meet again in May");
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(chars[quotes[0].start..quotes[0].end].iter().collect::<String>(), quotes[0].text);
    }

    #[test]
    fn abbreviations_do_not_end_the_attribution() {
        let quotes = quotes_of("“We will not give up on this fight at all,” Mr. Jones said on Monday.");
        assert_eq!(quotes[0].speaker.as_deref(), Some("Jones"));
        let quotes = quotes_of("“We will not give up on this fight at all,” Rep. Mary L. Jones said.");
        assert_eq!(quotes[0].speaker.as_deref(), Some("Mary L. Jones"));
    }

    #[test]
    fn unnamed_sources_are_described() {
        let quotes = quotes_of(
            "“The rules must apply to every nation without exception,” a senior trade official said.",
        );
        assert_eq!(quotes.len(), 1, "{quotes:#?}");
        assert_eq!(quotes[0].speaker.as_deref(), Some("a senior trade official"));
        let quotes = quotes_of(
            "“The rules must apply to every nation without exception,” said the spokesman, who declined to be named.",
        );
        assert_eq!(quotes[0].speaker.as_deref(), Some("the spokesman"));
        let quotes = quotes_of(
            "In a statement, the ministry said: “The rules must apply to every nation without exception.”",
        );
        assert_eq!(quotes[0].speaker.as_deref(), Some("the ministry"));
        // A named speaker still wins over the description.
        let quotes = quotes_of(
            "“The rules must apply to every nation without exception,” said Mary Jones, a trade official.",
        );
        assert_eq!(quotes[0].speaker.as_deref(), Some("Mary Jones"));
    }
}
