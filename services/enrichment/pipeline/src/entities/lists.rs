//! Coordinated lists of names share a type: "the gods Zeus, Hera, Poseidon and Athena".

use rustc_hash::FxHashMap as HashMap;

use super::lexicon::lexicon;
use super::merge::Ent;
use super::tokens::Token;
use crate::EntityKind;

/// A one-word name left untyped ("other") inside a list of names ("Zeus, Hera, Poseidon,
/// Aphrodite, and Athena") takes the type that at least two other members of the same list
/// share, when no member has another type. A list is a run of single-word names joined by
/// commas, with "and"/"or" before the last one; it has at least three members.
pub(super) fn type_list_members(ents: &mut [Ent], toks: &[Token]) {
    // The entity of each one-word mention, by token index (tokens are in text order).
    let mut single: HashMap<usize, usize> = HashMap::default();
    for (index, entity) in ents.iter().enumerate() {
        for &(start, end) in &entity.mentions {
            if let Ok(k) = toks.binary_search_by_key(&start, |t| t.start)
                && toks[k].end == end
            {
                single.insert(k, index);
            }
        }
    }
    if single.len() < 3 {
        return;
    }
    let mut retype: Vec<(usize, EntityKind)> = Vec::new();
    let mut k = 0;
    while k < toks.len() {
        if !single.contains_key(&k) {
            k += 1;
            continue;
        }
        // Collect the list starting at token k: name (, name)* ,? (and|or) name.
        let mut members = vec![k];
        let mut at = k;
        loop {
            let comma = toks.get(at + 1).is_some_and(|t| t.text == ",");
            let mut next = at + 1 + usize::from(comma);
            let conjunction =
                toks.get(next).is_some_and(|t| matches!(t.text.as_str(), "and" | "or") && t.is_word());
            if conjunction {
                next += 1;
            }
            if !(comma || conjunction) || !single.contains_key(&next) || toks[next].newline_before {
                break;
            }
            members.push(next);
            at = next;
            if conjunction {
                break;
            }
        }
        k = at + 1;
        if members.len() < 3 {
            continue;
        }
        let mut typed: HashMap<EntityKind, usize> = HashMap::default();
        for member in &members {
            let kind = ents[single[member]].kind;
            if kind != EntityKind::Other {
                *typed.entry(kind).or_default() += 1;
            }
        }
        if typed.len() != 1 {
            continue;
        }
        let Some((&kind, &count)) = typed.iter().next() else { continue };
        if count < 2 {
            continue;
        }
        for member in &members {
            let index = single[member];
            let word = ents[index].words.first().map_or("", String::as_str);
            if ents[index].kind == EntityKind::Other
                && ents[index].words.len() == 1
                && !lexicon().demonyms.contains(word)
            {
                retype.push((index, kind));
            }
        }
    }
    for (index, kind) in retype {
        ents[index].kind = kind;
    }
}
