//! `newsroomctl list`: stories, newest first.

use std::process::ExitCode;

use newsroom_proto::v1::ListStoriesRequest;

use crate::client::{self, format_timestamp};

/// Print a table of stories (one page, or every page with `all`); only ids with `ids_only`.
pub async fn run(
    addr: &str,
    page_size: u32,
    source: Option<String>,
    all: bool,
    ids_only: bool,
) -> anyhow::Result<ExitCode> {
    let mut ingest = client::ingest(addr).await?;
    let mut page_token = String::new();
    if !ids_only {
        println!(
            "{:<36}  {:>3}  {:<20}  {:<10}  {:>8}  {:<20}  headline",
            "story id", "ver", "updated", "type", "bytes", "source"
        );
    }
    loop {
        let request =
            ListStoriesRequest { page_size, page_token: page_token.clone(), source: source.clone() };
        let page = ingest.list_stories(request).await?.into_inner();
        for story in page.stories {
            if ids_only {
                println!("{}", story.story_id);
                continue;
            }
            println!(
                "{:<36}  {:>3}  {:<20}  {:<10}  {:>8}  {:<20}  {}",
                story.story_id,
                story.current_version,
                format_timestamp(story.updated_at.as_ref()),
                story.content_type,
                story.content_bytes,
                truncate(&story.source, 20),
                story.headline_hint.as_deref().unwrap_or("-"),
            );
        }
        if !all || page.next_page_token.is_empty() {
            break;
        }
        page_token = page.next_page_token;
    }
    Ok(ExitCode::SUCCESS)
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}
