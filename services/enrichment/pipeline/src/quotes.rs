//! Direct quotes and their speakers.
//!
//! A quote is text between double quotation marks (`"` `“ ”` `„ “` `« »`) within a paragraph;
//! a paragraph whose opening mark is never closed quotes to its end and the next paragraph
//! that opens with a mark continues it (multi-paragraph quotes; each paragraph is one quote).
//! Short quoted phrases (under four words) count only next to a speech verb, so scare quotes
//! and titles are skipped.
//!
//! The speaker is found around the quote, in the same sentence: a speech verb (said, says,
//! told, added, asked, according to, …) with a named entity before or after it
//! ("Smith said: “…”", "“…,” said Smith", "“…,” Smith said", 'X has said; "…"'); "he"/"she"
//! resolves to the most recent person mentioned before the quote. A quote without a cue
//! continues the speaker of the previous quote when it directly follows it; otherwise the
//! last person named earlier in its paragraph is taken.

use crate::entities::lexicon::is_speech_verb;
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
struct NameSpan {
    start: usize,
    end: usize,
    name: String,
    person: bool,
}

fn is_open(c: char) -> bool {
    matches!(c, '“' | '„' | '«')
}

fn is_close(c: char) -> bool {
    matches!(c, '”' | '»')
}

fn raw_quotes(chars: &[char]) -> Vec<Raw> {
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

fn words_in(chars: &[char], a: usize, b: usize) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut i = a;
    while i < b {
        if chars[i].is_alphanumeric() {
            let s = i;
            while i < b && (chars[i].is_alphanumeric() || chars[i] == '\'' || chars[i] == '’' || chars[i] == '-') {
                i += 1;
            }
            out.push((s, i, chars[s..i].iter().collect()));
        } else {
            i += 1;
        }
    }
    out
}

fn is_pronoun(w: &str) -> bool {
    matches!(w, "he" | "she" | "He" | "She")
}

/// Direct quotes in `body` with speakers resolved against `entities`.
pub fn find(body: &str, entities: &[Entity]) -> Vec<Quote> {
    let chars: Vec<char> = body.chars().collect();
    let mut names: Vec<NameSpan> = entities
        .iter()
        .filter(|e| matches!(e.kind, EntityKind::Person | EntityKind::Organisation))
        .flat_map(|e| {
            e.mentions.iter().map(move |m| NameSpan { start: m.start, end: m.end, name: e.name.clone(), person: e.kind == EntityKind::Person })
        })
        .collect();
    names.sort_by_key(|n| n.start);
    let raws = raw_quotes(&chars);
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
        let n_words = words_in(&chars, s, e).len();
        let (cue_speaker, has_cue) = speaker_for(&chars, r, &names, &raws);
        if n_words < 4 && !has_cue {
            continue;
        }
        let mut speaker = cue_speaker;
        if speaker.is_none()
            && let Some((pl, ps, punclosed, _)) = &prev {
                let continues = *pl == r.line || (*pl + 1 == r.line && (*punclosed || line_is_quote_only(&chars, r)));
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
            let ls = line_start(&chars, r.open);
            speaker = names.iter().rev().find(|n| n.person && n.start >= ls && n.end <= r.open).map(|n| n.name.clone());
        }
        prev = Some((r.line, speaker.clone(), r.unclosed, r.close));
        out.push(Quote { text: chars[s..e].iter().collect(), speaker, start: s, end: e });
    }
    out
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
        let cut = chars[after_start..verb_start].iter().any(|c| matches!(c, '.' | '!' | '?')) && !chars[after_start..verb_start].iter().all(|c| !c.is_alphabetic());
        if !cut {
            let window_end = after_words.get(vi + 6).map_or(after_end, |w| w.1);
            if let Some(n) = names.iter().find(|n| n.start >= after_start && n.end <= window_end) {
                return (Some(n.name.clone()), true);
            }
            if after_words[..vi].iter().chain(after_words.get(vi + 1)).any(|(_, _, w)| is_pronoun(w)) {
                return (recent_person(names, r.open, chars), true);
            }
            return (None, true);
        }
    }
    // Before: from the sentence start to the opening mark.
    let sentence_start = crate::entities::tokens::sentences(&chars[ls..r.open]).last().map_or(r.open, |(a, _)| ls + a);
    let mut bs = r.open;
    while bs > sentence_start && !matches!(chars[bs - 1], '”' | '"' | '»') {
        bs -= 1;
    }
    let before_words = words_in(chars, bs, r.open);
    let colon = chars[bs..r.open].iter().rev().find(|c| !c.is_whitespace()).is_some_and(|c| matches!(c, ':' | ';' | ','));
    let verb = before_words.iter().rposition(|(_, _, w)| is_speech_verb(w));
    if verb.is_some() || colon {
        let in_window: Vec<&NameSpan> = names.iter().filter(|n| n.start >= bs && n.end <= r.open).collect();
        // Prefer a person, the one closest before the verb.
        let pick = match verb {
            Some(v) => {
                let vpos = before_words[v].0;
                in_window.iter().rfind(|n| n.person && n.end <= vpos).or_else(|| in_window.iter().find(|n| n.person)).or_else(|| in_window.last())
            }
            None => in_window.iter().rfind(|n| n.person).or_else(|| in_window.last()),
        };
        if let Some(n) = pick {
            return (Some(n.name.clone()), verb.is_some());
        }
        if before_words.iter().any(|(_, _, w)| is_pronoun(w)) && verb.is_some() {
            return (recent_person(names, bs, chars), true);
        }
        return (None, verb.is_some());
    }
    (None, false)
}

/// The most recent person mentioned before `pos` (outside quotes is not checked).
fn recent_person(names: &[NameSpan], pos: usize, _chars: &[char]) -> Option<String> {
    names.iter().rev().find(|n| n.person && n.end <= pos).map(|n| n.name.clone())
}
