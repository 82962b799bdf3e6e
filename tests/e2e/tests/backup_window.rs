//! Backups in the real window (issue 14 item 2): the admin sets the folder, backs up, a record is
//! written after the copy, then the copy is restored through its preview and the typed plant
//! code. The app signs everyone out; the database holds the copy's records again, the file in
//! use before is kept aside, and the restored file's audit chain verifies.

use chrono::Utc;
use ehs_ledger::demo::{self, DEMO_ADMIN};
use ehs_ledger::plant::users;
use ehs_ledger::units::MassUnit;
use ehs_ledger::waste::generation::{self, GenerationInput, LedgerQuery};
use ehs_ledger::Store;
use ehs_ledger_e2e::{click, open_app, screenshot, sign_in, wait, wait_text, Driver};

fn entry_count(db: &std::path::Path) -> usize {
    let store = Store::connect(db).unwrap();
    generation::list(store.conn(), &LedgerQuery { include_voided: true, ..LedgerQuery::default() }).unwrap().total
        as usize
}

#[tokio::test(flavor = "multi_thread")]
async fn the_admin_backs_up_then_restores_the_copy_and_the_later_entry_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plant.sqlite3");
    let folder = dir.path().join("usb");
    std::fs::create_dir(&folder).unwrap();
    demo::seed_file(&db, Utc::now(), 2).unwrap();
    let code =
        Store::connect(&db).unwrap().conn().query_row("SELECT code FROM plant", [], |r| r.get::<_, String>(0)).unwrap();

    let driver = Driver::start();
    let c = open_app(&driver, &db).await;
    sign_in(&c, DEMO_ADMIN.0, DEMO_ADMIN.1).await;
    click(&c, "nav-settings").await;
    // The panel's fields take input once its settings are read (the summary line shows them).
    wait(&c, "backup-summary").await;
    let input = wait(&c, "backup-backup_folder").await;
    input.send_keys(folder.to_str().unwrap()).await.unwrap();
    click(&c, "backup-save").await;
    wait(&c, "backup-saved").await;
    click(&c, "backup-now").await;
    let done = wait_text(&c, "backup-done", |t| !t.trim().is_empty()).await;
    assert!(done.contains(folder.to_str().unwrap()), "the result names the folder: {done}");
    wait(&c, "backup-copy").await;
    screenshot(&c, "backup-done").await;
    let copies: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".sqlite"))
        .collect();
    assert_eq!(copies.len(), 1, "one copy in the folder");

    // A record after the copy, written by another user through the core while the app is open.
    let at_backup = entry_count(&db);
    {
        let mut store = Store::open(&db).unwrap();
        let admin = users::sign_in(
            &mut store,
            &users::SignInInput { username: DEMO_ADMIN.0.into(), password: DEMO_ADMIN.1.into() },
            Utc::now(),
        )
        .unwrap();
        generation::record(
            &mut store,
            &admin,
            GenerationInput {
                stream_id: None,
                code: Some("900-249-08".into()),
                quantity: "3.5".into(),
                unit: MassUnit::Kg,
                container_id: "AFTER-BACKUP-01".into(),
                storage_area: "A1".into(),
                generated_at_local: None,
                details: Default::default(),
            },
            Utc::now(),
        )
        .unwrap();
    }
    assert_eq!(entry_count(&db), at_backup + 1);

    click(&c, "backup-restore").await;
    wait(&c, "backup-preview-counts").await;
    wait(&c, "backup-confirm").await.send_keys(&code).await.unwrap();
    screenshot(&c, "backup-restore-preview").await;
    click(&c, "backup-restore-confirm").await;
    wait(&c, "backup-restored").await;
    click(&c, "backup-sign-in-again").await;
    wait(&c, "signin-username").await;
    screenshot(&c, "backup-restored-signin").await;
    c.close().await.unwrap();

    // The database is the copy again; the file in use before is kept aside, whole.
    assert_eq!(entry_count(&db), at_backup, "the entry written after the copy is not in the restored file");
    let store = Store::connect(&db).unwrap();
    assert!(ehs_ledger::audit::verify(store.conn()).unwrap().first_broken.is_none(), "restored chain verifies");
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("plant.sqlite3.before-restore-"))
        .collect();
    assert_eq!(aside.len(), 1, "the replaced file is kept aside: {aside:?}");
    assert_eq!(entry_count(&aside[0]), at_backup + 1, "the kept-aside file still holds the later entry");
}
