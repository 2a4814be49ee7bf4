//! Enrichment's typed errors, mapped once to a gRPC code.

use sea_orm::DbErr;
use tonic::Code;

/// Everything an enrichment call can fail with.
#[derive(Debug, thiserror::Error)]
pub enum EnrichmentError {
    /// A request field breaks a rule or limit.
    #[error("{field}: {message}")]
    Invalid {
        /// Field name.
        field: &'static str,
        /// What is wrong, with the limit.
        message: String,
    },
    /// The story has no enrichment.
    #[error("{0}")]
    NotFound(String),
    /// The pipeline failed on this input.
    #[error("pipeline failed: {0}")]
    Pipeline(String),
    /// The database failed.
    #[error("storage error: {0}")]
    Storage(#[from] DbErr),
}

impl EnrichmentError {
    /// The gRPC code for this error; the one place the mapping lives.
    pub fn code(&self) -> Code {
        match self {
            EnrichmentError::Invalid { .. } => Code::InvalidArgument,
            EnrichmentError::NotFound(_) => Code::NotFound,
            EnrichmentError::Pipeline(_) => Code::Internal,
            EnrichmentError::Storage(DbErr::ConnectionAcquire(_) | DbErr::Conn(_)) => Code::Unavailable,
            EnrichmentError::Storage(_) => Code::Internal,
        }
    }
}

impl From<EnrichmentError> for tonic::Status {
    fn from(error: EnrichmentError) -> Self {
        if matches!(error, EnrichmentError::Storage(_) | EnrichmentError::Pipeline(_)) {
            tracing::error!(error = %error, "enrichment call failed");
        }
        tonic::Status::new(error.code(), error.to_string())
    }
}
