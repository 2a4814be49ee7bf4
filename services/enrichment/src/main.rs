//! `newsroom-enrichment` binary: the service's CLI and entry point (see the library for the service).

newsroom_platform::service_main!(
    newsroom_enrichment::EnrichmentConfig,
    newsroom_enrichment::SERVICE_NAME,
    newsroom_enrichment::migrate,
    newsroom_enrichment::start,
);
