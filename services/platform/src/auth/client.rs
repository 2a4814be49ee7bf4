//! The client side: what every outgoing gRPC call of our tools carries.

use tonic::metadata::{Ascii, MetadataValue};

/// Client interceptor adding the caller's trace context (`traceparent`) and, when set,
/// `authorization: Bearer <token>` to every call.
#[derive(Clone, Default)]
pub struct ClientCredentials {
    /// The header value, parsed once.
    authorization: Option<MetadataValue<Ascii>>,
}

impl ClientCredentials {
    /// Credentials sending `token` (`nrt_…`); `None` sends none. Fails when the token
    /// holds characters a header cannot carry.
    pub fn new(token: Option<&str>) -> Result<Self, tonic::metadata::errors::InvalidMetadataValue> {
        let authorization = match token.map(str::trim).filter(|token| !token.is_empty()) {
            Some(token) => Some(format!("Bearer {token}").parse()?),
            None => None,
        };
        Ok(Self { authorization })
    }
}

impl std::fmt::Debug for ClientCredentials {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("ClientCredentials")
            .field("authorization", &self.authorization.as_ref().map(|_| "Bearer <redacted>"))
            .finish()
    }
}

impl tonic::service::Interceptor for ClientCredentials {
    fn call(&mut self, mut request: tonic::Request<()>) -> Result<tonic::Request<()>, tonic::Status> {
        crate::telemetry::inject_into_metadata(request.metadata_mut());
        if let Some(authorization) = &self.authorization {
            request.metadata_mut().insert("authorization", authorization.clone());
        }
        Ok(request)
    }
}
