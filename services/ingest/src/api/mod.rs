//! Ingest's front ends: gRPC (`newsroom.v1.IngestService`) and HTTP JSON (`POST /v1/stories`).
//! Both call the same [`crate::service::Ingest`] and report the same errors.

pub mod grpc;
pub mod http;

use newsroom_platform::auth::{Access, Scope};

/// The scope each `IngestService` method needs: pushing and killing are a newsroom tool's
/// writes (`push`), reading stories needs `read`; any method not named here needs `admin`.
pub fn grpc_access(path: &str) -> Access {
    let method = path.rsplit('/').next().unwrap_or_default();
    match method {
        "SubmitStory" | "SubmitStories" | "KillStory" => Access::Requires(Scope::Push),
        "GetStory" | "ListStories" => Access::Requires(Scope::Read),
        _ => Access::Requires(Scope::Admin),
    }
}
