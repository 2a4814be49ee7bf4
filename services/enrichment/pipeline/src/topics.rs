//! IPTC Media Topics (the 17 top-level codes) from a keyword lexicon.
//!
//! Each topic has cue stems (`data/iptc_topics.txt`; codes and labels from the IPTC
//! NewsCodes Media Topic vocabulary, CC BY 4.0). Every body word that starts with a stem
//! scores for that topic (headline words count double); entity names count too (so
//! "NATO" cues politics). The score per 100 words becomes a confidence in 0–1; topics under
//! 0.25 are dropped and at most three are kept, the best first.

use std::sync::OnceLock;

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

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

fn score(def: &TopicDef, word: &str) -> f32 {
    // Short stems (≤ 3 letters) must match the whole word.
    if def.stems.iter().any(|s| if s.len() <= 3 { word == *s } else { word.starts_with(s) }) { 1.0 } else { 0.0 }
}

/// Topics of the story, most confident first.
pub fn classify(body: &str, headline: Option<&str>, entities: &[Entity]) -> Vec<Topic> {
    let body_words = words(body);
    let head_words = headline.map(words).unwrap_or_default();
    let entity_words: Vec<String> = entities.iter().flat_map(|e| words(&e.name)).collect();
    let n = (body_words.len() + 2 * head_words.len()).max(1) as f32;
    let mut out: Vec<Topic> = defs()
        .iter()
        .map(|d| {
            let s: f32 = body_words.iter().map(|w| score(d, w)).sum::<f32>()
                + 2.0 * head_words.iter().map(|w| score(d, w)).sum::<f32>()
                + 0.5 * entity_words.iter().map(|w| score(d, w)).sum::<f32>();
            let per100 = 100.0 * s / n;
            // Also require a few hits in absolute terms for long texts.
            let conf = (1.0 - (-per100 / 2.5).exp()) * (1.0 - (-s / 2.0).exp());
            Topic { code: d.code.to_owned(), name: d.name.to_owned(), confidence: (conf.clamp(0.0, 1.0) * 100.0).round() / 100.0 }
        })
        .filter(|t| t.confidence >= 0.25)
        .collect();
    out.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
    out.truncate(3);
    out
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
}
