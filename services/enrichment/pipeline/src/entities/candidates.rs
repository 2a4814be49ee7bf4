//! Candidate names: runs of capitalised words (with connectors inside organisation and place
//! names, particles inside people's names), split where two names stand side by side, with
//! leading titles and roles split off, and the context cues of each.

use super::context::{
    has_organisation_context, has_place_context, is_appositive_of_role, is_possessive_before_body,
    is_possessive_before_person,
};
use super::doc::{DocVocab, initial_is_name, is_name_word, is_title_abbreviation};
use super::lexicon::{
    context_cues, cue, is_connector, is_field_word, is_non_name, is_org_word, is_particle, is_place_word,
    is_title, is_title_with_cues, lexicon,
};
use super::tokens::{CharText, Token};

/// A candidate name span.
#[derive(Debug, Clone)]
pub(super) struct Cand<'a> {
    /// Token range [a, b).
    pub a: usize,
    pub b: usize,
    /// The span's text, a slice of the body.
    pub text: &'a str,
    /// Introduced by a title/role word.
    pub titled: bool,
    /// Subject or object of a speech verb ("X said", "said X", "according to X").
    pub speaker: bool,
    /// Role prefix: (organisation/place word before the title, title words).
    pub role: Option<(&'a str, &'a str)>,
    /// Every word of the span is sentence-initial-ambiguous (single word at sentence start).
    pub weak_start: bool,
    /// Right after the definite article: "the Velvet Underground", "the Silver Clouds".
    pub after_the: bool,
    /// Context typical of an organisation: "Veritasia officials", "members of X",
    /// "Civic Dawn's Wong Siu-ming", "Chan Ka-lok of Civic Dawn".
    pub org_context: bool,
    /// Context typical of a place: "near Lakeview", "Palo Alto, California".
    pub place_context: bool,
    /// Followed by a system noun ("the ICI system", "the NEMISIS database").
    pub before_system_noun: bool,
    /// "the Monti government", "the Obama administration": names whoever heads it.
    pub heads_government: bool,
    /// Right after a noun for a creative work or vessel: "the graphic novel Angel Catbird".
    pub work_title: bool,
    /// A possessive before a person's name ("Demosisto's Nathan Law") or an organisation's
    /// or building's name ("the Smithsonian's National Air and Space Museum"): the owner
    /// is an organisation, even at a sentence start.
    pub owner: bool,
}

/// Candidate name spans: runs of capitalised words (see the module documentation).
pub(super) fn candidates<'a>(
    toks: &[Token<'a>],
    initial: &[bool],
    title_line: &[bool],
    vocab: &DocVocab,
    body: &CharText<'a, '_>,
) -> Vec<Cand<'a>> {
    let lex = lexicon();
    let mut out = Vec::new();
    // Every token index in order: a run of tokens [from, j) is the slice `&token_indices[from..j]`
    // (a vector of indices collected for every run was an allocation per candidate).
    let token_indices: Vec<usize> = (0..toks.len()).collect();
    let mut i = 0;
    while i < toks.len() {
        // A known two-word name may start with a word that is not a name alone ("Home Office")
        // or open a sentence, and so may a body named after a place ("Team Estonia had…").
        let name_word = is_name_word(&toks[i]);
        let gazetteer_pair = (!name_word || initial[i])
            && toks[i].is_word()
            && toks[i].is_capitalised()
            && toks.get(i + 1).is_some_and(|next| {
                next.is_word() && !next.newline_before && {
                    let pair = body.span(toks[i].start, next.end);
                    // "Team Estonia", "Police Scotland": a body word before a known place.
                    let body_of_place = is_org_word(toks[i].text) && lex.places.contains(next.text);
                    lex.organisations.contains(pair) || lex.places.contains(pair) || body_of_place
                }
            });
        if title_line[i]
            || !(name_word || gazetteer_pair)
            || (initial[i] && !gazetteer_pair && !initial_is_name(&toks[i], vocab) && !is_title(toks[i].text))
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
            // "Evergreen Aviation & Space Museum", "Procter & Gamble": an ampersand between
            // capitalised words joins them into one name (it is a punctuation token, so the
            // word connectors below do not see it); "Texas & Oklahoma", "Mary Smith & John
            // Brown" stay two names.
            if t.text == "&" && ampersand_joins(toks, i, j) {
                j += 2;
                continue;
            }
            // Connectors: "University of Southern Indiana", "Daughters of the American Revolution",
            // "Ludwig van Beethoven".
            if t.is_word() && is_connector(t.text) {
                let mut k = j;
                while k < toks.len()
                    && k < j + 2
                    && toks[k].is_word()
                    && is_connector(toks[k].text)
                    && !toks[k].newline_before
                {
                    k += 1;
                }
                if k < toks.len() && is_name_word(&toks[k]) && !toks[k].newline_before {
                    let prev = toks[j - 1].text;
                    let org_like = is_org_word(prev)
                        || is_place_word(prev)
                        || is_title(prev)
                        || matches!(prev, "Daughters" | "Sons" | "Friends" | "House" | "Bank" | "Secretary");
                    // "Australian Centre for Study of Water Quality": once an
                    // organisation head has been linked by "for", "of" may follow later.
                    let org_name_goes_on = t.text == "of"
                        && (i..j).any(|x| toks[x].text == "for")
                        && (i..j).any(|x| is_org_word(toks[x].text) || is_place_word(toks[x].text));
                    let person_follows = lex.first_names.contains(toks[k].text)
                        && !is_org_word(toks[k].text)
                        && !lex.places.contains(toks[k].text);
                    let ok = match t.text {
                        // "Kennedy Space Center on STS-1": "on" before a code or number
                        // ends the name ("Council on Foreign Relations" goes on).
                        "on" if toks[k].text.chars().any(|c| c.is_ascii_digit()) => false,
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
            // "James To", "Wilson Or", "Theresa May": mid-sentence, a short capitalised
            // function word right after a lone given name can only be a family name (a
            // function word would be lowercase there).
            if is_family_name_function_word(toks, initial, i, j) {
                j += 1;
            }
            break;
        }
        let j = extend_to_parenthesised_acronym(toks, i, j);
        // "501st Legion", "82nd Airborne Division": an ordinal before a unit or body is part
        // of its name.
        let from = if i > 0
            && !toks[i].newline_before
            && is_ordinal(toks[i - 1].text)
            && is_org_word(toks[j - 1].text)
        {
            i - 1
        } else {
            i
        };
        let run = &token_indices[from..j];
        match person_after_name_split(run, toks) {
            Some(p) => {
                process_run(&run[..p], toks, initial, vocab, body, &mut out);
                process_run(&run[p..], toks, initial, vocab, body, &mut out);
            }
            None => process_run(run, toks, initial, vocab, body, &mut out),
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
        let tail: Vec<&str> = run[p..].iter().map(|&t| toks[t].text).collect();
        let plain_word = |w: &&str| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().skip(1).any(char::is_lowercase)
                && !is_org_word(w)
                && !is_place_word(w)
                && !is_title(w)
                && !lex.places.contains(w)
                && !lex.demonyms.contains(w)
                && !lex.organisations.contains(w)
        };
        // A family name that is also a place ("Alia Salem") is fine after a given name.
        let given_first = lex.first_names.contains(tail[0]) && !lex.places.contains(tail[0]);
        let family_place = |w: &&str| {
            given_first && lex.places.contains(w) && lex.last_names.contains(w) && !is_place_word(w)
        };
        let tail_plain = plain_word(&tail[0]) && tail[1..].iter().all(|w| plain_word(w) || family_place(w));
        if !tail_plain || lex.places.contains(tail.join(" ").as_str()) {
            continue;
        }
        let head_last = toks[run[p - 1]].text;
        if is_connector(head_last) || toks[run[p - 1]].possessive {
            continue;
        }
        let person_like =
            lex.first_names.contains(tail[0]) || tail.last().is_some_and(|w| lex.last_names.contains(w));
        let head_words: Vec<&str> = run[..p].iter().map(|&t| toks[t].text).collect();
        let head_is_name = is_org_word(head_last)
            || (is_field_word(head_last) && lex.first_names.contains(tail[0]))
            || lex.organisations.contains(head_last)
            || (1..=head_words.len().min(3)).any(|k| {
                let joined = head_words[head_words.len() - k..].join(" ");
                lex.places.contains(joined.as_str()) || lex.organisations.contains(joined.as_str())
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

/// Splits a run of capitalised words into titles, roles and names, and records the cues
/// around each name.
fn process_run<'a>(
    run: &[usize],
    toks: &[Token<'a>],
    initial: &[bool],
    vocab: &DocVocab,
    body: &CharText<'a, '_>,
    out: &mut Vec<Cand<'a>>,
) {
    if run.is_empty() {
        return;
    }
    // Split off a leading role: the last title word followed by a non-title name.
    let mut split = None;
    for (p, &ti) in run.iter().enumerate() {
        let w = &toks[ti].text;
        // "Secretary of State John Kerry", not "Director of the National Iodine Study".
        let after_secretary_of = p >= 2
            && toks[ti].is_capitalised()
            && toks[run[p - 1]].text == "of"
            && is_title(toks[run[p - 2]].text);
        if p + 1 < run.len() && (is_title(w) || after_secretary_of) {
            split = Some(p);
        }
    }
    // "Dean Morrow": a title word that is also a given name, directly before a single surname
    // with no article before it, is the given name, unless the story uses the word as a
    // common noun ("the dean of the faculty", "the governor").
    if split == Some(0)
        && run.len() == 2
        && lexicon().first_names.contains(toks[run[0]].text)
        && !toks[run[0]].is_all_caps()
        && !vocab.is_written_lowercase(toks[run[0]].text)
    {
        let article_before =
            run[0] > 0 && matches!(toks[run[0] - 1].text, "the" | "a" | "an" | "The" | "A" | "An");
        if !article_before {
            split = None;
        }
    }
    let mut name_from = 0;
    let mut titled = false;
    let mut role = None;
    if let Some(p) = split {
        let rest: Vec<&str> = run[p + 1..].iter().map(|&t| toks[t].text).collect();
        let rest_is_org = rest.iter().any(|w| is_org_word(w) || is_place_word(w));
        let rest_connector = rest.first().is_some_and(|w| is_connector(w));
        if !rest_is_org && !rest_connector {
            name_from = p + 1;
            titled = true;
            // Prefix before the first title word (e.g. "NATO" in "NATO Secretary-General").
            let first_title = run[..=p].iter().position(|&t| is_title(toks[t].text)).unwrap_or(0);
            let title_text = body.span(toks[run[first_title]].start, toks[run[p]].end);
            if first_title > 0 {
                let prefix = &run[..first_title];
                let org = body.span(toks[prefix[0]].start, toks[prefix[prefix.len() - 1]].end);
                role = Some((org, title_text));
                process_run(prefix, toks, initial, vocab, body, out);
            } else {
                role = Some(("", title_text));
            }
        }
    }
    // "Co-founder of Google", "CEO of the Housing Council": a role of an organisation or
    // place; the name is what follows the connectors.
    if name_from == 0
        && run.len() >= 3
        && is_title(toks[run[0]].text)
        && matches!(toks[run[1]].text, "of" | "for")
    {
        let mut rest = 1;
        while rest < run.len() && is_connector(toks[run[rest]].text) {
            rest += 1;
        }
        if rest < run.len() {
            process_run(&run[rest..], toks, initial, vocab, body, out);
            return;
        }
    }
    // "the NATO Head": an organisation followed by a role, no name.
    if name_from == 0 && run.len() >= 2 && is_title(toks[run[run.len() - 1]].text) {
        process_run(&run[..run.len() - 1], toks, initial, vocab, body, out);
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
        && is_adherent_word(toks[run[name_from]].text)
        && run[name_from + 1..].iter().all(|&t| toks[t].is_capitalised())
    {
        let rest: Vec<&str> = run[name_from + 1..].iter().map(|&t| toks[t].text).collect();
        let lex = lexicon();
        if lex.first_names.contains(rest[0])
            && !rest.iter().any(|w| is_org_word(w) || is_place_word(w))
            && !lex.organisations.contains(rest.join(" ").as_str())
        {
            name_from += 1;
        }
    }
    // "Greek Ministry of Culture", "Italian Supreme Court of Cassation": a nationality
    // adjective before a state body says whose body it is; the name is the rest.
    if run.len() >= name_from + 3
        && is_adherent_word(toks[run[name_from]].text)
        && is_state_body_head(toks[run[name_from + 1]].text)
    {
        name_from += 1;
    }
    // "Pro-Beijing DAB", "Anti-Kremlin Novaya Gazeta": a stance adjective written with a
    // capital at a sentence start is no part of the name after it.
    if run.len() >= name_from + 2 && is_stance_adjective(toks[run[name_from]].text) {
        name_from += 1;
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
    if name.len() == 1 && is_title(toks[a].text) && !toks[a].is_all_caps() {
        return;
    }
    // "US$ 20,000", "HK$5": a place's abbreviation glued to a dollar sign names a currency.
    if toks.get(b).is_some_and(|t| t.text == "$" && t.start == toks[b - 1].end) {
        return;
    }
    let text = body.span(toks[a].start, toks[b - 1].end);
    // Cues from the context.
    let prev_word = (0..a).rev().find(|&k| toks[k].is_word());
    // The cues of the words right before and after the name, each looked up once for all
    // its lists (0 when there is no such word).
    let prev_cues = prev_word.filter(|&k| k + 1 == a).map_or(0, |k| context_cues(toks[k].text));
    let next = toks.get(b);
    let next_cues = next.filter(|t| t.is_word()).map_or(0, |t| context_cues(t.text));
    let prev_lower_title = prev_word.is_some_and(|k| {
        let w = &toks[k].text;
        (k + 1 == a && w.chars().next().is_some_and(char::is_lowercase) && is_title_with_cues(w, prev_cues))
            || (k + 1 == a && prev_cues & cue::OCCUPATION != 0 && is_plain_name(toks, a, b))
            || (k + 2 == a && toks[k + 1].text == "." && is_title_abbreviation(&toks[k]))
    });
    let next_speech = next_cues & cue::SPEECH_VERB != 0;
    let prev_speech = prev_word.is_some_and(|k| {
        let w = toks[k].text;
        (k + 1 == a && matches!(w, "said" | "says" | "told" | "added" | "asked"))
            || (w == "to" && k > 0 && toks[k - 1].text == "according")
    });
    let org_context = has_organisation_context(toks, a, b, prev_word);
    let appositive_role = is_appositive_of_role(toks, a, b, text);
    let place_context = has_place_context(toks, a, b, prev_word);
    out.push(Cand {
        a,
        b,
        text,
        titled: titled || prev_lower_title || appositive_role,
        speaker: next_speech || prev_speech,
        org_context,
        place_context,
        owner: is_possessive_before_person(toks, b) || is_possessive_before_body(toks, b),
        before_system_noun: !toks[b - 1].possessive
            && next.is_some_and(|t| !t.newline_before)
            && next_cues & cue::SYSTEM_NOUN != 0,
        heads_government: b - a == 1
            && a > 0
            && toks[a - 1].text == "the"
            && toks.get(b).is_some_and(|t| matches!(t.text, "government" | "administration" | "cabinet")),
        work_title: prev_cues & cue::WORK_NOUN != 0,
        role,
        weak_start: name.len() == 1 && initial[a],
        after_the: a > 0 && matches!(toks[a - 1].text, "the" | "The"),
    });
}

/// Does the ampersand at token `j` join the run [i, j) and the words after it into one
/// name? Yes when an organisation or place head word follows within a few name words
/// ("Evergreen Aviation & Space Museum", "Mary & Leigh Block Museum of Art"), or for a
/// firm's name of one word on each side, neither a known place nor a given name
/// ("Procter & Gamble", "Johnson & Johnson").
fn ampersand_joins(toks: &[Token], i: usize, j: usize) -> bool {
    /// How many name words after the ampersand are searched for a head word.
    const MAX_WORDS_TO_HEAD: usize = 5;
    let after = |k: usize| toks.get(k).filter(|t| is_name_word(t) && !t.newline_before);
    if after(j + 1).is_none() {
        return false;
    }
    let head_follows = (j + 1..j + 1 + MAX_WORDS_TO_HEAD)
        .map_while(after)
        .any(|t| is_org_word(t.text) || is_place_word(t.text));
    if head_follows {
        return true;
    }
    let lex = lexicon();
    let plain = |t: &Token| !lex.places.contains(t.text) && !lex.first_names.contains(t.text);
    j == i + 1 && after(j + 2).is_none() && plain(&toks[i]) && after(j + 1).is_some_and(plain)
}

/// The longest words run after a name that a parenthesised acronym confirms as part of it:
/// "Union of Rationalist Atheists and Agnostics (UAAR)", "Movimento 5 Stelle (M5S)". The run
/// [i, j) stopped at a connector or number; when the words up to a following "(ACRONYM)"
/// (connectors, capitalised words and numbers only) have the acronym's letters as their
/// initials (in order, or in another order for a translated name), the name ends before the
/// parenthesis. Returns the new end (or `j`).
fn extend_to_parenthesised_acronym(toks: &[Token], i: usize, j: usize) -> usize {
    /// The longest stretch of words searched for the parenthesis.
    const MAX_EXTRA_WORDS: usize = 6;
    let numeric = |t: &Token| t.is_word() && t.text.chars().all(|c| c.is_ascii_digit());
    let part_of_name = |t: &Token| {
        t.is_word() && !t.newline_before && (is_connector(t.text) || t.is_capitalised() || numeric(t))
    };
    if toks.get(j).is_none_or(|t| !part_of_name(t) || t.is_capitalised()) {
        return j;
    }
    let mut k = j;
    while k < toks.len() && k < j + MAX_EXTRA_WORDS && part_of_name(&toks[k]) {
        k += 1;
    }
    let closes = toks.get(k).is_some_and(|t| t.text == "(")
        && toks.get(k + 2).is_some_and(|t| t.text == ")")
        && (toks[k - 1].is_capitalised() || numeric(&toks[k - 1]));
    let Some(acronym) = toks.get(k + 1).filter(|t| closes && t.is_word() && t.is_all_caps()) else {
        return j;
    };
    let words: Vec<&str> = toks[i..k].iter().map(|t| t.text).filter(|w| !is_connector(w)).collect();
    let initials = super::aliases::initials_with_numbers(&words);
    let letters: String = acronym.text.chars().filter(|c| *c != '.').collect();
    let sorted = |s: &str| {
        let mut chars: Vec<char> = s.chars().collect();
        chars.sort_unstable();
        chars
    };
    if initials == letters || sorted(&initials) == sorted(&letters) { k } else { j }
}

/// Tokens [a, b) could be a person's name after an occupation noun: words only, no
/// acronym, no organisation or place head, not a known place, organisation or nationality ("the
/// photographer Paris", "the player Chelsea" are other uses of the noun).
fn is_plain_name(toks: &[Token], a: usize, b: usize) -> bool {
    let lex = lexicon();
    let words: Vec<&str> = toks[a..b].iter().filter(|t| t.is_word()).map(|t| t.text).collect();
    // "media player VLC": an acronym is no person's name.
    if words.is_empty() || words.len() > 4 || !toks[a..b].iter().all(|t| t.is_word() && !t.is_all_caps()) {
        return false;
    }
    let joined = words.join(" ");
    !(lex.places.contains(joined.as_str())
        || lex.organisations.contains(joined.as_str())
        || words.iter().any(|w| {
            is_org_word(w)
                || is_place_word(w)
                || lex.demonyms.contains(w)
                || lex.places.contains(w)
                || lex.organisations.contains(w)
                || w.chars().any(|c| c.is_ascii_digit())
        }))
}

/// Is token `j`, a short capitalised function word ("To", "Or", "May") that is not at a
/// sentence start, the family name of the given name just before it, which opens the run
/// started at `i` or follows a title there? Not
/// when a number follows ("Anna May 5" is a date) or another capitalised word does (a
/// title-case phrase), nor for articles and "I".
fn is_family_name_function_word(toks: &[Token], initial: &[bool], i: usize, j: usize) -> bool {
    let Some(t) = toks.get(j) else { return false };
    let next_is_name_or_number = toks.get(j + 1).is_some_and(|next| {
        !next.newline_before
            && (next.text.chars().next().is_some_and(|c| c.is_ascii_digit())
                || (next.is_word() && next.is_capitalised()))
    });
    // The given name opens the run or follows a title ("Prime Minister Theresa May").
    let given = j.saturating_sub(1);
    let lone_given_name = j > i && (given == i || (given > i && is_title(toks[given - 1].text)));
    lone_given_name
        && t.is_word()
        && t.is_capitalised()
        && !t.is_all_caps()
        && !t.newline_before
        && !initial.get(j).copied().unwrap_or(true)
        && (2..=3).contains(&t.text.chars().count())
        && is_non_name(t.text)
        && !matches!(t.text, "The" | "And" | "An")
        && !next_is_name_or_number
        && lexicon().first_names.contains(toks[given].text)
        && !toks[given].possessive
}

/// A hyphenated stance or time adjective before a name: "Pro-Beijing", "Anti-Kremlin",
/// "Ex-Soviet", "Post-Soviet".
fn is_stance_adjective(w: &str) -> bool {
    ["Pro-", "Anti-", "Ex-", "Post-", "Pre-", "Non-"].iter().any(|prefix| {
        w.strip_prefix(prefix).is_some_and(|rest| rest.chars().next().is_some_and(char::is_uppercase))
    })
}

/// First words of the names of a state's bodies ("Ministry of Culture", "Supreme Court").
fn is_state_body_head(w: &str) -> bool {
    matches!(
        w,
        "Ministry"
            | "Department"
            | "Embassy"
            | "Consulate"
            | "Supreme"
            | "Parliament"
            | "Government"
            | "Cabinet"
    )
}

/// A numeric ordinal: "1st", "22nd", "501st", "4th".
fn is_ordinal(w: &str) -> bool {
    let digits = w.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && matches!(&w[digits..], "st" | "nd" | "rd" | "th")
}

/// Nationality words that can precede a person's name as an adjective ("Afghan", "Swedish").
fn is_adherent_word(w: &str) -> bool {
    lexicon().demonyms.contains(w)
}

#[cfg(test)]
mod tests {
    use super::super::find;

    #[test]
    fn capitalised_function_word_after_given_name_is_a_family_name() {
        let ents = find(
            "The seat went to James To of the Democratic Party. Later Prime Minister Theresa May said no. \
             Maria said she would go To Paris in May 2025.",
        );
        let names: Vec<&str> = ents.iter().map(|e| e.name.as_str()).collect();
        assert!(names.contains(&"James To"), "{names:?}");
        assert!(names.contains(&"Theresa May"), "{names:?}");
        assert!(!names.iter().any(|n| n.starts_with("Maria ")), "{names:?}");
    }

    #[test]
    fn ordinal_before_a_unit_is_part_of_its_name() {
        let ents = find("The garrison of the 501st Legion returned on the 22nd Fan Expo day.");
        let names: Vec<&str> = ents.iter().map(|e| e.name.as_str()).collect();
        assert!(names.contains(&"501st Legion"), "{names:?}");
        assert!(!names.iter().any(|n| n.starts_with("22nd")), "{names:?}");
    }

    #[test]
    fn nationality_before_a_state_body_is_not_part_of_its_name() {
        let ents =
            find("The sites are run by the Greek Ministry of Culture, said the British Museum of Art.");
        let names: Vec<&str> = ents.iter().map(|e| e.name.as_str()).collect();
        assert!(names.contains(&"Ministry of Culture"), "{names:?}");
        assert!(!names.contains(&"Greek Ministry of Culture"), "{names:?}");
    }

    #[test]
    fn on_before_a_code_ends_a_name() {
        let ents = find("Columbia lifted off from the Kennedy Space Center on STS-1 in 1981.");
        let names: Vec<&str> = ents.iter().map(|e| e.name.as_str()).collect();
        assert!(names.contains(&"Kennedy Space Center"), "{names:?}");
    }

    #[test]
    fn municipality_of_a_town_is_an_organisation() {
        let ents = find("The request was advanced by the Municipality of Livorno in 2010.");
        let municipality = ents.iter().find(|e| e.name == "Municipality of Livorno");
        assert_eq!(municipality.map(|e| e.kind), Some(crate::EntityKind::Organisation), "{ents:#?}");
    }
}
