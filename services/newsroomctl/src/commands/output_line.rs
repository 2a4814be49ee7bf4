//! Writing one output line of the batch (`enrich --jsonl`): the caller's id and the enriched
//! story's fields as one JSON object, byte for byte what serde_json writes for them (a test
//! compares the two on every kind of field).
//!
//! serde_json serialised the story through `#[serde(flatten)]`, a map serializer that pays a
//! call and a buffer check per field, per mention and per escaped byte; a story has hundreds
//! of entity mentions and a body of kilobytes. Here the fixed shape is written straight into
//! one buffer, strings scanned sixteen bytes at a time for the bytes JSON escapes.

use newsroom_pipeline::{Enriched, Entity, EntityKind, Mention, Quote, Topic};
use serde_json::Value;

use super::json_line::find_special;

/// Append the output line (without its newline) for a story that enriched: `id` first, then
/// every field of `enriched` in declaration order, as serde_json writes them.
pub fn write_enriched(out: &mut Vec<u8>, id: &Value, enriched: &Enriched) -> serde_json::Result<()> {
    out.extend_from_slice(b"{\"id\":");
    serde_json::to_writer(&mut *out, id)?;
    out.extend_from_slice(b",\"headline\":");
    write_optional_str(out, enriched.headline.as_deref());
    out.extend_from_slice(b",\"byline\":");
    write_optional_str(out, enriched.byline.as_deref());
    out.extend_from_slice(b",\"dateline\":");
    write_optional_str(out, enriched.dateline.as_deref());
    out.extend_from_slice(b",\"section\":");
    write_optional_str(out, enriched.section.as_deref());
    out.extend_from_slice(b",\"published_at\":");
    write_optional_str(out, enriched.published_at.as_deref());
    out.extend_from_slice(b",\"language\":");
    write_optional_str(out, enriched.language.as_deref());
    out.extend_from_slice(b",\"body_text\":");
    write_str(out, &enriched.body_text);
    out.extend_from_slice(b",\"entities\":");
    write_array(out, &enriched.entities, write_entity);
    out.extend_from_slice(b",\"quotes\":");
    write_array(out, &enriched.quotes, write_quote);
    out.extend_from_slice(b",\"topics\":");
    let mut topics = enriched.topics.iter();
    out.push(b'[');
    if let Some(first) = topics.next() {
        write_topic(out, first)?;
        for topic in topics {
            out.push(b',');
            write_topic(out, topic)?;
        }
    }
    out.push(b']');
    out.extend_from_slice(b",\"keywords\":");
    write_array(out, &enriched.keywords, |out, keyword| write_str(out, keyword));
    out.extend_from_slice(b",\"summary\":");
    write_str(out, &enriched.summary);
    out.extend_from_slice(b",\"fingerprint\":");
    write_str(out, &enriched.fingerprint);
    out.push(b'}');
    Ok(())
}

/// `[item,item,…]`, each item written by `write_item`.
fn write_array<T>(out: &mut Vec<u8>, items: &[T], write_item: impl Fn(&mut Vec<u8>, &T)) {
    out.push(b'[');
    let mut items = items.iter();
    if let Some(first) = items.next() {
        write_item(out, first);
        for item in items {
            out.push(b',');
            write_item(out, item);
        }
    }
    out.push(b']');
}

/// `{"name":…,"type":…,"mentions":[…]}`.
fn write_entity(out: &mut Vec<u8>, entity: &Entity) {
    out.extend_from_slice(b"{\"name\":");
    write_str(out, &entity.name);
    out.extend_from_slice(match entity.kind {
        EntityKind::Person => b",\"type\":\"person\",\"mentions\":",
        EntityKind::Organisation => b",\"type\":\"organisation\",\"mentions\":",
        EntityKind::Place => b",\"type\":\"place\",\"mentions\":",
        EntityKind::Other => b",\"type\":\"other\",\"mentions\":",
    });
    write_array(out, &entity.mentions, write_mention);
    out.push(b'}');
}

/// `{"text":…,"start":…,"end":…}`.
fn write_mention(out: &mut Vec<u8>, mention: &Mention) {
    out.extend_from_slice(b"{\"text\":");
    write_str(out, &mention.text);
    out.extend_from_slice(b",\"start\":");
    write_count(out, mention.start);
    out.extend_from_slice(b",\"end\":");
    write_count(out, mention.end);
    out.push(b'}');
}

/// `{"text":…,"speaker":…,"start":…,"end":…}`.
fn write_quote(out: &mut Vec<u8>, quote: &Quote) {
    out.extend_from_slice(b"{\"text\":");
    write_str(out, &quote.text);
    out.extend_from_slice(b",\"speaker\":");
    write_optional_str(out, quote.speaker.as_deref());
    out.extend_from_slice(b",\"start\":");
    write_count(out, quote.start);
    out.extend_from_slice(b",\"end\":");
    write_count(out, quote.end);
    out.push(b'}');
}

/// `{"code":…,"name":…,"confidence":…}`; the float as serde_json writes it (shortest
/// round-trip form, `null` when not finite).
fn write_topic(out: &mut Vec<u8>, topic: &Topic) -> serde_json::Result<()> {
    out.extend_from_slice(b"{\"code\":");
    write_str(out, &topic.code);
    out.extend_from_slice(b",\"name\":");
    write_str(out, &topic.name);
    out.extend_from_slice(b",\"confidence\":");
    serde_json::to_writer(&mut *out, &topic.confidence)?;
    out.push(b'}');
    Ok(())
}

/// The string, or `null`.
fn write_optional_str(out: &mut Vec<u8>, text: Option<&str>) {
    match text {
        Some(text) => write_str(out, text),
        None => out.extend_from_slice(b"null"),
    }
}

/// A JSON string as serde_json writes it: `"` and `\` escaped by a backslash, control bytes
/// as `\b \t \n \f \r` or `\u00xx` (lower-case hex), everything else (DEL and non-ASCII
/// included) as it is. Runs between escapes are found by [`find_special`] and copied whole.
fn write_str(out: &mut Vec<u8>, text: &str) {
    /// Lower-case hex digits, as serde_json writes `\u00xx`.
    const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";
    out.reserve(text.len() + 2);
    out.push(b'"');
    let mut rest = text.as_bytes();
    loop {
        let run = find_special(rest);
        let (plain, special) = rest.split_at(run);
        out.extend_from_slice(plain);
        let Some((&byte, after)) = special.split_first() else { break };
        match byte {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\r' => out.extend_from_slice(b"\\r"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0C => out.extend_from_slice(b"\\f"),
            _ => out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX_DIGITS[usize::from(byte >> 4)],
                HEX_DIGITS[usize::from(byte & 0xF)],
            ]),
        }
        rest = after;
    }
    out.push(b'"');
}

/// A count (a character offset) in decimal.
fn write_count(out: &mut Vec<u8>, mut count: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (count % 10) as u8;
        count /= 10;
        if count == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The output line as serde_json wrote it before: the reference for [`write_enriched`].
    #[derive(serde::Serialize)]
    struct SerdeOutputLine<'a> {
        id: &'a Value,
        #[serde(flatten)]
        enriched: &'a Enriched,
    }

    /// A story with every field set, and strings with everything JSON escapes.
    fn full_story(tricky: &str) -> Enriched {
        Enriched {
            headline: Some(format!("Storm \"Ada\" {tricky}")),
            byline: Some("Jane Doe".to_owned()),
            dateline: Some(tricky.to_owned()),
            section: None,
            published_at: Some("2026-12-07".to_owned()),
            language: None,
            body_text: format!(
                "First paragraph.\n\nSecond {tricky} paragraph with a long run of plain text."
            ),
            entities: vec![
                Entity {
                    name: tricky.to_owned(),
                    kind: EntityKind::Person,
                    mentions: vec![
                        Mention { text: "Ada".to_owned(), start: 0, end: 3 },
                        Mention { text: tricky.to_owned(), start: 1234567, end: usize::MAX },
                    ],
                },
                Entity { name: "Acme".to_owned(), kind: EntityKind::Organisation, mentions: Vec::new() },
                Entity { name: "Lisbon".to_owned(), kind: EntityKind::Place, mentions: Vec::new() },
                Entity { name: "Euro".to_owned(), kind: EntityKind::Other, mentions: Vec::new() },
            ],
            quotes: vec![
                Quote { text: tricky.to_owned(), speaker: None, start: 10, end: 20 },
                Quote { text: "we go".to_owned(), speaker: Some("Ada".to_owned()), start: 9, end: 99 },
            ],
            topics: vec![
                Topic { code: "medtop:1".to_owned(), name: "politics".to_owned(), confidence: 0.1 },
                Topic { code: "x".to_owned(), name: tricky.to_owned(), confidence: 1.0 / 3.0 },
                Topic { code: "nan".to_owned(), name: String::new(), confidence: f32::NAN },
                Topic { code: "big".to_owned(), name: String::new(), confidence: 1e30 },
            ],
            keywords: vec!["storm".to_owned(), tricky.to_owned()],
            summary: tricky.repeat(3),
            fingerprint: "00ff".to_owned(),
        }
    }

    #[test]
    fn writes_what_serde_json_writes() {
        let control: String = (0u8..0x20).map(char::from).collect();
        let tricky = [
            String::new(),
            "plain".to_owned(),
            format!("q\" b\\ s/ {control} del\u{7f} caf\u{e9} \u{1F600} \u{2028}"),
            "\"".repeat(40),
            format!("{}\n{}", "a".repeat(15), "b".repeat(33)),
        ];
        let ids = [
            Value::Null,
            serde_json::json!("id \"1\""),
            serde_json::json!(42),
            serde_json::json!({"a": [1]}),
        ];
        for (text, id) in tricky.iter().zip(ids.iter().cycle()) {
            for enriched in [full_story(text), Enriched::default()] {
                let mut ours = Vec::new();
                assert!(write_enriched(&mut ours, id, &enriched).is_ok());
                let reference =
                    serde_json::to_vec(&SerdeOutputLine { id, enriched: &enriched }).unwrap_or_default();
                assert_eq!(String::from_utf8_lossy(&ours), String::from_utf8_lossy(&reference));
            }
        }
    }

    #[test]
    fn counts_are_written_in_decimal() {
        for count in [0, 7, 10, 99, 100, 65535, usize::MAX] {
            let mut out = Vec::new();
            write_count(&mut out, count);
            assert_eq!(out, count.to_string().into_bytes());
        }
    }
}
