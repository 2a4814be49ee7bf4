//! Ingest's front ends: gRPC (`newsroom.v1.IngestService`) and HTTP JSON (`POST /v1/stories`).
//! Both call the same [`crate::service::Ingest`] and report the same errors.

pub mod grpc;
pub mod http;
