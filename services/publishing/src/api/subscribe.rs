//! The `Subscribe` server stream: the publication log from a cursor, then live.
//!
//! Each stream reads the log in pages after its cursor and sends every release its filter
//! matches, with the release's `seq` as the cursor; when it has caught up it waits for this
//! replica's next release, or polls (releases made by other replicas). A client that
//! reconnects with the last cursor it saw resumes right after it: nothing missed, nothing
//! twice. The stream ends when the client goes away or the service shuts down.

use std::{pin::Pin, time::Duration};

use futures::Stream;
use newsroom_platform::{Shutdown, events};
use newsroom_proto::v1::SubscribeEvent;
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tonic::Status;

use crate::{
    domain::{StoryFacts, channels::StoryFilter},
    store::PublishingStore,
};

/// Releases read per page.
const PAGE: u64 = 200;
/// Longest wait before looking at the log again (for other replicas' releases).
const POLL: Duration = Duration::from_millis(500);
/// Events buffered per stream before the reader waits for the client.
const BUFFER: usize = 64;

/// The stream type of `Subscribe`.
pub type SubscribeStream = Pin<Box<dyn Stream<Item = Result<SubscribeEvent, Status>> + Send>>;

/// Start streaming releases matching `filter` after `after_cursor`.
pub fn stream(
    store: PublishingStore,
    filter: StoryFilter,
    after_cursor: u64,
    shutdown: Shutdown,
) -> SubscribeStream {
    let (sender, receiver) = mpsc::channel(BUFFER);
    tokio::spawn(async move {
        let mut published = store.watch_published();
        let mut cursor = i64::try_from(after_cursor).unwrap_or(i64::MAX);
        loop {
            let releases = match store.publications_after(cursor, PAGE).await {
                Ok(releases) => releases,
                Err(error) => {
                    tracing::warn!(%error, "subscribe stream cannot read the publication log");
                    let _ = sender.send(Err(Status::unavailable(format!("publication log: {error}")))).await;
                    return;
                }
            };
            let caught_up = (releases.len() as u64) < PAGE;
            for release in releases {
                cursor = release.seq;
                let facts: StoryFacts = serde_json::from_str(&release.facts).unwrap_or_default();
                if !filter.matches(&facts) {
                    continue;
                }
                let document = match store.publication_document(&release).await {
                    Ok(Some(document)) => document,
                    Ok(None) => continue,
                    Err(error) => {
                        let _ =
                            sender.send(Err(Status::unavailable(format!("publication log: {error}")))).await;
                        return;
                    }
                };
                let event = SubscribeEvent {
                    cursor: release.seq as u64,
                    story_id: release.story_id,
                    version: release.version as u32,
                    pubstatus: release.pubstatus,
                    ninjs_json: document,
                    released_at: Some(events::timestamp(release.released_at)),
                    traceparent: newsroom_platform::telemetry::traceparent_of_stored(
                        release.trace_context.as_deref(),
                    )
                    .unwrap_or_default(),
                };
                if sender.send(Ok(event)).await.is_err() {
                    return; // the client went away
                }
            }
            if caught_up {
                tokio::select! {
                    _ = shutdown.wait() => return,
                    _ = sender.closed() => return,
                    _ = published.changed() => {}
                    _ = tokio::time::sleep(POLL) => {}
                }
            }
        }
    });
    Box::pin(ReceiverStream::new(receiver))
}
