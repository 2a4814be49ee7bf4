//! Title-case lines (headlines, menus): no new names are taken from them, only mentions of
//! names the body already established.

use rustc_hash::FxHashMap as HashMap;

use super::lexicon::is_non_name;
use super::merge::Ent;
use super::tokens::{CharText, Token};

/// Lines in title case (headlines, navigation): at least three words, most longer words
/// capitalised and the others function words ("with", "will", "from"). A sentence dense with
/// names ("The study was supported by the Croucher Foundation, US National Science
/// Foundation…", a caption "The Border Force vessel … Image: Brian Burnell.") is no title line,
/// nor is a text of one line: that line is the story (a wire flash, a sentence sent to
/// `Enrich`), and a headline needs a body to repeat names from.
pub(super) fn title_case_lines(toks: &[Token]) -> Vec<bool> {
    let mut out = vec![false; toks.len()];
    let mut start = 0;
    while start < toks.len() {
        let mut end = start + 1;
        while end < toks.len() && !toks[end].newline_before {
            end += 1;
        }
        if start == 0 && end == toks.len() {
            break;
        }
        if is_title_case_line(&toks[start..end]) {
            for o in &mut out[start..end] {
                *o = true;
            }
        }
        start = end;
    }
    out
}

/// Is the line `line` (its tokens) in title case: three words or more, and of the long words
/// after the first, at least 70 % capitalised and the others function words? Counted in one
/// pass that stops at the first long lowercase word that is no function word (the line is
/// prose then, whatever the counts), instead of collecting the words.
fn is_title_case_line(line: &[Token]) -> bool {
    let mut words = 0usize;
    let mut long = 0usize;
    let mut caps = 0usize;
    for t in line.iter().filter(|t| t.is_word()) {
        words += 1;
        if words == 1 || t.text.chars().count() < 4 {
            continue;
        }
        long += 1;
        if t.is_capitalised() {
            caps += 1;
        } else if !is_function_word(t.text) {
            return false;
        }
    }
    words >= 3 && long > 0 && caps * 10 >= long * 7
}

/// A lowercase function word that title case leaves uncapitalised ("with", "from", "will").
fn is_function_word(w: &str) -> bool {
    // Short ASCII words (all the function words) are capitalised in a buffer on the stack.
    const BUFFER: usize = 16;
    if w.is_ascii() && !w.is_empty() && w.len() <= BUFFER {
        let mut buffer = [0u8; BUFFER];
        buffer[..w.len()].copy_from_slice(w.as_bytes());
        buffer[0] = buffer[0].to_ascii_uppercase();
        return std::str::from_utf8(&buffer[..w.len()]).is_ok_and(is_non_name);
    }
    let mut chars = w.chars();
    chars.next().is_some_and(|first| is_non_name(&first.to_uppercase().chain(chars).collect::<String>()))
}

/// Title-case lines (headlines): add mentions of names already known from the body.
pub(super) fn add_title_line_mentions(
    ents: &mut [Ent],
    toks: &[Token],
    title_line: &[bool],
    body: &CharText<'_, '_>,
) {
    // Most stories have no title-case line: then there is nothing to match, and the mentions
    // are not gathered.
    if !title_line.contains(&true) {
        return;
    }
    let mut known: HashMap<&str, usize> = HashMap::default();
    for (i, e) in ents.iter().enumerate() {
        for &(a, b) in &e.mentions {
            known.entry(body.span(a, b)).or_insert(i);
        }
    }
    let mut i = 0;
    while i < toks.len() {
        if !title_line[i] || !toks[i].is_word() {
            i += 1;
            continue;
        }
        let mut matched = None;
        for len in (1..=5).rev() {
            if i + len > toks.len() || !title_line[i + len - 1] {
                continue;
            }
            let text = body.span(toks[i].start, toks[i + len - 1].end);
            if let Some(&e) = known.get(text) {
                matched = Some((len, e));
                break;
            }
        }
        if let Some((len, e)) = matched {
            ents[e].mentions.push((toks[i].start, toks[i + len - 1].end));
            i += len;
        } else {
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::tokens::{CharText, tokenize};

    /// The stack-buffer function-word test agrees with the one that spells a new string.
    #[test]
    fn function_words_match_the_allocating_test() {
        let reference = |w: &str| {
            let mut chars = w.chars();
            chars
                .next()
                .is_some_and(|first| is_non_name(&first.to_uppercase().chain(chars).collect::<String>()))
        };
        for w in [
            "with",
            "from",
            "will",
            "the",
            "a",
            "",
            "x",
            "über",
            "ßtraße",
            "into",
            "thereforeandmore",
            "nevertheless",
            "ñ",
            "march",
        ] {
            assert_eq!(is_function_word(w), reference(w), "{w}");
        }
    }

    /// The counting version agrees with the former one that collected the words first.
    #[test]
    fn title_case_lines_match_the_collecting_version() {
        fn reference(toks: &[Token]) -> Vec<bool> {
            let mut out = vec![false; toks.len()];
            let mut start = 0;
            while start < toks.len() {
                let mut end = start + 1;
                while end < toks.len() && !toks[end].newline_before {
                    end += 1;
                }
                if start == 0 && end == toks.len() {
                    break;
                }
                let words: Vec<&Token> = toks[start..end].iter().filter(|t| t.is_word()).collect();
                let long: Vec<&&Token> =
                    words.iter().skip(1).filter(|t| t.text.chars().count() >= 4).collect();
                let caps = long.iter().filter(|t| t.is_capitalised()).count();
                let only_function_words_in_lowercase =
                    long.iter().all(|t| t.is_capitalised() || is_function_word(t.text));
                if words.len() >= 3
                    && !long.is_empty()
                    && caps * 10 >= long.len() * 7
                    && only_function_words_in_lowercase
                {
                    for o in &mut out[start..end] {
                        *o = true;
                    }
                }
                start = end;
            }
            out
        }
        for story in [
            "Quillet Wins Award With Team From Veritasia\nThe team won. Quillet Wins Award",
            "WTO Head Says Trade Rift with China will be Hard to Mend\n\nGLOBAL: The gap grew.\nA B\nOne Two Three\nHome | News | Sport | Weather",
            "Only one line here with Some Capitals",
            "\n\nThe Best Of The Year\nwhat about this one then\nEvery Word Capitalised Except into and from",
        ] {
            let chars: Vec<char> = story.chars().collect();
            let toks = tokenize(&CharText::new(story, &chars));
            assert_eq!(title_case_lines(&toks), reference(&toks), "{story}");
        }
    }
}
