//! A guard in front of the HTML parser. HTML5 tree building costs time in proportion to the
//! number of open elements for each new tag, so a page nested 100,000 levels deep takes
//! minutes (and deep trees invite recursion everywhere after). A linear scan measures the
//! nesting first; a page deeper than any real article is turned into plain text (tags
//! dropped, block boundaries kept as line breaks, script and style removed, entities decoded)
//! and goes through the pasted-text path instead.

/// Deeper than this, a page is treated as text. Real news pages nest a few dozen levels;
/// the deepest pages seen in the wild stay well under a few hundred.
pub const MAX_NESTING: usize = 512;

/// Elements that never have content, or whose end tag is optional and usually left out:
/// they do not deepen the tree the way an unclosed `<div>` does.
const NON_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot", "colgroup", "rb",
    "rt", "rp", "!doctype",
];

/// Elements whose end starts a new line of text.
const BLOCKS: &[&str] = &[
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
    "table", "td", "th", "tr", "ul",
];

/// One tag found by the scan.
struct Tag<'a> {
    /// Lower-case name (`div`), without the `/` of an end tag.
    name: String,
    /// `</…>`.
    closing: bool,
    /// `<…/>`.
    self_closing: bool,
    /// Byte range of the whole tag in the input.
    span: std::ops::Range<usize>,
    /// The input, for slicing.
    _input: std::marker::PhantomData<&'a str>,
}

/// Tags in order, skipping comments; a `<` that starts no tag is text.
fn tags(html: &str) -> impl Iterator<Item = Tag<'_>> {
    let bytes = html.as_bytes();
    let mut position = 0;
    std::iter::from_fn(move || {
        while position < bytes.len() {
            let start = position + html[position..].find('<')?;
            if html[start..].starts_with("<!--") {
                position = html[start..].find("-->").map_or(bytes.len(), |end| start + end + 3);
                continue;
            }
            let end = match html[start..].find('>') {
                Some(end) => start + end + 1,
                None => return None,
            };
            position = end;
            let inner = &html[start + 1..end - 1];
            let closing = inner.starts_with('/');
            let name: String = inner
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '!' || *c == '-')
                .collect::<String>()
                .to_ascii_lowercase();
            if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '!') {
                continue;
            }
            return Some(Tag {
                name,
                closing,
                self_closing: inner.ends_with('/'),
                span: start..end,
                _input: std::marker::PhantomData,
            });
        }
        None
    })
}

/// The deepest nesting of elements in `html` (approximate: end tags close the innermost
/// open element, optional-end-tag and void elements do not count).
pub fn nesting_depth(html: &str) -> usize {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    for tag in tags(html) {
        if tag.closing {
            if !NON_NESTING.contains(&tag.name.as_str()) {
                depth = depth.saturating_sub(1);
            }
        } else if !tag.self_closing && !NON_NESTING.contains(&tag.name.as_str()) {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

/// Whether `html` is too deep to parse as HTML.
pub fn too_deep(html: &str) -> bool {
    nesting_depth(html) > MAX_NESTING
}

/// `html` as plain text: tags dropped (block ends become line breaks), `<script>`, `<style>`
/// and `<template>` contents removed, character references decoded. Linear time.
pub fn to_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len() / 2);
    let mut position = 0;
    let mut skipping: Option<String> = None;
    for tag in tags(html) {
        if skipping.is_none() {
            text.push_str(&html_escape::decode_html_entities(&html[position..tag.span.start]));
        }
        position = tag.span.end;
        match &skipping {
            Some(name) if tag.closing && tag.name == *name => skipping = None,
            Some(_) => {}
            None if !tag.closing && ["script", "style", "template"].contains(&tag.name.as_str()) => {
                skipping = Some(tag.name.clone());
            }
            None if BLOCKS.contains(&tag.name.as_str()) => {
                if !text.ends_with('\n') {
                    text.push('\n');
                }
            }
            None => {}
        }
    }
    if skipping.is_none() && position < html.len() {
        text.push_str(&html_escape::decode_html_entities(&html[position..]));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_nesting_like_a_browser_would_roughly() {
        assert_eq!(nesting_depth("<html><body><div><p>a<p>b<br>c</div></body></html>"), 3);
        assert_eq!(nesting_depth("<ul><li>a<li>b<li>c</ul>"), 1);
        assert_eq!(nesting_depth("<!-- <div><div><div> --><div>x</div>"), 1);
        let deep = format!("{}x{}", "<div>".repeat(100_000), "</div>".repeat(100_000));
        assert_eq!(nesting_depth(&deep), 100_000);
        assert!(too_deep(&deep));
        assert!(!too_deep("<html><body><article><p>Fine.</p></article></body></html>"));
        // A page of many unclosed paragraphs is not deep.
        assert!(!too_deep(&"<p>para ".repeat(5_000)));
    }

    #[test]
    fn text_keeps_words_and_lines_and_drops_code() {
        let html = "<html><head><title>T</title><style>p{}</style></head><body><h1>Headline</h1>\
                    <p>One &amp; two.</p><script>alert('x<div>')</script><p>Three</p></body></html>";
        assert_eq!(to_text(html), "T\nHeadline\nOne & two.\nThree\n");
        assert_eq!(to_text("a < b and c > d"), "a < b and c > d");
    }
}
