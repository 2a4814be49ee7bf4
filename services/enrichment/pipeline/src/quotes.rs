//! Direct quotes. (Placeholder until the quotes work lands.)

use crate::{Entity, Quote};

/// Direct quotes in `body` with speakers resolved against `entities`.
pub fn find(_body: &str, _entities: &[Entity]) -> Vec<Quote> {
    Vec::new()
}
