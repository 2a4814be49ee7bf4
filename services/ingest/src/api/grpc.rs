//! `newsroom.v1.IngestService` over gRPC.

use std::pin::Pin;

use futures::{Stream, StreamExt as _};
use newsroom_platform::telemetry;
use newsroom_proto::v1::{
    GetStoryRequest, GetStoryResponse, ItemError, KillStoryRequest, KillStoryResponse, ListStoriesRequest,
    ListStoriesResponse, SubmitOutcome, SubmitStoriesRequest, SubmitStoriesResponse, SubmitStoryRequest,
    SubmitStoryResponse,
    ingest_service_server::{IngestService, IngestServiceServer},
};
use tokio_stream::wrappers::ReceiverStream;
use tonic::{Request, Response, Status, Streaming};
use tracing::Instrument as _;

use crate::{error::IngestError, service::Ingest};

/// gRPC adapter over the ingest core.
#[derive(Clone)]
pub struct IngestGrpc {
    /// The shared core.
    ingest: Ingest,
}

impl IngestGrpc {
    /// The tonic service for `ingest`, accepting messages up to `max_message_bytes`.
    pub fn server(ingest: Ingest, max_message_bytes: usize) -> IngestServiceServer<Self> {
        IngestServiceServer::new(Self { ingest })
            .max_decoding_message_size(max_message_bytes)
            .max_encoding_message_size(max_message_bytes)
    }
}

fn missing_story() -> Status {
    Status::invalid_argument("story: is required")
}

#[tonic::async_trait]
impl IngestService for IngestGrpc {
    #[tracing::instrument(name = "IngestService/SubmitStory", skip_all)]
    async fn submit_story(
        &self,
        request: Request<SubmitStoryRequest>,
    ) -> Result<Response<SubmitStoryResponse>, Status> {
        let story = request.into_inner().story.ok_or_else(missing_story)?;
        let submitted = self.ingest.submit(&story).await?;
        Ok(Response::new(SubmitStoryResponse {
            story_id: submitted.story_id,
            version: submitted.version,
            outcome: submitted.outcome as i32,
            event_id: submitted.event_id.unwrap_or_default(),
            trace_id: telemetry::current_trace_id().unwrap_or_default(),
        }))
    }

    type SubmitStoriesStream =
        Pin<Box<dyn Stream<Item = Result<SubmitStoriesResponse, Status>> + Send + 'static>>;

    #[tracing::instrument(name = "IngestService/SubmitStories", skip_all)]
    async fn submit_stories(
        &self,
        request: Request<Streaming<SubmitStoriesRequest>>,
    ) -> Result<Response<Self::SubmitStoriesStream>, Status> {
        let mut inbound = request.into_inner();
        let (results, receiver) = tokio::sync::mpsc::channel(64);
        let ingest = self.ingest.clone();
        let stream_span = tracing::Span::current();
        tokio::spawn(async move {
            let mut index = 0u64;
            while let Some(item) = inbound.next().await {
                let result = match item {
                    Ok(item) => {
                        // One story, one trace: each item starts its own, linked to the stream.
                        let item_span = tracing::info_span!(parent: None, "ingest story", bulk.index = index);
                        stream_span.in_scope(|| telemetry::link_to_current(&item_span));
                        Ok(submit_item(&ingest, index, item).instrument(item_span).await)
                    }
                    Err(status) => Err(status),
                };
                let stream_failed = result.is_err();
                if results.send(result).await.is_err() || stream_failed {
                    break;
                }
                index += 1;
            }
            tracing::info!(items = index, "bulk stream finished");
        });
        Ok(Response::new(Box::pin(ReceiverStream::new(receiver))))
    }

    #[tracing::instrument(name = "IngestService/GetStory", skip_all, fields(story_id = %request.get_ref().story_id))]
    async fn get_story(
        &self,
        request: Request<GetStoryRequest>,
    ) -> Result<Response<GetStoryResponse>, Status> {
        let request = request.into_inner();
        let (summary, story) = self.ingest.get(&request.story_id, request.version).await?;
        Ok(Response::new(GetStoryResponse { summary: Some(summary), story: Some(story) }))
    }

    #[tracing::instrument(name = "IngestService/ListStories", skip_all)]
    async fn list_stories(
        &self,
        request: Request<ListStoriesRequest>,
    ) -> Result<Response<ListStoriesResponse>, Status> {
        let request = request.into_inner();
        let page =
            self.ingest.list(request.page_size, &request.page_token, request.source.as_deref()).await?;
        Ok(Response::new(ListStoriesResponse {
            stories: page.stories,
            next_page_token: page.next_page_token,
        }))
    }

    #[tracing::instrument(name = "IngestService/KillStory", skip_all, fields(story_id = %request.get_ref().story_id))]
    async fn kill_story(
        &self,
        request: Request<KillStoryRequest>,
    ) -> Result<Response<KillStoryResponse>, Status> {
        let request = request.into_inner();
        let killed = self.ingest.kill(&request.story_id, &request.reason, &request.killed_by).await?;
        Ok(Response::new(KillStoryResponse {
            story_id: request.story_id.trim().to_owned(),
            version: killed.version,
            already_killed: killed.event_id.is_none(),
            event_id: killed.event_id.unwrap_or_default(),
        }))
    }
}

async fn submit_item(ingest: &Ingest, index: u64, item: SubmitStoriesRequest) -> SubmitStoriesResponse {
    let outcome = match item.story {
        Some(story) => ingest.submit(&story).await,
        None => Err(IngestError::BadRequest { field: "story", message: "is required".into() }),
    };
    match outcome {
        Ok(submitted) => SubmitStoriesResponse {
            index,
            outcome: submitted.outcome as i32,
            story_id: submitted.story_id,
            version: submitted.version,
            event_id: submitted.event_id.unwrap_or_default(),
            error: None,
            trace_id: telemetry::current_trace_id().unwrap_or_default(),
        },
        Err(error) => SubmitStoriesResponse {
            index,
            outcome: SubmitOutcome::Rejected as i32,
            story_id: String::new(),
            version: 0,
            event_id: String::new(),
            error: Some(ItemError {
                code: error.code() as i32,
                field: error.field().unwrap_or_default().to_owned(),
                message: error.to_string(),
            }),
            trace_id: String::new(),
        },
    }
}
