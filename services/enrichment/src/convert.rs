//! Between the pipeline's Rust types and the `newsroom.v1` protobuf messages.

use newsroom_pipeline::{Enriched, EntityKind};
use newsroom_proto::v1 as pb;

/// The protobuf form of a pipeline result.
pub fn to_proto(enriched: Enriched) -> pb::EnrichedStory {
    pb::EnrichedStory {
        headline: enriched.headline,
        byline: enriched.byline,
        dateline: enriched.dateline,
        section: enriched.section,
        published_at: enriched.published_at,
        language: enriched.language,
        body_text: enriched.body_text,
        entities: enriched
            .entities
            .into_iter()
            .map(|entity| pb::Entity {
                name: entity.name,
                r#type: entity_type(entity.kind) as i32,
                mentions: entity
                    .mentions
                    .into_iter()
                    .map(|m| pb::Mention { text: m.text, start: offset(m.start), end: offset(m.end) })
                    .collect(),
            })
            .collect(),
        quotes: enriched
            .quotes
            .into_iter()
            .map(|q| pb::Quote {
                text: q.text,
                speaker: q.speaker,
                start: offset(q.start),
                end: offset(q.end),
            })
            .collect(),
        topics: enriched
            .topics
            .into_iter()
            .map(|t| pb::Topic { code: t.code, name: t.name, confidence: t.confidence })
            .collect(),
        keywords: enriched.keywords,
        summary: enriched.summary,
        fingerprint: enriched.fingerprint,
    }
}

fn entity_type(kind: EntityKind) -> pb::EntityType {
    match kind {
        EntityKind::Person => pb::EntityType::Person,
        EntityKind::Organisation => pb::EntityType::Organisation,
        EntityKind::Place => pb::EntityType::Place,
        EntityKind::Other => pb::EntityType::Other,
    }
}

fn offset(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}
