//! `newsroom-ingest` binary: the service's CLI and entry point (see the library for the service).

newsroom_platform::service_main!(
    newsroom_ingest::IngestConfig,
    newsroom_ingest::SERVICE_NAME,
    newsroom_ingest::migrate,
    newsroom_ingest::start,
);
