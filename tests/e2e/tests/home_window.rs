//! Real-window E2E of the seams every area shares: the home screen's one alert list (what the
//! core's `alerts::for_plant` says, worded in the window) and a long job (a historical import)
//! whose file crosses IPC as raw bytes with a Chinese file name, reports progress and writes
//! all rows.

use chrono::Utc;
use ehs_ledger::alerts::{self, AlertKind};
use ehs_ledger::Store;
use ehs_ledger_e2e::{click, open_app, row_text, screenshot, sign_in, texts, wait, wait_text, Driver};

const CSV: &str = "\u{feff}产生时间,废物代码,产生量,单位,容器编码,产生设施/区域,产生批次编码
2024-05-06 09:30,900-249-08,180.5,kg,E2E-IMP-1,机加车间,
2024/05/07,900-041-49,0.35,t,E2E-IMP-2,涂装线,
";

fn entries_with_prefix(db: &std::path::Path, prefix: &str) -> i64 {
    let store = Store::open(db).unwrap();
    let like = format!("{prefix}%");
    store
        .conn()
        .query_row("SELECT count(*) FROM waste_generation WHERE container_id LIKE ?1", [like], |r| r.get(0))
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn home_lists_every_areas_alerts_and_an_import_runs_as_a_job_with_the_raw_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    let expected = {
        let mut store = Store::open(&db).unwrap();
        ehs_ledger::demo::seed(&mut store, Utc::now(), 4).unwrap();
        let today = ehs_ledger::plant::today(store.conn(), Utc::now()).unwrap();
        alerts::for_plant(store.conn(), today).unwrap()
    };
    assert!(expected.iter().any(|a| a.kind == AlertKind::ManifestDue), "the demo's call-out awaits confirmation");

    let driver = Driver::start();
    let c = open_app(&driver, &db).await;
    sign_in(&c, ehs_ledger::demo::DEMO_ADMIN.0, ehs_ledger::demo::DEMO_ADMIN.1).await;

    // The app opens on the home screen: the core's alerts, in the core's order, worded in Chinese.
    wait(&c, "home-alerts").await;
    wait(&c, "home-alert-row").await;
    let rows = texts(&c, "home-alert-row").await;
    assert_eq!(rows.len(), expected.len(), "{rows:?}");
    for (row, a) in rows.iter().zip(&expected) {
        assert!(row.contains(&a.subject), "{row} vs {a:?}");
    }
    let manifest = expected.iter().find(|a| a.kind == AlertKind::ManifestDue).unwrap();
    let receiver = manifest.params.get("receiver").unwrap();
    let text = row_text(&c, "home-alert-row", &manifest.subject, |_| true).await;
    assert!(text.contains(receiver.as_str()) && text.contains("前确认接收"), "{text}");
    assert!(wait_text(&c, "jobs-panel", |t| !t.is_empty()).await.contains("没有正在运行的任务"));
    screenshot(&c, "home").await;

    // An import: the file goes over as raw bytes with its Chinese name in a header; the preview
    // reports progress as a job and writes nothing, the commit writes both rows.
    let file = dir.path().join("2024年危废台账.csv");
    std::fs::write(&file, CSV).unwrap();
    click(&c, "nav-waste").await;
    click(&c, "import-open").await;
    wait(&c, "import-file").await.send_keys(file.to_str().unwrap()).await.unwrap();
    let summary = wait_text(&c, "import-summary", |t| t.contains("共 2 行")).await;
    assert!(summary.contains("530.500 kg"), "{summary}");
    assert_eq!(entries_with_prefix(&db, "E2E-IMP-"), 0, "a preview writes nothing");
    screenshot(&c, "import-preview").await;
    click(&c, "import-commit").await;
    wait_text(&c, "import-done", |t| t.contains("已导入 2 条")).await;
    assert_eq!(entries_with_prefix(&db, "E2E-IMP-"), 2);
}
