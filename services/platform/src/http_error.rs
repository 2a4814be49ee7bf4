//! The one JSON error shape of every service's HTTP endpoints:
//! `{"error": {"code": "INVALID_ARGUMENT", "status": 400, "field": "content", "message": "…"}}`
//! — the gRPC code name beside the HTTP status, so HTTP and gRPC clients see the same words.

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Serialize;

/// Error body.
#[derive(Debug, Serialize)]
struct JsonError {
    /// The error.
    error: JsonErrorBody,
}

/// What went wrong.
#[derive(Debug, Serialize)]
struct JsonErrorBody {
    /// gRPC code name, e.g. `INVALID_ARGUMENT`.
    code: String,
    /// HTTP status number.
    status: u16,
    /// The request field at fault, when one is.
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'static str>,
    /// Human-readable message naming the problem and the limit.
    message: String,
}

/// A JSON error response.
pub fn json_error(
    status: StatusCode,
    code: tonic::Code,
    field: Option<&'static str>,
    message: String,
) -> Response {
    let body =
        JsonError { error: JsonErrorBody { code: code_name(code), status: status.as_u16(), field, message } };
    (status, Json(body)).into_response()
}

/// `InvalidArgument` → `INVALID_ARGUMENT`.
pub fn code_name(code: tonic::Code) -> String {
    let mut name = String::new();
    for (index, c) in format!("{code:?}").chars().enumerate() {
        if c.is_ascii_uppercase() && index > 0 {
            name.push('_');
        }
        name.push(c.to_ascii_uppercase());
    }
    name
}

/// The HTTP status matching a gRPC code.
pub fn http_status(code: tonic::Code) -> StatusCode {
    use tonic::Code;
    match code {
        Code::InvalidArgument | Code::OutOfRange => StatusCode::BAD_REQUEST,
        Code::NotFound => StatusCode::NOT_FOUND,
        Code::AlreadyExists | Code::Aborted => StatusCode::CONFLICT,
        Code::FailedPrecondition => StatusCode::PRECONDITION_FAILED,
        Code::Unauthenticated => StatusCode::UNAUTHORIZED,
        Code::PermissionDenied => StatusCode::FORBIDDEN,
        Code::ResourceExhausted => StatusCode::TOO_MANY_REQUESTS,
        Code::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        Code::DeadlineExceeded => StatusCode::GATEWAY_TIMEOUT,
        Code::Unimplemented => StatusCode::NOT_IMPLEMENTED,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grpc_code_names_are_screaming_snake_case() {
        assert_eq!(code_name(tonic::Code::InvalidArgument), "INVALID_ARGUMENT");
        assert_eq!(code_name(tonic::Code::NotFound), "NOT_FOUND");
        assert_eq!(code_name(tonic::Code::Ok), "OK");
    }
}
