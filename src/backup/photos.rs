//! The hazard photos of a backup. A copy of the database names its photos by SHA-256
//! (`hazard_photo.sha256` with the original's type, `thumb_sha256` for the downscaled JPEG,
//! voided rows too: they stay evidence), but the files live beside the database
//! (`<db stem>.files/photos/ab/<sha>.<ext>`, [`crate::hazards::photos::photo_dir`]).
//!
//! - **The photo store** of a plant in a backup folder is `ehs-ledger_<plant>.files/photos/`,
//!   laid out like the live folder and shared by every copy of that plant: content-addressed, so
//!   each backup only adds the photos not there yet (a file already there is re-hashed, and one
//!   whose content no longer matches its name is replaced from the live folder). Files are
//!   written owner-only (0600, folders 0700) to `.<name>.partial`, fsynced and renamed.
//! - **Rotation never deletes a photo** (any copy may name it) and nothing prunes the store.
//! - **A photo missing or changed in the live folder** (and not already in the store) cannot be
//!   backed up: the copy is still kept, and the backup's result and log row name it.
//! - **Verify** proves every file the copy names is in the store and hashes to its name.
//! - **Restore** puts the files the restored database names back into its photo folder (those
//!   missing there or not matching their name; a changed file is kept aside) before the
//!   database is swapped in.

use super::{create_owner_only_new, hash_file, sync_dir, FILE_PREFIX};
use crate::error::{Error, Result};
use crate::hazards::photos::{file_path, PhotoMime};
use rusqlite::Connection;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

/// How many file names a log message lists before "…".
const NAMES_IN_MESSAGE: usize = 10;

/// A file a database names: its hash and extension.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct PhotoFile {
    pub sha: String,
    pub ext: &'static str,
}

impl PhotoFile {
    /// `<sha>.<ext>`, as results and messages name it.
    pub fn name(&self) -> String {
        format!("{}.{}", self.sha, self.ext)
    }

    fn path(&self, dir: &Path) -> PathBuf {
        file_path(dir, &self.sha, self.ext)
    }
}

/// The photo store of `plant_code` in the backup folder `folder`:
/// `<folder>/ehs-ledger_<plant>.files/photos`.
pub fn store_dir(folder: &Path, plant_code: &str) -> PathBuf {
    folder.join(format!("{FILE_PREFIX}{plant_code}.files")).join("photos")
}

/// Every file the database on `conn` names (originals and downscaled copies, voided photos
/// too), each once, in order. A database without photos (an older schema) names none.
pub(crate) fn referenced(conn: &Connection) -> Result<Vec<PhotoFile>> {
    let has: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'hazard_photo'",
        [],
        |r| r.get(0),
    )?;
    if !has {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare("SELECT sha256, thumb_sha256, mime FROM hazard_photo")?;
    let rows =
        stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, PhotoMime>(2)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (sha, thumb, mime) = row?;
        out.push(PhotoFile { sha, ext: mime.ext() });
        out.push(PhotoFile { sha: thumb, ext: "jpg" });
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// What is at a file's place in a photo folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FileState {
    /// There, and it hashes to its name.
    Good,
    Missing,
    /// There, but its content does not match its name (or it cannot be read): the reason.
    Bad(String),
}

pub(crate) fn state(dir: &Path, f: &PhotoFile) -> FileState {
    let path = f.path(dir);
    match hash_file(&path) {
        Ok((_, sha)) if sha == f.sha => FileState::Good,
        Ok((_, sha)) => FileState::Bad(format!("SHA-256 {sha}")),
        Err(Error::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => FileState::Missing,
        Err(e) => FileState::Bad(e.to_string()),
    }
}

/// The photos a copy names, checked in the plant's photo store beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CopyPhotos {
    /// The photo store checked (`<folder>/ehs-ledger_<plant>.files/photos`).
    pub store: String,
    /// Files the copy names (originals and downscaled copies).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub files: i64,
    /// Of those, in the store and hashing to their names.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub present: i64,
    /// Not in the store (`<sha>.<ext>`).
    pub missing: Vec<String>,
    /// In the store but their content does not match their names.
    pub bad: Vec<String>,
}

impl CopyPhotos {
    /// Every file the copy names is in the store and proves.
    pub fn complete(&self) -> bool {
        self.missing.is_empty() && self.bad.is_empty()
    }

    /// What is wrong, as a sentence (`None` when complete).
    pub fn problem(&self) -> Option<String> {
        if self.complete() {
            return None;
        }
        let mut parts = Vec::new();
        if !self.missing.is_empty() {
            parts.push(format!(
                "{} of {} photo files missing from the backup photo store {}: {}",
                self.missing.len(),
                self.files,
                self.store,
                listed(&self.missing)
            ));
        }
        if !self.bad.is_empty() {
            parts.push(format!(
                "{} photo files in the backup photo store do not match their SHA-256: {}",
                self.bad.len(),
                listed(&self.bad)
            ));
        }
        Some(parts.join("; "))
    }
}

/// The first names of a list, then how many more.
pub(crate) fn listed(names: &[String]) -> String {
    let mut s = names.iter().take(NAMES_IN_MESSAGE).cloned().collect::<Vec<_>>().join(", ");
    if names.len() > NAMES_IN_MESSAGE {
        s.push_str(&format!(" and {} more", names.len() - NAMES_IN_MESSAGE));
    }
    s
}

/// Checks every file of `files` in the store `store`.
pub(crate) fn check(store: &Path, files: &[PhotoFile]) -> CopyPhotos {
    let mut c = CopyPhotos {
        store: store.display().to_string(),
        files: files.len() as i64,
        present: 0,
        missing: Vec::new(),
        bad: Vec::new(),
    };
    for f in files {
        match state(store, f) {
            FileState::Good => c.present += 1,
            FileState::Missing => c.missing.push(f.name()),
            FileState::Bad(_) => c.bad.push(f.name()),
        }
    }
    c
}

/// What a backup did with the photos.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PhotoBackup {
    /// Files copied into the store by this backup.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub copied: i64,
    /// Files already in the store (from an earlier backup), not copied again.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub already: i64,
    /// Files the database names that are not in the live photo folder (nor in the store).
    pub missing_live: Vec<String>,
    /// Files in the live photo folder whose content no longer matches their names (not copied).
    pub bad_live: Vec<String>,
    /// Files that could not be written into the store, with the reason.
    pub not_written: Vec<String>,
}

impl PhotoBackup {
    /// The warning the backup's result and log row carry (`None` when every photo is in the store).
    pub fn warning(&self) -> Option<String> {
        let mut parts = Vec::new();
        if !self.missing_live.is_empty() {
            parts.push(format!(
                "{} photo files missing from the live store (not backed up): {}",
                self.missing_live.len(),
                listed(&self.missing_live)
            ));
        }
        if !self.bad_live.is_empty() {
            parts.push(format!(
                "{} photo files in the live store changed outside the app (not backed up): {}",
                self.bad_live.len(),
                listed(&self.bad_live)
            ));
        }
        if !self.not_written.is_empty() {
            parts.push(format!(
                "{} photo files could not be written to the backup photo store: {}",
                self.not_written.len(),
                listed(&self.not_written)
            ));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

/// Creates `dir` and its parents owner-only (0700 on unix).
fn create_dirs(dir: &Path) -> std::io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

/// Writes `bytes` to `target` (replacing a file there): an owner-only `.<name>.partial` beside
/// it, fsync, rename, fsync the folder.
pub(crate) fn write_file(target: &Path, bytes: &[u8]) -> Result<()> {
    let dir = target.parent().unwrap_or_else(|| Path::new("."));
    create_dirs(dir)?;
    let name = target.file_name().and_then(|n| n.to_str()).unwrap_or("photo");
    let tmp = dir.join(format!(".{name}.partial"));
    let _ = std::fs::remove_file(&tmp);
    let written = (|| -> std::io::Result<()> {
        let mut f = create_owner_only_new(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, target)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::Io(std::io::Error::new(e.kind(), format!("{}: {e}", target.display()))));
    }
    sync_dir(dir);
    Ok(())
}

/// Reads a file from a photo folder when it hashes to its name.
fn read_good(dir: &Path, f: &PhotoFile) -> std::result::Result<Vec<u8>, FileState> {
    match std::fs::read(f.path(dir)) {
        Ok(bytes) => {
            let sha = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes));
            if sha == f.sha {
                Ok(bytes)
            } else {
                Err(FileState::Bad(format!("SHA-256 {sha}")))
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(FileState::Missing),
        Err(e) => Err(FileState::Bad(e.to_string())),
    }
}

/// Copies the files of `files` the store lacks (or holds changed) from the live folder `live`
/// into the store `store`. Never fails on one file: what could not be copied is in the answer,
/// with the store's state after the run.
pub(crate) fn back_up(live: &Path, store: &Path, files: &[PhotoFile]) -> (PhotoBackup, CopyPhotos) {
    let mut b = PhotoBackup::default();
    let mut c = CopyPhotos {
        store: store.display().to_string(),
        files: files.len() as i64,
        present: 0,
        missing: Vec::new(),
        bad: Vec::new(),
    };
    for f in files {
        let before = state(store, f);
        if before == FileState::Good {
            b.already += 1;
            c.present += 1;
            continue;
        }
        let copied = match read_good(live, f) {
            Ok(bytes) => match write_file(&f.path(store), &bytes) {
                Ok(()) => true,
                Err(e) => {
                    b.not_written.push(format!("{}: {e}", f.name()));
                    false
                }
            },
            Err(FileState::Missing) => {
                b.missing_live.push(f.name());
                false
            }
            Err(_) => {
                b.bad_live.push(f.name());
                false
            }
        };
        if copied {
            b.copied += 1;
            c.present += 1;
        } else if before == FileState::Missing {
            c.missing.push(f.name());
        } else {
            c.bad.push(f.name());
        }
    }
    (b, c)
}

/// The photos a restore brings back, from the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RestorePhotos {
    /// The database's photo folder the files go to.
    pub photo_dir: String,
    /// Files the copy names.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub files: i64,
    /// Already in the database's photo folder with the right content.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub in_place: i64,
    /// To be copied from the backup photo store.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub from_backup: i64,
    /// Neither in the photo folder nor (proved) in the backup photo store: the restored
    /// database names them but they cannot be brought back.
    pub unavailable: Vec<String>,
    /// Every file will be in place after the restore.
    pub complete: bool,
}

/// Which files of `files` are already in `live`, which come from `store`, which from nowhere.
pub(crate) fn plan(live: &Path, store: &Path, files: &[PhotoFile]) -> (RestorePhotos, Vec<PhotoFile>) {
    let mut r = RestorePhotos {
        photo_dir: live.display().to_string(),
        files: files.len() as i64,
        in_place: 0,
        from_backup: 0,
        unavailable: Vec::new(),
        complete: true,
    };
    let mut copy = Vec::new();
    for f in files {
        if state(live, f) == FileState::Good {
            r.in_place += 1;
        } else if state(store, f) == FileState::Good {
            r.from_backup += 1;
            copy.push(f.clone());
        } else {
            r.unavailable.push(f.name());
        }
    }
    r.complete = r.unavailable.is_empty();
    (r, copy)
}

/// Copies `files` from the store into the live folder, each re-hashed; a file at its place
/// whose content does not match (changed outside the app) is kept aside as
/// `<name>.before-restore-<stamp>`, never overwritten. Returns how many were copied.
pub(crate) fn put_back(live: &Path, store: &Path, files: &[PhotoFile], stamp: &str) -> Result<i64> {
    let mut n = 0;
    for f in files {
        let bytes = read_good(store, f).map_err(|s| {
            Error::Conflict(crate::msg::backup::photo_changed(&f.name(), &store.display(), &format!("{s:?}")))
        })?;
        let target = f.path(live);
        match state(live, f) {
            FileState::Good => continue,
            FileState::Missing => {}
            FileState::Bad(_) => {
                let mut aside = target.as_os_str().to_owned();
                aside.push(format!(".before-restore-{stamp}"));
                std::fs::rename(&target, PathBuf::from(aside))?;
            }
        }
        write_file(&target, &bytes)?;
        n += 1;
    }
    Ok(n)
}
