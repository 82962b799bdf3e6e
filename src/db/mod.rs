//! Opening the plant database: one SQLite file, WAL, `foreign_keys=ON`, `synchronous=FULL`, a
//! busy timeout, and the migration runner. Opening applies pending migrations from `db/` in one
//! transaction and refuses a file whose applied migrations were edited or that is newer than
//! this build. Domain rules live in the area modules, not here.

pub mod migrate;

use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use migrate::{Migration, HQ_MIGRATIONS, MIGRATIONS};

/// `PRAGMA application_id` of an HQ database ('EHHQ'). A plant database keeps 0 (files made
/// before HQ mode existed have 0 too).
pub const HQ_APPLICATION_ID: i32 = 0x4548_4851;

crate::text_enum! {
    /// What a database file is: a plant's system of record, or the group's HQ review file. The
    /// kind is chosen once, at first-run set-up, and written in the file's header.
    pub enum DbKind {
        Plant = "plant",
        Hq = "hq",
    }
}

impl DbKind {
    /// The migrations of this kind of file.
    pub fn migrations(self) -> &'static [Migration] {
        match self {
            DbKind::Plant => MIGRATIONS,
            DbKind::Hq => HQ_MIGRATIONS,
        }
    }

    fn of(conn: &Connection) -> Result<DbKind> {
        let id: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
        match id {
            0 => Ok(DbKind::Plant),
            HQ_APPLICATION_ID => Ok(DbKind::Hq),
            other => Err(Error::Schema(crate::msg::schema::application_id_not_ehs(&(format!("{:#x}", other))))),
        }
    }
}

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
    kind: DbKind,
}

impl Store {
    /// Opens (creating a plant database if there is none) the database at `path` and applies
    /// the pending migrations of its kind (the file's header says plant or HQ).
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Self::create_dirs_and_connect(path)?;
        let kind = DbKind::of(&conn)?;
        Self::finish_open(conn, path, kind, kind.migrations())
    }

    /// As [`Store::open`] for a plant file with an explicit migration list (tests use this to
    /// simulate edits).
    pub fn open_with(path: &Path, migrations: &[Migration]) -> Result<Store> {
        let conn = Self::create_dirs_and_connect(path)?;
        Self::finish_open(conn, path, DbKind::Plant, migrations)
    }

    /// Creates an HQ database at `path` (first-run set-up in HQ mode), or opens the HQ database
    /// already there. A plant database is refused — unless it is pristine (migrated by a first
    /// start but never set up: no plant, no user, an empty audit trail), which holds nothing and
    /// is replaced.
    pub fn create_hq(path: &Path) -> Result<Store> {
        let conn = Self::create_dirs_and_connect(path)?;
        if DbKind::of(&conn)? == DbKind::Plant {
            if !pristine(&conn)? {
                return Err(Error::Conflict(crate::msg::db::plant_database_records_hq(&path.display())));
            }
            let has_tables: bool = conn.query_row("SELECT count(*) > 0 FROM sqlite_master", [], |r| r.get(0))?;
            let conn = if has_tables {
                drop(conn);
                for suffix in ["", "-wal", "-shm"] {
                    let p = PathBuf::from(format!("{}{suffix}", path.display()));
                    match std::fs::remove_file(&p) {
                        Ok(()) => {}
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                        Err(e) => return Err(e.into()),
                    }
                }
                connect(path, true)?
            } else {
                conn
            };
            conn.pragma_update(None, "application_id", HQ_APPLICATION_ID)?;
            return Self::finish_open(conn, path, DbKind::Hq, HQ_MIGRATIONS);
        }
        Self::finish_open(conn, path, DbKind::Hq, HQ_MIGRATIONS)
    }

    fn create_dirs_and_connect(path: &Path) -> Result<Connection> {
        if let Some(dir) = path.parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)?;
            }
        }
        create_owner_only(path)?;
        connect(path, true)
    }

    fn finish_open(mut conn: Connection, path: &Path, kind: DbKind, migrations: &[Migration]) -> Result<Store> {
        migrate::apply(&mut conn, migrations)?;
        Ok(Store { conn, path: path.to_path_buf(), kind })
    }

    /// Opens an existing database that must already be at this build's schema of its kind (no
    /// migrating). Background tasks and per-command connections use this after start-up
    /// migrated the file.
    pub fn connect(path: &Path) -> Result<Store> {
        let conn = connect(path, false)?;
        let kind = DbKind::of(&conn)?;
        migrate::check_current(&conn, kind.migrations())?;
        Ok(Store { conn, path: path.to_path_buf(), kind })
    }

    /// Plant or HQ.
    pub fn kind(&self) -> DbKind {
        self.kind
    }

    /// Refuses an HQ file where a plant's database is needed (and the other way round), naming
    /// what the file is.
    pub fn require_kind(&self, want: DbKind) -> Result<()> {
        require_kind(&self.conn, want)
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

/// What the file behind `conn` is (from its header).
pub fn kind_of(conn: &Connection) -> Result<DbKind> {
    DbKind::of(conn)
}

/// Refuses a connection to a file of another kind than `want`, saying what the file is.
pub fn require_kind(conn: &Connection, want: DbKind) -> Result<()> {
    let kind = DbKind::of(conn)?;
    if kind == want {
        return Ok(());
    }
    Err(Error::Conflict(match kind {
        DbKind::Hq => crate::msg::db::is_hq_database(),
        DbKind::Plant => crate::msg::db::is_plant_database(),
    }))
}

/// A file that holds nothing yet: no schema, or a plant schema with no plant, no user and an
/// empty audit trail.
fn pristine(conn: &Connection) -> Result<bool> {
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0))?;
    if tables == 0 {
        return Ok(true);
    }
    let has = |t: &str| -> Result<bool> {
        let exists: bool =
            conn.query_row("SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ?1", [t], |r| {
                r.get(0)
            })?;
        if !exists {
            return Ok(false);
        }
        Ok(conn.query_row(&format!("SELECT count(*) > 0 FROM {t}"), [], |r| r.get(0))?)
    };
    Ok(!has("plant")? && !has("app_user")? && !has("audit_log")?)
}

/// A new database file is created readable and writable by its owner only (0600): it holds the
/// plant's compliance records, user names and password hashes. SQLite gives the `-wal` and
/// `-shm` files the database file's mode. An existing file keeps its mode. (On other systems the
/// file inherits the folder's access rules.)
fn create_owner_only(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        match std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e.into()),
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
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
        return Err(Error::Schema(crate::msg::schema::could_not_switch_wal(&path.display(), &mode)));
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
