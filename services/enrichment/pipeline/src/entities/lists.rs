//! Coordinated lists of names share a type: "the gods Zeus, Hera, Poseidon and Athena".

use rustc_hash::FxHashMap as HashMap;

use super::lexicon::lexicon;
use super::merge::Ent;
use super::tokens::Token;
use crate::EntityKind;

/// A one-word name left untyped ("other") inside a list of names ("Zeus, Hera, Poseidon,
/// Aphrodite, and Athena") takes the type that at least two other members of the same list
/// share, when no member has another type. A list is a run of names joined by commas, with
/// "and"/"or" before the last one; it has at least three members. Members may be longer
/// names ("New South Wales, Victoria, South Australia and Tasmania"), and there a lone given
/// name typed as a person ("Victoria") among places with no other person is a place too.
pub(super) fn type_list_members(ents: &mut [Ent], toks: &[Token]) {
    // The entity and last token of each mention, by first token index (tokens are in text
    // order): a slot per token, read in order (a hash map by token, then its keys sorted,
    // cost more).
    let mut member_at: Vec<Option<(usize, usize)>> = vec![None; toks.len()];
    let mut member_count = 0usize;
    for (index, entity) in ents.iter().enumerate() {
        for &(start, end) in &entity.mentions {
            let Ok(first) = toks.binary_search_by_key(&start, |t| t.start) else { continue };
            let Ok(last) = toks.binary_search_by_key(&end, |t| t.end) else { continue };
            if last >= first
                && let Some(slot @ None) = member_at.get_mut(first)
            {
                *slot = Some((index, last));
                member_count += 1;
            }
        }
    }
    if member_count < 3 {
        return;
    }
    let lex = lexicon();
    let mut retype: Vec<(usize, EntityKind)> = Vec::new();
    let member = |k: usize| member_at.get(k).copied().flatten();
    // Mention starts in text order: lists are looked for from each one not inside the
    // previous list.
    let mut next_free = 0;
    for k in 0..member_at.len() {
        if k < next_free {
            continue;
        }
        let Some((_, first_last)) = member(k) else { continue };
        // Collect the list starting at token k: name (, name)* ,? (and|or) name.
        let mut members = vec![k];
        let mut at = first_last;
        loop {
            let comma = toks.get(at + 1).is_some_and(|t| t.text == ",");
            let mut next = at + 1 + usize::from(comma);
            let conjunction = toks.get(next).is_some_and(|t| matches!(t.text, "and" | "or") && t.is_word());
            if conjunction {
                next += 1;
            }
            let Some((_, next_last)) = member(next) else { break };
            if !(comma || conjunction) || toks[next].newline_before {
                break;
            }
            members.push(next);
            at = next_last;
            if conjunction {
                break;
            }
        }
        next_free = at + 1;
        if members.len() < 3 {
            continue;
        }
        let entity_of = |k: &usize| member(*k).map_or(0, |(entity, _)| entity);
        let mut typed: HashMap<EntityKind, usize> = HashMap::default();
        for member in &members {
            let kind = ents[entity_of(member)].kind;
            if kind != EntityKind::Other {
                *typed.entry(kind).or_default() += 1;
            }
        }
        // A lone given name among places: "Victoria" in "New South Wales, Victoria, …".
        let lone_given_name = |index: usize| {
            let entity = &ents[index];
            entity.kind == EntityKind::Person
                && entity.words.len() == 1
                && lex.first_names.contains(entity.words[0].as_str())
        };
        let places = typed.get(&EntityKind::Place).copied().unwrap_or(0);
        let persons = typed.get(&EntityKind::Person).copied().unwrap_or(0);
        let given_names = members.iter().filter(|m| lone_given_name(entity_of(m))).count();
        if typed.len() == 2 && places >= 2 && persons == given_names && given_names * 3 <= members.len() {
            for member in &members {
                let index = entity_of(member);
                if lone_given_name(index) {
                    retype.push((index, EntityKind::Place));
                }
            }
            continue;
        }
        if typed.len() != 1 {
            continue;
        }
        let Some((&kind, &count)) = typed.iter().next() else { continue };
        if count < 2 {
            continue;
        }
        for member in &members {
            let index = entity_of(member);
            let word = ents[index].words.first().map_or("", String::as_str);
            if ents[index].kind == EntityKind::Other
                && ents[index].words.len() == 1
                && !lex.demonyms.contains(word)
            {
                retype.push((index, kind));
            }
        }
    }
    for (index, kind) in retype {
        ents[index].kind = kind;
    }
}

/// [`type_list_members`] as first written (a hash map of members by token): the reference
/// of its test.
#[cfg(test)]
fn type_list_members_with_a_map(ents: &mut [Ent], toks: &[Token]) {
    // The entity and last token of each mention, by first token index (tokens are in text
    // order).
    let mentions: usize = ents.iter().map(|entity| entity.mentions.len()).sum();
    let mut member_at: HashMap<usize, (usize, usize)> =
        HashMap::with_capacity_and_hasher(mentions, Default::default());
    for (index, entity) in ents.iter().enumerate() {
        for &(start, end) in &entity.mentions {
            let Ok(first) = toks.binary_search_by_key(&start, |t| t.start) else { continue };
            let Ok(last) = toks.binary_search_by_key(&end, |t| t.end) else { continue };
            if last >= first {
                member_at.entry(first).or_insert((index, last));
            }
        }
    }
    if member_at.len() < 3 {
        return;
    }
    let lex = lexicon();
    let mut retype: Vec<(usize, EntityKind)> = Vec::new();
    // Mention starts in text order: lists are looked for from each one not inside the
    // previous list.
    let mut starts: Vec<usize> = member_at.keys().copied().collect();
    starts.sort_unstable();
    let mut next_free = 0;
    for k in starts {
        if k < next_free {
            continue;
        }
        let Some(&(_, first_last)) = member_at.get(&k) else { continue };
        // Collect the list starting at token k: name (, name)* ,? (and|or) name.
        let mut members = vec![k];
        let mut at = first_last;
        loop {
            let comma = toks.get(at + 1).is_some_and(|t| t.text == ",");
            let mut next = at + 1 + usize::from(comma);
            let conjunction = toks.get(next).is_some_and(|t| matches!(t.text, "and" | "or") && t.is_word());
            if conjunction {
                next += 1;
            }
            let Some(&(_, next_last)) = member_at.get(&next) else { break };
            if !(comma || conjunction) || toks[next].newline_before {
                break;
            }
            members.push(next);
            at = next_last;
            if conjunction {
                break;
            }
        }
        next_free = at + 1;
        if members.len() < 3 {
            continue;
        }
        let entity_of = |member: &usize| member_at[member].0;
        let mut typed: HashMap<EntityKind, usize> = HashMap::default();
        for member in &members {
            let kind = ents[entity_of(member)].kind;
            if kind != EntityKind::Other {
                *typed.entry(kind).or_default() += 1;
            }
        }
        // A lone given name among places: "Victoria" in "New South Wales, Victoria, …".
        let lone_given_name = |index: usize| {
            let entity = &ents[index];
            entity.kind == EntityKind::Person
                && entity.words.len() == 1
                && lex.first_names.contains(entity.words[0].as_str())
        };
        let places = typed.get(&EntityKind::Place).copied().unwrap_or(0);
        let persons = typed.get(&EntityKind::Person).copied().unwrap_or(0);
        let given_names = members.iter().filter(|m| lone_given_name(entity_of(m))).count();
        if typed.len() == 2 && places >= 2 && persons == given_names && given_names * 3 <= members.len() {
            for member in &members {
                let index = entity_of(member);
                if lone_given_name(index) {
                    retype.push((index, EntityKind::Place));
                }
            }
            continue;
        }
        if typed.len() != 1 {
            continue;
        }
        let Some((&kind, &count)) = typed.iter().next() else { continue };
        if count < 2 {
            continue;
        }
        for member in &members {
            let index = entity_of(member);
            let word = ents[index].words.first().map_or("", String::as_str);
            if ents[index].kind == EntityKind::Other
                && ents[index].words.len() == 1
                && !lex.demonyms.contains(word)
            {
                retype.push((index, kind));
            }
        }
    }
    for (index, kind) in retype {
        ents[index].kind = kind;
    }
}

#[cfg(test)]
mod tests {
    use super::super::{acting, candidates, doc, merge, title_lines, tokens};
    use super::*;

    /// The entities of `body` as [`type_list_members`] receives them, and its tokens.
    fn entities_before_lists<'a>(body: &'a str, chars: &'a [char]) -> (Vec<Ent>, Vec<Token<'a>>) {
        let text = tokens::CharText::new(body, chars);
        let toks = doc::split_affixed_names(tokens::tokenize(&text));
        let initial = doc::sentence_initial(&toks);
        let title_line = title_lines::title_case_lines(&toks);
        let vocab = doc::doc_vocab(&toks, &initial);
        let cands = candidates::candidates(&toks, &initial, &title_line, &vocab, &text);
        let mut ents = merge::build_entities(&cands, &toks, &vocab);
        acting::retype_acting_places(&mut ents, &toks);
        (ents, toks)
    }

    /// The slot per token types the same members as the hash map of members did.
    #[test]
    fn token_slots_type_as_the_map_did() {
        for body in [
            "The gods Zeus, Hera, Poseidon, Aphrodite, and Athena met. Zeus spoke first.",
            "Trials ran in New South Wales, Victoria, South Australia and Queensland last year. Victoria had the most.",
            "Teams from Norway, Chile, Brazil or Peru came. Mary Smith, John Brown and Wei Chen, Quorrin, Zorvan spoke.",
            "A, B, C. Ann, Bob and Cy. Texas, Ohio, Utah\nand Iowa, Idaho, Maine and Kent, Flobb, Grobb and Snibb.",
            "No list here at all.",
            "",
        ] {
            let chars: Vec<char> = body.chars().collect();
            let (mut fast, toks) = entities_before_lists(body, &chars);
            let (mut reference, _) = entities_before_lists(body, &chars);
            type_list_members(&mut fast, &toks);
            type_list_members_with_a_map(&mut reference, &toks);
            let kinds = |ents: &[Ent]| ents.iter().map(|e| (e.name.clone(), e.kind)).collect::<Vec<_>>();
            assert_eq!(kinds(&fast), kinds(&reference), "{body}");
        }
    }
}
