//! Names nested in longer names: "United States" in "United States Navy", "Texas" in
//! "University of Texas".

use rustc_hash::FxHashMap as HashMap;

use super::lexicon::{self, is_compass_word, is_facility_word, is_org_word, is_place_word, lexicon};
use super::mention_tokens;
use super::merge::Ent;
use super::tokens::{CharText, Token};
use crate::EntityKind;

/// The longest nested name tried inside a longer one, in words.
const MAX_NESTED_WORDS: usize = 5;

/// Names nested in longer organisation and other names are entities of their own: "United
/// States" in "United States Navy", "Texas" in "University of Texas", "Google" in "Google
/// Code Jam", "Ansel Adams" in "Ansel Adams Photography Trust". A nested span
/// counts when it is a known place (gazetteer, or the text of a place mention elsewhere in the
/// story), a person's full name used elsewhere in the story, or a one-word known organisation
/// (gazetteer) inside an event or product name. People's names are not searched, nor places' names except facilities named
/// after a place ("Metro Vancouver Convention Centre"); "Western Australia" is one place.
/// A place ending a two-word name ("Environment Canada", "Team Estonia") is left inside it.
pub(super) fn add_nested_mentions(ents: &mut Vec<Ent>, toks: &[Token], body: &CharText<'_, '_>) {
    let lex = lexicon();
    // Keys are slices of the body, or a copied name word (a slice of `ents` would hold it
    // borrowed while entities are added below).
    let mut known: HashMap<std::borrow::Cow<'_, str>, usize> = HashMap::default();
    for (index, entity) in ents.iter().enumerate() {
        let multi_word_person = entity.kind == EntityKind::Person && entity.words.len() >= 2;
        if entity.kind != EntityKind::Place && !multi_word_person {
            continue;
        }
        for &(a, b) in &entity.mentions {
            // A person's lone surname counts too ("Adams" in "Adams Polaroids").
            let mention = body.span(a, b);
            let surname_only = entity.words.last().is_some_and(|last| *last == mention)
                && mention.chars().count() >= 4
                && !lex.places.contains(mention)
                && !lex.organisations.contains(mention);
            if multi_word_person && mention.split_whitespace().count() < 2 && !surname_only {
                continue;
            }
            known.entry(std::borrow::Cow::Borrowed(mention)).or_insert(index);
        }
        // A distinctive hyphenated family name counts even before it is used alone ("the
        // Udvar-Hazy Center" after "Steven F. Udvar-Hazy").
        if let Some(last) = entity.words.last().filter(|last| {
            multi_word_person
                && last.contains('-')
                && last.chars().count() >= 6
                && !lex.places.contains(last.as_str())
        }) {
            known.entry(std::borrow::Cow::Owned(last.clone())).or_insert(index);
        }
    }
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
    let mut created: HashMap<String, usize> = HashMap::default();
    for (parent_start, parent_end, other_parent) in parents {
        let Some((first, last)) = mention_tokens(toks, parent_start, parent_end) else { continue };
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
                let text = body.span(toks[x].start, toks[y].end);
                if let Some(&index) = known.get(text) {
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
                    && !lexicon::is_acronym_stop(toks[x].text);
                // A known organisation inside another organisation's name is the same body
                // ("BBC News", "ABC News"); inside an event or product it counts ("Google
                // Science Fair").
                let known_organisation = len == 1 && other_parent && lex.organisations.contains(text);
                if lex.places.contains(text) || known_organisation || acronym {
                    found = Some((y, None, text));
                    break;
                }
            }
            // "Municipality of Bogliasco", "Government of Nunavut": the rest of an
            // administration's name after "of" is the place it runs, known or not.
            let administered = found.is_none()
                && x >= first + 2
                && toks[x - 1].text == "of"
                && is_administration_word(toks[x - 2].text)
                && (x..=last).all(|k| toks[k].is_word() && toks[k].is_capitalised());
            if administered {
                found = Some((last, None, body.span(toks[x].start, toks[last].end)));
            }
            let Some((y, mut index, mut text)) = found else {
                x += 1;
                continue;
            };
            // "Southern Ohio" in "University of Southern Ohio": a compass word before a
            // nested place belongs to it.
            let is_nested_place = administered
                || match index {
                    Some(known_index) => ents[known_index].kind == EntityKind::Place,
                    None => lex.places.contains(text),
                };
            if is_nested_place
                && x > first
                && toks[x - 1].is_word()
                && is_compass_word(toks[x - 1].text)
                && !(x - 1 == first && y == last)
            {
                x -= 1;
                text = body.span(toks[x].start, toks[y].end);
                index = known.get(text).copied();
            }
            // "Space Museum" in "Space Museum Steven F. Udvar-Hazy Center", "Kennedy Space
            // Center" in "Kennedy Space Center Visitor Complex": a building inside a longer
            // name is a fragment of that name (a wing, a part of a complex), not a second
            // place; towns and areas ("Toronto", "Hong Kong") still count.
            if is_nested_place && is_building_word(toks[y].text) {
                x = y + 1;
                continue;
            }
            // "Space Shuttle Columbia", "USS Texas": a place ending a name right after a
            // craft word names the vessel, not the place.
            if is_nested_place && x > first && y == last && is_craft_word(toks[x - 1].text) {
                x = y + 1;
                continue;
            }
            // "Environment Canada", "Hitwise UK", "Team Estonia": a place that ends a two-word
            // name qualifies it (a national branch, agency or team) and is no mention of its own.
            if is_nested_place && x > first && y == last && last - first == 1 {
                x = y + 1;
                continue;
            }
            let is_compass_place = is_nested_place && is_compass_word(toks[x].text);
            let index = match index {
                Some(index) => index,
                None => {
                    let is_place = is_compass_place
                        || administered
                        || (lex.places.contains(text) && !lex.organisations.contains(text));
                    let (kind, canonical) = if is_place {
                        (EntityKind::Place, lex.canonical_place(text))
                    } else {
                        (EntityKind::Organisation, text.to_owned())
                    };
                    match ents
                        .iter()
                        .position(|e| e.kind == kind && e.name == canonical)
                        .or_else(|| created.get(&canonical).copied())
                    {
                        Some(index) => index,
                        None => {
                            ents.push(Ent::new(canonical.clone(), kind));
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

/// People that buildings and bodies are named after are entities too: "Chiang Kai Shek" in
/// "Chiang Kai Shek Memorial", "Steven F. Udvar-Hazy" in "National Air and Space Museum
/// Steven F. Udvar-Hazy Center", "John F. Kennedy" in "John F. Kennedy International
/// Airport". A namesake opens the run of plain capitalised words (initials allowed) before
/// an organisation or place head word of a place or organisation name: two to four words,
/// the first a known given name and the last a family name (any names right before
/// "Memorial"), together not a place, none of them a head word, an organisation, a
/// nationality or a place (a family name may be one: "Kennedy"; a given name may not:
/// "Washington Dulles International Airport").
pub(super) fn add_namesake_people(ents: &mut Vec<Ent>, toks: &[Token], body: &CharText<'_, '_>) {
    let lex = lexicon();
    let mut found: Vec<(String, usize, usize)> = Vec::new();
    for entity in ents.iter() {
        if !matches!(entity.kind, EntityKind::Place | EntityKind::Organisation) || entity.words.len() < 3 {
            continue;
        }
        for &(start, end) in &entity.mentions {
            let Some((first, last)) = mention_tokens(toks, start, end) else { continue };
            let plain = |t: &Token| {
                (t.is_word()
                    && t.is_capitalised()
                    && !t.is_all_caps()
                    && !is_org_word(t.text)
                    && !is_place_word(t.text)
                    && (!lex.places.contains(t.text) || lex.last_names.contains(t.text))
                    && !lex.organisations.contains(t.text)
                    && !lex.demonyms.contains(t.text))
                    || t.text == "."
            };
            let is_head = |t: &Token| t.is_word() && (is_org_word(t.text) || is_place_word(t.text));
            // Each head word, and the plain words right before it.
            for head in (first + 1..=last).filter(|&k| is_head(&toks[k])) {
                let mut from = head;
                while from > first && plain(&toks[from - 1]) {
                    from -= 1;
                }
                // The namesake may be followed by descriptive words before the head ("John F.
                // Kennedy International Airport"): the longest span from `from` that ends in
                // a family name.
                let memorial = toks[head].text == "Memorial";
                let end = if memorial {
                    Some(head)
                } else {
                    (from + 2..=head).rev().find(|&e| {
                        toks[e - 1].is_word()
                            && (lex.last_names.contains(toks[e - 1].text) || toks[e - 1].text.contains('-'))
                    })
                };
                let Some(end) = end else { continue };
                let words: Vec<&str> =
                    toks[from..end].iter().filter(|t| t.is_word()).map(|t| t.text).collect();
                if !(2..=4).contains(&words.len()) || toks[from].text == "." {
                    continue;
                }
                // "Johnson Space Center": only a known given name opens a namesake.
                let given_first = lex.first_names.contains(words[0])
                    && !lex.places.contains(words[0])
                    && words[0].chars().count() > 1;
                if !(given_first || memorial) || lex.places.contains(words.join(" ").as_str()) {
                    continue;
                }
                let (a, b) = (toks[from].start, toks[end - 1].end);
                found.push((body.span(a, b).to_owned(), a, b));
            }
        }
    }
    for (name, start, end) in found {
        let index = match ents.iter().position(|e| e.kind == EntityKind::Person && e.name == name) {
            Some(index) => index,
            None => {
                ents.push(Ent::new(name, EntityKind::Person));
                ents.len() - 1
            }
        };
        ents[index].mentions.push((start, end));
    }
}

/// Bodies that administer a place named after "of": "Municipality of X", "Government of X".
fn is_administration_word(w: &str) -> bool {
    matches!(w, "Municipality" | "Municipalities" | "Government" | "Governorate" | "Commune" | "Prefecture")
}

/// Head words of buildings and sites (not areas such as "City" or "Island"): a nested name
/// ending in one is part of the longer name that contains it.
fn is_building_word(w: &str) -> bool {
    matches!(
        w,
        "Station"
            | "Airport"
            | "Stadium"
            | "Arena"
            | "Centre"
            | "Center"
            | "Hall"
            | "Hospital"
            | "Museum"
            | "Terminal"
    )
}

/// Words for ships and spacecraft that come before the craft's own name.
fn is_craft_word(w: &str) -> bool {
    matches!(w, "Shuttle" | "Ship" | "Orbiter" | "USS" | "HMS" | "HMCS" | "HMC" | "RMS" | "MV")
}

#[cfg(test)]
mod tests {
    use super::super::find;

    #[test]
    fn buildings_inside_longer_names_are_no_mentions_of_their_own() {
        let text = "Visitors toured the Kennedy Space Center last year. \
                    This year the Kennedy Space Center Visitor Complex near Orlando opened a new wing.";
        let ents = find(text);
        let mentions: Vec<(usize, usize)> =
            ents.iter().flat_map(|e| e.mentions.iter().map(|m| (m.start, m.end))).collect();
        let complex_start = text.find("Kennedy Space Center Visitor").unwrap_or(0);
        let center_end = complex_start + "Kennedy Space Center".len();
        assert!(
            !mentions.contains(&(complex_start, center_end)),
            "building nested in a longer name: {ents:#?}"
        );
        assert!(ents.iter().any(|e| e.name == "Orlando"), "{ents:#?}");
    }

    #[test]
    fn place_naming_a_craft_is_no_place_mention() {
        let text = "On that day Space Shuttle Columbia lifted off for the first time.";
        let ents = find(text);
        let start = text.find("Columbia").unwrap_or(0);
        let nested = ents.iter().any(|e| e.mentions.iter().any(|m| m.start == start && m.end == start + 8));
        assert!(!nested, "{ents:#?}");
    }
}
