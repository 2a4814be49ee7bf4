//! IPTC Media Topics (the 17 top-level codes) from a keyword lexicon.
//!
//! Each topic has cue stems (`data/iptc_topics.txt`; codes and labels from the IPTC
//! NewsCodes Media Topic vocabulary, CC BY 4.0). Every body word that starts with a stem
//! scores for that topic (headline words count double); entity names count too (so
//! "NATO" cues politics). The score per 100 words becomes a confidence in 0–1; topics under
//! 0.25 are dropped and at most three are kept, the best first.

use std::sync::OnceLock;

use rustc_hash::FxHashMap as HashMap;

use crate::{Entity, Topic};

const LEXICON: &str = include_str!("../data/iptc_topics.txt");

struct TopicDef {
    code: &'static str,
    name: &'static str,
    stems: Vec<&'static str>,
}

fn defs() -> &'static [TopicDef] {
    static D: OnceLock<Vec<TopicDef>> = OnceLock::new();
    D.get_or_init(|| {
        LEXICON
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut parts = l.splitn(3, '|');
                let code = parts.next()?.trim();
                let name = parts.next()?.trim();
                let stems = parts.next()?.split_whitespace().collect();
                Some(TopicDef { code, name, stems })
            })
            .collect()
    })
}

#[cfg(test)]
fn score(def: &TopicDef, word: &str) -> f32 {
    // Short stems (≤ 3 letters) must match the whole word.
    if def.stems.iter().any(|s| if s.len() <= 3 { word == *s } else { word.starts_with(s) }) {
        1.0
    } else {
        0.0
    }
}

/// Topics of the story, most confident first.
pub fn classify(body: &str, headline: Option<&str>, entities: &[Entity]) -> Vec<Topic> {
    let body_words = crate::words::BodyWords::new(body);
    classify_numbered(&crate::words::WordIds::new(&body_words), headline, entities)
}

/// [`classify`] with the body already split into lower-cased words and the distinct ones
/// numbered ([`crate::words::WordIds`]): the pipeline splits the body once for this stage,
/// the summary and the fingerprint.
pub(crate) fn classify_numbered(
    body_ids: &crate::words::WordIds<'_>,
    headline: Option<&str>,
    entities: &[Entity],
) -> Vec<Topic> {
    let defs = defs();
    // Hits per topic. The topics of each distinct body word are looked up once (a story
    // repeats its words a lot); the few headline and entity-name words are looked up among
    // the body's words or directly.
    let mut hits = vec![0.0f32; defs.len()];
    let add = |mask: u64, weight: f32, hits: &mut [f32]| {
        let mut rest = mask;
        while rest != 0 {
            let i = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            if let Some(h) = hits.get_mut(i) {
                *h += weight;
            }
        }
    };
    let masks: Vec<u64> = body_ids.distinct.iter().map(|word| topic_mask(word)).collect();
    for &id in &body_ids.ids {
        add(masks.get(id as usize).copied().unwrap_or(0), 1.0, &mut hits);
    }
    let cached = |word: &str| {
        body_ids
            .index
            .get(word)
            .and_then(|&id| masks.get(id as usize))
            .copied()
            .unwrap_or_else(|| topic_mask(word))
    };
    let body_count = body_ids.ids.len();
    let mut head_count = 0;
    for word in crate::words::alphanumeric_runs(headline.unwrap_or_default()).map(crate::words::lowercase) {
        head_count += 1;
        add(cached(&word), 2.0, &mut hits);
    }
    for e in entities {
        for word in crate::words::alphanumeric_runs(&e.name).map(crate::words::lowercase) {
            add(cached(&word), 0.5, &mut hits);
        }
    }
    let n = (body_count + 2 * head_count).max(1) as f32;
    // Only the kept topics are spelt out (a story has hits for few of them): a topic without
    // hits has confidence 0, and the others are measured before their strings are made.
    let mut out: Vec<Topic> = defs
        .iter()
        .zip(&hits)
        .filter(|&(_, &s)| s != 0.0)
        .filter_map(|(d, &s)| {
            let per100 = 100.0 * s / n;
            // Also require a few hits in absolute terms for long texts.
            let conf = (1.0 - (-per100 / 2.5).exp()) * (1.0 - (-s / 2.0).exp());
            let confidence = (conf.clamp(0.0, 1.0) * 100.0).round() / 100.0;
            (confidence >= 0.25).then(|| Topic {
                code: d.code.to_owned(),
                name: d.name.to_owned(),
                confidence,
            })
        })
        .collect();
    out.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
    out.truncate(3);
    out
}

/// Stems and every prefix of a stem → bit sets of the topics they cue: (as a word prefix, as
/// the whole word); a prefix that is no stem itself maps to no topics. A word's prefixes are
/// looked up shortest first, and the walk stops at the first one missing here (no stem can
/// start with it), after two or three lookups for most words.
fn stem_index() -> &'static HashMap<&'static str, (u64, u64)> {
    static I: OnceLock<HashMap<&'static str, (u64, u64)>> = OnceLock::new();
    I.get_or_init(|| {
        let mut index: HashMap<&'static str, (u64, u64)> = HashMap::default();
        for (i, d) in defs().iter().enumerate() {
            for stem in &d.stems {
                for (end, _) in stem.char_indices().skip(1) {
                    index.entry(&stem[..end]).or_default();
                }
                let entry = index.entry(stem).or_default();
                // Short stems (≤ 3 bytes) must match the whole word.
                if stem.len() <= 3 {
                    entry.1 |= 1 << (i % 64);
                } else {
                    entry.0 |= 1 << (i % 64);
                }
            }
        }
        index
    })
}

/// [`stem_index`] as a byte trie: the node of every prefix of every stem, with the topics
/// of the stems that end there, so that a word's prefixes are found by following its bytes
/// (one short scan per byte) instead of hashing each prefix.
struct StemTrie {
    /// The child of the root for each first byte (0 when none: the root is never a child).
    root: [u32; 256],
    /// The nodes; node 0 is the root.
    nodes: Vec<TrieNode>,
}

/// A node of [`StemTrie`]: a byte prefix of some stem.
#[derive(Default)]
struct TrieNode {
    /// Children by next byte.
    children: Vec<(u8, u32)>,
    /// Topics cued by the stems equal to this prefix: (as a word prefix, as the whole word).
    masks: (u64, u64),
}

impl StemTrie {
    /// The child of `node` for `byte`.
    fn child(&self, node: u32, byte: u8) -> Option<u32> {
        if node == 0 {
            return Some(self.root[usize::from(byte)]).filter(|&child| child != 0);
        }
        let children = &self.nodes.get(node as usize)?.children;
        children.iter().find(|&&(b, _)| b == byte).map(|&(_, child)| child)
    }
}

fn stem_trie() -> &'static StemTrie {
    static T: OnceLock<StemTrie> = OnceLock::new();
    T.get_or_init(|| {
        let mut trie = StemTrie { root: [0; 256], nodes: vec![TrieNode::default()] };
        for (stem, &masks) in stem_index() {
            let mut node = 0u32;
            for &byte in stem.as_bytes() {
                node = match trie.child(node, byte) {
                    Some(child) => child,
                    None => {
                        let child = trie.nodes.len() as u32;
                        trie.nodes.push(TrieNode::default());
                        if node == 0 {
                            trie.root[usize::from(byte)] = child;
                        } else if let Some(parent) = trie.nodes.get_mut(node as usize) {
                            parent.children.push((byte, child));
                        }
                        child
                    }
                };
            }
            if let Some(end) = trie.nodes.get_mut(node as usize) {
                end.masks.0 |= masks.0;
                end.masks.1 |= masks.1;
            }
        }
        trie
    })
}

/// The topics (bits in `defs()` order) a lower-case word cues, as [`score`] decides: the
/// masks of the word's prefixes (at character boundaries) in [`stem_index`], shortest first,
/// up to the first prefix that starts no stem, found by walking [`stem_trie`]. A byte prefix
/// of the word that starts no stem means no longer prefix does either; a prefix ending at a
/// character boundary whose node exists is one of the index's prefixes (UTF-8 is
/// self-synchronising, so it ends at a character boundary of the stem too).
fn topic_mask(word: &str) -> u64 {
    let trie = stem_trie();
    let mut mask = 0u64;
    let mut node = 0u32;
    for (at, &byte) in word.as_bytes().iter().enumerate() {
        let Some(child) = trie.child(node, byte) else { break };
        node = child;
        let end = at + 1;
        if word.is_char_boundary(end)
            && let Some(found) = trie.nodes.get(node as usize)
        {
            mask |= found.masks.0;
            if end == word.len() {
                mask |= found.masks.1;
            }
        }
    }
    mask
}

/// [`topic_mask`] as first written: the word's prefixes looked up in [`stem_index`].
#[cfg(test)]
fn topic_mask_by_index(word: &str) -> u64 {
    let index = stem_index();
    let mut mask = 0u64;
    for (end, _) in word.char_indices().skip(1).chain(std::iter::once((word.len(), ' '))) {
        // Prefixes only grow: once one starts no stem, no longer one does.
        let Some((prefix, exact)) = index.get(&word[..end]) else { break };
        mask |= prefix;
        if end == word.len() {
            mask |= exact;
        }
    }
    mask
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seventeen_topics_and_politics() {
        assert_eq!(defs().len(), 17);
        let t = classify(
            "The minister said the government would call an election. Parliament voted on the bill, and the president signed it.",
            Some("Government calls election"),
            &[],
        );
        assert_eq!(t.first().map(|t| t.code.as_str()), Some("medtop:11000000"));
        assert!(classify("", None, &[]).is_empty());
    }

    /// The prefix lookup agrees with testing every stem.
    #[test]
    fn topic_mask_matches_stem_tests() {
        for word in [
            "election",
            "elections",
            "art",
            "arts",
            "artist",
            "film",
            "über",
            "wählen",
            "x",
            "",
            "government",
            "ölpreis",
        ] {
            let naive = defs()
                .iter()
                .enumerate()
                .filter(|(_, d)| score(d, word) > 0.0)
                .fold(0u64, |m, (i, _)| m | 1 << i);
            assert_eq!(topic_mask(word), naive, "{word}");
            assert_eq!(topic_mask_by_index(word), naive, "{word}");
        }
        // The trie walk agrees with the prefix lookups on every stem, its prefixes and
        // extensions, and words with non-ASCII letters.
        for def in defs() {
            for stem in &def.stems {
                let mut words: Vec<String> =
                    stem.char_indices().map(|(end, _)| stem[..end].to_owned()).collect();
                for suffix in ["", "s", "ing", "é", "ß", "ö"] {
                    words.push(format!("{stem}{suffix}"));
                }
                for word in words {
                    assert_eq!(topic_mask(&word), topic_mask_by_index(&word), "{word}");
                }
            }
        }
        assert_ne!(topic_mask("election"), 0);
    }

    /// The per-distinct-word scoring gives the same confidences as scoring every word.
    #[test]
    fn cached_scoring_matches_naive_scoring() {
        let body = "The Minister said the GOVERNMENT would call an election. Football fans, football clubs and \
                    the league welcomed the vote; the minister's party and the election board disagreed.";
        let headline = "Election: football league backs minister";
        let head = Some(headline);
        let entities = vec![Entity {
            name: "Parliament".into(),
            kind: crate::EntityKind::Organisation,
            mentions: vec![],
        }];
        let words = |t: &str| -> Vec<String> {
            t.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
        };
        let (bw, hw) = (words(body), words(headline));
        let n = (bw.len() + 2 * hw.len()) as f32;
        let mut naive: Vec<(String, f32)> = defs()
            .iter()
            .map(|d| {
                let s = bw.iter().map(|w| score(d, w)).sum::<f32>()
                    + 2.0 * hw.iter().map(|w| score(d, w)).sum::<f32>()
                    + 0.5 * words("Parliament").iter().map(|w| score(d, w)).sum::<f32>();
                let per100 = 100.0 * s / n;
                let conf = (1.0 - (-per100 / 2.5).exp()) * (1.0 - (-s / 2.0).exp());
                (d.code.to_owned(), (conf.clamp(0.0, 1.0) * 100.0).round() / 100.0)
            })
            .filter(|(_, c)| *c >= 0.25)
            .collect();
        naive.sort_by(|a, b| b.1.total_cmp(&a.1));
        naive.truncate(3);
        let got: Vec<(String, f32)> =
            classify(body, head, &entities).into_iter().map(|t| (t.code, t.confidence)).collect();
        assert!(!got.is_empty());
        assert_eq!(got, naive);
    }
}
