//! Typing a surface form: person, organisation, place or other.

use super::doc::DocVocab;
use super::lexicon::{
    self, is_compass_word, is_connector, is_event_word, is_hyphenated_given_name, is_leading_place_word,
    is_masthead_word, is_org_word, is_place_word, is_programme_word, is_title, lexicon,
};
use crate::EntityKind;

/// Pooled evidence for one surface form.
#[derive(Default)]
pub(super) struct Evidence {
    pub titled: bool,
    pub speaker: bool,
    pub org_context: bool,
    pub place_context: bool,
    /// Some mention is a possessive before a person's name ("Demosisto's Nathan Law").
    pub owner: bool,
    pub strong_mentions: usize,
    /// Mentions of the surface form, and how many of them follow "the".
    pub mentions: usize,
    pub after_the: usize,
    /// Mentions followed by a system noun ("the ICI system").
    pub before_system_noun: usize,
    /// Some mention heads a government ("the Monti government").
    pub heads_government: bool,
    /// Mentions right after a noun for a creative work ("the novel Angel Catbird").
    pub work_titles: usize,
}

/// The type of a surface form (`words` of `text`) from its own shape, the gazetteers and the
/// evidence pooled over its mentions; `None` when it is no name.
pub(super) fn classify(
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
    // "the graphic novel Angel Catbird", "the vessel HMC Searcher": every mention is a
    // work's or vessel's title.
    if ev.mentions > 0 && ev.work_titles == ev.mentions && !ev.speaker {
        return Some(EntityKind::Other);
    }
    // "Space Shuttle Program", "Flag Consideration Project": an activity, not an organisation.
    // "Waitangi Day", "Google Science Fair": an event.
    if words.len() > 1 && words.last().is_some_and(|w| is_programme_word(w) || is_event_word(w)) {
        return Some(EntityKind::Other);
    }
    // "the Polaroid camera … their Polaroids": a name the story also uses in the plural is a
    // product or brand, not the organisation (places keep their plural: "the Americas").
    if words.len() == 1
        && !lex.places.contains(text)
        && !lex.first_names.contains(text)
        && !lex.last_names.contains(text)
        && plural_is_capitalised_mid_sentence(text, vocab)
    {
        return Some(EntityKind::Other);
    }
    // "Canadian Red Cross", "Greenpeace International": a known organisation's name at the end
    // or the start of a longer name.
    let known_organisation_inside = words.len() >= 3
        && (lex.organisations.contains(words[1..].join(" ").as_str())
            || lex.organisations.contains(words[..words.len() - 1].join(" ").as_str()));
    if lex.organisations.contains(text) || known_organisation_inside {
        return Some(EntityKind::Organisation);
    }
    // "Labour has a plan", "Labour's Yvette Cooper": the distinctive word of a known party's
    // name alone is the party (not when it is also a person's name: "Green").
    if words.len() == 1
        && lex.party_words.contains(text)
        && !lex.first_names.contains(text)
        && !lex.last_names.contains(text)
    {
        return Some(EntityKind::Organisation);
    }
    // A one-word place that the story also uses as a common noun ("Man" beside "man") needs
    // more than the gazetteer.
    let common_noun = words.len() == 1 && vocab.is_written_lowercase(text);
    if (lex.places.contains(text) && !common_noun) || lex.place_alias.contains_key(text) {
        return Some(EntityKind::Place);
    }
    // "Police arrested…", "News of the arrest…": a lone head word seen only at sentence starts
    // is a common noun.
    if words.len() == 1 && ev.strong_mentions == 0 && (is_org_word(text) || is_place_word(text)) {
        return None;
    }
    // "Toronto Star", "Edmonton Sun", "Daily Mail": a masthead word after a place or a
    // periodicity word names a newspaper.
    if is_newspaper_name(words) {
        return Some(EntityKind::Organisation);
    }
    let head = words
        .iter()
        .position(|w| matches!(*w, "of" | "for" | "on"))
        .map_or(words.len() - 1, |p| p.saturating_sub(1));
    // "Irving Independent School District": a district run by a school board or another
    // body is that body.
    if words[head] == "District" && head > 0 && is_org_word(words[head - 1]) {
        return Some(EntityKind::Organisation);
    }
    // "Centre for …", "Center for …": an institution, not a building.
    if is_org_word(words[head]) || (is_place_word(words[head]) && words.get(head + 1) == Some(&"for")) {
        return Some(EntityKind::Organisation);
    }
    if is_place_word(words[head]) && words.len() > 1 {
        return Some(EntityKind::Place);
    }
    // "Masjid Al-Haram", "Lake Tahoe", "Fort Worth": a place word opens the name.
    if words.len() > 1 && is_leading_place_word(words[0]) && !words.iter().any(|w| is_org_word(w)) {
        return Some(EntityKind::Place);
    }
    if words.iter().any(|w| is_org_word(w)) {
        return Some(EntityKind::Organisation);
    }
    // "South Australia", "Northern Ireland", "Greater London", "South East Asia": compass
    // words before a place.
    let compass_words = words.iter().take_while(|w| is_compass_word(w)).count();
    if compass_words > 0
        && compass_words < words.len()
        && lex.places.contains(words[compass_words..].join(" ").as_str())
    {
        return Some(EntityKind::Place);
    }
    if words.len() == 1 {
        let w = words[0];
        // Acronyms name organisations; with digits they are products and models ("IE6", "F16").
        // A shouted word ("UNLESS") is written in lowercase elsewhere in the story.
        // "the ICI system", "the NEMISIS database": every mention names a system.
        let system_name = ev.mentions > 0 && ev.before_system_noun == ev.mentions;
        if has_only_capital_letters(w)
            && !system_name
            && !lexicon::is_acronym_stop(w)
            && !w.chars().any(|c| c.is_ascii_digit())
            && !vocab.is_written_lowercase(w)
            && !vocab.model_stems.contains(w)
        {
            return Some(EntityKind::Organisation);
        }
        // "Hope", "Young", "Doctor": a lone given name that the story also writes in
        // lowercase is that word, not a person (a person's full name, met first, already
        // took its lone given name as an alias).
        let common_word = || vocab.is_written_lowercase(w);
        // "Safari", "Hope", "Campbell's Soup": a word that is a given and a family name,
        // met once and never as a speaker, is too weak a cue for a person on its own.
        let lone_ambiguous = || ev.mentions == 1 && !ev.speaker && lex.last_names.contains(w);
        // "the Monti government": a family name that heads a government is its leader.
        if ev.heads_government && lex.last_names.contains(w) && !lex.organisations.contains(w) {
            return Some(EntityKind::Person);
        }
        // "North and South Korea", "into the North": a compass word alone is no given name.
        if lex.first_names.contains(w)
            && ev.strong_mentions > 0
            && !is_compass_word(w)
            && !lone_ambiguous()
            && !common_word()
        {
            return Some(EntityKind::Person);
        }
        // "Demosisto's Nathan Law", "the Smithsonian's National Air and Space Museum" type
        // even a sentence-initial word: an organisation (a common noun there would be
        // written in lowercase elsewhere).
        let owner = ev.owner && !common_noun && !lex.first_names.contains(w) && !lex.last_names.contains(w);
        if ((ev.org_context && ev.strong_mentions > 0) || owner) && !lex.demonyms.contains(w) {
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
        lex.places.contains(w)
            || lex.organisations.contains(w)
            || w.strip_suffix('s').is_some_and(|singular| lex.organisations.contains(singular))
    });
    let family_name = words.len() <= 3
        && !last_is_place
        && given.chars().count() >= 3
        && words.last().is_some_and(|w| w.chars().count() >= 3 && lex.last_names.contains(w))
        && !lex.places.contains(words[0])
        && !words.iter().any(|w| {
            lex.demonyms.contains(w) || is_connector(w) || is_title(w) || vocab.is_written_lowercase(w)
        });
    // "Google Chrome", "Mozilla Firefox": a product of a known organisation, not a person.
    let product_of_organisation = lex.organisations.contains(words[0]);
    // "the Velvet Underground", "the Silver Clouds installation": people's names take no
    // article.
    let always_after_the = ev.mentions > 0 && ev.after_the == ev.mentions;
    let person_shaped =
        alpha && !acronym_inside && !product_of_organisation && !always_after_the && words.len() <= 4;
    // Strong person cues first, then organisation context ("members of the Crimson Order"), then
    // the weaker family-name and surname-reuse cues.
    if person_shaped && (first_name || romanised || ev.speaker) {
        return Some(EntityKind::Person);
    }
    if ev.org_context && !words.iter().any(|w| lex.demonyms.contains(w)) {
        return Some(EntityKind::Organisation);
    }
    let surname_reused_alone = surname_reused
        && words.len() == 2
        && !last_is_place
        && !lex.places.contains(words[0])
        && !is_connector(words[1])
        && !lex.demonyms.contains(words[1]);
    // A place cue ("near X", "X, Oregon", "University of Y at X") outweighs a family name
    // ("Chapel Hill").
    if ev.place_context && !words.iter().any(|w| lex.demonyms.contains(w)) {
        return Some(EntityKind::Place);
    }
    if person_shaped && (family_name || surname_reused_alone) {
        return Some(EntityKind::Person);
    }
    Some(EntityKind::Other)
}

/// Whether the story writes `text` with an "s" appended capitalised mid-sentence (the plural
/// of a name: "Polaroids"). A short text's plural is spelt on the stack (a string for each
/// one-word surface was a tenth of typing them).
fn plural_is_capitalised_mid_sentence(text: &str, vocab: &DocVocab) -> bool {
    const BUFFER: usize = 32;
    let mut buffer = [0u8; BUFFER];
    if let Some(spelling) = buffer.get_mut(..text.len() + 1) {
        let (word, suffix) = spelling.split_at_mut(text.len());
        word.copy_from_slice(text.as_bytes());
        suffix.fill(b's');
        if let Ok(plural) = std::str::from_utf8(spelling) {
            return vocab.cap_mid.contains(plural);
        }
    }
    vocab.cap_mid.contains(&format!("{text}s"))
}

/// At least two letters, and every letter a capital ("NATO", "U.S.", "ÉTAT"): one pass that stops at the first lowercase letter, where
/// counting letters and capitals decoded every word twice. Capitals are letters (Unicode's
/// Alphabetic property includes Uppercase; checked by a test), so this is "as many capitals as
/// letters, two or more".
fn has_only_capital_letters(w: &str) -> bool {
    let mut letters = 0usize;
    for c in w.chars() {
        if c.is_alphabetic() {
            if !c.is_uppercase() {
                return false;
            }
            letters += 1;
        }
    }
    letters >= 2
}

/// A newspaper's name: a masthead word ("Star", "Sun", "Mail", "Globe") after a known place
/// or a periodicity word ("Toronto Star", "Edmonton Sun", "Daily Mail", "Sunday Express").
/// The masthead words are too common to make an organisation alone ("Star Wars", "Sun Valley").
fn is_newspaper_name(words: &[&str]) -> bool {
    let (Some(last), Some(rest)) = (words.last(), words.len().checked_sub(1).map(|n| &words[..n])) else {
        return false;
    };
    if rest.is_empty() || !is_masthead_word(last) {
        return false;
    }
    let lex = lexicon();
    lex.places.contains(rest.join(" ").as_str())
        || lex.places.contains(rest[0])
        || rest.iter().any(|w| matches!(*w, "Daily" | "Sunday" | "Morning" | "Evening" | "Weekly"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every capital is a letter, so "every letter a capital" equals "as many capitals as
    /// letters".
    #[test]
    fn capitals_are_letters() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert!(!c.is_uppercase() || c.is_alphabetic(), "{c:?}");
        }
    }

    /// Plurals are found as written mid-sentence, for short texts spelt on the stack and for
    /// long ones.
    #[test]
    fn plurals_written_mid_sentence_are_found() {
        let long = "Abcdefghijklmnopqrstuvwxyzabcdef";
        let text = format!("They sold Polaroids and {long}s to Zoës. Cameras were old.");
        let chars: Vec<char> = text.chars().collect();
        let toks = super::super::tokens::tokenize(&super::super::tokens::CharText::new(&text, &chars));
        let initial = super::super::doc::sentence_initial(&toks);
        let vocab = super::super::doc::doc_vocab(&toks, &initial);
        for (name, written) in
            [("Polaroid", true), (long, true), ("Zoë", true), ("Camera", false), ("Polaroids", false)]
        {
            assert_eq!(plural_is_capitalised_mid_sentence(name, &vocab), written, "{name}");
        }
    }

    /// The one-pass test equals counting letters and capitals.
    #[test]
    fn only_capital_letters_match_the_counts() {
        let reference = |w: &str| {
            let letters = w.chars().filter(|c| c.is_alphabetic()).count();
            let caps = w.chars().filter(|c| c.is_uppercase()).count();
            letters >= 2 && caps == letters
        };
        for w in [
            "",
            "A",
            "AB",
            "A.",
            "U.S.",
            "IE6",
            "I6",
            "Nato",
            "NATo",
            "nATO",
            "ÉTAT",
            "État",
            "ΑΘΗΝΑ",
            "Αθήνα",
            "東京",
            "A東",
            "AB東",
            "Ⓐⓑ",
            "ⒶⒷ",
            "A-B",
            "AT&T",
            "X1Y",
            "ǅX",
            "ß",
            "SS",
        ] {
            assert_eq!(has_only_capital_letters(w), reference(w), "{w}");
        }
    }
}
