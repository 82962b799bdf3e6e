//! Backups of the plant database (issue 14 item 2): a consistent copy while another connection
//! writes, the check of a copy (integrity and the audit proof run on the copy), rotation,
//! restore (the old file kept aside, the restored one opens and proves), refusals that change
//! nothing, the schedule's tick and the stale-backup alert; the hazard photos: copied once into
//! the plant's photo store in the folder, proved by verify, put back by restore, never rotated out,
//! and a photo missing from the live store reported.

mod common;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use common::{now, plant, Plant};
use ehs_ledger::alerts::{self, AlertKind};
use ehs_ledger::backup::{self, BackupEvent, BackupOutcome};
use ehs_ledger::hazards::photos;
use ehs_ledger::plant::settings;
use ehs_ledger::{audit, Error, Store};
use std::path::{Path, PathBuf};

fn set(p: &mut Plant, key: &str, value: &str) {
    let admin = p.admin.clone();
    settings::set(&mut p.store, &admin, key, value, now()).unwrap();
}

/// A plant whose backup folder is `<tmp>/usb`.
fn with_folder() -> (Plant, PathBuf) {
    let mut p = plant();
    let folder = p.dir.path().join("usb");
    std::fs::create_dir(&folder).unwrap();
    set(&mut p, "backup_folder", folder.to_str().unwrap());
    (p, folder)
}

fn names(folder: &Path) -> Vec<String> {
    let mut v: Vec<String> =
        std::fs::read_dir(folder).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

fn log_rows(p: &Plant, event: BackupEvent) -> Vec<backup::BackupLogEntry> {
    backup::log_entries(p.store.conn(), 1000).unwrap().into_iter().filter(|e| e.event == event).collect()
}

fn proves(path: &Path) {
    let c = backup::check_copy(path).unwrap();
    assert!(c.ok, "{path:?}: {:?}", c.failure());
}

/// Flips bytes at the start of every page but the first (the b-tree page headers).
fn corrupt_pages(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    let page = u16::from_be_bytes([bytes[16], bytes[17]]) as usize;
    let page = if page == 1 { 65536 } else { page };
    let mut at = page;
    while at + 8 < bytes.len() {
        for b in &mut bytes[at..at + 8] {
            *b ^= 0xA5;
        }
        at += page;
    }
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_copy_taken_while_another_connection_writes_is_consistent_and_proves() {
    let (mut p, folder) = with_folder();
    let path = p.path();
    let admin = p.admin.clone();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let stop = stop.clone();
        let admin = admin.clone();
        std::thread::spawn(move || {
            let mut store = Store::connect(&path).unwrap();
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) || n < 20 {
                settings::set(&mut store, &admin, "contact", &format!("写入 {n}"), now()).unwrap();
                n += 1;
                // Short pauses, so the backup's own log write is not starved of the write lock.
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            n
        })
    };
    let mut reports = Vec::new();
    for i in 0..4 {
        let r = backup::backup_now(&mut p.store, &admin, now() + Duration::seconds(i));
        reports.push(r.unwrap_or_else(|e| panic!("backup {i}: {e}")));
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let writes = writer.join().unwrap();
    assert!(writes >= 20);
    for r in &reports {
        assert!(r.copy.ok, "{:?}", r.copy.failure());
        let path = folder.join(&r.file_name);
        // Checked again now, from the file: the chain and every record agree inside the copy.
        proves(&path);
        let c = backup::check_copy(&path).unwrap();
        assert_eq!(c.plant_code.as_deref(), Some("SZ01"));
        assert_eq!(c.schema_version, c.build_schema_version);
        assert!(c.audit_rows > 0 && c.newest_record_at.is_some());
    }
    // The newest copy holds no more writes than the live file.
    let live: i64 = p.store.conn().query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0)).unwrap();
    let last = backup::check_copy(&folder.join(&reports[3].file_name)).unwrap();
    assert!(last.audit_rows <= live);
    // Each run is a good row of the log, audited.
    let rows = log_rows(&p, BackupEvent::Backup);
    assert_eq!(rows.len(), 4);
    assert!(rows.iter().all(|r| r.outcome == BackupOutcome::Ok && r.sha256.as_deref().is_some_and(|s| s.len() == 64)));
    assert!(audit::history(p.store.conn(), "backup_log", &rows[0].id).unwrap().len() == 1);
    assert!(audit::verify_records(p.store.conn()).unwrap().first_difference.is_none());
}

#[cfg(unix)]
#[test]
fn copies_are_owner_only_and_no_temp_file_is_left() {
    use std::os::unix::fs::PermissionsExt;
    let (mut p, folder) = with_folder();
    let admin = p.admin.clone();
    let r = backup::backup_now(&mut p.store, &admin, now()).unwrap();
    let mode = std::fs::metadata(folder.join(&r.file_name)).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert_eq!(names(&folder), vec!["ehs-ledger_SZ01_20250303T020000Z.sqlite".to_string()]);
}

#[test]
fn verify_detects_a_corrupted_copy_and_a_tampered_trail() {
    let (mut p, folder) = with_folder();
    let admin = p.admin.clone();
    set(&mut p, "contact", "张三");
    let a = folder.join(backup::backup_now(&mut p.store, &admin, now()).unwrap().file_name);
    let b = folder.join(backup::backup_now(&mut p.store, &admin, now() + Duration::hours(1)).unwrap().file_name);
    assert!(backup::verify(&mut p.store, &admin, &a, now()).unwrap().ok);

    // Bytes flipped on disk: the integrity check fails.
    corrupt_pages(&a);
    let c = backup::verify(&mut p.store, &admin, &a, now() + Duration::hours(2)).unwrap();
    assert!(!c.ok);
    assert_ne!(c.integrity, "ok", "{c:?}");

    // A value changed inside an intact file: the audit proof on the copy names the row.
    {
        let conn = rusqlite::Connection::open(&b).unwrap();
        conn.execute_batch("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'mallory' WHERE seq = 2;")
            .unwrap();
    }
    let c = backup::verify(&mut p.store, &admin, &b, now() + Duration::hours(2)).unwrap();
    assert!(!c.ok);
    assert_eq!(c.integrity, "ok");
    assert!(c.audit_verify.contains("row 2"), "{}", c.audit_verify);

    // Both checks are failed rows of the log, and neither copy counts as good any more.
    let verifies = log_rows(&p, BackupEvent::Verify);
    assert_eq!(verifies.iter().filter(|v| v.outcome == BackupOutcome::Failed).count(), 2);
    let status = backup::status(p.store.conn(), now()).unwrap();
    assert_eq!(status.copies.len(), 2);
    assert!(status.copies.iter().all(|c| !c.good));
}

#[test]
fn rotation_keeps_the_newest_good_copies_and_touches_nothing_else() {
    let (mut p, folder) = with_folder();
    let admin = p.admin.clone();
    set(&mut p, "backup_keep", "3");
    // Files rotation must never delete: another plant's copy, a stranger, a copy that failed.
    std::fs::write(folder.join("ehs-ledger_OTHER_20200101T000000Z.sqlite"), b"x").unwrap();
    std::fs::write(folder.join("notes.txt"), b"x").unwrap();
    let t = |h: i64| now() + Duration::hours(h);
    let first = backup::backup_now(&mut p.store, &admin, t(0)).unwrap().file_name;
    corrupt_pages(&folder.join(&first));
    assert!(!backup::verify(&mut p.store, &admin, &folder.join(&first), t(0)).unwrap().ok);
    let mut made = Vec::new();
    for h in 1..=5 {
        made.push(backup::backup_now(&mut p.store, &admin, t(h)).unwrap());
    }
    // 5 good copies made, keep 3: the two oldest good ones are gone.
    let mut want = vec![
        first.clone(),
        made[2].file_name.clone(),
        made[3].file_name.clone(),
        made[4].file_name.clone(),
        "ehs-ledger_OTHER_20200101T000000Z.sqlite".into(),
        "notes.txt".into(),
    ];
    want.sort();
    assert_eq!(names(&folder), want);
    assert_eq!(made[3].deleted, vec![folder.join(&made[0].file_name).display().to_string()]);
    let deletes = log_rows(&p, BackupEvent::Delete);
    assert_eq!(deletes.len(), 2);
    assert!(deletes.iter().all(|d| d.outcome == BackupOutcome::Ok));

    // Keep 1: only the newest good copy stays, and a failed run deletes nothing.
    set(&mut p, "backup_keep", "1");
    let blocked = backup::file_name("SZ01", t(6));
    std::fs::create_dir(folder.join(&blocked)).unwrap();
    assert!(backup::backup_now(&mut p.store, &admin, t(6)).is_err());
    assert!(folder.join(&made[2].file_name).exists(), "a failed run rotates nothing");
    std::fs::remove_dir(folder.join(&blocked)).unwrap();
    let last = backup::backup_now(&mut p.store, &admin, t(7)).unwrap();
    let good: Vec<String> = backup::status(p.store.conn(), t(7))
        .unwrap()
        .copies
        .into_iter()
        .filter(|c| c.good)
        .map(|c| c.file_name)
        .collect();
    assert_eq!(good, vec![last.file_name.clone()]);
    assert!(folder.join(&first).exists(), "the failed copy is never deleted");
    let failed = log_rows(&p, BackupEvent::Backup).into_iter().filter(|r| r.outcome == BackupOutcome::Failed).count();
    assert_eq!(failed, 1);
}

#[test]
fn a_missing_or_unset_folder_is_a_clear_error() {
    let mut p = plant();
    let admin = p.admin.clone();
    let e = backup::backup_now(&mut p.store, &admin, now()).unwrap_err();
    assert!(matches!(e, Error::Invalid { field: "backup_folder", .. }), "{e}");
    assert!(log_rows(&p, BackupEvent::Backup).is_empty(), "nothing to log without a folder");

    let gone = p.dir.path().join("not-plugged-in");
    set(&mut p, "backup_folder", gone.to_str().unwrap());
    let e = backup::backup_now(&mut p.store, &admin, now()).unwrap_err();
    assert!(e.to_string().contains("does not exist"), "{e}");
    assert!(!gone.exists(), "the folder is never created");
    let rows = log_rows(&p, BackupEvent::Backup);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].outcome, BackupOutcome::Failed);
    assert!(backup::status(p.store.conn(), now()).unwrap().folder_problem.is_some());
    // A relative folder is refused as a setting.
    assert!(settings::set(&mut p.store, &admin, "backup_folder", "usb/ehs", now()).is_err());
}

#[test]
fn the_schedule_backs_up_when_due_and_waits_after_a_failure() {
    let (mut p, folder) = with_folder();
    let t = |h: i64| now() + Duration::hours(h);
    assert_eq!(backup::tick(&mut p.store, t(0)).unwrap(), 1);
    assert_eq!(backup::tick(&mut p.store, t(1)).unwrap(), 0, "daily: not again within the day");
    assert_eq!(backup::tick(&mut p.store, t(24)).unwrap(), 1);
    assert_eq!(names(&folder).len(), 2);
    // Scheduled copies are made by the system actor.
    assert!(log_rows(&p, BackupEvent::Backup).iter().all(|r| r.actor == audit::SYSTEM_ACTOR));
    // The stick is pulled: one failed row, then an hour's wait before the next try.
    std::fs::rename(&folder, p.dir.path().join("elsewhere")).unwrap();
    assert_eq!(backup::tick(&mut p.store, t(48)).unwrap(), 0);
    assert_eq!(backup::tick(&mut p.store, t(48) + Duration::minutes(10)).unwrap(), 0);
    let failed =
        |p: &Plant| log_rows(p, BackupEvent::Backup).into_iter().filter(|r| r.outcome == BackupOutcome::Failed).count();
    assert_eq!(failed(&p), 1);
    assert_eq!(backup::tick(&mut p.store, t(49)).unwrap(), 0);
    assert_eq!(failed(&p), 2);
    // Interval 0: on demand only.
    std::fs::rename(p.dir.path().join("elsewhere"), &folder).unwrap();
    set(&mut p, "backup_interval_days", "0");
    assert_eq!(backup::tick(&mut p.store, t(200)).unwrap(), 0);
}

fn day(t: DateTime<Utc>) -> NaiveDate {
    ehs_ledger::time::local_date(t, chrono_tz::Asia::Shanghai)
}

fn backup_alerts(p: &Plant, on: NaiveDate) -> Vec<alerts::Alert> {
    alerts::for_plant(p.store.conn(), on)
        .unwrap()
        .into_iter()
        .filter(|a| matches!(a.kind, AlertKind::BackupMissing | AlertKind::BackupStale))
        .collect()
}

#[test]
fn the_stale_backup_alert_fires_and_clears() {
    let (mut p, _folder) = with_folder();
    let admin = p.admin.clone();
    // A new plant gets `backup_stale_days` (7) before "no backup" is an alert.
    assert!(backup_alerts(&p, day(now() + Duration::days(6))).is_empty());
    let a = backup_alerts(&p, day(now() + Duration::days(8)));
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].kind, AlertKind::BackupMissing);
    assert_eq!(a[0].message_key, "alerts.backup_missing");
    // A good copy clears it …
    let at = now() + Duration::days(8);
    backup::backup_now(&mut p.store, &admin, at).unwrap();
    assert!(backup_alerts(&p, day(at)).is_empty());
    assert!(backup_alerts(&p, day(at + Duration::days(7))).is_empty());
    // … until it is older than 7 days.
    let a = backup_alerts(&p, day(at + Duration::days(9)));
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].kind, AlertKind::BackupStale);
    assert_eq!(a[0].params["days"], "9");
    assert_eq!(a[0].due.as_deref(), Some(&*(day(at) + Duration::days(7)).to_string()));
    // A longer tolerance clears it.
    set(&mut p, "backup_stale_days", "10");
    assert!(backup_alerts(&p, day(at + Duration::days(9))).is_empty());
}

/// The plant's file with no connection open (restore needs the file to itself).
fn closed(p: Plant) -> (tempfile::TempDir, PathBuf, ehs_ledger::plant::Session) {
    let path = p.path();
    let Plant { dir, store, admin } = p;
    drop(store);
    (dir, path, admin)
}

fn contact(path: &Path) -> String {
    let s = Store::open(path).unwrap();
    settings::get(s.conn(), "contact").unwrap()
}

#[test]
fn restore_keeps_the_old_file_aside_and_the_restored_database_opens_and_proves() {
    let (mut p, folder) = with_folder();
    let admin = p.admin.clone();
    set(&mut p, "contact", "备份时");
    let copy = folder.join(backup::backup_now(&mut p.store, &admin, now()).unwrap().file_name);
    set(&mut p, "contact", "备份后");

    // The preview says what the copy holds.
    let pv = backup::preview(&p.store, &copy).unwrap();
    assert!(pv.restorable, "{:?}", pv.refusal);
    assert_eq!(pv.copy.plant_code.as_deref(), Some("SZ01"));
    assert!(pv.copy.counts.iter().any(|c| c.table == "app_user" && c.rows == 1));

    // While the database is open elsewhere the restore is refused, and nothing changes.
    let db = p.path();
    let later = now() + Duration::hours(1);
    let e = backup::restore(&db, &admin, &copy, "SZ01", later).unwrap_err();
    assert!(e.to_string().contains("in use"), "{e}");
    let (dir, db, admin) = closed(p);
    assert_eq!(contact(&db), "备份后");

    // The typed confirmation must be the plant code.
    let e = backup::restore(&db, &admin, &copy, "sz01", later).unwrap_err();
    assert!(matches!(e, Error::Invalid { field: "confirm", .. }), "{e}");

    let r = backup::restore(&db, &admin, &copy, "SZ01", later).unwrap();
    let aside = PathBuf::from(&r.kept_aside);
    assert_eq!(aside, dir.path().join("plant.sqlite3.before-restore-20250303T030000Z"));
    assert_eq!(contact(&db), "备份时", "the copy is in place");
    assert_eq!(contact(&aside), "备份后", "the old file is kept aside");
    // No temp file is left beside the database.
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // The restored file opens at this build's schema, proves, and records its restore.
    let s = Store::connect(&db).unwrap();
    assert!(audit::verify(s.conn()).unwrap().first_broken.is_none());
    assert!(audit::verify_records(s.conn()).unwrap().first_difference.is_none());
    let restores: Vec<_> =
        backup::log_entries(s.conn(), 100).unwrap().into_iter().filter(|e| e.event == BackupEvent::Restore).collect();
    assert_eq!(restores.len(), 1);
    assert!(restores[0].message.contains("before-restore"), "{}", restores[0].message);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&db).unwrap().permissions().mode() & 0o777, 0o600);
    }
}

#[test]
fn restore_refuses_what_is_not_this_plants_database_and_changes_nothing() {
    let (mut p, folder) = with_folder();
    let admin = p.admin.clone();
    let good = folder.join(backup::backup_now(&mut p.store, &admin, now()).unwrap().file_name);
    let dir = tempfile::tempdir().unwrap();

    // Not SQLite at all.
    let text = dir.path().join("notes.sqlite");
    std::fs::write(&text, "这不是数据库").unwrap();
    // From a newer build.
    let newer = dir.path().join("newer.sqlite");
    std::fs::copy(&good, &newer).unwrap();
    {
        let c = rusqlite::Connection::open(&newer).unwrap();
        c.execute_batch("INSERT INTO schema_migrations (version, name, sha256) VALUES (999, '0999_future.sql', 'x'); PRAGMA user_version = 999;")
            .unwrap();
    }
    // Another plant's database.
    let other = {
        let d = dir.path().join("other.sqlite3");
        let mut s = Store::open(&d).unwrap();
        ehs_ledger::plant::setup(
            &mut s,
            ehs_ledger::plant::SetupInput {
                plant_code: "SZ02".into(),
                plant_name: "另一工厂".into(),
                segment: String::new(),
                jurisdiction: ehs_ledger::plant::Jurisdiction::CN,
                timezone: "Asia/Shanghai".into(),
                admin_username: "admin".into(),
                admin_display_name: "Admin".into(),
                admin_password: common::ADMIN_PASSWORD.into(),
            },
            now(),
        )
        .unwrap();
        d
    };
    // An HQ database.
    let hq = dir.path().join("hq.sqlite3");
    drop(Store::create_hq(&hq).unwrap());
    // A corrupted copy.
    let broken = dir.path().join("broken.sqlite");
    std::fs::copy(&good, &broken).unwrap();
    corrupt_pages(&broken);

    let cases: [(&Path, &str); 5] = [
        (&text, "not an SQLite database"),
        (&newer, "newer version"),
        (&other, "plant SZ02"),
        (&hq, "HQ database"),
        (&broken, "integrity"),
    ];
    for (file, why) in cases {
        let pv = backup::preview(&p.store, file).unwrap();
        assert!(!pv.restorable, "{file:?}");
        assert!(
            pv.refusal.as_ref().map(|m| m.to_string()).unwrap_or_default().contains(why),
            "{file:?}: {:?}",
            pv.refusal
        );
    }
    let (dir2, db, admin) = closed(p);
    let before = std::fs::read(&db).unwrap();
    for (file, why) in cases {
        let e = backup::restore(&db, &admin, file, "SZ01", now()).unwrap_err();
        assert!(e.to_string().contains(why), "{file:?}: {e}");
        assert_eq!(std::fs::read(&db).unwrap(), before, "{file:?}: the database is unchanged");
    }
    let entries: Vec<String> = std::fs::read_dir(dir2.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(entries.iter().all(|n| !n.contains("before-restore") && !n.contains("partial")), "{entries:?}");
    // Only an admin restores.
    let mut s = Store::open(&db).unwrap();
    let officer = ehs_ledger::plant::users::create(
        &mut s,
        &admin,
        ehs_ledger::plant::users::NewUser {
            username: "ehs".into(),
            display_name: "EHS".into(),
            role: ehs_ledger::plant::Role::EhsOfficer,
            secret: "password-123".into(),
        },
        now(),
    )
    .unwrap();
    drop(s);
    let e = backup::restore(&db, &officer, &good, "SZ01", now()).unwrap_err();
    assert!(matches!(e, Error::Forbidden { .. }), "{e}");
}

// ---- Hazard photos in backups ----

fn jpeg(w: u32, h: u32, seed: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8 ^ seed, (y % 256) as u8, ((x ^ y) % 256) as u8])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85).encode_image(&img).unwrap();
    out
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(w, h, |x, y| image::Rgba([200, (x * 3 % 256) as u8, (y * 5 % 256) as u8, 180]));
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

/// A hazard registered through the real path; its number.
fn hazard(p: &mut Plant) -> String {
    use ehs_ledger::hazards::hazard::{self, HazardLevel, HazardSource, NewHazard};
    let admin = p.admin.clone();
    hazard::register(
        &mut p.store,
        &admin,
        NewHazard {
            area: "涂装线 2 号喷房".into(),
            equipment: "排风机 F-2".into(),
            description: "排风机皮带护罩缺失".into(),
            category: "机械伤害".into(),
            source: HazardSource::Daily,
            level: HazardLevel::General,
            lec: None,
            found_at: Some("2025-03-03T09:00".into()),
        },
        now(),
    )
    .unwrap()
    .number
}

/// Adds a before photo through the real capture path (original + downscaled copy stored).
fn add_photo(p: &mut Plant, number: &str, bytes: &[u8]) -> photos::HazardPhoto {
    let admin = p.admin.clone();
    photos::add_photo(&mut p.store, &admin, number, photos::PhotoStage::Before, bytes, "护罩", None, now()).unwrap()
}

/// The two files of a photo: `(relative path under photos/, file name)`.
fn photo_files(ph: &photos::HazardPhoto) -> Vec<(String, String)> {
    [(ph.sha256.clone(), ph.mime.ext()), (ph.thumb_sha256.clone(), "jpg")]
        .into_iter()
        .map(|(sha, ext)| (format!("{}/{sha}.{ext}", &sha[..2]), format!("{sha}.{ext}")))
        .collect()
}

fn store_of(folder: &Path) -> PathBuf {
    folder.join("ehs-ledger_SZ01.files").join("photos")
}

#[test]
fn photos_go_once_into_the_shared_photo_store_and_rotation_never_deletes_them() {
    let (mut p, folder) = with_folder();
    let admin = p.admin.clone();
    let h = hazard(&mut p);
    let a = add_photo(&mut p, &h, &jpeg(1600, 1200, 0));
    let b = add_photo(&mut p, &h, &png(300, 200));
    let live = photos::photo_dir(p.store.path());
    let store = store_of(&folder);
    assert_eq!(backup::photos::store_dir(&folder, "SZ01"), store);

    let r1 = backup::backup_now(&mut p.store, &admin, now()).unwrap();
    assert_eq!(r1.photos.copied, 4, "two originals and two downscaled copies: {:?}", r1.photos);
    assert_eq!(r1.photos.already, 0);
    assert!(r1.warning.is_none(), "{:?}", r1.warning);
    let c = r1.copy.photos.clone().unwrap();
    assert_eq!((c.files, c.present), (4, 4));
    assert!(r1.copy.ok);
    // Every file is in the store under its hash, byte for byte the live one.
    for ph in [&a, &b] {
        for (rel, _) in photo_files(ph) {
            assert_eq!(std::fs::read(store.join(&rel)).unwrap(), std::fs::read(live.join(&rel)).unwrap(), "{rel}");
        }
    }
    assert_eq!(common::files_under(&store).len(), 4, "no temp files left: {:?}", common::files_under(&store));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for f in common::files_under(&store) {
            assert_eq!(std::fs::metadata(&f).unwrap().permissions().mode() & 0o777, 0o600, "{f:?}");
            assert_eq!(std::fs::metadata(f.parent().unwrap()).unwrap().permissions().mode() & 0o777, 0o700);
        }
        assert_eq!(std::fs::metadata(&store).unwrap().permissions().mode() & 0o777, 0o700);
    }
    let row = &log_rows(&p, BackupEvent::Backup)[0];
    assert_eq!(row.outcome, BackupOutcome::Ok);
    assert!(row.message.contains("4 files named, 4 copied"), "{}", row.message);

    // The second backup copies nothing new (the store is re-hashed, not re-written).
    let mtimes: Vec<_> =
        common::files_under(&store).iter().map(|f| std::fs::metadata(f).unwrap().modified().unwrap()).collect();
    let r2 = backup::backup_now(&mut p.store, &admin, now() + Duration::hours(1)).unwrap();
    assert_eq!((r2.photos.copied, r2.photos.already), (0, 4));
    let again: Vec<_> =
        common::files_under(&store).iter().map(|f| std::fs::metadata(f).unwrap().modified().unwrap()).collect();
    assert_eq!(mtimes, again);

    // A new photo: only its two files are added.
    add_photo(&mut p, &h, &jpeg(640, 480, 77));
    set(&mut p, "backup_keep", "1");
    let r3 = backup::backup_now(&mut p.store, &admin, now() + Duration::hours(2)).unwrap();
    assert_eq!((r3.photos.copied, r3.photos.already), (2, 4));
    // Rotation deleted the two older copies but no photo: the store is shared.
    assert_eq!(r3.deleted.len(), 2, "{:?}", r3.deleted);
    assert_eq!(common::files_under(&store).len(), 6);
    assert!(names(&folder).contains(&"ehs-ledger_SZ01.files".to_string()));
    assert!(backup::verify(&mut p.store, &admin, &folder.join(&r3.file_name), now()).unwrap().ok);
}

#[test]
fn restore_puts_the_photos_back_before_the_database_and_they_read() {
    let (mut p, folder) = with_folder();
    let admin = p.admin.clone();
    let h = hazard(&mut p);
    let a = add_photo(&mut p, &h, &jpeg(1600, 1200, 0));
    let b = add_photo(&mut p, &h, &png(300, 200));
    let copy = folder.join(backup::backup_now(&mut p.store, &admin, now()).unwrap().file_name);
    let live = photos::photo_dir(p.store.path());
    let original_a = std::fs::read(live.join(&photo_files(&a)[0].0)).unwrap();

    // The disk lost the photo folder; one remaining file (b's original) was changed.
    std::fs::remove_dir_all(&live).unwrap();
    let b_orig = live.join(&photo_files(&b)[0].0);
    std::fs::create_dir_all(b_orig.parent().unwrap()).unwrap();
    std::fs::write(&b_orig, b"not the photo").unwrap();
    assert!(photos::read(&p.store, &a.id, false).is_err());

    let pv = backup::preview(&p.store, &copy).unwrap();
    let ph = pv.photos.clone().unwrap();
    assert_eq!((ph.files, ph.in_place, ph.from_backup), (4, 0, 4), "{ph:?}");
    assert!(ph.complete && ph.unavailable.is_empty());

    let (dir, db, admin) = closed(p);
    let r = backup::restore(&db, &admin, &copy, "SZ01", now() + Duration::hours(1)).unwrap();
    assert_eq!(r.photos_copied, 4);
    assert!(r.photos_unavailable.is_empty());
    // Every photo reads again (re-hashed on read), original and downscaled.
    let s = Store::connect(&db).unwrap();
    for ph in [&a, &b] {
        photos::read(&s, &ph.id, false).unwrap();
        photos::read(&s, &ph.id, true).unwrap();
    }
    assert_eq!(photos::read(&s, &a.id, false).unwrap(), original_a);
    photos::check(&s).unwrap();
    // The changed file was kept aside, not overwritten.
    let aside: Vec<PathBuf> =
        common::files_under(&live).into_iter().filter(|f| f.to_string_lossy().contains(".before-restore-")).collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(std::fs::read(&aside[0]).unwrap(), b"not the photo");
    // The restore's log row says the photos came back.
    let restore_row =
        backup::log_entries(s.conn(), 100).unwrap().into_iter().find(|e| e.event == BackupEvent::Restore).unwrap();
    assert!(restore_row.message.contains("4 copied back"), "{}", restore_row.message);
    drop(dir);
}

#[test]
fn verify_fails_naming_a_changed_or_missing_photo_in_the_store() {
    let (mut p, folder) = with_folder();
    let admin = p.admin.clone();
    let h = hazard(&mut p);
    let a = add_photo(&mut p, &h, &jpeg(800, 600, 3));
    let b = add_photo(&mut p, &h, &png(100, 80));
    let copy = folder.join(backup::backup_now(&mut p.store, &admin, now()).unwrap().file_name);
    assert!(backup::verify(&mut p.store, &admin, &copy, now()).unwrap().ok);

    let store = store_of(&folder);
    let (a_rel, a_name) = photo_files(&a)[0].clone();
    std::fs::write(store.join(&a_rel), b"swapped").unwrap();
    let (b_rel, b_name) = photo_files(&b)[1].clone();
    std::fs::remove_file(store.join(&b_rel)).unwrap();

    let c = backup::verify(&mut p.store, &admin, &copy, now() + Duration::hours(1)).unwrap();
    assert!(!c.ok);
    assert_eq!(c.failure(), None, "the database itself still holds");
    let ph = c.photos.clone().unwrap();
    assert_eq!(ph.bad, vec![a_name.clone()]);
    assert_eq!(ph.missing, vec![b_name.clone()]);
    assert_eq!(ph.present, 2);
    let problem = c.photo_problem().unwrap();
    assert!(problem.contains(&a_name) && problem.contains(&b_name), "{problem}");
    let v = log_rows(&p, BackupEvent::Verify);
    assert_eq!(v[0].outcome, BackupOutcome::Failed);
    assert!(v[0].message.contains(&a_name), "{}", v[0].message);
    let status = backup::status(p.store.conn(), now()).unwrap();
    assert!(!status.copies[0].good);

    // The next backup repairs the store from the live folder.
    let r = backup::backup_now(&mut p.store, &admin, now() + Duration::hours(2)).unwrap();
    assert_eq!(r.photos.copied, 2);
    assert!(backup::verify(&mut p.store, &admin, &copy, now() + Duration::hours(3)).unwrap().ok);
}

#[test]
fn a_photo_missing_from_the_live_store_at_backup_is_reported_and_the_copy_kept() {
    let (mut p, folder) = with_folder();
    let admin = p.admin.clone();
    let h = hazard(&mut p);
    let a = add_photo(&mut p, &h, &jpeg(800, 600, 9));
    let b = add_photo(&mut p, &h, &png(120, 90));
    let live = photos::photo_dir(p.store.path());
    let (a_rel, a_name) = photo_files(&a)[0].clone();
    std::fs::remove_file(live.join(&a_rel)).unwrap();
    let (b_rel, b_name) = photo_files(&b)[0].clone();
    std::fs::write(live.join(&b_rel), b"changed behind the app").unwrap();

    let r = backup::backup_now(&mut p.store, &admin, now()).unwrap();
    assert!(folder.join(&r.file_name).exists(), "the database copy is kept");
    assert_eq!(r.photos.missing_live, vec![a_name.clone()]);
    assert_eq!(r.photos.bad_live, vec![b_name.clone()]);
    assert_eq!(r.photos.copied, 2, "the two downscaled copies");
    let w = r.warning.clone().unwrap();
    assert!(w.contains("1 photo files missing from the live store") && w.contains(&a_name), "{w}");
    assert!(w.contains(&b_name), "{w}");
    assert!(!r.copy.ok, "the copy is not complete");
    assert_eq!(r.copy.failure(), None);
    // The log row is a good database copy with the warning naming the files.
    let row = &log_rows(&p, BackupEvent::Backup)[0];
    assert_eq!(row.outcome, BackupOutcome::Ok);
    assert!(row.message.starts_with("warning:") && row.message.contains(&a_name), "{}", row.message);
    assert!(!store_of(&folder).join(&b_rel).exists(), "a changed file is never backed up");

    // Verify fails on it, naming it; the restore preview says it cannot come back.
    let copy = folder.join(&r.file_name);
    let c = backup::verify(&mut p.store, &admin, &copy, now()).unwrap();
    assert!(!c.ok);
    assert_eq!(c.photos.unwrap().missing, {
        let mut v = vec![a_name.clone(), b_name.clone()];
        v.sort();
        v
    });
    std::fs::remove_dir_all(&live).unwrap();
    let pv = backup::preview(&p.store, &copy).unwrap();
    assert!(pv.restorable);
    let ph = pv.photos.unwrap();
    assert!(!ph.complete);
    assert_eq!(ph.from_backup, 2);
    assert_eq!(ph.unavailable.len(), 2);
    let (_dir, db, admin) = closed(p);
    let rr = backup::restore(&db, &admin, &copy, "SZ01", now() + Duration::hours(1)).unwrap();
    assert_eq!(rr.photos_copied, 2);
    assert_eq!(rr.photos_unavailable.len(), 2);
}
