//! Publishing's front ends: `PublishingService` over gRPC ([`grpc`]) and the feeds and
//! ninjs documents over HTTP ([`http`]), both over the same [`Publishing`] core.

pub mod grpc;
pub mod http;
pub mod subscribe;

use newsroom_platform::auth::{Access, Scope};

/// The scope each `PublishingService` method needs: reading publications and the live
/// stream needs `read`; subscribers and deliveries are `admin`, as is any method not named
/// here. The HTTP feeds and documents stay open: they are what the newsroom publishes
/// (embargoed and killed stories never appear there).
pub fn grpc_access(path: &str) -> Access {
    let method = path.rsplit('/').next().unwrap_or_default();
    match method {
        "GetPublishedStory" | "ListChannels" | "Subscribe" => Access::Requires(Scope::Read),
        _ => Access::Requires(Scope::Admin),
    }
}

use chrono::Utc;

use crate::{
    domain::atom,
    error::{PublishingError, checked_story_id},
    store::{PublishingStore, published_version},
};

/// The read side shared by gRPC and HTTP. Cheap to clone.
#[derive(Clone)]
pub struct Publishing {
    /// Publishing's storage.
    store: PublishingStore,
    /// Entries per feed.
    feed_size: u64,
    /// Ends live streams on shutdown.
    shutdown: newsroom_platform::Shutdown,
    /// Which addresses webhook subscribers may name.
    webhook_network: crate::domain::webhook_targets::WebhookNetworkPolicy,
}

impl Publishing {
    /// The core over `store`.
    pub fn new(
        store: PublishingStore,
        feed_size: u64,
        shutdown: newsroom_platform::Shutdown,
        webhook_network: crate::domain::webhook_targets::WebhookNetworkPolicy,
    ) -> Self {
        Self { store, feed_size, shutdown, webhook_network }
    }

    /// Which addresses webhook subscribers may name.
    pub fn webhook_network(&self) -> &crate::domain::webhook_targets::WebhookNetworkPolicy {
        &self.webhook_network
    }

    /// The service's shutdown signal (live streams end with it).
    pub fn shutdown(&self) -> &newsroom_platform::Shutdown {
        &self.shutdown
    }

    /// A released version of a story (`version` 0 or `None`: the latest).
    pub async fn story(
        &self,
        story_id: &str,
        version: Option<u32>,
    ) -> Result<published_version::Model, PublishingError> {
        let story_id = checked_story_id(story_id)?;
        let version = version.filter(|version| *version > 0);
        self.store.released_version(story_id, version).await?.ok_or_else(|| {
            PublishingError::NotFound(match version {
                Some(version) => format!("story {story_id} has no released version {version}"),
                None => format!("story {story_id} has no released version"),
            })
        })
    }

    /// The Atom XML of `channel`.
    pub async fn feed(&self, channel: &str) -> Result<String, PublishingError> {
        if !self.store.channels().contains(channel) {
            return Err(PublishingError::NotFound(format!("no channel named {channel:?}")));
        }
        let versions = self.store.feed(channel, self.feed_size).await?;
        let updated =
            versions.iter().filter_map(|version| version.released_at).max().unwrap_or_else(Utc::now);
        let documents: Vec<serde_json::Value> =
            versions.iter().filter_map(|version| serde_json::from_str(&version.ninjs).ok()).collect();
        let meta = atom::FeedMeta { channel, public_base_url: self.store.public_base_url(), updated };
        Ok(atom::render(&meta, &documents))
    }

    /// The storage (for the admin calls).
    pub fn store(&self) -> &PublishingStore {
        &self.store
    }
}
