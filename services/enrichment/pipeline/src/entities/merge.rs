//! From candidate spans to entities: evidence pooled per surface form, typing, alias merging
//! (surnames, partial or misspelt names, acronyms, place aliases), and the output form.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::aliases;
use super::candidates::Cand;
use super::classify::{Evidence, classify};
use super::doc::DocVocab;
use super::lexicon::{is_org_word, is_place_word, lexicon};
use super::tokens::{CharText, Token, tokenize};
use crate::{Entity, EntityKind, Mention};

/// An entity being built: mentions are character ranges of the body.
#[derive(Debug)]
pub(super) struct Ent {
    /// Canonical name.
    pub name: String,
    pub kind: EntityKind,
    /// Words of the canonical name.
    pub words: Vec<String>,
    pub mentions: Vec<(usize, usize)>,
    /// Role organisation word(s) the person was introduced with, e.g. "NATO".
    pub role_org: Option<String>,
}

impl Ent {
    /// A new entity without mentions.
    pub fn new(name: String, kind: EntityKind) -> Self {
        let words = words_of(&name).into_iter().map(str::to_owned).collect();
        Ent { words, name, kind, mentions: Vec::new(), role_org: None }
    }
}

/// The words of a name (slices of it).
pub(super) fn words_of(text: &str) -> Vec<&str> {
    let chars: Vec<char> = text.chars().collect();
    tokenize(&CharText::new(text, &chars)).into_iter().filter(|t| t.is_word()).map(|t| t.text).collect()
}

/// Types every surface form with the evidence pooled over its mentions and merges surface
/// forms into entities: persons' partial and misspelt names, acronyms, place aliases.
pub(super) fn build_entities(cands: &[Cand], toks: &[Token], vocab: &DocVocab) -> Vec<Ent> {
    // Pool evidence by surface text.
    let mut ev: HashMap<&str, Evidence> = HashMap::default();
    for c in cands {
        let e = ev.entry(c.text).or_default();
        e.titled |= c.titled;
        e.speaker |= c.speaker;
        e.org_context |= c.org_context;
        e.place_context |= c.place_context;
        e.owner |= c.owner;
        if !c.weak_start {
            e.strong_mentions += 1;
        }
        e.mentions += 1;
        e.heads_government |= c.heads_government;
        if c.work_title {
            e.work_titles += 1;
        }
        if c.before_system_noun {
            e.before_system_noun += 1;
        }
        if c.after_the {
            e.after_the += 1;
        }
    }
    // Single words used alone somewhere (surname reuse).
    let singles: HashSet<&str> = cands.iter().filter(|c| c.b - c.a == 1).map(|c| c.text).collect();
    // The words of every surface form, tokenised once: they are asked for three times below.
    let surface_words: HashMap<&str, Vec<&str>> = ev.keys().map(|text| (*text, words_of(text))).collect();
    let words_of_surface = |text: &str| surface_words.get(text).map_or(&[][..], Vec::as_slice);
    let mut kinds: HashMap<&str, Option<EntityKind>> = HashMap::default();
    for (text, e) in &ev {
        let wr = words_of_surface(text);
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
    surfaces.sort_by_cached_key(|s| {
        (
            std::cmp::Reverse(words_of_surface(s).len()),
            std::cmp::Reverse(ev[s].strong_mentions),
            s.to_string(),
        )
    });
    let mut ents: Vec<Ent> = Vec::new();
    let mut surface_ent: HashMap<&str, usize> = HashMap::default();
    let lex = lexicon();
    for s in &surfaces {
        let kind = kinds.get(s).copied().flatten();
        let w = words_of_surface(s);
        // "Young" is no misspelling of "Yeung" when the story writes "young" (asked once
        // per surface, not per entity).
        let written_lowercase = w.len() == 1 && vocab.lower.contains_key(w[0].to_lowercase().as_str());
        // Person alias matching (any kind for single words that are a person's name word).
        let person_match = ents.iter().position(|e| {
            e.kind == EntityKind::Person
                && match (w.len(), kind) {
                    (1, _) => {
                        let single = w[0];
                        let exact = e.words.len() > 1
                            && (e.words.last().is_some_and(|l| l == single)
                                || (e.words.first().is_some_and(|f| f == single)
                                    && lex.first_names.contains(single)));
                        let fuzzy = matches!(kind, None | Some(EntityKind::Other) | Some(EntityKind::Person))
                            && !written_lowercase
                            && !lex.places.contains(single)
                            && e.words.len() > 1
                            && e.words.last().is_some_and(|l| aliases::same_name_token(single, l));
                        exact || fuzzy
                    }
                    (n, Some(EntityKind::Person)) | (n, Some(EntityKind::Other)) if n >= 2 => {
                        // Same name with a misspelt or dropped word.
                        (n == e.words.len()
                            && w.iter().zip(&e.words).all(|(a, b)| aliases::same_name_token(a, b)))
                            || (n < e.words.len() && is_subsequence(w, &e.words))
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
            EntityKind::Place => lex.canonical_place(s),
            _ => s.to_string(),
        };
        // The surface as an acronym without its dots, spelt once for all entities compared.
        let acronym = (kind == EntityKind::Organisation && w.len() == 1).then(|| w[0].replace('.', ""));
        let existing = ents.iter().position(|e| {
            (e.kind == kind && e.name == canonical)
                // Acronyms of organisations and of facilities ("GSFC" for "Goddard Space Flight Center").
                || (acronym.is_some()
                    && matches!(e.kind, EntityKind::Organisation | EntityKind::Place)
                    && e.words.len() >= 2
                    && {
                        let iw: Vec<&str> = e.words.iter().map(String::as_str).collect();
                        acronym.as_deref() == Some(aliases::initials(&iw).as_str())
                    })
                // "M5S" for "Movimento 5 Stelle": an acronym with a number is typed "other"
                // alone, but it is the organisation's when it spells its name.
                || (kind == EntityKind::Other
                    && w.len() == 1
                    && e.kind == EntityKind::Organisation
                    && e.words.len() >= 2
                    && w[0].chars().any(|c| c.is_ascii_digit())
                    && {
                        let iw: Vec<&str> = e.words.iter().map(String::as_str).collect();
                        aliases::initials_with_numbers(&iw) == w[0]
                    })
        });
        if let Some(x) = existing {
            surface_ent.insert(s, x);
            continue;
        }
        // A distinctive word of an organisation's name: "Scientology" in "Church of Scientology".
        if w.len() == 1 && matches!(kind, EntityKind::Other) {
            let single = w[0];
            if let Some(x) = ents.iter().position(|e| {
                e.kind == EntityKind::Organisation
                    && e.words.len() > 1
                    && e.words.iter().any(|x| x == single)
                    && !is_org_word(single)
                    && !is_place_word(single)
                    && !lex.demonyms.contains(single)
                    // "Iodine" beside "iodine" more often: a common noun, not a short name.
                    && !vocab.mostly_lowercase(single, toks)
            }) {
                surface_ent.insert(s, x);
                continue;
            }
        }
        ents.push(Ent::new(canonical, kind));
        surface_ent.insert(s, ents.len() - 1);
    }
    for c in cands {
        if let Some(&e) = surface_ent.get(c.text) {
            // A weak sentence-initial single word joins only when the entity is also seen elsewhere.
            let ent = &mut ents[e];
            ent.mentions.push((toks[c.a].start, toks[c.b - 1].end));
            if ent.kind == EntityKind::Person
                && ent.role_org.is_none()
                && let Some((org, _)) = &c.role
                && !org.is_empty()
            {
                ent.role_org = Some((*org).to_owned());
            }
        }
    }
    // Drop entities whose only evidence is weak sentence-initial single words.
    let strong: HashSet<usize> = cands
        .iter()
        .filter(|c| !c.weak_start)
        .filter_map(|c| surface_ent.get(c.text).copied())
        .collect();
    for (i, e) in ents.iter_mut().enumerate() {
        if !strong.contains(&i) && e.kind == EntityKind::Other {
            e.mentions.clear();
        }
    }
    ents
}

fn is_subsequence(short: &[&str], long: &[String]) -> bool {
    let mut it = long.iter();
    short.iter().all(|s| it.any(|l| aliases::same_name_token(s, l)))
}

/// The output entities: one per (name, kind), mentions sorted, deduplicated and their texts
/// filled from the body (last, so offsets and texts always agree), entities in order of
/// their first mention.
pub(super) fn finish(ents: Vec<Ent>, body: &CharText<'_, '_>) -> Vec<Entity> {
    let mut out: Vec<Entity> = Vec::new();
    let mut seen: HashMap<(String, EntityKind), usize> = HashMap::default();
    for e in ents {
        if e.mentions.is_empty() {
            continue;
        }
        let idx = *seen.entry((e.name.clone(), e.kind)).or_insert_with(|| {
            out.push(Entity { name: e.name.clone(), kind: e.kind, mentions: Vec::new() });
            out.len() - 1
        });
        out[idx].mentions.extend(e.mentions.into_iter().map(|(start, end)| Mention {
            text: String::new(),
            start,
            end,
        }));
    }
    for e in &mut out {
        e.mentions.sort_by_key(|m| (m.start, m.end));
        e.mentions.dedup_by_key(|m| (m.start, m.end));
        for m in &mut e.mentions {
            m.text = body.span(m.start, m.end).to_owned();
        }
    }
    out.sort_by_key(|e| e.mentions.first().map_or(usize::MAX, |m| m.start));
    out
}
