//! Places that act in the story ("Norway defeated Chile", "Chile says") stand for a team or
//! a government: typed as organisations.

use super::lexicon::{
    is_acting_verb_word, is_contest_verb, is_place_preposition, is_place_word, is_speech_verb,
    is_stative_participle,
};
use super::mention_tokens;
use super::merge::Ent;
use super::tokens::Token;
use crate::EntityKind;

/// A country or city that acts in the story ("Chile evacuated 80 people", "Norway
/// defeated Chile", "Peru faced Ghana") stands for its government or team: news
/// annotation types it as an organisation. A place entity is retyped when at least three of
/// its mentions are the subject of a verb or the object of a contest verb and such mentions
/// outnumber the mentions after a place preposition ("in Norway", "to Norway"). Once one
/// place of the story is retyped (a match report, a diplomatic row), two such mentions are
/// enough for the others ("Sweden defeated South Korea 1 – 0").
pub(super) fn retype_acting_places(ents: &mut [Ent], toks: &[Token]) {
    let counts: Vec<Option<(usize, usize)>> = ents
        .iter()
        .map(|entity| {
            let candidate = entity.kind == EntityKind::Place
                && entity.mentions.len() >= 2
                && !entity.words.iter().any(|w| is_place_word(w));
            candidate.then(|| acting_and_located(entity, toks))
        })
        .collect();
    let acts = |count: &Option<(usize, usize)>, at_least: usize| {
        count.is_some_and(|(acting, located)| acting >= at_least && acting > located)
    };
    let at_least = if counts.iter().any(|count| acts(count, 3)) { 2 } else { 3 };
    for (entity, count) in ents.iter_mut().zip(&counts) {
        if acts(count, at_least) {
            entity.kind = EntityKind::Organisation;
        }
    }
}

/// How many mentions of `entity` act (subject of a verb, object of a contest verb, side of a
/// score line; a score counts twice) and how many follow a place preposition.
fn acting_and_located(entity: &Ent, toks: &[Token]) -> (usize, usize) {
    let mut acting = 0usize;
    let mut located = 0usize;
    for &(start, end) in &entity.mentions {
        let Some((first, last)) = mention_tokens(toks, start, end) else { continue };
        if first > 0 && toks[first - 1].is_word() {
            let previous = toks[first - 1].text;
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
        if toks.get(last + 1).is_some_and(|next| next.is_word() && is_acting_verb(next.text)) {
            acting += 1;
        }
    }
    (acting, located)
}

/// Tokens from `at` are a match score: a number, a dash or colon, a number ("3 – 0", "1-2").
fn is_score_after(toks: &[Token], at: usize) -> bool {
    let number = |k: usize| {
        toks.get(k)
            .is_some_and(|t| t.is_word() && t.text.len() <= 2 && t.text.chars().all(|c| c.is_ascii_digit()))
    };
    if number(at)
        && toks.get(at + 1).is_some_and(|t| matches!(t.text, "–" | "-" | "—" | ":"))
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

/// A finite verb right after a name makes the name the actor: "Chile says", "Norway
/// defeated", "Peru had". Copulas are left out ("Texas is a state").
fn is_acting_verb(w: &str) -> bool {
    if is_speech_verb(w) || is_acting_verb_word(w) {
        return true;
    }
    w.chars().count() >= 5
        && w.ends_with("ed")
        && w.chars().all(|c| c.is_ascii_lowercase())
        && !is_stative_participle(w)
}
