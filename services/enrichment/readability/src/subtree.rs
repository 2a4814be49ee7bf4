//! Text measures of every subtree under one root, taken in a single walk.
//!
//! Scoring asks for the normalized character count, the comma count and the link density of
//! many nested nodes (each scored element and up to five of its ancestors). Measured one by
//! one, every ancestor re-reads the whole text below it, and a page's outer containers are
//! read dozens of times. The measures here compose from a node's children, so one post-order
//! walk gives them for every node, with exactly the results of the per-node functions.

use dom_query::{NodeData, NodeId, NodeRef};

use crate::glob::COMMAS;
use crate::helpers::{any_descendant, is_nonempty_text_node, link_density_fn};

/// What a subtree's text contributes to the measures, in a form that composes: the measures of
/// a node follow from those of its children in document order.
#[derive(Clone, Copy, Default)]
pub(crate) struct TextSummary {
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
    /// `,` characters (bytes) in the subtree's text, counted among [`TextSummary::commas`].
    pub(crate) ascii_commas: usize,
    /// Normalized characters of descendant `<a>` elements whose link weight is 1 (all but
    /// in-page `#fragment` links), summed as `link_density_fn` sums them.
    pub(crate) link_chars: usize,
    /// Whether a descendant `<a>` is an in-page `#fragment` link: its weight of 0.3 makes the
    /// `f32` sum depend on the order of additions, so such subtrees take the per-link walk.
    pub(crate) fragment_link: bool,
}

impl TextSummary {
    /// The summary of one text node.
    pub(crate) fn of_text(text: &str) -> Self {
        let (chars, ascii_commas, other_commas, _) = scan_text(text, true, true);
        Self {
            has_text: true,
            chars,
            starts_ws: text.starts_with(char::is_whitespace),
            ends_ws: text.ends_with(char::is_whitespace),
            commas: ascii_commas + other_commas,
            ascii_commas,
            ..Self::default()
        }
    }

    /// Adds the summary of an element child (`summary`, of its own children) as the parent's
    /// link measures count it: an `<a>` child's characters are link characters.
    pub(crate) fn push_element(&mut self, kind: &LinkKind, summary: &Self) {
        match kind {
            LinkKind::None => {}
            LinkKind::Plain => self.link_chars += summary.char_count(),
            LinkKind::Fragment => self.fragment_link = true,
        }
        self.push(summary);
    }

    /// The link density of a node whose children this summarises, as `link_density_fn`
    /// computes it with the node's char count; `None` when an in-page link (or a sum too large
    /// to be exact in `f32`) needs the per-link walk.
    pub(crate) fn link_density(&self) -> Option<f32> {
        /// Sums below this are exact in `f32`.
        const EXACT_F32_INTEGERS: usize = 1 << 24;
        if self.fragment_link || self.link_chars >= EXACT_F32_INTEGERS {
            return None;
        }
        if self.link_chars == 0 {
            return Some(0.0);
        }
        let text_length = self.char_count() as f32;
        Some(if text_length == 0.0 { 0.0 } else { self.link_chars as f32 / text_length })
    }

    /// Appends the summary of the next subtree in document order.
    pub(crate) fn push(&mut self, next: &Self) {
        self.commas += next.commas;
        self.ascii_commas += next.ascii_commas;
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
    pub(crate) fn char_count(&self) -> usize {
        if self.has_text && !self.ends_ws { self.chars } else { self.chars.saturating_sub(1) }
    }
}

/// Is this byte ASCII whitespace (what `char::is_whitespace` accepts below 0x80)?
#[inline(always)]
fn is_ascii_space(byte: u8) -> bool {
    byte == b' ' || byte.wrapping_sub(b'\t') < 5
}

/// Bytes taken at once by [`scan_text`] when they are all ASCII.
const CHUNK: usize = 16;

/// The high bit of every byte of a [`CHUNK`] read as a `u128`: set only in non-ASCII bytes.
const NON_ASCII_BITS: u128 = u128::from_ne_bytes([0x80; CHUNK]);

/// Normalized characters of `text` when the text before it ended in whitespace or not
/// (`start_whitespace`), and, when `count_commas`, characters of [`COMMAS`] (`,` and the
/// others apart): the per-char loop with `char::is_whitespace` and `COMMAS.contains` (see the
/// tests' references), with runs of 16 ASCII bytes counted together. Returns the counts and
/// whether the text ended in whitespace (the start state when asked again).
#[inline(always)]
fn scan_text(text: &str, start_whitespace: bool, count_commas: bool) -> (usize, usize, usize, bool) {
    let bytes = text.as_bytes();
    let mut chars = 0;
    let mut commas = 0;
    let mut other_commas = 0;
    let mut prev_ws = start_whitespace;
    let mut index = 0;
    while index < bytes.len() {
        // Plain ASCII first: a chunk's spaces, space pairs and commas are counted per byte
        // without the dependency on the previous byte's state.
        let mut ascii_until = bytes.len();
        if let Some(chunk) = bytes.get(index..index + CHUNK)
            && let Ok(chunk) = <[u8; CHUNK]>::try_from(chunk)
        {
            let non_ascii = u128::from_ne_bytes(chunk) & NON_ASCII_BITS;
            if non_ascii == 0 {
                let mut spaces = [0u8; CHUNK];
                for (space, &byte) in spaces.iter_mut().zip(&chunk) {
                    *space = u8::from(is_ascii_space(byte));
                }
                let mut space_pairs = u8::from(prev_ws) & spaces[0];
                for pair in spaces.windows(2) {
                    space_pairs += pair[0] & pair[1];
                }
                chars += CHUNK - usize::from(space_pairs);
                if count_commas {
                    commas += chunk.iter().filter(|&&byte| byte == b',').count();
                }
                prev_ws = spaces[CHUNK - 1] == 1;
                index += CHUNK;
                continue;
            }
            // Bytes before the chunk's first non-ASCII byte are ASCII.
            let first_non_ascii = if cfg!(target_endian = "little") {
                non_ascii.trailing_zeros() / 8
            } else {
                non_ascii.leading_zeros() / 8
            };
            ascii_until = index + first_non_ascii as usize;
        }
        // ASCII bytes one at a time up to the next non-ASCII character, which is decoded.
        while index < ascii_until
            && let Some(&byte) = bytes.get(index)
            && byte.is_ascii()
        {
            let is_ws = is_ascii_space(byte);
            chars += usize::from(!(prev_ws && is_ws));
            prev_ws = is_ws;
            commas += usize::from(count_commas && byte == b',');
            index += 1;
        }
        if bytes.get(index).is_none_or(u8::is_ascii) {
            continue;
        }
        let Some(c) = text.get(index..).and_then(|rest| rest.chars().next()) else { break };
        let is_ws = c.is_whitespace();
        chars += usize::from(!(prev_ws && is_ws));
        prev_ws = is_ws;
        other_commas += usize::from(count_commas && COMMAS.contains(&c));
        index += c.len_utf8();
    }
    (chars, commas, other_commas, prev_ws)
}

/// Normalized characters (when whitespace precedes the text) and commas of a text.
#[cfg(test)]
fn char_counts(text: &str) -> (usize, usize) {
    let (chars, ascii_commas, other_commas, _) = scan_text(text, true, true);
    (chars, ascii_commas + other_commas)
}

/// dom_query's per-text `normalized_char_count(text, start_whitespace)`: characters counted
/// with each whitespace run after whitespace dropped.
fn normalized_text_chars(text: &str, start_whitespace: bool) -> usize {
    scan_text(text, start_whitespace, false).0
}

/// `NodeRef::normalized_char_count` (the node's text with whitespace runs counted once and
/// one trailing whitespace dropped), with the per-character work done per byte class: that
/// count was the costliest part of scoring and cleaning.
pub(crate) fn normalized_char_count(node: &NodeRef) -> usize {
    let mut count: usize = 0;
    let mut last_was_whitespace = true;
    for descendant in std::iter::once(*node).chain(node.descendants_it()) {
        descendant.query(|n| {
            if let NodeData::Text { ref contents } = n.data {
                count += normalized_text_chars(contents, last_was_whitespace);
                last_was_whitespace = contents.ends_with(char::is_whitespace);
            }
        });
    }
    if last_was_whitespace && count > 0 {
        count -= 1;
    }
    count
}

/// Whether the node's text (the node's own for a text node, and its descendants') holds a
/// character other than whitespace: `normalized_char_count(node) != 0`, answered at the first
/// such character (removing empty paragraphs counted every paragraph's whole text).
pub(crate) fn has_non_whitespace_text(node: &NodeRef) -> bool {
    node.query_or(false, is_nonempty_text_node) || any_descendant(node, is_nonempty_text_node)
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
#[derive(Clone, Copy, Default)]
pub(crate) enum LinkKind {
    /// Not an `<a>` element.
    #[default]
    None,
    /// An `<a>` of weight 1.
    Plain,
    /// An in-page `#fragment` link (weight 0.3).
    Fragment,
}

/// The link weight class of a tree node, as `link_density_fn` weighs it.
pub(crate) fn link_kind(data: &NodeData) -> LinkKind {
    let NodeData::Element(el) = data else { return LinkKind::None };
    if &*el.name.local != "a" {
        return LinkKind::None;
    }
    // The first `href` in any namespace, read in place (`attr` copied it out).
    let href = el.attrs.iter().find(|a| &*a.name.local == "href").map_or("", |a| &*a.value);
    if href.len() > 1 && href.starts_with('#') { LinkKind::Fragment } else { LinkKind::Plain }
}

/// Measures of every node under a root, taken at one moment: valid while the tree's text and
/// structure under the root do not change (attributes may). The summaries of single text
/// nodes stay valid while their text does not change (an attempt never edits text).
#[derive(Default)]
pub(crate) struct SubtreeStats {
    /// For each node index (`NodeId::value`) below the tree's length at the walk, one more than
    /// the position of the node's summary in `summaries`, or 0 when the node was not walked.
    slots: Vec<u32>,
    /// Summary of every node under the root (the root included): of its children for an
    /// element, of its text for a text node.
    summaries: Vec<TextSummary>,
}

impl SubtreeStats {
    /// Walks the subtree of `root` once, post-order, summarising every node.
    pub(crate) fn new(root: &NodeRef) -> Self {
        let tree = root.tree;
        let mut stats = Self { slots: vec![0; tree.len()], summaries: Vec::with_capacity(tree.len()) };
        // Open nodes from the root down: id, link kind and next sibling (read when the node was
        // entered, so that closing it needs no second read), and the summary of its children
        // so far.
        let mut open: Vec<(NodeId, LinkKind, Option<NodeId>, TextSummary)> =
            vec![(root.id, LinkKind::None, None, TextSummary::default())];
        let mut next = root.first_child().map(|n| n.id);
        loop {
            if let Some(id) = next {
                /// What the walk does after reading a node.
                enum Step {
                    /// A text node, counted: on to its sibling.
                    Text(TextSummary, Option<NodeId>),
                    /// Another node: its children come next.
                    Open(LinkKind, Option<NodeId>, Option<NodeId>),
                }
                let step = tree.query_node(&id, |n| match n.data {
                    NodeData::Text { ref contents } => {
                        Step::Text(TextSummary::of_text(contents), n.next_sibling)
                    }
                    _ => Step::Open(link_kind(&n.data), n.first_child, n.next_sibling),
                });
                match step {
                    Some(Step::Text(text, sibling)) => {
                        if let Some((_, _, _, parent)) = open.last_mut() {
                            parent.push(&text);
                        }
                        stats.record(id, text);
                        next = sibling;
                    }
                    Some(Step::Open(kind, first_child, sibling)) => {
                        open.push((id, kind, sibling, TextSummary::default()));
                        next = first_child;
                    }
                    None => next = None,
                }
                continue;
            }
            // The innermost open node has no more children: close it.
            let Some((id, kind, sibling, summary)) = open.pop() else { break };
            stats.record(id, summary);
            let Some((_, _, _, parent)) = open.last_mut() else { break };
            parent.push_element(&kind, &summary);
            next = sibling;
        }
        stats
    }

    /// Keeps the summary of node `id` (not kept for a node past the slots).
    fn record(&mut self, id: NodeId, summary: TextSummary) {
        let Some(slot) = self.slots.get_mut(id.value()) else { return };
        let Ok(position) = u32::try_from(self.summaries.len() + 1) else { return };
        *slot = position;
        self.summaries.push(summary);
    }

    /// The summary of node `id` from the walk, if it was walked.
    pub(crate) fn summary(&self, id: NodeId) -> Option<&TextSummary> {
        let position = *self.slots.get(id.value())?;
        self.summaries.get(usize::try_from(position).ok()?.checked_sub(1)?)
    }

    /// The node's `normalized_char_count`, from the walk when the node was under the root.
    pub(crate) fn char_count(&self, node: &NodeRef) -> usize {
        self.summary(node.id).map_or_else(|| normalized_char_count(node), TextSummary::char_count)
    }

    /// Commas in the node's text, as `score_text_content` counts them.
    pub(crate) fn commas(&self, node: &NodeRef) -> usize {
        // `score_text_content` counts a node's descendants only: none for a text node.
        self.summary(node.id)
            .filter(|_| !node.is_text())
            .map_or_else(|| crate::score::score_text_content(node), |s| s.commas)
    }

    /// The node's link density, as `link_density_fn` computes it with these char counts.
    /// Plain links' integer character counts add up exactly in `f32` below 2^24, in any
    /// order; in-page links' fractional weights do not, so those subtrees are walked.
    pub(crate) fn link_density(&self, node: &NodeRef) -> f32 {
        self.summary(node.id)
            .and_then(TextSummary::link_density)
            .unwrap_or_else(|| link_density_fn(node, None, |n| self.char_count(n)))
    }
}

#[cfg(test)]
mod tests {
    use dom_query::Document;

    use super::*;
    use crate::helpers::link_density;
    use crate::score::score_text_content;

    /// `has_non_whitespace_text` answers whether `normalized_char_count` is non-zero, on
    /// ASCII and non-ASCII whitespace, empty text nodes, comments and nested elements.
    #[test]
    fn non_whitespace_text_matches_a_non_zero_count() {
        let doc = Document::from(
            "<body><p></p><p> </p><p>\u{a0}\u{2003}\n\t</p><p><!-- c --></p><p><b> </b> <i>x</i></p>            <p>\u{3000}\u{3001}</p><p><img></p><p> a </p><div><p> </p><span>\u{a0}</span></div><p>é</p></body>",
        );
        let Some(body) = doc.body() else { panic!("no body") };
        if let Some(p) = doc.select("p").nodes().first() {
            p.append_child(&doc.tree.new_text(""));
        }
        let (mut empty, mut non_empty) = (0, 0);
        for node in std::iter::once(body).chain(body.descendants()) {
            let expected = normalized_char_count(&node) != 0;
            assert_eq!(has_non_whitespace_text(&node), expected, "{}", node.html());
            if expected { non_empty += 1 } else { empty += 1 }
        }
        assert!(empty >= 6 && non_empty >= 6, "{empty} {non_empty}");
    }

    /// `NodeId::value` (public in our vendored dom_query) is each node's index in the tree's
    /// node list, and the slots of `SubtreeStats` cover every walked node.
    #[test]
    fn node_values_index_the_node_list() {
        let doc = Document::from("<body><div><p>a <b>b</b></p><!-- c --></div>tail</body>");
        let created = doc.tree.new_element("div");
        let mut indices = Vec::new();
        for node in std::iter::once(doc.root()).chain(doc.root().descendants()).chain([created]) {
            let index = node.id.value();
            assert_eq!(format!("{:?}", node.id), format!("NodeId {{ value: {index} }}"));
            assert!(index < doc.tree.len());
            indices.push(index);
        }
        indices.sort_unstable();
        indices.dedup();
        assert_eq!(indices.len(), doc.root().descendants().len() + 2);
        let Some(body) = doc.body() else { panic!("no body") };
        let stats = SubtreeStats::new(&body);
        assert!(body.descendants().iter().all(|n| stats.summary(n.id).is_some()));
        assert!(stats.summary(created.id).is_none() && stats.summary(doc.root().id).is_none());
    }

    /// The per-char reference for `char_counts`: upstream's loop.
    fn char_counts_reference(text: &str) -> (usize, usize) {
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

    /// Texts with every non-ASCII whitespace character and comma, and characters that share
    /// their lead bytes without being either.
    const MIXED_TEXTS: &[&str] = &[
        "",
        " ",
        "plain ascii, with commas,, and  runs\t\n\r\x0b\x0c of space ",
        "\u{85}\u{a0}x\u{a0}\u{a0}y\u{1680}\u{2000}\u{2001}\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}z",
        "\u{60c}\u{fe50}\u{fe10}\u{fe11}\u{2e41}\u{2e34}\u{2e32}\u{ff0c} \u{2e33}\u{fe12}\u{ff0d}\u{60d}",
        "curly \u{2019}quotes\u{201d} \u{2014} dash\u{2026} \u{3001}\u{3002} \u{a9}\u{c2}\u{1681}\u{200b}\u{feff}",
        "\u{4e2d}\u{6587}\u{ff0c}\u{6587}\u{5b57} \u{0627}\u{0644}\u{060c} emoji \u{1f600},\u{1f600} ",
        "  leading and trailing  \u{3000}",
    ];

    /// `char_counts` and `normalized_text_chars` count as the per-char loops they replace.
    #[test]
    fn byte_class_counts_match_the_char_loops() {
        // Each text also after ASCII prefixes of every length around a chunk, and repeated,
        // so that chunks start at every offset and hold every character.
        let prefix_source = "ab, cd  ef\t\n gh,,ij klmnopq rst uv, ";
        let mut texts: Vec<String> = Vec::new();
        for text in MIXED_TEXTS {
            for prefix_len in 0..=2 * CHUNK + 1 {
                let prefix: String = prefix_source.chars().cycle().take(prefix_len).collect();
                texts.push(format!("{prefix}{text}{prefix}{text}{text}"));
            }
        }
        for text in MIXED_TEXTS.iter().copied().chain(texts.iter().map(String::as_str)) {
            assert_eq!(char_counts(text), char_counts_reference(text), "{text:?}");
            for start_whitespace in [false, true] {
                let mut reference = 0;
                let mut prev_ws = start_whitespace;
                for c in text.chars() {
                    let is_ws = c.is_whitespace();
                    reference += usize::from(!(prev_ws && is_ws));
                    prev_ws = is_ws;
                }
                assert_eq!(normalized_text_chars(text, start_whitespace), reference, "{text:?}");
            }
        }
        // Every character below U+10000 that starts with a decoded lead byte, one at a time
        // and after a letter.
        for code in 0x80..0x1_0000u32 {
            let Some(c) = char::from_u32(code) else { continue };
            for text in
                [c.to_string(), format!("a{c}b{c}"), format!("0123456789abcde{c} {c}{c}0123456789abcdef ")]
            {
                assert_eq!(char_counts(&text), char_counts_reference(&text), "{code:x}");
            }
        }
    }

    /// `normalized_char_count` equals `NodeRef::normalized_char_count` on every node.
    #[test]
    fn normalized_char_count_matches_dom_query() {
        let html = format!(
            "<html><body> <div>{}</div><p></p><div> <span> a </span> <b>&nbsp;</b></div></body></html>",
            MIXED_TEXTS.iter().map(|t| format!("<p>{t}<i>{t}</i></p>")).collect::<String>()
        );
        let doc = Document::from(html.as_str());
        let mut checked = 0;
        for node in std::iter::once(doc.root()).chain(doc.root().descendants()) {
            assert_eq!(normalized_char_count(&node), node.normalized_char_count(), "{}", node.html());
            checked += 1;
        }
        assert!(checked > 20);
    }

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
                // Text nodes keep their own summary, `,` counted apart.
                let text = node.text();
                let Some(summary) = stats.summary(node.id) else { panic!("text not walked") };
                assert_eq!(summary.char_count(), node.normalized_char_count(), "{text:?}");
                assert_eq!(summary.ascii_commas, text.matches(',').count(), "{text:?}");
                assert_eq!(summary.commas, text.chars().filter(|c| COMMAS.contains(c)).count(), "{text:?}");
                assert_eq!(stats.commas(&node), score_text_content(&node), "{text:?}");
                assert_eq!(stats.char_count(&node), node.normalized_char_count(), "{text:?}");
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
