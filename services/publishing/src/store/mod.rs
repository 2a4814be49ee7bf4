//! Publishing's own database: published stories and versions, channel entries, processed
//! events and the outbox. Storing a version, releasing it to channels, and the
//! `newsroom.story.published.<channel>` events commit in one transaction.

pub mod channel_entry;
pub mod delivery;
pub mod kills;
pub mod migrations;
pub mod publication;
pub mod published_story;
pub mod published_version;
pub mod subscriber;
pub mod subscribers;

use std::{collections::HashSet, sync::Arc};

use chrono::{DateTime, Utc};
use newsroom_platform::{consumer::processed, events, nats::subjects, outbox::Outbox};
use newsroom_proto::v1::{EventEnvelope, StoryEnriched, StoryPublished, event_envelope::Payload};
use sea_orm::{
    ActiveModelTrait as _, ColumnTrait as _, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait as _,
    QueryFilter as _, QueryOrder as _, QuerySelect as _, Set, TransactionTrait as _, sea_query::Expr,
};
use tracing::Instrument as _;

use crate::domain::{
    StoryFacts,
    channels::Channels,
    ninjs::{self, DEFAULT_URGENCY, NinjsInput, PubStatus},
};

/// Producer name written into every event publishing emits.
pub const PRODUCER: &str = "newsroom-publishing";
/// Held versions released per scheduler pass (the rest go on the next, right after).
const RELEASE_BATCH: u64 = 100;

/// What applying an enriched event did.
#[derive(Debug, PartialEq, Eq)]
pub enum Applied {
    /// Stored and released to these channels.
    Released(Vec<String>),
    /// Stored and held until its embargo ends.
    Held(DateTime<Utc>),
    /// The version was stored before; its document was re-rendered from a newer
    /// enrichment (no new release: subscribers already have this version).
    Rerendered,
    /// Nothing changed: the event was applied before, or it carries an older enrichment.
    Unchanged,
}

/// One enriched event of a batch for [`PublishingStore::apply_enriched_batch`].
#[derive(Debug)]
pub struct BatchItem<'a> {
    /// The event id being applied.
    pub event_id: &'a str,
    /// The event's payload (validated: it carries an enrichment with a story).
    pub event: &'a StoryEnriched,
    /// The event's own span: what the item writes continues its trace.
    pub span: &'a tracing::Span,
}

impl BatchItem<'_> {
    /// The story the event is about.
    fn story_id(&self) -> &str {
        self.event.enrichment.as_ref().map_or("", |enrichment| enrichment.story_id.as_str())
    }
}

/// Publishing's tables behind one handle. Cheap to clone.
#[derive(Clone)]
pub struct PublishingStore {
    /// Publishing's own database.
    db: DatabaseConnection,
    /// Where channel events go, in the same transaction.
    outbox: Outbox,
    /// Channel rules, evaluated when a version is released.
    channels: Arc<Channels>,
    /// Public base URL for ninjs `uri`s.
    public_base_url: Option<String>,
    /// Wakes the delivery dispatcher right after deliveries are committed.
    deliveries_queued: Arc<tokio::sync::Notify>,
    /// Bumped after every committed release, so `Subscribe` streams of this replica read
    /// the log at once (they also poll, for releases made by other replicas).
    published: Arc<tokio::sync::watch::Sender<u64>>,
}

impl PublishingStore {
    /// A store over `db`, emitting through `outbox`.
    pub fn new(
        db: DatabaseConnection,
        outbox: Outbox,
        channels: Arc<Channels>,
        public_base_url: Option<String>,
    ) -> Self {
        Self {
            db,
            outbox,
            channels,
            public_base_url,
            deliveries_queued: Arc::new(tokio::sync::Notify::new()),
            published: Arc::new(tokio::sync::watch::Sender::new(0)),
        }
    }

    /// The database.
    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Wakes the delivery dispatcher after deliveries were queued.
    pub fn deliveries_queued(&self) -> &Arc<tokio::sync::Notify> {
        &self.deliveries_queued
    }

    /// A receiver told about every release committed by this replica.
    pub fn watch_published(&self) -> tokio::sync::watch::Receiver<u64> {
        self.published.subscribe()
    }

    /// Tell `Subscribe` streams that releases were committed.
    pub(crate) fn notify_published(&self) {
        self.published.send_modify(|count| *count = count.wrapping_add(1));
    }

    /// The channel rules.
    pub fn channels(&self) -> &Channels {
        &self.channels
    }

    /// The public base URL, if configured.
    pub fn public_base_url(&self) -> Option<&str> {
        self.public_base_url.as_deref()
    }

    /// Store the version an enriched event describes, render its ninjs document, and
    /// release it to its channels now or hold it until its embargo ends — one transaction,
    /// marked processed under `event_id`.
    pub async fn apply_enriched(
        &self,
        event_id: &str,
        event: &StoryEnriched,
        now: DateTime<Utc>,
    ) -> Result<Applied, DbErr> {
        let txn = self.db.begin().await?;
        if !processed::claim(&txn, event_id).await? {
            txn.rollback().await?;
            return Ok(Applied::Unchanged);
        }
        let applied = self.apply_claimed(&txn, event, now).await?;
        txn.commit().await?;
        if matches!(applied, Applied::Released(_) | Applied::Held(_)) {
            self.outbox.notify_committed();
            self.deliveries_queued.notify_one();
            self.notify_published();
        }
        Ok(applied)
    }

    /// Apply several enriched events in ONE transaction: what [`Self::apply_enriched`] does
    /// for each, in order, with one outcome per item. The common case — the first version of
    /// a story not seen before, once in the batch — is written with multi-row statements
    /// (stories, versions, channel entries, channel events, publication log); any other
    /// event (a new version, a re-render, a killed story, a story twice in the batch) is
    /// applied one by one inside the same transaction, in its own span. Any failure rolls the
    /// whole batch back: the caller then applies the events one by one.
    pub async fn apply_enriched_batch(
        &self,
        items: &[BatchItem<'_>],
        now: DateTime<Utc>,
    ) -> Result<Vec<Applied>, DbErr> {
        let txn = self.db.begin().await?;
        newsroom_platform::db::prefer_index_scans(&txn).await?;
        let event_ids: Vec<&str> = items.iter().map(|item| item.event_id).collect();
        // Each claimed id applies once: a repeat of it later in the batch finds it taken.
        let mut claimed: HashSet<String> =
            processed::claim_many(&txn, &event_ids).await?.into_iter().collect();
        let mut story_ids: Vec<&str> = items.iter().map(|item| item.story_id()).collect();
        story_ids.sort_unstable();
        let mut repeated: HashSet<&str> = HashSet::new();
        for pair in story_ids.windows(2) {
            if pair[0] == pair[1] {
                repeated.insert(pair[0]);
            }
        }
        story_ids.dedup();
        let known: HashSet<String> = published_story::Entity::find()
            .filter(published_story::Column::StoryId.is_in(story_ids.iter().copied()))
            .all(&txn)
            .await?
            .into_iter()
            .map(|story| story.story_id)
            .collect();
        let mut subscribers: Option<Vec<subscribers::SubscriberRecord>> = None;
        let mut new_stories = Vec::new();
        let mut new_versions = Vec::new();
        let mut entries = Vec::new();
        let mut announcements = Vec::new();
        let mut publications = Vec::new();
        let mut outcomes = Vec::with_capacity(items.len());
        for item in items {
            if !claimed.remove(item.event_id) {
                outcomes.push(Applied::Unchanged);
                continue;
            }
            let story_id = item.story_id();
            if known.contains(story_id) || repeated.contains(story_id) {
                let applied = self.apply_claimed(&txn, item.event, now).instrument(item.span.clone()).await?;
                outcomes.push(applied);
                continue;
            }
            let enrichment = item.event.enrichment.clone().unwrap_or_default();
            let version = enrichment.story_version as i32;
            let embargo_until = embargo_of(item.event, now);
            let facts = StoryFacts::of(item.event);
            let document = self.render(item.event, now, now, embargo_until, PubStatus::Usable);
            let channels = if embargo_until.is_none() { Some(self.channels.matching(&facts)) } else { None };
            let trace_context = item.span.in_scope(newsroom_platform::telemetry::stored_trace_context);
            new_stories.push(published_story::ActiveModel {
                story_id: Set(story_id.to_owned()),
                first_created_at: Set(now),
                latest_version: Set(version),
                killed_at: Set(None),
                kill_reason: Set(None),
                canceled_ninjs: Set(None),
            });
            let facts_text = facts_json(&facts);
            let pubstatus = PubStatus::Usable.as_str();
            new_versions.push(published_version::ActiveModel {
                story_id: Set(story_id.to_owned()),
                version: Set(version),
                enrichment_version: Set(enrichment.enrichment_version as i32),
                ninjs: Set(document.clone()),
                pubstatus: Set(pubstatus.to_owned()),
                facts: Set(facts_text.clone()),
                embargo_until: Set(embargo_until),
                created_at: Set(now),
                released_at: Set(channels.as_ref().map(|_| now)),
                channels: Set(channels.as_ref().map(|channels| channels.join(",")).unwrap_or_default()),
                trace_context: Set(trace_context.clone()),
                ..Default::default()
            });
            let Some(channels) = channels else {
                outcomes.push(Applied::Held(embargo_until.unwrap_or(now)));
                continue;
            };
            for channel in &channels {
                entries.push(channel_entry::ActiveModel {
                    channel: Set(channel.clone()),
                    story_id: Set(story_id.to_owned()),
                    version: Set(version),
                    released_at: Set(now),
                    ..Default::default()
                });
                let envelope = published_event(story_id, version, channel, &document, pubstatus, now);
                announcements.push((subjects::story_published(channel), envelope, trace_context.clone()));
            }
            let subscribers = match &mut subscribers {
                Some(subscribers) => subscribers,
                None => subscribers.insert(subscribers::subscribers_on(&txn).await?),
            };
            for subscriber in subscribers.iter().filter(|subscriber| subscriber.filter.matches(&facts)) {
                self.enqueue_for(&txn, subscriber, story_id, version, pubstatus, now).await?;
            }
            publications.push(publication::ActiveModel {
                story_id: Set(story_id.to_owned()),
                version: Set(version),
                pubstatus: Set(pubstatus.to_owned()),
                facts: Set(facts_text),
                released_at: Set(now),
                trace_context: Set(trace_context),
                ..Default::default()
            });
            outcomes.push(Applied::Released(channels));
        }
        if !new_stories.is_empty() {
            published_story::Entity::insert_many(new_stories).exec_without_returning(&txn).await?;
            published_version::Entity::insert_many(new_versions).exec_without_returning(&txn).await?;
        }
        if !entries.is_empty() {
            channel_entry::Entity::insert_many(entries).exec_without_returning(&txn).await?;
        }
        // One statement per channel subject (events of a subject keep batch order).
        let mut subjects_in_order: Vec<&str> = Vec::new();
        for (subject, _, _) in &announcements {
            if !subjects_in_order.contains(&subject.as_str()) {
                subjects_in_order.push(subject);
            }
        }
        for subject in subjects_in_order {
            let events = announcements
                .iter()
                .filter(|(event_subject, _, _)| event_subject == subject)
                .map(|(_, envelope, trace_context)| (envelope, trace_context.clone()));
            self.outbox.enqueue_many(&txn, subject, events).await?;
        }
        if !publications.is_empty() {
            publication::Entity::insert_many(publications).exec_without_returning(&txn).await?;
        }
        txn.commit().await?;
        if outcomes.iter().any(|applied| matches!(applied, Applied::Released(_) | Applied::Held(_))) {
            self.outbox.notify_committed();
            self.deliveries_queued.notify_one();
            self.notify_published();
        }
        Ok(outcomes)
    }

    /// [`Self::apply_enriched`] inside `txn`, the event already claimed: store, render,
    /// release or hold. The current span's trace context is stored with what it writes.
    async fn apply_claimed<C: ConnectionTrait>(
        &self,
        txn: &C,
        event: &StoryEnriched,
        now: DateTime<Utc>,
    ) -> Result<Applied, DbErr> {
        let enrichment = event.enrichment.clone().unwrap_or_default();
        let story_id = enrichment.story_id.clone();
        let version = enrichment.story_version as i32;
        let story = published_story::Entity::find_by_id(story_id.clone()).one(txn).await?;
        if story.as_ref().is_some_and(|story| story.killed_at.is_some()) {
            // Killed: late versions of it never go out.
            return Ok(Applied::Unchanged);
        }
        let first_created = story.as_ref().map_or(now, |story| story.first_created_at);
        let existing = published_version::Entity::find()
            .filter(published_version::Column::StoryId.eq(&story_id))
            .filter(published_version::Column::Version.eq(version))
            .one(txn)
            .await?;
        let embargo_until = embargo_of(event, now);
        let facts = StoryFacts::of(event);
        let document = self.render(event, first_created, now, embargo_until, PubStatus::Usable);

        if let Some(existing) = existing {
            let applied = if existing.enrichment_version < enrichment.enrichment_version as i32 {
                let mut row: published_version::ActiveModel = existing.into();
                row.enrichment_version = Set(enrichment.enrichment_version as i32);
                row.ninjs = Set(document);
                row.facts = Set(facts_json(&facts));
                row.update(txn).await?;
                Applied::Rerendered
            } else {
                Applied::Unchanged
            };
            return Ok(applied);
        }

        match story {
            Some(story) => {
                if story.latest_version < version {
                    let mut row: published_story::ActiveModel = story.into();
                    row.latest_version = Set(version);
                    row.update(txn).await?;
                }
            }
            None => {
                published_story::ActiveModel {
                    story_id: Set(story_id.clone()),
                    first_created_at: Set(first_created),
                    latest_version: Set(version),
                    killed_at: Set(None),
                    kill_reason: Set(None),
                    canceled_ninjs: Set(None),
                }
                .insert(txn)
                .await?;
            }
        }
        // Not under embargo: released as it is stored. This transaction found the story live,
        // and nobody else sees the row before it commits, so there is nothing to claim.
        let channels = if embargo_until.is_none() { Some(self.channels.matching(&facts)) } else { None };
        let row = published_version::ActiveModel {
            story_id: Set(story_id),
            version: Set(version),
            enrichment_version: Set(enrichment.enrichment_version as i32),
            ninjs: Set(document),
            pubstatus: Set(PubStatus::Usable.as_str().to_owned()),
            facts: Set(facts_json(&facts)),
            embargo_until: Set(embargo_until),
            created_at: Set(now),
            released_at: Set(channels.as_ref().map(|_| now)),
            channels: Set(channels.as_ref().map(|channels| channels.join(",")).unwrap_or_default()),
            trace_context: Set(newsroom_platform::telemetry::stored_trace_context()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        let applied = match (embargo_until, channels) {
            (Some(until), _) => Applied::Held(until),
            (None, channels) => {
                let channels = channels.unwrap_or_default();
                self.announce_release(txn, &row, &facts, &channels, now).await?;
                Applied::Released(channels)
            }
        };
        Ok(applied)
    }

    /// Release every held version whose embargo has ended; returns how many this replica
    /// released (a version is released once, whichever replica gets there first).
    pub async fn release_due(&self, now: DateTime<Utc>) -> Result<usize, DbErr> {
        let due = published_version::Entity::find()
            .filter(published_version::Column::ReleasedAt.is_null())
            .filter(published_version::Column::EmbargoUntil.lte(now))
            .order_by_asc(published_version::Column::EmbargoUntil)
            .limit(RELEASE_BATCH)
            .all(&self.db)
            .await?;
        let mut released = 0;
        for row in due {
            // The release continues the trace of the event that stored the held version.
            let span = tracing::info_span!(
                "embargo release",
                story_id = %row.story_id,
                version = row.version,
                otel.status_code = tracing::field::Empty,
                error.type = tracing::field::Empty,
            );
            newsroom_platform::telemetry::continue_trace_from_stored(&span, row.trace_context.as_deref());
            let channels = newsroom_platform::telemetry::traced(span.clone(), async {
                let txn = self.db.begin().await?;
                let channels = self.release_held(&txn, &row, now).await?;
                txn.commit().await?;
                Ok::<_, DbErr>(channels)
            })
            .await?;
            let _entered = span.enter();
            if let Some(channels) = channels {
                released += 1;
                tracing::info!(story_id = %row.story_id, version = row.version, channels = %channels.join(","), "embargo ended, story released");
            }
        }
        if released > 0 {
            self.outbox.notify_committed();
            self.deliveries_queued.notify_one();
            self.notify_published();
        }
        Ok(released)
    }

    /// When the next held version is due, if any.
    pub async fn next_embargo_end(&self) -> Result<Option<DateTime<Utc>>, DbErr> {
        let next = published_version::Entity::find()
            .filter(published_version::Column::ReleasedAt.is_null())
            .filter(published_version::Column::EmbargoUntil.is_not_null())
            .order_by_asc(published_version::Column::EmbargoUntil)
            .one(&self.db)
            .await?;
        Ok(next.and_then(|row| row.embargo_until))
    }

    /// Release the held `row` to its channels inside `txn`: claim it (only if still held),
    /// then [`Self::announce_release`]. `None` when another transaction released it first.
    async fn release_held<C: ConnectionTrait>(
        &self,
        txn: &C,
        row: &published_version::Model,
        now: DateTime<Utc>,
    ) -> Result<Option<Vec<String>>, DbErr> {
        let killed = published_story::Entity::find_by_id(row.story_id.clone())
            .one(txn)
            .await?
            .is_some_and(|story| story.killed_at.is_some());
        let facts: StoryFacts = serde_json::from_str(&row.facts).unwrap_or_default();
        // A killed story's held versions are closed without going anywhere.
        let channels = if killed { Vec::new() } else { self.channels.matching(&facts) };
        let claimed = published_version::Entity::update_many()
            .col_expr(published_version::Column::ReleasedAt, Expr::value(now))
            .col_expr(published_version::Column::Channels, Expr::value(channels.join(",")))
            .filter(published_version::Column::Id.eq(row.id))
            .filter(published_version::Column::ReleasedAt.is_null())
            .exec(txn)
            .await?;
        if claimed.rows_affected == 0 {
            return Ok(None);
        }
        if killed {
            return Ok(Some(channels));
        }
        self.announce_release(txn, row, &facts, &channels, now).await?;
        Ok(Some(channels))
    }

    /// Everything a release of `row` to `channels` writes inside `txn`: the channel entries,
    /// one event per channel, the subscribers' deliveries and the publication log entry.
    async fn announce_release<C: ConnectionTrait>(
        &self,
        txn: &C,
        row: &published_version::Model,
        facts: &StoryFacts,
        channels: &[String],
        now: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        for channel in channels {
            channel_entry::ActiveModel {
                channel: Set(channel.clone()),
                story_id: Set(row.story_id.clone()),
                version: Set(row.version),
                released_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            let envelope =
                published_event(&row.story_id, row.version, channel, &row.ninjs, &row.pubstatus, now);
            self.outbox.enqueue(txn, &subjects::story_published(channel), &envelope).await?;
        }
        self.enqueue_deliveries(txn, &row.story_id, row.version, &row.pubstatus, facts, now).await?;
        publication::ActiveModel {
            story_id: Set(row.story_id.clone()),
            version: Set(row.version),
            pubstatus: Set(row.pubstatus.clone()),
            facts: Set(row.facts.clone()),
            released_at: Set(now),
            trace_context: Set(newsroom_platform::telemetry::stored_trace_context()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        Ok(())
    }

    /// A released version of `story_id`: `version`, or the latest released one.
    pub async fn released_version(
        &self,
        story_id: &str,
        version: Option<u32>,
    ) -> Result<Option<published_version::Model>, DbErr> {
        let mut query = published_version::Entity::find()
            .filter(published_version::Column::StoryId.eq(story_id))
            .filter(published_version::Column::ReleasedAt.is_not_null());
        if let Some(version) = version {
            query = query.filter(published_version::Column::Version.eq(version as i32));
        }
        let Some(mut row) = query.order_by_desc(published_version::Column::Version).one(&self.db).await?
        else {
            return Ok(None);
        };
        // After a kill, every version is served as the kill: pubstatus "canceled".
        let story = published_story::Entity::find_by_id(story_id.to_owned()).one(&self.db).await?;
        if let Some(canceled) = story.and_then(|story| story.canceled_ninjs) {
            row.ninjs = canceled;
            row.pubstatus = PubStatus::Canceled.as_str().to_owned();
        }
        Ok(Some(row))
    }

    /// Up to `limit` releases after `after_seq`, oldest first.
    pub async fn publications_after(
        &self,
        after_seq: i64,
        limit: u64,
    ) -> Result<Vec<publication::Model>, DbErr> {
        publication::Entity::find()
            .filter(publication::Column::Seq.gt(after_seq))
            .order_by_asc(publication::Column::Seq)
            .limit(limit)
            .all(&self.db)
            .await
    }

    /// The document a release carried: the version's ninjs, or the kill's.
    pub async fn publication_document(&self, release: &publication::Model) -> Result<Option<String>, DbErr> {
        if release.pubstatus == PubStatus::Canceled.as_str() {
            return self.canceled_document(&release.story_id).await;
        }
        Ok(published_version::Entity::find()
            .filter(published_version::Column::StoryId.eq(&release.story_id))
            .filter(published_version::Column::Version.eq(release.version))
            .one(&self.db)
            .await?
            .map(|row| row.ninjs))
    }

    /// The newest `limit` stories of `channel`, each at its latest released version there,
    /// newest release first.
    pub async fn feed(&self, channel: &str, limit: u64) -> Result<Vec<published_version::Model>, DbErr> {
        // Several versions of one story may be in the channel: read a margin and keep the
        // first (newest) per story.
        let entries = channel_entry::Entity::find()
            .filter(channel_entry::Column::Channel.eq(channel))
            .order_by_desc(channel_entry::Column::ReleasedAt)
            .order_by_desc(channel_entry::Column::Id)
            .limit(limit.saturating_mul(4).max(limit))
            .all(&self.db)
            .await?;
        let mut seen = HashSet::new();
        let mut latest = Vec::new();
        for entry in entries {
            if latest.len() as u64 >= limit {
                break;
            }
            if seen.insert(entry.story_id.clone()) {
                latest.push(entry.story_id);
            }
        }
        let mut versions = Vec::with_capacity(latest.len());
        for story_id in latest {
            if let Some(version) = self.released_version(&story_id, None).await? {
                versions.push(version);
            }
        }
        Ok(versions)
    }

    /// The ninjs JSON of an enriched event.
    fn render(
        &self,
        event: &StoryEnriched,
        first_created: DateTime<Utc>,
        version_created: DateTime<Utc>,
        embargo_until: Option<DateTime<Utc>>,
        pubstatus: PubStatus,
    ) -> String {
        let enrichment = event.enrichment.clone().unwrap_or_default();
        let story = enrichment.story.clone().unwrap_or_default();
        let hints = event.hints.clone().unwrap_or_default();
        let uri = ninjs::story_uri(self.public_base_url.as_deref(), &enrichment.story_id);
        let input = NinjsInput {
            uri: &uri,
            version: enrichment.story_version,
            story: &story,
            headline_hint: hints.headline.as_deref(),
            language_hint: hints.language.as_deref(),
            source: &enrichment.source,
            url: &event.url,
            cluster_id: &enrichment.cluster_id,
            first_created,
            version_created,
            embargo_until,
            pubstatus,
            urgency: DEFAULT_URGENCY,
        };
        // Serialising plain structs of strings and numbers cannot fail.
        serde_json::to_string(&ninjs::render(&input)).unwrap_or_default()
    }
}

/// The end of `event`'s embargo, when it is still ahead of `now`.
fn embargo_of(event: &StoryEnriched, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    event
        .hints
        .as_ref()
        .and_then(|hints| hints.embargo_until)
        .and_then(|at| events::from_timestamp(&at))
        .filter(|at| *at > now)
}

/// `newsroom.story.published.<channel>` for one version of a story.
fn published_event(
    story_id: &str,
    version: i32,
    channel: &str,
    ninjs_json: &str,
    pubstatus: &str,
    now: DateTime<Utc>,
) -> EventEnvelope {
    EventEnvelope {
        event_id: events::new_event_id(),
        story_id: story_id.to_owned(),
        version: version as u32,
        occurred_at: Some(events::timestamp(now)),
        producer: PRODUCER.to_owned(),
        payload: Some(Payload::StoryPublished(StoryPublished {
            channel: channel.to_owned(),
            ninjs_json: ninjs_json.to_owned(),
            pubstatus: pubstatus.to_owned(),
        })),
    }
}

fn facts_json(facts: &StoryFacts) -> String {
    serde_json::to_string(facts).unwrap_or_default()
}
