//! Publishing's pure logic, with no I/O: which channels a story goes to ([`channels`]),
//! its ninjs 2.2 document ([`ninjs`]) and the Atom feed of a channel ([`atom`]).

pub mod atom;
pub mod channels;
pub mod ninjs;
pub mod subscribers;
pub mod webhook_targets;

use newsroom_proto::v1::{EntityType, StoryEnriched};

/// What the filters of channels (and later subscribers) look at in a story.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StoryFacts {
    /// ISO 639-1 language, when detected.
    pub language: Option<String>,
    /// IPTC Media Topic codes (`medtop:…`).
    pub topics: Vec<String>,
    /// Canonical names of people, organisations and places.
    pub entities: Vec<String>,
    /// Ingest source.
    pub source: String,
}

impl StoryFacts {
    /// The facts of an enriched story.
    pub fn of(event: &StoryEnriched) -> Self {
        let enrichment = event.enrichment.clone().unwrap_or_default();
        let story = enrichment.story.unwrap_or_default();
        let hinted_language = event.hints.as_ref().and_then(|hints| hints.language.clone());
        Self {
            language: hinted_language.or(story.language),
            topics: story.topics.iter().map(|topic| topic.code.clone()).collect(),
            entities: story
                .entities
                .iter()
                .filter(|entity| entity.r#type() != EntityType::Other)
                .map(|entity| entity.name.clone())
                .collect(),
            source: enrichment.source,
        }
    }
}
