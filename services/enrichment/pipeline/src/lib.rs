//! The enrichment pipeline: raw pasted text or an HTML page in, a clean, structured story
//! out. Pure functions, no I/O: the service, the `Enrich` RPC and `newsroomctl enrich`
//! all call [`enrich`] and get the same answer.
//!
//! Stages, each in its own module:
//! - [`detect`]: text or HTML;
//! - [`extract`]: main content and metadata (headline, byline, dateline, section, date) from
//!   HTML, boilerplate removal from pasted text;
//! - [`language`]: ISO 639-1 language;
//! - [`entities`]: people, organisations, places with aliases merged;
//! - [`quotes`]: direct quotes and their speakers;
//! - [`topics`], [`keywords`], [`summary`], [`fingerprint`].
//!
//! Offsets are always CHARACTER offsets (Unicode scalar values) into `body_text`.

mod char_scan;
pub mod detect;
pub mod entities;
pub mod extract;
pub mod fingerprint;
pub mod keywords;
pub mod language;
mod letter_table;
pub mod markup_guard;
pub mod quotes;
pub mod summary;
pub mod topics;
mod word_set;
mod words;

use serde::{Deserialize, Serialize};

/// What the pipeline is given.
#[derive(Debug, Clone, Default)]
pub struct Input<'a> {
    /// The raw story: pasted text or an HTML page.
    pub content: &'a str,
    /// MIME type when known (`text/plain`, `text/html`); `None` means detect.
    pub content_type: Option<&'a str>,
    /// URL of the story at its source, when known (helps date and section detection).
    pub url: Option<&'a str>,
}

/// The structured story.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Enriched {
    /// Headline.
    pub headline: Option<String>,
    /// Byline (author names), e.g. "Jane Doe".
    pub byline: Option<String>,
    /// Dateline (place and/or agency), e.g. "GENEVA (Reuters)".
    pub dateline: Option<String>,
    /// Section, e.g. "INTERNATIONAL".
    pub section: Option<String>,
    /// Publication date: RFC 3339 instant or `YYYY-MM-DD`.
    pub published_at: Option<String>,
    /// ISO 639-1 language code.
    pub language: Option<String>,
    /// The clean body: paragraphs separated by a blank line, no menus, footers or boilerplate.
    pub body_text: String,
    /// Named entities with every mention.
    pub entities: Vec<Entity>,
    /// Direct quotes.
    pub quotes: Vec<Quote>,
    /// IPTC Media Topics.
    pub topics: Vec<Topic>,
    /// Keywords, most important first.
    pub keywords: Vec<String>,
    /// Extractive summary: 2–3 sentences of the body.
    pub summary: String,
    /// Near-duplicate fingerprint (hex).
    pub fingerprint: String,
}

/// Kind of a named entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A person.
    Person,
    /// A company, institution, party, team…
    Organisation,
    /// A country, city, region, landmark…
    Place,
    /// Anything else with a name (events, products, nationalities…).
    Other,
}

/// One entity: its canonical name and every mention in `body_text`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Canonical name, e.g. "Jens Stoltenberg" (also for mentions "Stoltenberg", "Stoltenber").
    pub name: String,
    /// Kind.
    #[serde(rename = "type")]
    pub kind: EntityKind,
    /// Mentions, in text order.
    pub mentions: Vec<Mention>,
}

/// A span of `body_text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// The text of the span (equals `body_text[start..end]` in characters).
    pub text: String,
    /// Start, in characters.
    pub start: usize,
    /// End (exclusive), in characters.
    pub end: usize,
}

/// A direct quote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words, without the quotation marks.
    pub text: String,
    /// The speaker: the canonical name of a person in the story when resolved, else the
    /// subject phrase of the speech verb ("a senior official", "the ministry").
    pub speaker: Option<String>,
    /// Start of the quoted words in `body_text`, in characters.
    pub start: usize,
    /// End (exclusive), in characters.
    pub end: usize,
}

/// An IPTC Media Topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Topic {
    /// Code such as `medtop:11000000`.
    pub code: String,
    /// English label, e.g. "politics".
    pub name: String,
    /// 0–1.
    pub confidence: f32,
}

/// Run the whole pipeline.
pub fn enrich(input: &Input<'_>) -> Enriched {
    let kind = detect::detect(input.content, input.content_type);
    // Pathologically deep markup is read as text (inside `extract`, after the scrub).
    let extracted = extract::extract(input.content, kind, input.url);
    let body = extracted.body_text;
    let language = language::detect(&body).or(extracted.language_hint);
    // Entities, quotes and the summary index the body by character: collect them once.
    let chars: Vec<char> = body.chars().collect();
    let entities = entities::find_in_body(&body, &chars);
    let quotes = quotes::find_in_chars(&chars, &entities);
    // The topics, the summary and the fingerprint read the same lower-cased words: split
    // the body once, and number the distinct words.
    let body_words = words::BodyWords::new(&body);
    let word_ids = words::WordIds::new(&body_words);
    let topics = topics::classify_numbered(&word_ids, extracted.headline.as_deref(), &entities);
    let keywords = keywords::extract_numbered(
        &body,
        chars.len(),
        extracted.headline.as_deref(),
        &entities,
        &body_words,
        &word_ids,
    );
    let summary =
        summary::summarise_words(&body, &chars, extracted.headline.as_deref(), &body_words, &word_ids);
    let fingerprint = fingerprint::fingerprint_of_words(&body_words.lowered);
    drop(word_ids);
    drop(body_words);
    Enriched {
        headline: extracted.headline,
        byline: extracted.byline,
        dateline: extracted.dateline,
        section: extracted.section,
        published_at: extracted.published_at,
        language,
        body_text: body,
        entities,
        quotes,
        topics,
        keywords,
        summary,
        fingerprint,
    }
}
