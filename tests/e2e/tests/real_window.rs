//! Real-window E2E: the built app (embedded UI) under Xvfb, driven through tauri-driver and
//! WebKitWebDriver. Each test gets its own database file and its own driver.

use chrono::{Datelike, Utc};
use ehs_ledger::plant::{self, Jurisdiction, SetupInput};
use ehs_ledger::waste::generation::{self, LedgerQuery};
use ehs_ledger::Store;
use ehs_ledger_e2e::{
    choose, click, click_in_row, gone, open_app, row_text, screenshot, sign_in, texts, tid, wait, wait_text, Driver,
};
use fantoccini::Locator;

const BACKSPACE: &str = "\u{E003}";

fn seeded_plant(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("e2e.sqlite3");
    let mut store = Store::open(&path).unwrap();
    plant::setup(
        &mut store,
        SetupInput {
            plant_code: "E2E-01".into(),
            plant_name: "端到端测试工厂".into(),
            segment: "Test".into(),
            jurisdiction: Jurisdiction::CN,
            timezone: "Asia/Shanghai".into(),
            admin_username: "admin".into(),
            admin_display_name: "管理员".into(),
            admin_password: "e2e-password".into(),
        },
        Utc::now(),
    )
    .unwrap();
    path
}

fn entries(db: &std::path::Path) -> Vec<generation::GenerationEntry> {
    let store = Store::connect(db).unwrap();
    generation::list(store.conn(), &LedgerQuery { include_voided: true, ..LedgerQuery::default() }).unwrap().rows
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_record_a_waste_entry_and_read_it_back_with_a_field_error_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded_plant(dir.path());
    let driver = Driver::start();
    let c = open_app(&driver, &db).await;

    // Sign in (wrong password first: the error shows and nothing else happens).
    sign_in(&c, "admin", "not-the-password").await;
    let err = wait(&c, "signin-error").await.text().await.unwrap();
    assert!(!err.trim().is_empty(), "sign-in error is shown");
    let pw = wait(&c, "signin-password").await;
    for _ in 0.."not-the-password".len() {
        pw.send_keys(BACKSPACE).await.unwrap();
    }
    pw.send_keys("e2e-password").await.unwrap();
    click(&c, "signin-submit").await;
    click(&c, "nav-waste").await;

    // A bad quantity: the error appears next to the quantity field and nothing is written.
    wait(&c, "gen-code").await.send_keys("900-249-08").await.unwrap();
    wait(&c, "gen-quantity").await.send_keys("0").await.unwrap();
    wait(&c, "gen-container").await.send_keys("E2E-DRUM-01").await.unwrap();
    wait(&c, "gen-area").await.send_keys("危废暂存库A").await.unwrap();
    click(&c, "gen-submit").await;
    let qerr = wait(&c, "error-quantity").await.text().await.unwrap();
    assert!(!qerr.trim().is_empty(), "quantity error text");
    assert_eq!(
        c.find(Locator::Css(&tid("gen-quantity"))).await.unwrap().attr("aria-invalid").await.unwrap().as_deref(),
        Some("true")
    );
    screenshot(&c, "field-error").await;
    assert!(entries(&db).is_empty(), "a refused entry writes nothing");

    // Fix the quantity and record.
    let q = wait(&c, "gen-quantity").await;
    q.send_keys(BACKSPACE).await.unwrap();
    q.send_keys("12.5").await.unwrap();
    click(&c, "gen-submit").await;
    let ok = wait(&c, "gen-success").await.text().await.unwrap();
    assert!(ok.contains("HWCS"), "success names the batch code: {ok}");

    // Read it back from the list in the window…
    // (the row is read inside the page: a re-render cannot leave a stale handle)
    let text = row_text(&c, "ledger-row", "E2E-DRUM-01", |_| true).await;
    assert!(text.contains("900-249-08") && text.contains("12.500"), "row text: {text}");
    screenshot(&c, "ledger").await;
    // …and from the database.
    let rows = entries(&db);
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].quantity_g, rows[0].container_id.as_str()), (12_500, "E2E-DRUM-01"));
    assert!(ok.contains(&rows[0].batch_code), "{ok} vs {}", rows[0].batch_code);
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn first_run_setup_creates_the_plant_and_signs_the_admin_in() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fresh.sqlite3");
    let driver = Driver::start();
    let c = open_app(&driver, &db).await;

    wait(&c, "setup-plant-code").await.send_keys("SZ-NEW").await.unwrap();
    wait(&c, "setup-plant-name").await.send_keys("新工厂").await.unwrap();
    wait(&c, "setup-segment").await.send_keys("AIoT").await.unwrap();
    wait(&c, "setup-username").await.send_keys("chen").await.unwrap();
    wait(&c, "setup-display-name").await.send_keys("陈工").await.unwrap();
    wait(&c, "setup-password").await.send_keys("first-admin-pw").await.unwrap();
    wait(&c, "setup-password-confirm").await.send_keys("first-admin-pw").await.unwrap();
    screenshot(&c, "setup").await;
    click(&c, "setup-submit").await;

    let header = wait(&c, "header-plant").await.text().await.unwrap();
    assert!(header.contains("新工厂"), "header: {header}");
    // 隐患 answers from the real core: the board of a new plant, every column empty.
    click(&c, "nav-hazards").await;
    wait_text(&c, "hazard-column-registered", |t| t.contains("无")).await;
    // A fresh profile opens in Chinese (the default); the switch changes the nav label to English.
    let zh = wait(&c, "nav-waste").await.text().await.unwrap();
    assert!(zh.contains("危险废物"), "default language is Chinese: {zh}");
    click(&c, "lang-switch").await;
    let en = wait_text(&c, "nav-waste", |t| t != zh).await;
    assert!(en.to_lowercase().contains("waste"), "language switch changes labels to English: {en}");
    // The choice persists in the app's profile (each Driver has its own): switch back.
    click(&c, "lang-switch").await;
    wait_text(&c, "nav-waste", |t| t == zh).await;

    let store = Store::connect(&db).unwrap();
    let p = plant::require(store.conn()).unwrap();
    assert_eq!((p.code.as_str(), p.name.as_str()), ("SZ-NEW", "新工厂"));
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn put_a_generated_container_into_storage_from_the_inventory_tab() {
    use ehs_ledger::units::MassUnit;
    use ehs_ledger::waste::generation::GenerationInput;
    use ehs_ledger::waste::storage::{self, FacilityKind, NewFacility};
    let dir = tempfile::tempdir().unwrap();
    let db = seeded_plant(dir.path());
    {
        let mut store = Store::open(&db).unwrap();
        let admin = ehs_ledger::plant::users::session_for(store.conn(), "admin").unwrap();
        let f = NewFacility {
            code: "TS-E2E".into(),
            name: "危废暂存库E2E".into(),
            kind: FacilityKind::Store,
            capacity_t: Some("10".into()),
            max_storage_days: None,
        };
        storage::add_facility(&mut store, &admin, f, Utc::now()).unwrap();
        let g = GenerationInput {
            stream_id: None,
            code: Some("900-041-49".into()),
            quantity: "35.5".into(),
            unit: MassUnit::Kg,
            container_id: "E2E-BAG-7".into(),
            storage_area: "车间".into(),
            generated_at_local: None,
            details: Default::default(),
        };
        generation::record(&mut store, &admin, g, Utc::now()).unwrap();
    }
    let driver = Driver::start();
    let c = open_app(&driver, &db).await;
    sign_in(&c, "admin", "e2e-password").await;
    click(&c, "nav-waste").await;
    click(&c, "tab-inventory").await;
    wait(&c, "facility-card").await;

    wait(&c, "store-container").await.send_keys("E2E-BAG-7").await.unwrap();
    click(&c, "store-submit").await;
    let text = row_text(&c, "container-row", "E2E-BAG-7", |_| true).await;
    assert!(text.contains("TS-E2E") && text.contains("35.500"), "row: {text}");
    screenshot(&c, "inventory").await;

    let store = Store::connect(&db).unwrap();
    let b = storage::balances(store.conn(), None).unwrap();
    assert_eq!((b.len(), b[0].stock_kg.as_str(), b[0].containers), (1, "35.500", 1));
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn ship_a_stored_container_and_print_its_manifest_pdf() {
    use ehs_ledger::units::MassUnit;
    use ehs_ledger::waste::generation::GenerationInput;
    use ehs_ledger::waste::receiver::{self, NewCounterparty, NewLicence};
    use ehs_ledger::waste::shipment;
    use ehs_ledger::waste::storage::{self, FacilityKind, NewFacility, StoreInput};
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    // The app inherits the environment through tauri-driver and WebKitWebDriver.
    std::env::set_var("EHS_LEDGER_EXPORT_DIR", &exports);
    let db = seeded_plant(dir.path());
    let receiver_id = {
        let mut store = Store::open(&db).unwrap();
        let admin = ehs_ledger::plant::users::session_for(store.conn(), "admin").unwrap();
        let now = Utc::now();
        let f = NewFacility {
            code: "TS-E2E".into(),
            name: "危废暂存库E2E".into(),
            kind: FacilityKind::Store,
            capacity_t: None,
            max_storage_days: None,
        };
        storage::add_facility(&mut store, &admin, f, now).unwrap();
        let g = GenerationInput {
            stream_id: None,
            code: Some("900-249-08".into()),
            quantity: "182.4".into(),
            unit: MassUnit::Kg,
            container_id: "E2E-DRUM-1".into(),
            storage_area: "车间".into(),
            generated_at_local: None,
            details: Default::default(),
        };
        generation::record(&mut store, &admin, g, now).unwrap();
        let s = StoreInput {
            facility: "TS-E2E".into(),
            container_id: "E2E-DRUM-1".into(),
            generation_batch: None,
            moved_at_local: None,
            handlers: Default::default(),
        };
        storage::store_container(&mut store, &admin, s, now).unwrap();
        let party = NewCounterparty {
            kind: receiver::CounterpartyKind::Receiver,
            name: "东江环保E2E".into(),
            uscc: None,
            address: "广东省惠州市".into(),
            contact: "李工".into(),
            phone: String::new(),
            region_code: None,
        };
        let r = receiver::add_counterparty(&mut store, &admin, party, now).unwrap();
        let l = NewLicence {
            counterparty: r.id.clone(),
            licence_no: "GD-HW-E2E-001".into(),
            licence_type: receiver::LicenceType::Comprehensive,
            valid_from: "2024-01-01".into(),
            valid_to: "2030-12-31".into(),
            categories: vec!["HW08".into()],
            codes: vec![],
            methods: vec!["D10".into()],
            annual_capacity_t: None,
        };
        receiver::add_licence(&mut store, &admin, l, now).unwrap();
        r.id
    };
    let driver = Driver::start();
    let c = open_app(&driver, &db).await;
    sign_in(&c, "admin", "e2e-password").await;
    click(&c, "nav-waste").await;
    click(&c, "tab-shipments").await;

    // Step 1: pick the container.
    click(&c, "ship-open").await;
    click(&c, "ship-container-E2E-DRUM-1").await;
    click(&c, "ship-next").await;
    // Step 2: manifest number, receiver, own transport and its vehicle (both required), method.
    wait(&c, "ship-manifest-no").await.send_keys("20264403000777").await.unwrap();
    choose(&c, "ship-receiver", &receiver_id).await;
    click(&c, "ship-own-transport").await;
    wait(&c, "ship-plate").await.send_keys("粤L12345").await.unwrap();
    wait(&c, "ship-method").await.send_keys("D10").await.unwrap();
    click(&c, "ship-next").await;
    // Step 3: review (the preview's total) and ship.
    let review = wait_text(&c, "ship-review-total", |t| t.contains("182.400")).await;
    screenshot(&c, "ship-review").await;
    assert!(review.contains("182.400"), "{review}");
    click(&c, "ship-submit").await;
    click(&c, "ship-print").await;
    let shown = wait_text(&c, "ship-result", |t| t.contains(".pdf")).await;
    screenshot(&c, "ship-result").await;
    assert!(shown.contains("20264403000777"), "result: {shown}");

    // The manifest PDF the app wrote, opened and read back.
    let pdf = std::fs::read_dir(&exports)
        .expect("the export folder exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "pdf"))
        .expect("a PDF in the export folder");
    assert!(shown.contains(&*pdf.display().to_string()), "the window shows where it saved: {shown}");
    let out = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().expect("pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("危险废物转移联单"), "title in {text}");
    assert!(text.contains("20264403000777") && text.contains("东江环保E2E") && text.contains("E2E-DRUM-1"), "{text}");
    assert!(text.contains("182.400"), "shipped kg: {text}");

    // The database: the container left stock, the manifest is in transit.
    let store = Store::connect(&db).unwrap();
    assert!(storage::balances(store.conn(), None).unwrap().is_empty(), "nothing left in stock");
    let today =
        ehs_ledger::time::local_date(Utc::now(), ehs_ledger::plant::require(store.conn()).unwrap().tz().unwrap());
    let s = shipment::by_ref(store.conn(), "20264403000777", today).unwrap();
    assert_eq!((s.status, s.lines.len(), s.total_kg.as_str()), (shipment::ShipmentStatus::InTransit, 1, "182.400"));
    drop(store);

    // Issue 9 item 1: the receiver rejects the drum; confirming with its line rejected brings it
    // back into stock with its storage clock from generation, and nothing counts as outsourced.
    click(&c, "ship-close").await;
    gone(&c, "ship-result").await;
    click_in_row(&c, "shipment-row", "20264403000777", "shipment-confirm").await;
    click(&c, "confirm-reject-E2E-DRUM-1").await;
    wait(&c, "confirm-note").await.send_keys("桶体渗漏，接收单位拒收").await.unwrap();
    screenshot(&c, "confirm-rejected-line").await;
    click(&c, "confirm-submit").await;
    gone(&c, "confirm-dialog").await;
    let row = row_text(&c, "shipment-row", "20264403000777", |t| t.contains("被拒收")).await;
    assert!(row.contains("被拒收"), "{row}");
    click_in_row(&c, "shipment-row", "20264403000777", "shipment-expand").await;
    let back = wait_text(&c, "shipment-line-rejected", |t| t.contains("HWRK")).await;
    screenshot(&c, "shipment-rejected-back-in-stock").await;
    let store = Store::connect(&db).unwrap();
    let balances = storage::balances(store.conn(), None).unwrap();
    assert_eq!(balances.iter().map(|b| b.stock_kg.as_str()).collect::<Vec<_>>(), vec!["182.400"], "back in stock");
    let s = shipment::by_ref(store.conn(), "20264403000777", today).unwrap();
    assert_eq!((s.status, s.accepted_total_g), (shipment::ShipmentStatus::Rejected, 0));
    assert!(back.contains(s.lines[0].return_batch.as_deref().unwrap()), "{back}");
    let limits = storage::plant_limits(store.conn()).unwrap();
    let stocked = storage::stocked_containers(store.conn(), today, limits).unwrap();
    assert_eq!(stocked[0].container_id, "E2E-DRUM-1");
    assert_eq!(stocked[0].started_on, Some(today), "the clock still runs from the day it was generated");
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn solid_waste_outbound_moves_the_gri_figures_and_a_container_label_prints() {
    use ehs_ledger::waste::solid;
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    std::env::set_var("EHS_LEDGER_EXPORT_DIR", &exports);
    // The demo plant: USCC set, hazardous containers in store, four solid-waste streams.
    let db = dir.path().join("demo.sqlite3");
    let stream_id = {
        let mut store = Store::open(&db).unwrap();
        ehs_ledger::demo::seed(&mut store, Utc::now(), 2).unwrap();
        solid::stream(store.conn(), "stream", "398-002-S07").unwrap().id
    };
    let driver = Driver::start();
    let c = open_app(&driver, &db).await;
    sign_in(&c, ehs_ledger::demo::DEMO_ADMIN.0, ehs_ledger::demo::DEMO_ADMIN.1).await;
    click(&c, "nav-waste").await;
    // The management category and the next filing are above the tabs.
    let category = wait_text(&c, "category-name", |t| !t.is_empty()).await;
    assert!(category.contains("管理"), "category: {category}");

    // General solid waste: 2.5 t of scrap metal generated, then 2.5 t sent for reuse.
    click(&c, "tab-solid").await;
    let before = wait_text(&c, "gri-rate-gri", |t| !t.is_empty()).await;
    click(&c, "sw-generation-open").await;
    choose(&c, "sw-rec-stream", &stream_id).await;
    wait(&c, "sw-rec-quantity").await.send_keys("2.5").await.unwrap();
    click(&c, "sw-rec-submit").await;
    gone(&c, "sw-record-dialog").await;
    click(&c, "sw-outbound-open").await;
    choose(&c, "sw-rec-stream", &stream_id).await;
    // More than in store is refused under the quantity field, and nothing is written.
    wait(&c, "sw-rec-quantity").await.send_keys("99999").await.unwrap();
    choose(&c, "sw-rec-route", "reuse").await;
    wait(&c, "sw-rec-receiver").await.send_keys("深圳市模具再制造中心").await.unwrap();
    click(&c, "sw-rec-submit").await;
    wait(&c, "error-quantity").await;
    let q = wait(&c, "sw-rec-quantity").await;
    q.clear().await.unwrap();
    q.send_keys("2.5").await.unwrap();
    click(&c, "sw-rec-submit").await;
    let after = wait_text(&c, "gri-rate-gri", |t| t.contains('%') && t != before).await;
    gone(&c, "sw-record-dialog").await;
    // The rate also moves with the generation alone: wait for the reuse batch itself in the
    // route legend (the demo month has no reuse otherwise) and the streams table.
    row_text(&c, "gri-legend-item", "再使用", |t| t.contains("2.500 t")).await;
    screenshot(&c, "solid-gri").await;
    let rows = texts(&c, "sw-record-row").await;
    assert!(rows.iter().any(|r| r.contains("深圳市模具再制造中心") && r.contains("2.5")), "{rows:?}");
    {
        let store = Store::connect(&db).unwrap();
        let today =
            ehs_ledger::time::local_date(Utc::now(), ehs_ledger::plant::require(store.conn()).unwrap().tz().unwrap());
        let recs = solid::list(store.conn(), today, today, true).unwrap();
        let reuse: Vec<_> = recs.iter().filter(|r| r.route == Some(ehs_ledger::waste::gri::Route::Reuse)).collect();
        assert_eq!(reuse.len(), 1, "one outbound batch, the refused one was not written: {recs:?}");
        assert_eq!((reuse[0].quantity_g, reuse[0].receiver_name.as_str()), (2_500_000, "深圳市模具再制造中心"));
        let g = ehs_ledger::waste::gri::disclosure(store.conn(), today, today).unwrap();
        assert!(g.diverted_g >= 2_500_000, "{g:?}");
        assert_ne!(before, after, "the diversion rate moved");
        // The streams table shows the stock after the batch left.
        // Shown without the zeros past the kilogram (exact: 12.500000 t reads 12.500 t).
        let exact = solid::stream(store.conn(), "stream", "398-002-S07").unwrap().stock_t;
        let (whole, frac) = exact.split_once('.').unwrap();
        let frac = frac.trim_end_matches('0');
        let stock = format!("{whole}.{frac:0<3} t");
        let row = row_text(&c, "sw-stream-row", "398-002-S07", |t| t.contains(&stock)).await;
        assert!(row.contains(&stock), "stock {stock} in {row}");
    }

    // A label for the lamp drum from the inventory: the PDF carries its 37-character ID.
    click(&c, "tab-inventory").await;
    wait(&c, "containers-table").await;
    // HJ 1276-2022 sizes the label by the container's volume: a first print asks for it.
    choose(&c, "labels-band", "up_to_50l").await;
    click_in_row(&c, "container-row", "L-LAMP-01", "label-print").await;
    let shown = wait_text(&c, "labels-result", |t| t.contains(".pdf")).await;
    screenshot(&c, "label-printed").await;
    let pdf = std::fs::read_dir(&exports)
        .expect("the export folder exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "pdf"))
        .expect("a PDF in the export folder");
    assert!(shown.contains(&*pdf.display().to_string()), "{shown}");
    let out = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().expect("pdftotext");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("危险废物") && text.contains("91440300MA5F0LH01B900023"), "{text}");
    let info = std::process::Command::new("pdfinfo").arg(&pdf).output().expect("pdfinfo");
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("283.465 x 283.465 pts"), "a 100 × 100 mm label for ≤ 50 L: {info}");

    // The USCC the label used is a plant setting, shown (and editable) under Settings.
    click(&c, "nav-settings").await;
    let uscc = wait_text(&c, "setting-row-uscc", |t| t.contains("91440300")).await;
    assert!(uscc.contains("91440300MA5F0LH01B"), "{uscc}");
    wait(&c, "calendar-form").await;
    screenshot(&c, "settings").await;
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn record_tables_show_last_month_narrowed_to_a_code_and_export_every_row() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    use ehs_ledger::waste::export::{self, LedgerTable, Period};
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    std::env::set_var("EHS_LEDGER_EXPORT_DIR", &exports);
    let db = dir.path().join("demo.sqlite3");
    let last_month = {
        let mut store = Store::open(&db).unwrap();
        ehs_ledger::demo::seed(&mut store, Utc::now(), 2).unwrap();
        let today = ehs_ledger::time::local_date(Utc::now(), plant::require(store.conn()).unwrap().tz().unwrap());
        let first = today.with_day(1).unwrap().pred_opt().unwrap().with_day(1).unwrap();
        Period::month("month", &first.format("%Y-%m").to_string()).unwrap()
    };
    let core = |code: Option<&str>| {
        let store = Store::connect(&db).unwrap();
        export::ledger_view(store.conn(), &last_month, LedgerTable::B1Generation, code, 2000).unwrap()
    };
    let all = core(None);
    assert!(all.total_rows > 1, "the demo generated waste last month");

    let driver = Driver::start();
    let c = open_app(&driver, &db).await;
    sign_in(&c, ehs_ledger::demo::DEMO_ADMIN.0, ehs_ledger::demo::DEMO_ADMIN.1).await;
    click(&c, "nav-waste").await;
    click(&c, "tab-tables").await;
    wait_text(&c, "tables-title", |t| t.contains("表B.1")).await;
    click(&c, "tables-last-month").await;
    // The window shows what the core computes for last month: the same footer, the same rows.
    let footer = wait_text(&c, "tables-footer", |t| t.contains(&all.footer[0])).await;
    assert!(footer.contains(&all.footer[0]), "{footer}");
    assert_eq!(texts(&c, "tables-row").await.len(), all.rows.len());

    // Narrow to the code of the first row by clicking it.
    let code = all.rows[0][6].clone();
    let only = core(Some(&code));
    assert!(only.total_rows < all.total_rows, "the demo has more than one code");
    click(&c, "tables-code-cell").await;
    wait_text(&c, "tables-footer", |t| t.contains(&only.footer[0])).await;
    let rows = texts(&c, "tables-row").await;
    assert_eq!(rows.len(), only.rows.len());
    assert!(rows.iter().all(|r| r.contains(&code)), "{rows:?}");
    screenshot(&c, "record-tables").await;

    // Export the table on screen: one sheet, every row of that code, read back.
    click(&c, "tables-export-xlsx").await;
    let shown = wait_text(&c, "tables-export-result", |t| t.contains(".xlsx")).await;
    let path = std::fs::read_dir(&exports)
        .expect("the export folder exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "xlsx"))
        .expect("an xlsx in the export folder");
    assert!(shown.contains(&*path.display().to_string()), "{shown}");
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(wb.sheet_names(), vec!["B.1 产生".to_string()]);
    let sheet = wb.worksheet_range("B.1 产生").unwrap();
    let codes: Vec<String> = sheet
        .rows()
        .filter_map(|r| match (r.first(), r.get(6)) {
            (Some(Data::Float(_) | Data::Int(_)), Some(Data::String(s))) => Some(s.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(codes.len() as u32, only.total_rows, "every row of the code, numbered");
    assert!(codes.iter().all(|x| *x == code), "{codes:?}");

    // The demo's monthly pick-ups went under manifests; the newest await the receiver.
    click(&c, "tab-shipments").await;
    let pending = {
        let store = Store::connect(&db).unwrap();
        let today = ehs_ledger::time::local_date(Utc::now(), plant::require(store.conn()).unwrap().tz().unwrap());
        ehs_ledger::waste::shipment::pending_alerts(store.conn(), today).unwrap().len()
    };
    assert!(pending > 0);
    row_text(&c, "shipment-row", "深圳市绿环危废处置有限公司", |_| true).await;
    row_text(&c, "shipping-alert-row", "深圳市绿环危废处置有限公司", |_| true).await;
    assert_eq!(texts(&c, "shipping-alert-row").await.len(), pending, "one alert per pending manifest");
    screenshot(&c, "demo-shipments").await;

    // A take-out on its own must say where the waste goes (B.3 去向); nothing is written without.
    click(&c, "tab-inventory").await;
    click_in_row(&c, "container-row", "L-LAMP-01", "takeout-open").await;
    click(&c, "takeout-submit").await;
    wait(&c, "error-destination").await;
    screenshot(&c, "takeout-destination").await;
    {
        let store = Store::connect(&db).unwrap();
        let n: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM waste_movement WHERE container_id = 'L-LAMP-01' AND kind = 'out_of_storage'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 0);
    }
    click(&c, "takeout-cancel").await;
    gone(&c, "takeout-dialog").await;
    click(&c, "tab-tables").await;

    // In English the controls are translated; the table keeps the official Chinese headings.
    click(&c, "lang-switch").await;
    wait_text(&c, "tab-tables", |t| t == "Record tables").await;
    wait_text(&c, "tables-last-month", |t| t == "Last month").await;
    assert!(texts(&c, "tables-title").await[0].contains("表B.1"));
    screenshot(&c, "record-tables-en").await;
    c.close().await.unwrap();
}
