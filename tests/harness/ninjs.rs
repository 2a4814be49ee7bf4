//! Validation of ninjs documents against the official IPTC ninjs 2.2 JSON Schema, with a
//! JSON Schema library (never a hand-written checker).
//!
//! The schema file is IPTC's (CC BY 4.0); it is not in this repository (see the README,
//! "ninjs schema"): it is read from `$NINJS_SCHEMA`, else from
//! `../shared/schemas/ninjs-schema_2.2.json` beside the checkout. Without it, documents
//! are still checked for the properties the tests rely on, and a warning says that the
//! schema validation was skipped.

use std::{path::PathBuf, sync::OnceLock};

use serde_json::Value;

/// Where the schema is looked for.
pub fn schema_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("NINJS_SCHEMA") {
        return Some(PathBuf::from(path));
    }
    let beside = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/schemas/ninjs-schema_2.2.json");
    beside.exists().then_some(beside)
}

/// Resolves the one external reference of the schema (`places[].geojson`, GeoJSON): we
/// never emit that property, so any schema for it will do; nothing is fetched.
struct OfflineGeoJson;

impl jsonschema::Retrieve for OfflineGeoJson {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        if uri.as_str().starts_with("https://geojson.org/") {
            return Ok(serde_json::json!({}));
        }
        Err(format!("no network in tests: {uri}").into())
    }
}

fn validator() -> Option<&'static jsonschema::Validator> {
    static VALIDATOR: OnceLock<Option<jsonschema::Validator>> = OnceLock::new();
    VALIDATOR
        .get_or_init(|| {
            let path = schema_path()?;
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|error| panic!("ninjs schema {}: {error}", path.display()));
            let schema: Value = serde_json::from_str(&text)
                .unwrap_or_else(|error| panic!("ninjs schema {} is not JSON: {error}", path.display()));
            let validator = jsonschema::options()
                .should_validate_formats(true)
                .with_retriever(OfflineGeoJson)
                .build(&schema)
                .unwrap_or_else(|error| panic!("ninjs schema {} does not compile: {error}", path.display()));
            Some(validator)
        })
        .as_ref()
}

/// Whether the official schema is available (so validation is real).
pub fn schema_available() -> bool {
    validator().is_some()
}

/// Panic unless `document` is valid ninjs 2.2 (schema validation when the schema is
/// available; the properties every document must have in any case).
pub fn assert_valid(document: &Value) {
    for required in ["uri", "version", "versioncreated", "pubstatus", "bodies", "standard"] {
        assert!(document.get(required).is_some(), "ninjs document lacks {required}: {document}");
    }
    match validator() {
        Some(validator) => {
            let errors: Vec<String> = validator
                .iter_errors(document)
                .map(|error| format!("{} at {}", error, error.instance_path()))
                .collect();
            assert!(errors.is_empty(), "ninjs document is not valid ninjs 2.2: {errors:#?}\n{document:#}");
        }
        None => eprintln!(
            "warning: ninjs 2.2 schema not found (set NINJS_SCHEMA or put it in ../shared/schemas/): schema validation skipped"
        ),
    }
}
