//! Named entities: people, organisations, places and other names, each with a canonical
//! name and every mention (character offsets into the body).
//!
//! Method (rule-based, no model):
//! 1. candidates are runs of capitalised words (with connectors such as "of" inside
//!    organisation/place names and particles such as "van" inside people's names); a
//!    sentence-initial word only counts when the story gives evidence that it is a name
//!    (known name, used capitalised mid-sentence, never used in lowercase);
//! 2. leading titles and roles ("NATO Secretary-General", "Mr.") are split off and mark a
//!    person;
//! 3. each distinct name is typed with cues pooled over all its mentions: gazetteers
//!    (places, given names, demonyms — `data/`), organisation and place head words,
//!    acronyms, titles, speech verbs;
//! 4. aliases are merged within the story: surnames and partial names, small misspellings
//!    of a person's name tokens, acronyms of organisation names, place abbreviations, and
//!    role phrases ("the NATO Head") for a person introduced with that role;
//! 5. title-case lines (headlines, menus) only yield names already known from the body;
//! 6. names nested in longer names are entities too ("United States" in "United States
//!    Navy", "Ansel Adams" in "Ansel Adams Gallery"), and a place that acts in the story
//!    ("Norway defeated Chile", "Chile says") is typed as the organisation it stands for.
//!
//! Context cues beyond the name itself: titles and roles in apposition ("the coach, Zorvan
//! Quillet"), organisation contexts ("Veritasia officials", "members of the Crimson Order",
//! "Chan Ka-lok of Civic Dawn"), place contexts ("Palo Alto, California"), and
//! capitalisation statistics of the story (a word also written in lowercase is not an acronym
//! or a one-word place). Given and family names come from US Census and Faker's ~80 locales.

pub mod aliases;
pub mod lexicon;
pub mod tokens;

use std::collections::{HashMap, HashSet};

use crate::{Entity, EntityKind, Mention};
use lexicon::{is_connector, is_non_name, is_org_word, is_particle, is_place_word, is_speech_verb, lexicon};

/// A title or role word, also hyphenated ones ("Director-General", "Vice-President").
fn is_title(w: &str) -> bool {
    lexicon::is_title(w) || (w.contains('-') && w.split('-').any(lexicon::is_title))
}
use tokens::{Token, tokenize};

/// A candidate name span.
#[derive(Debug, Clone)]
struct Cand {
    /// Token range [a, b).
    a: usize,
    b: usize,
    text: String,
    /// Introduced by a title/role word.
    titled: bool,
    /// Subject or object of a speech verb ("X said", "said X", "according to X").
    speaker: bool,
    /// Role prefix: (organisation/place word before the title, title words).
    role: Option<(String, String)>,
    /// Every word of the span is sentence-initial-ambiguous (single word at sentence start).
    weak_start: bool,
    /// Context typical of an organisation: "Veritasia officials", "members of X",
    /// "Civic Dawn's Wong Siu-ming", "Chan Ka-lok of Civic Dawn".
    org_context: bool,
    /// Context typical of a place: "near Lakeview", "Palo Alto, California".
    place_context: bool,
}

/// Facts about the document used to judge sentence-initial words.
struct DocVocab {
    lower: HashSet<String>,
    cap_mid: HashSet<String>,
}

/// People, organisations, places and other names in `body`, aliases merged.
pub fn find(body: &str) -> Vec<Entity> {
    let chars: Vec<char> = body.chars().collect();
    let toks = tokenize(&chars);
    if toks.is_empty() {
        return Vec::new();
    }
    let initial = sentence_initial(&toks);
    let title_line = title_case_lines(&toks);
    let vocab = doc_vocab(&toks, &initial);
    let cands = candidates(&toks, &initial, &title_line, &vocab, &chars);
    let mut ents = build_entities(&cands, &toks, &vocab);
    retype_acting_places(&mut ents, &toks);
    add_nested_mentions(&mut ents, &toks, &chars);
    add_title_line_mentions(&mut ents, &toks, &title_line, &chars);
    add_role_mentions(&mut ents, &cands, &toks, &chars);
    finalize(body, finish(ents))
}

fn span_text(chars: &[char], a: usize, b: usize) -> String {
    chars[a..b].iter().collect()
}

/// Word tokens that start a sentence (after . ! ? : or a line break, skipping opening quotes).
fn sentence_initial(toks: &[Token]) -> Vec<bool> {
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
            if matches!(t.text.as_str(), "." | "!" | "?" | ":" | "•" | "|" | "—" | "–") {
                // "Mr. Jones", "Rep. Smith": the period of a title abbreviation ends no sentence.
                init = !(t.text == "."
                    && j > 0
                    && is_title_abbreviation(&toks[j - 1])
                    && toks[j - 1].end == t.start);
                break;
            }
            if matches!(t.text.as_str(), "\"" | "“" | "”" | "‘" | "'" | "(" | "[" | "«" | "„" | "-")
            {
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

/// An abbreviated title written with a period: "Mr", "Mrs", "Dr", "Rep", "Sen", "Gov"…
fn is_title_abbreviation(t: &Token) -> bool {
    t.is_word()
        && matches!(
            t.text.as_str(),
            "Mr" | "Mrs"
                | "Ms"
                | "Dr"
                | "Rep"
                | "Sen"
                | "Gov"
                | "Gen"
                | "Lt"
                | "Col"
                | "Sgt"
                | "Capt"
                | "Rev"
                | "Prof"
                | "Adm"
                | "Maj"
                | "Det"
                | "Insp"
                | "Supt"
                | "Cmdr"
                | "Pres"
                | "Hon"
        )
}

/// Lines in title case (headlines, navigation): most longer words capitalised, no sentence end.
fn title_case_lines(toks: &[Token]) -> Vec<bool> {
    let mut out = vec![false; toks.len()];
    let mut start = 0;
    while start < toks.len() {
        let mut end = start + 1;
        while end < toks.len() && !toks[end].newline_before {
            end += 1;
        }
        let words: Vec<&Token> = toks[start..end].iter().filter(|t| t.is_word()).collect();
        let long: Vec<&&Token> = words.iter().skip(1).filter(|t| t.text.chars().count() >= 4).collect();
        let caps = long.iter().filter(|t| t.is_capitalised()).count();
        if words.len() >= 3 && !long.is_empty() && caps * 10 >= long.len() * 7 {
            for o in &mut out[start..end] {
                *o = true;
            }
        }
        start = end;
    }
    out
}

fn doc_vocab(toks: &[Token], initial: &[bool]) -> DocVocab {
    let mut lower = HashSet::new();
    let mut cap_mid = HashSet::new();
    for (i, t) in toks.iter().enumerate() {
        if !t.is_word() {
            continue;
        }
        if t.text.chars().next().is_some_and(char::is_lowercase) {
            lower.insert(t.text.clone());
        } else if t.is_capitalised() && !initial[i] {
            cap_mid.insert(t.text.clone());
        }
    }
    DocVocab { lower, cap_mid }
}

fn is_name_word(t: &Token) -> bool {
    t.is_word() && t.is_capitalised() && !is_non_name(&t.text)
}

/// Is the sentence-initial word `t` plausibly a name?
fn initial_is_name(t: &Token, vocab: &DocVocab) -> bool {
    let lex = lexicon();
    if lex.places.contains(&t.text)
        || lex.first_names.contains(&t.text)
        || vocab.cap_mid.contains(&t.text)
        || t.is_all_caps()
    {
        return true;
    }
    !vocab.lower.contains(&t.text.to_lowercase())
}

fn candidates(
    toks: &[Token],
    initial: &[bool],
    title_line: &[bool],
    vocab: &DocVocab,
    chars: &[char],
) -> Vec<Cand> {
    let lex = lexicon();
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        // A known two-word name may start with a word that is not a name alone ("Home Office").
        let name_word = is_name_word(&toks[i]);
        let gazetteer_pair = !name_word
            && toks[i].is_word()
            && toks[i].is_capitalised()
            && toks.get(i + 1).is_some_and(|next| {
                next.is_word() && !next.newline_before && {
                    let pair = span_text(chars, toks[i].start, next.end);
                    lex.organisations.contains(&pair) || lex.places.contains(&pair)
                }
            });
        if title_line[i]
            || !(name_word || gazetteer_pair)
            || (initial[i]
                && !gazetteer_pair
                && !initial_is_name(&toks[i], vocab)
                && !is_title(&toks[i].text))
        {
            i += 1;
            continue;
        }
        // Extend the run.
        let mut j = i + 1;
        while j < toks.len() && !toks[j - 1].possessive && !toks[j].newline_before {
            let t = &toks[j];
            if is_name_word(t) {
                j += 1;
                continue;
            }
            // An initial: "J. Edgar Hoover", "John F. Kennedy".
            let previous_is_initial = toks[j - 1].is_word()
                && toks[j - 1].text.chars().count() == 1
                && toks[j - 1].is_capitalised();
            if t.text == "."
                && previous_is_initial
                && t.start == toks[j - 1].end
                && toks.get(j + 1).is_some_and(|next| {
                    is_name_word(next) && !next.newline_before && next.text.chars().count() > 1
                })
            {
                j += 2;
                continue;
            }
            // Connectors: "University of Southern Indiana", "Daughters of the American Revolution",
            // "Ludwig van Beethoven".
            if t.is_word() && is_connector(&t.text) {
                let mut k = j;
                while k < toks.len()
                    && k < j + 2
                    && toks[k].is_word()
                    && is_connector(&toks[k].text)
                    && !toks[k].newline_before
                {
                    k += 1;
                }
                if k < toks.len() && is_name_word(&toks[k]) && !toks[k].newline_before {
                    let prev = &toks[j - 1].text;
                    let org_like = is_org_word(prev)
                        || is_place_word(prev)
                        || is_title(prev)
                        || matches!(
                            prev.as_str(),
                            "Daughters" | "Sons" | "Friends" | "House" | "Bank" | "Secretary"
                        );
                    // "Australian Centre for Study of Water Quality": once an
                    // organisation head has been linked by "for", "of" may follow later.
                    let org_name_goes_on = t.text == "of"
                        && (i..j).any(|x| toks[x].text == "for")
                        && (i..j).any(|x| is_org_word(&toks[x].text) || is_place_word(&toks[x].text));
                    let person_follows = lexicon().first_names.contains(&toks[k].text)
                        && !is_org_word(&toks[k].text)
                        && !lexicon().places.contains(&toks[k].text);
                    let ok = match t.text.as_str() {
                        "of" | "for" | "on" => {
                            (org_like || org_name_goes_on)
                                && toks[j - 1].text != "Prime"
                                && !toks[j - 1].possessive
                        }
                        "&" => true,
                        // "the Labour Party and Frederick Moss" are two names.
                        "and" => org_like && k == j + 1 && !person_follows,
                        "the" => false,
                        w => is_particle(w) && j - i <= 2 && k == j + 1,
                    };
                    if ok {
                        j = k + 1;
                        continue;
                    }
                }
            }
            break;
        }
        let run: Vec<usize> = (i..j).collect();
        match person_after_name_split(&run, toks) {
            Some(p) => {
                process_run(&run[..p], toks, initial, vocab, chars, &mut out);
                process_run(&run[p..], toks, initial, vocab, chars, &mut out);
            }
            None => process_run(&run, toks, initial, vocab, chars, &mut out),
        }
        i = j;
    }
    out
}

/// Where a run of capitalised words is two names side by side, an organisation or place
/// followed by a person ("University of Ohio Dayton Leyla Haddad", "United States
/// Karim Nazari"): the index in `run` where the person starts. The person is the last two
/// or three words, none of them an organisation/place head or a known place, and either
/// looks like a person (known given name first or family name last) or follows a known place
/// or an organisation head word.
fn person_after_name_split(run: &[usize], toks: &[Token]) -> Option<usize> {
    if run.len() < 3 {
        return None;
    }
    let lex = lexicon();
    for tail_len in [2usize, 3] {
        if run.len() <= tail_len {
            continue;
        }
        let p = run.len() - tail_len;
        let tail: Vec<&str> = run[p..].iter().map(|&t| toks[t].text.as_str()).collect();
        let plain_word = |w: &&str| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().skip(1).any(char::is_lowercase)
                && !is_org_word(w)
                && !is_place_word(w)
                && !is_title(w)
                && !lex.places.contains(*w)
                && !lex.demonyms.contains(*w)
                && !lex.organisations.contains(*w)
        };
        if !tail.iter().all(plain_word) || lex.places.contains(&tail.join(" ")) {
            continue;
        }
        let head_last = toks[run[p - 1]].text.as_str();
        if is_connector(head_last) || toks[run[p - 1]].possessive {
            continue;
        }
        let person_like =
            lex.first_names.contains(tail[0]) || tail.last().is_some_and(|w| lex.last_names.contains(*w));
        let head_words: Vec<&str> = run[..p].iter().map(|&t| toks[t].text.as_str()).collect();
        let head_is_name = is_org_word(head_last)
            || lex.organisations.contains(head_last)
            || (1..=head_words.len().min(3)).any(|k| {
                let joined = head_words[head_words.len() - k..].join(" ");
                lex.places.contains(&joined) || lex.organisations.contains(&joined)
            });
        // A given name followed by family names is one person ("Mary Ann Smith").
        let head_is_given_name = head_words.len() == 1
            && lex.first_names.contains(head_words[0])
            && !lex.places.contains(head_words[0]);
        if head_is_name && !head_is_given_name && (person_like || tail_len == 2) {
            return Some(p);
        }
    }
    None
}

fn process_run(
    run: &[usize],
    toks: &[Token],
    initial: &[bool],
    vocab: &DocVocab,
    chars: &[char],
    out: &mut Vec<Cand>,
) {
    if run.is_empty() {
        return;
    }
    // Split off a leading role: the last title word followed by a non-title name.
    let mut split = None;
    for (p, &ti) in run.iter().enumerate() {
        let w = &toks[ti].text;
        let after_secretary_of = p >= 2 && toks[run[p - 1]].text == "of" && is_title(&toks[run[p - 2]].text);
        if p + 1 < run.len() && (is_title(w) || after_secretary_of) {
            split = Some(p);
        }
    }
    // "Dean Morrow": a title word that is also a given name, directly before a single surname
    // with no article before it, is the given name, unless the story uses the word as a
    // common noun ("the dean of the faculty", "the governor").
    if split == Some(0)
        && run.len() == 2
        && lexicon().first_names.contains(&toks[run[0]].text)
        && !toks[run[0]].is_all_caps()
        && !vocab.lower.contains(&toks[run[0]].text.to_lowercase())
    {
        let article_before =
            run[0] > 0 && matches!(toks[run[0] - 1].text.as_str(), "the" | "a" | "an" | "The" | "A" | "An");
        if !article_before {
            split = None;
        }
    }
    let mut name_from = 0;
    let mut titled = false;
    let mut role = None;
    if let Some(p) = split {
        let rest: Vec<&str> = run[p + 1..].iter().map(|&t| toks[t].text.as_str()).collect();
        let rest_is_org = rest.iter().any(|w| is_org_word(w) || is_place_word(w));
        let rest_connector = rest.first().is_some_and(|w| is_connector(w));
        if !rest_is_org && !rest_connector {
            name_from = p + 1;
            titled = true;
            // Prefix before the first title word (e.g. "NATO" in "NATO Secretary-General").
            let first_title = run[..=p].iter().position(|&t| is_title(&toks[t].text)).unwrap_or(0);
            let title_text = span_text(chars, toks[run[first_title]].start, toks[run[p]].end);
            if first_title > 0 {
                let prefix = &run[..first_title];
                let org = span_text(chars, toks[prefix[0]].start, toks[prefix[prefix.len() - 1]].end);
                role = Some((org, title_text));
                process_run(prefix, toks, initial, vocab, chars, out);
            } else {
                role = Some((String::new(), title_text));
            }
        }
    }
    // "Co-founder of Google", "CEO of the Housing Council": a role of an organisation or
    // place; the name is what follows the connectors.
    if name_from == 0
        && run.len() >= 3
        && is_title(&toks[run[0]].text)
        && matches!(toks[run[1]].text.as_str(), "of" | "for")
    {
        let mut rest = 1;
        while rest < run.len() && is_connector(&toks[run[rest]].text) {
            rest += 1;
        }
        if rest < run.len() {
            process_run(&run[rest..], toks, initial, vocab, chars, out);
            return;
        }
    }
    // "the NATO Head": an organisation followed by a role, no name.
    if name_from == 0 && run.len() >= 2 && is_title(&toks[run[run.len() - 1]].text) {
        process_run(&run[..run.len() - 1], toks, initial, vocab, chars, out);
        return;
    }
    // A section label such as "INTERNATIONAL:" at the start of a line.
    if run.len() == 1
        && toks[run[0]].is_all_caps()
        && toks[run[0]].newline_before
        && toks.get(run[0] + 1).is_some_and(|t| t.text == ":")
    {
        return;
    }
    // "Swedish Lars Berg", "Afghan Karim Nazari": a nationality adjective before a
    // person's name is not part of it.
    if run.len() >= name_from + 3
        && is_adherent_word(&toks[run[name_from]].text)
        && run[name_from + 1..].iter().all(|&t| toks[t].is_capitalised())
    {
        let rest: Vec<&str> = run[name_from + 1..].iter().map(|&t| toks[t].text.as_str()).collect();
        let lex = lexicon();
        if lex.first_names.contains(rest[0])
            && !rest.iter().any(|w| is_org_word(w) || is_place_word(w))
            && !lex.organisations.contains(&rest.join(" "))
        {
            name_from += 1;
        }
    }
    let name = &run[name_from..];
    // Drop trailing connectors.
    let mut end = name.len();
    while end > 0 && !toks[name[end - 1]].is_capitalised() {
        end -= 1;
    }
    let name = &name[..end];
    if name.is_empty() {
        return;
    }
    let (a, b) = (name[0], name[name.len() - 1] + 1);
    // A lone title word ("President") is not a name.
    if name.len() == 1 && is_title(&toks[a].text) && !toks[a].is_all_caps() {
        return;
    }
    let text = span_text(chars, toks[a].start, toks[b - 1].end);
    // Cues from the context.
    let prev_word = (0..a).rev().find(|&k| toks[k].is_word());
    let prev_lower_title = prev_word.is_some_and(|k| {
        let w = &toks[k].text;
        (w.chars().next().is_some_and(char::is_lowercase) && is_title(w) && k + 1 == a)
            || (k + 2 == a && toks[k + 1].text == "." && is_title_abbreviation(&toks[k]))
    });
    let next = toks.get(b);
    let next_speech = next.is_some_and(|t| t.is_word() && is_speech_verb(&t.text));
    let prev_speech = prev_word.is_some_and(|k| {
        let w = toks[k].text.as_str();
        (k + 1 == a && matches!(w, "said" | "says" | "told" | "added" | "asked"))
            || (w == "to" && k > 0 && toks[k - 1].text == "according")
    });
    let org_context = has_organisation_context(toks, a, b, prev_word);
    let appositive_role = is_appositive_of_role(toks, a, b, &text);
    let place_context = has_place_context(toks, a, b, prev_word);
    out.push(Cand {
        a,
        b,
        text,
        titled: titled || prev_lower_title || appositive_role,
        speaker: next_speech || prev_speech,
        org_context,
        place_context,
        role,
        weak_start: name.len() == 1 && initial[a],
    });
}

/// Pooled evidence for one surface form.
#[derive(Default)]
struct Evidence {
    titled: bool,
    speaker: bool,
    org_context: bool,
    place_context: bool,
    strong_mentions: usize,
}

fn classify(
    words: &[&str],
    text: &str,
    ev: &Evidence,
    surname_reused: bool,
    first_word_alone: bool,
    vocab: &DocVocab,
) -> Option<EntityKind> {
    let lex = lexicon();
    if lex.demonyms.contains(text) {
        return Some(EntityKind::Other);
    }
    if ev.titled {
        return Some(EntityKind::Person);
    }
    // "Canadian Red Cross", "Greenpeace International": a known organisation's name at the end
    // or the start of a longer name.
    let known_organisation_inside = words.len() >= 3
        && (lex.organisations.contains(&words[1..].join(" "))
            || lex.organisations.contains(&words[..words.len() - 1].join(" ")));
    if lex.organisations.contains(text) || known_organisation_inside {
        return Some(EntityKind::Organisation);
    }
    // A one-word place that the story also uses as a common noun ("Man" beside "man") needs
    // more than the gazetteer.
    let common_noun = words.len() == 1 && vocab.lower.contains(&text.to_lowercase());
    if (lex.places.contains(text) && !common_noun) || lex.place_alias.contains_key(text) {
        return Some(EntityKind::Place);
    }
    let head = words
        .iter()
        .position(|w| matches!(*w, "of" | "for" | "on"))
        .map_or(words.len() - 1, |p| p.saturating_sub(1));
    // "Centre for …", "Center for …": an institution, not a building.
    if is_org_word(words[head]) || (is_place_word(words[head]) && words.get(head + 1) == Some(&"for")) {
        return Some(EntityKind::Organisation);
    }
    if is_place_word(words[head]) && words.len() > 1 {
        return Some(EntityKind::Place);
    }
    if words.iter().any(|w| is_org_word(w)) {
        return Some(EntityKind::Organisation);
    }
    // "South Australia", "Northern Ireland", "Greater London": a compass word before a place.
    if words.len() == 2 && is_compass_word(words[0]) && lex.places.contains(words[1]) {
        return Some(EntityKind::Place);
    }
    if words.len() == 1 {
        let w = words[0];
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        let caps = w.chars().filter(|c| c.is_uppercase()).count();
        // Acronyms name organisations; with digits they are products and models ("IE6", "F16").
        // A shouted word ("UNLESS") is written in lowercase elsewhere in the story.
        if letters >= 2
            && caps == letters
            && !lexicon::is_acronym_stop(w)
            && !w.chars().any(|c| c.is_ascii_digit())
            && !vocab.lower.contains(&w.to_lowercase())
        {
            return Some(EntityKind::Organisation);
        }
        if lex.first_names.contains(w) && ev.strong_mentions > 0 {
            return Some(EntityKind::Person);
        }
        if ev.org_context && ev.strong_mentions > 0 && !lex.demonyms.contains(w) {
            return Some(EntityKind::Organisation);
        }
        if ev.place_context && ev.strong_mentions > 0 && !lex.demonyms.contains(w) {
            return Some(EntityKind::Place);
        }
        return if ev.strong_mentions > 0 { Some(EntityKind::Other) } else { None };
    }
    // Multi-word names without organisation/place heads.
    if words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit())) {
        return Some(EntityKind::Other);
    }
    let alpha =
        words.iter().all(|w| w.chars().all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.')));
    let acronym_inside = words.iter().any(|w| {
        w.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !w.contains('.')
            && w.chars().all(|c| !c.is_alphabetic() || c.is_uppercase())
    });
    // A given name that is also a place ("Regina Lam", "Elizabeth Chow") counts unless the
    // story uses that word alone as a name too ("Dallas" beside "Dallas Cowboys").
    // Leading initials ("J. Edgar Hoover") are skipped to find the given name.
    let given = words.iter().copied().find(|w| w.chars().count() > 1).unwrap_or(words[0]);
    let first_name = lex.first_names.contains(given) && !(lex.places.contains(given) && first_word_alone);
    // Romanised East Asian names: family name then a hyphenated given name ("Chan Ka-lok",
    // "Kim Min-jun").
    let romanised = words.len() == 2 && words[0].chars().count() <= 6 && is_hyphenated_given_name(words[1]);
    // "Adams Polaroids": a known organisation or brand (or its plural) ends no person's name.
    let last_is_place = words.last().is_some_and(|w| {
        lex.places.contains(*w)
            || lex.organisations.contains(*w)
            || w.strip_suffix('s').is_some_and(|singular| lex.organisations.contains(singular))
    });
    let family_name = words.len() <= 3
        && !last_is_place
        && given.chars().count() >= 3
        && words.last().is_some_and(|w| w.chars().count() >= 3 && lex.last_names.contains(*w))
        && !lex.places.contains(words[0])
        && !words.iter().any(|w| {
            lex.demonyms.contains(*w)
                || is_connector(w)
                || is_title(w)
                || vocab.lower.contains(&w.to_lowercase())
        });
    // "Google Chrome", "Mozilla Firefox": a product of a known organisation, not a person.
    let product_of_organisation = lex.organisations.contains(words[0]);
    let person_shaped = alpha && !acronym_inside && !product_of_organisation && words.len() <= 4;
    // Strong person cues first, then organisation context ("members of the Crimson Order"), then
    // the weaker family-name and surname-reuse cues.
    if person_shaped && (first_name || romanised || ev.speaker) {
        return Some(EntityKind::Person);
    }
    if ev.org_context && !words.iter().any(|w| lex.demonyms.contains(*w)) {
        return Some(EntityKind::Organisation);
    }
    let surname_reused_alone = surname_reused
        && words.len() == 2
        && !last_is_place
        && !lex.places.contains(words[0])
        && !is_connector(words[1])
        && !lex.demonyms.contains(words[1]);
    if person_shaped && (family_name || surname_reused_alone) {
        return Some(EntityKind::Person);
    }
    if ev.place_context && !words.iter().any(|w| lex.demonyms.contains(*w)) {
        return Some(EntityKind::Place);
    }
    Some(EntityKind::Other)
}

/// Place cues around the name in tokens [a, b): right after "near" ("near Lakeview"), or
/// followed by a comma and a known place ("Palo Alto, California"). ("in X" is not
/// enough: "in Counter-Strike", "in World Cup matches".)
fn has_place_context(toks: &[Token], a: usize, b: usize, prev_word: Option<usize>) -> bool {
    if prev_word.is_some_and(|k| k + 1 == a && matches!(toks[k].text.as_str(), "near" | "outside")) {
        return true;
    }
    let after_article =
        prev_word.is_some_and(|k| k + 1 == a && matches!(toks[k].text.as_str(), "the" | "The"));
    !after_article
        && toks.get(b).is_some_and(|t| t.text == ",")
        && toks.get(b + 1).is_some_and(|t| t.is_word() && lexicon().places.contains(&t.text))
        && toks.get(b + 2).is_none_or(|t| !t.is_word())
}

/// A multi-word name in apposition to a role: "the team's coach, Zorvan Quillet," or
/// "Zorvan Quillet, the team's coach". Known places and organisations are left out
/// ("Ghana, the coach said").
fn is_appositive_of_role(toks: &[Token], a: usize, b: usize, text: &str) -> bool {
    let lex = lexicon();
    if b - a < 2
        || lex.places.contains(text)
        || lex.organisations.contains(text)
        || (a..b).any(|k| is_org_word(&toks[k].text) || is_place_word(&toks[k].text))
    {
        return false;
    }
    let lower_role = |k: usize| {
        toks.get(k).is_some_and(|t| {
            t.is_word() && t.text.chars().next().is_some_and(char::is_lowercase) && is_title(&t.text)
        })
    };
    // Role, comma, name.
    if a >= 2 && toks[a - 1].text == "," && lower_role(a - 2) {
        return true;
    }
    // Name, comma, (the|a|an|his|her|its) …role within three words.
    if toks.get(b).is_some_and(|t| t.text == ",")
        && toks
            .get(b + 1)
            .is_some_and(|t| matches!(t.text.as_str(), "the" | "a" | "an" | "his" | "her" | "its" | "their"))
    {
        return (b + 2..b + 5).any(|k| lower_role(k) && toks[b + 2..k].iter().all(|t| t.is_word()));
    }
    false
}

/// Words after a name that make it an organisation: "Veritasia officials", "NRA members".
fn is_organisation_follower(w: &str) -> bool {
    matches!(
        w,
        "spokesman"
            | "spokeswoman"
            | "spokesperson"
            | "member"
            | "members"
            | "leader"
            | "leaders"
            | "leadership"
            | "official"
            | "officials"
            | "executive"
            | "executives"
            | "employee"
            | "employees"
            | "staffers"
            | "headquarters"
            | "lawmaker"
            | "lawmakers"
            | "legislator"
            | "legislators"
            | "chairman"
            | "chairwoman"
            | "founder"
            | "co-founder"
            | "board"
            | "shareholders"
            | "subsidiary"
    )
}

/// Words before "of" that make what follows an organisation: "members of X", "leader of X".
fn is_membership_word(w: &str) -> bool {
    matches!(
        w,
        "member"
            | "members"
            | "leader"
            | "leaders"
            | "leadership"
            | "chairman"
            | "chairwoman"
            | "spokesman"
            | "spokeswoman"
            | "founder"
            | "founders"
            | "head"
            | "employee"
            | "employees"
            | "staff"
            | "joined"
            | "within"
            | "quit"
            | "left"
    )
}

/// Organisation cues around the name in tokens [a, b): a following role noun, a preceding
/// membership word, a person's affiliation ("Chan Ka-lok of Civic Dawn"), or a
/// possessive before a person's name ("Newvoice's Lam Siu-ming").
fn has_organisation_context(toks: &[Token], a: usize, b: usize, prev_word: Option<usize>) -> bool {
    let lex = lexicon();
    if !toks[b - 1].possessive
        && toks.get(b).is_some_and(|t| t.is_word() && is_organisation_follower(&t.text))
    {
        return true;
    }
    // "Newvoice's Lam Siu-ming", "Civic Dawn's Mary Lee".
    let given_name_next = toks
        .get(b)
        .is_some_and(|t| t.is_word() && lex.first_names.contains(&t.text) && !lex.places.contains(&t.text));
    let romanised_next = toks.get(b + 1).is_some_and(|t| t.is_word() && is_hyphenated_given_name(&t.text));
    if toks[b - 1].possessive
        && toks.get(b).is_some_and(|t| t.is_word() && t.is_capitalised())
        && (given_name_next || romanised_next)
        && toks.get(b + 1).is_some_and(|t| t.is_word() && t.is_capitalised())
    {
        return true;
    }
    let Some(k) = prev_word else { return false };
    // Skip "the" in "members of the Crimson Order".
    let (k, skipped_the) =
        if toks[k].text == "the" && k > 0 && k + 1 == a { (k - 1, true) } else { (k, false) };
    if !(k + 1 == a || (skipped_the && k + 2 == a)) {
        return false;
    }
    let w = toks[k].text.as_str();
    if is_membership_word(w) && !matches!(w, "head") {
        return true;
    }
    if w == "of" && k > 0 {
        let before = &toks[k - 1];
        if before.is_word() && is_membership_word(&before.text.to_lowercase()) {
            return true;
        }
        // "<Given Family> of X": a person's affiliation.
        if k >= 2
            && before.is_word()
            && before.is_capitalised()
            && toks[k - 2].is_word()
            && lex.first_names.contains(&toks[k - 2].text)
        {
            return true;
        }
        if k >= 2 && before.is_word() && is_hyphenated_given_name(&before.text) {
            return true;
        }
    }
    false
}

/// A hyphenated given name of a romanised East Asian name: two short capitalised-then-lowercase
/// syllables ("Ka-lok", "Min-Jun", "Siu-ming").
fn is_hyphenated_given_name(w: &str) -> bool {
    let Some((first, second)) = w.split_once('-') else { return false };
    let syllable = |part: &str, capital_required: bool| {
        let count = part.chars().count();
        (2..=6).contains(&count)
            && part.chars().all(|c| c.is_ascii_alphabetic())
            && part.chars().skip(1).all(|c| c.is_ascii_lowercase())
            && (!capital_required || part.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
    };
    syllable(first, true) && syllable(second, false)
}

/// Nationality words that can precede a person's name as an adjective ("Afghan", "Swedish").
fn is_adherent_word(w: &str) -> bool {
    lexicon().demonyms.contains(w)
}

/// Compass and size words that make a region of a place: "South", "Northern", "Greater".
fn is_compass_word(w: &str) -> bool {
    matches!(
        w,
        "North"
            | "South"
            | "East"
            | "West"
            | "Northern"
            | "Southern"
            | "Eastern"
            | "Western"
            | "Central"
            | "Upper"
            | "Lower"
            | "Greater"
            | "Inner"
            | "Outer"
            | "Northeast"
            | "Northwest"
            | "Southeast"
            | "Southwest"
    )
}

#[derive(Debug)]
struct Ent {
    name: String,
    kind: EntityKind,
    words: Vec<String>,
    mentions: Vec<(usize, usize)>,
    /// Role organisation word(s) the person was introduced with, e.g. "NATO".
    role_org: Option<String>,
}

fn words_of(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    tokenize(&chars).into_iter().filter(|t| t.is_word()).map(|t| t.text).collect()
}

fn build_entities(cands: &[Cand], toks: &[Token], vocab: &DocVocab) -> Vec<Ent> {
    // Pool evidence by surface text.
    let mut ev: HashMap<&str, Evidence> = HashMap::new();
    for c in cands {
        let e = ev.entry(c.text.as_str()).or_default();
        e.titled |= c.titled;
        e.speaker |= c.speaker;
        e.org_context |= c.org_context;
        e.place_context |= c.place_context;
        if !c.weak_start {
            e.strong_mentions += 1;
        }
    }
    // Single words used alone somewhere (surname reuse).
    let singles: HashSet<&str> = cands.iter().filter(|c| c.b - c.a == 1).map(|c| c.text.as_str()).collect();
    let mut kinds: HashMap<&str, Option<EntityKind>> = HashMap::new();
    for (text, e) in &ev {
        let w = words_of(text);
        let wr: Vec<&str> = w.iter().map(String::as_str).collect();
        if wr.is_empty() {
            kinds.insert(text, None);
            continue;
        }
        let reused = wr.len() > 1 && singles.contains(wr[wr.len() - 1]);
        let first_word_alone = wr.len() > 1 && singles.contains(wr[0]);
        kinds.insert(text, classify(&wr, text, e, reused, first_word_alone, vocab));
    }
    // Persons first: longest names become canonical.
    let mut surfaces: Vec<&str> = ev.keys().copied().collect();
    surfaces.sort_by_key(|s| {
        (std::cmp::Reverse(words_of(s).len()), std::cmp::Reverse(ev[s].strong_mentions), s.to_string())
    });
    let mut ents: Vec<Ent> = Vec::new();
    let mut surface_ent: HashMap<&str, usize> = HashMap::new();
    let lex = lexicon();
    for s in &surfaces {
        let kind = kinds.get(s).copied().flatten();
        let w = words_of(s);
        // Person alias matching (any kind for single words that are a person's name word).
        let person_match = ents.iter().position(|e| {
            e.kind == EntityKind::Person
                && match (w.len(), kind) {
                    (1, _) => {
                        let single = &w[0];
                        let exact = e.words.len() > 1
                            && (e.words.last() == Some(single)
                                || (e.words.first() == Some(single)
                                    && lex.first_names.contains(single.as_str())));
                        let fuzzy = matches!(kind, None | Some(EntityKind::Other) | Some(EntityKind::Person))
                            && !lex.places.contains(single.as_str())
                            && e.words.len() > 1
                            && e.words.last().is_some_and(|l| aliases::same_name_token(single, l));
                        exact || fuzzy
                    }
                    (n, Some(EntityKind::Person)) | (n, Some(EntityKind::Other)) if n >= 2 => {
                        // Same name with a misspelt or dropped word.
                        (n == e.words.len()
                            && w.iter().zip(&e.words).all(|(a, b)| aliases::same_name_token(a, b)))
                            || (n < e.words.len() && is_subsequence(&w, &e.words))
                    }
                    _ => false,
                }
        });
        if let Some(p) = person_match {
            surface_ent.insert(s, p);
            continue;
        }
        let Some(kind) = kind else { continue };
        // Organisation acronyms and places' aliases.
        let canonical = match kind {
            EntityKind::Place => lex.place_alias.get(*s).cloned().unwrap_or_else(|| s.to_string()),
            _ => s.to_string(),
        };
        let existing = ents.iter().position(|e| {
            (e.kind == kind && e.name == canonical)
                // Acronyms of organisations and of facilities ("GSFC" for "Goddard Space Flight Center").
                || (kind == EntityKind::Organisation
                    && w.len() == 1
                    && matches!(e.kind, EntityKind::Organisation | EntityKind::Place)
                    && e.words.len() >= 2
                    && {
                        let iw: Vec<&str> = e.words.iter().map(String::as_str).collect();
                        aliases::initials(&iw) == w[0].replace('.', "")
                    })
        });
        if let Some(x) = existing {
            surface_ent.insert(s, x);
            continue;
        }
        // A distinctive word of an organisation's name: "Scientology" in "Church of Scientology".
        if w.len() == 1 && matches!(kind, EntityKind::Other) {
            let single = &w[0];
            if let Some(x) = ents.iter().position(|e| {
                e.kind == EntityKind::Organisation
                    && e.words.len() > 1
                    && e.words.iter().any(|x| x == single)
                    && !is_org_word(single)
                    && !is_place_word(single)
                    && !lex.demonyms.contains(single.as_str())
            }) {
                surface_ent.insert(s, x);
                continue;
            }
        }
        ents.push(Ent {
            name: canonical.clone(),
            kind,
            words: words_of(&canonical),
            mentions: Vec::new(),
            role_org: None,
        });
        surface_ent.insert(s, ents.len() - 1);
    }
    for c in cands {
        if let Some(&e) = surface_ent.get(c.text.as_str()) {
            // A weak sentence-initial single word joins only when the entity is also seen elsewhere.
            let ent = &mut ents[e];
            ent.mentions.push((toks[c.a].start, toks[c.b - 1].end));
            if ent.kind == EntityKind::Person
                && ent.role_org.is_none()
                && let Some((org, _)) = &c.role
                && !org.is_empty()
            {
                ent.role_org = Some(org.clone());
            }
        }
    }
    // Drop entities whose only evidence is weak sentence-initial single words.
    let strong: HashSet<usize> = cands
        .iter()
        .filter(|c| !c.weak_start)
        .filter_map(|c| surface_ent.get(c.text.as_str()).copied())
        .collect();
    for (i, e) in ents.iter_mut().enumerate() {
        if !strong.contains(&i) && e.kind == EntityKind::Other {
            e.mentions.clear();
        }
    }
    ents
}

/// A country or city that acts in the story ("Chile evacuated 80 people", "Norway
/// defeated Chile", "Peru faced Ghana") stands for its government or team: news
/// annotation types it as an organisation. A place entity is retyped when at least three of
/// its mentions are the subject of a verb or the object of a contest verb and such mentions
/// outnumber the mentions after a place preposition ("in Norway", "to Norway").
fn retype_acting_places(ents: &mut [Ent], toks: &[Token]) {
    let token_at: HashMap<usize, usize> =
        toks.iter().enumerate().map(|(index, token)| (token.start, index)).collect();
    for entity in ents.iter_mut() {
        if entity.kind != EntityKind::Place
            || entity.mentions.len() < 2
            || entity.words.iter().any(|w| is_place_word(w))
        {
            continue;
        }
        let mut acting = 0usize;
        let mut located = 0usize;
        for &(start, end) in &entity.mentions {
            let Some(&first) = token_at.get(&start) else { continue };
            let mut last = first;
            while last + 1 < toks.len() && toks[last + 1].end <= end {
                last += 1;
            }
            if first > 0 && toks[first - 1].is_word() {
                let previous = toks[first - 1].text.as_str();
                if is_place_preposition(previous) {
                    located += 1;
                    continue;
                }
                if is_contest_verb(previous) {
                    acting += 1;
                    continue;
                }
            }
            // A score line "Peru 3 – 0 Ghana" names two teams.
            if is_score_after(toks, last + 1) || (first >= 3 && is_score_after(toks, first - 3)) {
                acting += 2;
                continue;
            }
            if toks[last].possessive {
                continue;
            }
            if toks.get(last + 1).is_some_and(|next| next.is_word() && is_acting_verb(&next.text)) {
                acting += 1;
            }
        }
        if acting >= 3 && acting > located {
            entity.kind = EntityKind::Organisation;
        }
    }
}

/// Tokens from `at` are a match score: a number, a dash or colon, a number ("3 – 0", "1-2").
fn is_score_after(toks: &[Token], at: usize) -> bool {
    let number = |k: usize| {
        toks.get(k)
            .is_some_and(|t| t.is_word() && t.text.len() <= 2 && t.text.chars().all(|c| c.is_ascii_digit()))
    };
    if number(at)
        && toks.get(at + 1).is_some_and(|t| matches!(t.text.as_str(), "–" | "-" | "—" | ":"))
        && number(at + 2)
    {
        return true;
    }
    // "1-2" can be one word token.
    toks.get(at).is_some_and(|t| {
        t.is_word()
            && t.text.split_once('-').is_some_and(|(a, b)| {
                !a.is_empty()
                    && !b.is_empty()
                    && a.len() <= 2
                    && b.len() <= 2
                    && a.chars().chain(b.chars()).all(|c| c.is_ascii_digit())
            })
    })
}

/// Prepositions that put a place in its locative role: "in Norway", "from Lima".
fn is_place_preposition(w: &str) -> bool {
    matches!(
        w,
        "in" | "at"
            | "from"
            | "into"
            | "across"
            | "throughout"
            | "near"
            | "inside"
            | "outside"
            | "around"
            | "within"
            | "to"
            | "toward"
            | "towards"
            | "through"
            | "visit"
            | "visited"
            | "visiting"
            | "entered"
            | "enter"
    )
}

/// Verbs and prepositions whose object is a competitor or party: "defeated Ghana", "against England".
fn is_contest_verb(w: &str) -> bool {
    matches!(
        w,
        "against"
            | "faced"
            | "facing"
            | "faces"
            | "defeated"
            | "defeating"
            | "beat"
            | "beating"
            | "beats"
            | "vs"
            | "versus"
            | "v"
            | "awarded"
            | "accused"
            | "urged"
            | "sanctioned"
    )
}

/// A finite verb right after a name makes the name the actor: "Chile says", "Norway
/// defeated", "Peru had". Copulas are left out ("Texas is a state").
fn is_acting_verb(w: &str) -> bool {
    if is_speech_verb(w) {
        return true;
    }
    if matches!(
        w,
        "has"
            | "had"
            | "have"
            | "will"
            | "would"
            | "could"
            | "should"
            | "must"
            | "can"
            | "wins"
            | "won"
            | "lost"
            | "loses"
            | "beat"
            | "beats"
            | "made"
            | "makes"
            | "took"
            | "takes"
            | "began"
            | "begins"
            | "plans"
            | "wants"
            | "needs"
            | "leads"
            | "led"
            | "winning"
            | "losing"
            | "drew"
            | "draws"
            | "scored"
            | "scores"
            | "opened"
            | "opens"
            | "signed"
            | "signs"
            | "sent"
            | "sends"
            | "launched"
            | "launches"
            | "threatens"
            | "denies"
            | "accuses"
            | "refuses"
            | "agrees"
            | "responds"
            | "started"
            | "starts"
            | "faced"
            | "faces"
            | "defeated"
            | "played"
            | "plays"
    ) {
        return true;
    }
    let letters = w.chars().count();
    letters >= 5
        && w.ends_with("ed")
        && w.chars().all(|c| c.is_ascii_lowercase())
        && !matches!(
            w,
            "based"
                | "located"
                | "situated"
                | "called"
                | "named"
                | "listed"
                | "ranked"
                | "united"
                | "related"
                | "owned"
                | "controlled"
                | "linked"
                | "occupied"
                | "annexed"
                | "affected"
                | "hosted"
                | "populated"
                | "governed"
        )
}

/// Head words of facilities and areas that are named after a place ("Metro Vancouver Convention
/// Centre", "Kazan Arena", "Vancouver Island"): places nested in them are places
/// of their own.
fn is_facility_word(w: &str) -> bool {
    matches!(
        w,
        "Station"
            | "Airport"
            | "Island"
            | "City"
            | "County"
            | "Province"
            | "District"
            | "Stadium"
            | "Arena"
            | "Centre"
            | "Center"
            | "Hall"
            | "Hospital"
            | "Museum"
            | "Bridge"
            | "Terminal"
            | "Port"
            | "Harbour"
            | "Harbor"
    )
}

/// The longest nested name tried inside a longer one, in words.
const MAX_NESTED_WORDS: usize = 5;

/// Names nested in longer organisation and other names are entities of their own: "United
/// States" in "United States Navy", "Texas" in "University of Texas", "Google" in "Google
/// Code Jam", "Ansel Adams" in "Ansel Adams Photography Trust". A nested span
/// counts when it is a known place (gazetteer, or the text of a place mention elsewhere in the
/// story), a person's full name used elsewhere in the story, or a one-word known organisation
/// (gazetteer). People's names are not searched, nor places' names except facilities named
/// after a place ("Metro Vancouver Convention Centre"); "Western Australia" is one place.
fn add_nested_mentions(ents: &mut Vec<Ent>, toks: &[Token], chars: &[char]) {
    let lex = lexicon();
    let mut known: HashMap<String, usize> = HashMap::new();
    for (index, entity) in ents.iter().enumerate() {
        let multi_word_person = entity.kind == EntityKind::Person && entity.words.len() >= 2;
        if entity.kind != EntityKind::Place && !multi_word_person {
            continue;
        }
        for &(a, b) in &entity.mentions {
            // A person's lone surname counts too ("Adams" in "Adams Polaroids").
            let mention = span_text(chars, a, b);
            let surname_only = entity.words.last().is_some_and(|last| *last == mention)
                && mention.chars().count() >= 4
                && !lex.places.contains(&mention)
                && !lex.organisations.contains(&mention);
            if multi_word_person && mention.split_whitespace().count() < 2 && !surname_only {
                continue;
            }
            known.entry(span_text(chars, a, b)).or_insert(index);
        }
    }
    let token_at: HashMap<usize, usize> =
        toks.iter().enumerate().map(|(index, token)| (token.start, index)).collect();
    // (start, end, the parent is an "other" name, whose all-caps words are acronyms of organisations).
    let mut parents: Vec<(usize, usize, bool)> = Vec::new();
    for entity in ents.iter() {
        let facility = entity.kind == EntityKind::Place
            && entity.words.len() >= 2
            && entity.words.last().is_some_and(|w| is_facility_word(w))
            && !is_compass_word(&entity.words[0]);
        if matches!(entity.kind, EntityKind::Organisation | EntityKind::Other) || facility {
            let other = entity.kind == EntityKind::Other;
            parents.extend(entity.mentions.iter().map(|&(start, end)| (start, end, other)));
        }
    }
    let mut added: Vec<(usize, usize, usize)> = Vec::new();
    let mut created: HashMap<String, usize> = HashMap::new();
    for (parent_start, parent_end, other_parent) in parents {
        let Some(&first) = token_at.get(&parent_start) else { continue };
        let mut last = first;
        while last + 1 < toks.len() && toks[last + 1].end <= parent_end {
            last += 1;
        }
        if last == first {
            continue;
        }
        // Shouted text ("DO NOT ENTER UNLESS INVITED") has no acronyms.
        let mixed_case_parent = (first..=last).any(|k| toks[k].is_word() && !toks[k].is_all_caps());
        let mut x = first;
        while x <= last {
            if !toks[x].is_word() || !toks[x].is_capitalised() {
                x += 1;
                continue;
            }
            let mut found = None;
            for len in (1..=MAX_NESTED_WORDS.min(last + 1 - x)).rev() {
                let y = x + len - 1;
                if (x == first && y == last) || !toks[y].is_capitalised() {
                    continue;
                }
                let text = span_text(chars, toks[x].start, toks[y].end);
                if let Some(&index) = known.get(&text) {
                    found = Some((y, Some(index), text));
                    break;
                }
                // "ROBO" in "ROBO Global Cup", "NASA" in "NASA T-shirt".
                let acronym = len == 1
                    && x == first
                    && other_parent
                    && mixed_case_parent
                    && (3..=5).contains(&toks[x].text.chars().count())
                    && toks[x].is_all_caps()
                    && toks[x].text.chars().all(|c| c.is_alphabetic())
                    && !lexicon::is_acronym_stop(&toks[x].text);
                if lex.places.contains(&text) || (len == 1 && lex.organisations.contains(&text)) || acronym {
                    found = Some((y, None, text));
                    break;
                }
            }
            let Some((y, mut index, mut text)) = found else {
                x += 1;
                continue;
            };
            // "Southern Ohio" in "University of Southern Ohio": a compass word before a
            // nested place belongs to it.
            let is_nested_place = match index {
                Some(known_index) => ents[known_index].kind == EntityKind::Place,
                None => lex.places.contains(&text),
            };
            if is_nested_place
                && x > first
                && toks[x - 1].is_word()
                && is_compass_word(&toks[x - 1].text)
                && !(x - 1 == first && y == last)
            {
                x -= 1;
                text = span_text(chars, toks[x].start, toks[y].end);
                index = known.get(&text).copied();
            }
            let is_compass_place = is_nested_place && is_compass_word(&toks[x].text);
            let index = match index {
                Some(index) => index,
                None => {
                    let is_place = is_compass_place
                        || (lex.places.contains(&text) && !lex.organisations.contains(&text));
                    let (kind, canonical) = if is_place {
                        (
                            EntityKind::Place,
                            lex.place_alias.get(&text).cloned().unwrap_or_else(|| text.clone()),
                        )
                    } else {
                        (EntityKind::Organisation, text.clone())
                    };
                    match ents
                        .iter()
                        .position(|e| e.kind == kind && e.name == canonical)
                        .or_else(|| created.get(&canonical).copied())
                    {
                        Some(index) => index,
                        None => {
                            ents.push(Ent {
                                name: canonical.clone(),
                                kind,
                                words: words_of(&canonical),
                                mentions: Vec::new(),
                                role_org: None,
                            });
                            created.insert(canonical, ents.len() - 1);
                            ents.len() - 1
                        }
                    }
                }
            };
            added.push((index, toks[x].start, toks[y].end));
            x = y + 1;
        }
    }
    for (index, start, end) in added {
        ents[index].mentions.push((start, end));
    }
}

fn is_subsequence(short: &[String], long: &[String]) -> bool {
    let mut it = long.iter();
    short.iter().all(|s| it.any(|l| aliases::same_name_token(s, l)))
}

/// Title-case lines (headlines): add mentions of names already known from the body.
fn add_title_line_mentions(ents: &mut [Ent], toks: &[Token], title_line: &[bool], chars: &[char]) {
    let mut known: HashMap<String, usize> = HashMap::new();
    for (i, e) in ents.iter().enumerate() {
        for &(a, b) in &e.mentions {
            known.entry(span_text(chars, a, b)).or_insert(i);
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
            let text = span_text(chars, toks[i].start, toks[i + len - 1].end);
            if let Some(&e) = known.get(&text) {
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

/// Role phrases for a person introduced with a role: "NATO Secretary-General Jens Stoltenberg"
/// makes "the NATO Head" and "NATO's secretary general" mentions of him.
fn add_role_mentions(ents: &mut [Ent], cands: &[Cand], toks: &[Token], _chars: &[char]) {
    let mut by_org: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, e) in ents.iter().enumerate() {
        if let Some(org) = &e.role_org {
            by_org.entry(org.clone()).or_default().push(i);
        }
    }
    let covered: HashSet<usize> = cands.iter().filter(|c| c.titled).map(|c| c.a).collect();
    for (org, people) in by_org {
        if people.len() != 1 {
            continue;
        }
        let p = people[0];
        for i in 0..toks.len() {
            if toks[i].text != org {
                continue;
            }
            let mut j = i + 1;
            let mut end = None;
            while j < toks.len() && j <= i + 3 {
                let w = toks[j].text.to_lowercase();
                if !toks[j].is_word() {
                    break;
                }
                if matches!(
                    w.as_str(),
                    "head"
                        | "chief"
                        | "leader"
                        | "boss"
                        | "secretary-general"
                        | "secretary"
                        | "general"
                        | "president"
                        | "chairman"
                        | "chairwoman"
                        | "chair"
                ) {
                    end = Some(j);
                    j += 1;
                } else {
                    break;
                }
            }
            let Some(e) = end else { continue };
            // Not when the role is followed by the name itself.
            if covered.contains(&(e + 1))
                || toks.get(e + 1).is_some_and(|t| t.is_capitalised() && t.is_word())
            {
                continue;
            }
            ents[p].mentions.push((toks[i].start, toks[e].end));
        }
    }
}

fn finish(ents: Vec<Ent>) -> Vec<Entity> {
    let mut out: Vec<Entity> = Vec::new();
    let mut seen: HashMap<(String, EntityKind), usize> = HashMap::new();
    for e in ents {
        if e.mentions.is_empty() {
            continue;
        }
        let key = (e.name.clone(), e.kind);
        let idx = *seen.entry(key).or_insert_with(|| {
            out.push(Entity { name: e.name.clone(), kind: e.kind, mentions: Vec::new() });
            out.len() - 1
        });
        for (a, b) in e.mentions {
            out[idx].mentions.push(Mention { text: String::new(), start: a, end: b });
        }
    }
    out
}

/// Fill mention texts from the body (done last so offsets and texts always agree).
fn fill_texts(body_chars: &[char], ents: &mut [Entity]) {
    for e in ents.iter_mut() {
        e.mentions.sort_by_key(|m| (m.start, m.end));
        e.mentions.dedup_by_key(|m| (m.start, m.end));
        for m in &mut e.mentions {
            m.text = span_text(body_chars, m.start, m.end);
        }
    }
}

/// Sort, dedupe and fill mention texts from the body (last, so offsets and texts agree).
fn finalize(body: &str, mut ents: Vec<Entity>) -> Vec<Entity> {
    let chars: Vec<char> = body.chars().collect();
    fill_texts(&chars, &mut ents);
    ents.sort_by_key(|e| e.mentions.first().map_or(usize::MAX, |m| m.start));
    ents
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A seed-shaped story written for these tests (not the seed file).
    const STORY: &str = "WTO Head Says Trade Rift with China will be Hard to Mend\n\nGLOBAL: The gap between China and the WTO over tariffs will be hard to close, the head of the trade body, Ngozi Okonjo-Iweal has said on Tuesday, after six hours of talks in Geneva.\n\nWTO Director-General Ngozi Okonjo-Iweala says that there are deep differences between members and China, and that they will not be easy to bridge.\n\nWTO Director-General Ngozi Okonjo-Iweala has said; \"China raised the proposals that it published in March, aimed at addressing its concerns about subsidies and market access.\"\n\n\"On dispute settlement, all members are united on the principle that the rules must apply to every nation.\"\n\nThe WTO Head has said any new tariffs would be a serious mistake for which China would pay a high price.\n\nHowever, Okonjo-Iweala said the WTO was ready for further talks with Beijing. \"We will meet again in May,\" she said.\n\nMr. Robert Lighthizer, a former U.S. trade official, told reporters: \"Nothing has changed in Washington.\"";

    fn entity<'a>(ents: &'a [Entity], name: &str) -> &'a Entity {
        ents.iter().find(|e| e.name == name).unwrap_or_else(|| panic!("no entity {name} in {ents:#?}"))
    }

    #[test]
    fn seed_shaped_story_merges_aliases() {
        let ents = find(STORY);
        let p = entity(&ents, "Ngozi Okonjo-Iweala");
        assert_eq!(p.kind, EntityKind::Person);
        let texts: Vec<&str> = p.mentions.iter().map(|m| m.text.as_str()).collect();
        assert!(texts.contains(&"Ngozi Okonjo-Iweal"), "misspelling merged: {texts:?}");
        assert!(texts.contains(&"Okonjo-Iweala"), "surname merged: {texts:?}");
        assert!(texts.contains(&"WTO Head"), "role merged: {texts:?}");
        assert_eq!(entity(&ents, "WTO").kind, EntityKind::Organisation);
        assert_eq!(entity(&ents, "China").kind, EntityKind::Place);
        assert_eq!(entity(&ents, "Geneva").kind, EntityKind::Place);
        assert_eq!(entity(&ents, "United States").kind, EntityKind::Place);
        assert_eq!(entity(&ents, "Robert Lighthizer").kind, EntityKind::Person);
        let chars: Vec<char> = STORY.chars().collect();
        for e in &ents {
            for m in &e.mentions {
                assert_eq!(chars[m.start..m.end].iter().collect::<String>(), m.text);
            }
        }
    }

    #[test]
    fn seed_shaped_story_attributes_quotes() {
        let ents = find(STORY);
        let quotes = crate::quotes::find(STORY, &ents);
        let speaker = |start: &str| {
            quotes
                .iter()
                .find(|q| q.text.starts_with(start))
                .unwrap_or_else(|| panic!("no quote {start} in {quotes:#?}"))
                .speaker
                .clone()
        };
        let ngozi = Some("Ngozi Okonjo-Iweala".to_owned());
        assert_eq!(speaker("China raised"), ngozi, "'X has said; \"…\"'");
        assert_eq!(speaker("On dispute settlement"), ngozi, "continuation paragraph");
        assert_eq!(speaker("We will meet again"), ngozi, "she said → most recent person");
        assert_eq!(speaker("Nothing has changed"), Some("Robert Lighthizer".to_owned()));
        assert_eq!(quotes.len(), 4);
    }

    fn kind_of(ents: &[Entity], name: &str) -> EntityKind {
        entity(ents, name).kind
    }

    fn mention_texts(ents: &[Entity]) -> Vec<(String, EntityKind)> {
        ents.iter().flat_map(|e| e.mentions.iter().map(move |m| (m.text.clone(), e.kind))).collect()
    }

    #[test]
    fn names_nested_in_longer_names_are_entities_too() {
        let ents = find(
            "The United States Navy sent two ships. She studies at the University of Texas in Austin, and won the Google Code Jam last year.",
        );
        let mentions = mention_texts(&ents);
        assert!(
            mentions.contains(&("United States Navy".to_owned(), EntityKind::Organisation)),
            "{mentions:?}"
        );
        assert!(mentions.contains(&("United States".to_owned(), EntityKind::Place)), "{mentions:?}");
        assert!(
            mentions.contains(&("University of Texas".to_owned(), EntityKind::Organisation)),
            "{mentions:?}"
        );
        assert!(mentions.contains(&("Texas".to_owned(), EntityKind::Place)), "{mentions:?}");
        assert!(mentions.contains(&("Google".to_owned(), EntityKind::Organisation)), "{mentions:?}");
    }

    #[test]
    fn an_organisation_and_a_person_side_by_side_are_split() {
        let ents = find("Chemistry student at University of Ohio Dayton Leyla Haddad heard of the incident.");
        assert_eq!(kind_of(&ents, "University of Ohio Dayton"), EntityKind::Organisation);
        assert!(ents.iter().any(|e| e.name == "Leyla Haddad"), "{ents:#?}");
        let ents = find("Voters backed the Labour Party and Frederick Moss in the district.");
        assert_eq!(kind_of(&ents, "Labour Party"), EntityKind::Organisation);
        assert_eq!(kind_of(&ents, "Frederick Moss"), EntityKind::Person);
    }

    #[test]
    fn places_acting_as_teams_or_governments_are_organisations() {
        let sport = find(
            "Norway defeated Chile 1 – 0 on Monday. Norway had more of the ball, and Norway scored from a penalty. Norway faced Germany next.",
        );
        assert_eq!(kind_of(&sport, "Norway"), EntityKind::Organisation);
        let travel = find(
            "She moved to Norway in 2010. Norway has long winters. Life in Norway is calm, she said from Norway.",
        );
        assert_eq!(kind_of(&travel, "Norway"), EntityKind::Place);
    }

    #[test]
    fn regions_of_places_and_international_names() {
        let ents = find(
            "Children in South Australia lack vitamins. Australia has a plan, Mary Smith said. Chan Ka-lok of Civic Dawn won a seat. Thibaut Lemaire scored twice.",
        );
        assert_eq!(kind_of(&ents, "South Australia"), EntityKind::Place);
        assert_eq!(kind_of(&ents, "Australia"), EntityKind::Place);
        assert_eq!(kind_of(&ents, "Chan Ka-lok"), EntityKind::Person);
        assert_eq!(kind_of(&ents, "Thibaut Lemaire"), EntityKind::Person);
    }

    #[test]
    fn capitalisation_statistics_and_known_pairs() {
        let ents = find(
            "The sign read: DO NOT ENTER UNLESS INVITED. Nobody enters unless invited. The Home Office said so.",
        );
        assert!(!ents.iter().any(|e| e.name == "UNLESS" && e.kind == EntityKind::Organisation), "{ents:#?}");
        assert_eq!(kind_of(&ents, "Home Office"), EntityKind::Organisation);
        let ents = find("The IE6 browser is old. Microsoft dropped IE6 in 2016.");
        assert!(!ents.iter().any(|e| e.name == "IE6" && e.kind == EntityKind::Organisation), "{ents:#?}");
    }

    #[test]
    fn context_cues_type_unknown_names() {
        let ents = find(
            "Critics say Veritasia officials declined to comment. Members of the Crimson Order sign a contract. Chan Ka-lok of Civic Dawn won, and Newvoice's Lam Siu-ming lost.",
        );
        assert_eq!(kind_of(&ents, "Veritasia"), EntityKind::Organisation);
        assert_eq!(kind_of(&ents, "Crimson Order"), EntityKind::Organisation);
        assert_eq!(kind_of(&ents, "Civic Dawn"), EntityKind::Organisation);
        assert_eq!(kind_of(&ents, "Newvoice"), EntityKind::Organisation);
        let ents = find(
            "According to the team's coach, Zorvan Quillet, the robot scored twice. The event was held in Palo Alto, California.",
        );
        assert_eq!(kind_of(&ents, "Zorvan Quillet"), EntityKind::Person);
        assert_eq!(kind_of(&ents, "Palo Alto"), EntityKind::Place);
    }

    #[test]
    fn initials_stay_inside_names_and_products_are_not_people() {
        let ents = find("The bureau was led by the lawyer J. Edgar Hoover for decades. Hoover died in 1972.");
        let hubbard = entity(&ents, "J. Edgar Hoover");
        assert_eq!(hubbard.kind, EntityKind::Person);
        assert_eq!(hubbard.mentions.len(), 2, "{hubbard:#?}");
        let ents = find(
            "Users of Google Chrome and Mozilla Firefox were warned. Google Chrome was patched on Monday.",
        );
        assert!(!ents.iter().any(|e| e.name == "Google Chrome" && e.kind == EntityKind::Person), "{ents:#?}");
    }

    #[test]
    fn nested_regions_surnames_and_acronyms() {
        let ents = find(
            "She teaches at the University of Southern Ohio. Ansel Adams took photographs; the Adams Polaroids were donated. Adams died in 1984. The ROBO Global Cup took place this week.",
        );
        let mentions = mention_texts(&ents);
        assert!(mentions.contains(&("Southern Ohio".to_owned(), EntityKind::Place)), "{mentions:?}");
        assert!(mentions.contains(&("Adams".to_owned(), EntityKind::Person)), "{mentions:?}");
        assert!(mentions.contains(&("ROBO".to_owned(), EntityKind::Organisation)), "{mentions:?}");
    }

    #[test]
    fn given_name_titles_known_organisations_and_areas() {
        let ents = find("The competition was founded by Dean Morrow in 1989. Morrow said it grew.");
        assert_eq!(kind_of(&ents, "Dean Morrow"), EntityKind::Person);
        let ents = find(
            "The dean of the faculty, Dean Smith, spoke. Governor Jones agreed with the governor's aide.",
        );
        assert!(ents.iter().any(|e| e.name == "Jones" && e.kind == EntityKind::Person), "{ents:#?}");
        let ents =
            find("Volunteers of the Canadian Red Cross helped voters in the Vancouver Island constituency.");
        assert_eq!(kind_of(&ents, "Canadian Red Cross"), EntityKind::Organisation);
        let mentions = mention_texts(&ents);
        assert!(mentions.contains(&("Vancouver".to_owned(), EntityKind::Place)), "{mentions:?}");
    }

    fn token() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("Mr.".to_owned()),
            Just("President".to_owned()),
            Just("Smith".to_owned()),
            Just("Smyth".to_owned()),
            Just("of".to_owned()),
            Just("said".to_owned()),
            Just("\"".to_owned()),
            Just("“".to_owned()),
            Just("”".to_owned()),
            Just("«".to_owned()),
            Just("„".to_owned()),
            Just("'s".to_owned()),
            Just("U.S.".to_owned()),
            Just("\n\n".to_owned()),
            Just("ÉTAT".to_owned()),
            Just("İstanbul".to_owned()),
            Just("ß".to_owned()),
            "[A-Z][a-z]{0,8}",
            "[A-Z]{1,6}",
            "[ .,;:!?'\"-]{1,3}",
            "\\PC{1,4}",
        ]
    }

    proptest! {
        #[test]
        fn any_text_gives_valid_spans(parts in proptest::collection::vec(token(), 0..60), seps in proptest::collection::vec(prop_oneof![Just(" "), Just(""), Just("\n")], 60)) {
            let text: String = parts.iter().zip(seps.iter().cycle()).map(|(p, s)| format!("{p}{s}")).collect();
            let chars: Vec<char> = text.chars().collect();
            let ents = find(&text);
            for e in &ents {
                prop_assert!(!e.name.trim().is_empty());
                for m in &e.mentions {
                    prop_assert!(m.start < m.end && m.end <= chars.len());
                    prop_assert_eq!(chars[m.start..m.end].iter().collect::<String>(), m.text.clone());
                }
            }
            for q in crate::quotes::find(&text, &ents) {
                prop_assert!(q.start < q.end && q.end <= chars.len());
                prop_assert_eq!(chars[q.start..q.end].iter().collect::<String>(), q.text.clone());
            }
            let _ = crate::summary::summarise(&text, Some(&text));
            let _ = crate::keywords::extract(&text, None, &ents);
            let _ = crate::topics::classify(&text, None, &ents);
            let f = crate::fingerprint::fingerprint(&text);
            prop_assert!(f.is_empty() || crate::fingerprint::similarity(&f, &f) == 1.0);
        }
    }
}
