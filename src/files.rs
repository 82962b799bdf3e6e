//! Files the app and the CLI write: the export folder and the one atomic write.
//!
//! A document is written to `<name>.partial`, flushed to disk, then renamed over the target, so
//! a crash or a full disk never leaves half a file under the real name (an old file of the same
//! name stays intact until the rename). Both shells call these; neither writes documents itself.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Overrides the export folder (tests, kiosks, network shares).
pub const EXPORT_DIR_ENV: &str = "EHS_LEDGER_EXPORT_DIR";

/// The export folder: `EHS_LEDGER_EXPORT_DIR`, else `Documents/EHS Ledger`, else the app-data
/// folder's `exports`. Created if missing.
pub fn export_dir() -> Result<PathBuf> {
    let dir = match std::env::var_os(EXPORT_DIR_ENV) {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => directories::UserDirs::new()
            .and_then(|u| u.document_dir().map(|d| d.join("EHS Ledger")))
            .or_else(|| directories::ProjectDirs::from("", "", "EHS Ledger").map(|p| p.data_dir().join("exports")))
            .ok_or_else(|| Error::Internal("no documents folder for exports".into()))?,
    };
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// Writes `bytes` to `path` atomically: `<path>.partial`, fsync, rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".partial");
    let tmp = PathBuf::from(tmp);
    let written = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::Io(std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))));
    }
    Ok(())
}

/// Saves a document under `name` in the export folder; returns its path. `name` is a file name
/// made by the core (`export::*_file_name`), never a path.
pub fn save_export(name: &str, bytes: &[u8]) -> Result<PathBuf> {
    if name.is_empty() || name.contains(['/', '\\']) || name == "." || name == ".." {
        return Err(Error::Internal(format!("'{name}' is not a file name")));
    }
    let path = export_dir()?.join(name);
    write_atomic(&path, bytes)?;
    Ok(path)
}

/// Reads a file the user picked (an import), at most `max` bytes; errors name `field`, the path
/// and the reason (missing, a folder, too large).
pub fn read_input(field: &'static str, path: &Path, max: u64) -> Result<Vec<u8>> {
    let shown = path.display();
    let meta =
        std::fs::metadata(path).map_err(|e| Error::invalid(field, crate::msg::common::file_error(&shown, &e)))?;
    if !meta.is_file() {
        return Err(Error::invalid(field, crate::msg::common::not_a_file(&shown)));
    }
    if meta.len() > max {
        return Err(Error::invalid(field, crate::msg::files::larger_than_kb(&shown, &(max / 1024))));
    }
    std::fs::read(path).map_err(|e| Error::invalid(field, crate::msg::common::file_error(&shown, &e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_the_file_and_leaves_no_partial() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("台账.xlsx");
        std::fs::write(&p, b"old").unwrap();
        write_atomic(&p, b"new bytes").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"new bytes");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1, "no .partial left behind: {names:?}");
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        // The target is a directory: the rename fails after the partial file was written.
        let p = dir.path().join("taken");
        std::fs::create_dir(&p).unwrap();
        std::fs::write(p.join("inside"), b"x").unwrap();
        assert!(write_atomic(&p, b"doc").is_err());
        assert!(p.is_dir(), "the existing entry is untouched");
        assert!(!dir.path().join("taken.partial").exists(), "the partial file is removed");
    }

    #[test]
    fn save_export_refuses_paths() {
        assert!(save_export("../x.pdf", b"").is_err());
        assert!(save_export("a/b.pdf", b"").is_err());
    }
}
