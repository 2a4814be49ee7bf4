//! Keywords. (Placeholder until the keywords work lands.)

use crate::Entity;

/// Keywords, most important first.
pub fn extract(_body: &str, _headline: Option<&str>, _entities: &[Entity]) -> Vec<String> {
    Vec::new()
}
