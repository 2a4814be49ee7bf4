//! The event envelope every subject carries, and the conversions around it.

use chrono::{DateTime, Utc};
use newsroom_proto::{Timestamp, v1::EventEnvelope};

/// A fresh, time-ordered event id (UUIDv7): unique, and sortable by creation time.
pub fn new_event_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// A protobuf timestamp from a chrono instant.
pub fn timestamp(instant: DateTime<Utc>) -> Timestamp {
    Timestamp { seconds: instant.timestamp(), nanos: instant.timestamp_subsec_nanos() as i32 }
}

/// A chrono instant from a protobuf timestamp; `None` when it is out of range.
pub fn from_timestamp(timestamp: &Timestamp) -> Option<DateTime<Utc>> {
    let nanos = u32::try_from(timestamp.nanos).ok()?;
    DateTime::from_timestamp(timestamp.seconds, nanos)
}

/// An envelope with a new event id, stamped `occurred_at`, by `producer`.
pub fn envelope(
    producer: &str,
    story_id: &str,
    version: u32,
    occurred_at: DateTime<Utc>,
    payload: newsroom_proto::v1::event_envelope::Payload,
) -> EventEnvelope {
    EventEnvelope {
        event_id: new_event_id(),
        story_id: story_id.to_owned(),
        version,
        occurred_at: Some(timestamp(occurred_at)),
        producer: producer.to_owned(),
        payload: Some(payload),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_round_trip() {
        let now = Utc::now();
        assert_eq!(from_timestamp(&timestamp(now)), Some(now));
    }

    #[test]
    fn event_ids_are_unique_and_ordered() {
        let first = new_event_id();
        let second = new_event_id();
        assert_ne!(first, second);
        assert!(first < second);
    }
}
