//! Shared plumbing for every newsroom service, written once.
//!
//! A service is a library plus a thin `main`; everything that is not the service's own
//! domain lives here: configuration ([`config`]), logs and traces ([`telemetry`]), metrics ([`metrics`]),
//! graceful shutdown ([`shutdown`]), its database ([`db`]), NATS JetStream streams and
//! subjects ([`nats`]), the event envelope ([`events`]), the transactional outbox and its
//! relay ([`outbox`]), and the gRPC server with health and reflection ([`grpc`]). The batch
//! tool's allocator front ([`bump_arena`]) lives here too, beside [`FastAllocator`].

pub mod auth;
pub mod bump_arena;
pub mod config;
pub mod consumer;
pub mod db;
pub mod events;
pub mod grpc;
pub mod http_error;
pub mod metrics;
pub mod nats;
pub mod outbox;
pub mod service;
pub mod shutdown;
pub mod telemetry;
pub mod tls;
pub mod webhook_signature;

pub use config::CommonConfig;
/// The allocator every binary installs (`#[global_allocator]`, done by [`service_main!`] for
/// the services): under load glibc's malloc/free took 8-10 % of each service's CPU. Libraries
/// never install it, so fuzzing and sanitizers keep the system allocator.
pub use mimalloc::MiMalloc as FastAllocator;

/// `mi_option_purge_delay` in mimalloc 3's `mi_option_e` (the Rust bindings name no constant).
const MIMALLOC_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// When [`FastAllocator`] gives freed memory back to the system ([`tune_allocator`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AllocatorPurge {
    /// At once: a service's pipeline threads free their buffers between stories, and with
    /// mimalloc's default delay enrichment's peak RSS under load was 133 MiB instead of
    /// 86 MiB (no CPU cost measured).
    AtOnce,
    /// Never, and without transparent huge pages: for a short-lived batch (`newsroomctl
    /// enrich --jsonl`), which keeps its peak anyway. Memory given back is faulted in and
    /// zeroed by the kernel again on the next story, and with transparent huge pages each
    /// fault zeroes 2 MiB: on the 188 extraction pages the batch touched 87 MB for a live
    /// heap of at most 14 MB, and the kernel's page zeroing (`clear_page_erms`) took up to a
    /// quarter of its time on a VM whose fresh pages are slow. Small pages: 51 MB.
    Never,
}

/// Set how soon [`FastAllocator`] purges freed memory (and, for [`AllocatorPurge::Never`], turn
/// transparent huge pages off). `MIMALLOC_PURGE_DELAY` in the environment still overrides the
/// delay.
pub fn tune_allocator(purge: AllocatorPurge) {
    if purge == AllocatorPurge::Never {
        disable_transparent_huge_pages();
    }
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    // mimalloc's purge delay in milliseconds: 0 purges at once, -1 never.
    let delay_ms = match purge {
        AllocatorPurge::AtOnce => 0,
        AllocatorPurge::Never => -1,
    };
    // SAFETY: sets a plain integer option; mimalloc allows it at any time, from any thread.
    unsafe { libmimalloc_sys::mi_option_set(MIMALLOC_OPTION_PURGE_DELAY, delay_ms) };
}

/// Fault this process's memory in small pages from now on (Linux `PR_SET_THP_DISABLE`; on
/// other systems, or if the kernel refuses, nothing changes: it only costs speed).
fn disable_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with PR_SET_THP_DISABLE takes plain integers and touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
pub use shutdown::Shutdown;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_batch_policy_never_purges_and_faults_small_pages() {
        tune_allocator(AllocatorPurge::Never);
        #[cfg(target_os = "linux")]
        // SAFETY: PR_GET_THP_DISABLE reads a flag of this process.
        assert_eq!(unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) }, 1);
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            // SAFETY: reads a plain integer option.
            assert_eq!(unsafe { libmimalloc_sys::mi_option_get(MIMALLOC_OPTION_PURGE_DELAY) }, -1);
        }
    }
}
