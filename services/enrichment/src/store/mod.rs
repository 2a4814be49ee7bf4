//! Enrichment's own database: enrichments, near-duplicate clusters, processed events
//! and the outbox. An enrichment, its cluster, the processed mark and the
//! `newsroom.story.enriched` event commit in one transaction.

pub mod enrichment;
pub mod migrations;
pub mod recent_fingerprints;
pub mod story_cluster;

use std::sync::{Arc, Mutex};

use chrono::Utc;
use newsroom_platform::{consumer::processed, db, events, nats::subjects, outbox::Outbox};
use newsroom_proto::v1::{
    EnrichedStory, Enrichment, EventEnvelope, StoryEnriched, StoryVersion, event_envelope::Payload,
};
use prost::Message as _;
use recent_fingerprints::RecentFingerprints;
use sea_orm::{
    ActiveModelTrait as _, ColumnTrait as _, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    EntityTrait as _, QueryFilter as _, QueryOrder as _, QuerySelect as _, Set, TransactionTrait as _,
    sea_query::OnConflict,
};

/// Producer name written into every event enrichment emits.
pub const PRODUCER: &str = "newsroom-enrichment";
/// Fingerprint similarity at or above which two stories are the same story.
pub const NEAR_DUPLICATE_THRESHOLD: f32 = 0.8;

/// What recording an enrichment did.
#[derive(Debug)]
pub enum Recorded {
    /// Stored and announced.
    Stored(Box<Enrichment>),
    /// The event was applied before (redelivery): nothing changed.
    AlreadyProcessed,
    /// A newer version of the story was enriched already: nothing stored, event marked done.
    Stale,
}

/// Enrichment's tables behind one handle. Cheap to clone.
#[derive(Clone)]
pub struct EnrichmentStore {
    /// Enrichment's own database.
    db: DatabaseConnection,
    /// Where `newsroom.story.enriched` events go, in the same transaction.
    outbox: Outbox,
    /// The most recent fingerprints, topped up before each cluster assignment (shared by
    /// every clone: one per process).
    recent: Arc<Mutex<RecentFingerprints>>,
}

impl EnrichmentStore {
    /// A store over `db`, emitting through `outbox`.
    pub fn new(db: DatabaseConnection, outbox: Outbox) -> Self {
        Self { db, outbox, recent: Arc::default() }
    }

    /// The database.
    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Store an enrichment of `input`, assign its cluster and emit the event — all in one
    /// transaction. `ingested_event_id` is the event being applied (`None` for Reprocess).
    pub async fn record(
        &self,
        input: &StoryVersion,
        ingested_event_id: Option<&str>,
        result: EnrichedStory,
    ) -> Result<Recorded, DbErr> {
        let txn = self.db.begin().await?;
        if let Some(event_id) = ingested_event_id
            && !processed::claim(&txn, event_id).await?
        {
            txn.rollback().await?;
            return Ok(Recorded::AlreadyProcessed);
        }
        let mut latest_query = enrichment::Entity::find()
            .filter(enrichment::Column::StoryId.eq(&input.story_id))
            .order_by_desc(enrichment::Column::EnrichmentVersion);
        if db::backend(&self.db) == DbBackend::Postgres {
            latest_query = latest_query.lock_exclusive();
        }
        let latest = latest_query.one(&txn).await?;
        if let (Some(_), Some(latest)) = (ingested_event_id, &latest)
            && latest.story_version > input.version as i32
        {
            txn.commit().await?;
            return Ok(Recorded::Stale);
        }

        let now = Utc::now();
        let cluster_id = assign_cluster(&txn, &self.recent, &input.story_id, &result.fingerprint).await?;
        let enrichment_version = latest.map_or(1, |row| row.enrichment_version + 1);
        let submission = input.submission.clone().unwrap_or_default();
        let enrichment = Enrichment {
            story_id: input.story_id.clone(),
            story_version: input.version,
            enrichment_version: enrichment_version as u32,
            cluster_id: cluster_id.clone(),
            source: submission.source.clone(),
            story: Some(result.clone()),
            event_id: events::new_event_id(),
        };
        enrichment::ActiveModel {
            story_id: Set(input.story_id.clone()),
            story_version: Set(input.version as i32),
            enrichment_version: Set(enrichment_version),
            source: Set(submission.source.clone()),
            input: Set(input.encode_to_vec()),
            result: Set(result.encode_to_vec()),
            headline: Set(result.headline.clone()),
            language: Set(result.language.clone()),
            cluster_id: Set(cluster_id),
            event_id: Set(enrichment.event_id.clone()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let envelope = EventEnvelope {
            event_id: enrichment.event_id.clone(),
            story_id: input.story_id.clone(),
            version: input.version,
            occurred_at: Some(events::timestamp(now)),
            producer: PRODUCER.to_owned(),
            payload: Some(Payload::StoryEnriched(StoryEnriched {
                enrichment: Some(enrichment.clone()),
                ingested_event_id: ingested_event_id.unwrap_or_default().to_owned(),
                hints: submission.hints.clone(),
                url: submission.url.clone(),
                content_type: submission.content_type.clone(),
                received_at: input.received_at,
            })),
        };
        self.outbox.enqueue(&txn, subjects::STORY_ENRICHED, &envelope).await?;
        txn.commit().await?;
        self.outbox.notify_committed();
        Ok(Recorded::Stored(Box::new(enrichment)))
    }

    /// Pass a kill from ingest on to publishing: mark the ingested event processed and
    /// emit the same kill on `newsroom.story.enriched`, in one transaction. `false` when
    /// the event was applied before.
    pub async fn forward_kill(&self, killed: &EventEnvelope) -> Result<bool, DbErr> {
        let txn = self.db.begin().await?;
        if !processed::claim(&txn, &killed.event_id).await? {
            txn.rollback().await?;
            return Ok(false);
        }
        let envelope = EventEnvelope {
            event_id: events::new_event_id(),
            story_id: killed.story_id.clone(),
            version: killed.version,
            occurred_at: Some(events::timestamp(Utc::now())),
            producer: PRODUCER.to_owned(),
            payload: killed.payload.clone(),
        };
        self.outbox.enqueue(&txn, subjects::STORY_ENRICHED, &envelope).await?;
        txn.commit().await?;
        self.outbox.notify_committed();
        Ok(true)
    }

    /// The latest enrichment of `story_id` and the input it was made from.
    pub async fn latest(&self, story_id: &str) -> Result<Option<(Enrichment, StoryVersion)>, DbErr> {
        let Some(row) = enrichment::Entity::find()
            .filter(enrichment::Column::StoryId.eq(story_id))
            .order_by_desc(enrichment::Column::EnrichmentVersion)
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        let input = StoryVersion::decode(row.input.as_slice())
            .map_err(|error| DbErr::Custom(format!("stored input of {story_id} does not decode: {error}")))?;
        let result = EnrichedStory::decode(row.result.as_slice()).map_err(|error| {
            DbErr::Custom(format!("stored result of {story_id} does not decode: {error}"))
        })?;
        Ok(Some((
            Enrichment {
                story_id: row.story_id,
                story_version: row.story_version as u32,
                enrichment_version: row.enrichment_version as u32,
                cluster_id: row.cluster_id,
                source: row.source,
                story: Some(result),
                event_id: row.event_id,
            },
            input,
        )))
    }
}

/// The story's cluster: kept when the story has one; else the cluster of the most
/// similar recent story at or above the threshold; else a new cluster named after it.
/// The story's fingerprint is stored either way.
async fn assign_cluster(
    txn: &DatabaseTransaction,
    recent: &Mutex<RecentFingerprints>,
    story_id: &str,
    fingerprint: &str,
) -> Result<String, DbErr> {
    let existing = story_cluster::Entity::find_by_id(story_id.to_owned()).one(txn).await?;
    let parsed = newsroom_pipeline::fingerprint::parse(fingerprint);
    let cluster_id = match (existing, parsed) {
        (Some(row), _) => row.cluster_id,
        (None, None) => story_id.to_owned(),
        (None, Some(parsed)) => {
            let read_at = std::time::Instant::now();
            let (due, since) = {
                let recent = lock(recent);
                (recent.top_up_due(read_at), recent.top_up_from())
            };
            if due {
                let mut query = story_cluster::Entity::find()
                    .order_by_desc(story_cluster::Column::UpdatedAt)
                    .limit(recent_fingerprints::CANDIDATES as u64);
                if let Some(since) = since {
                    query = query.filter(story_cluster::Column::UpdatedAt.gt(since));
                }
                let rows = query.all(txn).await?;
                lock(recent).merge_read(
                    read_at,
                    rows.into_iter().filter_map(|row| {
                        let fingerprint = newsroom_pipeline::fingerprint::parse(&row.fingerprint)?;
                        let entry = recent_fingerprints::Entry {
                            fingerprint,
                            cluster_id: row.cluster_id,
                            updated_at: row.updated_at,
                        };
                        Some((row.story_id, entry))
                    }),
                );
            }
            lock(recent)
                .best_match(story_id, parsed, NEAR_DUPLICATE_THRESHOLD)
                .unwrap_or_else(|| story_id.to_owned())
        }
    };
    let updated_at = Utc::now();
    let row = story_cluster::ActiveModel {
        story_id: Set(story_id.to_owned()),
        cluster_id: Set(cluster_id.clone()),
        fingerprint: Set(fingerprint.to_owned()),
        updated_at: Set(updated_at),
    };
    let upsert = story_cluster::Entity::insert(row).on_conflict(
        OnConflict::column(story_cluster::Column::StoryId)
            .update_columns([story_cluster::Column::Fingerprint, story_cluster::Column::UpdatedAt])
            .to_owned(),
    );
    upsert.exec(txn).await?;
    if let Some(fingerprint) = parsed {
        let entry = recent_fingerprints::Entry { fingerprint, cluster_id: cluster_id.clone(), updated_at };
        lock(recent).remember(story_id.to_owned(), entry);
    }
    Ok(cluster_id)
}

/// The cache, even if a thread panicked while holding it (it holds no invariant a panic
/// could break: at worst an entry is missing and is read again).
fn lock(recent: &Mutex<RecentFingerprints>) -> std::sync::MutexGuard<'_, RecentFingerprints> {
    recent.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
