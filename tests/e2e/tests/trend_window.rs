//! Real-window E2E of the 产生趋势 tab: the weekly chart and the running total against the
//! category thresholds drawn on real canvases (uPlot) from the core's ISO-week figures,
//! drag-to-zoom and reset, the weeks table, and the English labels.

use chrono::{Duration, Utc};
use ehs_ledger::waste::trend;
use ehs_ledger::Store;
use ehs_ledger_e2e::{click, click_for, grouped, open_app, screenshot, sign_in, texts, wait, wait_text, Driver};
use serde_json::Value;

/// Counts the pixels of a chart's canvas that are not blank (uPlot draws on one canvas).
const PAINTED: &str = "const c = document.querySelector(`[data-testid=\"${arguments[0]}\"] canvas`); \
    if (!c || !c.width || !c.height) return -1; \
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; \
    let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n;";

/// Drags across the middle third of the plot, as a user selecting weeks to zoom into.
const DRAG: &str = "const o = document.querySelector('[data-testid=\"trend-chart\"] .u-over'); \
    const r = o.getBoundingClientRect(); const y = r.top + r.height / 2; \
    const at = (type, x, target) => target.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, \
      clientX: x, clientY: y, movementX: 20, movementY: 0, button: 0, buttons: type === 'mouseup' ? 0 : 1, view: window })); \
    at('mousedown', r.left + r.width / 3, o); \
    at('mousemove', r.left + r.width / 2, o); at('mousemove', r.left + (2 * r.width) / 3, o); \
    at('mouseup', r.left + (2 * r.width) / 3, document); return r.width;";

/// The text of a chart's legend (uPlot's table under the canvas).
async fn legend_of(c: &fantoccini::Client, chart: &str) -> String {
    let script =
        "const l = document.querySelector(`[data-testid=\"${arguments[0]}\"] .u-legend`); return l ? l.innerText : '';";
    match c.execute(script, vec![Value::from(chart)]).await {
        Ok(Value::String(s)) => s,
        other => panic!("legend of {chart}: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn weekly_trend_is_drawn_from_the_cores_iso_weeks_and_zooms() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    // A year of the demo plant, and what the core says about the last 52 ISO weeks.
    let expected = {
        let mut store = Store::open(&db).unwrap();
        ehs_ledger::demo::seed(&mut store, Utc::now(), 12).unwrap();
        let tz = ehs_ledger::plant::require(store.conn()).unwrap().tz().unwrap();
        let today = ehs_ledger::time::local_date(Utc::now(), tz);
        let from = trend::monday_of(today) - Duration::weeks(51);
        trend::weekly_generation(store.conn(), from, today).unwrap()
    };
    assert_eq!(expected.weeks.len(), 52);
    assert!(expected.series.len() > 1 && expected.total_g > 0, "the demo generated waste");

    let driver = Driver::start();
    let c = open_app(&driver, &db).await;
    sign_in(&c, ehs_ledger::demo::DEMO_ADMIN.0, ehs_ledger::demo::DEMO_ADMIN.1).await;
    click(&c, "nav-waste").await;

    // The period and total the core computed.
    let total = grouped(&expected.total_kg);
    click_for(&c, "tab-trend", "trend-total").await; // (a screenshot if the tab never showed)
    let summary = wait_text(&c, "trend-total", |t| t.contains(&total)).await;
    assert!(summary.contains(&expected.from) && summary.contains("52"), "{summary}");
    // The weeks table: every ISO week, newest first, with the core's exact figures.
    wait(&c, "trend-week-row").await;
    let rows = texts(&c, "trend-week-row").await;
    assert_eq!(rows.len(), 52, "{rows:?}");
    let newest = expected.weeks.last().unwrap();
    assert!(rows[0].starts_with(&newest.week), "{:?} vs {}", rows[0], newest.week);
    let busiest = expected.weeks.iter().max_by_key(|w| w.total_g).unwrap();
    let row = rows.iter().find(|r| r.starts_with(&busiest.week)).expect("the busiest week's row");
    assert!(row.contains(&grouped(&busiest.total_kg)), "{row} vs {}", busiest.total_kg);

    // Both charts are really drawn: canvases with painted pixels, and legends naming the streams
    // and, for a year of the demo (≈ 300 t), both category lines and the weeks they were reached.
    for chart in ["trend-chart", "trend-cumulative"] {
        wait(&c, chart).await;
        let mut painted = -1;
        for _ in 0..50 {
            painted = c.execute(PAINTED, vec![Value::from(chart)]).await.unwrap().as_i64().unwrap_or(-1);
            if painted > 2_000 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(painted > 2_000, "the canvas of {chart} is blank ({painted} painted pixels)");
    }
    let legend = legend_of(&c, "trend-chart").await;
    assert!(legend.contains(&expected.series[0].name) && legend.contains("合计"), "{legend}");
    assert!(expected.total_g >= 100_000_000, "the demo year passes 100 t: {}", expected.total_kg);
    let legend = legend_of(&c, "trend-cumulative").await;
    assert!(legend.contains("简化管理线") && legend.contains("重点监管线") && legend.contains("首次达到"), "{legend}");
    screenshot(&c, "trend").await;
    for (id, name) in [("trend-cumulative", "trend-cumulative"), ("trend-weeks-table", "trend-weeks")] {
        let script = "document.querySelector(`[data-testid=\"${arguments[0]}\"]`).scrollIntoView({ block: 'start' });";
        c.execute(script, vec![Value::from(id)]).await.unwrap();
        screenshot(&c, name).await;
    }
    c.execute("window.scrollTo(0, 0); document.querySelector('.shell__main').scrollTop = 0;", vec![]).await.unwrap();

    // Drag across the plot: it zooms into those weeks, and 重置缩放 brings the whole range back.
    let reset = wait(&c, "trend-chart-reset").await;
    assert!(reset.attr("disabled").await.unwrap().is_some(), "nothing to reset yet");
    let width = c.execute(DRAG, vec![]).await.unwrap();
    assert!(matches!(width, Value::Number(_)), "{width}");
    let mut zoomed = false;
    for _ in 0..30 {
        if wait(&c, "trend-chart-reset").await.attr("disabled").await.unwrap().is_none() {
            zoomed = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(zoomed, "a drag across the plot zooms in (reset becomes available)");
    screenshot(&c, "trend-zoomed").await;
    click(&c, "trend-chart-reset").await;
    for _ in 0..30 {
        if wait(&c, "trend-chart-reset").await.attr("disabled").await.unwrap().is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(wait(&c, "trend-chart-reset").await.attr("disabled").await.unwrap().is_some(), "reset returns");

    // In English the tab, the legend's total and the buttons are translated.
    click(&c, "lang-switch").await;
    wait_text(&c, "tab-trend", |t| t == "Generation trend").await;
    wait_text(&c, "trend-chart-reset", |t| t == "Reset zoom").await;
    let legend = legend_of(&c, "trend-chart").await;
    assert!(legend.contains("Total"), "{legend}");
    screenshot(&c, "trend-en").await;
    c.close().await.unwrap();
}
