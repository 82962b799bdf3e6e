//! The registry of long and background jobs (imports, exports, and later the outbox, the
//! online-monitor listener and the IMAP fetch).
//!
//! Every such job is registered with its kind and a label, gets its own cancel flag and a
//! progress counter, and is listed while it runs; dropping its [`JobHandle`] unregisters it, so
//! a job that ends, fails or panics never lingers. The registry is plain std (a `Mutex` held only
//! to insert, remove or copy, never across work or an `.await`); the app keeps one in its state
//! and forwards progress to the UI over a channel, the CLI needs none.

use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

crate::text_enum! {
    /// What a job does.
    pub enum JobKind {
        /// Checking a historical ledger file without writing.
        ImportPreview = "import_preview",
        /// Writing a historical ledger file (all rows or none).
        ImportCommit = "import_commit",
        /// Rendering a document (ledger, table, manifest, labels).
        Export = "export",
        /// HQ reading packet files, mails and folders.
        HqImport = "hq_import",
        /// Reading a wastewater monitor file (HJ 212 packet log, CSV/xlsx export).
        WaterImport = "water_import",
    }
}

/// A running job as the UI lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct JobInfo {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: u64,
    pub kind: JobKind,
    /// What it works on (a file name, a table and period).
    pub label: String,
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    pub started_at: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub done: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total: u64,
    pub cancel_requested: bool,
}

/// One progress report of a job, as sent to the UI (the first names the job, so the UI can
/// cancel it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct JobProgress {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub job_id: u64,
    pub kind: JobKind,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub done: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total: u64,
}

struct Entry {
    kind: JobKind,
    label: String,
    started_at: String,
    cancel: Arc<AtomicBool>,
    done: Arc<AtomicU64>,
    total: Arc<AtomicU64>,
}

#[derive(Default)]
struct Inner {
    next: AtomicU64,
    running: Mutex<BTreeMap<u64, Entry>>,
}

/// The registry. Cheap to clone (one shared inner).
#[derive(Clone, Default)]
pub struct Jobs {
    inner: Arc<Inner>,
}

impl Jobs {
    pub fn new() -> Jobs {
        Jobs::default()
    }

    /// Registers a job; it runs until the returned handle is dropped.
    pub fn start(&self, kind: JobKind, label: impl Into<String>, now: chrono::DateTime<chrono::Utc>) -> JobHandle {
        let id = self.inner.next.fetch_add(1, Ordering::Relaxed) + 1;
        let cancel = Arc::new(AtomicBool::new(false));
        let done = Arc::new(AtomicU64::new(0));
        let total = Arc::new(AtomicU64::new(0));
        let entry = Entry {
            kind,
            label: label.into(),
            started_at: crate::time::to_db(now),
            cancel: cancel.clone(),
            done: done.clone(),
            total: total.clone(),
        };
        if let Ok(mut m) = self.inner.running.lock() {
            m.insert(id, entry);
        }
        JobHandle { id, kind, cancel, done, total, inner: self.inner.clone() }
    }

    /// The running jobs, oldest first.
    pub fn list(&self) -> Vec<JobInfo> {
        let Ok(m) = self.inner.running.lock() else { return Vec::new() };
        m.iter()
            .map(|(id, e)| JobInfo {
                id: *id,
                kind: e.kind,
                label: e.label.clone(),
                started_at: e.started_at.clone(),
                done: e.done.load(Ordering::Relaxed),
                total: e.total.load(Ordering::Relaxed),
                cancel_requested: e.cancel.load(Ordering::Relaxed),
            })
            .collect()
    }

    /// Asks a running job to stop; false when no such job runs (it may just have ended).
    pub fn cancel(&self, id: u64) -> bool {
        let Ok(m) = self.inner.running.lock() else { return false };
        match m.get(&id) {
            Some(e) => {
                e.cancel.store(true, Ordering::SeqCst);
                true
            }
            None => false,
        }
    }
}

/// A registered job: its id, cancel flag and progress. Dropping it unregisters the job.
pub struct JobHandle {
    id: u64,
    kind: JobKind,
    cancel: Arc<AtomicBool>,
    done: Arc<AtomicU64>,
    total: Arc<AtomicU64>,
    inner: Arc<Inner>,
}

impl JobHandle {
    pub fn id(&self) -> u64 {
        self.id
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::SeqCst)
    }

    /// Records progress and returns the report to forward; `false` in the second place when the
    /// job was asked to stop (the shape of the core's `progress(done, total) -> bool`).
    pub fn progress(&self, done: u64, total: u64) -> (JobProgress, bool) {
        self.done.store(done, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
        (JobProgress { job_id: self.id, kind: self.kind, done, total }, !self.is_cancelled())
    }
}

impl Drop for JobHandle {
    fn drop(&mut self) {
        if let Ok(mut m) = self.inner.running.lock() {
            m.remove(&self.id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::parse_from_rfc3339("2026-12-01T08:00:00Z").unwrap().into()
    }

    #[test]
    fn a_job_is_listed_while_its_handle_lives_and_cancels_by_id() {
        let jobs = Jobs::new();
        let a = jobs.start(JobKind::ImportPreview, "history.csv", now());
        let b = jobs.start(JobKind::Export, "B1 2026-11", now());
        assert_ne!(a.id(), b.id());
        let (p, go_on) = a.progress(40, 100);
        assert_eq!((p.job_id, p.done, p.total, go_on), (a.id(), 40, 100, true));
        let listed = jobs.list();
        assert_eq!(listed.len(), 2);
        assert_eq!((listed[0].label.as_str(), listed[0].done, listed[0].total), ("history.csv", 40, 100));

        assert!(jobs.cancel(b.id()));
        assert!(b.is_cancelled() && !a.is_cancelled(), "only the named job is cancelled");
        assert!(!b.progress(1, 2).1, "progress tells a cancelled job to stop");
        assert!(jobs.list().iter().any(|j| j.id == b.id() && j.cancel_requested));

        drop(b);
        assert_eq!(jobs.list().len(), 1, "a finished job is unregistered");
        assert!(!jobs.cancel(999), "unknown ids are refused");
    }

    #[test]
    fn a_job_whose_thread_panics_is_unregistered() {
        let jobs = Jobs::new();
        let j2 = jobs.clone();
        let r = std::thread::spawn(move || {
            let _h = j2.start(JobKind::Export, "x", now());
            panic!("renderer failed");
        })
        .join();
        assert!(r.is_err());
        assert!(jobs.list().is_empty());
    }
}
