//! IPTC ninjs 2.2 ("News in JSON") documents of enriched stories.
//!
//! The document keeps to the properties of the official 2.2 schema (which forbids any
//! other): identity and versions, status and embargo, headline, plain and sanitised HTML
//! bodies, summary, byline, dateline, people / organisations / places, IPTC Media Topics
//! and keywords as subjects, and the source as an alternative id.

use chrono::{DateTime, SecondsFormat, Utc};
use newsroom_proto::v1::{EnrichedStory, EntityType};
use serde::Serialize;

/// `standard.schema` of every document.
pub const NINJS_SCHEMA_URI: &str = "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json";
/// Base of IPTC Media Topic URIs; `medtop:11000000` becomes `<base>11000000`.
pub const MEDIA_TOPIC_URI_BASE: &str = "http://cv.iptc.org/newscodes/mediatopic/";
/// Urgency when the push gave none (ninjs: 1 is most urgent, 9 least).
pub const DEFAULT_URGENCY: u32 = 5;

/// ninjs `pubstatus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PubStatus {
    /// Publishable.
    Usable,
    /// Not to be used for now.
    Withheld,
    /// Killed: every copy must go.
    Canceled,
}

impl PubStatus {
    /// The ninjs value.
    pub fn as_str(self) -> &'static str {
        match self {
            PubStatus::Usable => "usable",
            PubStatus::Withheld => "withheld",
            PubStatus::Canceled => "canceled",
        }
    }
}

/// The stable `uri` of a story: under the public base URL when configured, else a URN.
pub fn story_uri(public_base_url: Option<&str>, story_id: &str) -> String {
    match public_base_url.map(|base| base.trim_end_matches('/')).filter(|base| !base.is_empty()) {
        Some(base) => format!("{base}/stories/{story_id}"),
        None => format!("urn:newsroom:story:{story_id}"),
    }
}

/// Everything a document is made from.
#[derive(Debug, Clone)]
pub struct NinjsInput<'a> {
    /// Stable story URI, see [`story_uri`].
    pub uri: &'a str,
    /// Story version.
    pub version: u32,
    /// What enrichment understood.
    pub story: &'a EnrichedStory,
    /// Headline pushed as a hint (wins over the one found).
    pub headline_hint: Option<&'a str>,
    /// Language pushed as a hint (wins over the one detected).
    pub language_hint: Option<&'a str>,
    /// Ingest source.
    pub source: &'a str,
    /// URL of the story at its source.
    pub url: &'a str,
    /// Near-duplicate cluster.
    pub cluster_id: &'a str,
    /// When the story's first version was published here.
    pub first_created: DateTime<Utc>,
    /// When this version was published here.
    pub version_created: DateTime<Utc>,
    /// Embargo end, if any.
    pub embargo_until: Option<DateTime<Utc>>,
    /// Status.
    pub pubstatus: PubStatus,
    /// 1 (most urgent) to 9.
    pub urgency: u32,
}

/// A ninjs 2.2 document (only the properties we fill; every one is in the schema).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Ninjs {
    /// Stable identifier of the story.
    pub uri: String,
    /// Always `text`.
    pub r#type: &'static str,
    /// Always `full`.
    pub representationtype: &'static str,
    /// Story version, as a string.
    pub version: String,
    /// First version's publication time.
    pub firstcreated: String,
    /// This version's publication time.
    pub versioncreated: String,
    /// Publication date found in the story itself, when it is a full timestamp.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contentcreated: Option<String>,
    /// Embargo end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub embargoed: Option<String>,
    /// Status.
    pub pubstatus: PubStatus,
    /// Editorial urgency.
    pub urgency: u32,
    /// BCP 47 language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Main headline.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub headlines: Vec<Text>,
    /// Plain text and HTML bodies.
    pub bodies: Vec<Body>,
    /// The summary.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub descriptions: Vec<Text>,
    /// Byline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// Dateline place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub located: Option<String>,
    /// People named.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<Concept>,
    /// Organisations named.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub organisations: Vec<Concept>,
    /// Places named.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<Concept>,
    /// IPTC Media Topics, section and keywords.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<Subject>,
    /// Source, source URL and near-duplicate cluster.
    pub altids: Vec<AltId>,
    /// Which standard this is.
    pub standard: Standard,
}

/// A headline or description.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Text {
    /// e.g. `main`, `summary`.
    pub role: &'static str,
    /// Always `text/plain`.
    pub contenttype: &'static str,
    /// The text.
    pub value: String,
}

/// A body.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Body {
    /// Always `main`.
    pub role: &'static str,
    /// `text/plain` or `text/html`.
    pub contenttype: &'static str,
    /// Characters of the plain text.
    pub charcount: usize,
    /// Words of the plain text.
    pub wordcount: usize,
    /// The body.
    pub value: String,
}

/// A person, organisation or place.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Concept {
    /// Canonical name.
    pub name: String,
    /// Always `mentioned`.
    pub rel: &'static str,
}

/// A subject (topic, section or keyword).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Subject {
    /// Label.
    pub name: String,
    /// `about` (topics), `section` or `keyword`.
    pub rel: &'static str,
    /// Media Topic URI.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// Media Topic code (`medtop:…`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub literal: Option<String>,
    /// Who assigned it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creator: Option<&'static str>,
    /// Confidence, 0–100.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<u32>,
}

/// An alternative identifier.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AltId {
    /// What it is.
    pub role: &'static str,
    /// The id.
    pub value: String,
}

/// `standard` of the document.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Standard {
    /// `ninjs`.
    pub name: &'static str,
    /// `2.2`.
    pub version: &'static str,
    /// Schema URI.
    pub schema: &'static str,
}

/// RFC 3339 with a `Z`, as ninjs `date-time` wants.
pub fn format_time(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The document of one story version.
pub fn render(input: &NinjsInput<'_>) -> Ninjs {
    let story = input.story;
    let headline = non_empty(input.headline_hint).or_else(|| non_empty(story.headline.as_deref()));
    let language = non_empty(input.language_hint).or_else(|| non_empty(story.language.as_deref()));
    let body_text = story.body_text.trim();
    let charcount = body_text.chars().count();
    let wordcount = body_text.split_whitespace().count();
    let mut bodies = vec![Body {
        role: "main",
        contenttype: "text/plain",
        charcount,
        wordcount,
        value: body_text.to_owned(),
    }];
    if !body_text.is_empty() {
        bodies.push(Body {
            role: "main",
            contenttype: "text/html",
            charcount,
            wordcount,
            value: body_html(body_text),
        });
    }
    let names_of = |wanted: EntityType| -> Vec<Concept> {
        story
            .entities
            .iter()
            .filter(|entity| entity.r#type() == wanted && !entity.name.trim().is_empty())
            .map(|entity| Concept { name: entity.name.trim().to_owned(), rel: "mentioned" })
            .collect()
    };
    let mut subjects: Vec<Subject> = story
        .topics
        .iter()
        .filter_map(|topic| {
            let code = topic.code.strip_prefix("medtop:")?;
            if code.is_empty() || !code.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            Some(Subject {
                name: topic.name.clone(),
                rel: "about",
                uri: Some(format!("{MEDIA_TOPIC_URI_BASE}{code}")),
                literal: Some(topic.code.clone()),
                creator: Some("newsroom-enrichment"),
                confidence: Some((topic.confidence.clamp(0.0, 1.0) * 100.0).round() as u32),
            })
        })
        .collect();
    if let Some(section) = non_empty(story.section.as_deref()) {
        subjects.push(Subject {
            name: section,
            rel: "section",
            uri: None,
            literal: None,
            creator: None,
            confidence: None,
        });
    }
    subjects.extend(story.keywords.iter().filter(|keyword| !keyword.trim().is_empty()).map(|keyword| {
        Subject {
            name: keyword.trim().to_owned(),
            rel: "keyword",
            uri: None,
            literal: None,
            creator: Some("newsroom-enrichment"),
            confidence: None,
        }
    }));
    let mut altids = vec![AltId { role: "source", value: input.source.to_owned() }];
    if !input.url.is_empty() {
        altids.push(AltId { role: "source-url", value: input.url.to_owned() });
    }
    if !input.cluster_id.is_empty() {
        altids.push(AltId { role: "near-duplicate-cluster", value: input.cluster_id.to_owned() });
    }
    Ninjs {
        uri: input.uri.to_owned(),
        r#type: "text",
        representationtype: "full",
        version: input.version.to_string(),
        firstcreated: format_time(input.first_created),
        versioncreated: format_time(input.version_created),
        contentcreated: story
            .published_at
            .as_deref()
            .and_then(|text| DateTime::parse_from_rfc3339(text).ok())
            .map(|time| format_time(time.with_timezone(&Utc))),
        embargoed: input.embargo_until.map(format_time),
        pubstatus: input.pubstatus,
        urgency: input.urgency.clamp(1, 9),
        language,
        headlines: headline
            .map(|value| vec![Text { role: "main", contenttype: "text/plain", value }])
            .unwrap_or_default(),
        bodies,
        descriptions: non_empty(Some(story.summary.as_str()))
            .map(|value| vec![Text { role: "summary", contenttype: "text/plain", value }])
            .unwrap_or_default(),
        by: non_empty(story.byline.as_deref()),
        located: non_empty(story.dateline.as_deref()),
        people: names_of(EntityType::Person),
        organisations: names_of(EntityType::Organisation),
        places: names_of(EntityType::Place),
        subjects,
        altids,
        standard: Standard { name: "ninjs", version: "2.2", schema: NINJS_SCHEMA_URI },
    }
}

/// The HTML body: one `<p>` per paragraph of the plain text, escaped, then passed through
/// ammonia (defence in depth: nothing but the paragraphs and line breaks can survive).
pub fn body_html(body_text: &str) -> String {
    let mut html = String::with_capacity(body_text.len() + body_text.len() / 8);
    for paragraph in body_text.split("\n\n").map(str::trim).filter(|paragraph| !paragraph.is_empty()) {
        html.push_str("<p>");
        for (index, line) in paragraph.lines().enumerate() {
            if index > 0 {
                html.push_str("<br>");
            }
            html.push_str(&html_escape::encode_text(line.trim()));
        }
        html.push_str("</p>");
    }
    sanitize_html(&html)
}

/// Sanitise HTML for subscribers: text structure only, no scripts, styles, frames,
/// event handlers or foreign URLs schemes.
pub fn sanitize_html(html: &str) -> String {
    ammonia::Builder::default()
        .tags(
            ["p", "br", "b", "strong", "i", "em", "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "a"]
                .into(),
        )
        .link_rel(Some("noopener noreferrer nofollow"))
        .url_schemes(["http", "https", "mailto"].into())
        .clean(html)
        .to_string()
}

fn non_empty(text: Option<&str>) -> Option<String> {
    text.map(str::trim).filter(|text| !text.is_empty()).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone as _;
    use newsroom_proto::v1::{Entity, Topic};

    use super::*;

    fn story() -> EnrichedStory {
        EnrichedStory {
            headline: Some("NATO Head Says Disagreement with Russia will be Hard to Bridge".into()),
            section: Some("INTERNATIONAL".into()),
            dateline: Some("Geneva".into()),
            language: Some("en".into()),
            body_text: "First paragraph with <b>markup-looking</b> text.\n\nSecond one.".into(),
            entities: vec![
                Entity {
                    name: "Jens Stoltenberg".into(),
                    r#type: EntityType::Person as i32,
                    mentions: vec![],
                },
                Entity { name: "NATO".into(), r#type: EntityType::Organisation as i32, mentions: vec![] },
                Entity { name: "Crimea".into(), r#type: EntityType::Place as i32, mentions: vec![] },
                Entity { name: "Cold War".into(), r#type: EntityType::Other as i32, mentions: vec![] },
            ],
            topics: vec![Topic {
                code: "medtop:11000000".into(),
                name: "politics".into(),
                confidence: 0.874,
            }],
            keywords: vec!["disagreement".into()],
            summary: "NATO's head says the gap is wide.".into(),
            ..Default::default()
        }
    }

    fn input(story: &EnrichedStory) -> NinjsInput<'_> {
        NinjsInput {
            uri: "urn:newsroom:story:s1",
            version: 2,
            story,
            headline_hint: None,
            language_hint: None,
            source: "wire",
            url: "https://example.com/a",
            cluster_id: "c1",
            first_created: Utc.with_ymd_and_hms(2026, 11, 28, 9, 0, 0).unwrap(),
            version_created: Utc.with_ymd_and_hms(2026, 11, 28, 10, 0, 0).unwrap(),
            embargo_until: None,
            pubstatus: PubStatus::Usable,
            urgency: DEFAULT_URGENCY,
        }
    }

    #[test]
    fn seed_shaped_story_renders_every_part() {
        let story = story();
        let document = serde_json::to_value(render(&input(&story))).unwrap();
        assert_eq!(document["uri"], "urn:newsroom:story:s1");
        assert_eq!(document["version"], "2");
        assert_eq!(document["versioncreated"], "2026-11-28T10:00:00.000Z");
        assert_eq!(document["pubstatus"], "usable");
        assert_eq!(
            document["headlines"][0]["value"],
            "NATO Head Says Disagreement with Russia will be Hard to Bridge"
        );
        assert_eq!(document["located"], "Geneva");
        assert_eq!(document["people"][0]["name"], "Jens Stoltenberg");
        assert_eq!(document["organisations"][0]["name"], "NATO");
        assert_eq!(document["places"][0]["name"], "Crimea");
        assert_eq!(document["subjects"][0]["uri"], "http://cv.iptc.org/newscodes/mediatopic/11000000");
        assert_eq!(document["subjects"][0]["confidence"], 87);
        assert_eq!(document["subjects"][1]["rel"], "section");
        assert_eq!(document["bodies"][1]["contenttype"], "text/html");
        assert_eq!(
            document["bodies"][1]["value"],
            "<p>First paragraph with &lt;b&gt;markup-looking&lt;/b&gt; text.</p><p>Second one.</p>"
        );
        assert!(document.get("embargoed").is_none());
        assert_eq!(document["standard"]["version"], "2.2");
    }

    #[test]
    fn hints_win_and_embargo_shows() {
        let story = story();
        let mut input = input(&story);
        input.headline_hint = Some("Pushed headline");
        input.language_hint = Some("fr");
        input.embargo_until = Some(Utc.with_ymd_and_hms(2026, 12, 1, 6, 0, 0).unwrap());
        let document = render(&input);
        assert_eq!(document.headlines[0].value, "Pushed headline");
        assert_eq!(document.language.as_deref(), Some("fr"));
        assert_eq!(document.embargoed.as_deref(), Some("2026-12-01T06:00:00.000Z"));
    }

    #[test]
    fn sanitizer_drops_active_content() {
        let dirty = r#"<p onclick="steal()">Hi<script>alert(1)</script><iframe src="x"></iframe><style>p{}</style><a href="javascript:alert(1)">x</a></p>"#;
        let clean = sanitize_html(dirty);
        for banned in ["script", "iframe", "style", "onclick", "javascript:"] {
            assert!(!clean.contains(banned), "{banned} survived in {clean}");
        }
        assert!(clean.contains("Hi"));
    }

    #[test]
    fn uri_is_stable_and_absolute() {
        assert_eq!(story_uri(Some("https://news.example.com/"), "s1"), "https://news.example.com/stories/s1");
        assert_eq!(story_uri(None, "s1"), "urn:newsroom:story:s1");
    }
}
