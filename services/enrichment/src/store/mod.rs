//! Enrichment's own database.

pub mod migrations;
