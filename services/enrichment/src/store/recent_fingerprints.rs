//! The most recent fingerprints (by update time) held in memory, so assigning a cluster
//! compares against them without reading them all from the database for every story. Before
//! each assignment the cache is topped up with the rows updated since its last look (other
//! replicas' included), a short index range scan instead of a 2,000-row read.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

/// Stories a new story is compared with (the most recent ones).
pub const CANDIDATES: usize = 2000;

/// How far back before the newest row seen a top-up reads again. A row's `updated_at` is
/// taken just before its transaction commits, so a row committed a little late can carry a
/// time older than rows already seen; re-reading this window picks it up. Kept short: at
/// hundreds of stories a second every row in the window is read again for every story.
/// A near-duplicate whose commit lagged its timestamp by more than this is missed by this
/// replica's cache (as two near-duplicates enriched at the same moment miss each other).
pub const COMMIT_LAG: chrono::TimeDelta = chrono::TimeDelta::milliseconds(500);

/// Least time between two top-ups. Every top-up reads the whole [`COMMIT_LAG`] window again, so
/// topping up for every story read each row about a hundred times at 200 stories/s (14 % of
/// enrichment's CPU). This process's own writes are in the cache at once; other replicas'
/// reach it within this interval (plus their commit).
pub const TOP_UP_INTERVAL: std::time::Duration = std::time::Duration::from_millis(100);

/// One story's fingerprint and cluster.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The simhash.
    pub fingerprint: u64,
    /// Its cluster.
    pub cluster_id: String,
    /// When it was last updated.
    pub updated_at: DateTime<Utc>,
}

/// The cache itself (one per process, behind a mutex).
#[derive(Debug, Default)]
pub struct RecentFingerprints {
    /// By story id.
    by_story: HashMap<String, Entry>,
    /// Newest `updated_at` seen; `None` until the first load.
    newest: Option<DateTime<Utc>>,
    /// When the database was last read (see [`TOP_UP_INTERVAL`]); `None` before the first load.
    last_read: Option<std::time::Instant>,
}

impl RecentFingerprints {
    /// Rows updated after this time are needed (`None`: load the latest [`CANDIDATES`]).
    pub fn top_up_from(&self) -> Option<DateTime<Utc>> {
        self.newest.map(|newest| newest - COMMIT_LAG)
    }

    /// Whether the database should be read now: never read yet, or not for [`TOP_UP_INTERVAL`].
    pub fn top_up_due(&self, now: std::time::Instant) -> bool {
        self.last_read.is_none_or(|last_read| now.saturating_duration_since(last_read) >= TOP_UP_INTERVAL)
    }

    /// Take in rows read from the database at `read_at`.
    pub fn merge_read(
        &mut self,
        read_at: std::time::Instant,
        rows: impl IntoIterator<Item = (String, Entry)>,
    ) {
        self.last_read = Some(read_at);
        self.merge(rows);
    }

    /// Take in rows read from the database (or just written).
    fn merge(&mut self, rows: impl IntoIterator<Item = (String, Entry)>) {
        for (story_id, entry) in rows {
            self.newest = Some(self.newest.map_or(entry.updated_at, |newest| newest.max(entry.updated_at)));
            self.by_story.insert(story_id, entry);
        }
        // Forget the oldest beyond the candidate count (with slack, so this runs rarely).
        if self.by_story.len() > CANDIDATES + CANDIDATES / 4 {
            let mut times: Vec<DateTime<Utc>> =
                self.by_story.values().map(|entry| entry.updated_at).collect();
            times.sort_unstable_by(|a, b| b.cmp(a));
            let cutoff = times[CANDIDATES - 1];
            self.by_story.retain(|_, entry| entry.updated_at >= cutoff);
        }
    }

    /// The cluster of the most similar other story at or above `threshold`.
    pub fn best_match(&self, story_id: &str, fingerprint: u64, threshold: f32) -> Option<String> {
        // Similarity first: a popcount, where comparing story ids is a string comparison.
        self.by_story
            .iter()
            .map(|(other, entry)| {
                (
                    newsroom_pipeline::fingerprint::similarity_of_hashes(entry.fingerprint, fingerprint),
                    other,
                    entry,
                )
            })
            .filter(|(similarity, other, _)| *similarity >= threshold && other.as_str() != story_id)
            .map(|(similarity, _, entry)| (similarity, entry))
            .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.updated_at.cmp(&b.1.updated_at)))
            .map(|(_, entry)| entry.cluster_id.clone())
    }

    /// Note a fingerprint this process just wrote. Unlike [`Self::merge`] it does not move
    /// the top-up mark: a process whose first write precedes its first load must still load
    /// the latest stories, and rows other replicas committed meanwhile are still read.
    pub fn remember(&mut self, story_id: String, entry: Entry) {
        self.by_story.insert(story_id, entry);
    }

    /// Stories held.
    pub fn len(&self) -> usize {
        self.by_story.len()
    }

    /// Whether none is held.
    pub fn is_empty(&self) -> bool {
        self.by_story.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(fingerprint: u64, cluster: &str, seconds: i64) -> Entry {
        Entry {
            fingerprint,
            cluster_id: cluster.into(),
            updated_at: DateTime::from_timestamp(1_700_000_000 + seconds, 0).unwrap_or_default(),
        }
    }

    #[test]
    fn finds_the_most_similar_other_story_above_the_threshold() {
        let mut recent = RecentFingerprints::default();
        assert_eq!(recent.top_up_from(), None);
        recent.merge_read(
            std::time::Instant::now(),
            [
                ("a".to_owned(), entry(0xFFFF_0000_0000_0000, "cluster-a", 1)),
                ("b".to_owned(), entry(0xFFFF_0000_0000_00FF, "cluster-b", 2)),
            ],
        );
        // 2 bits from a, 6 from b: a wins.
        assert_eq!(recent.best_match("new", 0xFFFF_0000_0000_0003, 0.8).as_deref(), Some("cluster-a"));
        // Nothing close enough.
        assert_eq!(recent.best_match("new", 0x0000_FFFF_FFFF_FFFF, 0.8), None);
        // A story is not its own near-duplicate.
        assert_eq!(recent.best_match("a", 0xFFFF_0000_0000_0000, 0.99), None);
        let newest = DateTime::from_timestamp(1_700_000_002, 0).unwrap_or_default();
        assert_eq!(recent.top_up_from(), Some(newest - COMMIT_LAG));
    }

    #[test]
    fn keeps_only_the_most_recent_candidates() {
        let mut recent = RecentFingerprints::default();
        recent.merge_read(
            std::time::Instant::now(),
            (0..CANDIDATES as i64 * 2).map(|i| (format!("s{i}"), entry(i as u64, "c", i))),
        );
        assert!(recent.len() <= CANDIDATES + CANDIDATES / 4);
        assert!(recent.len() >= CANDIDATES);
        assert!(recent.by_story.contains_key(&format!("s{}", CANDIDATES * 2 - 1)));
        assert!(!recent.by_story.contains_key("s0"));
    }

    #[test]
    fn tops_up_at_most_once_per_interval() {
        let mut recent = RecentFingerprints::default();
        let start = std::time::Instant::now();
        assert!(recent.top_up_due(start), "the first story loads");
        recent.merge_read(start, [("a".to_owned(), entry(1, "c", 1))]);
        assert!(!recent.top_up_due(start + TOP_UP_INTERVAL / 2));
        assert!(recent.top_up_due(start + TOP_UP_INTERVAL));
    }

    #[test]
    fn own_writes_do_not_skip_the_first_load() {
        let mut recent = RecentFingerprints::default();
        recent.remember("mine".to_owned(), entry(1, "c", 5));
        assert_eq!(recent.top_up_from(), None, "the latest stories are still loaded in full");
        assert!(recent.top_up_due(std::time::Instant::now()));
        assert_eq!(recent.best_match("other", 1, 0.99).as_deref(), Some("c"));
    }
}
