//! The HTTP JSON push (`POST /v1/stories`): arbitrary bytes as the request body through
//! `parse_json_submission` (exactly what the handler runs) and, when they parse, ingest's
//! validation. Never panics; refusals are INVALID_ARGUMENT naming a field.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod push_common;

fuzz_target!(|data: &[u8]| {
    match newsroom_ingest::api::http::parse_json_submission(data) {
        Ok(story) => push_common::validate(&story),
        Err(error) => push_common::check_refusal(error),
    }
});
