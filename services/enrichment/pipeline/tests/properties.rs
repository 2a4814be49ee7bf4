//! Properties that hold for ANY input: the pipeline never panics, and every offset it
//! returns is a valid character range of `body_text` whose text is the span's text.

use newsroom_pipeline::{Enriched, Input, enrich};
use proptest::prelude::*;

fn check_offsets(enriched: &Enriched) -> Result<(), TestCaseError> {
    let chars: Vec<char> = enriched.body_text.chars().collect();
    let span = |start: usize, end: usize| -> Result<String, TestCaseError> {
        prop_assert!(start <= end, "start {start} > end {end}");
        prop_assert!(end <= chars.len(), "end {end} past body of {} chars", chars.len());
        Ok(chars[start..end].iter().collect())
    };
    for entity in &enriched.entities {
        prop_assert!(!entity.name.trim().is_empty(), "entity without a name");
        for mention in &entity.mentions {
            prop_assert_eq!(span(mention.start, mention.end)?, mention.text.clone());
        }
    }
    for quote in &enriched.quotes {
        let text = span(quote.start, quote.end)?;
        prop_assert!(
            text == quote.text || text.contains(quote.text.trim()),
            "quote text {:?} vs span {:?}",
            quote.text,
            text
        );
    }
    for topic in &enriched.topics {
        prop_assert!((0.0..=1.0).contains(&topic.confidence), "confidence {}", topic.confidence);
    }
    Ok(())
}

/// Words that exercise the stages: capitalised names, cue verbs, quote marks, boilerplate.
fn story_token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Jens".to_owned()),
        Just("Stoltenberg".to_owned()),
        Just("NATO".to_owned()),
        Just("said".to_owned()),
        Just("\"".to_owned()),
        Just("“".to_owned()),
        Just("”".to_owned()),
        Just("\n\n".to_owned()),
        Just("Related News".to_owned()),
        Just(" | ".to_owned()),
        Just("INTERNATIONAL:".to_owned()),
        Just("U.S.".to_owned()),
        Just("Mr.".to_owned()),
        Just("東京".to_owned()),
        Just("Ünïcödé".to_owned()),
        Just("🦀".to_owned()),
        "[A-Za-z]{1,12}",
        "[ \t\n.,;:!?'\"()«»-]{1,3}",
        any::<char>().prop_map(|c| c.to_string()),
    ]
}

fn story_text() -> impl Strategy<Value = String> {
    prop::collection::vec(story_token(), 0..120).prop_map(|tokens| tokens.join(" "))
}

fn html_fragment() -> impl Strategy<Value = String> {
    let leaf = story_text().prop_map(|text| text.replace('<', "&lt;"));
    leaf.prop_recursive(4, 64, 6, |inner| {
        (
            prop_oneof![
                Just("div"),
                Just("p"),
                Just("article"),
                Just("nav"),
                Just("script"),
                Just("h1"),
                Just("a"),
                Just("table")
            ],
            prop::collection::vec(inner, 0..6),
            any::<bool>(),
        )
            .prop_map(|(tag, children, close)| {
                let body = children.join("");
                if close { format!("<{tag}>{body}</{tag}>") } else { format!("<{tag}>{body}") }
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_text_enriches_with_valid_offsets(text in story_text()) {
        let enriched = enrich(&Input { content: &text, content_type: Some("text/plain"), url: None });
        check_offsets(&enriched)?;
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in any::<String>()) {
        let enriched = enrich(&Input { content: &text, content_type: None, url: None });
        check_offsets(&enriched)?;
    }

    #[test]
    fn any_html_enriches_with_valid_offsets(fragment in html_fragment()) {
        let page = format!("<!DOCTYPE html><html><head><title>T</title></head><body>{fragment}</body></html>");
        let enriched = enrich(&Input { content: &page, content_type: Some("text/html"), url: None });
        check_offsets(&enriched)?;
    }
}
