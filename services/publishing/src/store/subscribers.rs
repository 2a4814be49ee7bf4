//! Subscribers and their delivery queue in publishing's database.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait as _, ColumnTrait as _, Condition, ConnectionTrait, DbErr, EntityTrait as _,
    PaginatorTrait as _, QueryFilter as _, QueryOrder as _, QuerySelect as _, Set, sea_query::Expr,
};

use super::{PublishingStore, delivery, published_version, subscriber};
use crate::domain::{StoryFacts, channels::StoryFilter, subscribers::Destination};

/// A subscriber as stored, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriberRecord {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Filter.
    pub filter: StoryFilter,
    /// Destinations.
    pub destinations: Vec<Destination>,
    /// Webhook signing key.
    pub webhook_secret: String,
    /// Paused?
    pub paused: bool,
    /// Created.
    pub created_at: DateTime<Utc>,
}

impl SubscriberRecord {
    fn from_row(row: subscriber::Model) -> Result<Self, DbErr> {
        let filter = serde_json::from_str(&row.filter).map_err(|error| {
            DbErr::Custom(format!("subscriber {} filter does not decode: {error}", row.id))
        })?;
        let destinations = serde_json::from_str(&row.destinations).map_err(|error| {
            DbErr::Custom(format!("subscriber {} destinations do not decode: {error}", row.id))
        })?;
        Ok(Self {
            id: row.id,
            name: row.name,
            filter,
            destinations,
            webhook_secret: row.webhook_secret,
            paused: row.paused,
            created_at: row.created_at,
        })
    }
}

/// One claimed delivery with what sending it needs.
#[derive(Debug, Clone)]
pub struct DeliveryJob {
    /// The queue row.
    pub row: delivery::Model,
    /// The destination.
    pub destination: Destination,
    /// Webhook signing key.
    pub webhook_secret: String,
    /// The ninjs JSON to send.
    pub document: String,
}

/// Filters of [`PublishingStore::deliveries`].
#[derive(Debug, Clone, Default)]
pub struct DeliveryQuery {
    /// Only this subscriber.
    pub subscriber_id: Option<String>,
    /// Only this story.
    pub story_id: Option<String>,
    /// Only this state.
    pub state: Option<&'static str>,
    /// Only ids below this (paging, newest first).
    pub before_id: Option<i64>,
    /// At most this many.
    pub limit: u64,
}

impl PublishingStore {
    /// Store a new subscriber (validated by the caller).
    pub async fn create_subscriber(&self, record: &SubscriberRecord) -> Result<(), DbErr> {
        subscriber::ActiveModel {
            id: Set(record.id.clone()),
            name: Set(record.name.clone()),
            filter: Set(serde_json::to_string(&record.filter).unwrap_or_default()),
            destinations: Set(serde_json::to_string(&record.destinations).unwrap_or_default()),
            webhook_secret: Set(record.webhook_secret.clone()),
            paused: Set(record.paused),
            created_at: Set(record.created_at),
        }
        .insert(self.db())
        .await?;
        Ok(())
    }

    /// Every subscriber, oldest first.
    pub async fn subscribers(&self) -> Result<Vec<SubscriberRecord>, DbErr> {
        subscribers_on(self.db()).await
    }

    /// One subscriber.
    pub async fn subscriber(&self, id: &str) -> Result<Option<SubscriberRecord>, DbErr> {
        subscriber::Entity::find_by_id(id.to_owned())
            .one(self.db())
            .await?
            .map(SubscriberRecord::from_row)
            .transpose()
    }

    /// Pause or resume; `None` when there is no such subscriber.
    pub async fn set_subscriber_paused(
        &self,
        id: &str,
        paused: bool,
    ) -> Result<Option<SubscriberRecord>, DbErr> {
        let updated = subscriber::Entity::update_many()
            .col_expr(subscriber::Column::Paused, Expr::value(paused))
            .filter(subscriber::Column::Id.eq(id))
            .exec(self.db())
            .await?;
        if updated.rows_affected == 0 {
            return Ok(None);
        }
        self.subscriber(id).await
    }

    /// Remove a subscriber and its undelivered queue; `None` when there is no such subscriber.
    pub async fn delete_subscriber(&self, id: &str) -> Result<Option<u64>, DbErr> {
        use sea_orm::TransactionTrait as _;
        let txn = self.db().begin().await?;
        let deleted = subscriber::Entity::delete_by_id(id.to_owned()).exec(&txn).await?;
        if deleted.rows_affected == 0 {
            txn.rollback().await?;
            return Ok(None);
        }
        let dropped = delivery::Entity::delete_many()
            .filter(delivery::Column::SubscriberId.eq(id))
            .filter(delivery::Column::State.is_in([delivery::PENDING, delivery::RETRYING, delivery::DEAD]))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(Some(dropped.rows_affected))
    }

    /// Queue `version` of `story_id` (with `pubstatus`) for every destination of every
    /// subscriber whose filter matches `facts`, inside the caller's transaction. A row that
    /// exists already is left alone, so a replay never queues twice.
    pub(crate) async fn enqueue_deliveries<C: ConnectionTrait>(
        &self,
        txn: &C,
        story_id: &str,
        version: i32,
        pubstatus: &str,
        facts: &StoryFacts,
        now: DateTime<Utc>,
    ) -> Result<usize, DbErr> {
        let mut queued = 0;
        for subscriber in subscribers_on(txn).await? {
            if !subscriber.filter.matches(facts) {
                continue;
            }
            queued += self.enqueue_for(txn, &subscriber, story_id, version, pubstatus, now).await?;
        }
        Ok(queued)
    }

    /// Queue one story version for every destination of `subscriber`.
    pub(crate) async fn enqueue_for<C: ConnectionTrait>(
        &self,
        txn: &C,
        subscriber: &SubscriberRecord,
        story_id: &str,
        version: i32,
        pubstatus: &str,
        now: DateTime<Utc>,
    ) -> Result<usize, DbErr> {
        let mut queued = 0;
        for (index, destination) in subscriber.destinations.iter().enumerate() {
            let exists = delivery::Entity::find()
                .filter(delivery::Column::SubscriberId.eq(&subscriber.id))
                .filter(delivery::Column::DestinationIndex.eq(index as i32))
                .filter(delivery::Column::StoryId.eq(story_id))
                .filter(delivery::Column::Version.eq(version))
                .filter(delivery::Column::Pubstatus.eq(pubstatus))
                .count(txn)
                .await?
                > 0;
            if exists {
                continue;
            }
            let target = DeliveryTarget {
                subscriber_id: &subscriber.id,
                index: index as i32,
                destination: &destination.to_string(),
            };
            insert_delivery(txn, &target, story_id, version, pubstatus, now).await?;
            queued += 1;
        }
        Ok(queued)
    }

    /// Deliveries due at `now` that nobody holds, of subscribers not paused, oldest first.
    pub async fn due_deliveries(
        &self,
        now: DateTime<Utc>,
        limit: u64,
    ) -> Result<Vec<delivery::Model>, DbErr> {
        let paused: Vec<String> = subscriber::Entity::find()
            .filter(subscriber::Column::Paused.eq(true))
            .all(self.db())
            .await?
            .into_iter()
            .map(|row| row.id)
            .collect();
        let mut query = delivery::Entity::find()
            .filter(delivery::Column::State.is_in([delivery::PENDING, delivery::RETRYING]))
            .filter(delivery::Column::NextAttemptAt.lte(now))
            .filter(
                Condition::any()
                    .add(delivery::Column::ClaimedUntil.is_null())
                    .add(delivery::Column::ClaimedUntil.lt(now)),
            );
        if !paused.is_empty() {
            query = query.filter(delivery::Column::SubscriberId.is_not_in(paused));
        }
        query.order_by_asc(delivery::Column::Id).limit(limit).all(self.db()).await
    }

    /// When the next waiting delivery is due (for the dispatcher's sleep).
    pub async fn next_delivery_due(&self) -> Result<Option<DateTime<Utc>>, DbErr> {
        Ok(delivery::Entity::find()
            .filter(delivery::Column::State.is_in([delivery::PENDING, delivery::RETRYING]))
            .order_by_asc(delivery::Column::NextAttemptAt)
            .one(self.db())
            .await?
            .map(|row| row.next_attempt_at))
    }

    /// Whether an earlier delivery of the same story to the same destination is still
    /// open (versions, then a kill, must arrive in order).
    pub async fn earlier_delivery_open(&self, row: &delivery::Model) -> Result<bool, DbErr> {
        Ok(delivery::Entity::find()
            .filter(delivery::Column::SubscriberId.eq(&row.subscriber_id))
            .filter(delivery::Column::DestinationIndex.eq(row.destination_index))
            .filter(delivery::Column::StoryId.eq(&row.story_id))
            .filter(delivery::Column::Id.lt(row.id))
            .filter(delivery::Column::State.is_in([delivery::PENDING, delivery::RETRYING]))
            .count(self.db())
            .await?
            > 0)
    }

    /// Take a delivery for `lease` (only if still due and unheld) and load what sending
    /// it needs. `None` when another dispatcher got it first or it is gone.
    pub async fn claim_delivery(
        &self,
        row: &delivery::Model,
        now: DateTime<Utc>,
        lease: chrono::Duration,
    ) -> Result<Option<DeliveryJob>, DbErr> {
        let claimed = delivery::Entity::update_many()
            .col_expr(delivery::Column::ClaimedUntil, Expr::value(now + lease))
            .filter(delivery::Column::Id.eq(row.id))
            .filter(delivery::Column::State.is_in([delivery::PENDING, delivery::RETRYING]))
            .filter(
                Condition::any()
                    .add(delivery::Column::ClaimedUntil.is_null())
                    .add(delivery::Column::ClaimedUntil.lt(now)),
            )
            .exec(self.db())
            .await?;
        if claimed.rows_affected == 0 {
            return Ok(None);
        }
        if row.pubstatus != crate::domain::ninjs::PubStatus::Canceled.as_str()
            && self.canceled_document(&row.story_id).await?.is_some()
        {
            // Killed while this version waited for a retry: it never goes out.
            self.mark_failed(row.id, row.attempts, "story killed before delivery", None).await?;
            return Ok(None);
        }
        let Some(subscriber) = self.subscriber(&row.subscriber_id).await? else {
            return Ok(None);
        };
        let Some(destination) = subscriber.destinations.get(row.destination_index as usize).cloned() else {
            return Ok(None);
        };
        let document = if row.pubstatus == crate::domain::ninjs::PubStatus::Canceled.as_str() {
            self.canceled_document(&row.story_id).await?
        } else {
            published_version::Entity::find()
                .filter(published_version::Column::StoryId.eq(&row.story_id))
                .filter(published_version::Column::Version.eq(row.version))
                .one(self.db())
                .await?
                .map(|version| version.ninjs)
        };
        let Some(document) = document.filter(|document| !document.is_empty()) else {
            return Err(DbErr::Custom(format!(
                "delivery {}: no {} document of story {} version {}",
                row.id, row.pubstatus, row.story_id, row.version
            )));
        };
        Ok(Some(DeliveryJob {
            row: row.clone(),
            destination,
            webhook_secret: subscriber.webhook_secret,
            document,
        }))
    }

    /// Record a successful attempt. Final: the row is never sent again.
    pub async fn mark_delivered(&self, id: i64, attempts: i32, now: DateTime<Utc>) -> Result<(), DbErr> {
        delivery::Entity::update_many()
            .col_expr(delivery::Column::State, Expr::value(delivery::DELIVERED))
            .col_expr(delivery::Column::Attempts, Expr::value(attempts))
            .col_expr(delivery::Column::DeliveredAt, Expr::value(now))
            .col_expr(delivery::Column::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(delivery::Column::LastError, Expr::value(Option::<String>::None))
            .filter(delivery::Column::Id.eq(id))
            .exec(self.db())
            .await?;
        Ok(())
    }

    /// Record a failed attempt: retry at `next_attempt_at`, or dead when `None`.
    pub async fn mark_failed(
        &self,
        id: i64,
        attempts: i32,
        error: &str,
        next_attempt_at: Option<DateTime<Utc>>,
    ) -> Result<(), DbErr> {
        let mut update = delivery::Entity::update_many()
            .col_expr(delivery::Column::Attempts, Expr::value(attempts))
            .col_expr(delivery::Column::LastError, Expr::value(error.chars().take(2000).collect::<String>()))
            .col_expr(delivery::Column::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None));
        update = match next_attempt_at {
            Some(at) => update
                .col_expr(delivery::Column::State, Expr::value(delivery::RETRYING))
                .col_expr(delivery::Column::NextAttemptAt, Expr::value(at)),
            None => update.col_expr(delivery::Column::State, Expr::value(delivery::DEAD)),
        };
        update.filter(delivery::Column::Id.eq(id)).exec(self.db()).await?;
        Ok(())
    }

    /// Queue a delivery again with a fresh attempt budget; `None` when there is no such
    /// delivery.
    pub async fn redeliver(&self, id: i64, now: DateTime<Utc>) -> Result<Option<delivery::Model>, DbErr> {
        let updated = delivery::Entity::update_many()
            .col_expr(delivery::Column::State, Expr::value(delivery::PENDING))
            .col_expr(delivery::Column::Attempts, Expr::value(0))
            .col_expr(delivery::Column::NextAttemptAt, Expr::value(now))
            .col_expr(delivery::Column::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(delivery::Column::DeliveredAt, Expr::value(Option::<DateTime<Utc>>::None))
            .filter(delivery::Column::Id.eq(id))
            .exec(self.db())
            .await?;
        if updated.rows_affected == 0 {
            return Ok(None);
        }
        delivery::Entity::find_by_id(id).one(self.db()).await
    }

    /// A page of the queue, newest first.
    pub async fn deliveries(&self, query: &DeliveryQuery) -> Result<Vec<delivery::Model>, DbErr> {
        let mut select = delivery::Entity::find();
        if let Some(subscriber_id) = &query.subscriber_id {
            select = select.filter(delivery::Column::SubscriberId.eq(subscriber_id));
        }
        if let Some(story_id) = &query.story_id {
            select = select.filter(delivery::Column::StoryId.eq(story_id));
        }
        if let Some(state) = query.state {
            select = select.filter(delivery::Column::State.eq(state));
        }
        if let Some(before_id) = query.before_id {
            select = select.filter(delivery::Column::Id.lt(before_id));
        }
        select.order_by_desc(delivery::Column::Id).limit(query.limit).all(self.db()).await
    }
}

/// Where a delivery goes: a subscriber's destination.
pub(crate) struct DeliveryTarget<'a> {
    /// Subscriber.
    pub subscriber_id: &'a str,
    /// Index of the destination in the subscriber's list.
    pub index: i32,
    /// The destination as text.
    pub destination: &'a str,
}

/// Queue one pending delivery (its idempotency key names subscriber, destination, story,
/// version and pubstatus, so it is the same for every attempt).
pub(crate) async fn insert_delivery<C: ConnectionTrait>(
    txn: &C,
    target: &DeliveryTarget<'_>,
    story_id: &str,
    version: i32,
    pubstatus: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    delivery::ActiveModel {
        subscriber_id: Set(target.subscriber_id.to_owned()),
        destination_index: Set(target.index),
        destination: Set(target.destination.to_owned()),
        story_id: Set(story_id.to_owned()),
        version: Set(version),
        pubstatus: Set(pubstatus.to_owned()),
        state: Set(delivery::PENDING.to_owned()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        claimed_until: Set(None),
        last_error: Set(None),
        delivered_at: Set(None),
        created_at: Set(now),
        idempotency_key: Set(format!(
            "{}:{}:{story_id}:{version}:{pubstatus}",
            target.subscriber_id, target.index
        )),
        trace_context: Set(newsroom_platform::telemetry::stored_trace_context()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

pub(crate) async fn subscribers_on<C: ConnectionTrait>(
    connection: &C,
) -> Result<Vec<SubscriberRecord>, DbErr> {
    subscriber::Entity::find()
        .order_by_asc(subscriber::Column::CreatedAt)
        .all(connection)
        .await?
        .into_iter()
        .map(SubscriberRecord::from_row)
        .collect()
}
