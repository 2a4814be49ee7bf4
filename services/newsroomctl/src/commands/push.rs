//! `newsroomctl push`: one file or stdin (unary `SubmitStory`), or a directory streamed in
//! bulk over `SubmitStories` with a progress bar and a summary line.

use std::{
    collections::VecDeque,
    io::{IsTerminal as _, Read as _},
    path::{Path, PathBuf},
    process::ExitCode,
    sync::{Arc, Mutex},
};

use anyhow::Context as _;
use futures::StreamExt as _;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use newsroom_proto::v1::{
    StoryHints, StorySubmission, SubmitOutcome, SubmitStoriesRequest, SubmitStoryRequest,
};

use crate::client;

/// Arguments of `push`.
#[derive(Debug, clap::Args)]
pub struct PushArgs {
    /// A story file (.txt → text/plain, .html/.htm → text/html), a directory of them, or `-` for stdin.
    pub target: String,
    /// Name of the pushing tool or feed.
    #[arg(long, default_value = "newsroomctl")]
    pub source: String,
    /// The source's own id for the story (single file or stdin only).
    #[arg(long)]
    pub source_id: Option<String>,
    /// Use each file's name without extension as its source id.
    #[arg(long)]
    pub source_id_from_filename: bool,
    /// Content type, overriding the one guessed from the extension (stdin: text/plain).
    #[arg(long)]
    pub content_type: Option<String>,
    /// URL of the story at the source.
    #[arg(long)]
    pub url: Option<String>,
    /// Headline hint.
    #[arg(long)]
    pub headline: Option<String>,
    /// Language hint (ISO 639-1).
    #[arg(long)]
    pub language: Option<String>,
    /// Who pushes (default: $USER).
    #[arg(long, env = "USER", default_value = "newsroomctl")]
    pub submitted_by: String,
}

/// Extensions pushed from a directory.
const STORY_EXTENSIONS: &[&str] = &["txt", "html", "htm"];

/// The content type a file's extension implies.
pub fn content_type_for(path: &Path) -> &'static str {
    match path.extension().and_then(|ext| ext.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("html" | "htm") => "text/html",
        _ => "text/plain",
    }
}

/// Tally of bulk outcomes.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// New stories.
    pub accepted: usize,
    /// Re-pushes that changed nothing.
    pub duplicate: usize,
    /// New versions.
    pub updated: usize,
    /// Refused items (server or local errors).
    pub rejected: usize,
}

impl Summary {
    fn count(&mut self, outcome: SubmitOutcome) {
        match outcome {
            SubmitOutcome::Accepted => self.accepted += 1,
            SubmitOutcome::Duplicate => self.duplicate += 1,
            SubmitOutcome::Updated => self.updated += 1,
            SubmitOutcome::Rejected | SubmitOutcome::Unspecified => self.rejected += 1,
        }
    }

    /// `summary: 12 accepted, 3 duplicate, 1 updated, 2 rejected`.
    pub fn line(&self) -> String {
        format!(
            "summary: {} accepted, {} duplicate, {} updated, {} rejected",
            self.accepted, self.duplicate, self.updated, self.rejected
        )
    }
}

fn outcome_word(outcome: SubmitOutcome) -> &'static str {
    match outcome {
        SubmitOutcome::Accepted => "accepted",
        SubmitOutcome::Updated => "updated",
        SubmitOutcome::Duplicate => "duplicate",
        SubmitOutcome::Rejected => "rejected",
        SubmitOutcome::Unspecified => "unknown",
    }
}

/// Run `push`.
pub async fn run(addr: &str, args: PushArgs) -> anyhow::Result<ExitCode> {
    if args.target == "-" {
        let mut content = String::new();
        std::io::stdin().read_to_string(&mut content).context("cannot read stdin as UTF-8 text")?;
        let content_type = args.content_type.clone().unwrap_or_else(|| "text/plain".to_owned());
        let story = submission(&args, content, content_type, args.source_id.clone());
        return push_one(addr, "stdin", story).await;
    }
    let path = PathBuf::from(&args.target);
    let metadata = std::fs::metadata(&path).with_context(|| format!("cannot read {}", path.display()))?;
    if metadata.is_dir() {
        if args.source_id.is_some() {
            anyhow::bail!("--source-id names one story; for a directory use --source-id-from-filename");
        }
        return push_directory(addr, &args, &path).await;
    }
    let content = read_story(&path)?;
    let content_type = args.content_type.clone().unwrap_or_else(|| content_type_for(&path).to_owned());
    let source_id = args.source_id.clone().or_else(|| file_source_id(&args, &path));
    let story = submission(&args, content, content_type, source_id);
    push_one(addr, &path.display().to_string(), story).await
}

fn submission(
    args: &PushArgs,
    content: String,
    content_type: String,
    source_id: Option<String>,
) -> StorySubmission {
    StorySubmission {
        source: args.source.clone(),
        source_id,
        url: args.url.clone().unwrap_or_default(),
        content,
        content_type,
        submitted_by: args.submitted_by.clone(),
        hints: Some(StoryHints {
            headline: args.headline.clone(),
            language: args.language.clone(),
            embargo_until: None,
        }),
    }
}

fn file_source_id(args: &PushArgs, path: &Path) -> Option<String> {
    if !args.source_id_from_filename {
        return None;
    }
    path.file_stem().and_then(|stem| stem.to_str()).map(str::to_owned)
}

fn read_story(path: &Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    String::from_utf8(bytes)
        .map_err(|error| anyhow::anyhow!("{} is not valid UTF-8 text ({error})", path.display()))
}

async fn push_one(addr: &str, label: &str, story: StorySubmission) -> anyhow::Result<ExitCode> {
    let mut ingest = client::ingest(addr).await?;
    let response = ingest.submit_story(SubmitStoryRequest { story: Some(story) }).await?.into_inner();
    let event = if response.event_id.is_empty() {
        "no event".to_owned()
    } else {
        format!("event {}", response.event_id)
    };
    println!(
        "{:<9} {label}  story {} v{}  {event}",
        outcome_word(response.outcome()),
        response.story_id,
        response.version
    );
    Ok(ExitCode::SUCCESS)
}

fn story_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let path = entry.with_context(|| format!("cannot list {}", dir.display()))?.path();
        let extension = path.extension().and_then(|ext| ext.to_str()).map(str::to_ascii_lowercase);
        if path.is_file() && extension.is_some_and(|ext| STORY_EXTENSIONS.contains(&ext.as_str())) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

async fn push_directory(addr: &str, args: &PushArgs, dir: &Path) -> anyhow::Result<ExitCode> {
    let files = story_files(dir)?;
    if files.is_empty() {
        anyhow::bail!("{} has no .txt, .html or .htm files", dir.display());
    }
    let progress = ProgressBar::with_draw_target(
        Some(files.len() as u64),
        if std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        },
    );
    progress.set_style(
        ProgressStyle::with_template("{spinner} [{bar:40}] {pos}/{len} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );

    // Names of the files sent, in send order: the server answers in the same order.
    let in_flight: Arc<Mutex<VecDeque<String>>> = Arc::default();
    let mut lines = Vec::new();
    let mut summary = Summary::default();
    let mut local_failures = Vec::new();
    let mut requests = Vec::new();
    for path in &files {
        let name =
            path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        match read_story(path) {
            Ok(content) => {
                let content_type =
                    args.content_type.clone().unwrap_or_else(|| content_type_for(path).to_owned());
                requests.push((name, submission(args, content, content_type, file_source_id(args, path))));
            }
            Err(error) => local_failures.push((name, format!("{error:#}"))),
        }
    }
    for (name, error) in local_failures {
        summary.rejected += 1;
        progress.inc(1);
        lines.push(format!("{:<9} {name}  {error}", "rejected"));
    }

    let sent_names = in_flight.clone();
    let outbound = futures::stream::iter(requests).map(move |(name, story)| {
        if let Ok(mut names) = sent_names.lock() {
            names.push_back(name);
        }
        SubmitStoriesRequest { story: Some(story) }
    });
    let mut ingest = client::ingest(addr).await?;
    let mut responses = ingest.submit_stories(outbound).await?.into_inner();
    while let Some(response) = responses.next().await {
        let response = response?;
        let name = in_flight
            .lock()
            .ok()
            .and_then(|mut names| names.pop_front())
            .unwrap_or_else(|| format!("item {}", response.index));
        let outcome = response.outcome();
        summary.count(outcome);
        progress.inc(1);
        progress.set_message(name.clone());
        lines.push(match response.error {
            Some(error) => format!("{:<9} {name}  {}", outcome_word(outcome), error.message),
            None => format!(
                "{:<9} {name}  story {} v{}",
                outcome_word(outcome),
                response.story_id,
                response.version
            ),
        });
    }
    progress.finish_and_clear();
    for line in lines {
        println!("{line}");
    }
    println!("{}", summary.line());
    Ok(if summary.rejected > 0 { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_type_follows_the_extension() {
        assert_eq!(content_type_for(Path::new("a/story.txt")), "text/plain");
        assert_eq!(content_type_for(Path::new("page.HTML")), "text/html");
        assert_eq!(content_type_for(Path::new("page.htm")), "text/html");
        assert_eq!(content_type_for(Path::new("notes")), "text/plain");
    }

    #[test]
    fn summary_line_counts_every_outcome() {
        let mut summary = Summary::default();
        for outcome in [
            SubmitOutcome::Accepted,
            SubmitOutcome::Accepted,
            SubmitOutcome::Duplicate,
            SubmitOutcome::Rejected,
            SubmitOutcome::Updated,
        ] {
            summary.count(outcome);
        }
        assert_eq!(summary.line(), "summary: 2 accepted, 1 duplicate, 1 updated, 1 rejected");
    }

    #[test]
    fn directories_yield_story_files_sorted() {
        let dir = std::env::temp_dir().join(format!("newsroomctl-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        for name in ["b.html", "a.txt", "README.md", "c.htm"] {
            std::fs::write(dir.join(name), "x").expect("write");
        }
        let names: Vec<String> = story_files(&dir)
            .expect("list")
            .iter()
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        assert_eq!(names, ["a.txt", "b.html", "c.htm"]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
