//! Is the input HTML or plain text?

/// The two input shapes the pipeline knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// Pasted or plain text.
    Text,
    /// An HTML page or fragment.
    Html,
}

/// Trust an explicit `text/html`; otherwise look for markup at the start of the content.
pub fn detect(content: &str, content_type: Option<&str>) -> InputKind {
    if content_type.is_some_and(|ct| ct.to_ascii_lowercase().contains("html")) {
        return InputKind::Html;
    }
    let head: String = content.trim_start().chars().take(512).collect::<String>().to_ascii_lowercase();
    let looks_like_html = head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<?xml") && head.contains("<html")
        || ["<body", "<head", "<article", "<div", "<p>", "<p "].iter().any(|tag| head.starts_with(tag));
    if looks_like_html { InputKind::Html } else { InputKind::Text }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_html_by_type_or_markup() {
        assert_eq!(detect("anything", Some("text/html; charset=utf-8")), InputKind::Html);
        assert_eq!(detect("  <!DOCTYPE html><html></html>", None), InputKind::Html);
        assert_eq!(detect("<p>Hello</p>", Some("text/plain")), InputKind::Html);
        assert_eq!(detect("Headline\n\nBody <b>not</b> markup at start", None), InputKind::Text);
    }
}
