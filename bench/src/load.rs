//! The load generator and the clock: push lanes pulling stories from one queue (as fast
//! as acknowledgements allow, or on a fixed schedule), and an observer on the published
//! subject noting when each story came out.

use std::{
    collections::HashMap,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use anyhow::Context as _;
use futures::StreamExt as _;
use newsroom_proto::v1::StorySubmission;
use tokio::time::Instant;

use crate::{baseline::BaselineLane, pipeline::GrpcLane};

/// How stories are offered.
#[derive(Debug, Clone, Copy)]
pub enum Pace {
    /// Each lane pushes its next story as soon as the previous one is acknowledged.
    Saturate,
    /// Story `i` is due at `start + i / rate`; latency counts from when it was due, so a
    /// stalled system is charged for the stories it kept waiting (no coordinated omission).
    Rate(f64),
}

/// A push connection of either system.
pub enum Lane {
    /// A `SubmitStories` stream to ingest.
    Pipeline(GrpcLane),
    /// The baseline's commit-and-publish.
    Baseline(BaselineLane),
}

impl Lane {
    async fn submit(&mut self, story: StorySubmission) -> anyhow::Result<String> {
        match self {
            Lane::Pipeline(lane) => lane.submit(story).await,
            Lane::Baseline(lane) => lane.submit(story).await,
        }
    }
}

/// One acknowledged push.
#[derive(Debug, Clone)]
pub struct Pushed {
    /// Story id the system gave it.
    pub story_id: String,
    /// When it was sent (or due, under a fixed rate).
    pub sent_at: Instant,
    /// When its acknowledgement arrived.
    pub acked_at: Instant,
}

/// Push every story through `lanes` at `pace`; returns one entry per acknowledged story
/// and the number refused.
pub async fn push_all(
    lanes: Vec<Lane>,
    stories: Vec<StorySubmission>,
    pace: Pace,
) -> anyhow::Result<(Vec<Pushed>, usize)> {
    let stories = Arc::new(stories);
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for mut lane in lanes {
        let (stories, next) = (stories.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut pushed = Vec::new();
            let mut refused = 0usize;
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(story) = stories.get(index) else { break };
                let sent_at = match pace {
                    Pace::Saturate => Instant::now(),
                    Pace::Rate(rate) => {
                        let due = start + Duration::from_secs_f64(index as f64 / rate);
                        tokio::time::sleep_until(due).await;
                        due
                    }
                };
                match lane.submit(story.clone()).await {
                    Ok(story_id) => pushed.push(Pushed { story_id, sent_at, acked_at: Instant::now() }),
                    Err(error) => {
                        refused += 1;
                        if refused <= 3 {
                            eprintln!("bench: push {index} failed: {error:#}");
                        }
                    }
                }
            }
            (pushed, refused)
        }));
    }
    let mut all = Vec::with_capacity(stories.len());
    let mut refused = 0;
    for task in tasks {
        let (pushed, lane_refused) = task.await.context("push lane panicked")?;
        all.extend(pushed);
        refused += lane_refused;
    }
    Ok((all, refused))
}

/// Watches the published subject from before the first push.
pub struct Observer {
    /// Collects story id → first publication time.
    task: tokio::task::JoinHandle<HashMap<String, Instant>>,
}

/// How the observer finds the story id in a published message.
pub type StoryIdOf = fn(&async_nats::Message) -> Option<String>;

impl Observer {
    /// Subscribe to `subject` on `client` and note each story's first publication until
    /// `expected` stories were seen or `patience` passed.
    pub async fn start(
        client: async_nats::Client,
        subject: &str,
        expected: usize,
        patience: Duration,
        story_id_of: StoryIdOf,
    ) -> anyhow::Result<Self> {
        let mut subscription = client
            .subscribe(subject.to_owned())
            .await
            .map_err(|error| anyhow::anyhow!("subscribe: {error}"))?;
        client.flush().await.map_err(|error| anyhow::anyhow!("flush: {error}"))?;
        let task = tokio::spawn(async move {
            let _client = client;
            let mut seen = HashMap::with_capacity(expected);
            let deadline = Instant::now() + patience;
            while seen.len() < expected {
                let next = tokio::time::timeout_at(deadline, subscription.next()).await;
                let Ok(Some(message)) = next else { break };
                let at = Instant::now();
                if let Some(story_id) = story_id_of(&message) {
                    seen.entry(story_id).or_insert(at);
                }
            }
            seen
        });
        Ok(Self { task })
    }

    /// Wait for the stories (or the patience to run out).
    pub async fn finish(self) -> anyhow::Result<HashMap<String, Instant>> {
        self.task.await.context("observer panicked")
    }
}
