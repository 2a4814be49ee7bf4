//! `newsroom-publishing` binary: the service's CLI and entry point (see the library for the service).

newsroom_platform::service_main!(
    newsroom_publishing::PublishingConfig,
    newsroom_publishing::SERVICE_NAME,
    newsroom_publishing::migrate,
    newsroom_publishing::start,
);
