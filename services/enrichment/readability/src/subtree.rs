//! Text measures of every subtree under one root, taken in a single walk.
//!
//! Scoring asks for the normalized character count, the comma count and the link density of
//! many nested nodes (each scored element and up to five of its ancestors). Measured one by
//! one, every ancestor re-reads the whole text below it, and a page's outer containers are
//! read dozens of times. The measures here compose from a node's children, so one post-order
//! walk gives them for every node, with exactly the results of the per-node functions.

use dom_query::{NodeData, NodeId, NodeRef};
use foldhash::HashMap;

use crate::glob::COMMAS;
use crate::helpers::link_density_fn;

/// What a subtree's text contributes to the measures, in a form that composes: the measures of
/// a node follow from those of its children in document order.
#[derive(Clone, Copy, Default)]
struct TextSummary {
    /// Whether the subtree holds a text node. An empty one counts: like any text node it sets
    /// the "last character was whitespace" state of `normalized_char_count` (to false).
    has_text: bool,
    /// Normalized characters of the subtree's text when whitespace precedes it, before the
    /// final trailing-whitespace trim (see `normalized_char_count`).
    chars: usize,
    /// Whether the first text node starts with whitespace: such a character is counted when
    /// the text before it did not end with whitespace.
    starts_ws: bool,
    /// Whether the last text node ends with whitespace.
    ends_ws: bool,
    /// Characters of [`COMMAS`] in the subtree's text (what `score_text_content` counts).
    commas: usize,
    /// Normalized characters of descendant `<a>` elements whose link weight is 1 (all but
    /// in-page `#fragment` links), summed as `link_density_fn` sums them.
    link_chars: usize,
    /// Whether a descendant `<a>` is an in-page `#fragment` link: its weight of 0.3 makes the
    /// `f32` sum depend on the order of additions, so such subtrees take the per-link walk.
    fragment_link: bool,
}

impl TextSummary {
    /// The summary of one text node.
    fn of_text(text: &str) -> Self {
        let (chars, commas) = char_counts(text);
        Self {
            has_text: true,
            chars,
            starts_ws: text.starts_with(char::is_whitespace),
            ends_ws: text.ends_with(char::is_whitespace),
            commas,
            ..Self::default()
        }
    }

    /// Appends the summary of the next subtree in document order.
    fn push(&mut self, next: &Self) {
        self.commas += next.commas;
        self.link_chars += next.link_chars;
        self.fragment_link |= next.fragment_link;
        if !next.has_text {
            return;
        }
        if self.has_text {
            // The next text's leading whitespace counts only after non-whitespace.
            self.chars += next.chars + usize::from(!self.ends_ws && next.starts_ws);
        } else {
            self.has_text = true;
            self.chars = next.chars;
            self.starts_ws = next.starts_ws;
        }
        self.ends_ws = next.ends_ws;
    }

    /// The node's own `normalized_char_count`: text measured from a whitespace state, with one
    /// trailing whitespace character dropped.
    fn char_count(&self) -> usize {
        if self.has_text && !self.ends_ws { self.chars } else { self.chars.saturating_sub(1) }
    }
}

/// Normalized characters (when whitespace precedes the text) and commas of a text.
fn char_counts(text: &str) -> (usize, usize) {
    let mut chars = 0;
    let mut commas = 0;
    let mut prev_ws = true;
    for c in text.chars() {
        let is_ws = c.is_whitespace();
        chars += usize::from(!(prev_ws && is_ws));
        prev_ws = is_ws;
        commas += usize::from(COMMAS.contains(&c));
    }
    (chars, commas)
}

/// The node's `normalized_char_count` when it is below `limit`; otherwise some count of at
/// least `limit`, found without reading the rest of the text. A caller that only compares the
/// count with `limit` (an attempt's article against the accepted length) need not read a long
/// article to the end.
pub(crate) fn char_count_up_to(node: &NodeRef, limit: usize) -> usize {
    let mut text = TextSummary::default();
    // The node itself first, as `normalized_char_count` reads it (a text node counts itself).
    for descendant in std::iter::once(*node).chain(node.descendants_it()) {
        let summary = descendant.query(|n| match n.data {
            NodeData::Text { ref contents } => Some(TextSummary::of_text(contents)),
            _ => None,
        });
        let Some(summary) = summary.flatten() else { continue };
        text.push(&summary);
        // The trailing-whitespace trim takes at most one character off.
        if text.chars > limit {
            return text.chars;
        }
    }
    text.char_count()
}

/// How a node adds to its parent's link measures when it is an `<a>` element.
enum LinkKind {
    /// Not an `<a>` element.
    None,
    /// An `<a>` of weight 1.
    Plain,
    /// An in-page `#fragment` link (weight 0.3).
    Fragment,
}

/// The link weight class of a tree node, as `link_density_fn` weighs it.
fn link_kind(data: &NodeData) -> LinkKind {
    let NodeData::Element(el) = data else { return LinkKind::None };
    if &*el.name.local != "a" {
        return LinkKind::None;
    }
    let href = el.attr("href").unwrap_or_default();
    if href.len() > 1 && href.starts_with('#') { LinkKind::Fragment } else { LinkKind::Plain }
}

/// Measures of every node under a root, taken at one moment: valid while the tree's text and
/// structure under the root do not change (attributes may).
#[derive(Default)]
pub(crate) struct SubtreeStats {
    /// Summary of every non-text node under the root (the root included).
    summaries: HashMap<NodeId, TextSummary>,
}

impl SubtreeStats {
    /// Walks the subtree of `root` once, post-order, summarising every node.
    pub(crate) fn new(root: &NodeRef) -> Self {
        let tree = root.tree;
        let mut summaries = HashMap::default();
        // Open nodes from the root down, each with the summary of its children so far.
        let mut open: Vec<(NodeId, TextSummary)> = vec![(root.id, TextSummary::default())];
        let mut next = root.first_child().map(|n| n.id);
        loop {
            if let Some(id) = next {
                let step = tree.query_node(&id, |n| match n.data {
                    NodeData::Text { ref contents } => (Some(TextSummary::of_text(contents)), n.next_sibling),
                    _ => (None, n.first_child),
                });
                match step {
                    Some((Some(text), sibling)) => {
                        if let Some((_, parent)) = open.last_mut() {
                            parent.push(&text);
                        }
                        next = sibling;
                    }
                    Some((None, first_child)) => {
                        open.push((id, TextSummary::default()));
                        next = first_child;
                    }
                    None => next = None,
                }
                continue;
            }
            // The innermost open node has no more children: close it.
            let Some((id, summary)) = open.pop() else { break };
            summaries.insert(id, summary);
            let Some((_, parent)) = open.last_mut() else { break };
            let (kind, sibling) =
                tree.query_node_or(&id, (LinkKind::None, None), |n| (link_kind(&n.data), n.next_sibling));
            match kind {
                LinkKind::None => {}
                LinkKind::Plain => parent.link_chars += summary.char_count(),
                LinkKind::Fragment => parent.fragment_link = true,
            }
            parent.push(&summary);
            next = sibling;
        }
        Self { summaries }
    }

    /// The node's `normalized_char_count`, from the walk when the node was under the root.
    pub(crate) fn char_count(&self, node: &NodeRef) -> usize {
        self.summaries.get(&node.id).map_or_else(|| node.normalized_char_count(), TextSummary::char_count)
    }

    /// Commas in the node's text, as `score_text_content` counts them.
    pub(crate) fn commas(&self, node: &NodeRef) -> usize {
        self.summaries.get(&node.id).map_or_else(|| crate::score::score_text_content(node), |s| s.commas)
    }

    /// The node's link density, as `link_density_fn` computes it with these char counts.
    /// Plain links' integer character counts add up exactly in `f32` below 2^24, in any
    /// order; in-page links' fractional weights do not, so those subtrees are walked.
    pub(crate) fn link_density(&self, node: &NodeRef) -> f32 {
        /// Sums below this are exact in `f32`.
        const EXACT_F32_INTEGERS: usize = 1 << 24;
        match self.summaries.get(&node.id) {
            Some(s) if !s.fragment_link && s.link_chars < EXACT_F32_INTEGERS => {
                if s.link_chars == 0 {
                    return 0.0;
                }
                let text_length = s.char_count() as f32;
                if text_length == 0.0 { 0.0 } else { s.link_chars as f32 / text_length }
            }
            _ => link_density_fn(node, None, |n| self.char_count(n)),
        }
    }
}

#[cfg(test)]
mod tests {
    use dom_query::Document;

    use super::*;
    use crate::helpers::link_density;
    use crate::score::score_text_content;

    /// Every node's measures from the one walk equal the per-node functions', on text with
    /// leading, trailing and repeated whitespace, empty text, non-ASCII commas, nested and
    /// in-page links.
    #[test]
    fn measures_match_the_per_node_functions() {
        let html = "<html><body> <div id=a>  Hello,  world <p>one, two،<a href='/x'> link  text </a></p>\
            <p></p><span>tail\u{00a0} </span> <a href='#top'>top</a><a href='#'>bare</a>\
            <div><a href='/y'>outer <a href='/z'>inner</a></a> end </div></div>\
            <table><tr><td>cell，</td></tr></table>\n</body></html>";
        let doc = Document::from(html);
        let Some(body) = doc.body() else { panic!("no body") };
        // An empty text node, as the tree edits of a grab can leave.
        if let Some(p) = doc.select("p").nodes().get(1) {
            p.append_child(&doc.tree.new_text(""));
        }
        let stats = SubtreeStats::new(&body);
        let mut checked = 0;
        for node in std::iter::once(body).chain(body.descendants()) {
            if node.is_text() {
                continue;
            }
            assert_eq!(stats.char_count(&node), node.normalized_char_count(), "{}", node.html());
            assert_eq!(stats.commas(&node), score_text_content(&node), "{}", node.html());
            assert_eq!(
                stats.link_density(&node).to_bits(),
                link_density(&node, None).to_bits(),
                "{}",
                node.html()
            );
            checked += 1;
        }
        assert!(checked > 10);
        for node in std::iter::once(body).chain(body.descendants()) {
            let count = node.normalized_char_count();
            for limit in 0..60 {
                let up_to = char_count_up_to(&node, limit);
                if count < limit {
                    assert_eq!(up_to, count, "{}", node.html());
                } else {
                    assert!(up_to >= limit, "{}", node.html());
                }
            }
        }
    }
}
