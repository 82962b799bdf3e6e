//! Hazard photos (issue 13 item 2): a `before` photo shows the hazard as found, an `after` photo
//! the rectification, optionally naming the `before` photo it answers (`pairs_with`).
//!
//! **Where the files live.** Every file is stored once by its SHA-256 in the photo folder beside
//! the database file: `<db stem>.files/photos/ab/<sha256>.<jpg|png|webp>` (for
//! `ehs-ledger.sqlite3`: `ehs-ledger.files/photos/…`). Beside, not in the OS app-data root, so
//! a database moved, opened with `--db` or backed up with its folder keeps its photos, and two
//! databases on one machine never share a folder. Each photo keeps the original as captured and
//! a downscaled JPEG copy (longest side [`THUMB_SIDE`] px) for lists, the UI and documents. The
//! audited `hazard_photo` row holds both hashes: [`read`] re-hashes the file and refuses one that
//! was swapped behind the app's back, and [`check`] proves every row's files.
//!
//! **At capture** ([`add_photo`]): JPEG, PNG or WebP only — sniffed from the bytes, never the
//! name —, at most [`MAX_BYTES`], at most [`MAX_SIDE`] px on a side, and decodable. A refused
//! photo writes nothing. Files are written with [`crate::files::write_atomic`] before the row's
//! transaction; an identical file already there is reused (one whose content no longer
//! matches its name is never overwritten), and a file left by a failed
//! transaction is harmless (content-addressed, named by no row).

use super::hazard::{self, HazardStatus};
use crate::audit::{self, Action};
use crate::db::Store;
use crate::error::{Error, Result};
use crate::plant::{Role, Session};
use crate::{new_id, time};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The largest photo accepted at capture.
pub const MAX_BYTES: usize = 15 * 1024 * 1024;
/// The longest side accepted at capture, in pixels.
pub const MAX_SIDE: u32 = 12_000;
/// The longest side of the downscaled copy, in pixels.
pub const THUMB_SIDE: u32 = 1_280;
/// JPEG quality of the downscaled copy.
const THUMB_QUALITY: u8 = 82;

crate::text_enum! {
    /// When a photo was taken: the hazard as found, or the rectification.
    pub enum PhotoStage {
        Before = "before",
        After = "after",
    }
}

crate::text_enum! {
    /// The image types a photo may be (sniffed from the bytes).
    pub enum PhotoMime {
        Jpeg = "image/jpeg",
        Png = "image/png",
        Webp = "image/webp",
    }
}

impl PhotoMime {
    /// The file extension the original is stored under.
    pub fn ext(self) -> &'static str {
        match self {
            PhotoMime::Jpeg => "jpg",
            PhotoMime::Png => "png",
            PhotoMime::Webp => "webp",
        }
    }

    /// The type by the file's first bytes (magic numbers), or `None`.
    pub fn sniff(bytes: &[u8]) -> Option<PhotoMime> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(PhotoMime::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(PhotoMime::Png)
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(PhotoMime::Webp)
        } else {
            None
        }
    }

    fn format(self) -> image::ImageFormat {
        match self {
            PhotoMime::Jpeg => image::ImageFormat::Jpeg,
            PhotoMime::Png => image::ImageFormat::Png,
            PhotoMime::Webp => image::ImageFormat::WebP,
        }
    }
}

/// A photo as lists and the UI show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct HazardPhoto {
    pub id: String,
    pub hazard_id: String,
    pub stage: PhotoStage,
    /// SHA-256 of the original.
    pub sha256: String,
    /// SHA-256 of the downscaled JPEG copy.
    pub thumb_sha256: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size_bytes: i64,
    pub width: u32,
    pub height: u32,
    pub mime: PhotoMime,
    pub caption: String,
    /// An after photo: the before photo it answers.
    pub pairs_with: Option<String>,
    /// A before photo: the after photos that answer it.
    pub answered_by: Vec<String>,
    pub created_at_local: String,
    pub created_by_name: String,
}

/// The photo folder of the database at `db_path`: `<dir>/<stem>.files/photos`.
pub fn photo_dir(db_path: &Path) -> PathBuf {
    let stem = db_path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "ehs-ledger".into());
    let dir = db_path.parent().unwrap_or_else(|| Path::new("."));
    dir.join(format!("{stem}.files")).join("photos")
}

/// Where the file of hash `sha` with extension `ext` lives under `dir`.
pub(crate) fn file_path(dir: &Path, sha: &str, ext: &str) -> PathBuf {
    dir.join(sha.get(..2).unwrap_or("00")).join(format!("{sha}.{ext}"))
}

fn sha_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Stores `bytes` under its hash unless an identical file is already there; returns the hash.
/// A file under that name whose content no longer matches is never overwritten (it is the
/// evidence of a swap): the add is refused, naming it.
fn store_file(dir: &Path, bytes: &[u8], ext: &str) -> Result<String> {
    let sha = sha_hex(bytes);
    let path = file_path(dir, &sha, ext);
    match std::fs::read(&path) {
        Ok(old) if sha_hex(&old) == sha => return Ok(sha),
        Ok(_) => return Err(Error::Conflict(crate::msg::hazards::was_changed_outside_app(&path.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e.into()),
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    crate::files::write_atomic(&path, bytes)?;
    Ok(sha)
}

/// A photo checked at capture: its type, oriented size and the downscaled JPEG copy.
struct Checked {
    mime: PhotoMime,
    width: u32,
    height: u32,
    thumb: Vec<u8>,
}

/// The size check at capture (the same words for bytes handed over and a file read by path).
fn check_size(len: u64) -> Result<()> {
    if len == 0 {
        return Err(Error::invalid("file", crate::msg::hazards::photo_empty()));
    }
    if len > MAX_BYTES as u64 {
        return Err(Error::invalid(
            "file",
            crate::msg::hazards::photo_mb_most_mb(
                &(format!("{:.1}", len as f64 / 1_048_576.0)),
                &(MAX_BYTES / 1_048_576),
            ),
        ));
    }
    Ok(())
}

/// The capture checks: type by its bytes, size, dimensions, decodable. Nothing is written.
fn check_image(bytes: &[u8]) -> Result<Checked> {
    check_size(bytes.len() as u64)?;
    let mime =
        PhotoMime::sniff(bytes).ok_or_else(|| Error::invalid("file", crate::msg::hazards::not_jpeg_png_webp()))?;
    let undecodable = |e: image::ImageError| Error::invalid("file", crate::msg::hazards::cannot_read(&mime.ext(), &e));
    let reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), mime.format());
    let (w, h) = reader.into_dimensions().map_err(undecodable)?;
    if w == 0 || h == 0 {
        return Err(Error::invalid("file", crate::msg::hazards::image_has_no_pixels()));
    }
    if w.max(h) > MAX_SIDE {
        return Err(Error::invalid("file", crate::msg::hazards::image_px_most_px(&w, &h, &MAX_SIDE)));
    }
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), mime.format());
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(undecodable)?;
    let orientation =
        image::ImageDecoder::orientation(&mut decoder).unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = image::DynamicImage::from_decoder(decoder).map_err(undecodable)?;
    img.apply_orientation(orientation);
    let (width, height) = (img.width(), img.height());
    let thumb = downscale(&img)?;
    Ok(Checked { mime, width, height, thumb })
}

/// The downscaled JPEG copy: longest side ≤ [`THUMB_SIDE`], transparency on white.
fn downscale(img: &image::DynamicImage) -> Result<Vec<u8>> {
    let small =
        if img.width().max(img.height()) > THUMB_SIDE { img.thumbnail(THUMB_SIDE, THUMB_SIDE) } else { img.clone() };
    let rgb = if small.color().has_alpha() {
        let rgba = small.to_rgba8();
        let mut out = image::RgbImage::new(rgba.width(), rgba.height());
        for (o, p) in out.pixels_mut().zip(rgba.pixels()) {
            let a = u16::from(p[3]);
            let mix = |c: u8| ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8;
            *o = image::Rgb([mix(p[0]), mix(p[1]), mix(p[2])]);
        }
        out
    } else {
        small.to_rgb8()
    };
    let mut buf = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut buf, THUMB_QUALITY)
        .encode_image(&rgb)
        .map_err(|e| Error::Internal(format!("downscaled copy: {e}")))?;
    Ok(buf)
}

/// What the capture checks found in a photo not yet attached (a photo waiting for its hazard to
/// be saved): refused with the same reasons [`add_photo`] gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PhotoCheck {
    pub mime: PhotoMime,
    pub width: u32,
    pub height: u32,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size_bytes: i64,
}

/// Runs the capture checks on `bytes` without storing anything.
pub fn check_photo(bytes: &[u8]) -> Result<PhotoCheck> {
    let c = check_image(bytes)?;
    Ok(PhotoCheck { mime: c.mime, width: c.width, height: c.height, size_bytes: bytes.len() as i64 })
}

/// Reads a photo file by its path (a file dropped on the window), refusing a missing file, a
/// folder or one over [`MAX_BYTES`] (with the capture's words) before reading it.
pub fn read_photo_file(path: &Path) -> Result<Vec<u8>> {
    let shown = path.display();
    let meta =
        std::fs::metadata(path).map_err(|e| Error::invalid("file", crate::msg::common::file_error(&shown, &e)))?;
    if !meta.is_file() {
        return Err(Error::invalid("file", crate::msg::common::not_a_file(&shown)));
    }
    check_size(meta.len())?;
    let bytes = std::fs::read(path).map_err(|e| Error::invalid("file", crate::msg::common::file_error(&shown, &e)))?;
    check_size(bytes.len() as u64)?;
    Ok(bytes)
}

fn caption_text(caption: &str) -> Result<String> {
    let t = caption.trim();
    if t.chars().count() > 200 {
        return Err(Error::invalid("caption", crate::msg::hazards::caption_most_200_characters()));
    }
    crate::text::no_hidden_chars("caption", "caption", t)?;
    Ok(t.to_string())
}

const WRITERS: &[Role] = &[Role::Admin, Role::EhsOfficer, Role::Inspector, Role::PlantManager];

/// Adds a photo to a hazard (by id or number); returns it. Checks at capture (see the module
/// docs); a `before` photo any time before close-out, an `after` photo once the hazard is being
/// rectified (assigned, rectified, verified or closed). `pairs_with` names a live before photo
/// of the same hazard and only an after photo may carry it.
#[allow(clippy::too_many_arguments)] // one photo's fields
pub fn add_photo(
    store: &mut Store,
    actor: &Session,
    hazard: &str,
    stage: PhotoStage,
    bytes: &[u8],
    caption: &str,
    pairs_with: Option<&str>,
    now: DateTime<Utc>,
) -> Result<HazardPhoto> {
    actor.require(WRITERS)?;
    let caption = caption_text(caption)?;
    let hazard_id = live_hazard(store.conn(), hazard)?;
    check_stage(store.conn(), &hazard_id, stage, pairs_with)?;
    let stored = prepare(store, bytes)?;
    let tx = store.write_tx()?;
    // Checked again inside the write: the hazard may have moved on since.
    check_stage(&tx, &hazard_id, stage, pairs_with)?;
    let id = insert_prepared(&tx, actor, &hazard_id, stage, &stored, &caption, pairs_with, now)?;
    let p = photo(&tx, &id)?;
    tx.commit()?;
    Ok(p)
}

/// A photo checked at capture whose files are stored, waiting for its row.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    mime: PhotoMime,
    width: u32,
    height: u32,
    size_bytes: i64,
    sha: String,
    thumb_sha: String,
}

/// The capture checks, then both files stored by hash (before any transaction: a file named
/// by no row is harmless). Nothing else is written.
pub(crate) fn prepare(store: &Store, bytes: &[u8]) -> Result<Prepared> {
    let checked = check_image(bytes)?;
    let dir = photo_dir(store.path());
    let sha = store_file(&dir, bytes, checked.mime.ext())?;
    let thumb_sha = store_file(&dir, &checked.thumb, "jpg")?;
    Ok(Prepared {
        mime: checked.mime,
        width: checked.width,
        height: checked.height,
        size_bytes: bytes.len() as i64,
        sha,
        thumb_sha,
    })
}

/// Checks a caption as [`add_photo`] does (for callers that add photos with other records).
pub(crate) fn check_caption(caption: &str) -> Result<String> {
    caption_text(caption)
}

/// The photo row of a prepared photo, inside the caller's transaction (audited); its id. The
/// caller has checked the stage against the hazard.
#[allow(clippy::too_many_arguments)] // one photo row
pub(crate) fn insert_prepared(
    tx: &Connection,
    actor: &Session,
    hazard_id: &str,
    stage: PhotoStage,
    p: &Prepared,
    caption: &str,
    pairs_with: Option<&str>,
    now: DateTime<Utc>,
) -> Result<String> {
    let id = new_id();
    tx.execute(
        "INSERT INTO hazard_photo (id, hazard_id, stage, sha256, thumb_sha256, size_bytes, width, height, mime, caption,
             pairs_with, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            id,
            hazard_id,
            stage,
            p.sha,
            p.thumb_sha,
            p.size_bytes,
            p.width,
            p.height,
            p.mime,
            caption,
            pairs_with.map(str::trim),
            time::to_db(now),
            actor.user_id
        ],
    )?;
    audit::record(tx, now, &actor.user_id, Action::Insert, "hazard_photo", &id, None, None)?;
    Ok(id)
}

fn live_hazard(conn: &Connection, key: &str) -> Result<String> {
    conn.query_row("SELECT id FROM hazard WHERE (id = ?1 OR number = ?1) AND voided_at IS NULL", [key.trim()], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or_else(|| Error::invalid("hazard", crate::msg::hazards::no_hazard(&crate::text::shown(key))))
}

fn check_stage(conn: &Connection, hazard_id: &str, stage: PhotoStage, pairs_with: Option<&str>) -> Result<()> {
    let status = hazard::derive(conn, hazard_id)?.status;
    match stage {
        PhotoStage::Before if status == HazardStatus::Closed => {
            return Err(Error::invalid("stage", crate::msg::hazards::hazard_closed_before_photo()));
        }
        PhotoStage::After if status == HazardStatus::Registered => {
            return Err(Error::invalid("stage", crate::msg::hazards::after_photo_shows_rectification()));
        }
        _ => {}
    }
    if let Some(p) = pairs_with.map(str::trim).filter(|p| !p.is_empty()) {
        if stage != PhotoStage::After {
            return Err(Error::invalid("pairs_with", crate::msg::hazards::only_after_photo_answers()));
        }
        let ok: bool = conn.query_row(
            "SELECT count(*) > 0 FROM hazard_photo WHERE id = ?1 AND hazard_id = ?2 AND stage = 'before' AND voided_at IS NULL",
            params![p, hazard_id],
            |r| r.get(0),
        )?;
        if !ok {
            return Err(Error::invalid(
                "pairs_with",
                crate::msg::hazards::not_before_photo_hazard(&crate::text::shown(p)),
            ));
        }
    }
    Ok(())
}

const SELECT: &str = "SELECT p.id, p.hazard_id, p.stage, p.sha256, p.thumb_sha256, p.size_bytes, p.width, p.height,
        p.mime, p.caption, p.pairs_with, p.created_at, coalesce(u.display_name, p.created_by),
        (SELECT group_concat(a.id) FROM hazard_photo a WHERE a.pairs_with = p.id AND a.voided_at IS NULL)
     FROM hazard_photo p LEFT JOIN app_user u ON u.id = p.created_by";

fn row_of(r: &rusqlite::Row, tz: chrono_tz::Tz) -> rusqlite::Result<HazardPhoto> {
    let at: String = r.get(11)?;
    let answered: Option<String> = r.get(13)?;
    let mut answered_by: Vec<String> = answered.map(|s| s.split(',').map(str::to_string).collect()).unwrap_or_default();
    answered_by.sort();
    Ok(HazardPhoto {
        id: r.get(0)?,
        hazard_id: r.get(1)?,
        stage: r.get(2)?,
        sha256: r.get(3)?,
        thumb_sha256: r.get(4)?,
        size_bytes: r.get(5)?,
        width: r.get(6)?,
        height: r.get(7)?,
        mime: r.get(8)?,
        caption: r.get(9)?,
        pairs_with: r.get(10)?,
        answered_by,
        created_at_local: time::from_db(&at).map(|t| time::utc_to_local_string(t, tz)).unwrap_or(at),
        created_by_name: r.get(12)?,
    })
}

/// One live photo.
pub fn photo(conn: &Connection, id: &str) -> Result<HazardPhoto> {
    let tz = crate::plant::require(conn)?.tz()?;
    conn.query_row(&format!("{SELECT} WHERE p.id = ?1 AND p.voided_at IS NULL"), [id.trim()], |r| row_of(r, tz))
        .optional()?
        .ok_or_else(|| Error::NotFound { what: "hazard photo", id: id.to_string() })
}

/// A hazard's live photos: before photos first, then after photos, each in the order taken;
/// each before photo lists the after photos that answer it.
pub fn photos(conn: &Connection, hazard: &str) -> Result<Vec<HazardPhoto>> {
    let tz = crate::plant::require(conn)?.tz()?;
    let id = live_hazard(conn, hazard)?;
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE p.hazard_id = ?1 AND p.voided_at IS NULL
         ORDER BY p.stage = 'after', p.created_at, p.id"
    ))?;
    let rows = stmt.query_map([&id], |r| row_of(r, tz))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Voids a photo with the reason (it stays in the audit view; its files stay).
pub fn void_photo(store: &mut Store, actor: &Session, id: &str, reason: &str, now: DateTime<Utc>) -> Result<()> {
    actor.require(WRITERS)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::invalid("reason", crate::msg::hazards::void_needs_reason()));
    }
    let tx = store.write_tx()?;
    photo(&tx, id)?;
    audit::void_row(&tx, now, &actor.user_id, "hazard_photo", id.trim(), reason)?;
    tx.commit()?;
    Ok(())
}

/// Reads a file named by `sha` and checks it still hashes to `sha`.
fn read_checked(dir: &Path, sha: &str, ext: &str, photo_id: &str) -> Result<Vec<u8>> {
    let path = file_path(dir, sha, ext);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::NotFound { what: "photo file", id: format!("{} (photo {photo_id})", path.display()) })
        }
        Err(e) => return Err(e.into()),
    };
    let got = sha_hex(&bytes);
    if got != sha {
        return Err(Error::Conflict(crate::msg::hazards::file_photo_was_changed(
            &photo_id,
            &path.display(),
            &got,
            &sha,
        )));
    }
    Ok(bytes)
}

/// The bytes of a photo: the downscaled JPEG copy or the original. The file is re-hashed; one
/// whose hash no longer matches its record (swapped behind the app's back) is refused.
pub fn read(store: &Store, photo_id: &str, downscaled: bool) -> Result<Vec<u8>> {
    let (sha, thumb, mime): (String, String, PhotoMime) = store
        .conn()
        .query_row("SELECT sha256, thumb_sha256, mime FROM hazard_photo WHERE id = ?1", [photo_id.trim()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?
        .ok_or_else(|| Error::NotFound { what: "hazard photo", id: photo_id.to_string() })?;
    let dir = photo_dir(store.path());
    if downscaled {
        read_checked(&dir, &thumb, "jpg", photo_id)
    } else {
        read_checked(&dir, &sha, mime.ext(), photo_id)
    }
}

/// Proves every photo row (voided ones too): both of its files exist and hash to the row's
/// hashes. Names the first problem.
pub fn check(store: &Store) -> Result<()> {
    let dir = photo_dir(store.path());
    let mut stmt = store.conn().prepare("SELECT id, sha256, thumb_sha256, mime FROM hazard_photo ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, PhotoMime>(3)?))
    })?;
    for row in rows {
        let (id, sha, thumb, mime) = row?;
        read_checked(&dir, &sha, mime.ext(), &id)?;
        read_checked(&dir, &thumb, "jpg", &id)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing_reads_the_bytes() {
        assert_eq!(PhotoMime::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(PhotoMime::Jpeg));
        assert_eq!(PhotoMime::sniff(b"\x89PNG\r\n\x1a\n...."), Some(PhotoMime::Png));
        assert_eq!(PhotoMime::sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some(PhotoMime::Webp));
        assert_eq!(PhotoMime::sniff(b"GIF89a"), None);
        assert_eq!(PhotoMime::sniff(b"%PDF-1.7"), None);
    }

    #[test]
    fn the_photo_folder_sits_beside_the_database() {
        let d = photo_dir(Path::new("/data/plant/ehs-ledger.sqlite3"));
        assert_eq!(d, Path::new("/data/plant/ehs-ledger.files/photos"));
        let f = file_path(&d, "abcdef", "jpg");
        assert_eq!(f, Path::new("/data/plant/ehs-ledger.files/photos/ab/abcdef.jpg"));
    }
}
