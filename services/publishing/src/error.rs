//! Publishing's typed errors, mapped once to a gRPC code (and from it to HTTP).

use sea_orm::DbErr;
use tonic::Code;

/// Everything a publishing call can fail with.
#[derive(Debug, thiserror::Error)]
pub enum PublishingError {
    /// A request field breaks a rule or limit.
    #[error("{field}: {message}")]
    Invalid {
        /// Field name.
        field: &'static str,
        /// What is wrong, with the limit.
        message: String,
    },
    /// No such story, version or channel (or not released yet).
    #[error("{0}")]
    NotFound(String),
    /// The database failed.
    #[error("storage error: {0}")]
    Storage(#[from] DbErr),
}

impl PublishingError {
    /// The gRPC code for this error; the one place the mapping lives.
    pub fn code(&self) -> Code {
        match self {
            PublishingError::Invalid { .. } => Code::InvalidArgument,
            PublishingError::NotFound(_) => Code::NotFound,
            PublishingError::Storage(DbErr::ConnectionAcquire(_) | DbErr::Conn(_)) => Code::Unavailable,
            PublishingError::Storage(_) => Code::Internal,
        }
    }

    /// The request field at fault, if any.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            PublishingError::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }
}

impl From<PublishingError> for tonic::Status {
    fn from(error: PublishingError) -> Self {
        if let PublishingError::Storage(db_error) = &error {
            tracing::error!(error = %db_error, "publishing storage error");
        }
        tonic::Status::new(error.code(), error.to_string())
    }
}

impl axum::response::IntoResponse for PublishingError {
    fn into_response(self) -> axum::response::Response {
        if let PublishingError::Storage(db_error) = &self {
            tracing::error!(error = %db_error, "publishing storage error");
        }
        let code = self.code();
        newsroom_platform::http_error::json_error(
            newsroom_platform::http_error::http_status(code),
            code,
            self.field(),
            self.to_string(),
        )
    }
}

/// A story id as ingest hands them out (a UUID), or INVALID_ARGUMENT.
pub fn checked_story_id(story_id: &str) -> Result<&str, PublishingError> {
    let story_id = story_id.trim();
    if uuid::Uuid::parse_str(story_id).is_err() {
        return Err(PublishingError::Invalid {
            field: "story_id",
            message: format!("{story_id:?} is not a story id (a UUID as returned by ingest)"),
        });
    }
    Ok(story_id)
}
