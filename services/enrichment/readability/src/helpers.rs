use std::collections::HashSet;

use unicode_segmentation::UnicodeSegmentation;

use dom_query::{LocalName, NodeData, NodeRef, Selection, TreeNode, local_name};

use tendril::StrTendril;

use crate::glob::{MINI_ARIA_HIDDEN, MINI_FALLBACK_IMG, PHRASING_ELEMS};
use crate::matching::is_invisible_style;

pub(crate) fn text_similarity(text_a: &str, text_b: &str) -> f64 {
    if text_a.is_empty() || text_b.is_empty() {
        return 0.0;
    }

    let a = text_a.to_lowercase();
    let b = text_b.to_lowercase();

    if a.contains(&b) {
        return 1.0;
    }

    let tokens_a: HashSet<&str> = a.unicode_words().collect();
    let tokens_b: Vec<&str> = b.unicode_words().collect();

    let b_chars_total: usize = tokens_b.iter().map(|s| s.chars().count()).sum();
    if b_chars_total == 0 {
        return 0.0;
    }
    let b_chars_unique: usize =
        tokens_b.iter().filter(|&&s| !tokens_a.contains(s)).map(|s| s.chars().count()).sum();

    let distance_b = b_chars_unique as f64 / b_chars_total as f64;
    1.0 - distance_b
}

pub(crate) fn is_phrasing_content(node: &NodeRef) -> bool {
    if node.is_text() {
        return true;
    }

    // only elements has a node name
    let Some(qual_name) = node.qual_name_ref() else {
        return false;
    };
    if PHRASING_ELEMS.contains(&qual_name.local) {
        return true;
    }

    if matches!(qual_name.local, local_name!("a") | local_name!("del") | local_name!("ins")) {
        // There is no big sense to consider link content as phrasing content if they doesn't have children element.
        let children = node.children();
        return !children.is_empty() && children.into_iter().all(|n| is_phrasing_content(&n));
    }
    false
}

pub(crate) fn is_whitespace(node: &NodeRef) -> bool {
    if node.is_text() && !node.is_nonempty_text() {
        return true;
    }
    // only an element node has a node_name
    node.has_name("br")
}

pub(crate) fn has_ancestor<F>(node: &NodeRef, max_depth: Option<usize>, filter_fn: F) -> bool
where
    F: Fn(&NodeRef) -> bool,
{
    let max_depth = max_depth.map(|max_depth| if max_depth == 0 { 3 } else { max_depth });
    node.ancestors_it(max_depth).any(|a| filter_fn(&a))
}

pub(crate) fn normalize_spaces(text: &str) -> String {
    let mut result = String::with_capacity(text.len());
    let mut iter = text.split_whitespace();

    if let Some(first) = iter.next() {
        result.push_str(first);
        for word in iter {
            result.push(' ');
            result.push_str(word);
        }
    }
    result
}

pub(crate) fn link_density_fn<F>(node: &NodeRef, char_count: Option<usize>, mut count_fn: F) -> f32
where
    F: FnMut(&NodeRef) -> usize,
{
    let mut link_length = 0f32;

    // The `<a>` descendants in document order (what `find_descendants("a")` returned), each
    // tested on its tree node in the walk; `count_fn` only reads the tree.
    let tree = node.tree;
    walk_descendants(node, |n| {
        let Some(el) = n.as_element() else { return };
        if el.name.local != local_name!("a") {
            return;
        }
        // `attr_or("href", "")`: the first `href` in any namespace.
        let href = el.attrs.iter().find(|a| &*a.name.local == "href").map_or("", |a| &*a.value);
        let coeff = if href.len() > 1 && href.starts_with('#') { 0.3 } else { 1.0 };
        link_length += count_fn(&NodeRef::new(n.id, tree)) as f32 * coeff;
    });

    if link_length == 0.0 {
        return 0.0;
    }

    let text_length = char_count.unwrap_or_else(|| count_fn(node)) as f32;
    if text_length == 0.0 {
        return 0.0;
    }

    link_length / text_length
}

pub(crate) fn link_density(node: &NodeRef, char_count: Option<usize>) -> f32 {
    link_density_fn(node, char_count, crate::subtree::normalized_char_count)
}

/// Returns the child element if the node contains exactly one element child with the given tag
/// and no non-empty text nodes.
pub(crate) fn single_child_element<'a>(node: &NodeRef<'a>, tag: &str) -> Option<NodeRef<'a>> {
    // There should be exactly 1 element child with given tag
    let children = node.element_children();
    if children.len() != 1 {
        return None;
    }

    let first = children.first()?;

    if !first.has_name(tag) {
        return None;
    }
    if node.children_it(false).any(|n| n.is_nonempty_text()) {
        return None;
    }
    Some(*first)
}

pub(crate) fn is_element_without_content(node: &NodeRef) -> bool {
    // since this function calls only for elements check `node.is_element()` is redundant
    if any_descendant(node, is_nonempty_text_node) {
        return false;
    }

    let el_children_count = node.children_it(false).filter(|n| n.is_element()).count();
    if el_children_count == 0 {
        return true;
    }

    // `<br>` and `<hr>` descendants, counted in one walk (it took a selector walk per name).
    let mut line_breaks = 0;
    walk_descendants(node, |n| {
        line_breaks += usize::from(
            n.as_element().is_some_and(|el| matches!(el.name.local, local_name!("br") | local_name!("hr"))),
        );
    });
    el_children_count == line_breaks
}

pub(crate) fn get_dir_attr(node: &NodeRef) -> Option<String> {
    if let Some(first_child) = node.first_child() {
        if let Some(dir_attr) = first_child.attr("dir") {
            return Some(dir_attr.to_string());
        }

        let dir_attr = first_child.ancestors_it(None).find_map(|a| a.attr("dir"));
        if let Some(dir_attr) = dir_attr {
            return Some(dir_attr.to_string());
        }
    }
    None
}

/// Calls `visit` with the tree node of every descendant of `root` (not `root` itself), in
/// document order, reading each node's links in the same borrow of the tree: a
/// `descendants_it` walk with name tests, or a selector pass, borrowed the tree per step and
/// per test. `visit` may read the tree but must not edit it.
pub(crate) fn walk_descendants(root: &NodeRef, mut visit: impl FnMut(&TreeNode)) {
    any_descendant(root, |node| {
        visit(node);
        false
    });
}

/// Whether `test` accepts a descendant of `root` (not `root` itself), tried in document order
/// up to the first it accepts: [`walk_descendants`] with an early exit, where
/// `descendants_it().any(..)` borrowed the tree and built a `NodeRef` per node.
pub(crate) fn any_descendant(root: &NodeRef, mut test: impl FnMut(&TreeNode) -> bool) -> bool {
    let tree = root.tree;
    let mut next = tree.query_node(&root.id, |n| n.first_child).flatten();
    while let Some(id) = next {
        let step = tree.query_node(&id, |n| (test(n), n.first_child, n.next_sibling, n.parent));
        let Some((accepted, first_child, mut sibling, mut parent)) = step else { break };
        if accepted {
            return true;
        }
        if first_child.is_some() {
            next = first_child;
            continue;
        }
        // Up to the nearest ancestor below `root` with a next sibling.
        while sibling.is_none() {
            let Some(parent_id) = parent.filter(|p| *p != root.id) else { break };
            (sibling, parent) =
                tree.query_node(&parent_id, |n| (n.next_sibling, n.parent)).unwrap_or_default();
        }
        next = sibling;
    }
    false
}

/// Is the tree node a text node with a character other than whitespace
/// (`NodeRef::is_nonempty_text`)?
pub(crate) fn is_nonempty_text_node(node: &TreeNode) -> bool {
    match node.data {
        NodeData::Text { ref contents } => contents.chars().any(|c| !c.is_whitespace()),
        _ => false,
    }
}

/// Descendants of `root` (not `root` itself) whose tree node `keep` accepts, in document
/// order (see [`walk_descendants`]).
pub(crate) fn descendants_where<'a>(
    root: &NodeRef<'a>,
    mut keep: impl FnMut(&TreeNode) -> bool,
) -> Vec<NodeRef<'a>> {
    let tree = root.tree;
    let mut found = Vec::new();
    walk_descendants(root, |n| {
        if keep(n) {
            found.push(NodeRef::new(n.id, tree));
        }
    });
    found
}

/// Is the tree node an element with one of these local names (what a selector list of type
/// selectors matches)?
pub(crate) fn element_named(node: &TreeNode, names: &[LocalName]) -> bool {
    node.as_element().is_some_and(|el| names.contains(&el.name.local))
}

/// Descendants of the selection's nodes (not the nodes themselves) that `keep` accepts, in
/// document order for a one-node selection (the only kind passed here), each once: a walk with
/// a direct test where a CSS selector was parsed and matched on every element. `keep` gets the
/// tree node (read in the walk's borrow, for cheap name and attribute tests) and the node.
pub(crate) fn select_where<'a>(
    sel: &Selection<'a>,
    mut keep: impl FnMut(&TreeNode, &NodeRef<'a>) -> bool,
) -> Vec<NodeRef<'a>> {
    let mut found: Vec<NodeRef<'a>> = Vec::new();
    for root in sel.nodes() {
        walk_descendants(root, |n| {
            let node = NodeRef::new(n.id, root.tree);
            if keep(n, &node) && (sel.length() == 1 || !found.iter().any(|f| f.id == node.id)) {
                found.push(node);
            }
        });
    }
    found
}

/// Does the tree node have the attribute `name` without a namespace (what CSS `[name]`
/// matches)?
pub(crate) fn tree_node_has_plain_attr(node: &TreeNode, name: &str) -> bool {
    node.as_element()
        .is_some_and(|el| el.attrs.iter().any(|a| a.name.ns.is_empty() && &*a.name.local == name))
}

/// Does the element have the attribute `name` without a namespace (what CSS `[name]` matches)?
#[cfg(test)]
pub(crate) fn has_plain_attr(node: &NodeRef, name: &str) -> bool {
    node.query_or(false, |n| tree_node_has_plain_attr(n, name))
}

pub(crate) fn node_name_in(node: &NodeRef, names: &[LocalName]) -> bool {
    node.qual_name_ref().is_some_and(|name| names.contains(&name.local))
}

pub(crate) fn is_probably_visible(node: &NodeRef) -> bool {
    // Each test below needs one of these attributes, which most elements lack.
    let may_be_hidden = node.query_or(false, |n| {
        n.as_element().is_some_and(|el| {
            el.attrs.iter().any(|a| {
                matches!(
                    a.name.local,
                    local_name!("hidden") | local_name!("style") | local_name!("aria-hidden")
                )
            })
        })
    });
    if !may_be_hidden {
        return true;
    }
    if node.has_attr("hidden") {
        return false;
    }
    if is_invisible_style(node) {
        return false;
    }
    !MINI_ARIA_HIDDEN.match_node(node) || MINI_FALLBACK_IMG.match_node(node)
}

pub(crate) fn get_node_matching_string(node: &NodeRef) -> StrTendril {
    let mut buf = StrTendril::new();
    let Some(el) = node.element_ref() else {
        return buf;
    };

    for attr in &el.attrs {
        if !matches!(attr.name.local.as_ref(), "class" | "id") {
            continue;
        }
        buf.push_tendril(&attr.value);
        buf.push_char(' ');
    }

    buf.make_ascii_lowercase();
    buf
}

/// Writes what [`get_node_matching_string`] returns into `buf` (cleared first): walks of every
/// element reuse one buffer where a tendril was allocated per element.
pub(crate) fn node_matching_string_into(node: &NodeRef, buf: &mut String) {
    buf.clear();
    node.query(|tree_node| {
        let Some(el) = tree_node.as_element() else { return };
        for attr in &el.attrs {
            if !matches!(attr.name.local.as_ref(), "class" | "id") {
                continue;
            }
            buf.push_str(&attr.value);
            buf.push(' ');
        }
    });
    buf.make_ascii_lowercase();
}

pub(crate) fn next_child_or_sibling<'a>(node: &NodeRef<'a>, ignore_child: bool) -> Option<NodeRef<'a>> {
    if !ignore_child {
        if let Some(first_child) = node.first_element_child() {
            return Some(first_child);
        }
    }

    if let Some(sibling) = node.next_element_sibling() {
        return Some(sibling);
    }
    let mut parent = node.parent();
    while let Some(parent_node) = parent {
        if let Some(next_sibling) = parent_node.next_element_sibling() {
            return Some(next_sibling);
        }
        parent = parent_node.parent();
    }
    None
}

/// A fixed list of patterns searched for in short haystacks (class and id strings): whether
/// any pattern occurs is answered in one pass over the haystack's positions, most of them
/// passed over by one table look-up of their first two bytes. A byte-presence map built per
/// haystack, a pre-check per pattern and a `contains` per surviving pattern cost several times
/// more for every element of a page.
pub(crate) struct PatternSet {
    patterns: &'static [&'static str],
    /// The patterns by their first byte.
    by_first: Vec<Vec<&'static [u8]>>,
    /// For each first byte, a bit per second byte's low six bits that some pattern starts
    /// with: a shift of a `u64` where a `u128` took several instructions, and no test for a
    /// non-ASCII second byte. Bytes that share their low six bits pass to the comparison with
    /// the candidates, which rejects them.
    pairs: [u64; 256],
    /// Whether some pattern is shorter than two bytes or has a non-ASCII second byte: such a
    /// list is searched with `str::contains`.
    plain: bool,
}

impl PatternSet {
    /// The set of `patterns`.
    pub(crate) fn new(patterns: &'static [&'static str]) -> Self {
        let mut pairs = [0u64; 256];
        let mut by_first: Vec<Vec<&'static [u8]>> = vec![Vec::new(); 256];
        let mut plain = false;
        for pattern in patterns {
            match pattern.as_bytes() {
                [first, second, ..] if second.is_ascii() => {
                    pairs[usize::from(*first)] |= 1u64 << (second & 63);
                    by_first[usize::from(*first)].push(pattern.as_bytes());
                }
                _ => plain = true,
            }
        }
        Self { patterns, by_first, pairs, plain }
    }

    /// Does `haystack` contain one of the patterns (`patterns.iter().any(|p| haystack.contains(p))`)?
    pub(crate) fn found_in(&self, haystack: &str) -> bool {
        if self.plain {
            return self.patterns.iter().any(|pattern| haystack.contains(pattern));
        }
        let bytes = haystack.as_bytes();
        for (at, pair) in bytes.windows(2).enumerate() {
            let (first, second) = (pair[0], pair[1]);
            if self.pairs[usize::from(first)] & (1u64 << (second & 63)) == 0 {
                continue;
            }
            let rest = bytes.get(at..).unwrap_or_default();
            let candidates = self.by_first.get(usize::from(first)).map_or(&[][..], Vec::as_slice);
            // Compared byte by byte: these patterns are a few bytes long.
            if candidates.iter().any(|pattern| {
                pattern.get(1) == Some(&second)
                    && pattern.len() <= rest.len()
                    && pattern.iter().zip(rest).all(|(a, b)| a == b)
            }) {
                return true;
            }
        }
        false
    }
}

/// A lightweight byte-level pre-checker used to quickly skip patterns
/// that cannot occur in the haystack: the reference for [`PatternSet`] in tests.
#[cfg(test)]
pub(crate) struct BytePatternCheck<'a> {
    haystack: &'a str,
    char_map: [u8; 256],
}

#[cfg(test)]
impl<'a> BytePatternCheck<'a> {
    pub(crate) fn new(haystack: &'a str) -> Self {
        let mut char_map = [0u8; 256];

        for &b in haystack.as_bytes() {
            char_map[b as usize] = 1;
        }
        Self { haystack, char_map }
    }
    /// Could the haystack contain `pat`? False when a byte of `pat` is absent from it.
    #[inline]
    pub(crate) fn pre_check(&self, pat: &str) -> bool {
        for &b in pat.as_bytes() {
            if self.char_map[b as usize] == 0 {
                return false;
            }
        }
        true
    }
    /// Checks if the haystack contains any of the given patterns.
    /// Performs a cheap bitmap pre-check before `str::contains`.
    pub(crate) fn contains_any(&self, pats: &[&str]) -> bool {
        pats.iter().any(|pat| self.pre_check(pat) && self.haystack.contains(pat))
    }
}

#[cfg(test)]
mod tests {

    use super::*;

    const FLOAT_TOLERANCE: f64 = 0.00001;

    /// The direct tests given to `select_where` pick what the selectors they replace picked.
    #[test]
    fn select_where_tests_match_the_selectors() {
        let doc = dom_query::Document::from(
            r#"<body><div class="x"><a>e</a><a href="/y">f</a><td>g</td><section></section>
            <table><tr><td class="">h</td></tr></table><div><!-- c --></div><div> </div></div></body>"#,
        );
        let body = doc.select("body");
        let ids = |nodes: Vec<NodeRef>| nodes.iter().map(|n| n.id).collect::<Vec<_>>();
        /// A direct test on a node.
        type Test = Box<dyn Fn(&NodeRef) -> bool>;
        let cases: [(&str, Test); 4] = [
            ("*[class]", Box::new(|n| has_plain_attr(n, "class"))),
            ("a:not([href])", Box::new(|n| n.has_name("a") && !has_plain_attr(n, "href"))),
            (
                "*:not(tr) > td",
                Box::new(|n| {
                    n.has_name("td") && n.parent().is_some_and(|p| p.is_element() && !p.has_name("tr"))
                }),
            ),
            (
                ":is(div, section):empty",
                Box::new(|n| {
                    (n.has_name("div") || n.has_name("section"))
                        && crate::glob::MATCHER_EMPTY.match_element(n)
                }),
            ),
        ];
        for (selector, keep) in cases {
            assert_eq!(
                ids(select_where(&body, |_, n| keep(n))),
                ids(body.select(selector).nodes().to_vec()),
                "{selector}"
            );
        }
    }

    /// `node_matching_string_into` writes what `get_node_matching_string` returns, and the
    /// one-walk `<br>`/`<hr>` count of `is_element_without_content` agrees with the selector walks.
    #[test]
    fn matching_string_and_line_breaks_match_the_old_forms() {
        let doc = dom_query::Document::from(
            r#"<body><div id="Main" class="A b"><p class="x">t</p><span id="Y"></span></div>
            <div><br><hr><span><br></span></div><div><br></div><section><hr><hr></section><div><br><p></p></div>
            <div class="only"></div><svg class="Icon"></svg></body>"#,
        );
        let mut buf = String::from("stale");
        let mut checked = 0;
        for node in doc.root().descendants() {
            node_matching_string_into(&node, &mut buf);
            assert_eq!(buf, get_node_matching_string(&node).to_string(), "{}", node.html());
            if node.is_element() {
                let old_line_breaks = node.find_descendants("br").len() + node.find_descendants("hr").len();
                let has_text = node.descendants_it().any(|n| n.is_nonempty_text());
                let el_children_count = node.children_it(false).filter(|n| n.is_element()).count();
                let old = !has_text && (el_children_count == 0 || el_children_count == old_line_breaks);
                assert_eq!(is_element_without_content(&node), old, "{}", node.html());
                checked += 1;
            }
        }
        assert!(checked > 10);
    }

    /// `descendants_where` visits what `descendants_it` visits, in the same order, below any
    /// node (leaves, the root, nodes whose subtree ends the document).
    #[test]
    fn descendants_where_walks_as_descendants_it() {
        let doc = dom_query::Document::from(
            r#"<html><head><title>t</title></head><body><div><p>a<b>b<i>c</i></b></p><p></p>
            <ul><li>x</li><li><span>y</span></li></ul></div><table><tr><td>1</td></tr></table>text</body></html>"#,
        );
        let mut checked = 0;
        for node in std::iter::once(doc.root()).chain(doc.root().descendants()) {
            let walked: Vec<_> = descendants_where(&node, |_| true).iter().map(|n| n.id).collect();
            let expected: Vec<_> = node.descendants_it().map(|n| n.id).collect();
            assert_eq!(walked, expected, "{}", node.html());
            let named: Vec<_> =
                descendants_where(&node, |n| element_named(n, &[local_name!("p"), local_name!("li")]))
                    .iter()
                    .map(|n| n.id)
                    .collect();
            let selected: Vec<_> =
                dom_query::Selection::from(node).select("p,li").nodes().iter().map(|n| n.id).collect();
            assert_eq!(named, selected, "{}", node.html());
            checked += 1;
        }
        assert!(checked > 20);
    }

    /// `link_density` sums the links of `find_descendants("a")` in the same order.
    #[test]
    fn link_density_matches_the_find_descendants_form() {
        let doc = dom_query::Document::from(
            r###"<body><div id="d">text <a href="#x">frag</a> more <a href="/y">plain link</a>
            <p><a>no href</a><a href="#">bare</a> <a href="##">two</a><svg><a href="#s">svg</a></svg></p>
            <a href="/z"><a href="#in">nested</a></a></div><div>no links</div><a href="/only">only</a></body>"###,
        );
        let reference = |node: &NodeRef| {
            let mut link_length = 0f32;
            for a in node.find_descendants("a") {
                let href = a.attr_or("href", "");
                let coeff = if href.len() > 1 && href.starts_with('#') { 0.3 } else { 1.0 };
                link_length += a.normalized_char_count() as f32 * coeff;
            }
            let text_length = node.normalized_char_count() as f32;
            if link_length == 0.0 || text_length == 0.0 { 0.0 } else { link_length / text_length }
        };
        let mut checked = 0;
        for node in doc.root().descendants() {
            assert_eq!(link_density(&node, None).to_bits(), reference(&node).to_bits(), "{}", node.html());
            checked += 1;
        }
        assert!(checked > 20);
    }

    #[test]
    fn test_text_similarity() {
        let text_a = "The quick brown fox";
        let text_b = "The quick fox";
        let similarity = text_similarity(text_a, text_b);
        assert!(similarity > 0.75);
    }

    #[test]
    fn test_text_similarity_contains() {
        let text_a = "the quick brown fox jumps over the lazy dog";
        let text_b = "The Quick Brown Fox";
        let similarity = text_similarity(text_a, text_b);
        assert!(1.0 - similarity < FLOAT_TOLERANCE);
    }

    #[test]
    fn test_text_similarity_similar() {
        let text_a = "DeepMind新电脑已可利用记忆自学 人工智能迈上新台阶_科技_腾讯网";
        let text_b = "DeepMind新电脑已可利用记忆自学 人工智能迈上新台阶";
        let similarity = text_similarity(text_a, text_b);
        assert!(1.0 - similarity < FLOAT_TOLERANCE);
    }

    #[test]
    fn test_text_similarity_no_words() {
        // `text_b` has no unicode words, so the char totals are zero.
        let similarity = text_similarity("Some title", "...");
        assert!(similarity < FLOAT_TOLERANCE);
    }

    #[test]
    fn test_normalize_spaces() {
        let text = "    The quick  brown  fox\n jumps over the lazy dog. ";
        let normalized_text = normalize_spaces(text);
        let expected = "The quick brown fox jumps over the lazy dog.";
        assert_eq!(expected, normalized_text);
    }

    /// `contains_any` answers as `str::contains` over the patterns, whatever the bytes.
    #[test]
    fn pattern_check_matches_contains() {
        let haystacks = [
            "",
            " ",
            "byline author-box",
            "p-author",
            "\u{e9}crit par",
            "a\u{80}b\u{ff}",
            "writtenby",
            "DATELINE",
        ];
        let patterns: [&[&str]; 4] = [
            crate::glob::BYLINE_PATTERNS,
            crate::glob::UNLIKELY_CANDIDATES,
            &["\u{e9}", "\u{ff}b", "a\u{80}"],
            &[""],
        ];
        for haystack in haystacks {
            let check = BytePatternCheck::new(haystack);
            for pats in patterns {
                assert_eq!(
                    check.contains_any(pats),
                    pats.iter().any(|p| haystack.contains(p)),
                    "{haystack:?}"
                );
            }
        }
    }

    /// `any_descendant` and the rewritten `is_element_without_content` answer what the
    /// `descendants_it` forms they replace answered, on every node of a page with empty and
    /// whitespace-only text, comments, line breaks, nested and non-ASCII text.
    #[test]
    fn descendant_tests_match_the_iterator_forms() {
        let doc = dom_query::Document::from(
            "<body><div></div><div> </div><div><br><hr></div><div><br><p></p></div><section><!-- c --><br></section>
            <div><span>\u{a0}\u{2003}</span><br></div><h2><b><i>x</i></b></h2><div><p> </p><p>\u{e9}</p></div>
            <header><hr/> <hr/></header><div><div><br></div></div><p>tail</p></body>",
        );
        let without_content_by_iterators = |node: &NodeRef| {
            if node.descendants_it().any(|n| n.is_nonempty_text()) {
                return false;
            }
            let el_children_count = node.children_it(false).filter(|n| n.is_element()).count();
            if el_children_count == 0 {
                return true;
            }
            let line_breaks = node
                .descendants_it()
                .filter(|n| n.qual_name_ref().is_some_and(|name| matches!(&*name.local, "br" | "hr")))
                .count();
            el_children_count == line_breaks
        };
        let (mut empty, mut with_content) = (0, 0);
        for node in doc.root().descendants() {
            let is_br = |n: &TreeNode| n.as_element().is_some_and(|el| &*el.name.local == "br");
            assert_eq!(any_descendant(&node, is_br), node.descendants_it().any(|n| n.has_name("br")));
            assert_eq!(
                any_descendant(&node, is_nonempty_text_node),
                node.descendants_it().any(|n| n.is_nonempty_text())
            );
            if !node.is_element() {
                continue;
            }
            let expected = without_content_by_iterators(&node);
            assert_eq!(is_element_without_content(&node), expected, "{}", node.html());
            if expected { empty += 1 } else { with_content += 1 }
        }
        assert!(empty >= 5 && with_content >= 5, "{empty} {with_content}");
    }

    /// `PatternSet::found_in` answers as `str::contains` over the patterns, on every list the
    /// crate searches and on lists it must search plainly (short and non-ASCII patterns).
    #[test]
    fn pattern_set_matches_contains() {
        let haystacks = [
            "",
            "a",
            " ",
            "byline author-box",
            "p-author",
            "\u{e9}crit par",
            "a\u{80}b\u{ff}",
            "writtenby",
            "DATELINE",
            "site-header main-content",
            "x-ad-y ad-break",
            "col sidebar-left",
            "hentry h-entry",
            "com-x contact",
            "comments-area commentary",
            "rs",
            "rss",
            "\u{e4}u\u{df}erlich k\u{f6}nnen",
            "-ad",
            "mathjax shadow layout and",
            // Second bytes that share their low six bits with a pattern's ('%' and 'e', ')'
            // and 'i', '/' and 'o'), and a non-ASCII second byte.
            "m%nu s)debar c/mment s\u{e9}debar",
        ];
        static LISTS: [&[&str]; 9] = [
            crate::glob::BYLINE_PATTERNS,
            crate::glob::UNLIKELY_CANDIDATES,
            crate::glob::MAYBE_CANDIDATES,
            crate::glob::CLASSES_NEGATIVE,
            crate::glob::CLASSES_POSITIVE,
            &["\u{e9}", "\u{ff}b", "a\u{80}"],
            &[""],
            &["a", "rss"],
            &["k\u{f6}nnen", "x"],
        ];
        for patterns in LISTS {
            let set = PatternSet::new(patterns);
            for haystack in haystacks {
                assert_eq!(
                    set.found_in(haystack),
                    patterns.iter().any(|p| haystack.contains(p)),
                    "{haystack:?} {patterns:?}"
                );
                // Every pattern found wherever it sits in the haystack.
                for pattern in patterns.iter() {
                    let around = format!("{haystack}{pattern}{haystack}");
                    assert!(set.found_in(&around), "{around:?}");
                }
            }
        }
    }

    #[test]
    fn test_ascii_pattern_check() {
        let class = "article primary main äußerlich konnen";
        let check = BytePatternCheck::new(class);
        assert!(check.contains_any(&["äußerlich"]));
        assert!(check.contains_any(&["article", "post"]));
        assert!(!check.contains_any(&["können"]));
    }
}
