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

/// `Some(trimmed)` when not empty.
pub(crate) fn non_empty(s: &str) -> Option<String> {
    let s = squash_ws(s);
    if s.is_empty() { None } else { Some(s) }
}

#[cfg(test)]
mod tests {
    use super::*;

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
