//! Figures of one run, the printed table and the JSON report.

use std::{collections::HashMap, time::Duration};

use serde_json::{Value, json};
use tokio::time::Instant;

use crate::load::Pushed;

/// Latency distribution in milliseconds.
#[derive(Debug, Clone, Copy, Default)]
pub struct Latency {
    /// Samples.
    pub count: usize,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// 99th percentile.
    pub p99: f64,
    /// Worst.
    pub max: f64,
}

impl Latency {
    /// Nearest-rank percentiles of `samples`.
    pub fn of(mut samples: Vec<Duration>) -> Self {
        if samples.is_empty() {
            return Self::default();
        }
        samples.sort_unstable();
        let rank = |quantile: f64| {
            let position = ((quantile * samples.len() as f64).ceil() as usize).clamp(1, samples.len());
            samples[position - 1].as_secs_f64() * 1000.0
        };
        Self { count: samples.len(), p50: rank(0.50), p95: rank(0.95), p99: rank(0.99), max: rank(1.0) }
    }

    fn json(&self) -> Value {
        json!({"count": self.count, "p50_ms": round(self.p50), "p95_ms": round(self.p95), "p99_ms": round(self.p99), "max_ms": round(self.max)})
    }
}

/// One service's resources in a run.
#[derive(Debug, Clone)]
pub struct ServiceUsage {
    /// Binary name.
    pub name: &'static str,
    /// Peak resident set, MiB.
    pub peak_rss_mib: Option<f64>,
    /// CPU time (user + system) per published story, milliseconds.
    pub cpu_ms_per_story: Option<f64>,
}

/// What one scenario measured on one system.
#[derive(Debug, Clone)]
pub struct RunFigures {
    /// "pipeline" or "baseline".
    pub system: &'static str,
    /// Stories offered.
    pub offered: usize,
    /// Stories acknowledged.
    pub acknowledged: usize,
    /// Acknowledged stories seen published.
    pub published: usize,
    /// Push → acknowledgement.
    pub ack: Latency,
    /// Push → published (not meaningful for a backlog: it includes the wait).
    pub end_to_end: Latency,
    /// Acknowledged stories per second at the push API.
    pub ingest_per_second: f64,
    /// Published stories per second, first push to last publication.
    pub end_to_end_per_second: f64,
    /// Backlog: from starting the downstream stages to the last publication.
    pub drain: Option<Duration>,
    /// Published per second while draining.
    pub drain_per_second: Option<f64>,
    /// Per service (pipeline only): peak RSS in MiB and CPU milliseconds per published story.
    pub services: Vec<ServiceUsage>,
}

impl RunFigures {
    /// Join pushes with publications.
    pub fn compute(
        system: &'static str,
        offered: usize,
        pushed: &[Pushed],
        published: &HashMap<String, Instant>,
        drain_started: Option<Instant>,
    ) -> Self {
        let first_sent = pushed.iter().map(|p| p.sent_at).min();
        let last_ack = pushed.iter().map(|p| p.acked_at).max();
        let matched: Vec<(&Pushed, Instant)> =
            pushed.iter().filter_map(|p| published.get(&p.story_id).map(|at| (p, *at))).collect();
        let last_published = matched.iter().map(|(_, at)| *at).max();
        let per_second = |count: usize, from: Option<Instant>, to: Option<Instant>| match (from, to) {
            (Some(from), Some(to)) if to > from => count as f64 / (to - from).as_secs_f64(),
            _ => 0.0,
        };
        let drain = drain_started.zip(last_published).map(|(from, to)| to.saturating_duration_since(from));
        Self {
            system,
            offered,
            acknowledged: pushed.len(),
            published: matched.len(),
            ack: Latency::of(pushed.iter().map(|p| p.acked_at - p.sent_at).collect()),
            end_to_end: Latency::of(
                matched.iter().map(|(p, at)| at.saturating_duration_since(p.sent_at)).collect(),
            ),
            ingest_per_second: per_second(pushed.len(), first_sent, last_ack),
            end_to_end_per_second: per_second(matched.len(), first_sent, last_published),
            drain,
            drain_per_second: drain.map(|drain| matched.len() as f64 / drain.as_secs_f64().max(1e-9)),
            services: Vec::new(),
        }
    }

    /// As JSON.
    pub fn json(&self) -> Value {
        json!({
            "system": self.system,
            "offered": self.offered,
            "acknowledged": self.acknowledged,
            "published": self.published,
            "ack_latency": self.ack.json(),
            "push_to_published_latency": self.end_to_end.json(),
            "ingest_stories_per_second": round(self.ingest_per_second),
            "end_to_end_stories_per_second": round(self.end_to_end_per_second),
            "drain_seconds": self.drain.map(|drain| round(drain.as_secs_f64())),
            "drain_stories_per_second": self.drain_per_second.map(round),
            "services": self.services.iter().map(|usage| (usage.name.to_string(), json!({
                "peak_rss_mib": usage.peak_rss_mib.map(round),
                "cpu_ms_per_story": usage.cpu_ms_per_story.map(round),
            }))).collect::<serde_json::Map<_, _>>(),
        })
    }
}

/// One scenario: the pipeline's figures and the baseline's, if run.
#[derive(Debug, Clone)]
pub struct ScenarioReport {
    /// Scenario name.
    pub name: &'static str,
    /// What it does, for the table.
    pub description: String,
    /// The pipeline.
    pub pipeline: RunFigures,
    /// The bare baseline.
    pub baseline: Option<RunFigures>,
}

impl ScenarioReport {
    /// Pipeline ÷ baseline on the scenario's headline figure (throughput, or drain speed).
    pub fn ratio(&self) -> Option<f64> {
        let baseline = self.baseline.as_ref()?;
        let (ours, theirs) = match (self.pipeline.drain_per_second, baseline.drain_per_second) {
            (Some(ours), Some(theirs)) => (ours, theirs),
            _ => (self.pipeline.end_to_end_per_second, baseline.end_to_end_per_second),
        };
        (theirs > 0.0).then(|| ours / theirs)
    }

    /// As JSON.
    pub fn json(&self) -> Value {
        json!({
            "scenario": self.name,
            "description": self.description,
            "pipeline": self.pipeline.json(),
            "baseline": self.baseline.as_ref().map(RunFigures::json),
            "pipeline_to_baseline_ratio": self.ratio().map(round),
        })
    }
}

/// The printed table.
pub fn table(reports: &[ScenarioReport]) -> String {
    let mut out = String::new();
    for report in reports {
        out.push_str(&format!("\n== {}: {}\n", report.name, report.description));
        out.push_str(&format!(
            "{:<9} {:>7} {:>7} | {:>30} | {:>30} | {:>9} {:>9} | {:>9}\n",
            "system",
            "acked",
            "publ.",
            "ack ms p50/p95/p99/max",
            "push→published ms p50/p95/p99/max",
            "ingest/s",
            "e2e/s",
            "drain s"
        ));
        for figures in std::iter::once(&report.pipeline).chain(report.baseline.as_ref()) {
            let latency = |l: &Latency| format!("{:.1}/{:.1}/{:.1}/{:.1}", l.p50, l.p95, l.p99, l.max);
            out.push_str(&format!(
                "{:<9} {:>7} {:>7} | {:>30} | {:>30} | {:>9.0} {:>9.0} | {:>9}\n",
                figures.system,
                figures.acknowledged,
                figures.published,
                latency(&figures.ack),
                latency(&figures.end_to_end),
                figures.ingest_per_second,
                figures.end_to_end_per_second,
                figures.drain.map_or("-".to_owned(), |drain| format!("{:.2}", drain.as_secs_f64())),
            ));
        }
        for usage in &report.pipeline.services {
            out.push_str(&format!(
                "  {:<20} peak RSS {:>5} MiB   CPU {:>6} ms/story\n",
                usage.name,
                usage.peak_rss_mib.map_or("?".to_owned(), |mib| format!("{mib:.0}")),
                usage.cpu_ms_per_story.map_or("?".to_owned(), |ms| format!("{ms:.2}")),
            ));
        }
        if let Some(ratio) = report.ratio() {
            out.push_str(&format!("pipeline / baseline: {ratio:.2}\n"));
        }
    }
    out
}

fn round(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let latency = Latency::of((1..=100).map(Duration::from_millis).collect());
        assert_eq!((latency.p50, latency.p95, latency.p99, latency.max), (50.0, 95.0, 99.0, 100.0));
        assert_eq!(Latency::of(Vec::new()).count, 0);
    }

    #[test]
    fn figures_join_pushes_with_publications() {
        let start = Instant::now();
        let pushed: Vec<Pushed> = (0..4u64)
            .map(|i| Pushed {
                story_id: format!("s{i}"),
                sent_at: start + Duration::from_millis(i * 100),
                acked_at: start + Duration::from_millis(i * 100 + 5),
            })
            .collect();
        let published: HashMap<String, Instant> =
            (0..3u64).map(|i| (format!("s{i}"), start + Duration::from_millis(i * 100 + 50))).collect();
        let figures = RunFigures::compute("pipeline", 5, &pushed, &published, None);
        assert_eq!((figures.offered, figures.acknowledged, figures.published), (5, 4, 3));
        assert_eq!(figures.end_to_end.max, 50.0);
        assert_eq!(figures.ack.p50, 5.0);
        assert!((figures.end_to_end_per_second - 3.0 / 0.25).abs() < 1e-6);
    }
}
