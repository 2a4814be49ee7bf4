//! From candidate spans to entities: evidence pooled per surface form, typing, alias merging
//! (surnames, partial or misspelt names, acronyms, place aliases), and the output form.

use rustc_hash::FxHashMap as HashMap;

use super::aliases;
use super::candidates::Cand;
use super::classify::{Evidence, classify};
use super::doc::DocVocab;
use super::lexicon::{WordSet, WordTable, is_org_word, is_place_word, lexicon};
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
        Ent::with_words(name, kind, words)
    }

    /// A new entity without mentions whose name's words are known (`words_of(&name)`).
    fn with_words(name: String, kind: EntityKind, words: Vec<String>) -> Self {
        Ent { words, name, kind, mentions: Vec::new(), role_org: None }
    }
}

/// A surface form (a distinct candidate text) with its words, type and place in the order
/// of surfaces.
struct Surface<'t> {
    text: &'t str,
    words: Vec<&'t str>,
    kind: Option<EntityKind>,
    /// Where the surface sorts, up to ties broken by its whole text (see [`surface_order`]).
    order: SurfaceOrder,
}

/// The order of surfaces as integers: more words first, then more strong mentions, then the
/// text's first eight bytes (big-endian, zero-padded). Surfaces whose keys differ sort as
/// by (words, strong mentions, text); equal keys are compared by their whole texts. Sorting
/// by the key compares integers where comparing texts called `memcmp` for every pair.
type SurfaceOrder = (std::cmp::Reverse<usize>, std::cmp::Reverse<usize>, u64);

/// The [`SurfaceOrder`] of a surface with `words` words, `strong_mentions` and `text`.
fn surface_order(words: usize, strong_mentions: usize, text: &str) -> SurfaceOrder {
    let bytes = text.as_bytes();
    // Loaded without a copy into a buffer (a `memcpy` call for a text of any length).
    let prefix = match bytes.first_chunk::<8>() {
        Some(head) => u64::from_be_bytes(*head),
        // Shifted left to pad with zeros; an empty text is all padding (a shift by 64 would
        // overflow).
        None => bytes
            .iter()
            .fold(0u64, |value, &byte| value << 8 | u64::from(byte))
            .checked_shl(8 * (8 - bytes.len()) as u32)
            .unwrap_or(0),
    };
    (std::cmp::Reverse(words), std::cmp::Reverse(strong_mentions), prefix)
}

/// The words of a name (slices of it).
pub(super) fn words_of(text: &str) -> Vec<&str> {
    // Most names are ASCII letters and digits between spaces ("John Smith", "M5S"): their
    // words are the text split at the spaces, as the tokeniser would split them, without
    // collecting characters or building tokens.
    if text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b' ') {
        return text.split(' ').filter(|word| !word.is_empty()).collect();
    }
    let chars: Vec<char> = text.chars().collect();
    tokenize(&CharText::new(text, &chars)).into_iter().filter(|t| t.is_word()).map(|t| t.text).collect()
}

/// Types every surface form with the evidence pooled over its mentions and merges surface
/// forms into entities: persons' partial and misspelt names, acronyms, place aliases.
pub(super) fn build_entities(cands: &[Cand], toks: &[Token], vocab: &DocVocab) -> Vec<Ent> {
    // Pool evidence by surface text.
    // Word tables (keyed by the candidates' texts): a hash-map entry per candidate and per
    // look-up below cost more than the pooling itself.
    let mut ev: WordTable<'_, Evidence> = WordTable::with_capacity(cands.len());
    for c in cands {
        let (e, _) = ev.get_or_insert(c.text, Evidence::default);
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
    // Sized for its candidates up front: grown from empty, the set placed its words again at
    // each doubling.
    let is_single = |c: &&Cand| c.b - c.a == 1;
    let mut singles = WordSet::with_capacity(cands.iter().filter(is_single).count());
    for c in cands.iter().filter(is_single) {
        singles.insert(c.text, ());
    }
    // Every surface form with its words (tokenised once) and its type.
    let mut surfaces: Vec<Surface<'_>> = ev
        .iter()
        .map(|(text, evidence)| {
            let text: &str = text;
            let words = words_of(text);
            let kind = if words.is_empty() {
                None
            } else {
                let reused = words.len() > 1 && singles.contains(words[words.len() - 1]);
                let first_word_alone = words.len() > 1 && singles.contains(words[0]);
                classify(&words, text, evidence, reused, first_word_alone, vocab)
            };
            let order = surface_order(words.len(), evidence.strong_mentions, text);
            Surface { text, words, kind, order }
        })
        .collect();
    // Persons first: longest names become canonical (texts are distinct, so the order is total).
    surfaces.sort_unstable_by(|x, y| x.order.cmp(&y.order).then_with(|| x.text.cmp(y.text)));
    let mut ents: Vec<Ent> = Vec::new();
    // Look-ups over the entities built so far (their kinds and words do not change in this
    // loop): the persons in order, the first entity of each kind and name, the first
    // organisation or place spelling each initials (spelt once per entity instead of once per
    // comparison), and the first organisation of several words with each word.
    let mut persons: Vec<usize> = Vec::new();
    let mut first_of_name: HashMap<(EntityKind, &str), usize> = HashMap::default();
    let mut first_with_initials: HashMap<String, usize> = HashMap::default();
    let mut first_with_initials_and_numbers: HashMap<String, usize> = HashMap::default();
    let mut first_organisation_with_word: HashMap<&str, usize> = HashMap::default();
    // Each surface is added once (its text is distinct), as a hash map's insert did.
    let mut surface_ent: WordTable<'_, usize> = WordTable::with_capacity(surfaces.len());
    let lex = lexicon();
    for surface in &surfaces {
        let s = surface.text;
        let kind = surface.kind;
        let w = surface.words.as_slice();
        let person_match = match (w.len(), kind) {
            (1, _) => {
                let single = w[0];
                // "Young" is no misspelling of "Yeung" when the story writes "young" (asked
                // once per surface, not per entity).
                let written_lowercase = vocab.is_written_lowercase(single);
                let given_name = lex.first_names.contains(single);
                let fuzzy_allowed = matches!(kind, None | Some(EntityKind::Other) | Some(EntityKind::Person))
                    && !written_lowercase
                    && !lex.places.contains(single);
                persons.iter().copied().find(|&p| {
                    let e = &ents[p];
                    let exact = e.words.len() > 1
                        && (e.words.last().is_some_and(|l| l == single)
                            || (e.words.first().is_some_and(|f| f == single) && given_name));
                    let fuzzy = fuzzy_allowed
                        && e.words.len() > 1
                        && e.words.last().is_some_and(|l| same_name_token_quick(single, l));
                    exact || fuzzy
                })
            }
            (n, Some(EntityKind::Person)) | (n, Some(EntityKind::Other)) if n >= 2 => {
                persons.iter().copied().find(|&p| {
                    let e = &ents[p];
                    // Same name with a misspelt or dropped word.
                    (n == e.words.len() && w.iter().zip(&e.words).all(|(a, b)| same_name_token_quick(a, b)))
                        || (n < e.words.len() && is_subsequence(w, &e.words))
                })
            }
            _ => None,
        };
        if let Some(p) = person_match {
            surface_ent.insert(s, p);
            continue;
        }
        let Some(kind) = kind else { continue };
        // Organisation acronyms and places' aliases.
        let canonical: &str = match kind {
            EntityKind::Place => lex.place_alias.get(s).map_or(s, |canonical| *canonical),
            _ => s,
        };
        // The surface as an acronym without its dots, spelt once for all entities compared.
        let acronym = (kind == EntityKind::Organisation && w.len() == 1).then(|| w[0].replace('.', ""));
        // The first entity that has this kind and name, spells this acronym, or (for "M5S"
        // beside "Movimento 5 Stelle": an acronym with a number is typed "other" alone, but
        // it is the organisation's when it spells its name) spells this acronym with its
        // numbers.
        let same_name = first_of_name.get(&(kind, canonical)).copied();
        let spelt_acronym = acronym.as_deref().and_then(|acronym| first_with_initials.get(acronym).copied());
        let spelt_with_numbers =
            (kind == EntityKind::Other && w.len() == 1 && w[0].chars().any(|c| c.is_ascii_digit()))
                .then(|| first_with_initials_and_numbers.get(w[0]).copied())
                .flatten();
        let existing = [same_name, spelt_acronym, spelt_with_numbers].into_iter().flatten().min();
        if let Some(x) = existing {
            surface_ent.insert(s, x);
            continue;
        }
        // A distinctive word of an organisation's name: "Scientology" in "Church of Scientology".
        if w.len() == 1 && matches!(kind, EntityKind::Other) {
            let single = w[0];
            // The word's own tests do not depend on the organisation: asked once, for the
            // first organisation whose name has the word.
            let containing = first_organisation_with_word.get(single).copied();
            if let Some(x) = containing.filter(|_| {
                !is_org_word(single)
                    && !is_place_word(single)
                    && !lex.demonyms.contains(single)
                    // "Iodine" beside "iodine" more often: a common noun, not a short name.
                    && !vocab.mostly_lowercase(single, toks)
            }) {
                surface_ent.insert(s, x);
                continue;
            }
        }
        let ent = if canonical == s {
            Ent::with_words(canonical.to_owned(), kind, w.iter().map(|word| (*word).to_owned()).collect())
        } else {
            Ent::new(canonical.to_owned(), kind)
        };
        let index = ents.len();
        if ent.words.len() >= 2 && matches!(kind, EntityKind::Organisation | EntityKind::Place) {
            let words: Vec<&str> = ent.words.iter().map(String::as_str).collect();
            first_with_initials.entry(aliases::initials(&words)).or_insert(index);
            if kind == EntityKind::Organisation {
                first_with_initials_and_numbers
                    .entry(aliases::initials_with_numbers(&words))
                    .or_insert(index);
                // An organisation's name is its surface (only places take a canonical name), so
                // its words are the surface's words.
                for word in w {
                    first_organisation_with_word.entry(word).or_insert(index);
                }
            }
        }
        if kind == EntityKind::Person {
            persons.push(index);
        }
        first_of_name.entry((kind, canonical)).or_insert(index);
        ents.push(ent);
        surface_ent.insert(s, index);
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
    let mut strong = vec![false; ents.len()];
    for index in cands.iter().filter(|c| !c.weak_start).filter_map(|c| surface_ent.get(c.text).copied()) {
        if let Some(flag) = strong.get_mut(index) {
            *flag = true;
        }
    }
    for (i, e) in ents.iter_mut().enumerate() {
        if !strong.get(i).copied().unwrap_or(false) && e.kind == EntityKind::Other {
            e.mentions.clear();
        }
    }
    ents
}

fn is_subsequence(short: &[&str], long: &[String]) -> bool {
    let mut it = long.iter();
    short.iter().all(|s| it.any(|l| same_name_token_quick(s, l)))
}

/// [`aliases::same_name_token`] after a first-byte test: tokens that are the same name
/// share their first character, so their first bytes are equal (most pairs differ there, and
/// the comparison is made for every entity of a story).
fn same_name_token_quick(a: &str, b: &str) -> bool {
    a.as_bytes().first() == b.as_bytes().first() && aliases::same_name_token(a, b)
}

/// The output entities: one per (name, kind), mentions sorted, deduplicated and their texts
/// filled from the body (last, so offsets and texts always agree), entities in order of
/// their first mention.
pub(super) fn finish(ents: Vec<Ent>, body: &CharText<'_, '_>) -> Vec<Entity> {
    let mut out: Vec<Entity> = Vec::new();
    let mut seen: HashMap<(String, EntityKind), usize> =
        HashMap::with_capacity_and_hasher(ents.len(), Default::default());
    for e in ents {
        if e.mentions.is_empty() {
            continue;
        }
        let idx = *seen.entry((e.name, e.kind)).or_insert_with_key(|(name, kind)| {
            out.push(Entity { name: name.clone(), kind: *kind, mentions: Vec::new() });
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The split-at-spaces shortcut gives the tokeniser's words.
    #[test]
    fn words_of_plain_names_match_the_tokeniser() {
        let reference = |text: &str| -> Vec<String> {
            let chars: Vec<char> = text.chars().collect();
            tokenize(&CharText::new(text, &chars))
                .into_iter()
                .filter(|t| t.is_word())
                .map(|t| t.text.to_owned())
                .collect()
        };
        for text in [
            "John Smith",
            "M5S",
            "  Movimento 5  Stelle ",
            "",
            " ",
            "NATO's Head",
            "U.S. Navy",
            "Procter & Gamble",
            "Toronto-based",
            "Zoë Ball",
            "A B C",
            "J. Edgar Hoover",
            "501st Legion",
        ] {
            let words: Vec<String> = words_of(text).into_iter().map(str::to_owned).collect();
            assert_eq!(words, reference(text), "{text}");
        }
    }

    /// Sorting by the integer key and then the text gives the order of (more words, more
    /// strong mentions, text), also for texts that share their first eight bytes, are
    /// shorter than eight bytes, are prefixes of one another or are not ASCII.
    #[test]
    fn surface_order_sorts_as_words_mentions_and_text() {
        let texts = [
            "",
            "A",
            "AB",
            "Ab",
            "Abc",
            "Abcdefgh",
            "Abcdefghi",
            "Abcdefgh Z",
            "Abcdefgg Z",
            "Zoë",
            "Zoe",
            "Zo",
            "Émile",
            "Ölander",
            "United States",
            "United Kingdom",
            "United",
            "a\0",
            "a",
        ];
        let mut surfaces: Vec<(usize, usize, &str)> = Vec::new();
        for (index, text) in texts.iter().enumerate() {
            for words in [1, 2] {
                for strong in [0, 3] {
                    if (index + words + strong) % 3 != 0 {
                        surfaces.push((words, strong, text));
                    }
                }
            }
        }
        let mut by_key = surfaces.clone();
        by_key.sort_unstable_by(|x, y| {
            surface_order(x.0, x.1, x.2).cmp(&surface_order(y.0, y.1, y.2)).then_with(|| x.2.cmp(y.2))
        });
        let mut reference = surfaces;
        reference
            .sort_unstable_by(|x, y| y.0.cmp(&x.0).then_with(|| y.1.cmp(&x.1)).then_with(|| x.2.cmp(y.2)));
        assert_eq!(by_key, reference);
    }

    /// The first-byte test only skips pairs that are no same name.
    #[test]
    fn quick_name_token_comparison_matches_the_full_one() {
        let words = [
            "",
            "Stoltenberg",
            "Stoltenburg",
            "stoltenberg",
            "Ölander",
            "Olander",
            "Öland",
            "Émile",
            "Emile",
            "É",
            "Smith",
        ];
        for a in words {
            for b in words {
                assert_eq!(same_name_token_quick(a, b), aliases::same_name_token(a, b), "{a} {b}");
            }
        }
    }
}
