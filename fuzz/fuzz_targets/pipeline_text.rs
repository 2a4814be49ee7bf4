//! The enrichment pipeline on arbitrary pasted text (`text/plain`): never panics, and the
//! result keeps the pipeline's invariants (see `pipeline_common.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;

mod pipeline_common;

fuzz_target!(|data: &[u8]| pipeline_common::run(data, "text/plain"));
