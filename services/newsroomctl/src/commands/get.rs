//! `newsroomctl get`: one story.

use std::process::ExitCode;

use newsroom_proto::v1::GetStoryRequest;

use crate::client::{self, format_timestamp};

/// Print a story's summary and content.
pub async fn run(addr: &str, story_id: &str, version: Option<u32>, json: bool) -> anyhow::Result<ExitCode> {
    let mut ingest = client::ingest(addr).await?;
    let response =
        ingest.get_story(GetStoryRequest { story_id: story_id.to_owned(), version }).await?.into_inner();
    let summary = response.summary.unwrap_or_default();
    let story = response.story.unwrap_or_default();
    let submission = story.submission.unwrap_or_default();
    let hints = submission.hints.unwrap_or_default();
    if json {
        let value = serde_json::json!({
            "story_id": story.story_id,
            "version": story.version,
            "current_version": summary.current_version,
            "source": submission.source,
            "source_id": submission.source_id,
            "url": submission.url,
            "content_type": submission.content_type,
            "submitted_by": submission.submitted_by,
            "headline_hint": hints.headline,
            "language_hint": hints.language,
            "embargo_until": hints.embargo_until.as_ref().map(|ts| format_timestamp(Some(ts))),
            "content_hash": story.content_hash,
            "received_at": format_timestamp(story.received_at.as_ref()),
            "content": submission.content,
        });
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("story        {}", story.story_id);
    println!("version      {} of {}", story.version, summary.current_version);
    println!(
        "source       {}{}",
        submission.source,
        submission.source_id.map(|id| format!(" / {id}")).unwrap_or_default()
    );
    println!("content type {}", submission.content_type);
    if !submission.url.is_empty() {
        println!("url          {}", submission.url);
    }
    if let Some(headline) = hints.headline {
        println!("headline     {headline}");
    }
    if let Some(language) = hints.language {
        println!("language     {language}");
    }
    if hints.embargo_until.is_some() {
        println!("embargo      {}", format_timestamp(hints.embargo_until.as_ref()));
    }
    println!("received     {}", format_timestamp(story.received_at.as_ref()));
    println!("hash         {}", story.content_hash);
    println!();
    println!("{}", submission.content);
    Ok(ExitCode::SUCCESS)
}
