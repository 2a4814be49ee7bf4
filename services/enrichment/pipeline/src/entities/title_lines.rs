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
        // Counted without collecting the words; the function-word test (which spells a
        // capitalised copy of a word) runs only when the counts already qualify.
        let mut words = toks[start..end].iter().filter(|t| t.is_word());
        let first_word = words.next();
        let long = || words.clone().filter(|t| t.text.chars().count() >= 4);
        let word_count = usize::from(first_word.is_some()) + words.clone().count();
        let long_count = long().count();
        let caps = long().filter(|t| t.is_capitalised()).count();
        if word_count >= 3
            && long_count > 0
            && caps * 10 >= long_count * 7
            && long().all(|t| t.is_capitalised() || is_function_word(t.text))
        {
            for o in &mut out[start..end] {
                *o = true;
            }
        }
        start = end;
    }
    out
}

/// A lowercase function word that title case leaves uncapitalised ("with", "from", "will").
#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::tokens::{CharText, tokenize};

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
                let long: Vec<&&Token> = words.iter().skip(1).filter(|t| t.text.chars().count() >= 4).collect();
                let caps = long.iter().filter(|t| t.is_capitalised()).count();
                let only_function_words_in_lowercase =
                    long.iter().all(|t| t.is_capitalised() || is_function_word(t.text));
                if words.len() >= 3 && !long.is_empty() && caps * 10 >= long.len() * 7 && only_function_words_in_lowercase
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

fn is_function_word(w: &str) -> bool {
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
