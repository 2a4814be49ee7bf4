//! Shared by `pipeline_text` and `pipeline_html`: run the pipeline on fuzzed input and
//! assert the invariants `services/enrichment/pipeline/tests/properties.rs` asserts for
//! every input (offsets are character ranges of `body_text` whose text is the span's text,
//! named entities, confidences in 0–1).

use newsroom_pipeline::{Enriched, Input, enrich};

/// Run the pipeline on `data` (lossy UTF-8) as `content_type` and check the result.
/// When the first line starts with `http`, it is the story's URL (the pipeline reads
/// dates and sections from it) and the rest is the content.
pub fn run(data: &[u8], content_type: &str) {
    let text = String::from_utf8_lossy(data);
    let (url, content) = match text.split_once('\n') {
        Some((first, rest)) if first.starts_with("http") => (Some(first), rest),
        _ => (None, &*text),
    };
    let enriched = enrich(&Input { content, content_type: Some(content_type), url });
    check(&enriched);
}

/// The invariants; a violation panics (a crash for libFuzzer).
pub fn check(enriched: &Enriched) {
    let body = enriched.body_text.as_str();
    // Byte offset of every character start, plus the end: character i is bounds[i]..bounds[i + 1].
    let bounds: Vec<usize> = body.char_indices().map(|(at, _)| at).chain(std::iter::once(body.len())).collect();
    let chars = bounds.len() - 1;
    let span = |start: usize, end: usize| -> &str {
        assert!(start <= end, "start {start} > end {end}");
        assert!(end <= chars, "end {end} past body of {chars} chars");
        &body[bounds[start]..bounds[end]]
    };
    for entity in &enriched.entities {
        assert!(!entity.name.trim().is_empty(), "entity without a name: {entity:?}");
        for mention in &entity.mentions {
            assert_eq!(span(mention.start, mention.end), mention.text, "mention {mention:?} of {:?}", entity.name);
        }
    }
    for quote in &enriched.quotes {
        let text = span(quote.start, quote.end);
        assert!(
            text == quote.text || text.contains(quote.text.trim()),
            "quote text {:?} vs span {text:?}",
            quote.text
        );
    }
    for topic in &enriched.topics {
        assert!((0.0..=1.0).contains(&topic.confidence), "confidence {} of {}", topic.confidence, topic.code);
    }
}
