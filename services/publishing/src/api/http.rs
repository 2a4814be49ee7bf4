//! HTTP for subscribers and readers: `GET /feeds/<channel>.atom` (newest stories of a
//! channel), `GET /stories/<id>` (ninjs JSON of the latest released version;
//! `?version=N` for an older one), `GET /healthz`.

use axum::{
    Router,
    extract::{Path, Query, State},
    http::header,
    response::{IntoResponse, Response},
    routing::get,
};
use serde::Deserialize;

use super::Publishing;
use crate::error::PublishingError;

/// Media type of Atom documents.
const ATOM_CONTENT_TYPE: &str = "application/atom+xml; charset=utf-8";
/// Media type of ninjs documents.
const NINJS_CONTENT_TYPE: &str = "application/json; charset=utf-8";

/// The HTTP routes over `publishing`.
pub fn router(publishing: Publishing) -> Router {
    Router::new()
        .route("/feeds/{file}", get(feed))
        .route("/stories/{story_id}", get(story))
        .route("/healthz", get(|| async { "ok" }))
        .with_state(publishing)
}

/// `GET /feeds/<channel>.atom`.
async fn feed(
    State(publishing): State<Publishing>,
    Path(file): Path<String>,
) -> Result<Response, PublishingError> {
    let Some(channel) = file.strip_suffix(".atom") else {
        return Err(PublishingError::NotFound(format!("no feed {file:?}: feeds are /feeds/<channel>.atom")));
    };
    let xml = publishing.feed(channel).await?;
    Ok(([(header::CONTENT_TYPE, ATOM_CONTENT_TYPE)], xml).into_response())
}

/// Query of `GET /stories/<id>`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoryQuery {
    /// A specific story version (default: the latest released).
    version: Option<String>,
}

/// `GET /stories/<id>[?version=N]`.
async fn story(
    State(publishing): State<Publishing>,
    Path(story_id): Path<String>,
    query: Result<Query<StoryQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, PublishingError> {
    let Query(query) = query.map_err(|rejection| PublishingError::Invalid {
        field: "query",
        message: format!("{}; the only parameter is version=N", rejection.body_text()),
    })?;
    let version = match query.version.as_deref() {
        None => None,
        Some(text) => match text.parse::<u32>() {
            Ok(version) if version > 0 => Some(version),
            _ => {
                return Err(PublishingError::Invalid {
                    field: "version",
                    message: format!("{text:?} is not a story version (a whole number from 1)"),
                });
            }
        },
    };
    let row = publishing.story(&story_id, version).await?;
    Ok(([(header::CONTENT_TYPE, NINJS_CONTENT_TYPE)], row.ninjs).into_response())
}
