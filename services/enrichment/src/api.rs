//! `newsroom.v1.EnrichmentService` over gRPC.

use newsroom_proto::v1::{
    EnrichRequest, EnrichResponse, Enrichment, GetEnrichmentRequest, ReprocessRequest,
    enrichment_service_server::{EnrichmentService, EnrichmentServiceServer},
};
use tonic::{Request, Response, Status};

use crate::{
    error::EnrichmentError,
    store::{EnrichmentStore, Recorded},
    worker,
};

/// The scope each `EnrichmentService` method needs: `Enrich` (stores nothing) and
/// `GetEnrichment` need `read`; `Reprocess` re-runs and re-emits, so it is `admin`, as is
/// any method not named here.
pub fn grpc_access(path: &str) -> newsroom_platform::auth::Access {
    use newsroom_platform::auth::{Access, Scope};
    match path.rsplit('/').next().unwrap_or_default() {
        "Enrich" | "GetEnrichment" => Access::Requires(Scope::Read),
        _ => Access::Requires(Scope::Admin),
    }
}

/// gRPC adapter over the store and the pipeline.
#[derive(Clone)]
pub struct EnrichmentGrpc {
    /// Enrichment's storage.
    store: EnrichmentStore,
    /// Largest accepted `Enrich` content, in bytes.
    max_content_bytes: usize,
}

impl EnrichmentGrpc {
    /// The tonic service.
    pub fn server(store: EnrichmentStore, max_content_bytes: usize) -> EnrichmentServiceServer<Self> {
        let max_message_bytes = max_content_bytes.saturating_add(1024 * 1024);
        EnrichmentServiceServer::new(Self { store, max_content_bytes })
            .max_decoding_message_size(max_message_bytes)
            .max_encoding_message_size(max_message_bytes.saturating_mul(2))
    }
}

fn checked_story_id(story_id: &str) -> Result<&str, EnrichmentError> {
    let story_id = story_id.trim();
    if uuid::Uuid::parse_str(story_id).is_err() {
        return Err(EnrichmentError::Invalid {
            field: "story_id",
            message: format!("{story_id:?} is not a story id (a UUID as returned by ingest)"),
        });
    }
    Ok(story_id)
}

#[tonic::async_trait]
impl EnrichmentService for EnrichmentGrpc {
    #[tracing::instrument(name = "EnrichmentService/Enrich", skip_all, fields(rpc.system = "grpc", rpc.service = "newsroom.v1.EnrichmentService", rpc.method = "Enrich"))]
    async fn enrich(&self, request: Request<EnrichRequest>) -> Result<Response<EnrichResponse>, Status> {
        let request = request.into_inner();
        if request.content.trim().is_empty() {
            return Err(EnrichmentError::Invalid {
                field: "content",
                message: "must not be empty or only whitespace".into(),
            }
            .into());
        }
        if request.content.len() > self.max_content_bytes {
            return Err(EnrichmentError::Invalid {
                field: "content",
                message: format!(
                    "is {} bytes, over the limit of {} bytes",
                    request.content.len(),
                    self.max_content_bytes
                ),
            }
            .into());
        }
        let story = crate::pipeline::run_on_a_core(request.content, request.content_type, request.url)
            .await
            .map_err(EnrichmentError::Pipeline)?;
        Ok(Response::new(EnrichResponse { story: Some(story) }))
    }

    #[tracing::instrument(name = "EnrichmentService/GetEnrichment", skip_all, fields(rpc.system = "grpc", rpc.service = "newsroom.v1.EnrichmentService", rpc.method = "GetEnrichment", story_id = %request.get_ref().story_id))]
    async fn get_enrichment(
        &self,
        request: Request<GetEnrichmentRequest>,
    ) -> Result<Response<Enrichment>, Status> {
        let request = request.into_inner();
        let story_id = checked_story_id(&request.story_id)?;
        match self.store.latest(story_id).await.map_err(EnrichmentError::from)? {
            Some((enrichment, _)) => Ok(Response::new(enrichment)),
            None => Err(EnrichmentError::NotFound(format!("story {story_id} has no enrichment")).into()),
        }
    }

    #[tracing::instrument(name = "EnrichmentService/Reprocess", skip_all, fields(rpc.system = "grpc", rpc.service = "newsroom.v1.EnrichmentService", rpc.method = "Reprocess", story_id = %request.get_ref().story_id))]
    async fn reprocess(&self, request: Request<ReprocessRequest>) -> Result<Response<Enrichment>, Status> {
        let request = request.into_inner();
        let story_id = checked_story_id(&request.story_id)?;
        let Some((_, input)) = self.store.latest(story_id).await.map_err(EnrichmentError::from)? else {
            return Err(
                EnrichmentError::NotFound(format!("story {story_id} has no enrichment to redo")).into()
            );
        };
        let result = worker::enrich_input(input.clone())
            .await
            .map_err(|error| EnrichmentError::Pipeline(error.to_string()))?;
        match self.store.record(&input, None, result).await.map_err(EnrichmentError::from)? {
            Recorded::Stored(enrichment) => Ok(Response::new(*enrichment)),
            Recorded::AlreadyProcessed | Recorded::Stale => {
                Err(EnrichmentError::Pipeline("reprocess recorded nothing".into()).into())
            }
        }
    }
}
