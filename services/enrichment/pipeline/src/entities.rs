//! Named entities. (Placeholder until the NER work lands.)

use crate::Entity;

/// People, organisations, places and other names in `body`, aliases merged.
pub fn find(_body: &str) -> Vec<Entity> {
    Vec::new()
}
