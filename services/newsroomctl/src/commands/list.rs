//! `newsroomctl list`: stories, newest first.

use std::process::ExitCode;

use newsroom_proto::v1::{ListStoriesRequest, StorySummary};

use crate::client::{self, format_timestamp};

/// Arguments of `list`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Stories per page (1–500).
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=500))]
    pub page_size: u32,
    /// Only stories from this source.
    #[arg(long)]
    pub source: Option<String>,
    /// Follow every page.
    #[arg(long)]
    pub all: bool,
    /// Print only story ids, one per line (for scripts).
    #[arg(long)]
    pub ids: bool,
}

/// Print a table of stories (one page, or every page with `--all`); only ids with `--ids`.
pub async fn run(addr: &str, args: ListArgs) -> anyhow::Result<ExitCode> {
    let mut ingest = client::ingest(addr).await?;
    let mut page_token = String::new();
    if !args.ids {
        println!("{}", header());
    }
    loop {
        let request = ListStoriesRequest {
            page_size: args.page_size,
            page_token: std::mem::take(&mut page_token),
            source: args.source.clone(),
        };
        let page = ingest.list_stories(request).await?.into_inner();
        for story in &page.stories {
            if args.ids {
                println!("{}", story.story_id);
            } else {
                println!("{}", row(story));
            }
        }
        if !args.all || page.next_page_token.is_empty() {
            break;
        }
        page_token = page.next_page_token;
    }
    Ok(ExitCode::SUCCESS)
}

/// The table header.
fn header() -> String {
    format!(
        "{:<36}  {:>3}  {:<20}  {:<10}  {:>8}  {:<20}  headline",
        "story id", "ver", "updated", "type", "bytes", "source"
    )
}

/// One table row.
fn row(story: &StorySummary) -> String {
    format!(
        "{:<36}  {:>3}  {:<20}  {:<10}  {:>8}  {:<20}  {}",
        story.story_id,
        story.current_version,
        format_timestamp(story.updated_at.as_ref()),
        story.content_type,
        story.content_bytes,
        truncate(&story.source, 20),
        story.headline_hint.as_deref().unwrap_or("-"),
    )
}

/// `text` cut to `max` characters, ending in `…` when cut.
fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_line_up_with_the_header() {
        let story = StorySummary {
            story_id: "0193a5b0-0000-7000-8000-000000000000".to_owned(),
            source: "a-very-long-source-name-indeed".to_owned(),
            current_version: 2,
            content_type: "text/html".to_owned(),
            content_bytes: 1234,
            updated_at: Some(prost_types::Timestamp { seconds: 1_700_000_000, nanos: 0 }),
            ..Default::default()
        };
        let row = row(&story);
        assert!(row.contains("2023-11-14T22:13:20Z"));
        assert!(row.contains("a-very-long-source-…"));
        assert!(row.ends_with("  -"));
        assert_eq!(row.find("text/html"), header().find("type"));
    }
}
