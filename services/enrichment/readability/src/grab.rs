use dom_query::Tree;
use foldhash::{HashMap, HashSet};
use std::vec;

use dom_query::{Document, LocalName, NodeData, NodeId, NodeRef, local_name};
use flagset::FlagSet;

use crate::Config;
use crate::Metadata;
use crate::Readability;
use crate::config::CandidateSelectMode;
#[allow(clippy::wildcard_imports)]
use crate::glob::*;
use crate::grab_flags::GrabFlags;
#[allow(clippy::wildcard_imports)]
use crate::helpers::*;
#[allow(clippy::wildcard_imports)]
use crate::matching::*;
use crate::prep_article::prep_article;
#[allow(clippy::wildcard_imports)]
use crate::score::*;
use crate::subtree::{SubtreeStats, char_count_up_to};
use crate::undo::{Checkpoint, before_data_change};

impl Readability {
    /// Runs up to four extraction attempts, relaxing one flag per failed attempt, on
    /// `self.doc` itself: a [`Checkpoint`] taken before an attempt that may be followed by
    /// another restores the document when the attempt fails (a whole-tree clone per attempt
    /// cost more than the rest of the grab's bookkeeping). Returns false when no attempt
    /// found an article; `self.doc` then holds the last attempt's tree. Otherwise `self.doc`
    /// holds the chosen attempt's tree: the first long enough, else the longest.
    pub(crate) fn grab_article(&mut self, metadata: &Metadata) -> bool {
        let mut flags: FlagSet<GrabFlags> = FlagSet::full();
        let mut best_attempt: Option<(Document, usize)> = None;
        loop {
            let next_flags = relaxed_flags(flags);
            // The last attempt is never undone: no checkpoint.
            let checkpoint = next_flags.is_some().then(|| Checkpoint::take(&self.doc.tree));
            let article_node = self.attempt_grab_article(&self.doc, &flags, metadata);
            // Now that we've gone through the full algorithm, check to see if
            // we got any meaningful content. If we didn't, we may need to re-run
            // `grab_article` with different flags set. This gives us a higher likelihood of
            // finding the content, and the sieve approach gives us a higher likelihood of
            // finding the -right- content.

            // Exact below the threshold, where attempts are compared by it.
            let text_length = article_node.map(|node| char_count_up_to(&node, self.config.char_threshold));
            if text_length.is_some_and(|length| length >= self.config.char_threshold) {
                return true;
            }
            let is_best = text_length.is_some_and(|length| {
                best_attempt.as_ref().is_none_or(|(_, best_length)| length > *best_length)
            });
            let Some(next_flags) = next_flags else {
                drop(checkpoint);
                // No luck after removing flags,
                // just return the longest text we found during the different loops
                if is_best {
                    return true;
                }
                let Some((best_doc, _)) = best_attempt else { return false };
                self.doc = best_doc;
                return true;
            };
            if let (true, Some(length)) = (is_best, text_length) {
                best_attempt = Some((self.doc.clone(), length));
            }
            if let Some(checkpoint) = checkpoint {
                checkpoint.restore();
            }
            flags = next_flags;
        }
    }

    pub(crate) fn attempt_grab_article<'a>(
        &self,
        doc: &'a Document,
        flags: &FlagSet<GrabFlags>,
        metadata: &Metadata,
    ) -> Option<NodeRef<'a>> {
        let selection = doc.select_single("body");
        let body_node = selection.nodes().first()?;
        let strip_unlikely = flags.contains(GrabFlags::StripUnlikelys);
        let elements_to_score = collect_elements_to_score(body_node, strip_unlikely, metadata);
        let article_node = self.handle_candidates(&elements_to_score, body_node, flags);
        article_node.map(|n| NodeRef::new(n.id, &doc.tree))
    }

    fn handle_candidates<'a>(
        &self,
        elements_to_score: &[NodeRef<'a>],
        body_node: &'a NodeRef,
        flags: &FlagSet<GrabFlags>,
    ) -> Option<NodeRef<'a>> {
        let tree = body_node.tree;
        let weigh_class = flags.contains(GrabFlags::WeightClasses);
        let mut scores = NodeScores::default();
        // Every scored element and candidate lies under `<body>`: measured in one walk (whose
        // text summaries the article's cleaning reads too).
        let stats = tree.body().map(|body| SubtreeStats::new(&body)).unwrap_or_default();
        let top_candidates =
            score_elements(elements_to_score, tree, &self.config, flags, &mut scores, &stats);

        let mut top_candidate = top_candidates.first().copied();

        let mut top_candidate_is_created = false;

        if top_candidate.is_none() || top_candidate.as_ref().is_some_and(|n| n.has_name("body")) {
            top_candidate_is_created = true;
            let tc = tree.new_element("div");

            tree.reparent_children_of(&body_node.id, Some(tc.id));
            body_node.append_child(&tc);
            scores.init(&tc, weigh_class);
            top_candidate = Some(tc);
        } else if let Some(mut tc) = top_candidate {
            if matches!(self.config.candidate_select_mode, CandidateSelectMode::DomSmoothie) {
                tc = find_common_candidate_alt(tc, &top_candidates, weigh_class, &mut scores);
            } else {
                // Find a better top candidate node if it contains (at least three) nodes which belong to `top_candidates` array
                // and whose scores are quite closed with current `top_candidate` node.
                tc = find_common_candidate(tc, &top_candidates, weigh_class, &mut scores);
            }

            // If the top candidate is the only child, use parent instead. This will help sibling
            // joining logic when adjacent content is actually located in parent's sibling node.
            let mut parent_of_top_candidate = tc.parent();

            while let Some(ref tc_parent) = parent_of_top_candidate {
                if tc_parent.has_name("body") {
                    break;
                }

                if tc_parent.element_children().len() != 1 {
                    break;
                }
                tc = *tc_parent;
                parent_of_top_candidate = tc_parent.parent();
            }
            top_candidate = Some(tc);
        }

        let tc = top_candidate.as_ref()?;

        if !scores.has(tc) {
            scores.init(tc, weigh_class);
        }
        // Now that we have the top candidate, look through its siblings for content
        // that might also be related. Things like preambles, content split by ads
        // that we removed, etc.
        let article_content = tree.new_element("div");
        assign_article_node(tc, &article_content, &scores);

        //prepare the article
        prep_article(&article_content, flags, &self.config, &stats);

        if top_candidate_is_created {
            before_data_change(tc);
            tc.set_attr("id", CONTENT_ID);
            tc.set_attr("class", "page");
        } else {
            // this code does the same thing as mozilla's implementation, but it is more simpler.
            article_content.set_attr("id", CONTENT_ID);
            article_content.set_attr("class", "page");
        }

        Some(article_content)
    }
}

/// The flags of the attempt after a failed one with `flags`: one flag relaxed, in order, or
/// `None` after the last attempt.
fn relaxed_flags(flags: FlagSet<GrabFlags>) -> Option<FlagSet<GrabFlags>> {
    if flags.contains(GrabFlags::StripUnlikelys) {
        return Some(flags - GrabFlags::StripUnlikelys);
    }
    if flags.contains(GrabFlags::WeightClasses) {
        return Some(flags - GrabFlags::WeightClasses);
    }
    if flags.contains(GrabFlags::CleanConditionally) {
        return Some(flags - GrabFlags::CleanConditionally);
    }
    None
}

/// Whether the element's class and id mark it as unlikely content. `name` is the element's
/// local name and `match_string` a buffer for its class and id (reused across the walk).
fn is_unlikely_candidate(node: &NodeRef, name: Option<&LocalName>, match_string: &mut String) -> bool {
    // Assuming that `<body>` node can't can't reach this function
    if name == Some(&local_name!("a")) {
        return false;
    }

    node_matching_string_into(node, match_string);
    if match_string.is_empty() {
        return false;
    }

    if !match_unlikely(match_string) {
        return false;
    }

    !has_ancestor(node, Some(0), |n| {
        let Some(qual_name) = n.qual_name_ref() else {
            return false;
        };
        matches!(qual_name.local.as_ref(), "table" | "code")
    })
}

fn div_into_p(node: &NodeRef) {
    // Turn all divs that don't have children block level elements into p's
    // Put phrasing content into paragraphs.
    let mut child_node = node.first_child();
    while let Some(ref child) = child_node {
        child_node = wrap_phrasing_content(child);
    }
}

fn wrap_phrasing_content<'a>(node: &NodeRef<'a>) -> Option<NodeRef<'a>> {
    if is_phrasing_content(node) && !is_whitespace(node) {
        let mut next_sibling = node.next_sibling();
        let p = node.tree.new_element("p");
        node.insert_before(&p);
        p.append_child(node);

        while let Some(child) = next_sibling {
            next_sibling = child.next_sibling();
            if is_phrasing_content(&child) {
                p.append_child(&child);
            } else {
                break;
            }
        }
        // Because `p` starts with phrasing content that is not whitespace,
        // we can skip checking the first child for whitespace.

        while let Some(p_last_child) = p.last_child() {
            if is_whitespace(&p_last_child) {
                p_last_child.remove_from_parent();
            } else {
                break;
            }
        }

        return next_sibling;
    }

    node.next_sibling()
}

fn has_child_block_element(node: &NodeRef) -> bool {
    node.descendants_it().any(|n| n.element_ref().is_some_and(|el| BLOCK_ELEMS.contains(&el.name.local)))
}

fn score_elements<'a>(
    elements_to_score: &[NodeRef<'a>],
    tree: &'a Tree,
    cfg: &Config,
    flags: &FlagSet<GrabFlags>,
    scores: &mut NodeScores,
    stats: &SubtreeStats,
) -> Vec<NodeRef<'a>> {
    let mut score_map: HashMap<NodeId, f32> = HashMap::default();
    // Preserves the initial order of candidates to ensure deterministic tie-breaking.
    let mut candidate_order: Vec<NodeId> = Vec::new();

    for element in elements_to_score {
        let content_len = stats.char_count(element);
        if content_len < 25 {
            continue;
        }
        // these elements have at least one ancestor -- their parent.
        let ancestors = element.ancestors(Some(5));

        // Count commas in the element's text content without allocating a new StrTendril.
        // Equivalent to `1 + element.text().split(COMMAS).count()`, but more efficient.
        let mut content_score = 2 + stats.commas(element);
        content_score += std::cmp::min(content_len / 100, 3);
        for (level, ancestor) in ancestors.iter().enumerate() {
            if !ancestor.is_element() || ancestor.parent().is_none() {
                continue;
            }

            let score_divider: f32 = match level {
                0 => 1.0,
                1 => 2.0,
                _ => (level * 3) as f32,
            };
            let extra_score = content_score as f32 / score_divider;

            score_map.entry(ancestor.id).and_modify(|e| *e += extra_score).or_insert_with(|| {
                candidate_order.push(ancestor.id);
                extra_score + determine_node_score(ancestor, flags.contains(GrabFlags::WeightClasses))
            });

            if ancestor.has_name("body") {
                break;
            }
        }
    }

    // Scale the final candidates score based on link density. Good content
    // should have a relatively small link density (5% or less) and be mostly
    // unaffected by this operation.

    let mut scored_candidates: Vec<_> = candidate_order
        .into_iter()
        .filter_map(|node_id| score_map.get(&node_id).map(|score| (node_id, *score)))
        .filter(|(_, score)| *score > 0.0)
        .map(|(node_id, base_score)| {
            let candidate = NodeRef::new(node_id, tree);
            // Skipping adjustment of low score
            let score = if base_score > cfg.min_score_to_adjust {
                base_score * (1.0 - stats.link_density(&candidate))
            } else {
                base_score
            };
            scores.set(&candidate, score);
            (candidate, score)
        })
        .collect();

    scored_candidates.sort_by(|a, b| b.1.total_cmp(&a.1));

    scored_candidates.into_iter().take(cfg.n_top_candidates).map(move |c| c.0).collect()
}

fn assign_article_node(tc: &NodeRef, article_content: &NodeRef, scores: &NodeScores) {
    let tc_node_score = scores.get(tc);
    let mut sibling_score_threshold = tc_node_score * 0.2;
    if sibling_score_threshold < 10.0 {
        sibling_score_threshold = 10.0;
    }
    // Keep potential top candidate's parent node to try to get text direction of it later.
    let Some(tc_parent) = tc.parent() else { unreachable!("Top candidate must have a parent") };

    let tc_class = tc.attr_or("class", "");
    let siblings: Vec<NodeRef> = tc_parent.element_children();
    for sibling in &siblings {
        let mut append = false;
        if sibling.id == tc.id {
            append = true;
        } else {
            let mut content_bonus: f32 = 0.0;
            let sibling_class = sibling.attr_or("class", "");
            if !tc_class.is_empty() && sibling_class == tc_class {
                content_bonus += tc_node_score * 0.2;
            }
            let sibling_score = scores.get(sibling);
            if sibling_score > 0.0 {
                if sibling_score + content_bonus >= sibling_score_threshold {
                    append = true;
                }
            } else if sibling.has_name("p") {
                let sibling_text = sibling.text();
                let node_content = normalize_spaces(&sibling_text);
                let node_length = node_content.chars().count();
                let link_density = link_density(sibling, Some(node_length));

                if (node_length > 80 && link_density < 0.25)
                    || node_length < 80
                        && node_length > 0
                        && link_density == 0.0
                        && is_sentence(&node_content)
                {
                    append = true;
                }
            }
        }

        //appending sibling
        if append {
            if !node_name_in(sibling, ALTER_TO_DIV_EXCEPTIONS) {
                // We have a node that isn't a common block level element, like a form or td tag.
                // Turn it into a div so it doesn't get filtered out later by accident.
                before_data_change(sibling);
                sibling.rename("div");
            }
            article_content.append_child(&sibling.id);
        }
    }
    tc_parent.append_child(article_content);
}

/// Find a better top candidate across other candidates in a way that `mozilla/readability` does.
fn find_common_candidate<'a>(
    mut top_candidate: NodeRef<'a>,
    top_candidates: &[NodeRef<'a>],
    weigh_class: bool,
    scores: &mut NodeScores,
) -> NodeRef<'a> {
    let tc = &mut top_candidate;
    let tc_score = scores.get(tc);

    let mut alternative_candidate_ancestors = vec![];
    for alt in top_candidates.iter().skip(1) {
        if scores.get(alt) / tc_score >= 0.75 {
            alternative_candidate_ancestors.push(alt.ancestors(Some(0)));
        }
    }
    // MIN_COMMON_ANCESTORS (in mozilla/readability.js -- MINIMUM_TOPCANDIDATES)
    // represents the number of top candidates' ancestors that may be common.
    // The idea is good, but this magic number doesn't always work very well.
    // For example, imagine we have only two candidates, and both are significant.
    // So, we end up with one top candidate and another candidate.
    // However, the second candidate will be excluded in the end because we require
    // at least three (!) lists of ancestors,
    // which is impossible to derive from just one candidate.
    // To adjust the top candidate to share a common ancestor with other candidates,
    // we would need at least three other candidates.
    // Currently, I consider this approach to be flawed...

    if alternative_candidate_ancestors.len() > MIN_COMMON_ANCESTORS {
        let mut parent_of_top_candidate = tc.parent();
        while let Some(ref tc_parent) = parent_of_top_candidate {
            if tc_parent.has_name("body") {
                break;
            }

            let mut lists_containing_this_ancestor = 0;

            for alt_ancestor in &alternative_candidate_ancestors {
                if alt_ancestor.iter().any(|n| n.id == tc_parent.id) {
                    lists_containing_this_ancestor += 1;
                }
            }

            if lists_containing_this_ancestor >= MIN_COMMON_ANCESTORS {
                top_candidate = *tc_parent;
                break;
            }

            parent_of_top_candidate = tc_parent.parent();
        }
    }

    top_candidate = adjust_top_candidate_by_parent(top_candidate, weigh_class, scores);

    top_candidate
}

/// Find a better top candidate across other candidates (alternative approach).
fn find_common_candidate_alt<'a>(
    mut top_candidate: NodeRef<'a>,
    top_candidates: &[NodeRef<'a>],
    weigh_class: bool,
    scores: &mut NodeScores,
) -> NodeRef<'a> {
    if top_candidates.len() < 2 {
        return top_candidate;
    }
    let tc = &mut top_candidate;

    let tc_ancestors = get_node_ancestors_set(tc, scores);
    let tc_score = scores.get(tc);

    let mut ancestor_match_counter: HashMap<NodeId, usize> = HashMap::default();

    for alt in top_candidates.iter().skip(1) {
        if scores.get(alt) / tc_score >= 0.75 {
            let alt_ancestors = get_node_ancestors_set(alt, scores);
            if alt_ancestors.contains(&tc.id) {
                continue;
            }
            let intersect = tc_ancestors.intersection(&alt_ancestors);
            for item in intersect {
                *ancestor_match_counter.entry(*item).or_insert(0) += 1;
            }
        }
    }

    let mut require_adjustment = true;
    // choosing the best candidate by how close it to the top candidate,
    // and then by how many common ancestors it has across all other candidates
    if let Some(best_candidate_id) =
        ancestor_match_counter.into_iter().max_by(|x, y| x.0.cmp(&y.0).then(x.1.cmp(&y.1))).map(|n| n.0)
    {
        let best_candidate = NodeRef::new(best_candidate_id, tc.tree);
        if scores.get(&best_candidate) > tc_score / 3.0 {
            top_candidate = best_candidate;
            require_adjustment = false;
        }
    }

    if require_adjustment {
        top_candidate = adjust_top_candidate_by_parent(top_candidate, weigh_class, scores);
    }
    top_candidate
}

fn get_node_ancestors_set(node: &NodeRef, scores: &NodeScores) -> HashSet<NodeId> {
    // only elements, no html or body, and have a score
    node.ancestors(Some(0))
        .iter()
        .filter(|n| {
            n.is_element() && !matches!(n.node_name().as_deref(), Some("html" | "body")) && scores.has(n)
        })
        .map(|n| n.id)
        .collect::<HashSet<_>>()
}

fn adjust_top_candidate_by_parent<'a>(
    mut top_candidate: NodeRef<'a>,
    weigh_class: bool,
    scores: &mut NodeScores,
) -> NodeRef<'a> {
    let tc = &mut top_candidate;
    if !scores.has(tc) {
        scores.init(tc, weigh_class);
    }
    // Because of our bonus system, parents of candidates might have scores
    // themselves. They get half of the node. There won't be nodes with higher
    // scores than our `top_candidate`, but if we see the score going *up* in the first
    // few steps up the tree, that's a decent sign that there might be more content
    // lurking in other places that we want to unify in. The sibling stuff
    // below does some of that - but only if we've looked high enough up the DOM
    // tree.
    let mut last_score = scores.get(tc);
    let score_threshold = last_score / 3.0;
    let mut parent_of_top_candidate = tc.parent();
    while let Some(ref tc_parent) = parent_of_top_candidate {
        if tc_parent.has_name("body") {
            break;
        }

        if !scores.has(tc_parent) {
            parent_of_top_candidate = tc_parent.parent();
            continue;
        }

        let parent_score = scores.get(tc_parent);
        if parent_score < score_threshold {
            break;
        }
        if parent_score > last_score {
            top_candidate = *tc_parent;
            break;
        }
        last_score = parent_score;
        parent_of_top_candidate = tc_parent.parent();
    }
    top_candidate
}

/// Collecting nodes to score. Also, it removes unlikely candidates and elements without content.
fn collect_elements_to_score<'a>(
    root_node: &'a NodeRef,
    strip_unlikely: bool,
    metadata: &Metadata,
) -> Vec<NodeRef<'a>> {
    let tree = &root_node.tree;
    let mut elements_id_to_score: Vec<NodeId> = vec![];
    let mut should_remove_title_header = !metadata.title.is_empty();
    let mut next_node = next_child_or_sibling(root_node, false);
    // Reused for each element's class and id.
    let mut match_string = String::new();
    while let Some(mut node) = next_node {
        if !is_probably_visible(&node) {
            next_node = next_child_or_sibling(&node, true);
            node.remove_from_parent();
            continue;
        }

        // The element's name, read once for the tests below (each `has_name` read it again).
        let name: Option<LocalName> = node.qual_name_ref().map(|q| q.local.clone());
        let name_is = |wanted: &LocalName| name.as_ref() == Some(wanted);
        let name_in = |names: &[LocalName]| name.as_ref().is_some_and(|n| names.contains(n));

        if name_is(&local_name!("svg")) {
            next_node = next_child_or_sibling(&node, true);
            continue;
        }

        if is_dialog(&node) {
            next_node = next_child_or_sibling(&node, true);
            node.remove_from_parent();
            continue;
        }

        if should_remove_title_header
            && (name_is(&local_name!("h1")) || name_is(&local_name!("h2")))
            && text_similarity(&metadata.title, &node.text()) > 0.75
        {
            should_remove_title_header = false;
            next_node = next_child_or_sibling(&node, true);
            node.remove_from_parent();
            continue;
        }

        if strip_unlikely {
            let strip = is_unlikely_candidate(&node, name.as_ref(), &mut match_string)
                || node.query_or(false, |n| {
                    // The `role` attribute read in place (`attr` copied it for each element).
                    let role = n.as_element().and_then(|el| el.attr_ref(local_name!("role")));
                    role.is_some_and(|role| UNLIKELY_ROLES.contains(role))
                });
            if strip {
                next_node = next_child_or_sibling(&node, true);
                node.remove_from_parent();
                continue;
            }
        }
        if name_in(TAGS_WITH_CONTENT) && is_element_without_content(&node) {
            next_node = next_child_or_sibling(&node, true);
            node.remove_from_parent();
            continue;
        }

        if name_in(DEFAULT_TAGS_TO_SCORE) {
            elements_id_to_score.push(node.id);
        }

        if name_is(&local_name!("div")) {
            div_into_p(&node);

            // Sites like http://mobile.slate.com encloses each paragraph with a DIV
            // element. DIVs with only a P element inside and no text content can be
            // safely converted into plain P elements to avoid confusing the scoring
            // algorithm with DIVs with are, in practice, paragraphs.

            // Check `p` first (cheap), then link density (expensive).
            let single_p: Option<NodeRef<'_>> =
                single_child_element(&node, "p").filter(|_| link_density(&node, None) < 0.25);
            if let Some(new_node) = single_p {
                node.replace_with(&new_node);
                elements_id_to_score.push(new_node.id);
                node = new_node;
            } else if !has_child_block_element(&node) {
                before_data_change(&node);
                node.rename("p");
                elements_id_to_score.push(node.id);
            }
        }
        next_node = next_child_or_sibling(&node, false);
    }
    elements_id_to_score.iter().map(|n| NodeRef::new(*n, tree)).collect()
}

/// Is this element a dialog: `dialog, [aria-modal="true"][role="dialog"]`, checked directly
/// (a selector match per element walked cost more than the rest of the check).
fn is_dialog(node: &NodeRef) -> bool {
    node.query_or(false, |n| {
        let NodeData::Element(ref el) = n.data else { return false };
        // A selector's attribute without a namespace matches only attributes without one.
        let attr_is = |name: &str, value: &str| {
            el.attrs.iter().any(|a| a.name.ns.is_empty() && &*a.name.local == name && &*a.value == value)
        };
        &*el.name.local == "dialog" || (attr_is("aria-modal", "true") && attr_is("role", "dialog"))
    })
}

/// [`UNLIKELY_CANDIDATES`] as a [`PatternSet`].
static UNLIKELY_SET: std::sync::LazyLock<PatternSet> =
    std::sync::LazyLock::new(|| PatternSet::new(UNLIKELY_CANDIDATES));

/// [`MAYBE_CANDIDATES`] as a [`PatternSet`].
static MAYBE_SET: std::sync::LazyLock<PatternSet> =
    std::sync::LazyLock::new(|| PatternSet::new(MAYBE_CANDIDATES));

fn match_unlikely(haystack: &str) -> bool {
    if !UNLIKELY_SET.found_in(haystack) {
        return false;
    }
    if MAYBE_SET.found_in(haystack) {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::readability::Readability;

    /// Pages whose attempts edit the tree in every way an attempt does: unlikely candidates,
    /// hidden and empty elements, divs turned into paragraphs, scored candidates, lazy images,
    /// presentational attributes, data tables, single-cell tables, headings, shares, forms.
    const UNDO_PAGES: [&str; 4] = [
        r#"<html><head><title>A title, for the page</title></head><body>
        <div class="sidebar">side <a href="/x">link</a></div><div hidden>hidden</div><p></p>
        <div id="main" style="color:red" width="3"><h1 class="x">A title, for the page</h1>
        <div><p align="left">One paragraph, with commas, and enough words to be scored as content here.</p>
        text in a div <b>bold</b> <span>span</span></div>
        <div><p>Second paragraph, with commas, and enough words to be scored as content.</p></div>
        <table><tr><td>single cell, with some text</td></tr></table>
        <table summary="s"><tr><td>a</td><td>b</td></tr></table>
        <figure><span data-src="pic.jpg">f</span></figure><img class="lazy" data-src="x.png" src="data:image/png;base64,AAAA">
        <div class="share">share</div><form><input></form><h1>Heading inside</h1>
        <font>old</font><ul><li><a href="/a">a</a></li><li><a href="/b">b</a></li></ul></div>
        <footer class="comment">foot <a href="/c">c</a></footer></body></html>"#,
        r#"<html><body><div><div class="post-body">Short text, with a comma.</div>
        <td>cell, in a body</td><pre>code</pre><div><div><p>nested, deep, paragraph text that is long enough</p></div></div>
        </div><aside class="related"><p>Related, links, here, that, is, all.</p></aside></body></html>"#,
        r#"<html><body>no elements at all, just text, in the body</body></html>"#,
        r#"<html><body><article><p>Пример текста, с запятыми, и символами не ASCII — «кавычки».</p>
        <p>第二段，中文，文本。</p><div role="dialog" aria-modal="true">modal</div>
        <div class="banner"><div><p>Banner text, which, may, be, removed.</p></div></div></article></body></html>"#,
    ];

    /// The four attempts' flags, in the order `grab_article` tries them.
    fn attempt_flags() -> Vec<FlagSet<GrabFlags>> {
        let mut all = vec![FlagSet::full()];
        while let Some(next) = relaxed_flags(all[all.len() - 1]) {
            all.push(next);
        }
        all
    }

    /// A restored checkpoint leaves the document as it was before the attempt, and the next
    /// attempt on it builds what the same attempt builds on an untouched copy.
    #[test]
    fn checkpoint_restores_the_document_after_an_attempt() {
        assert_eq!(attempt_flags().len(), 4);
        for html in UNDO_PAGES {
            let undone = Readability::new(html, None, None).unwrap();
            let before = undone.doc.html();
            let metadata = Metadata { title: "A title, for the page".into(), ..Metadata::default() };
            for flags in attempt_flags() {
                let checkpoint = Checkpoint::take(&undone.doc.tree);
                let article = undone.attempt_grab_article(&undone.doc, &flags, &metadata).map(|n| n.html());
                assert_ne!(undone.doc.html(), before, "the attempt changed nothing: {html}");
                checkpoint.restore();
                assert_eq!(undone.doc.html(), before);

                let fresh = Readability::new(html, None, None).unwrap();
                let fresh_article =
                    fresh.attempt_grab_article(&fresh.doc, &flags, &metadata).map(|n| n.html());
                assert_eq!(article, fresh_article);
            }
        }
    }

    /// What `grab_article` did before checkpoints: every attempt on a fresh clone.
    fn grab_article_by_cloning(readability: &mut Readability, metadata: &Metadata) -> Option<Document> {
        let mut flags: FlagSet<GrabFlags> = FlagSet::full();
        let mut best_attempt: Option<(Document, usize)> = None;
        loop {
            let next_doc = readability.doc.clone();
            let doc = std::mem::replace(&mut readability.doc, next_doc);
            let article_node = readability.attempt_grab_article(&doc, &flags, metadata);
            if let Some(ref article_node) = article_node {
                let text_length = char_count_up_to(article_node, readability.config.char_threshold);
                if text_length >= readability.config.char_threshold {
                    return Some(doc);
                }
                if best_attempt.as_ref().is_none_or(|(_, best_length)| text_length > *best_length) {
                    best_attempt = Some((doc, text_length));
                }
            }
            match relaxed_flags(flags) {
                Some(next) => flags = next,
                None => return best_attempt.map(|(doc, _)| doc),
            }
        }
    }

    /// `grab_article` with checkpoints picks the tree the cloning form picked, whichever
    /// attempt wins (thresholds from accepting the first attempt to accepting none).
    #[test]
    fn grab_article_matches_the_cloning_form() {
        for html in UNDO_PAGES {
            for char_threshold in [0, 20, 60, 120, 100_000] {
                let config = Config { char_threshold, ..Config::default() };
                let metadata = Metadata::default();
                let mut by_checkpoint = Readability::new(html, None, Some(config.clone())).unwrap();
                let found = by_checkpoint.grab_article(&metadata);
                let mut by_cloning = Readability::new(html, None, Some(config)).unwrap();
                let expected = grab_article_by_cloning(&mut by_cloning, &metadata);
                assert_eq!(found, expected.is_some());
                if let Some(expected) = expected {
                    assert_eq!(by_checkpoint.doc.html(), expected.html(), "{html} {char_threshold}");
                }
            }
        }
    }

    /// `is_dialog` picks what the selector it replaces picked.
    #[test]
    fn is_dialog_matches_the_selector() {
        let doc = Document::from(
            r#"<body><dialog>a</dialog><div aria-modal="true" role="dialog">b</div>
            <div aria-modal="true">c</div><div role="dialog" aria-modal="false">d</div>
            <div aria-modal="TRUE" role="dialog">e</div><p role="dialog" aria-modal="true">f</p></body>"#,
        );
        let matcher = dom_query::Matcher::new(r#"dialog,[aria-modal="true"][role="dialog"]"#).unwrap();
        let Some(body) = doc.body() else { panic!("no body") };
        for node in body.descendants() {
            assert_eq!(
                is_dialog(&node),
                node.is_element() && matcher.match_element(&node),
                "{}",
                node.html()
            );
        }
    }

    /// Ensures candidates with equal scores preserve their order to keep ranking deterministic.
    #[test]
    fn test_equal_score_candidates_keep_their_first_scored_order() {
        // Two paragraphs per div: a div holding a single <p> is folded into
        // that <p> before scoring (`div_into_p`) and would not be a candidate.
        let block = "<p>Seven words, with two commas, and enough characters to score.</p>\
                     <p>Another line, with two commas, and enough characters to score.</p>";
        let contents = format!(
            "<!DOCTYPE html><html><head><title>Test</title></head><body>\
             <div id=\"a\">{block}</div><div id=\"b\">{block}</div>\
             <div id=\"c\">{block}</div><div id=\"d\">{block}</div>\
             </body></html>"
        );
        let doc = Document::from(contents.as_str());
        let body = doc.body().unwrap();
        let elements = collect_elements_to_score(&body, true, &Metadata::default());
        let cfg = Config::default();
        let flags: FlagSet<GrabFlags> = FlagSet::full();
        let stats = SubtreeStats::new(&body);
        let top = score_elements(&elements, body.tree, &cfg, &flags, &mut NodeScores::default(), &stats);
        let divs: Vec<String> =
            top.iter().map(|n| n.attr_or("id", "").to_string()).filter(|id| !id.is_empty()).collect();
        assert_eq!(divs, ["a", "b", "c", "d"]);
    }

    #[test]
    fn test_removing_probably_invisible_nodes() {
        let contents = r#"<!DOCTYPE>
        <html>
            <head><title>Test</title></head>
            <body>
                 <p hidden>This paragraph should be hidden.</p>
                 <p aria-hidden="true">This paragraph should be hidden.</p>
                 <p style="display:none">This paragraph should be hidden.</p>
                 <p style="display: none !important">This paragraph should be hidden.</p>
                 <p style="display: none!important">This paragraph should be visible.</p>
                 <p style="display:">This paragraph should be visible.</p>
                 <p style="display">This paragraph should be visible.</p>
                 <p style=":">This paragraph should be visible.</p>
                 <p style="visibility:hidden">This paragraph should be hidden.</p>
                 <p aria-hidden="true" class="mwe-math-fallback-image-inline">123*123</p>
                 <p>This paragraph is visible</p>
                 <p style="DISPLAY: NONE">This paragraph should be hidden.</p>
                 <p style="display: none; visibility: visible">This paragraph should be hidden.</p>
                 <p style="font-family: 'Times New Roman'; display: none">This paragraph should be hidden.</p>
            </body>
        </html>"#;

        let doc = Document::from(contents);
        let body = doc.body().unwrap();
        collect_elements_to_score(&body, true, &Metadata::default());
        assert_eq!(6, doc.select("p").length());
    }

    #[test]
    fn test_remove_dialog() {
        let contents = r#"<!DOCTYPE>
        <html>
            <head><title>Test</title></head>
            <body>
                 <div id="dialog1" role="dialog" aria-modal="true">
                    <h2>Test dialog<h2>
                    <button id="close1">Close</button>
                 </div>
            </body>
        </html>"#;

        let doc = Document::from(contents);
        assert!(doc.select("#dialog1").exists());
        let body = doc.body().unwrap();
        collect_elements_to_score(&body, true, &Metadata::default());

        assert!(!doc.select("#dialog1").exists());
        assert!(!doc.select("#close1").exists());
    }

    #[test]
    fn test_unlikely_roles() {
        let contents = r#"<!DOCTYPE>
        <html>
            <head><title>Test</title></head>
            <body>
                 <div id="dialog1" role="dialog">
                    <h2>Test dialog<h2>
                    <button id="close1">Close</button>
                 </div>
                 <nav id="nav1" role="navigation"></nav>
            </body>
        </html>"#;

        let doc = Document::from(contents);
        assert!(doc.select("*[role]").exists());
        let body = doc.body().unwrap();

        collect_elements_to_score(&body, true, &Metadata::default());
        assert!(!doc.select("*[role]").exists());
    }

    #[test]
    fn test_remove_empty() {
        let contents = r"<!DOCTYPE>
        <html>
            <head><title>Test</title></head>
            <body>
                 <p>This paragraph is visible</p>
                 <header></header>
                 <section></section>
                 <div></div>
                 <h1></h1>
                 <h2></h2>
                 <h3></h3>
                 <h4></h4>
                 <h5></h5>
                 <h6></h6>
            </body>
        </html>";

        let mut ra = Readability::new(contents, None, None).unwrap();
        let sel = ra.doc.select("body > *");
        let count_before = sel.nodes().iter().filter(|n| n.is_element()).count();

        assert_eq!(count_before, 10);

        assert!(ra.grab_article(&Metadata::default()));
        let sel = ra.doc.select("body > *");
        let count_after = sel.nodes().iter().filter(|n| n.is_element()).count();
        assert_eq!(count_after, 1);
    }

    const GRAB_WITH_SIDEBAR: &str = r#"<!DOCTYPE>
        <html>
            <head><title>Test</title></head>
            <body>
                <div class="sidebar">
                    <p>Some words, a few commas, and enough text to count as content
                    on this page, repeated so that the candidate is long enough to pass
                    the character threshold only when it is not stripped as unlikely.
                    Some words, a few commas, and enough text to count as content.</p>
                </div>
            </body>
        </html>"#;

    fn readability_with_threshold(html: &str, char_threshold: usize) -> Readability {
        let cfg = Config { char_threshold, ..Default::default() };
        Readability::new(html, None, Some(cfg)).unwrap()
    }

    #[test]
    fn test_grab_article_leaves_the_article_in_self_doc() {
        // The accepted first attempt's tree stays in `self.doc`.
        let html = GRAB_WITH_SIDEBAR.replace("sidebar", "content");
        let mut ra = readability_with_threshold(&html, 0);

        assert!(ra.grab_article(&Metadata::default()));

        assert!(ra.doc.select("#readability-page-1").exists());
        assert!(ra.doc.select("#readability-page-1 p").exists());
    }

    #[test]
    fn test_grab_article_retries_start_from_original_doc() {
        // The first attempt strips `.sidebar` and falls short; the retry only
        // sees the text if it starts from the original document.
        let mut ra = readability_with_threshold(GRAB_WITH_SIDEBAR, 200);

        assert!(ra.grab_article(&Metadata::default()));

        assert!(ra.doc.select("#readability-page-1 p").exists());
        assert_eq!(ra.doc.select("#readability-page-1").length(), 1);
    }

    #[test]
    fn test_grab_article_exhausted_attempts_keep_the_longest() {
        // Unreachable threshold: all four attempts run, the longest is kept.
        let mut ra = readability_with_threshold(GRAB_WITH_SIDEBAR, usize::MAX);

        assert!(ra.grab_article(&Metadata::default()));

        assert!(ra.doc.select("#readability-page-1 p").exists());
        assert_eq!(ra.doc.select("#readability-page-1").length(), 1);
    }

    #[test]
    fn test_remove_title_duplicates() {
        let contents = r"<!DOCTYPE>
        <html>
            <head><title>Rust (programming language) - Wikipedia</title></head>
            <body>
                 <h1>Rust (programming language)</h1>
            </body>
        </html>";

        let readability = Readability::from(contents);
        let metadata = readability.get_article_metadata(None);
        let body = readability.doc.body().unwrap();

        assert!(readability.doc.select("h1").exists());
        collect_elements_to_score(&body, true, &metadata);
        assert!(!readability.doc.select("h1").exists());
    }

    #[test]
    fn test_remove_unlikely_candidates() {
        let contents = r#"<!DOCTYPE>
        <html>
            <head><title>Test</title></head>
            <body>
                 <h1>Test</h1>
                 <div class="banner">Some annoying content</div>
            </body>
        </html>"#;

        let doc = Document::from(contents);
        assert!(doc.select("div.banner").exists());
        let body = doc.body().unwrap();
        collect_elements_to_score(&body, true, &Metadata::default());
        assert!(!doc.select("div.banner").exists());
    }
    #[test]
    fn test_skip_ok_maybe_candidates() {
        let contents = r#"<!DOCTYPE>
        <html>
            <head><title>Test</title></head>
            <body>
                 <h1>Test</h1>
                 <a class="banner">Some annoying content</a>
            </body>
        </html>"#;

        let doc = Document::from(contents);
        assert!(doc.select("a.banner").exists());
        let body = doc.body().unwrap();
        collect_elements_to_score(&body, true, &Metadata::default());
        assert!(doc.select("a.banner").exists());
    }
}
