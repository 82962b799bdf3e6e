//! Backups of the plant database (issue 14 item 2): a consistent copy while the app runs, a check
//! of every copy, rotation, the stale-backup alert and restore (in [`restore`]).
//!
//! - **The copy** is `VACUUM INTO` a temp name in the chosen folder (a USB stick, a network
//!   share): one read transaction, so a copy taken while another connection writes is a
//!   consistent snapshot — never a stepped online backup, which restarts on every write and may
//!   never finish (tech-notes). The temp file is created owner-only (0600) before SQLite writes
//!   into it, fsynced, checked, then renamed to `ehs-ledger_<plant>_<UTC>.sqlite` and the folder
//!   fsynced. The folder itself is never created: a USB stick that is not plugged in must not
//!   turn into a local folder under its mount point.
//! - **The check** ([`check_copy`]) runs on the copy, read-only: the SQLite header, `PRAGMA
//!   integrity_check`, what the file is (a plant database, its schema version against this
//!   build, the applied migrations' checksums, the plant) and the audit proof — the hash chain
//!   ([`crate::audit::verify`]) and every record against it ([`crate::audit::verify_records`]).
//! - **The log** (`backup_log`, db/0024) has one insert-only, audited row per copy, check,
//!   deletion and restore, so the audit trail says when the plant was last backed up and where.
//! - **Rotation** keeps the newest `backup_keep` good copies of this plant in the folder. It only
//!   deletes files named by our pattern for this plant whose latest check in the log is good and
//!   whose size still matches; a copy that failed, an unknown file or another plant's copy is
//!   never touched, and the newest good copy is never deleted.
//! - **Schedule**: [`is_due`] is a pure function of the last good copy, the last attempt and the
//!   interval; [`tick`] runs on each turn of the app's outbox worker ([`crate::areas::ON_TICK`])
//!   as the system actor.
//! - **Alert**: `backup_missing` / `backup_stale` when no good copy exists (a plant set up more
//!   than `backup_stale_days` ago) or the last one is older than that.
//!
//! - **Photos** ([`photos`]): hazard photos live beside the database (`<db stem>.files/`), not
//!   in it. Each backup copies the files its copy names into the plant's photo store in the
//!   folder (`ehs-ledger_<plant>.files/photos/`, shared by all its copies, content-addressed);
//!   verify proves them there and restore puts them back before the database is swapped in.

pub mod photos;
pub mod restore;

pub use photos::{CopyPhotos, PhotoBackup, RestorePhotos};
pub use restore::{preview, restore, RestorePreview, RestoreReport};

use crate::alerts::{Alert, AlertKind, Severity};
use crate::areas::Area;
use crate::audit::{self, Action};
use crate::db::{DbKind, Store, HQ_APPLICATION_ID, MIGRATIONS};
use crate::error::{Error, Msg, Result};
use crate::msg;
use crate::plant::settings::{get, get_i64, whole_number, SettingSpec};
use crate::plant::{self, Role, Session};
use crate::{new_id, time};
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Every backup file's name starts with this …
pub const FILE_PREFIX: &str = "ehs-ledger_";
/// … and ends with this.
pub const FILE_SUFFIX: &str = ".sqlite";
/// The UTC stamp in a backup file's name.
const STAMP: &str = "%Y%m%dT%H%M%SZ";
/// After a failed attempt, the schedule waits this long before it tries again (so a missing USB
/// stick is one failed row an hour in the log, not one a minute).
pub const RETRY_AFTER_MINUTES: i64 = 60;
/// How many rows of the log [`status`] returns.
const LOG_ROWS: usize = 50;

crate::text_enum! {
    /// What a row of the backup log records.
    pub enum BackupEvent {
        /// A copy of the database was made (and checked) in the backup folder.
        Backup = "backup",
        /// A copy was checked again.
        Verify = "verify",
        /// An older good copy was deleted by rotation.
        Delete = "delete",
        /// The database was restored from a copy (written into the restored file).
        Restore = "restore",
    }
}

crate::text_enum! {
    /// How an event of the backup log ended.
    pub enum BackupOutcome {
        Ok = "ok",
        Failed = "failed",
    }
}

fn folder(_key: &str, value: &str) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(String::new());
    }
    if v.chars().count() > 1000 {
        return Err(Error::invalid("value", msg::backup::folder_too_long()));
    }
    if v.chars().any(char::is_control) {
        return Err(Error::invalid("value", msg::backup::folder_control_chars()));
    }
    if !Path::new(v).is_absolute() {
        return Err(Error::invalid("value", msg::backup::folder_not_absolute(&crate::text::shown(v))));
    }
    Ok(v.to_string())
}

fn keep(key: &str, value: &str) -> Result<String> {
    whole_number(key, value, 1, 365)
}

fn interval(key: &str, value: &str) -> Result<String> {
    whole_number(key, value, 0, 90)
}

fn stale(key: &str, value: &str) -> Result<String> {
    whole_number(key, value, 1, 365)
}

/// The backup settings (registered under the plant in [`crate::areas::SETTINGS`]).
pub const BACKUP_SETTINGS: &[SettingSpec] = &[
    SettingSpec {
        key: "backup_folder",
        default: "",
        help: "folder the database is backed up to (a USB stick, a network share); empty = no backups",
        validate: folder,
    },
    SettingSpec {
        key: "backup_keep",
        default: "14",
        help: "how many good copies to keep in the folder",
        validate: keep,
    },
    SettingSpec {
        key: "backup_interval_days",
        default: "1",
        help: "days between scheduled backups while the app runs (0 = only on demand)",
        validate: interval,
    },
    SettingSpec {
        key: "backup_stale_days",
        default: "7",
        help: "alert when the last good backup is older than this many days",
        validate: stale,
    },
];

/// The backup settings, typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSettings {
    pub folder: Option<PathBuf>,
    pub keep: i64,
    pub interval_days: i64,
    pub stale_days: i64,
}

pub fn settings(conn: &Connection) -> Result<BackupSettings> {
    let f = get(conn, "backup_folder")?;
    Ok(BackupSettings {
        folder: (!f.is_empty()).then(|| PathBuf::from(f)),
        keep: get_i64(conn, "backup_keep")?,
        interval_days: get_i64(conn, "backup_interval_days")?,
        stale_days: get_i64(conn, "backup_stale_days")?,
    })
}

/// `ehs-ledger_<plant>_<YYYYMMDDTHHMMSSZ>.sqlite`.
pub fn file_name(plant_code: &str, at: DateTime<Utc>) -> String {
    format!("{FILE_PREFIX}{plant_code}_{}{FILE_SUFFIX}", at.format(STAMP))
}

/// The plant code and the UTC time of a backup file's name; `None` for any other name.
pub fn parse_file_name(name: &str) -> Option<(String, DateTime<Utc>)> {
    let rest = name.strip_prefix(FILE_PREFIX)?.strip_suffix(FILE_SUFFIX)?;
    let (code, stamp) = rest.rsplit_once('_')?;
    let ok_code = !code.is_empty() && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !ok_code || stamp.len() != 16 {
        return None;
    }
    let at = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?.and_utc();
    Some((code.to_string(), at))
}

/// Whether a scheduled backup is due: never when `interval_days` is 0; not within
/// [`RETRY_AFTER_MINUTES`] of the last attempt (good or failed); else when there is no good copy
/// or the last good one is at least `interval_days` old.
pub fn is_due(
    last_good: Option<DateTime<Utc>>,
    last_attempt: Option<DateTime<Utc>>,
    interval_days: i64,
    now: DateTime<Utc>,
) -> bool {
    if interval_days <= 0 {
        return false;
    }
    if last_attempt.is_some_and(|a| now - a < Duration::minutes(RETRY_AFTER_MINUTES) && a <= now) {
        return false;
    }
    match last_good {
        None => true,
        Some(g) => now - g >= Duration::days(interval_days),
    }
}

/// One row of the backup log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct BackupLogEntry {
    pub id: String,
    pub event: BackupEvent,
    pub outcome: BackupOutcome,
    pub path: String,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub bytes: Option<i64>,
    pub sha256: Option<String>,
    pub started_at: String,
    pub finished_at: String,
    pub integrity: Option<String>,
    pub audit_verify: Option<String>,
    pub message: String,
    pub actor: String,
}

/// A table's row count in a copy (the UI words `table`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CopyCount {
    pub table: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub rows: i64,
}

/// What a copy holds and whether it holds up: the result of [`check_copy`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CopyCheck {
    pub path: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes: i64,
    pub sha256: String,
    /// `ok`, or what `PRAGMA integrity_check` (or opening the file) said.
    pub integrity: String,
    /// `ok`, or the first break of the audit chain or the first record differing from it;
    /// `not run` when an earlier check failed.
    pub audit_verify: String,
    /// Why the file cannot be used though it is intact: not an EHS Ledger database, an HQ file,
    /// a newer schema, an edited migration, never set up.
    #[cfg_attr(feature = "ts", ts(as = "Option<crate::error::ErrorMsg>"))]
    pub problem: Option<Msg>,
    /// Every check passed: the database's and, when run, the photos'.
    pub ok: bool,
    pub plant_code: Option<String>,
    pub plant_name: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub schema_version: i64,
    /// The newest schema this build knows.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub build_schema_version: i64,
    pub counts: Vec<CopyCount>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub audit_rows: i64,
    /// The newest audit row's time (every record write has one), UTC.
    pub newest_record_at: Option<String>,
    /// The photo files the copy names, checked in the plant's photo store beside it; `None`
    /// when the database checks failed first (or for the copy still being made).
    pub photos: Option<CopyPhotos>,
}

impl CopyCheck {
    /// What is wrong with the photos the copy names, as a sentence (`None` when they are all in
    /// the photo store and prove, or were not checked).
    pub fn photo_problem(&self) -> Option<String> {
        self.photos.as_ref().and_then(CopyPhotos::problem)
    }

    /// What fails the copy's check in all, in English: the database's failure first, else the
    /// photos' problem (`None` when both hold). The verify log row and the CLI's exit use it.
    pub fn verdict(&self) -> Option<String> {
        self.failure().map(|m| m.to_string()).or_else(|| self.photo_problem())
    }

    /// The first thing wrong with the database copy, as a sentence (`None` when it is good).
    /// Photos are not part of it: see [`CopyCheck::photo_problem`].
    pub fn failure(&self) -> Option<Msg> {
        if self.integrity != "ok" {
            return Some(msg::backup::integrity_failed(&self.integrity));
        }
        if let Some(p) = &self.problem {
            return Some(p.clone());
        }
        if self.audit_verify != "ok" {
            return Some(msg::backup::audit_failed(&self.audit_verify));
        }
        None
    }
}

/// The tables a preview counts, in the order it lists them (those missing in an older schema
/// are left out).
const COUNTED: &[&str] = &[
    "waste_generation",
    "waste_movement",
    "shipment",
    "sw_record",
    "water_reading",
    "voc_usage",
    "hazard",
    "inspection_round",
    "app_user",
];

fn latest_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// Size and SHA-256 of a file, read in blocks.
pub fn hash_file(path: &Path) -> Result<(i64, String)> {
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut n: i64 = 0;
    loop {
        let k = f.read(&mut buf)?;
        if k == 0 {
            break;
        }
        h.update(&buf[..k]);
        n += k as i64;
    }
    Ok((n, hex::encode(h.finalize())))
}

/// Checks a copy (or any file offered for restore) in place, read-only, never changing it. An
/// unreadable path is an error on `path`; everything wrong inside the file is in the answer.
/// When the database holds up, the photo files it names are checked in the plant's photo store
/// in the same folder ([`photos::store_dir`]); `ok` needs them all.
pub fn check_copy(path: &Path) -> Result<CopyCheck> {
    let mut c = check_database(path)?;
    if c.failure().is_some() {
        return Ok(c);
    }
    let code = c.plant_code.clone().unwrap_or_default();
    let folder = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let files = match open_read_only(path).and_then(|conn| photos::referenced(&conn)) {
        Ok(f) => f,
        Err(e) => {
            c.problem = Some(msg::backup::photo_list_unreadable(&e));
            c.ok = false;
            return Ok(c);
        }
    };
    let checked = photos::check(&photos::store_dir(&folder, &code), &files);
    c.ok = c.ok && checked.complete();
    c.photos = Some(checked);
    Ok(c)
}

/// The checks of the database file alone (no photos).
fn check_database(path: &Path) -> Result<CopyCheck> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| Error::invalid("path", msg::common::file_error(&shown, &e)))?;
    if !meta.is_file() {
        return Err(Error::invalid("path", msg::common::not_a_file(&shown)));
    }
    let (bytes, sha256) = hash_file(path).map_err(|e| Error::invalid("path", msg::common::file_error(&shown, &e)))?;
    let mut c = CopyCheck {
        path: shown,
        bytes,
        sha256,
        integrity: String::new(),
        audit_verify: "not run".into(),
        problem: None,
        ok: false,
        plant_code: None,
        plant_name: None,
        schema_version: 0,
        build_schema_version: latest_version(),
        counts: Vec::new(),
        audit_rows: 0,
        newest_record_at: None,
        photos: None,
    };
    let mut header = [0u8; 16];
    let read = std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut header));
    if read.is_err() || &header != b"SQLite format 3\0" {
        c.integrity = "not an SQLite database file".into();
        return Ok(c);
    }
    let conn = match open_read_only(path) {
        Ok(conn) => conn,
        Err(e) => {
            c.integrity = format!("cannot be opened: {e}");
            return Ok(c);
        }
    };
    c.integrity = integrity_check(&conn).unwrap_or_else(|e| e.to_string());
    if c.integrity != "ok" {
        return Ok(c);
    }
    if let Err(e) = inspect(&conn, &mut c) {
        c.problem = Some(e.msg());
        return Ok(c);
    }
    c.audit_verify = audit_proof(&conn, c.schema_version == c.build_schema_version);
    c.ok = c.audit_verify == "ok";
    Ok(c)
}

pub(crate) fn open_read_only(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(conn)
}

/// `PRAGMA integrity_check`: `ok`, or its first messages.
pub(crate) fn integrity_check(conn: &Connection) -> Result<String> {
    let mut stmt = conn.prepare("PRAGMA integrity_check(20)")?;
    let lines: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<std::result::Result<_, _>>()?;
    if lines.len() == 1 && lines[0] == "ok" {
        return Ok("ok".into());
    }
    let mut s = lines.into_iter().take(3).collect::<Vec<_>>().join("; ");
    if s.is_empty() {
        s = "no answer".into();
    }
    Ok(crate::text::capped(&s))
}

fn table_exists(conn: &Connection, t: &str) -> Result<bool> {
    Ok(conn.query_row("SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ?1", [t], |r| r.get(0))?)
}

/// What the file is: an EHS Ledger plant database of a schema this build can open, set up.
fn inspect(conn: &Connection, c: &mut CopyCheck) -> Result<()> {
    let app_id: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    match app_id {
        0 => {}
        HQ_APPLICATION_ID => {
            return Err(Error::Conflict(msg::backup::hq_file()));
        }
        other => {
            return Err(Error::Conflict(msg::backup::foreign_app(&format!("{other:#x}"))));
        }
    }
    if !table_exists(conn, "schema_migrations")? || !table_exists(conn, "audit_log")? {
        return Err(Error::Conflict(msg::backup::no_ledger_tables()));
    }
    c.schema_version = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let latest = latest_version();
    let mut stmt = conn.prepare("SELECT version, name, sha256 FROM schema_migrations ORDER BY version")?;
    let applied: Vec<(i64, String, String)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<std::result::Result<_, _>>()?;
    let newest_applied = applied.last().map_or(0, |a| a.0).max(c.schema_version);
    if newest_applied > latest {
        return Err(Error::Conflict(msg::backup::newer_schema(&newest_applied, &latest)));
    }
    for (v, name, sha) in &applied {
        match MIGRATIONS.iter().find(|m| m.version == *v) {
            Some(m) if m.checksum() == *sha => {}
            _ => return Err(Error::Conflict(msg::backup::migration_differs(name))),
        }
    }
    if c.schema_version == 0 {
        return Err(Error::Conflict(msg::backup::empty_schema()));
    }
    let p: Option<(String, String)> =
        conn.query_row("SELECT code, name FROM plant", [], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    let Some((code, name)) = p else {
        return Err(Error::Conflict(msg::backup::no_plant()));
    };
    c.plant_code = Some(code);
    c.plant_name = Some(name);
    for t in COUNTED {
        if table_exists(conn, t)? {
            let rows: i64 = conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))?;
            c.counts.push(CopyCount { table: (*t).into(), rows });
        }
    }
    let (rows, newest): (i64, Option<String>) =
        conn.query_row("SELECT count(*), max(at_utc) FROM audit_log", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
    c.audit_rows = rows;
    c.newest_record_at = newest;
    Ok(())
}

/// The audit proof on a copy: the chain, then (at this build's schema) every record against it.
/// `ok`, or the first problem. A copy of an older schema has its records proved after the
/// migration, at restore.
fn audit_proof(conn: &Connection, current_schema: bool) -> String {
    match audit::verify(conn) {
        Ok(r) => {
            if let Some(b) = r.first_broken {
                return crate::text::capped(&format!("audit chain broken at row {}: {}", b.seq, b.reason));
            }
        }
        Err(e) => return crate::text::capped(&format!("audit chain cannot be read: {e}")),
    }
    if !current_schema {
        return "ok".into();
    }
    match audit::verify_records(conn) {
        Ok(r) => match r.first_difference {
            Some(d) => crate::text::capped(&format!("records differ from the audit trail: {d}")),
            None => "ok".into(),
        },
        Err(e) => crate::text::capped(&format!("records cannot be read: {e}")),
    }
}

/// A row to write into the log.
pub(crate) struct LogRow<'a> {
    pub event: BackupEvent,
    pub outcome: BackupOutcome,
    pub path: &'a str,
    pub bytes: Option<i64>,
    pub sha256: Option<&'a str>,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub integrity: Option<&'a str>,
    pub audit_verify: Option<&'a str>,
    pub message: &'a str,
}

/// Inserts one log row and its audit row inside `conn`'s open transaction.
pub(crate) fn insert_log(conn: &Connection, actor: &str, row: &LogRow<'_>) -> Result<String> {
    let id = new_id();
    conn.execute(
        "INSERT INTO backup_log (id, event, outcome, path, bytes, sha256, started_at, finished_at, integrity, audit_verify, message, actor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            id,
            row.event,
            row.outcome,
            row.path,
            row.bytes,
            row.sha256,
            time::to_db(row.started_at),
            time::to_db(row.finished_at),
            row.integrity,
            row.audit_verify,
            crate::text::capped(row.message),
            actor
        ],
    )?;
    audit::record(conn, row.finished_at, actor, Action::Insert, "backup_log", &id, None, None)?;
    Ok(id)
}

fn log(store: &mut Store, actor: &str, row: &LogRow<'_>) -> Result<String> {
    let tx = store.write_tx()?;
    let id = insert_log(&tx, actor, row)?;
    tx.commit()?;
    Ok(id)
}

const LOG_COLUMNS: &str =
    "id, event, outcome, path, bytes, sha256, started_at, finished_at, integrity, audit_verify, message, actor";

fn map_log(r: &rusqlite::Row<'_>) -> rusqlite::Result<BackupLogEntry> {
    Ok(BackupLogEntry {
        id: r.get(0)?,
        event: r.get(1)?,
        outcome: r.get(2)?,
        path: r.get(3)?,
        bytes: r.get(4)?,
        sha256: r.get(5)?,
        started_at: r.get(6)?,
        finished_at: r.get(7)?,
        integrity: r.get(8)?,
        audit_verify: r.get(9)?,
        message: r.get(10)?,
        actor: r.get(11)?,
    })
}

/// The newest rows of the log, newest first.
pub fn log_entries(conn: &Connection, limit: usize) -> Result<Vec<BackupLogEntry>> {
    let mut stmt =
        conn.prepare(&format!("SELECT {LOG_COLUMNS} FROM backup_log ORDER BY finished_at DESC, rowid DESC LIMIT ?1"))?;
    let rows = stmt.query_map([limit as i64], map_log)?;
    rows.collect::<std::result::Result<_, _>>().map_err(Error::from)
}

/// The latest check (the backup that made it, or a later verify) of the copy at `path`.
pub fn last_check(conn: &Connection, path: &str) -> Result<Option<BackupLogEntry>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {LOG_COLUMNS} FROM backup_log WHERE path = ?1 AND event IN ('backup', 'verify')
                 ORDER BY finished_at DESC, rowid DESC LIMIT 1"
            ),
            [path],
            map_log,
        )
        .optional()?)
}

/// When the newest good copy was made (UTC), from the log.
pub fn last_good(conn: &Connection) -> Result<Option<DateTime<Utc>>> {
    let at: Option<String> =
        conn.query_row("SELECT max(started_at) FROM backup_log WHERE event = 'backup' AND outcome = 'ok'", [], |r| {
            r.get(0)
        })?;
    at.map(|s| time::from_db(&s)).transpose()
}

fn last_attempt(conn: &Connection) -> Result<Option<DateTime<Utc>>> {
    let at: Option<String> =
        conn.query_row("SELECT max(finished_at) FROM backup_log WHERE event = 'backup'", [], |r| r.get(0))?;
    at.map(|s| time::from_db(&s)).transpose()
}

/// What one backup run did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct BackupReport {
    pub log_id: String,
    pub file_name: String,
    pub copy: CopyCheck,
    /// What the backup did with the photos (the store's state after it is `copy.photos`).
    pub photos: PhotoBackup,
    /// The photo warning also written into the log row: files missing or changed in the live
    /// store, or not written. The database copy is kept regardless.
    pub warning: Option<String>,
    /// Older copies deleted by rotation (full paths). Photos are never deleted.
    pub deleted: Vec<String>,
}

/// "Back up now" (admins and EHS officers): a copy into the configured folder, checked, then
/// rotation. A failure (no folder, folder missing or not writable, the copy failing its check)
/// is logged and returned as an error naming what to fix.
pub fn backup_now(store: &mut Store, actor: &Session, now: DateTime<Utc>) -> Result<BackupReport> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    store.require_kind(DbKind::Plant)?;
    let s = settings(store.conn())?;
    let Some(folder) = s.folder else {
        return Err(Error::invalid("backup_folder", msg::backup::no_folder()));
    };
    run(store, &actor.user_id, &folder, s.keep, now)
}

/// One turn of the schedule ([`crate::areas::ON_TICK`]): a backup as the system actor when one
/// is due ([`is_due`]); 1 when a good copy was made. A failed run is in the log (and the retry
/// waits [`RETRY_AFTER_MINUTES`]), so it does not fail the worker's turn.
pub fn tick(store: &mut Store, now: DateTime<Utc>) -> Result<usize> {
    if store.kind() != DbKind::Plant || plant::get(store.conn())?.is_none() {
        return Ok(0);
    }
    let s = settings(store.conn())?;
    let Some(folder) = s.folder else { return Ok(0) };
    if !is_due(last_good(store.conn())?, last_attempt(store.conn())?, s.interval_days, now) {
        return Ok(0);
    }
    let system = plant::users::system_session(store, now)?;
    match run(store, &system.user_id, &folder, s.keep, now) {
        Ok(_) => Ok(1),
        Err(_) => Ok(0),
    }
}

fn elapsed_since(now: DateTime<Utc>, t0: std::time::Instant) -> DateTime<Utc> {
    now + Duration::from_std(t0.elapsed()).unwrap_or_else(|_| Duration::zero())
}

fn run(store: &mut Store, actor: &str, folder: &Path, keep: i64, now: DateTime<Utc>) -> Result<BackupReport> {
    let plant = plant::require(store.conn())?;
    let name = file_name(&plant.code, now);
    let target = folder.join(&name);
    let target_s = target.display().to_string();
    let t0 = std::time::Instant::now();
    match make_copy(store, folder, &target) {
        Ok(mut copy) => {
            let failure = copy.failure();
            let outcome = if failure.is_none() { BackupOutcome::Ok } else { BackupOutcome::Failed };
            // The photos the kept copy names, into the plant's photo store. A photo that cannot
            // be backed up does not undo the copy: it is the warning of the result and the log.
            let mut photo_run = None;
            if failure.is_none() {
                let files = open_read_only(&target).and_then(|conn| photos::referenced(&conn));
                let (b, c) = match files {
                    Ok(files) => photos::back_up(
                        &crate::hazards::photos::photo_dir(store.path()),
                        &photos::store_dir(folder, &plant.code),
                        &files,
                    ),
                    Err(e) => {
                        let b = PhotoBackup {
                            not_written: vec![format!("the copy's photo list cannot be read: {e}")],
                            ..PhotoBackup::default()
                        };
                        let c = CopyPhotos {
                            store: photos::store_dir(folder, &plant.code).display().to_string(),
                            files: 0,
                            present: 0,
                            missing: Vec::new(),
                            bad: Vec::new(),
                        };
                        (b, c)
                    }
                };
                copy.ok = copy.ok && c.complete() && b.not_written.is_empty();
                copy.photos = Some(c);
                photo_run = Some(b);
            }
            let photo_summary = photo_run.as_ref().zip(copy.photos.as_ref()).map(|(b, c)| {
                format!(
                    "photos: {} files named, {} copied, {} already in the photo store",
                    c.files, b.copied, b.already
                )
            });
            let warning = photo_run.as_ref().and_then(PhotoBackup::warning);
            let message = match (&failure, &warning, &photo_summary) {
                (Some(f), _, _) => f.to_string(),
                (None, Some(w), Some(sum)) => format!("warning: {w} (the database copy is kept); {sum}"),
                (None, _, Some(sum)) => sum.clone(),
                _ => String::new(),
            };
            let log_id = log(
                store,
                actor,
                &LogRow {
                    event: BackupEvent::Backup,
                    outcome,
                    path: &target_s,
                    bytes: Some(copy.bytes),
                    sha256: Some(&copy.sha256),
                    started_at: now,
                    finished_at: elapsed_since(now, t0),
                    integrity: Some(&copy.integrity),
                    audit_verify: Some(&copy.audit_verify),
                    message: &message,
                },
            )?;
            if let Some(f) = failure {
                return Err(Error::invalid("backup", f).at(msg::backup::check_failed_not_kept()));
            }
            let deleted = rotate(store, actor, folder, &plant.code, keep, now)?;
            let photos = photo_run.unwrap_or_default();
            Ok(BackupReport { log_id, file_name: name, copy, photos, warning, deleted })
        }
        Err(e) => {
            let message = e.sentence();
            log(
                store,
                actor,
                &LogRow {
                    event: BackupEvent::Backup,
                    outcome: BackupOutcome::Failed,
                    path: &target_s,
                    bytes: None,
                    sha256: None,
                    started_at: now,
                    finished_at: elapsed_since(now, t0),
                    integrity: None,
                    audit_verify: None,
                    message: &message,
                },
            )?;
            Err(e)
        }
    }
}

/// Creates `path` empty and owner-only (0600 on unix); fails if it exists.
pub(crate) fn create_owner_only_new(path: &Path) -> std::io::Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)
}

/// Flushes a folder's entries (the rename) to disk; a no-op where folders cannot be opened.
pub(crate) fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// The copy: `VACUUM INTO` a temp file, fsync, check, rename. On a failed check the temp file is
/// removed and the check returned (the caller logs it).
fn make_copy(store: &Store, folder: &Path, target: &Path) -> Result<CopyCheck> {
    let bad_folder = |what: Msg| Error::invalid("backup_folder", what);
    let shown = folder.display();
    match std::fs::metadata(folder) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => return Err(bad_folder(msg::backup::not_a_folder(&shown))),
        Err(_) => return Err(bad_folder(msg::backup::folder_unreachable(&shown))),
    }
    let name = target.file_name().and_then(|n| n.to_str()).unwrap_or("backup");
    let tmp = folder.join(format!(".{name}.partial"));
    if target.exists() {
        return Err(Error::Conflict(msg::backup::already_exists(&target.display())));
    }
    let _ = std::fs::remove_file(&tmp);
    drop(create_owner_only_new(&tmp).map_err(|e| bad_folder(msg::backup::cannot_write(&shown, &e)))?);
    let Some(tmp_s) = tmp.to_str() else {
        let _ = std::fs::remove_file(&tmp);
        return Err(bad_folder(msg::backup::path_not_unicode(&shown)));
    };
    let result = (|| -> Result<CopyCheck> {
        store
            .conn()
            .execute("VACUUM INTO ?1", [tmp_s])
            .map_err(|e| bad_folder(msg::backup::cannot_write(&shown, &e)))?;
        std::fs::OpenOptions::new().write(true).open(&tmp)?.sync_all()?;
        let check = check_database(&tmp)?;
        if check.failure().is_some() {
            return Ok(check);
        }
        std::fs::rename(&tmp, target).map_err(|e| bad_folder(msg::backup::cannot_write(&shown, &e)))?;
        sync_dir(folder);
        Ok(CopyCheck { path: target.display().to_string(), ..check })
    })();
    if tmp.exists() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A backup file of this plant in the folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct BackupCopy {
    pub file_name: String,
    pub path: String,
    /// When it was taken (UTC, from its name).
    pub taken_at: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes: i64,
    /// Its latest check in the log (the backup that made it, or a later verify).
    pub last_check: Option<BackupLogEntry>,
    /// The latest check was good and the file's size still matches it.
    pub good: bool,
}

/// The plant's copies in `folder`, newest first (files named by the pattern for `plant_code`).
pub fn copies(conn: &Connection, folder: &Path, plant_code: &str) -> Result<Vec<BackupCopy>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(folder)? {
        let entry = entry?;
        let Some(name) = entry.file_name().to_str().map(str::to_string) else { continue };
        let Some((code, at)) = parse_file_name(&name) else { continue };
        let meta = entry.metadata()?;
        if code != plant_code || !meta.is_file() {
            continue;
        }
        let path = entry.path().display().to_string();
        let bytes = meta.len() as i64;
        let last_check = last_check(conn, &path)?;
        let good = last_check.as_ref().is_some_and(|c| c.outcome == BackupOutcome::Ok && c.bytes == Some(bytes));
        out.push(BackupCopy { file_name: name, path, taken_at: time::to_db(at), bytes, last_check, good });
    }
    out.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then(b.file_name.cmp(&a.file_name)));
    Ok(out)
}

/// Deletes the good copies beyond the newest `keep` (at least one good copy always stays); each
/// deletion logged and audited. Returns the deleted paths.
fn rotate(
    store: &mut Store,
    actor: &str,
    folder: &Path,
    plant_code: &str,
    keep: i64,
    now: DateTime<Utc>,
) -> Result<Vec<String>> {
    let good: Vec<BackupCopy> = copies(store.conn(), folder, plant_code)?.into_iter().filter(|c| c.good).collect();
    let keep = usize::try_from(keep.max(1)).unwrap_or(1);
    let mut deleted = Vec::new();
    for c in good.iter().skip(keep) {
        let sha = c.last_check.as_ref().and_then(|l| l.sha256.clone());
        let (outcome, message) = match std::fs::remove_file(&c.path) {
            Ok(()) => (BackupOutcome::Ok, format!("rotation: keeping the newest {keep} good copies")),
            Err(e) => (BackupOutcome::Failed, format!("rotation could not delete the copy: {e}")),
        };
        log(
            store,
            actor,
            &LogRow {
                event: BackupEvent::Delete,
                outcome,
                path: &c.path,
                bytes: Some(c.bytes),
                sha256: sha.as_deref(),
                started_at: now,
                finished_at: now,
                integrity: None,
                audit_verify: None,
                message: &message,
            },
        )?;
        if outcome == BackupOutcome::Ok {
            deleted.push(c.path.clone());
        }
    }
    if !deleted.is_empty() {
        sync_dir(folder);
    }
    Ok(deleted)
}

/// Checks a copy again (admins and EHS officers) and logs the result; the answer says whether
/// it held (`ok`) and what failed. A photo the copy names that is missing from the plant's photo
/// store or does not match its hash fails the check (named in the log row).
pub fn verify(store: &mut Store, actor: &Session, path: &Path, now: DateTime<Utc>) -> Result<CopyCheck> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let t0 = std::time::Instant::now();
    let check = check_copy(path)?;
    let failure = check.verdict();
    log(
        store,
        &actor.user_id,
        &LogRow {
            event: BackupEvent::Verify,
            outcome: if failure.is_none() { BackupOutcome::Ok } else { BackupOutcome::Failed },
            path: &check.path,
            bytes: Some(check.bytes),
            sha256: Some(&check.sha256),
            started_at: now,
            finished_at: elapsed_since(now, t0),
            integrity: Some(&check.integrity),
            audit_verify: Some(&check.audit_verify),
            message: failure.as_deref().unwrap_or(""),
        },
    )?;
    Ok(check)
}

/// The Backups screen: the settings, the copies in the folder with their checks, when the last
/// good one was made and when the next is due, and the newest log rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct BackupStatus {
    pub folder: Option<String>,
    /// Why the folder's copies cannot be listed (missing, not reachable).
    #[cfg_attr(feature = "ts", ts(as = "Option<crate::error::ErrorMsg>"))]
    pub folder_problem: Option<Msg>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub keep: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub interval_days: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub stale_days: i64,
    pub last_good_at: Option<String>,
    /// When the schedule makes the next copy (UTC; `None` with no folder or interval 0).
    pub next_due_at: Option<String>,
    pub copies: Vec<BackupCopy>,
    pub log: Vec<BackupLogEntry>,
}

pub fn status(conn: &Connection, now: DateTime<Utc>) -> Result<BackupStatus> {
    let s = settings(conn)?;
    let plant = plant::require(conn)?;
    let last = last_good(conn)?;
    let (copies, folder_problem) = match &s.folder {
        None => (Vec::new(), None),
        Some(f) if f.is_dir() => match copies(conn, f, &plant.code) {
            Ok(c) => (c, None),
            Err(e) => (Vec::new(), Some(msg::common::file_error(&f.display(), &e))),
        },
        Some(f) => (Vec::new(), Some(msg::backup::folder_unreachable(&f.display()))),
    };
    let next_due_at = (s.folder.is_some() && s.interval_days > 0).then(|| {
        let at = last.map_or(now, |g| (g + Duration::days(s.interval_days)).max(now));
        time::to_db(at)
    });
    Ok(BackupStatus {
        folder: s.folder.map(|f| f.display().to_string()),
        folder_problem,
        keep: s.keep,
        interval_days: s.interval_days,
        stale_days: s.stale_days,
        last_good_at: last.map(time::to_db),
        next_due_at,
        copies,
        log: log_entries(conn, LOG_ROWS)?,
    })
}

/// The area's alert: no good backup yet (once the plant is older than `backup_stale_days`), or
/// the last good one older than that.
pub fn alerts(conn: &Connection, today: NaiveDate) -> Result<Vec<Alert>> {
    let Some(p) = plant::get(conn)? else { return Ok(Vec::new()) };
    let tz = p.tz()?;
    let s = settings(conn)?;
    let subject = s.folder.as_ref().map(|f| f.display().to_string()).unwrap_or_default();
    let alert = match last_good(conn)? {
        Some(at) => {
            let day = time::local_date(at, tz);
            let age = (today - day).num_days();
            if age <= s.stale_days {
                return Ok(Vec::new());
            }
            Alert::new(
                Area::Plant,
                AlertKind::BackupStale,
                Severity::Warning,
                subject,
                format!("the last good backup is {age} days old (from {day}); back up now"),
            )
            .due(day + Duration::days(s.stale_days))
            .param("days", age)
            .param("last", day)
            .param("stale_days", s.stale_days)
        }
        None => {
            let created: String = conn.query_row("SELECT created_at FROM plant", [], |r| r.get(0))?;
            let since = time::local_date(time::from_db(&created)?, tz);
            if (today - since).num_days() < s.stale_days {
                return Ok(Vec::new());
            }
            Alert::new(
                Area::Plant,
                AlertKind::BackupMissing,
                Severity::Warning,
                subject,
                "the plant database has no good backup: set a backup folder and back up now".into(),
            )
            .param("stale_days", s.stale_days)
        }
    };
    Ok(vec![alert])
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    #[test]
    fn file_names_round_trip_and_other_names_are_not_ours() {
        let t = Utc.with_ymd_and_hms(2026, 12, 2, 10, 15, 0).unwrap();
        let n = file_name("SZ_01", t);
        assert_eq!(n, "ehs-ledger_SZ_01_20261202T101500Z.sqlite");
        assert_eq!(parse_file_name(&n), Some(("SZ_01".into(), t)));
        for other in [
            "ehs-ledger_SZ01_20261202T101500Z.sqlite3",
            "ehs-ledger__20261202T101500Z.sqlite",
            "ehs-ledger_SZ01_2026120T101500Z.sqlite",
            "ehs-ledger_SZ01_20261302T101500Z.sqlite",
            "notes.txt",
            ".ehs-ledger_SZ01_20261202T101500Z.sqlite.partial",
            "ehs-ledger_SZ 01_20261202T101500Z.sqlite",
        ] {
            assert_eq!(parse_file_name(other), None, "{other}");
        }
    }

    #[test]
    fn due_when_no_good_copy_or_the_interval_passed_and_not_right_after_an_attempt() {
        let now = at(2026, 12, 2, 10);
        // Never backed up, never tried: due.
        assert!(is_due(None, None, 1, now));
        // Interval 0 = on demand only.
        assert!(!is_due(None, None, 0, now));
        // Good copy 23 h ago, daily: not yet; 24 h ago: due.
        assert!(!is_due(Some(now - Duration::hours(23)), Some(now - Duration::hours(23)), 1, now));
        assert!(is_due(Some(now - Duration::hours(24)), Some(now - Duration::hours(24)), 1, now));
        // Weekly.
        assert!(!is_due(Some(now - Duration::days(6)), None, 7, now));
        assert!(is_due(Some(now - Duration::days(7)), None, 7, now));
        // A failed attempt 10 minutes ago holds the retry back for an hour.
        assert!(!is_due(Some(now - Duration::days(3)), Some(now - Duration::minutes(10)), 1, now));
        assert!(is_due(Some(now - Duration::days(3)), Some(now - Duration::minutes(60)), 1, now));
        assert!(!is_due(None, Some(now - Duration::minutes(59)), 1, now));
        // An attempt stamped in the future (clock changed) does not block for ever.
        assert!(is_due(None, Some(now + Duration::days(2)), 1, now));
    }

    #[test]
    fn the_folder_setting_must_be_a_full_path() {
        assert_eq!(folder("backup_folder", "").unwrap(), "");
        assert!(folder("backup_folder", "backups").is_err());
        assert!(folder("backup_folder", "/media/usb\n").is_ok(), "trimmed");
        assert!(folder("backup_folder", "/media/u\u{7}sb").is_err());
        #[cfg(unix)]
        assert_eq!(folder("backup_folder", " /media/usb/ehs ").unwrap(), "/media/usb/ehs");
    }
}
