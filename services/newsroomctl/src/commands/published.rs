//! `newsroomctl published`: the ninjs document publishing made of a story
//! (GetPublishedStory), pretty-printed.

use std::{process::ExitCode, time::Duration};

use newsroom_proto::v1::{GetPublishedStoryRequest, publishing_service_client::PublishingServiceClient};

use crate::client;

/// Arguments of `published`.
#[derive(Debug, clap::Args)]
pub struct PublishedArgs {
    /// Story id.
    pub story_id: String,
    /// A specific story version (default: the latest released).
    #[arg(long, default_value_t = 0)]
    pub version: u32,
    /// Publishing gRPC address.
    #[arg(long, env = "NEWSROOM_PUBLISHING_URL", default_value = "http://127.0.0.1:50053")]
    pub publishing: String,
    /// Wait up to this many seconds for the story to be published.
    #[arg(long)]
    pub wait: Option<u64>,
}

/// Print the ninjs document (JSON) of the story.
pub async fn run(args: PublishedArgs) -> anyhow::Result<ExitCode> {
    let mut publishing = PublishingServiceClient::new(client::channel(&args.publishing).await?)
        .max_decoding_message_size(64 * 1024 * 1024);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(args.wait.unwrap_or_default());
    let request = GetPublishedStoryRequest { story_id: args.story_id.clone(), version: args.version };
    let story = loop {
        match publishing.get_published_story(request.clone()).await {
            Ok(response) => break response.into_inner(),
            Err(status)
                if status.code() == tonic::Code::NotFound && tokio::time::Instant::now() < deadline =>
            {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(status) => return Err(status.into()),
        }
    };
    let document: serde_json::Value = serde_json::from_str(&story.ninjs_json)?;
    println!("{}", serde_json::to_string_pretty(&document)?);
    Ok(ExitCode::SUCCESS)
}
