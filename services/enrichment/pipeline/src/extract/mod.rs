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
//! - [`prescrub`]: drops script/style/svg bodies and comments before the HTML parse;
//! - [`date`], [`byline`], [`boilerplate`]: helpers shared by both.

pub mod boilerplate;
pub mod byline;
pub mod date;
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
        InputKind::Html => {
            let scrubbed = prescrub::scrub(content);
            html::extract_scrubbed(&scrubbed, url)
                .unwrap_or_else(|| text::extract(&crate::markup_guard::to_text(content), url))
        }
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
/// spaces, nothing around them), as most block texts are.
pub(crate) fn squash_ws_cow(s: &str) -> std::borrow::Cow<'_, str> {
    if is_squashed(s) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(squash_ws(s))
}

/// Would [`squash_ws`] return `s` unchanged: no separator (whitespace, no-break or zero-width
/// space) other than single spaces between words?
fn is_squashed(s: &str) -> bool {
    let bytes = s.as_bytes();
    // true at the start: a leading space is not squashed
    let mut after_space = true;
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        if byte.is_ascii() {
            if byte == b' ' {
                if after_space {
                    return false;
                }
                after_space = true;
            } else if matches!(byte, b'\t'..=b'\r') {
                return false;
            } else {
                after_space = false;
            }
            at += 1;
            continue;
        }
        let Some(c) = s.get(at..).and_then(|rest| rest.chars().next()) else { return false };
        if c.is_whitespace() || c == '\u{a0}' || c == '\u{200b}' {
            return false;
        }
        after_space = false;
        at += c.len_utf8();
    }
    !after_space || s.is_empty()
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
        ] {
            let cow = squash_ws_cow(text);
            assert_eq!(cow, squash_ws(text), "{text:?}");
            assert_eq!(matches!(cow, std::borrow::Cow::Borrowed(_)), squash_ws(text) == text, "{text:?}");
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
