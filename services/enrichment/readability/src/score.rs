use std::borrow::Cow;

use dom_query::{NodeData, NodeId, NodeRef, local_name};
use foldhash::HashMap;

#[allow(clippy::wildcard_imports)]
use crate::glob::*;
use crate::helpers::PatternSet;
use crate::matching::contains_one_of_words;

/// The content scores of one attempt's candidates, by node. Upstream kept each score in a
/// `data-readability-score` attribute (formatted into the node's attributes, parsed back on
/// every read, removed again after the grab); only the attempt reads them.
#[derive(Default)]
pub(crate) struct NodeScores(HashMap<NodeId, f32>);

impl NodeScores {
    /// The node's score, 0 when it has none (as for a node without the attribute).
    pub(crate) fn get(&self, node: &NodeRef) -> f32 {
        self.0.get(&node.id).copied().unwrap_or(0.0)
    }

    /// Whether the node was given a score.
    pub(crate) fn has(&self, node: &NodeRef) -> bool {
        self.0.contains_key(&node.id)
    }

    /// Gives the node a score, replacing any it had.
    pub(crate) fn set(&mut self, node: &NodeRef, score: f32) {
        self.0.insert(node.id, score);
    }

    /// Gives the node its initial score (from its name and class weight) and returns it.
    pub(crate) fn init(&mut self, node: &NodeRef, weigh_classes: bool) -> f32 {
        let score = determine_node_score(node, weigh_classes);
        self.set(node, score);
        score
    }
}

pub(crate) fn determine_node_score(node: &NodeRef, weigh_classes: bool) -> f32 {
    let Some(node_name) = node.qual_name_ref() else {
        return 0.0;
    };

    let score: f32 = match node_name.local.as_ref() {
        "div" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };

    score + get_class_weight(node, weigh_classes)
}

pub(crate) fn get_class_weight(node: &NodeRef, weigh_classes: bool) -> f32 {
    let mut weight = 0.0;

    if !weigh_classes {
        return weight;
    }

    if let Some(el) = node.element_ref() {
        if let Some(class_name) = el.attr_ref(local_name!("class")) {
            weight += determine_attr_weight(&ascii_lowercase(class_name));
        }

        if let Some(id_attr) = el.attr_ref(local_name!("id")) {
            weight += determine_attr_weight(&ascii_lowercase(id_attr));
        }
    }

    weight
}

/// The value with ASCII letters lower-cased, borrowed when it has no upper-case ASCII letter
/// (most class and id values): the weight took a copy of each value.
fn ascii_lowercase(value: &str) -> Cow<'_, str> {
    if value.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(value.to_ascii_lowercase())
    } else {
        Cow::Borrowed(value)
    }
}

/// [`CLASSES_NEGATIVE`] as a [`PatternSet`].
static NEGATIVE_SET: std::sync::LazyLock<PatternSet> =
    std::sync::LazyLock::new(|| PatternSet::new(CLASSES_NEGATIVE));

/// [`CLASSES_POSITIVE`] as a [`PatternSet`].
static POSITIVE_SET: std::sync::LazyLock<PatternSet> =
    std::sync::LazyLock::new(|| PatternSet::new(CLASSES_POSITIVE));

fn determine_attr_weight(attr: &str) -> f32 {
    let mut weight: f32 = 0.0;

    // The word test splits the value into words; its bytes pre-check (every byte of a
    // negative word present) skips that for values without the letters of any negative word.
    if NEGATIVE_SET.found_in(attr)
        || (CLASSES_NEGATIVE_WORDS
            .iter()
            .any(|word| word.bytes().all(|byte| attr.as_bytes().contains(&byte)))
            && contains_one_of_words(attr, CLASSES_NEGATIVE_WORDS))
    {
        weight -= 25.0;
    }
    if POSITIVE_SET.found_in(attr) {
        weight += 25.0;
    }
    weight
}

pub(crate) fn score_text_content(node: &NodeRef) -> usize {
    node.descendants_it()
        .filter_map(|n| {
            n.query(|tree_node| {
                if let NodeData::Text { ref contents } = tree_node.data {
                    contents.chars().filter(|c| COMMAS.contains(c)).count()
                } else {
                    0
                }
            })
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use dom_query::Document;

    /// `get_class_weight` gives what the copying, lower-casing form gave.
    #[test]
    fn class_weight_matches_the_copying_form() {
        let doc = Document::from(
            r#"<div class="Article-Body" id="MAIN"></div><div class="sidebar hid"></div>
            <div id="comment-BOX" class="x"></div><div class=""></div><div></div><p class="ÄRTICLE post">x</p>"#,
        );
        let copying = |node: &NodeRef| {
            let mut weight = 0.0;
            if let Some(el) = node.element_ref() {
                if let Some(mut class_name) = el.class() {
                    class_name.make_ascii_lowercase();
                    weight += determine_attr_weight(&class_name);
                }
                if let Some(mut id_attr) = el.id() {
                    id_attr.make_ascii_lowercase();
                    weight += determine_attr_weight(&id_attr);
                }
            }
            weight
        };
        for node in doc.root().descendants() {
            assert_eq!(get_class_weight(&node, true).to_bits(), copying(&node).to_bits(), "{}", node.html());
            assert_eq!(get_class_weight(&node, false).to_bits(), 0.0f32.to_bits());
        }
    }

    #[test]
    fn test_set_get_node_score_round_trip() {
        let doc = Document::from("<div id=\"a\"></div><div id=\"b\"></div>");
        let a = doc.select("#a").nodes()[0];
        let b = doc.select("#b").nodes()[0];
        let mut scores = NodeScores::default();

        assert_eq!(scores.get(&b).to_bits(), 0u32); // untouched node
        assert!(!scores.has(&b));
        assert_eq!(scores.init(&a, true).to_bits(), 5.0f32.to_bits());
        assert!(scores.has(&a) && !scores.has(&b));

        for score in [
            0.0,
            1.0,
            -3.0,
            27.5,
            123.456_78,
            f32::MAX,
            f32::MIN,
            f32::MIN_POSITIVE,
            f32::EPSILON,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::NAN,
            f32::from_bits(1),           // subnormal
            f32::from_bits(0x7fc0_1234), // non-canonical NaN payload
        ] {
            scores.set(&a, score);
            // Bit-exact: NaN payloads and signs are kept.
            assert_eq!(scores.get(&a).to_bits(), score.to_bits());
        }
    }
}
