//! Real-window E2E of HQ mode (issue 11 item 9): an HQ database with two plants registered with
//! the keys of real plant databases; in the window the analyst signs in, imports a USB folder of
//! the plants' packets (by its path, as a drop hands it over), sees the weeks on the grid,
//! returns one week with a comment (the decision and the signed return are stored), and exports
//! the KPI appendix to Excel — the test reads the workbook back and compares every figure of the
//! hazardous-waste row with the core's appendix.

#[path = "../../common/mod.rs"]
mod common;

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::hq::hq;
use common::week_plant::{gen, now as plant_now, plant_coded};
use ehs_ledger::hq::appendix::{self, View};
use ehs_ledger::plant::Jurisdiction;
use ehs_ledger::sync::packets;
use ehs_ledger_e2e::{attr, click, open_app, screenshot, sign_in, wait, wait_attr, Driver};

#[tokio::test(flavor = "multi_thread")]
async fn hq_imports_a_folder_returns_a_week_and_exports_the_appendix() {
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    std::env::set_var("EHS_LEDGER_EXPORT_DIR", &exports);
    // Two plants, three weeks each, exported to one folder (a USB stick).
    let usb = dir.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    let mut q = hq();
    for (code, seg, kg) in [("SZ01", "PHONE", "94.42"), ("BJ02", "EV", "12.5")] {
        let mut p = plant_coded(code, "Asia/Shanghai", Jurisdiction::CN);
        for (i, day) in ["2026-03-03", "2026-03-10", "2026-03-17"].iter().enumerate() {
            gen(&mut p, &format!("{code}-{i}"), "900-249-08", kg, &format!("{day}T09:00"), true);
        }
        let a = p.admin.clone();
        for w in ["2026-W10", "2026-W11", "2026-W12"] {
            packets::export(&mut p.store, &a, w, &usb, plant_now()).unwrap();
        }
        q.register(&p, seg, "2020-01-01");
    }
    let db = q.path();
    let expected = appendix::compute(q.store.conn(), 2026, View::All).unwrap();
    assert_eq!(expected.rows[0].group.exact, None, "nothing imported yet");
    drop(q.store);

    let driver = Driver::start();
    let c = open_app(&driver, &db).await;
    sign_in(&c, "hqadmin", common::ADMIN_PASSWORD).await;
    wait(&c, "header-group").await;

    // Import the folder by its path.
    click(&c, "hq-tab-import").await;
    wait(&c, "hq-import-path").await.send_keys(usb.to_str().unwrap()).await.unwrap();
    click(&c, "hq-import-run").await;
    wait_attr(&c, "hq-import-summary", "data-accepted", "6", 30).await;
    assert_eq!(attr(&c, "hq-import-summary", "data-rejected").await, "0");
    screenshot(&c, "hq-import").await;

    // The grid: the weeks received; return SZ01's 2026-W11 with a comment.
    click(&c, "hq-tab-grid").await;
    wait_attr(&c, "hq-cell-SZ01-2026-W11", "data-state", "received", 15).await;
    assert_eq!(attr(&c, "hq-cell-BJ02-2026-W12", "data-state").await, "received");
    assert_eq!(attr(&c, "hq-cell-SZ01-2026-W09", "data-state").await, "missing");
    screenshot(&c, "hq-grid").await;
    click(&c, "hq-cell-SZ01-2026-W11").await;
    wait(&c, "hq-week-panel").await;
    let comment = "94.42 kg 两周相同，请核对磅单";
    wait(&c, "hq-return-comment").await.send_keys(comment).await.unwrap();
    click(&c, "hq-return").await;
    let saved = wait(&c, "hq-return-saved").await;
    let path = saved.attr("data-path").await.unwrap().expect("the signed return's path");
    assert!(std::path::Path::new(&path).exists(), "{path}");
    wait_attr(&c, "hq-cell-SZ01-2026-W11", "data-state", "returned", 15).await;
    screenshot(&c, "hq-returned").await;

    // The appendix exported to Excel.
    click(&c, "hq-tab-appendix").await;
    wait(&c, "hq-appendix-table").await;
    click(&c, "hq-appendix-export-xlsx").await;
    let saved = wait(&c, "hq-appendix-saved").await;
    let xlsx = saved.attr("data-path").await.unwrap().expect("the workbook's path");
    screenshot(&c, "hq-appendix").await;
    c.close().await.unwrap();

    // What the window did is in the database: the return with its comment, and the figures.
    let store = ehs_ledger::Store::open(&db).unwrap();
    let (action, said): (String, String) =
        store.conn().query_row("SELECT action, comment FROM hq_review", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!((action.as_str(), said.as_str()), ("return", comment));
    let ap = appendix::compute(store.conn(), 2026, View::All).unwrap();
    let hw = ap.rows.iter().find(|r| r.key == "hw_generated_g").unwrap();
    assert_eq!(hw.group.exact, Some(3 * 94_420 + 3 * 12_500));
    let mut wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let sheet = wb.worksheet_range_at(0).unwrap().unwrap();
    let row = sheet
        .rows()
        .find(|r| r.first().map(|c| c.to_string()).is_some_and(|t| t == hw.label_zh || t == hw.label_en))
        .expect("the hazardous-waste row");
    let num = |d: &Data| match d {
        Data::Float(f) => format!("{f:.2}"),
        other => other.to_string(),
    };
    assert_eq!(num(&row[3]), hw.group.text, "group total");
    assert_eq!(num(&row[4]), hw.segments[0].text, "PHONE");
    assert_eq!(num(&row[5]), hw.segments[1].text, "EV");
}
