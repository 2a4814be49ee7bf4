//! Generated wire stories: 2–8 KB of pasted text with the boilerplate real pastes carry (a
//! menu line of other headlines, a dateline, quotes, a "Related News" footer, share links),
//! and a share of full HTML pages (navigation, article, aside, footer). Deterministic for a
//! seed, and every story is distinct (its own source id and text), so none is a duplicate.

use newsroom_proto::v1::StorySubmission;
use rand::{Rng as _, SeedableRng as _, rngs::StdRng, seq::IndexedRandom as _};

/// People who speak in the stories (first name, surname, role).
const PEOPLE: &[(&str, &str, &str)] = &[
    ("Jens", "Stoltenberg", "NATO Secretary-General"),
    ("Ursula", "von der Leyen", "European Commission President"),
    ("Antonio", "Guterres", "U.N. Secretary-General"),
    ("Christine", "Lagarde", "European Central Bank President"),
    ("Olaf", "Scholz", "German Chancellor"),
    ("Kristalina", "Georgieva", "IMF Managing Director"),
    ("Jerome", "Powell", "Federal Reserve Chair"),
    ("Emmanuel", "Macron", "French President"),
];

/// Organisations mentioned.
const ORGANISATIONS: &[&str] = &[
    "NATO",
    "the European Union",
    "the United Nations",
    "the World Health Organization",
    "Reuters",
    "the International Monetary Fund",
    "Siemens",
    "the Bank of England",
];

/// Datelines and places.
const PLACES: &[&str] =
    &["GENEVA", "BRUSSELS", "LONDON", "PARIS", "BERLIN", "WASHINGTON", "TOKYO", "NAIROBI", "KYIV", "OTTAWA"];

/// Sections a paste starts with.
const SECTIONS: &[&str] = &["INTERNATIONAL", "BUSINESS", "POLITICS", "HEALTH", "TECHNOLOGY", "SPORT"];

/// Subjects of the story.
const SUBJECTS: &[&str] = &[
    "the energy talks",
    "the trade agreement",
    "the budget vote",
    "the vaccine rollout",
    "the security summit",
    "interest rates",
    "the climate package",
    "the border dispute",
];

/// Sentence templates: `{P}` a person's full name, `{S}` their surname, `{R}` their role,
/// `{O}` an organisation, `{L}` a place, `{T}` the subject.
const SENTENCES: &[&str] = &[
    "{R} {P} said on Tuesday that {T} would take longer than expected.",
    "Officials from {O} met in {L} to discuss {T}, according to people familiar with the matter.",
    "\"We are not there yet, but we are closer than we were a week ago,\" {S} told reporters.",
    "Analysts said the outcome of {T} could shape markets for months.",
    "{S} added that {O} remained committed to a negotiated solution.",
    "The meeting in {L} was the third this year, and the first since the spring.",
    "\"There is no alternative to dialogue,\" {S} said.",
    "Critics in {L} argued that {O} had moved too slowly on {T}.",
    "Figures published on Monday showed growth of 1.4 percent in the second quarter.",
    "A spokesperson for {O} declined to comment on the talks.",
    "{P} is expected to travel to {L} next month for further meetings.",
    "Diplomats said a final text on {T} could be ready before the end of the year.",
];

/// Menu line of a pasted page: other headlines run together.
const MENU: &str = "Home | World | Business | Markets | Opinion | Sport | Most Read: Markets rally as inflation cools | Storm closes schools across the north";

/// Footer of a pasted page.
const FOOTER: &str = "Related News\nMarkets rally as inflation cools\nStorm closes schools across the north\nShare this article: Facebook | Twitter | Email\nSign up for our daily newsletter";

/// Make `count` stories for `source`, a `html_percent` share of them HTML pages.
pub fn generate(source: &str, count: usize, html_percent: u32, seed: u64) -> Vec<StorySubmission> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..count).map(|index| story(&mut rng, source, index, html_percent)).collect()
}

fn story(rng: &mut StdRng, source: &str, index: usize, html_percent: u32) -> StorySubmission {
    let (first, surname, role) = *PEOPLE.choose(rng).unwrap_or(&PEOPLE[0]);
    let place = *PLACES.choose(rng).unwrap_or(&PLACES[0]);
    let subject = *SUBJECTS.choose(rng).unwrap_or(&SUBJECTS[0]);
    let section = *SECTIONS.choose(rng).unwrap_or(&SECTIONS[0]);
    let headline = format!("{surname} says {subject} will be hard to settle (report {index})");
    let target_bytes = rng.random_range(2_000..8_000);
    let mut paragraphs = Vec::new();
    let mut size = 0;
    while size < target_bytes {
        let sentences: Vec<String> = (0..rng.random_range(2..5))
            .map(|_| {
                let template = *SENTENCES.choose(rng).unwrap_or(&SENTENCES[0]);
                let organisation = *ORGANISATIONS.choose(rng).unwrap_or(&ORGANISATIONS[0]);
                let other_place = PLACES.choose(rng).unwrap_or(&PLACES[0]);
                template
                    .replace("{P}", &format!("{first} {surname}"))
                    .replace("{S}", surname)
                    .replace("{R}", role)
                    .replace("{O}", organisation)
                    .replace("{L}", &title_case(other_place))
                    .replace("{T}", subject)
            })
            .collect();
        let paragraph = sentences.join(" ");
        size += paragraph.len() + 2;
        paragraphs.push(paragraph);
    }
    let dateline = format!("{place} (Reuters) - ");
    let (content, content_type) = if rng.random_range(0..100) < html_percent {
        (html_page(&headline, section, &dateline, &paragraphs), "text/html")
    } else {
        (pasted_text(&headline, section, &dateline, &paragraphs), "text/plain")
    };
    StorySubmission {
        source: source.to_owned(),
        source_id: Some(format!("bench-{index}")),
        content,
        content_type: content_type.to_owned(),
        ..Default::default()
    }
}

fn pasted_text(headline: &str, section: &str, dateline: &str, paragraphs: &[String]) -> String {
    let mut text = format!("{MENU}\n\n{section}\n\n{headline}\n\nBy Staff Reporter\n\n{dateline}");
    text.push_str(&paragraphs.join("\n\n"));
    text.push_str("\n\n");
    text.push_str(FOOTER);
    text
}

fn html_page(headline: &str, section: &str, dateline: &str, paragraphs: &[String]) -> String {
    let body: String = paragraphs.iter().map(|paragraph| format!("<p>{paragraph}</p>\n")).collect();
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{headline} | Daily Wire</title>\
         <meta property=\"og:title\" content=\"{headline}\"><meta property=\"article:section\" content=\"{section}\">\
         <meta property=\"article:published_time\" content=\"2026-11-28T09:00:00Z\"></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/world\">World</a> <a href=\"/business\">Business</a></nav>\
         <article><h1>{headline}</h1><p class=\"byline\">By Staff Reporter</p><p>{dateline}</p>\n{body}</article>\
         <aside><h2>Related News</h2><ul><li><a href=\"/a\">Markets rally as inflation cools</a></li>\
         <li><a href=\"/b\">Storm closes schools across the north</a></li></ul></aside>\
         <footer>© 2026 Daily Wire · Privacy · Terms</footer></body></html>"
    )
}

/// "GENEVA" → "Geneva".
fn title_case(word: &str) -> String {
    let lower = word.to_lowercase();
    let mut chars = lower.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stories_are_distinct_sized_and_mixed() {
        let stories = generate("bench", 200, 20, 7);
        let mut contents: Vec<&str> = stories.iter().map(|story| story.content.as_str()).collect();
        contents.sort_unstable();
        contents.dedup();
        assert_eq!(contents.len(), 200, "every story is distinct");
        assert!(stories.iter().all(|story| (2_000..12_000).contains(&story.content.len())));
        let html = stories.iter().filter(|story| story.content_type == "text/html").count();
        assert!((20..70).contains(&html), "about a fifth are HTML pages: {html}");
        assert_eq!(generate("bench", 5, 20, 7), generate("bench", 5, 20, 7), "deterministic");
    }
}
