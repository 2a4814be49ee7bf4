//! Enforcement, written once: a tower layer for every service's gRPC server and an axum
//! middleware for HTTP routes.

use std::{
    pin::Pin,
    task::{Context, Poll},
};

use axum::{
    extract::{Request, State},
    middleware::Next,
    response::{IntoResponse as _, Response},
};

use super::{Access, AuthError, Authenticator, retry_after_seconds};

/// Which access each gRPC method needs, given its path (`/package.Service/Method`). The
/// layer itself keeps health and reflection public; anything else the service does not
/// name should map to `Requires(Scope::Admin)` (closed by default).
pub type MethodPolicy = fn(&str) -> Access;

/// Tower layer checking the bearer token of every gRPC call against the method's access.
#[derive(Clone)]
pub struct GrpcAuthLayer {
    /// The token check.
    authenticator: Authenticator,
    /// The service's method → access map.
    policy: MethodPolicy,
}

impl GrpcAuthLayer {
    /// A layer checking calls with `authenticator` against `policy`.
    pub fn new(authenticator: Authenticator, policy: MethodPolicy) -> Self {
        Self { authenticator, policy }
    }
}

impl<S> tower::Layer<S> for GrpcAuthLayer {
    type Service = GrpcAuthService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        GrpcAuthService { inner, authenticator: self.authenticator.clone(), policy: self.policy }
    }
}

/// The service made by [`GrpcAuthLayer`].
#[derive(Clone)]
pub struct GrpcAuthService<S> {
    /// The routes of the server.
    inner: S,
    /// The token check.
    authenticator: Authenticator,
    /// The service's method → access map.
    policy: MethodPolicy,
}

/// Access of a gRPC path: health and reflection are public, the rest is the service's say.
fn grpc_access(policy: MethodPolicy, path: &str) -> Access {
    if path.starts_with("/grpc.health.v1.") || path.starts_with("/grpc.reflection.") {
        return Access::Public;
    }
    policy(path)
}

impl<S, RequestBody, ResponseBody> tower::Service<http::Request<RequestBody>> for GrpcAuthService<S>
where
    S: tower::Service<http::Request<RequestBody>, Response = http::Response<ResponseBody>>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
    RequestBody: Send + 'static,
    ResponseBody: Default + Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn std::future::Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: http::Request<RequestBody>) -> Self::Future {
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let access = grpc_access(self.policy, request.uri().path());
        let authorization = request.headers().get(http::header::AUTHORIZATION).and_then(|v| v.to_str().ok());
        match self.authenticator.authorize(authorization, access) {
            Ok(caller) => {
                if let Some(caller) = caller {
                    request.extensions_mut().insert(caller);
                }
                Box::pin(inner.call(request))
            }
            Err(error) => {
                log_refusal(request.uri().path(), &error);
                let response = tonic::Status::from(error).into_http::<ResponseBody>();
                Box::pin(async move { Ok(response) })
            }
        }
    }
}

/// Axum middleware: `route.layer(axum::middleware::from_fn_with_state((authenticator,
/// access), require_http))`. Refusals get the JSON error shape of every HTTP endpoint.
pub async fn require_http(
    State((authenticator, access)): State<(Authenticator, Access)>,
    mut request: Request,
    next: Next,
) -> Response {
    let authorization = request.headers().get(http::header::AUTHORIZATION).and_then(|v| v.to_str().ok());
    match authenticator.authorize(authorization, access) {
        Ok(caller) => {
            if let Some(caller) = caller {
                request.extensions_mut().insert(caller);
            }
            next.run(request).await
        }
        Err(error) => {
            log_refusal(request.uri().path(), &error);
            let code = error.code();
            let retry_after = retry_after_seconds(&error);
            let mut response = crate::http_error::json_error(
                crate::http_error::http_status(code),
                code,
                Some("authorization"),
                error.to_string(),
            );
            if code == tonic::Code::Unauthenticated {
                response
                    .headers_mut()
                    .insert(http::header::WWW_AUTHENTICATE, http::HeaderValue::from_static("Bearer"));
            }
            if let Some(seconds) = retry_after {
                response.headers_mut().insert(http::header::RETRY_AFTER, http::HeaderValue::from(seconds));
            }
            response.into_response()
        }
    }
}

fn log_refusal(path: &str, error: &AuthError) {
    tracing::info!(path, code = ?error.code(), reason = %error, "call refused");
}
