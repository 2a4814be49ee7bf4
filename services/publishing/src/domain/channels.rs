//! Channels: named story selections read from configuration. Each released story goes to
//! every channel whose filter it matches.

use std::path::Path;

use serde::Deserialize;

use super::StoryFacts;

/// Longest channel name (it is a NATS subject token and a URL path segment).
pub const MAX_CHANNEL_NAME_CHARS: usize = 64;
/// The channel used when no channel file is configured: every story.
pub const DEFAULT_CHANNEL: &str = "all";

/// Which stories a channel (or subscriber) takes. Every non-empty list must have a match
/// (AND across fields, OR within one); an empty filter matches every story.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct StoryFilter {
    /// ISO 639-1 codes.
    pub languages: Vec<String>,
    /// IPTC Media Topic codes, `medtop:…`.
    pub topics: Vec<String>,
    /// Canonical entity names, compared case-insensitively.
    pub entities: Vec<String>,
    /// Ingest sources.
    pub sources: Vec<String>,
}

impl StoryFilter {
    /// Whether a story with `facts` passes.
    pub fn matches(&self, facts: &StoryFacts) -> bool {
        let language_ok = self.languages.is_empty()
            || facts.language.as_deref().is_some_and(|language| {
                self.languages.iter().any(|wanted| wanted.eq_ignore_ascii_case(language))
            });
        let topic_ok =
            self.topics.is_empty() || self.topics.iter().any(|wanted| facts.topics.contains(wanted));
        let entity_ok = self.entities.is_empty()
            || self.entities.iter().any(|wanted| {
                facts.entities.iter().any(|entity| entity.to_lowercase() == wanted.to_lowercase())
            });
        let source_ok = self.sources.is_empty() || self.sources.contains(&facts.source);
        language_ok && topic_ok && entity_ok && source_ok
    }
}

/// A named selection of stories.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Channel {
    /// `[a-z0-9_-]{1,64}`.
    pub name: String,
    /// What it takes.
    pub filter: StoryFilter,
}

/// A channel as written in the channel file: the name beside the filter's fields.
/// (serde cannot combine `flatten` with `deny_unknown_fields`, and a misspelt field must
/// be an error, not a silently wider channel.)
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChannelEntry {
    /// Channel name.
    name: String,
    /// See [`StoryFilter::languages`].
    #[serde(default)]
    languages: Vec<String>,
    /// See [`StoryFilter::topics`].
    #[serde(default)]
    topics: Vec<String>,
    /// See [`StoryFilter::entities`].
    #[serde(default)]
    entities: Vec<String>,
    /// See [`StoryFilter::sources`].
    #[serde(default)]
    sources: Vec<String>,
}

/// Why a channel configuration was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ChannelConfigError {
    /// The file could not be read.
    #[error("cannot read channel file {path}: {reason}")]
    Unreadable {
        /// The file.
        path: String,
        /// The I/O error.
        reason: String,
    },
    /// Not the expected JSON.
    #[error("channel file {path} is not a JSON list of channels: {reason}")]
    Malformed {
        /// The file.
        path: String,
        /// The parser's message (line and column included).
        reason: String,
    },
    /// A name breaks the rules.
    #[error(
        "channel name {name:?}: must be 1 to {MAX_CHANNEL_NAME_CHARS} characters of a-z, 0-9, '-' or '_'"
    )]
    BadName {
        /// The name given.
        name: String,
    },
    /// Two channels share a name.
    #[error("channel name {name:?} appears twice")]
    Duplicate {
        /// The name given.
        name: String,
    },
    /// No channel at all.
    #[error("channel file {path} defines no channel")]
    Empty {
        /// The file.
        path: String,
    },
}

/// Whether `name` can be a channel (subject token and URL segment).
pub fn is_valid_channel_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().count() <= MAX_CHANNEL_NAME_CHARS
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// The configured channels, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Channels {
    /// Never empty; names unique and valid.
    channels: Vec<Channel>,
}

impl Default for Channels {
    fn default() -> Self {
        Self { channels: vec![Channel { name: DEFAULT_CHANNEL.to_owned(), filter: StoryFilter::default() }] }
    }
}

impl Channels {
    /// Checked channels from a list.
    pub fn new(channels: Vec<Channel>, origin: &str) -> Result<Self, ChannelConfigError> {
        if channels.is_empty() {
            return Err(ChannelConfigError::Empty { path: origin.to_owned() });
        }
        let mut seen = std::collections::HashSet::new();
        for channel in &channels {
            if !is_valid_channel_name(&channel.name) {
                return Err(ChannelConfigError::BadName { name: channel.name.clone() });
            }
            if !seen.insert(channel.name.as_str()) {
                return Err(ChannelConfigError::Duplicate { name: channel.name.clone() });
            }
        }
        Ok(Self { channels })
    }

    /// Parse the JSON text of a channel file.
    pub fn parse(json: &str, origin: &str) -> Result<Self, ChannelConfigError> {
        let entries: Vec<ChannelEntry> = serde_json::from_str(json).map_err(|error| {
            ChannelConfigError::Malformed { path: origin.to_owned(), reason: error.to_string() }
        })?;
        let channels = entries
            .into_iter()
            .map(|entry| Channel {
                name: entry.name,
                filter: StoryFilter {
                    languages: entry.languages,
                    topics: entry.topics,
                    entities: entry.entities,
                    sources: entry.sources,
                },
            })
            .collect();
        Self::new(channels, origin)
    }

    /// Read a channel file.
    pub fn load(path: &Path) -> Result<Self, ChannelConfigError> {
        let origin = path.display().to_string();
        let json = std::fs::read_to_string(path).map_err(|error| ChannelConfigError::Unreadable {
            path: origin.clone(),
            reason: error.to_string(),
        })?;
        Self::parse(&json, &origin)
    }

    /// Every channel.
    pub fn all(&self) -> &[Channel] {
        &self.channels
    }

    /// Whether `name` is configured.
    pub fn contains(&self, name: &str) -> bool {
        self.channels.iter().any(|channel| channel.name == name)
    }

    /// Names of the channels a story with `facts` goes to, in configuration order.
    pub fn matching(&self, facts: &StoryFacts) -> Vec<String> {
        self.channels
            .iter()
            .filter(|channel| channel.filter.matches(facts))
            .map(|channel| channel.name.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> StoryFacts {
        StoryFacts {
            language: Some("en".into()),
            topics: vec!["medtop:11000000".into()],
            entities: vec!["NATO".into(), "Jens Stoltenberg".into()],
            source: "wire".into(),
        }
    }

    #[test]
    fn filters_and_across_fields_or_within() {
        let channels = Channels::parse(
            r#"[
              {"name": "all"},
              {"name": "politics-en", "languages": ["en"], "topics": ["medtop:11000000", "medtop:16000000"]},
              {"name": "nato", "entities": ["nato"]},
              {"name": "french", "languages": ["fr"]},
              {"name": "wire-sport", "sources": ["wire"], "topics": ["medtop:15000000"]}
            ]"#,
            "test",
        )
        .unwrap();
        assert_eq!(channels.matching(&facts()), vec!["all", "politics-en", "nato"]);
    }

    #[test]
    fn bad_files_name_the_problem() {
        assert!(matches!(Channels::parse("{", "f.json"), Err(ChannelConfigError::Malformed { .. })));
        assert!(matches!(Channels::parse("[]", "f.json"), Err(ChannelConfigError::Empty { .. })));
        assert_eq!(
            Channels::parse(r#"[{"name": "World News"}]"#, "f.json"),
            Err(ChannelConfigError::BadName { name: "World News".into() })
        );
        assert_eq!(
            Channels::parse(r#"[{"name": "a"}, {"name": "a"}]"#, "f.json"),
            Err(ChannelConfigError::Duplicate { name: "a".into() })
        );
        assert!(matches!(
            Channels::parse(r#"[{"name": "a", "langauges": ["en"]}]"#, "f.json"),
            Err(ChannelConfigError::Malformed { .. })
        ));
    }

    #[test]
    fn without_a_file_one_channel_takes_everything() {
        assert_eq!(Channels::default().matching(&StoryFacts::default()), vec![DEFAULT_CHANNEL]);
    }
}
