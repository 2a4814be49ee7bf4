//! A byte-level pass before HTML parsing: the bodies of `<script>` (except JSON-LD),
//! `<style>`, `<svg>` and `<noscript>` elements and HTML comments never hold body text, yet they are about
//! half of a typical news page's bytes and the HTML tokenizer pays for every one of them.
//! Dropping them first makes the parse (the largest cost of extraction) much cheaper.

use std::borrow::Cow;

/// Elements whose whole content is dropped (the tags themselves are kept, empty).
/// `<noscript>` is read as a browser with scripting does: raw text up to `</noscript>`, never
/// shown. Parsed as markup instead, a stray `<div>` opened inside one (`<noscript><div
/// id=x></noscript>`) swallows the rest of the page into the `<noscript>`.
const EMPTIED: &[&str] = &["script", "style", "svg", "noscript"];

/// ASCII case-insensitive `starts_with` on bytes.
fn starts_with_ignore_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.len() >= needle.len() && haystack[..needle.len()].eq_ignore_ascii_case(needle)
}

/// Position of the first ASCII case-insensitive occurrence of `needle` at or after `from`.
/// When the needle starts with non-letters (`</`, `--`) that prefix is found by the standard
/// (vectorised) substring search, so long script bodies cost little.
fn find_ignore_case(haystack: &str, needle: &str, from: usize) -> Option<usize> {
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
fn is_json_ld(tag: &str) -> bool {
    tag.to_ascii_lowercase().contains("ld+json")
}

/// Does the opening `<script>` tag declare an HTML template (`text/template`, `text/html`,
/// `text/x-template`)?
fn is_html_template(tag: &str) -> bool {
    let lower = tag.to_ascii_lowercase();
    ["text/template", "text/html", "text/x-template"].iter().any(|kind| lower.contains(kind))
}

/// The page with script/style/svg contents and comments removed; borrowed when nothing was
/// removed. Every cut is at an ASCII `<` or `>`, so the result stays valid UTF-8.
pub fn scrub(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    let mut copied_up_to = 0usize;
    let mut cursor = 0usize;
    while let Some(offset) = bytes.get(cursor..).and_then(|rest| memchr::memchr(b'<', rest)) {
        let start = cursor + offset;
        let Some(after) = bytes.get(start + 1..) else { break };
        // `<!-- … -->`: dropped whole (an unterminated comment runs to the end, as in HTML).
        if after.starts_with(b"!--") {
            let end = bytes
                .get(start + 4..)
                .and_then(|rest| memchr::memmem::find(rest, b"-->"))
                .map(|e| start + 4 + e)
                .map_or(html.len(), |e| e + 3);
            let buffer = out.get_or_insert_with(|| String::with_capacity(html.len()));
            buffer.push_str(&html[copied_up_to..start]);
            copied_up_to = end;
            cursor = end;
            continue;
        }
        let Some(name) = EMPTIED.iter().find(|name| {
            starts_with_ignore_case(after, name.as_bytes())
                && after.get(name.len()).is_some_and(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
        }) else {
            cursor = start + 1;
            continue;
        };
        let Some(tag_end) =
            bytes.get(start..).and_then(|rest| memchr::memchr(b'>', rest)).map(|p| start + p + 1)
        else {
            break;
        };
        let opening_tag = html.get(start..tag_end).unwrap_or_default();
        if *name == "script" && is_json_ld(opening_tag) {
            cursor = tag_end;
            continue;
        }
        let closing = format!("</{name}");
        // A `<script type="text/template">` holding the post's HTML (some blog platforms render
        // the story client-side from it) becomes an ordinary `<div>` of markup.
        if *name == "script" && is_html_template(opening_tag) {
            let Some(close_start) = find_ignore_case(html, &closing, tag_end) else {
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
        let Some(close_start) = find_ignore_case(html, &closing, tag_end) else {
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
