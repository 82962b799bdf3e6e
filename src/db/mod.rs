//! Opening the plant database: one SQLite file, WAL, `foreign_keys=ON`, `synchronous=FULL`, a
//! busy timeout, and the migration runner. Opening applies pending migrations from `db/` in one
//! transaction and refuses a file whose applied migrations were edited or that is newer than
//! this build. Domain rules live in the area modules, not here.

pub mod migrate;

use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use migrate::{Migration, MIGRATIONS};

/// File name of the plant database inside the app-data directory.
pub const DB_FILE_NAME: &str = "ehs-ledger.sqlite3";

/// Environment variable that overrides the database location (the CLI's `--db` wins over it).
pub const DB_ENV: &str = "EHS_LEDGER_DB";

/// The default database path: the OS per-user app-data directory
/// (`~/.local/share/ehs-ledger/` on Linux, `%APPDATA%\EHS Ledger\…` on Windows).
pub fn default_db_path() -> Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("com", "ehsledger", "ehs-ledger")
        .ok_or_else(|| Error::Internal("no home directory to place the database in; pass --db PATH".into()))?;
    Ok(dirs.data_dir().join(DB_FILE_NAME))
}

/// Resolves the database path: explicit argument, then `EHS_LEDGER_DB`, then the default.
pub fn resolve_db_path(explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(p) = explicit {
        return Ok(p.to_path_buf());
    }
    match std::env::var_os(DB_ENV) {
        Some(v) if !v.is_empty() => Ok(PathBuf::from(v)),
        _ => default_db_path(),
    }
}

/// An open plant database. Each thread or task opens its own; the handle is not shared.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    pub fn open(path: &Path) -> Result<Store> {
        Self::open_with(path, MIGRATIONS)
    }

    /// As [`Store::open`] with an explicit migration list (tests use this to simulate edits).
    pub fn open_with(path: &Path, migrations: &[Migration]) -> Result<Store> {
        if let Some(dir) = path.parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)?;
            }
        }
        let mut conn = connect(path, true)?;
        migrate::apply(&mut conn, migrations)?;
        Ok(Store { conn, path: path.to_path_buf() })
    }

    /// Opens an existing database that must already be at this build's schema (no migrating).
    /// Background tasks and per-command connections use this after start-up migrated the file.
    pub fn connect(path: &Path) -> Result<Store> {
        let conn = connect(path, false)?;
        migrate::check_current(&conn, MIGRATIONS)?;
        Ok(Store { conn, path: path.to_path_buf() })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// A write transaction that takes the write lock at once (no upgrade deadlocks).
    pub fn write_tx(&mut self) -> Result<Transaction<'_>> {
        Ok(self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?)
    }
}

fn connect(path: &Path, create: bool) -> Result<Connection> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    } else if !path.exists() {
        return Err(Error::NotFound { what: "database file", id: path.display().to_string() });
    }
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::Schema(format!("{} could not switch to WAL (journal_mode={mode})", path.display())));
    }
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;")?;
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_sets_the_pragmas_the_ledger_relies_on() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("p.sqlite3")).unwrap();
        let c = store.conn();
        let fk: i64 = c.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
        let sync: i64 = c.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
        let mode: String = c.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!((fk, sync, mode.as_str()), (1, 2, "wal"));
    }

    #[test]
    fn connect_refuses_a_missing_file() {
        let dir = tempfile::tempdir().unwrap();
        let e = Store::connect(&dir.path().join("none.sqlite3")).err().unwrap();
        assert!(matches!(e, Error::NotFound { .. }));
    }
}
