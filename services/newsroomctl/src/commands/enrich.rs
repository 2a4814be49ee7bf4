//! `newsroomctl enrich --jsonl`: the enrichment pipeline in-process over JSONL, no servers.
//! Input lines `{"id","content","content_type","url"}`; output lines are the enriched story
//! with its `id`, or `{"id","error"}` for a story that fails — the run goes on.

use std::{
    io::{BufRead, BufReader, BufWriter, Write},
    process::ExitCode,
};

use anyhow::Context as _;

use super::{json_line, output_line};

/// One input line.
#[derive(Debug)]
struct InputLine {
    /// Caller's id, echoed back.
    id: serde_json::Value,
    /// Raw text or HTML.
    content: String,
    /// `text/plain`, `text/html` or absent (detect).
    content_type: Option<String>,
    /// Source URL, when known.
    url: Option<String>,
}

impl InputLine {
    /// The story fields of a line read by [`json_line::parse_object`]; other fields are
    /// ignored, a missing or null field is empty. A wrong field is an error that keeps the
    /// line's `id`, so that the caller can tell which story it was.
    fn from_object(mut object: serde_json::Map<String, serde_json::Value>) -> Result<Self, NotAStory> {
        let id = object.remove("id").unwrap_or_default();
        match text_fields(object) {
            Ok((content, content_type, url)) => Ok(Self { id, content, content_type, url }),
            Err(message) => Err(NotAStory { id, message }),
        }
    }
}

/// `content` (empty when missing), `content_type` and `url` of a line's object: strings, or
/// missing or null.
fn text_fields(
    mut object: serde_json::Map<String, serde_json::Value>,
) -> Result<(String, Option<String>, Option<String>), String> {
    let mut text_field = |name: &str| match object.remove(name) {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(text)) => Ok(Some(text)),
        Some(_) => Err(format!("field `{name}` must be a string")),
    };
    Ok((text_field("content")?.unwrap_or_default(), text_field("content_type")?, text_field("url")?))
}

/// Why a line is not a story.
struct NotAStory {
    /// The line's `id` when it is an object that has one (else null).
    id: serde_json::Value,
    /// What is wrong with it.
    message: String,
}

/// Arguments of `enrich`.
#[derive(Debug, clap::Args)]
pub struct EnrichArgs {
    /// Read and write JSON Lines (the only mode for now).
    #[arg(long)]
    pub jsonl: bool,
}

/// Bytes read from stdin at a time: a news page is 100–300 KB.
const INPUT_BUFFER_BYTES: usize = 1 << 20;

/// Read stdin, write stdout, one line each.
pub fn run(_args: &EnrichArgs) -> anyhow::Result<ExitCode> {
    newsroom_platform::tune_allocator(newsroom_platform::AllocatorPurge::Never);
    // The pipeline's small blocks are bumped (see `bump_arena`). Should the address space be
    // refused, the batch runs as it did before the arena, only slower: nothing to report.
    let _ = crate::GLOBAL_ALLOCATOR.adopt_current_thread();
    let stdin = BufReader::with_capacity(INPUT_BUFFER_BYTES, std::io::stdin().lock());
    let mut stdout = BufWriter::new(std::io::stdout().lock());
    let failures = run_lines(stdin, &mut stdout)?;
    stdout.flush().context("cannot write output")?;
    if failures > 0 {
        eprintln!("enrich: {failures} stories failed (see their error lines)");
    }
    Ok(ExitCode::SUCCESS)
}

/// The batch over any reader and writer: one output line per non-blank input line. Returns
/// the number of stories that failed. A line that is not UTF-8 or not a story object fails
/// alone; only I/O errors stop the run.
fn run_lines(mut input: impl BufRead, output: &mut impl Write) -> anyhow::Result<usize> {
    let mut failures = 0usize;
    let mut number = 0usize;
    // A line that spans the reader's buffer is gathered here; one that lies within it (most
    // pages) is read in place, without a copy.
    let mut spanning_line = Vec::new();
    // The output line is built here, kept from one line to the next: one allocation for the
    // whole run instead of one per page. (Decoding each page's content into a kept buffer as
    // well was tried: it did not lower the batch's page faults, which the allocator's layout
    // of the pipeline's own allocations sets.)
    let mut line_buffer = Vec::new();
    loop {
        let buffer = input.fill_buf().with_context(|| format!("cannot read input line {}", number + 1))?;
        if buffer.is_empty() {
            if !spanning_line.is_empty() {
                number += 1;
                failures += run_line(&spanning_line, number, &mut line_buffer, output)?;
            }
            return Ok(failures);
        }
        let Some(newline) = memchr::memchr(b'\n', buffer) else {
            spanning_line.extend_from_slice(buffer);
            let consumed = buffer.len();
            input.consume(consumed);
            continue;
        };
        number += 1;
        if spanning_line.is_empty() {
            failures += run_line(&buffer[..newline], number, &mut line_buffer, output)?;
        } else {
            spanning_line.extend_from_slice(&buffer[..newline]);
            failures += run_line(&spanning_line, number, &mut line_buffer, output)?;
            spanning_line.clear();
        }
        input.consume(newline + 1);
    }
}

/// One line of the batch (bytes, without its newline) to one output line; blank lines are
/// skipped. Returns 1 when the story failed, else 0; only I/O errors are errors. The line is
/// bytes, so a line that is not UTF-8 is that story's error, not the end of the run.
/// `line_buffer` is where an enriched story's output line is built (its contents are
/// replaced).
fn run_line(
    line: &[u8],
    number: usize,
    line_buffer: &mut Vec<u8>,
    output: &mut impl Write,
) -> anyhow::Result<usize> {
    if line.trim_ascii().is_empty() {
        return Ok(0);
    }
    let mut failed = 0;
    // Each line is serialised straight into the (buffered) output.
    let story = json_line::parse_object(line)
        .map_err(|message| NotAStory { id: serde_json::Value::Null, message })
        .and_then(InputLine::from_object);
    let written = match story {
        Err(NotAStory { id, message }) => {
            failed = 1;
            let message = format!("line {number}: not a JSON story object: {message}");
            serde_json::to_writer(&mut *output, &serde_json::json!({"id": id, "error": message}))
        }
        Ok(input) => match enrich_one(&input.content, input.content_type.as_deref(), input.url.as_deref()) {
            Ok(enriched) => {
                // Built in one buffer by the fixed-shape writer, then written at once.
                line_buffer.clear();
                line_buffer.reserve(enriched.body_text.len() * 2 + 1024);
                output_line::write_enriched(line_buffer, &input.id, &enriched)
                    .and_then(|()| output.write_all(line_buffer).map_err(serde_json::Error::io))
            }
            Err(error) => {
                failed = 1;
                let message = format!("line {number}: {error}");
                serde_json::to_writer(&mut *output, &serde_json::json!({"id": input.id, "error": message}))
            }
        },
    };
    written.context("cannot write output")?;
    output.write_all(b"\n").context("cannot write output")?;
    Ok(failed)
}

/// Enrich one story, turning a pipeline panic into an error message.
fn enrich_one(
    content: &str,
    content_type: Option<&str>,
    url: Option<&str>,
) -> Result<newsroom_pipeline::Enriched, String> {
    if content.trim().is_empty() {
        return Err("content is empty".to_owned());
    }
    let pipeline_input = newsroom_pipeline::Input { content, content_type, url };
    std::panic::catch_unwind(|| newsroom_pipeline::enrich(&pipeline_input)).map_err(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "unknown panic".to_owned());
        format!("pipeline failed: {message}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The batch over `input`, as output lines parsed back.
    fn batch(input: &[u8]) -> (Vec<serde_json::Value>, usize) {
        let mut output = Vec::new();
        let failures = run_lines(input, &mut output).unwrap_or(usize::MAX);
        let lines = String::from_utf8_lossy(&output)
            .lines()
            .map(|line| serde_json::from_str(line).unwrap_or(serde_json::Value::Null))
            .collect();
        (lines, failures)
    }

    #[test]
    fn every_line_gets_an_answer_and_bad_lines_fail_alone() {
        let mut input = Vec::new();
        input.extend_from_slice(
            br#"{"id":"a","content":"<html><head><title>Storm \"Ada\" hits Lisbon</title></head><body><h1>Storm \"Ada\" hits Lisbon</h1><p>Storm Ada brought winds of 120 km/h to Lisbon on Monday, the Portuguese weather service said.</p></body></html>","content_type":"text/html"}"#,
        );
        input.extend_from_slice(b"\n\n   \nnot json\n");
        input.extend_from_slice(b"{\"id\":3,\"content\":\"caf\xff\"}\n");
        input.extend_from_slice(b"{\"id\":4,\"content\":17}\n{\"id\":5,\"content\":\"  \"}\n");
        input.extend_from_slice(
            br#"{"id":6,"content":"Storms hit Texas and Oklahoma on Monday.","extra":[1,2]}"#,
        );
        let (lines, failures) = batch(&input);
        assert_eq!(lines.len(), 6, "{lines:?}");
        assert_eq!(failures, 4);
        assert_eq!(lines[0]["id"], "a");
        assert_eq!(lines[0]["headline"], "Storm \"Ada\" hits Lisbon");
        assert!(lines[0]["body_text"].as_str().is_some_and(|body| body.contains("120 km/h to Lisbon")));
        assert!(lines[1]["error"].as_str().is_some_and(|e| e.starts_with("line 4: not a JSON story object")));
        assert!(lines[2]["error"].as_str().is_some_and(|e| e.contains("line 5")), "{:?}", lines[2]);
        assert!(
            lines[3]["error"].as_str().is_some_and(|e| e.contains("line 6: not a JSON story object")),
            "{:?}",
            lines[3]
        );
        assert_eq!(lines[3]["id"], 4, "a story with a wrong field keeps its id");
        assert_eq!(lines[2]["id"], serde_json::Value::Null, "a line that is not UTF-8 is not read");
        assert!(lines[4]["error"].as_str().is_some_and(|e| e.contains("content is empty")));
        assert_eq!(lines[5]["id"], 6);
        assert_eq!(lines[5]["language"], "en");
    }
}
