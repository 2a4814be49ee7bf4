//! Hostile input the pipeline must survive with a safe result: markup nested 100,000 levels
//! deep, 100,000 capitalised words, binary garbage. Each finishes (no stack overflow, no
//! quadratic blow-up) and returns offsets that slice the body.

use newsroom_pipeline::{Input, enrich};

fn assert_offsets_valid(enriched: &newsroom_pipeline::Enriched) {
    let chars = enriched.body_text.chars().count();
    for entity in &enriched.entities {
        for mention in &entity.mentions {
            assert!(mention.start < mention.end && mention.end <= chars, "{mention:?} in {chars} chars");
        }
    }
    for quote in &enriched.quotes {
        assert!(quote.start < quote.end && quote.end <= chars, "{quote:?}");
    }
}

#[test]
fn html_nested_100000_levels_is_read_as_text() {
    let page = format!(
        "<html><head><title>Deep</title></head><body>{}<p>Council approves the new bridge.</p>{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let enriched = enrich(&Input { content: &page, content_type: Some("text/html"), url: None });
    assert!(enriched.body_text.contains("Council approves the new bridge."), "{:?}", enriched.body_text);
    assert!(!enriched.body_text.contains('<'), "no markup left: {:?}", enriched.body_text);
    assert_offsets_valid(&enriched);
}

#[test]
fn a_story_of_100000_capitalised_words_completes() {
    let names = ["Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta"];
    let text: String = (0..100_000).map(|i| names[i % names.len()]).collect::<Vec<_>>().join(" ");
    let enriched = enrich(&Input { content: &text, content_type: Some("text/plain"), url: None });
    assert!(!enriched.body_text.is_empty());
    assert_offsets_valid(&enriched);
}

#[test]
fn binary_garbage_yields_a_safe_result() {
    // A deterministic byte soup (xorshift), read as Latin-1 text, with control characters.
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let garbage: String = (0..50_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            char::from((state & 0xff) as u8)
        })
        .collect();
    for content_type in ["text/plain", "text/html"] {
        let enriched = enrich(&Input { content: &garbage, content_type: Some(content_type), url: None });
        assert_offsets_valid(&enriched);
    }
}
