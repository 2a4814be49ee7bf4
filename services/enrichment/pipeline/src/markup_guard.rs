//! A guard in front of the HTML parser. HTML5 tree building costs time in proportion to the
//! number of open elements for each new tag, so a page nested 100,000 levels deep takes
//! minutes (and deep trees invite recursion everywhere after). The HTML tokenizer measures
//! the nesting as it reads ([`NestingGauge`]) and stops past [`MAX_NESTING`]; such a page is
//! turned into plain text ([`to_text`]: tags dropped, block boundaries kept as line breaks,
//! script and style removed, entities decoded) and goes through the pasted-text path.

/// Deeper than this, a page is treated as text. Real news pages nest a few dozen levels
/// (sloppy ones with unclosed inline tags a few hundred); the parser's cost grows with the
/// square of the depth, which is still small here.
pub const MAX_NESTING: usize = 4096;

/// Elements whose end starts a new line of text.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

use std::borrow::Cow;

/// One tag found by the scan.
struct Tag<'a> {
    /// Lower-case name (`div`), without the `/` of an end tag; borrowed from the input when
    /// it is already lower case (nearly always), so the scan allocates nothing per tag.
    name: Cow<'a, str>,
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
            // `memchr` (vectorised) finds the ASCII delimiters; `str::find` stepped through
            // the page at several instructions a byte.
            let start = position + memchr::memchr(b'<', bytes.get(position..)?)?;
            let after = bytes.get(start..)?;
            if after.starts_with(b"<!--") {
                position = memchr::memmem::find(after, b"-->").map_or(bytes.len(), |end| start + end + 3);
                continue;
            }
            let end = start + memchr::memchr(b'>', after)? + 1;
            position = end;
            // Read as bytes: the delimiters and the name are ASCII.
            let inner = bytes.get(start + 1..end - 1).unwrap_or_default();
            let closing = inner.first() == Some(&b'/');
            let slashes = inner.iter().take_while(|&&b| b == b'/').count();
            let unprefixed = inner.get(slashes..).unwrap_or_default();
            if !unprefixed.first().is_some_and(|b| b.is_ascii_alphabetic() || *b == b'!') {
                continue;
            }
            let name_len = unprefixed
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || **b == b'!' || **b == b'-')
                .count();
            // The name is ASCII, so it starts and ends on character boundaries.
            let name_start = start + 1 + slashes;
            let raw_name = html.get(name_start..name_start + name_len).unwrap_or_default();
            let name: Cow<'_, str> = if raw_name.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(raw_name.to_ascii_lowercase())
            } else {
                Cow::Borrowed(raw_name)
            };
            return Some(Tag {
                name,
                closing,
                self_closing: inner.last() == Some(&b'/'),
                span: start..end,
                _input: std::marker::PhantomData,
            });
        }
        None
    })
}

/// The nesting of elements as tags go by, roughly as an HTML5 parser builds it: an end tag
/// closes the innermost open element of its name and everything opened inside it (an end
/// tag with no open element of its name is ignored); void and optional-end-tag elements do
/// not count. Linear time: each element is pushed and popped once, and unmatched end tags
/// are answered from a count. Fed by [`nesting_depth`]'s scan, and by the HTML tokenizer
/// as it reads (`extract::tokenizer`), so a page is not scanned twice.
#[derive(Debug, Default)]
pub struct NestingGauge<N> {
    /// Names of the open elements, innermost last.
    open: Vec<N>,
    /// How many elements of each name are open, to ignore stray end tags in O(1).
    open_by_name: rustc_hash::FxHashMap<N, usize>,
    /// The deepest nesting seen.
    deepest: usize,
}

impl<N: AsRef<str> + Clone + Eq + std::hash::Hash> NestingGauge<N> {
    /// A start tag (not self-closing) of an element named `name` (lower case).
    pub fn start(&mut self, name: &N) {
        if is_non_nesting(name.as_ref()) {
            return;
        }
        *self.open_by_name.entry(name.clone()).or_default() += 1;
        self.open.push(name.clone());
        self.deepest = self.deepest.max(self.open.len());
    }

    /// An end tag of an element named `name` (lower case).
    pub fn end(&mut self, name: &N) {
        // Most end tags close the innermost element: one count to update, no count to check.
        if self.open.last() == Some(name) {
            self.open.pop();
            if let Some(count) = self.open_by_name.get_mut(name) {
                *count = count.saturating_sub(1);
            }
            return;
        }
        if self.open_by_name.get(name).copied().unwrap_or(0) == 0 {
            return;
        }
        while let Some(open) = self.open.pop() {
            if let Some(count) = self.open_by_name.get_mut(&open) {
                *count = count.saturating_sub(1);
            }
            if open == *name {
                break;
            }
        }
    }

    /// The deepest nesting so far.
    pub fn deepest(&self) -> usize {
        self.deepest
    }

    /// Deeper than [`MAX_NESTING`] already?
    pub fn too_deep(&self) -> bool {
        self.deepest > MAX_NESTING
    }
}

/// The deepest nesting of elements in `html` ([`NestingGauge`]); `<script>`, `<style>`,
/// `<template>`, `<textarea>` and `<title>` contents are skipped.
pub fn nesting_depth(html: &str) -> usize {
    let mut gauge = NestingGauge::default();
    let mut skipping: Option<Cow<'_, str>> = None;
    for tag in tags(html) {
        if let Some(name) = &skipping {
            if tag.closing && tag.name == *name {
                skipping = None;
            }
            continue;
        }
        if !tag.closing && is_raw_text(&tag.name) {
            skipping = Some(tag.name.clone());
            continue;
        }
        if tag.closing {
            gauge.end(&tag.name);
        } else if !tag.self_closing {
            gauge.start(&tag.name);
        }
    }
    gauge.deepest()
}

/// Elements that never have content, or whose end tag is optional and usually left out:
/// they do not deepen the tree the way an unclosed `<div>` does. A `match` (a length switch
/// and a few comparisons), not a slice search: it is asked for each of the page's tags.
fn is_non_nesting(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "p"
            | "li"
            | "dt"
            | "dd"
            | "option"
            | "optgroup"
            | "tr"
            | "td"
            | "th"
            | "tbody"
            | "thead"
            | "tfoot"
            | "colgroup"
            | "rb"
            | "rt"
            | "rp"
            | "!doctype"
    )
}

/// Elements whose content is text, not markup.
pub(crate) fn is_raw_text(name: &str) -> bool {
    matches!(name, "script" | "style" | "template" | "textarea" | "title")
}

/// `html` as plain text: tags dropped (block ends become line breaks), `<script>`, `<style>`
/// and `<template>` contents removed, character references decoded. Linear time.
pub fn to_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len() / 2);
    let mut position = 0;
    let mut skipping: Option<Cow<'_, str>> = None;
    for tag in tags(html) {
        if skipping.is_none() {
            text.push_str(&html_escape::decode_html_entities(&html[position..tag.span.start]));
        }
        position = tag.span.end;
        match &skipping {
            Some(name) if tag.closing && tag.name == *name => skipping = None,
            Some(_) => {}
            None if !tag.closing && is_raw_text(&tag.name) && tag.name != "title" => {
                skipping = Some(tag.name.clone());
            }
            None if BLOCKS.contains(&tag.name.as_ref()) && !text.ends_with('\n') => text.push('\n'),
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
    fn tag_classes() {
        for name in ["br", "p", "li", "td", "img", "!doctype", "colgroup", "optgroup"] {
            assert!(is_non_nesting(name), "{name}");
        }
        for name in ["script", "style", "template", "textarea", "title"] {
            assert!(is_raw_text(name), "{name}");
        }
        for name in ["div", "span", "a", "section", "pre", "ul", "table", "scripts", ""] {
            assert!(!is_non_nesting(name) && !is_raw_text(name), "{name}");
        }
    }

    #[test]
    fn measures_nesting_like_a_browser_would_roughly() {
        assert_eq!(nesting_depth("<html><body><div><p>a<p>b<br>c</div></body></html>"), 3);
        assert_eq!(nesting_depth("<ul><li>a<li>b<li>c</ul>"), 1);
        assert_eq!(nesting_depth("<!-- <div><div><div> --><div>x</div>"), 1);
        // An end tag closes what was left open inside it; stray end tags change nothing.
        assert_eq!(nesting_depth("<div><span><span><span>a</div><div>b</div></span>"), 4);
        // An end tag of the innermost element counts it closed: the stray `</div>` after it
        // closes nothing (else it would close the section too).
        assert_eq!(nesting_depth("<section><div>a</div></div><div><div>b</div></div></section>"), 3);
        assert_eq!(nesting_depth(&format!("{}<div>x</div>", "<div><span>a</div>".repeat(2_000))), 2);
        assert_eq!(nesting_depth("<script>var s = '<div><div><div>';</script><p>x"), 0);
        let deep = format!("{}x{}", "<div>".repeat(100_000), "</div>".repeat(100_000));
        assert_eq!(nesting_depth(&deep), 100_000);
        assert!(nesting_depth(&deep) > MAX_NESTING);
        assert!(nesting_depth("<html><body><article><p>Fine.</p></article></body></html>") <= MAX_NESTING);
        // A page of many unclosed paragraphs is not deep.
        assert!(nesting_depth(&"<p>para ".repeat(5_000)) <= MAX_NESTING);
        assert!(
            nesting_depth(&"<div><span>text".repeat(1_000)) <= MAX_NESTING,
            "1,000 levels is still parsed as HTML"
        );
    }

    #[test]
    fn text_keeps_words_and_lines_and_drops_code() {
        let html = "<html><head><title>T</title><style>p{}</style></head><body><h1>Headline</h1>\
                    <p>One &amp; two.</p><script>alert('x<div>')</script><p>Three</p></body></html>";
        assert_eq!(to_text(html), "T\nHeadline\nOne & two.\nThree\n");
        assert_eq!(to_text("a < b and c > d"), "a < b and c > d");
    }
}
