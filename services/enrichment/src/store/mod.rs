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

/// One ingested event of a batch for [`EnrichmentStore::record_batch`].
#[derive(Debug)]
pub struct BatchItem<'a> {
    /// The story version that was enriched.
    pub input: &'a StoryVersion,
    /// The ingested event being applied.
    pub ingested_event_id: &'a str,
    /// The pipeline's result.
    pub result: &'a EnrichedStory,
    /// Trace context of the event's own span, stored with its `newsroom.story.enriched`.
    pub trace_context: Option<String>,
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
        // (story version, enrichment version) of the latest enrichment: the stored input and
        // result (large, compressed) stay on disk.
        let latest: Option<(i32, i32)> = latest_query
            .select_only()
            .column(enrichment::Column::StoryVersion)
            .column(enrichment::Column::EnrichmentVersion)
            .into_tuple()
            .one(&txn)
            .await?;
        if let (Some(_), Some((story_version, _))) = (ingested_event_id, latest)
            && story_version > input.version as i32
        {
            txn.commit().await?;
            return Ok(Recorded::Stale);
        }

        let now = Utc::now();
        let cluster_id = assign_cluster(&txn, &self.recent, &input.story_id, &result.fingerprint).await?;
        let enrichment_version = latest.map_or(1, |(_, enrichment_version)| enrichment_version + 1);
        let prepared = prepare(input, ingested_event_id, result, enrichment_version, cluster_id, now);
        prepared.row.insert(&txn).await?;
        self.outbox.enqueue(&txn, subjects::STORY_ENRICHED, &prepared.envelope).await?;
        txn.commit().await?;
        self.outbox.notify_committed();
        Ok(Recorded::Stored(Box::new(prepared.enrichment)))
    }

    /// Record the enrichments of several ingested events in ONE transaction, with multi-row
    /// statements: what [`Self::record`] does for each, at a fraction of its round trips and
    /// commits. Items are applied in order (a story twice in the batch gets two enrichment
    /// versions; a story near a story earlier in the batch joins its cluster). One outcome
    /// per item. Any failure rolls the whole batch back: the caller then records the items
    /// one by one, so one bad item never blocks the others.
    pub async fn record_batch(&self, items: &[BatchItem<'_>]) -> Result<Vec<Recorded>, DbErr> {
        let txn = self.db.begin().await?;
        db::prefer_index_scans(&txn).await?;
        let event_ids: Vec<&str> = items.iter().map(|item| item.ingested_event_id).collect();
        // Each claimed id applies once: a repeat of it later in the batch finds it taken.
        let mut claimed: std::collections::HashSet<String> =
            processed::claim_many(&txn, &event_ids).await?.into_iter().collect();
        let mut story_ids: Vec<&str> = items.iter().map(|item| item.input.story_id.as_str()).collect();
        story_ids.sort_unstable();
        story_ids.dedup();
        // Latest enrichment of every story of the batch, rows locked (in story order, so two
        // replicas locking overlapping batches queue instead of deadlocking).
        let mut latest_query = enrichment::Entity::find()
            .filter(enrichment::Column::StoryId.is_in(story_ids.iter().copied()))
            .order_by_asc(enrichment::Column::StoryId)
            .order_by_desc(enrichment::Column::EnrichmentVersion);
        if db::backend(&self.db) == DbBackend::Postgres {
            latest_query = latest_query.lock_exclusive();
        }
        let mut latest: std::collections::HashMap<String, (i32, i32)> = std::collections::HashMap::new();
        // Only the versions: the stored input and result (large, compressed) stay on disk.
        let rows: Vec<(String, i32, i32)> = latest_query
            .select_only()
            .column(enrichment::Column::StoryId)
            .column(enrichment::Column::StoryVersion)
            .column(enrichment::Column::EnrichmentVersion)
            .into_tuple()
            .all(&txn)
            .await?;
        for (story_id, story_version, enrichment_version) in rows {
            latest.entry(story_id).or_insert((story_version, enrichment_version));
        }
        let mut clusters: std::collections::HashMap<String, String> = story_cluster::Entity::find()
            .filter(story_cluster::Column::StoryId.is_in(story_ids.iter().copied()))
            .all(&txn)
            .await?
            .into_iter()
            .map(|row| (row.story_id, row.cluster_id))
            .collect();
        if items.iter().any(|item| !clusters.contains_key(&item.input.story_id)) {
            top_up(&txn, &self.recent).await?;
        }

        let now = Utc::now();
        let mut outcomes = Vec::with_capacity(items.len());
        let mut rows = Vec::new();
        let mut events = Vec::new();
        let mut cluster_rows: Vec<story_cluster::ActiveModel> = Vec::new();
        // Where each story's row is in `cluster_rows`: a story twice in the batch has its
        // row written once, with the last values (one statement may not upsert a key twice).
        let mut cluster_row_of: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for item in items {
            let input = item.input;
            if !claimed.remove(item.ingested_event_id) {
                outcomes.push(Recorded::AlreadyProcessed);
                continue;
            }
            let known = latest.get(&input.story_id).copied();
            if let Some((story_version, _)) = known
                && story_version > input.version as i32
            {
                outcomes.push(Recorded::Stale);
                continue;
            }
            let cluster_id = match clusters.get(&input.story_id) {
                Some(cluster_id) => cluster_id.clone(),
                None => choose_cluster(&self.recent, &input.story_id, &item.result.fingerprint),
            };
            let updated_at = Utc::now();
            remember(&self.recent, &input.story_id, &cluster_id, &item.result.fingerprint, updated_at);
            clusters.insert(input.story_id.clone(), cluster_id.clone());
            let row = cluster_row(&input.story_id, &cluster_id, &item.result.fingerprint, updated_at);
            match cluster_row_of.get(&input.story_id) {
                Some(&index) => cluster_rows[index] = row,
                None => {
                    cluster_row_of.insert(input.story_id.clone(), cluster_rows.len());
                    cluster_rows.push(row);
                }
            }
            let enrichment_version = known.map_or(1, |(_, enrichment_version)| enrichment_version + 1);
            latest.insert(input.story_id.clone(), (input.version as i32, enrichment_version));
            let prepared = prepare(
                input,
                Some(item.ingested_event_id),
                item.result.clone(),
                enrichment_version,
                cluster_id,
                now,
            );
            rows.push(prepared.row);
            events.push((prepared.envelope, item.trace_context.clone()));
            outcomes.push(Recorded::Stored(Box::new(prepared.enrichment)));
        }
        if !cluster_rows.is_empty() {
            story_cluster::Entity::insert_many(cluster_rows)
                .on_conflict(cluster_upsert())
                .exec_without_returning(&txn)
                .await?;
        }
        if !rows.is_empty() {
            enrichment::Entity::insert_many(rows).exec_without_returning(&txn).await?;
            self.outbox
                .enqueue_many(
                    &txn,
                    subjects::STORY_ENRICHED,
                    events.iter().map(|(envelope, trace_context)| (envelope, trace_context.clone())),
                )
                .await?;
        }
        txn.commit().await?;
        if !events.is_empty() {
            self.outbox.notify_committed();
        }
        Ok(outcomes)
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
    let cluster_id = match existing {
        Some(row) => row.cluster_id,
        None => {
            top_up(txn, recent).await?;
            choose_cluster(recent, story_id, fingerprint)
        }
    };
    let updated_at = Utc::now();
    story_cluster::Entity::insert(cluster_row(story_id, &cluster_id, fingerprint, updated_at))
        .on_conflict(cluster_upsert())
        .exec(txn)
        .await?;
    remember(recent, story_id, &cluster_id, fingerprint, updated_at);
    Ok(cluster_id)
}

/// Read the fingerprints stored since the cache's last look, when a look is due.
async fn top_up(txn: &DatabaseTransaction, recent: &Mutex<RecentFingerprints>) -> Result<(), DbErr> {
    let read_at = std::time::Instant::now();
    let (due, since) = {
        let recent = lock(recent);
        (recent.top_up_due(read_at), recent.top_up_from())
    };
    if !due {
        return Ok(());
    }
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
    Ok(())
}

/// The cluster of a story that has none yet: the most similar recent story's at or above
/// the threshold, else a new cluster named after the story (also for an unreadable
/// fingerprint).
fn choose_cluster(recent: &Mutex<RecentFingerprints>, story_id: &str, fingerprint: &str) -> String {
    match newsroom_pipeline::fingerprint::parse(fingerprint) {
        Some(parsed) => lock(recent)
            .best_match(story_id, parsed, NEAR_DUPLICATE_THRESHOLD)
            .unwrap_or_else(|| story_id.to_owned()),
        None => story_id.to_owned(),
    }
}

/// Put this process's own write into the cache (without moving its top-up mark).
fn remember(
    recent: &Mutex<RecentFingerprints>,
    story_id: &str,
    cluster_id: &str,
    fingerprint: &str,
    updated_at: chrono::DateTime<Utc>,
) {
    if let Some(fingerprint) = newsroom_pipeline::fingerprint::parse(fingerprint) {
        let entry = recent_fingerprints::Entry { fingerprint, cluster_id: cluster_id.to_owned(), updated_at };
        lock(recent).remember(story_id.to_owned(), entry);
    }
}

/// The `story_clusters` row of a story.
fn cluster_row(
    story_id: &str,
    cluster_id: &str,
    fingerprint: &str,
    updated_at: chrono::DateTime<Utc>,
) -> story_cluster::ActiveModel {
    story_cluster::ActiveModel {
        story_id: Set(story_id.to_owned()),
        cluster_id: Set(cluster_id.to_owned()),
        fingerprint: Set(fingerprint.to_owned()),
        updated_at: Set(updated_at),
    }
}

/// A story already clustered keeps its cluster; its fingerprint and time are refreshed.
fn cluster_upsert() -> OnConflict {
    OnConflict::column(story_cluster::Column::StoryId)
        .update_columns([story_cluster::Column::Fingerprint, story_cluster::Column::UpdatedAt])
        .to_owned()
}

/// What one enrichment writes: its row, its event, and the enrichment as the API shows it.
struct Prepared {
    /// The `enrichments` row.
    row: enrichment::ActiveModel,
    /// `newsroom.story.enriched`.
    envelope: EventEnvelope,
    /// The enrichment, as returned to the caller.
    enrichment: Enrichment,
}

/// Build the row, event and enrichment of `result` for `input`.
fn prepare(
    input: &StoryVersion,
    ingested_event_id: Option<&str>,
    result: EnrichedStory,
    enrichment_version: i32,
    cluster_id: String,
    now: chrono::DateTime<Utc>,
) -> Prepared {
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
    let row = enrichment::ActiveModel {
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
    };
    let envelope = EventEnvelope {
        event_id: enrichment.event_id.clone(),
        story_id: input.story_id.clone(),
        version: input.version,
        occurred_at: Some(events::timestamp(now)),
        producer: PRODUCER.to_owned(),
        payload: Some(Payload::StoryEnriched(StoryEnriched {
            enrichment: Some(enrichment.clone()),
            ingested_event_id: ingested_event_id.unwrap_or_default().to_owned(),
            hints: submission.hints,
            url: submission.url,
            content_type: submission.content_type,
            received_at: input.received_at,
        })),
    };
    Prepared { row, envelope, enrichment }
}

/// The cache, even if a thread panicked while holding it (it holds no invariant a panic
/// could break: at worst an entry is missing and is read again).
fn lock(recent: &Mutex<RecentFingerprints>) -> std::sync::MutexGuard<'_, RecentFingerprints> {
    recent.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
