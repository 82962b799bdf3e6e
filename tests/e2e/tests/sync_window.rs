//! Real-window E2E of 周报同步 (issue 10 item 2 in the window): on the demo plant, the Sync
//! screen opens on the last closed ISO week, steps back a week, and shows that week's figures —
//! every month part and the week total — exactly as the core's `sync::week_summary` computes
//! them, and a plausibility flag (a drum generated but never put away) with a note box; then
//! Settings shows the plant key's fingerprint and exports the public key file HQ registers.

use chrono::{Duration, Utc};
use ehs_ledger::indicators::IndicatorUnit;
use ehs_ledger::sync::{self, key, FlagKind, IsoWeek};
use ehs_ledger::units::{Grams, MassUnit};
use ehs_ledger::waste::generation::{self, GenerationInput};
use ehs_ledger::Store;
use ehs_ledger_e2e::{click, grouped, open_app, screenshot, sign_in, texts, wait, wait_attr, wait_text, Driver};

/// A figure as the screen shows it: grams as exact kg text, other units as they are.
fn shown(unit: IndicatorUnit, value: i64) -> String {
    // Grams as kg and litres as m³: the same exact ÷ 1000 with three decimals.
    if unit == IndicatorUnit::G || unit == IndicatorUnit::L {
        grouped(&Grams(value).kg_string())
    } else {
        grouped(&value.to_string())
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn sync_screen_shows_the_cores_week_figures_and_flags_and_settings_exports_the_plant_key() {
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    // The app inherits the environment through tauri-driver and WebKitWebDriver.
    std::env::set_var("EHS_LEDGER_EXPORT_DIR", &exports);
    let db = dir.path().join("demo.sqlite3");
    let now = Utc::now();
    let (last_closed, week, expected, flags, fingerprint) = {
        let mut store = Store::open(&db).unwrap();
        ehs_ledger::demo::seed(&mut store, now, 3).unwrap();
        let today = ehs_ledger::plant::today(store.conn(), now).unwrap();
        let last_closed = IsoWeek::of(today).previous();
        let week = last_closed.previous();
        // A drum generated on the week's Wednesday and never put away: its closing stock does not follow.
        let officer = ehs_ledger::plant::users::session_for(store.conn(), ehs_ledger::demo::DEMO_OFFICER.0).unwrap();
        let input = GenerationInput {
            stream_id: None,
            code: Some("900-041-49".into()),
            quantity: "2.5".into(),
            unit: MassUnit::Kg,
            container_id: "E2E-SYNC-1".into(),
            storage_area: "危废暂存库A".into(),
            generated_at_local: Some(format!("{}T09:00", week.monday() + Duration::days(2))),
            details: Default::default(),
        };
        generation::record(&mut store, &officer, input, now).unwrap();
        let summary = sync::week_summary(store.conn(), week).unwrap();
        let flags = sync::preview(store.conn(), week, today).unwrap().flags;
        let fp = key::active(store.conn()).unwrap().expect("the demo plant has a key").info.fingerprint;
        (last_closed, week, summary, flags, fp)
    };
    assert!(expected.records > 0 && !expected.totals.is_empty(), "the demo week has figures");
    assert!(flags.iter().any(|f| f.kind == FlagKind::StockMismatch && f.params["code"] == "900-041-49"), "{flags:?}");

    let driver = Driver::start();
    let c = open_app(&driver, &db).await;
    sign_in(&c, ehs_ledger::demo::DEMO_ADMIN.0, ehs_ledger::demo::DEMO_ADMIN.1).await;
    click(&c, "nav-sync").await;

    // The screen opens on the last closed week; one step back is the week checked here.
    wait(&c, "sync-preview").await;
    wait_attr(&c, "sync-preview", "data-week", &last_closed.to_string(), 10).await;
    click(&c, "sync-week-prev").await;
    wait_attr(&c, "sync-preview", "data-week", &week.to_string(), 10).await;
    let range = wait_text(&c, "sync-week-range", |t| !t.is_empty()).await;
    assert!(range.contains(&expected.from) && range.contains(&expected.to), "{range}");

    // Every figure of every month part and of the week, as the core computed it.
    assert_eq!(texts(&c, "sync-part-header").await.len(), expected.parts.len());
    for f in &expected.totals {
        let got = texts(&c, &format!("sync-figure-{}-total", f.key)).await;
        assert_eq!(got, vec![shown(f.unit, f.value)], "week total of {}", f.key);
    }
    for (i, part) in expected.parts.iter().enumerate() {
        for f in &part.figures {
            let got = texts(&c, &format!("sync-figure-{}-part-{i}", f.key)).await;
            assert_eq!(got, vec![shown(f.unit, f.value)], "{} of {}", f.key, part.month);
        }
    }
    let labels = texts(&c, "sync-figure-label").await;
    assert!(labels.iter().any(|l| l == "危险废物产生量"), "{labels:?}");

    // The flags the core raised, worded in Chinese; one note typed.
    let shown_flags = texts(&c, "sync-flag").await;
    assert_eq!(shown_flags.len(), flags.len(), "{shown_flags:?}");
    let core = flags.iter().find(|f| f.kind == FlagKind::StockMismatch && f.params["code"] == "900-041-49").unwrap();
    let mismatch = shown_flags.iter().find(|f| f.contains("900-041-49")).expect("the stock flag is shown");
    for p in ["closing_kg", "expected_kg"] {
        assert!(mismatch.contains("库存不平") && mismatch.contains(&grouped(&core.params[p])), "{p}: {mismatch}");
    }
    wait(&c, "sync-flag-note").await.send_keys("E2E 桶未入库").await.unwrap();
    let hw = texts(&c, "sync-hw-row").await;
    assert!(hw.iter().any(|r| r.contains("900-041-49")), "{hw:?}");
    screenshot(&c, "sync-week").await;
    let scroll = "document.querySelector('[data-testid=\"sync-hw-table\"]').scrollIntoView(); return true;";
    let _ = c.execute(scroll, vec![]).await;
    screenshot(&c, "sync-week-details").await;

    // The management report of the week, in the app: the same data the PDF is drawn from.
    click(&c, "sync-report-view").await;
    wait_attr(&c, "report-view", "data-period", &week.to_string(), 10).await;
    let report = ehs_ledger::report::management(
        Store::open(&db).unwrap().conn(),
        ehs_ledger::report::Period::Week(week),
        ehs_ledger::plant::today(Store::open(&db).unwrap().conn(), Utc::now()).unwrap(),
    )
    .unwrap();
    let tiles = report.sections.iter().flat_map(|s| &s.blocks).filter_map(|b| match b {
        ehs_ledger::report::Block::Kpis { tiles } => Some(tiles.len()),
        _ => None,
    });
    assert_eq!(texts(&c, "report-kpi").await.len(), tiles.sum::<usize>(), "every KPI tile of the core's report");
    wait(&c, "report-chart").await;
    let scroll = "document.querySelector('[data-testid=\"report-view\"]').scrollIntoView(); return true;";
    let _ = c.execute(scroll, vec![]).await;
    screenshot(&c, "sync-report-view").await;

    // Settings: the plant key, and its public key file saved into the export folder.
    click(&c, "nav-settings").await;
    let grouped_fp: Vec<String> =
        fingerprint.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect();
    wait_text(&c, "plant-key-fingerprint", |t| t == grouped_fp.join(" ")).await;
    click(&c, "plant-key-export").await;
    let saved = wait_text(&c, "plant-key-saved", |t| t.contains(".pem")).await;
    let file = exports.join(format!("{}_plant_key_{fingerprint}.pem", ehs_ledger::demo::DEMO_PLANT_CODE));
    assert!(saved.contains(file.to_str().unwrap()), "{saved}");
    let pem = std::fs::read_to_string(&file).unwrap();
    assert_eq!(key::fingerprint(&key::public_from_pem(&pem).unwrap()), fingerprint);
    let scroll =
        "const e = document.querySelector('[data-testid=\"plant-key-panel\"]'); e.scrollIntoView(); return true;";
    let _ = c.execute(scroll, vec![]).await;
    screenshot(&c, "settings-plant-key").await;
}
