//! Main content and metadata. (First version: placeholder until the extraction work lands.)

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

/// Extract the main content of `content`.
pub fn extract(content: &str, kind: InputKind, _url: Option<&str>) -> Extracted {
    match kind {
        InputKind::Text | InputKind::Html => {
            Extracted { body_text: content.trim().to_owned(), ..Default::default() }
        }
    }
}
