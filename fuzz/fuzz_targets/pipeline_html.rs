//! The enrichment pipeline on arbitrary HTML (`text/html`): extraction, the markup guard
//! and every later stage never panic, and the result keeps the pipeline's invariants (see
//! `pipeline_common.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;

mod pipeline_common;

fuzz_target!(|data: &[u8]| pipeline_common::run(data, "text/html"));
