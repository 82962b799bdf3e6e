//! Integration tests of the store, migrations, audit trail and sign-in on real temp files.

mod common;

use common::{now, plant, ADMIN_PASSWORD};
use ehs_ledger::db::{migrate, Migration, MIGRATIONS};
use ehs_ledger::plant::users::{self, SignInInput, LOCKOUT_MINUTES, MAX_FAILED_ATTEMPTS};
use ehs_ledger::plant::{self, Headcount, Role};
use ehs_ledger::units::MassUnit;
use ehs_ledger::waste::generation;
use ehs_ledger::{audit, Error, ErrorKind, Store};

/// Guards issue 9 item 11 (readers are never blocked by a writer): opening a database already at
/// the latest schema takes no write lock, so a command started while another connection holds
/// it (a long import) opens and reads at once instead of failing with "database is locked".
#[test]
fn opening_a_current_database_does_not_wait_for_a_writer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.sqlite3");
    drop(Store::open(&path).unwrap());
    let mut writer = rusqlite::Connection::open(&path).unwrap();
    let held = writer.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).unwrap();
    let store = Store::open(&path).expect("opens while another connection holds the write lock");
    let cats: i64 = store.conn().query_row("SELECT count(*) FROM hw_category", [], |r| r.get(0)).unwrap();
    assert_eq!(cats, 46, "and reads");
    drop(held);
}

#[test]
fn empty_file_migrates_to_latest_and_reopens_without_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.sqlite3");
    let store = Store::open(&path).unwrap();
    let v: i64 = store.conn().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(v, MIGRATIONS.last().unwrap().version);
    let codes: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM hw_code WHERE catalogue_version = '2025'", [], |r| r.get(0))
        .unwrap();
    assert!(codes >= 30, "ships the typical codes, got {codes}");
    let cats: i64 = store.conn().query_row("SELECT count(*) FROM hw_category", [], |r| r.get(0)).unwrap();
    assert_eq!(cats, 46, "HW01–HW40 and HW45–HW50");
    drop(store);
    let mut again = Store::open(&path).unwrap();
    let n = migrate::apply(&mut rusqlite::Connection::open(&path).unwrap(), MIGRATIONS).unwrap();
    assert_eq!(n, 0, "nothing pending on reopen");
    assert!(again.write_tx().is_ok());
}

/// The latest migration's version (versions may have gaps: numbers reserved by other branches).
fn latest() -> i64 {
    MIGRATIONS.last().unwrap().version
}

#[test]
fn every_earlier_schema_migrates_to_latest() {
    for k in 1..MIGRATIONS.len() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite3");
        drop(Store::open_with(&path, &MIGRATIONS[..k]).unwrap());
        let store = Store::open(&path).unwrap();
        let v: i64 = store.conn().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(v, latest(), "from schema {k}");
    }
}

#[test]
fn an_edited_landed_migration_is_refused() {
    let p = plant();
    let path = p.path();
    drop(p.store);
    let mut edited: Vec<Migration> = MIGRATIONS.to_vec();
    edited[0].sql = "CREATE TABLE plant (id TEXT PRIMARY KEY); -- edited";
    let err = Store::open_with(&path, &edited).err().expect("must refuse");
    assert!(matches!(err, Error::Schema(_)), "{err}");
    assert!(err.to_string().contains("0001_core.sql was edited"), "{err}");
}

#[test]
fn a_database_from_a_newer_build_is_refused() {
    let p = plant();
    let path = p.path();
    drop(p.store);
    let err = Store::open_with(&path, &MIGRATIONS[..2]).err().expect("must refuse");
    assert!(err.to_string().contains("newer EHS Ledger"), "{err}");
}

// With gaps allowed in the version numbers, a build may know a migration numbered below one the
// database already ran (it landed from another branch): the database is refused, never
// silently left without it.
#[test]
fn a_database_that_skipped_a_migration_below_its_latest_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gap.sqlite3");
    let n = MIGRATIONS.len();
    let mut without: Vec<Migration> = MIGRATIONS[..n - 2].to_vec();
    without.push(MIGRATIONS[n - 1]);
    drop(Store::open_with(&path, &without).unwrap());
    let err = Store::open(&path).err().expect("must refuse");
    assert!(matches!(err, Error::Schema(_)), "{err}");
    assert!(err.to_string().contains(&format!("skipped migration {}", MIGRATIONS[n - 2].name)), "{err}");
}

#[test]
fn a_failing_migration_applies_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.sqlite3");
    let mut broken: Vec<Migration> = MIGRATIONS.to_vec();
    broken.push(Migration {
        version: latest() + 1,
        name: "9999_broken.sql",
        sql: "CREATE TABLE ok (x); SELEC nonsense;",
    });
    assert!(Store::open_with(&path, &broken).is_err());
    let c = rusqlite::Connection::open(&path).unwrap();
    let v: i64 = c.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    let tables: i64 = c.query_row("SELECT count(*) FROM sqlite_master WHERE type='table'", [], |r| r.get(0)).unwrap();
    assert_eq!((v, tables), (0, 0), "one transaction: all or nothing");
}

#[test]
fn audit_rows_cannot_be_updated_or_deleted() {
    let p = plant();
    let c = p.store.conn();
    let e = c.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1", []).unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    let e = c.execute("DELETE FROM audit_log WHERE seq = 1", []).unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
}

#[test]
fn a_tampered_audit_row_is_detected_at_that_row() {
    let mut p = plant();
    for q in ["1", "2", "3"] {
        generation::record(&mut p.store, &p.admin.clone(), common::input("900-249-08", q, MassUnit::Kg), now())
            .unwrap();
    }
    let ok = audit::verify(p.store.conn()).unwrap();
    assert!(ok.first_broken.is_none());
    assert_eq!(ok.rows_checked, 6, "plant + plant key + admin + 3 entries");
    // Someone with the file drops the guard and rewrites a quantity in row 5.
    let c = p.store.conn();
    c.execute_batch("DROP TRIGGER audit_log_no_update").unwrap();
    c.execute("UPDATE audit_log SET after_json = replace(after_json, '\"quantity_g\":2000', '\"quantity_g\":200') WHERE seq = 5", [])
        .unwrap();
    let r = audit::verify(c).unwrap();
    let broken = r.first_broken.expect("tamper must be found");
    assert_eq!(broken.seq, 5);
    assert_eq!(r.rows_checked, 4);
}

#[test]
fn a_deleted_audit_row_in_the_middle_is_detected() {
    let mut p = plant();
    for q in ["1", "2"] {
        generation::record(&mut p.store, &p.admin.clone(), common::input("900-249-08", q, MassUnit::Kg), now())
            .unwrap();
    }
    let c = p.store.conn();
    c.execute_batch("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 2;").unwrap();
    let r = audit::verify(c).unwrap();
    assert_eq!(r.first_broken.unwrap().seq, 3);
}

#[test]
fn every_write_is_audited_with_before_and_after() {
    let mut p = plant();
    let admin = p.admin.clone();
    plant::set_headcount(&mut p.store, &admin, Headcount { year: 2025, full_time: 100, total: 120 }, now()).unwrap();
    plant::set_headcount(&mut p.store, &admin, Headcount { year: 2025, full_time: 110, total: 120 }, now()).unwrap();
    let id: String = p.store.conn().query_row("SELECT id FROM plant_headcount", [], |r| r.get(0)).unwrap();
    let h = audit::history(p.store.conn(), "plant_headcount", &id).unwrap();
    assert_eq!(h.iter().map(|r| r.action.as_str()).collect::<Vec<_>>(), ["insert", "update"]);
    assert!(h[1].before_json.as_deref().unwrap().contains("\"full_time\":100"));
    assert!(h[1].after_json.as_deref().unwrap().contains("\"full_time\":110"));
    assert_eq!(h[1].actor, admin.user_id);
    // Secrets never reach the audit trail.
    let all: String = p
        .store
        .conn()
        .query_row("SELECT group_concat(after_json) FROM audit_log WHERE table_name = 'app_user'", [], |r| r.get(0))
        .unwrap();
    assert!(all.contains("[redacted]") && !all.contains("argon2"), "{all}");
}

#[test]
fn setup_runs_once_per_database() {
    let mut p = plant();
    let again = plant::setup(
        &mut p.store,
        ehs_ledger::plant::SetupInput {
            plant_code: "X".into(),
            plant_name: "X".into(),
            segment: String::new(),
            jurisdiction: Default::default(),
            timezone: "Asia/Shanghai".into(),
            admin_username: "other".into(),
            admin_display_name: String::new(),
            admin_password: "password-123".into(),
        },
        now(),
    );
    assert_eq!(again.unwrap_err().kind(), ErrorKind::Conflict);
}

#[test]
fn setup_validates_fields_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("x.sqlite3")).unwrap();
    let base = ehs_ledger::plant::SetupInput {
        plant_code: "SZ01".into(),
        plant_name: "P".into(),
        segment: String::new(),
        jurisdiction: Default::default(),
        timezone: "Asia/Shanghai".into(),
        admin_username: "admin".into(),
        admin_display_name: String::new(),
        admin_password: "password-123".into(),
    };
    let cases = [
        ("plant_code", ehs_ledger::plant::SetupInput { plant_code: "bad code!".into(), ..base.clone() }),
        ("plant_name", ehs_ledger::plant::SetupInput { plant_name: " ".into(), ..base.clone() }),
        ("timezone", ehs_ledger::plant::SetupInput { timezone: "Mars/Olympus".into(), ..base.clone() }),
        ("password", ehs_ledger::plant::SetupInput { admin_password: "short".into(), ..base.clone() }),
        ("username", ehs_ledger::plant::SetupInput { admin_username: "a b".into(), ..base.clone() }),
    ];
    for (field, input) in cases {
        let e = plant::setup(&mut store, input, now()).unwrap_err();
        assert_eq!(e.field(), Some(field), "{e}");
    }
    assert!(plant::get(store.conn()).unwrap().is_none(), "nothing written");
}

#[test]
fn sign_in_locks_after_repeated_wrong_secrets_and_unlocks_later() {
    let mut p = plant();
    let wrong = SignInInput { username: "admin".into(), password: "nope-nope".into() };
    let right = SignInInput { username: "admin".into(), password: ADMIN_PASSWORD.into() };
    assert_eq!(users::sign_in(&mut p.store, &right, now()).unwrap().role, Role::Admin);
    for _ in 0..MAX_FAILED_ATTEMPTS {
        let e = users::sign_in(&mut p.store, &wrong, now()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Forbidden);
    }
    // Locked: even the right password is refused now…
    let e = users::sign_in(&mut p.store, &right, now()).unwrap_err();
    assert!(e.to_string().contains("locked"), "{e}");
    // …and accepted once the lock has passed.
    let later = now() + chrono::Duration::minutes(LOCKOUT_MINUTES + 1);
    assert!(users::sign_in(&mut p.store, &right, later).is_ok());
    // Unknown users get the same answer as wrong passwords.
    let e = users::sign_in(&mut p.store, &SignInInput { username: "ghost".into(), password: "x".into() }, now())
        .unwrap_err();
    assert_eq!(e.to_string(), "wrong username or password");
    assert!(audit::verify(p.store.conn()).unwrap().first_broken.is_none());
}

#[test]
fn a_pin_signs_in_too() {
    let mut p = plant();
    let admin = p.admin.clone();
    users::create(
        &mut p.store,
        &admin,
        users::NewUser {
            username: "li".into(),
            display_name: "Li".into(),
            role: Role::Inspector,
            secret: "482913".into(),
        },
        now(),
    )
    .unwrap();
    let s =
        users::sign_in(&mut p.store, &SignInInput { username: "LI".into(), password: "482913".into() }, now()).unwrap();
    assert_eq!(s.role, Role::Inspector, "usernames are case-insensitive");
}

#[test]
fn records_cannot_be_hard_deleted() {
    let mut p = plant();
    generation::record(&mut p.store, &p.admin.clone(), common::input("900-249-08", "1", MassUnit::Kg), now()).unwrap();
    let c = p.store.conn();
    for sql in ["DELETE FROM waste_generation", "DELETE FROM app_user", "DELETE FROM plant", "DELETE FROM hw_code"] {
        assert!(c.execute(sql, []).is_err(), "{sql} must be refused");
    }
}

/// Guards issue 14 item 7 (first part): a new database file — and its write-ahead log — is
/// readable by its owner only, whatever the umask; an existing file keeps its mode.
#[cfg(unix)]
#[test]
fn a_new_database_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plant.sqlite3");
    let mut store = Store::open(&path).unwrap();
    // A write keeps the WAL open beside the file.
    let tx = store.write_tx().unwrap();
    tx.execute("CREATE TEMP TABLE t (x)", []).unwrap();
    tx.commit().unwrap();
    store.conn().execute_batch("CREATE TABLE perm_probe (x); INSERT INTO perm_probe VALUES (1);").unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600, "the database file");
    let wal = dir.path().join("plant.sqlite3-wal");
    assert!(wal.exists(), "the WAL is there while the store is open");
    assert_eq!(mode(&wal), 0o600, "the write-ahead log");
    drop(store);
    // An existing file (here made group-readable by hand) is opened as it is.
    let other = dir.path().join("kept.sqlite3");
    drop(Store::open(&other).unwrap());
    std::fs::set_permissions(&other, std::fs::Permissions::from_mode(0o640)).unwrap();
    drop(Store::open(&other).unwrap());
    assert_eq!(mode(&other), 0o640);
}
