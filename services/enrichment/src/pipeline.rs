//! The one call into the pure pipeline crate, shared by the worker and the API.

use newsroom_proto::v1::EnrichedStory;

/// Enrich raw content; empty `content_type`/`url` mean unknown.
pub fn run(content: &str, content_type: &str, url: &str) -> EnrichedStory {
    let input = newsroom_pipeline::Input {
        content,
        content_type: Some(content_type).filter(|ct| !ct.is_empty()),
        url: Some(url).filter(|url| !url.is_empty()),
    };
    crate::convert::to_proto(newsroom_pipeline::enrich(&input))
}
