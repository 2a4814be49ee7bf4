//! The one call into the pure pipeline crate, shared by the worker and the API, and the
//! limit on how many runs go at once.

use std::sync::OnceLock;

use newsroom_proto::v1::EnrichedStory;

/// Enrich raw content on a blocking thread, at most one run per core at a time across the
/// process (worker batches, `Enrich`, `Reprocess`). The pipeline is CPU-bound: more runs
/// than cores only add threads, each with its own allocator heap and parse trees (a batch
/// of 64 at once took enrichment's peak RSS from ~80 to 261 MiB with no gain in speed).
/// `Err` carries the blocking task's failure (a panic in the pipeline).
pub async fn run_on_a_core(
    content: String,
    content_type: String,
    url: String,
) -> Result<EnrichedStory, String> {
    let _slot = slots().acquire().await.map_err(|error| error.to_string())?;
    let span = tracing::Span::current();
    tokio::task::spawn_blocking(move || span.in_scope(|| run(&content, &content_type, &url)))
        .await
        .map_err(|error| error.to_string())
}

/// One slot per core (`available_parallelism`, at least one).
fn slots() -> &'static tokio::sync::Semaphore {
    static SLOTS: OnceLock<tokio::sync::Semaphore> = OnceLock::new();
    SLOTS.get_or_init(|| {
        tokio::sync::Semaphore::new(
            std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get),
        )
    })
}

/// Enrich raw content; empty `content_type`/`url` mean unknown.
pub fn run(content: &str, content_type: &str, url: &str) -> EnrichedStory {
    let input = newsroom_pipeline::Input {
        content,
        content_type: Some(content_type).filter(|ct| !ct.is_empty()),
        url: Some(url).filter(|url| !url.is_empty()),
    };
    crate::convert::to_proto(newsroom_pipeline::enrich(&input))
}
