//! Compiles `newsroom/v1/*.proto` with protox (pure Rust, so no system `protoc`)
//! and writes the encoded descriptor set that gRPC reflection serves.

use std::{env, fs, path::PathBuf};

use prost::Message;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let proto_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR")?);
    let mut protos: Vec<PathBuf> = fs::read_dir(proto_dir.join("newsroom/v1"))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "proto"))
        .collect();
    protos.sort();
    for proto in &protos {
        println!("cargo:rerun-if-changed={}", proto.display());
    }
    println!("cargo:rerun-if-changed=newsroom/v1");

    let descriptor_set = protox::compile(&protos, [&proto_dir])?;
    let out_dir = PathBuf::from(env::var("OUT_DIR")?);
    fs::write(out_dir.join("newsroom_descriptor.bin"), descriptor_set.encode_to_vec())?;

    tonic_prost_build::configure().build_server(true).build_client(true).compile_fds(descriptor_set)?;
    Ok(())
}
