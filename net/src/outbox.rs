//! Draining the outbox over SMTP and group-robot webhooks: the one place where the core's outbox
//! rows (`ehs_ledger::sync::outbox`) meet [`crate::smtp`] and [`crate::webhook`]. Used by `ehs-ledger sync send` (one drain)
//! and by the app's background [`Worker`] (a tokio task with its own connections, woken by
//! "send now", stopped with the app).
//!
//! Rules (design.md "Outbox"; issue 10 item 6):
//! - the core decides what is due: per stream only the oldest unfinished item, never one behind a
//!   failing item, so delivery stays in week order;
//! - every attempt is recorded by the core (`record_attempt`) right after the server's answer, before
//!   the next mail: a `sent` is written once per item (exactly once per revision from the plant's
//!   view); a crash between the server's 250 and that write leaves the item pending, and its
//!   stable Message-ID lets the receiver drop the copy a retry brings;
//! - a drain tries each item at most once, so "send now" on a failing server ends;
//! - notices (stream `notices`): a `notice_mail` goes over SMTP to the addresses it carries; a
//!   `notice_webhook` is POSTed to the robot the settings name at send time (the DingTalk secret
//!   from the secret store, see [`webhook_config`]). Robot notices need no SMTP settings: when
//!   those are missing, mail items are left untried (nothing recorded) and the drain still posts
//!   the robot's; it is an error only when nothing else was tried;
//! - one drain at a time per database file, across processes (the app and `sync send`, two app
//!   windows): a drain holds [`DrainLock`], an OS lock on `<db>.outbox-lock` that the OS releases
//!   when the holder dies, so two drainers never send the same item;
//! - the SQLite work runs on the blocking pool, never on the async threads, on connections to the
//!   file the shell migrated at start (`Store::connect`): a file gone from under the app is an
//!   error, never a new empty database.

use crate::secrets::SecretStore;
use crate::smtp::{self, Mail, MailAttachment, Security, SendError, Session, SmtpConfig};
use crate::webhook::{self, WebhookConfig};
use chrono::{DateTime, Utc};
use ehs_ledger::notify::{self, WebhookKind};
use ehs_ledger::sync::outbox::{self, OutboxItem, OutboxKind, Outcome, Stream};
use ehs_ledger::sync::settings::{self as sync_settings, SmtpSecurity, SmtpSettings};
use ehs_ledger::{Error, Store};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::HashSet;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{watch, Notify};

/// The keyring account of the SMTP password: `smtp:<username>@<host>`.
pub fn password_account(s: &SmtpSettings) -> String {
    format!("smtp:{}@{}", s.username, s.host)
}

/// The account for the settings in `conn` (the host and user must be set).
pub fn password_account_of(conn: &Connection) -> Result<String, Error> {
    Ok(password_account(&sync_settings::smtp(conn)?))
}

/// Where the CLI (which has no session to remember a password in) reads it when the machine has
/// no keyring.
pub const PASSWORD_ENV: &str = "EHS_LEDGER_SMTP_PASSWORD";

/// The SMTP settings of the plant with the password from `secrets` (or [`PASSWORD_ENV`]). A set
/// username without a known password is refused naming `smtp_password`.
pub fn config(conn: &Connection, secrets: &SecretStore) -> Result<SmtpConfig, Error> {
    let s = sync_settings::smtp(conn)?;
    let password = if s.username.is_empty() {
        None
    } else {
        let account = password_account(&s);
        let stored = secrets
            .get(&account)
            .map_err(|e| Error::invalid("smtp_password", ehs_ledger::msg::net::keyring(&e.message)))?;
        match stored.or_else(|| std::env::var(PASSWORD_ENV).ok().filter(|p| !p.is_empty())) {
            Some(p) => Some(p),
            None => {
                return Err(Error::invalid("smtp_password", ehs_ledger::msg::net::no_password_known_enter(&account)))
            }
        }
    };
    Ok(SmtpConfig {
        host: s.host,
        port: s.port,
        security: match s.security {
            SmtpSecurity::StartTls => Security::StartTls,
            SmtpSecurity::Tls => Security::Tls,
            SmtpSecurity::Plain => Security::Plain,
        },
        username: (!s.username.is_empty()).then_some(s.username),
        password,
        from: s.from,
        send_timeout: Duration::from_secs(u64::from(s.timeout_s)),
        extra_ca_pem: None,
    })
}

/// Where the CLI reads the DingTalk robot's signing secret when the machine has no keyring.
pub const DINGTALK_SECRET_ENV: &str = "EHS_LEDGER_DINGTALK_SECRET";

/// The plant's group robot with its secret: a DingTalk robot signs with the secret from
/// `secrets` (account [`webhook::secret_account`]) or [`DINGTALK_SECRET_ENV`]; without one it
/// posts unsigned (a robot that requires signing then refuses, and the refusal is recorded).
pub fn webhook_config(conn: &Connection, secrets: &SecretStore) -> Result<WebhookConfig, Error> {
    let t = notify::webhook(conn)?;
    let secret = if t.kind == WebhookKind::Dingtalk {
        let account = webhook::secret_account(&t.url);
        let stored = secrets
            .get(&account)
            .map_err(|e| Error::invalid("notify_dingtalk_secret", ehs_ledger::msg::net::keyring(&e.message)))?;
        stored.or_else(|| std::env::var(DINGTALK_SECRET_ENV).ok().filter(|s| !s.is_empty()))
    } else {
        None
    };
    Ok(WebhookConfig { kind: t.kind, url: t.url, secret, timeout: Duration::from_secs(u64::from(t.timeout_s)) })
}

/// One delivery attempt of a drain, as `sync send` prints it and the app shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Delivery {
    pub item_id: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: i64,
    pub stream: Stream,
    pub kind: OutboxKind,
    pub week: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub revision: Option<i64>,
    pub outcome: Outcome,
}

/// The mail of an outbox item.
pub fn mail_of(item: &OutboxItem, to: Vec<String>) -> Mail {
    Mail {
        message_id: item.message_id.trim_start_matches('<').trim_end_matches('>').to_string(),
        to,
        subject: item.subject.clone(),
        text: item.body_text.clone(),
        attachments: item
            .attachments
            .iter()
            .map(|a| MailAttachment { name: a.name.clone(), media_type: a.media_type.clone(), bytes: a.bytes.clone() })
            .collect(),
    }
}

fn outcome_of(result: &Result<smtp::Delivered, SendError>, to: &[String]) -> Outcome {
    match result {
        Ok(d) => Outcome::Sent { reply: d.reply.clone(), recipients: to.to_vec() },
        Err(e) if e.is_permanent() => Outcome::Permanent { error: e.message.clone() },
        Err(e) => Outcome::Transient { error: e.message.clone() },
    }
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T, Error> + Send + 'static) -> Result<T, Error> {
    tokio::task::spawn_blocking(f).await.map_err(|e| Error::Internal(format!("outbox task: {e}")))?
}

/// The one-drain-at-a-time lock of a database file: an exclusive OS lock (`flock`/`LockFileEx`)
/// on `<db>.outbox-lock`, released on drop or when the process dies.
pub struct DrainLock {
    _file: std::fs::File,
}

impl DrainLock {
    /// The lock file of the database at `db`.
    pub fn path_of(db: &Path) -> PathBuf {
        let mut name = db.as_os_str().to_owned();
        name.push(".outbox-lock");
        PathBuf::from(name)
    }

    /// Takes the lock, or `None` while another drain (in any process) holds it.
    pub fn try_acquire(db: &Path) -> Result<Option<DrainLock>, Error> {
        let path = DrainLock::path_of(db);
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::Internal(format!("{}: {e}", path.display())))?;
        match file.try_lock() {
            Ok(()) => Ok(Some(DrainLock { _file: file })),
            Err(std::fs::TryLockError::WouldBlock) => Ok(None),
            Err(std::fs::TryLockError::Error(e)) => Err(Error::Internal(format!("{}: {e}", path.display()))),
        }
    }
}

/// What the next step of a drain found.
struct Next {
    /// The SMTP settings, when a mail item is due.
    smtp: Option<Result<SmtpConfig, Error>>,
    /// The group robot, when a robot notice is due (or why there is none).
    hook: Option<Result<WebhookConfig, String>>,
    /// Each due item with its recipients (or why a stream has none; empty for a robot notice).
    items: Vec<(OutboxItem, Result<Vec<String>, String>)>,
}

/// Drains what is due once: each due item is sent (at most once per drain) and its outcome
/// recorded before the next; a stream stops at its first failure (the core keeps its head).
/// `ignore_backoff` is "send now". `now` is read at every step. No SMTP settings → an error
/// naming the setting, and nothing is recorded (robot notices still go, and then the drain
/// returns what it did). Another drain of the same file running (in any
/// process) → `Error::Conflict` (`net.busy`), and nothing is tried.
pub async fn drain_once(
    db: &Path,
    secrets: Arc<SecretStore>,
    now: fn() -> DateTime<Utc>,
    ignore_backoff: bool,
) -> Result<Vec<Delivery>, Error> {
    let Some(_lock) = DrainLock::try_acquire(db)? else {
        return Err(Error::Conflict(ehs_ledger::msg::net::busy()));
    };
    let mut done: Vec<Delivery> = Vec::new();
    let mut tried: HashSet<String> = HashSet::new();
    let mut session_cfg: Option<SmtpConfig> = None;
    let mut smtp_error: Option<Error> = None;
    let mut http: Option<(Duration, reqwest::Client)> = None;
    loop {
        let (path, secrets2, tried2) = (db.to_path_buf(), secrets.clone(), tried.clone());
        let next = blocking(move || {
            let store = Store::connect(&path)?;
            let conn = store.conn();
            let due: Vec<OutboxItem> =
                outbox::due(conn, now(), ignore_backoff)?.into_iter().filter(|i| !tried2.contains(&i.id)).collect();
            let robot = |i: &OutboxItem| i.kind == OutboxKind::NoticeWebhook;
            let smtp = due.iter().any(|i| !robot(i)).then(|| config(conn, &secrets2));
            let hook = due.iter().any(robot).then(|| webhook_config(conn, &secrets2).map_err(|e| e.to_string()));
            let items = due
                .into_iter()
                .map(|i| {
                    let to = if robot(&i) {
                        Ok(Vec::new())
                    } else {
                        outbox::item_recipients(conn, &i).map_err(|e| e.to_string())
                    };
                    (i, to)
                })
                .collect();
            Ok(Next { smtp, hook, items })
        })
        .await?;
        if next.items.is_empty() {
            break;
        }
        let mut session = match next.smtp {
            Some(Ok(cfg)) => {
                let cfg = session_cfg.get_or_insert(cfg);
                match Session::new(cfg) {
                    Ok(s) => Some(s),
                    Err(e) => return Err(Error::invalid("smtp_host", ehs_ledger::msg::net::smtp_refused(&e.message))),
                }
            }
            Some(Err(e)) => {
                smtp_error = Some(e);
                None
            }
            None => None,
        };
        for (item, to) in next.items {
            tried.insert(item.id.clone());
            let outcome = if item.kind == OutboxKind::NoticeWebhook {
                match &next.hook {
                    Some(Ok(cfg)) => {
                        let client = match &http {
                            Some((t, c)) if *t == cfg.timeout => c.clone(),
                            _ => {
                                let c = webhook::client(cfg.timeout).map_err(|e| Error::Internal(e.message))?;
                                http = Some((cfg.timeout, c.clone()));
                                c
                            }
                        };
                        let text = webhook::content(cfg.kind, &item.subject, &item.body_text);
                        match webhook::post(&client, cfg, &text, now().timestamp_millis()).await {
                            Ok(reply) => Outcome::Sent { reply, recipients: vec![robot_name(cfg)] },
                            Err(e) if e.is_permanent() => Outcome::Permanent { error: e.message },
                            Err(e) => Outcome::Transient { error: e.message },
                        }
                    }
                    // No robot configured (any more): the lane stops until a person sets one and retries.
                    Some(Err(reason)) => Outcome::Permanent { error: reason.clone() },
                    None => Outcome::Permanent { error: "no group robot settings were read".into() },
                }
            } else {
                // No SMTP settings: the mail is not tried and nothing is recorded.
                let Some(session) = session.as_mut() else { continue };
                match to {
                    // A stream without an address needs the user: it stops until they set one and retry.
                    Err(reason) => Outcome::Permanent { error: reason },
                    Ok(to) => {
                        let mail = mail_of(&item, to.clone());
                        let result = session.send(&mail).await;
                        outcome_of(&result, &to)
                    }
                }
            };
            let (path, id, o) = (db.to_path_buf(), item.id.clone(), outcome.clone());
            blocking(move || {
                let mut store = Store::connect(&path)?;
                outbox::record_attempt(&mut store, &id, o, now())
            })
            .await?;
            done.push(Delivery {
                item_id: item.id,
                seq: item.seq,
                stream: item.stream,
                kind: item.kind,
                week: item.week,
                revision: item.revision,
                outcome,
            });
        }
        if let Some(session) = session {
            session.close().await;
        }
    }
    if let (true, Some(e)) = (done.is_empty(), smtp_error) {
        return Err(e);
    }
    Ok(done)
}

/// How a robot is named in an attempt's recipients: its kind and host, never its token.
fn robot_name(cfg: &WebhookConfig) -> String {
    let host = reqwest::Url::parse(&cfg.url).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_default();
    format!("{} robot {host}", cfg.kind)
}

/// What the background task last did, for the UI.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct WorkerState {
    /// UTC of the last drain.
    pub last_run_at: Option<String>,
    /// Why the last drain could not run (no SMTP settings, no password, a database error).
    pub last_error: Option<String>,
    /// The attempts of the last drain that tried anything.
    pub last_deliveries: Vec<Delivery>,
    pub stopped: bool,
}

/// Work done before each drain (the app passes the weekly schedule: build the closed weeks).
pub type Prepare = fn(&Path, DateTime<Utc>) -> Result<(), Error>;

/// The app's delivery task: drains the outbox when due (and on [`Worker::wake`]), sleeps until
/// the next try or at most `idle`, stops on [`Worker::stop`]. Make it with [`Worker::new`] and
/// spawn the returned future on the app's runtime.
#[derive(Clone)]
pub struct Worker {
    wake: Arc<Notify>,
    stop: watch::Sender<bool>,
    state: Arc<Mutex<WorkerState>>,
}

impl Worker {
    /// The handle and the task to spawn.
    pub fn new(
        db: PathBuf,
        secrets: Arc<SecretStore>,
        prepare: Option<Prepare>,
        idle: Duration,
    ) -> (Worker, impl Future<Output = ()> + Send + 'static) {
        let wake = Arc::new(Notify::new());
        let (stop, mut stopped) = watch::channel(false);
        let state = Arc::new(Mutex::new(WorkerState::default()));
        let worker = Worker { wake: wake.clone(), stop, state: state.clone() };
        let task = async move {
            let mut send_now = false;
            loop {
                if let Some(prepare) = prepare {
                    let path = db.clone();
                    if let Err(e) = blocking(move || prepare(&path, Utc::now())).await {
                        set(&state, |s| s.last_error = Some(e.to_string()));
                    }
                }
                let result = drain_once(&db, secrets.clone(), Utc::now, send_now).await;
                let at = ehs_ledger::time::to_db(Utc::now());
                set(&state, |s| {
                    s.last_run_at = Some(at);
                    match result {
                        Ok(d) => {
                            s.last_error = None;
                            if !d.is_empty() {
                                s.last_deliveries = d;
                            }
                        }
                        Err(e) => s.last_error = Some(e.to_string()),
                    }
                });
                let path = db.clone();
                let wait = blocking(move || {
                    let store = Store::connect(&path)?;
                    Ok(outbox::status(store.conn(), Utc::now())?.next_try_at)
                })
                .await
                .ok()
                .flatten()
                .and_then(|t| ehs_ledger::time::from_db(&t).ok())
                .map(|t| (t - Utc::now()).to_std().unwrap_or(Duration::from_secs(1)))
                .map_or(idle, |d| d.clamp(Duration::from_secs(1), idle));
                send_now = false;
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = wake.notified() => send_now = true,
                    _ = stopped.changed() => break,
                }
                if *stopped.borrow() {
                    break;
                }
            }
            set(&state, |s| s.stopped = true);
        };
        (worker, task)
    }

    /// "Send now": drain at once, ignoring the backoff.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Ends the task after the mail in flight (each bounded by its timeout).
    pub fn stop(&self) {
        let _ = self.stop.send(true);
    }

    pub fn state(&self) -> WorkerState {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

fn set(state: &Mutex<WorkerState>, f: impl FnOnce(&mut WorkerState)) {
    f(&mut state.lock().unwrap_or_else(|e| e.into_inner()));
}
