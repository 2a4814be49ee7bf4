//! The `newsroom.v1` protobuf contract, compiled once for every service and client.
//!
//! The `.proto` files live beside this crate in `newsroom/v1/`; this crate is the only
//! place that turns them into Rust, so every service speaks exactly the same types.

/// Generated types and gRPC stubs of package `newsroom.v1`.
pub mod v1 {
    #![allow(clippy::all, clippy::pedantic)]
    tonic::include_proto!("newsroom.v1");
}

/// Encoded `FileDescriptorSet` of every newsroom proto (with imports), for gRPC reflection.
pub const FILE_DESCRIPTOR_SET: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/newsroom_descriptor.bin"));

pub use prost_types::Timestamp;
