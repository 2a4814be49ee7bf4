//! Subscribers: validation of what an admin registers, and where deliveries go.

use serde::{Deserialize, Serialize};

use super::{channels::StoryFilter, webhook_targets::WebhookNetworkPolicy};

/// Longest subscriber name.
pub const MAX_NAME_CHARS: usize = 128;
/// Most destinations per subscriber.
pub const MAX_DESTINATIONS: usize = 8;
/// Shortest webhook secret accepted.
pub const MIN_SECRET_CHARS: usize = 16;
/// Longest webhook secret accepted.
pub const MAX_SECRET_CHARS: usize = 256;
/// Longest webhook URL or NATS subject.
pub const MAX_TARGET_CHARS: usize = 2048;

/// Where a subscriber's stories go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Destination {
    /// A signed POST of the ninjs JSON.
    WebhookUrl(String),
    /// A NATS publish of the ninjs JSON.
    NatsSubject(String),
}

impl std::fmt::Display for Destination {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Destination::WebhookUrl(url) => write!(formatter, "webhook {url}"),
            Destination::NatsSubject(subject) => write!(formatter, "nats {subject}"),
        }
    }
}

/// A field of a subscriber that breaks a rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct InvalidSubscriber {
    /// The field, e.g. `destinations[1].webhook_url`.
    pub field: String,
    /// What is wrong, with the limit.
    pub message: String,
}

fn invalid(field: impl Into<String>, message: impl Into<String>) -> InvalidSubscriber {
    InvalidSubscriber { field: field.into(), message: message.into() }
}

/// Check a subscriber's name, destinations (webhook hosts against `network`) and secret;
/// returns the trimmed name.
pub fn validate(
    name: &str,
    filter: &StoryFilter,
    destinations: &[Option<Destination>],
    webhook_secret: Option<&str>,
    network: &WebhookNetworkPolicy,
) -> Result<(String, Vec<Destination>), InvalidSubscriber> {
    let name = name.trim();
    if name.is_empty() {
        return Err(invalid("name", "must not be empty"));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(invalid("name", format!("must be at most {MAX_NAME_CHARS} characters")));
    }
    for (field, values) in [
        ("filter.languages", &filter.languages),
        ("filter.topics", &filter.topics),
        ("filter.entities", &filter.entities),
        ("filter.sources", &filter.sources),
    ] {
        if values.iter().any(|value| value.trim().is_empty()) {
            return Err(invalid(field, "must not contain empty values"));
        }
        if values.len() > 100 {
            return Err(invalid(field, "must have at most 100 values"));
        }
    }
    if let Some(topic) = filter.topics.iter().find(|topic| !topic.starts_with("medtop:")) {
        return Err(invalid(
            "filter.topics",
            format!("{topic:?} is not an IPTC Media Topic code (medtop:NNNNNNNN)"),
        ));
    }
    if destinations.is_empty() {
        return Err(invalid("destinations", "at least one destination is required"));
    }
    if destinations.len() > MAX_DESTINATIONS {
        return Err(invalid("destinations", format!("at most {MAX_DESTINATIONS} destinations")));
    }
    let mut checked = Vec::with_capacity(destinations.len());
    for (index, destination) in destinations.iter().enumerate() {
        let Some(destination) = destination else {
            return Err(invalid(format!("destinations[{index}]"), "set webhook_url or nats_subject"));
        };
        match destination {
            Destination::WebhookUrl(url) => check_webhook_url(url, network)
                .map_err(|message| invalid(format!("destinations[{index}].webhook_url"), message))?,
            Destination::NatsSubject(subject) => check_nats_subject(subject)
                .map_err(|message| invalid(format!("destinations[{index}].nats_subject"), message))?,
        }
        checked.push(destination.clone());
    }
    if let Some(secret) = webhook_secret {
        let length = secret.chars().count();
        if !(MIN_SECRET_CHARS..=MAX_SECRET_CHARS).contains(&length) {
            return Err(invalid(
                "webhook_secret",
                format!("must be {MIN_SECRET_CHARS} to {MAX_SECRET_CHARS} characters (got {length})"),
            ));
        }
    }
    Ok((name.to_owned(), checked))
}

fn check_webhook_url(url: &str, network: &WebhookNetworkPolicy) -> Result<(), String> {
    if url.len() > MAX_TARGET_CHARS {
        return Err(format!("must be at most {MAX_TARGET_CHARS} bytes"));
    }
    let parsed = reqwest::Url::parse(url).map_err(|error| format!("{url:?} is not a URL: {error}"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!("scheme {:?} is not allowed (http or https)", parsed.scheme()));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(format!("{url:?} has no host"));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err("must not carry credentials (the signature authenticates us)".into());
    }
    match parsed.host() {
        Some(host) => network.check_host(&host),
        None => Err(format!("{url:?} has no host")),
    }
}

fn check_nats_subject(subject: &str) -> Result<(), String> {
    if subject.is_empty() || subject.len() > MAX_TARGET_CHARS {
        return Err(format!("must be 1 to {MAX_TARGET_CHARS} bytes"));
    }
    let tokens_ok = subject.split('.').all(|token| {
        !token.is_empty() && token.chars().all(|c| c.is_ascii_graphic() && c != '*' && c != '>')
    });
    if !tokens_ok {
        return Err(format!(
            "{subject:?} is not a NATS subject (dot-separated tokens, no spaces or wildcards)"
        ));
    }
    if subject.starts_with("newsroom.") || subject.starts_with('$') {
        return Err(format!("{subject:?} is reserved (newsroom.* and $* belong to the pipeline and NATS)"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn webhook(url: &str) -> Option<Destination> {
        Some(Destination::WebhookUrl(url.into()))
    }

    #[test]
    fn good_subscribers_pass_and_bad_fields_are_named() {
        let filter = StoryFilter::default();
        assert!(
            validate(
                "Desk",
                &filter,
                &[webhook("https://example.com/hook")],
                None,
                &WebhookNetworkPolicy::default()
            )
            .is_ok()
        );
        let field = |result: Result<(String, Vec<Destination>), InvalidSubscriber>| result.unwrap_err().field;
        assert_eq!(
            field(validate(
                " ",
                &filter,
                &[webhook("https://x.org")],
                None,
                &WebhookNetworkPolicy::default()
            )),
            "name"
        );
        assert_eq!(
            field(validate("a", &filter, &[], None, &WebhookNetworkPolicy::default())),
            "destinations"
        );
        assert_eq!(
            field(validate("a", &filter, &[None], None, &WebhookNetworkPolicy::default())),
            "destinations[0]"
        );
        assert_eq!(
            field(validate(
                "a",
                &filter,
                &[webhook("https://x.org"), webhook("ftp://x.org")],
                None,
                &WebhookNetworkPolicy::default()
            )),
            "destinations[1].webhook_url"
        );
        assert_eq!(
            field(validate(
                "a",
                &filter,
                &[Some(Destination::NatsSubject("a.*".into()))],
                None,
                &WebhookNetworkPolicy::default()
            )),
            "destinations[0].nats_subject"
        );
        assert_eq!(
            field(validate(
                "a",
                &filter,
                &[Some(Destination::NatsSubject("newsroom.story.x".into()))],
                None,
                &WebhookNetworkPolicy::default()
            )),
            "destinations[0].nats_subject"
        );
        assert_eq!(
            field(validate(
                "a",
                &filter,
                &[webhook("https://x.org")],
                Some("short"),
                &WebhookNetworkPolicy::default()
            )),
            "webhook_secret"
        );
        assert_eq!(
            field(validate(
                "a",
                &filter,
                &[webhook("http://127.0.0.1:9090/hook")],
                None,
                &WebhookNetworkPolicy::default()
            )),
            "destinations[0].webhook_url",
            "loopback is refused by default"
        );
        let loopback = WebhookNetworkPolicy { allow_loopback: true, allow_private: false };
        assert!(validate("a", &filter, &[webhook("http://localhost:9090/hook")], None, &loopback).is_ok());
        let bad_topic = StoryFilter { topics: vec!["politics".into()], ..Default::default() };
        assert_eq!(
            field(validate(
                "a",
                &bad_topic,
                &[webhook("https://x.org")],
                None,
                &WebhookNetworkPolicy::default()
            )),
            "filter.topics"
        );
    }
}
