//! Ingest's typed errors, mapped once to a gRPC code; HTTP derives its status from it.

use sea_orm::DbErr;
use tonic::Code;

use crate::domain::ValidationError;

/// Everything an ingest call can fail with.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The request breaks a rule or limit (INVALID_ARGUMENT; HTTP 400 or 413).
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// A request parameter outside the story (page size, cursor, id) is wrong.
    #[error("{field}: {message}")]
    BadRequest {
        /// Parameter name.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// The story or version does not exist (NOT_FOUND).
    #[error("{0}")]
    NotFound(String),
    /// The story was killed: it takes no new versions (FAILED_PRECONDITION; HTTP 409).
    #[error("story {story_id} was killed at {killed_at}; it takes no new versions")]
    Killed {
        /// The story.
        story_id: String,
        /// When, RFC 3339.
        killed_at: String,
    },
    /// Concurrent writers kept winning the race for this story (ABORTED: safe to retry).
    #[error("story {identity} was changed concurrently {attempts} times; retry the push")]
    Contended {
        /// Identity key of the contended story.
        identity: String,
        /// Attempts made.
        attempts: u32,
    },
    /// The database failed (UNAVAILABLE when unreachable, INTERNAL otherwise).
    #[error("storage error: {0}")]
    Storage(#[from] DbErr),
}

impl IngestError {
    /// The gRPC code for this error; the one place the mapping lives.
    pub fn code(&self) -> Code {
        match self {
            IngestError::Invalid(_) | IngestError::BadRequest { .. } => Code::InvalidArgument,
            IngestError::NotFound(_) => Code::NotFound,
            IngestError::Contended { .. } => Code::Aborted,
            IngestError::Killed { .. } => Code::FailedPrecondition,
            IngestError::Storage(DbErr::ConnectionAcquire(_) | DbErr::Conn(_)) => Code::Unavailable,
            IngestError::Storage(_) => Code::Internal,
        }
    }

    /// The field at fault, when the error is about one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            IngestError::Invalid(error) => Some(error.field),
            IngestError::BadRequest { field, .. } => Some(field),
            _ => None,
        }
    }

    /// The HTTP status matching [`Self::code`] (413 for size limits).
    pub fn http_status(&self) -> axum::http::StatusCode {
        use axum::http::StatusCode;
        if let IngestError::Invalid(ValidationError { too_large: true, .. }) = self {
            return StatusCode::PAYLOAD_TOO_LARGE;
        }
        match self.code() {
            Code::InvalidArgument => StatusCode::BAD_REQUEST,
            Code::NotFound => StatusCode::NOT_FOUND,
            Code::Aborted | Code::FailedPrecondition => StatusCode::CONFLICT,
            Code::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<IngestError> for tonic::Status {
    fn from(error: IngestError) -> Self {
        if let IngestError::Storage(db_error) = &error {
            tracing::error!(error = %db_error, "ingest storage error");
        }
        tonic::Status::new(error.code(), error.to_string())
    }
}
