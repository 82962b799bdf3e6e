//! Restore from a copy: a preview of what the copy holds, then — with the plant code typed as
//! confirmation — the swap.
//!
//! The current file is never overwritten in place. The copy is first copied to a temp file in
//! the database's own folder (same file system, so the final rename is atomic), fsynced, opened
//! (an older schema is migrated), proved again (integrity, audit chain, records) and given the
//! `restore` row of the log. Then the current file is taken exclusively (`journal_mode=DELETE`
//! folds its WAL in and fails while any other connection has it open), kept aside under
//! `<db>.before-restore-<UTC>` (a hard link, else a copy), and the temp file is renamed over the
//! database and the folder fsynced. A crash before the rename leaves the old database in place
//! (and at most a `.partial` file, removed by the next restore); after it, the restored one —
//! there is no moment without a database at the path.
//!
//! **Photos**: the photo files the copy names are put into the database's photo folder
//! (`<db stem>.files/photos/`) from the plant's photo store beside the copy — only those missing
//! there or not matching their name (a changed file is kept aside, never overwritten), each
//! re-hashed — before the rename, so the restored database does not name a photo that could
//! have been brought back. Files in neither place are named by the preview, the report and the
//! restore's log row; they do not stop the restore (the database is what there is to recover).

use super::photos::{self, RestorePhotos};
use super::{check_copy, create_owner_only_new, hash_file, insert_log, integrity_check, sync_dir, CopyCheck, LogRow};
use super::{open_read_only, BackupEvent, BackupOutcome, STAMP};
use crate::audit;
use crate::db::Store;
use crate::error::{Error, Msg, Result};
use crate::msg;
use crate::plant::{self, Role, Session};
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// What restoring `copy` would bring back, and whether it may.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RestorePreview {
    pub copy: CopyCheck,
    /// The plant of the database in use now (the copy must be of the same plant).
    pub current_plant_code: Option<String>,
    pub restorable: bool,
    /// Why it may not be restored.
    #[cfg_attr(feature = "ts", ts(as = "Option<crate::error::ErrorMsg>"))]
    pub refusal: Option<Msg>,
    /// The photo files the copy names: how many are already in the database's photo folder,
    /// how many come from the backup photo store, which from nowhere (`None` when the copy's
    /// photo list cannot be read).
    pub photos: Option<RestorePhotos>,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RestoreReport {
    pub restored_from: String,
    /// Where the database that was in use is kept.
    pub kept_aside: String,
    pub plant_code: String,
    /// The copy's schema version (migrated to this build's on restore).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub copy_schema_version: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub audit_rows: i64,
    /// Photo files copied back into the database's photo folder.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub photos_copied: i64,
    /// Photo files the restored database names that were in neither place.
    pub photos_unavailable: Vec<String>,
}

/// The preview of restoring `source` over the database `current`.
pub fn preview(current: &Store, source: &Path) -> Result<RestorePreview> {
    let copy = check_copy(source)?;
    let current_plant_code = plant::get(current.conn())?.map(|p| p.code);
    let refusal = refusal(&copy, current_plant_code.as_deref());
    let photos =
        if copy.failure().is_none() { photo_plan(current.path(), source, &copy).ok().map(|(r, _, _)| r) } else { None };
    Ok(RestorePreview { restorable: refusal.is_none(), copy, current_plant_code, refusal, photos })
}

/// Which photo files of the copy are in the photo folder of the database at `db` already, which
/// come from the backup photo store beside the copy, which from nowhere.
fn photo_plan(db: &Path, source: &Path, copy: &CopyCheck) -> Result<(RestorePhotos, Vec<photos::PhotoFile>, PathBuf)> {
    let files = photos::referenced(&open_read_only(source)?)?;
    let folder = match source.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let store = photos::store_dir(&folder, copy.plant_code.as_deref().unwrap_or_default());
    let (r, copy) = photos::plan(&crate::hazards::photos::photo_dir(db), &store, &files);
    Ok((r, copy, store))
}

fn refusal(copy: &CopyCheck, current: Option<&str>) -> Option<Msg> {
    if let Some(f) = copy.failure() {
        return Some(f);
    }
    match (current, copy.plant_code.as_deref()) {
        (Some(cur), Some(c)) if cur != c => Some(msg::backup::other_plant(&c, &cur)),
        _ => None,
    }
}

fn side_file(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn remove_if_there(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::Io(std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))),
    }
}

fn remove_with_sidecars(path: &Path) {
    for p in [path.to_path_buf(), side_file(path, "-wal"), side_file(path, "-shm"), side_file(path, "-journal")] {
        let _ = std::fs::remove_file(p);
    }
}

/// Copies `from` to the new owner-only file `to` and fsyncs it.
fn copy_new(from: &Path, to: &Path) -> Result<()> {
    let mut src = std::fs::File::open(from)?;
    let mut dst = create_owner_only_new(to)?;
    std::io::copy(&mut src, &mut dst)?;
    dst.sync_all()?;
    Ok(())
}

fn in_use(e: impl std::fmt::Display) -> Error {
    Error::Conflict(msg::backup::db_in_use(&e))
}

/// Restores the database at `db` from the copy `source` (admins only). `confirm` must be the
/// copy's plant code. Refused — nothing changed — when the copy fails its checks, is of another
/// plant or a newer build, or the database is in use.
pub fn restore(db: &Path, actor: &Session, source: &Path, confirm: &str, now: DateTime<Utc>) -> Result<RestoreReport> {
    actor.require(&[Role::Admin])?;
    let pv = {
        let current = Store::connect(db)?;
        preview(&current, source)?
    };
    if let Some(r) = pv.refusal {
        return Err(Error::Conflict(r));
    }
    let code = pv.copy.plant_code.clone().unwrap_or_default();
    if confirm.trim() != code {
        return Err(Error::invalid("confirm", msg::backup::confirm_code(&code)));
    }
    let dir = match db.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let db_name = db
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| Error::invalid("db", msg::backup::no_file_name(&db.display())))?;
    let stamp = now.format(STAMP).to_string();
    let tmp = dir.join(format!(".{db_name}.restore.partial"));
    let aside = dir.join(format!("{db_name}.before-restore-{stamp}"));
    if aside.exists() {
        return Err(Error::Conflict(msg::backup::aside_exists(&aside.display())));
    }
    // A temp file left by an interrupted restore is only ever a partial copy: remove it.
    remove_with_sidecars(&tmp);
    let result = (|| -> Result<RestoreReport> {
        copy_new(source, &tmp)?;
        let (_, sha) = hash_file(&tmp)?;
        if sha != pv.copy.sha256 {
            return Err(Error::Conflict(msg::backup::copy_changed()));
        }
        let (plan, to_copy, store) = photo_plan(db, source, &pv.copy)?;
        let photo_note = if plan.files == 0 {
            String::new()
        } else if plan.complete {
            format!("; photos: {} files, {} copied back from the backup photo store", plan.files, plan.from_backup)
        } else {
            format!(
                "; photos: {} files, {} copied back from the backup photo store, {} in neither place: {}",
                plan.files,
                plan.from_backup,
                plan.unavailable.len(),
                photos::listed(&plan.unavailable)
            )
        };
        let audit_rows = prepare(&tmp, actor, &pv.copy, db, &aside, &photo_note, now)?;
        std::fs::OpenOptions::new().write(true).open(&tmp)?.sync_all()?;
        // The photos first: the restored database never names a file that could have been put back.
        let photos_copied = photos::put_back(&crate::hazards::photos::photo_dir(db), &store, &to_copy, &stamp)?;
        swap(db, &tmp, &aside, &dir)?;
        Ok(RestoreReport {
            restored_from: pv.copy.path.clone(),
            kept_aside: aside.display().to_string(),
            plant_code: code.clone(),
            copy_schema_version: pv.copy.schema_version,
            audit_rows,
            photos_copied,
            photos_unavailable: plan.unavailable.clone(),
        })
    })();
    if result.is_err() {
        remove_with_sidecars(&tmp);
    }
    result
}

/// Opens the temp copy as the database it will be (migrating an older schema), proves it, logs
/// the restore into it, and leaves it a single self-contained file (no WAL).
fn prepare(
    tmp: &Path,
    actor: &Session,
    copy: &CopyCheck,
    db: &Path,
    aside: &Path,
    photo_note: &str,
    now: DateTime<Utc>,
) -> Result<i64> {
    let mut store = Store::open(tmp)?;
    let integrity = integrity_check(store.conn())?;
    if integrity != "ok" {
        return Err(Error::Conflict(msg::backup::restore_integrity(&integrity)));
    }
    if let Some(b) = audit::verify(store.conn())?.first_broken {
        return Err(Error::Conflict(msg::backup::restore_chain(&b.seq, &b.reason)));
    }
    if let Some(d) = audit::verify_records(store.conn())?.first_difference {
        return Err(Error::Conflict(msg::backup::restore_records(&d)));
    }
    let message =
        format!("restored over {}; the previous file is kept as {}{photo_note}", db.display(), aside.display());
    let tx = store.write_tx()?;
    insert_log(
        &tx,
        &actor.user_id,
        &LogRow {
            event: BackupEvent::Restore,
            outcome: BackupOutcome::Ok,
            path: &copy.path,
            bytes: Some(copy.bytes),
            sha256: Some(&copy.sha256),
            started_at: now,
            finished_at: now,
            integrity: Some("ok"),
            audit_verify: Some("ok"),
            message: &message,
        },
    )?;
    tx.commit()?;
    let rows: i64 = store.conn().query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?;
    let mode: String = store.conn().query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(Error::Internal(format!("the restored copy stayed in journal mode {mode}")));
    }
    drop(store);
    remove_if_there(&side_file(tmp, "-wal"))?;
    remove_if_there(&side_file(tmp, "-shm"))?;
    Ok(rows)
}

/// Takes the current database exclusively, keeps it aside, renames the prepared copy over it.
fn swap(db: &Path, tmp: &Path, aside: &Path, dir: &Path) -> Result<()> {
    let lock = Connection::open(db)?;
    lock.busy_timeout(std::time::Duration::from_secs(2))?;
    // Out of WAL mode: folds the WAL into the file and needs every other connection closed.
    let mode: String = lock.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0)).map_err(in_use)?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(in_use(format!("journal mode stays {mode}")));
    }
    lock.execute_batch("BEGIN EXCLUSIVE; SELECT count(*) FROM sqlite_master;").map_err(in_use)?;
    remove_if_there(&side_file(db, "-wal"))?;
    remove_if_there(&side_file(db, "-shm"))?;
    if std::fs::hard_link(db, aside).is_err() {
        copy_new(db, aside)?;
    }
    sync_dir(dir);
    // Windows cannot rename over a file that is open; elsewhere the lock is held until after.
    #[cfg(windows)]
    drop(lock);
    std::fs::rename(tmp, db)
        .map_err(|e| Error::Io(std::io::Error::new(e.kind(), format!("cannot put the copy in place: {e}"))))?;
    sync_dir(dir);
    #[cfg(not(windows))]
    drop(lock);
    Ok(())
}
