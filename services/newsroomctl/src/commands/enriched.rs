//! `newsroomctl enriched`: what enrichment understood of stories (GetEnrichment).

use std::{process::ExitCode, time::Duration};

use newsroom_proto::v1::{
    EntityType, GetEnrichmentRequest, enrichment_service_client::EnrichmentServiceClient,
};

use crate::client;

/// Arguments of `enriched`.
#[derive(Debug, clap::Args)]
pub struct EnrichedArgs {
    /// Story ids.
    #[arg(required = true)]
    pub story_ids: Vec<String>,
    /// Enrichment gRPC address.
    #[arg(long, env = "NEWSROOM_ENRICHMENT_URL", default_value = "http://127.0.0.1:50052")]
    pub enrichment: String,
    /// Wait up to this many seconds for each enrichment.
    #[arg(long)]
    pub wait: Option<u64>,
}

/// Print each story's headline, section, language, entities, quotes and topics; with
/// `--wait`, wait up to that long for each enrichment to exist.
pub async fn run(args: EnrichedArgs) -> anyhow::Result<ExitCode> {
    let wait = args.wait.map(Duration::from_secs);
    let mut enrichment = EnrichmentServiceClient::new(client::channel(&args.enrichment).await?)
        .max_decoding_message_size(32 * 1024 * 1024);
    for story_id in &args.story_ids {
        let deadline = tokio::time::Instant::now() + wait.unwrap_or_default();
        let record = loop {
            match enrichment.get_enrichment(GetEnrichmentRequest { story_id: story_id.clone() }).await {
                Ok(response) => break response.into_inner(),
                Err(status)
                    if status.code() == tonic::Code::NotFound && tokio::time::Instant::now() < deadline =>
                {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(status) => return Err(status.into()),
            }
        };
        let story = record.story.unwrap_or_default();
        println!(
            "story {}  v{} (enrichment {})  cluster {}",
            record.story_id, record.story_version, record.enrichment_version, record.cluster_id
        );
        println!("  headline  {}", story.headline.as_deref().unwrap_or("-"));
        println!("  section   {}", story.section.as_deref().unwrap_or("-"));
        println!("  dateline  {}", story.dateline.as_deref().unwrap_or("-"));
        println!("  byline    {}", story.byline.as_deref().unwrap_or("-"));
        println!("  language  {}", story.language.as_deref().unwrap_or("-"));
        for (label, kind) in [
            ("people", EntityType::Person),
            ("orgs", EntityType::Organisation),
            ("places", EntityType::Place),
            ("other", EntityType::Other),
        ] {
            let names: Vec<String> = story
                .entities
                .iter()
                .filter(|entity| entity.r#type == kind as i32)
                .map(|entity| format!("{} ({}×)", entity.name, entity.mentions.len()))
                .collect();
            if !names.is_empty() {
                println!("  {label:<9} {}", names.join(", "));
            }
        }
        for quote in &story.quotes {
            println!(
                "  quote     {} — “{}”",
                quote.speaker.as_deref().unwrap_or("?"),
                shorten(&quote.text, 90)
            );
        }
        let topics: Vec<String> = story
            .topics
            .iter()
            .map(|topic| format!("{} {} ({:.2})", topic.code, topic.name, topic.confidence))
            .collect();
        println!("  topics    {}", if topics.is_empty() { "-".to_owned() } else { topics.join(", ") });
        if !story.summary.is_empty() {
            println!("  summary   {}", shorten(&story.summary, 200));
        }
        println!();
    }
    Ok(ExitCode::SUCCESS)
}

/// `text` cut to `max` characters, followed by `…` when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max).collect();
    cut.push('…');
    cut
}
