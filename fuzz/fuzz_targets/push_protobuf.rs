//! The gRPC push: arbitrary bytes as a `SubmitStoryRequest` (and as a `SubmitStoriesRequest`
//! item of the bulk stream: the same wire shape) through prost, as tonic decodes them, then
//! ingest's validation as `SubmitStory` runs it. Never panics; a decoded message re-encodes
//! to a message that decodes equal.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsroom_proto::v1::{SubmitStoriesRequest, SubmitStoryRequest};
use prost::Message as _;

mod push_common;

fuzz_target!(|data: &[u8]| {
    let single = SubmitStoryRequest::decode(data);
    let bulk = SubmitStoriesRequest::decode(data);
    assert_eq!(single.is_ok(), bulk.is_ok(), "single and bulk items decode alike");
    let Ok(request) = single else { return };
    let encoded = request.encode_to_vec();
    assert_eq!(SubmitStoryRequest::decode(encoded.as_slice()).expect("re-encoded request decodes"), request);
    // A request without a story is refused by the handler ("story: is required").
    if let Some(story) = &request.story {
        push_common::validate(story);
    }
});
