//! Kills in publishing's database: a killed story leaves every feed, its held versions
//! never go out, every channel it went to gets the `canceled` document, and every
//! subscriber destination that received any version gets it too — one transaction.

use chrono::{DateTime, Utc};
use newsroom_platform::{consumer::processed, events, nats::subjects};
use newsroom_proto::v1::{EventEnvelope, StoryPublished, event_envelope::Payload};
use sea_orm::{
    ActiveModelTrait as _, ColumnTrait as _, DbErr, EntityTrait as _, QueryFilter as _, QueryOrder as _, Set,
    TransactionTrait as _, sea_query::Expr,
};

use super::{
    PRODUCER, PublishingStore, channel_entry, delivery, published_story, published_version,
    subscribers::{DeliveryTarget, insert_delivery},
};
use crate::domain::ninjs::{PubStatus, format_time};

/// What applying a kill did.
#[derive(Debug, PartialEq, Eq)]
pub enum KillApplied {
    /// Killed after release: `channels` got the canceled document, `deliveries` kill
    /// deliveries were queued, `dropped` undelivered deliveries were closed.
    Killed {
        /// Channels told.
        channels: Vec<String>,
        /// Kill deliveries queued.
        deliveries: usize,
        /// Deliveries closed before they went out.
        dropped: u64,
    },
    /// Killed before anything went out: nothing to cancel, nothing will go out.
    KilledUnreleased,
    /// Applied before, or the story was killed already.
    Unchanged,
}

impl PublishingStore {
    /// Apply the kill of `story_id` (event `event_id`, recorded by ingest at `killed_at`).
    pub async fn apply_kill(
        &self,
        event_id: &str,
        story_id: &str,
        version: u32,
        reason: &str,
        killed_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<KillApplied, DbErr> {
        let txn = self.db().begin().await?;
        if !processed::claim(&txn, event_id).await? {
            txn.rollback().await?;
            return Ok(KillApplied::Unchanged);
        }
        let story = published_story::Entity::find_by_id(story_id.to_owned()).one(&txn).await?;
        if story.as_ref().is_some_and(|story| story.killed_at.is_some()) {
            txn.commit().await?;
            return Ok(KillApplied::Unchanged);
        }
        let latest_released = published_version::Entity::find()
            .filter(published_version::Column::StoryId.eq(story_id))
            .filter(published_version::Column::ReleasedAt.is_not_null())
            .order_by_desc(published_version::Column::Version)
            .one(&txn)
            .await?;
        let canceled = latest_released.as_ref().map(|row| canceled_document(&row.ninjs, killed_at));
        match story {
            Some(story) => {
                let mut story: published_story::ActiveModel = story.into();
                story.killed_at = Set(Some(killed_at));
                story.kill_reason = Set(Some(reason.to_owned()));
                story.canceled_ninjs = Set(canceled.clone());
                story.update(&txn).await?;
            }
            None => {
                published_story::ActiveModel {
                    story_id: Set(story_id.to_owned()),
                    first_created_at: Set(now),
                    latest_version: Set(version as i32),
                    killed_at: Set(Some(killed_at)),
                    kill_reason: Set(Some(reason.to_owned())),
                    canceled_ninjs: Set(None),
                }
                .insert(&txn)
                .await?;
            }
        }
        // Held versions never go out.
        published_version::Entity::update_many()
            .col_expr(published_version::Column::ReleasedAt, Expr::value(now))
            .col_expr(published_version::Column::Channels, Expr::value(""))
            .filter(published_version::Column::StoryId.eq(story_id))
            .filter(published_version::Column::ReleasedAt.is_null())
            .exec(&txn)
            .await?;
        // Deliveries not made yet never will be.
        let dropped = delivery::Entity::update_many()
            .col_expr(delivery::Column::State, Expr::value(delivery::DEAD))
            .col_expr(
                delivery::Column::LastError,
                Expr::value(format!("story killed before delivery: {reason}")),
            )
            .col_expr(delivery::Column::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
            .filter(delivery::Column::StoryId.eq(story_id))
            .filter(delivery::Column::State.is_in([delivery::PENDING, delivery::RETRYING]))
            .filter(
                sea_orm::Condition::any()
                    .add(delivery::Column::ClaimedUntil.is_null())
                    .add(delivery::Column::ClaimedUntil.lt(now)),
            )
            .exec(&txn)
            .await?
            .rows_affected;
        let (Some(canceled), Some(latest)) = (canceled, latest_released) else {
            txn.commit().await?;
            return Ok(KillApplied::KilledUnreleased);
        };

        // Every channel it went to: out of the feed, and the canceled document on the subject.
        let entries = channel_entry::Entity::find()
            .filter(channel_entry::Column::StoryId.eq(story_id))
            .all(&txn)
            .await?;
        let mut channels: Vec<String> = entries.into_iter().map(|entry| entry.channel).collect();
        channels.sort();
        channels.dedup();
        channel_entry::Entity::delete_many()
            .filter(channel_entry::Column::StoryId.eq(story_id))
            .exec(&txn)
            .await?;
        for channel in &channels {
            let envelope = EventEnvelope {
                event_id: events::new_event_id(),
                story_id: story_id.to_owned(),
                version: latest.version as u32,
                occurred_at: Some(events::timestamp(now)),
                producer: PRODUCER.to_owned(),
                payload: Some(Payload::StoryPublished(StoryPublished {
                    channel: channel.clone(),
                    ninjs_json: canceled.clone(),
                    pubstatus: PubStatus::Canceled.as_str().to_owned(),
                })),
            };
            self.outbox.enqueue(&txn, &subjects::story_published(channel), &envelope).await?;
        }

        // Every destination that received any version — or may be receiving one right now
        // (a send in flight finishes first: deliveries of a story keep their order) — gets
        // the kill.
        let delivered = delivery::Entity::find()
            .filter(delivery::Column::StoryId.eq(story_id))
            .filter(delivery::Column::State.is_in([
                delivery::DELIVERED,
                delivery::PENDING,
                delivery::RETRYING,
            ]))
            .filter(delivery::Column::Pubstatus.eq(PubStatus::Usable.as_str()))
            .order_by_asc(delivery::Column::Id)
            .all(&txn)
            .await?;
        let mut told = std::collections::HashSet::new();
        let mut deliveries = 0;
        for row in delivered {
            if !told.insert((row.subscriber_id.clone(), row.destination_index)) {
                continue;
            }
            let target = DeliveryTarget {
                subscriber_id: &row.subscriber_id,
                index: row.destination_index,
                destination: &row.destination,
            };
            insert_delivery(&txn, &target, story_id, latest.version, PubStatus::Canceled.as_str(), now)
                .await?;
            deliveries += 1;
        }
        super::publication::ActiveModel {
            story_id: Set(story_id.to_owned()),
            version: Set(latest.version),
            pubstatus: Set(PubStatus::Canceled.as_str().to_owned()),
            facts: Set(latest.facts.clone()),
            released_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        self.outbox.notify_committed();
        self.deliveries_queued().notify_one();
        self.notify_published();
        Ok(KillApplied::Killed { channels, deliveries, dropped })
    }

    /// The kill document of a story, for a `canceled` delivery.
    pub async fn canceled_document(&self, story_id: &str) -> Result<Option<String>, DbErr> {
        Ok(published_story::Entity::find_by_id(story_id.to_owned())
            .one(self.db())
            .await?
            .and_then(|story| story.canceled_ninjs))
    }
}

/// The released document with pubstatus `canceled` and the kill time as `versioncreated`.
fn canceled_document(ninjs: &str, killed_at: DateTime<Utc>) -> String {
    let mut document: serde_json::Value = serde_json::from_str(ninjs).unwrap_or_default();
    if let Some(object) = document.as_object_mut() {
        object.insert("pubstatus".into(), PubStatus::Canceled.as_str().into());
        object.insert("versioncreated".into(), format_time(killed_at).into());
    }
    document.to_string()
}
