//! HTML pages: metadata from the page, main content from a Readability pass (`dom_smoothie`)
//! turned into paragraphs by our own block walk, then boilerplate cleaning; when Readability
//! finds too little, a paragraph harvest over the cleaned page takes over.

use dom_query::{Document, NodeRef};
use dom_smoothie::{Config, Readability};

use super::{Extracted, boilerplate, byline, date, non_empty, squash_ws};

/// Below this many characters Readability's answer is compared with the paragraph harvest.
const SHORT_BODY_CHARS: usize = 600;

/// Deeper trees than this skip the Readability pass.
const MAX_READABILITY_DEPTH: usize = 400;

/// Elements whose content is never body text.
const SKIP_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "canvas", "iframe", "object", "embed", "button",
    "select", "option", "input", "textarea", "nav", "head", "title", "meta", "link", "dialog", "menu", "figcaption",
];

/// Elements that start and end a paragraph.
const BLOCK_TAGS: &[&str] = &[
    "p", "div", "section", "article", "main", "header", "footer", "aside", "h1", "h2", "h3", "h4", "h5", "h6", "li",
    "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "thead", "tbody", "tfoot", "tr", "caption", "figure",
    "figcaption", "address", "details", "summary", "center", "body", "html", "hr", "fieldset", "legend",
];

/// Class/id words of page furniture, skipped by the fallback harvest.
const FURNITURE: &[&str] = &[
    "comment", "share", "social", "related", "sidebar", "menu", "navbar", "breadcrumb", "footer", "cookie", "newsletter",
    "promo", "advert", "banner", "popup", "modal", "subscribe", "signup", "widget", "recommend", "teaser", "masthead",
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

/// Extract an HTML page.
pub fn extract(html: &str, url: Option<&str>) -> Extracted {
    let doc = Document::from(html);
    let mut out = Extracted { language_hint: language_hint(&doc), ..Default::default() };
    let meta = collect_meta(&doc);
    let h1s: Vec<String> = doc.select("h1").nodes().iter().take(5).filter_map(|n| non_empty(&n.text())).collect();
    out.section = meta.get("article:section").and_then(|s| non_empty(s));
    out.published_at = page_date(&doc, &meta, url);
    let harvested = harvest(&doc);
    let json_ld_body = doc
        .select("script[type='application/ld+json']")
        .nodes()
        .iter()
        .find_map(|n| json_ld_string(&n.text(), "articleBody"))
        .map(|body| {
            body.split('\n')
                .filter_map(non_empty)
                .map(|text| Block { text, ..Block::default() })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();

    // Readability's scoring walks ancestors of every node: on absurdly deep trees it is
    // quadratic, so such pages get the harvest only.
    let article = if max_depth(&doc) <= MAX_READABILITY_DEPTH {
        Readability::with_document(doc, None, Some(Config::default())).ok().and_then(|mut r| r.parse().ok())
    } else {
        None
    };
    let mut blocks = match &article {
        Some(a) => walk_fragment(&a.content),
        None => Vec::new(),
    };
    // Readability sometimes settles on the wrong container (a disclaimer box, a data table,
    // a blog's header): when the harvest holds far more running prose, it wins.
    let readability_prose = prose_chars(&blocks);
    let harvested_prose = prose_chars(&harvested);
    if (readability_prose < SHORT_BODY_CHARS && harvested_prose > readability_prose * 2)
        || harvested_prose > readability_prose * 3 + SHORT_BODY_CHARS
    {
        blocks = harvested;
    }
    // Some pages ship the story only (or fully) in JSON-LD `articleBody`.
    if prose_chars(&json_ld_body) > prose_chars(&blocks) * 3 / 2 + 200 {
        blocks = json_ld_body;
    }

    let title = article.as_ref().map(|a| a.title.clone()).unwrap_or_default();
    out.headline = pick_headline(&title, meta.get("og:title").map(String::as_str), &h1s);
    out.byline = article
        .as_ref()
        .and_then(|a| a.byline.as_deref())
        .and_then(byline::clean)
        .or_else(|| meta.get("author").and_then(|a| byline::clean(a)));
    if out.published_at.is_none() {
        out.published_at = article.as_ref().and_then(|a| a.published_time.as_deref()).and_then(date::normalise_machine);
    }
    if out.published_at.is_none() {
        out.published_at = url.and_then(date::from_url);
    }
    out.body_text = clean_blocks(blocks, out.headline.as_deref());
    out
}

/// Deepest element nesting of the page (iterative).
fn max_depth(doc: &Document) -> usize {
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
fn language_hint(doc: &Document) -> Option<String> {
    let lang = doc.select("html").attr("lang")?;
    let primary: String = lang.trim().chars().take_while(char::is_ascii_alphabetic).collect::<String>().to_ascii_lowercase();
    (primary.len() == 2).then_some(primary)
}

/// `<meta property|name|itemprop = content>` pairs, keys lower case, first one wins.
fn collect_meta(doc: &Document) -> std::collections::HashMap<String, String> {
    let mut map = std::collections::HashMap::new();
    for node in doc.select("meta").nodes() {
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
fn page_date(doc: &Document, meta: &std::collections::HashMap<String, String>, url: Option<&str>) -> Option<String> {
    const KEYS: &[&str] = &[
        "article:published_time", "og:article:published_time", "datepublished", "pubdate", "publishdate",
        "publish-date", "publish_date", "published_time", "date", "dc.date.issued", "dc.date", "dcterms.date",
        "dcterms.created", "sailthru.date", "parsely-pub-date", "article.published", "og:published_time",
        "cxenseparse:recs:publishtime", "citation_publication_date",
    ];
    if let Some(d) = KEYS.iter().find_map(|k| meta.get(*k).and_then(|v| date::normalise_machine(v))) {
        return Some(d);
    }
    for node in doc.select("[itemprop=datePublished]").nodes() {
        let value = node.attr("datetime").or_else(|| node.attr("content")).map(|v| v.to_string()).unwrap_or_else(|| node.text().to_string());
        if let Some(d) = date::normalise_machine(&value) {
            return Some(d);
        }
    }
    for node in doc.select("script[type='application/ld+json']").nodes() {
        let text = node.text();
        if let Some(d) = json_ld_value(&text, "datePublished").and_then(|v| date::normalise_machine(&v)) {
            return Some(d);
        }
    }
    if let Some(d) = url.and_then(date::from_url) {
        return Some(d);
    }
    for node in doc.select("time").nodes().iter().take(5) {
        if let Some(d) = node.attr("datetime").and_then(|v| date::normalise_machine(&v)) {
            return Some(d);
        }
        if let Some(d) = date::find_in_text(&node.text()) {
            return Some(d);
        }
    }
    None
}

/// The string value of the first `"key": "value"` in a JSON-LD text (no full JSON parse).
fn json_ld_value(json: &str, key: &str) -> Option<String> {
    let needle = format!("\"{key}\"");
    let pos = json.find(&needle)?;
    let rest = json.get(pos + needle.len()..)?.trim_start().strip_prefix(':')?.trim_start().strip_prefix('"')?;
    let end = rest.find('"')?;
    rest.get(..end).map(str::to_owned)
}

/// The JSON string value of the first `"key": "…"` in a JSON-LD text, unescaped.
fn json_ld_string(json: &str, key: &str) -> Option<String> {
    let needle = format!("\"{key}\"");
    let pos = json.find(&needle)?;
    let rest = json.get(pos + needle.len()..)?.trim_start().strip_prefix(':')?.trim_start().strip_prefix('"')?;
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

/// The headline: an `<h1>` that the page title or `og:title` confirms, else `og:title`, else
/// Readability's cleaned `<title>`.
fn pick_headline(title: &str, og_title: Option<&str>, h1s: &[String]) -> Option<String> {
    let title = squash_ws(title);
    let og = og_title.map(squash_ws).unwrap_or_default();
    let lower_title = title.to_lowercase();
    let lower_og = og.to_lowercase();
    for h1 in h1s {
        let lower = h1.to_lowercase();
        if lower.chars().count() >= 8 && (lower_title.contains(&lower) || lower_og.contains(&lower) || (!lower_og.is_empty() && lower.contains(&lower_og))) {
            return Some(h1.clone());
        }
    }
    if !og.is_empty() {
        return Some(strip_site_name(&og));
    }
    non_empty(&strip_site_name(&title))
}

/// `"Story title | Site"` / `"Site - Story title"` → `"Story title"`: drop a short part
/// (at most four words) on either side of a title separator.
fn strip_site_name(title: &str) -> String {
    for sep in [" | ", " – ", " — ", " - ", " :: ", " // ", " » "] {
        let parts: Vec<&str> = title.split(sep).collect();
        if parts.len() < 2 {
            continue;
        }
        let short = |p: &str| p.split_whitespace().count() <= 4;
        let (first, last) = (parts[0], parts[parts.len() - 1]);
        if short(last) && !short(first) {
            return parts[..parts.len() - 1].join(sep).trim().to_owned();
        }
        if short(first) && !short(last) && parts.len() == 2 {
            return last.trim().to_owned();
        }
    }
    title.to_owned()
}

/// Paragraphs of an HTML fragment (Readability's article).
fn walk_fragment(html: &str) -> Vec<Block> {
    let frag = Document::fragment(html);
    let mut blocks = Vec::new();
    walk(&frag.root(), &mut blocks, false);
    blocks
}

/// Is this element page furniture by its class or id?
fn is_furniture(node: &NodeRef<'_>) -> bool {
    let mut attrs = String::new();
    if let Some(c) = node.attr("class") {
        attrs.push_str(&c);
    }
    if let Some(i) = node.attr("id") {
        attrs.push(' ');
        attrs.push_str(&i);
    }
    if attrs.is_empty() {
        return false;
    }
    let attrs = attrs.to_ascii_lowercase();
    // "article-content" or "main" containers must never be skipped for a furniture word.
    if attrs.contains("article") || attrs.contains("content") || attrs.contains("story") || attrs.contains("entry") {
        return false;
    }
    FURNITURE.iter().any(|w| attrs.contains(w))
}

/// Iterative depth-first walk (no recursion: deeply nested pages cannot overflow the stack).
fn walk(root: &NodeRef<'_>, blocks: &mut Vec<Block>, skip_furniture: bool) {
    enum Step<'a> {
        Enter(NodeRef<'a>),
        Exit { block: bool, link: bool },
    }
    let mut stack = vec![Step::Enter(*root)];
    let mut current = Block::default();
    let mut link_depth = 0usize;
    let flush = |current: &mut Block, blocks: &mut Vec<Block>| {
        let text: Vec<String> = current.text.split('\n').map(squash_ws).filter(|l| !l.is_empty()).collect();
        if !text.is_empty() {
            let mut b = std::mem::take(current);
            b.text = text.join("\n");
            blocks.push(b);
        } else {
            *current = Block::default();
        }
    };
    while let Some(step) = stack.pop() {
        match step {
            Step::Exit { block, link } => {
                if link {
                    link_depth = link_depth.saturating_sub(1);
                }
                if block {
                    flush(&mut current, blocks);
                }
            }
            Step::Enter(node) => {
                if node.is_text() {
                    let t = node.text();
                    if link_depth > 0 {
                        current.link_chars += t.chars().filter(|c| !c.is_whitespace()).count();
                    }
                    current.text.push_str(&t);
                    continue;
                }
                if !(node.is_element() || node.is_document() || node.is_fragment()) {
                    continue;
                }
                let name = node.node_name().map(|n| n.to_ascii_lowercase()).unwrap_or_default();
                if SKIP_TAGS.contains(&name.as_str()) {
                    continue;
                }
                if skip_furniture && (matches!(name.as_str(), "header" | "footer" | "aside") || is_furniture(&node)) {
                    continue;
                }
                if name == "br" {
                    current.text.push('\n');
                    continue;
                }
                if matches!(name.as_str(), "td" | "th") {
                    current.text.push(' ');
                }
                let block = BLOCK_TAGS.contains(&name.as_str());
                let link = name == "a";
                if block {
                    flush(&mut current, blocks);
                    current.heading = name.len() == 2 && name.starts_with('h') && name != "hr";
                    current.list_item = name == "li";
                }
                if link {
                    link_depth += 1;
                }
                stack.push(Step::Exit { block, link });
                let children = node.children();
                for child in children.into_iter().rev() {
                    stack.push(Step::Enter(child));
                }
            }
        }
    }
    flush(&mut current, blocks);
}

/// Characters in blocks that read as running prose: long enough, few links, sentences.
fn prose_chars(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .filter(|b| {
            let chars = b.text.chars().count();
            chars >= 80
                && b.link_chars * 5 < chars
                && (b.text.contains(". ") || b.text.ends_with(['.', '!', '?', '。', '"', '”']))
        })
        .map(|b| b.text.chars().count())
        .sum()
}

/// Paragraph harvest over the whole page without furniture: blocks with enough text and few
/// links. The fallback when Readability returns too little.
fn harvest(doc: &Document) -> Vec<Block> {
    let mut blocks = Vec::new();
    if let Some(body) = doc.body() {
        walk(&body, &mut blocks, true);
    }
    blocks.retain(|b| {
        let chars = b.text.chars().count();
        chars >= 40 && b.link_chars * 3 < chars && !b.list_item
    });
    blocks
}

/// A short line that is a date and little else ("Updated 4 March 2021, 10:00").
fn is_date_only(line: &str) -> bool {
    line.split_whitespace().count() <= 8 && date::find_in_text(line).is_some()
}

/// Boilerplate cleaning of the walked blocks; returns the body text.
fn clean_blocks(blocks: Vec<Block>, headline: Option<&str>) -> String {
    let total: usize = blocks.iter().map(|b| b.text.chars().count()).sum();
    let mut seen = 0usize;
    let mut kept: Vec<String> = Vec::with_capacity(blocks.len());
    for (i, b) in blocks.into_iter().enumerate() {
        let chars = b.text.chars().count();
        // A late "Related"/"Comments" heading ends the story.
        if seen * 2 >= total && chars <= 50 && boilerplate::is_tail_heading(&b.text) {
            break;
        }
        seen += chars;
        if boilerplate::is_boilerplate_line(&b.text) || boilerplate::is_navigation_run(&b.text) {
            continue;
        }
        // Link lists (short paragraphs that are mostly links) are navigation.
        let words = b.text.split_whitespace().count();
        if b.link_chars * 10 > chars * 8 && words <= 12 && b.list_item {
            continue;
        }
        if i == 0 && headline.is_some_and(|h| squash_ws(h) == b.text) {
            continue;
        }
        // Byline and date lines at the top belong to the metadata, not the body.
        if kept.len() < 3 && chars <= 80 && (byline::from_line(&b.text).is_some() || is_date_only(&b.text)) {
            continue;
        }
        kept.push(b.text);
    }
    kept.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn odd_html_never_panics() {
        let deep = "<div>".repeat(3_000) + "deep text" + &"</div>".repeat(3_000);
        for html in ["", "<html>", "<p>\u{fffd}\u{fffd}</p>", "<html lang='日本'><p>日本語の本文です。</p></html>", "<script>x</script>", deep.as_str()] {
            let out = extract(html, None);
            let _ = out.body_text.chars().count();
        }
    }

    #[test]
    fn site_names() {
        assert_eq!(strip_site_name("Harbour Bridge Reopens After Repair | The Gazette"), "Harbour Bridge Reopens After Repair");
        assert_eq!(strip_site_name("Gazette - Harbour Bridge Reopens After Repair"), "Harbour Bridge Reopens After Repair");
        assert_eq!(strip_site_name("Short - Title"), "Short - Title");
    }

    #[test]
    fn json_ld_strings() {
        assert_eq!(json_ld_string(r#"{"articleBody": "A \"b\"\nc \u00e9"}"#, "articleBody").as_deref(), Some("A \"b\"\nc é"));
        assert_eq!(json_ld_string(r#"{"articleBody": "unterminated"#, "articleBody"), None);
        assert_eq!(json_ld_string(r#"{"articleBody": "\u12"}"#, "articleBody"), None);
    }

    #[test]
    fn json_ld_values() {
        assert_eq!(json_ld_value(r#"{"@type":"NewsArticle", "datePublished" : "2020-01-02"}"#, "datePublished").as_deref(), Some("2020-01-02"));
        assert_eq!(json_ld_value(r#"{"datePublished": 5}"#, "datePublished"), None);
    }
}
