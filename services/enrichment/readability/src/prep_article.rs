use std::cmp::Ordering;

use dom_query::{LocalName, NodeData, NodeId, NodeRef, Selection, TreeNode, local_name};
use flagset::FlagSet;
use foldhash::HashMap;

use crate::Config;
#[allow(clippy::wildcard_imports)]
use crate::glob::*;
use crate::grab_flags::GrabFlags;
#[allow(clippy::wildcard_imports)]
use crate::helpers::*;
#[allow(clippy::wildcard_imports)]
use crate::matching::*;
use crate::score::get_class_weight;
#[cfg(test)]
use crate::subtree::normalized_char_count;
use crate::subtree::{
    LinkKind, SubtreeStats, TextSummary, char_count_up_to, has_non_whitespace_text, link_kind,
};
use crate::undo::before_data_change;

fn clean(article_node: &NodeRef) {
    for node in &descendants_where(article_node, |n| element_named(n, CLEAN_ELEMS)) {
        // Allow youtube and vimeo videos through as people usually want to see those.

        if !node_name_in(node, EMBED_ELEMENTS) {
            node.remove_from_parent();
            continue;
        }
        let mut should_remove = !node.attrs().iter().any(|attr| is_video_url(&attr.value));

        // For embed with <object> tag, check inner HTML as well.
        if should_remove && node.has_name("object") && is_video_url(&node.inner_html()) {
            should_remove = false;
        }

        if should_remove {
            node.remove_from_parent();
        }
    }
}

/// Whether [`clean_styles`] removes an attribute of this name (`sized`: the element is one
/// whose deprecated `width` and `height` go too).
fn is_presentational_attr(name: &LocalName, sized: bool) -> bool {
    PRESENTATIONAL_ATTRIBUTES.contains(name)
        || (sized && matches!(*name, local_name!("width") | local_name!("height")))
}

/// Removes presentational attributes (and `width`/`height` of the elements that had them) from
/// `root` and the elements below it, `<svg>` subtrees left as they are. One walk that edits
/// each element's attributes in place: the recursion made a `Vec` of children and two
/// attribute passes per element.
fn clean_styles(root: &NodeRef) {
    let mut next = Some(*root);
    while let Some(node) = next {
        // Whether the element is an `<svg>`, and whether it has an attribute to remove: the
        // attributes are recorded for an attempt's undo only then.
        let (is_svg, has_attr_to_remove) = node
            .query(|tree_node| {
                let NodeData::Element(ref el) = tree_node.data else { return (false, false) };
                if el.name.local == local_name!("svg") {
                    return (true, false);
                }
                let sized = DEPRECATED_SIZE_ATTRIBUTE_ELEMS.contains(&el.name.local);
                (false, el.attrs.iter().any(|attr| is_presentational_attr(&attr.name.local, sized)))
            })
            .unwrap_or((false, false));
        if has_attr_to_remove {
            before_data_change(&node);
            node.update(|tree_node| {
                let NodeData::Element(ref mut el) = tree_node.data else { return };
                let sized = DEPRECATED_SIZE_ATTRIBUTE_ELEMS.contains(&el.name.local);
                el.attrs.retain(|attr| !is_presentational_attr(&attr.name.local, sized));
            });
        }
        next = next_element_under(&node, root, is_svg);
    }
}

/// The element after `node` in a pre-order walk of the elements under `root` (`root`
/// included), skipping the children of `node` when told.
fn next_element_under<'a>(
    node: &NodeRef<'a>,
    root: &NodeRef<'a>,
    skip_children: bool,
) -> Option<NodeRef<'a>> {
    if !skip_children && let Some(child) = node.first_element_child() {
        return Some(child);
    }
    let mut current = *node;
    loop {
        if current.id == root.id {
            return None;
        }
        if let Some(sibling) = current.next_element_sibling() {
            return Some(sibling);
        }
        current = current.parent()?;
    }
}

/// Compares the text density of the descendant elements named in `names` against `threshold`,
/// stopping early when possible. Once the running density exceeds `threshold` the comparison
/// is settled, so the scan ends there. The elements are found in a walk testing names on the
/// tree nodes (a selector of these names was matched on every descendant). The reference for
/// [`density_cmp`] in tests.
#[cfg(test)]
fn text_density_cmp(
    node: &NodeRef,
    names: &[LocalName],
    char_count: usize,
    threshold: f32,
    ordering: Ordering,
) -> bool {
    if char_count == 0 {
        return 0.0_f32.partial_cmp(&threshold) == Some(ordering);
    }

    let text_length = char_count as f32;
    let mut children_length = 0usize;
    let tree = node.tree;
    let exceeded = any_descendant(node, |n| {
        if !element_named(n, names) {
            return false;
        }
        children_length += normalized_char_count(&NodeRef::new(n.id, tree));
        children_length as f32 / text_length > threshold
    });
    if exceeded {
        return ordering == Ordering::Greater;
    }
    (children_length as f32 / text_length).partial_cmp(&threshold) == Some(ordering)
}

/// What `should_clean_conditionally` asked of a node's descendants, gathered in one walk: the
/// reference for [`CleanFacts`] in tests.
#[cfg(test)]
#[derive(Default)]
struct DescendantFacts<'a> {
    /// Whether a descendant is a `<table>` marked `data-readability-table`.
    data_table: bool,
    /// Whether a descendant is a `<pre>`.
    pre: bool,
    /// Number of `<img>` descendants.
    img: usize,
    /// Number of `<p>` descendants.
    p: usize,
    /// Number of `<li>` descendants.
    li: usize,
    /// Number of `<input>` descendants.
    input: usize,
    /// `<object>`, `<embed>` and `<iframe>` descendants, in document order.
    embeds: Vec<NodeRef<'a>>,
}

#[cfg(test)]
impl<'a> DescendantFacts<'a> {
    /// Walks the descendants of `node` (not the node itself) once, testing each element's
    /// name on its tree node.
    fn of(node: &NodeRef<'a>) -> Self {
        let tree = node.tree;
        let mut facts = Self::default();
        walk_descendants(node, |n| {
            let Some(el) = n.as_element() else { return };
            match el.name.local {
                local_name!("table") => {
                    // `NodeRef::has_attr`: the name in any namespace.
                    facts.data_table |= el.attrs.iter().any(|a| &*a.name.local == "data-readability-table");
                }
                local_name!("pre") => facts.pre = true,
                local_name!("img") => facts.img += 1,
                local_name!("p") => facts.p += 1,
                local_name!("li") => facts.li += 1,
                local_name!("input") => facts.input += 1,
                local_name!("object") | local_name!("embed") | local_name!("iframe") => {
                    facts.embeds.push(NodeRef::new(n.id, tree));
                }
                _ => {}
            }
        });
        facts
    }
}

/// Commas from which [`should_clean_conditionally_with`] keeps a node.
const COMMAS_NEEDED: usize = 10;

/// What `should_clean_conditionally` read from a node's text, taken from its text nodes
/// without joining them into one string: the reference for [`CleanFacts`] in tests.
#[cfg(test)]
struct TextFacts {
    /// `,` characters in the text, counted up to 10 (the test is `< 10`).
    commas: usize,
    /// False when the text surely has more characters than any ad or loading word after the
    /// trims of [`is_ad_or_loading_text`], which is then false without the text.
    may_be_ad_or_loading: bool,
}

#[cfg(test)]
impl TextFacts {
    /// Commas to count before the answer is settled.
    const COMMAS_NEEDED: usize = COMMAS_NEEDED;

    /// Reads the text nodes of `node` (the node itself included, as `NodeRef::text` does).
    fn of(node: &NodeRef) -> Self {
        let mut commas = 0;
        // Characters that trimming whitespace and trailing dots and ellipses never removes,
        // counted where that is plain from one byte: ASCII other than whitespace and `.`, and
        // the lead bytes of multi-byte characters that are neither whitespace nor `…`.
        let mut kept_chars = 0;
        for descendant in std::iter::once(*node).chain(node.descendants_it()) {
            descendant.query(|tree_node| {
                let NodeData::Text { ref contents } = tree_node.data else { return };
                let bytes = contents.as_bytes();
                commas += bytes.iter().filter(|&&byte| byte == b',').count();
                if kept_chars <= MAX_AD_OR_LOADING_WORD_CHARS {
                    kept_chars += bytes
                        .iter()
                        .filter(|&&byte| {
                            !matches!(byte, b'.' | b'\t'..=b'\r' | b' ' | 0x80..=0xbf | 0xc2 | 0xe1 | 0xe2 | 0xe3)
                        })
                        .count();
                }
            });
            if commas >= Self::COMMAS_NEEDED {
                break;
            }
        }
        Self { commas, may_be_ad_or_loading: kept_chars <= MAX_AD_OR_LOADING_WORD_CHARS }
    }
}

/// Everything [`should_clean_conditionally_with`] reads from a node's descendants (the node
/// itself not included), in a form that composes: a node's facts follow from its children's,
/// so one walk gathers them, and a walk may take an already measured descendant's facts
/// without entering it. Each question took a walk of its own per node (text, char count,
/// link density, three name densities, element counts), and nested wrappers re-read their
/// whole subtree at every level.
#[derive(Clone, Copy, Default)]
struct CleanFacts {
    /// The text measures (char count, link characters).
    text: TextSummary,
    /// `,` bytes of the text (what [`TextFacts`] counted).
    comma_bytes: usize,
    /// Bytes of the text that trimming never removes, as [`TextFacts`] counted them, up to
    /// [`CleanFacts::KEPT_CHARS_CAP`].
    kept_chars: usize,
    /// Whether a descendant is a `<table>` marked `data-readability-table`.
    data_table: bool,
    /// Whether a descendant is a `<pre>`.
    pre: bool,
    /// Number of `<img>` descendants.
    img: usize,
    /// Number of `<p>` descendants.
    p: usize,
    /// Number of `<li>` descendants.
    li: usize,
    /// Number of `<input>` descendants.
    input: usize,
    /// Number of `<object>`, `<embed>` and `<iframe>` descendants.
    embeds: usize,
    /// Char counts of the `<ul>` and `<ol>` descendants, summed (nested ones count again).
    ul_ol_chars: usize,
    /// Char counts of the `<h1>`..`<h6>` descendants, summed.
    h1_h6_chars: usize,
    /// Char counts of the [`TEXTISH_ELEMS`] descendants, summed.
    textish_chars: usize,
}

/// How an element adds to its parent's [`CleanFacts`] besides its own descendants' facts.
#[derive(Clone, Copy, Default)]
struct CleanRole {
    link: LinkKind,
    data_table: bool,
    pre: bool,
    img: bool,
    p: bool,
    li: bool,
    input: bool,
    embed: bool,
    ul_ol: bool,
    h1_h6: bool,
    textish: bool,
}

impl CleanRole {
    /// The role of a tree node (the default, adding nothing, for other nodes than elements).
    fn of(node: &TreeNode) -> Self {
        let NodeData::Element(ref el) = node.data else { return Self::default() };
        let name = &el.name.local;
        Self {
            link: link_kind(&node.data),
            // `NodeRef::has_attr`: the name in any namespace.
            data_table: *name == local_name!("table")
                && el.attrs.iter().any(|a| &*a.name.local == "data-readability-table"),
            pre: *name == local_name!("pre"),
            img: *name == local_name!("img"),
            p: *name == local_name!("p"),
            li: *name == local_name!("li"),
            input: *name == local_name!("input"),
            embed: matches!(*name, local_name!("object") | local_name!("embed") | local_name!("iframe")),
            ul_ol: UL_OL_ELEMS.contains(name),
            h1_h6: H1_H6_ELEMS.contains(name),
            textish: TEXTISH_ELEMS.contains(name),
        }
    }
}

impl CleanFacts {
    /// Kept characters are counted up to this: past it, a text is no ad or loading word.
    const KEPT_CHARS_CAP: usize = MAX_AD_OR_LOADING_WORD_CHARS + 1;

    /// Appends a text node's text, whose summary is `summary`.
    fn push_text(&mut self, contents: &str, summary: &TextSummary) {
        self.text.push(summary);
        self.comma_bytes += summary.ascii_commas;
        // Only up to the cap: long texts stop after a few bytes.
        for &byte in contents.as_bytes() {
            if self.kept_chars >= Self::KEPT_CHARS_CAP {
                break;
            }
            self.kept_chars += usize::from(!matches!(
                byte,
                b'.' | b'\t'..=b'\r' | b' ' | 0x80..=0xbf | 0xc2 | 0xe1 | 0xe2 | 0xe3
            ));
        }
    }

    /// Appends an element child with this role and these facts (of its own descendants).
    fn push_element(&mut self, role: &CleanRole, child: &Self) {
        let child_chars = child.text.char_count();
        self.text.push_element(&role.link, &child.text);
        self.comma_bytes += child.comma_bytes;
        self.kept_chars = (self.kept_chars + child.kept_chars).min(Self::KEPT_CHARS_CAP);
        self.data_table |= role.data_table || child.data_table;
        self.pre |= role.pre || child.pre;
        self.img += child.img + usize::from(role.img);
        self.p += child.p + usize::from(role.p);
        self.li += child.li + usize::from(role.li);
        self.input += child.input + usize::from(role.input);
        self.embeds += child.embeds + usize::from(role.embed);
        self.ul_ol_chars += child.ul_ol_chars + if role.ul_ol { child_chars } else { 0 };
        self.h1_h6_chars += child.h1_h6_chars + if role.h1_h6 { child_chars } else { 0 };
        self.textish_chars += child.textish_chars + if role.textish { child_chars } else { 0 };
    }

    /// The facts of the descendants of `node`, in one post-order walk. An element named in
    /// `names` with an entry in `measured` is not entered: its entry stands for its
    /// descendants (valid while they are unchanged). The summaries of text nodes are taken
    /// from `stats` when it has them (the walk of the body when the attempt scored it).
    fn of(
        node: &NodeRef,
        names: &[LocalName],
        measured: &HashMap<NodeId, CleanFacts>,
        stats: &SubtreeStats,
    ) -> Self {
        /// What the walk does with a node it reads.
        enum Step {
            /// Counted (a text node, a measured element): on to the next sibling.
            Done(Option<NodeId>),
            /// Entered: its children come next, its sibling after it closes.
            Open(CleanRole, Option<NodeId>, Option<NodeId>),
        }
        let tree = node.tree;
        // Open nodes from `node` down: role, next sibling, facts of the children so far.
        let mut open: Vec<(CleanRole, Option<NodeId>, CleanFacts)> =
            vec![(CleanRole::default(), None, CleanFacts::default())];
        let mut next = tree.query_node(&node.id, |n| n.first_child).flatten();
        loop {
            if let Some(id) = next {
                let step = tree.query_node(&id, |n| {
                    if let NodeData::Text { ref contents } = n.data {
                        if let Some((_, _, parent)) = open.last_mut() {
                            let summary =
                                stats.summary(id).copied().unwrap_or_else(|| TextSummary::of_text(contents));
                            parent.push_text(contents, &summary);
                        }
                        return Step::Done(n.next_sibling);
                    }
                    let role = CleanRole::of(n);
                    let is_named = n.as_element().is_some_and(|el| names.contains(&el.name.local));
                    if is_named && let Some(facts) = measured.get(&id) {
                        if let Some((_, _, parent)) = open.last_mut() {
                            parent.push_element(&role, facts);
                        }
                        return Step::Done(n.next_sibling);
                    }
                    Step::Open(role, n.first_child, n.next_sibling)
                });
                match step {
                    Some(Step::Done(sibling)) => next = sibling,
                    Some(Step::Open(role, first_child, sibling)) => {
                        open.push((role, sibling, CleanFacts::default()));
                        next = first_child;
                    }
                    None => next = None,
                }
                continue;
            }
            // The innermost open node has no more children: close it.
            let Some((role, sibling, facts)) = open.pop() else { break };
            let Some((_, _, parent)) = open.last_mut() else { return facts };
            parent.push_element(&role, &facts);
            next = sibling;
        }
        CleanFacts::default()
    }
}

/// `text_density_cmp` given the summed char counts of the named descendants: the running
/// ratio only grows, so comparing the full sum answers as the early exit did.
fn density_cmp(children_length: usize, char_count: usize, threshold: f32, ordering: Ordering) -> bool {
    if char_count == 0 {
        return 0.0_f32.partial_cmp(&threshold) == Some(ordering);
    }
    (children_length as f32 / char_count as f32).partial_cmp(&threshold) == Some(ordering)
}

/// Whether `clean_conditionally` removes `node`, measured alone (the tests' entry point).
#[cfg(test)]
fn should_clean_conditionally(node: &NodeRef, flags: &FlagSet<GrabFlags>) -> bool {
    let facts = CleanFacts::of(node, &[], &HashMap::default(), &SubtreeStats::default());
    should_clean_conditionally_with(node, flags, &facts)
}

/// Whether `clean_conditionally` removes `node`, whose descendants' facts are `facts`.
fn should_clean_conditionally_with(node: &NodeRef, flags: &FlagSet<GrabFlags>, facts: &CleanFacts) -> bool {
    // keep element if it has a data tables
    if facts.data_table {
        return false;
    }

    let is_data_table = |n: &NodeRef| n.has_name("table") && n.has_attr("data-readability-table");

    if is_data_table(node) {
        return false;
    }
    // Next check if we're inside a data table, in which case don't remove it as well.
    if has_ancestor(node, None, is_data_table) {
        return false;
    }

    let weight = get_class_weight(node, flags.contains(GrabFlags::WeightClasses));

    if weight < 0.0 {
        // Utility classes (`scroll-mt-2`, `md:hidden`) must not drop code wrappers.
        return !facts.pre;
    }

    if facts.comma_bytes < COMMAS_NEEDED {
        // If there are not very many commas, and the number of
        // non-paragraph elements is more than paragraphs or other
        // ominous signs, remove the element.

        let mut embed_count = 0;

        // The embeds themselves only when there are some (a walk in document order).
        let embeds = if facts.embeds == 0 {
            Vec::new()
        } else {
            descendants_where(node, |n| {
                element_named(n, &[local_name!("object"), local_name!("embed"), local_name!("iframe")])
            })
        };
        for embed in &embeds {
            for attr in &embed.attrs() {
                if is_video_url(&attr.value) {
                    return false;
                }
            }
            if embed.has_name("object") && is_video_url(&embed.inner_html()) {
                return false;
            }
            embed_count += 1;
        }
        if facts.kept_chars <= MAX_AD_OR_LOADING_WORD_CHARS && is_ad_or_loading_text(node.text().trim()) {
            return true;
        }

        let char_count = facts.text.char_count();
        let Some(qual_name) = node.qual_name_ref() else {
            return false;
        };
        let tag = qual_name.local.as_ref();
        let mut is_list = matches!(tag, "ul" | "ol");
        if !is_list {
            is_list = density_cmp(facts.ul_ol_chars, char_count, 0.9, Ordering::Greater);
        }

        let img = facts.img;
        let img_f32 = img as f32;
        let should_remove = || {
            let is_figure_child = has_ancestor(node, None, |n| n.has_name("figure"));
            let p = facts.p as f32;

            if !is_figure_child && img_f32 > 1.0 && p / img_f32 < 0.5 {
                return true;
            }

            // TODO: this check can probably be removed.
            // If this is a large menu block, article_content will likely not include it,
            // because it contains too little meaningful content.
            // Otherwise, the magic number '100' seems way too high; the flow usually works fine with 10–20.
            let li = facts.li as f32 - 100.0;
            if !is_list && li > p {
                return true;
            }

            let input = facts.input as f32;
            if input > (p / 3.0).floor() {
                return true;
            }

            let link_density =
                facts.text.link_density().unwrap_or_else(|| link_density(node, Some(char_count)));

            if !is_list
                && !is_figure_child
                && char_count < 25
                && (img == 0 || img > 2)
                && link_density > 0.0
                && density_cmp(facts.h1_h6_chars, char_count, 0.9, Ordering::Less)
            {
                return true;
            }
            if !is_list && weight < 25.0 && link_density > 0.2 {
                return true;
            }

            if weight >= 25.0 && link_density > 0.5 {
                return true;
            }

            if (embed_count == 1 && char_count < 75) || embed_count > 1 {
                return true;
            }

            if img == 0 && !density_cmp(facts.textish_chars, 1, 0.0, Ordering::Greater) {
                return true;
            }
            false
        };
        let have_to_remove = should_remove();

        if is_list && have_to_remove {
            for child in node.children_it(false) {
                if child.element_children().len() > 1 {
                    return have_to_remove;
                }
            }
            return img != facts.li;
        }

        return have_to_remove;
    }
    false
}

/// Removes the elements named in `names` under `article_node` that
/// [`should_clean_conditionally_with`] condemns, from the last to the first (children before
/// their parents). Each kept element's facts are remembered for the walks of its ancestors:
/// everything checked after it precedes it in the page, so nothing below it changes again.
/// `stats` holds the attempt's text summaries.
fn clean_conditionally(
    article_node: &NodeRef,
    names: &[LocalName],
    flags: &FlagSet<GrabFlags>,
    stats: &SubtreeStats,
) {
    if !flags.contains(GrabFlags::CleanConditionally) {
        return;
    }

    let tag_nodes = descendants_where(article_node, |n| element_named(n, names));
    let mut measured: HashMap<NodeId, CleanFacts> = HashMap::default();
    // traversing tag nodes in reverse order,
    // so that how children nodes will appear before parent nodes
    for tag_node in tag_nodes.iter().rev() {
        let facts = CleanFacts::of(tag_node, names, &measured, stats);
        if should_clean_conditionally_with(tag_node, flags, &facts) {
            tag_node.remove_from_parent();
        } else {
            measured.insert(tag_node.id, facts);
        }
    }
}

/// The per-node form [`should_clean_conditionally_with`] replaced: the reference in tests.
#[cfg(test)]
fn should_clean_conditionally_reference(node: &NodeRef, flags: &FlagSet<GrabFlags>) -> bool {
    let facts = DescendantFacts::of(node);
    // keep element if it has a data tables
    if facts.data_table {
        return false;
    }

    let is_data_table = |n: &NodeRef| n.has_name("table") && n.has_attr("data-readability-table");

    if is_data_table(node) {
        return false;
    }
    // Next check if we're inside a data table, in which case don't remove it as well.
    if has_ancestor(node, None, is_data_table) {
        return false;
    }

    let weight = get_class_weight(node, flags.contains(GrabFlags::WeightClasses));

    if weight < 0.0 {
        // Utility classes (`scroll-mt-2`, `md:hidden`) must not drop code wrappers.
        return !facts.pre;
    }

    let text_facts = TextFacts::of(node);

    if text_facts.commas < 10 {
        // If there are not very many commas, and the number of
        // non-paragraph elements is more than paragraphs or other
        // ominous signs, remove the element.

        let mut embed_count = 0;

        for embed in &facts.embeds {
            for attr in &embed.attrs() {
                if is_video_url(&attr.value) {
                    return false;
                }
            }
            if embed.has_name("object") && is_video_url(&embed.inner_html()) {
                return false;
            }
            embed_count += 1;
        }
        if text_facts.may_be_ad_or_loading && is_ad_or_loading_text(node.text().trim()) {
            return true;
        }

        let char_count = normalized_char_count(node);
        let Some(qual_name) = node.qual_name_ref() else {
            return false;
        };
        let tag = qual_name.local.as_ref();
        let mut is_list = matches!(tag, "ul" | "ol");
        if !is_list {
            is_list = text_density_cmp(node, UL_OL_ELEMS, char_count, 0.9, Ordering::Greater);
        }

        let img = facts.img;
        let img_f32 = img as f32;
        let should_remove = || {
            let is_figure_child = has_ancestor(node, None, |n| n.has_name("figure"));
            let p = facts.p as f32;

            if !is_figure_child && img_f32 > 1.0 && p / img_f32 < 0.5 {
                return true;
            }

            // TODO: this check can probably be removed.
            // If this is a large menu block, article_content will likely not include it,
            // because it contains too little meaningful content.
            // Otherwise, the magic number '100' seems way too high; the flow usually works fine with 10–20.
            let li = facts.li as f32 - 100.0;
            if !is_list && li > p {
                return true;
            }

            let input = facts.input as f32;
            if input > (p / 3.0).floor() {
                return true;
            }

            let link_density = link_density(node, Some(char_count));

            if !is_list
                && !is_figure_child
                && char_count < 25
                && (img == 0 || img > 2)
                && link_density > 0.0
                && text_density_cmp(node, H1_H6_ELEMS, char_count, 0.9, Ordering::Less)
            {
                return true;
            }
            if !is_list && weight < 25.0 && link_density > 0.2 {
                return true;
            }

            if weight >= 25.0 && link_density > 0.5 {
                return true;
            }

            if (embed_count == 1 && char_count < 75) || embed_count > 1 {
                return true;
            }

            if img == 0 && !text_density_cmp(node, TEXTISH_ELEMS, 1, 0.0, Ordering::Greater) {
                return true;
            }
            false
        };
        let have_to_remove = should_remove();

        if is_list && have_to_remove {
            for child in node.children_it(false) {
                if child.element_children().len() > 1 {
                    return have_to_remove;
                }
            }
            return img != facts.li;
        }

        return have_to_remove;
    }
    false
}

/// The per-node form of [`clean_conditionally`]: the reference in tests.
#[cfg(test)]
fn clean_conditionally_reference(article_node: &NodeRef, names: &[LocalName], flags: &FlagSet<GrabFlags>) {
    if !flags.contains(GrabFlags::CleanConditionally) {
        return;
    }

    let tag_nodes = descendants_where(article_node, |n| element_named(n, names));
    // traversing tag nodes in reverse order,
    // so that how children nodes will appear before parent nodes
    for tag_node in tag_nodes.iter().rev() {
        if should_clean_conditionally_reference(tag_node, flags) {
            tag_node.remove_from_parent();
        }
    }
}

fn set_data_readability_table(n: &NodeRef, is_data_table: bool) {
    before_data_change(n);
    if is_data_table {
        n.set_attr("data-readability-table", "true");
    } else {
        n.remove_attr("data-readability-table");
    }
}

fn get_row_and_col_count(table: &Selection) -> (usize, usize) {
    let mut rows = 0usize;
    let mut cols = 0usize;
    for tr in &table.select_matcher(&MATCHER_TR) {
        // No need to adjust row count by the `row span` at all
        rows += 1;

        //Now look for column-related info
        let mut columns_in_this_row = 0usize;

        for cell in &tr.select_matcher(&MATCHER_TD) {
            // HTML clamps colspan to 1000; invalid and zero values count as 1.
            let raw = cell.attr_or("colspan", "1");
            let colspan = match raw.parse::<usize>() {
                Ok(value) => value.clamp(1, 1000),
                // A valid decimal beyond usize::MAX is still capped by HTML, not reset to 1.
                Err(_) if !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit()) => 1000,
                Err(_) => 1,
            };
            columns_in_this_row = columns_in_this_row.saturating_add(colspan);
        }
        cols = std::cmp::max(cols, columns_in_this_row);
    }

    (rows, cols)
}

fn mark_data_tables(article_node: &NodeRef) {
    for table_node in &descendants_where(article_node, |n| element_named(n, &[local_name!("table")])) {
        if MINI_PRESENTATION.match_node(table_node) {
            set_data_readability_table(table_node, false);
            continue;
        }

        // TODO: Pretty rare case (not covered by tests). Probably should be removed.
        if MINI_AINT_DATA_TABLE.match_node(table_node) {
            set_data_readability_table(table_node, false);
            continue;
        }

        if table_node.has_attr("summary") {
            set_data_readability_table(table_node, true);
            continue;
        }

        let sel = Selection::from(*table_node);

        if sel.select_single_matcher(&MATCHER_TABLE_MEMBERS).exists() {
            set_data_readability_table(table_node, true);
            continue;
        }

        // nested tables indicate a layout table
        if sel.select_single_matcher(&MATCHER_TABLE).exists() {
            set_data_readability_table(table_node, false);
            continue;
        }

        let (rows, cols) = get_row_and_col_count(&sel);
        if rows == 1 || cols == 1 {
            set_data_readability_table(table_node, false);
            continue;
        }

        if rows >= 10 || cols > 4 {
            set_data_readability_table(table_node, true);
            continue;
        }
        set_data_readability_table(table_node, rows.saturating_mul(cols) > 10);
    }
}

/// Checks if the image address may be a placeholder that other attributes are
/// allowed to replace. A `lazy` class always means so, as in `Readability.js`;
/// `loading="lazy"` is only a rendering hint, so it counts while the node has
/// no usable address of its own -- otherwise an attribute that merely looks
/// like an image path (Wikipedia's `resource`) overwrites a working `src`.
fn is_lazy_image(node: &NodeRef) -> bool {
    node.is_match(&MATCHER_LAZY_CLASS) || (node.is_match(&MATCHER_LAZY_LOADING) && !has_image_address(node))
}

fn fix_lazy_images(article_node: &NodeRef) {
    for node in &descendants_where(article_node, |n| element_named(n, IMG_PICTURE_FIGURE_ELEMS)) {
        // In some sites (e.g. Kotaku), they put 1px square image as base64 data uri in the src attribute.
        // So, here we check if the data uri is too short, just might as well remove it.
        if let Some(src) = node.attr("src") {
            if let Some((image_type, base64_data)) = split_base64_url(&src) {
                if image_type == "image/svg+xml" {
                    continue;
                }

                // Make sure this element has other attributes which contains image.
                // If it doesn't, then this src is important and shouldn't be removed.
                let mut src_could_be_removed = false;

                for attr in &node.attrs() {
                    if &attr.name.local == "src" {
                        continue;
                    }

                    if IMG_EXT.iter().any(|p| attr.value.contains(p)) {
                        src_could_be_removed = true;
                        break;
                    }
                }
                // Here we assume if image is less than 100 bytes (or 133 after encoded to base64)
                // it will be too small, therefore it might be placeholder image.
                if src_could_be_removed && base64_data.len() < 133 {
                    before_data_change(node);
                    node.remove_attr("src");
                }
            }
        }

        if (node.has_attr("src") || node.has_attr("srcset")) && !is_lazy_image(node) {
            continue;
        }

        for attr in &node.attrs() {
            if matches!(attr.name.local.as_ref(), "src" | "srcset" | "alt") {
                continue;
            }

            let mut copy_to: Option<&str> = None;
            let val = attr.value.to_ascii_lowercase();
            if is_img_attr_to_srcset(&val) {
                copy_to = Some("srcset");
            } else if is_img_attr_to_src(&val) {
                copy_to = Some("src");
            }

            if let Some(copy_to) = copy_to {
                //if this is an img or picture, set the attribute directly
                let Some(tag_name) = node.node_name() else {
                    continue;
                };
                if matches!(tag_name.as_ref(), "img" | "picture") {
                    before_data_change(node);
                    node.set_attr(copy_to, &attr.value);
                } else if tag_name.as_ref() == "figure" {
                    let figure_sel = Selection::from(*node);
                    if !figure_sel.select_matcher(&MATCHER_IMG_PICTURE).exists() {
                        //if the item is a <figure> that does not contain an image or picture,
                        //create one and place it inside the figure
                        //see the nytimes-3 testcase for an example
                        let img_node = node.tree.new_element("img");
                        img_node.set_attr(copy_to, &attr.value);
                        node.append_child(&img_node.id);
                    }
                }
            }
        }
    }
}

fn clean_headers(article_node: &NodeRef, flags: &FlagSet<GrabFlags>) {
    for h_node in &descendants_where(article_node, |n| element_named(n, H1_H2_ELEMS)) {
        if get_class_weight(h_node, flags.contains(GrabFlags::WeightClasses)) < 0.0 {
            h_node.remove_from_parent();
        }
    }
}

/// Cleans the article of an attempt; `stats` holds the summaries of the text nodes (the
/// attempt's walk of the body: text is never edited).
pub(crate) fn prep_article(
    article_node: &NodeRef,
    flags: &FlagSet<GrabFlags>,
    cfg: &Config,
    stats: &SubtreeStats,
) {
    // *Important*: Currently the order of calling 'cleaning' functions is matters.
    // It shouldn't be but it is.

    // Clean out elements with little content that have "share" in their id/class combinations from final top candidates,
    // which means we don't remove the top candidates even they have "share".
    remove_share_elements(article_node, cfg.char_threshold);

    // Check for data tables before we continue, to avoid removing items in
    // those tables, which will often be isolated even though they're
    // visually linked to other content-ful elements (text, images, etc.).
    mark_data_tables(article_node);

    fix_lazy_images(article_node);

    clean_conditionally(article_node, FORM_FIELDSET_ELEMS, flags, stats);

    // Clean out junk from the article content
    clean(article_node);

    clean_headers(article_node, flags);

    // Do these last as the previous stuff may have removed junk
    // that will affect these
    clean_conditionally(article_node, TABLE_UL_DIV_ELEMS, flags, stats);

    // replace H1 with H2 as H1 should be only title that is displayed separately
    for h1 in descendants_where(article_node, |n| element_named(n, &[local_name!("h1")])) {
        before_data_change(&h1);
        h1.rename("h2");
    }
    // remove all presentational attributes
    clean_styles(article_node);

    // Remove extra paragraphs

    // At this point, nasty iframes have been removed; only embedded video
    // ones remain.
    for p_node in &descendants_where(article_node, |n| element_named(n, &[local_name!("p")])) {
        // The text first: most paragraphs have some, which ends both tests.
        if !has_non_whitespace_text(p_node)
            && !p_node.descendants_it().any(|n| node_name_in(&n, IMG_EMBED_ELEMS))
        {
            p_node.remove_from_parent();
        }
    }

    for br_node in article_node.find_descendants("br") {
        if let Some(next_node) = br_node.next_element_sibling() {
            if next_node.has_name("p") {
                br_node.remove_from_parent();
            }
        }
    }

    fix_single_cell_tables(article_node);
}

fn fix_single_cell_tables(article_node: &NodeRef) {
    // Remove single-cell tables
    for table_node in &descendants_where(article_node, |n| element_named(n, &[local_name!("table")])) {
        let tbody = single_child_element(table_node, "tbody").unwrap_or(*table_node);

        if let Some(row) = single_child_element(&tbody, "tr") {
            if let Some(cell) = single_child_element(&row, "td") {
                let new_name =
                    if cell.children_it(false).all(|c| is_phrasing_content(&c)) { "p" } else { "div" };
                before_data_change(&cell);
                cell.rename(new_name);
                table_node.replace_with(&cell);
            }
        }
    }
}

fn remove_share_elements(article_node: &NodeRef, share_element_threshold: usize) {
    // `*[class],*[id]`: elements with a `class` or `id` attribute without a namespace.
    let with_class_or_id = descendants_where(article_node, |n| {
        n.as_element().is_some_and(|el| {
            el.attrs.iter().any(|a| {
                a.name.ns.is_empty() && matches!(a.name.local, local_name!("class") | local_name!("id"))
            })
        })
    });
    for child in &with_class_or_id {
        let mut has_share_sign: bool;
        {
            let Some(el) = child.element_ref() else {
                continue;
            };
            let attrs = &el.attrs;
            has_share_sign = attrs
                .iter()
                .find(|a| &a.name.local == "class")
                .is_some_and(|s| contains_share_elements(&s.value));
            if !has_share_sign {
                has_share_sign = attrs
                    .iter()
                    .find(|a| &a.name.local == "id")
                    .is_some_and(|s| contains_share_elements(&s.value));
            }
        }

        // Counted only up to the threshold: exact below it.
        if has_share_sign && char_count_up_to(child, share_element_threshold) < share_element_threshold {
            child.remove_from_parent();
        }
    }
}

#[cfg(test)]
mod tests {

    use dom_query::{Document, Matcher};

    use super::*;

    /// Pages of nested wrappers for conditional cleaning: link lists, nested lists, tables,
    /// embeds (video and not), images, inputs, headings, in-page links, commas, ad words.
    const CLEAN_PAGES: [&str; 3] = [
        r##"<body><div id="article"><div class="wrap"><div><div><p>Text, with, some, commas, here and a
        <a href="/x">link</a> in it.</p><ul><li><a href="/a">a</a></li><li><a href="/b">b</a></li></ul>
        <div><a href="#top">top</a> <a href="#">bare</a> plain words</div></div>
        <table><tr><td>cell <a href="/c">c</a></td></tr></table><div class="share"><img src="1.png"><img src="2.png"></div>
        <div><iframe src="https://www.youtube.com/embed/x"></iframe></div><div><embed src="/e.swf"> short</div>
        <div><input><input><input><p>form-ish</p></div><div><h2>Heading only</h2><a href="/h">h</a></div>
        <ul><li>one<ul><li>inner <a href="/i">i</a></li></ul></li><li>two</li></ul>
        <div>Advertisement</div><div class="comment"><p>a,b,c,d,e,f,g,h,i,j,k</p></div>
        <div><div><div><a href="/deep">deep link text only</a></div></div></div></div>
        <form><fieldset><input><p>x</p></fieldset></form><pre>code</pre><div class="sidebar"><pre>kept</pre></div>
        </div></body>"##,
        r#"<body><div><div><div><div><p>Long paragraph text that should keep its wrappers, with commas,
        many words, and more words, and, yet, more, words, here, to pass.</p></div><div><a href="/1">one</a>
        <a href="/2">two</a></div></div><table data-readability-table="true"><tr><td><div><a href="/t">t</a></div>
        </td></tr></table><figure><div><img src="a.png"><img src="b.png"><img src="c.png"></div></figure>
        <div><object data="https://vimeo.com/1"></object></div><div><object><param value="x"></object>tiny</div>
        <ol><li><div>x</div><div>y</div></li></ol><ul><li>only text</li></ul><div><span>\u{a0} </span></div>
        <div>Loading\u{2026}</div></div></div></body>"#,
        r#"<body><div><ul><li><a href="/a">Home</a></li><li><a href="/b">News</a></li></ul>
        <div><h1>Big</h1></div><div><h3>x</h3></div><div><img src="i.png"></div><div></div>
        <div>text <div>more text <div><a href="/z">z</a></div></div></div></div></body>"#,
    ];

    /// The facts of a node, as comparable values.
    fn facts_key(facts: &CleanFacts) -> Vec<usize> {
        vec![
            facts.text.char_count(),
            facts.text.link_chars,
            usize::from(facts.text.fragment_link),
            facts.comma_bytes,
            facts.kept_chars,
            usize::from(facts.data_table),
            usize::from(facts.pre),
            facts.img,
            facts.p,
            facts.li,
            facts.input,
            facts.embeds,
            facts.ul_ol_chars,
            facts.h1_h6_chars,
            facts.textish_chars,
        ]
    }

    /// `CleanFacts` answers every question of the per-node walks it replaces, and facts taken
    /// with measured descendants equal facts taken in full.
    #[test]
    fn clean_facts_match_the_per_node_walks() {
        let mut checked = 0;
        for html in CLEAN_PAGES {
            let doc = Document::from(html);
            let Some(body) = doc.body() else { panic!("no body") };
            for node in body.descendants() {
                if !node.is_element() {
                    continue;
                }
                let facts = CleanFacts::of(&node, &[], &HashMap::default(), &SubtreeStats::default());
                let old = DescendantFacts::of(&node);
                assert_eq!(
                    (facts.data_table, facts.pre, facts.img, facts.p, facts.li, facts.input, facts.embeds),
                    (old.data_table, old.pre, old.img, old.p, old.li, old.input, old.embeds.len()),
                    "{}",
                    node.html()
                );
                let text = TextFacts::of(&node);
                assert_eq!(facts.comma_bytes < COMMAS_NEEDED, text.commas < COMMAS_NEEDED);
                if text.commas < COMMAS_NEEDED {
                    assert_eq!(facts.kept_chars <= MAX_AD_OR_LOADING_WORD_CHARS, text.may_be_ad_or_loading);
                }
                let count = normalized_char_count(&node);
                assert_eq!(facts.text.char_count(), count, "{}", node.html());
                let density = facts.text.link_density().unwrap_or_else(|| link_density(&node, Some(count)));
                assert_eq!(density.to_bits(), link_density(&node, Some(count)).to_bits(), "{}", node.html());
                for ordering in [Ordering::Less, Ordering::Greater] {
                    for threshold in [0.0, 0.5, 0.9, 1.0] {
                        for (names, sum) in [
                            (UL_OL_ELEMS, facts.ul_ol_chars),
                            (H1_H6_ELEMS, facts.h1_h6_chars),
                            (TEXTISH_ELEMS, facts.textish_chars),
                        ] {
                            for char_count in [count, 1] {
                                assert_eq!(
                                    density_cmp(sum, char_count, threshold, ordering),
                                    text_density_cmp(&node, names, char_count, threshold, ordering),
                                    "{}",
                                    node.html()
                                );
                            }
                        }
                    }
                }
                checked += 1;
            }
            // Measured from the last to the first, each walk taking the measured descendants.
            for names in [TABLE_UL_DIV_ELEMS, FORM_FIELDSET_ELEMS] {
                let mut measured = HashMap::default();
                let stats = SubtreeStats::new(&body);
                for node in descendants_where(&body, |n| element_named(n, names)).iter().rev() {
                    let facts = CleanFacts::of(node, names, &measured, &stats);
                    let full = CleanFacts::of(node, &[], &HashMap::default(), &SubtreeStats::default());
                    assert_eq!(facts_key(&facts), facts_key(&full), "{}", node.html());
                    measured.insert(node.id, facts);
                }
            }
        }
        assert!(checked > 60, "{checked}");
    }

    /// `clean_conditionally` removes what the per-node form removed, with and without class
    /// weights.
    #[test]
    fn clean_conditionally_matches_the_per_node_form() {
        let all: FlagSet<GrabFlags> = FlagSet::full();
        let mut changed = 0;
        for html in CLEAN_PAGES {
            let untouched = Document::from(html).body().map(|b| b.html()).unwrap_or_default();
            for flags in [all, all - GrabFlags::WeightClasses] {
                for names in [TABLE_UL_DIV_ELEMS, FORM_FIELDSET_ELEMS] {
                    let fast = Document::from(html);
                    let reference = Document::from(html);
                    let (Some(fast_body), Some(reference_body)) = (fast.body(), reference.body()) else {
                        panic!("no body")
                    };
                    clean_conditionally(&fast_body, names, &flags, &SubtreeStats::new(&fast_body));
                    clean_conditionally_reference(&reference_body, names, &flags);
                    assert_eq!(fast_body.html(), reference_body.html());
                    changed += usize::from(fast_body.html() != untouched);
                }
            }
        }
        assert!(changed >= 7, "{changed}");
    }

    /// `TextFacts` agrees with the joined text: the comma test, and no text it rules out is an
    /// ad or loading word.
    #[test]
    fn text_facts_match_the_joined_text() {
        let doc = Document::from(
            "<div>Advertisement</div><div> ADVERTISEMENT. </div><div>Loading<b>\u{2026}</b>...</div>
            <div>a,b,c,d,e,f,g,h,i,<i>j,k</i></div><div>a,b,c,d,e,f,g,h,i</div><div>\u{5e7f}\u{544a}</div>
            <div>\u{420}\u{435}\u{43a}\u{43b}\u{430}\u{43c}\u{430}</div><div>cargando\u{2026}\u{2026}  </div>
            <div>x\u{a0}y\u{2026}\u{2003}</div><div></div>
            <div><p>loading</p><p>     </p><p>.........</p></div><div>werbung und mehr text hier</div>",
        );
        let mut ruled_out = 0;
        for node in doc.select("div").nodes() {
            let text = node.text();
            let facts = TextFacts::of(node);
            assert_eq!(facts.commas < 10, text.matches(',').count() < 10, "{text:?}");
            if facts.may_be_ad_or_loading {
                continue;
            }
            assert!(!is_ad_or_loading_text(text.trim()), "{text:?}");
            ruled_out += 1;
        }
        assert!(ruled_out >= 2);
        let first = doc.select("div").nodes()[0];
        assert!(TextFacts::of(&first).may_be_ad_or_loading);
    }

    /// The name and attribute walks of article preparation pick what the selectors they
    /// replace picked, in the same order.
    #[test]
    fn preparation_walks_match_the_selectors() {
        let doc = Document::from(
            r#"<body><div id="a"><form><fieldset><input><button>b</button></fieldset></form>
            <table><tr><td><table><tr><td>x</td></tr></table></td></tr></table><ul><li><div>y</div></li></ul>
            <h1 class="t">h</h1><h2>i</h2><figure><img src="a.png"><picture></picture></figure>
            <object></object><embed><footer>f</footer><link><aside></aside><iframe></iframe>
            <textarea></textarea><select></select><p id="">p</p><p class="">q</p>
            <svg><a class="s"></a><title id="x">t</title></svg></div></body>"#,
        );
        let Some(body) = doc.body() else { panic!("no body") };
        let ids = |nodes: &[NodeRef]| nodes.iter().map(|n| n.id).collect::<Vec<_>>();
        let by_selector = |matcher: &Matcher| ids(Selection::from(body).select_matcher(matcher).nodes());
        let by_names = |names: &[LocalName]| ids(&descendants_where(&body, |n| element_named(n, names)));
        assert_eq!(by_names(FORM_FIELDSET_ELEMS), by_selector(&MATCHER_FORM_FIELDSET));
        assert_eq!(by_names(TABLE_UL_DIV_ELEMS), by_selector(&MATCHER_TABLE_UL_DIV));
        assert_eq!(by_names(CLEAN_ELEMS), by_selector(&MATCHER_CLEAN));
        assert_eq!(by_names(H1_H2_ELEMS), by_selector(&MATCHER_HEADING));
        assert_eq!(by_names(IMG_PICTURE_FIGURE_ELEMS), by_selector(&MATCHER_IMG_PICTURE_FIGURE));
        assert_eq!(by_names(&[local_name!("h1")]), by_selector(&MATCHER_H1));
        assert_eq!(by_names(&[local_name!("p")]), by_selector(&MATCHER_P));
        assert_eq!(by_names(&[local_name!("table")]), by_selector(&MATCHER_TABLE));
        assert!(by_names(CLEAN_ELEMS).len() >= 9);

        // `remove_share_elements` removes from `*[class],*[id]` what it removed before.
        let with_class_or_id = by_selector(&MATCHER_CLASS_OR_ID);
        assert!(with_class_or_id.len() >= 5);
        let share = Document::from(
            r#"<body><div id="root"><div class="share">s</div><p id="share_x">a long enough paragraph</p>
            <span class="Share">t</span><div class="x"><i id="sharedaddy"></i></div></div></body>"#,
        );
        let Some(root) = share.select("#root").nodes().first().copied() else { panic!("no root") };
        remove_share_elements(&root, 10);
        assert_eq!(root.html().matches("share").count(), 1, "{}", root.html());
    }

    /// `DescendantFacts` finds what the `descendants_it` walk with name tests found.
    #[test]
    fn descendant_facts_match_the_name_walk() {
        let doc = Document::from(
            r#"<div><table data-readability-table="true"><tr><td>t</td></tr></table><pre>c</pre><img><p>1</p>
            <ul><li>a</li><li><input><img></li></ul><object></object><embed><iframe></iframe><div><embed></div></div>
            <div><table><tr><td><p>x</p></td></tr></table></div><div></div><div><svg><p></p></svg></div>"#,
        );
        let named = |node: &NodeRef, name: &str| node.descendants_it().filter(|n| n.has_name(name)).count();
        for node in doc.select("div").nodes() {
            let facts = DescendantFacts::of(node);
            let data_table =
                node.descendants_it().any(|n| n.has_name("table") && n.has_attr("data-readability-table"));
            assert_eq!(facts.data_table, data_table);
            assert_eq!(facts.pre, named(node, "pre") > 0);
            assert_eq!(
                (facts.img, facts.p, facts.li, facts.input),
                (named(node, "img"), named(node, "p"), named(node, "li"), named(node, "input"))
            );
            let embeds: Vec<_> = node
                .descendants_it()
                .filter(|n| n.has_name("object") || n.has_name("embed") || n.has_name("iframe"))
                .map(|n| n.id)
                .collect();
            assert_eq!(facts.embeds.iter().map(|n| n.id).collect::<Vec<_>>(), embeds);
        }
    }

    /// The selector form `text_density_cmp` replaced.
    fn text_density_cmp_by_matcher(
        node: &NodeRef,
        matcher: &Matcher,
        char_count: usize,
        threshold: f32,
        ordering: Ordering,
    ) -> bool {
        if char_count == 0 {
            return 0.0_f32.partial_cmp(&threshold) == Some(ordering);
        }
        let text_length = char_count as f32;
        let mut children_length = 0usize;
        for descendant in Selection::from(*node).select_matcher_iter(matcher) {
            children_length += normalized_char_count(&descendant);
            if children_length as f32 / text_length > threshold {
                return ordering == Ordering::Greater;
            }
        }
        (children_length as f32 / text_length).partial_cmp(&threshold) == Some(ordering)
    }

    /// The name lists find the elements their selectors match, and `text_density_cmp` gives
    /// what its selector form gave, on nested lists, headings and text blocks.
    #[test]
    fn text_density_by_names_matches_the_selectors() {
        let doc = Document::from(
            r#"<body><div><ul><li>one <ol><li>two</li></ol></li></ul><h2>Head</h2> tail text</div>
            <table><tr><td><h1>x</h1><h6>y</h6><p>para, text</p></td></tr></table><div><img><span>s</span>
            <blockquote>q</blockquote><dl><dt>t</dt></dl><pre>p</pre></div><div>   </div>
            <ul><li><div><h3>deep</h3></div></li></ul><svg><ul><li>svg</li></ul></svg></body>"#,
        );
        let lists: [(&[LocalName], &Matcher); 3] =
            [(UL_OL_ELEMS, &MATCHER_UL_OL), (H1_H6_ELEMS, &MATCHER_H1_H6), (TEXTISH_ELEMS, &MATCHER_TEXTISH)];
        let mut compared = 0;
        for node in doc.select("*").nodes() {
            let char_count = normalized_char_count(node);
            for (names, matcher) in lists {
                let by_names: Vec<_> =
                    descendants_where(node, |n| element_named(n, names)).iter().map(|n| n.id).collect();
                let by_matcher: Vec<_> =
                    Selection::from(*node).select_matcher_iter(matcher).map(|n| n.id).collect();
                assert_eq!(by_names, by_matcher, "{}", node.html());
                for count in [char_count, 1, 0] {
                    for threshold in [0.0, 0.3, 0.9, 1.5] {
                        for ordering in [Ordering::Less, Ordering::Greater] {
                            assert_eq!(
                                text_density_cmp(node, names, count, threshold, ordering),
                                text_density_cmp_by_matcher(node, matcher, count, threshold, ordering),
                                "{}",
                                node.html()
                            );
                            compared += 1;
                        }
                    }
                }
            }
        }
        assert!(compared > 500);
    }

    #[test]
    fn test_text_density_cmp() {
        // Reference: the real helper short-circuits instead of computing the full density.
        let density = |node: &NodeRef, char_count: usize| {
            let children: usize = Selection::from(*node)
                .select_matcher(&MATCHER_UL_OL)
                .nodes()
                .iter()
                .map(|n| n.normalized_char_count())
                .sum();
            if char_count == 0 || children == 0 { 0.0 } else { children as f32 / char_count as f32 }
        };

        let doc = Document::from(
            r#"<div id="list"><ul><li>one two</li></ul></div>
               <div id="mixed"><ul><li>one two</li></ul>three four</div>
               <div id="text">plain text</div>
               <div id="exact"><ul><li>abcdefghi</li></ul>x</div>
               <div id="empty"></div>"#,
        );

        for node in doc.select("div").nodes() {
            let char_count = node.normalized_char_count();
            let density = density(node, char_count);
            for threshold in [0.0, 0.1, 0.5, 0.9, 1.0, 2.0] {
                for ordering in [Ordering::Less, Ordering::Greater] {
                    assert_eq!(
                        text_density_cmp(node, UL_OL_ELEMS, char_count, threshold, ordering),
                        density.partial_cmp(&threshold) == Some(ordering),
                        "id={:?}, density={density}, threshold={threshold}, ordering={ordering:?}",
                        node.attr_or("id", "")
                    );
                }
            }
        }

        let list = doc.select("#list").nodes()[0];
        let mixed = doc.select("#mixed").nodes()[0];
        let exact = doc.select("#exact").nodes()[0];
        assert!(text_density_cmp(&list, UL_OL_ELEMS, list.normalized_char_count(), 0.9, Ordering::Greater));
        assert!(!text_density_cmp(
            &mixed,
            UL_OL_ELEMS,
            mixed.normalized_char_count(),
            0.9,
            Ordering::Greater
        ));
        // Density is exactly 0.9: neither `<` nor `>` holds.
        let exact_char_count = exact.normalized_char_count();
        assert_eq!(density(&exact, exact_char_count).partial_cmp(&0.9), Some(Ordering::Equal));
        for ordering in [Ordering::Less, Ordering::Greater] {
            assert!(!text_density_cmp(&exact, UL_OL_ELEMS, exact_char_count, 0.9, ordering));
        }
    }

    #[test]
    fn test_fix_lazy_images() {
        struct TestCase<'a> {
            fragment: String,
            expected_attr_name: &'a str,
        }

        // Long enough to survive the base64 length check in `fix_lazy_images`.
        let stub = format!("data:image/gif;base64,{}", "R0lGODlhAQABAAAA".repeat(9));
        let real = "https://example.com/real.jpg";
        let cases = [
            // `loading="lazy"` alone is no sign of a placeholder: wikipedia sets it on
            // images with a working `src`, next to a `resource` attribute pointing at
            // the file description page.
            TestCase {
                fragment: format!(r#"loading="lazy" src="{real}" resource="./File:Real.jpg""#),
                expected_attr_name: "src",
            },
            TestCase {
                fragment: format!(r#"loading="lazy" srcset="{real}" resource="./File:Real.jpg""#),
                expected_attr_name: "srcset",
            },
            // With no usable address of its own the hint still works.
            TestCase {
                fragment: format!(r#"loading="lazy" src="{stub}" data-src="{real}""#),
                expected_attr_name: "src",
            },
            TestCase {
                fragment: format!(r#"loading="lazy" srcset="{stub}" data-srcset="{real}""#),
                expected_attr_name: "src",
            },
            TestCase {
                fragment: format!(r#"loading="lazy" src=" {stub}" data-src="{real}""#),
                expected_attr_name: "src",
            },
            // Whitespace is not an address either.
            TestCase {
                fragment: format!(r#"loading="lazy" src="   " data-src="{real}""#),
                expected_attr_name: "src",
            },
            TestCase {
                fragment: format!(r#"loading="lazy" srcset="   " data-srcset="{real}""#),
                expected_attr_name: "src",
            },
            // A `lazy` class means a placeholder even when `src` looks usable.
            TestCase {
                fragment: format!(r#"class="lazyload" src="https://example.com/ph.png" data-src="{real}""#),
                expected_attr_name: "src",
            },
            // No lazy hint at all: the address stays as it is.
            TestCase {
                fragment: format!(r#"src="{real}" data-src="https://example.com/other.jpg""#),
                expected_attr_name: "src",
            },
        ];

        for case in cases {
            let attrs = case.fragment;
            let contents = format!("<html><body><img {attrs}></body></html>");
            let doc = Document::from(contents.as_str());
            fix_lazy_images(&doc.select("body").nodes()[0]);
            assert_eq!(
                doc.select("img").attr_or(case.expected_attr_name, "").to_string(),
                real,
                "<img {attrs}>"
            );
        }
    }

    #[test]
    fn test_should_clean_conditionally_keeps_pre() {
        let flags = FlagSet::full();
        for class in ["scroll-mt-2", "md:hidden", "overflow-hidden"] {
            let html = format!(r#"<div class="{class}"><pre><code>cargo test</code></pre></div>"#);
            let doc = Document::from(html.as_str());
            let pre_wrapper = doc.select("div").nodes()[0];
            assert!(!should_clean_conditionally(&pre_wrapper, &flags), "class={class:?} with <pre>");

            let html = format!(r##"<div class="{class}"><a href="#">one</a><a href="#">two</a></div>"##);
            let doc = Document::from(html.as_str());
            let clutter = doc.select("div").nodes()[0];
            assert!(should_clean_conditionally(&clutter, &flags), "class={class:?} without <pre>");
        }
    }

    #[test]
    fn test_textish_text() {
        let cases = [
            ("direct text", false),
            ("<div></div>", false),
            ("<p>text</p>", true),
            ("<span>text</span>", true),
            ("<span><p>text</p></span>", true),
            (r##"<a href="#">text</a>"##, false),
            ("<p> </p>", false),
        ];

        for (inner, expected) in cases {
            let html = format!(r#"<div id="node">{inner}</div>"#);
            let doc = Document::from(html.as_str());
            let node = doc.select("#node").nodes()[0];
            assert_eq!(
                text_density_cmp(&node, TEXTISH_ELEMS, 1, 0.0, Ordering::Greater),
                expected,
                "inner={inner:?}"
            );
        }
    }

    #[test]
    fn test_colspan_values() {
        let cases = [
            // zero is clamped to 1
            ("0", 2),
            //oversized decimal is clamped
            ("99999999999999999999999", 1001),
            //usize::MAX is clamped
            (&usize::MAX.to_string(), 1001),
            // negative values give 1 colspan
            ("-1", 2),
            // bad value gives 1 colspan
            ("abc", 2),
        ];

        for (case, col_count) in cases {
            let html =
                format!(r#"<table><tr><td colspan="{case}">a</td><td colspan="1">b</td></tr></table>"#);
            let doc = Document::from(html);
            assert_eq!(get_row_and_col_count(&doc.select("table")), (1, col_count));
        }
    }
}
