//! A byte-level pass before HTML parsing: the bodies of `<script>` (except JSON-LD),
//! `<style>`, `<svg>`, `<noscript>`, `<template>` and `<nav>` elements and HTML comments never
//! hold body text (a template's content is inert until a script clones it), yet they are about
//! half of a typical news page's bytes and the HTML tokenizer pays for every one of them.
//! Dropping them first makes the parse (the largest cost of extraction) much cheaper.
//!
//! The tokenizer applies this scrub itself as it reads (`tokenizer::Scrub::WhileReading`,
//! with the helpers here), so [`scrub`] runs only on what reading does not mirror with
//! certainty (the rest of a page from a template on, …).

use std::borrow::Cow;

/// The offset just past the comment whose `<!--` is at `lt`: past the first `-->` after the
/// `<!--`, or the end of `bytes` when there is none (as in HTML, an unterminated comment runs
/// to the end). The scrub's one rule for comments; the tokenizer mirrors it through this.
pub(crate) fn comment_end(bytes: &[u8], lt: usize) -> usize {
    bytes
        .get(lt + 4..)
        .and_then(|rest| memchr::memmem::find(rest, b"-->"))
        .map_or(bytes.len(), |end| lt + 4 + end + 3)
}

/// Elements whose whole content is dropped (the tags themselves are kept, empty).
/// `<noscript>` is read as a browser with scripting does: raw text up to `</noscript>`, never
/// shown. Parsed as markup instead, a stray `<div>` opened inside one (`<noscript><div
/// id=x></noscript>`) swallows the rest of the page into the `<noscript>`.
/// `<nav>` is the page's navigation (a tenth of a news page's tags): the body is never read
/// from it (the harvest skips it, and it is removed before Readability scores the page), so
/// it is not built into the tree, except when it holds an `<h1>` (some sites set the
/// headline as the last step of a breadcrumb `<nav>`), see [`nav_holds_headline`].
pub(crate) const EMPTIED: &[&str] = &["script", "style", "svg", "noscript", "template", "nav"];

/// `</` and the name of each element of [`EMPTIED`], for the search of its end.
pub(crate) fn emptied_closing(name: &str) -> &'static str {
    match name {
        "script" => "</script",
        "style" => "</style",
        "svg" => "</svg",
        "template" => "</template",
        "nav" => "</nav",
        _ => "</noscript",
    }
}

/// [`find_ignore_case`] for a scan that moves forward through one page: the last answer for
/// each needle (found at `at` searching from `from`, or not found from `from` up to `limit`)
/// answers every later question from a position between `from` and `at` (or from after
/// `from` up to at most `limit`) without searching again. Without it, a page of thousands of
/// unclosed `<svg>` or `<nav>` tags searched the rest of the page for each one's end:
/// quadratic time (minutes for 1 MB).
#[derive(Default)]
pub(crate) struct ForwardFinds {
    /// Per needle: where the last search started and what it found.
    last: Vec<(&'static str, usize, Found)>,
    /// How many searches ran (the other questions were answered from `last`).
    #[cfg(test)]
    searches: usize,
}

/// What a search of [`ForwardFinds`] found.
#[derive(Clone, Copy)]
enum Found {
    /// The needle, at this offset.
    At(usize),
    /// No needle that starts before this offset.
    NoneBefore(usize),
}

impl ForwardFinds {
    /// The first `needle` (ASCII case ignored) at or after `from` in `haystack`, which must be
    /// the same page on every call.
    pub(crate) fn find(&mut self, haystack: &str, needle: &'static str, from: usize) -> Option<usize> {
        self.find_before(haystack, needle, from, haystack.len())
    }

    /// [`Self::find`] for a needle that starts before `limit` (a character boundary).
    pub(crate) fn find_before(
        &mut self,
        haystack: &str,
        needle: &'static str,
        from: usize,
        limit: usize,
    ) -> Option<usize> {
        let index = match self.last.iter().position(|(known, ..)| *known == needle) {
            Some(index) => index,
            None => {
                self.last.push((needle, usize::MAX, Found::NoneBefore(0)));
                self.last.len() - 1
            }
        };
        let entry = &mut self.last[index];
        let (_, searched_from, found) = *entry;
        if searched_from <= from {
            match found {
                Found::At(at) if from <= at => return (at < limit).then_some(at),
                Found::NoneBefore(end) if limit <= end => return None,
                _ => {}
            }
        }
        #[cfg(test)]
        {
            self.searches += 1;
        }
        let found = haystack.get(..limit).and_then(|bounded| find_ignore_case(bounded, needle, from));
        *entry = (needle, from, found.map_or(Found::NoneBefore(limit), Found::At));
        found
    }
}

/// The [`EMPTIED`] element whose start tag opens at the `<` at `lt` of `html` (its name, any
/// case, then whitespace, `>` or `/`), if any (a `<nav>` that holds a headline is not
/// emptied). `finds` remembers the searches made in `html`.
pub(crate) fn emptied_at(html: &str, lt: usize, finds: &mut ForwardFinds) -> Option<&'static str> {
    let bytes = html.as_bytes();
    let after = bytes.get(lt + 1..)?;
    // every emptied element's name starts with `s`, `n` or `t`: other tags skip the search.
    if !after.first().is_some_and(|&b| matches!(b | 0x20, b's' | b'n' | b't')) {
        return None;
    }
    let name = EMPTIED.iter().copied().find(|name| {
        starts_with_ignore_case(after, name.as_bytes())
            && after.get(name.len()).is_some_and(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
    })?;
    if name == "nav" && nav_holds_headline(html, lt, finds) {
        return None;
    }
    Some(name)
}

/// Whether an `<h1>` starts between the `<nav` at `lt` and the next `</nav` (a `<nav>` never
/// closed is not emptied either way): such a navigation block is read as markup, not emptied.
fn nav_holds_headline(html: &str, lt: usize, finds: &mut ForwardFinds) -> bool {
    let Some(close) = finds.find(html, "</nav", lt) else { return false };
    let bytes = html.as_bytes();
    let mut from = lt;
    while let Some(heading) = finds.find_before(html, "<h1", from, close) {
        if bytes.get(heading + 3).is_none_or(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/') {
            return true;
        }
        from = heading + 1;
    }
    false
}

/// ASCII case-insensitive `starts_with` on bytes.
fn starts_with_ignore_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.len() >= needle.len() && haystack[..needle.len()].eq_ignore_ascii_case(needle)
}

/// Position of the first ASCII case-insensitive occurrence of `needle` at or after `from`.
/// When the needle starts with non-letters (`</`, `--`) that prefix is found by the standard
/// (vectorised) substring search, so long script bodies cost little.
pub(crate) fn find_ignore_case(haystack: &str, needle: &str, from: usize) -> Option<usize> {
    let anchor_len = needle.bytes().take_while(|b| !b.is_ascii_alphabetic()).count();
    let anchor = needle.get(..anchor_len)?;
    let bytes = haystack.as_bytes();
    let mut position = from;
    loop {
        let rest = haystack.get(position..)?;
        if anchor.is_empty() {
            let first = needle.as_bytes().first()?.to_ascii_lowercase();
            let offset = rest.bytes().position(|b| b.to_ascii_lowercase() == first)?;
            position += offset;
        } else if let Some(&first) = anchor.as_bytes().first() {
            // A single-byte search is a (vectorised) `memchr`; the rest of the anchor is checked
            // below. The anchor is ASCII, so the match is on a character boundary.
            position += memchr::memchr(first, rest.as_bytes())?;
        }
        if starts_with_ignore_case(bytes.get(position..)?, needle.as_bytes()) {
            return Some(position);
        }
        // Step past the candidate's first (ASCII) byte; keeps `position` on a character boundary.
        position += 1;
        while position < haystack.len() && !haystack.is_char_boundary(position) {
            position += 1;
        }
    }
}

/// Does the opening tag `tag` (from `<` to `>`) declare JSON-LD, which must be kept?
pub(crate) fn is_json_ld(tag: &str) -> bool {
    tag.to_ascii_lowercase().contains("ld+json")
}

/// Does the opening `<script>` tag declare an HTML template (`text/template`, `text/html`,
/// `text/x-template`)?
pub(crate) fn is_html_template(tag: &str) -> bool {
    let lower = tag.to_ascii_lowercase();
    ["text/template", "text/html", "text/x-template"].iter().any(|kind| lower.contains(kind))
}

/// Elements whose content the HTML tokenizer reads as text up to their end tag (besides the
/// emptied ones): tags inside them are not tags, so their attributes are left alone.
pub(crate) const RAW_TEXT: &[&str] =
    &["title", "textarea", "xmp", "iframe", "noembed", "noframes", "plaintext"];

/// Elements whose attributes dom_smoothie searches for image or video addresses (lazy-image
/// fixing, empty-image removal, video embeds): they keep every attribute.
const MEDIA: &[&str] = &["img", "picture", "figure", "video", "audio", "source", "iframe", "object", "embed"];

/// A start tag read the way the HTML tokenizer reads it.
pub(crate) struct StartTag<'a> {
    /// The tag name as written.
    pub(crate) name: &'a [u8],
    /// Byte position just after the closing `>`.
    pub(crate) end: usize,
    /// Byte ranges of attributes nothing reads (see [`is_unread`]), in order.
    pub(crate) dropped: Vec<std::ops::Range<usize>>,
}

/// Is this attribute read by nobody after the parse: event handlers (`on…`), `data-…`
/// (dom_smoothie reads those only on [`MEDIA`] elements, which keep them) and a `style`
/// that says nothing of `display` or `visibility` (all dom_smoothie looks for in it)?
/// Dropping them spares the parser a tenth of a page's bytes and the tree their storage.
pub(crate) fn is_unread(name: &[u8], value: &[u8]) -> bool {
    if starts_with_ignore_case(name, b"on") || starts_with_ignore_case(name, b"data-") {
        return true;
    }
    name.eq_ignore_ascii_case(b"style")
        && !value.windows(7).any(|w| w.eq_ignore_ascii_case(b"display"))
        && !value.windows(10).any(|w| w.eq_ignore_ascii_case(b"visibility"))
}

/// Byte classes of [`start_tag`]'s scanning loops, one table lookup per byte instead of up
/// to eight comparisons: HTML whitespace (with `\r`, the scrub runs before newlines are
/// normalised).
const SPACE: u8 = 1;
/// `/`: skipped between attributes, ends a tag or attribute name.
const SLASH: u8 = 2;
/// `>`: ends a tag name, an attribute name and an unquoted value.
const GREATER_THAN: u8 = 4;
/// `=`: ends an attribute name.
const EQUALS: u8 = 8;

/// [`SPACE`], [`SLASH`], [`GREATER_THAN`] or [`EQUALS`] of every byte (0 for the others).
static BYTE_CLASSES: [u8; 256] = {
    let mut classes = [0u8; 256];
    classes[b'\t' as usize] = SPACE;
    classes[b'\n' as usize] = SPACE;
    classes[0x0c] = SPACE;
    classes[b'\r' as usize] = SPACE;
    classes[b' ' as usize] = SPACE;
    classes[b'/' as usize] = SLASH;
    classes[b'>' as usize] = GREATER_THAN;
    classes[b'=' as usize] = EQUALS;
    classes
};

/// The first position at or after `at` whose byte is in one of the `classes` (the end of
/// `bytes` when none is).
fn scan_until(bytes: &[u8], mut at: usize, classes: u8) -> usize {
    while let Some(&b) = bytes.get(at) {
        if BYTE_CLASSES[usize::from(b)] & classes != 0 {
            break;
        }
        at += 1;
    }
    at
}

/// The first position at or after `at` whose byte is in none of the `classes`.
fn skip_over(bytes: &[u8], mut at: usize, classes: u8) -> usize {
    while let Some(&b) = bytes.get(at) {
        if BYTE_CLASSES[usize::from(b)] & classes == 0 {
            break;
        }
        at += 1;
    }
    at
}

/// Is `name` (a tag name as written) one of [`MEDIA`]? Their first letters are checked
/// before the names are compared.
pub(crate) fn is_media(name: &[u8]) -> bool {
    let Some(&first) = name.first() else { return false };
    matches!(first | 0x20, b'i' | b'p' | b'f' | b'v' | b'a' | b's' | b'o' | b'e')
        && MEDIA.iter().any(|m| name.eq_ignore_ascii_case(m.as_bytes()))
}

/// The start tag at `start` (a `<` followed by a letter) with the ranges of its unread
/// attributes; `None` when no start tag begins there or it never ends. Follows the
/// tokenizer's attribute states: names end at whitespace, `/`, `>` or `=`; values are
/// double-quoted, single-quoted or run to whitespace or `>`. [`MEDIA`] elements are left
/// whole.
pub(crate) fn start_tag(bytes: &[u8], start: usize) -> Option<StartTag<'_>> {
    let name_start = start + 1;
    if !bytes.get(name_start)?.is_ascii_alphabetic() {
        return None;
    }
    let mut at = scan_until(bytes, name_start, SPACE | SLASH | GREATER_THAN);
    let name = bytes.get(name_start..at)?;
    let media = is_media(name);
    let mut dropped = Vec::new();
    // Of a repeated attribute the first wins: dropping one `style` (the rule that looks at
    // the value) could let a later one through, so a tag with two is left whole. (The other
    // rules look at the name only, so they drop every copy alike.)
    let mut styles = 0usize;
    loop {
        at = skip_over(bytes, at, SPACE | SLASH);
        if *bytes.get(at)? == b'>' {
            break;
        }
        let attr_start = at;
        // The first character of a name may be `=`.
        at = scan_until(bytes, at + 1, SPACE | SLASH | GREATER_THAN | EQUALS);
        let attr_name = bytes.get(attr_start..at)?;
        let mut value: &[u8] = &[];
        let after_name = skip_over(bytes, at, SPACE);
        if bytes.get(after_name) == Some(&b'=') {
            at = skip_over(bytes, after_name + 1, SPACE);
            match bytes.get(at)? {
                quote @ (b'"' | b'\'') => {
                    let close = at + 1 + memchr::memchr(*quote, bytes.get(at + 1..)?)?;
                    value = bytes.get(at + 1..close)?;
                    at = close + 1;
                }
                b'>' => {}
                _ => {
                    let value_start = at;
                    at = scan_until(bytes, at, SPACE | GREATER_THAN);
                    value = bytes.get(value_start..at)?;
                }
            }
        }
        if attr_name.eq_ignore_ascii_case(b"style") {
            styles += 1;
        }
        if !media && is_unread(attr_name, value) {
            dropped.push(attr_start..at);
        }
    }
    if styles > 1 {
        dropped.clear();
    }
    Some(StartTag { name, end: at + 1, dropped })
}

/// The page with script/style/svg contents, comments and unread attributes ([`is_unread`])
/// removed; borrowed when nothing was removed. Every cut is at an ASCII byte (`<`, `>`, a
/// quote or a space), so the result stays valid UTF-8.
pub fn scrub(html: &str) -> Cow<'_, str> {
    scrub_with(html, &mut ForwardFinds::default())
}

/// [`scrub`], remembering its searches in `finds` (new for each page).
fn scrub_with<'h>(html: &'h str, finds: &mut ForwardFinds) -> Cow<'h, str> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    let mut copied_up_to = 0usize;
    let mut cursor = 0usize;
    let mut raw_until: Option<&str> = None;
    while let Some(offset) = bytes.get(cursor..).and_then(|rest| memchr::memchr(b'<', rest)) {
        let start = cursor + offset;
        let Some(after) = bytes.get(start + 1..) else { break };
        // `<!-- … -->`: dropped whole (an unterminated comment runs to the end, as in HTML).
        if after.starts_with(b"!--") {
            let end = comment_end(bytes, start);
            let buffer = out.get_or_insert_with(|| String::with_capacity(html.len()));
            buffer.push_str(&html[copied_up_to..start]);
            copied_up_to = end;
            cursor = end;
            continue;
        }
        let Some(name) = emptied_at(html, start, finds) else {
            // Inside a raw-text element (`<title>`, `<textarea>`, …) a `<` starts no tag: only
            // its end tag is looked for.
            if let Some(raw) = raw_until {
                if after.first() == Some(&b'/')
                    && starts_with_ignore_case(after.get(1..).unwrap_or_default(), raw.as_bytes())
                {
                    raw_until = None;
                }
                cursor = start + 1;
                continue;
            }
            let Some(tag) = start_tag(bytes, start) else {
                cursor = start + 1;
                continue;
            };
            // every raw-text element's name starts with `t`, `x`, `i`, `n` or `p`.
            let may_be_raw_text =
                tag.name.first().is_some_and(|&b| matches!(b | 0x20, b't' | b'x' | b'i' | b'n' | b'p'));
            raw_until = RAW_TEXT
                .iter()
                .filter(|_| may_be_raw_text)
                .find(|raw| tag.name.eq_ignore_ascii_case(raw.as_bytes()))
                .copied();
            if !tag.dropped.is_empty() {
                let buffer = out.get_or_insert_with(|| String::with_capacity(html.len()));
                buffer.push_str(&html[copied_up_to..start]);
                let mut kept_from = start;
                for range in &tag.dropped {
                    buffer.push_str(&html[kept_from..range.start]);
                    kept_from = range.end;
                }
                buffer.push_str(&html[kept_from..tag.end]);
                copied_up_to = tag.end;
            }
            cursor = tag.end;
            continue;
        };
        let Some(tag_end) =
            bytes.get(start..).and_then(|rest| memchr::memchr(b'>', rest)).map(|p| start + p + 1)
        else {
            break;
        };
        let opening_tag = html.get(start..tag_end).unwrap_or_default();
        if name == "script" && is_json_ld(opening_tag) {
            cursor = tag_end;
            continue;
        }
        let closing = emptied_closing(name);
        // A `<script type="text/template">` holding the post's HTML (some blog platforms render
        // the story client-side from it) becomes an ordinary `<div>` of markup.
        if name == "script" && is_html_template(opening_tag) {
            let Some(close_start) = finds.find(html, closing, tag_end) else {
                cursor = tag_end;
                continue;
            };
            let close_end = bytes
                .get(close_start..)
                .and_then(|rest| memchr::memchr(b'>', rest))
                .map_or(html.len(), |p| close_start + p + 1);
            let buffer = out.get_or_insert_with(|| String::with_capacity(html.len()));
            buffer.push_str(&html[copied_up_to..start]);
            buffer.push_str("<div>");
            buffer.push_str(&html[tag_end..close_start]);
            buffer.push_str("</div>");
            copied_up_to = close_end;
            cursor = close_end;
            continue;
        }
        let Some(close_start) = finds.find(html, closing, tag_end) else {
            cursor = tag_end;
            continue;
        };
        let buffer = out.get_or_insert_with(|| String::with_capacity(html.len()));
        buffer.push_str(&html[copied_up_to..tag_end]);
        copied_up_to = close_start;
        cursor = close_start + closing.len();
    }
    match out {
        None => Cow::Borrowed(html),
        Some(mut buffer) => {
            buffer.push_str(&html[copied_up_to..]);
            Cow::Owned(buffer)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_scripts_styles_svg_and_comments() {
        let html = "<p>a</p><SCRIPT src=x>var s = '<p>no</p>';</script><style>p{}</style><!-- note --><svg viewBox='0 0'><text>no</text></svg><p>b é</p>";
        assert_eq!(
            scrub(html),
            "<p>a</p><SCRIPT src=x></script><style></style><svg viewBox='0 0'></svg><p>b é</p>"
        );
    }

    #[test]
    fn empties_navigation_but_not_a_headline_inside_one() {
        let html =
            "<nav class=menu><ul><li><a href=/>Home</a></li></ul></nav><p>Story</p><NAV><a>x</a></Nav>";
        assert_eq!(scrub(html), "<nav class=menu></nav><p>Story</p><NAV></Nav>");
        // A breadcrumb that ends in the page's headline is kept as markup.
        let breadcrumb =
            "<nav><ol><li><a href=/>Home</a></li><li><H1 class=t>Headline</H1></li></ol></nav><p>b</p>";
        assert_eq!(scrub(breadcrumb), breadcrumb);
        // Only up to the navigation's end: a later `<h1>` does not keep it.
        assert_eq!(scrub("<nav><a>x</a></nav><h1>Later</h1>"), "<nav></nav><h1>Later</h1>");
        // `<navigation>` and `<h10>` are other elements.
        let others = "<navigation><a>x</a></navigation><nav><h10>x</h10></nav>";
        assert_eq!(scrub(others), "<navigation><a>x</a></navigation><nav></nav>");
    }

    #[test]
    fn unclosed_elements_do_not_search_the_rest_of_the_page_again() {
        for element in ["svg", "nav", "script", "nav><h1"] {
            let page = format!("<p>a</p>{}<p>b</p>", format!("<{element}>x").repeat(2_000));
            let mut finds = ForwardFinds::default();
            assert_eq!(scrub_with(&page, &mut finds), page);
            // One search for the missing end (and one for a headline), not one per element.
            assert!(finds.searches <= 4, "{element}: {} searches", finds.searches);
        }
        // Closed ones are searched once each, and a later question is answered alike.
        let page = "<nav>a</nav><nav><h10>b</h10></nav><svg>c</svg>".repeat(500) + "<nav>d";
        let mut finds = ForwardFinds::default();
        let scrubbed = scrub_with(&page, &mut finds);
        assert!(
            scrubbed == "<nav></nav><nav></nav><svg></svg>".repeat(500) + "<nav>d",
            "{}",
            &scrubbed[..60]
        );
        assert_eq!(finds.find(&page, "</svg", 0), page.find("</svg"));
        assert_eq!(finds.find(&page, "</nav", 3), page.find("</nav"));
        assert_eq!(finds.find(&page, "</nav", page.len() - 3), None);
    }

    #[test]
    fn empties_templates() {
        let html = "<p>a</p><template id=card><div class=card><p>{{title}}</p></div></template><TEMPLATE></Template><p>b</p>";
        assert_eq!(scrub(html), "<p>a</p><template id=card></template><TEMPLATE></Template><p>b</p>");
    }

    #[test]
    fn noscript_content_is_dropped() {
        let html = "<body><noscript><div id=warn></noscript><div><p>Story</p></div></body>";
        assert_eq!(scrub(html), "<body><noscript></noscript><div><p>Story</p></div></body>");
    }

    #[test]
    fn html_templates_become_markup() {
        let html = "<div class=post><script type='text/template'><p>Story &amp; text</p></script></div>";
        assert_eq!(scrub(html), "<div class=post><div><p>Story &amp; text</p></div></div>");
        assert_eq!(scrub("<script type=text/html><p>open"), "<script type=text/html><p>open");
        assert_eq!(scrub("<script>a<</script>b"), "<script></script>b");
    }

    #[test]
    fn keeps_json_ld_and_plain_pages() {
        let html = r#"<script type="application/ld+json">{"headline":"x"}</script><p>text</p>"#;
        assert_eq!(scrub(html), html);
        assert!(matches!(scrub("<p>plain</p>"), Cow::Borrowed(_)));
    }

    #[test]
    fn unread_attributes_are_dropped() {
        assert_eq!(
            scrub(r#"<div class=a data-x="1 > 2" onclick='f("<p>")' style="color:red" id=b>t</div>"#),
            r#"<div class=a    id=b>t</div>"#
        );
        // What dom_smoothie reads stays: visibility styles, media attributes, aria and role.
        let kept =
            r#"<p style="DISPLAY: none" aria-hidden=true role=note>x</p><img data-src=a.jpg onload=x>"#;
        assert_eq!(scrub(kept), kept);
        // Two `style`s: the first wins, so neither is touched.
        let twice = r#"<p style="color:red" style="display:none">x</p>"#;
        assert_eq!(scrub(twice), twice);
        // An unquoted value runs to whitespace or `>`: the `/` of `1/>` is part of it.
        assert_eq!(scrub("<br data-a/><p data-b=1/>x"), "<br /><p >x");
        assert_eq!(scrub("<p data-x>a</p>"), "<p >a</p>");
    }

    /// [`start_tag`] as it was before its byte-class scans, for the test comparing them: the start tag at `start` with the ranges of its unread
    /// attributes; `None` when no start tag begins there or it never ends. Follows the
    /// tokenizer's attribute states: names end at whitespace, `/`, `>` or `=`; values are
    /// double-quoted, single-quoted or run to whitespace or `>`. [`MEDIA`] elements are left
    /// whole.
    fn start_tag_reference(bytes: &[u8], start: usize) -> Option<StartTag<'_>> {
        let is_space = |b: u8| matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ');
        let name_start = start + 1;
        if !bytes.get(name_start)?.is_ascii_alphabetic() {
            return None;
        }
        let mut at = name_start;
        while let Some(&b) = bytes.get(at) {
            if is_space(b) || b == b'/' || b == b'>' {
                break;
            }
            at += 1;
        }
        let name = bytes.get(name_start..at)?;
        let media = MEDIA.iter().any(|m| name.eq_ignore_ascii_case(m.as_bytes()));
        let mut dropped = Vec::new();
        // Of a repeated attribute the first wins: dropping one `style` (the rule that looks at
        // the value) could let a later one through, so a tag with two is left whole. (The other
        // rules look at the name only, so they drop every copy alike.)
        let mut styles = 0usize;
        loop {
            while bytes.get(at).is_some_and(|&b| is_space(b) || b == b'/') {
                at += 1;
            }
            if *bytes.get(at)? == b'>' {
                break;
            }
            let attr_start = at;
            // The first character of a name may be `=`.
            at += 1;
            while let Some(&b) = bytes.get(at) {
                if is_space(b) || b == b'/' || b == b'>' || b == b'=' {
                    break;
                }
                at += 1;
            }
            let attr_name = bytes.get(attr_start..at)?;
            let mut value: &[u8] = &[];
            let mut after_name = at;
            while bytes.get(after_name).is_some_and(|&b| is_space(b)) {
                after_name += 1;
            }
            if bytes.get(after_name) == Some(&b'=') {
                at = after_name + 1;
                while bytes.get(at).is_some_and(|&b| is_space(b)) {
                    at += 1;
                }
                match bytes.get(at)? {
                    quote @ (b'"' | b'\'') => {
                        let close = at + 1 + memchr::memchr(*quote, bytes.get(at + 1..)?)?;
                        value = bytes.get(at + 1..close)?;
                        at = close + 1;
                    }
                    b'>' => {}
                    _ => {
                        let value_start = at;
                        while let Some(&b) = bytes.get(at) {
                            if is_space(b) || b == b'>' {
                                break;
                            }
                            at += 1;
                        }
                        value = bytes.get(value_start..at)?;
                    }
                }
            }
            if attr_name.eq_ignore_ascii_case(b"style") {
                styles += 1;
            }
            if !media && is_unread(attr_name, value) {
                dropped.push(attr_start..at);
            }
        }
        if styles > 1 {
            dropped.clear();
        }
        Some(StartTag { name, end: at + 1, dropped })
    }

    #[test]
    fn byte_class_scan_reads_tags_as_before() {
        let pages = [
            r#"<div class=a data-x="1 > 2" onclick='f("<p>")' style="color:red" id=b>t</div>"#,
            "<p style=\"DISPLAY: none\" aria-hidden=true role=note>x</p><img data-src=a.jpg onload=x>",
            "<br data-a/><p data-b=1/>x<p data-x>a</p><P\r\n DATA-X = 'y' \t>",
            "<p data-x=\"never closed>text",
            "<p data-x=1",
            "<p ",
            "<é data-x=1><p =x ==y a= >",
            "<IMG DATA-SRC=a.jpg ONLOAD=x><Picture data-a=1><figure style=x>",
            "<p style=\"color:red\" style=\"display:none\">x</p>",
            "<a\x0chref=x\x0cdata-y=z/>ü<b data-é='ü'>",
            "",
            "<",
            "<a",
            "<a/",
            "<a =",
            "<a b='",
        ];
        for page in pages {
            let bytes = page.as_bytes();
            for start in memchr::memchr_iter(b'<', bytes) {
                let ours = start_tag(bytes, start).map(|tag| (tag.name, tag.end, tag.dropped));
                let reference = start_tag_reference(bytes, start).map(|tag| (tag.name, tag.end, tag.dropped));
                assert_eq!(ours, reference, "page {page:?} at {start}");
            }
        }
        for name in MEDIA.iter().chain(RAW_TEXT).chain(EMPTIED) {
            assert_eq!(is_media(name.as_bytes()), MEDIA.contains(name), "{name}");
            assert!(is_media(name.to_ascii_uppercase().as_bytes()) == MEDIA.contains(name), "{name}");
        }
        assert!(!is_media(b"") && !is_media(b"imgs") && !is_media(b"div"));
    }

    #[test]
    fn raw_text_and_broken_tags_are_left_alone() {
        let title = "<title>a <b data-x=1> b</title><p data-y=2>c</p>";
        assert_eq!(scrub(title), "<title>a <b data-x=1> b</title><p >c</p>");
        for html in
            ["<p data-x=\"never closed>text", "<p data-x=1", "<p ", "<p\n data-x = 'y' >", "<é data-x=1>"]
        {
            let out = scrub(html);
            assert!(out.len() <= html.len());
        }
        assert_eq!(scrub("<p\n data-x = 'y' >"), "<p\n  >");
        assert_eq!(scrub("a < b data-x=1"), "a < b data-x=1");
    }

    #[test]
    fn unterminated_constructs_do_not_panic() {
        for html in [
            "<script>never closed",
            "<!-- open",
            "<style",
            "<",
            "<svg",
            "ü<script>ü",
            "<scripted>ok</scripted>",
        ] {
            let out = scrub(html);
            assert!(out.len() <= html.len());
        }
        assert_eq!(scrub("<!-- open"), "");
        assert_eq!(scrub("<scripted>ok</scripted>"), "<scripted>ok</scripted>");
    }
}
