//! `newsroom.v1.PublishingService` over gRPC.

use chrono::Utc;
use newsroom_platform::events;
use newsroom_proto::v1::{
    Channel, CreateSubscriberRequest, DeleteSubscriberRequest, DeleteSubscriberResponse, Delivery,
    DeliveryState, GetPublishedStoryRequest, ListChannelsRequest, ListChannelsResponse,
    ListDeliveriesRequest, ListDeliveriesResponse, ListSubscribersRequest, ListSubscribersResponse,
    PublishedStory, RedeliverRequest, SetSubscriberPausedRequest, StoryFilter, SubscribeRequest, Subscriber,
    destination,
    publishing_service_server::{PublishingService, PublishingServiceServer},
};
use rand::Rng as _;
use tonic::{Request, Response, Status};

use super::Publishing;
use crate::{
    domain::{
        channels,
        subscribers::{self, Destination},
    },
    error::{PublishingError, checked_story_id},
    store::{
        delivery,
        subscribers::{DeliveryQuery, SubscriberRecord},
    },
};

/// Largest page of ListDeliveries.
const MAX_PAGE_SIZE: u32 = 1000;
/// Default page of ListDeliveries.
const DEFAULT_PAGE_SIZE: u32 = 100;

/// gRPC adapter over the [`Publishing`] core.
#[derive(Clone)]
pub struct PublishingGrpc {
    /// The shared core.
    publishing: Publishing,
}

impl PublishingGrpc {
    /// The tonic service.
    pub fn server(publishing: Publishing) -> PublishingServiceServer<Self> {
        PublishingServiceServer::new(Self { publishing }).max_encoding_message_size(64 * 1024 * 1024)
    }
}

#[tonic::async_trait]
impl PublishingService for PublishingGrpc {
    type SubscribeStream = super::subscribe::SubscribeStream;

    #[tracing::instrument(name = "PublishingService/Subscribe", skip_all, fields(rpc.system = "grpc", rpc.service = "newsroom.v1.PublishingService", rpc.method = "Subscribe", after_cursor = request.get_ref().after_cursor))]
    async fn subscribe(
        &self,
        request: Request<SubscribeRequest>,
    ) -> Result<Response<Self::SubscribeStream>, Status> {
        let request = request.into_inner();
        let filter = match request.subscriber_id.trim() {
            "" => filter_from_proto(request.filter.unwrap_or_default()),
            id => {
                let subscriber_id = checked_subscriber_id(id)?;
                self.publishing
                    .store()
                    .subscriber(subscriber_id)
                    .await
                    .map_err(PublishingError::from)?
                    .ok_or_else(|| PublishingError::NotFound(format!("no subscriber {subscriber_id}")))?
                    .filter
            }
        };
        let stream = super::subscribe::stream(
            self.publishing.store().clone(),
            filter,
            request.after_cursor,
            self.publishing.shutdown().clone(),
        );
        Ok(Response::new(stream))
    }

    #[tracing::instrument(name = "PublishingService/GetPublishedStory", skip_all, fields(rpc.system = "grpc", rpc.service = "newsroom.v1.PublishingService", rpc.method = "GetPublishedStory", story_id = %request.get_ref().story_id))]
    async fn get_published_story(
        &self,
        request: Request<GetPublishedStoryRequest>,
    ) -> Result<Response<PublishedStory>, Status> {
        let request = request.into_inner();
        let row = self.publishing.story(&request.story_id, Some(request.version)).await?;
        Ok(Response::new(PublishedStory {
            story_id: row.story_id,
            version: row.version as u32,
            ninjs_json: row.ninjs,
            pubstatus: row.pubstatus,
            embargo_until: row.embargo_until.map(events::timestamp),
            released_at: row.released_at.map(events::timestamp),
            channels: row.channels.split(',').filter(|name| !name.is_empty()).map(str::to_owned).collect(),
        }))
    }

    #[tracing::instrument(name = "PublishingService/ListChannels", skip_all, fields(rpc.system = "grpc", rpc.service = "newsroom.v1.PublishingService", rpc.method = "ListChannels"))]
    async fn list_channels(
        &self,
        _request: Request<ListChannelsRequest>,
    ) -> Result<Response<ListChannelsResponse>, Status> {
        let channels = self
            .publishing
            .store()
            .channels()
            .all()
            .iter()
            .map(|channel| Channel {
                name: channel.name.clone(),
                filter: Some(StoryFilter {
                    languages: channel.filter.languages.clone(),
                    topics: channel.filter.topics.clone(),
                    entities: channel.filter.entities.clone(),
                    sources: channel.filter.sources.clone(),
                }),
            })
            .collect();
        Ok(Response::new(ListChannelsResponse { channels }))
    }

    #[tracing::instrument(name = "PublishingService/CreateSubscriber", skip_all, fields(rpc.system = "grpc", rpc.service = "newsroom.v1.PublishingService", rpc.method = "CreateSubscriber"))]
    async fn create_subscriber(
        &self,
        request: Request<CreateSubscriberRequest>,
    ) -> Result<Response<Subscriber>, Status> {
        let request = request.into_inner();
        let filter = filter_from_proto(request.filter.unwrap_or_default());
        let destinations: Vec<Option<Destination>> = request
            .destinations
            .into_iter()
            .map(|destination| match destination.target {
                Some(destination::Target::WebhookUrl(url)) => Some(Destination::WebhookUrl(url)),
                Some(destination::Target::NatsSubject(subject)) => Some(Destination::NatsSubject(subject)),
                None => None,
            })
            .collect();
        let (name, destinations) = subscribers::validate(
            &request.name,
            &filter,
            &destinations,
            request.webhook_secret.as_deref(),
            self.publishing.webhook_network(),
        )
        .map_err(invalid_subscriber)?;
        let store = self.publishing.store();
        if store
            .subscribers()
            .await
            .map_err(PublishingError::from)?
            .iter()
            .any(|existing| existing.name == name)
        {
            return Err(Status::already_exists(format!("name: a subscriber named {name:?} exists already")));
        }
        let record = SubscriberRecord {
            id: uuid::Uuid::now_v7().to_string(),
            name,
            filter,
            destinations,
            webhook_secret: request.webhook_secret.unwrap_or_else(generate_secret),
            paused: false,
            created_at: Utc::now(),
        };
        store.create_subscriber(&record).await.map_err(|error| {
            if newsroom_platform::db::is_unique_violation(&error) {
                Status::already_exists(format!("name: a subscriber named {:?} exists already", record.name))
            } else {
                PublishingError::from(error).into()
            }
        })?;
        tracing::info!(subscriber_id = %record.id, name = %record.name, "subscriber created");
        Ok(Response::new(subscriber_to_proto(&record, true)))
    }

    #[tracing::instrument(name = "PublishingService/ListSubscribers", skip_all, fields(rpc.system = "grpc", rpc.service = "newsroom.v1.PublishingService", rpc.method = "ListSubscribers"))]
    async fn list_subscribers(
        &self,
        _request: Request<ListSubscribersRequest>,
    ) -> Result<Response<ListSubscribersResponse>, Status> {
        let subscribers = self.publishing.store().subscribers().await.map_err(PublishingError::from)?;
        Ok(Response::new(ListSubscribersResponse {
            subscribers: subscribers.iter().map(|record| subscriber_to_proto(record, false)).collect(),
        }))
    }

    #[tracing::instrument(name = "PublishingService/SetSubscriberPaused", skip_all, fields(rpc.system = "grpc", rpc.service = "newsroom.v1.PublishingService", rpc.method = "SetSubscriberPaused"))]
    async fn set_subscriber_paused(
        &self,
        request: Request<SetSubscriberPausedRequest>,
    ) -> Result<Response<Subscriber>, Status> {
        let request = request.into_inner();
        let subscriber_id = checked_subscriber_id(&request.subscriber_id)?;
        let store = self.publishing.store();
        let record = store
            .set_subscriber_paused(subscriber_id, request.paused)
            .await
            .map_err(PublishingError::from)?
            .ok_or_else(|| PublishingError::NotFound(format!("no subscriber {subscriber_id}")))?;
        if !request.paused {
            store.deliveries_queued().notify_one();
        }
        tracing::info!(%subscriber_id, paused = request.paused, "subscriber paused state set");
        Ok(Response::new(subscriber_to_proto(&record, false)))
    }

    #[tracing::instrument(name = "PublishingService/DeleteSubscriber", skip_all, fields(rpc.system = "grpc", rpc.service = "newsroom.v1.PublishingService", rpc.method = "DeleteSubscriber"))]
    async fn delete_subscriber(
        &self,
        request: Request<DeleteSubscriberRequest>,
    ) -> Result<Response<DeleteSubscriberResponse>, Status> {
        let request = request.into_inner();
        let subscriber_id = checked_subscriber_id(&request.subscriber_id)?;
        let dropped = self
            .publishing
            .store()
            .delete_subscriber(subscriber_id)
            .await
            .map_err(PublishingError::from)?
            .ok_or_else(|| PublishingError::NotFound(format!("no subscriber {subscriber_id}")))?;
        tracing::info!(%subscriber_id, dropped, "subscriber deleted");
        Ok(Response::new(DeleteSubscriberResponse { dropped_deliveries: dropped }))
    }

    #[tracing::instrument(name = "PublishingService/ListDeliveries", skip_all, fields(rpc.system = "grpc", rpc.service = "newsroom.v1.PublishingService", rpc.method = "ListDeliveries"))]
    async fn list_deliveries(
        &self,
        request: Request<ListDeliveriesRequest>,
    ) -> Result<Response<ListDeliveriesResponse>, Status> {
        let request = request.into_inner();
        if request.page_size > MAX_PAGE_SIZE {
            return Err(PublishingError::Invalid {
                field: "page_size",
                message: format!("must be at most {MAX_PAGE_SIZE} (got {})", request.page_size),
            }
            .into());
        }
        let limit = if request.page_size == 0 { DEFAULT_PAGE_SIZE } else { request.page_size };
        let before_id = match request.page_token.as_str() {
            "" => None,
            token => {
                Some(token.strip_prefix('d').and_then(|id| id.parse::<i64>().ok()).ok_or_else(|| {
                    PublishingError::Invalid {
                        field: "page_token",
                        message: format!("{token:?} is not a token returned by ListDeliveries"),
                    }
                })?)
            }
        };
        let state = match request.state() {
            DeliveryState::Unspecified => None,
            DeliveryState::Pending => Some(delivery::PENDING),
            DeliveryState::Retrying => Some(delivery::RETRYING),
            DeliveryState::Delivered => Some(delivery::DELIVERED),
            DeliveryState::Dead => Some(delivery::DEAD),
        };
        let subscriber_id = match request.subscriber_id.as_str() {
            "" => None,
            id => Some(checked_subscriber_id(id)?.to_owned()),
        };
        let story_id = match request.story_id.as_str() {
            "" => None,
            id => Some(checked_story_id(id)?.to_owned()),
        };
        let rows = self
            .publishing
            .store()
            .deliveries(&DeliveryQuery {
                subscriber_id,
                story_id,
                state,
                before_id,
                limit: u64::from(limit) + 1,
            })
            .await
            .map_err(PublishingError::from)?;
        let more = rows.len() > limit as usize;
        let deliveries: Vec<Delivery> = rows.iter().take(limit as usize).map(delivery_to_proto).collect();
        let next_page_token = if more {
            deliveries.last().map(|last| format!("d{}", last.id)).unwrap_or_default()
        } else {
            String::new()
        };
        Ok(Response::new(ListDeliveriesResponse { deliveries, next_page_token }))
    }

    #[tracing::instrument(name = "PublishingService/Redeliver", skip_all, fields(rpc.system = "grpc", rpc.service = "newsroom.v1.PublishingService", rpc.method = "Redeliver", delivery_id = request.get_ref().delivery_id))]
    async fn redeliver(&self, request: Request<RedeliverRequest>) -> Result<Response<Delivery>, Status> {
        let delivery_id = request.into_inner().delivery_id;
        if delivery_id <= 0 {
            return Err(PublishingError::Invalid {
                field: "delivery_id",
                message: format!(
                    "{delivery_id} is not a delivery id (a positive number from ListDeliveries)"
                ),
            }
            .into());
        }
        let store = self.publishing.store();
        let row = store
            .redeliver(delivery_id, Utc::now())
            .await
            .map_err(PublishingError::from)?
            .ok_or_else(|| PublishingError::NotFound(format!("no delivery {delivery_id}")))?;
        store.deliveries_queued().notify_one();
        tracing::info!(delivery_id, "delivery queued again");
        Ok(Response::new(delivery_to_proto(&row)))
    }
}

fn filter_from_proto(filter: StoryFilter) -> channels::StoryFilter {
    channels::StoryFilter {
        languages: filter.languages,
        topics: filter.topics,
        entities: filter.entities,
        sources: filter.sources,
    }
}

fn filter_to_proto(filter: &channels::StoryFilter) -> StoryFilter {
    StoryFilter {
        languages: filter.languages.clone(),
        topics: filter.topics.clone(),
        entities: filter.entities.clone(),
        sources: filter.sources.clone(),
    }
}

fn subscriber_to_proto(record: &SubscriberRecord, with_secret: bool) -> Subscriber {
    Subscriber {
        id: record.id.clone(),
        name: record.name.clone(),
        filter: Some(filter_to_proto(&record.filter)),
        destinations: record
            .destinations
            .iter()
            .map(|destination| newsroom_proto::v1::Destination {
                target: Some(match destination {
                    Destination::WebhookUrl(url) => destination::Target::WebhookUrl(url.clone()),
                    Destination::NatsSubject(subject) => destination::Target::NatsSubject(subject.clone()),
                }),
            })
            .collect(),
        paused: record.paused,
        webhook_secret: if with_secret { record.webhook_secret.clone() } else { String::new() },
        created_at: Some(events::timestamp(record.created_at)),
    }
}

fn delivery_to_proto(row: &delivery::Model) -> Delivery {
    let state = match row.state.as_str() {
        delivery::PENDING => DeliveryState::Pending,
        delivery::RETRYING => DeliveryState::Retrying,
        delivery::DELIVERED => DeliveryState::Delivered,
        delivery::DEAD => DeliveryState::Dead,
        _ => DeliveryState::Unspecified,
    };
    let waiting = matches!(state, DeliveryState::Pending | DeliveryState::Retrying);
    Delivery {
        id: row.id,
        subscriber_id: row.subscriber_id.clone(),
        destination: row.destination.clone(),
        story_id: row.story_id.clone(),
        version: row.version as u32,
        pubstatus: row.pubstatus.clone(),
        state: state as i32,
        attempts: row.attempts as u32,
        last_error: row.last_error.clone().unwrap_or_default(),
        next_attempt_at: waiting.then(|| events::timestamp(row.next_attempt_at)),
        delivered_at: row.delivered_at.map(events::timestamp),
        created_at: Some(events::timestamp(row.created_at)),
        idempotency_key: row.idempotency_key.clone(),
    }
}

fn invalid_subscriber(error: subscribers::InvalidSubscriber) -> Status {
    Status::invalid_argument(error.to_string())
}

fn checked_subscriber_id(id: &str) -> Result<&str, Status> {
    let id = id.trim();
    if uuid::Uuid::parse_str(id).is_err() {
        return Err(Status::invalid_argument(format!(
            "subscriber_id: {id:?} is not a subscriber id (a UUID returned by CreateSubscriber)"
        )));
    }
    Ok(id)
}

/// A random 32-byte secret, hex.
fn generate_secret() -> String {
    let bytes: [u8; 32] = rand::rng().random();
    hex::encode(bytes)
}
