//! The one managed state of the app.
//!
//! Why no shared connection: rusqlite connections are not `Sync`, and a `Mutex<Connection>`
//! would serialise every read behind the slowest write. Each command opens its own connection
//! on a blocking thread ([`AppState::run`]); opening a migrated SQLite file costs well under a
//! millisecond. Start-up runs the migrations once. The signed-in session sits in a std `Mutex`
//! that is only ever held for a clone — never across an `.await`.

use chrono::Utc;
use ehs_ledger::db::DbKind;
use ehs_ledger::jobs::{JobKind, JobProgress, Jobs};
use ehs_ledger::plant::Session;
use ehs_ledger::{db, AppError, Error, Store};
use ehs_ledger_net::outbox::Worker;
use ehs_ledger_net::secrets::SecretStore;
use ehs_ledger_net::water_listener::{Listener, ListenerConfig};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tauri::ipc::Channel;

pub struct AppState {
    /// The database file, or why it could not be opened (shown by the UI instead of a crash).
    db: std::result::Result<PathBuf, AppError>,
    session: Mutex<Option<Session>>,
    /// Every long or background job, with its cancel flag and progress ([`AppState::run_job`]).
    pub jobs: Jobs,
    /// The SMTP password: the OS keyring, or this process's memory where there is none.
    pub secrets: Arc<SecretStore>,
    /// The outbox's delivery task (`None` when the database could not be opened): a plant's
    /// packets and reports, or HQ's returns to the plants (restarted without the plant's weekly
    /// schedule when a pristine file becomes an HQ database at set-up).
    outbox: Mutex<Option<Worker>>,
    /// HQ mode's mailbox task (`None` on a plant database).
    hq_fetcher: Mutex<Option<ehs_ledger_net::hq_fetch::Fetcher>>,
    /// The HJ 212 listener of the online wastewater monitors (`None` when `water_listener_enabled`
    /// is no, on an HQ database, or when the database could not be opened); restarted per the
    /// settings by [`AppState::apply_water_listener`].
    water_listener: Mutex<Option<Listener>>,
}

/// The delivery task of the file at `path`: before each drain a plant file builds the weeks
/// that have closed and queues the managers' reports; an HQ file only sends its returns.
fn start_outbox(path: PathBuf, secrets: Arc<SecretStore>, kind: DbKind) -> Worker {
    let prepare: Option<ehs_ledger_net::outbox::Prepare> = match kind {
        DbKind::Plant => Some(ehs_ledger::sync::schedule::prepare),
        DbKind::Hq => None,
    };
    let (worker, task) = Worker::new(path, secrets, prepare, OUTBOX_IDLE);
    tauri::async_runtime::spawn(task);
    worker
}

/// The HJ 212 listener of a plant file whose `water_listener_enabled` is yes, on its port and
/// every interface (the data logger is on the LAN); its own connections, stopped at exit. A port
/// that cannot be bound gives a listener whose status carries the error.
fn start_water_listener(path: &Path) -> Option<Listener> {
    let store = Store::connect(path).ok().filter(|s| s.kind() == DbKind::Plant)?;
    let (on, port) = match ehs_ledger::water::settings::listener(store.conn()) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("EHS Ledger: the wastewater listener's settings cannot be read: {e}");
            return None;
        }
    };
    drop(store);
    if !on {
        return None;
    }
    let (listener, task) = Listener::new(ListenerConfig::new(path.to_path_buf(), port));
    tauri::async_runtime::spawn(task);
    Some(listener)
}

/// How long the app's exit waits for the listener to store what it received.
const LISTENER_EXIT_WAIT: Duration = Duration::from_secs(2);

/// How often HQ's background task reads the mailbox.
const HQ_FETCH_EVERY: Duration = Duration::from_secs(15 * 60);

fn start_fetcher(path: PathBuf, secrets: Arc<SecretStore>) -> ehs_ledger_net::hq_fetch::Fetcher {
    let (fetcher, task) = ehs_ledger_net::hq_fetch::Fetcher::new(path, secrets, HQ_FETCH_EVERY);
    tauri::async_runtime::spawn(task);
    fetcher
}

/// How long the delivery task sleeps when nothing is due (it also wakes for "send now" and at
/// the next retry).
const OUTBOX_IDLE: Duration = Duration::from_secs(60);

/// `--db PATH` or `--db=PATH` from the app's arguments.
pub fn db_arg(args: impl Iterator<Item = String>) -> Option<PathBuf> {
    let mut args = args.skip(1);
    while let Some(a) = args.next() {
        if a == "--db" {
            return args.next().map(PathBuf::from);
        }
        if let Some(p) = a.strip_prefix("--db=") {
            return Some(PathBuf::from(p));
        }
    }
    None
}

impl AppState {
    /// Resolves the database path (`--db`, `EHS_LEDGER_DB`, app-data default) and migrates it.
    pub fn start(db_arg: Option<PathBuf>) -> AppState {
        let db = db::resolve_db_path(db_arg.as_deref()).map_err(AppError::from).and_then(|p| match Store::open(&p) {
            Ok(_) => Ok(p),
            Err(e) => {
                // The key and parameters are the cause's; the English names the file too.
                let mut a = AppError::from(e);
                a.message = format!("{}: {}", p.display(), a.message);
                Err(a)
            }
        });
        if let Err(e) = &db {
            eprintln!("EHS Ledger: the database cannot be opened: {}", e.message);
        }
        let secrets = Arc::new(SecretStore::os());
        let kind = db.as_ref().ok().and_then(|p| Store::connect(p).ok()).map(|s| s.kind());
        // The delivery task: its own connections, on the app's tokio runtime, stopped at exit.
        let outbox = db.as_ref().ok().zip(kind).map(|(path, kind)| start_outbox(path.clone(), secrets.clone(), kind));
        let hq_file = kind == Some(DbKind::Hq);
        let hq_fetcher = db.as_ref().ok().filter(|_| hq_file).map(|path| start_fetcher(path.clone(), secrets.clone()));
        let water_listener = db.as_ref().ok().and_then(|path| start_water_listener(path));
        AppState {
            db,
            session: Mutex::new(None),
            jobs: Jobs::new(),
            secrets,
            outbox: Mutex::new(outbox),
            hq_fetcher: Mutex::new(hq_fetcher),
            water_listener: Mutex::new(water_listener),
        }
    }

    /// The delivery task, or why there is none.
    pub fn outbox(&self) -> Result<Worker, AppError> {
        self.outbox
            .lock()
            .ok()
            .and_then(|w| w.clone())
            .ok_or_else(|| AppError::from(Error::Conflict(ehs_ledger::msg::app::no_delivery_task())))
    }

    /// Stops the background tasks (the app is closing).
    pub fn stop(&self) {
        if let Some(w) = self.outbox.lock().ok().and_then(|mut w| w.take()) {
            w.stop();
        }
        if let Some(f) = self.hq_fetcher.lock().ok().and_then(|mut f| f.take()) {
            f.stop();
        }
        if let Some(l) = self.water_listener.lock().ok().and_then(|mut l| l.take()) {
            l.stop();
        }
    }

    /// At exit: stops the background tasks, and gives the HJ 212 listener up to
    /// [`LISTENER_EXIT_WAIT`] to store the packets it has received. Called outside the async
    /// runtime (the event loop's exit), never from a command.
    pub fn stop_at_exit(&self) {
        let listener = self.water_listener.lock().ok().and_then(|l| l.clone());
        self.stop();
        if let Some(l) = listener {
            tauri::async_runtime::block_on(l.stop_within(LISTENER_EXIT_WAIT));
        }
    }

    /// What the HJ 212 listener is doing, or `None` when it is off.
    pub fn water_listener_status(&self) -> Option<ehs_ledger::water::listener::ListenerStatus> {
        self.water_listener.lock().ok().and_then(|l| l.as_ref().map(Listener::status))
    }

    /// Stops the HJ 212 listener (closing its port, storing what it received) and starts it again
    /// per the current settings (after the user changed them).
    pub async fn apply_water_listener(&self) -> Result<(), AppError> {
        let path = self.db_path()?;
        let old = self.water_listener.lock().ok().and_then(|mut l| l.take());
        if let Some(l) = old {
            l.stop();
            l.stopped().await; // the port is free again
        }
        let new = tauri::async_runtime::spawn_blocking(move || start_water_listener(&path))
            .await
            .map_err(|e| AppError::from(Error::Internal(format!("worker thread failed: {e}"))))?;
        if let Ok(mut slot) = self.water_listener.lock() {
            // Two applies at once: the one that lost the race is stopped, never left running.
            if let Some(other) = std::mem::replace(&mut *slot, new) {
                other.stop();
            }
        }
        Ok(())
    }

    /// HQ's mailbox task, or why there is none.
    pub fn hq_fetcher(&self) -> Result<ehs_ledger_net::hq_fetch::Fetcher, AppError> {
        self.hq_fetcher
            .lock()
            .ok()
            .and_then(|f| f.clone())
            .ok_or_else(|| AppError::from(Error::Conflict(ehs_ledger::msg::app::no_mailbox_task())))
    }

    /// The database file (for the network tasks, which open their own connections).
    pub fn db_path(&self) -> Result<PathBuf, AppError> {
        self.db.clone()
    }

    /// First-run set-up in HQ mode: the plant delivery task stops, the (new or pristine) file
    /// becomes an HQ database, and its group and first admin are created.
    pub async fn setup_hq(&self, input: ehs_ledger::hq::HqSetupInput) -> Result<Session, AppError> {
        let path = self.db.clone()?;
        // Refuse a plant that is set up before stopping anything.
        self.run(|store| {
            if store.kind() == DbKind::Plant && ehs_ledger::plant::get(store.conn())?.is_some() {
                return Err(Error::Conflict(ehs_ledger::msg::app::database_already_has_plant()));
            }
            Ok(())
        })
        .await?;
        self.stop();
        let p = path.clone();
        let session = tauri::async_runtime::spawn_blocking(move || {
            let mut store = Store::create_hq(&p)?;
            ehs_ledger::hq::setup(&mut store, input, Utc::now())
        })
        .await
        .map_err(|e| AppError::from(Error::Internal(format!("worker thread failed: {e}"))))?
        .map_err(AppError::from)?;
        if let Ok(mut w) = self.outbox.lock() {
            *w = Some(start_outbox(path.clone(), self.secrets.clone(), DbKind::Hq));
        }
        if let Ok(mut f) = self.hq_fetcher.lock() {
            *f = Some(start_fetcher(path, self.secrets.clone()));
        }
        Ok(session)
    }

    /// Restores the plant database from a backup copy (`backup::restore`): the background tasks
    /// that open the file (delivery, wastewater listener) are stopped first so the swap has the
    /// file to itself, the user is signed out (the restored file has its own users and
    /// sessions), and the tasks are started again on the restored file — also when the restore
    /// was refused.
    pub async fn restore_backup(
        &self,
        source: PathBuf,
        confirm: String,
    ) -> Result<ehs_ledger::backup::RestoreReport, AppError> {
        let actor = self.actor()?;
        let path = self.db_path()?;
        let outbox = self.outbox.lock().ok().and_then(|mut w| w.take());
        if let Some(w) = outbox {
            w.stop();
        }
        let listener = self.water_listener.lock().ok().and_then(|mut l| l.take());
        if let Some(l) = listener {
            l.stop();
            l.stopped().await;
        }
        let p = path.clone();
        let result = tauri::async_runtime::spawn_blocking(move || {
            // A turn of the delivery task may still hold its connection for a moment: the core
            // waits for the lock, then reports the file in use.
            ehs_ledger::backup::restore(&p, &actor, &source, &confirm, Utc::now())
        })
        .await
        .map_err(|e| AppError::from(Error::Internal(format!("worker thread failed: {e}"))))?
        .map_err(AppError::from);
        if result.is_ok() {
            self.set_session(None);
        }
        if let Ok(mut w) = self.outbox.lock() {
            *w = Some(start_outbox(path.clone(), self.secrets.clone(), DbKind::Plant));
        }
        let listener = tauri::async_runtime::spawn_blocking(move || start_water_listener(&path)).await.ok().flatten();
        if let Ok(mut slot) = self.water_listener.lock() {
            if let Some(other) = std::mem::replace(&mut *slot, listener) {
                other.stop();
            }
        }
        result
    }

    /// The signed-in user, or a Forbidden error.
    pub fn actor(&self) -> Result<Session, AppError> {
        self.session().ok_or_else(|| AppError::from(Error::forbidden(ehs_ledger::msg::app::sign_in_first())))
    }

    pub fn session(&self) -> Option<Session> {
        self.session.lock().map(|s| s.clone()).unwrap_or(None)
    }

    pub fn set_session(&self, s: Option<Session>) {
        if let Ok(mut g) = self.session.lock() {
            *g = s;
        }
    }

    /// Runs a core call on a blocking thread with its own connection.
    pub async fn run<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> ehs_ledger::Result<T> + Send + 'static,
    {
        let path = self.db.clone()?;
        tauri::async_runtime::spawn_blocking(move || {
            let mut store = Store::connect(&path)?;
            f(&mut store)
        })
        .await
        .map_err(|e| AppError::from(Error::Internal(format!("worker thread failed: {e}"))))?
        .map_err(AppError::from)
    }

    /// As [`AppState::run`] for the signed-in user (the core checks the user's role).
    pub async fn run_as<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store, Session) -> ehs_ledger::Result<T> + Send + 'static,
    {
        let actor = self.actor()?;
        self.run(move |store| f(store, actor)).await
    }
}

/// At most this often a job's progress goes to the UI (the last report always goes).
const PROGRESS_EVERY: Duration = Duration::from_millis(50);

impl AppState {
    /// Runs a long core call for the signed-in user as a registered job: the first message on
    /// `channel` names the job (so the UI can cancel it by id), progress follows at most every
    /// 50 ms and always at the end; `cancel_job` makes the core's `progress` return false. The
    /// job is unregistered when the call ends, however it ends.
    pub async fn run_job<T, F>(
        &self,
        kind: JobKind,
        label: String,
        channel: Channel<JobProgress>,
        f: F,
    ) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store, Session, &mut dyn FnMut(usize, usize) -> bool) -> ehs_ledger::Result<T> + Send + 'static,
    {
        let job = self.jobs.start(kind, label, Utc::now());
        let _ = channel.send(job.progress(0, 0).0);
        self.run_as(move |store, actor| {
            let mut last = Instant::now();
            let mut progress = |done: usize, total: usize| {
                let (report, go_on) = job.progress(done as u64, total as u64);
                if done == total || last.elapsed() >= PROGRESS_EVERY {
                    last = Instant::now();
                    let _ = channel.send(report);
                }
                go_on
            };
            f(store, actor, &mut progress)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn db_arg_accepts_both_spellings() {
        let a = |v: &[&str]| db_arg(v.iter().map(|s| s.to_string()));
        assert_eq!(a(&["app", "--db", "/x.sqlite3"]), Some(PathBuf::from("/x.sqlite3")));
        assert_eq!(a(&["app", "--db=/y.sqlite3"]), Some(PathBuf::from("/y.sqlite3")));
        assert_eq!(a(&["app"]), None);
    }
}
