//! HTML pages: metadata from the page, main content from a Readability pass
//! (`newsroom-readability`, our copy of dom_smoothie) turned into paragraphs by our own block walk, then boilerplate cleaning; when Readability
//! finds too little, a paragraph harvest over the cleaned page takes over.

use dom_query::{Document, LocalName, NodeData, NodeId, NodeRef};
use newsroom_readability::{Article, Config, Readability};

use super::{Extracted, boilerplate, byline, date, metadata, non_empty, squash_ws, squash_ws_cow};

/// Below this many characters Readability's answer is compared with the paragraph harvest.
const SHORT_BODY_CHARS: usize = 600;

/// Deeper trees than this skip the Readability pass.
const MAX_READABILITY_DEPTH: usize = 400;

/// Elements whose content is never body text. A `match` (a length switch and a few
/// comparisons), not a slice search: the walks ask it for every element of the page.
fn is_skip_tag(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "canvas"
            | "iframe"
            | "object"
            | "embed"
            | "button"
            | "select"
            | "option"
            | "input"
            | "textarea"
            | "nav"
            | "head"
            | "title"
            | "meta"
            | "link"
            | "dialog"
            | "menu"
            // What a `<video>` or `<audio>` holds is fallback for browsers that cannot play it
            // (and broken `<source>` markup), never shown next to the story.
            | "video"
            | "audio"
    )
}

/// Characters from which a `<figcaption>` is read as part of the story (a slide show's text,
/// a long explanatory caption); shorter captions and photo credits are furniture.
const FIGCAPTION_PROSE_CHARS: usize = 150;

/// Elements that start and end a paragraph (a `match`, as in [`is_skip_tag`]); the walk asks
/// [`is_block_atom`], which tests hold to this list.
#[cfg(test)]
fn is_block_tag(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "aside"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "caption"
            | "figure"
            | "figcaption"
            | "address"
            | "details"
            | "summary"
            | "center"
            | "body"
            | "html"
            | "hr"
            | "fieldset"
            | "legend"
    )
}

/// Class/id words of page furniture, skipped by the fallback harvest. The scan reads them
/// grouped by first byte ([`furniture_words_from`]); this list is what the tests hold that
/// grouping to.
#[cfg(test)]
const FURNITURE: &[&str] = &[
    "comment",
    "share",
    "social",
    "related",
    "sidebar",
    "menu",
    "navbar",
    "breadcrumb",
    "footer",
    "cookie",
    "newsletter",
    "promo",
    "advert",
    "banner",
    "popup",
    "modal",
    "subscribe",
    "signup",
    "widget",
    "recommend",
    "teaser",
    "masthead",
];

/// One paragraph of the walk.
#[derive(Debug, Default, Clone)]
struct Block {
    /// The paragraph's text (whitespace squashed per line).
    text: String,
    /// Characters inside links.
    link_chars: usize,
    /// The block starts at a heading.
    heading: bool,
    /// The block is a list item.
    list_item: bool,
}

/// Extract an HTML page (read as text when its markup is too deep, as [`super::extract`]).
pub fn extract(html: &str, url: Option<&str>) -> Extracted {
    super::extract(html, crate::detect::InputKind::Html, url)
}

/// Extract a raw HTML page: the tokenizer applies the pre-scrub ([`super::prescrub`]'s rules)
/// as it reads. `None` when its nesting passes [`crate::markup_guard::MAX_NESTING`] (the
/// tokenizer stops there).
pub(crate) fn extract_page(html: &str, url: Option<&str>) -> Option<Extracted> {
    let doc = super::tokenizer::parse_document(html)?;
    let nodes = metadata::PageNodes::gather(&doc);
    let mut out = Extracted { language_hint: language_hint(&nodes), ..Default::default() };
    let meta = collect_meta(&nodes.metas);
    let json_ld = metadata::json_ld_objects_in(&nodes.json_ld);
    let site_name =
        meta.get("og:site_name").cloned().or_else(|| metadata::json_ld_any_string(&json_ld, "publisher"));
    // The markup scans below walk every classed element: only when the cheaper sources fail.
    // A candidate that is the site's own name (an Organization as author) is no byline.
    let site_tokens = metadata::site_tokens(site_name.as_deref(), url);
    let names_a_person = |name: &String| !metadata::is_site_segment(name, &site_tokens);
    let json_ld_author = metadata::json_ld_author(&json_ld).filter(names_a_person);
    let markup_author = if json_ld_author.is_none() { metadata::markup_author_in(&nodes) } else { None };
    let doc_title = nodes.title.map(|n| n.text().to_string());
    let h1s: Vec<String> = nodes.h1s.iter().filter_map(|n| non_empty(&n.text())).collect();
    out.section = meta.get("article:section").and_then(|s| non_empty(s));
    out.published_at = page_date(&nodes, &meta, &json_ld, url);
    let visible_date =
        if out.published_at.is_none() { metadata::visible_date_in(&nodes.classed) } else { None };
    let (harvested, standalone_date) = harvest(&doc);
    let json_ld_body = nodes
        .json_ld
        .iter()
        .find_map(|n| json_ld_string(&n.text(), "articleBody"))
        .map(|body| {
            decode_article_body(&body)
                .split('\n')
                .filter_map(non_empty)
                .map(|text| Block { text, ..Block::default() })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();

    // Read before Readability takes the tree; the headline they are matched with comes later.
    let subtitles = subtitles_under_h1s(&nodes.h1s);
    // Readability's scoring walks ancestors of every node: on absurdly deep trees it is
    // quadratic, so such pages get the harvest only.
    let (article, mut blocks) =
        if max_depth(&doc) <= MAX_READABILITY_DEPTH { readability_article(doc) } else { (None, Vec::new()) };
    // Readability sometimes settles on the wrong container (a disclaimer box, a data table,
    // a blog's header): when the harvest holds far more running prose, it wins.
    let readability_prose = prose_chars(&blocks);
    let harvested_prose = prose_chars(&harvested);
    let description = meta.get("og:description").or_else(|| meta.get("description")).map(|d| squash_ws(d));
    let lead = description.as_deref().and_then(|d| visible_lead(&harvested, d)).cloned();
    if (readability_prose < SHORT_BODY_CHARS && harvested_prose > readability_prose * 2)
        || harvested_prose > readability_prose * 3 + SHORT_BODY_CHARS
        || (harvested_prose > readability_prose * 2 && !shares_a_paragraph(&blocks, &harvested))
    {
        blocks = harvested.clone();
    }
    blocks = prepend_preceding_prose(blocks, &harvested);
    // Some pages ship the story only (or fully) in JSON-LD `articleBody`.
    // (An empty `articleBody` has no prose: the blocks are not counted for it.)
    if !json_ld_body.is_empty() && prose_chars(&json_ld_body) > prose_chars(&blocks) * 3 / 2 + 200 {
        blocks = json_ld_body;
    }
    // The lead (standfirst) often sits above the container Readability settles on; the page's
    // description names it. A visible paragraph that matches it comes first when missing.
    if let (Some(lead), Some(description)) = (lead, description.as_deref())
        && !blocks.iter().any(|b| squash_ws_cow(&b.text).contains(description_key(description)))
    {
        blocks.insert(0, lead);
    }

    let title = article.as_ref().map(|a| a.title.clone()).unwrap_or_default();
    let page_title = doc_title.as_deref();
    let headline_sources = HeadlineSources {
        title: &title,
        page_title,
        og_title: meta.get("og:title").map(String::as_str),
        json_ld_headline: metadata::json_ld_article_string(&json_ld, "headline"),
        h1s: &h1s,
        site_name: site_name.as_deref(),
        url,
    };
    out.headline = pick_headline(&headline_sources);
    out.byline = json_ld_author
        .or(markup_author.filter(names_a_person))
        .or_else(|| {
            meta.get("author")
                .and_then(|a| metadata::clean_candidate(a, false).or_else(|| byline::clean(a)))
                .filter(names_a_person)
        })
        .or_else(|| {
            article
                .as_ref()
                .and_then(|a| a.byline.as_deref())
                .and_then(|b| metadata::clean_candidate(b, false).or_else(|| byline::clean(b)))
                .filter(names_a_person)
        });
    if out.published_at.is_none() {
        out.published_at =
            article.as_ref().and_then(|a| a.published_time.as_deref()).and_then(date::normalise_machine);
    }
    if out.published_at.is_none() {
        out.published_at = url.and_then(date::from_url);
    }
    if out.published_at.is_none() {
        out.published_at = visible_date;
    }
    if out.published_at.is_none() {
        out.published_at = standalone_date;
    }
    // The subtitle set right under the headline (a news page's `<h2>` dek) opens the story.
    if let Some(subtitle) = subtitle_under_headline(&subtitles, out.headline.as_deref())
        && !blocks.iter().any(|b| squash_ws_cow(&b.text).contains(&subtitle.text))
    {
        blocks.insert(0, subtitle);
    }
    out.body_text =
        normalise_visible_text(clean_blocks(blocks, out.headline.as_deref(), out.byline.as_deref()));
    out.headline = out.headline.map(normalise_visible_text);
    Some(out)
}

/// Characters a subtitle under the headline has: shorter is a kicker, a byline or a date;
/// longer is a paragraph of the story (which the walk already holds).
const SUBTITLE_CHARS: std::ops::RangeInclusive<usize> = 40..=400;

/// A page's `<h1>` texts (as [`comparison_key`]s) with the subtitle set right under each.
type Subtitles = Vec<(String, Option<Block>)>;

/// Each `<h1>` with its subtitle ([`subtitle_after`]).
fn subtitles_under_h1s(h1s: &[NodeRef<'_>]) -> Subtitles {
    h1s.iter().map(|h1| (comparison_key(&squash_ws(&h1.text())), subtitle_after(h1))).collect()
}

/// The dek (standfirst) set right under the page's headline: the subtitle of the `<h1>` that
/// holds the headline. News pages set it as a heading, so Readability (which drops headings
/// next to the title) and the walk's paragraph rules lose it, yet it is the story's first line.
fn subtitle_under_headline(subtitles: &Subtitles, headline: Option<&str>) -> Option<Block> {
    let headline = comparison_key(&squash_ws(headline?));
    subtitles.iter().find(|(h1, _)| *h1 == headline).and_then(|(_, subtitle)| subtitle.clone())
}

/// The element that follows this `<h1>`, when it is an `<h2>`, `<h3>` or `<p>` of one sentence
/// or two without links, and neither a byline nor a date.
fn subtitle_after(h1: &NodeRef<'_>) -> Option<Block> {
    let next = h1.next_element_sibling()?;
    if !matches!(&*element_name(&next), "h2" | "h3" | "p")
        || next.descendants_it().any(|node| &*element_name(&node) == "a")
    {
        return None;
    }
    let text = squash_ws(&next.text());
    let chars = text.chars().count();
    if !SUBTITLE_CHARS.contains(&chars) || byline::from_line(&text).is_some() || is_date_only(&text) {
        return None;
    }
    Some(Block { text, ..Block::default() })
}

/// Text as a reader sees and searches it: soft hyphens (invisible hyphenation hints set by
/// some sites inside every long word) removed, and canonical composition (NFC), so that a
/// letter written with a precomposed code point that Unicode decomposes (Bengali য়, U+09DF)
/// compares equal to the same letter typed elsewhere.
fn normalise_visible_text(text: String) -> String {
    use unicode_normalization::UnicodeNormalization;
    let text = if text.contains('\u{ad}') { text.replace('\u{ad}', "") } else { text };
    // Characters below U+0300 are starters that are always NFC: the quick check is given only
    // the others ([`chars_from_u0300`]). Without the starters between them it may answer "no"
    // or "maybe" where the whole text is NFC (never "yes" where it is not), and composing an
    // NFC text gives it back unchanged: the result is the same either way.
    if unicode_normalization::is_nfc_quick(chars_from_u0300(&text))
        == unicode_normalization::IsNormalized::Yes
    {
        return text;
    }
    text.nfc().collect()
}

/// The characters of `text` from U+0300 on, in order: the first bytes of their UTF-8 forms
/// are 0xCC or above, and every other byte (ASCII, a continuation byte, the first byte of a
/// character below U+0300) is passed over, ASCII eight bytes at a time. Decoding every
/// character for the quick check was most of [`normalise_visible_text`].
fn chars_from_u0300(text: &str) -> impl Iterator<Item = char> + '_ {
    /// The high bit of each of eight bytes: set only in non-ASCII bytes.
    const NON_ASCII: u64 = 0x8080_8080_8080_8080;
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            while let Some(eight) = bytes.get(at..at + 8)
                && let Ok(eight) = <[u8; 8]>::try_from(eight)
                && u64::from_le_bytes(eight) & NON_ASCII == 0
            {
                at += 8;
            }
            let &byte = bytes.get(at)?;
            if byte >= 0xCC {
                let c = text.get(at..)?.chars().next()?;
                at += c.len_utf8();
                return Some(c);
            }
            at += 1;
        }
    })
}

/// Deepest element nesting of the page (iterative), stopping once past
/// [`MAX_READABILITY_DEPTH`]. Each child is read under one borrow of the tree (its kind and
/// next sibling): asking for the kind and stepping a child iterator took one each.
fn max_depth(doc: &Document) -> usize {
    let tree = &doc.tree;
    let mut deepest = 0;
    let mut stack = vec![(doc.root().id, 0usize)];
    while let Some((id, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        if deepest > MAX_READABILITY_DEPTH {
            break;
        }
        let mut child = NodeRef { id, tree }.query_or(None, |tree_node| tree_node.first_child);
        while let Some(child_id) = child {
            let (is_element, next) = NodeRef { id: child_id, tree }.query_or((false, None), |tree_node| {
                (matches!(tree_node.data, NodeData::Element(_)), tree_node.next_sibling)
            });
            if is_element {
                stack.push((child_id, depth + 1));
            }
            child = next;
        }
    }
    deepest
}

/// The reference for [`max_depth`]: children asked for by dom_query's iterator.
#[cfg(test)]
fn max_depth_by_iterator(doc: &Document) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(doc.root(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        if deepest > MAX_READABILITY_DEPTH {
            break;
        }
        for child in node.children_it(false) {
            if child.is_element() {
                stack.push((child, depth + 1));
            }
        }
    }
    deepest
}

/// `<html lang="de-AT">` → `de`.
fn language_hint(nodes: &metadata::PageNodes<'_>) -> Option<String> {
    let lang = nodes.html?.attr("lang")?;
    let primary: String =
        lang.trim().chars().take_while(char::is_ascii_alphabetic).collect::<String>().to_ascii_lowercase();
    (primary.len() == 2).then_some(primary)
}

/// `<meta property|name|itemprop = content>` pairs, keys lower case, first one wins.
fn collect_meta(metas: &[NodeRef<'_>]) -> std::collections::HashMap<String, String> {
    let mut map = std::collections::HashMap::new();
    for node in metas {
        let Some(content) = node.attr("content") else { continue };
        let content = content.trim();
        if content.is_empty() {
            continue;
        }
        for key in ["property", "name", "itemprop"] {
            if let Some(k) = node.attr(key) {
                map.entry(k.trim().to_ascii_lowercase()).or_insert_with(|| content.to_owned());
            }
        }
    }
    map
}

/// Publication date from meta tags, `itemprop=datePublished`, JSON-LD, `<time>`; the caller
/// falls back to Readability's metadata and the URL.
fn page_date(
    nodes: &metadata::PageNodes<'_>,
    meta: &std::collections::HashMap<String, String>,
    json_ld: &[serde_json::Value],
    url: Option<&str>,
) -> Option<String> {
    const KEYS: &[&str] = &[
        "article:published_time",
        "og:article:published_time",
        "datepublished",
        "pubdate",
        "publishdate",
        "publish-date",
        "publish_date",
        "published_time",
        "date",
        "dc.date.issued",
        "dc.date",
        "dcterms.date",
        "dcterms.created",
        "sailthru.date",
        "parsely-pub-date",
        "article.published",
        "og:published_time",
        "cxenseparse:recs:publishtime",
        "citation_publication_date",
    ];
    if let Some(d) = KEYS.iter().find_map(|k| meta.get(*k).and_then(|v| date::normalise_machine(v))) {
        return Some(d);
    }
    for node in &nodes.date_published {
        let value = node
            .attr("datetime")
            .or_else(|| node.attr("content"))
            .map(|v| v.to_string())
            .unwrap_or_else(|| node.text().to_string());
        if let Some(d) = date::normalise_machine(&value) {
            return Some(d);
        }
    }
    let json_ld_date = metadata::json_ld_article_string(json_ld, "datePublished")
        .or_else(|| metadata::json_ld_any_string(json_ld, "datePublished"))
        .or_else(|| metadata::json_ld_article_string(json_ld, "dateCreated"));
    if let Some(d) = json_ld_date.and_then(|v| date::normalise_machine(&v)) {
        return Some(d);
    }
    if let Some(d) = url.and_then(date::from_url) {
        return Some(d);
    }
    for node in &nodes.times {
        if let Some(d) = node.attr("datetime").and_then(|v| date::normalise_machine(&v)) {
            return Some(d);
        }
        if let Some(d) = date::find_in_text(&node.text()) {
            return Some(d);
        }
    }
    None
}

/// The JSON string value of the first `"key": "…"` in a JSON-LD text, unescaped.
fn json_ld_string(json: &str, key: &str) -> Option<String> {
    let needle = format!("\"{key}\"");
    let pos = json.find(&needle)?;
    let rest =
        json.get(pos + needle.len()..)?.trim_start().strip_prefix(':')?.trim_start().strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                'r' | 't' => out.push(' '),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    let code = u32::from_str_radix(&hex, 16).ok()?;
                    out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

/// Where a headline can come from.
struct HeadlineSources<'a> {
    /// Readability's cleaned `<title>`.
    title: &'a str,
    /// The page's raw `<title>`: only confirms an `<h1>` (Readability's cleaning sometimes
    /// keeps the breadcrumb and drops the story's part).
    page_title: Option<&'a str>,
    /// `og:title`.
    og_title: Option<&'a str>,
    /// JSON-LD `headline` of the story object.
    json_ld_headline: Option<String>,
    /// The first `<h1>`s of the page.
    h1s: &'a [String],
    /// `og:site_name` or the JSON-LD publisher.
    site_name: Option<&'a str>,
    /// The page URL (its host names the site).
    url: Option<&'a str>,
}

/// The headline: an `<h1>` that the page title, `og:title` or JSON-LD headline confirms, else
/// `og:title`, else the JSON-LD headline, else the `<title>`, each without the site name.
fn pick_headline(sources: &HeadlineSources<'_>) -> Option<String> {
    let strip = |t: &str| metadata::strip_site_name(t, sources.site_name, sources.url);
    let title = squash_ws(sources.title);
    let og = sources.og_title.map(squash_ws).unwrap_or_default();
    let json_ld = sources.json_ld_headline.as_deref().map(squash_ws).unwrap_or_default();
    let page_title = sources.page_title.map(squash_ws).unwrap_or_default();
    let confirmers: Vec<String> = [&title, &og, &json_ld, &page_title]
        .iter()
        .filter(|t| !t.is_empty())
        .map(|t| comparison_key(t))
        .collect();
    let site_tokens = metadata::site_tokens(sources.site_name, sources.url);
    let stripped_confirmers: Vec<String> =
        [&og, &json_ld, &title].iter().filter(|t| !t.is_empty()).map(|t| strip(t)).collect();
    for h1 in sources.h1s {
        let key = comparison_key(h1);
        // A logo `<h1>` ("Example Gazette") is the site's name, not the story's.
        if key.chars().count() < 8 || metadata::is_site_segment(h1, &site_tokens) {
            continue;
        }
        // A confirmed `<h1>` is the visible headline: only site-name segments go, a short
        // segment after a dash stays ("… – Until Now").
        if confirmers.iter().any(|c| c.contains(&key)) {
            return non_empty(&metadata::strip_site_name_segments(h1, sources.site_name, sources.url));
        }
        // The `<h1>` holds a title plus a kicker or label ("Covid-19: …", "Patch Notes …"):
        // the shorter, confirmed title is the headline.
        let within_h1 = stripped_confirmers
            .iter()
            .find(|c| c.chars().count() >= 8 && key.contains(comparison_key(c).as_str()));
        if let Some(confirmed) = within_h1 {
            return non_empty(confirmed);
        }
    }
    for candidate in [&og, &json_ld, &title] {
        if let Some(headline) = non_empty(&strip(candidate)) {
            return Some(headline);
        }
    }
    None
}

/// Lower case with typographic quotes and apostrophes folded to ASCII: meta titles often
/// carry `"` and `'` where the visible `<h1>` has „…“ and ’.
fn comparison_key(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .map(|c| match c {
            '“' | '”' | '„' | '«' | '»' | '″' => '"',
            '‘' | '’' | '‚' | '′' => '\'',
            other => other,
        })
        .collect()
}

/// JSON-LD `articleBody` texts sometimes carry HTML: entities (`&#039;`) and tags. Tags that
/// end a paragraph become line breaks, other tags go, common entities are decoded.
fn decode_article_body(body: &str) -> String {
    if !body.contains('&') && !body.contains('<') {
        return body.to_owned();
    }
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(position) = rest.find(['&', '<']) {
        out.push_str(&rest[..position]);
        rest = &rest[position..];
        if rest.starts_with('<') {
            let Some(end) = rest.find('>').filter(|end| *end <= 200) else {
                out.push('<');
                rest = &rest[1..];
                continue;
            };
            let tag = rest[1..end].trim_start_matches('/').to_ascii_lowercase();
            let name: String = tag.chars().take_while(char::is_ascii_alphanumeric).collect();
            if matches!(
                name.as_str(),
                "p" | "br" | "div" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote"
            ) {
                out.push('\n');
            }
            rest = &rest[end + 1..];
            continue;
        }
        let Some(end) = rest.find(';').filter(|end| *end <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "nbsp" => Some(' '),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Shortest page description that is matched against paragraphs.
const MIN_DESCRIPTION_CHARS: usize = 50;

/// The start of a description used to find it in paragraphs (descriptions are often cut
/// short with "…" by the site).
fn description_key(description: &str) -> &str {
    let end = description.char_indices().nth(40).map_or(description.len(), |(at, _)| at);
    description.get(..end).unwrap_or(description)
}

/// The harvested paragraph (page order, furniture skipped) that starts or holds the page's
/// description: the story's visible lead. A heading qualifies only when it is as long as a
/// description: a standfirst set as `<h2>` under the headline, not a short section title.
fn visible_lead<'a>(harvested: &'a [Block], description: &str) -> Option<&'a Block> {
    if description.chars().count() < MIN_DESCRIPTION_CHARS {
        return None;
    }
    let key = description_key(description);
    harvested.iter().find(|b| {
        (!b.heading || b.text.chars().count() >= MIN_DESCRIPTION_CHARS)
            && squash_ws_cow(&b.text).contains(key)
    })
}

/// Readability's settings. Two differ from its defaults, for speed at the same output on the
/// extraction dev set: a candidate's link density is computed from a score of 10 (not 5), and
/// an attempt is accepted from 250 characters (not 500) instead of re-running the whole grab
/// with relaxed rules: a short answer is checked against the page harvest anyway. A third
/// changes nothing we read: the article's `class` attributes are kept (stripping them took a
/// walk of the article), since its walk ([`readability_article`]) reads no attribute.
fn readability_config() -> Config {
    Config { min_score_to_adjust: 10.0, char_threshold: 250, keep_classes: true, ..Config::default() }
}

/// Share of the page's text above which an `<aside>` or `<footer>` is kept for Readability:
/// a page that wraps its story in one (a broken template) must not lose it.
const FURNITURE_ELEMENT_MAX_SHARE: f64 = 0.5;

/// Remove what is never the story before Readability scores the page: navigation and form
/// controls, and HTML5 `<aside>` and `<footer>` elements. Readability drops asides and
/// footers from the article it returns, but only after choosing it: left in for scoring, a
/// sidebar of teasers can outscore the story (a forum thread lost to its "latest topics"
/// aside). An aside or footer holding half the page's text or more stays.
fn drop_furniture_before_scoring(doc: &Document) {
    let (controls, asides_and_footers) = furniture_before_scoring(doc);
    for node in &controls {
        node.remove_from_parent();
    }
    if asides_and_footers.is_empty() {
        return;
    }
    // Each count is taken before any removal: removing one of them changes the subtree of
    // none after it (an ancestor comes before its descendants in page order).
    let counts: Vec<usize> = asides_and_footers.iter().map(normalized_char_count).collect();
    // The page is counted only as far as the comparisons need: a page with more characters
    // than twice the largest count keeps none of them (the whole page was read before).
    let largest = counts.iter().copied().max().unwrap_or(0);
    let page_limit = largest.saturating_mul(2).saturating_add(1);
    let page_chars = doc.body().map_or(0, |body| char_count_up_to(&body, page_limit));
    for (node, count) in asides_and_footers.iter().zip(counts) {
        if (count as f64) < page_chars as f64 * FURNITURE_ELEMENT_MAX_SHARE {
            node.remove_from_parent();
        }
    }
}

/// The node's [`normalized_char_count`] when it is below `limit`; otherwise some count of at
/// least `limit`, found without reading the rest of the text. The characters are counted by
/// [`normalized_text_chars`], each node read in place.
fn char_count_up_to(node: &NodeRef<'_>, limit: usize) -> usize {
    let mut count = 0usize;
    let mut last_was_whitespace = true;
    for current in std::iter::once(*node).chain(node.descendants_it()) {
        current.query_or((), |tree_node| {
            if let NodeData::Text { contents } = &tree_node.data {
                count += normalized_text_chars(contents, last_was_whitespace);
                last_was_whitespace = contents.ends_with(char::is_whitespace);
            }
        });
        // The final trim takes at most one character off.
        if count > limit {
            return count - 1;
        }
    }
    if last_was_whitespace && count > 0 {
        count -= 1;
    }
    count
}

/// What [`drop_furniture_before_scoring`] removes, in page order, from one walk of the tree
/// (each node read under one borrow, names compared as atoms) instead of two selector passes:
/// the `nav, select, button, input, textarea` elements (not entered: what they hold leaves
/// with them), and the `aside, footer` elements outside them (what the second selector pass
/// found once the first ones were gone).
fn furniture_before_scoring(doc: &Document) -> (Vec<NodeRef<'_>>, Vec<NodeRef<'_>>) {
    use dom_query::local_name as n;
    let tree = &doc.tree;
    let mut controls = Vec::new();
    let mut asides_and_footers = Vec::new();
    let root = doc.root();
    let mut stack: Vec<NodeId> = root.query_or(None, |tree_node| tree_node.first_child).into_iter().collect();
    while let Some(id) = stack.pop() {
        let node = NodeRef { id, tree };
        let (control, aside_or_footer, first_child, next_sibling) =
            node.query_or((false, false, None, None), |tree_node| {
                let (control, aside_or_footer) = match &tree_node.data {
                    NodeData::Element(element) => {
                        let name = &element.name.local;
                        (
                            *name == n!("nav")
                                || *name == n!("select")
                                || *name == n!("button")
                                || *name == n!("input")
                                || *name == n!("textarea"),
                            *name == n!("aside") || *name == n!("footer"),
                        )
                    }
                    _ => (false, false),
                };
                (control, aside_or_footer, tree_node.first_child, tree_node.next_sibling)
            });
        if let Some(next) = next_sibling {
            stack.push(next);
        }
        if control {
            controls.push(node);
            continue;
        }
        if aside_or_footer {
            asides_and_footers.push(node);
        }
        if let Some(first) = first_child {
            stack.push(first);
        }
    }
    (controls, asides_and_footers)
}

/// dom_query's `NodeRef::normalized_char_count` (the node's text with each whitespace run
/// counted as one character, a final one not counted): [`char_count_up_to`] without a limit.
fn normalized_char_count(node: &NodeRef<'_>) -> usize {
    char_count_up_to(node, usize::MAX)
}

/// Characters of `text` with each whitespace run counted once (none at the start when
/// `start_whitespace`), as dom_query counts them, but with runs of printable ASCII and of
/// ASCII whitespace counted in tight loops instead of decoding and classifying every
/// character.
fn normalized_text_chars(text: &str, start_whitespace: bool) -> usize {
    let bytes = text.as_bytes();
    let mut count = 0usize;
    let mut previous_whitespace = start_whitespace;
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        if byte > b' ' && byte < 0x80 {
            let start = at;
            at += 1;
            while bytes.get(at).is_some_and(|&b| b > b' ' && b < 0x80) {
                at += 1;
            }
            count += at - start;
            previous_whitespace = false;
            continue;
        }
        if matches!(byte, b'\t'..=b'\r' | b' ') {
            // A run of ASCII whitespace (indentation): one character at most.
            if !previous_whitespace {
                count += 1;
            }
            at += 1;
            while bytes.get(at).is_some_and(|&b| matches!(b, b'\t'..=b'\r' | b' ')) {
                at += 1;
            }
            previous_whitespace = true;
            continue;
        }
        let (whitespace, width) = if byte.is_ascii() {
            (matches!(byte, b'\t'..=b'\r' | b' '), 1)
        } else {
            let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else { break };
            (c.is_whitespace(), c.len_utf8())
        };
        if !(previous_whitespace && whitespace) {
            count += 1;
        }
        previous_whitespace = whitespace;
        at += width;
    }
    count
}

/// Readability's article and its paragraphs. The paragraphs are walked in Readability's own
/// tree (the `#readability-page-1` container its `content` HTML is serialised from): parsing
/// that HTML again as a fragment cost as much as a tenth of the page parse and gives the same
/// paragraphs.
fn readability_article(doc: Document) -> (Option<Article>, Vec<Block>) {
    drop_furniture_before_scoring(&doc);
    let Ok(mut readability) = Readability::with_document(doc, None, Some(readability_config())) else {
        return (None, Vec::new());
    };
    let Ok(article) = readability.parse() else { return (None, Vec::new()) };
    let mut blocks = Vec::new();
    if let Some(root) = readability.content_root() {
        walk(&root, &mut blocks, false);
    }
    (Some(article), blocks)
}

/// Is this element page furniture by its class or id? (The reference for
/// [`is_furniture_element`].)
#[cfg(test)]
fn is_furniture(node: &NodeRef<'_>) -> bool {
    let mut attrs = String::new();
    if let Some(c) = node.attr("class") {
        attrs.push_str(&c);
    }
    if let Some(i) = node.attr("id") {
        attrs.push(' ');
        attrs.push_str(&i);
    }
    is_furniture_text(attrs)
}

/// [`is_furniture`] on the element's class and id joined by a space.
fn is_furniture_text(mut attrs: String) -> bool {
    if attrs.is_empty() {
        return false;
    }
    attrs.make_ascii_lowercase();
    // Most classes hold no furniture word: that test comes first, so the exceptions are only
    // looked for when it matches.
    if !holds_furniture_word(&attrs) {
        return false;
    }
    // "article-content" or "main" containers must never be skipped for a furniture word.
    !(attrs.contains("article")
        || attrs.contains("content")
        || attrs.contains("story")
        || attrs.contains("entry"))
}

/// Lower-case element name (empty for other nodes) as the tree's interned atom: html5ever
/// already lower-cases HTML tag names, so nothing is copied (the old `node_name()` plus
/// `to_ascii_lowercase()` made two strings per element); a foreign element's mixed case is
/// lowered.
fn element_name(node: &NodeRef<'_>) -> LocalName {
    let Some(name) = node.qual_name_ref() else { return LocalName::from("") };
    if name.local.bytes().any(|b| b.is_ascii_uppercase()) {
        return LocalName::from(name.local.to_ascii_lowercase());
    }
    name.local.clone()
}

/// Non-link characters from which a furniture-named container is taken to hold the story
/// (a wrapper named "above-footer" or "has-sidebar" around the whole article).
const PROSE_CONTAINER_CHARS: usize = 1500;

/// Does this furniture-named element still hold the running text of the page: many
/// characters outside links and a low link share? Comment sections never qualify.
fn holds_running_prose(node: &NodeRef<'_>) -> bool {
    let attrs = format!("{} {}", node.attr("class").unwrap_or_default(), node.attr("id").unwrap_or_default())
        .to_ascii_lowercase();
    if attrs.contains("comment") {
        return false;
    }
    let mut chars = 0usize;
    let mut link_chars = 0usize;
    let mut stack = vec![(*node, false)];
    while let Some((current, in_link)) = stack.pop() {
        if current.is_text() {
            // counted in place: `text()` copied every text node out of the tree
            let count = current.query_or(0, |tree_node| match &tree_node.data {
                NodeData::Text { contents } => contents.chars().filter(|c| !c.is_whitespace()).count(),
                _ => 0,
            });
            chars += count;
            if in_link {
                link_chars += count;
            }
            continue;
        }
        if !current.is_element() {
            continue;
        }
        let name = element_name(&current);
        if is_skip_tag(&name) {
            continue;
        }
        let child_in_link = in_link || &*name == "a";
        for child in current.children_it(false) {
            stack.push((child, child_in_link));
        }
    }
    chars.saturating_sub(link_chars) >= PROSE_CONTAINER_CHARS && link_chars * 2 < chars
}

/// `text`'s lines with whitespace squashed ([`squash_ws`]), empty lines dropped, joined by
/// `\n`: one pass writing into one string (a string per line and a join were a third of the
/// walk), with ASCII bytes classified without decoding. Words already separated by a single
/// space are copied as one run (a copy per word was a fifth of the squash).
fn squash_lines(text: &str) -> String {
    /// Is `c` a separator: whitespace or a zero-width space.
    fn separator_at(text: &str, at: usize) -> Option<(bool, usize)> {
        let byte = *text.as_bytes().get(at)?;
        if byte.is_ascii() {
            // `char::is_whitespace` on ASCII: tab, line feed, vertical tab, form feed, carriage
            // return, space.
            return Some((matches!(byte, b'\t'..=b'\r' | b' '), 1));
        }
        let c = text.get(at..)?.chars().next()?;
        Some((c.is_whitespace() || c == '\u{200b}', c.len_utf8()))
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    // The words read but not yet copied: `run_start..run_end` of `text`.
    let mut run: Option<(usize, usize)> = None;
    let mut at = 0;
    loop {
        // The separators before the next word: a line break among them breaks the line.
        let gap_start = at;
        let mut line_break = false;
        loop {
            // ASCII whitespace (indentation, line ends) in a tight loop.
            while let Some(&byte) = bytes.get(at)
                && matches!(byte, b'\t'..=b'\r' | b' ')
            {
                line_break |= byte == b'\n';
                at += 1;
            }
            let Some((true, width)) = separator_at(text, at) else { break };
            at += width;
        }
        if at >= bytes.len() {
            break;
        }
        let word_start = at;
        while let Some((false, width)) = separator_at(text, at) {
            // The rest of the word, and the words after it joined by single spaces (which the
            // run would take whole anyway), in bulk.
            at = skip_joined_words(bytes, at + width);
        }
        run = match run {
            None => Some((word_start, at)),
            // One space since the run's last word: the word joins the run.
            Some((run_start, _))
                if !line_break && word_start == gap_start + 1 && bytes.get(gap_start) == Some(&b' ') =>
            {
                Some((run_start, at))
            }
            Some((run_start, run_end)) => {
                out.push_str(text.get(run_start..run_end).unwrap_or_default());
                out.push(if line_break { '\n' } else { ' ' });
                Some((word_start, at))
            }
        };
    }
    if let Some((run_start, run_end)) = run {
        out.push_str(text.get(run_start..run_end).unwrap_or_default());
    }
    out
}

/// Is `byte` part of a word for [`squash_lines`] wherever it stands in text: neither ASCII
/// whitespace nor a space, nor the first byte of a character that may be a separator
/// (U+0085 and U+00A0 start with 0xC2, U+1680 with 0xE1, U+2000–U+205F with 0xE2, U+3000 with
/// 0xE3). A continuation byte belongs to the character its first byte started.
const fn is_word_byte(byte: u8) -> bool {
    !matches!(byte, b'\t'..=b'\r' | b' ' | 0xC2 | 0xE1..=0xE3)
}

/// Offset of the first byte from `at` (just after a word's character) that ends the word and
/// the words after it joined to it by one space: the first byte that is not a word byte
/// ([`is_word_byte`]), except a space followed by a word byte. On x86-64 sixteen bytes are
/// classified at a time (SSE2): byte by byte, with a return to the separator tests at every
/// space, this was most of the squash.
#[cfg(target_arch = "x86_64")]
fn skip_joined_words(bytes: &[u8], mut at: usize) -> usize {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
        _mm_sub_epi8,
    };
    while let Some(chunk) = bytes.get(at..at + 16) {
        // SAFETY: SSE2 is enabled on every x86-64 target; the unaligned load reads the sixteen
        // bytes of `chunk`, which exist.
        let (spaces, others) = unsafe {
            let sixteen = _mm_loadu_si128(chunk.as_ptr().cast());
            let space = _mm_cmpeq_epi8(sixteen, _mm_set1_epi8(b' ' as i8));
            // An unsigned byte `b` is in `low..=low + n` exactly when min(b − low, n) is b − low.
            let from_tab = _mm_sub_epi8(sixteen, _mm_set1_epi8(b'\t' as i8));
            let ascii_whitespace = _mm_cmpeq_epi8(_mm_min_epu8(from_tab, _mm_set1_epi8(4)), from_tab);
            let from_e1 = _mm_sub_epi8(sixteen, _mm_set1_epi8(0xE1_u8 as i8));
            let e1_to_e3 = _mm_cmpeq_epi8(_mm_min_epu8(from_e1, _mm_set1_epi8(2)), from_e1);
            let c2 = _mm_cmpeq_epi8(sixteen, _mm_set1_epi8(0xC2_u8 as i8));
            let others = _mm_or_si128(ascii_whitespace, _mm_or_si128(e1_to_e3, c2));
            (_mm_movemask_epi8(space) as u32, _mm_movemask_epi8(others) as u32)
        };
        let words = !(spaces | others) & 0xFFFF;
        // A space ends the words unless a word byte follows it; a space in the chunk's last
        // byte is read again with the byte after it, as the next chunk's first.
        let stops = others | (spaces & !(words >> 1) & 0x7FFF);
        if stops != 0 {
            return at + stops.trailing_zeros() as usize;
        }
        at += if spaces & 0x8000 == 0 { 16 } else { 15 };
    }
    skip_joined_words_one_by_one(bytes, at)
}

/// [`skip_joined_words`] where SSE2 is not known to be there.
#[cfg(not(target_arch = "x86_64"))]
fn skip_joined_words(bytes: &[u8], at: usize) -> usize {
    skip_joined_words_one_by_one(bytes, at)
}

/// [`skip_joined_words`] one byte at a time (the last bytes, and other targets).
fn skip_joined_words_one_by_one(bytes: &[u8], mut at: usize) -> usize {
    loop {
        match bytes.get(at) {
            Some(&byte) if is_word_byte(byte) => at += 1,
            Some(b' ') if bytes.get(at + 1).is_some_and(|&next| is_word_byte(next)) => at += 2,
            _ => return at,
        }
    }
}

/// The furniture words (class/id words of page furniture, skipped by the fallback harvest)
/// that start with byte `first`: at most positions of a class name
/// none, at the others two or three candidates instead of all twenty-two.
fn furniture_words_from(first: u8) -> &'static [&'static str] {
    match first {
        b'a' => &["advert"],
        b'b' => &["breadcrumb", "banner"],
        b'c' => &["comment", "cookie"],
        b'f' => &["footer"],
        b'm' => &["menu", "modal", "masthead"],
        b'n' => &["navbar", "newsletter"],
        b'p' => &["promo", "popup"],
        b'r' => &["related", "recommend"],
        b's' => &["share", "social", "sidebar", "subscribe", "signup"],
        b't' => &["teaser"],
        b'w' => &["widget"],
        _ => &[],
    }
}

/// Does `haystack` (lower case) hold a furniture word ([`furniture_words_from`])? One pass over the haystack's
/// positions: a `contains` per word cost a few hundred instructions each, for every classed
/// element of the page.
fn holds_furniture_word(haystack: &str) -> bool {
    holds_furniture_word_ignoring_ascii_case(haystack.as_bytes())
}

/// For each first byte of either ASCII case, a bit per second byte (its low five bits, the
/// same for both cases of a letter) that some furniture word starting with that byte has:
/// most positions of a class name are passed over by one table look-up, without lower-casing
/// either byte, instead of a comparison with each word of their first byte.
static FURNITURE_SECOND_BYTES: std::sync::LazyLock<[u32; 256]> = std::sync::LazyLock::new(|| {
    let mut table = [0u32; 256];
    for (first, bits) in (0u8..=u8::MAX).zip(table.iter_mut()) {
        for word in furniture_words_from(first.to_ascii_lowercase()) {
            if let Some(&second) = word.as_bytes().get(1) {
                *bits |= 1 << (second & 31);
            }
        }
    }
    table
});

/// [`holds_furniture_word`] on bytes of any ASCII case (each compared lower-cased), so a
/// class or id is read where it lies instead of being copied and lower-cased first. Every
/// furniture word has two bytes or more, which the table look-up relies on.
fn holds_furniture_word_ignoring_ascii_case(haystack: &[u8]) -> bool {
    let table = &*FURNITURE_SECOND_BYTES;
    haystack.windows(2).enumerate().any(|(at, pair)| {
        if table[usize::from(pair[0])] & (1 << (pair[1] & 31)) == 0 {
            return false;
        }
        let rest = haystack.get(at..).unwrap_or_default();
        furniture_words_from(pair[0].to_ascii_lowercase()).iter().any(|word| {
            rest.get(..word.len()).is_some_and(|start| start.eq_ignore_ascii_case(word.as_bytes()))
        })
    })
}

/// What the block walk reads of one node, under one borrow of the tree: a text node's text
/// is taken in place by the reader; an element gives its lower-case name, whether its
/// class/id names furniture ([`is_furniture_element`], only when asked) and its first child.
enum WalkNode {
    /// A text node (already read) or a node the walk does not enter (comment, doctype).
    Leaf,
    /// The document or a fragment: entered, no tag rules.
    Container { first_child: Option<NodeId> },
    /// An element.
    Element { name: LocalName, furniture_named: bool, first_child: Option<NodeId> },
}

/// Lower-case element name as the tree's interned atom ([`element_name`] on a borrowed node).
fn lower_case_atom(name: &LocalName) -> LocalName {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        return LocalName::from(name.to_ascii_lowercase());
    }
    name.clone()
}

/// [`is_furniture`] on an element read in place: its first `class` and `id` attributes
/// without copying them out of the tree first.
fn is_furniture_element(element: &dom_query::Element) -> bool {
    let class = element.attrs.iter().find(|attr| attr.name.local == dom_query::local_name!("class"));
    let id = element.attrs.iter().find(|attr| attr.name.local == dom_query::local_name!("id"));
    if class.is_none() && id.is_none() {
        return false;
    }
    // No furniture word in either value (most elements): answered without a copy. No word
    // holds the space that joins them, so none spans the two.
    if !class.is_some_and(|attr| holds_furniture_word_ignoring_ascii_case(attr.value.as_bytes()))
        && !id.is_some_and(|attr| holds_furniture_word_ignoring_ascii_case(attr.value.as_bytes()))
    {
        return false;
    }
    let mut attrs = String::new();
    if let Some(class) = class {
        attrs.push_str(&class.value);
    }
    if let Some(id) = id {
        attrs.push(' ');
        attrs.push_str(&id.value);
    }
    is_furniture_text(attrs)
}

/// Is this element a block tag ([`is_block_tag`]) by its atom: an integer comparison per
/// name instead of a string comparison.
fn is_block_atom(name: &LocalName) -> bool {
    use dom_query::local_name as n;
    *name == n!("p")
        || *name == n!("div")
        || *name == n!("li")
        || *name == n!("section")
        || *name == n!("article")
        || *name == n!("main")
        || *name == n!("header")
        || *name == n!("footer")
        || *name == n!("aside")
        || *name == n!("h1")
        || *name == n!("h2")
        || *name == n!("h3")
        || *name == n!("h4")
        || *name == n!("h5")
        || *name == n!("h6")
        || *name == n!("ul")
        || *name == n!("ol")
        || *name == n!("dl")
        || *name == n!("dt")
        || *name == n!("dd")
        || *name == n!("blockquote")
        || *name == n!("pre")
        || *name == n!("table")
        || *name == n!("thead")
        || *name == n!("tbody")
        || *name == n!("tfoot")
        || *name == n!("tr")
        || *name == n!("caption")
        || *name == n!("figure")
        || *name == n!("figcaption")
        || *name == n!("address")
        || *name == n!("details")
        || *name == n!("summary")
        || *name == n!("center")
        || *name == n!("body")
        || *name == n!("html")
        || *name == n!("hr")
        || *name == n!("fieldset")
        || *name == n!("legend")
}

/// Is this element skipped ([`is_skip_tag`]) by its atom.
fn is_skip_atom(name: &LocalName) -> bool {
    use dom_query::local_name as n;
    *name == n!("script")
        || *name == n!("style")
        || *name == n!("noscript")
        || *name == n!("template")
        || *name == n!("svg")
        || *name == n!("math")
        || *name == n!("canvas")
        || *name == n!("iframe")
        || *name == n!("object")
        || *name == n!("embed")
        || *name == n!("button")
        || *name == n!("select")
        || *name == n!("option")
        || *name == n!("input")
        || *name == n!("textarea")
        || *name == n!("nav")
        || *name == n!("head")
        || *name == n!("title")
        || *name == n!("meta")
        || *name == n!("link")
        || *name == n!("dialog")
        || *name == n!("menu")
        || *name == n!("video")
        || *name == n!("audio")
}

/// Iterative depth-first walk (no recursion: deeply nested pages cannot overflow the stack).
/// Each node is read under one borrow of the tree ([`WalkNode`]) and the walk steps by the
/// node's own child and sibling links: asking dom_query for the kind, the name and an
/// iterator of children took a borrow each.
fn walk(root: &NodeRef<'_>, blocks: &mut Vec<Block>, skip_furniture: bool) {
    use dom_query::local_name as n;
    enum Step {
        /// Read a node; with `siblings`, its next sibling is read after it.
        Enter {
            id: NodeId,
            siblings: bool,
        },
        Exit {
            block: bool,
            link: bool,
            article: bool,
        },
    }
    let tree = root.tree;
    let mut stack = vec![Step::Enter { id: root.id, siblings: false }];
    let mut current = Block::default();
    let mut link_depth = 0usize;
    // Inside an `<article>`, a `<header>` holds the story's headline and standfirst, not the
    // site's masthead.
    let mut article_depth = 0usize;
    // The raw text keeps its buffer from block to block (the squashed copy is what is kept):
    // a fresh buffer per block was regrown as each block's text arrived.
    let flush = |current: &mut Block, blocks: &mut Vec<Block>| {
        let text = squash_lines(&current.text);
        if !text.is_empty() {
            blocks.push(Block {
                text,
                link_chars: current.link_chars,
                heading: current.heading,
                list_item: current.list_item,
            });
        }
        current.text.clear();
        current.link_chars = 0;
        current.heading = false;
        current.list_item = false;
    };
    while let Some(step) = stack.pop() {
        let (id, siblings) = match step {
            Step::Exit { block, link, article } => {
                if article {
                    article_depth = article_depth.saturating_sub(1);
                }
                if link {
                    link_depth = link_depth.saturating_sub(1);
                }
                if block {
                    flush(&mut current, blocks);
                }
                continue;
            }
            Step::Enter { id, siblings } => (id, siblings),
        };
        let node = NodeRef { id, tree };
        let (visit, next_sibling) = node.query_or((WalkNode::Leaf, None), |tree_node| {
            let visit = match &tree_node.data {
                // A text node's contents are read in place (no copy).
                NodeData::Text { contents } => {
                    if link_depth > 0 {
                        current.link_chars += contents.chars().filter(|c| !c.is_whitespace()).count();
                    }
                    current.text.push_str(contents);
                    WalkNode::Leaf
                }
                NodeData::Document | NodeData::Fragment => {
                    WalkNode::Container { first_child: tree_node.first_child }
                }
                NodeData::Element(element) => {
                    let name = lower_case_atom(&element.name.local);
                    let furniture_named = skip_furniture
                        && !(name == n!("body")
                            || name == n!("html")
                            || name == n!("main")
                            || name == n!("article"))
                        && is_furniture_element(element);
                    WalkNode::Element { name, furniture_named, first_child: tree_node.first_child }
                }
                _ => WalkNode::Leaf,
            };
            (visit, tree_node.next_sibling)
        });
        // The next sibling comes after this node's subtree (pushed first, popped last).
        if siblings && let Some(next) = next_sibling {
            stack.push(Step::Enter { id: next, siblings: true });
        }
        let (name, furniture_named, first_child) = match visit {
            WalkNode::Leaf => continue,
            WalkNode::Container { first_child } => (None, false, first_child),
            WalkNode::Element { name, furniture_named, first_child } => {
                (Some(name), furniture_named, first_child)
            }
        };
        let mut block = false;
        let mut link = false;
        let mut article = false;
        if let Some(name) = name {
            if is_skip_atom(&name)
                || name == n!("figcaption") && node.text().chars().count() < FIGCAPTION_PROSE_CHARS
            {
                continue;
            }
            if skip_furniture
                && (name == n!("footer")
                    || name == n!("aside")
                    || name == n!("header") && article_depth == 0
                    || furniture_named && !holds_running_prose(&node))
            {
                continue;
            }
            if name == n!("br") {
                current.text.push('\n');
                continue;
            }
            if name == n!("td") || name == n!("th") {
                current.text.push(' ');
            }
            block = is_block_atom(&name);
            link = name == n!("a");
            if block {
                flush(&mut current, blocks);
                current.heading = name == n!("h1")
                    || name == n!("h2")
                    || name == n!("h3")
                    || name == n!("h4")
                    || name == n!("h5")
                    || name == n!("h6");
                current.list_item = name == n!("li");
            }
            if link {
                link_depth += 1;
            }
            article = name == n!("article");
            if article {
                article_depth += 1;
            }
        }
        stack.push(Step::Exit { block, link, article });
        if let Some(first) = first_child {
            stack.push(Step::Enter { id: first, siblings: true });
        }
    }
    flush(&mut current, blocks);
}

/// Sentence ends of scripts without a Latin full stop: the danda of Devanagari and Bengali,
/// the Arabic and Urdu question mark and full stop, full-width CJK marks, Armenian,
/// Ethiopic and Burmese full stops. Prose in those scripts counts as prose too.
const OTHER_SCRIPT_SENTENCE_ENDS: &[char] = &['।', '॥', '؟', '۔', '！', '？', '։', '።', '။'];

/// Characters in blocks that read as running prose: long enough, few links, sentences.
fn prose_chars(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .map(|b| {
            let chars = b.text.chars().count();
            let prose = chars >= 80
                && b.link_chars * 5 < chars
                && (b.text.contains(". ")
                    || holds_other_script_sentence_end(&b.text)
                    || b.text.ends_with(['.', '!', '?', '。', '"', '”']));
            if prose { chars } else { 0 }
        })
        .sum()
}

/// Does `text` hold one of [`OTHER_SCRIPT_SENTENCE_ENDS`]? Each of them is encoded from a
/// lead byte of 0xD6 or more: only characters starting so are decoded and compared (a
/// `contains` with the char list decoded and compared every character).
fn holds_other_script_sentence_end(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(at, &byte)| {
        byte >= 0xD6
            && text
                .get(at..)
                .and_then(|rest| rest.chars().next())
                .is_some_and(|c| OTHER_SCRIPT_SENTENCE_ENDS.contains(&c))
    })
}

/// Does Readability's answer hold any paragraph of the page harvest? When it holds none and
/// the harvest has far more prose, Readability chose a box the harvest rejected (a disclaimer,
/// a sidebar) and the story is elsewhere.
fn shares_a_paragraph(blocks: &[Block], harvested: &[Block]) -> bool {
    let known: std::collections::HashSet<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
    harvested.iter().any(|b| known.contains(b.text.as_str()))
}

/// Matched paragraphs from which Readability's answer is anchored in the page harvest.
const MIN_ANCHOR_BLOCKS: usize = 2;

/// Characters from which a harvested paragraph next to Readability's answer is read as more
/// of the same story.
const NEIGHBOUR_PROSE_CHARS: usize = 100;

/// Does this harvested paragraph read as running prose: long, few links, ends a sentence?
fn is_neighbour_prose(block: &Block) -> bool {
    let chars = block.text.chars().count();
    chars >= NEIGHBOUR_PROSE_CHARS
        && !block.heading
        && !block.list_item
        && block.link_chars * 10 < chars
        && (block.text.trim_end().ends_with(['.', '!', '?', '"', '”', '“', '»', '«', ')', '。', ':'])
            || block.text.trim_end().ends_with(OTHER_SCRIPT_SENTENCE_ENDS))
}

/// Readability keeps one container (and a few scored siblings): a story whose opening
/// paragraphs sit in a sibling wrapper (a lead box, an intro section) loses them. The harvest
/// holds the whole page in order; Readability's paragraphs are found in it, and the run of
/// running prose directly before that span is put in front. (The run after the span was
/// tried too: it is mostly author bios, teasers and comments, so it is not added.)
fn prepend_preceding_prose(blocks: Vec<Block>, harvested: &[Block]) -> Vec<Block> {
    let known: std::collections::HashSet<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
    let mut matched = harvested.iter().enumerate().filter(|(_, b)| known.contains(b.text.as_str()));
    let Some((first, _)) = matched.next() else { return blocks };
    if matched.count() + 1 < MIN_ANCHOR_BLOCKS {
        return blocks;
    }
    let mut preceding: Vec<Block> = harvested
        .get(..first)
        .unwrap_or_default()
        .iter()
        .rev()
        .take_while(|b| is_neighbour_prose(b) && !known.contains(b.text.as_str()))
        .cloned()
        .collect();
    if preceding.is_empty() {
        return blocks;
    }
    preceding.reverse();
    preceding.extend(blocks);
    preceding
}

/// Paragraph harvest over the whole page without furniture: blocks with enough text and few
/// links. The fallback when Readability returns too little.
fn harvest(doc: &Document) -> (Vec<Block>, Option<String>) {
    let mut blocks = Vec::new();
    if let Some(body) = doc.body() {
        walk(&body, &mut blocks, true);
    }
    let standalone_date = first_standalone_date(&blocks);
    blocks.retain(|b| {
        let chars = b.text.chars().count();
        chars >= 40 && b.link_chars * 3 < chars && !b.list_item
    });
    (blocks, standalone_date)
}

/// Lines (of the furniture-free page, before the harvest's length filter) searched for a
/// standalone date.
const STANDALONE_DATE_LINES: usize = 400;

/// The first short line of the page that is a date and little else ("April 19, 2019",
/// "Stand: 05. Februar 2020", "Jane Doe am 29.12.2010, 13:36 Uhr"): a blog or small site's
/// visible publication date, with no markup naming it. The last fallback for the date.
fn first_standalone_date(blocks: &[Block]) -> Option<String> {
    blocks
        .iter()
        .flat_map(|b| b.text.split('\n'))
        .take(STANDALONE_DATE_LINES)
        .filter(|line| line.chars().count() <= 60 && is_date_only(line))
        .find_map(date::find_in_text)
}

/// Characters up to which a paragraph that is only a date is dropped from the body.
const SHORT_DATE_LINE_CHARS: usize = 40;

/// A short line that is a date and little else ("Updated 4 March 2021, 10:00").
fn is_date_only(line: &str) -> bool {
    line.split_whitespace().count() <= 8 && date::find_in_text(line).is_some()
}

/// Is this tail heading one that opens reader comments (never followed by more story)?
fn is_comments_heading(line: &str) -> bool {
    let lower = line.to_lowercase();
    ["comment", "kommentar", "reply", "commentaire"].iter().any(|w| lower.contains(w))
}

/// Characters from which a paragraph after a "Related" box is taken as the story going on.
const RESUME_CHARS: usize = 150;

/// Does this paragraph, after a "Related" box, read as the story going on: a long paragraph
/// (not a list item or heading) with few links, ending like a sentence?
fn resumes_story(b: &Block, chars: usize) -> bool {
    chars >= RESUME_CHARS
        && !b.list_item
        && !b.heading
        && b.link_chars * 5 < chars
        && (b.text.trim_end().ends_with(['.', '!', '?', '"', '”', '“', '»', '«', ')', '。'])
            || b.text.trim_end().ends_with(OTHER_SCRIPT_SENTENCE_ENDS))
}

/// Is this short top paragraph only the story's byline ("Jane Doe", "By Jane Doe")? The
/// name already travels as the byline; repeated above the story it is metadata.
fn is_byline_repeat(text: &str, byline: Option<&str>) -> bool {
    let Some(byline) = byline else { return false };
    if text.chars().count() > 80 {
        return false;
    }
    let lower = squash_ws(text).to_lowercase();
    let name = lower.strip_prefix("by ").unwrap_or(&lower);
    name.trim_matches(|c: char| !c.is_alphanumeric()) == squash_ws(byline).to_lowercase()
}

/// Boilerplate cleaning of the walked blocks; returns the body text.
fn clean_blocks(blocks: Vec<Block>, headline: Option<&str>, byline: Option<&str>) -> String {
    let total: usize = blocks.iter().map(|b| b.text.chars().count()).sum();
    let mut seen = 0usize;
    let mut kept: Vec<String> = Vec::with_capacity(blocks.len());
    // Inside a late "Related …" box: skipped until running prose resumes (a box of links set
    // inside the story); after a comments heading nothing resumes.
    let mut in_tail = false;
    for (i, mut b) in blocks.into_iter().enumerate() {
        // Soft hyphens (hyphenation hints some sites put inside every long word) would hide
        // the words the rules below look for.
        if b.text.contains('\u{ad}') {
            b.text = b.text.replace('\u{ad}', "");
        }
        let chars = b.text.chars().count();
        // A late "Related"/"Comments" heading ends the story.
        if seen * 2 >= total && chars <= 50 && boilerplate::is_tail_heading(&b.text) {
            if is_comments_heading(&b.text) {
                break;
            }
            in_tail = true;
            seen += chars;
            continue;
        }
        // A late author box ("About the author", "Published by Jane Doe") ends the story: the
        // bio, sharing and comments follow.
        // An "About Jane Doe" heading ends the story anywhere after its start (short podcast or
        // blog pages have long bios); a "Published by" credit only late, as posts open with one.
        if boilerplate::is_author_box_heading(&b.text)
            && (seen * 2 >= total || !kept.is_empty() && !boilerplate::is_published_by_line(&b.text))
        {
            break;
        }
        // A late block opening with a tail heading on its own line ("See also" and its links).
        let first_line = b.text.split('\n').next().unwrap_or_default();
        if seen * 2 >= total && first_line.len() < b.text.len() && boilerplate::is_tail_heading(first_line) {
            in_tail = true;
            seen += chars;
            continue;
        }
        seen += chars;
        if in_tail {
            if !resumes_story(&b, chars) {
                continue;
            }
            in_tail = false;
        }
        if boilerplate::is_boilerplate_line(&b.text)
            || boilerplate::is_navigation_run(&b.text)
            || boilerplate::is_credited_caption(&b.text)
            || boilerplate::is_bare_domain(&b.text)
        {
            continue;
        }
        // A short paragraph that is only a date ("Stand: 05. Februar 2020") is metadata
        // wherever it stands; a date heading of a timeline stays.
        if !b.heading && chars <= SHORT_DATE_LINE_CHARS && is_date_only(&b.text) {
            continue;
        }
        // Boilerplate lines inside a paragraph of several lines (a post's "filed under" line
        // above its feed links) go; the other lines stay.
        let b = if b.text.contains('\n') {
            let lines: Vec<&str> =
                b.text.split('\n').filter(|line| !boilerplate::is_boilerplate_line(line)).collect();
            if lines.is_empty() {
                continue;
            }
            Block { text: lines.join("\n"), ..b }
        } else {
            b
        };
        let chars = b.text.chars().count();
        // Link lists (short paragraphs that are mostly links) are navigation.
        let words = b.text.split_whitespace().count();
        if b.link_chars * 10 > chars * 8 && words <= 12 && b.list_item {
            continue;
        }
        if i == 0 && headline.is_some_and(|h| squash_ws(h) == b.text) {
            continue;
        }
        // Byline and date lines at the top belong to the metadata, not the body.
        if kept.len() < 3
            && chars <= 80
            && (byline::from_line(&b.text).is_some()
                || is_date_only(&b.text)
                || is_byline_repeat(&b.text, byline))
        {
            continue;
        }
        kept.push(b.text);
    }
    kept.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squash_lines_matches_line_wise_squash_ws() {
        for text in [
            "",
            "\n\n",
            "  a  b \n\n c\td\u{a0}e \n ",
            "x\u{200b}y\r\nz",
            "\n  \n word",
            "é ü\n\u{3000}中文 字",
            "a\u{b}b\u{c}c\u{85}d\u{2028}e",
            "word\u{200b}more\u{a0}x\u{1}y  \t z\n\n   \n  é€ \u{3000}end  ",
            "     \n\n\u{1f600} emoji\u{1f600}x   ",
            "one two three\nfour  five \n six",
            "a\u{1}b c\u{7f}d \u{0} e",
            " lead and trail ",
            "x",
            "\u{200b}",
            "a \u{200b} b",
            "a\u{a0}\u{a0}b c",
            "a\n \nb",
        ] {
            let expected: Vec<String> = text.split('\n').map(squash_ws).filter(|l| !l.is_empty()).collect();
            assert_eq!(squash_lines(text), expected.join("\n"), "{text:?}");
        }
    }

    #[test]
    fn joined_words_are_skipped_in_bulk_as_one_by_one() {
        let pieces =
            ["a", " ", "  ", "\t", "\n", "é", "\u{a0}", "\u{2019}", "\u{3000}", "中", "\u{1}", "x\u{7f}"];
        // Every sequence of three pieces, repeated to cross the sixteen-byte chunks.
        for first in pieces {
            for second in pieces {
                for third in pieces {
                    let text = format!("w{first}{second}{third}").repeat(3);
                    let bytes = text.as_bytes();
                    for from in (0..=bytes.len()).filter(|&at| text.is_char_boundary(at)) {
                        assert_eq!(
                            skip_joined_words(bytes, from),
                            skip_joined_words_one_by_one(bytes, from),
                            "{text:?} from {from}"
                        );
                    }
                }
            }
        }
        assert_eq!(skip_joined_words(b"one two three  four", 0), 13);
        assert_eq!(skip_joined_words(b"one two three four five six seven eight.\n", 0), 40);
        assert_eq!(skip_joined_words(b"one two three four five six seven eight ", 0), 39);
        // No separator starts with a word byte.
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            if c.is_whitespace() || c == '\u{200b}' {
                let mut utf8 = [0u8; 4];
                assert!(!is_word_byte(c.encode_utf8(&mut utf8).as_bytes()[0]), "{c:?}");
            }
        }
    }

    #[test]
    fn characters_below_u0300_are_nfc_starters() {
        use unicode_normalization::UnicodeNormalization;
        for c in ('\u{80}'..'\u{300}').chain(['\u{0}', 'a']) {
            assert_eq!(
                unicode_normalization::is_nfc_quick(std::iter::once(c)),
                unicode_normalization::IsNormalized::Yes,
                "{c:?}"
            );
            assert_eq!(unicode_normalization::char::canonical_combining_class(c), 0, "{c:?}");
        }
        for text in [
            "e\u{301}",
            "é\u{301}\u{323}",
            "\u{9df}",
            "ü\u{323}\u{301}x",
            "plain",
            "\u{2001}",
            "a\u{301}b\u{316} straße \u{301}",
            "long ascii run before a decomposed letter: cafe\u{301}, then more ascii text",
        ] {
            let composed: String = text.nfc().collect();
            assert_eq!(normalise_visible_text(text.to_owned()), composed, "{text:?}");
        }
        for text in [
            "",
            "plain ascii text of some length",
            "é\u{2019}中 \u{300}x\u{2ff}\u{1f600}ÿ",
            "abcdefgh\u{300}",
        ] {
            let expected: Vec<char> = text.chars().filter(|&c| c >= '\u{300}').collect();
            assert_eq!(chars_from_u0300(text).collect::<Vec<char>>(), expected, "{text:?}");
        }
    }

    #[test]
    fn other_script_sentence_ends_are_found_by_lead_byte() {
        for text in
            ["", "plain. text", "আজ ঘটনা ঘটে।", "é ü ß", "中文！", "x؟", "ሰላም።", "€ “quoted”", "\u{ffff}"]
        {
            assert_eq!(
                holds_other_script_sentence_end(text),
                text.contains(OTHER_SCRIPT_SENTENCE_ENDS),
                "{text:?}"
            );
        }
        assert!(OTHER_SCRIPT_SENTENCE_ENDS.iter().all(|c| c.to_string().as_bytes()[0] >= 0xD6));
    }

    #[test]
    fn atom_tag_classes_match_the_string_ones() {
        let names = [
            "p",
            "div",
            "a",
            "span",
            "h1",
            "h6",
            "hr",
            "br",
            "li",
            "td",
            "th",
            "nav",
            "svg",
            "figcaption",
            "body",
            "html",
            "main",
            "article",
            "header",
            "footer",
            "aside",
            "video",
            "menu",
            "dialog",
            "legend",
            "fieldset",
            "center",
            "summary",
            "details",
            "address",
            "caption",
            "tr",
            "x-custom",
            "script",
            "style",
            "noscript",
            "template",
            "math",
            "canvas",
            "iframe",
            "object",
            "embed",
            "button",
            "select",
            "option",
            "input",
            "textarea",
            "head",
            "title",
            "meta",
            "link",
            "audio",
            "section",
            "ul",
            "ol",
            "dl",
            "dt",
            "dd",
            "blockquote",
            "pre",
            "table",
            "thead",
            "tbody",
            "tfoot",
            "figure",
            "",
        ];
        for name in names {
            let atom = LocalName::from(name);
            assert_eq!(is_skip_atom(&atom), is_skip_tag(name), "{name}");
            assert_eq!(is_block_atom(&atom), is_block_tag(name), "{name}");
        }
        assert_eq!(&*lower_case_atom(&LocalName::from("linearGradient")), "lineargradient");
    }

    #[test]
    fn furniture_read_in_place_matches_attribute_copies() {
        let doc = Document::from(
            r#"<div class="Sidebar">a</div><div id="share-bar">b</div><div class="sidebar article">c</div>
               <div>d</div><div class="x" id="menu">e</div><div class="story">f</div><div id="" class="">g</div>"#,
        );
        for node in doc.select("div").nodes() {
            let in_place = node.query_or(false, |tree_node| match &tree_node.data {
                NodeData::Element(element) => is_furniture_element(element),
                _ => false,
            });
            assert_eq!(in_place, is_furniture(node), "{}", node.text());
        }
    }

    #[test]
    fn walk_reads_blocks_in_page_order() {
        let doc = Document::from(
            "<body><p>One <a href=x>link</a></p><div>Two<br>lines<ul><li>item</li></ul></div>\
             <table><tr><td>a</td><td>b</td></tr></table><h2>Head</h2><script>x</script>tail</body>",
        );
        let mut blocks = Vec::new();
        walk(&doc.root(), &mut blocks, false);
        let texts: Vec<(&str, usize, bool, bool)> =
            blocks.iter().map(|b| (b.text.as_str(), b.link_chars, b.heading, b.list_item)).collect();
        assert_eq!(
            texts,
            vec![
                ("One link", 4, false, false),
                ("Two\nlines", 0, false, false),
                ("item", 0, false, true),
                ("a b", 0, false, false),
                ("Head", 0, true, false),
                ("tail", 0, false, false),
            ]
        );
    }

    #[test]
    fn normalized_char_counts_match_dom_query() {
        let reference = |text: &str, start_whitespace: bool| {
            let mut count = 0;
            let mut previous = start_whitespace;
            for c in text.chars() {
                let whitespace = c.is_whitespace();
                if !(previous && whitespace) {
                    count += 1;
                }
                previous = whitespace;
            }
            count
        };
        for text in
            ["", " ", "a", " a  b ", "\t\nx\u{a0}\u{a0}y", "é ü\u{3000}中文", "a\u{1}\u{7f} b", "word  "]
        {
            for start in [false, true] {
                assert_eq!(normalized_text_chars(text, start), reference(text, start), "{text:?} {start}");
            }
        }
        let doc = Document::from(
            "<body> <aside> Latest <b>news</b>\n\n here </aside><footer>x<i> </i> y é\u{a0} </footer>\
             <p>  </p><div><span>a</span><span> b</span></div></body>",
        );
        let long = format!("{} {}", "a ".repeat(2047), " \n ".repeat(3000));
        for (text, start) in [(long.as_str(), false), (&long[1..], true), (&long[4095..], true)] {
            assert_eq!(normalized_text_chars(text, start), reference(text, start));
        }
        for node in doc.select("body, aside, footer, p, div, b").nodes() {
            let count = node.normalized_char_count();
            assert_eq!(normalized_char_count(node), count, "{}", node.html());
            for limit in 0..count + 3 {
                let up_to = char_count_up_to(node, limit);
                if count < limit {
                    assert_eq!(up_to, count, "{} {limit}", node.html());
                } else {
                    assert!(up_to >= limit, "{} {limit}", node.html());
                }
            }
        }
    }

    #[test]
    fn furniture_walk_finds_what_the_selectors_find() {
        let pages = [
            "<body><nav><aside>in nav</aside></nav><footer><button>b</button><aside>x</aside></footer>\
             <main><input><select><option>o</select><textarea>t</textarea><aside><footer>f</footer></aside></main>\
             <svg><nav></nav></svg></body>",
            "<p>nothing</p>",
            "",
        ];
        for html in pages {
            let by_walk = Document::from(html);
            let by_selectors = Document::from(html);
            let (controls, asides_and_footers) = furniture_before_scoring(&by_walk);
            let selected_controls: Vec<NodeId> = by_selectors
                .select("nav, select, button, input, textarea")
                .nodes()
                .iter()
                .map(|n| n.id)
                .collect();
            // the walk leaves out controls inside controls: they leave with the outer one
            let outer_controls: Vec<NodeId> = selected_controls
                .iter()
                .copied()
                .filter(|id| {
                    !NodeRef { id: *id, tree: &by_selectors.tree }
                        .ancestors_it(None)
                        .any(|a| selected_controls.contains(&a.id))
                })
                .collect();
            assert_eq!(controls.iter().map(|n| n.id).collect::<Vec<_>>(), outer_controls, "{html}");
            by_selectors.select("nav, select, button, input, textarea").remove();
            let selected: Vec<NodeId> =
                by_selectors.select("aside, footer").nodes().iter().map(|n| n.id).collect();
            assert_eq!(asides_and_footers.iter().map(|n| n.id).collect::<Vec<_>>(), selected, "{html}");
        }
    }

    #[test]
    fn max_depth_matches_the_iterator_walk() {
        let deep = "<div>".repeat(450) + "x";
        for html in ["", "<p>a</p>", "<div><p>a<b>b</b></p><!-- c --><span>d</span></div>text", deep.as_str()]
        {
            let doc = Document::from(html);
            assert_eq!(max_depth(&doc), max_depth_by_iterator(&doc), "{html:.40}");
        }
    }

    #[test]
    fn furniture_words_are_grouped_by_first_byte() {
        let grouped: usize = (0..=u8::MAX).map(|b| furniture_words_from(b).len()).sum();
        assert_eq!(grouped, FURNITURE.len());
        for word in FURNITURE {
            assert!(furniture_words_from(word.as_bytes()[0]).contains(word), "{word}");
        }
    }

    #[test]
    fn furniture_words_are_found_anywhere() {
        for haystack in [
            "",
            "x",
            "main-sidebar",
            "share",
            "shar",
            "site-footer-x",
            "article",
            "é-menu",
            "tease",
            "s",
            "xwidget",
            "a!dvert",
            "menu\u{e9}",
        ] {
            let expected = FURNITURE.iter().any(|w| haystack.contains(w));
            assert_eq!(holds_furniture_word(haystack), expected, "{haystack}");
            let upper = haystack.to_ascii_uppercase();
            assert_eq!(holds_furniture_word_ignoring_ascii_case(upper.as_bytes()), expected, "{upper}");
            let mixed: String = haystack
                .chars()
                .enumerate()
                .map(|(at, c)| if at % 2 == 0 { c.to_ascii_uppercase() } else { c })
                .collect();
            assert_eq!(holds_furniture_word_ignoring_ascii_case(mixed.as_bytes()), expected, "{mixed}");
        }
        // Bytes whose low five bits match a second byte of a word are no match by themselves.
        assert!(!holds_furniture_word_ignoring_ascii_case(b"s\x08are s@are m\x05nu"));
    }

    const PAGE: &str = r##"<!DOCTYPE html><html lang="en-GB"><head>
<title>Harbour Bridge Reopens After Repair | The Example Gazette</title>
<meta property="og:title" content="Harbour Bridge Reopens After Repair">
<meta property="article:published_time" content="2021-03-04T09:30:00+00:00">
<meta property="article:section" content="Local">
<meta name="author" content="Jane Doe">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/local">Local</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article>
<h1>Harbour Bridge Reopens After Repair</h1>
<p class="byline">By Jane Doe</p>
<p>The harbour bridge reopened to traffic on Monday after a repair that took two years, cost more than planned and closed the main road into the old town for most of that time.</p>
<p>Engineers said the new deck would last fifty years, and that the old steel had been recycled into the railings that line the walkway on both sides of the river.</p>
<table><tr><td>Cost</td><td>12 million</td></tr><tr><td>Duration</td><td>2 years</td></tr></table>
<p>"We are proud of the crews who worked through two winters," the mayor said at the opening ceremony, before cutting a ribbon with the oldest resident of the town.</p>
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>
<h2>Related News</h2>
<ul><li><a href="/a">Ferry timetable changes</a></li><li><a href="/b">Parking fees rise</a></li></ul>
</article></main>
<footer><p>© 2021 The Example Gazette. All rights reserved.</p></footer>
</body></html>"##;

    #[test]
    fn extracts_page() {
        let out = extract(PAGE, Some("https://example.org/local/harbour-bridge"));
        assert_eq!(out.headline.as_deref(), Some("Harbour Bridge Reopens After Repair"));
        assert_eq!(out.byline.as_deref(), Some("Jane Doe"));
        assert_eq!(out.published_at.as_deref(), Some("2021-03-04T09:30:00+00:00"));
        assert_eq!(out.section.as_deref(), Some("Local"));
        let kicker = PAGE.replace("<h1>Harbour Bridge", "<h1>Transport: Harbour Bridge");
        let out_with_kicker = extract(&kicker, None);
        assert_eq!(out_with_kicker.headline.as_deref(), Some("Harbour Bridge Reopens After Repair"));
        assert_eq!(out.language_hint.as_deref(), Some("en"));
        assert!(out.body_text.starts_with("The harbour bridge reopened"), "{}", out.body_text);
        assert!(out.body_text.contains("the mayor said"));
        assert!(out.body_text.contains("12 million"));
        for junk in ["Home", "Share on Facebook", "Related News", "Ferry", "All rights reserved"] {
            assert!(!out.body_text.contains(junk), "{junk} in {}", out.body_text);
        }
        assert!(out.body_text.contains("\n\n"));
    }

    #[test]
    fn lead_above_the_article_is_kept() {
        let lead =
            "The council voted on Tuesday night to close the old harbour bridge for two years of repairs.";
        let page = PAGE
            .replace(
                r#"<meta name="author" content="Jane Doe">"#,
                &format!(
                    r#"<meta name="author" content="Jane Doe"><meta name="description" content="{lead}">"#
                ),
            )
            .replace("<main><article>", &format!(r#"<div class="lead"><p>{lead}</p></div><main><article>"#));
        let out = extract(&page, None);
        assert!(out.body_text.starts_with(lead), "{}", out.body_text);
        assert_eq!(out.body_text.matches(lead).count(), 1);
    }

    #[test]
    fn story_resumes_after_a_related_box_but_not_after_comments() {
        let para = |n: u32| {
            format!(
                "<p>Paragraph {n} of the story tells how the council met on Tuesday, argued for three hours about the harbour and finally voted to repair the old bridge before the winter storms.</p>"
            )
        };
        let related = r#"<h3>Related</h3><ul><li><a href="/a">Ferry timetable changes</a></li><li><a href="/b">Parking fees rise</a></li></ul>"#;
        let html = format!(
            "<html><body><article>{}{}{}{related}{}</article></body></html>",
            para(1),
            para(2),
            para(3),
            para(4)
        );
        let out = extract(&html, None);
        assert!(out.body_text.contains("Paragraph 4 of the story"), "{}", out.body_text);
        assert!(!out.body_text.contains("Ferry timetable"), "{}", out.body_text);
        let comments = html.replace("<h3>Related</h3>", "<h3>Comments</h3>");
        let out = extract(&comments, None);
        assert!(out.body_text.contains("Paragraph 3 of the story"), "{}", out.body_text);
        assert!(!out.body_text.contains("Paragraph 4 of the story"), "{}", out.body_text);
    }

    fn prose_block(text: &str) -> Block {
        Block { text: text.to_owned(), ..Block::default() }
    }

    #[test]
    fn prose_just_before_readabilitys_span_is_prepended() {
        let intro = "The council opened the meeting with a long report on the state of the harbour, its walls and its old lighthouse.";
        let body_one =
            "Engineers said the new deck would last fifty years and that the old steel had been recycled.";
        let body_two =
            "The mayor thanked the crews who had worked through two winters to finish the repair on time.";
        let teaser = Block { text: "Ferry timetable changes".to_owned(), link_chars: 20, ..Block::default() };
        let harvested = vec![
            teaser,
            prose_block(intro),
            prose_block(body_one),
            prose_block(body_two),
            prose_block(intro),
        ];
        let readability = vec![prose_block(body_one), prose_block(body_two)];
        let texts: Vec<String> =
            prepend_preceding_prose(readability.clone(), &harvested).into_iter().map(|b| b.text).collect();
        assert_eq!(texts, vec![intro, body_one, body_two]);
        // One matched paragraph is too weak an anchor.
        let single = prepend_preceding_prose(vec![prose_block(body_one)], &harvested);
        assert_eq!(single.len(), 1);
    }

    #[test]
    fn a_late_author_box_ends_the_story() {
        let story =
            "The harbour bridge reopened to traffic on Monday after a repair that took two years to finish.";
        let bio = "Jane Doe has covered the harbour for the Gazette since 2010 and writes about transport.";
        let blocks = vec![
            prose_block(story),
            prose_block(story),
            prose_block("About Jane Doe"),
            prose_block(bio),
            prose_block("The crowd turns into a mob on stage. Photo: Jane Doe/City Theatre"),
        ];
        let body = clean_blocks(blocks, None, None);
        assert!(body.contains("reopened to traffic"), "{body}");
        assert!(!body.contains("has covered the harbour"), "{body}");
        let caption = vec![
            prose_block(story),
            prose_block("The crowd turns into a mob on stage. Photo: Jane Doe/City Theatre"),
            prose_block(story),
        ];
        assert!(!clean_blocks(caption, None, None).contains("Photo:"));
        let dated = vec![prose_block(story), prose_block("Stand:\n05. Februar 2020"), prose_block(story)];
        assert!(!clean_blocks(dated, None, None).contains("Februar"));
        let timeline_heading = Block { text: "4 March 2021".to_owned(), heading: true, ..Block::default() };
        assert!(
            clean_blocks(
                vec![
                    prose_block(story),
                    prose_block(story),
                    prose_block(story),
                    timeline_heading,
                    prose_block(story)
                ],
                None,
                None
            )
            .contains("4 March 2021")
        );
        let filed = vec![
            prose_block(story),
            prose_block(
                "Posted on 6 May and filed under Linux, Tutorials.\nThe mayor will speak again on Friday, when the council meets to decide how the bridge tolls are spent over the coming ten years.",
            ),
        ];
        let body = clean_blocks(filed, None, None);
        assert!(!body.contains("filed under") && body.contains("speak again"), "{body}");
        let see_also =
            vec![prose_block(story), prose_block(story), prose_block("See also\nFerry timetable changes")];
        assert!(!clean_blocks(see_also, None, None).contains("Ferry"));
        let signed = vec![prose_block("Jane Doe"), prose_block(story)];
        assert!(!clean_blocks(signed.clone(), None, Some("Jane Doe")).contains("Jane Doe"));
        assert!(clean_blocks(signed, None, Some("John Roe")).contains("Jane Doe"));
    }

    #[test]
    fn asides_and_footers_leave_before_scoring_unless_they_hold_the_page() {
        let story = "The council voted on Tuesday to close the old harbour bridge for repairs.";
        let sidebar = Document::from(format!(
            "<body><main><p>{story}</p><p>{story}</p></main><aside><p>Latest topics</p></aside>\
             <footer>Imprint</footer><nav>Home</nav></body>"
        ));
        drop_furniture_before_scoring(&sidebar);
        assert!(sidebar.select("aside, footer, nav").is_empty());
        assert_eq!(sidebar.select("p").length(), 2);
        let wrapped = Document::from(format!("<body><aside><p>{story}</p><p>{story}</p></aside></body>"));
        drop_furniture_before_scoring(&wrapped);
        assert_eq!(wrapped.select("aside p").length(), 2);
    }

    #[test]
    fn the_subtitle_under_the_headline_opens_the_body() {
        let paragraph = "The council voted on Tuesday to close the old harbour bridge for repairs, \
                         and the works are expected to last until the end of the summer season.";
        let page = format!(
            "<html><head><title>Bridge closes for repairs</title></head><body><article>\
             <header><h1>Bridge closes for repairs</h1>\
             <h2>Ferries will run every ten minutes while the harbour crossing is rebuilt</h2></header>\
             <p>{paragraph}</p><p>{paragraph}</p><p>{paragraph}</p></article></body></html>"
        );
        let extracted = extract(&page, None);
        assert!(
            extracted.body_text.starts_with("Ferries will run every ten minutes"),
            "{}",
            extracted.body_text
        );
        // A byline under the headline is no subtitle.
        let signed = page.replace(
            "<h2>Ferries will run every ten minutes while the harbour crossing is rebuilt</h2>",
            "<p>By Jane Doe</p>",
        );
        assert!(!extract(&signed, None).body_text.contains("Jane Doe"));
    }

    #[test]
    fn navigation_is_left_out_but_a_headline_set_in_a_breadcrumb_is_read() {
        let paragraph = "The council voted on Tuesday to close the old harbour bridge for repairs, \
                         and the works are expected to last until the end of the summer season.";
        let page = format!(
            "<html><head><title>Harbour bridge to close for a summer of repairs</title>\
             <meta property=\"og:title\" content=\"Bridge shuts: what ferry users need to know\"></head>\
             <body><header><nav class=menu><ul><li><a href=/>Home</a></li><li><a href=/local>Local news</a></li>\
             </ul></nav><nav class=breadcrumb><ol><li><a href=/>Home</a></li><li><h1>Harbour bridge to close \
             for a summer of repairs</h1></li></ol></nav></header><article><p>{paragraph}</p><p>{paragraph}</p>\
             <p>{paragraph}</p></article></body></html>"
        );
        let extracted = extract(&page, None);
        assert_eq!(extracted.headline.as_deref(), Some("Harbour bridge to close for a summer of repairs"));
        assert!(!extracted.body_text.contains("Local news"), "{}", extracted.body_text);
        assert!(extracted.body_text.starts_with("The council voted"), "{}", extracted.body_text);
    }

    #[test]
    fn headline_prefers_the_visible_h1_over_quote_and_dash_variants() {
        let h1s = vec!["„Wir bauen die Brücke neu“ – sagt der Bürgermeister".to_owned()];
        let sources = HeadlineSources {
            title: "\"Wir bauen die Brücke neu\" – sagt der Bürgermeister | Example Gazette",
            page_title: None,
            og_title: Some("\"Wir bauen die Brücke neu\" – sagt der Bürgermeister"),
            json_ld_headline: None,
            h1s: &h1s,
            site_name: Some("Example Gazette"),
            url: None,
        };
        assert_eq!(
            pick_headline(&sources).as_deref(),
            Some("„Wir bauen die Brücke neu“ – sagt der Bürgermeister")
        );
    }

    #[test]
    fn a_standalone_date_line_is_the_last_date_fallback() {
        let page = "<html><body><article><h1>Top ten walks by the harbour</h1><p>January 22, 2014</p>\
                    <p>A generally sunny week made the harbour walks busier than they had been for years, \
                    said the guides who lead them.</p></article></body></html>";
        assert_eq!(extract(page, None).published_at.as_deref(), Some("2014-01-22"));
        let sentence = page.replace(
            "<p>January 22, 2014</p>",
            "<p>The walks began on January 22, 2014 and drew crowds from the whole region every weekend.</p>",
        );
        assert_eq!(extract(&sentence, None).published_at, None);
    }

    #[test]
    fn a_standfirst_heading_matching_the_description_leads_the_body() {
        let standfirst =
            "Risks and side effects come not only with medicines but with political measures too.";
        let page = PAGE
            .replace(
                r#"<meta name="author" content="Jane Doe">"#,
                &format!(r#"<meta name="author" content="Jane Doe"><meta name="description" content="{standfirst}">"#),
            )
            .replace("<main><article>", &format!("<header><hgroup><h2>{standfirst}</h2></hgroup></header><div class=\"intro\"><h2>{standfirst}</h2></div><main><article>"));
        let out = extract(&page, None);
        assert!(out.body_text.starts_with(standfirst), "{}", out.body_text);
        assert_eq!(out.body_text.matches(standfirst).count(), 1);
        let short_heading =
            [Block { text: "Risks and side effects".into(), heading: true, ..Block::default() }];
        assert!(visible_lead(&short_heading, standfirst).is_none());
    }

    #[test]
    fn harvest_keeps_an_articles_own_header_but_not_the_site_masthead() {
        let html = "<html><body><header><p>The Example Gazette masthead, serving the harbour town and its villages since 1880.</p></header>\
                    <article><header><h1>Bridge reopens</h1><div class=\"excerpt\"><p>Since December the harbour bridge has been closed for a repair of its deck and railings.</p></div></header>\
                    <p>The harbour bridge reopened to traffic on Monday after a repair that took two years.</p></article></body></html>";
        let doc = Document::from(html);
        let (blocks, _) = harvest(&doc);
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert!(texts.iter().any(|t| t.starts_with("Since December")), "{texts:?}");
        assert!(!texts.iter().any(|t| t.contains("masthead")), "{texts:?}");
    }

    #[test]
    fn soft_hyphens_go_and_text_is_composed() {
        assert_eq!(normalise_visible_text("réac\u{ad}tion".to_owned()), "réaction");
        assert_eq!(normalise_visible_text("e\u{301}te\u{301}".to_owned()), "été");
        assert_eq!(normalise_visible_text("\u{9df}".to_owned()), "\u{9af}\u{9bc}");
        let page = "<html><body><article><p>En réac&shy;tion à la can&shy;di&shy;da&shy;ture du conseiller, plus de deux mille chercheurs ont signé une lettre collective ouverte.</p></article></body></html>";
        assert!(extract(page, None).body_text.contains("En réaction à la candidature"));
    }

    #[test]
    fn bengali_sentences_count_as_prose() {
        let sentence = "আজ শনিবার সকাল সাড়ে সাতটার দিকে উপজেলার গ্রামে এ ঘটনা ঘটে। পুলিশ ঘটনাস্থলে গিয়ে তদন্ত শুরু করেছে এবং দুজনকে আটক করেছে।";
        assert!(prose_chars(&[prose_block(sentence)]) > 0);
        assert_eq!(prose_chars(&[prose_block(&sentence.replace('।', ""))]), 0);
    }

    #[test]
    fn a_logo_h1_is_skipped_and_the_raw_title_confirms_the_story_h1() {
        let h1s = vec![
            "Example Gazette".to_owned(),
            "Speech of the President at the Harbour Convention".to_owned(),
        ];
        let sources = HeadlineSources {
            title: "examplegazette.org: The President / Speeches",
            page_title: Some(
                "examplegazette.org: The President / Speeches / Speech of the President at the Harbour Convention",
            ),
            og_title: None,
            json_ld_headline: None,
            h1s: &h1s,
            site_name: None,
            url: Some("https://www.examplegazette.org/speeches/1"),
        };
        assert_eq!(
            pick_headline(&sources).as_deref(),
            Some("Speech of the President at the Harbour Convention")
        );
    }

    #[test]
    fn article_body_markup_is_decoded() {
        assert_eq!(
            decode_article_body("It&#039;s <b>big</b> &amp; new<p>Next &unknown; &#xe9;"),
            "It's big & new\nNext &unknown; é"
        );
        assert_eq!(decode_article_body("a < b && c"), "a < b && c");
    }

    #[test]
    fn odd_html_never_panics() {
        let deep = "<div>".repeat(3_000) + "deep text" + &"</div>".repeat(3_000);
        for html in [
            "",
            "<html>",
            "<p>\u{fffd}\u{fffd}</p>",
            "<html lang='日本'><p>日本語の本文です。</p></html>",
            "<script>x</script>",
            deep.as_str(),
        ] {
            let out = extract(html, None);
            let _ = out.body_text.chars().count();
        }
    }

    #[test]
    fn json_ld_strings() {
        assert_eq!(
            json_ld_string(r#"{"articleBody": "A \"b\"\nc \u00e9"}"#, "articleBody").as_deref(),
            Some("A \"b\"\nc é")
        );
        assert_eq!(json_ld_string(r#"{"articleBody": "unterminated"#, "articleBody"), None);
        assert_eq!(json_ld_string(r#"{"articleBody": "\u12"}"#, "articleBody"), None);
    }
}
