//! `newsroomctl get`: one story, its summary fields then its content.

use std::process::ExitCode;

use newsroom_proto::v1::GetStoryRequest;

use crate::client::{self, format_timestamp};

/// Arguments of `get`.
#[derive(Debug, clap::Args)]
pub struct GetArgs {
    /// Story id.
    pub story_id: String,
    /// A specific version (default: the latest).
    #[arg(long)]
    pub version: Option<u32>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Print a story's summary and content.
pub async fn run(addr: &str, args: GetArgs) -> anyhow::Result<ExitCode> {
    let mut ingest = client::ingest(addr).await?;
    let request = GetStoryRequest { story_id: args.story_id, version: args.version };
    let response = ingest.get_story(request).await?.into_inner();
    let summary = response.summary.unwrap_or_default();
    let story = response.story.unwrap_or_default();
    let submission = story.submission.unwrap_or_default();
    let hints = submission.hints.unwrap_or_default();
    if args.json {
        let value = serde_json::json!({
            "story_id": story.story_id,
            "version": story.version,
            "current_version": summary.current_version,
            "source": submission.source,
            "source_id": submission.source_id,
            "url": submission.url,
            "content_type": submission.content_type,
            "content_bytes": submission.content.len(),
            "submitted_by": submission.submitted_by,
            "headline_hint": hints.headline,
            "language_hint": hints.language,
            "embargo_until": hints.embargo_until.as_ref().map(|ts| format_timestamp(Some(ts))),
            "content_hash": story.content_hash,
            "received_at": format_timestamp(story.received_at.as_ref()),
            "created_at": format_timestamp(summary.created_at.as_ref()),
            "updated_at": format_timestamp(summary.updated_at.as_ref()),
            "content": submission.content,
        });
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("story         {}", story.story_id);
    println!("version       {} of {}", story.version, summary.current_version);
    println!(
        "source        {}{}",
        submission.source,
        submission.source_id.map(|id| format!(" / {id}")).unwrap_or_default()
    );
    println!("content type  {}", submission.content_type);
    println!("content bytes {}", submission.content.len());
    if !submission.url.is_empty() {
        println!("url           {}", submission.url);
    }
    if let Some(headline) = hints.headline {
        println!("headline      {headline}");
    }
    if let Some(language) = hints.language {
        println!("language      {language}");
    }
    if hints.embargo_until.is_some() {
        println!("embargo       {}", format_timestamp(hints.embargo_until.as_ref()));
    }
    if !submission.submitted_by.is_empty() {
        println!("submitted by  {}", submission.submitted_by);
    }
    println!("received      {}", format_timestamp(story.received_at.as_ref()));
    println!("created       {}", format_timestamp(summary.created_at.as_ref()));
    println!("updated       {}", format_timestamp(summary.updated_at.as_ref()));
    println!("hash          {}", story.content_hash);
    println!();
    println!("{}", submission.content);
    Ok(ExitCode::SUCCESS)
}
