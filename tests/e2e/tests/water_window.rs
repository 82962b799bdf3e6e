//! Real-window E2E of the wastewater screen (issue 12 item 9): an HJ 212 log imported through the
//! window (its file as raw bytes), the result's counts, then the chart of the imported day with
//! its exceedances marked, and the exceedance in the list with its multiple of the limit.

use chrono::Utc;
use ehs_ledger::water::hj212;
use ehs_ledger::water::outfall::{
    self, DischargeMode, Frequency, MonitoringMethod, NewLimit, NewOutfall, NewParam, UnitClass,
};
use ehs_ledger::Store;
use ehs_ledger_e2e::{choose, click, open_app, screenshot, set_date, sign_in, wait, wait_text, Driver};

fn param(code: &str, limit: Option<&str>) -> NewParam {
    NewParam {
        code: code.into(),
        name: None,
        method: MonitoringMethod::Online,
        frequency: Frequency::Continuous,
        factor_code: None,
        limits: limit
            .map(|l| NewLimit {
                upper: Some(l.into()),
                lower: None,
                months: None,
                valid_from: "2020-01-01".into(),
                basis: String::new(),
            })
            .into_iter()
            .collect(),
    }
}

/// 24 hourly packets of 2025-06-10 (plant time): COD 80 mg/L, three hours at 150 over its 100.
fn log() -> String {
    let mut out = String::new();
    for h in 0..24 {
        let cod = if (9..12).contains(&h) { 150 } else { 80 };
        let data = format!(
            "QN=20250610{h:02}0000000;ST=32;CN=2061;PW=123456;MN=E2E-MN-01;Flag=4;CP=&&DataTime=20250610{h:02}0000;w01018-Avg={cod},w01018-Flag=N;w00000-Cou=50,w00000-Flag=N&&"
        );
        out.push_str(&format!("##{:04}{data}{:04X}\r\n", data.len(), hj212::crc16(data.as_bytes())));
    }
    // One damaged packet: refused with its reason, the rest imported.
    out.push_str("##0010QN=1;CN=20FFFF\r\n");
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn an_hj212_log_imported_in_the_window_shows_on_the_chart_with_its_exceedances() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    {
        let mut store = Store::open(&db).unwrap();
        ehs_ledger::demo::seed(&mut store, Utc::now(), 2).unwrap();
        let admin = ehs_ledger::plant::users::first_admin(store.conn()).unwrap();
        outfall::add(
            &mut store,
            &admin,
            NewOutfall {
                code: "DW-E2E".into(),
                name: "E2E 排口".into(),
                discharge_mode: DischargeMode::Direct,
                unit_class: UnitClass::Key,
                receiving: String::new(),
                permit_no: String::new(),
                permit_expires_on: None,
                mn: Some("E2E-MN-01".into()),
                params: vec![param("cod", Some("100")), param("flow", None)],
            },
            Utc::now(),
        )
        .unwrap();
    }
    let file = dir.path().join("数采仪-2025-06-10.log");
    std::fs::write(&file, log()).unwrap();

    let driver = Driver::start();
    let c = open_app(&driver, &db).await;
    sign_in(&c, ehs_ledger::demo::DEMO_ADMIN.0, ehs_ledger::demo::DEMO_ADMIN.1).await;
    click(&c, "nav-water").await;
    click(&c, "water-tab-import").await;
    choose(&c, "water-import-format", "hj212").await;
    wait(&c, "water-import-file").await.send_keys(file.to_str().unwrap()).await.unwrap();
    click(&c, "water-import-run").await;
    let packets = wait_text(&c, "water-import-packets", |t| t.contains("接收")).await;
    assert!(packets.contains("接收 24") && packets.contains("拒收 1"), "{packets}");
    let readings = wait_text(&c, "water-import-readings", |t| !t.is_empty()).await;
    assert!(readings.contains("新增 48"), "{readings}");
    let x = wait_text(&c, "water-import-exceedances", |t| !t.is_empty()).await;
    assert!(x.contains('3'), "{x}");
    screenshot(&c, "water-import").await;
    {
        let store = Store::open(&db).unwrap();
        let n: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM water_exceedance x JOIN water_param p ON p.id = x.param_id WHERE p.code = 'cod' AND x.local_date = '2025-06-10'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 3, "the window's import recorded the exceedances");
    }

    // The chart of that day: 24 hourly values, 3 exceedances marked, drawn by uPlot.
    click(&c, "water-tab-chart").await;
    let outfall_id: String = {
        let store = Store::open(&db).unwrap();
        store.conn().query_row("SELECT id FROM water_outfall WHERE code = 'DW-E2E'", [], |r| r.get(0)).unwrap()
    };
    choose(&c, "chart-outfall", &outfall_id).await;
    set_date(&c, "chart-from", "2025-06-10").await;
    set_date(&c, "chart-to", "2025-06-10").await;
    let info = wait_text(&c, "chart-info", |t| t.contains("超标 3")).await;
    assert!(info.contains("DW-E2E") && info.contains("24"), "{info}");
    // uPlot draws after the series arrives: wait for its canvas.
    let mut drawn = false;
    for _ in 0..100 {
        if c.find(fantoccini::Locator::Css("[data-testid=water-chart] canvas")).await.is_ok() {
            drawn = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(drawn, "uPlot drew the chart");
    screenshot(&c, "water-chart").await;

    // The exceedance list names the multiple of the limit (1.5 ×, 超标 0.50 倍).
    click(&c, "water-tab-exceedances").await;
    set_date(&c, "exceedances-from", "2025-06-01").await;
    set_date(&c, "exceedances-to", "2025-06-30").await;
    let list = wait_text(&c, "water-exceedances", |t| t.contains("DW-E2E")).await;
    assert!(list.contains("1.500") && list.contains("0.50"), "{list}");
    screenshot(&c, "water-exceedances").await;
}
