//! IPTC Media Topics. (Placeholder until the topics work lands.)

use crate::{Entity, Topic};

/// Topics of the story, most confident first.
pub fn classify(_body: &str, _headline: Option<&str>, _entities: &[Entity]) -> Vec<Topic> {
    Vec::new()
}
