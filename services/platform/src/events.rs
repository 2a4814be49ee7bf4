//! The event envelope every subject carries, and the conversions around it.

use chrono::{DateTime, Utc};
use newsroom_proto::Timestamp;

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
