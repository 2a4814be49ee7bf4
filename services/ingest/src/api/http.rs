//! HTTP JSON front end for tools that cannot speak gRPC:
//! `POST /v1/stories` (same rules and messages as `SubmitStory`), `GET /v1/stories/{id}`,
//! `GET /healthz`.

use axum::{
    Json, Router,
    body::Body,
    extract::{DefaultBodyLimit, Path, Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use chrono::{DateTime, Utc};
use newsroom_proto::v1::{StoryHints, StorySubmission, StoryVersion, SubmitOutcome};
use serde::{Deserialize, Serialize};

use newsroom_platform::{
    auth::{Access, Authenticator, Scope, require_http},
    http_error::json_error,
};

use crate::{domain::ValidationError, error::IngestError, service::Ingest};

/// State shared by the HTTP handlers.
#[derive(Clone)]
struct HttpState {
    /// The shared core.
    ingest: Ingest,
    /// Largest request body read, in bytes: room for the content limit plus JSON escaping.
    max_body_bytes: usize,
}

/// The HTTP routes over `ingest`; pushing needs a `push` token, reading a `read` token
/// (the same bearer tokens as gRPC), `/healthz` is open.
pub fn router(ingest: Ingest, max_content_bytes: usize, authenticator: Authenticator) -> Router {
    let state =
        HttpState { ingest, max_body_bytes: max_content_bytes.saturating_mul(2).saturating_add(64 * 1024) };
    let requires = |scope| {
        axum::middleware::from_fn_with_state((authenticator.clone(), Access::Requires(scope)), require_http)
    };
    Router::new()
        .route("/v1/stories", post(submit_story).layer(requires(Scope::Push)))
        .route("/v1/stories/{story_id}", get(get_story).layer(requires(Scope::Read)))
        .route("/healthz", get(|| async { "ok" }))
        .layer(DefaultBodyLimit::disable())
        .with_state(state)
}

/// A pushed story as JSON; the same fields as the protobuf `StorySubmission`.
/// Missing fields default to empty so validation, not the parser, names what is missing.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct JsonSubmission {
    source: String,
    source_id: Option<String>,
    url: String,
    content: String,
    content_type: String,
    submitted_by: String,
    hints: Option<JsonHints>,
}

/// Optional hints as JSON; `embargo_until` is an RFC 3339 instant.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct JsonHints {
    headline: Option<String>,
    language: Option<String>,
    embargo_until: Option<String>,
}

impl JsonSubmission {
    fn into_proto(self) -> Result<StorySubmission, ValidationError> {
        let hints = match self.hints {
            None => None,
            Some(hints) => {
                let embargo_until = match hints.embargo_until.as_deref().map(str::trim) {
                    None | Some("") => None,
                    Some(text) => Some(newsroom_platform::events::timestamp(
                        DateTime::parse_from_rfc3339(text)
                            .map_err(|error| {
                                ValidationError::new(
                                    "hints.embargo_until",
                                    format!("{text:?} is not an RFC 3339 instant such as 2026-11-28T09:00:00Z ({error})"),
                                )
                            })?
                            .with_timezone(&Utc),
                    )),
                };
                Some(StoryHints { headline: hints.headline, language: hints.language, embargo_until })
            }
        };
        Ok(StorySubmission {
            source: self.source,
            source_id: self.source_id,
            url: self.url,
            content: self.content,
            content_type: self.content_type,
            submitted_by: self.submitted_by,
            hints,
        })
    }
}

/// Parse a `POST /v1/stories` body into the protobuf submission, exactly as the handler
/// does (400 `body` for JSON that is not a story object, the field's error for a bad
/// embargo); pure, so the fuzz target `push_json` calls what the server runs.
pub fn parse_json_submission(bytes: &[u8]) -> Result<StorySubmission, IngestError> {
    let submission: JsonSubmission = serde_json::from_slice(bytes).map_err(|error| {
        IngestError::BadRequest { field: "body", message: format!("not a valid JSON story object: {error}") }
    })?;
    Ok(submission.into_proto()?)
}

/// Result of a push.
#[derive(Debug, Serialize)]
struct JsonSubmitted {
    story_id: String,
    version: u32,
    outcome: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    event_id: Option<String>,
    /// The story's trace (the caller's when it sent `traceparent`).
    #[serde(skip_serializing_if = "Option::is_none")]
    trace_id: Option<String>,
}

impl IntoResponse for IngestError {
    fn into_response(self) -> Response {
        if let IngestError::Storage(error) = &self {
            tracing::error!(%error, "ingest storage error");
        }
        json_error(self.http_status(), self.code(), self.field(), self.to_string())
    }
}

fn outcome_name(outcome: SubmitOutcome) -> &'static str {
    match outcome {
        SubmitOutcome::Accepted => "accepted",
        SubmitOutcome::Updated => "updated",
        SubmitOutcome::Duplicate => "duplicate",
        SubmitOutcome::Rejected => "rejected",
        SubmitOutcome::Unspecified => "unspecified",
    }
}

#[tracing::instrument(name = "POST /v1/stories", skip_all, fields(http.request.method = "POST", http.route = "/v1/stories"))]
async fn submit_story(State(state): State<HttpState>, headers: HeaderMap, body: Body) -> Response {
    let declared_length = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<usize>().ok());
    let too_large = || {
        json_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            tonic::Code::InvalidArgument,
            Some("body"),
            format!("body: request body is over the limit of {} bytes", state.max_body_bytes),
        )
    };
    if declared_length.is_some_and(|length| length > state.max_body_bytes) {
        return too_large();
    }
    let Ok(bytes) = axum::body::to_bytes(body, state.max_body_bytes).await else {
        return too_large();
    };
    let story = match parse_json_submission(&bytes) {
        Ok(story) => story,
        Err(error) => return error.into_response(),
    };
    match state.ingest.submit(&story).await {
        Ok(submitted) => {
            let status = if submitted.outcome == SubmitOutcome::Duplicate {
                StatusCode::OK
            } else {
                StatusCode::CREATED
            };
            let body = JsonSubmitted {
                story_id: submitted.story_id,
                version: submitted.version,
                outcome: outcome_name(submitted.outcome),
                event_id: submitted.event_id,
                trace_id: newsroom_platform::telemetry::current_trace_id(),
            };
            (status, Json(body)).into_response()
        }
        Err(error) => error.into_response(),
    }
}

/// `?version=N` on `GET /v1/stories/{id}`.
#[derive(Debug, Deserialize)]
struct VersionQuery {
    version: Option<u32>,
}

/// A stored version as JSON.
#[derive(Debug, Serialize)]
struct JsonStory {
    story_id: String,
    version: u32,
    current_version: u32,
    source: String,
    source_id: Option<String>,
    url: String,
    content_type: String,
    submitted_by: String,
    headline_hint: Option<String>,
    language_hint: Option<String>,
    embargo_until: Option<String>,
    content_hash: String,
    received_at: Option<String>,
    content: String,
}

async fn get_story(
    State(state): State<HttpState>,
    Path(story_id): Path<String>,
    Query(query): Query<VersionQuery>,
) -> Result<Json<JsonStory>, IngestError> {
    let (summary, story) = state.ingest.get(&story_id, query.version).await?;
    Ok(Json(to_json_story(summary.current_version, story)))
}

fn to_json_story(current_version: u32, story: StoryVersion) -> JsonStory {
    let rfc3339 = |ts: &newsroom_proto::Timestamp| {
        newsroom_platform::events::from_timestamp(ts).map(|at| at.to_rfc3339())
    };
    let submission = story.submission.unwrap_or_default();
    let hints = submission.hints.unwrap_or_default();
    JsonStory {
        story_id: story.story_id,
        version: story.version,
        current_version,
        source: submission.source,
        source_id: submission.source_id,
        url: submission.url,
        content_type: submission.content_type,
        submitted_by: submission.submitted_by,
        headline_hint: hints.headline,
        language_hint: hints.language,
        embargo_until: hints.embargo_until.as_ref().and_then(rfc3339),
        content_hash: story.content_hash,
        received_at: story.received_at.as_ref().and_then(rfc3339),
        content: submission.content,
    }
}
