//! `newsroom.v1.PublishingService` over gRPC.

use newsroom_platform::events;
use newsroom_proto::v1::{
    Channel, GetPublishedStoryRequest, ListChannelsRequest, ListChannelsResponse, PublishedStory,
    StoryFilter,
    publishing_service_server::{PublishingService, PublishingServiceServer},
};
use tonic::{Request, Response, Status};

use super::Publishing;

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
}
