//! `newsroomctl enrich --jsonl`: the enrichment pipeline in-process over JSONL, no servers.
//! Input lines `{"id","content","content_type","url"}`; output lines are the enriched story
//! with its `id`, or `{"id","error"}` for a story that fails — the run goes on.

use std::{
    io::{BufRead as _, BufWriter, Write as _},
    process::ExitCode,
};

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

/// One input line.
#[derive(Debug, Deserialize)]
struct InputLine {
    /// Caller's id, echoed back.
    #[serde(default)]
    id: serde_json::Value,
    /// Raw text or HTML.
    #[serde(default)]
    content: String,
    /// `text/plain`, `text/html` or absent (detect).
    #[serde(default)]
    content_type: Option<String>,
    /// Source URL, when known.
    #[serde(default)]
    url: Option<String>,
}

/// Arguments of `enrich`.
#[derive(Debug, clap::Args)]
pub struct EnrichArgs {
    /// Read and write JSON Lines (the only mode for now).
    #[arg(long)]
    pub jsonl: bool,
}

/// One output line for a story that enriched.
#[derive(Debug, Serialize)]
struct OutputLine<'a> {
    /// The caller's id, echoed back.
    id: &'a serde_json::Value,
    /// The enriched story, its fields inline.
    #[serde(flatten)]
    enriched: &'a newsroom_pipeline::Enriched,
}

/// Read stdin, write stdout, one line each.
pub fn run(_args: &EnrichArgs) -> anyhow::Result<ExitCode> {
    let stdin = std::io::stdin().lock();
    let mut stdout = BufWriter::new(std::io::stdout().lock());
    let mut failures = 0usize;
    for (number, line) in stdin.lines().enumerate() {
        let line = line.with_context(|| format!("cannot read input line {}", number + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let output = match serde_json::from_str::<InputLine>(&line) {
            Err(error) => {
                failures += 1;
                serde_json::json!({"id": null, "error": format!("line {}: not a JSON story object: {error}", number + 1)})
                    .to_string()
            }
            Ok(input) => match enrich_one(&input) {
                Ok(enriched) => serde_json::to_string(&OutputLine { id: &input.id, enriched: &enriched })?,
                Err(error) => {
                    failures += 1;
                    serde_json::json!({"id": input.id, "error": error}).to_string()
                }
            },
        };
        writeln!(stdout, "{output}").context("cannot write output")?;
    }
    stdout.flush().context("cannot write output")?;
    if failures > 0 {
        eprintln!("enrich: {failures} stories failed (see their error lines)");
    }
    Ok(ExitCode::SUCCESS)
}

/// Enrich one input, turning a pipeline panic into an error message.
fn enrich_one(input: &InputLine) -> Result<newsroom_pipeline::Enriched, String> {
    if input.content.trim().is_empty() {
        return Err("content is empty".to_owned());
    }
    let pipeline_input = newsroom_pipeline::Input {
        content: &input.content,
        content_type: input.content_type.as_deref(),
        url: input.url.as_deref(),
    };
    std::panic::catch_unwind(|| newsroom_pipeline::enrich(&pipeline_input)).map_err(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "unknown panic".to_owned());
        format!("pipeline failed: {message}")
    })
}
