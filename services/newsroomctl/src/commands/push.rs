//! `newsroomctl push`: one file or stdin (unary `SubmitStory`), or a directory streamed in
//! bulk over `SubmitStories` with a progress bar, one line per file and a summary line.

use std::{
    collections::HashMap,
    io::{IsTerminal as _, Read as _},
    path::{Path, PathBuf},
    process::ExitCode,
    sync::{Arc, Mutex, MutexGuard, PoisonError},
};

use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use newsroom_proto::v1::{
    StoryHints, StorySubmission, SubmitOutcome, SubmitStoriesRequest, SubmitStoriesResponse,
    SubmitStoryRequest, SubmitStoryResponse,
};
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;

use crate::client;

/// Arguments of `push`.
#[derive(Debug, Clone, clap::Args)]
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
    /// Content type for stdin and unknown extensions (default text/plain); overrides the extension.
    #[arg(long)]
    pub content_type: Option<String>,
    /// URL of the story at the source.
    #[arg(long)]
    pub url: Option<String>,
    /// Headline hint.
    #[arg(long)]
    pub headline: Option<String>,
    /// Language hint (ISO 639-1, e.g. "en" or "en-GB").
    #[arg(long)]
    pub language: Option<String>,
    /// Who pushes (default: $USER, else "newsroomctl").
    #[arg(long, env = "USER", default_value = "newsroomctl")]
    pub submitted_by: String,
}

/// Extensions pushed from a directory.
const STORY_EXTENSIONS: &[&str] = &["txt", "html", "htm"];

/// Requests read ahead of the stream: at most this many files' contents sit in memory.
const READ_AHEAD: usize = 16;

/// Widest file-name column of the per-file lines.
const MAX_NAME_WIDTH: usize = 40;

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
    /// Refused items (by the server, or files that could not be read).
    pub rejected: usize,
}

impl Summary {
    /// Count one item's result.
    fn count(&mut self, result: &ItemResult) {
        match result {
            ItemResult::Stored { outcome: SubmitOutcome::Accepted, .. } => self.accepted += 1,
            ItemResult::Stored { outcome: SubmitOutcome::Duplicate, .. } => self.duplicate += 1,
            ItemResult::Stored { outcome: SubmitOutcome::Updated, .. } => self.updated += 1,
            ItemResult::Stored { .. } | ItemResult::Rejected { .. } => self.rejected += 1,
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

/// What became of one file of a directory push.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ItemResult {
    /// The server stored it, or found it already stored.
    Stored {
        /// Accepted, updated or duplicate.
        outcome: SubmitOutcome,
        /// The story's id.
        story_id: String,
        /// The version now current.
        version: u32,
        /// The story's trace id (empty when the server sent none).
        trace_id: String,
    },
    /// Refused by the server, unreadable, or never answered.
    Rejected {
        /// Why, naming the field and limit when the server said so.
        message: String,
    },
}

impl ItemResult {
    /// The result a bulk response reports.
    fn from_response(response: SubmitStoriesResponse) -> Self {
        match (response.outcome(), response.error) {
            (outcome @ (SubmitOutcome::Accepted | SubmitOutcome::Updated | SubmitOutcome::Duplicate), _) => {
                Self::Stored {
                    outcome,
                    story_id: response.story_id,
                    version: response.version,
                    trace_id: response.trace_id,
                }
            }
            (_, Some(error)) => Self::Rejected { message: error.message },
            (SubmitOutcome::Rejected, None) => {
                Self::Rejected { message: "rejected by the server".to_owned() }
            }
            (SubmitOutcome::Unspecified, None) => {
                Self::Rejected { message: "the server gave no outcome".to_owned() }
            }
        }
    }
}

/// Lower-case word of an outcome.
fn outcome_word(outcome: SubmitOutcome) -> &'static str {
    match outcome {
        SubmitOutcome::Accepted => "accepted",
        SubmitOutcome::Updated => "updated",
        SubmitOutcome::Duplicate => "duplicate",
        SubmitOutcome::Rejected => "rejected",
        SubmitOutcome::Unspecified => "unknown",
    }
}

/// The line printed for a single pushed story: outcome, story id, version, event id, trace id.
fn single_line(response: &SubmitStoryResponse) -> String {
    let event = if response.event_id.is_empty() {
        "no event".to_owned()
    } else {
        format!("event {}", response.event_id)
    };
    let line = format!(
        "{}  story {}  v{}  {event}",
        outcome_word(response.outcome()),
        response.story_id,
        response.version
    );
    if response.trace_id.is_empty() { line } else { format!("{line}  trace {}", response.trace_id) }
}

/// The line printed for one file of a directory push: name, outcome, then story id and
/// version, or the error message.
fn item_line(name: &str, name_width: usize, result: &ItemResult) -> String {
    match result {
        ItemResult::Stored { outcome, story_id, version, trace_id } => {
            let line =
                format!("{name:<name_width$}  {:<9}  story {story_id}  v{version}", outcome_word(*outcome));
            if trace_id.is_empty() { line } else { format!("{line}  trace {trace_id}") }
        }
        ItemResult::Rejected { message } => format!("{name:<name_width$}  {:<9}  {message}", "rejected"),
    }
}

/// Run `push`.
pub async fn run(addr: &str, args: PushArgs) -> anyhow::Result<ExitCode> {
    if args.target == "-" {
        let mut content = String::new();
        std::io::stdin().read_to_string(&mut content).context("cannot read stdin as utf-8 text")?;
        let content_type = args.content_type.clone().unwrap_or_else(|| "text/plain".to_owned());
        let story = submission(&args, content, content_type, args.source_id.clone());
        return push_one(addr, story).await;
    }
    let path = PathBuf::from(&args.target);
    let metadata =
        tokio::fs::metadata(&path).await.with_context(|| format!("cannot read {}", path.display()))?;
    if metadata.is_dir() {
        if args.source_id.is_some() {
            anyhow::bail!("--source-id names one story; for a directory use --source-id-from-filename");
        }
        return push_directory(addr, args, &path).await;
    }
    let content = read_story(&path).await?;
    let story = file_submission(&args, &path, content);
    push_one(addr, story).await
}

/// The submission of `content` with the flags' source, url, hints and submitter.
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

/// The submission of a file's `content`: content type from the flag or the extension, source
/// id from the flag or (with `--source-id-from-filename`) the file stem.
fn file_submission(args: &PushArgs, path: &Path, content: String) -> StorySubmission {
    let content_type = args.content_type.clone().unwrap_or_else(|| content_type_for(path).to_owned());
    let source_id = args.source_id.clone().or_else(|| {
        args.source_id_from_filename
            .then(|| path.file_stem().and_then(|stem| stem.to_str()).map(str::to_owned))
            .flatten()
    });
    submission(args, content, content_type, source_id)
}

/// A story file's text.
async fn read_story(path: &Path) -> anyhow::Result<String> {
    let bytes = tokio::fs::read(path).await.with_context(|| format!("cannot read {}", path.display()))?;
    String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("{} is not valid utf-8 text", path.display()))
}

/// Push one story with `SubmitStory` and print its line.
async fn push_one(addr: &str, story: StorySubmission) -> anyhow::Result<ExitCode> {
    let mut ingest = client::ingest(addr).await?;
    let response = ingest.submit_story(SubmitStoryRequest { story: Some(story) }).await?.into_inner();
    println!("{}", single_line(&response));
    Ok(ExitCode::SUCCESS)
}

/// The regular .txt/.html/.htm files of `dir`, sorted by name.
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

/// A file's name for display.
fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |name| name.to_string_lossy().into_owned())
}

/// What the file reader tells the response reader.
#[derive(Debug, Default)]
struct Ledger {
    /// Position of each sent file in the sorted listing, by its index in the request stream.
    sent: HashMap<u64, usize>,
    /// Files that could not be read (position, error); they are never sent.
    unreadable: Vec<(usize, String)>,
}

/// The ledger, even if a thread panicked while holding it (its data stays consistent).
fn lock(ledger: &Mutex<Ledger>) -> MutexGuard<'_, Ledger> {
    ledger.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Producer task: read the files one by one and send them to the stream, recording each
/// item's stream index before sending it; stops when the stream is gone.
async fn send_files(
    args: PushArgs,
    files: Vec<PathBuf>,
    ledger: Arc<Mutex<Ledger>>,
    requests: mpsc::Sender<SubmitStoriesRequest>,
    progress: ProgressBar,
) {
    let mut index = 0u64;
    for (position, path) in files.iter().enumerate() {
        match read_story(path).await {
            Ok(content) => {
                let request = SubmitStoriesRequest { story: Some(file_submission(&args, path, content)) };
                lock(&ledger).sent.insert(index, position);
                if requests.send(request).await.is_err() {
                    // The call ended (error or server gone); the response reader reports it.
                    return;
                }
                index += 1;
            }
            Err(error) => {
                lock(&ledger).unreadable.push((position, format!("{error:#}")));
                progress.inc(1);
            }
        }
    }
}

/// A progress bar of `len` items on stderr, hidden when stderr is not a terminal.
fn progress_bar(len: usize) -> ProgressBar {
    let target = if std::io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    let progress = ProgressBar::with_draw_target(Some(len as u64), target);
    progress.set_style(
        ProgressStyle::with_template("{spinner} [{bar:40}] {pos}/{len} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    progress
}

/// Stream every story file of `dir` over `SubmitStories`, then print one line per file and
/// the summary. Exits 2 when any item was rejected.
async fn push_directory(addr: &str, args: PushArgs, dir: &Path) -> anyhow::Result<ExitCode> {
    let files = story_files(dir)?;
    if files.is_empty() {
        anyhow::bail!("{} has no .txt, .html or .htm files", dir.display());
    }
    let names: Vec<String> = files.iter().map(|path| display_name(path)).collect();
    let mut ingest = client::ingest(addr).await?;
    let progress = progress_bar(files.len());

    let ledger = Arc::new(Mutex::new(Ledger::default()));
    let (requests, outbound) = mpsc::channel(READ_AHEAD);
    let producer = tokio::spawn(send_files(args, files, Arc::clone(&ledger), requests, progress.clone()));

    let mut results: Vec<Option<ItemResult>> = vec![None; names.len()];
    let mut failure: Option<anyhow::Error> = None;
    match ingest.submit_stories(ReceiverStream::new(outbound)).await {
        Err(status) => failure = Some(status.into()),
        Ok(response) => {
            let mut responses = response.into_inner();
            loop {
                match responses.message().await {
                    Ok(Some(response)) => {
                        let index = response.index;
                        let Some(position) = lock(&ledger).sent.remove(&index) else {
                            failure = Some(anyhow::anyhow!("the server answered unknown item {index}"));
                            break;
                        };
                        progress.inc(1);
                        progress.set_message(names[position].clone());
                        results[position] = Some(ItemResult::from_response(response));
                    }
                    Ok(None) => break,
                    Err(status) => {
                        failure = Some(status.into());
                        break;
                    }
                }
            }
        }
    }
    // Normally the reader has finished (the server saw the end of the stream); stop it if
    // the call ended early. Its outcome is in the ledger, so the join result carries nothing.
    producer.abort();
    let _finished = producer.await;
    progress.finish_and_clear();

    for (position, message) in std::mem::take(&mut lock(&ledger).unreadable) {
        results[position] = Some(ItemResult::Rejected { message });
    }
    let name_width = names.iter().map(|name| name.chars().count()).max().unwrap_or(0).min(MAX_NAME_WIDTH);
    let mut summary = Summary::default();
    for (name, result) in names.iter().zip(results) {
        let result = match (result, &failure) {
            (Some(result), _) => result,
            // The call failed: items without a result are not reported as rejected.
            (None, Some(_)) => continue,
            (None, None) => ItemResult::Rejected { message: "no result from the server".to_owned() },
        };
        summary.count(&result);
        println!("{}", item_line(name, name_width, &result));
    }
    if let Some(error) = failure {
        return Err(error);
    }
    println!("{}", summary.line());
    Ok(if summary.rejected > 0 { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(outcome: SubmitOutcome) -> ItemResult {
        ItemResult::Stored { outcome, story_id: "s".to_owned(), version: 1, trace_id: String::new() }
    }

    #[test]
    fn content_type_follows_the_extension() {
        assert_eq!(content_type_for(Path::new("a/story.txt")), "text/plain");
        assert_eq!(content_type_for(Path::new("page.HTML")), "text/html");
        assert_eq!(content_type_for(Path::new("page.htm")), "text/html");
        assert_eq!(content_type_for(Path::new("notes.md")), "text/plain");
        assert_eq!(content_type_for(Path::new("notes")), "text/plain");
    }

    #[test]
    fn summary_line_counts_every_outcome() {
        let mut summary = Summary::default();
        for result in [
            stored(SubmitOutcome::Accepted),
            stored(SubmitOutcome::Accepted),
            stored(SubmitOutcome::Duplicate),
            ItemResult::Rejected { message: "story.content is empty".to_owned() },
            stored(SubmitOutcome::Updated),
            stored(SubmitOutcome::Unspecified),
        ] {
            summary.count(&result);
        }
        assert_eq!(summary.line(), "summary: 2 accepted, 1 duplicate, 1 updated, 2 rejected");
        assert_eq!(Summary::default().line(), "summary: 0 accepted, 0 duplicate, 0 updated, 0 rejected");
    }

    #[test]
    fn bulk_responses_become_results() {
        let rejected = SubmitStoriesResponse {
            index: 3,
            outcome: SubmitOutcome::Rejected as i32,
            error: Some(newsroom_proto::v1::ItemError {
                code: 3,
                message: "story.content must not be blank".to_owned(),
                field: "story.content".to_owned(),
            }),
            ..Default::default()
        };
        assert_eq!(
            ItemResult::from_response(rejected),
            ItemResult::Rejected { message: "story.content must not be blank".to_owned() }
        );
        let updated = SubmitStoriesResponse {
            index: 0,
            outcome: SubmitOutcome::Updated as i32,
            story_id: "abc".to_owned(),
            version: 2,
            ..Default::default()
        };
        assert_eq!(
            ItemResult::from_response(updated),
            ItemResult::Stored {
                outcome: SubmitOutcome::Updated,
                story_id: "abc".to_owned(),
                version: 2,
                trace_id: String::new()
            }
        );
    }

    #[test]
    fn lines_name_the_file_then_the_outcome() {
        assert_eq!(item_line("a.txt", 6, &stored(SubmitOutcome::Accepted)), "a.txt   accepted   story s  v1");
        assert_eq!(
            item_line("b.html", 6, &ItemResult::Rejected { message: "too big".to_owned() }),
            "b.html  rejected   too big"
        );
        let response = SubmitStoryResponse {
            story_id: "abc".to_owned(),
            version: 1,
            outcome: SubmitOutcome::Duplicate as i32,
            event_id: String::new(),
            trace_id: String::new(),
        };
        assert_eq!(single_line(&response), "duplicate  story abc  v1  no event");
        let traced = SubmitStoryResponse {
            event_id: "e1".to_owned(),
            trace_id: "4bf92f3577b34da6a3ce929d0e0e4736".to_owned(),
            ..response
        };
        assert_eq!(
            single_line(&traced),
            "duplicate  story abc  v1  event e1  trace 4bf92f3577b34da6a3ce929d0e0e4736"
        );
    }

    #[test]
    fn source_id_from_filename_uses_the_stem() {
        let args = PushArgs {
            target: "dir".to_owned(),
            source: "demo".to_owned(),
            source_id: None,
            source_id_from_filename: true,
            content_type: None,
            url: None,
            headline: None,
            language: None,
            submitted_by: "me".to_owned(),
        };
        let story = file_submission(&args, Path::new("dir/ferry-strike.html"), "x".to_owned());
        assert_eq!(story.source_id.as_deref(), Some("ferry-strike"));
        assert_eq!(story.content_type, "text/html");
        let plain = PushArgs { source_id_from_filename: false, ..args };
        assert_eq!(file_submission(&plain, Path::new("dir/a.txt"), "x".to_owned()).source_id, None);
    }

    #[test]
    fn directories_yield_story_files_sorted() -> anyhow::Result<()> {
        let dir = std::env::temp_dir().join(format!("newsroomctl-test-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("nested.txt"))?;
        for name in ["b.html", "a.txt", "README.md", "c.htm"] {
            std::fs::write(dir.join(name), "x")?;
        }
        let names: Vec<String> = story_files(&dir)?.iter().map(|path| display_name(path)).collect();
        std::fs::remove_dir_all(&dir)?;
        assert_eq!(names, ["a.txt", "b.html", "c.htm"]);
        Ok(())
    }
}
