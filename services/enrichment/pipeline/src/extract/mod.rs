//! Main content and metadata.
//!
//! - [`html`]: an HTML page (tokenized by [`tokenizer`] into html5ever's tree builder) → main
//!   content (a Readability pass of `newsroom-readability`, our copy of dom_smoothie, then our
//!   own block walk and boilerplate cleaning, with a paragraph-harvest fallback) and metadata
//!   (meta tags, JSON-LD, `<time>`, URL, text);
//! - [`text`]: pasted text → navigation runs and share/related footers dropped, headline,
//!   byline, dateline/section and date found;
//! - [`metadata`]: HTML page metadata (JSON-LD objects, author markup, site-name stripping,
//!   visible dates);
//! - [`prescrub`]: what is dropped before the HTML parse (script/style/svg bodies, comments),
//!   done by the tokenizer as it reads, or as a pass of its own when it cannot;
//! - [`date`], [`byline`], [`boilerplate`]: helpers shared by both.

pub mod boilerplate;
pub mod byline;
pub mod date;
mod fast_tree;
pub mod html;
pub mod metadata;
pub mod prescrub;
pub mod text;
pub(crate) mod tokenizer;

use crate::detect::InputKind;

/// What extraction finds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extracted {
    /// Clean body text: paragraphs separated by a blank line.
    pub body_text: String,
    /// Headline.
    pub headline: Option<String>,
    /// Byline.
    pub byline: Option<String>,
    /// Dateline.
    pub dateline: Option<String>,
    /// Section.
    pub section: Option<String>,
    /// Publication date (RFC 3339 or YYYY-MM-DD).
    pub published_at: Option<String>,
    /// Language declared by the page (`<html lang>`), used when detection is unsure.
    pub language_hint: Option<String>,
}

/// Extract the main content of `content`. Pathologically deep markup is read as text
/// ([`crate::markup_guard`]): parsing it would take minutes. The tokenizer measures the
/// nesting of the scrubbed page as it reads it and gives up past the limit.
pub fn extract(content: &str, kind: InputKind, url: Option<&str>) -> Extracted {
    match kind {
        InputKind::Text => text::extract(content, url),
        // The tokenizer applies the pre-scrub as it reads (`tokenizer::parse_document`).
        InputKind::Html => html::extract_page(content, url)
            .unwrap_or_else(|| text::extract(&crate::markup_guard::to_text(content), url)),
    }
}

/// Collapse every run of whitespace (including non-breaking spaces) into one space and trim.
pub(crate) fn squash_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{200b}') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// [`squash_ws`] without a copy when `s` is already squashed (words separated by single
/// spaces, nothing around them), as most block texts are; a block's lines (words separated by
/// single spaces or line breaks) only have their line breaks turned into spaces.
pub(crate) fn squash_ws_cow(s: &str) -> std::borrow::Cow<'_, str> {
    match squashed_form(s) {
        Some(false) => std::borrow::Cow::Borrowed(s),
        Some(true) => std::borrow::Cow::Owned(s.replace('\n', " ")),
        None => std::borrow::Cow::Owned(squash_ws(s)),
    }
}

/// Is `s` squashed but for line breaks: every separator (whitespace, no-break or zero-width
/// space) a single space or line break between two words? `Some(has a line break)` when so.
fn squashed_form(s: &str) -> Option<bool> {
    let bytes = s.as_bytes();
    // true at the start: a leading separator is not squashed
    let mut after_separator = true;
    let mut line_break = false;
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        if byte > b' ' && byte < 0x80 {
            at += 1;
            // the rest of a word's printable ASCII in a tight loop
            while bytes.get(at).is_some_and(|&b| b > b' ' && b < 0x80) {
                at += 1;
            }
            after_separator = false;
            continue;
        }
        if byte == b' ' || byte == b'\n' {
            if after_separator {
                return None;
            }
            line_break |= byte == b'\n';
            after_separator = true;
            at += 1;
            continue;
        }
        if byte.is_ascii() {
            if matches!(byte, b'\t'..=b'\r') {
                return None;
            }
            after_separator = false;
            at += 1;
            continue;
        }
        let c = s.get(at..).and_then(|rest| rest.chars().next())?;
        if c.is_whitespace() || c == '\u{a0}' || c == '\u{200b}' {
            return None;
        }
        after_separator = false;
        at += c.len_utf8();
    }
    (!after_separator || s.is_empty()).then_some(line_break)
}

/// `Some(trimmed)` when not empty.
pub(crate) fn non_empty(s: &str) -> Option<String> {
    let s = squash_ws(s);
    if s.is_empty() { None } else { Some(s) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squash_ws_cow_equals_squash_ws() {
        for text in [
            "",
            " ",
            "a",
            "a b",
            "a  b",
            " a",
            "a ",
            "a\nb",
            "a\tb",
            "é ü",
            "a\u{a0}b",
            "a\u{200b}b",
            "x\u{3000}y",
            "中文 字",
            "a\u{85}b",
            "one two three",
            "a\nb c\nd",
            "a\n\nb",
            "a \nb",
            "\na",
            "a\n",
            "a\u{1}b\u{7f}",
            "é\nü",
        ] {
            let cow = squash_ws_cow(text);
            assert_eq!(cow, squash_ws(text), "{text:?}");
            if squash_ws(text) == text {
                assert!(matches!(cow, std::borrow::Cow::Borrowed(_)), "{text:?}");
            }
        }
    }

    #[test]
    fn odd_inputs_never_panic() {
        let deep = "<div>".repeat(5000) + "text" + &"</div>".repeat(5000);
        let cases = [
            String::new(),
            " ".into(),
            "<html></html>".into(),
            "<<<>>>".into(),
            "\u{fffd}\u{fffd} ��� <p>\u{fffd}</p>".into(),
            "新闻标题\n\n北京（新华社）— 这是正文。这是第二句。".into(),
            "By\n\nBy By\n|||\n: :\n— —".into(),
            deep,
            "<p>".repeat(3000),
            "INTERNATIONAL:".into(),
            "ÉCONOMIE: Le texte — suite".into(),
        ];
        for case in &cases {
            for kind in [InputKind::Text, InputKind::Html] {
                let out = extract(case, kind, Some("not a url"));
                let _ = out.body_text.chars().count();
            }
        }
    }
}
