//! `newsroomctl subscriber …`: publishing's admin calls — create, list, pause, resume,
//! delete subscribers; list deliveries; redeliver.

use std::process::ExitCode;

use newsroom_proto::v1::{
    CreateSubscriberRequest, DeleteSubscriberRequest, DeliveryState, Destination, ListDeliveriesRequest,
    ListSubscribersRequest, RedeliverRequest, SetSubscriberPausedRequest, StoryFilter, destination::Target,
    publishing_service_client::PublishingServiceClient,
};

use crate::client;

/// Arguments of `subscriber`.
#[derive(Debug, clap::Args)]
pub struct SubscriberArgs {
    /// Publishing gRPC address.
    #[arg(long, global = true, env = "NEWSROOM_PUBLISHING_URL", default_value = "http://127.0.0.1:50053")]
    pub publishing: String,
    /// What to do.
    #[command(subcommand)]
    pub action: SubscriberAction,
}

/// Subscriber actions.
#[derive(Debug, clap::Subcommand)]
pub enum SubscriberAction {
    /// Register a subscriber; prints its id and webhook secret.
    Create {
        /// Unique name.
        #[arg(long)]
        name: String,
        /// Webhook URL (repeatable).
        #[arg(long)]
        webhook: Vec<String>,
        /// NATS subject (repeatable).
        #[arg(long)]
        nats: Vec<String>,
        /// Webhook signing secret (generated when absent).
        #[arg(long)]
        secret: Option<String>,
        /// Only these languages (repeatable).
        #[arg(long)]
        language: Vec<String>,
        /// Only these IPTC Media Topics, `medtop:…` (repeatable).
        #[arg(long)]
        topic: Vec<String>,
        /// Only stories naming these entities (repeatable).
        #[arg(long)]
        entity: Vec<String>,
        /// Only these sources (repeatable).
        #[arg(long)]
        source: Vec<String>,
    },
    /// List subscribers.
    List,
    /// Pause a subscriber (deliveries wait).
    Pause {
        /// Subscriber id.
        id: String,
    },
    /// Resume a subscriber.
    Resume {
        /// Subscriber id.
        id: String,
    },
    /// Delete a subscriber and its undelivered queue.
    Delete {
        /// Subscriber id.
        id: String,
    },
    /// List deliveries, newest first.
    Deliveries {
        /// Only this subscriber.
        #[arg(long)]
        subscriber: Option<String>,
        /// Only this state: pending, retrying, delivered, dead.
        #[arg(long)]
        state: Option<String>,
    },
    /// Queue a delivery again.
    Redeliver {
        /// Delivery id.
        id: i64,
    },
}

/// Run a subscriber action.
pub async fn run(args: SubscriberArgs) -> anyhow::Result<ExitCode> {
    let mut publishing: PublishingServiceClient<client::TracedChannel> =
        PublishingServiceClient::new(client::channel(&args.publishing).await?);
    match args.action {
        SubscriberAction::Create { name, webhook, nats, secret, language, topic, entity, source } => {
            let destinations = webhook
                .into_iter()
                .map(Target::WebhookUrl)
                .chain(nats.into_iter().map(Target::NatsSubject))
                .map(|target| Destination { target: Some(target) })
                .collect();
            let created = publishing
                .create_subscriber(CreateSubscriberRequest {
                    name,
                    filter: Some(StoryFilter {
                        languages: language,
                        topics: topic,
                        entities: entity,
                        sources: source,
                    }),
                    destinations,
                    webhook_secret: secret,
                })
                .await?
                .into_inner();
            println!("subscriber {}  secret {}", created.id, created.webhook_secret);
        }
        SubscriberAction::List => {
            for subscriber in
                publishing.list_subscribers(ListSubscribersRequest {}).await?.into_inner().subscribers
            {
                let destinations: Vec<String> = subscriber
                    .destinations
                    .iter()
                    .filter_map(|destination| match &destination.target {
                        Some(Target::WebhookUrl(url)) => Some(format!("webhook {url}")),
                        Some(Target::NatsSubject(subject)) => Some(format!("nats {subject}")),
                        None => None,
                    })
                    .collect();
                println!(
                    "{}  {:<20} {}  {}",
                    subscriber.id,
                    subscriber.name,
                    if subscriber.paused { "paused " } else { "active " },
                    destinations.join(", ")
                );
            }
        }
        SubscriberAction::Pause { id } => {
            publishing
                .set_subscriber_paused(SetSubscriberPausedRequest { subscriber_id: id.clone(), paused: true })
                .await?;
            println!("subscriber {id} paused");
        }
        SubscriberAction::Resume { id } => {
            publishing
                .set_subscriber_paused(SetSubscriberPausedRequest {
                    subscriber_id: id.clone(),
                    paused: false,
                })
                .await?;
            println!("subscriber {id} resumed");
        }
        SubscriberAction::Delete { id } => {
            let dropped = publishing
                .delete_subscriber(DeleteSubscriberRequest { subscriber_id: id.clone() })
                .await?
                .into_inner()
                .dropped_deliveries;
            println!("subscriber {id} deleted ({dropped} queued deliveries dropped)");
        }
        SubscriberAction::Deliveries { subscriber, state } => {
            let state = match state.as_deref() {
                None => DeliveryState::Unspecified,
                Some("pending") => DeliveryState::Pending,
                Some("retrying") => DeliveryState::Retrying,
                Some("delivered") => DeliveryState::Delivered,
                Some("dead") => DeliveryState::Dead,
                Some(other) => {
                    anyhow::bail!("--state {other:?}: expected pending, retrying, delivered or dead")
                }
            };
            let response = publishing
                .list_deliveries(ListDeliveriesRequest {
                    subscriber_id: subscriber.unwrap_or_default(),
                    state: state as i32,
                    ..Default::default()
                })
                .await?
                .into_inner();
            for delivery in response.deliveries {
                println!(
                    "{:>6}  {:<9} attempts {:<2} story {} v{} {:<8} {}{}",
                    delivery.id,
                    delivery.state().as_str_name().trim_start_matches("DELIVERY_STATE_").to_lowercase(),
                    delivery.attempts,
                    delivery.story_id,
                    delivery.version,
                    delivery.pubstatus,
                    delivery.destination,
                    if delivery.last_error.is_empty() {
                        String::new()
                    } else {
                        format!("  last error: {}", delivery.last_error)
                    }
                );
            }
        }
        SubscriberAction::Redeliver { id } => {
            publishing.redeliver(RedeliverRequest { delivery_id: id }).await?;
            println!("delivery {id} queued again");
        }
    }
    Ok(ExitCode::SUCCESS)
}
