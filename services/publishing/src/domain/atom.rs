//! Atom (RFC 4287) feeds of a channel, made from the stored ninjs documents.

use atom_syndication::{Category, Content, Entry, Feed, FixedDateTime, Generator, Link, Person, Text};
use chrono::{DateTime, Utc};
use serde_json::Value;

use super::ninjs::MEDIA_TOPIC_URI_BASE;

/// What a feed is about.
#[derive(Debug, Clone)]
pub struct FeedMeta<'a> {
    /// Channel name.
    pub channel: &'a str,
    /// Public base URL, for the feed's self link and entries' alternate links.
    pub public_base_url: Option<&'a str>,
    /// When the feed last changed (the newest entry's time; now for an empty feed).
    pub updated: DateTime<Utc>,
}

/// The Atom XML of a channel with its entries (ninjs documents, newest first).
pub fn render(meta: &FeedMeta<'_>, documents: &[Value]) -> String {
    let base = meta.public_base_url.map(|base| base.trim_end_matches('/')).filter(|base| !base.is_empty());
    let mut feed = Feed::default();
    feed.set_id(match base {
        Some(base) => format!("{base}/feeds/{}.atom", meta.channel),
        None => format!("urn:newsroom:channel:{}", meta.channel),
    });
    feed.set_title(Text::plain(format!("Newsroom: {}", meta.channel)));
    feed.set_updated(fixed(meta.updated));
    feed.set_generator(Generator { value: "newsroom-publishing".into(), uri: None, version: None });
    if let Some(base) = base {
        feed.set_links(vec![link(&format!("{base}/feeds/{}.atom", meta.channel), "self")]);
    }
    feed.set_entries(documents.iter().map(|document| entry(document, base)).collect::<Vec<_>>());
    feed.to_string()
}

/// One entry from a ninjs document.
fn entry(document: &Value, base: Option<&str>) -> Entry {
    let text = |key: &str| document.get(key).and_then(Value::as_str).unwrap_or_default().to_owned();
    let first_of = |key: &str| {
        document
            .get(key)
            .and_then(Value::as_array)
            .and_then(|items| items.first())
            .and_then(|item| item.get("value"))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let uri = text("uri");
    let mut entry = Entry::default();
    entry.set_id(uri.clone());
    entry.set_title(Text::plain(first_of("headlines").unwrap_or_else(|| "(untitled)".into())));
    entry.set_updated(parse_time(&text("versioncreated")));
    entry.set_published(Some(parse_time(&text("firstcreated"))));
    let by = text("by");
    let author = if by.is_empty() {
        document
            .get("altids")
            .and_then(Value::as_array)
            .and_then(|ids| ids.iter().find(|id| id.get("role").and_then(Value::as_str) == Some("source")))
            .and_then(|id| id.get("value"))
            .and_then(Value::as_str)
            .unwrap_or("newsroom")
            .to_owned()
    } else {
        by
    };
    entry.set_authors(vec![Person { name: author, ..Default::default() }]);
    if let Some(summary) = first_of("descriptions") {
        entry.set_summary(Some(Text::plain(summary)));
    }
    let html_body = document.get("bodies").and_then(Value::as_array).and_then(|bodies| {
        bodies
            .iter()
            .find(|body| body.get("contenttype").and_then(Value::as_str) == Some("text/html"))
            .and_then(|body| body.get("value"))
            .and_then(Value::as_str)
    });
    if let Some(html_body) = html_body {
        let mut content = Content::default();
        content.set_content_type(Some("html".to_owned()));
        content.set_value(Some(html_body.to_owned()));
        entry.set_content(Some(content));
    }
    let categories = document
        .get("subjects")
        .and_then(Value::as_array)
        .map(|subjects| {
            subjects
                .iter()
                .filter(|subject| subject.get("rel").and_then(Value::as_str) == Some("about"))
                .filter_map(|subject| {
                    let code = subject.get("literal").and_then(Value::as_str)?;
                    Some(Category {
                        term: code.to_owned(),
                        scheme: Some(MEDIA_TOPIC_URI_BASE.to_owned()),
                        label: subject.get("name").and_then(Value::as_str).map(str::to_owned),
                    })
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    entry.set_categories(categories);
    if let Some(base) = base {
        let story_id = uri.rsplit('/').next().unwrap_or_default();
        entry.set_links(vec![link(&format!("{base}/stories/{story_id}"), "alternate")]);
    }
    entry
}

fn link(href: &str, rel: &str) -> Link {
    let mut link = Link::default();
    link.set_href(href);
    link.set_rel(rel);
    link
}

fn fixed(time: DateTime<Utc>) -> FixedDateTime {
    time.fixed_offset()
}

fn parse_time(text: &str) -> FixedDateTime {
    DateTime::parse_from_rfc3339(text).unwrap_or_else(|_| fixed(DateTime::<Utc>::UNIX_EPOCH))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_carry_title_times_content_and_topics() {
        let document = serde_json::json!({
            "uri": "https://news.example.com/stories/s1",
            "version": "1",
            "firstcreated": "2026-11-28T09:00:00.000Z",
            "versioncreated": "2026-11-28T10:00:00.000Z",
            "headlines": [{"role": "main", "contenttype": "text/plain", "value": "Ferry strike <ends>"}],
            "descriptions": [{"role": "summary", "contenttype": "text/plain", "value": "A deal."}],
            "bodies": [{"role": "main", "contenttype": "text/html", "value": "<p>Body &amp; more</p>"}],
            "subjects": [{"name": "labour", "rel": "about", "literal": "medtop:09000000"}],
            "altids": [{"role": "source", "value": "wire"}],
        });
        let meta = FeedMeta {
            channel: "all",
            public_base_url: Some("https://news.example.com"),
            updated: Utc::now(),
        };
        let xml = render(&meta, &[document]);
        let feed: Feed = xml.parse().unwrap();
        assert_eq!(feed.id(), "https://news.example.com/feeds/all.atom");
        let entry = &feed.entries()[0];
        assert_eq!(entry.title().as_str(), "Ferry strike <ends>");
        assert_eq!(entry.authors()[0].name(), "wire");
        assert_eq!(entry.categories()[0].term(), "medtop:09000000");
        assert_eq!(entry.content().and_then(|content| content.value()), Some("<p>Body &amp; more</p>"));
        assert_eq!(entry.links()[0].href(), "https://news.example.com/stories/s1");
    }
}
