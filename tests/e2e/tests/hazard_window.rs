//! Real-window E2E of the hazards loop (issue 13 item 8): the inspector captures a hazard with a
//! photo (the file sent through the capture form's photo input) and assigns it to the workshop
//! lead; the lead, signed in as himself, rectifies it with an after photo and is not offered the
//! verification of his own work; the inspector, signed in again, verifies and closes it (销号);
//! the KPI tab's closed count moves by one. The database is checked at each step.

use chrono::{Datelike, Duration, Utc};
use ehs_ledger::hazards::kpi;
use ehs_ledger::Store;
use ehs_ledger_e2e::{
    choose, click, click_for, gone, open_app, screenshot, set_date, sign_in, wait, wait_text, Driver,
};
use fantoccini::Locator;

const INSPECTOR: (&str, &str) = ("zhao.min", "demo-insp-2025");
const LEAD: (&str, &str) = ("chen.gang", "demo-lead-2025");

/// A 640 × 480 JPEG with a gradient (a real, decodable photo).
fn photo(path: &std::path::Path, shade: u8) {
    let img = image::RgbImage::from_fn(640, 480, |x, y| image::Rgb([(x / 3) as u8, (y / 2) as u8, shade]));
    img.save_with_format(path, image::ImageFormat::Jpeg).unwrap();
}

fn photos_of(db: &std::path::Path, number: &str) -> Vec<String> {
    let store = Store::open(db).unwrap();
    let mut stmt = store
        .conn()
        .prepare(
            "SELECT p.stage FROM hazard_photo p JOIN hazard h ON h.id = p.hazard_id
             WHERE h.number = ?1 AND p.voided_at IS NULL ORDER BY p.stage",
        )
        .unwrap();
    let rows = stmt.query_map([number], |r| r.get::<_, String>(0)).unwrap();
    rows.map(Result::unwrap).collect()
}

fn status_of(db: &std::path::Path, number: &str) -> String {
    let store = Store::open(db).unwrap();
    store
        .conn()
        .query_row(
            "SELECT s.status FROM hazard_state s JOIN hazard h ON h.id = s.hazard_id WHERE h.number = ?1",
            [number],
            |r| r.get(0),
        )
        .unwrap()
}

async fn sign_out(c: &fantoccini::Client) {
    click(c, "signout").await;
    wait(c, "signin-username").await;
}

/// Opens the card of `number` on the board (or in my tasks) and waits for its detail panel.
async fn open_card(c: &fantoccini::Client, number: &str) {
    click_for(c, &format!("hazard-card-{number}"), "hazard-detail").await;
    wait_text(c, "hazard-detail", |t| t.contains(number)).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hazard_captured_with_a_photo_is_rectified_by_one_user_verified_by_another_and_closed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    let (lead_id, today, closed_before) = {
        let mut store = Store::open(&db).unwrap();
        ehs_ledger::demo::seed(&mut store, Utc::now(), 2).unwrap();
        let lead: String =
            store.conn().query_row("SELECT id FROM app_user WHERE username = ?1", [LEAD.0], |r| r.get(0)).unwrap();
        let today = ehs_ledger::plant::today(store.conn(), Utc::now()).unwrap();
        let first = today.with_day(1).unwrap();
        (lead, today, kpi::kpis(store.conn(), first, today).unwrap().closed)
    };
    let before_jpg = dir.path().join("现场-整改前.jpg");
    let after_jpg = dir.path().join("现场-整改后.jpg");
    photo(&before_jpg, 40);
    photo(&after_jpg, 200);

    let driver = Driver::start();
    let c = open_app(&driver, &db).await;

    // 1. The inspector captures the hazard with its photo.
    sign_in(&c, INSPECTOR.0, INSPECTOR.1).await;
    click(&c, "nav-hazards").await;
    click_for(&c, "hazards-tab-capture", "hazard-capture").await;
    wait(&c, "capture-area").await.send_keys("冲压车间").await.unwrap();
    wait(&c, "capture-equipment").await.send_keys("E2E-200T 冲床").await.unwrap();
    wait(&c, "capture-category").await.send_keys("机械伤害").await.unwrap();
    wait(&c, "capture-description").await.send_keys("E2E 光电保护装置被短接").await.unwrap();
    choose(&c, "capture-lec-l", "3").await;
    choose(&c, "capture-lec-e", "6").await;
    choose(&c, "capture-lec-c", "15").await;
    let lec = wait_text(&c, "capture-lec-result", |t| t.contains("270")).await;
    assert!(lec.contains("270"), "D = 3 × 6 × 15 = 270: {lec}");
    wait(&c, "capture-photo-zone-file").await.send_keys(before_jpg.to_str().unwrap()).await.unwrap();
    wait(&c, "pending-photo").await;
    screenshot(&c, "hazard-capture").await;
    click(&c, "capture-submit").await;
    let saved = wait_text(&c, "capture-saved", |t| t.contains("YH-")).await;
    let number: String = saved
        .split_whitespace()
        .flat_map(|w| w.split(['：', ':', '，', ',', '（', '(', '）', ')']))
        .find(|w| w.starts_with("YH-"))
        .unwrap_or_else(|| panic!("no hazard number in {saved:?}"))
        .to_string();
    // The photo is attached once the hazard is saved.
    let mut attached = Vec::new();
    for _ in 0..50 {
        attached = photos_of(&db, &number);
        if !attached.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert_eq!(attached, ["before"], "the captured photo is stored as the before photo of {number}");

    // 2. … and assigns it to the workshop lead.
    click_for(&c, "hazards-tab-board", "hazard-board").await;
    open_card(&c, &number).await;
    click_for(&c, "hazard-action-assign", "hazard-assign-dialog").await;
    choose(&c, "hazard-assign-assignee", &lead_id).await;
    wait(&c, "hazard-assign-department").await.send_keys("冲压车间").await.unwrap();
    set_date(&c, "hazard-assign-deadline", &(today + Duration::days(7)).to_string()).await;
    wait(&c, "hazard-assign-measures").await.send_keys("恢复光电保护，加装双手按钮").await.unwrap();
    click(&c, "hazard-assign-submit").await;
    gone(&c, "hazard-assign-dialog").await;
    assert_eq!(status_of(&db, &number), "assigned");
    sign_out(&c).await;

    // 3. The lead rectifies it from his tasks, with the after photo; he is not offered the
    //    verification of his own work.
    sign_in(&c, LEAD.0, LEAD.1).await;
    click(&c, "nav-hazards").await;
    click_for(&c, "hazards-tab-tasks", &format!("task-open-{number}")).await;
    click_for(&c, &format!("task-open-{number}"), "hazard-detail").await;
    wait_text(&c, "hazard-detail", |t| t.contains(&number)).await;
    click_for(&c, "hazard-action-rectify", "hazard-rectify-dialog").await;
    wait(&c, "hazard-rectify-text").await.send_keys("已恢复光电保护并加装双手按钮").await.unwrap();
    click(&c, "hazard-rectify-submit").await;
    gone(&c, "hazard-rectify-dialog").await;
    assert_eq!(status_of(&db, &number), "rectified");
    wait(&c, "photo-zone-after-file").await.send_keys(after_jpg.to_str().unwrap()).await.unwrap();
    let mut stages = Vec::new();
    for _ in 0..50 {
        stages = photos_of(&db, &number);
        if stages.len() == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert_eq!(stages, ["after", "before"], "the after photo is stored beside the before one");
    wait_text(&c, "hazard-detail", |t| t.contains("已整改") || t.contains("整改完成")).await;
    assert!(
        c.find(Locator::Css("[data-testid=\"hazard-action-verify\"]")).await.is_err(),
        "the rectifier is not offered the verification of his own work"
    );
    screenshot(&c, "hazard-rectified").await;
    sign_out(&c).await;

    // 4. The inspector verifies it and closes it (销号).
    sign_in(&c, INSPECTOR.0, INSPECTOR.1).await;
    click(&c, "nav-hazards").await;
    wait(&c, "hazard-board").await;
    open_card(&c, &number).await;
    click_for(&c, "hazard-action-verify", "hazard-verify-dialog").await;
    click(&c, "hazard-verify-pass").await;
    wait(&c, "hazard-verify-text").await.send_keys("现场验收合格").await.unwrap();
    click(&c, "hazard-verify-submit").await;
    gone(&c, "hazard-verify-dialog").await;
    assert_eq!(status_of(&db, &number), "verified");
    click_for(&c, "hazard-action-close", "hazard-close-dialog").await;
    wait(&c, "hazard-close-text").await.send_keys("销号").await.unwrap();
    click(&c, "hazard-close-submit").await;
    gone(&c, "hazard-close-dialog").await;
    assert_eq!(status_of(&db, &number), "closed");
    let closed_col = wait_text(&c, "hazard-column-closed", |t| t.contains(&number)).await;
    assert!(closed_col.contains(&number), "{closed_col}");
    screenshot(&c, "hazard-closed").await;

    // 5. The KPI tab: this month's closed count moved by one.
    click_for(&c, "hazards-tab-kpi", "kpi-closed").await;
    let want = (closed_before + 1).to_string();
    // The tile reads its label then the number ("销号1").
    let digits = |t: &str| t.chars().filter(char::is_ascii_digit).collect::<String>();
    let tile = wait_text(&c, "kpi-closed", |t| digits(t) == want).await;
    assert_eq!(digits(&tile), want, "closed {closed_before} → {want}: {tile}");
    screenshot(&c, "hazard-kpi").await;
    {
        let store = Store::open(&db).unwrap();
        ehs_ledger::hazards::hazard::check(store.conn()).unwrap();
        let events: Vec<(String, String)> = {
            let mut stmt = store
                .conn()
                .prepare(
                    "SELECT e.kind, u.username FROM hazard_event e JOIN hazard h ON h.id = e.hazard_id
                     JOIN app_user u ON u.id = e.actor WHERE h.number = ?1 ORDER BY e.seq",
                )
                .unwrap();
            let rows = stmt.query_map([&number], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
            rows.map(Result::unwrap).collect()
        };
        let kinds: Vec<(&str, &str)> = events.iter().map(|(k, u)| (k.as_str(), u.as_str())).collect();
        assert_eq!(
            kinds,
            [("assigned", INSPECTOR.0), ("rectified", LEAD.0), ("verified", INSPECTOR.0), ("closed", INSPECTOR.0)],
            "each step by the user signed in at the time"
        );
    }
}
