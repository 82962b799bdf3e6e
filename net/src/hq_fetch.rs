//! HQ's mailbox into the HQ database (issue 11 item 3): one pass of [`crate::imap::fetch_once`]
//! with the HQ settings (`imap_*`) and the mailbox password (OS keyring, else this session's
//! memory, else [`IMAP_PASSWORD_ENV`] for the CLI). Each new message is imported in its own run
//! before the server is told anything (`hq::import::import_mail`): a message with a packet is
//! moved (or flagged) once stored — a duplicate counts once, so a pass cut after the import and
//! before the move loses nothing and counts nothing twice; a message that is not a packet, or
//! whose packet is refused, is left in the mailbox and listed in the import log (later passes
//! skip it unless asked to retry); a database error leaves the message for the next pass.
//!
//! Must not: write anything for a message before the core has stored it, or hold the password
//! anywhere but the secret store.

use crate::imap::{self, Disposition, Fetched, ImapConfig, Security};
use crate::secrets::SecretStore;
use chrono::Utc;
use ehs_ledger::hq::import::{self, Incoming, MailVerdict};
use ehs_ledger::hq::settings;
use ehs_ledger::plant::Session;
use ehs_ledger::{Error, Store};
use std::path::Path;
use std::time::Duration;

/// Where the CLI reads the mailbox password when the machine has no keyring.
pub const IMAP_PASSWORD_ENV: &str = "EHS_LEDGER_IMAP_PASSWORD";

/// Every step of a pass is bounded by this (a refused password is answered slowly by some
/// servers; see `ImapConfig::step_timeout`).
pub const STEP_TIMEOUT: Duration = Duration::from_secs(20);

/// The secret store's account of the mailbox: `imap:<user>@<host>`.
pub fn password_account(conn: &rusqlite::Connection) -> Result<String, Error> {
    Ok(format!("imap:{}@{}", settings::get(conn, "imap_username")?, settings::get(conn, "imap_host")?))
}

/// The mailbox settings with the password; refused naming the setting that is missing.
pub fn config(conn: &rusqlite::Connection, secrets: &SecretStore) -> Result<ImapConfig, Error> {
    let host = settings::get(conn, "imap_host")?;
    if host.is_empty() {
        return Err(Error::invalid("imap_host", ehs_ledger::msg::net::set_hq_mailboxs_imap()));
    }
    let username = settings::get(conn, "imap_username")?;
    if username.is_empty() {
        return Err(Error::invalid("imap_username", ehs_ledger::msg::net::set_hq_mailboxs_user()));
    }
    let account = password_account(conn)?;
    let password = secrets
        .get(&account)
        .map_err(|e| Error::invalid("imap_password", ehs_ledger::msg::net::keyring(&e.message)))?
        .or_else(|| std::env::var(IMAP_PASSWORD_ENV).ok().filter(|p| !p.is_empty()))
        .ok_or_else(|| Error::invalid("imap_password", ehs_ledger::msg::net::no_password_known_enter2(&account)))?;
    let security = match settings::get(conn, "imap_security")?.as_str() {
        "starttls" => Security::StartTls,
        "plain" => Security::Plain,
        _ => Security::Tls,
    };
    let port: u16 = settings::get(conn, "imap_port")?
        .parse()
        .map_err(|_| Error::invalid("imap_port", ehs_ledger::msg::net::not_port()))?;
    let processed = settings::get(conn, "imap_processed_mailbox")?;
    Ok(ImapConfig {
        host,
        port,
        security,
        username,
        password,
        mailbox: settings::get(conn, "imap_mailbox")?,
        processed_mailbox: (!processed.is_empty()).then_some(processed),
        step_timeout: STEP_TIMEOUT,
        extra_ca_pem: None,
        max_message_bytes: 25 * 1024 * 1024,
    })
}

/// What one pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct FetchSummary {
    /// Messages handed over (new ones).
    pub messages: u32,
    /// Packets stored.
    pub accepted: u32,
    /// Packets already held (counted once).
    pub duplicates: u32,
    /// Refused packets (left in the mailbox, reasons in the import log).
    pub rejected: u32,
    /// Messages without a packet (left in the mailbox).
    pub not_packets: u32,
    /// Messages left for the next pass after a database error.
    pub retried: u32,
    /// Messages skipped as listed before.
    pub skipped_known: u32,
    /// Messages over the size limit (not downloaded).
    pub too_large: u32,
}

/// One pass over the mailbox into the HQ database at `db`, as `actor` (None: the system actor
/// of the background task). `retry_rejected` reads again what earlier passes left alone.
pub async fn fetch_into(
    db: &Path,
    cfg: &ImapConfig,
    actor: Option<Session>,
    retry_rejected: bool,
) -> Result<FetchSummary, Error> {
    let mut store = Store::connect(db)?;
    store.require_kind(ehs_ledger::db::DbKind::Hq)?;
    let known = if retry_rejected { Default::default() } else { import::known_mail_refs(store.conn())? };
    let is_known = move |validity: u32, uid: u32| known.contains(&format!("{validity}:{uid}"));
    let mut summary = FetchSummary::default();
    let mut handle = |f: Fetched| -> Disposition {
        summary.messages += 1;
        let item = Incoming {
            name: format!("mail {}:{}", f.uid_validity, f.uid),
            bytes: f.bytes,
            received_at: f.internal_date,
            mail_ref: Some(format!("{}:{}", f.uid_validity, f.uid)),
        };
        match import::import_mail(&mut store, actor.as_ref(), item, Utc::now()) {
            Ok((r, verdict)) => {
                summary.accepted += r.accepted as u32;
                summary.duplicates += r.duplicates as u32;
                summary.rejected += r.rejected as u32;
                summary.not_packets += r.not_packets as u32;
                match verdict {
                    MailVerdict::Imported => Disposition::Processed,
                    MailVerdict::LeaveAlone => Disposition::NotPacket,
                }
            }
            Err(_) => {
                summary.retried += 1;
                Disposition::Retry
            }
        }
    };
    let report = imap::fetch_once(cfg, &is_known, &mut handle).await.map_err(|e| {
        if e.is_permanent() {
            Error::invalid("imap_host", ehs_ledger::msg::net::imap_refused(&e.message))
        } else {
            Error::Conflict(ehs_ledger::msg::net::mailbox_could_not_read(&e.message))
        }
    })?;
    summary.skipped_known = report.skipped_known as u32;
    summary.too_large = report.too_large.len() as u32;
    Ok(summary)
}

/// [`fetch_into`] with the settings and password of the database at `db`.
pub async fn fetch_with_settings(
    db: &Path,
    secrets: &SecretStore,
    actor: Option<Session>,
    retry_rejected: bool,
) -> Result<FetchSummary, Error> {
    let cfg = {
        let store = Store::connect(db)?;
        store.require_kind(ehs_ledger::db::DbKind::Hq)?;
        config(store.conn(), secrets)?
    };
    fetch_into(db, &cfg, actor, retry_rejected).await
}

/// What the app's background fetch last did, for the UI.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct FetchState {
    /// UTC of the last pass (or attempt).
    pub last_run_at: Option<String>,
    /// Why the last pass could not run or failed (no settings, no password, the server).
    pub last_error: Option<String>,
    /// What the last pass that ran did.
    pub last: Option<FetchSummary>,
    pub stopped: bool,
}

/// The app's background mailbox task (HQ mode): a pass at start and every `interval` (and on
/// [`Fetcher::wake`]), as the system actor, with its own connections; silent while no mailbox
/// is configured; stopped on [`Fetcher::stop`].
#[derive(Clone)]
pub struct Fetcher {
    wake: std::sync::Arc<tokio::sync::Notify>,
    stop: tokio::sync::watch::Sender<bool>,
    state: std::sync::Arc<std::sync::Mutex<FetchState>>,
}

impl Fetcher {
    /// The handle and the task to spawn on the app's runtime.
    pub fn new(
        db: std::path::PathBuf,
        secrets: std::sync::Arc<SecretStore>,
        interval: Duration,
    ) -> (Fetcher, impl std::future::Future<Output = ()> + Send + 'static) {
        let wake = std::sync::Arc::new(tokio::sync::Notify::new());
        let (stop, mut stopped) = tokio::sync::watch::channel(false);
        let state = std::sync::Arc::new(std::sync::Mutex::new(FetchState::default()));
        let handle = Fetcher { wake: wake.clone(), stop, state: state.clone() };
        let task = async move {
            loop {
                let configured = Store::connect(&db)
                    .and_then(|s| settings::get(s.conn(), "imap_host"))
                    .map(|h| !h.is_empty())
                    .unwrap_or(false);
                if configured {
                    let result = fetch_with_settings(&db, &secrets, None, false).await;
                    let at = ehs_ledger::time::to_db(Utc::now());
                    if let Ok(mut s) = state.lock() {
                        s.last_run_at = Some(at);
                        match result {
                            Ok(r) => {
                                s.last_error = None;
                                s.last = Some(r);
                            }
                            Err(e) => s.last_error = Some(e.to_string()),
                        }
                    }
                }
                tokio::select! {
                    _ = tokio::time::sleep(interval) => {}
                    _ = wake.notified() => {}
                    _ = stopped.changed() => break,
                }
                if *stopped.borrow() {
                    break;
                }
            }
            if let Ok(mut s) = state.lock() {
                s.stopped = true;
            }
        };
        (handle, task)
    }

    /// A pass now.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Ends the task after its current pass.
    pub fn stop(&self) {
        let _ = self.stop.send(true);
    }

    pub fn state(&self) -> FetchState {
        self.state.lock().map(|s| s.clone()).unwrap_or_default()
    }
}
